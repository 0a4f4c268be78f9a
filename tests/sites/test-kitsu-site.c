/* test-kitsu-site.c — Kitsu against the fake
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSitesTest"

#include "config.h"

#include <string.h>

#include "keika-fake-catalog.h"
#include "keika-fake-kitsu.h"
#include "keika-fake-sites.h"
#include "keika-kitsu-site-private.h"
#include "keika-net.h"
#include "keika-score.h"
#include "keika-site-json.h"
#include "keika-sites.h"
#include "site-test-util.h"
#include "test-util.h"

#define PASSWORD KEIKA_FAKE_KITSU_PASSWORD

/* Fixture */

typedef struct
{
  KeikaFakeSites  *fake;
  KeikaFakeKitsu  *kitsu;
  KeikaHttpClient *client;
  KeikaKitsuSite  *site;
  gsize            log_start;
  GPtrArray       *messages;  /* error messages seen, to check for secrets */
  GPtrArray       *held;      /* KeikaFakeRequest refs of last_request() */
} Fixture;

static KeikaKitsuSite *
new_site (Fixture    *f,
          const char *account)
{
  KeikaKitsuSite *site = keika_kitsu_site_new (account);

  keika_site_base_set_http_client (KEIKA_SITE_BASE (site), f->client);

  return site;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = keika_fake_sites_new (&error);
  g_assert_no_error (error);
  f->kitsu = keika_fake_sites_get_kitsu (f->fake);
  keika_fake_sites_setenv (f->fake);

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
  g_auto(GStrv) secrets = keika_fake_kitsu_dup_secrets (f->kitsu);

  /* Nothing Keika logged or said in an error holds a token or a password. */
  site_test_assert_secrets_kept (f->fake, "kitsu", secrets, f->log_start, f->messages);

  g_clear_object (&f->site);
  g_clear_object (&f->client);
  g_clear_pointer (&f->messages, g_ptr_array_unref);
  g_clear_pointer (&f->held, g_ptr_array_unref);
  g_clear_object (&f->fake);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Helpers */

static char *
user_id_text (Fixture    *f,
              const char *user)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, keika_fake_kitsu_get_user_id (f->kitsu, user));
}

/* Signs the site in as @user without the keyring: tokens the fake issued,
 * in memory, lasting @lifetime seconds more. */
static void
sign_in_directly_for (Fixture    *f,
                      const char *user,
                      gint64      lifetime)
{
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *account = NULL;

  keika_fake_kitsu_add_user (f->kitsu, user, NULL, NULL);
  keika_fake_kitsu_issue_tokens (f->kitsu, user, &access, &refresh);
  account = user_id_text (f, user);
  keika_site_base_set_account (KEIKA_SITE_BASE (f->site), account);
  keika_site_base_set_tokens (KEIKA_SITE_BASE (f->site), access, refresh,
                              g_get_real_time () / G_USEC_PER_SEC + lifetime);
}

static void
sign_in_directly (Fixture    *f,
                  const char *user)
{
  sign_in_directly_for (f, user, 30 * 86400);
}

static guint
count (Fixture    *f,
       const char *pattern)
{
  return keika_fake_sites_count_requests (f->fake, "kitsu", pattern);
}

static KeikaFakeRequest *
last_request (Fixture    *f,
              const char *pattern)
{
  KeikaFakeRequest *request = keika_fake_sites_get_last_request (f->fake, "kitsu", pattern);

  g_assert_nonnull (request);
  g_ptr_array_add (f->held, request);

  return request;
}

/* The attributes a write sent, as the fake received them. */
static JsonObject *
sent_attributes (Fixture          *f,
                 KeikaFakeRequest *request,
                 JsonNode        **root)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *body = g_bytes_get_data (request->body, &length);
  g_autofree char *text = g_strndup (body, length);
  JsonObject *data;

  *root = json_from_string (text, &error);
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (*root), "data");

  return json_object_get_object_member (data, "attributes");
}

static char *
sorted_members (JsonObject *object)
{
  g_autoptr(GList) names = json_object_get_members (object);
  GString *text = g_string_new (NULL);

  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", (char *) l->data);

  return g_string_free (text, FALSE);
}

/* Sign-in */

