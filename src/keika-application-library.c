/* keika-application-library.c — the library file: its daily backup, and
 * what a person can do when it cannot be opened
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Keika"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-application-private.h"
#include "keika-window.h"

/* Backup */

static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *backup_dir = keika_store_dup_backup_dir (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gboolean made = FALSE;

  /* A connection of its own, in this thread: the online backup reads a
   * consistent copy while the window's connection goes on writing. */
  if (!(store = keika_store_open (path, &error)) ||
      !keika_store_backup_daily (store, now, KEIKA_STORE_BACKUPS_KEPT, &made, &error))
    g_warning ("No backup of the library today: %s", error->message);
  else if (made)
    g_debug ("Backed up the library into %s", backup_dir);

  g_task_return_boolean (task, TRUE);
}

void
keika_application_backup_library (KeikaApplication *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEIKA_IS_APPLICATION (self));

  /* An empty library is not worth a copy (nor a day's slot). */
  if (self->store == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->library)) == 0)
    return;

  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, keika_application_backup_library);
  g_task_set_task_data (task, g_strdup (keika_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, backup_thread);
}

/* When the library cannot be opened */

static void
show_failure (KeikaApplication *self,
              const char       *title,
              const GError     *error)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (KEIKA_IS_WINDOW (window))
    keika_window_show_error (KEIKA_WINDOW (window), title, error->message);
  else
    g_printerr ("%s: %s\n", title, error->message);
}

/* Keika starts again, to open the library now in place (main() does it). */
static void
restart (KeikaApplication *self)
{
  self->restart_requested = TRUE;
  g_application_quit (G_APPLICATION (self));
}

gboolean
keika_application_get_restart_requested (KeikaApplication *self)
{
  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), FALSE);

  return self->restart_requested;
}

static void
open_library_folder_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  KeikaApplication *self = user_data;
  g_autofree char *path = keika_store_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *uri = g_filename_to_uri (dir, NULL, NULL);

  if (uri != NULL)
    gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (self)), uri,
                  GDK_CURRENT_TIME);
}

static void
new_library_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KeikaApplication *self = user_data;
  g_autofree char *path = keika_store_dup_default_path ();
  g_autofree char *aside = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store != NULL)
    return;
  if (!keika_store_set_aside (path, &aside, &error))
    {
      show_failure (self, _("A New Library Could Not Be Started"), error);
      return;
    }
  g_message ("The library that could not be opened is kept as %s", aside);
  restart (self);
}

static void
restore_backup_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  KeikaApplication *self = user_data;
  g_autofree char *path = keika_store_dup_default_path ();
  g_autoptr(GPtrArray) backups = keika_store_list_backups (path);
  g_autofree char *aside = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store != NULL || backups->len == 0)
    return;
  if (!keika_store_restore_backup (path, backups->pdata[0], &aside, &error))
    {
      show_failure (self, _("The Backup Could Not Be Restored"), error);
      return;
    }
  g_message ("Restored %s; the library that could not be opened is kept as %s",
             (const char *) backups->pdata[0], aside);
  restart (self);
}

static const GActionEntry library_actions[] = {
  { "open-library-folder", open_library_folder_action },
  { "new-library", new_library_action },
  { "restore-backup", restore_backup_action },
};

void
keika_application_add_library_actions (KeikaApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), library_actions,
                                   G_N_ELEMENTS (library_actions), self);
}
