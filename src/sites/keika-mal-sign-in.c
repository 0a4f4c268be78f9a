/* keika-mal-sign-in.c — the MyAnimeList account: signing in (authorization
 * code with PKCE through the loopback handler, or a pasted address),
 * signing out, renewing the token, the signed-in user
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include "keika-mal-site-private.h"
#include "keika-net.h"

#define SITE_NAME KEIKA_MAL_SITE_NAME

/* Sign-in */

void
keika_mal_sign_in_free (KeikaMalSignIn *sign_in)
{
  g_cancellable_cancel (sign_in->wait_cancellable);
  if (sign_in->server != NULL)
    keika_oauth_server_close (sign_in->server);
  g_clear_object (&sign_in->server);
  g_clear_object (&sign_in->wait_cancellable);
  g_clear_error (&sign_in->listen_error);
  keika_wipe_free (sign_in->state);
  keika_wipe_free (sign_in->verifier);
  g_free (sign_in->redirect_uri);
  g_free (sign_in);
}

void
keika_mal_append_query_param (GString    *url,
                    const char *name,
                    const char *value)
{
  g_string_append_c (url, strchr (url->str, '?') != NULL ? '&' : '?');
  g_string_append (url, name);
  g_string_append_c (url, '=');
  g_string_append_uri_escaped (url, value, NULL, FALSE);
}

char *
keika_mal_site_begin_sign_in (KeikaSiteService  *service,
                              GError           **error)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);
  g_autoptr(GError) listen_error = NULL;
  g_autofree char *challenge = NULL;
  KeikaMalSignIn *sign_in;
  GString *url;

  if (self->client_id[0] == '\0')
    {
      g_propagate_error (error, keika_mal_new_no_client_id_error ());
      return NULL;
    }

  g_clear_pointer (&self->sign_in, keika_mal_sign_in_free);

  sign_in = g_new0 (KeikaMalSignIn, 1);
  sign_in->serial = ++self->last_sign_in_serial;
  sign_in->state = keika_oauth_new_state ();
  sign_in->verifier = keika_oauth_new_code_verifier ();
  sign_in->wait_cancellable = g_cancellable_new ();
  sign_in->server = keika_oauth_server_new (SITE_NAME, self->redirect_port,
                                            KEIKA_OAUTH_REDIRECT_QUERY, &listen_error);
  if (sign_in->server != NULL)
    {
      sign_in->redirect_uri = keika_oauth_server_dup_redirect_uri (sign_in->server);
    }
  else if (g_error_matches (listen_error, KEIKA_ERROR, KEIKA_ERROR_PORT_IN_USE) &&
           self->redirect_port != 0)
    {
      /* The browser can still show the address with the code, for the
       * user to paste. */
      sign_in->listen_error = g_steal_pointer (&listen_error);
      sign_in->redirect_uri = keika_mal_site_dup_redirect_uri (self);
    }
  else
    {
      keika_mal_sign_in_free (sign_in);
      g_propagate_error (error, g_steal_pointer (&listen_error));
      return NULL;
    }
  self->sign_in = sign_in;

  /* MAL accepts only "plain": the challenge is the verifier. */
  challenge = keika_oauth_code_challenge (sign_in->verifier, KEIKA_OAUTH_CHALLENGE_PLAIN);
  url = g_string_new (self->auth_url);
  g_string_append (url, "/authorize");
  keika_mal_append_query_param (url, "response_type", "code");
  keika_mal_append_query_param (url, "client_id", self->client_id);
  keika_mal_append_query_param (url, "state", sign_in->state);
  keika_mal_append_query_param (url, "redirect_uri", sign_in->redirect_uri);
  keika_mal_append_query_param (url, "code_challenge", challenge);
  keika_mal_append_query_param (url, "code_challenge_method",
                      keika_oauth_challenge_method_name (KEIKA_OAUTH_CHALLENGE_PLAIN));
  explicit_bzero (challenge, strlen (challenge));

  g_debug ("%s: sign-in begun, redirect to port %u", SITE_NAME,
           sign_in->server != NULL ? keika_oauth_server_get_port (sign_in->server) : 0);

  return g_string_free (url, FALSE);
}

void
keika_mal_site_abort_sign_in (KeikaSiteService *service)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);

  g_clear_pointer (&self->sign_in, keika_mal_sign_in_free);
}

typedef struct
{
  guint          serial;         /* of the KeikaMalSignIn */
  char          *verifier;       /* (owned) secret */
  char          *redirect_uri;   /* (owned) */
  GCancellable  *wait_cancellable;  /* (owned) (nullable) */
  gulong         cancelled_id;
  KeikaTokens   *tokens;         /* (owned) (nullable) */
  KeikaProfile  *profile;        /* (owned) (nullable) */
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  keika_wipe_free (data->verifier);
  g_free (data->redirect_uri);
  g_clear_object (&data->wait_cancellable);
  g_clear_pointer (&data->tokens, keika_tokens_free);
  g_clear_object (&data->profile);
  g_free (data);
}

