/* keika-accounts.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSync"

#include "config.h"

#include "keika-account-private.h"
#include "keika-sites.h"

/* How often pending changes are retried while there are some. */
#define PUSH_INTERVAL_SECONDS 120
/* How often a profile's list is pulled again by itself (changes made on the
 * site elsewhere): at most every 3 hours, as the services expect of a
 * client; the person's Sync Now is not held to it. */
#define PULL_INTERVAL_SECONDS (3 * 3600)
/* A pull that failed (the site down, the network gone) is tried again by
 * itself no sooner than this, unless the network comes back. */
#define RETRY_PULL_US (30 * G_TIME_SPAN_MINUTE)

/* The sites Keika signs in to, in the order they are listed. */
static const KeikaSite account_sites[] = {
  KEIKA_SITE_MAL,
  KEIKA_SITE_ANILIST,
  KEIKA_SITE_KITSU,
  KEIKA_SITE_ANITRACK,
};

struct _KeikaAccounts
{
  GObject       parent_instance;

  GSettings    *settings;        /* (owned) */
  KeikaStore   *store;           /* (owned) (nullable) */
  GError       *store_error;     /* (owned) (nullable) */
  KeikaLibrary *library;         /* (owned) */
  gboolean      loading;
  GPtrArray    *accounts;        /* (owned) (element-type KeikaAccount) */
  guint         push_timeout_id;
  guint         push_soon_id;
  gboolean      online;          /* as the network monitor last said */
};

static void keika_accounts_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KeikaAccounts, keika_accounts, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      keika_accounts_list_model_init))

enum {
  ACCOUNT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* GListModel */

static GType
keika_accounts_get_item_type (GListModel *model)
{
  return KEIKA_TYPE_ACCOUNT;
}

static guint
keika_accounts_get_n_items (GListModel *model)
{
  return KEIKA_ACCOUNTS (model)->accounts->len;
}

static gpointer
keika_accounts_get_item (GListModel *model,
                         guint       position)
{
  KeikaAccounts *self = KEIKA_ACCOUNTS (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
keika_accounts_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = keika_accounts_get_item_type;
  iface->get_n_items = keika_accounts_get_n_items;
  iface->get_item = keika_accounts_get_item;
}

/* For the accounts */

KeikaStore *
keika_accounts_get_store (KeikaAccounts *self)
{
  return self->store;
}

const GError *
keika_accounts_get_store_error (KeikaAccounts *self)
{
  return self->store_error;
}

KeikaLibrary *
keika_accounts_get_library (KeikaAccounts *self)
{
  return self->library;
}

/* "oauth-redirect-port" is a "q". */
guint
keika_accounts_get_redirect_port (KeikaAccounts *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "oauth-redirect-port");

  return g_variant_get_uint16 (value);
}

char *
keika_accounts_dup_client_id (KeikaAccounts *self,
                              KeikaSite      site)
{
  g_autofree char *client_id = NULL;
  g_autofree char *key = NULL;
  const char *built_in;

  g_return_val_if_fail (KEIKA_IS_ACCOUNTS (self), NULL);

  /* The person's own client id first, else the one Keika was built with. */
  switch (site)
    {
    case KEIKA_SITE_MAL:
      built_in = MAL_CLIENT_ID;
      break;
    case KEIKA_SITE_ANILIST:
      built_in = ANILIST_CLIENT_ID;
      break;
    case KEIKA_SITE_KITSU:
    case KEIKA_SITE_ANITRACK:
    case KEIKA_SITE_ANIMETHEMES:
    default:
      return NULL;
    }

  key = g_strconcat (keika_site_to_string (site), "-client-id", NULL);
  client_id = g_settings_get_string (self->settings, key);
  g_strstrip (client_id);
  if (client_id[0] != '\0')
    return g_steal_pointer (&client_id);
  if (built_in[0] != '\0')
    return g_strdup (built_in);

  return NULL;
}

KeikaSiteService *
keika_accounts_new_service (KeikaAccounts *self,
                            KeikaSite      site,
                            const char    *account)
{
  g_autofree char *client_id = keika_accounts_dup_client_id (self, site);
  KeikaSiteService *service;

  switch (site)
    {
    case KEIKA_SITE_MAL:
      service = KEIKA_SITE_SERVICE (keika_mal_site_new (client_id, account));
      break;
    case KEIKA_SITE_ANILIST:
      service = KEIKA_SITE_SERVICE (keika_anilist_site_new (client_id, account));
      break;
    case KEIKA_SITE_ANITRACK:
      service = KEIKA_SITE_SERVICE (keika_anitrack_site_new (account));
      break;
    case KEIKA_SITE_KITSU:
      service = KEIKA_SITE_SERVICE (keika_kitsu_site_new (account));
      break;
    case KEIKA_SITE_ANIMETHEMES:
    default:
      g_assert_not_reached ();
    }
  keika_site_service_configure (service, client_id, keika_accounts_get_redirect_port (self));

  return service;
}

/* Scheduling */

void
keika_accounts_push_pending (KeikaAccounts *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KEIKA_IS_ACCOUNTS (self));

