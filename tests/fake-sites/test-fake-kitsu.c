/* test-fake-kitsu.c: the fake Kitsu is as demanding as Kitsu (../shared/API.md)
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-kitsu.h"
#include "test-fake-anilist-util.h"

#define JSONAPI "application/vnd.api+json"
#define FORM    "application/x-www-form-urlencoded"

typedef struct
{
  KeikaFakeSites     *fake;
  KeikaFakeKitsu     *kitsu;
  SoupSession        *session;
  const char         *api;     /* (unowned) */
  const char         *auth;    /* (unowned) */
  char               *token;   /* Aiko's access token */
} KitsuFixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *text;
  JsonNode           *json;    /* (nullable) */
} KitsuReply;

static void
kitsu_reply_free (KitsuReply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply->text);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KitsuReply, kitsu_reply_free)

static void
fixture_set_up (KitsuFixture  *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = keika_fake_sites_new (&error);
  g_assert_no_error (error);
  f->kitsu = keika_fake_sites_get_kitsu (f->fake);
  f->session = soup_session_new ();
  f->api = keika_fake_sites_get_url (f->fake, "kitsu-api");
  f->auth = keika_fake_sites_get_url (f->fake, "kitsu-auth");
  keika_fake_kitsu_add_user (f->kitsu, "Aiko", NULL, NULL);
  keika_fake_kitsu_issue_tokens (f->kitsu, "Aiko", &f->token, NULL);
}

