/* test-mal-site.c — MyAnimeList against the fake
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSitesTest"

#include "config.h"

#include <string.h>
#include <time.h>

#include "keika-fake-mal.h"
#include "keika-fake-sites.h"
#include "keika-mal-site-private.h"
#include "keika-site-json.h"
#include "keika-net.h"
#include "keika-score.h"
#include "keika-sites.h"
#include "site-test-util.h"
#include "test-util.h"

/* Fixture */

typedef struct
{
  KeikaFakeSites  *fake;
  KeikaFakeMal    *mal;
  KeikaHttpClient *client;
  KeikaMalSite    *site;
  gsize            log_start;
  GPtrArray       *messages;  /* error messages seen, to check for secrets */
  GPtrArray       *held;      /* KeikaFakeRequest refs of last_request() */
} Fixture;

static KeikaMalSite *
new_site (Fixture    *f,
          const char *account)
{
  return g_object_new (KEIKA_TYPE_MAL_SITE,
                       "client-id", KEIKA_FAKE_MAL_CLIENT_ID,
                       "account", account,
                       "api-url", keika_fake_sites_get_url (f->fake, "mal-api"),
                       "auth-url", keika_fake_sites_get_url (f->fake, "mal-auth"),
                       "redirect-port", 0,
                       "http-client", f->client,
                       NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = keika_fake_sites_new (&error);
  g_assert_no_error (error);
  f->mal = keika_fake_sites_get_mal (f->fake);
  keika_fake_mal_set_client_id (f->mal, KEIKA_FAKE_MAL_CLIENT_ID);

  f->client = site_test_new_client ();
  f->site = new_site (f, NULL);
  f->messages = g_ptr_array_new_with_free_func (g_free);
  f->held = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_fake_request_unref);

  f->log_start = site_test_log_position ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GStrv) secrets = keika_fake_mal_dup_secrets (f->mal);

  /* Nothing Keika logged or said in an error holds a token, code or verifier. */
  site_test_assert_secrets_kept (f->fake, "mal", secrets, f->log_start, f->messages);

  g_clear_object (&f->site);
  g_clear_object (&f->client);
  g_clear_pointer (&f->messages, g_ptr_array_unref);
  g_clear_pointer (&f->held, g_ptr_array_unref);
  g_clear_object (&f->fake);

  /* Let closed connections and sources go. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Helpers */

/* Signs the site in as @user without the keyring: tokens the fake issued,
 * in memory. */
static void
sign_in_directly (Fixture    *f,
                  const char *user)
{
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;

  keika_fake_mal_issue_tokens (f->mal, user, &access, &refresh);
  keika_site_base_set_tokens (KEIKA_SITE_BASE (f->site), access, refresh,
                              g_get_real_time () / G_USEC_PER_SEC + 3600);
}

static gboolean
contains_bytes (const char *haystack,
                gsize       length,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n > 0 && i + n <= length; i++)
    if (haystack[i] == needle[0] && memcmp (haystack + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

/* Looks in every file under $HOME for the fake's secrets, when $HOME is a
 * throw-away directory of the test run. */
static void
scan_dir_for_secrets (const char  *path,
                      char       **secrets,
                      guint       *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          scan_dir_for_secrets (child, secrets, n_files);
          continue;
        }
      if (!g_file_test (child, G_FILE_TEST_IS_REGULAR) ||
          !g_file_get_contents (child, &contents, &length, NULL))
        continue;

      (*n_files)++;
      for (guint i = 0; secrets[i] != NULL; i++)
        if (contains_bytes (contents, length, secrets[i]))
          g_error ("A secret is on disk in %s", child);
    }
}

static void
assert_no_secret_on_disk (Fixture *f)
{
  const char *home = g_get_home_dir ();
  g_auto(GStrv) secrets = keika_fake_mal_dup_secrets (f->mal);
  guint n_files = 0;

  if (!g_str_has_prefix (home, g_get_tmp_dir ()))
    {
      g_test_message ("HOME (%s) is not a temporary directory: not scanned", home);
      return;
    }

  scan_dir_for_secrets (home, secrets, &n_files);
  g_test_message ("%u files under HOME hold no secret", n_files);
}

static guint
count (Fixture    *f,
       const char *pattern)
{
  return keika_fake_sites_count_requests (f->fake, "mal", pattern);
}

/* The latest request matching @pattern, valid until the end of the test. */
static KeikaFakeRequest *
last_request (Fixture    *f,
              const char *pattern)
{
  KeikaFakeRequest *request = keika_fake_sites_get_last_request (f->fake, "mal", pattern);

  if (request != NULL)
    g_ptr_array_add (f->held, request);

  return request;
}

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sign-in */

