/* keika-toast-queue.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KEIKA_TYPE_TOAST_QUEUE (keika_toast_queue_get_type ())

G_DECLARE_FINAL_TYPE (KeikaToastQueue, keika_toast_queue, KEIKA, TOAST_QUEUE, GObject)

/* Every toast of a window goes through its queue, which hands the overlay
 * one toast at a time and never dismisses one that is still sliding in.
 *
 * libadwaita 1.2 frees a toast twice (and aborts or crashes) when a toast is
 * dismissed or replaced while its entrance animation runs: a toast
 * dismissed at once, a high-priority toast arriving while another slides
 * in, or a new toast shown while the last one slides out and then
 * dismissed. The queue keeps the overlay off those paths: the next toast is
 * added only once the last one has left, a dismissal waits until the
 * entrance is over, and high-priority toasts go to the front of the queue
 * rather than pushing the shown one aside. A toast equal to one still
 * waiting replaces it, and the queue keeps at most a few, so a burst of
 * events shows a few toasts rather than a minute of them. */

/* @widget is an AdwToastOverlay or holds one (an AdwPreferencesWindow). */
KeikaToastQueue *keika_toast_queue_new     (GtkWidget         *widget);
/* The queue of the toast overlay in @widget's window, made on first use and
 * kept as long as that window. */
KeikaToastQueue *keika_toast_queue_get     (GtkWidget         *widget);

/* Takes the caller's reference to @toast, as adw_toast_overlay_add_toast()
 * does. */
void             keika_toast_queue_add     (KeikaToastQueue   *self,
                                            AdwToast          *toast);
/* Dismisses @toast: one that waits leaves the queue (its "dismissed" signal
 * is emitted), the shown one leaves once its entrance is over. */
void             keika_toast_queue_dismiss (KeikaToastQueue   *self,
                                            AdwToast          *toast);
/* Whether the shown toast is still sliding in. A person cannot click a
 * toast before it has been drawn; a test that clicks at once would, and
 * libadwaita 1.2 crashes when the exit of a toast ends in the same frame
 * as its entrance. */
gboolean         keika_toast_queue_is_arriving (KeikaToastQueue *self);
/* Whether no toast is shown, leaving or waiting (for tests). */
gboolean         keika_toast_queue_is_idle (KeikaToastQueue   *self);

G_END_DECLS
