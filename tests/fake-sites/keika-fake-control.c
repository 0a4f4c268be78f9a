/* keika-fake-control.c: control paths, for a test in another process
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When keika_fake_sites_set_control() enables them (the program does with
 * --control), the fake answers these paths itself, on its own port:
 *
 *   POST   /_fake/faults          body: one fault spec, as --fault takes it
 *                                 (keika_fake_sites_inject_spec()) → {"id":N}
 *   DELETE /_fake/faults          removes every fault ("the network is back")
 *   GET    /_fake/requests        the request log, oldest first → [{…}, …]
 *   DELETE /_fake/requests        empties the log
 *   GET    /_fake/secrets         every code, token and verifier the fake
 *                                 MyAnimeList issued or received, every token
 *                                 the fake AniList issued → ["…", …]
 *   GET    /_fake/mal/list?user=NAME   the list MyAnimeList holds for NAME
 *   POST   /_fake/mal/entry?user=NAME&anime_id=ID[&num_episodes_watched=N]
 *          [&status=S][&score=N]   changes an entry of NAME's list as the
 *                                 person would on the site (its updated_at
 *                                 becomes now) → the entry, as in the list;
 *                                 404 when NAME's list has no such entry
 *   DELETE /_fake/mal/anime?id=ID removes the anime from the catalogue and
 *                                 from every list, as when MyAnimeList deletes
 *                                 it from its database: a change to it is then
 *                                 refused for good (PATCH …/my_list_status
 *                                 answers 404) → {}; 404 when there is none
 *   POST   /_fake/anilist/token?user=NAME[&lifetime=S]   signs NAME in to AniList
 *                                 without the browser (a token to paste; the
 *                                 user is created if needed) →
 *                                 {"access_token":"…","token_type":"Bearer","expires_in":S}
 *   POST   /_fake/anilist/expire  every AniList token expires → {}
 *   GET    /_fake/anilist/list?user=NAME   the list AniList holds for NAME, by
 *                                 media id → [{"id":…,"media_id":…,…}, …]
 *   POST   /_fake/anilist/entry?user=NAME&media_id=ID[&progress=N][&status=S]
 *          [&score_raw=N]         changes an entry of NAME's AniList list as the
 *                                 person would on the site (its updatedAt
 *                                 becomes now) → the entry; 404 when there is none
 *
 * A record of the log has site, method, path, site_path, query (or null),
 * status, fault ("none", "close", …) and form (the decoded form fields of the
 * body); a request with a JSON body (AniList's GraphQL) has it as body too. Control requests are never logged and faults never apply to them.
 * Errors are {"error":"…"} with 400, 404 or 405.
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <json-glib/json-glib.h>

#include "keika-fake-anilist.h"
#include "keika-fake-mal.h"
#include "keika-fake-sites-private.h"

static void
reply (SoupServerMessage *msg,
       guint              status,
       JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  reply (msg, status, builder);
}

static void
reply_empty (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  reply (msg, SOUP_STATUS_OK, builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_fault (KeikaFakeSites    *self,
           SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  guint id;

  spec = g_strstrip (g_strndup (data != NULL ? data : "", length));
  id = keika_fake_sites_inject_spec (self, spec, &error);
  if (id == 0)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  json_builder_begin_object (builder);
  add_int (builder, "id", id);
  json_builder_end_object (builder);
  reply (msg, SOUP_STATUS_OK, builder);
}

static void
list_requests (KeikaFakeSites    *self,
               SoupServerMessage *msg)
{
  g_autoptr(GPtrArray) requests = keika_fake_sites_get_requests (self, NULL, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < requests->len; i++)
    {
      KeikaFakeRequest *request = g_ptr_array_index (requests, i);
      GHashTableIter iter;
      gpointer name, value;

      json_builder_begin_object (builder);
      add_string (builder, "site", request->site);
      add_string (builder, "method", request->method);
      add_string (builder, "path", request->path);
      add_string (builder, "site_path", request->site_path);
      add_string (builder, "query", request->query);
      add_int (builder, "status", request->status);
      add_string (builder, "fault", keika_fake_fault_to_string (request->fault));
      json_builder_set_member_name (builder, "form");
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&iter, request->form);
      while (g_hash_table_iter_next (&iter, &name, &value))
        add_string (builder, name, value);
      json_builder_end_object (builder);
      if (g_strcmp0 (soup_message_headers_get_content_type (request->headers, NULL),
                     "application/json") == 0)
        {
          gsize length;
          const char *data = g_bytes_get_data (request->body, &length);
          g_autofree char *text = g_strndup (data != NULL ? data : "", length);

          add_string (builder, "body", text);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  reply (msg, SOUP_STATUS_OK, builder);
}

static void
list_secrets (KeikaFakeSites    *self,
              SoupServerMessage *msg)
{
  g_auto(GStrv) secrets = keika_fake_mal_dup_secrets (keika_fake_sites_get_mal (self));
  g_auto(GStrv) tokens = keika_fake_anilist_dup_secrets (keika_fake_sites_get_anilist (self));
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; secrets[i] != NULL; i++)
    json_builder_add_string_value (builder, secrets[i]);
  for (guint i = 0; tokens[i] != NULL; i++)
    json_builder_add_string_value (builder, tokens[i]);
  json_builder_end_array (builder);
  reply (msg, SOUP_STATUS_OK, builder);
}

static void
add_mal_entry (JsonBuilder             *builder,
               const KeikaFakeMalEntry *entry)
{
  json_builder_begin_object (builder);
  add_int (builder, "anime_id", entry->anime_id);
  add_string (builder, "status", entry->status);
  add_int (builder, "score", entry->score);
  add_int (builder, "num_episodes_watched", entry->num_episodes_watched);
  add_int (builder, "updated_at", entry->updated_at);
  json_builder_end_object (builder);
}

static void
list_mal_entries (KeikaFakeSites    *self,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  const char *user = query != NULL ? g_hash_table_lookup (query, "user") : NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (user == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "no user");
      return;
    }

  entries = keika_fake_mal_get_entries (keika_fake_sites_get_mal (self), user);
  if (entries == NULL)
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such user");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    add_mal_entry (builder, g_ptr_array_index (entries, i));
  json_builder_end_array (builder);
  reply (msg, SOUP_STATUS_OK, builder);
}

/* A number of a query; FALSE when it is there and not in [0, max]. */
static gboolean
get_query_uint (GHashTable *query,
                const char *name,
                guint64     max,
                gboolean   *present,
                guint64    *value)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  *present = text != NULL;
  return text == NULL || g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL);
}

