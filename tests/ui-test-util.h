/* ui-test-util.h — what the widget tests share
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "test-util.h"

G_BEGIN_DECLS

/* How long a condition may take to come true before the test fails.
 * Generous for sanitizer builds; a passing run never waits for it. */
#ifndef WAIT_TIMEOUT_SECONDS
#define WAIT_TIMEOUT_SECONDS 60
#endif

/* Iterates the main loop until @cond holds, failing the test after
 * WAIT_TIMEOUT_SECONDS. A 5 ms wake-up keeps the loop from blocking while a
 * condition is polled that no event announces. */
#define wait_until(cond) \
  G_STMT_START { \
    gint64 wait_end__ = g_get_monotonic_time () + WAIT_TIMEOUT_SECONDS * G_USEC_PER_SEC; \
    guint wake_id__ = g_timeout_add (5, wake_up_cb, NULL); \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > wait_end__) \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (wake_id__); \
  } G_STMT_END

gboolean   wake_up_cb              (gpointer    user_data);
/* The button under @widget with this label. (nullable) */
GtkWidget *find_button_with_label  (GtkWidget  *widget,
                                    const char *label);
/* The button under @widget that activates @action_name and shows
 * @icon_name (or anything, when NULL). (nullable) */
GtkWidget *find_button_with_action (GtkWidget  *widget,
                                    const char *action_name,
                                    const char *icon_name);
/* The open toplevels of @type. (transfer container) (element-type GtkWindow) */
GPtrArray *list_toplevels_of_type  (GType       type);

/* With KEIKA_TEST_SHOTS set to a folder, @window as drawn, saved there as
 * NAME.png, to look at; otherwise nothing. */
void       ui_test_save_shot       (GtkWidget  *window,
                                    const char *name);

G_END_DECLS
