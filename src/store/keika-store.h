/* keika-store.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "keika-library.h"
#include "keika-list-entry.h"
#include "keika-profile.h"
#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_STORE_ERROR (keika_store_error_quark ())

typedef enum
{
  /* The file was written by a newer Keika; it is left untouched. */
  KEIKA_STORE_ERROR_NEWER_VERSION,
  /* The file is not a database or is damaged; it is left untouched. */
  KEIKA_STORE_ERROR_CORRUPT,
  /* Any other SQLite failure (disk full, read-only, locked). */
  KEIKA_STORE_ERROR_FAILED,
  /* The entry is not in the store. */
  KEIKA_STORE_ERROR_NOT_FOUND,
} KeikaStoreError;

GQuark keika_store_error_quark (void);

#define KEIKA_TYPE_STORE (keika_store_get_type ())

G_DECLARE_FINAL_TYPE (KeikaStore, keika_store, KEIKA, STORE, GObject)

/* One SQLite connection to one file, in WAL mode with foreign keys on. The
 * schema is versioned with PRAGMA user_version and migrated on open, inside a
 * transaction. A database from a newer version, or one that is not a valid
 * database, gives an error and is never written to.
 *
 * Every write below is one transaction: it either happens whole or not at
 * all, and when it returns TRUE it has been committed. Edits to an entry that
 * is linked to claimed profiles also add one journal row per such profile in
 * the same transaction.
 *
 * A store is used from the thread that opened it. */

/* The default location: g_get_user_data_dir()/keika/keika.db. (transfer full) */
char           *keika_store_dup_default_path     (void);

KeikaStore     *keika_store_open                 (const char      *path,
                                                  GError         **error);
const char     *keika_store_get_path             (KeikaStore      *self);
/* The schema version this build writes. */
guint           keika_store_get_schema_version   (void);

/* Reads every entry with its anime, in one read transaction. (transfer full) */
GPtrArray      *keika_store_load_entries         (KeikaStore      *self,
                                                  GError         **error);
/* Reads one entry with its anime; KEIKA_STORE_ERROR_NOT_FOUND when there is
 * none with that id. (transfer full) */
KeikaListEntry *keika_store_load_entry           (KeikaStore      *self,
                                                  gint64           entry_id,
                                                  GError         **error);
/* Reads every entry in a worker thread, on a connection of its own, and
 * gives them to the calling thread; the search keys are built there too.
 * Nothing of @self is touched by the worker. */
void            keika_store_load_entries_async   (KeikaStore           *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/* (transfer full): GPtrArray of KeikaListEntry */
GPtrArray      *keika_store_load_entries_finish  (KeikaStore           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* Loads every entry into @library (keika_library_replace_all). */
gboolean        keika_store_load_library         (KeikaStore      *self,
                                                  KeikaLibrary    *library,
                                                  GError         **error);

/* Inserts the entry and its anime (or reuses a stored anime with the same id
 * or the same MAL/AniList/Kitsu/AniTrack id), sets their "id"s. */
gboolean        keika_store_add_entry            (KeikaStore      *self,
                                                  KeikaListEntry  *entry,
                                                  GError         **error);
/* Writes every field of the entry and of its anime. */
gboolean        keika_store_save_entry           (KeikaStore      *self,
                                                  KeikaListEntry  *entry,
                                                  GError         **error);
/* Deletes the entry (not its anime). keika_store_add_entry() on the same
 * object afterwards brings it back with the same id (used by undo). */
gboolean        keika_store_delete_entry         (KeikaStore      *self,
                                                  KeikaListEntry  *entry,
                                                  GError         **error);

/* Runs @func inside one transaction; if it returns FALSE (setting @error), the
 * transaction is rolled back and nothing it wrote remains. Nested calls join
 * the outer transaction. */
typedef gboolean (*KeikaStoreTransactionFunc) (KeikaStore  *store,
                                               gpointer     user_data,
                                               GError     **error);
gboolean        keika_store_run_transaction      (KeikaStore                 *self,
                                                  KeikaStoreTransactionFunc   func,
                                                  gpointer                    user_data,
                                                  GError                    **error);

/* Profiles and the journal. Later issues fill these; the foundation keeps the
 * tables and the journal writes so that no edit is ever missed. */
gboolean        keika_store_add_profile          (KeikaStore      *self,
                                                  KeikaProfile    *profile,
                                                  GError         **error);
/* Links an entry to a profile's site entry (site_entry_id as the site names it). */
gboolean        keika_store_link_entry           (KeikaStore      *self,
                                                  KeikaListEntry  *entry,
                                                  KeikaProfile    *profile,
                                                  const char      *site_entry_id,
                                                  GError         **error);
/* Number of journal rows waiting, for all profiles. */
guint           keika_store_count_journal        (KeikaStore      *self,
                                                  GError         **error);

G_END_DECLS