static void
change_mal_entry (KeikaFakeSites    *self,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  static const char * const statuses[] = {
    "watching", "completed", "on_hold", "dropped", "plan_to_watch", NULL
  };
  KeikaFakeMal *mal = keika_fake_sites_get_mal (self);
  const char *user = query != NULL ? g_hash_table_lookup (query, "user") : NULL;
  const char *status = query != NULL ? g_hash_table_lookup (query, "status") : NULL;
  const KeikaFakeMalEntry *old;
  KeikaFakeMalEntry entry;
  g_autoptr(JsonBuilder) builder = NULL;
  gboolean has_id, has_episodes, has_score;
  guint64 anime_id = 0, episodes = 0, score = 0;

  if (user == NULL
      || !get_query_uint (query, "anime_id", G_MAXINT64, &has_id, &anime_id) || !has_id
      || anime_id == 0)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "user and anime_id are needed");
      return;
    }
  if (!get_query_uint (query, "num_episodes_watched", 100000, &has_episodes, &episodes)
      || !get_query_uint (query, "score", 10, &has_score, &score)
      || (status != NULL && !g_strv_contains (statuses, status)))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid num_episodes_watched, score or status");
      return;
    }

  old = keika_fake_mal_lookup_entry (mal, user, (gint64) anime_id);
  if (old == NULL)
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such entry");
      return;
    }

  /* A copy of the entry with the changes; keika_fake_mal_add_entry() copies
   * its strings before it replaces the old one. */
  entry = *old;
  if (has_episodes)
    entry.num_episodes_watched = (guint) episodes;
  if (has_score)
    entry.score = (guint) score;
  if (status != NULL)
    entry.status = status;
  entry.updated_at = 0;
  keika_fake_mal_add_entry (mal, user, &entry);

  builder = json_builder_new ();
  add_mal_entry (builder, keika_fake_mal_lookup_entry (mal, user, (gint64) anime_id));
  reply (msg, SOUP_STATUS_OK, builder);
}

