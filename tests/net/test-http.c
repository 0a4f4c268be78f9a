/* test-http.c — the HTTP client: errors, retries, rate limits, parsing
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNetTest"

#include "config.h"

#include <string.h>

#include "keika-net.h"
#include "keika-rate-limiter.h"
#include "net-test-server.h"

typedef struct
{
  TestServer      *server;
  KeikaHttpClient *client;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  fixture->server = test_server_new ();
  fixture->client = keika_http_client_new ();
  /* Quick resends so the tests stay short. */
  keika_http_client_set_retry (fixture->client, 3, 20);
  keika_http_client_set_timeout (fixture->client, 5000);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_clear_object (&fixture->client);
  test_server_free (fixture->server);
}

static KeikaHttpResponse *
send_path (Fixture         *fixture,
           const char      *method,
           const char      *path,
           KeikaHttpFlags   flags,
           GError         **error)
{
  g_autofree char *uri = test_server_uri (fixture->server, path);
  g_autoptr(KeikaHttpRequest) request = keika_http_request_new (method, uri, flags);

  keika_http_request_set_site_name (request, "TestSite");
  return test_send (fixture->client, request, NULL, error);
}

/* Sends and expects @code; returns the error. */
static GError *
expect_error (Fixture        *fixture,
              const char     *method,
              const char     *path,
              KeikaHttpFlags  flags,
              KeikaError      code)
{
  g_autoptr(KeikaHttpResponse) response = NULL;
  GError *error = NULL;

  response = send_path (fixture, method, path, flags, &error);
  g_assert_null (response);
  g_assert_error (error, KEIKA_ERROR, (gint) code);
  g_assert_nonnull (error->message);
  g_assert_nonnull (strstr (error->message, "TestSite"));
  g_test_message ("%s %s: %s", method, path, error->message);

  return error;
}

#define GET_JSON (KEIKA_HTTP_IDEMPOTENT | KEIKA_HTTP_EXPECT_JSON)

/* Success */

static void
test_ok (Fixture       *fixture,
         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaHttpResponse) response = send_path (fixture, "GET", "/ok", GET_JSON, &error);
  const KeikaJsonValue *json;
  gboolean ok = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (keika_http_response_get_status (response), ==, 200);
  g_assert_cmpstr (keika_http_response_get_content_type (response), ==, "application/json");
  json = keika_http_response_get_json (response);
  g_assert_nonnull (json);
  g_assert_true (keika_json_is_object (json));
  g_assert_true (keika_json_get_boolean (keika_json_get_member (json, "ok"), &ok));
  g_assert_true (ok);
  g_assert_cmpstr (test_server_last_header (fixture->server, "/ok", "User-Agent"), ==,
                   "Keika/" PACKAGE_VERSION);
  g_assert_cmpstr (test_server_last_header (fixture->server, "/ok", "Accept"), ==,
                   "application/json");
  g_assert_cmpuint (test_server_hits (fixture->server, "/ok"), ==, 1);
}

