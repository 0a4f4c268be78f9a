/* keika-account.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSync"

#include "config.h"

#include "keika-account-private.h"
#include "keika-net.h"
#include "keika-sites.h"

/* How old the last pull of the whole list may get before the next pull is
 * a full one (to see what was deleted on the site). */
#define FULL_PULL_INTERVAL_SECONDS (7 * 24 * 3600)

struct _KeikaAccount
{
  GObject           parent_instance;

  KeikaAccounts    *owner;              /* (unowned) holds the account */
  KeikaSite         site;
  KeikaProfile     *profile;            /* (owned) (nullable) claimed */
  KeikaSiteService *service;            /* (owned) (nullable) one per account */
  KeikaSyncEngine  *engine;             /* (owned) (nullable) with the profile */

  char             *sign_in_uri;        /* (owned) (nullable) while signing in; never logged */
  GCancellable     *sign_in_cancellable; /* (owned) (nullable) */
  guint             sign_in_generation; /* bumped when an attempt is replaced */
  gboolean          browser_failed;
  gboolean          signing_out;
  char             *sign_in_error;      /* (owned) (nullable) */

  GCancellable     *sync_cancellable;   /* (owned) (nullable) */
  gboolean          syncing;
  gboolean          push_again;         /* changes came while a sync ran: send them after it */
  gboolean          sending;
  guint             done;
  guint             total;
  int               sync_after_load;    /* KeikaSyncKind + 1 asked for while loading, or 0 */
  gint64            pulled_at;          /* monotonic time of the last pull started */
  char             *sync_error;         /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (KeikaAccount, keika_account, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (KeikaAccount *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static KeikaStore *
get_store (KeikaAccount *self)
{
  return keika_accounts_get_store (self->owner);
}

/* A site object with no account yet, for signing in. */
static void
renew_service (KeikaAccount *self,
               const char   *account)
{
  g_clear_object (&self->service);
  self->service = keika_accounts_new_service (self->owner, self->site, account);
}

static void
clear_sign_in (KeikaAccount *self)
{
  self->sign_in_generation++;
  if (self->sign_in_cancellable != NULL)
    g_cancellable_cancel (self->sign_in_cancellable);
  g_clear_object (&self->sign_in_cancellable);
  if (self->sign_in_uri != NULL && self->service != NULL)
    keika_site_service_abort_sign_in (self->service);
  g_clear_pointer (&self->sign_in_uri, g_free);
  self->browser_failed = FALSE;
}

static void
clear_sync (KeikaAccount *self)
{
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  self->syncing = FALSE;
}

static void
engine_progress_cb (KeikaSyncEngine *engine,
                    guint            done,
                    guint            total,
                    gpointer         user_data)
{
  KeikaAccount *self = user_data;

  self->done = done;
  self->total = total;
  emit_changed (self);
}

/* Makes @profile (claimed) the account's, with an engine of its own. */
static void
set_profile (KeikaAccount *self,
             KeikaProfile *profile)
{
  KeikaStore *store = get_store (self);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_set_object (&self->profile, profile);

  if (profile != NULL && store != NULL)
    {
      self->engine = keika_sync_engine_new (store, keika_accounts_get_library (self->owner),
                                            profile, self->service);
      g_signal_connect (self->engine, "progress", G_CALLBACK (engine_progress_cb), self);
      if (!keika_accounts_get_loading (self->owner))
        keika_sync_engine_update_problems (self->engine);
    }
}

/* Sync */

static void
finish_sync (KeikaAccount *self,
             const GError *error)
{
  g_clear_object (&self->sync_cancellable);
  self->syncing = FALSE;
  g_clear_pointer (&self->sync_error, g_free);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Sync with %s failed: %s", keika_site_to_string (self->site), error->message);
      self->sync_error = g_strdup (error->message);
    }

  emit_changed (self);

  /* Changes made while it ran go now, unless it failed (they then wait
   * for the next round). */
  if (self->push_again && error == NULL)
    {
      self->push_again = FALSE;
      keika_account_sync (self, KEIKA_SYNC_PUSH);
    }
  self->push_again = FALSE;
}

/* What a sync in progress needs when a step ends. */
typedef struct
{
  KeikaAccount    *account;  /* (owned) */
  KeikaSyncEngine *engine;   /* (owned) the engine it was started with */
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_clear_object (&data->account);
  g_clear_object (&data->engine);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncData, sync_data_free)

static void
push_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SyncData) data = user_data;
  KeikaAccount *self = data->account;
  g_autoptr(GError) error = NULL;
  guint n_pushed = 0, n_failed = 0;

