/* keika-import-preview.c — an import looked at before it is written, its
 * writing with the person's choices, and its undo
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaTransfer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keika-import-private.h"
#include "keika-list-entry.h"
#include "keika-store.h"

struct _KeikaImportPreview
{
  GFile  *file;    /* (owned) */
  Import *import;  /* (owned) read and described; its entries are as the file has them */
};

struct _KeikaImportUndo
{
  GPtrArray *changes;  /* (owned) ImportChange: the written entry, and what it replaced */
};

/* Looking */

typedef struct
{
  char             *path;          /* (owned) the store's file */
  GFile            *file;          /* (owned) */
  KeikaScoreFormat  score_format;
} PreviewJob;

static void
preview_job_free (gpointer data)
{
  PreviewJob *job = data;

  g_free (job->path);
  g_clear_object (&job->file);
  g_free (job);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewJob *job = task_data;
  g_autoptr(Import) import = NULL;
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  KeikaImportPreview *preview;
  gint64 start = g_get_monotonic_time ();

  if (!(import = import_read (job->file, cancellable, &error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !(store = keika_store_open (job->path, &error)) ||
      !(import->existing = keika_store_load_entries (store, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&store);

  import->describe = TRUE;
  import->score_format = job->score_format;
  import_plan (import);

  /* What it will write is planned again when it is written, against what
   * the store holds then. */
  import_count_changes (import);
  g_clear_pointer (&import->changes, g_ptr_array_unref);
  g_clear_pointer (&import->existing, g_ptr_array_unref);
  import->describe = FALSE;

  g_debug ("Import of %u entries looked at in %.0f ms", import->parsed->len,
           (g_get_monotonic_time () - start) / 1000.0);

  preview = g_new0 (KeikaImportPreview, 1);
  preview->file = g_object_ref (job->file);
  preview->import = g_steal_pointer (&import);
  g_task_return_pointer (task, preview, (GDestroyNotify) keika_import_preview_free);
}

void
keika_import_preview_async (KeikaStore          *store,
                            GFile               *file,
                            KeikaScoreFormat     score_format,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PreviewJob *job;

  g_return_if_fail (KEIKA_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (PreviewJob, 1);
  job->path = g_strdup (keika_store_get_path (store));
  job->file = g_file_dup (file);
  job->score_format = score_format;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_import_preview_async);
  g_task_set_name (task, "[keika] import preview");
  g_task_set_task_data (task, job, preview_job_free);
  g_task_run_in_thread (task, preview_thread);
}

KeikaImportPreview *
keika_import_preview_finish (KeikaStore    *store,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
keika_import_preview_free (KeikaImportPreview *preview)
{
  if (preview == NULL)
    return;

  g_clear_object (&preview->file);
  g_clear_pointer (&preview->import, import_free);
  g_free (preview);
}

GFile *
keika_import_preview_get_file (KeikaImportPreview *preview)
{
  g_return_val_if_fail (preview != NULL, NULL);

  return preview->file;
}

const KeikaImportReport *
keika_import_preview_get_report (KeikaImportPreview *preview)
{
  g_return_val_if_fail (preview != NULL && preview->import != NULL, NULL);

  return preview->import->report;
}

GPtrArray *
keika_import_preview_get_lines (KeikaImportPreview *preview,
                                KeikaImportLines    kind)
{
  Import *import;

  g_return_val_if_fail (preview != NULL && preview->import != NULL, NULL);
  g_return_val_if_fail (kind < KEIKA_IMPORT_N_LINES, NULL);

  import = preview->import;
  if (kind == KEIKA_IMPORT_LINES_SKIP)
    return import->report->skip_reasons;
  if (kind == KEIKA_IMPORT_LINES_ADJUST)
    return import->report->adjustments;

  if (import->lines[kind] == NULL)
    import->lines[kind] = g_ptr_array_new_with_free_func (g_free);

  return import->lines[kind];
}

gboolean
keika_import_preview_only_adds (KeikaImportPreview *preview)
{
  const KeikaImportReport *report;

  g_return_val_if_fail (preview != NULL, FALSE);

  report = keika_import_preview_get_report (preview);

  return report->updated == 0 && report->held_newer == 0 && report->kept_missing == 0;
}

/* Writing */

void
keika_import_commit_async (KeikaStore          *store,
                           KeikaLibrary        *library,
                           KeikaImportPreview  *preview,
                           KeikaImportFlags     flags,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Import *import;

  g_return_if_fail (KEIKA_IS_STORE (store));
  g_return_if_fail (KEIKA_IS_LIBRARY (library));
  g_return_if_fail (preview != NULL && preview->import != NULL);

  /* The preview's import is written: a preview is written once. */
  import = g_steal_pointer (&preview->import);
  import->flags = flags;
  import_run_async (store, library, NULL, import, TRUE, keika_import_commit_async,
                    cancellable, callback, user_data);
}

KeikaImportReport *
keika_import_commit_finish (KeikaStore        *store,
                            GAsyncResult      *result,
                            KeikaImportUndo  **undo,
                            GError           **error)
{
  KeikaImportReport *report;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == keika_import_commit_async, NULL);

  report = g_task_propagate_pointer (G_TASK (result), error);
  if (report != NULL && undo != NULL)
    {
      *undo = g_new0 (KeikaImportUndo, 1);
      (*undo)->changes = import_run_steal_undo (result);
      if ((*undo)->changes == NULL)
        (*undo)->changes = g_ptr_array_new ();
    }

  return report;
}

void
keika_import_undo_free (KeikaImportUndo *undo)
{
  if (undo == NULL)
    return;

  g_clear_pointer (&undo->changes, g_ptr_array_unref);
  g_free (undo);
}

/* Taking it back */

typedef struct
{
  char         *path;      /* (owned) the store's file */
  GPtrArray    *changes;   /* (owned) ImportChange of the import */
  /* Filled by the worker: */
  GPtrArray    *restored;  /* (owned) KeikaListEntry: the values put back */
  GPtrArray    *replaced;  /* (owned) KeikaListEntry: for each of @restored, the import's */
  GArray       *removed;   /* (owned) gint64: the ids of the added entries removed */
  guint         n_kept;    /* changed since the import: left as they are */
  KeikaLibrary *library;   /* (owned) */
} UndoJob;

static void
undo_job_free (gpointer data)
{
  UndoJob *job = data;

  g_free (job->path);
  g_clear_pointer (&job->changes, g_ptr_array_unref);
  g_clear_pointer (&job->restored, g_ptr_array_unref);
  g_clear_pointer (&job->replaced, g_ptr_array_unref);
  g_clear_pointer (&job->removed, g_array_unref);
  g_clear_object (&job->library);
  g_free (job);
}

static gboolean
undo_write (KeikaStore  *store,
            gpointer     user_data,
            GError     **error)
{
  UndoJob *job = user_data;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  g_ptr_array_set_size (job->restored, 0);
  g_ptr_array_set_size (job->replaced, 0);
  g_array_set_size (job->removed, 0);
  job->n_kept = 0;

  if (!(stored = keika_store_load_entries (store, error)))
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (stored, i);

      gint64 id = keika_list_entry_get_id (entry);

      g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), entry);
    }

  for (guint i = 0; i < job->changes->len; i++)
    {
      ImportChange *change = g_ptr_array_index (job->changes, i);
      gint64 id = keika_list_entry_get_id (change->entry);
      KeikaListEntry *now = g_hash_table_lookup (by_id, &id);

      /* Removed or changed since: that later change stays. */
      if (now == NULL || !import_entry_equal (now, change->entry))
        {
          job->n_kept += now != NULL;
          continue;
        }

      if (change->base == NULL)
        {
          if (!keika_store_delete_entry (store, now, error))
            return FALSE;
          g_array_append_val (job->removed, id);
        }
      else
        {
          g_autoptr(KeikaListEntry) back = keika_list_entry_dup (change->base);

          keika_list_entry_touch (back);
          if (!keika_store_save_entry (store, back, error))
            return FALSE;
          g_ptr_array_add (job->restored, g_steal_pointer (&back));
          g_ptr_array_add (job->replaced, g_object_ref (change->entry));
        }
    }

  return TRUE;
}

static void
undo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  UndoJob *job = task_data;
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = keika_store_open (job->path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  keika_store_begin_bulk (store);
  if (!keika_store_run_transaction (store, undo_write, job, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  keika_store_close_in_background (g_steal_pointer (&store));
  g_task_return_boolean (task, TRUE);
}

/* Back in the library's thread: the library shows what the store holds. */
static void
undo_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UndoJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GHashTable) removed = g_hash_table_new (g_int64_hash, g_int64_equal);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < job->removed->len; i++)
    g_hash_table_add (removed, &g_array_index (job->removed, gint64, i));
  keika_library_remove_many (job->library, removed);

  for (guint i = 0; i < job->restored->len; i++)
    {
      KeikaListEntry *back = g_ptr_array_index (job->restored, i);
      KeikaListEntry *live = keika_library_lookup (job->library, keika_list_entry_get_id (back));

      /* Edited meanwhile in the library (and so in the store after the
       * undo): that edit stays. */
      if (live != NULL && import_entry_equal (live, g_ptr_array_index (job->replaced, i)))
        keika_list_entry_assign (live, back);
    }

  g_task_set_task_data (task, GUINT_TO_POINTER (job->n_kept), NULL);
  g_task_return_boolean (task, TRUE);
}

