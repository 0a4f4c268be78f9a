/* keika-anilist-site-private.h — between the files of the AniList site
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "keika-anilist-site.h"
#include "keika-browser-sign-in.h"
#include "keika-token-keeper.h"
#include "keika-input.h"
#include "keika-remote-entry.h"

G_BEGIN_DECLS

#define KEIKA_ANILIST_SITE_NAME "AniList"

/* perChunk of MediaListCollection, and perPage of Page, at most. */
#define KEIKA_ANILIST_COLLECTION_CHUNK 500
/* MediaListCollection serves only this many entries, the most recently
 * updated ones. */
#define KEIKA_ANILIST_COLLECTION_CAP 11000
#define KEIKA_ANILIST_PAGE_SIZE_MAX 50
/* An incremental pull asks for a small first page. */
#define KEIKA_ANILIST_CHANGES_FIRST_PAGE 25

/* The list fields AniList keeps (no tags, its priority is another scale). */
#define KEIKA_ANILIST_FIELDS (KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_SCORE |            \
                        KEIKA_ENTRY_FIELD_PROGRESS | KEIKA_ENTRY_FIELD_REWATCHING |     \
                        KEIKA_ENTRY_FIELD_REWATCH_COUNT | KEIKA_ENTRY_FIELD_START_DATE | \
                        KEIKA_ENTRY_FIELD_FINISH_DATE | KEIKA_ENTRY_FIELD_NOTES |       \
                        KEIKA_ENTRY_FIELD_PRIVATE)


struct _KeikaAnilistSite
{
  KeikaSiteBase       parent_instance;

  char               *client_id;       /* (owned) never NULL */
  char               *api_url;         /* (owned) */
  char               *auth_url;        /* (owned) */
  guint               redirect_port;
  KeikaScoreFormat    score_format;

  KeikaTokenKeeper   *keeper;          /* (unowned) the base's: the account and its token */
  KeikaBrowserSignIn *sign_in;         /* (owned) (nullable) a begun sign-in */
};

/* Between the files of the AniList site (keika-anilist-site.c) */
/* A POST of the GraphQL document @name with @variables (consumed). */
KeikaHttpRequest  *keika_anilist_new_request   (KeikaAnilistSite    *self,
                                                const char          *name,
                                                JsonNode            *variables);
/* Variables as name, type ('i' gint64, 's' string, 'b' gboolean), value…,
 * NULL; an 'i' of 0 or less and an 's' of NULL are left out. */
JsonNode          *keika_anilist_new_variables (const char          *first_name,
                                                ...) G_GNUC_NULL_TERMINATED;

/* AniList's MediaListStatus for Keika's status and rewatching. */
const char           *keika_anilist_status_name    (KeikaStatus            status,
                                                    gboolean               rewatching);
/* A MediaList object (with its media), or NULL without an id. (transfer full) */
KeikaRemoteEntry     *keika_anilist_parse_entry    (const KeikaJsonValue  *object);
/* A Media object as an entry that knows no list field. (transfer full) */
KeikaRemoteEntry     *keika_anilist_parse_media    (const KeikaJsonValue  *media);
/* data.@field of an answer, or the error its errors[] gives (AniList can
 * answer HTTP 200 with errors and a null field). (transfer none) */
const KeikaJsonValue *keika_anilist_get_data       (const KeikaJsonValue  *root,
                                                    const char            *field,
                                                    GError               **error);
/* The Viewer: a claimed profile; @score_format gets its score format. */
KeikaProfile         *keika_anilist_parse_viewer   (const KeikaJsonValue  *root,
                                                    KeikaScoreFormat      *score_format,
                                                    GError               **error);
/* "startedAt": {year, month, day} of "YYYY[-MM[-DD]]", all null for NULL. */
void                  keika_anilist_add_fuzzy_date (JsonBuilder           *builder,
                                                    const char            *name,
                                                    const char            *date);
/* The "exp" of a JWT (Unix seconds), 0 when @token is not one. */
gint64                keika_anilist_token_expiry   (const char            *token);

/* KeikaSiteService, in keika-anilist-list.c */
void               keika_anilist_site_pull_async       (KeikaSiteService       *service,
                                                        const char             *user_name,
                                                        gint64                  since,
                                                        KeikaSitePageFunc       page_func,
                                                        gpointer                page_data,
                                                        GDestroyNotify          page_data_destroy,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
gboolean           keika_anilist_site_pull_finish      (KeikaSiteService       *service,
                                                        GAsyncResult           *result,
                                                        gboolean               *complete,
                                                        GError                **error);
void               keika_anilist_site_push_async       (KeikaSiteService       *service,
                                                        const KeikaRemoteEntry *values,
                                                        KeikaEntryFields        changed,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
KeikaRemoteEntry  *keika_anilist_site_push_finish      (KeikaSiteService       *service,
                                                        GAsyncResult           *result,
                                                        GError                **error);
void               keika_anilist_site_delete_async     (KeikaSiteService       *service,
                                                        gint64                  anime_id,
                                                        gint64                  entry_id,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
gboolean           keika_anilist_site_delete_finish    (KeikaSiteService       *service,
                                                        GAsyncResult           *result,
                                                        GError                **error);
void               keika_anilist_site_search_async     (KeikaSiteService       *service,
                                                        const char             *query,
                                                        guint                   limit,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
GPtrArray         *keika_anilist_site_search_finish    (KeikaSiteService       *service,
                                                        GAsyncResult           *result,
                                                        GError                **error);
void               keika_anilist_site_find_anime_async (KeikaSiteService       *service,
                                                        GPtrArray              *anime,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
GArray            *keika_anilist_site_find_anime_finish (KeikaSiteService      *service,
                                                        GAsyncResult           *result,
                                                        GError                **error);

G_END_DECLS
