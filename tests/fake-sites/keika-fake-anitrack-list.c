/* keika-fake-anitrack-list.c: the fake AniTrack's lists and list
 * endpoints
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-anitrack-private.h"

static const char * const statuses[] = {
  "watching", "completed", "on_hold", "dropped", "plan_to_watch", NULL
};

gboolean
keika_fake_anitrack_is_status (const char *status)
{
  return status != NULL && g_strv_contains (statuses, status);
}

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Entries */

static void
entry_free (AnitrackEntry *e)
{
  g_free ((char *) e->pub.status);
  g_free ((char *) e->pub.started_at);
  g_free ((char *) e->pub.completed_at);
  g_free ((char *) e->pub.notes);
  g_strfreev ((char **) e->pub.tags);
  g_free (e);
}

void
keika_fake_anitrack_user_free (AnitrackUser *user)
{
  g_hash_table_unref (user->live);
  g_ptr_array_foreach (user->entries, (GFunc) entry_free, NULL);
  g_ptr_array_unref (user->entries);
  g_free (user->name);
  g_free (user->email);
  g_free (user->password);
  g_free (user);
}

void
keika_fake_anitrack_set_string (const char **field,
                                const char  *value)
{
  char *copy = g_strdup (value);

  g_free ((char *) *field);
  *field = copy;
}

void
keika_fake_anitrack_touch (KeikaFakeAnitrack *self,
                           AnitrackEntry     *e,
                           gint64             when)
{
  e->pub.updated_at = when != 0 ? when : now_unix ();
  e->sequence = ++self->last_sequence;
}

AnitrackEntry *
keika_fake_anitrack_create_entry (KeikaFakeAnitrack *self,
                                  AnitrackUser      *user,
                                  gint64             anime_id)
{
  AnitrackEntry *e = g_new0 (AnitrackEntry, 1);

  e->pub.id = ++self->last_entry_id;
  e->pub.anime_id = anime_id;
  e->pub.status = g_strdup ("plan_to_watch");
  e->user = user;
  e->created_at = now_unix ();
  g_ptr_array_add (user->entries, e);
  g_hash_table_insert (user->live, &e->pub.anime_id, e);
  g_hash_table_insert (self->entries_by_id, &e->pub.id, e);

  return e;
}

static void
append_entry (KeikaFakeAnitrack   *self,
              GString             *out,
              const AnitrackEntry *e)
{
  const KeikaFakeAnitrackEntry *p = &e->pub;
  AnitrackAnime *anime = g_hash_table_lookup (self->anime, &p->anime_id);

  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"anime_id\":%" G_GINT64_FORMAT
                          ",\"status\":", p->id, p->anime_id);
  keika_fake_json_string (out, p->status);
  if (p->score > 0)
    g_string_append_printf (out, ",\"score\":%u", p->score);
  else
    g_string_append (out, ",\"score\":null");
  g_string_append_printf (out, ",\"progress\":%u,\"is_rewatching\":%s,\"rewatch_count\":%u"
                          ",\"started_at\":", p->progress,
                          p->is_rewatching ? "true" : "false", p->rewatch_count);
  keika_fake_json_string (out, p->started_at);
  g_string_append (out, ",\"completed_at\":");
  keika_fake_json_string (out, p->completed_at);
  g_string_append (out, ",\"notes\":");
  keika_fake_json_string (out, p->notes);
  g_string_append (out, ",\"tags\":[");
  for (guint i = 0; p->tags != NULL && p->tags[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      keika_fake_json_string (out, p->tags[i]);
    }
  g_string_append_printf (out, "],\"is_private\":%s,\"created_at\":",
                          p->is_private ? "true" : "false");
  keika_fake_anitrack_append_time (out, e->created_at);
  g_string_append (out, ",\"updated_at\":");
  keika_fake_anitrack_append_time (out, p->updated_at);
  g_string_append (out, ",\"anime\":");
  if (anime != NULL)
    keika_fake_anitrack_append_anime (out, anime, FALSE);
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');
}