static void
fixture_tear_down (KitsuFixture  *f,
                   gconstpointer  data)
{
  g_free (f->token);
  g_clear_object (&f->session);
  g_clear_object (&f->fake);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **body = user_data;
  g_autoptr(GError) error = NULL;

  *body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

/* @path is below the API unless it is a whole URL; @body a JSON:API
 * document (or a form, for the OAuth endpoint). */
static KitsuReply *
send (KitsuFixture *f,
      const char   *method,
      const char   *path,
      const char   *token,
      const char   *content_type,
      const char   *body)
{
  g_autofree char *url = g_str_has_prefix (path, "http") ? g_strdup (path)
                                                         : g_strconcat (f->api, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  KitsuReply *reply = g_new0 (KitsuReply, 1);
  const char *type;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &answer);
  while (answer == NULL)
    g_main_context_iteration (NULL, TRUE);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  type = soup_message_headers_get_content_type (reply->headers, NULL);
  if (g_strcmp0 (type, JSONAPI) == 0 || g_strcmp0 (type, "application/json") == 0)
    {
      g_autoptr(GError) error = NULL;

      reply->json = json_from_string (reply->text, &error);
      g_assert_no_error (error);
    }

  return reply;
}

static KitsuReply *
get (KitsuFixture *f,
     const char   *path,
     const char   *token)
{
  return send (f, "GET", path, token, NULL, NULL);
}

static void
assert_error (KitsuReply *reply,
              guint       status,
              const char *detail)
{
  g_autofree char *text = g_strdup_printf ("%u", status);

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_nonnull (reply->json);
  g_assert_cmpstr (node_string (reply->json, "errors[0].status"), ==, text);
  if (detail != NULL)
    g_assert_cmpstr (node_string (reply->json, "errors[0].detail"), ==, detail);
}

/* OAuth: the password grant, its throttle, the refresh grant */

static void
test_password_grant (KitsuFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(KitsuReply) right = NULL;
  g_autoptr(KitsuReply) wrong = NULL;
  g_autoptr(KitsuReply) me = NULL;
  g_autoptr(KitsuReply) refreshed = NULL;
  g_autoptr(KitsuReply) again = NULL;
  g_autoptr(KitsuReply) old = NULL;
  g_autofree char *url = g_strconcat (f->auth, "/token", NULL);
  g_autofree char *refresh_form = NULL;
  g_autofree char *token = NULL;

  /* The password escaped as a form must be: "+" and "&" in it. */
  right = send (f, "POST", url, NULL, FORM,
                "grant_type=password&username=AIKO%40example.com"
                "&password=p%40ss%20w%C3%B6rd%2B%26%3D%25%2F%3F");
  g_assert_cmpuint (right->status, ==, 200);
  assert_members (right->json, "", "access_token token_type expires_in refresh_token scope "
                  "created_at");
  g_assert_cmpint (node_int (right->json, "expires_in"), ==, 2592000);
  token = g_strdup (node_string (right->json, "access_token"));

  /* A "+" left unescaped reads as a space: the wrong password. */
  wrong = send (f, "POST", url, NULL, FORM,
                "grant_type=password&username=aiko&password=p%40ss%20w%C3%B6rd+%26%3D%25%2F%3F");
  g_assert_cmpuint (wrong->status, ==, 400);
  g_assert_cmpstr (node_string (wrong->json, "error"), ==, "invalid_grant");
  g_assert_nonnull (node_string (wrong->json, "error_description"));

  me = get (f, "/users?filter%5Bself%5D=true", token);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (node_string (me->json, "data[0].attributes.name"), ==, "Aiko");
  g_assert_cmpstr (node_string (me->json, "data[0].attributes.email"), ==, "aiko@example.com");

  /* A refresh gives a new pair and revokes the old one. */
  refresh_form = g_strdup_printf ("grant_type=refresh_token&refresh_token=%s",
                                  node_string (right->json, "refresh_token"));
  refreshed = send (f, "POST", url, NULL, FORM, refresh_form);
  g_assert_cmpuint (refreshed->status, ==, 200);
  g_assert_cmpstr (node_string (refreshed->json, "access_token"), !=, token);
  again = send (f, "POST", url, NULL, FORM, refresh_form);
  g_assert_cmpuint (again->status, ==, 400);
  g_assert_cmpstr (node_string (again->json, "error"), ==, "invalid_grant");
  old = get (f, "/users?filter%5Bself%5D=true", token);
  g_assert_cmpuint (old->status, ==, 401);
  g_assert_cmpstr (soup_message_headers_get_one (old->headers, "WWW-Authenticate"), ==, "Bearer");
  g_assert_cmpstr (node_string (old->json, "errors[0].title"), ==, "Invalid token");
}

static void
test_login_throttle (KitsuFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *url = g_strconcat (f->auth, "/token", NULL);
  g_autoptr(KitsuReply) refused = NULL;
  g_autoptr(KitsuReply) refresh = NULL;
  g_autofree char *refresh_token = NULL;
  g_autofree char *access = NULL;

  for (guint i = 0; i < 15; i++)
    {
      g_autoptr(KitsuReply) reply = send (f, "POST", url, NULL, FORM,
                                          "grant_type=password&username=aiko&password=x");

      g_assert_cmpuint (reply->status, ==, 400);
    }
  refused = send (f, "POST", url, NULL, FORM,
                  "grant_type=password&username=aiko&password=p%40ss%20w%C3%B6rd%2B%26%3D%25%2F%3F");
  g_assert_cmpuint (refused->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_content_type (refused->headers, NULL), ==,
                   "text/plain");
  g_assert_cmpstr (refused->text, ==, "Retry later\n");
  g_assert_null (soup_message_headers_get_one (refused->headers, "Retry-After"));

  /* Renewals are not logins. */
  keika_fake_kitsu_issue_tokens (f->kitsu, "Aiko", &access, &refresh_token);
  {
    g_autofree char *form = g_strdup_printf ("grant_type=refresh_token&refresh_token=%s",
                                             refresh_token);

    refresh = send (f, "POST", url, NULL, FORM, form);
  }
  g_assert_cmpuint (refresh->status, ==, 200);
}

/* JSON:API rules */

static void
test_jsonapi_rules (KitsuFixture  *f,
                    gconstpointer  data)
{
  g_autofree char *aiko = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           keika_fake_kitsu_get_user_id (f->kitsu, "Aiko"));
  g_autofree char *base = g_strdup_printf ("/library-entries?filter%%5Buser_id%%5D=%s", aiko);
  g_autofree char *too_big = g_strconcat (base, "&page%5Blimit%5D=501", NULL);
  g_autofree char *bad_include = g_strconcat (base, "&include=anime,studio", NULL);
  g_autofree char *bad_field = g_strconcat (base, "&fields%5Banime%5D=title", NULL);
  g_autofree char *bad_filter = g_strconcat (base, "&filter%5Bscore%5D=3", NULL);
  g_autofree char *bad_sort = g_strconcat (base, "&sort=-rating", NULL);
  g_autofree char *bad_param = g_strconcat (base, "&limit=5", NULL);
  g_autofree char *bad_since = g_strconcat (base, "&filter%5Bsince%5D=yesterday", NULL);
  g_autoptr(KitsuReply) reply = NULL;
  SoupMessage *msg;

  reply = get (f, "/library-entries", f->token);
  assert_error (reply, 400, NULL);
  g_assert_cmpstr (node_string (reply->json, "errors[0].title"), ==, "No filter provided");
  g_clear_pointer (&reply, kitsu_reply_free);

  reply = get (f, too_big, NULL);
  assert_error (reply, 400, "Limit exceeds maximum page size of 500.");
  g_clear_pointer (&reply, kitsu_reply_free);
  reply = get (f, "/anime?page%5Blimit%5D=21", NULL);
  assert_error (reply, 400, "Limit exceeds maximum page size of 20.");
  g_clear_pointer (&reply, kitsu_reply_free);

  reply = get (f, bad_include, NULL);
  assert_error (reply, 400, NULL);
  g_clear_pointer (&reply, kitsu_reply_free);
  reply = get (f, bad_field, NULL);
  assert_error (reply, 400, "title is not a valid field for anime.");
  g_clear_pointer (&reply, kitsu_reply_free);
  reply = get (f, bad_filter, NULL);
  assert_error (reply, 400, "score is not allowed.");
  g_clear_pointer (&reply, kitsu_reply_free);
  reply = get (f, bad_sort, NULL);
  assert_error (reply, 400, NULL);
  g_clear_pointer (&reply, kitsu_reply_free);
  reply = get (f, bad_param, NULL);
  assert_error (reply, 400, "limit is not allowed.");
  g_clear_pointer (&reply, kitsu_reply_free);
  reply = get (f, bad_since, NULL);
  assert_error (reply, 400, "yesterday is not a valid value for since.");
  g_clear_pointer (&reply, kitsu_reply_free);

  /* Writes must say they are JSON:API. */
  reply = send (f, "POST", "/library-entries", f->token, "application/json", "{}");
  assert_error (reply, 415, NULL);
  g_clear_pointer (&reply, kitsu_reply_free);

  /* An Accept without the JSON:API type (or any type) is 406. */
  {
    g_autofree char *url = g_strconcat (f->api, base, NULL);
    g_autoptr(GBytes) body = NULL;

    msg = soup_message_new ("GET", url);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                  "application/json");
    soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &body);
    while (body == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 406);
    g_object_unref (msg);
  }

  /* Unknown routes and records. */
  reply = get (f, "/manga", NULL);
  assert_error (reply, 404, NULL);
  g_clear_pointer (&reply, kitsu_reply_free);
  reply = get (f, "/anime/424242", NULL);
  assert_error (reply, 404, "The record identified by 424242 could not be found.");
}

