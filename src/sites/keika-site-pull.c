/* keika-site-pull.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include "keika-remote-entry.h"
#include "keika-site-pull.h"

/* More pages than this is a loop, not a list. */
#define MAX_PAGES 10000

typedef struct
{
  const KeikaPageSource *source;
  KeikaSitePageFunc  page_func;
  gpointer           page_data;
  GDestroyNotify     page_data_destroy;
  gint64             since;
  GHashTable        *cursors;     /* (owned) cursors requested */
  char              *current;     /* (owned) (nullable) the cursor of the page in flight */
  GHashTable        *seen;        /* (owned) anime ids given */
  GPtrArray         *waiting;     /* (owned) (nullable) parsed page not given yet */
  guint              pages;
  guint              entries;
  gint64             convert_us;
  gint64             started;
  gboolean           complete;
  gboolean           ended;       /* returned, maybe with a page still coming */
  GCancellable      *fetch;       /* (owned) the request in flight, cancelled by an end */
  GCancellable      *outer;       /* (owned) (nullable) the caller's */
  gulong             fetch_link;  /* on @outer */
  GQueue             unread;      /* (element-type Unread) pages in, the next one asked for */
  guint              read_id;     /* the idle that reads them */
} PullData;

/* A page received whose next page was asked for before it was read. */
typedef struct
{
  KeikaHttpResponse *response;
  char              *cursor;
  char              *early;
} Unread;

static void
unread_free (Unread *page)
{
  g_object_unref (page->response);
  g_free (page->cursor);
  g_free (page->early);
  g_free (page);
}

static void
pull_data_free (PullData *data)
{
  if (data->fetch_link != 0)
    g_cancellable_disconnect (data->outer, data->fetch_link);
  g_clear_object (&data->outer);
  g_clear_object (&data->fetch);
  if (data->page_data_destroy != NULL)
    data->page_data_destroy (data->page_data);
  g_clear_pointer (&data->cursors, g_hash_table_unref);
  g_free (data->current);
  g_clear_pointer (&data->seen, g_hash_table_unref);
  g_clear_pointer (&data->waiting, g_ptr_array_unref);
  g_queue_clear_full (&data->unread, (GDestroyNotify) unread_free);
  g_free (data);
}

static void
pull_done (GTask    *task,
           gboolean  complete)
{
  PullData *data = g_task_get_task_data (task);

  data->complete = complete;
  data->ended = TRUE;
  /* The next page may be on its way already: not wanted now. */
  g_cancellable_cancel (data->fetch);
  g_debug ("%s pull: %u entries in %u pages, %s, %" G_GINT64_FORMAT " ms "
           "(%" G_GINT64_FORMAT " ms converting)",
           data->source->site_name, data->entries, data->pages,
           complete ? "complete" : "stopped early",
           (g_get_monotonic_time () - data->started) / 1000, data->convert_us / 1000);
  g_task_return_boolean (task, TRUE);
}

/* Ends the pull with @error (consumed). */
static void
fail (GTask  *task,
      GError *error)
{
  PullData *data = g_task_get_task_data (task);

  data->ended = TRUE;
  /* A next page asked for already is not wanted now. */
  g_cancellable_cancel (data->fetch);
  g_task_return_error (task, error);
}

static void page_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data);

/* Requests the page at @cursor; @task gets a reference of its own. */
static gboolean
fetch_page (GTask      *task,
            const char *cursor)
{
  KeikaSiteService *site = g_task_get_source_object (task);
  PullData *data = g_task_get_task_data (task);

  if (!g_hash_table_add (data->cursors, g_strdup (cursor)) || data->pages >= MAX_PAGES)
    {
      g_debug ("%s pull: the next page is one already read", data->source->site_name);
      return FALSE;
    }

  g_free (data->current);
  data->current = g_strdup (cursor);
  data->source->send_page (site, cursor, data->fetch, page_cb, g_object_ref (task));

  return TRUE;
}

/* Requests the page at @next, a further page of the list; FALSE when it
 * ended the pull. */
static gboolean
follow (GTask      *task,
        const char *next)
{
  KeikaSiteService *site = g_task_get_source_object (task);
  PullData *data = g_task_get_task_data (task);

  if ((data->source->accept_next != NULL && !data->source->accept_next (site, next)) ||
      !fetch_page (task, next))
    {
      g_debug ("%s pull: the next page is not a further page of the list",
               data->source->site_name);
      fail (task, keika_error_new (KEIKA_ERROR_MALFORMED, data->source->site_name, NULL));
      return FALSE;
    }

  return TRUE;
}

/* Gives the page waiting to @page_func; FALSE when it ended the pull. */
static gboolean
give_waiting (GTask *task)
{
  KeikaSiteService *site = g_task_get_source_object (task);
  PullData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) entries = g_steal_pointer (&data->waiting);

  if (entries != NULL && entries->len > 0 && !data->page_func (site, entries, data->page_data))
    {
      pull_done (task, FALSE);
      return FALSE;
    }

  return TRUE;
}

/* Reads a page received: its entries are given, and the next page is asked
 * for unless it was (@early). */
