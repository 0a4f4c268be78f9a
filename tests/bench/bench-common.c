/* bench-common.c — what the UI benchmarks share
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaBench"

#include "config.h"

#include <glib/gstdio.h>

#include "bench-common.h"
#include "keika-anime.h"
#include "keika-list-entry.h"
#include "keika-store.h"

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
  g_autofree char *cover = NULL;
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
  cover = g_strdup_printf ("https://s4.anilist.co/file/anilistcdn/media/anime/cover/large/bx%u-abcdef.jpg", 100000 + i);
  keika_anime_set_cover_url (anime, cover);
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

typedef struct
{
  guint n_entries;
} GenerateData;

static gboolean
generate (KeikaStore  *store,
          gpointer     user_data,
          GError     **error)
{
  GenerateData *data = user_data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);

  for (guint i = 0; i < data->n_entries; i++)
    {
      g_autoptr(KeikaListEntry) entry = make_entry (rand, i);

      if (!keika_store_add_entry (store, entry, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
bench_generate_library (const char  *path,
                        guint        n_entries,
                        GError     **error)
{
  g_autoptr(KeikaStore) store = keika_store_open (path, error);
  GenerateData data = { n_entries };

  return store != NULL && keika_store_run_transaction (store, generate, &data, error);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_median (GArray *samples)
{
  g_return_val_if_fail (samples->len > 0, 0);

  g_array_sort (samples, compare_doubles);

  if (samples->len % 2 == 0)
    return (g_array_index (samples, double, samples->len / 2 - 1) +
            g_array_index (samples, double, samples->len / 2)) / 2;

  return g_array_index (samples, double, samples->len / 2);
}

double
bench_worst (GArray *samples)
{
  g_return_val_if_fail (samples->len > 0, 0);

  g_array_sort (samples, compare_doubles);

  return g_array_index (samples, double, samples->len - 1);
}

double
bench_ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

gboolean
bench_have_display (const char *program)
{
  const char *display = g_getenv ("DISPLAY");

  if (display == NULL || display[0] == '\0')
    {
      g_print ("%s: SKIP: DISPLAY is not set; run it under xvfb-run "
               "(see DESIGN.md, the headless recipe)\n", program);
      return FALSE;
    }

  return TRUE;
}
