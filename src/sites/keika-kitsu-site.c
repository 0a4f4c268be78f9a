/* keika-kitsu-site.c — Kitsu (JSON:API "edge"): the requests, the sign-in
 * by password grant, the sign-out, the token's renewal, the signed-in user
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "keika-kitsu-site-private.h"
#include "keika-site-json.h"

#define SITE_NAME KEIKA_KITSU_SITE_NAME
/* When a token answer gives no expires_in: Kitsu's 30 days. */
#define DEFAULT_LIFETIME_S (30 * 24 * 3600)

static void keika_kitsu_site_iface_init (KeikaSiteServiceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KeikaKitsuSite, keika_kitsu_site, KEIKA_TYPE_SITE_BASE,
                               G_IMPLEMENT_INTERFACE (KEIKA_TYPE_SITE_SERVICE,
                                                      keika_kitsu_site_iface_init))

/* Requests */

void
keika_kitsu_append_param (GString    *url,
                          const char *name,
                          const char *value)
{
  g_string_append_c (url, strchr (url->str, '?') != NULL ? '&' : '?');
  g_string_append_uri_escaped (url, name, NULL, FALSE);
  g_string_append_c (url, '=');
  g_string_append_uri_escaped (url, value, NULL, FALSE);
}

void
keika_kitsu_append_id (GString    *url,
                       const char *name,
                       gint64      id)
{
  char text[24];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, id);
  keika_kitsu_append_param (url, name, text);
}

GError *
keika_kitsu_new_signed_out_error (void)
{
  return keika_error_new (KEIKA_ERROR_SIGNED_OUT, SITE_NAME, NULL);
}

KeikaHttpRequest *
keika_kitsu_new_request (const char     *method,
                         const char     *uri,
                         KeikaHttpFlags  flags)
{
  KeikaHttpRequest *request = keika_http_request_new (method, uri, flags);

  keika_http_request_set_site_name (request, SITE_NAME);
  /* JSON:API: anything else in Accept is refused with 406. */
  keika_http_request_set_header (request, "Accept", KEIKA_KITSU_MEDIA_TYPE);

  return request;
}

void
keika_kitsu_get (KeikaKitsuSite      *self,
                 GString             *url,
                 gboolean             with_token,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  KeikaHttpRequest *request = keika_kitsu_new_request ("GET", url->str,
                                                       KEIKA_HTTP_IDEMPOTENT |
                                                       KEIKA_HTTP_EXPECT_JSON);

  g_string_free (url, TRUE);
  keika_site_base_call_async (KEIKA_SITE_BASE (self), request, with_token, cancellable, callback,
                              user_data);
}

/* The signed-in user (GET /users?filter[self]=true), sent with @token when
 * given (a sign-in), else with the keeper's. */
static void
request_self (KeikaKitsuSite      *self,
              const char          *token,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autofree char *uri = g_strconcat (self->api_url, "/users?filter%5Bself%5D=true"
                                      "&fields%5Busers%5D=name%2Cslug", NULL);
  KeikaHttpRequest *request;

  request = keika_kitsu_new_request ("GET", uri, KEIKA_HTTP_IDEMPOTENT | KEIKA_HTTP_EXPECT_JSON);
  if (token != NULL)
    keika_http_request_set_bearer_token (request, token);
  keika_site_base_call_async (KEIKA_SITE_BASE (self), request, token == NULL, cancellable, callback,
                              user_data);
}

/* Sign-in: the password grant */

