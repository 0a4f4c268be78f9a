/* test-fake-anilist.c: the fake AniList is as demanding as AniList (../shared/API.md): reading
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "test-fake-anilist-util.h"

/* Keika's queries, as they are in src/sites/anilist */

static void
test_queries (AnilistFixture *f,
              gconstpointer   data)
{
  g_autofree char *token = keika_fake_anilist_issue_token (f->anilist, "Kei", 3600);
  gint64 user_id = keika_fake_anilist_get_user_id (f->anilist, "Kei");
  g_autofree char *viewer = read_anilist_query ("viewer.graphql");
  g_autofree char *collection = read_anilist_query ("collection.graphql");
  g_autofree char *changes = read_anilist_query ("changes.graphql");
  g_autofree char *search = read_anilist_query ("search.graphql");
  g_autofree char *by_mal_id = read_anilist_query ("by-mal-id.graphql");
  g_autofree char *save = read_anilist_query ("save.graphql");
  g_autofree char *delete = read_anilist_query ("delete.graphql");
  g_autofree char *variables = NULL;
  g_autoptr(AnilistReply) reply = NULL;
  JsonNode *json;
  gint64 entry_id;

  keika_fake_anilist_add_sample_entries (f->anilist, "Kei");

  reply = anilist_gql (f, token, viewer, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  json = reply->json;
  assert_members (json, "", "data");
  assert_members (json, "data.Viewer", "id name mediaListOptions");
  g_assert_cmpint (node_int (json, "data.Viewer.id"), ==, user_id);
  g_assert_cmpstr (node_string (json, "data.Viewer.name"), ==, "Kei");
  g_assert_cmpstr (node_string (json, "data.Viewer.mediaListOptions.scoreFormat"), ==,
                   "POINT_10_DECIMAL");
  g_clear_pointer (&reply, anilist_reply_free);

  /* The whole list in one chunk: the shapes of the sample entries. */
  reply = anilist_gql (f, token, collection, "{\"userName\":\"Kei\",\"chunk\":1,\"perChunk\":500}");
  g_assert_cmpuint (reply->status, ==, 200);
  json = reply->json;
  assert_members (json, "data.MediaListCollection", "hasNextChunk lists");
  g_assert_false (node_bool (json, "data.MediaListCollection.hasNextChunk"));
  assert_members (json, "data.MediaListCollection.lists[0]", "name isCustomList status entries");
  g_assert_cmpstr (node_string (json, "data.MediaListCollection.lists[0].name"), ==, "Watching");
  g_assert_cmpstr (node_string (json, "data.MediaListCollection.lists[0].status"), ==, "CURRENT");
  assert_members (json, "data.MediaListCollection.lists[0].entries[0]", ENTRY_FIELDS);
  assert_members (json, "data.MediaListCollection.lists[0].entries[0].media", MEDIA_FIELDS);
  assert_members (json, "data.MediaListCollection.lists[0].entries[0].media.coverImage", "large");
  assert_members (json, "data.MediaListCollection.lists[0].entries[0].startedAt",
                  "year month day");
  {
    JsonArray *lists = json_node_get_array (node_at (json, "data.MediaListCollection.lists"));
    g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    guint seen = 0;

    for (guint i = 0; i < json_array_get_length (lists); i++)
      {
        JsonNode *list = json_array_get_element (lists, i);
        JsonArray *entries = json_node_get_array (node_at (list, "entries"));

        for (guint j = 0; j < json_array_get_length (entries); j++)
          {
            JsonNode *e = json_array_get_element (entries, j);
            gint64 id = node_int (e, "id");

            seen++;
            g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
            switch (node_int (e, "mediaId"))
              {
              case 5114:  /* CURRENT at the last episode, started 2024-03 */
                g_assert_cmpstr (node_string (e, "status"), ==, "CURRENT");
                g_assert_cmpint (node_int (e, "progress"), ==, node_int (e, "media.episodes"));
                g_assert_cmpint (node_int (e, "startedAt.year"), ==, 2024);
                g_assert_cmpint (node_int (e, "startedAt.month"), ==, 3);
                g_assert_true (node_null (e, "startedAt.day"));
                g_assert_true (node_null (e, "completedAt.year"));
                g_assert_cmpint (node_int (e, "score"), ==, 97);
                break;
              case 17074:  /* private, no English title, notes kept exactly */
                g_assert_true (node_bool (e, "private"));
                g_assert_true (node_null (e, "media.title.english"));
                g_assert_cmpstr (node_string (e, "notes"), ==,
                                 "  Watched in broadcast order.\n\n  Then in release order.  \n");
                break;
              case 171018:  /* only on AniList */
                g_assert_true (node_null (e, "media.idMal"));
                break;
              case 21519:  /* only in a custom list */
                g_assert_true (node_bool (list, "isCustomList"));
                g_assert_true (node_null (list, "status"));
                g_assert_cmpstr (node_string (list, "name"), ==, "Favourites");
                break;
              case 1:
                g_assert_cmpint (node_int (e, "media.idMal"), ==, 1);
                g_assert_cmpstr (node_string (e, "media.title.native"), ==, "カウボーイビバップ");
                break;
              default:
                break;
              }
          }
      }
    /* Twelve entries, One Piece twice (Watching and two custom lists). */
    g_assert_cmpuint (g_hash_table_size (ids), ==, 12);
    g_assert_cmpuint (seen, ==, 14);
  }
  g_clear_pointer (&reply, anilist_reply_free);

  /* The latest changes, a page at a time. */
  variables = g_strdup_printf ("{\"userId\":%" G_GINT64_FORMAT ",\"page\":1,\"perPage\":5}",
                               user_id);
  reply = anilist_gql (f, token, changes, variables);
  g_assert_cmpuint (reply->status, ==, 200);
  json = reply->json;
  assert_members (json, "data.Page", "pageInfo mediaList");
  assert_members (json, "data.Page.pageInfo", "hasNextPage");
  g_assert_true (node_bool (json, "data.Page.pageInfo.hasNextPage"));
  g_assert_cmpuint (node_length (json, "data.Page.mediaList"), ==, 5);
  g_assert_cmpint (node_int (json, "data.Page.mediaList[0].mediaId"), ==, 171018);
  g_assert_cmpint (node_int (json, "data.Page.mediaList[1].mediaId"), ==, 21);
  assert_members (json, "data.Page.mediaList[0]", ENTRY_FIELDS);
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_gql (f, NULL, search, "{\"search\":\"FRIEREN\",\"perPage\":10}");
  g_assert_cmpuint (reply->status, ==, 200);
  json = reply->json;
  g_assert_cmpuint (node_length (json, "data.Page.media"), ==, 1);
  assert_members (json, "data.Page.media[0]", MEDIA_FIELDS);
  g_assert_cmpint (node_int (json, "data.Page.media[0].id"), ==, 154587);
  g_assert_cmpint (node_int (json, "data.Page.media[0].idMal"), ==, 52991);
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_gql (f, NULL, by_mal_id, "{\"ids\":[52991,1,32281,999999],\"perPage\":50}");
  g_assert_cmpuint (reply->status, ==, 200);
  json = reply->json;
  g_assert_cmpuint (node_length (json, "data.Page.media"), ==, 3);
  g_assert_cmpint (node_int (json, "data.Page.media[0].id"), ==, 1);
  g_assert_cmpint (node_int (json, "data.Page.media[1].id"), ==, 21519);
  g_assert_cmpint (node_int (json, "data.Page.media[1].idMal"), ==, 32281);
  g_assert_cmpint (node_int (json, "data.Page.media[2].id"), ==, 154587);
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_gql (f, token, save, "{\"mediaId\":199,\"progress\":1,\"status\":\"REPEATING\"}");
  g_assert_cmpuint (reply->status, ==, 200);
  json = reply->json;
  assert_members (json, "data.SaveMediaListEntry", ENTRY_FIELDS);
  g_assert_cmpstr (node_string (json, "data.SaveMediaListEntry.status"), ==, "REPEATING");
  g_assert_cmpint (node_int (json, "data.SaveMediaListEntry.score"), ==, 85);
  entry_id = node_int (json, "data.SaveMediaListEntry.id");
  g_assert_cmpint (entry_id, ==, keika_fake_anilist_lookup_entry (f->anilist, "Kei", 199)->id);
  g_clear_pointer (&reply, anilist_reply_free);
  g_clear_pointer (&variables, g_free);

  /* The list-entry id of one anime (entry.graphql, when Keika has it). */
  if (g_file_test (KEIKA_ANILIST_QUERY_DIR "/entry.graphql", G_FILE_TEST_EXISTS))
    {
      g_autofree char *entry = read_anilist_query ("entry.graphql");

      variables = g_strdup_printf ("{\"userId\":%" G_GINT64_FORMAT ",\"mediaId\":199}",
                                   user_id);
      reply = anilist_gql (f, token, entry, variables);
      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpuint (node_length (reply->json, "data.Page.mediaList"), ==, 1);
      assert_members (reply->json, "data.Page.mediaList[0]", "id mediaId");
      g_assert_cmpint (node_int (reply->json, "data.Page.mediaList[0].id"), ==, entry_id);
      g_clear_pointer (&reply, anilist_reply_free);
      g_clear_pointer (&variables, g_free);
    }

  variables = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT "}", entry_id);
  reply = anilist_gql (f, token, delete, variables);
  g_assert_cmpuint (reply->status, ==, 200);
  assert_members (reply->json, "data.DeleteMediaListEntry", "deleted");
  g_assert_true (node_bool (reply->json, "data.DeleteMediaListEntry.deleted"));
  g_assert_null (keika_fake_anilist_lookup_entry (f->anilist, "Kei", 199));
}

