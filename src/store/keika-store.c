/* keika-store.c — the object, its connection, transactions and opening
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaStore"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "keika-anime.h"
#include "keika-store-private.h"

/* Wait this long for another connection (a worker's) to finish writing. */
#define BUSY_TIMEOUT_MS 5000

G_DEFINE_FINAL_TYPE (KeikaStore, keika_store, G_TYPE_OBJECT)

enum {
  JOURNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (keika-store-error-quark, keika_store_error)

void
store_stmt_ref_clear (StmtRef *ref)
{
  if (*ref != NULL)
    {
      sqlite3_reset (*ref);
      sqlite3_clear_bindings (*ref);
    }
}

static void
change_clear (gpointer data)
{
  Change *change = data;

  g_clear_object (&change->object);
}

static void
keika_store_finalize (GObject *object)
{
  KeikaStore *self = (KeikaStore *) object;

  if (self->depth > 0)
    g_critical ("KeikaStore finalized inside a transaction; it is rolled back");

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->adhoc, g_hash_table_unref);

  /* A bulk write's pages are copied into the database now, when its work
   * has been handed over (keika_store_begin_bulk()). */
  if (self->db != NULL && self->bulk && self->depth == 0)
    sqlite3_exec (self->db, "PRAGMA wal_checkpoint(PASSIVE)", NULL, NULL, NULL);

  /* Closing rolls back an open transaction and checkpoints the WAL. */
  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("Could not close %s: %s", self->path, sqlite3_errmsg (self->db));
  self->db = NULL;

  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->changes, g_array_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (keika_store_parent_class)->finalize (object);
}

static void
keika_store_class_init (KeikaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keika_store_finalize;

  /**
   * KeikaStore::journal-changed:
   *
   * A committed transaction of this connection wrote changes to send (an
   * edit, an import, an entry mirrored to a profile): the accounts send
   * them now rather than at their next round.
   */
  signals[JOURNAL_CHANGED] =
    g_signal_new ("journal-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Before SQLite starts (class_init runs once, before any connection):
   * without memory statistics, which Keika never reads, SQLite takes no
   * process-wide lock on each of its allocations. Refused, harmlessly,
   * when something else in the process started SQLite first. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
}

static void
keika_store_init (KeikaStore *self)
{
  self->marks = g_array_new (FALSE, FALSE, sizeof (guint));
  self->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_array_set_clear_func (self->changes, change_clear);
}

/* Errors */

static gboolean
is_corrupt_code (int rc)
{
  int primary = rc & 0xff;

  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

static void
set_corrupt_error (GError     **error,
                   const char  *path)
{
  g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_CORRUPT,
               _("The library file “%s” is damaged or is not a Keika library. "
                 "It was left as it is. Close Keika, move the folder that holds it "
                 "elsewhere (or restore a backup of that folder), and start Keika "
                 "again to begin a new library."),
               path);
}

/* What the user can do about a failure, by SQLite's primary result code. */
static const char *
hint_for_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return _("Free some disk space and try again.");
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      return _("Check that the folder and the file can be written, then try again.");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return _("Another program is using the library; try again in a moment.");
    case SQLITE_IOERR:
      return _("The disk could not be read or written; check it and try again.");
    case SQLITE_CONSTRAINT:
      return _("Nothing was changed.");
    default:
      return "";
    }
}

/* Sets @error from the connection's last failure: CORRUPT for a damaged file,
 * FAILED with SQLite's message otherwise. @context says what failed. Call it
 * before anything else runs on the connection (a ROLLBACK clears the
 * message). */
void
store_set_db_error (KeikaStore  *self,
                    int          rc,
                    const char  *context,
                    GError     **error)
{
  const char *hint;

  if (is_corrupt_code (rc))
    {
      set_corrupt_error (error, self->path);
      return;
    }

  hint = hint_for_code (rc);
  g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
               /* Translators: what failed, SQLite's message, what to do */
               _("%s: %s. %s"),
               context, sqlite3_errmsg (self->db), hint);
  if (error != NULL && *error != NULL && hint[0] == '\0')
    g_strchomp ((*error)->message);
}

