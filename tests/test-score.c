/* test-score.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaTest"

#include "config.h"

#include <locale.h>

#include "keika-score.h"

static const KeikaScoreFormat formats[] = {
  KEIKA_SCORE_FORMAT_POINT_100,
  KEIKA_SCORE_FORMAT_POINT_10_DECIMAL,
  KEIKA_SCORE_FORMAT_POINT_10,
  KEIKA_SCORE_FORMAT_POINT_5,
  KEIKA_SCORE_FORMAT_POINT_3,
};

static const KeikaSite sites[] = {
  KEIKA_SITE_MAL,
  KEIKA_SITE_ANILIST,
  KEIKA_SITE_KITSU,
  KEIKA_SITE_ANITRACK,
  KEIKA_SITE_ANIMETHEMES,
};

static void
test_format_round_trip (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      KeikaScoreFormat format = formats[f];
      double max = keika_score_format_get_max (format);

      for (guint raw = 0; raw <= KEIKA_SCORE_MAX; raw++)
        {
          double shown = keika_score_to_format (raw, format);
          guint back = keika_score_from_format (shown, format);
          double shown_again = keika_score_to_format (back, format);
          guint back_again = keika_score_from_format (shown_again, format);
          g_autofree char *display = keika_score_format_display (raw, format);
          g_autofree char *display_back = keika_score_format_display (back, format);

          g_assert_cmpfloat (shown, >=, 0);
          g_assert_cmpfloat (shown, <=, max);
          g_assert_cmpuint (back, <=, KEIKA_SCORE_MAX);

          /* 0 is "no score" both ways, and nothing else becomes it. */
          if (raw == 0)
            {
              g_assert_cmpfloat (shown, ==, 0);
              g_assert_cmpuint (back, ==, 0);
            }
          else
            {
              g_assert_cmpfloat (shown, >, 0);
              g_assert_cmpuint (back, >, 0);
            }

          /* Lands in the same displayed value, and stays there. */
          g_assert_cmpfloat_with_epsilon (shown_again, shown, 1e-9);
          g_assert_cmpstr (display_back, ==, display);
          g_assert_cmpuint (back_again, ==, back);
        }
    }
}

static void
test_site_round_trip (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
    {
      KeikaSite site = sites[s];

      for (guint raw = 0; raw <= KEIKA_SCORE_MAX; raw++)
        {
          guint value = keika_score_to_site (raw, site);
          guint back = keika_score_from_site (value, site);
          guint value_again = keika_score_to_site (back, site);
          guint back_again = keika_score_from_site (value_again, site);

          if (raw == 0)
            {
              g_assert_cmpuint (value, ==, 0);
              g_assert_cmpuint (back, ==, 0);
            }
          else
            {
              g_assert_cmpuint (value, >, 0);
              g_assert_cmpuint (back, >, 0);
            }

          g_assert_cmpuint (value_again, ==, value);
          g_assert_cmpuint (back_again, ==, back);

          /* Ten repeated syncs do not drift. */
          for (guint i = 0; i < 10; i++)
            back_again = keika_score_from_site (keika_score_to_site (back_again, site), site);
          g_assert_cmpuint (back_again, ==, back);
        }
    }
}

/* A score set in the user's format survives a trip through a site that is at
 * least as fine as that format. */
static void
test_format_through_site (void)
{
  static const struct {
    KeikaScoreFormat format;
    KeikaSite site;
  } pairs[] = {
    { KEIKA_SCORE_FORMAT_POINT_10, KEIKA_SITE_MAL },
    { KEIKA_SCORE_FORMAT_POINT_5, KEIKA_SITE_MAL },
    { KEIKA_SCORE_FORMAT_POINT_3, KEIKA_SITE_MAL },
    { KEIKA_SCORE_FORMAT_POINT_10, KEIKA_SITE_KITSU },
    { KEIKA_SCORE_FORMAT_POINT_5, KEIKA_SITE_KITSU },
    { KEIKA_SCORE_FORMAT_POINT_3, KEIKA_SITE_KITSU },
    { KEIKA_SCORE_FORMAT_POINT_100, KEIKA_SITE_ANILIST },
    { KEIKA_SCORE_FORMAT_POINT_10_DECIMAL, KEIKA_SITE_ANILIST },
    { KEIKA_SCORE_FORMAT_POINT_100, KEIKA_SITE_ANITRACK },
  };

  for (guint p = 0; p < G_N_ELEMENTS (pairs); p++)
    {
      KeikaScoreFormat format = pairs[p].format;
      KeikaSite site = pairs[p].site;

      for (guint raw = 0; raw <= KEIKA_SCORE_MAX; raw++)
        {
          guint edited = keika_score_from_format (keika_score_to_format (raw, format), format);
          guint synced = keika_score_from_site (keika_score_to_site (edited, site), site);
          g_autofree char *before = keika_score_format_display (edited, format);
          g_autofree char *after = keika_score_format_display (synced, format);

          g_assert_cmpstr (after, ==, before);
        }
    }
}

