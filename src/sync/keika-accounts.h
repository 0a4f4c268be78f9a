/* keika-accounts.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "keika-account.h"
#include "keika-library.h"
#include "keika-store.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_ACCOUNTS (keika_accounts_get_type ())

G_DECLARE_FINAL_TYPE (KeikaAccounts, keika_accounts, KEIKA, ACCOUNTS, GObject)

/* The site accounts, a GListModel of KeikaAccount (one per site Keika can
 * sign in to), and when they sync: once the library is read, every 30
 * minutes while Keika runs, and whenever the network comes back or a few
 * minutes have passed while changes wait to be sent. The signal
 * "account-changed" (KeikaAccount) repeats each account's "changed".
 *
 * @settings holds the client ids and the redirect port; @store is NULL
 * when the library could not be opened (@store_error says why); until
 * keika_accounts_set_loading (FALSE), the library is still being read and
 * syncs wait for it. */
KeikaAccounts *keika_accounts_new              (GSettings      *settings,
                                                KeikaStore     *store,
                                                const GError   *store_error,
                                                KeikaLibrary   *library,
                                                gboolean        loading);

/* (nullable) (transfer none) */
KeikaAccount  *keika_accounts_get              (KeikaAccounts  *self,
                                                KeikaSite       site);
/* The library can no longer be used (it could not be read). */
void           keika_accounts_set_store_error  (KeikaAccounts  *self,
                                                const GError   *error);
gboolean       keika_accounts_get_loading      (KeikaAccounts  *self);
/* FALSE: the library is there; the claimed profiles are picked up and
 * synced once. */
void           keika_accounts_set_loading      (KeikaAccounts  *self,
                                                gboolean        loading);
/* The client id Keika signs in to @site with (the setting, else the one it
 * was built with), or NULL when it has none. (transfer full) */
char          *keika_accounts_dup_client_id    (KeikaAccounts  *self,
                                                KeikaSite       site);
/* Pulls each profile whose list was not pulled for 3 hours (unless a pull
 * was tried in the last 30 minutes and the network did not just come
 * back), then sends what waits; what the schedule runs. */
void           keika_accounts_sync_due         (KeikaAccounts  *self,
                                                gboolean        network_returned);
/* Sends what waits in the journal, if anything does. */
void           keika_accounts_push_pending     (KeikaAccounts  *self);

G_END_DECLS
