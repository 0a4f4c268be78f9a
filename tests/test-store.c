/* test-store.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaStore"

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "keika-anime.h"
#include "keika-library.h"
#include "keika-profile.h"
#include "keika-store.h"

#include "test-util.h"

#define CRASH_CHILD_ARG "--crash-child"
#define CRASH_N_ENTRIES 40

/* A fresh directory per test, removed afterwards. */
typedef struct
{
  char *dir;
  char *db_path;
} TestDir;

static void
test_dir_init (TestDir *td)
{
  g_autoptr(GError) error = NULL;

  td->dir = g_dir_make_tmp ("keika-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  td->db_path = g_build_filename (td->dir, "keika.db", NULL);
}

static void
test_dir_clear (TestDir *td)
{
  remove_tree (td->dir);
  g_clear_pointer (&td->dir, g_free);
  g_clear_pointer (&td->db_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestDir, test_dir_clear)

/* Raw access to the file, as another program would see it. */

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);

  return db;
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = raw_open (path);
  char *errmsg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("%s: %s", sql, errmsg);
  sqlite3_close (db);
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = raw_open (path);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* The rows of @sql, columns joined with '|', rows with '\n'. */
static char *
raw_rows (const char *path,
          const char *sql)
{
  sqlite3 *db = raw_open (path);
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          if (i > 0)
            g_string_append_c (out, '|');
          g_string_append (out, text != NULL ? text : "NULL");
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

/* Entries */

static KeikaListEntry *
make_entry (guint       n,
            KeikaStatus status)
{
  g_autofree char *romaji = g_strdup_printf ("Shingeki no Kyojin %u", n);
  g_autoptr(KeikaAnime) anime = keika_anime_new (romaji);
  g_autofree char *english = g_strdup_printf ("Attack on Titan — Season %u", n);
  g_autofree char *native = g_strdup_printf ("進撃の巨人 第%u期", n);
  const char * const synonyms[] = { "AoT", "SnK ✦ Ünïcode", "", NULL };
  const char * const genres[] = { "Action", "Drama", NULL };
  const char * const tags[] = { "rewatch-worthy", "日本語", "🍿", NULL };
  KeikaListEntry *entry;

  keika_anime_set_title_english (anime, english);
  keika_anime_set_title_native (anime, native);
  keika_anime_set_synonyms (anime, synonyms);
  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, 16000 + n);
  keika_anime_set_site_id (anime, KEIKA_SITE_ANILIST, 20000 + n);
  if (n % 2 == 0)
    keika_anime_set_site_id (anime, KEIKA_SITE_KITSU, 7000 + n);
  keika_anime_set_site_id (anime, KEIKA_SITE_ANITRACK, 300 + n);
  keika_anime_set_format (anime, (KeikaFormat) (n % 8));
  keika_anime_set_airing_status (anime, (KeikaAiringStatus) (n % 6));
  keika_anime_set_season (anime, (KeikaSeason) (n % 5));
  keika_anime_set_season_year (anime, 2000 + n);
  keika_anime_set_cover_url (anime, "https://example.org/cover/ü.jpg");
  keika_anime_set_genres (anime, genres);
  keika_anime_set_adult (anime, n % 3 == 0);

  entry = keika_list_entry_new (anime);
  keika_list_entry_set_status (entry, status);
  keika_list_entry_set_score (entry, (n * 17) % 101);
  keika_list_entry_set_progress (entry, n % 12);
  keika_list_entry_set_rewatch_count (entry, n % 4);
  keika_list_entry_set_rewatching (entry, n % 2 == 1);
  g_assert_true (keika_list_entry_set_start_date (entry, n % 3 == 0 ? "2019" : n % 3 == 1 ? "2019-04" : "2019-04-07"));
  if (n % 2 == 0)
    g_assert_true (keika_list_entry_set_finish_date (entry, "2020-02-29"));
  keika_list_entry_set_notes (entry, "Great opening 🎶 — «très bien»\nsecond line\t\x1f tab");
  keika_list_entry_set_tags (entry, tags);
  keika_list_entry_set_private (entry, n % 2 == 0);
  keika_list_entry_set_favourite (entry, n % 3 == 1);
  keika_list_entry_set_updated_at (entry, 1700000000 + n);

  /* Set last, so the entry keeps fields the rules would not produce. */
  keika_anime_set_episodes (anime, n % 5 == 0 ? 0 : 12 + n);

  return entry;
}

static void
assert_strv_equal (const char * const *a,
                   const char * const *b)
{
  if (a == NULL || b == NULL)
    {
      g_assert_true ((a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL));
      return;
    }
  g_assert_cmpuint (g_strv_length ((char **) a), ==, g_strv_length ((char **) b));
  for (guint i = 0; a[i] != NULL; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

static void
assert_entry_equal (KeikaListEntry *a,
                    KeikaListEntry *b)
{
  KeikaAnime *aa = keika_list_entry_get_anime (a);
  KeikaAnime *ba = keika_list_entry_get_anime (b);

  g_assert_cmpint (keika_list_entry_get_id (a), ==, keika_list_entry_get_id (b));
  g_assert_cmpint (keika_list_entry_get_status (a), ==, keika_list_entry_get_status (b));
  g_assert_cmpuint (keika_list_entry_get_score (a), ==, keika_list_entry_get_score (b));
  g_assert_cmpuint (keika_list_entry_get_progress (a), ==, keika_list_entry_get_progress (b));
  g_assert_cmpint (keika_list_entry_get_rewatching (a), ==, keika_list_entry_get_rewatching (b));
  g_assert_cmpuint (keika_list_entry_get_rewatch_count (a), ==, keika_list_entry_get_rewatch_count (b));
  g_assert_cmpstr (keika_list_entry_get_start_date (a), ==, keika_list_entry_get_start_date (b));
  g_assert_cmpstr (keika_list_entry_get_finish_date (a), ==, keika_list_entry_get_finish_date (b));
  g_assert_cmpstr (keika_list_entry_get_notes (a), ==, keika_list_entry_get_notes (b));
  assert_strv_equal (keika_list_entry_get_tags (a), keika_list_entry_get_tags (b));
  g_assert_cmpint (keika_list_entry_get_private (a), ==, keika_list_entry_get_private (b));
  g_assert_cmpint (keika_list_entry_get_favourite (a), ==, keika_list_entry_get_favourite (b));
  g_assert_cmpint (keika_list_entry_get_updated_at (a), ==, keika_list_entry_get_updated_at (b));

  g_assert_cmpint (keika_anime_get_id (aa), ==, keika_anime_get_id (ba));
  g_assert_cmpstr (keika_anime_get_title_romaji (aa), ==, keika_anime_get_title_romaji (ba));
  g_assert_cmpstr (keika_anime_get_title_english (aa), ==, keika_anime_get_title_english (ba));
  g_assert_cmpstr (keika_anime_get_title_native (aa), ==, keika_anime_get_title_native (ba));
  assert_strv_equal (keika_anime_get_synonyms (aa), keika_anime_get_synonyms (ba));
  for (KeikaSite site = KEIKA_SITE_MAL; site <= KEIKA_SITE_ANIMETHEMES; site++)
    g_assert_cmpint (keika_anime_get_site_id (aa, site), ==, keika_anime_get_site_id (ba, site));
  g_assert_cmpint (keika_anime_get_format (aa), ==, keika_anime_get_format (ba));
  g_assert_cmpuint (keika_anime_get_episodes (aa), ==, keika_anime_get_episodes (ba));
  g_assert_cmpint (keika_anime_get_airing_status (aa), ==, keika_anime_get_airing_status (ba));
  g_assert_cmpint (keika_anime_get_season (aa), ==, keika_anime_get_season (ba));
  g_assert_cmpuint (keika_anime_get_season_year (aa), ==, keika_anime_get_season_year (ba));
  g_assert_cmpstr (keika_anime_get_cover_url (aa), ==, keika_anime_get_cover_url (ba));
  assert_strv_equal (keika_anime_get_genres (aa), keika_anime_get_genres (ba));
  g_assert_cmpint (keika_anime_get_adult (aa), ==, keika_anime_get_adult (ba));
}

static KeikaStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  KeikaStore *store = keika_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

static GPtrArray *
load (KeikaStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = keika_store_load_entries (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);

  return entries;
}

static guint
count_entries (const char *path)
{
  g_autoptr(KeikaStore) store = open_store (path);
  g_autoptr(GPtrArray) entries = load (store);

  return entries->len;
}

static void
add (KeikaStore     *store,
     KeikaListEntry *entry)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (keika_store_add_entry (store, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (keika_list_entry_get_id (entry), >, 0);
}

static void
save (KeikaStore     *store,
      KeikaListEntry *entry)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (keika_store_save_entry (store, entry, &error));
  g_assert_no_error (error);
}

static KeikaProfile *
add_profile (KeikaStore *store,
             KeikaSite   site,
             const char *name,
             gboolean    claimed)
{
  g_autoptr(GError) error = NULL;
  KeikaProfile *profile = keika_profile_new (site, name);

  keika_profile_set_claimed (profile, claimed);
  keika_profile_set_site_user_id (profile, name);
  keika_profile_set_token_expiry (profile, claimed ? 1900000000 : 0);
  g_assert_true (keika_store_add_profile (store, profile, &error));
  g_assert_no_error (error);
  g_assert_cmpint (keika_profile_get_id (profile), >, 0);

  return profile;
}

static void
link_profile (KeikaStore     *store,
      KeikaListEntry *entry,
      KeikaProfile   *profile,
      const char     *site_entry_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (keika_store_link_entry (store, entry, profile, site_entry_id, &error));
  g_assert_no_error (error);
}

/* Files */

typedef struct
{
  GBytes *bytes;
  struct stat st;
} FileState;

static void
file_state_init (FileState  *state,
                 const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  state->bytes = g_bytes_new_take (contents, len);
  g_assert_cmpint (stat (path, &state->st), ==, 0);
}

static void
file_state_assert_unchanged (FileState  *state,
                             const char *path)
{
  FileState now;

  file_state_init (&now, path);
  g_assert_true (g_bytes_equal (state->bytes, now.bytes));
  g_assert_cmpint (state->st.st_size, ==, now.st.st_size);
  g_assert_cmpint (state->st.st_mtim.tv_sec, ==, now.st.st_mtim.tv_sec);
  g_assert_cmpint (state->st.st_mtim.tv_nsec, ==, now.st.st_mtim.tv_nsec);
  g_bytes_unref (now.bytes);
}

static void
file_state_clear (FileState *state)
{
  g_clear_pointer (&state->bytes, g_bytes_unref);
}

/* Opening */

static void
test_migrate_empty (void)
{
  g_auto(TestDir) td = { 0 };
  g_autofree char *nested = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *token_columns = NULL;
  struct stat st;

  test_dir_init (&td);
  nested = g_build_filename (td.dir, "a", "b", "keika.db", NULL);

  g_assert_cmpuint (keika_store_get_schema_version (), >=, 1);

  {
    g_autoptr(KeikaStore) store = open_store (nested);
    g_autoptr(GPtrArray) entries = load (store);

    g_assert_cmpstr (keika_store_get_path (store), ==, nested);
    g_assert_cmpuint (entries->len, ==, 0);
    g_assert_cmpuint (keika_store_count_journal (store, NULL), ==, 0);
  }

  parent = g_path_get_dirname (nested);
  g_assert_cmpint (stat (parent, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (raw_int (nested, "PRAGMA user_version"), ==, keika_store_get_schema_version ());
  tables = raw_rows (nested, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  g_assert_cmpstr (tables, ==, "anime\nentries\nentry_links\njournal\nprofiles\nsearch_history\nsite_misses\nunmirrored");
  /* Tokens live in the keyring, never in the file. */
  token_columns = raw_rows (nested, "SELECT name FROM pragma_table_info('profiles') WHERE name LIKE '%token%'");
  g_assert_cmpstr (token_columns, ==, "token_expiry");
  g_assert_cmpint (raw_int (nested, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);

  /* Opening again migrates nothing and keeps the version. */
  {
    g_autoptr(KeikaStore) store = open_store (nested);
  }
  g_assert_cmpint (raw_int (nested, "PRAGMA user_version"), ==, keika_store_get_schema_version ());
}

static void
test_default_path (void)
{
  g_autofree char *path = keika_store_dup_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "keika", "keika.db", NULL);

  g_assert_cmpstr (path, ==, expected);
}

static void
test_open_newer_version (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaStore) store = NULL;
  g_autofree char *wal = NULL;
  FileState before;

  test_dir_init (&td);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (td.db_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); INSERT INTO future VALUES ('from the future');"
                                       "PRAGMA user_version = 999;", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  file_state_init (&before, td.db_path);
  g_usleep (20 * 1000);

  store = keika_store_open (td.db_path, &error);
  g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NEWER_VERSION);
  g_assert_null (store);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, td.db_path));

  file_state_assert_unchanged (&before, td.db_path);
  wal = g_strconcat (td.db_path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  file_state_clear (&before);
}

static void
check_not_a_database (const char *path,
                      const char *contents,
                      gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaStore) store = NULL;
  FileState before;

  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  file_state_init (&before, path);
  g_usleep (20 * 1000);

  store = keika_store_open (path, &error);
  g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);

  file_state_assert_unchanged (&before, path);
  file_state_clear (&before);
}

static void
test_open_garbage (void)
{
  g_auto(TestDir) td = { 0 };
  g_autofree char *random = g_malloc (8192);
  const char *text = "This is my anime list, not a database.\nFrieren: 10/10\n";

  test_dir_init (&td);

  for (guint i = 0; i < 8192; i++)
    random[i] = (char) g_test_rand_int_range (0, 256);
  check_not_a_database (td.db_path, random, 8192);
  check_not_a_database (td.db_path, random, 100);
  check_not_a_database (td.db_path, text, strlen (text));
}

/* Another program's database is not ours to migrate. */
static void
test_open_foreign_database (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaStore) store = NULL;
  FileState before;

  test_dir_init (&td);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (td.db_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE cookies (name, value);", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  file_state_init (&before, td.db_path);

  store = keika_store_open (td.db_path, &error);
  g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  file_state_assert_unchanged (&before, td.db_path);
  file_state_clear (&before);
}

/* A file damaged after its header: opening works (only page 1 is read), the
 * first read of the damaged pages reports CORRUPT. */
static void
test_open_damaged_pages (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  test_dir_init (&td);
  {
    g_autoptr(KeikaStore) first = open_store (td.db_path);

    for (guint i = 0; i < 50; i++)
      {
        g_autoptr(KeikaListEntry) entry = make_entry (i, KEIKA_STATUS_WATCHING);

        add (first, entry);
      }
  }

  g_assert_true (g_file_get_contents (td.db_path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  /* Keep page 1 (the header and the schema), scramble the rest. */
  for (gsize i = 4096; i < len; i++)
    contents[i] = (char) (i * 131 + 7);
  g_assert_true (g_file_set_contents (td.db_path, contents, len, NULL));

  store = keika_store_open (td.db_path, &error);
  if (store == NULL)
    {
      g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_CORRUPT);
      return;
    }
  g_assert_no_error (error);

  entries = keika_store_load_entries (store, &error);
  g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_CORRUPT);
  g_test_message ("opened, then: %s", error->message);
  g_assert_null (entries);
}

/* Round trips */

static void
test_roundtrip (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  test_dir_init (&td);

  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);

    for (guint i = 0; i < 3 * KEIKA_N_STATUSES; i++)
      {
        KeikaListEntry *entry = make_entry (i, (KeikaStatus) (i % KEIKA_N_STATUSES));

        add (store, entry);
        g_ptr_array_add (originals, entry);
      }

    /* A bare entry: only a romaji title, every other field unknown. */
    {
      g_autoptr(KeikaAnime) anime = keika_anime_new ("Bare");
      KeikaListEntry *entry = keika_list_entry_new (anime);

      add (store, entry);
      g_ptr_array_add (originals, entry);
    }

    /* One whose lists hold a single empty string, and notes at the limit. */
    {
      g_autoptr(KeikaAnime) anime = keika_anime_new ("");
      KeikaListEntry *entry = keika_list_entry_new (anime);
      const char * const one_empty[] = { "", NULL };
      g_autoptr(GString) notes = g_string_new (NULL);

      for (guint i = 0; i < KEIKA_NOTES_MAX_CHARS; i++)
        g_string_append (notes, i % 2 ? "😀" : "é");
      keika_anime_set_synonyms (anime, one_empty);
      keika_list_entry_set_notes (entry, notes->str);
      g_assert_cmpuint (g_utf8_strlen (keika_list_entry_get_notes (entry), -1), ==, KEIKA_NOTES_MAX_CHARS);
      add (store, entry);
      g_ptr_array_add (originals, entry);
    }

    /* Stored ids are set on the objects, each anime got its own row. */
    for (guint i = 0; i < originals->len; i++)
      {
        KeikaListEntry *entry = originals->pdata[i];

        g_assert_cmpint (keika_anime_get_id (keika_list_entry_get_anime (entry)), >, 0);
      }
  }

  for (guint i = 0; i < originals->len; i++)
    {
      KeikaListEntry *entry = originals->pdata[i];
      gint64 *id = g_new (gint64, 1);

      *id = keika_list_entry_get_id (entry);
      g_assert_false (g_hash_table_contains (by_id, id));
      g_hash_table_insert (by_id, id, entry);
    }

  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);
    g_autoptr(GPtrArray) loaded = load (store);
    g_autoptr(KeikaLibrary) library = keika_library_new ();
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (loaded->len, ==, originals->len);
    for (guint i = 0; i < loaded->len; i++)
      {
        KeikaListEntry *entry = loaded->pdata[i];
        gint64 id = keika_list_entry_get_id (entry);
        KeikaListEntry *original = g_hash_table_lookup (by_id, &id);

        g_assert_nonnull (original);
        assert_entry_equal (original, entry);
      }

    g_assert_true (keika_store_load_library (store, library, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, originals->len);
    for (guint i = 0; i < originals->len; i++)
      {
        KeikaListEntry *original = originals->pdata[i];
        KeikaListEntry *entry = keika_library_lookup (library, keika_list_entry_get_id (original));

        g_assert_nonnull (entry);
        assert_entry_equal (original, entry);
      }
    for (KeikaStatus s = KEIKA_STATUS_WATCHING; s <= KEIKA_STATUS_DROPPED; s++)
      g_assert_cmpuint (keika_library_count_status (library, s), ==,
                        s == KEIKA_STATUS_WATCHING ? 5 : 3);
  }
}

