/* test-transfer.c — import and export
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "keika-anime.h"
#include "keika-library.h"
#include "keika-list-entry.h"
#include "keika-score.h"
#include "keika-store.h"
#include "keika-transfer.h"
#include "keika-transfer-private.h"

#include "hostile-files.h"

#define N_MAL_ENTRIES 7
#define N_MAL_SKIPPED 3

/* Helpers */

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static GBytes *
load_data (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static GBytes *
gzip_bytes (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_output_stream_write_all (stream, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                             &written, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* A large MyAnimeList export, the same every time: long titles in several
 * scripts, notes, tags. @revision changes every entry's notes (and the
 * progress of those being watched), so importing revision 1 over revision 0
 * updates all of them. (transfer full) */
#define N_BIG_ENTRIES 10000

static GBytes *
make_big_mal_export (guint n,
                     guint revision)
{
  static const char * const statuses[] = {
    "Watching", "Completed", "On-Hold", "Dropped", "Plan to Watch",
  };
  static const char * const types[] = { "TV", "Movie", "OVA", "ONA", "Special" };
  static const char * const titles[] = {
    "Shingeki no Kyojin: The Final Season — Kanketsu-hen Zenpen",
    "進撃の巨人 The Final Season 完結編 後編 〜いつか来る日のために〜",
    "Ōkami to Kōshinryō: Merchant Meets the Wise Wolf — Ümlauts & “quotes”",
    "Добро пожаловать в класс превосходства: второй сезон",
    "귀멸의 칼날: 환락의 거리편 — Kimetsu no Yaiba Yuukaku-hen",
  };
  GString *out = g_string_sized_new (n * 1200);

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
                   "<myanimelist>\n"
                   "\t<myinfo>\n\t\t<user_name>big_tester</user_name>\n"
                   "\t\t<user_export_type>1</user_export_type>\n\t</myinfo>\n");

  for (guint i = 0; i < n; i++)
    {
      guint status = i % G_N_ELEMENTS (statuses);
      guint episodes = 12 + i % 40;
      guint watched;

      switch (status)
        {
        case 0: /* Watching: never the last episode, which would complete it */
          watched = (i + revision) % episodes;
          break;
        case 1:
          watched = episodes;
          break;
        case 4:
          watched = 0;
          break;
        default:
          watched = i % episodes;
          break;
        }

      g_string_append_printf (out,
                              "\t<anime>\n"
                              "\t\t<series_animedb_id>%u</series_animedb_id>\n"
                              "\t\t<series_title><![CDATA[%s #%u]]></series_title>\n"
                              "\t\t<series_type>%s</series_type>\n"
                              "\t\t<series_episodes>%u</series_episodes>\n"
                              "\t\t<my_id>0</my_id>\n"
                              "\t\t<my_watched_episodes>%u</my_watched_episodes>\n"
                              "\t\t<my_start_date>20%02u-%02u-00</my_start_date>\n"
                              "\t\t<my_finish_date>0000-00-00</my_finish_date>\n"
                              "\t\t<my_rated></my_rated>\n"
                              "\t\t<my_score>%u</my_score>\n"
                              "\t\t<my_storage></my_storage>\n"
                              "\t\t<my_storage_value>0.00</my_storage_value>\n"
                              "\t\t<my_status>%s</my_status>\n"
                              "\t\t<my_comments><![CDATA[Revision %u of note %u: "
                              "見終わった後もずっと考えている 🎉 — “<b>great</b>” & loud. "
                              "Второй абзац: персонажи, музыка, анимация.\n"
                              "Second line, with a tab\tand more text to make the note long "
                              "enough to look like what people really write about a show.]]></my_comments>\n"
                              "\t\t<my_times_watched>%u</my_times_watched>\n"
                              "\t\t<my_rewatch_value></my_rewatch_value>\n"
                              "\t\t<my_priority>LOW</my_priority>\n"
                              "\t\t<my_tags><![CDATA[tag%u, アクション, drama]]></my_tags>\n"
                              "\t\t<my_rewatching>0</my_rewatching>\n"
                              "\t\t<my_rewatching_ep>0</my_rewatching_ep>\n"
                              "\t\t<my_discuss>1</my_discuss>\n"
                              "\t\t<my_sns>default</my_sns>\n"
                              "\t\t<update_on_import>1</update_on_import>\n"
                              "\t</anime>\n",
                              i + 1,
                              titles[i % G_N_ELEMENTS (titles)], i + 1,
                              types[i % G_N_ELEMENTS (types)],
                              episodes,
                              watched,
                              i % 24, 1 + i % 12,
                              i % 11,
                              statuses[status],
                              revision, i + 1,
                              i % 3,
                              i % 97);
    }

  g_string_append (out, "</myanimelist>\n");

  return g_string_free_to_bytes (out);
}

static GPtrArray *
parse_mal (GBytes             *bytes,
           KeikaImportReport **report)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  entries = keika_mal_xml_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_assert_nonnull (*report);

  return entries;
}

static GPtrArray *
parse_json (GBytes             *bytes,
            KeikaImportReport **report)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  entries = keika_json_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_assert_nonnull (*report);

  return entries;
}

static KeikaLibrary *
library_from (GPtrArray *entries)
{
  KeikaLibrary *library = keika_library_new ();

  keika_library_append_many (library, entries);

  return library;
}

static KeikaListEntry *
find_by_mal_id (GPtrArray *entries,
                gint64     mal_id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (entries, i);

      if (keika_anime_get_site_id (keika_list_entry_get_anime (entry), KEIKA_SITE_MAL) == mal_id)
        return entry;
    }

  return NULL;
}

static KeikaListEntry *
find_by_title (GPtrArray  *entries,
               const char *title)
{
  for (guint i = 0; i < entries->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (keika_anime_get_title_romaji (keika_list_entry_get_anime (entry)), title) == 0)
        return entry;
    }

  return NULL;
}

static GPtrArray *
library_items (KeikaLibrary *library)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (library));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (library), i));

  return items;
}

static const char *
or_empty (const char *str)
{
  return str ? str : "";
}

static void
assert_strv_equal (const char * const *a,
                   const char * const *b)
{
  guint na = a ? g_strv_length ((GStrv) a) : 0;
  guint nb = b ? g_strv_length ((GStrv) b) : 0;

  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

static void
assert_anime_equal (KeikaAnime *a,
                    KeikaAnime *b)
{
  g_assert_cmpstr (or_empty (keika_anime_get_title_romaji (a)), ==, or_empty (keika_anime_get_title_romaji (b)));
  g_assert_cmpstr (keika_anime_get_title_english (a), ==, keika_anime_get_title_english (b));
  g_assert_cmpstr (keika_anime_get_title_native (a), ==, keika_anime_get_title_native (b));
  assert_strv_equal (keika_anime_get_synonyms (a), keika_anime_get_synonyms (b));
  for (KeikaSite site = KEIKA_SITE_MAL; site <= KEIKA_SITE_ANITRACK; site++)
    g_assert_cmpint (keika_anime_get_site_id (a, site), ==, keika_anime_get_site_id (b, site));
  g_assert_cmpint (keika_anime_get_format (a), ==, keika_anime_get_format (b));
  g_assert_cmpuint (keika_anime_get_episodes (a), ==, keika_anime_get_episodes (b));
  g_assert_cmpint (keika_anime_get_airing_status (a), ==, keika_anime_get_airing_status (b));
  g_assert_cmpint (keika_anime_get_season (a), ==, keika_anime_get_season (b));
  g_assert_cmpuint (keika_anime_get_season_year (a), ==, keika_anime_get_season_year (b));
  g_assert_cmpstr (keika_anime_get_cover_url (a), ==, keika_anime_get_cover_url (b));
  assert_strv_equal (keika_anime_get_genres (a), keika_anime_get_genres (b));
  g_assert_cmpint (keika_anime_get_adult (a), ==, keika_anime_get_adult (b));
}

/* Every field the user keeps; "updated-at" only when asked. */
static void
assert_entry_equal (KeikaListEntry *a,
                    KeikaListEntry *b,
                    gboolean        with_updated_at)
{
  assert_anime_equal (keika_list_entry_get_anime (a), keika_list_entry_get_anime (b));
  g_assert_cmpint (keika_list_entry_get_status (a), ==, keika_list_entry_get_status (b));
  g_assert_cmpuint (keika_list_entry_get_score (a), ==, keika_list_entry_get_score (b));
  g_assert_cmpuint (keika_list_entry_get_progress (a), ==, keika_list_entry_get_progress (b));
  g_assert_cmpint (keika_list_entry_get_rewatching (a), ==, keika_list_entry_get_rewatching (b));
  g_assert_cmpuint (keika_list_entry_get_rewatch_count (a), ==, keika_list_entry_get_rewatch_count (b));
  g_assert_cmpstr (keika_list_entry_get_start_date (a), ==, keika_list_entry_get_start_date (b));
  g_assert_cmpstr (keika_list_entry_get_finish_date (a), ==, keika_list_entry_get_finish_date (b));
  g_assert_cmpstr (or_empty (keika_list_entry_get_notes (a)), ==, or_empty (keika_list_entry_get_notes (b)));
  assert_strv_equal (keika_list_entry_get_tags (a), keika_list_entry_get_tags (b));
  g_assert_cmpint (keika_list_entry_get_private (a), ==, keika_list_entry_get_private (b));
  g_assert_cmpint (keika_list_entry_get_favourite (a), ==, keika_list_entry_get_favourite (b));
  if (with_updated_at)
    g_assert_cmpint (keika_list_entry_get_updated_at (a), ==, keika_list_entry_get_updated_at (b));
}

static void
assert_entries_equal (GPtrArray *a,
                      GPtrArray *b,
                      gboolean   with_updated_at)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    assert_entry_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i), with_updated_at);
}

