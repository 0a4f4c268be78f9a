/* keika-store-entries.c — loading and writing entries and their anime
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaStore"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "keika-anime.h"
#include "keika-store-private.h"

#define LIST_SEPARATOR '\x1f'

/* The sites that number anime, in the order of the anime table's columns. */
static const KeikaSite anime_id_sites[] = {
  KEIKA_SITE_MAL,
  KEIKA_SITE_ANILIST,
  KEIKA_SITE_KITSU,
  KEIKA_SITE_ANITRACK,
};

/* String lists */

/* (transfer full) (nullable) */
static char *
join_list (const char * const *list)
{
  GString *str;

  if (list == NULL || list[0] == NULL)
    return NULL;

  str = g_string_new (NULL);
  for (guint i = 0; list[i] != NULL; i++)
    {
      gsize start;

      if (i > 0)
        g_string_append_c (str, LIST_SEPARATOR);
      start = str->len;
      g_string_append (str, list[i]);
      for (gsize j = start; j < str->len; j++)
        if (str->str[j] == LIST_SEPARATOR)
          str->str[j] = ' ';
    }

  return g_string_free (str, FALSE);
}

/* Scratch space reused for every row of a load. */
typedef struct
{
  GString   *buffer;
  GPtrArray *items;
} ListScratch;

/* Splits @text into @scratch; the result lives until the next call.
 * (transfer none) (nullable) */
static const char * const *
split_list (ListScratch *scratch,
            const char  *text,
            int          len)
{
  char *p;
  char *end;

  if (text == NULL)
    return NULL;

  g_string_truncate (scratch->buffer, 0);
  g_string_append_len (scratch->buffer, text, len);
  g_ptr_array_set_size (scratch->items, 0);

  p = scratch->buffer->str;
  end = p + scratch->buffer->len;
  g_ptr_array_add (scratch->items, p);
  for (; p < end; p++)
    {
      if (*p == LIST_SEPARATOR)
        {
          *p = '\0';
          g_ptr_array_add (scratch->items, p + 1);
        }
    }
  g_ptr_array_add (scratch->items, NULL);

  return (const char * const *) scratch->items->pdata;
}

/* Loading */

/* Column indexes of STMT_LOAD_ENTRIES. */
enum {
  LOAD_ENTRY_ID,
  LOAD_STATUS,
  LOAD_SCORE,
  LOAD_PROGRESS,
  LOAD_REWATCHING,
  LOAD_REWATCH_COUNT,
  LOAD_START_DATE,
  LOAD_FINISH_DATE,
  LOAD_NOTES,
  LOAD_TAGS,
  LOAD_PRIVATE,
  LOAD_FAVOURITE,
  LOAD_UPDATED_AT,
  LOAD_ANIME_ID,
  LOAD_TITLE_ROMAJI,
  LOAD_TITLE_ENGLISH,
  LOAD_TITLE_NATIVE,
  LOAD_SYNONYMS,
  LOAD_MAL_ID,
  LOAD_ANILIST_ID,
  LOAD_KITSU_ID,
  LOAD_ANITRACK_ID,
  LOAD_FORMAT,
  LOAD_EPISODES,
  LOAD_AIRING_STATUS,
  LOAD_SEASON,
  LOAD_SEASON_YEAR,
  LOAD_COVER_URL,
  LOAD_GENRES,
  LOAD_ADULT,
};

static const char * const *
column_list (sqlite3_stmt *stmt,
             int           column,
             ListScratch  *scratch)
{
  return split_list (scratch, store_column_text (stmt, column),
                     sqlite3_column_bytes (stmt, column));
}

/* Builds the objects of one row. No one holds them yet, so no one is
 * notified of the fields being set. The entry's fields are set while the
 * anime's episode count is still unknown, so that the model's rules
 * (clamping, completing) do not rewrite what was stored. */
