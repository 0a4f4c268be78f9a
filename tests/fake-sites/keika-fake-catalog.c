/* keika-fake-catalog.c: one anime catalogue for every fake site
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-anilist.h"
#include "keika-fake-anitrack.h"
#include "keika-fake-catalog.h"
#include "keika-fake-kitsu.h"
#include "keika-fake-mal.h"
#include "keika-fake-sites-private.h"

/* Generated anime: MyAnimeList ids from 300000 (clear of the 100000 on of
 * keika_fake_mal_generate_entries()), AniList ids from 1000003 by 7: never
 * the same number for the same anime. */
#define GENERATED_MAL_BASE       300000
#define GENERATED_ANILIST_BASE   1000003
#define GENERATED_KITSU_BASE     60000
#define GENERATED_ANITRACK_BASE  800000

enum { SITE_MAL, SITE_ANILIST, SITE_KITSU, SITE_ANITRACK, N_SITES };

struct _KeikaFakeCatalog
{
  GPtrArray          *items;           /* (owned) (element-type KeikaFakeCatalogAnime) the
                                        * strings of each are owned */
  GHashTable         *by_site[N_SITES]; /* (owned) id (gint64 *) → item (unowned) */
  guint               n_generated;
};

static void
item_free (KeikaFakeCatalogAnime *item)
{
  g_free ((char *) item->romaji);
  g_free ((char *) item->english);
  g_free ((char *) item->native);
  g_strfreev ((char **) item->synonyms);
  g_free ((char *) item->format);
  g_free ((char *) item->status);
  g_free ((char *) item->season);
  g_strfreev ((char **) item->genres);
  g_free (item);
}

KeikaFakeCatalog *
keika_fake_catalog_new (void)
{
  KeikaFakeCatalog *catalog = g_new0 (KeikaFakeCatalog, 1);

  catalog->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  for (guint i = 0; i < N_SITES; i++)
    catalog->by_site[i] = g_hash_table_new (g_int64_hash, g_int64_equal);

  return catalog;
}

void
keika_fake_catalog_free (KeikaFakeCatalog *catalog)
{
  for (guint i = 0; i < N_SITES; i++)
    g_hash_table_unref (catalog->by_site[i]);
  g_ptr_array_unref (catalog->items);
  g_free (catalog);
}

static gint64 *
site_id (KeikaFakeCatalogAnime *item,
         guint                  site)
{
  switch (site)
    {
    case SITE_MAL: return &item->mal_id;
    case SITE_ANILIST: return &item->anilist_id;
    case SITE_KITSU: return &item->kitsu_id;
    case SITE_ANITRACK: return &item->anitrack_id;
    default: g_assert_not_reached ();
    }

  return NULL;
}

/* Keeps a copy; one with an id of the same site as @anime is replaced. */
static void
catalog_store (KeikaFakeCatalog            *catalog,
               const KeikaFakeCatalogAnime *anime)
{
  KeikaFakeCatalogAnime *item = g_new0 (KeikaFakeCatalogAnime, 1);
  guint index = catalog->items->len;

  *item = *anime;
  item->romaji = g_strdup (anime->romaji);
  item->english = g_strdup (anime->english);
  item->native = g_strdup (anime->native);
  item->synonyms = (const char * const *) (anime->synonyms != NULL
                                             ? g_strdupv ((char **) anime->synonyms) : NULL);
  item->format = g_strdup (anime->format != NULL ? anime->format : "TV");
  item->status = g_strdup (anime->status != NULL ? anime->status : "FINISHED");
  item->season = g_strdup (anime->season);
  item->genres = (const char * const *) (anime->genres != NULL
                                           ? g_strdupv ((char **) anime->genres) : NULL);

  for (guint site = 0; site < N_SITES; site++)
    {
      gint64 id = *site_id (item, site);
      KeikaFakeCatalogAnime *old = id != 0 ? g_hash_table_lookup (catalog->by_site[site], &id)
                                           : NULL;
      guint old_index;

      if (old == NULL || !g_ptr_array_find (catalog->items, old, &old_index))
        continue;

      for (guint s = 0; s < N_SITES; s++)
        if (*site_id (old, s) != 0)
          g_hash_table_remove (catalog->by_site[s], site_id (old, s));
      /* The replaced anime's place, so the order stays that of first addition. */
      g_ptr_array_remove_index (catalog->items, old_index);
      if (old_index < index)
        index = old_index;
      index = MIN (index, catalog->items->len);
    }

  g_ptr_array_insert (catalog->items, index, item);
  for (guint site = 0; site < N_SITES; site++)
    if (*site_id (item, site) != 0)
      g_hash_table_replace (catalog->by_site[site], site_id (item, site), item);
}

