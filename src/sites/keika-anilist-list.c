/* keika-anilist-list.c — AniList's list: the pull (whole collections in
 * chunks, or the latest changes page by page), the push, the delete, the
 * search, and finding the anime of MyAnimeList ids
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include "keika-anilist-site-private.h"
#include "keika-site-json.h"
#include "keika-site-pull.h"

#define SITE_NAME KEIKA_ANILIST_SITE_NAME

static GError *
new_malformed_error (void)
{
  return keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL);
}

/* Pull
 *
 * A cursor is "KIND:N:NAME": KIND c reads chunk N of the whole collection,
 * KIND p the changes from the N-th newest on; NAME is a public user's name,
 * empty for the signed-in user (with the token). */

typedef struct
{
  char    kind;
  gint64  number;
  char   *name;   /* (owned) (nullable) */
} Cursor;

static gboolean
cursor_parse (const char *text,
              Cursor     *cursor)
{
  const char *colon;

  if (text == NULL || (text[0] != 'c' && text[0] != 'p') || text[1] != ':' ||
      (colon = strchr (text + 2, ':')) == NULL)
    return FALSE;

  cursor->kind = text[0];
  cursor->number = g_ascii_strtoll (text + 2, NULL, 10);
  cursor->name = colon[1] != '\0' ? g_strdup (colon + 1) : NULL;

  return TRUE;
}

static char *
cursor_print (char        kind,
              gint64      number,
              const char *name)
{
  return g_strdup_printf ("%c:%" G_GINT64_FORMAT ":%s", kind, number, name != NULL ? name : "");
}

static void
send_page (KeikaSiteService    *site,
           const char          *text,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  KeikaAnilistSite *self = KEIKA_ANILIST_SITE (site);
  Cursor cursor = { 0 };
  gint64 user = 0;
  JsonNode *variables;

  g_assert (cursor_parse (text, &cursor));
  if (cursor.name == NULL)
    user = keika_site_base_get_user_id (KEIKA_SITE_BASE (self));

  if (cursor.kind == 'c')
    {
      variables = keika_anilist_new_variables ("userId", 'i', user, "userName", 's', cursor.name,
                                               "chunk", 'i', cursor.number,
                                               "perChunk", 'i', (gint64) KEIKA_ANILIST_COLLECTION_CHUNK,
                                               NULL);
      keika_site_base_call_async (KEIKA_SITE_BASE (self),
                                  keika_anilist_new_request (self, "collection", variables),
                                  cursor.name == NULL, cancellable, callback, user_data);
    }
  else
    {
      /* A small first page; then full pages, which start where it ended. */
      gint64 per_page = cursor.number % KEIKA_ANILIST_PAGE_SIZE_MAX == 0 && cursor.number > 0 ?
                        KEIKA_ANILIST_PAGE_SIZE_MAX : KEIKA_ANILIST_CHANGES_FIRST_PAGE;

      variables = keika_anilist_new_variables ("userId", 'i', user, "userName", 's', cursor.name,
                                               "page", 'i', cursor.number / per_page + 1,
                                               "perPage", 'i', per_page,
                                               NULL);
      keika_site_base_call_async (KEIKA_SITE_BASE (self),
                                  keika_anilist_new_request (self, "changes", variables),
                                  cursor.name == NULL, cancellable, callback, user_data);
    }
  g_free (cursor.name);
}

static KeikaHttpResponse *
send_finish (KeikaSiteService  *site,
             GAsyncResult      *result,
             GError           **error)
{
  return keika_site_base_call_finish (KEIKA_SITE_BASE (site), result, error);
}

/* The entries of @array into @entries; FALSE at the first one older than
 * @since (> 0). */
