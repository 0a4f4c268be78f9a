/* keika-fake-anitrack-private.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "keika-fake-anitrack.h"
#include "keika-fake-sites-private.h"

G_BEGIN_DECLS

/* What the files of the fake AniTrack share: keika-fake-anitrack.c (the
 * object, the HTTP side, users, tokens and rate limits),
 * keika-fake-anitrack-anime.c (anime, sample and generated lists),
 * keika-fake-anitrack-list.c (entries, the list endpoints) and
 * keika-fake-anitrack-write.c (creating and updating entries). */

#define KEIKA_FAKE_ANITRACK_DEFAULT_USER "KeikaTester"

typedef struct
{
  gint64              id;
  gint64              anilist_id;
  gint64              mal_id;
  gint64              kitsu_id;
  char               *slug;            /* (owned) */
  char               *title;           /* (owned) */
  char               *title_english;   /* (owned) (nullable) */
  char               *title_japanese;  /* (owned) (nullable) */
  char              **synonyms;        /* (owned) never NULL */
  char               *type;            /* (owned) */
  guint               episodes;
  char               *status;          /* (owned) */
  char               *season;          /* (owned) (nullable) */
  guint               year;
  char              **genres;          /* (owned) never NULL */
  gboolean            is_adult;
} AnitrackAnime;

typedef struct
{
  gint64              id;
  char               *name;            /* (owned) as given */
  char               *email;           /* (owned) */
  char               *password;        /* (owned) */
  gboolean            api_enabled;
  gint64              created_at;      /* Unix time */
  GPtrArray          *entries;         /* (owned) (element-type AnitrackEntry) deleted too */
  GHashTable         *live;            /* (owned) anime id (gint64 *) → AnitrackEntry (unowned) */
} AnitrackUser;

typedef struct
{
  KeikaFakeAnitrackEntry pub;          /* its strings and tags are owned */
  AnitrackUser       *user;            /* (unowned) owns the entry */
  gint64              created_at;
  guint64             sequence;        /* orders changes made in the same second */
} AnitrackEntry;

typedef struct
{
  gint64              id;
  AnitrackUser       *user;            /* (unowned) */
  char               *name;            /* (owned) the device name */
  char               *secret;          /* (owned) the text after "ID|" */
  gint64              created_at;      /* Unix time */
  gint64              last_used_at;    /* Unix time; 0: never */
} AnitrackToken;

struct _KeikaFakeAnitrack
{
  GObject             parent_instance;

  KeikaFakeSites     *sites;           /* (unowned) owns us */

  GHashTable         *anime;           /* (owned) id (gint64 *) → AnitrackAnime */
  GHashTable         *by_anilist;      /* (owned) AniList id → AnitrackAnime (unowned) */
  GHashTable         *by_slug;         /* (owned) slug → AnitrackAnime (unowned) */
  GHashTable         *users;           /* (owned) lower-case name → AnitrackUser */
  GHashTable         *entries_by_id;   /* (owned) entry id → AnitrackEntry (unowned) */
  GHashTable         *tokens;          /* (owned) token id → AnitrackToken */
  GHashTable         *windows;         /* (owned) limit key → Window */
  GPtrArray          *secrets;         /* (owned) (element-type utf8) tokens and passwords */
  gint64              last_user_id;
  gint64              last_entry_id;
  gint64              last_token_id;
  guint64             last_sequence;
  guint               per_token;       /* requests a minute per token; 0: no limit */
  guint               sign_ins;        /* POST /auth/token a minute per email and address */
  guint               page_size;       /* 0: GET /list is not paged */
};

/* keika-fake-anitrack.c */
KeikaFakeAnitrack  *keika_fake_anitrack_new              (KeikaFakeSites     *sites);
void                keika_fake_anitrack_reply_error      (KeikaFakeContext   *ctx,
                                                          guint               status,
                                                          const char         *message);
/* 422 with {field: [message]} for each pair of @errors (field, message, …). */
void                keika_fake_anitrack_reply_invalid    (KeikaFakeContext   *ctx,
                                                          GPtrArray          *errors);
void                keika_fake_anitrack_reply_data       (KeikaFakeContext   *ctx,
                                                          guint               status,
                                                          GString            *json);
/* "2024-01-02T03:04:05.000000Z", or null for 0. */
void                keika_fake_anitrack_append_time      (GString            *out,
                                                          gint64              unix_time);
AnitrackUser       *keika_fake_anitrack_find_user        (KeikaFakeAnitrack  *self,
                                                          const char         *name);
AnitrackUser       *keika_fake_anitrack_ensure_user      (KeikaFakeAnitrack  *self,
                                                          const char         *name);
void                keika_fake_anitrack_remember_secret  (KeikaFakeAnitrack  *self,
                                                          const char         *secret);
/* The JSON object of the request's body, or NULL (the answer is then set). */
JsonObject         *keika_fake_anitrack_read_body        (KeikaFakeContext   *ctx,
                                                          JsonParser         *parser);

/* keika-fake-anitrack-anime.c */
void                keika_fake_anitrack_anime_free       (AnitrackAnime      *anime);
void                keika_fake_anitrack_append_anime     (GString            *out,
                                                          const AnitrackAnime *anime,
                                                          gboolean            detail);
void                keika_fake_anitrack_serve_anime      (KeikaFakeAnitrack  *self,
                                                          KeikaFakeContext   *ctx);

/* keika-fake-anitrack-list.c */
gboolean            keika_fake_anitrack_is_status        (const char         *status);
gboolean            keika_fake_anitrack_parse_id         (const char         *text,
                                                          gint64             *id);
void                keika_fake_anitrack_user_free        (AnitrackUser       *user);
void                keika_fake_anitrack_set_string       (const char        **field,
                                                          const char         *value);
/* Marks @e changed at @when (Unix time; 0: now). */
void                keika_fake_anitrack_touch            (KeikaFakeAnitrack  *self,
                                                          AnitrackEntry      *e,
                                                          gint64              when);
AnitrackEntry      *keika_fake_anitrack_create_entry     (KeikaFakeAnitrack  *self,
                                                          AnitrackUser       *user,
                                                          gint64              anime_id);
/* Progress reaching the episode count completes the entry. */
void                keika_fake_anitrack_complete_if_done (KeikaFakeAnitrack  *self,
                                                          AnitrackEntry      *e);
void                keika_fake_anitrack_reply_entry      (KeikaFakeAnitrack  *self,
                                                          KeikaFakeContext   *ctx,
                                                          guint               status,
                                                          const AnitrackEntry *e);
void                keika_fake_anitrack_serve_list       (KeikaFakeAnitrack  *self,
                                                          KeikaFakeContext   *ctx,
                                                          AnitrackUser       *user);

/* keika-fake-anitrack-write.c */
/* Adds copies of @field and @message to @errors (g_free elements). */
void                keika_fake_anitrack_add_error        (GPtrArray          *errors,
                                                          const char         *field,
                                                          const char         *message);
/* POST /list (@e NULL) or PATCH /list/{id} of @e. */
void                keika_fake_anitrack_write_entry      (KeikaFakeAnitrack  *self,
                                                          KeikaFakeContext   *ctx,
                                                          AnitrackUser       *user,
                                                          AnitrackEntry      *e);

G_END_DECLS