static KeikaListEntry *
entry_from_row (sqlite3_stmt *stmt,
                ListScratch  *scratch)
{
  g_autoptr(KeikaAnime) anime = NULL;
  KeikaListEntry *entry;
  KeikaStatus status = KEIKA_STATUS_WATCHING;
  KeikaFormat format = KEIKA_FORMAT_UNKNOWN;
  KeikaAiringStatus airing_status;
  KeikaSeason season;

  anime = keika_anime_new (store_column_text (stmt, LOAD_TITLE_ROMAJI));
  keika_anime_set_id (anime, sqlite3_column_int64 (stmt, LOAD_ANIME_ID));
  keika_anime_set_title_english (anime, store_column_text (stmt, LOAD_TITLE_ENGLISH));
  keika_anime_set_title_native (anime, store_column_text (stmt, LOAD_TITLE_NATIVE));
  keika_anime_set_synonyms (anime, column_list (stmt, LOAD_SYNONYMS, scratch));
  for (guint i = 0; i < G_N_ELEMENTS (anime_id_sites); i++)
    {
      gint64 site_id = sqlite3_column_int64 (stmt, LOAD_MAL_ID + i);

      if (site_id != 0)
        keika_anime_set_site_id (anime, anime_id_sites[i], site_id);
    }
  if (keika_format_from_string (store_column_text (stmt, LOAD_FORMAT), &format))
    keika_anime_set_format (anime, format);
  if (keika_airing_status_from_string (store_column_text (stmt, LOAD_AIRING_STATUS), &airing_status))
    keika_anime_set_airing_status (anime, airing_status);
  if (keika_season_from_string (store_column_text (stmt, LOAD_SEASON), &season))
    keika_anime_set_season (anime, season);
  keika_anime_set_season_year (anime, sqlite3_column_int (stmt, LOAD_SEASON_YEAR));
  keika_anime_set_cover_url (anime, store_column_text (stmt, LOAD_COVER_URL));
  keika_anime_set_genres (anime, column_list (stmt, LOAD_GENRES, scratch));
  keika_anime_set_adult (anime, sqlite3_column_int (stmt, LOAD_ADULT) != 0);

  entry = keika_list_entry_new (anime);
  keika_list_entry_set_id (entry, sqlite3_column_int64 (stmt, LOAD_ENTRY_ID));
  if (keika_status_from_string (store_column_text (stmt, LOAD_STATUS), &status))
    keika_list_entry_set_given_status (entry, status);
  keika_list_entry_set_score (entry, sqlite3_column_int (stmt, LOAD_SCORE));
  keika_list_entry_set_given_progress (entry, CLAMP (sqlite3_column_int64 (stmt, LOAD_PROGRESS),
                                                     0, G_MAXUINT));
  keika_list_entry_set_rewatch_count (entry, sqlite3_column_int64 (stmt, LOAD_REWATCH_COUNT));
  keika_list_entry_set_rewatching (entry, sqlite3_column_int (stmt, LOAD_REWATCHING) != 0);
  keika_list_entry_set_start_date (entry, store_column_text (stmt, LOAD_START_DATE));
  keika_list_entry_set_finish_date (entry, store_column_text (stmt, LOAD_FINISH_DATE));
  keika_list_entry_set_notes (entry, store_column_text (stmt, LOAD_NOTES));
  keika_list_entry_set_tags (entry, column_list (stmt, LOAD_TAGS, scratch));
  keika_list_entry_set_private (entry, sqlite3_column_int (stmt, LOAD_PRIVATE) != 0);
  keika_list_entry_set_favourite (entry, sqlite3_column_int (stmt, LOAD_FAVOURITE) != 0);
  keika_list_entry_set_updated_at (entry, sqlite3_column_int64 (stmt, LOAD_UPDATED_AT));

  /* Last: see above. */
  keika_anime_set_episodes (anime, sqlite3_column_int64 (stmt, LOAD_EPISODES));

  return entry;
}

