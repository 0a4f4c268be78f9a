/* test-anitrack-site.c — AniTrack against the fake
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSitesTest"

#include "config.h"

#include <string.h>

#include "keika-anitrack-site-private.h"
#include "keika-fake-anitrack.h"
#include "keika-fake-catalog.h"
#include "keika-fake-sites.h"
#include "keika-net.h"
#include "keika-sites.h"
#include "site-test-util.h"
#include "test-util.h"

#define EMAIL    "kei@example.org"
#define PASSWORD "pässword with spaces 42"

/* Fixture */

typedef struct
{
  KeikaFakeSites    *fake;
  KeikaFakeAnitrack *anitrack;
  KeikaHttpClient   *client;
  KeikaAnitrackSite *site;
  gsize              log_start;
  GPtrArray         *messages;  /* error messages seen, to check for secrets */
} Fixture;

static KeikaAnitrackSite *
new_site (Fixture    *f,
          const char *account)
{
  KeikaAnitrackSite *site = keika_anitrack_site_new (account);

  keika_site_base_set_http_client (KEIKA_SITE_BASE (site), f->client);
  keika_site_base_set_rate (KEIKA_SITE_BASE (site), 0);

  return site;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = keika_fake_sites_new (&error);
  g_assert_no_error (error);
  keika_fake_sites_setenv (f->fake);
  f->anitrack = keika_fake_sites_get_anitrack (f->fake);
  keika_fake_anitrack_add_user (f->anitrack, "Kei", EMAIL, PASSWORD);

  f->client = site_test_new_client ();
  f->site = new_site (f, NULL);
  f->messages = g_ptr_array_new_with_free_func (g_free);

  f->log_start = site_test_log_position ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GStrv) secrets = keika_fake_anitrack_dup_secrets (f->anitrack);

  /* Nothing Keika logged or said in an error holds a token or a password. */
  site_test_assert_secrets_kept (f->fake, "anitrack", secrets, f->log_start, f->messages);

  g_clear_object (&f->site);
  g_clear_object (&f->client);
  g_clear_pointer (&f->messages, g_ptr_array_unref);
  g_clear_object (&f->fake);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Helpers */

/* Signs in with a password, keeping what went wrong to check it for secrets. */
static KeikaProfile *
sign_in (Fixture     *f,
         const char  *email,
         const char  *password,
         GError     **error)
{
  KeikaProfile *profile = site_test_sign_in_with_password (f->site, email, password, error);

  if (error != NULL)
    site_test_remember_error (f->messages, *error);

  return profile;
}

/* Signs the site in as Kei with a token in memory, no keyring. */
static char *
sign_in_directly (Fixture *f)
{
  char *token = keika_fake_anitrack_issue_token (f->anitrack, "Kei", "Keika test");

  keika_anitrack_site_set_token (f->site, token);

  return token;
}

static guint
count (Fixture    *f,
       const char *pattern)
{
  return keika_fake_sites_count_requests (f->fake, "anitrack", pattern);
}

/* The JSON body of the latest request matching @pattern. */
static JsonNode *
last_body (Fixture    *f,
           const char *pattern)
{
  g_autoptr(KeikaFakeRequest) request = keika_fake_sites_get_last_request (f->fake, "anitrack",
                                                                           pattern);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node;

  g_assert_nonnull (request);
  text = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return node;
}

/* The members of a request body, "a b c" in order. */
static char *
members_of (JsonNode *node)
{
  g_autoptr(GList) names = json_object_get_members (json_node_get_object (node));
  GString *text = g_string_new (NULL);

  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", (const char *) l->data);

  return g_string_free (text, FALSE);
}

/* Sign-in */

