/* keika-store-sync.c — profiles, links, the journal, snapshots and conflicts
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaStore"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "keika-store-private.h"

/* Enum names */

static const char * const visibility_names[] = {
  [KEIKA_VISIBILITY_PUBLIC] = "public",
  [KEIKA_VISIBILITY_PRIVATE] = "private",
};

static const char *
name_of (const char * const *names,
         guint               n_names,
         guint               value)
{
  g_assert (value < n_names);

  return names[value];
}

#define NAME_OF(table, value) \
  name_of (table, G_N_ELEMENTS (table), MIN ((guint) (value), G_N_ELEMENTS (table) - 1))

/* Profiles and the journal */

static gboolean
add_profile (KeikaStore    *self,
             KeikaProfile  *profile,
             GError       **error)
{
  g_auto(StmtRef) stmt = NULL;
  gint64 id;
  int rc;

  if (!(stmt = store_get_stmt (self, STMT_UPSERT_PROFILE, error)))
    return FALSE;

  store_bind_id (stmt, 1, keika_profile_get_id (profile));
  store_bind_text (stmt, 2, keika_site_to_string (keika_profile_get_site (profile)));
  store_bind_text (stmt, 3, keika_profile_get_name (profile) != NULL ?
                            keika_profile_get_name (profile) : "");
  store_bind_text (stmt, 4, keika_profile_get_site_user_id (profile));
  store_bind_text (stmt, 5, NAME_OF (visibility_names, keika_profile_get_visibility (profile)));
  sqlite3_bind_int (stmt, 6, keika_profile_get_claimed (profile) ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, keika_profile_get_synced_at (profile));
  sqlite3_bind_int64 (stmt, 8, keika_profile_get_token_expiry (profile));
  sqlite3_bind_int64 (stmt, 9, keika_profile_get_full_synced_at (profile));
  sqlite3_bind_int (stmt, 10, keika_profile_get_send_changes (profile) ? 1 : 0);

  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      store_set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }
  id = sqlite3_column_int64 (stmt, 0);

  /* RETURNING: the row is written once the statement has run to its end. */
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

  if (keika_profile_get_id (profile) != id)
    {
      store_record_change (self, CHANGE_PROFILE_ID, profile, 0, keika_profile_get_id (profile));
      keika_profile_set_id (profile, id);
    }

  return TRUE;
}

/* Inserts the profile, or writes it over its row when it has an id. */
gboolean
keika_store_add_profile (KeikaStore    *self,
                         KeikaProfile  *profile,
                         GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (KEIKA_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!store_tx_begin (self, error))
    return FALSE;

  ok = add_profile (self, profile, error);

  return store_tx_end (self, ok, ok ? error : NULL);
}

static gboolean
link_entry (KeikaStore      *self,
            KeikaListEntry  *entry,
            KeikaProfile    *profile,
            const char      *site_entry_id,
            GError         **error)
{
  g_auto(StmtRef) stmt = NULL;
  int rc;

  if (!(stmt = store_get_stmt (self, STMT_UPSERT_LINK, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, keika_list_entry_get_id (entry));
  sqlite3_bind_int64 (stmt, 2, keika_profile_get_id (profile));
  store_bind_text (stmt, 3, site_entry_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND,
                           _("The entry or the profile is not in the library."));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
keika_store_link_entry (KeikaStore      *self,
                        KeikaListEntry  *entry,
                        KeikaProfile    *profile,
                        const char      *site_entry_id,
                        GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (entry), FALSE);
  g_return_val_if_fail (KEIKA_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (keika_list_entry_get_id (entry) == 0 || keika_profile_get_id (profile) == 0)
    {
      g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND,
                           _("The entry or the profile is not in the library."));
      return FALSE;
    }

  if (!store_tx_begin (self, error))
    return FALSE;

  ok = link_entry (self, entry, profile, site_entry_id, error);

  return store_tx_end (self, ok, ok ? error : NULL);
}

guint
keika_store_count_journal (KeikaStore  *self,
                           GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!(stmt = store_get_stmt (self, STMT_COUNT_JOURNAL, error)))
    return 0;

  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      return 0;
    }

  return (guint) sqlite3_column_int64 (stmt, 0);
}

/* Sync: the journal, links and their snapshots, conflicts */