static void
test_save (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(KeikaListEntry) entry = make_entry (7, KEIKA_STATUS_WATCHING);
  const char * const tags[] = { "edited", NULL };
  KeikaAnime *anime = keika_list_entry_get_anime (entry);

  test_dir_init (&td);

  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);
    g_autoptr(KeikaListEntry) other = make_entry (8, KEIKA_STATUS_DROPPED);

    add (store, entry);
    add (store, other);

    keika_list_entry_set_status (entry, KEIKA_STATUS_ON_HOLD);
    keika_list_entry_set_score (entry, 100);
    keika_list_entry_set_progress (entry, 3);
    keika_list_entry_set_rewatching (entry, FALSE);
    keika_list_entry_set_rewatch_count (entry, 9);
    g_assert_true (keika_list_entry_set_start_date (entry, NULL));
    g_assert_true (keika_list_entry_set_finish_date (entry, "2024-12"));
    keika_list_entry_set_notes (entry, "");
    keika_list_entry_set_tags (entry, tags);
    keika_list_entry_set_private (entry, TRUE);
    keika_list_entry_set_favourite (entry, FALSE);
    keika_list_entry_touch (entry);
    keika_anime_set_title_english (anime, NULL);
    keika_anime_set_synonyms (anime, NULL);
    keika_anime_set_site_id (anime, KEIKA_SITE_KITSU, 0);
    keika_anime_set_episodes (anime, 25);
    keika_anime_set_cover_url (anime, NULL);
    save (store, entry);
  }

  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);
    g_autoptr(GPtrArray) loaded = load (store);

    g_assert_cmpuint (loaded->len, ==, 2);
    assert_entry_equal (entry, loaded->pdata[0]);
  }

  /* Lists are joined with U+001F: inside an element it comes back as a space. */
  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);
    g_autoptr(GPtrArray) loaded = NULL;
    const char * const odd_tags[] = { "a\x1f" "b", "c", NULL };
    const char * const *tags_back;

    keika_list_entry_set_tags (entry, odd_tags);
    save (store, entry);
    loaded = load (store);
    tags_back = keika_list_entry_get_tags (loaded->pdata[0]);
    g_assert_cmpuint (g_strv_length ((char **) tags_back), ==, 2);
    g_assert_cmpstr (tags_back[0], ==, "a b");
    g_assert_cmpstr (tags_back[1], ==, "c");
  }
}

