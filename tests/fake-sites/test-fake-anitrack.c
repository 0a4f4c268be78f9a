/* test-fake-anitrack.c: the fake AniTrack is as demanding as seed 001 and
 * ../shared/API.md describe AniTrack
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-anitrack.h"
#include "test-fake-anilist-util.h"

/* The AniList tests' fixture and HTTP helpers serve any site. */
typedef struct
{
  AnilistFixture      base;
  KeikaFakeAnitrack  *anitrack;
  const char         *api;             /* (unowned) */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  anilist_fixture_set_up (&f->base, NULL);
  f->anitrack = keika_fake_sites_get_anitrack (f->base.fake);
  f->api = keika_fake_sites_get_url (f->base.fake, "anitrack-api");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  anilist_fixture_tear_down (&f->base, data);
}

/* @method @path (below the API) with @token and a JSON @body (or none). */
static AnilistReply *
call (Fixture    *f,
      const char *method,
      const char *path,
      const char *token,
      const char *body)
{
  g_autofree char *url = g_strconcat (f->api, path, NULL);

  return anilist_request (&f->base, method, url, token, body != NULL ? "application/json" : NULL,
                          body);
}

static char *
sign_in (Fixture    *f,
         const char *email,
         const char *password,
         const char *device_name,
         guint       expected)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"%s\","
                                           "\"device_name\":\"%s\"}", email, password, device_name);
  g_autoptr(AnilistReply) reply = call (f, "POST", "/auth/token", NULL, body);

  g_assert_cmpuint (reply->status, ==, expected);
  if (expected != 201)
    return NULL;
  assert_members (reply->json, "data", "token token_type id device_name");
  g_assert_cmpstr (node_string (reply->json, "data.device_name"), ==, device_name);

  return g_strdup (node_string (reply->json, "data.token"));
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (121, 'x');
  g_autofree char *token = NULL;
  g_autofree char *text = NULL;
  g_autoptr(AnilistReply) missing = NULL;
  g_autoptr(AnilistReply) tokens = NULL;
  g_autoptr(AnilistReply) user = NULL;
  g_autoptr(AnilistReply) revoked = NULL;
  g_autoptr(AnilistReply) after = NULL;
  g_autoptr(AnilistReply) wrong = NULL;

  keika_fake_anitrack_add_user (f->anitrack, "Kei", "kei@example.org", "hunter2 hunter2");

  /* Laravel's refusals: every missing field, a name too long, a wrong password. */
  missing = call (f, "POST", "/auth/token", NULL, "{}");
  g_assert_cmpuint (missing->status, ==, 422);
  g_assert_cmpstr (node_string (missing->json, "message"), ==, "The given data was invalid.");
  assert_members (missing->json, "errors", "email password device_name");
  g_assert_null (sign_in (f, "kei@example.org", "hunter2 hunter2", long_name, 422));
  wrong = call (f, "POST", "/auth/token", NULL,
                "{\"email\":\"kei@example.org\",\"password\":\"hunter3\",\"device_name\":\"d\"}");
  g_assert_cmpuint (wrong->status, ==, 422);
  g_assert_cmpstr (node_string (wrong->json, "errors.email[0]"), ==,
                   "The provided credentials are incorrect.");

  /* Sanctum's "ID|TEXT", shown once; the email in any case. */
  token = sign_in (f, "KEI@example.org", "hunter2 hunter2", "Keika on ünïcode-host", 201);
  g_assert_nonnull (strchr (token, '|'));
  g_assert_true (keika_fake_anitrack_token_is_valid (f->anitrack, token));

  user = call (f, "GET", "/user", token, NULL);
  g_assert_cmpuint (user->status, ==, 200);
  assert_members (user->json, "data", "id name email created_at");
  g_assert_cmpstr (node_string (user->json, "data.name"), ==, "Kei");
  g_assert_cmpint (node_int (user->json, "data.id"), ==,
                   keika_fake_anitrack_get_user_id (f->anitrack, "Kei"));

  tokens = call (f, "GET", "/auth/tokens", token, NULL);
  g_assert_cmpuint (tokens->status, ==, 200);
  assert_members (tokens->json, "data[0]", "id name created_at last_used_at is_current");
  g_assert_true (node_bool (tokens->json, "data[0].is_current"));
  g_assert_cmpstr (node_string (tokens->json, "data[0].name"), ==, "Keika on ünïcode-host");
  text = anilist_reply_text (tokens);
  g_assert_null (strstr (text, strchr (token, '|') + 1));

  /* Sign-out: the token of the request is revoked. */
  revoked = call (f, "DELETE", "/auth/token", token, NULL);
  g_assert_cmpuint (revoked->status, ==, 204);
  after = call (f, "GET", "/user", token, NULL);
  g_assert_cmpuint (after->status, ==, 401);
  g_assert_cmpstr (node_string (after->json, "message"), ==, "Unauthenticated.");
  g_assert_false (keika_fake_anitrack_token_is_valid (f->anitrack, token));
}

