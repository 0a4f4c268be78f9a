/* test-import.c — an import that never destroys: what it keeps by default,
 * its look before writing, its writing with the person's choices and its
 * undo
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "keika-anime.h"
#include "keika-list-entry.h"
#include "keika-store.h"
#include "keika-transfer.h"

typedef struct
{
  char         *dir;
  char         *db_path;
  KeikaStore   *store;
  KeikaLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("keika-import-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = g_build_filename (fx->dir, "keika.db", NULL);
  fx->store = keika_store_open (fx->db_path, &error);
  g_assert_no_error (error);
  fx->library = keika_library_new ();
  keika_store_load_library (fx->store, fx->library, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fx->library);
  g_clear_object (&fx->store);

  dir = g_dir_open (fx->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fx->dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (fx->dir);
  g_free (fx->db_path);
  g_free (fx->dir);
}

/* One anime of a MyAnimeList export. */
typedef struct
{
  guint       mal_id;
  const char *title;
  const char *status;
  guint       episodes;
  guint       watched;
  guint       score;
  const char *notes;
  const char *tags;
  const char *start;
} MalAnime;

static GFile *
write_mal (Fixture        *fx,
           const char     *name,
           const MalAnime *anime,
           guint           n_anime)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<myanimelist>\n"
                                         "<myinfo><user_export_type>1</user_export_type></myinfo>\n");
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_anime; i++)
    g_string_append_printf (xml,
                            "<anime><series_animedb_id>%u</series_animedb_id>"
                            "<series_title><![CDATA[%s]]></series_title><series_type>TV</series_type>"
                            "<series_episodes>%u</series_episodes>"
                            "<my_watched_episodes>%u</my_watched_episodes>"
                            "<my_start_date>%s</my_start_date><my_finish_date>0000-00-00</my_finish_date>"
                            "<my_score>%u</my_score><my_status>%s</my_status>"
                            "<my_comments><![CDATA[%s]]></my_comments>"
                            "<my_times_watched>0</my_times_watched>"
                            "<my_tags><![CDATA[%s]]></my_tags><my_rewatching>0</my_rewatching></anime>\n",
                            anime[i].mal_id, anime[i].title, anime[i].episodes, anime[i].watched,
                            anime[i].start ? anime[i].start : "0000-00-00", anime[i].score, anime[i].status,
                            anime[i].notes ? anime[i].notes : "", anime[i].tags ? anime[i].tags : "");
  g_string_append (xml, "</myanimelist>\n");

  g_file_set_contents (path, xml->str, xml->len, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static const MalAnime first_file[] = {
  { 1, "Cowboy Bebop", "Completed", 26, 26, 10, "  Keep me,\nplease ", "classic", "1999-04-03" },
  { 6, "Trigun", "Watching", 26, 3, 7, NULL, NULL, NULL },
};

/* The library the tests start from: the first file imported. */
static void
import_first (Fixture *fx)
{
  g_autoptr(GFile) file = write_mal (fx, "first.xml", first_file, G_N_ELEMENTS (first_file));
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = keika_import_file (fx->store, fx->library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, 2);
}

static KeikaListEntry *
stored_entry (Fixture *fx,
              gint64   mal_id)
{
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* A second connection sees what was committed. */
  store = keika_store_open (fx->db_path, &error);
  g_assert_no_error (error);
  id = keika_store_find_entry_by_site_id (store, KEIKA_SITE_MAL, mal_id, NULL);
  if (id <= 0)
    return NULL;

  return keika_store_load_entry (store, id, NULL);
}

static guint
count_stored (Fixture *fx)
{
  g_autoptr(KeikaStore) store = keika_store_open (fx->db_path, NULL);
  g_autoptr(GPtrArray) entries = keika_store_load_entries (store, NULL);

  return entries->len;
}

static gboolean
has_tags (KeikaListEntry *entry)
{
  const char * const *tags = keika_list_entry_get_tags (entry);

  return tags != NULL && tags[0] != NULL;
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* A file without Bebop's notes, tags and start date changes its score and
 * keeps the rest, unless removing is chosen. */
static void
test_keeps_missing (Fixture       *fx,
                    gconstpointer  user_data)
{
  static const MalAnime second[] = {
    { 1, "Cowboy Bebop", "Completed", 26, 26, 6, NULL, NULL, NULL },
    { 6, "Trigun", "Watching", 26, 3, 7, NULL, NULL, NULL },
  };
  g_autoptr(GFile) file = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportReport) again = NULL;
  g_autoptr(KeikaListEntry) bebop = NULL;
  g_autoptr(GError) error = NULL;

  import_first (fx);
  file = write_mal (fx, "second.xml", second, G_N_ELEMENTS (second));

  report = keika_import_file (fx->store, fx->library, file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpuint (report->kept_missing, ==, 1);
  g_assert_cmpuint (report->unchanged, ==, 1);
  bebop = stored_entry (fx, 1);
  g_assert_cmpuint (keika_list_entry_get_score (bebop), ==, 60);
  /* Kept exactly as they were written, spaces and line break too. */
  g_assert_cmpstr (keika_list_entry_get_notes (bebop), ==, "  Keep me,\nplease ");
  g_assert_true (has_tags (bebop));
  g_assert_cmpstr (keika_list_entry_get_start_date (bebop), ==, "1999-04-03");
  g_clear_object (&bebop);

  /* Chosen: what the file lacks goes. */
  again = keika_import_file_full (fx->store, fx->library, file, KEIKA_IMPORT_REMOVE_MISSING, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->updated, ==, 1);
  bebop = stored_entry (fx, 1);
  g_assert_false (has_text (keika_list_entry_get_notes (bebop)));
  g_assert_false (has_tags (bebop));
  g_assert_false (has_text (keika_list_entry_get_start_date (bebop)));
  g_assert_cmpuint (keika_list_entry_get_score (bebop), ==, 60);
}

/* An entry changed here after the file was made is left alone, unless
 * replacing is chosen. The time comes from MyAnimeList's file name, or
 * else from when the file was written. */
static void
test_newer_here (Fixture       *fx,
                 gconstpointer  user_data)
{
  static const MalAnime older[] = {
    { 1, "Cowboy Bebop", "Completed", 26, 26, 4, "  Keep me,\nplease ", "classic", "1999-04-03" },
    { 6, "Trigun", "Watching", 26, 3, 7, NULL, NULL, NULL },
  };
  g_autoptr(GFile) named = NULL;
  g_autoptr(GFile) unnamed = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaListEntry) bebop = NULL;
  g_autoptr(GError) error = NULL;

  import_first (fx);

  /* Made on 14 November 2023, says its name. */
  named = write_mal (fx, "animelist_1700000000_-_1234567.xml", older, G_N_ELEMENTS (older));
  report = keika_import_file (fx->store, fx->library, named, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->updated, ==, 0);
  g_assert_cmpuint (report->held_newer, ==, 1);
  g_assert_cmpuint (report->made_at, ==, 1700000000);
  bebop = stored_entry (fx, 1);
  g_assert_cmpuint (keika_list_entry_get_score (bebop), ==, 100);
  g_clear_object (&bebop);
  g_clear_pointer (&report, keika_import_report_free);

  /* No time in its name: written an hour ago. */
  unnamed = write_mal (fx, "list.xml", older, G_N_ELEMENTS (older));
  g_file_set_attribute_uint64 (unnamed, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                               g_get_real_time () / G_USEC_PER_SEC - 3600,
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  report = keika_import_file (fx->store, fx->library, unnamed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->held_newer, ==, 1);
  g_clear_pointer (&report, keika_import_report_free);

  /* Chosen: the file wins. */
  report = keika_import_file_full (fx->store, fx->library, named, KEIKA_IMPORT_REPLACE_NEWER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpuint (report->held_newer, ==, 0);
  bebop = stored_entry (fx, 1);
  g_assert_cmpuint (keika_list_entry_get_score (bebop), ==, 40);
}

/* Running an asynchronous call to its end. */
typedef struct
{
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return wait->result;
}

static const char *
line (KeikaImportPreview *preview,
      KeikaImportLines    kind,
      guint               i)
{
  GPtrArray *lines = keika_import_preview_get_lines (preview, kind);

  g_assert_cmpuint (i, <, lines->len);

  return g_ptr_array_index (lines, i);
}

/* The look before writing says what will change, field by field, writes
 * nothing; writing with a choice, then Undo, puts the library back, except
 * an entry edited since. */
static void
test_preview_commit_undo (Fixture       *fx,
                          gconstpointer  user_data)
{
  static const MalAnime third[] = {
    { 1, "Cowboy Bebop", "Completed", 26, 26, 6, NULL, NULL, NULL },
    { 6, "Trigun", "Watching", 26, 5, 8, NULL, NULL, NULL },
    { 47, "Akira", "Plan to Watch", 1, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GFile) file = NULL;
  g_autoptr(KeikaImportPreview) preview = NULL;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(KeikaImportUndo) undo = NULL;
  g_autoptr(KeikaListEntry) bebop = NULL;
  g_autoptr(KeikaListEntry) trigun = NULL;
  g_autoptr(GError) error = NULL;
  const KeikaImportReport *counts;
  KeikaListEntry *live;
  Wait looked = { NULL, };
  Wait written = { NULL, };
  Wait undone = { NULL, };
  guint n_kept = 0;

  import_first (fx);
  file = write_mal (fx, "third.xml", third, G_N_ELEMENTS (third));

  keika_import_preview_async (fx->store, file, KEIKA_SCORE_FORMAT_POINT_10, NULL, wait_cb, &looked);
  preview = keika_import_preview_finish (fx->store, wait_for (&looked), &error);
  g_clear_object (&looked.result);
  g_assert_no_error (error);

  counts = keika_import_preview_get_report (preview);
  g_assert_cmpuint (counts->added, ==, 1);
  g_assert_cmpuint (counts->updated, ==, 2);
  g_assert_cmpuint (counts->kept_missing, ==, 1);
  g_assert_false (keika_import_preview_only_adds (preview));
  g_assert_cmpstr (line (preview, KEIKA_IMPORT_LINES_ADD, 0), ==, "Akira");
  g_assert_cmpstr (line (preview, KEIKA_IMPORT_LINES_CHANGE, 0), ==, "Cowboy Bebop: score 10 → 6");
  g_assert_cmpstr (line (preview, KEIKA_IMPORT_LINES_CHANGE, 1), ==, "Trigun: episodes 3 → 5, score 7 → 8");
  g_assert_cmpstr (line (preview, KEIKA_IMPORT_LINES_MISSING, 0), ==,
                   "Cowboy Bebop: start date removed, notes removed, tags removed");
  g_assert_cmpuint (keika_import_preview_get_lines (preview, KEIKA_IMPORT_LINES_NEWER)->len, ==, 0);

  /* Nothing was written by looking. */
  g_assert_cmpuint (count_stored (fx), ==, 2);
  bebop = stored_entry (fx, 1);
  g_assert_cmpuint (keika_list_entry_get_score (bebop), ==, 100);
  g_clear_object (&bebop);

  /* Written, with removing chosen. */
  keika_import_commit_async (fx->store, fx->library, preview, KEIKA_IMPORT_REMOVE_MISSING, NULL,
                             wait_cb, &written);
  report = keika_import_commit_finish (fx->store, wait_for (&written), &undo, &error);
  g_clear_object (&written.result);
  g_assert_no_error (error);
  g_assert_nonnull (undo);
  g_assert_cmpuint (report->added, ==, 1);
  g_assert_cmpuint (report->updated, ==, 2);
  g_assert_cmpuint (count_stored (fx), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->library)), ==, 3);
  live = keika_library_lookup_by_site_id (fx->library, KEIKA_SITE_MAL, 1);
  g_assert_false (has_text (keika_list_entry_get_notes (live)));

  /* Trigun is edited after the import: that edit stays through the undo. */
  live = keika_library_lookup_by_site_id (fx->library, KEIKA_SITE_MAL, 6);
  keika_list_entry_set_score (live, 90);
  keika_list_entry_touch (live);
  g_assert_true (keika_store_save_entry (fx->store, live, &error));

  keika_import_undo_async (fx->store, fx->library, undo, NULL, wait_cb, &undone);
  g_assert_true (keika_import_undo_finish (fx->store, wait_for (&undone), &n_kept, &error));
  g_clear_object (&undone.result);
  g_assert_no_error (error);
  g_assert_cmpuint (n_kept, ==, 1);

  /* Akira is gone, Bebop is back, Trigun keeps its later edit. */
  g_assert_cmpuint (count_stored (fx), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->library)), ==, 2);
  g_assert_null (keika_library_lookup_by_site_id (fx->library, KEIKA_SITE_MAL, 47));
  bebop = stored_entry (fx, 1);
  g_assert_cmpuint (keika_list_entry_get_score (bebop), ==, 100);
  g_assert_cmpstr (keika_list_entry_get_notes (bebop), ==, "  Keep me,\nplease ");
  g_assert_true (has_tags (bebop));
  live = keika_library_lookup_by_site_id (fx->library, KEIKA_SITE_MAL, 1);
  g_assert_cmpuint (keika_list_entry_get_score (live), ==, 100);
  g_assert_cmpstr (keika_list_entry_get_notes (live), ==, "  Keep me,\nplease ");
  trigun = stored_entry (fx, 6);
  g_assert_cmpuint (keika_list_entry_get_score (trigun), ==, 90);
  live = keika_library_lookup_by_site_id (fx->library, KEIKA_SITE_MAL, 6);
  g_assert_cmpuint (keika_list_entry_get_score (live), ==, 90);
}