/* Libraries: pages, include, since, privacy */

static void
test_library_pages (KitsuFixture  *f,
                    gconstpointer  data)
{
  g_autofree char *aiko = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           keika_fake_kitsu_get_user_id (f->kitsu, "Aiko"));
  g_autofree char *first = g_strdup_printf ("/library-entries?filter%%5Buser_id%%5D=%s"
                                            "&filter%%5Bkind%%5D=anime&include=anime,anime.mappings"
                                            "&page%%5Blimit%%5D=500&page%%5Boffset%%5D=0", aiko);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *next = NULL;
  guint pages = 0;

  keika_fake_kitsu_generate_entries (f->kitsu, "Aiko", 1100, 4);

  next = g_strdup (first);
  while (next != NULL)
    {
      g_autoptr(KitsuReply) reply = get (f, next, f->token);
      JsonNode *links;
      guint n;

      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, JSONAPI);
      g_assert_cmpint (node_int (reply->json, "meta.count"), ==, 1100);
      n = node_length (reply->json, "data");
      g_assert_cmpuint (n, ==, pages < 2 ? 500 : 100);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *path = g_strdup_printf ("data[%u]", i);
          JsonNode *entry = node_at (reply->json, path);

          g_assert_true (g_hash_table_add (ids, g_strdup (node_string (entry, "id"))));
          g_assert_cmpstr (node_string (entry, "type"), ==, "libraryEntries");
          assert_members (entry, "attributes", "createdAt updatedAt status progress volumesOwned "
                          "reconsuming reconsumeCount notes private reactionSkipped progressedAt "
                          "startedAt finishedAt rating ratingTwenty");
          g_assert_cmpstr (node_string (entry, "relationships.anime.data.type"), ==, "anime");
        }
      /* The anime of the page, each once, with their mappings. */
      g_assert_cmpuint (node_length (reply->json, "included"), >, n);
      links = node_at (reply->json, "links");
      g_assert_nonnull (node_at (links, "first"));
      g_assert_nonnull (node_at (links, "last"));
      g_free (next);
      next = node_at (links, "next") != NULL ? g_strdup (node_string (links, "next")) : NULL;
      if (next != NULL)
        {
          g_assert_true (g_str_has_prefix (next, f->api));
          g_assert_nonnull (strstr (next, "include=anime,anime.mappings"));
        }
      pages++;
    }
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 1100);
}

