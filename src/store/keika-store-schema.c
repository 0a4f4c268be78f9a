/* keika-store-schema.c — the tables, their migrations and the statements' SQL
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaStore"

#include "config.h"

#include "keika-store-private.h"

/* How values are kept on disk
 *
 * Enums are stored by stable text names, never by their C values, so that
 * reordering an enum cannot silently change what a file means:
 *   - status and format use keika_status_to_string()/keika_format_to_string();
 *   - airing status, season, site and visibility use their name tables (the
 *     model's; visibility's is in keika-store-sync.c).
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

const char * const store_migrations[] = {
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

  /* Version 4: every site. send_changes is the person's switch "Send my
   * changes here" per profile (off: its changes are journalled but wait). site_misses remembers that a site was asked
   * for an anime of the library and has no match (so it is not asked again
   * on every sync); the person can then pick the anime by hand or leave the
   * entry unmirrored there. */
  "ALTER TABLE profiles ADD COLUMN send_changes INTEGER NOT NULL DEFAULT 1"
  "  CHECK (send_changes IN (0, 1));"
  "CREATE TABLE site_misses ("
  "  anime_id       INTEGER NOT NULL REFERENCES anime (id) ON DELETE CASCADE,"
  "  site           TEXT NOT NULL,"
  "  looked_up_at   INTEGER NOT NULL,"
  "  PRIMARY KEY (anime_id, site)"
  ") WITHOUT ROWID;"
  /* An entry the person chose to keep only here, not on that profile
   * ("Keep Only Here", "Leave Unmirrored"): never linked again by itself. */
  "CREATE TABLE unmirrored ("
  "  entry_id       INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,"
  "  profile_id     INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (entry_id, profile_id)"
  ") WITHOUT ROWID;",

  /* Version 5: what the site said about each field of a change it refused
   * (a JSON object: Keika's field name → the site's message), so the editor
   * shows it under the field; NULL when the site named no field. */
  "ALTER TABLE journal ADD COLUMN refused_fields TEXT;",
};

const int store_n_migrations = (int) G_N_ELEMENTS (store_migrations);

#define ANIME_COLUMNS \
  "title_romaji, title_english, title_native, synonyms, mal_id, anilist_id, " \
  "kitsu_id, anitrack_id, format, episodes, airing_status, season, " \
  "season_year, cover_url, genres, adult"

#define ENTRY_COLUMNS \
  "status, score, progress, rewatching, rewatch_count, start_date, " \
  "finish_date, notes, tags, private, favourite"

/* Anime parameters are ?1 (id) then ?2…?17 in ANIME_COLUMNS order; entry
 * parameters are ?1 (id), ?2 (anime id), ?3…?13 in ENTRY_COLUMNS order and
 * ?14 updated_at. See bind_anime() and bind_entry() in
 * keika-store-entries.c. */
/* A link with what a pull merges against: the site's anime id, the
 * snapshot, the changes waiting and when the entry last changed here. */
#define LINK_COLUMNS(n_pending, last_change) \
  "SELECT l.entry_id," \
  "  CASE p.site WHEN 'mal' THEN a.mal_id WHEN 'anilist' THEN a.anilist_id" \
  "   WHEN 'kitsu' THEN a.kitsu_id WHEN 'anitrack' THEN a.anitrack_id END," \
  "  l.site_entry_id, l.snapshot, l.synced_at, " n_pending ", " last_change "," \
  "  e.updated_at, a.episodes" \
  " FROM entry_links AS l" \
  " JOIN profiles AS p ON p.id = l.profile_id" \
  " JOIN entries AS e ON e.id = l.entry_id" \
  " JOIN anime AS a ON a.id = e.anime_id"

