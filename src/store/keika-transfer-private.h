/* keika-transfer-private.h — shared by the import and export files
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-transfer.h"

G_BEGIN_DECLS

/* An entry of a Keika JSON export carries the local id it had in the library
 * it was exported from. The parser keeps it on the new entry as object data
 * under this key (a gint64, owned), never as the entry's "id", which must stay
 * 0 for an entry that is not in a store. */
#define KEIKA_TRANSFER_EXPORT_ID_KEY "keika-transfer-export-id"

/* (transfer full) */
/* Gives a KEIKA_TRANSFER_ERROR its details (keika_transfer_error_get_details()). */
void               keika_transfer_error_set_details (GError           *error,
                                                     const char       *details);

KeikaImportReport *keika_import_report_new       (void);
void               keika_import_report_skip      (KeikaImportReport  *report,
                                                  const char         *format,
                                                  ...) G_GNUC_PRINTF (2, 3);
/* Adds a line to @report's adjustments. */
void               keika_import_report_adjust    (KeikaImportReport  *report,
                                                  const char         *format,
                                                  ...) G_GNUC_PRINTF (2, 3);
/* Says how @entry's progress and status differ from the @status and
 * @progress that were set on it, in that order: the model lowers a progress
 * above a known episode count, and completes an entry that reaches it.
 * @title names the entry. */
void               keika_import_report_progress  (KeikaImportReport  *report,
                                                  const char         *title,
                                                  KeikaListEntry     *entry,
                                                  KeikaStatus         status,
                                                  guint               progress);

/* Replaces what in @data is not UTF-8 text (a damaged download) and says
 * so in @report: @data itself when it is all text, else a mended copy kept
 * in @mended. @length follows. */
const char        *keika_import_mend_text        (const char         *data,
                                                  gsize              *length,
                                                  char              **mended,
                                                  gsize              *n_mended);
void               keika_import_report_mended    (KeikaImportReport  *report,
                                                  gsize               n_mended);

/* Values of a file entry that could not be read at all. The parser marks
 * them on the new entry (as object data), so that an import that updates an
 * entry leaves those values as they were instead of clearing them. */
typedef enum
{
  KEIKA_TRANSFER_UNUSABLE_SCORE       = 1 << 0,
  KEIKA_TRANSFER_UNUSABLE_START_DATE  = 1 << 1,
  KEIKA_TRANSFER_UNUSABLE_FINISH_DATE = 1 << 2,
} KeikaTransferUnusable;

void               keika_transfer_mark_unusable  (KeikaListEntry        *entry,
                                                  KeikaTransferUnusable  fields);
KeikaTransferUnusable keika_transfer_get_unusable (KeikaListEntry       *entry);

/* Setters for the parsers, on a new entry whose anime is complete: each
 * sets the value of the file and adds a line to @report, naming the entry's
 * title, when the value stored is not the one the file gave. */

/* Status, then progress: the progress is lowered to a known episode count,
 * and reaching that count completes the entry. */
void               keika_transfer_set_status_progress (KeikaImportReport *report,
                                                       KeikaListEntry    *entry,
                                                       KeikaStatus        status,
                                                       guint              progress);
/* @date is a fuzzy date, or MAL's form of one ("2020-05-00", "0000-00-00"
 * for unknown). One that is no valid date is left unknown and marked
 * unusable. */
void               keika_transfer_set_start_date  (KeikaImportReport  *report,
                                                   KeikaListEntry     *entry,
                                                   const char         *date);
void               keika_transfer_set_finish_date (KeikaImportReport  *report,
                                                   KeikaListEntry     *entry,
                                                   const char         *date);
/* Notes longer than KEIKA_NOTES_MAX_CHARS are cut. */
void               keika_transfer_set_notes      (KeikaImportReport  *report,
                                                  KeikaListEntry     *entry,
                                                  const char         *notes);
/* The title an import's messages use for @entry. */
const char        *keika_transfer_entry_title    (KeikaListEntry     *entry);

/* TRUE when @data starts with the gzip magic bytes. */
gboolean           keika_transfer_is_gzip        (const char         *data,
                                                  gsize               length);
/* The local id an entry had in the library it was exported from; 0 when it
 * did not come from a Keika JSON export. */
gint64             keika_transfer_get_export_id  (KeikaListEntry     *entry);

/* For tests: @func runs in the caller's main context when the worker of
 * keika_import_file_async() has committed the import, just before the
 * import is shown in the library, so that a test can change the library at
 * that moment. NULL removes it. Set it from the main thread while no import
 * runs. */
typedef void     (*KeikaImportCommittedFunc)     (KeikaLibrary       *library,
                                                  gpointer            user_data);
void               keika_transfer_set_committed_hook (KeikaImportCommittedFunc func,
                                                      gpointer                 user_data);

/* The writers behind keika_export_to_bytes(). (transfer full) */
GBytes            *keika_mal_xml_write           (KeikaLibrary       *library);
GBytes            *keika_json_write              (KeikaLibrary       *library);

G_END_DECLS
