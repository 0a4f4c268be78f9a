/* keika-window-messages.c — what the window tells the user: toasts, error
 * dialogs, the report of an import
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Keika"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "keika-input.h"
#include "keika-toast-queue.h"
#include "keika-window-private.h"

AdwToast *
keika_window_show_toast (KeikaWindow *self,
                         const char  *message)
{
  g_autofree char *escaped = NULL;
  g_autofree char *valid = NULL;
  AdwToast *toast;

  g_return_val_if_fail (KEIKA_IS_WINDOW (self), NULL);

  /* Toast titles are Pango markup: titles and typed text are not. */
  escaped = g_markup_escape_text (keika_input_valid_text (message, &valid), -1);
  toast = adw_toast_new (escaped);
  keika_toast_queue_add (keika_toast_queue_get (GTK_WIDGET (self)), toast);

  return toast;
}

void
keika_window_dismiss_toast (KeikaWindow *self,
                            AdwToast    *toast)
{
  g_return_if_fail (KEIKA_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  keika_toast_queue_dismiss (keika_toast_queue_get (GTK_WIDGET (self)), toast);
}

void
keika_window_show_error (KeikaWindow *self,
                         const char  *title,
                         const char  *message)
{
  keika_window_show_error_with_details (self, title, message, NULL);
}

void
keika_window_show_error_with_details (KeikaWindow *self,
                                      const char  *title,
                                      const char  *message,
                                      const char  *details)
{
  g_autofree char *valid_title = NULL;
  g_autofree char *valid_message = NULL;
  g_autofree char *valid_details = NULL;
  GtkWidget *dialog;

  g_return_if_fail (KEIKA_IS_WINDOW (self));

  /* Messages may quote a file or a site: never pass on what is not text. */
  title = keika_input_valid_text (title, &valid_title);
  message = keika_input_valid_text (message, &valid_message);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), title, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));

  /* What the person does not need to read, for whoever helps them. */
  if (details != NULL && *details != '\0')
    {
      GtkWidget *expander = gtk_expander_new_with_mnemonic (_("_Details"));
      GtkWidget *label = gtk_label_new (keika_input_valid_text (details, &valid_details));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_expander_set_child (GTK_EXPANDER (expander), label);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), expander);
    }

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Appends up to ten @lines, then how many more there are. */
static void
append_lines (GString   *body,
              GPtrArray *lines)
{
  guint shown = lines != NULL ? MIN (lines->len, 10) : 0;

  for (guint i = 0; i < shown; i++)
    g_string_append_printf (body, "\n%s", (const char *) g_ptr_array_index (lines, i));

  if (lines != NULL && lines->len > shown)
    {
      guint more = lines->len - shown;

      g_string_append (body, "\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", more), more);
    }
}

void
keika_window_show_import_report (KeikaWindow             *self,
                                 const KeikaImportReport *report)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *valid = NULL;
  guint other_skips;
  GtkWidget *dialog;

  g_return_if_fail (KEIKA_IS_WINDOW (self));
  g_return_if_fail (report != NULL);

  other_skips = report->skipped - MIN (report->skipped, report->unchanged + report->held_newer);

  g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u anime added", "%u anime added",
                                             report->added), report->added);
  g_string_append (body, "\n");
  g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u anime changed", "%u anime changed",
                                             report->updated), report->updated);
  if (report->unchanged > 0)
    {
      g_string_append (body, "\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u already up to date",
                                                 "%u already up to date", report->unchanged),
                              report->unchanged);
    }
  if (report->held_newer > 0)
    {
      g_string_append (body, "\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u left as changed here since the file was made",
                                                 "%u left as changed here since the file was made",
                                                 report->held_newer),
                              report->held_newer);
    }
  if (report->kept_missing > 0)
    {
      g_string_append (body, "\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u kept notes, tags or dates the file does not have",
                                                 "%u kept notes, tags or dates the file does not have",
                                                 report->kept_missing),
                              report->kept_missing);
    }
  if (other_skips > 0)
    {
      g_string_append (body, "\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u could not be imported",
                                                 "%u could not be imported", other_skips),
                              other_skips);
    }

  if (report->skip_reasons != NULL && report->skip_reasons->len > 0)
    {
      g_string_append (body, "\n");
      append_lines (body, report->skip_reasons);
    }

  if (report->adjustments != NULL && report->adjustments->len > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("Changed on the way in:"));
      append_lines (body, report->adjustments);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("What Was Imported"),
                                   keika_input_valid_text (body->str, &valid));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

