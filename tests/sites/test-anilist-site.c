/* test-anilist-site.c — AniList against the fake
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSitesTest"

#include "config.h"

#include <string.h>

#include "keika-anilist-site-private.h"
#include "keika-fake-anilist.h"
#include "keika-fake-catalog.h"
#include "keika-fake-sites.h"
#include "keika-net.h"
#include "keika-sites.h"
#include "site-test-util.h"
#include "test-util.h"

/* The keyring items of AniList sign-ins (keika-anilist-site.c). */
#define SECRET_SITE "anilist"
#define YEAR_S (365 * 86400)

/* Fixture
 *
 * The fake's AniList rate limit (30 a minute) and Keika's own are off, so
 * that the suite stays fast, unless the test is given "rate" as data. */

typedef struct
{
  KeikaFakeSites   *fake;
  KeikaFakeAnilist *anilist;
  KeikaHttpClient  *client;
  KeikaAnilistSite *site;
  gboolean          fast;
  gsize             log_start;
  GPtrArray        *messages;  /* error messages seen, to check for secrets */
} Fixture;

static KeikaAnilistSite *
new_site (Fixture    *f,
          const char *account)
{
  KeikaAnilistSite *site = keika_anilist_site_new (KEIKA_FAKE_ANILIST_CLIENT_ID, account);

  keika_anilist_site_set_redirect_port (site, 0);
  keika_site_base_set_http_client (KEIKA_SITE_BASE (site), f->client);
  if (f->fast)
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
  f->anilist = keika_fake_sites_get_anilist (f->fake);
  /* The site reads its URLs from KEIKA_ANILIST_API_URL and _AUTH_URL. */
  keika_fake_sites_setenv (f->fake);
  f->fast = data == NULL;
  if (f->fast)
    keika_fake_sites_set_rate_limit (f->fake, "anilist", 0, 0);

  f->client = site_test_new_client ();
  f->site = new_site (f, NULL);
  f->messages = g_ptr_array_new_with_free_func (g_free);

  f->log_start = site_test_log_position ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GStrv) secrets = keika_fake_anilist_dup_secrets (f->anilist);

  /* Nothing Keika logged or said in an error holds a token. */
  site_test_assert_secrets_kept (f->fake, "anilist-api", secrets, f->log_start, f->messages);

  g_clear_object (&f->site);
  g_clear_object (&f->client);
  g_clear_pointer (&f->messages, g_ptr_array_unref);
  g_clear_object (&f->fake);

  /* Let closed connections and sources go. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Helpers */

static GPtrArray *newest_first (Fixture    *f,
                                const char *user);

/* Keeps the message to check it for secrets, and checks it is words for a
 * person: a sentence naming the site. */
static void
remember_error (Fixture      *f,
                const GError *error)
{
  g_assert_nonnull (error);
  site_test_remember_error (f->messages, error);
  if (error->domain == KEIKA_ERROR)
    {
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (strlen (error->message), >, 20);
      g_assert_nonnull (strstr (error->message, " "));
      g_assert_null (strchr (error->message, '{'));
    }
}

static char *
user_id_text (Fixture    *f,
              const char *user)
{
  gint64 id = keika_fake_anilist_get_user_id (f->anilist, user);

  g_assert_cmpint (id, >, 0);

  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* Signs the site in as @user without the keyring: a token the fake issued,
 * in memory, and the account as a sign-in sets it. */
static void
sign_in_directly (Fixture    *f,
                  const char *user)
{
  g_autofree char *token = keika_fake_anilist_issue_token (f->anilist, user, YEAR_S);
  g_autofree char *account = user_id_text (f, user);

  keika_site_base_set_account (KEIKA_SITE_BASE (f->site), account);
  keika_anilist_site_set_token (f->site, token);
}

/* What the page Keika's loopback handler serves does in a browser: it reads
 * location.hash and POSTs it, as a form, to /token on its own origin
 * (keika-oauth.c). */
static SiteTestPage *
post_fragment (const char *landing_uri)
{
  const char *hash = strchr (landing_uri, '#');
  g_autofree char *origin = g_strdup_printf ("http://127.0.0.1:%u",
                                             site_test_port_of (landing_uri));
  g_autofree char *token_uri = g_strconcat (origin, "/token", NULL);

  g_assert_nonnull (hash);

  return site_test_browse_full ("POST", token_uri, origin, hash + 1);
}

static char *
fragment_param (const char *uri,
                const char *name)
{
  g_autoptr(GHashTable) params = NULL;
  const char *fragment = strchr (uri, '#');

  g_assert_nonnull (fragment);
  params = soup_form_decode (fragment + 1);

  return g_strdup (g_hash_table_lookup (params, name));
}

static KeikaRemoteEntry *
find_pulled (SiteTestPulled *pulled,
             gint64          anime_id)
{
  for (guint i = 0; pulled->entries != NULL && i < pulled->entries->len; i++)
    {
      KeikaRemoteEntry *entry = g_ptr_array_index (pulled->entries, i);

      if (entry->anime_id == anime_id)
        return entry;
    }

  return NULL;
}

/* The GraphQL requests the fake received */

typedef struct
{
  KeikaFakeRequest *request;    /* (owned) */
  JsonNode         *body;       /* (owned) */
  char             *operation;  /* (owned) "Collection", "Save"… */
} Call;

static void
call_free (Call *call)
{
  keika_fake_request_unref (call->request);
  json_node_unref (call->body);
  g_free (call->operation);
  g_free (call);
}

/* The name of the first operation of a document: "query Name(…" or
 * "mutation Name(…", after the comment lines. */
static char *
operation_of (const char *query)
{
  g_auto(GStrv) lines = g_strsplit (query, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *name;
      gsize length;

      while (*line == ' ')
        line++;
      if (g_str_has_prefix (line, "query "))
        name = line + strlen ("query ");
      else if (g_str_has_prefix (line, "mutation "))
        name = line + strlen ("mutation ");
      else
        continue;

      length = strcspn (name, " ({");
      return g_strndup (name, length);
    }

  return g_strdup ("?");
}

/* The requests to the API of @operation (NULL: all), oldest first. */
static GPtrArray *
get_calls (Fixture    *f,
           const char *operation)
{
  g_autoptr(GPtrArray) requests = keika_fake_sites_get_requests (f->fake, "anilist-api", NULL);
  GPtrArray *calls = g_ptr_array_new_with_free_func ((GDestroyNotify) call_free);

  for (guint i = 0; i < requests->len; i++)
    {
      KeikaFakeRequest *request = g_ptr_array_index (requests, i);
      g_autofree char *text = g_strndup (g_bytes_get_data (request->body, NULL),
                                         g_bytes_get_size (request->body));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) body = json_from_string (text, &error);
      g_autofree char *name = NULL;
      Call *call;

      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (body));
      name = operation_of (json_object_get_string_member (json_node_get_object (body), "query"));
      if (operation != NULL && !g_str_equal (name, operation))
        continue;

      call = g_new0 (Call, 1);
      call->request = keika_fake_request_ref (request);
      call->body = g_steal_pointer (&body);
      call->operation = g_steal_pointer (&name);
      g_ptr_array_add (calls, call);
    }

  return calls;
}

static guint
count_calls (Fixture    *f,
             const char *operation)
{
  g_autoptr(GPtrArray) calls = get_calls (f, operation);

  return calls->len;
}

static JsonObject *
call_vars (Call *call)
{
  JsonNode *variables = json_object_get_member (json_node_get_object (call->body), "variables");

  g_assert_nonnull (variables);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (variables));

  return json_node_get_object (variables);
}

static gint64
var_int (Call       *call,
         const char *name)
{
  JsonObject *variables = call_vars (call);

  if (!json_object_has_member (variables, name))
    g_error ("No variable %s in %s", name, call->operation);

  return json_object_get_int_member (variables, name);
}

/* The names of the variables sent, sorted, joined by commas. */
static char *
var_names (Call *call)
{
  g_autoptr(GList) members = json_object_get_members (call_vars (call));
  g_autoptr(GString) text = g_string_new (NULL);

  members = g_list_sort (members, (GCompareFunc) strcmp);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (text->len > 0)
        g_string_append_c (text, ',');
      g_string_append (text, l->data);
    }

  return g_strdup (text->str);
}

static Call *
last_call (GPtrArray *calls)
{
  g_assert_cmpuint (calls->len, >, 0);

  return g_ptr_array_index (calls, calls->len - 1);
}

/* "2021-03" of a FuzzyDate, NULL without a year. */
static char *
fuzzy_text (const KeikaFakeAnilistDate *date)
{
  if (date->year == 0)
    return NULL;
  if (date->month == 0)
    return g_strdup_printf ("%04u", date->year);
  if (date->day == 0)
    return g_strdup_printf ("%04u-%02u", date->year, date->month);

  return g_strdup_printf ("%04u-%02u-%02u", date->year, date->month, date->day);
}

/* The entry as the fake has it on @user's list, and its anime as the
 * catalogue has it. */
static void
assert_entry_matches (Fixture                *f,
                      const KeikaRemoteEntry *entry,
                      const char             *user)
{
  const KeikaFakeAnilistEntry *expected = keika_fake_anilist_lookup_entry (f->anilist, user,
                                                                           entry->anime_id);
  const KeikaFakeCatalogAnime *anime = keika_fake_sites_find_catalog_anime (f->fake, "anilist",
                                                                            entry->anime_id);
  g_autofree char *start = NULL;
  g_autofree char *finish = NULL;
  gboolean repeating;

  g_assert_nonnull (expected);
  g_assert_nonnull (anime);
  g_assert_cmpint (entry->entry_id, ==, expected->id);
  g_assert_cmpint (entry->known, ==, KEIKA_ANILIST_FIELDS);

  repeating = g_str_equal (expected->status, "REPEATING");
  g_assert_cmpint (entry->rewatching, ==, repeating);
  g_assert_cmpstr (keika_anilist_status_name (entry->status, entry->rewatching), ==,
                   expected->status);
  g_assert_cmpuint (entry->score, ==, expected->score_raw);
  g_assert_cmpuint (entry->progress, ==, expected->progress);
  g_assert_cmpuint (entry->rewatch_count, ==, expected->repeat);
  g_assert_cmpint (entry->private_, ==, expected->is_private);
  g_assert_cmpstr (entry->notes, ==, expected->notes);
  start = fuzzy_text (&expected->started_at);
  finish = fuzzy_text (&expected->completed_at);
  g_assert_cmpstr (entry->start_date, ==, start);
  g_assert_cmpstr (entry->finish_date, ==, finish);
  g_assert_cmpint (entry->updated_at, ==, expected->updated_at);

  /* The anime */
  g_assert_cmpint (entry->site_ids[KEIKA_SITE_MAL], ==, anime->mal_id);
  g_assert_cmpstr (entry->title, ==, anime->romaji);
  g_assert_cmpstr (entry->title_english, ==, anime->english);
  g_assert_cmpstr (entry->title_native, ==, anime->native);
  g_assert_cmpuint (entry->episodes, ==, anime->anilist_episodes);
  g_assert_cmpuint (entry->season_year, ==, anime->year);
  g_assert_cmpint (entry->adult, ==, anime->adult);
  g_assert_nonnull (entry->cover_url);
}

/* Sign-in */

