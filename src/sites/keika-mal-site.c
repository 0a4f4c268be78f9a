/* keika-mal-site.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "keika-mal-site-private.h"
#include "keika-site-json.h"
#include "keika-site-pull.h"
#include "keika-token-keeper.h"
#include "keika-net.h"
#include "keika-score.h"

#define SITE_NAME KEIKA_MAL_SITE_NAME

#define SEARCH_LIMIT_DEFAULT 20
#define SEARCH_LIMIT_MAX     100
#define SEARCH_Q_MAX_CHARS   64

#define SEARCH_FIELDS \
  "alternative_titles,media_type,status,num_episodes,start_season,main_picture,genres,nsfw"

static void keika_mal_site_iface_init (KeikaSiteServiceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KeikaMalSite, keika_mal_site, KEIKA_TYPE_SITE_BASE,
                               G_IMPLEMENT_INTERFACE (KEIKA_TYPE_SITE_SERVICE,
                                                      keika_mal_site_iface_init))

enum {
  PROP_0,
  PROP_CLIENT_ID,
  PROP_ACCOUNT,
  PROP_USER_NAME,
  PROP_REDIRECT_PORT,
  PROP_API_URL,
  PROP_AUTH_URL,
  PROP_HTTP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

char *
keika_mal_site_dup_api_url (void)
{
  return keika_site_dup_base_url ("KEIKA_MAL_API_URL", KEIKA_MAL_API_URL_DEFAULT);
}

char *
keika_mal_site_dup_auth_url (void)
{
  return keika_site_dup_base_url ("KEIKA_MAL_AUTH_URL", KEIKA_MAL_AUTH_URL_DEFAULT);
}

GError *
keika_mal_new_no_client_id_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                              _("Keika has no MyAnimeList client id. Register an app "
                                "on MyAnimeList and enter its client id in Preferences."));
}

KeikaHttpRequest *
keika_mal_new_request (const char     *method,
             const char     *uri,
             KeikaHttpFlags  flags)
{
  KeikaHttpRequest *request = keika_http_request_new (method, uri, flags);

  keika_http_request_set_site_name (request, SITE_NAME);

  return request;
}

/* Tokens and sending (the machinery is KeikaTokenKeeper's) */

/* Where tokens are renewed: MAL's token endpoint, with the client id. */
static void
update_renewal (KeikaMalSite *self)
{
  g_autofree char *uri = g_strconcat (self->auth_url, "/token", NULL);

  keika_token_keeper_set_renewal (self->keeper, self->client_id[0] != '\0' ? uri : NULL,
                                  self->client_id);
}

/* Sending: with the user's token (renewed once on 401 invalid_token), or
 * with the client id for a public read. */

/* Sends @request (not consumed) with the user's token, or with the client
 * id for a public read; finished by keika_site_base_call_finish(). */
void
keika_mal_site_call_async (KeikaMalSite        *self,
                           KeikaHttpRequest    *request,
                           KeikaMalAuth         auth,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  if (auth == KEIKA_MAL_AUTH_CLIENT_ID)
    {
      if (self->client_id[0] == '\0')
        {
          g_task_report_error (self, callback, user_data, keika_site_base_call_async,
                               keika_mal_new_no_client_id_error ());
          return;
        }
      keika_http_request_set_header (request, "X-MAL-CLIENT-ID", self->client_id);
    }
  keika_site_base_call_async (KEIKA_SITE_BASE (self), g_object_ref (request),
                              auth == KEIKA_MAL_AUTH_TOKEN, cancellable, callback, user_data);
}

/* Search */

static void
search_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  found = keika_mal_parse_search (keika_http_response_get_json (response), &error);
  if (found == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_ptr_array_unref);
}

static void
keika_mal_site_search_async (KeikaSiteService    *service,
                             const char          *query,
                             guint                limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(KeikaHttpRequest) request = NULL;
  g_autofree char *q = NULL;
  GString *url;

  g_task_set_source_tag (task, keika_mal_site_search_async);

  q = g_utf8_make_valid (query != NULL ? query : "", -1);
  g_strstrip (q);
  /* MAL refuses a q over 64 characters (400). */
  if (g_utf8_strlen (q, -1) > SEARCH_Q_MAX_CHARS)
    {
      *g_utf8_offset_to_pointer (q, SEARCH_Q_MAX_CHARS) = '\0';
      g_strchomp (q);
    }
  if (*q == '\0')
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  limit = limit == 0 ? SEARCH_LIMIT_DEFAULT : MIN (limit, SEARCH_LIMIT_MAX);
  url = g_string_new (self->api_url);
  g_string_append (url, "/anime");
  keika_browser_sign_in_append_param (url, "q", q);
  g_string_append_printf (url, "&limit=%u", limit);
  keika_browser_sign_in_append_param (url, "fields", SEARCH_FIELDS);
  g_string_append (url, "&nsfw=true");

  request = keika_mal_new_request ("GET", url->str, KEIKA_HTTP_IDEMPOTENT | KEIKA_HTTP_EXPECT_JSON);
  g_string_free (url, TRUE);

  /* A public read: no token needed, unless there is no client id. */
  keika_mal_site_call_async (self, request, self->client_id[0] != '\0' ? KEIKA_MAL_AUTH_CLIENT_ID : KEIKA_MAL_AUTH_TOKEN,
              cancellable, search_cb, g_steal_pointer (&task));
}