/* Every document in src/sites/anilist passes the fake's schema. */
static void
test_query_files (AnilistFixture *f,
                  gconstpointer   data)
{
  g_autofree char *token = keika_fake_anilist_issue_token (f->anilist, "Kei", 3600);
  g_autoptr(GDir) dir = g_dir_open (KEIKA_ANILIST_QUERY_DIR, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *query = NULL;
      g_autoptr(AnilistReply) reply = NULL;
      JsonNode *errors;

      if (!g_str_has_suffix (name, ".graphql"))
        continue;
      query = read_anilist_query (name);
      reply = anilist_gql (f, token, query, "{}");
      errors = node_at (reply->json, "errors");
      for (guint i = 0; errors != NULL && i < json_array_get_length (json_node_get_array (errors));
           i++)
        {
          JsonObject *error = json_array_get_object_element (json_node_get_array (errors), i);

          if (json_object_has_member (error, "locations"))
            g_error ("%s: %s", name, json_object_get_string_member (error, "message"));
        }
      n++;
    }
  g_assert_cmpuint (n, >=, 7);
}

/* Selections */

static void
test_selection (AnilistFixture *f,
                gconstpointer   data)
{
  static const struct { const char *query, *variables, *message; } refused[] = {
    { "{ Page { mediaList(userName: \"Sel\") { id score2 } } }", NULL,
      "Cannot query field \"score2\" on type \"MediaList\"." },
    { "{ Page { media(search: \"a\", genre: \"Action\") { id } } }", NULL,
      "Unknown argument \"genre\" on field \"media\" of type \"Page\"." },
    { "{ Viewer { id { x } } }", NULL,
      "Field \"id\" must not have a selection since type \"Int!\" has no subfields." },
    { "{ Viewer { mediaListOptions } }", NULL,
      "Field \"mediaListOptions\" of type \"MediaListOptions\" must have a selection of "
      "subfields. Did you mean \"mediaListOptions { ... }\"?" },
    { "query Q { Page { media(type: ANIMU) { id } } }", NULL,
      "Value \"ANIMU\" does not exist in \"MediaType\" enum." },
    { "{ Page { media(type: \"ANIME\") { id } } }", NULL,
      "Enum \"MediaType\" cannot represent non-enum value: \"ANIME\"." },
    { "query Q($ids: Int) { Page { media(idMal_in: $ids) { id } } }", NULL,
      "Variable \"$ids\" of type \"Int\" used in position expecting type \"[Int]\"." },
    { "query Q($n: Int) { Page(perPage: $n) { media { id } } }", "{\"n\":\"5\"}",
      "Variable \"$n\" got invalid value \"5\"; Int cannot represent non-integer value: \"5\"" },
    { "query Q { Page(perPage: $n) { media { id } } }", NULL,
      "Variable \"$n\" is not defined by operation \"Q\"." },
    { "query Q($n: Int, $unused: Int) { Page(perPage: $n) { media { id } } }", NULL,
      "Variable \"$unused\" is never used in operation \"Q\"." },
    { "query Q($d: FuzzyDateInput) { SaveMediaListEntry(mediaId: 1, startedAt: $d) { id } }",
      NULL, "Cannot query field \"SaveMediaListEntry\" on type \"Query\"." },
    { "{ Page { media { ...F } } } fragment F on Media { id }", NULL,
      "Fragments are not supported by the fake AniList." },
    { "{ Page { m: media { id } } }", NULL, "Aliases are not supported by the fake AniList." },
    { "{ Page { media(id: 1 { id } } }", NULL, "Syntax Error: Expected Name, found \"{\"." },
    { "", NULL, "Must provide query string." },
  };
  g_autoptr(AnilistReply) reply = NULL;
  JsonNode *json;

  keika_fake_anilist_add_sample_entries (f->anilist, "Sel");

  /* Exactly what was selected, nested too; a comment is nothing. */
  reply = anilist_gql (f, NULL,
               "# the two latest\n"
               "{ Page(perPage: 2) { mediaList(userName: \"Sel\", sort: UPDATED_TIME_DESC) {\n"
               "    updatedAt id # no more\n"
               "    media { title { english } }\n"
               "    completedAt { day }\n"
               "    score(format: POINT_5)\n"
               "} } }", NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  json = reply->json;
  assert_members (json, "data", "Page");
  assert_members (json, "data.Page", "mediaList");
  assert_members (json, "data.Page.mediaList[1]", "updatedAt id media completedAt score");
  assert_members (json, "data.Page.mediaList[1].media", "title");
  assert_members (json, "data.Page.mediaList[1].media.title", "english");
  assert_members (json, "data.Page.mediaList[1].completedAt", "day");
  g_assert_cmpint (node_int (json, "data.Page.mediaList[1].score"), ==, 4);  /* raw 88 */
  g_assert_cmpstr (node_string (json, "data.Page.mediaList[1].media.title.english"), ==,
                   "ONE PIECE");
  g_clear_pointer (&reply, anilist_reply_free);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("%s", refused[i].query);
      reply = anilist_gql (f, NULL, refused[i].query, refused[i].variables);
      assert_graphql_error (reply, 400, refused[i].message);
      g_assert_true (node_null (reply->json, "data"));
      if (*refused[i].query != '\0')
        {
          g_assert_cmpint (node_int (reply->json, "errors[0].locations[0].line"), >=, 1);
          g_assert_cmpint (node_int (reply->json, "errors[0].locations[0].column"), >=, 1);
        }
      g_clear_pointer (&reply, anilist_reply_free);
    }

  /* The location is that of the field. */
  reply = anilist_gql (f, NULL, "{\n  Page {\n    media { id\n      titel } } }", NULL);
  assert_graphql_error (reply, 400, "Cannot query field \"titel\" on type \"Media\".");
  g_assert_cmpint (node_int (reply->json, "errors[0].locations[0].line"), ==, 4);
  g_assert_cmpint (node_int (reply->json, "errors[0].locations[0].column"), ==, 7);
}

