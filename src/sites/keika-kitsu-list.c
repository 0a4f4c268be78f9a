/* keika-kitsu-list.c — changes to Kitsu's library: the push (looked up
 * before a create, only the changed attributes in a PATCH), the delete; the
 * search; finding the anime of MyAnimeList and AniList ids by Kitsu's
 * mappings
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include "keika-kitsu-site-private.h"
#include "keika-score.h"
#include "keika-site-json.h"

#define SITE_NAME KEIKA_KITSU_SITE_NAME

/* The user's entry of an anime: GET /library-entries?filter[user_id]=…&
 * filter[anime_id]=… (private ones too, with the token). */
static void
look_up_entry (KeikaKitsuSite      *self,
               gint64               anime_id,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GString *url = g_string_new (self->api_url);

  g_string_append (url, "/library-entries");
  keika_kitsu_append_id (url, "filter[user_id]", keika_site_base_get_user_id (KEIKA_SITE_BASE (self)));
  keika_kitsu_append_id (url, "filter[anime_id]", anime_id);
  keika_kitsu_append_param (url, "fields[libraryEntries]", "status");
  keika_kitsu_append_param (url, "page[limit]", "1");
  keika_kitsu_get (self, url, TRUE, cancellable, callback, user_data);
}

/* The id of the entry an answer to look_up_entry() has, 0 for none; -1
 * with @error when the answer failed. */
static gint64
looked_up_finish (KeikaKitsuSite  *self,
                  GAsyncResult    *result,
                  GError         **error)
{
  g_autoptr(KeikaHttpResponse) response = keika_site_base_call_finish (KEIKA_SITE_BASE (self), result, error);
  const KeikaJsonValue *data;
  const KeikaJsonValue *first;

  if (response == NULL ||
      (data = keika_kitsu_get_data_array (keika_http_response_get_json (response), error)) == NULL)
    return -1;
  if (keika_json_get_length (data) == 0)
    return 0;
  first = keika_json_first (data);

  return keika_json_is_object (first) ? keika_kitsu_resource_id (first)
                                        : 0;
}

/* Push */

typedef struct
{
  KeikaRemoteEntry *values;       /* (owned) */
  KeikaEntryFields  changed;
  gboolean          looked_up;
} PushData;

static void
push_data_free (PushData *data)
{
  keika_remote_entry_unref (data->values);
  g_free (data);
}

/* The attributes of @changed, as Kitsu names them. */
static void
add_attributes (JsonBuilder            *builder,
                const KeikaRemoteEntry *values,
                KeikaEntryFields        changed)
{
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  if (changed & KEIKA_ENTRY_FIELD_STATUS)
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, keika_kitsu_status_name (values->status));
    }
  if (changed & KEIKA_ENTRY_FIELD_REWATCHING)
    {
      json_builder_set_member_name (builder, "reconsuming");
      json_builder_add_boolean_value (builder, values->rewatching);
    }
  if (changed & KEIKA_ENTRY_FIELD_SCORE)
    {
      guint rating = keika_score_to_site (values->score, KEIKA_SITE_KITSU);

      json_builder_set_member_name (builder, "ratingTwenty");
      rating > 0 ? json_builder_add_int_value (builder, rating)
                 : json_builder_add_null_value (builder);
    }
  if (changed & KEIKA_ENTRY_FIELD_PROGRESS)
    {
      json_builder_set_member_name (builder, "progress");
      json_builder_add_int_value (builder, values->progress);
    }
  /* Kitsu refuses more than 50 rewatches. */
  if (changed & KEIKA_ENTRY_FIELD_REWATCH_COUNT)
    {
      json_builder_set_member_name (builder, "reconsumeCount");
      json_builder_add_int_value (builder, MIN (values->rewatch_count, 50));
    }
  if (changed & KEIKA_ENTRY_FIELD_NOTES)
    {
      json_builder_set_member_name (builder, "notes");
      values->notes != NULL ? json_builder_add_string_value (builder, values->notes)
                            : json_builder_add_null_value (builder);
    }
  if (changed & KEIKA_ENTRY_FIELD_PRIVATE)
    {
      json_builder_set_member_name (builder, "private");
      json_builder_add_boolean_value (builder, values->private_);
    }
  for (guint i = 0; i < 2; i++)
    {
      KeikaEntryFields field = i == 0 ? KEIKA_ENTRY_FIELD_START_DATE : KEIKA_ENTRY_FIELD_FINISH_DATE;
      g_autofree char *time = NULL;

      if (!(changed & field))
        continue;
      time = keika_kitsu_date_to_time (i == 0 ? values->start_date : values->finish_date);
      json_builder_set_member_name (builder, i == 0 ? "startedAt" : "finishedAt");
      time != NULL ? json_builder_add_string_value (builder, time)
                   : json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
}

