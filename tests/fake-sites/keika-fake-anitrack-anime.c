/* keika-fake-anitrack-anime.c: the fake AniTrack's anime, and its sample
 * and generated lists
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-anitrack-private.h"
#include "keika-fake-catalog.h"

/* Anime */

void
keika_fake_anitrack_anime_free (AnitrackAnime *anime)
{
  g_free (anime->slug);
  g_free (anime->title);
  g_free (anime->title_english);
  g_free (anime->title_japanese);
  g_strfreev (anime->synonyms);
  g_free (anime->type);
  g_free (anime->status);
  g_free (anime->season);
  g_strfreev (anime->genres);
  g_free (anime);
}

/* "cowboy-bebop", made unique with the id when taken. */
static char *
make_slug (KeikaFakeAnitrack *self,
           const char        *title,
           gint64             id)
{
  g_autofree char *ascii = g_str_to_ascii (title, "C");
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0 || g_hash_table_contains (self->by_slug, slug->str))
    g_string_append_printf (slug, "%s%" G_GINT64_FORMAT, slug->len > 0 ? "-" : "anime-", id);

  return g_string_free (slug, FALSE);
}

static char **
copy_strv (const char * const *strv)
{
  return strv != NULL ? g_strdupv ((char **) strv) : g_new0 (char *, 1);
}

/**
 * keika_fake_anitrack_add_anime:
 * @anime: the anime; copied
 *
 * Adds @anime, or replaces the one with its id. Its slug is made from its
 * title. The catalogue (keika-fake-catalog.h) adds its anime that have an
 * AniTrack id, with the episode count AniList gives (else MyAnimeList's).
 */
void
keika_fake_anitrack_add_anime (KeikaFakeAnitrack            *self,
                               const KeikaFakeAnitrackAnime *anime)
{
  AnitrackAnime *a;
  AnitrackAnime *old;

  g_return_if_fail (KEIKA_IS_FAKE_ANITRACK (self));
  g_return_if_fail (anime != NULL && anime->id > 0 && anime->title != NULL);

  old = g_hash_table_lookup (self->anime, &anime->id);
  if (old != NULL)
    {
      g_hash_table_remove (self->by_slug, old->slug);
      if (g_hash_table_lookup (self->by_anilist, &old->anilist_id) == old)
        g_hash_table_remove (self->by_anilist, &old->anilist_id);
      g_hash_table_remove (self->anime, &anime->id);
    }

  a = g_new0 (AnitrackAnime, 1);
  a->id = anime->id;
  a->anilist_id = anime->anilist_id;
  a->mal_id = anime->mal_id;
  a->kitsu_id = anime->kitsu_id;
  a->slug = make_slug (self, anime->title, anime->id);
  a->title = g_strdup (anime->title);
  a->title_english = g_strdup (anime->title_english);
  a->title_japanese = g_strdup (anime->title_japanese);
  a->synonyms = copy_strv (anime->synonyms);
  a->type = g_ascii_strdown (anime->type != NULL ? anime->type : "tv", -1);
  a->episodes = anime->episodes;
  a->status = g_ascii_strdown (anime->status != NULL ? anime->status : "finished", -1);
  a->season = anime->season != NULL ? g_ascii_strdown (anime->season, -1) : NULL;
  a->year = anime->year;
  a->genres = copy_strv (anime->genres);
  a->is_adult = anime->is_adult;

  g_hash_table_insert (self->anime, &a->id, a);
  g_hash_table_insert (self->by_slug, a->slug, a);
  if (a->anilist_id > 0)
    g_hash_table_insert (self->by_anilist, &a->anilist_id, a);
}

gboolean
keika_fake_anitrack_has_anime (KeikaFakeAnitrack *self,
                               gint64             anime_id)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), FALSE);

  return g_hash_table_contains (self->anime, &anime_id);
}

