/* keika-store.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaStore"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "keika-anime.h"
#include "keika-store.h"

/* How values are kept on disk
 *
 * Enums are stored by stable text names, never by their C values, so that
 * reordering an enum cannot silently change what a file means:
 *   - status and format use keika_status_to_string()/keika_format_to_string();
 *   - airing status, season, site and visibility use the tables below.
 * Status, site, visibility and the journal's op are CHECKed; format, airing
 * status and season are metadata copied from the sites, so a later version
 * may add values without a migration and an unknown name reads as "unknown".
 *
 * String lists (synonyms, genres, tags) are joined with U+001F (the ASCII unit
 * separator): NULL means no list; "" is a list of one empty string. A U+001F
 * inside an element is written as a space.
 *
 * Per-site ids of 0 ("unknown") are stored as NULL so that the UNIQUE
 * constraints only apply to known ids. Booleans are 0/1, times are Unix
 * seconds, dates are the fuzzy "YYYY[-MM[-DD]]" text of the model.
 *
 * No table holds a token: tokens live in the keyring (net/). */

static const char * const migrations[] = {
  /* Version 1 */
  "CREATE TABLE anime ("
  "  id             INTEGER PRIMARY KEY,"
  "  title_romaji   TEXT NOT NULL DEFAULT '',"
  "  title_english  TEXT,"
  "  title_native   TEXT,"
  "  synonyms       TEXT,"
  "  mal_id         INTEGER UNIQUE CHECK (mal_id > 0),"
  "  anilist_id     INTEGER UNIQUE CHECK (anilist_id > 0),"
  "  kitsu_id       INTEGER UNIQUE CHECK (kitsu_id > 0),"
  "  anitrack_id    INTEGER UNIQUE CHECK (anitrack_id > 0),"
  "  format         TEXT NOT NULL DEFAULT 'unknown',"
  "  episodes       INTEGER NOT NULL DEFAULT 0 CHECK (episodes >= 0),"
  "  airing_status  TEXT NOT NULL DEFAULT 'unknown',"
  "  season         TEXT NOT NULL DEFAULT 'unknown',"
  "  season_year    INTEGER NOT NULL DEFAULT 0 CHECK (season_year >= 0),"
  "  cover_url      TEXT,"
  "  genres         TEXT,"
  "  adult          INTEGER NOT NULL DEFAULT 0 CHECK (adult IN (0, 1))"
  ");"
  "CREATE TABLE entries ("
  "  id             INTEGER PRIMARY KEY,"
  "  anime_id       INTEGER NOT NULL UNIQUE REFERENCES anime (id),"
  "  status         TEXT NOT NULL DEFAULT 'watching'"
  "                 CHECK (status IN ('watching', 'plan_to_watch', 'completed',"
  "                                   'on_hold', 'dropped')),"
  "  score          INTEGER NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),"
  "  progress       INTEGER NOT NULL DEFAULT 0 CHECK (progress >= 0),"
  "  rewatching     INTEGER NOT NULL DEFAULT 0 CHECK (rewatching IN (0, 1)),"
  "  rewatch_count  INTEGER NOT NULL DEFAULT 0 CHECK (rewatch_count >= 0),"
  "  start_date     TEXT,"
  "  finish_date    TEXT,"
  "  notes          TEXT NOT NULL DEFAULT '' CHECK (length (notes) <= 2000),"
  "  tags           TEXT,"
  "  private        INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),"
  "  favourite      INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),"
  "  updated_at     INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE profiles ("
  "  id             INTEGER PRIMARY KEY,"
  "  site           TEXT NOT NULL"
  "                 CHECK (site IN ('mal', 'anilist', 'kitsu', 'anitrack',"
  "                                 'animethemes')),"
  "  name           TEXT NOT NULL DEFAULT '',"
  "  site_user_id   TEXT,"
  "  visibility     TEXT NOT NULL DEFAULT 'public'"
  "                 CHECK (visibility IN ('public', 'private')),"
  "  claimed        INTEGER NOT NULL DEFAULT 0 CHECK (claimed IN (0, 1)),"
  "  synced_at      INTEGER NOT NULL DEFAULT 0,"
  "  token_expiry   INTEGER NOT NULL DEFAULT 0"
  ");"
  /* snapshot: the entry as last synced with that profile (JSON written by
   * the sync engine; NULL = never synced), the base of the three-way merge. */
  "CREATE TABLE entry_links ("
  "  entry_id       INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,"
  "  profile_id     INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
  "  site_entry_id  TEXT,"
  "  snapshot       TEXT,"
  "  synced_at      INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (entry_id, profile_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX entry_links_profile ON entry_links (profile_id);"
  /* One row per change to push to one claimed profile. entry_id has no
   * foreign key: a delete stays journalled after the entry is gone.
   * site_anime_id is the anime's id on the profile's site and site_entry_id
   * the link's, both copied when the row is written (a delete needs them).
   * changed_fields: the properties an 'update' changed, comma-separated.
   * snapshot: for a 'delete', the link's snapshot, so that an undo can
   * restore the link while the delete has not been pushed. */
  "CREATE TABLE journal ("
  "  id             INTEGER PRIMARY KEY,"
  "  profile_id     INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
  "  entry_id       INTEGER NOT NULL,"
  "  site_anime_id  INTEGER,"
  "  site_entry_id  TEXT,"
  "  op             TEXT NOT NULL CHECK (op IN ('update', 'delete')),"
  "  changed_fields TEXT,"
  "  snapshot       TEXT,"
  "  created_at     INTEGER NOT NULL,"
  "  attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
  "  last_error     TEXT"
  ");"
  "CREATE INDEX journal_profile ON journal (profile_id);"
  "CREATE INDEX journal_entry ON journal (entry_id);"
  "CREATE TABLE search_history ("
  "  query          TEXT PRIMARY KEY NOT NULL,"
  "  used_at        INTEGER NOT NULL"
  ") WITHOUT ROWID;",

  /* Version 2: sync. A journal row that failed for good (the site refused
   * it: 404, 400) is "failed": shown on the entry, not retried by itself.
   * entry_links.conflicts keeps both sides of changes made on both ends
   * since the last sync, as a JSON array of {local, remote, remote_won,
   * created_at} where local and remote are objects of the list fields (as
   * the sync engine writes snapshots); NULL = none. */
  "ALTER TABLE journal ADD COLUMN failed INTEGER NOT NULL DEFAULT 0"
  "  CHECK (failed IN (0, 1));"
  "ALTER TABLE entry_links ADD COLUMN conflicts TEXT;",

  /* Version 3: the time of the last complete pull of a whole list (a full
   * pull also sees deletions on the site, so it runs now and then). */
  "ALTER TABLE profiles ADD COLUMN full_synced_at INTEGER NOT NULL DEFAULT 0;",
};

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

