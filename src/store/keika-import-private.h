/* keika-import-private.h — the steps of an import, shared by
 * keika-transfer.c (reading the file, writing the changes, showing them) and
 * keika-import-plan.c (what the import would change)
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-transfer-private.h"

G_BEGIN_DECLS

/* Which export a file is. */
typedef enum
{
  SOURCE_MAL_XML,
  SOURCE_JSON,
} ImportSource;

/* One entry the import adds or updates. */
typedef struct
{
  /* (owned) (nullable) the stored entry it updates, as it was when planned
   * (for the synchronous import: the library's own object) */
  KeikaListEntry *base;
  /* (owned) what was written: a changed copy of @base, with its ids (the key
   * by which the library's entry is found), or a new entry, with the ids the
   * store gave it. Never in a library before import_apply(). */
  KeikaListEntry *entry;
} ImportChange;

/* Also takes NULL: a change already applied and freed. */
void      import_change_free (gpointer data);

/* One import, from the file read to the changes shown in the library. */
typedef struct
{
  ImportSource       source;
  GPtrArray         *parsed;       /* (owned) (nullable) KeikaListEntry from the file */
  /* (owned) (nullable) what to match against; NULL: what the store holds,
   * loaded inside the write transaction */
  GPtrArray         *existing;
  GCancellable      *cancellable;  /* (owned) (nullable) */
  KeikaImportReport *report;       /* (owned) */
  GPtrArray         *changes;      /* (owned) (nullable) ImportChange, once planned */
  gboolean           appended;     /* the new entries are in the library */
  guint              n_applied;    /* changes shown in the library so far */
  KeikaImportFlags   flags;
  /* (owned) (nullable) the report as the parser left it, before a plan
   * added to it: each plan starts again from a copy */
  KeikaImportReport *parse_report;
  /* A look before writing (a preview): the plan writes the lines, the
   * entries of the file are left as they are, and "already up to date" is
   * counted without a line. */
  gboolean           describe;
  KeikaScoreFormat   score_format;
  GPtrArray         *lines[KEIKA_IMPORT_N_LINES];  /* (owned) (nullable) utf8, once described */
  /* (owned) (nullable) ImportChange: what was written, kept for an undo
   * once shown in the library (with a copy of each added entry as written) */
  GPtrArray         *undo;
} Import;

void      import_free        (Import         *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_free)

/* Reads and parses @file, and tells when it was made. Any thread.
 * (transfer full) */
Import   *import_read        (GFile          *file,
                              GCancellable   *cancellable,
                              GError        **error);
/* Plans and writes the import to @store in one transaction. */
gboolean  import_write       (Import         *import,
                              KeikaStore     *store,
                              GError        **error);
/* Shows a written import in @library until @deadline. */
gboolean  import_apply       (Import         *import,
                              KeikaLibrary   *library,
                              gint64          deadline);

/* Reads @file (or takes @import, read already), writes it in a worker and
 * shows it in @library; the task's source tag is @source_tag and it gives
 * the report. With @keep_undo, import_run_steal_undo() gives, once it is
 * done, what an undo needs (ImportChange, the added ones a copy). */
void      import_run_async   (KeikaStore          *store,
                              KeikaLibrary        *library,
                              GFile               *file,
                              Import              *import,
                              gboolean             keep_undo,
                              gpointer             source_tag,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
GPtrArray *import_run_steal_undo (GAsyncResult   *result);

/* Starts a new plan: the report as the parser left it, no lines. */
void      import_reset       (Import         *import);

/* Decides what the import changes, matching the file's entries against
 * import->existing, on private copies: nothing that it holds is changed.
 * Fills import->changes and the report's skips. */
void      import_plan        (Import         *import);

/* Counts the planned changes in the report: added and updated. */
void      import_count_changes (Import       *import);

/* Everything the user would see, not the local ids or "updated-at". */
gboolean  import_entry_equal (KeikaListEntry *a,
                              KeikaListEntry *b);

G_END_DECLS
