/* keika-application-accounts.c — the application's accounts: the actions
 * that reach KeikaAccounts (sync/), and what it says of them
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Keika"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-application-private.h"
#include "keika-choose-anime-dialog.h"
#include "keika-sites.h"
#include "keika-sync-engine.h"
#include "keika-window.h"

/* Accounts: they live in KeikaAccounts (sync/); the actions reach them. */

static KeikaAccount *
get_account (KeikaApplication *self,
             KeikaSite         site)
{
  return self->accounts != NULL ? keika_accounts_get (self->accounts, site) : NULL;
}

void
keika_application_update_sync_actions (KeikaApplication *self)
{
  gboolean syncing = FALSE, can_sync = FALSE, can_sign_in = FALSE;
  GAction *action;

  for (guint i = 0; self->accounts != NULL &&
                    i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(KeikaAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      g_autofree char *client_id = NULL;
      gboolean busy = keika_account_get_syncing (account, NULL, NULL, NULL);

      syncing |= busy;
      can_sync |= keika_account_get_engine (account) != NULL && !busy && !self->loading &&
                  !keika_account_get_signing_out (account);
      client_id = keika_accounts_dup_client_id (self->accounts, keika_account_get_site (account));
      can_sign_in |= client_id != NULL;
    }

  /* app.sync and app.sync-full sync every account that can; a button of
   * one account uses app.sync-account. */
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sync");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can_sync);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sync-full");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can_sync);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "cancel-sync");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), syncing);

  /* Signing in needs a client id: the action says so to every button,
   * menu and D-Bus caller alike (for a site without one, the account
   * says why it cannot). */
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sign-in");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can_sign_in);
}

/* A sign-in that cannot renew itself (AniList's, after a year) ending
 * within KEIKA_SIGN_IN_WARNING_DAYS: said once a run, as a notification
 * (the window has a banner too). */
static void
notify_sign_in_ending (KeikaApplication *self,
                       KeikaAccount     *account)
{
  KeikaSite site = keika_account_get_site (account);
  gint64 expiry = keika_account_get_sign_in_end (account);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GDateTime) then = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *date = NULL;

  if (expiry <= 0 ||
      expiry - now > KEIKA_SIGN_IN_WARNING_DAYS * 24 * 3600 ||
      (self->notified_expiry & (1u << site)) != 0)
    return;
  self->notified_expiry |= 1u << site;

  then = g_date_time_new_from_unix_local (expiry);
  /* Translators: the day a sign-in ends; see g_date_time_format() */
  date = g_date_time_format (then, _("%e %B"));
  g_strstrip (date);
  /* Translators: %s is a site, like "AniList" */
  title = g_strdup_printf (expiry <= now ? _("%s Sign-In Ended") : _("%s Sign-In Ends Soon"),
                           keika_site_to_label (site));
  body = expiry <= now
         ? g_strdup (_("Your changes wait in Keika until you sign in again."))
         /* Translators: %s is a day, like "5 December" */
         : g_strdup_printf (_("It ends on %s. Sign out and in again in Keika’s preferences, so that no change has to wait."),
                            date);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.preferences");
  id = g_strconcat ("sign-in-ending-", keika_site_to_string (site), NULL);
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

void
keika_application_account_changed_cb (KeikaAccounts    *accounts,
                                      KeikaAccount     *account,
                                      KeikaApplication *self)
{
  keika_application_update_sync_actions (self);
  notify_sign_in_ending (self, account);
  keika_application_emit_account_changed (self, keika_account_get_site (account));
}

char *
keika_application_dup_client_id (KeikaApplication *self,
                                 KeikaSite         site)
{
  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  return self->accounts != NULL ? keika_accounts_dup_client_id (self->accounts, site) : NULL;
}

GListModel *
keika_application_get_accounts (KeikaApplication *self)
{
  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  return self->accounts != NULL ? G_LIST_MODEL (self->accounts) : NULL;
}

KeikaProfile *
keika_application_get_account (KeikaApplication *self,
                               KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_get_profile (account) : NULL;
}

char *
keika_application_dup_redirect_uri (KeikaApplication *self,
                                    KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_dup_redirect_uri (account) : NULL;
}

