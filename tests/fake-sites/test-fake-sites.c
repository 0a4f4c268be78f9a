/* test-fake-sites.c: the fake sites are faithful to ../shared/API.md
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "keika-fake-mal.h"
#include "keika-fake-sites.h"

#define CLIENT_ID   KEIKA_FAKE_MAL_CLIENT_ID
#define REDIRECT    "http://127.0.0.1:45123/callback"
#define VERIFIER    "Ab3-._~xYz0123456789abcdefghijklmnopqrstuvwxyzABCD"
#define LIST_FIELDS \
  "list_status,num_episodes,media_type,status,alternative_titles,main_picture,start_season"

typedef struct
{
  guint               status;
  GError             *error;
  GBytes             *body;
  SoupMessageHeaders *headers;
  gint64              done_time;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_error (&reply->error);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

typedef struct
{
  KeikaFakeSites     *fake;
  KeikaFakeMal       *mal;
  SoupSession        *session;
  char               *api;
  char               *auth;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = keika_fake_sites_new (&error);
  g_assert_no_error (error);
  g_assert_nonnull (f->fake);
  f->mal = keika_fake_sites_get_mal (f->fake);
  f->session = soup_session_new ();
  f->api = g_strdup (keika_fake_sites_get_url (f->fake, "mal-api"));
  f->auth = g_strdup (keika_fake_sites_get_url (f->fake, "mal-auth"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->fake);
  g_free (f->api);
  g_free (f->auth);

  /* Let the closed connections finish. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* HTTP, async, waited for on the main loop */

typedef struct
{
  Reply              *reply;
  SoupMessage        *msg;
  gboolean            done;
} Pending;

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *p = user_data;

  p->reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                      &p->reply->error);
  p->reply->status = soup_message_get_status (p->msg);
  p->reply->headers = soup_message_headers_ref (soup_message_get_response_headers (p->msg));
  p->reply->done_time = g_get_monotonic_time ();
  p->done = TRUE;
}

static Pending *
start (SoupSession *session,
       const char  *method,
       const char  *url,
       const char  *bearer,
       const char  *form)
{
  Pending *p = g_new0 (Pending, 1);

  p->reply = g_new0 (Reply, 1);
  p->msg = soup_message_new (method, url);
  g_assert_nonnull (p->msg);
  soup_message_add_flags (p->msg, SOUP_MESSAGE_NO_REDIRECT);
  if (bearer != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", bearer, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (p->msg),
                                    "Authorization", value);
    }
  if (form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (p->msg, "application/x-www-form-urlencoded",
                                                body);
    }
  soup_session_send_and_read_async (session, p->msg, G_PRIORITY_DEFAULT, NULL, send_cb, p);

  return p;
}

static Reply *
finish (Pending *p)
{
  Reply *reply;

  while (!p->done)
    g_main_context_iteration (NULL, TRUE);

  reply = p->reply;
  g_object_unref (p->msg);
  g_free (p);

  return reply;
}

static Reply *
http (SoupSession *session,
      const char  *method,
      const char  *url,
      const char  *bearer,
      const char  *form)
{
  return finish (start (session, method, url, bearer, form));
}

static Reply *
http_with_header (SoupSession *session,
                  const char  *url,
                  const char  *name,
                  const char  *value)
{
  Pending *p = g_new0 (Pending, 1);

  p->reply = g_new0 (Reply, 1);
  p->msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (p->msg), name, value);
  soup_session_send_and_read_async (session, p->msg, G_PRIORITY_DEFAULT, NULL, send_cb, p);

  return finish (p);
}

static JsonNode *
parse (Reply *reply)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node;

  g_assert_no_error (reply->error);
  g_assert_nonnull (reply->body);
  text = g_strndup (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static gboolean
parses (Reply *reply)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (reply->body, NULL),
                                     g_bytes_get_size (reply->body));
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  return node != NULL;
}

static const char *
member_string (JsonNode   *node,
               const char *name)
{
  return json_object_get_string_member (json_node_get_object (node), name);
}

static void
assert_error (Reply      *reply,
              guint       status,
              const char *error)
{
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, status);
  node = parse (reply);
  g_assert_cmpstr (member_string (node, "error"), ==, error);
  g_assert_true (json_object_has_member (json_node_get_object (node), "message"));
}

static char *
query_param (const char *url,
             const char *name)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (uri);
  if (g_uri_get_query (uri) == NULL)
    return NULL;
  params = soup_form_decode (g_uri_get_query (uri));

  return g_strdup (g_hash_table_lookup (params, name));
}

/* OAuth helpers */

static char *
authorize_url (Fixture    *f,
               const char *client_id,
               const char *state,
               const char *challenge,
               const char *method)
{
  g_autoptr(GString) url = g_string_new (f->auth);
  g_autofree char *redirect = g_uri_escape_string (REDIRECT, NULL, FALSE);
  g_autofree char *state_e = g_uri_escape_string (state, NULL, FALSE);

  g_string_append_printf (url, "/authorize?response_type=code&client_id=%s&state=%s"
                          "&redirect_uri=%s&code_challenge=%s&code_challenge_method=%s",
                          client_id, state_e, redirect, challenge, method);

  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* Plays the browser: returns the Location of the authorize redirect. */
static char *
authorize (Fixture    *f,
           const char *state)
{
  g_autofree char *url = authorize_url (f, CLIENT_ID, state, VERIFIER, "plain");
  g_autoptr(Reply) reply = http (f->session, "GET", url, NULL, NULL);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_FOUND);

  return g_strdup (soup_message_headers_get_one (reply->headers, "Location"));
}

static Reply *
exchange (Fixture    *f,
          const char *code,
          const char *verifier,
          const char *redirect)
{
  g_autofree char *url = g_strconcat (f->auth, "/token", NULL);
  g_autofree char *form = soup_form_encode ("client_id", CLIENT_ID,
                                            "grant_type", "authorization_code",
                                            "code", code,
                                            "redirect_uri", redirect,
                                            "code_verifier", verifier,
                                            NULL);

  return http (f->session, "POST", url, NULL, form);
}

static Reply *
refresh (Fixture    *f,
         const char *refresh_token)
{
  g_autofree char *url = g_strconcat (f->auth, "/token", NULL);
  g_autofree char *form = soup_form_encode ("client_id", CLIENT_ID,
                                            "grant_type", "refresh_token",
                                            "refresh_token", refresh_token,
                                            NULL);

  return http (f->session, "POST", url, NULL, form);
}

static Reply *
get_me (Fixture    *f,
        const char *token)
{
  g_autofree char *url = g_strconcat (f->api, "/users/@me", NULL);

  return http (f->session, "GET", url, token, NULL);
}

/* Tests */