/* Progress reaching the episode count completes the entry. */
void
keika_fake_anitrack_complete_if_done (KeikaFakeAnitrack *self,
                                      AnitrackEntry     *e)
{
  AnitrackAnime *anime = g_hash_table_lookup (self->anime, &e->pub.anime_id);

  if (anime == NULL || anime->episodes == 0 || e->pub.progress < anime->episodes
      || g_strcmp0 (e->pub.status, "completed") == 0)
    return;

  keika_fake_anitrack_set_string (&e->pub.status, "completed");
  if (e->pub.completed_at == NULL)
    {
      g_autoptr(GDateTime) today = g_date_time_new_now_utc ();
      g_autofree char *date = g_date_time_format (today, "%Y-%m-%d");

      keika_fake_anitrack_set_string (&e->pub.completed_at, date);
    }
}

void
keika_fake_anitrack_reply_entry (KeikaFakeAnitrack   *self,
                                 KeikaFakeContext    *ctx,
                                 guint                status,
                                 const AnitrackEntry *e)
{
  GString *out = g_string_new (NULL);

  append_entry (self, out, e);
  keika_fake_anitrack_reply_data (ctx, status, out);
}

/* Reading */

static int
compare_newest (gconstpointer a,
                gconstpointer b)
{
  const AnitrackEntry *x = *(const AnitrackEntry * const *) a;
  const AnitrackEntry *y = *(const AnitrackEntry * const *) b;

  if (x->pub.updated_at != y->pub.updated_at)
    return x->pub.updated_at > y->pub.updated_at ? -1 : 1;
  return x->sequence > y->sequence ? -1 : x->sequence < y->sequence ? 1 : 0;
}

static GPtrArray *
live_entries (AnitrackUser *user,
              const char   *status)
{
  GPtrArray *entries = g_ptr_array_new ();

  for (guint i = 0; i < user->entries->len; i++)
    {
      AnitrackEntry *e = g_ptr_array_index (user->entries, i);

      if (e->pub.deleted_at == 0 && (status == NULL || g_str_equal (e->pub.status, status)))
        g_ptr_array_add (entries, e);
    }
  g_ptr_array_sort (entries, compare_newest);

  return entries;
}

static void
serve_list_read (KeikaFakeAnitrack *self,
                 KeikaFakeContext  *ctx,
                 AnitrackUser      *user)
{
  const char *status = keika_fake_context_get_query (ctx, "status");
  const char *page_text = keika_fake_context_get_query (ctx, "page");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new ("{\"data\":[");
  guint64 page = 1;
  guint start = 0, end, last = 1;

  if (status != NULL && !keika_fake_anitrack_is_status (status))
    keika_fake_anitrack_add_error (errors, "status", "The selected status is invalid.");
  if (page_text != NULL && !g_ascii_string_to_unsigned (page_text, 10, 1, G_MAXUINT, &page, NULL))
    keika_fake_anitrack_add_error (errors, "page", "The page field must be an integer.");
  if (errors->len > 0)
    {
      g_string_free (out, TRUE);
      keika_fake_anitrack_reply_invalid (ctx, errors);
      return;
    }

  entries = live_entries (user, status);
  end = entries->len;
  if (self->page_size > 0)
    {
      last = MAX ((entries->len + self->page_size - 1) / self->page_size, 1);
      start = MIN ((page - 1) * self->page_size, entries->len);
      end = MIN (start + self->page_size, entries->len);
    }
  for (guint i = start; i < end; i++)
    {
      if (i > start)
        g_string_append_c (out, ',');
      append_entry (self, out, g_ptr_array_index (entries, i));
    }
  g_string_append_c (out, ']');

  if (self->page_size > 0)
    {
      const char *base = keika_fake_sites_get_url (self->sites, "anitrack-api");
      g_autofree char *filter = status != NULL ? g_strdup_printf ("status=%s&", status)
                                               : g_strdup ("");

      g_string_append (out, ",\"links\":{\"next\":");
      if (page < last)
        g_string_append_printf (out, "\"%s/list?%spage=%" G_GUINT64_FORMAT "\"", base, filter,
                                page + 1);
      else
        g_string_append (out, "null");
      g_string_append_printf (out, "},\"meta\":{\"current_page\":%" G_GUINT64_FORMAT
                              ",\"last_page\":%u,\"per_page\":%u,\"total\":%u}",
                              page, last, self->page_size, entries->len);
    }
  g_string_append_c (out, '}');
  keika_fake_reply_json (ctx, SOUP_STATUS_OK, out);
}