static void
test_sign_in_password (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(KeikaProfile) again = NULL;
  g_autoptr(KeikaKitsuSite) later = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *account = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *body = NULL;
  KeikaFakeRequest *request;
  char *uri;
  gsize length;

  g_assert_cmpint (keika_site_service_get_sign_in_kind (KEIKA_SITE_SERVICE (f->site)), ==,
                   KEIKA_SIGN_IN_PASSWORD);
  /* Not a browser sign-in. */
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_null (uri);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), "code", NULL,
                                             test_store_result_cb, &result);
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, NULL), ==, 0);

  if (!site_test_keyring_works ())
    return;

  keika_fake_kitsu_add_user (f->kitsu, "Aiko", NULL, NULL);
  account = user_id_text (f, "Aiko");

  /* By email, with a password that needs escaping in a form. */
  profile = site_test_sign_in_with_password (f->site, "  aiko@example.com ", PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (keika_profile_get_site (profile), ==, KEIKA_SITE_KITSU);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "aiko");
  g_assert_cmpstr (keika_profile_get_site_user_id (profile), ==, account);
  g_assert_true (keika_profile_get_claimed (profile));
  g_assert_cmpint (keika_profile_get_token_expiry (profile), >,
                   g_get_real_time () / G_USEC_PER_SEC + 29 * 86400);
  g_assert_cmpstr (keika_site_base_get_account (KEIKA_SITE_BASE (f->site)), ==, account);
  g_assert_cmpstr (keika_site_base_get_user_name (KEIKA_SITE_BASE (f->site)), ==, "aiko");

  /* One password grant, the password sent once, RFC 3986 escaped. */
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);
  request = last_request (f, "POST /token");
  g_assert_cmpstr (keika_fake_request_get_form (request, "grant_type"), ==, "password");
  g_assert_cmpstr (keika_fake_request_get_form (request, "username"), ==, "aiko@example.com");
  g_assert_cmpstr (keika_fake_request_get_form (request, "password"), ==, PASSWORD);
  body = g_strndup (g_bytes_get_data (request->body, &length), g_bytes_get_size (request->body));
  g_assert_nonnull (strstr (body, "password=p%40ss%20w%C3%B6rd%2B%26%3D%25%2F%3F"));
  request = last_request (f, "GET /users");
  g_assert_cmpstr (keika_fake_request_get_query (request, "filter[self]"), ==, "true");
  g_assert_cmpstr (keika_fake_request_get_header (request, "Accept"), ==,
                   "application/vnd.api+json");

  /* The tokens are in the keyring under the user id; the password is not. */
  secret = site_test_lookup_secret (KEIKA_KITSU_SECRET_SITE, account);
  g_assert_nonnull (secret);
  g_assert_null (strstr (secret, "p@ss"));
  stored = json_from_string (secret, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (stored), "access_token"));
  g_assert_true (json_object_has_member (json_node_get_object (stored), "refresh_token"));

  /* Another start of Keika finds them. */
  later = new_site (f, account);
  again = site_test_get_user (later, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (again), ==, "aiko");
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);

  /* By user name, in any case. */
  g_clear_object (&profile);
  profile = site_test_sign_in_with_password (later, "AIKO", PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_site_user_id (profile), ==, account);

  /* Sign-out forgets them. */
  g_clear_object (&result);
  keika_site_service_sign_out_async (KEIKA_SITE_SERVICE (f->site), NULL, test_store_result_cb,
                                     &result);
  g_assert_true (keika_site_service_sign_out_finish (KEIKA_SITE_SERVICE (f->site),
                                                     test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_pointer (&secret, g_free);
  g_assert_null ((secret = site_test_lookup_secret (KEIKA_KITSU_SECRET_SITE, account)));
  g_clear_object (&again);
  again = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
}

static void
test_sign_in_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  const char *identities[] = { "aiko@example.com", "nobody" };

  keika_fake_kitsu_add_user (f->kitsu, "Aiko", NULL, NULL);

  /* A wrong password and an unknown user read alike, in words. */
  for (guint i = 0; i < G_N_ELEMENTS (identities); i++)
    {
      profile = site_test_sign_in_with_password (f->site, identities[i], "p@ss wörd+&=%/", &error);
      g_assert_null (profile);
      g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
      g_assert_nonnull (strstr (error->message, "did not accept"));
      site_test_remember_error (f->messages, error);
      g_clear_error (&error);
    }
  g_assert_cmpuint (count (f, "POST /token"), ==, 2);
  g_assert_null (keika_site_base_get_account (KEIKA_SITE_BASE (f->site)));

  /* Nothing typed: nothing sent. */
  profile = site_test_sign_in_with_password (f->site, "  ", PASSWORD, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
  g_assert_cmpuint (count (f, "POST /token"), ==, 2);
}

static void
test_sign_in_throttled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  if (!site_test_keyring_works ())
    return;

  keika_fake_kitsu_add_user (f->kitsu, "Aiko", NULL, NULL);
  /* A person who waits no longer than a second. */
  keika_http_client_set_max_wait (f->client, 1);

  /* 15 logins a minute; the 16th, right or not, is refused. */
  for (guint i = 0; i < 15; i++)
    {
      g_clear_object (&profile);
      profile = site_test_sign_in_with_password (f->site, "aiko", "wrong", &error);
      g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
      g_clear_error (&error);
    }
  profile = site_test_sign_in_with_password (f->site, "aiko", PASSWORD, &error);
  g_assert_null (profile);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_RATE_LIMITED);
  g_assert_cmpuint (keika_error_get_retry_after (error), >, 0);
  g_assert_nonnull (strstr (error->message, "Kitsu"));
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);
  /* Not resent by itself. */
  g_assert_cmpuint (count (f, "POST /token"), ==, 16);
  g_assert_cmpuint (last_request (f, "POST /token")->status, ==, 429);

  /* A minute later (here: the limit lifted, a fresh client) it works. */
  keika_fake_kitsu_set_login_limit (f->kitsu, 0);
  g_clear_object (&f->client);
  f->client = site_test_new_client ();
  keika_site_base_set_http_client (KEIKA_SITE_BASE (f->site), f->client);
  profile = site_test_sign_in_with_password (f->site, "aiko", PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
}

/* Tokens */

