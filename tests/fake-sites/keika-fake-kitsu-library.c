/* keika-fake-kitsu-library.c: the fake Kitsu's library entries: reads,
 * writes with the server's rules, and generated and sample libraries
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "keika-fake-catalog.h"
#include "keika-fake-kitsu-private.h"

static const char * const statuses[] = {
  "current", "planned", "completed", "on_hold", "dropped", NULL
};

static void
entry_free (KitsuEntry *entry)
{
  g_free ((char *) entry->pub.status);
  g_free ((char *) entry->pub.notes);
  g_free ((char *) entry->pub.started_at);
  g_free ((char *) entry->pub.finished_at);
  g_free (entry);
}

KitsuUser *
keika_fake_kitsu_user_new (gint64      id,
                           const char *name,
                           const char *email,
                           const char *password)
{
  KitsuUser *user = g_new0 (KitsuUser, 1);

  user->id = id;
  user->name = g_strdup (name);
  user->email = g_strdup (email);
  user->password = g_strdup (password);
  user->created_at = 1500000000 + id;
  user->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                         (GDestroyNotify) entry_free);

  return user;
}

void
keika_fake_kitsu_user_free (KitsuUser *user)
{
  g_free (user->name);
  g_free (user->email);
  g_free (user->password);
  g_hash_table_unref (user->entries);
  g_free (user);
}

/* Replaces the string at @field by a copy of @value (which may be it). */
static void
set_string (const char **field,
            const char  *value)
{
  char *copy;

  if (*field == value)
    return;
  copy = g_strdup (value);
  g_free ((char *) *field);
  *field = copy;
}

static KitsuUser *
find_user (KeikaFakeKitsu *self,
           const char     *name)
{
  g_autofree char *key = keika_fake_kitsu_user_key (name);

  return g_hash_table_lookup (self->users, key);
}

/* A write time after every earlier one, so that updatedAt orders writes. */
static gint64
write_time (KeikaFakeKitsu *self)
{
  self->last_write_us = MAX (g_get_real_time (), self->last_write_us + 1000);

  return self->last_write_us;
}

/* An ISO 8601 time (or a date alone, at midnight UTC) in real µs; FALSE when
 * it is not one. */
static gboolean
parse_time (const char *text,
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

static void
reply_entry (KeikaFakeKitsu   *self,
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
           g_str_equal (statuses[number - 1], status)))
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

      if (!parse_time (joined, &since_us))
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

/* Writing: POST, PATCH */

typedef struct
{
  char       *status;            /* (owned) (nullable) */
  guint       progress;
  guint       rating_twenty;
  gboolean    reconsuming;
  guint       reconsume_count;
  char       *notes;             /* (owned) (nullable) */
  gboolean    is_private;
  char       *started_at;        /* (owned) (nullable) normalised */
  char       *finished_at;       /* (owned) (nullable) */
  guint       given;             /* GIVEN_* */
} Draft;

enum
{
  GIVEN_STATUS = 1 << 0, GIVEN_PROGRESS = 1 << 1, GIVEN_RATING = 1 << 2,
  GIVEN_RECONSUMING = 1 << 3, GIVEN_COUNT = 1 << 4, GIVEN_NOTES = 1 << 5,
  GIVEN_PRIVATE = 1 << 6, GIVEN_STARTED = 1 << 7, GIVEN_FINISHED = 1 << 8,
};

static void
draft_clear (Draft *draft)
{
  g_free (draft->status);
  g_free (draft->notes);
  g_free (draft->started_at);
  g_free (draft->finished_at);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Draft, draft_clear)

/* One validation error, as the server's: `attribute - message`. */
static void
add_invalid (GString    *errors,
             const char *attribute,
             const char *message)
{
  g_autofree char *detail = g_strdup_printf ("%s - %s", attribute, message);

  if (errors->len > 0)
    g_string_append_c (errors, ',');
  g_string_append (errors, "{\"title\":");
  keika_fake_json_string (errors, message);
  g_string_append (errors, ",\"detail\":");
  keika_fake_json_string (errors, detail);
  g_string_append_printf (errors, ",\"code\":\"100\",\"source\":{\"pointer\":"
                          "\"/data/attributes/%s\"},\"status\":\"422\"}", attribute);
}

static gboolean
get_uint (JsonNode *node,
          guint    *value)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXINT32)
    return FALSE;

  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_bool (JsonNode *node,
          gboolean *value)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