  keika_sync_engine_push_finish (KEIKA_SYNC_ENGINE (source_object), result,
                                 &n_pushed, &n_failed, &error);
  g_debug ("Pushed %u changes, %u failed", n_pushed, n_failed);

  if (self->engine != data->engine)
    return;

  /* A change the site refused for good is shown on its entry (and the
   * window says how many): it is not a failed sync. */
  if (error != NULL &&
      (g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND) ||
       g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_REJECTED)))
    g_clear_error (&error);

  finish_sync (self, error);
}

static void
start_push (KeikaAccount *self,
            SyncData     *data)
{
  /* "Send my changes here" off: the changes wait (they go when it is on
   * again); the site's changes still come in. */
  if (!keika_profile_get_send_changes (self->profile))
    {
      sync_data_free (data);
      finish_sync (self, NULL);
      return;
    }

  self->sending = TRUE;
  self->done = self->total = 0;
  keika_sync_engine_push_async (self->engine, self->sync_cancellable, push_done_cb, data);
}

static void
pull_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SyncData) data = user_data;
  KeikaAccount *self = data->account;
  g_autoptr(GError) error = NULL;

  if (!keika_sync_engine_pull_finish (KEIKA_SYNC_ENGINE (source_object), result, &error))
    {
      if (self->engine == data->engine)
        finish_sync (self, error);
      return;
    }

  if (self->engine != data->engine)
    return;

  emit_changed (self);
  start_push (self, g_steal_pointer (&data));
}

void
keika_account_sync (KeikaAccount  *self,
                    KeikaSyncKind  kind)
{
  SyncData *data;

  g_return_if_fail (KEIKA_IS_ACCOUNT (self));

  if (keika_accounts_get_loading (self->owner))
    {
      /* Once the library is there. */
      self->sync_after_load = MAX (self->sync_after_load, (int) kind + 1);
      return;
    }

  if (self->engine == NULL)
    return;
  if (self->syncing)
    {
      if (kind == KEIKA_SYNC_PUSH)
        self->push_again = TRUE;
      return;
    }

  self->syncing = TRUE;
  self->done = self->total = 0;
  self->sending = FALSE;
  self->sync_cancellable = g_cancellable_new ();

  data = g_new0 (SyncData, 1);
  data->account = g_object_ref (self);
  data->engine = g_object_ref (self->engine);

  /* Now and then the whole list, to see what was deleted on the site. */
  if (kind == KEIKA_SYNC_INCREMENTAL &&
      (keika_profile_get_synced_at (self->profile) == 0 ||
       g_get_real_time () / G_USEC_PER_SEC - keika_profile_get_full_synced_at (self->profile)
         >= FULL_PULL_INTERVAL_SECONDS))
    kind = KEIKA_SYNC_FULL;

  if (kind == KEIKA_SYNC_PUSH)
    start_push (self, data);
  else
    {
      self->pulled_at = g_get_monotonic_time ();
      keika_sync_engine_pull_async (self->engine, kind == KEIKA_SYNC_FULL,
                                    self->sync_cancellable, pull_done_cb, data);
    }

  emit_changed (self);
}

void
keika_account_cancel_sync (KeikaAccount *self)
{
  g_return_if_fail (KEIKA_IS_ACCOUNT (self));

  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
}

