/* keika-transfer.h — import and export of the library
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "keika-library.h"
#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_TRANSFER_ERROR (keika_transfer_error_quark ())

typedef enum
{
  /* The file is not an export Keika reads (wrong root, not XML or JSON,
   * truncated). */
  KEIKA_TRANSFER_ERROR_INVALID,
  /* The file could not be read or written. */
  KEIKA_TRANSFER_ERROR_IO,
} KeikaTransferError;

GQuark keika_transfer_error_quark (void);

/* What an error says for the curious (the line and column of a damaged
 * file, what the parser said), apart from its message, which says in words
 * what is wrong and what to do. NULL when there is nothing more. */
const char *keika_transfer_error_get_details (const GError *error);

typedef enum
{
  KEIKA_EXPORT_FORMAT_MAL_XML,
  KEIKA_EXPORT_FORMAT_JSON,
} KeikaExportFormat;

/* What an import may do beyond adding and changing what the file says. By
 * default it does neither. */
typedef enum
{
  KEIKA_IMPORT_DEFAULT         = 0,
  /* Notes, tags and dates the library has and the file does not are
   * removed (by default they are kept). */
  KEIKA_IMPORT_REMOVE_MISSING  = 1 << 0,
  /* An entry changed here after the file was made is given the file's
   * values (by default it is left as it is). */
  KEIKA_IMPORT_REPLACE_NEWER   = 1 << 1,
} KeikaImportFlags;

typedef struct
{
  guint      added;
  guint      updated;
  /* Counted in @skipped too: the entries that already were as the file
   * says. */
  guint      unchanged;
  /* Left as they are: entries changed here after the file was made
   * (without KEIKA_IMPORT_REPLACE_NEWER). Counted in @skipped too. */
  guint      held_newer;
  /* Entries of which a note, tag or date the file lacks was kept (without
   * KEIKA_IMPORT_REMOVE_MISSING). They may be updated otherwise. */
  guint      kept_missing;
  /* When the file was made (Unix time), as far as it can be told: Keika's
   * export says so, MyAnimeList's names it in the file name; otherwise the
   * time the file was last written. 0 when unknown. */
  gint64     made_at;
  guint      skipped;
  /* One translated line per skipped anime: "“Title”: no MyAnimeList id". (owned) */
  GPtrArray *skip_reasons;
  /* One translated line per value of the file that was not imported as it
   * was given, naming the anime and what was kept instead: "“Title”: the
   * notes were cut to 2000 characters". A value that cannot be read at all
   * (a date that is no date) leaves a new entry without it and an updated
   * one as it was. Lines for entries that were skipped for another reason
   * can appear too. (owned) */
  GPtrArray *adjustments;
} KeikaImportReport;

void                keika_import_report_free     (KeikaImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaImportReport, keika_import_report_free)

/* Parses a MyAnimeList XML export (the <myanimelist> file, also gzipped
 * as MAL serves it) into new KeikaListEntry objects that are not in any store.
 * Entries that cannot be used are left out and counted in @report's skipped
 * with a reason. A file that is not a MAL export fails with
 * KEIKA_TRANSFER_ERROR_INVALID and a message that says what is wrong (line
 * and column for XML errors). (transfer full): GPtrArray of KeikaListEntry */
GPtrArray          *keika_mal_xml_parse          (const char         *data,
                                                  gsize               length,
                                                  KeikaImportReport **report,
                                                  GError            **error);

/* Parses Keika's own JSON export (see keika_export_to_bytes) the same way.
 * (transfer full): GPtrArray of KeikaListEntry */
GPtrArray          *keika_json_parse             (const char         *data,
                                                  gsize               length,
                                                  KeikaImportReport **report,
                                                  GError            **error);

/* Reads @file (MAL XML, gzipped MAL XML, or Keika JSON, told apart by
 * content), parses it and merges the entries into @store and @library as
 * keika_import_file() does, with @flags. (transfer full) */
KeikaImportReport  *keika_import_file_full       (KeikaStore         *store,
                                                  KeikaLibrary       *library,
                                                  GFile              *file,
                                                  KeikaImportFlags    flags,
                                                  GError            **error);

/* Reads @file (MAL XML, gzipped MAL XML, or Keika JSON, told apart by
 * content), parses it and merges the entries into @store and @library in
 * one store transaction: an entry whose anime has the same MAL id as one in
 * the library, or the same Keika id for a JSON export of
 * this library, updates it (counted as updated, or skipped when nothing
 * differs), others are added. Nothing is written when parsing fails.
 * (transfer full) */
KeikaImportReport  *keika_import_file            (KeikaStore         *store,
                                                  KeikaLibrary       *library,
                                                  GFile              *file,
                                                  GError            **error);

/* The same import without blocking the main loop, for files of thousands of
 * entries (keika_import_file holds it for 0.2–0.6 s with 10,000). Call it
 * from the thread that owns @store and @library (the main thread).
 *
 * A worker thread reads and parses the file, opens its own connection to
 * keika_store_get_path (@store), and there, in one transaction, loads the
 * stored entries, matches the file against them (not against @library,
 * whose objects it never touches) and writes the changes. Back in the
 * caller's main context the committed changes are shown in @library before
 * @callback runs: the new entries appended in one batch (one
 * "items-changed"), then the updated entries given the values that were
 * written, in idle steps of a few milliseconds so that no turn of the loop
 * stalls. An entry removed from @library, or edited in it, while the import
 * ran is left as it is: the later change is what the store holds. So is an
 * entry the import added that @library already holds when it is shown (the
 * library was loaded again from the store after the import was written):
 * it is not added twice. The report counts what was written.
 *
 * If reading, parsing or the transaction fails, or @cancellable is
 * cancelled before the transaction commits, nothing is written and
 * _finish() gives the error (G_IO_ERROR_CANCELLED for a cancellation).
 * An import that has committed is reported even when @cancellable was
 * cancelled afterwards. */
