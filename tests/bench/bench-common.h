/* bench-common.h — what the UI benchmarks share
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "test-util.h"

G_BEGIN_DECLS

#define BENCH_N_ENTRIES 10000

/* Writes a deterministic library of @n_entries entries (long and non-ASCII
 * titles, synonyms, genres, notes and tags) into a
 * new store at @path, in one transaction. */
gboolean  bench_generate_library (const char  *path,
                                  guint        n_entries,
                                  GError     **error);

/* Samples are doubles (milliseconds); these sort @samples in place. */
double    bench_median           (GArray      *samples);
double    bench_worst            (GArray      *samples);
double    bench_ms_since         (gint64       start_us);


/* TRUE when an X display is named; otherwise prints why and the caller
 * should exit with 77 (SKIP). */
gboolean  bench_have_display     (const char  *program);

G_END_DECLS
