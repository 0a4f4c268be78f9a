/* keika-sync-push.c — sending the journal: one request per entry and
 * site, carrying the final values, each row cleared or kept with its error
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keika-net.h"
#include "keika-sync-engine-private.h"

/* @base with the known fields of @over laid on it (a new value). */
static KeikaRemoteEntry *
overlay (const KeikaRemoteEntry *base,
         const KeikaRemoteEntry *over)
{
  KeikaRemoteEntry *out = keika_remote_entry_new (over->anime_id);
  const KeikaRemoteEntry *src;

#define PICK(flag) src = (over->known & (flag)) ? over : base
  PICK (KEIKA_ENTRY_FIELD_STATUS); out->status = src->status;
  PICK (KEIKA_ENTRY_FIELD_SCORE); out->score = src->score;
  PICK (KEIKA_ENTRY_FIELD_PROGRESS); out->progress = src->progress;
  PICK (KEIKA_ENTRY_FIELD_REWATCHING); out->rewatching = src->rewatching;
  PICK (KEIKA_ENTRY_FIELD_REWATCH_COUNT); out->rewatch_count = src->rewatch_count;
  PICK (KEIKA_ENTRY_FIELD_START_DATE); out->start_date = g_strdup (src->start_date);
  PICK (KEIKA_ENTRY_FIELD_FINISH_DATE); out->finish_date = g_strdup (src->finish_date);
  PICK (KEIKA_ENTRY_FIELD_NOTES); out->notes = g_strdup (src->notes);
  PICK (KEIKA_ENTRY_FIELD_TAGS); out->tags = g_strdupv (src->tags);
  PICK (KEIKA_ENTRY_FIELD_PRIORITY); out->priority = src->priority;
  PICK (KEIKA_ENTRY_FIELD_PRIVATE); out->private_ = src->private_;
  PICK (KEIKA_ENTRY_FIELD_FAVOURITE); out->favourite = src->favourite;
#undef PICK
  out->known = base->known | over->known;
  out->updated_at = over->updated_at != 0 ? over->updated_at : base->updated_at;

  return out;
}

/* Push */

typedef struct
{
  GPtrArray  *items;     /* (element-type KeikaJournalItem) one per request */
  GPtrArray  *absorbed;  /* (element-type GArray of gint64) per item, the ids of
                          * later rows it also sends */
  guint       index;
  guint       n_pushed;
  guint       n_failed;
  GError     *first_error;  /* (owned) (nullable) */
  struct _Lookup *lookup;   /* (owned) (nullable) while anime are looked up */
} PushData;

static void lookup_free (struct _Lookup *lookup);

static void
push_data_free (PushData *data)
{
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_clear_pointer (&data->absorbed, g_ptr_array_unref);
  g_clear_error (&data->first_error);
  g_clear_pointer (&data->lookup, lookup_free);
  g_free (data);
}

static void push_next (GTask *task);

static void
row_failed (GTask        *task,
            GError       *error)
{
  KeikaSyncEngine *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  KeikaJournalItem *item = data->items->pdata[data->index];
  g_autoptr(GError) store_error = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *refused = NULL;
  gboolean permanent;

  permanent = g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND) ||
              g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_REJECTED);
  g_debug ("Journal row %" G_GINT64_FORMAT " failed (%s): %s", item->id,
           permanent ? "permanent" : "kept for later", error->message);

  /* Cancelled: the rows simply stay as they were. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GArray *absorbed = data->absorbed->pdata[data->index];

      /* What the site said of each field, for the editor to show there. */
      fields = keika_site_service_dup_refused_fields (self->site, error);
      refused = keika_sync_refused_fields_to_json (fields);
      if (!keika_store_journal_failed (self->store, item->id, error->message, refused, permanent,
                                       &store_error))
        g_warning ("Could not record the failure of a change: %s", store_error->message);
      for (guint i = 0; i < absorbed->len && store_error == NULL; i++)
        keika_store_journal_failed (self->store, g_array_index (absorbed, gint64, i),
                                    error->message, refused, permanent, &store_error);
    }

  data->n_failed++;
  if (data->first_error == NULL)
    data->first_error = g_error_copy (error);
}

