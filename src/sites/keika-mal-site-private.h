/* keika-mal-site-private.h — MAL internals for tests and benchmarks
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "keika-browser-sign-in.h"
#include "keika-mal-site.h"
#include "keika-net.h"
#include "keika-site-service.h"
#include "keika-token-keeper.h"

G_BEGIN_DECLS

#define KEIKA_MAL_SITE_NAME "MyAnimeList"
/* When a token answer has no expires_in. */
#define KEIKA_MAL_DEFAULT_EXPIRES_IN_S 3600

struct _KeikaMalSite
{
  KeikaSiteBase     parent_instance;

  char             *client_id;         /* (owned) never NULL */
  char             *api_url;           /* (owned) */
  char             *auth_url;          /* (owned) */
  guint             redirect_port;

  KeikaTokenKeeper *keeper;            /* (unowned) the base's: the account and its tokens */

  KeikaBrowserSignIn *sign_in;         /* (owned) (nullable) the begun sign-in */
  char             *verifier;          /* (owned) (nullable) its PKCE verifier, a secret */
};

/* How a request is sent: with the user's token (renewed once on 401
 * invalid_token), or with the client id for a public read. */
typedef enum
{
  KEIKA_MAL_AUTH_TOKEN,
  KEIKA_MAL_AUTH_CLIENT_ID,
} KeikaMalAuth;

/* Between the files of the MyAnimeList site */
KeikaHttpRequest  *keika_mal_new_request              (const char          *method,
                                                       const char          *uri,
                                                       KeikaHttpFlags       flags);
GError            *keika_mal_new_no_client_id_error   (void);
void               keika_mal_site_end_sign_in         (KeikaMalSite        *self);
/* Sends @request (not consumed); keika_site_base_call_finish() ends it. */
void               keika_mal_site_call_async          (KeikaMalSite        *self,
                                                       KeikaHttpRequest    *request,
                                                       KeikaMalAuth         auth,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);

/* KeikaSiteService, in keika-mal-sign-in.c */
char              *keika_mal_site_begin_sign_in           (KeikaSiteService    *service,
                                                           GError             **error);
void               keika_mal_site_abort_sign_in           (KeikaSiteService    *service);
void               keika_mal_site_complete_sign_in_async  (KeikaSiteService    *service,
                                                           const char          *pasted,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
KeikaProfile      *keika_mal_site_complete_sign_in_finish (KeikaSiteService    *service,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void               keika_mal_site_sign_out_async          (KeikaSiteService    *service,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean           keika_mal_site_sign_out_finish         (KeikaSiteService    *service,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void               keika_mal_site_refresh_async           (KeikaSiteService    *service,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean           keika_mal_site_refresh_finish          (KeikaSiteService    *service,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void               keika_mal_site_get_user_async          (KeikaSiteService    *service,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
KeikaProfile      *keika_mal_site_get_user_finish         (KeikaSiteService    *service,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* The fields= of a list request. */
#define KEIKA_MAL_LIST_FIELDS \
  "list_status{status,score,num_episodes_watched,is_rewatching,start_date,finish_date," \
  "priority,num_times_rewatched,tags,comments,updated_at}," \
  "num_episodes,media_type,status,alternative_titles,main_picture,start_season,genres,nsfw"

/* The fields MAL stores for a list entry. */
#define KEIKA_MAL_FIELDS (KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_SCORE | \
                          KEIKA_ENTRY_FIELD_PROGRESS | KEIKA_ENTRY_FIELD_REWATCHING | \
                          KEIKA_ENTRY_FIELD_REWATCH_COUNT | KEIKA_ENTRY_FIELD_START_DATE | \
                          KEIKA_ENTRY_FIELD_FINISH_DATE | KEIKA_ENTRY_FIELD_NOTES | \
                          KEIKA_ENTRY_FIELD_TAGS | KEIKA_ENTRY_FIELD_PRIORITY)

/* The list (keika-mal-list.c). */
void               keika_mal_site_pull_async              (KeikaSiteService    *service,
                                                           const char          *user_name,
                                                           gint64               since,
                                                           KeikaSitePageFunc    page_func,
                                                           gpointer             page_data,
                                                           GDestroyNotify       page_data_destroy,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean           keika_mal_site_pull_finish             (KeikaSiteService    *service,
                                                           GAsyncResult        *result,
                                                           gboolean            *complete,
                                                           GError             **error);
void               keika_mal_site_push_async              (KeikaSiteService       *service,
                                                           const KeikaRemoteEntry *values,
                                                           KeikaEntryFields        changed,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
KeikaRemoteEntry  *keika_mal_site_push_finish             (KeikaSiteService    *service,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void               keika_mal_site_delete_async            (KeikaSiteService    *service,
                                                           gint64               anime_id,
                                                           gint64               entry_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean           keika_mal_site_delete_finish           (KeikaSiteService    *service,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* Converts one parsed list page. Entries older than @since (> 0) end the
 * conversion and set *@stop; *@next gets paging.next or NULL. Fails with
 * KEIKA_ERROR_MALFORMED when the page has the wrong shape.
 * (transfer full) (element-type KeikaRemoteEntry) */
GPtrArray *keika_mal_parse_list_page (const KeikaJsonValue  *root,
                                      gint64                 since,
                                      char                 **next,
                                      gboolean              *stop,
                                      GError               **error);

/* The fields of a list_status object (a list page, or the answer to PATCH)
 * into @entry. */
void              keika_mal_parse_list_status (const KeikaJsonValue  *object,
                                               KeikaRemoteEntry      *entry);
/* An anime node: {id, title, main_picture, alternative_titles, …}; NULL
 * when it has no usable id. (transfer full) */
KeikaRemoteEntry *keika_mal_parse_node        (const KeikaJsonValue  *node);
/* The anime of a search answer ({data: [{node}]}), those without an id left
 * out; MALFORMED when there is no data. (transfer full) (element-type KeikaAnime) */
GPtrArray        *keika_mal_parse_search      (const KeikaJsonValue  *root,
                                               GError               **error);
/* The user of /users/@me as an unclaimed profile. (transfer full) */
KeikaProfile     *keika_mal_parse_user        (const KeikaJsonValue  *root,
                                               GError               **error);


G_END_DECLS
