/* keika-enums.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaModel"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "keika-enums.h"

const char *
keika_status_to_label (KeikaStatus status)
{
  switch (status)
    {
    case KEIKA_STATUS_WATCHING:
      return _("Watching");
    case KEIKA_STATUS_PLAN_TO_WATCH:
      return _("Plan to Watch");
    case KEIKA_STATUS_COMPLETED:
      return _("Completed");
    case KEIKA_STATUS_ON_HOLD:
      return _("On Hold");
    case KEIKA_STATUS_DROPPED:
      return _("Dropped");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
keika_format_to_label (KeikaFormat format)
{
  switch (format)
    {
    case KEIKA_FORMAT_UNKNOWN:
      return _("Unknown");
    case KEIKA_FORMAT_TV:
      return _("TV");
    case KEIKA_FORMAT_TV_SHORT:
      return _("TV Short");
    case KEIKA_FORMAT_MOVIE:
      return _("Movie");
    case KEIKA_FORMAT_SPECIAL:
      return _("Special");
    case KEIKA_FORMAT_OVA:
      return _("OVA");
    case KEIKA_FORMAT_ONA:
      return _("ONA");
    case KEIKA_FORMAT_MUSIC:
      return _("Music");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
keika_season_to_label (KeikaSeason season)
{
  switch (season)
    {
    case KEIKA_SEASON_UNKNOWN:
      return _("Unknown");
    case KEIKA_SEASON_WINTER:
      return _("Winter");
    case KEIKA_SEASON_SPRING:
      return _("Spring");
    case KEIKA_SEASON_SUMMER:
      return _("Summer");
    case KEIKA_SEASON_FALL:
      return _("Fall");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
keika_site_to_label (KeikaSite site)
{
  /* Brand names are not translated. */
  switch (site)
    {
    case KEIKA_SITE_MAL:
      return "MyAnimeList";
    case KEIKA_SITE_ANILIST:
      return "AniList";
    case KEIKA_SITE_KITSU:
      return "Kitsu";
    case KEIKA_SITE_ANITRACK:
      return "AniTrack";
    case KEIKA_SITE_ANIMETHEMES:
      return "AnimeThemes";
    default:
      g_return_val_if_reached ("");
    }
}

const char *
keika_airing_status_to_label (KeikaAiringStatus airing_status)
{
  switch (airing_status)
    {
    case KEIKA_AIRING_STATUS_UNKNOWN:
      return _("Unknown");
    case KEIKA_AIRING_STATUS_FINISHED:
      return _("Finished");
    case KEIKA_AIRING_STATUS_RELEASING:
      return _("Releasing");
    case KEIKA_AIRING_STATUS_NOT_YET_RELEASED:
      return _("Not Yet Released");
    case KEIKA_AIRING_STATUS_CANCELLED:
      return _("Cancelled");
    case KEIKA_AIRING_STATUS_HIATUS:
      return _("On Hiatus");
    default:
      g_return_val_if_reached ("");
    }
}

static const char * const status_names[KEIKA_N_STATUSES] = {
  [KEIKA_STATUS_WATCHING] = "watching",
  [KEIKA_STATUS_PLAN_TO_WATCH] = "plan_to_watch",
  [KEIKA_STATUS_COMPLETED] = "completed",
  [KEIKA_STATUS_ON_HOLD] = "on_hold",
  [KEIKA_STATUS_DROPPED] = "dropped",
};

static const char * const format_names[] = {
  [KEIKA_FORMAT_UNKNOWN] = "unknown",
  [KEIKA_FORMAT_TV] = "tv",
  [KEIKA_FORMAT_TV_SHORT] = "tv_short",
  [KEIKA_FORMAT_MOVIE] = "movie",
  [KEIKA_FORMAT_SPECIAL] = "special",
  [KEIKA_FORMAT_OVA] = "ova",
  [KEIKA_FORMAT_ONA] = "ona",
  [KEIKA_FORMAT_MUSIC] = "music",
};

static const char * const airing_status_names[] = {
  [KEIKA_AIRING_STATUS_UNKNOWN] = "unknown",
  [KEIKA_AIRING_STATUS_FINISHED] = "finished",
  [KEIKA_AIRING_STATUS_RELEASING] = "releasing",
  [KEIKA_AIRING_STATUS_NOT_YET_RELEASED] = "not_yet_released",
  [KEIKA_AIRING_STATUS_CANCELLED] = "cancelled",
  [KEIKA_AIRING_STATUS_HIATUS] = "hiatus",
};

static const char * const season_names[] = {
  [KEIKA_SEASON_UNKNOWN] = "unknown",
  [KEIKA_SEASON_WINTER] = "winter",
  [KEIKA_SEASON_SPRING] = "spring",
  [KEIKA_SEASON_SUMMER] = "summer",
  [KEIKA_SEASON_FALL] = "fall",
};

static const char * const site_names[] = {
  [KEIKA_SITE_MAL] = "mal",
  [KEIKA_SITE_ANILIST] = "anilist",
  [KEIKA_SITE_KITSU] = "kitsu",
  [KEIKA_SITE_ANITRACK] = "anitrack",
  [KEIKA_SITE_ANIMETHEMES] = "animethemes",
};

/* The index of @str in @names, or -1. */
static int
lookup_name (const char * const *names,
             guint               n_names,
             const char         *str)
{
  if (str == NULL)
    return -1;

  for (guint i = 0; i < n_names; i++)
    {
      if (strcmp (str, names[i]) == 0)
        return (int) i;
    }

  return -1;
}

const char *
keika_airing_status_to_string (KeikaAiringStatus airing_status)
{
  g_return_val_if_fail ((guint) airing_status < G_N_ELEMENTS (airing_status_names), NULL);

  return airing_status_names[airing_status];
}

gboolean
keika_airing_status_from_string (const char        *str,
                                 KeikaAiringStatus *airing_status)
{
  int index = lookup_name (airing_status_names, G_N_ELEMENTS (airing_status_names), str);

  if (index >= 0 && airing_status != NULL)
    *airing_status = (KeikaAiringStatus) index;

  return index >= 0;
}

const char *
keika_season_to_string (KeikaSeason season)
{
  g_return_val_if_fail ((guint) season < G_N_ELEMENTS (season_names), NULL);

  return season_names[season];
}

gboolean
keika_season_from_string (const char  *str,
                          KeikaSeason *season)
{
  int index = lookup_name (season_names, G_N_ELEMENTS (season_names), str);

  if (index >= 0 && season != NULL)
    *season = (KeikaSeason) index;

  return index >= 0;
}

const char *
keika_site_to_string (KeikaSite site)
{
  g_return_val_if_fail ((guint) site < G_N_ELEMENTS (site_names), NULL);

  return site_names[site];
}

gboolean
keika_site_from_string (const char *str,
                        KeikaSite  *site)
{
  int index = lookup_name (site_names, G_N_ELEMENTS (site_names), str);

  if (index >= 0 && site != NULL)
    *site = (KeikaSite) index;

  return index >= 0;
}

const char *
keika_status_to_string (KeikaStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

gboolean
keika_status_from_string (const char  *str,
                          KeikaStatus *status)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (strcmp (str, status_names[i]) == 0)
        {
          if (status != NULL)
            *status = (KeikaStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
keika_format_to_string (KeikaFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (format_names), NULL);

  return format_names[format];
}

gboolean
keika_format_from_string (const char  *str,
                          KeikaFormat *format)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      if (strcmp (str, format_names[i]) == 0)
        {
          if (format != NULL)
            *format = (KeikaFormat) i;
          return TRUE;
        }
    }

  return FALSE;
}
