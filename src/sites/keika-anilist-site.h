/* keika-anilist-site.h — AniList (GraphQL API v2) as a KeikaSiteService
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-net.h"
#include "keika-site-base.h"
#include "keika-site-service.h"

G_BEGIN_DECLS

#define KEIKA_ANILIST_API_URL_DEFAULT  "https://graphql.anilist.co"
#define KEIKA_ANILIST_AUTH_URL_DEFAULT "https://anilist.co/api/v2/oauth"
/* Where AniList shows the token to paste when no redirect can be served
 * (its "pin" flow). */
#define KEIKA_ANILIST_PIN_URI          "https://anilist.co/api/v2/oauth/pin"

/* Requests per minute while AniList runs "degraded" (it documents 90). */
#define KEIKA_ANILIST_REQUESTS_PER_MINUTE 30

#define KEIKA_TYPE_ANILIST_SITE (keika_anilist_site_get_type ())

G_DECLARE_FINAL_TYPE (KeikaAnilistSite, keika_anilist_site, KEIKA, ANILIST_SITE, KeikaSiteBase)

/* One AniList account (@account: the user's AniList id as text, or NULL
 * for none: public reads and search only).
 *
 * Sign-in is the implicit grant: the browser comes back to the loopback
 * handler with the token in the address's fragment, which the handler's
 * page hands back to it (KEIKA_OAUTH_REDIRECT_FRAGMENT); the person can
 * also paste the token, or the address the browser ended on. Tokens last a
 * year and cannot be renewed: keika_anilist_site_get_token_expiry() says
 * when the sign-in ends, read from the token itself (a JWT).
 *
 * The API base comes from KEIKA_ANILIST_API_URL and the sign-in base from
 * KEIKA_ANILIST_AUTH_URL when set (tests, the fake sites). */
KeikaAnilistSite  *keika_anilist_site_new              (const char        *client_id,
                                                        const char        *account);
const char        *keika_anilist_site_get_client_id    (KeikaAnilistSite  *self);
void               keika_anilist_site_set_client_id    (KeikaAnilistSite  *self,
                                                        const char        *client_id);
/* The loopback port of the redirect (the client's registered redirect URI
 * names it); 0 picks any free port (tests). */
guint              keika_anilist_site_get_redirect_port (KeikaAnilistSite *self);
void               keika_anilist_site_set_redirect_port (KeikaAnilistSite *self,
                                                         guint             port);
/* "http://127.0.0.1:PORT/callback". (transfer full) */
char              *keika_anilist_site_dup_redirect_uri (KeikaAnilistSite  *self);
/* The score format the user chose on AniList (known after get_user). */
KeikaScoreFormat   keika_anilist_site_get_score_format (KeikaAnilistSite  *self);
/* Uses @access_token in memory (tests). */
void               keika_anilist_site_set_token        (KeikaAnilistSite  *self,
                                                        const char        *access_token);

G_END_DECLS
