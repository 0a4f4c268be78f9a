/* keika-browser-sign-in.h — one sign-in through the browser and the
 * loopback redirect handler, or through a pasted address
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-net.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_BROWSER_SIGN_IN (keika_browser_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (KeikaBrowserSignIn, keika_browser_sign_in, KEIKA, BROWSER_SIGN_IN, GObject)

/* What the sites that sign in through a browser share (MyAnimeList's
 * authorization code, AniList's implicit grant): a fresh `state`, the
 * loopback handler listening on @port (0: any free port), and the two ways
 * the answer comes back — the handler, or what the person pasted.
 *
 * When @port is taken and @fallback_redirect_uri is given, the sign-in
 * still begins (the browser can show the address to paste) and a wait fails
 * at once with KEIKA_ERROR_PORT_IN_USE; otherwise new() fails with it.
 * A site adds its own parameters to the authorization URL (client id,
 * PKCE challenge) and keeps what else it needs (the verifier). */
KeikaBrowserSignIn *keika_browser_sign_in_new             (const char              *site_name,
                                                          guint                    port,
                                                          KeikaOAuthRedirectMode   mode,
                                                          const char              *fallback_redirect_uri,
                                                          GError                 **error);
/* The state to send (a secret: never log it). */
const char         *keika_browser_sign_in_get_state      (KeikaBrowserSignIn      *self);
const char         *keika_browser_sign_in_get_redirect_uri (KeikaBrowserSignIn    *self);
/* The port the handler listens on, 0 when it could not. */
guint               keika_browser_sign_in_get_port       (KeikaBrowserSignIn      *self);
/* Stops a wait (it fails with G_IO_ERROR_CANCELLED) and closes the handler;
 * the sign-in is over. */
void                keika_browser_sign_in_close          (KeikaBrowserSignIn      *self);

/* Appends "?name=value" or "&name=value", the value escaped. */
void                keika_browser_sign_in_append_param   (GString                 *url,
                                                          const char              *name,
                                                          const char              *value);

/* With @pasted NULL, waits for the browser's redirect (once at a time);
 * with what the person pasted — the code or token alone, or the whole
 * address the browser ended on, with the state as sent — reads that and
 * closes the handler. Finishes with the code (query mode) or access token
 * (fragment mode), a secret to free with keika_wipe_free(); @params, if not
 * NULL, gets every parameter of the answer (expires_in…).
 * Errors: KEIKA_ERROR_ACCESS_DENIED, KEIKA_ERROR_SIGN_IN_FAILED (a wrong
 * state, no code, a wait that already ended), KEIKA_ERROR_PORT_IN_USE,
 * KEIKA_ERROR_TIMED_OUT, G_IO_ERROR_PENDING (a wait is running),
 * G_IO_ERROR_CANCELLED. */
void                keika_browser_sign_in_wait_async     (KeikaBrowserSignIn      *self,
                                                          const char              *pasted,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
char               *keika_browser_sign_in_wait_finish    (KeikaBrowserSignIn      *self,
                                                          GAsyncResult            *result,
                                                          GHashTable             **params,
                                                          GError                 **error);

G_END_DECLS