static void
test_configuration (void)
{
  g_autoptr(KeikaAnitrackSite) site = keika_anitrack_site_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *name = NULL;
  g_autofree char *long_host = NULL;
  GString *host = g_string_new (NULL);

  g_assert_cmpint (keika_site_service_get_site (KEIKA_SITE_SERVICE (site)), ==,
                   KEIKA_SITE_ANITRACK);
  g_assert_cmpint (keika_site_service_get_sign_in_kind (KEIKA_SITE_SERVICE (site)), ==,
                   KEIKA_SIGN_IN_PASSWORD);
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (site), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (uri);
  g_assert_null (keika_site_service_dup_redirect_uri (KEIKA_SITE_SERVICE (site)));
  g_assert_false (keika_site_service_get_supported_fields (KEIKA_SITE_SERVICE (site)) &
                  (KEIKA_ENTRY_FIELD_PRIORITY | KEIKA_ENTRY_FIELD_FAVOURITE));

  /* "Keika on HOST", cut at 120 bytes between characters. */
  name = keika_anitrack_device_name ("studio");
  g_assert_cmpstr (name, ==, "Keika on studio");
  for (guint i = 0; i < 80; i++)
    g_string_append (host, "ñ");
  long_host = g_string_free (host, FALSE);
  g_clear_pointer (&name, g_free);
  name = keika_anitrack_device_name (long_host);
  g_assert_cmpuint (strlen (name), <=, KEIKA_ANITRACK_DEVICE_NAME_MAX);
  g_assert_cmpuint (strlen (name), >=, KEIKA_ANITRACK_DEVICE_NAME_MAX - 1);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_true (g_str_has_prefix (name, "Keika on ñ"));
  g_assert_true (g_str_has_suffix (name, "ñ"));
}

static void
test_sign_in_password (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(KeikaProfile) again = NULL;
  g_autoptr(KeikaAnitrackSite) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *device_name = NULL;
  g_autofree char *log = NULL;
  GString *host = g_string_new ("a-very-long-host-name-");
  const char *sent;
  const char *token;

  if (!site_test_keyring_works ())
    return;

  while (host->len < 200)
    g_string_append (host, "ünïcode-");
  keika_anitrack_site_set_host_name (f->site, host->str);
  g_string_free (host, TRUE);

  profile = sign_in (f, "  " EMAIL " ", PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (keika_profile_get_site (profile), ==, KEIKA_SITE_ANITRACK);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "Kei");
  user_id = g_strdup_printf ("%" G_GINT64_FORMAT, keika_fake_anitrack_get_user_id (f->anitrack,
                                                                                  "Kei"));
  g_assert_cmpstr (keika_profile_get_site_user_id (profile), ==, user_id);
  g_assert_true (keika_profile_get_claimed (profile));
  g_assert_cmpstr (keika_site_base_get_account (KEIKA_SITE_BASE (f->site)), ==, user_id);
  g_assert_cmpstr (keika_site_base_get_user_name (KEIKA_SITE_BASE (f->site)), ==, "Kei");

  /* One exchange, with the device name cut at 120 bytes. */
  g_assert_cmpuint (count (f, "POST /auth/token"), ==, 1);
  body = last_body (f, "POST /auth/token");
  sent = json_object_get_string_member (json_node_get_object (body), "device_name");
  device_name = keika_anitrack_site_dup_device_name (f->site);
  g_assert_cmpstr (sent, ==, device_name);
  g_assert_true (g_str_has_prefix (sent, "Keika on a-very-long-host-name-ünïcode-"));
  g_assert_cmpuint (strlen (sent), <=, 120);
  g_assert_cmpuint (strlen (sent), >=, 119);
  g_assert_true (g_utf8_validate (sent, -1, NULL));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "email"), ==, EMAIL);
  g_assert_cmpuint (keika_fake_anitrack_count_tokens (f->anitrack, "Kei"), ==, 1);

  /* The token is in the keyring under the user id; the password nowhere. */
  secret = site_test_lookup_secret (KEIKA_ANITRACK_SECRET_SITE, user_id);
  g_assert_nonnull (secret);
  g_assert_null (strstr (secret, PASSWORD));
  stored = json_from_string (secret, &error);
  g_assert_no_error (error);
  token = json_object_get_string_member (json_node_get_object (stored), "access_token");
  g_assert_true (keika_fake_anitrack_token_is_valid (f->anitrack, token));
  log = site_test_log_since (f->log_start);
  g_assert_nonnull (strstr (log, "POST 127.0.0.1/anitrack/api/v1/auth/token"));
  g_assert_null (strstr (log, PASSWORD));
  g_assert_null (strstr (log, token));

  /* Another start of Keika finds it. */
  later = new_site (f, user_id);
  again = site_test_get_user (later, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (again), ==, "Kei");
  g_assert_cmpuint (count (f, "POST /auth/token"), ==, 1);
}