static void
test_urls (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *api = g_strdup_printf ("http://127.0.0.1:%u/mal/api/v2",
                                          keika_fake_sites_get_port (f->fake));
  g_autofree char *auth = g_strdup_printf ("http://127.0.0.1:%u/mal/oauth2",
                                           keika_fake_sites_get_port (f->fake));
  g_auto(GStrv) env = keika_fake_sites_get_environ (f->fake);
  g_autoptr(Reply) cover = NULL;
  g_autoptr(Reply) missing = NULL;
  g_autofree char *cover_url = NULL;
  g_autofree char *missing_url = NULL;

  g_assert_cmpuint (keika_fake_sites_get_port (f->fake), >, 0);
  g_assert_cmpstr (f->api, ==, api);
  g_assert_cmpstr (f->auth, ==, auth);
  g_assert_null (keika_fake_sites_get_url (f->fake, "nowhere"));
  g_assert_cmpstr (g_environ_getenv (env, "KEIKA_MAL_API_URL"), ==, api);
  g_assert_cmpstr (g_environ_getenv (env, "KEIKA_MAL_AUTH_URL"), ==, auth);
  g_assert_nonnull (g_environ_getenv (env, "KEIKA_ANILIST_API_URL"));
  g_assert_nonnull (g_environ_getenv (env, "KEIKA_ANILIST_AUTH_URL"));
  g_assert_nonnull (g_environ_getenv (env, "KEIKA_ANITRACK_API_URL"));
  g_assert_nonnull (g_environ_getenv (env, "KEIKA_KITSU_API_URL"));
  g_assert_nonnull (g_environ_getenv (env, "KEIKA_KITSU_AUTH_URL"));
  g_assert_cmpuint (g_strv_length (env), ==, 7);

  keika_fake_sites_setenv (f->fake);
  g_assert_cmpstr (g_getenv ("KEIKA_MAL_API_URL"), ==, api);

  /* Covers are served too, so nothing leaves the machine. */
  cover_url = g_strconcat (keika_fake_sites_get_url (f->fake, "mal-cdn"),
                           "/images/anime/1/1.jpg", NULL);
  cover = http (f->session, "GET", cover_url, NULL, NULL);
  g_assert_cmpuint (cover->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (cover->headers, NULL), ==, "image/jpeg");

  missing_url = g_strdup_printf ("%s/elsewhere", keika_fake_sites_get_base_url (f->fake));
  missing = http (f->session, "GET", missing_url, NULL, NULL);
  g_assert_cmpuint (missing->status, ==, 404);
}

static void
test_oauth_pkce (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *location = authorize (f, "st4te+with/odd=chars");
  g_autofree char *code = query_param (location, "code");
  g_autofree char *state = query_param (location, "state");
  g_autoptr(Reply) wrong = NULL;
  g_autoptr(Reply) wrong_redirect = NULL;
  g_autoptr(Reply) right = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) me = NULL;
  g_autoptr(JsonNode) tokens = NULL;
  g_autoptr(JsonNode) user = NULL;
  g_autoptr(KeikaFakeRequest) request = NULL;
  g_auto(GStrv) secrets = NULL;
  JsonObject *object;

  g_assert_true (g_str_has_prefix (location, REDIRECT "?"));
  g_assert_cmpstr (state, ==, "st4te+with/odd=chars");
  g_assert_nonnull (code);

  /* A wrong verifier is refused and leaves the code usable. */
  wrong = exchange (f, code, VERIFIER "x", REDIRECT);
  assert_error (wrong, 400, "invalid_grant");
  wrong_redirect = exchange (f, code, VERIFIER, "http://127.0.0.1:45124/callback");
  g_assert_cmpuint (wrong_redirect->status, >=, 400);
  g_assert_cmpuint (wrong_redirect->status, <, 500);

  right = exchange (f, code, VERIFIER, REDIRECT);
  g_assert_cmpuint (right->status, ==, 200);
  tokens = parse (right);
  object = json_node_get_object (tokens);
  g_assert_cmpstr (json_object_get_string_member (object, "token_type"), ==, "Bearer");
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), ==, 3600);
  g_assert_nonnull (json_object_get_string_member (object, "access_token"));
  g_assert_nonnull (json_object_get_string_member (object, "refresh_token"));
  g_assert_false (json_object_has_member (object, "client_secret"));

  /* Codes are single-use. */
  again = exchange (f, code, VERIFIER, REDIRECT);
  assert_error (again, 400, "invalid_request");

  me = get_me (f, json_object_get_string_member (object, "access_token"));
  g_assert_cmpuint (me->status, ==, 200);
  user = parse (me);
  g_assert_cmpstr (member_string (user, "name"), ==, "KeikaTester");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (user), "id"), >, 0);

  /* The log has the form fields; the secrets are listed for leak checks. */
  request = keika_fake_sites_get_last_request (f->fake, "mal-auth", "POST /token");
  g_assert_nonnull (request);
  g_assert_cmpstr (keika_fake_request_get_form (request, "grant_type"), ==, "authorization_code");
  g_assert_cmpuint (request->ignored_fields->len, ==, 0);
  secrets = keika_fake_mal_dup_secrets (f->mal);
  g_assert_true (g_strv_contains ((const char * const *) secrets, code));
  g_assert_true (g_strv_contains ((const char * const *) secrets, VERIFIER));
  g_assert_true (g_strv_contains ((const char * const *) secrets,
                                  json_object_get_string_member (object, "access_token")));
}

static void
test_oauth_refusals (Fixture       *f,
                     gconstpointer  data)
{
  struct {
    KeikaFakeMalAuthorize answer;
    const char *error;
    gboolean code;
    const char *state;
  } answers[] = {
    { KEIKA_FAKE_MAL_AUTHORIZE_DENY, "access_denied", FALSE, "s1" },
    { KEIKA_FAKE_MAL_AUTHORIZE_WRONG_STATE, NULL, TRUE, NULL },
    { KEIKA_FAKE_MAL_AUTHORIZE_NO_STATE, NULL, TRUE, NULL },
    { KEIKA_FAKE_MAL_AUTHORIZE_NO_CODE, NULL, FALSE, "s1" },
  };
  g_autofree char *wrong_client = authorize_url (f, "nope", "s1", VERIFIER, "plain");
  g_autofree char *s256 = authorize_url (f, CLIENT_ID, "s1", VERIFIER, "S256");
  g_autofree char *short_challenge = authorize_url (f, CLIENT_ID, "s1", "abc", "plain");
  g_autofree char *bad_chars =
    authorize_url (f, CLIENT_ID, "s1", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG%2B", "plain");
  g_autofree char *token_url = g_strconcat (f->auth, "/token", NULL);
  g_autoptr(Reply) reply = NULL;

  /* No redirect before the client is known. */
  reply = http (f->session, "GET", wrong_client, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 400);
  g_assert_null (soup_message_headers_get_one (reply->headers, "Location"));
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "text/html");
  g_clear_pointer (&reply, reply_free);

  for (guint i = 0; i < 3; i++)
    {
      const char *url = i == 0 ? s256 : i == 1 ? short_challenge : bad_chars;
      const char *location;
      g_autofree char *error = NULL;
      g_autofree char *state = NULL;
      g_autofree char *code = NULL;

      reply = http (f->session, "GET", url, NULL, NULL);
      g_assert_cmpuint (reply->status, ==, 302);
      location = soup_message_headers_get_one (reply->headers, "Location");
      error = query_param (location, "error");
      state = query_param (location, "state");
      code = query_param (location, "code");
      g_assert_cmpstr (error, ==, "invalid_request");
      g_assert_cmpstr (state, ==, "s1");
      g_assert_null (code);
      g_clear_pointer (&reply, reply_free);
    }

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autofree char *location = NULL;
      g_autofree char *error = NULL;
      g_autofree char *state = NULL;
      g_autofree char *code = NULL;

      keika_fake_mal_set_authorize_answer (f->mal, answers[i].answer);
      location = authorize (f, "s1");
      error = query_param (location, "error");
      state = query_param (location, "state");
      code = query_param (location, "code");
      g_assert_cmpstr (error, ==, answers[i].error);
      if (answers[i].answer == KEIKA_FAKE_MAL_AUTHORIZE_WRONG_STATE)
        {
          g_assert_nonnull (state);
          g_assert_cmpstr (state, !=, "s1");
        }
      else
        g_assert_cmpstr (state, ==, answers[i].state);
      g_assert_true ((code != NULL) == answers[i].code);
    }

  /* A registered redirect URI must match exactly. */
  keika_fake_mal_set_authorize_answer (f->mal, KEIKA_FAKE_MAL_AUTHORIZE_APPROVE);
  keika_fake_mal_set_redirect_uri (f->mal, "http://127.0.0.1:45124/callback");
  {
    g_autofree char *url = authorize_url (f, CLIENT_ID, "s1", VERIFIER, "plain");

    reply = http (f->session, "GET", url, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 400);
    g_clear_pointer (&reply, reply_free);
  }

  /* The token endpoint wants a form, a known client and a grant type. */
  reply = http (f->session, "POST", token_url, NULL, "grant_type=password&client_id=" CLIENT_ID);
  assert_error (reply, 400, "unsupported_grant_type");
  g_clear_pointer (&reply, reply_free);
  reply = http (f->session, "POST", token_url, NULL,
                "grant_type=refresh_token&client_id=other&refresh_token=x");
  assert_error (reply, 401, "invalid_client");
  g_clear_pointer (&reply, reply_free);
  reply = http (f->session, "POST", token_url, NULL,
                "grant_type=refresh_token&client_id=" CLIENT_ID "&refresh_token=x&client_secret=s");
  assert_error (reply, 400, "invalid_request");
  g_assert_cmpuint (keika_fake_sites_count_ignored_fields (f->fake, "mal"), ==, 1);
}

