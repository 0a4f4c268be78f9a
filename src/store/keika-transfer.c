/* keika-transfer.c — import and export of the library: reading a file,
 * writing its import and showing it in the library, the asynchronous
 * import, export
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaTransfer"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "keika-import-private.h"
#include "keika-list-entry.h"
#include "keika-store.h"

typedef struct
{
  char *details;  /* (owned) (nullable) */
} KeikaTransferErrorPrivate;

static void
keika_transfer_error_private_init (KeikaTransferErrorPrivate *priv)
{
  priv->details = NULL;
}

static void
keika_transfer_error_private_copy (const KeikaTransferErrorPrivate *src,
                                   KeikaTransferErrorPrivate       *dest)
{
  dest->details = g_strdup (src->details);
}

static void
keika_transfer_error_private_clear (KeikaTransferErrorPrivate *priv)
{
  g_clear_pointer (&priv->details, g_free);
}

G_DEFINE_EXTENDED_ERROR (KeikaTransferError, keika_transfer_error)

const char *
keika_transfer_error_get_details (const GError *error)
{
  if (error == NULL || error->domain != KEIKA_TRANSFER_ERROR)
    return NULL;

  return keika_transfer_error_get_private (error)->details;
}

void
keika_transfer_error_set_details (GError     *error,
                                  const char *details)
{
  KeikaTransferErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == KEIKA_TRANSFER_ERROR);

  priv = keika_transfer_error_get_private (error);
  g_free (priv->details);
  priv->details = g_strdup (details);
}

/* Importing
 *
 * Both keika_import_file() and keika_import_file_async() run the same three
 * steps on an Import:
 *   import_read()   reads and parses the file (no store, no library);
 *   import_write()  in ONE transaction on the store it is given: takes the
 *                   entries to match against (loading them from that store
 *                   when none were given), plans the changes on private
 *                   copies (import_plan(), in keika-import-plan.c) and
 *                   writes them;
 *   import_apply()  shows the committed changes in the live library (main
 *                   thread, the library's thread).
 * The synchronous call runs all three on the caller's store and matches
 * against the library's own entries. The asynchronous one runs the first two
 * in a worker thread on its own connection to the same file, matching against
 * what that connection loads, so that nothing the main thread owns is touched
 * there; only plain results cross back. */

void
import_free (Import *import)
{
  if (import == NULL)
    return;

  g_clear_pointer (&import->parsed, g_ptr_array_unref);
  g_clear_pointer (&import->existing, g_ptr_array_unref);
  g_clear_object (&import->cancellable);
  g_clear_pointer (&import->report, keika_import_report_free);
  g_clear_pointer (&import->parse_report, keika_import_report_free);
  g_clear_pointer (&import->changes, g_ptr_array_unref);
  g_clear_pointer (&import->undo, g_ptr_array_unref);
  for (guint i = 0; i < KEIKA_IMPORT_N_LINES; i++)
    g_clear_pointer (&import->lines[i], g_ptr_array_unref);
  g_free (import);
}

/* When a MyAnimeList export was made: its name says so
 * ("animelist_1764950400_-_1234567.xml.gz"), or else the gzip header. 0
 * when neither does. */
static gint64
mal_export_made_at (GFile      *file,
                    const char *data,
                    gsize       length)
{
  g_autofree char *basename = g_file_get_basename (file);
  const char *stamp = basename != NULL ? strstr (basename, "list_") : NULL;

  if (stamp != NULL)
    {
      char *end = NULL;
      guint64 seconds = g_ascii_strtoull (stamp + strlen ("list_"), &end, 10);

      /* From 2001 on, and not a user id: ten digits before "_-_". */
      if (end != NULL && end - (stamp + strlen ("list_")) == 10 && g_str_has_prefix (end, "_-_") &&
          seconds > 978307200)
        return (gint64) seconds;
    }

  /* The gzip header's MTIME, little-endian, 0 when not given. */
  if (keika_transfer_is_gzip (data, length) && length >= 8)
    {
      const guchar *p = (const guchar *) data;
      guint32 mtime = p[4] | (p[5] << 8) | (p[6] << 16) | ((guint32) p[7] << 24);

      if (mtime > 978307200)
        return mtime;
    }

  return 0;
}