static const char *
mal_media_type (const char *format)
{
  static const char * const names[][2] = {
    { "TV", "tv" }, { "TV_SHORT", "tv" }, { "MOVIE", "movie" }, { "SPECIAL", "special" },
    { "OVA", "ova" }, { "ONA", "ona" }, { "MUSIC", "music" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (format, names[i][0]) == 0)
      return names[i][1];

  return "unknown";
}

static const char *
mal_status (const char *status)
{
  if (g_strcmp0 (status, "RELEASING") == 0 || g_strcmp0 (status, "HIATUS") == 0)
    return "currently_airing";
  if (g_strcmp0 (status, "NOT_YET_RELEASED") == 0)
    return "not_yet_aired";

  return "finished_airing";
}

/* Kitsu's subtype of a format. */
static const char *
kitsu_subtype (const char *format)
{
  static const char * const names[][2] = {
    { "TV", "TV" }, { "TV_SHORT", "TV" }, { "MOVIE", "movie" }, { "SPECIAL", "special" },
    { "OVA", "OVA" }, { "ONA", "ONA" }, { "MUSIC", "music" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (format, names[i][0]) == 0)
      return names[i][1];

  return "TV";
}

/* The anime as Kitsu has it: its own status names, an episode count only
 * once the show has ended (MyAnimeList's, else AniList's), a start date
 * from the season, and mappings to the other sites' ids, some missing (one
 * generated anime in 25 has no AniList mapping, one in 40 no MyAnimeList
 * one; Monogatari Series: Second Season has no AniList mapping). */
static void
add_to_kitsu (KeikaFakeSites              *self,
              const KeikaFakeCatalogAnime *anime)
{
  static const char * const months[] = { "01", "04", "07", "10" };
  static const char * const seasons[] = { "WINTER", "SPRING", "SUMMER", "FALL" };
  gint64 index = anime->kitsu_id - GENERATED_KITSU_BASE;
  gboolean generated = anime->kitsu_id >= GENERATED_KITSU_BASE;
  gboolean ended = anime->status == NULL || g_str_equal (anime->status, "FINISHED") ||
                   g_str_equal (anime->status, "CANCELLED");
  g_autofree char *start_date = NULL;
  const char *month = "01";
  KeikaFakeKitsuAnime k = {
    .id = anime->kitsu_id,
    .canonical_title = anime->romaji,
    .title_en = anime->english,
    .title_ja_jp = anime->native,
    .abbreviated_titles = anime->synonyms,
    .subtype = kitsu_subtype (anime->format),
    .episode_count = !ended ? 0 : anime->mal_episodes != 0 ? anime->mal_episodes
                                                           : anime->anilist_episodes,
    .status = ended ? "finished" : g_strcmp0 (anime->status, "NOT_YET_RELEASED") == 0
                                   ? "upcoming" : "current",
    .nsfw = anime->adult,
    .mal_id = generated && index % 40 == 17 ? 0 : anime->mal_id,
    .anilist_id = (generated && index % 25 == 11) || anime->kitsu_id == 7716 ? 0
                                                                             : anime->anilist_id,
  };

  for (guint i = 0; i < G_N_ELEMENTS (seasons); i++)
    if (g_strcmp0 (anime->season, seasons[i]) == 0)
      month = months[i];
  if (anime->year != 0)
    start_date = g_strdup_printf ("%04u-%s-%02u", anime->year, month,
                                  (guint) (anime->kitsu_id % 28 + 1));
  k.start_date = start_date;

  keika_fake_kitsu_add_anime (keika_fake_sites_get_kitsu (self), &k);
}

static void
add_to_sites (KeikaFakeSites              *self,
              const KeikaFakeCatalogAnime *anime,
              gboolean                     replace_mal)
{
  KeikaFakeMal *mal = keika_fake_sites_get_mal (self);

  if (anime->mal_id != 0 && (replace_mal || !keika_fake_mal_has_anime (mal, anime->mal_id)))
    {
      g_autofree char *season = anime->season != NULL ? g_ascii_strdown (anime->season, -1) : NULL;
      g_autofree char *start = anime->year != 0 ? g_strdup_printf ("%u", anime->year) : NULL;
      KeikaFakeMalAnime m = {
        .id = anime->mal_id,
        .title = anime->romaji,
        .synonyms = anime->synonyms,
        .title_en = anime->english,
        .title_ja = anime->native,
        .media_type = mal_media_type (anime->format != NULL ? anime->format : "TV"),
        .status = mal_status (anime->status),
        .num_episodes = anime->mal_episodes,
        .start_year = anime->year,
        .start_season = season,
        .start_date = start,
        .nsfw = anime->adult,
      };

      keika_fake_mal_add_anime (mal, &m);
    }

  if (anime->anilist_id != 0)
    {
      KeikaFakeAnilistAnime a = {
        .id = anime->anilist_id,
        .id_mal = anime->mal_id,
        .romaji = anime->romaji,
        .english = anime->english,
        .native = anime->native,
        .synonyms = anime->synonyms,
        .format = anime->format,
        .episodes = anime->anilist_episodes,
        .status = anime->status,
        .season = anime->season,
        .season_year = anime->year,
        .genres = anime->genres,
        .is_adult = anime->adult,
        .next_episode = anime->next_episode,
      };

      keika_fake_anilist_add_anime (keika_fake_sites_get_anilist (self), &a);
    }

  if (anime->anitrack_id != 0)
    {
      /* AniTrack takes its episode count from AniList, else MyAnimeList. */
      KeikaFakeAnitrackAnime t = {
        .id = anime->anitrack_id,
        .anilist_id = anime->anilist_id,
        .mal_id = anime->mal_id,
        .kitsu_id = anime->kitsu_id,
        .title = anime->romaji,
        .title_english = anime->english,
        .title_japanese = anime->native,
        .synonyms = anime->synonyms,
        .type = anime->format,
        .episodes = anime->anilist_episodes != 0 ? anime->anilist_episodes : anime->mal_episodes,
        .status = anime->status,
        .season = anime->season,
        .year = anime->year,
        .genres = anime->genres,
        .is_adult = anime->adult,
      };

      keika_fake_anitrack_add_anime (keika_fake_sites_get_anitrack (self), &t);
    }

  if (anime->kitsu_id != 0)
    add_to_kitsu (self, anime);
}

/**
 * keika_fake_sites_add_catalog_anime:
 * @anime: the anime; copied
 *
 * Adds @anime to the catalogue and to every fake site that has it (an id
 * that is not 0): MyAnimeList as keika_fake_mal_add_anime(), AniList as
 * keika_fake_anilist_add_anime() with idMal the MyAnimeList id (null when
 * 0), AniTrack as keika_fake_anitrack_add_anime() with its AniList and
 * MyAnimeList ids, Kitsu as keika_fake_kitsu_add_anime() with mappings to
 * them (see add_to_kitsu()). An anime of the catalogue with one of the same
 * ids is replaced.
 */
void
keika_fake_sites_add_catalog_anime (KeikaFakeSites              *self,
                                    const KeikaFakeCatalogAnime *anime)
{
  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));
  g_return_if_fail (anime != NULL && anime->romaji != NULL);
  g_return_if_fail (anime->mal_id >= 0 && anime->anilist_id >= 0
                    && anime->kitsu_id >= 0 && anime->anitrack_id >= 0);
  g_return_if_fail (anime->mal_id != 0 || anime->anilist_id != 0
                    || anime->kitsu_id != 0 || anime->anitrack_id != 0);

  catalog_store (keika_fake_sites_get_catalog_data (self), anime);
  add_to_sites (self, anime, TRUE);
}

