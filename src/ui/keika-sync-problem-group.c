/* keika-sync-problem-group.c — a refused change or a conflict, in the editor
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Keika"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-score.h"
#include "keika-sites.h"
#include "keika-sync-engine.h"
#include "keika-sync-problem-group.h"

struct _KeikaSyncProblemGroup
{
  AdwPreferencesGroup  parent_instance;

  KeikaSyncEngine     *engine;  /* (owned) (nullable) */
  KeikaListEntry      *entry;   /* (owned) (nullable) */
  KeikaScoreFormat     format;
  GPtrArray           *rows;    /* (owned) (element-type GtkWidget) what was added */
};

G_DEFINE_FINAL_TYPE (KeikaSyncProblemGroup, keika_sync_problem_group, ADW_TYPE_PREFERENCES_GROUP)

static void
keika_sync_problem_group_dispose (GObject *object)
{
  KeikaSyncProblemGroup *self = KEIKA_SYNC_PROBLEM_GROUP (object);

  if (self->entry != NULL)
    g_signal_handlers_disconnect_by_data (self->entry, self);
  g_clear_object (&self->entry);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (keika_sync_problem_group_parent_class)->dispose (object);
}

static void
keika_sync_problem_group_class_init (KeikaSyncProblemGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = keika_sync_problem_group_dispose;
}

static void
keika_sync_problem_group_init (KeikaSyncProblemGroup *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

/* One field's two sides, or NULL when they agree. */
static char *
describe_field (KeikaSyncProblemGroup  *self,
                KeikaEntryFields        field,
                const KeikaRemoteEntry *side)
{
  g_autofree char *score = NULL;

  switch (field)
    {
    case KEIKA_ENTRY_FIELD_STATUS:
      return g_strdup (keika_status_to_label (side->status));
    case KEIKA_ENTRY_FIELD_SCORE:
      if (side->score == 0)
        return g_strdup (_("no score"));
      return keika_score_format_display (side->score, self->format);
    case KEIKA_ENTRY_FIELD_PROGRESS:
      return g_strdup_printf ("%u", side->progress);
    case KEIKA_ENTRY_FIELD_REWATCHING:
      return g_strdup (yes_no (side->rewatching));
    case KEIKA_ENTRY_FIELD_REWATCH_COUNT:
      return g_strdup_printf ("%u", side->rewatch_count);
    case KEIKA_ENTRY_FIELD_START_DATE:
      return g_strdup (side->start_date != NULL ? side->start_date : _("none"));
    case KEIKA_ENTRY_FIELD_FINISH_DATE:
      return g_strdup (side->finish_date != NULL ? side->finish_date : _("none"));
    case KEIKA_ENTRY_FIELD_NOTES:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters",
                                           (gulong) g_utf8_strlen (side->notes ?: "", -1)),
                              (guint) g_utf8_strlen (side->notes ?: "", -1));
    case KEIKA_ENTRY_FIELD_TAGS:
      return side->tags != NULL ? g_strjoinv (", ", side->tags) : g_strdup (_("none"));
    case KEIKA_ENTRY_FIELD_PRIVATE:
      return g_strdup (yes_no (side->private_));
    case KEIKA_ENTRY_FIELD_FAVOURITE:
      return g_strdup (yes_no (side->favourite));
    case KEIKA_ENTRY_FIELD_NONE:
    case KEIKA_ENTRY_FIELD_PRIORITY:  /* not shown or edited in Keika */
    case KEIKA_ENTRY_FIELD_ALL:
    default:
      return NULL;
    }
}

const char *
keika_sync_problem_group_field_label (KeikaEntryFields field)
{
  switch (field)
    {
    case KEIKA_ENTRY_FIELD_STATUS: return _("Status");
    case KEIKA_ENTRY_FIELD_SCORE: return _("Score");
    case KEIKA_ENTRY_FIELD_PROGRESS: return _("Episodes watched");
    case KEIKA_ENTRY_FIELD_REWATCHING: return _("Rewatching");
    case KEIKA_ENTRY_FIELD_REWATCH_COUNT: return _("Times rewatched");
    case KEIKA_ENTRY_FIELD_START_DATE: return _("Started");
    case KEIKA_ENTRY_FIELD_FINISH_DATE: return _("Finished");
    case KEIKA_ENTRY_FIELD_NOTES: return _("Notes");
    case KEIKA_ENTRY_FIELD_TAGS: return _("Tags");
    case KEIKA_ENTRY_FIELD_PRIVATE: return _("Private");
    case KEIKA_ENTRY_FIELD_FAVOURITE: return _("Favourite");
    case KEIKA_ENTRY_FIELD_NONE:
    case KEIKA_ENTRY_FIELD_PRIORITY:
    case KEIKA_ENTRY_FIELD_ALL:
    default: return NULL;
    }
}

