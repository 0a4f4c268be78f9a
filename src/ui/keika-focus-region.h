/* keika-focus-region.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KEIKA_TYPE_FOCUS_REGION (keika_focus_region_get_type ())

G_DECLARE_FINAL_TYPE (KeikaFocusRegion, keika_focus_region, KEIKA, FOCUS_REGION, GtkWidget)

/* A part of a window that Tab enters and leaves in one press, as the
 * sidebar and the list of Text Editor and Files are: Tab (or Shift+Tab)
 * from outside gives the focus to the child, which puts it where it last
 * was (a list: its focused row; a list box: its selected row); Tab from
 * inside goes on to the next part of the window. Inside, the arrow keys
 * move as the child makes them.
 *
 * GTK 4.8's lists have no "tab-behavior" (4.12): without this, Tab stops
 * at every row and at every button in a row. */

GtkWidget *keika_focus_region_new       (void);
GtkWidget *keika_focus_region_get_child (KeikaFocusRegion *self);
void       keika_focus_region_set_child (KeikaFocusRegion *self,
                                         GtkWidget        *child);

G_END_DECLS
