/* keika-choose-anime-dialog.c — the person picks a site's anime for an
 * entry the site had no match for
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaChooseAnime"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-choose-anime-dialog.h"
#include "keika-sites.h"

/* Typing settles before the site is asked (its rate limit is shared). */
#define SEARCH_DELAY_MS 400
#define SEARCH_LIMIT 20

struct _KeikaChooseAnimeDialog
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  GtkSearchEntry  *search_entry;
  GtkStack        *stack;
  GtkListBox      *results;
  GtkSpinner      *spinner;
  AdwStatusPage   *status_page;

  KeikaAccount    *account;       /* (owned) */
  KeikaListEntry  *entry;         /* (owned) */
  GPtrArray       *found;         /* (owned) (element-type KeikaAnime) in list order */
  GCancellable    *cancellable;   /* (owned) (nullable) the search under way */
  guint            search_id;
};

G_DEFINE_FINAL_TYPE (KeikaChooseAnimeDialog, keika_choose_anime_dialog, ADW_TYPE_WINDOW)

static void
show_status (KeikaChooseAnimeDialog *self,
             const char             *title,
             const char             *description)
{
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

/* "TV · 2021 · 12 episodes" (transfer full) */
static char *
describe (KeikaAnime *anime)
{
  GString *text = g_string_new (keika_format_to_label (keika_anime_get_format (anime)));
  guint episodes = keika_anime_get_episodes (anime);

  if (keika_anime_get_season_year (anime) > 0)
    g_string_append_printf (text, " · %u", keika_anime_get_season_year (anime));
  if (episodes > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u episode", "%u episodes", episodes),
                              episodes);
    }

  return g_string_free (text, FALSE);
}

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KeikaChooseAnimeDialog) self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  found = keika_site_service_search_finish (KEIKA_SITE_SERVICE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (found == NULL)
    {
      show_status (self, _("Could Not Search"), error->message);
      return;
    }
  if (found->len == 0)
    {
      show_status (self, _("No Anime Found"), _("Try another title, or the title in another language"));
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);

  g_clear_pointer (&self->found, g_ptr_array_unref);
  self->found = g_steal_pointer (&found);
  for (guint i = 0; i < self->found->len; i++)
    {
      KeikaAnime *anime = self->found->pdata[i];
      g_autofree char *subtitle = describe (anime);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     keika_anime_get_title (anime, KEIKA_TITLE_LANGUAGE_ROMAJI));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Choose"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_append (self->results, row);
    }

  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

static gboolean
search_cb (gpointer user_data)
{
  KeikaChooseAnimeDialog *self = user_data;
  KeikaSiteService *service = keika_account_get_service (self->account);
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  self->search_id = 0;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (query[0] == '\0' || service == NULL)
    {
      show_status (self, _("Search the Site"), _("Type the anime’s title"));
      return G_SOURCE_REMOVE;
    }

  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "searching");
  keika_site_service_search_async (service, query, SEARCH_LIMIT, self->cancellable, searched_cb,
                                   g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
search_changed_cb (KeikaChooseAnimeDialog *self)
{
  g_clear_handle_id (&self->search_id, g_source_remove);
  self->search_id = g_timeout_add (SEARCH_DELAY_MS, search_cb, self);
}

static void
row_activated_cb (KeikaChooseAnimeDialog *self,
                  GtkListBoxRow          *row)
{
  int index = gtk_list_box_row_get_index (row);
  KeikaSite site = keika_account_get_site (self->account);
  g_autoptr(GError) error = NULL;
  KeikaAnime *anime;

  if (self->found == NULL || index < 0 || (guint) index >= self->found->len)
    return;

  anime = self->found->pdata[index];
  if (!keika_account_map_entry (self->account, keika_list_entry_get_id (self->entry),
                                keika_anime_get_site_id (anime, site), &error))
    {
      show_status (self, _("Could Not Use This Anime"), error->message);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
keika_choose_anime_dialog_dispose (GObject *object)
{
  KeikaChooseAnimeDialog *self = KEIKA_CHOOSE_ANIME_DIALOG (object);

  g_clear_handle_id (&self->search_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  g_clear_object (&self->account);
  g_clear_object (&self->entry);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEIKA_TYPE_CHOOSE_ANIME_DIALOG);

  G_OBJECT_CLASS (keika_choose_anime_dialog_parent_class)->dispose (object);
}

static void
keika_choose_anime_dialog_class_init (KeikaChooseAnimeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keika_choose_anime_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keika/Keika/ui/keika-choose-anime-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KeikaChooseAnimeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KeikaChooseAnimeDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KeikaChooseAnimeDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KeikaChooseAnimeDialog, results);
  gtk_widget_class_bind_template_child (widget_class, KeikaChooseAnimeDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KeikaChooseAnimeDialog, status_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
keika_choose_anime_dialog_init (KeikaChooseAnimeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KeikaChooseAnimeDialog *
keika_choose_anime_dialog_new (GtkWindow      *parent,
                               KeikaAccount   *account,
                               KeikaListEntry *entry)
{
  KeikaChooseAnimeDialog *self;
  g_autofree char *title = NULL;
  const char *name;

  g_return_val_if_fail (KEIKA_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (entry), NULL);

  self = g_object_new (KEIKA_TYPE_CHOOSE_ANIME_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->account = g_object_ref (account);
  self->entry = g_object_ref (entry);

  /* Translators: %s is a site, like "Kitsu" */
  title = g_strdup_printf (_("Choose the Anime on %s"), keika_site_to_label (keika_account_get_site (account)));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  name = keika_anime_get_title (keika_list_entry_get_anime (entry), KEIKA_TITLE_LANGUAGE_ROMAJI);
  adw_window_title_set_subtitle (self->window_title, name);

  /* Starts from the entry's title: the person checks and picks. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), name);

  return self;
}
