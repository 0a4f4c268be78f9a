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
 *                                 MyAnimeList issued or received → ["…", …]
 *   GET    /_fake/mal/list?user=NAME   the list MyAnimeList holds for NAME
 *
 * A record of the log has site, method, path, site_path, query (or null),
 * status, fault ("none", "close", …) and form (the decoded form fields of the
 * body). Control requests are never logged and faults never apply to them.
 * Errors are {"error":"…"} with 400, 404 or 405.
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <json-glib/json-glib.h>

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
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; secrets[i] != NULL; i++)
    json_builder_add_string_value (builder, secrets[i]);
  json_builder_end_array (builder);
  reply (msg, SOUP_STATUS_OK, builder);
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
    {
      const KeikaFakeMalEntry *entry = g_ptr_array_index (entries, i);

      json_builder_begin_object (builder);
      add_int (builder, "anime_id", entry->anime_id);
      add_string (builder, "status", entry->status);
      add_int (builder, "score", entry->score);
      add_int (builder, "num_episodes_watched", entry->num_episodes_watched);
      add_int (builder, "updated_at", entry->updated_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
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
  else
    reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such control path");
}
