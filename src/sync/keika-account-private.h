/* keika-account-private.h — between KeikaAccounts and its KeikaAccount
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-account.h"
#include "keika-accounts.h"

G_BEGIN_DECLS

/* @owner outlives the account (it holds it). */
KeikaAccount     *keika_account_new                (KeikaAccounts *owner,
                                                    KeikaSite      site);
/* Drops the profile, service and engine, and ends what runs. */
void              keika_account_shutdown           (KeikaAccount  *self);
/* Takes @profile (claimed) as the account's, read from the store at start. */
void              keika_account_resume             (KeikaAccount  *self,
                                                    KeikaProfile  *profile);
/* The library is there: the sync asked for meanwhile, or a first one. */
void              keika_account_library_loaded     (KeikaAccount  *self);
/* Monotonic time the last pull started. */
gint64            keika_account_get_pulled_at      (KeikaAccount  *self);
/* The client id or the redirect port changed. */
void              keika_account_settings_changed   (KeikaAccount  *self);

KeikaStore       *keika_accounts_get_store         (KeikaAccounts *self);
const GError     *keika_accounts_get_store_error   (KeikaAccounts *self);
KeikaLibrary     *keika_accounts_get_library       (KeikaAccounts *self);
guint             keika_accounts_get_redirect_port (KeikaAccounts *self);
/* A site service for @site, signed in as @account (the keyring account)
 * or not yet. (transfer full) */
KeikaSiteService *keika_accounts_new_service       (KeikaAccounts *self,
                                                    KeikaSite      site,
                                                    const char    *account);

G_END_DECLS
