/* test-fake-anilist-account.c: the fake AniList is as demanding as AniList: writing,
 * tokens, sign-in, its answers
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "test-fake-anilist-util.h"

#define REDIRECT    "http://127.0.0.1:45123/callback"

/* Mutations */

static void
test_save (AnilistFixture *f,
           gconstpointer   data)
{
  g_autofree char *token = keika_fake_anilist_issue_token (f->anilist, "Saver", 3600);
  g_autofree char *other = keika_fake_anilist_issue_token (f->anilist, "Else", 3600);
  g_autofree char *long_notes = g_strnfill (2001, 'n');
  g_autofree char *variables = NULL;
  g_autoptr(AnilistReply) reply = NULL;
  const KeikaFakeAnilistEntry *entry;
  JsonNode *json;
  gint64 id, now;

  /* A new entry: a fresh list-entry id; again by mediaId: the same entry. */
  reply = anilist_save (f, token, "{\"mediaId\":9253,\"status\":\"CURRENT\",\"progress\":3,"
                          "\"scoreRaw\":77,\"notes\":\"  two\\nlines \","
                          "\"startedAt\":{\"year\":2024,\"month\":5,\"day\":null}}");
  g_assert_cmpuint (reply->status, ==, 200);
  json = reply->json;
  id = node_int (json, "data.SaveMediaListEntry.id");
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (node_int (json, "data.SaveMediaListEntry.mediaId"), ==, 9253);
  g_assert_cmpstr (node_string (json, "data.SaveMediaListEntry.notes"), ==, "  two\nlines ");
  g_assert_cmpint (node_int (json, "data.SaveMediaListEntry.startedAt.month"), ==, 5);
  g_assert_true (node_null (json, "data.SaveMediaListEntry.startedAt.day"));
  now = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (ABS (node_int (json, "data.SaveMediaListEntry.updatedAt") - now), <=, 2);
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_save (f, token, "{\"mediaId\":9253,\"progress\":4}");
  g_assert_cmpint (node_int (reply->json, "data.SaveMediaListEntry.id"), ==, id);
  g_assert_cmpuint (keika_fake_anilist_get_n_entries (f->anilist, "Saver"), ==, 1);
  entry = keika_fake_anilist_lookup_entry (f->anilist, "Saver", 9253);
  /* Only what was given changed. */
  g_assert_cmpuint (entry->progress, ==, 4);
  g_assert_cmpuint (entry->score_raw, ==, 77);
  g_assert_cmpstr (entry->notes, ==, "  two\nlines ");
  g_assert_cmpuint (entry->started_at.year, ==, 2024);
  g_clear_pointer (&reply, anilist_reply_free);

  /* By id; progress capped to the episodes; CURRENT at the last episode stays CURRENT. */
  variables = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"progress\":999}", id);
  reply = anilist_save (f, token, variables);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpint (node_int (reply->json, "data.SaveMediaListEntry.progress"), ==, 24);
  g_assert_cmpstr (node_string (reply->json, "data.SaveMediaListEntry.status"), ==, "CURRENT");
  g_clear_pointer (&reply, anilist_reply_free);

  /* Someone else's entry, an unknown one. */
  reply = anilist_save (f, other, variables);
  assert_graphql_error (reply, 404, "Not Found.");
  assert_members (reply->json, "data", "SaveMediaListEntry");
  g_assert_true (node_null (reply->json, "data.SaveMediaListEntry"));
  g_clear_pointer (&reply, anilist_reply_free);
  reply = anilist_save (f, token, "{\"id\":1,\"progress\":1}");
  assert_graphql_error (reply, 404, "Not Found.");
  g_clear_pointer (&reply, anilist_reply_free);

  /* Validation: 400, the fields and their messages. */
  reply = anilist_save (f, token, "{\"mediaId\":9253,\"scoreRaw\":101}");
  assert_graphql_error (reply, 400, "validation");
  g_assert_cmpstr (node_string (reply->json, "errors[0].validation.scoreRaw[0]"), ==,
                   "The score raw must be between 0 and 100.");
  g_assert_true (node_null (reply->json, "data.SaveMediaListEntry"));
  g_clear_pointer (&reply, anilist_reply_free);
  {
    g_autofree char *bad = g_strdup_printf ("{\"mediaId\":9253,\"progress\":-1,\"repeat\":-2,"
                                            "\"notes\":\"%s\"}", long_notes);

    reply = anilist_save (f, token, bad);
    assert_graphql_error (reply, 400, "validation");
    assert_members (reply->json, "errors[0].validation", "progress repeat notes");
    g_clear_pointer (&reply, anilist_reply_free);
  }
  reply = anilist_save (f, token, "{\"mediaId\":424242,\"progress\":1}");
  assert_graphql_error (reply, 400, "validation");
  g_assert_nonnull (node_at (reply->json, "errors[0].validation.mediaId"));
  g_clear_pointer (&reply, anilist_reply_free);
  entry = keika_fake_anilist_lookup_entry (f->anilist, "Saver", 9253);
  g_assert_cmpuint (entry->progress, ==, 24);
  g_assert_null (keika_fake_anilist_lookup_entry (f->anilist, "Saver", 424242));

  /* A score in the user's format. */
  reply = anilist_gql (f, token, "mutation ($s: Float) { "
                       "SaveMediaListEntry(mediaId: 9253, score: $s) "
               "{ score(format: POINT_100) } }", "{\"s\":7.5}");
  g_assert_cmpint (node_int (reply->json, "data.SaveMediaListEntry.score"), ==, 75);
  g_clear_pointer (&reply, anilist_reply_free);

  /* Custom lists and hidden from the status lists. */
  reply = anilist_gql (f, token, "mutation { SaveMediaListEntry(mediaId: 1, status: PLANNING, "
               "customLists: [\"Later\"], hiddenFromStatusLists: true) { id status "
               "hiddenFromStatusLists customLists(asArray: true) } }", NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (node_string (reply->json, "data.SaveMediaListEntry.customLists[0].name"), ==,
                   "Later");
  g_assert_true (node_bool (reply->json, "data.SaveMediaListEntry.customLists[0]"
                                                         ".enabled"));
  g_clear_pointer (&reply, anilist_reply_free);

  /* Without a token. */
  reply = anilist_save (f, NULL, "{\"mediaId\":1}");
  assert_graphql_error (reply, 401, "Unauthorized.");
  g_assert_true (node_null (reply->json, "data"));
}

