/* keika-sync-engine.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSync"

#include "config.h"

#include <string.h>

#include "keika-json-doc.h"
#include "keika-net.h"
#include "keika-sync-engine-private.h"

G_DEFINE_FINAL_TYPE (KeikaSyncEngine, keika_sync_engine, G_TYPE_OBJECT)

enum { PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
keika_sync_engine_dispose (GObject *object)
{
  KeikaSyncEngine *self = KEIKA_SYNC_ENGINE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_object (&self->profile);
  g_clear_object (&self->site);
  g_clear_pointer (&self->flagged, g_hash_table_unref);

  G_OBJECT_CLASS (keika_sync_engine_parent_class)->dispose (object);
}

static void
keika_sync_engine_class_init (KeikaSyncEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = keika_sync_engine_dispose;

  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                    G_TYPE_UINT, G_TYPE_UINT);
}

static void
keika_sync_engine_init (KeikaSyncEngine *self)
{
  self->flagged = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

KeikaSyncEngine *
keika_sync_engine_new (KeikaStore       *store,
                       KeikaLibrary     *library,
                       KeikaProfile     *profile,
                       KeikaSiteService *site)
{
  KeikaSyncEngine *self;

  g_return_val_if_fail (KEIKA_IS_STORE (store), NULL);
  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (KEIKA_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (KEIKA_IS_SITE_SERVICE (site), NULL);

  self = g_object_new (KEIKA_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->library = g_object_ref (library);
  self->profile = g_object_ref (profile);
  self->site = g_object_ref (site);

  return self;
}

/* Fields and snapshots */

static gboolean
str_same (const char *a,
          const char *b)
{
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") == 0;
}

static gboolean
strv_same (char * const *a,
           char * const *b)
{
  guint na = a != NULL ? g_strv_length ((char **) a) : 0;
  guint nb = b != NULL ? g_strv_length ((char **) b) : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (!g_str_equal (a[i], b[i]))
      return FALSE;
  return TRUE;
}

KeikaEntryFields
keika_sync_fields_differ (const KeikaRemoteEntry *a,
                          const KeikaRemoteEntry *b)
{
  KeikaEntryFields both = a->known & b->known;
  KeikaEntryFields diff = 0;

#define DIFF(flag, cond) if ((both & (flag)) && (cond)) diff |= (flag)
  DIFF (KEIKA_ENTRY_FIELD_STATUS, a->status != b->status);
  DIFF (KEIKA_ENTRY_FIELD_SCORE, a->score != b->score);
  DIFF (KEIKA_ENTRY_FIELD_PROGRESS, a->progress != b->progress);
  DIFF (KEIKA_ENTRY_FIELD_REWATCHING, !a->rewatching != !b->rewatching);
  DIFF (KEIKA_ENTRY_FIELD_REWATCH_COUNT, a->rewatch_count != b->rewatch_count);
  DIFF (KEIKA_ENTRY_FIELD_START_DATE, !str_same (a->start_date, b->start_date));
  DIFF (KEIKA_ENTRY_FIELD_FINISH_DATE, !str_same (a->finish_date, b->finish_date));
  DIFF (KEIKA_ENTRY_FIELD_NOTES, !str_same (a->notes, b->notes));
  DIFF (KEIKA_ENTRY_FIELD_TAGS, !strv_same (a->tags, b->tags));
  DIFF (KEIKA_ENTRY_FIELD_PRIORITY, a->priority != b->priority);
  DIFF (KEIKA_ENTRY_FIELD_PRIVATE, !a->private_ != !b->private_);
  DIFF (KEIKA_ENTRY_FIELD_FAVOURITE, !a->favourite != !b->favourite);
#undef DIFF

  return diff;
}

/* Snapshots are written by hand: a pull writes ten thousand of them, and
 * a builder's tree of nodes for each cost more than the rest of the
 * snapshot. keika-json-doc reads them back. */
