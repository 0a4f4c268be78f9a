/* keika-score-control.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaScoreControl"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-enum-types.h"
#include "keika-score-control.h"
#include "keika-score.h"

#define MAX_BUTTONS 5

struct _KeikaScoreControl
{
  GtkWidget         parent_instance;

  GtkStack         *stack;
  GtkSpinButton    *spin;
  GtkAdjustment    *adjustment;
  GtkBox           *button_box;
  GtkToggleButton  *buttons[MAX_BUTTONS];
  guint             n_buttons;

  guint             score;
  KeikaScoreFormat  format;
  gboolean          updating;
};

G_DEFINE_FINAL_TYPE (KeikaScoreControl, keika_score_control, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SCORE,
  PROP_FORMAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
keika_score_control_new (void)
{
  return g_object_new (KEIKA_TYPE_SCORE_CONTROL, NULL);
}

guint
keika_score_control_get_score (KeikaScoreControl *self)
{
  g_return_val_if_fail (KEIKA_IS_SCORE_CONTROL (self), 0);

  return self->score;
}

static void
sync_widgets (KeikaScoreControl *self)
{
  double value = keika_score_to_format (self->score, self->format);

  self->updating = TRUE;

  if (self->n_buttons == 0)
    {
      gtk_spin_button_set_value (self->spin, value);
    }
  else
    {
      for (guint i = 0; i < self->n_buttons; i++)
        {
          guint n = i + 1;

          if (self->format == KEIKA_SCORE_FORMAT_POINT_5)
            {
              gtk_toggle_button_set_active (self->buttons[i], n <= value);
              gtk_button_set_icon_name (GTK_BUTTON (self->buttons[i]),
                                        n <= value ? "starred-symbolic" : "non-starred-symbolic");
            }
          else
            {
              gtk_toggle_button_set_active (self->buttons[i], n == value);
            }
        }
    }

  self->updating = FALSE;
}

/* The user picked @value in the current format. */
static void
pick_value (KeikaScoreControl *self,
            double             value)
{
  if (keika_score_to_format (self->score, self->format) == value)
    return;

  self->score = keika_score_from_format (value, self->format);
  sync_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCORE]);
}

static void
spin_value_changed_cb (KeikaScoreControl *self,
                       GtkSpinButton     *spin)
{
  if (!self->updating)
    pick_value (self, gtk_spin_button_get_value (spin));
}

static void
button_clicked_cb (GtkToggleButton   *button,
                   KeikaScoreControl *self)
{
  double value = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "keika-value"));

  if (self->updating)
    return;

  /* Choosing the value that is already set clears the score. */
  if (keika_score_to_format (self->score, self->format) == value)
    value = 0;

  pick_value (self, value);
  sync_widgets (self);
}

static void
rebuild (KeikaScoreControl *self)
{
  static const char *faces[] = { "face-sad-symbolic", "face-plain-symbolic", "face-smile-symbolic" };
  const char *face_names[] = { _("Disliked"), _("Neutral"), _("Liked") };
  double max = keika_score_format_get_max (self->format);

  for (guint i = 0; i < self->n_buttons; i++)
    gtk_box_remove (self->button_box, GTK_WIDGET (self->buttons[i]));
  self->n_buttons = 0;

  if (self->format == KEIKA_SCORE_FORMAT_POINT_5 || self->format == KEIKA_SCORE_FORMAT_POINT_3)
    {
      self->n_buttons = (guint) max;
      for (guint i = 0; i < self->n_buttons; i++)
        {
          GtkWidget *button = gtk_toggle_button_new ();
          g_autofree char *name = NULL;

          if (self->format == KEIKA_SCORE_FORMAT_POINT_5)
            {
              name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u star", "%u stars", i + 1), i + 1);
              gtk_button_set_icon_name (GTK_BUTTON (button), "non-starred-symbolic");
              gtk_widget_add_css_class (button, "flat");
            }
          else
            {
              name = g_strdup (face_names[i]);
              gtk_button_set_icon_name (GTK_BUTTON (button), faces[i]);
              gtk_widget_add_css_class (button, "flat");
            }

          gtk_widget_set_tooltip_text (button, name);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          g_object_set_data (G_OBJECT (button), "keika-value", GUINT_TO_POINTER (i + 1));
          g_signal_connect (button, "clicked", G_CALLBACK (button_clicked_cb), self);
          gtk_box_append (self->button_box, button);
          self->buttons[i] = GTK_TOGGLE_BUTTON (button);
        }
      gtk_stack_set_visible_child_name (self->stack, "buttons");
    }
  else
    {
      double step = keika_score_format_get_step (self->format);

      self->updating = TRUE;
      gtk_adjustment_configure (self->adjustment, 0, 0, max, step, step * 10, 0);
      gtk_spin_button_set_digits (self->spin, step < 1 ? 1 : 0);
      self->updating = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "number");
    }

  sync_widgets (self);
}

