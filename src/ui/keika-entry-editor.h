/* keika-entry-editor.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "keika-list-entry.h"
#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_ENTRY_EDITOR (keika_entry_editor_get_type ())

G_DECLARE_FINAL_TYPE (KeikaEntryEditor, keika_entry_editor, KEIKA, ENTRY_EDITOR, AdwWindow)

/* Edits @entry; every change is saved through keika_window_save_entry() as
 * it is made (text fields when they are applied, lose focus, or the editor
 * closes). */
KeikaEntryEditor *keika_entry_editor_new (KeikaWindow    *window,
                                          KeikaListEntry *entry);
/* Moves the focus to the score control (after a completion's Score…). */
void              keika_entry_editor_focus_score (KeikaEntryEditor *self);

G_END_DECLS