static void
test_sign_in_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Quick tries are refused at once, not waited for. */
  keika_http_client_set_max_wait (f->client, 5);

  for (guint i = 0; i < 5; i++)
    {
      g_assert_null (sign_in (f, EMAIL, "not the password", &error));
      g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
      g_assert_nonnull (strstr (error->message, "email and password"));
      g_assert_nonnull (strstr (error->message, "The provided credentials are incorrect"));
      g_clear_error (&error);
    }

  /* The sixth in a minute: AniTrack asks to wait, in words. */
  g_assert_null (sign_in (f, EMAIL, PASSWORD, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_RATE_LIMITED);
  g_assert_cmpuint (keika_error_get_retry_after (error), >, 0);
  g_assert_cmpuint (keika_error_get_retry_after (error), <=, 60);
  g_assert_nonnull (strstr (error->message, "AniTrack"));
  g_assert_nonnull (strstr (error->message, "Try again in"));
  g_assert_cmpuint (count (f, "POST /auth/token"), ==, 6);
  g_assert_cmpuint (keika_fake_anitrack_count_tokens (f->anitrack, NULL), ==, 0);
  g_assert_null (keika_site_base_get_account (KEIKA_SITE_BASE (f->site)));
}

static void
test_sign_out (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *token = NULL;
  g_autofree char *user_id = NULL;

  if (!site_test_keyring_works ())
    return;

  profile = sign_in (f, EMAIL, PASSWORD, &error);
  g_assert_no_error (error);
  user_id = g_strdup (keika_profile_get_site_user_id (profile));
  secret = site_test_lookup_secret (KEIKA_ANITRACK_SECRET_SITE, user_id);
  stored = json_from_string (secret, NULL);
  token = g_strdup (json_object_get_string_member (json_node_get_object (stored), "access_token"));
  g_clear_object (&profile);

  /* Revoked on AniTrack, then forgotten. */
  g_assert_true (site_test_sign_out (f->site, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "DELETE /auth/token"), ==, 1);
  g_assert_false (keika_fake_anitrack_token_is_valid (f->anitrack, token));
  g_assert_null (keika_anitrack_site_get_revoke_error (f->site));
  g_clear_pointer (&secret, g_free);
  secret = site_test_lookup_secret (KEIKA_ANITRACK_SECRET_SITE, user_id);
  g_assert_null (secret);
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);

  /* AniTrack out of reach: forgotten all the same, and said so. */
  profile = sign_in (f, EMAIL, PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_object (&profile);
  keika_fake_sites_inject (f->fake, "anitrack", "DELETE /auth/token",
                           KEIKA_FAKE_FAULT_CLOSE_CONNECTION, 0, KEIKA_FAKE_FOREVER);
  g_assert_true (site_test_sign_out (f->site, &error));
  g_assert_no_error (error);
  g_assert_nonnull (keika_anitrack_site_get_revoke_error (f->site));
  g_assert_nonnull (strstr (keika_anitrack_site_get_revoke_error (f->site), "could not"));
  g_ptr_array_add (f->messages, g_strdup (keika_anitrack_site_get_revoke_error (f->site)));
  g_assert_cmpuint (keika_fake_anitrack_count_tokens (f->anitrack, "Kei"), ==, 1);
  secret = site_test_lookup_secret (KEIKA_ANITRACK_SECRET_SITE, user_id);
  g_assert_null (secret);
}

