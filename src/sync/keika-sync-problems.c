/* keika-sync-problems.c — what the person sees of failed changes and conflicts
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include <json-glib/json-glib.h>

#include "keika-json-doc.h"
#include "keika-sync-engine-private.h"

KeikaProfile *
keika_sync_engine_get_profile (KeikaSyncEngine *self)
{
  g_return_val_if_fail (KEIKA_IS_SYNC_ENGINE (self), NULL);

  return self->profile;
}

static gint64 *
int64_dup (gint64 value)
{
  return g_memdup2 (&value, sizeof value);
}

GHashTable *
keika_sync_read_problems (KeikaStore  *store,
                          gint64       profile_id,
                          KeikaSite    site_id,
                          GError     **error)
{
  const char *site = keika_site_to_label (site_id);
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  if (!(rows = keika_store_list_journal (store, profile_id, KEIKA_JOURNAL_LIST_FAILED, error)) ||
      !(conflicts = keika_store_list_profile_conflicts (store, 0, profile_id, error)))
    return NULL;

  problems = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < rows->len; i++)
    {
      KeikaJournalItem *item = rows->pdata[i];

      if (!g_hash_table_contains (problems, &item->entry_id))
        g_hash_table_insert (problems, int64_dup (item->entry_id),
                             /* Translators: the first %s is a site, like "MyAnimeList";
                              * the second says why, in a sentence */
                             g_strdup_printf (_("Not sent to %s: %s"), site,
                                              item->last_error != NULL ? item->last_error : ""));
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      KeikaConflict *conflict = conflicts->pdata[i];

      if (conflict->profile_id != profile_id)
        continue;
      if (conflict->remote == NULL)
        g_hash_table_replace (problems, int64_dup (conflict->entry_id),
                              /* Translators: %s is a site, like "MyAnimeList" */
                              g_strdup_printf (_("No longer on your list on %s"), site));
      else if (!g_hash_table_contains (problems, &conflict->entry_id))
        g_hash_table_insert (problems, int64_dup (conflict->entry_id),
                             /* Translators: %s is a site, like "MyAnimeList" */
                             g_strdup_printf (_("Changed here and on %s at the same time"), site));
    }

  return g_steal_pointer (&problems);
}

void
keika_sync_engine_apply_problems (KeikaSyncEngine *self,
                                  GHashTable      *problems)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->flagged);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      KeikaListEntry *entry;

      if (g_hash_table_contains (problems, key))
        continue;
      if ((entry = keika_library_lookup (self->library, *(gint64 *) key)) != NULL)
        keika_list_entry_set_sync_problem (entry, NULL);
      g_hash_table_iter_remove (&iter);
    }

  g_hash_table_iter_init (&iter, problems);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      KeikaListEntry *entry = keika_library_lookup (self->library, *(gint64 *) key);

      if (entry == NULL)
        continue;
      keika_list_entry_set_sync_problem (entry, value);
      if (!g_hash_table_contains (self->flagged, key))
        g_hash_table_add (self->flagged, int64_dup (*(gint64 *) key));
    }
}

void
keika_sync_engine_update_problems (KeikaSyncEngine *self)
{
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KEIKA_IS_SYNC_ENGINE (self));

  problems = keika_sync_read_problems (self->store, keika_profile_get_id (self->profile),
                                       keika_profile_get_site (self->profile), &error);
  if (problems == NULL)
    {
      g_warning ("Could not read the changes that failed to sync: %s", error->message);
      return;
    }
  keika_sync_engine_apply_problems (self, problems);
}

/* The entry's refused rows for this profile. */
static GPtrArray *
list_refused_rows (KeikaSyncEngine  *self,
                   gint64            entry_id,
                   GError          **error)
{
  return keika_store_list_entry_journal (self->store, keika_profile_get_id (self->profile),
                                         entry_id, KEIKA_JOURNAL_LIST_FAILED, error);
}

