/* keika-anitrack-sign-in.c — the AniTrack account: signing in with email
 * and password, signing out (the token revoked on AniTrack, then
 * forgotten), and the account's tokens
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "keika-anitrack-site-private.h"

#define SITE_NAME KEIKA_ANITRACK_SITE_NAME

/* Sign-in with email and password */

typedef struct
{
  char          *password;   /* (owned) secret, to scrub from what the site says */
  KeikaTokens   *tokens;     /* (owned) (nullable) */
  KeikaProfile  *profile;    /* (owned) (nullable) */
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  keika_wipe_free (data->password);
  g_clear_pointer (&data->tokens, keika_tokens_free);
  g_clear_object (&data->profile);
  g_free (data);
}

/* A token Keika got but cannot keep is revoked, not left on the account. */
static void
revoke_quietly (KeikaAnitrackSite *self,
                const char        *token)
{
  g_autoptr(KeikaHttpRequest) request = keika_anitrack_new_request (self, "DELETE", "/auth/token");

  keika_http_request_set_bearer_token (request, token);
  keika_http_client_send_async (keika_site_base_get_http_client (KEIKA_SITE_BASE (self)), request,
                                NULL, NULL, NULL);
}

/* Fails @task with @error (consumed), the new token revoked. */
static void
sign_in_failed (GTask  *task,
                GError *error)
{
  KeikaAnitrackSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);

  if (data->tokens != NULL)
    revoke_quietly (self, data->tokens->access_token);
  g_task_return_error (task, error);
}

static void
sign_in_stored_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaAnitrackSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!keika_token_keeper_save_finish (self->keeper, result, &error))
    {
      sign_in_failed (task, error);
      return;
    }

  keika_site_base_set_account (KEIKA_SITE_BASE (self),
                               keika_profile_get_site_user_id (data->profile));
  keika_token_keeper_set_tokens (self->keeper, data->tokens);
  keika_site_base_set_user_name (KEIKA_SITE_BASE (self), keika_profile_get_name (data->profile));
  g_clear_pointer (&self->revoke_error, g_free);

  g_debug ("%s: signed in", SITE_NAME);
  g_task_return_pointer (task, g_steal_pointer (&data->profile), g_object_unref);
}

static void
sign_in_user_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaAnitrackSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  response = keika_http_client_send_finish (KEIKA_HTTP_CLIENT (source_object), result, &error);
  if (response == NULL ||
      (data->profile = keika_anitrack_parse_user (keika_anitrack_get_object (response),
                                                  &error)) == NULL)
    {
      sign_in_failed (task, error);
      return;
    }

  /* The user decides the keyring account. */
  cancellable = g_task_get_cancellable (task);
  keika_token_keeper_save_async (self->keeper, keika_profile_get_site_user_id (data->profile),
                                 data->tokens, cancellable, sign_in_stored_cb,
                                 g_steal_pointer (&task));
}

/* The site's words on a refused sign-in, never with the password in them. */
static GError *
scrub_password (GError     *error,
                const char *password)
{
  if (error->message != NULL && password != NULL && strlen (password) >= 4 &&
      strstr (error->message, password) != NULL)
    {
      GString *text = g_string_new (error->message);

      g_string_replace (text, password, "…", 0);
      g_free (error->message);
      error->message = g_string_free (text, FALSE);
    }

  return error;
}

static void
sign_in_token_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaAnitrackSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(KeikaHttpRequest) request = NULL;
  GCancellable *cancellable;
  GError *error = NULL;
  char *token;

  response = keika_http_client_send_finish (KEIKA_HTTP_CLIENT (source_object), result, &error);
  if (response == NULL)
    {
      error = keika_anitrack_reword_error (error, TRUE);
      g_task_return_error (task, scrub_password (error, data->password));
      return;
    }
  g_clear_pointer (&data->password, keika_wipe_free);

  token = keika_anitrack_parse_token (keika_anitrack_get_object (response));
  if (token == NULL)
    {
      g_task_return_error (task, keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL));
      return;
    }
  data->tokens = keika_tokens_new (token, NULL, KEIKA_ANITRACK_NO_EXPIRY, 0);
  keika_wipe_free (token);

  request = keika_anitrack_new_request (self, "GET", "/user");
  keika_http_request_set_bearer_token (request, data->tokens->access_token);
  cancellable = g_task_get_cancellable (task);
  keika_http_client_send_async (keika_site_base_get_http_client (KEIKA_SITE_BASE (self)), request,
                                cancellable, sign_in_user_cb, g_steal_pointer (&task));
}