  if (self->store == NULL || self->loading)
    return;

  if (keika_store_count_journal (self->store, &error) == 0)
    return;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      KeikaAccount *account = g_ptr_array_index (self->accounts, i);

      /* One that is syncing sends them when it is done. */
      if (keika_account_get_engine (account) != NULL)
        keika_account_sync (account, KEIKA_SYNC_PUSH);
    }
}

void
keika_accounts_sync_due (KeikaAccounts *self,
                         gboolean       network_returned)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_if_fail (KEIKA_IS_ACCOUNTS (self));

  if (self->loading ||
      !g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    return;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      KeikaAccount *account = g_ptr_array_index (self->accounts, i);
      KeikaProfile *profile = keika_account_get_profile (account);

      if (keika_account_get_engine (account) != NULL &&
          now - keika_profile_get_synced_at (profile) >= PULL_INTERVAL_SECONDS &&
          (network_returned ||
           g_get_monotonic_time () - keika_account_get_pulled_at (account) >= RETRY_PULL_US))
        keika_account_sync (account, KEIKA_SYNC_INCREMENTAL);
    }
  keika_accounts_push_pending (self);
}

/* An edit (or anything else that journals a change) goes out within a
 * second: rapid edits of one entry (five +1 clicks) are folded into one
 * request by the push, and this short wait lets them arrive first. */
#define PUSH_SOON_MS 400

static gboolean
push_soon_cb (gpointer user_data)
{
  KeikaAccounts *self = user_data;

  self->push_soon_id = 0;
  keika_accounts_push_pending (self);

  return G_SOURCE_REMOVE;
}

static void
journal_changed_cb (KeikaStore    *store,
                    KeikaAccounts *self)
{
  if (self->push_soon_id == 0)
    self->push_soon_id = g_timeout_add (PUSH_SOON_MS, push_soon_cb, self);
}

static gboolean
push_timeout_cb (gpointer user_data)
{
  keika_accounts_sync_due (KEIKA_ACCOUNTS (user_data), FALSE);

  return G_SOURCE_CONTINUE;
}

/* Back online: what waited goes out, and a list not pulled for 3 hours is.
 * (The monitor also says "available" again at every change of route.) */
static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    KeikaAccounts   *self)
{
  gboolean returned = available && !self->online;

  self->online = available;
  if (available)
    keika_accounts_sync_due (self, returned);
}

static void
settings_changed_cb (GSettings     *settings,
                     const char    *key,
                     KeikaAccounts *self)
{
  if (!g_str_has_suffix (key, "-client-id") && !g_str_equal (key, "oauth-redirect-port"))
    return;

  for (guint i = 0; i < self->accounts->len; i++)
    keika_account_settings_changed (g_ptr_array_index (self->accounts, i));
}

static void
account_changed_cb (KeikaAccount  *account,
                    KeikaAccounts *self)
{
  g_signal_emit (self, signals[ACCOUNT_CHANGED], 0, account);
}

/* Picks up the claimed profile of each site once the library is read, and
 * syncs it once. */