/* The time @file was last written, an upper bound of when it was made. */
static gint64
file_modified_at (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info != NULL ? (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) : 0;
}

/* Which reader a file needs, from its first bytes. */
static gboolean
detect_source (const char    *data,
               gsize          length,
               ImportSource  *source,
               GError       **error)
{
  gsize i = 0;

  if (keika_transfer_is_gzip (data, length))
    {
      *source = SOURCE_MAL_XML;
      return TRUE;
    }

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;

  while (i < length && g_ascii_isspace (data[i]))
    i++;

  if (i == length)
    {
      g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                           _("The file is empty"));
      return FALSE;
    }

  switch (data[i])
    {
    case '{':
      *source = SOURCE_JSON;
      return TRUE;
    case '<':
      *source = SOURCE_MAL_XML;
      return TRUE;
    default:
      g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                           _("The file is not a MyAnimeList XML export or a Keika JSON export"));
      return FALSE;
    }
}

/* Reads and parses @file. Any thread. (transfer full) */
Import *
import_read (GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(Import) import = g_new0 (Import, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  import->cancellable = cancellable ? g_object_ref (cancellable) : NULL;

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        /* GIO's message names the file. */
        g_set_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_IO,
                     _("Could not read the file: %s"), local_error->message);
      return NULL;
    }

  /* Everything is parsed before anything is written. */
  if (!detect_source (contents, length, &import->source, error))
    return NULL;

  switch (import->source)
    {
    case SOURCE_MAL_XML:
      import->parsed = keika_mal_xml_parse (contents, length, &import->report, error);
      break;
    case SOURCE_JSON:
      import->parsed = keika_json_parse (contents, length, &import->report, error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (import->parsed == NULL)
    return NULL;

  if (import->report->made_at <= 0 && import->source == SOURCE_MAL_XML)
    import->report->made_at = mal_export_made_at (file, contents, length);
  if (import->report->made_at <= 0)
    import->report->made_at = file_modified_at (file);

  return g_steal_pointer (&import);
}

/* How many entries are written between two looks at the cancellable. */
#define CANCEL_CHECK_INTERVAL 256

static gboolean
plan_and_write (KeikaStore  *store,
                gpointer     user_data,
                GError     **error)
{
  Import *import = user_data;

  if (import->existing == NULL &&
      !(import->existing = keika_store_load_entries (store, error)))
    return FALSE;

  import_plan (import);

  for (guint i = 0; i < import->changes->len; i++)
    {
      ImportChange *change = g_ptr_array_index (import->changes, i);
      gboolean ok;

      if (i % CANCEL_CHECK_INTERVAL == 0 &&
          g_cancellable_set_error_if_cancelled (import->cancellable, error))
        return FALSE;

      if (change->base != NULL)
        ok = keika_store_save_entry (store, change->entry, error);
      else
        ok = keika_store_add_entry (store, change->entry, error);

      if (!ok)
        return FALSE;
    }

  /* The last chance to cancel: past the commit the import has happened. */
  return !g_cancellable_set_error_if_cancelled (import->cancellable, error);
}

/* Writes the import to @store in one transaction. On success the report
 * counts what was written; on failure nothing was (the transaction was
 * rolled back). Any thread: the thread of @store. */
gboolean
import_write (Import      *import,
              KeikaStore  *store,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_cancellable_set_error_if_cancelled (import->cancellable, error))
    return FALSE;

  if (!keika_store_run_transaction (store, plan_and_write, import, &local_error))
    {
      /* Rolled back: the store is as it was. The new entries that were given
       * ids are dropped with @import. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    _("The import was not saved: "));
      return FALSE;
    }

  import_count_changes (import);

  /* Only the changes are needed from here on. */
  g_clear_pointer (&import->parsed, g_ptr_array_unref);
  g_clear_pointer (&import->existing, g_ptr_array_unref);

  return TRUE;
}

static void
apply_update (ImportChange *change,
              KeikaLibrary *library)
{
  KeikaListEntry *live = keika_library_lookup (library, keika_list_entry_get_id (change->entry));

  if (live == NULL)
    {
      g_debug ("“%s” was removed from the library during the import",
               keika_transfer_entry_title (change->entry));
      return;
    }

  if (live != change->base &&
      (keika_list_entry_get_updated_at (live) != keika_list_entry_get_updated_at (change->base) ||
       !import_entry_equal (live, change->base)))
    {
      g_debug ("“%s” changed in the library during the import; keeping that change",
               keika_transfer_entry_title (live));
      return;
    }

  keika_list_entry_assign (live, change->entry);
  if (!import_entry_equal (live, change->entry))
    g_warning ("“%s” differs from what was saved after import", keika_transfer_entry_title (live));
}

/* Shows a committed import in @library, in the library's thread: the new
 * entries that it does not hold yet are appended in one batch, then the
 * updated entries get the values that were written, each change freed once
 * applied. An entry that is no longer in the library (deleted after the
 * import was written, so deleted in the store too), or that changed in the
 * library since it was planned (an edit saved after the import, so what the
 * store holds), is left as it is: the later change wins.
 *
 * Stops once @deadline (monotonic time) has passed, so that the caller can
 * let the main loop turn, and returns TRUE when everything was applied. */
gboolean
import_apply (Import       *import,
              KeikaLibrary *library,
              gint64        deadline)
{
  GPtrArray *changes = import->changes;

  if (!import->appended)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < changes->len; i++)
        {
          ImportChange *change = g_ptr_array_index (changes, i);

          if (change->base != NULL)
            continue;

          /* The id is one the store gave the import: the library can only
           * hold it if it was loaded from the store again since the import
           * was written. Its entry then already is the import's, or an
           * edit made after it, which wins as in apply_update(). */
          if (keika_library_lookup (library, keika_list_entry_get_id (change->entry)) != NULL)
            {
              g_debug ("“%s” is in the library already", keika_transfer_entry_title (change->entry));
              continue;
            }

          g_ptr_array_add (added, g_object_ref (change->entry));
        }

      if (added->len > 0)
        keika_library_append_many (library, added);
      import->appended = TRUE;
    }

  for (; import->n_applied < changes->len; import->n_applied++)
    {
      ImportChange *change = g_ptr_array_index (changes, import->n_applied);

      /* Looking at the clock costs little next to an entry's notifications. */
      if (import->n_applied % 32 == 31 && g_get_monotonic_time () > deadline)
        return FALSE;

      if (change->base != NULL)
        apply_update (change, library);

      /* Kept for an undo: an added entry as it was written (the library
       * has the entry itself, which may be edited). */
      if (import->undo != NULL)
        {
          if (change->base == NULL)
            {
              KeikaListEntry *live = change->entry;

              change->entry = keika_list_entry_dup (live);
              keika_list_entry_set_id (change->entry, keika_list_entry_get_id (live));
              g_object_unref (live);
            }
          g_ptr_array_add (import->undo, g_steal_pointer (&changes->pdata[import->n_applied]));
          continue;
        }

      /* Freed as it goes: 10,000 updates are 40,000 objects to finalize. */
      import_change_free (g_steal_pointer (&changes->pdata[import->n_applied]));
    }

  return TRUE;
}