static void
append_json_string (GString    *out,
                    const char *value)
{
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
append_string (GString    *out,
               const char *name,
               const char *value)
{
  g_string_append_printf (out, ",\"%s\":", name);
  append_json_string (out, value);
}

char *
keika_sync_snapshot_to_json (const KeikaRemoteEntry *values)
{
  GString *out = g_string_sized_new (160);
  KeikaEntryFields k = values->known;

  g_string_append_printf (out, "{\"known\":%u", (guint) k);
  if (k & KEIKA_ENTRY_FIELD_STATUS)
    append_string (out, "status", keika_status_to_string (values->status));
#define INT(flag, name, value) \
  if (k & (flag)) g_string_append_printf (out, ",\"" name "\":%" G_GINT64_FORMAT, (gint64) (value))
  INT (KEIKA_ENTRY_FIELD_SCORE, "score", values->score);
  INT (KEIKA_ENTRY_FIELD_PROGRESS, "progress", values->progress);
  INT (KEIKA_ENTRY_FIELD_REWATCHING, "rewatching", values->rewatching ? 1 : 0);
  INT (KEIKA_ENTRY_FIELD_REWATCH_COUNT, "rewatch-count", values->rewatch_count);
  INT (KEIKA_ENTRY_FIELD_PRIORITY, "priority", values->priority);
  INT (KEIKA_ENTRY_FIELD_PRIVATE, "private", values->private_ ? 1 : 0);
  INT (KEIKA_ENTRY_FIELD_FAVOURITE, "favourite", values->favourite ? 1 : 0);
#undef INT
  if (k & KEIKA_ENTRY_FIELD_START_DATE)
    append_string (out, "start-date", values->start_date);
  if (k & KEIKA_ENTRY_FIELD_FINISH_DATE)
    append_string (out, "finish-date", values->finish_date);
  if (k & KEIKA_ENTRY_FIELD_NOTES)
    append_string (out, "notes", values->notes);
  if (k & KEIKA_ENTRY_FIELD_TAGS)
    {
      g_string_append (out, ",\"tags\":[");
      for (guint i = 0; values->tags != NULL && values->tags[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_json_string (out, values->tags[i]);
        }
      g_string_append_c (out, ']');
    }
  g_string_append_printf (out, ",\"updated-at\":%" G_GINT64_FORMAT "}", values->updated_at);

  return g_string_free (out, FALSE);
}

KeikaRemoteEntry *
keika_sync_snapshot_parse (const char *json,
                           gint64      anime_id)
{
  g_autoptr(KeikaJsonDoc) doc = NULL;
  const KeikaJsonValue *object, *tags;
  KeikaRemoteEntry *values;
  const char *status;
  double number;

  if (json == NULL || !(doc = keika_json_doc_parse (json, strlen (json), NULL)) ||
      !keika_json_is_object ((object = keika_json_doc_get_root (doc))))
    return NULL;

#define NUMBER(name) \
  (keika_json_get_number (keika_json_get_member (object, name), &number) ? (gint64) number : 0)
#define TEXT(name) g_strdup (keika_json_get_string (keika_json_get_member (object, name)))
  values = keika_remote_entry_new (anime_id);
  values->known = NUMBER ("known") & KEIKA_ENTRY_FIELD_ALL;
  status = keika_json_get_string (keika_json_get_member (object, "status"));
  if (status == NULL || !keika_status_from_string (status, &values->status))
    values->known &= ~KEIKA_ENTRY_FIELD_STATUS;
  values->score = NUMBER ("score");
  values->progress = NUMBER ("progress");
  values->rewatching = NUMBER ("rewatching") != 0;
  values->rewatch_count = NUMBER ("rewatch-count");
  values->priority = NUMBER ("priority");
  values->private_ = NUMBER ("private") != 0;
  values->favourite = NUMBER ("favourite") != 0;
  values->start_date = TEXT ("start-date");
  values->finish_date = TEXT ("finish-date");
  values->notes = TEXT ("notes");
  if (keika_json_is_array ((tags = keika_json_get_member (object, "tags"))))
    {
      guint n = 0;

      values->tags = g_new0 (char *, keika_json_get_length (tags) + 1);
      for (const KeikaJsonValue *tag = keika_json_first (tags); tag != NULL;
           tag = keika_json_next (tag))
        if (keika_json_get_string (tag) != NULL)
          values->tags[n++] = g_strdup (keika_json_get_string (tag));
    }
  values->updated_at = NUMBER ("updated-at");
#undef NUMBER
#undef TEXT

  return values;
}



static char *
site_entry_id_string (const KeikaRemoteEntry *remote)
{
  return remote->entry_id != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, remote->entry_id) : NULL;
}

void
keika_sync_engine_emit_progress (KeikaSyncEngine *self,
                                 guint            done,
                                 guint            total)
{
  g_signal_emit (self, signals[PROGRESS], 0, done, total);
}

/* Pull and merge */

/* Up to this many entries read, their links are looked up one by one. */
#define FEW_CHANGES 100

typedef struct
{
  /* In */
  char       *path;
  gint64      profile_id;
  KeikaSite   site;
  GPtrArray  *remote;       /* (element-type KeikaRemoteEntry) */
  gboolean    see_deletes;  /* a complete full pull */
  gint64      started;
  KeikaSyncPrepare *prepare;  /* (owned) (nullable) a full pull's pages, made ready meanwhile */

  /* Worker-side */
  KeikaStore *store;        /* (owned) the worker's own connection */
  GCancellable *cancellable;
  KeikaSyncMatcher *matcher;  /* (owned) for the merge */

  /* Out, for the main thread */
  GPtrArray  *added;        /* (element-type KeikaListEntry) */
  GPtrArray  *updated;      /* (element-type KeikaListEntry) copies with their ids */
  guint       n_conflicts;
  GHashTable *problems;     /* (owned) (nullable) read by the worker when there are conflicts */
} PullData;

static void
pull_data_free (PullData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->prepare, keika_sync_prepare_free);
  g_clear_pointer (&data->remote, g_ptr_array_unref);
  g_clear_object (&data->store);
  g_clear_pointer (&data->matcher, keika_sync_matcher_free);
  g_clear_pointer (&data->added, g_ptr_array_unref);
  g_clear_pointer (&data->updated, g_ptr_array_unref);
  g_clear_pointer (&data->problems, g_hash_table_unref);
  g_free (data);
}