typedef struct
{
  KeikaTokens  *tokens;    /* (owned) (nullable) */
  KeikaProfile *profile;   /* (owned) (nullable) */
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
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
  KeikaKitsuSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!keika_token_keeper_save_finish (self->keeper, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Whatever was being loaded or renewed belongs to the old sign-in. */
  keika_site_base_set_account (KEIKA_SITE_BASE (self),
                               keika_profile_get_site_user_id (data->profile));
  keika_token_keeper_set_tokens (self->keeper, data->tokens);
  keika_site_base_set_user_name (KEIKA_SITE_BASE (self), keika_profile_get_name (data->profile));
  keika_profile_set_token_expiry (data->profile, data->tokens->expires_at);

  g_debug ("%s: signed in", SITE_NAME);
  g_task_return_pointer (task, g_steal_pointer (&data->profile), g_object_unref);
}

static void
sign_in_user_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaKitsuSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (self), result, &error);
  if (response == NULL ||
      (data->profile = keika_kitsu_parse_user (keika_http_response_get_json (response),
                                               &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Who signed in decides the keyring account. */
  cancellable = g_task_get_cancellable (task);
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
  KeikaKitsuSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  response = keika_http_client_send_finish (KEIKA_HTTP_CLIENT (source_object), result, &error);
  if (response == NULL)
    {
      /* 400 invalid_grant: the email, name or password is wrong. */
      if (g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_REJECTED) ||
          g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT))
        {
          guint status = keika_error_get_http_status (error);

          g_debug ("%s: the password grant was refused (%u)", SITE_NAME, status);
          g_clear_error (&error);
          error = keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, SITE_NAME, NULL);
          g_free (error->message);
          error->message = g_strdup (_("Kitsu did not accept this email or user name and "
                                       "password. Check them and try again."));
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->tokens = keika_tokens_new_from_answer (keika_http_response_get_json (response),
                                               DEFAULT_LIFETIME_S, SITE_NAME, &error);
  if (data->tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  request_self (self, data->tokens->access_token, cancellable, sign_in_user_cb,
                g_steal_pointer (&task));
}

static void
keika_kitsu_site_sign_in_with_password_async (KeikaSiteService    *service,
                                              const char          *identity,
                                              const char          *password,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  KeikaKitsuSite *self = KEIKA_KITSU_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(KeikaHttpRequest) request = NULL;
  g_autofree char *uri = g_strconcat (self->auth_url, "/token", NULL);
  g_autofree char *name = g_strstrip (g_strdup (identity));

  g_task_set_source_tag (task, keika_kitsu_site_sign_in_with_password_async);
  g_task_set_task_data (task, g_new0 (SignInData, 1), (GDestroyNotify) sign_in_data_free);

  if (*name == '\0' || *password == '\0')
    {
      g_task_return_error (task, keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, SITE_NAME, NULL));
      return;
    }

  /* Not idempotent: never resent after a 5xx or a timeout. (The client
   * does resend it after a 429 within its longest wait, as Kitsu did not
   * act on it.) The form's values are RFC 3986 escaped; the password is a
   * secret to the log and is dropped with the request. */
  /* Sent once: a refusal for too many tries is said at once. */
  request = keika_http_request_new ("POST", uri, KEIKA_HTTP_EXPECT_JSON | KEIKA_HTTP_SEND_ONCE);
  keika_http_request_set_site_name (request, SITE_NAME);
  keika_http_request_add_form_field (request, "grant_type", "password");
  keika_http_request_add_form_field (request, "username", name);
  keika_http_request_add_form_field (request, "password", password);
  keika_http_client_send_async (keika_site_base_get_http_client (KEIKA_SITE_BASE (self)), request,
                                cancellable, sign_in_token_cb, g_steal_pointer (&task));
}

static KeikaProfile *
keika_kitsu_site_sign_in_with_password_finish (KeikaSiteService  *service,
                                               GAsyncResult      *result,
                                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static KeikaSignInKind
keika_kitsu_site_get_sign_in_kind (KeikaSiteService *service)
{
  return KEIKA_SIGN_IN_PASSWORD;
}

static GError *
new_not_supported_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                              _("Kitsu signs in with an email or user name and a password, "
                                "not in the browser."));
}

static char *
keika_kitsu_site_begin_sign_in (KeikaSiteService  *service,
                                GError           **error)
{
  g_propagate_error (error, new_not_supported_error ());

  return NULL;
}

static void
keika_kitsu_site_complete_sign_in_async (KeikaSiteService    *service,
                                         const char          *code,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (service, cancellable, callback, user_data);

  g_task_set_source_tag (task, keika_kitsu_site_complete_sign_in_async);
  g_task_return_error (task, new_not_supported_error ());
}

static KeikaProfile *
keika_kitsu_site_complete_sign_in_finish (KeikaSiteService  *service,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sign-out, renewal, the signed-in user */

static void
keika_kitsu_site_sign_out_async (KeikaSiteService    *service,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  KeikaKitsuSite *self = KEIKA_KITSU_SITE (service);

  /* Forgetting the tokens is all (they end by themselves in 30 days). */
  g_debug ("%s: signing out", SITE_NAME);
  keika_site_base_forget_async (KEIKA_SITE_BASE (self), cancellable, callback, user_data);
}

static gboolean
keika_kitsu_site_sign_out_finish (KeikaSiteService  *service,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  return keika_site_base_forget_finish (KEIKA_SITE_BASE (service), result, error);
}

static void
keika_kitsu_site_refresh_async (KeikaSiteService    *service,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  keika_site_base_refresh_async (KEIKA_SITE_BASE (service), TRUE, cancellable, callback, user_data);
}

static gboolean
keika_kitsu_site_refresh_finish (KeikaSiteService  *service,
                                GAsyncResult      *result,
                                GError           **error)
{
  return keika_site_base_refresh_finish (KEIKA_SITE_BASE (service), result, error);
}

static void
get_user_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaKitsuSite *self = KEIKA_KITSU_SITE (source_object);
  g_autoptr(KeikaHttpResponse) response = NULL;
  KeikaProfile *profile = NULL;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (self), result, &error);
  if (response != NULL)
    profile = keika_kitsu_parse_user (keika_http_response_get_json (response), &error);
  if (profile == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  keika_site_base_set_user_name (KEIKA_SITE_BASE (self), keika_profile_get_name (profile));
  keika_profile_set_token_expiry (profile, keika_token_keeper_get_expires_at (self->keeper));
  g_task_return_pointer (task, profile, g_object_unref);
}

static void
keika_kitsu_site_get_user_async (KeikaSiteService    *service,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  KeikaKitsuSite *self = KEIKA_KITSU_SITE (service);

  request_self (self, NULL, cancellable, get_user_cb,
                g_task_new (self, cancellable, callback, user_data));
}

