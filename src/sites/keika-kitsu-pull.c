/* keika-kitsu-pull.c — Kitsu's library read: pages of 500 entries with
 * their anime and the anime's mappings, following links.next on the API's
 * host; the changes only by filter[since]; someone's public library by the
 * slug or id of their profile
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include "keika-kitsu-site-private.h"
#include "keika-site-json.h"
#include "keika-site-pull.h"

#define SITE_NAME KEIKA_KITSU_SITE_NAME

/* Pull
 *
 * A cursor is the address of a page: the first one built here, the next
 * ones Kitsu's links.next, followed only on the API's own host and path
 * (the token goes with them). */

static gboolean
is_api_url (KeikaSiteService *site,
            const char       *url)
{
  KeikaKitsuSite *self = KEIKA_KITSU_SITE (site);
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
           gboolean             with_token,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  keika_kitsu_get (KEIKA_KITSU_SITE (site), g_string_new (url), with_token, cancellable,
                   callback, user_data);
}

static void
send_own_page (KeikaSiteService    *site,
               const char          *url,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  send_page (site, url, TRUE, cancellable, callback, user_data);
}

static void
send_public_page (KeikaSiteService    *site,
                  const char          *url,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  send_page (site, url, FALSE, cancellable, callback, user_data);
}

static KeikaHttpResponse *
send_finish (KeikaSiteService  *site,
             GAsyncResult      *result,
             GError           **error)
{
  return keika_site_base_call_finish (KEIKA_SITE_BASE (site), result, error);
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
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_remote_entry_unref);
  g_autoptr(GHashTable) included = NULL;
  const KeikaJsonValue *data;

  *next = NULL;
  *stop = FALSE;
  if ((data = keika_kitsu_get_data_array (root, error)) == NULL)
    return NULL;

  included = keika_kitsu_index_included (root);
  for (const KeikaJsonValue *node = keika_json_first (data); node != NULL;
       node = keika_json_next (node))
    {
      KeikaRemoteEntry *entry;

      /* An entry without ids is of no use, and harmless to leave out. */
      if (!keika_json_is_object (node) ||
          (entry = keika_kitsu_parse_entry (node, included, 0)) == NULL)
        continue;
      /* filter[since] leaves none older; should one come, it is not given. */
      if (since > 0 && entry->updated_at != 0 && entry->updated_at < since)
        keika_remote_entry_unref (entry);
      else
        g_ptr_array_add (entries, entry);
    }

  *next = keika_site_json_dup_nonempty (keika_site_json_get_object (root,
                                                                    "links"), "next");
  /* The changes only: not the whole list, whatever the pages. */
  *stop = since > 0 && *next == NULL;

  return g_steal_pointer (&entries);
}

/* links.next, as parse_page gives it in a pull of the whole list. */
static char *
peek_next (KeikaSiteService     *site,
           const KeikaJsonValue *root)
{
  if (keika_site_json_get_array (root, "data") == NULL)
    return NULL;

  return keika_site_json_dup_nonempty (keika_site_json_get_object (root, "links"), "next");
}

static const KeikaPageSource own_pages = {
  send_own_page,
  send_finish,
  parse_page,
  is_api_url,
  SITE_NAME,
  peek_next,
};

static const KeikaPageSource public_pages = {
  send_public_page,
  send_finish,
  parse_page,
  is_api_url,
  SITE_NAME,
  peek_next,
};

typedef struct
{
  KeikaSitePageFunc  page_func;
  gpointer           page_data;
  GDestroyNotify     page_data_destroy;  /* (nullable) until handed to the page loop */
  gint64             since;
  gboolean           complete;
} PullData;

static void
pull_data_free (PullData *data)
{
  if (data->page_data_destroy != NULL)
    data->page_data_destroy (data->page_data);
  g_free (data);
}

