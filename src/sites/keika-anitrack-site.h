/* keika-anitrack-site.h — AniTrack (REST API v1) as a KeikaSiteService
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-net.h"
#include "keika-site-base.h"
#include "keika-site-service.h"

G_BEGIN_DECLS

#define KEIKA_ANITRACK_API_URL_DEFAULT     "https://anitrack.app/api/v1"
/* The keyring "site" attribute of AniTrack tokens (keika_site_to_string()). */
#define KEIKA_ANITRACK_SECRET_SITE         "anitrack"
/* AniTrack allows 60 requests a minute per token. */
#define KEIKA_ANITRACK_REQUESTS_PER_MINUTE 60
/* The longest device name AniTrack keeps. */
#define KEIKA_ANITRACK_DEVICE_NAME_MAX     120

#define KEIKA_TYPE_ANITRACK_SITE (keika_anitrack_site_get_type ())

G_DECLARE_FINAL_TYPE (KeikaAnitrackSite, keika_anitrack_site, KEIKA, ANITRACK_SITE, KeikaSiteBase)

/* One AniTrack account (@account: the user's AniTrack id as text, or NULL
 * until signed in).
 *
 * Sign-in is KEIKA_SIGN_IN_PASSWORD: the email and password are exchanged
 * once for a token (POST /auth/token with the device name "Keika on HOST"),
 * which is kept in the keyring; the password is never kept or logged.
 * Tokens do not expire and cannot be renewed: a refused one is
 * KEIKA_ERROR_SIGNED_OUT. Sign-out revokes the token on AniTrack, then
 * forgets it (also when AniTrack cannot be reached: then
 * keika_anitrack_site_get_revoke_error() says so).
 *
 * Lists are the signed-in user's only (AniTrack has no public lists), read
 * most recently updated first; the AniList and MyAnimeList ids AniTrack
 * gives fill KeikaRemoteEntry.site_ids. A new entry is looked up by anime
 * before it is created, so a create that is tried again never makes a
 * second one. AniTrack offers no search (G_IO_ERROR_NOT_SUPPORTED);
 * find_anime maps AniList ids.
 *
 * The API base comes from KEIKA_ANITRACK_API_URL when set (tests, the fake
 * sites). The account, the user's name, the token, the HTTP client and
 * Keika's own limit of requests are the KeikaSiteBase's. */
KeikaAnitrackSite *keika_anitrack_site_new              (const char         *account);
/* The name a sign-in gives its token: "Keika on HOST", at most
 * KEIKA_ANITRACK_DEVICE_NAME_MAX bytes, cut between characters.
 * (transfer full) */
char              *keika_anitrack_site_dup_device_name  (KeikaAnitrackSite  *self);
/* Why the last sign-out could not revoke the token on AniTrack (it was
 * forgotten here all the same), in words; NULL when it could. */
const char        *keika_anitrack_site_get_revoke_error (KeikaAnitrackSite  *self);


/* The account's API tokens, oldest first, as its sign-ins (also through
 * keika_site_service_list_sign_ins_async()). (transfer full)
 * (element-type KeikaSiteSignIn) */
void               keika_anitrack_site_list_tokens_async  (KeikaAnitrackSite   *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray         *keika_anitrack_site_list_tokens_finish (KeikaAnitrackSite   *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* Revokes another token of the account (one already gone counts as
 * revoked). For the token in use, sign out instead. */
void               keika_anitrack_site_revoke_token_async (KeikaAnitrackSite   *self,
                                                           gint64               token_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean           keika_anitrack_site_revoke_token_finish (KeikaAnitrackSite  *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
