/* keika-window.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Keika"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "keika-anime.h"
#include "keika-application.h"
#include "keika-entry-row.h"
#include "keika-enum-types.h"
#include "keika-focus-region.h"
#include "keika-window-private.h"

G_DEFINE_FINAL_TYPE (KeikaWindow, keika_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LIBRARY,
  PROP_SCORE_FORMAT,
  PROP_TITLE_LANGUAGE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
application_loading_cb (KeikaWindow      *self,
                        GParamSpec       *pspec,
                        KeikaApplication *application)
{
  const GError *error = keika_application_get_store_error (application);

  /* Reading the library failed after the file was opened. */
  if (!keika_application_get_loading (application) && error != NULL)
    keika_window_show_store_error (self, error);
}

KeikaWindow *
keika_window_new (KeikaApplication *application)
{
  KeikaWindow *self;
  const GError *error;

  self = g_object_new (KEIKA_TYPE_WINDOW,
                       "application", application,
                       "store", keika_application_get_store (application),
                       "library", keika_application_get_library (application),
                       NULL);

  g_object_bind_property (application, "loading", self, "loading", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (application, "notify::loading",
                           G_CALLBACK (application_loading_cb), self, G_CONNECT_SWAPPED);
  keika_window_setup_sync (self, application);

  /* Without a store the window shows why, and nothing else. */
  error = keika_application_get_store_error (application);
  if (error != NULL)
    keika_window_show_store_error (self, error);

  return self;
}

KeikaLibrary *
keika_window_get_library (KeikaWindow *self)
{
  g_return_val_if_fail (KEIKA_IS_WINDOW (self), NULL);

  return self->library;
}

KeikaStore *
keika_window_get_store (KeikaWindow *self)
{
  g_return_val_if_fail (KEIKA_IS_WINDOW (self), NULL);

  return self->store;
}

GListModel *
keika_window_get_visible_model (KeikaWindow *self)
{
  return G_LIST_MODEL (self->selection);
}

/* Sorting by title compares collation keys, which the anime keeps (the
 * loading worker makes them). */
static const char *
get_collate_key (KeikaAnime         *anime,
                 KeikaTitleLanguage  language)
{
  return keika_anime_get_collate_key (anime, language);
}

static int
compare_titles (KeikaWindow    *self,
                KeikaListEntry *a,
                KeikaListEntry *b)
{
  int cmp = strcmp (get_collate_key (keika_list_entry_get_anime (a), self->title_language),
                    get_collate_key (keika_list_entry_get_anime (b), self->title_language));

  return cmp < 0 ? GTK_ORDERING_SMALLER : cmp > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

#define COMPARE_DESCENDING(x, y) ((x) > (y) ? GTK_ORDERING_SMALLER : (x) < (y) ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL)

static int
sort_func (gconstpointer item_a,
           gconstpointer item_b,
           gpointer      user_data)
{
  KeikaWindow *self = user_data;
  KeikaListEntry *a = (KeikaListEntry *) item_a;
  KeikaListEntry *b = (KeikaListEntry *) item_b;
  int result = GTK_ORDERING_EQUAL;

  switch (self->sort_mode)
    {
    case KEIKA_SORT_SCORE:
      result = COMPARE_DESCENDING (keika_list_entry_get_score (a), keika_list_entry_get_score (b));
      break;

    case KEIKA_SORT_PROGRESS:
      result = COMPARE_DESCENDING (keika_list_entry_get_progress (a), keika_list_entry_get_progress (b));
      break;

    case KEIKA_SORT_UPDATED:
      result = COMPARE_DESCENDING (keika_list_entry_get_updated_at (a), keika_list_entry_get_updated_at (b));
      break;

    case KEIKA_SORT_TITLE:
    default:
      break;
    }

  if (result == GTK_ORDERING_EQUAL)
    result = compare_titles (self, a, b);

  return result;
}

static const char *
status_filter_label (int status)
{
  if (status == KEIKA_STATUS_ALL)
    return _("All");
  if (status == KEIKA_STATUS_ATTENTION)
    return _("Sync Problems");

  return keika_status_to_label ((KeikaStatus) status);
}

/* A search with no match in the status shown: how many it has in the
 * others, and the way to see them. */
static void
describe_matches_elsewhere (KeikaWindow *self)
{
  int shown = keika_entry_filter_get_status (self->filter);
  guint counts[KEIKA_N_STATUSES];
  g_autoptr(GString) elsewhere = g_string_new (NULL);
  g_autofree char *description = NULL;

  if (shown == KEIKA_STATUS_ALL)
    {
      adw_status_page_set_description (self->no_results_page,
                                       _("No anime in your library matches this search. Try "
                                         "another title, or fewer letters."));
      return;
    }

  keika_entry_filter_count_by_status (self->filter, G_LIST_MODEL (self->library), counts);
  for (int status = 0; status < KEIKA_N_STATUSES; status++)
    {
      if (status == shown || counts[status] == 0)
        continue;
      if (elsewhere->len > 0)
        /* Translators: between the parts of a list, as in "2 in Completed, 1 in Dropped" */
        g_string_append (elsewhere, _(", "));
      /* Translators: "3 in Completed": matches of a search in another status */
      g_string_append_printf (elsewhere, g_dngettext (GETTEXT_PACKAGE, "%u in %s", "%u in %s",
                                                      counts[status]),
                              counts[status], keika_status_to_label (status));
    }

  if (elsewhere->len == 0)
    {
      /* Translators: %s is a status, like "Watching" */
      description = g_strdup_printf (_("No anime in %s, nor anywhere else in your library, "
                                       "matches this search."),
                                     status_filter_label (shown));
      adw_status_page_set_description (self->no_results_page, description);
      return;
    }

  /* Translators: the first %s is a status, like "Watching"; the second lists
   * the others that have matches, like "2 in Completed, 1 in Dropped" */
  description = g_strdup_printf (_("Nothing in %s matches this search. Matches elsewhere: %s."),
                                 status_filter_label (shown), elsewhere->str);
  adw_status_page_set_description (self->no_results_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->show_all_button), TRUE);
}

static void
update_content_page (KeikaWindow *self)
{
  gboolean has_entries;

  const char *page = "list";

  gtk_spinner_set_spinning (self->loading_spinner, self->loading);

  if (self->loading)
    page = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->library)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    page = "no-results";

  gtk_widget_set_visible (GTK_WIDGET (self->show_all_button), FALSE);
  if (g_str_equal (page, "no-results"))
    {
      if (keika_entry_filter_get_searching (self->filter))
        describe_matches_elsewhere (self);
      else if (self->visible_counts[0] == 0)
        adw_status_page_set_description (self->no_results_page,
                                         _("Your list holds only adult titles, which are hidden. "
                                           "They can be shown in Preferences."));
      else
        adw_status_page_set_description (self->no_results_page,
                                         _("No anime in your list has this status"));
    }

  gtk_stack_set_visible_child_name (self->content_stack, page);

  /* Nothing to search or sort in an empty library. */
  has_entries = !self->loading && self->store != NULL &&
                g_list_model_get_n_items (G_LIST_MODEL (self->library)) > 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->sort_button), has_entries);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), has_entries);
  if (!has_entries && gtk_search_bar_get_search_mode (self->search_bar))
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* A new view (another status, order or search) is shown from its top: its
 * first item, as the list view scrolls to an item (setting the scroll
 * position itself while the list is being laid out again is refused). */