/* The built-in catalogue: the fake MyAnimeList has these already (with its
 * own dates), so it is only given what it lacks. */
void
keika_fake_catalog_add_builtin (KeikaFakeSites *self)
{
  static const char * const fma_synonyms[] = {
    "Hagane no Renkinjutsushi: Fullmetal Alchemist", "Fullmetal Alchemist (2009)", "FMA", "FMAB",
    NULL
  };
  static const char * const monogatari_synonyms[] = {
    "Nekomonogatari: Shiro", "Kabukimonogatari", "Otorimonogatari", "Onimonogatari",
    "Koimonogatari", NULL
  };
  static const char * const action[] = { "Action", "Adventure", "Drama", "Sci-Fi", NULL };
  static const char * const adventure[] = { "Action", "Adventure", "Comedy", "Fantasy", NULL };
  static const char * const fantasy[] = { "Adventure", "Drama", "Fantasy", NULL };
  static const char * const thriller[] = { "Mystery", "Psychological", "Supernatural",
                                           "Thriller", NULL };
  static const char * const romance[] = { "Drama", "Romance", "Supernatural", NULL };
  static const char * const sports[] = { "Comedy", "Sports", NULL };
  const KeikaFakeCatalogAnime builtin[] = {
    { 1, 1, 1, 7001, "Cowboy Bebop", "Cowboy Bebop", "カウボーイビバップ", NULL, "TV", 26, 26,
      "FINISHED", "SPRING", 1998, action, FALSE, 0 },
    { 21, 21, 12, 7002, "ONE PIECE", "ONE PIECE", "ONE PIECE", NULL, "TV", 0, 0, "RELEASING",
      "FALL", 1999, adventure, FALSE, 1123 },
    { 199, 199, 176, 7003, "Sen to Chihiro no Kamikakushi", "Spirited Away", "千と千尋の神隠し",
      NULL, "MOVIE", 1, 1, "FINISHED", "SUMMER", 2001, fantasy, FALSE, 0 },
    { 1535, 1535, 1376, 7004, "DEATH NOTE", "Death Note", "デスノート", NULL, "TV", 37, 37,
      "FINISHED", "FALL", 2006, thriller, FALSE, 0 },
    { 5114, 5114, 3936, 7005, "Hagane no Renkinjutsushi: FULLMETAL ALCHEMIST",
      "Fullmetal Alchemist: Brotherhood", "鋼の錬金術師 FULLMETAL ALCHEMIST", fma_synonyms, "TV",
      64, 64, "FINISHED", "SPRING", 2009, action, FALSE, 0 },
    { 9253, 9253, 5646, 7006, "Steins;Gate", "Steins;Gate", "STEINS;GATE", NULL, "TV", 24, 24,
      "FINISHED", "SPRING", 2011, thriller, FALSE, 0 },
    { 16498, 16498, 7442, 7007, "Shingeki no Kyojin", "Attack on Titan", "進撃の巨人", NULL,
      "TV", 25, 25, "FINISHED", "SPRING", 2013, action, FALSE, 0 },
    { 17074, 17074, 7716, 7008, "Monogatari Series: Second Season", NULL,
      "〈物語〉シリーズ セカンドシーズン", monogatari_synonyms, "TV", 26, 26, "FINISHED", "SUMMER",
      2013, romance, FALSE, 0 },
    { 30230, 21004, 10240, 7009, "Diamond no Ace: Second Season",
      "Ace of Diamond: Second Season", "ダイヤのA -SECOND SEASON-", NULL, "TV", 51, 51,
      "FINISHED", "SPRING", 2015, sports, FALSE, 0 },
    { 32281, 21519, 11614, 7010, "Kimi no Na wa.", "Your Name.", "君の名は。", NULL, "MOVIE", 1, 1,
      "FINISHED", "SUMMER", 2016, romance, FALSE, 0 },
    { 52991, 154587, 46474, 7011, "Sousou no Frieren", "Frieren: Beyond Journey’s End",
      "葬送のフリーレン", NULL, "TV", 28, 28, "FINISHED", "FALL", 2023, fantasy, FALSE, 0 },
    { 0, 171018, 0, 0, "Keika no Tabi", "Keika’s Journey", "桂花の旅", NULL, "ONA", 0, 12,
      "FINISHED", "WINTER", 2024, fantasy, FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (builtin); i++)
    {
      catalog_store (keika_fake_sites_get_catalog_data (self), &builtin[i]);
      add_to_sites (self, &builtin[i], FALSE);
    }
}

static void
generate_one (KeikaFakeSites *self,
              guint           index,
              guint32         seed)
{
  static const char * const romaji[] = {
    "Kōkaku", "Shōjo", "Yūsha", "Mahō", "Tenshi", "Kyōkai", "Sekai", "Hoshi", "Sōsō",
    "Kimi", "Tōkyō", "Ryū", "Kaijū", "Gakuen", "Monogatari", "Densetsu",
  };
  static const char * const kana[] = {
    "攻殻", "少女", "勇者", "魔法", "天使", "境界", "世界", "星", "葬送", "君", "東京", "竜",
    "怪獣", "学園", "物語", "伝説",
  };
  static const char * const english[] = {
    "Ghost", "Girl", "Hero", "Magic", "Angel", "Boundary", "World", "Star", "Farewell",
    "You", "Tokyo", "Dragon", "Kaiju", "Academy", "Story", "Legend",
  };
  static const char * const formats[] = { "TV", "TV", "TV", "OVA", "MOVIE", "ONA", "SPECIAL",
                                          "TV_SHORT" };
  static const char * const seasons[] = { "WINTER", "SPRING", "SUMMER", "FALL" };
  static const char * const genre_pool[] = {
    "Action", "Adventure", "Comedy", "Drama", "Fantasy", "Mystery", "Romance", "Sci-Fi",
    "Slice of Life", "Sports", "Supernatural", "Thriller",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ (index * 2654435761u));
  int a = g_rand_int_range (rand, 0, G_N_ELEMENTS (romaji));
  int b = g_rand_int_range (rand, 0, G_N_ELEMENTS (romaji));
  guint year = g_rand_int_range (rand, 1970, 2027);
  g_autofree char *title = NULL;
  g_autofree char *title_en = NULL;
  g_autofree char *title_ja = NULL;
  g_autofree char *synonym = NULL;
  const char *synonyms[2] = { NULL, NULL };
  const char *genres[4] = { NULL, NULL, NULL, NULL };
  KeikaFakeCatalogAnime anime = { 0, };
  guint episodes;

  /* Some titles need escaping in JSON; some anime have no English title. */
  if (index % 50 == 7)
    title = g_strdup_printf ("%s \"%s\" \\ %u", romaji[a], romaji[b], index);
  else
    title = g_strdup_printf ("%s no %s %u", romaji[a], romaji[b], index);
  if (index % 8 != 5)
    title_en = g_strdup_printf ("The %s of the %s: Édition %u", english[b], english[a], index);
  title_ja = g_strdup_printf ("%sの%s 第%u期", kana[a], kana[b], index);
  if (index % 3 == 0)
    {
      synonym = g_strdup_printf ("%s%s ✦ %u", romaji[b], romaji[a], index);
      synonyms[0] = synonym;
    }
  for (guint i = 0, n = g_rand_int_range (rand, 1, 4); i < n; i++)
    genres[i] = genre_pool[g_rand_int_range (rand, 0, G_N_ELEMENTS (genre_pool))];

  /* About 2 % only on MyAnimeList, 2 % only on AniList. */
  anime.mal_id = index % 50 == 37 ? 0 : GENERATED_MAL_BASE + index;
  anime.anilist_id = index % 50 == 13 ? 0 : GENERATED_ANILIST_BASE + 7 * (gint64) index;
  /* About 2 % not on Kitsu. */
  anime.kitsu_id = index % 50 == 41 ? 0 : GENERATED_KITSU_BASE + index;
  /* About 2 % not on AniTrack (not synced there yet). */
  anime.anitrack_id = index % 50 == 23 ? 0 : GENERATED_ANITRACK_BASE + index;
  anime.romaji = title;
  anime.english = title_en;
  anime.native = title_ja;
  anime.synonyms = synonyms;
  anime.genres = genres;
  anime.format = formats[g_rand_int_range (rand, 0, G_N_ELEMENTS (formats))];
  anime.season = seasons[g_rand_int_range (rand, 0, 4)];
  anime.year = year;
  anime.status = year >= 2026 ? "NOT_YET_RELEASED" : year >= 2025 ? "RELEASING" : "FINISHED";
  anime.adult = index % 97 == 42;

  episodes = g_str_equal (anime.format, "MOVIE") ? 1 : (guint) g_rand_int_range (rand, 0, 64);
  anime.mal_episodes = episodes;
  anime.anilist_episodes = episodes;
  if (index % 10 == 4 && !g_str_equal (anime.format, "MOVIE"))
    {
      /* An ongoing show AniList counts one episode ahead of MyAnimeList. */
      anime.status = "RELEASING";
      anime.mal_episodes = MAX (episodes, 2) - 1;
      anime.anilist_episodes = MAX (episodes, 2);
    }
  else if (index % 20 == 8)
    anime.mal_episodes = 0;  /* unknown on MyAnimeList, known on AniList */
  if (g_str_equal (anime.status, "RELEASING"))
    anime.next_episode = anime.anilist_episodes > 1
                         ? (guint) g_rand_int_range (rand, 1, anime.anilist_episodes + 1)
                         : (guint) g_rand_int_range (rand, 1, 30);

  keika_fake_sites_add_catalog_anime (self, &anime);
}

/**
 * keika_fake_sites_generate_catalog:
 * @n_anime: how many anime to add
 * @seed: the seed of the generator
 *
 * Adds @n_anime generated anime to the catalogue and the sites, after those
 * generated before: the same ids and titles for the same calls. MyAnimeList
 * ids are 300000 + index, AniList ids 1000003 + 7 × index; about one in
 * fifty is only on MyAnimeList, one in fifty only on AniList (idMal null);
 * one in ten is an ongoing show AniList counts an episode ahead of
 * MyAnimeList, one in twenty has its episodes unknown on MyAnimeList only.
 * Titles are non-ASCII, some need escaping, some have no English title.
 */
void
keika_fake_sites_generate_catalog (KeikaFakeSites *self,
                                   guint           n_anime,
                                   guint32         seed)
{
  KeikaFakeCatalog *catalog;

  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));

  catalog = keika_fake_sites_get_catalog_data (self);
  for (guint i = 0; i < n_anime; i++)
    generate_one (self, catalog->n_generated++, seed);
}

