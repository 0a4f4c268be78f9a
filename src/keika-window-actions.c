/* keika-window-actions.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Keika"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-add-dialog.h"
#include "keika-window-private.h"

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  KeikaWindow *self = user_data;

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_sidebar_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  KeikaWindow *self = user_data;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
add_action (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  KeikaWindow *self = user_data;

  gtk_window_present (GTK_WINDOW (keika_add_dialog_new (self)));
}

static KeikaListEntry *
lookup_entry (KeikaWindow *self,
              GVariant    *parameter)
{
  return keika_library_lookup (self->library, g_variant_get_int64 (parameter));
}

static void
increment_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  KeikaWindow *self = user_data;
  KeikaListEntry *entry = lookup_entry (self, parameter);

  if (entry == NULL)
    return;

  if (keika_list_entry_increment_progress (entry))
    keika_window_save_entry (self, entry);
}

/* Ctrl+plus: one more episode of the anime selected in the list. */
static void
increment_selected_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  KeikaWindow *self = user_data;
  KeikaListEntry *entry = gtk_single_selection_get_selected_item (self->selection);

  if (entry != NULL && keika_list_entry_increment_progress (entry))
    keika_window_save_entry (self, entry);
}

static void
edit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  KeikaWindow *self = user_data;
  KeikaListEntry *entry = lookup_entry (self, parameter);

  if (entry != NULL)
    keika_window_open_editor (self, entry);
}

static void
remove_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  KeikaWindow *self = user_data;
  KeikaListEntry *entry = lookup_entry (self, parameter);

  if (entry != NULL)
    keika_window_remove_entry (self, entry);
}

static void
undo_remove_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  keika_window_undo_remove (user_data, g_variant_get_int64 (parameter));
}

static void
show_sync_problems_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  KeikaWindow *self = user_data;

  if (self->n_attention > 0)
    {
      keika_window_set_status_filter (self, KEIKA_STATUS_ATTENTION);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
    }
}

static void
add_filters (GtkFileChooser *chooser,
             gboolean        for_import)
{
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) xml = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();

  gtk_file_filter_set_name (xml, _("MyAnimeList XML"));
  gtk_file_filter_add_pattern (xml, "*.xml");
  if (for_import)
    gtk_file_filter_add_pattern (xml, "*.xml.gz");
  gtk_file_filter_set_name (json, _("Keika JSON"));
  gtk_file_filter_add_pattern (json, "*.json");

  if (for_import)
    {
      gtk_file_filter_set_name (all, _("All Supported Files"));
      gtk_file_filter_add_pattern (all, "*.xml");
      gtk_file_filter_add_pattern (all, "*.xml.gz");
      gtk_file_filter_add_pattern (all, "*.json");
      gtk_file_chooser_add_filter (chooser, all);
    }

  gtk_file_chooser_add_filter (chooser, xml);
  gtk_file_chooser_add_filter (chooser, json);
}

static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          KeikaWindow     *self)
{
  const char *action_name = g_object_get_data (G_OBJECT (dialog), "keika-action");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      /* The name decides the format: a name without an extension gets the
       * one of the chosen file type. */
      if (path != NULL && g_str_equal (action_name, "app.export") &&
          !g_str_has_suffix (path, ".json") && !g_str_has_suffix (path, ".xml"))
        {
          GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
          gboolean json = filter != NULL &&
                          g_strcmp0 (gtk_file_filter_get_name (filter), _("Keika JSON")) == 0;
          const char *extension = json ? ".json" : ".xml";

          char *with_extension = g_strconcat (path, extension, NULL);

          g_free (path);
          path = with_extension;
        }

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), action_name, "s", path);
      else
        keika_window_show_error (self, _("This File Cannot Be Used"),
                                 _("Keika can only read and write files on this computer."));
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  KeikaWindow *self = user_data;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Anime List"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_filters (GTK_FILE_CHOOSER (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "keika-action", (gpointer) "app.import");
  g_signal_connect (chooser, "response", G_CALLBACK (file_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  KeikaWindow *self = user_data;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Library"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_filters (GTK_FILE_CHOOSER (chooser), FALSE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "animelist.xml");
  g_object_set_data (G_OBJECT (chooser), "keika-action", (gpointer) "app.export");
  g_signal_connect (chooser, "response", G_CALLBACK (file_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static const GActionEntry win_actions[] = {
  { "search", search_action },
  { "show-sidebar", show_sidebar_action },
  { "add", add_action },
  { "import", import_action },
  { "export", export_action },
  { "increment", increment_action, "x" },
  { "increment-selected", increment_selected_action },
  { "edit", edit_action, "x" },
  { "remove", remove_action, "x" },
  { "undo-remove", undo_remove_action, "x" },
  { "show-sync-problems", show_sync_problems_action },
};

void
keika_window_class_setup_actions (KeikaWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.increment-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.increment-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.increment-selected", NULL);
}

void
keika_window_setup_actions (KeikaWindow *self)
{
  g_autoptr(GAction) sort_by = g_settings_create_action (self->settings, "sort-by");

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);
  g_action_map_add_action (G_ACTION_MAP (self), sort_by);
}
