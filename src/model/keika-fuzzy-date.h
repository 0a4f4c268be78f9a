/* keika-fuzzy-date.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fuzzy dates: "YYYY", "YYYY-MM" or "YYYY-MM-DD", each part valid (a real day
 * of that month). NULL and "" are valid and mean unknown. */
gboolean            keika_fuzzy_date_is_valid           (const char         *date);
/* Accepts the MAL export form too ("2020-05-00", "0000-00-00") and returns the
 * canonical fuzzy date, or NULL when unknown or invalid. (transfer full) */
char               *keika_fuzzy_date_normalize          (const char         *date);

G_END_DECLS
