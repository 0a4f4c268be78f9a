/* test-oauth.c — state, PKCE and the loopback redirect handler; the test
 * plays the browser
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNetTest"

#include "config.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>

#include "keika-net.h"
#include "net-test-server.h"

#define STATE "Zx9_state-of-the-sign-in-0123456789abcdef"

static gboolean
is_base64url (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
    }

  return TRUE;
}

static void
test_state (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      char *state = keika_oauth_new_state ();

      /* ≥ 128 bits: at least 22 base64url characters. */
      g_assert_cmpuint (strlen (state), >=, 22);
      g_assert_true (is_base64url (state));
      g_assert_false (g_hash_table_contains (seen, state));
      g_hash_table_add (seen, state);
    }
}

static void
test_verifier (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 100; i++)
    {
      char *verifier = keika_oauth_new_code_verifier ();
      g_autofree char *plain = keika_oauth_code_challenge (verifier, KEIKA_OAUTH_CHALLENGE_PLAIN);
      gsize length = strlen (verifier);

      g_assert_cmpuint (length, >=, 43);
      g_assert_cmpuint (length, <=, 128);
      for (const char *p = verifier; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p) || strchr ("-._~", *p) != NULL);
      g_assert_cmpstr (plain, ==, verifier);
      g_assert_false (g_hash_table_contains (seen, verifier));
      g_hash_table_add (seen, verifier);
    }

  g_assert_cmpstr (keika_oauth_challenge_method_name (KEIKA_OAUTH_CHALLENGE_PLAIN), ==, "plain");
}

static void
test_challenge_s256 (void)
{
  /* RFC 7636, appendix B. */
  g_autofree char *challenge = keika_oauth_code_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                                                           KEIKA_OAUTH_CHALLENGE_S256);

  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

/* The browser */

typedef struct
{
  guint  status;
  char  *body;
  char  *content_type;
} Page;

static void
page_free (Page *page)
{
  g_free (page->body);
  g_free (page->content_type);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

static Page *
browse_full (const char *method,
             const char *uri,
             const char *host,
             const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  g_assert_nonnull (message);
  if (host != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Host", host);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                                request_body);
    }

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    test_store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  bytes = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);

  page = g_new0 (Page, 1);
  page->status = soup_message_get_status (message);
  page->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  page->content_type = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                               "Content-Type"));
  return page;
}

static Page *
browse (KeikaOAuthServer *server,
        const char       *path_and_query)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s",
                                          keika_oauth_server_get_port (server), path_and_query);

  return browse_full ("GET", uri, NULL, NULL);
}

static KeikaOAuthServer *
new_server (KeikaOAuthRedirectMode mode)
{
  g_autoptr(GError) error = NULL;
  KeikaOAuthServer *server = keika_oauth_server_new ("MyAnimeList", 0, mode, &error);
  g_autofree char *redirect = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (server);
  g_assert_cmpuint (keika_oauth_server_get_port (server), >, 0);
  g_assert_true (keika_oauth_server_is_open (server));

  redirect = keika_oauth_server_dup_redirect_uri (server);
  expected = g_strdup_printf ("http://127.0.0.1:%u/callback", keika_oauth_server_get_port (server));
  g_assert_cmpstr (redirect, ==, expected);

  return server;
}

static void
assert_closed (KeikaOAuthServer *server,
               guint             port)
{
  g_assert_false (keika_oauth_server_is_open (server));
  g_assert_false (test_can_connect ("127.0.0.1", port));
}

static void
test_server_success (void)
{
  g_autoptr(KeikaOAuthServer) server = new_server (KEIKA_OAUTH_REDIRECT_QUERY);
  guint port = keika_oauth_server_get_port (server);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Page) page = NULL;
  g_autofree char *code = NULL;

  keika_oauth_server_wait_async (server, STATE, NULL, test_store_result_cb, &result);
  page = browse (server, "/callback?code=the-code-123&state=" STATE);

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_cmpstr (page->content_type, ==, "text/html; charset=utf-8");
  g_assert_nonnull (strstr (page->body, "<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (page->body, "return to Keika"));

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  code = keika_oauth_server_wait_finish (server, result, &params, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "the-code-123");
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, STATE);

  /* One sign-in per server: closed now. */
  assert_closed (server, port);
}

