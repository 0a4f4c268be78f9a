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

/* Sync (used by sync/, which knows the sites; the store does not)
 *
 * A journal row is pending until the sync engine marks it done (it is then
 * deleted and its link's snapshot advanced, in one transaction) or failed
 * (attempts + 1 and the error kept; a permanent failure, one the site will
 * refuse again, sets "failed": the row is then shown on the entry and not
 * pushed again until keika_store_journal_retry()). A write that fails
 * leaves the row as it was: nothing is ever lost from the journal.
 *
 * Snapshots are opaque text to the store (JSON written by the engine). */
typedef enum
{
  KEIKA_JOURNAL_OP_UPDATE,
  KEIKA_JOURNAL_OP_DELETE,
} KeikaJournalOp;

typedef struct
{
  gint64          id;
  gint64          profile_id;
  gint64          entry_id;
  gint64          site_anime_id;   /* the anime's id on the profile's site, 0 = unknown */
  char           *site_entry_id;   /* (nullable) */
  KeikaJournalOp  op;
  char           *changed_fields;  /* (nullable) property names, comma-separated */
  gint64          created_at;
  guint           attempts;
  char           *last_error;      /* (nullable) */
  gboolean        failed;          /* permanent failure */
  char           *refused_fields;  /* (nullable) JSON object: field name → what the
                                    * site said about it, when it refused it */
} KeikaJournalItem;

void            keika_journal_item_free          (KeikaJournalItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaJournalItem, keika_journal_item_free)

/* One link of a profile, for the merge. */
typedef struct
{
  gint64  entry_id;
  gint64  site_anime_id;
  char   *site_entry_id;  /* (nullable) */
  char   *snapshot;       /* (nullable) never synced */
  gint64  synced_at;
  guint   n_pending;      /* journal rows of this entry for this profile */
  gint64  last_change;    /* max of the entry's updated_at and its rows' created_at */
  guint   episodes;       /* the anime's episode count in the library, 0 = unknown */
} KeikaLinkInfo;

void            keika_link_info_free             (KeikaLinkInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaLinkInfo, keika_link_info_free)

typedef struct
{
  gint64    id;          /* its index among the link's conflicts */
  gint64    entry_id;
  gint64    profile_id;
  char     *local;       /* JSON of the local side */
  char     *remote;      /* (nullable) JSON of the site's side; NULL: gone from the site */
  gboolean  remote_won;
  gint64    created_at;
} KeikaConflict;

void            keika_conflict_free              (KeikaConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaConflict, keika_conflict_free)

/* Which journal rows keika_store_list_journal() gives. */
typedef enum
{
  KEIKA_JOURNAL_LIST_PENDING,  /* the ones a push sends */
  KEIKA_JOURNAL_LIST_ALL,      /* pending and failed */
  KEIKA_JOURNAL_LIST_FAILED,   /* the ones the site refused for good */
} KeikaJournalList;

/* The journal rows of a profile, oldest first.
 * (transfer full) (element-type KeikaJournalItem) */
GPtrArray      *keika_store_list_journal         (KeikaStore      *self,
                                                  gint64           profile_id,
                                                  KeikaJournalList which,
                                                  GError         **error);
/* The same, of one entry. */
GPtrArray      *keika_store_list_entry_journal   (KeikaStore      *self,
                                                  gint64           profile_id,
                                                  gint64           entry_id,
                                                  KeikaJournalList which,
                                                  GError         **error);
/* Deletes the row; for an update, sets the link's snapshot (when not NULL)
 * and synced_at. One transaction. A row already gone is no error. */
gboolean        keika_store_journal_done         (KeikaStore      *self,
                                                  gint64           journal_id,
                                                  const char      *snapshot,
                                                  gint64           synced_at,
                                                  GError         **error);
gboolean        keika_store_journal_failed       (KeikaStore      *self,
                                                  gint64           journal_id,
                                                  const char      *message,
                                                  const char      *refused_fields,
                                                  gboolean         permanent,
                                                  GError         **error);
/* Clears "failed" so that the next push tries the row again. */
gboolean        keika_store_journal_retry        (KeikaStore      *self,
                                                  gint64           journal_id,
                                                  GError         **error);
/* Adds an update row for one linked profile (the merge's "local wins"). */
gboolean        keika_store_journal_update       (KeikaStore      *self,
                                                  gint64           entry_id,
                                                  gint64           profile_id,
                                                  const char      *changed_fields,
                                                  GError         **error);
/* Narrows an update row to @changed_fields; NULL or "" deletes the row (a
 * change the site's newer values replaced: nothing is left to send). */
gboolean        keika_store_journal_set_fields   (KeikaStore      *self,
                                                  gint64           journal_id,
                                                  const char      *changed_fields,
                                                  GError         **error);