static void
sign_in_stored_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaMalSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *account;
  const char *name;

  if (!keika_token_keeper_save_finish (self->keeper, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  account = keika_profile_get_site_user_id (data->profile);
  name = keika_profile_get_name (data->profile);

  /* Whatever was being loaded or renewed belongs to the old sign-in. */
  keika_mal_site_set_account (self, account);
  keika_token_keeper_set_tokens (self->keeper, data->tokens);
  if (g_strcmp0 (self->user_name, name) != 0)
    {
      g_free (self->user_name);
      self->user_name = g_strdup (name);
      g_object_notify (G_OBJECT (self), "user-name");
    }

  if (self->sign_in != NULL && self->sign_in->serial == data->serial)
    g_clear_pointer (&self->sign_in, keika_mal_sign_in_free);

  g_debug ("%s: signed in", SITE_NAME);
  g_task_return_pointer (task, g_steal_pointer (&data->profile), g_object_unref);
}

static void
sign_in_user_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaMalSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = keika_http_client_send_finish (KEIKA_HTTP_CLIENT (source_object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->profile = keika_mal_parse_user (keika_http_response_get_json (response), &error);
  if (data->profile == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  keika_token_keeper_save_async (self->keeper, keika_profile_get_site_user_id (data->profile),
                                 data->tokens, cancellable, sign_in_stored_cb,
                                 g_steal_pointer (&task));
}

static void
sign_in_token_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaMalSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(KeikaHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  response = keika_http_client_send_finish (KEIKA_HTTP_CLIENT (source_object), result, &error);
  if (response == NULL)
    {
      /* A refused code (expired, used, wrong verifier) means: start over. */
      if (g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_REJECTED) ||
          g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT))
        {
          g_debug ("%s: the authorization code was refused (%u)", SITE_NAME,
                   keika_error_get_http_status (error));
          g_clear_error (&error);
          error = keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, SITE_NAME, NULL);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->tokens = keika_tokens_new_from_answer (keika_http_response_get_json (response),
                                               KEIKA_MAL_DEFAULT_EXPIRES_IN_S, SITE_NAME, &error);
  if (data->tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Who signed in decides the keyring account. */
  uri = g_strconcat (self->api_url, "/users/@me", NULL);
  request = keika_mal_new_request ("GET", uri, KEIKA_HTTP_IDEMPOTENT | KEIKA_HTTP_EXPECT_JSON);
  keika_http_request_set_bearer_token (request, data->tokens->access_token);
  keika_http_client_send_async (self->client, request, cancellable, sign_in_user_cb,
                                g_steal_pointer (&task));
}

/* Consumes @task and @code. */
static void
exchange_code (GTask *task,
               char  *code)
{
  KeikaMalSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autofree char *uri = g_strconcat (self->auth_url, "/token", NULL);
  g_autoptr(KeikaHttpRequest) request = NULL;

  /* Not resent: a code works once. */
  request = keika_mal_new_request ("POST", uri, KEIKA_HTTP_EXPECT_JSON);
  keika_http_request_add_form_field (request, "client_id", self->client_id);
  keika_http_request_add_form_field (request, "grant_type", "authorization_code");
  keika_http_request_add_form_field (request, "code", code);
  keika_http_request_add_form_field (request, "redirect_uri", data->redirect_uri);
  keika_http_request_add_form_field (request, "code_verifier", data->verifier);
  keika_wipe_free (code);

  keika_http_client_send_async (self->client, request, g_task_get_cancellable (task),
                                sign_in_token_cb, task);
}

static void
forward_cancel_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
sign_in_wait_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  KeikaMalSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *code;

  code = keika_oauth_server_wait_finish (KEIKA_OAUTH_SERVER (source_object), result, NULL,
                                         &error);

  if (data->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
      data->cancelled_id = 0;
    }
  if (self->sign_in != NULL && self->sign_in->serial == data->serial)
    self->sign_in->waiting = FALSE;

  if (code == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_debug ("%s: the browser came back to Keika", SITE_NAME);
  exchange_code (task, code);
}

/* What the user pasted: the code, or the address the browser ended on. */
static char *
code_from_paste (const char    *text,
                 const char    *expected_state,
                 GError       **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autoptr(GHashTable) params = NULL;
  const char *query;
  const char *code;
  const char *state;
  const char *said;

  query = strchr (trimmed, '?');
  if (query == NULL)
    {
      if (*trimmed == '\0' || strpbrk (trimmed, " \t\r\n&=/") != NULL)
        {
          g_propagate_error (error, keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, SITE_NAME,
                                                     NULL));
          return NULL;
        }
      return g_steal_pointer (&trimmed);
    }

  params = soup_form_decode (query + 1);
  code = g_hash_table_lookup (params, "code");
  state = g_hash_table_lookup (params, "state");
  said = g_hash_table_lookup (params, "error");

  if (g_strcmp0 (said, "access_denied") == 0)
    {
      g_propagate_error (error, keika_error_new (KEIKA_ERROR_ACCESS_DENIED, SITE_NAME, NULL));
      return NULL;
    }
  if (said != NULL || code == NULL || *code == '\0' ||
      (state != NULL && g_strcmp0 (state, expected_state) != 0))
    {
      g_propagate_error (error, keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, SITE_NAME, NULL));
      return NULL;
    }

  return g_strdup (code);
}

void
keika_mal_site_complete_sign_in_async (KeikaSiteService    *service,
                                       const char          *code,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  KeikaMalSignIn *sign_in = self->sign_in;
  SignInData *data;
  GError *error = NULL;
  char *pasted;

  g_task_set_source_tag (task, keika_mal_site_complete_sign_in_async);

  if (sign_in == NULL)
    {
      g_task_return_error (task, keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, SITE_NAME, NULL));
      return;
    }

  data = g_new0 (SignInData, 1);
  data->serial = sign_in->serial;
  data->verifier = g_strdup (sign_in->verifier);
  data->redirect_uri = g_strdup (sign_in->redirect_uri);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);

  if (code != NULL)
    {
      pasted = code_from_paste (code, sign_in->state, &error);
      if (pasted == NULL)
        {
          g_task_return_error (task, error);
          return;
        }

      /* The loopback wait is no longer needed. */
      g_cancellable_cancel (sign_in->wait_cancellable);
      if (sign_in->server != NULL)
        keika_oauth_server_close (sign_in->server);

      exchange_code (g_steal_pointer (&task), pasted);
      return;
    }

  if (sign_in->server == NULL)
    {
      g_task_return_error (task, g_error_copy (sign_in->listen_error));
      return;
    }
  if (sign_in->waiting)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The sign-in is already waiting for the browser");
      return;
    }
  if (!keika_oauth_server_is_open (sign_in->server))
    {
      /* A wait ended already (timed out, cancelled): begin again. */
      g_task_return_error (task, keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, SITE_NAME, NULL));
      return;
    }

  sign_in->waiting = TRUE;
  data->wait_cancellable = g_object_ref (sign_in->wait_cancellable);
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                                g_object_ref (data->wait_cancellable),
                                                g_object_unref);

  keika_oauth_server_wait_async (sign_in->server, sign_in->state, data->wait_cancellable,
                                 sign_in_wait_cb, g_steal_pointer (&task));
}