/* Wait this long for another connection (a worker's) to finish writing. */
#define BUSY_TIMEOUT_MS 5000

#define LIST_SEPARATOR '\x1f'

static const char * const visibility_names[] = {
  [KEIKA_VISIBILITY_PUBLIC] = "public",
  [KEIKA_VISIBILITY_PRIVATE] = "private",
};

/* The sites that number anime, in the order of the anime table's columns. */
static const KeikaSite anime_id_sites[] = {
  KEIKA_SITE_MAL,
  KEIKA_SITE_ANILIST,
  KEIKA_SITE_KITSU,
  KEIKA_SITE_ANITRACK,
};

typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_LOAD_ENTRIES,
  STMT_LOAD_ENTRY,
  STMT_FIND_ANIME,
  STMT_INSERT_ANIME,
  STMT_UPDATE_ANIME,
  STMT_INSERT_ENTRY,
  STMT_SELECT_ENTRY,
  STMT_UPDATE_ENTRY,
  STMT_DELETE_ENTRY,
  STMT_INSERT_JOURNAL,
  STMT_RESTORE_LINKS,
  STMT_FORGET_DELETES,
  STMT_UPSERT_PROFILE,
  STMT_UPSERT_LINK,
  STMT_COUNT_JOURNAL,
  STMT_LIST_JOURNAL,
  STMT_DELETE_JOURNAL,
  STMT_SET_LINK,
  STMT_LIST_LINKS,
  STMT_FIND_ENTRY_BY_SITE_ID,
  N_STMTS
} StmtId;

#define ANIME_COLUMNS \
  "title_romaji, title_english, title_native, synonyms, mal_id, anilist_id, " \
  "kitsu_id, anitrack_id, format, episodes, airing_status, season, " \
  "season_year, cover_url, genres, adult"

#define ENTRY_COLUMNS \
  "status, score, progress, rewatching, rewatch_count, start_date, " \
  "finish_date, notes, tags, private, favourite"

/* Anime parameters are ?1 (id) then ?2…?17 in ANIME_COLUMNS order; entry
 * parameters are ?1 (id), ?2 (anime id), ?3…?13 in ENTRY_COLUMNS order and
 * ?14 updated_at. See bind_anime() and bind_entry(). */
static const char * const stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_LOAD_ENTRIES] =
    "SELECT e.id, " ENTRY_COLUMNS ", e.updated_at, a.id, " ANIME_COLUMNS
    " FROM entries AS e JOIN anime AS a ON a.id = e.anime_id"
    " ORDER BY e.id",
  [STMT_LOAD_ENTRY] =
    "SELECT e.id, " ENTRY_COLUMNS ", e.updated_at, a.id, " ANIME_COLUMNS
    " FROM entries AS e JOIN anime AS a ON a.id = e.anime_id"
    " WHERE e.id = ?1",
  [STMT_FIND_ANIME] =
    "SELECT id, mal_id, anilist_id, kitsu_id, anitrack_id FROM anime"
    " WHERE id = ?1 OR mal_id = ?2 OR anilist_id = ?3 OR kitsu_id = ?4"
    " OR anitrack_id = ?5",
  [STMT_INSERT_ANIME] =
    "INSERT INTO anime (id, " ANIME_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5,"
    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
  [STMT_UPDATE_ANIME] =
    "UPDATE anime SET title_romaji = ?2, title_english = ?3,"
    " title_native = ?4, synonyms = ?5, mal_id = ?6, anilist_id = ?7,"
    " kitsu_id = ?8, anitrack_id = ?9, format = ?10, episodes = ?11,"
    " airing_status = ?12, season = ?13, season_year = ?14, cover_url = ?15,"
    " genres = ?16, adult = ?17 WHERE id = ?1",
  [STMT_INSERT_ENTRY] =
    "INSERT INTO entries (id, anime_id, " ENTRY_COLUMNS ", updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
  [STMT_SELECT_ENTRY] =
    "SELECT anime_id, " ENTRY_COLUMNS " FROM entries WHERE id = ?1",
  [STMT_UPDATE_ENTRY] =
    "UPDATE entries SET status = ?3, score = ?4, progress = ?5,"
    " rewatching = ?6, rewatch_count = ?7, start_date = ?8,"
    " finish_date = ?9, notes = ?10, tags = ?11, private = ?12,"
    " favourite = ?13, updated_at = ?14 WHERE id = ?1",
  [STMT_DELETE_ENTRY] = "DELETE FROM entries WHERE id = ?1",
  [STMT_INSERT_JOURNAL] =
    "INSERT INTO journal (profile_id, entry_id, site_anime_id, site_entry_id,"
    " op, changed_fields, snapshot, created_at)"
    " SELECT p.id, l.entry_id,"
    "  CASE p.site WHEN 'mal' THEN a.mal_id WHEN 'anilist' THEN a.anilist_id"
    "   WHEN 'kitsu' THEN a.kitsu_id WHEN 'anitrack' THEN a.anitrack_id END,"
    "  l.site_entry_id, ?2, ?3, CASE ?2 WHEN 'delete' THEN l.snapshot END, ?4"
    " FROM entry_links AS l"
    " JOIN profiles AS p ON p.id = l.profile_id"
    " JOIN entries AS e ON e.id = l.entry_id"
    " JOIN anime AS a ON a.id = e.anime_id"
    " WHERE l.entry_id = ?1 AND p.claimed = 1 AND p.id IS NOT ?5"
    " ORDER BY p.id",
  [STMT_RESTORE_LINKS] =
    "INSERT OR IGNORE INTO entry_links (entry_id, profile_id, site_entry_id,"
    " snapshot)"
    " SELECT entry_id, profile_id, site_entry_id, snapshot FROM journal"
    " WHERE entry_id = ?1 AND op = 'delete'",
  [STMT_FORGET_DELETES] =
    "DELETE FROM journal WHERE entry_id = ?1 AND op = 'delete'",
  [STMT_UPSERT_PROFILE] =
    "INSERT INTO profiles (id, site, name, site_user_id, visibility, claimed,"
    " synced_at, token_expiry, full_synced_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    " ON CONFLICT (id) DO UPDATE SET site = excluded.site,"
    " name = excluded.name, site_user_id = excluded.site_user_id,"
    " visibility = excluded.visibility, claimed = excluded.claimed,"
    " synced_at = excluded.synced_at, token_expiry = excluded.token_expiry,"
    " full_synced_at = excluded.full_synced_at"
    " RETURNING id",
  [STMT_UPSERT_LINK] =
    "INSERT INTO entry_links (entry_id, profile_id, site_entry_id)"
    " VALUES (?1, ?2, ?3)"
    " ON CONFLICT (entry_id, profile_id)"
    " DO UPDATE SET site_entry_id = excluded.site_entry_id",
  [STMT_COUNT_JOURNAL] = "SELECT count(*) FROM journal",
  [STMT_LIST_JOURNAL] =
    "SELECT id, profile_id, entry_id, site_anime_id, site_entry_id, op,"
    " changed_fields, created_at, attempts, last_error, failed FROM journal"
    " WHERE profile_id = ?1 AND (?2 = 1 OR failed = (?2 = 2)) ORDER BY id",
  [STMT_DELETE_JOURNAL] = "DELETE FROM journal WHERE id = ?1 RETURNING entry_id, profile_id, op",
  [STMT_SET_LINK] =
    "INSERT INTO entry_links (entry_id, profile_id, site_entry_id, snapshot, synced_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (entry_id, profile_id)"
    " DO UPDATE SET site_entry_id = coalesce (excluded.site_entry_id, site_entry_id),"
    " snapshot = excluded.snapshot, synced_at = excluded.synced_at",
  [STMT_LIST_LINKS] =
    "SELECT l.entry_id,"
    "  CASE p.site WHEN 'mal' THEN a.mal_id WHEN 'anilist' THEN a.anilist_id"
    "   WHEN 'kitsu' THEN a.kitsu_id WHEN 'anitrack' THEN a.anitrack_id END,"
    "  l.site_entry_id, l.snapshot, l.synced_at,"
    "  (SELECT count(*) FROM journal AS j WHERE j.entry_id = l.entry_id"
    "   AND j.profile_id = l.profile_id),"
    "  (SELECT max(created_at) FROM journal AS j WHERE j.entry_id = l.entry_id"
    "   AND j.profile_id = l.profile_id),"
    "  e.updated_at"
    " FROM entry_links AS l"
    " JOIN profiles AS p ON p.id = l.profile_id"
    " JOIN entries AS e ON e.id = l.entry_id"
    " JOIN anime AS a ON a.id = e.anime_id"
    " WHERE l.profile_id = ?1",
  [STMT_FIND_ENTRY_BY_SITE_ID] =
    "SELECT e.id FROM entries AS e JOIN anime AS a ON a.id = e.anime_id"
    /* Spelled out per column so that each can use its UNIQUE index. */
    " WHERE (?1 = 'mal' AND a.mal_id = ?2) OR (?1 = 'anilist' AND a.anilist_id = ?2)"
    " OR (?1 = 'kitsu' AND a.kitsu_id = ?2) OR (?1 = 'anitrack' AND a.anitrack_id = ?2)",
};

