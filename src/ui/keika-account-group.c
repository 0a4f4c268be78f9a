/* keika-account-group.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaAccountGroup"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-account-group.h"
#include "keika-toast-queue.h"

/* How often "5 minutes ago" is brought up to date. */
#define REFRESH_SECONDS 30

struct _KeikaAccountGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwActionRow        *register_row;
  AdwActionRow        *redirect_row;
  AdwEntryRow         *client_id_row;
  AdwActionRow        *signed_out_row;
  GtkWidget           *sign_in_button;
  AdwActionRow        *waiting_row;
  GtkSpinner          *waiting_spinner;
  AdwActionRow        *sign_in_uri_row;
  AdwEntryRow         *code_row;
  AdwActionRow        *account_row;
  AdwActionRow        *sync_row;
  AdwActionRow        *full_sync_row;
  GtkProgressBar      *sync_progress;
  GtkWidget           *cancel_sync_button;
  GtkWidget           *sync_button;
  AdwActionRow        *error_row;

  KeikaApplication    *application;  /* (owned) */
  KeikaSite            site;
  GSettings           *settings;     /* (owned) */
  guint                refresh_id;
};

G_DEFINE_FINAL_TYPE (KeikaAccountGroup, keika_account_group, ADW_TYPE_PREFERENCES_GROUP)

/* "5 minutes ago", "Never". (transfer full) */
static char *
format_synced_at (gint64 synced_at)
{
  g_autoptr(GDateTime) then = NULL;
  gint64 seconds = g_get_real_time () / G_USEC_PER_SEC - synced_at;

  if (synced_at <= 0)
    return g_strdup (_("Never"));

  if (seconds < 60)
    return g_strdup (_("Just now"));
  if (seconds < 60 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", seconds / 60),
                            (int) (seconds / 60));
  if (seconds < 24 * 60 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", seconds / 3600),
                            (int) (seconds / 3600));
  if (seconds < 7 * 24 * 60 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", seconds / 86400),
                            (int) (seconds / 86400));

  then = g_date_time_new_from_unix_local (synced_at);
  /* Translators: the date of the last sync, more than a week ago; see g_date_time_format() */
  return g_date_time_format (then, _("%x"));
}

static void
set_error (KeikaAccountGroup *self,
           const char        *title,
           const char        *message)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), message != NULL);
  if (message == NULL)
    return;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->error_row), title);
  adw_action_row_set_subtitle (self->error_row, message);
}