gboolean
keika_account_get_syncing (KeikaAccount *self,
                           guint        *done,
                           guint        *total,
                           gboolean     *sending)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), FALSE);

  if (!self->syncing)
    return FALSE;

  if (done != NULL)
    *done = self->done;
  if (total != NULL)
    *total = self->total;
  if (sending != NULL)
    *sending = self->sending;

  return TRUE;
}

const char *
keika_account_get_sync_error (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), NULL);

  return self->sync_error;
}

gboolean
keika_account_act_on_entry (KeikaAccount  *self,
                            const char    *action,
                            gint64         entry_id,
                            GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (self->engine == NULL)
    return TRUE;

  if (g_str_equal (action, "retry-change"))
    ok = keika_sync_engine_retry_entry (self->engine, entry_id, error);
  else if (g_str_equal (action, "discard-change"))
    ok = keika_sync_engine_discard_entry (self->engine, entry_id, error);
  else if (g_str_equal (action, "unlink-entry") || g_str_equal (action, "remove-gone-entry"))
    ok = keika_sync_engine_unlink_entry (self->engine, entry_id, error);
  else if (g_str_equal (action, "add-back-entry"))
    ok = keika_sync_engine_add_back_entry (self->engine, entry_id, error);
  else
    ok = keika_sync_engine_dismiss_conflicts (self->engine, entry_id, error);

  if (ok && (g_str_equal (action, "retry-change") || g_str_equal (action, "add-back-entry")))
    keika_accounts_push_pending (self->owner);

  return ok;
}

gboolean
keika_account_map_entry (KeikaAccount  *self,
                         gint64         entry_id,
                         gint64         site_anime_id,
                         GError       **error)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), FALSE);

  if (self->engine == NULL)
    return TRUE;
  if (!keika_sync_engine_map_entry (self->engine, entry_id, site_anime_id, error))
    return FALSE;

  keika_accounts_push_pending (self->owner);
  return TRUE;
}

/* Sign-in */

typedef struct
{
  KeikaAccount *account;     /* (owned) */
  guint         generation;  /* of the sign-in it belongs to */
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_clear_object (&data->account);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignInData, sign_in_data_free)

static SignInData *
sign_in_data_new (KeikaAccount *self)
{
  SignInData *data = g_new0 (SignInData, 1);

  data->account = g_object_ref (self);
  data->generation = self->sign_in_generation;

  return data;
}

/* Claims the profile: the row of the same account if there is one (its
 * links and pending changes then resume), else a new one. */
static gboolean
claim_profile (KeikaStore    *store,
               KeikaProfile  *profile,
               GError       **error)
{
  g_autoptr(GPtrArray) profiles = keika_store_list_profiles (store, error);

  if (profiles == NULL)
    return FALSE;

  for (guint i = 0; i < profiles->len; i++)
    {
      KeikaProfile *old = g_ptr_array_index (profiles, i);

      if (keika_profile_get_site (old) == keika_profile_get_site (profile) &&
          g_strcmp0 (keika_profile_get_site_user_id (old), keika_profile_get_site_user_id (profile)) == 0)
        {
          keika_profile_set_id (profile, keika_profile_get_id (old));
          keika_profile_set_synced_at (profile, keika_profile_get_synced_at (old));
          keika_profile_set_full_synced_at (profile, keika_profile_get_full_synced_at (old));
          keika_profile_set_send_changes (profile, keika_profile_get_send_changes (old));
          break;
        }
    }

  keika_profile_set_claimed (profile, TRUE);

  return keika_store_add_profile (store, profile, error);
}

