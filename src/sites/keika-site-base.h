/* keika-site-base.h — what every site's object is made of
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "keika-net.h"
#include "keika-token-keeper.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_SITE_BASE (keika_site_base_get_type ())

G_DECLARE_DERIVABLE_TYPE (KeikaSiteBase, keika_site_base, KEIKA, SITE_BASE, GObject)

/* The parent of the four sites' objects: the HTTP client, the account and
 * its tokens (a KeikaTokenKeeper), the signed-in user's name, Keika's own
 * limit of requests on the site's API, and the sending of a request with
 * the token. What is left in a site is its mapping of one service. */
struct _KeikaSiteBaseClass
{
  GObjectClass parent_class;

  /* The signed-in user's name changed (MyAnimeList tells its property). */
  void     (*user_name_changed) (KeikaSiteBase *self);
  /* Optional: an error of keika_site_base_call_async() in the site's
   * words (@error consumed; AniTrack names the fields of a 422). */
  GError  *(*reword_error)      (KeikaSiteBase *self,
                                 GError        *error);

  gpointer padding[4];
};

/* Called once by a site's init: @secret_site names its keyring items
 * (keika-secret.h), @site_name is its name for people. */
void               keika_site_base_setup           (KeikaSiteBase       *self,
                                                    const char          *secret_site,
                                                    const char          *site_name);

/* (transfer none) */
KeikaTokenKeeper  *keika_site_base_get_keeper      (KeikaSiteBase       *self);
/* (transfer none) */
KeikaHttpClient   *keika_site_base_get_http_client (KeikaSiteBase       *self);
/* Tests use their own client; the limit of requests is kept. */
void               keika_site_base_set_http_client (KeikaSiteBase       *self,
                                                    KeikaHttpClient     *client);
/* Where Keika's own limit of requests applies: the host of @api_url. */
void               keika_site_base_set_rate_host   (KeikaSiteBase       *self,
                                                    const char          *api_url);
/* Keika's own limit there: @requests_per_minute (0: none). */
void               keika_site_base_set_rate        (KeikaSiteBase       *self,
                                                    guint                requests_per_minute);

/* The site's id of the signed-in user, as the keyring keeps it (NULL:
 * signed out). Setting another one forgets the user's name. */
const char        *keika_site_base_get_account     (KeikaSiteBase       *self);
void               keika_site_base_set_account     (KeikaSiteBase       *self,
                                                    const char          *account);
/* The account as a number (0 when there is none, or it is not one). */
gint64             keika_site_base_get_user_id     (KeikaSiteBase       *self);
/* (nullable) */
const char        *keika_site_base_get_user_name   (KeikaSiteBase       *self);
void               keika_site_base_set_user_name   (KeikaSiteBase       *self,
                                                    const char          *user_name);
/* When the access token in memory ends (0 when unknown or none). */
gint64             keika_site_base_get_token_expiry (KeikaSiteBase      *self);
/* The tokens in memory, without the keyring (tests, and a sign-in that
 * has just saved them); NULL @access_token forgets them. */
void               keika_site_base_set_tokens      (KeikaSiteBase       *self,
                                                    const char          *access_token,
                                                    const char          *refresh_token,
                                                    gint64               expires_at);

/* The contract's refresh: the token is loaded from the keyring, and first
 * renewed when @renew (a site whose tokens are renewed); KEIKA_ERROR_SIGNED_OUT
 * when there is none, or it ended. */
void               keika_site_base_refresh_async   (KeikaSiteBase       *self,
                                                    gboolean             renew,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean           keika_site_base_refresh_finish  (KeikaSiteBase       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Forgets the account's tokens, in the keyring and in memory (the end of
 * every sign-out). */
void               keika_site_base_forget_async    (KeikaSiteBase       *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean           keika_site_base_forget_finish   (KeikaSiteBase       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Sends @request (consumed) with the user's token (renewed once on a
 * refusal, where the site renews), or without one for a public read. */
void               keika_site_base_call_async      (KeikaSiteBase       *self,
                                                    KeikaHttpRequest    *request,
                                                    gboolean             with_token,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
/* (transfer full) */
KeikaHttpResponse *keika_site_base_call_finish     (KeikaSiteBase       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