void
keika_import_undo_async (KeikaStore          *store,
                         KeikaLibrary        *library,
                         KeikaImportUndo     *undo,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  UndoJob *job;

  g_return_if_fail (KEIKA_IS_STORE (store));
  g_return_if_fail (KEIKA_IS_LIBRARY (library));
  g_return_if_fail (undo != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_import_undo_async);

  job = g_new0 (UndoJob, 1);
  job->path = g_strdup (keika_store_get_path (store));
  job->changes = g_ptr_array_ref (undo->changes);
  job->restored = g_ptr_array_new_with_free_func (g_object_unref);
  job->replaced = g_ptr_array_new_with_free_func (g_object_unref);
  job->removed = g_array_new (FALSE, FALSE, sizeof (gint64));
  job->library = g_object_ref (library);

  worker = g_task_new (NULL, cancellable, undo_done_cb, g_steal_pointer (&task));
  g_task_set_name (worker, "[keika] import undo");
  g_task_set_task_data (worker, job, undo_job_free);
  g_task_run_in_thread (worker, undo_thread);
}

gboolean
keika_import_undo_finish (KeikaStore    *store,
                          GAsyncResult  *result,
                          guint         *n_kept,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  if (n_kept != NULL)
    *n_kept = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));

  return TRUE;
}