void
store_set_not_found_error (GError **error)
{
  g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND,
                       _("The entry is not in the library. It may have been "
                         "removed in the meantime; reload the list."));
}

/* Statements */

sqlite3_stmt *
store_get_stmt (KeikaStore  *self,
                StmtId       id,
                GError     **error)
{
  g_assert (id < N_STMTS);

  if G_UNLIKELY (self->stmts[id] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, store_stmt_sql[id], -1,
                                   SQLITE_PREPARE_PERSISTENT,
                                   &self->stmts[id], NULL);
      if (rc != SQLITE_OK)
        {
          store_set_db_error (self, rc, CONTEXT_READ, error);
          g_clear_pointer (&self->stmts[id], sqlite3_finalize);
          return NULL;
        }
    }

  return self->stmts[id];
}

sqlite3_stmt *
store_get_adhoc_stmt (KeikaStore  *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (self->adhoc == NULL)
    self->adhoc = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) sqlite3_finalize);
  else if ((stmt = g_hash_table_lookup (self->adhoc, sql)) != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (self->adhoc, g_strdup (sql), stmt);

  return stmt;
}

/* Runs a cached statement that returns no row we need. */
static gboolean
run_stmt (KeikaStore  *self,
          StmtId       id,
          const char  *context,
          GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  int rc;

  if (!(stmt = store_get_stmt (self, id, error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      store_set_db_error (self, rc, context, error);
      return FALSE;
    }

  return TRUE;
}

void
store_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* 0 means "none" and is stored as NULL. */
void
store_bind_id (sqlite3_stmt *stmt,
               int           index,
               gint64        id)
{
  if (id != 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

const char *
store_column_text (sqlite3_stmt *stmt,
                   int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Changes recorded for rollback */

void
store_record_change (KeikaStore *self,
                     ChangeKind  kind,
                     gpointer    object,
                     KeikaSite   site,
                     gint64      old_value)
{
  Change change = { kind, site, g_object_ref (object), old_value };

  if (self->depth > 0)
    g_array_append_val (self->changes, change);
  else
    g_object_unref (change.object);
}

static void
undo_changes (KeikaStore *self,
              guint       mark)
{
  while (self->changes->len > mark)
    {
      Change *change = &g_array_index (self->changes, Change, self->changes->len - 1);

      switch (change->kind)
        {
        case CHANGE_ENTRY_ID:
          keika_list_entry_set_id (KEIKA_LIST_ENTRY (change->object), change->old_value);
          break;
        case CHANGE_ANIME_ID:
          keika_anime_set_id (KEIKA_ANIME (change->object), change->old_value);
          break;
        case CHANGE_ANIME_SITE_ID:
          keika_anime_set_site_id (KEIKA_ANIME (change->object), change->site,
                                   change->old_value);
          break;
        case CHANGE_PROFILE_ID:
          keika_profile_set_id (KEIKA_PROFILE (change->object), change->old_value);
          break;
        default:
          g_assert_not_reached ();
        }

      g_array_set_size (self->changes, self->changes->len - 1);
    }
}

/* Transactions */

gboolean
store_tx_begin (KeikaStore  *self,
                GError     **error)
{
  if (self->depth == 0)
    {
      if (!run_stmt (self, STMT_BEGIN, CONTEXT_WRITE, error))
        return FALSE;
      self->doomed = FALSE;
    }
  else
    {
      /* SQLite rolls the whole transaction back by itself after some
       * errors (disk full, I/O): nothing may run outside of it. */
      if (sqlite3_get_autocommit (self->db))
        {
          self->doomed = TRUE;
          g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                               _("Could not save the change: an earlier part of it "
                                 "failed, so none of it was saved."));
          return FALSE;
        }

      /* No savepoint: a nested level that fails dooms the whole
       * transaction (store_tx_end()), so there is nothing to keep of it, and a
       * savepoint per row made a pull of thousands of rows slower. */
    }

  g_array_append_val (self->marks, self->changes->len);
  self->depth++;

  return TRUE;
}

static void
rollback (KeikaStore *self,
          StmtId      id)
{
  g_autoptr(GError) local_error = NULL;

  if (sqlite3_get_autocommit (self->db))
    return;

  if (!run_stmt (self, id, CONTEXT_WRITE, &local_error))
    g_warning ("Rollback failed: %s", local_error->message);
}

/* Ends the innermost level: commits (or releases the savepoint) when @ok,
 * rolls back otherwise. Returns whether the level's work was kept. @error is
 * only set when @ok was TRUE and committing failed. */
gboolean
store_tx_end (KeikaStore  *self,
              gboolean     ok,
              GError     **error)
{
  guint mark;

  g_assert (self->depth > 0);

  self->depth--;
  mark = g_array_index (self->marks, guint, self->depth);
  g_array_set_size (self->marks, self->depth);

  if (self->depth > 0)
    {
      if (ok)
        {
          if (sqlite3_get_autocommit (self->db))
            g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                                 _("Could not save the change: an earlier part of it "
                                   "failed, so none of it was saved."));
          else
            return TRUE;
        }

      /* The outermost level rolls everything back. */
      self->doomed = TRUE;
      undo_changes (self, mark);
      return FALSE;
    }

  if (ok && self->doomed)
    {
      g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                           _("Could not save the change: a part of it failed, "
                             "so none of it was saved."));
      ok = FALSE;
    }

  if (ok && !store_mirror_flush (self, error))
    ok = FALSE;

  if (ok && run_stmt (self, STMT_COMMIT, CONTEXT_WRITE, error))
    {
      g_array_set_size (self->changes, 0);
      if (self->journal_written)
        {
          self->journal_written = FALSE;
          g_signal_emit (self, signals[JOURNAL_CHANGED], 0);
        }
      return TRUE;
    }

  self->journal_written = FALSE;
  self->mirror_first = 0;
  rollback (self, STMT_ROLLBACK);
  undo_changes (self, 0);
  self->doomed = FALSE;

  return FALSE;
}

/* Opening */

static gboolean
exec_sql (KeikaStore  *self,
          const char  *sql,
          const char  *context,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      store_set_db_error (self, rc, context, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (KeikaStore  *self,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }

  if (rc != SQLITE_OK)
    store_set_db_error (self, rc, CONTEXT_READ, error);

  sqlite3_finalize (stmt);

  return rc == SQLITE_OK;
}

static gboolean
migrate (KeikaStore  *self,
         GError     **error)
{
  g_autofree char *set_version = NULL;
  gint64 version = 0;
  gboolean ok;

  if (!store_tx_begin (self, error))
    return FALSE;

  /* Read again inside the transaction: another process may have migrated. */
  ok = query_int (self, "PRAGMA user_version", &version, error);
  if (ok && version > SCHEMA_VERSION)
    {
      ok = FALSE;
      g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NEWER_VERSION,
                   _("The library “%s” was saved by a newer version of Keika. "
                     "It was left as it is; update Keika to open it."),
                   self->path);
    }

  for (gint64 v = version; ok && v < SCHEMA_VERSION; v++)
    {
      g_debug ("Migrating %s to schema version %" G_GINT64_FORMAT, self->path, v + 1);
      ok = exec_sql (self, store_migrations[v], _("Could not update the library to this version of Keika"), error);
    }

  if (ok && version < SCHEMA_VERSION)
    {
      set_version = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
      ok = exec_sql (self, set_version, CONTEXT_WRITE, error);
    }

  return store_tx_end (self, ok, ok ? error : NULL);
}

static gboolean
open_db (KeikaStore  *self,
         GError     **error)
{
  g_autofree char *dir = NULL;
  gint64 version = 0;
  gint64 n_objects = 0;
  int rc;

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                   _("Could not create the folder “%s” for the library: %s. "
                     "Check that it can be written."),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      if (self->db == NULL)
        {
          g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                       _("Could not open the library “%s”: out of memory."),
                       self->path);
          return FALSE;
        }

      {
        g_autofree char *context = g_strdup_printf (_("Could not open the library “%s”"), self->path);
        store_set_db_error (self, rc, context, error);
      }
      return FALSE;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* Nothing is written before the version is known: this is the first read
   * of the file, and fails with SQLITE_NOTADB on a file that is not a
   * database. */
  if (!query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NEWER_VERSION,
                   _("The library “%s” was saved by a newer version of Keika. "
                     "It was left as it is; update Keika to open it."),
                   self->path);
      return FALSE;
    }

  /* A database of some other program: leave it alone too. */
  if (version == 0)
    {
      if (!query_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
        return FALSE;
      if (n_objects > 0)
        {
          set_corrupt_error (error, self->path);
          return FALSE;
        }
    }

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                   _("The library “%s” cannot be written. Check the permissions "
                     "of the file and its folder."),
                   self->path);
      return FALSE;
    }

  /* WAL: readers (a worker's connection) never block the writer. With
   * synchronous=NORMAL a commit survives the process being killed; only a
   * power loss can lose the last commits, never corrupt the file.
   * mmap is only switched on while the whole library is read (see
   * keika_store_load_entries()): the mapped pages would otherwise stay in
   * the resident memory for as long as Keika runs. */
  if (!exec_sql (self,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;",
                 CONTEXT_WRITE, error))
    return FALSE;

  if (version < SCHEMA_VERSION && !migrate (self, error))
    return FALSE;

  return TRUE;
}