/* A string or null into @out; FALSE when it is neither. */
static gboolean
get_nullable_string (JsonNode  *node,
                     char     **out)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* ISO 8601, kept as the server prints it; null clears. */
static gboolean
get_time (JsonNode  *node,
          char     **out)
{
  g_autofree char *text = NULL;
  GString *normal;
  gint64 us;

  if (!get_nullable_string (node, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!parse_time (text, &us))
    return FALSE;

  normal = g_string_new (NULL);
  keika_fake_kitsu_time (normal, us);
  g_string_erase (normal, 0, 1);
  g_string_truncate (normal, normal->len - 1);
  *out = g_string_free (normal, FALSE);
  return TRUE;
}

/* The attributes of a write into @draft; FALSE with a 400 answered for an
 * attribute that may not be written, else the 422s in @errors. */
static gboolean
read_attributes (KeikaFakeContext *ctx,
                 JsonObject       *attributes,
                 Draft            *draft,
                 GString          *errors)
{
  static const char * const ignored[] = {
    "volumesOwned", "reactionSkipped", "progressedAt", NULL
  };
  g_autoptr(GList) names = json_object_get_members (attributes);

  /* In the order sent, as the errors are. */
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (attributes, name);

      if (g_str_equal (name, "status"))
        {
          g_autofree char *status = NULL;

          if (!get_nullable_string (node, &status) || status == NULL ||
              !g_strv_contains (statuses, status))
            add_invalid (errors, name, "is not a valid status");
          else
            draft->status = g_steal_pointer (&status);
          draft->given |= GIVEN_STATUS;
        }
      else if (g_str_equal (name, "progress"))
        {
          if (!get_uint (node, &draft->progress))
            add_invalid (errors, name, "must be an integer greater than or equal to 0");
          draft->given |= GIVEN_PROGRESS;
        }
      else if (g_str_equal (name, "ratingTwenty") || g_str_equal (name, "rating"))
        {
          double value = 0;

          if (!JSON_NODE_HOLDS_NULL (node) &&
              (!JSON_NODE_HOLDS_VALUE (node) ||
               (json_node_get_value_type (node) != G_TYPE_INT64 &&
                json_node_get_value_type (node) != G_TYPE_DOUBLE)))
            add_invalid (errors, name, "is not a number");
          else if (!JSON_NODE_HOLDS_NULL (node))
            {
              value = json_node_get_double (node);
              /* The deprecated rating is 0.5–10, stored in twentieths. */
              if (g_str_equal (name, "rating"))
                value *= 4;
              if (value < 2)
                add_invalid (errors, "ratingTwenty", "must be greater than or equal to 2");
              else if (value > 20)
                add_invalid (errors, "ratingTwenty", "must be less than or equal to 20");
              else if (value != (guint) value)
                add_invalid (errors, "ratingTwenty", "must be an integer");
            }
          draft->rating_twenty = (guint) value;
          draft->given |= GIVEN_RATING;
        }
      else if (g_str_equal (name, "reconsuming"))
        {
          if (!get_bool (node, &draft->reconsuming))
            add_invalid (errors, name, "is not a boolean");
          draft->given |= GIVEN_RECONSUMING;
        }
      else if (g_str_equal (name, "reconsumeCount"))
        {
          if (!get_uint (node, &draft->reconsume_count))
            add_invalid (errors, name, "must be an integer greater than or equal to 0");
          else if (draft->reconsume_count > 50)
            add_invalid (errors, name, "just... go outside");
          draft->given |= GIVEN_COUNT;
        }
      else if (g_str_equal (name, "notes"))
        {
          if (!get_nullable_string (node, &draft->notes))
            add_invalid (errors, name, "is not a string");
          draft->given |= GIVEN_NOTES;
        }
      else if (g_str_equal (name, "private"))
        {
          if (!get_bool (node, &draft->is_private))
            add_invalid (errors, name, "is not a boolean");
          draft->given |= GIVEN_PRIVATE;
        }
      else if (g_str_equal (name, "startedAt") || g_str_equal (name, "finishedAt"))
        {
          gboolean started = g_str_equal (name, "startedAt");

          if (!get_time (node, started ? &draft->started_at : &draft->finished_at))
            add_invalid (errors, name, "is not an ISO 8601 time");
          draft->given |= started ? GIVEN_STARTED : GIVEN_FINISHED;
        }
      else if (!g_strv_contains (ignored, name))
        {
          g_autofree char *detail = g_strdup_printf ("%s is not allowed.", name);

          keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "105",
                                        "Param not allowed", detail);
          return FALSE;
        }
    }

  return TRUE;
}

