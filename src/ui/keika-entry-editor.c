/* keika-entry-editor.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaEntryEditor"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "keika-anime.h"
#include "keika-application.h"
#include "keika-entry-editor.h"
#include "keika-account.h"
#include "keika-score-control.h"
#include "keika-sync-problem-group.h"
#include "keika-window.h"

#define NOTES_SAVE_DELAY_MS 500

struct _KeikaEntryEditor
{
  AdwWindow          parent_instance;

  AdwWindowTitle    *window_title;
  KeikaSyncProblemGroup *sync_problem_group;
  AdwComboRow       *status_row;
  AdwActionRow      *score_row;
  AdwActionRow      *rewatching_row;
  AdwActionRow      *rewatch_count_row;
  GtkWidget         *notes_frame;
  AdwActionRow      *private_row;
  AdwActionRow      *favourite_row;
  /* Under each group, what a site refused of its fields. */
  GtkLabel          *fields_refused;
  GtkLabel          *rewatch_refused;
  GtkLabel          *dates_refused;
  GtkLabel          *notes_refused;
  GtkLabel          *more_refused;
  GtkStringList     *status_list;
  AdwActionRow      *progress_row;
  GtkSpinButton     *progress_spin;
  GtkAdjustment     *progress_adjustment;
  GtkSpinButton     *episodes_spin;
  KeikaScoreControl *score_control;
  GtkSwitch         *rewatching_switch;
  GtkSpinButton     *rewatch_count_spin;
  AdwEntryRow       *start_row;
  AdwEntryRow       *finish_row;
  GtkPopover        *start_popover;
  GtkPopover        *finish_popover;
  GtkCalendar       *start_calendar;
  GtkCalendar       *finish_calendar;
  GtkLabel          *dates_invalid;
  GtkWidget         *no_score_button;
  GtkLabel          *notes_counter;
  GtkTextView       *notes_view;
  AdwEntryRow       *tags_row;
  GtkSwitch         *private_switch;
  GtkSwitch         *favourite_switch;

  GPtrArray         *engines;  /* (owned) (element-type KeikaSyncEngine) signed-in sites */
  KeikaWindow       *window;   /* (owned) */
  KeikaListEntry    *entry;    /* (owned) */
  guint              notes_timeout_id;
  gboolean           syncing;
  gboolean           saving;   /* while a save runs, typed text is kept */
};

G_DEFINE_FINAL_TYPE (KeikaEntryEditor, keika_entry_editor, ADW_TYPE_WINDOW)

/* Commits the entry. When that fails the window gives the entry back its
 * stored values; the editor stays open and keeps what the user typed in the
 * text fields, so nothing typed is lost and closing tries again. */
static void
save (KeikaEntryEditor *self)
{
  self->saving = TRUE;
  keika_window_save_entry (self->window, self->entry);
  self->saving = FALSE;
}

static char *
get_notes_text (KeikaEntryEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_notes_counter (KeikaEntryEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("%d / %d characters"),
                          gtk_text_buffer_get_char_count (buffer), KEIKA_NOTES_MAX_CHARS);
  gtk_label_set_label (self->notes_counter, text);
}

/* The row of a field, and the label under its group. */
static GtkWidget *
field_widgets (KeikaEntryEditor  *self,
               KeikaEntryFields   field,
               GtkLabel         **label)
{
  switch (field)
    {
    case KEIKA_ENTRY_FIELD_STATUS:
      *label = self->fields_refused;
      return GTK_WIDGET (self->status_row);
    case KEIKA_ENTRY_FIELD_PROGRESS:
      *label = self->fields_refused;
      return GTK_WIDGET (self->progress_row);
    case KEIKA_ENTRY_FIELD_SCORE:
      *label = self->fields_refused;
      return GTK_WIDGET (self->score_row);
    case KEIKA_ENTRY_FIELD_REWATCHING:
      *label = self->rewatch_refused;
      return GTK_WIDGET (self->rewatching_row);
    case KEIKA_ENTRY_FIELD_REWATCH_COUNT:
      *label = self->rewatch_refused;
      return GTK_WIDGET (self->rewatch_count_row);
    case KEIKA_ENTRY_FIELD_START_DATE:
      *label = self->dates_refused;
      return GTK_WIDGET (self->start_row);
    case KEIKA_ENTRY_FIELD_FINISH_DATE:
      *label = self->dates_refused;
      return GTK_WIDGET (self->finish_row);
    case KEIKA_ENTRY_FIELD_NOTES:
      *label = self->notes_refused;
      return GTK_WIDGET (self->notes_view);
    case KEIKA_ENTRY_FIELD_TAGS:
      *label = self->more_refused;
      return GTK_WIDGET (self->tags_row);
    case KEIKA_ENTRY_FIELD_PRIVATE:
      *label = self->more_refused;
      return GTK_WIDGET (self->private_row);
    case KEIKA_ENTRY_FIELD_FAVOURITE:
      *label = self->more_refused;
      return GTK_WIDGET (self->favourite_row);
    case KEIKA_ENTRY_FIELD_NONE:
    case KEIKA_ENTRY_FIELD_PRIORITY:
    case KEIKA_ENTRY_FIELD_ALL:
    default:
      *label = NULL;
      return NULL;
    }
}