static void
test_sign_in_browser (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(KeikaProfile) again = NULL;
  g_autoptr(KeikaMalSite) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SiteTestPage) authorize = NULL;
  g_autoptr(SiteTestPage) landing = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected_prefix = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *method = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *user_id = NULL;
  g_autoptr(JsonNode) stored = NULL;
  guint port;

  if (!site_test_keyring_works ())
    return;

  keika_fake_mal_add_user (f->mal, "Aiko");
  keika_fake_mal_set_browser_user (f->mal, "Aiko");

  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  expected_prefix = g_strconcat (keika_fake_sites_get_url (f->fake, "mal-auth"), "/authorize?",
                                 NULL);
  g_assert_true (g_str_has_prefix (uri, expected_prefix));
  method = site_test_query_param (uri, "code_challenge_method");
  g_assert_cmpstr (method, ==, "plain");
  redirect = site_test_query_param (uri, "redirect_uri");
  g_assert_true (g_str_has_prefix (redirect, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (redirect, "/callback"));
  port = site_test_port_of (redirect);
  g_assert_true (site_test_can_connect (port));

  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, NULL,
                                             test_store_result_cb, &result);

  /* The browser: MAL's authorize page redirects to Keika's loopback handler. */
  authorize = site_test_browse (uri);
  g_assert_cmpuint (authorize->status, ==, 302);
  g_assert_true (g_str_has_prefix (authorize->location, redirect));
  landing = site_test_browse (authorize->location);
  g_assert_cmpuint (landing->status, ==, 200);

  profile = keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                        test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_cmpint (keika_profile_get_site (profile), ==, KEIKA_SITE_MAL);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "Aiko");
  user_id = g_strdup_printf ("%" G_GINT64_FORMAT, keika_fake_mal_get_user_id (f->mal, "Aiko"));
  g_assert_cmpstr (keika_profile_get_site_user_id (profile), ==, user_id);
  g_assert_true (keika_profile_get_claimed (profile));
  g_assert_cmpstr (keika_site_base_get_account (KEIKA_SITE_BASE (f->site)), ==, user_id);
  g_assert_cmpstr (keika_site_base_get_user_name (KEIKA_SITE_BASE (f->site)), ==, "Aiko");
  g_assert_false (site_test_can_connect (port));

  /* One exchange, PKCE plain, no client secret. */
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);
  g_assert_cmpuint (keika_fake_sites_count_ignored_fields (f->fake, "mal"), ==, 0);

  /* The tokens are in the keyring, under the user id. */
  secret = site_test_lookup_secret (KEIKA_MAL_SECRET_SITE, user_id);
  g_assert_nonnull (secret);
  stored = json_from_string (secret, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (stored));
  g_assert_true (json_object_has_member (json_node_get_object (stored), "access_token"));
  g_assert_true (json_object_has_member (json_node_get_object (stored), "refresh_token"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stored), "expires_at"), >,
                   g_get_real_time () / G_USEC_PER_SEC + 3000);

  /* … and only there. */
  assert_no_secret_on_disk (f);

  /* Another start of Keika finds them. */
  later = new_site (f, user_id);
  again = site_test_get_user (later, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (again), ==, "Aiko");
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);

  /* A renewal replaces both tokens (the old refresh token is revoked): the
   * keyring gets the new pair, which the next start uses. */
  keika_fake_mal_expire_access_tokens (f->mal);
  g_clear_object (&again);
  again = site_test_get_user (f->site, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "POST /token"), ==, 2);
  g_clear_object (&later);
  g_clear_object (&again);
  later = new_site (f, user_id);
  again = site_test_get_user (later, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "POST /token"), ==, 2);
  assert_no_secret_on_disk (f);

  /* Sign-out deletes them. */
  g_clear_object (&result);
  keika_site_service_sign_out_async (KEIKA_SITE_SERVICE (f->site), NULL, test_store_result_cb,
                                     &result);
  g_assert_true (keika_site_service_sign_out_finish (KEIKA_SITE_SERVICE (f->site),
                                                     test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_pointer (&secret, g_free);
  secret = site_test_lookup_secret (KEIKA_MAL_SECRET_SITE, user_id);
  g_assert_null (secret);

  g_clear_object (&again);
  again = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  g_assert_null (again);
  site_test_remember_error (f->messages, error);
}

/* MyAnimeList lists no sign-ins on other devices: the optional part of the
 * contract says so in both calls; and its sign-in renews itself. */
static void
test_no_sign_ins (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (keika_site_service_lists_sign_ins (KEIKA_SITE_SERVICE (f->site)));
  /* A refresh token renews the sign-in. */
  g_assert_true (keika_site_service_sign_in_renews (KEIKA_SITE_SERVICE (f->site)));
  keika_site_service_list_sign_ins_async (KEIKA_SITE_SERVICE (f->site), NULL, test_store_result_cb,
                                          &result);
  g_assert_null (keika_site_service_list_sign_ins_finish (KEIKA_SITE_SERVICE (f->site),
                                                          test_wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_clear_object (&result);
  keika_site_service_end_sign_in_async (KEIKA_SITE_SERVICE (f->site), 1, NULL,
                                        test_store_result_cb, &result);
  g_assert_false (keika_site_service_end_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                         test_wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static void
test_sign_in_paste (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) waiting = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SiteTestPage) authorize = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *code = NULL;
  g_autofree char *secret = NULL;

  if (!site_test_keyring_works ())
    return;

  /* The whole address the browser ended on, while the handler waits. */
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, NULL,
                                             test_store_result_cb, &waiting);
  authorize = site_test_browse (uri);
  g_assert_cmpuint (authorize->status, ==, 302);

  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), authorize->location,
                                             NULL, test_store_result_cb, &result);
  profile = keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                        test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "KeikaTester");
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&waiting), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  secret = site_test_lookup_secret (KEIKA_MAL_SECRET_SITE, keika_site_base_get_account (KEIKA_SITE_BASE (f->site)));
  g_assert_nonnull (secret);

  /* Only the code, with the handler never asked to wait. */
  g_clear_object (&result);
  g_clear_object (&profile);
  g_clear_pointer (&authorize, site_test_page_free);
  g_clear_pointer (&uri, g_free);
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  authorize = site_test_browse (uri);
  code = site_test_query_param (authorize->location, "code");
  g_assert_nonnull (code);
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), code, NULL,
                                             test_store_result_cb, &result);
  profile = keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                        test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "KeikaTester");
  g_assert_cmpuint (count (f, "POST /token"), ==, 2);

  /* An address with another state is refused, and so is a used code. */
  g_clear_object (&result);
  g_clear_pointer (&authorize, site_test_page_free);
  g_clear_pointer (&uri, g_free);
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  keika_fake_mal_set_authorize_answer (f->mal, KEIKA_FAKE_MAL_AUTHORIZE_WRONG_STATE);
  authorize = site_test_browse (uri);
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), authorize->location,
                                             NULL, test_store_result_cb, &result);
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&result), &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, "POST /token"), ==, 2);

  g_clear_object (&result);
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), code, NULL,
                                             test_store_result_cb, &result);
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&result), &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);

  /* Access denied in the browser. */
  g_clear_object (&result);
  g_clear_pointer (&authorize, site_test_page_free);
  g_clear_pointer (&uri, g_free);
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  keika_fake_mal_set_authorize_answer (f->mal, KEIKA_FAKE_MAL_AUTHORIZE_DENY);
  authorize = site_test_browse (uri);
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), authorize->location,
                                             NULL, test_store_result_cb, &result);
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&result), &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_ACCESS_DENIED);
  site_test_remember_error (f->messages, error);
  keika_site_service_abort_sign_in (KEIKA_SITE_SERVICE (f->site));
}

static void
test_sign_in_denied_and_cancelled (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SiteTestPage) authorize = NULL;
  g_autoptr(SiteTestPage) landing = NULL;
  g_autoptr(KeikaMalSite) nameless = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *redirect = NULL;

  /* Denied in the browser: no token request, the handler closes. */
  keika_fake_mal_set_authorize_answer (f->mal, KEIKA_FAKE_MAL_AUTHORIZE_DENY);
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  redirect = site_test_query_param (uri, "redirect_uri");
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, NULL,
                                             test_store_result_cb, &result);
  authorize = site_test_browse (uri);
  landing = site_test_browse (authorize->location);
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&result), &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_ACCESS_DENIED);
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, "POST /token"), ==, 0);
  g_assert_false (site_test_can_connect (site_test_port_of (redirect)));

  /* The handler cannot be waited on twice. */
  g_clear_object (&result);
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, NULL,
                                             test_store_result_cb, &result);
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&result), &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
  g_clear_error (&error);

  /* Cancelled while waiting for the browser: the port closes. */
  g_clear_object (&result);
  g_clear_pointer (&uri, g_free);
  g_clear_pointer (&redirect, g_free);
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  redirect = site_test_query_param (uri, "redirect_uri");
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, cancellable,
                                             test_store_result_cb, &result);
  g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (cancellable);
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (site_test_can_connect (site_test_port_of (redirect)));

  /* Begun twice: the first handler closes. */
  g_clear_pointer (&uri, g_free);
  g_clear_pointer (&redirect, g_free);
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  redirect = site_test_query_param (uri, "redirect_uri");
  g_assert_true (site_test_can_connect (site_test_port_of (redirect)));
  g_free (keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error));
  g_assert_no_error (error);
  g_assert_false (site_test_can_connect (site_test_port_of (redirect)));
  keika_site_service_abort_sign_in (KEIKA_SITE_SERVICE (f->site));

  /* No client id: nothing to sign in with. */
  nameless = new_site (f, NULL);
  keika_mal_site_set_client_id (nameless, "");
  g_assert_null (keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (nameless), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
}

static void
test_sign_in_port_in_use (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSocketService) squatter = g_socket_service_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *expected = NULL;
  guint16 port;

  /* Another program holds the registered port. */
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (squatter), NULL, &error);
  g_assert_no_error (error);
  keika_mal_site_set_redirect_port (f->site, port);

  /* The URL still carries the registered redirect, for the paste field. */
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  redirect = site_test_query_param (uri, "redirect_uri");
  g_assert_cmpstr (redirect, ==, expected);
  g_clear_pointer (&redirect, g_free);
  redirect = keika_mal_site_dup_redirect_uri (f->site);
  g_assert_cmpstr (redirect, ==, expected);

  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, NULL,
                                             test_store_result_cb, &result);
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&result), &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_PORT_IN_USE);
  keika_site_service_abort_sign_in (KEIKA_SITE_SERVICE (f->site));
}

/* Tokens */

