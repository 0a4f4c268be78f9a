/* test-fake-anilist-util.c: what the tests of the fake AniList share
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "test-fake-anilist-util.h"

void
anilist_reply_free (AnilistReply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

void
anilist_fixture_set_up (AnilistFixture *f,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  f->fake = keika_fake_sites_new (&error);
  g_assert_no_error (error);
  f->anilist = keika_fake_sites_get_anilist (f->fake);
  f->session = soup_session_new ();
  f->api = keika_fake_sites_get_url (f->fake, "anilist-api");
  f->auth = keika_fake_sites_get_url (f->fake, "anilist-auth");

  /* Fast tests: no rate limit unless the test is about it. */
  if (data == NULL)
    keika_fake_sites_set_rate_limit (f->fake, "anilist", 0, 0);
}

void
anilist_fixture_tear_down (AnilistFixture *f,
                           gconstpointer   data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->fake);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* HTTP */

typedef struct
{
  SoupMessage        *msg;
  GBytes             *body;
  gboolean            done;
} Pending;

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *p = user_data;
  g_autoptr(GError) error = NULL;

  p->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  p->done = TRUE;
}

AnilistReply *
anilist_request (AnilistFixture *f,
                 const char     *method,
                 const char     *url,
                 const char     *token,
                 const char     *content_type,
                 const char     *body)
{
  Pending p = { NULL, };
  AnilistReply *reply = g_new0 (AnilistReply, 1);
  const char *type;

  p.msg = soup_message_new (method, url);
  g_assert_nonnull (p.msg);
  soup_message_add_flags (p.msg, SOUP_MESSAGE_NO_REDIRECT);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (p.msg),
                                    "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (p.msg, content_type, bytes);
    }
  soup_session_send_and_read_async (f->session, p.msg, G_PRIORITY_DEFAULT, NULL, send_cb, &p);
  while (!p.done)
    g_main_context_iteration (NULL, TRUE);

  reply->status = soup_message_get_status (p.msg);
  reply->body = p.body;
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (p.msg));
  type = soup_message_headers_get_content_type (reply->headers, NULL);
  if (g_strcmp0 (type, "application/json") == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strndup (g_bytes_get_data (reply->body, NULL),
                                         g_bytes_get_size (reply->body));

      reply->json = json_from_string (text, &error);
      g_assert_no_error (error);
    }
  g_object_unref (p.msg);

  return reply;
}

/* POSTs {"query": @query, "variables": @variables (JSON text, or NULL)}. */
AnilistReply *
anilist_gql (AnilistFixture *f,
             const char     *token,
             const char     *query,
             const char     *variables)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, query);
  if (variables != NULL)
    {
      g_autoptr(GError) error = NULL;

      json_builder_set_member_name (builder, "variables");
      json_builder_add_value (builder, json_from_string (variables, &error));
      g_assert_no_error (error);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  return anilist_request (f, "POST", f->api, token, "application/json", body);
}