static void
add_relationship (JsonBuilder *builder,
                  const char  *name,
                  const char  *type,
                  gint64       id)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void push_look_up (GTask *task);

static void
pushed_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaKitsuSite *self = KEIKA_KITSU_SITE (source_object);
  PushData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  KeikaRemoteEntry *entry = NULL;
  const KeikaJsonValue *object;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (self), result, &error);
  /* Gone from Kitsu meanwhile: looked up (and created) anew, once. */
  if (response == NULL && !data->looked_up &&
      g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND))
    {
      g_clear_error (&error);
      push_look_up (g_steal_pointer (&task));
      return;
    }

  /* The answer holds what the server made of it (it completes an entry by
   * itself, sets its start and end): that is what Kitsu has now. */
  if (response != NULL &&
      (object = keika_kitsu_get_data_object (keika_http_response_get_json (response), &error)) != NULL &&
      (entry = keika_kitsu_parse_entry (object, NULL, data->values->anime_id)) == NULL)
    error = keika_kitsu_new_malformed_error ();

  if (entry == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entry, (GDestroyNotify) keika_remote_entry_unref);
}

/* PATCH of the changed attributes of entry @entry_id, or POST of a new one
 * (@entry_id 0) with its status and the changed attributes. */
static void
push_send (GTask  *task,
           gint64  entry_id)
{
  KeikaKitsuSite *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *names = keika_entry_fields_to_string (data->changed);
  KeikaHttpRequest *request;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  if (entry_id > 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, entry_id);

      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
    }
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "libraryEntries");
  add_attributes (builder, data->values,
                  entry_id > 0 ? data->changed : data->changed | KEIKA_ENTRY_FIELD_STATUS);
  if (entry_id <= 0)
    {
      json_builder_set_member_name (builder, "relationships");
      json_builder_begin_object (builder);
      add_relationship (builder, "anime", "anime", data->values->anime_id);
      add_relationship (builder, "user", "users", keika_site_base_get_user_id (KEIKA_SITE_BASE (self)));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (entry_id > 0)
    {
      /* PATCH sets values: sending it twice does no harm. */
      g_debug ("%s push: entry %" G_GINT64_FORMAT ": %s", SITE_NAME, entry_id, names);
      uri = g_strdup_printf ("%s/library-entries/%" G_GINT64_FORMAT, self->api_url, entry_id);
      request = keika_kitsu_new_request ("PATCH", uri,
                                         KEIKA_HTTP_IDEMPOTENT | KEIKA_HTTP_EXPECT_JSON);
    }
  else
    {
      /* A create is sent once: resent, it could make a second entry. */
      g_debug ("%s push: new entry of anime %" G_GINT64_FORMAT ": %s", SITE_NAME,
               data->values->anime_id, names);
      uri = g_strconcat (self->api_url, "/library-entries", NULL);
      request = keika_kitsu_new_request ("POST", uri, KEIKA_HTTP_EXPECT_JSON);
    }
  keika_http_request_set_json (request, body, KEIKA_KITSU_MEDIA_TYPE);
  keika_site_base_call_async (KEIKA_SITE_BASE (self), request, TRUE, g_task_get_cancellable (task),
                              pushed_cb, task);
}

static void
push_found_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  gint64 entry_id;

  entry_id = looked_up_finish (KEIKA_KITSU_SITE (source_object), result, &error);
  if (entry_id < 0)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  push_send (task, entry_id);
}

/* Whether Kitsu has the entry already (a create whose answer was lost, or
 * one made elsewhere): then it is updated, never made twice. */
static void
push_look_up (GTask *task)
{
  KeikaKitsuSite *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);

  data->looked_up = TRUE;
  look_up_entry (self, data->values->anime_id, g_task_get_cancellable (task), push_found_cb,
                 task);
}