static void
remove_mal_anime (KeikaFakeSites    *self,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  gboolean has_id;
  guint64 id = 0;

  if (!get_query_uint (query, "id", G_MAXINT64, &has_id, &id) || !has_id || id == 0)
    reply_error (msg, SOUP_STATUS_BAD_REQUEST, "an anime id is needed");
  else if (!keika_fake_mal_remove_anime (keika_fake_sites_get_mal (self), (gint64) id))
    reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such anime");
  else
    reply_empty (msg);
}

/* AniList */

static void
issue_anilist_token (KeikaFakeSites    *self,
                     SoupServerMessage *msg,
                     GHashTable        *query)
{
  const char *user = query != NULL ? g_hash_table_lookup (query, "user") : NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *token = NULL;
  gboolean has_lifetime;
  guint64 lifetime = 31536000;

  if (user == NULL || *user == '\0'
      || !get_query_uint (query, "lifetime", G_MAXINT32, &has_lifetime, &lifetime))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "a user is needed, and a lifetime in seconds");
      return;
    }

  token = keika_fake_anilist_issue_token (keika_fake_sites_get_anilist (self), user,
                                          (gint64) lifetime);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "access_token", token);
  add_string (builder, "token_type", "Bearer");
  add_int (builder, "expires_in", (gint64) lifetime);
  json_builder_end_object (builder);
  reply (msg, SOUP_STATUS_OK, builder);
}

static void
add_anilist_date (JsonBuilder                *builder,
                  const char                 *name,
                  const KeikaFakeAnilistDate *date)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_int (builder, "year", date->year);
  add_int (builder, "month", date->month);
  add_int (builder, "day", date->day);
  json_builder_end_object (builder);
}

static void
add_anilist_entry (JsonBuilder                 *builder,
                   const KeikaFakeAnilistEntry *entry)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", entry->id);
  add_int (builder, "media_id", entry->media_id);
  add_string (builder, "status", entry->status);
  add_int (builder, "score_raw", entry->score_raw);
  add_int (builder, "progress", entry->progress);
  add_int (builder, "repeat", entry->repeat);
  add_int (builder, "priority", entry->priority);
  json_builder_set_member_name (builder, "private");
  json_builder_add_boolean_value (builder, entry->is_private);
  add_string (builder, "notes", entry->notes);
  json_builder_set_member_name (builder, "hidden_from_status_lists");
  json_builder_add_boolean_value (builder, entry->hidden_from_status_lists);
  json_builder_set_member_name (builder, "custom_lists");
  json_builder_begin_array (builder);
  for (guint i = 0; entry->custom_lists != NULL && entry->custom_lists[i] != NULL; i++)
    json_builder_add_string_value (builder, entry->custom_lists[i]);
  json_builder_end_array (builder);
  add_anilist_date (builder, "started_at", &entry->started_at);
  add_anilist_date (builder, "completed_at", &entry->completed_at);
  add_int (builder, "updated_at", entry->updated_at);
  json_builder_end_object (builder);
}

static void
list_anilist_entries (KeikaFakeSites    *self,
                      SoupServerMessage *msg,
                      GHashTable        *query)
{
  const char *user = query != NULL ? g_hash_table_lookup (query, "user") : NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (user == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "no user");
      return;
    }

  entries = keika_fake_anilist_get_entries (keika_fake_sites_get_anilist (self), user);
  if (entries == NULL)
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such user");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    add_anilist_entry (builder, g_ptr_array_index (entries, i));
  json_builder_end_array (builder);
  reply (msg, SOUP_STATUS_OK, builder);
}

