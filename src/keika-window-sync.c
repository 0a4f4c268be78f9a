/* keika-window-sync.c — the window's view of a running sync
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-account.h"
#include "keika-input.h"
#include "keika-toast-queue.h"
#include "keika-application.h"
#include "keika-window-private.h"

#define PULSE_INTERVAL_MS 150

static gboolean
pulse_cb (gpointer user_data)
{
  gtk_progress_bar_pulse (user_data);

  return G_SOURCE_CONTINUE;
}

/* While the amount of work is not known, the bar moves by itself. */
static void
set_pulsing (KeikaWindow *self,
             gboolean     pulsing)
{
  if (pulsing && self->sync_pulse_id == 0)
    self->sync_pulse_id = g_timeout_add_full (G_PRIORITY_LOW, PULSE_INTERVAL_MS, pulse_cb,
                                              g_object_ref (self->sync_progress),
                                              g_object_unref);
  else if (!pulsing)
    g_clear_handle_id (&self->sync_pulse_id, g_source_remove);
}

/* The bar shows a running sync (the first of the accounts syncing). */
static gboolean
show_running (KeikaWindow  *self,
              KeikaAccount *account)
{
  const char *name = keika_site_to_label (keika_account_get_site (account));
  g_autofree char *label = NULL;
  guint done = 0, total = 0;
  gboolean sending = FALSE;

  if (!keika_account_get_syncing (account, &done, &total, &sending))
    return FALSE;

  if (sending && total > 0)
    /* Translators: the first %s is a site, like "MyAnimeList" */
    label = g_strdup_printf (_("Sending changes to %s… %'u of %'u"), name, done, total);
  else if (sending)
    /* Translators: %s is a site, like "MyAnimeList" */
    label = g_strdup_printf (_("Sending changes to %s…"), name);
  else if (total > 0)
    /* Translators: the first %s is a site, like "MyAnimeList" */
    label = g_strdup_printf (_("Updating the library from %s… %'u of %'u"), name, done, total);
  else if (done > 0)
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: %s is a site, like "MyAnimeList" */
                                          "Receiving the list from %s… %'u entry",
                                          "Receiving the list from %s… %'u entries", done),
                             name, done);
  else
    /* Translators: %s is a site, like "MyAnimeList" */
    label = g_strdup_printf (_("Syncing with %s…"), name);

  gtk_label_set_label (self->sync_label, label);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->sync_progress, (double) MIN (done, total) / total);
  set_pulsing (self, total == 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_progress),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_revealer_set_reveal_child (self->sync_revealer, TRUE);

  return TRUE;
}

/* A sync of @account ended: where to look, and what went wrong. */
static void
sync_ended (KeikaWindow  *self,
            KeikaAccount *account)
{
  KeikaSite site = keika_account_get_site (account);
  const char *name = keika_site_to_label (site);
  const char *error;

  /* Changes the site refused, and conflicts, are on their entries; say
   * where (once every sync is over). */
  if (self->syncing_sites == 0 && self->n_attention > self->attention_before_sync)
    {
      guint n = self->n_attention - self->attention_before_sync;
      g_autofree char *message = NULL;
      AdwToast *toast;

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: %s is a site, like "MyAnimeList" */
                                              "%u anime to check after syncing with %s",
                                              "%u anime to check after syncing with %s", n),
                                 n, name);
      toast = keika_window_show_toast (self, message);
      adw_toast_set_button_label (toast, _("_Show"));
      adw_toast_set_action_name (toast, "win.show-sync-problems");
    }

  /* The same failure again (offline at every try) is said once. */
  error = keika_account_get_sync_error (account);
  self->sync_failures[site] = error != NULL ? self->sync_failures[site] + 1 : 0;
  if (error == NULL)
    g_clear_pointer (&self->last_sync_errors[site], g_free);
  else if (g_strcmp0 (self->last_sync_errors[site], error) != 0)
    {
      /* Translators: the first %s is a site, like "MyAnimeList"; the
       * second says what went wrong, in a sentence */
      g_autofree char *message = g_strdup_printf (_("Could not sync with %s: %s"), name, error);
      g_autofree char *valid = NULL;
      g_autofree char *escaped = NULL;
      g_autofree char *retry = NULL;
      g_autoptr(GVariant) target = NULL;
      AdwToast *toast;

      /* Made whole before it is shown: its button takes the action's
       * name and target at once. */
      escaped = g_markup_escape_text (keika_input_valid_text (message, &valid), -1);
      toast = adw_toast_new (escaped);
      adw_toast_set_timeout (toast, 10);
      adw_toast_set_button_label (toast, _("_Retry"));
      target = g_variant_ref_sink (g_variant_new_string (keika_site_to_string (site)));
      retry = g_action_print_detailed_name ("app.sync-account", target);
      adw_toast_set_detailed_action_name (toast, retry);
      keika_toast_queue_add (keika_toast_queue_get (GTK_WIDGET (self)), toast);
      g_free (self->last_sync_errors[site]);
      self->last_sync_errors[site] = g_strdup (error);
    }
}

