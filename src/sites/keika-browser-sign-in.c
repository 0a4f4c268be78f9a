/* keika-browser-sign-in.c — one sign-in through the browser and the
 * loopback redirect handler, or through a pasted address
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include "keika-browser-sign-in.h"
#include "keika-token-keeper.h"

struct _KeikaBrowserSignIn
{
  GObject                 parent_instance;

  char                   *site_name;         /* (owned) */
  KeikaOAuthRedirectMode  mode;
  char                   *state;             /* (owned) secret */
  char                   *redirect_uri;      /* (owned) */
  KeikaOAuthServer       *server;            /* (owned) (nullable) NULL when the port is taken */
  GError                 *listen_error;      /* (owned) (nullable) why there is no server */
  GCancellable           *wait_cancellable;  /* (owned) */
  gboolean                waiting;
};

G_DEFINE_FINAL_TYPE (KeikaBrowserSignIn, keika_browser_sign_in, G_TYPE_OBJECT)

static void
keika_browser_sign_in_finalize (GObject *object)
{
  KeikaBrowserSignIn *self = KEIKA_BROWSER_SIGN_IN (object);

  keika_browser_sign_in_close (self);
  g_clear_object (&self->server);
  g_clear_object (&self->wait_cancellable);
  g_clear_error (&self->listen_error);
  keika_wipe_free (self->state);
  g_free (self->redirect_uri);
  g_free (self->site_name);

  G_OBJECT_CLASS (keika_browser_sign_in_parent_class)->finalize (object);
}

static void
keika_browser_sign_in_class_init (KeikaBrowserSignInClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = keika_browser_sign_in_finalize;
}

static void
keika_browser_sign_in_init (KeikaBrowserSignIn *self)
{
  self->wait_cancellable = g_cancellable_new ();
}

KeikaBrowserSignIn *
keika_browser_sign_in_new (const char              *site_name,
                           guint                    port,
                           KeikaOAuthRedirectMode   mode,
                           const char              *fallback_redirect_uri,
                           GError                 **error)
{
  g_autoptr(KeikaBrowserSignIn) self = g_object_new (KEIKA_TYPE_BROWSER_SIGN_IN, NULL);
  g_autoptr(GError) listen_error = NULL;

  g_return_val_if_fail (site_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->site_name = g_strdup (site_name);
  self->mode = mode;
  self->state = keika_oauth_new_state ();
  self->server = keika_oauth_server_new (site_name, port, mode, &listen_error);
  if (self->server != NULL)
    {
      self->redirect_uri = keika_oauth_server_dup_redirect_uri (self->server);
    }
  else if (g_error_matches (listen_error, KEIKA_ERROR, KEIKA_ERROR_PORT_IN_USE) &&
           fallback_redirect_uri != NULL)
    {
      /* The browser can still show the address with the answer, to paste. */
      self->listen_error = g_steal_pointer (&listen_error);
      self->redirect_uri = g_strdup (fallback_redirect_uri);
    }
  else
    {
      g_propagate_error (error, g_steal_pointer (&listen_error));
      return NULL;
    }

  g_debug ("%s: sign-in begun, redirect to port %u", site_name,
           keika_browser_sign_in_get_port (self));

  return g_steal_pointer (&self);
}

const char *
keika_browser_sign_in_get_state (KeikaBrowserSignIn *self)
{
  g_return_val_if_fail (KEIKA_IS_BROWSER_SIGN_IN (self), NULL);

  return self->state;
}

const char *
keika_browser_sign_in_get_redirect_uri (KeikaBrowserSignIn *self)
{
  g_return_val_if_fail (KEIKA_IS_BROWSER_SIGN_IN (self), NULL);

  return self->redirect_uri;
}

guint
keika_browser_sign_in_get_port (KeikaBrowserSignIn *self)
{
  g_return_val_if_fail (KEIKA_IS_BROWSER_SIGN_IN (self), 0);

  return self->server != NULL ? keika_oauth_server_get_port (self->server) : 0;
}

void
keika_browser_sign_in_close (KeikaBrowserSignIn *self)
{
  g_return_if_fail (KEIKA_IS_BROWSER_SIGN_IN (self));

  g_cancellable_cancel (self->wait_cancellable);
  if (self->server != NULL)
    keika_oauth_server_close (self->server);
}

void
keika_browser_sign_in_append_param (GString    *url,
                                    const char *name,
                                    const char *value)
{
  g_string_append_c (url, strchr (url->str, '?') != NULL ? '&' : '?');
  g_string_append (url, name);
  g_string_append_c (url, '=');
  g_string_append_uri_escaped (url, value, NULL, FALSE);
}

/* What the person pasted: the code or token alone, or the address the
 * browser ended on (its query, or its fragment for an implicit grant). */
static char *
answer_from_paste (KeikaBrowserSignIn  *self,
                   const char          *text,
                   GHashTable         **params_out,
                   GError             **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autoptr(GHashTable) params = NULL;
  const char *secret_name = self->mode == KEIKA_OAUTH_REDIRECT_FRAGMENT ? "access_token" : "code";
  const char *parameters;
  const char *secret;
  const char *state;
  const char *said;

  parameters = strchr (trimmed, self->mode == KEIKA_OAUTH_REDIRECT_FRAGMENT ? '#' : '?');
  if (parameters == NULL)
    {
      if (*trimmed == '\0' || strpbrk (trimmed, " \t\r\n&=/?#") != NULL)
        {
          g_propagate_error (error, keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED,
                                                     self->site_name, NULL));
          return NULL;
        }
      if (params_out != NULL)
        *params_out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      return g_steal_pointer (&trimmed);
    }

  params = soup_form_decode (parameters + 1);
  secret = g_hash_table_lookup (params, secret_name);
  state = g_hash_table_lookup (params, "state");
  said = g_hash_table_lookup (params, "error");

  if (g_strcmp0 (said, "access_denied") == 0)
    {
      g_propagate_error (error, keika_error_new (KEIKA_ERROR_ACCESS_DENIED, self->site_name, NULL));
      return NULL;
    }
  if (said != NULL || secret == NULL || *secret == '\0' ||
      (state != NULL && g_strcmp0 (state, self->state) != 0))
    {
      g_propagate_error (error, keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, self->site_name, NULL));
      return NULL;
    }

  if (params_out != NULL)
    *params_out = g_hash_table_ref (params);
  return g_strdup (secret);
}