void                keika_import_file_async      (KeikaStore          *store,
                                                  KeikaLibrary        *library,
                                                  GFile               *file,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* (transfer full) (nullable): the report, or NULL with @error set */
KeikaImportReport  *keika_import_file_finish     (KeikaStore          *store,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* An import looked at before it is written: what it would add, change and
 * skip, and what it would do with each KeikaImportFlags. */
typedef struct _KeikaImportPreview KeikaImportPreview;

typedef enum
{
  /* The titles of the anime it would add. */
  KEIKA_IMPORT_LINES_ADD,
  /* What it would change, field by field: "Cowboy Bebop: score 10 → 6,
   * notes removed". */
  KEIKA_IMPORT_LINES_CHANGE,
  /* What it would change of entries changed here after the file was made,
   * which KEIKA_IMPORT_REPLACE_NEWER would replace. */
  KEIKA_IMPORT_LINES_NEWER,
  /* The notes, tags and dates that KEIKA_IMPORT_REMOVE_MISSING would
   * remove: "Cowboy Bebop: notes removed". */
  KEIKA_IMPORT_LINES_MISSING,
  /* Skipped, and why; not those already up to date. */
  KEIKA_IMPORT_LINES_SKIP,
  /* What was not imported as the file gave it (the report's adjustments). */
  KEIKA_IMPORT_LINES_ADJUST,
  KEIKA_IMPORT_N_LINES,
} KeikaImportLines;

/* Reads and parses @file and compares it with what @store holds, in a
 * worker thread on a connection of its own; nothing is written. Scores in
 * the lines are written in @score_format. */
void                keika_import_preview_async   (KeikaStore          *store,
                                                  GFile               *file,
                                                  KeikaScoreFormat     score_format,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* (transfer full) (nullable) */
KeikaImportPreview *keika_import_preview_finish  (KeikaStore          *store,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void                keika_import_preview_free    (KeikaImportPreview  *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaImportPreview, keika_import_preview_free)

GFile              *keika_import_preview_get_file   (KeikaImportPreview *preview);
/* The counts, as the import would be with KEIKA_IMPORT_DEFAULT.
 * (transfer none) */
const KeikaImportReport *keika_import_preview_get_report (KeikaImportPreview *preview);
/* (transfer none) (element-type utf8) */
GPtrArray          *keika_import_preview_get_lines  (KeikaImportPreview *preview,
                                                     KeikaImportLines    kind);
/* TRUE when the import would change nothing in the library whatever the
 * flags: it only adds, or nothing at all. */
gboolean            keika_import_preview_only_adds  (KeikaImportPreview *preview);

/* What an import replaced, to put back. */
typedef struct _KeikaImportUndo KeikaImportUndo;
void                keika_import_undo_free       (KeikaImportUndo     *undo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaImportUndo, keika_import_undo_free)

/* Writes the import of @preview with @flags, as keika_import_file_async()
 * does: compared again with what the store holds at that moment, inside the
 * write transaction. @preview can be freed once this returns. */
void                keika_import_commit_async    (KeikaStore          *store,
                                                  KeikaLibrary        *library,
                                                  KeikaImportPreview  *preview,
                                                  KeikaImportFlags     flags,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* (transfer full) (nullable): the report; @undo (out) (transfer full) what
 * to give keika_import_undo_async() to take the import back. */
KeikaImportReport  *keika_import_commit_finish   (KeikaStore          *store,
                                                  GAsyncResult        *result,
                                                  KeikaImportUndo    **undo,
                                                  GError             **error);

/* Takes back the import @undo came from, in one transaction: the entries it
 * added are removed and those it changed get their values back, except an
 * entry changed again since, which is left as it is (and counted). Then
 * the library shows it. */
void                keika_import_undo_async      (KeikaStore          *store,
                                                  KeikaLibrary        *library,
                                                  KeikaImportUndo     *undo,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* @n_kept (out) (optional): entries left as they are, as they changed
 * since the import. */
gboolean            keika_import_undo_finish     (KeikaStore          *store,
                                                  GAsyncResult        *result,
                                                  guint               *n_kept,
                                                  GError             **error);

/* Serialises @library. MAL XML follows the layout of MAL's own export so that
 * MAL can import it; entries without a MAL id are left out of it. JSON holds
 * every field Keika keeps. (transfer full) */
GBytes             *keika_export_to_bytes        (KeikaLibrary       *library,
                                                  KeikaExportFormat   format);
/* Writes the export to @file atomically (replace). */
gboolean            keika_export_file            (KeikaLibrary       *library,
                                                  KeikaExportFormat   format,
                                                  GFile              *file,
                                                  GError            **error);
/* From the file name: ".json" → JSON, anything else → MAL XML. */
KeikaExportFormat   keika_export_format_for_file (GFile              *file);

G_END_DECLS