static void
test_sign_in_limit (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(KeikaFakeRequest) refused = NULL;
  gint64 retry_after;

  keika_fake_anitrack_add_user (f->anitrack, "Kei", "kei@example.org", "right");
  keika_fake_anitrack_add_user (f->anitrack, "Other", "other@example.org", "right");

  /* Five tries a minute per email and address, whatever they give. */
  for (guint i = 0; i < 5; i++)
    g_assert_null (sign_in (f, "kei@example.org", "wrong", "d", 422));
  g_assert_null (sign_in (f, "kei@example.org", "right", "d", 429));
  refused = keika_fake_sites_get_last_request (f->base.fake, "anitrack", "POST /auth/token");
  g_assert_cmpuint (refused->status, ==, 429);

  {
    g_autoptr(AnilistReply) again = call (f, "POST", "/auth/token", NULL,
                                   "{\"email\":\"kei@example.org\",\"password\":\"right\","
                                   "\"device_name\":\"d\"}");

    g_assert_cmpuint (again->status, ==, 429);
    g_assert_cmpstr (node_string (again->json, "message"), ==, "Too Many Attempts.");
    retry_after = g_ascii_strtoll (soup_message_headers_get_one (again->headers, "Retry-After"),
                                   NULL, 10);
    g_assert_cmpint (retry_after, >, 0);
    g_assert_cmpint (retry_after, <=, 60);
    g_assert_cmpstr (soup_message_headers_get_one (again->headers, "X-RateLimit-Remaining"), ==,
                     "0");
    g_assert_nonnull (soup_message_headers_get_one (again->headers, "X-RateLimit-Reset"));
    g_assert_cmpuint (keika_fake_sites_count_too_early (f->base.fake, "anitrack"), ==, 1);
  }

  /* Another email is counted apart. */
  token = sign_in (f, "other@example.org", "right", "d", 201);
  g_assert_nonnull (token);
}

static void
test_tokens (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *mine = keika_fake_anitrack_issue_token (f->anitrack, "Kei", "Keika on a");
  g_autofree char *other = keika_fake_anitrack_issue_token (f->anitrack, "Kei", "Phone");
  g_autofree char *stranger = keika_fake_anitrack_issue_token (f->anitrack, "Stranger", NULL);
  g_autofree char *path = NULL;
  g_autofree char *stranger_path = NULL;
  g_autoptr(AnilistReply) list = NULL;
  g_autoptr(AnilistReply) revoked = NULL;
  g_autoptr(AnilistReply) foreign = NULL;

  list = call (f, "GET", "/auth/tokens", mine, NULL);
  g_assert_cmpuint (node_length (list->json, "data"), ==, 2);
  g_assert_true (node_bool (list->json, "data[0].is_current"));
  g_assert_false (node_bool (list->json, "data[1].is_current"));
  g_assert_cmpstr (node_string (list->json, "data[1].name"), ==, "Phone");
  g_assert_false (node_null (list->json, "data[0].last_used_at"));
  g_assert_true (node_null (list->json, "data[1].last_used_at"));

  path = g_strdup_printf ("/auth/tokens/%" G_GINT64_FORMAT, node_int (list->json, "data[1].id"));
  revoked = call (f, "DELETE", path, mine, NULL);
  g_assert_cmpuint (revoked->status, ==, 204);
  g_assert_false (keika_fake_anitrack_token_is_valid (f->anitrack, other));
  g_assert_true (keika_fake_anitrack_token_is_valid (f->anitrack, mine));

  /* Someone else's token is not found. */
  stranger_path = g_strdup_printf ("/auth/tokens/%.*s", (int) (strchr (stranger, '|') - stranger),
                                   stranger);
  foreign = call (f, "DELETE", stranger_path, mine, NULL);
  g_assert_cmpuint (foreign->status, ==, 404);
  g_assert_true (keika_fake_anitrack_token_is_valid (f->anitrack, stranger));
  g_assert_cmpuint (keika_fake_anitrack_count_tokens (f->anitrack, "Kei"), ==, 1);
}

