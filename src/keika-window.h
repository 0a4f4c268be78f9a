/* keika-window.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "keika-library.h"
#include "keika-store.h"
#include "keika-transfer.h"
#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_WINDOW (keika_window_get_type ())

G_DECLARE_FINAL_TYPE (KeikaWindow, keika_window, KEIKA, WINDOW, AdwApplicationWindow)

KeikaWindow  *keika_window_new                  (KeikaApplication  *application);
KeikaLibrary *keika_window_get_library          (KeikaWindow       *self);
KeikaStore   *keika_window_get_store            (KeikaWindow       *self);

/* Marks the entry as changed now and commits it to the store. On failure the
 * user is told, the entry is given back the values the store holds so that
 * nothing shows a change that is not saved, and FALSE is returned. */
gboolean      keika_window_save_entry           (KeikaWindow       *self,
                                                 KeikaListEntry    *entry);
/* Deletes the entry and offers to undo it in a toast. */
void          keika_window_remove_entry         (KeikaWindow       *self,
                                                 KeikaListEntry    *entry);
/* Brings back an entry removed in this window while its toast shows. */
void          keika_window_undo_remove          (KeikaWindow       *self,
                                                 gint64             entry_id);
void          keika_window_open_editor          (KeikaWindow       *self,
                                                 KeikaListEntry    *entry);
/* Shows @entry, selected, in the list: the search is cleared and the view
 * switched to its status when they would hide it. */
void          keika_window_show_entry           (KeikaWindow       *self,
                                                 KeikaListEntry    *entry);

/* (transfer none): the toast, to dismiss it early with
 * keika_window_dismiss_toast() (never adw_toast_dismiss(): see
 * KeikaToastQueue) */
AdwToast     *keika_window_show_toast           (KeikaWindow       *self,
                                                 const char        *message);
void          keika_window_dismiss_toast        (KeikaWindow       *self,
                                                 AdwToast          *toast);
void          keika_window_show_error           (KeikaWindow       *self,
                                                 const char        *title,
                                                 const char        *message);
/* The same, with @details (nullable) the person may open: what a parser
 * said, for whoever helps them. */
void          keika_window_show_error_with_details (KeikaWindow    *self,
                                                    const char     *title,
                                                    const char     *message,
                                                    const char     *details);
/* The Details of an import: what it added, changed and skipped, and why. */
void          keika_window_show_import_report   (KeikaWindow       *self,
                                                 const KeikaImportReport *report);
/* The toast of a finished import of @file: what it did, with Undo
 * ("app.undo-import") when it changed anything and Details
 * ("app.import-details"), both with @serial as their target.
 * (transfer none) */
AdwToast     *keika_window_show_import_done     (KeikaWindow       *self,
                                                 GFile             *file,
                                                 const KeikaImportReport *report,
                                                 guint              serial);

G_END_DECLS