void
keika_journal_item_free (KeikaJournalItem *item)
{
  if (item == NULL)
    return;
  g_free (item->site_entry_id);
  g_free (item->changed_fields);
  g_free (item->last_error);
  g_free (item->refused_fields);
  g_free (item);
}

void
keika_link_info_free (KeikaLinkInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->site_entry_id);
  g_free (info->snapshot);
  g_free (info);
}

void
keika_conflict_free (KeikaConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->local);
  g_free (conflict->remote);
  g_free (conflict);
}

static GPtrArray *
list_journal (KeikaStore        *self,
              StmtId             id,
              gint64             profile_id,
              gint64             entry_id,
              KeikaJournalList   which,
              GError           **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_auto(StmtRef) stmt = NULL;
  int rc;

  if (!(stmt = store_get_stmt (self, id, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_int (stmt, 2, (int) which);
  if (id == STMT_LIST_ENTRY_JOURNAL)
    sqlite3_bind_int64 (stmt, 3, entry_id);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_journal_item_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KeikaJournalItem *item = g_new0 (KeikaJournalItem, 1);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->profile_id = sqlite3_column_int64 (stmt, 1);
      item->entry_id = sqlite3_column_int64 (stmt, 2);
      item->site_anime_id = sqlite3_column_int64 (stmt, 3);
      item->site_entry_id = g_strdup (store_column_text (stmt, 4));
      item->op = g_strcmp0 (store_column_text (stmt, 5), "delete") == 0 ?
                 KEIKA_JOURNAL_OP_DELETE : KEIKA_JOURNAL_OP_UPDATE;
      item->changed_fields = g_strdup (store_column_text (stmt, 6));
      item->created_at = sqlite3_column_int64 (stmt, 7);
      item->attempts = (guint) sqlite3_column_int64 (stmt, 8);
      item->last_error = g_strdup (store_column_text (stmt, 9));
      item->failed = sqlite3_column_int (stmt, 10) != 0;
      item->refused_fields = g_strdup (store_column_text (stmt, 11));
      g_ptr_array_add (items, item);
    }

  if (rc != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

GPtrArray *
keika_store_list_journal (KeikaStore        *self,
                          gint64             profile_id,
                          KeikaJournalList   which,
                          GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_journal (self, STMT_LIST_JOURNAL, profile_id, 0, which, error);
}

GPtrArray *
keika_store_list_entry_journal (KeikaStore        *self,
                                gint64             profile_id,
                                gint64             entry_id,
                                KeikaJournalList   which,
                                GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_journal (self, STMT_LIST_ENTRY_JOURNAL, profile_id, entry_id, which, error);
}

typedef struct
{
  gint64      journal_id;
  const char *snapshot;
  gint64      synced_at;
} JournalDone;

static gboolean
journal_done (KeikaStore  *self,
              gpointer     user_data,
              GError     **error)
{
  JournalDone *done = user_data;
  gint64 entry_id, profile_id;
  g_autofree char *op = NULL;

  {
    g_auto(StmtRef) stmt = NULL;
    int rc;

    if (!(stmt = store_get_stmt (self, STMT_DELETE_JOURNAL, error)))
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, done->journal_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      return TRUE;  /* already gone: nothing to do */
    if (rc != SQLITE_ROW)
      {
        store_set_db_error (self, rc, CONTEXT_WRITE, error);
        return FALSE;
      }
    entry_id = sqlite3_column_int64 (stmt, 0);
    profile_id = sqlite3_column_int64 (stmt, 1);
    op = g_strdup (store_column_text (stmt, 2));
    if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
      {
        store_set_db_error (self, rc, CONTEXT_WRITE, error);
        return FALSE;
      }
  }

  if (g_strcmp0 (op, "update") != 0 || done->snapshot == NULL)
    return TRUE;

  /* Only an existing link is advanced: a link removed meanwhile stays gone. */
  return store_exec_bound (self,
                     "UPDATE entry_links SET snapshot = ?1, synced_at = ?2"
                     " WHERE entry_id = ?3 AND profile_id = ?4",
                     "siii", error, done->snapshot, done->synced_at, entry_id, profile_id);
}

gboolean
keika_store_journal_done (KeikaStore  *self,
                          gint64       journal_id,
                          const char  *snapshot,
                          gint64       synced_at,
                          GError     **error)
{
  JournalDone done = { journal_id, snapshot, synced_at };

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return keika_store_run_transaction (self, journal_done, &done, error);
}

gboolean
keika_store_journal_failed (KeikaStore  *self,
                            gint64       journal_id,
                            const char  *message,
                            const char  *refused_fields,
                            gboolean     permanent,
                            GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return store_exec_bound (self,
                     "UPDATE journal SET attempts = attempts + 1, last_error = ?1,"
                     " failed = max (failed, ?2), refused_fields = ?4 WHERE id = ?3",
                     "siis", error, message, (gint64) (permanent ? 1 : 0), journal_id,
                     refused_fields);
}

gboolean
keika_store_journal_retry (KeikaStore  *self,
                           gint64       journal_id,
                           GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  self->journal_written = TRUE;
  return store_exec_bound (self, "UPDATE journal SET failed = 0, attempts = 0, refused_fields = NULL WHERE id = ?1",
                     "i", error, journal_id);
}

gboolean
keika_store_journal_set_fields (KeikaStore  *self,
                                gint64       journal_id,
                                const char  *changed_fields,
                                GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  if (changed_fields == NULL || *changed_fields == '\0')
    return store_exec_bound (self, "DELETE FROM journal WHERE id = ?1", "i", error, journal_id);

  return store_exec_bound (self, "UPDATE journal SET changed_fields = ?2 WHERE id = ?1",
                     "is", error, journal_id, changed_fields);
}

gboolean
keika_store_journal_update (KeikaStore  *self,
                            gint64       entry_id,
                            gint64       profile_id,
                            const char  *changed_fields,
                            GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  self->journal_written = TRUE;
  return store_exec_bound (self,
                     "INSERT INTO journal (profile_id, entry_id, site_anime_id, site_entry_id,"
                     " op, changed_fields, created_at)"
                     " SELECT p.id, l.entry_id,"
                     "  CASE p.site WHEN 'mal' THEN a.mal_id WHEN 'anilist' THEN a.anilist_id"
                     "   WHEN 'kitsu' THEN a.kitsu_id WHEN 'anitrack' THEN a.anitrack_id END,"
                     "  l.site_entry_id, 'update', ?3, ?4"
                     " FROM entry_links AS l"
                     " JOIN profiles AS p ON p.id = l.profile_id"
                     " JOIN entries AS e ON e.id = l.entry_id"
                     " JOIN anime AS a ON a.id = e.anime_id"
                     " WHERE l.entry_id = ?1 AND l.profile_id = ?2",
                     "iisi", error, entry_id, profile_id, changed_fields,
                     g_get_real_time () / G_USEC_PER_SEC);
}

typedef struct
{
  gint64          journal_id;
  KeikaListEntry *restored;
} Discard;

static gboolean
discard_change (KeikaStore  *self,
                gpointer     user_data,
                GError     **error)
{
  Discard *discard = user_data;
  gint64 entry_id = 0, profile_id = 0;
  g_auto(StmtRef) stmt = NULL;
  int rc;

  stmt = store_get_adhoc_stmt (self, "SELECT entry_id, profile_id FROM journal WHERE id = ?1",
                               NULL);
  rc = stmt != NULL ? SQLITE_OK : sqlite3_errcode (self->db);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, discard->journal_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          entry_id = sqlite3_column_int64 (stmt, 0);
          profile_id = sqlite3_column_int64 (stmt, 1);
          rc = SQLITE_DONE;
        }
    }
  if (rc != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }
  if (entry_id == 0)
    return TRUE;

  /* Every pending change of that entry for that profile goes: the entry is
   * put back as the site has it. */
  if (!store_exec_bound (self, "DELETE FROM journal WHERE entry_id = ?1 AND profile_id = ?2",
                   "ii", error, entry_id, profile_id))
    return FALSE;

  if (discard->restored != NULL)
    return store_save_entry (self, discard->restored, profile_id, error);

  return TRUE;
}

gboolean
keika_store_discard_change (KeikaStore      *self,
                            gint64           journal_id,
                            KeikaListEntry  *restored,
                            GError         **error)
{
  Discard discard = { journal_id, restored };

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (restored == NULL || KEIKA_IS_LIST_ENTRY (restored), FALSE);

  return keika_store_run_transaction (self, discard_change, &discard, error);
}

typedef struct
{
  gint64 entry_id;
  gint64 profile_id;
} Unlink;

static gboolean
unlink_entry (KeikaStore  *self,
              gpointer     user_data,
              GError     **error)
{
  Unlink *unlink = user_data;

  return store_exec_bound (self, "DELETE FROM journal WHERE entry_id = ?1 AND profile_id = ?2",
                     "ii", error, unlink->entry_id, unlink->profile_id) &&
         store_exec_bound (self, "INSERT OR IGNORE INTO unmirrored (entry_id, profile_id)"
                           " VALUES (?1, ?2)",
                           "ii", error, unlink->entry_id, unlink->profile_id) &&
         store_exec_bound (self, "DELETE FROM entry_links WHERE entry_id = ?1 AND profile_id = ?2",
                     "ii", error, unlink->entry_id, unlink->profile_id);
}

gboolean
keika_store_unlink_entry (KeikaStore  *self,
                          gint64       entry_id,
                          gint64       profile_id,
                          GError     **error)
{
  Unlink unlink = { entry_id, profile_id };

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return keika_store_run_transaction (self, unlink_entry, &unlink, error);
}

char *
keika_store_dup_snapshot (KeikaStore  *self,
                          gint64       entry_id,
                          gint64       profile_id,
                          GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  char *snapshot = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);

  stmt = store_get_adhoc_stmt (self,
                               "SELECT snapshot FROM entry_links"
                               " WHERE entry_id = ?1 AND profile_id = ?2", NULL);
  rc = stmt != NULL ? SQLITE_OK : sqlite3_errcode (self->db);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, entry_id);
      sqlite3_bind_int64 (stmt, 2, profile_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          snapshot = g_strdup (store_column_text (stmt, 0));
          rc = SQLITE_DONE;
        }
    }
  if (rc != SQLITE_DONE)
    store_set_db_error (self, rc, CONTEXT_READ, error);

  return snapshot;
}

