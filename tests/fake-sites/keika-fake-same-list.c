/* keika-fake-same-list.c — one person's list on several sites
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A person who links three accounts has kept one list on each: the same
 * anime, mostly the same values, written in each site's own scale and
 * names, and a few entries that drifted apart because one site was updated
 * and the others not. This copies an AniList list to MyAnimeList and Kitsu
 * that way, over the shared catalogue (an anime a site does not have is not
 * on that site's list).
 */

#define G_LOG_DOMAIN "KeikaFakeSites"

#include "config.h"

#include "keika-fake-catalog.h"
#include "keika-fake-same-list.h"

/* AniList's status in MyAnimeList's and Kitsu's names (REPEATING is
 * watching again, with the rewatching flag). */
static const struct {
  const char *anilist, *mal, *kitsu;
} statuses[] = {
  { "CURRENT", "watching", "current" },
  { "REPEATING", "watching", "current" },
  { "COMPLETED", "completed", "completed" },
  { "PAUSED", "on_hold", "on_hold" },
  { "DROPPED", "dropped", "dropped" },
  { "PLANNING", "plan_to_watch", "planned" },
};

static guint
status_index (const char *anilist)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (anilist, statuses[i].anilist) == 0)
      return i;

  return G_N_ELEMENTS (statuses) - 1;  /* NULL: planning */
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD", as MyAnimeList keeps a partial date. */
static char *
mal_date (const KeikaFakeAnilistDate *date)
{
  if (date->year == 0)
    return NULL;
  if (date->month == 0)
    return g_strdup_printf ("%04u", date->year);
  if (date->day == 0)
    return g_strdup_printf ("%04u-%02u", date->year, date->month);
  return g_strdup_printf ("%04u-%02u-%02u", date->year, date->month, date->day);
}

/* Kitsu keeps a time: a whole date at noon UTC (the same day in every time
 * zone within twelve hours); a partial date as its first day. */
static char *
kitsu_time (const KeikaFakeAnilistDate *date)
{
  if (date->year == 0)
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02uT12:00:00.000Z", date->year, MAX (date->month, 1),
                          MAX (date->day, 1));
}

/**
 * keika_fake_sites_copy_anilist_list:
 * @anilist_user: whose AniList list
 * @mal_user: (nullable): the MyAnimeList user that gets it
 * @kitsu_user: (nullable): the Kitsu user that gets it
 * @drift_every: one entry in this many differs on each site (0: none)
 *
 * Adds @anilist_user's list to @mal_user's and @kitsu_user's, the same
 * values in each site's scale (MyAnimeList 0–10 and Kitsu's ratingTwenty
 * rounded from the raw score), the same times of change. One entry in
 * @drift_every was changed later on MyAnimeList (the score one point
 * higher, or a score where there was none), another one on Kitsu (one more
 * episode watched); the others agree. Returns how many entries each got in
 * @n_mal and @n_kitsu.
 */
void
keika_fake_sites_copy_anilist_list (KeikaFakeSites *self,
                                    const char     *anilist_user,
                                    const char     *mal_user,
                                    const char     *kitsu_user,
                                    guint           drift_every,
                                    guint          *n_mal,
                                    guint          *n_kitsu)
{
  KeikaFakeAnilist *anilist = keika_fake_sites_get_anilist (self);
  g_autoptr(GPtrArray) entries = keika_fake_anilist_get_entries (anilist, anilist_user);
  guint mal_count = 0, kitsu_count = 0;

  g_return_if_fail (entries != NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      const KeikaFakeAnilistEntry *entry = entries->pdata[i];
      const KeikaFakeCatalogAnime *anime =
        keika_fake_sites_find_catalog_anime (self, "anilist", entry->media_id);
      gboolean rewatching = g_strcmp0 (entry->status, "REPEATING") == 0;

      if (anime == NULL)
        continue;

      if (mal_user != NULL && anime->mal_id > 0)
        {
          g_autofree char *start = mal_date (&entry->started_at);
          g_autofree char *finish = mal_date (&entry->completed_at);
          KeikaFakeMalEntry mal = { 0, };

          mal.anime_id = anime->mal_id;
          mal.status = statuses[status_index (entry->status)].mal;
          mal.score = MIN ((entry->score_raw + 5) / 10, 10);
          mal.num_episodes_watched = entry->progress;
          mal.is_rewatching = rewatching;
          mal.start_date = start;
          mal.finish_date = finish;
          mal.num_times_rewatched = entry->repeat;
          mal.comments = entry->notes;
          mal.updated_at = entry->updated_at;
          if (drift_every > 0 && i % drift_every == 1)
            {
              mal.score = MIN (mal.score + 1, 10);
              mal.updated_at += 3 * 3600;
            }
          keika_fake_mal_add_entry (keika_fake_sites_get_mal (self), mal_user, &mal);
          mal_count++;
        }

      if (kitsu_user != NULL && anime->kitsu_id > 0)
        {
          g_autofree char *started = kitsu_time (&entry->started_at);
          g_autofree char *finished = kitsu_time (&entry->completed_at);
          KeikaFakeKitsuEntry kitsu = { 0, };

          kitsu.anime_id = anime->kitsu_id;
          kitsu.status = statuses[status_index (entry->status)].kitsu;
          kitsu.progress = entry->progress;
          kitsu.rating_twenty = entry->score_raw > 0 ? MAX (2, entry->score_raw / 5) : 0;
          kitsu.reconsuming = rewatching;
          kitsu.reconsume_count = entry->repeat;
          kitsu.notes = entry->notes;
          kitsu.is_private = entry->is_private;
          kitsu.started_at = started;
          kitsu.finished_at = finished;
          kitsu.updated_at = entry->updated_at;
          if (drift_every > 0 && i % drift_every == drift_every / 2)
            {
              kitsu.progress++;
              kitsu.updated_at += 5 * 3600;
            }
          keika_fake_kitsu_add_entry (keika_fake_sites_get_kitsu (self), kitsu_user, &kitsu);
          kitsu_count++;
        }
    }

  if (n_mal != NULL)
    *n_mal = mal_count;
  if (n_kitsu != NULL)
    *n_kitsu = kitsu_count;
}
