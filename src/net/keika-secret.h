/* keika-secret.h — tokens in the keyring, and nowhere else
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/* Tokens live in the user's keyring through libsecret (the Secret Service,
 * or in Flatpak the secret portal, which libsecret picks by itself), under
 * one schema "io.github.keika.Keika.Token" with two string attributes:
 * "site" (a stable id such as "myanimelist") and "account" (the user name
 * or id on that site). Nothing here logs a secret.
 *
 * Errors: G_IO_ERROR_CANCELLED, or KEIKA_ERROR_KEYRING when the keyring is
 * missing, locked or fails. */

const SecretSchema *keika_secret_get_schema   (void);

/* Stores (or replaces) the secret, labelled "Keika: @site_name token for
 * @account" in the keyring's own user interface. */
void      keika_secret_store_async            (const char          *site,
                                               const char          *site_name,
                                               const char          *account,
                                               const char          *secret,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  keika_secret_store_finish           (GAsyncResult        *result,
                                               GError             **error);

void      keika_secret_lookup_async           (const char          *site,
                                               const char          *account,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* The secret, or NULL without an error when there is none. Free it with
 * keika_secret_free(), which wipes the memory. (transfer full) */
char     *keika_secret_lookup_finish          (GAsyncResult        *result,
                                               GError             **error);
void      keika_secret_free                   (char                *secret);

/* Deletes the secret (sign-out). Succeeds also when there was none. */
void      keika_secret_clear_async            (const char          *site,
                                               const char          *account,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  keika_secret_clear_finish           (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