static gboolean
add_entries (GPtrArray            *entries,
             const KeikaJsonValue *array,
             gint64                since)
{
  for (const KeikaJsonValue *node = keika_json_first (array); node != NULL;
       node = keika_json_next (node))
    {
      KeikaRemoteEntry *entry;

      /* An entry without an id is of no use, and harmless to leave out. */
      if (!keika_json_is_object (node) ||
          (entry = keika_anilist_parse_entry (node)) == NULL)
        continue;
      if (since > 0 && entry->updated_at != 0 && entry->updated_at < since)
        {
          keika_remote_entry_unref (entry);
          return FALSE;
        }
      g_ptr_array_add (entries, entry);
    }

  return TRUE;
}

/* How many entries of @entries are different ones (an entry can be in
 * several lists). */
static guint
count_distinct (GPtrArray *entries)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < entries->len; i++)
    g_hash_table_add (ids, &((KeikaRemoteEntry *) entries->pdata[i])->entry_id);

  return g_hash_table_size (ids);
}

static GPtrArray *
parse_page (KeikaSiteService      *site,
            const KeikaJsonValue  *root,
            const char            *text,
            gint64                 since,
            char                 **next,
            gboolean              *stop,
            GError               **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_remote_entry_unref);
  g_autofree char *name = NULL;
  Cursor cursor = { 0 };
  const KeikaJsonValue *object;
  const KeikaJsonValue *node;
  gboolean more = FALSE;

  g_assert (cursor_parse (text, &cursor));
  name = cursor.name;
  *next = NULL;
  *stop = FALSE;

  if (cursor.kind == 'c')
    {
      const KeikaJsonValue *lists;

      if (!(node = keika_anilist_get_data (root, "MediaListCollection", error)))
        return NULL;
      object = keika_json_is_object (node) ? node : NULL;
      if ((lists = keika_site_json_get_array (object, "lists")) == NULL)
        {
          g_propagate_error (error, new_malformed_error ());
          return NULL;
        }

      /* Every list, custom ones too (they can hold entries hidden from the
       * status lists); an entry in several lists is given once (the pull
       * loop keeps the first). */
      for (const KeikaJsonValue *list = keika_json_first (lists); list != NULL;
           list = keika_json_next (list))
        {

          if (keika_json_is_object (list))
            add_entries (entries, keika_site_json_get_array (list, "entries"), 0);
        }
      keika_site_json_get_bool (object, "hasNextChunk", &more);
      if (more)
        *next = cursor_print ('c', cursor.number + 1, name);
      else if ((cursor.number - 1) * KEIKA_ANILIST_COLLECTION_CHUNK + count_distinct (entries) >=
               KEIKA_ANILIST_COLLECTION_CAP)
        {
          /* The list may go on past what AniList serves: it was not seen
           * whole, so nothing missing from it is gone from the site. */
          g_debug ("%s pull: the collection reached AniList's cap of %d entries", SITE_NAME,
                   KEIKA_ANILIST_COLLECTION_CAP);
          *stop = TRUE;
        }
    }
  else
    {
      const KeikaJsonValue *list;

      if (!(node = keika_anilist_get_data (root, "Page", error)))
        return NULL;
      object = keika_json_is_object (node) ? node : NULL;
      if ((list = keika_site_json_get_array (object, "mediaList")) == NULL)
        {
          g_propagate_error (error, new_malformed_error ());
          return NULL;
        }
      *stop = !add_entries (entries, list, since);
      keika_site_json_get_bool (keika_site_json_get_object (object, "pageInfo"), "hasNextPage", &more);
      if (more && !*stop && keika_json_get_length (list) > 0)
        *next = cursor_print ('p', cursor.number + keika_json_get_length (list), name);
    }

  return g_steal_pointer (&entries);
}

static const KeikaPageSource pages = {
  send_page,
  send_finish,
  parse_page,
  NULL,
  SITE_NAME,
};