char *
keika_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "keika", "keika.db", NULL);
}

/**
 * keika_store_open:
 * @path: (nullable): the database file, or %NULL for the default path
 *
 * Opens (creating it if needed) and migrates the database.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
KeikaStore *
keika_store_open (const char  *path,
                  GError     **error)
{
  g_autoptr(KeikaStore) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (KEIKA_TYPE_STORE, NULL);
  self->path = path != NULL ? g_strdup (path) : keika_store_dup_default_path ();

  if (!open_db (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
keika_store_get_path (KeikaStore *self)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);

  return self->path;
}

guint
keika_store_get_schema_version (void)
{
  return SCHEMA_VERSION;
}

GArray *
store_list_ids (KeikaStore  *self,
                const char  *sql,
                gint64       param,
                GError     **error)
{
  g_autoptr(GArray) ids = NULL;
  g_auto(StmtRef) stmt = NULL;
  int rc;

  if (!(stmt = store_get_adhoc_stmt (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, param);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* Runs one statement with up to a few bound values, as a store transaction
 * of its own (or a part of the caller's). Types: 'i' gint64, 's' text
 * (NULL = NULL). The statement is prepared once per store. */
gboolean
store_exec_bound (KeikaStore  *self,
                  const char  *sql,
                  const char  *types,
                  GError     **error,
                  ...)
{
  g_auto(StmtRef) stmt = NULL;
  va_list args;
  gboolean ok;
  int rc;

  if (!store_tx_begin (self, error))
    return FALSE;

  if (!(stmt = store_get_adhoc_stmt (self, sql, error)))
    return store_tx_end (self, FALSE, NULL);

  va_start (args, error);
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 'i')
        sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
      else
        store_bind_text (stmt, i + 1, va_arg (args, const char *));
    }
  va_end (args);

  rc = sqlite3_step (stmt);
  ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
  if (!ok)
    store_set_db_error (self, rc, CONTEXT_WRITE, error);

  return store_tx_end (self, ok, ok ? error : NULL);
}
