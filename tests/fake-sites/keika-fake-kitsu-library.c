/* keika-fake-kitsu-library.c: the fake Kitsu's library entries: the
 * reads, the routes of /library-entries, and generated and sample libraries
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "keika-fake-kitsu-private.h"

const char * const keika_fake_kitsu_statuses[] = {
  "current", "planned", "completed", "on_hold", "dropped", NULL
};

void
keika_fake_kitsu_entry_free (KitsuEntry *entry)
{
  g_free ((char *) entry->pub.status);
  g_free ((char *) entry->pub.notes);
  g_free ((char *) entry->pub.started_at);
  g_free ((char *) entry->pub.finished_at);
  g_free (entry);
}

/* A write time after every earlier one, so that updatedAt orders writes. */
gint64
keika_fake_kitsu_write_time (KeikaFakeKitsu *self)
{
  self->last_write_us = MAX (g_get_real_time (), self->last_write_us + 1000);

  return self->last_write_us;
}

/* An ISO 8601 time (or a date alone, at midnight UTC) in real µs; FALSE when
 * it is not one. */
gboolean
keika_fake_kitsu_parse_time (const char *text,
                             gint64     *real_us)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  int year, month, day;
  char end;

  if (text == NULL)
    return FALSE;
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL && sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3)
    time = g_date_time_new_utc (year, month, day, 0, 0, 0);
  if (time == NULL)
    return FALSE;

  *real_us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

/* Writing */

static void
write_optional_time (GString *out,
                     gint64   real_us)
{
  if (real_us == 0)
    g_string_append (out, "null");
  else
    keika_fake_kitsu_time (out, real_us);
}

