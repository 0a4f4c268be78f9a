/* keika-kitsu-site-private.h — between the files of the Kitsu site
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "keika-kitsu-site.h"
#include "keika-remote-entry.h"
#include "keika-token-keeper.h"

G_BEGIN_DECLS

#define KEIKA_KITSU_SITE_NAME  "Kitsu"
#define KEIKA_KITSU_MEDIA_TYPE "application/vnd.api+json"
/* Library entries a page, at most (more is refused with 400). */
#define KEIKA_KITSU_LIBRARY_PAGE 500
/* Any other list, at most. */
#define KEIKA_KITSU_PAGE_MAX 20

/* The list fields Kitsu keeps (no tags, priority or favourite per entry). */
#define KEIKA_KITSU_FIELDS (KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_SCORE |            \
                            KEIKA_ENTRY_FIELD_PROGRESS | KEIKA_ENTRY_FIELD_REWATCHING |     \
                            KEIKA_ENTRY_FIELD_REWATCH_COUNT | KEIKA_ENTRY_FIELD_START_DATE | \
                            KEIKA_ENTRY_FIELD_FINISH_DATE | KEIKA_ENTRY_FIELD_NOTES |       \
                            KEIKA_ENTRY_FIELD_PRIVATE)

/* Sparse fieldsets: only what Keika reads. */
#define KEIKA_KITSU_ENTRY_FIELDS \
  "status,progress,reconsuming,reconsumeCount,notes,private,startedAt,finishedAt," \
  "ratingTwenty,updatedAt,anime"
#define KEIKA_KITSU_ANIME_FIELDS \
  "canonicalTitle,titles,abbreviatedTitles,subtype,status,episodeCount,startDate," \
  "posterImage,nsfw,mappings"
#define KEIKA_KITSU_MAPPING_FIELDS "externalSite,externalId,item"

struct _KeikaKitsuSite
{
  KeikaSiteBase       parent_instance;

  char               *api_url;         /* (owned) */
  char               *auth_url;        /* (owned) */
  KeikaTokenKeeper   *keeper;          /* (unowned) the base's: the account and its tokens */
};

/* keika-kitsu-site.c: requests */
/* A request to @uri (absolute), answered in JSON:API. */
KeikaHttpRequest  *keika_kitsu_new_request     (const char          *method,
                                                const char          *uri,
                                                KeikaHttpFlags       flags);
/* "&name=value" (or "?…" first), both escaped. */
void               keika_kitsu_append_param    (GString             *url,
                                                const char          *name,
                                                const char          *value);
/* "&name=N". */
void               keika_kitsu_append_id       (GString             *url,
                                                const char          *name,
                                                gint64               id);
GError            *keika_kitsu_new_signed_out_error (void);
/* A GET of @url (consumed) as keika_site_base_call_async(). */
void               keika_kitsu_get             (KeikaKitsuSite      *self,
                                                GString             *url,
                                                gboolean             with_token,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* keika-kitsu-parse.c: answers read into Keika's values */
GError               *keika_kitsu_new_malformed_error (void);
/* The resources of "included" by "type:id". (transfer full) */
GHashTable           *keika_kitsu_index_included      (const KeikaJsonValue  *root);
/* "data" of a document as an array or an object, else MALFORMED.
 * (transfer none) */
const KeikaJsonValue *keika_kitsu_get_data_array      (const KeikaJsonValue  *root,
                                                       GError               **error);
const KeikaJsonValue *keika_kitsu_get_data_object     (const KeikaJsonValue  *root,
                                                       GError               **error);
/* A resource's id (a string in JSON:API), 0 when it has none. */
gint64                keika_kitsu_resource_id         (const KeikaJsonValue  *resource);
/* The id in relationships.@name.data when it is of @type, else 0. */
gint64                keika_kitsu_related_id          (const KeikaJsonValue  *resource,
                                                       const char            *name,
                                                       const char            *type);
/* A libraryEntries resource, its anime from @included when there; the
 * anime id is @anime_id when the entry does not name it. NULL without ids.
 * (transfer full) */
KeikaRemoteEntry     *keika_kitsu_parse_entry         (const KeikaJsonValue  *object,
                                                       GHashTable            *included,
                                                       gint64                 anime_id);
/* An anime resource, its ids on other sites from its included mappings; an
 * entry that knows no list field. (transfer full) */
KeikaRemoteEntry     *keika_kitsu_parse_anime         (const KeikaJsonValue  *anime,
                                                       GHashTable            *included);
/* The KeikaSite of a mapping's externalSite (MAL, AniList), or -1. */
int                   keika_kitsu_mapping_site        (const KeikaJsonValue  *mapping,
                                                       gint64                *external_id);
/* data[0] of /users as a claimed profile. (transfer full) */
KeikaProfile         *keika_kitsu_parse_user          (const KeikaJsonValue  *root,
                                                       GError               **error);
const char           *keika_kitsu_status_name         (KeikaStatus            status);
/* "YYYY[-MM[-DD]]" as the time sent for it, or NULL. (transfer full) */
char                 *keika_kitsu_date_to_time        (const char            *date);
/* The local day "YYYY-MM-DD" of an ISO 8601 time (or date), or NULL.
 * (transfer full) */
char                 *keika_kitsu_time_to_date        (const char            *time);

/* KeikaSiteService, in keika-kitsu-pull.c */
void               keika_kitsu_site_pull_async       (KeikaSiteService       *service,
                                                      const char             *user_name,
                                                      gint64                  since,
                                                      KeikaSitePageFunc       page_func,
                                                      gpointer                page_data,
                                                      GDestroyNotify          page_data_destroy,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
gboolean           keika_kitsu_site_pull_finish      (KeikaSiteService       *service,
                                                      GAsyncResult           *result,
                                                      gboolean               *complete,
                                                      GError                **error);
/* KeikaSiteService, in keika-kitsu-list.c */
void               keika_kitsu_site_push_async       (KeikaSiteService       *service,
                                                      const KeikaRemoteEntry *values,
                                                      KeikaEntryFields        changed,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
KeikaRemoteEntry  *keika_kitsu_site_push_finish      (KeikaSiteService       *service,
                                                      GAsyncResult           *result,
                                                      GError                **error);
void               keika_kitsu_site_delete_async     (KeikaSiteService       *service,
                                                      gint64                  anime_id,
                                                      gint64                  entry_id,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
gboolean           keika_kitsu_site_delete_finish    (KeikaSiteService       *service,
                                                      GAsyncResult           *result,
                                                      GError                **error);
void               keika_kitsu_site_search_async     (KeikaSiteService       *service,
                                                      const char             *query,
                                                      guint                   limit,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
GPtrArray         *keika_kitsu_site_search_finish    (KeikaSiteService       *service,
                                                      GAsyncResult           *result,
                                                      GError                **error);
void               keika_kitsu_site_find_anime_async (KeikaSiteService       *service,
                                                      GPtrArray              *anime,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
GArray            *keika_kitsu_site_find_anime_finish (KeikaSiteService      *service,
                                                      GAsyncResult           *result,
                                                      GError                **error);

G_END_DECLS