KeikaImportReport *
keika_import_file (KeikaStore    *store,
                   KeikaLibrary  *library,
                   GFile         *file,
                   GError       **error)
{
  return keika_import_file_full (store, library, file, KEIKA_IMPORT_DEFAULT, error);
}

KeikaImportReport *
keika_import_file_full (KeikaStore        *store,
                        KeikaLibrary      *library,
                        GFile             *file,
                        KeikaImportFlags   flags,
                        GError           **error)
{
  g_autoptr(Import) import = NULL;
  guint n_items;

  g_return_val_if_fail (KEIKA_IS_STORE (store), NULL);
  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(import = import_read (file, NULL, error)))
    return NULL;
  import->flags = flags;

  /* Matched against the library itself: its entries are the bases. */
  n_items = g_list_model_get_n_items (G_LIST_MODEL (library));
  import->existing = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (import->existing, g_list_model_get_item (G_LIST_MODEL (library), i));

  if (!import_write (import, store, error))
    return NULL;

  import_apply (import, library, G_MAXINT64);

  return g_steal_pointer (&import->report);
}

/* The asynchronous import: a worker task does import_read() and
 * import_write() on its own connection; its callback, back in the caller's
 * main context, does import_apply() and only then completes the caller's
 * task, so the library is up to date when the caller's callback runs. */

