/* keika-sync-prepare.c — what the merge of a pull needs of each page, made
 * while the next page is on its way
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pull is merged in one transaction once its last page is in, so that a
 * pull that fails halfway leaves the library as it was. What the merge
 * makes of a site's entry without looking at the store is made here, page
 * by page, in one worker thread, while the network waits: for the entries
 * the library does not seem to have yet, their library entry and snapshot.
 * Whether the library has one is only a guess, made by the ids it had when
 * the pull began: the merge decides, and makes what was not made here, or
 * leaves what it does not need.
 */

#define G_LOG_DOMAIN "KeikaSync"

#include "config.h"

#include "keika-sync-engine-private.h"

typedef struct
{
  guint            base;      /* the index of its first entry among all the pages' */
  GPtrArray       *entries;   /* (owned) (element-type KeikaRemoteEntry) */
  char           **snapshots; /* (owned) one per entry */
  KeikaListEntry **fresh;     /* (owned) one per entry, NULL where the library seems to have it */
} Page;

struct _KeikaSyncPrepare
{
  char        *path;
  KeikaSite    site;
  GThreadPool *pool;      /* one thread of its own: the pages in order */
  GPtrArray   *pages;     /* (element-type Page) the main thread adds, the worker fills */
  guint        n_entries;

  /* The worker's: its connection, and which entry the library has of an
   * anime, read when first needed. */
  KeikaStore       *store;
  KeikaSyncMatcher *matcher;
  gboolean          opened;

  /* After keika_sync_prepare_wait(), by entry index. */
  Page       **page_of;
};

static void
page_free (Page *page)
{
  for (guint i = 0; i < page->entries->len; i++)
    {
      g_free (page->snapshots[i]);
      g_clear_object (&page->fresh[i]);
    }
  g_free (page->snapshots);
  g_free (page->fresh);
  g_ptr_array_unref (page->entries);
  g_free (page);
}

/* The last job: the worker's connection is closed in its thread. */
static Page finish_page;

static void
prepare_page (gpointer page_data,
              gpointer user_data)
{
  KeikaSyncPrepare *self = user_data;
  Page *page = page_data;

  if (page == &finish_page)
    {
      g_clear_pointer (&self->matcher, keika_sync_matcher_free);
      g_clear_object (&self->store);
      return;
    }

  if (!self->opened)
    {
      self->opened = TRUE;
      if ((self->store = keika_store_open (self->path, NULL)) != NULL)
        self->matcher = keika_sync_matcher_new (self->store, self->site, TRUE);
    }
  /* Without the store, nothing is guessed. */
  if (self->matcher == NULL)
    return;

  for (guint i = 0; i < page->entries->len; i++)
    {
      const KeikaRemoteEntry *remote = page->entries->pdata[i];

      if (keika_sync_matcher_find (self->matcher, remote, NULL) != 0)
        continue;
      page->snapshots[i] = keika_sync_snapshot_to_json (remote);
      page->fresh[i] = keika_remote_entry_to_list_entry (remote, self->site);
    }
}

KeikaSyncPrepare *
keika_sync_prepare_new (const char *store_path,
                        KeikaSite   site)
{
  KeikaSyncPrepare *self = g_new0 (KeikaSyncPrepare, 1);

  self->path = g_strdup (store_path);
  self->site = site;
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  self->pool = g_thread_pool_new (prepare_page, self, 1, TRUE, NULL);

  return self;
}

void
keika_sync_prepare_add_page (KeikaSyncPrepare *self,
                             GPtrArray        *entries)
{
  Page *page;

  g_return_if_fail (self->pool != NULL);

  page = g_new0 (Page, 1);
  page->base = self->n_entries;
  page->entries = g_ptr_array_ref (entries);
  page->snapshots = g_new0 (char *, entries->len);
  page->fresh = g_new0 (KeikaListEntry *, entries->len);
  self->n_entries += entries->len;
  g_ptr_array_add (self->pages, page);
  g_thread_pool_push (self->pool, page, NULL);
}

void
keika_sync_prepare_wait (KeikaSyncPrepare *self)
{
  if (self->pool == NULL)
    return;

  /* Every page made, then the worker's connection closed and its thread let go. */
  g_thread_pool_push (self->pool, &finish_page, NULL);
  g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);

  self->page_of = g_new0 (Page *, self->n_entries);
  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = self->pages->pdata[i];

      for (guint j = 0; j < page->entries->len; j++)
        self->page_of[page->base + j] = page;
    }
}

const char *
keika_sync_prepare_get_snapshot (KeikaSyncPrepare *self,
                                 guint             index)
{
  Page *page;

  g_return_val_if_fail (self->page_of != NULL, NULL);

  if (index >= self->n_entries || (page = self->page_of[index]) == NULL)
    return NULL;

  return page->snapshots[index - page->base];
}

KeikaListEntry *
keika_sync_prepare_take_entry (KeikaSyncPrepare *self,
                               guint             index)
{
  Page *page;

  g_return_val_if_fail (self->page_of != NULL, NULL);

  if (index >= self->n_entries || (page = self->page_of[index]) == NULL)
    return NULL;

  return g_steal_pointer (&page->fresh[index - page->base]);
}

void
keika_sync_prepare_free (KeikaSyncPrepare *self)
{
  if (self == NULL)
    return;

  /* A page being made is finished first and the others are dropped; the
   * worker's thread is gone when its connection is closed here. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, TRUE, TRUE);
  g_clear_pointer (&self->matcher, keika_sync_matcher_free);
  g_clear_object (&self->store);
  g_ptr_array_unref (self->pages);
  g_free (self->page_of);
  g_free (self->path);
  g_free (self);
}