static gboolean
add_conflict (PullData               *data,
              gint64                  entry_id,
              const KeikaRemoteEntry *local,
              const KeikaRemoteEntry *remote,
              gboolean                remote_won,
              GError                **error)
{
  g_autofree char *local_json = keika_sync_snapshot_to_json (local);
  g_autofree char *remote_json = keika_sync_snapshot_to_json (remote);

  data->n_conflicts++;
  return keika_store_add_conflict (data->store, entry_id, data->profile_id, local_json,
                                   remote_json, remote_won, error);
}

/* The site holds @fields as the library does (its newer values won them,
 * or they were the same): the local change of those fields waiting to be
 * sent to this site is dropped, so that the site's own values are never
 * sent back to it (it would only move its updated_at). What else the rows
 * hold is still sent. */
static gboolean
drop_pending_fields (PullData          *data,
                     gint64             entry_id,
                     KeikaEntryFields   fields,
                     GError           **error)
{
  g_autoptr(GPtrArray) rows = keika_store_list_entry_journal (data->store, data->profile_id,
                                                              entry_id, KEIKA_JOURNAL_LIST_ALL,
                                                              error);

  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      KeikaJournalItem *item = g_ptr_array_index (rows, i);
      KeikaEntryFields changed;
      g_autofree char *names = NULL;

      if (item->entry_id != entry_id || item->op != KEIKA_JOURNAL_OP_UPDATE)
        continue;

      changed = keika_entry_fields_from_string (item->changed_fields);
      if ((changed & fields) == 0)
        continue;

      names = keika_entry_fields_to_string (changed & ~fields);
      if (!keika_store_journal_set_fields (data->store, item->id, names, error))
        return FALSE;
    }

  return TRUE;
}