gboolean
keika_fake_anitrack_parse_id (const char *text,
                              gint64     *id)
{
  return g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, id, NULL);
}

void
keika_fake_anitrack_serve_list (KeikaFakeAnitrack *self,
                                KeikaFakeContext  *ctx,
                                AnitrackUser      *user)
{
  const char *path = ctx->path;
  gboolean get = keika_fake_context_is_method (ctx, "GET");
  AnitrackEntry *e = NULL;
  gint64 id;

  if (g_str_equal (path, "/list"))
    {
      if (get)
        serve_list_read (self, ctx, user);
      else if (keika_fake_context_is_method (ctx, "POST"))
        keika_fake_anitrack_write_entry (self, ctx, user, NULL);
      else
        keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                         "The method is not supported for route list.");
      return;
    }

  if (g_str_has_prefix (path, "/list/anime/"))
    {
      if (keika_fake_anitrack_parse_id (path + strlen ("/list/anime/"), &id))
        e = g_hash_table_lookup (user->live, &id);
      if (!get)
        keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                         "The method is not supported for this route.");
      else if (e == NULL)
        keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "Not Found.");
      else
        keika_fake_anitrack_reply_entry (self, ctx, SOUP_STATUS_OK, e);
      return;
    }

  if (keika_fake_anitrack_parse_id (path + strlen ("/list/"), &id))
    e = g_hash_table_lookup (self->entries_by_id, &id);
  if (e != NULL && (e->user != user || e->pub.deleted_at != 0))
    e = NULL;

  if (keika_fake_context_is_method (ctx, "PATCH") || keika_fake_context_is_method (ctx, "PUT"))
    {
      if (e == NULL)
        keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "Not Found.");
      else
        keika_fake_anitrack_write_entry (self, ctx, user, e);
    }
  else if (keika_fake_context_is_method (ctx, "DELETE"))
    {
      if (e == NULL)
        keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "Not Found.");
      else
        {
          e->pub.deleted_at = now_unix ();
          g_hash_table_remove (user->live, &e->pub.anime_id);
          keika_fake_reply (ctx, SOUP_STATUS_NO_CONTENT, NULL, NULL);
        }
    }
  else
    keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                     "The method is not supported for this route.");
}

/* Public: lists */

/**
 * keika_fake_anitrack_add_entry:
 * @user: a user name; the user is created if needed
 * @entry: the entry; copied. Its anime need not be one AniTrack has (a
 *   test may want an entry of an anime gone since).
 *
 * Adds @entry to the list of @user, replacing the entry of that anime; no
 * check, no completion by progress.
 *
 * Returns: the new entry's id
 */