static void
write_entry (KitsuDoc   *doc,
             GString    *out,
             KitsuEntry *entry)
{
  const KeikaFakeKitsuEntry *e = &entry->pub;
  const char *api = doc->self->api_url;
  gboolean first = TRUE;
  KitsuAnime *anime;

#define WANTS(name) keika_fake_kitsu_doc_wants (doc, "libraryEntries", name)
  g_string_append_printf (out, "{\"id\":\"%" G_GINT64_FORMAT "\",\"type\":\"libraryEntries\","
                          "\"links\":{\"self\":\"%s/library-entries/%" G_GINT64_FORMAT "\"},"
                          "\"attributes\":{", e->id, api, e->id);
  if (WANTS ("createdAt"))
    {
      keika_fake_json_member (out, &first, "createdAt");
      keika_fake_kitsu_time (out, entry->created_us);
    }
  if (WANTS ("updatedAt"))
    {
      keika_fake_json_member (out, &first, "updatedAt");
      keika_fake_kitsu_time (out, entry->updated_us);
    }
  if (WANTS ("status"))
    {
      keika_fake_json_member (out, &first, "status");
      keika_fake_json_string (out, e->status);
    }
  if (WANTS ("progress"))
    {
      keika_fake_json_member (out, &first, "progress");
      g_string_append_printf (out, "%u", e->progress);
    }
  if (WANTS ("volumesOwned"))
    {
      keika_fake_json_member (out, &first, "volumesOwned");
      g_string_append (out, "0");
    }
  if (WANTS ("reconsuming"))
    {
      keika_fake_json_member (out, &first, "reconsuming");
      g_string_append (out, e->reconsuming ? "true" : "false");
    }
  if (WANTS ("reconsumeCount"))
    {
      keika_fake_json_member (out, &first, "reconsumeCount");
      g_string_append_printf (out, "%u", e->reconsume_count);
    }
  if (WANTS ("notes"))
    {
      keika_fake_json_member (out, &first, "notes");
      keika_fake_json_string (out, e->notes);
    }
  if (WANTS ("private"))
    {
      keika_fake_json_member (out, &first, "private");
      g_string_append (out, e->is_private ? "true" : "false");
    }
  if (WANTS ("reactionSkipped"))
    {
      keika_fake_json_member (out, &first, "reactionSkipped");
      g_string_append (out, "\"unskipped\"");
    }
  if (WANTS ("progressedAt"))
    {
      keika_fake_json_member (out, &first, "progressedAt");
      write_optional_time (out, entry->progressed_us);
    }
  if (WANTS ("startedAt"))
    {
      keika_fake_json_member (out, &first, "startedAt");
      keika_fake_json_string (out, e->started_at);
    }
  if (WANTS ("finishedAt"))
    {
      keika_fake_json_member (out, &first, "finishedAt");
      keika_fake_json_string (out, e->finished_at);
    }
  /* The deprecated 0.5–10 rating, as the server words it: a string. */
  if (WANTS ("rating"))
    {
      keika_fake_json_member (out, &first, "rating");
      if (e->rating_twenty == 0)
        g_string_append (out, "null");
      else
        g_string_append_printf (out, "\"%u.%u\"", e->rating_twenty / 4,
                                e->rating_twenty / 2 % 2 * 5);
    }
  if (WANTS ("ratingTwenty"))
    {
      keika_fake_json_member (out, &first, "ratingTwenty");
      if (e->rating_twenty == 0)
        g_string_append (out, "null");
      else
        g_string_append_printf (out, "%u", e->rating_twenty);
    }

  g_string_append (out, "},\"relationships\":{");
  first = TRUE;
  if (WANTS ("user"))
    {
      keika_fake_json_member (out, &first, "user");
      g_string_append_printf (out, "{\"links\":{\"self\":\"%s/library-entries/%" G_GINT64_FORMAT
                              "/relationships/user\",\"related\":\"%s/library-entries/%"
                              G_GINT64_FORMAT "/user\"}", api, e->id, api, e->id);
      if (keika_fake_kitsu_doc_includes (doc, "user"))
        g_string_append_printf (out, ",\"data\":{\"type\":\"users\",\"id\":\"%" G_GINT64_FORMAT
                                "\"}", entry->user->id);
      g_string_append_c (out, '}');
    }
  if (WANTS ("anime"))
    {
      keika_fake_json_member (out, &first, "anime");
      g_string_append_printf (out, "{\"links\":{\"self\":\"%s/library-entries/%" G_GINT64_FORMAT
                              "/relationships/anime\",\"related\":\"%s/library-entries/%"
                              G_GINT64_FORMAT "/anime\"}", api, e->id, api, e->id);
      if (keika_fake_kitsu_doc_includes (doc, "anime"))
        g_string_append_printf (out, ",\"data\":{\"type\":\"anime\",\"id\":\"%" G_GINT64_FORMAT
                                "\"}", e->anime_id);
      g_string_append_c (out, '}');
    }
  if (WANTS ("media"))
    {
      keika_fake_json_member (out, &first, "media");
      g_string_append_printf (out, "{\"links\":{\"related\":\"%s/library-entries/%" G_GINT64_FORMAT
                              "/media\"}}", api, e->id);
    }
  g_string_append (out, "}}");
#undef WANTS

  anime = keika_fake_kitsu_find_anime (doc->self, e->anime_id);
  if (anime != NULL && keika_fake_kitsu_doc_includes (doc, "anime") &&
      keika_fake_kitsu_doc_add_included (doc, "anime", anime->id))
    keika_fake_kitsu_write_anime (doc, doc->included, anime, "anime");
  if (keika_fake_kitsu_doc_includes (doc, "user") &&
      keika_fake_kitsu_doc_add_included (doc, "users", entry->user->id))
    {
      g_string_append_printf (doc->included, "{\"id\":\"%" G_GINT64_FORMAT "\",\"type\":"
                              "\"users\",\"attributes\":{\"name\":", entry->user->id);
      keika_fake_json_string (doc->included, entry->user->name);
      g_string_append (doc->included, "}}");
    }
}

static const char * const entry_includes[] = { "anime", "anime.mappings", "user", NULL };

void
keika_fake_kitsu_reply_entry (KeikaFakeKitsu   *self,
                              KeikaFakeContext *ctx,
                              KitsuUser        *viewer,
                              KitsuEntry       *entry,
                              guint             status)
{
  KitsuDoc doc;
  GString *out;

  if (!keika_fake_kitsu_doc_init (&doc, self, ctx, entry_includes, viewer))
    {
      keika_fake_kitsu_doc_clear (&doc);
      return;
    }
  out = g_string_new ("{\"data\":");
  write_entry (&doc, out, entry);
  keika_fake_kitsu_doc_finish (&doc, ctx, out, -1, 0, 0);
  keika_fake_kitsu_reply_document (ctx, status, out);
  keika_fake_kitsu_doc_clear (&doc);
}

/* Reading: GET /library-entries?filter[…] */

typedef struct
{
  char     key[16];
  gboolean descending;
} SortKey;