static void
test_anime (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *token = keika_fake_anitrack_issue_token (f->anitrack, "Kei", NULL);
  g_autoptr(AnilistReply) bebop = call (f, "GET", "/anime/anilist/1", token, NULL);
  g_autoptr(AnilistReply) frieren = call (f, "GET", "/anime/anilist/154587", token, NULL);
  g_autoptr(AnilistReply) missing = call (f, "GET", "/anime/anilist/171018", token, NULL);
  g_autoptr(AnilistReply) detail = NULL;
  g_autoptr(AnilistReply) unknown = call (f, "GET", "/anime/no-such-anime", token, NULL);
  g_autoptr(AnilistReply) anonymous = call (f, "GET", "/anime/anilist/1", NULL, NULL);

  g_assert_cmpuint (bebop->status, ==, 200);
  assert_members (bebop->json, "data", "id slug title title_english title_japanese type episodes "
                  "status season year cover_url is_adult anilist_id mal_id");
  g_assert_cmpint (node_int (bebop->json, "data.id"), ==, 7001);
  g_assert_cmpint (node_int (bebop->json, "data.mal_id"), ==, 1);
  g_assert_cmpstr (node_string (bebop->json, "data.type"), ==, "tv");
  g_assert_cmpstr (node_string (bebop->json, "data.season"), ==, "spring");
  g_assert_cmpint (node_int (frieren->json, "data.id"), ==, 7011);
  g_assert_cmpint (node_int (frieren->json, "data.episodes"), ==, 28);

  /* Not synced to AniTrack yet: 404, until it is. */
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpuint (anonymous->status, ==, 401);
  g_assert_false (keika_fake_anitrack_has_anime (f->anitrack, 9001));
  keika_fake_anitrack_add_anime (f->anitrack, &(KeikaFakeAnitrackAnime) {
                                   .id = 9001, .anilist_id = 171018, .title = "Keika no Tabi",
                                   .type = "ONA", .episodes = 12 });
  g_assert_cmpint (keika_fake_anitrack_find_anilist (f->anitrack, 171018), ==, 9001);

  detail = call (f, "GET", "/anime/cowboy-bebop", token, NULL);
  g_assert_cmpuint (detail->status, ==, 200);
  g_assert_cmpstr (node_string (detail->json, "data.slug"), ==, "cowboy-bebop");
  g_assert_cmpstr (node_string (detail->json, "data.genres[0].name"), ==, "Action");
  g_assert_cmpint (node_int (detail->json, "data.external_ids.anilist"), ==, 1);
  g_assert_cmpint (node_int (detail->json, "data.external_ids.kitsu"), ==, 1);
  g_assert_cmpuint (node_length (detail->json, "data.studios"), ==, 0);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *token = keika_fake_anitrack_issue_token (f->anitrack, "Kei", NULL);
  g_autoptr(AnilistReply) all = NULL;
  g_autoptr(AnilistReply) watching = NULL;
  g_autoptr(AnilistReply) bad = NULL;
  g_autoptr(AnilistReply) one = NULL;
  g_autoptr(AnilistReply) none = NULL;
  g_autoptr(AnilistReply) page = NULL;
  gint64 previous = G_MAXINT64;

  keika_fake_anitrack_add_sample_entries (f->anitrack, "Kei");
  all = call (f, "GET", "/list", token, NULL);
  g_assert_cmpuint (all->status, ==, 200);
  assert_members (all->json, "", "data");
  g_assert_cmpuint (node_length (all->json, "data"), ==, 10);
  assert_members (all->json, "data[0]", "id anime_id status score progress is_rewatching "
                  "rewatch_count started_at completed_at notes tags is_private created_at "
                  "updated_at anime");
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *path = g_strdup_printf ("data[%u].updated_at", i);
      g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (node_string (all->json, path),
                                                                NULL);

      g_assert_nonnull (time);
      g_assert_cmpint (g_date_time_to_unix (time), <=, previous);
      previous = g_date_time_to_unix (time);
    }
  g_assert_cmpint (node_int (all->json, "data[0].anime_id"), ==, 7002);
  g_assert_cmpint (node_int (all->json, "data[0].anime.anilist_id"), ==, 21);

  watching = call (f, "GET", "/list?status=watching", token, NULL);
  g_assert_cmpuint (node_length (watching->json, "data"), ==, 3);
  bad = call (f, "GET", "/list?status=reading", token, NULL);
  g_assert_cmpuint (bad->status, ==, 422);
  assert_members (bad->json, "errors", "status");

  one = call (f, "GET", "/list/anime/7008", token, NULL);
  g_assert_cmpuint (one->status, ==, 200);
  g_assert_cmpstr (node_string (one->json, "data.notes"), ==,
                   "  Watched in broadcast order.\n\n  Then in release order.  \n");
  g_assert_true (node_bool (one->json, "data.is_private"));
  none = call (f, "GET", "/list/anime/7010", token, NULL);
  g_assert_cmpuint (none->status, ==, 404);

  /* Laravel's paging, when asked for. */
  keika_fake_anitrack_set_page_size (f->anitrack, 4);
  page = call (f, "GET", "/list?page=3", token, NULL);
  g_assert_cmpuint (node_length (page->json, "data"), ==, 2);
  g_assert_true (node_null (page->json, "links.next"));
  g_assert_cmpint (node_int (page->json, "meta.last_page"), ==, 3);
  g_clear_pointer (&page, anilist_reply_free);
  page = call (f, "GET", "/list?page=1", token, NULL);
  g_assert_true (g_str_has_suffix (node_string (page->json, "links.next"), "/list?page=2"));
}