/* Drops every pending row of the row's entry for the row's profile and, when
 * @restored is given (the entry set back to the snapshot by the caller),
 * writes it, journalling it for the other claimed profiles only. */
gboolean        keika_store_discard_change       (KeikaStore      *self,
                                                  gint64           journal_id,
                                                  KeikaListEntry  *restored,
                                                  GError         **error);
/* Removes the link and the profile's pending rows for the entry; the entry
 * stays in the library, kept off that profile from now on. */
gboolean        keika_store_unlink_entry         (KeikaStore      *self,
                                                  gint64           entry_id,
                                                  gint64           profile_id,
                                                  GError         **error);
/* The link's snapshot, or NULL (no link or never synced). (transfer full) */
char           *keika_store_dup_snapshot         (KeikaStore      *self,
                                                  gint64           entry_id,
                                                  gint64           profile_id,
                                                  GError         **error);
/* Creates or updates a link with its snapshot (site_entry_id NULL keeps
 * the stored one). */
gboolean        keika_store_set_link             (KeikaStore      *self,
                                                  gint64           entry_id,
                                                  gint64           profile_id,
                                                  const char      *site_entry_id,
                                                  const char      *snapshot,
                                                  gint64           synced_at,
                                                  GError         **error);
/* (transfer full) (element-type KeikaLinkInfo) */
GPtrArray      *keika_store_list_links           (KeikaStore      *self,
                                                  gint64           profile_id,
                                                  GError         **error);
/* The link of @profile_id to the entry of the anime @site_anime_id on
 * @site, or NULL (none, or @error). (transfer full) */
KeikaLinkInfo  *keika_store_get_link             (KeikaStore      *self,
                                                  gint64           profile_id,
                                                  KeikaSite        site,
                                                  gint64           site_anime_id,
                                                  GError         **error);
/* The link of @profile_id to the entry @entry_id, or NULL. (transfer full) */
KeikaLinkInfo  *keika_store_get_entry_link       (KeikaStore      *self,
                                                  gint64           profile_id,
                                                  gint64           entry_id,
                                                  GError         **error);
/* keika_store_add_entry() for an entry that came from @source_profile_id's
 * site: linked and journalled for the other profiles only. */
gboolean        keika_store_add_entry_from_site  (KeikaStore      *self,
                                                  KeikaListEntry  *entry,
                                                  gint64           source_profile_id,
                                                  GError         **error);
/* One library mirrored everywhere: links every entry not yet linked to
 * @profile_id (0: to every signed-in profile) and journals a push of all
 * its fields (sent when the profile's "Send my changes here" is on); entries the person keeps
 * off that profile (keika_store_unlink_entry()) stay off. A new entry
 * (keika_store_add_entry()) is mirrored by itself. */
gboolean        keika_store_mirror               (KeikaStore      *self,
                                                  gint64           profile_id,
                                                  GError         **error);
/* The site's id of the library's anime @anime_id: kept, and given to the
 * changes waiting for that site. */
gboolean        keika_store_set_anime_site_id    (KeikaStore      *self,
                                                  gint64           anime_id,
                                                  KeikaSite        site,
                                                  gint64           site_id,
                                                  GError         **error);
/* @site was asked for the anime and has no match: remembered, so that it is
 * not asked again by itself. */
gboolean        keika_store_add_site_miss        (KeikaStore      *self,
                                                  gint64           anime_id,
                                                  KeikaSite        site,
                                                  GError         **error);
/* The library's anime ids @site had no match for. (element-type gint64) */
GHashTable     *keika_store_list_site_misses     (KeikaStore      *self,
                                                  KeikaSite        site,
                                                  GError         **error);
/* The person keeps the entry off the profile (it was unlinked). */
/* An anime's id on a site and the library's entry of it. */
typedef struct
{
  gint64 site_id;
  gint64 entry_id;
} KeikaSiteIdPair;

/* Every entry whose anime has an id on @site, as KeikaSiteIdPair: what a
 * pull of a whole list matches by, read at once. (transfer full) */
GArray         *keika_store_list_entry_site_ids  (KeikaStore      *self,
                                                  KeikaSite        site,
                                                  GError         **error);
/* The ids of the entries kept off @profile_id. (element-type gint64)
 * (transfer full) */
GArray         *keika_store_list_unmirrored      (KeikaStore      *self,
                                                  gint64           profile_id,
                                                  GError         **error);
gboolean        keika_store_is_unmirrored        (KeikaStore      *self,
                                                  gint64           entry_id,
                                                  gint64           profile_id,
                                                  GError         **error);
