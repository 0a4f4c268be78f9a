/* keika-token-keeper.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "keika-net.h"

G_BEGIN_DECLS

/* A sign-in's tokens. The strings are secrets: keika_tokens_free() wipes
 * them. */
typedef struct
{
  char   *access_token;   /* (owned) */
  char   *refresh_token;  /* (owned) (nullable) */
  gint64  expires_at;     /* Unix seconds; 0 = unknown */
  gint64  lifetime;       /* of the access token, in seconds; 0 = unknown */
} KeikaTokens;

/* (transfer full) */
KeikaTokens *keika_tokens_new             (const char   *access_token,
                                           const char   *refresh_token,
                                           gint64        expires_at,
                                           gint64        lifetime);
void         keika_tokens_free            (KeikaTokens  *tokens);
/* An OAuth 2 token answer, {access_token, refresh_token, expires_in};
 * @default_lifetime when it gives no expires_in. Fails with
 * KEIKA_ERROR_MALFORMED for @site_name. (transfer full) */
KeikaTokens *keika_tokens_new_from_answer (const KeikaJsonValue  *root,
                                           gint64                 default_lifetime,
                                           const char            *site_name,
                                           GError               **error);
/* What the keyring keeps, one JSON object
 * {access_token, refresh_token, expires_at, lifetime}, and back; NULL when
 * the secret is not readable. (transfer full) */
char        *keika_tokens_to_secret       (const KeikaTokens *tokens);
KeikaTokens *keika_tokens_from_secret     (const char   *secret);

/* Frees a string that held a secret, overwriting it first. */
void         keika_wipe_free              (char         *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaTokens, keika_tokens_free)

#define KEIKA_TYPE_TOKEN_KEEPER (keika_token_keeper_get_type ())

G_DECLARE_FINAL_TYPE (KeikaTokenKeeper, keika_token_keeper, KEIKA, TOKEN_KEEPER, GObject)

/* What every site that signs in needs, written once: the tokens of one
 * account, read from the keyring when first needed; renewed with the
 * refresh token (OAuth 2 refresh grant) before they expire, one renewal
 * shared by every call waiting for a token; a call sent with the token and
 * sent once more, with a renewed one, when the site refuses it as invalid.
 * The tokens live in memory and the keyring only. */

/* @secret_site names the keyring items (keika-secret.h); @site_name is the
 * site in messages. @client may be given later, before the first call. */
KeikaTokenKeeper *keika_token_keeper_new            (const char          *secret_site,
                                                     const char          *site_name,
                                                     KeikaHttpClient     *client);
void              keika_token_keeper_set_http_client (KeikaTokenKeeper   *self,
                                                      KeikaHttpClient    *client);

/* Where and how access tokens are renewed: a form POST to @token_url with
 * grant_type=refresh_token, the refresh token and, when given, @client_id.
 * A NULL @token_url: tokens are not renewed (they last until they expire). */
void              keika_token_keeper_set_renewal    (KeikaTokenKeeper    *self,
                                                     const char          *token_url,
                                                     const char          *client_id);

/* Whether a 401 with a bare "WWW-Authenticate: Bearer" challenge (no
 * error=) also means the token was refused, so that it is renewed and the
 * request sent once more. By default only error="invalid_token" does
 * (RFC 6750, MyAnimeList); Kitsu answers an expired token with a bare
 * challenge. A 401 without any Bearer challenge is never taken for one. */
void              keika_token_keeper_set_bare_challenge_refuses (KeikaTokenKeeper *self,
                                                                 gboolean          refuses);

/* The keyring account of the sign-in, or NULL for none. Setting another
 * one forgets the tokens in memory (they are read again when needed);
 * returns whether it changed. */
const char       *keika_token_keeper_get_account    (KeikaTokenKeeper    *self);
gboolean          keika_token_keeper_set_account    (KeikaTokenKeeper    *self,
                                                     const char          *account);

/* Uses copies of @tokens (or none) in memory, for the account set now;
 * whatever was being loaded or renewed is ignored when it ends. */
void              keika_token_keeper_set_tokens     (KeikaTokenKeeper    *self,
                                                     const KeikaTokens   *tokens);
/* When the access token in memory expires (0 when unknown or none). */
gint64            keika_token_keeper_get_expires_at (KeikaTokenKeeper    *self);

/* Keeps @tokens in the keyring for @account (a sign-in; the caller then
 * sets the account and the tokens). */
void              keika_token_keeper_save_async     (KeikaTokenKeeper    *self,
                                                     const char          *account,
                                                     const KeikaTokens   *tokens,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean          keika_token_keeper_save_finish    (KeikaTokenKeeper    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Forgets the tokens, in memory at once and then in the keyring (a
 * sign-out). */
void              keika_token_keeper_forget_async   (KeikaTokenKeeper    *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean          keika_token_keeper_forget_finish  (KeikaTokenKeeper    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* An access token to send; @stale is one the site refused (renewed unless
 * a newer one is there already); @force renews in any case. Fails with
 * KEIKA_ERROR_SIGNED_OUT when there is no usable token. */
void              keika_token_keeper_get_token_async (KeikaTokenKeeper   *self,
                                                      const char         *stale,
                                                      gboolean            force,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
/* (transfer full): free with keika_wipe_free() */
char             *keika_token_keeper_get_token_finish (KeikaTokenKeeper  *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);

/* Sends @request with the access token as bearer; when the site refuses it
 * as invalid (401, invalid_token), renews it and sends once more. */
void              keika_token_keeper_call_async     (KeikaTokenKeeper    *self,
                                                     KeikaHttpRequest    *request,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* With @with_token, keika_token_keeper_call_async(); without, @request goes
 * as it is (a public read) through the keeper's client. Either way it
 * finishes with keika_token_keeper_call_finish(). */
void              keika_token_keeper_send_async     (KeikaTokenKeeper    *self,
                                                     KeikaHttpRequest    *request,
                                                     gboolean             with_token,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* (transfer full) */
KeikaHttpResponse *keika_token_keeper_call_finish   (KeikaTokenKeeper    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
