/* keika-oauth.h — OAuth helpers and the loopback redirect handler
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A fresh `state`: 256 bits from the kernel's CSPRNG (getrandom(2)),
 * base64url without padding (43 characters). (transfer full) */
char       *keika_oauth_new_state              (void);
/* A fresh PKCE code verifier: 86 characters from [A-Za-z0-9_-], within
 * RFC 7636's 43–128 from A-Z a-z 0-9 - . _ ~; 512 bits of randomness.
 * (transfer full) */
char       *keika_oauth_new_code_verifier      (void);

typedef enum
{
  /* code_challenge = verifier; the only method MyAnimeList accepts. */
  KEIKA_OAUTH_CHALLENGE_PLAIN,
  /* code_challenge = base64url (SHA-256 (verifier)). */
  KEIKA_OAUTH_CHALLENGE_S256,
} KeikaOAuthChallengeMethod;

/* (transfer full) */
char       *keika_oauth_code_challenge         (const char                *verifier,
                                                KeikaOAuthChallengeMethod  method);
/* "plain" or "S256", for code_challenge_method. */
const char *keika_oauth_challenge_method_name  (KeikaOAuthChallengeMethod  method);

typedef enum
{
  /* Authorization-code grant: the redirect brings ?code=…&state=… */
  KEIKA_OAUTH_REDIRECT_QUERY,
  /* Implicit grant (AniList): the token is in the URL fragment, which the
   * browser never sends. /callback then serves a small page whose script
   * posts location.hash back to /token on the same server (and removes it
   * from the address bar); the parameters are checked there as below, with
   * access_token in place of code. */
  KEIKA_OAUTH_REDIRECT_FRAGMENT,
} KeikaOAuthRedirectMode;

#define KEIKA_TYPE_OAUTH_SERVER (keika_oauth_server_get_type ())

G_DECLARE_FINAL_TYPE (KeikaOAuthServer, keika_oauth_server, KEIKA, OAUTH_SERVER, GObject)

/* The loopback redirect handler of one sign-in.
 *
 * keika_oauth_server_new() listens at once on 127.0.0.1 only (never another
 * address, never IPv6 any) at @port, so the redirect URI is known before
 * the browser opens; 0 picks a free port (tests). It answers only GET
 * /callback (and, in fragment mode, POST /token); any other path is a 404.
 *
 * A redirect whose `state` is missing or differs from the expected one is
 * refused with a 400 page and does NOT end the wait: a stray or forged
 * request (another local program, a web page aiming at the port) can
 * neither complete nor abort the sign-in; the real redirect still can,
 * until the timeout. The Host header must name the loopback address (a
 * guard against DNS rebinding). A redirect with the right state then ends
 * the wait:
 *  - with the code (or access_token): a page tells the user, in their
 *    language, that they can return to Keika;
 *  - error=access_denied: KEIKA_ERROR_ACCESS_DENIED;
 *  - any other error, or no code: KEIKA_ERROR_SIGN_IN_FAILED (400 page).
 * The wait also ends on timeout (5 minutes by default;
 * KEIKA_ERROR_TIMED_OUT) or cancellation (G_IO_ERROR_CANCELLED).
 *
 * Whatever the end, the server then closes (after the last page was sent)
 * and refuses connections; it serves exactly one sign-in. Nothing it logs
 * contains a code, token or state. */
KeikaOAuthServer *keika_oauth_server_new             (const char              *site_name,
                                                      guint                    port,
                                                      KeikaOAuthRedirectMode   mode,
                                                      GError                 **error);
guint             keika_oauth_server_get_port        (KeikaOAuthServer        *self);
/* "http://127.0.0.1:PORT/callback". (transfer full) */
char             *keika_oauth_server_dup_redirect_uri (KeikaOAuthServer       *self);
/* Before keika_oauth_server_wait_async(); default 300 000 ms. */
void              keika_oauth_server_set_timeout     (KeikaOAuthServer        *self,
                                                      guint                    timeout_ms);
/* Closes now: no more connections. Also done on dispose. */
void              keika_oauth_server_close           (KeikaOAuthServer        *self);
gboolean          keika_oauth_server_is_open         (KeikaOAuthServer        *self);

/* Waits for the redirect of the sign-in whose state is @expected_state
 * (must not be NULL). Call once per server. */
void              keika_oauth_server_wait_async      (KeikaOAuthServer        *self,
                                                      const char              *expected_state,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
/* The code (query mode) or access_token (fragment mode). @params, if not
 * NULL, receives every parameter of the redirect (string → string; e.g.
 * expires_in). The result is a secret: never log it. (transfer full) */
char             *keika_oauth_server_wait_finish     (KeikaOAuthServer        *self,
                                                      GAsyncResult            *result,
                                                      GHashTable             **params,
                                                      GError                 **error);

G_END_DECLS