static gboolean
report_has_reason (KeikaImportReport *report,
                   const char        *needle)
{
  for (guint i = 0; i < report->skip_reasons->len; i++)
    {
      if (strstr (g_ptr_array_index (report->skip_reasons, i), needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

static guint
report_count_reason (KeikaImportReport *report,
                     const char        *needle)
{
  guint n = 0;

  for (guint i = 0; i < report->skip_reasons->len; i++)
    {
      if (strstr (g_ptr_array_index (report->skip_reasons, i), needle) != NULL)
        n++;
    }

  return n;
}

/* A library with every field set, and entries no site knows. */
static KeikaListEntry *
make_full_entry (const char *romaji,
                 gint64      base_id)
{
  g_autoptr(KeikaAnime) anime = keika_anime_new (romaji);
  const char *synonyms[] = { "AoT", "進撃", NULL };
  const char *genres[] = { "Action", "Drama", NULL };
  const char *tags[] = { "favourite-ish", "re:watch", "タグ", NULL };
  KeikaListEntry *entry;

  keika_anime_set_title_english (anime, "Attack on Titan “Final”");
  keika_anime_set_title_native (anime, "進撃の巨人");
  keika_anime_set_synonyms (anime, synonyms);
  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, base_id);
  keika_anime_set_site_id (anime, KEIKA_SITE_ANILIST, base_id + 1);
  keika_anime_set_site_id (anime, KEIKA_SITE_KITSU, base_id + 2);
  keika_anime_set_site_id (anime, KEIKA_SITE_ANITRACK, base_id + 3);
  keika_anime_set_format (anime, KEIKA_FORMAT_TV_SHORT);
  keika_anime_set_episodes (anime, 25);
  keika_anime_set_airing_status (anime, KEIKA_AIRING_STATUS_HIATUS);
  keika_anime_set_season (anime, KEIKA_SEASON_SPRING);
  keika_anime_set_season_year (anime, 2013);
  keika_anime_set_cover_url (anime, "https://example.org/cover.jpg?a=1&b=2");
  keika_anime_set_genres (anime, genres);
  keika_anime_set_adult (anime, TRUE);

  entry = keika_list_entry_new (anime);
  keika_list_entry_set_status (entry, KEIKA_STATUS_COMPLETED);
  keika_list_entry_set_progress (entry, 7);
  keika_list_entry_set_score (entry, 73);
  keika_list_entry_set_start_date (entry, "2019");
  keika_list_entry_set_finish_date (entry, "2020-02-29");
  keika_list_entry_set_notes (entry, "Line one\n\"quoted\" \\ back]]>slash 🎌\ttab");
  keika_list_entry_set_tags (entry, tags);
  keika_list_entry_set_rewatch_count (entry, 3);
  keika_list_entry_set_rewatching (entry, TRUE);
  keika_list_entry_set_private (entry, TRUE);
  keika_list_entry_set_favourite (entry, TRUE);
  keika_list_entry_set_updated_at (entry, 1700000000);

  return entry;
}

static KeikaLibrary *
make_full_library (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KeikaAnime) bare = keika_anime_new ("A Local Thing");
  KeikaListEntry *entry;

  g_ptr_array_add (entries, make_full_entry ("Shingeki no Kyojin", 16498));

  /* The fewest fields: no site ids, nothing optional. */
  entry = keika_list_entry_new (bare);
  keika_list_entry_set_status (entry, KEIKA_STATUS_PLAN_TO_WATCH);
  g_ptr_array_add (entries, entry);

  return library_from (entries);
}

typedef struct
{
  char         *dir;
  char         *db_path;
  KeikaStore   *store;
  KeikaLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("keika-transfer-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "keika.db", NULL);
  fixture->store = keika_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->library = keika_library_new ();
  keika_store_load_library (fixture->store, fixture->library, &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }

  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->library);
  g_clear_object (&fixture->store);
  remove_dir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static GFile *
write_temp (Fixture    *fixture,
            const char *name,
            const void *data,
            gsize       length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static GPtrArray *
stored_entries (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaStore) store = NULL;
  GPtrArray *entries;

  /* A second connection sees only what was committed. */
  store = keika_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  entries = keika_store_load_entries (store, &error);
  g_assert_no_error (error);

  return entries;
}

/* MAL XML */

static void
test_mal_parse (void)
{
  g_autoptr(GBytes) bytes = load_data ("mal-export.xml");
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) entries = parse_mal (bytes, &report);
  KeikaListEntry *entry;
  KeikaAnime *anime;
  const char *aot_tags[] = { "action", "dark fantasy", "titans", NULL };

  g_assert_cmpuint (entries->len, ==, N_MAL_ENTRIES);
  g_assert_cmpuint (report->added, ==, 0);
  g_assert_cmpuint (report->skipped, ==, N_MAL_SKIPPED);
  g_assert_cmpuint (report->skip_reasons->len, ==, N_MAL_SKIPPED);
  g_assert_true (report_has_reason (report, "Anime Without An Id"));
  g_assert_true (report_has_reason (report, "Fullmetal Alchemist: Brotherhood"));
  g_assert_true (report_has_reason (report, "Rewatching Soon"));
  g_assert_true (report_has_reason (report, "9253"));

  entry = find_by_mal_id (entries, 16498);
  g_assert_nonnull (entry);
  anime = keika_list_entry_get_anime (entry);
  g_assert_cmpstr (keika_anime_get_title_romaji (anime), ==, "進撃の巨人");
  g_assert_cmpint (keika_anime_get_format (anime), ==, KEIKA_FORMAT_TV);
  g_assert_cmpuint (keika_anime_get_episodes (anime), ==, 25);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_COMPLETED);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 25);
  g_assert_cmpuint (keika_list_entry_get_score (entry), ==, keika_score_from_site (9, KEIKA_SITE_MAL));
  g_assert_cmpstr (keika_list_entry_get_start_date (entry), ==, "2020-05");
  g_assert_cmpstr (keika_list_entry_get_finish_date (entry), ==, "2020-06-15");
  g_assert_cmpstr (keika_list_entry_get_notes (entry), ==,
                   "Watched with friends 🎉 — \"<b>great</b>\" & loud");
  assert_strv_equal (keika_list_entry_get_tags (entry), aot_tags);
  g_assert_cmpuint (keika_list_entry_get_rewatch_count (entry), ==, 1);
  g_assert_false (keika_list_entry_get_rewatching (entry));
  g_assert_cmpint (keika_list_entry_get_id (entry), ==, 0);

  entry = find_by_mal_id (entries, 527);
  g_assert_cmpstr (keika_anime_get_title_romaji (keika_list_entry_get_anime (entry)), ==, "Pokémon");
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_ON_HOLD);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 100);
  g_assert_cmpstr (keika_list_entry_get_start_date (entry), ==, "2019");
  g_assert_null (keika_list_entry_get_finish_date (entry));
  g_assert_null (keika_list_entry_get_tags (entry));

  entry = find_by_mal_id (entries, 32281);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_PLAN_TO_WATCH);
  g_assert_cmpint (keika_anime_get_format (keika_list_entry_get_anime (entry)), ==, KEIKA_FORMAT_MOVIE);
  g_assert_cmpuint (keika_list_entry_get_score (entry), ==, 0);
  g_assert_null (keika_list_entry_get_start_date (entry));

  entry = find_by_mal_id (entries, 1);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_COMPLETED);
  g_assert_true (keika_list_entry_get_rewatching (entry));
  g_assert_cmpuint (keika_list_entry_get_rewatch_count (entry), ==, 2);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 10);
  g_assert_cmpuint (keika_list_entry_get_score (entry), ==, keika_score_from_site (10, KEIKA_SITE_MAL));
  g_assert_cmpstr (keika_list_entry_get_notes (entry), ==, "See you, space cowboy…\nSecond line.");
  g_assert_cmpstr (keika_list_entry_get_finish_date (entry), ==, "1999-10");

  entry = find_by_mal_id (entries, 31964);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_DROPPED);

  entry = find_by_mal_id (entries, 40748);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_WATCHING);

  entry = find_by_mal_id (entries, 34566);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_PLAN_TO_WATCH);
  g_assert_cmpint (keika_anime_get_format (keika_list_entry_get_anime (entry)), ==, KEIKA_FORMAT_SPECIAL);
  g_assert_cmpuint (keika_anime_get_episodes (keika_list_entry_get_anime (entry)), ==, 0);
}

static void
test_mal_gzip (void)
{
  g_autoptr(GBytes) plain = load_data ("mal-export.xml");
  g_autoptr(GBytes) gzipped = gzip_bytes (plain);
  g_autoptr(KeikaImportReport) plain_report = NULL;
  g_autoptr(KeikaImportReport) gzip_report = NULL;
  g_autoptr(GPtrArray) plain_entries = parse_mal (plain, &plain_report);
  g_autoptr(GPtrArray) gzip_entries = parse_mal (gzipped, &gzip_report);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) none = NULL;

  g_assert_cmpuint ((guchar) ((const char *) g_bytes_get_data (gzipped, NULL))[0], ==, 0x1f);
  assert_entries_equal (plain_entries, gzip_entries, FALSE);
  g_assert_cmpuint (gzip_report->skipped, ==, plain_report->skipped);

  /* Half of the compressed file. */
  none = keika_mal_xml_parse (g_bytes_get_data (gzipped, NULL), g_bytes_get_size (gzipped) / 2,
                              &report, &error);
  g_assert_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID);
  g_assert_null (none);
  g_assert_null (report);
}

static void
test_mal_round_trip (void)
{
  g_autoptr(GBytes) bytes = load_data ("mal-export.xml");
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) report2 = NULL;
  g_autoptr(GPtrArray) entries = parse_mal (bytes, &report);
  g_autoptr(KeikaLibrary) library = library_from (entries);
  g_autoptr(GBytes) exported = keika_export_to_bytes (library, KEIKA_EXPORT_FORMAT_MAL_XML);
  g_autoptr(GPtrArray) again = parse_mal (exported, &report2);
  g_autofree char *text = g_strndup (g_bytes_get_data (exported, NULL), g_bytes_get_size (exported));

  g_assert_true (g_str_has_prefix (text, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"));
  g_assert_nonnull (strstr (text, "<user_export_type>1</user_export_type>"));
  g_assert_nonnull (strstr (text, "<user_total_anime>7</user_total_anime>"));
  g_assert_nonnull (strstr (text, "<user_total_completed>2</user_total_completed>"));
  g_assert_nonnull (strstr (text, "<user_total_plantowatch>2</user_total_plantowatch>"));
  g_assert_nonnull (strstr (text, "<user_total_onhold>1</user_total_onhold>"));
  g_assert_nonnull (strstr (text, "<series_title><![CDATA[進撃の巨人]]></series_title>"));
  g_assert_nonnull (strstr (text, "<my_start_date>2020-05-00</my_start_date>"));
  g_assert_nonnull (strstr (text, "<my_start_date>2019-00-00</my_start_date>"));
  g_assert_nonnull (strstr (text, "<my_finish_date>0000-00-00</my_finish_date>"));
  g_assert_nonnull (strstr (text, "<my_status>On-Hold</my_status>"));
  g_assert_nonnull (strstr (text, "<my_status>Plan to Watch</my_status>"));
  g_assert_nonnull (strstr (text, "<my_score>9</my_score>"));
  g_assert_nonnull (strstr (text, "<update_on_import>1</update_on_import>"));

  g_assert_cmpuint (report2->skipped, ==, 0);
  assert_entries_equal (entries, again, FALSE);
}

static void
test_mal_export_escaping (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KeikaAnime) anime = keika_anime_new ("Tricky ]]> Title <&>");
  g_autoptr(KeikaAnime) no_mal = keika_anime_new ("Only on AniList");
  g_autoptr(KeikaLibrary) library = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) again = NULL;
  const char *tags[] = { "a]]>b", "c", NULL };
  KeikaListEntry *entry;
  KeikaListEntry *back;

  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, 42);
  entry = keika_list_entry_new (anime);
  keika_list_entry_set_notes (entry, "ends CDATA ]]> here, ]]]]>> twice, control \x01 char");
  keika_list_entry_set_tags (entry, tags);
  keika_list_entry_set_score (entry, 85);
  g_ptr_array_add (entries, entry);

  keika_anime_set_site_id (no_mal, KEIKA_SITE_ANILIST, 7);
  g_ptr_array_add (entries, keika_list_entry_new (no_mal));

  library = library_from (entries);
  exported = keika_export_to_bytes (library, KEIKA_EXPORT_FORMAT_MAL_XML);
  again = parse_mal (exported, &report);

  /* Entries without a MAL id are left out. */
  g_assert_cmpuint (again->len, ==, 1);
  back = g_ptr_array_index (again, 0);
  g_assert_cmpstr (keika_anime_get_title_romaji (keika_list_entry_get_anime (back)), ==,
                   "Tricky ]]> Title <&>");
  g_assert_cmpstr (keika_list_entry_get_notes (back), ==,
                   "ends CDATA ]]> here, ]]]]>> twice, control  char");
  assert_strv_equal (keika_list_entry_get_tags (back), tags);
  g_assert_cmpuint (keika_score_to_site (keika_list_entry_get_score (back), KEIKA_SITE_MAL), ==,
                    keika_score_to_site (85, KEIKA_SITE_MAL));
}

/* The message in words, and the parser's position in the details. */
static void
assert_parse_fails_with (const char *name,
                         const char *expected,
                         const char *expected_details)
{
  g_autoptr(GBytes) bytes = load_data (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  entries = keika_mal_xml_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 &report, &error);
  g_assert_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID);
  g_test_message ("%s: %s (%s)", name, error->message, keika_transfer_error_get_details (error));
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (keika_transfer_error_get_details (error));
  g_assert_nonnull (strstr (keika_transfer_error_get_details (error), expected_details));
  /* Positions and parser words are details, not the message. */
  g_assert_null (strstr (error->message, "line"));
  g_assert_null (strstr (error->message, "column"));
  g_assert_null (entries);
  g_assert_null (report);
}