static void
test_oauth_refresh (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *access = NULL;
  g_autofree char *refresh_token = NULL;
  g_autoptr(Reply) renewed = NULL;
  g_autoptr(Reply) reused = NULL;
  g_autoptr(Reply) old_access = NULL;
  g_autoptr(Reply) new_access = NULL;
  g_autoptr(Reply) expired = NULL;
  g_autoptr(JsonNode) tokens = NULL;
  g_autofree char *access2 = NULL;
  g_autofree char *refresh2 = NULL;

  keika_fake_mal_issue_tokens (f->mal, "Someone", &access, &refresh_token);

  renewed = refresh (f, refresh_token);
  g_assert_cmpuint (renewed->status, ==, 200);
  tokens = parse (renewed);
  g_assert_cmpstr (member_string (tokens, "token_type"), ==, "Bearer");
  g_assert_cmpstr (member_string (tokens, "access_token"), !=, access);
  g_assert_cmpstr (member_string (tokens, "refresh_token"), !=, refresh_token);

  /* The old pair is gone. */
  reused = refresh (f, refresh_token);
  assert_error (reused, 400, "invalid_request");
  old_access = get_me (f, access);
  g_assert_cmpuint (old_access->status, ==, 401);
  new_access = get_me (f, member_string (tokens, "access_token"));
  g_assert_cmpuint (new_access->status, ==, 200);

  /* An expired refresh token. */
  keika_fake_mal_set_token_lifetimes (f->mal, 3600, 0);
  keika_fake_mal_issue_tokens (f->mal, "Someone", &access2, &refresh2);
  expired = refresh (f, refresh2);
  assert_error (expired, 400, "invalid_request");
}

static void
test_expired_token (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *access = NULL;
  g_autoptr(Reply) expired = NULL;
  g_autoptr(Reply) unknown = NULL;
  g_autoptr(Reply) none = NULL;
  g_autofree char *url = g_strconcat (f->api, "/users/@me", NULL);

  keika_fake_mal_set_token_lifetimes (f->mal, 0, 3600);
  keika_fake_mal_issue_tokens (f->mal, "Someone", &access, NULL);
  g_assert_cmpuint (keika_fake_mal_count_valid_access_tokens (f->mal), ==, 0);

  expired = get_me (f, access);
  assert_error (expired, 401, "invalid_token");
  g_assert_cmpstr (soup_message_headers_get_one (expired->headers, "WWW-Authenticate"), ==,
                   "Bearer error=\"invalid_token\"");

  unknown = get_me (f, "not-a-token");
  assert_error (unknown, 401, "invalid_token");
  g_assert_nonnull (strstr (soup_message_headers_get_one (unknown->headers, "WWW-Authenticate"),
                            "invalid_token"));

  none = http (f->session, "GET", url, NULL, NULL);
  g_assert_cmpuint (none->status, ==, 401);
}

/* Pulls a whole list following paging.next; returns the pages' node ids. */
static GArray *
pull (Fixture    *f,
      const char *first_url,
      const char *token,
      GPtrArray  *next_urls,
      GPtrArray  *updated)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *url = g_strdup (first_url);

  while (url != NULL)
    {
      g_autoptr(Reply) reply = http (f->session, "GET", url, token, NULL);
      g_autoptr(JsonNode) page = NULL;
      JsonObject *paging;
      JsonArray *data;

      g_assert_cmpuint (reply->status, ==, 200);
      page = parse (reply);
      data = json_object_get_array_member (json_node_get_object (page), "data");
      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          JsonObject *item = json_array_get_object_element (data, i);
          JsonObject *node = json_object_get_object_member (item, "node");
          gint64 id = json_object_get_int_member (node, "id");

          g_array_append_val (ids, id);
          if (updated != NULL)
            {
              JsonObject *status = json_object_get_object_member (item, "list_status");

              g_ptr_array_add (updated,
                               g_strdup (json_object_get_string_member (status, "updated_at")));
            }
        }

      paging = json_object_get_object_member (json_node_get_object (page), "paging");
      g_free (url);
      url = NULL;
      if (json_object_has_member (paging, "next"))
        {
          url = g_strdup (json_object_get_string_member (paging, "next"));
          g_ptr_array_add (next_urls, g_strdup (url));
        }
    }

  return ids;
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *too_many = NULL;
  g_autoptr(GPtrArray) next_urls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) updated = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) sfw_ids = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonNode) page = NULL;

  keika_fake_mal_generate_entries (f->mal, "Reader", 2500, 7);
  g_assert_cmpuint (keika_fake_mal_get_n_entries (f->mal, "Reader"), ==, 2500);
  keika_fake_mal_issue_tokens (f->mal, "Reader", &token, NULL);

  url = g_strconcat (f->api, "/users/@me/animelist?fields=" LIST_FIELDS
                     "&limit=1000&nsfw=true&sort=list_updated_at", NULL);
  ids = pull (f, url, token, next_urls, updated);
  g_assert_cmpuint (ids->len, ==, 2500);
  g_assert_cmpuint (next_urls->len, ==, 2);
  expected = g_strconcat (f->api, "/users/@me/animelist?offset=1000&fields=" LIST_FIELDS
                          "&limit=1000&nsfw=true&sort=list_updated_at", NULL);
  g_assert_cmpstr (g_ptr_array_index (next_urls, 0), ==, expected);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (next_urls, 1),
                                   keika_fake_sites_get_url (f->fake, "mal-api")));
  g_assert_nonnull (strstr (g_ptr_array_index (next_urls, 1), "?offset=2000&"));
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_add (seen, &g_array_index (ids, gint64, i)));

  /* Newest change first. */
  for (guint i = 1; i < updated->len; i++)
    g_assert_cmpstr (g_ptr_array_index (updated, i - 1), >=, g_ptr_array_index (updated, i));

  requests = keika_fake_sites_get_requests (f->fake, "mal", "GET /users/*/animelist");
  g_assert_cmpuint (requests->len, ==, 3);

  /* Without nsfw=true, adult titles are left out (one in the first hundred). */
  keika_fake_mal_generate_entries (f->mal, "Small", 100, 7);
  g_ptr_array_set_size (next_urls, 0);
  g_free (url);
  url = g_strconcat (f->api, "/users/Small/animelist?limit=1000", NULL);
  sfw_ids = pull (f, url, token, next_urls, NULL);
  g_assert_cmpuint (sfw_ids->len, ==, 99);
  g_assert_cmpuint (next_urls->len, ==, 0);

  /* limit is at most 1000. */
  too_many = g_strconcat (f->api, "/users/@me/animelist?limit=1001", NULL);
  reply = http (f->session, "GET", too_many, token, NULL);
  assert_error (reply, 400, "bad_request");
  g_clear_pointer (&reply, reply_free);

  /* Without list_status in fields, none is sent; with sub-fields, the extras are. */
  g_free (url);
  url = g_strconcat (f->api, "/users/@me/animelist?limit=1&nsfw=true", NULL);
  reply = http (f->session, "GET", url, token, NULL);
  page = parse (reply);
  {
    JsonObject *item = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (page), "data"), 0);

    g_assert_false (json_object_has_member (item, "list_status"));
    g_assert_true (json_object_has_member (json_object_get_object_member (item, "node"),
                                           "main_picture"));
  }
  g_clear_pointer (&reply, reply_free);
  g_clear_pointer (&page, json_node_unref);
  g_free (url);
  url = g_strconcat (f->api, "/users/@me/animelist?limit=1&fields=list_status%7Btags,comments%7D",
                     NULL);
  reply = http (f->session, "GET", url, token, NULL);
  page = parse (reply);
  {
    JsonObject *item = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (page), "data"), 0);
    JsonObject *status = json_object_get_object_member (item, "list_status");

    g_assert_true (json_object_has_member (status, "num_episodes_watched"));
    g_assert_true (json_object_has_member (status, "tags"));
    g_assert_true (json_object_has_member (status, "comments"));
    g_assert_false (json_object_has_member (status, "priority"));
  }
}