static void
row_done (GTask                  *task,
          const KeikaRemoteEntry *answer)
{
  KeikaSyncEngine *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  KeikaJournalItem *item = data->items->pdata[data->index];
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot = NULL;

  if (answer != NULL && answer->known != 0)
    {
      g_autofree char *old = keika_store_dup_snapshot (self->store, item->entry_id,
                                                       item->profile_id, NULL);
      g_autoptr(KeikaRemoteEntry) base = keika_sync_snapshot_parse (old, answer->anime_id);
      g_autoptr(KeikaRemoteEntry) merged = base != NULL ? overlay (base, answer)
                                                        : keika_remote_entry_ref ((KeikaRemoteEntry *) answer);

      snapshot = keika_sync_snapshot_to_json (merged);
    }

  /* The rows it also sent first: the last one done advances the snapshot. */
  for (guint i = 0; i < ((GArray *) data->absorbed->pdata[data->index])->len && error == NULL; i++)
    keika_store_journal_done (self->store,
                              g_array_index ((GArray *) data->absorbed->pdata[data->index], gint64, i),
                              NULL, keika_sync_now_seconds (), &error);

  if (error != NULL ||
      !keika_store_journal_done (self->store, item->id, snapshot, keika_sync_now_seconds (), &error))
    {
      /* The row stays: it is pushed again next time (same values). */
      g_warning ("Could not clear a pushed change: %s", error->message);
      data->n_failed++;
      if (data->first_error == NULL)
        data->first_error = g_steal_pointer (&error);
      return;
    }
  data->n_pushed++;
}

static void
pushed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KeikaRemoteEntry) answer = NULL;
  g_autoptr(GError) error = NULL;
  PushData *data = g_task_get_task_data (task);

  answer = keika_site_service_push_finish (KEIKA_SITE_SERVICE (source), result, &error);
  if (answer == NULL)
    row_failed (task, error);
  else
    row_done (task, answer);

  data->index++;
  push_next (g_steal_pointer (&task));
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  PushData *data = g_task_get_task_data (task);

  if (!keika_site_service_delete_finish (KEIKA_SITE_SERVICE (source), result, &error))
    row_failed (task, error);
  else
    row_done (task, NULL);

  data->index++;
  push_next (g_steal_pointer (&task));
}