static void
test_renew_before_expiry (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  KeikaFakeRequest *request;

  /* Ending within the minute: renewed first, never refused. */
  sign_in_directly_for (f, "Aiko", 30);
  profile = site_test_get_user (f->site, &error);
  g_assert_no_error (error);
  requests = keika_fake_sites_get_requests (f->fake, "kitsu", NULL);
  g_assert_cmpuint (requests->len, ==, 2);
  request = requests->pdata[0];
  g_assert_cmpstr (request->site_path, ==, "/token");
  g_assert_cmpstr (keika_fake_request_get_form (request, "grant_type"), ==, "refresh_token");
  g_assert_null (keika_fake_request_get_form (request, "password"));
  g_assert_cmpstr (((KeikaFakeRequest *) requests->pdata[1])->site_path, ==, "/users");
  g_assert_cmpuint (((KeikaFakeRequest *) requests->pdata[1])->status, ==, 200);
  g_assert_cmpint (keika_site_base_get_token_expiry (KEIKA_SITE_BASE (f->site)), >,
                   g_get_real_time () / G_USEC_PER_SEC + 29 * 86400);

  /* refresh() renews at once. */
  keika_site_service_refresh_async (KEIKA_SITE_SERVICE (f->site), NULL, test_store_result_cb,
                                    &result);
  g_assert_true (keika_site_service_refresh_finish (KEIKA_SITE_SERVICE (f->site),
                                                    test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "POST /token"), ==, 2);
  g_assert_cmpuint (keika_fake_kitsu_count_valid_access_tokens (f->kitsu), ==, 1);
}

static void
test_renew_on_401 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[5] = { NULL, };

  sign_in_directly (f, "Aiko");

  /* Kitsu refuses the token (401, a bare Bearer challenge): one renewal,
   * the request sent once more. */
  keika_fake_sites_inject (f->fake, "kitsu", "GET /users", KEIKA_FAKE_FAULT_EXPIRED_TOKEN, 0, 1);
  profile = site_test_get_user (f->site, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "aiko");
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);
  g_assert_cmpuint (count (f, "GET /users"), ==, 2);

  /* Refused again after that: no second renewal, no third try. */
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "kitsu", "GET /users", KEIKA_FAKE_FAULT_EXPIRED_TOKEN, 0, 2);
  g_clear_object (&profile);
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);
  g_assert_cmpuint (count (f, "GET /users"), ==, 2);

  /* Five calls refused at once share one renewal. */
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_kitsu_add_sample_entries (f->kitsu, "Aiko");
  keika_fake_kitsu_expire_access_tokens (f->kitsu);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      static const gint64 anime[] = { 1, 12, 5646, 1376, 46474 };

      keika_site_service_delete_async (KEIKA_SITE_SERVICE (f->site), anime[i], 0, NULL,
                                       test_store_result_cb, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_true (keika_site_service_delete_finish (KEIKA_SITE_SERVICE (f->site),
                                                       test_wait_for (&results[i]), &error));
      g_assert_no_error (error);
      g_clear_object (&results[i]);
    }
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);
  g_assert_cmpuint (count (f, "DELETE /library-entries"), ==, 5);
  g_assert_cmpuint (keika_fake_kitsu_get_n_entries (f->kitsu, "Aiko"), ==, 3);
}

static void
test_signed_out (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (1);
  SiteTestPulled pulled = { NULL, };

  /* Never signed in: no request at all. */
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  g_clear_error (&error);
  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, NULL), ==, 0);

  /* The refresh token refused too: signed out for good. */
  sign_in_directly (f, "Aiko");
  keika_fake_kitsu_expire_access_tokens (f->kitsu);
  keika_fake_kitsu_revoke_refresh_tokens (f->kitsu);
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, "GET /users"), ==, 1);
  g_assert_cmpuint (count (f, "POST /token"), ==, 1);
  g_assert_cmpuint (last_request (f, "POST /token")->status, ==, 400);

  /* Later calls know it without asking. */
  values->status = KEIKA_STATUS_WATCHING;
  g_assert_null (site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  g_assert_cmpuint (count (f, NULL), ==, 2);
  g_clear_pointer (&pulled.entries, g_ptr_array_unref);
}

/* Pull */

static void
assert_entry_matches (Fixture                *f,
                      const KeikaRemoteEntry *entry,
                      const char             *user)
{
  const KeikaFakeKitsuEntry *expected = keika_fake_kitsu_lookup_entry (f->kitsu, user,
                                                                       entry->anime_id);
  const KeikaFakeCatalogAnime *anime = keika_fake_sites_find_catalog_anime (f->fake, "kitsu",
                                                                            entry->anime_id);
  g_autofree char *start = NULL;
  g_autofree char *finish = NULL;
  gint64 index;

  g_assert_nonnull (expected);
  g_assert_cmpint (entry->entry_id, ==, expected->id);
  g_assert_cmpint (entry->known, ==, KEIKA_KITSU_FIELDS);
  g_assert_cmpstr (keika_kitsu_status_name (entry->status), ==, expected->status);
  g_assert_cmpuint (entry->score, ==, expected->rating_twenty * 5);
  g_assert_cmpuint (keika_score_to_site (entry->score, KEIKA_SITE_KITSU), ==,
                    expected->rating_twenty);
  g_assert_cmpuint (entry->progress, ==, expected->progress);
  g_assert_cmpint (entry->rewatching, ==, expected->reconsuming);
  g_assert_cmpuint (entry->rewatch_count, ==, expected->reconsume_count);
  g_assert_cmpint (entry->private_, ==, expected->is_private);
  /* Notes exactly as Kitsu has them; "" is none. */
  g_assert_cmpstr (entry->notes, ==, expected->notes != NULL && *expected->notes != '\0'
                                       ? expected->notes : NULL);
  start = keika_kitsu_time_to_date (expected->started_at);
  finish = keika_kitsu_time_to_date (expected->finished_at);
  g_assert_cmpstr (entry->start_date, ==, start);
  g_assert_cmpstr (entry->finish_date, ==, finish);
  g_assert_cmpint (entry->updated_at, ==, expected->updated_at);

  /* The anime, with its ids on the other sites from Kitsu's mappings
   * (the anime only Kitsu has is not in the catalogue). */
  if (anime == NULL)
    {
      g_assert_cmpint (entry->site_ids[KEIKA_SITE_MAL], ==, 0);
      g_assert_cmpint (entry->site_ids[KEIKA_SITE_ANILIST], ==, 0);
      return;
    }
  g_assert_cmpstr (entry->title, ==, anime->romaji);
  index = entry->anime_id - 60000;
  g_assert_cmpint (entry->site_ids[KEIKA_SITE_MAL], ==,
                   index >= 0 && index % 40 == 17 ? 0 : anime->mal_id);
  g_assert_cmpint (entry->site_ids[KEIKA_SITE_ANILIST], ==,
                   (index >= 0 && index % 25 == 11) || entry->anime_id == 7716
                     ? 0 : anime->anilist_id);
}