static void
test_mal_malformed (void)
{
  /* Truncated in the middle of the second <anime>: the last line and
   * column of the file, and not GMarkup's own prefix. */
  assert_parse_fails_with ("mal-malformed.xml",
                           "The file ends too early; it may not have finished downloading",
                           "Line 60, column ");
  assert_parse_fails_with ("mal-wrong-root.xml", "The file is not a MyAnimeList export",
                           "<animelist>");
  assert_parse_fails_with ("not-an-export.html",
                           "This is a web page, not a MyAnimeList export. Export your list from "
                           "MyAnimeList’s Export page and choose the .xml.gz file", "<html>");
}

static void
test_mal_manga_list (void)
{
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
    "<myanimelist><myinfo><user_export_type>2</user_export_type></myinfo>"
    "<manga><manga_mangadb_id>2</manga_mangadb_id></manga></myanimelist>";
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  entries = keika_mal_xml_parse (xml, strlen (xml), &report, &error);
  g_assert_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "manga"));
  g_assert_null (entries);
}

/* JSON */

static void
test_json_round_trip (void)
{
  g_autoptr(KeikaLibrary) library = make_full_library ();
  g_autoptr(GPtrArray) original = library_items (library);
  g_autoptr(GBytes) exported = keika_export_to_bytes (library, KEIKA_EXPORT_FORMAT_JSON);
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) again = parse_json (exported, &report);
  g_autoptr(KeikaLibrary) library2 = library_from (again);
  g_autoptr(GBytes) exported2 = keika_export_to_bytes (library2, KEIKA_EXPORT_FORMAT_JSON);
  g_autofree char *text = g_strndup (g_bytes_get_data (exported, NULL), g_bytes_get_size (exported));
  g_autoptr(GBytes) xml = keika_export_to_bytes (library, KEIKA_EXPORT_FORMAT_MAL_XML);
  g_autofree char *xml_text = g_strndup (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  KeikaListEntry *bare;
  const char *exported_at;
  const char *exported_at2;

  g_test_message ("%s", text);

  g_assert_cmpuint (report->skipped, ==, 0);
  assert_entries_equal (original, again, TRUE);
  g_assert_cmpuint (keika_list_entry_get_score (g_ptr_array_index (again, 0)), ==, 73);

  /* Pretty-printed, with the layout's names; unknowns left out. */
  g_assert_nonnull (strstr (text, "\"keika\" : 1"));
  g_assert_nonnull (strstr (text, "\"exported_at\""));
  g_assert_nonnull (strstr (text, "\"anilist\" : 16499"));
  g_assert_nonnull (strstr (text, "\"format\" : \"tv_short\""));
  g_assert_nonnull (strstr (text, "\"airing_status\" : \"hiatus\""));
  g_assert_nonnull (strstr (text, "\"season\" : \"spring\""));
  g_assert_nonnull (strstr (text, "\"status\" : \"plan_to_watch\""));
  g_assert_nonnull (strstr (text, "\"updated_at\" : \"2023-11-14T22:13:20Z\""));
  g_assert_nonnull (strstr (text, "\n  \"entries\""));
  bare = g_ptr_array_index (again, 1);
  g_assert_cmpint (keika_anime_get_site_id (keika_list_entry_get_anime (bare), KEIKA_SITE_MAL), ==, 0);
  g_assert_null (keika_anime_get_cover_url (keika_list_entry_get_anime (bare)));
  g_assert_cmpint (keika_list_entry_get_updated_at (bare), ==, 0);

  /* The same text again, but for the time of the export. */
  exported_at = strstr (text, "\"exported_at\"");
  exported_at2 = strstr (g_bytes_get_data (exported2, NULL), "\"exported_at\"");
  g_assert_nonnull (exported_at2);
  g_assert_cmpstr (strchr (exported_at, '\n'), ==, strchr (exported_at2, '\n'));

  /* The MAL export of the same library keeps only the entry with a MAL id. */
  g_assert_nonnull (strstr (xml_text, "<user_total_anime>1</user_total_anime>"));
  g_assert_null (strstr (xml_text, "A Local Thing"));
  g_assert_nonnull (strstr (xml_text, "back]]]]><![CDATA[>slash"));
}

static void
test_json_invalid (void)
{
  const struct {
    const char *json;
    const char *expected;
  } cases[] = {
    { "{ \"keika\": 1, \"entries\": [ { \"status\": ", "not a valid Keika export" },
    { "{ \"keika\": 1, \"entries\": [ ] } trailing", "not a valid Keika export" },
    { "[ 1, 2, 3 ]", "not a Keika export" },
    { "{ \"entries\": [] }", "not a Keika export" },
    { "{ \"keika\": 1, \"entries\": {} }", "not a Keika export" },
    { "{ \"keika\": \"1\", \"entries\": [] }", "not a Keika export" },
    { "{ \"keika\": 99, \"entries\": [] }", "newer version" },
    { "", "not a valid Keika export" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KeikaImportReport) report = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      entries = keika_json_parse (cases[i].json, strlen (cases[i].json), &report, &error);
      g_assert_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID);
      g_test_message ("%s → %s", cases[i].json, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].expected));
      g_assert_null (entries);
      g_assert_null (report);
    }
}

static void
test_json_skips (void)
{
  const char *json =
    "{ \"keika\": 1, \"entries\": ["
    "  { \"anime\": { \"titles\": { \"romaji\": \"Good\" } }, \"status\": \"watching\", \"score\": 55 },"
    "  { \"anime\": { \"titles\": { \"romaji\": \"\" } }, \"status\": \"watching\" },"
    "  { \"anime\": { \"titles\": { \"romaji\": \"Odd Status\" } }, \"status\": \"binging\" },"
    "  { \"anime\": { \"titles\": { \"romaji\": \"No Status\" } } },"
    "  { \"anime\": { \"titles\": { \"romaji\": \"Bad Id\" }, \"ids\": { \"mal\": \"x\" } }, \"status\": \"dropped\" },"
    "  { \"anime\": { \"titles\": { \"romaji\": \"Negative Id\" }, \"ids\": { \"anilist\": -4 } }, \"status\": \"dropped\" },"
    "  { \"anime\": { \"titles\": { \"english\": \"English Only\" } }, \"status\": \"on_hold\","
    "    \"start_date\": \"2021-02-30\", \"tags\": [ \"x\", 3, \"y\" ], \"extra\": true },"
    "  42"
    "] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  const char *xy[] = { "x", "y", NULL };
  KeikaListEntry *entry;

  entries = keika_json_parse (json, strlen (json), &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpuint (report->skipped, ==, 6);
  g_assert_cmpuint (report->skip_reasons->len, ==, 6);
  g_assert_true (report_has_reason (report, "Entry 2"));
  g_assert_true (report_has_reason (report, "“Odd Status”"));
  g_assert_true (report_has_reason (report, "binging"));
  g_assert_true (report_has_reason (report, "“No Status”"));
  g_assert_true (report_has_reason (report, "“Bad Id”"));
  g_assert_true (report_has_reason (report, "“Negative Id”"));
  g_assert_true (report_has_reason (report, "Entry 8"));

  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpuint (keika_list_entry_get_score (entry), ==, 55);
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (keika_anime_get_title_english (keika_list_entry_get_anime (entry)), ==, "English Only");
  g_assert_null (keika_list_entry_get_start_date (entry));
  assert_strv_equal (keika_list_entry_get_tags (entry), xy);
}

/* Files */

static void
test_export_file (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(KeikaLibrary) library = make_full_library ();
  g_autofree char *json_path = g_build_filename (fixture->dir, "list.JSON", NULL);
  g_autofree char *xml_path = g_build_filename (fixture->dir, "animelist.xml", NULL);
  g_autofree char *bad_path = g_build_filename (fixture->dir, "no", "such", "dir.xml", NULL);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr(GFile) xml_file = g_file_new_for_path (xml_path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_cmpint (keika_export_format_for_file (json_file), ==, KEIKA_EXPORT_FORMAT_JSON);
  g_assert_cmpint (keika_export_format_for_file (xml_file), ==, KEIKA_EXPORT_FORMAT_MAL_XML);

  g_assert_true (keika_export_file (library, KEIKA_EXPORT_FORMAT_JSON, json_file, &error));
  g_assert_no_error (error);
  g_assert_true (keika_export_file (library, KEIKA_EXPORT_FORMAT_MAL_XML, xml_file, &error));
  g_assert_no_error (error);

  g_file_get_contents (xml_path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_clear_pointer (&contents, g_free);
  g_file_get_contents (json_path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "{"));

  g_assert_false (keika_export_file (library, KEIKA_EXPORT_FORMAT_MAL_XML, bad_file, &error));
  g_assert_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_IO);
}

static void
test_import_mal (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = data_path ("mal-export.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) again = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  report = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->added, ==, N_MAL_ENTRIES);
  g_assert_cmpuint (report->updated, ==, 0);
  g_assert_cmpuint (report->skipped, ==, N_MAL_SKIPPED);
  g_assert_cmpuint (report->skip_reasons->len, ==, N_MAL_SKIPPED);

  /* The library shows them, with ids from the store, and the store has them. */
  items = library_items (fixture->library);
  g_assert_cmpuint (items->len, ==, N_MAL_ENTRIES);
  for (guint i = 0; i < items->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (items, i);

      g_assert_cmpint (keika_list_entry_get_id (entry), >, 0);
      g_assert_cmpint (keika_list_entry_get_updated_at (entry), >=, before);
    }

  stored = stored_entries (fixture);
  g_assert_cmpuint (stored->len, ==, N_MAL_ENTRIES);
  for (guint i = 0; i < items->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (items, i);
      gint64 mal_id = keika_anime_get_site_id (keika_list_entry_get_anime (entry), KEIKA_SITE_MAL);

      assert_entry_equal (entry, find_by_mal_id (stored, mal_id), TRUE);
    }

  /* The same file again changes nothing. */
  again = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->added, ==, 0);
  g_assert_cmpuint (again->updated, ==, 0);
  g_assert_cmpuint (again->skipped, ==, N_MAL_ENTRIES + N_MAL_SKIPPED);
  g_assert_cmpuint (report_count_reason (again, "already up to date"), ==, N_MAL_ENTRIES);
  g_assert_true (report_has_reason (again, "“進撃の巨人”: already up to date"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, N_MAL_ENTRIES);
}

static void
test_import_mal_gzip (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GBytes) plain = load_data ("mal-export.xml");
  g_autoptr(GBytes) gzipped = gzip_bytes (plain);
  g_autoptr(GFile) file = write_temp (fixture, "animelist.xml.gz",
                                      g_bytes_get_data (gzipped, NULL), g_bytes_get_size (gzipped));
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;

  report = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, N_MAL_ENTRIES);
  g_assert_cmpuint (report->skipped, ==, N_MAL_SKIPPED);
}

