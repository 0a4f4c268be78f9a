/* keika-score.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keika keeps one raw score, 0–100, per entry; 0 means "no score". It is
 * shown and edited in the user's format and sent to each site in that site's
 * scale. Converting down always floors to the format's breakpoint (seed 002);
 * a non-zero score never becomes "no score". Converting back gives a raw value
 * inside the same breakpoint, so raw → format → raw → format is stable.
 */

#pragma once

#include "keika-enums.h"

G_BEGIN_DECLS

#define KEIKA_SCORE_MAX 100

/* Raw 0–100 → the value in @format: POINT_100 0–100, POINT_10_DECIMAL
 * 0.0–10.0 (one decimal), POINT_10 0–10, POINT_5 0–5, POINT_3 0–3. */
double  keika_score_to_format         (guint             raw,
                                       KeikaScoreFormat  format);
/* A value in @format → raw 0–100. Out-of-range values are clamped. */
guint   keika_score_from_format       (double            value,
                                       KeikaScoreFormat  format);
/* The largest value and the step of @format, for spin buttons. */
double  keika_score_format_get_max    (KeikaScoreFormat  format);
double  keika_score_format_get_step   (KeikaScoreFormat  format);
/* "85", "8.5", "8", "★★★★☆", "🙂"; "–" for no score. (transfer full) */
char   *keika_score_format_display    (guint             raw,
                                       KeikaScoreFormat  format);

/* Site scales. MAL: integer 0–10. Kitsu: ratingTwenty 2–20, 0 meaning
 * null. AniList scoreRaw and AniTrack: 0–100. */
guint   keika_score_to_site           (guint             raw,
                                       KeikaSite         site);
guint   keika_score_from_site         (guint             value,
                                       KeikaSite         site);

G_END_DECLS
