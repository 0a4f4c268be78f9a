/* keika-anitrack-list.c — AniTrack's list: the pull (newest first), the
 * push (looked up before it is created), the delete, and finding anime by
 * their AniList ids
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keika-anitrack-site-private.h"
#include "keika-site-json.h"
#include "keika-site-pull.h"

#define SITE_NAME KEIKA_ANITRACK_SITE_NAME

static GError *
new_malformed_error (void)
{
  return keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL);
}

/* Pull: GET /list, most recently updated first. Seed 001 gives the whole
 * list in one answer; Laravel's paging (links.next, meta) is followed when
 * an answer has it. A cursor is the path of a page, or the address AniTrack
 * gave for the next one. */

static void
send_page (KeikaSiteService    *site,
           const char          *cursor,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  KeikaAnitrackSite *self = KEIKA_ANITRACK_SITE (site);

  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anitrack_new_request (self, "GET", "%s", cursor), TRUE,
                              cancellable, callback, user_data);
}

static KeikaHttpResponse *
send_finish (KeikaSiteService  *site,
             GAsyncResult      *result,
             GError           **error)
{
  return keika_site_base_call_finish (KEIKA_SITE_BASE (site), result, error);
}

static char *
next_cursor (const KeikaJsonValue *root)
{
  const KeikaJsonValue *meta = keika_site_json_get_object (root, "meta");
  gint64 page = 0, last = 0;
  char *next = keika_site_json_dup_nonempty (keika_site_json_get_object (root, "links"), "next");

  if (next == NULL && keika_site_json_get_int (meta, "current_page", &page) &&
      keika_site_json_get_int (meta, "last_page", &last) && page > 0 && page < last)
    next = g_strdup_printf ("/list?page=%" G_GINT64_FORMAT, page + 1);

  return next;
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
  const KeikaJsonValue *object = root != NULL && keika_json_is_object (root) ? root
                                                                    : NULL;
  const KeikaJsonValue *list = object != NULL ? keika_site_json_get_array (object, "data")
                    : root != NULL && keika_json_is_array (root) ? root : NULL;

  *next = NULL;
  *stop = FALSE;
  if (list == NULL)
    {
      g_propagate_error (error, new_malformed_error ());
      return NULL;
    }

  for (const KeikaJsonValue *node = keika_json_first (list); node != NULL;
       node = keika_json_next (node))
    {
      KeikaRemoteEntry *entry;

      /* An entry without ids is of no use, and harmless to leave out. */
      if (!keika_json_is_object (node) ||
          (entry = keika_anitrack_parse_entry (node)) == NULL)
        continue;
      if (since > 0 && entry->updated_at != 0 && entry->updated_at < since)
        {
          keika_remote_entry_unref (entry);
          *stop = TRUE;
          break;
        }
      g_ptr_array_add (entries, entry);
    }

  if (!*stop && keika_json_get_length (list) > 0 && object != NULL)
    *next = next_cursor (object);

  return g_steal_pointer (&entries);
}

/* Only further pages of the list, on the API's host. */
static gboolean
accept_next (KeikaSiteService *site,
             const char       *next)
{
  KeikaAnitrackSite *self = KEIKA_ANITRACK_SITE (site);
  g_autofree char *list = g_strconcat (self->api_url, "/list?", NULL);

  return g_str_has_prefix (next, "/list?") || g_str_has_prefix (next, list);
}

static const KeikaPageSource pages = {
  send_page,
  send_finish,
  parse_page,
  accept_next,
  SITE_NAME,
};

void
keika_anitrack_site_pull_async (KeikaSiteService    *service,
                                const char          *user_name,
                                gint64               since,
                                KeikaSitePageFunc    page_func,
                                gpointer             page_data,
                                GDestroyNotify       page_data_destroy,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  KeikaAnitrackSite *self = KEIKA_ANITRACK_SITE (service);
  const char *own_name;

  /* Every endpoint acts as the token's owner: no one else's list. */
  own_name = keika_site_base_get_user_name (KEIKA_SITE_BASE (self));
  if (user_name != NULL && (own_name == NULL || g_utf8_collate (user_name, own_name) != 0))
    {
      if (page_data_destroy != NULL)
        page_data_destroy (page_data);
      g_task_report_new_error (service, callback, user_data, keika_anitrack_site_pull_async,
                               G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _("AniTrack shows a list to its owner only. Sign in to AniTrack "
                                 "as that person to read it."));
      return;
    }

  g_debug ("%s pull: %s", SITE_NAME, since > 0 ? "changes only" : "the whole list");
  keika_site_pull_pages_async (service, &pages, "/list", since, page_func, page_data,
                               page_data_destroy, cancellable, callback, user_data);
}

gboolean
keika_anitrack_site_pull_finish (KeikaSiteService  *service,
                                 GAsyncResult      *result,
                                 gboolean          *complete,
                                 GError           **error)
{
  if (g_task_get_source_tag (G_TASK (result)) == keika_anitrack_site_pull_async)
    {
      if (complete != NULL)
        *complete = FALSE;
      return g_task_propagate_boolean (G_TASK (result), error);
    }

  return keika_site_pull_pages_finish (service, result, complete, error);
}