GPtrArray *
keika_store_load_entries (KeikaStore  *self,
                          GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) buffer = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_auto(StmtRef) stmt = NULL;
  ListScratch scratch;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(stmt = store_get_stmt (self, STMT_LOAD_ENTRIES, error)))
    return NULL;

  buffer = g_string_sized_new (256);
  items = g_ptr_array_sized_new (16);
  scratch.buffer = buffer;
  scratch.items = items;

  entries = g_ptr_array_new_with_free_func (g_object_unref);

  /* Reading every page through a read-only mapping instead of a pread() per
   * page takes about half the time; the mapping goes when the read ends. */
  sqlite3_exec (self->db, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL);

  /* One statement is one read transaction. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt, &scratch));

  sqlite3_reset (stmt);
  sqlite3_exec (self->db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);

  if (rc != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

KeikaListEntry *
keika_store_load_entry (KeikaStore  *self,
                        gint64       entry_id,
                        GError     **error)
{
  g_autoptr(GString) buffer = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_auto(StmtRef) stmt = NULL;
  ListScratch scratch;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(stmt = store_get_stmt (self, STMT_LOAD_ENTRY, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, entry_id);
  buffer = g_string_sized_new (256);
  items = g_ptr_array_sized_new (16);
  scratch.buffer = buffer;
  scratch.items = items;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return entry_from_row (stmt, &scratch);

  if (rc == SQLITE_DONE)
    store_set_not_found_error (error);
  else
    store_set_db_error (self, rc, CONTEXT_READ, error);

  return NULL;
}

static void
load_entries_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GError *error = NULL;

  if ((store = keika_store_open (path, &error)) == NULL ||
      (entries = keika_store_load_entries (store, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The objects are not shared yet: their caches can be filled here. */
  for (guint i = 0; i < entries->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (entries, i);

      keika_list_entry_prepare_search (entry);
      /* What the window sorts by first (its default title language). */
      keika_anime_get_collate_key (keika_list_entry_get_anime (entry), KEIKA_TITLE_LANGUAGE_ROMAJI);
    }

  g_task_return_pointer (task, g_steal_pointer (&entries), (GDestroyNotify) g_ptr_array_unref);
}

void
keika_store_load_entries_async (KeikaStore          *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEIKA_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_store_load_entries_async);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, load_entries_thread);
}

GPtrArray *
keika_store_load_entries_finish (KeikaStore    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == keika_store_load_entries_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
keika_store_load_library (KeikaStore    *self,
                          KeikaLibrary  *library,
                          GError       **error)
{
  GPtrArray *entries;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(entries = keika_store_load_entries (self, error)))
    return FALSE;

  keika_library_replace_all (library, entries);

  return TRUE;
}

/* Writing */

static void
bind_text_take (sqlite3_stmt *stmt,
                int           index,
                char         *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, g_free);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_anime (sqlite3_stmt *stmt,
            KeikaAnime   *anime)
{
  store_bind_text (stmt, 2, keika_anime_get_title_romaji (anime));
  store_bind_text (stmt, 3, keika_anime_get_title_english (anime));
  store_bind_text (stmt, 4, keika_anime_get_title_native (anime));
  bind_text_take (stmt, 5, join_list (keika_anime_get_synonyms (anime)));
  for (guint i = 0; i < G_N_ELEMENTS (anime_id_sites); i++)
    store_bind_id (stmt, 6 + i, keika_anime_get_site_id (anime, anime_id_sites[i]));
  store_bind_text (stmt, 10, keika_format_to_string (keika_anime_get_format (anime)));
  sqlite3_bind_int64 (stmt, 11, keika_anime_get_episodes (anime));
  store_bind_text (stmt, 12, keika_airing_status_to_string (keika_anime_get_airing_status (anime)));
  store_bind_text (stmt, 13, keika_season_to_string (keika_anime_get_season (anime)));
  sqlite3_bind_int64 (stmt, 14, keika_anime_get_season_year (anime));
  store_bind_text (stmt, 15, keika_anime_get_cover_url (anime));
  bind_text_take (stmt, 16, join_list (keika_anime_get_genres (anime)));
  sqlite3_bind_int (stmt, 17, keika_anime_get_adult (anime) ? 1 : 0);
}

