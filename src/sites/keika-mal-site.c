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

#define LIST_PAGE_SIZE       1000
/* The first page of a pull of changes only: most of the time nothing
 * changed, and the first entry says so. */
#define CHANGES_PAGE_SIZE    25
#define SEARCH_LIMIT_DEFAULT 20
#define SEARCH_LIMIT_MAX     100
#define SEARCH_Q_MAX_CHARS   64

#define SEARCH_FIELDS \
  "alternative_titles,media_type,status,num_episodes,start_season,main_picture,genres,nsfw"

/* The fields MAL stores for a list entry. */
#define MAL_FIELDS (KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_SCORE | \
                    KEIKA_ENTRY_FIELD_PROGRESS | KEIKA_ENTRY_FIELD_REWATCHING | \
                    KEIKA_ENTRY_FIELD_REWATCH_COUNT | KEIKA_ENTRY_FIELD_START_DATE | \
                    KEIKA_ENTRY_FIELD_FINISH_DATE | KEIKA_ENTRY_FIELD_NOTES | \
                    KEIKA_ENTRY_FIELD_TAGS | KEIKA_ENTRY_FIELD_PRIORITY)

static void keika_mal_site_iface_init (KeikaSiteServiceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KeikaMalSite, keika_mal_site, G_TYPE_OBJECT,
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

static GError *
new_malformed_error (void)
{
  return keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL);
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

void
keika_mal_site_set_tokens (KeikaMalSite *self,
                           const char   *access_token,
                           const char   *refresh_token,
                           gint64        expires_at)
{
  g_autoptr(KeikaTokens) tokens = NULL;

  g_return_if_fail (KEIKA_IS_MAL_SITE (self));

  if (access_token != NULL)
    tokens = keika_tokens_new (access_token, refresh_token, expires_at, 0);
  keika_token_keeper_set_tokens (self->keeper, tokens);
}

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

static void
call_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaHttpResponse *response;
  GError *error = NULL;

  response = keika_token_keeper_call_finish (KEIKA_TOKEN_KEEPER (source_object), result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, g_object_unref);
}

void
keika_mal_site_call_async (KeikaMalSite        *self,
            KeikaHttpRequest    *request,
            KeikaMalAuth             auth,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, keika_mal_site_call_async);

  if (auth == KEIKA_MAL_AUTH_CLIENT_ID)
    {
      if (self->client_id[0] == '\0')
        {
          g_task_return_error (task, keika_mal_new_no_client_id_error ());
          return;
        }
      keika_http_request_set_header (request, "X-MAL-CLIENT-ID", self->client_id);
      keika_token_keeper_send_async (self->keeper, request, FALSE, cancellable, call_done_cb,
                                     g_steal_pointer (&task));
    }
  else
    {
      keika_token_keeper_call_async (self->keeper, request, cancellable, call_done_cb,
                                     g_steal_pointer (&task));
    }
}

KeikaHttpResponse *
keika_mal_site_call_finish (KeikaMalSite  *self,
             GAsyncResult  *result,
             GError       **error)
{
  g_assert (g_task_get_source_tag (G_TASK (result)) == keika_mal_site_call_async);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Pull */

/* paging.next must stay on the API's host: the token goes with it. */
static gboolean
is_api_url (KeikaSiteService *site,
            const char       *url)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (site);
  g_autoptr(GUri) base = g_uri_parse (self->api_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return base != NULL && uri != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (base), g_uri_get_scheme (uri)) == 0 &&
         g_uri_get_host (uri) != NULL &&
         g_ascii_strcasecmp (g_uri_get_host (base), g_uri_get_host (uri)) == 0 &&
         g_uri_get_port (base) == g_uri_get_port (uri) &&
         g_str_has_prefix (g_uri_get_path (uri), g_uri_get_path (base));
}

static void
send_page (KeikaSiteService    *site,
           const char          *url,
           KeikaMalAuth             auth,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(KeikaHttpRequest) request = NULL;

  request = keika_mal_new_request ("GET", url, KEIKA_HTTP_IDEMPOTENT | KEIKA_HTTP_EXPECT_JSON);
  keika_mal_site_call_async (KEIKA_MAL_SITE (site), request, auth, cancellable, callback, user_data);
}