static void
test_not_found (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(KeikaListEntry) entry = make_entry (1, KEIKA_STATUS_WATCHING);
  g_autoptr(GError) error = NULL;

  test_dir_init (&td);
  store = open_store (td.db_path);

  g_assert_false (keika_store_save_entry (store, entry, &error));
  g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (keika_store_delete_entry (store, entry, &error));
  g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  keika_list_entry_set_id (entry, 4242);
  g_assert_false (keika_store_save_entry (store, entry, &error));
  g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (keika_store_delete_entry (store, entry, &error));
  g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM anime"), ==, 0);
}

/* An anime is found again by its id or any site id. */
static void
test_reuse_anime (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(KeikaListEntry) first = make_entry (2, KEIKA_STATUS_COMPLETED);
  g_autoptr(KeikaAnime) anime = keika_anime_new ("Same show, other title");
  g_autoptr(KeikaListEntry) second = NULL;
  g_autoptr(KeikaListEntry) third = NULL;
  g_autoptr(GError) error = NULL;
  gint64 anime_id;

  test_dir_init (&td);
  store = open_store (td.db_path);

  add (store, first);
  anime_id = keika_anime_get_id (keika_list_entry_get_anime (first));
  g_assert_true (keika_store_delete_entry (store, first, &error));
  g_assert_no_error (error);
  /* The anime stays. */
  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM anime"), ==, 1);

  /* Only the AniList id in common. */
  keika_anime_set_site_id (anime, KEIKA_SITE_ANILIST, 20002);
  second = keika_list_entry_new (anime);
  add (store, second);
  g_assert_cmpint (keika_anime_get_id (anime), ==, anime_id);
  /* What the stored row knew is kept and given to the object. */
  g_assert_cmpint (keika_anime_get_site_id (anime, KEIKA_SITE_MAL), ==, 16002);
  g_assert_cmpint (keika_anime_get_site_id (anime, KEIKA_SITE_KITSU), ==, 7002);
  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM anime"), ==, 1);
  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM anime WHERE title_romaji = 'Same show, other title' AND mal_id = 16002"), ==, 1);

  /* A second entry for the same anime fails and leaves everything as it was,
   * the objects included. */
  {
    g_autoptr(KeikaAnime) copy = keika_anime_new ("Copy");

    keika_anime_set_site_id (copy, KEIKA_SITE_MAL, 16002);
    third = keika_list_entry_new (copy);
    g_assert_false (keika_store_add_entry (store, third, &error));
    g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_cmpint (keika_list_entry_get_id (third), ==, 0);
    g_assert_cmpint (keika_anime_get_id (copy), ==, 0);
    g_assert_cmpint (keika_anime_get_site_id (copy, KEIKA_SITE_ANILIST), ==, 0);
  }
  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM anime WHERE title_romaji = 'Same show, other title'"), ==, 1);
  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM entries"), ==, 1);
}