static void
test_refresh_on_401 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[5] = { NULL, };

  sign_in_directly (f, "Aiko");

  /* The site refuses the token: one refresh, one retry. */
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me", KEIKA_FAKE_FAULT_EXPIRED_TOKEN, 0,
                           1);
  profile = site_test_get_user (f->site, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "Aiko");
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);
  g_assert_cmpuint (count (f, "GET /users/@me"), ==, 2);
  g_assert_cmpstr (keika_fake_request_get_form (last_request (f, "POST /token"), "grant_type"),
                   ==, "refresh_token");

  /* Refused again after the retry: no second refresh, no third try. */
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me", KEIKA_FAKE_FAULT_EXPIRED_TOKEN, 0,
                           2);
  g_clear_object (&profile);
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);
  g_assert_cmpuint (count (f, "GET /users/@me"), ==, 2);

  /* Five requests refused at once share one refresh. */
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_mal_expire_access_tokens (f->mal);
  keika_fake_mal_add_sample_entries (f->mal, "Aiko");
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    keika_site_service_delete_async (KEIKA_SITE_SERVICE (f->site), i == 0 ? 1 : 5114 + i, 0,
                                     NULL, test_store_result_cb, &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_true (keika_site_service_delete_finish (KEIKA_SITE_SERVICE (f->site),
                                                       test_wait_for (&results[i]), &error));
      g_assert_no_error (error);
      g_clear_object (&results[i]);
    }
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);
  g_assert_cmpuint (count (f, "DELETE /anime"), ==, 10);
  g_assert_null (keika_fake_mal_lookup_entry (f->mal, "Aiko", 1));
}

static void
test_refresh_before_expiry (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autoptr(GPtrArray) requests = NULL;

  /* Expiring within the minute: renewed first, never refused. */
  keika_fake_mal_issue_tokens (f->mal, "Aiko", &access, &refresh);
  keika_site_base_set_tokens (KEIKA_SITE_BASE (f->site), access, refresh,
                              g_get_real_time () / G_USEC_PER_SEC + 30);
  profile = site_test_get_user (f->site, &error);
  g_assert_no_error (error);
  requests = keika_fake_sites_get_requests (f->fake, "mal", NULL);
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_cmpstr (((KeikaFakeRequest *) requests->pdata[0])->site_path, ==, "/token");
  g_assert_cmpstr (((KeikaFakeRequest *) requests->pdata[1])->site_path, ==, "/users/@me");
  g_assert_cmpuint (((KeikaFakeRequest *) requests->pdata[1])->status, ==, 200);

  /* A short lifetime from the site does not make every request renew. */
  keika_fake_mal_set_token_lifetimes (f->mal, 10, 3600);
  keika_site_service_refresh_async (KEIKA_SITE_SERVICE (f->site), NULL, test_store_result_cb,
                                    &result);
  g_assert_true (keika_site_service_refresh_finish (KEIKA_SITE_SERVICE (f->site),
                                                    test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "POST /token"), ==, 2);
  g_clear_object (&profile);
  profile = site_test_get_user (f->site, &error);
  g_assert_no_error (error);
  g_clear_object (&profile);
  profile = site_test_get_user (f->site, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "POST /token"), ==, 2);
  g_assert_cmpuint (count (f, "GET /users/@me"), ==, 3);
}

static void
test_signed_out (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (1);

  /* Never signed in: no request at all. */
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, NULL), ==, 0);

  /* The refresh token expired too: sign in again. */
  sign_in_directly (f, "Aiko");
  keika_fake_mal_expire_access_tokens (f->mal);
  keika_fake_mal_expire_refresh_tokens (f->mal);
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, "GET /users/@me"), ==, 1);
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);

  /* Later calls know it without asking. */
  values->status = KEIKA_STATUS_WATCHING;
  g_assert_null (site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  g_assert_cmpuint (count (f, NULL), ==, 2);
}

/* Pull */

static void
assert_entry_matches (Fixture                *f,
                      const KeikaRemoteEntry *entry,
                      const char             *user)
{
  const KeikaFakeMalEntry *expected = keika_fake_mal_lookup_entry (f->mal, user, entry->anime_id);
  g_autofree char *start = NULL;
  g_autofree char *finish = NULL;

  g_assert_nonnull (expected);
  g_assert_cmpint (entry->known & KEIKA_ENTRY_FIELD_ALL, ==,
                   keika_site_service_get_supported_fields (KEIKA_SITE_SERVICE (f->site)));
  g_assert_cmpstr (keika_status_to_string (entry->status), ==, expected->status);
  g_assert_cmpuint (entry->score, ==, keika_score_from_site (expected->score, KEIKA_SITE_MAL));
  /* The round trip does not drift. */
  g_assert_cmpuint (keika_score_to_site (entry->score, KEIKA_SITE_MAL), ==, expected->score);
  g_assert_cmpuint (entry->progress, ==, expected->num_episodes_watched);
  g_assert_cmpint (entry->rewatching, ==, expected->is_rewatching);
  g_assert_cmpuint (entry->rewatch_count, ==, expected->num_times_rewatched);
  g_assert_cmpuint (entry->priority, ==, expected->priority);
  start = keika_fuzzy_date_normalize (expected->start_date);
  finish = keika_fuzzy_date_normalize (expected->finish_date);
  g_assert_cmpstr (entry->start_date, ==, start);
  g_assert_cmpstr (entry->finish_date, ==, finish);
  if (expected->start_date != NULL)
    g_assert_cmpstr (entry->start_date, ==, expected->start_date);
  if (expected->tags != NULL && expected->tags[0] != NULL)
    g_assert_true (g_strv_equal ((const char * const *) entry->tags, expected->tags));
  else
    g_assert_null (entry->tags);
  g_assert_cmpstr (entry->notes, ==, expected->comments);
  g_assert_cmpint (entry->updated_at, ==, expected->updated_at);
}