static void
test_write (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *token = keika_fake_anitrack_issue_token (f->anitrack, "Kei", NULL);
  g_autofree char *long_notes = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(AnilistReply) created = NULL;
  g_autoptr(AnilistReply) reply = NULL;
  g_autoptr(KeikaFakeRequest) patch = NULL;
  const KeikaFakeAnitrackEntry *entry;
  GString *notes = g_string_new (NULL);
  gint64 id;

  created = call (f, "POST", "/list", token,
                  "{\"anime_id\":7001,\"status\":\"watching\",\"progress\":3,\"score\":85,"
                  "\"notes\":\"  two spaces\\n\",\"is_private\":true,\"rewatch_count\":2}");
  g_assert_cmpuint (created->status, ==, 201);
  id = node_int (created->json, "data.id");
  g_assert_cmpint (node_int (created->json, "data.score"), ==, 85);
  g_assert_cmpstr (node_string (created->json, "data.notes"), ==, "  two spaces\n");
  /* POST takes no rewatch count: ignored. */
  g_assert_cmpint (node_int (created->json, "data.rewatch_count"), ==, 0);
  g_assert_cmpuint (keika_fake_sites_count_ignored_fields (f->base.fake, "anitrack"), ==, 1);

#define EXPECT_422(method, url, text, field) \
  G_STMT_START { \
    g_autoptr(AnilistReply) r = call (f, method, url, token, text); \
    g_assert_cmpuint (r->status, ==, 422); \
    assert_members (r->json, "errors", field); \
  } G_STMT_END

  EXPECT_422 ("POST", "/list", "{\"anime_id\":7001,\"status\":\"watching\"}", "anime_id");
  EXPECT_422 ("POST", "/list", "{\"anime_id\":7002}", "status");
  EXPECT_422 ("POST", "/list", "{\"anime_id\":123456,\"status\":\"watching\"}", "anime_id");
  EXPECT_422 ("POST", "/list", "{\"anime_id\":7003,\"status\":\"watching\",\"score\":101}", "score");
  EXPECT_422 ("POST", "/list", "{\"anime_id\":7003,\"status\":\"watching\",\"started_at\":\"2024\"}",
              "started_at");

  /* Notes: 2000 characters (not bytes) are fine, 2001 are not. */
  for (guint i = 0; i < 2000; i++)
    g_string_append (notes, "é");
  long_notes = g_string_free (notes, FALSE);
  path = g_strdup_printf ("/list/%" G_GINT64_FORMAT, id);
  body = g_strdup_printf ("{\"notes\":\"%s\"}", long_notes);
  reply = call (f, "PATCH", path, token, body);
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, anilist_reply_free);
  g_free (body);
  body = g_strdup_printf ("{\"notes\":\"%sx\"}", long_notes);
  EXPECT_422 ("PATCH", path, body, "notes");
  EXPECT_422 ("PATCH", path, "{\"progress\":27}", "progress");

  /* Partial: only what is sent changes; rewatching and tags by PATCH. */
  reply = call (f, "PATCH", path, token, "{\"progress\":5,\"tags\":[\"space\"],\"is_rewatching\":true,"
                "\"colour\":\"red\"}");
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpint (node_int (reply->json, "data.score"), ==, 85);
  g_assert_cmpint (node_int (reply->json, "data.progress"), ==, 5);
  g_assert_cmpstr (node_string (reply->json, "data.tags[0]"), ==, "space");
  g_assert_true (node_bool (reply->json, "data.is_rewatching"));
  patch = keika_fake_sites_get_last_request (f->base.fake, "anitrack", "PATCH /list/*");
  g_assert_true (keika_fake_request_has_ignored_field (patch, "colour"));
  g_clear_pointer (&reply, anilist_reply_free);

  /* Progress reaching the episode count completes the entry. */
  reply = call (f, "PATCH", path, token, "{\"progress\":26}");
  g_assert_cmpstr (node_string (reply->json, "data.status"), ==, "completed");
  g_assert_false (node_null (reply->json, "data.completed_at"));
  g_clear_pointer (&reply, anilist_reply_free);

  /* A soft delete: gone from every read, kept in the fake. */
  reply = call (f, "DELETE", path, token, NULL);
  g_assert_cmpuint (reply->status, ==, 204);
  g_clear_pointer (&reply, anilist_reply_free);
  reply = call (f, "GET", "/list/anime/7001", token, NULL);
  g_assert_cmpuint (reply->status, ==, 404);
  g_clear_pointer (&reply, anilist_reply_free);
  reply = call (f, "DELETE", path, token, NULL);
  g_assert_cmpuint (reply->status, ==, 404);
  g_clear_pointer (&reply, anilist_reply_free);
  reply = call (f, "PATCH", path, token, "{\"progress\":1}");
  g_assert_cmpuint (reply->status, ==, 404);
  entry = keika_fake_anitrack_find_entry (f->anitrack, id);
  g_assert_cmpint (entry->deleted_at, >, 0);
  g_assert_null (keika_fake_anitrack_lookup_entry (f->anitrack, "Kei", 7001));
  g_clear_pointer (&reply, anilist_reply_free);

  /* Added again: a new entry. */
  reply = call (f, "POST", "/list", token, "{\"anime_id\":7001,\"status\":\"plan_to_watch\"}");
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (node_int (reply->json, "data.id"), !=, id);
  g_assert_cmpuint (keika_fake_anitrack_count_entries_of (f->anitrack, "Kei", 7001), ==, 2);
  g_assert_cmpuint (keika_fake_anitrack_get_n_entries (f->anitrack, "Kei"), ==, 1);