static void
test_sign_in_browser (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(KeikaProfile) again = NULL;
  g_autoptr(KeikaAnilistSite) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SiteTestPage) authorize = NULL;
  g_autoptr(SiteTestPage) landing = NULL;
  g_autoptr(SiteTestPage) posted = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *response_type = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *state = NULL;
  g_autofree char *token = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *user_id = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint port;

  if (!site_test_keyring_works ())
    return;

  keika_fake_anilist_add_user (f->anilist, "Aiko");
  keika_fake_anilist_set_score_format (f->anilist, "Aiko", "POINT_5");
  keika_fake_anilist_set_browser_user (f->anilist, "Aiko");
  user_id = user_id_text (f, "Aiko");

  /* The authorize URL: the implicit grant, to Keika's loopback handler. */
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  prefix = g_strconcat (keika_fake_sites_get_url (f->fake, "anilist-auth"), "/authorize?", NULL);
  g_assert_true (g_str_has_prefix (uri, prefix));
  client_id = site_test_query_param (uri, "client_id");
  response_type = site_test_query_param (uri, "response_type");
  redirect = site_test_query_param (uri, "redirect_uri");
  state = site_test_query_param (uri, "state");
  g_assert_cmpstr (client_id, ==, KEIKA_FAKE_ANILIST_CLIENT_ID);
  g_assert_cmpstr (response_type, ==, "token");
  g_assert_true (g_str_has_prefix (redirect, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (redirect, "/callback"));
  g_assert_nonnull (state);
  g_assert_cmpuint (strlen (state), >=, 32);
  port = site_test_port_of (redirect);
  g_assert_true (site_test_can_connect (port));

  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, NULL,
                                             test_store_result_cb, &result);

  /* The browser: AniList redirects with the token in the fragment… */
  authorize = site_test_browse (uri);
  g_assert_cmpuint (authorize->status, ==, 302);
  g_assert_true (g_str_has_prefix (authorize->location, redirect));
  token = fragment_param (authorize->location, "access_token");
  g_assert_nonnull (token);
  g_assert_null (strchr (authorize->location, '?'));

  /* … which the browser does not send: the handler's page reads it and
   * posts it back. */
  landing = site_test_browse (authorize->location);
  g_assert_cmpuint (landing->status, ==, 200);
  g_assert_nonnull (strstr (landing->body, "location.hash"));
  g_assert_nonnull (strstr (landing->body, "'/token'"));
  g_assert_null (strstr (landing->body, token));
  g_assert_null (result);
  posted = post_fragment (authorize->location);
  g_assert_cmpuint (posted->status, ==, 200);

  profile = keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                        test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_cmpint (keika_profile_get_site (profile), ==, KEIKA_SITE_ANILIST);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "Aiko");
  g_assert_cmpstr (keika_profile_get_site_user_id (profile), ==, user_id);
  g_assert_true (keika_profile_get_claimed (profile));
  /* The end of the sign-in, from the JWT's exp: a year. */
  g_assert_cmpint (keika_profile_get_token_expiry (profile), ==,
                   keika_anilist_token_expiry (token));
  g_assert_cmpint (keika_profile_get_token_expiry (profile), >=, now + YEAR_S - 60);
  g_assert_cmpint (keika_profile_get_token_expiry (profile), <=, now + YEAR_S + 60);
  g_assert_cmpint (keika_site_base_get_token_expiry (KEIKA_SITE_BASE (f->site)), ==,
                   keika_profile_get_token_expiry (profile));
  /* It cannot be renewed: the accounts warn before it ends. */
  g_assert_false (keika_site_service_sign_in_renews (KEIKA_SITE_SERVICE (f->site)));
  g_assert_cmpstr (keika_site_base_get_account (KEIKA_SITE_BASE (f->site)), ==, user_id);
  g_assert_cmpstr (keika_site_base_get_user_name (KEIKA_SITE_BASE (f->site)), ==, "Aiko");
  g_assert_cmpint (keika_anilist_site_get_score_format (f->site), ==, KEIKA_SCORE_FORMAT_POINT_5);
  g_assert_false (site_test_can_connect (port));

  /* One request, the Viewer, with the token. */
  calls = get_calls (f, NULL);
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpstr (last_call (calls)->operation, ==, "Viewer");
  g_assert_true (g_str_has_suffix (keika_fake_request_get_header (last_call (calls)->request,
                                                                  "Authorization"), token));
  g_assert_cmpuint (keika_fake_sites_count_ignored_fields (f->fake, "anilist"), ==, 0);

  /* The token is in the keyring, under the user id. */
  secret = site_test_lookup_secret (SECRET_SITE, user_id);
  g_assert_nonnull (secret);
  stored = json_from_string (secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (stored), "access_token"),
                   ==, token);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stored), "expires_at"), ==,
                   keika_anilist_token_expiry (token));

  /* Another start of Keika finds it. */
  later = new_site (f, user_id);
  again = site_test_get_user (later, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (again), ==, "Aiko");
  g_assert_cmpint (keika_profile_get_token_expiry (again), ==, keika_anilist_token_expiry (token));
  g_assert_cmpint (keika_site_base_get_token_expiry (KEIKA_SITE_BASE (later)), ==,
                   keika_anilist_token_expiry (token));
  g_clear_pointer (&calls, g_ptr_array_unref);
  calls = get_calls (f, "Viewer");
  g_assert_cmpuint (calls->len, ==, 2);
  g_assert_true (g_str_has_suffix (keika_fake_request_get_header (last_call (calls)->request,
                                                                  "Authorization"), token));

  /* Sign-out forgets it. */
  g_clear_object (&result);
  keika_site_service_sign_out_async (KEIKA_SITE_SERVICE (later), NULL, test_store_result_cb,
                                     &result);
  g_assert_true (keika_site_service_sign_out_finish (KEIKA_SITE_SERVICE (later),
                                                     test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_pointer (&secret, g_free);
  secret = site_test_lookup_secret (SECRET_SITE, user_id);
  g_assert_null (secret);
  g_clear_object (&again);
  again = site_test_get_user (later, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  remember_error (f, error);
  g_assert_cmpuint (count_calls (f, "Viewer"), ==, 2);
}

static void
test_sign_in_denied (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SiteTestPage) authorize = NULL;
  g_autoptr(SiteTestPage) landing = NULL;
  g_autoptr(SiteTestPage) posted = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *redirect = NULL;

  /* Denied in the browser. */
  keika_fake_anilist_set_authorize_answer (f->anilist, KEIKA_FAKE_ANILIST_AUTHORIZE_DENY);
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  redirect = site_test_query_param (uri, "redirect_uri");
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, NULL,
                                             test_store_result_cb, &result);
  authorize = site_test_browse (uri);
  g_assert_cmpuint (authorize->status, ==, 302);
  landing = site_test_browse (authorize->location);
  g_assert_cmpuint (landing->status, ==, 200);
  posted = post_fragment (authorize->location);
  g_assert_cmpuint (posted->status, ==, 200);
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&result), &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_ACCESS_DENIED);
  remember_error (f, error);
  g_assert_cmpuint (count_calls (f, NULL), ==, 0);
  g_assert_false (site_test_can_connect (site_test_port_of (redirect)));
  g_assert_null (keika_site_base_get_account (KEIKA_SITE_BASE (f->site)));
  keika_site_service_abort_sign_in (KEIKA_SITE_SERVICE (f->site));
}

static void
test_sign_in_wrong_state (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SiteTestPage) authorize = NULL;
  g_autoptr(SiteTestPage) posted = NULL;
  g_autoptr(KeikaProfile) profile = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *state = NULL;
  g_autofree char *token = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *landing = NULL;

  if (!site_test_keyring_works ())
    return;

  /* The answer comes back with another state: the handler refuses it and
   * keeps waiting (a stray page can neither finish nor end the sign-in). */
  keika_fake_anilist_set_authorize_answer (f->anilist, KEIKA_FAKE_ANILIST_AUTHORIZE_WRONG_STATE);
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  redirect = site_test_query_param (uri, "redirect_uri");
  state = site_test_query_param (uri, "state");
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, NULL,
                                             test_store_result_cb, &result);
  authorize = site_test_browse (uri);
  g_assert_cmpuint (authorize->status, ==, 302);
  token = fragment_param (authorize->location, "access_token");
  g_assert_nonnull (token);
  posted = post_fragment (authorize->location);
  g_assert_cmpuint (posted->status, ==, 400);

  /* No state at all. */
  escaped = g_uri_escape_string (token, NULL, FALSE);
  g_clear_pointer (&landing, g_free);
  landing = g_strdup_printf ("%s#access_token=%s&token_type=Bearer", redirect, escaped);
  g_clear_pointer (&posted, site_test_page_free);
  posted = post_fragment (landing);
  g_assert_cmpuint (posted->status, ==, 400);

  /* The address with the wrong state, pasted: refused as well. */
  profile = site_test_complete_sign_in (f->site, authorize->location, &error);
  g_assert_null (profile);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
  remember_error (f, error);
  g_clear_error (&error);

  g_main_context_iteration (NULL, FALSE);
  g_assert_null (result);
  g_assert_true (site_test_can_connect (site_test_port_of (redirect)));
  g_assert_cmpuint (count_calls (f, NULL), ==, 0);
  g_assert_null (keika_site_base_get_account (KEIKA_SITE_BASE (f->site)));

  /* The real answer, with the state Keika sent, still completes it. */
  g_clear_pointer (&landing, g_free);
  landing = g_strdup_printf ("%s#access_token=%s&token_type=Bearer&state=%s", redirect, escaped,
                             state);
  g_clear_pointer (&posted, site_test_page_free);
  posted = post_fragment (landing);
  g_assert_cmpuint (posted->status, ==, 200);
  profile = keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                        test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "KeikaTester");
  g_assert_false (site_test_can_connect (site_test_port_of (redirect)));
  g_assert_cmpuint (count_calls (f, "Viewer"), ==, 1);
}

static void
test_sign_in_paste (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) waiting = NULL;
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SiteTestPage) authorize = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *token = NULL;
  g_autofree char *padded = NULL;
  g_autofree char *expired = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *bea = NULL;
  g_autofree char *cid = NULL;
  g_autofree char *dan = NULL;

  if (!site_test_keyring_works ())
    return;

  /* A token from AniList's pin page, pasted without any begun sign-in
   * (with the spaces and line break a copy brings along). */
  token = keika_fake_anilist_issue_token (f->anilist, "Bea", YEAR_S);
  bea = user_id_text (f, "Bea");
  padded = g_strdup_printf ("  %s\n", token);
  profile = site_test_complete_sign_in (f->site, padded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "Bea");
  g_assert_cmpstr (keika_profile_get_site_user_id (profile), ==, bea);
  g_assert_cmpint (keika_profile_get_token_expiry (profile), ==,
                   keika_anilist_token_expiry (token));
  g_assert_cmpint (keika_profile_get_token_expiry (profile), >,
                   g_get_real_time () / G_USEC_PER_SEC + YEAR_S - 60);
  g_assert_cmpstr (keika_site_base_get_account (KEIKA_SITE_BASE (f->site)), ==, bea);
  secret = site_test_lookup_secret (SECRET_SITE, bea);
  g_assert_nonnull (secret);
  g_assert_nonnull (strstr (secret, token));
  calls = get_calls (f, NULL);
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpstr (last_call (calls)->operation, ==, "Viewer");

  /* The whole address the browser ended on (fragment and all), while the
   * handler waits: the handler closes. */
  g_clear_object (&profile);
  keika_fake_anilist_set_browser_user (f->anilist, "Cid");
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  redirect = site_test_query_param (uri, "redirect_uri");
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, NULL,
                                             test_store_result_cb, &waiting);
  authorize = site_test_browse (uri);
  g_assert_cmpuint (authorize->status, ==, 302);
  profile = site_test_complete_sign_in (f->site, authorize->location, &error);
  g_assert_no_error (error);
  cid = user_id_text (f, "Cid");
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "Cid");
  g_assert_cmpstr (keika_site_base_get_account (KEIKA_SITE_BASE (f->site)), ==, cid);
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&waiting), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (site_test_can_connect (site_test_port_of (redirect)));
  g_clear_pointer (&secret, g_free);
  secret = site_test_lookup_secret (SECRET_SITE, cid);
  g_assert_nonnull (secret);

  /* Garbage: refused before anything is sent… */
  g_clear_object (&profile);
  keika_fake_sites_clear_requests (f->fake);
  profile = site_test_complete_sign_in (f->site, "this is not a token", &error);
  g_assert_null (profile);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
  remember_error (f, error);
  g_clear_error (&error);
  profile = site_test_complete_sign_in (f->site, "", &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (count_calls (f, NULL), ==, 0);

  /* … or by AniList, which does not know it. */
  profile = site_test_complete_sign_in (f->site, "abc.def.ghi", &error);
  g_assert_null (profile);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
  remember_error (f, error);
  g_clear_error (&error);
  g_assert_cmpuint (count_calls (f, "Viewer"), ==, 1);

  /* An expired token: refused at once, nothing sent, nothing kept; the
   * account signed in before is still the site's. */
  expired = keika_fake_anilist_issue_token (f->anilist, "Dan", 0);
  dan = user_id_text (f, "Dan");
  profile = site_test_complete_sign_in (f->site, expired, &error);
  g_assert_null (profile);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  remember_error (f, error);
  g_clear_error (&error);
  g_assert_cmpuint (count_calls (f, "Viewer"), ==, 1);
  g_clear_pointer (&secret, g_free);
  secret = site_test_lookup_secret (SECRET_SITE, dan);
  g_assert_null (secret);
  g_assert_cmpstr (keika_site_base_get_account (KEIKA_SITE_BASE (f->site)), ==, cid);
}