/* Not POST with a JSON object: 400, in GraphQL's words. */
static void
test_request_shape (AnilistFixture *f,
                    gconstpointer   data)
{
  g_autoptr(AnilistReply) reply = NULL;
  g_autoptr(KeikaFakeRequest) logged = NULL;
  g_autofree char *elsewhere = g_strconcat (f->api, "/v2", NULL);

  reply = anilist_request (f, "GET", f->api, NULL, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 400);
  g_assert_true (node_null (reply->json, "data"));
  g_assert_nonnull (node_string (reply->json, "errors[0].message"));
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_request (f, "POST", f->api, NULL, "application/x-www-form-urlencoded",
                   "query=%7B%20Viewer%20%7B%20id%20%7D%20%7D");
  g_assert_cmpuint (reply->status, ==, 400);
  g_assert_nonnull (reply->json);
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_request (f, "POST", f->api, NULL, "application/json", "[1, 2]");
  g_assert_cmpuint (reply->status, ==, 400);
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_request (f, "POST", f->api, NULL, "application/json", "{\"query\": ");
  g_assert_cmpuint (reply->status, ==, 400);
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_request (f, "POST", f->api, NULL, "application/json",
                   "{\"query\": \"{ Page { media(id: 1) { id } } }\", \"variables\": [1]}");
  g_assert_cmpuint (reply->status, ==, 400);
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_request (f, "POST", elsewhere, NULL, "application/json",
                           "{\"query\": \"{ a }\"}");
  g_assert_cmpuint (reply->status, ==, 404);
  g_clear_pointer (&reply, anilist_reply_free);

  /* Members and variables AniList would not use are logged as ignored. */
  reply = anilist_request (f, "POST", f->api, NULL, "application/json; charset=utf-8",
                   "{\"query\": \"query M($id: Int) { Media(id: $id) { id } }\", "
                   "\"variables\": {\"id\": 1, \"idMal\": 1}, \"operationName\": \"M\", "
                   "\"extra\": true}");
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpint (node_int (reply->json, "data.Media.id"), ==, 1);
  logged = keika_fake_sites_get_last_request (f->fake, "anilist", "POST /");
  g_assert_true (keika_fake_request_has_ignored_field (logged, "extra"));
  g_assert_true (keika_fake_request_has_ignored_field (logged, "$idMal"));
  g_assert_false (keika_fake_request_has_ignored_field (logged, "$id"));
  g_clear_pointer (&reply, anilist_reply_free);

  /* Several operations: operationName picks one. */
  reply = anilist_request (f, "POST", f->api, NULL, "application/json",
                   "{\"query\": \"query A { Media(id: 1) { id } } query B { Media(id: 21) "
                   "{ id } }\", \"operationName\": \"B\"}");
  g_assert_cmpint (node_int (reply->json, "data.Media.id"), ==, 21);
  g_clear_pointer (&reply, anilist_reply_free);
  reply = anilist_request (f, "POST", f->api, NULL, "application/json",
                   "{\"query\": \"query A { Media(id: 1) { id } } query B { Media(id: 21) "
                   "{ id } }\"}");
  assert_graphql_error (reply, 400,
                        "Must provide operation name if query contains multiple operations.");
}