/* What a site says of the anime that the library keeps beside its own: the
 * anime's ids (this site's, and the others it gives where the library has
 * none) and the episode count, the highest any site reports (an ongoing
 * show, or a stale count on one site, never cuts a progress). Sets them on
 * @local's anime; whether anything changed. */
static gboolean
adopt_anime_facts (PullData               *data,
                   KeikaListEntry         *local,
                   const KeikaRemoteEntry *remote)
{
  KeikaAnime *anime = keika_list_entry_get_anime (local);
  gboolean changed = FALSE;

  for (guint site = 0; site < G_N_ELEMENTS (remote->site_ids); site++)
    {
      gint64 id = site == data->site ? remote->anime_id : remote->site_ids[site];

      if (id > 0 && keika_anime_get_site_id (anime, site) == 0)
        {
          keika_anime_set_site_id (anime, site, id);
          keika_sync_matcher_add (data->matcher, site, id, keika_list_entry_get_id (local));
          changed = TRUE;
        }
    }
  if (remote->episodes > keika_anime_get_episodes (anime))
    {
      keika_anime_set_episodes (anime, remote->episodes);
      changed = TRUE;
    }

  return changed;
}

/* Merges one remote entry of a linked local entry, and with @adopt the
 * facts of its anime. @base may be NULL (never synced): then every
 * difference counts as changed on both sides. What the
 * site says is kept as it says it ("watching 12 / 12" stays so): the rules
 * of an edit are for edits a person makes, and a value they made here would
 * differ from the site's and be mirrored to the other sites. */
static gboolean
merge_linked (PullData               *data,
              gint64                  entry_id,
              const char             *site_entry_id,
              const KeikaRemoteEntry *site_values,
              gboolean                adopt,
              const char             *snapshot,
              guint                   n_pending,
              gint64                  last_change,
              const char             *prepared_json,
              GError                **error)
{
  const KeikaRemoteEntry *remote = site_values;
  g_autoptr(KeikaRemoteEntry) base = keika_sync_snapshot_parse (snapshot, remote->anime_id);
  g_autoptr(KeikaListEntry) local = NULL;
  g_autoptr(KeikaRemoteEntry) local_values = NULL;
  g_autofree char *remote_json = NULL;
  KeikaEntryFields remote_changed, local_changed, both, apply, differ, in_step;
  KeikaEntryFields agree = 0, take = 0, fill = 0;
  gboolean anime_changed;

  /* Nothing new on the site since the snapshot: the common case of an
   * incremental pull, answered without touching the entry. */
  if (!adopt && base != NULL && keika_sync_fields_differ (remote, base) == 0 &&
      (remote->known & ~base->known) == 0)
    return TRUE;

  if (!(local = keika_store_load_entry (data->store, entry_id, error)))
    return FALSE;
  /* The anime's ids on the sites, and the highest episode count any gives. */
  anime_changed = adopt && adopt_anime_facts (data, local, remote);
  local_values = keika_remote_entry_new_from_list_entry (local, data->site);

  differ = keika_sync_fields_differ (remote, local_values);
  if (base != NULL)
    {
      remote_changed = keika_sync_fields_differ (remote, base);
      local_changed = keika_sync_fields_differ (local_values, base);
    }
  else
    {
      /* A first link: the same list as each site keeps it is no conflict. */
      agree = keika_sync_first_link_agree (local_values, remote, differ, &take, &fill);
      remote_changed = local_changed = differ & ~agree;
    }

  both = remote_changed & local_changed & differ;
  apply = (remote_changed & ~local_changed) | take;

  if (both != 0)
    {
      g_autofree char *both_names = keika_entry_fields_to_string (both);
      gboolean remote_won = remote->updated_at >= MAX (last_change, keika_list_entry_get_updated_at (local));

      g_debug ("Entry %" G_GINT64_FORMAT ": %s changed here and on the site%s (%s)", entry_id,
               both_names, base == NULL ? " (first link)" : "",
               remote_won ? "the site's is newer" : "this one is newer");
      if (!add_conflict (data, entry_id, local_values, site_values, remote_won, error))
        return FALSE;
      if (remote_won)
        apply |= both;
      else if (n_pending == 0)
        {
          g_autofree char *names = keika_entry_fields_to_string (both);

          if (!keika_store_journal_update (data->store, entry_id, data->profile_id, names, error))
            return FALSE;
        }
    }

  /* What the site holds as the library will is not sent to it: the values
   * it won, the ones that were the same, and the ones it keeps as it can
   * (never its own values sent back, which would only move its
   * updated_at; nor a first link's whole list sent again). */
  in_step = remote->known & local_values->known & ~(differ & ~apply & ~(agree & ~fill));
  if (n_pending > 0 && in_step != 0 && !drop_pending_fields (data, entry_id, in_step, error))
    return FALSE;
  /* What the site has none of, and no change waits to send. */
  if (n_pending == 0 && fill != 0)
    {
      g_autofree char *names = keika_entry_fields_to_string (fill);

      if (!keika_store_journal_update (data->store, entry_id, data->profile_id, names, error))
        return FALSE;
    }

  if (apply != 0)
    {
      keika_remote_entry_apply (site_values, local, apply);
      if (remote->updated_at > keika_list_entry_get_updated_at (local))
        keika_list_entry_set_updated_at (local, remote->updated_at);
    }
  if (apply != 0 || anime_changed)
    {
      if (!keika_store_save_entry_from_site (data->store, local, data->profile_id, error))
        return FALSE;
      g_ptr_array_add (data->updated, g_object_ref (local));
    }

  if (prepared_json == NULL)
    prepared_json = remote_json = keika_sync_snapshot_to_json (remote);
  return keika_store_set_link (data->store, entry_id, data->profile_id, site_entry_id,
                               prepared_json, data->started, error);
}