/* The end of a sign-in, whatever its form. */
static void
sign_in_finished (SignInData       *data,
                  KeikaSiteService *service,
                  KeikaProfile     *profile,
                  GError           *error)
{
  KeikaAccount *self = data->account;
  KeikaStore *store = get_store (self);
  g_autoptr(GError) store_error = NULL;

  /* A newer attempt (a pasted code, a new sign-in) or a cancel took over. */
  if (data->generation != self->sign_in_generation || service != self->service)
    return;

  if (profile == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_pointer (&self->sign_in_error, g_free);
      self->sign_in_error = g_strdup (error->message);

      /* The loopback address cannot be used: the paste field stays. */
      if (!g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_PORT_IN_USE))
        {
          g_clear_object (&self->sign_in_cancellable);
          g_clear_pointer (&self->sign_in_uri, g_free);
          self->browser_failed = FALSE;
        }
      emit_changed (self);
      return;
    }

  g_clear_object (&self->sign_in_cancellable);
  g_clear_pointer (&self->sign_in_uri, g_free);
  self->browser_failed = FALSE;

  if (store == NULL)
    store_error = g_error_copy (keika_accounts_get_store_error (self->owner));
  if (store_error != NULL || !claim_profile (store, profile, &store_error))
    {
      self->sign_in_error = g_strdup (store_error->message);
      /* Not kept: forget the tokens too. */
      keika_site_service_sign_out_async (self->service, NULL, NULL, NULL);
      renew_service (self, NULL);
      emit_changed (self);
      return;
    }

  g_debug ("Signed in to %s", keika_site_to_string (self->site));
  set_profile (self, profile);
  keika_account_sync (self, KEIKA_SYNC_FULL);
  emit_changed (self);
}

static void
sign_in_done_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignInData) data = user_data;
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (source_object),
                                                        result, &error);
  sign_in_finished (data, KEIKA_SITE_SERVICE (source_object), profile, error);
}

static void
password_done_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SignInData) data = user_data;
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = keika_site_service_sign_in_with_password_finish (KEIKA_SITE_SERVICE (source_object),
                                                             result, &error);
  sign_in_finished (data, KEIKA_SITE_SERVICE (source_object), profile, error);
}

KeikaSignInKind
keika_account_get_sign_in_kind (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), KEIKA_SIGN_IN_BROWSER);

  if (self->service == NULL)
    renew_service (self, NULL);
  return keika_site_service_get_sign_in_kind (self->service);
}

gboolean
keika_account_get_signing_in (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), FALSE);

  return self->sign_in_cancellable != NULL;
}

void
keika_account_sign_in_with_password (KeikaAccount *self,
                                     const char   *identity,
                                     const char   *password)
{
  g_return_if_fail (KEIKA_IS_ACCOUNT (self));
  g_return_if_fail (identity != NULL && password != NULL);

  if (self->profile != NULL)
    return;

  clear_sign_in (self);
  g_clear_pointer (&self->sign_in_error, g_free);
  if (self->service == NULL)
    renew_service (self, NULL);

  self->sign_in_cancellable = g_cancellable_new ();
  keika_site_service_sign_in_with_password_async (self->service, identity, password,
                                                  self->sign_in_cancellable, password_done_cb,
                                                  sign_in_data_new (self));
  emit_changed (self);
}

const char *
keika_account_begin_sign_in (KeikaAccount *self,
                             guint        *generation)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), NULL);

  if (self->profile != NULL)
    return NULL;

  clear_sign_in (self);
  g_clear_pointer (&self->sign_in_error, g_free);
  if (self->service == NULL)
    renew_service (self, NULL);

  self->sign_in_uri = keika_site_service_begin_sign_in (self->service, &error);
  if (self->sign_in_uri == NULL)
    {
      self->sign_in_error = g_strdup (error->message);
      emit_changed (self);
      return NULL;
    }

  self->sign_in_cancellable = g_cancellable_new ();
  keika_site_service_complete_sign_in_async (self->service, NULL, self->sign_in_cancellable,
                                             sign_in_done_cb, sign_in_data_new (self));
  if (generation != NULL)
    *generation = self->sign_in_generation;

  emit_changed (self);
  return self->sign_in_uri;
}