static void
test_library_include (KitsuFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(KitsuReply) bare = NULL;
  g_autoptr(KitsuReply) full = NULL;
  g_autoptr(KitsuReply) sparse = NULL;
  g_autofree char *aiko = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           keika_fake_kitsu_get_user_id (f->kitsu, "Aiko"));
  g_autofree char *query = g_strdup_printf ("/library-entries?filter%%5Buser_id%%5D=%s"
                                            "&filter%%5Banime_id%%5D=1", aiko);
  g_autofree char *with = g_strconcat (query, "&include=anime.mappings", NULL);
  g_autofree char *fields = g_strconcat (query, "&include=anime&fields%5BlibraryEntries%5D="
                                         "status,anime&fields%5Banime%5D=canonicalTitle", NULL);
  JsonArray *included;
  guint n_mappings = 0;

  keika_fake_kitsu_add_sample_entries (f->kitsu, "Aiko");

  /* Linkage only when included. */
  bare = get (f, query, f->token);
  g_assert_cmpuint (node_length (bare->json, "data"), ==, 1);
  g_assert_null (node_at (bare->json, "data[0].relationships.anime.data"));
  g_assert_null (node_at (bare->json, "included"));

  /* A path includes each of its steps. */
  full = get (f, with, f->token);
  g_assert_cmpstr (node_string (full->json, "data[0].relationships.anime.data.id"), ==, "1");
  included = json_node_get_array (node_at (full->json, "included"));
  for (guint i = 0; i < json_array_get_length (included); i++)
    {
      JsonNode *item = json_array_get_element (included, i);

      if (g_str_equal (node_string (item, "type"), "mappings"))
        {
          n_mappings++;
          g_assert_true (g_str_equal (node_string (item, "attributes.externalId"), "1"));
        }
      else
        {
          g_assert_cmpstr (node_string (item, "type"), ==, "anime");
          g_assert_cmpuint (node_length (item, "relationships.mappings.data"), ==, 2);
          g_assert_cmpstr (node_string (item, "attributes.titles.en_jp"), ==, "Cowboy Bebop");
          g_assert_cmpint (node_int (item, "attributes.episodeCount"), ==, 26);
        }
    }
  g_assert_cmpuint (n_mappings, ==, 2);

  /* Sparse fieldsets. */
  sparse = get (f, fields, f->token);
  assert_members (sparse->json, "data[0].attributes", "status");
  assert_members (sparse->json, "data[0].relationships", "anime");
  assert_members (sparse->json, "included[0].attributes", "canonicalTitle");
}