static void
test_import_changed (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *path = data_path ("mal-export.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = load_data ("mal-export.xml");
  g_autoptr(GString) changed = NULL;
  g_autoptr(GFile) changed_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) report2 = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) items = NULL;
  KeikaListEntry *live;
  KeikaListEntry *on_disk;
  gint64 id_before;

  report = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);

  items = library_items (fixture->library);
  live = find_by_mal_id (items, 40748);
  id_before = keika_list_entry_get_id (live);

  /* Jujutsu Kaisen: two more episodes, a new score and note. */
  changed = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpuint (g_string_replace (changed, "<my_watched_episodes>12<", "<my_watched_episodes>14<", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (changed, "<my_score>8<", "<my_score>6<", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (changed, "Fight scenes: 10/10", "Changed my mind", 1), ==, 1);
  changed_file = write_temp (fixture, "changed.xml", changed->str, changed->len);

  report2 = keika_import_file (fixture->store, fixture->library, changed_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report2->added, ==, 0);
  g_assert_cmpuint (report2->updated, ==, 1);
  g_assert_cmpuint (report2->skipped, ==, N_MAL_ENTRIES - 1 + N_MAL_SKIPPED);

  /* The same object in the library, changed in place. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, N_MAL_ENTRIES);
  g_assert_true (keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 40748) == live);
  g_assert_cmpint (keika_list_entry_get_id (live), ==, id_before);
  g_assert_cmpuint (keika_list_entry_get_progress (live), ==, 14);
  g_assert_cmpuint (keika_list_entry_get_score (live), ==, keika_score_from_site (6, KEIKA_SITE_MAL));
  g_assert_cmpstr (keika_list_entry_get_notes (live), ==, "Changed my mind");

  stored = stored_entries (fixture);
  on_disk = find_by_mal_id (stored, 40748);
  assert_entry_equal (live, on_disk, TRUE);
  g_assert_cmpint (keika_list_entry_get_id (on_disk), ==, id_before);
}

static void
test_import_json (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(KeikaLibrary) source = make_full_library ();
  g_autoptr(GPtrArray) source_items = library_items (source);
  g_autofree char *path = g_build_filename (fixture->dir, "export.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) own_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) again = NULL;
  g_autoptr(KeikaImportReport) own = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GBytes) own_bytes = NULL;

  g_assert_true (keika_export_file (source, KEIKA_EXPORT_FORMAT_JSON, file, &error));
  g_assert_no_error (error);

  report = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, 2);
  g_assert_cmpuint (report->skipped, ==, 0);

  /* Every field, "updated-at" included when the export has it; the import
   * is the change of an entry that never had one. */
  items = library_items (fixture->library);
  g_assert_cmpuint (items->len, ==, 2);
  assert_entry_equal (g_ptr_array_index (source_items, 0), g_ptr_array_index (items, 0), TRUE);
  assert_entry_equal (g_ptr_array_index (source_items, 1), g_ptr_array_index (items, 1), FALSE);
  g_assert_cmpint (keika_list_entry_get_updated_at (g_ptr_array_index (items, 1)), >, 0);
  stored = stored_entries (fixture);
  g_assert_cmpuint (stored->len, ==, 2);
  assert_entry_equal (g_ptr_array_index (items, 0),
                      find_by_title (stored, "Shingeki no Kyojin"), TRUE);
  assert_entry_equal (g_ptr_array_index (items, 1),
                      find_by_title (stored, "A Local Thing"), TRUE);

  /* The export of another library again: the entry with site ids is found,
   * the local one cannot be (its id there means nothing here). */
  again = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->added, ==, 1);
  g_assert_cmpuint (again->skipped, ==, 1);
  g_assert_true (report_has_reason (again, "already up to date"));

  /* This library's own export finds every entry, by site id or local id. */
  own_bytes = keika_export_to_bytes (fixture->library, KEIKA_EXPORT_FORMAT_JSON);
  own_file = write_temp (fixture, "own.json", g_bytes_get_data (own_bytes, NULL),
                         g_bytes_get_size (own_bytes));
  own = keika_import_file (fixture->store, fixture->library, own_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (own->added, ==, 0);
  g_assert_cmpuint (own->updated, ==, 0);
  g_assert_cmpuint (own->skipped, ==, 3);
  g_assert_cmpuint (report_count_reason (own, "already up to date"), ==, 3);
}

/* Keika's own MAL export of a library, imported back, changes nothing, though
 * MAL's scale and kinds are coarser and it knows fewer fields. */
static void
test_import_mal_own_export (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(KeikaLibrary) source = make_full_library ();
  g_autoptr(GBytes) json = keika_export_to_bytes (source, KEIKA_EXPORT_FORMAT_JSON);
  g_autoptr(GFile) json_file = write_temp (fixture, "list.json", g_bytes_get_data (json, NULL),
                                           g_bytes_get_size (json));
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GFile) xml_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) again = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) source_items = library_items (source);

  report = keika_import_file (fixture->store, fixture->library, json_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, 2);

  xml = keika_export_to_bytes (fixture->library, KEIKA_EXPORT_FORMAT_MAL_XML);
  xml_file = write_temp (fixture, "list.xml", g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  again = keika_import_file (fixture->store, fixture->library, xml_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->added, ==, 0);
  g_assert_cmpuint (again->updated, ==, 0);
  g_assert_cmpuint (again->skipped, ==, 1);
  g_assert_true (report_has_reason (again, "“Shingeki no Kyojin”: already up to date"));

  items = library_items (fixture->library);
  assert_entry_equal (g_ptr_array_index (source_items, 0), g_ptr_array_index (items, 0), TRUE);
  g_assert_cmpuint (keika_list_entry_get_score (g_ptr_array_index (items, 0)), ==, 73);
}

/* Notes are kept as they were written, spaces and line breaks around them
 * included: importing Keika's own MyAnimeList export changes nothing, and
 * nothing is journalled for a site the entry is linked to. */
static void
test_import_mal_keeps_notes (Fixture       *fixture,
                             gconstpointer  user_data)
{
  static const char * const notes[] = {
    "  two spaces before, one after ",
    "\nstarts with a line break\nand ends with two\n\n",
    "\t tab and spaces \t",
    "]]> at the start, and at the end ]]>",
  };
  g_autoptr(KeikaProfile) profile = keika_profile_new (KEIKA_SITE_MAL, "Me");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(KeikaImportReport) parse_report = NULL;
  guint journalled;

  keika_profile_set_claimed (profile, TRUE);
  g_assert_true (keika_store_add_profile (fixture->store, profile, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_autofree char *title = g_strdup_printf ("Noted %u", i);
      g_autoptr(KeikaAnime) anime = keika_anime_new (title);
      g_autoptr(KeikaListEntry) entry = NULL;
      g_autofree char *site_entry_id = g_strdup_printf ("%u", 100 + i);

      keika_anime_set_site_id (anime, KEIKA_SITE_MAL, 100 + i);
      entry = keika_list_entry_new (anime);
      keika_list_entry_set_notes (entry, notes[i]);
      g_assert_true (keika_store_add_entry (fixture->store, entry, &error));
      g_assert_no_error (error);
      g_assert_true (keika_store_link_entry (fixture->store, entry, profile, site_entry_id, &error));
      g_assert_no_error (error);
      keika_library_append (fixture->library, entry);
    }
  /* (Linking a new entry journals it for the profile.) */
  journalled = keika_store_count_journal (fixture->store, &error);
  g_assert_no_error (error);

  /* The parser reads them back exactly. */
  xml = keika_export_to_bytes (fixture->library, KEIKA_EXPORT_FORMAT_MAL_XML);
  parsed = parse_mal (xml, &parse_report);
  g_assert_cmpuint (parsed->len, ==, G_N_ELEMENTS (notes));
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    g_assert_cmpstr (keika_list_entry_get_notes (find_by_mal_id (parsed, 100 + i)), ==, notes[i]);

  /* The import finds every entry up to date, and sends nothing. */
  file = write_temp (fixture, "own.xml", g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  report = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, 0);
  g_assert_cmpuint (report->updated, ==, 0);
  g_assert_cmpuint (report->skipped, ==, G_N_ELEMENTS (notes));
  g_assert_cmpuint (keika_store_count_journal (fixture->store, &error), ==, journalled);
  items = library_items (fixture->library);
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    g_assert_cmpstr (keika_list_entry_get_notes (find_by_mal_id (items, 100 + i)), ==, notes[i]);

  /* Plain text outside CDATA is still a value with layout around it. */
  {
    const char *plain =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<myanimelist>\n"
      "<anime><series_animedb_id>7</series_animedb_id>\n"
      "  <series_title>\n    Plain Title\n  </series_title>\n"
      "  <my_status>Watching</my_status>\n"
      "  <my_comments>\n    plain notes\n  </my_comments>\n</anime>\n</myanimelist>\n";
    g_autoptr(KeikaImportReport) plain_report = NULL;
    g_autoptr(GPtrArray) plain_entries = keika_mal_xml_parse (plain, strlen (plain), &plain_report,
                                                              &error);

    g_assert_no_error (error);
    g_assert_cmpstr (keika_list_entry_get_notes (find_by_mal_id (plain_entries, 7)), ==,
                     "plain notes");
    g_assert_cmpstr (keika_anime_get_title_romaji (keika_list_entry_get_anime (find_by_mal_id (plain_entries, 7))),
                     ==, "Plain Title");
  }
}

static void
test_import_duplicates (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
    "<myanimelist>\n"
    "<anime><series_animedb_id>1</series_animedb_id><series_title><![CDATA[Cowboy Bebop]]></series_title>"
    "<my_status>Watching</my_status><my_watched_episodes>3</my_watched_episodes></anime>\n"
    "<anime><series_animedb_id>1</series_animedb_id><series_title><![CDATA[Cowboy Bebop (again)]]></series_title>"
    "<my_status>Dropped</my_status></anime>\n"
    "<anime><series_animedb_id>5</series_animedb_id><series_title><![CDATA[Knockin' on Heaven's Door]]></series_title>"
    "<my_status>Completed</my_status></anime>\n"
    "</myanimelist>\n";
  g_autoptr(GFile) file = write_temp (fixture, "dupes.xml", xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) again = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  KeikaListEntry *bebop;

  report = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, 2);
  g_assert_cmpuint (report->skipped, ==, 1);
  g_assert_true (report_has_reason (report, "“Cowboy Bebop (again)”: listed more than once"));

  bebop = keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 1);
  g_assert_cmpint (keika_list_entry_get_status (bebop), ==, KEIKA_STATUS_WATCHING);
  g_assert_cmpuint (keika_list_entry_get_progress (bebop), ==, 3);

  /* Once they are in the library, the first one is up to date and the
   * second is still a duplicate. */
  again = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->added, ==, 0);
  g_assert_cmpuint (again->updated, ==, 0);
  g_assert_cmpuint (report_count_reason (again, "already up to date"), ==, 2);
  g_assert_cmpuint (report_count_reason (again, "listed more than once"), ==, 1);

  stored = stored_entries (fixture);
  g_assert_cmpuint (stored->len, ==, 2);
}

static void
assert_import_fails (Fixture    *fixture,
                     GFile      *file,
                     gint        code,
                     const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  report = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_error (error, KEIKA_TRANSFER_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_null (report);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 0);
  stored = stored_entries (fixture);
  g_assert_cmpuint (stored->len, ==, 0);
}

static void
test_import_invalid (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const char *names[] = { "mal-malformed.xml", "mal-wrong-root.xml", "not-an-export.html" };
  const char *expected[] = { "ends too early", "not a MyAnimeList export", "not a MyAnimeList export" };
  g_autoptr(GFile) empty = write_temp (fixture, "empty.xml", "  \n\t ", 5);
  g_autoptr(GFile) nothing = write_temp (fixture, "nothing.xml", "", 0);
  g_autoptr(GFile) text = write_temp (fixture, "notes.txt", "my anime list:\n- bebop\n", 23);
  g_autoptr(GFile) bad_json = write_temp (fixture, "bad.json", "{ \"keika\": 1, \"entr", 19);
  g_autofree char *missing_path = g_build_filename (fixture->dir, "missing.xml", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = data_path (names[i]);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      assert_import_fails (fixture, file, KEIKA_TRANSFER_ERROR_INVALID, expected[i]);
    }

  assert_import_fails (fixture, empty, KEIKA_TRANSFER_ERROR_INVALID, "empty");
  assert_import_fails (fixture, nothing, KEIKA_TRANSFER_ERROR_INVALID, "empty");
  assert_import_fails (fixture, text, KEIKA_TRANSFER_ERROR_INVALID,
                       "not a MyAnimeList XML export or a Keika JSON export");
  assert_import_fails (fixture, bad_json, KEIKA_TRANSFER_ERROR_INVALID, "not a valid Keika export");
  assert_import_fails (fixture, missing, KEIKA_TRANSFER_ERROR_IO, "missing.xml");
}