char *
read_anilist_query (const char *name)
{
  g_autofree char *path = g_build_filename (KEIKA_ANILIST_QUERY_DIR, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

/* JSON: "data.Page.media[0].title.romaji" */

JsonNode *
node_at (JsonNode   *node,
         const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      char *bracket = strchr (parts[i], '[');

      if (bracket != parts[i])
        {
          g_autofree char *name = bracket != NULL ? g_strndup (parts[i], bracket - parts[i])
                                                  : g_strdup (parts[i]);

          if (!JSON_NODE_HOLDS_OBJECT (node)
              || !json_object_has_member (json_node_get_object (node), name))
            return NULL;
          node = json_object_get_member (json_node_get_object (node), name);
        }
      while (bracket != NULL && node != NULL)
        {
          guint index = atoi (bracket + 1);

          if (!JSON_NODE_HOLDS_ARRAY (node)
              || index >= json_array_get_length (json_node_get_array (node)))
            return NULL;
          node = json_array_get_element (json_node_get_array (node), index);
          bracket = strchr (bracket + 1, '[');
        }
    }

  return node;
}

gint64
node_int (JsonNode   *node,
          const char *path)
{
  JsonNode *value = node_at (node, path);

  g_assert_nonnull (value);
  g_assert_true (JSON_NODE_HOLDS_VALUE (value));

  return json_node_get_int (value);
}

const char *
node_string (JsonNode   *node,
             const char *path)
{
  JsonNode *value = node_at (node, path);

  g_assert_nonnull (value);

  return JSON_NODE_HOLDS_NULL (value) ? NULL : json_node_get_string (value);
}

gboolean
node_null (JsonNode   *node,
           const char *path)
{
  JsonNode *value = node_at (node, path);

  g_assert_nonnull (value);

  return JSON_NODE_HOLDS_NULL (value);
}

gboolean
node_bool (JsonNode   *node,
           const char *path)
{
  JsonNode *value = node_at (node, path);

  g_assert_nonnull (value);
  g_assert_true (JSON_NODE_HOLDS_VALUE (value));

  return json_node_get_boolean (value);
}

guint
node_length (JsonNode   *node,
             const char *path)
{
  JsonNode *value = node_at (node, path);

  g_assert_nonnull (value);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (value));

  return json_array_get_length (json_node_get_array (value));
}

/* The members of the object at @path are exactly @names (space-separated), in order. */
void
assert_members (JsonNode   *node,
                const char *path,
                const char *names)
{
  JsonNode *value = node_at (node, path);
  g_autoptr(GList) members = NULL;
  g_autoptr(GString) found = g_string_new (NULL);

  g_assert_nonnull (value);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (value));
  members = json_object_get_members (json_node_get_object (value));
  for (GList *l = members; l != NULL; l = l->next)
    g_string_append_printf (found, "%s%s", found->len > 0 ? " " : "", (const char *) l->data);
  g_assert_cmpstr (found->str, ==, names);
}

/* The one error of @reply: its message, and its status as the HTTP status. */
void
assert_graphql_error (AnilistReply *reply,
                      guint         status,
                      const char   *message)
{
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_nonnull (reply->json);
  g_assert_cmpuint (node_length (reply->json, "errors"), ==, 1);
  g_assert_cmpstr (node_string (reply->json, "errors[0].message"), ==, message);
  g_assert_cmpint (node_int (reply->json, "errors[0].status"), ==, status);
}

char *
anilist_reply_text (AnilistReply *reply)
{
  return g_strndup (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));
}

GPtrArray *
collection_entries (JsonNode   *json,
                    GHashTable *ids)
{
  GPtrArray *entries = g_ptr_array_new ();
  JsonArray *lists = json_node_get_array (node_at (json, "data.MediaListCollection.lists"));

  for (guint i = 0; i < json_array_get_length (lists); i++)
    {
      JsonNode *list = json_array_get_element (lists, i);
      JsonArray *items = json_node_get_array (node_at (list, "entries"));
      gboolean custom = json_node_get_boolean (node_at (list, "isCustomList"));

      g_assert_true (custom == node_null (list, "status"));
      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          JsonNode *entry = json_array_get_element (items, j);
          gint64 id = node_int (entry, "id");

          /* Hidden from the status lists: only in custom ones. */
          if (json_node_get_boolean (node_at (entry, "hiddenFromStatusLists")))
            g_assert_true (custom);
          else if (!custom)
            g_assert_cmpstr (node_string (entry, "status"), ==, node_string (list, "status"));
          if (!g_hash_table_contains (ids, &id))
            {
              gint64 *key = g_new (gint64, 1);

              *key = id;
              g_hash_table_add (ids, key);
              g_ptr_array_add (entries, entry);
            }
        }
    }

  return entries;
}

AnilistReply *
anilist_save (AnilistFixture *f,
              const char     *token,
              const char     *variables)
{
  g_autofree char *query = read_anilist_query ("save.graphql");

  return anilist_gql (f, token, query, variables);
}