static void
test_library_since_and_privacy (KitsuFixture  *f,
                                gconstpointer  data)
{
  g_autofree char *bea = NULL;
  g_autofree char *all = NULL;
  g_autofree char *since = NULL;
  g_autoptr(KitsuReply) as_bea = NULL;
  g_autoptr(KitsuReply) as_other = NULL;
  g_autoptr(KitsuReply) changed = NULL;
  g_autofree char *bea_token = NULL;
  KeikaFakeKitsuEntry late = { 0, 176, "current", 0, 0, };

  keika_fake_kitsu_generate_entries (f->kitsu, "Bea", 30, 9);
  keika_fake_kitsu_issue_tokens (f->kitsu, "Bea", &bea_token, NULL);
  bea = g_strdup_printf ("%" G_GINT64_FORMAT, keika_fake_kitsu_get_user_id (f->kitsu, "Bea"));
  all = g_strdup_printf ("/library-entries?filter%%5Buser_id%%5D=%s&page%%5Blimit%%5D=100", bea);

  /* Private entries (2, 15, 28) for her eyes only. */
  as_bea = get (f, all, bea_token);
  g_assert_cmpint (node_int (as_bea->json, "meta.count"), ==, 30);
  as_other = get (f, all, f->token);
  g_assert_cmpint (node_int (as_other->json, "meta.count"), ==, 27);

  /* filter[since]: at or after. */
  late.updated_at = 1900000000;
  keika_fake_kitsu_add_entry (f->kitsu, "Bea", &late);
  since = g_strconcat (all, "&filter%5Bsince%5D=2030-03-17T17:46:40Z", NULL);
  changed = get (f, since, NULL);
  g_assert_cmpint (node_int (changed->json, "meta.count"), ==, 1);
  g_assert_null (node_at (changed->json, "links.next"));
}

/* Writes */

static char *
entry_document (gint64      id,
                const char *attributes,
                gint64      anime,
                gint64      user)
{
  GString *out = g_string_new ("{\"data\":{");

  if (id != 0)
    g_string_append_printf (out, "\"id\":\"%" G_GINT64_FORMAT "\",", id);
  g_string_append_printf (out, "\"type\":\"libraryEntries\",\"attributes\":%s", attributes);
  if (anime != 0)
    g_string_append_printf (out, ",\"relationships\":{\"anime\":{\"data\":{\"type\":\"anime\","
                            "\"id\":\"%" G_GINT64_FORMAT "\"}},\"user\":{\"data\":{\"type\":"
                            "\"users\",\"id\":\"%" G_GINT64_FORMAT "\"}}}", anime, user);
  g_string_append (out, "}}");

  return g_string_free (out, FALSE);
}