const char *
keika_application_get_sign_in_uri (KeikaApplication *self,
                                   KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_get_sign_in_uri (account) : NULL;
}

gboolean
keika_application_get_browser_failed (KeikaApplication *self,
                                      KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), FALSE);

  account = get_account (self, site);
  return account != NULL && keika_account_get_browser_failed (account);
}

const char *
keika_application_get_sign_in_error (KeikaApplication *self,
                                     KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_get_sign_in_error (account) : NULL;
}

gboolean
keika_application_get_syncing (KeikaApplication *self,
                               KeikaSite         site,
                               guint            *done,
                               guint            *total,
                               gboolean         *sending)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), FALSE);

  account = get_account (self, site);
  return account != NULL && keika_account_get_syncing (account, done, total, sending);
}

const char *
keika_application_get_sync_error (KeikaApplication *self,
                                  KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_get_sync_error (account) : NULL;
}

KeikaSyncEngine *
keika_application_get_sync_engine (KeikaApplication *self,
                                   KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_get_engine (account) : NULL;
}

/* Sign-in */

typedef struct
{
  KeikaAccount *account;     /* (owned) */
  guint         generation;  /* of the sign-in whose page is being opened */
} ShowUriData;

static void
show_uri_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ShowUriData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (source_object != NULL ? GTK_WINDOW (source_object) : NULL,
                                 result, &error))
    {
      g_debug ("Could not open the sign-in page: %s", error->message);
      keika_account_browser_failed (data->account, data->generation);
    }

  g_object_unref (data->account);
  g_free (data);
}

static gboolean
parse_site (GVariant  *parameter,
            KeikaSite *site)
{
  return keika_site_from_string (g_variant_get_string (parameter, NULL), site);
}

static void
sign_in_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  KeikaApplication *self = user_data;
  KeikaAccount *account;
  ShowUriData *data;
  const char *uri;
  guint generation = 0;
  KeikaSite site;

  if (!parse_site (parameter, &site) || (account = get_account (self, site)) == NULL)
    {
      g_warning ("Cannot sign in to “%s”", g_variant_get_string (parameter, NULL));
      return;
    }

  uri = keika_account_begin_sign_in (account, &generation);
  if (uri == NULL)
    return;

  data = g_new0 (ShowUriData, 1);
  data->account = g_object_ref (account);
  data->generation = generation;
  gtk_show_uri_full (gtk_application_get_active_window (GTK_APPLICATION (self)), uri,
                     GDK_CURRENT_TIME, NULL, show_uri_cb, data);
}

void
keika_application_complete_sign_in (KeikaApplication *self,
                                    KeikaSite         site,
                                    const char       *code)
{
  KeikaAccount *account;

  g_return_if_fail (KEIKA_IS_APPLICATION (self));
  g_return_if_fail (code != NULL);

  account = get_account (self, site);
  if (account != NULL)
    keika_account_complete_sign_in (account, code);
}

static void
cancel_sign_in_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  KeikaApplication *self = user_data;
  KeikaSite site;

  if (parse_site (parameter, &site) && get_account (self, site) != NULL)
    keika_account_cancel_sign_in (get_account (self, site));
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  KeikaApplication *self = user_data;
  KeikaSite site;

  if (parse_site (parameter, &site) && get_account (self, site) != NULL)
    keika_account_sign_out (get_account (self, site));
}

/* app.sync, app.sync-full: every account that can; app.sync-account "s"
 * and app.sync-account-full "s": one. */
static void
sync_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  KeikaApplication *self = user_data;
  KeikaSyncKind kind = g_str_has_suffix (g_action_get_name (G_ACTION (action)), "-full")
                       ? KEIKA_SYNC_FULL : KEIKA_SYNC_INCREMENTAL;
  KeikaSite site;

  if (self->accounts == NULL)
    return;

  if (parameter != NULL)
    {
      if (parse_site (parameter, &site) && get_account (self, site) != NULL)
        keika_account_sync (get_account (self, site), kind);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(KeikaAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (keika_account_get_engine (account) != NULL)
        keika_account_sync (account, kind);
    }
}