void
keika_anilist_site_pull_async (KeikaSiteService    *service,
                               const char          *user_name,
                               gint64               since,
                               KeikaSitePageFunc    page_func,
                               gpointer             page_data,
                               GDestroyNotify       page_data_destroy,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  /* A whole list in chunks of 500; the changes newest first, stopping at
   * the first entry older than the last sync. */
  g_autofree char *first = cursor_print (since > 0 ? 'p' : 'c', since > 0 ? 0 : 1, user_name);

  g_debug ("%s pull: %s list%s", SITE_NAME, user_name != NULL ? "a public" : "the user's",
           since > 0 ? ", changes only" : "");
  keika_site_pull_pages_async (service, &pages, first, since, page_func, page_data,
                               page_data_destroy, cancellable, callback, user_data);
}

gboolean
keika_anilist_site_pull_finish (KeikaSiteService  *service,
                                GAsyncResult      *result,
                                gboolean          *complete,
                                GError           **error)
{
  return keika_site_pull_pages_finish (service, result, complete, error);
}

/* Push */

static void
pushed_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  KeikaRemoteEntry *entry = NULL;
  GError *error = NULL;
  const KeikaJsonValue *node;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response != NULL &&
      (node = keika_anilist_get_data (keika_http_response_get_json (response),
                                      "SaveMediaListEntry", &error)) != NULL)
    {
      entry = keika_json_is_object (node) ? keika_anilist_parse_entry (node)
                                            : NULL;
      if (entry == NULL)
        error = new_malformed_error ();
    }

  if (entry == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entry, (GDestroyNotify) keika_remote_entry_unref);
}

void
keika_anilist_site_push_async (KeikaSiteService       *service,
                               const KeikaRemoteEntry *values,
                               KeikaEntryFields        changed,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  KeikaAnilistSite *self = KEIKA_ANILIST_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *names = NULL;

  g_task_set_source_tag (task, keika_anilist_site_push_async);

  if (values == NULL || values->anime_id <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No AniList id");
      return;
    }

  changed &= KEIKA_ANILIST_FIELDS;
  if (changed == KEIKA_ENTRY_FIELD_NONE)
    {
      g_task_return_pointer (task, keika_remote_entry_new (values->anime_id),
                             (GDestroyNotify) keika_remote_entry_unref);
      return;
    }

  /* By mediaId, which creates the entry or updates it: never a second one. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mediaId");
  json_builder_add_int_value (builder, values->anime_id);
  if (changed & (KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_REWATCHING))
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, keika_anilist_status_name (values->status,
                                                                         values->rewatching));
    }
  if (changed & KEIKA_ENTRY_FIELD_SCORE)
    {
      json_builder_set_member_name (builder, "scoreRaw");
      json_builder_add_int_value (builder, MIN (values->score, 100));
    }
  if (changed & KEIKA_ENTRY_FIELD_PROGRESS)
    {
      json_builder_set_member_name (builder, "progress");
      json_builder_add_int_value (builder, values->progress);
    }
  if (changed & KEIKA_ENTRY_FIELD_REWATCH_COUNT)
    {
      json_builder_set_member_name (builder, "repeat");
      json_builder_add_int_value (builder, values->rewatch_count);
    }
  if (changed & KEIKA_ENTRY_FIELD_PRIVATE)
    {
      json_builder_set_member_name (builder, "private");
      json_builder_add_boolean_value (builder, values->private_);
    }
  if (changed & KEIKA_ENTRY_FIELD_NOTES)
    {
      json_builder_set_member_name (builder, "notes");
      json_builder_add_string_value (builder, values->notes != NULL ? values->notes : "");
    }
  if (changed & KEIKA_ENTRY_FIELD_START_DATE)
    keika_anilist_add_fuzzy_date (builder, "startedAt", values->start_date);
  if (changed & KEIKA_ENTRY_FIELD_FINISH_DATE)
    keika_anilist_add_fuzzy_date (builder, "completedAt", values->finish_date);
  json_builder_end_object (builder);

  names = keika_entry_fields_to_string (changed);
  g_debug ("%s push: anime %" G_GINT64_FORMAT ": %s", SITE_NAME, values->anime_id, names);
  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anilist_new_request (self, "save", json_builder_get_root (builder)),
                              TRUE, cancellable, pushed_cb, g_steal_pointer (&task));
}

KeikaRemoteEntry *
keika_anilist_site_push_finish (KeikaSiteService  *service,
                                GAsyncResult      *result,
                                GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Delete */

static void
deleted_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response != NULL)
    keika_anilist_get_data (keika_http_response_get_json (response), "DeleteMediaListEntry", &error);

  /* Not found: not on the list, which is what was wanted. */
  if (error != NULL && !g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND))
    g_task_return_error (task, error);
  else
    {
      g_clear_error (&error);
      g_task_return_boolean (task, TRUE);
    }
}