/* Pull */

static void
test_pull_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree char *aiko = NULL;
  SiteTestPulled pulled = { 0, };
  gboolean complete = FALSE;
  guint hidden = 0, in_custom = 0, repeating = 0, noted = 0, partial = 0, private_ = 0;
  guint no_mal = 0;
  KeikaRemoteEntry *entry;

  /* 1234 entries: three chunks of 500; the sample entries replace the
   * generated ones of the same anime. */
  keika_fake_anilist_generate_entries (f->anilist, "Aiko", 1234, 7);
  keika_fake_anilist_add_sample_entries (f->anilist, "Aiko");
  g_assert_cmpuint (keika_fake_anilist_get_n_entries (f->anilist, "Aiko"), ==, 1234);
  sign_in_directly (f, "Aiko");
  aiko = user_id_text (f, "Aiko");

  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_cmpuint (pulled.pages, ==, 3);

  /* Every entry exactly once, whatever lists it is in. */
  g_assert_cmpuint (pulled.entries->len, ==, 1234);
  for (guint i = 0; i < pulled.entries->len; i++)
    {
      entry = g_ptr_array_index (pulled.entries, i);
      g_assert_true (g_hash_table_add (ids, GSIZE_TO_POINTER ((gsize) entry->anime_id)));
      assert_entry_matches (f, entry, "Aiko");
    }
  expected = keika_fake_anilist_get_entries (f->anilist, "Aiko");
  for (guint i = 0; i < expected->len; i++)
    {
      const KeikaFakeAnilistEntry *e = g_ptr_array_index (expected, i);

      g_assert_true (g_hash_table_contains (ids, GSIZE_TO_POINTER ((gsize) e->media_id)));
      hidden += e->hidden_from_status_lists;
      in_custom += e->custom_lists != NULL && e->custom_lists[0] != NULL &&
                   !e->hidden_from_status_lists;
      repeating += g_str_equal (e->status, "REPEATING");
      noted += e->notes != NULL && g_str_has_prefix (e->notes, "  ") && strchr (e->notes, '\n');
      partial += e->started_at.year != 0 && e->started_at.day == 0;
      private_ += e->is_private;
    }
  for (guint i = 0; i < pulled.entries->len; i++)
    {
      entry = g_ptr_array_index (pulled.entries, i);
      no_mal += entry->site_ids[KEIKA_SITE_MAL] == 0;
    }
  /* The shapes the test is about are really there. */
  g_assert_cmpuint (hidden, >, 10);
  g_assert_cmpuint (in_custom, >, 10);
  g_assert_cmpuint (repeating, >, 10);
  g_assert_cmpuint (noted, >, 10);
  g_assert_cmpuint (partial, >, 10);
  g_assert_cmpuint (private_, >, 10);
  g_assert_cmpuint (no_mal, >, 10);

  /* The requests: the user's collection in chunks of 500, with the token. */
  calls = get_calls (f, NULL);
  g_assert_cmpuint (calls->len, ==, 3);
  for (guint i = 0; i < calls->len; i++)
    {
      Call *call = g_ptr_array_index (calls, i);
      g_autofree char *names = var_names (call);
      g_autofree char *user = g_strdup_printf ("%" G_GINT64_FORMAT, var_int (call, "userId"));

      g_assert_cmpstr (call->operation, ==, "Collection");
      g_assert_cmpstr (names, ==, "chunk,perChunk,userId");
      g_assert_cmpint (var_int (call, "chunk"), ==, i + 1);
      g_assert_cmpint (var_int (call, "perChunk"), ==, 500);
      g_assert_cmpstr (user, ==, aiko);
      g_assert_nonnull (keika_fake_request_get_header (call->request, "Authorization"));
      g_assert_cmpuint (call->request->status, ==, 200);
    }

  /* Sample entries, every value. */
  entry = find_pulled (&pulled, 1);   /* Cowboy Bebop */
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->status, ==, KEIKA_STATUS_COMPLETED);
  g_assert_false (entry->rewatching);
  g_assert_cmpuint (entry->score, ==, 93);
  g_assert_cmpuint (entry->progress, ==, 26);
  g_assert_cmpstr (entry->start_date, ==, "2019-01-05");
  g_assert_cmpstr (entry->finish_date, ==, "2019-02-10");
  g_assert_cmpstr (entry->notes, ==, "See you, space cowboy…");
  g_assert_cmpint (entry->updated_at, ==, 1549800000);
  g_assert_cmpstr (entry->title, ==, "Cowboy Bebop");
  g_assert_cmpstr (entry->title_english, ==, "Cowboy Bebop");
  g_assert_cmpstr (entry->title_native, ==, "カウボーイビバップ");
  g_assert_cmpint (entry->format, ==, KEIKA_FORMAT_TV);
  g_assert_cmpuint (entry->episodes, ==, 26);
  g_assert_cmpint (entry->airing_status, ==, KEIKA_AIRING_STATUS_FINISHED);
  g_assert_cmpint (entry->season, ==, KEIKA_SEASON_SPRING);
  g_assert_cmpuint (entry->season_year, ==, 1998);
  g_assert_nonnull (entry->genres);
  g_assert_true (g_strv_contains ((const char * const *) entry->genres, "Sci-Fi"));
  g_assert_cmpint (entry->site_ids[KEIKA_SITE_MAL], ==, 1);

  entry = find_pulled (&pulled, 9253);   /* REPEATING */
  g_assert_cmpint (entry->status, ==, KEIKA_STATUS_WATCHING);
  g_assert_true (entry->rewatching);
  g_assert_cmpuint (entry->rewatch_count, ==, 1);
  g_assert_cmpuint (entry->score, ==, 100);

  entry = find_pulled (&pulled, 17074);   /* private, notes with spaces and line breaks */
  g_assert_true (entry->private_);
  g_assert_cmpstr (entry->notes, ==,
                   "  Watched in broadcast order.\n\n  Then in release order.  \n");
  g_assert_null (entry->title_english);
  g_assert_nonnull (entry->synonyms);

  entry = find_pulled (&pulled, 5114);   /* started in a month */
  g_assert_cmpstr (entry->start_date, ==, "2024-03");
  g_assert_null (entry->finish_date);
  g_assert_cmpint (entry->status, ==, KEIKA_STATUS_WATCHING);
  g_assert_cmpuint (entry->score, ==, 97);

  entry = find_pulled (&pulled, 199);   /* completed in a year */
  g_assert_cmpstr (entry->finish_date, ==, "2001");
  g_assert_null (entry->start_date);
  g_assert_cmpuint (entry->rewatch_count, ==, 2);
  g_assert_cmpint (entry->format, ==, KEIKA_FORMAT_MOVIE);

  entry = find_pulled (&pulled, 16498);   /* paused, no score */
  g_assert_cmpint (entry->status, ==, KEIKA_STATUS_ON_HOLD);
  g_assert_cmpuint (entry->score, ==, 0);
  g_assert_true (entry->known & KEIKA_ENTRY_FIELD_SCORE);
  g_assert_null (entry->notes);

  entry = find_pulled (&pulled, 1535);
  g_assert_cmpint (entry->status, ==, KEIKA_STATUS_DROPPED);
  g_assert_cmpuint (entry->score, ==, 38);

  entry = find_pulled (&pulled, 154587);
  g_assert_cmpint (entry->status, ==, KEIKA_STATUS_PLAN_TO_WATCH);
  g_assert_cmpint (entry->site_ids[KEIKA_SITE_MAL], ==, 52991);

  entry = find_pulled (&pulled, 21519);   /* only in a custom list */
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->status, ==, KEIKA_STATUS_COMPLETED);
  g_assert_cmpint (entry->site_ids[KEIKA_SITE_MAL], ==, 32281);

  entry = find_pulled (&pulled, 21);   /* in a status list and two custom lists */
  g_assert_nonnull (entry);
  g_assert_cmpuint (entry->progress, ==, 1100);
  g_assert_cmpint (entry->airing_status, ==, KEIKA_AIRING_STATUS_RELEASING);
  g_assert_cmpuint (entry->episodes, ==, 0);

  entry = find_pulled (&pulled, 21004);   /* MyAnimeList's id differs */
  g_assert_cmpstr (entry->start_date, ==, "2015");
  g_assert_cmpint (entry->site_ids[KEIKA_SITE_MAL], ==, 30230);

  entry = find_pulled (&pulled, 171018);   /* AniList only */
  g_assert_cmpint (entry->site_ids[KEIKA_SITE_MAL], ==, 0);
  g_assert_cmpint (entry->format, ==, KEIKA_FORMAT_ONA);
  g_assert_cmpstr (entry->notes, ==, "Only on AniList.");

  site_test_pulled_clear (&pulled);
}

/* AniList serves only the 11,000 most recently updated entries of a
 * collection: a list that reaches that many was not seen whole, so what is
 * missing from it must not count as gone from the site. */
static void
test_pull_cap (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) newest = NULL;
  SiteTestPulled pulled = { 0, };
  gboolean complete = TRUE;

#if defined(__SANITIZE_ADDRESS__)
  /* Two pulls of 11,000 entries take minutes when every allocation costs a
   * stack walk. */
  if (!g_test_slow ())
    {
      g_test_skip ("Slow under the address sanitizer: run with -m slow");
      return;
    }
#endif

  keika_fake_anilist_generate_entries (f->anilist, "Aiko", 11020, 13);
  sign_in_directly (f, "Aiko");

  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 11000);
  g_assert_false (complete);
  g_assert_cmpuint (count_calls (f, "Collection"), ==, 22);
  site_test_pulled_clear (&pulled);

  /* 10,999 entries: the whole list. */
  newest = newest_first (f, "Aiko");
  for (guint i = 10999; i < newest->len; i++)
    g_assert_true (keika_fake_anilist_remove_entry (f->anilist, "Aiko",
                                                    ((const KeikaFakeAnilistEntry *)
                                                     newest->pdata[i])->media_id));
  g_assert_cmpuint (keika_fake_anilist_get_n_entries (f->anilist, "Aiko"), ==, 10999);
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 10999);
  g_assert_true (complete);
  site_test_pulled_clear (&pulled);

  /* An empty list is whole too. */
  keika_fake_anilist_add_user (f->anilist, "Empty");
  sign_in_directly (f, "Empty");
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 0);
  g_assert_true (complete);
  site_test_pulled_clear (&pulled);
}