static void
show_from_top (KeikaWindow *self)
{
  /* Already there (each keystroke of a search, after the first): nothing
   * to lay out again. */
  if (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->list_scroller)) > 0 &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
}

static void
recount (KeikaWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->library);
  guint n_items = g_list_model_get_n_items (model);
  char text[16];

  memset (self->visible_counts, 0, sizeof self->visible_counts);
  self->n_attention = 0;

  if (keika_entry_filter_get_show_adult (self->filter))
    {
      self->visible_counts[0] = n_items;
      for (guint i = 0; i < KEIKA_N_STATUSES; i++)
        self->visible_counts[i + 1] = keika_library_count_status (self->library, i);
      self->n_attention = keika_library_count_sync_problems (self->library);
    }
  else
    {
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(KeikaListEntry) entry = g_list_model_get_item (model, i);

          /* Adult, as the filter sees it (from the copy on the entry). */
          if (!keika_list_entry_matches (entry, NULL, FALSE))
            continue;

          self->visible_counts[0]++;
          self->visible_counts[keika_list_entry_get_status (entry) + 1]++;
          if (keika_list_entry_get_sync_problem (entry) != NULL)
            self->n_attention++;
        }
    }

  for (guint i = 0; i <= KEIKA_N_STATUSES; i++)
    {
      g_snprintf (text, sizeof text, "%u", self->visible_counts[i]);
      gtk_label_set_label (self->count_labels[i], text);
    }

  /* The Sync Problems row is there while some anime have one. */
  g_snprintf (text, sizeof text, "%u", self->n_attention);
  gtk_label_set_label (self->attention_count, text);
  gtk_widget_set_visible (self->attention_row, self->n_attention > 0);
  if (keika_entry_filter_get_status (self->filter) == KEIKA_STATUS_ATTENTION &&
      self->n_attention == 0)
    keika_window_set_status_filter (self, KEIKA_STATUS_ALL);
}