static char *
time_text (gint64 real_us)
{
  GString *text = g_string_new (NULL);

  keika_fake_kitsu_time (text, real_us);
  g_string_erase (text, 0, 1);
  g_string_truncate (text, text->len - 1);

  return g_string_free (text, FALSE);
}

/* Validates @draft for @entry (whose pub holds the old values; status NULL
 * for a new one) and saves it with the server's before_save rules; FALSE
 * with the 422 answered. */
static gboolean
save_entry (KeikaFakeKitsu   *self,
            KeikaFakeContext *ctx,
            KitsuEntry       *entry,
            Draft            *draft,
            GString          *errors)
{
  KeikaFakeKitsuEntry *e = &entry->pub;
  KitsuAnime *anime = keika_fake_kitsu_find_anime (self, e->anime_id);
  const char *status = draft->given & GIVEN_STATUS ? draft->status : e->status;
  guint progress = draft->given & GIVEN_PROGRESS ? draft->progress : e->progress;
  guint cap = anime != NULL ? anime->episode_count : 0;
  gboolean status_changed, progress_changed;
  gint64 now;

  if (status == NULL)
    add_invalid (errors, "status", "can't be blank");
  if (cap > 0 && progress > cap)
    add_invalid (errors, "progress", "cannot exceed length of media");
  else if (cap == 0 && progress > MAX (50, anime != NULL ? anime->unit_guess : 0))
    add_invalid (errors, "progress", "is rather unreasonably high");
  if (errors->len > 0)
    {
      GString *out = g_string_new ("{\"errors\":[");

      g_string_append_len (out, errors->str, errors->len);
      g_string_append (out, "]}");
      keika_fake_kitsu_reply_document (ctx, 422, out);
      return FALSE;
    }

  /* before_save, in the server's order. */
  status_changed = g_strcmp0 (status, e->status) != 0;
  progress_changed = progress != e->progress;
  if (!status_changed && cap > 0 && progress == cap)
    {
      status = "completed";
      status_changed = g_strcmp0 (status, e->status) != 0;
    }
  if (status_changed && g_str_equal (status, "completed") && cap > 0)
    {
      progress_changed |= progress != cap;
      progress = cap;
    }
  now = write_time (self);
  if (status_changed || progress_changed)
    entry->progressed_us = now;
  if (draft->given & GIVEN_STARTED)
    set_string (&e->started_at, draft->started_at);
  if (draft->given & GIVEN_FINISHED)
    set_string (&e->finished_at, draft->finished_at);
  if (status_changed && (g_str_equal (status, "current") || g_str_equal (status, "completed")) &&
      e->started_at == NULL)
    e->started_at = time_text (now);
  if (status_changed && g_str_equal (status, "completed") && e->finished_at == NULL)
    e->finished_at = time_text (now);
  if (progress_changed && !status_changed)
    status = "current";

  set_string (&e->status, status);
  e->progress = progress;
  if (draft->given & GIVEN_RATING)
    e->rating_twenty = draft->rating_twenty;
  if (draft->given & GIVEN_RECONSUMING)
    e->reconsuming = draft->reconsuming;
  if (draft->given & GIVEN_COUNT)
    e->reconsume_count = draft->reconsume_count;
  if (draft->given & GIVEN_NOTES)
    set_string (&e->notes, draft->notes);
  if (draft->given & GIVEN_PRIVATE)
    e->is_private = draft->is_private;
  entry->updated_us = now;
  e->updated_at = now / G_USEC_PER_SEC;
  if (entry->created_us == 0)
    entry->created_us = now;
  if (anime != NULL)
    anime->unit_guess = MAX (anime->unit_guess, progress + 1);

  return TRUE;
}