static void
test_pull_public (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(KeikaAnilistSite) nameless = NULL;
  SiteTestPulled pulled = { 0, };
  gboolean complete = FALSE;
  Call *call;

  /* Someone else's list, by name, from a signed-in site: no token sent,
   * and the private entry is not there. */
  keika_fake_anilist_add_sample_entries (f->anilist, "Someone Else");
  sign_in_directly (f, "Aiko");
  g_assert_true (site_test_pull (f->site, "Someone Else", 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 11);
  g_assert_null (find_pulled (&pulled, 17074));
  for (guint i = 0; i < pulled.entries->len; i++)
    assert_entry_matches (f, g_ptr_array_index (pulled.entries, i), "Someone Else");
  calls = get_calls (f, "Collection");
  g_assert_cmpuint (calls->len, ==, 1);
  call = last_call (calls);
  g_assert_cmpstr (json_object_get_string_member (call_vars (call), "userName"), ==,
                   "Someone Else");
  g_assert_false (json_object_has_member (call_vars (call), "userId"));
  g_assert_null (keika_fake_request_get_header (call->request, "Authorization"));
  site_test_pulled_clear (&pulled);

  /* Its changes, by name too. */
  g_assert_true (site_test_pull (f->site, "Someone Else", 1600000000, &pulled, &complete, NULL,
                                 &error));
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_cmpuint (pulled.entries->len, ==, 7);
  g_assert_null (find_pulled (&pulled, 17074));
  g_clear_pointer (&calls, g_ptr_array_unref);
  calls = get_calls (f, "Changes");
  g_assert_cmpuint (calls->len, ==, 1);
  call = last_call (calls);
  g_assert_cmpstr (json_object_get_string_member (call_vars (call), "userName"), ==,
                   "Someone Else");
  g_assert_false (json_object_has_member (call_vars (call), "userId"));
  g_assert_null (keika_fake_request_get_header (call->request, "Authorization"));
  site_test_pulled_clear (&pulled);

  /* Without any sign-in. */
  nameless = new_site (f, NULL);
  g_assert_true (site_test_pull (nameless, "Someone Else", 0, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 11);
  site_test_pulled_clear (&pulled);

  /* A private user: an error in words. */
  keika_fake_anilist_add_sample_entries (f->anilist, "Hidden");
  keika_fake_anilist_set_user_private (f->anilist, "Hidden", TRUE);
  g_assert_false (site_test_pull (f->site, "Hidden", 0, &pulled, &complete, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "AniList"));
  g_assert_nonnull (strstr (error->message, "Private User"));
  remember_error (f, error);
  g_clear_error (&error);
  g_assert_cmpuint (pulled.entries->len, ==, 0);
  site_test_pulled_clear (&pulled);

  /* A name AniList does not know. */
  g_assert_false (site_test_pull (f->site, "Nobody", 0, &pulled, &complete, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND);
  remember_error (f, error);
  g_clear_error (&error);
  site_test_pulled_clear (&pulled);

  /* The user's own list needs a sign-in. */
  g_assert_false (site_test_pull (nameless, NULL, 0, &pulled, &complete, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  remember_error (f, error);
  site_test_pulled_clear (&pulled);
}

/* The entries of @user, newest change first (as AniList sorts
 * UPDATED_TIME_DESC: then by entry id). */
static int
compare_newest (gconstpointer a,
                gconstpointer b)
{
  const KeikaFakeAnilistEntry *x = *(const KeikaFakeAnilistEntry * const *) a;
  const KeikaFakeAnilistEntry *y = *(const KeikaFakeAnilistEntry * const *) b;

  if (x->updated_at != y->updated_at)
    return x->updated_at > y->updated_at ? -1 : 1;

  return (x->id > y->id) - (x->id < y->id);
}

static GPtrArray *
newest_first (Fixture    *f,
              const char *user)
{
  GPtrArray *entries = keika_fake_anilist_get_entries (f->anilist, user);

  g_ptr_array_sort (entries, compare_newest);

  return entries;
}

/* Pulls the changes since @since and checks they are exactly the entries
 * changed since then, each once, newest first. */
static void
assert_changes (Fixture    *f,
                gint64      since,
                guint       n_expected,
                gboolean    complete_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) newest = newest_first (f, "Aiko");
  g_autoptr(GHashTable) ids = g_hash_table_new (g_direct_hash, g_direct_equal);
  SiteTestPulled pulled = { 0, };
  gboolean complete = !complete_expected;
  guint n = 0;

  for (guint i = 0; i < newest->len; i++)
    n += ((const KeikaFakeAnilistEntry *) newest->pdata[i])->updated_at >= since;
  g_assert_cmpuint (n, ==, n_expected);

  g_assert_true (site_test_pull (f->site, NULL, since, &pulled, &complete, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (complete, ==, complete_expected);
  g_assert_cmpuint (pulled.entries->len, ==, n_expected);
  for (guint i = 0; i < pulled.entries->len; i++)
    {
      KeikaRemoteEntry *entry = g_ptr_array_index (pulled.entries, i);
      const KeikaFakeAnilistEntry *expected = newest->pdata[i];

      g_assert_true (g_hash_table_add (ids, GSIZE_TO_POINTER ((gsize) entry->anime_id)));
      g_assert_cmpint (entry->anime_id, ==, expected->media_id);
      g_assert_cmpint (entry->updated_at, >=, since);
      assert_entry_matches (f, entry, "Aiko");
    }
  site_test_pulled_clear (&pulled);
}

/* The Changes requests: (page, perPage) each, and the user. */
static void
assert_pages (Fixture     *f,
              const guint *pages,
              guint        n_pages)
{
  g_autoptr(GPtrArray) calls = get_calls (f, NULL);
  g_autofree char *aiko = user_id_text (f, "Aiko");

  g_assert_cmpuint (calls->len, ==, n_pages);
  for (guint i = 0; i < calls->len; i++)
    {
      Call *call = g_ptr_array_index (calls, i);
      g_autofree char *names = var_names (call);
      g_autofree char *user = g_strdup_printf ("%" G_GINT64_FORMAT, var_int (call, "userId"));

      g_assert_cmpstr (call->operation, ==, "Changes");
      g_assert_cmpstr (names, ==, "page,perPage,userId");
      g_assert_cmpstr (user, ==, aiko);
      g_assert_cmpint (var_int (call, "page"), ==, pages[2 * i]);
      g_assert_cmpint (var_int (call, "perPage"), ==, pages[2 * i + 1]);
      g_assert_nonnull (keika_fake_request_get_header (call->request, "Authorization"));
    }
  keika_fake_sites_clear_requests (f->fake);
}

static void
test_pull_incremental (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) newest = NULL;
  static const guint nothing[] = { 1, 25 };
  static const guint few[] = { 1, 25 };
  static const guint many[] = { 1, 25, 2, 25, 2, 50, 3, 50 };
  static const guint all[] = { 1, 25, 2, 25, 2, 50, 3, 50, 4, 50, 5, 50, 6, 50 };
  KeikaFakeAnilistEntry changed = { .media_id = 1, .status = "CURRENT", .score_raw = 71,
                                    .progress = 3 };
  gint64 latest, since;
  guint n;

  keika_fake_anilist_generate_entries (f->anilist, "Aiko", 300, 11);
  sign_in_directly (f, "Aiko");
  newest = newest_first (f, "Aiko");
  latest = ((const KeikaFakeAnilistEntry *) newest->pdata[0])->updated_at;

  /* Nothing changed since the last sync: one request of 25, nothing given. */
  assert_changes (f, latest + 1, 0, FALSE);
  assert_pages (f, nothing, 1);

  /* A few changes: one request. */
  since = ((const KeikaFakeAnilistEntry *) newest->pdata[9])->updated_at;
  for (n = 10; ((const KeikaFakeAnilistEntry *) newest->pdata[n])->updated_at == since; n++)
    ;
  assert_changes (f, since, n, FALSE);
  assert_pages (f, few, 1);

  /* More than 25: 25, then 25 to reach a page boundary of 50, then pages
   * of 50, to the first older entry. */
  since = ((const KeikaFakeAnilistEntry *) newest->pdata[129])->updated_at;
  for (n = 130; ((const KeikaFakeAnilistEntry *) newest->pdata[n])->updated_at == since; n++)
    ;
  assert_changes (f, since, n, FALSE);
  assert_pages (f, many, 4);

  /* Everything is newer: the list was read whole. */
  assert_changes (f, 1, 300, TRUE);
  assert_pages (f, all, 7);

  /* Changes on the site are seen, newest first. */
  changed.updated_at = latest + 100;
  keika_fake_anilist_add_entry (f->anilist, "Aiko", &changed);
  changed.media_id = 199;
  changed.updated_at = latest + 50;
  keika_fake_anilist_add_entry (f->anilist, "Aiko", &changed);
  g_clear_pointer (&newest, g_ptr_array_unref);
  assert_changes (f, latest + 1, 2, FALSE);
  assert_pages (f, few, 1);
}

/* Push */

static JsonObject *
var_object (Call       *call,
            const char *name)
{
  JsonObject *variables = call_vars (call);

  g_assert_true (json_object_has_member (variables, name));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (variables, name)));

  return json_object_get_object_member (variables, name);
}

/* A FuzzyDateInput as "year,month,day" with "null" for a null part. */
static char *
var_date (Call       *call,
          const char *name)
{
  JsonObject *date = var_object (call, name);
  g_autoptr(GString) text = g_string_new (NULL);
  static const char * const parts[] = { "year", "month", "day" };

  g_assert_cmpuint (json_object_get_size (date), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      JsonNode *part = json_object_get_member (date, parts[i]);

      g_assert_nonnull (part);
      if (i > 0)
        g_string_append_c (text, ',');
      if (JSON_NODE_HOLDS_NULL (part))
        g_string_append (text, "null");
      else
        g_string_append_printf (text, "%" G_GINT64_FORMAT, json_node_get_int (part));
    }

  return g_strdup (text->str);
}

static Call *
last_save (Fixture    *f,
           GPtrArray **keep)
{
  g_clear_pointer (keep, g_ptr_array_unref);
  *keep = get_calls (f, "Save");

  return last_call (*keep);
}

static void
test_push (Fixture       *f,
           gconstpointer  data)
{
  static const struct
  {
    KeikaStatus  status;
    gboolean     rewatching;
    const char  *sent;
  } statuses[] = {
    { KEIKA_STATUS_WATCHING, FALSE, "CURRENT" },
    { KEIKA_STATUS_WATCHING, TRUE, "REPEATING" },
    { KEIKA_STATUS_COMPLETED, TRUE, "REPEATING" },
    { KEIKA_STATUS_COMPLETED, FALSE, "COMPLETED" },
    { KEIKA_STATUS_ON_HOLD, FALSE, "PAUSED" },
    { KEIKA_STATUS_DROPPED, FALSE, "DROPPED" },
    { KEIKA_STATUS_PLAN_TO_WATCH, FALSE, "PLANNING" },
  };
  KeikaFakeAnilistEntry start = { .media_id = 5114, .status = "CURRENT", .score_raw = 97,
                                  .progress = 10, .started_at = { 2024, 3, 0 },
                                  .notes = "keep", .updated_at = 1712000000 };
  g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (5114);
  g_autoptr(KeikaRemoteEntry) answer = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  const KeikaFakeAnilistEntry *entry;
  const char *notes = "  two spaces, “quotes” and a line break\nsecond line  \n";
  gint64 entry_id, created_id;
  Call *call;
  char *text;

  entry_id = keika_fake_anilist_add_entry (f->anilist, "Aiko", &start);
  sign_in_directly (f, "Aiko");

  /* Two fields changed: the entry's media and those two sent, by
   * AniList's names; fields AniList does not keep are not sent. */
  values->score = 85;
  values->progress = 30;
  values->status = KEIKA_STATUS_DROPPED;   /* not changed: not sent */
  values->notes = g_strdup ("not sent");
  values->tags = g_strsplit ("a,b", ",", -1);
  answer = site_test_push (f->site, values,
                           KEIKA_ENTRY_FIELD_SCORE | KEIKA_ENTRY_FIELD_PROGRESS |
                           KEIKA_ENTRY_FIELD_TAGS | KEIKA_ENTRY_FIELD_PRIORITY |
                           KEIKA_ENTRY_FIELD_FAVOURITE, &error);
  g_assert_no_error (error);
  call = last_save (f, &calls);
  g_assert_cmpuint (calls->len, ==, 1);
  text = var_names (call);
  g_assert_cmpstr (text, ==, "mediaId,progress,scoreRaw");
  g_free (text);
  g_assert_cmpint (var_int (call, "mediaId"), ==, 5114);
  g_assert_cmpint (var_int (call, "scoreRaw"), ==, 85);
  g_assert_cmpint (var_int (call, "progress"), ==, 30);
  g_assert_nonnull (keika_fake_request_get_header (call->request, "Authorization"));
  g_assert_cmpuint (call->request->ignored_fields->len, ==, 0);
  entry = keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 5114);
  g_assert_cmpuint (entry->score_raw, ==, 85);
  g_assert_cmpuint (entry->progress, ==, 30);
  g_assert_cmpstr (entry->status, ==, "CURRENT");
  g_assert_cmpstr (entry->notes, ==, "keep");

  /* The answer: the entry as AniList now has it, with its list-entry id. */
  g_assert_cmpint (answer->anime_id, ==, 5114);
  g_assert_cmpint (answer->entry_id, ==, entry_id);
  g_assert_cmpint (answer->known, ==, KEIKA_ANILIST_FIELDS);
  g_assert_cmpuint (answer->score, ==, 85);
  g_assert_cmpuint (answer->progress, ==, 30);
  g_assert_cmpint (answer->status, ==, KEIKA_STATUS_WATCHING);
  g_assert_cmpstr (answer->start_date, ==, "2024-03");
  g_assert_cmpstr (answer->notes, ==, "keep");
  g_assert_cmpint (answer->updated_at, ==, entry->updated_at);
  g_assert_cmpint (answer->site_ids[KEIKA_SITE_MAL], ==, 5114);
  g_assert_cmpstr (answer->title, ==, "Hagane no Renkinjutsushi: FULLMETAL ALCHEMIST");
  assert_entry_matches (f, answer, "Aiko");

  /* Statuses, rewatching as REPEATING. */
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_clear_pointer (&answer, keika_remote_entry_unref);
      values->status = statuses[i].status;
      values->rewatching = statuses[i].rewatching;
      answer = site_test_push (f->site, values,
                               KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_REWATCHING, &error);
      g_assert_no_error (error);
      call = last_save (f, &calls);
      text = var_names (call);
      g_assert_cmpstr (text, ==, "mediaId,status");
      g_free (text);
      g_assert_cmpstr (json_object_get_string_member (call_vars (call), "status"), ==,
                       statuses[i].sent);
      g_assert_cmpstr (keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 5114)->status, ==,
                       statuses[i].sent);
      g_assert_cmpstr (keika_anilist_status_name (answer->status, answer->rewatching), ==,
                       statuses[i].sent);
      g_assert_cmpint (answer->rewatching, ==, g_str_equal (statuses[i].sent, "REPEATING"));
    }

  /* Rewatching alone changed: the status carries it. */
  g_clear_pointer (&answer, keika_remote_entry_unref);
  values->status = KEIKA_STATUS_COMPLETED;
  values->rewatching = TRUE;
  answer = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_REWATCHING, &error);
  g_assert_no_error (error);
  call = last_save (f, &calls);
  g_assert_cmpstr (json_object_get_string_member (call_vars (call), "status"), ==, "REPEATING");
  g_assert_true (answer->rewatching);
  g_assert_cmpint (answer->status, ==, KEIKA_STATUS_WATCHING);

  /* Dates as FuzzyDateInput (a missing part null, no date all null),
   * notes exactly, repeat, private. */
  g_clear_pointer (&answer, keika_remote_entry_unref);
  g_free (values->start_date);
  values->start_date = g_strdup ("2021");
  values->finish_date = NULL;
  g_free (values->notes);
  values->notes = g_strdup (notes);
  values->rewatch_count = 3;
  values->private_ = TRUE;
  answer = site_test_push (f->site, values,
                           KEIKA_ENTRY_FIELD_START_DATE | KEIKA_ENTRY_FIELD_FINISH_DATE |
                           KEIKA_ENTRY_FIELD_NOTES | KEIKA_ENTRY_FIELD_REWATCH_COUNT |
                           KEIKA_ENTRY_FIELD_PRIVATE, &error);
  g_assert_no_error (error);
  call = last_save (f, &calls);
  text = var_names (call);
  g_assert_cmpstr (text, ==, "completedAt,mediaId,notes,private,repeat,startedAt");
  g_free (text);
  text = var_date (call, "startedAt");
  g_assert_cmpstr (text, ==, "2021,null,null");
  g_free (text);
  text = var_date (call, "completedAt");
  g_assert_cmpstr (text, ==, "null,null,null");
  g_free (text);
  g_assert_cmpstr (json_object_get_string_member (call_vars (call), "notes"), ==, notes);
  g_assert_true (json_object_get_boolean_member (call_vars (call), "private"));
  g_assert_cmpint (var_int (call, "repeat"), ==, 3);
  entry = keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 5114);
  g_assert_cmpuint (entry->started_at.year, ==, 2021);
  g_assert_cmpuint (entry->started_at.month, ==, 0);
  g_assert_cmpuint (entry->completed_at.year, ==, 0);
  g_assert_cmpstr (entry->notes, ==, notes);
  g_assert_true (entry->is_private);
  g_assert_cmpuint (entry->repeat, ==, 3);
  g_assert_cmpstr (answer->start_date, ==, "2021");
  g_assert_null (answer->finish_date);
  g_assert_cmpstr (answer->notes, ==, notes);
  g_assert_true (answer->private_);
  g_assert_cmpuint (answer->rewatch_count, ==, 3);

  /* Whole dates and a month; notes cleared; private off. */
  g_clear_pointer (&answer, keika_remote_entry_unref);
  g_free (values->start_date);
  values->start_date = g_strdup ("2021-03-07");
  values->finish_date = g_strdup ("2021-04");
  g_clear_pointer (&values->notes, g_free);
  values->private_ = FALSE;
  answer = site_test_push (f->site, values,
                           KEIKA_ENTRY_FIELD_START_DATE | KEIKA_ENTRY_FIELD_FINISH_DATE |
                           KEIKA_ENTRY_FIELD_NOTES | KEIKA_ENTRY_FIELD_PRIVATE, &error);
  g_assert_no_error (error);
  call = last_save (f, &calls);
  text = var_date (call, "startedAt");
  g_assert_cmpstr (text, ==, "2021,3,7");
  g_free (text);
  text = var_date (call, "completedAt");
  g_assert_cmpstr (text, ==, "2021,4,null");
  g_free (text);
  g_assert_cmpstr (json_object_get_string_member (call_vars (call), "notes"), ==, "");
  g_assert_false (json_object_get_boolean_member (call_vars (call), "private"));
  entry = keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 5114);
  g_assert_null (entry->notes);
  g_assert_false (entry->is_private);
  g_assert_cmpstr (answer->start_date, ==, "2021-03-07");
  g_assert_cmpstr (answer->finish_date, ==, "2021-04");
  g_assert_null (answer->notes);
  g_assert_false (answer->private_);

  /* A new entry (by mediaId), then an update of it: one entry, one id;
   * no request ever names an entry id. */
  g_assert_null (keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 9253));
  g_clear_pointer (&answer, keika_remote_entry_unref);
  g_clear_pointer (&values, keika_remote_entry_unref);
  values = keika_remote_entry_new (9253);
  values->status = KEIKA_STATUS_WATCHING;
  values->progress = 4;
  answer = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_PROGRESS,
                           &error);
  g_assert_no_error (error);
  entry = keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 9253);
  g_assert_nonnull (entry);
  created_id = entry->id;
  g_assert_cmpint (answer->entry_id, ==, created_id);
  g_assert_cmpint (answer->anime_id, ==, 9253);
  g_assert_cmpuint (answer->progress, ==, 4);
  g_assert_cmpuint (keika_fake_anilist_get_n_entries (f->anilist, "Aiko"), ==, 2);
  g_clear_pointer (&answer, keika_remote_entry_unref);
  values->score = 90;
  answer = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_SCORE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (answer->entry_id, ==, created_id);
  g_assert_cmpuint (answer->score, ==, 90);
  g_assert_cmpuint (answer->progress, ==, 4);
  g_assert_cmpuint (keika_fake_anilist_get_n_entries (f->anilist, "Aiko"), ==, 2);
  g_clear_pointer (&calls, g_ptr_array_unref);
  calls = get_calls (f, "Save");
  for (guint i = 0; i < calls->len; i++)
    g_assert_false (json_object_has_member (call_vars (g_ptr_array_index (calls, i)), "id"));

  /* Nothing AniList keeps changed: nothing sent. */
  keika_fake_sites_clear_requests (f->fake);
  g_clear_pointer (&answer, keika_remote_entry_unref);
  answer = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_TAGS | KEIKA_ENTRY_FIELD_FAVOURITE,
                           &error);
  g_assert_no_error (error);
  g_assert_cmpint (answer->known, ==, 0);
  g_assert_cmpuint (count_calls (f, NULL), ==, 0);
  g_assert_cmpuint (keika_fake_sites_count_ignored_fields (f->fake, "anilist"), ==, 0);
}