/* An id (or site id) set on a model object inside a transaction; put back
 * if the transaction rolls back, so that objects never name rows that do not
 * exist. */
typedef enum
{
  CHANGE_ENTRY_ID,
  CHANGE_ANIME_ID,
  CHANGE_ANIME_SITE_ID,
  CHANGE_PROFILE_ID,
} ChangeKind;

typedef struct
{
  ChangeKind  kind;
  KeikaSite   site;
  GObject    *object;  /* (owned) */
  gint64      old_value;
} Change;

struct _KeikaStore
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  sqlite3_stmt  *stmts[N_STMTS];  /* (owned) (nullable) prepared on first use */

  /* Transactions: only the outermost level runs BEGIN/COMMIT, the inner ones
   * are savepoints. A failed inner level dooms the whole transaction. */
  guint          depth;
  gboolean       doomed;
  GArray        *marks;           /* (element-type guint) changes->len per level */
  GArray        *changes;         /* (element-type Change) */
};

G_DEFINE_FINAL_TYPE (KeikaStore, keika_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (keika-store-error-quark, keika_store_error)

/* A cached statement, reset and unbound when it goes out of scope. */
typedef sqlite3_stmt *StmtRef;

static void
stmt_ref_clear (StmtRef *ref)
{
  if (*ref != NULL)
    {
      sqlite3_reset (*ref);
      sqlite3_clear_bindings (*ref);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StmtRef, stmt_ref_clear)

static void
change_clear (gpointer data)
{
  Change *change = data;

  g_clear_object (&change->object);
}

static void
keika_store_finalize (GObject *object)
{
  KeikaStore *self = (KeikaStore *) object;

  if (self->depth > 0)
    g_critical ("KeikaStore finalized inside a transaction; it is rolled back");

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);

  /* Closing rolls back an open transaction and checkpoints the WAL. */
  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("Could not close %s: %s", self->path, sqlite3_errmsg (self->db));
  self->db = NULL;

  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->changes, g_array_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (keika_store_parent_class)->finalize (object);
}

static void
keika_store_class_init (KeikaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keika_store_finalize;

  /* Before SQLite starts (class_init runs once, before any connection):
   * without memory statistics, which Keika never reads, SQLite takes no
   * process-wide lock on each of its allocations. Refused, harmlessly,
   * when something else in the process started SQLite first. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
}

static void
keika_store_init (KeikaStore *self)
{
  self->marks = g_array_new (FALSE, FALSE, sizeof (guint));
  self->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_array_set_clear_func (self->changes, change_clear);
}

/* Errors */

static gboolean
is_corrupt_code (int rc)
{
  int primary = rc & 0xff;

  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

static void
set_corrupt_error (GError     **error,
                   const char  *path)
{
  g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_CORRUPT,
               _("The library file “%s” is damaged or is not a Keika library. "
                 "It was left as it is. Close Keika, move the folder that holds it "
                 "elsewhere (or restore a backup of that folder), and start Keika "
                 "again to begin a new library."),
               path);
}

/* What the user can do about a failure, by SQLite's primary result code. */
static const char *
hint_for_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return _("Free some disk space and try again.");
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      return _("Check that the folder and the file can be written, then try again.");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return _("Another program is using the library; try again in a moment.");
    case SQLITE_IOERR:
      return _("The disk could not be read or written; check it and try again.");
    case SQLITE_CONSTRAINT:
      return _("Nothing was changed.");
    default:
      return "";
    }
}

/* Sets @error from the connection's last failure: CORRUPT for a damaged file,
 * FAILED with SQLite's message otherwise. @context says what failed. Call it
 * before anything else runs on the connection (a ROLLBACK clears the
 * message). */
static void
set_db_error (KeikaStore  *self,
              int          rc,
              const char  *context,
              GError     **error)
{
  const char *hint;

  if (is_corrupt_code (rc))
    {
      set_corrupt_error (error, self->path);
      return;
    }

  hint = hint_for_code (rc);
  g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
               /* Translators: what failed, SQLite's message, what to do */
               _("%s: %s. %s"),
               context, sqlite3_errmsg (self->db), hint);
  if (error != NULL && *error != NULL && hint[0] == '\0')
    g_strchomp ((*error)->message);
}