/* Push: PATCH an entry AniTrack has; else look it up by anime first (a
 * create tried again after its answer was lost finds the one it made),
 * then POST, and PATCH what POST does not take. */

typedef struct
{
  KeikaRemoteEntry *values;     /* (owned) */
  KeikaEntryFields  changed;    /* what is still to send */
  gboolean          looked_up;
} PushData;

static void
push_data_free (PushData *data)
{
  keika_remote_entry_unref (data->values);
  g_free (data);
}

static void look_up (GTask *task);

static void
return_entry (GTask             *task,
              KeikaHttpResponse *response)
{
  KeikaRemoteEntry *entry = keika_anitrack_parse_entry (keika_anitrack_get_object (response));

  if (entry == NULL)
    g_task_return_error (task, new_malformed_error ());
  else
    g_task_return_pointer (task, entry, (GDestroyNotify) keika_remote_entry_unref);
}

static void
patched_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PushData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response != NULL)
    return_entry (task, response);
  else if (g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND) && !data->looked_up)
    {
      /* Deleted on AniTrack meanwhile: made anew, as the other sites do. */
      g_clear_error (&error);
      look_up (g_steal_pointer (&task));
    }
  else
    g_task_return_error (task, error);
}

/* Consumes @task. */
static void
send_patch (GTask  *task,
            gint64  entry_id)
{
  KeikaAnitrackSite *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  KeikaHttpRequest *request;

  json_builder_begin_object (builder);
  keika_anitrack_add_fields (builder, data->values, data->changed);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  request = keika_anitrack_new_request (self, "PATCH", "/list/%" G_GINT64_FORMAT, entry_id);
  keika_http_request_set_json (request, body, NULL);
  keika_site_base_call_async (KEIKA_SITE_BASE (self), request, TRUE, g_task_get_cancellable (task),
                              patched_cb, task);
}

static void
created_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PushData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(KeikaRemoteEntry) entry = NULL;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->changed == KEIKA_ENTRY_FIELD_NONE)
    {
      return_entry (task, response);
      return;
    }

  entry = keika_anitrack_parse_entry (keika_anitrack_get_object (response));
  if (entry == NULL)
    g_task_return_error (task, new_malformed_error ());
  else
    send_patch (g_steal_pointer (&task), entry->entry_id);
}

/* Consumes @task. */
static void
send_create (GTask *task)
{
  KeikaAnitrackSite *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  KeikaHttpRequest *request;

  /* status is required; the rest only when changed. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "anime_id");
  json_builder_add_int_value (builder, data->values->anime_id);
  keika_anitrack_add_fields (builder, data->values,
                             (data->changed & KEIKA_ANITRACK_CREATE_FIELDS) | KEIKA_ENTRY_FIELD_STATUS);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  data->changed &= ~(KEIKA_ANITRACK_CREATE_FIELDS | KEIKA_ENTRY_FIELD_STATUS);

  request = keika_anitrack_new_request (self, "POST", "/list");
  keika_http_request_set_json (request, body, NULL);
  keika_site_base_call_async (KEIKA_SITE_BASE (self), request, TRUE, g_task_get_cancellable (task),
                              created_cb, task);
}

static void
found_cb (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(KeikaRemoteEntry) entry = NULL;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND))
    {
      g_clear_error (&error);
      send_create (g_steal_pointer (&task));
      return;
    }
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  entry = keika_anitrack_parse_entry (keika_anitrack_get_object (response));
  if (entry == NULL)
    g_task_return_error (task, new_malformed_error ());
  else
    send_patch (g_steal_pointer (&task), entry->entry_id);
}

/* Consumes @task. */
static void
look_up (GTask *task)
{
  KeikaAnitrackSite *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);

  data->looked_up = TRUE;
  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anitrack_new_request (self, "GET", "/list/anime/%" G_GINT64_FORMAT, data->values->anime_id),
                              TRUE, g_task_get_cancellable (task), found_cb, task);
}

void
keika_anitrack_site_push_async (KeikaSiteService       *service,
                                const KeikaRemoteEntry *values,
                                KeikaEntryFields        changed,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (service, cancellable, callback, user_data);
  g_autofree char *names = NULL;
  PushData *data;

  g_task_set_source_tag (task, keika_anitrack_site_push_async);
  if (values == NULL || values->anime_id <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No AniTrack id");
      return;
    }

  changed &= KEIKA_ANITRACK_FIELDS;
  if (changed == KEIKA_ENTRY_FIELD_NONE)
    {
      g_task_return_pointer (task, keika_remote_entry_new (values->anime_id),
                             (GDestroyNotify) keika_remote_entry_unref);
      return;
    }

  data = g_new0 (PushData, 1);
  /* Never changed once handed out: a reference is a copy. */
  data->values = keika_remote_entry_ref ((KeikaRemoteEntry *) values);
  data->changed = changed;
  g_task_set_task_data (task, data, (GDestroyNotify) push_data_free);

  names = keika_entry_fields_to_string (changed);
  g_debug ("%s push: anime %" G_GINT64_FORMAT ", entry %" G_GINT64_FORMAT ": %s", SITE_NAME,
           values->anime_id, values->entry_id, names);
  if (values->entry_id > 0)
    send_patch (g_steal_pointer (&task), values->entry_id);
  else
    look_up (g_steal_pointer (&task));
}

