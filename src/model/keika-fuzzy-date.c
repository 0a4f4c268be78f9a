/* keika-fuzzy-date.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaModel"

#include "config.h"

#include <string.h>

#include "keika-fuzzy-date.h"

/* Parses exactly @n_digits ASCII digits at @p. */
static gboolean
parse_digits (const char *p,
              guint       n_digits,
              guint      *out)
{
  guint value = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      value = value * 10 + (guint) (p[i] - '0');
    }

  *out = value;
  return TRUE;
}

/* Splits "YYYY", "YYYY-MM" or "YYYY-MM-DD" into its numbers, 0 for a part that
 * is absent. Checks the shape only, not the ranges. */
static gboolean
split_date (const char *date,
            guint      *year,
            guint      *month,
            guint      *day)
{
  gsize len = strlen (date);

  *year = *month = *day = 0;

  if (len != 4 && len != 7 && len != 10)
    return FALSE;

  if (!parse_digits (date, 4, year))
    return FALSE;

  if (len >= 7 && (date[4] != '-' || !parse_digits (date + 5, 2, month)))
    return FALSE;

  if (len == 10 && (date[7] != '-' || !parse_digits (date + 8, 2, day)))
    return FALSE;

  return TRUE;
}

gboolean
keika_fuzzy_date_is_valid (const char *date)
{
  guint year, month, day;
  gsize len;

  if (date == NULL || date[0] == '\0')
    return TRUE;

  if (!split_date (date, &year, &month, &day))
    return FALSE;

  len = strlen (date);

  if (year < 1)
    return FALSE;

  if (len >= 7 && (month < 1 || month > 12))
    return FALSE;

  if (len == 10 && !g_date_valid_dmy (day, month, year))
    return FALSE;

  return TRUE;
}

char *
keika_fuzzy_date_normalize (const char *date)
{
  guint year, month, day;

  if (date == NULL)
    return NULL;

  while (g_ascii_isspace (*date))
    date++;

  if (date[0] == '\0')
    return NULL;

  {
    g_autofree char *trimmed = g_strchomp (g_strdup (date));

    if (!split_date (trimmed, &year, &month, &day))
      return NULL;
  }

  /* MAL writes 0 for each unknown part: "0000-00-00", "2020-00-00", "2020-05-00". */
  if (year == 0)
    return NULL;

  if (month == 0)
    return g_strdup_printf ("%04u", year);

  if (month > 12)
    return NULL;

  if (day == 0)
    return g_strdup_printf ("%04u-%02u", year, month);

  if (!g_date_valid_dmy (day, month, year))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}