static void
test_point_100 (void)
{
  for (guint raw = 0; raw <= KEIKA_SCORE_MAX; raw++)
    {
      g_assert_cmpfloat (keika_score_to_format (raw, KEIKA_SCORE_FORMAT_POINT_100), ==, raw);
      g_assert_cmpuint (keika_score_from_format (raw, KEIKA_SCORE_FORMAT_POINT_100), ==, raw);
    }

  g_assert_cmpuint (keika_score_from_format (150, KEIKA_SCORE_FORMAT_POINT_100), ==, 100);
  g_assert_cmpuint (keika_score_from_format (-3, KEIKA_SCORE_FORMAT_POINT_100), ==, 0);
  g_assert_cmpfloat (keika_score_to_format (250, KEIKA_SCORE_FORMAT_POINT_100), ==, 100);
}

static void
test_point_10_decimal (void)
{
  for (guint raw = 0; raw <= KEIKA_SCORE_MAX; raw++)
    {
      double value = keika_score_to_format (raw, KEIKA_SCORE_FORMAT_POINT_10_DECIMAL);

      g_assert_cmpfloat_with_epsilon (value, raw / 10.0, 1e-9);
      g_assert_cmpuint (keika_score_from_format (value, KEIKA_SCORE_FORMAT_POINT_10_DECIMAL), ==, raw);
    }

  g_assert_cmpuint (keika_score_from_format (8.5, KEIKA_SCORE_FORMAT_POINT_10_DECIMAL), ==, 85);
  g_assert_cmpuint (keika_score_from_format (0.7, KEIKA_SCORE_FORMAT_POINT_10_DECIMAL), ==, 7);
  g_assert_cmpuint (keika_score_from_format (12, KEIKA_SCORE_FORMAT_POINT_10_DECIMAL), ==, 100);
}