static void
update_title (KeikaWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *subtitle = NULL;

  adw_window_title_set_title (self->content_title,
                              status_filter_label (keika_entry_filter_get_status (self->filter)));
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u anime", "%u anime", shown), shown);
  adw_window_title_set_subtitle (self->content_title, subtitle);
}

static void
filter_items_changed_cb (KeikaWindow *self)
{
  update_title (self);
  update_content_page (self);
}

static void
library_count_changed_cb (KeikaWindow *self)
{
  /* An entry's status changed: it may have to leave or join the view. */
  if (keika_entry_filter_get_status (self->filter) != KEIKA_STATUS_ALL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);

  recount (self);
  update_title (self);
  update_content_page (self);
}

void
keika_window_set_status_filter (KeikaWindow *self,
                                int          status)
{
  g_return_if_fail (KEIKA_IS_WINDOW (self));
  g_return_if_fail (status >= KEIKA_STATUS_ALL && status <= KEIKA_STATUS_ATTENTION);

  if (keika_entry_filter_get_status (self->filter) == status)
    return;

  keika_library_prefetch (self->library);
  keika_entry_filter_set_status (self->filter, status);
  gtk_list_box_select_row (self->sidebar_list,
                           gtk_list_box_get_row_at_index (self->sidebar_list, status + 1));
  update_title (self);
  update_content_page (self);
  show_from_top (self);
}

void
keika_window_show_entry (KeikaWindow    *self,
                         KeikaListEntry *entry)
{
  GListModel *shown = G_LIST_MODEL (self->selection);
  int status = keika_entry_filter_get_status (self->filter);
  guint n_items;

  g_return_if_fail (KEIKA_IS_WINDOW (self));
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (entry));

  if (!gtk_filter_match (GTK_FILTER (self->filter), entry))
    {
      if (keika_entry_filter_get_searching (self->filter))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
          gtk_search_bar_set_search_mode (self->search_bar, FALSE);
          keika_window_set_search_text (self, NULL);
        }
      if (status != KEIKA_STATUS_ALL && status != (int) keika_list_entry_get_status (entry))
        keika_window_set_status_filter (self, keika_list_entry_get_status (entry));
    }

  n_items = g_list_model_get_n_items (shown);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(KeikaListEntry) item = g_list_model_get_item (shown, i);

      if (item != entry)
        continue;
      gtk_single_selection_set_selected (self->selection, i);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
      break;
    }
}

void
keika_window_set_search_text (KeikaWindow *self,
                              const char  *text)
{
  g_return_if_fail (KEIKA_IS_WINDOW (self));

  keika_library_prefetch (self->library);
  keika_entry_filter_set_search_text (self->filter, text);
  /* An empty view stays empty: what it says may change all the same. */
  update_content_page (self);
  show_from_top (self);
}

void
keika_window_set_sort_mode (KeikaWindow   *self,
                            KeikaSortMode  mode)
{
  g_return_if_fail (KEIKA_IS_WINDOW (self));

  if (self->sort_mode == mode)
    return;

  self->sort_mode = mode;
  if (self->sorter != NULL)
    gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  show_from_top (self);
}