KeikaRemoteEntry *
keika_anitrack_site_push_finish (KeikaSiteService  *service,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Delete: a soft delete on AniTrack; one it does not have counts as done. */

static void
deleted_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (error != NULL && !g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND))
    g_task_return_error (task, error);
  else
    {
      g_clear_error (&error);
      g_task_return_boolean (task, TRUE);
    }
}

/* Consumes @task. */
static void
delete_by_id (GTask  *task,
              gint64  entry_id)
{
  KeikaAnitrackSite *self = g_task_get_source_object (task);

  g_debug ("%s delete: entry %" G_GINT64_FORMAT, SITE_NAME, entry_id);
  keika_site_base_call_async (KEIKA_SITE_BASE (self),
                              keika_anitrack_new_request (self, "DELETE", "/list/%" G_GINT64_FORMAT, entry_id),
                              TRUE, g_task_get_cancellable (task), deleted_cb, task);
}

static void
entry_found_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(KeikaRemoteEntry) entry = NULL;
  GError *error = NULL;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response != NULL)
    entry = keika_anitrack_parse_entry (keika_anitrack_get_object (response));

  if (g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND))
    {
      /* Not on the list: what was wanted. */
      g_clear_error (&error);
      g_task_return_boolean (task, TRUE);
    }
  else if (error != NULL)
    g_task_return_error (task, error);
  else if (entry == NULL)
    g_task_return_error (task, new_malformed_error ());
  else
    delete_by_id (g_steal_pointer (&task), entry->entry_id);
}

void
keika_anitrack_site_delete_async (KeikaSiteService    *service,
                                  gint64               anime_id,
                                  gint64               entry_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  KeikaAnitrackSite *self = KEIKA_ANITRACK_SITE (service);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, keika_anitrack_site_delete_async);
  if (entry_id > 0)
    delete_by_id (g_steal_pointer (&task), entry_id);
  else if (anime_id <= 0)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No AniTrack id");
  else
    /* Deleted before its entry id was learnt: looked up first. */
    keika_site_base_call_async (KEIKA_SITE_BASE (self),
                                keika_anitrack_new_request (self, "GET", "/list/anime/%" G_GINT64_FORMAT, anime_id),
                                TRUE, cancellable, entry_found_cb, g_steal_pointer (&task));
}

gboolean
keika_anitrack_site_delete_finish (KeikaSiteService  *service,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Anime by their AniList ids, one request each: 404 until AniTrack has
 * the anime, which is no match. */

typedef struct
{
  GPtrArray *anime;    /* (owned) (element-type KeikaAnime) */
  GArray    *ids;      /* (owned) (element-type gint64) the answer, per anime */
  guint      next;     /* the first anime not looked at yet */
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
anime_found_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  GError *error = NULL;
  gint64 id = 0;

  response = keika_site_base_call_finish (KEIKA_SITE_BASE (source_object), result, &error);
  if (response == NULL && !g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);

  if (response != NULL && keika_site_json_get_int (keika_anitrack_get_object (response), "id", &id) &&
      id > 0)
    g_array_index (data->ids, gint64, data->next - 1) = id;
  find_next (g_steal_pointer (&task));
}

/* Consumes @task. */
static void
find_next (GTask *task)
{
  KeikaAnitrackSite *self = g_task_get_source_object (task);
  FindData *data = g_task_get_task_data (task);

  while (data->next < data->anime->len)
    {
      KeikaAnime *anime = g_ptr_array_index (data->anime, data->next++);
      gint64 known = keika_anime_get_site_id (anime, KEIKA_SITE_ANITRACK);
      gint64 anilist_id = keika_anime_get_site_id (anime, KEIKA_SITE_ANILIST);

      if (known > 0)
        g_array_index (data->ids, gint64, data->next - 1) = known;
      else if (anilist_id > 0)
        {
          keika_site_base_call_async (KEIKA_SITE_BASE (self),
                                      keika_anitrack_new_request (self, "GET", "/anime/anilist/%" G_GINT64_FORMAT, anilist_id),
                                      TRUE, g_task_get_cancellable (task), anime_found_cb, task);
          return;
        }
    }

  g_task_return_pointer (task, g_array_ref (data->ids), (GDestroyNotify) g_array_unref);
  g_object_unref (task);
}

void
keika_anitrack_site_find_anime_async (KeikaSiteService    *service,
                                      GPtrArray           *anime,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task = g_task_new (service, cancellable, callback, user_data);
  FindData *data = g_new0 (FindData, 1);

  g_task_set_source_tag (task, keika_anitrack_site_find_anime_async);
  data->anime = g_ptr_array_ref (anime);
  data->ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_array_set_size (data->ids, anime->len);
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);

  find_next (task);
}

GArray *
keika_anitrack_site_find_anime_finish (KeikaSiteService  *service,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
