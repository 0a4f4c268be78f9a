/* keika-fake-anilist.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-fake-sites.h"

G_BEGIN_DECLS

/* The fake AniList: GraphQL API v2 under the "anilist-api" endpoint, the
 * OAuth implicit grant under "anilist-auth", cover images under
 * "anilist-cdn". See the "AniList — GraphQL API v2" section of
 * ../shared/API.md.
 *
 * The API answers POST of `{"query", "variables", "operationName"}` as JSON
 * only. Queries are parsed and validated against the part of AniList's
 * schema the fake serves (keika-fake-anilist-query.c): a field or argument it
 * does not serve is refused as AniList refuses an unknown one (400, "Cannot
 * query field \"x\" on type \"MediaList\"."), so a misspelt query fails in
 * tests as it would live; answers hold exactly the fields selected, in the
 * query's order.
 *
 * Behaviour worth knowing (unverified on the real service where marked):
 * - an argument whose value is null is taken as not given;
 * - SaveMediaListEntry creating an entry without status sets CURRENT
 *   (unverified); it caps progress to the known episode count and never
 *   completes an entry by itself;
 * - `score` in the user's format to SaveMediaListEntry is stored as raw
 *   10 × POINT_10, 20 × POINT_5, 30/60/90 for POINT_3 (unverified);
 *   scoreRaw wins when both are given;
 * - customLists names not yet among the user's custom lists are added to them;
 * - MediaListCollection serves the 11,000 most recently updated entries, in
 *   chunks ordered by updatedAt (newest first) then id; other users' private
 *   entries are left out of every list;
 * - the rate limit is 30 requests a minute on the API (not on the authorize
 *   page), as AniList's "degraded" mode; keika_fake_sites_set_rate_limit
 *   (sites, "anilist", 0, 0) removes it.
 */

#define KEIKA_TYPE_FAKE_ANILIST (keika_fake_anilist_get_type ())

G_DECLARE_FINAL_TYPE (KeikaFakeAnilist, keika_fake_anilist, KEIKA, FAKE_ANILIST, GObject)

/* The client id the fake accepts unless keika_fake_anilist_set_client_id() says otherwise. */
#define KEIKA_FAKE_ANILIST_CLIENT_ID "4242"

/**
 * KeikaFakeAnilistAnime:
 *
 * A Media of the catalogue, in AniList's names. Given to
 * keika_fake_anilist_add_anime(), which copies it; NULL and 0 fields are
 * null in answers, except format (default TV) and status (default FINISHED).
 */
typedef struct
{
  gint64              id;
  gint64              id_mal;           /* 0: null */
  const char         *romaji;
  const char         *english;          /* (nullable) */
  const char         *native;           /* (nullable) */
  const char * const *synonyms;         /* (nullable) */
  const char         *format;           /* TV, TV_SHORT, MOVIE, SPECIAL, OVA, ONA, MUSIC */
  guint               episodes;         /* 0: null (unknown) */
  const char         *status;           /* FINISHED, RELEASING, NOT_YET_RELEASED, CANCELLED,
                                         * HIATUS */
  const char         *season;           /* (nullable) WINTER, SPRING, SUMMER, FALL */
  guint               season_year;      /* 0: null */
  const char * const *genres;           /* (nullable) */
  gboolean            is_adult;
  guint               next_episode;     /* nextAiringEpisode.episode; 0: null */
} KeikaFakeAnilistAnime;

/* A FuzzyDate: any part 0 is null. */
typedef struct
{
  guint               year;
  guint               month;
  guint               day;
} KeikaFakeAnilistDate;

/**
 * KeikaFakeAnilistEntry:
 *
 * One MediaList of a user, in AniList's names. Given to
 * keika_fake_anilist_add_entry(), which copies it; lookup returns the live
 * one (read-only, valid until the next change).
 */
typedef struct
{
  gint64              id;               /* the list-entry id; set by the fake, ignored by add */
  gint64              media_id;
  const char         *status;           /* CURRENT, PLANNING, COMPLETED, DROPPED, PAUSED,
                                         * REPEATING; NULL = PLANNING */
  guint               score_raw;        /* 0–100, 0 = no score */
  guint               progress;
  guint               repeat;
  guint               priority;
  gboolean            is_private;
  const char         *notes;            /* (nullable) kept exactly, spaces and line breaks too */
  gboolean            hidden_from_status_lists;
  const char * const *custom_lists;     /* (nullable) names of the custom lists it is in */
  KeikaFakeAnilistDate started_at;
  KeikaFakeAnilistDate completed_at;
  gint64              updated_at;       /* Unix time; 0 = now */
  gint64              created_at;       /* Unix time; 0 = updated_at */
} KeikaFakeAnilistEntry;