/* Transactions */

typedef struct
{
  KeikaListEntry *a;
  KeikaListEntry *b;
  gboolean        inner_result;
} TxData;

static gboolean
add_two_then_fail (KeikaStore  *store,
                   gpointer     user_data,
                   GError     **error)
{
  TxData *data = user_data;

  add (store, data->a);
  add (store, data->b);
  g_assert_cmpuint (count_entries (keika_store_get_path (store)), ==, 0);

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "changed my mind");
  return FALSE;
}

static void
test_transaction_rollback (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(KeikaListEntry) a = make_entry (1, KEIKA_STATUS_WATCHING);
  g_autoptr(KeikaListEntry) b = make_entry (2, KEIKA_STATUS_COMPLETED);
  g_autoptr(GError) error = NULL;
  TxData data = { a, b, FALSE };

  test_dir_init (&td);
  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);

    g_assert_false (keika_store_run_transaction (store, add_two_then_fail, &data, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);

    /* The objects do not name rows that do not exist. */
    g_assert_cmpint (keika_list_entry_get_id (a), ==, 0);
    g_assert_cmpint (keika_list_entry_get_id (b), ==, 0);
    g_assert_cmpint (keika_anime_get_id (keika_list_entry_get_anime (a)), ==, 0);

    /* The store is still usable, and the same objects can be added. */
    add (store, a);
  }

  g_assert_cmpuint (count_entries (td.db_path), ==, 1);
  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM anime"), ==, 1);
}

