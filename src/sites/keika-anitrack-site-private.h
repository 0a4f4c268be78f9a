/* keika-anitrack-site-private.h — between the files of the AniTrack site
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "keika-anitrack-site.h"
#include "keika-remote-entry.h"
#include "keika-token-keeper.h"

G_BEGIN_DECLS

#define KEIKA_ANITRACK_SITE_NAME "AniTrack"

/* The list fields AniTrack keeps (no priority, no favourite). */
#define KEIKA_ANITRACK_FIELDS (KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_SCORE |             \
                               KEIKA_ENTRY_FIELD_PROGRESS | KEIKA_ENTRY_FIELD_REWATCHING |      \
                               KEIKA_ENTRY_FIELD_REWATCH_COUNT | KEIKA_ENTRY_FIELD_START_DATE |  \
                               KEIKA_ENTRY_FIELD_FINISH_DATE | KEIKA_ENTRY_FIELD_NOTES |        \
                               KEIKA_ENTRY_FIELD_TAGS | KEIKA_ENTRY_FIELD_PRIVATE)
/* The ones POST /list takes (seed 001); the others go by PATCH. */
#define KEIKA_ANITRACK_CREATE_FIELDS (KEIKA_ANITRACK_FIELDS & ~(KEIKA_ENTRY_FIELD_REWATCHING |  \
                                      KEIKA_ENTRY_FIELD_REWATCH_COUNT | KEIKA_ENTRY_FIELD_TAGS))

/* AniTrack's tokens never expire; the token keeper wants an end: this one
 * (9999-12-31) stands for none. */
#define KEIKA_ANITRACK_NO_EXPIRY G_GINT64_CONSTANT (253402300799)

struct _KeikaAnitrackSite
{
  KeikaSiteBase       parent_instance;

  char               *api_url;         /* (owned) */
  char               *host_name;       /* (owned) (nullable) for the device name; NULL: the host's */
  char               *revoke_error;    /* (owned) (nullable) */
  KeikaTokenKeeper   *keeper;          /* (unowned) the base's: the account and its token */
};

/* keika-anitrack-site.c */
/* A request to api_url + the path printf() makes. GET, DELETE and PATCH
 * (absolute values) may be resent; POST is sent once. */
KeikaHttpRequest  *keika_anitrack_new_request  (KeikaAnitrackSite   *self,
                                                const char          *method,
                                                const char          *path_format,
                                                ...) G_GNUC_PRINTF (3, 4);
/* The same for @path, with @flags besides (KEIKA_HTTP_SEND_ONCE). */
KeikaHttpRequest  *keika_anitrack_new_request_full (KeikaAnitrackSite *self,
                                                    const char        *method,
                                                    KeikaHttpFlags     flags,
                                                    const char        *path);

/* KeikaSiteService, in keika-anitrack-sign-in.c */
KeikaSignInKind    keika_anitrack_site_get_sign_in_kind (KeikaSiteService     *service);
void               keika_anitrack_site_sign_in_with_password_async (KeikaSiteService *service,
                                                         const char             *identity,
                                                         const char             *password,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
KeikaProfile      *keika_anitrack_site_sign_in_with_password_finish (KeikaSiteService *service,
                                                         GAsyncResult           *result,
                                                         GError                **error);
char              *keika_anitrack_site_begin_sign_in    (KeikaSiteService       *service,
                                                         GError                **error);
void               keika_anitrack_site_complete_sign_in_async (KeikaSiteService *service,
                                                         const char             *code,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
KeikaProfile      *keika_anitrack_site_complete_sign_in_finish (KeikaSiteService *service,
                                                         GAsyncResult           *result,
                                                         GError                **error);
void               keika_anitrack_site_sign_out_async   (KeikaSiteService       *service,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
gboolean           keika_anitrack_site_sign_out_finish  (KeikaSiteService       *service,
                                                         GAsyncResult           *result,
                                                         GError                **error);

/* keika-anitrack-parse.c */
/* The object of the answer's "data", or the answer itself. (transfer none) */
const KeikaJsonValue *keika_anitrack_get_object       (KeikaHttpResponse       *response);
/* The array of the answer's "data", or the answer itself. (transfer none) */
const KeikaJsonValue *keika_anitrack_get_array        (KeikaHttpResponse       *response);
/* A list entry (with its anime), or NULL without ids. (transfer full) */
KeikaRemoteEntry     *keika_anitrack_parse_entry      (const KeikaJsonValue    *object);
/* The user of GET /user as a claimed profile. (transfer full) */
KeikaProfile         *keika_anitrack_parse_user       (const KeikaJsonValue    *object,
                                                       GError                 **error);
/* The token of POST /auth/token, or NULL. (transfer full) */
char                 *keika_anitrack_parse_token      (const KeikaJsonValue    *object);
/* One of GET /auth/tokens, or NULL without an id. (transfer full) */
KeikaSiteSignIn   *keika_anitrack_parse_token_info (const KeikaJsonValue    *object);
/* The members of @fields with the values of @values, in AniTrack's names. */
void                  keika_anitrack_add_fields       (JsonBuilder             *builder,
                                                       const KeikaRemoteEntry  *values,
                                                       KeikaEntryFields         fields);
/* Rewords a 422 of AniTrack ({message, errors: {field: […]}}) naming the
 * fields in words; @sign_in: a refused sign-in, KEIKA_ERROR_SIGN_IN_FAILED.
 * Other errors are returned as they are. Consumes @error. */
GError               *keika_anitrack_reword_error     (GError                  *error,
                                                       gboolean                 sign_in);
/* "Keika on @host_name", at most KEIKA_ANITRACK_DEVICE_NAME_MAX bytes, cut
 * between characters. (transfer full) */
char                 *keika_anitrack_device_name      (const char              *host_name);

/* KeikaSiteService, in keika-anitrack-list.c */
void               keika_anitrack_site_pull_async       (KeikaSiteService       *service,
                                                         const char             *user_name,
                                                         gint64                  since,
                                                         KeikaSitePageFunc       page_func,
                                                         gpointer                page_data,
                                                         GDestroyNotify          page_data_destroy,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
gboolean           keika_anitrack_site_pull_finish      (KeikaSiteService       *service,
                                                         GAsyncResult           *result,
                                                         gboolean               *complete,
                                                         GError                **error);
void               keika_anitrack_site_push_async       (KeikaSiteService       *service,
                                                         const KeikaRemoteEntry *values,
                                                         KeikaEntryFields        changed,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
KeikaRemoteEntry  *keika_anitrack_site_push_finish      (KeikaSiteService       *service,
                                                         GAsyncResult           *result,
                                                         GError                **error);
void               keika_anitrack_site_delete_async     (KeikaSiteService       *service,
                                                         gint64                  anime_id,
                                                         gint64                  entry_id,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
gboolean           keika_anitrack_site_delete_finish    (KeikaSiteService       *service,
                                                         GAsyncResult           *result,
                                                         GError                **error);
void               keika_anitrack_site_find_anime_async (KeikaSiteService       *service,
                                                         GPtrArray              *anime,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
GArray            *keika_anitrack_site_find_anime_finish (KeikaSiteService      *service,
                                                         GAsyncResult           *result,
                                                         GError                **error);

/* For tests: the host name the device name is made of, and a token used in
 * memory (not the keyring). */
void               keika_anitrack_site_set_host_name    (KeikaAnitrackSite      *self,
                                                         const char             *host_name);
void               keika_anitrack_site_set_token        (KeikaAnitrackSite      *self,
                                                         const char             *token);

G_END_DECLS