gboolean
keika_store_set_link (KeikaStore  *self,
                      gint64       entry_id,
                      gint64       profile_id,
                      const char  *site_entry_id,
                      const char  *snapshot,
                      gint64       synced_at,
                      GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  if (!store_tx_begin (self, error))
    return FALSE;

  ok = (stmt = store_get_stmt (self, STMT_SET_LINK, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, entry_id);
      sqlite3_bind_int64 (stmt, 2, profile_id);
      store_bind_text (stmt, 3, site_entry_id);
      store_bind_text (stmt, 4, snapshot);
      sqlite3_bind_int64 (stmt, 5, synced_at);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
            g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND,
                                 _("The entry or the profile is not in the library."));
          else
            store_set_db_error (self, rc, CONTEXT_WRITE, error);
          ok = FALSE;
        }
    }

  return store_tx_end (self, ok, ok ? error : NULL);
}

static KeikaLinkInfo *
link_from_row (sqlite3_stmt *stmt)
{
  KeikaLinkInfo *info = g_new0 (KeikaLinkInfo, 1);

  info->entry_id = sqlite3_column_int64 (stmt, 0);
  info->site_anime_id = sqlite3_column_int64 (stmt, 1);
  info->site_entry_id = g_strdup (store_column_text (stmt, 2));
  info->snapshot = g_strdup (store_column_text (stmt, 3));
  info->synced_at = sqlite3_column_int64 (stmt, 4);
  info->n_pending = (guint) sqlite3_column_int64 (stmt, 5);
  info->last_change = MAX (sqlite3_column_int64 (stmt, 6), sqlite3_column_int64 (stmt, 7));
  info->episodes = (guint) sqlite3_column_int64 (stmt, 8);

  return info;
}