static void
test_tokens (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *mine = sign_in_directly (f);
  g_autofree char *phone = keika_fake_anitrack_issue_token (f->anitrack, "Kei", "Phone");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  KeikaSiteSignIn *other;

  /* Through the sites' contract, as the account page lists them. */
  g_assert_true (keika_site_service_lists_sign_ins (KEIKA_SITE_SERVICE (f->site)));
  keika_site_service_list_sign_ins_async (KEIKA_SITE_SERVICE (f->site), NULL, test_store_result_cb,
                                          &result);
  tokens = keika_site_service_list_sign_ins_finish (KEIKA_SITE_SERVICE (f->site),
                                                    test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 2);
  g_assert_cmpstr (((KeikaSiteSignIn *) tokens->pdata[0])->device_name, ==, "Keika test");
  g_assert_true (((KeikaSiteSignIn *) tokens->pdata[0])->current);
  g_assert_cmpint (((KeikaSiteSignIn *) tokens->pdata[0])->last_used_at, >, 0);
  other = tokens->pdata[1];
  g_assert_cmpstr (other->device_name, ==, "Phone");
  g_assert_false (other->current);
  g_assert_cmpint (other->last_used_at, ==, 0);
  g_assert_cmpint (other->created_at, >, 0);

  g_clear_object (&result);
  keika_anitrack_site_revoke_token_async (f->site, other->id, NULL, test_store_result_cb, &result);
  g_assert_true (keika_anitrack_site_revoke_token_finish (f->site, test_wait_for (&result),
                                                          &error));
  g_assert_no_error (error);
  g_assert_false (keika_fake_anitrack_token_is_valid (f->anitrack, phone));
  g_assert_true (keika_fake_anitrack_token_is_valid (f->anitrack, mine));

  /* Gone already: revoked all the same (ended through the contract). */
  g_clear_object (&result);
  keika_site_service_end_sign_in_async (KEIKA_SITE_SERVICE (f->site), other->id, NULL,
                                        test_store_result_cb, &result);
  g_assert_true (keika_site_service_end_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                        test_wait_for (&result), &error));
  g_assert_cmpuint (count (f, "DELETE /auth/tokens/*"), ==, 2);
}

/* Pull */

static void
assert_entry_matches (Fixture                *f,
                      const KeikaRemoteEntry *entry)
{
  const KeikaFakeAnitrackEntry *expected = keika_fake_anitrack_lookup_entry (f->anitrack, "Kei",
                                                                             entry->anime_id);
  const KeikaFakeCatalogAnime *anime = keika_fake_sites_find_catalog_anime (f->fake, "anitrack",
                                                                           entry->anime_id);

  g_assert_nonnull (expected);
  g_assert_cmpint (entry->entry_id, ==, expected->id);
  g_assert_cmpint (entry->known, ==,
                   keika_site_service_get_supported_fields (KEIKA_SITE_SERVICE (f->site)));
  g_assert_cmpstr (keika_status_to_string (entry->status), ==, expected->status);
  g_assert_cmpuint (entry->score, ==, expected->score);
  g_assert_cmpuint (entry->progress, ==, expected->progress);
  g_assert_cmpint (entry->rewatching, ==, expected->is_rewatching);
  g_assert_cmpuint (entry->rewatch_count, ==, expected->rewatch_count);
  g_assert_cmpstr (entry->start_date, ==, expected->started_at);
  g_assert_cmpstr (entry->finish_date, ==, expected->completed_at);
  g_assert_cmpstr (entry->notes, ==, expected->notes);
  g_assert_cmpint (entry->private_, ==, expected->is_private);
  if (expected->tags != NULL)
    g_assert_true (g_strv_equal ((const char * const *) entry->tags, expected->tags));
  else
    g_assert_null (entry->tags);
  g_assert_cmpint (entry->updated_at, ==, expected->updated_at);

  /* Matched to a library by exact ids. */
  g_assert_nonnull (anime);
  g_assert_cmpint (entry->site_ids[KEIKA_SITE_ANILIST], ==, anime->anilist_id);
  g_assert_cmpint (entry->site_ids[KEIKA_SITE_MAL], ==, anime->mal_id);
  g_assert_cmpstr (entry->title, ==, anime->romaji);
}

static void
test_pull_full (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = sign_in_directly (f);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  SiteTestPulled pulled = { NULL, 0 };
  gboolean complete = FALSE;
  guint spaced = 0, at_last = 0;

  keika_fake_anitrack_generate_entries (f->anitrack, "Kei", 300, 11);
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 300);
  g_assert_cmpuint (count (f, "GET /list"), ==, 1);

  for (guint i = 0; i < pulled.entries->len; i++)
    {
      KeikaRemoteEntry *entry = g_ptr_array_index (pulled.entries, i);

      g_assert_true (g_hash_table_add (seen, &entry->entry_id));
      assert_entry_matches (f, entry);
      spaced += entry->notes != NULL && g_str_has_prefix (entry->notes, "  ");
      at_last += entry->status == KEIKA_STATUS_WATCHING && entry->episodes > 0 &&
                 entry->progress == entry->episodes;
    }
  g_assert_cmpuint (spaced, >, 0);
  g_assert_cmpuint (at_last, >, 0);

  /* Paged, as Laravel pages: every page followed, each entry once. */
  keika_fake_anitrack_set_page_size (f->anitrack, 70);
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 300);
  g_assert_cmpuint (pulled.pages, ==, 5);
  g_assert_cmpuint (count (f, "GET /list"), ==, 6);
  g_clear_pointer (&pulled.entries, g_ptr_array_unref);
}