static void
set_not_found_error (GError **error)
{
  g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND,
                       _("The entry is not in the library. It may have been "
                         "removed in the meantime; reload the list."));
}

#define CONTEXT_READ  _("Could not read the library")
#define CONTEXT_WRITE _("Could not save the change")

/* Statements */

static sqlite3_stmt *
get_stmt (KeikaStore  *self,
          StmtId       id,
          GError     **error)
{
  g_assert (id < N_STMTS);

  if G_UNLIKELY (self->stmts[id] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, stmt_sql[id], -1,
                                   SQLITE_PREPARE_PERSISTENT,
                                   &self->stmts[id], NULL);
      if (rc != SQLITE_OK)
        {
          set_db_error (self, rc, CONTEXT_READ, error);
          g_clear_pointer (&self->stmts[id], sqlite3_finalize);
          return NULL;
        }
    }

  return self->stmts[id];
}

/* Runs a cached statement that returns no row we need. */
static gboolean
run_stmt (KeikaStore  *self,
          StmtId       id,
          const char  *context,
          GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  int rc;

  if (!(stmt = get_stmt (self, id, error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_db_error (self, rc, context, error);
      return FALSE;
    }

  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

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

/* 0 means "none" and is stored as NULL. */
static void
bind_id (sqlite3_stmt *stmt,
         int           index,
         gint64        id)
{
  if (id != 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Enum names */

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

/* Changes recorded for rollback */

static void
record_change (KeikaStore *self,
               ChangeKind  kind,
               gpointer    object,
               KeikaSite   site,
               gint64      old_value)
{
  Change change = { kind, site, g_object_ref (object), old_value };

  if (self->depth > 0)
    g_array_append_val (self->changes, change);
  else
    g_object_unref (change.object);
}

static void
undo_changes (KeikaStore *self,
              guint       mark)
{
  while (self->changes->len > mark)
    {
      Change *change = &g_array_index (self->changes, Change, self->changes->len - 1);

      switch (change->kind)
        {
        case CHANGE_ENTRY_ID:
          keika_list_entry_set_id (KEIKA_LIST_ENTRY (change->object), change->old_value);
          break;
        case CHANGE_ANIME_ID:
          keika_anime_set_id (KEIKA_ANIME (change->object), change->old_value);
          break;
        case CHANGE_ANIME_SITE_ID:
          keika_anime_set_site_id (KEIKA_ANIME (change->object), change->site,
                                   change->old_value);
          break;
        case CHANGE_PROFILE_ID:
          keika_profile_set_id (KEIKA_PROFILE (change->object), change->old_value);
          break;
        default:
          g_assert_not_reached ();
        }

      g_array_set_size (self->changes, self->changes->len - 1);
    }
}

/* Transactions */

static gboolean
tx_begin (KeikaStore  *self,
          GError     **error)
{
  if (self->depth == 0)
    {
      if (!run_stmt (self, STMT_BEGIN, CONTEXT_WRITE, error))
        return FALSE;
      self->doomed = FALSE;
    }
  else
    {
      /* SQLite rolls the whole transaction back by itself after some
       * errors (disk full, I/O): nothing may run outside of it. */
      if (sqlite3_get_autocommit (self->db))
        {
          self->doomed = TRUE;
          g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                               _("Could not save the change: an earlier part of it "
                                 "failed, so none of it was saved."));
          return FALSE;
        }

      /* No savepoint: a nested level that fails dooms the whole
       * transaction (tx_end()), so there is nothing to keep of it, and a
       * savepoint per row made a pull of thousands of rows slower. */
    }

  g_array_append_val (self->marks, self->changes->len);
  self->depth++;

  return TRUE;
}

static void
rollback (KeikaStore *self,
          StmtId      id)
{
  g_autoptr(GError) local_error = NULL;

  if (sqlite3_get_autocommit (self->db))
    return;

  if (!run_stmt (self, id, CONTEXT_WRITE, &local_error))
    g_warning ("Rollback failed: %s", local_error->message);
}

/* Ends the innermost level: commits (or releases the savepoint) when @ok,
 * rolls back otherwise. Returns whether the level's work was kept. @error is
 * only set when @ok was TRUE and committing failed. */
static gboolean
tx_end (KeikaStore  *self,
        gboolean     ok,
        GError     **error)
{
  guint mark;

  g_assert (self->depth > 0);

  self->depth--;
  mark = g_array_index (self->marks, guint, self->depth);
  g_array_set_size (self->marks, self->depth);

  if (self->depth > 0)
    {
      if (ok)
        {
          if (sqlite3_get_autocommit (self->db))
            g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                                 _("Could not save the change: an earlier part of it "
                                   "failed, so none of it was saved."));
          else
            return TRUE;
        }

      /* The outermost level rolls everything back. */
      self->doomed = TRUE;
      undo_changes (self, mark);
      return FALSE;
    }

  if (ok && self->doomed)
    {
      g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                           _("Could not save the change: a part of it failed, "
                             "so none of it was saved."));
      ok = FALSE;
    }

  if (ok && run_stmt (self, STMT_COMMIT, CONTEXT_WRITE, error))
    {
      g_array_set_size (self->changes, 0);
      return TRUE;
    }

  rollback (self, STMT_ROLLBACK);
  undo_changes (self, 0);
  self->doomed = FALSE;

  return FALSE;
}

/* Opening */

static gboolean
exec_sql (KeikaStore  *self,
          const char  *sql,
          const char  *context,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (self, rc, context, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (KeikaStore  *self,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }

  if (rc != SQLITE_OK)
    set_db_error (self, rc, CONTEXT_READ, error);

  sqlite3_finalize (stmt);

  return rc == SQLITE_OK;
}

static gboolean
migrate (KeikaStore  *self,
         GError     **error)
{
  g_autofree char *set_version = NULL;
  gint64 version = 0;
  gboolean ok;

  if (!tx_begin (self, error))
    return FALSE;

  /* Read again inside the transaction: another process may have migrated. */
  ok = query_int (self, "PRAGMA user_version", &version, error);
  if (ok && version > SCHEMA_VERSION)
    {
      ok = FALSE;
      g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NEWER_VERSION,
                   _("The library “%s” was saved by a newer version of Keika. "
                     "It was left as it is; update Keika to open it."),
                   self->path);
    }

  for (gint64 v = version; ok && v < SCHEMA_VERSION; v++)
    {
      g_debug ("Migrating %s to schema version %" G_GINT64_FORMAT, self->path, v + 1);
      ok = exec_sql (self, migrations[v], _("Could not update the library to this version of Keika"), error);
    }

  if (ok && version < SCHEMA_VERSION)
    {
      set_version = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
      ok = exec_sql (self, set_version, CONTEXT_WRITE, error);
    }

  return tx_end (self, ok, ok ? error : NULL);
}

static gboolean
open_db (KeikaStore  *self,
         GError     **error)
{
  g_autofree char *dir = NULL;
  gint64 version = 0;
  gint64 n_objects = 0;
  int rc;

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                   _("Could not create the folder “%s” for the library: %s. "
                     "Check that it can be written."),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      if (self->db == NULL)
        {
          g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                       _("Could not open the library “%s”: out of memory."),
                       self->path);
          return FALSE;
        }

      {
        g_autofree char *context = g_strdup_printf (_("Could not open the library “%s”"), self->path);
        set_db_error (self, rc, context, error);
      }
      return FALSE;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* Nothing is written before the version is known: this is the first read
   * of the file, and fails with SQLITE_NOTADB on a file that is not a
   * database. */
  if (!query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NEWER_VERSION,
                   _("The library “%s” was saved by a newer version of Keika. "
                     "It was left as it is; update Keika to open it."),
                   self->path);
      return FALSE;
    }

  /* A database of some other program: leave it alone too. */
  if (version == 0)
    {
      if (!query_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
        return FALSE;
      if (n_objects > 0)
        {
          set_corrupt_error (error, self->path);
          return FALSE;
        }
    }

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED,
                   _("The library “%s” cannot be written. Check the permissions "
                     "of the file and its folder."),
                   self->path);
      return FALSE;
    }

  /* WAL: readers (a worker's connection) never block the writer. With
   * synchronous=NORMAL a commit survives the process being killed; only a
   * power loss can lose the last commits, never corrupt the file.
   * mmap is only switched on while the whole library is read (see
   * keika_store_load_entries()): the mapped pages would otherwise stay in
   * the resident memory for as long as Keika runs. */
  if (!exec_sql (self,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;",
                 CONTEXT_WRITE, error))
    return FALSE;

  if (version < SCHEMA_VERSION && !migrate (self, error))
    return FALSE;

  return TRUE;
}