static void
test_import_malformed_keeps_library (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autofree char *good_path = data_path ("mal-export.xml");
  g_autofree char *bad_path = data_path ("mal-malformed.xml");
  g_autoptr(GFile) good = g_file_new_for_path (good_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) failed = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  KeikaListEntry *pokemon;

  report = keika_import_file (fixture->store, fixture->library, good, &error);
  g_assert_no_error (error);

  /* A local change the malformed file would otherwise overwrite. */
  before = library_items (fixture->library);
  pokemon = find_by_mal_id (before, 527);
  keika_list_entry_set_progress (pokemon, 120);
  keika_list_entry_touch (pokemon);
  keika_store_save_entry (fixture->store, pokemon, &error);
  g_assert_no_error (error);

  failed = keika_import_file (fixture->store, fixture->library, bad, &error);
  g_assert_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID);
  g_assert_nonnull (strstr (keika_transfer_error_get_details (error), "Line 60, column"));
  g_assert_null (failed);

  after = library_items (fixture->library);
  g_assert_cmpuint (after->len, ==, N_MAL_ENTRIES);
  g_assert_cmpuint (keika_list_entry_get_progress (pokemon), ==, 120);
  stored = stored_entries (fixture);
  g_assert_cmpuint (keika_list_entry_get_progress (find_by_mal_id (stored, 527)), ==, 120);
}

/* Makes every write of this anime fail, from another connection, so that the
 * import's transaction fails half-way through. */
static void
install_failing_trigger (Fixture *fixture)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  int rc;

  rc = sqlite3_open (fixture->db_path, &db);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  rc = sqlite3_exec (db,
                     "CREATE TRIGGER test_fail_insert BEFORE INSERT ON anime "
                     "WHEN NEW.mal_id = 40748 BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
                     "CREATE TRIGGER test_fail_update BEFORE UPDATE ON anime "
                     "WHEN NEW.mal_id = 40748 BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
                     NULL, NULL, &message);
  if (rc != SQLITE_OK)
    g_error ("Could not install the trigger: %s", message);
  sqlite3_close (db);
}

static void
test_import_failing_transaction (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autofree char *path = data_path ("mal-export.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = load_data ("mal-export.xml");
  g_autoptr(GString) changed = NULL;
  g_autoptr(GFile) changed_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) stored_before = NULL;
  KeikaListEntry *bebop;
  KeikaListEntry *jjk;
  KeikaListEntry *new_one;

  /* A first import into an empty library fails at Jujutsu Kaisen, the
   * sixth entry: nothing of the five before it remains. */
  install_failing_trigger (fixture);
  report = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_null (report);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, 0);
  stored = stored_entries (fixture);
  g_assert_cmpuint (stored->len, ==, 0);
  g_clear_pointer (&stored, g_ptr_array_unref);

  /* Without Jujutsu Kaisen it goes in; then a file that changes Cowboy Bebop,
   * adds Jujutsu Kaisen back and fails on it leaves Bebop as it was. */
  changed = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpuint (g_string_replace (changed, "<series_animedb_id>40748<", "<series_animedb_id>40749<", 1), ==, 1);
  changed_file = write_temp (fixture, "without.xml", changed->str, changed->len);
  report = keika_import_file (fixture->store, fixture->library, changed_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, N_MAL_ENTRIES);
  g_clear_pointer (&report, keika_import_report_free);
  g_clear_object (&changed_file);

  g_string_assign (changed, "");
  g_string_append_len (changed, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpuint (g_string_replace (changed, "See you, space cowboy", "Changed", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (changed, "<my_times_watched>2<", "<my_times_watched>5<", 1), ==, 1);
  changed_file = write_temp (fixture, "changed.xml", changed->str, changed->len);

  items = library_items (fixture->library);
  bebop = find_by_mal_id (items, 1);
  stored_before = stored_entries (fixture);

  report = keika_import_file (fixture->store, fixture->library, changed_file, &error);
  g_assert_nonnull (error);
  g_assert_null (report);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, N_MAL_ENTRIES);
  g_assert_cmpstr (keika_list_entry_get_notes (bebop), ==, "See you, space cowboy…\nSecond line.");
  g_assert_cmpuint (keika_list_entry_get_rewatch_count (bebop), ==, 2);
  jjk = keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 40748);
  g_assert_null (jjk);
  new_one = keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 40749);
  g_assert_nonnull (new_one);

  stored = stored_entries (fixture);
  g_assert_cmpuint (stored->len, ==, N_MAL_ENTRIES);
  for (guint i = 0; i < stored_before->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (stored_before, i);
      gint64 mal_id = keika_anime_get_site_id (keika_list_entry_get_anime (entry), KEIKA_SITE_MAL);

      assert_entry_equal (entry, find_by_mal_id (stored, mal_id), TRUE);
    }
}

/* Asynchronous import */

typedef struct
{
  KeikaStore        *store;
  KeikaLibrary      *library;
  gboolean           done;
  KeikaImportReport *report;        /* (owned) (nullable) */
  GError            *error;         /* (owned) (nullable) */
  guint              library_size;  /* when the callback ran */
  gint64             last_tick;
  gint64             max_gap;       /* µs between two turns of the main loop */
  guint              ticks;
} AsyncImport;

static void
async_import_done_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  AsyncImport *state = user_data;

  g_assert_true (source_object == G_OBJECT (state->store));
  state->report = keika_import_file_finish (state->store, result, &state->error);
  /* The library already shows the import. */
  state->library_size = g_list_model_get_n_items (G_LIST_MODEL (state->library));
  state->done = TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  AsyncImport *state = user_data;
  gint64 now = g_get_monotonic_time ();

  state->max_gap = MAX (state->max_gap, now - state->last_tick);
  state->last_tick = now;
  state->ticks++;

  return G_SOURCE_CONTINUE;
}

typedef enum
{
  RUN_NORMAL,
  RUN_CANCEL_AFTER_START,
  RUN_BEFORE_ITERATING,
} RunMode;

/* Runs an asynchronous import to its end while a 5 ms timeout measures how
 * long the main loop is kept from turning. @before runs right after the call,
 * before the main loop turns, while the worker is reading the file. */
static KeikaImportReport *
run_async_import_full (Fixture       *fixture,
                       GFile         *file,
                       GCancellable  *cancellable,
                       RunMode        mode,
                       void         (*before) (Fixture *fixture),
                       gint64        *max_gap,
                       guint         *library_size,
                       GError       **error)
{
  AsyncImport state = { fixture->store, fixture->library, };
  guint tick;

  state.last_tick = g_get_monotonic_time ();
  tick = g_timeout_add (5, tick_cb, &state);

  keika_import_file_async (fixture->store, fixture->library, file, cancellable,
                           async_import_done_cb, &state);
  /* The callback never runs before the main loop turns. */
  g_assert_false (state.done);

  if (mode == RUN_CANCEL_AFTER_START)
    g_cancellable_cancel (cancellable);
  else if (mode == RUN_BEFORE_ITERATING)
    before (fixture);

  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  tick_cb (&state);

  g_test_message ("async import: longest main-loop gap %.1f ms (%u ticks of 5 ms)",
                  state.max_gap / 1000.0, state.ticks);
  if (max_gap != NULL)
    *max_gap = state.max_gap;
  if (library_size != NULL)
    *library_size = state.library_size;

  g_assert_true ((state.report == NULL) != (state.error == NULL));
  if (state.error != NULL)
    g_propagate_error (error, state.error);

  return state.report;
}

static KeikaImportReport *
run_async_import (Fixture  *fixture,
                  GFile    *file,
                  GError  **error)
{
  return run_async_import_full (fixture, file, NULL, RUN_NORMAL, NULL, NULL, NULL, error);
}


/* The library and a fresh connection to the store hold the same entries,
 * with the same ids and values. */
static void
assert_library_matches_store (Fixture *fixture,
                              guint    n_entries)
{
  g_autoptr(GPtrArray) stored = stored_entries (fixture);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, n_entries);
  g_assert_cmpuint (stored->len, ==, n_entries);

  for (guint i = 0; i < stored->len; i++)
    {
      KeikaListEntry *on_disk = g_ptr_array_index (stored, i);
      KeikaListEntry *live = keika_library_lookup (fixture->library,
                                                   keika_list_entry_get_id (on_disk));

      g_assert_nonnull (live);
      assert_entry_equal (live, on_disk, TRUE);
    }
}

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_import_async_big (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GBytes) first = make_big_mal_export (N_BIG_ENTRIES, 0);
  g_autoptr(GBytes) second = make_big_mal_export (N_BIG_ENTRIES, 1);
  g_autoptr(GFile) first_file = write_temp (fixture, "big0.xml", g_bytes_get_data (first, NULL),
                                            g_bytes_get_size (first));
  g_autoptr(GFile) second_file = NULL;
  g_autoptr(KeikaImportReport) added = NULL;
  g_autoptr(KeikaImportReport) same = NULL;
  g_autoptr(KeikaImportReport) updated = NULL;
  g_autoptr(GError) error = NULL;
  KeikaListEntry *entry;
  guint items_changed = 0;
  guint library_size = 0;
  gint64 max_gap = 0;

  g_signal_connect (fixture->library, "items-changed",
                    G_CALLBACK (count_items_changed_cb), &items_changed);

  /* Into an empty store: every entry added, in one batch, and the library
   * shows them by the time the callback runs. */
  added = run_async_import_full (fixture, first_file, NULL, RUN_NORMAL, NULL,
                                 &max_gap, &library_size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added->added, ==, N_BIG_ENTRIES);
  g_assert_cmpuint (added->updated, ==, 0);
  g_assert_cmpuint (added->skipped, ==, 0);
  g_assert_cmpuint (library_size, ==, N_BIG_ENTRIES);
  g_assert_cmpuint (items_changed, ==, 1);
  /* The loop turned while the worker ran; the figure itself is reported, not asserted. */
  g_assert_cmpint (max_gap, >, 0);
  assert_library_matches_store (fixture, N_BIG_ENTRIES);

  entry = keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 2);
  g_assert_nonnull (entry);
  g_assert_cmpstr (keika_anime_get_title_romaji (keika_list_entry_get_anime (entry)), ==,
                   "進撃の巨人 The Final Season 完結編 後編 〜いつか来る日のために〜 #2");
  g_assert_true (g_str_has_prefix (keika_list_entry_get_notes (entry), "Revision 0 of note 2: 見終わった"));

  /* The same file again: all up to date, nothing written or shown. */
  same = run_async_import_full (fixture, first_file, NULL, RUN_NORMAL, NULL,
                                &max_gap, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (same->added, ==, 0);
  g_assert_cmpuint (same->updated, ==, 0);
  g_assert_cmpuint (same->skipped, ==, N_BIG_ENTRIES);
  g_assert_cmpuint (report_count_reason (same, "already up to date"), ==, N_BIG_ENTRIES);
  g_assert_cmpuint (items_changed, ==, 1);
  /* The loop turned while the worker ran; the figure itself is reported, not asserted. */
  g_assert_cmpint (max_gap, >, 0);

  /* Every entry changed, in a file made after those imports (an import
   * leaves alone what changed here after its file was made): updated in
   * place, the same objects. */
  second_file = write_temp (fixture, "big1.xml", g_bytes_get_data (second, NULL), g_bytes_get_size (second));
  updated = run_async_import_full (fixture, second_file, NULL, RUN_NORMAL, NULL,
                                   &max_gap, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (updated->added, ==, 0);
  g_assert_cmpuint (updated->updated, ==, N_BIG_ENTRIES);
  g_assert_cmpuint (updated->skipped, ==, 0);
  g_assert_cmpuint (items_changed, ==, 1);
  /* The loop turned while the worker ran; the figure itself is reported, not asserted. */
  g_assert_cmpint (max_gap, >, 0);
  g_assert_true (keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 2) == entry);
  g_assert_true (g_str_has_prefix (keika_list_entry_get_notes (entry), "Revision 1 of note 2: 見終わった"));
  assert_library_matches_store (fixture, N_BIG_ENTRIES);

  g_signal_handlers_disconnect_by_func (fixture->library, count_items_changed_cb, &items_changed);
}