static void
test_server_wrong_state (void)
{
  g_autoptr(KeikaOAuthServer) server = new_server (KEIKA_OAUTH_REDIRECT_QUERY);
  guint port = keika_oauth_server_get_port (server);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong_host = g_strdup_printf ("evil.example:%u", port);
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/callback?code=good&state=%s",
                                          port, STATE);

  keika_oauth_server_wait_async (server, STATE, NULL, test_store_result_cb, &result);

  {
    g_autoptr(Page) wrong = browse (server, "/callback?code=forged&state=not-the-state");
    g_autoptr(Page) missing = browse (server, "/callback?code=forged");
    g_autoptr(Page) prefix = browse (server, "/callback?code=forged&state=Zx9");
    g_autoptr(Page) none = browse (server, "/callback");
    g_autoptr(Page) error_page = browse (server, "/callback?error=access_denied&state=wrong");
    g_autoptr(Page) other_path = browse (server, "/elsewhere?code=x&state=" STATE);
    g_autoptr(Page) rebound = browse_full ("GET", uri, wrong_host, NULL);
    g_autoptr(Page) post = browse_full ("POST", uri, NULL, "x=y");

    g_assert_cmpuint (wrong->status, ==, 400);
    g_assert_cmpuint (missing->status, ==, 400);
    g_assert_cmpuint (prefix->status, ==, 400);
    g_assert_cmpuint (none->status, ==, 400);
    g_assert_cmpuint (error_page->status, ==, 400);
    g_assert_cmpuint (other_path->status, ==, 404);
    g_assert_cmpuint (rebound->status, ==, 400);
    g_assert_cmpuint (post->status, ==, 405);
    g_assert_cmpstr (wrong->content_type, ==, "text/html; charset=utf-8");
  }

  /* Still waiting, still open. */
  test_spin (50);
  g_assert_null (result);
  g_assert_true (keika_oauth_server_is_open (server));

  {
    g_autoptr(Page) good = browse (server, "/callback?code=good&state=" STATE);

    g_assert_cmpuint (good->status, ==, 200);
  }

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  code = keika_oauth_server_wait_finish (server, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "good");
  assert_closed (server, port);
}

static void
expect_end (KeikaOAuthServer *server,
            const char       *path_and_query,
            guint             status,
            GQuark            domain,
            gint              code)
{
  guint port = keika_oauth_server_get_port (server);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  keika_oauth_server_wait_async (server, STATE, NULL, test_store_result_cb, &result);
  if (path_and_query != NULL)
    {
      g_autoptr(Page) page = browse (server, path_and_query);

      g_assert_cmpuint (page->status, ==, status);
      g_assert_nonnull (strstr (page->body, "Keika"));
    }

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  value = keika_oauth_server_wait_finish (server, result, NULL, &error);
  g_assert_null (value);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  assert_closed (server, port);
}

