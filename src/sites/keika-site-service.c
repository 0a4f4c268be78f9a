/* keika-site-service.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include "keika-net.h"
#include "keika-site-json.h"
#include "keika-site-service.h"

G_DEFINE_INTERFACE (KeikaSiteService, keika_site_service, G_TYPE_OBJECT)

static void
keika_site_service_default_init (KeikaSiteServiceInterface *iface)
{
}

KeikaSite
keika_site_service_get_site (KeikaSiteService *self)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), KEIKA_SITE_MAL);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->get_site (self);
}

KeikaEntryFields
keika_site_service_get_supported_fields (KeikaSiteService *self)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), KEIKA_ENTRY_FIELD_NONE);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->get_supported_fields (self);
}

char *
keika_site_service_begin_sign_in (KeikaSiteService  *self,
                                  GError           **error)
{
  KeikaSiteServiceInterface *iface;

  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  g_return_val_if_fail (iface->begin_sign_in != NULL, NULL);

  return iface->begin_sign_in (self, error);
}

void
keika_site_service_abort_sign_in (KeikaSiteService *self)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  if (iface->abort_sign_in != NULL)
    iface->abort_sign_in (self);
}

void
keika_site_service_complete_sign_in_async (KeikaSiteService    *self,
                                           const char          *code,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  g_return_if_fail (iface->complete_sign_in_async != NULL);
  iface->complete_sign_in_async (self, code, cancellable, callback, user_data);
}

KeikaProfile *
keika_site_service_complete_sign_in_finish (KeikaSiteService  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->complete_sign_in_finish (self, result, error);
}

void
keika_site_service_sign_out_async (KeikaSiteService    *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  g_return_if_fail (iface->sign_out_async != NULL);
  iface->sign_out_async (self, cancellable, callback, user_data);
}

gboolean
keika_site_service_sign_out_finish (KeikaSiteService  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->sign_out_finish (self, result, error);
}

void
keika_site_service_refresh_async (KeikaSiteService    *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  g_return_if_fail (iface->refresh_async != NULL);
  iface->refresh_async (self, cancellable, callback, user_data);
}

gboolean
keika_site_service_refresh_finish (KeikaSiteService  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->refresh_finish (self, result, error);
}

void
keika_site_service_get_user_async (KeikaSiteService    *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  g_return_if_fail (iface->get_user_async != NULL);
  iface->get_user_async (self, cancellable, callback, user_data);
}

KeikaProfile *
keika_site_service_get_user_finish (KeikaSiteService  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->get_user_finish (self, result, error);
}

void
keika_site_service_pull_async (KeikaSiteService    *self,
                               const char          *user_name,
                               gint64               since,
                               KeikaSitePageFunc    page_func,
                               gpointer             page_data,
                               GDestroyNotify       page_data_destroy,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  g_return_if_fail (iface->pull_async != NULL);
  iface->pull_async (self, user_name, since, page_func, page_data, page_data_destroy, cancellable, callback, user_data);
}

gboolean
keika_site_service_pull_finish (KeikaSiteService  *self,
                                GAsyncResult      *result,
                                gboolean          *complete,
                                GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->pull_finish (self, result, complete, error);
}

void
keika_site_service_push_async (KeikaSiteService       *self,
                               const KeikaRemoteEntry *values,
                               KeikaEntryFields        changed,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  g_return_if_fail (iface->push_async != NULL);
  iface->push_async (self, values, changed, cancellable, callback, user_data);
}

KeikaRemoteEntry *
keika_site_service_push_finish (KeikaSiteService  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->push_finish (self, result, error);
}

void
keika_site_service_delete_async (KeikaSiteService    *self,
                                 gint64               anime_id,
                                 gint64               entry_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  g_return_if_fail (iface->delete_async != NULL);
  iface->delete_async (self, anime_id, entry_id, cancellable, callback, user_data);
}

gboolean
keika_site_service_delete_finish (KeikaSiteService  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->delete_finish (self, result, error);
}

void
keika_site_service_search_async (KeikaSiteService    *self,
                                 const char          *query,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  g_return_if_fail (iface->search_async != NULL);
  iface->search_async (self, query, limit, cancellable, callback, user_data);
}

GPtrArray *
keika_site_service_search_finish (KeikaSiteService  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->search_finish (self, result, error);
}

void
keika_site_service_find_anime_async (KeikaSiteService    *self,
                                     GPtrArray           *anime,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  KeikaSiteServiceInterface *iface;
  g_autoptr(GTask) task = NULL;
  GArray *none;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));
  g_return_if_fail (anime != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  if (iface->find_anime_async != NULL)
    {
      iface->find_anime_async (self, anime, cancellable, callback, user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_site_service_find_anime_async);
  none = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_array_set_size (none, anime->len);
  g_task_return_pointer (task, none, (GDestroyNotify) g_array_unref);
}

GArray *
keika_site_service_find_anime_finish (KeikaSiteService  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  KeikaSiteServiceInterface *iface;

  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  if (g_async_result_is_tagged (result, keika_site_service_find_anime_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return iface->find_anime_finish (self, result, error);
}

void
keika_site_service_configure (KeikaSiteService *self,
                              const char       *client_id,
                              guint             redirect_port)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  if (iface->configure != NULL)
    iface->configure (self, client_id, redirect_port);
}

char *
keika_site_service_dup_redirect_uri (KeikaSiteService *self)
{
  KeikaSiteServiceInterface *iface;

  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), NULL);

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  return iface->dup_redirect_uri != NULL ? iface->dup_redirect_uri (self) : NULL;
}

KeikaSignInKind
keika_site_service_get_sign_in_kind (KeikaSiteService *self)
{
  KeikaSiteServiceInterface *iface;

  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), KEIKA_SIGN_IN_BROWSER);

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  return iface->get_sign_in_kind != NULL ? iface->get_sign_in_kind (self) : KEIKA_SIGN_IN_BROWSER;
}

void
keika_site_service_sign_in_with_password_async (KeikaSiteService    *self,
                                                const char          *identity,
                                                const char          *password,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));
  g_return_if_fail (identity != NULL && password != NULL);

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  g_return_if_fail (iface->sign_in_with_password_async != NULL);
  iface->sign_in_with_password_async (self, identity, password, cancellable, callback, user_data);
}

KeikaProfile *
keika_site_service_sign_in_with_password_finish (KeikaSiteService  *self,
                                                 GAsyncResult      *result,
                                                 GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), NULL);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->sign_in_with_password_finish (self, result, error);
}

char *
keika_site_dup_base_url (const char *variable,
                         const char *fallback)
{
  const char *value = g_getenv (variable);
  char *url = g_strdup (value != NULL && *value != '\0' ? value : fallback);
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  return url;
}

void
keika_site_sign_in_free (KeikaSiteSignIn *sign_in)
{
  if (sign_in == NULL)
    return;

  g_free (sign_in->device_name);
  g_free (sign_in);
}

gboolean
keika_site_service_sign_in_renews (KeikaSiteService *self)
{
  KeikaSiteServiceInterface *iface;

  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), TRUE);

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  return iface->sign_in_renews == NULL || iface->sign_in_renews (self);
}

gboolean
keika_site_service_lists_sign_ins (KeikaSiteService *self)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), FALSE);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->list_sign_ins_async != NULL;
}

static void
not_supported (KeikaSiteService    *self,
               gpointer             source_tag,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, source_tag, G_IO_ERROR,
                           G_IO_ERROR_NOT_SUPPORTED, "%s lists no sign-ins",
                           keika_site_to_label (keika_site_service_get_site (self)));
}

void
keika_site_service_list_sign_ins_async (KeikaSiteService    *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  if (iface->list_sign_ins_async == NULL)
    not_supported (self, keika_site_service_list_sign_ins_async, callback, user_data);
  else
    iface->list_sign_ins_async (self, cancellable, callback, user_data);
}

GPtrArray *
keika_site_service_list_sign_ins_finish (KeikaSiteService  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), NULL);

  if (g_async_result_is_tagged (result, keika_site_service_list_sign_ins_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->list_sign_ins_finish (self, result, error);
}

void
keika_site_service_end_sign_in_async (KeikaSiteService    *self,
                                      gint64               sign_in_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  KeikaSiteServiceInterface *iface;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (self));

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  if (iface->end_sign_in_async == NULL)
    not_supported (self, keika_site_service_end_sign_in_async, callback, user_data);
  else
    iface->end_sign_in_async (self, sign_in_id, cancellable, callback, user_data);
}

gboolean
keika_site_service_end_sign_in_finish (KeikaSiteService  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), FALSE);

  if (g_async_result_is_tagged (result, keika_site_service_end_sign_in_async))
    return g_task_propagate_boolean (G_TASK (result), error);

  return KEIKA_SITE_SERVICE_GET_IFACE (self)->end_sign_in_finish (self, result, error);
}

GHashTable *
keika_site_service_dup_refused_fields (KeikaSiteService *self,
                                       const GError     *error)
{
  KeikaSiteServiceInterface *iface;
  KeikaHttpResponse *response;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GHashTable) fields = NULL;

  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (self), NULL);

  iface = KEIKA_SITE_SERVICE_GET_IFACE (self);
  if (error == NULL || iface->field_names == NULL ||
      (response = keika_http_response_from_error (error)) == NULL ||
      !(pairs = keika_site_json_field_errors (keika_http_response_get_json (response))))
    return NULL;

  fields = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      const char *name = pairs->pdata[i];
      /* "startedAt.month" is a part of startedAt. */
      gsize length = strcspn (name, ".");
      KeikaEntryFields field = KEIKA_ENTRY_FIELD_NONE;

      for (const KeikaSiteFieldName *n = iface->field_names; n->name != NULL; n++)
        if (strlen (n->name) == length && strncmp (n->name, name, length) == 0)
          field = n->field;

      if (field != KEIKA_ENTRY_FIELD_NONE && !g_hash_table_contains (fields, GUINT_TO_POINTER (field)))
        g_hash_table_insert (fields, GUINT_TO_POINTER (field), g_strdup (pairs->pdata[i + 1]));
    }

  if (g_hash_table_size (fields) == 0)
    return NULL;

  return g_steal_pointer (&fields);
}