static gboolean
merge_tx (KeikaStore  *store,
          gpointer     user_data,
          GError     **error)
{
  PullData *data = user_data;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GHashTable) by_anime = NULL;
  g_autoptr(GHashTable) by_entry = NULL;
  g_autoptr(GHashTable) kept_off = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gboolean whole = data->see_deletes || data->remote->len > FEW_CHANGES;

  /* A whole list is matched in memory: every link, every site id and what
   * is kept off read at once. A few changes are looked up one by one (a
   * pull of changes reads 25 entries; the library may have 10,000). */
  g_clear_pointer (&data->matcher, keika_sync_matcher_free);
  data->matcher = keika_sync_matcher_new (store, data->site, whole);
  links = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_link_info_free);
  if (whole)
    {
      g_autoptr(GArray) unmirrored = NULL;

      g_clear_pointer (&links, g_ptr_array_unref);
      if (!(links = keika_store_list_links (store, data->profile_id, error)) ||
          !(unmirrored = keika_store_list_unmirrored (store, data->profile_id, error)))
        return FALSE;
      by_anime = g_hash_table_new (g_int64_hash, g_int64_equal);
      by_entry = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < links->len; i++)
        {
          KeikaLinkInfo *info = links->pdata[i];

          if (info->site_anime_id != 0)
            g_hash_table_insert (by_anime, &info->site_anime_id, info);
          g_hash_table_insert (by_entry, &info->entry_id, info);
        }
      kept_off = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < unmirrored->len; i++)
        g_hash_table_add (kept_off, g_memdup2 (&g_array_index (unmirrored, gint64, i),
                                               sizeof (gint64)));
    }

  for (guint i = 0; i < data->remote->len; i++)
    {
      KeikaRemoteEntry *remote = data->remote->pdata[i];
      const char *prepared_json = data->prepare != NULL
                                    ? keika_sync_prepare_get_snapshot (data->prepare, i) : NULL;
      g_autofree char *site_entry_id = site_entry_id_string (remote);
      g_autoptr(KeikaLinkInfo) own_link = NULL;
      KeikaLinkInfo *info, *link;
      gboolean off;
      gint64 entry_id;

      if (g_cancellable_set_error_if_cancelled (data->cancellable, error))
        return FALSE;

      if (by_anime != NULL)
        {
          info = g_hash_table_lookup (by_anime, &remote->anime_id);
        }
      else
        {
          info = keika_store_get_link (store, data->profile_id, data->site, remote->anime_id,
                                       error);
          if (error != NULL && *error != NULL)
            return FALSE;
          if (info != NULL)
            g_ptr_array_add (links, info);
        }

      if (info != NULL)
        {
          g_hash_table_add (seen, g_memdup2 (&info->entry_id, sizeof info->entry_id));
          /* An ongoing show: the highest count any site gives is kept. */
          if (!merge_linked (data, info->entry_id, site_entry_id, remote,
                             remote->episodes > info->episodes, info->snapshot, info->n_pending,
                             info->last_change, prepared_json, error))
            return FALSE;
          continue;
        }

      entry_id = keika_sync_matcher_find (data->matcher, remote, error);
      if (entry_id < 0)
        return FALSE;

      if (entry_id == 0)
        {
          g_autoptr(KeikaListEntry) entry = NULL;
          g_autofree char *snapshot = NULL;

          if (data->prepare == NULL || !(entry = keika_sync_prepare_take_entry (data->prepare, i)))
            entry = keika_remote_entry_to_list_entry (remote, data->site);
          if (prepared_json == NULL)
            prepared_json = snapshot = keika_sync_snapshot_to_json (remote);

          /* New here: kept, and mirrored to the other profiles. */
          if (!keika_store_add_entry_from_site (store, entry, data->profile_id, error) ||
              !keika_store_set_link (store, keika_list_entry_get_id (entry), data->profile_id,
                                     site_entry_id, prepared_json, data->started, error))
            return FALSE;
          entry_id = keika_list_entry_get_id (entry);
          keika_sync_matcher_add (data->matcher, data->site, remote->anime_id, entry_id);
          for (guint site = 0; site < G_N_ELEMENTS (remote->site_ids); site++)
            keika_sync_matcher_add (data->matcher, site, remote->site_ids[site], entry_id);
          g_ptr_array_add (data->added, g_steal_pointer (&entry));
          continue;
        }

      /* The person keeps this entry off the profile. */
      off = kept_off != NULL ? g_hash_table_contains (kept_off, &entry_id)
                             : keika_store_is_unmirrored (store, entry_id, data->profile_id, error);
      if (error != NULL && *error != NULL)
        return FALSE;
      if (off)
        continue;

      /* In the library but not linked to this site's anime yet (it may be
       * linked already, by the entry's mirror, with its changes waiting):
       * linked now, merged with no base. */
      if (by_entry != NULL)
        link = g_hash_table_lookup (by_entry, &entry_id);
      else if ((link = own_link = keika_store_get_entry_link (store, data->profile_id, entry_id,
                                                              error)) == NULL &&
               error != NULL && *error != NULL)
        return FALSE;
      g_hash_table_add (seen, g_memdup2 (&entry_id, sizeof entry_id));
      if ((link == NULL &&
           !keika_store_set_link (store, entry_id, data->profile_id, site_entry_id, NULL, 0, error)) ||
          !merge_linked (data, entry_id, site_entry_id, remote, TRUE, NULL,
                         link != NULL ? link->n_pending : 0,
                         link != NULL ? link->last_change : 0, prepared_json, error))
        return FALSE;
    }

  /* Back on the site after it was marked gone: the mark goes. */
  {
    g_autoptr(GArray) gone = keika_store_list_gone_marks (store, data->profile_id, error);

    if (gone == NULL)
      return FALSE;
    for (guint i = 0; i < gone->len; i++)
      {
        gint64 entry_id = g_array_index (gone, gint64, i);

        if (!g_hash_table_contains (seen, &entry_id))
          continue;
        if (!keika_store_clear_gone_mark (store, entry_id, data->profile_id, error))
          return FALSE;
        data->n_conflicts++;  /* the problems shown change */
      }
  }

  /* Gone from the site (and not changed here since, which the next push
   * sends back): nothing is deleted here on the spot. The entry is marked,
   * and the person chooses: remove it here too, add it back there, or keep
   * it only here. */
  if (data->see_deletes)
    {
      for (guint i = 0; i < links->len; i++)
        {
          KeikaLinkInfo *info = links->pdata[i];
          g_autoptr(KeikaListEntry) local = NULL;
          g_autoptr(KeikaRemoteEntry) local_values = NULL;
          g_autoptr(KeikaRemoteEntry) base = NULL;
          g_autoptr(GPtrArray) conflicts = NULL;
          g_autofree char *local_json = NULL;
          gboolean marked = FALSE;

          if (g_hash_table_contains (seen, &info->entry_id) || info->n_pending > 0)
            continue;

          if (!(local = keika_store_load_entry (store, info->entry_id, error)))
            return FALSE;
          local_values = keika_remote_entry_new_from_list_entry (local, data->site);
          base = keika_sync_snapshot_parse (info->snapshot, info->site_anime_id);
          if (base != NULL && keika_sync_fields_differ (local_values, base) != 0)
            continue;

          if (!(conflicts = keika_store_list_conflicts (store, info->entry_id, error)))
            return FALSE;
          for (guint j = 0; j < conflicts->len; j++)
            {
              KeikaConflict *conflict = conflicts->pdata[j];

              marked |= conflict->profile_id == data->profile_id && conflict->remote == NULL;
            }
          if (marked)
            continue;

          local_json = keika_sync_snapshot_to_json (local_values);
          data->n_conflicts++;
          if (!keika_store_add_conflict (store, info->entry_id, data->profile_id, local_json,
                                         NULL, FALSE, error))
            return FALSE;
        }
    }

  if (g_cancellable_set_error_if_cancelled (data->cancellable, error))
    return FALSE;

  /* One library everywhere: after a whole list was read, what the library
   * has and the profile does not goes to the profile (when it takes the
   * changes), and what the site has that the library lacks came in above. */
  if (data->see_deletes && !keika_store_mirror (store, data->profile_id, error))
    return FALSE;

  return keika_store_set_profile_synced_at (store, data->profile_id, data->started,
                                            data->see_deletes, error);
}

