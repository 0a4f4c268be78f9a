/* test-fake-anilist-util.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "keika-fake-anilist.h"
#include "keika-fake-catalog.h"
#include "keika-fake-mal.h"
#include "keika-fake-sites.h"

G_BEGIN_DECLS

/* The tests of the fake AniList, in the test-fake-sites program:
 * test-fake-anilist.c (reading: queries, selections, lists, the catalogue)
 * and test-fake-anilist-account.c (writing, tokens, sign-in, answers). */

typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  JsonNode           *json;            /* (nullable) the body, when it is JSON */
} AnilistReply;

void              anilist_reply_free        (AnilistReply    *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AnilistReply, anilist_reply_free)

typedef struct
{
  KeikaFakeSites     *fake;
  KeikaFakeAnilist   *anilist;
  SoupSession        *session;
  const char         *api;          /* (unowned) */
  const char         *auth;         /* (unowned) */
} AnilistFixture;

/* data NULL: the rate limit is off, for speed. */
void              anilist_fixture_set_up    (AnilistFixture  *f,
                                             gconstpointer    data);
void              anilist_fixture_tear_down (AnilistFixture  *f,
                                             gconstpointer    data);

AnilistReply     *anilist_request           (AnilistFixture  *f,
                                             const char      *method,
                                             const char      *url,
                                             const char      *token,
                                             const char      *content_type,
                                             const char      *body);
AnilistReply     *anilist_gql               (AnilistFixture  *f,
                                             const char      *token,
                                             const char      *query,
                                             const char      *variables);
AnilistReply     *anilist_save              (AnilistFixture  *f,
                                             const char      *token,
                                             const char      *variables);
char             *anilist_reply_text        (AnilistReply    *reply);
char             *read_anilist_query        (const char      *name);

/* JSON by path: "data.Page.media[0].title.romaji" */
JsonNode         *node_at                   (JsonNode        *node,
                                             const char      *path);
gint64            node_int                  (JsonNode        *node,
                                             const char      *path);
const char       *node_string               (JsonNode        *node,
                                             const char      *path);
gboolean          node_null                 (JsonNode        *node,
                                             const char      *path);
gboolean          node_bool                 (JsonNode        *node,
                                             const char      *path);
guint             node_length               (JsonNode        *node,
                                             const char      *path);
void              assert_members            (JsonNode        *node,
                                             const char      *path,
                                             const char      *names);
void              assert_graphql_error      (AnilistReply    *reply,
                                             guint            status,
                                             const char      *message);
GPtrArray        *collection_entries        (JsonNode        *json,
                                             GHashTable      *ids);

#define ENTRY_FIELDS "id mediaId status score progress repeat priority private notes " \
                     "hiddenFromStatusLists startedAt completedAt updatedAt media"
#define MEDIA_FIELDS "id idMal title synonyms episodes format status season seasonYear " \
                     "coverImage genres isAdult"

void              test_fake_anilist_add_tests         (void);
void              test_fake_anilist_add_account_tests (void);

G_END_DECLS