static gint64
sort_value (KitsuEntry *entry,
            const char *key)
{
  if (g_str_equal (key, "createdAt"))
    return entry->created_us;
  if (g_str_equal (key, "updatedAt"))
    return entry->updated_us;
  if (g_str_equal (key, "progressedAt"))
    return entry->progressed_us;
  return entry->pub.id;
}

static gint
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  KitsuEntry *x = *(KitsuEntry **) a;
  KitsuEntry *y = *(KitsuEntry **) b;
  GArray *keys = user_data;

  for (guint i = 0; i < keys->len; i++)
    {
      SortKey *key = &g_array_index (keys, SortKey, i);
      gint64 vx = sort_value (x, key->key);
      gint64 vy = sort_value (y, key->key);
      gint order = (vx > vy) - (vx < vy);

      if (order != 0)
        return key->descending ? -order : order;
    }

  return (x->pub.id > y->pub.id) - (x->pub.id < y->pub.id);
}

/* sort=-updatedAt,id (snake_case names are taken too); FALSE with the 400
 * answered. */
static gboolean
read_sort (KeikaFakeContext *ctx,
           GArray           *keys)
{
  static const char * const known[][2] = {
    { "id", "id" }, { "createdAt", "created_at" }, { "updatedAt", "updated_at" },
    { "progressedAt", "progressed_at" },
  };
  const char *sort = keika_fake_context_get_query (ctx, "sort");
  g_auto(GStrv) parts = NULL;

  if (sort == NULL)
    return TRUE;

  parts = g_strsplit (sort, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *name = g_strstrip (parts[i]);
      SortKey key = { "", *name == '-' };
      g_autofree char *detail = NULL;

      if (*name == '-' || *name == '+')
        name++;
      for (guint k = 0; k < G_N_ELEMENTS (known) && key.key[0] == '\0'; k++)
        if (g_str_equal (name, known[k][0]) || g_str_equal (name, known[k][1]))
          g_strlcpy (key.key, known[k][0], sizeof key.key);
      if (key.key[0] != '\0')
        {
          g_array_append_val (keys, key);
          continue;
        }
      detail = g_strdup_printf ("%s is not a valid sort criteria for libraryEntries", name);
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "114", "Invalid sort criteria",
                                    detail);
      return FALSE;
    }

  return TRUE;
}

static gboolean
status_matches (char       **wanted,
                const char  *status)
{
  for (guint i = 0; wanted[i] != NULL; i++)
    {
      guint64 number;

      if (g_str_equal (wanted[i], status) ||
          (g_ascii_string_to_unsigned (wanted[i], 10, 1, 5, &number, NULL) &&
           g_str_equal (keika_fake_kitsu_statuses[number - 1], status)))
        return TRUE;
    }

  return FALSE;
}