/* Raw scores 0–100 survive a push and a pull, whatever format the user
 * shows scores in. */
static void
test_push_score_round_trip (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) catalog = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  SiteTestPulled pulled = { 0, };

  keika_fake_sites_generate_catalog (f->fake, 110, 5);
  catalog = keika_fake_sites_get_catalog (f->fake);
  for (guint i = 0; i < catalog->len && ids->len < 101; i++)
    {
      const KeikaFakeCatalogAnime *anime = g_ptr_array_index (catalog, i);

      if (anime->anilist_id >= 1000000)
        g_array_append_val (ids, anime->anilist_id);
    }
  g_assert_cmpuint (ids->len, ==, 101);
  keika_fake_anilist_set_score_format (f->anilist, "Aiko", "POINT_3");
  sign_in_directly (f, "Aiko");

  for (guint raw = 0; raw <= 100; raw++)
    {
      gint64 id = g_array_index (ids, gint64, raw);
      g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (id);
      g_autoptr(KeikaRemoteEntry) answer = NULL;
      g_autoptr(GPtrArray) calls = NULL;

      values->status = KEIKA_STATUS_COMPLETED;
      values->score = raw;
      answer = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_SCORE,
                               &error);
      g_assert_no_error (error);
      g_assert_cmpuint (answer->score, ==, raw);
      calls = get_calls (f, "Save");
      g_assert_cmpint (var_int (last_call (calls), "scoreRaw"), ==, raw);
    }

  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (pulled.entries->len, ==, 101);
      for (guint raw = 0; raw <= 100; raw++)
        {
          KeikaRemoteEntry *entry = find_pulled (&pulled, g_array_index (ids, gint64, raw));

          g_assert_nonnull (entry);
          g_assert_cmpuint (entry->score, ==, raw);
          g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->anilist, "Aiko",
                                                             entry->anime_id)->score_raw, ==, raw);
        }

      /* Pushed back as pulled: unchanged (no drift). */
      for (guint i = 0; round == 0 && i < pulled.entries->len; i++)
        {
          g_autoptr(KeikaRemoteEntry) answer = NULL;

          answer = site_test_push (f->site, g_ptr_array_index (pulled.entries, i),
                                   KEIKA_ENTRY_FIELD_SCORE, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (answer->score, ==,
                            ((KeikaRemoteEntry *) g_ptr_array_index (pulled.entries, i))->score);
        }
      site_test_pulled_clear (&pulled);
    }
}