static void
test_public_read (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *url = g_strconcat (f->api, "/users/Viewer/animelist?fields=list_status", NULL);
  g_autofree char *me = g_strconcat (f->api, "/users/@me/animelist", NULL);
  g_autofree char *nobody = g_strconcat (f->api, "/users/Nobody/animelist", NULL);
  g_autoptr(Reply) ok = NULL;
  g_autoptr(Reply) wrong = NULL;
  g_autoptr(Reply) not_me = NULL;
  g_autoptr(Reply) missing = NULL;
  g_autoptr(JsonNode) page = NULL;

  keika_fake_mal_add_sample_entries (f->mal, "Viewer");

  ok = http_with_header (f->session, url, "X-MAL-CLIENT-ID", CLIENT_ID);
  g_assert_cmpuint (ok->status, ==, 200);
  page = parse (ok);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (page), "data")), ==, 6);

  wrong = http_with_header (f->session, url, "X-MAL-CLIENT-ID", "wrong");
  g_assert_cmpuint (wrong->status, ==, 401);
  not_me = http_with_header (f->session, me, "X-MAL-CLIENT-ID", CLIENT_ID);
  g_assert_cmpuint (not_me->status, ==, 401);
  missing = http_with_header (f->session, nobody, "X-MAL-CLIENT-ID", CLIENT_ID);
  assert_error (missing, 404, "not_found");
}

static gint64
first_id (Fixture    *f,
          const char *token)
{
  g_autofree char *url = g_strconcat (f->api, "/users/@me/animelist?fields=list_status"
                                      "&limit=1&sort=list_updated_at&nsfw=true", NULL);
  g_autoptr(Reply) reply = http (f->session, "GET", url, token, NULL);
  g_autoptr(JsonNode) page = parse (reply);
  JsonArray *items = json_object_get_array_member (json_node_get_object (page), "data");

  return json_object_get_int_member (json_object_get_object_member (
                                       json_array_get_object_element (items, 0), "node"), "id");
}

static void
test_patch (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *unknown_url = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(KeikaFakeRequest) request = NULL;
  const KeikaFakeMalEntry *entry;
  guint before;

  keika_fake_mal_generate_entries (f->mal, "Writer", 50, 3);
  keika_fake_mal_issue_tokens (f->mal, "Writer", &token, NULL);
  url = g_strdup_printf ("%s/anime/%d/my_list_status", f->api, 100010);
  g_assert_cmpint (first_id (f, token), !=, 100010);

  /* The write name changes the read field, and moves the entry to the top. */
  reply = http (f->session, "PATCH", url, token, "num_watched_episodes=5");
  g_assert_cmpuint (reply->status, ==, 200);
  status = parse (reply);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (status),
                                               "num_episodes_watched"), ==, 5);
  g_assert_true (json_object_has_member (json_node_get_object (status), "comments"));
  g_assert_cmpint (first_id (f, token), ==, 100010);
  entry = keika_fake_mal_lookup_entry (f->mal, "Writer", 100010);
  g_assert_cmpuint (entry->num_episodes_watched, ==, 5);

  request = keika_fake_sites_get_last_request (f->fake, "mal", "PATCH /anime/*/my_list_status");
  g_assert_cmpuint (g_hash_table_size (request->form), ==, 1);
  g_assert_cmpstr (keika_fake_request_get_form (request, "num_watched_episodes"), ==, "5");
  g_assert_cmpuint (request->ignored_fields->len, ==, 0);
  g_clear_pointer (&request, keika_fake_request_unref);
  g_clear_pointer (&reply, reply_free);
  g_clear_pointer (&status, json_node_unref);

  /* The read name is ignored, as MAL does, and recorded as a mistake. */
  reply = http (f->session, "PATCH", url, token, "num_episodes_watched=7&score=9");
  g_assert_cmpuint (reply->status, ==, 200);
  entry = keika_fake_mal_lookup_entry (f->mal, "Writer", 100010);
  g_assert_cmpuint (entry->num_episodes_watched, ==, 5);
  g_assert_cmpuint (entry->score, ==, 9);
  request = keika_fake_sites_get_last_request (f->fake, "mal", "PATCH /anime/*/my_list_status");
  g_assert_true (keika_fake_request_has_ignored_field (request, "num_episodes_watched"));
  g_assert_cmpuint (keika_fake_sites_count_ignored_fields (f->fake, "mal"), ==, 1);
  g_clear_pointer (&reply, reply_free);

  /* Every write field, tags as a comma list, an empty date clears. */
  reply = http (f->session, "PUT", url, token,
                "status=completed&is_rewatching=true&priority=2&num_times_rewatched=1"
                "&rewatch_value=5&tags=a%2C+b+c%2C&comments=%C3%A9t%C3%A9&start_date=2020-01"
                "&finish_date=");
  g_assert_cmpuint (reply->status, ==, 200);
  entry = keika_fake_mal_lookup_entry (f->mal, "Writer", 100010);
  g_assert_cmpstr (entry->status, ==, "completed");
  g_assert_true (entry->is_rewatching);
  g_assert_cmpuint (entry->priority, ==, 2);
  g_assert_cmpuint (entry->num_times_rewatched, ==, 1);
  g_assert_cmpuint (entry->rewatch_value, ==, 5);
  g_assert_cmpuint (g_strv_length ((char **) entry->tags), ==, 2);
  g_assert_cmpstr (entry->tags[1], ==, "b c");
  g_assert_cmpstr (entry->comments, ==, "été");
  g_assert_cmpstr (entry->start_date, ==, "2020-01");
  g_assert_null (entry->finish_date);
  g_clear_pointer (&reply, reply_free);

  /* Bad values change nothing. */
  reply = http (f->session, "PATCH", url, token, "score=11&num_watched_episodes=1");
  assert_error (reply, 400, "bad_request");
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->mal, "Writer", 100010)->num_episodes_watched,
                    ==, 5);
  g_clear_pointer (&reply, reply_free);

  /* A new entry is created; an anime outside the catalogue is 404. */
  before = keika_fake_mal_get_n_entries (f->mal, "Writer");
  g_clear_pointer (&url, g_free);
  url = g_strdup_printf ("%s/anime/5114/my_list_status", f->api);
  reply = http (f->session, "PATCH", url, token, "status=watching&num_watched_episodes=3");
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpuint (keika_fake_mal_get_n_entries (f->mal, "Writer"), ==, before + 1);
  g_assert_cmpstr (keika_fake_mal_lookup_entry (f->mal, "Writer", 5114)->status, ==, "watching");
  g_clear_pointer (&reply, reply_free);

  unknown_url = g_strdup_printf ("%s/anime/999999999/my_list_status", f->api);
  reply = http (f->session, "PATCH", unknown_url, token, "status=watching");
  assert_error (reply, 404, "not_found");
  g_clear_pointer (&reply, reply_free);

  /* Writes need a user token. */
  reply = http (f->session, "PATCH", url, NULL, "status=watching");
  g_assert_cmpuint (reply->status, ==, 401);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *url = g_strdup_printf ("%s/anime/1535/my_list_status", f->api);
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;

  keika_fake_mal_add_sample_entries (f->mal, "Deleter");
  keika_fake_mal_issue_tokens (f->mal, "Deleter", &token, NULL);

  first = http (f->session, "DELETE", url, token, NULL);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_null (keika_fake_mal_lookup_entry (f->mal, "Deleter", 1535));
  second = http (f->session, "DELETE", url, token, NULL);
  assert_error (second, 404, "not_found");
}