/* The asynchronous import gives what the synchronous one gives. */
static void
test_import_async_same_as_sync (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *path = data_path ("mal-export.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) again = NULL;
  g_autoptr(KeikaImportReport) sync_report = NULL;
  g_autoptr(KeikaLibrary) sync_library = NULL;
  g_autoptr(KeikaStore) sync_store = NULL;
  g_autofree char *sync_path = g_build_filename (fixture->dir, "sync.db", NULL);
  g_autoptr(GPtrArray) sync_items = NULL;

  report = run_async_import (fixture, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, N_MAL_ENTRIES);
  g_assert_cmpuint (report->updated, ==, 0);
  g_assert_cmpuint (report->skipped, ==, N_MAL_SKIPPED);
  assert_library_matches_store (fixture, N_MAL_ENTRIES);

  sync_store = keika_store_open (sync_path, &error);
  g_assert_no_error (error);
  sync_library = keika_library_new ();
  sync_report = keika_import_file (sync_store, sync_library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sync_report->skipped, ==, report->skipped);
  for (guint i = 0; i < report->skip_reasons->len; i++)
    g_assert_cmpstr (g_ptr_array_index (report->skip_reasons, i), ==,
                     g_ptr_array_index (sync_report->skip_reasons, i));
  sync_items = library_items (sync_library);
  for (guint i = 0; i < sync_items->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (sync_items, i);
      gint64 mal_id = keika_anime_get_site_id (keika_list_entry_get_anime (entry), KEIKA_SITE_MAL);

      assert_entry_equal (entry, keika_library_lookup_by_site_id (fixture->library,
                                                                  KEIKA_SITE_MAL, mal_id),
                          FALSE);
    }

  /* Again: all up to date. */
  again = run_async_import (fixture, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->added, ==, 0);
  g_assert_cmpuint (again->updated, ==, 0);
  g_assert_cmpuint (again->skipped, ==, N_MAL_ENTRIES + N_MAL_SKIPPED);
  g_assert_cmpuint (report_count_reason (again, "already up to date"), ==, N_MAL_ENTRIES);
  g_assert_true (report_has_reason (again, "“進撃の巨人”: already up to date"));
  assert_library_matches_store (fixture, N_MAL_ENTRIES);
}

static void
test_import_async_malformed (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *good_path = data_path ("mal-export.xml");
  g_autofree char *bad_path = data_path ("mal-malformed.xml");
  g_autoptr(GFile) good = g_file_new_for_path (good_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/keika/export.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) failed = NULL;
  g_autoptr(GPtrArray) stored_before = NULL;
  g_autoptr(GPtrArray) items = NULL;
  KeikaListEntry *pokemon;

  report = run_async_import (fixture, good, &error);
  g_assert_no_error (error);

  /* A local change the malformed file would otherwise overwrite. */
  items = library_items (fixture->library);
  pokemon = find_by_mal_id (items, 527);
  keika_list_entry_set_progress (pokemon, 120);
  keika_list_entry_touch (pokemon);
  keika_store_save_entry (fixture->store, pokemon, &error);
  g_assert_no_error (error);
  stored_before = stored_entries (fixture);

  failed = run_async_import (fixture, bad, &error);
  g_assert_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID);
  g_assert_nonnull (strstr (keika_transfer_error_get_details (error), "Line 60, column"));
  g_assert_null (failed);
  g_clear_error (&error);

  failed = run_async_import (fixture, missing, &error);
  g_assert_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_IO);
  g_assert_null (failed);

  g_assert_cmpuint (keika_list_entry_get_progress (pokemon), ==, 120);
  assert_library_matches_store (fixture, N_MAL_ENTRIES);
  for (guint i = 0; i < stored_before->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (stored_before, i);

      assert_entry_equal (entry, keika_library_lookup (fixture->library,
                                                       keika_list_entry_get_id (entry)),
                          TRUE);
    }
}

static void
test_import_async_failing_transaction (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  g_autofree char *path = data_path ("mal-export.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;

  /* Jujutsu Kaisen, the sixth entry, cannot be written: nothing of the five
   * before it remains, in the store or in the library. */
  install_failing_trigger (fixture);
  report = run_async_import (fixture, file, &error);
  g_assert_error (error, KEIKA_STORE_ERROR, KEIKA_STORE_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "The import was not saved: "));
  g_assert_null (report);
  assert_library_matches_store (fixture, 0);
}

static void
test_import_async_cancel (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *path = data_path ("mal-export.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) big = make_big_mal_export (N_BIG_ENTRIES, 0);
  g_autoptr(GFile) big_file = write_temp (fixture, "big.xml", g_bytes_get_data (big, NULL),
                                          g_bytes_get_size (big));
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;

  /* Cancelled before it starts. */
  g_cancellable_cancel (cancelled);
  report = run_async_import_full (fixture, file, cancelled, RUN_NORMAL, NULL, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  g_clear_error (&error);
  assert_library_matches_store (fixture, 0);

  /* Cancelled while the worker reads 10,000 entries. */
  report = run_async_import_full (fixture, big_file, cancellable, RUN_CANCEL_AFTER_START, NULL,
                                  NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  assert_library_matches_store (fixture, 0);
}

/* While the worker reads the file, the library changes: Jujutsu Kaisen is
 * taken out of it and Cowboy Bebop is edited. */
static void
change_library (Fixture *fixture)
{
  KeikaListEntry *bebop = keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 1);
  KeikaListEntry *jjk = keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 40748);

  g_assert_true (keika_library_remove (fixture->library, keika_list_entry_get_id (jjk)));
  keika_list_entry_set_notes (bebop, "Edited during the import");
  keika_list_entry_set_updated_at (bebop, keika_list_entry_get_updated_at (bebop) + 1);
}

static void
test_import_async_library_changed (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autofree char *path = data_path ("mal-export.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = load_data ("mal-export.xml");
  g_autoptr(GString) changed = NULL;
  g_autoptr(GFile) changed_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) report2 = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  KeikaListEntry *bebop;
  KeikaListEntry *pokemon;

  report = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);

  changed = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpuint (g_string_replace (changed, "Fight scenes: 10/10", "Changed my mind", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (changed, "See you, space cowboy", "Changed", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (changed, "<my_watched_episodes>100<", "<my_watched_episodes>101<", 1), ==, 1);
  changed_file = write_temp (fixture, "changed.xml", changed->str, changed->len);

  bebop = keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 1);
  pokemon = keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 527);

  report2 = run_async_import_full (fixture, changed_file, NULL, RUN_BEFORE_ITERATING,
                                   change_library, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report2->updated, ==, 3);

  /* The worker matched what the store holds, and wrote all three. */
  stored = stored_entries (fixture);
  g_assert_cmpstr (keika_list_entry_get_notes (find_by_mal_id (stored, 40748)), ==, "Changed my mind");
  g_assert_true (g_str_has_prefix (keika_list_entry_get_notes (find_by_mal_id (stored, 1)), "Changed"));
  g_assert_cmpuint (keika_list_entry_get_progress (find_by_mal_id (stored, 527)), ==, 101);

  /* The library keeps what changed in it meanwhile: no entry comes back,
   * and an edit is not overwritten; the rest shows the import. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->library)), ==, N_MAL_ENTRIES - 1);
  g_assert_null (keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 40748));
  g_assert_cmpstr (keika_list_entry_get_notes (bebop), ==, "Edited during the import");
  g_assert_cmpuint (keika_list_entry_get_progress (pokemon), ==, 101);
  assert_entry_equal (pokemon, find_by_mal_id (stored, 527), TRUE);
}

/* What an import changes on the way in */

static void
assert_adjustments (KeikaImportReport  *report,
                    const char * const *expected)
{
  guint n = g_strv_length ((GStrv) expected);

  for (guint i = 0; i < report->adjustments->len; i++)
    g_test_message ("adjustment: %s", (const char *) g_ptr_array_index (report->adjustments, i));

  g_assert_cmpuint (report->adjustments->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (report->adjustments, i), ==, expected[i]);
}

static gboolean
report_has_adjustment (KeikaImportReport *report,
                       const char        *line)
{
  for (guint i = 0; i < report->adjustments->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (report->adjustments, i), line) == 0)
        return TRUE;
    }

  return FALSE;
}

/* A comment of 2,500 characters, not all of them ASCII. */
static char *
make_long_comment (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 1250; i++)
    g_string_append (text, i % 2 ? "a" : "ア");
  for (guint i = 0; i < 1250; i++)
    g_string_append_c (text, 'b');
  g_assert_cmpuint (g_utf8_strlen (text->str, -1), ==, 2500);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
append_mal_anime (GString    *out,
                  guint       mal_id,
                  const char *title,
                  guint       episodes,
                  const char *status,
                  guint       watched,
                  const char *score,
                  const char *start_date,
                  const char *comments)
{
  g_string_append_printf (out,
                          "  <anime>\n"
                          "    <series_animedb_id>%u</series_animedb_id>\n"
                          "    <series_title><![CDATA[%s]]></series_title>\n"
                          "    <series_type>TV</series_type>\n"
                          "    <series_episodes>%u</series_episodes>\n"
                          "    <my_watched_episodes>%u</my_watched_episodes>\n"
                          "    <my_start_date>%s</my_start_date>\n"
                          "    <my_finish_date>0000-00-00</my_finish_date>\n"
                          "    <my_score>%s</my_score>\n"
                          "    <my_status>%s</my_status>\n"
                          "    <my_comments><![CDATA[%s]]></my_comments>\n"
                          "    <my_times_watched>0</my_times_watched>\n"
                          "    <my_rewatching>0</my_rewatching>\n"
                          "  </anime>\n",
                          mal_id, title, episodes, watched, start_date, score, status,
                          comments ? comments : "");
}

static GBytes *
make_mal_to_adjust (const char *champloo_episodes,
                    guint       champloo_watched)
{
  g_autoptr(GString) out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<myanimelist>\n");
  g_autofree char *comment = make_long_comment ();
  guint episodes = (guint) g_ascii_strtoull (champloo_episodes, NULL, 10);

  append_mal_anime (out, 1, "Cowboy Bebop", 26, "Completed", 26, "9", "1998-04-03", comment);
  append_mal_anime (out, 6, "Trigun", 26, "Watching", 5, "7", "2020-13-45", NULL);
  append_mal_anime (out, 205, "Samurai Champloo", episodes, "Watching", champloo_watched, "0",
                    "0000-00-00", NULL);
  append_mal_anime (out, 19, "Monster", 74, "Watching", 10, "8.5", "2020-05-00", NULL);
  append_mal_anime (out, 457, "Mushishi", 26, "On-Hold", 3, "11", "2021-01-01", NULL);
  append_mal_anime (out, 387, "Haibane Renmei", 13, "Dropped", 2, "abc", "2019", NULL);
  append_mal_anime (out, 227, "FLCL", 6, "Plan to Watch", 0, "8.0", "", NULL);
  g_string_append (out, "</myanimelist>\n");

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

#define N_ADJUST_ENTRIES 7

static const char * const mal_adjustments[] = {
  "“Cowboy Bebop”: the notes were cut to 2000 characters",
  "“Trigun”: the start date “2020-13-45” is not a valid date and was left out",
  "“Samurai Champloo”: the progress was lowered from 30 to 26, the number of episodes",
  "“Samurai Champloo”: marked as completed, as all its episodes are watched",
  "“Monster”: the score “8.5” is not a whole number from 0 to 10; it was stored as 85 out of 100",
  "“Mushishi”: the score “11” is not a whole number from 0 to 10; it was stored as 100 out of 100",
  "“Haibane Renmei”: the score “abc” is not a number from 0 to 10 and was left out",
  NULL
};

/* The entries hold what the report says they hold. */
static void
assert_mal_adjusted (GPtrArray *entries)
{
  g_autofree char *comment = make_long_comment ();
  const char *cut = g_utf8_offset_to_pointer (comment, 2000);
  KeikaListEntry *entry;

  g_assert_cmpuint (entries->len, ==, N_ADJUST_ENTRIES);

  entry = find_by_mal_id (entries, 1);
  g_assert_cmpuint (g_utf8_strlen (keika_list_entry_get_notes (entry), -1), ==, 2000);
  g_assert_cmpuint (strlen (keika_list_entry_get_notes (entry)), ==, cut - comment);
  g_assert_true (strncmp (keika_list_entry_get_notes (entry), comment, cut - comment) == 0);
  g_assert_cmpuint (keika_list_entry_get_score (entry), ==, 90);

  entry = find_by_mal_id (entries, 6);
  g_assert_null (keika_list_entry_get_start_date (entry));
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 5);

  entry = find_by_mal_id (entries, 205);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 26);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_COMPLETED);

  entry = find_by_mal_id (entries, 19);
  g_assert_cmpuint (keika_list_entry_get_score (entry), ==, 85);
  g_assert_cmpstr (keika_list_entry_get_start_date (entry), ==, "2020-05");

  g_assert_cmpuint (keika_list_entry_get_score (find_by_mal_id (entries, 457)), ==, 100);
  g_assert_cmpuint (keika_list_entry_get_score (find_by_mal_id (entries, 387)), ==, 0);
  g_assert_cmpstr (keika_list_entry_get_start_date (find_by_mal_id (entries, 387)), ==, "2019");
  g_assert_cmpuint (keika_list_entry_get_score (find_by_mal_id (entries, 227)), ==, 80);
}

