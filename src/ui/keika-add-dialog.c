/* keika-add-dialog.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaAddDialog"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-add-dialog.h"
#include "keika-anime.h"
#include "keika-window.h"

/* The formats offered, in the order shown. */
static const KeikaFormat formats[] = {
  KEIKA_FORMAT_TV, KEIKA_FORMAT_TV_SHORT, KEIKA_FORMAT_MOVIE, KEIKA_FORMAT_SPECIAL,
  KEIKA_FORMAT_OVA, KEIKA_FORMAT_ONA, KEIKA_FORMAT_MUSIC, KEIKA_FORMAT_UNKNOWN,
};

struct _KeikaAddDialog
{
  AdwWindow      parent_instance;

  GtkWidget     *add_button;
  AdwEntryRow   *title_row;
  AdwComboRow   *format_row;
  GtkStringList *format_list;
  GtkSpinButton *episodes_spin;
  AdwComboRow   *status_row;
  GtkStringList *status_list;

  KeikaWindow   *window;  /* (owned) */
};

G_DEFINE_FINAL_TYPE (KeikaAddDialog, keika_add_dialog, ADW_TYPE_WINDOW)

static char *
dup_title (KeikaAddDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
}

static void
title_changed_cb (KeikaAddDialog *self)
{
  g_autofree char *title = dup_title (self);

  gtk_widget_set_sensitive (self->add_button, *title != '\0');
}

static void
add_clicked_cb (KeikaAddDialog *self)
{
  g_autofree char *title = dup_title (self);
  g_autoptr(KeikaAnime) anime = NULL;
  g_autoptr(KeikaListEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;
  guint format = adw_combo_row_get_selected (self->format_row);

  if (*title == '\0')
    return;

  /* Digits typed in the spin button count even without Enter. */
  gtk_spin_button_update (self->episodes_spin);

  anime = keika_anime_new (title);
  keika_anime_set_format (anime, format < G_N_ELEMENTS (formats) ? formats[format] : KEIKA_FORMAT_UNKNOWN);
  keika_anime_set_episodes (anime, gtk_spin_button_get_value_as_int (self->episodes_spin));

  entry = keika_list_entry_new (anime);
  keika_list_entry_set_status (entry, adw_combo_row_get_selected (self->status_row));
  keika_list_entry_touch (entry);

  if (!keika_store_add_entry (keika_window_get_store (self->window), entry, &error))
    {
      keika_window_show_error (self->window, _("The Anime Could Not Be Added"), error->message);
      return;
    }

  keika_library_append (keika_window_get_library (self->window), entry);
  keika_window_show_entry (self->window, entry);

  message = g_strdup_printf (_("“%s” added"), title);
  toast = keika_window_show_toast (self->window, message);
  /* The target first: a toast already shown checks the action at once. */
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (keika_list_entry_get_id (entry)));
  adw_toast_set_action_name (toast, "win.edit");
  adw_toast_set_button_label (toast, _("_Edit"));
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The title is what a person types first. */
static void
map_cb (KeikaAddDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
keika_add_dialog_dispose (GObject *object)
{
  KeikaAddDialog *self = KEIKA_ADD_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KEIKA_TYPE_ADD_DIALOG);
  g_clear_object (&self->window);

  G_OBJECT_CLASS (keika_add_dialog_parent_class)->dispose (object);
}

static void
keika_add_dialog_class_init (KeikaAddDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keika_add_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/keika/Keika/ui/keika-add-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KeikaAddDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaAddDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAddDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAddDialog, format_list);
  gtk_widget_class_bind_template_child (widget_class, KeikaAddDialog, episodes_spin);
  gtk_widget_class_bind_template_child (widget_class, KeikaAddDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAddDialog, status_list);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
keika_add_dialog_init (KeikaAddDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    gtk_string_list_append (self->format_list, keika_format_to_label (formats[i]));
  for (guint i = 0; i < KEIKA_N_STATUSES; i++)
    gtk_string_list_append (self->status_list, keika_status_to_label (i));

  adw_combo_row_set_selected (self->status_row, KEIKA_STATUS_PLAN_TO_WATCH);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

KeikaAddDialog *
keika_add_dialog_new (KeikaWindow *window)
{
  KeikaAddDialog *self;

  g_return_val_if_fail (KEIKA_IS_WINDOW (window), NULL);

  self = g_object_new (KEIKA_TYPE_ADD_DIALOG, "transient-for", window, NULL);
  self->window = g_object_ref (window);

  return self;
}
