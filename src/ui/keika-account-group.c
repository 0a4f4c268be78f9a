/* keika-account-group.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaAccountGroup"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-account-group.h"
#include "keika-client-id-dialog.h"
#include "keika-sites.h"
#include "keika-toast-queue.h"

/* How often "5 minutes ago" is brought up to date. */
#define REFRESH_SECONDS 30

struct _KeikaAccountGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwActionRow        *register_row;
  GtkWidget           *client_id_help_button;
  AdwEntryRow         *client_id_row;
  AdwActionRow        *signed_out_row;
  GtkWidget           *sign_in_button;
  GtkWidget           *cancel_sign_in_button;
  AdwEntryRow         *identity_row;
  AdwEntryRow         *password_row;
  AdwActionRow        *password_note_row;
  GtkWidget           *password_sign_in_button;
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
  GtkWidget           *full_sync_button;
  AdwActionRow        *expiry_row;
  GtkImage            *expiry_icon;
  AdwExpanderRow      *devices_row;
  GPtrArray           *device_rows;  /* (owned) the rows shown in devices_row */
  GCancellable        *devices_cancellable;  /* (owned) (nullable) */
  AdwActionRow        *send_row;
  GtkSwitch           *send_switch;
  AdwActionRow        *error_row;

  KeikaAccount        *account;      /* (owned) (nullable) until detached */
  KeikaSite            site;
  GSettings           *settings;     /* (owned) */
  guint                refresh_id;
  gboolean             updating;
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

/* When the sign-in ends: "Signed in until 5 December 2027"; from 14 days
 * before, a warning. */
static void
update_expiry (KeikaAccountGroup *self)
{
  gint64 expiry = self->account != NULL ? keika_account_get_sign_in_end (self->account) : 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GDateTime) then = NULL;
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  gboolean soon;

  /* Only where the sign-in cannot renew itself. */
  gtk_widget_set_visible (GTK_WIDGET (self->expiry_row), expiry > 0);
  if (expiry <= 0)
    return;

  then = g_date_time_new_from_unix_local (expiry);
  /* Translators: the day a sign-in ends; see g_date_time_format() */
  date = g_date_time_format (then, _("%e %B %Y"));
  g_strstrip (date);
  soon = expiry - now <= KEIKA_SIGN_IN_WARNING_DAYS * 24 * 3600;

  if (expiry <= now)
    title = g_strdup (_("The Sign-In Has Ended"));
  else
    /* Translators: %s is a date, like "5 December 2027" */
    title = g_strdup_printf (_("Signed in until %s"), date);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expiry_row), title);
  adw_action_row_set_subtitle (self->expiry_row,
                               expiry <= now ? _("Your changes wait here: sign out and in again to send them")
                               : soon ? _("Sign out and in again before then, so that no change has to wait")
                               : _("AniList sign-ins last a year and cannot be renewed"));
  gtk_image_set_from_icon_name (self->expiry_icon, soon ? "dialog-warning-symbolic" : "alarm-symbolic");
  if (soon)
    gtk_widget_add_css_class (GTK_WIDGET (self->expiry_row), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->expiry_row), "warning");
}