/* Lists */

static int
compare_by_update (gconstpointer a,
                   gconstpointer b)
{
  JsonNode *x = *(JsonNode **) a;
  JsonNode *y = *(JsonNode **) b;
  gint64 ux = node_int (x, "updatedAt"), uy = node_int (y, "updatedAt");

  if (ux != uy)
    return ux > uy ? -1 : 1;

  return node_int (x, "id") < node_int (y, "id") ? -1 : 1;
}

static void
test_chunks (AnilistFixture *f,
             gconstpointer   data)
{
  g_autofree char *token = keika_fake_anilist_issue_token (f->anilist, "Chunky", 3600);
  g_autofree char *collection = read_anilist_query ("collection.graphql");
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 previous_update = G_MAXINT64;
  guint n_private = 0;
  guint chunk;

  keika_fake_anilist_generate_entries (f->anilist, "Chunky", 1234, 77);
  g_assert_cmpuint (keika_fake_anilist_get_n_entries (f->anilist, "Chunky"), ==, 1234);

  for (chunk = 1; ; chunk++)
    {
      g_autofree char *variables = g_strdup_printf ("{\"userName\":\"Chunky\",\"chunk\":%u,"
                                                    "\"perChunk\":800}", chunk);
      g_autoptr(AnilistReply) reply = anilist_gql (f, token, collection, variables);
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GPtrArray) sorted = NULL;
      gboolean has_next;

      g_assert_cmpuint (reply->status, ==, 200);
      entries = collection_entries (reply->json, ids);
      has_next = node_bool (reply->json, "data.MediaListCollection.hasNextChunk");
      /* perChunk 800 is 500 */
      g_assert_cmpuint (entries->len, ==, has_next ? 500 : 1234 - 1000);

      /* A chunk is the next updatedAt-then-id slice of the list. */
      sorted = g_ptr_array_copy (entries, NULL, NULL);
      g_ptr_array_sort (sorted, compare_by_update);
      g_assert_cmpint (node_int (g_ptr_array_index (sorted, 0), "updatedAt"), <=, previous_update);
      previous_update = node_int (g_ptr_array_index (sorted, sorted->len - 1), "updatedAt");
      for (guint i = 0; i < entries->len; i++)
        n_private += json_node_get_boolean (node_at (g_ptr_array_index (entries, i), "private"));
      if (!has_next)
        break;
    }
  g_assert_cmpuint (chunk, ==, 3);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 1234);
  g_assert_cmpuint (n_private, >, 0);

  /* Without the owner's token, private entries are left out; no chunk: everything. */
  {
    g_autoptr(AnilistReply) reply = anilist_gql (f, NULL, collection, "{\"userName\":\"chunky\"}");
    g_autoptr(GHashTable) public_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                              g_free, NULL);
    g_autoptr(GPtrArray) entries = NULL;

    g_assert_cmpuint (reply->status, ==, 200);
    entries = collection_entries (reply->json, public_ids);
    g_assert_cmpuint (entries->len, ==, 1234 - n_private);
    g_assert_false (json_node_get_boolean (node_at (reply->json,
                                               "data.MediaListCollection.hasNextChunk")));
  }
}