static void
test_pull_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;
  SiteTestPulled pulled = { NULL, };
  gboolean complete = FALSE;
  guint with_mal = 0;

  sign_in_directly (f, "Aiko");
  keika_fake_kitsu_generate_entries (f->kitsu, "Aiko", 1234, 7);
  user_id = user_id_text (f, "Aiko");

  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 1234);
  g_assert_cmpuint (pulled.pages, ==, 3);

  /* Every entry once, as Kitsu has it (private ones too: they are hers). */
  for (guint i = 0; i < pulled.entries->len; i++)
    {
      KeikaRemoteEntry *entry = pulled.entries->pdata[i];

      g_assert_true (g_hash_table_add (seen, &entry->anime_id));
      assert_entry_matches (f, entry, "Aiko");
      with_mal += entry->site_ids[KEIKA_SITE_MAL] > 0;
    }
  g_assert_cmpuint (with_mal, >, 1100);

  /* Pages of 500 with the anime and their mappings, links.next followed. */
  requests = keika_fake_sites_get_requests (f->fake, "kitsu", "GET /library-entries");
  g_assert_cmpuint (requests->len, ==, 3);
  for (guint i = 0; i < requests->len; i++)
    {
      KeikaFakeRequest *request = requests->pdata[i];
      g_autofree char *offset = g_strdup_printf ("%u", i * 500);

      g_assert_cmpuint (request->status, ==, 200);
      g_assert_cmpstr (keika_fake_request_get_query (request, "filter[user_id]"), ==, user_id);
      g_assert_cmpstr (keika_fake_request_get_query (request, "filter[kind]"), ==, "anime");
      g_assert_cmpstr (keika_fake_request_get_query (request, "include"), ==,
                       "anime,anime.mappings");
      g_assert_cmpstr (keika_fake_request_get_query (request, "page[limit]"), ==, "500");
      g_assert_cmpstr (keika_fake_request_get_query (request, "page[offset]"), ==, offset);
      g_assert_null (keika_fake_request_get_query (request, "filter[since]"));
      g_assert_nonnull (keika_fake_request_get_header (request, "Authorization"));
    }
  g_clear_pointer (&pulled.entries, g_ptr_array_unref);
}

static void
test_pull_incremental (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (5646);
  g_autoptr(KeikaRemoteEntry) pushed = NULL;
  g_autoptr(GError) error = NULL;
  KeikaFakeRequest *request;
  SiteTestPulled pulled = { NULL, };
  gboolean complete = TRUE;
  gint64 since;

  sign_in_directly (f, "Aiko");
  keika_fake_kitsu_generate_entries (f->kitsu, "Aiko", 600, 3);
  keika_fake_kitsu_add_sample_entries (f->kitsu, "Aiko");

  /* Nothing changed since now. */
  since = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_true (site_test_pull (f->site, NULL, since, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 0);
  request = last_request (f, "GET /library-entries");
  g_assert_nonnull (keika_fake_request_get_query (request, "filter[since]"));
  g_assert_cmpint (keika_site_parse_time (keika_fake_request_get_query (request, "filter[since]")),
                   ==, since);

  /* Two changes: those two, once. */
  values->entry_id = keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 5646)->id;
  values->rewatch_count = 2;
  pushed = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_REWATCH_COUNT, &error);
  g_assert_no_error (error);
  g_clear_pointer (&values, keika_remote_entry_unref);
  g_clear_pointer (&pushed, keika_remote_entry_unref);
  values = keika_remote_entry_new (1376);
  values->private_ = FALSE;
  pushed = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_PRIVATE, &error);
  g_assert_no_error (error);

  g_assert_true (site_test_pull (f->site, NULL, since, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 2);
  for (guint i = 0; i < pulled.entries->len; i++)
    assert_entry_matches (f, pulled.entries->pdata[i], "Aiko");
  g_clear_pointer (&pulled.entries, g_ptr_array_unref);
}