/* The control paths a test in another process uses to change the site. */
static Reply *
control (Fixture    *f,
         const char *method,
         const char *path_and_query)
{
  g_autofree char *url = g_strconcat (keika_fake_sites_get_base_url (f->fake), "/_fake",
                                      path_and_query, NULL);

  return http (f->session, method, url, NULL, NULL);
}

static void
test_control_mal (Fixture       *f,
                  gconstpointer  data)
{
  static const struct { const char *method, *path; guint status; } refused[] = {
    { "POST", "/mal/entry?user=Controller&anime_id=21&num_episodes_watched=1", 404 },
    { "POST", "/mal/entry?user=Nobody&anime_id=16498", 404 },
    { "POST", "/mal/entry?anime_id=16498", 400 },
    { "POST", "/mal/entry?user=Controller", 400 },
    { "POST", "/mal/entry?user=Controller&anime_id=16498&num_episodes_watched=x", 400 },
    { "POST", "/mal/entry?user=Controller&anime_id=16498&score=11", 400 },
    { "POST", "/mal/entry?user=Controller&anime_id=16498&status=finished", 400 },
    { "GET", "/mal/entry?user=Controller&anime_id=16498", 404 },
    { "DELETE", "/mal/anime", 400 },
    { "DELETE", "/mal/anime?id=0", 400 },
    { "DELETE", "/mal/anime?id=424242", 404 },
  };
  g_autofree char *token = NULL;
  g_autofree char *patch_url = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  const KeikaFakeMalEntry *entry;
  gint64 updated_at;
  guint n_entries;

  keika_fake_sites_set_control (f->fake, TRUE);
  keika_fake_mal_add_sample_entries (f->mal, "Controller");
  keika_fake_mal_issue_tokens (f->mal, "Controller", &token, NULL);
  entry = keika_fake_mal_lookup_entry (f->mal, "Controller", 16498);
  updated_at = entry->updated_at;
  g_assert_cmpint (first_id (f, token), !=, 16498);

  /* An entry changed as the person would on the site: the rest stays, and
   * it is the newest change of the list. */
  reply = control (f, "POST", "/mal/entry?user=Controller&anime_id=16498"
                   "&num_episodes_watched=7&status=watching");
  g_assert_cmpuint (reply->status, ==, 200);
  node = parse (reply);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "anime_id"), ==,
                   16498);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node),
                                               "num_episodes_watched"), ==, 7);
  entry = keika_fake_mal_lookup_entry (f->mal, "Controller", 16498);
  g_assert_cmpuint (entry->num_episodes_watched, ==, 7);
  g_assert_cmpstr (entry->status, ==, "watching");
  g_assert_cmpuint (entry->score, ==, 0);
  g_assert_cmpint (entry->updated_at, >, updated_at);
  g_assert_cmpint (first_id (f, token), ==, 16498);
  g_clear_pointer (&reply, reply_free);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      reply = control (f, refused[i].method, refused[i].path);
      g_assert_cmpuint (reply->status, ==, refused[i].status);
      g_clear_pointer (&reply, reply_free);
    }
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->mal, "Controller", 16498)->num_episodes_watched,
                    ==, 7);

  /* An anime deleted from MyAnimeList's database: gone from the catalogue
   * and the list, and a change to it is refused with 404. */
  n_entries = keika_fake_mal_get_n_entries (f->mal, "Controller");
  reply = control (f, "DELETE", "/mal/anime?id=5114");
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, reply_free);
  g_assert_false (keika_fake_mal_has_anime (f->mal, 5114));
  g_assert_null (keika_fake_mal_lookup_entry (f->mal, "Controller", 5114));
  g_assert_cmpuint (keika_fake_mal_get_n_entries (f->mal, "Controller"), ==, n_entries - 1);
  g_assert_cmpint (first_id (f, token), ==, 16498);

  patch_url = g_strdup_printf ("%s/anime/5114/my_list_status", f->api);
  reply = http (f->session, "PATCH", patch_url, token, "num_watched_episodes=21");
  assert_error (reply, 404, "not_found");
  g_clear_pointer (&reply, reply_free);
  g_assert_null (keika_fake_mal_lookup_entry (f->mal, "Controller", 5114));

  reply = control (f, "DELETE", "/mal/anime?id=5114");
  g_assert_cmpuint (reply->status, ==, 404);
  g_clear_pointer (&reply, reply_free);

  /* Control requests are not in the log: only the three list reads and the PATCH are. */
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, NULL, NULL), ==, 4);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *url = g_strconcat (f->api, "/anime?q=frieren&limit=10&fields=num_episodes",
                                      NULL);
  g_autofree char *native = g_strconcat (f->api, "/anime?q=%E9%80%B2%E6%92%83", NULL);
  g_autofree char *long_q = g_strconcat (f->api, "/anime?q=", NULL);
  g_autofree char *too_many = g_strconcat (f->api, "/anime?q=one&limit=101", NULL);
  g_autofree char *detail = g_strconcat (f->api,
                                         "/anime/5114?fields=alternative_titles,my_list_status",
                                         NULL);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonArray *items;
  JsonObject *node;

  keika_fake_mal_issue_tokens (f->mal, "Searcher", &token, NULL);
  keika_fake_mal_add_sample_entries (f->mal, "Searcher");

  reply = http (f->session, "GET", url, token, NULL);
  page = parse (reply);
  items = json_object_get_array_member (json_node_get_object (page), "data");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  node = json_object_get_object_member (json_array_get_object_element (items, 0), "node");
  g_assert_cmpint (json_object_get_int_member (node, "id"), ==, 52991);
  g_assert_cmpint (json_object_get_int_member (node, "num_episodes"), ==, 28);
  g_clear_pointer (&reply, reply_free);
  g_clear_pointer (&page, json_node_unref);

  reply = http_with_header (f->session, native, "X-MAL-CLIENT-ID", CLIENT_ID);
  page = parse (reply);
  items = json_object_get_array_member (json_node_get_object (page), "data");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_clear_pointer (&reply, reply_free);
  g_clear_pointer (&page, json_node_unref);

  /* q: 64 characters at most (characters, not bytes). */
  {
    g_autofree char *q64 = g_strnfill (64, 'a');
    g_autofree char *url64 = g_strconcat (long_q, q64, NULL);
    g_autofree char *url65 = g_strconcat (long_q, q64, "a", NULL);

    reply = http (f->session, "GET", url64, token, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
    g_clear_pointer (&reply, reply_free);
    reply = http (f->session, "GET", url65, token, NULL);
    assert_error (reply, 400, "bad_request");
    g_clear_pointer (&reply, reply_free);
  }
  reply = http (f->session, "GET", too_many, token, NULL);
  assert_error (reply, 400, "bad_request");
  g_clear_pointer (&reply, reply_free);

  reply = http (f->session, "GET", detail, token, NULL);
  page = parse (reply);
  g_assert_cmpstr (member_string (page, "title"), ==, "Fullmetal Alchemist: Brotherhood");
  node = json_object_get_object_member (json_node_get_object (page), "my_list_status");
  g_assert_cmpint (json_object_get_int_member (node, "num_episodes_watched"), ==, 20);
}

