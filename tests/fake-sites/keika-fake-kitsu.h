/* keika-fake-kitsu.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-fake-sites.h"

G_BEGIN_DECLS

/* The fake Kitsu: the JSON:API "edge" under the "kitsu-api" endpoint, the
 * OAuth 2 password grant (Doorkeeper) under "kitsu-auth". See the "Kitsu"
 * section of ../shared/API.md.
 *
 * As demanding as Kitsu (its server's source, hummingbird-me/kitsu-server,
 * was read for the rules marked so):
 * - documents are JSON:API: `data`, `included`, `links` (self, first, prev,
 *   next, last: absolute URLs keeping every parameter; `next` is absent on
 *   the last page), `meta.count`; ids are strings; answers are
 *   `application/vnd.api+json`. A POST or PATCH whose Content-Type is not
 *   `application/vnd.api+json` is refused with 415, a request whose Accept
 *   names neither it nor any type with 406;
 * - `include` takes relationships and paths of them (`anime,anime.mappings`);
 *   an unknown one is 400. `fields[TYPE]` (sparse fieldsets) is honoured and
 *   an unknown field is 400. Filter values are split at commas
 *   (`filter[externalId]=1,21`), as jsonapi-resources does;
 * - `/library-entries` needs a filter (400 "No filter provided");
 *   `page[limit]` is 10 by default and more than 500 is refused (400
 *   "Limit exceeds maximum page size of 500.", the server's LibraryPaginator);
 *   other lists take at most 20. The order is by id unless `sort` says
 *   otherwise (id, createdAt, updatedAt, progressedAt, each with `-`);
 * - `filter[since]` (an ISO 8601 time) keeps entries updated at or after it;
 * - a write is checked as the server's model does: ratingTwenty 2–20 or null,
 *   progress not beyond the episode count (50 when unknown), reconsumeCount
 *   at most 50, one entry per anime and user ("has already been taken");
 *   each fails with 422 and `errors[{title, detail, code, source, status}]`.
 *   Unknown or read-only attributes are 400 "Param not allowed". Dates that
 *   are not ISO 8601 are refused (422; Kitsu stores nil, unverified);
 * - the server completes entries: progress reaching the episode count sets
 *   status completed; a status of completed sets progress to the count; a
 *   progress change without a status sets status current; a status change
 *   to current or completed sets startedAt (and finishedAt for completed)
 *   when empty;
 * - expired or unknown tokens get 401 `{"errors":[{"title":"Invalid token",
 *   "status":"401"}]}` with a bare `WWW-Authenticate: Bearer` (no error=);
 * - the password grant takes the email or the slug (case-insensitive); a
 *   wrong password is 400 `{"error":"invalid_grant","error_description":…}`;
 *   more than 15 password grants a minute (counted whether refused or not,
 *   as Rack::Attack) are 429 `text/plain` "Retry later" without Retry-After;
 * - access tokens last 30 days, refresh tokens until used: a refresh revokes
 *   the old pair;
 * - other users' private entries are left out of their lists.
 */

#define KEIKA_TYPE_FAKE_KITSU (keika_fake_kitsu_get_type ())

G_DECLARE_FINAL_TYPE (KeikaFakeKitsu, keika_fake_kitsu, KEIKA, FAKE_KITSU, GObject)

/* The password of users added without one (it needs escaping in a form). */
#define KEIKA_FAKE_KITSU_PASSWORD "p@ss wörd+&=%/?"

/**
 * KeikaFakeKitsuAnime:
 *
 * An anime, in Kitsu's names. Given to keika_fake_kitsu_add_anime(), which
 * copies it; NULL and 0 are null in answers.
 */