void
keika_account_browser_failed (KeikaAccount *self,
                              guint         generation)
{
  g_return_if_fail (KEIKA_IS_ACCOUNT (self));

  if (generation == self->sign_in_generation && self->sign_in_uri != NULL)
    {
      self->browser_failed = TRUE;
      emit_changed (self);
    }
}

void
keika_account_complete_sign_in (KeikaAccount *self,
                                const char   *code)
{
  g_return_if_fail (KEIKA_IS_ACCOUNT (self));
  g_return_if_fail (code != NULL);

  if (self->sign_in_uri == NULL || self->service == NULL)
    return;

  /* The wait for the redirect ends (cancelled): this attempt replaces it. */
  self->sign_in_generation++;
  g_clear_pointer (&self->sign_in_error, g_free);
  keika_site_service_complete_sign_in_async (self->service, code, self->sign_in_cancellable,
                                             sign_in_done_cb, sign_in_data_new (self));
  emit_changed (self);
}

void
keika_account_cancel_sign_in (KeikaAccount *self)
{
  g_return_if_fail (KEIKA_IS_ACCOUNT (self));

  clear_sign_in (self);
  g_clear_pointer (&self->sign_in_error, g_free);
  emit_changed (self);
}

static void
sign_out_done_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KeikaAccount) self = user_data;
  KeikaStore *store = get_store (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaProfile) profile = NULL;

  self->signing_out = FALSE;

  if (KEIKA_SITE_SERVICE (source_object) != self->service)
    return;

  if (!keika_site_service_sign_out_finish (KEIKA_SITE_SERVICE (source_object), result, &error))
    {
      /* The token is still in the keyring: stay signed in, and say why. */
      g_clear_pointer (&self->sign_in_error, g_free);
      self->sign_in_error = g_strdup (error->message);
      emit_changed (self);
      return;
    }

  profile = g_steal_pointer (&self->profile);
  if (profile != NULL && store != NULL)
    {
      keika_profile_set_claimed (profile, FALSE);
      if (!keika_store_add_profile (store, profile, &error))
        g_warning ("Could not mark the profile as signed out: %s", error->message);
    }

  set_profile (self, NULL);
  renew_service (self, NULL);
  g_clear_pointer (&self->sync_error, g_free);
  g_debug ("Signed out of %s", keika_site_to_string (self->site));
  emit_changed (self);
}

void
keika_account_sign_out (KeikaAccount *self)
{
  g_return_if_fail (KEIKA_IS_ACCOUNT (self));

  if (self->profile == NULL || self->signing_out)
    return;

  clear_sync (self);
  self->signing_out = TRUE;
  g_clear_pointer (&self->sign_in_error, g_free);
  keika_site_service_sign_out_async (self->service, NULL, sign_out_done_cb, g_object_ref (self));
  emit_changed (self);
}

/* Getters */

KeikaSite
keika_account_get_site (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), KEIKA_SITE_MAL);

  return self->site;
}

KeikaProfile *
keika_account_get_profile (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), NULL);

  return self->profile;
}

KeikaSiteService *
keika_account_get_service (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), NULL);

  return self->service;
}

KeikaSyncEngine *
keika_account_get_engine (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), NULL);

  return self->engine;
}

const char *
keika_account_get_sign_in_uri (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), NULL);

  return self->sign_in_uri;
}

char *
keika_account_dup_redirect_uri (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), NULL);

  if (self->service == NULL)
    return NULL;

  return keika_site_service_dup_redirect_uri (self->service);
}

const char *
keika_account_get_sign_in_error (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), NULL);

  return self->sign_in_error;
}

gboolean
keika_account_get_browser_failed (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), FALSE);

  return self->browser_failed;
}

gboolean
keika_account_get_signing_out (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), FALSE);

  return self->signing_out;
}