/* The AniTrack id of the anime of @anilist_id, or 0. */
gint64
keika_fake_anitrack_find_anilist (KeikaFakeAnitrack *self,
                                  gint64             anilist_id)
{
  AnitrackAnime *anime;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);

  anime = g_hash_table_lookup (self->by_anilist, &anilist_id);

  return anime != NULL ? anime->id : 0;
}

guint
keika_fake_anitrack_get_n_anime (KeikaFakeAnitrack *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);

  return g_hash_table_size (self->anime);
}

void
keika_fake_anitrack_append_anime (GString             *out,
                                  const AnitrackAnime *anime,
                                  gboolean             detail)
{
  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"slug\":", anime->id);
  keika_fake_json_string (out, anime->slug);
  g_string_append (out, ",\"title\":");
  keika_fake_json_string (out, anime->title);
  g_string_append (out, ",\"title_english\":");
  keika_fake_json_string (out, anime->title_english);
  g_string_append (out, ",\"title_japanese\":");
  keika_fake_json_string (out, anime->title_japanese);
  g_string_append (out, ",\"type\":");
  keika_fake_json_string (out, anime->type);
  if (anime->episodes > 0)
    g_string_append_printf (out, ",\"episodes\":%u", anime->episodes);
  else
    g_string_append (out, ",\"episodes\":null");
  g_string_append (out, ",\"status\":");
  keika_fake_json_string (out, anime->status);
  g_string_append (out, ",\"season\":");
  keika_fake_json_string (out, anime->season);
  if (anime->year > 0)
    g_string_append_printf (out, ",\"year\":%u", anime->year);
  else
    g_string_append (out, ",\"year\":null");
  g_string_append_printf (out, ",\"cover_url\":null,\"is_adult\":%s",
                          anime->is_adult ? "true" : "false");
  g_string_append (out, ",\"anilist_id\":");
  anime->anilist_id > 0 ? g_string_append_printf (out, "%" G_GINT64_FORMAT, anime->anilist_id)
                        : g_string_append (out, "null");
  g_string_append (out, ",\"mal_id\":");
  anime->mal_id > 0 ? g_string_append_printf (out, "%" G_GINT64_FORMAT, anime->mal_id)
                    : g_string_append (out, "null");

  if (detail)
    {
      g_string_append (out, ",\"synonyms\":[");
      for (guint i = 0; anime->synonyms[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          keika_fake_json_string (out, anime->synonyms[i]);
        }
      g_string_append (out, "],\"genres\":[");
      for (guint i = 0; anime->genres[i] != NULL; i++)
        {
          g_string_append_printf (out, "%s{\"id\":%u,\"name\":", i > 0 ? "," : "", i + 1);
          keika_fake_json_string (out, anime->genres[i]);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "],\"studios\":[],\"external_ids\":{");
      g_string_append_printf (out, "\"anilist\":%" G_GINT64_FORMAT ",\"mal\":%" G_GINT64_FORMAT
                              ",\"kitsu\":%" G_GINT64_FORMAT "}",
                              anime->anilist_id, anime->mal_id, anime->kitsu_id);
    }
  g_string_append_c (out, '}');
}

void
keika_fake_anitrack_serve_anime (KeikaFakeAnitrack *self,
                                 KeikaFakeContext  *ctx)
{
  const char *path = ctx->path;
  AnitrackAnime *anime = NULL;
  gboolean detail = FALSE;
  GString *out;
  gint64 id;

  if (!keika_fake_context_is_method (ctx, "GET"))
    {
      keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                       "The method is not supported for this route.");
      return;
    }

  if (g_str_has_prefix (path, "/anime/anilist/"))
    {
      if (keika_fake_anitrack_parse_id (path + strlen ("/anime/anilist/"), &id))
        anime = g_hash_table_lookup (self->by_anilist, &id);
    }
  else if (strchr (path + strlen ("/anime/"), '/') == NULL)
    {
      anime = g_hash_table_lookup (self->by_slug, path + strlen ("/anime/"));
      detail = TRUE;
    }

  if (anime == NULL)
    {
      keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "Not Found.");
      return;
    }
  out = g_string_new (NULL);
  keika_fake_anitrack_append_anime (out, anime, detail);
  keika_fake_anitrack_reply_data (ctx, SOUP_STATUS_OK, out);
}

