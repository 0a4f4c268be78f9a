/* keika-preferences-window.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KEIKA_TYPE_PREFERENCES_WINDOW (keika_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (KeikaPreferencesWindow, keika_preferences_window, KEIKA, PREFERENCES_WINDOW, AdwPreferencesWindow)

KeikaPreferencesWindow *keika_preferences_window_new (void);

G_END_DECLS
