/* keika-site-base.c — what every site's object is made of
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include "keika-site-base.h"

typedef struct
{
  KeikaHttpClient  *client;      /* (owned) */
  KeikaTokenKeeper *keeper;      /* (owned) the account and its tokens */
  char             *user_name;   /* (owned) (nullable) */
  char             *rate_host;   /* (owned) (nullable) where Keika's own limit applies */
  guint             rate;        /* requests a minute there, 0 = none */
} KeikaSiteBasePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KeikaSiteBase, keika_site_base, G_TYPE_OBJECT)

static void
keika_site_base_dispose (GObject *object)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (KEIKA_SITE_BASE (object));

  g_clear_object (&priv->keeper);
  g_clear_object (&priv->client);

  G_OBJECT_CLASS (keika_site_base_parent_class)->dispose (object);
}

static void
keika_site_base_finalize (GObject *object)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (KEIKA_SITE_BASE (object));

  g_free (priv->user_name);
  g_free (priv->rate_host);

  G_OBJECT_CLASS (keika_site_base_parent_class)->finalize (object);
}

static void
keika_site_base_class_init (KeikaSiteBaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keika_site_base_dispose;
  object_class->finalize = keika_site_base_finalize;
}

static void
keika_site_base_init (KeikaSiteBase *self)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  priv->client = g_object_ref (keika_http_client_get_default ());
}

void
keika_site_base_setup (KeikaSiteBase *self,
                       const char    *secret_site,
                       const char    *site_name)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  g_return_if_fail (KEIKA_IS_SITE_BASE (self));
  g_return_if_fail (priv->keeper == NULL);

  priv->keeper = keika_token_keeper_new (secret_site, site_name, priv->client);
}

KeikaTokenKeeper *
keika_site_base_get_keeper (KeikaSiteBase *self)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  g_return_val_if_fail (KEIKA_IS_SITE_BASE (self), NULL);

  return priv->keeper;
}

KeikaHttpClient *
keika_site_base_get_http_client (KeikaSiteBase *self)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  g_return_val_if_fail (KEIKA_IS_SITE_BASE (self), NULL);

  return priv->client;
}

static void
apply_rate (KeikaSiteBase *self)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  if (priv->rate_host != NULL)
    keika_http_client_set_rate (priv->client, priv->rate_host, priv->rate, 60);
}

void
keika_site_base_set_http_client (KeikaSiteBase   *self,
                                 KeikaHttpClient *client)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  g_return_if_fail (KEIKA_IS_SITE_BASE (self));
  g_return_if_fail (KEIKA_IS_HTTP_CLIENT (client));

  g_set_object (&priv->client, client);
  if (priv->keeper != NULL)
    keika_token_keeper_set_http_client (priv->keeper, client);
  apply_rate (self);
}

void
keika_site_base_set_rate_host (KeikaSiteBase *self,
                               const char    *api_url)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);
  g_autoptr(GUri) uri = NULL;

  g_return_if_fail (KEIKA_IS_SITE_BASE (self));
  g_return_if_fail (api_url != NULL);

  uri = g_uri_parse (api_url, G_URI_FLAGS_NONE, NULL);
  g_free (priv->rate_host);
  priv->rate_host = uri != NULL ? g_strdup (g_uri_get_host (uri)) : NULL;
  apply_rate (self);
}

void
keika_site_base_set_rate (KeikaSiteBase *self,
                          guint          requests_per_minute)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  g_return_if_fail (KEIKA_IS_SITE_BASE (self));

  priv->rate = requests_per_minute;
  apply_rate (self);
}

const char *
keika_site_base_get_account (KeikaSiteBase *self)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  g_return_val_if_fail (KEIKA_IS_SITE_BASE (self), NULL);

  return keika_token_keeper_get_account (priv->keeper);
}

void
keika_site_base_set_account (KeikaSiteBase *self,
                             const char    *account)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  g_return_if_fail (KEIKA_IS_SITE_BASE (self));

  if (keika_token_keeper_set_account (priv->keeper, account))
    keika_site_base_set_user_name (self, NULL);
}

