/* keika-score-control.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "keika-enums.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_SCORE_CONTROL (keika_score_control_get_type ())

G_DECLARE_FINAL_TYPE (KeikaScoreControl, keika_score_control, KEIKA, SCORE_CONTROL, GtkWidget)

/* Edits a raw 0–100 score in a format: five stars, three faces, or a number.
 * "score" changes only when the user picks a different value in the format,
 * so a raw 75 shown as four stars stays 75 until another star is chosen. */

GtkWidget        *keika_score_control_new         (void);
guint             keika_score_control_get_score   (KeikaScoreControl *self);
void              keika_score_control_set_score   (KeikaScoreControl *self,
                                                   guint              score);
/* Takes a number typed in the spin button that was not yet confirmed. */
void              keika_score_control_commit      (KeikaScoreControl *self);
KeikaScoreFormat  keika_score_control_get_format  (KeikaScoreControl *self);
void              keika_score_control_set_format  (KeikaScoreControl *self,
                                                   KeikaScoreFormat   format);

G_END_DECLS
