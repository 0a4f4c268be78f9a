/* test-net-log.c — with G_MESSAGES_DEBUG=all, no token, code, verifier,
 * password or refresh token reaches the log (or an error message)
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNetTest"

#include "config.h"

#include <string.h>

#include "keika-net.h"
#include "net-test-server.h"

#define TOKEN     "TOKEN-5ecret-aaaa1111"
#define REFRESH   "REFRESH-5ecret-bbbb2222"
#define CODE      "CODE-5ecret-cccc3333"
#define PASSWORD  "PASSWORD-5ecret-dddd4444"
#define IN_QUERY  "QUERY-5ecret-eeee5555"

static GMutex   log_lock;
static GString *log_text;
static guint    net_lines;

/* Keeps everything that is logged, whatever its level, with every field. */
static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

  g_mutex_lock (&log_lock);
  g_string_append (log_text, line);
  g_string_append_c (log_text, '\n');
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        {
          g_string_append (log_text, fields[i].value);
          g_string_append_c (log_text, '\n');
        }
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0 &&
          g_str_equal (fields[i].value, "KeikaNet"))
        net_lines++;
    }
  g_mutex_unlock (&log_lock);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

static void
assert_clean (const char  *text,
              const char  *what,
              const char **secrets)
{
  for (guint i = 0; secrets[i] != NULL; i++)
    {
      if (strstr (text, secrets[i]) != NULL)
        g_error ("%s contains the secret %s", what, secrets[i]);
    }
}