typedef struct
{
  char         *path;         /* (owned) the store's file */
  GFile        *file;         /* (owned) (nullable) to read, when @import is NULL */
  Import       *import;       /* (owned) (nullable) read already */
} ImportJob;

static void
import_job_free (gpointer data)
{
  ImportJob *job = data;

  g_free (job->path);
  g_clear_object (&job->file);
  g_clear_pointer (&job->import, import_free);
  g_free (job);
}

static void
import_thread (GTask        *worker,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(Import) import = NULL;
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 parsed;

  if (job->import != NULL)
    import = g_steal_pointer (&job->import);
  else if (!(import = import_read (job->file, cancellable, &error)))
    {
      g_task_return_error (worker, g_steal_pointer (&error));
      return;
    }
  g_set_object (&import->cancellable, cancellable);

  parsed = g_get_monotonic_time ();

  /* A store is used only from the thread that opened it: this one is
   * opened, used and closed here. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !(store = keika_store_open (job->path, &error)))
    {
      g_task_return_error (worker, g_steal_pointer (&error));
      return;
    }
  keika_store_begin_bulk (store);
  if (!import_write (import, store, &error))
    {
      g_task_return_error (worker, g_steal_pointer (&error));
      return;
    }

  g_debug ("Import of %u entries: read and parsed in %.0f ms, matched and written in %.0f ms",
           import->changes->len + import->report->skipped,
           (parsed - start) / 1000.0, (g_get_monotonic_time () - parsed) / 1000.0);

  /* Closed off the way of the result: closing copies the log into the
   * database, and the task completes when this function returns. */
  keika_store_close_in_background (g_steal_pointer (&store));
  g_task_return_pointer (worker, g_steal_pointer (&import), (GDestroyNotify) import_free);
}

static KeikaImportCommittedFunc committed_hook;
static gpointer committed_hook_data;

void
keika_transfer_set_committed_hook (KeikaImportCommittedFunc func,
                                   gpointer                 user_data)
{
  committed_hook = func;
  committed_hook_data = user_data;
}

/* The longest the main loop is kept by one step of showing the import. */
#define APPLY_STEP_USEC (8 * 1000)

typedef struct
{
  KeikaLibrary *library;  /* (owned) */
  Import       *import;   /* (owned) (nullable) once written */
  gboolean      keep_undo;
  GPtrArray    *undo;     /* (owned) (nullable) what an undo needs, once shown */
} ImportTaskData;

static void
import_task_data_free (gpointer data)
{
  ImportTaskData *task_data = data;

  g_clear_object (&task_data->library);
  g_clear_pointer (&task_data->import, import_free);
  g_clear_pointer (&task_data->undo, g_ptr_array_unref);
  g_free (task_data);
}

static gboolean
import_apply_step_cb (gpointer user_data)
{
  GTask *task = user_data;  /* the source holds a reference */
  ImportTaskData *task_data = g_task_get_task_data (task);
  Import *import = task_data->import;

  if (!import_apply (import, task_data->library, g_get_monotonic_time () + APPLY_STEP_USEC))
    return G_SOURCE_CONTINUE;

  task_data->undo = g_steal_pointer (&import->undo);
  g_task_return_pointer (task, g_steal_pointer (&import->report),
                         (GDestroyNotify) keika_import_report_free);
  g_clear_pointer (&task_data->import, import_free);

  return G_SOURCE_REMOVE;
}