/* Delete */

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(KeikaAnilistSite) nameless = NULL;
  g_autofree char *aiko = NULL;
  g_autofree char *user = NULL;
  g_autofree char *names = NULL;
  gint64 death_note, fma;
  Call *call;

  keika_fake_anilist_add_sample_entries (f->anilist, "Aiko");
  keika_fake_anilist_add_sample_entries (f->anilist, "Bea");
  sign_in_directly (f, "Aiko");
  aiko = user_id_text (f, "Aiko");
  death_note = keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 1535)->id;
  fma = keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 5114)->id;

  /* By its list-entry id: one request. */
  g_assert_true (site_test_delete (f->site, 1535, death_note, &error));
  g_assert_no_error (error);
  g_assert_null (keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 1535));
  g_assert_nonnull (keika_fake_anilist_lookup_entry (f->anilist, "Bea", 1535));
  calls = get_calls (f, NULL);
  g_assert_cmpuint (calls->len, ==, 1);
  call = last_call (calls);
  g_assert_cmpstr (call->operation, ==, "Delete");
  names = var_names (call);
  g_assert_cmpstr (names, ==, "id");
  g_assert_cmpint (var_int (call, "id"), ==, death_note);
  g_assert_nonnull (keika_fake_request_get_header (call->request, "Authorization"));

  /* Without it: looked up on the user's list (Entry), then deleted. */
  keika_fake_sites_clear_requests (f->fake);
  g_clear_pointer (&calls, g_ptr_array_unref);
  g_assert_true (site_test_delete (f->site, 5114, 0, &error));
  g_assert_no_error (error);
  g_assert_null (keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 5114));
  g_assert_nonnull (keika_fake_anilist_lookup_entry (f->anilist, "Bea", 5114));
  calls = get_calls (f, NULL);
  g_assert_cmpuint (calls->len, ==, 2);
  call = g_ptr_array_index (calls, 0);
  g_assert_cmpstr (call->operation, ==, "Entry");
  g_assert_cmpint (var_int (call, "mediaId"), ==, 5114);
  user = g_strdup_printf ("%" G_GINT64_FORMAT, var_int (call, "userId"));
  g_assert_cmpstr (user, ==, aiko);
  call = g_ptr_array_index (calls, 1);
  g_assert_cmpstr (call->operation, ==, "Delete");
  g_assert_cmpint (var_int (call, "id"), ==, fma);

  /* Not on the list (any more): done, with the look-up only. */
  keika_fake_sites_clear_requests (f->fake);
  g_clear_pointer (&calls, g_ptr_array_unref);
  g_assert_true (site_test_delete (f->site, 5114, 0, &error));
  g_assert_no_error (error);
  calls = get_calls (f, NULL);
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpstr (last_call (calls)->operation, ==, "Entry");

  /* A list-entry id that is gone: AniList's 404 counts as deleted. */
  keika_fake_sites_clear_requests (f->fake);
  g_clear_pointer (&calls, g_ptr_array_unref);
  g_assert_true (site_test_delete (f->site, 1535, death_note, &error));
  g_assert_no_error (error);
  calls = get_calls (f, "Delete");
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpuint (last_call (calls)->request->status, ==, 404);
  g_assert_cmpuint (keika_fake_anilist_get_n_entries (f->anilist, "Aiko"), ==, 10);
  g_assert_cmpuint (keika_fake_anilist_get_n_entries (f->anilist, "Bea"), ==, 12);

  /* No id at all, and no sign-in. */
  g_assert_false (site_test_delete (f->site, 0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  nameless = new_site (f, NULL);
  g_assert_false (site_test_delete (nameless, 1, 0, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  remember_error (f, error);
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
  g_assert_nonnull (strstr (error->message, "AniList"));
  remember_error (f, error);
  site_test_pulled_clear (&pulled);
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (1);
  g_autoptr(KeikaRemoteEntry) answer = NULL;
  SiteTestPulled pulled = { 0, };
  KeikaFakeRequest *refused, *next;
  const KeikaFakeAnilistEntry *bebop;

  keika_fake_anilist_generate_entries (f->anilist, "Aiko", 600, 3);
  sign_in_directly (f, "Aiko");

  /* errors[] with HTTP 200 and data null: the message AniList gave. */
  keika_fake_anilist_fail_next_with_200 (f->anilist, "Internal Server Error: try again later", 1);
  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SERVER_ERROR);
  g_assert_nonnull (strstr (error->message, "Internal Server Error: try again later"));
  remember_error (f, error);
  g_clear_error (&error);
  site_test_pulled_clear (&pulled);
  keika_fake_anilist_fail_next_with_200 (f->anilist, "Hmm, something went wrong", 1);
  values->status = KEIKA_STATUS_WATCHING;
  g_assert_null (site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SERVER_ERROR);
  g_assert_nonnull (strstr (error->message, "Hmm, something went wrong"));
  remember_error (f, error);
  g_clear_error (&error);

  /* 429 with Retry-After: KeikaHttpClient waits it out (it is within its
   * maximum wait) and sends again; nothing arrives too early. */
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "anilist-api", NULL, KEIKA_FAKE_FAULT_RATE_LIMIT, 1, 1);
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 600);
  site_test_pulled_clear (&pulled);
  requests = keika_fake_sites_get_requests (f->fake, "anilist-api", NULL);
  g_assert_cmpuint (requests->len, ==, 3);
  refused = requests->pdata[0];
  next = requests->pdata[1];
  g_assert_cmpuint (refused->status, ==, 429);
  g_assert_cmpuint (next->status, ==, 200);
  g_assert_cmpint (next->time - refused->answer_time, >=, G_USEC_PER_SEC);
  g_assert_cmpuint (keika_fake_sites_count_too_early (f->fake, "anilist"), ==, 0);
  g_clear_pointer (&requests, g_ptr_array_unref);

  /* A wait longer than the client's maximum reaches the user, with it. */
  keika_http_client_set_max_wait (f->client, 1);
  keika_fake_sites_inject (f->fake, "anilist-api", NULL, KEIKA_FAKE_FAULT_RATE_LIMIT, 2, 1);
  g_assert_null (site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_RATE_LIMITED);
  g_assert_cmpuint (keika_error_get_retry_after (error), ==, 2);
  remember_error (f, error);
  g_clear_error (&error);
  keika_http_client_set_max_wait (f->client, 60);

  /* A web page instead of data, with 200 or 503. */
  keika_fake_sites_inject (f->fake, "anilist-api", NULL, KEIKA_FAKE_FAULT_HTML, 0, 1);
  assert_pull_fails (f, KEIKA_ERROR_NOT_DATA);
  keika_fake_sites_inject (f->fake, "anilist-api", NULL, KEIKA_FAKE_FAULT_HTML, 503, 3);
  assert_pull_fails (f, KEIKA_ERROR_NOT_DATA);
  keika_fake_sites_inject (f->fake, "anilist-api", NULL, KEIKA_FAKE_FAULT_HTML, 0, 1);
  g_assert_null (site_test_get_user (f->site, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_NOT_DATA);
  g_clear_error (&error);

  /* Cut or broken JSON. */
  keika_fake_sites_inject (f->fake, "anilist-api", NULL, KEIKA_FAKE_FAULT_TRUNCATED_JSON, 0, 1);
  assert_pull_fails (f, KEIKA_ERROR_MALFORMED);
  keika_fake_sites_inject (f->fake, "anilist-api", NULL, KEIKA_FAKE_FAULT_MALFORMED_JSON, 0, 1);
  g_assert_null (site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_MALFORMED);
  g_clear_error (&error);

  /* 500 every time: three tries (AniList's requests may be sent again),
   * then the error. */
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "anilist-api", NULL, KEIKA_FAKE_FAULT_SERVER_ERROR, 500, 3);
  assert_pull_fails (f, KEIKA_ERROR_SERVER_ERROR);
  g_assert_cmpuint (count_calls (f, "Collection"), ==, 3);

  /* Values AniList refuses: its validation error names the field. */
  bebop = keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 1);
  g_assert_nonnull (bebop);
  g_clear_pointer (&values->notes, g_free);
  values->notes = g_strnfill (2001, 'x');
  g_assert_null (site_test_push (f->site, values, KEIKA_ENTRY_FIELD_NOTES, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_REJECTED);
  g_assert_cmpuint (keika_error_get_http_status (error), ==, 400);
  g_assert_nonnull (strstr (error->message, "notes"));
  g_assert_nonnull (strstr (error->message, "2000 characters"));
  site_test_assert_refused_field (f->site, error, KEIKA_ENTRY_FIELD_NOTES, "2000 characters");
  remember_error (f, error);
  g_clear_error (&error);
  values->start_date = g_strdup ("2024-13-40");
  g_assert_null (site_test_push (f->site, values, KEIKA_ENTRY_FIELD_START_DATE, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "startedAt.month"));
  g_assert_nonnull (strstr (error->message, "startedAt.day"));
  site_test_assert_refused_field (f->site, error, KEIKA_ENTRY_FIELD_START_DATE, "month");
  remember_error (f, error);
  g_clear_error (&error);
  bebop = keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 1);
  g_assert_cmpuint (bebop->started_at.month, !=, 13);
  g_assert_true (bebop->notes == NULL || strlen (bebop->notes) < 2001);

  /* A crafted raw score over 100 is sent as AniList's highest. */
  values->score = 101;
  answer = site_test_push (f->site, values, KEIKA_ENTRY_FIELD_SCORE, &error);
  g_assert_no_error (error);
  calls = get_calls (f, "Save");
  g_assert_cmpint (var_int (last_call (calls), "scoreRaw"), ==, 100);
  g_assert_cmpuint (answer->score, ==, 100);

  /* After all that, it works. */
  keika_fake_sites_clear_faults (f->fake);
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 600);
  site_test_pulled_clear (&pulled);
}

/* AniList tokens cannot be renewed: one AniList refuses is the end of the
 * sign-in. */
static void
test_token_expired (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (1);
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *old = NULL;
  SiteTestPulled pulled = { 0, };
  guint valid;

  keika_fake_anilist_add_sample_entries (f->anilist, "Aiko");
  sign_in_directly (f, "Aiko");
  profile = site_test_get_user (f->site, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "Aiko");
  g_clear_object (&profile);

  /* AniList refuses the token: SIGNED_OUT, sent once, nothing renewed. */
  keika_fake_anilist_expire_tokens (f->anilist);
  valid = keika_fake_anilist_count_valid_tokens (f->anilist);
  g_assert_cmpuint (valid, ==, 0);
  keika_fake_sites_clear_requests (f->fake);
  profile = site_test_get_user (f->site, &error);
  g_assert_null (profile);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  remember_error (f, error);
  g_clear_error (&error);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, "anilist", NULL), ==, 1);
  g_assert_cmpuint (keika_fake_anilist_count_valid_tokens (f->anilist), ==, 0);

  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  remember_error (f, error);
  g_clear_error (&error);
  site_test_pulled_clear (&pulled);
  values->status = KEIKA_STATUS_DROPPED;
  g_assert_null (site_test_push (f->site, values, KEIKA_ENTRY_FIELD_STATUS, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  remember_error (f, error);
  g_clear_error (&error);
  g_assert_cmpstr (keika_fake_anilist_lookup_entry (f->anilist, "Aiko", 1)->status, ==,
                   "COMPLETED");
  calls = get_calls (f, NULL);
  for (guint i = 0; i < calls->len; i++)
    g_assert_cmpuint (((Call *) g_ptr_array_index (calls, i))->request->status, ==, 401);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, "anilist-auth", NULL), ==, 0);

  /* Refused in the middle of a request (the fault expires it just before
   * AniList reads it). */
  sign_in_directly (f, "Aiko");
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "anilist-api", NULL, KEIKA_FAKE_FAULT_EXPIRED_TOKEN, 0, 1);
  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  g_clear_error (&error);
  site_test_pulled_clear (&pulled);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, "anilist", NULL), ==, 1);

  /* A token whose end (its JWT's exp) has passed is not even sent. */
  old = keika_fake_anilist_issue_token (f->anilist, "Aiko", 0);
  keika_anilist_site_set_token (f->site, old);
  g_assert_cmpint (keika_site_base_get_token_expiry (KEIKA_SITE_BASE (f->site)), <=,
                   g_get_real_time () / G_USEC_PER_SEC);
  keika_fake_sites_clear_requests (f->fake);
  profile = site_test_get_user (f->site, &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  g_clear_error (&error);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, NULL, NULL), ==, 0);
}

/* Finding the anime of MyAnimeList ids */