static void
test_pull_public (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bea = NULL;
  SiteTestPulled pulled = { NULL, };
  gboolean complete = FALSE;
  guint n_private = 0;

  keika_fake_kitsu_generate_entries (f->kitsu, "Bea", 40, 5);
  bea = user_id_text (f, "Bea");
  for (guint i = 0; i < 40; i++)
    n_private += i % 13 == 2;

  /* By slug, without a token: her private entries are not shown. */
  g_assert_true (site_test_pull (f->site, "bea", 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 40 - n_private);
  for (guint i = 0; i < pulled.entries->len; i++)
    g_assert_false (((KeikaRemoteEntry *) pulled.entries->pdata[i])->private_);
  g_assert_cmpstr (keika_fake_request_get_query (last_request (f, "GET /users"), "filter[slug]"),
                   ==, "bea");
  g_assert_null (keika_fake_request_get_header (last_request (f, "GET /library-entries"),
                                                "Authorization"));

  /* By id, as a profile address may name her. */
  g_assert_true (site_test_pull (f->site, bea, 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 40 - n_private);
  g_assert_cmpuint (count (f, "GET /users"), ==, 1);

  /* Nobody of that name. */
  g_assert_false (site_test_pull (f->site, "nobody", 0, &pulled, &complete, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND);
  g_clear_pointer (&pulled.entries, g_ptr_array_unref);
}

/* A page whose links.next leaves the API: not followed (the token would go
 * with it). */

static void
elsewhere_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  static const char body[] = "{\"data\":[],\"links\":{\"next\":"
                             "\"https://evil.example/api/edge/library-entries?page%5Boffset%5D=500\"}}";
  guint *hits = user_data;

  (*hits)++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/vnd.api+json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

static void
test_pull_next_elsewhere (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(KeikaKitsuSite) site = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *base = NULL;
  SiteTestPulled pulled = { NULL, };
  guint hits = 0;

  soup_server_add_handler (server, NULL, elsewhere_cb, &hits, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  base = g_strconcat (uri, "api/edge", NULL);
  g_setenv ("KEIKA_KITSU_API_URL", base, TRUE);
  site = new_site (f, NULL);
  keika_fake_sites_setenv (f->fake);

  g_assert_false (site_test_pull (site, "4242", 0, &pulled, NULL, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_MALFORMED);
  g_assert_cmpuint (hits, ==, 1);
  g_clear_pointer (&pulled.entries, g_ptr_array_unref);
  g_clear_object (&site);
  soup_server_disconnect (server);
}

/* Push */

static void
test_push (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (1);
  g_autoptr(KeikaRemoteEntry) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *names = NULL;
  g_autofree char *user_id = NULL;
  const KeikaFakeKitsuEntry *entry;
  KeikaFakeRequest *request;
  JsonObject *attributes;
  JsonObject *relationships;
  gint64 entry_id;

  sign_in_directly (f, "Aiko");
  keika_fake_kitsu_add_sample_entries (f->kitsu, "Aiko");
  user_id = user_id_text (f, "Aiko");

  /* An update: only what changed, by the entry's id. */
  entry_id = keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 1)->id;
  values->entry_id = entry_id;
  values->score = 87;
  values->notes = g_strdup ("  two spaces, then\nline two\n\n  ");
  values->progress = 99;   /* not changed: not sent */
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_SCORE | KEIKA_ENTRY_FIELD_NOTES |
                           KEIKA_ENTRY_FIELD_TAGS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, NULL), ==, 1);
  request = last_request (f, "PATCH /library-entries/*");
  g_assert_cmpstr (keika_fake_request_get_header (request, "Content-Type"), ==,
                   "application/vnd.api+json");
  attributes = sent_attributes (f, request, &root);
  names = sorted_members (attributes);
  g_assert_cmpstr (names, ==, "notes ratingTwenty");
  g_assert_cmpint (json_object_get_int_member (attributes, "ratingTwenty"), ==, 17);
  entry = keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 1);
  g_assert_cmpuint (entry->rating_twenty, ==, 17);
  g_assert_cmpstr (entry->notes, ==, "  two spaces, then\nline two\n\n  ");
  /* The answer read back: what Kitsu has now. */
  g_assert_cmpint (result->entry_id, ==, entry_id);
  g_assert_cmpint (result->anime_id, ==, 1);
  g_assert_cmpuint (result->score, ==, 85);
  g_assert_cmpstr (result->notes, ==, values->notes);
  g_assert_cmpuint (result->progress, ==, 26);
  g_assert_cmpint (result->known, ==, KEIKA_KITSU_FIELDS);
  g_assert_cmpint (result->updated_at, ==, entry->updated_at);

  /* Progress to the last episode: Kitsu completes the entry itself, with
   * an end date; the answer says so. */
  g_clear_pointer (&values, keika_remote_entry_unref);
  g_clear_pointer (&result, keika_remote_entry_unref);
  values = keika_remote_entry_new (7442);
  values->progress = 25;
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_PROGRESS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, KEIKA_STATUS_COMPLETED);
  g_assert_cmpuint (result->progress, ==, 25);
  g_assert_nonnull (result->finish_date);
  g_assert_cmpstr (keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 7442)->status, ==,
                   "completed");
  /* Without the entry's id it was looked up first. */
  g_assert_cmpuint (count (f, "GET /library-entries"), ==, 1);
  request = last_request (f, "GET /library-entries");
  g_assert_cmpstr (keika_fake_request_get_query (request, "filter[anime_id]"), ==, "7442");
  g_assert_cmpstr (keika_fake_request_get_query (request, "filter[user_id]"), ==, user_id);

  /* A new entry: looked up, then created with its status and the user. */
  keika_fake_sites_clear_requests (f->fake);
  g_clear_pointer (&values, keika_remote_entry_unref);
  g_clear_pointer (&result, keika_remote_entry_unref);
  g_clear_pointer (&root, json_node_unref);
  values = keika_remote_entry_new (3936);
  values->status = KEIKA_STATUS_WATCHING;
  values->progress = 3;
  values->start_date = g_strdup ("2024-03");
  values->rewatching = TRUE;
  result = site_test_push (f->site, values,
                           KEIKA_ENTRY_FIELD_PROGRESS | KEIKA_ENTRY_FIELD_START_DATE |
                           KEIKA_ENTRY_FIELD_REWATCHING, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "GET /library-entries"), ==, 1);
  g_assert_cmpuint (count (f, "POST /library-entries"), ==, 1);
  request = last_request (f, "POST /library-entries");
  attributes = sent_attributes (f, request, &root);
  g_clear_pointer (&names, g_free);
  names = sorted_members (attributes);
  g_assert_cmpstr (names, ==, "progress reconsuming startedAt status");
  g_assert_cmpstr (json_object_get_string_member (attributes, "status"), ==, "current");
  g_assert_cmpstr (json_object_get_string_member (attributes, "startedAt"), ==,
                   "2024-03-01T12:00:00.000Z");
  relationships = json_object_get_object_member (json_object_get_object_member (
                    json_node_get_object (root), "data"), "relationships");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (relationships, "user"), "data"), "id"), ==,
                   user_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (relationships, "anime"), "data"), "id"), ==,
                   "3936");
  g_assert_cmpint (result->entry_id, ==, keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 3936)->id);
  g_assert_cmpstr (result->start_date, ==, "2024-03-01");
  g_assert_true (result->rewatching);

  /* The same push again, its answer lost (no entry id known): found and
   * updated, never created twice. */
  g_clear_pointer (&result, keika_remote_entry_unref);
  values->progress = 4;
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_PROGRESS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "POST /library-entries"), ==, 1);
  g_assert_cmpuint (count (f, "PATCH /library-entries/*"), ==, 1);
  g_assert_cmpuint (keika_fake_kitsu_get_n_entries (f->kitsu, "Aiko"), ==, 9);
  g_assert_cmpuint (result->progress, ==, 4);

  /* A create is never resent: a 500 on it fails, once. */
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "kitsu", "POST /library-entries",
                           KEIKA_FAKE_FAULT_SERVER_ERROR, 0, 1);
  g_clear_pointer (&values, keika_remote_entry_unref);
  g_clear_pointer (&result, keika_remote_entry_unref);
  values = keika_remote_entry_new (176);
  values->status = KEIKA_STATUS_PLAN_TO_WATCH;
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SERVER_ERROR);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, "POST /library-entries"), ==, 1);

  /* Refused values, in Kitsu's words: progress past the episode count. */
  g_clear_pointer (&values, keika_remote_entry_unref);
  values = keika_remote_entry_new (1);
  values->entry_id = entry_id;
  values->progress = 30;
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_PROGRESS, &error);
  g_assert_null (result);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "cannot exceed length of media"));
  site_test_assert_refused_field (f->site, error, KEIKA_ENTRY_FIELD_PROGRESS, "cannot exceed length of media");
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);

  /* An entry deleted on Kitsu meanwhile is made again. */
  keika_fake_kitsu_remove_entry (f->kitsu, "Aiko", 1);
  values->progress = 2;
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_PROGRESS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->entry_id, !=, entry_id);
  g_assert_cmpuint (keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 1)->progress, ==, 2);

  /* Nothing Kitsu keeps changed: nothing sent. */
  keika_fake_sites_clear_requests (f->fake);
  g_clear_pointer (&result, keika_remote_entry_unref);
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_TAGS | KEIKA_ENTRY_FIELD_PRIORITY,
                           &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->known, ==, 0);
  g_assert_cmpuint (count (f, NULL), ==, 0);
}

