/* keika-fake-kitsu-private.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "keika-fake-kitsu.h"
#include "keika-fake-sites-private.h"

G_BEGIN_DECLS

/* What the files of the fake Kitsu share: keika-fake-kitsu.c (the object,
 * its endpoints, routes, users), keika-fake-kitsu-oauth.c (the password
 * and refresh grants, tokens), keika-fake-kitsu-doc.c (JSON:API documents),
 * keika-fake-kitsu-anime.c (anime, mappings, search),
 * keika-fake-kitsu-library.c (library reads and routes),
 * keika-fake-kitsu-write.c (writes with the server's rules) and
 * keika-fake-kitsu-generate.c (users, sample and generated libraries). */

#define KEIKA_FAKE_KITSU_DEFAULT_USER "KeikaTester"
#define KEIKA_FAKE_KITSU_JSONAPI      "application/vnd.api+json"
/* page[limit]: by default, at most for library entries, at most elsewhere. */
#define KEIKA_FAKE_KITSU_PAGE_DEFAULT     10
#define KEIKA_FAKE_KITSU_LIBRARY_PAGE_MAX 500
#define KEIKA_FAKE_KITSU_PAGE_MAX         20

typedef struct
{
  gint64              id;
  char               *canonical_title; /* (owned) */
  char               *title_en;        /* (owned) (nullable) */
  char               *title_ja_jp;     /* (owned) (nullable) */
  char              **abbreviated_titles; /* (owned) never NULL */
  char               *subtype;         /* (owned) */
  guint               episode_count;   /* 0: null */
  char               *status;          /* (owned) */
  char               *start_date;      /* (owned) (nullable) */
  gboolean            nsfw;
  gint64              mal_id;          /* 0: no mapping */
  gint64              anilist_id;      /* 0: no mapping */
  gint64              mal_mapping;     /* the mapping objects' ids */
  gint64              anilist_mapping;
  guint               unit_guess;      /* the highest progress seen + 1 */
  char               *search_key;      /* (owned) casefolded titles, one a line */
} KitsuAnime;

typedef struct
{
  gint64              id;
  char               *name;            /* (owned) the slug too */
  char               *email;           /* (owned) */
  char               *password;        /* (owned) */
  gint64              created_at;      /* Unix time */
  GHashTable         *entries;         /* (owned) anime id (gint64 *) → KitsuEntry */
} KitsuUser;

typedef struct
{
  KeikaFakeKitsuEntry pub;             /* its strings are owned; pub.updated_at in seconds */
  KitsuUser          *user;            /* (unowned) owns the entry */
  gint64              created_us;      /* real time, µs */
  gint64              updated_us;
  gint64              progressed_us;   /* 0: null */
} KitsuEntry;

typedef struct
{
  char               *user;            /* (owned) user key */
  gint64              expires;         /* monotonic µs; G_MAXINT64: until revoked */
  char               *access_token;    /* (owned) (nullable) of a refresh token: its pair */
} KitsuToken;

struct _KeikaFakeKitsu
{
  GObject             parent_instance;

  KeikaFakeSites     *sites;           /* (unowned) owns us */
  const char         *api_url;         /* (unowned) owned by sites */
  const char         *media_url;       /* (unowned) owned by sites */

  GHashTable         *anime;           /* (owned) id (gint64 *) → KitsuAnime */
  GHashTable         *users;           /* (owned) lower-case name → KitsuUser */
  GHashTable         *users_by_id;     /* (owned) id (gint64 *) → KitsuUser (unowned) */
  GHashTable         *entries_by_id;   /* (owned) entry id (gint64 *) → KitsuEntry (unowned) */
  gint64              last_user_id;
  gint64              last_entry_id;
  gint64              last_mapping_id;
  gint64              last_write_us;   /* no two writes at the same µs */

  guint               token_lifetime;  /* seconds */
  GHashTable         *access_tokens;   /* (owned) token → KitsuToken */
  GHashTable         *refresh_tokens;  /* (owned) token → KitsuToken */
  GPtrArray          *secrets;         /* (owned) (element-type utf8) */
  guint               login_limit;     /* password grants a minute; 0: none */
  gint64              login_window;    /* monotonic µs of its start */
  guint               logins;          /* in the window */
};

/* A JSON:API document being written for one request: what to include, which
 * fields, and the included resources written so far. */
typedef struct
{
  KeikaFakeKitsu     *self;
  GHashTable         *fields;          /* (owned) type → GStrv; absent: every field */
  GHashTable         *include;         /* (owned) set of relationship paths */
  GString            *included;        /* (owned) the included objects, comma-separated */
  GHashTable         *included_keys;   /* (owned) "type:id" written to included */
  KitsuUser          *viewer;          /* (unowned) (nullable) */
} KitsuDoc;

/* keika-fake-kitsu.c */
KeikaFakeKitsu     *keika_fake_kitsu_new             (KeikaFakeSites    *sites);

/* keika-fake-kitsu-oauth.c */
void                keika_fake_kitsu_serve_auth      (gpointer           site,
                                                      KeikaFakeContext  *ctx);
/* The user of the request's token, NULL without one; FALSE when the token
 * is unknown or expired, with the 401 answered. */
gboolean            keika_fake_kitsu_authenticate    (KeikaFakeKitsu    *self,
                                                      KeikaFakeContext  *ctx,
                                                      KitsuUser        **viewer);
void                keika_fake_kitsu_token_free      (KitsuToken        *token);
/* {"error", "error_description"} */
void                keika_fake_kitsu_reply_oauth_error (KeikaFakeContext *ctx,
                                                      guint              status,
                                                      const char        *error,
                                                      const char        *description);
/* Rack::Attack's 429, before the application: no Retry-After. */
void                keika_fake_kitsu_reply_throttled (KeikaFakeContext  *ctx);