static void
string_free (gpointer text)
{
  g_string_free (text, TRUE);
}

/* Under each field a site refused, what it said; the field's row is marked
 * and says it to a screen reader too. */
static void
show_refused_fields (KeikaEntryEditor *self)
{
  GtkLabel *labels[] = { self->fields_refused, self->rewatch_refused, self->dates_refused,
                         self->notes_refused, self->more_refused };
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                       string_free);
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                      string_free);

  for (guint i = 0; self->engines != NULL && i < self->engines->len; i++)
    {
      KeikaSyncEngine *engine = self->engines->pdata[i];
      const char *site = keika_site_to_label (keika_profile_get_site (keika_sync_engine_get_profile (engine)));
      g_autoptr(GHashTable) refused = keika_sync_engine_dup_refused_fields (engine,
                                                                             keika_list_entry_get_id (self->entry));

      for (KeikaEntryFields field = KEIKA_ENTRY_FIELD_STATUS;
           refused != NULL && field < KEIKA_ENTRY_FIELD_ALL; field <<= 1)
        {
          const char *said = g_hash_table_lookup (refused, GUINT_TO_POINTER (field));
          const char *name = keika_sync_problem_group_field_label (field);
          g_autofree char *line = NULL;
          GtkLabel *label;
          GtkWidget *row = field_widgets (self, field, &label);
          GString *text;

          if (said == NULL || name == NULL || row == NULL)
            continue;
          /* Translators: "Score was not sent to AniList: “The score must be
           * between 0 and 100”." The first %s is a field, the second a site,
           * the third what the site said. */
          line = g_strdup_printf (_("%s was not sent to %s: “%s”."), name, site, said);
          if (!(text = g_hash_table_lookup (texts, label)))
            g_hash_table_insert (texts, label, (text = g_string_new (NULL)));
          g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
          if (!(text = g_hash_table_lookup (rows, row)))
            g_hash_table_insert (rows, row, (text = g_string_new (NULL)));
          g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", line);
        }
    }

  for (KeikaEntryFields field = KEIKA_ENTRY_FIELD_STATUS; field < KEIKA_ENTRY_FIELD_ALL; field <<= 1)
    {
      GtkLabel *label;
      GtkWidget *row = field_widgets (self, field, &label);
      GString *text;

      if (row == NULL)
        continue;
      if ((text = g_hash_table_lookup (rows, row)) != NULL)
        {
          gtk_widget_add_css_class (row == GTK_WIDGET (self->notes_view) ? self->notes_frame : row,
                                    "error");
          gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                          text->str, -1);
        }
      else
        {
          gtk_widget_remove_css_class (row == GTK_WIDGET (self->notes_view) ? self->notes_frame : row,
                                       "error");
          gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      GString *text = g_hash_table_lookup (texts, labels[i]);

      gtk_label_set_text (labels[i], text != NULL ? text->str : "");
      gtk_widget_set_visible (GTK_WIDGET (labels[i]), text != NULL);
    }
}

static void
show_score_state (KeikaEntryEditor *self)
{
  guint score = keika_score_control_get_score (self->score_control);

  gtk_widget_set_sensitive (self->no_score_button, score > 0);
  adw_action_row_set_subtitle (self->score_row, score > 0 ? NULL : _("No score"));
}

/* The calendar shows the row's date (its first day, for a month or a year),
 * or today. */
