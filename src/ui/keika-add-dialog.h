/* keika-add-dialog.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_ADD_DIALOG (keika_add_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KeikaAddDialog, keika_add_dialog, KEIKA, ADD_DIALOG, AdwWindow)

/* Asks for a title, a format, the number of episodes and a status, and adds
 * the anime to @window's library. */
KeikaAddDialog *keika_add_dialog_new (KeikaWindow *window);

G_END_DECLS
