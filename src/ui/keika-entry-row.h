/* keika-entry-row.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "keika-list-entry.h"
#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_ENTRY_ROW (keika_entry_row_get_type ())

G_DECLARE_FINAL_TYPE (KeikaEntryRow, keika_entry_row, KEIKA, ENTRY_ROW, GtkWidget)

KeikaEntryRow  *keika_entry_row_new            (void);
KeikaListEntry *keika_entry_row_get_entry      (KeikaEntryRow  *self);
void            keika_entry_row_set_entry      (KeikaEntryRow  *self,
                                                KeikaListEntry *entry);
/* What the row shows, for tests. */
const char     *keika_entry_row_get_title_text    (KeikaEntryRow *self);
const char     *keika_entry_row_get_progress_text (KeikaEntryRow *self);
const char     *keika_entry_row_get_score_text    (KeikaEntryRow *self);
/* The cover, or a warning sign with the entry's sync problem as tooltip. */
GtkWidget      *keika_entry_row_get_cover          (KeikaEntryRow *self);
GtkWidget      *keika_entry_row_get_increment_button (KeikaEntryRow *self);
GtkWidget      *keika_entry_row_get_decrement_button (KeikaEntryRow *self);
/* The line under the title: the status (see "show-status"), then the
 * anime's summary. */
const char     *keika_entry_row_get_summary_text  (KeikaEntryRow *self);
GtkWidget      *keika_entry_row_get_title_label   (KeikaEntryRow *self);
GtkWidget      *keika_entry_row_get_score_label   (KeikaEntryRow *self);
GtkWidget      *keika_entry_row_get_progress_label (KeikaEntryRow *self);

/* "show-status": whether the row says the entry's status. A view of one
 * status does not repeat it on every row. TRUE by default. */
gboolean        keika_entry_row_get_show_status   (KeikaEntryRow *self);
void            keika_entry_row_set_show_status   (KeikaEntryRow *self,
                                                   gboolean       show_status);

G_END_DECLS