/* The banner of a sync that keeps failing (twice in a row, or more): why,
 * and Retry, until a sync of that site works again. The first such account. */
static void
update_failure_banner (KeikaWindow *self,
                       GListModel  *accounts)
{
  for (guint i = 0; accounts != NULL && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(KeikaAccount) account = g_list_model_get_item (accounts, i);
      KeikaSite site = keika_account_get_site (account);
      const char *error = keika_account_get_sync_error (account);
      g_autofree char *text = NULL;
      g_autofree char *valid = NULL;

      if (error == NULL || self->sync_failures[site] < 2)
        continue;

      /* Translators: the first %s is a site, like "MyAnimeList"; the second
       * says what went wrong, in a sentence */
      text = g_strdup_printf (_("Keika keeps failing to sync with %s: %s Your changes wait here."),
                              keika_site_to_label (site), error);
      gtk_label_set_label (self->failure_label, keika_input_valid_text (text, &valid));
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->failure_button),
                                              g_variant_new_string (keika_site_to_string (site)));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->failure_button), "app.sync-account");
      gtk_revealer_set_reveal_child (self->failure_revealer, TRUE);
      return;
    }

  gtk_revealer_set_reveal_child (self->failure_revealer, FALSE);
}

/* The banner of a sign-in that ends within KEIKA_SIGN_IN_WARNING_DAYS (or
 * has ended) and cannot renew itself: the first such account. */
static void
update_expiry_banner (KeikaWindow *self,
                      GListModel  *accounts)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; accounts != NULL && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(KeikaAccount) account = g_list_model_get_item (accounts, i);
      gint64 expiry = keika_account_get_sign_in_end (account);
      const char *name = keika_site_to_label (keika_account_get_site (account));
      g_autoptr(GDateTime) then = NULL;
      g_autofree char *date = NULL;
      g_autofree char *text = NULL;

      if (expiry <= 0 || expiry - now > KEIKA_SIGN_IN_WARNING_DAYS * 24 * 3600)
        continue;

      then = g_date_time_new_from_unix_local (expiry);
      /* Translators: the day a sign-in ends; see g_date_time_format() */
      date = g_date_time_format (then, _("%e %B"));
      g_strstrip (date);
      if (expiry <= now)
        /* Translators: %s is a site, like "AniList" */
        text = g_strdup_printf (_("Your %s sign-in has ended: your changes wait here until you sign in again."),
                                name);
      else
        /* Translators: the first %s is a site, like "AniList"; the second a day, like "5 December" */
        text = g_strdup_printf (_("Your %s sign-in ends on %s. Sign out and in again before then, so that no change has to wait."),
                                name, date);
      gtk_label_set_label (self->expiry_label, text);
      gtk_revealer_set_reveal_child (self->expiry_revealer, TRUE);
      return;
    }

  gtk_revealer_set_reveal_child (self->expiry_revealer, FALSE);
}

static void
update_sync_bar (KeikaWindow      *self,
                 KeikaSite         changed,
                 KeikaApplication *application)
{
  GListModel *accounts = keika_application_get_accounts (application);
  gboolean shown = FALSE;

  for (guint i = 0; accounts != NULL && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(KeikaAccount) account = g_list_model_get_item (accounts, i);
      guint bit = 1u << keika_account_get_site (account);
      gboolean syncing = keika_account_get_syncing (account, NULL, NULL, NULL);

      if (syncing && self->syncing_sites == 0)
        self->attention_before_sync = self->n_attention;
      if (!shown)
        shown = show_running (self, account);

      if (syncing)
        self->syncing_sites |= bit;
      else if (self->syncing_sites & bit)
        {
          self->syncing_sites &= ~bit;
          sync_ended (self, account);
        }
    }

  if (!shown)
    {
      gtk_revealer_set_reveal_child (self->sync_revealer, FALSE);
      set_pulsing (self, FALSE);
    }

  update_expiry_banner (self, accounts);
  update_failure_banner (self, accounts);
}

static gboolean
expiry_timeout_cb (gpointer user_data)
{
  KeikaWindow *self = user_data;
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  /* Days pass while Keika runs. */
  if (KEIKA_IS_APPLICATION (application))
    update_expiry_banner (self, keika_application_get_accounts (KEIKA_APPLICATION (application)));

  return G_SOURCE_CONTINUE;
}

void
keika_window_setup_sync (KeikaWindow      *self,
                         KeikaApplication *application)
{
  self->expiry_timeout_id = g_timeout_add_seconds (3600, expiry_timeout_cb, self);
  g_signal_connect_object (application, "account-changed",
                           G_CALLBACK (update_sync_bar), self, G_CONNECT_SWAPPED);
  update_sync_bar (self, KEIKA_SITE_MAL, application);
}