static gboolean
add_one (KeikaStore  *store,
         gpointer     user_data,
         GError     **error)
{
  TxData *data = user_data;

  if (!keika_store_add_entry (store, data->b, error))
    return FALSE;
  if (!data->inner_result)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "inner failure");
      return FALSE;
    }

  return TRUE;
}

static gboolean
add_and_nest (KeikaStore  *store,
              gpointer     user_data,
              GError     **error)
{
  TxData *data = user_data;

  add (store, data->a);
  /* The inner failure is ignored here: the outer must still roll back. */
  if (!keika_store_run_transaction (store, add_one, data,
                                    data->inner_result ? error : NULL))
    g_assert_false (data->inner_result);

  return TRUE;
}

static gboolean
fail_with (KeikaStore  *store,
           gpointer     user_data,
           GError     **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "inner failure");
  return FALSE;
}

static gboolean
add_one_and_fail_inside (KeikaStore  *store,
                         gpointer     user_data,
                         GError     **error)
{
  TxData *data = user_data;

  if (!keika_store_add_entry (store, data->b, error))
    return FALSE;
  return keika_store_run_transaction (store, fail_with, NULL, error) && data->inner_result;
}

static void
test_transaction_nested (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(KeikaListEntry) a = make_entry (1, KEIKA_STATUS_WATCHING);
  g_autoptr(KeikaListEntry) b = make_entry (2, KEIKA_STATUS_COMPLETED);
  g_autoptr(GError) error = NULL;
  TxData data = { a, b, FALSE };

  test_dir_init (&td);
  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);

    /* Inner fails (and adds B first), outer says TRUE: nothing remains. */
    data.inner_result = FALSE;
    g_assert_false (keika_store_run_transaction (store, add_and_nest, &data, &error));
    g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_cmpint (keika_list_entry_get_id (a), ==, 0);
    g_assert_cmpint (keika_list_entry_get_id (b), ==, 0);

    /* The inner failure is propagated: nothing remains either. */
    g_assert_false (keika_store_run_transaction (store, add_one_and_fail_inside, &data, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_cmpint (keika_list_entry_get_id (b), ==, 0);
  }
  g_assert_cmpuint (count_entries (td.db_path), ==, 0);
  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM anime"), ==, 0);

  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);

    /* Both succeed: both are committed by the outermost level. */
    data.inner_result = TRUE;
    g_assert_true (keika_store_run_transaction (store, add_and_nest, &data, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (count_entries (td.db_path), ==, 2);
}

static gboolean
add_valid_then_violating (KeikaStore  *store,
                          gpointer     user_data,
                          GError     **error)
{
  TxData *data = user_data;

  add (store, data->a);
  /* data->b makes the test's trigger break a CHECK constraint. */
  if (!keika_store_add_entry (store, data->b, error))
    return FALSE;

  g_assert_not_reached ();
  return TRUE;
}

/* A CHECK constraint is the last line: when it fails, the store is left as it
 * was and the caller gets SQLite's message. The model never produces such a
 * value, so the test installs a trigger (raw SQL) that writes one. */
static void
test_transaction_check_violation (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(KeikaListEntry) kept = make_entry (1, KEIKA_STATUS_WATCHING);
  g_autoptr(KeikaListEntry) a = make_entry (2, KEIKA_STATUS_WATCHING);
  g_autoptr(KeikaListEntry) b = make_entry (3, KEIKA_STATUS_WATCHING);
  g_autoptr(GError) error = NULL;
  TxData data = { a, b, FALSE };

  test_dir_init (&td);
  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);

    add (store, kept);
  }
  raw_exec (td.db_path,
            "CREATE TRIGGER test_violate AFTER INSERT ON entries"
            " WHEN NEW.notes = 'violate'"
            " BEGIN UPDATE entries SET score = 101 WHERE id = NEW.id; END;"
            "CREATE TRIGGER test_violate_update AFTER UPDATE OF notes ON entries"
            " WHEN NEW.notes = 'violate'"
            " BEGIN UPDATE entries SET progress = -1 WHERE id = NEW.id; END;");
  keika_list_entry_set_notes (b, "violate");

  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);

    /* Inside a transaction: the valid entry added before goes too. */
    g_assert_false (keika_store_run_transaction (store, add_valid_then_violating, &data, &error));
    g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "CHECK constraint failed"));
    g_test_message ("%s", error->message);
    g_clear_error (&error);
    g_assert_cmpint (keika_list_entry_get_id (a), ==, 0);

    /* Alone: its anime row goes too. */
    g_assert_false (keika_store_add_entry (store, b, &error));
    g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED);
    g_clear_error (&error);

    /* An edit breaking a CHECK leaves the row and the journal as they were. */
    keika_list_entry_set_notes (kept, "violate");
    keika_list_entry_set_score (kept, 1);
    g_assert_false (keika_store_save_entry (store, kept, &error));
    g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED);
    g_clear_error (&error);
  }

  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM entries"), ==, 1);
  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM anime"), ==, 1);
  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM journal"), ==, 0);
  g_assert_cmpint (raw_int (td.db_path, "SELECT score FROM entries"), ==, 17);
  g_assert_cmpint (raw_int (td.db_path, "PRAGMA user_version"), ==, keika_store_get_schema_version ());
}