static void
test_server_missing_code (void)
{
  g_autoptr(KeikaOAuthServer) server = new_server (KEIKA_OAUTH_REDIRECT_QUERY);

  expect_end (server, "/callback?state=" STATE, 400, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
}

static void
test_server_access_denied (void)
{
  g_autoptr(KeikaOAuthServer) server = new_server (KEIKA_OAUTH_REDIRECT_QUERY);

  expect_end (server, "/callback?error=access_denied&state=" STATE, 200,
              KEIKA_ERROR, KEIKA_ERROR_ACCESS_DENIED);
}

static void
test_server_other_error (void)
{
  g_autoptr(KeikaOAuthServer) server = new_server (KEIKA_OAUTH_REDIRECT_QUERY);

  expect_end (server, "/callback?error=server_error&error_description=Try+later&state=" STATE, 400,
              KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
}

static void
test_server_timeout (void)
{
  g_autoptr(KeikaOAuthServer) server = new_server (KEIKA_OAUTH_REDIRECT_QUERY);
  gint64 start = g_get_monotonic_time ();

  keika_oauth_server_set_timeout (server, 200);
  expect_end (server, NULL, 0, KEIKA_ERROR, KEIKA_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_server_cancel (void)
{
  g_autoptr(KeikaOAuthServer) server = new_server (KEIKA_OAUTH_REDIRECT_QUERY);
  guint port = keika_oauth_server_get_port (server);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  keika_oauth_server_wait_async (server, STATE, cancellable, test_store_result_cb, &result);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 50, cancel_cb, g_object_ref (cancellable), g_object_unref);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  code = keika_oauth_server_wait_finish (server, result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_closed (server, port);
  g_clear_error (&error);

  /* A server serves one sign-in. */
  keika_oauth_server_wait_async (server, STATE, NULL, test_store_result_cb, &again);
  while (again == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (keika_oauth_server_wait_finish (server, again, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static void
test_server_close (void)
{
  g_autoptr(KeikaOAuthServer) server = new_server (KEIKA_OAUTH_REDIRECT_QUERY);
  guint port = keika_oauth_server_get_port (server);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  keika_oauth_server_wait_async (server, STATE, NULL, test_store_result_cb, &result);
  keika_oauth_server_close (server);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  code = keika_oauth_server_wait_finish (server, result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_closed (server, port);
}

static void
test_server_port_in_use (void)
{
  g_autoptr(KeikaOAuthServer) first = new_server (KEIKA_OAUTH_REDIRECT_QUERY);
  g_autoptr(KeikaOAuthServer) second = NULL;
  g_autoptr(GError) error = NULL;

  second = keika_oauth_server_new ("MyAnimeList", keika_oauth_server_get_port (first),
                                   KEIKA_OAUTH_REDIRECT_QUERY, &error);
  g_assert_null (second);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_PORT_IN_USE);
}

/* The first IPv4 address of this machine that is not loopback, or NULL. */
static char *
find_other_address (void)
{
  struct ifaddrs *addresses = NULL;
  char *found = NULL;

  if (getifaddrs (&addresses) != 0)
    return NULL;

  for (struct ifaddrs *ifa = addresses; ifa != NULL && found == NULL; ifa = ifa->ifa_next)
    {
      char text[INET_ADDRSTRLEN];
      struct sockaddr_in *in;

      if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != AF_INET)
        continue;
      in = (struct sockaddr_in *) (gpointer) ifa->ifa_addr;
      if ((ntohl (in->sin_addr.s_addr) >> 24) == 127)
        continue;
      if (inet_ntop (AF_INET, &in->sin_addr, text, sizeof text) != NULL)
        found = g_strdup (text);
    }

  freeifaddrs (addresses);
  return found;
}

static void
test_server_loopback_only (void)
{
  g_autoptr(KeikaOAuthServer) server = new_server (KEIKA_OAUTH_REDIRECT_QUERY);
  guint port = keika_oauth_server_get_port (server);
  g_autofree char *other = find_other_address ();

  g_assert_true (test_can_connect ("127.0.0.1", port));
  g_assert_false (test_can_connect ("::1", port));

  if (other == NULL)
    {
      g_test_skip ("This machine has no non-loopback IPv4 address to try");
      return;
    }

  g_test_message ("trying %s:%u", other, port);
  g_assert_false (test_can_connect (other, port));
}

static void
test_server_fragment (void)
{
  g_autoptr(KeikaOAuthServer) server = new_server (KEIKA_OAUTH_REDIRECT_FRAGMENT);
  guint port = keika_oauth_server_get_port (server);
  g_autofree char *token_uri = g_strdup_printf ("http://127.0.0.1:%u/token", port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  keika_oauth_server_wait_async (server, STATE, NULL, test_store_result_cb, &result);

  {
    /* The redirect lands with the token in the fragment, which the browser
     * keeps; the page's script posts it to /token. */
    g_autoptr(Page) page = browse (server, "/callback");
    g_autoptr(Page) forged = browse_full ("POST", token_uri, NULL,
                                          "access_token=forged&state=wrong");
    g_autoptr(Page) posted = NULL;

    g_assert_cmpuint (page->status, ==, 200);
    g_assert_nonnull (strstr (page->body, "location.hash"));
    g_assert_nonnull (strstr (page->body, "/token"));
    g_assert_cmpuint (forged->status, ==, 400);

    posted = browse_full ("POST", token_uri, NULL,
                          "access_token=eyJ0.eyJ1.sig&token_type=Bearer&expires_in=31536000&state="
                          STATE);
    g_assert_cmpuint (posted->status, ==, 200);
  }

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  token = keika_oauth_server_wait_finish (server, result, &params, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "eyJ0.eyJ1.sig");
  g_assert_cmpstr (g_hash_table_lookup (params, "expires_in"), ==, "31536000");
  assert_closed (server, port);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/net/oauth/state", test_state);
  g_test_add_func ("/net/oauth/verifier", test_verifier);
  g_test_add_func ("/net/oauth/challenge-s256", test_challenge_s256);
  g_test_add_func ("/net/oauth/server/success", test_server_success);
  g_test_add_func ("/net/oauth/server/wrong-state", test_server_wrong_state);
  g_test_add_func ("/net/oauth/server/missing-code", test_server_missing_code);
  g_test_add_func ("/net/oauth/server/access-denied", test_server_access_denied);
  g_test_add_func ("/net/oauth/server/other-error", test_server_other_error);
  g_test_add_func ("/net/oauth/server/timeout", test_server_timeout);
  g_test_add_func ("/net/oauth/server/cancel", test_server_cancel);
  g_test_add_func ("/net/oauth/server/close", test_server_close);
  g_test_add_func ("/net/oauth/server/port-in-use", test_server_port_in_use);
  g_test_add_func ("/net/oauth/server/loopback-only", test_server_loopback_only);
  g_test_add_func ("/net/oauth/server/fragment", test_server_fragment);

  return g_test_run ();
}