void
keika_anitrack_site_sign_in_with_password_async (KeikaSiteService    *service,
                                                 const char          *identity,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  KeikaAnitrackSite *self = KEIKA_ANITRACK_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(KeikaHttpRequest) request = NULL;
  g_autofree char *device_name = keika_anitrack_site_dup_device_name (self);
  g_autofree char *email = g_strstrip (g_strdup (identity));
  SignInData *data = g_new0 (SignInData, 1);

  g_task_set_source_tag (task, keika_anitrack_site_sign_in_with_password_async);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "device_name");
  json_builder_add_string_value (builder, device_name);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  /* Sent once: each answer is a new token, and the password is not sent
   * again after a refusal for too many tries (which is said at once). */
  request = keika_anitrack_new_request_full (self, "POST", KEIKA_HTTP_SEND_ONCE, "/auth/token");
  keika_http_request_set_json (request, body, NULL);
  g_debug ("%s: signing in as “%s”", SITE_NAME, device_name);
  keika_http_client_send_async (keika_site_base_get_http_client (KEIKA_SITE_BASE (self)), request,
                                cancellable, sign_in_token_cb, g_steal_pointer (&task));
}

KeikaProfile *
keika_anitrack_site_sign_in_with_password_finish (KeikaSiteService  *service,
                                                  GAsyncResult      *result,
                                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

KeikaSignInKind
keika_anitrack_site_get_sign_in_kind (KeikaSiteService *service)
{
  return KEIKA_SIGN_IN_PASSWORD;
}

char *
keika_anitrack_site_begin_sign_in (KeikaSiteService  *service,
                                   GError           **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("AniTrack signs in with your email and password, not in the browser."));
  return NULL;
}

void
keika_anitrack_site_complete_sign_in_async (KeikaSiteService    *service,
                                            const char          *code,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_task_report_new_error (service, callback, user_data,
                           keika_anitrack_site_complete_sign_in_async,
                           G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                           _("AniTrack signs in with your email and password, not in the browser."));
}

KeikaProfile *
keika_anitrack_site_complete_sign_in_finish (KeikaSiteService  *service,
                                             GAsyncResult      *result,
                                             GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sign-out: the token revoked on AniTrack, then forgotten */

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

static void
revoked_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaAnitrackSite *self = KEIKA_ANITRACK_SITE (source_object);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (self), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Refused or gone: no token to revoke. Anything else: the token may
   * still work on AniTrack, which the person should know. */
  if (error != NULL && !g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT) &&
      !g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND))
    {
      g_autofree char *device_name = keika_anitrack_site_dup_device_name (self);

      g_message ("%s: the token could not be revoked, only forgotten: %s", SITE_NAME,
                 error->message);
      g_free (self->revoke_error);
      self->revoke_error = g_strdup_printf (_("Keika forgot your AniTrack sign-in but could not "
                                              "withdraw it on AniTrack: %s Remove “%s” from the "
                                              "API tokens on AniTrack’s settings page."),
                                            error->message, device_name);
    }

  keika_token_keeper_forget_async (self->keeper, NULL, forgot_cb, g_steal_pointer (&task));
}

void
keika_anitrack_site_sign_out_async (KeikaSiteService    *service,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  KeikaAnitrackSite *self = KEIKA_ANITRACK_SITE (service);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, keika_anitrack_site_sign_out_async);
  g_clear_pointer (&self->revoke_error, g_free);
  g_debug ("%s: signing out", SITE_NAME);
  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anitrack_new_request (self, "DELETE", "/auth/token"), TRUE,
                              cancellable, revoked_cb, task);
}

gboolean
keika_anitrack_site_sign_out_finish (KeikaSiteService  *service,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The account's tokens */

static void
tokens_listed_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  GPtrArray *tokens;
  const KeikaJsonValue *array;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if ((array = keika_anitrack_get_array (response)) == NULL)
    {
      g_task_return_error (task, keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL));
      return;
    }

  tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_site_sign_in_free);
  for (const KeikaJsonValue *node = keika_json_first (array); node != NULL;
       node = keika_json_next (node))
    {
      KeikaSiteSignIn *token;

      if (keika_json_is_object (node) &&
          (token = keika_anitrack_parse_token_info (node)) != NULL)
        g_ptr_array_add (tokens, token);
    }
  g_task_return_pointer (task, tokens, (GDestroyNotify) g_ptr_array_unref);
}

void
keika_anitrack_site_list_tokens_async (KeikaAnitrackSite   *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KEIKA_IS_ANITRACK_SITE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_anitrack_site_list_tokens_async);
  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anitrack_new_request (self, "GET", "/auth/tokens"), TRUE,
                              cancellable, tokens_listed_cb, task);
}

GPtrArray *
keika_anitrack_site_list_tokens_finish (KeikaAnitrackSite  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
token_revoked_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (error != NULL && !g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND))
    g_task_return_error (task, error);
  else
    {
      g_clear_error (&error);
      g_task_return_boolean (task, TRUE);
    }
}

void
keika_anitrack_site_revoke_token_async (KeikaAnitrackSite   *self,
                                        gint64               token_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KEIKA_IS_ANITRACK_SITE (self));
  g_return_if_fail (token_id > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_anitrack_site_revoke_token_async);
  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anitrack_new_request (self, "DELETE", "/auth/tokens/%" G_GINT64_FORMAT, token_id),
                              TRUE, cancellable, token_revoked_cb, task);
}

gboolean
keika_anitrack_site_revoke_token_finish (KeikaAnitrackSite  *self,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