/* Faults */

static Reply *
get_list (Fixture    *f,
          const char *token)
{
  g_autofree char *url = g_strconcat (f->api, "/users/@me/animelist?fields=list_status&limit=10",
                                      NULL);

  return http (f->session, "GET", url, token, NULL);
}

static void
test_fault_rate_limit (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(Reply) limited = NULL;
  g_autoptr(Reply) early = NULL;
  g_autoptr(Reply) dos = NULL;
  g_autoptr(Reply) after = NULL;
  g_autoptr(JsonNode) body = NULL;
  guint id;

  keika_fake_mal_add_sample_entries (f->mal, "Limited");
  keika_fake_mal_issue_tokens (f->mal, "Limited", &token, NULL);

  id = keika_fake_sites_inject (f->fake, "mal", "GET /users/@me/animelist",
                                KEIKA_FAKE_FAULT_RATE_LIMIT, 2, 1);
  limited = get_list (f, token);
  g_assert_cmpuint (limited->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (limited->headers, "Retry-After"), ==, "2");
  g_assert_cmpint (keika_fake_sites_get_fault_remaining (f->fake, id), ==, 0);

  /* The fault is spent; a request before Retry-After is served but marked. */
  early = get_list (f, token);
  g_assert_cmpuint (early->status, ==, 200);
  g_assert_cmpuint (keika_fake_sites_count_too_early (f->fake, "mal"), ==, 1);

  keika_fake_sites_inject (f->fake, "mal", NULL, KEIKA_FAKE_FAULT_DOS_DETECTED, 0, 1);
  dos = get_list (f, token);
  g_assert_cmpuint (dos->status, ==, 403);
  body = parse (dos);
  g_assert_cmpstr (member_string (body, "error"), ==, "forbidden");
  g_assert_cmpstr (member_string (body, "message"), ==, "DoS detected");

  /* A steady limit with headers. */
  keika_fake_sites_set_rate_limit (f->fake, "mal", 2, 60);
  g_clear_pointer (&early, reply_free);
  early = get_list (f, token);
  g_assert_cmpuint (early->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (early->headers, "X-RateLimit-Limit"), ==, "2");
  g_assert_cmpstr (soup_message_headers_get_one (early->headers, "X-RateLimit-Remaining"), ==, "1");
  g_assert_nonnull (soup_message_headers_get_one (early->headers, "X-RateLimit-Reset"));
  g_clear_pointer (&early, reply_free);
  early = get_list (f, token);
  g_assert_cmpuint (early->status, ==, 200);
  after = get_list (f, token);
  g_assert_cmpuint (after->status, ==, 429);
  g_assert_cmpint (atoi (soup_message_headers_get_one (after->headers, "Retry-After")), >, 55);
  g_assert_cmpstr (soup_message_headers_get_one (after->headers, "X-RateLimit-Remaining"), ==, "0");
}

static void
test_fault_server_errors (Fixture       *f,
                          gconstpointer  data)
{
  const int statuses[] = { 0, 500, 502, 503 };
  g_autofree char *token = NULL;

  keika_fake_mal_issue_tokens (f->mal, "Broken", &token, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(Reply) failed = NULL;
      g_autoptr(Reply) fine = NULL;

      keika_fake_sites_inject (f->fake, "mal-api", "/users", KEIKA_FAKE_FAULT_SERVER_ERROR,
                               statuses[i], 1);
      failed = get_me (f, token);
      g_assert_cmpuint (failed->status, ==, statuses[i] != 0 ? statuses[i] : 500);
      fine = get_me (f, token);
      g_assert_cmpuint (fine->status, ==, 200);
    }
}

static void
test_fault_html (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(Reply) challenge = NULL;
  g_autoptr(Reply) maintenance = NULL;
  g_autofree char *text = NULL;

  keika_fake_mal_issue_tokens (f->mal, "Html", &token, NULL);
  keika_fake_sites_inject (f->fake, "mal", "/users/*", KEIKA_FAKE_FAULT_HTML, 0, 1);
  keika_fake_sites_inject (f->fake, "mal", "/users/*", KEIKA_FAKE_FAULT_HTML, 503, 1);

  challenge = get_me (f, token);
  g_assert_cmpuint (challenge->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (challenge->headers, NULL), ==,
                   "text/html");
  text = g_strndup (g_bytes_get_data (challenge->body, NULL), g_bytes_get_size (challenge->body));
  g_assert_true (g_str_has_prefix (text, "<!DOCTYPE html>"));

  maintenance = get_me (f, token);
  g_assert_cmpuint (maintenance->status, ==, 503);
  g_assert_cmpstr (soup_message_headers_get_content_type (maintenance->headers, NULL), ==,
                   "text/html");
}

static void
test_fault_bad_json (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(Reply) whole = NULL;
  g_autoptr(Reply) truncated = NULL;
  g_autoptr(Reply) malformed = NULL;

  keika_fake_mal_add_sample_entries (f->mal, "Json");
  keika_fake_mal_issue_tokens (f->mal, "Json", &token, NULL);

  whole = get_list (f, token);
  g_assert_true (parses (whole));

  keika_fake_sites_inject (f->fake, NULL, "/users/@me/animelist",
                           KEIKA_FAKE_FAULT_TRUNCATED_JSON, 0, 1);
  truncated = get_list (f, token);
  g_assert_cmpuint (truncated->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (truncated->headers, NULL), ==,
                   "application/json");
  g_assert_cmpuint (g_bytes_get_size (truncated->body), ==, g_bytes_get_size (whole->body) / 2);
  g_assert_false (parses (truncated));

  keika_fake_sites_inject (f->fake, NULL, "/users/@me/animelist",
                           KEIKA_FAKE_FAULT_MALFORMED_JSON, 0, 1);
  malformed = get_list (f, token);
  g_assert_cmpuint (malformed->status, ==, 200);
  g_assert_false (parses (malformed));
}

static void
test_fault_expired_token (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *refresh_token = NULL;
  g_autoptr(Reply) public = NULL;
  g_autoptr(Reply) expired = NULL;
  g_autoptr(Reply) still = NULL;
  g_autoptr(Reply) renewed = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(JsonNode) tokens = NULL;
  g_autofree char *public_url = g_strconcat (f->api, "/users/Expiring/animelist", NULL);
  guint id;

  keika_fake_mal_issue_tokens (f->mal, "Expiring", &token, &refresh_token);
  id = keika_fake_sites_inject (f->fake, "mal", NULL, KEIKA_FAKE_FAULT_EXPIRED_TOKEN, 0, 1);

  /* A request without a bearer token does not use the fault up. */
  public = http_with_header (f->session, public_url, "X-MAL-CLIENT-ID", CLIENT_ID);
  g_assert_cmpuint (public->status, ==, 200);
  g_assert_cmpint (keika_fake_sites_get_fault_remaining (f->fake, id), ==, 1);

  expired = get_me (f, token);
  assert_error (expired, 401, "invalid_token");
  g_assert_cmpstr (soup_message_headers_get_one (expired->headers, "WWW-Authenticate"), ==,
                   "Bearer error=\"invalid_token\"");
  still = get_me (f, token);
  g_assert_cmpuint (still->status, ==, 401);

  /* Refresh once, retry once. */
  renewed = refresh (f, refresh_token);
  g_assert_cmpuint (renewed->status, ==, 200);
  tokens = parse (renewed);
  again = get_me (f, member_string (tokens, "access_token"));
  g_assert_cmpuint (again->status, ==, 200);
}