#undef EXPECT_422
}

static void
test_limits_and_errors (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = keika_fake_anitrack_issue_token (f->anitrack, "Kei", NULL);
  g_autofree char *other = keika_fake_anitrack_issue_token (f->anitrack, "Kei", NULL);
  g_autoptr(AnilistReply) reply = NULL;

  /* Per token: the fourth of three a minute is refused, the other token not. */
  keika_fake_anitrack_set_rate_limits (f->anitrack, 3, 5);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AnilistReply) ok = call (f, "GET", "/user", token, NULL);
      char remaining[4];

      g_assert_cmpuint (ok->status, ==, 200);
      g_snprintf (remaining, sizeof remaining, "%u", 2 - i);
      g_assert_cmpstr (soup_message_headers_get_one (ok->headers, "X-RateLimit-Remaining"), ==,
                       remaining);
    }
  reply = call (f, "GET", "/user", token, NULL);
  g_assert_cmpuint (reply->status, ==, 429);
  g_assert_nonnull (soup_message_headers_get_one (reply->headers, "Retry-After"));
  g_clear_pointer (&reply, anilist_reply_free);
  reply = call (f, "GET", "/user", other, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, anilist_reply_free);
  keika_fake_anitrack_set_rate_limits (f->anitrack, 0, 0);

  /* 403: API access not enabled for the account. */
  keika_fake_anitrack_set_api_enabled (f->anitrack, "Kei", FALSE);
  reply = call (f, "GET", "/list", token, NULL);
  g_assert_cmpuint (reply->status, ==, 403);
  g_assert_nonnull (node_string (reply->json, "message"));
  g_clear_pointer (&reply, anilist_reply_free);
  keika_fake_anitrack_set_api_enabled (f->anitrack, "Kei", TRUE);

  reply = call (f, "PUT", "/user", token, "{}");
  g_assert_cmpuint (reply->status, ==, 405);
  g_clear_pointer (&reply, anilist_reply_free);

  /* The core's faults, worded as AniTrack's. */
  keika_fake_sites_inject (f->base.fake, "anitrack", "GET /list", KEIKA_FAKE_FAULT_RATE_LIMIT, 7, 1);
  keika_fake_sites_inject (f->base.fake, "anitrack", "GET /list", KEIKA_FAKE_FAULT_SERVER_ERROR, 0, 1);
  reply = call (f, "GET", "/list", token, NULL);
  g_assert_cmpuint (reply->status, ==, 429);
  assert_members (reply->json, "", "message");
  g_assert_cmpstr (node_string (reply->json, "message"), ==, "Too Many Attempts.");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Retry-After"), ==, "7");
  g_clear_pointer (&reply, anilist_reply_free);
  reply = call (f, "GET", "/list", token, NULL);
  g_assert_cmpuint (reply->status, ==, 500);
  g_assert_cmpstr (node_string (reply->json, "message"), ==, "Server Error");
}

