/* keika-kitsu-site.h — Kitsu (JSON:API "edge") as a KeikaSiteService
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-net.h"
#include "keika-site-base.h"
#include "keika-site-service.h"

G_BEGIN_DECLS

#define KEIKA_KITSU_API_URL_DEFAULT  "https://kitsu.app/api/edge"
#define KEIKA_KITSU_AUTH_URL_DEFAULT "https://kitsu.app/api/oauth"
/* The keyring "site" attribute of Kitsu tokens (keika_site_to_string()). */
#define KEIKA_KITSU_SECRET_SITE      "kitsu"

#define KEIKA_TYPE_KITSU_SITE (keika_kitsu_site_get_type ())

G_DECLARE_FINAL_TYPE (KeikaKitsuSite, keika_kitsu_site, KEIKA, KITSU_SITE, KeikaSiteBase)

/* One Kitsu account (@account: the user's Kitsu id as text, or NULL for
 * none: public reads and search only).
 *
 * Sign-in is KEIKA_SIGN_IN_PASSWORD: the OAuth 2 password grant with the
 * email or user name and the password, sent once and never kept. Tokens
 * last 30 days and are renewed with the refresh token a minute before they
 * expire, and once when Kitsu refuses one (its 401 carries a bare
 * "WWW-Authenticate: Bearer"). Tokens live in the keyring only, under site
 * "kitsu" and the account.
 *
 * Lists are read 500 entries a page with the anime and their mappings
 * included, so each entry knows the anime's MyAnimeList and AniList ids
 * (site_ids). The score is ratingTwenty (keika_score_to_site()): raw 0 is
 * null, 1–14 the lowest rating 2, else raw / 5 rounded down; read back as
 * 5 × ratingTwenty. So raw values collapse to multiples of 5 (1–14 to 10,
 * 87 to 85) at the first sync, and raw → site → raw → site gives the same
 * ratingTwenty ever after.
 *
 * Dates are times on Kitsu: a date is sent as noon UTC of that day (a month
 * or a year alone as its first day) and read back as the day it is in the
 * local time zone, which is the day for every zone from UTC−11 to UTC+11.
 *
 * The API base comes from KEIKA_KITSU_API_URL and the OAuth base from
 * KEIKA_KITSU_AUTH_URL when set (tests, the fake sites). The account, the
 * user's name (the slug, else the display name), the tokens and the HTTP
 * client are the KeikaSiteBase's. */
KeikaKitsuSite    *keika_kitsu_site_new               (const char       *account);

G_END_DECLS