/* keika-fake-kitsu-doc.c */
void                keika_fake_kitsu_reply_error     (KeikaFakeContext  *ctx,
                                                      guint              status,
                                                      const char        *code,
                                                      const char        *title,
                                                      const char        *detail);
void                keika_fake_kitsu_reply_not_found (KeikaFakeContext  *ctx,
                                                      const char        *key);
void                keika_fake_kitsu_reply_forbidden (KeikaFakeContext  *ctx);
void                keika_fake_kitsu_reply_document  (KeikaFakeContext  *ctx,
                                                      guint              status,
                                                      GString           *out);
/* Reads include and fields[…] against the types and paths @resource allows;
 * FALSE with the 400 answered. */
gboolean            keika_fake_kitsu_doc_init        (KitsuDoc          *doc,
                                                      KeikaFakeKitsu    *self,
                                                      KeikaFakeContext  *ctx,
                                                      const char * const *include_paths,
                                                      KitsuUser         *viewer);
void                keika_fake_kitsu_doc_clear       (KitsuDoc          *doc);
gboolean            keika_fake_kitsu_doc_wants       (KitsuDoc          *doc,
                                                      const char        *type,
                                                      const char        *field);
gboolean            keika_fake_kitsu_doc_includes    (KitsuDoc          *doc,
                                                      const char        *path);
/* TRUE the first time "type:id" is asked for: the caller writes it. */
gboolean            keika_fake_kitsu_doc_add_included (KitsuDoc         *doc,
                                                      const char        *type,
                                                      gint64             id);
/* Ends @out (holding `{"data":…`) with included, meta and links; @total < 0:
 * a single resource (no paging). */
void                keika_fake_kitsu_doc_finish      (KitsuDoc          *doc,
                                                      KeikaFakeContext  *ctx,
                                                      GString           *out,
                                                      gint64             total,
                                                      guint              offset,
                                                      guint              limit);
/* page[limit] and page[offset]; FALSE with the 400 answered. */
gboolean            keika_fake_kitsu_read_page       (KeikaFakeContext  *ctx,
                                                      guint              max,
                                                      guint             *offset,
                                                      guint             *limit);
/* The filter[…] names given are among @allowed; FALSE with the 400 answered. */
gboolean            keika_fake_kitsu_check_filters   (KeikaFakeContext  *ctx,
                                                      const char * const *allowed);
/* filter[@name] split at commas, or NULL when not given. (transfer full) */
char              **keika_fake_kitsu_get_filter      (KeikaFakeContext  *ctx,
                                                      const char        *name);
/* Whether @text, a filter value, is one of @ids' decimal forms. */
gboolean            keika_fake_kitsu_filter_has_id   (char             **values,
                                                      gint64             id);
void                keika_fake_kitsu_time            (GString           *out,
                                                      gint64             real_us);
char               *keika_fake_kitsu_user_key        (const char        *name);
void                keika_fake_kitsu_remember_secret (KeikaFakeKitsu    *self,
                                                      const char        *secret);

/* keika-fake-kitsu-anime.c */
void                keika_fake_kitsu_anime_free      (KitsuAnime        *anime);
KitsuAnime         *keika_fake_kitsu_find_anime      (KeikaFakeKitsu    *self,
                                                      gint64             id);
/* The anime object (and, as asked, its mappings into included). */
void                keika_fake_kitsu_write_anime     (KitsuDoc          *doc,
                                                      GString           *out,
                                                      KitsuAnime        *anime,
                                                      const char        *path);
void                keika_fake_kitsu_serve_anime     (KeikaFakeKitsu    *self,
                                                      KeikaFakeContext  *ctx,
                                                      KitsuUser         *viewer);
void                keika_fake_kitsu_serve_mappings  (KeikaFakeKitsu    *self,
                                                      KeikaFakeContext  *ctx,
                                                      KitsuUser         *viewer);

/* keika-fake-kitsu-library.c */
extern const char * const keika_fake_kitsu_statuses[];
/* A write time after every earlier one (real µs): updatedAt orders writes. */
gint64              keika_fake_kitsu_write_time      (KeikaFakeKitsu    *self);
/* An ISO 8601 time (or a date alone, at midnight UTC) in real µs. */
gboolean            keika_fake_kitsu_parse_time      (const char        *text,
                                                      gint64            *real_us);
void                keika_fake_kitsu_entry_free      (KitsuEntry        *entry);
void                keika_fake_kitsu_reply_entry     (KeikaFakeKitsu    *self,
                                                      KeikaFakeContext  *ctx,
                                                      KitsuUser         *viewer,
                                                      KitsuEntry        *entry,
                                                      guint              status);
/* Removes @entry from its user's library, and frees it. */
void                keika_fake_kitsu_delete_entry    (KeikaFakeKitsu    *self,
                                                      KitsuEntry        *entry);

/* keika-fake-kitsu-generate.c */
KitsuUser          *keika_fake_kitsu_user_new        (gint64             id,
                                                      const char        *name,
                                                      const char        *email,
                                                      const char        *password);
void                keika_fake_kitsu_user_free       (KitsuUser         *user);
void                keika_fake_kitsu_serve_library   (KeikaFakeKitsu    *self,
                                                      KeikaFakeContext  *ctx,
                                                      KitsuUser         *viewer);

/* keika-fake-kitsu-write.c */
void                keika_fake_kitsu_create_entry    (KeikaFakeKitsu    *self,
                                                      KeikaFakeContext  *ctx,
                                                      KitsuUser         *viewer);
void                keika_fake_kitsu_update_entry    (KeikaFakeKitsu    *self,
                                                      KeikaFakeContext  *ctx,
                                                      KitsuUser         *viewer,
                                                      KitsuEntry        *entry);

G_END_DECLS