/* "Episodes watched: 5 here, 8 on MyAnimeList", a line per field that
 * differs between the two sides. */
static char *
describe_conflict (KeikaSyncProblemGroup *self,
                   const KeikaConflict   *conflict,
                   const char            *site)
{
  g_autoptr(KeikaRemoteEntry) local = keika_sync_snapshot_parse (conflict->local, 0);
  g_autoptr(KeikaRemoteEntry) remote = keika_sync_snapshot_parse (conflict->remote, 0);
  g_autoptr(GString) text = g_string_new (NULL);

  if (local == NULL || remote == NULL)
    return g_strdup (_("The details of this change could not be read."));

  for (KeikaEntryFields field = KEIKA_ENTRY_FIELD_STATUS; field < KEIKA_ENTRY_FIELD_ALL; field <<= 1)
    {
      g_autofree char *here = NULL;
      g_autofree char *there = NULL;
      const char *label = keika_sync_problem_group_field_label (field);

      if (label == NULL || !(local->known & remote->known & field))
        continue;
      here = describe_field (self, field, local);
      there = describe_field (self, field, remote);
      if (g_strcmp0 (here, there) == 0 &&
          !(field == KEIKA_ENTRY_FIELD_NOTES && g_strcmp0 (local->notes, remote->notes) != 0))
        continue;

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: "Episodes watched: 5 here, 8 on MyAnimeList" */
      g_string_append_printf (text, _("%s: %s here, %s on %s"), label, here, there, site);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Whether any of @conflicts is a change made on both ends (not an entry
 * gone from the site). */
static gboolean
has_changes (GPtrArray *conflicts)
{
  for (guint i = 0; i < conflicts->len; i++)
    {
      const KeikaConflict *conflict = conflicts->pdata[i];

      if (conflict->remote != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
add_row (KeikaSyncProblemGroup *self,
         GtkWidget             *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

/* A row saying what an action does, with a button that does it. */
static void
add_action_row (KeikaSyncProblemGroup *self,
                const char            *title,
                const char            *subtitle,
                const char            *button_label,
                const char            *action,
                GVariant              *target,
                gboolean               destructive)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (button_label);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (destructive)
    gtk_widget_add_css_class (button, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  add_row (self, row);
}

static void
add_message_row (KeikaSyncProblemGroup *self,
                 const char            *title,
                 const char            *message)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_add_css_class (icon, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Warning"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
  add_row (self, row);
}

static void
rebuild (KeikaSyncProblemGroup *self)
{
  KeikaSyncEngine *engine = self->engine;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *refusal = NULL;
  const char *site_id, *site;
  gint64 entry_id;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  if (self->entry == NULL || keika_list_entry_get_sync_problem (self->entry) == NULL ||
      engine == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  entry_id = keika_list_entry_get_id (self->entry);
  site_id = keika_site_to_string (keika_profile_get_site (keika_sync_engine_get_profile (engine)));
  site = keika_site_to_label (keika_profile_get_site (keika_sync_engine_get_profile (engine)));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), site);

  refusal = keika_sync_engine_dup_refusal (engine, entry_id);
  if (refusal != NULL)
    {
      g_autofree char *keep_title = NULL;
      g_autofree char *discard_subtitle = NULL;
      g_autofree char *unlink_subtitle = NULL;

      add_message_row (self, _("This Change Was Not Sent"), refusal);
      /* The site has no match for the anime: the person may know it. */
      if (keika_anime_get_site_id (keika_list_entry_get_anime (self->entry),
                                   keika_profile_get_site (keika_sync_engine_get_profile (engine))) == 0)
        {
          g_autofree char *choose_title = NULL;

          /* Translators: %s is a site, like "Kitsu" */
          choose_title = g_strdup_printf (_("Choose the Anime on %s"), site);
          add_action_row (self, choose_title, _("Search the site and pick the same anime"),
                          _("_Choose…"), "app.choose-site-anime",
                          g_variant_new ("(sx)", site_id, entry_id), FALSE);
        }
      add_action_row (self, _("Send Again"), _("After a fix on the site, or to try once more"),
                      _("_Retry"), "app.retry-change",
                      g_variant_new ("(sx)", site_id, entry_id), FALSE);
      /* Translators: %s is a site, like "MyAnimeList" */
      discard_subtitle = g_strdup_printf (_("Put the entry back as %s has it"), site);
      add_action_row (self, _("Undo the Change Here"), discard_subtitle,
                      _("_Discard"), "app.discard-change",
                      g_variant_new ("(sx)", site_id, entry_id), TRUE);
      /* Translators: %s is a site, like "MyAnimeList" */
      unlink_subtitle = g_strdup_printf (_("Stop syncing this entry with %s"), site);
      keep_title = g_strdup (_("Keep It Only on This Computer"));
      add_action_row (self, keep_title, unlink_subtitle, _("_Unlink"), "app.unlink-entry",
                      g_variant_new ("(sx)", site_id, entry_id), TRUE);
    }

  conflicts = keika_sync_engine_list_conflicts (engine, entry_id, NULL);
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      const KeikaConflict *conflict = conflicts->pdata[i];
      g_autofree char *title = NULL;
      g_autofree char *details = NULL;

      if (conflict->remote == NULL)
        {
          g_autofree char *gone_title = NULL;
          g_autofree char *gone_details = NULL;
          g_autofree char *add_back_title = NULL;
          g_autofree char *unlink_subtitle = NULL;

          /* Translators: %s is a site, like "MyAnimeList" */
          gone_title = g_strdup_printf (_("Removed From Your List on %s"), site);
          /* Translators: %s is a site, like "MyAnimeList" */
          gone_details = g_strdup_printf (_("%s no longer has this anime on your list. Keika "
                                            "keeps it here until you choose what to do."), site);
          add_message_row (self, gone_title, gone_details);
          /* Translators: %s is a site, like "MyAnimeList" */
          add_back_title = g_strdup_printf (_("Add It Back on %s"), site);
          add_action_row (self, add_back_title, _("Send this entry to your list there again"),
                          _("_Add Back"), "app.add-back-entry",
                          g_variant_new ("(sx)", site_id, entry_id), FALSE);
          add_action_row (self, _("Remove It Here Too"), _("It can be undone for a moment"),
                          _("_Remove"), "app.remove-gone-entry",
                          g_variant_new ("(sx)", site_id, entry_id), TRUE);
          /* Translators: %s is a site, like "MyAnimeList" */
          unlink_subtitle = g_strdup_printf (_("Stop syncing this entry with %s"), site);
          add_action_row (self, _("Keep It Only on This Computer"), unlink_subtitle,
                          _("_Unlink"), "app.unlink-entry",
                          g_variant_new ("(sx)", site_id, entry_id), FALSE);
          continue;
        }

      details = describe_conflict (self, conflict, site);

      if (conflict->remote_won)
        /* Translators: %s is a site, like "MyAnimeList" */
        title = g_strdup_printf (_("Changed Here and on %s: Kept the Change From %s"), site, site);
      else
        /* Translators: %s is a site, like "MyAnimeList" */
        title = g_strdup_printf (_("Changed Here and on %s: Kept the Change Made Here"), site);
      add_message_row (self, title, details);
    }
  if (conflicts != NULL && conflicts->len > 0 && has_changes (conflicts))
    add_action_row (self, _("Seen"), _("The other values are not kept after this"),
                    _("_Dismiss"), "app.dismiss-conflicts",
                    g_variant_new ("(sx)", site_id, entry_id), FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self), self->rows->len > 0);
}

void
keika_sync_problem_group_set_entry (KeikaSyncProblemGroup *self,
                                    KeikaSyncEngine       *engine,
                                    KeikaListEntry        *entry,
                                    KeikaScoreFormat       format)
{
  g_return_if_fail (KEIKA_IS_SYNC_PROBLEM_GROUP (self));
  g_return_if_fail (engine == NULL || KEIKA_IS_SYNC_ENGINE (engine));
  g_return_if_fail (entry == NULL || KEIKA_IS_LIST_ENTRY (entry));

  g_set_object (&self->engine, engine);
  if (self->entry != NULL)
    g_signal_handlers_disconnect_by_data (self->entry, self);
  g_set_object (&self->entry, entry);
  self->format = format;
  if (entry != NULL)
    g_signal_connect_object (entry, "notify::sync-problem", G_CALLBACK (rebuild), self,
                             G_CONNECT_SWAPPED);

  rebuild (self);
}
