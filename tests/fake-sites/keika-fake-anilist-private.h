/* keika-fake-anilist-private.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "keika-fake-anilist.h"
#include "keika-fake-sites-private.h"

G_BEGIN_DECLS

/* What the files of the fake AniList share: keika-fake-anilist.c (the
 * object, the HTTP side, OAuth and tokens), keika-fake-anilist-lists.c
 * (media, users, entries, generated and sample lists) and the execution of
 * GraphQL requests (keika-fake-anilist-exec.h: keika-fake-anilist-query.c,
 * -read.c, -save.c, -write.c). */

#define KEIKA_FAKE_ANILIST_DEFAULT_USER "KeikaTester"

typedef struct
{
  gint64              id;
  gint64              id_mal;          /* 0: null */
  char               *romaji;          /* (owned) */
  char               *english;         /* (owned) (nullable) */
  char               *native;          /* (owned) (nullable) */
  char              **synonyms;        /* (owned) never NULL */
  char               *format;          /* (owned) */
  guint               episodes;        /* 0: null */
  char               *status;          /* (owned) */
  char               *season;          /* (owned) (nullable) */
  guint               season_year;
  char              **genres;          /* (owned) never NULL */
  gboolean            is_adult;
  guint               next_episode;
  char               *search_key;      /* (owned) casefolded titles, one a line */
} AnilistMedia;

typedef struct
{
  gint64              id;
  char               *name;            /* (owned) as given */
  gboolean            is_private;
  char               *score_format;    /* (owned) ScoreFormat */
  GHashTable         *entries;         /* (owned) media id (gint64 *) → AnilistEntry */
  GPtrArray          *custom_lists;    /* (owned) (element-type utf8) in order of creation */
} AnilistUser;

typedef struct
{
  KeikaFakeAnilistEntry pub;           /* its strings and custom_lists are owned */
  AnilistUser        *user;            /* (unowned) owns the entry */
  guint64             sequence;        /* orders changes made in the same second */
} AnilistEntry;

typedef struct
{
  char               *user;            /* (owned) user key */
  gint64              expires;         /* monotonic µs */
} AnilistToken;

struct _KeikaFakeAnilist
{
  GObject             parent_instance;

  KeikaFakeSites     *sites;           /* (unowned) owns us */
  const char         *cdn_url;         /* (unowned) owned by sites */

  GHashTable         *media;           /* (owned) id (gint64 *) → AnilistMedia */
  GHashTable         *media_by_mal;    /* (owned) idMal (gint64 *) → AnilistMedia (unowned) */
  GHashTable         *users;           /* (owned) lower-case name → AnilistUser */
  GHashTable         *users_by_id;     /* (owned) id (gint64 *) → AnilistUser (unowned) */
  GHashTable         *entries_by_id;   /* (owned) list-entry id (gint64 *) → AnilistEntry
                                        * (unowned) */
  gint64              last_user_id;
  gint64              last_entry_id;
  guint64             last_sequence;

  char               *client_id;       /* (owned) (nullable) NULL: any non-empty id */
  char               *redirect_uri;    /* (owned) (nullable) NULL: a loopback …/callback */
  char               *browser_user;    /* (owned) (nullable) */
  KeikaFakeAnilistAuthorize authorize_answer;
  guint               token_lifetime;  /* seconds */
  GHashTable         *tokens;          /* (owned) token → AnilistToken */
  GPtrArray          *secrets;         /* (owned) (element-type utf8) every token issued */

  char               *fail_message;    /* (owned) (nullable) */
  int                 fail_count;      /* answers left to fail with 200; < 0: all */
};

/* keika-fake-anilist.c */
KeikaFakeAnilist   *keika_fake_anilist_new               (KeikaFakeSites    *sites);
void                keika_fake_anilist_reply_error       (KeikaFakeContext  *ctx,
                                                          guint              status,
                                                          const char        *message);

/* keika-fake-anilist-lists.c */
void                keika_fake_anilist_media_free        (AnilistMedia      *media);
void                keika_fake_anilist_user_free         (AnilistUser       *user);
char               *keika_fake_anilist_user_key          (const char        *name);
AnilistUser        *keika_fake_anilist_find_user         (KeikaFakeAnilist  *self,
                                                          const char        *name);
AnilistUser        *keika_fake_anilist_find_user_by_id   (KeikaFakeAnilist  *self,
                                                          gint64             id);
AnilistUser        *keika_fake_anilist_ensure_user       (KeikaFakeAnilist  *self,
                                                          const char        *name);
AnilistMedia       *keika_fake_anilist_find_media        (KeikaFakeAnilist  *self,
                                                          gint64             id);
GPtrArray          *keika_fake_anilist_dup_media_by_id   (KeikaFakeAnilist  *self);
AnilistEntry       *keika_fake_anilist_find_entry        (KeikaFakeAnilist  *self,
                                                          gint64             entry_id);
AnilistEntry       *keika_fake_anilist_create_entry      (KeikaFakeAnilist  *self,
                                                          AnilistUser       *user,
                                                          gint64             media_id);
void                keika_fake_anilist_touch_entry       (KeikaFakeAnilist  *self,
                                                          AnilistEntry      *entry,
                                                          gint64             unix_time);
void                keika_fake_anilist_set_entry_notes   (AnilistEntry      *entry,
                                                          const char        *notes);
void                keika_fake_anilist_set_entry_lists   (AnilistEntry      *entry,
                                                          const char * const *names);
void                keika_fake_anilist_delete_entry      (KeikaFakeAnilist  *self,
                                                          AnilistEntry      *entry);

/* keika-fake-anilist-query.c */
void                keika_fake_anilist_execute           (KeikaFakeAnilist  *self,
                                                          KeikaFakeContext  *ctx,
                                                          AnilistUser       *viewer,
                                                          const char        *query,
                                                          JsonObject        *variables,
                                                          const char        *operation_name);

G_END_DECLS