AdwToast *
keika_window_show_import_done (KeikaWindow             *self,
                               GFile                   *file,
                               const KeikaImportReport *report,
                               guint                    serial)
{
  g_autofree char *basename = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *title = NULL;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *details;
  AdwToast *toast;

  g_return_val_if_fail (KEIKA_IS_WINDOW (self), NULL);
  g_return_val_if_fail (report != NULL, NULL);

  {
    g_autofree char *name = g_file_get_basename (file);

    basename = g_strdup (keika_input_valid_text (name, &valid));
  }
  if (report->added > 0 && report->updated > 0)
    /* Translators: %s is a file name; the numbers are anime added and changed */
    title = g_strdup_printf (_("“%s” imported: %u added, %u changed"), basename, report->added, report->updated);
  else if (report->added > 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” imported: %u anime added",
                                          "“%s” imported: %u anime added", report->added),
                             basename, report->added);
  else if (report->updated > 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” imported: %u anime changed",
                                          "“%s” imported: %u anime changed", report->updated),
                             basename, report->updated);
  else
    title = g_strdup_printf (_("“%s” changed nothing"), basename);

  /* The title and a Details button; the toast's own button is Undo. */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  label = gtk_label_new (title);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  details = gtk_button_new_with_mnemonic (_("_Details"));
  gtk_widget_set_valign (details, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (details), "app.import-details");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (details), g_variant_new_uint32 (serial));
  gtk_box_append (GTK_BOX (box), details);

  /* The title is what is read out; the custom title is what is seen. */
  {
    g_autofree char *escaped = g_markup_escape_text (title, -1);

    toast = adw_toast_new (escaped);
  }
  adw_toast_set_custom_title (toast, box);
  adw_toast_set_timeout (toast, 10);
  if (report->added + report->updated > 0)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "app.undo-import");
      adw_toast_set_action_target_value (toast, g_variant_new_uint32 (serial));
    }
  keika_toast_queue_add (keika_toast_queue_get (GTK_WIDGET (self)), toast);

  return toast;
}

/* Restore, when there is a backup: named by its day. */
static void
show_newest_backup (KeikaWindow *self)
{
  g_autofree char *path = keika_store_dup_default_path ();
  g_autoptr(GPtrArray) backups = keika_store_list_backups (path);
  g_autofree char *base = NULL;
  g_autofree char *label = NULL;
  int year, month, day;

  gtk_widget_set_visible (GTK_WIDGET (self->restore_button), backups->len > 0);
  if (backups->len == 0)
    return;

  base = g_path_get_basename (backups->pdata[0]);
  if (sscanf (base, "keika-%d-%d-%d.db", &year, &month, &day) == 3)
    {
      g_autoptr(GDateTime) when = g_date_time_new_local (year, month, day, 0, 0, 0);
      /* Translators: a day, like "5 December 2026"; see g_date_time_format() */
      g_autofree char *date = when != NULL ? g_date_time_format (when, _("%e %B %Y")) : NULL;

      /* Translators: %s is a day, like "5 December 2026" */
      label = g_strdup_printf (_("_Restore the Backup of %s"), date != NULL ? g_strstrip (date) : base);
    }
  else
    label = g_strdup (_("_Restore the Backup"));
  gtk_button_set_label (self->restore_button, label);
}

/* The library cannot be used: say why (when known) and offer nothing that
 * would need it. */
void
keika_window_show_store_error (KeikaWindow  *self,
                               const GError *error)
{
  static const char *store_actions[] = {
    "add", "import", "export", "increment", "increment-selected", "decrement",
    "decrement-selected", "undo-complete", "edit", "edit-score", "search"
  };

  g_clear_object (&self->store);

  if (error != NULL)
    adw_status_page_set_description (self->error_page, error->message);
  show_newest_backup (self);
  gtk_stack_set_visible_child_name (self->main_stack, "error");

  for (guint i = 0; i < G_N_ELEMENTS (store_actions); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                              store_actions[i])),
                                 FALSE);
}