static GPtrArray *
keika_mal_site_search_finish (KeikaSiteService  *service,
                              GAsyncResult      *result,
                              GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The interface */

static KeikaSite
keika_mal_site_get_site (KeikaSiteService *service)
{
  return KEIKA_SITE_MAL;
}

static KeikaEntryFields
keika_mal_site_get_supported_fields (KeikaSiteService *service)
{
  return KEIKA_MAL_FIELDS;
}

static void
keika_mal_site_configure (KeikaSiteService *service,
                         const char       *client_id,
                         guint             redirect_port)
{
  keika_mal_site_set_client_id (KEIKA_MAL_SITE (service), client_id);
  keika_mal_site_set_redirect_port (KEIKA_MAL_SITE (service), redirect_port);
}

static char *
keika_mal_site_dup_redirect_uri_iface (KeikaSiteService *service)
{
  return keika_mal_site_dup_redirect_uri (KEIKA_MAL_SITE (service));
}

static void
keika_mal_site_iface_init (KeikaSiteServiceInterface *iface)
{
  iface->get_site = keika_mal_site_get_site;
  iface->get_supported_fields = keika_mal_site_get_supported_fields;
  iface->begin_sign_in = keika_mal_site_begin_sign_in;
  iface->complete_sign_in_async = keika_mal_site_complete_sign_in_async;
  iface->complete_sign_in_finish = keika_mal_site_complete_sign_in_finish;
  iface->abort_sign_in = keika_mal_site_abort_sign_in;
  iface->sign_out_async = keika_mal_site_sign_out_async;
  iface->sign_out_finish = keika_mal_site_sign_out_finish;
  iface->refresh_async = keika_mal_site_refresh_async;
  iface->refresh_finish = keika_mal_site_refresh_finish;
  iface->get_user_async = keika_mal_site_get_user_async;
  iface->get_user_finish = keika_mal_site_get_user_finish;
  iface->pull_async = keika_mal_site_pull_async;
  iface->pull_finish = keika_mal_site_pull_finish;
  iface->push_async = keika_mal_site_push_async;
  iface->push_finish = keika_mal_site_push_finish;
  iface->delete_async = keika_mal_site_delete_async;
  iface->delete_finish = keika_mal_site_delete_finish;
  iface->search_async = keika_mal_site_search_async;
  iface->search_finish = keika_mal_site_search_finish;
  iface->configure = keika_mal_site_configure;
  iface->dup_redirect_uri = keika_mal_site_dup_redirect_uri_iface;
}

/* GObject */

KeikaMalSite *
keika_mal_site_new (const char *client_id,
                    const char *account)
{
  return g_object_new (KEIKA_TYPE_MAL_SITE,
                       "client-id", client_id,
                       "account", account,
                       NULL);
}

const char *
keika_mal_site_get_client_id (KeikaMalSite *self)
{
  g_return_val_if_fail (KEIKA_IS_MAL_SITE (self), NULL);

  return self->client_id;
}

void
keika_mal_site_set_client_id (KeikaMalSite *self,
                              const char   *client_id)
{
  g_return_if_fail (KEIKA_IS_MAL_SITE (self));

  if (client_id == NULL)
    client_id = "";
  if (g_strcmp0 (self->client_id, client_id) == 0)
    return;

  g_free (self->client_id);
  self->client_id = g_strstrip (g_strdup (client_id));
  if (self->auth_url != NULL)
    update_renewal (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT_ID]);
}

guint
keika_mal_site_get_redirect_port (KeikaMalSite *self)
{
  g_return_val_if_fail (KEIKA_IS_MAL_SITE (self), 0);

  return self->redirect_port;
}

void
keika_mal_site_set_redirect_port (KeikaMalSite *self,
                                  guint         port)
{
  g_return_if_fail (KEIKA_IS_MAL_SITE (self));
  g_return_if_fail (port <= G_MAXUINT16);

  if (self->redirect_port == port)
    return;

  self->redirect_port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDIRECT_PORT]);
}