void
keika_kitsu_site_push_async (KeikaSiteService       *service,
                             const KeikaRemoteEntry *values,
                             KeikaEntryFields        changed,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  KeikaKitsuSite *self = KEIKA_KITSU_SITE (service);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PushData *data;

  g_task_set_source_tag (task, keika_kitsu_site_push_async);

  if (values == NULL || values->anime_id <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No Kitsu id");
      g_object_unref (task);
      return;
    }
  changed &= KEIKA_KITSU_FIELDS;
  if (changed == KEIKA_ENTRY_FIELD_NONE || keika_site_base_get_user_id (KEIKA_SITE_BASE (self)) <= 0)
    {
      if (changed == KEIKA_ENTRY_FIELD_NONE)
        g_task_return_pointer (task, keika_remote_entry_new (values->anime_id),
                               (GDestroyNotify) keika_remote_entry_unref);
      else
        g_task_return_error (task, keika_kitsu_new_signed_out_error ());
      g_object_unref (task);
      return;
    }

  data = g_new0 (PushData, 1);
  data->values = keika_remote_entry_ref ((KeikaRemoteEntry *) values);
  data->changed = changed;
  g_task_set_task_data (task, data, (GDestroyNotify) push_data_free);

  if (values->entry_id > 0)
    push_send (task, values->entry_id);
  else
    push_look_up (task);
}

KeikaRemoteEntry *
keika_kitsu_site_push_finish (KeikaSiteService  *service,
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
  /* 404: not in the library, which is what was wanted. */
  if (response == NULL && !g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);
  g_task_return_boolean (task, TRUE);
}

static void
delete_by_id (GTask  *task,
              gint64  entry_id)
{
  KeikaKitsuSite *self = g_task_get_source_object (task);
  g_autofree char *uri = g_strdup_printf ("%s/library-entries/%" G_GINT64_FORMAT, self->api_url,
                                          entry_id);

  g_debug ("%s delete: entry %" G_GINT64_FORMAT, SITE_NAME, entry_id);
  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_kitsu_new_request ("DELETE", uri, KEIKA_HTTP_IDEMPOTENT), TRUE,
                              g_task_get_cancellable (task), deleted_cb, task);
}

static void
delete_found_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  gint64 entry_id;

  entry_id = looked_up_finish (KEIKA_KITSU_SITE (source_object), result, &error);
  if (entry_id <= 0)
    {
      /* Not in the library: nothing to delete. */
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  delete_by_id (task, entry_id);
}

void
keika_kitsu_site_delete_async (KeikaSiteService    *service,
                               gint64               anime_id,
                               gint64               entry_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  KeikaKitsuSite *self = KEIKA_KITSU_SITE (service);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, keika_kitsu_site_delete_async);

  if (entry_id > 0)
    delete_by_id (task, entry_id);
  else if (anime_id <= 0 || keika_site_base_get_user_id (KEIKA_SITE_BASE (self)) <= 0)
    {
      if (anime_id <= 0)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No Kitsu id");
      else
        g_task_return_error (task, keika_kitsu_new_signed_out_error ());
      g_object_unref (task);
    }
  else
    look_up_entry (self, anime_id, cancellable, delete_found_cb, task);
}