gint64
keika_fake_anitrack_add_entry (KeikaFakeAnitrack            *self,
                               const char                   *user,
                               const KeikaFakeAnitrackEntry *entry)
{
  AnitrackUser *u;
  AnitrackEntry *e;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);
  g_return_val_if_fail (user != NULL && entry != NULL && entry->anime_id > 0, 0);

  u = keika_fake_anitrack_ensure_user (self, user);
  if ((e = g_hash_table_lookup (u->live, &entry->anime_id)) != NULL)
    {
      e->pub.deleted_at = now_unix ();
      g_hash_table_remove (u->live, &entry->anime_id);
    }

  e = keika_fake_anitrack_create_entry (self, u, entry->anime_id);
  keika_fake_anitrack_set_string (&e->pub.status, entry->status != NULL ? entry->status : "plan_to_watch");
  e->pub.score = MIN (entry->score, 100);
  e->pub.progress = entry->progress;
  e->pub.is_rewatching = entry->is_rewatching;
  e->pub.rewatch_count = entry->rewatch_count;
  keika_fake_anitrack_set_string (&e->pub.started_at, entry->started_at);
  keika_fake_anitrack_set_string (&e->pub.completed_at, entry->completed_at);
  keika_fake_anitrack_set_string (&e->pub.notes, entry->notes);
  e->pub.tags = (const char * const *) (entry->tags != NULL ? g_strdupv ((char **) entry->tags)
                                                            : NULL);
  e->pub.is_private = entry->is_private;
  keika_fake_anitrack_touch (self, e, entry->updated_at);
  e->created_at = MIN (e->created_at, e->pub.updated_at);

  return e->pub.id;
}

/* The entry of @anime_id on the list of @user, or NULL. (transfer none) */
const KeikaFakeAnitrackEntry *
keika_fake_anitrack_lookup_entry (KeikaFakeAnitrack *self,
                                  const char        *user,
                                  gint64             anime_id)
{
  AnitrackUser *u;
  AnitrackEntry *e;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), NULL);

  u = keika_fake_anitrack_find_user (self, user);
  e = u != NULL ? g_hash_table_lookup (u->live, &anime_id) : NULL;

  return e != NULL ? &e->pub : NULL;
}

/* The entry of @entry_id, deleted ones too (deleted_at says). (transfer none) */
const KeikaFakeAnitrackEntry *
keika_fake_anitrack_find_entry (KeikaFakeAnitrack *self,
                                gint64             entry_id)
{
  AnitrackEntry *e;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), NULL);

  e = g_hash_table_lookup (self->entries_by_id, &entry_id);

  return e != NULL ? &e->pub : NULL;
}

/* The entries on the list of @user (not the deleted ones). */
guint
keika_fake_anitrack_get_n_entries (KeikaFakeAnitrack *self,
                                   const char        *user)
{
  AnitrackUser *u;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);

  u = keika_fake_anitrack_find_user (self, user);

  return u != NULL ? g_hash_table_size (u->live) : 0;
}

/* The entries of @anime_id @user ever had, deleted ones too: a duplicate
 * created by a resent POST shows here. */
guint
keika_fake_anitrack_count_entries_of (KeikaFakeAnitrack *self,
                                      const char        *user,
                                      gint64             anime_id)
{
  AnitrackUser *u;
  guint n = 0;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);

  u = keika_fake_anitrack_find_user (self, user);
  for (guint i = 0; u != NULL && i < u->entries->len; i++)
    if (((AnitrackEntry *) g_ptr_array_index (u->entries, i))->pub.anime_id == anime_id)
      n++;

  return n;
}

/**
 * keika_fake_anitrack_get_entries:
 *
 * Returns: (transfer container) (element-type KeikaFakeAnitrackEntry): the
 *   entries on the list of @user, most recently updated first
 */
GPtrArray *
keika_fake_anitrack_get_entries (KeikaFakeAnitrack *self,
                                 const char        *user)
{
  AnitrackUser *u;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), NULL);

  u = keika_fake_anitrack_find_user (self, user);

  return u != NULL ? live_entries (u, NULL) : g_ptr_array_new ();
}

/* Pages GET /list Laravel's way, @per_page entries a page; 0 (the seed's
 * way, the default) serves every entry at once. */
void
keika_fake_anitrack_set_page_size (KeikaFakeAnitrack *self,
                                   guint              per_page)
{
  g_return_if_fail (KEIKA_IS_FAKE_ANITRACK (self));

  self->page_size = per_page;
}