char *
keika_mal_site_dup_redirect_uri (KeikaMalSite *self)
{
  g_return_val_if_fail (KEIKA_IS_MAL_SITE (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u/callback", self->redirect_port);
}

const char *
keika_mal_site_get_api_url (KeikaMalSite *self)
{
  g_return_val_if_fail (KEIKA_IS_MAL_SITE (self), NULL);

  return self->api_url;
}

const char *
keika_mal_site_get_auth_url (KeikaMalSite *self)
{
  g_return_val_if_fail (KEIKA_IS_MAL_SITE (self), NULL);

  return self->auth_url;
}

static char *
dup_trimmed_url (const char *url)
{
  char *copy = g_strdup (url);
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';

  return copy;
}

static void
keika_mal_site_constructed (GObject *object)
{
  KeikaMalSite *self = (KeikaMalSite *) object;

  G_OBJECT_CLASS (keika_mal_site_parent_class)->constructed (object);

  if (self->api_url == NULL)
    self->api_url = keika_mal_site_dup_api_url ();
  if (self->auth_url == NULL)
    self->auth_url = keika_mal_site_dup_auth_url ();
  update_renewal (self);
}

static void
keika_mal_site_dispose (GObject *object)
{
  KeikaMalSite *self = (KeikaMalSite *) object;

  keika_mal_site_end_sign_in (self);

  G_OBJECT_CLASS (keika_mal_site_parent_class)->dispose (object);
}

static void
keika_mal_site_finalize (GObject *object)
{
  KeikaMalSite *self = (KeikaMalSite *) object;

  g_free (self->client_id);
  g_free (self->api_url);
  g_free (self->auth_url);

  G_OBJECT_CLASS (keika_mal_site_parent_class)->finalize (object);
}

static void
keika_mal_site_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (object);

  switch (prop_id)
    {
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;

    case PROP_ACCOUNT:
      g_value_set_string (value, keika_site_base_get_account (KEIKA_SITE_BASE (self)));
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, keika_site_base_get_user_name (KEIKA_SITE_BASE (self)));
      break;

    case PROP_REDIRECT_PORT:
      g_value_set_uint (value, self->redirect_port);
      break;

    case PROP_API_URL:
      g_value_set_string (value, self->api_url);
      break;

    case PROP_AUTH_URL:
      g_value_set_string (value, self->auth_url);
      break;

    case PROP_HTTP_CLIENT:
      g_value_set_object (value, keika_site_base_get_http_client (KEIKA_SITE_BASE (self)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_mal_site_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (object);

  switch (prop_id)
    {
    case PROP_CLIENT_ID:
      keika_mal_site_set_client_id (self, g_value_get_string (value));
      break;

    case PROP_ACCOUNT:
      keika_site_base_set_account (KEIKA_SITE_BASE (self), g_value_get_string (value));
      break;

    case PROP_REDIRECT_PORT:
      keika_mal_site_set_redirect_port (self, g_value_get_uint (value));
      break;

    case PROP_API_URL:
      if (g_value_get_string (value) != NULL)
        self->api_url = dup_trimmed_url (g_value_get_string (value));
      break;

    case PROP_AUTH_URL:
      if (g_value_get_string (value) != NULL)
        self->auth_url = dup_trimmed_url (g_value_get_string (value));
      break;

    case PROP_HTTP_CLIENT:
      if (g_value_get_object (value) != NULL)
        keika_site_base_set_http_client (KEIKA_SITE_BASE (self), g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
user_name_changed (KeikaSiteBase *base)
{
  g_object_notify_by_pspec (G_OBJECT (base), properties[PROP_USER_NAME]);
}

static void
keika_mal_site_class_init (KeikaMalSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = keika_mal_site_constructed;
  object_class->dispose = keika_mal_site_dispose;
  object_class->finalize = keika_mal_site_finalize;
  object_class->get_property = keika_mal_site_get_property;
  object_class->set_property = keika_mal_site_set_property;
  KEIKA_SITE_BASE_CLASS (klass)->user_name_changed = user_name_changed;

  properties[PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_string ("account", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDIRECT_PORT] =
    g_param_spec_uint ("redirect-port", NULL, NULL, 0, G_MAXUINT16,
                       KEIKA_MAL_REDIRECT_PORT_DEFAULT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_API_URL] =
    g_param_spec_string ("api-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTH_URL] =
    g_param_spec_string ("auth-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HTTP_CLIENT] =
    g_param_spec_object ("http-client", NULL, NULL, KEIKA_TYPE_HTTP_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
keika_mal_site_init (KeikaMalSite *self)
{
  self->client_id = g_strdup ("");
  self->redirect_port = KEIKA_MAL_REDIRECT_PORT_DEFAULT;
  keika_site_base_setup (KEIKA_SITE_BASE (self), KEIKA_MAL_SECRET_SITE, SITE_NAME);
  self->keeper = keika_site_base_get_keeper (KEIKA_SITE_BASE (self));
}