GPtrArray *
keika_store_list_links (KeikaStore  *self,
                        gint64       profile_id,
                        GError     **error)
{
  g_autoptr(GPtrArray) links = NULL;
  g_auto(StmtRef) stmt = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);

  if (!(stmt = store_get_stmt (self, STMT_LIST_LINKS, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);

  links = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_link_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (links, link_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }

  return g_steal_pointer (&links);
}

KeikaLinkInfo *
keika_store_get_entry_link (KeikaStore  *self,
                            gint64       profile_id,
                            gint64       entry_id,
                            GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);

  if (!(stmt = store_get_stmt (self, STMT_GET_LINK, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_int64 (stmt, 2, entry_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return link_from_row (stmt);
  if (rc != SQLITE_DONE)
    store_set_db_error (self, rc, CONTEXT_READ, error);

  return NULL;
}

KeikaLinkInfo *
keika_store_get_link (KeikaStore  *self,
                      gint64       profile_id,
                      KeikaSite    site,
                      gint64       site_anime_id,
                      GError     **error)
{
  gint64 entry_id;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);

  entry_id = keika_store_find_entry_by_site_id (self, site, site_anime_id, error);
  if (entry_id <= 0)
    return NULL;

  return keika_store_get_entry_link (self, profile_id, entry_id, error);
}

gint64
keika_store_find_entry_by_site_id (KeikaStore  *self,
                                   KeikaSite    site,
                                   gint64       site_id,
                                   GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), 0);

  if (!(stmt = store_get_stmt (self, STMT_FIND_ENTRY_BY_SITE_ID, error)))
    return 0;
  store_bind_text (stmt, 1, keika_site_to_string (site));
  sqlite3_bind_int64 (stmt, 2, site_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    store_set_db_error (self, rc, CONTEXT_READ, error);

  return 0;
}

gboolean
keika_store_save_entry_from_site (KeikaStore      *self,
                                  KeikaListEntry  *entry,
                                  gint64           source_profile_id,
                                  GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (entry), FALSE);

  if (keika_list_entry_get_id (entry) == 0)
    {
      store_set_not_found_error (error);
      return FALSE;
    }

  if (!store_tx_begin (self, error))
    return FALSE;

  ok = store_save_entry (self, entry, source_profile_id, error);

  return store_tx_end (self, ok, ok ? error : NULL);
}

gboolean
keika_store_set_profile_synced_at (KeikaStore  *self,
                                   gint64       profile_id,
                                   gint64       synced_at,
                                   gboolean     full,
                                   GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return store_exec_bound (self,
                     "UPDATE profiles SET synced_at = ?1,"
                     " full_synced_at = iif (?3, ?1, full_synced_at) WHERE id = ?2",
                     "iii", error, synced_at, profile_id, (gint64) (full ? 1 : 0));
}

gboolean
keika_store_add_conflict (KeikaStore  *self,
                          gint64       entry_id,
                          gint64       profile_id,
                          const char  *local,
                          const char  *remote,
                          gboolean     remote_won,
                          GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);
  g_return_val_if_fail (local != NULL, FALSE);

  /* Nothing changed when either is missing: nothing to roll back. */
  if (!store_exec_bound (self,
                   "UPDATE entry_links SET conflicts = json_insert ("
                   " coalesce (conflicts, '[]'), '$[#]', json_object ("
                   "  'local', json (?3), 'remote', json (?4), 'remote_won', ?5,"
                   "  'created_at', ?6))"
                   " WHERE entry_id = ?1 AND profile_id = ?2",
                   "iissii", error, entry_id, profile_id, local, remote,
                   (gint64) (remote_won ? 1 : 0), g_get_real_time () / G_USEC_PER_SEC))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND,
                           _("The entry or the profile is not in the library."));
      return FALSE;
    }

  return TRUE;
}