static void
test_delete (AnilistFixture *f,
             gconstpointer   data)
{
  g_autofree char *token = keika_fake_anilist_issue_token (f->anilist, "Deleter", 3600);
  g_autofree char *other = keika_fake_anilist_issue_token (f->anilist, "Bystander", 3600);
  g_autofree char *query = read_anilist_query ("delete.graphql");
  KeikaFakeAnilistEntry entry = { .media_id = 21, .status = "CURRENT", .progress = 5 };
  g_autofree char *variables = NULL;
  g_autoptr(AnilistReply) reply = NULL;
  gint64 id;

  id = keika_fake_anilist_add_entry (f->anilist, "Deleter", &entry);
  variables = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT "}", id);

  reply = anilist_gql (f, other, query, variables);
  assert_graphql_error (reply, 404, "Not Found.");
  g_assert_true (node_null (reply->json, "data.DeleteMediaListEntry"));
  g_clear_pointer (&reply, anilist_reply_free);
  reply = anilist_gql (f, NULL, query, variables);
  assert_graphql_error (reply, 401, "Unauthorized.");
  g_clear_pointer (&reply, anilist_reply_free);
  g_assert_nonnull (keika_fake_anilist_lookup_entry (f->anilist, "Deleter", 21));

  reply = anilist_gql (f, token, query, variables);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_true (node_bool (reply->json, "data.DeleteMediaListEntry.deleted"));
  g_assert_cmpuint (keika_fake_anilist_get_n_entries (f->anilist, "Deleter"), ==, 0);
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_gql (f, token, query, variables);
  assert_graphql_error (reply, 404, "Not Found.");
}

/* Tokens and the implicit grant */

static GHashTable *
fragment_params (const char *location)
{
  const char *hash = strchr (location, '#');

  g_assert_nonnull (hash);

  return soup_form_decode (hash + 1);
}

static AnilistReply *
anilist_authorize (AnilistFixture *f,
                   const char     *client_id,
                   const char     *response_type,
                   const char     *redirect,
                   const char     *state)
{
  g_autofree char *redirect_e = g_uri_escape_string (redirect, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/authorize?client_id=%s&response_type=%s"
                                          "&redirect_uri=%s%s%s", f->auth, client_id,
                                          response_type, redirect_e,
                                          state != NULL ? "&state=" : "",
                                          state != NULL ? state : "");

  return anilist_request (f, "GET", url, NULL, NULL, NULL);
}