static void
push_next (GTask *task)
{
  KeikaSyncEngine *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  KeikaSite site = keika_site_service_get_site (self->site);

  while (data->index < data->items->len)
    {
      KeikaJournalItem *item = data->items->pdata[data->index];
      g_autoptr(KeikaListEntry) entry = NULL;
      g_autoptr(KeikaRemoteEntry) values = NULL;
      g_autoptr(GError) error = NULL;
      gint64 site_entry_id;
      KeikaEntryFields changed;

      keika_sync_engine_emit_progress (self, data->index, data->items->len);

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }

      site_entry_id = item->site_entry_id != NULL ? g_ascii_strtoll (item->site_entry_id, NULL, 10) : 0;

      if (item->op == KEIKA_JOURNAL_OP_DELETE)
        {
          keika_site_service_delete_async (self->site, item->site_anime_id, site_entry_id,
                                           cancellable, deleted_cb, task);
          return;
        }

      changed = keika_entry_fields_from_string (item->changed_fields) &
                keika_site_service_get_supported_fields (self->site);
      entry = keika_store_load_entry (self->store, item->entry_id, &error);
      if (entry == NULL && !g_error_matches (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND))
        {
          /* The store could not be read: the row stays. */
          data->n_failed++;
          if (data->first_error == NULL)
            data->first_error = g_steal_pointer (&error);
          data->index++;
          continue;
        }
      if (entry == NULL || changed == 0)
        {
          /* Gone since (its delete row follows), or nothing this site keeps. */
          row_done (task, NULL);
          data->index++;
          continue;
        }
      if (item->site_anime_id < 0)
        {
          /* Could not be looked up now: the row waits for the next push. */
          data->index++;
          continue;
        }
      if (item->site_anime_id == 0)
        {
          /* Looked up before the push and not found there: kept, shown on
           * the entry, for the person to pick the anime or keep it here. */
          g_autoptr(GError) unmapped = NULL;

          unmapped = g_error_new (KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND,
                                  /* Translators: %s is a site, like "Kitsu" */
                                  _("Not on %s yet: no anime there matches this one."),
                                  keika_site_to_label (site));
          row_failed (task, unmapped);
          data->index++;
          continue;
        }

      values = keika_remote_entry_new_from_list_entry (entry, site);
      values->anime_id = item->site_anime_id;
      values->entry_id = site_entry_id;

      /* What the site holds already, as it can, is not sent again. */
        {
          g_autofree char *snapshot = keika_store_dup_snapshot (self->store, item->entry_id,
                                                                item->profile_id, NULL);
          g_autoptr(KeikaRemoteEntry) base = keika_sync_snapshot_parse (snapshot,
                                                                        item->site_anime_id);

          if (base != NULL)
            changed &= ~keika_sync_site_holds (values, base, site);
          if (changed == 0)
            {
              row_done (task, NULL);
              data->index++;
              continue;
            }
        }

      keika_site_service_push_async (self->site, values, changed, cancellable, pushed_cb, task);
      return;
    }

  keika_sync_engine_emit_progress (self, data->items->len, data->items->len);
  keika_sync_engine_update_problems (self);

  if (data->first_error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->first_error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Before the push: the anime this site's id is not known for yet are
 * looked up once, by their ids on the other sites (never by title). */
typedef struct _Lookup
{
  GPtrArray *anime;   /* (element-type KeikaAnime) */
  GPtrArray *rows;    /* (element-type KeikaJournalItem) (not owned) per anime */
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_ptr_array_unref (lookup->anime);
  g_ptr_array_unref (lookup->rows);
  g_free (lookup);
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  KeikaSyncEngine *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  Lookup *lookup = data->lookup;
  KeikaSite site = keika_site_service_get_site (self->site);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = keika_site_service_find_anime_finish (KEIKA_SITE_SERVICE (source), result, &error);
  if (ids == NULL)
    {
      /* Offline, or the site failed: the rows wait for the next push. */
      g_debug ("Could not look anime up on %s: %s", keika_site_to_label (site), error->message);
      for (guint i = 0; i < lookup->rows->len; i++)
        ((KeikaJournalItem *) lookup->rows->pdata[i])->site_anime_id = -1;
    }

  for (guint i = 0; ids != NULL && i < lookup->anime->len && i < ids->len; i++)
    {
      KeikaAnime *anime = lookup->anime->pdata[i];
      KeikaJournalItem *item = lookup->rows->pdata[i];
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GError) store_error = NULL;
      gboolean ok;

      if (id > 0)
        ok = keika_store_set_anime_site_id (self->store, keika_anime_get_id (anime), site, id,
                                            &store_error);
      else
        ok = keika_store_add_site_miss (self->store, keika_anime_get_id (anime), site, &store_error);
      if (ok && id > 0)
        {
          KeikaListEntry *live = keika_library_lookup (self->library, item->entry_id);

          if (live != NULL)
            keika_anime_set_site_id (keika_list_entry_get_anime (live), site, id);
        }
      if (!ok)
        {
          /* Another anime of the library has that id already. */
          g_debug ("Could not keep the %s id of an anime: %s", keika_site_to_label (site),
                   store_error->message);
          id = 0;
        }

      /* Every row of that anime (absorbed rows follow their item). */
      for (guint j = 0; j < data->items->len; j++)
        {
          KeikaJournalItem *row = data->items->pdata[j];

          if (row->entry_id == item->entry_id && row->site_anime_id == 0)
            row->site_anime_id = id;
        }
    }

  g_clear_pointer (&data->lookup, lookup_free);
  push_next (task);
}