static void
search_changed_cb (KeikaWindow    *self,
                   GtkSearchEntry *entry)
{
  keika_window_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Enter in the search: on to the first match, selected, so that Enter,
 * + and − act on it next (the list would go back to the row it last had
 * the focus on, wherever the search left it). */
static void
search_activate_cb (KeikaWindow    *self,
                    GtkSearchEntry *entry)
{
  g_autoptr(KeikaListEntry) first = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;

  first = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);
  gtk_single_selection_set_selected (self->selection, 0);
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (KEIKA_IS_ENTRY_ROW (row) && gtk_widget_get_child_visible (item) &&
          keika_entry_row_get_entry (KEIKA_ENTRY_ROW (row)) == first &&
          gtk_widget_grab_focus (item))
        return;
    }

  /* Its row is not made yet. */
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
search_stop_cb (KeikaWindow    *self,
                GtkSearchEntry *entry)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* The list follows the sidebar's highlight, as the keyboard moves it. */
static void
sidebar_row_selected_cb (KeikaWindow   *self,
                         GtkListBoxRow *row)
{
  if (row != NULL)
    keika_window_set_status_filter (self, gtk_list_box_row_get_index (row) - 1);
}

static void
sidebar_row_activated_cb (KeikaWindow   *self,
                          GtkListBoxRow *row)
{
  keika_window_set_status_filter (self, gtk_list_box_row_get_index (row) - 1);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
show_all_clicked_cb (KeikaWindow *self)
{
  keika_window_set_status_filter (self, KEIKA_STATUS_ALL);
}

static void
list_activate_cb (KeikaWindow *self,
                  guint        position,
                  GtkGridView *list_view)
{
  g_autoptr(KeikaListEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (entry != NULL)
    keika_window_open_editor (self, entry);
}

static void
build_sidebar (KeikaWindow *self)
{
  for (int status = KEIKA_STATUS_ALL; status <= KEIKA_STATUS_ATTENTION; status++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (status_filter_label (status));
      GtkWidget *count = gtk_label_new ("0");
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (count, "dim-label");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), count);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, count, NULL,
                                      -1);
      gtk_list_box_append (self->sidebar_list, row);

      if (status == KEIKA_STATUS_ATTENTION)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Warning"), -1);
          gtk_box_prepend (GTK_BOX (box), icon);
          gtk_widget_set_visible (row, FALSE);
          self->attention_row = row;
          self->attention_count = GTK_LABEL (count);
        }
      else
        self->count_labels[status + 1] = GTK_LABEL (count);
    }

  gtk_list_box_select_row (self->sidebar_list,
                           gtk_list_box_get_row_at_index (self->sidebar_list, 0));
}

/* Row widgets are kept for reuse. GTK 4.8's list view destroys the list item
 * of every entry that a search hides and makes new ones for those that come
 * into view: up to ~150 on one keystroke. Building rows from their template
 * and destroying them took a fifth of such a keystroke, so the rows outlive
 * their list items, in a pool on the factory. */
