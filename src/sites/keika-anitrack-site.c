/* keika-anitrack-site.c — AniTrack (REST API v1): the object, its
 * requests, the signed-in user and the site contract
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

static void keika_anitrack_site_iface_init (KeikaSiteServiceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KeikaAnitrackSite, keika_anitrack_site, KEIKA_TYPE_SITE_BASE,
                               G_IMPLEMENT_INTERFACE (KEIKA_TYPE_SITE_SERVICE,
                                                      keika_anitrack_site_iface_init))

/* Requests */

KeikaHttpRequest *
keika_anitrack_new_request_full (KeikaAnitrackSite *self,
                                 const char        *method,
                                 KeikaHttpFlags     flags,
                                 const char        *path)
{
  g_autofree char *uri = NULL;
  KeikaHttpRequest *request;

  flags |= KEIKA_HTTP_EXPECT_JSON;
  /* Only POST makes something new each time it is sent. */
  if (!g_str_equal (method, "POST"))
    flags |= KEIKA_HTTP_IDEMPOTENT;
  uri = g_str_has_prefix (path, "http") ? g_strdup (path) : g_strconcat (self->api_url, path, NULL);
  request = keika_http_request_new (method, uri, flags);
  keika_http_request_set_site_name (request, SITE_NAME);

  return request;
}

KeikaHttpRequest *
keika_anitrack_new_request (KeikaAnitrackSite *self,
                            const char        *method,
                            const char        *path_format,
                            ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, path_format);
  path = g_strdup_vprintf (path_format, args);
  va_end (args);

  return keika_anitrack_new_request_full (self, method, 0, path);
}

/* Nothing to renew: the token is read, and SIGNED_OUT when there is none. */
static void
keika_anitrack_site_refresh_async (KeikaSiteService    *service,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  keika_site_base_refresh_async (KEIKA_SITE_BASE (service), FALSE, cancellable, callback, user_data);
}

static gboolean
keika_anitrack_site_refresh_finish (KeikaSiteService  *service,
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
  KeikaAnitrackSite *self = KEIKA_ANITRACK_SITE (source_object);
  g_autoptr(KeikaHttpResponse) response = NULL;
  KeikaProfile *profile = NULL;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (self), result, &error);
  if (response != NULL)
    profile = keika_anitrack_parse_user (keika_anitrack_get_object (response), &error);
  if (profile == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  keika_site_base_set_user_name (KEIKA_SITE_BASE (self), keika_profile_get_name (profile));
  g_task_return_pointer (task, profile, g_object_unref);
}

static void
keika_anitrack_site_get_user_async (KeikaSiteService    *service,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  KeikaAnitrackSite *self = KEIKA_ANITRACK_SITE (service);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anitrack_new_request (self, "GET", "/user"), TRUE, cancellable,
                              get_user_cb, task);
}