static void
test_writes (KitsuFixture  *f,
             gconstpointer  data)
{
  gint64 aiko = keika_fake_kitsu_get_user_id (f->kitsu, "Aiko");
  g_autofree char *bea_token = NULL;
  g_autofree char *create = entry_document (0, "{\"status\":\"current\",\"progress\":3,"
                                            "\"notes\":\"  a\\n b  \",\"ratingTwenty\":null}",
                                            5646, aiko);
  g_autoptr(KitsuReply) created = NULL;
  g_autoptr(KitsuReply) duplicate = NULL;
  g_autoptr(KitsuReply) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  const KeikaFakeKitsuEntry *entry;
  gint64 id;

  keika_fake_kitsu_add_user (f->kitsu, "Bea", NULL, NULL);
  keika_fake_kitsu_issue_tokens (f->kitsu, "Bea", &bea_token, NULL);

  /* A create: 201, the server sets startedAt for a current entry. */
  created = send (f, "POST", "/library-entries", f->token, JSONAPI, create);
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpstr (node_string (created->json, "data.attributes.notes"), ==, "  a\n b  ");
  g_assert_true (node_null (created->json, "data.attributes.ratingTwenty"));
  g_assert_nonnull (node_string (created->json, "data.attributes.startedAt"));
  id = g_ascii_strtoll (node_string (created->json, "data.id"), NULL, 10);
  entry = keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 5646);
  g_assert_cmpint (entry->id, ==, id);

  /* Once per anime. */
  duplicate = send (f, "POST", "/library-entries", f->token, JSONAPI, create);
  assert_error (duplicate, 422, "anime - has already been taken");
  g_assert_cmpstr (node_string (duplicate->json, "errors[0].source.pointer"), ==,
                   "/data/relationships/anime");
  /* For oneself only. */
  reply = send (f, "POST", "/library-entries", bea_token, JSONAPI, create);
  assert_error (reply, 403, NULL);
  g_clear_pointer (&reply, kitsu_reply_free);

  /* ratingTwenty is 2–20, each error in errors[]. */
  path = g_strdup_printf ("/library-entries/%" G_GINT64_FORMAT, id);
  body = entry_document (id, "{\"ratingTwenty\":1,\"reconsumeCount\":51}", 0, 0);
  reply = send (f, "PATCH", path, f->token, JSONAPI, body);
  g_assert_cmpuint (reply->status, ==, 422);
  g_assert_cmpuint (node_length (reply->json, "errors"), ==, 2);
  g_assert_cmpstr (node_string (reply->json, "errors[0].detail"), ==,
                   "ratingTwenty - must be greater than or equal to 2");
  g_assert_cmpstr (node_string (reply->json, "errors[0].source.pointer"), ==,
                   "/data/attributes/ratingTwenty");
  g_assert_cmpuint (keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 5646)->rating_twenty, ==, 0);
  g_clear_pointer (&reply, kitsu_reply_free);
  g_clear_pointer (&body, g_free);

  /* Read-only and unknown attributes; the id must be the URL's. */
  body = entry_document (id, "{\"updatedAt\":\"2024-01-01T00:00:00Z\"}", 0, 0);
  reply = send (f, "PATCH", path, f->token, JSONAPI, body);
  assert_error (reply, 400, "updatedAt is not allowed.");
  g_clear_pointer (&reply, kitsu_reply_free);
  g_clear_pointer (&body, g_free);
  body = entry_document (id + 1, "{\"progress\":4}", 0, 0);
  reply = send (f, "PATCH", path, f->token, JSONAPI, body);
  assert_error (reply, 400, NULL);
  g_clear_pointer (&reply, kitsu_reply_free);
  g_clear_pointer (&body, g_free);

  /* Past the episode count: refused. */
  body = entry_document (id, "{\"progress\":25}", 0, 0);
  reply = send (f, "PATCH", path, f->token, JSONAPI, body);
  assert_error (reply, 422, "progress - cannot exceed length of media");
  g_clear_pointer (&reply, kitsu_reply_free);
  g_clear_pointer (&body, g_free);

  /* Reaching it: completed by the server, with its finish time. */
  body = entry_document (id, "{\"progress\":24,\"ratingTwenty\":17}", 0, 0);
  reply = send (f, "PATCH", path, f->token, JSONAPI, body);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (node_string (reply->json, "data.attributes.status"), ==, "completed");
  g_assert_nonnull (node_string (reply->json, "data.attributes.finishedAt"));
  g_assert_cmpstr (node_string (reply->json, "data.attributes.rating"), ==, "4.0");
  g_clear_pointer (&reply, kitsu_reply_free);
  g_clear_pointer (&body, g_free);

  /* Completed: progress set to the count. */
  entry = keika_fake_kitsu_lookup_entry (f->kitsu, "Aiko", 1);
  g_assert_null (entry);
  g_clear_pointer (&create, g_free);
  create = entry_document (0, "{\"status\":\"completed\",\"startedAt\":\"2020-05-06\"}", 1, aiko);
  reply = send (f, "POST", "/library-entries", f->token, JSONAPI, create);
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (node_int (reply->json, "data.attributes.progress"), ==, 26);
  g_assert_cmpstr (node_string (reply->json, "data.attributes.startedAt"), ==,
                   "2020-05-06T00:00:00.000Z");
  g_clear_pointer (&reply, kitsu_reply_free);

  /* Another's entry may not be touched; a deleted one is gone. */
  body = entry_document (id, "{\"progress\":1}", 0, 0);
  reply = send (f, "PATCH", path, bea_token, JSONAPI, body);
  assert_error (reply, 403, NULL);
  g_clear_pointer (&reply, kitsu_reply_free);
  reply = send (f, "DELETE", path, f->token, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 204);
  g_clear_pointer (&reply, kitsu_reply_free);
  reply = send (f, "DELETE", path, f->token, NULL, NULL);
  assert_error (reply, 404, NULL);
}

/* Users, anime, mappings */

