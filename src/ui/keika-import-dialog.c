/* keika-import-dialog.c — what an import will do, before it is written
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Keika"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-import-dialog.h"
#include "keika-input.h"

#define REMOVE_MISSING_KEY "keika-import-remove-missing"
#define REPLACE_NEWER_KEY "keika-import-replace-newer"

static void
line_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_item_set_child (item, label);
}

static void
line_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkStringObject *line = gtk_list_item_get_item (item);
  g_autofree char *valid = NULL;

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      keika_input_valid_text (gtk_string_object_get_string (line), &valid));
}

/* "To Change (2)", opening on a list of @lines: a list view, as an import
 * can add 10,000 anime. NULL when there are none. */
static GtkWidget *
make_section (const char *title,
              GPtrArray  *lines,
              gboolean    expanded)
{
  g_autoptr(GtkStringList) strings = NULL;
  g_autofree char *label = NULL;
  GtkListItemFactory *factory;
  GtkWidget *expander;
  GtkWidget *scrolled;
  GtkWidget *list;

  if (lines == NULL || lines->len == 0)
    return NULL;

  strings = gtk_string_list_new (NULL);
  g_ptr_array_add (lines, NULL);
  gtk_string_list_splice (strings, 0, 0, (const char * const *) lines->pdata);
  g_ptr_array_remove_index (lines, lines->len - 1);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (line_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (line_bind_cb), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&strings)))),
                            factory);
  gtk_widget_add_css_class (list, "keika-import-lines");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 180);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_widget_add_css_class (scrolled, "card");

  /* Translators: a part of an import's summary and how many lines it has, "To Change (2)" */
  label = g_strdup_printf (_("%s (%u)"), title, lines->len);
  expander = gtk_expander_new (label);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), expanded);
  gtk_expander_set_child (GTK_EXPANDER (expander), scrolled);

  return expander;
}

static void
append (GtkWidget *box,
        GtkWidget *child)
{
  if (child != NULL)
    gtk_box_append (GTK_BOX (box), child);
}

static void
update_import_cb (GtkWidget *dialog)
{
  GtkCheckButton *remove = g_object_get_data (G_OBJECT (dialog), REMOVE_MISSING_KEY);
  GtkCheckButton *replace = g_object_get_data (G_OBJECT (dialog), REPLACE_NEWER_KEY);
  gboolean writes = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "keika-import-writes"));

  /* Nothing to import unless a choice makes something. */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import",
                                           writes ||
                                           (remove != NULL && gtk_check_button_get_active (remove)) ||
                                           (replace != NULL && gtk_check_button_get_active (replace)));
}

static GtkWidget *
make_choice (GtkWidget  *dialog,
             const char *key,
             const char *label)
{
  GtkWidget *check = gtk_check_button_new_with_mnemonic (label);
  GtkWidget *text = gtk_check_button_get_child (GTK_CHECK_BUTTON (check));

  if (GTK_IS_LABEL (text))
    gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  g_object_set_data (G_OBJECT (dialog), key, check);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_import_cb), dialog);

  return check;
}

static char *
summary_text (const KeikaImportReport *report)
{
  g_autoptr(GString) body = g_string_new (NULL);
  guint other_skips = report->skipped - MIN (report->skipped, report->unchanged + report->held_newer);

  if (report->added > 0)
    g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u anime will be added.",
                                               "%u anime will be added.", report->added),
                            report->added);
  if (report->updated > 0)
    {
      if (body->len > 0)
        g_string_append_c (body, ' ');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u anime in the library will change.",
                                                 "%u anime in the library will change.", report->updated),
                              report->updated);
    }
  if (body->len == 0)
    g_string_append (body, _("Nothing in the library will change."));

  if (report->unchanged > 0)
    {
      g_string_append_c (body, ' ');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u is already up to date.",
                                                 "%u are already up to date.", report->unchanged),
                              report->unchanged);
    }
  if (report->held_newer > 0)
    {
      g_string_append_c (body, ' ');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u was changed here after the file was made and is left as it is.",
                                                 "%u were changed here after the file was made and are left as they are.",
                                                 report->held_newer),
                              report->held_newer);
    }
  if (other_skips > 0)
    {
      g_string_append_c (body, ' ');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u cannot be imported.",
                                                 "%u cannot be imported.", other_skips),
                              other_skips);
    }

  return g_string_free (g_steal_pointer (&body), FALSE);
}

GtkWidget *
keika_import_dialog_new (GtkWindow          *parent,
                         KeikaImportPreview *preview)
{
  const KeikaImportReport *report;
  g_autofree char *basename = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *valid = NULL;
  GtkWidget *dialog;
  GtkWidget *box;

  g_return_val_if_fail (preview != NULL, NULL);

  report = keika_import_preview_get_report (preview);
  basename = g_file_get_basename (keika_import_preview_get_file (preview));
  /* Translators: %s is the name of the file to import */
  heading = g_strdup_printf (_("Import “%s”?"), basename);
  body = summary_text (report);

  dialog = adw_message_dialog_new (parent, keika_input_valid_text (heading, &valid), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "keika-import-writes",
                     GUINT_TO_POINTER (report->added + report->updated > 0));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  append (box, make_section (_("To Change"), keika_import_preview_get_lines (preview, KEIKA_IMPORT_LINES_CHANGE),
                             TRUE));
  append (box, make_section (_("To Add"), keika_import_preview_get_lines (preview, KEIKA_IMPORT_LINES_ADD),
                             report->updated == 0));
  append (box, make_section (_("Changed Here Since"), keika_import_preview_get_lines (preview, KEIKA_IMPORT_LINES_NEWER),
                             FALSE));
  append (box, make_section (_("Not in the File"), keika_import_preview_get_lines (preview, KEIKA_IMPORT_LINES_MISSING),
                             FALSE));
  append (box, make_section (_("Cannot Be Imported"), keika_import_preview_get_lines (preview, KEIKA_IMPORT_LINES_SKIP),
                             FALSE));
  append (box, make_section (_("Changed on the Way In"), keika_import_preview_get_lines (preview, KEIKA_IMPORT_LINES_ADJUST),
                             FALSE));

  if (report->kept_missing > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Also _remove the notes, tags and dates the file does not have (%u anime)",
                                                             "Also _remove the notes, tags and dates the file does not have (%u anime)",
                                                             report->kept_missing),
                                                report->kept_missing);

      append (box, make_choice (dialog, REMOVE_MISSING_KEY, label));
    }
  if (report->held_newer > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Also _replace the %u anime changed here since the file was made",
                                                             "Also _replace the %u anime changed here since the file was made",
                                                             report->held_newer),
                                                report->held_newer);

      append (box, make_choice (dialog, REPLACE_NEWER_KEY, label));
    }

  if (gtk_widget_get_first_child (box) != NULL)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  else
    {
      g_object_ref_sink (box);
      g_object_unref (box);
    }

  update_import_cb (dialog);

  return dialog;
}

KeikaImportFlags
keika_import_dialog_get_flags (GtkWidget *dialog)
{
  GtkCheckButton *remove = g_object_get_data (G_OBJECT (dialog), REMOVE_MISSING_KEY);
  GtkCheckButton *replace = g_object_get_data (G_OBJECT (dialog), REPLACE_NEWER_KEY);
  KeikaImportFlags flags = KEIKA_IMPORT_DEFAULT;

  if (remove != NULL && gtk_check_button_get_active (remove))
    flags |= KEIKA_IMPORT_REMOVE_MISSING;
  if (replace != NULL && gtk_check_button_get_active (replace))
    flags |= KEIKA_IMPORT_REPLACE_NEWER;

  return flags;
}
