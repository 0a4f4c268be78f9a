/* keika-window-actions.c — the window's actions, and the changes to the
 * library they make: saving an entry, removing it and undoing that, editing
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Keika"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-add-dialog.h"
#include "keika-anime.h"
#include "keika-entry-editor.h"
#include "keika-input.h"
#include "keika-toast-queue.h"
#include "keika-window-private.h"

gboolean
keika_window_save_entry (KeikaWindow    *self,
                         KeikaListEntry *entry)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KEIKA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (entry), FALSE);

  keika_list_entry_touch (entry);

  if (self->store == NULL || !keika_store_save_entry (self->store, entry, &error))
    {
      g_autoptr(KeikaListEntry) stored = NULL;
      g_autoptr(GError) reload_error = NULL;

      keika_window_show_error (self, _("Your Change Could Not Be Saved"),
                               error != NULL ? error->message : NULL);

      /* Show what the store really holds, not the change that failed. */
      if (self->store != NULL)
        stored = keika_store_load_entry (self->store, keika_list_entry_get_id (entry), &reload_error);
      if (stored != NULL)
        keika_list_entry_assign (entry, stored);
      else if (reload_error != NULL)
        g_warning ("Could not read back entry %" G_GINT64_FORMAT ": %s",
                   keika_list_entry_get_id (entry), reload_error->message);

      return FALSE;
    }

  if (self->sort_mode != KEIKA_SORT_TITLE)
    gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);

  return TRUE;
}

/* The removed entry can be brought back while its toast shows. An entry
 * removed, restored and removed again has a newer toast: the older one
 * going leaves it be. */
static void
remove_toast_dismissed_cb (KeikaWindow *self,
                           AdwToast    *toast)
{
  gint64 *id = g_object_get_data (G_OBJECT (toast), "keika-removed-id");
  KeikaListEntry *entry = id != NULL ? g_hash_table_lookup (self->removed, id) : NULL;

  if (entry != NULL && g_object_get_data (G_OBJECT (entry), "keika-removal-toast") == toast)
    {
      g_object_set_data (G_OBJECT (entry), "keika-removal-toast", NULL);
      g_hash_table_remove (self->removed, id);
    }
}

void
keika_window_undo_remove (KeikaWindow *self,
                          gint64       entry_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaListEntry) entry = NULL;
  g_autofree gint64 *key = NULL;

  g_return_if_fail (KEIKA_IS_WINDOW (self));

  if (!g_hash_table_steal_extended (self->removed, &entry_id, (gpointer *) &key, (gpointer *) &entry))
    return;

  if (self->store == NULL || !keika_store_add_entry (self->store, entry, &error))
    {
      keika_window_show_error (self, _("The Anime Could Not Be Restored"),
                               error != NULL ? error->message : NULL);
      return;
    }

  keika_library_append (self->library, entry);
}

void
keika_window_remove_entry (KeikaWindow    *self,
                           KeikaListEntry *entry)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;
  KeikaAnime *anime;
  gint64 *id;

  g_return_if_fail (KEIKA_IS_WINDOW (self));
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (entry));

  if (self->store == NULL || !keika_store_delete_entry (self->store, entry, &error))
    {
      keika_window_show_error (self, _("The Anime Could Not Be Removed"),
                               error != NULL ? error->message : NULL);
      return;
    }

  id = g_new (gint64, 1);
  *id = keika_list_entry_get_id (entry);
  g_hash_table_replace (self->removed, id, g_object_ref (entry));
  keika_library_remove (self->library, *id);

  anime = keika_list_entry_get_anime (entry);
  /* Toast titles are Pango markup. */
  message = g_markup_printf_escaped (_("“%s” removed"), keika_anime_get_title (anime, self->title_language));
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_action_name (toast, "win.undo-remove");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (*id));
  g_object_set_data_full (G_OBJECT (toast), "keika-removed-id", g_memdup2 (id, sizeof *id), g_free);
  g_object_set_data (G_OBJECT (entry), "keika-removal-toast", toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (remove_toast_dismissed_cb),
                           self, G_CONNECT_SWAPPED);
  keika_toast_queue_add (keika_toast_queue_get (GTK_WIDGET (self)), toast);
}