char *
keika_sync_refused_fields_to_json (GHashTable *fields)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (fields == NULL || g_hash_table_size (fields) == 0)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  for (KeikaEntryFields field = KEIKA_ENTRY_FIELD_STATUS; field < KEIKA_ENTRY_FIELD_ALL; field <<= 1)
    {
      const char *said = g_hash_table_lookup (fields, GUINT_TO_POINTER (field));
      g_autofree char *name = NULL;

      if (said == NULL)
        continue;
      name = keika_entry_fields_to_string (field);
      json_builder_set_member_name (builder, name);
      json_builder_add_string_value (builder, said);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

GHashTable *
keika_sync_engine_dup_refused_fields (KeikaSyncEngine *self,
                                      gint64           entry_id)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) fields = NULL;

  g_return_val_if_fail (KEIKA_IS_SYNC_ENGINE (self), NULL);

  rows = list_refused_rows (self, entry_id, NULL);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const KeikaJournalItem *item = rows->pdata[i];
      g_autoptr(KeikaJsonDoc) doc = NULL;
      const KeikaJsonValue *object;

      if (item->refused_fields == NULL ||
          !(doc = keika_json_doc_parse (item->refused_fields, strlen (item->refused_fields), NULL)))
        continue;
      object = keika_json_doc_get_root (doc);
      for (const KeikaJsonValue *value = keika_json_first (keika_json_is_object (object) ? object : NULL);
           value != NULL; value = keika_json_next (value))
        {
          KeikaEntryFields field = keika_entry_fields_from_string (keika_json_get_name (value));
          const char *said = keika_json_get_string (value);

          if (said == NULL || field == KEIKA_ENTRY_FIELD_NONE)
            continue;
          if (fields == NULL)
            fields = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
          /* The latest refusal of a field is the one that stands. */
          g_hash_table_replace (fields, GUINT_TO_POINTER (field), g_strdup (said));
        }
    }

  return g_steal_pointer (&fields);
}

char *
keika_sync_engine_dup_refusal (KeikaSyncEngine *self,
                               gint64           entry_id)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (KEIKA_IS_SYNC_ENGINE (self), NULL);

  rows = list_refused_rows (self, entry_id, NULL);
  if (rows == NULL || rows->len == 0)
    return NULL;

  return g_strdup (((KeikaJournalItem *) rows->pdata[0])->last_error);
}

GPtrArray *
keika_sync_engine_list_conflicts (KeikaSyncEngine  *self,
                                  gint64            entry_id,
                                  GError          **error)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *mine;

  g_return_val_if_fail (KEIKA_IS_SYNC_ENGINE (self), NULL);

  if (!(all = keika_store_list_conflicts (self->store, entry_id, error)))
    return NULL;

  mine = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_conflict_free);
  for (guint i = 0; i < all->len; i++)
    if (((KeikaConflict *) all->pdata[i])->profile_id == keika_profile_get_id (self->profile))
      g_ptr_array_add (mine, g_steal_pointer (&all->pdata[i]));

  return mine;
}

gboolean
keika_sync_engine_retry_entry (KeikaSyncEngine  *self,
                               gint64            entry_id,
                               GError          **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (KEIKA_IS_SYNC_ENGINE (self), FALSE);

  if (!(rows = list_refused_rows (self, entry_id, error)))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!keika_store_journal_retry (self->store, ((KeikaJournalItem *) rows->pdata[i])->id, error))
      return FALSE;

  keika_sync_engine_update_problems (self);
  return TRUE;
}