char *
keika_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "keika", "keika.db", NULL);
}

/**
 * keika_store_open:
 * @path: (nullable): the database file, or %NULL for the default path
 *
 * Opens (creating it if needed) and migrates the database.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
KeikaStore *
keika_store_open (const char  *path,
                  GError     **error)
{
  g_autoptr(KeikaStore) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (KEIKA_TYPE_STORE, NULL);
  self->path = path != NULL ? g_strdup (path) : keika_store_dup_default_path ();

  if (!open_db (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
keika_store_get_path (KeikaStore *self)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);

  return self->path;
}

guint
keika_store_get_schema_version (void)
{
  return SCHEMA_VERSION;
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
  return split_list (scratch, column_text (stmt, column),
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

  anime = keika_anime_new (column_text (stmt, LOAD_TITLE_ROMAJI));
  keika_anime_set_id (anime, sqlite3_column_int64 (stmt, LOAD_ANIME_ID));
  keika_anime_set_title_english (anime, column_text (stmt, LOAD_TITLE_ENGLISH));
  keika_anime_set_title_native (anime, column_text (stmt, LOAD_TITLE_NATIVE));
  keika_anime_set_synonyms (anime, column_list (stmt, LOAD_SYNONYMS, scratch));
  for (guint i = 0; i < G_N_ELEMENTS (anime_id_sites); i++)
    {
      gint64 site_id = sqlite3_column_int64 (stmt, LOAD_MAL_ID + i);

      if (site_id != 0)
        keika_anime_set_site_id (anime, anime_id_sites[i], site_id);
    }
  if (keika_format_from_string (column_text (stmt, LOAD_FORMAT), &format))
    keika_anime_set_format (anime, format);
  if (keika_airing_status_from_string (column_text (stmt, LOAD_AIRING_STATUS), &airing_status))
    keika_anime_set_airing_status (anime, airing_status);
  if (keika_season_from_string (column_text (stmt, LOAD_SEASON), &season))
    keika_anime_set_season (anime, season);
  keika_anime_set_season_year (anime, sqlite3_column_int (stmt, LOAD_SEASON_YEAR));
  keika_anime_set_cover_url (anime, column_text (stmt, LOAD_COVER_URL));
  keika_anime_set_genres (anime, column_list (stmt, LOAD_GENRES, scratch));
  keika_anime_set_adult (anime, sqlite3_column_int (stmt, LOAD_ADULT) != 0);

  entry = keika_list_entry_new (anime);
  keika_list_entry_set_id (entry, sqlite3_column_int64 (stmt, LOAD_ENTRY_ID));
  if (keika_status_from_string (column_text (stmt, LOAD_STATUS), &status))
    keika_list_entry_set_status (entry, status);
  keika_list_entry_set_score (entry, sqlite3_column_int (stmt, LOAD_SCORE));
  keika_list_entry_set_progress (entry, sqlite3_column_int64 (stmt, LOAD_PROGRESS));
  keika_list_entry_set_rewatch_count (entry, sqlite3_column_int64 (stmt, LOAD_REWATCH_COUNT));
  keika_list_entry_set_rewatching (entry, sqlite3_column_int (stmt, LOAD_REWATCHING) != 0);
  keika_list_entry_set_start_date (entry, column_text (stmt, LOAD_START_DATE));
  keika_list_entry_set_finish_date (entry, column_text (stmt, LOAD_FINISH_DATE));
  keika_list_entry_set_notes (entry, column_text (stmt, LOAD_NOTES));
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

  if (!(stmt = get_stmt (self, STMT_LOAD_ENTRIES, error)))
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
      set_db_error (self, rc, CONTEXT_READ, error);
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

  if (!(stmt = get_stmt (self, STMT_LOAD_ENTRY, error)))
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
    set_not_found_error (error);
  else
    set_db_error (self, rc, CONTEXT_READ, error);

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
bind_anime (sqlite3_stmt *stmt,
            KeikaAnime   *anime)
{
  bind_text (stmt, 2, keika_anime_get_title_romaji (anime));
  bind_text (stmt, 3, keika_anime_get_title_english (anime));
  bind_text (stmt, 4, keika_anime_get_title_native (anime));
  bind_text_take (stmt, 5, join_list (keika_anime_get_synonyms (anime)));
  for (guint i = 0; i < G_N_ELEMENTS (anime_id_sites); i++)
    bind_id (stmt, 6 + i, keika_anime_get_site_id (anime, anime_id_sites[i]));
  bind_text (stmt, 10, keika_format_to_string (keika_anime_get_format (anime)));
  sqlite3_bind_int64 (stmt, 11, keika_anime_get_episodes (anime));
  bind_text (stmt, 12, keika_airing_status_to_string (keika_anime_get_airing_status (anime)));
  bind_text (stmt, 13, keika_season_to_string (keika_anime_get_season (anime)));
  sqlite3_bind_int64 (stmt, 14, keika_anime_get_season_year (anime));
  bind_text (stmt, 15, keika_anime_get_cover_url (anime));
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
  bind_text (stmt, 3, values->status);
  sqlite3_bind_int64 (stmt, 4, values->score);
  sqlite3_bind_int64 (stmt, 5, values->progress);
  sqlite3_bind_int (stmt, 6, values->rewatching);
  sqlite3_bind_int64 (stmt, 7, values->rewatch_count);
  bind_text (stmt, 8, values->start_date);
  bind_text (stmt, 9, values->finish_date);
  bind_text (stmt, 10, values->notes);
  bind_text (stmt, 11, values->tags);
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
               GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  int rc;

  if (!(stmt = get_stmt (self, STMT_INSERT_JOURNAL, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, entry_id);
  bind_text (stmt, 2, op);
  bind_text (stmt, 3, changed_fields);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  bind_id (stmt, 5, except_profile_id);

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

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

  if (!(stmt = get_stmt (self, STMT_FIND_ANIME, error)))
    return FALSE;

  anime_id = keika_anime_get_id (anime);
  bind_id (stmt, 1, anime_id);
  for (guint i = 0; i < G_N_ELEMENTS (anime_id_sites); i++)
    bind_id (stmt, 2 + i, keika_anime_get_site_id (anime, anime_id_sites[i]));

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
      set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
store_anime (KeikaStore  *self,
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
              record_change (self, CHANGE_ANIME_SITE_ID, anime, site, 0);
              keika_anime_set_site_id (anime, site, row_site_ids[i]);
            }
        }

      if (!(stmt = get_stmt (self, STMT_UPDATE_ANIME, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, found_id);
    }
  else
    {
      if (!(stmt = get_stmt (self, STMT_INSERT_ANIME, error)))
        return FALSE;
      sqlite3_bind_null (stmt, 1);
    }

  bind_anime (stmt, anime);

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

  if (found_id == 0)
    found_id = sqlite3_last_insert_rowid (self->db);

  if (keika_anime_get_id (anime) != found_id)
    {
      record_change (self, CHANGE_ANIME_ID, anime, 0, keika_anime_get_id (anime));
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

      if (!(stmt = get_stmt (self, ids[i], error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, entry_id);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          set_db_error (self, rc, CONTEXT_WRITE, error);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
add_entry (KeikaStore      *self,
           KeikaListEntry  *entry,
           GError         **error)
{
  KeikaAnime *anime = keika_list_entry_get_anime (entry);
  g_auto(EntryValues) values = { 0 };
  g_auto(StmtRef) stmt = NULL;
  gint64 entry_id;
  int rc;

  if (!store_anime (self, anime, error))
    return FALSE;

  if (!(stmt = get_stmt (self, STMT_INSERT_ENTRY, error)))
    return FALSE;

  entry_id = keika_list_entry_get_id (entry);
  entry_values_init (&values, entry);
  bind_id (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, keika_anime_get_id (anime));
  bind_entry (stmt, &values, entry);

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

  if (entry_id != 0)
    return restore_links (self, entry_id, error);

  record_change (self, CHANGE_ENTRY_ID, entry, 0, 0);
  keika_list_entry_set_id (entry, sqlite3_last_insert_rowid (self->db));

  return TRUE;
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

  if (!tx_begin (self, error))
    return FALSE;

  ok = add_entry (self, entry, error);

  return tx_end (self, ok, ok ? error : NULL);
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

  add_changed (fields, g_strcmp0 (column_text (row, 1), values->status) != 0, "status");
  add_changed (fields, sqlite3_column_int64 (row, 2) != values->score, "score");
  add_changed (fields, sqlite3_column_int64 (row, 3) != values->progress, "progress");
  add_changed (fields, sqlite3_column_int (row, 4) != values->rewatching, "rewatching");
  add_changed (fields, sqlite3_column_int64 (row, 5) != values->rewatch_count, "rewatch-count");
  add_changed (fields, g_strcmp0 (column_text (row, 6), values->start_date) != 0, "start-date");
  add_changed (fields, g_strcmp0 (column_text (row, 7), values->finish_date) != 0, "finish-date");
  add_changed (fields, g_strcmp0 (column_text (row, 8), values->notes) != 0, "notes");
  add_changed (fields, g_strcmp0 (column_text (row, 9), values->tags) != 0, "tags");
  add_changed (fields, sqlite3_column_int (row, 10) != values->private_, "private");
  add_changed (fields, sqlite3_column_int (row, 11) != values->favourite, "favourite");

  return g_string_free (fields, FALSE);
}

static gboolean
save_entry (KeikaStore      *self,
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

    if (!(stmt = get_stmt (self, STMT_SELECT_ENTRY, error)))
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, entry_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      {
        set_not_found_error (error);
        return FALSE;
      }
    if (rc != SQLITE_ROW)
      {
        set_db_error (self, rc, CONTEXT_WRITE, error);
        return FALSE;
      }
    anime_id = sqlite3_column_int64 (stmt, 0);
    changed = diff_entry (stmt, &values);
  }

  {
    g_auto(StmtRef) stmt = NULL;

    if (!(stmt = get_stmt (self, STMT_UPDATE_ENTRY, error)))
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, entry_id);
    bind_entry (stmt, &values, entry);
    if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
      {
        set_db_error (self, rc, CONTEXT_WRITE, error);
        return FALSE;
      }
  }

  {
    g_auto(StmtRef) stmt = NULL;

    if (!(stmt = get_stmt (self, STMT_UPDATE_ANIME, error)))
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, anime_id);
    bind_anime (stmt, anime);
    if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
      {
        set_db_error (self, rc, CONTEXT_WRITE, error);
        return FALSE;
      }
  }

  if (keika_anime_get_id (anime) != anime_id)
    {
      record_change (self, CHANGE_ANIME_ID, anime, 0, keika_anime_get_id (anime));
      keika_anime_set_id (anime, anime_id);
    }

  /* Only a change of the entry itself is pushed to the sites. */
  if (changed[0] != '\0')
    return write_journal (self, entry_id, "update", changed, except_profile_id, error);

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
      set_not_found_error (error);
      return FALSE;
    }

  if (!tx_begin (self, error))
    return FALSE;

  ok = save_entry (self, entry, 0, error);

  return tx_end (self, ok, ok ? error : NULL);
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
  if (!write_journal (self, entry_id, "delete", NULL, 0, error))
    return FALSE;

  if (!(stmt = get_stmt (self, STMT_DELETE_ENTRY, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

  if (sqlite3_changes (self->db) == 0)
    {
      set_not_found_error (error);
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
      set_not_found_error (error);
      return FALSE;
    }

  if (!tx_begin (self, error))
    return FALSE;

  ok = delete_entry (self, entry, error);

  return tx_end (self, ok, ok ? error : NULL);
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

  if (!tx_begin (self, error))
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
      tx_end (self, FALSE, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (local_error != NULL)
    {
      g_critical ("KeikaStoreTransactionFunc %p returned TRUE and set an error: %s",
                  func, local_error->message);
      g_clear_error (&local_error);
    }

  return tx_end (self, TRUE, error);
}

/* Profiles and the journal */

static gboolean
add_profile (KeikaStore    *self,
             KeikaProfile  *profile,
             GError       **error)
{
  g_auto(StmtRef) stmt = NULL;
  gint64 id;
  int rc;

  if (!(stmt = get_stmt (self, STMT_UPSERT_PROFILE, error)))
    return FALSE;

  bind_id (stmt, 1, keika_profile_get_id (profile));
  bind_text (stmt, 2, keika_site_to_string (keika_profile_get_site (profile)));
  bind_text (stmt, 3, keika_profile_get_name (profile) != NULL ?
                      keika_profile_get_name (profile) : "");
  bind_text (stmt, 4, keika_profile_get_site_user_id (profile));
  bind_text (stmt, 5, NAME_OF (visibility_names, keika_profile_get_visibility (profile)));
  sqlite3_bind_int (stmt, 6, keika_profile_get_claimed (profile) ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, keika_profile_get_synced_at (profile));
  sqlite3_bind_int64 (stmt, 8, keika_profile_get_token_expiry (profile));
  sqlite3_bind_int64 (stmt, 9, keika_profile_get_full_synced_at (profile));

  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }
  id = sqlite3_column_int64 (stmt, 0);

  /* RETURNING: the row is written once the statement has run to its end. */
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }

  if (keika_profile_get_id (profile) != id)
    {
      record_change (self, CHANGE_PROFILE_ID, profile, 0, keika_profile_get_id (profile));
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

  if (!tx_begin (self, error))
    return FALSE;

  ok = add_profile (self, profile, error);

  return tx_end (self, ok, ok ? error : NULL);
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

  if (!(stmt = get_stmt (self, STMT_UPSERT_LINK, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, keika_list_entry_get_id (entry));
  sqlite3_bind_int64 (stmt, 2, keika_profile_get_id (profile));
  bind_text (stmt, 3, site_entry_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND,
                           _("The entry or the profile is not in the library."));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, CONTEXT_WRITE, error);
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

  if (!tx_begin (self, error))
    return FALSE;

  ok = link_entry (self, entry, profile, site_entry_id, error);

  return tx_end (self, ok, ok ? error : NULL);
}

guint
keika_store_count_journal (KeikaStore  *self,
                           GError     **error)
{
  g_auto(StmtRef) stmt = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!(stmt = get_stmt (self, STMT_COUNT_JOURNAL, error)))
    return 0;

  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      set_db_error (self, rc, CONTEXT_READ, error);
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

/* Runs one ad hoc statement (not cached) with up to a few bound values, as
 * a store transaction of its own (or a part of the caller's); for the rare
 * writes below. Types: 'i' gint64, 's' text (NULL = NULL). */
static gboolean
exec_bound (KeikaStore  *self,
            const char  *sql,
            const char  *types,
            GError     **error,
            ...)
{
  sqlite3_stmt *stmt = NULL;
  va_list args;
  gboolean ok;
  int rc;

  if (!tx_begin (self, error))
    return FALSE;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (self, rc, CONTEXT_WRITE, error);
      return tx_end (self, FALSE, NULL);
    }

  va_start (args, error);
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 'i')
        sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
      else
        bind_text (stmt, i + 1, va_arg (args, const char *));
    }
  va_end (args);

  rc = sqlite3_step (stmt);
  ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
  if (!ok)
    set_db_error (self, rc, CONTEXT_WRITE, error);
  sqlite3_finalize (stmt);

  return tx_end (self, ok, ok ? error : NULL);
}