typedef struct
{
  char         *secret;        /* (owned) */
  GHashTable   *params;        /* (owned) (nullable) */
  gulong        cancelled_id;
} WaitData;

static void
wait_data_free (WaitData *data)
{
  keika_wipe_free (data->secret);
  g_clear_pointer (&data->params, g_hash_table_unref);
  g_free (data);
}

static void
forward_cancel_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
waited_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaBrowserSignIn *self = g_task_get_source_object (task);
  WaitData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->secret = keika_oauth_server_wait_finish (KEIKA_OAUTH_SERVER (source_object), result,
                                                 &data->params, &error);
  if (data->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
      data->cancelled_id = 0;
    }
  self->waiting = FALSE;

  if (data->secret == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("%s: the browser came back to Keika", self->site_name);
  g_task_return_boolean (task, TRUE);
}

void
keika_browser_sign_in_wait_async (KeikaBrowserSignIn  *self,
                                  const char          *pasted,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WaitData *data;
  GError *error = NULL;

  g_return_if_fail (KEIKA_IS_BROWSER_SIGN_IN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_browser_sign_in_wait_async);
  data = g_new0 (WaitData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) wait_data_free);

  if (pasted != NULL)
    {
      data->secret = answer_from_paste (self, pasted, &data->params, &error);
      if (data->secret == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      /* The loopback wait is no longer needed. */
      keika_browser_sign_in_close (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->server == NULL)
    {
      g_task_return_error (task, g_error_copy (self->listen_error));
      return;
    }
  if (self->waiting)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The sign-in is already waiting for the browser");
      return;
    }
  if (!keika_oauth_server_is_open (self->server))
    {
      /* A wait ended already (timed out, cancelled): begin again. */
      g_task_return_error (task, keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, self->site_name, NULL));
      return;
    }

  self->waiting = TRUE;
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                                g_object_ref (self->wait_cancellable),
                                                g_object_unref);

  keika_oauth_server_wait_async (self->server, self->state, self->wait_cancellable,
                                 waited_cb, g_steal_pointer (&task));
}

char *
keika_browser_sign_in_wait_finish (KeikaBrowserSignIn  *self,
                                   GAsyncResult        *result,
                                   GHashTable         **params,
                                   GError             **error)
{
  WaitData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  if (params != NULL)
    *params = data->params != NULL ? g_hash_table_ref (data->params) : NULL;
  return g_steal_pointer (&data->secret);
}