/**
 * keika_fake_anitrack_add_sample_entries:
 *
 * Ten entries over the built-in catalogue, in the shapes a list on AniTrack
 * takes: watching at the last episode, rewatching, private, notes with
 * surrounding spaces and line breaks, tags, no score, a score that is not a
 * multiple of ten.
 */
void
keika_fake_anitrack_add_sample_entries (KeikaFakeAnitrack *self,
                                        const char        *user)
{
  static const char * const tags[] = { "classic", "space", NULL };
  const KeikaFakeAnitrackEntry entries[] = {
    { .anime_id = 7001, .status = "completed", .score = 93, .progress = 26,
      .started_at = "2019-01-05", .completed_at = "2019-02-10", .tags = tags,
      .notes = "See you, space cowboy…", .updated_at = 1549800000 },
    { .anime_id = 7005, .status = "watching", .score = 97, .progress = 64,
      .started_at = "2024-03-01", .updated_at = 1712000000 },
    { .anime_id = 7007, .status = "on_hold", .progress = 5, .updated_at = 1690000000 },
    { .anime_id = 7004, .status = "dropped", .score = 38, .progress = 12,
      .updated_at = 1600000000 },
    { .anime_id = 7011, .status = "plan_to_watch", .updated_at = 1720000000 },
    { .anime_id = 7003, .status = "completed", .score = 85, .progress = 1, .rewatch_count = 2,
      .completed_at = "2001-08-01", .updated_at = 1500000000 },
    { .anime_id = 7006, .status = "watching", .is_rewatching = TRUE, .score = 100, .progress = 3,
      .rewatch_count = 1, .started_at = "2011-04-06", .completed_at = "2011-09-14",
      .updated_at = 1715000000 },
    { .anime_id = 7008, .status = "completed", .score = 77, .progress = 26, .is_private = TRUE,
      .notes = "  Watched in broadcast order.\n\n  Then in release order.  \n",
      .updated_at = 1650000000 },
    { .anime_id = 7002, .status = "watching", .score = 88, .progress = 1100,
      .updated_at = 1725000000 },
    { .anime_id = 7009, .status = "dropped", .score = 55, .progress = 30,
      .started_at = "2015-04-01", .updated_at = 1440000000 },
  };

  g_return_if_fail (KEIKA_IS_FAKE_ANITRACK (self));
  g_return_if_fail (user != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    keika_fake_anitrack_add_entry (self, user, &entries[i]);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  const AnitrackAnime *x = *(const AnitrackAnime * const *) a;
  const AnitrackAnime *y = *(const AnitrackAnime * const *) b;

  return x->id < y->id ? -1 : x->id > y->id;
}

/* At least @n anime by id, the catalogue grown as needed. (transfer container) */
static GPtrArray *
dup_enough_anime (KeikaFakeAnitrack *self,
                  guint              n,
                  guint32            seed)
{
  GPtrArray *anime = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  while (g_hash_table_size (self->anime) < n)
    {
      guint missing = n - g_hash_table_size (self->anime);

      keika_fake_sites_generate_catalog (self->sites, missing + missing / 16 + 8, seed);
    }
  g_hash_table_iter_init (&iter, self->anime);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (anime, value);
  g_ptr_array_sort (anime, compare_ids);

  return anime;
}

static char *
make_date (GRand *rand,
           guint  year)
{
  return g_strdup_printf ("%04u-%02d-%02d", year, g_rand_int_range (rand, 1, 13),
                          g_rand_int_range (rand, 1, 29));
}

/**
 * keika_fake_anitrack_generate_entries:
 * @user: a user name; the user is created if needed
 * @n_entries: how many entries
 * @seed: the seed of the generator
 *
 * Adds @n_entries entries, the same for the same @seed and catalogue, over
 * AniTrack's anime by id (the shared catalogue grows with
 * keika_fake_sites_generate_catalog() when it is too small), in odd but
 * valid shapes: watching with progress at the episode count, notes with
 * surrounding spaces and line breaks, rewatching, private, no score, tags.
 * Updates are from 2024 on, an hour or so apart (the highest index newest),
 * and one in ten has the updated_at of the one before it.
 */
void
keika_fake_anitrack_generate_entries (KeikaFakeAnitrack *self,
                                      const char        *user,
                                      guint              n_entries,
                                      guint32            seed)
{
  static const char * const tags[] = { "rewatch", "favourite", NULL };
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GPtrArray) anime = NULL;
  gint64 previous_update = 0;

  g_return_if_fail (KEIKA_IS_FAKE_ANITRACK (self));
  g_return_if_fail (user != NULL);

  keika_fake_anitrack_ensure_user (self, user);
  anime = dup_enough_anime (self, n_entries, seed);
  rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n_entries; i++)
    {
      const AnitrackAnime *a = g_ptr_array_index (anime, i);
      KeikaFakeAnitrackEntry entry = { 0, };
      g_autofree char *notes = NULL;
      g_autofree char *started = NULL;
      g_autofree char *completed = NULL;
      guint episodes = a->episodes;
      int roll = g_rand_int_range (rand, 0, 100);
      int score = g_rand_int_range (rand, 0, 101);

      entry.anime_id = a->id;
      entry.status = roll < 16 ? "watching" : roll < 60 ? "completed" : roll < 67 ? "on_hold"
                     : roll < 74 ? "dropped" : "plan_to_watch";

      if (g_str_equal (entry.status, "completed"))
        entry.progress = episodes > 0 ? episodes : (guint) g_rand_int_range (rand, 1, 50);
      else if (!g_str_equal (entry.status, "plan_to_watch"))
        entry.progress = episodes > 0 ? (guint) g_rand_int_range (rand, 0, episodes)
                                      : (guint) g_rand_int_range (rand, 0, 300);
      /* Watching at the last episode: written before AniTrack completed by
       * progress, or by an import. */
      if (g_str_equal (entry.status, "watching") && i % 23 == 5 && episodes > 0)
        entry.progress = episodes;
      if (roll >= 96 && episodes > 0)
        {
          entry.status = "watching";
          entry.is_rewatching = TRUE;
          entry.rewatch_count = g_rand_int_range (rand, 1, 4);
          entry.progress = g_rand_int_range (rand, 0, episodes);
        }

      /* Mostly not multiples of ten; one in six with none. */
      if (!g_str_equal (entry.status, "plan_to_watch") && i % 6 != 3)
        entry.score = score % 10 == 0 && score > 0 && i % 4 != 0 ? score - 3 : score;
      entry.is_private = i % 13 == 2;
      if (i % 11 == 4)
        entry.tags = tags;

      if (i % 7 == 3)
        notes = g_strdup_printf ("  Watched with “friends” \n\tepisode %u was \"great\" ★\n  ",
                                 entry.progress);
      else if (i % 29 == 10)
        notes = g_strdup ("Line one\r\nLine two");
      entry.notes = notes;

      if (!g_str_equal (entry.status, "plan_to_watch"))
        {
          guint year = g_rand_int_range (rand, 2005, 2025);

          entry.started_at = started = make_date (rand, year);
          if (g_str_equal (entry.status, "completed") || entry.is_rewatching)
            entry.completed_at = completed = make_date (rand, year + 1);
        }

      entry.updated_at = 1704067200 + (gint64) i * 3600 + g_rand_int_range (rand, 0, 3600);
      if (i % 10 == 9)
        entry.updated_at = previous_update;
      previous_update = entry.updated_at;

      keika_fake_anitrack_add_entry (self, user, &entry);
    }
}