static void
test_mal_adjustments (void)
{
  g_autoptr(GBytes) bytes = make_mal_to_adjust ("26", 30);
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) entries = parse_mal (bytes, &report);

  g_assert_cmpuint (report->skipped, ==, 0);
  assert_adjustments (report, mal_adjustments);
  assert_mal_adjusted (entries);
}

static void
test_import_mal_adjustments (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GBytes) bytes = make_mal_to_adjust ("26", 30);
  g_autoptr(GBytes) unknown_count = make_mal_to_adjust ("0", 40);
  g_autoptr(GFile) file = write_temp (fixture, "adjust.xml", g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes));
  g_autoptr(GFile) unknown_count_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) again = NULL;
  g_autoptr(KeikaImportReport) third = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  KeikaListEntry *trigun;
  KeikaListEntry *haibane;

  report = run_async_import (fixture, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, N_ADJUST_ENTRIES);
  assert_adjustments (report, mal_adjustments);
  stored = stored_entries (fixture);
  assert_mal_adjusted (stored);
  assert_library_matches_store (fixture, N_ADJUST_ENTRIES);
  g_clear_pointer (&stored, g_ptr_array_unref);

  /* A value the file gives but that cannot be read leaves an entry's own. */
  trigun = keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 6);
  haibane = keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 387);
  g_assert_true (keika_list_entry_set_start_date (trigun, "2020-01-11"));
  keika_list_entry_set_score (haibane, 70);
  g_assert_true (keika_store_save_entry (fixture->store, trigun, &error));
  g_assert_no_error (error);
  g_assert_true (keika_store_save_entry (fixture->store, haibane, &error));
  g_assert_no_error (error);

  again = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->added, ==, 0);
  g_assert_cmpuint (again->updated, ==, 0);
  g_assert_cmpuint (report_count_reason (again, "already up to date"), ==, N_ADJUST_ENTRIES);
  assert_adjustments (again, mal_adjustments);
  stored = stored_entries (fixture);
  g_assert_cmpstr (keika_list_entry_get_start_date (find_by_mal_id (stored, 6)), ==, "2020-01-11");
  g_assert_cmpuint (keika_list_entry_get_score (find_by_mal_id (stored, 387)), ==, 70);
  g_assert_cmpuint (keika_list_entry_get_score (find_by_mal_id (stored, 19)), ==, 85);
  g_clear_pointer (&stored, g_ptr_array_unref);

  /* A file that does not know the episode count (made after the imports
   * above): the library's bounds the progress, and the report says so. */
  unknown_count_file = write_temp (fixture, "adjust2.xml", g_bytes_get_data (unknown_count, NULL),
                                   g_bytes_get_size (unknown_count));
  third = keika_import_file (fixture->store, fixture->library, unknown_count_file, &error);
  g_assert_no_error (error);
  g_assert_true (report_has_adjustment (third, "“Samurai Champloo”: the progress was lowered from 40 to 26, the number of episodes"));
  stored = stored_entries (fixture);
  g_assert_cmpuint (keika_list_entry_get_progress (find_by_mal_id (stored, 205)), ==, 26);
  assert_library_matches_store (fixture, N_ADJUST_ENTRIES);
}

static GBytes *
make_json_to_adjust (void)
{
  g_autofree char *comment = make_long_comment ();
  g_autoptr(GString) out = g_string_new ("{ \"keika\": 1, \"entries\": [\n");

  g_string_append_printf (out,
                          "{ \"anime\": { \"titles\": { \"romaji\": \"Cowboy Bebop\" }, \"episodes\": 26 },"
                          "  \"status\": \"completed\", \"progress\": 26, \"notes\": \"%s\" },\n", comment);
  g_string_append (out,
                   "{ \"anime\": { \"titles\": { \"romaji\": \"Trigun\" } }, \"status\": \"watching\","
                   "  \"start_date\": \"2020-13-45\", \"finish_date\": \"2021-02-30\" },\n"
                   "{ \"anime\": { \"titles\": { \"romaji\": \"Samurai Champloo\" }, \"episodes\": 26 },"
                   "  \"status\": \"watching\", \"progress\": 30 },\n"
                   "{ \"anime\": { \"titles\": { \"english\": \"Monster\" } }, \"status\": \"watching\", \"score\": 85.5 },\n"
                   "{ \"anime\": { \"titles\": { \"romaji\": \"Mushishi\" } }, \"status\": \"on_hold\", \"score\": 150 },\n"
                   "{ \"anime\": { \"titles\": { \"romaji\": \"Haibane Renmei\" } }, \"status\": \"dropped\", \"score\": -5 },\n"
                   "{ \"anime\": { \"titles\": { \"romaji\": \"FLCL\" } }, \"status\": \"plan_to_watch\", \"score\": \"85\" },\n"
                   "{ \"anime\": { \"titles\": { \"romaji\": \"Paranoia Agent\" } }, \"status\": \"completed\", \"score\": 85.0 },\n"
                   "{ \"anime\": { \"titles\": { \"romaji\": \"Odd Status\" } }, \"status\": \"binging\" }\n"
                   "] }\n");

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

static const char * const json_adjustments[] = {
  "“Cowboy Bebop”: the notes were cut to 2000 characters",
  "“Trigun”: the start date “2020-13-45” is not a valid date and was left out",
  "“Trigun”: the finish date “2021-02-30” is not a valid date and was left out",
  "“Samurai Champloo”: the progress was lowered from 30 to 26, the number of episodes",
  "“Samurai Champloo”: marked as completed, as all its episodes are watched",
  "“Monster”: the score 85.5 is not a whole number from 0 to 100; it was stored as 86",
  "“Mushishi”: the score 150 is not a whole number from 0 to 100; it was stored as 100",
  "“Haibane Renmei”: the score -5 is not a number from 0 to 100 and was left out",
  "“FLCL”: the score \"85\" is not a number from 0 to 100 and was left out",
  NULL
};

static void
assert_json_adjusted (GPtrArray *entries)
{
  g_autofree char *comment = make_long_comment ();
  const char *cut = g_utf8_offset_to_pointer (comment, 2000);
  KeikaListEntry *entry;

  g_assert_cmpuint (entries->len, ==, 8);

  entry = find_by_title (entries, "Cowboy Bebop");
  g_assert_cmpuint (strlen (keika_list_entry_get_notes (entry)), ==, cut - comment);
  g_assert_true (strncmp (keika_list_entry_get_notes (entry), comment, cut - comment) == 0);

  entry = find_by_title (entries, "Trigun");
  g_assert_null (keika_list_entry_get_start_date (entry));
  g_assert_null (keika_list_entry_get_finish_date (entry));

  entry = find_by_title (entries, "Samurai Champloo");
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 26);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_COMPLETED);

  for (guint i = 0; i < entries->len; i++)
    {
      entry = g_ptr_array_index (entries, i);
      if (g_strcmp0 (keika_anime_get_title_english (keika_list_entry_get_anime (entry)), "Monster") == 0)
        break;
    }
  g_assert_cmpuint (keika_list_entry_get_score (entry), ==, 86);
  g_assert_cmpuint (keika_list_entry_get_score (find_by_title (entries, "Mushishi")), ==, 100);
  g_assert_cmpuint (keika_list_entry_get_score (find_by_title (entries, "Haibane Renmei")), ==, 0);
  g_assert_cmpuint (keika_list_entry_get_score (find_by_title (entries, "FLCL")), ==, 0);
  g_assert_cmpuint (keika_list_entry_get_score (find_by_title (entries, "Paranoia Agent")), ==, 85);
}

static void
test_json_adjustments (void)
{
  g_autoptr(GBytes) bytes = make_json_to_adjust ();
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) entries = parse_json (bytes, &report);

  g_assert_cmpuint (report->skipped, ==, 1);
  assert_adjustments (report, json_adjustments);
  assert_json_adjusted (entries);
}

static void
test_import_json_adjustments (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GBytes) bytes = make_json_to_adjust ();
  g_autoptr(GFile) file = write_temp (fixture, "adjust.json", g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes));
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  report = keika_import_file (fixture->store, fixture->library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, 8);
  g_assert_cmpuint (report->skipped, ==, 1);
  assert_adjustments (report, json_adjustments);
  stored = stored_entries (fixture);
  assert_json_adjusted (stored);
  assert_library_matches_store (fixture, 8);
}

/* The library is loaded again from the store between the worker's commit
 * and the moment the import is shown (as a reload of the window would), and
 * an entry the import added is edited in it at once. */
typedef struct
{
  Fixture  *fixture;
  gboolean  append_copy;  /* append a copy of one new entry instead */
  guint     calls;
} CommittedHook;

static void
committed_hook_cb (KeikaLibrary *library,
                   gpointer      user_data)
{
  CommittedHook *hook = user_data;
  Fixture *fixture = hook->fixture;
  g_autoptr(GError) error = NULL;

  g_assert_true (library == fixture->library);
  hook->calls++;

  if (hook->append_copy)
    {
      /* What the store holds now, read by another connection. */
      g_autoptr(GPtrArray) stored = stored_entries (fixture);
      KeikaListEntry *bebop = find_by_mal_id (stored, 1);

      g_assert_nonnull (bebop);
      g_assert_null (keika_library_lookup (library, keika_list_entry_get_id (bebop)));
      keika_library_append (library, bebop);
    }
  else
    {
      g_autofree char *notes = g_strdup_printf ("Edited after reload %u", hook->calls);
      KeikaListEntry *bebop;

      g_assert_true (keika_store_load_library (fixture->store, library, &error));
      g_assert_no_error (error);

      bebop = keika_library_lookup_by_site_id (library, KEIKA_SITE_MAL, 1);
      g_assert_nonnull (bebop);
      keika_list_entry_set_notes (bebop, notes);
      keika_list_entry_touch (bebop);
      g_assert_true (keika_store_save_entry (fixture->store, bebop, &error));
      g_assert_no_error (error);
    }
}

static void
assert_no_duplicate_ids (KeikaLibrary *library)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) items = library_items (library);

  for (guint i = 0; i < items->len; i++)
    {
      gint64 id = keika_list_entry_get_id (g_ptr_array_index (items, i));

      g_assert_true (g_hash_table_add (ids, g_memdup2 (&id, sizeof id)));
    }
}