static void
test_headers (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *uri = test_server_uri (fixture->server, "/ok");
  g_autoptr(KeikaHttpRequest) request = keika_http_request_new_get_json (uri);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  keika_http_request_set_bearer_token (request, "abc.def");
  keika_http_request_set_header (request, "X-MAL-CLIENT-ID", "client-1");
  response = test_send (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (test_server_last_header (fixture->server, "/ok", "Authorization"), ==,
                   "Bearer abc.def");
  g_assert_cmpstr (test_server_last_header (fixture->server, "/ok", "X-MAL-CLIENT-ID"), ==,
                   "client-1");
}

static void
test_form (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autofree char *uri = test_server_uri (fixture->server, "/echo");
  g_autoptr(KeikaHttpRequest) request = keika_http_request_new ("POST", uri, KEIKA_HTTP_EXPECT_JSON);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GBytes *sent;
  const KeikaJsonValue *echo;

  keika_http_request_add_form_field (request, "grant_type", "authorization_code");
  keika_http_request_add_form_field (request, "a b", "c&d=é+~ %");
  response = test_send (fixture->client, request, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (test_server_last_header (fixture->server, "/echo", "Content-Type"), ==,
                   "application/x-www-form-urlencoded");
  sent = test_server_last_body (fixture->server, "/echo");
  body = g_strndup (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent));
  /* RFC 3986: only unreserved characters stay as they are. */
  g_assert_cmpstr (body, ==, "grant_type=authorization_code&a%20b=c%26d%3D%C3%A9%2B~%20%25");

  echo = keika_http_response_get_json (response);
  g_assert_cmpstr (keika_json_get_string (keika_json_get_member (echo, "a b")), ==, "c&d=é+~ %");
  g_assert_cmpstr (keika_json_get_string (keika_json_get_member (echo, "grant_type")), ==, "authorization_code");
}

static void
test_form_table (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *uri = test_server_uri (fixture->server, "/echo");
  g_autoptr(KeikaHttpRequest) request = keika_http_request_new ("PATCH", uri, KEIKA_HTTP_EXPECT_JSON);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const KeikaJsonValue *echo;

  g_hash_table_insert (fields, (gpointer) "num_watched_episodes", (gpointer) "12");
  g_hash_table_insert (fields, (gpointer) "status", (gpointer) "completed");
  keika_http_request_set_form (request, fields);
  response = test_send (fixture->client, request, NULL, &error);
  g_assert_no_error (error);

  echo = keika_http_response_get_json (response);
  g_assert_cmpstr (keika_json_get_string (keika_json_get_member (echo, "num_watched_episodes")), ==, "12");
  g_assert_cmpstr (keika_json_get_string (keika_json_get_member (echo, "status")), ==, "completed");
}

static void
test_json_body (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *uri = test_server_uri (fixture->server, "/echo");
  g_autoptr(KeikaHttpRequest) request = keika_http_request_new ("POST", uri,
                                                                KEIKA_HTTP_EXPECT_JSON |
                                                                KEIKA_HTTP_IDEMPOTENT);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const KeikaJsonValue *echo;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, "query { Viewer { id } }");
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  keika_http_request_set_json (request, node, NULL);
  response = test_send (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (test_server_last_header (fixture->server, "/echo", "Content-Type"), ==,
                   "application/json");
  echo = keika_http_response_get_json (response);
  g_assert_cmpstr (keika_json_get_string (keika_json_get_member (echo, "query")), ==, "query { Viewer { id } }");
}

static void
test_no_json_expected (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaHttpResponse) response = send_path (fixture, "GET", "/html", KEIKA_HTTP_IDEMPOTENT,
                                                     &error);

  /* Without EXPECT_JSON the body is handed over as it is. */
  g_assert_no_error (error);
  g_assert_null (keika_http_response_get_json (response));
  g_assert_cmpuint (g_bytes_get_size (keika_http_response_get_body (response)), >, 0);
}

/* Error classes */

static void
test_401 (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(GError) error = expect_error (fixture, "GET", "/401", GET_JSON, KEIKA_ERROR_SIGNED_OUT);
  KeikaHttpResponse *response = keika_http_response_from_error (error);
  g_autofree char *bearer_error = NULL;

  g_assert_cmpuint (keika_error_get_http_status (error), ==, 401);
  g_assert_nonnull (response);
  g_assert_cmpuint (keika_http_response_get_status (response), ==, 401);
  bearer_error = keika_http_response_dup_bearer_error (response);
  g_assert_null (bearer_error);
  g_assert_false (keika_error_is_transient (error));
  /* Sent once: a 401 is not worth repeating. */
  g_assert_cmpuint (test_server_hits (fixture->server, "/401"), ==, 1);
}

static void
test_401_invalid_token (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = expect_error (fixture, "GET", "/401-invalid-token", GET_JSON,
                                          KEIKA_ERROR_SIGNED_OUT);
  g_autoptr(GError) copy = g_error_copy (error);
  KeikaHttpResponse *response = keika_http_response_from_error (copy);
  g_autofree char *bearer_error = NULL;

  /* The copy keeps the response too. */
  g_assert_nonnull (response);
  g_assert_cmpuint (keika_error_get_http_status (copy), ==, 401);
  bearer_error = keika_http_response_dup_bearer_error (response);
  g_assert_cmpstr (bearer_error, ==, "invalid_token");
  g_assert_nonnull (keika_http_response_get_json (response));
}

