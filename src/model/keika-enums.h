/* keika-enums.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The numbering of the first three matches AnimeThemes (seed 000). */
typedef enum
{
  KEIKA_SITE_MAL         = 0,
  KEIKA_SITE_ANILIST     = 1,
  KEIKA_SITE_KITSU       = 2,
  KEIKA_SITE_ANITRACK    = 3,
  KEIKA_SITE_ANIMETHEMES = 4,
} KeikaSite;

#define KEIKA_N_SITES 5

typedef enum
{
  KEIKA_STATUS_WATCHING,
  KEIKA_STATUS_PLAN_TO_WATCH,
  KEIKA_STATUS_COMPLETED,
  KEIKA_STATUS_ON_HOLD,
  KEIKA_STATUS_DROPPED,
} KeikaStatus;

#define KEIKA_N_STATUSES 5

/* The value stored in GSettings ("score-format") is the nick. */
typedef enum
{
  KEIKA_SCORE_FORMAT_POINT_100, /*< nick=point-100 >*/
  KEIKA_SCORE_FORMAT_POINT_10_DECIMAL, /*< nick=point-10-decimal >*/
  KEIKA_SCORE_FORMAT_POINT_10, /*< nick=point-10 >*/
  KEIKA_SCORE_FORMAT_POINT_5, /*< nick=point-5 >*/
  KEIKA_SCORE_FORMAT_POINT_3, /*< nick=point-3 >*/
} KeikaScoreFormat;

typedef enum
{
  KEIKA_FORMAT_UNKNOWN,
  KEIKA_FORMAT_TV,
  KEIKA_FORMAT_TV_SHORT,
  KEIKA_FORMAT_MOVIE,
  KEIKA_FORMAT_SPECIAL,
  KEIKA_FORMAT_OVA,
  KEIKA_FORMAT_ONA,
  KEIKA_FORMAT_MUSIC,
} KeikaFormat;

typedef enum
{
  KEIKA_AIRING_STATUS_UNKNOWN,
  KEIKA_AIRING_STATUS_FINISHED,
  KEIKA_AIRING_STATUS_RELEASING,
  KEIKA_AIRING_STATUS_NOT_YET_RELEASED,
  KEIKA_AIRING_STATUS_CANCELLED,
  KEIKA_AIRING_STATUS_HIATUS,
} KeikaAiringStatus;

typedef enum
{
  KEIKA_SEASON_UNKNOWN,
  KEIKA_SEASON_WINTER,
  KEIKA_SEASON_SPRING,
  KEIKA_SEASON_SUMMER,
  KEIKA_SEASON_FALL,
} KeikaSeason;

typedef enum
{
  KEIKA_TITLE_LANGUAGE_ROMAJI,
  KEIKA_TITLE_LANGUAGE_ENGLISH,
  KEIKA_TITLE_LANGUAGE_NATIVE,
} KeikaTitleLanguage;

typedef enum
{
  KEIKA_VISIBILITY_PUBLIC,
  KEIKA_VISIBILITY_PRIVATE,
} KeikaVisibility;

/* Translated, human-readable names ("Plan to Watch", "TV Short", "Spring"). */
const char *keika_status_to_label         (KeikaStatus        status);
const char *keika_format_to_label         (KeikaFormat        format);
const char *keika_season_to_label         (KeikaSeason        season);
const char *keika_site_to_label           (KeikaSite          site);
const char *keika_airing_status_to_label  (KeikaAiringStatus  airing_status);

/* Stable machine names used on disk (store, JSON export): "watching",
 * "plan_to_watch", "tv_short", … The parsers return FALSE for unknown names. */
const char *keika_status_to_string        (KeikaStatus        status);
gboolean    keika_status_from_string      (const char        *str,
                                           KeikaStatus       *status);
const char *keika_format_to_string        (KeikaFormat        format);
gboolean    keika_format_from_string      (const char        *str,
                                           KeikaFormat       *format);
const char *keika_airing_status_to_string (KeikaAiringStatus  airing_status);
gboolean    keika_airing_status_from_string (const char      *str,
                                           KeikaAiringStatus *airing_status);
const char *keika_season_to_string        (KeikaSeason        season);
gboolean    keika_season_from_string      (const char        *str,
                                           KeikaSeason       *season);
/* "mal", "anilist", "kitsu", "anitrack", "animethemes" */
const char *keika_site_to_string          (KeikaSite          site);
gboolean    keika_site_from_string        (const char        *str,
                                           KeikaSite         *site);

G_END_DECLS