void
keika_score_control_set_score (KeikaScoreControl *self,
                               guint              score)
{
  g_return_if_fail (KEIKA_IS_SCORE_CONTROL (self));

  score = MIN (score, KEIKA_SCORE_MAX);
  if (self->score == score)
    return;

  self->score = score;
  sync_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCORE]);
}

void
keika_score_control_commit (KeikaScoreControl *self)
{
  g_return_if_fail (KEIKA_IS_SCORE_CONTROL (self));

  if (self->n_buttons == 0)
    gtk_spin_button_update (self->spin);
}

KeikaScoreFormat
keika_score_control_get_format (KeikaScoreControl *self)
{
  g_return_val_if_fail (KEIKA_IS_SCORE_CONTROL (self), KEIKA_SCORE_FORMAT_POINT_10);

  return self->format;
}

void
keika_score_control_set_format (KeikaScoreControl *self,
                                KeikaScoreFormat   format)
{
  g_return_if_fail (KEIKA_IS_SCORE_CONTROL (self));

  if (self->format == format)
    return;

  self->format = format;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
}

static void
keika_score_control_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KEIKA_TYPE_SCORE_CONTROL);

  G_OBJECT_CLASS (keika_score_control_parent_class)->dispose (object);
}

static void
keika_score_control_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KeikaScoreControl *self = KEIKA_SCORE_CONTROL (object);

  switch (prop_id)
    {
    case PROP_SCORE:
      g_value_set_uint (value, self->score);
      break;

    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_score_control_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KeikaScoreControl *self = KEIKA_SCORE_CONTROL (object);

  switch (prop_id)
    {
    case PROP_SCORE:
      keika_score_control_set_score (self, g_value_get_uint (value));
      break;

    case PROP_FORMAT:
      keika_score_control_set_format (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_score_control_class_init (KeikaScoreControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keika_score_control_dispose;
  object_class->get_property = keika_score_control_get_property;
  object_class->set_property = keika_score_control_set_property;

  properties[PROP_SCORE] =
    g_param_spec_uint ("score", NULL, NULL,
                       0, KEIKA_SCORE_MAX, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       KEIKA_TYPE_SCORE_FORMAT, KEIKA_SCORE_FORMAT_POINT_100,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/keika/Keika/ui/keika-score-control.ui");
  gtk_widget_class_bind_template_child (widget_class, KeikaScoreControl, stack);
  gtk_widget_class_bind_template_child (widget_class, KeikaScoreControl, spin);
  gtk_widget_class_bind_template_child (widget_class, KeikaScoreControl, adjustment);
  gtk_widget_class_bind_template_child (widget_class, KeikaScoreControl, button_box);
  gtk_widget_class_bind_template_callback (widget_class, spin_value_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
keika_score_control_init (KeikaScoreControl *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->format = KEIKA_SCORE_FORMAT_POINT_100;
  rebuild (self);
}
