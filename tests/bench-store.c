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
 * target.
 */

#define G_LOG_DOMAIN "KeikaStore"

#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "keika-anime.h"
#include "keika-library.h"
#include "keika-profile.h"
#include "keika-store.h"

#define N_ENTRIES      10000
#define N_RUNS_OPEN    20
#define N_RUNS_SAVE    50
#define TARGET_OPEN_MS 60.0
#define TARGET_SAVE_MS 5.0

static const char * const syllables[] = {
  "ka", "shi", "tsu", "no", "ri", "yo", "mu", "ken", "sei", "ryuu", "hime",
  "gakuen", "senki", "monogatari", "tensei", "shoujo", "kyou", "ai", "sora",
};

static const char * const native_words[] = {
  "進撃", "の", "巨人", "魔法", "少女", "物語", "転生", "したら", "スライム",
  "だった", "件", "葬送", "フリーレン", "鬼滅", "刃", "銀河", "英雄", "伝説",
};

static const char * const english_words[] = {
  "Attack", "on", "Titan", "Journey's", "End", "Demon", "Slayer", "Legend",
  "of", "the", "Galactic", "Heroes", "Café", "Déjà", "Vu", "Überdrive",
};

static const char * const note_words[] = {
  "great", "opening", "🎶", "rewatch", "with", "friends", "très", "bien",
  "作画", "最高", "slow", "start", "but", "worth", "it", "✨", "—",
};

static const char * const genre_names[] = {
  "Action", "Adventure", "Comedy", "Drama", "Fantasy", "Romance", "Sci-Fi",
  "Slice of Life", "Sports", "Mystery",
};

static char *
words (GRand              *rand,
       const char * const *list,
       guint               n_list,
       guint               min_words,
       guint               max_words,
       const char         *separator)
{
  GString *str = g_string_new (NULL);
  guint n = g_rand_int_range (rand, min_words, max_words + 1);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (str, separator);
      g_string_append (str, list[g_rand_int_range (rand, 0, n_list)]);
    }

  return g_string_free (str, FALSE);
}

#define WORDS(rand, list, min, max, sep) \
  words (rand, list, G_N_ELEMENTS (list), min, max, sep)

static KeikaListEntry *
make_entry (GRand *rand,
            guint  i)
{
  g_autofree char *romaji = WORDS (rand, syllables, 3, 14, " ");
  g_autoptr(KeikaAnime) anime = keika_anime_new (romaji);
  g_autoptr(GPtrArray) synonyms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) genres = g_ptr_array_new ();
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *english = NULL;
  g_autofree char *native = NULL;
  g_autofree char *notes = NULL;
  KeikaListEntry *entry;
  guint n;

  if (g_rand_int_range (rand, 0, 4) != 0)
    {
      english = WORDS (rand, english_words, 2, 10, " ");
      keika_anime_set_title_english (anime, english);
    }
  native = WORDS (rand, native_words, 2, 8, "");
  keika_anime_set_title_native (anime, native);

  n = g_rand_int_range (rand, 0, 5);
  for (guint j = 0; j < n; j++)
    g_ptr_array_add (synonyms, WORDS (rand, syllables, 1, 6, " "));
  g_ptr_array_add (synonyms, NULL);
  keika_anime_set_synonyms (anime, (const char * const *) synonyms->pdata);

  n = g_rand_int_range (rand, 1, 5);
  for (guint j = 0; j < n; j++)
    g_ptr_array_add (genres, (gpointer) genre_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (genre_names))]);
  g_ptr_array_add (genres, NULL);
  keika_anime_set_genres (anime, (const char * const *) genres->pdata);

  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, 1 + i);
  keika_anime_set_site_id (anime, KEIKA_SITE_ANILIST, 100000 + i);
  if (i % 3 != 0)
    keika_anime_set_site_id (anime, KEIKA_SITE_KITSU, 500000 + i);
  keika_anime_set_format (anime, (KeikaFormat) g_rand_int_range (rand, 0, 8));
  keika_anime_set_airing_status (anime, (KeikaAiringStatus) g_rand_int_range (rand, 0, 6));
  keika_anime_set_season (anime, (KeikaSeason) g_rand_int_range (rand, 0, 5));
  keika_anime_set_season_year (anime, g_rand_int_range (rand, 1970, 2027));
  {
    g_autofree char *cover = g_strdup_printf ("https://s4.anilist.co/file/anilistcdn/media/anime/cover/large/bx%u-abcdef.jpg", 100000 + i);

    keika_anime_set_cover_url (anime, cover);
  }
  keika_anime_set_adult (anime, g_rand_int_range (rand, 0, 50) == 0);

  entry = keika_list_entry_new (anime);
  keika_list_entry_set_status (entry, (KeikaStatus) g_rand_int_range (rand, 0, KEIKA_N_STATUSES));
  keika_list_entry_set_score (entry, g_rand_int_range (rand, 0, 101));
  keika_list_entry_set_progress (entry, g_rand_int_range (rand, 0, 30));
  keika_list_entry_set_rewatch_count (entry, g_rand_int_range (rand, 0, 3));
  keika_list_entry_set_start_date (entry, "2021-03-14");
  if (g_rand_int_range (rand, 0, 2) == 0)
    keika_list_entry_set_finish_date (entry, "2022-07");
  if (g_rand_int_range (rand, 0, 3) != 0)
    {
      notes = WORDS (rand, note_words, 5, 120, " ");
      keika_list_entry_set_notes (entry, notes);
    }
  n = g_rand_int_range (rand, 0, 4);
  for (guint j = 0; j < n; j++)
    g_ptr_array_add (tags, WORDS (rand, note_words, 1, 2, "-"));
  g_ptr_array_add (tags, NULL);
  keika_list_entry_set_tags (entry, (const char * const *) tags->pdata);
  keika_list_entry_set_favourite (entry, g_rand_int_range (rand, 0, 20) == 0);
  keika_list_entry_set_updated_at (entry, 1600000000 + i);

  keika_anime_set_episodes (anime, g_rand_int_range (rand, 0, 4) == 0 ? 0 : g_rand_int_range (rand, 1, 60));

  return entry;
}