static void
set_calendar_date (GtkCalendar *calendar,
                   const char  *date)
{
  g_autoptr(GDateTime) day = NULL;
  int year = 0, month = 1, mday = 1;

  if (date != NULL && keika_fuzzy_date_is_valid (date) && *date != '\0' &&
      sscanf (date, "%d-%d-%d", &year, &month, &mday) >= 1)
    day = g_date_time_new_local (year, MAX (month, 1), MAX (mday, 1), 0, 0, 0);
  if (day == NULL)
    day = g_date_time_new_now_local ();
  gtk_calendar_select_day (calendar, day);
}

/* Shows the entry's values; @pspec names the one that changed, or is NULL for
 * all. Text being typed elsewhere in the editor is left alone. */
static void
sync_from_entry (KeikaEntryEditor *self,
                 GParamSpec       *pspec)
{
  KeikaAnime *anime = keika_list_entry_get_anime (self->entry);
  guint episodes = keika_anime_get_episodes (anime);
  const char * const *tags = keika_list_entry_get_tags (self->entry);
  g_autofree char *tags_text = NULL;
  g_autofree char *notes = NULL;

  if (pspec == NULL || g_str_equal (pspec->name, "sync-problem"))
    show_refused_fields (self);
  if (pspec != NULL && g_str_equal (pspec->name, "sync-problem"))
    return;

  self->syncing = TRUE;

  adw_combo_row_set_selected (self->status_row, keika_list_entry_get_status (self->entry));

  gtk_spin_button_set_value (self->episodes_spin, episodes);
  /* A site may hold a progress past the count another site gives: shown as
   * it is, never cut by opening the editor. */
  gtk_adjustment_set_upper (self->progress_adjustment,
                            episodes > 0 ? MAX (episodes, keika_list_entry_get_progress (self->entry))
                                         : 100000);
  gtk_spin_button_set_value (self->progress_spin, keika_list_entry_get_progress (self->entry));
  if (episodes > 0)
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "Of %u episode",
                                                                "Of %u episodes",
                                                                episodes), episodes);
      adw_action_row_set_subtitle (self->progress_row, subtitle);
    }
  else
    {
      adw_action_row_set_subtitle (self->progress_row, _("The number of episodes is not known"));
    }

  keika_score_control_set_score (self->score_control, keika_list_entry_get_score (self->entry));
  show_score_state (self);
  gtk_switch_set_active (self->rewatching_switch, keika_list_entry_get_rewatching (self->entry));
  gtk_spin_button_set_value (self->rewatch_count_spin, keika_list_entry_get_rewatch_count (self->entry));
  gtk_switch_set_active (self->private_switch, keika_list_entry_get_private (self->entry));
  gtk_switch_set_active (self->favourite_switch, keika_list_entry_get_favourite (self->entry));

  /* What is typed stays while a failed save puts the stored values back. */
  if (self->saving)
    {
      self->syncing = FALSE;
      return;
    }

  if (pspec == NULL || g_str_equal (pspec->name, "start-date"))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->start_row),
                             keika_list_entry_get_start_date (self->entry) ?: "");
      set_calendar_date (self->start_calendar, keika_list_entry_get_start_date (self->entry));
    }
  if (pspec == NULL || g_str_equal (pspec->name, "finish-date"))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->finish_row),
                             keika_list_entry_get_finish_date (self->entry) ?: "");
      set_calendar_date (self->finish_calendar, keika_list_entry_get_finish_date (self->entry));
    }

  if (pspec == NULL || g_str_equal (pspec->name, "tags"))
    {
      tags_text = tags != NULL ? g_strjoinv (", ", (char **) tags) : g_strdup ("");
      gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tags_text);
    }

  /* Only replace the notes when they differ, or the cursor would jump. */
  if (pspec == NULL || g_str_equal (pspec->name, "notes"))
    {
      notes = get_notes_text (self);
      if (g_strcmp0 (notes, keika_list_entry_get_notes (self->entry) ?: "") != 0)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                                  keika_list_entry_get_notes (self->entry) ?: "", -1);
      update_notes_counter (self);
    }

  self->syncing = FALSE;
}

static void
status_selected_cb (KeikaEntryEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  /* The combo also reports the stored status put back after a failed save. */
  if (self->syncing || selected >= KEIKA_N_STATUSES ||
      selected == keika_list_entry_get_status (self->entry))
    return;

  keika_list_entry_set_status (self->entry, selected);
  save (self);
}