static void
test_implicit_grant (AnilistFixture *f,
                     gconstpointer   data)
{
  static const struct { KeikaFakeAnilistAuthorize answer; const char *token, *state, *error; }
  answers[] = {
    { KEIKA_FAKE_ANILIST_AUTHORIZE_DENY, NULL, "s1", "access_denied" },
    { KEIKA_FAKE_ANILIST_AUTHORIZE_WRONG_STATE, "yes", "other", NULL },
    { KEIKA_FAKE_ANILIST_AUTHORIZE_NO_STATE, "yes", NULL, NULL },
    { KEIKA_FAKE_ANILIST_AUTHORIZE_NO_TOKEN, NULL, "s1", NULL },
  };
  g_autoptr(AnilistReply) reply = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GString) base64 = NULL;
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) secrets = NULL;
  const char *location;
  const char *token;
  g_autofree guchar *decoded = NULL;
  gsize len;
  gint64 user_id = keika_fake_anilist_add_user (f->anilist, "Browser");

  keika_fake_anilist_add_user (f->anilist, "Second");
  keika_fake_anilist_set_browser_user (f->anilist, "Browser");
  reply = anilist_authorize (f, KEIKA_FAKE_ANILIST_CLIENT_ID, "token", REDIRECT, "s1");
  g_assert_cmpuint (reply->status, ==, 302);
  location = soup_message_headers_get_one (reply->headers, "Location");
  g_assert_true (g_str_has_prefix (location, REDIRECT "#access_token="));
  params = fragment_params (location);
  g_assert_cmpstr (g_hash_table_lookup (params, "token_type"), ==, "Bearer");
  g_assert_cmpstr (g_hash_table_lookup (params, "expires_in"), ==, "31536000");
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "s1");
  token = g_hash_table_lookup (params, "access_token");

  /* A JWT: its payload says whose, for whom, until when. */
  parts = g_strsplit (token, ".", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  base64 = g_string_new (parts[1]);
  g_strdelimit (base64->str, "-", '+');
  g_strdelimit (base64->str, "_", '/');
  while (base64->len % 4 != 0)
    g_string_append_c (base64, '=');
  decoded = g_base64_decode (base64->str, &len);
  {
    g_autofree char *text = g_strndup ((char *) decoded, len);
    g_autofree char *sub = g_strdup_printf ("%" G_GINT64_FORMAT, user_id);

    payload = json_from_string (text, NULL);
    g_assert_nonnull (payload);
    g_assert_cmpstr (node_string (payload, "aud"), ==, "4242");
    g_assert_cmpstr (node_string (payload, "sub"), ==, sub);
    g_assert_cmpint (node_int (payload, "exp") - node_int (payload, "iat"), ==, 31536000);
    g_assert_cmpint (node_int (payload, "nbf"), ==, node_int (payload, "iat"));
    g_assert_cmpuint (node_length (payload, "scopes"), ==, 0);
    g_assert_nonnull (node_string (payload, "jti"));
  }
  secrets = keika_fake_anilist_dup_secrets (f->anilist);
  g_assert_true (g_strv_contains ((const char * const *) secrets, token));
  {
    g_autoptr(AnilistReply) viewer = anilist_gql (f, token, "{ Viewer { id name } }", NULL);

    g_assert_cmpint (node_int (viewer->json, "data.Viewer.id"), ==, user_id);
  }
  g_clear_pointer (&reply, anilist_reply_free);
  g_clear_pointer (&params, g_hash_table_unref);

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      keika_fake_anilist_set_authorize_answer (f->anilist, answers[i].answer);
      reply = anilist_authorize (f, KEIKA_FAKE_ANILIST_CLIENT_ID, "token", REDIRECT, "s1");
      g_assert_cmpuint (reply->status, ==, 302);
      params = fragment_params (soup_message_headers_get_one (reply->headers, "Location"));
      g_assert_true ((g_hash_table_lookup (params, "access_token") != NULL)
                     == (answers[i].token != NULL));
      if (answers[i].state == NULL)
        g_assert_false (g_hash_table_contains (params, "state"));
      else if (g_str_equal (answers[i].state, "other"))
        g_assert_cmpstr (g_hash_table_lookup (params, "state"), !=, "s1");
      else
        g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "s1");
      g_assert_cmpstr (g_hash_table_lookup (params, "error"), ==, answers[i].error);
      g_clear_pointer (&reply, anilist_reply_free);
      g_clear_pointer (&params, g_hash_table_unref);
    }
  keika_fake_anilist_set_authorize_answer (f->anilist, KEIKA_FAKE_ANILIST_AUTHORIZE_APPROVE);

  /* Refused requests: a 400 page, no redirect. */
  reply = anilist_authorize (f, "9999", "token", REDIRECT, "s");
  g_assert_cmpuint (reply->status, ==, 400);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "text/html");
  g_clear_pointer (&reply, anilist_reply_free);
  reply = anilist_authorize (f, KEIKA_FAKE_ANILIST_CLIENT_ID, "code", REDIRECT, "s");
  g_assert_cmpuint (reply->status, ==, 400);
  g_clear_pointer (&reply, anilist_reply_free);
  reply = anilist_authorize (f, KEIKA_FAKE_ANILIST_CLIENT_ID, "token", "https://example.com/cb",
                             "s");
  g_assert_cmpuint (reply->status, ==, 400);
  g_clear_pointer (&reply, anilist_reply_free);
  keika_fake_anilist_set_redirect_uri (f->anilist, "http://127.0.0.1:1/callback");
  reply = anilist_authorize (f, KEIKA_FAKE_ANILIST_CLIENT_ID, "token", REDIRECT, "s");
  g_assert_cmpuint (reply->status, ==, 400);
  g_clear_pointer (&reply, anilist_reply_free);
  reply = anilist_authorize (f, KEIKA_FAKE_ANILIST_CLIENT_ID, "token",
                             "http://127.0.0.1:1/callback", "s");
  g_assert_cmpuint (reply->status, ==, 302);
  g_clear_pointer (&reply, anilist_reply_free);

  /* The pin flow's page. */
  {
    g_autofree char *pin = g_strconcat (f->auth, "/pin", NULL);

    keika_fake_anilist_set_redirect_uri (f->anilist, NULL);
    reply = anilist_authorize (f, KEIKA_FAKE_ANILIST_CLIENT_ID, "token", pin, NULL);
    g_assert_cmpuint (reply->status, ==, 302);
    g_assert_true (g_str_has_prefix (soup_message_headers_get_one (reply->headers, "Location"),
                                     pin));
    g_clear_pointer (&reply, anilist_reply_free);
    reply = anilist_authorize (f, KEIKA_FAKE_ANILIST_CLIENT_ID, "token",
                       "https://anilist.co/api/v2/oauth/pin", "s");
    g_assert_cmpuint (reply->status, ==, 302);
    g_assert_true (g_str_has_prefix (soup_message_headers_get_one (reply->headers, "Location"),
                                     pin));
    g_clear_pointer (&reply, anilist_reply_free);
    reply = anilist_request (f, "GET", pin, NULL, NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
  }
}