static void
test_pull_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(KeikaListEntry) model = NULL;
  SiteTestPulled pulled = { 0, };
  gboolean complete = FALSE;
  KeikaFakeRequest *first;
  guint adult = 0, rewatching = 0, partial_dates = 0, tagged = 0, noted = 0, synonyms = 0;
  KeikaRemoteEntry *bebop = NULL;

  keika_fake_mal_generate_entries (f->mal, "Aiko", 2494, 7);
  keika_fake_mal_add_sample_entries (f->mal, "Aiko");
  sign_in_directly (f, "Aiko");

  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 2500);
  g_assert_cmpuint (pulled.pages, ==, 3);

  requests = keika_fake_sites_get_requests (f->fake, "mal", "GET /users/@me/animelist");
  g_assert_cmpuint (requests->len, ==, 3);
  first = requests->pdata[0];
  g_assert_cmpstr (keika_fake_request_get_query (first, "limit"), ==, "1000");
  g_assert_cmpstr (keika_fake_request_get_query (first, "nsfw"), ==, "true");
  g_assert_cmpstr (keika_fake_request_get_query (first, "sort"), ==, "list_updated_at");
  g_assert_nonnull (strstr (keika_fake_request_get_query (first, "fields"), "comments"));
  g_assert_nonnull (keika_fake_request_get_header (first, "Authorization"));
  g_assert_cmpuint (count (f, "POST /token"), ==, 0);

  for (guint i = 0; i < pulled.entries->len; i++)
    {
      KeikaRemoteEntry *entry = g_ptr_array_index (pulled.entries, i);

      g_assert_true (g_hash_table_add (ids, GSIZE_TO_POINTER ((gsize) entry->anime_id)));
      assert_entry_matches (f, entry, "Aiko");
      g_assert_nonnull (entry->title);
      g_assert_cmpstr (entry->title, !=, "");
      g_assert_nonnull (entry->cover_url);
      g_assert_cmpint (entry->format, !=, KEIKA_FORMAT_UNKNOWN);
      g_assert_cmpint (entry->season, !=, KEIKA_SEASON_UNKNOWN);
      g_assert_cmpuint (entry->season_year, >=, 1970);
      g_assert_cmpint (entry->entry_id, ==, 0);
      if (i > 0)
        g_assert_cmpint (entry->updated_at, <=,
                         ((KeikaRemoteEntry *) g_ptr_array_index (pulled.entries, i - 1))->updated_at);

      adult += entry->adult;
      rewatching += entry->rewatching;
      partial_dates += entry->start_date != NULL && strlen (entry->start_date) < 10;
      tagged += entry->tags != NULL;
      noted += entry->notes != NULL;
      synonyms += entry->synonyms != NULL;
      if (entry->anime_id == 1)
        bebop = entry;
    }
  g_assert_cmpuint (adult, >, 0);
  g_assert_cmpuint (rewatching, >, 0);
  g_assert_cmpuint (partial_dates, >, 0);
  g_assert_cmpuint (tagged, >, 0);
  g_assert_cmpuint (noted, >, 0);
  g_assert_cmpuint (synonyms, >, 0);

  /* A known anime, every fact. */
  g_assert_nonnull (bebop);
  g_assert_cmpstr (bebop->title, ==, "Cowboy Bebop");
  g_assert_cmpstr (bebop->title_english, ==, "Cowboy Bebop");
  g_assert_cmpstr (bebop->title_native, ==, "カウボーイビバップ");
  g_assert_cmpint (bebop->format, ==, KEIKA_FORMAT_TV);
  g_assert_cmpuint (bebop->episodes, ==, 26);
  g_assert_cmpint (bebop->airing_status, ==, KEIKA_AIRING_STATUS_FINISHED);
  g_assert_cmpint (bebop->season, ==, KEIKA_SEASON_SPRING);
  g_assert_cmpuint (bebop->season_year, ==, 1998);
  g_assert_true (g_str_has_suffix (bebop->cover_url, "/1l.jpg"));
  g_assert_false (bebop->adult);
  g_assert_cmpint (bebop->status, ==, KEIKA_STATUS_COMPLETED);
  g_assert_cmpuint (bebop->score, ==, 90);
  g_assert_cmpstr (bebop->notes, ==, "See you, space cowboy…");

  /* As a model entry. */
  model = keika_remote_entry_to_list_entry (bebop, KEIKA_SITE_MAL);
  g_assert_cmpint (keika_anime_get_site_id (keika_list_entry_get_anime (model), KEIKA_SITE_MAL),
                   ==, 1);
  g_assert_cmpuint (keika_list_entry_get_score (model), ==, 90);
  g_assert_cmpuint (keika_list_entry_get_progress (model), ==, 26);
  g_assert_cmpstr (keika_list_entry_get_start_date (model), ==, "2019-01-05");
  g_assert_cmpint (keika_list_entry_get_updated_at (model), ==, 1549800000);

  site_test_pulled_clear (&pulled);
}

/* The generated entries are changed one after the other, the highest index
 * last: the @n-th newest of @total (with nothing else newer). */
static gint64
nth_newest_updated_at (Fixture *f,
                       guint    total,
                       guint    n)
{
  const KeikaFakeMalEntry *entry = keika_fake_mal_lookup_entry (f->mal, "Aiko",
                                                               100000 + total - 1 - n);

  g_assert_nonnull (entry);

  return entry->updated_at;
}