/* data of a write's body; FALSE with the 400 answered. */
static JsonObject *
read_body (KeikaFakeContext *ctx,
           JsonParser       *parser)
{
  gsize length;
  const char *body = g_bytes_get_data (ctx->request->body, &length);
  JsonNode *root, *data;
  JsonObject *object;
  const char *type;

  if (!json_parser_load_from_data (parser, body != NULL ? body : "", length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (data = json_object_get_member (json_node_get_object (root), "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (data))
    {
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "122", "Invalid data format",
                                    "Data must be a hash.");
      return NULL;
    }

  object = json_node_get_object (data);
  type = json_object_has_member (object, "type")
           ? json_node_get_string (json_object_get_member (object, "type")) : NULL;
  if (g_strcmp0 (type, "libraryEntries") != 0)
    {
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "116", "Type Mismatch",
                                    "The type of the resource is not libraryEntries.");
      return NULL;
    }

  return object;
}

/* A JSON:API id (a string; a number is taken too). */
static gint64
read_id (JsonObject *object)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, "id") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return 0;
}

/* relationships.@name.data of type @type: its id, 0 when absent, -1 when
 * it is another type. */
static gint64
read_relationship (JsonObject *data,
                   const char *name,
                   const char *type)
{
  JsonNode *relationships = json_object_get_member (data, "relationships");
  JsonNode *relationship, *linkage, *type_node;

  if (relationships == NULL || !JSON_NODE_HOLDS_OBJECT (relationships) ||
      (relationship = json_object_get_member (json_node_get_object (relationships), name)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (relationship) ||
      (linkage = json_object_get_member (json_node_get_object (relationship), "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (linkage))
    return 0;

  type_node = json_object_get_member (json_node_get_object (linkage), "type");
  if (type_node == NULL || !JSON_NODE_HOLDS_VALUE (type_node) ||
      g_strcmp0 (json_node_get_string (type_node), type) != 0)
    return -1;

  return read_id (json_node_get_object (linkage));
}

static void
reply_forbidden (KeikaFakeContext *ctx)
{
  keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_FORBIDDEN, "403", "Forbidden",
                                "You are not allowed to perform this action.");
}

static void
reply_not_found (KeikaFakeContext *ctx,
                 const char       *key)
{
  g_autofree char *detail = g_strdup_printf ("The record identified by %s could not be found.",
                                             key);

  keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "404", "Record not found", detail);
}

static void
create_entry (KeikaFakeKitsu   *self,
              KeikaFakeContext *ctx,
              KitsuUser        *viewer)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) errors = g_string_new (NULL);
  g_auto(Draft) draft = { 0, };
  KitsuEntry *entry;
  JsonObject *data;
  JsonNode *attributes;
  gint64 anime_id, user_id;
  char key[24];

  if ((data = read_body (ctx, parser)) == NULL)
    return;
  anime_id = read_relationship (data, "anime", "anime");
  user_id = read_relationship (data, "user", "users");
  if (anime_id < 0 || user_id < 0)
    {
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "116", "Type Mismatch",
                                    "A relationship names the wrong type.");
      return;
    }
  if (viewer == NULL || user_id != viewer->id)
    {
      reply_forbidden (ctx);
      return;
    }
  g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, anime_id);
  if (anime_id == 0 || keika_fake_kitsu_find_anime (self, anime_id) == NULL)
    {
      reply_not_found (ctx, key);
      return;
    }

  attributes = json_object_get_member (data, "attributes");
  if (attributes != NULL && JSON_NODE_HOLDS_OBJECT (attributes) &&
      !read_attributes (ctx, json_node_get_object (attributes), &draft, errors))
    return;
  if (g_hash_table_contains (viewer->entries, &anime_id))
    {
      /* The server's uniqueness validation. */
      g_string_append_printf (errors, "%s{\"title\":\"has already been taken\",\"detail\":"
                              "\"anime - has already been taken\",\"code\":\"100\",\"source\":"
                              "{\"pointer\":\"/data/relationships/anime\"},\"status\":\"422\"}",
                              errors->len > 0 ? "," : "");
    }

  entry = g_new0 (KitsuEntry, 1);
  entry->user = viewer;
  entry->pub.anime_id = anime_id;
  if (!save_entry (self, ctx, entry, &draft, errors))
    {
      entry_free (entry);
      return;
    }
  entry->pub.id = ++self->last_entry_id;
  g_hash_table_insert (viewer->entries, &entry->pub.anime_id, entry);
  g_hash_table_insert (self->entries_by_id, &entry->pub.id, entry);
  reply_entry (self, ctx, viewer, entry, SOUP_STATUS_CREATED);
}