static void
merge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PullData *data = task_data;
  g_autoptr(GError) error = NULL;
  KeikaStore *store = NULL;

  data->cancellable = cancellable;
  /* The pages made ready while the network was waited for. */
  if (data->prepare != NULL)
    keika_sync_prepare_wait (data->prepare);
  data->store = keika_store_open (data->path, &error);
  if (data->store != NULL)
    keika_store_begin_bulk (data->store);
  if (data->store == NULL ||
      !keika_store_run_transaction (data->store, merge_tx, data, &error))
    {
      /* Rolled back: the objects made for it name rows that do not exist. */
      g_ptr_array_set_size (data->added, 0);
      g_ptr_array_set_size (data->updated, 0);
      store = g_steal_pointer (&data->store);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    {
      /* What the entries then say, read here rather than on the main
       * thread (thousands of conflicts on a first link). */
      if (data->n_conflicts > 0)
        data->problems = keika_sync_read_problems (data->store, data->profile_id, data->site, NULL);
      store = g_steal_pointer (&data->store);
      g_task_return_boolean (task, TRUE);
    }

  /* Closed off the way of the result: closing copies the log into the
   * database, and the task completes only when this function returns. */
  if (store != NULL)
    keika_store_close_in_background (store);
}

static void
merged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeikaSyncEngine *self = g_task_get_source_object (task);
  PullData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The live library, in one batch. */
  fresh = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < data->added->len; i++)
    {
      KeikaListEntry *entry = data->added->pdata[i];

      if (keika_library_lookup (self->library, keika_list_entry_get_id (entry)) == NULL)
        g_ptr_array_add (fresh, g_object_ref (entry));
    }
  if (fresh->len > 0)
    keika_library_append_many (self->library, fresh);
  for (guint i = 0; i < data->updated->len; i++)
    {
      KeikaListEntry *entry = data->updated->pdata[i];
      KeikaListEntry *live = keika_library_lookup (self->library, keika_list_entry_get_id (entry));

      if (live != NULL)
        keika_list_entry_assign (live, entry);
      else
        keika_library_append (self->library, entry);
    }
  keika_profile_set_synced_at (self->profile, data->started);
  if (data->see_deletes)
    keika_profile_set_full_synced_at (self->profile, data->started);
  if (data->problems != NULL)
    keika_sync_engine_apply_problems (self, data->problems);
  else if (data->n_conflicts > 0)
    keika_sync_engine_update_problems (self);
  g_debug ("Pull merged: %u added, %u updated, %u conflicts or gone from the site",
           data->added->len, data->updated->len, data->n_conflicts);
  g_signal_emit (self, signals[PROGRESS], 0, data->remote->len, data->remote->len);

  g_task_return_boolean (task, TRUE);
}

