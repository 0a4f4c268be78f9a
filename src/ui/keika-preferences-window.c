/* keika-preferences-window.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaPreferences"

#include "config.h"

#include "keika-account-group.h"
#include "keika-application.h"
#include "keika-preferences-window.h"

struct _KeikaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *score_format_row;
  AdwComboRow          *title_language_row;
  GtkSwitch            *show_adult_switch;
  AdwPreferencesPage   *accounts_page;

  GSettings            *settings;  /* (owned) */
};

G_DEFINE_FINAL_TYPE (KeikaPreferencesWindow, keika_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The rows list the choices in the order of the schema's <choices>. */
static const char *score_formats[] = {
  "point-100", "point-10-decimal", "point-10", "point-5", "point-3", NULL
};
static const char *title_languages[] = { "romaji", "english", "native", NULL };

static gboolean
choice_to_index (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *choice = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    {
      if (g_str_equal (choices[i], choice))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
index_to_choice (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  const char * const *choices = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **) choices))
    return NULL;

  return g_variant_new_string (choices[index]);
}

static void
keika_preferences_window_dispose (GObject *object)
{
  KeikaPreferencesWindow *self = KEIKA_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KEIKA_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (keika_preferences_window_parent_class)->dispose (object);
}

static void
keika_preferences_window_class_init (KeikaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keika_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/keika/Keika/ui/keika-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KeikaPreferencesWindow, score_format_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaPreferencesWindow, title_language_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaPreferencesWindow, show_adult_switch);
  gtk_widget_class_bind_template_child (widget_class, KeikaPreferencesWindow, accounts_page);
}

static void
keika_preferences_window_init (KeikaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.keika.Keika");
  g_settings_bind_with_mapping (self->settings, "score-format", self->score_format_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_to_index, index_to_choice,
                                score_formats, NULL);
  g_settings_bind_with_mapping (self->settings, "title-language", self->title_language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_to_index, index_to_choice,
                                title_languages, NULL);
  g_settings_bind (self->settings, "show-adult", self->show_adult_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  /* The window opens on its first control, as GNOME's preferences do, not
   * on the switcher of its pages. */
  gtk_widget_grab_focus (GTK_WIDGET (self->score_format_row));
}

/* The accounts are the application's: without Keika's application (a test
 * of the window alone) there is nothing to show. */
static void
add_accounts (KeikaPreferencesWindow *self)
{
  GApplication *application = g_application_get_default ();
  GListModel *accounts;

  if (!KEIKA_IS_APPLICATION (application))
    {
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), self->accounts_page);
      return;
    }

  accounts = keika_application_get_accounts (KEIKA_APPLICATION (application));
  for (guint i = 0; accounts != NULL && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(KeikaAccount) account = g_list_model_get_item (accounts, i);

      adw_preferences_page_add (self->accounts_page,
                                ADW_PREFERENCES_GROUP (keika_account_group_new (account,
                                                                                G_ACTION_GROUP (application))));
    }
}

KeikaPreferencesWindow *
keika_preferences_window_new (void)
{
  KeikaPreferencesWindow *self = g_object_new (KEIKA_TYPE_PREFERENCES_WINDOW, NULL);

  add_accounts (self);

  return self;
}