static void
test_expired_token (AnilistFixture *f,
                    gconstpointer   data)
{
  g_autofree char *expired = keika_fake_anilist_issue_token (f->anilist, "Late", 0);
  g_autofree char *token = keika_fake_anilist_issue_token (f->anilist, "Late", 3600);
  g_autofree char *text = NULL;
  g_autoptr(AnilistReply) reply = NULL;
  guint fault;

  g_assert_cmpuint (keika_fake_anilist_count_valid_tokens (f->anilist), ==, 1);
  reply = anilist_gql (f, expired, "{ Media(id: 1) { id } }", NULL);
  assert_graphql_error (reply, 401, "Invalid token");
  text = anilist_reply_text (reply);
  g_assert_cmpstr (text, ==, "{\"errors\":[{\"message\":\"Invalid token\",\"status\":401}],"
                             "\"data\":null}");
  g_clear_pointer (&reply, anilist_reply_free);
  reply = anilist_gql (f, "not.a.token", "{ Media(id: 1) { id } }", NULL);
  assert_graphql_error (reply, 401, "Invalid token");
  g_clear_pointer (&reply, anilist_reply_free);

  /* The core's fault: a request without a token does not use it up. */
  fault = keika_fake_sites_inject (f->fake, "anilist", NULL, KEIKA_FAKE_FAULT_EXPIRED_TOKEN, 0, 1);
  reply = anilist_gql (f, NULL, "{ Media(id: 1) { id } }", NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpint (keika_fake_sites_get_fault_remaining (f->fake, fault), ==, 1);
  g_clear_pointer (&reply, anilist_reply_free);
  reply = anilist_gql (f, token, "{ Viewer { id } }", NULL);
  assert_graphql_error (reply, 401, "Invalid token");
  g_assert_cmpuint (keika_fake_anilist_count_valid_tokens (f->anilist), ==, 0);
  g_clear_pointer (&reply, anilist_reply_free);

  g_clear_pointer (&token, g_free);
  token = keika_fake_anilist_issue_token (f->anilist, "Late", 3600);
  keika_fake_anilist_expire_tokens (f->anilist);
  reply = anilist_gql (f, token, "{ Viewer { id } }", NULL);
  assert_graphql_error (reply, 401, "Invalid token");
}

/* Answers */

static void
test_errors_with_200 (AnilistFixture *f,
                      gconstpointer   data)
{
  g_autofree char *token = keika_fake_anilist_issue_token (f->anilist, "Unlucky", 3600);
  g_autoptr(AnilistReply) reply = NULL;

  keika_fake_anilist_fail_next_with_200 (f->anilist, "Internal Server Error", 2);
  for (guint i = 0; i < 2; i++)
    {
      reply = anilist_save (f, token, "{\"mediaId\":1,\"progress\":3}");
      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpstr (node_string (reply->json, "errors[0].message"), ==, "Internal Server Error");
      g_assert_cmpint (node_int (reply->json, "errors[0].status"), ==, 500);
      g_assert_true (node_null (reply->json, "data"));
      g_clear_pointer (&reply, anilist_reply_free);
    }
  g_assert_null (keika_fake_anilist_lookup_entry (f->anilist, "Unlucky", 1));

  reply = anilist_save (f, token, "{\"mediaId\":1,\"progress\":3}");
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_null (node_at (reply->json, "errors"));
  g_assert_nonnull (keika_fake_anilist_lookup_entry (f->anilist, "Unlucky", 1));
}

static void
test_rate_limit (AnilistFixture *f,
                 gconstpointer   data)
{
  g_autoptr(AnilistReply) reply = NULL;
  g_autofree char *text = NULL;

  /* The default: 30 a minute on the API. */
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *remaining = g_strdup_printf ("%u", 29 - i);

      reply = anilist_gql (f, NULL, "{ Media(id: 1) { id } }", NULL);
      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-RateLimit-Limit"), ==,
                       "30");
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-RateLimit-Remaining"),
                       ==, remaining);
      g_clear_pointer (&reply, anilist_reply_free);
    }
  reply = anilist_gql (f, NULL, "{ Media(id: 1) { id } }", NULL);
  g_assert_cmpuint (reply->status, ==, 429);
  g_assert_cmpint (atoi (soup_message_headers_get_one (reply->headers, "Retry-After")), >, 0);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-RateLimit-Remaining"), ==, "0");
  text = anilist_reply_text (reply);
  g_assert_cmpstr (text, ==, "{\"data\":null,\"errors\":[{\"message\":\"Too Many Requests.\","
                             "\"status\":429}]}");
  g_clear_pointer (&reply, anilist_reply_free);

  /* The authorize page is not the API. */
  reply = anilist_authorize (f, KEIKA_FAKE_ANILIST_CLIENT_ID, "token", REDIRECT, "s");
  g_assert_cmpuint (reply->status, ==, 302);
  g_assert_null (soup_message_headers_get_one (reply->headers, "X-RateLimit-Limit"));
  g_clear_pointer (&reply, anilist_reply_free);

  /* Off, as fast tests have it; a 429 fault still speaks AniList. */
  keika_fake_sites_set_rate_limit (f->fake, "anilist", 0, 0);
  reply = anilist_gql (f, NULL, "{ Media(id: 1) { id } }", NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (reply->headers, "X-RateLimit-Limit"));
  g_clear_pointer (&reply, anilist_reply_free);
  keika_fake_sites_inject (f->fake, "anilist-api", NULL, KEIKA_FAKE_FAULT_RATE_LIMIT, 7, 1);
  reply = anilist_gql (f, NULL, "{ Media(id: 1) { id } }", NULL);
  g_assert_cmpuint (reply->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Retry-After"), ==, "7");
  assert_graphql_error (reply, 429, "Too Many Requests.");
  g_clear_pointer (&reply, anilist_reply_free);
  keika_fake_sites_inject (f->fake, "anilist", NULL, KEIKA_FAKE_FAULT_SERVER_ERROR, 502, 1);
  reply = anilist_gql (f, NULL, "{ Media(id: 1) { id } }", NULL);
  assert_graphql_error (reply, 502, "Bad Gateway");
}