static void
progress_changed_cb (KeikaEntryEditor *self)
{
  if (self->syncing)
    return;

  keika_list_entry_set_progress (self->entry, gtk_spin_button_get_value_as_int (self->progress_spin));
  save (self);
}

/* The episode count belongs to the anime; it can be set here for anime
 * added by hand, which no site describes. */
static void
episodes_changed_cb (KeikaEntryEditor *self)
{
  KeikaAnime *anime = keika_list_entry_get_anime (self->entry);
  guint episodes = gtk_spin_button_get_value_as_int (self->episodes_spin);

  if (self->syncing || episodes == keika_anime_get_episodes (anime))
    return;

  keika_anime_set_episodes (anime, episodes);
  /* A smaller count may cap the progress and complete the entry. */
  if (episodes > 0 && keika_list_entry_get_progress (self->entry) >= episodes)
    keika_list_entry_set_progress (self->entry, episodes);
  /* The count is the anime's: show its effect without touching typed text. */
  sync_from_entry (self, g_object_class_find_property (G_OBJECT_GET_CLASS (self->entry), "progress"));
  save (self);
}

static void
no_score_clicked_cb (KeikaEntryEditor *self)
{
  keika_score_control_set_score (self->score_control, 0);
}

static void
score_changed_cb (KeikaEntryEditor *self)
{
  show_score_state (self);
  if (self->syncing)
    return;

  keika_list_entry_set_score (self->entry, keika_score_control_get_score (self->score_control));
  save (self);
}

static void
rewatching_changed_cb (KeikaEntryEditor *self)
{
  if (self->syncing)
    return;

  keika_list_entry_set_rewatching (self->entry, gtk_switch_get_active (self->rewatching_switch));
  save (self);
}

static void
rewatch_count_changed_cb (KeikaEntryEditor *self)
{
  if (self->syncing)
    return;

  keika_list_entry_set_rewatch_count (self->entry,
                                      gtk_spin_button_get_value_as_int (self->rewatch_count_spin));
  save (self);
}

static void
private_changed_cb (KeikaEntryEditor *self)
{
  if (self->syncing)
    return;

  keika_list_entry_set_private (self->entry, gtk_switch_get_active (self->private_switch));
  save (self);
}

static void
favourite_changed_cb (KeikaEntryEditor *self)
{
  if (self->syncing)
    return;

  keika_list_entry_set_favourite (self->entry, gtk_switch_get_active (self->favourite_switch));
  save (self);
}

static gboolean
date_row_is_valid (AdwEntryRow *row)
{
  return keika_fuzzy_date_is_valid (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static gboolean apply_dates (KeikaEntryEditor *self);

/* Why @text is not a date, in words. */
static char *
describe_invalid_date (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "-", 0);
  guint n = g_strv_length (parts);
  gint64 numbers[3] = { 0, 0, 0 };
  static const guint8 lengths[] = { 4, 2, 2 };

  for (guint i = 0; i < n && i < 3; i++)
    {
      if (strlen (parts[i]) != lengths[i] || !g_ascii_string_to_signed (parts[i], 10, 0, 9999,
                                                                         &numbers[i], NULL))
        n = 0;
    }

  if (n == 0 || n > 3)
    /* Translators: %s is what was typed in a date field */
    return g_strdup_printf (_("“%s” is not a date. Write a year, a month or a day, like 2024, "
                              "2024-04 or 2024-04-07."), text);
  if (numbers[0] < 1)
    /* Translators: %s is what was typed in a date field */
    return g_strdup_printf (_("“%s”: the year is too early."), text);
  if (n >= 2 && (numbers[1] < 1 || numbers[1] > 12))
    /* Translators: %s is what was typed in a date field */
    return g_strdup_printf (_("“%s”: a month is from 01 to 12."), text);
  if (n == 3 && !g_date_valid_dmy (numbers[2], numbers[1], numbers[0]))
    {
      guint days = g_date_get_days_in_month (numbers[1], numbers[0]);

      /* Translators: %s is what was typed in a date field; %u a number of days */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "“%s”: that month has %u day.",
                                           "“%s”: that month has %u days.", days), text, days);
    }

  /* Translators: %s is what was typed in a date field */
  return g_strdup_printf (_("“%s” is not a date."), text);
}