/* The user's own list, with the token. */
static void
send_own_page (KeikaSiteService    *site,
               const char          *url,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  send_page (site, url, KEIKA_MAL_AUTH_TOKEN, cancellable, callback, user_data);
}

/* Someone's public list, with the client id. */
static void
send_public_page (KeikaSiteService    *site,
                  const char          *url,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  send_page (site, url, KEIKA_MAL_AUTH_CLIENT_ID, cancellable, callback, user_data);
}

static KeikaHttpResponse *
send_page_finish (KeikaSiteService  *site,
                  GAsyncResult      *result,
                  GError           **error)
{
  return keika_mal_site_call_finish (KEIKA_MAL_SITE (site), result, error);
}

/* @url with its limit= set to a full page, for the pages after a small
 * first one. (transfer full) */
static char *
with_full_page (char *url)
{
  g_autoptr(GString) out = NULL;
  const char *query = strchr (url, '?');
  const char *limit = query != NULL ? strstr (query, "limit=") : NULL;
  const char *end;

  while (limit != NULL && limit[-1] != '?' && limit[-1] != '&')
    limit = strstr (limit + 1, "limit=");
  if (limit == NULL)
    return url;

  limit += strlen ("limit=");
  for (end = limit; g_ascii_isdigit (*end); end++)
    ;

  out = g_string_new_len (url, limit - url);
  g_string_append_printf (out, "%u%s", LIST_PAGE_SIZE, end);
  g_free (url);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GPtrArray *
parse_page (KeikaSiteService      *site,
            const KeikaJsonValue  *root,
            const char            *cursor,
            gint64                 since,
            char                 **next,
            gboolean              *stop,
            GError               **error)
{
  GPtrArray *entries = keika_mal_parse_list_page (root, since, next, stop, error);

  if (entries != NULL && *next != NULL)
    *next = with_full_page (*next);

  return entries;
}

/* paging.next, as parse_page gives it in a pull of the whole list. */
static char *
peek_next (KeikaSiteService     *site,
           const KeikaJsonValue *root)
{
  char *next = keika_site_json_dup_nonempty (keika_site_json_get_object (root, "paging"), "next");

  return next != NULL && keika_site_json_get_array (root, "data") != NULL ? with_full_page (next)
                                                                         : (g_free (next), NULL);
}

static const KeikaPageSource own_pages = {
  send_own_page,
  send_page_finish,
  parse_page,
  is_api_url,
  SITE_NAME,
  peek_next,
};

static const KeikaPageSource public_pages = {
  send_public_page,
  send_page_finish,
  parse_page,
  is_api_url,
  SITE_NAME,
  peek_next,
};

static void
keika_mal_site_pull_async (KeikaSiteService    *service,
                           const char          *user_name,
                           gint64               since,
                           KeikaSitePageFunc    page_func,
                           gpointer             page_data,
                           GDestroyNotify       page_data_destroy,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);
  g_autoptr(GString) url = NULL;

  /* Newest changes first: an incremental pull stops early, and an entry
   * changed during a full pull moves to a page already read, never past
   * the end. */
  url = g_string_new (self->api_url);
  g_string_append (url, "/users/");
  if (user_name != NULL)
    g_string_append_uri_escaped (url, user_name, NULL, FALSE);
  else
    g_string_append (url, "@me");
  g_string_append (url, "/animelist");
  keika_browser_sign_in_append_param (url, "fields", KEIKA_MAL_LIST_FIELDS);
  g_string_append_printf (url, "&limit=%u&nsfw=true&sort=list_updated_at",
                          since > 0 ? CHANGES_PAGE_SIZE : LIST_PAGE_SIZE);

  g_debug ("%s pull: %s list%s", SITE_NAME, user_name != NULL ? "a public" : "the user's",
           since > 0 ? ", changes only" : "");
  keika_site_pull_pages_async (service, user_name != NULL ? &public_pages : &own_pages, url->str, since, page_func, page_data,
                               page_data_destroy, cancellable, callback, user_data);
}