static void
find_unmapped (GTask *task)
{
  KeikaSyncEngine *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->anime = g_ptr_array_new_with_free_func (g_object_unref);
  lookup->rows = g_ptr_array_new ();

  for (guint i = 0; i < data->items->len; i++)
    {
      KeikaJournalItem *item = data->items->pdata[i];
      g_autoptr(KeikaListEntry) entry = NULL;

      if (item->op != KEIKA_JOURNAL_OP_UPDATE || item->site_anime_id != 0)
        continue;
      entry = keika_store_load_entry (self->store, item->entry_id, NULL);
      if (entry == NULL)
        continue;
      g_ptr_array_add (lookup->anime, g_object_ref (keika_list_entry_get_anime (entry)));
      g_ptr_array_add (lookup->rows, item);
    }

  if (lookup->anime->len == 0)
    {
      lookup_free (lookup);
      push_next (task);
      return;
    }

  data->lookup = lookup;
  keika_site_service_find_anime_async (self->site, lookup->anime, g_task_get_cancellable (task),
                                       found_cb, task);
}

/* Rapid edits of one entry (five +1 clicks) are one request carrying the
 * final values: each update row takes the fields of the later update rows of
 * its entry (up to a delete of it), which it then also clears. */
static void
coalesce (PushData *data)
{
  g_autoptr(GPtrArray) rows = g_steal_pointer (&data->items);
  guint n = rows->len;

  data->items = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_journal_item_free);
  data->absorbed = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; i < n; i++)
    {
      KeikaJournalItem *item = rows->pdata[i];
      GArray *absorbed;
      KeikaEntryFields fields;

      if (item == NULL)
        continue;

      absorbed = g_array_new (FALSE, FALSE, sizeof (gint64));
      fields = keika_entry_fields_from_string (item->changed_fields);

      for (guint j = i + 1; item->op == KEIKA_JOURNAL_OP_UPDATE && j < n; j++)
        {
          KeikaJournalItem *later = rows->pdata[j];

          if (later == NULL || later->entry_id != item->entry_id)
            continue;
          if (later->op != KEIKA_JOURNAL_OP_UPDATE)
            break;

          fields |= keika_entry_fields_from_string (later->changed_fields);
          if (later->site_entry_id != NULL)
            {
              g_free (item->site_entry_id);
              item->site_entry_id = g_strdup (later->site_entry_id);
            }
          g_array_append_val (absorbed, later->id);
          keika_journal_item_free (later);
          rows->pdata[j] = NULL;
        }

      if (absorbed->len > 0)
        {
          g_free (item->changed_fields);
          item->changed_fields = keika_entry_fields_to_string (fields);
        }

      g_ptr_array_add (data->items, item);
      g_ptr_array_add (data->absorbed, absorbed);
      rows->pdata[i] = NULL;
    }

  g_ptr_array_set_free_func (rows, NULL);
}

void
keika_sync_engine_push_async (KeikaSyncEngine     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  PushData *data;

  g_return_if_fail (KEIKA_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_sync_engine_push_async);

  data = g_new0 (PushData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) push_data_free);

  data->items = keika_store_list_journal (self->store, keika_profile_get_id (self->profile),
                                          KEIKA_JOURNAL_LIST_PENDING, &error);
  if (data->items == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  coalesce (data);

  find_unmapped (g_steal_pointer (&task));
}

gboolean
keika_sync_engine_push_finish (KeikaSyncEngine  *self,
                               GAsyncResult     *result,
                               guint            *n_pushed,
                               guint            *n_failed,
                               GError          **error)
{
  PushData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (n_pushed != NULL)
    *n_pushed = data->n_pushed;
  if (n_failed != NULL)
    *n_failed = data->n_failed;

  return g_task_propagate_boolean (G_TASK (result), error);
}