static void
update (KeikaAccountGroup *self)
{
  const char *label = keika_site_to_label (self->site);
  KeikaProfile *profile;
  const char *sign_in_uri;
  g_autofree char *client_id = NULL;
  g_autofree char *key = NULL;
  gboolean signed_out, browser, password, signing_in;
  guint done = 0, total = 0;
  gboolean sending = FALSE;
  gboolean syncing;

  if (self->account == NULL)
    return;

  profile = keika_account_get_profile (self->account);
  sign_in_uri = keika_account_get_sign_in_uri (self->account);
  client_id = keika_account_dup_client_id (self->account);
  signed_out = profile == NULL && sign_in_uri == NULL;
  browser = keika_account_get_sign_in_kind (self->account) == KEIKA_SIGN_IN_BROWSER;
  password = !browser && keika_account_get_sign_in_kind (self->account) == KEIKA_SIGN_IN_PASSWORD;
  signing_in = keika_account_get_signing_in (self->account);

  /* The client id: the way to its steps when there is none; editable
   * while signed out unless Keika was built with one. */
  gtk_widget_set_visible (GTK_WIDGET (self->register_row), browser && signed_out && client_id == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->client_id_row),
                          browser && signed_out && !keika_account_get_client_id_built_in (self->account));

  gtk_widget_set_visible (GTK_WIDGET (self->signed_out_row), signed_out);
  gtk_widget_set_visible (self->sign_in_button, browser);
  gtk_widget_set_sensitive (self->sign_in_button, client_id != NULL);

  /* Email and password: typed here, sent once, never kept. */
  gtk_widget_set_visible (GTK_WIDGET (self->identity_row), password && signed_out);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), password && signed_out);
  gtk_widget_set_visible (GTK_WIDGET (self->password_note_row), password && signed_out);
  gtk_widget_set_sensitive (GTK_WIDGET (self->identity_row), !signing_in);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !signing_in);
  gtk_widget_set_sensitive (self->password_sign_in_button, !signing_in);
  if (!signed_out)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");

  gtk_widget_set_visible (GTK_WIDGET (self->waiting_row), sign_in_uri != NULL || (password && signing_in));
  gtk_spinner_set_spinning (self->waiting_spinner, sign_in_uri != NULL || (password && signing_in));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->waiting_row),
                                 browser ? _("Waiting for the Browser…") : _("Signing In…"));
  if (!browser)
    {
      g_autofree char *asking = NULL;

      /* Translators: %s is a site, like "Kitsu" */
      asking = g_strdup_printf (_("Asking %s…"), label);
      adw_action_row_set_subtitle (self->waiting_row, asking);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_uri_row), sign_in_uri != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->code_row), sign_in_uri != NULL);
  if (keika_account_get_browser_failed (self->account))
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
  gtk_widget_set_visible (GTK_WIDGET (self->send_row), profile != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->devices_row),
                          keika_account_lists_sign_ins (self->account));
  if (profile == NULL)
    adw_expander_row_set_expanded (self->devices_row, FALSE);
  update_expiry (self);

  self->updating = TRUE;
  gtk_switch_set_active (self->send_switch, profile != NULL && keika_profile_get_send_changes (profile));
  self->updating = FALSE;
  /* Translators: %s is a site, like "AniList" */
  key = g_strdup_printf (_("Edits you make in Keika go to %s too; off, they wait until you turn it on"), label);
  adw_action_row_set_subtitle (self->send_row, key);

  syncing = keika_account_get_syncing (self->account, &done, &total, &sending);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), syncing);
  gtk_widget_set_visible (self->cancel_sync_button, syncing);
  gtk_widget_set_visible (self->sync_button, !syncing);
  gtk_widget_set_sensitive (self->sync_button, keika_account_get_engine (self->account) != NULL);
  gtk_widget_set_sensitive (self->full_sync_button, !syncing);

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
      adw_action_row_set_subtitle (self->sync_row, _("Your list is synced at start-up, every three hours, and when you sync it"));
    }

  if (keika_account_get_sign_in_error (self->account) != NULL)
    set_error (self, profile != NULL ? _("Could Not Sign Out") : _("Could Not Sign In"),
               keika_account_get_sign_in_error (self->account));
  else if (profile != NULL && !syncing)
    set_error (self, _("Could Not Sync"), keika_account_get_sync_error (self->account));
  else
    set_error (self, NULL, NULL);
}

gboolean
keika_account_group_is_attached (KeikaAccountGroup *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT_GROUP (self), FALSE);

  return self->account != NULL;
}

static void
account_changed_cb (KeikaAccount      *account,
                    KeikaAccountGroup *self)
{
  update (self);
}

static void
send_switch_cb (GtkSwitch         *send_switch,
                GParamSpec        *pspec,
                KeikaAccountGroup *self)
{
  if (self->updating || self->account == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "app.send-changes", "(sb)",
                              keika_site_to_string (self->site),
                              gtk_switch_get_active (send_switch));
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
  g_autofree char *key = g_strconcat (keika_site_to_string (self->site), "-client-id", NULL);

  g_settings_set_string (self->settings, key, client_id);
}

/* Signed-in apps (AniTrack's tokens) */

static void load_devices (KeikaAccountGroup *self);

static void
clear_device_rows (KeikaAccountGroup *self)
{
  for (guint i = 0; i < self->device_rows->len; i++)
    adw_expander_row_remove (self->devices_row, self->device_rows->pdata[i]);
  g_ptr_array_set_size (self->device_rows, 0);
}

static void
add_device_row (KeikaAccountGroup *self,
                GtkWidget         *row)
{
  adw_expander_row_add_row (self->devices_row, row);
  g_ptr_array_add (self->device_rows, row);
}

static void
revoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KeikaAccountGroup) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!keika_account_end_sign_in_finish (KEIKA_ACCOUNT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, _("Could Not Sign That App Out"), error->message);
      return;
    }
  load_devices (self);
}

static void
revoke_clicked_cb (GtkButton         *button,
                   KeikaAccountGroup *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "keika-sign-in-id"));

  if (self->account == NULL || !keika_account_lists_sign_ins (self->account))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  keika_account_end_sign_in_async (self->account, id, self->devices_cancellable, revoked_cb,
                                   g_object_ref (self));
}