static void
test_pull_incremental (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *token = sign_in_directly (f);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  SiteTestPulled pulled = { NULL, 0 };
  gboolean complete = TRUE;
  gint64 since;

  keika_fake_anitrack_generate_entries (f->anitrack, "Kei", 100, 3);
  expected = keika_fake_anitrack_get_entries (f->anitrack, "Kei");
  since = ((KeikaFakeAnitrackEntry *) expected->pdata[7])->updated_at;

  keika_fake_anitrack_set_page_size (f->anitrack, 5);
  g_assert_true (site_test_pull (f->site, NULL, since, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_cmpuint (pulled.entries->len, >=, 8);
  g_assert_cmpuint (pulled.entries->len, <, 12);
  for (guint i = 0; i < pulled.entries->len; i++)
    {
      KeikaRemoteEntry *entry = g_ptr_array_index (pulled.entries, i);

      g_assert_cmpint (entry->entry_id, ==, ((KeikaFakeAnitrackEntry *) expected->pdata[i])->id);
      g_assert_cmpint (entry->updated_at, >=, since);
    }
  /* Stopped at the first older entry: 2 or 3 pages of 5, of 20. */
  g_assert_cmpuint (count (f, "GET /list"), <=, 3);

  /* Nothing changed since: one request. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (site_test_pull (f->site, NULL, g_get_real_time () / G_USEC_PER_SEC, &pulled,
                                 &complete, NULL, &error));
  g_assert_cmpuint (pulled.entries->len, ==, 0);
  g_assert_false (complete);
  g_assert_cmpuint (count (f, "GET /list"), ==, 1);
  g_clear_pointer (&pulled.entries, g_ptr_array_unref);

  /* No one else's list. */
  g_assert_false (site_test_pull (f->site, "Someone", 0, &pulled, &complete, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpuint (count (f, "GET /list"), ==, 1);
  g_clear_pointer (&pulled.entries, g_ptr_array_unref);
}

/* Push */

static void
test_push_create (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const tags[] = { "space", "jazz", NULL };
  g_autofree char *token = sign_in_directly (f);
  g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (7001);
  g_autoptr(KeikaRemoteEntry) result = NULL;
  g_autoptr(JsonNode) post = NULL;
  g_autoptr(JsonNode) patch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *posted = NULL;
  g_autofree char *patched = NULL;
  const KeikaFakeAnitrackEntry *entry;
  KeikaEntryFields changed = KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_SCORE |
                             KEIKA_ENTRY_FIELD_PROGRESS | KEIKA_ENTRY_FIELD_NOTES |
                             KEIKA_ENTRY_FIELD_START_DATE | KEIKA_ENTRY_FIELD_TAGS |
                             KEIKA_ENTRY_FIELD_REWATCH_COUNT | KEIKA_ENTRY_FIELD_PRIORITY;

  values->status = KEIKA_STATUS_WATCHING;
  values->score = 87;
  values->progress = 3;
  values->notes = g_strdup ("  Bang.\n");
  values->start_date = g_strdup ("2024-03");
  values->tags = g_strdupv ((char **) tags);
  values->rewatch_count = 1;
  values->priority = 2;

  /* The POST is lost on the way: nothing made, nothing resent. */
  keika_fake_sites_inject (f->fake, "anitrack", "POST /list", KEIKA_FAKE_FAULT_CLOSE_CONNECTION,
                           0, 1);
  g_assert_null (site_test_push (f->site, values, changed, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_OFFLINE);
  g_assert_true (keika_error_is_transient (error));
  g_clear_error (&error);
  g_assert_cmpuint (count (f, "POST /list"), ==, 1);

  /* Tried again: looked up first, then made once. */
  result = site_test_push (f->site, values, changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "GET /list/anime/7001"), ==, 2);
  g_assert_cmpuint (count (f, "POST /list"), ==, 2);
  g_assert_cmpuint (keika_fake_anitrack_count_entries_of (f->anitrack, "Kei", 7001), ==, 1);
  post = last_body (f, "POST /list");
  posted = members_of (post);
  g_assert_cmpstr (posted, ==, "anime_id status score progress started_at notes");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (post), "started_at"), ==,
                   "2024-03-01");
  /* What POST does not take goes by PATCH. */
  patch = last_body (f, "PATCH /list/*");
  patched = members_of (patch);
  g_assert_cmpstr (patched, ==, "rewatch_count tags");
  g_assert_cmpuint (keika_fake_sites_count_ignored_fields (f->fake, "anitrack"), ==, 0);

  entry = keika_fake_anitrack_lookup_entry (f->anitrack, "Kei", 7001);
  g_assert_cmpint (result->entry_id, ==, entry->id);
  g_assert_cmpuint (entry->score, ==, 87);
  g_assert_cmpstr (entry->notes, ==, "  Bang.\n");
  g_assert_true (g_strv_equal (entry->tags, tags));
  g_assert_cmpuint (result->rewatch_count, ==, 1);
  g_assert_cmpint (result->site_ids[KEIKA_SITE_ANILIST], ==, 1);
  g_assert_cmpint (result->updated_at, >, 0);

  /* A create tried again after AniTrack made the entry (its answer lost):
   * the lookup finds it, and the values go by PATCH, never a second entry. */
  g_clear_pointer (&result, keika_remote_entry_unref);
  keika_fake_sites_clear_requests (f->fake);
  g_clear_pointer (&values->notes, g_free);
  values->notes = g_strdup ("Changed");
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_NOTES, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "POST /list"), ==, 0);
  g_assert_cmpuint (count (f, "PATCH /list/*"), ==, 1);
  g_assert_cmpuint (keika_fake_anitrack_count_entries_of (f->anitrack, "Kei", 7001), ==, 1);
  g_assert_cmpstr (result->notes, ==, "Changed");

  /* Nothing AniTrack keeps changed: nothing sent. */
  keika_fake_sites_clear_requests (f->fake);
  g_clear_pointer (&result, keika_remote_entry_unref);
  result = site_test_push (f->site, values,
                           KEIKA_ENTRY_FIELD_PRIORITY | KEIKA_ENTRY_FIELD_FAVOURITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->known, ==, 0);
  g_assert_cmpuint (count (f, NULL), ==, 0);
}