/* The journal */

static void
test_journal_update (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(KeikaListEntry) entry = make_entry (4, KEIKA_STATUS_WATCHING);
  g_autoptr(KeikaListEntry) lonely = make_entry (5, KEIKA_STATUS_WATCHING);
  g_autoptr(KeikaProfile) mal = NULL;
  g_autoptr(KeikaProfile) anilist = NULL;
  g_autoptr(KeikaProfile) kitsu = NULL;
  g_autofree char *rows = NULL;

  test_dir_init (&td);
  store = open_store (td.db_path);

  /* Added before the profiles: not mirrored to them by itself. */
  add (store, entry);
  add (store, lonely);
  mal = add_profile (store, KEIKA_SITE_MAL, "mal-user", TRUE);
  anilist = add_profile (store, KEIKA_SITE_ANILIST, "anilist-user", TRUE);
  kitsu = add_profile (store, KEIKA_SITE_KITSU, "kitsu-friend", FALSE);
  link_profile (store, entry, mal, NULL);
  link_profile (store, entry, anilist, "98765");
  link_profile (store, entry, kitsu, "555");
  link_profile (store, lonely, kitsu, "556");
  g_assert_cmpuint (keika_store_count_journal (store, NULL), ==, 0);

  /* One row per claimed profile. */
  keika_list_entry_set_progress (entry, 7);
  keika_list_entry_set_score (entry, 90);
  save (store, entry);
  g_assert_cmpuint (keika_store_count_journal (store, NULL), ==, 2);
  rows = raw_rows (td.db_path,
                   "SELECT p.site, j.entry_id = e.id, j.site_anime_id, j.site_entry_id, j.op,"
                   " j.changed_fields, j.attempts, j.created_at > 0"
                   " FROM journal AS j JOIN profiles AS p ON p.id = j.profile_id"
                   " JOIN entries AS e ON e.id = j.entry_id"
                   " ORDER BY j.id");
  g_assert_cmpstr (rows, ==,
                   "mal|1|16004|NULL|update|score,progress|0|1\n"
                   "anilist|1|20004|98765|update|score,progress|0|1");

  /* A save that changes nothing pushes nothing. */
  save (store, entry);
  g_assert_cmpuint (keika_store_count_journal (store, NULL), ==, 2);

  /* Nor does a change of the anime only. */
  keika_anime_set_cover_url (keika_list_entry_get_anime (entry), "https://example.org/new.jpg");
  save (store, entry);
  g_assert_cmpuint (keika_store_count_journal (store, NULL), ==, 2);

  /* Linked to an unclaimed profile only: nothing is journalled. */
  keika_list_entry_set_notes (lonely, "changed");
  save (store, lonely);
  g_assert_cmpuint (keika_store_count_journal (store, NULL), ==, 2);

  /* Claiming the profile makes the next edit go to it too. */
  keika_profile_set_claimed (kitsu, TRUE);
  g_assert_true (keika_store_add_profile (store, kitsu, NULL));
  keika_list_entry_set_favourite (entry, !keika_list_entry_get_favourite (entry));
  save (store, entry);
  g_assert_cmpuint (keika_store_count_journal (store, NULL), ==, 5);
  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM profiles"), ==, 3);
  g_clear_pointer (&rows, g_free);
  rows = raw_rows (td.db_path, "SELECT changed_fields FROM journal WHERE id > 2 ORDER BY id");
  g_assert_cmpstr (rows, ==, "favourite\nfavourite\nfavourite");
}

static void
test_journal_delete (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(KeikaListEntry) entry = make_entry (6, KEIKA_STATUS_COMPLETED);
  g_autoptr(KeikaProfile) mal = NULL;
  g_autoptr(KeikaProfile) kitsu = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  gint64 entry_id;

  test_dir_init (&td);
  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);

    add (store, entry);
    mal = add_profile (store, KEIKA_SITE_MAL, "mal-user", TRUE);
    kitsu = add_profile (store, KEIKA_SITE_KITSU, "kitsu-friend", FALSE);
    entry_id = keika_list_entry_get_id (entry);
    link_profile (store, entry, mal, "m-1");
    link_profile (store, entry, kitsu, "k-1");

    g_assert_true (keika_store_delete_entry (store, entry, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (keika_store_count_journal (store, NULL), ==, 1);
  }

  /* The delete survives the entry, and reopening. */
  g_assert_cmpuint (count_entries (td.db_path), ==, 0);
  g_assert_cmpint (raw_int (td.db_path, "SELECT count(*) FROM entry_links"), ==, 0);
  rows = raw_rows (td.db_path, "SELECT profile_id, entry_id, site_anime_id, site_entry_id, op FROM journal");
  {
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|16006|m-1|delete",
                                                 keika_profile_get_id (mal), entry_id);

    g_assert_cmpstr (rows, ==, expected);
  }

  /* Undo: the same object comes back with the same id, and as the delete was
   * not pushed, the claimed link comes back and the delete is dropped. */
  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);
    g_autoptr(GPtrArray) loaded = NULL;

    add (store, entry);
    g_assert_cmpint (keika_list_entry_get_id (entry), ==, entry_id);
    g_assert_cmpuint (keika_store_count_journal (store, NULL), ==, 0);
    loaded = load (store);
    g_assert_cmpuint (loaded->len, ==, 1);
    assert_entry_equal (entry, loaded->pdata[0]);

    keika_list_entry_set_score (entry, 55);
    save (store, entry);
    g_assert_cmpuint (keika_store_count_journal (store, NULL), ==, 1);
  }
  g_clear_pointer (&rows, g_free);
  rows = raw_rows (td.db_path, "SELECT site_entry_id, op FROM journal");
  g_assert_cmpstr (rows, ==, "m-1|update");
}