/* Every raw score through ratingTwenty and back, twice: the value on Kitsu
 * does not move after the first sync. */
static void
test_score_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 entry_id;

  sign_in_directly (f, "Aiko");
  keika_fake_kitsu_add_sample_entries (f->kitsu, "Aiko");
  entry_id = keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 1)->id;

  for (guint raw = 0; raw <= 100; raw++)
    {
      g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (1);
      g_autoptr(KeikaRemoteEntry) first = NULL;
      g_autoptr(KeikaRemoteEntry) second = NULL;
      guint rating = raw == 0 ? 0 : raw < 15 ? 2 : raw / 5;

      /* The rule: 0 is null, 1–14 the lowest rating, else raw / 5. */
      g_assert_cmpuint (keika_score_to_site (raw, KEIKA_SITE_KITSU), ==, rating);

      values->entry_id = entry_id;
      values->score = raw;
      first = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_SCORE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 1)->rating_twenty, ==,
                        rating);
      g_assert_cmpuint (first->score, ==, rating * 5);

      /* What came back, sent again: the same rating. */
      values->score = first->score;
      second = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_SCORE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 1)->rating_twenty, ==,
                        rating);
      g_assert_cmpuint (second->score, ==, first->score);
    }
  g_assert_cmpuint (count (f, "PATCH /library-entries/*"), ==, 202);
  g_assert_cmpuint (count (f, NULL), ==, 202);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 entry_id;

  sign_in_directly (f, "Aiko");
  keika_fake_kitsu_add_sample_entries (f->kitsu, "Aiko");

  /* By the entry's id. */
  entry_id = keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 1)->id;
  g_assert_true (site_test_delete (f->site, 1, entry_id, &error));
  g_assert_no_error (error);
  g_assert_null (keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 1));
  g_assert_cmpuint (count (f, NULL), ==, 1);

  /* Gone already (404): deleted is deleted. */
  g_assert_true (site_test_delete (f->site, 1, entry_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (last_request (f, "DELETE /library-entries/*")->status, ==, 404);

  /* Without its id: looked up first (private ones too). */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (site_test_delete (f->site, 1376, 0, &error));
  g_assert_no_error (error);
  g_assert_null (keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 1376));
  g_assert_cmpuint (count (f, "GET /library-entries"), ==, 1);
  g_assert_cmpuint (count (f, "DELETE /library-entries/*"), ==, 1);

  /* Not in the library: nothing to delete. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (site_test_delete (f->site, 9253, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, NULL), ==, 1);
}

/* Search and mapping */

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  KeikaAnime *anime;

  keika_site_service_search_async (KEIKA_SITE_SERVICE (f->site), "  steins;GATE ", 5, NULL,
                                   test_store_result_cb, &result);
  found = keika_site_service_search_finish (KEIKA_SITE_SERVICE (f->site), test_wait_for (&result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 1);
  anime = found->pdata[0];
  g_assert_cmpint (keika_anime_get_site_id (anime, KEIKA_SITE_KITSU), ==, 5646);
  g_assert_cmpint (keika_anime_get_site_id (anime, KEIKA_SITE_MAL), ==, 9253);
  g_assert_cmpint (keika_anime_get_site_id (anime, KEIKA_SITE_ANILIST), ==, 9253);
  g_assert_cmpstr (keika_anime_get_title_romaji (anime), ==, "Steins;Gate");
  g_assert_cmpuint (keika_anime_get_episodes (anime), ==, 24);
  g_assert_null (keika_fake_request_get_header (last_request (f, "GET /anime"), "Authorization"));
  g_assert_cmpstr (keika_fake_request_get_query (last_request (f, "GET /anime"), "page[limit]"),
                   ==, "5");

  /* An empty query asks nothing. */
  g_clear_object (&result);
  g_clear_pointer (&found, g_ptr_array_unref);
  keika_site_service_search_async (KEIKA_SITE_SERVICE (f->site), "   ", 0, NULL,
                                   test_store_result_cb, &result);
  found = keika_site_service_search_finish (KEIKA_SITE_SERVICE (f->site), test_wait_for (&result),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_cmpuint (count (f, NULL), ==, 1);
}

static KeikaAnime *
anime_with_ids (gint64 mal_id,
                gint64 anilist_id)
{
  KeikaAnime *anime = keika_anime_new ("");

  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, mal_id);
  keika_anime_set_site_id (anime, KEIKA_SITE_ANILIST, anilist_id);

  return anime;
}

static void
test_find_anime (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) anime = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 expected[] = { 1, 5646, 7716, 0, 60017, 60011, 0, 0 };

  /* Generated anime 17 has no MyAnimeList mapping on Kitsu, 11 no AniList
   * one, 41 is not on Kitsu at all. */
  keika_fake_sites_generate_catalog (f->fake, 50, 1);
  g_ptr_array_add (anime, anime_with_ids (1, 1));
  g_ptr_array_add (anime, anime_with_ids (9253, 0));          /* by MyAnimeList */
  g_ptr_array_add (anime, anime_with_ids (17074, 17074));     /* Monogatari: no AniList mapping */
  g_ptr_array_add (anime, anime_with_ids (0, 171018));        /* not on Kitsu */
  g_ptr_array_add (anime, anime_with_ids (300017, 1000003 + 7 * 17));  /* by AniList */
  g_ptr_array_add (anime, anime_with_ids (300011, 1000003 + 7 * 11));  /* by MyAnimeList */
  g_ptr_array_add (anime, anime_with_ids (300041, 1000003 + 7 * 41));  /* not on Kitsu */
  g_ptr_array_add (anime, anime_with_ids (0, 0));

  keika_site_service_find_anime_async (KEIKA_SITE_SERVICE (f->site), anime, NULL,
                                       test_store_result_cb, &result);
  ids = keika_site_service_find_anime_finish (KEIKA_SITE_SERVICE (f->site),
                                              test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, anime->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);

  /* One request by MyAnimeList ids, one by AniList ids for the rest. */
  g_assert_cmpuint (count (f, "GET /mappings"), ==, 2);
  g_assert_cmpstr (keika_fake_request_get_query (last_request (f, "GET /mappings"),
                                                 "filter[externalSite]"), ==, "anilist/anime");
  g_assert_cmpstr (keika_fake_request_get_query (last_request (f, "GET /mappings"),
                                                 "filter[externalId]"), ==,
                   "171018,1000122,1000290");
  g_assert_cmpstr (keika_fake_request_get_query (last_request (f, "GET /mappings"), "include"),
                   ==, "item");
}

