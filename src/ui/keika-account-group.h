/* keika-account-group.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "keika-application.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_ACCOUNT_GROUP (keika_account_group_get_type ())

G_DECLARE_FINAL_TYPE (KeikaAccountGroup, keika_account_group, KEIKA, ACCOUNT_GROUP, AdwPreferencesGroup)

/* The account of one site in the preferences: sign in (with the help to
 * register a client id when there is none), the signed-in name, the last
 * sync, Sync Now and Sign Out. It shows the state kept by @application. */
KeikaAccountGroup *keika_account_group_new (KeikaApplication *application,
                                            KeikaSite         site);
/* TRUE until the group leaves its window: then it lets go of the
 * application, its settings and its refresh. */
gboolean           keika_account_group_is_attached (KeikaAccountGroup *self);

G_END_DECLS