#define ROW_POOL_KEY "keika-row-pool"
#define ROW_KEY      "keika-row"
#define ROW_POOL_MAX 256

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  KeikaWindow              *self)
{
  GPtrArray *pool = g_object_get_data (G_OBJECT (factory), ROW_POOL_KEY);
  KeikaEntryRow *row;

  if (pool != NULL && pool->len > 0)
    {
      row = g_ptr_array_steal_index_fast (pool, pool->len - 1);
    }
  else
    {
      row = g_object_ref_sink (keika_entry_row_new ());
      /* The focus stays on the list's row, never on a button in it: the
       * keys do what its buttons do (Enter, + and −), and a button that
       * took the focus would turn Enter into a click on it. */
      gtk_widget_set_can_focus (GTK_WIDGET (row), FALSE);
      g_object_bind_property (self, "score-format", row, "score-format", G_BINDING_SYNC_CREATE);
      g_object_bind_property (self, "title-language", row, "title-language", G_BINDING_SYNC_CREATE);
      g_object_bind_property (self->filter, "one-status", row, "show-status",
                              G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
    }

  /* The list item drops its child before "teardown": this reference lets
   * factory_teardown_cb find it. */
  g_object_set_data_full (G_OBJECT (item), ROW_KEY, row, g_object_unref);
  gtk_list_item_set_child (item, GTK_WIDGET (row));
}

static void
factory_teardown_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     KeikaWindow              *self)
{
  GPtrArray *pool = g_object_get_data (G_OBJECT (factory), ROW_POOL_KEY);
  g_autoptr(KeikaEntryRow) row = g_object_steal_data (G_OBJECT (item), ROW_KEY);

  if (row == NULL)
    return;

  keika_entry_row_set_entry (row, NULL);

  if (pool == NULL)
    {
      pool = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_data_full (G_OBJECT (factory), ROW_POOL_KEY, pool,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  if (pool->len < ROW_POOL_MAX)
    g_ptr_array_add (pool, g_steal_pointer (&row));
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 KeikaWindow              *self)
{
  /* No "unbind": a row keeps its entry until it is bound to another or torn
   * down. GTK 4.8 unbinds and binds again every row whose position changed,
   * mostly to the same entry, and the row then has nothing to do. */
  keika_entry_row_set_entry (KEIKA_ENTRY_ROW (gtk_list_item_get_child (item)),
                             gtk_list_item_get_item (item));
}

static gboolean
enum_from_setting (GValue   *value,
                           GVariant *variant,
                           gpointer  user_data)
{
  GEnumClass *klass = g_type_class_ref (GPOINTER_TO_SIZE (user_data));
  GEnumValue *enum_value = g_enum_get_value_by_nick (klass, g_variant_get_string (variant, NULL));

  if (enum_value != NULL)
    g_value_set_enum (value, enum_value->value);

  g_type_class_unref (klass);
  return enum_value != NULL;
}

static void
show_adult_changed_cb (KeikaWindow *self)
{
  gboolean show_adult = g_settings_get_boolean (self->settings, "show-adult");

  if (show_adult == keika_entry_filter_get_show_adult (self->filter))
    return;

  keika_entry_filter_set_show_adult (self->filter, show_adult);
  recount (self);
}

static void
sort_by_changed_cb (KeikaWindow *self)
{
  g_autofree char *sort_by = g_settings_get_string (self->settings, "sort-by");
  KeikaSortMode mode = KEIKA_SORT_TITLE;

  if (g_str_equal (sort_by, "score"))
    mode = KEIKA_SORT_SCORE;
  else if (g_str_equal (sort_by, "progress"))
    mode = KEIKA_SORT_PROGRESS;
  else if (g_str_equal (sort_by, "updated"))
    mode = KEIKA_SORT_UPDATED;

  keika_window_set_sort_mode (self, mode);
}

/* Prepares every entry for searching a slice at a time while the window is
 * idle, so that the first typed character does not pay for all of them
 * (entries read from the store come prepared; those from elsewhere, or
 * whose titles changed since, do not). */
static gboolean
warm_search_keys_cb (gpointer user_data)
{
  KeikaWindow *self = user_data;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->library));
  guint end = MIN (self->warm_search_pos + 500, n_items);

  for (; self->warm_search_pos < end; self->warm_search_pos++)
    {
      g_autoptr(KeikaListEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->library),
                                                               self->warm_search_pos);

      keika_list_entry_prepare_search (entry);
    }

  if (self->warm_search_pos < n_items)
    return G_SOURCE_CONTINUE;

  self->warm_search_id = 0;
  return G_SOURCE_REMOVE;
}


static void
keika_window_constructed (GObject *object)
{
  KeikaWindow *self = KEIKA_WINDOW (object);
  g_autoptr(GtkListItemFactory) factory = NULL;

  G_OBJECT_CLASS (keika_window_parent_class)->constructed (object);

  if (self->library == NULL)
    self->library = keika_library_new ();

  self->sorter = gtk_custom_sorter_new (sort_func, self, NULL);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->library)),
                                              g_object_ref (GTK_SORTER (self->sorter)));
  self->filter = keika_entry_filter_new ();
  keika_entry_filter_set_show_adult (self->filter,
                                     g_settings_get_boolean (self->settings, "show-adult"));
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  /* Nothing is selected until the user picks a row. */
  self->selection = g_object_new (GTK_TYPE_SINGLE_SELECTION,
                                  "autoselect", FALSE,
                                  "can-unselect", TRUE,
                                  "model", self->filter_model,
                                  NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (factory_teardown_cb), self);
  gtk_grid_view_set_factory (self->list_view, factory);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->library, "count-changed",
                           G_CALLBACK (library_count_changed_cb), self, G_CONNECT_SWAPPED);

  build_sidebar (self);
  keika_window_setup_actions (self);

  self->warm_search_id = g_idle_add_full (G_PRIORITY_LOW, warm_search_keys_cb, self, NULL);

  if (self->store == NULL)
    keika_window_show_store_error (self, NULL);

  recount (self);
  update_title (self);
  update_content_page (self);
}

