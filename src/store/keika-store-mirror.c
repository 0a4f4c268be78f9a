/* keika-store-mirror.c — one library mirrored to every linked profile:
 * which entries go to which profile, and which anime each site knows
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaStore"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "keika-store-private.h"

/* Every list field, as the journal names them: a new link sends them all. */
#define ALL_FIELDS "status,score,progress,rewatching,rewatch-count,start-date," \
                   "finish-date,notes,tags,private,favourite"

/* The anime's id on the profile's site (NULL when the library does not
 * know it yet: the push looks it up first). */
#define SITE_ANIME_ID \
  "CASE p.site WHEN 'mal' THEN a.mal_id WHEN 'anilist' THEN a.anilist_id" \
  " WHEN 'kitsu' THEN a.kitsu_id WHEN 'anitrack' THEN a.anitrack_id END"

/* The pairs of entry and profile to link: the profile is signed in and a
 * list site, and the person did not keep the entry off it. (A profile whose
 * "Send my changes here" is off is linked too: its changes wait.) */
#define MISSING_LINKS \
  " FROM entries AS e JOIN anime AS a ON a.id = e.anime_id, profiles AS p" \
  " WHERE p.claimed = 1" \
  " AND p.site IN ('mal', 'anilist', 'kitsu', 'anitrack')" \
  " AND p.id IS NOT ?3 AND (?1 = 0 OR e.id = ?1) AND (?2 = 0 OR p.id = ?2)" \
  " AND NOT EXISTS (SELECT 1 FROM entry_links AS l" \
  "                 WHERE l.entry_id = e.id AND l.profile_id = p.id)" \
  " AND NOT EXISTS (SELECT 1 FROM unmirrored AS u" \
  "                 WHERE u.entry_id = e.id AND u.profile_id = p.id)"

/* New entries, ids @first to @last (they have no links, and none kept off:
 * new ids). */
static gboolean
mirror_new_entries (KeikaStore  *self,
                    gint64       first,
                    gint64       last,
                    gint64       except_profile_id,
                    GError     **error)
{
  const StmtId ids[] = { STMT_MIRROR_ENTRY_JOURNAL, STMT_MIRROR_ENTRY_LINKS };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_auto(StmtRef) stmt = NULL;
      int rc;

      if (!(stmt = store_get_stmt (self, ids[i], error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, first);
      store_bind_id (stmt, 2, except_profile_id);
      if (ids[i] == STMT_MIRROR_ENTRY_JOURNAL)
        sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
      sqlite3_bind_int64 (stmt, 4, last);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          store_set_db_error (self, rc, CONTEXT_WRITE, error);
          return FALSE;
        }
      self->journal_written |= sqlite3_changes (self->db) > 0;
    }

  return TRUE;
}

gboolean
store_mirror_flush (KeikaStore  *self,
                    GError     **error)
{
  gint64 first = self->mirror_first;

  if (first == 0)
    return TRUE;

  self->mirror_first = 0;
  return mirror_new_entries (self, first, self->mirror_last, self->mirror_except, error);
}