void
keika_store_begin_bulk (KeikaStore *self)
{
  g_return_if_fail (KEIKA_IS_STORE (self));

  /* A write of thousands of rows in one transaction no longer fits the
   * default page cache (2 MB), and each row's savepoint keeps its undo
   * pages in a temporary file: both meant a write() per page, often more
   * than once (a 10,000-entry pull: 0.95 s of CPU, 0.55 s without).
   * Nor is the write-ahead log copied into the database at the commit
   * (with 10,000 entries it passes the 1,000 pages that start a
   * checkpoint): the commit is what the person waits for, and the copy is
   * made when this connection is let go. */
  sqlite3_exec (self->db, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;"
                " PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL);
  self->bulk = TRUE;
}

gboolean
keika_store_clear_conflicts (KeikaStore  *self,
                             gint64       entry_id,
                             gint64       profile_id,
                             GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return store_exec_bound (self,
                     "UPDATE entry_links SET conflicts = NULL"
                     " WHERE entry_id = ?1 AND profile_id = ?2",
                     "ii", error, entry_id, profile_id);
}

GArray *
keika_store_list_gone_marks (KeikaStore  *self,
                             gint64       profile_id,
                             GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);

  return store_list_ids (self,
                         "SELECT DISTINCT l.entry_id"
                         " FROM entry_links AS l, json_each (l.conflicts) AS c"
                         " WHERE l.profile_id = ?1 AND l.conflicts IS NOT NULL"
                         " AND json_type (c.value, '$.remote') = 'null'",
                         profile_id, error);
}

