/* keika-fake-anitrack.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-fake-sites.h"

G_BEGIN_DECLS

/* The fake AniTrack: REST API v1 under the "anitrack-api" endpoint
 * (/anitrack/api/v1, KEIKA_ANITRACK_API_URL), as seed 001 and the "AniTrack"
 * section of ../shared/API.md describe it.
 *
 *   POST   /auth/token            {email, password, device_name ≤ 120} → a token, shown once
 *   GET    /auth/tokens           the user's tokens (never their text)
 *   DELETE /auth/token            revokes the token of the request (204)
 *   DELETE /auth/tokens/{id}      revokes another token of the user (204)
 *   GET    /user                  the token's owner
 *   GET    /anime/anilist/{id}    404 until AniTrack has that anime
 *   GET    /anime/{slug}          the anime with genres, studios and external ids
 *   GET    /list[?status=…]       the list, most recently updated first
 *   GET    /list/anime/{animeId}  the entry of that anime, or 404
 *   POST   /list                  201 with the new entry
 *   PATCH  /list/{entryId}        partial update, 200 with the entry
 *   DELETE /list/{entryId}        soft delete (204); the entry is gone from every read
 *
 * The seed shows no answer bodies: the fake's shapes are its own choice
 * (unverified), in Laravel's style. Every answer is JSON; objects come in
 * `{"data": …}`:
 *   token   {"token": "ID|TEXT", "token_type": "Bearer", "id", "device_name"} (201)
 *   tokens  [{"id", "name", "created_at", "last_used_at", "is_current"}]
 *   user    {"id", "name", "email", "created_at"}
 *   anime   {"id", "slug", "title", "title_english", "title_japanese", "type" (tv, tv_short,
 *           movie, special, ova, ona, music), "episodes", "status" (finished, releasing,
 *           not_yet_released, cancelled, hiatus), "season", "year", "cover_url", "is_adult",
 *           "anilist_id", "mal_id"}; GET /anime/{slug} adds "synonyms", "genres"
 *           [{"id", "name"}], "studios" and "external_ids" {"anilist", "mal", "kitsu"}
 *   entry   {"id", "anime_id", "status", "score" (0–100 or null), "progress",
 *           "is_rewatching", "rewatch_count", "started_at", "completed_at" (YYYY-MM-DD or
 *           null), "notes" (kept exactly, spaces and line breaks too), "tags", "is_private",
 *           "created_at", "updated_at" (ISO 8601, UTC, microseconds), "anime"}
 * Errors are `{"message": …}`, with `"errors": {field: […]}` on 422:
 * 401 missing or unknown token, 403 API access not enabled for the account,
 * 404, 405, 422 validation (also a wrong password, on "email"), 429.
 *
 * Rules:
 * - POST /list needs anime_id (an anime AniTrack has) and status, takes score,
 *   progress, started_at, completed_at, notes (≤ 2000 characters) and
 *   is_private; an anime already on the list is refused (422 on anime_id).
 *   PATCH takes those (not anime_id) and is_rewatching, rewatch_count, tags.
 *   Fields the fake does not know are ignored (and logged as ignored).
 * - Progress above the anime's episode count is refused; progress reaching
 *   it completes the entry (status completed, completed_at today if unset).
 * - A deleted entry stays in the fake (keika_fake_anitrack_find_entry())
 *   but no read shows it and PATCH or DELETE of it is 404; adding the anime
 *   again makes a new entry.
 * - 60 requests a minute per token and 5 POST /auth/token a minute per email
 *   and address: 429 with Retry-After, X-RateLimit-Reset and
 *   X-RateLimit-Limit/-Remaining (the latter two on every counted answer).
 *   Fault injection and the core's steady rate limit work as for every site;
 *   their answers are worded as AniTrack's.
 * - GET /list is not paged (the seed: "all list entries");
 *   keika_fake_anitrack_set_page_size() pages it Laravel's way (?page=N,
 *   "links": {"next"}, "meta") to exercise a client's paging.
 */

#define KEIKA_TYPE_FAKE_ANITRACK (keika_fake_anitrack_get_type ())

G_DECLARE_FINAL_TYPE (KeikaFakeAnitrack, keika_fake_anitrack, KEIKA, FAKE_ANITRACK, GObject)

/* The password of users added without one. */
#define KEIKA_FAKE_ANITRACK_PASSWORD "correct horse battery staple"

/**
 * KeikaFakeAnitrackAnime:
 *
 * An anime AniTrack has. Given to keika_fake_anitrack_add_anime(), which
 * copies it (names in either case: "TV_SHORT" is kept as "tv_short"); NULL
 * and 0 fields are null in answers, except type (tv) and status (finished).
 */