static void
update (KeikaAccountGroup *self)
{
  KeikaProfile *profile;
  const char *sign_in_uri;
  g_autofree char *client_id = NULL;
  g_autofree char *redirect_uri = NULL;
  gboolean signed_out;
  guint done = 0, total = 0;
  gboolean sending = FALSE;
  gboolean syncing;

  if (self->application == NULL)
    return;

  profile = keika_application_get_account (self->application, self->site);
  sign_in_uri = keika_application_get_sign_in_uri (self->application, self->site);
  client_id = keika_application_dup_client_id (self->application, self->site);
  redirect_uri = keika_application_dup_redirect_uri (self->application, self->site);
  signed_out = profile == NULL && sign_in_uri == NULL;

  /* The client id: explained when there is none; editable while signed
   * out unless Keika was built with one. */
  gtk_widget_set_visible (GTK_WIDGET (self->register_row), signed_out && client_id == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->redirect_row), signed_out && client_id == NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->redirect_row),
                                 redirect_uri != NULL ? redirect_uri : "");
  gtk_widget_set_visible (GTK_WIDGET (self->client_id_row), signed_out && MAL_CLIENT_ID[0] == '\0');

  gtk_widget_set_visible (GTK_WIDGET (self->signed_out_row), signed_out);

  gtk_widget_set_visible (GTK_WIDGET (self->waiting_row), sign_in_uri != NULL);
  gtk_spinner_set_spinning (self->waiting_spinner, sign_in_uri != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_uri_row), sign_in_uri != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->code_row), sign_in_uri != NULL);
  if (keika_application_get_browser_failed (self->application, self->site))
    adw_action_row_set_subtitle (self->sign_in_uri_row,
                                 _("No browser could be opened: copy the address and open it in your browser"));
  else
    adw_action_row_set_subtitle (self->sign_in_uri_row,
                                 _("If no browser opened, copy the address and open it in your browser"));
  if (sign_in_uri == NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");

  gtk_widget_set_visible (GTK_WIDGET (self->account_row), profile != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_row), profile != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->full_sync_row), profile != NULL);

  syncing = keika_application_get_syncing (self->application, self->site, &done, &total, &sending);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), syncing);
  gtk_widget_set_visible (self->cancel_sync_button, syncing);
  gtk_widget_set_visible (self->sync_button, !syncing);

  if (profile != NULL)
    {
      g_autofree char *when = format_synced_at (keika_profile_get_synced_at (profile));
      g_autofree char *last = g_strdup_printf (_("Last synced: %s"), when);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row),
                                     keika_profile_get_name (profile));
      adw_action_row_set_subtitle (self->account_row, last);
    }

  if (syncing)
    {
      g_autofree char *text = NULL;

      if (total > 0)
        {
          /* Translators: progress of a sync, "Syncing… 3,000 of 10,000" */
          text = g_strdup_printf (sending ? _("Sending changes… %'u of %'u") : _("Syncing… %'u of %'u"),
                                  done, total);
          gtk_progress_bar_set_fraction (self->sync_progress, MIN (1.0, (double) done / total));
        }
      else
        {
          text = g_strdup (sending ? _("Sending changes…") : _("Syncing…"));
          gtk_progress_bar_pulse (self->sync_progress);
        }
      adw_action_row_set_subtitle (self->sync_row, text);
    }
  else
    {
      adw_action_row_set_subtitle (self->sync_row, _("Your list is synced at start-up, every half hour, and when you sync it"));
    }

  if (keika_application_get_sign_in_error (self->application, self->site) != NULL)
    set_error (self, profile != NULL ? _("Could Not Sign Out") : _("Could Not Sign In"),
               keika_application_get_sign_in_error (self->application, self->site));
  else if (profile != NULL && !syncing)
    set_error (self, _("Could Not Sync"), keika_application_get_sync_error (self->application, self->site));
  else
    set_error (self, NULL, NULL);
}

gboolean
keika_account_group_is_attached (KeikaAccountGroup *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT_GROUP (self), FALSE);

  return self->application != NULL;
}

static void
account_changed_cb (KeikaApplication  *application,
                    KeikaSite          site,
                    KeikaAccountGroup *self)
{
  if (site == self->site)
    update (self);
}

static void
settings_changed_cb (GSettings         *settings,
                     const char        *key,
                     KeikaAccountGroup *self)
{
  update (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  update (KEIKA_ACCOUNT_GROUP (user_data));

  return G_SOURCE_CONTINUE;
}

static void
show_toast (KeikaAccountGroup *self,
            const char        *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  /* Toast titles are Pango markup. */
  if (ADW_IS_PREFERENCES_WINDOW (root))
    keika_toast_queue_add (keika_toast_queue_get (GTK_WIDGET (root)), adw_toast_new (escaped));
}

static void
client_id_apply_cb (AdwEntryRow       *row,
                    KeikaAccountGroup *self)
{
  g_autofree char *client_id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  g_settings_set_string (self->settings, "mal-client-id", client_id);
}

static void
code_apply_cb (AdwEntryRow       *row,
               KeikaAccountGroup *self)
{
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (code[0] == '\0')
    return;

  keika_application_complete_sign_in (self->application, self->site, code);
}

static void
copy_redirect_uri_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  KeikaAccountGroup *self = KEIKA_ACCOUNT_GROUP (widget);
  g_autofree char *uri = keika_application_dup_redirect_uri (self->application, self->site);

  if (uri == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), uri);
  show_toast (self, _("Redirect address copied"));
}

