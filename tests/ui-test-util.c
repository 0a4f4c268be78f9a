/* ui-test-util.c — what the widget tests share
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ui-test-util.h"

gboolean
wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

GtkWidget *
find_button_with_label (GtkWidget  *widget,
                        const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;

      if ((found = find_button_with_label (child, label)) != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
find_button_with_action (GtkWidget  *widget,
                         const char *action_name,
                         const char *icon_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0 &&
          (icon_name == NULL || g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), icon_name) == 0))
        return child;

      if ((found = find_button_with_action (child, action_name, icon_name)) != NULL)
        return found;
    }

  return NULL;
}

GPtrArray *
list_toplevels_of_type (GType type)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      g_ptr_array_add (found, g_object_ref (l->data));

  g_list_free (toplevels);
  return found;
}


void
ui_test_save_shot (GtkWidget  *window,
                   const char *name)
{
  const char *dir = g_getenv ("KEIKA_TEST_SHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;

  /* Drawn at its size, with its transitions (a leaflet folding) over. */
  for (gint64 end = g_get_monotonic_time () + 800 * 1000; g_get_monotonic_time () < end; )
    g_main_context_iteration (NULL, FALSE);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
  g_test_message ("Saved %s", path);
}