typedef struct
{
  gint64              id;
  gint64              anilist_id;
  gint64              mal_id;
  gint64              kitsu_id;
  const char         *title;
  const char         *title_english;    /* (nullable) */
  const char         *title_japanese;   /* (nullable) */
  const char * const *synonyms;         /* (nullable) */
  const char         *type;
  guint               episodes;         /* 0: unknown */
  const char         *status;
  const char         *season;           /* (nullable) */
  guint               year;
  const char * const *genres;           /* (nullable) */
  gboolean            is_adult;
} KeikaFakeAnitrackAnime;

/**
 * KeikaFakeAnitrackEntry:
 *
 * One list entry, in AniTrack's names. Given to keika_fake_anitrack_add_entry(),
 * which copies it (id and deleted_at are the fake's); lookups return the
 * live one (read-only, valid until the next change).
 */
typedef struct
{
  gint64              id;
  gint64              anime_id;
  const char         *status;           /* NULL: plan_to_watch */
  guint               score;            /* 0–100; 0: null */
  guint               progress;
  gboolean            is_rewatching;
  guint               rewatch_count;
  const char         *started_at;       /* (nullable) YYYY-MM-DD */
  const char         *completed_at;     /* (nullable) */
  const char         *notes;            /* (nullable) */
  const char * const *tags;             /* (nullable) */
  gboolean            is_private;
  gint64              updated_at;       /* Unix time; 0: now */
  gint64              deleted_at;       /* Unix time of the soft delete; 0: on the list */
} KeikaFakeAnitrackEntry;

/* Users and the catalogue */
gint64              keika_fake_anitrack_add_user          (KeikaFakeAnitrack            *self,
                                                           const char                   *name,
                                                           const char                   *email,
                                                           const char                   *password);
gint64              keika_fake_anitrack_get_user_id       (KeikaFakeAnitrack            *self,
                                                           const char                   *name);
void                keika_fake_anitrack_set_api_enabled   (KeikaFakeAnitrack            *self,
                                                           const char                   *user,
                                                           gboolean                      enabled);
void                keika_fake_anitrack_add_anime         (KeikaFakeAnitrack            *self,
                                                           const KeikaFakeAnitrackAnime *anime);
gboolean            keika_fake_anitrack_has_anime         (KeikaFakeAnitrack            *self,
                                                           gint64                        anime_id);
gint64              keika_fake_anitrack_find_anilist      (KeikaFakeAnitrack            *self,
                                                           gint64                        anilist_id);
guint               keika_fake_anitrack_get_n_anime       (KeikaFakeAnitrack            *self);

/* Lists */
gint64              keika_fake_anitrack_add_entry         (KeikaFakeAnitrack            *self,
                                                           const char                   *user,
                                                           const KeikaFakeAnitrackEntry *entry);
const KeikaFakeAnitrackEntry *keika_fake_anitrack_lookup_entry (KeikaFakeAnitrack       *self,
                                                           const char                   *user,
                                                           gint64                        anime_id);
const KeikaFakeAnitrackEntry *keika_fake_anitrack_find_entry (KeikaFakeAnitrack         *self,
                                                           gint64                        entry_id);
guint               keika_fake_anitrack_get_n_entries     (KeikaFakeAnitrack            *self,
                                                           const char                   *user);
guint               keika_fake_anitrack_count_entries_of  (KeikaFakeAnitrack            *self,
                                                           const char                   *user,
                                                           gint64                        anime_id);
GPtrArray          *keika_fake_anitrack_get_entries       (KeikaFakeAnitrack            *self,
                                                           const char                   *user);
void                keika_fake_anitrack_add_sample_entries (KeikaFakeAnitrack           *self,
                                                           const char                   *user);
void                keika_fake_anitrack_generate_entries  (KeikaFakeAnitrack            *self,
                                                           const char                   *user,
                                                           guint                         n_entries,
                                                           guint32                       seed);
void                keika_fake_anitrack_set_page_size     (KeikaFakeAnitrack            *self,
                                                           guint                         per_page);

/* Tokens and limits */
char               *keika_fake_anitrack_issue_token       (KeikaFakeAnitrack            *self,
                                                           const char                   *user,
                                                           const char                   *device_name);
gboolean            keika_fake_anitrack_token_is_valid    (KeikaFakeAnitrack            *self,
                                                           const char                   *token);
guint               keika_fake_anitrack_count_tokens      (KeikaFakeAnitrack            *self,
                                                           const char                   *user);
void                keika_fake_anitrack_revoke_tokens     (KeikaFakeAnitrack            *self,
                                                           const char                   *user);
void                keika_fake_anitrack_set_rate_limits   (KeikaFakeAnitrack            *self,
                                                           guint                         per_token,
                                                           guint                         sign_ins);
char              **keika_fake_anitrack_dup_secrets       (KeikaFakeAnitrack            *self);

G_END_DECLS