/* The id of the entry whose anime has @site_id on @site, or 0. */
gint64          keika_store_find_entry_by_site_id (KeikaStore     *self,
                                                  KeikaSite        site,
                                                  gint64           site_id,
                                                  GError         **error);
/* keika_store_save_entry() for a change that came from @source_profile_id's
 * site: journalled for the other claimed profiles only. */
gboolean        keika_store_save_entry_from_site (KeikaStore      *self,
                                                  KeikaListEntry  *entry,
                                                  gint64           source_profile_id,
                                                  GError         **error);
/* @full: the pull was complete and of the whole list: full-synced-at too. */
gboolean        keika_store_set_profile_synced_at (KeikaStore     *self,
                                                  gint64           profile_id,
                                                  gint64           synced_at,
                                                  gboolean         full,
                                                  GError         **error);
/* Keeps both sides of a change made on both ends; a NULL @remote records
 * that the site no longer has the entry (the person decides what then). */
gboolean        keika_store_add_conflict         (KeikaStore      *self,
                                                  gint64           entry_id,
                                                  gint64           profile_id,
                                                  const char      *local,
                                                  const char      *remote,
                                                  gboolean         remote_won,
                                                  GError         **error);
/* For a connection about to write thousands of rows in one transaction (a
 * pull, an import): a page cache large enough to hold them (up to 64 MB;
 * only what is used is allocated), and the entries it adds mirrored to the
 * other profiles all at once, just before the transaction commits. */
void            keika_store_begin_bulk           (KeikaStore      *self);
/* Forgets the conflicts of one link (the person has seen them). A link
 * that is not there is no error. */
gboolean        keika_store_clear_conflicts      (KeikaStore      *self,
                                                  gint64           entry_id,
                                                  gint64           profile_id,
                                                  GError         **error);
/* Forgets that the site no longer had the entry (it has it again), keeping
 * the link's other conflicts. */
/* The entries @profile_id's site was found without (marked gone, the
 * person not asked yet). (element-type gint64) (transfer full) */
GArray         *keika_store_list_gone_marks      (KeikaStore      *self,
                                                  gint64           profile_id,
                                                  GError         **error);
gboolean        keika_store_clear_gone_mark      (KeikaStore      *self,
                                                  gint64           entry_id,
                                                  gint64           profile_id,
                                                  GError         **error);
/* Conflicts of one entry, or of all (@entry_id 0), oldest first per link.
 * They belong to the link: unlinking drops them.
 * (transfer full) (element-type KeikaConflict) */
GPtrArray      *keika_store_list_conflicts       (KeikaStore      *self,
                                                  gint64           entry_id,
                                                  GError         **error);
/* The same, of one profile only (@profile_id 0: every profile). */
GPtrArray      *keika_store_list_profile_conflicts (KeikaStore    *self,
                                                  gint64           entry_id,
                                                  gint64           profile_id,
                                                  GError         **error);

/* Every profile, claimed or not, oldest first.
 * (transfer full) (element-type KeikaProfile) */
GPtrArray      *keika_store_list_profiles        (KeikaStore      *self,
                                                  GError         **error);

/* Backups (keika-store-backup.c) */

/* How many daily backups are kept. */
#define KEIKA_STORE_BACKUPS_KEPT 7

/* "backups" beside the library file. (transfer full) */
char           *keika_store_dup_backup_dir       (const char      *db_path);
/* The backups of the library at @db_path, newest first (paths).
 * (transfer full) (element-type filename) */
GPtrArray      *keika_store_list_backups         (const char      *db_path);
/* Makes today's backup (@now's day) when there is none yet, with SQLite's
 * online backup, and keeps the newest @keep; @made says whether one was
 * made. */
gboolean        keika_store_backup_daily         (KeikaStore      *self,
                                                  GDateTime       *now,
                                                  guint            keep,
                                                  gboolean        *made,
                                                  GError         **error);
/* A library that cannot be opened is set aside, never deleted: renamed
 * beside itself (with its log), so that a new one can take its place.
 * @set_aside_path gets the new name. */
gboolean        keika_store_set_aside            (const char      *db_path,
                                                  char           **set_aside_path,
                                                  GError         **error);
/* Puts a copy of @backup_path in the library's place; the library there is
 * set aside first (keika_store_set_aside()). */
gboolean        keika_store_restore_backup       (const char      *db_path,
                                                  const char      *backup_path,
                                                  char           **set_aside_path,
                                                  GError         **error);

/* Lets go of @store (consumed) in a thread of its own: a bulk write's
 * connection copies its log into the database as it closes
 * (keika_store_begin_bulk()), which nobody has to wait for. The caller
 * no longer uses it. */
void            keika_store_close_in_background  (KeikaStore      *store);

G_END_DECLS
