/* net-test-server.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNetTest"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net-test-server.h"

/* The delay of /slow. */
#define SLOW_MS 1500

struct _TestServer
{
  SoupServer *server;
  guint       port;
  GHashTable *hits;      /* path → GArray of gint64 */
  GHashTable *bodies;    /* path → GBytes */
  GHashTable *headers;   /* path → SoupMessageHeaders */
  GBytes     *large;
  guint       large_count;
  guint       pending;   /* delayed answers not sent yet */
};

typedef struct
{
  TestServer        *server;
  SoupServerMessage *message;  /* (owned) */
  guint              source_id;
  gulong             disconnected_id;
} Delayed;

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
respond_json (SoupServerMessage *message,
              guint              status,
              const char        *body)
{
  respond (message, status, "application/json; charset=utf-8", body);
}

static void
delayed_free (Delayed *delayed)
{
  if (delayed->disconnected_id != 0)
    g_signal_handler_disconnect (delayed->message, delayed->disconnected_id);
  g_object_unref (delayed->message);
  delayed->server->pending--;
  g_free (delayed);
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  respond_json (delayed->message, 200, "{\"slow\": true}");
  soup_server_message_unpause (delayed->message);
  delayed->source_id = 0;
  delayed_free (delayed);

  return G_SOURCE_REMOVE;
}

static void
delayed_disconnected_cb (SoupServerMessage *message,
                         gpointer           user_data)
{
  Delayed *delayed = user_data;

  /* The client gave up: answer nobody. */
  g_source_remove (delayed->source_id);
  delayed->source_id = 0;
  g_signal_handler_disconnect (delayed->message, delayed->disconnected_id);
  delayed->disconnected_id = 0;
  delayed_free (delayed);
}

static void
record (TestServer        *self,
        const char        *path,
        SoupServerMessage *message)
{
  GArray *times = g_hash_table_lookup (self->hits, path);
  gint64 now = g_get_monotonic_time ();
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->hits, g_strdup (path), times);
    }
  g_array_append_val (times, now);

  g_hash_table_insert (self->bodies, g_strdup (path), soup_message_body_flatten (body));
  g_hash_table_insert (self->headers, g_strdup (path),
                       soup_message_headers_ref (soup_server_message_get_request_headers (message)));
}