/* The entry's values as they are written (ENTRY_COLUMNS). */
typedef struct
{
  const char *status;
  guint       score;
  guint       progress;
  gboolean    rewatching;
  guint       rewatch_count;
  const char *start_date;
  const char *finish_date;
  const char *notes;
  char       *tags;  /* (owned) (nullable) */
  gboolean    private_;
  gboolean    favourite;
} EntryValues;

static void
entry_values_init (EntryValues    *values,
                   KeikaListEntry *entry)
{
  values->status = keika_status_to_string (keika_list_entry_get_status (entry));
  values->score = keika_list_entry_get_score (entry);
  values->progress = keika_list_entry_get_progress (entry);
  values->rewatching = keika_list_entry_get_rewatching (entry) ? 1 : 0;
  values->rewatch_count = keika_list_entry_get_rewatch_count (entry);
  values->start_date = keika_list_entry_get_start_date (entry);
  values->finish_date = keika_list_entry_get_finish_date (entry);
  values->notes = keika_list_entry_get_notes (entry);
  if (values->notes == NULL)
    values->notes = "";
  values->tags = join_list (keika_list_entry_get_tags (entry));
  values->private_ = keika_list_entry_get_private (entry) ? 1 : 0;
  values->favourite = keika_list_entry_get_favourite (entry) ? 1 : 0;
}

