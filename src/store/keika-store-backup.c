/* keika-store-backup.c — daily copies of the library, and what to do when
 * the library cannot be opened
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A copy is made at most once a day, with SQLite's online backup (a
 * consistent copy of a database in use), into "backups" beside the
 * library, as keika-YYYY-MM-DD.db; the last KEIKA_STORE_BACKUPS_KEPT are
 * kept. A library that cannot be opened is never deleted: it is set aside
 * under a new name, and a new one, or a copy, takes its place.
 */

#define G_LOG_DOMAIN "KeikaStore"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "keika-store-private.h"

#define BACKUP_PREFIX "keika-"
#define BACKUP_SUFFIX ".db"

char *
keika_store_dup_backup_dir (const char *db_path)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  dir = g_path_get_dirname (db_path);
  return g_build_filename (dir, "backups", NULL);
}

/* keika-YYYY-MM-DD.db: the names this module makes, and no other. */
static gboolean
is_backup_name (const char *name)
{
  gsize len = strlen (name);

  if (len != strlen (BACKUP_PREFIX "YYYY-MM-DD" BACKUP_SUFFIX) ||
      !g_str_has_prefix (name, BACKUP_PREFIX) || !g_str_has_suffix (name, BACKUP_SUFFIX))
    return FALSE;

  for (gsize i = strlen (BACKUP_PREFIX); i < len - strlen (BACKUP_SUFFIX); i++)
    if (!(g_ascii_isdigit (name[i]) || ((i == 10 || i == 13) && name[i] == '-')))
      return FALSE;

  return TRUE;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  return -g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
keika_store_list_backups (const char *db_path)
{
  g_autofree char *dir_path = keika_store_dup_backup_dir (db_path);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *backups = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (is_backup_name (name))
      g_ptr_array_add (backups, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (backups, compare_newest_first);

  return backups;
}

/* Copies the open database into @dest_path, whole and consistent, through
 * a file beside it that is renamed at the end. */
static gboolean
backup_to (sqlite3     *db,
           const char  *dest_path,
           GError     **error)
{
  g_autofree char *partial = g_strconcat (dest_path, ".partial", NULL);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (partial, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK && (backup = sqlite3_backup_init (dest, "main", db, "main")) != NULL)
    {
      rc = sqlite3_backup_step (backup, -1);
      sqlite3_backup_finish (backup);
      if (rc == SQLITE_DONE)
        rc = sqlite3_errcode (dest);
    }
  else if (rc == SQLITE_OK)
    rc = sqlite3_errcode (dest);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                   _("The backup of the library could not be made: %s"),
                   dest != NULL ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
      sqlite3_close (dest);
      g_unlink (partial);
      return FALSE;
    }
  sqlite3_close (dest);

  if (g_rename (partial, dest_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The backup of the library could not be made: %s"), g_strerror (saved_errno));
      g_unlink (partial);
      return FALSE;
    }

  return TRUE;
}

gboolean
keika_store_backup_daily (KeikaStore  *self,
                          GDateTime   *now,
                          guint        keep,
                          gboolean    *made,
                          GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *day = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) backups = NULL;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (keep > 0, FALSE);

  if (made != NULL)
    *made = FALSE;

  dir = keika_store_dup_backup_dir (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The backup of the library could not be made: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  day = g_date_time_format (now, "%Y-%m-%d");
  name = g_strconcat (BACKUP_PREFIX, day, BACKUP_SUFFIX, NULL);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!backup_to (self->db, path, error))
        return FALSE;
      if (made != NULL)
        *made = TRUE;
    }

  /* The newest @keep are kept. */
  backups = keika_store_list_backups (self->path);
  for (guint i = keep; i < backups->len; i++)
    g_unlink (backups->pdata[i]);

  return TRUE;
}

/* @path (and its write-ahead log) to "@path's name-unreadable-TIME.db"
 * beside it; nothing is deleted. */
static gboolean
set_aside (const char  *db_path,
           char       **set_aside_path,
           GError     **error)
{
  static const char * const companions[] = { "", "-wal", "-shm", "-journal" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *base = g_strndup (db_path, g_str_has_suffix (db_path, ".db")
                                                ? strlen (db_path) - 3 : strlen (db_path));
  g_autofree char *aside = g_strdup_printf ("%s-unreadable-%s.db", base, stamp);

  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (db_path, companions[i], NULL);
      g_autofree char *to = g_strconcat (aside, companions[i], NULL);

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (from, to) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("The library could not be set aside: %s"), g_strerror (saved_errno));
          return FALSE;
        }
    }

  if (set_aside_path != NULL)
    *set_aside_path = g_steal_pointer (&aside);

  return TRUE;
}

gboolean
keika_store_set_aside (const char  *db_path,
                       char       **set_aside_path,
                       GError     **error)
{
  g_return_val_if_fail (db_path != NULL, FALSE);

  return set_aside (db_path, set_aside_path, error);
}

gboolean
keika_store_restore_backup (const char  *db_path,
                            const char  *backup_path,
                            char       **set_aside_path,
                            GError     **error)
{
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  g_autofree char *partial = NULL;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  /* The copy first, beside the library: the library is set aside only
   * once a whole copy is there to take its place. */
  partial = g_strconcat (db_path, ".restoring", NULL);
  from = g_file_new_for_path (backup_path);
  to = g_file_new_for_path (partial);
  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    return FALSE;

  if (!set_aside (db_path, set_aside_path, error))
    {
      g_unlink (partial);
      return FALSE;
    }

  if (g_rename (partial, db_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The backup could not be put in place: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