static void
test_users_and_mappings (KitsuFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(KitsuReply) anonymous = NULL;
  g_autoptr(KitsuReply) by_slug = NULL;
  g_autoptr(KitsuReply) mappings = NULL;
  g_autoptr(KitsuReply) of_anime = NULL;
  g_autoptr(KitsuReply) search = NULL;
  g_autoptr(KitsuReply) without_item = NULL;
  JsonArray *included;

  anonymous = get (f, "/users?filter%5Bself%5D=true", NULL);
  g_assert_cmpuint (node_length (anonymous->json, "data"), ==, 0);
  by_slug = get (f, "/users?filter%5Bslug%5D=aiko", NULL);
  g_assert_cmpuint (node_length (by_slug->json, "data"), ==, 1);
  g_assert_cmpstr (node_string (by_slug->json, "data[0].attributes.slug"), ==, "aiko");
  /* Private fields for the user only. */
  g_assert_null (node_at (by_slug->json, "data[0].attributes.email"));

  /* Several ids at once (filter values split at commas); the anime as item. */
  mappings = get (f, "/mappings?filter%5BexternalSite%5D=myanimelist/anime"
                  "&filter%5BexternalId%5D=1,9253,999999&include=item", NULL);
  g_assert_cmpint (node_int (mappings->json, "meta.count"), ==, 2);
  g_assert_cmpstr (node_string (mappings->json, "data[0].attributes.externalSite"), ==,
                   "myanimelist/anime");
  g_assert_cmpstr (node_string (mappings->json, "data[0].relationships.item.data.type"), ==,
                   "anime");
  included = json_node_get_array (node_at (mappings->json, "included"));
  g_assert_cmpuint (json_array_get_length (included), ==, 2);
  without_item = get (f, "/mappings?filter%5BexternalSite%5D=anilist/anime"
                      "&filter%5BexternalId%5D=154587", NULL);
  g_assert_cmpuint (node_length (without_item->json, "data"), ==, 1);
  g_assert_null (node_at (without_item->json, "data[0].relationships.item.data"));

  /* The AniList mapping Kitsu lacks for this one. */
  of_anime = get (f, "/anime/7716/mappings", NULL);
  g_assert_cmpuint (node_length (of_anime->json, "data"), ==, 1);
  g_assert_cmpstr (node_string (of_anime->json, "data[0].attributes.externalId"), ==, "17074");

  /* Search: the title that starts with the text first; one only Kitsu has. */
  search = get (f, "/anime?filter%5Btext%5D=kitsune&include=mappings", NULL);
  g_assert_cmpuint (node_length (search->json, "data"), ==, 1);
  g_assert_cmpstr (node_string (search->json, "data[0].id"), ==, "99001");
  g_assert_cmpuint (node_length (search->json, "data[0].relationships.mappings.data"), ==, 0);
}

/* The generator and the samples */

