/* keika-sync-first-link.c — what a first link counts as the same
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first time a profile is linked there is no snapshot to tell which
 * side changed: every difference would be a conflict. But a person who
 * links a second site has kept the same list on it, in that site's terms:
 * a score of 67 on AniList is 6 or 7 on MyAnimeList and 13 of 20 on Kitsu; a
 * day in February 2021 with no day is the 1st on Kitsu, which keeps only
 * whole dates; a score, a date or a note set on one site is often missing
 * on the other. Those are the same list, not conflicts: the finer value is
 * kept, and a value on one side only fills the gap on the other.
 */

#define G_LOG_DOMAIN "KeikaSync"

#include "config.h"

#include <string.h>

#include "keika-score.h"
#include "keika-sync-engine-private.h"

/* Whether @coarse is @fine cut or rounded to a multiple of @step, as a
 * person puts a score on a coarser scale. */
static gboolean
rounds_to (guint fine,
           guint coarse,
           guint step)
{
  return coarse == fine / step * step || coarse == (fine + step / 2) / step * step;
}

/* Whether @coarse is @fine as a person puts it on a site with a coarser
 * scale: 67 is 6 or 7 of 10 on MyAnimeList (60 or 70), 13 of 20 on Kitsu
 * (65). */
static gboolean
score_rounds_to (guint fine,
                 guint coarse)
{
  return rounds_to (fine, coarse, 10) || rounds_to (fine, coarse, 5);
}

/* Whether @full is @partial ("2021", "2021-02") as a site that keeps only
 * whole dates has it ("2021-01-01", "2021-02-01"). */
static gboolean
date_fills (const char *partial,
            const char *full)
{
  gsize n = strlen (partial);

  if (strlen (full) != 10 || n >= 10 || strncmp (partial, full, n) != 0)
    return FALSE;

  /* Only first months and days were added. */
  for (const char *p = full + n; *p != '\0'; p += 3)
    if (strncmp (p, "-01", 3) != 0)
      return FALSE;

  return TRUE;
}

static gboolean
empty (const char *text)
{
  return text == NULL || *text == '\0';
}

KeikaEntryFields
keika_sync_first_link_agree (const KeikaRemoteEntry *local,
                             const KeikaRemoteEntry *remote,
                             KeikaEntryFields        differ,
                             KeikaEntryFields       *take_remote,
                             KeikaEntryFields       *fill_site)
{
  KeikaEntryFields agree = 0;
  KeikaEntryFields take = 0;
  KeikaEntryFields fill = 0;

  /* site_finer: the site's value is kept; local_finer: the library's is,
   * and the site holds it as it can, or has none (@fill_site: send it). */
#define AGREE(flag, site_finer, local_finer, site_empty) \
  if (differ & (flag)) \
    { \
      if (site_finer) \
        agree |= (flag), take |= (flag); \
      else if (local_finer) \
        agree |= (flag), fill |= (site_empty) ? (flag) : 0; \
    }

  AGREE (KEIKA_ENTRY_FIELD_SCORE,
         local->score == 0 || score_rounds_to (remote->score, local->score),
         remote->score == 0 || score_rounds_to (local->score, remote->score),
         remote->score == 0);
  AGREE (KEIKA_ENTRY_FIELD_PROGRESS, local->progress == 0, remote->progress == 0, TRUE);
  AGREE (KEIKA_ENTRY_FIELD_REWATCH_COUNT, local->rewatch_count == 0, remote->rewatch_count == 0,
         TRUE);
  AGREE (KEIKA_ENTRY_FIELD_START_DATE,
         empty (local->start_date) ||
         (!empty (remote->start_date) && date_fills (remote->start_date, local->start_date)),
         empty (remote->start_date) || date_fills (local->start_date, remote->start_date),
         empty (remote->start_date));
  AGREE (KEIKA_ENTRY_FIELD_FINISH_DATE,
         empty (local->finish_date) ||
         (!empty (remote->finish_date) && date_fills (remote->finish_date, local->finish_date)),
         empty (remote->finish_date) || date_fills (local->finish_date, remote->finish_date),
         empty (remote->finish_date));
  AGREE (KEIKA_ENTRY_FIELD_NOTES, empty (local->notes), empty (remote->notes), TRUE);
  AGREE (KEIKA_ENTRY_FIELD_TAGS,
         local->tags == NULL || local->tags[0] == NULL,
         remote->tags == NULL || remote->tags[0] == NULL, TRUE);
  /* Private on either site: private. */
  AGREE (KEIKA_ENTRY_FIELD_PRIVATE, remote->private_, local->private_, TRUE);
#undef AGREE

  *take_remote = take;
  *fill_site = fill;

  return agree;
}

KeikaEntryFields
keika_sync_site_holds (const KeikaRemoteEntry *local,
                       const KeikaRemoteEntry *site_values,
                       KeikaSite               site)
{
  KeikaEntryFields both = local->known & site_values->known;
  KeikaEntryFields holds = both & ~keika_sync_fields_differ (local, site_values);
  guint step = site == KEIKA_SITE_MAL ? 10 : site == KEIKA_SITE_KITSU ? 5 : 1;

  if ((both & KEIKA_ENTRY_FIELD_SCORE) && local->score != 0 &&
      (rounds_to (local->score, site_values->score, step) ||
       keika_score_from_site (keika_score_to_site (local->score, site), site) == site_values->score))
    holds |= KEIKA_ENTRY_FIELD_SCORE;
  if ((both & KEIKA_ENTRY_FIELD_START_DATE) && !empty (local->start_date) &&
      !empty (site_values->start_date) && date_fills (local->start_date, site_values->start_date))
    holds |= KEIKA_ENTRY_FIELD_START_DATE;
  if ((both & KEIKA_ENTRY_FIELD_FINISH_DATE) && !empty (local->finish_date) &&
      !empty (site_values->finish_date) &&
      date_fills (local->finish_date, site_values->finish_date))
    holds |= KEIKA_ENTRY_FIELD_FINISH_DATE;

  return holds;
}