static void
test_403 (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(GError) error = expect_error (fixture, "GET", "/403", GET_JSON, KEIKA_ERROR_FORBIDDEN);

  g_assert_nonnull (strstr (error->message, "Not yours"));
  g_assert_cmpuint (test_server_hits (fixture->server, "/403"), ==, 1);
}

static void
test_403_dos (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  /* No waiting allowed: the request fails at once, with the wait. */
  keika_http_client_set_max_wait (fixture->client, 0);
  error = expect_error (fixture, "GET", "/403-dos", GET_JSON, KEIKA_ERROR_RATE_LIMITED);
  /* No Retry-After: the default backoff (10 s). */
  g_assert_cmpuint (keika_error_get_retry_after (error), ==, 10);
  g_assert_true (keika_error_is_transient (error));
  g_assert_cmpuint (test_server_hits (fixture->server, "/403-dos"), ==, 1);

  /* The host is now blocked: the next request fails without being sent. */
  g_clear_error (&error);
  error = expect_error (fixture, "GET", "/ok", GET_JSON, KEIKA_ERROR_RATE_LIMITED);
  g_assert_cmpuint (keika_error_get_retry_after (error), >=, 9);
  g_assert_cmpuint (test_server_hits (fixture->server, "/ok"), ==, 0);
}

static void
test_404 (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(GError) error = expect_error (fixture, "DELETE", "/404", KEIKA_HTTP_IDEMPOTENT,
                                          KEIKA_ERROR_NOT_FOUND);

  g_assert_cmpuint (keika_error_get_http_status (error), ==, 404);
}

static void
test_422 (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(GError) error = expect_error (fixture, "POST", "/422", KEIKA_HTTP_EXPECT_JSON,
                                          KEIKA_ERROR_REJECTED);

  g_assert_nonnull (strstr (error->message, "score"));
  g_assert_nonnull (strstr (error->message, "notes"));
  g_assert_nonnull (strstr (error->message, "The score must be between 0 and 100."));
  g_assert_false (keika_error_is_transient (error));
}

