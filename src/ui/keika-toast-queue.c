/* keika-toast-queue.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaToastQueue"

#include "config.h"

#include "keika-toast-queue.h"

/* libadwaita 1.2 slides a toast in for 300 ms (500 ms when another one is
 * still leaving) and out for 300 ms. The queue waits a little longer than
 * that, since the animations run on frame times, which lag behind a busy
 * main loop. */
#define ENTRANCE_MS 400
#define EXIT_MS     400
#define RECHECK_MS  50

/* Toasts waiting beyond this many are dropped, oldest first. */
#define MAX_WAITING 3

struct _KeikaToastQueue
{
  GObject          parent_instance;

  AdwToastOverlay *overlay;       /* (unowned) (nullable) weak pointer */
  GQueue           waiting;       /* (element-type AdwToast) (owned) */
  AdwToast        *shown;         /* (owned) (nullable) in the overlay */
  gulong           shown_handler;
  gint64           shown_at;      /* monotonic, µs */
  gboolean         dismiss_shown; /* asked for during its entrance */
  gint64           left_at;       /* when the last shown toast was dismissed */
  guint            timeout_id;
};

G_DEFINE_FINAL_TYPE (KeikaToastQueue, keika_toast_queue, G_TYPE_OBJECT)

static void schedule (KeikaToastQueue *self);

static AdwToastOverlay *
find_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return ADW_TOAST_OVERLAY (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *overlay = find_overlay (child);

      if (overlay != NULL)
        return overlay;
    }

  return NULL;
}

/* The overlay's children are its content and one widget per toast on
 * screen, including those still sliding out. */
static gboolean
overlay_has_toast_widgets (AdwToastOverlay *overlay)
{
  GtkWidget *content = adw_toast_overlay_get_child (overlay);
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (overlay));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (child != content)
        n++;
    }

  return n > 0;
}

static void
shown_dismissed_cb (KeikaToastQueue *self,
                    AdwToast        *toast)
{
  g_assert (toast == self->shown);

  g_clear_signal_handler (&self->shown_handler, self->shown);
  g_clear_object (&self->shown);
  self->dismiss_shown = FALSE;
  self->left_at = g_get_monotonic_time ();
  schedule (self);
}

static void
show_next (KeikaToastQueue *self)
{
  AdwToast *toast = g_queue_pop_head (&self->waiting);

  g_assert (self->shown == NULL);

  if (toast == NULL)
    return;

  self->shown = toast;
  self->shown_at = g_get_monotonic_time ();
  self->shown_handler = g_signal_connect_object (toast, "dismissed",
                                                 G_CALLBACK (shown_dismissed_cb),
                                                 self, G_CONNECT_SWAPPED);
  /* Always as a normal toast: a high-priority one would push the shown one
   * aside, which is what the queue avoids. Its place in the queue already
   * gave it priority. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_NORMAL);
  adw_toast_overlay_add_toast (self->overlay, g_object_ref (toast));
}

static gboolean
timeout_cb (gpointer user_data)
{
  KeikaToastQueue *self = user_data;

  self->timeout_id = 0;
  schedule (self);

  return G_SOURCE_REMOVE;
}

static void
wait_ms (KeikaToastQueue *self,
         gint64           ms)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add ((guint) MAX (ms, 1), timeout_cb, self);
}

/* Does what can be done now, and sets a timeout for the rest. */
static void
schedule (KeikaToastQueue *self)
{
  gint64 now = g_get_monotonic_time ();

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->overlay == NULL)
    return;

  if (self->shown != NULL)
    {
      gint64 ready = self->shown_at + ENTRANCE_MS * 1000;

      if (!self->dismiss_shown)
        return;

      if (now < ready)
        {
          wait_ms (self, (ready - now + 999) / 1000);
          return;
        }

      /* Emits "dismissed", which calls back into schedule(). */
      adw_toast_dismiss (self->shown);
      return;
    }

  if (g_queue_is_empty (&self->waiting))
    return;

  if (now < self->left_at + EXIT_MS * 1000)
    {
      wait_ms (self, (self->left_at + EXIT_MS * 1000 - now + 999) / 1000);
      return;
    }

  /* Slow frames: the last toast is still on its way out. */
  if (overlay_has_toast_widgets (self->overlay))
    {
      wait_ms (self, RECHECK_MS);
      return;
    }

  show_next (self);
}

/* Drops a toast that never reached the overlay, telling its owner. */
static void
drop_waiting (KeikaToastQueue *self,
              GList           *link)
{
  AdwToast *toast = link->data;

  g_queue_delete_link (&self->waiting, link);
  g_signal_emit_by_name (toast, "dismissed");
  g_object_unref (toast);
}