/* Faults */

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  SiteTestPulled pulled = { NULL, };
  const struct
  {
    KeikaFakeFault fault;
    int            value;
    KeikaError     code;
  } failures[] = {
    { KEIKA_FAKE_FAULT_HTML, 0, KEIKA_ERROR_NOT_DATA },
    { KEIKA_FAKE_FAULT_HTML, 503, KEIKA_ERROR_NOT_DATA },
    { KEIKA_FAKE_FAULT_MALFORMED_JSON, 0, KEIKA_ERROR_MALFORMED },
    { KEIKA_FAKE_FAULT_TRUNCATED_JSON, 0, KEIKA_ERROR_MALFORMED },
    { KEIKA_FAKE_FAULT_SERVER_ERROR, 500, KEIKA_ERROR_SERVER_ERROR },
  };

  sign_in_directly (f, "Aiko");
  keika_fake_kitsu_generate_entries (f->kitsu, "Aiko", 700, 2);

  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      keika_fake_sites_clear_faults (f->fake);
      keika_fake_sites_inject (f->fake, "kitsu", "GET /users", failures[i].fault,
                               failures[i].value, KEIKA_FAKE_FOREVER);
      profile = site_test_get_user (f->site, &error);
      g_assert_null (profile);
      g_assert_error (error, KEIKA_ERROR, failures[i].code);
      site_test_remember_error (f->messages, error);
      g_clear_error (&error);
    }
  keika_fake_sites_clear_faults (f->fake);

  /* A 503 and a 502 on a page: resent, the pull goes on. */
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "kitsu", "GET /library-entries",
                           KEIKA_FAKE_FAULT_SERVER_ERROR, 503, 1);
  keika_fake_sites_inject (f->fake, "kitsu", "GET /library-entries",
                           KEIKA_FAKE_FAULT_SERVER_ERROR, 502, 1);
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 700);
  g_assert_cmpuint (count (f, "GET /library-entries"), ==, 4);

  /* 429 with Retry-After: waited for, then the same page again. */
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "kitsu", "GET /library-entries", KEIKA_FAKE_FAULT_RATE_LIMIT,
                           1, 1);
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 700);
  g_assert_cmpuint (count (f, "GET /library-entries"), ==, 3);
  g_assert_cmpuint (keika_fake_sites_count_too_early (f->fake, "kitsu"), ==, 0);

  /* A page that is not data: the pull fails. */
  keika_fake_sites_clear_faults (f->fake);
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "kitsu", "GET /library-entries",
                           KEIKA_FAKE_FAULT_MALFORMED_JSON, 0, KEIKA_FAKE_FOREVER);
  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_MALFORMED);
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, "GET /library-entries"), ==, 1);

  /* 429 on a write whose wait is too long: RATE_LIMITED, with the wait. */
  keika_fake_sites_clear_faults (f->fake);
  keika_http_client_set_max_wait (f->client, 1);
  keika_fake_sites_inject (f->fake, "kitsu", "GET /users", KEIKA_FAKE_FAULT_RATE_LIMIT, 30, 1);
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_RATE_LIMITED);
  g_assert_cmpuint (keika_error_get_retry_after (error), ==, 30);
  site_test_remember_error (f->messages, error);
  g_clear_pointer (&pulled.entries, g_ptr_array_unref);
}