/* Control paths and the program */

static void
test_program (void)
{
  const char *bin = g_getenv ("KEIKA_FAKE_SITES_BIN");
  const char *argv[] = { bin, "--control", "--anilist-user", "Prog", "--anilist-entries", "40",
                         NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *api = NULL;
  g_autofree char *control = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *list_url = NULL;
  g_autofree char *entry_url = NULL;
  g_autofree char *collection = read_anilist_query ("collection.graphql");
  g_autoptr(AnilistReply) reply = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) entries = NULL;
  AnilistFixture f = { NULL, };
  gint64 media_id;

  if (bin == NULL)
    {
      g_test_skip ("KEIKA_FAKE_SITES_BIN is not set");
      return;
    }

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  while (api == NULL || control == NULL)
    {
      g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_str_has_prefix (line, "KEIKA_ANILIST_API_URL="))
        api = g_strdup (line + strlen ("KEIKA_ANILIST_API_URL="));
      else if (g_str_has_prefix (line, "KEIKA_FAKE_CONTROL_URL="))
        control = g_strdup (line + strlen ("KEIKA_FAKE_CONTROL_URL="));
    }

  f.session = soup_session_new ();
  f.api = api;
  token_url = g_strconcat (control, "/anilist/token?user=Prog&lifetime=600", NULL);
  reply = anilist_request (&f, "POST", token_url, NULL, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpint (node_int (reply->json, "expires_in"), ==, 600);
  {
    g_autofree char *token = g_strdup (node_string (reply->json, "access_token"));

    g_clear_pointer (&reply, anilist_reply_free);
    reply = anilist_gql (&f, token, collection, "{\"userName\":\"Prog\"}");
    g_assert_cmpuint (reply->status, ==, 200);
    g_ptr_array_unref (collection_entries (reply->json, ids));
    g_assert_cmpuint (g_hash_table_size (ids), ==, 40);
    g_clear_pointer (&reply, anilist_reply_free);
  }

  list_url = g_strconcat (control, "/anilist/list?user=Prog", NULL);
  reply = anilist_request (&f, "GET", list_url, NULL, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpuint (node_length (reply->json, ""), ==, 40);
  media_id = node_int (reply->json, "[0].media_id");
  g_clear_pointer (&reply, anilist_reply_free);

  entry_url = g_strdup_printf ("%s/anilist/entry?user=Prog&media_id=%" G_GINT64_FORMAT
                               "&progress=1&status=PAUSED&score_raw=42", control, media_id);
  reply = anilist_request (&f, "POST", entry_url, NULL, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (node_string (reply->json, "status"), ==, "PAUSED");
  g_assert_cmpint (node_int (reply->json, "score_raw"), ==, 42);
  g_clear_pointer (&reply, anilist_reply_free);

  g_clear_pointer (&entry_url, g_free);
  entry_url = g_strconcat (control, "/anilist/expire", NULL);
  reply = anilist_request (&f, "POST", entry_url, NULL, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, anilist_reply_free);
  g_clear_object (&f.session);

  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

void
test_fake_anilist_add_account_tests (void)
{
#define ADD(path, func, data) \
  g_test_add (path, AnilistFixture, data, anilist_fixture_set_up, func, anilist_fixture_tear_down)

  ADD ("/sites/anilist/save", test_save, NULL);
  ADD ("/sites/anilist/delete", test_delete, NULL);
  ADD ("/sites/anilist/implicit-grant", test_implicit_grant, NULL);
  ADD ("/sites/anilist/expired-token", test_expired_token, NULL);
  ADD ("/sites/anilist/errors-with-200", test_errors_with_200, NULL);
  ADD ("/sites/anilist/rate-limit", test_rate_limit, "limited");
  g_test_add_func ("/sites/anilist/program", test_program);

#undef ADD
}