gboolean
keika_store_clear_gone_mark (KeikaStore  *self,
                             gint64       entry_id,
                             gint64       profile_id,
                             GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return store_exec_bound (self,
                     "UPDATE entry_links SET conflicts = ("
                     " SELECT CASE WHEN count (*) = 0 THEN NULL"
                     "  ELSE json_group_array (json (c.value)) END"
                     " FROM json_each (entry_links.conflicts) AS c"
                     " WHERE json_type (c.value, '$.remote') IS NOT 'null')"
                     " WHERE entry_id = ?1 AND profile_id = ?2 AND conflicts IS NOT NULL",
                     "ii", error, entry_id, profile_id);
}

GPtrArray *
keika_store_list_conflicts (KeikaStore  *self,
                            gint64       entry_id,
                            GError     **error)
{
  return keika_store_list_profile_conflicts (self, entry_id, 0, error);
}

GPtrArray *
keika_store_list_profile_conflicts (KeikaStore  *self,
                                    gint64       entry_id,
                                    gint64       profile_id,
                                    GError     **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT c.key, l.entry_id, l.profile_id,"
                           " json_extract (c.value, '$.local'), json_extract (c.value, '$.remote'),"
                           " json_extract (c.value, '$.remote_won'),"
                           " json_extract (c.value, '$.created_at')"
                           " FROM entry_links AS l, json_each (l.conflicts) AS c"
                           " WHERE l.conflicts IS NOT NULL AND (?1 = 0 OR l.entry_id = ?1)"
                           " AND (?2 = 0 OR l.profile_id = ?2)"
                           " ORDER BY l.entry_id, l.profile_id, c.key",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, profile_id);

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_conflict_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KeikaConflict *conflict = g_new0 (KeikaConflict, 1);

      conflict->id = sqlite3_column_int64 (stmt, 0);
      conflict->entry_id = sqlite3_column_int64 (stmt, 1);
      conflict->profile_id = sqlite3_column_int64 (stmt, 2);
      conflict->local = g_strdup (store_column_text (stmt, 3));
      conflict->remote = g_strdup (store_column_text (stmt, 4));
      conflict->remote_won = sqlite3_column_int (stmt, 5) != 0;
      conflict->created_at = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (conflicts, conflict);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }

  return g_steal_pointer (&conflicts);
}

/* Every profile, claimed or not, in the order they were added.
 * (transfer full) (element-type KeikaProfile) */
GPtrArray *
keika_store_list_profiles (KeikaStore  *self,
                           GError     **error)
{
  g_autoptr(GPtrArray) profiles = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, site, name, site_user_id, visibility, claimed,"
                           " synced_at, token_expiry, full_synced_at, send_changes"
                           " FROM profiles ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  profiles = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KeikaProfile *profile;
      KeikaSite site;

      if (!keika_site_from_string (store_column_text (stmt, 1), &site))
        continue;

      profile = keika_profile_new (site, store_column_text (stmt, 2));
      keika_profile_set_id (profile, sqlite3_column_int64 (stmt, 0));
      keika_profile_set_site_user_id (profile, store_column_text (stmt, 3));
      keika_profile_set_visibility (profile,
                                    g_strcmp0 (store_column_text (stmt, 4), "private") == 0 ?
                                    KEIKA_VISIBILITY_PRIVATE : KEIKA_VISIBILITY_PUBLIC);
      keika_profile_set_claimed (profile, sqlite3_column_int (stmt, 5) != 0);
      keika_profile_set_synced_at (profile, sqlite3_column_int64 (stmt, 6));
      keika_profile_set_token_expiry (profile, sqlite3_column_int64 (stmt, 7));
      keika_profile_set_full_synced_at (profile, sqlite3_column_int64 (stmt, 8));
      keika_profile_set_send_changes (profile, sqlite3_column_int (stmt, 9) != 0);
      g_ptr_array_add (profiles, profile);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      store_set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }

  return g_steal_pointer (&profiles);
}

static gpointer
close_thread (gpointer data)
{
  g_object_unref (data);

  return NULL;
}

void
keika_store_close_in_background (KeikaStore *store)
{
  g_return_if_fail (KEIKA_IS_STORE (store));

  g_thread_unref (g_thread_new ("keika-store-close", close_thread, store));
}