static gboolean
page_cb (KeikaSiteService *service,
         GPtrArray        *entries,
         gpointer          user_data)
{
  GTask *task = user_data;
  KeikaSyncEngine *self = g_task_get_source_object (task);
  PullData *data = g_task_get_task_data (task);

  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (data->remote, keika_remote_entry_ref (entries->pdata[i]));
  if (data->prepare != NULL)
    keika_sync_prepare_add_page (data->prepare, entries);
  g_signal_emit (self, signals[PROGRESS], 0, data->remote->len, 0);

  return TRUE;
}

static void
pulled_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GTask) merge = NULL;
  g_autoptr(GError) error = NULL;
  PullData *data = g_task_get_task_data (task);
  gboolean complete = FALSE;

  if (!keika_site_service_pull_finish (KEIKA_SITE_SERVICE (source), result, &complete, &error) ||
      g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      /* Nothing was written: the pages are dropped. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->see_deletes = data->see_deletes && complete;

  merge = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                      merged_cb, g_object_ref (task));
  g_task_set_source_tag (merge, merge_thread);
  g_task_set_task_data (merge, data, NULL);
  g_task_run_in_thread (merge, merge_thread);
}

void
keika_sync_engine_pull_async (KeikaSyncEngine     *self,
                              gboolean             full,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PullData *data;
  gint64 since;

  g_return_if_fail (KEIKA_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_sync_engine_pull_async);

  data = g_new0 (PullData, 1);
  data->path = g_strdup (keika_store_get_path (self->store));
  data->profile_id = keika_profile_get_id (self->profile);
  data->site = keika_site_service_get_site (self->site);
  data->remote = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_remote_entry_unref);
  data->added = g_ptr_array_new_with_free_func (g_object_unref);
  data->updated = g_ptr_array_new_with_free_func (g_object_unref);
  data->started = keika_sync_now_seconds ();
  since = full ? 0 : keika_profile_get_synced_at (self->profile);
  data->see_deletes = since == 0;
  /* A whole list's pages are made ready for the merge while the next one
   * comes; a pull of the changes is too short to gain from it. */
  if (since == 0)
    data->prepare = keika_sync_prepare_new (data->path, data->site);
  g_task_set_task_data (task, data, (GDestroyNotify) pull_data_free);

  keika_site_service_pull_async (self->site, NULL, since, page_cb, g_object_ref (task),
                                 g_object_unref, cancellable, pulled_cb, g_object_ref (task));
}

gboolean
keika_sync_engine_pull_finish (KeikaSyncEngine  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