static void
test_hidden_and_custom (AnilistFixture *f,
                        gconstpointer   data)
{
  static const char * const lists[] = { "Later", NULL };
  static const char * const both[] = { "Later", "Best", NULL };
  KeikaFakeAnilistEntry hidden = { .media_id = 9253, .status = "COMPLETED", .score_raw = 73,
                                   .hidden_from_status_lists = TRUE, .custom_lists = lists };
  KeikaFakeAnilistEntry twice = { .media_id = 1535, .status = "PAUSED", .custom_lists = both };
  g_autoptr(AnilistReply) reply = NULL;
  JsonNode *json;

  keika_fake_anilist_add_entry (f->anilist, "Hider", &hidden);
  keika_fake_anilist_add_entry (f->anilist, "Hider", &twice);
  reply = anilist_gql (f, NULL, "{ MediaListCollection(userName: \"Hider\", type: ANIME) { "
                       "lists { name isCustomList status entries { mediaId customLists } } } }",
                       NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  json = reply->json;
  g_assert_cmpuint (node_length (json, "data.MediaListCollection.lists"), ==, 3);
  g_assert_cmpstr (node_string (json, "data.MediaListCollection.lists[0].name"), ==, "Paused");
  g_assert_cmpuint (node_length (json, "data.MediaListCollection.lists[0].entries"), ==, 1);
  g_assert_cmpint (node_int (json, "data.MediaListCollection.lists[0].entries[0].mediaId"), ==,
                   1535);
  g_assert_cmpstr (node_string (json, "data.MediaListCollection.lists[1].name"), ==, "Later");
  g_assert_cmpuint (node_length (json, "data.MediaListCollection.lists[1].entries"), ==, 2);
  g_assert_cmpstr (node_string (json, "data.MediaListCollection.lists[2].name"), ==, "Best");
  g_assert_cmpuint (node_length (json, "data.MediaListCollection.lists[2].entries"), ==, 1);
  /* customLists: every custom list of the user, with this entry's in them. */
  assert_members (json, "data.MediaListCollection.lists[2].entries[0].customLists", "Later Best");
  g_assert_true (node_bool (json, "data.MediaListCollection.lists[2].entries[0]"
                                                  ".customLists.Best"));
  g_assert_false (node_bool (json, "data.MediaListCollection.lists[1]"
                                                   ".entries[0].customLists.Best"));
}

static void
test_page_order (AnilistFixture *f,
                 gconstpointer   data)
{
  g_autofree char *changes = read_anilist_query ("changes.graphql");
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 previous_update = G_MAXINT64, previous_id = 0;
  gint64 user_id;
  gboolean has_next = TRUE;
  guint page;

  keika_fake_anilist_generate_entries (f->anilist, "Pager", 120, 3);
  user_id = keika_fake_anilist_get_user_id (f->anilist, "Pager");
  /* Private entries are the owner's: read with their token. */
  {
    g_autofree char *token = keika_fake_anilist_issue_token (f->anilist, "Pager", 60);

    for (page = 1; has_next; page++)
      {
        g_autofree char *variables = g_strdup_printf ("{\"userId\":%" G_GINT64_FORMAT
                                                      ",\"page\":%u,\"perPage\":100}",
                                                      user_id, page);
        g_autoptr(AnilistReply) reply = anilist_gql (f, token, changes, variables);
        guint n;

        g_assert_cmpuint (reply->status, ==, 200);
        n = node_length (reply->json, "data.Page.mediaList");
        has_next = node_bool (reply->json, "data.Page.pageInfo.hasNextPage");
        g_assert_cmpuint (n, ==, has_next ? 50 : 20);  /* perPage 100 is 50 */
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *path = g_strdup_printf ("data.Page.mediaList[%u]", i);
            JsonNode *entry = node_at (reply->json, path);
            gint64 id = node_int (entry, "id");
            gint64 updated = node_int (entry, "updatedAt");
            gint64 *key = g_new (gint64, 1);

            g_assert_true (updated < previous_update
                           || (updated == previous_update && id > previous_id));
            previous_update = updated;
            previous_id = id;
            *key = id;
            g_assert_true (g_hash_table_add (ids, key));
          }
      }
  }
  g_assert_cmpuint (page - 1, ==, 3);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 120);

  {
    g_autoptr(AnilistReply) reply = NULL;

    reply = anilist_gql (f, NULL, "{ Page(page: 9, perPage: 50) { pageInfo { total perPage "
                         "currentPage lastPage hasNextPage } mediaList(userName: \"Pager\") "
                         "{ id } } }", NULL);

    g_assert_cmpint (node_int (reply->json, "data.Page.pageInfo.perPage"), ==, 50);
    g_assert_cmpint (node_int (reply->json, "data.Page.pageInfo.currentPage"), ==, 9);
    g_assert_cmpint (node_int (reply->json, "data.Page.pageInfo.lastPage"), ==, 3);
    g_assert_cmpuint (node_length (reply->json, "data.Page.mediaList"), ==, 0);
  }
}