static void
test_pull_incremental (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SiteTestPulled pulled = { 0, };
  gboolean complete = TRUE;
  gint64 newest, since;
  KeikaFakeMalEntry changed = { .anime_id = 1, .status = "watching", .score = 7,
                                .num_episodes_watched = 3 };

  keika_fake_mal_generate_entries (f->mal, "Aiko", 1500, 11);
  sign_in_directly (f, "Aiko");
  newest = nth_newest_updated_at (f, 1500, 0);

  /* Nothing changed since the last sync: one request, nothing given. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (site_test_pull (f->site, NULL, newest + 1, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 0);
  g_assert_cmpuint (pulled.pages, ==, 0);
  g_assert_cmpuint (count (f, "GET /users/@me/animelist"), ==, 1);
  site_test_pulled_clear (&pulled);

  /* Two changes: one request, just those. */
  keika_fake_sites_clear_requests (f->fake);
  changed.updated_at = newest + 100;
  keika_fake_mal_add_entry (f->mal, "Aiko", &changed);
  changed.anime_id = 199;
  changed.updated_at = newest + 50;
  keika_fake_mal_add_entry (f->mal, "Aiko", &changed);
  g_assert_true (site_test_pull (f->site, NULL, newest + 1, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 2);
  g_assert_cmpint (((KeikaRemoteEntry *) pulled.entries->pdata[0])->anime_id, ==, 1);
  g_assert_cmpint (((KeikaRemoteEntry *) pulled.entries->pdata[1])->anime_id, ==, 199);
  g_assert_cmpuint (count (f, "GET /users/@me/animelist"), ==, 1);
  site_test_pulled_clear (&pulled);

  /* Changes across pages: paging stops at the first older entry, and an
   * entry changed at the very time of the last sync is included. */
  since = nth_newest_updated_at (f, 1500, 1198);
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (site_test_pull (f->site, NULL, since, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 1201);
  /* A pull of changes starts with a small page (most of the time nothing
   * changed), then reads full pages: 25, 1000, 1000. */
  g_assert_cmpuint (count (f, "GET /users/@me/animelist"), ==, 3);
  site_test_pulled_clear (&pulled);

  /* Everything newer than the time: the list was seen whole. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (site_test_pull (f->site, NULL, 1, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 1502);
  g_assert_cmpuint (count (f, "GET /users/@me/animelist"), ==, 3);
  site_test_pulled_clear (&pulled);

  /* The page function can stop the pull. The request for the next page went
   * out before the page was read (it may have reached the site); its
   * answer is dropped. */
  keika_fake_sites_clear_requests (f->fake);
  pulled.stop_after = 1;
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 1000);
  g_assert_cmpuint (count (f, "GET /users/@me/animelist"), >=, 1);
  g_assert_cmpuint (count (f, "GET /users/@me/animelist"), <=, 2);
  site_test_pulled_clear (&pulled);
}

static void
test_pull_public (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaMalSite) nameless = NULL;
  SiteTestPulled pulled = { 0, };
  gboolean complete = FALSE;
  KeikaFakeRequest *request;

  /* Someone else's list, without any token. */
  keika_fake_mal_add_sample_entries (f->mal, "Someone Else");
  g_assert_true (site_test_pull (f->site, "Someone Else", 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 6);
  for (guint i = 0; i < pulled.entries->len; i++)
    assert_entry_matches (f, g_ptr_array_index (pulled.entries, i), "Someone Else");
  request = last_request (f, "GET /users/*/animelist");
  g_assert_cmpstr (request->site_path, ==, "/users/Someone Else/animelist");
  g_assert_cmpstr (keika_fake_request_get_header (request, "X-MAL-CLIENT-ID"), ==,
                   KEIKA_FAKE_MAL_CLIENT_ID);
  g_assert_null (keika_fake_request_get_header (request, "Authorization"));
  site_test_pulled_clear (&pulled);

  /* A name MAL does not know. */
  g_assert_false (site_test_pull (f->site, "Nobody", 0, &pulled, &complete, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  site_test_pulled_clear (&pulled);

  /* No client id: no public read. */
  nameless = new_site (f, NULL);
  keika_mal_site_set_client_id (nameless, NULL);
  g_assert_false (site_test_pull (nameless, "Someone Else", 0, &pulled, &complete, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  site_test_pulled_clear (&pulled);
}

/* Push and delete */

static void
test_push (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (5114);
  g_autoptr(KeikaRemoteEntry) answer = NULL;
  g_autoptr(KeikaRemoteEntry) created = NULL;
  g_autoptr(KeikaRemoteEntry) nothing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(KeikaAnime) anime = NULL;
  g_autoptr(KeikaListEntry) model = NULL;
  g_autoptr(KeikaRemoteEntry) from_model = NULL;
  const char *tags[] = { "favourites", "with, comma", NULL };
  const KeikaFakeMalEntry *entry;
  KeikaFakeRequest *request;

  keika_fake_mal_add_sample_entries (f->mal, "Aiko");
  sign_in_directly (f, "Aiko");

  /* Three fields changed: three fields sent, by their write names. */
  values->score = 85;
  values->progress = 25;
  values->tags = g_strdupv ((char **) tags);
  values->status = KEIKA_STATUS_DROPPED;  /* not changed: not sent */
  answer = site_test_push (f->site, values,
                           KEIKA_ENTRY_FIELD_SCORE | KEIKA_ENTRY_FIELD_PROGRESS |
                           KEIKA_ENTRY_FIELD_TAGS, &error);
  g_assert_no_error (error);
  request = last_request (f, "PATCH /anime/5114/my_list_status");
  g_assert_nonnull (request);
  g_assert_cmpuint (g_hash_table_size (request->form), ==, 3);
  g_assert_cmpstr (keika_fake_request_get_form (request, "score"), ==, "8");
  g_assert_cmpstr (keika_fake_request_get_form (request, "num_watched_episodes"), ==, "25");
  g_assert_cmpstr (keika_fake_request_get_form (request, "tags"), ==, "favourites,with  comma");
  g_assert_cmpuint (request->ignored_fields->len, ==, 0);
  g_assert_cmpuint (keika_fake_sites_count_ignored_fields (f->fake, "mal"), ==, 0);

  entry = keika_fake_mal_lookup_entry (f->mal, "Aiko", 5114);
  g_assert_cmpuint (entry->score, ==, 8);
  g_assert_cmpuint (entry->num_episodes_watched, ==, 25);
  g_assert_cmpstr (entry->status, ==, "watching");

  /* The answer: the entry as MAL now has it. */
  g_assert_cmpint (answer->anime_id, ==, 5114);
  g_assert_cmpuint (answer->score, ==, 80);
  g_assert_cmpuint (answer->progress, ==, 25);
  g_assert_cmpint (answer->status, ==, KEIKA_STATUS_WATCHING);
  g_assert_cmpstr (answer->start_date, ==, "2024-03");
  g_assert_true (answer->known & KEIKA_ENTRY_FIELD_TAGS);
  g_assert_cmpint (answer->updated_at, ==, entry->updated_at);

  /* Dates, partial and cleared; notes; rewatching; priority. */
  g_clear_pointer (&answer, keika_remote_entry_unref);
  g_free (values->start_date);
  values->start_date = g_strdup ("2024");
  values->finish_date = NULL;
  values->notes = g_strdup ("Ed & Al — “brothers”\nline two");
  values->rewatching = TRUE;
  values->rewatch_count = 2;
  values->priority = 2;
  answer = site_test_push (f->site, values,
                           KEIKA_ENTRY_FIELD_START_DATE | KEIKA_ENTRY_FIELD_FINISH_DATE |
                           KEIKA_ENTRY_FIELD_NOTES | KEIKA_ENTRY_FIELD_REWATCHING |
                           KEIKA_ENTRY_FIELD_REWATCH_COUNT | KEIKA_ENTRY_FIELD_PRIORITY |
                           KEIKA_ENTRY_FIELD_FAVOURITE, &error);
  g_assert_no_error (error);
  request = last_request (f, "PATCH /anime");
  g_assert_cmpuint (g_hash_table_size (request->form), ==, 6);
  g_assert_cmpstr (keika_fake_request_get_form (request, "start_date"), ==, "2024");
  g_assert_cmpstr (keika_fake_request_get_form (request, "finish_date"), ==, "");
  g_assert_cmpstr (keika_fake_request_get_form (request, "is_rewatching"), ==, "true");
  g_assert_cmpstr (keika_fake_request_get_form (request, "num_times_rewatched"), ==, "2");
  g_assert_cmpstr (keika_fake_request_get_form (request, "priority"), ==, "2");
  g_assert_cmpuint (request->ignored_fields->len, ==, 0);
  entry = keika_fake_mal_lookup_entry (f->mal, "Aiko", 5114);
  g_assert_cmpstr (entry->start_date, ==, "2024");
  g_assert_cmpstr (entry->comments, ==, values->notes);
  g_assert_cmpstr (answer->notes, ==, values->notes);
  g_assert_cmpstr (answer->start_date, ==, "2024");
  g_assert_true (answer->rewatching);
  g_assert_cmpuint (answer->rewatch_count, ==, 2);
  g_assert_cmpuint (answer->priority, ==, 2);

  /* A new entry, from a model entry, every field. */
  anime = keika_anime_new ("Steins;Gate");
  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, 9253);
  keika_anime_set_episodes (anime, 24);
  model = keika_list_entry_new (anime);
  keika_list_entry_set_status (model, KEIKA_STATUS_WATCHING);
  keika_list_entry_set_progress (model, 4);
  keika_list_entry_set_score (model, 95);
  keika_list_entry_set_start_date (model, "2024-05-06");
  from_model = keika_remote_entry_new_from_list_entry (model, KEIKA_SITE_MAL);
  g_assert_null (keika_fake_mal_lookup_entry (f->mal, "Aiko", 9253));
  created = site_test_push (f->site, from_model, KEIKA_ENTRY_FIELD_ALL, &error);
  g_assert_no_error (error);
  request = last_request (f, "PATCH /anime");
  g_assert_cmpuint (request->ignored_fields->len, ==, 0);
  g_assert_cmpuint (g_hash_table_size (request->form), ==, 10);
  g_assert_cmpstr (keika_fake_request_get_form (request, "priority"), ==, "0");
  entry = keika_fake_mal_lookup_entry (f->mal, "Aiko", 9253);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->status, ==, "watching");
  g_assert_cmpuint (entry->score, ==, 9);
  g_assert_cmpuint (entry->num_episodes_watched, ==, 4);
  g_assert_cmpstr (entry->start_date, ==, "2024-05-06");
  g_assert_cmpuint (created->score, ==, 90);

  /* Nothing MAL stores changed: nothing sent. */
  keika_fake_sites_clear_requests (f->fake);
  nothing = site_test_push (f->site, values,
                            KEIKA_ENTRY_FIELD_FAVOURITE | KEIKA_ENTRY_FIELD_PRIVATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (nothing->known, ==, 0);
  g_assert_cmpuint (count (f, NULL), ==, 0);
  g_assert_cmpuint (keika_fake_sites_count_ignored_fields (f->fake, "mal"), ==, 0);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KeikaFakeRequest *request;

  keika_fake_mal_add_sample_entries (f->mal, "Aiko");
  sign_in_directly (f, "Aiko");

  g_assert_nonnull (keika_fake_mal_lookup_entry (f->mal, "Aiko", 1535));
  g_assert_true (site_test_delete (f->site, 1535, 0, &error));
  g_assert_no_error (error);
  g_assert_null (keika_fake_mal_lookup_entry (f->mal, "Aiko", 1535));
  request = last_request (f, "DELETE /anime");
  g_assert_cmpuint (request->status, ==, 200);

  /* Not on the list (any more): done. */
  g_assert_true (site_test_delete (f->site, 1535, 0, &error));
  g_assert_no_error (error);
  request = last_request (f, "DELETE /anime");
  g_assert_cmpuint (request->status, ==, 404);
  g_assert_cmpuint (count (f, "DELETE /anime"), ==, 2);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_query = NULL;
  KeikaFakeRequest *request;
  KeikaAnime *anime;

  keika_site_service_search_async (KEIKA_SITE_SERVICE (f->site), "frieren", 10, NULL,
                                   test_store_result_cb, &result);
  found = keika_site_service_search_finish (KEIKA_SITE_SERVICE (f->site), test_wait_for (&result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  anime = g_ptr_array_index (found, 0);
  g_assert_cmpint (keika_anime_get_site_id (anime, KEIKA_SITE_MAL), ==, 52991);
  g_assert_cmpstr (keika_anime_get_title_romaji (anime), ==, "Sousou no Frieren");
  g_assert_cmpstr (keika_anime_get_title_english (anime), ==, "Frieren: Beyond Journey's End");
  g_assert_cmpuint (keika_anime_get_episodes (anime), ==, 28);
  g_assert_cmpuint (keika_anime_get_season_year (anime), ==, 2023);
  request = last_request (f, "GET /anime");
  g_assert_cmpstr (keika_fake_request_get_query (request, "q"), ==, "frieren");
  g_assert_cmpstr (keika_fake_request_get_query (request, "limit"), ==, "10");
  g_assert_cmpstr (keika_fake_request_get_header (request, "X-MAL-CLIENT-ID"), ==,
                   KEIKA_FAKE_MAL_CLIENT_ID);

  /* A long query is cut to MAL's 64 characters (on a character). */
  g_clear_object (&result);
  g_clear_pointer (&found, g_ptr_array_unref);
  long_query = g_strnfill (70, 'x');
  memcpy (long_query + 62, "ééé", strlen ("ééé"));
  keika_site_service_search_async (KEIKA_SITE_SERVICE (f->site), long_query, 500, NULL,
                                   test_store_result_cb, &result);
  found = keika_site_service_search_finish (KEIKA_SITE_SERVICE (f->site), test_wait_for (&result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  request = last_request (f, "GET /anime");
  g_assert_cmpuint (request->status, ==, 200);
  g_assert_cmpuint (g_utf8_strlen (keika_fake_request_get_query (request, "q"), -1), ==, 64);
  g_assert_cmpstr (keika_fake_request_get_query (request, "limit"), ==, "100");

  /* Nothing to look for: no request. */
  g_clear_object (&result);
  g_clear_pointer (&found, g_ptr_array_unref);
  keika_fake_sites_clear_requests (f->fake);
  keika_site_service_search_async (KEIKA_SITE_SERVICE (f->site), "   ", 0, NULL,
                                   test_store_result_cb, &result);
  found = keika_site_service_search_finish (KEIKA_SITE_SERVICE (f->site), test_wait_for (&result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_cmpuint (count (f, NULL), ==, 0);
}

/* Faults */

static void
assert_pull_fails (Fixture    *f,
                   KeikaError  code)
{
  g_autoptr(GError) error = NULL;
  SiteTestPulled pulled = { 0, };

  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, (gint) code);
  site_test_remember_error (f->messages, error);
  site_test_pulled_clear (&pulled);
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (1);
  g_autoptr(KeikaRemoteEntry) answer = NULL;
  SiteTestPulled pulled = { 0, };
  KeikaFakeRequest *refused, *next;
  gint64 started;

  keika_fake_mal_generate_entries (f->mal, "Aiko", 1100, 3);
  sign_in_directly (f, "Aiko");

  /* 429 with Retry-After: the next request waits at least that long. */
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist",
                           KEIKA_FAKE_FAULT_RATE_LIMIT, 1, 1);
  started = g_get_monotonic_time ();
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 1100);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC);
  requests = keika_fake_sites_get_requests (f->fake, "mal", "GET /users/@me/animelist");
  g_assert_cmpuint (requests->len, ==, 3);
  refused = requests->pdata[0];
  next = requests->pdata[1];
  g_assert_cmpuint (refused->status, ==, 429);
  g_assert_cmpint (next->time - refused->answer_time, >=, G_USEC_PER_SEC);
  g_assert_cmpuint (keika_fake_sites_count_too_early (f->fake, "mal"), ==, 0);
  site_test_pulled_clear (&pulled);
  g_clear_pointer (&requests, g_ptr_array_unref);

  /* A wait longer than Keika's maximum reaches the user, with the wait. */
  keika_fake_sites_clear_requests (f->fake);
  keika_http_client_set_max_wait (f->client, 1);
  keika_fake_sites_inject (f->fake, "mal", "PATCH /anime", KEIKA_FAKE_FAULT_RATE_LIMIT, 2, 1);
  values->status = KEIKA_STATUS_WATCHING;
  g_assert_null (site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_RATE_LIMITED);
  g_assert_cmpuint (keika_error_get_retry_after (error), ==, 2);
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);
  keika_http_client_set_max_wait (f->client, 60);
  answer = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS, &error);
  g_assert_no_error (error);
  requests = keika_fake_sites_get_requests (f->fake, "mal", "PATCH /anime");
  g_assert_cmpuint (requests->len, ==, 2);
  refused = requests->pdata[0];
  next = requests->pdata[1];
  g_assert_cmpint (next->time - refused->answer_time, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (keika_fake_sites_count_too_early (f->fake, "mal"), ==, 0);
  g_clear_pointer (&requests, g_ptr_array_unref);

  /* MAL's 403 "DoS detected" is a rate limit too. */
  keika_http_client_set_default_backoff (f->client, 1);
  keika_http_client_set_max_wait (f->client, 0);
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist",
                           KEIKA_FAKE_FAULT_DOS_DETECTED, 0, 1);
  assert_pull_fails (f, KEIKA_ERROR_RATE_LIMITED);
  keika_http_client_set_max_wait (f->client, 60);

  /* 500, every time: three tries, then the error. */
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist",
                           KEIKA_FAKE_FAULT_SERVER_ERROR, 500, 3);
  assert_pull_fails (f, KEIKA_ERROR_SERVER_ERROR);
  g_assert_cmpuint (count (f, "GET /users/@me/animelist"), ==, 3);

  /* A web page, cut or broken JSON: never a crash. */
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist", KEIKA_FAKE_FAULT_HTML, 0,
                           1);
  assert_pull_fails (f, KEIKA_ERROR_NOT_DATA);
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist", KEIKA_FAKE_FAULT_HTML,
                           503, 3);
  assert_pull_fails (f, KEIKA_ERROR_NOT_DATA);
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist",
                           KEIKA_FAKE_FAULT_TRUNCATED_JSON, 0, 1);
  assert_pull_fails (f, KEIKA_ERROR_MALFORMED);
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist",
                           KEIKA_FAKE_FAULT_MALFORMED_JSON, 0, 1);
  assert_pull_fails (f, KEIKA_ERROR_MALFORMED);
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me", KEIKA_FAKE_FAULT_TRUNCATED_JSON, 0,
                           1);
  g_assert_null (site_test_get_user (f->site, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_MALFORMED);
  g_clear_error (&error);
  keika_fake_sites_inject (f->fake, "mal", "PATCH /anime", KEIKA_FAKE_FAULT_HTML, 0, 1);
  g_clear_pointer (&answer, keika_remote_entry_unref);
  g_assert_null (site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_NOT_DATA);
  g_clear_error (&error);

  /* The second page fails: the first was given, the pull fails. */
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist", KEIKA_FAKE_FAULT_SLOW,
                           0, 1);
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist",
                           KEIKA_FAKE_FAULT_TRUNCATED_JSON, 0, 1);
  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_MALFORMED);
  g_clear_error (&error);
  site_test_pulled_clear (&pulled);

  /* A slow answer with a short timeout (each of the three tries). */
  keika_http_client_set_timeout (f->client, 200);
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist", KEIKA_FAKE_FAULT_SLOW,
                           1500, 3);
  assert_pull_fails (f, KEIKA_ERROR_TIMED_OUT);
  keika_http_client_set_timeout (f->client, 10000);

  /* No answer at all. */
  keika_fake_sites_inject (f->fake, "mal", "DELETE /anime", KEIKA_FAKE_FAULT_CLOSE_CONNECTION, 0,
                           KEIKA_FAKE_FOREVER);
  g_assert_false (site_test_delete (f->site, 1, 0, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_OFFLINE);
  g_clear_error (&error);
  keika_fake_sites_clear_faults (f->fake);

  /* After all that, it works (with the entry the push added). */
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 1101);
  site_test_pulled_clear (&pulled);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) second = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SiteTestPulled pulled = { 0, };
  gint64 started;

  keika_fake_mal_generate_entries (f->mal, "Aiko", 1500, 5);
  sign_in_directly (f, "Aiko");

  /* During a slow page. */
  keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist", KEIKA_FAKE_FAULT_SLOW,
                           3000, 1);
  g_timeout_add (100, cancel_cb, cancellable);
  started = g_get_monotonic_time ();
  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);
  g_assert_cmpuint (pulled.pages, ==, 0);
  g_clear_error (&error);
  site_test_pulled_clear (&pulled);

  /* During the token renewal: the waiter goes, the renewal serves others. */
  keika_fake_sites_clear_faults (f->fake);
  keika_fake_mal_expire_access_tokens (f->mal);
  keika_fake_sites_inject (f->fake, "mal", "POST /token", KEIKA_FAKE_FAULT_SLOW, 500, 1);
  keika_site_service_get_user_async (KEIKA_SITE_SERVICE (f->site), second, test_store_result_cb,
                                     &result);
  g_timeout_add (100, cancel_cb, second);
  g_assert_null (keika_site_service_get_user_finish (KEIKA_SITE_SERVICE (f->site),
                                                     test_wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 1500);
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);
  site_test_pulled_clear (&pulled);

  /* Already cancelled: nothing sent. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count (f, NULL), ==, 0);
  site_test_pulled_clear (&pulled);
}

/* Parsing */