static void
keika_window_dispose (GObject *object)
{
  KeikaWindow *self = KEIKA_WINDOW (object);

  g_clear_handle_id (&self->warm_search_id, g_source_remove);
  g_clear_handle_id (&self->sync_pulse_id, g_source_remove);
  g_clear_handle_id (&self->expiry_timeout_id, g_source_remove);

  /* The action holds the settings, and GTK 4.8 can keep the window's action
   * group alive after the window (once a tooltip was shown): without this a
   * later change of "sort-by" would reach a freed window. */
  g_action_map_remove_action (G_ACTION_MAP (self), "sort-by");

  if (self->list_view != NULL)
    gtk_grid_view_set_model (self->list_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), KEIKA_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->sorter);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (keika_window_parent_class)->dispose (object);
}

static void
keika_window_finalize (GObject *object)
{
  KeikaWindow *self = KEIKA_WINDOW (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->last_sync_errors); i++)
    g_free (self->last_sync_errors[i]);
  g_clear_pointer (&self->removed, g_hash_table_unref);

  G_OBJECT_CLASS (keika_window_parent_class)->finalize (object);
}

static void
keika_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KeikaWindow *self = KEIKA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_SCORE_FORMAT:
      g_value_set_enum (value, self->score_format);
      break;

    case PROP_TITLE_LANGUAGE:
      g_value_set_enum (value, self->title_language);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KeikaWindow *self = KEIKA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;

    case PROP_SCORE_FORMAT:
      if (self->score_format != (KeikaScoreFormat) g_value_get_enum (value))
        {
          self->score_format = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TITLE_LANGUAGE:
      if (self->title_language != (KeikaTitleLanguage) g_value_get_enum (value))
        {
          self->title_language = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
          if (self->sorter != NULL)
            gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
        }
      break;

    case PROP_LOADING:
      if (self->loading != g_value_get_boolean (value))
        {
          self->loading = g_value_get_boolean (value);
          if (self->content_stack != NULL)
            update_content_page (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_window_class_init (KeikaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = keika_window_constructed;
  object_class->dispose = keika_window_dispose;
  object_class->finalize = keika_window_finalize;
  object_class->get_property = keika_window_get_property;
  object_class->set_property = keika_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         KEIKA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         KEIKA_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCORE_FORMAT] =
    g_param_spec_enum ("score-format", NULL, NULL,
                       KEIKA_TYPE_SCORE_FORMAT, KEIKA_SCORE_FORMAT_POINT_10,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE_LANGUAGE] =
    g_param_spec_enum ("title-language", NULL, NULL,
                       KEIKA_TYPE_TITLE_LANGUAGE, KEIKA_TITLE_LANGUAGE_ROMAJI,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/keika/Keika/keika-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, content);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, sort_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, show_all_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, expiry_revealer);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, expiry_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, failure_revealer);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, failure_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, failure_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, sync_revealer);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaWindow, sync_progress);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  keika_window_class_setup_actions (klass);
}

static void
keika_window_init (KeikaWindow *self)
{
  g_type_ensure (KEIKA_TYPE_SCORE_FORMAT);
  g_type_ensure (KEIKA_TYPE_TITLE_LANGUAGE);
  g_type_ensure (KEIKA_TYPE_FOCUS_REGION);

  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->removed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->settings = g_settings_new ("io.github.keika.Keika");

  g_settings_bind_with_mapping (self->settings, "score-format", self, "score-format",
                                G_SETTINGS_BIND_GET, enum_from_setting, NULL,
                                GSIZE_TO_POINTER (KEIKA_TYPE_SCORE_FORMAT), NULL);
  g_settings_bind_with_mapping (self->settings, "title-language", self, "title-language",
                                G_SETTINGS_BIND_GET, enum_from_setting, NULL,
                                GSIZE_TO_POINTER (KEIKA_TYPE_TITLE_LANGUAGE), NULL);
  g_signal_connect_object (self->settings, "changed::show-adult",
                           G_CALLBACK (show_adult_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::sort-by",
                           G_CALLBACK (sort_by_changed_cb), self, G_CONNECT_SWAPPED);
  sort_by_changed_cb (self);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_object_bind_property (self->search_bar, "search-mode-enabled",
                          self->search_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}