static void
devices_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KeikaAccountGroup) self = user_data;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = keika_account_list_sign_ins_finish (KEIKA_ACCOUNT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_device_rows (self);
  if (tokens == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Could Not List the Apps"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error->message);
      add_device_row (self, row);
      return;
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      KeikaSiteSignIn *token = tokens->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     token->device_name != NULL && token->device_name[0] != '\0'
                                     ? token->device_name : _("Unnamed"));
      if (token->current)
        subtitle = g_strdup (_("This Keika"));
      else if (token->last_used_at > 0)
        {
          g_autofree char *when = format_synced_at (token->last_used_at);

          /* Translators: %s is a time, like "3 hours ago" */
          subtitle = g_strdup_printf (_("Last used: %s"), when);
        }
      else
        subtitle = g_strdup (_("Never used"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      if (!token->current)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("Sign _Out"));
          g_autofree char *name = g_strdup_printf (_("Sign Out %s"),
                                                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          g_object_set_data (G_OBJECT (button), "keika-sign-in-id", GSIZE_TO_POINTER ((gsize) token->id));
          g_signal_connect_object (button, "clicked", G_CALLBACK (revoke_clicked_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      add_device_row (self, row);
    }
}

static void
load_devices (KeikaAccountGroup *self)
{
  if (self->account == NULL || !keika_account_lists_sign_ins (self->account))
    return;
  if (self->devices_cancellable == NULL)
    self->devices_cancellable = g_cancellable_new ();
  keika_account_list_sign_ins_async (self->account, self->devices_cancellable, devices_listed_cb,
                                     g_object_ref (self));
}

static void
devices_expanded_cb (KeikaAccountGroup *self)
{
  if (adw_expander_row_get_expanded (self->devices_row))
    load_devices (self);
}

static void
password_sign_in_cb (KeikaAccountGroup *self)
{
  g_autofree char *identity = NULL;
  const char *password;

  if (self->account == NULL)
    return;

  identity = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->identity_row))));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (identity[0] == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->identity_row));
      return;
    }
  if (password[0] == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  keika_account_sign_in_with_password (self->account, identity, password);
  /* The password is gone from Keika once sent. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
identity_activated_cb (AdwEntryRow       *row,
                       KeikaAccountGroup *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
code_apply_cb (AdwEntryRow       *row,
               KeikaAccountGroup *self)
{
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (code[0] == '\0')
    return;

  if (self->account != NULL)
    keika_account_complete_sign_in (self->account, code);
}

static void
client_id_help_response_cb (AdwMessageDialog  *dialog,
                            const char        *response,
                            KeikaAccountGroup *self)
{
  /* Back from the site with a client id: the row that takes it. */
  if (g_str_equal (response, "enter") && gtk_widget_get_visible (GTK_WIDGET (self->client_id_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->client_id_row));
}

/* How to register Keika with the site, step by step, with the redirect
 * address this account uses. */
static void
show_client_id_help_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  KeikaAccountGroup *self = KEIKA_ACCOUNT_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *uri = self->account != NULL ? keika_account_dup_redirect_uri (self->account) : NULL;
  KeikaClientIdDialog *dialog;

  if (uri == NULL)
    return;

  dialog = keika_client_id_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       self->site, uri);
  g_signal_connect_object (dialog, "response", G_CALLBACK (client_id_help_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_sign_in_uri_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  KeikaAccountGroup *self = KEIKA_ACCOUNT_GROUP (widget);
  const char *uri = self->account != NULL ? keika_account_get_sign_in_uri (self->account) : NULL;

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
  if (!g_str_equal (response, "sign-out") || self->account == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "app.sign-out", "s",
                              keika_site_to_string (self->site));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KeikaAccountGroup *self = KEIKA_ACCOUNT_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a site, like "AniList" */
  heading = g_strdup_printf (_("Sign Out of %s?"), keika_site_to_label (self->site));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading,
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
  if (self->devices_cancellable != NULL)
    g_cancellable_cancel (self->devices_cancellable);
  g_clear_object (&self->devices_cancellable);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "app", NULL);
  g_clear_object (&self->settings);
  g_clear_object (&self->account);
}