static GPtrArray *
parse_page (const char  *json,
            gint64       since,
            char       **next,
            gboolean    *stop,
            GError     **error)
{
  g_autoptr(KeikaJsonDoc) doc = keika_json_doc_parse (json, strlen (json), NULL);

  return keika_mal_parse_list_page (doc != NULL ? keika_json_doc_get_root (doc) : NULL,
                                    since, next, stop, error);
}

static void
test_parse_defensive (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *next = NULL;
  gboolean stop;
  KeikaRemoteEntry *entry;
  const char * const bad_pages[] = {
    "[]",
    "{}",
    "{\"data\": {}}",
    "{\"data\": [1]}",
    "{\"data\": [{\"list_status\": {}}]}",
    "{\"data\": [{\"node\": {\"title\": \"no id\"}}]}",
    "{\"data\": [{\"node\": {\"id\": \"7\"}}]}",
    "{\"data\": [{\"node\": {\"id\": -3}}]}",
    "\"data\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_pages); i++)
    {
      g_assert_null (parse_page (bad_pages[i], 0, &next, &stop, &error));
      g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_MALFORMED);
      g_assert_null (next);
      g_clear_error (&error);
    }
  g_assert_null (keika_mal_parse_list_page (NULL, 0, &next, &stop, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Wrong types count as absent; nothing crashes. */
  entries = parse_page ("{\"data\": [{\"node\": {\"id\": 5, \"title\": 12,"
                        " \"main_picture\": \"x\", \"alternative_titles\": {\"synonyms\": [1, \"\","
                        " \"Syn\"], \"en\": \"\", \"ja\": null}, \"num_episodes\": -4,"
                        " \"media_type\": \"tv_special\", \"status\": 3, \"genres\": [{\"id\": 1},"
                        " {\"name\": \"Drama\"}, \"Action\"], \"start_season\": {\"year\": \"2001\","
                        " \"season\": \"monsoon\"}, \"nsfw\": true},"
                        " \"list_status\": {\"status\": \"rewatching\", \"score\": \"9\","
                        " \"num_episodes_watched\": 4.0, \"is_rewatching\": 1,"
                        " \"start_date\": \"2020-00-00\", \"finish_date\": \"someday\","
                        " \"priority\": 7, \"tags\": \"a,b\", \"comments\": null,"
                        " \"updated_at\": \"yesterday\"}}],"
                        " \"paging\": {\"next\": 42}}",
                        0, &next, &stop, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_null (next);
  g_assert_false (stop);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (entry->anime_id, ==, 5);
  g_assert_cmpstr (entry->title, ==, "");
  g_assert_null (entry->cover_url);
  g_assert_cmpuint (g_strv_length (entry->synonyms), ==, 1);
  g_assert_cmpstr (entry->synonyms[0], ==, "Syn");
  g_assert_null (entry->title_english);
  g_assert_null (entry->title_native);
  g_assert_cmpuint (entry->episodes, ==, 0);
  g_assert_cmpint (entry->format, ==, KEIKA_FORMAT_SPECIAL);
  g_assert_cmpint (entry->airing_status, ==, KEIKA_AIRING_STATUS_UNKNOWN);
  g_assert_cmpuint (g_strv_length (entry->genres), ==, 1);
  g_assert_cmpint (entry->season, ==, KEIKA_SEASON_UNKNOWN);
  g_assert_cmpuint (entry->season_year, ==, 0);
  g_assert_false (entry->adult);
  g_assert_cmpint (entry->known, ==, KEIKA_ENTRY_FIELD_PROGRESS | KEIKA_ENTRY_FIELD_START_DATE |
                   KEIKA_ENTRY_FIELD_FINISH_DATE | KEIKA_ENTRY_FIELD_PRIORITY |
                   KEIKA_ENTRY_FIELD_NOTES);
  g_assert_cmpuint (entry->progress, ==, 4);
  g_assert_cmpstr (entry->start_date, ==, "2020");
  g_assert_null (entry->finish_date);
  g_assert_cmpuint (entry->priority, ==, 2);
  g_assert_null (entry->notes);
  g_assert_cmpint (entry->updated_at, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* An empty list, and a page older than the last sync. */
  entries = parse_page ("{\"data\": [], \"paging\": {}}", 0, &next, &stop, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = parse_page ("{\"data\": [{\"node\": {\"id\": 1}, \"list_status\": "
                        "{\"updated_at\": \"2024-01-01T00:00:10+00:00\"}}, {\"node\": {\"id\": 2},"
                        " \"list_status\": {\"updated_at\": \"2024-01-01T00:00:09+00:00\"}}],"
                        " \"paging\": {\"next\": \"https://x/next\"}}",
                        1704067210, &next, &stop, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_true (stop);
  g_assert_null (next);

  /* Times */
  g_assert_cmpint (keika_site_parse_time ("2024-01-01T00:00:00+00:00"), ==, 1704067200);
  g_assert_cmpint (keika_site_parse_time ("2024-01-01T09:00:00+09:00"), ==, 1704067200);
  g_assert_cmpint (keika_site_parse_time ("2023-12-31T19:00:00-05:00"), ==, 1704067200);
  g_assert_cmpint (keika_site_parse_time ("2024-01-01T00:00:00Z"), ==, 1704067200);
  g_assert_cmpint (keika_site_parse_time ("2024-01-01T00:00:00.123Z"), ==, 1704067200);
  g_assert_cmpint (keika_site_parse_time ("2000-02-29T12:34:56+00:00"), ==, 951827696);
  g_assert_cmpint (keika_site_parse_time ("1969-12-31T23:59:59+00:00"), ==, -1);
  g_assert_cmpint (keika_site_parse_time ("2024-13-01T00:00:00+00:00"), ==, 0);
  g_assert_cmpint (keika_site_parse_time ("2024-01-01"), ==, 0);
  g_assert_cmpint (keika_site_parse_time (""), ==, 0);
  g_assert_cmpint (keika_site_parse_time (NULL), ==, 0);
}

static void
test_configuration (void)
{
  g_autoptr(KeikaMalSite) site = NULL;
  g_autofree char *api = NULL;
  g_autofree char *auth = NULL;

  g_unsetenv ("KEIKA_MAL_API_URL");
  g_unsetenv ("KEIKA_MAL_AUTH_URL");
  api = keika_mal_site_dup_api_url ();
  auth = keika_mal_site_dup_auth_url ();
  g_assert_cmpstr (api, ==, "https://api.myanimelist.net/v2");
  g_assert_cmpstr (auth, ==, "https://myanimelist.net/v1/oauth2");
  g_clear_pointer (&api, g_free);
  g_clear_pointer (&auth, g_free);

  g_setenv ("KEIKA_MAL_API_URL", "http://127.0.0.1:1/mal/api/v2/", TRUE);
  g_setenv ("KEIKA_MAL_AUTH_URL", "", TRUE);
  api = keika_mal_site_dup_api_url ();
  auth = keika_mal_site_dup_auth_url ();
  g_assert_cmpstr (api, ==, "http://127.0.0.1:1/mal/api/v2");
  g_assert_cmpstr (auth, ==, "https://myanimelist.net/v1/oauth2");

  site = keika_mal_site_new (MAL_CLIENT_ID, NULL);
  g_assert_cmpstr (keika_mal_site_get_api_url (site), ==, "http://127.0.0.1:1/mal/api/v2");
  g_assert_cmpstr (keika_mal_site_get_client_id (site), ==, MAL_CLIENT_ID);
  g_assert_cmpuint (keika_mal_site_get_redirect_port (site), ==, 8457);
  g_assert_true (keika_site_base_get_http_client (KEIKA_SITE_BASE (site)) == keika_http_client_get_default ());
  g_assert_cmpint (keika_site_service_get_site (KEIKA_SITE_SERVICE (site)), ==, KEIKA_SITE_MAL);
  g_unsetenv ("KEIKA_MAL_API_URL");
  g_unsetenv ("KEIKA_MAL_AUTH_URL");
}

/* Benchmark-like: CPU for a 10,000-entry pull (printed, not asserted).
 * Under a sanitizer every allocation costs a stack walk: a tenth of it
 * then, enough to run the code. */
#if defined(__SANITIZE_ADDRESS__)
#define BENCH_ENTRIES 1000
#else
#define BENCH_ENTRIES 10000
#endif

static gboolean
count_page_cb (KeikaSiteService *service,
               GPtrArray        *entries,
               gpointer          user_data)
{
  guint *n = user_data;

  *n += entries->len;

  return TRUE;
}

static void
test_pull_10000 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *access = NULL;
  double cpu_pull, cpu_fake, cpu_parse, cpu_convert, start;
  gsize total_bytes = 0;
  guint n = 0, n_converted = 0;
  gint64 wall;

  keika_fake_mal_generate_entries (f->mal, "Aiko", BENCH_ENTRIES, 42);
  keika_fake_mal_issue_tokens (f->mal, "Aiko", &access, NULL);
  keika_site_base_set_tokens (KEIKA_SITE_BASE (f->site), access, NULL,
                              g_get_real_time () / G_USEC_PER_SEC + 3600);

  /* The whole pull, in-process: Keika and the fake. */
  start = cpu_seconds ();
  wall = g_get_monotonic_time ();
  keika_site_service_pull_async (KEIKA_SITE_SERVICE (f->site), NULL, 0, count_page_cb, &n, NULL,
                                 NULL, test_store_result_cb, &result);
  g_assert_true (keika_site_service_pull_finish (KEIKA_SITE_SERVICE (f->site),
                                                 test_wait_for (&result), NULL, &error));
  cpu_pull = cpu_seconds () - start;
  wall = g_get_monotonic_time () - wall;
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, BENCH_ENTRIES);
  requests = keika_fake_sites_get_requests (f->fake, "mal", "GET /users/@me/animelist");
  g_assert_cmpuint (requests->len, ==, BENCH_ENTRIES / 1000);

  /* The fake's share: the same ten pages read by a bare session. */
  start = cpu_seconds ();
  for (guint i = 0; i < requests->len; i++)
    {
      KeikaFakeRequest *request = requests->pdata[i];
      g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s?%s",
                                              keika_fake_sites_get_port (f->fake), request->path,
                                              request->query);
      g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
      g_autoptr(GAsyncResult) read = NULL;
      GBytes *body;

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    keika_fake_request_get_header (request, "Authorization"));
      soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                        test_store_result_cb, &read);
      body = soup_session_send_and_read_finish (session, test_wait_for (&read), &error);
      g_assert_no_error (error);
      total_bytes += g_bytes_get_size (body);
      g_ptr_array_add (bodies, body);
    }
  cpu_fake = cpu_seconds () - start;

  /* The parse alone (keika-json-doc, as the HTTP client parses answers), page
   * by page as in a pull; then the conversion to remote entries alone. */
  cpu_parse = cpu_convert = 0;
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(KeikaJsonDoc) doc = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      g_autofree char *next = NULL;
      gboolean stop;
      gsize length;
      const char *text = g_bytes_get_data (bodies->pdata[i], &length);

      start = cpu_seconds ();
      doc = keika_json_doc_parse (text, length, &error);
      g_assert_no_error (error);
      cpu_parse += cpu_seconds () - start;

      start = cpu_seconds ();
      entries = keika_mal_parse_list_page (keika_json_doc_get_root (doc), 0, &next, &stop, &error);
      cpu_convert += cpu_seconds () - start;
      g_assert_no_error (error);
      n_converted += entries->len;
    }
  g_assert_cmpuint (n_converted, ==, BENCH_ENTRIES);

  g_test_message ("Pull of %u MAL entries (%.1f MB of JSON, %u requests): %.0f ms wall, "
                  "%.3f s CPU in the process, of which the fake about %.3f s; "
                  "Keika about %.3f s (parse %.3f s, conversion to remote "
                  "entries %.3f s)",
                  BENCH_ENTRIES, total_bytes / 1e6, requests->len, wall / 1e3, cpu_pull,
                  cpu_fake, cpu_pull - cpu_fake,
                  cpu_parse, cpu_convert);
}