/**
 * keika_fake_sites_get_catalog:
 *
 * Returns: (transfer container) (element-type KeikaFakeCatalogAnime): every
 *   anime of the catalogue, in the order added (read-only, valid until the
 *   next change)
 */
GPtrArray *
keika_fake_sites_get_catalog (KeikaFakeSites *self)
{
  KeikaFakeCatalog *catalog;
  GPtrArray *items;

  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), NULL);

  catalog = keika_fake_sites_get_catalog_data (self);
  items = g_ptr_array_sized_new (catalog->items->len);
  for (guint i = 0; i < catalog->items->len; i++)
    g_ptr_array_add (items, g_ptr_array_index (catalog->items, i));

  return items;
}

/**
 * keika_fake_sites_find_catalog_anime:
 * @site: "mal", "anilist", "kitsu" or "anitrack"
 * @id: the anime's id on @site
 *
 * Returns: (transfer none) (nullable): the anime of the catalogue
 */
const KeikaFakeCatalogAnime *
keika_fake_sites_find_catalog_anime (KeikaFakeSites *self,
                                     const char     *site,
                                     gint64          id)
{
  static const char * const names[N_SITES] = { "mal", "anilist", "kitsu", "anitrack" };

  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), NULL);
  g_return_val_if_fail (site != NULL, NULL);

  for (guint i = 0; i < N_SITES; i++)
    if (g_str_equal (site, names[i]))
      return g_hash_table_lookup (keika_fake_sites_get_catalog_data (self)->by_site[i], &id);

  g_return_val_if_reached (NULL);
}