static KeikaProfile *
keika_anitrack_site_get_user_finish (KeikaSiteService  *service,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The account's API tokens are its sign-ins. */
static void
list_sign_ins_async (KeikaSiteService    *service,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  keika_anitrack_site_list_tokens_async (KEIKA_ANITRACK_SITE (service), cancellable, callback,
                                         user_data);
}

static GPtrArray *
list_sign_ins_finish (KeikaSiteService  *service,
                      GAsyncResult      *result,
                      GError           **error)
{
  return keika_anitrack_site_list_tokens_finish (KEIKA_ANITRACK_SITE (service), result, error);
}

static void
end_sign_in_async (KeikaSiteService    *service,
                   gint64               sign_in_id,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  keika_anitrack_site_revoke_token_async (KEIKA_ANITRACK_SITE (service), sign_in_id, cancellable,
                                          callback, user_data);
}

static gboolean
end_sign_in_finish (KeikaSiteService  *service,
                    GAsyncResult      *result,
                    GError           **error)
{
  return keika_anitrack_site_revoke_token_finish (KEIKA_ANITRACK_SITE (service), result, error);
}

static void
keika_anitrack_site_search_async (KeikaSiteService    *service,
                                  const char          *query,
                                  guint                limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_task_report_new_error (service, callback, user_data, keika_anitrack_site_search_async,
                           G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                           _("AniTrack offers no search. Add the anime from another site."));
}

static GPtrArray *
keika_anitrack_site_search_finish (KeikaSiteService  *service,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The interface */

static KeikaSite
keika_anitrack_site_get_site (KeikaSiteService *service)
{
  return KEIKA_SITE_ANITRACK;
}

static KeikaEntryFields
keika_anitrack_site_get_supported_fields (KeikaSiteService *service)
{
  return KEIKA_ANITRACK_FIELDS;
}

/* The names of the list fields, as AniTrack's 422 answers give them. */
static const KeikaSiteFieldName field_names[] = {
  { "status",        KEIKA_ENTRY_FIELD_STATUS },
  { "score",         KEIKA_ENTRY_FIELD_SCORE },
  { "progress",      KEIKA_ENTRY_FIELD_PROGRESS },
  { "is_rewatching", KEIKA_ENTRY_FIELD_REWATCHING },
  { "rewatch_count", KEIKA_ENTRY_FIELD_REWATCH_COUNT },
  { "started_at",    KEIKA_ENTRY_FIELD_START_DATE },
  { "completed_at",  KEIKA_ENTRY_FIELD_FINISH_DATE },
  { "notes",         KEIKA_ENTRY_FIELD_NOTES },
  { "tags",          KEIKA_ENTRY_FIELD_TAGS },
  { "is_private",    KEIKA_ENTRY_FIELD_PRIVATE },
  { NULL, KEIKA_ENTRY_FIELD_NONE },
};

static void
keika_anitrack_site_iface_init (KeikaSiteServiceInterface *iface)
{
  iface->field_names = field_names;
  iface->get_site = keika_anitrack_site_get_site;
  iface->get_supported_fields = keika_anitrack_site_get_supported_fields;
  iface->begin_sign_in = keika_anitrack_site_begin_sign_in;
  iface->complete_sign_in_async = keika_anitrack_site_complete_sign_in_async;
  iface->complete_sign_in_finish = keika_anitrack_site_complete_sign_in_finish;
  iface->sign_out_async = keika_anitrack_site_sign_out_async;
  iface->sign_out_finish = keika_anitrack_site_sign_out_finish;
  iface->refresh_async = keika_anitrack_site_refresh_async;
  iface->refresh_finish = keika_anitrack_site_refresh_finish;
  iface->get_user_async = keika_anitrack_site_get_user_async;
  iface->get_user_finish = keika_anitrack_site_get_user_finish;
  iface->pull_async = keika_anitrack_site_pull_async;
  iface->pull_finish = keika_anitrack_site_pull_finish;
  iface->push_async = keika_anitrack_site_push_async;
  iface->push_finish = keika_anitrack_site_push_finish;
  iface->delete_async = keika_anitrack_site_delete_async;
  iface->delete_finish = keika_anitrack_site_delete_finish;
  iface->search_async = keika_anitrack_site_search_async;
  iface->search_finish = keika_anitrack_site_search_finish;
  iface->get_sign_in_kind = keika_anitrack_site_get_sign_in_kind;
  iface->sign_in_with_password_async = keika_anitrack_site_sign_in_with_password_async;
  iface->sign_in_with_password_finish = keika_anitrack_site_sign_in_with_password_finish;
  iface->find_anime_async = keika_anitrack_site_find_anime_async;
  iface->find_anime_finish = keika_anitrack_site_find_anime_finish;
  iface->list_sign_ins_async = list_sign_ins_async;
  iface->list_sign_ins_finish = list_sign_ins_finish;
  iface->end_sign_in_async = end_sign_in_async;
  iface->end_sign_in_finish = end_sign_in_finish;
}

/* GObject */

/* A 422 names the fields AniTrack refused. */
static GError *
reword_error (KeikaSiteBase *base,
              GError        *error)
{
  return keika_anitrack_reword_error (error, FALSE);
}

static void
keika_anitrack_site_finalize (GObject *object)
{
  KeikaAnitrackSite *self = KEIKA_ANITRACK_SITE (object);

  g_free (self->api_url);
  g_free (self->host_name);
  g_free (self->revoke_error);

  G_OBJECT_CLASS (keika_anitrack_site_parent_class)->finalize (object);
}

static void
keika_anitrack_site_class_init (KeikaAnitrackSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keika_anitrack_site_finalize;
  KEIKA_SITE_BASE_CLASS (klass)->reword_error = reword_error;
}

static void
keika_anitrack_site_init (KeikaAnitrackSite *self)
{
  self->api_url = keika_site_dup_base_url ("KEIKA_ANITRACK_API_URL", KEIKA_ANITRACK_API_URL_DEFAULT);
  /* No renewal: a refused token means signing in again. */
  keika_site_base_setup (KEIKA_SITE_BASE (self), KEIKA_ANITRACK_SECRET_SITE, SITE_NAME);
  self->keeper = keika_site_base_get_keeper (KEIKA_SITE_BASE (self));
  keika_site_base_set_rate_host (KEIKA_SITE_BASE (self), self->api_url);
  keika_site_base_set_rate (KEIKA_SITE_BASE (self), KEIKA_ANITRACK_REQUESTS_PER_MINUTE);
}

KeikaAnitrackSite *
keika_anitrack_site_new (const char *account)
{
  KeikaAnitrackSite *self = g_object_new (KEIKA_TYPE_ANITRACK_SITE, NULL);

  keika_site_base_set_account (KEIKA_SITE_BASE (self), account);

  return self;
}

char *
keika_anitrack_site_dup_device_name (KeikaAnitrackSite *self)
{
  g_return_val_if_fail (KEIKA_IS_ANITRACK_SITE (self), NULL);

  return keika_anitrack_device_name (self->host_name != NULL ? self->host_name
                                                             : g_get_host_name ());
}

const char *
keika_anitrack_site_get_revoke_error (KeikaAnitrackSite *self)
{
  g_return_val_if_fail (KEIKA_IS_ANITRACK_SITE (self), NULL);

  return self->revoke_error;
}

void
keika_anitrack_site_set_host_name (KeikaAnitrackSite *self,
                                   const char        *host_name)
{
  g_return_if_fail (KEIKA_IS_ANITRACK_SITE (self));

  g_free (self->host_name);
  self->host_name = g_strdup (host_name);
}

void
keika_anitrack_site_set_token (KeikaAnitrackSite *self,
                               const char        *token)
{
  g_autoptr(KeikaTokens) tokens = NULL;

  g_return_if_fail (KEIKA_IS_ANITRACK_SITE (self));

  if (token != NULL)
    tokens = keika_tokens_new (token, NULL, KEIKA_ANITRACK_NO_EXPIRY, 0);
  keika_token_keeper_set_tokens (self->keeper, tokens);
}