typedef struct
{
  gint64              id;
  const char         *canonical_title;  /* titles.en_jp too */
  const char         *title_en;         /* (nullable) titles.en */
  const char         *title_ja_jp;      /* (nullable) titles.ja_jp */
  const char * const *abbreviated_titles; /* (nullable) */
  const char         *subtype;          /* TV, movie, OVA, ONA, special, music; NULL: TV */
  guint               episode_count;    /* 0: null (unknown) */
  const char         *status;           /* current, finished, tba, unreleased, upcoming;
                                         * NULL: finished */
  const char         *start_date;       /* (nullable) YYYY-MM-DD */
  gboolean            nsfw;
  gint64              mal_id;           /* a mapping myanimelist/anime; 0: none */
  gint64              anilist_id;       /* a mapping anilist/anime; 0: none */
} KeikaFakeKitsuAnime;

/**
 * KeikaFakeKitsuEntry:
 *
 * One library entry, in Kitsu's names. Given to keika_fake_kitsu_add_entry(),
 * which copies it (and checks nothing); lookup returns the live one
 * (read-only, valid until the next change).
 */
typedef struct
{
  gint64              id;               /* set by the fake, ignored by add */
  gint64              anime_id;
  const char         *status;           /* current planned completed on_hold dropped;
                                         * NULL: planned */
  guint               progress;
  guint               rating_twenty;    /* 2–20; 0: null */
  gboolean            reconsuming;
  guint               reconsume_count;
  const char         *notes;            /* (nullable) kept exactly */
  gboolean            is_private;
  const char         *started_at;       /* (nullable) as sent: ISO 8601 */
  const char         *finished_at;      /* (nullable) */
  gint64              updated_at;       /* Unix time; 0: now */
} KeikaFakeKitsuEntry;

/* Users (name is the slug too) and the catalogue */
gint64              keika_fake_kitsu_add_user             (KeikaFakeKitsu            *self,
                                                           const char                *name,
                                                           const char                *email,
                                                           const char                *password);
gint64              keika_fake_kitsu_get_user_id          (KeikaFakeKitsu            *self,
                                                           const char                *name);
void                keika_fake_kitsu_add_anime            (KeikaFakeKitsu            *self,
                                                           const KeikaFakeKitsuAnime *anime);
gboolean            keika_fake_kitsu_has_anime            (KeikaFakeKitsu            *self,
                                                           gint64                     anime_id);
guint               keika_fake_kitsu_get_n_anime          (KeikaFakeKitsu            *self);

/* Libraries */
gint64              keika_fake_kitsu_add_entry            (KeikaFakeKitsu            *self,
                                                           const char                *user,
                                                           const KeikaFakeKitsuEntry *entry);
const KeikaFakeKitsuEntry *keika_fake_kitsu_lookup_entry  (KeikaFakeKitsu            *self,
                                                           const char                *user,
                                                           gint64                     anime_id);
gboolean            keika_fake_kitsu_remove_entry         (KeikaFakeKitsu            *self,
                                                           const char                *user,
                                                           gint64                     anime_id);
guint               keika_fake_kitsu_get_n_entries        (KeikaFakeKitsu            *self,
                                                           const char                *user);
void                keika_fake_kitsu_add_sample_entries   (KeikaFakeKitsu            *self,
                                                           const char                *user);
void                keika_fake_kitsu_generate_entries     (KeikaFakeKitsu            *self,
                                                           const char                *user,
                                                           guint                      n_entries,
                                                           guint32                    seed);

/* Tokens and logins */
void                keika_fake_kitsu_set_token_lifetime   (KeikaFakeKitsu            *self,
                                                           guint                      seconds);
void                keika_fake_kitsu_set_login_limit      (KeikaFakeKitsu            *self,
                                                           guint                      per_minute);
void                keika_fake_kitsu_issue_tokens         (KeikaFakeKitsu            *self,
                                                           const char                *user,
                                                           char                     **access_token,
                                                           char                     **refresh_token);
void                keika_fake_kitsu_expire_access_tokens (KeikaFakeKitsu            *self);
void                keika_fake_kitsu_revoke_refresh_tokens (KeikaFakeKitsu           *self);
guint               keika_fake_kitsu_count_valid_access_tokens (KeikaFakeKitsu       *self);
char              **keika_fake_kitsu_dup_secrets          (KeikaFakeKitsu            *self);

G_END_DECLS