static void
test_fault_slow (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *url = g_strconcat (f->api, "/users/@me", NULL);
  g_autofree char *search = g_strconcat (f->api, "/anime?q=bebop", NULL);
  g_autoptr(Reply) slow = NULL;
  g_autoptr(Reply) quick = NULL;
  g_autoptr(KeikaFakeRequest) request = NULL;
  Pending *slow_pending;
  Pending *quick_pending;
  gint64 begin;

  keika_fake_mal_issue_tokens (f->mal, "Slow", &token, NULL);
  keika_fake_sites_inject (f->fake, "mal", "/users/@me", KEIKA_FAKE_FAULT_SLOW, 400, 1);

  /* The slow answer does not hold up the others. */
  begin = g_get_monotonic_time ();
  slow_pending = start (f->session, "GET", url, token, NULL);
  quick_pending = start (f->session, "GET", search, token, NULL);
  slow = finish (slow_pending);
  quick = finish (quick_pending);

  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_cmpuint (quick->status, ==, 200);
  g_assert_cmpint (slow->done_time - begin, >=, 400 * 1000);
  g_assert_cmpint (quick->done_time, <, slow->done_time);

  request = keika_fake_sites_get_last_request (f->fake, "mal", "/users/@me");
  g_assert_cmpint (request->fault, ==, KEIKA_FAKE_FAULT_SLOW);
  g_assert_cmpint (request->answer_time - request->time, >=, 400 * 1000);
}

static void
test_fault_slow_abandoned (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *url = g_strconcat (f->api, "/anime?q=bebop", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(Reply) abandoned = NULL;
  g_autoptr(Reply) reply = NULL;
  Pending *p = g_new0 (Pending, 1);

  /* A client that gives up on a slow answer leaves the fake working. */
  keika_fake_sites_inject (f->fake, "mal", "/anime", KEIKA_FAKE_FAULT_SLOW, 300, 1);
  p->reply = g_new0 (Reply, 1);
  p->msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (p->msg), "X-MAL-CLIENT-ID",
                                CLIENT_ID);
  g_timeout_add_once (50, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  soup_session_send_and_read_async (f->session, p->msg, G_PRIORITY_DEFAULT, cancellable,
                                    send_cb, p);
  abandoned = finish (p);
  g_assert_error (abandoned->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  reply = http_with_header (f->session, url, "X-MAL-CLIENT-ID", CLIENT_ID);
  g_assert_cmpuint (reply->status, ==, 200);

  /* Past the delay: the paused answer of the abandoned request is dropped quietly. */
  {
    gint64 end = g_get_monotonic_time () + 400 * 1000;

    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
}

static void
test_fault_slow_dispose (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *url = g_strconcat (f->api, "/anime?q=bebop", NULL);
  g_autoptr(Reply) reply = NULL;
  Pending *p;

  /* The fake goes away while an answer is paused: the client gets an error. */
  keika_fake_sites_inject (f->fake, "mal", "/anime", KEIKA_FAKE_FAULT_SLOW, 5000, 1);
  p = start (f->session, "GET", url, NULL, NULL);
  while (keika_fake_sites_count_requests (f->fake, NULL, NULL) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&f->fake);
  reply = finish (p);
  g_assert_nonnull (reply->error);
}

static void
test_fault_close (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(Reply) closed = NULL;
  g_autoptr(Reply) fine = NULL;
  g_autoptr(Reply) fine_again = NULL;
  g_autoptr(KeikaFakeRequest) request = NULL;

  keika_fake_mal_issue_tokens (f->mal, "Closed", &token, NULL);
  keika_fake_sites_inject (f->fake, "mal", "/users/@me", KEIKA_FAKE_FAULT_CLOSE_CONNECTION, 0, 1);

  /* On a new connection, libsoup does not retry. */
  closed = get_me (f, token);
  g_assert_nonnull (closed->error);
  g_assert_null (closed->body);
  request = keika_fake_sites_get_last_request (f->fake, "mal", "/users/@me");
  g_assert_cmpint (request->fault, ==, KEIKA_FAKE_FAULT_CLOSE_CONNECTION);
  g_assert_cmpuint (request->status, ==, 0);

  fine = get_me (f, token);
  g_assert_cmpuint (fine->status, ==, 200);

  /* On a reused keep-alive connection a client may resend the request once
   * by itself (libsoup does when the close looks like an idle timeout): then
   * the fault is used up unseen. With a count of 2 the client always sees it. */
  g_clear_pointer (&closed, reply_free);
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "mal", "/users/@me", KEIKA_FAKE_FAULT_CLOSE_CONNECTION, 0, 1);
  closed = get_me (f, token);
  if (closed->error != NULL)
    g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, "mal", "/users/@me"), ==, 1);
  else
    g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, "mal", "/users/@me"), ==, 2);

  g_clear_pointer (&closed, reply_free);
  fine_again = get_me (f, token);
  g_assert_cmpuint (fine_again->status, ==, 200);
  keika_fake_sites_inject (f->fake, "mal", "/users/@me", KEIKA_FAKE_FAULT_CLOSE_CONNECTION, 0, 2);
  closed = get_me (f, token);
  g_assert_nonnull (closed->error);
  g_assert_null (closed->body);
}

static void
test_fault_patterns (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *patch_url = g_strdup_printf ("%s/anime/1/my_list_status", f->api);
  g_autofree char *get_url = g_strdup_printf ("%s/anime/1", f->api);
  g_autoptr(GError) error = NULL;
  guint id;

  keika_fake_mal_issue_tokens (f->mal, "Patterns", &token, NULL);

  /* Only PATCH, twice, then normal again. */
  id = keika_fake_sites_inject (f->fake, "mal", "PATCH /anime/*", KEIKA_FAKE_FAULT_SERVER_ERROR,
                                503, 2);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(Reply) get = http (f->session, "GET", get_url, token, NULL);
      g_autoptr(Reply) patch = http (f->session, "PATCH", patch_url, token, "score=1");

      g_assert_cmpuint (get->status, ==, 200);
      g_assert_cmpuint (patch->status, ==, i < 2 ? 503 : 200);
    }
  g_assert_cmpint (keika_fake_sites_get_fault_remaining (f->fake, id), ==, 0);

  /* Another site's name does not match; forever lasts until removed. */
  id = keika_fake_sites_inject (f->fake, "anilist", NULL, KEIKA_FAKE_FAULT_SERVER_ERROR, 0,
                                KEIKA_FAKE_FOREVER);
  {
    g_autoptr(Reply) get = http (f->session, "GET", get_url, token, NULL);

    g_assert_cmpuint (get->status, ==, 200);
  }
  keika_fake_sites_remove_fault (f->fake, id);

  id = keika_fake_sites_inject (f->fake, NULL, "/anime", KEIKA_FAKE_FAULT_SERVER_ERROR, 0,
                                KEIKA_FAKE_FOREVER);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Reply) get = http (f->session, "GET", get_url, token, NULL);

      g_assert_cmpuint (get->status, ==, 500);
    }
  g_assert_cmpint (keika_fake_sites_get_fault_remaining (f->fake, id), ==, -1);
  keika_fake_sites_clear_faults (f->fake);

  /* The text form, for the program. */
  id = keika_fake_sites_inject_spec (f->fake, "mal:GET /anime/*:429=3:2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (keika_fake_sites_get_fault_remaining (f->fake, id), ==, 2);
  {
    g_autoptr(Reply) get = http (f->session, "GET", get_url, token, NULL);

    g_assert_cmpuint (get->status, ==, 429);
    g_assert_cmpstr (soup_message_headers_get_one (get->headers, "Retry-After"), ==, "3");
  }
  id = keika_fake_sites_inject_spec (f->fake, "*:/x:slow:forever", &error);
  g_assert_no_error (error);
  g_assert_cmpint (keika_fake_sites_get_fault_remaining (f->fake, id), ==, -1);
  g_assert_cmpuint (keika_fake_sites_inject_spec (f->fake, "mal:/x:teapot", &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (keika_fake_sites_inject_spec (f->fake, "mal", &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_log (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *url = g_strdup_printf ("%s/anime/1/my_list_status", f->api);
  g_autoptr(Reply) me = NULL;
  g_autoptr(Reply) patch = NULL;
  g_autoptr(GPtrArray) all = NULL;
  KeikaFakeRequest *first;
  KeikaFakeRequest *second;

  keika_fake_mal_issue_tokens (f->mal, "Logged", &token, NULL);
  me = get_me (f, token);
  patch = http (f->session, "PATCH", url, token, "status=completed&comments=a+b%26c");

  all = keika_fake_sites_get_requests (f->fake, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 2);
  first = g_ptr_array_index (all, 0);
  second = g_ptr_array_index (all, 1);

  g_assert_cmpstr (first->site, ==, "mal");
  g_assert_cmpstr (first->endpoint, ==, "mal-api");
  g_assert_cmpstr (first->method, ==, "GET");
  g_assert_cmpstr (first->path, ==, "/mal/api/v2/users/@me");
  g_assert_cmpstr (first->site_path, ==, "/users/@me");
  g_assert_null (first->query);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpint (first->fault, ==, KEIKA_FAKE_FAULT_NONE);
  g_assert_nonnull (keika_fake_request_get_header (first, "Authorization"));
  g_assert_cmpint (first->time, <=, first->answer_time);
  g_assert_cmpint (first->time, <=, second->time);

  g_assert_cmpstr (second->method, ==, "PATCH");
  g_assert_cmpstr (keika_fake_request_get_form (second, "comments"), ==, "a b&c");
  g_assert_cmpuint (g_bytes_get_size (second->body), ==,
                    strlen ("status=completed&comments=a+b%26c"));

  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, "mal", NULL), ==, 2);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, "mal-api", "/users"), ==, 1);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, "mal-auth", NULL), ==, 0);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, NULL,
                                                     "PATCH /anime/1/my_list_status"), ==, 1);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, NULL, "GET /anime"), ==, 0);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, NULL, "/mal/api/v2/anime/*"), ==, 1);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, NULL, "/use"), ==, 0);

  keika_fake_sites_clear_requests (f->fake);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, NULL, NULL), ==, 0);
  /* Records handed out stay valid. */
  g_assert_cmpstr (first->method, ==, "GET");
}

