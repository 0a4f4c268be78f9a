/* keika-focus-region.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFocusRegion"

#include "config.h"

#include "keika-focus-region.h"

struct _KeikaFocusRegion
{
  GtkWidget  parent_instance;

  GtkWidget *child;  /* (nullable) parented to the region */
};

G_DEFINE_FINAL_TYPE (KeikaFocusRegion, keika_focus_region, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
keika_focus_region_focus (GtkWidget        *widget,
                          GtkDirectionType  direction)
{
  KeikaFocusRegion *self = KEIKA_FOCUS_REGION (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (self->child == NULL)
    return FALSE;

  /* Tab with the focus inside: on to the next region, whatever the child
   * would have done with it. (Asked of the window: GTK 4.8 leaves a
   * container's focus child set after the focus went elsewhere.) */
  if ((direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD) &&
      focus != NULL && gtk_widget_is_ancestor (focus, widget))
    return FALSE;

  return gtk_widget_child_focus (self->child, direction);
}

static void
keika_focus_region_compute_expand (GtkWidget *widget,
                                   gboolean  *hexpand,
                                   gboolean  *vexpand)
{
  KeikaFocusRegion *self = KEIKA_FOCUS_REGION (widget);

  *hexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_HORIZONTAL);
  *vexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_VERTICAL);
}

static void
keika_focus_region_dispose (GObject *object)
{
  KeikaFocusRegion *self = KEIKA_FOCUS_REGION (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (keika_focus_region_parent_class)->dispose (object);
}

static void
keika_focus_region_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KeikaFocusRegion *self = KEIKA_FOCUS_REGION (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_focus_region_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KeikaFocusRegion *self = KEIKA_FOCUS_REGION (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      keika_focus_region_set_child (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_focus_region_class_init (KeikaFocusRegionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keika_focus_region_dispose;
  object_class->get_property = keika_focus_region_get_property;
  object_class->set_property = keika_focus_region_set_property;

  widget_class->focus = keika_focus_region_focus;
  widget_class->compute_expand = keika_focus_region_compute_expand;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
keika_focus_region_init (KeikaFocusRegion *self)
{
}

GtkWidget *
keika_focus_region_new (void)
{
  return g_object_new (KEIKA_TYPE_FOCUS_REGION, NULL);
}

GtkWidget *
keika_focus_region_get_child (KeikaFocusRegion *self)
{
  g_return_val_if_fail (KEIKA_IS_FOCUS_REGION (self), NULL);

  return self->child;
}

void
keika_focus_region_set_child (KeikaFocusRegion *self,
                              GtkWidget        *child)
{
  g_return_if_fail (KEIKA_IS_FOCUS_REGION (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}