static void
cancel_sync_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KeikaApplication *self = user_data;
  KeikaSite site;

  if (self->accounts == NULL)
    return;

  if (parameter != NULL)
    {
      if (parse_site (parameter, &site) && get_account (self, site) != NULL)
        keika_account_cancel_sync (get_account (self, site));
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(KeikaAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      keika_account_cancel_sync (account);
    }
}

/* app.choose-site-anime "(sx)": the site and an entry that site had no
 * match for; the person picks the anime from a search of the site. */
static void
choose_site_anime_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  KeikaApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *site_name;
  KeikaListEntry *entry;
  KeikaAccount *account;
  gint64 entry_id;
  KeikaSite site;

  g_variant_get (parameter, "(&sx)", &site_name, &entry_id);
  if (!keika_site_from_string (site_name, &site) || (account = get_account (self, site)) == NULL ||
      keika_account_get_service (account) == NULL || self->library == NULL ||
      (entry = keika_library_lookup (self->library, entry_id)) == NULL)
    return;

  gtk_window_present (GTK_WINDOW (keika_choose_anime_dialog_new (parent, account, entry)));
}

/* app.send-changes "(sb)": the switch "Send my changes here" of a site's
 * account. */
static void
send_changes_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  KeikaApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *site_name;
  gboolean send;
  KeikaSite site;

  g_variant_get (parameter, "(&sb)", &site_name, &send);
  if (!keika_site_from_string (site_name, &site) || get_account (self, site) == NULL)
    return;

  if (!keika_account_set_send_changes (get_account (self, site), send, &error))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

      if (KEIKA_IS_WINDOW (window))
        keika_window_show_error (KEIKA_WINDOW (window), _("Could Not Change the Setting"),
                                 error->message);
    }
}

/* The actions on one entry's sync problem take "(sx)": the site and the
 * entry id. */
static void
entry_sync_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  KeikaApplication *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  g_autoptr(GError) error = NULL;
  const char *site_name;
  KeikaAccount *account;
  gint64 entry_id;
  KeikaSite site;

  g_variant_get (parameter, "(&sx)", &site_name, &entry_id);
  if (!keika_site_from_string (site_name, &site) || (account = get_account (self, site)) == NULL)
    {
      g_warning ("No account for the site “%s”", site_name);
      return;
    }

  if (!keika_account_act_on_entry (account, name, entry_id, &error))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

      g_warning ("%s of entry %" G_GINT64_FORMAT " failed: %s", name, entry_id, error->message);
      if (KEIKA_IS_WINDOW (window))
        keika_window_show_error (KEIKA_WINDOW (window), _("Could Not Change the Entry"),
                                 error->message);
      return;
    }

  /* Gone from the site and unlinked: removed here as a person removes an
   * anime, with Undo (and mirrored to the other sites). */
  if (g_str_equal (name, "remove-gone-entry"))
    {
      KeikaWindow *window = keika_application_ensure_window (self);
      KeikaListEntry *entry = keika_library_lookup (self->library, entry_id);

      if (entry != NULL)
        keika_window_remove_entry (window, entry);
    }
}

static const GActionEntry account_actions[] = {
  { "sign-in", sign_in_action, "s" },
  { "cancel-sign-in", cancel_sign_in_action, "s" },
  { "sign-out", sign_out_action, "s" },
  { "sync", sync_action },
  { "sync-full", sync_action },
  { "cancel-sync", cancel_sync_action },
  { "sync-account", sync_action, "s" },
  { "sync-account-full", sync_action, "s" },
  { "cancel-sync-account", cancel_sync_action, "s" },
  { "send-changes", send_changes_action, "(sb)" },
  { "choose-site-anime", choose_site_anime_action, "(sx)" },
  { "retry-change", entry_sync_action, "(sx)" },
  { "discard-change", entry_sync_action, "(sx)" },
  { "unlink-entry", entry_sync_action, "(sx)" },
  { "dismiss-conflicts", entry_sync_action, "(sx)" },
  { "add-back-entry", entry_sync_action, "(sx)" },
  { "remove-gone-entry", entry_sync_action, "(sx)" },
};

void
keika_application_add_account_actions (KeikaApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), account_actions,
                                   G_N_ELEMENTS (account_actions), self);
}