int
main (int   argc,
      char *argv[])
{
  site_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/sites/mal/configuration", test_configuration);
  g_test_add_func ("/sites/mal/parse/defensive", test_parse_defensive);
  ADD ("/sites/mal/sign-in/browser", test_sign_in_browser);
  ADD ("/sites/mal/sign-in/paste", test_sign_in_paste);
  ADD ("/sites/mal/sign-ins/none", test_no_sign_ins);
  ADD ("/sites/mal/sign-in/denied-and-cancelled", test_sign_in_denied_and_cancelled);
  ADD ("/sites/mal/sign-in/port-in-use", test_sign_in_port_in_use);
  ADD ("/sites/mal/token/refresh-on-401", test_refresh_on_401);
  ADD ("/sites/mal/token/refresh-before-expiry", test_refresh_before_expiry);
  ADD ("/sites/mal/token/signed-out", test_signed_out);
  ADD ("/sites/mal/pull/full", test_pull_full);
  ADD ("/sites/mal/pull/incremental", test_pull_incremental);
  ADD ("/sites/mal/pull/public", test_pull_public);
  ADD ("/sites/mal/push", test_push);
  ADD ("/sites/mal/delete", test_delete);
  ADD ("/sites/mal/search", test_search);
  ADD ("/sites/mal/faults", test_faults);
  ADD ("/sites/mal/cancel", test_cancel);
  ADD ("/sites/mal/pull/10000", test_pull_10000);

  return g_test_run ();
}