/**
 * KeikaFakeAnilistAuthorize:
 * @KEIKA_FAKE_ANILIST_AUTHORIZE_APPROVE: the user approves: the token in the fragment
 * @KEIKA_FAKE_ANILIST_AUTHORIZE_DENY: the user declines: `#error=access_denied&…`
 * @KEIKA_FAKE_ANILIST_AUTHORIZE_WRONG_STATE: approve, with a state other than the one given
 * @KEIKA_FAKE_ANILIST_AUTHORIZE_NO_STATE: approve, with no state in the fragment
 * @KEIKA_FAKE_ANILIST_AUTHORIZE_NO_TOKEN: the fragment has the state and no access_token
 *
 * What the "browser" answers at `{auth}/authorize` once the request is valid.
 */
typedef enum
{
  KEIKA_FAKE_ANILIST_AUTHORIZE_APPROVE,
  KEIKA_FAKE_ANILIST_AUTHORIZE_DENY,
  KEIKA_FAKE_ANILIST_AUTHORIZE_WRONG_STATE,
  KEIKA_FAKE_ANILIST_AUTHORIZE_NO_STATE,
  KEIKA_FAKE_ANILIST_AUTHORIZE_NO_TOKEN,
} KeikaFakeAnilistAuthorize;

/* Users and the catalogue */
gint64              keika_fake_anilist_add_user             (KeikaFakeAnilist            *self,
                                                             const char                  *name);
gint64              keika_fake_anilist_get_user_id          (KeikaFakeAnilist            *self,
                                                             const char                  *name);
void                keika_fake_anilist_set_user_private     (KeikaFakeAnilist            *self,
                                                             const char                  *user,
                                                             gboolean                     is_private);
void                keika_fake_anilist_set_score_format     (KeikaFakeAnilist            *self,
                                                             const char                  *user,
                                                             const char                  *format);
void                keika_fake_anilist_add_anime            (KeikaFakeAnilist            *self,
                                                             const KeikaFakeAnilistAnime *anime);
gboolean            keika_fake_anilist_has_anime            (KeikaFakeAnilist            *self,
                                                             gint64                       media_id);
guint               keika_fake_anilist_get_n_anime          (KeikaFakeAnilist            *self);

/* Lists */
gint64              keika_fake_anilist_add_entry            (KeikaFakeAnilist            *self,
                                                             const char                  *user,
                                                             const KeikaFakeAnilistEntry *entry);
const KeikaFakeAnilistEntry *keika_fake_anilist_lookup_entry (KeikaFakeAnilist           *self,
                                                             const char                  *user,
                                                             gint64                       media_id);
gboolean            keika_fake_anilist_remove_entry         (KeikaFakeAnilist            *self,
                                                             const char                  *user,
                                                             gint64                       media_id);
guint               keika_fake_anilist_get_n_entries        (KeikaFakeAnilist            *self,
                                                             const char                  *user);
GPtrArray          *keika_fake_anilist_get_entries          (KeikaFakeAnilist            *self,
                                                             const char                  *user);
void                keika_fake_anilist_add_sample_entries   (KeikaFakeAnilist            *self,
                                                             const char                  *user);
void                keika_fake_anilist_generate_entries     (KeikaFakeAnilist            *self,
                                                             const char                  *user,
                                                             guint                        n_entries,
                                                             guint32                      seed);

/* OAuth and tokens */
void                keika_fake_anilist_set_client_id        (KeikaFakeAnilist            *self,
                                                             const char                  *client_id);
const char         *keika_fake_anilist_get_client_id        (KeikaFakeAnilist            *self);
void                keika_fake_anilist_set_redirect_uri     (KeikaFakeAnilist            *self,
                                                             const char                  *redirect_uri);
void                keika_fake_anilist_set_browser_user     (KeikaFakeAnilist            *self,
                                                             const char                  *user);
void                keika_fake_anilist_set_authorize_answer (KeikaFakeAnilist            *self,
                                                             KeikaFakeAnilistAuthorize    answer);
void                keika_fake_anilist_set_token_lifetime   (KeikaFakeAnilist            *self,
                                                             guint                        seconds);
char               *keika_fake_anilist_issue_token          (KeikaFakeAnilist            *self,
                                                             const char                  *user,
                                                             gint64                       lifetime_seconds);
void                keika_fake_anilist_expire_tokens        (KeikaFakeAnilist            *self);
guint               keika_fake_anilist_count_valid_tokens   (KeikaFakeAnilist            *self);
char              **keika_fake_anilist_dup_secrets          (KeikaFakeAnilist            *self);

/* Answers */
void                keika_fake_anilist_fail_next_with_200   (KeikaFakeAnilist            *self,
                                                             const char                  *message,
                                                             int                          count);

G_END_DECLS