static void
test_find_anime (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) catalog = NULL;
  g_autoptr(GPtrArray) anime = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  guint misses = 0, no_mal = 0;
  gint64 zero = 0;

  keika_fake_sites_generate_catalog (f->fake, 130, 9);
  catalog = keika_fake_sites_get_catalog (f->fake);
  for (guint i = 0; i < catalog->len; i++)
    {
      const KeikaFakeCatalogAnime *item = g_ptr_array_index (catalog, i);
      KeikaAnime *a = keika_anime_new (item->romaji);

      if (item->mal_id != 0)
        {
          keika_anime_set_site_id (a, KEIKA_SITE_MAL, item->mal_id);
          g_array_append_val (sent, item->mal_id);
          misses += item->anilist_id == 0;
          g_array_append_val (expected, item->anilist_id);
        }
      else
        {
          /* No MyAnimeList id: not asked for. */
          no_mal++;
          g_array_append_val (expected, zero);
        }
      g_ptr_array_add (anime, a);

      /* A MyAnimeList id no site has, now and then. */
      if (i % 40 == 20)
        {
          gint64 unknown = 9000000 + i;

          a = keika_anime_new ("Unknown");
          keika_anime_set_site_id (a, KEIKA_SITE_MAL, unknown);
          g_ptr_array_add (anime, a);
          g_array_append_val (sent, unknown);
          g_array_append_val (expected, zero);
          misses++;
        }
    }
  g_assert_cmpuint (misses, >, 3);
  g_assert_cmpuint (no_mal, >, 1);
  g_assert_cmpuint (sent->len, >, 100);

  keika_site_service_find_anime_async (KEIKA_SITE_SERVICE (f->site), anime, NULL,
                                       test_store_result_cb, &result);
  found = keika_site_service_find_anime_finish (KEIKA_SITE_SERVICE (f->site),
                                                test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, anime->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (g_array_index (found, gint64, i), ==, g_array_index (expected, gint64, i));
  /* The built-in anime whose ids differ between the sites. */
  g_assert_cmpint (g_array_index (found, gint64, 8), ==, 21004);
  g_assert_cmpint (g_array_index (found, gint64, 10), ==, 154587);

  /* At most 50 ids a request, each MyAnimeList id asked once, in order; a
   * public read. */
  calls = get_calls (f, NULL);
  g_assert_cmpuint (calls->len, ==, (sent->len + 49) / 50);
  for (guint i = 0, n = 0; i < calls->len; i++)
    {
      Call *call = g_ptr_array_index (calls, i);
      JsonArray *ids = json_object_get_array_member (call_vars (call), "ids");

      g_assert_cmpstr (call->operation, ==, "ByMalId");
      g_assert_cmpuint (json_array_get_length (ids), <=, 50);
      g_assert_cmpint (var_int (call, "perPage"), ==, 50);
      g_assert_null (keika_fake_request_get_header (call->request, "Authorization"));
      for (guint j = 0; j < json_array_get_length (ids); j++, n++)
        g_assert_cmpint (json_array_get_int_element (ids, j), ==, g_array_index (sent, gint64, n));
      if (i + 1 == calls->len)
        g_assert_cmpuint (n, ==, sent->len);
    }

  /* Nothing to look up: no request. */
  keika_fake_sites_clear_requests (f->fake);
  g_clear_object (&result);
  g_clear_pointer (&found, g_array_unref);
  g_ptr_array_set_size (anime, 0);
  g_ptr_array_add (anime, keika_anime_new ("No ids"));
  keika_site_service_find_anime_async (KEIKA_SITE_SERVICE (f->site), anime, NULL,
                                       test_store_result_cb, &result);
  found = keika_site_service_find_anime_finish (KEIKA_SITE_SERVICE (f->site),
                                                test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, 0);
  g_assert_cmpuint (count_calls (f, NULL), ==, 0);
}

/* Search */

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  KeikaAnime *anime;
  Call *call;

  sign_in_directly (f, "Aiko");
  found = site_test_search (f->site, "  frieren ", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  anime = g_ptr_array_index (found, 0);
  g_assert_true (KEIKA_IS_ANIME (anime));
  g_assert_cmpint (keika_anime_get_site_id (anime, KEIKA_SITE_ANILIST), ==, 154587);
  g_assert_cmpint (keika_anime_get_site_id (anime, KEIKA_SITE_MAL), ==, 52991);
  g_assert_cmpstr (keika_anime_get_title_romaji (anime), ==, "Sousou no Frieren");
  g_assert_cmpstr (keika_anime_get_title_english (anime), ==, "Frieren: Beyond Journey’s End");
  g_assert_cmpuint (keika_anime_get_episodes (anime), ==, 28);
  g_assert_cmpuint (keika_anime_get_season_year (anime), ==, 2023);
  calls = get_calls (f, "Search");
  call = last_call (calls);
  g_assert_cmpstr (json_object_get_string_member (call_vars (call), "search"), ==, "frieren");
  g_assert_cmpint (var_int (call, "perPage"), ==, 10);
  /* A public read: no token even when signed in. */
  g_assert_null (keika_fake_request_get_header (call->request, "Authorization"));

  /* Several; the limit is AniList's page at most. */
  g_clear_pointer (&found, g_ptr_array_unref);
  found = site_test_search (f->site, "monogatari", 500, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 1);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (keika_anime_get_site_id (g_ptr_array_index (found, i), KEIKA_SITE_ANILIST),
                     >, 0);
  g_clear_pointer (&calls, g_ptr_array_unref);
  calls = get_calls (f, "Search");
  g_assert_cmpint (var_int (last_call (calls), "perPage"), ==, 50);

  /* Nothing to look for: no request. */
  keika_fake_sites_clear_requests (f->fake);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = site_test_search (f->site, "   ", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_cmpuint (count_calls (f, NULL), ==, 0);
}

/* Rate */

static void
test_rate (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[6] = { NULL, };
  gint64 span;

  /* The fake limits AniList to 30 requests a minute (its "degraded" mode);
   * Keika spaces its own: at 600 a minute, one every 100 ms. */
  sign_in_directly (f, "Aiko");
  keika_site_base_set_rate (KEIKA_SITE_BASE (f->site), 600);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    keika_site_service_get_user_async (KEIKA_SITE_SERVICE (f->site), NULL, test_store_result_cb,
                                       &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(KeikaProfile) profile = NULL;

      profile = keika_site_service_get_user_finish (KEIKA_SITE_SERVICE (f->site),
                                                    test_wait_for (&results[i]), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (keika_profile_get_name (profile), ==, "Aiko");
      g_clear_object (&results[i]);
    }

  requests = keika_fake_sites_get_requests (f->fake, "anilist-api", NULL);
  g_assert_cmpuint (requests->len, ==, G_N_ELEMENTS (results));
  for (guint i = 1; i < requests->len; i++)
    {
      KeikaFakeRequest *previous = requests->pdata[i - 1];
      KeikaFakeRequest *request = requests->pdata[i];

      /* 100 ms apart, give or take the way from Keika to the fake. */
      g_assert_cmpint (request->time - previous->time, >=, 80 * 1000);
      g_assert_cmpuint (request->status, ==, 200);
    }
  span = ((KeikaFakeRequest *) requests->pdata[requests->len - 1])->time -
         ((KeikaFakeRequest *) requests->pdata[0])->time;
  g_assert_cmpint (span, >=, 480 * 1000);
  g_assert_cmpint (span, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (keika_fake_sites_count_too_early (f->fake, "anilist"), ==, 0);

  /* A site as Keika makes it: AniList's 30 a minute, one every 2 s. */
  g_clear_object (&f->site);
  f->site = keika_anilist_site_new (KEIKA_FAKE_ANILIST_CLIENT_ID, NULL);
  keika_site_base_set_http_client (KEIKA_SITE_BASE (f->site), f->client);
  sign_in_directly (f, "Aiko");
  keika_fake_sites_clear_requests (f->fake);
  for (guint i = 0; i < 2; i++)
    keika_site_service_get_user_async (KEIKA_SITE_SERVICE (f->site), NULL, test_store_result_cb,
                                       &results[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(KeikaProfile) profile = NULL;

      profile = keika_site_service_get_user_finish (KEIKA_SITE_SERVICE (f->site),
                                                    test_wait_for (&results[i]), &error);
      g_assert_no_error (error);
      g_clear_object (&results[i]);
    }
  g_clear_pointer (&requests, g_ptr_array_unref);
  requests = keika_fake_sites_get_requests (f->fake, "anilist-api", NULL);
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_cmpint (((KeikaFakeRequest *) requests->pdata[1])->time -
                   ((KeikaFakeRequest *) requests->pdata[0])->time, >=, 1900 * 1000);
}

/* No secret in the logs */

static void
test_no_secret_in_logs (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SiteTestPage) authorize = NULL;
  g_autoptr(SiteTestPage) landing = NULL;
  g_autoptr(SiteTestPage) posted = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *state = NULL;
  g_autofree char *log = NULL;
  g_auto(GStrv) secrets = NULL;
  SiteTestPulled pulled = { 0, };

  if (!site_test_keyring_works ())
    return;

  keika_fake_anilist_generate_entries (f->anilist, "Aiko", 520, 4);
  keika_fake_anilist_set_browser_user (f->anilist, "Aiko");

  /* A sign-in through the browser… */
  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  state = site_test_query_param (uri, "state");
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, NULL,
                                             test_store_result_cb, &result);
  authorize = site_test_browse (uri);
  landing = site_test_browse (authorize->location);
  posted = post_fragment (authorize->location);
  g_assert_cmpuint (posted->status, ==, 200);
  profile = keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                        test_wait_for (&result), &error);
  g_assert_no_error (error);

  /* … a pull, a refused paste, an expired token. */
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 520);
  site_test_pulled_clear (&pulled);
  g_clear_object (&profile);
  profile = site_test_complete_sign_in (f->site, "x.y.z", &error);
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
  remember_error (f, error);
  g_clear_error (&error);
  keika_fake_anilist_expire_tokens (f->anilist);
  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  remember_error (f, error);
  site_test_pulled_clear (&pulled);

  /* Keika logged the work (with G_MESSAGES_DEBUG=all)… */
  log = site_test_log_since (f->log_start);
  g_assert_nonnull (strstr (log, "KeikaNet: POST 127.0.0.1"));
  g_assert_nonnull (strstr (log, "KeikaSites: AniList: signed in"));
  g_assert_nonnull (strstr (log, "KeikaSites: AniList pull"));

  /* … and never a token nor the state. */
  secrets = keika_fake_anilist_dup_secrets (f->anilist);
  g_assert_cmpuint (g_strv_length (secrets), >=, 1);
  for (guint i = 0; secrets[i] != NULL; i++)
    g_assert_null (strstr (log, secrets[i]));
  g_assert_null (strstr (log, state));
  for (guint i = 0; i < f->messages->len; i++)
    g_assert_null (strstr (g_ptr_array_index (f->messages, i), state));
}

/* Sign-in: the port taken, a sign-in never begun, no client id */

