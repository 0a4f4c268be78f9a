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
} Import;

/* Decides what the import changes, matching the file's entries against
 * import->existing, on private copies: nothing that it holds is changed.
 * Fills import->changes and the report's skips. */
void      import_plan        (Import         *import);

/* Everything the user would see, not the local ids or "updated-at". */
gboolean  import_entry_equal (KeikaListEntry *a,
                              KeikaListEntry *b);

G_END_DECLS