static void
import_worker_done_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GSource) source = NULL;
  ImportTaskData *task_data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!(task_data->import = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (task_data->keep_undo)
    task_data->import->undo = g_ptr_array_new_with_free_func (import_change_free);

  if (committed_hook != NULL)
    committed_hook (task_data->library, committed_hook_data);

  /* Shown in steps of a few milliseconds at idle priority, so that input and
   * drawing go first; the task completes after the last one. */
  source = g_idle_source_new ();
  g_source_set_static_name (source, "[keika] import_apply_step_cb");
  g_task_attach_source (task, source, import_apply_step_cb);
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
}

void
import_run_async (KeikaStore          *store,
                  KeikaLibrary        *library,
                  GFile               *file,
                  Import              *import,
                  gboolean             keep_undo,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  ImportTaskData *task_data;
  ImportJob *job;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  task_data = g_new0 (ImportTaskData, 1);
  task_data->library = g_object_ref (library);
  task_data->keep_undo = keep_undo;
  g_task_set_task_data (task, task_data, import_task_data_free);
  /* Once committed, the import is reported even if cancelled too late. */
  g_task_set_check_cancellable (task, FALSE);

  job = g_new0 (ImportJob, 1);
  job->path = g_strdup (keika_store_get_path (store));
  job->file = file != NULL ? g_file_dup (file) : NULL;
  job->import = import;

  worker = g_task_new (NULL, cancellable, import_worker_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, import_thread);
  g_task_set_name (worker, "[keika] import");
  g_task_set_task_data (worker, job, import_job_free);
  g_task_set_check_cancellable (worker, FALSE);
  g_task_run_in_thread (worker, import_thread);
}

GPtrArray *
import_run_steal_undo (GAsyncResult *result)
{
  ImportTaskData *task_data = g_task_get_task_data (G_TASK (result));

  return g_steal_pointer (&task_data->undo);
}

void
keika_import_file_async (KeikaStore          *store,
                         KeikaLibrary        *library,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (KEIKA_IS_STORE (store));
  g_return_if_fail (KEIKA_IS_LIBRARY (library));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  import_run_async (store, library, file, NULL, FALSE, keika_import_file_async,
                    cancellable, callback, user_data);
}

KeikaImportReport *
keika_import_file_finish (KeikaStore    *store,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == keika_import_file_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Exporting */

GBytes *
keika_export_to_bytes (KeikaLibrary      *library,
                       KeikaExportFormat  format)
{
  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), NULL);

  switch (format)
    {
    case KEIKA_EXPORT_FORMAT_MAL_XML:
      return keika_mal_xml_write (library);
    case KEIKA_EXPORT_FORMAT_JSON:
      return keika_json_write (library);
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
keika_export_file (KeikaLibrary       *library,
                   KeikaExportFormat   format,
                   GFile              *file,
                   GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = keika_export_to_bytes (library, format);
  g_return_val_if_fail (bytes != NULL, FALSE);

  data = g_bytes_get_data (bytes, &length);

  /* Written to a temporary file and renamed over the old one, so a failure
   * never leaves half an export behind. */
  if (!g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, NULL, &local_error))
    {
      g_set_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_IO,
                   _("Could not write the file: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

KeikaExportFormat
keika_export_format_for_file (GFile *file)
{
  g_autofree char *basename = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (G_IS_FILE (file), KEIKA_EXPORT_FORMAT_MAL_XML);

  basename = g_file_get_basename (file);
  if (basename == NULL)
    return KEIKA_EXPORT_FORMAT_MAL_XML;

  folded = g_ascii_strdown (basename, -1);
  if (g_str_has_suffix (folded, ".json"))
    return KEIKA_EXPORT_FORMAT_JSON;

  return KEIKA_EXPORT_FORMAT_MAL_XML;
}