static void
test_push_update (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = sign_in_directly (f);
  g_autoptr(KeikaRemoteEntry) values = NULL;
  g_autoptr(KeikaRemoteEntry) result = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *members = NULL;
  GString *notes = g_string_new (NULL);
  const KeikaFakeAnitrackEntry *dropped;
  const KeikaFakeAnitrackEntry *on_hold;
  gint64 old_id;

  keika_fake_anitrack_add_sample_entries (f->anitrack, "Kei");
  dropped = keika_fake_anitrack_lookup_entry (f->anitrack, "Kei", 7004);
  old_id = dropped->id;

  /* Partial: only the changed field, by the entry's id. */
  values = keika_remote_entry_new (7004);
  values->entry_id = dropped->id;
  values->status = KEIKA_STATUS_WATCHING;
  values->score = 64;
  values->progress = 1;
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_SCORE, &error);
  g_assert_no_error (error);
  body = last_body (f, "PATCH /list/*");
  members = members_of (body);
  g_assert_cmpstr (members, ==, "score");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (body), "score"), ==, 64);
  g_assert_cmpuint (count (f, "GET /list/anime/*"), ==, 0);
  g_assert_cmpuint (result->score, ==, 64);
  g_assert_cmpuint (result->progress, ==, 12);
  g_assert_cmpint (result->status, ==, KEIKA_STATUS_DROPPED);

  /* Progress reaching the episode count: AniTrack completes the entry, and
   * the answer says so. */
  on_hold = keika_fake_anitrack_lookup_entry (f->anitrack, "Kei", 7007);
  g_clear_pointer (&values, keika_remote_entry_unref);
  g_clear_pointer (&result, keika_remote_entry_unref);
  values = keika_remote_entry_new (7007);
  values->entry_id = on_hold->id;
  values->status = KEIKA_STATUS_ON_HOLD;
  values->progress = 25;
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_PROGRESS, &error);
  g_assert_no_error (error);
  g_assert_true (result->known & KEIKA_ENTRY_FIELD_STATUS);
  g_assert_cmpint (result->status, ==, KEIKA_STATUS_COMPLETED);
  g_assert_nonnull (result->finish_date);
  g_assert_cmpuint (result->progress, ==, 25);

  /* Notes over 2000 characters: refused, the field named in words. */
  for (guint i = 0; i < 2001; i++)
    g_string_append (notes, "ü");
  values->notes = g_string_free (notes, FALSE);
  g_clear_pointer (&result, keika_remote_entry_unref);
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_NOTES, &error);
  g_assert_null (result);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_REJECTED);
  g_assert_cmpuint (keika_error_get_http_status (error), ==, 422);
  g_assert_nonnull (strstr (error->message, "the notes"));
  g_assert_nonnull (strstr (error->message, "2000 characters"));
  g_assert_false (keika_error_is_transient (error));
  site_test_assert_refused_field (f->site, error, KEIKA_ENTRY_FIELD_NOTES, "2000 characters");
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);

  /* An entry deleted on AniTrack meanwhile is made anew. */
  g_assert_true (site_test_delete (f->site, 0, old_id, &error));
  g_clear_pointer (&values, keika_remote_entry_unref);
  values = keika_remote_entry_new (7004);
  values->entry_id = old_id;
  values->status = KEIKA_STATUS_PLAN_TO_WATCH;
  result = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->entry_id, !=, old_id);
  g_assert_cmpint (result->status, ==, KEIKA_STATUS_PLAN_TO_WATCH);
  g_assert_cmpuint (keika_fake_anitrack_count_entries_of (f->anitrack, "Kei", 7004), ==, 2);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = sign_in_directly (f);
  g_autoptr(GError) error = NULL;
  gint64 id;

  keika_fake_anitrack_add_sample_entries (f->anitrack, "Kei");
  id = keika_fake_anitrack_lookup_entry (f->anitrack, "Kei", 7004)->id;

  /* A soft delete: gone from the list, kept by AniTrack. */
  g_assert_true (site_test_delete (f->site, 7004, id, &error));
  g_assert_no_error (error);
  g_assert_null (keika_fake_anitrack_lookup_entry (f->anitrack, "Kei", 7004));
  g_assert_cmpint (keika_fake_anitrack_find_entry (f->anitrack, id)->deleted_at, >, 0);

  /* Gone already (404): deleted all the same. */
  g_assert_true (site_test_delete (f->site, 7004, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "DELETE /list/*"), ==, 2);

  /* Its entry id not known yet: looked up by anime. */
  g_assert_true (site_test_delete (f->site, 7008, 0, &error));
  g_assert_no_error (error);
  g_assert_null (keika_fake_anitrack_lookup_entry (f->anitrack, "Kei", 7008));
  g_assert_cmpuint (count (f, "GET /list/anime/7008"), ==, 1);

  /* Not on the list at all: nothing to delete. */
  g_assert_true (site_test_delete (f->site, 7010, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "DELETE /list/*"), ==, 3);
  g_assert_cmpuint (keika_fake_anitrack_get_n_entries (f->anitrack, "Kei"), ==, 8);
}