static void
run_import_with_hook (Fixture  *fixture,
                      gboolean  append_copy)
{
  g_autofree char *path = data_path ("mal-export.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = load_data ("mal-export.xml");
  g_autoptr(GString) changed = NULL;
  g_autoptr(GFile) changed_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) update = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  CommittedHook hook = { fixture, append_copy, 0 };
  KeikaListEntry *bebop;

  keika_transfer_set_committed_hook (committed_hook_cb, &hook);
  report = run_async_import (fixture, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hook.calls, ==, 1);
  g_assert_cmpuint (report->added, ==, N_MAL_ENTRIES);

  /* Each entry once, as the store holds it. */
  assert_no_duplicate_ids (fixture->library);
  assert_library_matches_store (fixture, N_MAL_ENTRIES);
  bebop = keika_library_lookup_by_site_id (fixture->library, KEIKA_SITE_MAL, 1);
  if (append_copy)
    g_assert_true (g_str_has_prefix (keika_list_entry_get_notes (bebop), "See you, space cowboy"));
  else
    g_assert_cmpstr (keika_list_entry_get_notes (bebop), ==, "Edited after reload 1");

  if (append_copy)
    {
      keika_transfer_set_committed_hook (NULL, NULL);
      return;
    }

  /* An import that updates entries, with the same reload: the reloaded
   * entries already show it. */
  changed = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpuint (g_string_replace (changed, "<my_watched_episodes>100<", "<my_watched_episodes>101<", 1), ==, 1);
  changed_file = write_temp (fixture, "changed.xml", changed->str, changed->len);

  update = run_async_import (fixture, changed_file, &error);
  keika_transfer_set_committed_hook (NULL, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (hook.calls, ==, 2);
  g_assert_cmpuint (update->added, ==, 0);
  g_assert_cmpuint (update->updated, >=, 1);
  assert_no_duplicate_ids (fixture->library);
  assert_library_matches_store (fixture, N_MAL_ENTRIES);
  g_assert_cmpuint (keika_list_entry_get_progress (keika_library_lookup_by_site_id (fixture->library,
                                                                                    KEIKA_SITE_MAL, 527)),
                    ==, 101);
  g_assert_cmpstr (keika_list_entry_get_notes (keika_library_lookup_by_site_id (fixture->library,
                                                                                KEIKA_SITE_MAL, 1)),
                   ==, "Edited after reload 2");
}

static void
test_import_async_reloaded (Fixture       *fixture,
                            gconstpointer  user_data)
{
  run_import_with_hook (fixture, FALSE);
}

static void
test_import_async_same_id (Fixture       *fixture,
                           gconstpointer  user_data)
{
  run_import_with_hook (fixture, TRUE);
}

/* Figures for a 10,000-entry import (run with -m perf). The synchronous
 * import holds the main loop for its whole length. */
static void
test_import_big_sync_perf (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GBytes) first = make_big_mal_export (N_BIG_ENTRIES, 0);
  g_autoptr(GBytes) second = make_big_mal_export (N_BIG_ENTRIES, 1);
  g_autoptr(GFile) first_file = write_temp (fixture, "big0.xml", g_bytes_get_data (first, NULL),
                                            g_bytes_get_size (first));
  g_autoptr(GFile) second_file = NULL;
  g_autoptr(KeikaImportReport) added = NULL;
  g_autoptr(KeikaImportReport) same = NULL;
  g_autoptr(KeikaImportReport) updated = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (!g_test_perf ())
    {
      g_test_skip ("only with -m perf");
      return;
    }

  g_test_message ("export: %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (first));

  start = g_get_monotonic_time ();
  added = keika_import_file (fixture->store, fixture->library, first_file, &error);
  g_assert_no_error (error);
  g_test_message ("sync import into an empty store: %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (added->added, ==, N_BIG_ENTRIES);

  start = g_get_monotonic_time ();
  same = keika_import_file (fixture->store, fixture->library, first_file, &error);
  g_assert_no_error (error);
  g_test_message ("sync re-import, all up to date: %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (same->skipped, ==, N_BIG_ENTRIES);

  /* A newer file: made after the imports above. */
  second_file = write_temp (fixture, "big1.xml", g_bytes_get_data (second, NULL), g_bytes_get_size (second));
  start = g_get_monotonic_time ();
  updated = keika_import_file (fixture->store, fixture->library, second_file, &error);
  g_assert_no_error (error);
  g_test_message ("sync import, all changed: %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (updated->updated, ==, N_BIG_ENTRIES);
}

static void
assert_report_is_text (KeikaImportReport *report)
{
  for (guint i = 0; i < report->skip_reasons->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (report->skip_reasons, i), -1, NULL));
  for (guint i = 0; i < report->adjustments->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (report->adjustments, i), -1, NULL));
}

/* Damaged and hostile files, each imported in the worker as Keika does:
 * one that cannot be read says why in words (valid UTF-8, as it reaches a
 * label) and leaves the store as it was; one that can be read leaves the
 * library and the store in agreement. None crashes. */
static void
test_import_hostile (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *path = data_path ("mal-export.xml");
  g_autoptr(GFile) good = g_file_new_for_path (path);
  g_autoptr(GBytes) xml = load_data ("mal-export.xml");
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) first = NULL;
  guint n_failed = 0;
  guint n_read = 0;

  first = run_async_import (fixture, good, &error);
  g_assert_no_error (error);

  files = hostile_files_make (fixture->dir, xml, 60, 12);
  for (guint i = 0; i < files->len; i++)
    {
      HostileFile *hostile = g_ptr_array_index (files, i);
      g_autoptr(GFile) file = g_file_new_for_path (hostile->path);
      g_autoptr(GPtrArray) before = stored_entries (fixture);
      g_autoptr(KeikaImportReport) report = NULL;
      g_autoptr(GError) import_error = NULL;

      report = run_async_import (fixture, file, &import_error);
      g_test_message ("%s: %s", hostile->what,
                      import_error != NULL ? import_error->message : "imported");

      if (hostile->expect == HOSTILE_UNREADABLE)
        g_assert_nonnull (import_error);
      else if (hostile->expect == HOSTILE_READABLE)
        g_assert_no_error (import_error);

      if (import_error != NULL)
        {
          g_autoptr(GPtrArray) after = stored_entries (fixture);

          g_assert_null (report);
          g_assert_true (g_error_matches (import_error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID));
          g_assert_cmpuint (strlen (import_error->message), >, 10);
          g_assert_true (g_utf8_validate (import_error->message, -1, NULL));

          g_assert_cmpuint (after->len, ==, before->len);
          for (guint j = 0; j < before->len; j++)
            assert_entry_equal (g_ptr_array_index (before, j), g_ptr_array_index (after, j), TRUE);
          n_failed++;
        }
      else
        {
          g_assert_nonnull (report);
          assert_report_is_text (report);
          n_read++;
        }

      assert_library_matches_store (fixture, g_list_model_get_n_items (G_LIST_MODEL (fixture->library)));
    }

  g_test_message ("%u files: %u refused, %u read", files->len, n_failed, n_read);
  g_assert_cmpuint (n_failed, >, 20);
  g_assert_cmpuint (n_read, >, 20);
}

/* A title with bytes that are not text is imported with them replaced,
 * and the report says so; an element name with them fails with a message
 * that is text (GMarkup quotes the first byte of a character alone). */
static void
test_import_invalid_utf8 (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GBytes) xml = load_data ("mal-export.xml");
  g_autofree char *text = g_strndup (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  g_autoptr(GString) bad_title = g_string_new (text);
  g_autoptr(GString) bad_name = g_string_new (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) items = NULL;
  KeikaListEntry *entry;

  g_string_replace (bad_title, "進撃の巨人", "Shingeki \xff\xfe no Kyojin", 1);
  entries = keika_mal_xml_parse (bad_title->str, bad_title->len, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->adjustments->len, >=, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->adjustments, 0),
                                   "The file is damaged: 1 place held bytes that are not text; they were replaced with “\357\277\275”"));
  entry = find_by_mal_id (entries, 16498);
  g_assert_cmpstr (keika_anime_get_title_romaji (keika_list_entry_get_anime (entry)), ==,
                   "Shingeki \357\277\275 no Kyojin");
  g_clear_pointer (&entries, g_ptr_array_unref);
  g_clear_pointer (&report, keika_import_report_free);

  g_string_replace (bad_name, "<myinfo>", "<my\xffinfo>", 1);
  entries = keika_mal_xml_parse (bad_name->str, bad_name->len, &report, &error);
  g_assert_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (entries);
  g_clear_error (&error);

  /* Through the import, the library shows the mended title. */
  {
    g_autofree char *path = g_build_filename (fixture->dir, "bad-title.xml", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_file_set_contents (path, bad_title->str, bad_title->len, &error);
    g_assert_no_error (error);
    g_clear_pointer (&report, keika_import_report_free);
    report = run_async_import (fixture, file, &error);
    g_assert_no_error (error);
    items = library_items (fixture->library);
    entry = find_by_mal_id (items, 16498);
    g_assert_true (g_utf8_validate (keika_anime_get_title (keika_list_entry_get_anime (entry),
                                                           KEIKA_TITLE_LANGUAGE_ROMAJI), -1, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transfer/mal/parse", test_mal_parse);
  g_test_add_func ("/transfer/mal/gzip", test_mal_gzip);
  g_test_add_func ("/transfer/mal/round-trip", test_mal_round_trip);
  g_test_add_func ("/transfer/mal/export-escaping", test_mal_export_escaping);
  g_test_add_func ("/transfer/mal/malformed", test_mal_malformed);
  g_test_add_func ("/transfer/mal/manga-list", test_mal_manga_list);
  g_test_add_func ("/transfer/json/round-trip", test_json_round_trip);
  g_test_add_func ("/transfer/json/invalid", test_json_invalid);
  g_test_add_func ("/transfer/json/skips", test_json_skips);
  g_test_add_func ("/transfer/mal/adjustments", test_mal_adjustments);
  g_test_add_func ("/transfer/json/adjustments", test_json_adjustments);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/transfer/export/file", test_export_file);
  ADD ("/transfer/import/mal", test_import_mal);
  ADD ("/transfer/import/mal-gzip", test_import_mal_gzip);
  ADD ("/transfer/import/changed", test_import_changed);
  ADD ("/transfer/import/json", test_import_json);
  ADD ("/transfer/import/mal-own-export", test_import_mal_own_export);
  ADD ("/transfer/import/duplicates", test_import_duplicates);
  ADD ("/transfer/import/mal-keeps-notes", test_import_mal_keeps_notes);
  ADD ("/transfer/import/invalid", test_import_invalid);
  ADD ("/transfer/import/malformed-keeps-library", test_import_malformed_keeps_library);
  ADD ("/transfer/import/failing-transaction", test_import_failing_transaction);
  ADD ("/transfer/import/async-big", test_import_async_big);
  ADD ("/transfer/import/async-same-as-sync", test_import_async_same_as_sync);
  ADD ("/transfer/import/async-malformed", test_import_async_malformed);
  ADD ("/transfer/import/async-failing-transaction", test_import_async_failing_transaction);
  ADD ("/transfer/import/async-cancel", test_import_async_cancel);
  ADD ("/transfer/import/async-library-changed", test_import_async_library_changed);
  ADD ("/transfer/import/mal-adjustments", test_import_mal_adjustments);
  ADD ("/transfer/import/json-adjustments", test_import_json_adjustments);
  ADD ("/transfer/import/async-reloaded", test_import_async_reloaded);
  ADD ("/transfer/import/async-same-id", test_import_async_same_id);
  ADD ("/transfer/import/big-sync-perf", test_import_big_sync_perf);
  ADD ("/transfer/import/hostile", test_import_hostile);
  ADD ("/transfer/import/invalid-utf8", test_import_invalid_utf8);

#undef ADD

  return g_test_run ();
}