/* Crash safety */

static char *test_binary;

/* In the child: edits entries until killed, reporting each committed edit
 * on stdout as "id progress\n". */
static int
run_crash_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  if (!(store = keika_store_open (path, &error)) ||
      !(entries = keika_store_load_entries (store, &error)))
    {
      g_printerr ("crash child: %s\n", error->message);
      return 1;
    }

  for (guint i = 1; g_get_monotonic_time () < deadline; i++)
    {
      KeikaListEntry *entry = entries->pdata[i % entries->len];
      char line[64];
      int len;

      keika_list_entry_set_progress (entry, i);
      keika_list_entry_set_notes (entry, i % 2 ? "odd 🌙" : "even ☀");
      if (!keika_store_save_entry (store, entry, &error))
        {
          g_printerr ("crash child: %s\n", error->message);
          return 1;
        }

      len = g_snprintf (line, sizeof line, "%" G_GINT64_FORMAT " %u\n",
                        keika_list_entry_get_id (entry), i);
      if (write (STDOUT_FILENO, line, len) != len)
        return 1;
    }

  return 0;
}

/* A profile keeps when it was last synced, fully or not, across restarts;
 * a link's conflicts stay until cleared. */
static void
test_sync_state (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(KeikaListEntry) entry = make_entry (12, KEIKA_STATUS_WATCHING);
  g_autoptr(KeikaProfile) mal = NULL;
  g_autoptr(GError) error = NULL;
  gint64 entry_id;

  test_dir_init (&td);
  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);
    g_autoptr(GPtrArray) conflicts = NULL;

    mal = add_profile (store, KEIKA_SITE_MAL, "mal-user", TRUE);
    add (store, entry);
    entry_id = keika_list_entry_get_id (entry);
    link_profile (store, entry, mal, NULL);

    g_assert_true (keika_store_set_profile_synced_at (store, keika_profile_get_id (mal), 1000, TRUE, &error));
    g_assert_true (keika_store_set_profile_synced_at (store, keika_profile_get_id (mal), 2000, FALSE, &error));
    g_assert_true (keika_store_add_conflict (store, entry_id, keika_profile_get_id (mal),
                                             "{\"progress\":1}", "{\"progress\":2}", FALSE, &error));
    g_assert_true (keika_store_add_conflict (store, entry_id, keika_profile_get_id (mal),
                                             "{\"progress\":3}", "{\"progress\":4}", TRUE, &error));
    g_assert_no_error (error);
    conflicts = keika_store_list_conflicts (store, entry_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 2);
  }

  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);
    g_autoptr(GPtrArray) profiles = keika_store_list_profiles (store, &error);
    g_autoptr(GPtrArray) conflicts = NULL;
    KeikaProfile *loaded;

    g_assert_no_error (error);
    g_assert_cmpuint (profiles->len, ==, 1);
    loaded = profiles->pdata[0];
    g_assert_cmpint (keika_profile_get_synced_at (loaded), ==, 2000);
    g_assert_cmpint (keika_profile_get_full_synced_at (loaded), ==, 1000);

    /* Saving the profile keeps it. */
    g_assert_true (keika_store_add_profile (store, loaded, &error));
    g_assert_no_error (error);
    g_assert_cmpint (raw_int (td.db_path, "SELECT full_synced_at FROM profiles"), ==, 1000);

    g_assert_true (keika_store_clear_conflicts (store, entry_id, keika_profile_get_id (loaded), &error));
    g_assert_no_error (error);
    conflicts = keika_store_list_conflicts (store, entry_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 0);
    /* Clearing a link that is not there is no error. */
    g_assert_true (keika_store_clear_conflicts (store, entry_id + 100, keika_profile_get_id (loaded), &error));
    g_assert_no_error (error);
  }
}