gint64
keika_site_base_get_user_id (KeikaSiteBase *self)
{
  const char *account;

  g_return_val_if_fail (KEIKA_IS_SITE_BASE (self), 0);

  account = keika_site_base_get_account (self);
  return account != NULL ? g_ascii_strtoll (account, NULL, 10) : 0;
}

const char *
keika_site_base_get_user_name (KeikaSiteBase *self)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  g_return_val_if_fail (KEIKA_IS_SITE_BASE (self), NULL);

  return priv->user_name;
}

void
keika_site_base_set_user_name (KeikaSiteBase *self,
                               const char    *user_name)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  g_return_if_fail (KEIKA_IS_SITE_BASE (self));

  if (g_strcmp0 (priv->user_name, user_name) == 0)
    return;
  g_free (priv->user_name);
  priv->user_name = g_strdup (user_name);
  if (KEIKA_SITE_BASE_GET_CLASS (self)->user_name_changed != NULL)
    KEIKA_SITE_BASE_GET_CLASS (self)->user_name_changed (self);
}

gint64
keika_site_base_get_token_expiry (KeikaSiteBase *self)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);

  g_return_val_if_fail (KEIKA_IS_SITE_BASE (self), 0);

  return keika_token_keeper_get_expires_at (priv->keeper);
}

void
keika_site_base_set_tokens (KeikaSiteBase *self,
                            const char    *access_token,
                            const char    *refresh_token,
                            gint64         expires_at)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);
  g_autoptr(KeikaTokens) tokens = NULL;

  g_return_if_fail (KEIKA_IS_SITE_BASE (self));

  if (access_token != NULL)
    tokens = keika_tokens_new (access_token, refresh_token, expires_at, 0);
  keika_token_keeper_set_tokens (priv->keeper, tokens);
}

static void
refreshed_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token;

  token = keika_token_keeper_get_token_finish (KEIKA_TOKEN_KEEPER (source_object), result, &error);
  if (token == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  keika_wipe_free (token);
}

void
keika_site_base_refresh_async (KeikaSiteBase       *self,
                               gboolean             renew,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);
  GTask *task;

  g_return_if_fail (KEIKA_IS_SITE_BASE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_site_base_refresh_async);
  keika_token_keeper_get_token_async (priv->keeper, NULL, renew, cancellable, refreshed_cb, task);
}

gboolean
keika_site_base_refresh_finish (KeikaSiteBase  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
forgot_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!keika_token_keeper_forget_finish (KEIKA_TOKEN_KEEPER (source_object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
keika_site_base_forget_async (KeikaSiteBase       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);
  GTask *task;

  g_return_if_fail (KEIKA_IS_SITE_BASE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_site_base_forget_async);
  keika_token_keeper_forget_async (priv->keeper, cancellable, forgot_cb, task);
}

gboolean
keika_site_base_forget_finish (KeikaSiteBase  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
call_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaSiteBase *self = g_task_get_source_object (task);
  KeikaHttpResponse *response;
  GError *error = NULL;

  response = keika_token_keeper_call_finish (KEIKA_TOKEN_KEEPER (source_object), result, &error);
  if (response == NULL && KEIKA_SITE_BASE_GET_CLASS (self)->reword_error != NULL)
    g_task_return_error (task, KEIKA_SITE_BASE_GET_CLASS (self)->reword_error (self, error));
  else if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, g_object_unref);
}

void
keika_site_base_call_async (KeikaSiteBase       *self,
                            KeikaHttpRequest    *request,
                            gboolean             with_token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  KeikaSiteBasePrivate *priv = keika_site_base_get_instance_private (self);
  g_autoptr(KeikaHttpRequest) owned = request;
  GTask *task;

  g_return_if_fail (KEIKA_IS_SITE_BASE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_site_base_call_async);
  keika_token_keeper_send_async (priv->keeper, request, with_token, cancellable, call_done_cb, task);
}

KeikaHttpResponse *
keika_site_base_call_finish (KeikaSiteBase  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == keika_site_base_call_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