void
keika_window_open_editor (KeikaWindow    *self,
                          KeikaListEntry *entry)
{
  KeikaEntryEditor *editor;

  g_return_if_fail (KEIKA_IS_WINDOW (self));
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (entry));

  editor = keika_entry_editor_new (self, entry);
  gtk_window_present (GTK_WINDOW (editor));
}

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

/* What an entry was before an episode completed it (status, progress,
 * rewatch, dates), kept on the entry while the toast that can undo it is
 * there. */
#define COMPLETED_BEFORE_KEY "keika-completed-before"
#define COMPLETED_TOAST_KEY  "keika-completed-toast"

static void
completed_toast_dismissed_cb (AdwToast       *toast,
                              KeikaListEntry *entry)
{
  if (g_object_get_data (G_OBJECT (entry), COMPLETED_TOAST_KEY) != toast)
    return;

  g_object_set_data (G_OBJECT (entry), COMPLETED_TOAST_KEY, NULL);
  g_object_set_data (G_OBJECT (entry), COMPLETED_BEFORE_KEY, NULL);
}

/* "“Title” is completed", with Undo and Score…: libadwaita 1.2 gives a
 * toast one button, so Score… is part of its title. */
static void
show_completed_toast (KeikaWindow    *self,
                      KeikaListEntry *entry,
                      KeikaListEntry *before)
{
  KeikaAnime *anime = keika_list_entry_get_anime (entry);
  gint64 id = keika_list_entry_get_id (entry);
  g_autofree char *valid = NULL;
  g_autofree char *message = NULL;
  GtkWidget *box, *label, *score;
  AdwToast *toast;

  message = g_strdup_printf (_("“%s” is completed"),
                             keika_input_valid_text (keika_anime_get_title (anime, self->title_language), &valid));
  /* One line, as a toast's title is: a long title in a narrow window ends
   * in an ellipsis (wrapped, the toast gave it two lines even when wide). */
  label = gtk_label_new (message);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  score = gtk_button_new_with_mnemonic (_("_Score…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (score), "win.edit-score");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (score), g_variant_new_int64 (id));
  gtk_widget_set_valign (score, GTK_ALIGN_CENTER);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), score);

  /* The title is what is read out; the custom title is what is seen. */
  {
    g_autofree char *escaped = g_markup_escape_text (message, -1);

    toast = adw_toast_new (escaped);
  }
  adw_toast_set_custom_title (toast, box);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_action_name (toast, "win.undo-complete");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
  g_object_set_data_full (G_OBJECT (entry), COMPLETED_BEFORE_KEY, g_object_ref (before), g_object_unref);
  g_object_set_data (G_OBJECT (entry), COMPLETED_TOAST_KEY, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (completed_toast_dismissed_cb), entry, 0);
  keika_toast_queue_add (keika_toast_queue_get (GTK_WIDGET (self)), toast);
}

static gboolean
is_completed (KeikaListEntry *entry)
{
  return keika_list_entry_get_status (entry) == KEIKA_STATUS_COMPLETED &&
         !keika_list_entry_get_rewatching (entry);
}

/* One more episode, saved. Reaching the last one completes the entry (the
 * model's rule); once that is stored, a toast says so. */
static void
add_episode (KeikaWindow    *self,
             KeikaListEntry *entry)
{
  g_autoptr(KeikaListEntry) before = keika_list_entry_dup (entry);

  if (!keika_list_entry_increment_progress (entry))
    return;
  if (!keika_window_save_entry (self, entry))
    return;

  if (!is_completed (before) && is_completed (entry))
    show_completed_toast (self, entry, before);
}

static void
increment_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  KeikaWindow *self = user_data;
  KeikaListEntry *entry = lookup_entry (self, parameter);

  if (entry != NULL)
    add_episode (self, entry);
}