/* Into an empty library an import only adds: nothing to decide. */
static void
test_preview_only_adds (Fixture       *fx,
                        gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_mal (fx, "first.xml", first_file, G_N_ELEMENTS (first_file));
  g_autoptr(KeikaImportPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  Wait looked = { NULL, };

  keika_import_preview_async (fx->store, file, KEIKA_SCORE_FORMAT_POINT_10, NULL, wait_cb, &looked);
  preview = keika_import_preview_finish (fx->store, wait_for (&looked), &error);
  g_clear_object (&looked.result);
  g_assert_no_error (error);
  g_assert_true (keika_import_preview_only_adds (preview));
  g_assert_cmpuint (keika_import_preview_get_report (preview)->added, ==, 2);
  g_assert_cmpuint (keika_import_preview_get_lines (preview, KEIKA_IMPORT_LINES_ADD)->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/import/keeps-missing", Fixture, NULL,
              fixture_set_up, test_keeps_missing, fixture_tear_down);
  g_test_add ("/import/newer-here", Fixture, NULL,
              fixture_set_up, test_newer_here, fixture_tear_down);
  g_test_add ("/import/preview-commit-undo", Fixture, NULL,
              fixture_set_up, test_preview_commit_undo, fixture_tear_down);
  g_test_add ("/import/preview-only-adds", Fixture, NULL,
              fixture_set_up, test_preview_only_adds, fixture_tear_down);

  return g_test_run ();
}
