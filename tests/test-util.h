/* test-util.h — what every test program may share (GLib only)
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @path and everything under it; symbolic links are removed, not
 * followed. Nothing happens when @path does not exist. */
void remove_tree (const char *path);

G_END_DECLS