static gboolean
keika_mal_site_pull_finish (KeikaSiteService  *service,
                            GAsyncResult      *result,
                            gboolean          *complete,
                            GError           **error)
{
  return keika_site_pull_pages_finish (service, result, complete, error);
}

/* Push */

static char *
join_tags (char **tags)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_strdelimit (g_strdup (tags[i]), ",", ' ');

      g_strstrip (tag);
      if (*tag == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, ',');
      g_string_append (text, tag);
    }

  return g_string_free (text, FALSE);
}

static void
add_uint_field (KeikaHttpRequest *request,
                const char       *name,
                guint             value)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", value);
  keika_http_request_add_form_field (request, name, text);
}

static void
push_cb (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  KeikaRemoteEntry *entry;
  const KeikaJsonValue *root;

  response = keika_mal_site_call_finish (KEIKA_MAL_SITE (source_object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  root = keika_http_response_get_json (response);
  if (root == NULL || !keika_json_is_object (root))
    {
      g_task_return_error (task, new_malformed_error ());
      return;
    }

  entry = keika_remote_entry_new (GPOINTER_TO_SIZE (g_task_get_task_data (task)));
  keika_mal_parse_list_status (root, entry);
  g_task_return_pointer (task, entry, (GDestroyNotify) keika_remote_entry_unref);
}

static void
keika_mal_site_push_async (KeikaSiteService       *service,
                           const KeikaRemoteEntry *values,
                           KeikaEntryFields        changed,
                           GCancellable           *cancellable,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(KeikaHttpRequest) request = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *names = NULL;

  g_task_set_source_tag (task, keika_mal_site_push_async);

  if (values == NULL || values->anime_id <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "No MyAnimeList id");
      return;
    }
  g_task_set_task_data (task, GSIZE_TO_POINTER ((gsize) values->anime_id), NULL);

  changed &= MAL_FIELDS;
  if (changed == KEIKA_ENTRY_FIELD_NONE)
    {
      g_task_return_pointer (task, keika_remote_entry_new (values->anime_id),
                             (GDestroyNotify) keika_remote_entry_unref);
      return;
    }

  /* PATCH sets values, so sending it twice does no harm: resent after a
   * 5xx or a timeout like a read. */
  uri = g_strdup_printf ("%s/anime/%" G_GINT64_FORMAT "/my_list_status", self->api_url,
                         values->anime_id);
  request = keika_mal_new_request ("PATCH", uri, KEIKA_HTTP_IDEMPOTENT | KEIKA_HTTP_EXPECT_JSON);

  if (changed & KEIKA_ENTRY_FIELD_STATUS)
    keika_http_request_add_form_field (request, "status",
                                       keika_status_to_string (values->status));
  if (changed & KEIKA_ENTRY_FIELD_SCORE)
    add_uint_field (request, "score", keika_score_to_site (values->score, KEIKA_SITE_MAL));
  /* The write name; the read name is num_episodes_watched. */
  if (changed & KEIKA_ENTRY_FIELD_PROGRESS)
    add_uint_field (request, "num_watched_episodes", values->progress);
  if (changed & KEIKA_ENTRY_FIELD_REWATCHING)
    keika_http_request_add_form_field (request, "is_rewatching",
                                       values->rewatching ? "true" : "false");
  if (changed & KEIKA_ENTRY_FIELD_REWATCH_COUNT)
    add_uint_field (request, "num_times_rewatched", values->rewatch_count);
  if (changed & KEIKA_ENTRY_FIELD_START_DATE)
    keika_http_request_add_form_field (request, "start_date",
                                       values->start_date != NULL ? values->start_date : "");
  if (changed & KEIKA_ENTRY_FIELD_FINISH_DATE)
    keika_http_request_add_form_field (request, "finish_date",
                                       values->finish_date != NULL ? values->finish_date : "");
  if (changed & KEIKA_ENTRY_FIELD_PRIORITY)
    add_uint_field (request, "priority", MIN (values->priority, 2));
  if (changed & KEIKA_ENTRY_FIELD_TAGS)
    {
      g_autofree char *tags = join_tags (values->tags);

      keika_http_request_add_form_field (request, "tags", tags);
    }
  if (changed & KEIKA_ENTRY_FIELD_NOTES)
    keika_http_request_add_form_field (request, "comments",
                                       values->notes != NULL ? values->notes : "");

  names = keika_entry_fields_to_string (changed);
  g_debug ("%s push: anime %" G_GINT64_FORMAT ": %s", SITE_NAME, values->anime_id, names);
  keika_mal_site_call_async (self, request, KEIKA_MAL_AUTH_TOKEN, cancellable, push_cb, g_steal_pointer (&task));
}

static KeikaRemoteEntry *
keika_mal_site_push_finish (KeikaSiteService  *service,
                            GAsyncResult      *result,
                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Delete */

static void
delete_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = keika_mal_site_call_finish (KEIKA_MAL_SITE (source_object), result, &error);
  if (response == NULL && !g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* 404: not on the list, which is what was wanted. */
  g_task_return_boolean (task, TRUE);
}

static void
keika_mal_site_delete_async (KeikaSiteService    *service,
                             gint64               anime_id,
                             gint64               entry_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  KeikaMalSite *self = KEIKA_MAL_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(KeikaHttpRequest) request = NULL;
  g_autofree char *uri = NULL;

  g_task_set_source_tag (task, keika_mal_site_delete_async);

  if (anime_id <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "No MyAnimeList id");
      return;
    }

  uri = g_strdup_printf ("%s/anime/%" G_GINT64_FORMAT "/my_list_status", self->api_url,
                         anime_id);
  request = keika_mal_new_request ("DELETE", uri, KEIKA_HTTP_IDEMPOTENT);
  g_debug ("%s delete: anime %" G_GINT64_FORMAT, SITE_NAME, anime_id);
  keika_mal_site_call_async (self, request, KEIKA_MAL_AUTH_TOKEN, cancellable, delete_cb, g_steal_pointer (&task));
}

static gboolean
keika_mal_site_delete_finish (KeikaSiteService  *service,
                              GAsyncResult      *result,
                              GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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

  response = keika_mal_site_call_finish (KEIKA_MAL_SITE (source_object), result, &error);
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
  return MAL_FIELDS;
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

const char *
keika_mal_site_get_account (KeikaMalSite *self)
{
  g_return_val_if_fail (KEIKA_IS_MAL_SITE (self), NULL);

  return keika_token_keeper_get_account (self->keeper);
}

void
keika_mal_site_set_account (KeikaMalSite *self,
                            const char   *account)
{
  g_return_if_fail (KEIKA_IS_MAL_SITE (self));

  /* Another account: its tokens are read from the keyring when needed. A
   * load or renewal under way for the old one is ignored when it ends. */
  if (keika_token_keeper_set_account (self->keeper, account))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

const char *
keika_mal_site_get_user_name (KeikaMalSite *self)
{
  g_return_val_if_fail (KEIKA_IS_MAL_SITE (self), NULL);

  return self->user_name;
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

KeikaHttpClient *
keika_mal_site_get_http_client (KeikaMalSite *self)
{
  g_return_val_if_fail (KEIKA_IS_MAL_SITE (self), NULL);

  return self->client;
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
  if (self->client == NULL)
    self->client = g_object_ref (keika_http_client_get_default ());

  keika_token_keeper_set_http_client (self->keeper, self->client);
  update_renewal (self);
}

static void
keika_mal_site_dispose (GObject *object)
{
  KeikaMalSite *self = (KeikaMalSite *) object;

  keika_mal_site_end_sign_in (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (keika_mal_site_parent_class)->dispose (object);
}

static void
keika_mal_site_finalize (GObject *object)
{
  KeikaMalSite *self = (KeikaMalSite *) object;

  g_clear_object (&self->keeper);
  g_free (self->client_id);
  g_free (self->user_name);
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
      g_value_set_string (value, keika_mal_site_get_account (self));
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
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
      g_value_set_object (value, self->client);
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
      keika_mal_site_set_account (self, g_value_get_string (value));
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
      self->client = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  self->keeper = keika_token_keeper_new (KEIKA_MAL_SECRET_SITE, SITE_NAME, NULL);
}