static void
entry_values_clear (EntryValues *values)
{
  g_clear_pointer (&values->tags, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EntryValues, entry_values_clear)

static void
bind_entry (sqlite3_stmt   *stmt,
            EntryValues    *values,
            KeikaListEntry *entry)
{
  store_bind_text (stmt, 3, values->status);
  sqlite3_bind_int64 (stmt, 4, values->score);
  sqlite3_bind_int64 (stmt, 5, values->progress);
  sqlite3_bind_int (stmt, 6, values->rewatching);
  sqlite3_bind_int64 (stmt, 7, values->rewatch_count);
  store_bind_text (stmt, 8, values->start_date);
  store_bind_text (stmt, 9, values->finish_date);
  store_bind_text (stmt, 10, values->notes);
  store_bind_text (stmt, 11, values->tags);
  sqlite3_bind_int (stmt, 12, values->private_);
  sqlite3_bind_int (stmt, 13, values->favourite);
  sqlite3_bind_int64 (stmt, 14, keika_list_entry_get_updated_at (entry));
}

/* Writes one journal row per claimed profile linked to the entry. */
static gboolean
write_journal (KeikaStore  *self,
               gint64       entry_id,
               const char  *op,
               const char  *changed_fields,
               gint64       except_profile_id,
               gint64       changed_at,
               GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  int rc;

  if (!(stmt = store_get_stmt (self, STMT_INSERT_JOURNAL, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, entry_id);
  store_bind_text (stmt, 2, op);
  store_bind_text (stmt, 3, changed_fields);
  sqlite3_bind_int64 (stmt, 4, changed_at > 0 ? changed_at : g_get_real_time () / G_USEC_PER_SEC);
  store_bind_id (stmt, 5, except_profile_id);

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }
  self->journal_written |= sqlite3_changes (self->db) > 0;

  return TRUE;
}

/* The stored anime that is the same as @anime: the one with its id, else the
 * one sharing a site id (in the order MAL, AniList, Kitsu, AniTrack). Sets
 * @found_id to its id (0 when there is none) and @row_site_ids to its site
 * ids. */
static gboolean
find_anime (KeikaStore  *self,
            KeikaAnime  *anime,
            gint64      *found_id,
            gint64       row_site_ids[G_N_ELEMENTS (anime_id_sites)],
            GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  guint best_rank = G_MAXUINT;
  gint64 anime_id;
  int rc;

  *found_id = 0;

  if (!(stmt = store_get_stmt (self, STMT_FIND_ANIME, error)))
    return FALSE;

  anime_id = keika_anime_get_id (anime);
  store_bind_id (stmt, 1, anime_id);
  for (guint i = 0; i < G_N_ELEMENTS (anime_id_sites); i++)
    store_bind_id (stmt, 2 + i, keika_anime_get_site_id (anime, anime_id_sites[i]));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row_id = sqlite3_column_int64 (stmt, 0);
      guint rank = G_MAXUINT;

      if (anime_id != 0 && row_id == anime_id)
        rank = 0;
      else
        {
          for (guint i = 0; i < G_N_ELEMENTS (anime_id_sites); i++)
            {
              gint64 site_id = keika_anime_get_site_id (anime, anime_id_sites[i]);

              if (site_id != 0 && sqlite3_column_int64 (stmt, 1 + i) == site_id)
                {
                  rank = 1 + i;
                  break;
                }
            }
        }

      if (rank < best_rank)
        {
          best_rank = rank;
          *found_id = row_id;
          for (guint i = 0; i < G_N_ELEMENTS (anime_id_sites); i++)
            row_site_ids[i] = sqlite3_column_int64 (stmt, 1 + i);
        }
    }

  if (rc != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_anime (KeikaStore  *self,
             KeikaAnime  *anime,
             GError     **error)
{
  gint64 row_site_ids[G_N_ELEMENTS (anime_id_sites)] = { 0 };
  g_auto(StmtRef) stmt = NULL;
  gint64 found_id;
  int rc;

  if (!find_anime (self, anime, &found_id, row_site_ids, error))
    return FALSE;

  if (found_id != 0)
    {
      /* Keep what the stored row knows that the object does not. */
      for (guint i = 0; i < G_N_ELEMENTS (anime_id_sites); i++)
        {
          KeikaSite site = anime_id_sites[i];

          if (keika_anime_get_site_id (anime, site) == 0 && row_site_ids[i] != 0)
            {
              store_record_change (self, CHANGE_ANIME_SITE_ID, anime, site, 0);
              keika_anime_set_site_id (anime, site, row_site_ids[i]);
            }
        }

      if (!(stmt = store_get_stmt (self, STMT_UPDATE_ANIME, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, found_id);
    }
  else
    {
      if (!(stmt = store_get_stmt (self, STMT_INSERT_ANIME, error)))
        return FALSE;
      sqlite3_bind_null (stmt, 1);
    }

  bind_anime (stmt, anime);

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

  if (found_id == 0)
    found_id = sqlite3_last_insert_rowid (self->db);

  if (keika_anime_get_id (anime) != found_id)
    {
      store_record_change (self, CHANGE_ANIME_ID, anime, 0, keika_anime_get_id (anime));
      keika_anime_set_id (anime, found_id);
    }

  return TRUE;
}

/* Undo of a delete: the links whose delete has not been pushed yet come back
 * and those deletes are dropped from the journal. */
static gboolean
restore_links (KeikaStore  *self,
               gint64       entry_id,
               GError     **error)
{
  static const StmtId ids[] = { STMT_RESTORE_LINKS, STMT_FORGET_DELETES };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_auto(StmtRef) stmt = NULL;
      int rc;

      if (!(stmt = store_get_stmt (self, ids[i], error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, entry_id);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          store_set_db_error (self, rc, CONTEXT_WRITE, error);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
add_entry (KeikaStore      *self,
           KeikaListEntry  *entry,
           gint64           source_profile_id,
           GError         **error)
{
  KeikaAnime *anime = keika_list_entry_get_anime (entry);
  g_auto(EntryValues) values = { 0 };
  g_auto(StmtRef) stmt = NULL;
  gint64 entry_id;
  int rc;

  if (!write_anime (self, anime, error))
    return FALSE;

  if (!(stmt = store_get_stmt (self, STMT_INSERT_ENTRY, error)))
    return FALSE;

  entry_id = keika_list_entry_get_id (entry);
  entry_values_init (&values, entry);
  store_bind_id (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, keika_anime_get_id (anime));
  bind_entry (stmt, &values, entry);

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

  if (entry_id != 0)
    return restore_links (self, entry_id, error);

  store_record_change (self, CHANGE_ENTRY_ID, entry, 0, 0);
  keika_list_entry_set_id (entry, sqlite3_last_insert_rowid (self->db));

  /* A new entry goes to every profile that takes the changes. */
  return store_mirror (self, keika_list_entry_get_id (entry), 0, source_profile_id, error);
}

gboolean
keika_store_add_entry (KeikaStore      *self,
                       KeikaListEntry  *entry,
                       GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (entry), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!store_tx_begin (self, error))
    return FALSE;

  ok = add_entry (self, entry, 0, error);

  return store_tx_end (self, ok, ok ? error : NULL);
}

gboolean
keika_store_add_entry_from_site (KeikaStore      *self,
                                 KeikaListEntry  *entry,
                                 gint64           source_profile_id,
                                 GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (entry), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!store_tx_begin (self, error))
    return FALSE;

  ok = add_entry (self, entry, source_profile_id, error);

  return store_tx_end (self, ok, ok ? error : NULL);
}

static void
add_changed (GString    *fields,
             gboolean    changed,
             const char *name)
{
  if (!changed)
    return;
  if (fields->len > 0)
    g_string_append_c (fields, ',');
  g_string_append (fields, name);
}

/* Which of the entry's properties differ from the stored row (the
 * STMT_SELECT_ENTRY row, columns 1… in ENTRY_COLUMNS order). */
static char *
diff_entry (sqlite3_stmt *row,
            EntryValues  *values)
{
  GString *fields = g_string_new (NULL);

  add_changed (fields, g_strcmp0 (store_column_text (row, 1), values->status) != 0, "status");
  add_changed (fields, sqlite3_column_int64 (row, 2) != values->score, "score");
  add_changed (fields, sqlite3_column_int64 (row, 3) != values->progress, "progress");
  add_changed (fields, sqlite3_column_int (row, 4) != values->rewatching, "rewatching");
  add_changed (fields, sqlite3_column_int64 (row, 5) != values->rewatch_count, "rewatch-count");
  add_changed (fields, g_strcmp0 (store_column_text (row, 6), values->start_date) != 0, "start-date");
  add_changed (fields, g_strcmp0 (store_column_text (row, 7), values->finish_date) != 0, "finish-date");
  add_changed (fields, g_strcmp0 (store_column_text (row, 8), values->notes) != 0, "notes");
  add_changed (fields, g_strcmp0 (store_column_text (row, 9), values->tags) != 0, "tags");
  add_changed (fields, sqlite3_column_int (row, 10) != values->private_, "private");
  add_changed (fields, sqlite3_column_int (row, 11) != values->favourite, "favourite");

  return g_string_free (fields, FALSE);
}

gboolean
store_save_entry (KeikaStore      *self,
                  KeikaListEntry  *entry,
                  gint64           except_profile_id,
                  GError         **error)
{
  KeikaAnime *anime = keika_list_entry_get_anime (entry);
  gint64 entry_id = keika_list_entry_get_id (entry);
  g_auto(EntryValues) values = { 0 };
  g_autofree char *changed = NULL;
  gint64 anime_id;
  int rc;

  entry_values_init (&values, entry);

  /* What changed, for the journal. */
  {
    g_auto(StmtRef) stmt = NULL;

    if (!(stmt = store_get_stmt (self, STMT_SELECT_ENTRY, error)))
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, entry_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      {
        store_set_not_found_error (error);
        return FALSE;
      }
    if (rc != SQLITE_ROW)
      {
        store_set_db_error (self, rc, CONTEXT_WRITE, error);
        return FALSE;
      }
    anime_id = sqlite3_column_int64 (stmt, 0);
    changed = diff_entry (stmt, &values);
  }

  {
    g_auto(StmtRef) stmt = NULL;

    if (!(stmt = store_get_stmt (self, STMT_UPDATE_ENTRY, error)))
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, entry_id);
    bind_entry (stmt, &values, entry);
    if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
      {
        store_set_db_error (self, rc, CONTEXT_WRITE, error);
        return FALSE;
      }
  }

  {
    g_auto(StmtRef) stmt = NULL;

    if (!(stmt = store_get_stmt (self, STMT_UPDATE_ANIME, error)))
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, anime_id);
    bind_anime (stmt, anime);
    if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
      {
        store_set_db_error (self, rc, CONTEXT_WRITE, error);
        return FALSE;
      }
  }

  if (keika_anime_get_id (anime) != anime_id)
    {
      store_record_change (self, CHANGE_ANIME_ID, anime, 0, keika_anime_get_id (anime));
      keika_anime_set_id (anime, anime_id);
    }

  /* Only a change of the entry itself is pushed to the sites. A change
   * that came from a site is of the time it was made there, not now: a
   * newer change on another site wins over it. */
  if (changed[0] != '\0')
    return write_journal (self, entry_id, "update", changed, except_profile_id,
                          except_profile_id != 0 ? keika_list_entry_get_updated_at (entry) : 0,
                          error);

  return TRUE;
}

gboolean
keika_store_save_entry (KeikaStore      *self,
                        KeikaListEntry  *entry,
                        GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (entry), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (keika_list_entry_get_id (entry) == 0)
    {
      store_set_not_found_error (error);
      return FALSE;
    }

  if (!store_tx_begin (self, error))
    return FALSE;

  ok = store_save_entry (self, entry, 0, error);

  return store_tx_end (self, ok, ok ? error : NULL);
}

static gboolean
delete_entry (KeikaStore      *self,
              KeikaListEntry  *entry,
              GError         **error)
{
  gint64 entry_id = keika_list_entry_get_id (entry);
  g_auto(StmtRef) stmt = NULL;
  int rc;

  /* Before the delete: the links go with the entry. */
  if (!write_journal (self, entry_id, "delete", NULL, 0, 0, error))
    return FALSE;

  if (!(stmt = store_get_stmt (self, STMT_DELETE_ENTRY, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

  if (sqlite3_changes (self->db) == 0)
    {
      store_set_not_found_error (error);
      return FALSE;
    }

  return TRUE;
}

gboolean
keika_store_delete_entry (KeikaStore      *self,
                          KeikaListEntry  *entry,
                          GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (entry), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (keika_list_entry_get_id (entry) == 0)
    {
      store_set_not_found_error (error);
      return FALSE;
    }

  if (!store_tx_begin (self, error))
    return FALSE;

  ok = delete_entry (self, entry, error);

  return store_tx_end (self, ok, ok ? error : NULL);
}

gboolean
keika_store_run_transaction (KeikaStore                 *self,
                             KeikaStoreTransactionFunc   func,
                             gpointer                    user_data,
                             GError                    **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!store_tx_begin (self, error))
    return FALSE;

  ok = func (self, user_data, &local_error);

  if (!ok)
    {
      if (local_error == NULL)
        {
          g_critical ("KeikaStoreTransactionFunc %p returned FALSE without an error", func);
          g_set_error_literal (&local_error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                               _("Could not save the change."));
        }
      store_tx_end (self, FALSE, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (local_error != NULL)
    {
      g_critical ("KeikaStoreTransactionFunc %p returned TRUE and set an error: %s",
                  func, local_error->message);
      g_clear_error (&local_error);
    }

  return store_tx_end (self, TRUE, error);
}