/* Under the dates, why one that was typed cannot be read. */
static void
show_invalid_dates (KeikaEntryEditor *self)
{
  AdwEntryRow *rows[] = { self->start_row, self->finish_row };
  const char *names[] = { _("Started"), _("Finished") };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *why = NULL;

      if (date_row_is_valid (rows[i]))
        {
          gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");
          continue;
        }
      gtk_widget_add_css_class (GTK_WIDGET (rows[i]), "error");
      why = describe_invalid_date (gtk_editable_get_text (GTK_EDITABLE (rows[i])));
      /* Translators: "Started: “2024-13” is not a date…" */
      g_string_append_printf (text, "%s%s: %s", text->len > 0 ? "\n" : "", names[i], why);
    }

  gtk_label_set_text (self->dates_invalid, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->dates_invalid), text->len > 0);
}

static void
date_changed_cb (KeikaEntryEditor *self,
                 AdwEntryRow      *row)
{
  show_invalid_dates (self);
}

static void
set_date_from_calendar (KeikaEntryEditor *self,
                        AdwEntryRow      *row,
                        GtkCalendar      *calendar,
                        GtkPopover       *popover)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");

  gtk_popover_popdown (popover);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  if (apply_dates (self))
    save (self);
}

static void
start_date_set_cb (KeikaEntryEditor *self)
{
  set_date_from_calendar (self, self->start_row, self->start_calendar, self->start_popover);
}

static void
finish_date_set_cb (KeikaEntryEditor *self)
{
  set_date_from_calendar (self, self->finish_row, self->finish_calendar, self->finish_popover);
}

/* Applies both date rows when they hold valid dates that differ from the
 * entry's; returns TRUE if something was saved. */
static gboolean
apply_dates (KeikaEntryEditor *self)
{
  const char *start = gtk_editable_get_text (GTK_EDITABLE (self->start_row));
  const char *finish = gtk_editable_get_text (GTK_EDITABLE (self->finish_row));
  gboolean changed = FALSE;

  if (*start == '\0')
    start = NULL;
  if (*finish == '\0')
    finish = NULL;

  if (date_row_is_valid (self->start_row) &&
      g_strcmp0 (start, keika_list_entry_get_start_date (self->entry)) != 0)
    changed |= keika_list_entry_set_start_date (self->entry, start);

  if (date_row_is_valid (self->finish_row) &&
      g_strcmp0 (finish, keika_list_entry_get_finish_date (self->entry)) != 0)
    changed |= keika_list_entry_set_finish_date (self->entry, finish);

  return changed;
}

static void
dates_apply_cb (KeikaEntryEditor *self)
{
  if (apply_dates (self))
    save (self);
}