static void
update_entry (KeikaFakeKitsu   *self,
              KeikaFakeContext *ctx,
              KitsuUser        *viewer,
              KitsuEntry       *entry)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) errors = g_string_new (NULL);
  g_auto(Draft) draft = { 0, };
  JsonObject *data;
  JsonNode *attributes;
  gint64 anime_id;

  if ((data = read_body (ctx, parser)) == NULL)
    return;
  if (read_id (data) != entry->pub.id)
    {
      g_autofree char *detail = g_strdup_printf ("The URL does not support the key %"
                                                 G_GINT64_FORMAT, read_id (data));

      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "110", "Key is not included "
                                    "in URL", detail);
      return;
    }
  anime_id = read_relationship (data, "anime", "anime");
  if (anime_id != 0 && anime_id != entry->pub.anime_id)
    {
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "105", "Param not allowed",
                                    "anime is not allowed.");
      return;
    }

  attributes = json_object_get_member (data, "attributes");
  if (attributes != NULL && JSON_NODE_HOLDS_OBJECT (attributes) &&
      !read_attributes (ctx, json_node_get_object (attributes), &draft, errors))
    return;
  if (save_entry (self, ctx, entry, &draft, errors))
    reply_entry (self, ctx, viewer, entry, SOUP_STATUS_OK);
}

static void
delete_entry (KeikaFakeKitsu *self,
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
        create_entry (self, ctx, viewer);
      else
        reply_forbidden (ctx);
      return;
    }

  id_text++;
  if (g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL))
    entry = g_hash_table_lookup (self->entries_by_id, &id);
  /* Private entries of others are not there, for them. */
  if (entry == NULL || (entry->pub.is_private && entry->user != viewer))
    {
      reply_not_found (ctx, id_text);
      return;
    }

  if (keika_fake_context_is_method (ctx, "GET"))
    reply_entry (self, ctx, viewer, entry, SOUP_STATUS_OK);
  else if (entry->user != viewer)
    reply_forbidden (ctx);
  else if (keika_fake_context_is_method (ctx, "PATCH"))
    update_entry (self, ctx, viewer, entry);
  else if (keika_fake_context_is_method (ctx, "DELETE"))
    {
      delete_entry (self, entry);
      keika_fake_reply (ctx, SOUP_STATUS_NO_CONTENT, NULL, NULL);
    }
  else
    reply_forbidden (ctx);
}

/* Public */

/**
 * keika_fake_kitsu_add_entry:
 * @user: a user name; the user is created if needed
 * @entry: the entry; copied as it is (no rule of the server applies)
 *
 * Adds @entry to the user's library, or replaces the one of its anime
 * (keeping its id).
 *
 * Returns: the entry's id
 */
gint64
keika_fake_kitsu_add_entry (KeikaFakeKitsu            *self,
                            const char                *user,
                            const KeikaFakeKitsuEntry *entry)
{
  KitsuEntry *item;
  KitsuEntry *old;
  KitsuUser *u;
  KitsuAnime *anime;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), 0);
  g_return_val_if_fail (user != NULL && entry != NULL && entry->anime_id > 0, 0);

  keika_fake_kitsu_add_user (self, user, NULL, NULL);
  u = find_user (self, user);

  item = g_new0 (KitsuEntry, 1);
  item->pub = *entry;
  item->pub.status = g_strdup (entry->status != NULL ? entry->status : "planned");
  item->pub.notes = g_strdup (entry->notes);
  item->pub.started_at = g_strdup (entry->started_at);
  item->pub.finished_at = g_strdup (entry->finished_at);
  item->user = u;
  item->updated_us = entry->updated_at > 0 ? entry->updated_at * G_USEC_PER_SEC
                                           : write_time (self);
  item->pub.updated_at = item->updated_us / G_USEC_PER_SEC;
  item->created_us = item->updated_us - (gint64) 86400 * G_USEC_PER_SEC;
  item->progressed_us = item->pub.progress > 0 ? item->updated_us : 0;

  old = g_hash_table_lookup (u->entries, &entry->anime_id);
  if (old != NULL)
    {
      item->pub.id = old->pub.id;
      delete_entry (self, old);
    }
  else
    item->pub.id = ++self->last_entry_id;
  g_hash_table_insert (u->entries, &item->pub.anime_id, item);
  g_hash_table_insert (self->entries_by_id, &item->pub.id, item);

  if ((anime = keika_fake_kitsu_find_anime (self, entry->anime_id)) != NULL)
    anime->unit_guess = MAX (anime->unit_guess, entry->progress + 1);

  return item->pub.id;
}

