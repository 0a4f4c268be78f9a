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
keika_mal_site_end_sign_in (KeikaMalSite *self)
{
  if (self->sign_in != NULL)
    keika_browser_sign_in_close (self->sign_in);
  g_clear_object (&self->sign_in);
  g_clear_pointer (&self->verifier, keika_wipe_free);
}

char *
keika_mal_site_begin_sign_in (KeikaSiteService  *service,
                              GError           **error)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);
  g_autofree char *fallback_uri = NULL;
  g_autofree char *challenge = NULL;
  GString *url;

  if (self->client_id[0] == '\0')
    {
      g_propagate_error (error, keika_mal_new_no_client_id_error ());
      return NULL;
    }

  keika_mal_site_end_sign_in (self);

  /* With a fixed port that is taken, the browser can still show the
   * address with the code, for the person to paste. */
  if (self->redirect_port != 0)
    fallback_uri = keika_mal_site_dup_redirect_uri (self);
  self->sign_in = keika_browser_sign_in_new (SITE_NAME, self->redirect_port,
                                             KEIKA_OAUTH_REDIRECT_QUERY, fallback_uri, error);
  if (self->sign_in == NULL)
    return NULL;
  self->verifier = keika_oauth_new_code_verifier ();

  /* MAL accepts only "plain": the challenge is the verifier. */
  challenge = keika_oauth_code_challenge (self->verifier, KEIKA_OAUTH_CHALLENGE_PLAIN);
  url = g_string_new (self->auth_url);
  g_string_append (url, "/authorize");
  keika_browser_sign_in_append_param (url, "response_type", "code");
  keika_browser_sign_in_append_param (url, "client_id", self->client_id);
  keika_browser_sign_in_append_param (url, "state", keika_browser_sign_in_get_state (self->sign_in));
  keika_browser_sign_in_append_param (url, "redirect_uri",
                                      keika_browser_sign_in_get_redirect_uri (self->sign_in));
  keika_browser_sign_in_append_param (url, "code_challenge", challenge);
  keika_browser_sign_in_append_param (url, "code_challenge_method",
                                      keika_oauth_challenge_method_name (KEIKA_OAUTH_CHALLENGE_PLAIN));
  explicit_bzero (challenge, strlen (challenge));

  return g_string_free (url, FALSE);
}

void
keika_mal_site_abort_sign_in (KeikaSiteService *service)
{
  keika_mal_site_end_sign_in (KEIKA_MAL_SITE (service));
}

typedef struct
{
  KeikaBrowserSignIn *sign_in;   /* (owned) */
  char          *verifier;       /* (owned) secret */
  KeikaTokens   *tokens;         /* (owned) (nullable) */
  KeikaProfile  *profile;        /* (owned) (nullable) */
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_clear_object (&data->sign_in);
  keika_wipe_free (data->verifier);
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
  keika_site_base_set_account (KEIKA_SITE_BASE (self), account);
  keika_token_keeper_set_tokens (self->keeper, data->tokens);
  keika_site_base_set_user_name (KEIKA_SITE_BASE (self), name);

  if (self->sign_in == data->sign_in)
    keika_mal_site_end_sign_in (self);

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
  keika_http_client_send_async (keika_site_base_get_http_client (KEIKA_SITE_BASE (self)), request,
                                cancellable, sign_in_user_cb, g_steal_pointer (&task));
}

static void
sign_in_code_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaMalSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpRequest) request = NULL;
  g_autofree char *uri = NULL;
  GCancellable *cancellable;
  GError *error = NULL;
  char *code;

  code = keika_browser_sign_in_wait_finish (data->sign_in, result, NULL, &error);
  if (code == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Not resent: a code works once. */
  uri = g_strconcat (self->auth_url, "/token", NULL);
  request = keika_mal_new_request ("POST", uri, KEIKA_HTTP_EXPECT_JSON);
  keika_http_request_add_form_field (request, "client_id", self->client_id);
  keika_http_request_add_form_field (request, "grant_type", "authorization_code");
  keika_http_request_add_form_field (request, "code", code);
  keika_http_request_add_form_field (request, "redirect_uri",
                                     keika_browser_sign_in_get_redirect_uri (data->sign_in));
  keika_http_request_add_form_field (request, "code_verifier", data->verifier);
  keika_wipe_free (code);

  cancellable = g_task_get_cancellable (task);
  keika_http_client_send_async (keika_site_base_get_http_client (KEIKA_SITE_BASE (self)), request,
                                cancellable, sign_in_token_cb, g_steal_pointer (&task));
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
  SignInData *data;

  g_task_set_source_tag (task, keika_mal_site_complete_sign_in_async);

  if (self->sign_in == NULL)
    {
      g_task_return_error (task, keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, SITE_NAME, NULL));
      return;
    }

  data = g_new0 (SignInData, 1);
  data->sign_in = g_object_ref (self->sign_in);
  data->verifier = g_strdup (self->verifier);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);

  keika_browser_sign_in_wait_async (data->sign_in, code, cancellable, sign_in_code_cb,
                                    g_steal_pointer (&task));
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

void
keika_mal_site_sign_out_async (KeikaSiteService    *service,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);

  /* MAL has no revocation endpoint: forgetting the tokens is all. */
  keika_mal_site_end_sign_in (self);
  g_debug ("%s: signing out", SITE_NAME);
  keika_site_base_forget_async (KEIKA_SITE_BASE (self), cancellable, callback, user_data);
}

gboolean
keika_mal_site_sign_out_finish (KeikaSiteService  *service,
                                GAsyncResult      *result,
                                GError           **error)
{
  return keika_site_base_forget_finish (KEIKA_SITE_BASE (service), result, error);
}

/* Refresh */

void
keika_mal_site_refresh_async (KeikaSiteService    *service,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  keika_site_base_refresh_async (KEIKA_SITE_BASE (service), TRUE, cancellable, callback, user_data);
}

gboolean
keika_mal_site_refresh_finish (KeikaSiteService  *service,
                               GAsyncResult      *result,
                               GError           **error)
{
  return keika_site_base_refresh_finish (KEIKA_SITE_BASE (service), result, error);
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

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (self), result, &error);
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
  keika_site_base_set_user_name (KEIKA_SITE_BASE (self), name);

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