/* Leaving its window is the end: libadwaita 1.2 keeps the groups of a
 * closed preferences window alive (they are never disposed), and this one
 * would keep the account, and its refresh, with it. */
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
keika_account_group_finalize (GObject *object)
{
  KeikaAccountGroup *self = KEIKA_ACCOUNT_GROUP (object);

  g_clear_pointer (&self->device_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (keika_account_group_parent_class)->finalize (object);
}

static void
keika_account_group_class_init (KeikaAccountGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keika_account_group_dispose;
  object_class->finalize = keika_account_group_finalize;
  widget_class->unroot = keika_account_group_unroot;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/keika/Keika/ui/keika-account-group.ui");
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, register_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, client_id_help_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, signed_out_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, cancel_sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, identity_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, password_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, password_note_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, password_sign_in_button);
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
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, full_sync_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, expiry_icon);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, devices_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, send_row);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, send_switch);
  gtk_widget_class_bind_template_child (widget_class, KeikaAccountGroup, error_row);
  gtk_widget_class_bind_template_callback (widget_class, client_id_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_switch_cb);
  gtk_widget_class_bind_template_callback (widget_class, devices_expanded_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_sign_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, identity_activated_cb);

  gtk_widget_class_install_action (widget_class, "account.show-client-id-help", NULL, show_client_id_help_action);
  gtk_widget_class_install_action (widget_class, "account.copy-sign-in-uri", NULL, copy_sign_in_uri_action);
  gtk_widget_class_install_action (widget_class, "account.sign-out", NULL, sign_out_action);
}

static void
keika_account_group_init (KeikaAccountGroup *self)
{
  self->device_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
set_action (GtkWidget  *button,
            const char *name,
            const char *site)
{
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", site);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), name);
}

/* What differs between sites: the words that name it and its sign-in. */
static void
set_site_texts (KeikaAccountGroup *self)
{
  const char *label = keika_site_to_label (self->site);
  const char *site = keika_site_to_string (self->site);
  g_autofree char *text = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), label);

  /* Translators: %s is a site, like "AniList" */
  text = g_strdup_printf (_("Register Keika with %s"), label);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->register_row), text);
  g_free (text);
  /* Translators: %s is a site, like "AniList" */
  text = g_strdup_printf (_("To sign in, Keika needs a client id of your own from %s"), label);
  adw_action_row_set_subtitle (self->register_row, text);
  g_free (text);

  /* Translators: %s is a site, like "AniList" */
  text = g_strdup_printf (_("Sign in to keep your %s list in step with Keika"), label);
  adw_action_row_set_subtitle (self->signed_out_row, text);
  g_free (text);

  /* Translators: %s is a site, like "AniList" */
  text = g_strdup_printf (_("Sign in on the %s page, then come back here"), label);
  adw_action_row_set_subtitle (self->waiting_row, text);
  g_free (text);

  /* Translators: %s is a site, like "Kitsu" */
  text = g_strdup_printf (_("Your email address or user name on %s"), label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->identity_row), text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->code_row),
                                 self->site == KEIKA_SITE_ANILIST
                                 ? _("Paste the Token or the Address the Browser Ended On")
                                 : _("Paste the Code or the Address the Browser Ended On"));

  /* The target first: an action with a parameter never sees none. */
  set_action (self->sign_in_button, "app.sign-in", site);
  set_action (self->cancel_sign_in_button, "app.cancel-sign-in", site);
  set_action (self->sync_button, "app.sync-account", site);
  set_action (self->cancel_sync_button, "app.cancel-sync-account", site);
  set_action (self->full_sync_button, "app.sync-account-full", site);
}

KeikaAccountGroup *
keika_account_group_new (KeikaAccount *account,
                         GActionGroup *app_actions)
{
  KeikaAccountGroup *self;
  g_autofree char *client_id = NULL;
  g_autofree char *key = NULL;
  g_autofree char *signal = NULL;

  g_return_val_if_fail (KEIKA_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (app_actions), NULL);

  self = g_object_new (KEIKA_TYPE_ACCOUNT_GROUP, NULL);
  self->account = g_object_ref (account);
  self->site = keika_account_get_site (account);
  self->settings = g_settings_new ("io.github.keika.Keika");
  /* The preferences window is not one of the application's windows: give
   * the buttons the app.* actions all the same. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "app", app_actions);
  set_site_texts (self);

  /* A site that signs in through the browser has a client id. */
  if (keika_account_get_sign_in_kind (account) == KEIKA_SIGN_IN_BROWSER)
    {
      key = g_strconcat (keika_site_to_string (self->site), "-client-id", NULL);
      client_id = g_settings_get_string (self->settings, key);
      gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), client_id);
      signal = g_strconcat ("changed::", key, NULL);
      g_signal_connect_object (self->settings, signal, G_CALLBACK (settings_changed_cb), self, 0);
    }
  g_signal_connect_object (account, "changed", G_CALLBACK (account_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::oauth-redirect-port", G_CALLBACK (settings_changed_cb), self, 0);
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);

  update (self);

  return self;
}