/* The row's −1: never below none, the status kept. */
static void
decrement_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  KeikaWindow *self = user_data;
  KeikaListEntry *entry = lookup_entry (self, parameter);

  if (entry != NULL && keika_list_entry_decrement_progress (entry))
    keika_window_save_entry (self, entry);
}

/* The completion's Undo: what the entry was before, as one saved edit. A
 * score given meanwhile stays. */
static void
undo_complete_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  KeikaWindow *self = user_data;
  KeikaListEntry *entry = lookup_entry (self, parameter);
  g_autoptr(KeikaListEntry) before = NULL;

  if (entry == NULL || g_object_get_data (G_OBJECT (entry), COMPLETED_BEFORE_KEY) == NULL)
    return;

  before = g_object_ref (g_object_get_data (G_OBJECT (entry), COMPLETED_BEFORE_KEY));
  g_object_set_data (G_OBJECT (entry), COMPLETED_TOAST_KEY, NULL);
  g_object_set_data (G_OBJECT (entry), COMPLETED_BEFORE_KEY, NULL);

  g_object_freeze_notify (G_OBJECT (entry));
  keika_list_entry_set_given_progress (entry, keika_list_entry_get_progress (before));
  keika_list_entry_set_given_status (entry, keika_list_entry_get_status (before));
  keika_list_entry_set_rewatch_count (entry, keika_list_entry_get_rewatch_count (before));
  keika_list_entry_set_rewatching (entry, keika_list_entry_get_rewatching (before));
  keika_list_entry_set_start_date (entry, keika_list_entry_get_start_date (before));
  keika_list_entry_set_finish_date (entry, keika_list_entry_get_finish_date (before));
  g_object_thaw_notify (G_OBJECT (entry));

  keika_window_save_entry (self, entry);
}

/* The completion's Score…: the editor, at the score. */
static void
edit_score_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  KeikaWindow *self = user_data;
  KeikaListEntry *entry = lookup_entry (self, parameter);
  KeikaEntryEditor *editor;

  if (entry == NULL)
    return;

  editor = keika_entry_editor_new (self, entry);
  gtk_window_present (GTK_WINDOW (editor));
  keika_entry_editor_focus_score (editor);
}

/* Ctrl+plus: one more episode of the anime selected in the list. */
static void
increment_selected_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  KeikaWindow *self = user_data;
  KeikaListEntry *entry = gtk_single_selection_get_selected_item (self->selection);

  if (entry != NULL)
    add_episode (self, entry);
}

static void
decrement_selected_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  KeikaWindow *self = user_data;
  KeikaListEntry *entry = gtk_single_selection_get_selected_item (self->selection);

  if (entry != NULL && keika_list_entry_decrement_progress (entry))
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
  { "decrement", decrement_action, "x" },
  { "undo-complete", undo_complete_action, "x" },
  { "edit-score", edit_score_action, "x" },
  { "increment-selected", increment_selected_action },
  { "decrement-selected", decrement_selected_action },
  { "edit", edit_action, "x" },
  { "remove", remove_action, "x" },
  { "undo-remove", undo_remove_action, "x" },
  { "show-sync-problems", show_sync_problems_action },
};

/* In the list, + and − change the selected anime's progress, as its row's
 * button does (Enter opens the editor). */
static gboolean
list_key_pressed_cb (KeikaWindow     *self,
                     guint            keyval,
                     guint            keycode,
                     GdkModifierType  state)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_KP_Add:
      return gtk_widget_activate_action (GTK_WIDGET (self), "win.increment-selected", NULL);
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      return gtk_widget_activate_action (GTK_WIDGET (self), "win.decrement-selected", NULL);
    default:
      return FALSE;
    }
}

void
keika_window_class_setup_actions (KeikaWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_callback (widget_class, list_key_pressed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.increment-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.increment-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.increment-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.decrement-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.decrement-selected", NULL);
}

void
keika_window_setup_actions (KeikaWindow *self)
{
  g_autoptr(GAction) sort_by = g_settings_create_action (self->settings, "sort-by");

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);
  g_action_map_add_action (G_ACTION_MAP (self), sort_by);
}