gboolean
store_mirror (KeikaStore  *self,
              gint64       entry_id,
              gint64       profile_id,
              gint64       except_profile_id,
              GError     **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (entry_id != 0 && profile_id == 0)
    {
      if (!self->bulk)
        return mirror_new_entries (self, entry_id, entry_id, except_profile_id, error);

      /* Thousands of new entries in one transaction (a pull): mirrored all
       * at once before it commits. They have the ids from the first one
       * on: nothing else writes meanwhile. */
      if (self->mirror_first != 0 && self->mirror_except != except_profile_id &&
          !store_mirror_flush (self, error))
        return FALSE;
      if (self->mirror_first == 0)
        {
          self->mirror_first = self->mirror_last = entry_id;
          self->mirror_except = except_profile_id;
        }
      self->mirror_first = MIN (self->mirror_first, entry_id);
      self->mirror_last = MAX (self->mirror_last, entry_id);
      return TRUE;
    }

  /* After a full pull the profile usually has every entry already: the
   * links are counted before the entries are searched for a missing one. */
  if (entry_id == 0 && profile_id != 0)
    {
      g_auto(StmtRef) stmt = NULL;
      int rc;

      if (!(stmt = store_get_adhoc_stmt (self,
                                         "SELECT (SELECT count (*) FROM entries)"
                                         " - (SELECT count (*) FROM entry_links WHERE profile_id = ?1)"
                                         " - (SELECT count (*) FROM unmirrored AS u WHERE u.profile_id = ?1"
                                         "    AND NOT EXISTS (SELECT 1 FROM entry_links AS l"
                                         "     WHERE l.entry_id = u.entry_id AND l.profile_id = ?1))",
                                         error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, profile_id);
      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        {
          store_set_db_error (self, rc, CONTEXT_WRITE, error);
          return FALSE;
        }
      if (sqlite3_column_int64 (stmt, 0) == 0)
        return TRUE;
    }

  self->journal_written = TRUE;
  /* The journal first: the links it is made from do not exist yet. Such a
   * row is the entry as it is, not an edit made now: it carries the time of
   * the entry's last change, so that a newer change on the site wins the
   * merge of a first link. */
  return store_exec_bound (self,
                           "INSERT INTO journal (profile_id, entry_id, site_anime_id, op,"
                           " changed_fields, created_at)"
                           " SELECT p.id, e.id, " SITE_ANIME_ID ", 'update', '" ALL_FIELDS "',"
                           "  iif (e.updated_at > 0, e.updated_at, ?4)"
                           MISSING_LINKS " ORDER BY p.id, e.id",
                           "iiii", error, entry_id, profile_id, except_profile_id, now) &&
         store_exec_bound (self,
                           "INSERT INTO entry_links (entry_id, profile_id)"
                           " SELECT e.id, p.id" MISSING_LINKS,
                           "iii", error, entry_id, profile_id, except_profile_id);
}

gboolean
keika_store_mirror (KeikaStore  *self,
                    gint64       profile_id,
                    GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return store_mirror (self, 0, profile_id, 0, error);
}

static const char *
site_column (KeikaSite site)
{
  switch (site)
    {
    case KEIKA_SITE_MAL: return "mal_id";
    case KEIKA_SITE_ANILIST: return "anilist_id";
    case KEIKA_SITE_KITSU: return "kitsu_id";
    case KEIKA_SITE_ANITRACK: return "anitrack_id";
    case KEIKA_SITE_ANIMETHEMES:
    default:
      return NULL;
    }
}

typedef struct
{
  gint64     anime_id;
  KeikaSite  site;
  gint64     site_id;
} SiteId;

static gboolean
set_site_id (KeikaStore  *self,
             gpointer     user_data,
             GError     **error)
{
  SiteId *id = user_data;
  const char *site = keika_site_to_string (id->site);
  g_autofree char *sql = g_strdup_printf ("UPDATE anime SET %s = ?2 WHERE id = ?1",
                                          site_column (id->site));

  return store_exec_bound (self, sql, "ii", error, id->anime_id, id->site_id) &&
         store_exec_bound (self, "DELETE FROM site_misses WHERE anime_id = ?1 AND site = ?2",
                           "is", error, id->anime_id, site) &&
         /* The changes waiting for that site can go now. */
         store_exec_bound (self,
                           "UPDATE journal SET site_anime_id = ?2"
                           " WHERE site_anime_id IS NULL"
                           " AND entry_id IN (SELECT id FROM entries WHERE anime_id = ?1)"
                           " AND profile_id IN (SELECT id FROM profiles WHERE site = ?3)",
                           "iis", error, id->anime_id, id->site_id, site);
}

gboolean
keika_store_set_anime_site_id (KeikaStore  *self,
                               gint64       anime_id,
                               KeikaSite    site,
                               gint64       site_id,
                               GError     **error)
{
  SiteId id = { anime_id, site, site_id };

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (site_column (site) != NULL, FALSE);
  g_return_val_if_fail (site_id > 0, FALSE);

  return keika_store_run_transaction (self, set_site_id, &id, error);
}

gboolean
keika_store_add_site_miss (KeikaStore  *self,
                           gint64       anime_id,
                           KeikaSite    site,
                           GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return store_exec_bound (self,
                           "INSERT OR REPLACE INTO site_misses (anime_id, site, looked_up_at)"
                           " VALUES (?1, ?2, ?3)",
                           "isi", error, anime_id, keika_site_to_string (site),
                           g_get_real_time () / G_USEC_PER_SEC);
}

GHashTable *
keika_store_list_site_misses (KeikaStore  *self,
                              KeikaSite    site,
                              GError     **error)
{
  g_autoptr(GHashTable) misses = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);

  rc = sqlite3_prepare_v2 (self->db, "SELECT anime_id FROM site_misses WHERE site = ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      store_bind_text (stmt, 1, keika_site_to_string (site));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 *anime_id = g_new (gint64, 1);

          *anime_id = sqlite3_column_int64 (stmt, 0);
          g_hash_table_add (misses, anime_id);
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }

  return g_steal_pointer (&misses);
}

gboolean
keika_store_is_unmirrored (KeikaStore  *self,
                           gint64       entry_id,
                           gint64       profile_id,
                           GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  if (!(stmt = store_get_adhoc_stmt (self, "SELECT 1 FROM unmirrored"
                                     " WHERE entry_id = ?1 AND profile_id = ?2", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, profile_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    store_set_db_error (self, rc, CONTEXT_READ, error);

  return rc == SQLITE_ROW;
}

GArray *
keika_store_list_entry_site_ids (KeikaStore  *self,
                                 KeikaSite    site,
                                 GError     **error)
{
  const char *column = site_column (site);
  g_autofree char *sql = NULL;
  g_autoptr(GArray) pairs = NULL;
  g_auto(StmtRef) stmt = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  sql = g_strdup_printf ("SELECT a.%s, e.id FROM entries AS e JOIN anime AS a ON a.id = e.anime_id"
                         " WHERE a.%s IS NOT NULL", column, column);
  if (!(stmt = store_get_adhoc_stmt (self, sql, error)))
    return NULL;

  pairs = g_array_new (FALSE, FALSE, sizeof (KeikaSiteIdPair));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KeikaSiteIdPair pair = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (pairs, pair);
    }
  if (rc != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }

  return g_steal_pointer (&pairs);
}

GArray *
keika_store_list_unmirrored (KeikaStore  *self,
                             gint64       profile_id,
                             GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);

  return store_list_ids (self, "SELECT entry_id FROM unmirrored WHERE profile_id = ?1",
                         profile_id, error);
}
