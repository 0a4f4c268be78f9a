/* keika-mal-list.c — MyAnimeList's list: reading it page by page, and
 * sending, then deleting, its entries
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "keika-mal-site-private.h"
#include "keika-net.h"
#include "keika-score.h"
#include "keika-site-json.h"
#include "keika-site-pull.h"

#define SITE_NAME KEIKA_MAL_SITE_NAME

#define LIST_PAGE_SIZE       1000
/* The first page of a pull of changes only: most of the time nothing
 * changed, and the first entry says so. */
#define CHANGES_PAGE_SIZE    25

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
  return keika_site_base_call_finish (KEIKA_SITE_BASE (site), result, error);
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

void
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

gboolean
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

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  root = keika_http_response_get_json (response);
  if (root == NULL || !keika_json_is_object (root))
    {
      g_task_return_error (task, keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL));
      return;
    }

  entry = keika_remote_entry_new (GPOINTER_TO_SIZE (g_task_get_task_data (task)));
  keika_mal_parse_list_status (root, entry);
  g_task_return_pointer (task, entry, (GDestroyNotify) keika_remote_entry_unref);
}

void
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

  changed &= KEIKA_MAL_FIELDS;
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

KeikaRemoteEntry *
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

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response == NULL && !g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* 404: not on the list, which is what was wanted. */
  g_task_return_boolean (task, TRUE);
}

void
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

gboolean
keika_mal_site_delete_finish (KeikaSiteService  *service,
                              GAsyncResult      *result,
                              GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, service), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