static void
test_graphql (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = expect_error (fixture, "POST", "/graphql",
                                          KEIKA_HTTP_GRAPHQL | KEIKA_HTTP_IDEMPOTENT,
                                          KEIKA_ERROR_REJECTED);
  g_autoptr(KeikaHttpResponse) response = NULL;

  g_assert_nonnull (strstr (error->message, "scoreRaw"));
  g_assert_cmpuint (keika_error_get_http_status (error), ==, 200);
  g_clear_error (&error);

  response = send_path (fixture, "POST", "/graphql-ok", KEIKA_HTTP_GRAPHQL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (keika_http_response_get_json (response));
}

static void
test_5xx_get_retried (Fixture       *fixture,
                      gconstpointer  user_data)
{
  const char *paths[] = { "/500", "/502", "/503" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = expect_error (fixture, "GET", paths[i], GET_JSON,
                                              KEIKA_ERROR_SERVER_ERROR);

      /* Three attempts, then the error. */
      g_assert_cmpuint (test_server_hits (fixture->server, paths[i]), ==, 3);
      g_assert_cmpuint (keika_error_get_http_status (error), ==, (guint) atoi (paths[i] + 1));
      g_assert_true (keika_error_is_transient (error));
    }
}

static void
test_5xx_post_once (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char *paths[] = { "/500", "/502", "/503" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = expect_error (fixture, "POST", paths[i], KEIKA_HTTP_EXPECT_JSON,
                                              KEIKA_ERROR_SERVER_ERROR);

      /* Not idempotent: exactly once. */
      g_assert_cmpuint (test_server_hits (fixture->server, paths[i]), ==, 1);
    }
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  keika_http_client_set_timeout (fixture->client, 300);

  error = expect_error (fixture, "GET", "/slow", GET_JSON, KEIKA_ERROR_TIMED_OUT);
  g_assert_cmpuint (test_server_hits (fixture->server, "/slow"), ==, 3);
  g_assert_true (keika_error_is_transient (error));
  g_clear_error (&error);

  error = expect_error (fixture, "POST", "/slow", KEIKA_HTTP_EXPECT_JSON, KEIKA_ERROR_TIMED_OUT);
  g_assert_cmpuint (test_server_hits (fixture->server, "/slow"), ==, 4);
}

static void
test_html (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  error = expect_error (fixture, "GET", "/html", GET_JSON, KEIKA_ERROR_NOT_DATA);
  g_assert_nonnull (strstr (error->message, "web page"));
  /* The page is kept for whoever wants to look. */
  g_assert_nonnull (keika_http_response_from_error (error));
  g_assert_cmpuint (test_server_hits (fixture->server, "/html"), ==, 1);
  g_clear_error (&error);

  error = expect_error (fixture, "GET", "/html-503", GET_JSON, KEIKA_ERROR_NOT_DATA);
  g_assert_cmpuint (keika_error_get_http_status (error), ==, 503);
  g_assert_cmpuint (test_server_hits (fixture->server, "/html-503"), ==, 3);
  g_clear_error (&error);

  error = expect_error (fixture, "GET", "/html-as-json", GET_JSON, KEIKA_ERROR_NOT_DATA);
  g_clear_error (&error);

  error = expect_error (fixture, "GET", "/text-plain", GET_JSON, KEIKA_ERROR_NOT_DATA);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char *paths[] = { "/truncated", "/not-json", "/empty", "/deep" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = expect_error (fixture, "GET", paths[i], GET_JSON,
                                              KEIKA_ERROR_MALFORMED);

      g_assert_false (keika_error_is_transient (error));
    }

  /* An error body nested too deep is no detail, but still a site error. */
  {
    g_autoptr(GError) error = expect_error (fixture, "GET", "/deep-500", GET_JSON,
                                            KEIKA_ERROR_SERVER_ERROR);

    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  }
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/ok", test_free_port ());
  g_autoptr(KeikaHttpRequest) request = keika_http_request_new_get_json (uri);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = test_send (fixture->client, request, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_OFFLINE);
  g_assert_cmpuint (keika_error_get_http_status (error), ==, 0);
  g_assert_true (keika_error_is_transient (error));
  g_test_message ("%s", error->message);
}

static void
test_bad_uri (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(KeikaHttpRequest) request = keika_http_request_new_get_json ("ftp://example.com/x");
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = test_send (fixture->client, request, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *uri = test_server_uri (fixture->server, "/slow");
  g_autoptr(KeikaHttpRequest) request = keika_http_request_new_get_json (uri);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled once the site has the request and before it answers. */
  keika_http_client_send_async (fixture->client, request, cancellable, test_store_result_cb, &result);
  while (test_server_hits (fixture->server, "/slow") == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  response = keika_http_client_send_finish (fixture->client, result, &error);
  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (test_server_hits (fixture->server, "/slow"), ==, 1);

  /* Nothing is resent afterwards. */
  test_spin (300);
  g_assert_cmpuint (test_server_hits (fixture->server, "/slow"), ==, 1);
}

static void
test_cancel_during_backoff (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *uri = test_server_uri (fixture->server, "/500");
  g_autoptr(KeikaHttpRequest) request = keika_http_request_new_get_json (uri);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled while waiting to resend (at least 400 ms). */
  keika_http_client_set_retry (fixture->client, 3, 400);
  keika_http_client_send_async (fixture->client, request, cancellable, test_store_result_cb, &result);
  while (test_server_hits (fixture->server, "/500") == 0)
    g_main_context_iteration (NULL, TRUE);
  test_spin (100);
  g_assert_null (result);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  response = keika_http_client_send_finish (fixture->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (test_server_hits (fixture->server, "/500"), ==, 1);

  test_spin (1000);
  g_assert_cmpuint (test_server_hits (fixture->server, "/500"), ==, 1);
}

static void
test_cancel_before (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *uri = test_server_uri (fixture->server, "/ok");
  g_autoptr(KeikaHttpRequest) request = keika_http_request_new_get_json (uri);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  response = test_send (fixture->client, request, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  test_spin (50);
  g_assert_cmpuint (test_server_hits (fixture->server, "/ok"), ==, 0);
}

/* Rate limits */

static void
test_429_resent_after_retry_after (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaHttpResponse) response = NULL;
  gint64 first, second;

  /* POST: a 429 means the site did not act on it, so it is resent. */
  response = send_path (fixture, "POST", "/429-once", KEIKA_HTTP_EXPECT_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keika_http_response_get_status (response), ==, 200);
  g_assert_cmpuint (test_server_hits (fixture->server, "/429-once"), ==, 2);

  first = test_server_hit_time (fixture->server, "/429-once", 0);
  second = test_server_hit_time (fixture->server, "/429-once", 1);
  g_test_message ("resent %.3f s after the 429 (Retry-After: 1)",
                  (second - first) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (second - first, >=, G_USEC_PER_SEC);
}

/* A request sent once (a sign-in with a password): a 429 is said at once,
 * with the wait, and the request is not sent again. */
static void
test_429_send_once (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaHttpResponse) response = NULL;

  response = send_path (fixture, "POST", "/429-once", KEIKA_HTTP_EXPECT_JSON | KEIKA_HTTP_SEND_ONCE,
                        &error);
  g_assert_null (response);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_RATE_LIMITED);
  g_assert_cmpuint (keika_error_get_retry_after (error), >, 0);
  g_assert_cmpuint (test_server_hits (fixture->server, "/429-once"), ==, 1);
}

static void
test_429_delays_next_request (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaHttpResponse) response = NULL;
  gint64 limited, next;

  /* Keep trying the limited path in vain; it fails with the wait. */
  keika_http_client_set_max_wait (fixture->client, 5);
  error = expect_error (fixture, "GET", "/429", GET_JSON, KEIKA_ERROR_RATE_LIMITED);
  g_assert_cmpuint (keika_error_get_retry_after (error), ==, 1);
  /* The first answer, and three resends after the wait. */
  g_assert_cmpuint (test_server_hits (fixture->server, "/429"), ==, 4);
  g_clear_error (&error);

  /* The next request to the host waits for Retry-After too. */
  response = send_path (fixture, "GET", "/other", GET_JSON, &error);
  g_assert_no_error (error);
  limited = test_server_hit_time (fixture->server, "/429", 3);
  next = test_server_hit_time (fixture->server, "/other", 0);
  g_test_message ("next request %.3f s after the 429", (next - limited) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (next - limited, >=, G_USEC_PER_SEC);
}

static void
test_429_too_long (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaHttpResponse) response = NULL;
  gint64 limited, next;

  /* The wait is longer than the caller is willing to wait: the error says
   * how long, at once. */
  keika_http_client_set_max_wait (fixture->client, 0);
  error = expect_error (fixture, "GET", "/429", GET_JSON, KEIKA_ERROR_RATE_LIMITED);
  g_assert_cmpuint (keika_error_get_retry_after (error), ==, 1);
  g_assert_cmpuint (test_server_hits (fixture->server, "/429"), ==, 1);
  g_assert_nonnull (strstr (error->message, "1 second"));
  g_clear_error (&error);

  /* A patient request to the same host starts no earlier than 1 s later. */
  keika_http_client_set_max_wait (fixture->client, 10);
  response = send_path (fixture, "GET", "/ok", GET_JSON, &error);
  g_assert_no_error (error);
  limited = test_server_hit_time (fixture->server, "/429", 0);
  next = test_server_hit_time (fixture->server, "/ok", 0);
  g_test_message ("next request %.3f s after the 429", (next - limited) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (next - limited, >=, G_USEC_PER_SEC);
}

static void
test_remaining_zero (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaHttpResponse) first = NULL;
  g_autoptr(KeikaHttpResponse) second = NULL;
  gint64 t0, t1;

  first = send_path (fixture, "GET", "/remaining-zero", GET_JSON, &error);
  g_assert_no_error (error);
  second = send_path (fixture, "GET", "/ok", GET_JSON, &error);
  g_assert_no_error (error);

  t0 = test_server_hit_time (fixture->server, "/remaining-zero", 0);
  t1 = test_server_hit_time (fixture->server, "/ok", 0);
  g_test_message ("waited %.3f s for X-RateLimit-Reset: 1", (t1 - t0) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (t1 - t0, >=, G_USEC_PER_SEC);
}

typedef struct
{
  guint  pending;
  guint  failed;
} Batch;

static void
batch_cb (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Batch *batch = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = keika_http_client_send_finish (KEIKA_HTTP_CLIENT (source_object), result, &error);
  if (response == NULL)
    batch->failed++;
  batch->pending--;
}

static void
test_steady_rate (Fixture       *fixture,
                  gconstpointer  user_data)
{
  const guint n_requests = 6;
  Batch batch = { n_requests, 0 };
  g_autofree char *uri = test_server_uri (fixture->server, "/count");
  gint64 start, last;

  /* 10 per second: one every 100 ms. */
  keika_http_client_set_rate (fixture->client, "127.0.0.1", 10, 1);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_requests; i++)
    {
      g_autoptr(KeikaHttpRequest) request = keika_http_request_new_get_json (uri);

      keika_http_client_send_async (fixture->client, request, NULL, batch_cb, &batch);
    }
  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (batch.failed, ==, 0);
  g_assert_cmpuint (test_server_hits (fixture->server, "/count"), ==, n_requests);
  last = test_server_hit_time (fixture->server, "/count", n_requests - 1);
  g_test_message ("%u requests at 10/s took %.3f s", n_requests,
                  (last - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (last - start, >=, (gint64) (n_requests - 1) * 100 * 1000);
}

static void
test_steady_rate_cancel_queued (Fixture       *fixture,
                                gconstpointer  user_data)
{
  Batch batch = { 3, 0 };
  g_autofree char *uri = test_server_uri (fixture->server, "/count");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  /* One every 2 s: the second and third wait in the queue and are cancelled
   * there. */
  keika_http_client_set_rate (fixture->client, "127.0.0.1", 1, 2);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KeikaHttpRequest) request = keika_http_request_new_get_json (uri);

      keika_http_client_send_async (fixture->client, request, i == 0 ? NULL : cancellable,
                                    batch_cb, &batch);
    }
  g_timeout_add_full (G_PRIORITY_DEFAULT, 200, cancel_cb, g_object_ref (cancellable),
                      g_object_unref);
  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (batch.failed, ==, 2);
  g_assert_cmpuint (test_server_hits (fixture->server, "/count"), ==, 1);
}

/* Parsing off the main thread */

typedef struct
{
  gint64 last_tick;
  gint64 longest_gap;
  guint  ticks;
} Ticks;

static gboolean
tick_cb (gpointer user_data)
{
  Ticks *ticks = user_data;
  gint64 now = g_get_monotonic_time ();

  ticks->longest_gap = MAX (ticks->longest_gap, now - ticks->last_tick);
  ticks->last_tick = now;
  ticks->ticks++;

  return G_SOURCE_CONTINUE;
}

static void
test_large_json (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *uri = test_server_uri (fixture->server, "/large");
  g_autoptr(KeikaHttpRequest) request = keika_http_request_new_get_json (uri);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  Ticks ticks = { g_get_monotonic_time (), 0, 0 };
  guint tick_id;
  const KeikaJsonValue *data;

  tick_id = g_timeout_add (5, tick_cb, &ticks);
  response = test_send (fixture->client, request, NULL, &error);
  g_source_remove (tick_id);

  g_assert_no_error (error);
  data = keika_json_get_member (keika_http_response_get_json (response), "data");
  g_assert_cmpuint (keika_json_get_length (data), ==, test_server_large_count (fixture->server));
  g_test_message ("%" G_GSIZE_FORMAT " bytes; %u ticks; longest main-loop gap %.1f ms "
                  "(server and client share this loop)",
                  g_bytes_get_size (keika_http_response_get_body (response)),
                  ticks.ticks, ticks.longest_gap / 1000.0);
  g_assert_cmpuint (g_bytes_get_size (keika_http_response_get_body (response)), >, 900 * 1024);
  /* The loop kept turning while the body was parsed. */
  g_assert_cmpuint (ticks.ticks, >, 0);
}

/* Helpers */

static void
test_retry_after_parse (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 120);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  gint64 wait_us;

  g_assert_cmpint (keika_parse_retry_after (NULL), ==, -1);
  g_assert_cmpint (keika_parse_retry_after (""), ==, -1);
  g_assert_cmpint (keika_parse_retry_after ("soon"), ==, -1);
  g_assert_cmpint (keika_parse_retry_after ("0"), ==, 0);
  g_assert_cmpint (keika_parse_retry_after (" 30 "), ==, 30 * G_USEC_PER_SEC);
  g_assert_cmpint (keika_parse_retry_after ("Wed, 21 Oct 2015 07:28:00 GMT"), ==, 0);

  wait_us = keika_parse_retry_after (date);
  g_assert_cmpint (wait_us, >, 100 * G_USEC_PER_SEC);
  g_assert_cmpint (wait_us, <=, 121 * G_USEC_PER_SEC);
}

static void
test_error_messages (void)
{
  for (KeikaError code = KEIKA_ERROR_OFFLINE; code <= KEIKA_ERROR_KEYRING; code++)
    {
      g_autoptr(GError) error = keika_error_new (code, "MyAnimeList", NULL);

      g_assert_error (error, KEIKA_ERROR, (gint) code);
      g_assert_cmpuint (strlen (error->message), >, 20);
      g_assert_cmpuint (keika_error_get_retry_after (error), ==, 0);
      g_assert_cmpuint (keika_error_get_http_status (error), ==, 0);
      g_assert_null (keika_http_response_from_error (error));
    }

  {
    g_autoptr(GError) anonymous = keika_error_new (KEIKA_ERROR_TIMED_OUT, NULL, NULL);

    /* Without a site name the sentence still starts with a capital. */
    g_assert_true (g_str_has_prefix (anonymous->message, "The site"));
  }

  {
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

    g_assert_cmpuint (keika_error_get_retry_after (other), ==, 0);
    g_assert_false (keika_error_is_transient (other));
    g_assert_null (keika_http_response_from_error (other));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/net/http/ok", test_ok);
  ADD ("/net/http/headers", test_headers);
  ADD ("/net/http/form", test_form);
  ADD ("/net/http/form-table", test_form_table);
  ADD ("/net/http/json-body", test_json_body);
  ADD ("/net/http/no-json-expected", test_no_json_expected);
  ADD ("/net/http/error/401", test_401);
  ADD ("/net/http/error/401-invalid-token", test_401_invalid_token);
  ADD ("/net/http/error/403", test_403);
  ADD ("/net/http/error/403-dos-detected", test_403_dos);
  ADD ("/net/http/error/404", test_404);
  ADD ("/net/http/error/422", test_422);
  ADD ("/net/http/error/graphql", test_graphql);
  ADD ("/net/http/error/5xx-get-retried", test_5xx_get_retried);
  ADD ("/net/http/error/5xx-post-once", test_5xx_post_once);
  ADD ("/net/http/error/timeout", test_timeout);
  ADD ("/net/http/error/html", test_html);
  ADD ("/net/http/error/malformed", test_malformed);
  ADD ("/net/http/error/offline", test_offline);
  ADD ("/net/http/error/bad-uri", test_bad_uri);
  ADD ("/net/http/cancel/in-flight", test_cancel);
  ADD ("/net/http/cancel/during-backoff", test_cancel_during_backoff);
  ADD ("/net/http/cancel/before", test_cancel_before);
  ADD ("/net/http/rate/429-resent", test_429_resent_after_retry_after);
  ADD ("/net/http/rate/429-send-once", test_429_send_once);
  ADD ("/net/http/rate/429-delays-next", test_429_delays_next_request);
  ADD ("/net/http/rate/429-too-long", test_429_too_long);
  ADD ("/net/http/rate/remaining-zero", test_remaining_zero);
  ADD ("/net/http/rate/steady", test_steady_rate);
  ADD ("/net/http/rate/steady-cancel-queued", test_steady_rate_cancel_queued);
  ADD ("/net/http/large-json", test_large_json);
  g_test_add_func ("/net/http/retry-after-parse", test_retry_after_parse);
  g_test_add_func ("/net/error/messages", test_error_messages);

#undef ADD

  return g_test_run ();
}