/* Finding anime by AniList id */

static KeikaAnime *
new_anime (gint64 anilist_id,
           gint64 mal_id,
           gint64 anitrack_id)
{
  KeikaAnime *anime = keika_anime_new ("An anime");

  keika_anime_set_site_id (anime, KEIKA_SITE_ANILIST, anilist_id);
  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, mal_id);
  keika_anime_set_site_id (anime, KEIKA_SITE_ANITRACK, anitrack_id);

  return anime;
}

static void
test_find_anime (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = sign_in_directly (f);
  g_autoptr(GPtrArray) anime = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (anime, new_anime (1, 1, 0));
  g_ptr_array_add (anime, new_anime (171018, 0, 0));     /* not on AniTrack yet */
  g_ptr_array_add (anime, new_anime (154587, 52991, 0));
  g_ptr_array_add (anime, new_anime (0, 5114, 0));       /* MyAnimeList only: no match */
  g_ptr_array_add (anime, new_anime (21, 21, 7002));     /* known already */

  ids = site_test_find_anime (f->site, anime, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 5);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 7001);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 0);
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, 7011);
  g_assert_cmpint (g_array_index (ids, gint64, 3), ==, 0);
  g_assert_cmpint (g_array_index (ids, gint64, 4), ==, 7002);
  g_assert_cmpuint (count (f, "GET /anime/anilist/*"), ==, 3);

  /* Once AniTrack has it, it is found. */
  keika_fake_anitrack_add_anime (f->anitrack, &(KeikaFakeAnitrackAnime) {
                                   .id = 9001, .anilist_id = 171018, .title = "Keika no Tabi" });
  g_clear_pointer (&ids, g_array_unref);
  ids = site_test_find_anime (f->site, anime, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 9001);

  /* A failure on the way fails the lookup (it is tried again later). */
  keika_fake_sites_inject (f->fake, "anitrack", "GET /anime/anilist/*",
                           KEIKA_FAKE_FAULT_SERVER_ERROR, 0, KEIKA_FAKE_FOREVER);
  g_clear_pointer (&ids, g_array_unref);
  ids = site_test_find_anime (f->site, anime, &error);
  g_assert_null (ids);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SERVER_ERROR);
}

