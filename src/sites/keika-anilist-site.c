/* keika-anilist-site.c — AniList (GraphQL API v2): the requests, the
 * sign-in by implicit grant, the list, the push, the delete, the search
 * and the mapping of MyAnimeList ids
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "keika-anilist-site-private.h"
#include "keika-browser-sign-in.h"
#include "keika-site-json.h"
#include "keika-site-pull.h"
#include "keika-token-keeper.h"

#define SITE_NAME KEIKA_ANILIST_SITE_NAME
#define SECRET_SITE "anilist"
#define DOCUMENTS "/io/github/keika/Keika/sites/anilist/"

static void keika_anilist_site_iface_init (KeikaSiteServiceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KeikaAnilistSite, keika_anilist_site, KEIKA_TYPE_SITE_BASE,
                               G_IMPLEMENT_INTERFACE (KEIKA_TYPE_SITE_SERVICE,
                                                      keika_anilist_site_iface_init))

/* Requests */

/* One of the GraphQL documents of the resource (checked against the schema
 * by a test). (transfer full) */
static char *
dup_document (const char *name)
{
  g_autofree char *path = g_strconcat (DOCUMENTS, name, ".graphql", NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  g_assert (bytes != NULL);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* A POST of @document with @variables (consumed; an object node). Queries
 * are reads and resent like them; mutations set values, so sending one
 * twice does no harm either (SaveMediaListEntry by mediaId is an upsert). */
KeikaHttpRequest *
keika_anilist_new_request (KeikaAnilistSite *self,
                           const char       *document,
                           JsonNode         *variables)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *query = dup_document (document);
  KeikaHttpRequest *request;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, query);
  json_builder_set_member_name (builder, "variables");
  json_builder_add_value (builder, variables);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  request = keika_http_request_new ("POST", self->api_url,
                                    KEIKA_HTTP_IDEMPOTENT | KEIKA_HTTP_GRAPHQL);
  keika_http_request_set_site_name (request, SITE_NAME);
  keika_http_request_set_json (request, body, NULL);

  return request;
}

/* Variables, built as name, type ('i' gint64, 's' string, 'b' gboolean),
 * value…, NULL; an 'i' of 0 or less and an 's' of NULL are left out. */
JsonNode *
keika_anilist_new_variables (const char *first_name,
                             ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      int type = va_arg (args, int);

      if (type == 'i')
        {
          gint64 value = va_arg (args, gint64);

          if (value > 0)
            {
              json_builder_set_member_name (builder, name);
              json_builder_add_int_value (builder, value);
            }
        }
      else if (type == 's')
        {
          const char *value = va_arg (args, const char *);

          if (value != NULL)
            {
              json_builder_set_member_name (builder, name);
              json_builder_add_string_value (builder, value);
            }
        }
      else
        {
          gboolean value = va_arg (args, gboolean);

          json_builder_set_member_name (builder, name);
          json_builder_add_boolean_value (builder, value);
        }
    }
  va_end (args);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Sign-in */

static void
end_sign_in (KeikaAnilistSite *self)
{
  if (self->sign_in != NULL)
    keika_browser_sign_in_close (self->sign_in);
  g_clear_object (&self->sign_in);
}

static char *
keika_anilist_site_begin_sign_in (KeikaSiteService  *service,
                                  GError           **error)
{
  KeikaAnilistSite *self = KEIKA_ANILIST_SITE (service);
  g_autofree char *fallback_uri = NULL;
  GString *url;

  if (self->client_id[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("Keika has no AniList client id. Register an app on AniList "
                             "and enter its client id in Preferences."));
      return NULL;
    }

  end_sign_in (self);
  /* With the port taken, the redirect stays the registered address
   * (AniList accepts no other): the browser then shows it, with the token
   * in its fragment, for the person to paste. */
  if (self->redirect_port != 0)
    fallback_uri = keika_anilist_site_dup_redirect_uri (self);
  self->sign_in = keika_browser_sign_in_new (SITE_NAME, self->redirect_port,
                                             KEIKA_OAUTH_REDIRECT_FRAGMENT, fallback_uri, error);
  if (self->sign_in == NULL)
    return NULL;

  url = g_string_new (self->auth_url);
  g_string_append (url, "/authorize");
  keika_browser_sign_in_append_param (url, "client_id", self->client_id);
  keika_browser_sign_in_append_param (url, "response_type", "token");
  keika_browser_sign_in_append_param (url, "redirect_uri",
                                      keika_browser_sign_in_get_redirect_uri (self->sign_in));
  keika_browser_sign_in_append_param (url, "state", keika_browser_sign_in_get_state (self->sign_in));

  return g_string_free (url, FALSE);
}

static void
keika_anilist_site_abort_sign_in (KeikaSiteService *service)
{
  end_sign_in (KEIKA_ANILIST_SITE (service));
}