static void
test_sign_in_port_in_use (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSocketService) squatter = g_socket_service_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SiteTestPage) authorize = NULL;
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(KeikaAnilistSite) nameless = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *redirect = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *token = NULL;
  guint16 port;

  if (!site_test_keyring_works ())
    return;

  /* Another program holds the registered port: the redirect stays the
   * registered address (AniList takes no other); the browser shows it, with
   * the token in its fragment, and the person pastes that. */
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (squatter), NULL, &error);
  g_assert_no_error (error);
  keika_site_service_configure (KEIKA_SITE_SERVICE (f->site), KEIKA_FAKE_ANILIST_CLIENT_ID, port);
  g_assert_cmpuint (keika_anilist_site_get_redirect_port (f->site), ==, port);
  expected = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  redirect = keika_site_service_dup_redirect_uri (KEIKA_SITE_SERVICE (f->site));
  g_assert_cmpstr (redirect, ==, expected);
  g_clear_pointer (&redirect, g_free);

  uri = keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (f->site), &error);
  g_assert_no_error (error);
  redirect = site_test_query_param (uri, "redirect_uri");
  g_assert_cmpstr (redirect, ==, expected);
  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (f->site), NULL, NULL,
                                             test_store_result_cb, &result);
  g_assert_null (keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (f->site),
                                                             test_wait_for (&result), &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_PORT_IN_USE);
  remember_error (f, error);
  g_clear_error (&error);

  authorize = site_test_browse (uri);
  g_assert_cmpuint (authorize->status, ==, 302);
  g_assert_true (g_str_has_prefix (authorize->location, expected));
  token = fragment_param (authorize->location, "access_token");
  g_assert_nonnull (token);
  profile = site_test_complete_sign_in (f->site, authorize->location, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "KeikaTester");

  /* Completing a sign-in that was never begun, without anything pasted. */
  nameless = new_site (f, NULL);
  g_assert_null (site_test_complete_sign_in (nameless, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED);
  g_clear_error (&error);

  /* No client id: nothing to sign in with. */
  keika_anilist_site_set_client_id (nameless, "  ");
  g_assert_cmpstr (keika_anilist_site_get_client_id (nameless), ==, "");
  g_assert_null (keika_site_service_begin_sign_in (KEIKA_SITE_SERVICE (nameless), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
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
  g_autoptr(GError) error = NULL;
  SiteTestPulled pulled = { 0, };
  gint64 started;

  keika_fake_anilist_generate_entries (f->anilist, "Aiko", 800, 2);
  sign_in_directly (f, "Aiko");

  /* During a slow chunk. */
  keika_fake_sites_inject (f->fake, "anilist-api", NULL, KEIKA_FAKE_FAULT_SLOW, 3000, 1);
  g_timeout_add (100, cancel_cb, cancellable);
  started = g_get_monotonic_time ();
  g_assert_false (site_test_pull (f->site, NULL, 0, &pulled, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);
  g_assert_cmpuint (pulled.pages, ==, 0);
  g_clear_error (&error);
  site_test_pulled_clear (&pulled);

  /* Afterwards, it works. */
  keika_fake_sites_clear_faults (f->fake);
  g_assert_true (site_test_pull (f->site, NULL, 0, &pulled, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulled.entries->len, ==, 800);
  site_test_pulled_clear (&pulled);
}

/* What the site is, and its configuration */

static void
test_configuration (void)
{
  g_autoptr(KeikaAnilistSite) site = NULL;
  g_autofree char *redirect = NULL;

  site = keika_anilist_site_new (" 4242 ", "5400001");
  g_assert_cmpstr (keika_anilist_site_get_client_id (site), ==, "4242");
  g_assert_cmpstr (keika_site_base_get_account (KEIKA_SITE_BASE (site)), ==, "5400001");
  g_assert_null (keika_site_base_get_user_name (KEIKA_SITE_BASE (site)));
  g_assert_cmpint (keika_site_service_get_site (KEIKA_SITE_SERVICE (site)), ==,
                   KEIKA_SITE_ANILIST);
  g_assert_cmpint (keika_site_service_get_sign_in_kind (KEIKA_SITE_SERVICE (site)), ==,
                   KEIKA_SIGN_IN_BROWSER);
  /* No tags (AniList's custom lists are not tags), no priority (another
   * scale), no favourite (per anime on AniList, not per entry). */
  g_assert_cmpint (keika_site_service_get_supported_fields (KEIKA_SITE_SERVICE (site)), ==,
                   KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_SCORE |
                   KEIKA_ENTRY_FIELD_PROGRESS | KEIKA_ENTRY_FIELD_REWATCHING |
                   KEIKA_ENTRY_FIELD_REWATCH_COUNT | KEIKA_ENTRY_FIELD_START_DATE |
                   KEIKA_ENTRY_FIELD_FINISH_DATE | KEIKA_ENTRY_FIELD_NOTES |
                   KEIKA_ENTRY_FIELD_PRIVATE);
  g_assert_cmpint (keika_anilist_site_get_score_format (site), ==, KEIKA_SCORE_FORMAT_POINT_100);
  g_assert_cmpint (keika_site_base_get_token_expiry (KEIKA_SITE_BASE (site)), ==, 0);
  keika_anilist_site_set_redirect_port (site, 8459);
  redirect = keika_anilist_site_dup_redirect_uri (site);
  g_assert_cmpstr (redirect, ==, "http://127.0.0.1:8459/callback");
}

/* Answers of odd shapes: no crash, MALFORMED or the fields left unknown. */

static KeikaJsonDoc *
parse_doc (const char *json)
{
  g_autoptr(GError) error = NULL;
  KeikaJsonDoc *doc = keika_json_doc_parse (json, strlen (json), &error);

  g_assert_no_error (error);

  return doc;
}

static KeikaRemoteEntry *
parse_entry (const char *json)
{
  g_autoptr(KeikaJsonDoc) doc = parse_doc (json);

  return keika_anilist_parse_entry (keika_json_doc_get_root (doc));
}

static void
test_parse_defensive (void)
{
  g_autoptr(KeikaRemoteEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(KeikaJsonDoc) root = NULL;
  KeikaScoreFormat format = KEIKA_SCORE_FORMAT_POINT_100;
  const char * const no_entries[] = {
    "{}", "{\"id\": 0, \"mediaId\": 5}", "{\"id\": \"7\", \"mediaId\": 5}",
    "{\"id\": 7}", "{\"id\": 7, \"media\": {\"id\": -1}}", "[]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (no_entries); i++)
    g_assert_null (parse_entry (no_entries[i]));

  /* The media missing: the mediaId names the anime; wrong types are
   * unknown; dates that are not dates are none. */
  entry = parse_entry ("{\"id\": 7, \"mediaId\": 5, \"status\": \"WATCHING\", \"score\": 150.5,"
                       " \"progress\": -3, \"repeat\": \"2\", \"private\": 1, \"notes\": null,"
                       " \"startedAt\": {\"year\": 2021, \"month\": 2, \"day\": 30},"
                       " \"completedAt\": {\"year\": null, \"month\": 4, \"day\": 1},"
                       " \"updatedAt\": \"yesterday\"}");
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->anime_id, ==, 5);
  g_assert_cmpint (entry->entry_id, ==, 7);
  g_assert_cmpstr (entry->title, ==, "");
  g_assert_cmpint (entry->known, ==, KEIKA_ENTRY_FIELD_SCORE | KEIKA_ENTRY_FIELD_PROGRESS |
                   KEIKA_ENTRY_FIELD_NOTES | KEIKA_ENTRY_FIELD_START_DATE |
                   KEIKA_ENTRY_FIELD_FINISH_DATE);
  g_assert_cmpuint (entry->score, ==, 100);
  g_assert_cmpuint (entry->progress, ==, 0);
  g_assert_null (entry->notes);
  g_assert_cmpstr (entry->start_date, ==, "2021-02");
  g_assert_null (entry->finish_date);
  g_assert_cmpint (entry->updated_at, ==, 0);
  g_clear_pointer (&entry, keika_remote_entry_unref);

  entry = parse_entry ("{\"id\": 8, \"media\": {\"id\": 9, \"idMal\": null, \"title\":"
                       " {\"romaji\": \"\", \"english\": null, \"native\": \"ネイティブ\"},"
                       " \"episodes\": -1, \"format\": \"NOVEL\", \"season\": 3,"
                       " \"seasonYear\": 99999, \"coverImage\": {\"large\": \"\","
                       " \"medium\": \"http://x/m.png\"}, \"genres\": [1, \"Drama\"],"
                       " \"isAdult\": \"yes\"}}");
  g_assert_cmpint (entry->anime_id, ==, 9);
  g_assert_cmpint (entry->site_ids[KEIKA_SITE_MAL], ==, 0);
  g_assert_cmpstr (entry->title, ==, "ネイティブ");
  g_assert_cmpuint (entry->episodes, ==, 0);
  g_assert_cmpint (entry->format, ==, KEIKA_FORMAT_UNKNOWN);
  g_assert_cmpint (entry->season, ==, KEIKA_SEASON_UNKNOWN);
  g_assert_cmpuint (entry->season_year, ==, 0);
  g_assert_cmpstr (entry->cover_url, ==, "http://x/m.png");
  g_assert_cmpuint (g_strv_length (entry->genres), ==, 1);
  g_assert_false (entry->adult);
  g_assert_cmpint (entry->known, ==, 0);

  /* data.field, or the error AniList gave in words. */
  root = parse_doc ("{\"data\": {\"Viewer\": null}, \"errors\": [{\"message\":"
                    " \"Invalid token\", \"status\": 401}]}");
  g_assert_null (keika_anilist_get_data (keika_json_doc_get_root (root), "Viewer", &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  g_assert_nonnull (strstr (error->message, "Invalid token"));
  g_clear_error (&error);
  g_clear_pointer (&root, keika_json_doc_unref);
  root = parse_doc ("{\"data\": {}}");
  g_assert_null (keika_anilist_get_data (keika_json_doc_get_root (root), "Page", &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (keika_anilist_get_data (NULL, "Page", &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_MALFORMED);
  g_clear_error (&error);

  /* The Viewer. */
  g_clear_pointer (&root, keika_json_doc_unref);
  root = parse_doc ("{\"data\": {\"Viewer\": {\"id\": 12, \"name\": \"Aiko\","
                    " \"mediaListOptions\": {\"scoreFormat\": \"POINT_3\"}}}}");
  profile = keika_anilist_parse_viewer (keika_json_doc_get_root (root), &format, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keika_profile_get_site_user_id (profile), ==, "12");
  g_assert_cmpint (format, ==, KEIKA_SCORE_FORMAT_POINT_3);
  g_clear_object (&profile);
  g_clear_pointer (&root, keika_json_doc_unref);
  root = parse_doc ("{\"data\": {\"Viewer\": {\"id\": 12, \"name\": \"\"}}}");
  g_assert_null (keika_anilist_parse_viewer (keika_json_doc_get_root (root), &format, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Tokens that are not JWTs have no known end. */
  g_assert_cmpint (keika_anilist_token_expiry (NULL), ==, 0);
  g_assert_cmpint (keika_anilist_token_expiry ("opaque"), ==, 0);
  g_assert_cmpint (keika_anilist_token_expiry ("a.b.c"), ==, 0);
  g_assert_cmpint (keika_anilist_token_expiry ("a.e30.c"), ==, 0);           /* {} */
  g_assert_cmpint (keika_anilist_token_expiry ("a.eyJleHAiOjQyfQ.c"), ==, 42); /* {"exp":42} */
  g_assert_cmpint (keika_anilist_token_expiry ("a.eyJleHAiOjQyfQ.c.d"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  site_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/sites/anilist/configuration", test_configuration);
  g_test_add_func ("/sites/anilist/parse/defensive", test_parse_defensive);

  ADD ("/sites/anilist/sign-in/browser", test_sign_in_browser);
  ADD ("/sites/anilist/sign-in/denied", test_sign_in_denied);
  ADD ("/sites/anilist/sign-in/wrong-state", test_sign_in_wrong_state);
  ADD ("/sites/anilist/sign-in/paste", test_sign_in_paste);
  ADD ("/sites/anilist/sign-in/port-in-use", test_sign_in_port_in_use);
  ADD ("/sites/anilist/pull/full", test_pull_full);
  ADD ("/sites/anilist/pull/cap", test_pull_cap);
  ADD ("/sites/anilist/pull/public", test_pull_public);
  ADD ("/sites/anilist/pull/incremental", test_pull_incremental);
  ADD ("/sites/anilist/push", test_push);
  ADD ("/sites/anilist/push/score-round-trip", test_push_score_round_trip);
  ADD ("/sites/anilist/delete", test_delete);
  ADD ("/sites/anilist/faults", test_faults);
  ADD ("/sites/anilist/token/expired", test_token_expired);
  ADD ("/sites/anilist/cancel", test_cancel);
  ADD ("/sites/anilist/find-anime", test_find_anime);
  ADD ("/sites/anilist/search", test_search);
  g_test_add ("/sites/anilist/rate", Fixture, "rate", fixture_setup, test_rate,
              fixture_teardown);
  ADD ("/sites/anilist/no-secret-in-logs", test_no_secret_in_logs);

  return g_test_run ();
}