static void
test_crash_safety (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *integrity = NULL;
  const char *argv[] = { test_binary, CRASH_CHILD_ARG, NULL, NULL };
  gint64 killed_at = 0;
  guint n_saves = 0;
  GPid pid;
  int out_fd;
  int status;

  test_dir_init (&td);
  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);

    for (guint i = 0; i < CRASH_N_ENTRIES; i++)
      {
        g_autoptr(KeikaListEntry) entry = make_entry (i, KEIKA_STATUS_WATCHING);

        keika_anime_set_episodes (keika_list_entry_get_anime (entry), 0);
        keika_list_entry_set_progress (entry, 0);
        add (store, entry);
      }
  }

  argv[2] = td.db_path;
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_CLOEXEC_PIPES,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);

  /* Read everything the child reports; kill it 200 ms after its first
   * committed edit, in the middle of its writing. */
  for (;;)
    {
      struct pollfd pfd = { out_fd, POLLIN, 0 };
      char buf[4096];
      gssize n;
      int r;

      if (killed_at == 0 && strchr (output->str, '\n') != NULL)
        killed_at = g_get_monotonic_time () + 200 * 1000;
      if (killed_at != 0 && killed_at != -1 && g_get_monotonic_time () >= killed_at)
        {
          g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
          killed_at = -1;
        }

      r = poll (&pfd, 1, 5);
      if (r < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (r, >=, 0);
      if (r == 0)
        continue;

      n = read (out_fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >=, 0);
      if (n == 0)
        break;
      g_string_append_len (output, buf, n);
    }
  close (out_fd);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_cmpint (killed_at, ==, -1);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  /* The last line may have been cut by the kill. */
  lines = g_strsplit (output->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      gint64 id;
      guint64 value;
      char *end;
      gint64 *key;

      id = g_ascii_strtoll (lines[i], &end, 10);
      g_assert_cmpint (*end, ==, ' ');
      value = g_ascii_strtoull (end + 1, &end, 10);
      g_assert_cmpint (*end, ==, '\0');

      key = g_new (gint64, 1);
      *key = id;
      g_hash_table_insert (reported, key, GSIZE_TO_POINTER (value));
      n_saves++;
    }
  g_test_message ("the child committed %u edits before it was killed", n_saves);
  g_assert_cmpuint (n_saves, >=, 10);

  integrity = raw_rows (td.db_path, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");

  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);
    g_autoptr(GPtrArray) loaded = load (store);
    guint n_checked = 0;

    g_assert_cmpuint (loaded->len, ==, CRASH_N_ENTRIES);
    for (guint i = 0; i < loaded->len; i++)
      {
        KeikaListEntry *entry = loaded->pdata[i];
        gint64 id = keika_list_entry_get_id (entry);
        gpointer value;
        guint progress = keika_list_entry_get_progress (entry);

        if (!g_hash_table_lookup_extended (reported, &id, NULL, &value))
          continue;

        /* The last reported edit, or one the child made after it but was
         * killed before reporting. */
        g_assert_cmpuint (progress, >=, GPOINTER_TO_SIZE (value));
        g_assert_cmpuint (progress, <, GPOINTER_TO_SIZE (value) + 2 * CRASH_N_ENTRIES);
        g_assert_cmpstr (keika_list_entry_get_notes (entry), ==, progress % 2 ? "odd 🌙" : "even ☀");
        n_checked++;
      }
    g_assert_cmpuint (n_checked, ==, MIN (n_saves, CRASH_N_ENTRIES));
  }
}

/* Backups */

/* One backup a day, made with the library open and in use, the last seven
 * kept; a library that cannot be opened is set aside, never deleted, and a
 * backup takes its place. */
static void
test_backups (void)
{
  g_auto(TestDir) td = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *aside_again = NULL;
  g_autofree char *contents = NULL;
  gboolean made = FALSE;

  test_dir_init (&td);
  {
    g_autoptr(KeikaStore) store = open_store (td.db_path);

    for (guint i = 0; i < 5; i++)
      {
        g_autoptr(KeikaListEntry) entry = make_entry (i, KEIKA_STATUS_WATCHING);

        add (store, entry);
      }

    for (int day = 1; day <= 9; day++)
      {
        g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, day, 12, 0, 0);

        g_assert_true (keika_store_backup_daily (store, now, KEIKA_STORE_BACKUPS_KEPT, &made, &error));
        g_assert_no_error (error);
        g_assert_true (made);
        /* Once a day. */
        g_assert_true (keika_store_backup_daily (store, now, KEIKA_STORE_BACKUPS_KEPT, &made, &error));
        g_assert_no_error (error);
        g_assert_false (made);
        if (day == 5)
          {
            g_autoptr(KeikaListEntry) entry = make_entry (100, KEIKA_STATUS_DROPPED);

            add (store, entry);
          }
      }
  }

  backups = keika_store_list_backups (td.db_path);
  g_assert_cmpuint (backups->len, ==, KEIKA_STORE_BACKUPS_KEPT);
  g_assert_true (g_str_has_suffix (backups->pdata[0], "keika-2026-11-09.db"));
  g_assert_true (g_str_has_suffix (backups->pdata[6], "keika-2026-11-03.db"));
  /* Each a whole library, as it was that day. */
  g_assert_cmpuint (count_entries (backups->pdata[0]), ==, 6);
  g_assert_cmpuint (count_entries (backups->pdata[6]), ==, 5);

  /* The library is damaged: a backup takes its place, and the damaged file
   * is kept beside it. */
  g_assert_true (g_file_set_contents (td.db_path, "not a database at all", -1, &error));
  g_assert_true (keika_store_restore_backup (td.db_path, backups->pdata[6], &aside, &error));
  g_assert_no_error (error);
  g_assert_nonnull (aside);
  g_assert_true (g_file_get_contents (aside, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "not a database at all");
  g_assert_cmpuint (count_entries (td.db_path), ==, 5);

  /* Or a new library: the old one is set aside. */
  g_assert_true (keika_store_set_aside (td.db_path, &aside_again, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (td.db_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (aside_again, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (td.db_path), ==, 0);
  g_assert_cmpuint (count_entries (aside_again), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && strcmp (argv[1], CRASH_CHILD_ARG) == 0)
    return run_crash_child (argv[2]);

  test_binary = g_file_read_link ("/proc/self/exe", NULL);
  if (test_binary == NULL)
    test_binary = g_strdup (argv[0]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open/migrate-empty", test_migrate_empty);
  g_test_add_func ("/store/open/default-path", test_default_path);
  g_test_add_func ("/store/open/newer-version", test_open_newer_version);
  g_test_add_func ("/store/open/garbage", test_open_garbage);
  g_test_add_func ("/store/open/foreign-database", test_open_foreign_database);
  g_test_add_func ("/store/open/damaged-pages", test_open_damaged_pages);
  g_test_add_func ("/store/entries/roundtrip", test_roundtrip);
  g_test_add_func ("/store/entries/save", test_save);
  g_test_add_func ("/store/entries/not-found", test_not_found);
  g_test_add_func ("/store/entries/reuse-anime", test_reuse_anime);
  g_test_add_func ("/store/transaction/rollback", test_transaction_rollback);
  g_test_add_func ("/store/transaction/nested", test_transaction_nested);
  g_test_add_func ("/store/transaction/check-violation", test_transaction_check_violation);
  g_test_add_func ("/store/journal/update", test_journal_update);
  g_test_add_func ("/store/journal/delete", test_journal_delete);
  g_test_add_func ("/store/crash-safety", test_crash_safety);
  g_test_add_func ("/store/sync-state", test_sync_state);
  g_test_add_func ("/store/backups", test_backups);

  return g_test_run ();
}