typedef struct
{
  KeikaBrowserSignIn *sign_in;   /* (owned) */
  KeikaTokens        *tokens;    /* (owned) (nullable) */
  KeikaProfile       *profile;   /* (owned) (nullable) */
  KeikaScoreFormat    score_format;
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_clear_object (&data->sign_in);
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
  KeikaAnilistSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!keika_token_keeper_save_finish (self->keeper, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  keika_site_base_set_account (KEIKA_SITE_BASE (self),
                               keika_profile_get_site_user_id (data->profile));
  keika_token_keeper_set_tokens (self->keeper, data->tokens);
  keika_site_base_set_user_name (KEIKA_SITE_BASE (self), keika_profile_get_name (data->profile));
  self->score_format = data->score_format;
  keika_profile_set_token_expiry (data->profile, data->tokens->expires_at);
  if (self->sign_in == data->sign_in)
    end_sign_in (self);

  g_debug ("%s: signed in", SITE_NAME);
  g_task_return_pointer (task, g_steal_pointer (&data->profile), g_object_unref);
}

static void
sign_in_viewer_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaAnilistSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = keika_http_client_send_finish (KEIKA_HTTP_CLIENT (source_object), result, &error);
  if (response == NULL)
    {
      /* A refused token (pasted wrong, or revoked): start over. */
      if (g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT))
        {
          g_clear_error (&error);
          error = keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, SITE_NAME, NULL);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->profile = keika_anilist_parse_viewer (keika_http_response_get_json (response),
                                              &data->score_format, &error);
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
  KeikaAnilistSite *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(KeikaHttpRequest) request = NULL;
  GCancellable *cancellable;
  GError *error = NULL;
  gint64 expires_at;
  char *token;

  token = keika_browser_sign_in_wait_finish (data->sign_in, result, &params, &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The token says when it ends; else the answer's expires_in. */
  expires_at = keika_anilist_token_expiry (token);
  if (expires_at == 0 && params != NULL && g_hash_table_contains (params, "expires_in"))
    {
      gint64 expires_in = g_ascii_strtoll (g_hash_table_lookup (params, "expires_in"), NULL, 10);

      if (expires_in > 0)
        expires_at = g_get_real_time () / G_USEC_PER_SEC + expires_in;
    }
  data->tokens = keika_tokens_new (token, NULL, expires_at, 0);
  keika_wipe_free (token);

  if (expires_at != 0 && expires_at <= g_get_real_time () / G_USEC_PER_SEC)
    {
      g_task_return_error (task, keika_error_new (KEIKA_ERROR_SIGNED_OUT, SITE_NAME, NULL));
      return;
    }

  /* Who signed in decides the keyring account. */
  request = keika_anilist_new_request (self, "viewer", keika_anilist_new_variables (NULL, NULL));
  keika_http_request_set_bearer_token (request, data->tokens->access_token);
  cancellable = g_task_get_cancellable (task);
  keika_http_client_send_async (keika_site_base_get_http_client (KEIKA_SITE_BASE (self)), request,
                                cancellable, sign_in_viewer_cb, g_steal_pointer (&task));
}

static void
keika_anilist_site_complete_sign_in_async (KeikaSiteService    *service,
                                           const char          *pasted,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  KeikaAnilistSite *self = KEIKA_ANILIST_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  SignInData *data;

  g_task_set_source_tag (task, keika_anilist_site_complete_sign_in_async);

  /* A pasted token needs no begun sign-in (the pin page shows it). */
  if (self->sign_in == NULL && pasted != NULL)
    self->sign_in = keika_browser_sign_in_new (SITE_NAME, 0, KEIKA_OAUTH_REDIRECT_FRAGMENT,
                                               KEIKA_ANILIST_PIN_URI, &error);
  if (self->sign_in == NULL)
    {
      g_task_return_error (task, keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, SITE_NAME, NULL));
      return;
    }

  data = g_new0 (SignInData, 1);
  data->sign_in = g_object_ref (self->sign_in);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);

  keika_browser_sign_in_wait_async (data->sign_in, pasted, cancellable, sign_in_token_cb,
                                    g_steal_pointer (&task));
}