gboolean
keika_kitsu_site_delete_finish (KeikaSiteService  *service,
                                GAsyncResult      *result,
                                GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Search */

static void
searched_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GHashTable) included = NULL;
  GPtrArray *found;
  const KeikaJsonValue *data = NULL;
  const KeikaJsonValue *root;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response == NULL ||
      (data = keika_kitsu_get_data_array ((root = keika_http_response_get_json (response)),
                                          &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  included = keika_kitsu_index_included (root);
  found = g_ptr_array_new_with_free_func (g_object_unref);
  for (const KeikaJsonValue *node = keika_json_first (data); node != NULL;
       node = keika_json_next (node))
    {
      g_autoptr(KeikaRemoteEntry) entry = NULL;

      if (keika_json_is_object (node) &&
          (entry = keika_kitsu_parse_anime (node, included)) != NULL)
        g_ptr_array_add (found, keika_remote_entry_to_anime (entry, KEIKA_SITE_KITSU));
    }
  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

void
keika_kitsu_site_search_async (KeikaSiteService    *service,
                               const char          *query,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  KeikaKitsuSite *self = KEIKA_KITSU_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *q = g_utf8_make_valid (query != NULL ? query : "", -1);
  GString *url;

  g_task_set_source_tag (task, keika_kitsu_site_search_async);
  g_strstrip (q);
  if (*q == '\0')
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  url = g_string_new (self->api_url);
  g_string_append (url, "/anime");
  keika_kitsu_append_param (url, "filter[text]", q);
  keika_kitsu_append_param (url, "include", "mappings");
  keika_kitsu_append_param (url, "fields[anime]", KEIKA_KITSU_ANIME_FIELDS);
  keika_kitsu_append_param (url, "fields[mappings]", "externalSite,externalId");
  keika_kitsu_append_id (url, "page[limit]", limit == 0 ? 10 : MIN (limit, KEIKA_KITSU_PAGE_MAX));
  /* A public read: no token needed. */
  keika_kitsu_get (self, url, FALSE, cancellable, searched_cb, g_steal_pointer (&task));
}

GPtrArray *
keika_kitsu_site_search_finish (KeikaSiteService  *service,
                                GAsyncResult      *result,
                                GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Finding anime by their ids on MyAnimeList, then AniList: /mappings with
 * filter[externalId] holding up to 20 ids (filter values are split at
 * commas), the anime as the mapping's item. */

typedef struct
{
  GPtrArray *anime;    /* (owned) (element-type KeikaAnime) */
  GArray    *ids;      /* (owned) (element-type gint64) per anime; -1 ambiguous */
  KeikaSite  site;     /* whose ids are asked for now */
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
  const KeikaJsonValue *mappings = NULL;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response == NULL ||
      (mappings = keika_kitsu_get_data_array (keika_http_response_get_json (response),
                                              &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  for (const KeikaJsonValue *node = keika_json_first (mappings); node != NULL;
       node = keika_json_next (node))
    {
      const KeikaJsonValue *mapping = keika_json_is_object (node) ? node : NULL;
      gint64 external_id, kitsu_id;

      if (mapping == NULL || keika_kitsu_mapping_site (mapping, &external_id) != (int) data->site ||
          (kitsu_id = keika_kitsu_related_id (mapping, "item", "anime")) <= 0)
        continue;

      /* Exact ids only; two Kitsu anime for one id is no answer. */
      for (guint j = 0; j < data->anime->len; j++)
        {
          gint64 *id = &g_array_index (data->ids, gint64, j);

          if (keika_anime_get_site_id (data->anime->pdata[j], data->site) != external_id)
            continue;
          if (*id == 0)
            *id = kitsu_id;
          else if (*id != kitsu_id)
            *id = -1;
        }
    }

  find_next (task);
}

static void
find_next (GTask *task)
{
  KeikaKitsuSite *self = g_task_get_source_object (task);
  FindData *data = g_task_get_task_data (task);
  g_autoptr(GString) ids = g_string_new (NULL);
  GString *url;
  guint n = 0;

  for (; data->next < data->anime->len && n < KEIKA_KITSU_PAGE_MAX; data->next++)
    {
      gint64 id = keika_anime_get_site_id (data->anime->pdata[data->next], data->site);

      if (id > 0 && g_array_index (data->ids, gint64, data->next) == 0)
        {
          g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, n > 0 ? "," : "", id);
          n++;
        }
    }

  if (n == 0 && data->site == KEIKA_SITE_MAL)
    {
      /* Those MyAnimeList did not find, by their AniList ids. */
      data->site = KEIKA_SITE_ANILIST;
      data->next = 0;
      find_next (task);
      return;
    }
  if (n == 0)
    {
      for (guint j = 0; j < data->ids->len; j++)
        if (g_array_index (data->ids, gint64, j) < 0)
          g_array_index (data->ids, gint64, j) = 0;
      g_task_return_pointer (task, g_array_ref (data->ids), (GDestroyNotify) g_array_unref);
      g_object_unref (task);
      return;
    }

  url = g_string_new (self->api_url);
  g_string_append (url, "/mappings");
  keika_kitsu_append_param (url, "filter[externalSite]", data->site == KEIKA_SITE_MAL
                                                           ? "myanimelist/anime" : "anilist/anime");
  keika_kitsu_append_param (url, "filter[externalId]", ids->str);
  keika_kitsu_append_param (url, "include", "item");
  keika_kitsu_append_param (url, "fields[mappings]", KEIKA_KITSU_MAPPING_FIELDS);
  keika_kitsu_append_param (url, "fields[anime]", "canonicalTitle");
  keika_kitsu_append_id (url, "page[limit]", KEIKA_KITSU_PAGE_MAX);
  keika_kitsu_get (self, url, FALSE, g_task_get_cancellable (task), found_cb, task);
}

void
keika_kitsu_site_find_anime_async (KeikaSiteService    *service,
                                   GPtrArray           *anime,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = g_task_new (service, cancellable, callback, user_data);
  FindData *data = g_new0 (FindData, 1);

  g_task_set_source_tag (task, keika_kitsu_site_find_anime_async);
  data->anime = g_ptr_array_ref (anime);
  data->ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_array_set_size (data->ids, anime->len);
  data->site = KEIKA_SITE_MAL;
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);

  find_next (task);
}

GArray *
keika_kitsu_site_find_anime_finish (KeikaSiteService  *service,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