/* Returns: (transfer none) (nullable): the user's entry of the anime */
const KeikaFakeKitsuEntry *
keika_fake_kitsu_lookup_entry (KeikaFakeKitsu *self,
                               const char     *user,
                               gint64          anime_id)
{
  KitsuUser *u;
  KitsuEntry *entry;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), NULL);

  u = find_user (self, user);
  entry = u != NULL ? g_hash_table_lookup (u->entries, &anime_id) : NULL;

  return entry != NULL ? &entry->pub : NULL;
}

gboolean
keika_fake_kitsu_remove_entry (KeikaFakeKitsu *self,
                               const char     *user,
                               gint64          anime_id)
{
  KitsuUser *u;
  KitsuEntry *entry;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), FALSE);

  u = find_user (self, user);
  if (u == NULL || (entry = g_hash_table_lookup (u->entries, &anime_id)) == NULL)
    return FALSE;

  delete_entry (self, entry);
  return TRUE;
}

guint
keika_fake_kitsu_get_n_entries (KeikaFakeKitsu *self,
                                const char     *user)
{
  KitsuUser *u;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), 0);

  u = find_user (self, user);

  return u != NULL ? g_hash_table_size (u->entries) : 0;
}

/**
 * keika_fake_kitsu_add_sample_entries:
 *
 * Eight entries over the built-in catalogue, with the odd shapes a real
 * library has: completed with a rewatch and notes in spaces and line
 * breaks; a start at New Year's midnight (a year alone, imported) and a
 * finish at 22:00 UTC (midnight two hours east); ONE PIECE far past 50
 * episodes with no episode count; current at the last episode; dropped
 * and private; reconsuming; on hold with no rating; planned; the anime
 * only Kitsu has, rated the lowest, 2.
 */
void
keika_fake_kitsu_add_sample_entries (KeikaFakeKitsu *self,
                                     const char     *user)
{
  const KeikaFakeKitsuEntry samples[] = {
    { 0, 1, "completed", 26, 18, FALSE, 1, "  Rewatch with  friends \n\n  ", FALSE,
      "2019-01-01T00:00:00.000Z", "2019-02-03T22:00:00.000Z", 1717200000 },
    { 0, 12, "current", 1100, 0, FALSE, 0, NULL, FALSE, "2012-05-01T00:00:00.000Z", NULL,
      1717286400 },
    { 0, 5646, "current", 24, 20, FALSE, 0, "", FALSE, NULL, NULL, 1717372800 },
    { 0, 1376, "dropped", 12, 7, FALSE, 0, NULL, TRUE, "2007-03-10T12:00:00.000Z", NULL,
      1717459200 },
    { 0, 46474, "current", 10, 19, TRUE, 1, "Second time\nwith subtitles", FALSE,
      "2024-02-01T12:00:00.000Z", "2024-03-22T12:00:00.000Z", 1717545600 },
    { 0, 7442, "on_hold", 5, 0, FALSE, 0, NULL, FALSE, "2013-04-07T00:00:00.000+09:00", NULL,
      1717632000 },
    { 0, 11614, "planned", 0, 0, FALSE, 0, NULL, FALSE, NULL, NULL, 1717718400 },
    { 0, 99001, "completed", 6, 2, FALSE, 0, NULL, FALSE, "2022-10-07T12:00:00.000Z",
      "2022-10-08T12:00:00.000Z", 1717804800 },
  };

  g_return_if_fail (KEIKA_IS_FAKE_KITSU (self));

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    if (keika_fake_kitsu_has_anime (self, samples[i].anime_id))
      keika_fake_kitsu_add_entry (self, user, &samples[i]);
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = (*(KitsuAnime **) a)->id;
  gint64 y = (*(KitsuAnime **) b)->id;

  return (x > y) - (x < y);
}