static void
delete_by_id (GTask  *task,
              gint64  entry_id)
{
  KeikaAnilistSite *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_debug ("%s delete: entry %" G_GINT64_FORMAT, SITE_NAME, entry_id);
  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anilist_new_request (self, "delete", keika_anilist_new_variables ("id", 'i', entry_id, NULL)),
                              TRUE, cancellable, deleted_cb, task);
}

static void
entry_found_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  GError *error = NULL;
  const KeikaJsonValue *node = NULL;
  const KeikaJsonValue *list = NULL;
  gint64 entry_id = 0;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response != NULL)
    node = keika_anilist_get_data (keika_http_response_get_json (response), "Page", &error);
  if (node != NULL && keika_json_is_object (node))
    list = keika_site_json_get_array (node, "mediaList");
  if (list != NULL)
    keika_site_json_get_int (keika_json_first (list), "id", &entry_id);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (entry_id <= 0)
    {
      /* Not on the list. */
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  delete_by_id (task, entry_id);
}

void
keika_anilist_site_delete_async (KeikaSiteService    *service,
                                 gint64               anime_id,
                                 gint64               entry_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  KeikaAnilistSite *self = KEIKA_ANILIST_SITE (service);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  JsonNode *variables;

  g_task_set_source_tag (task, keika_anilist_site_delete_async);

  if (entry_id > 0)
    {
      delete_by_id (task, entry_id);
      return;
    }
  if (anime_id <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No AniList id");
      g_object_unref (task);
      return;
    }

  /* An entry deleted before its id was learnt: look it up first. */
  variables = keika_anilist_new_variables ("userId", 'i', keika_site_base_get_user_id (KEIKA_SITE_BASE (self)),
                                           "mediaId", 'i', anime_id, NULL);
  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anilist_new_request (self, "entry", variables), TRUE,
                              cancellable, entry_found_cb, task);
}

gboolean
keika_anilist_site_delete_finish (KeikaSiteService  *service,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Search and lookup by MyAnimeList id: pages of Media */

/* The media of data.Page.media. (element-type KeikaRemoteEntry) */
static GPtrArray *
parse_media_page (KeikaHttpResponse  *response,
                  GError            **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_remote_entry_unref);
  const KeikaJsonValue *node = keika_anilist_get_data (keika_http_response_get_json (response), "Page", error);
  const KeikaJsonValue *media;

  if (node == NULL)
    return NULL;
  media = keika_json_is_object (node) ? keika_site_json_get_array (node, "media")
                                        : NULL;
  if (media == NULL)
    {
      g_propagate_error (error, new_malformed_error ());
      return NULL;
    }

  for (const KeikaJsonValue *item = keika_json_first (media); item != NULL;
       item = keika_json_next (item))
    {
      KeikaRemoteEntry *entry;

      if (keika_json_is_object (item) &&
          (entry = keika_anilist_parse_media (item)) != NULL)
        g_ptr_array_add (found, entry);
    }

  return g_steal_pointer (&found);
}

