/* bench-store.c — how long the store takes for what the user waits on
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generates a 10,000-entry library once (deterministic, with long and
 * non-ASCII titles, synonyms and notes, every entry linked to two claimed
 * profiles), then measures:
 *   - opening the store and filling a KeikaLibrary (the start of the app);
 *   - saving one edit (an UPDATE of the entry and its anime and two journal
 *     rows, in one transaction).
 * Prints the median and the worst of each; exits 1 when a median is over its
 * target. For information, it also prints how much heap the loaded library
 * takes (with glibc) and how long its search keys take to build, as the
 * loading worker does.
 */

#define G_LOG_DOMAIN "KeikaStore"

#include "config.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <glib/gstdio.h>

#include "bench-common.h"
#include "keika-anime.h"
#include "keika-library.h"
#include "keika-profile.h"
#include "keika-store.h"

#define N_ENTRIES      BENCH_N_ENTRIES
#define N_RUNS_OPEN    20
#define N_RUNS_SAVE    200
#define TARGET_OPEN_MS 60.0
#define TARGET_SAVE_MS 5.0

/* Links every entry to two claimed profiles, so that each saved edit also
 * writes two journal rows, as it will once the sites are linked. */
static gboolean
link_profiles (KeikaStore  *store,
               gpointer     user_data,
               GError     **error)
{
  GPtrArray *entries = user_data;
  g_autoptr(KeikaProfile) mal = keika_profile_new (KEIKA_SITE_MAL, "bench-mal");
  g_autoptr(KeikaProfile) anilist = keika_profile_new (KEIKA_SITE_ANILIST, "bench-anilist");

  keika_profile_set_claimed (mal, TRUE);
  keika_profile_set_claimed (anilist, TRUE);
  if (!keika_store_add_profile (store, mal, error) ||
      !keika_store_add_profile (store, anilist, error))
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *site_entry_id = g_strdup_printf ("%u", 900000 + i);

      if (!keika_store_link_entry (store, entry, mal, NULL, error) ||
          !keika_store_link_entry (store, entry, anilist, site_entry_id, error))
        return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GArray) open_fill = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_only = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) load_only = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) saves = g_array_new (FALSE, FALSE, sizeof (double));
  GStatBuf st;
  gint64 start;
  gboolean ok = TRUE;
  double m;

  if (!(dir = g_dir_make_tmp ("keika-bench-store-XXXXXX", &error)))
    g_error ("%s", error->message);
  path = g_build_filename (dir, "keika.db", NULL);

  start = g_get_monotonic_time ();
  if (!bench_generate_library (path, N_ENTRIES, &error))
    g_error ("%s", error->message);
  {
    g_autoptr(KeikaStore) store = keika_store_open (path, &error);
    g_autoptr(GPtrArray) entries = NULL;

    if (store == NULL ||
        (entries = keika_store_load_entries (store, &error)) == NULL ||
        !keika_store_run_transaction (store, link_profiles, entries, &error))
      g_error ("%s", error->message);
  }
  g_stat (path, &st);
  g_print ("generated %d entries in %.0f ms (%.1f MB)\n",
           N_ENTRIES, bench_ms_since (start), st.st_size / 1e6);

  for (guint run = 0; run < N_RUNS_OPEN; run++)
    {
      g_autoptr(KeikaStore) store = NULL;
      g_autoptr(KeikaLibrary) library = NULL;
      gint64 opened;
      double ms;

      start = g_get_monotonic_time ();
      store = keika_store_open (path, &error);
      if (store == NULL)
        g_error ("%s", error->message);
      opened = g_get_monotonic_time ();
      library = keika_library_new ();
      if (!keika_store_load_library (store, library, &error))
        g_error ("%s", error->message);
      ms = bench_ms_since (start);

      g_assert (g_list_model_get_n_items (G_LIST_MODEL (library)) == N_ENTRIES);
      g_array_append_val (open_fill, ms);
      ms = (opened - start) / 1000.0;
      g_array_append_val (open_only, ms);
      ms = bench_ms_since (opened);
      g_array_append_val (load_only, ms);
    }

  {
    g_autoptr(KeikaStore) store = NULL;
    g_autoptr(KeikaLibrary) library = NULL;
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);
#ifdef __GLIBC__
    struct mallinfo2 before_load, after_load;

    malloc_trim (0);
    before_load = mallinfo2 ();
#endif

    store = keika_store_open (path, &error);
    library = keika_library_new ();
    if (store == NULL || !keika_store_load_library (store, library, &error))
      g_error ("%s", error->message);

    start = g_get_monotonic_time ();
    for (guint i = 0; i < N_ENTRIES; i++)
      {
        g_autoptr(KeikaListEntry) entry = g_list_model_get_item (G_LIST_MODEL (library), i);

        keika_anime_get_search_key (keika_list_entry_get_anime (entry));
      }
    g_print ("search keys of %d entries built in %.1f ms\n", N_ENTRIES, bench_ms_since (start));

#ifdef __GLIBC__
    malloc_trim (0);
    after_load = mallinfo2 ();
    g_print ("the loaded library with its keys: %.1f MB of heap, %.0f bytes per entry\n",
             (after_load.uordblks - before_load.uordblks) / 1e6,
             (double) (after_load.uordblks - before_load.uordblks) / N_ENTRIES);
#endif

    for (guint run = 0; run < N_RUNS_SAVE; run++)
      {
        guint position = g_rand_int_range (rand, 0, N_ENTRIES);
        g_autoptr(KeikaListEntry) entry = g_list_model_get_item (G_LIST_MODEL (library), position);
        double ms;

        keika_list_entry_set_score (entry, (keika_list_entry_get_score (entry) + 7) % 101);
        keika_list_entry_set_notes (entry, run % 2 ? "edited in the benchmark ✎" : "édité 編集");
        keika_list_entry_touch (entry);

        start = g_get_monotonic_time ();
        if (!keika_store_save_entry (store, entry, &error))
          g_error ("%s", error->message);
        ms = bench_ms_since (start);
        g_array_append_val (saves, ms);
      }

    if (keika_store_count_journal (store, NULL) != 2 * N_RUNS_SAVE)
      g_error ("expected %d journal rows", 2 * N_RUNS_SAVE);
  }

  m = bench_median (open_fill);
  g_print ("open+fill %d entries: median %.1f ms, worst %.1f ms (target %.0f ms)\n",
           N_ENTRIES, m, bench_worst (open_fill), TARGET_OPEN_MS);
  g_print ("  of which open: median %.2f ms; load and fill: median %.1f ms\n",
           bench_median (open_only), bench_median (load_only));
  ok &= m <= TARGET_OPEN_MS;

  m = bench_median (saves);
  g_print ("save one edit: median %.2f ms, worst %.2f ms (target %.0f ms)\n",
           m, bench_worst (saves), TARGET_SAVE_MS);
  ok &= m <= TARGET_SAVE_MS;

  remove_tree (dir);

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
