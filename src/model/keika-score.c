/* keika-score.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaModel"

#include "config.h"

#include <math.h>

#include "keika-score.h"

/* Converting down floors to the format's breakpoint (seed 002, AniList's
 * rule); a non-zero raw score never becomes 0. Converting back gives a raw
 * value inside the same breakpoint, so that repeated round trips are stable. */

static guint
to_point_10 (guint raw)
{
  if (raw == 0)
    return 0;

  return MAX (1, raw / 10);
}

static guint
to_point_5 (guint raw)
{
  if (raw == 0)
    return 0;
  if (raw < 30)
    return 1;
  if (raw < 50)
    return 2;
  if (raw < 70)
    return 3;
  if (raw < 90)
    return 4;
  return 5;
}

static guint
to_point_3 (guint raw)
{
  if (raw == 0)
    return 0;
  if (raw <= 30)
    return 1;
  if (raw <= 60)
    return 2;
  return 3;
}

double
keika_score_to_format (guint            raw,
                       KeikaScoreFormat format)
{
  raw = MIN (raw, KEIKA_SCORE_MAX);

  switch (format)
    {
    case KEIKA_SCORE_FORMAT_POINT_100:
      return raw;

    case KEIKA_SCORE_FORMAT_POINT_10_DECIMAL:
      return raw / 10.0;

    case KEIKA_SCORE_FORMAT_POINT_10:
      return to_point_10 (raw);

    case KEIKA_SCORE_FORMAT_POINT_5:
      return to_point_5 (raw);

    case KEIKA_SCORE_FORMAT_POINT_3:
      return to_point_3 (raw);

    default:
      g_return_val_if_reached (raw);
    }
}

guint
keika_score_from_format (double           value,
                         KeikaScoreFormat format)
{
  static const guint point_5_raw[] = { 0, 20, 40, 60, 80, 100 };
  static const guint point_3_raw[] = { 0, 30, 60, 90 };
  double max = keika_score_format_get_max (format);
  guint steps;

  if (isnan (value) || value < 0)
    value = 0;
  else if (value > max)
    value = max;

  switch (format)
    {
    case KEIKA_SCORE_FORMAT_POINT_100:
      return (guint) round (value);

    case KEIKA_SCORE_FORMAT_POINT_10_DECIMAL:
      return MIN ((guint) round (value * 10.0), KEIKA_SCORE_MAX);

    case KEIKA_SCORE_FORMAT_POINT_10:
      return (guint) round (value) * 10;

    case KEIKA_SCORE_FORMAT_POINT_5:
      steps = (guint) round (value);
      return point_5_raw[MIN (steps, G_N_ELEMENTS (point_5_raw) - 1)];

    case KEIKA_SCORE_FORMAT_POINT_3:
      steps = (guint) round (value);
      return point_3_raw[MIN (steps, G_N_ELEMENTS (point_3_raw) - 1)];

    default:
      g_return_val_if_reached (0);
    }
}

double
keika_score_format_get_max (KeikaScoreFormat format)
{
  switch (format)
    {
    case KEIKA_SCORE_FORMAT_POINT_100:
      return 100;

    case KEIKA_SCORE_FORMAT_POINT_10_DECIMAL:
    case KEIKA_SCORE_FORMAT_POINT_10:
      return 10;

    case KEIKA_SCORE_FORMAT_POINT_5:
      return 5;

    case KEIKA_SCORE_FORMAT_POINT_3:
      return 3;

    default:
      g_return_val_if_reached (100);
    }
}

double
keika_score_format_get_step (KeikaScoreFormat format)
{
  switch (format)
    {
    case KEIKA_SCORE_FORMAT_POINT_10_DECIMAL:
      return 0.1;

    case KEIKA_SCORE_FORMAT_POINT_100:
    case KEIKA_SCORE_FORMAT_POINT_10:
    case KEIKA_SCORE_FORMAT_POINT_5:
    case KEIKA_SCORE_FORMAT_POINT_3:
      return 1;

    default:
      g_return_val_if_reached (1);
    }
}

char *
keika_score_format_display (guint            raw,
                            KeikaScoreFormat format)
{
  static const char * const smileys[] = { "🙁", "😐", "🙂" };
  guint value;
  GString *stars;

  raw = MIN (raw, KEIKA_SCORE_MAX);

  if (raw == 0)
    return g_strdup ("–");

  switch (format)
    {
    case KEIKA_SCORE_FORMAT_POINT_100:
      return g_strdup_printf ("%u", raw);

    case KEIKA_SCORE_FORMAT_POINT_10_DECIMAL:
      /* In the user's locale, with its decimal separator. */
      return g_strdup_printf ("%.1f", raw / 10.0);

    case KEIKA_SCORE_FORMAT_POINT_10:
      return g_strdup_printf ("%u", to_point_10 (raw));

    case KEIKA_SCORE_FORMAT_POINT_5:
      value = to_point_5 (raw);
      stars = g_string_new (NULL);
      for (guint i = 0; i < 5; i++)
        g_string_append (stars, i < value ? "★" : "☆");
      return g_string_free (stars, FALSE);

    case KEIKA_SCORE_FORMAT_POINT_3:
      value = to_point_3 (raw);
      return g_strdup (smileys[value - 1]);

    default:
      g_return_val_if_reached (g_strdup_printf ("%u", raw));
    }
}

guint
keika_score_to_site (guint     raw,
                     KeikaSite site)
{
  raw = MIN (raw, KEIKA_SCORE_MAX);

  switch (site)
    {
    case KEIKA_SITE_MAL:
      return to_point_10 (raw);

    case KEIKA_SITE_KITSU:
      /* ratingTwenty is 2–20; 0 stands for null. */
      if (raw == 0)
        return 0;
      return MAX (2, raw / 5);

    case KEIKA_SITE_ANILIST:
    case KEIKA_SITE_ANITRACK:
    case KEIKA_SITE_ANIMETHEMES:
      return raw;

    default:
      g_return_val_if_reached (raw);
    }
}

guint
keika_score_from_site (guint     value,
                       KeikaSite site)
{
  switch (site)
    {
    case KEIKA_SITE_MAL:
      return MIN (value, 10) * 10;

    case KEIKA_SITE_KITSU:
      /* 0 is null; 1 is out of range and read as the lowest rating, 2. */
      if (value == 0)
        return 0;
      return CLAMP (value, 2, 20) * 5;

    case KEIKA_SITE_ANILIST:
    case KEIKA_SITE_ANITRACK:
    case KEIKA_SITE_ANIMETHEMES:
      return MIN (value, KEIKA_SCORE_MAX);

    default:
      g_return_val_if_reached (MIN (value, KEIKA_SCORE_MAX));
    }
}