static void
test_no_secrets_logged (void)
{
  TestServer *server = test_server_new ();
  g_autoptr(KeikaHttpClient) client = keika_http_client_new ();
  g_autofree char *state = keika_oauth_new_state ();
  g_autofree char *verifier = keika_oauth_new_code_verifier ();
  g_autoptr(GString) errors = g_string_new (NULL);
  gboolean keyring = FALSE;
  const char *secrets[] = { TOKEN, REFRESH, CODE, PASSWORD, IN_QUERY, state, verifier, NULL };

  keika_http_client_set_retry (client, 2, 10);

  /* The sign-in: a forged redirect, then the real one. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KeikaOAuthServer) oauth = keika_oauth_server_new ("MyAnimeList", 0,
                                                                KEIKA_OAUTH_REDIRECT_QUERY, &error);
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *forged = NULL;
    g_autofree char *real = NULL;
    g_autofree char *code = NULL;

    g_assert_no_error (error);
    keika_oauth_server_wait_async (oauth, state, NULL, test_store_result_cb, &result);

    forged = g_strdup_printf ("http://127.0.0.1:%u/callback?code=%s&state=%s-x",
                              keika_oauth_server_get_port (oauth), CODE, state);
    real = g_strdup_printf ("http://127.0.0.1:%u/callback?code=%s&state=%s",
                            keika_oauth_server_get_port (oauth), CODE, state);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(KeikaHttpRequest) request = keika_http_request_new ("GET", i == 0 ? forged : real,
                                                                      KEIKA_HTTP_IDEMPOTENT);
        g_autoptr(KeikaHttpResponse) response = test_send (client, request, NULL, &error);

        if (error != NULL)
          g_string_append_printf (errors, "%s\n", error->message);
        g_clear_error (&error);
      }

    code = keika_oauth_server_wait_finish (oauth, test_wait_for (&result), NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (code, ==, CODE);
  }

  /* The token request, answered by a site that quotes what it got. */
  {
    g_autofree char *uri = test_server_uri (server, "/400-echo");
    g_autoptr(KeikaHttpRequest) request = keika_http_request_new ("POST", uri, KEIKA_HTTP_EXPECT_JSON);
    g_autoptr(KeikaHttpResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    keika_http_request_add_form_field (request, "client_id", "public-client-id");
    keika_http_request_add_form_field (request, "grant_type", "authorization_code");
    keika_http_request_add_form_field (request, "code", CODE);
    keika_http_request_add_form_field (request, "code_verifier", verifier);
    keika_http_request_add_form_field (request, "refresh_token", REFRESH);
    response = test_send (client, request, NULL, &error);
    g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_REJECTED);
    /* What the site said is still there, without the secrets. */
    g_assert_nonnull (strstr (error->message, "verifier"));
    g_string_append_printf (errors, "%s\n", error->message);
  }

  /* An API call with a token, a secret in the query, and an answer that
   * quotes the token. */
  {
    g_autofree char *uri = test_server_uri (server, "/401-echo?access_token=" IN_QUERY);
    g_autoptr(KeikaHttpRequest) request = keika_http_request_new_get_json (uri);
    g_autoptr(KeikaHttpResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    keika_http_request_set_bearer_token (request, TOKEN);
    response = test_send (client, request, NULL, &error);
    g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
    g_string_append_printf (errors, "%s\n", error->message);
  }

  /* A password grant (Kitsu), retried on 5xx. */
  {
    g_autofree char *uri = test_server_uri (server, "/503");
    g_autoptr(KeikaHttpRequest) request = keika_http_request_new ("POST", uri,
                                                                  KEIKA_HTTP_EXPECT_JSON |
                                                                  KEIKA_HTTP_IDEMPOTENT);
    g_autoptr(KeikaHttpResponse) response = NULL;
    g_autoptr(GError) error = NULL;

    keika_http_request_add_form_field (request, "grant_type", "password");
    keika_http_request_add_form_field (request, "username", "someone");
    keika_http_request_add_form_field (request, "password", PASSWORD);
    response = test_send (client, request, NULL, &error);
    g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SERVER_ERROR);
    g_string_append_printf (errors, "%s\n", error->message);
  }

  /* The keyring, when there is one. */
  {
    g_autoptr(GAsyncResult) stored = NULL;
    g_autoptr(GAsyncResult) found = NULL;
    g_autoptr(GAsyncResult) cleared = NULL;
    g_autoptr(GError) error = NULL;

    keika_secret_store_async ("myanimelist", "MyAnimeList", "keika-log-test", REFRESH, NULL,
                              test_store_result_cb, &stored);
    if (keika_secret_store_finish (test_wait_for (&stored), &error))
      {
        char *secret;

        keyring = TRUE;
        keika_secret_lookup_async ("myanimelist", "keika-log-test", NULL, test_store_result_cb, &found);
        secret = keika_secret_lookup_finish (test_wait_for (&found), &error);
        g_assert_no_error (error);
        g_assert_cmpstr (secret, ==, REFRESH);
        keika_secret_free (secret);

        keika_secret_clear_async ("myanimelist", "keika-log-test", NULL, test_store_result_cb, &cleared);
        g_assert_true (keika_secret_clear_finish (test_wait_for (&cleared), &error));
        g_assert_no_error (error);
      }
    else
      {
        g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_KEYRING);
      }
  }

  test_server_free (server);

  g_mutex_lock (&log_lock);
  g_test_message ("%u lines from KeikaNet, %" G_GSIZE_FORMAT " bytes of log in all; keyring %s",
                  net_lines, log_text->len, keyring ? "used" : "not reachable, skipped");
  /* The debug log was on and the layer wrote to it. */
  g_assert_cmpuint (net_lines, >, 5);
  g_assert_nonnull (strstr (log_text->str, "/callback"));
  g_assert_nonnull (strstr (log_text->str, "/401-echo"));
  assert_clean (log_text->str, "The log", secrets);
  g_mutex_unlock (&log_lock);

  g_test_message ("error messages:\n%s", errors->str);
  assert_clean (errors->str, "An error message", secrets);
}

int
main (int   argc,
      char *argv[])
{
  log_text = g_string_new (NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/net/log/no-secrets", test_no_secrets_logged);

  return g_test_run ();
}