static void
searched_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GPtrArray *anime;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response == NULL || (entries = parse_media_page (response, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  anime = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (anime, keika_remote_entry_to_anime (entries->pdata[i], KEIKA_SITE_ANILIST));
  g_task_return_pointer (task, anime, (GDestroyNotify) g_ptr_array_unref);
}

void
keika_anilist_site_search_async (KeikaSiteService    *service,
                                 const char          *query,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  KeikaAnilistSite *self = KEIKA_ANILIST_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *q = g_utf8_make_valid (query != NULL ? query : "", -1);
  JsonNode *variables;

  g_task_set_source_tag (task, keika_anilist_site_search_async);
  g_strstrip (q);
  if (*q == '\0')
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  limit = limit == 0 ? 10 : MIN (limit, KEIKA_ANILIST_PAGE_SIZE_MAX);
  variables = keika_anilist_new_variables ("search", 's', q, "perPage", 'i', (gint64) limit, NULL);
  /* A public read: no token needed. */
  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anilist_new_request (self, "search", variables), FALSE,
                              cancellable, searched_cb, g_steal_pointer (&task));
}

GPtrArray *
keika_anilist_site_search_finish (KeikaSiteService  *service,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GPtrArray *anime;    /* (owned) (element-type KeikaAnime) */
  GArray    *ids;      /* (owned) (element-type gint64) the answer, per anime */
  guint      next;     /* the first anime not asked for yet */
} FindData;

static void
find_data_free (FindData *data)
{
  g_ptr_array_unref (data->anime);
  g_array_unref (data->ids);
  g_free (data);
}

static void find_next (GTask *task);

static void
found_cb (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  FindData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response == NULL || (entries = parse_media_page (response, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* Exact ids only: each answer names the MyAnimeList id it has. */
  for (guint i = 0; i < entries->len; i++)
    {
      KeikaRemoteEntry *entry = entries->pdata[i];

      for (guint j = 0; j < data->anime->len; j++)
        if (entry->site_ids[KEIKA_SITE_MAL] > 0 &&
            keika_anime_get_site_id (data->anime->pdata[j], KEIKA_SITE_MAL) == entry->site_ids[KEIKA_SITE_MAL])
          g_array_index (data->ids, gint64, j) = entry->anime_id;
    }

  find_next (task);
}

static void
find_next (GTask *task)
{
  KeikaAnilistSite *self = g_task_get_source_object (task);
  FindData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ids");
  json_builder_begin_array (builder);
  for (; data->next < data->anime->len && n < KEIKA_ANILIST_PAGE_SIZE_MAX; data->next++)
    {
      gint64 mal_id = keika_anime_get_site_id (data->anime->pdata[data->next], KEIKA_SITE_MAL);

      if (mal_id > 0)
        {
          json_builder_add_int_value (builder, mal_id);
          n++;
        }
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "perPage");
  json_builder_add_int_value (builder, KEIKA_ANILIST_PAGE_SIZE_MAX);
  json_builder_end_object (builder);

  if (n == 0)
    {
      g_task_return_pointer (task, g_array_ref (data->ids), (GDestroyNotify) g_array_unref);
      g_object_unref (task);
      return;
    }

  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anilist_new_request (self, "by-mal-id", json_builder_get_root (builder)),
                              FALSE, g_task_get_cancellable (task), found_cb, task);
}

void
keika_anilist_site_find_anime_async (KeikaSiteService    *service,
                                     GPtrArray           *anime,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task = g_task_new (service, cancellable, callback, user_data);
  FindData *data = g_new0 (FindData, 1);

  g_task_set_source_tag (task, keika_anilist_site_find_anime_async);
  data->anime = g_ptr_array_ref (anime);
  data->ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_array_set_size (data->ids, anime->len);
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);

  /* By their MyAnimeList ids, 50 at a time. */
  find_next (task);
}

GArray *
keika_anilist_site_find_anime_finish (KeikaSiteService  *service,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