gboolean
keika_account_set_send_changes (KeikaAccount  *self,
                                gboolean       send,
                                GError       **error)
{
  KeikaStore *store;
  gboolean was;

  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), FALSE);

  store = keika_accounts_get_store (self->owner);
  if (self->profile == NULL || store == NULL ||
      keika_profile_get_send_changes (self->profile) == !!send)
    return TRUE;

  was = keika_profile_get_send_changes (self->profile);
  keika_profile_set_send_changes (self->profile, send);
  /* The changes made meanwhile waited in the journal: on again, they go. */
  if (!keika_store_add_profile (store, self->profile, error))
    {
      keika_profile_set_send_changes (self->profile, was);
      return FALSE;
    }

  emit_changed (self);
  if (send)
    keika_account_sync (self, KEIKA_SYNC_PUSH);

  return TRUE;
}

gboolean
keika_account_get_client_id_built_in (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), FALSE);

  switch (self->site)
    {
    case KEIKA_SITE_MAL:
      return MAL_CLIENT_ID[0] != '\0';
    case KEIKA_SITE_ANILIST:
      return ANILIST_CLIENT_ID[0] != '\0';
    case KEIKA_SITE_KITSU:
    case KEIKA_SITE_ANITRACK:
    case KEIKA_SITE_ANIMETHEMES:
    default:
      return FALSE;
    }
}

char *
keika_account_dup_client_id (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), NULL);

  return keika_accounts_dup_client_id (self->owner, self->site);
}

/* For KeikaAccounts */

void
keika_account_resume (KeikaAccount *self,
                      KeikaProfile *profile)
{
  g_return_if_fail (KEIKA_IS_ACCOUNT (self));
  g_return_if_fail (KEIKA_IS_PROFILE (profile));

  renew_service (self, keika_profile_get_site_user_id (profile));
  set_profile (self, profile);
}

void
keika_account_library_loaded (KeikaAccount *self)
{
  g_return_if_fail (KEIKA_IS_ACCOUNT (self));

  if (self->profile != NULL)
    {
      keika_account_sync (self, MAX (KEIKA_SYNC_INCREMENTAL,
                                     (KeikaSyncKind) (self->sync_after_load - 1)));
      emit_changed (self);
    }
  self->sync_after_load = 0;
}

gint64
keika_account_get_pulled_at (KeikaAccount *self)
{
  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), 0);

  return self->pulled_at;
}

void
keika_account_settings_changed (KeikaAccount *self)
{
  g_autofree char *client_id = NULL;

  g_return_if_fail (KEIKA_IS_ACCOUNT (self));

  if (self->service == NULL)
    return;

  client_id = keika_accounts_dup_client_id (self->owner, self->site);
  keika_site_service_configure (self->service, client_id,
                                keika_accounts_get_redirect_port (self->owner));
  emit_changed (self);
}

void
keika_account_shutdown (KeikaAccount *self)
{
  g_return_if_fail (KEIKA_IS_ACCOUNT (self));

  clear_sign_in (self);
  clear_sync (self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->profile);
  g_clear_object (&self->service);
}

/* GObject */

static void
keika_account_dispose (GObject *object)
{
  KeikaAccount *self = KEIKA_ACCOUNT (object);

  keika_account_shutdown (self);

  G_OBJECT_CLASS (keika_account_parent_class)->dispose (object);
}

static void
keika_account_finalize (GObject *object)
{
  KeikaAccount *self = KEIKA_ACCOUNT (object);

  g_free (self->sign_in_error);
  g_free (self->sync_error);

  G_OBJECT_CLASS (keika_account_parent_class)->finalize (object);
}

static void
keika_account_class_init (KeikaAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keika_account_dispose;
  object_class->finalize = keika_account_finalize;

  /* Anything readable on the account may have changed: profile, sign-in,
   * sync progress or error. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
keika_account_init (KeikaAccount *self)
{
}

KeikaAccount *
keika_account_new (KeikaAccounts *owner,
                   KeikaSite      site)
{
  KeikaAccount *self = g_object_new (KEIKA_TYPE_ACCOUNT, NULL);

  self->owner = owner;
  self->site = site;
  renew_service (self, NULL);

  return self;
}