static gboolean
same_toast (AdwToast *a,
            AdwToast *b)
{
  GVariant *ta = adw_toast_get_action_target_value (a);
  GVariant *tb = adw_toast_get_action_target_value (b);

  return g_strcmp0 (adw_toast_get_title (a), adw_toast_get_title (b)) == 0 &&
         g_strcmp0 (adw_toast_get_action_name (a), adw_toast_get_action_name (b)) == 0 &&
         g_strcmp0 (adw_toast_get_button_label (a), adw_toast_get_button_label (b)) == 0 &&
         ((ta == NULL && tb == NULL) || (ta != NULL && tb != NULL && g_variant_equal (ta, tb)));
}

void
keika_toast_queue_add (KeikaToastQueue *self,
                       AdwToast        *toast)
{
  g_return_if_fail (KEIKA_IS_TOAST_QUEUE (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  if (toast == self->shown || g_queue_find (&self->waiting, toast) != NULL)
    {
      g_object_unref (toast);
      return;
    }

  for (GList *l = self->waiting.head; l != NULL; l = l->next)
    {
      if (same_toast (l->data, toast))
        {
          drop_waiting (self, l);
          break;
        }
    }

  if (adw_toast_get_priority (toast) == ADW_TOAST_PRIORITY_HIGH)
    {
      g_queue_push_head (&self->waiting, toast);
      /* The shown toast has had its moment, unless it stays until its
       * owner dismisses it. */
      if (self->shown != NULL && adw_toast_get_timeout (self->shown) != 0)
        self->dismiss_shown = TRUE;
    }
  else
    g_queue_push_tail (&self->waiting, toast);

  while (self->waiting.length > MAX_WAITING)
    {
      GList *oldest = self->waiting.tail;

      /* The newest toast is never the one dropped. */
      if (oldest->data == toast)
        oldest = oldest->prev;
      drop_waiting (self, oldest);
    }

  schedule (self);
}

void
keika_toast_queue_dismiss (KeikaToastQueue *self,
                           AdwToast        *toast)
{
  GList *link;

  g_return_if_fail (KEIKA_IS_TOAST_QUEUE (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  if (toast == self->shown)
    {
      self->dismiss_shown = TRUE;
      schedule (self);
    }
  else if ((link = g_queue_find (&self->waiting, toast)) != NULL)
    drop_waiting (self, link);
}

gboolean
keika_toast_queue_is_arriving (KeikaToastQueue *self)
{
  g_return_val_if_fail (KEIKA_IS_TOAST_QUEUE (self), FALSE);

  return self->shown != NULL && g_get_monotonic_time () < self->shown_at + ENTRANCE_MS * 1000;
}

gboolean
keika_toast_queue_is_idle (KeikaToastQueue *self)
{
  g_return_val_if_fail (KEIKA_IS_TOAST_QUEUE (self), TRUE);

  return self->shown == NULL && g_queue_is_empty (&self->waiting) &&
         (self->overlay == NULL || !overlay_has_toast_widgets (self->overlay));
}

static void
keika_toast_queue_dispose (GObject *object)
{
  KeikaToastQueue *self = KEIKA_TOAST_QUEUE (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_signal_handler (&self->shown_handler, self->shown);
  g_clear_object (&self->shown);
  g_queue_clear_full (&self->waiting, g_object_unref);
  g_clear_weak_pointer (&self->overlay);

  G_OBJECT_CLASS (keika_toast_queue_parent_class)->dispose (object);
}

static void
keika_toast_queue_class_init (KeikaToastQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = keika_toast_queue_dispose;
}

static void
keika_toast_queue_init (KeikaToastQueue *self)
{
  g_queue_init (&self->waiting);
  self->left_at = G_MININT64 / 2;
}

KeikaToastQueue *
keika_toast_queue_new (GtkWidget *widget)
{
  KeikaToastQueue *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_object_new (KEIKA_TYPE_TOAST_QUEUE, NULL);
  g_set_weak_pointer (&self->overlay, find_overlay (widget));
  g_warn_if_fail (self->overlay != NULL);

  return self;
}

KeikaToastQueue *
keika_toast_queue_get (GtkWidget *widget)
{
  GtkWidget *root;
  KeikaToastQueue *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = GTK_WIDGET (gtk_widget_get_root (widget));
  if (root == NULL)
    root = widget;

  self = g_object_get_data (G_OBJECT (root), "keika-toast-queue");
  if (self == NULL)
    {
      self = keika_toast_queue_new (root);
      g_object_set_data_full (G_OBJECT (root), "keika-toast-queue", self, g_object_unref);
    }

  return self;
}
