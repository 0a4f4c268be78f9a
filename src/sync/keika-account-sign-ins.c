/* keika-account-sign-ins.c — an account's sign-ins: when the one in use
 * ends, where it cannot renew itself, and the others, where the site lists
 * them (AniTrack)
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSync"

#include "config.h"

#include "keika-account.h"

gint64
keika_account_get_sign_in_end (KeikaAccount *self)
{
  KeikaProfile *profile;
  KeikaSiteService *service;

  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), 0);

  profile = keika_account_get_profile (self);
  service = keika_account_get_service (self);
  if (profile == NULL || service == NULL || keika_site_service_sign_in_renews (service))
    return 0;

  return MAX (keika_profile_get_token_expiry (profile), 0);
}

/* Sign-ins on other devices */

gboolean
keika_account_lists_sign_ins (KeikaAccount *self)
{
  KeikaSiteService *service;

  g_return_val_if_fail (KEIKA_IS_ACCOUNT (self), FALSE);

  service = keika_account_get_service (self);
  return keika_account_get_profile (self) != NULL && service != NULL &&
         keika_site_service_lists_sign_ins (service);
}

static void
sign_ins_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *sign_ins = keika_site_service_list_sign_ins_finish (KEIKA_SITE_SERVICE (source),
                                                                 result, &error);

  if (sign_ins == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sign_ins, (GDestroyNotify) g_ptr_array_unref);
}

void
keika_account_list_sign_ins_async (KeikaAccount        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEIKA_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_account_list_sign_ins_async);
  if (!keika_account_lists_sign_ins (self))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "This account lists no sign-ins");
      return;
    }
  keika_site_service_list_sign_ins_async (keika_account_get_service (self), cancellable,
                                          sign_ins_listed_cb,
                                          g_steal_pointer (&task));
}

GPtrArray *
keika_account_list_sign_ins_finish (KeikaAccount  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sign_in_ended_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!keika_site_service_end_sign_in_finish (KEIKA_SITE_SERVICE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
keika_account_end_sign_in_async (KeikaAccount        *self,
                                 gint64               sign_in_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEIKA_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_account_end_sign_in_async);
  if (!keika_account_lists_sign_ins (self))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "This account lists no sign-ins");
      return;
    }
  keika_site_service_end_sign_in_async (keika_account_get_service (self), sign_in_id,
                                        cancellable, sign_in_ended_cb,
                                        g_steal_pointer (&task));
}

gboolean
keika_account_end_sign_in_finish (KeikaAccount  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