static void
test_generator (void)
{
  g_autoptr(KeikaFakeSites) a = keika_fake_sites_new (NULL);
  g_autoptr(KeikaFakeSites) b = keika_fake_sites_new (NULL);
  KeikaFakeMal *mal_a = keika_fake_sites_get_mal (a);
  KeikaFakeMal *mal_b = keika_fake_sites_get_mal (b);
  gboolean non_ascii = FALSE;

  keika_fake_mal_generate_entries (mal_a, "Gen", 300, 42);
  keika_fake_mal_generate_entries (mal_b, "Gen", 300, 42);

  for (gint64 id = 100000; id < 100300; id++)
    {
      const KeikaFakeMalEntry *ea = keika_fake_mal_lookup_entry (mal_a, "Gen", id);
      const KeikaFakeMalEntry *eb = keika_fake_mal_lookup_entry (mal_b, "Gen", id);

      g_assert_nonnull (ea);
      g_assert_cmpstr (ea->status, ==, eb->status);
      g_assert_cmpuint (ea->score, ==, eb->score);
      g_assert_cmpint (ea->updated_at, ==, eb->updated_at);
      g_assert_cmpstr (ea->comments, ==, eb->comments);
      if (ea->comments != NULL && !g_str_is_ascii (ea->comments))
        non_ascii = TRUE;
    }
  g_assert_true (non_ascii);
}

/* The program: prints the variables, serves, stops on SIGTERM. */
static void
test_program (void)
{
  const char *bin = g_getenv ("KEIKA_FAKE_SITES_BIN");
  const char *argv[] = { bin, "--entries", "1200", "--mal-user", "Prog",
                         "--fault", "mal:/users/@me:500:1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GPtrArray) next_urls = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *api = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *location = NULL;
  g_autofree char *code = NULL;
  g_autoptr(Reply) failed = NULL;
  g_autoptr(Reply) tokens_reply = NULL;
  g_autoptr(JsonNode) tokens = NULL;
  g_autoptr(GArray) ids = NULL;
  Fixture f = { NULL, };

  if (bin == NULL)
    {
      g_test_skip ("KEIKA_FAKE_SITES_BIN is not set");
      return;
    }

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  while (api == NULL || auth == NULL)
    {
      g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_str_has_prefix (line, "KEIKA_MAL_API_URL="))
        api = g_strdup (line + strlen ("KEIKA_MAL_API_URL="));
      else if (g_str_has_prefix (line, "KEIKA_MAL_AUTH_URL="))
        auth = g_strdup (line + strlen ("KEIKA_MAL_AUTH_URL="));
    }
  g_assert_true (g_str_has_prefix (api, "http://127.0.0.1:"));

  f.session = session;
  f.api = api;
  f.auth = auth;
  location = authorize (&f, "s");
  code = query_param (location, "code");
  tokens_reply = exchange (&f, code, VERIFIER, REDIRECT);
  g_assert_cmpuint (tokens_reply->status, ==, 200);
  tokens = parse (tokens_reply);

  failed = get_me (&f, member_string (tokens, "access_token"));
  g_assert_cmpuint (failed->status, ==, 500);

  {
    g_autofree char *url = g_strconcat (api, "/users/@me/animelist?limit=1000&nsfw=true", NULL);

    ids = pull (&f, url, member_string (tokens, "access_token"), next_urls, NULL);
  }
  g_assert_cmpuint (ids->len, ==, 1200);
  g_assert_cmpuint (next_urls->len, ==, 1);

  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

void test_fake_anilist_add_tests (void);
void test_fake_kitsu_add_tests (void);
void test_fake_anitrack_add_tests (void);

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sites/urls", test_urls);
  ADD ("/sites/mal/oauth/pkce", test_oauth_pkce);
  ADD ("/sites/mal/oauth/refusals", test_oauth_refusals);
  ADD ("/sites/mal/oauth/refresh", test_oauth_refresh);
  ADD ("/sites/mal/expired-token", test_expired_token);
  ADD ("/sites/mal/paging", test_paging);
  ADD ("/sites/mal/public-read", test_public_read);
  ADD ("/sites/mal/patch", test_patch);
  ADD ("/sites/mal/delete", test_delete);
  ADD ("/sites/mal/search", test_search);
  ADD ("/sites/faults/rate-limit", test_fault_rate_limit);
  ADD ("/sites/faults/server-errors", test_fault_server_errors);
  ADD ("/sites/faults/html", test_fault_html);
  ADD ("/sites/faults/bad-json", test_fault_bad_json);
  ADD ("/sites/faults/expired-token", test_fault_expired_token);
  ADD ("/sites/faults/slow", test_fault_slow);
  ADD ("/sites/faults/slow-abandoned", test_fault_slow_abandoned);
  ADD ("/sites/faults/slow-dispose", test_fault_slow_dispose);
  ADD ("/sites/faults/close", test_fault_close);
  ADD ("/sites/faults/patterns", test_fault_patterns);
  ADD ("/sites/log", test_log);
  ADD ("/sites/control/mal", test_control_mal);
  g_test_add_func ("/sites/mal/generator", test_generator);
  g_test_add_func ("/sites/program", test_program);
  test_fake_anilist_add_tests ();
  test_fake_kitsu_add_tests ();
  test_fake_anitrack_add_tests ();

#undef ADD

  return g_test_run ();
}