static void
list_entries (KeikaFakeKitsu   *self,
              KeikaFakeContext *ctx,
              KitsuUser        *viewer)
{
  static const char * const filters[] = {
    "user_id", "anime_id", "kind", "since", "status", "media_type", "media_id", NULL
  };
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (SortKey));
  g_auto(GStrv) user_ids = keika_fake_kitsu_get_filter (ctx, "user_id");
  g_auto(GStrv) anime_ids = keika_fake_kitsu_get_filter (ctx, "anime_id");
  g_auto(GStrv) media_ids = keika_fake_kitsu_get_filter (ctx, "media_id");
  g_auto(GStrv) kinds = keika_fake_kitsu_get_filter (ctx, "kind");
  g_auto(GStrv) since = keika_fake_kitsu_get_filter (ctx, "since");
  g_auto(GStrv) wanted_statuses = keika_fake_kitsu_get_filter (ctx, "status");
  g_auto(GStrv) media_types = keika_fake_kitsu_get_filter (ctx, "media_type");
  gboolean anime_kind;
  gint64 since_us = 0;
  GHashTableIter users;
  KitsuUser *user;
  KitsuDoc doc;
  GString *out;
  guint offset, limit;

  if (user_ids == NULL && anime_ids == NULL && media_ids == NULL && kinds == NULL &&
      since == NULL && wanted_statuses == NULL && media_types == NULL)
    {
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "400", "No filter provided",
                                    NULL);
      return;
    }
  if (!keika_fake_kitsu_check_filters (ctx, filters) || !read_sort (ctx, keys) ||
      !keika_fake_kitsu_read_page (ctx, KEIKA_FAKE_KITSU_LIBRARY_PAGE_MAX, &offset, &limit))
    return;
  if (since != NULL)
    {
      g_autofree char *joined = g_strjoinv (",", since);

      if (!keika_fake_kitsu_parse_time (joined, &since_us))
        {
          g_autofree char *detail = g_strdup_printf ("%s is not a valid value for since.", joined);

          keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "107",
                                        "Invalid filter value", detail);
          return;
        }
    }
  anime_kind = (kinds == NULL || g_strv_contains ((const char * const *) kinds, "anime")) &&
               (media_types == NULL ||
                g_strv_contains ((const char * const *) media_types, "Anime"));

  g_hash_table_iter_init (&users, self->users);
  while (anime_kind && g_hash_table_iter_next (&users, NULL, (gpointer *) &user))
    {
      GHashTableIter iter;
      KitsuEntry *entry;

      if (user_ids != NULL && !keika_fake_kitsu_filter_has_id (user_ids, user->id))
        continue;
      g_hash_table_iter_init (&iter, user->entries);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        {
          /* Other users' private entries are not shown. */
          if ((entry->pub.is_private && user != viewer) ||
              (anime_ids != NULL && !keika_fake_kitsu_filter_has_id (anime_ids, entry->pub.anime_id)) ||
              (media_ids != NULL && !keika_fake_kitsu_filter_has_id (media_ids, entry->pub.anime_id)) ||
              (wanted_statuses != NULL && !status_matches (wanted_statuses, entry->pub.status)) ||
              (since_us != 0 && entry->updated_us < since_us))
            continue;
          g_ptr_array_add (found, entry);
        }
    }
  g_ptr_array_sort_with_data (found, compare_entries, keys);

  if (!keika_fake_kitsu_doc_init (&doc, self, ctx, entry_includes, viewer))
    {
      keika_fake_kitsu_doc_clear (&doc);
      return;
    }
  out = g_string_new ("{\"data\":[");
  for (guint i = offset; i < found->len && i < (guint64) offset + limit; i++)
    {
      if (i > offset)
        g_string_append_c (out, ',');
      write_entry (&doc, out, g_ptr_array_index (found, i));
    }
  g_string_append_c (out, ']');
  keika_fake_kitsu_doc_finish (&doc, ctx, out, found->len, offset, limit);
  keika_fake_kitsu_reply_document (ctx, SOUP_STATUS_OK, out);
  keika_fake_kitsu_doc_clear (&doc);
}

void
keika_fake_kitsu_delete_entry (KeikaFakeKitsu *self,
                               KitsuEntry     *entry)
{
  g_hash_table_remove (self->entries_by_id, &entry->pub.id);
  g_hash_table_remove (entry->user->entries, &entry->pub.anime_id);
}

void
keika_fake_kitsu_serve_library (KeikaFakeKitsu   *self,
                                KeikaFakeContext *ctx,
                                KitsuUser        *viewer)
{
  const char *id_text = ctx->path + strlen ("/library-entries");
  KitsuEntry *entry = NULL;
  guint64 id = 0;

  if (*id_text == '\0')
    {
      if (keika_fake_context_is_method (ctx, "GET"))
        list_entries (self, ctx, viewer);
      else if (keika_fake_context_is_method (ctx, "POST"))
        keika_fake_kitsu_create_entry (self, ctx, viewer);
      else
        keika_fake_kitsu_reply_forbidden (ctx);
      return;
    }

  id_text++;
  if (g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL))
    entry = g_hash_table_lookup (self->entries_by_id, &id);
  /* Private entries of others are not there, for them. */
  if (entry == NULL || (entry->pub.is_private && entry->user != viewer))
    {
      keika_fake_kitsu_reply_not_found (ctx, id_text);
      return;
    }

  if (keika_fake_context_is_method (ctx, "GET"))
    keika_fake_kitsu_reply_entry (self, ctx, viewer, entry, SOUP_STATUS_OK);
  else if (entry->user != viewer)
    keika_fake_kitsu_reply_forbidden (ctx);
  else if (keika_fake_context_is_method (ctx, "PATCH"))
    keika_fake_kitsu_update_entry (self, ctx, viewer, entry);
  else if (keika_fake_context_is_method (ctx, "DELETE"))
    {
      keika_fake_kitsu_delete_entry (self, entry);
      keika_fake_reply (ctx, SOUP_STATUS_NO_CONTENT, NULL, NULL);
    }
  else
    keika_fake_kitsu_reply_forbidden (ctx);
}