/* At least @n anime, by id; the shared catalogue grows when needed. */
static GPtrArray *
dup_enough_anime (KeikaFakeKitsu *self,
                  guint           n,
                  guint32         seed)
{
  GPtrArray *anime = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer item;

  while (g_hash_table_size (self->anime) < n)
    {
      guint missing = n - g_hash_table_size (self->anime);

      keika_fake_sites_generate_catalog (self->sites, missing + missing / 16 + 8, seed);
    }
  g_hash_table_iter_init (&iter, self->anime);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    g_ptr_array_add (anime, item);
  g_ptr_array_sort (anime, compare_ids);

  return anime;
}

/**
 * keika_fake_kitsu_generate_entries:
 * @user: a user name; the user is created if needed
 * @n_entries: how many entries
 * @seed: the seed of the generator
 *
 * Adds @n_entries entries over the anime by id, the same for the same
 * @seed and catalogue, with odd but valid shapes: current at the last
 * episode (as an import leaves it), notes with surrounding spaces and line
 * breaks, reconsuming, private, null ratings and ratings across 2–20, dates
 * at New Year's midnight or 22:00 UTC, none at all. Updates are from 2024
 * on, an hour or so apart (the highest index newest), one in ten at the
 * same second as the one before.
 */
void
keika_fake_kitsu_generate_entries (KeikaFakeKitsu *self,
                                   const char     *user,
                                   guint           n_entries,
                                   guint32         seed)
{
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GPtrArray) anime = NULL;
  gint64 previous_update = 0;

  g_return_if_fail (KEIKA_IS_FAKE_KITSU (self));
  g_return_if_fail (user != NULL);

  anime = dup_enough_anime (self, n_entries, seed);
  rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n_entries; i++)
    {
      const KitsuAnime *a = g_ptr_array_index (anime, i);
      KeikaFakeKitsuEntry entry = { 0, };
      g_autofree char *notes = NULL;
      g_autofree char *started = NULL;
      g_autofree char *finished = NULL;
      guint episodes = a->episode_count;
      int roll = g_rand_int_range (rand, 0, 100);
      guint year = g_rand_int_range (rand, 2005, 2025);

      entry.anime_id = a->id;
      entry.status = roll < 16 ? "current" : roll < 60 ? "completed" : roll < 67 ? "on_hold"
                     : roll < 74 ? "dropped" : "planned";
      if (g_str_equal (entry.status, "completed"))
        entry.progress = episodes > 0 ? episodes : (guint) g_rand_int_range (rand, 1, 50);
      else if (!g_str_equal (entry.status, "planned"))
        entry.progress = episodes > 0 ? (guint) g_rand_int_range (rand, 0, episodes + 1)
                                      : (guint) g_rand_int_range (rand, 0, 50);
      if (g_str_equal (entry.status, "current") && i % 11 == 5 && episodes > 0)
        entry.progress = episodes;

      if (!g_str_equal (entry.status, "planned") && i % 6 != 4)
        entry.rating_twenty = g_rand_int_range (rand, 2, 21);
      if (g_str_equal (entry.status, "current") && i % 5 == 2)
        {
          entry.reconsuming = TRUE;
          entry.reconsume_count = g_rand_int_range (rand, 1, 4);
        }
      entry.is_private = i % 13 == 2;
      if (i % 7 == 3)
        notes = g_strdup_printf ("  Watched with “friends” \n\tepisode %u was \"great\" ★\n  ",
                                 entry.progress);
      else if (i % 29 == 10)
        notes = g_strdup ("Line one\r\nLine two");
      entry.notes = notes;

      if (!g_str_equal (entry.status, "planned"))
        {
          started = i % 4 == 0 ? g_strdup_printf ("%u-01-01T00:00:00.000Z", year)
                               : g_strdup_printf ("%u-%02d-%02dT22:00:00.000Z", year,
                                                  g_rand_int_range (rand, 1, 13),
                                                  g_rand_int_range (rand, 1, 29));
          if (g_str_equal (entry.status, "completed"))
            finished = g_strdup_printf ("%u-%02d-%02dT12:00:00.000Z", year + 1,
                                        g_rand_int_range (rand, 1, 13),
                                        g_rand_int_range (rand, 1, 29));
        }
      entry.started_at = started;
      entry.finished_at = finished;

      entry.updated_at = 1704067200 + (gint64) i * 3600 + g_rand_int_range (rand, 0, 3600);
      if (i % 10 == 9)
        entry.updated_at = previous_update;
      previous_update = entry.updated_at;

      keika_fake_kitsu_add_entry (self, user, &entry);
    }
}