static void
test_point_10 (void)
{
  static const struct { guint raw; guint value; } cases[] = {
    { 0, 0 }, { 1, 1 }, { 5, 1 }, { 9, 1 }, { 10, 1 }, { 19, 1 }, { 20, 2 },
    { 79, 7 }, { 80, 8 }, { 85, 8 }, { 99, 9 }, { 100, 10 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat (keika_score_to_format (cases[i].raw, KEIKA_SCORE_FORMAT_POINT_10), ==, cases[i].value);

  for (guint v = 0; v <= 10; v++)
    g_assert_cmpuint (keika_score_from_format (v, KEIKA_SCORE_FORMAT_POINT_10), ==, v * 10);

  g_assert_cmpfloat (keika_score_format_get_max (KEIKA_SCORE_FORMAT_POINT_10), ==, 10);
  g_assert_cmpfloat (keika_score_format_get_step (KEIKA_SCORE_FORMAT_POINT_10), ==, 1);
  g_assert_cmpfloat_with_epsilon (keika_score_format_get_step (KEIKA_SCORE_FORMAT_POINT_10_DECIMAL), 0.1, 1e-9);
}

/* Seed 002: 1 = 1–29, 2 = 30–49, 3 = 50–69, 4 = 70–89, 5 = 90–100. */
static void
test_point_5_breakpoints (void)
{
  static const struct { guint raw; guint stars; } cases[] = {
    { 0, 0 },
    { 1, 1 }, { 29, 1 },
    { 30, 2 }, { 49, 2 },
    { 50, 3 }, { 69, 3 },
    { 70, 4 }, { 89, 4 },
    { 90, 5 }, { 100, 5 },
  };
  static const guint back[] = { 0, 20, 40, 60, 80, 100 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat (keika_score_to_format (cases[i].raw, KEIKA_SCORE_FORMAT_POINT_5), ==, cases[i].stars);

  for (guint v = 0; v < G_N_ELEMENTS (back); v++)
    g_assert_cmpuint (keika_score_from_format (v, KEIKA_SCORE_FORMAT_POINT_5), ==, back[v]);

  g_assert_cmpuint (keika_score_from_format (9, KEIKA_SCORE_FORMAT_POINT_5), ==, 100);
  g_assert_cmpfloat (keika_score_format_get_max (KEIKA_SCORE_FORMAT_POINT_5), ==, 5);
}

/* Seed 002: :( = 1–30, :| = 31–60, :) = 61–100. */
static void
test_point_3_breakpoints (void)
{
  static const struct { guint raw; guint smiley; } cases[] = {
    { 0, 0 },
    { 1, 1 }, { 30, 1 },
    { 31, 2 }, { 60, 2 },
    { 61, 3 }, { 100, 3 },
  };
  static const guint back[] = { 0, 30, 60, 90 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat (keika_score_to_format (cases[i].raw, KEIKA_SCORE_FORMAT_POINT_3), ==, cases[i].smiley);

  for (guint v = 0; v < G_N_ELEMENTS (back); v++)
    g_assert_cmpuint (keika_score_from_format (v, KEIKA_SCORE_FORMAT_POINT_3), ==, back[v]);

  g_assert_cmpfloat (keika_score_format_get_max (KEIKA_SCORE_FORMAT_POINT_3), ==, 3);
}

static void
test_sites (void)
{
  /* MAL: integer 0–10, as POINT_10. */
  g_assert_cmpuint (keika_score_to_site (0, KEIKA_SITE_MAL), ==, 0);
  g_assert_cmpuint (keika_score_to_site (3, KEIKA_SITE_MAL), ==, 1);
  g_assert_cmpuint (keika_score_to_site (85, KEIKA_SITE_MAL), ==, 8);
  g_assert_cmpuint (keika_score_to_site (100, KEIKA_SITE_MAL), ==, 10);
  g_assert_cmpuint (keika_score_from_site (8, KEIKA_SITE_MAL), ==, 80);
  g_assert_cmpuint (keika_score_from_site (11, KEIKA_SITE_MAL), ==, 100);

  /* Kitsu: ratingTwenty 2–20, 0 for null. */
  g_assert_cmpuint (keika_score_to_site (0, KEIKA_SITE_KITSU), ==, 0);
  g_assert_cmpuint (keika_score_to_site (1, KEIKA_SITE_KITSU), ==, 2);
  g_assert_cmpuint (keika_score_to_site (14, KEIKA_SITE_KITSU), ==, 2);
  g_assert_cmpuint (keika_score_to_site (15, KEIKA_SITE_KITSU), ==, 3);
  g_assert_cmpuint (keika_score_to_site (85, KEIKA_SITE_KITSU), ==, 17);
  g_assert_cmpuint (keika_score_to_site (100, KEIKA_SITE_KITSU), ==, 20);
  g_assert_cmpuint (keika_score_from_site (0, KEIKA_SITE_KITSU), ==, 0);
  g_assert_cmpuint (keika_score_from_site (1, KEIKA_SITE_KITSU), ==, 10);
  g_assert_cmpuint (keika_score_from_site (2, KEIKA_SITE_KITSU), ==, 10);
  g_assert_cmpuint (keika_score_from_site (17, KEIKA_SITE_KITSU), ==, 85);
  g_assert_cmpuint (keika_score_from_site (20, KEIKA_SITE_KITSU), ==, 100);
  g_assert_cmpuint (keika_score_from_site (40, KEIKA_SITE_KITSU), ==, 100);

  for (guint t = 2; t <= 20; t++)
    {
      guint raw = keika_score_from_site (t, KEIKA_SITE_KITSU);

      g_assert_cmpuint (keika_score_to_site (raw, KEIKA_SITE_KITSU), ==, t);
    }

  for (guint v = 0; v <= 10; v++)
    g_assert_cmpuint (keika_score_to_site (keika_score_from_site (v, KEIKA_SITE_MAL), KEIKA_SITE_MAL), ==, v);

  /* AniList scoreRaw, AniTrack and AnimeThemes: 0–100 as is. */
  for (guint raw = 0; raw <= KEIKA_SCORE_MAX; raw++)
    {
      g_assert_cmpuint (keika_score_to_site (raw, KEIKA_SITE_ANILIST), ==, raw);
      g_assert_cmpuint (keika_score_from_site (raw, KEIKA_SITE_ANILIST), ==, raw);
      g_assert_cmpuint (keika_score_to_site (raw, KEIKA_SITE_ANITRACK), ==, raw);
      g_assert_cmpuint (keika_score_from_site (raw, KEIKA_SITE_ANITRACK), ==, raw);
      g_assert_cmpuint (keika_score_to_site (raw, KEIKA_SITE_ANIMETHEMES), ==, raw);
    }
  g_assert_cmpuint (keika_score_from_site (120, KEIKA_SITE_ANILIST), ==, 100);
  g_assert_cmpuint (keika_score_from_site (120, KEIKA_SITE_ANITRACK), ==, 100);
}

static void
test_display (void)
{
  static const struct {
    guint raw;
    KeikaScoreFormat format;
    const char *text;
  } cases[] = {
    { 85, KEIKA_SCORE_FORMAT_POINT_100, "85" },
    { 100, KEIKA_SCORE_FORMAT_POINT_100, "100" },
    { 85, KEIKA_SCORE_FORMAT_POINT_10_DECIMAL, "8.5" },
    { 80, KEIKA_SCORE_FORMAT_POINT_10_DECIMAL, "8.0" },
    { 100, KEIKA_SCORE_FORMAT_POINT_10_DECIMAL, "10.0" },
    { 85, KEIKA_SCORE_FORMAT_POINT_10, "8" },
    { 5, KEIKA_SCORE_FORMAT_POINT_10, "1" },
    { 1, KEIKA_SCORE_FORMAT_POINT_5, "★☆☆☆☆" },
    { 29, KEIKA_SCORE_FORMAT_POINT_5, "★☆☆☆☆" },
    { 30, KEIKA_SCORE_FORMAT_POINT_5, "★★☆☆☆" },
    { 69, KEIKA_SCORE_FORMAT_POINT_5, "★★★☆☆" },
    { 80, KEIKA_SCORE_FORMAT_POINT_5, "★★★★☆" },
    { 90, KEIKA_SCORE_FORMAT_POINT_5, "★★★★★" },
    { 1, KEIKA_SCORE_FORMAT_POINT_3, "🙁" },
    { 30, KEIKA_SCORE_FORMAT_POINT_3, "🙁" },
    { 31, KEIKA_SCORE_FORMAT_POINT_3, "😐" },
    { 60, KEIKA_SCORE_FORMAT_POINT_3, "😐" },
    { 61, KEIKA_SCORE_FORMAT_POINT_3, "🙂" },
    { 100, KEIKA_SCORE_FORMAT_POINT_3, "🙂" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = keika_score_format_display (cases[i].raw, cases[i].format);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *none = keika_score_format_display (0, formats[f]);

      g_assert_cmpstr (none, ==, "–");
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The decimal display follows the locale; the tests expect a point. */
  setlocale (LC_ALL, "C.UTF-8");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/score/format/round-trip", test_format_round_trip);
  g_test_add_func ("/score/format/point-100", test_point_100);
  g_test_add_func ("/score/format/point-10-decimal", test_point_10_decimal);
  g_test_add_func ("/score/format/point-10", test_point_10);
  g_test_add_func ("/score/format/point-5-breakpoints", test_point_5_breakpoints);
  g_test_add_func ("/score/format/point-3-breakpoints", test_point_3_breakpoints);
  g_test_add_func ("/score/site/round-trip", test_site_round_trip);
  g_test_add_func ("/score/site/scales", test_sites);
  g_test_add_func ("/score/site/format-through-site", test_format_through_site);
  g_test_add_func ("/score/display", test_display);

  return g_test_run ();
}