static void
start_accounts (KeikaAccounts *self)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  profiles = keika_store_list_profiles (self->store, &error);
  if (profiles == NULL)
    {
      g_warning ("Could not read the accounts: %s", error->message);
      return;
    }

  for (guint i = 0; i < self->accounts->len; i++)
    {
      KeikaAccount *account = g_ptr_array_index (self->accounts, i);

      for (guint j = 0; j < profiles->len && keika_account_get_profile (account) == NULL; j++)
        {
          KeikaProfile *profile = g_ptr_array_index (profiles, j);

          if (keika_profile_get_site (profile) == keika_account_get_site (account) &&
              keika_profile_get_claimed (profile))
            keika_account_resume (account, profile);
        }

      keika_account_library_loaded (account);
    }
}

KeikaAccount *
keika_accounts_get (KeikaAccounts *self,
                    KeikaSite      site)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNTS (self), NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      KeikaAccount *account = g_ptr_array_index (self->accounts, i);

      if (keika_account_get_site (account) == site)
        return account;
    }

  return NULL;
}

void
keika_accounts_set_store_error (KeikaAccounts *self,
                                const GError  *error)
{
  g_return_if_fail (KEIKA_IS_ACCOUNTS (self));
  g_return_if_fail (error != NULL);

  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  self->store_error = g_error_copy (error);
}

gboolean
keika_accounts_get_loading (KeikaAccounts *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNTS (self), FALSE);

  return self->loading;
}

void
keika_accounts_set_loading (KeikaAccounts *self,
                            gboolean       loading)
{
  g_return_if_fail (KEIKA_IS_ACCOUNTS (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  if (!loading)
    start_accounts (self);
}

/* GObject */

static void
keika_accounts_dispose (GObject *object)
{
  KeikaAccounts *self = KEIKA_ACCOUNTS (object);

  g_clear_handle_id (&self->push_timeout_id, g_source_remove);
  g_clear_handle_id (&self->push_soon_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      KeikaAccount *account = g_ptr_array_index (self->accounts, i);

      g_signal_handlers_disconnect_by_data (account, self);
      keika_account_shutdown (account);
    }
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (keika_accounts_parent_class)->dispose (object);
}

static void
keika_accounts_finalize (GObject *object)
{
  KeikaAccounts *self = KEIKA_ACCOUNTS (object);

  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (keika_accounts_parent_class)->finalize (object);
}

static void
keika_accounts_class_init (KeikaAccountsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keika_accounts_dispose;
  object_class->finalize = keika_accounts_finalize;

  signals[ACCOUNT_CHANGED] =
    g_signal_new ("account-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KEIKA_TYPE_ACCOUNT);
}

static void
keika_accounts_init (KeikaAccounts *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
}

KeikaAccounts *
keika_accounts_new (GSettings    *settings,
                    KeikaStore   *store,
                    const GError *store_error,
                    KeikaLibrary *library,
                    gboolean      loading)
{
  KeikaAccounts *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (store == NULL || KEIKA_IS_STORE (store), NULL);
  g_return_val_if_fail (store != NULL || store_error != NULL, NULL);
  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), NULL);

  self = g_object_new (KEIKA_TYPE_ACCOUNTS, NULL);
  self->settings = g_object_ref (settings);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->store_error = store_error != NULL ? g_error_copy (store_error) : NULL;
  self->library = g_object_ref (library);
  self->loading = loading;

  for (guint i = 0; i < G_N_ELEMENTS (account_sites); i++)
    {
      KeikaAccount *account = keika_account_new (self, account_sites[i]);

      g_signal_connect_object (account, "changed", G_CALLBACK (account_changed_cb), self, 0);
      g_ptr_array_add (self->accounts, account);
    }

  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self, 0);
  if (self->store != NULL)
    g_signal_connect_object (self->store, "journal-changed", G_CALLBACK (journal_changed_cb), self, 0);

  /* Offline edits go out when the network comes back, and while some wait,
   * every few minutes. */
  self->online = g_network_monitor_get_network_available (g_network_monitor_get_default ());
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (network_changed_cb), self, 0);
  self->push_timeout_id = g_timeout_add_seconds (PUSH_INTERVAL_SECONDS, push_timeout_cb, self);

  if (!loading)
    start_accounts (self);

  return self;
}