gboolean
keika_sync_engine_map_entry (KeikaSyncEngine  *self,
                             gint64            entry_id,
                             gint64            site_anime_id,
                             GError          **error)
{
  KeikaListEntry *live = keika_library_lookup (self->library, entry_id);
  KeikaSite site = keika_profile_get_site (self->profile);
  g_autoptr(KeikaListEntry) entry = NULL;
  KeikaAnime *anime;

  g_return_val_if_fail (KEIKA_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (site_anime_id > 0, FALSE);

  if (!(entry = keika_store_load_entry (self->store, entry_id, error)))
    return FALSE;
  anime = keika_list_entry_get_anime (entry);

  /* Kept, given to the changes waiting for the site, and they go again. */
  if (!keika_store_set_anime_site_id (self->store, keika_anime_get_id (anime), site, site_anime_id,
                                      error))
    return FALSE;
  if (live != NULL)
    keika_anime_set_site_id (keika_list_entry_get_anime (live), site, site_anime_id);

  return keika_sync_engine_retry_entry (self, entry_id, error);
}

gboolean
keika_sync_engine_discard_entry (KeikaSyncEngine  *self,
                                 gint64            entry_id,
                                 GError          **error)
{
  KeikaListEntry *live = keika_library_lookup (self->library, entry_id);
  gint64 profile_id = keika_profile_get_id (self->profile);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(KeikaListEntry) restored = NULL;
  g_autoptr(KeikaRemoteEntry) values = NULL;
  g_autofree char *snapshot = NULL;
  KeikaJournalItem *item;

  g_return_val_if_fail (KEIKA_IS_SYNC_ENGINE (self), FALSE);

  if (!(rows = list_refused_rows (self, entry_id, error)))
    return FALSE;
  if (rows->len == 0)
    return TRUE;
  item = rows->pdata[0];

  snapshot = keika_store_dup_snapshot (self->store, entry_id, profile_id, NULL);
  values = keika_sync_snapshot_parse (snapshot, item->site_anime_id);
  if (values != NULL && live != NULL)
    {
      restored = keika_list_entry_dup (live);
      keika_remote_entry_apply (values, restored, values->known);
      keika_list_entry_touch (restored);
    }

  if (!keika_store_discard_change (self->store, item->id, restored, error))
    return FALSE;
  if (restored != NULL)
    keika_list_entry_assign (live, restored);

  keika_sync_engine_update_problems (self);
  return TRUE;
}

gboolean
keika_sync_engine_unlink_entry (KeikaSyncEngine  *self,
                                gint64            entry_id,
                                GError          **error)
{
  g_return_val_if_fail (KEIKA_IS_SYNC_ENGINE (self), FALSE);

  if (!keika_store_unlink_entry (self->store, entry_id, keika_profile_get_id (self->profile), error))
    return FALSE;

  keika_sync_engine_update_problems (self);
  return TRUE;
}

typedef struct
{
  gint64 entry_id;
  gint64 profile_id;
} AddBack;

static gboolean
add_back_tx (KeikaStore  *store,
             gpointer     user_data,
             GError     **error)
{
  AddBack *add_back = user_data;
  g_autofree char *fields = keika_entry_fields_to_string (KEIKA_ENTRY_FIELD_ALL);

  /* The whole entry goes to the site again (an update adds what is not
   * there); the mark goes with it. */
  return keika_store_clear_conflicts (store, add_back->entry_id, add_back->profile_id, error) &&
         keika_store_journal_update (store, add_back->entry_id, add_back->profile_id, fields, error);
}

gboolean
keika_sync_engine_add_back_entry (KeikaSyncEngine  *self,
                                  gint64            entry_id,
                                  GError          **error)
{
  AddBack add_back = { entry_id, 0 };

  g_return_val_if_fail (KEIKA_IS_SYNC_ENGINE (self), FALSE);

  add_back.profile_id = keika_profile_get_id (self->profile);
  if (!keika_store_run_transaction (self->store, add_back_tx, &add_back, error))
    return FALSE;

  keika_sync_engine_update_problems (self);
  return TRUE;
}

gboolean
keika_sync_engine_dismiss_conflicts (KeikaSyncEngine  *self,
                                     gint64            entry_id,
                                     GError          **error)
{
  g_return_val_if_fail (KEIKA_IS_SYNC_ENGINE (self), FALSE);

  if (!keika_store_clear_conflicts (self->store, entry_id, keika_profile_get_id (self->profile),
                                    error))
    return FALSE;

  keika_sync_engine_update_problems (self);
  return TRUE;
}