static KeikaProfile *
keika_kitsu_site_get_user_finish (KeikaSiteService  *service,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The interface */

static KeikaSite
keika_kitsu_site_get_site (KeikaSiteService *service)
{
  return KEIKA_SITE_KITSU;
}

static KeikaEntryFields
keika_kitsu_site_get_supported_fields (KeikaSiteService *service)
{
  return KEIKA_KITSU_FIELDS;
}

/* The attributes of a library entry, as Kitsu's error pointers give them
 * (/data/attributes/NAME). */
static const KeikaSiteFieldName field_names[] = {
  { "status",         KEIKA_ENTRY_FIELD_STATUS },
  { "ratingTwenty",   KEIKA_ENTRY_FIELD_SCORE },
  { "rating",         KEIKA_ENTRY_FIELD_SCORE },
  { "progress",       KEIKA_ENTRY_FIELD_PROGRESS },
  { "reconsuming",    KEIKA_ENTRY_FIELD_REWATCHING },
  { "reconsumeCount", KEIKA_ENTRY_FIELD_REWATCH_COUNT },
  { "notes",          KEIKA_ENTRY_FIELD_NOTES },
  { "private",        KEIKA_ENTRY_FIELD_PRIVATE },
  { "startedAt",      KEIKA_ENTRY_FIELD_START_DATE },
  { "finishedAt",     KEIKA_ENTRY_FIELD_FINISH_DATE },
  { NULL, KEIKA_ENTRY_FIELD_NONE },
};

static void
keika_kitsu_site_iface_init (KeikaSiteServiceInterface *iface)
{
  iface->field_names = field_names;
  iface->get_site = keika_kitsu_site_get_site;
  iface->get_supported_fields = keika_kitsu_site_get_supported_fields;
  iface->get_sign_in_kind = keika_kitsu_site_get_sign_in_kind;
  iface->sign_in_with_password_async = keika_kitsu_site_sign_in_with_password_async;
  iface->sign_in_with_password_finish = keika_kitsu_site_sign_in_with_password_finish;
  iface->begin_sign_in = keika_kitsu_site_begin_sign_in;
  iface->complete_sign_in_async = keika_kitsu_site_complete_sign_in_async;
  iface->complete_sign_in_finish = keika_kitsu_site_complete_sign_in_finish;
  iface->sign_out_async = keika_kitsu_site_sign_out_async;
  iface->sign_out_finish = keika_kitsu_site_sign_out_finish;
  iface->refresh_async = keika_kitsu_site_refresh_async;
  iface->refresh_finish = keika_kitsu_site_refresh_finish;
  iface->get_user_async = keika_kitsu_site_get_user_async;
  iface->get_user_finish = keika_kitsu_site_get_user_finish;
  iface->pull_async = keika_kitsu_site_pull_async;
  iface->pull_finish = keika_kitsu_site_pull_finish;
  iface->push_async = keika_kitsu_site_push_async;
  iface->push_finish = keika_kitsu_site_push_finish;
  iface->delete_async = keika_kitsu_site_delete_async;
  iface->delete_finish = keika_kitsu_site_delete_finish;
  iface->search_async = keika_kitsu_site_search_async;
  iface->search_finish = keika_kitsu_site_search_finish;
  iface->find_anime_async = keika_kitsu_site_find_anime_async;
  iface->find_anime_finish = keika_kitsu_site_find_anime_finish;
}

/* GObject */

static void
keika_kitsu_site_finalize (GObject *object)
{
  KeikaKitsuSite *self = KEIKA_KITSU_SITE (object);

  g_free (self->api_url);
  g_free (self->auth_url);

  G_OBJECT_CLASS (keika_kitsu_site_parent_class)->finalize (object);
}

static void
keika_kitsu_site_class_init (KeikaKitsuSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keika_kitsu_site_finalize;
}

static void
keika_kitsu_site_init (KeikaKitsuSite *self)
{
  g_autofree char *token_url = NULL;

  self->api_url = keika_site_dup_base_url ("KEIKA_KITSU_API_URL", KEIKA_KITSU_API_URL_DEFAULT);
  self->auth_url = keika_site_dup_base_url ("KEIKA_KITSU_AUTH_URL", KEIKA_KITSU_AUTH_URL_DEFAULT);
  keika_site_base_setup (KEIKA_SITE_BASE (self), KEIKA_KITSU_SECRET_SITE, SITE_NAME);
  self->keeper = keika_site_base_get_keeper (KEIKA_SITE_BASE (self));

  /* Renewed with grant_type=refresh_token at {auth}/token, no client id;
   * an expired token is answered with a bare Bearer challenge. */
  token_url = g_strconcat (self->auth_url, "/token", NULL);
  keika_token_keeper_set_renewal (self->keeper, token_url, NULL);
  keika_token_keeper_set_bare_challenge_refuses (self->keeper, TRUE);
}

KeikaKitsuSite *
keika_kitsu_site_new (const char *account)
{
  KeikaKitsuSite *self = g_object_new (KEIKA_TYPE_KITSU_SITE, NULL);

  keika_site_base_set_account (KEIKA_SITE_BASE (self), account);

  return self;
}