static void
test_users (AnilistFixture *f,
            gconstpointer   data)
{
  g_autofree char *token = keika_fake_anilist_issue_token (f->anilist, "Shy", 60);
  g_autofree char *other = keika_fake_anilist_issue_token (f->anilist, "Other", 60);
  g_autofree char *collection = read_anilist_query ("collection.graphql");
  g_autoptr(AnilistReply) reply = NULL;

  keika_fake_anilist_add_sample_entries (f->anilist, "Shy");
  keika_fake_anilist_set_user_private (f->anilist, "Shy", TRUE);

  reply = anilist_gql (f, NULL, collection, "{\"userName\":\"Nobody\"}");
  assert_graphql_error (reply, 404, "User not found");
  assert_members (reply->json, "", "errors data");
  assert_members (reply->json, "data", "MediaListCollection");
  g_assert_true (node_null (reply->json, "data.MediaListCollection"));
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_gql (f, other, collection, "{\"userName\":\"Shy\"}");
  assert_graphql_error (reply, 404, "Private User");
  g_assert_true (node_null (reply->json, "data.MediaListCollection"));
  g_clear_pointer (&reply, anilist_reply_free);

  reply = anilist_gql (f, token, collection, "{\"userName\":\"Shy\"}");
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, anilist_reply_free);

  /* Needing a token without one. */
  reply = anilist_gql (f, NULL, collection, "{}");
  assert_graphql_error (reply, 401, "Unauthorized.");
  g_assert_true (node_null (reply->json, "data"));
  g_clear_pointer (&reply, anilist_reply_free);
  reply = anilist_gql (f, NULL, "{ Viewer { id } }", NULL);
  assert_graphql_error (reply, 401, "Unauthorized.");
  g_assert_true (node_null (reply->json, "data"));
}

