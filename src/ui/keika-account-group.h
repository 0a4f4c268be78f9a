/* keika-account-group.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "keika-account.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_ACCOUNT_GROUP (keika_account_group_get_type ())

G_DECLARE_FINAL_TYPE (KeikaAccountGroup, keika_account_group, KEIKA, ACCOUNT_GROUP, AdwPreferencesGroup)

/* The account of one site in the preferences: sign in (with the help to
 * register a client id when there is none), the signed-in name, the last
 * sync, when the sign-in ends, the switch "Send my changes here", Sync Now
 * and Sign Out. It shows @account and acts through @app_actions (the
 * application's actions: sign-in, sync-account, send-changes, …). */
KeikaAccountGroup *keika_account_group_new (KeikaAccount *account,
                                            GActionGroup *app_actions);
/* TRUE until the group leaves its window: then it lets go of the account,
 * its settings and its refresh. */
gboolean           keika_account_group_is_attached (KeikaAccountGroup *self);

G_END_DECLS