static void
handler (SoupServer        *soup_server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  TestServer *self = user_data;
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);
  guint hits;

  record (self, path, message);
  hits = test_server_hits (self, path);

  if (g_str_equal (path, "/ok") || g_str_equal (path, "/count") || g_str_equal (path, "/other"))
    respond_json (message, 200, "{\"ok\": true}");
  else if (g_str_equal (path, "/echo"))
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

      /* The body back, as JSON when it was JSON; a form as a JSON object. */
      if (g_str_has_prefix (text, "{"))
        respond_json (message, 200, text);
      else
        {
          g_autoptr(GHashTable) fields = soup_form_decode (text);
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *json = NULL;
          GHashTableIter iter;
          gpointer key, value;

          json_builder_begin_object (builder);
          g_hash_table_iter_init (&iter, fields);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              json_builder_set_member_name (builder, key);
              json_builder_add_string_value (builder, value);
            }
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          json = json_to_string (root, FALSE);
          respond_json (message, 200, json);
        }
    }
  else if (g_str_equal (path, "/401"))
    respond_json (message, 401, "{\"error\": \"invalid_token\", \"message\": \"token is invalid\"}");
  else if (g_str_equal (path, "/401-invalid-token"))
    {
      soup_message_headers_replace (response_headers, "WWW-Authenticate",
                                    "Bearer realm=\"api\", error=\"invalid_token\", "
                                    "error_description=\"The access token expired\"");
      respond_json (message, 401, "{\"error\": \"invalid_token\", \"message\": \"token is invalid\"}");
    }
  else if (g_str_equal (path, "/401-echo"))
    {
      /* A careless site that quotes the token it was sent. */
      const char *authorization = soup_message_headers_get_one (
          soup_server_message_get_request_headers (message), "Authorization");
      g_autofree char *body = g_strdup_printf ("{\"error\": \"invalid_token\", "
                                               "\"message\": \"bad token: %s\"}",
                                               authorization != NULL ? authorization + 7 : "");

      respond_json (message, 401, body);
    }
  else if (g_str_equal (path, "/400-echo"))
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (message));
      g_autofree char *form = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      g_autoptr(GHashTable) fields = soup_form_decode (form);
      g_autofree char *answer = g_strdup_printf ("{\"error\": \"invalid_grant\", "
                                                 "\"message\": \"code %s or verifier %s or refresh %s\"}",
                                                 (char *) g_hash_table_lookup (fields, "code"),
                                                 (char *) g_hash_table_lookup (fields, "code_verifier"),
                                                 (char *) g_hash_table_lookup (fields, "refresh_token"));

      respond_json (message, 400, answer);
    }
  else if (g_str_equal (path, "/403"))
    respond_json (message, 403, "{\"error\": \"forbidden\", \"message\": \"Not yours\"}");
  else if (g_str_equal (path, "/403-dos"))
    respond_json (message, 403, "{\"error\": \"forbidden\", \"message\": \"DoS detected\"}");
  else if (g_str_equal (path, "/404"))
    respond_json (message, 404, "{\"error\": \"not_found\", \"message\": \"\"}");
  else if (g_str_equal (path, "/422"))
    respond_json (message, 422,
                  "{\"message\": \"The given data was invalid.\", \"errors\": {"
                  "\"score\": [\"The score must be between 0 and 100.\"], "
                  "\"notes\": [\"The notes may not be greater than 2000 characters.\"]}}");
  else if (g_str_equal (path, "/429-once"))
    {
      if (hits == 1)
        {
          soup_message_headers_replace (response_headers, "Retry-After", "1");
          respond_json (message, 429, "{\"error\": \"too_many_requests\"}");
        }
      else
        respond_json (message, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/429"))
    {
      soup_message_headers_replace (response_headers, "Retry-After", "1");
      respond_json (message, 429,
                    "{\"data\": null, \"errors\": [{\"message\": \"Too Many Requests.\", "
                    "\"status\": 429}]}");
    }
  else if (g_str_equal (path, "/remaining-zero"))
    {
      soup_message_headers_replace (response_headers, "X-RateLimit-Limit", "90");
      soup_message_headers_replace (response_headers, "X-RateLimit-Remaining", "0");
      soup_message_headers_replace (response_headers, "X-RateLimit-Reset", "1");
      respond_json (message, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/500") || g_str_equal (path, "/502") || g_str_equal (path, "/503"))
    respond_json (message, (guint) atoi (path + 1), "{\"error\": \"internal\", \"message\": \"oops\"}");
  else if (g_str_equal (path, "/html"))
    respond (message, 200, "text/html; charset=utf-8",
             "<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
             "<body>Checking your browser</body></html>");
  else if (g_str_equal (path, "/html-503"))
    respond (message, 503, "text/html",
             "<html><body><h1>Down for maintenance</h1></body></html>");
  else if (g_str_equal (path, "/html-as-json"))
    respond_json (message, 200, "\n  <html><body>Bad gateway</body></html>");
  else if (g_str_equal (path, "/truncated"))
    respond_json (message, 200, "{\"data\": [{\"node\": {\"id\": 1, \"title\": \"Cowboy Be");
  else if (g_str_equal (path, "/deep") || g_str_equal (path, "/deep-500"))
    {
      /* A hostile or broken answer: arrays nested 100,000 deep (parsed in
       * a worker, being large), as a page and as an error body. */
      g_autofree char *deep = g_strnfill (100000, '[');

      respond_json (message, g_str_equal (path, "/deep") ? 200 : 500, deep);
    }
  else if (g_str_equal (path, "/not-json"))
    respond_json (message, 200, "Hello, this is not JSON at all");
  else if (g_str_equal (path, "/text-plain"))
    respond (message, 200, "text/plain", "Service temporarily unavailable");
  else if (g_str_equal (path, "/empty"))
    respond (message, 200, "application/json", "");
  else if (g_str_equal (path, "/graphql"))
    respond_json (message, 200,
                  "{\"data\": null, \"errors\": [{\"message\": \"validation\", \"status\": 400, "
                  "\"validation\": {\"scoreRaw\": [\"must be at most 100\"]}}]}");
  else if (g_str_equal (path, "/graphql-ok"))
    respond_json (message, 200, "{\"data\": {\"Viewer\": {\"id\": 1}}}");
  else if (g_str_equal (path, "/large"))
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json",
                                        SOUP_MEMORY_COPY,
                                        g_bytes_get_data (self->large, NULL),
                                        g_bytes_get_size (self->large));
    }
  else if (g_str_equal (path, "/slow"))
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->server = self;
      delayed->message = g_object_ref (message);
      delayed->source_id = g_timeout_add (SLOW_MS, delayed_cb, delayed);
      delayed->disconnected_id = g_signal_connect (message, "disconnected",
                                                   G_CALLBACK (delayed_disconnected_cb), delayed);
      self->pending++;
      soup_server_message_pause (message);
    }
  else
    respond_json (message, 404, "{\"error\": \"not_found\"}");
}