const char * const store_stmt_sql[N_STMTS] = {
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
    " synced_at, token_expiry, full_synced_at, send_changes)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    " ON CONFLICT (id) DO UPDATE SET site = excluded.site,"
    " name = excluded.name, site_user_id = excluded.site_user_id,"
    " visibility = excluded.visibility, claimed = excluded.claimed,"
    " synced_at = excluded.synced_at, token_expiry = excluded.token_expiry,"
    " full_synced_at = excluded.full_synced_at,"
    " send_changes = excluded.send_changes"
    " RETURNING id",
  [STMT_UPSERT_LINK] =
    "INSERT INTO entry_links (entry_id, profile_id, site_entry_id)"
    " VALUES (?1, ?2, ?3)"
    " ON CONFLICT (entry_id, profile_id)"
    " DO UPDATE SET site_entry_id = excluded.site_entry_id",
  [STMT_COUNT_JOURNAL] = "SELECT count(*) FROM journal",
  [STMT_LIST_JOURNAL] =
    "SELECT id, profile_id, entry_id, site_anime_id, site_entry_id, op,"
    " changed_fields, created_at, attempts, last_error, failed, refused_fields FROM journal"
    " WHERE profile_id = ?1 AND (?2 = 1 OR failed = (?2 = 2)) ORDER BY id",
  [STMT_LIST_ENTRY_JOURNAL] =
    "SELECT id, profile_id, entry_id, site_anime_id, site_entry_id, op,"
    " changed_fields, created_at, attempts, last_error, failed, refused_fields FROM journal"
    " WHERE entry_id = ?3 AND profile_id = ?1 AND (?2 = 1 OR failed = (?2 = 2)) ORDER BY id",
  [STMT_DELETE_JOURNAL] = "DELETE FROM journal WHERE id = ?1 RETURNING entry_id, profile_id, op",
  [STMT_SET_LINK] =
    "INSERT INTO entry_links (entry_id, profile_id, site_entry_id, snapshot, synced_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (entry_id, profile_id)"
    " DO UPDATE SET site_entry_id = coalesce (excluded.site_entry_id, site_entry_id),"
    " snapshot = excluded.snapshot, synced_at = excluded.synced_at",
  /* Every link of a profile: its journal read once, grouped. */
  [STMT_LIST_LINKS] =
    LINK_COLUMNS ("coalesce (j.n, 0)", "j.last")
    " LEFT JOIN (SELECT entry_id, count (*) AS n, max (created_at) AS last FROM journal"
    "            WHERE profile_id = ?1 GROUP BY entry_id) AS j ON j.entry_id = l.entry_id"
    " WHERE l.profile_id = ?1",
  /* One link: its own journal rows. */
  [STMT_GET_LINK] =
    LINK_COLUMNS ("(SELECT count (*) FROM journal AS j"
                  " WHERE j.entry_id = l.entry_id AND j.profile_id = l.profile_id)",
                  "(SELECT max (created_at) FROM journal AS j"
                  " WHERE j.entry_id = l.entry_id AND j.profile_id = l.profile_id)")
    " WHERE l.profile_id = ?1 AND l.entry_id = ?2",
  [STMT_FIND_ENTRY_BY_SITE_ID] =
    "SELECT e.id FROM entries AS e JOIN anime AS a ON a.id = e.anime_id"
    /* Spelled out per column so that each can use its UNIQUE index. */
    " WHERE (?1 = 'mal' AND a.mal_id = ?2) OR (?1 = 'anilist' AND a.anilist_id = ?2)"
    " OR (?1 = 'kitsu' AND a.kitsu_id = ?2) OR (?1 = 'anitrack' AND a.anitrack_id = ?2)",
  /* New entries, ids ?1 to ?4, to every signed-in profile but ?2 (see
   * store_mirror()): by the entries' key, for it runs for each entry a pull
   * adds, or once for all of them. */
  [STMT_MIRROR_ENTRY_JOURNAL] =
    "INSERT INTO journal (profile_id, entry_id, site_anime_id, op, changed_fields, created_at)"
    " SELECT p.id, e.id,"
    "  CASE p.site WHEN 'mal' THEN a.mal_id WHEN 'anilist' THEN a.anilist_id"
    "   WHEN 'kitsu' THEN a.kitsu_id WHEN 'anitrack' THEN a.anitrack_id END,"
    "  'update', 'status,score,progress,rewatching,rewatch-count,start-date,finish-date,"
    "notes,tags,private,favourite', iif (e.updated_at > 0, e.updated_at, ?3)"
    " FROM entries AS e JOIN anime AS a ON a.id = e.anime_id, profiles AS p"
    " WHERE e.id BETWEEN ?1 AND ?4 AND p.claimed = 1 AND p.id IS NOT ?2"
    " AND p.site IN ('mal', 'anilist', 'kitsu', 'anitrack')"
    " AND NOT EXISTS (SELECT 1 FROM entry_links AS l WHERE l.entry_id = e.id AND l.profile_id = p.id)"
    " ORDER BY p.id, e.id",
  [STMT_MIRROR_ENTRY_LINKS] =
    "INSERT INTO entry_links (entry_id, profile_id)"
    " SELECT e.id, p.id FROM entries AS e, profiles AS p"
    " WHERE e.id BETWEEN ?1 AND ?4 AND p.claimed = 1 AND p.id IS NOT ?2"
    " AND p.site IN ('mal', 'anilist', 'kitsu', 'anitrack')"
    " AND NOT EXISTS (SELECT 1 FROM entry_links AS l WHERE l.entry_id = e.id AND l.profile_id = p.id)",
};