/* Parsing alone */

static void
test_dates (void)
{
  static const char * const cases[][2] = {
    { "2024-03-05", "2024-03-05T12:00:00.000Z" },
    { "2024-03", "2024-03-01T12:00:00.000Z" },
    { "2024", "2024-01-01T12:00:00.000Z" },
    { "2024-02-30", NULL },
    { "", NULL },
    { NULL, NULL },
  };
  static const char * const reads[][2] = {
    { "2019-01-01T00:00:00.000Z", "2019-01-01" },
    { "2019-02-03T22:00:00.000Z", "2019-02-03" },   /* TZ=UTC here */
    { "2013-04-07T00:00:00.000+09:00", "2013-04-06" },
    { "2016-07-15", "2016-07-15" },
    { "0001-01-01T00:00:00.000Z", NULL },
    { "garbage", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *time = keika_kitsu_date_to_time (cases[i][0]);
      g_autofree char *back = keika_kitsu_time_to_date (time);

      g_assert_cmpstr (time, ==, cases[i][1]);
      if (time != NULL)
        g_assert_true (g_str_has_prefix (cases[i][0], back) || g_str_has_prefix (back, cases[i][0]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      g_autofree char *date = keika_kitsu_time_to_date (reads[i][0]);

      g_assert_cmpstr (date, ==, reads[i][1]);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Dates are read as local days: the tests read them in UTC. */
  g_setenv ("TZ", "UTC", TRUE);
  site_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/sites/kitsu/dates", test_dates);
  ADD ("/sites/kitsu/sign-in/password", test_sign_in_password);
  ADD ("/sites/kitsu/sign-in/refused", test_sign_in_refused);
  ADD ("/sites/kitsu/sign-in/throttled", test_sign_in_throttled);
  ADD ("/sites/kitsu/token/renew-before-expiry", test_renew_before_expiry);
  ADD ("/sites/kitsu/token/renew-on-401", test_renew_on_401);
  ADD ("/sites/kitsu/token/signed-out", test_signed_out);
  ADD ("/sites/kitsu/pull/full", test_pull_full);
  ADD ("/sites/kitsu/pull/incremental", test_pull_incremental);
  ADD ("/sites/kitsu/pull/public", test_pull_public);
  ADD ("/sites/kitsu/pull/next-elsewhere", test_pull_next_elsewhere);
  ADD ("/sites/kitsu/push", test_push);
  ADD ("/sites/kitsu/push/score-round-trip", test_score_round_trip);
  ADD ("/sites/kitsu/delete", test_delete);
  ADD ("/sites/kitsu/search", test_search);
  ADD ("/sites/kitsu/find-anime", test_find_anime);
  ADD ("/sites/kitsu/faults", test_faults);

#undef ADD

  return g_test_run ();
}