static GBytes *
make_large (guint *count)
{
  GString *text = g_string_new ("{\"data\": [");
  guint n = 0;

  /* MAL list entries, about 600 bytes each: 1700 of them make ~1 MB. */
  for (n = 0; n < 1700; n++)
    {
      if (n > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text,
                              "{\"node\": {\"id\": %u, \"title\": \"Anime number %u\", "
                              "\"main_picture\": {\"medium\": \"https://cdn.myanimelist.net/images/anime/%u/%u.jpg\", "
                              "\"large\": \"https://cdn.myanimelist.net/images/anime/%u/%ul.jpg\"}, "
                              "\"alternative_titles\": {\"synonyms\": [\"Synonym one %u\", \"Synonym two\"], "
                              "\"en\": \"English title %u\", \"ja\": \"日本語のタイトル %u\"}, "
                              "\"num_episodes\": %u, \"media_type\": \"tv\", \"status\": \"finished_airing\", "
                              "\"start_season\": {\"year\": %u, \"season\": \"spring\"}}, "
                              "\"list_status\": {\"status\": \"completed\", \"score\": %u, "
                              "\"num_episodes_watched\": %u, \"is_rewatching\": false, "
                              "\"updated_at\": \"2024-03-01T12:34:56+00:00\", \"start_date\": \"2020-01-02\", "
                              "\"finish_date\": \"2020-02-03\", \"priority\": 0, \"num_times_rewatched\": 0, "
                              "\"rewatch_value\": 0, \"tags\": [], \"comments\": \"\"}}",
                              n + 1, n, n % 100, n, n % 100, n, n, n, n, 12 + n % 13,
                              1990 + n % 35, n % 11, 12 + n % 13);
    }
  g_string_append (text, "], \"paging\": {}}");

  *count = n;
  return g_string_free_to_bytes (text);
}

TestServer *
test_server_new (void)
{
  TestServer *self = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->server = soup_server_new (NULL, NULL);
  self->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_array_unref);
  self->bodies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_bytes_unref);
  self->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) soup_message_headers_unref);
  self->large = make_large (&self->large_count);

  soup_server_add_handler (self->server, NULL, handler, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return self;
}

void
test_server_drain (TestServer *self)
{
  while (self->pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

void
test_server_free (TestServer *self)
{
  test_server_drain (self);
  soup_server_disconnect (self->server);
  g_object_unref (self->server);
  g_hash_table_unref (self->hits);
  g_hash_table_unref (self->bodies);
  g_hash_table_unref (self->headers);
  g_bytes_unref (self->large);
  g_free (self);
}

char *
test_server_uri (TestServer *self,
                 const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", self->port, path);
}

guint
test_server_hits (TestServer *self,
                  const char *path)
{
  GArray *times = g_hash_table_lookup (self->hits, path);

  return times != NULL ? times->len : 0;
}

gint64
test_server_hit_time (TestServer *self,
                      const char *path,
                      guint       index)
{
  GArray *times = g_hash_table_lookup (self->hits, path);

  g_assert_nonnull (times);
  g_assert_cmpuint (index, <, times->len);

  return g_array_index (times, gint64, index);
}

GBytes *
test_server_last_body (TestServer *self,
                       const char *path)
{
  return g_hash_table_lookup (self->bodies, path);
}

const char *
test_server_last_header (TestServer *self,
                         const char *path,
                         const char *name)
{
  SoupMessageHeaders *headers = g_hash_table_lookup (self->headers, path);

  return headers != NULL ? soup_message_headers_get_one (headers, name) : NULL;
}

guint
test_server_large_count (TestServer *self)
{
  return self->large_count;
}

KeikaHttpResponse *
test_send (KeikaHttpClient   *client,
           KeikaHttpRequest  *request,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_http_client_send_async (client, request, cancellable, test_store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return keika_http_client_send_finish (client, result, error);
}

static gboolean
spin_done_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

void
test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, spin_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
test_can_connect (const char *address,
                  guint       port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_assert_nonnull (inet);
  socket_address = g_inet_socket_address_new (inet, (guint16) port);
  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (socket_address), NULL, NULL);

  return connection != NULL;
}