static void
copy_sign_in_uri_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  KeikaAccountGroup *self = KEIKA_ACCOUNT_GROUP (widget);
  const char *uri = keika_application_get_sign_in_uri (self->application, self->site);

  if (uri == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), uri);
  show_toast (self, _("Sign-in address copied"));
}

static void
sign_out_response_cb (AdwMessageDialog  *dialog,
                      const char        *response,
                      KeikaAccountGroup *self)
{
  if (!g_str_equal (response, "sign-out") || self->application == NULL)
    return;

  g_action_group_activate_action (G_ACTION_GROUP (self->application), "sign-out",
                                  g_variant_new_string (keika_site_to_string (self->site)));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KeikaAccountGroup *self = KEIKA_ACCOUNT_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Sign Out of MyAnimeList?"),
                                   _("Keika forgets the sign-in and stops syncing. Your library stays on this computer; changes not yet sent go out when you sign in to this account again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-out",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Lets go of the application, the settings and the refresh. */
static void
detach (KeikaAccountGroup *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (self->application, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "app", NULL);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);
}

/* Leaving its window is the end: libadwaita 1.2 keeps the groups of a
 * closed preferences window alive (they are never disposed), and this one
 * would keep the application, and its refresh, with it. */
static void
keika_account_group_unroot (GtkWidget *widget)
{
  detach (KEIKA_ACCOUNT_GROUP (widget));

  GTK_WIDGET_CLASS (keika_account_group_parent_class)->unroot (widget);
}

static void
keika_account_group_dispose (GObject *object)
{
  KeikaAccountGroup *self = KEIKA_ACCOUNT_GROUP (object);

  detach (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEIKA_TYPE_ACCOUNT_GROUP);

  G_OBJECT_CLASS (keika_account_group_parent_class)->dispose (object);
}

static void
keika_account_group_class_init (KeikaAccountGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keika_account_group_dispose;
  widget_class->unroot = keika_account_group_unroot;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/keika/Keika/ui/keika-account-group.ui");
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, register_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, redirect_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, signed_out_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, waiting_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, waiting_spinner);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, sign_in_uri_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, code_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, account_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, sync_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, full_sync_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, cancel_sync_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, sync_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, error_row);
  gtk_widget_class_bind_template_callback (widget_class, client_id_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_apply_cb);

  gtk_widget_class_install_action (widget_class, "account.copy-redirect-uri", NULL, copy_redirect_uri_action);
  gtk_widget_class_install_action (widget_class, "account.copy-sign-in-uri", NULL, copy_sign_in_uri_action);
  gtk_widget_class_install_action (widget_class, "account.sign-out", NULL, sign_out_action);
}

static void
keika_account_group_init (KeikaAccountGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KeikaAccountGroup *
keika_account_group_new (KeikaApplication *application,
                         KeikaSite         site)
{
  KeikaAccountGroup *self;
  g_autofree char *client_id = NULL;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (site == KEIKA_SITE_MAL, NULL);

  self = g_object_new (KEIKA_TYPE_ACCOUNT_GROUP, NULL);
  self->application = g_object_ref (application);
  self->site = site;
  self->settings = g_settings_new ("io.github.keika.Keika");
  /* The preferences window is not one of the application's windows: give
   * the buttons the app.* actions all the same. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "app", G_ACTION_GROUP (application));

  client_id = g_settings_get_string (self->settings, "mal-client-id");
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), client_id);

  g_signal_connect_object (application, "account-changed", G_CALLBACK (account_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::mal-client-id", G_CALLBACK (settings_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::oauth-redirect-port", G_CALLBACK (settings_changed_cb), self, 0);
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);

  update (self);

  return self;
}