static gboolean
generate (KeikaStore  *store,
          gpointer     user_data,
          GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  g_autoptr(KeikaProfile) mal = keika_profile_new (KEIKA_SITE_MAL, "bench-mal");
  g_autoptr(KeikaProfile) anilist = keika_profile_new (KEIKA_SITE_ANILIST, "bench-anilist");

  keika_profile_set_claimed (mal, TRUE);
  keika_profile_set_claimed (anilist, TRUE);
  if (!keika_store_add_profile (store, mal, error) ||
      !keika_store_add_profile (store, anilist, error))
    return FALSE;

  for (guint i = 0; i < N_ENTRIES; i++)
    {
      g_autoptr(KeikaListEntry) entry = make_entry (rand, i);
      g_autofree char *site_entry_id = g_strdup_printf ("%u", 900000 + i);

      if (!keika_store_add_entry (store, entry, error) ||
          !keika_store_link_entry (store, entry, mal, NULL, error) ||
          !keika_store_link_entry (store, entry, anilist, site_entry_id, error))
        return FALSE;
    }

  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);

  return g_array_index (samples, double, samples->len / 2);
}

static double
worst (GArray *samples)
{
  g_array_sort (samples, compare_doubles);

  return g_array_index (samples, double, samples->len - 1);
}

static void
remove_dir (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_clear_pointer (&dir, g_dir_close);
  g_rmdir (path);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
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
  {
    g_autoptr(KeikaStore) store = keika_store_open (path, &error);

    if (store == NULL || !keika_store_run_transaction (store, generate, NULL, &error))
      g_error ("%s", error->message);
  }
  g_stat (path, &st);
  g_print ("generated %d entries in %.0f ms (%.1f MB)\n",
           N_ENTRIES, ms_since (start), st.st_size / 1e6);

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
      ms = ms_since (start);

      g_assert (g_list_model_get_n_items (G_LIST_MODEL (library)) == N_ENTRIES);
      g_array_append_val (open_fill, ms);
      ms = (opened - start) / 1000.0;
      g_array_append_val (open_only, ms);
      ms = ms_since (opened);
      g_array_append_val (load_only, ms);
    }

  {
    g_autoptr(KeikaStore) store = keika_store_open (path, &error);
    g_autoptr(KeikaLibrary) library = keika_library_new ();
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);

    if (store == NULL || !keika_store_load_library (store, library, &error))
      g_error ("%s", error->message);

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
        ms = ms_since (start);
        g_array_append_val (saves, ms);
      }

    if (keika_store_count_journal (store, NULL) != 2 * N_RUNS_SAVE)
      g_error ("expected %d journal rows", 2 * N_RUNS_SAVE);
  }

  m = median (open_fill);
  g_print ("open+fill %d entries: median %.1f ms, worst %.1f ms (target %.0f ms)\n",
           N_ENTRIES, m, worst (open_fill), TARGET_OPEN_MS);
  g_print ("  of which open: median %.2f ms; load and fill: median %.1f ms\n",
           median (open_only), median (load_only));
  ok &= m <= TARGET_OPEN_MS;

  m = median (saves);
  g_print ("save one edit: median %.2f ms, worst %.2f ms (target %.0f ms)\n",
           m, worst (saves), TARGET_SAVE_MS);
  ok &= m <= TARGET_SAVE_MS;

  remove_dir (dir);

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