static GStrv
parse_tags (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

static gboolean
apply_tags (KeikaEntryEditor *self)
{
  g_auto(GStrv) tags = parse_tags (gtk_editable_get_text (GTK_EDITABLE (self->tags_row)));
  const char * const *current = keika_list_entry_get_tags (self->entry);
  const char * const empty[] = { NULL };

  if (g_strv_equal ((const char * const *) tags, current != NULL ? current : empty))
    return FALSE;

  keika_list_entry_set_tags (self->entry, (const char * const *) (tags[0] != NULL ? tags : NULL));
  return TRUE;
}

static void
tags_apply_cb (KeikaEntryEditor *self)
{
  if (apply_tags (self))
    save (self);
}

static gboolean
apply_notes (KeikaEntryEditor *self)
{
  g_autofree char *notes = get_notes_text (self);

  g_clear_handle_id (&self->notes_timeout_id, g_source_remove);

  if (g_strcmp0 (notes, keika_list_entry_get_notes (self->entry) ?: "") == 0)
    return FALSE;

  keika_list_entry_set_notes (self->entry, *notes != '\0' ? notes : NULL);
  return TRUE;
}

static gboolean
notes_timeout_cb (gpointer user_data)
{
  KeikaEntryEditor *self = user_data;

  self->notes_timeout_id = 0;
  if (apply_notes (self))
    save (self);

  return G_SOURCE_REMOVE;
}

static void
notes_changed_cb (KeikaEntryEditor *self)
{
  update_notes_counter (self);

  if (self->syncing)
    return;

  g_clear_handle_id (&self->notes_timeout_id, g_source_remove);
  self->notes_timeout_id = g_timeout_add (NOTES_SAVE_DELAY_MS, notes_timeout_cb, self);
}

/* Keeps the notes within the limit by cutting what is typed or pasted. */
static void
notes_insert_text_cb (GtkTextBuffer    *buffer,
                      GtkTextIter      *location,
                      char             *text,
                      int               length,
                      KeikaEntryEditor *self)
{
  int room = KEIKA_NOTES_MAX_CHARS - gtk_text_buffer_get_char_count (buffer);
  glong n_chars = g_utf8_strlen (text, length);

  if (n_chars <= room)
    return;

  g_signal_stop_emission_by_name (buffer, "insert-text");
  gtk_widget_error_bell (GTK_WIDGET (self->notes_view));

  if (room > 0)
    {
      const char *cut = g_utf8_offset_to_pointer (text, room);

      g_signal_handlers_block_by_func (buffer, notes_insert_text_cb, self);
      gtk_text_buffer_insert (buffer, location, text, cut - text);
      g_signal_handlers_unblock_by_func (buffer, notes_insert_text_cb, self);
    }
}

/* The anime left the library (removed from a sync problem, or anywhere
 * else): there is nothing left to edit. */
static void
library_changed_cb (KeikaEntryEditor *self)
{
  KeikaLibrary *library = keika_window_get_library (self->window);

  if (keika_library_lookup (library, keika_list_entry_get_id (self->entry)) != self->entry)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
remove_clicked_cb (KeikaEntryEditor *self)
{
  g_autoptr(KeikaWindow) window = g_object_ref (self->window);
  gint64 id = keika_list_entry_get_id (self->entry);

  gtk_window_destroy (GTK_WINDOW (self));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove", "x", id);
}

/* Values that were typed but not applied yet are saved when the editor
 * closes: spin buttons take typed digits only on Enter or focus-out. */
static gboolean
keika_entry_editor_close_request (GtkWindow *window)
{
  KeikaEntryEditor *self = KEIKA_ENTRY_EDITOR (window);
  AdwEntryRow *date_rows[] = { self->start_row, self->finish_row };
  gboolean changed = FALSE;

  gtk_spin_button_update (self->progress_spin);
  gtk_spin_button_update (self->episodes_spin);
  gtk_spin_button_update (self->rewatch_count_spin);
  keika_score_control_commit (self->score_control);

  changed |= apply_notes (self);
  changed |= apply_dates (self);
  changed |= apply_tags (self);

  if (changed)
    save (self);

  for (guint i = 0; i < G_N_ELEMENTS (date_rows); i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (date_rows[i]));

      if (!date_row_is_valid (date_rows[i]))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a date, so it was not saved"), text);

          keika_window_show_toast (self->window, message);
        }
    }

  return GTK_WINDOW_CLASS (keika_entry_editor_parent_class)->close_request (window);
}

static void
keika_entry_editor_dispose (GObject *object)
{
  KeikaEntryEditor *self = KEIKA_ENTRY_EDITOR (object);

  g_clear_handle_id (&self->notes_timeout_id, g_source_remove);
  /* Disposing a spin button commits its text: nothing may be edited now. */
  self->syncing = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), KEIKA_TYPE_ENTRY_EDITOR);
  g_clear_object (&self->entry);
  g_clear_object (&self->window);
  g_clear_pointer (&self->engines, g_ptr_array_unref);

  G_OBJECT_CLASS (keika_entry_editor_parent_class)->dispose (object);
}

static void
keika_entry_editor_class_init (KeikaEntryEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = keika_entry_editor_dispose;
  window_class->close_request = keika_entry_editor_close_request;

  g_type_ensure (KEIKA_TYPE_SCORE_CONTROL);
  g_type_ensure (KEIKA_TYPE_SYNC_PROBLEM_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/keika/Keika/ui/keika-entry-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, sync_problem_group);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, status_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, status_list);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, start_popover);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, finish_popover);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, start_calendar);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, finish_calendar);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, dates_invalid);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, no_score_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, score_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, rewatching_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, rewatch_count_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, notes_frame);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, private_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, favourite_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, fields_refused);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, rewatch_refused);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, dates_refused);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, notes_refused);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, more_refused);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, progress_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, progress_spin);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, progress_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, episodes_spin);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, score_control);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, rewatching_switch);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, rewatch_count_spin);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, start_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, finish_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, notes_counter);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, notes_view);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, private_switch);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryEditor, favourite_switch);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, progress_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, episodes_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, score_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, no_score_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_date_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, finish_date_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, rewatching_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rewatch_count_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, private_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, favourite_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, dates_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, tags_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
