/* keika-fake-mal.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-fake-sites.h"

G_BEGIN_DECLS

/* The fake MyAnimeList: API v2 under the "mal-api" endpoint, OAuth 2 (PKCE,
 * method plain, public client) under "mal-auth", cover images under "mal-cdn".
 * See the "MyAnimeList — API v2" section of ../shared/API.md.
 *
 * Differences from the real service worth knowing:
 * - `fields=list_status` gives status, score, num_episodes_watched,
 *   is_rewatching, updated_at, and start_date/finish_date when set; priority,
 *   num_times_rewatched, rewatch_value, tags and comments only when asked for
 *   as `list_status{tags,comments,…}` (MAL's documented example shows only
 *   the defaults; the rest is unverified); PATCH returns them all;
 * - the order of a list without `sort` is by status (watching, completed,
 *   on_hold, dropped, plan_to_watch) then title (unverified on the real site);
 * - seasonal, ranking, suggestions and manga endpoints are not served (404).
 */

#define KEIKA_TYPE_FAKE_MAL (keika_fake_mal_get_type ())

G_DECLARE_FINAL_TYPE (KeikaFakeMal, keika_fake_mal, KEIKA, FAKE_MAL, GObject)

/* The client id the fake accepts unless keika_fake_mal_set_client_id() says otherwise. */
#define KEIKA_FAKE_MAL_CLIENT_ID "0123456789abcdef0123456789abcdef"

/**
 * KeikaFakeMalAnime:
 *
 * An anime of the catalogue. Given to keika_fake_mal_add_anime(), which copies
 * it; NULL and 0 fields get defaults (media_type "tv", status
 * "finished_airing", pictures served by the fake's "mal-cdn" endpoint).
 */
typedef struct
{
  gint64              id;
  const char         *title;
  const char * const *synonyms;         /* (nullable) */
  const char         *title_en;         /* (nullable) "" when absent on MAL */
  const char         *title_ja;         /* (nullable) */
  const char         *media_type;       /* tv, ova, movie, special, ona, music, unknown */
  const char         *status;           /* finished_airing, currently_airing, not_yet_aired */
  guint               num_episodes;     /* 0 = unknown */
  guint               start_year;       /* 0 = unknown: no start_season */
  const char         *start_season;     /* winter, spring, summer, fall */
  const char         *start_date;       /* (nullable) YYYY-MM-DD, YYYY-MM or YYYY */
  const char         *end_date;         /* (nullable) */
  gboolean            nsfw;             /* hidden unless the request says nsfw=true */
} KeikaFakeMalAnime;

/**
 * KeikaFakeMalEntry:
 *
 * One entry of a user's list, in MyAnimeList's read names. Given to
 * keika_fake_mal_add_entry(), which copies it; keika_fake_mal_lookup_entry()
 * returns the live one (read-only, valid until the next change).
 */
typedef struct
{
  gint64              anime_id;
  const char         *status;           /* NULL = plan_to_watch */
  guint               score;            /* 0–10 */
  guint               num_episodes_watched;
  gboolean            is_rewatching;
  const char         *start_date;       /* (nullable) */
  const char         *finish_date;      /* (nullable) */
  guint               priority;         /* 0–2 */
  guint               num_times_rewatched;
  guint               rewatch_value;    /* 0–5 */
  const char * const *tags;             /* (nullable) */
  const char         *comments;         /* (nullable) */
  gint64              updated_at;       /* Unix time; 0 = now */
} KeikaFakeMalEntry;

/**
 * KeikaFakeMalAuthorize:
 * @KEIKA_FAKE_MAL_AUTHORIZE_APPROVE: the user approves: redirect with code and state
 * @KEIKA_FAKE_MAL_AUTHORIZE_DENY: the user declines: `?error=access_denied&state=…`
 * @KEIKA_FAKE_MAL_AUTHORIZE_WRONG_STATE: approve, but with a state other than the one given
 * @KEIKA_FAKE_MAL_AUTHORIZE_NO_STATE: approve, with no state in the redirect
 * @KEIKA_FAKE_MAL_AUTHORIZE_NO_CODE: redirect with the state and no code
 *
 * What the "browser" answers at `{auth}/authorize` once the request is valid.
 */
typedef enum
{
  KEIKA_FAKE_MAL_AUTHORIZE_APPROVE,
  KEIKA_FAKE_MAL_AUTHORIZE_DENY,
  KEIKA_FAKE_MAL_AUTHORIZE_WRONG_STATE,
  KEIKA_FAKE_MAL_AUTHORIZE_NO_STATE,
  KEIKA_FAKE_MAL_AUTHORIZE_NO_CODE,
} KeikaFakeMalAuthorize;

/* Users and the catalogue */
gint64              keika_fake_mal_add_user             (KeikaFakeMal             *self,
                                                         const char               *name);
gint64              keika_fake_mal_get_user_id          (KeikaFakeMal             *self,
                                                         const char               *name);
void                keika_fake_mal_add_anime            (KeikaFakeMal             *self,
                                                         const KeikaFakeMalAnime  *anime);
gboolean            keika_fake_mal_has_anime            (KeikaFakeMal             *self,
                                                         gint64                    anime_id);
gboolean            keika_fake_mal_remove_anime         (KeikaFakeMal             *self,
                                                         gint64                    anime_id);
void                keika_fake_mal_add_entry            (KeikaFakeMal             *self,
                                                         const char               *user,
                                                         const KeikaFakeMalEntry  *entry);
const KeikaFakeMalEntry *keika_fake_mal_lookup_entry    (KeikaFakeMal             *self,
                                                         const char               *user,
                                                         gint64                    anime_id);
gboolean            keika_fake_mal_remove_entry         (KeikaFakeMal             *self,
                                                         const char               *user,
                                                         gint64                    anime_id);
guint               keika_fake_mal_get_n_entries        (KeikaFakeMal             *self,
                                                         const char               *user);
GPtrArray          *keika_fake_mal_get_entries          (KeikaFakeMal             *self,
                                                         const char               *user);
void                keika_fake_mal_add_sample_entries   (KeikaFakeMal             *self,
                                                         const char               *user);
void                keika_fake_mal_generate_entries     (KeikaFakeMal             *self,
                                                         const char               *user,
                                                         guint                     n_entries,
                                                         guint32                   seed);

/* OAuth */
void                keika_fake_mal_set_client_id        (KeikaFakeMal             *self,
                                                         const char               *client_id);
const char         *keika_fake_mal_get_client_id        (KeikaFakeMal             *self);
void                keika_fake_mal_set_redirect_uri     (KeikaFakeMal             *self,
                                                         const char               *redirect_uri);
void                keika_fake_mal_set_browser_user     (KeikaFakeMal             *self,
                                                         const char               *user);
void                keika_fake_mal_set_authorize_answer (KeikaFakeMal             *self,
                                                         KeikaFakeMalAuthorize     answer);
void                keika_fake_mal_set_token_lifetimes  (KeikaFakeMal             *self,
                                                         guint                     access_seconds,
                                                         guint                     refresh_seconds);
void                keika_fake_mal_issue_tokens         (KeikaFakeMal             *self,
                                                         const char               *user,
                                                         char                    **access_token,
                                                         char                    **refresh_token);
void                keika_fake_mal_expire_access_tokens (KeikaFakeMal             *self);
void                keika_fake_mal_expire_refresh_tokens (KeikaFakeMal            *self);
guint               keika_fake_mal_count_valid_access_tokens (KeikaFakeMal        *self);
char              **keika_fake_mal_dup_secrets          (KeikaFakeMal             *self);

G_END_DECLS
