/* keika-mal-site.h — MyAnimeList (API v2) as a KeikaSiteService
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "keika-http-client.h"
#include "keika-site-base.h"
#include "keika-site-service.h"

G_BEGIN_DECLS

#define KEIKA_MAL_API_URL_DEFAULT        "https://api.myanimelist.net/v2"
#define KEIKA_MAL_AUTH_URL_DEFAULT       "https://myanimelist.net/v1/oauth2"
/* The default of the "oauth-redirect-port" setting. */
#define KEIKA_MAL_REDIRECT_PORT_DEFAULT  8457
/* The keyring "site" attribute of MAL tokens (keika_site_to_string()). */
#define KEIKA_MAL_SECRET_SITE            "mal"

#define KEIKA_TYPE_MAL_SITE (keika_mal_site_get_type ())

G_DECLARE_FINAL_TYPE (KeikaMalSite, keika_mal_site, KEIKA, MAL_SITE, KeikaSiteBase)

/* MyAnimeList: OAuth 2 with PKCE "plain" and no client secret, lists of
 * 1000 entries a page, PATCH …/my_list_status with only the changed
 * fields. Configuration comes from the caller (sites/ reads no settings):
 *
 *   "client-id"      string    the app's client id (the "mal-client-id"
 *                              setting, else MAL_CLIENT_ID of config.h);
 *                              needed to sign in and for public reads
 *   "account"        string    the keyring account of the tokens: the MAL
 *                              user id (KeikaProfile "site-user-id"); NULL
 *                              until signed in. Set by a sign-in.
 *   "user-name"      string    read-only: the MAL name, once known
 *   "redirect-port"  guint     the loopback redirect port; 0 picks a free
 *                              one (tests). Default 8457.
 *   "api-url"        string    construct-only; NULL: keika_mal_site_dup_api_url()
 *   "auth-url"       string    construct-only; NULL: keika_mal_site_dup_auth_url()
 *   "http-client"    KeikaHttpClient  construct-only; NULL: the default one
 *
 * Tokens (access, refresh, expiry) are kept in the keyring only, as one
 * secret under site "mal" and the account; in memory while the object
 * lives. The access token is renewed a minute before it expires and once
 * when MAL answers 401 invalid_token (then the request is resent once);
 * concurrent requests share one renewal. A refused refresh token fails
 * with KEIKA_ERROR_SIGNED_OUT. Use one object per account: MAL replaces
 * both tokens at each renewal.
 *
 * Partial dates: MAL reads "YYYY-MM" and "YYYY"; on write they are sent
 * as they are (unverified whether MAL keeps them), and a cleared date is
 * sent as an empty value. Tags are sent comma-separated (a comma inside a
 * tag becomes a space). */
KeikaMalSite     *keika_mal_site_new                  (const char      *client_id,
                                                       const char      *account);

const char       *keika_mal_site_get_client_id        (KeikaMalSite    *self);
void              keika_mal_site_set_client_id        (KeikaMalSite    *self,
                                                       const char      *client_id);
guint             keika_mal_site_get_redirect_port    (KeikaMalSite    *self);
void              keika_mal_site_set_redirect_port    (KeikaMalSite    *self,
                                                       guint            port);
/* "http://127.0.0.1:PORT/callback" for the redirect port: the address to
 * register with the client id (show it with a copy button). (transfer full) */
char             *keika_mal_site_dup_redirect_uri     (KeikaMalSite    *self);
const char       *keika_mal_site_get_api_url          (KeikaMalSite    *self);
const char       *keika_mal_site_get_auth_url         (KeikaMalSite    *self);

/* The base URLs: $KEIKA_MAL_API_URL / $KEIKA_MAL_AUTH_URL when set and
 * not empty, else the defaults above; without a trailing slash.
 * (transfer full) */
char             *keika_mal_site_dup_api_url          (void);
char             *keika_mal_site_dup_auth_url         (void);

G_END_DECLS