/* Answers */

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  SiteTestPulled pulled = { NULL, 0 };
  gboolean complete;
  gint64 start;

  /* Not signed in: no request. */
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, NULL), ==, 0);

  /* 401: the token was revoked on the settings page. */
  token = sign_in_directly (f);
  keika_fake_anitrack_revoke_tokens (f->anitrack, "Kei");
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  site_test_remember_error (f->messages, error);
  g_clear_error (&error);
  g_assert_cmpuint (count (f, "GET /user"), ==, 1);

  /* 429 with Retry-After: waited for, then sent again, never too early. */
  g_clear_pointer (&token, g_free);
  token = sign_in_directly (f);
  keika_fake_sites_inject (f->fake, "anitrack", "GET /user", KEIKA_FAKE_FAULT_RATE_LIMIT, 1, 1);
  start = g_get_monotonic_time ();
  profile = site_test_get_user (f->site, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_clear_object (&profile);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_assert_cmpuint (count (f, "GET /user"), ==, 3);
  g_assert_cmpuint (keika_fake_sites_count_too_early (f->fake, "anitrack"), ==, 0);

  /* A wait longer than Keika waits: the error says how long. */
  keika_http_client_set_max_wait (f->client, 2);
  keika_fake_sites_inject (f->fake, "anitrack", "GET /user", KEIKA_FAKE_FAULT_RATE_LIMIT, 30, 1);
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_RATE_LIMITED);
  g_assert_cmpuint (keika_error_get_retry_after (error), ==, 30);
  g_clear_error (&error);

  /* An HTML page is not data. */
  g_clear_object (&f->client);
  f->client = keika_http_client_new ();
  keika_http_client_set_retry (f->client, 1, 20);
  keika_site_base_set_http_client (KEIKA_SITE_BASE (f->site), f->client);
  keika_fake_sites_inject (f->fake, "anitrack", "GET /list", KEIKA_FAKE_FAULT_HTML, 0, 1);
  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_NOT_DATA);
  g_clear_error (&error);

  /* 403: the account has no API access. */
  keika_fake_anitrack_set_api_enabled (f->anitrack, "Kei", FALSE);
  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_clear_pointer (&pulled.entries, g_ptr_array_unref);

  /* No search on AniTrack. */
  keika_site_service_search_async (KEIKA_SITE_SERVICE (f->site), "Bebop", 0, NULL,
                                   test_store_result_cb, &result);
  found = keika_site_service_search_finish (KEIKA_SITE_SERVICE (f->site), test_wait_for (&result),
                                            &error);
  g_assert_null (found);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

int
main (int   argc,
      char *argv[])
{
  site_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/sites/anitrack/configuration", test_configuration);
  ADD ("/sites/anitrack/sign-in/password", test_sign_in_password);
  ADD ("/sites/anitrack/sign-in/refused", test_sign_in_refused);
  ADD ("/sites/anitrack/sign-out", test_sign_out);
  ADD ("/sites/anitrack/tokens", test_tokens);
  ADD ("/sites/anitrack/pull/full", test_pull_full);
  ADD ("/sites/anitrack/pull/incremental", test_pull_incremental);
  ADD ("/sites/anitrack/push/create", test_push_create);
  ADD ("/sites/anitrack/push/update", test_push_update);
  ADD ("/sites/anitrack/delete", test_delete);
  ADD ("/sites/anitrack/find-anime", test_find_anime);
  ADD ("/sites/anitrack/errors", test_errors);

#undef ADD

  return g_test_run ();
}