keika_entry_editor_init (KeikaEntryEditor *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->engines = g_ptr_array_new_with_free_func (g_object_unref);

  /* Nothing is edited until keika_entry_editor_new() has shown the entry. */
  self->syncing = TRUE;

  for (guint i = 0; i < KEIKA_N_STATUSES; i++)
    gtk_string_list_append (self->status_list, keika_status_to_label (i));

  buffer = gtk_text_view_get_buffer (self->notes_view);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (notes_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "insert-text", G_CALLBACK (notes_insert_text_cb), self, 0);
}

/* What each signed-in site refused of this entry, or kept of a conflict:
 * one group per site, the first one from the template, above the fields. */
static void
add_sync_problem_groups (KeikaEntryEditor *self,
                         GListModel       *accounts,
                         KeikaScoreFormat  format)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (self->sync_problem_group),
                                             ADW_TYPE_PREFERENCES_PAGE);
  KeikaSyncProblemGroup *group = self->sync_problem_group;
  GtkWidget *fields = gtk_widget_get_next_sibling (GTK_WIDGET (group));
  guint n_shown = 0;

  keika_sync_problem_group_set_entry (group, NULL, self->entry, format);
  for (guint i = 0; accounts != NULL && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(KeikaAccount) account = g_list_model_get_item (accounts, i);
      KeikaSyncEngine *engine = keika_account_get_engine (account);

      if (engine == NULL)
        continue;
      g_ptr_array_add (self->engines, g_object_ref (engine));
      if (n_shown++ > 0)
        {
          group = g_object_new (KEIKA_TYPE_SYNC_PROBLEM_GROUP, NULL);
          adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
          /* Above the fields, after the groups before it. */
          if (fields != NULL)
            gtk_widget_insert_before (GTK_WIDGET (group), gtk_widget_get_parent (fields), fields);
        }
      keika_sync_problem_group_set_entry (group, engine, self->entry, format);
    }
}

/* The score is shown in the format chosen meanwhile in Preferences. */
static void
score_format_changed_cb (KeikaEntryEditor *self)
{
  KeikaScoreFormat format;

  g_object_get (self->window, "score-format", &format, NULL);
  self->syncing = TRUE;
  keika_score_control_set_format (self->score_control, format);
  self->syncing = FALSE;
}

KeikaEntryEditor *
keika_entry_editor_new (KeikaWindow    *window,
                        KeikaListEntry *entry)
{
  KeikaEntryEditor *self;
  KeikaAnime *anime;
  KeikaTitleLanguage language;
  KeikaScoreFormat format;
  GtkApplication *app;

  g_return_val_if_fail (KEIKA_IS_WINDOW (window), NULL);
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (entry), NULL);

  self = g_object_new (KEIKA_TYPE_ENTRY_EDITOR,
                       "transient-for", window,
                       NULL);
  self->window = g_object_ref (window);
  self->entry = g_object_ref (entry);

  g_object_get (window, "title-language", &language, "score-format", &format, NULL);
  /* Never taller than the window it belongs to. */
  if (gtk_widget_get_height (GTK_WIDGET (window)) > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), 480,
                                 MIN (680, gtk_widget_get_height (GTK_WIDGET (window))));
  anime = keika_list_entry_get_anime (entry);
  adw_window_title_set_title (self->window_title, keika_anime_get_title (anime, language));
  gtk_window_set_title (GTK_WINDOW (self), keika_anime_get_title (anime, language));
  keika_score_control_set_format (self->score_control, format);
  /* The app.* actions (the sync problem buttons) need the application. */
  app = gtk_window_get_application (GTK_WINDOW (window));
  if (app != NULL)
    gtk_window_set_application (GTK_WINDOW (self), app);
  add_sync_problem_groups (self, KEIKA_IS_APPLICATION (app)
                                   ? keika_application_get_accounts (KEIKA_APPLICATION (app)) : NULL,
                           format);

  sync_from_entry (self, NULL);
  g_signal_connect_object (entry, "notify", G_CALLBACK (sync_from_entry), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "notify::score-format", G_CALLBACK (score_format_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (keika_window_get_library (window), "items-changed",
                           G_CALLBACK (library_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

void
keika_entry_editor_focus_score (KeikaEntryEditor *self)
{
  g_return_if_fail (KEIKA_IS_ENTRY_EDITOR (self));

  gtk_widget_child_focus (GTK_WIDGET (self->score_control), GTK_DIR_TAB_FORWARD);
}