static KeikaProfile *
keika_anilist_site_complete_sign_in_finish (KeikaSiteService  *service,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
keika_anilist_site_sign_out_async (KeikaSiteService    *service,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  KeikaAnilistSite *self = KEIKA_ANILIST_SITE (service);

  /* AniList has no revocation endpoint: forgetting the token is all
   * (the person can revoke the app in AniList's settings). */
  end_sign_in (self);
  keika_site_base_forget_async (KEIKA_SITE_BASE (self), cancellable, callback, user_data);
}

static gboolean
keika_anilist_site_sign_out_finish (KeikaSiteService  *service,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  return keika_site_base_forget_finish (KEIKA_SITE_BASE (service), result, error);
}

/* Nothing to renew: the token is loaded, and SIGNED_OUT once it expired. */
static void
keika_anilist_site_refresh_async (KeikaSiteService    *service,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  keika_site_base_refresh_async (KEIKA_SITE_BASE (service), FALSE, cancellable, callback, user_data);
}

static gboolean
keika_anilist_site_refresh_finish (KeikaSiteService  *service,
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
  KeikaAnilistSite *self = KEIKA_ANILIST_SITE (source_object);
  g_autoptr(KeikaHttpResponse) response = NULL;
  KeikaProfile *profile;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (self), result, &error);
  profile = response != NULL ? keika_anilist_parse_viewer (keika_http_response_get_json (response),
                                                           &self->score_format, &error) : NULL;
  if (profile == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  keika_site_base_set_user_name (KEIKA_SITE_BASE (self), keika_profile_get_name (profile));
  keika_profile_set_token_expiry (profile, keika_site_base_get_token_expiry (KEIKA_SITE_BASE (self)));
  g_task_return_pointer (task, profile, g_object_unref);
}

static void
keika_anilist_site_get_user_async (KeikaSiteService    *service,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  KeikaAnilistSite *self = KEIKA_ANILIST_SITE (service);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anilist_new_request (self, "viewer", keika_anilist_new_variables (NULL, NULL)),
                              TRUE, cancellable, get_user_cb, task);
}