/* Scores in each format: floor to the breakpoints. */
static void
test_scores (AnilistFixture *f,
             gconstpointer   data)
{
  static const struct { const char *format; guint raw; const char *text; } cases[] = {
    { "POINT_10_DECIMAL", 85, "8.5" }, { "POINT_10_DECIMAL", 80, "8" },
    { "POINT_10", 89, "8" }, { "POINT_100", 7, "7" },
    { "POINT_5", 29, "1" }, { "POINT_5", 30, "2" }, { "POINT_5", 89, "4" }, { "POINT_5", 90, "5" },
    { "POINT_3", 30, "1" }, { "POINT_3", 31, "2" }, { "POINT_3", 61, "3" }, { "POINT_3", 0, "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KeikaFakeAnilistEntry entry = { .media_id = 1, .status = "COMPLETED",
                                      .score_raw = cases[i].raw };
      g_autofree char *expected = g_strdup_printf ("{\"data\":{\"Page\":{\"mediaList\":"
                                                   "[{\"score\":%s}]}}}", cases[i].text);
      g_autofree char *text = NULL;
      g_autoptr(AnilistReply) reply = NULL;

      keika_fake_anilist_set_score_format (f->anilist, "Scorer", cases[i].format);
      keika_fake_anilist_add_entry (f->anilist, "Scorer", &entry);
      reply = anilist_gql (f, NULL, "{ Page { mediaList(userName: \"Scorer\") { score } } }", NULL);
      text = anilist_reply_text (reply);
      g_assert_cmpstr (text, ==, expected);
      g_clear_pointer (&reply, anilist_reply_free);

      reply = anilist_gql (f, NULL, "{ Page { mediaList(userName: \"Scorer\") { "
                   "score(format: POINT_100) } } }", NULL);
      g_assert_cmpint (node_int (reply->json, "data.Page.mediaList[0].score"), ==, cases[i].raw);
    }
}

/* The shared catalogue */

static void
test_catalog (AnilistFixture *f,
              gconstpointer   data)
{
  KeikaFakeMal *mal = keika_fake_sites_get_mal (f->fake);
  g_autoptr(GPtrArray) builtin = keika_fake_sites_get_catalog (f->fake);
  g_autoptr(GPtrArray) catalog = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autoptr(AnilistReply) reply = NULL;
  guint mal_only = 0, anilist_only = 0, differ = 0, n_mal = 0;
  guint n_builtin = builtin->len;

  keika_fake_sites_generate_catalog (f->fake, 600, 11);
  catalog = keika_fake_sites_get_catalog (f->fake);
  g_assert_cmpuint (catalog->len, ==, n_builtin + 600);

  for (guint i = 0; i < catalog->len; i++)
    {
      const KeikaFakeCatalogAnime *anime = g_ptr_array_index (catalog, i);

      g_assert_true (anime->mal_id == 0 || keika_fake_mal_has_anime (mal, anime->mal_id));
      g_assert_true (anime->anilist_id == 0
                     || keika_fake_anilist_has_anime (f->anilist, anime->anilist_id));
      if (i < n_builtin)
        continue;
      g_assert_cmpint (anime->mal_id, !=, anime->anilist_id);
      mal_only += anime->anilist_id == 0;
      anilist_only += anime->mal_id == 0;
      differ += anime->mal_episodes != anime->anilist_episodes;
      if (anime->mal_id != 0 && anime->anilist_id != 0 && n_mal < 50)
        {
          g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, n_mal > 0 ? "," : "",
                                  anime->mal_id);
          n_mal++;
        }
    }
  g_assert_cmpuint (mal_only, >=, 6);
  g_assert_cmpuint (mal_only, <=, 24);
  g_assert_cmpuint (anilist_only, >=, 6);
  g_assert_cmpuint (anilist_only, <=, 24);
  g_assert_cmpuint (differ, >, 30);

  /* AniList says the same MyAnimeList id as the catalogue. */
  {
    g_autofree char *query = read_anilist_query ("by-mal-id.graphql");
    g_autofree char *variables = g_strdup_printf ("{\"ids\":[%s],\"perPage\":50}", ids->str);

    reply = anilist_gql (f, NULL, query, variables);
  }
  g_assert_cmpuint (node_length (reply->json, "data.Page.media"), ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *path = g_strdup_printf ("data.Page.media[%u]", i);
      JsonNode *media = node_at (reply->json, path);
      const KeikaFakeCatalogAnime *anime =
        keika_fake_sites_find_catalog_anime (f->fake, "anilist", node_int (media, "id"));

      g_assert_nonnull (anime);
      g_assert_cmpint (node_int (media, "idMal"), ==, anime->mal_id);
      if (anime->anilist_episodes == 0)
        g_assert_true (node_null (media, "episodes"));
      else
        g_assert_cmpint (node_int (media, "episodes"), ==, anime->anilist_episodes);
    }
  g_clear_pointer (&reply, anilist_reply_free);

  /* The built-in anime: Frieren is 52991 on MyAnimeList, 154587 on AniList. */
  g_assert_true (keika_fake_mal_has_anime (mal, 52991));
  g_assert_cmpint (keika_fake_sites_find_catalog_anime (f->fake, "mal", 52991)->anilist_id, ==,
                   154587);
  reply = anilist_gql (f, NULL, "{ Media(idMal: 52991) { id idMal } }", NULL);
  g_assert_cmpint (node_int (reply->json, "data.Media.id"), ==, 154587);
  g_clear_pointer (&reply, anilist_reply_free);
  reply = anilist_gql (f, NULL, "{ Media(idMal: 1234567) { id } }", NULL);
  assert_graphql_error (reply, 404, "Not Found.");

  /* One added by hand goes to both sites. */
  {
    KeikaFakeCatalogAnime anime = { .mal_id = 777001, .anilist_id = 888002,
                                    .romaji = "Te de Kaita", .mal_episodes = 12,
                                    .anilist_episodes = 13, .status = "RELEASING",
                                    .next_episode = 9 };

    keika_fake_sites_add_catalog_anime (f->fake, &anime);
    g_assert_true (keika_fake_mal_has_anime (mal, 777001));
    g_assert_true (keika_fake_anilist_has_anime (f->anilist, 888002));
  }
}