static void
change_anilist_entry (KeikaFakeSites    *self,
                      SoupServerMessage *msg,
                      GHashTable        *query)
{
  static const char * const statuses[] = {
    "CURRENT", "PLANNING", "COMPLETED", "DROPPED", "PAUSED", "REPEATING", NULL
  };
  KeikaFakeAnilist *anilist = keika_fake_sites_get_anilist (self);
  const char *user = query != NULL ? g_hash_table_lookup (query, "user") : NULL;
  const char *status = query != NULL ? g_hash_table_lookup (query, "status") : NULL;
  const KeikaFakeAnilistEntry *old;
  KeikaFakeAnilistEntry entry;
  g_autoptr(JsonBuilder) builder = NULL;
  gboolean has_id, has_progress, has_score;
  guint64 media_id = 0, progress = 0, score = 0;

  if (user == NULL
      || !get_query_uint (query, "media_id", G_MAXINT64, &has_id, &media_id) || !has_id
      || media_id == 0)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "user and media_id are needed");
      return;
    }
  if (!get_query_uint (query, "progress", 100000, &has_progress, &progress)
      || !get_query_uint (query, "score_raw", 100, &has_score, &score)
      || (status != NULL && !g_strv_contains (statuses, status)))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid progress, score_raw or status");
      return;
    }

  old = keika_fake_anilist_lookup_entry (anilist, user, (gint64) media_id);
  if (old == NULL)
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such entry");
      return;
    }

  /* A copy with the changes; keika_fake_anilist_add_entry() copies the
   * strings before it replaces the old ones. */
  entry = *old;
  if (has_progress)
    entry.progress = (guint) progress;
  if (has_score)
    entry.score_raw = (guint) score;
  if (status != NULL)
    entry.status = status;
  entry.updated_at = 0;
  keika_fake_anilist_add_entry (anilist, user, &entry);

  builder = json_builder_new ();
  add_anilist_entry (builder, keika_fake_anilist_lookup_entry (anilist, user, (gint64) media_id));
  reply (msg, SOUP_STATUS_OK, builder);
}

/* Answers a request for a path under /_fake (see the top of this file). */
void
keika_fake_control_serve (KeikaFakeSites    *self,
                          SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean is_get = g_str_equal (method, "GET");
  gboolean is_delete = g_str_equal (method, "DELETE");

  if (g_str_equal (path, "/_fake/faults"))
    {
      if (g_str_equal (method, "POST"))
        add_fault (self, msg);
      else if (is_delete)
        {
          keika_fake_sites_clear_faults (self);
          reply_empty (msg);
        }
      else
        reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "POST or DELETE");
    }
  else if (g_str_equal (path, "/_fake/requests"))
    {
      if (is_get)
        list_requests (self, msg);
      else if (is_delete)
        {
          keika_fake_sites_clear_requests (self);
          reply_empty (msg);
        }
      else
        reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "GET or DELETE");
    }
  else if (g_str_equal (path, "/_fake/secrets") && is_get)
    list_secrets (self, msg);
  else if (g_str_equal (path, "/_fake/mal/list") && is_get)
    list_mal_entries (self, msg, query);
  else if (g_str_equal (path, "/_fake/mal/entry") && g_str_equal (method, "POST"))
    change_mal_entry (self, msg, query);
  else if (g_str_equal (path, "/_fake/mal/anime") && is_delete)
    remove_mal_anime (self, msg, query);
  else if (g_str_equal (path, "/_fake/anilist/token") && g_str_equal (method, "POST"))
    issue_anilist_token (self, msg, query);
  else if (g_str_equal (path, "/_fake/anilist/expire") && g_str_equal (method, "POST"))
    {
      keika_fake_anilist_expire_tokens (keika_fake_sites_get_anilist (self));
      reply_empty (msg);
    }
  else if (g_str_equal (path, "/_fake/anilist/list") && is_get)
    list_anilist_entries (self, msg, query);
  else if (g_str_equal (path, "/_fake/anilist/entry") && g_str_equal (method, "POST"))
    change_anilist_entry (self, msg, query);
  else
    reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such control path");
}