static void
test_generator (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) again = NULL;
  guint at_last = 0, spaced = 0, rewatching = 0, private = 0, unscored = 0, tagged = 0;

  keika_fake_anitrack_generate_entries (f->anitrack, "Kei", 400, 7);
  keika_fake_anitrack_generate_entries (f->anitrack, "Twin", 400, 7);
  g_assert_cmpuint (keika_fake_anitrack_get_n_entries (f->anitrack, "Kei"), ==, 400);
  entries = keika_fake_anitrack_get_entries (f->anitrack, "Kei");
  again = keika_fake_anitrack_get_entries (f->anitrack, "Twin");

  for (guint i = 0; i < entries->len; i++)
    {
      const KeikaFakeAnitrackEntry *e = g_ptr_array_index (entries, i);
      const KeikaFakeAnitrackEntry *twin = g_ptr_array_index (again, i);
      const KeikaFakeCatalogAnime *anime = NULL;

      /* The same seed, the same list. */
      g_assert_cmpint (e->anime_id, ==, twin->anime_id);
      g_assert_cmpstr (e->notes, ==, twin->notes);
      g_assert_true (keika_fake_anitrack_has_anime (f->anitrack, e->anime_id));
      anime = keika_fake_sites_find_catalog_anime (f->base.fake, "anitrack", e->anime_id);
      g_assert_nonnull (anime);
      g_assert_cmpuint (e->score, <=, 100);

      if (g_str_equal (e->status, "watching") && !e->is_rewatching && e->progress > 0 &&
          e->progress == (anime->anilist_episodes ? anime->anilist_episodes : anime->mal_episodes))
        at_last++;
      if (e->notes != NULL && g_str_has_prefix (e->notes, " ") && strchr (e->notes, '\n') != NULL)
        spaced++;
      rewatching += e->is_rewatching;
      private += e->is_private;
      unscored += e->score == 0 && !g_str_equal (e->status, "plan_to_watch");
      tagged += e->tags != NULL;
    }
  g_assert_cmpuint (at_last, >, 0);
  g_assert_cmpuint (spaced, >, 0);
  g_assert_cmpuint (rewatching, >, 0);
  g_assert_cmpuint (private, >, 0);
  g_assert_cmpuint (unscored, >, 0);
  g_assert_cmpuint (tagged, >, 0);

  /* Some generated anime are not on AniTrack. */
  {
    g_autoptr(GPtrArray) catalog = keika_fake_sites_get_catalog (f->base.fake);
    guint missing = 0;

    for (guint i = 0; i < catalog->len; i++)
      missing += ((KeikaFakeCatalogAnime *) g_ptr_array_index (catalog, i))->anitrack_id == 0;
    g_assert_cmpuint (missing, >, 1);
  }
}

void test_fake_anitrack_add_tests (void);

void
test_fake_anitrack_add_tests (void)
{
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sites/anitrack/sign-in", test_sign_in);
  ADD ("/sites/anitrack/sign-in-limit", test_sign_in_limit);
  ADD ("/sites/anitrack/tokens", test_tokens);
  ADD ("/sites/anitrack/anime", test_anime);
  ADD ("/sites/anitrack/list", test_list);
  ADD ("/sites/anitrack/write", test_write);
  ADD ("/sites/anitrack/limits-and-errors", test_limits_and_errors);
  ADD ("/sites/anitrack/generator", test_generator);

#undef ADD
}