static void
pages_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PullData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!keika_site_pull_pages_finish (KEIKA_SITE_SERVICE (source_object), result, &data->complete,
                                     &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Reads the library of the user @user_id, with the token or without. */
static void
pull_library (GTask    *task,
              gint64    user_id,
              gboolean  with_token)
{
  KeikaKitsuSite *self = g_task_get_source_object (task);
  PullData *data = g_task_get_task_data (task);
  g_autoptr(GString) url = g_string_new (self->api_url);
  GDestroyNotify destroy = g_steal_pointer (&data->page_data_destroy);

  g_string_append (url, "/library-entries");
  keika_kitsu_append_id (url, "filter[user_id]", user_id);
  keika_kitsu_append_param (url, "filter[kind]", "anime");
  if (data->since > 0)
    {
      g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (data->since);
      g_autofree char *text = g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ");

      keika_kitsu_append_param (url, "filter[since]", text);
    }
  keika_kitsu_append_param (url, "include", "anime,anime.mappings");
  keika_kitsu_append_param (url, "fields[libraryEntries]", KEIKA_KITSU_ENTRY_FIELDS);
  keika_kitsu_append_param (url, "fields[anime]", KEIKA_KITSU_ANIME_FIELDS);
  keika_kitsu_append_param (url, "fields[mappings]", "externalSite,externalId");
  /* Newest changes first, as MyAnimeList's: an entry changed during the
   * pull moves to a page already read (the next pull of changes gives it),
   * and new entries never push others past the end. */
  keika_kitsu_append_param (url, "sort", "-updatedAt");
  keika_kitsu_append_id (url, "page[limit]", KEIKA_KITSU_LIBRARY_PAGE);
  keika_kitsu_append_param (url, "page[offset]", "0");

  keika_site_pull_pages_async (KEIKA_SITE_SERVICE (self), with_token ? &own_pages : &public_pages,
                               url->str, data->since, data->page_func, data->page_data, destroy,
                               g_task_get_cancellable (task), pages_done_cb, task);
}

static void
user_found_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  const KeikaJsonValue *data = NULL;
  GError *error = NULL;
  gint64 id = 0;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response != NULL)
    data = keika_kitsu_get_data_array (keika_http_response_get_json (response), &error);
  if (data != NULL && keika_json_get_length (data) > 0 &&
      keika_json_is_object (keika_json_first (data)))
    id = keika_kitsu_resource_id ((keika_json_first (data)));
  if (data != NULL && id <= 0)
    error = keika_error_new (KEIKA_ERROR_NOT_FOUND, SITE_NAME, NULL);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  pull_library (task, id, FALSE);
}

void
keika_kitsu_site_pull_async (KeikaSiteService    *service,
                             const char          *user_name,
                             gint64               since,
                             KeikaSitePageFunc    page_func,
                             gpointer             page_data,
                             GDestroyNotify       page_data_destroy,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  KeikaKitsuSite *self = KEIKA_KITSU_SITE (service);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PullData *data = g_new0 (PullData, 1);
  GString *url;
  char *end;
  gint64 id;

  g_task_set_source_tag (task, keika_kitsu_site_pull_async);
  data->page_func = page_func;
  data->page_data = page_data;
  data->page_data_destroy = page_data_destroy;
  data->since = MAX (since, 0);
  g_task_set_task_data (task, data, (GDestroyNotify) pull_data_free);

  g_debug ("%s pull: %s list%s", SITE_NAME, user_name != NULL ? "a public" : "the user's",
           since > 0 ? ", changes only" : "");

  if (user_name == NULL)
    {
      if ((id = keika_site_base_get_user_id (KEIKA_SITE_BASE (self))) <= 0)
        {
          g_task_return_error (task, keika_kitsu_new_signed_out_error ());
          g_object_unref (task);
          return;
        }
      pull_library (task, id, TRUE);
      return;
    }

  /* A profile's address names the user by id or by slug. */
  id = g_ascii_strtoll (user_name, &end, 10);
  if (*user_name != '\0' && *end == '\0' && id > 0)
    {
      pull_library (task, id, FALSE);
      return;
    }
  url = g_string_new (self->api_url);
  g_string_append (url, "/users");
  keika_kitsu_append_param (url, "filter[slug]", user_name);
  keika_kitsu_append_param (url, "fields[users]", "name,slug");
  keika_kitsu_get (self, url, FALSE, cancellable, user_found_cb, task);
}

gboolean
keika_kitsu_site_pull_finish (KeikaSiteService  *service,
                              GAsyncResult      *result,
                              gboolean          *complete,
                              GError           **error)
{
  PullData *data = g_task_get_task_data (G_TASK (result));

  if (complete != NULL)
    *complete = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (complete != NULL)
    *complete = data->complete;

  return TRUE;
}