static void
test_generator (void)
{
  g_autoptr(KeikaFakeSites) a = keika_fake_sites_new (NULL);
  g_autoptr(KeikaFakeSites) b = keika_fake_sites_new (NULL);
  KeikaFakeAnilist *anilist_a = keika_fake_sites_get_anilist (a);
  KeikaFakeAnilist *anilist_b = keika_fake_sites_get_anilist (b);
  g_autoptr(GPtrArray) entries_a = NULL;
  g_autoptr(GPtrArray) entries_b = NULL;
  gboolean at_end = FALSE, padded_notes = FALSE, year_only = FALSE, year_month = FALSE;
  gboolean custom_only = FALSE, repeating = FALSE, private_entry = FALSE, odd_score = FALSE;

  keika_fake_anilist_generate_entries (anilist_a, "Gen", 400, 42);
  keika_fake_anilist_generate_entries (anilist_b, "Gen", 400, 42);
  entries_a = keika_fake_anilist_get_entries (anilist_a, "Gen");
  entries_b = keika_fake_anilist_get_entries (anilist_b, "Gen");
  g_assert_cmpuint (entries_a->len, ==, 400);
  g_assert_cmpuint (entries_b->len, ==, 400);

  for (guint i = 0; i < entries_a->len; i++)
    {
      const KeikaFakeAnilistEntry *ea = g_ptr_array_index (entries_a, i);
      const KeikaFakeAnilistEntry *eb = g_ptr_array_index (entries_b, i);
      const KeikaFakeCatalogAnime *anime;

      g_assert_cmpint (ea->media_id, ==, eb->media_id);
      g_assert_cmpint (ea->id, ==, eb->id);
      g_assert_cmpstr (ea->status, ==, eb->status);
      g_assert_cmpuint (ea->score_raw, ==, eb->score_raw);
      g_assert_cmpint (ea->updated_at, ==, eb->updated_at);
      g_assert_cmpstr (ea->notes, ==, eb->notes);
      g_assert_cmpuint (ea->score_raw, <=, 100);

      anime = keika_fake_sites_find_catalog_anime (a, "anilist", ea->media_id);
      at_end |= g_str_equal (ea->status, "CURRENT") && ea->progress > 0
                && ea->progress == anime->anilist_episodes;
      padded_notes |= ea->notes != NULL && ea->notes[0] == ' ' && strchr (ea->notes, '\n') != NULL;
      year_only |= ea->started_at.year != 0 && ea->started_at.month == 0;
      year_month |= ea->started_at.month != 0 && ea->started_at.day == 0;
      custom_only |= ea->hidden_from_status_lists && ea->custom_lists[0] != NULL;
      repeating |= g_str_equal (ea->status, "REPEATING");
      private_entry |= ea->is_private;
      odd_score |= ea->score_raw % 10 != 0;
    }
  g_assert_true (at_end && padded_notes && year_only && year_month && custom_only && repeating
                 && private_entry && odd_score);
}

void
test_fake_anilist_add_tests (void)
{
#define ADD(path, func) \
  g_test_add (path, AnilistFixture, NULL, anilist_fixture_set_up, func, anilist_fixture_tear_down)

  ADD ("/sites/anilist/queries", test_queries);
  ADD ("/sites/anilist/query-files", test_query_files);
  ADD ("/sites/anilist/selection", test_selection);
  ADD ("/sites/anilist/request-shape", test_request_shape);
  ADD ("/sites/anilist/chunks", test_chunks);
  ADD ("/sites/anilist/hidden-and-custom", test_hidden_and_custom);
  ADD ("/sites/anilist/page-order", test_page_order);
  ADD ("/sites/anilist/users", test_users);
  ADD ("/sites/anilist/scores", test_scores);
  ADD ("/sites/anilist/catalog", test_catalog);
  g_test_add_func ("/sites/anilist/generator", test_generator);

#undef ADD

  test_fake_anilist_add_account_tests ();
}