static void
test_kitsu_generator (KitsuFixture  *f,
                      gconstpointer  data)
{
  g_autofree char *aiko = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           keika_fake_kitsu_get_user_id (f->kitsu, "Aiko"));
  g_autofree char *query = g_strdup_printf ("/library-entries?filter%%5Buser_id%%5D=%s"
                                            "&include=anime&page%%5Blimit%%5D=500", aiko);
  g_autoptr(KitsuReply) reply = NULL;
  guint at_last = 0, spaced = 0, reconsuming = 0, private_ = 0, unrated = 0, new_year = 0;
  JsonArray *data_array;
  GHashTable *episodes = g_hash_table_new (g_str_hash, g_str_equal);

  keika_fake_kitsu_generate_entries (f->kitsu, "Aiko", 300, 11);
  g_assert_cmpuint (keika_fake_kitsu_get_n_entries (f->kitsu, "Aiko"), ==, 300);

  reply = get (f, query, f->token);
  for (guint i = 0; i < node_length (reply->json, "included"); i++)
    {
      g_autofree char *path = g_strdup_printf ("included[%u]", i);
      JsonNode *anime = node_at (reply->json, path);
      JsonNode *count = node_at (anime, "attributes.episodeCount");

      g_hash_table_insert (episodes, (char *) node_string (anime, "id"),
                           GINT_TO_POINTER (JSON_NODE_HOLDS_NULL (count) ? 0
                                              : (int) json_node_get_int (count)));
    }
  data_array = json_node_get_array (node_at (reply->json, "data"));
  for (guint i = 0; i < json_array_get_length (data_array); i++)
    {
      JsonNode *entry = json_array_get_element (data_array, i);
      const char *anime = node_string (entry, "relationships.anime.data.id");
      int count = GPOINTER_TO_INT (g_hash_table_lookup (episodes, anime));
      JsonNode *notes = node_at (entry, "attributes.notes");
      JsonNode *started = node_at (entry, "attributes.startedAt");

      at_last += g_str_equal (node_string (entry, "attributes.status"), "current") &&
                 count > 0 && node_int (entry, "attributes.progress") == count;
      spaced += !JSON_NODE_HOLDS_NULL (notes) && g_str_has_prefix (json_node_get_string (notes), " ") &&
                strchr (json_node_get_string (notes), '\n') != NULL;
      reconsuming += node_bool (entry, "attributes.reconsuming");
      private_ += node_bool (entry, "attributes.private");
      unrated += node_null (entry, "attributes.ratingTwenty");
      new_year += !JSON_NODE_HOLDS_NULL (started) &&
                  strstr (json_node_get_string (started), "-01-01T00:00:00.000Z") != NULL;
    }
  g_hash_table_unref (episodes);
  g_assert_cmpuint (at_last, >, 0);
  g_assert_cmpuint (spaced, >, 0);
  g_assert_cmpuint (reconsuming, >, 0);
  g_assert_cmpuint (private_, >, 0);
  g_assert_cmpuint (unrated, >, 0);
  g_assert_cmpuint (new_year, >, 0);

  /* The same for the same seed. */
  g_assert_cmpuint (keika_fake_kitsu_get_n_anime (f->kitsu), >=, 300);
}

static void
test_kitsu_faults (KitsuFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(KitsuReply) limited = NULL;
  g_autoptr(KitsuReply) broken = NULL;
  g_autoptr(KitsuReply) expired = NULL;

  /* The core's faults, in Kitsu's words. */
  keika_fake_sites_inject (f->fake, "kitsu", "GET /anime", KEIKA_FAKE_FAULT_RATE_LIMIT, 7, 1);
  limited = get (f, "/anime", NULL);
  g_assert_cmpuint (limited->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (limited->headers, "Retry-After"), ==, "7");
  g_assert_cmpstr (limited->text, ==, "Retry later\n");

  keika_fake_sites_inject (f->fake, "kitsu", "GET /anime", KEIKA_FAKE_FAULT_SERVER_ERROR, 502, 1);
  broken = get (f, "/anime", NULL);
  assert_error (broken, 502, NULL);

  keika_fake_sites_inject (f->fake, "kitsu", "GET /users", KEIKA_FAKE_FAULT_EXPIRED_TOKEN, 0, 1);
  expired = get (f, "/users?filter%5Bself%5D=true", f->token);
  g_assert_cmpuint (expired->status, ==, 401);
  g_assert_cmpuint (keika_fake_kitsu_count_valid_access_tokens (f->kitsu), ==, 0);
}

void test_fake_kitsu_add_tests (void);

void
test_fake_kitsu_add_tests (void)
{
#define ADD(path, func) \
  g_test_add (path, KitsuFixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sites/kitsu/oauth/password", test_password_grant);
  ADD ("/sites/kitsu/oauth/throttle", test_login_throttle);
  ADD ("/sites/kitsu/jsonapi", test_jsonapi_rules);
  ADD ("/sites/kitsu/library/pages", test_library_pages);
  ADD ("/sites/kitsu/library/include", test_library_include);
  ADD ("/sites/kitsu/library/since-and-privacy", test_library_since_and_privacy);
  ADD ("/sites/kitsu/library/writes", test_writes);
  ADD ("/sites/kitsu/users-and-mappings", test_users_and_mappings);
  ADD ("/sites/kitsu/generator", test_kitsu_generator);
  ADD ("/sites/kitsu/faults", test_kitsu_faults);

#undef ADD
}