GPtrArray *
keika_store_list_journal (KeikaStore        *self,
                          gint64             profile_id,
                          KeikaJournalList   which,
                          GError           **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_auto(StmtRef) stmt = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(stmt = get_stmt (self, STMT_LIST_JOURNAL, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_int (stmt, 2, (int) which);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_journal_item_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KeikaJournalItem *item = g_new0 (KeikaJournalItem, 1);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->profile_id = sqlite3_column_int64 (stmt, 1);
      item->entry_id = sqlite3_column_int64 (stmt, 2);
      item->site_anime_id = sqlite3_column_int64 (stmt, 3);
      item->site_entry_id = g_strdup (column_text (stmt, 4));
      item->op = g_strcmp0 (column_text (stmt, 5), "delete") == 0 ?
                 KEIKA_JOURNAL_OP_DELETE : KEIKA_JOURNAL_OP_UPDATE;
      item->changed_fields = g_strdup (column_text (stmt, 6));
      item->created_at = sqlite3_column_int64 (stmt, 7);
      item->attempts = (guint) sqlite3_column_int64 (stmt, 8);
      item->last_error = g_strdup (column_text (stmt, 9));
      item->failed = sqlite3_column_int (stmt, 10) != 0;
      g_ptr_array_add (items, item);
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }

  return g_steal_pointer (&items);
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

    if (!(stmt = get_stmt (self, STMT_DELETE_JOURNAL, error)))
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, done->journal_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      return TRUE;  /* already gone: nothing to do */
    if (rc != SQLITE_ROW)
      {
        set_db_error (self, rc, CONTEXT_WRITE, error);
        return FALSE;
      }
    entry_id = sqlite3_column_int64 (stmt, 0);
    profile_id = sqlite3_column_int64 (stmt, 1);
    op = g_strdup (column_text (stmt, 2));
    if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
      {
        set_db_error (self, rc, CONTEXT_WRITE, error);
        return FALSE;
      }
  }

  if (g_strcmp0 (op, "update") != 0 || done->snapshot == NULL)
    return TRUE;

  /* Only an existing link is advanced: a link removed meanwhile stays gone. */
  return exec_bound (self,
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
                            gboolean     permanent,
                            GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return exec_bound (self,
                     "UPDATE journal SET attempts = attempts + 1, last_error = ?1,"
                     " failed = max (failed, ?2) WHERE id = ?3",
                     "sii", error, message, (gint64) (permanent ? 1 : 0), journal_id);
}

gboolean
keika_store_journal_retry (KeikaStore  *self,
                           gint64       journal_id,
                           GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return exec_bound (self, "UPDATE journal SET failed = 0, attempts = 0 WHERE id = ?1",
                     "i", error, journal_id);
}

gboolean
keika_store_journal_update (KeikaStore  *self,
                            gint64       entry_id,
                            gint64       profile_id,
                            const char  *changed_fields,
                            GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return exec_bound (self,
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
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT entry_id, profile_id FROM journal WHERE id = ?1",
                           -1, &stmt, NULL);
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
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, CONTEXT_WRITE, error);
      return FALSE;
    }
  if (entry_id == 0)
    return TRUE;

  /* Every pending change of that entry for that profile goes: the entry is
   * put back as the site has it. */
  if (!exec_bound (self, "DELETE FROM journal WHERE entry_id = ?1 AND profile_id = ?2",
                   "ii", error, entry_id, profile_id))
    return FALSE;

  if (discard->restored != NULL)
    return save_entry (self, discard->restored, profile_id, error);

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

  return exec_bound (self, "DELETE FROM journal WHERE entry_id = ?1 AND profile_id = ?2",
                     "ii", error, unlink->entry_id, unlink->profile_id) &&
         exec_bound (self, "DELETE FROM entry_links WHERE entry_id = ?1 AND profile_id = ?2",
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
  sqlite3_stmt *stmt = NULL;
  char *snapshot = NULL;
  int rc;

  g_return_val_if_fail (KEIKA_IS_STORE (self), NULL);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT snapshot FROM entry_links WHERE entry_id = ?1 AND profile_id = ?2",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, entry_id);
      sqlite3_bind_int64 (stmt, 2, profile_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          snapshot = g_strdup (column_text (stmt, 0));
          rc = SQLITE_DONE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    set_db_error (self, rc, CONTEXT_READ, error);

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

  if (!tx_begin (self, error))
    return FALSE;

  ok = (stmt = get_stmt (self, STMT_SET_LINK, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, entry_id);
      sqlite3_bind_int64 (stmt, 2, profile_id);
      bind_text (stmt, 3, site_entry_id);
      bind_text (stmt, 4, snapshot);
      sqlite3_bind_int64 (stmt, 5, synced_at);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
            g_set_error_literal (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND,
                                 _("The entry or the profile is not in the library."));
          else
            set_db_error (self, rc, CONTEXT_WRITE, error);
          ok = FALSE;
        }
    }

  return tx_end (self, ok, ok ? error : NULL);
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

  if (!(stmt = get_stmt (self, STMT_LIST_LINKS, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);

  links = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_link_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KeikaLinkInfo *info = g_new0 (KeikaLinkInfo, 1);

      info->entry_id = sqlite3_column_int64 (stmt, 0);
      info->site_anime_id = sqlite3_column_int64 (stmt, 1);
      info->site_entry_id = g_strdup (column_text (stmt, 2));
      info->snapshot = g_strdup (column_text (stmt, 3));
      info->synced_at = sqlite3_column_int64 (stmt, 4);
      info->n_pending = (guint) sqlite3_column_int64 (stmt, 5);
      info->last_change = MAX (sqlite3_column_int64 (stmt, 6), sqlite3_column_int64 (stmt, 7));
      g_ptr_array_add (links, info);
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }

  return g_steal_pointer (&links);
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

  if (!(stmt = get_stmt (self, STMT_FIND_ENTRY_BY_SITE_ID, error)))
    return 0;
  bind_text (stmt, 1, keika_site_to_string (site));
  sqlite3_bind_int64 (stmt, 2, site_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    set_db_error (self, rc, CONTEXT_READ, error);

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
      set_not_found_error (error);
      return FALSE;
    }

  if (!tx_begin (self, error))
    return FALSE;

  ok = save_entry (self, entry, source_profile_id, error);

  return tx_end (self, ok, ok ? error : NULL);
}

gboolean
keika_store_set_profile_synced_at (KeikaStore  *self,
                                   gint64       profile_id,
                                   gint64       synced_at,
                                   gboolean     full,
                                   GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return exec_bound (self,
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
  g_return_val_if_fail (local != NULL && remote != NULL, FALSE);

  /* Nothing changed when either is missing: nothing to roll back. */
  if (!exec_bound (self,
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
   * than once (a 10,000-entry pull: 0.95 s of CPU, 0.55 s without). */
  sqlite3_exec (self->db, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY",
                NULL, NULL, NULL);
}

gboolean
keika_store_clear_conflicts (KeikaStore  *self,
                             gint64       entry_id,
                             gint64       profile_id,
                             GError     **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (self), FALSE);

  return exec_bound (self,
                     "UPDATE entry_links SET conflicts = NULL"
                     " WHERE entry_id = ?1 AND profile_id = ?2",
                     "ii", error, entry_id, profile_id);
}

GPtrArray *
keika_store_list_conflicts (KeikaStore  *self,
                            gint64       entry_id,
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
                           " ORDER BY l.entry_id, l.profile_id, c.key",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, entry_id);

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_conflict_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KeikaConflict *conflict = g_new0 (KeikaConflict, 1);

      conflict->id = sqlite3_column_int64 (stmt, 0);
      conflict->entry_id = sqlite3_column_int64 (stmt, 1);
      conflict->profile_id = sqlite3_column_int64 (stmt, 2);
      conflict->local = g_strdup (column_text (stmt, 3));
      conflict->remote = g_strdup (column_text (stmt, 4));
      conflict->remote_won = sqlite3_column_int (stmt, 5) != 0;
      conflict->created_at = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (conflicts, conflict);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, CONTEXT_READ, error);
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
                           " synced_at, token_expiry, full_synced_at FROM profiles ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (self, rc, CONTEXT_READ, error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  profiles = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KeikaProfile *profile;
      KeikaSite site;

      if (!keika_site_from_string (column_text (stmt, 1), &site))
        continue;

      profile = keika_profile_new (site, column_text (stmt, 2));
      keika_profile_set_id (profile, sqlite3_column_int64 (stmt, 0));
      keika_profile_set_site_user_id (profile, column_text (stmt, 3));
      keika_profile_set_visibility (profile,
                                    g_strcmp0 (column_text (stmt, 4), "private") == 0 ?
                                    KEIKA_VISIBILITY_PRIVATE : KEIKA_VISIBILITY_PUBLIC);
      keika_profile_set_claimed (profile, sqlite3_column_int (stmt, 5) != 0);
      keika_profile_set_synced_at (profile, sqlite3_column_int64 (stmt, 6));
      keika_profile_set_token_expiry (profile, sqlite3_column_int64 (stmt, 7));
      keika_profile_set_full_synced_at (profile, sqlite3_column_int64 (stmt, 8));
      g_ptr_array_add (profiles, profile);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, CONTEXT_READ, error);
      return NULL;
    }

  return g_steal_pointer (&profiles);
}