static KeikaProfile *
keika_anilist_site_get_user_finish (KeikaSiteService  *service,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The interface */

static KeikaSite
keika_anilist_site_get_site (KeikaSiteService *service)
{
  return KEIKA_SITE_ANILIST;
}

static KeikaEntryFields
keika_anilist_site_get_supported_fields (KeikaSiteService *service)
{
  return KEIKA_ANILIST_FIELDS;
}

static void
keika_anilist_site_configure (KeikaSiteService *service,
                             const char       *client_id,
                             guint             redirect_port)
{
  keika_anilist_site_set_client_id (KEIKA_ANILIST_SITE (service), client_id);
  keika_anilist_site_set_redirect_port (KEIKA_ANILIST_SITE (service), redirect_port);
}

static char *
keika_anilist_site_dup_redirect_uri_iface (KeikaSiteService *service)
{
  return keika_anilist_site_dup_redirect_uri (KEIKA_ANILIST_SITE (service));
}

/* A token lasts a year and cannot be renewed. */
static gboolean
keika_anilist_site_sign_in_renews (KeikaSiteService *service)
{
  return FALSE;
}

/* The names of SaveMediaListEntry's arguments, as its validation messages
 * give them. */
static const KeikaSiteFieldName field_names[] = {
  { "status",      KEIKA_ENTRY_FIELD_STATUS },
  { "scoreRaw",    KEIKA_ENTRY_FIELD_SCORE },
  { "score",       KEIKA_ENTRY_FIELD_SCORE },
  { "progress",    KEIKA_ENTRY_FIELD_PROGRESS },
  { "repeat",      KEIKA_ENTRY_FIELD_REWATCH_COUNT },
  { "priority",    KEIKA_ENTRY_FIELD_PRIORITY },
  { "private",     KEIKA_ENTRY_FIELD_PRIVATE },
  { "notes",       KEIKA_ENTRY_FIELD_NOTES },
  { "startedAt",   KEIKA_ENTRY_FIELD_START_DATE },
  { "completedAt", KEIKA_ENTRY_FIELD_FINISH_DATE },
  { NULL, KEIKA_ENTRY_FIELD_NONE },
};

static void
keika_anilist_site_iface_init (KeikaSiteServiceInterface *iface)
{
  iface->field_names = field_names;
  iface->get_site = keika_anilist_site_get_site;
  iface->get_supported_fields = keika_anilist_site_get_supported_fields;
  iface->begin_sign_in = keika_anilist_site_begin_sign_in;
  iface->complete_sign_in_async = keika_anilist_site_complete_sign_in_async;
  iface->complete_sign_in_finish = keika_anilist_site_complete_sign_in_finish;
  iface->abort_sign_in = keika_anilist_site_abort_sign_in;
  iface->sign_out_async = keika_anilist_site_sign_out_async;
  iface->sign_out_finish = keika_anilist_site_sign_out_finish;
  iface->refresh_async = keika_anilist_site_refresh_async;
  iface->refresh_finish = keika_anilist_site_refresh_finish;
  iface->get_user_async = keika_anilist_site_get_user_async;
  iface->get_user_finish = keika_anilist_site_get_user_finish;
  iface->pull_async = keika_anilist_site_pull_async;
  iface->pull_finish = keika_anilist_site_pull_finish;
  iface->push_async = keika_anilist_site_push_async;
  iface->push_finish = keika_anilist_site_push_finish;
  iface->delete_async = keika_anilist_site_delete_async;
  iface->delete_finish = keika_anilist_site_delete_finish;
  iface->search_async = keika_anilist_site_search_async;
  iface->search_finish = keika_anilist_site_search_finish;
  iface->configure = keika_anilist_site_configure;
  iface->dup_redirect_uri = keika_anilist_site_dup_redirect_uri_iface;
  iface->find_anime_async = keika_anilist_site_find_anime_async;
  iface->find_anime_finish = keika_anilist_site_find_anime_finish;
  iface->sign_in_renews = keika_anilist_site_sign_in_renews;
}

/* GObject */

static void
keika_anilist_site_dispose (GObject *object)
{
  KeikaAnilistSite *self = KEIKA_ANILIST_SITE (object);

  end_sign_in (self);

  G_OBJECT_CLASS (keika_anilist_site_parent_class)->dispose (object);
}

static void
keika_anilist_site_finalize (GObject *object)
{
  KeikaAnilistSite *self = KEIKA_ANILIST_SITE (object);

  g_free (self->client_id);
  g_free (self->api_url);
  g_free (self->auth_url);

  G_OBJECT_CLASS (keika_anilist_site_parent_class)->finalize (object);
}

static void
keika_anilist_site_class_init (KeikaAnilistSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keika_anilist_site_dispose;
  object_class->finalize = keika_anilist_site_finalize;
}

static void
keika_anilist_site_init (KeikaAnilistSite *self)
{
  self->client_id = g_strdup ("");
  self->api_url = keika_site_dup_base_url ("KEIKA_ANILIST_API_URL", KEIKA_ANILIST_API_URL_DEFAULT);
  self->auth_url = keika_site_dup_base_url ("KEIKA_ANILIST_AUTH_URL", KEIKA_ANILIST_AUTH_URL_DEFAULT);
  self->score_format = KEIKA_SCORE_FORMAT_POINT_100;
  keika_site_base_setup (KEIKA_SITE_BASE (self), SECRET_SITE, SITE_NAME);
  self->keeper = keika_site_base_get_keeper (KEIKA_SITE_BASE (self));
  keika_site_base_set_rate_host (KEIKA_SITE_BASE (self), self->api_url);
  keika_site_base_set_rate (KEIKA_SITE_BASE (self), KEIKA_ANILIST_REQUESTS_PER_MINUTE);
}

KeikaAnilistSite *
keika_anilist_site_new (const char *client_id,
                        const char *account)
{
  KeikaAnilistSite *self = g_object_new (KEIKA_TYPE_ANILIST_SITE, NULL);

  keika_anilist_site_set_client_id (self, client_id);
  keika_site_base_set_account (KEIKA_SITE_BASE (self), account);

  return self;
}

const char *
keika_anilist_site_get_client_id (KeikaAnilistSite *self)
{
  g_return_val_if_fail (KEIKA_IS_ANILIST_SITE (self), NULL);

  return self->client_id;
}

void
keika_anilist_site_set_client_id (KeikaAnilistSite *self,
                                  const char       *client_id)
{
  g_return_if_fail (KEIKA_IS_ANILIST_SITE (self));

  g_free (self->client_id);
  self->client_id = g_strstrip (g_strdup (client_id != NULL ? client_id : ""));
}

guint
keika_anilist_site_get_redirect_port (KeikaAnilistSite *self)
{
  g_return_val_if_fail (KEIKA_IS_ANILIST_SITE (self), 0);

  return self->redirect_port;
}

void
keika_anilist_site_set_redirect_port (KeikaAnilistSite *self,
                                      guint             port)
{
  g_return_if_fail (KEIKA_IS_ANILIST_SITE (self));
  g_return_if_fail (port <= G_MAXUINT16);

  self->redirect_port = port;
}

char *
keika_anilist_site_dup_redirect_uri (KeikaAnilistSite *self)
{
  g_return_val_if_fail (KEIKA_IS_ANILIST_SITE (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u/callback", self->redirect_port);
}

KeikaScoreFormat
keika_anilist_site_get_score_format (KeikaAnilistSite *self)
{
  g_return_val_if_fail (KEIKA_IS_ANILIST_SITE (self), KEIKA_SCORE_FORMAT_POINT_100);

  return self->score_format;
}

void
keika_anilist_site_set_token (KeikaAnilistSite *self,
                              const char       *access_token)
{
  g_return_if_fail (KEIKA_IS_ANILIST_SITE (self));

  keika_site_base_set_tokens (KEIKA_SITE_BASE (self), access_token, NULL,
                              access_token != NULL ? keika_anilist_token_expiry (access_token) : 0);
}
