/* keika-application-import.c — importing a file as a person sees it: a
 * look at what it will do, the choice to import, the result with Undo and
 * Details
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Keika"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-application-private.h"
#include "keika-import-dialog.h"
#include "keika-window.h"

/* One import, from the file chosen to its toast. */
typedef struct
{
  KeikaApplication   *application;  /* (owned) held while the import runs */
  KeikaWindow        *window;       /* (owned) where the import was started */
  GFile              *file;         /* (owned) */
  AdwToast           *toast;        /* (owned) (nullable) "Reading…", "Importing…" */
  KeikaImportPreview *preview;      /* (owned) (nullable) once looked at */
} ImportData;

static void
import_data_free (ImportData *data)
{
  if (data->toast != NULL)
    keika_window_dismiss_toast (data->window, data->toast);
  g_clear_object (&data->toast);
  g_clear_pointer (&data->preview, keika_import_preview_free);
  g_application_release (G_APPLICATION (data->application));
  g_clear_object (&data->application);
  g_clear_object (&data->window);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportData, import_data_free)

/* The window the import was started in or, if it was closed meanwhile (it
 * has left the application then), the one the user has now, if any. */
static KeikaWindow *
import_data_get_window (ImportData *data)
{
  if (gtk_window_get_application (GTK_WINDOW (data->window)) != NULL)
    return data->window;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (data->application)); l; l = l->next)
    {
      if (KEIKA_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static void
show_toast (ImportData *data,
            const char *message)
{
  if (data->toast != NULL)
    keika_window_dismiss_toast (data->window, data->toast);
  g_clear_object (&data->toast);

  /* Shown until that step ends, however long it takes. */
  data->toast = g_object_ref (keika_window_show_toast (data->window, message));
  adw_toast_set_timeout (data->toast, 0);
}

static void
show_failure (ImportData   *data,
              const char   *title,
              const GError *error)
{
  KeikaWindow *window = import_data_get_window (data);

  if (window != NULL)
    keika_window_show_error_with_details (window, title, error->message,
                                          keika_transfer_error_get_details (error));
  else
    g_printerr ("%s: %s\n", title, error->message);
}

void
keika_application_clear_import (KeikaApplication *self)
{
  g_clear_pointer (&self->import_undo, keika_import_undo_free);
  g_clear_pointer (&self->import_report, keika_import_report_free);
}

static gboolean
clear_import_cb (gpointer user_data)
{
  KeikaApplication *self = user_data;
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "keika-import-clear"));

  if (serial == self->import_serial)
    keika_application_clear_import (self);

  return G_SOURCE_REMOVE;
}

/* Undo and Details last as long as the toast that offers them. Cleared a
 * turn later, so that the toast's own button acts first. */
static void
import_toast_dismissed_cb (AdwToast         *toast,
                           KeikaApplication *self)
{
  g_object_set_data (G_OBJECT (self), "keika-import-clear",
                     g_object_get_data (G_OBJECT (toast), "keika-import-serial"));
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, clear_import_cb, g_object_ref (self), g_object_unref);
}

static void
commit_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ImportData) data = user_data;
  KeikaApplication *self = data->application;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportUndo) undo = NULL;
  g_autoptr(GError) error = NULL;
  KeikaWindow *window;
  AdwToast *toast;

  /* The library is up to date by now, whatever became of the window. */
  report = keika_import_commit_finish (KEIKA_STORE (source_object), result, &undo, &error);
  if (report == NULL)
    {
      g_autofree char *basename = g_file_get_basename (data->file);
      g_autofree char *title = g_strdup_printf (_("Could Not Import “%s”"), basename);

      show_failure (data, title, error);
      return;
    }

  if (!(window = import_data_get_window (data)))
    return;

  /* The newest import is the one Undo and Details speak of. */
  keika_application_clear_import (self);
  self->import_serial++;
  self->import_undo = g_steal_pointer (&undo);
  self->import_report = g_steal_pointer (&report);

  toast = keika_window_show_import_done (window, data->file, self->import_report, self->import_serial);
  g_object_set_data (G_OBJECT (toast), "keika-import-serial", GUINT_TO_POINTER (self->import_serial));
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (import_toast_dismissed_cb), self, 0);
}

static void
commit (ImportData       *data,
        KeikaImportFlags  flags)
{
  KeikaApplication *self = data->application;

  if (self->store == NULL)
    {
      import_data_free (data);
      return;
    }

  show_toast (data, _("Importing…"));
  keika_import_commit_async (self->store, self->library, data->preview, flags, NULL,
                             commit_done_cb, data);
}

static void
dialog_response_cb (GtkWidget  *dialog,
                    const char *response,
                    gpointer    user_data)
{
  ImportData *data = g_object_steal_data (G_OBJECT (dialog), "keika-import-data");

  if (data == NULL)
    return;

  if (g_strcmp0 (response, "import") == 0)
    commit (data, keika_import_dialog_get_flags (dialog));
  else
    import_data_free (data);
}

