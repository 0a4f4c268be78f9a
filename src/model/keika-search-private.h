/* keika-search-private.h — for the model's source files
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends keika_normalize_for_search (@text) (NULL: nothing) to @out: how
 * an anime's search key is built, one title after the other. */
void keika_search_append_normalized (GString    *out,
                                     const char *text);

G_END_DECLS
