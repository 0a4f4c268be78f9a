/* keika-import-dialog.h — what an import will do, before it is written
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "keika-transfer.h"

G_BEGIN_DECLS

/* An AdwMessageDialog on @parent that says what the import of @preview
 * will add, change and skip, lists it, and offers the choices of
 * KeikaImportFlags that matter for it. Its responses are "cancel" and
 * "import". @preview must outlive the dialog. */
GtkWidget        *keika_import_dialog_new       (GtkWindow          *parent,
                                                 KeikaImportPreview *preview);
/* The choices made in @dialog. */
KeikaImportFlags  keika_import_dialog_get_flags (GtkWidget          *dialog);

G_END_DECLS