static void
preview_done_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ImportData *data = user_data;
  KeikaApplication *self = data->application;
  g_autoptr(GError) error = NULL;
  KeikaWindow *window;
  GtkWidget *dialog;

  data->preview = keika_import_preview_finish (KEIKA_STORE (source_object), result, &error);
  if (data->preview == NULL)
    {
      g_autofree char *basename = g_file_get_basename (data->file);
      g_autofree char *title = g_strdup_printf (_("Could Not Import “%s”"), basename);

      show_failure (data, title, error);
      import_data_free (data);
      return;
    }

  /* Only new anime: nothing to decide, and Undo takes them out again. */
  if (keika_import_preview_only_adds (data->preview))
    {
      commit (data, KEIKA_IMPORT_DEFAULT);
      return;
    }

  if (!(window = import_data_get_window (data)))
    {
      import_data_free (data);
      return;
    }

  if (data->toast != NULL)
    keika_window_dismiss_toast (data->window, data->toast);
  g_clear_object (&data->toast);

  /* One import is looked at at a time: the latest. */
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));

  dialog = keika_import_dialog_new (GTK_WINDOW (window), data->preview);
  g_object_set_data_full (G_OBJECT (dialog), "keika-import-data", data, (GDestroyNotify) import_data_free);
  g_signal_connect (dialog, "response", G_CALLBACK (dialog_response_cb), NULL);
  self->import_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->import_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  KeikaApplication *self = user_data;
  g_autofree char *basename = NULL;
  g_autofree char *message = NULL;
  KeikaScoreFormat score_format = KEIKA_SCORE_FORMAT_POINT_10;
  ImportData *data;
  KeikaWindow *window;

  window = keika_application_ensure_window (self);
  gtk_window_present (GTK_WINDOW (window));

  if (self->store == NULL)
    return;

  /* The library is still being read: import once it is there. */
  if (self->loading)
    {
      if (self->pending_imports == NULL)
        self->pending_imports = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->pending_imports, g_variant_dup_string (parameter, NULL));
      return;
    }

  /* The file is read and compared in a worker thread, then written in
   * another once chosen. The application stays up until then, even if the
   * window is closed. */
  data = g_new0 (ImportData, 1);
  data->application = g_object_ref (self);
  data->window = g_object_ref (window);
  data->file = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  g_application_hold (G_APPLICATION (self));

  basename = g_file_get_basename (data->file);
  /* Translators: %s is the name of a file */
  message = g_strdup_printf (_("Reading “%s”…"), basename);
  show_toast (data, message);
  /* The summary writes scores as the library shows them. */
  g_object_get (window, "score-format", &score_format, NULL);
  keika_import_preview_async (self->store, data->file, score_format, NULL, preview_done_cb, data);
}

static void
undo_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KeikaApplication) self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GError) error = NULL;
  guint n_kept = 0;

  if (!KEIKA_IS_WINDOW (window))
    window = GTK_WINDOW (keika_application_ensure_window (self));

  if (!keika_import_undo_finish (KEIKA_STORE (source_object), result, &n_kept, &error))
    {
      keika_window_show_error (KEIKA_WINDOW (window), _("Could Not Undo the Import"), error->message);
      return;
    }

  if (n_kept > 0)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Import undone; %u anime changed since was kept",
                                                               "Import undone; %u anime changed since were kept",
                                                               n_kept),
                                                  n_kept);

      keika_window_show_toast (KEIKA_WINDOW (window), message);
    }
  else
    keika_window_show_toast (KEIKA_WINDOW (window), _("Import undone"));
}

static void
undo_import_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KeikaApplication *self = user_data;
  g_autoptr(KeikaImportUndo) undo = NULL;

  if (g_variant_get_uint32 (parameter) != self->import_serial || self->store == NULL)
    return;

  if (!(undo = g_steal_pointer (&self->import_undo)))
    return;

  keika_import_undo_async (self->store, self->library, undo, NULL, undo_done_cb, g_object_ref (self));
}

static void
import_details_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  KeikaApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (g_variant_get_uint32 (parameter) != self->import_serial || self->import_report == NULL)
    return;

  if (!KEIKA_IS_WINDOW (window))
    window = GTK_WINDOW (keika_application_ensure_window (self));
  keika_window_show_import_report (KEIKA_WINDOW (window), self->import_report);
}

static const GActionEntry import_actions[] = {
  { "import", import_action, "s" },
  { "undo-import", undo_import_action, "u" },
  { "import-details", import_details_action, "u" },
};

void
keika_application_add_import_actions (KeikaApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), import_actions,
                                   G_N_ELEMENTS (import_actions), self);
}