static void
read_page (GTask             *task,
           KeikaHttpResponse *response,
           const char        *cursor,
           const char        *early)
{
  KeikaSiteService *site = g_task_get_source_object (task);
  PullData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  gboolean stop = FALSE;
  gint64 started;

  started = g_get_monotonic_time ();
  entries = data->source->parse_page (site, keika_http_response_get_json (response),
                                      cursor, data->since, &next, &stop, &error);
  if (entries == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }

  /* Offset paging over a list that changes meanwhile may repeat an entry
   * at a page boundary: give each one once. */
  for (guint i = 0; i < entries->len; )
    {
      KeikaRemoteEntry *entry = g_ptr_array_index (entries, i);

      if (g_hash_table_add (data->seen, GSIZE_TO_POINTER ((gsize) entry->anime_id)))
        i++;
      else
        g_ptr_array_remove_index (entries, i);
    }
  data->convert_us += g_get_monotonic_time () - started;
  data->pages++;
  data->entries += entries->len;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      fail (task, g_steal_pointer (&error));
      return;
    }

  /* The next page is requested first, then this one is given: the work
   * on it overlaps the wait for the next. */
  data->waiting = g_steal_pointer (&entries);
  if (early != NULL && (stop || g_strcmp0 (next, early) != 0))
    {
      g_debug ("%s pull: the page's next page is not the one asked for",
               data->source->site_name);
      fail (task, keika_error_new (KEIKA_ERROR_MALFORMED, data->source->site_name, NULL));
      return;
    }
  if (early == NULL && !stop && next != NULL && !follow (task, next))
    return;

  if (!give_waiting (task))
    return;

  if (stop || next == NULL)
    pull_done (task, !stop);
}

/* Reads the first page waiting to be read. */
static void
read_unread (GTask *task)
{
  PullData *data = g_task_get_task_data (task);
  Unread *page = g_queue_pop_head (&data->unread);

  if (page != NULL && !data->ended)
    read_page (task, page->response, page->cursor, page->early);
  g_clear_pointer (&page, unread_free);
}

/* The pages received, read in order once the request of the next one is
 * on its way (the main loop sends it before this runs). */
static gboolean
read_unread_cb (gpointer user_data)
{
  GTask *task = user_data;
  PullData *data = g_task_get_task_data (task);

  read_unread (task);

  if (data->ended)
    g_queue_clear_full (&data->unread, (GDestroyNotify) unread_free);
  if (g_queue_is_empty (&data->unread))
    {
      data->read_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
page_cb (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaSiteService *site = KEIKA_SITE_SERVICE (source_object);
  PullData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *early = NULL;
  g_autofree char *cursor = NULL;
  Unread *page;

  response = data->source->send_finish (site, result, &error);
  if (data->ended)
    return;  /* the page function stopped the pull meanwhile */
  if (response == NULL)
    {
      /* The pages before it are given first, as they came. */
      while (!g_queue_is_empty (&data->unread) && !data->ended)
        read_unread (task);
      if (!data->ended)
        fail (task, g_steal_pointer (&error));
      return;
    }

  /* A whole list: the next page is asked for before this one is read, so
   * that reading it overlaps the wait for the next. */
  cursor = g_strdup (data->current);
  if (data->since == 0 && data->source->peek_next != NULL)
    early = data->source->peek_next (site, keika_http_response_get_json (response));
  /* Read now when nothing waits to be read before it (the pages are
   * given in order). */
  if (early == NULL && g_queue_is_empty (&data->unread))
    {
      read_page (task, response, cursor, NULL);
      return;
    }
  if (early != NULL && !follow (task, early))
    return;

  page = g_new0 (Unread, 1);
  page->response = g_steal_pointer (&response);
  page->cursor = g_steal_pointer (&cursor);
  page->early = g_steal_pointer (&early);
  g_queue_push_tail (&data->unread, page);
  if (data->read_id == 0)
    data->read_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, read_unread_cb,
                                     g_object_ref (task), g_object_unref);
}

static void
cancel_fetch_cb (GCancellable *outer,
                 GCancellable *fetch)
{
  g_cancellable_cancel (fetch);
}

void
keika_site_pull_pages_async (KeikaSiteService       *site,
                             const KeikaPageSource  *source,
                             const char             *first_cursor,
                             gint64                  since,
                             KeikaSitePageFunc       page_func,
                             gpointer                page_data,
                             GDestroyNotify          page_data_destroy,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  PullData *data;

  g_return_if_fail (KEIKA_IS_SITE_SERVICE (site));
  g_return_if_fail (source != NULL && first_cursor != NULL);

  task = g_task_new (site, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_site_pull_pages_async);
  data = g_new0 (PullData, 1);
  data->source = source;
  data->page_func = page_func;
  data->page_data = page_data;
  data->page_data_destroy = page_data_destroy;
  data->since = MAX (since, 0);
  data->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  data->started = g_get_monotonic_time ();
  /* One cancellable for every page's request: the caller's cancels it, and
   * so does the end of the pull. */
  data->fetch = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->outer = g_object_ref (cancellable);
      data->fetch_link = g_cancellable_connect (cancellable, G_CALLBACK (cancel_fetch_cb),
                                                g_object_ref (data->fetch), g_object_unref);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) pull_data_free);

  if (page_func == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No page function");
      return;
    }

  fetch_page (task, first_cursor);
}

gboolean
keika_site_pull_pages_finish (KeikaSiteService  *site,
                              GAsyncResult      *result,
                              gboolean          *complete,
                              GError           **error)
{
  PullData *data;

  g_return_val_if_fail (g_task_is_valid (result, site), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (complete != NULL)
    *complete = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (complete != NULL)
    *complete = data->complete;

  return TRUE;
}