KeikaProfile *
keika_mal_site_complete_sign_in_finish (KeikaSiteService  *service,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        keika_mal_site_complete_sign_in_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sign-out */

static void
sign_out_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!keika_token_keeper_forget_finish (KEIKA_TOKEN_KEEPER (source_object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
keika_mal_site_sign_out_async (KeikaSiteService    *service,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, keika_mal_site_sign_out_async);

  /* MAL has no revocation endpoint: forgetting the tokens is all. */
  g_clear_pointer (&self->sign_in, keika_mal_sign_in_free);
  g_debug ("%s: signing out", SITE_NAME);
  keika_token_keeper_forget_async (self->keeper, cancellable, sign_out_cb,
                                   g_steal_pointer (&task));
}

gboolean
keika_mal_site_sign_out_finish (KeikaSiteService  *service,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Refresh */

static void
refresh_token_cb (GObject      *source_object,
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
keika_mal_site_refresh_async (KeikaSiteService    *service,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, keika_mal_site_refresh_async);
  keika_token_keeper_get_token_async (self->keeper, NULL, TRUE, cancellable, refresh_token_cb, task);
}

gboolean
keika_mal_site_refresh_finish (KeikaSiteService  *service,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Current user */

static void
get_user_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaMalSite *self = KEIKA_MAL_SITE (source_object);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  KeikaProfile *profile;
  const char *name;

  response = keika_mal_site_call_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  profile = keika_mal_parse_user (keika_http_response_get_json (response), &error);
  if (profile == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  name = keika_profile_get_name (profile);
  if (g_strcmp0 (self->user_name, name) != 0)
    {
      g_free (self->user_name);
      self->user_name = g_strdup (name);
      g_object_notify (G_OBJECT (self), "user-name");
    }

  g_task_return_pointer (task, profile, g_object_unref);
}

void
keika_mal_site_get_user_async (KeikaSiteService    *service,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *uri = g_strconcat (self->api_url, "/users/@me", NULL);
  g_autoptr(KeikaHttpRequest) request = NULL;

  g_task_set_source_tag (task, keika_mal_site_get_user_async);
  request = keika_mal_new_request ("GET", uri, KEIKA_HTTP_IDEMPOTENT | KEIKA_HTTP_EXPECT_JSON);
  keika_mal_site_call_async (self, request, KEIKA_MAL_AUTH_TOKEN, cancellable, get_user_cb, task);
}

KeikaProfile *
keika_mal_site_get_user_finish (KeikaSiteService  *service,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
