/* keika-entry-row.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaEntryRow"

#include "config.h"

#include <glib/gi18n.h>

#include "keika-anime.h"
#include "keika-entry-row.h"
#include "keika-enum-types.h"
#include "keika-score.h"

/* Between the columns, and between the two lines of a column. */
#define COLUMN_SPACING 12
#define LINE_SPACING    3

struct _KeikaEntryRow
{
  GtkWidget           parent_instance;

  GtkWidget          *cover;
  GtkLabel           *title_label;
  GtkLabel           *summary_label;
  GtkLabel           *score_label;
  GtkLabel           *progress_label;
  GtkLabel           *status_label;
  GtkWidget          *increment_button;

  KeikaListEntry     *entry;          /* (owned) (nullable) */
  KeikaAnime         *anime;          /* (owned) (nullable) */
  gulong              entry_notify_id;
  gulong              anime_notify_id;
  KeikaScoreFormat    score_format;
  KeikaTitleLanguage  title_language;
  char               *title;          /* (owned) (nullable) what the title label shows */
};

G_DEFINE_FINAL_TYPE (KeikaEntryRow, keika_entry_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENTRY,
  PROP_SCORE_FORMAT,
  PROP_TITLE_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

KeikaEntryRow *
keika_entry_row_new (void)
{
  return g_object_new (KEIKA_TYPE_ENTRY_ROW, NULL);
}

static void
update_title (KeikaEntryRow *self)
{
  const char *title = keika_anime_get_title (self->anime, self->title_language);
  g_autofree char *summary = keika_anime_dup_summary (self->anime);
  g_autofree char *button_label = NULL;

  gtk_label_set_label (self->summary_label, summary);

  /* A row bound again to an entry with the same title has nothing to do. */
  if (self->title != NULL && g_strcmp0 (title, self->title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title != NULL ? title : "");
  gtk_label_set_label (self->title_label, self->title);

  button_label = g_strdup_printf (_("Add one episode to “%s”"), self->title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->increment_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, button_label,
                                  -1);
}

static void
update_score (KeikaEntryRow *self)
{
  g_autofree char *score = keika_score_format_display (keika_list_entry_get_score (self->entry),
                                                       self->score_format);

  gtk_label_set_label (self->score_label, score);
}

static void
update_progress (KeikaEntryRow *self)
{
  guint progress = keika_list_entry_get_progress (self->entry);
  guint episodes = keika_anime_get_episodes (self->anime);
  g_autofree char *text = NULL;

  if (episodes > 0)
    text = g_strdup_printf ("%u / %u", progress, episodes);
  else
    text = g_strdup_printf ("%u / ?", progress);

  gtk_label_set_label (self->progress_label, text);
  gtk_label_set_label (self->status_label,
                       keika_status_to_label (keika_list_entry_get_status (self->entry)));
  gtk_widget_set_sensitive (self->increment_button, episodes == 0 || progress < episodes);
}

/* Tooltips are given on demand: setting one on every bind costs a round trip
 * to the display server, and the list binds many rows per keystroke. */
static gboolean
title_query_tooltip_cb (KeikaEntryRow *self,
                        int            x,
                        int            y,
                        gboolean       keyboard_mode,
                        GtkTooltip    *tooltip)
{
  if (!pango_layout_is_ellipsized (gtk_label_get_layout (self->title_label)))
    return FALSE;

  gtk_tooltip_set_text (tooltip, gtk_label_get_label (self->title_label));
  return TRUE;
}

static gboolean
increment_query_tooltip_cb (KeikaEntryRow *self,
                            int            x,
                            int            y,
                            gboolean       keyboard_mode,
                            GtkTooltip    *tooltip)
{
  gtk_tooltip_set_text (tooltip, _("Add One Episode"));
  return TRUE;
}

/* Not a GtkActionable: the row decides when the button is sensitive (not at
 * the last episode), which an action helper would override. */
static void
increment_clicked_cb (KeikaEntryRow *self)
{
  if (self->entry != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.increment", "x",
                                keika_list_entry_get_id (self->entry));
}

/* An entry whose sync needs the person shows a warning sign in place of
 * its cover, saying what is wrong. Rare: nothing is set for the others. */
static void
update_sync_problem (KeikaEntryRow *self)
{
  const char *problem = keika_list_entry_get_sync_problem (self->entry);
  GtkImage *cover = GTK_IMAGE (self->cover);
  gboolean shown = gtk_widget_has_css_class (self->cover, "warning");

  if (problem == NULL && !shown)
    return;

  gtk_image_set_from_icon_name (cover, problem != NULL ? "dialog-warning-symbolic"
                                                       : "video-x-generic-symbolic");
  gtk_widget_set_tooltip_text (self->cover, problem);
  if (problem != NULL)
    {
      gtk_widget_add_css_class (self->cover, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      problem, -1);
    }
  else
    {
      gtk_widget_remove_css_class (self->cover, "warning");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
entry_notify_cb (KeikaEntryRow *self,
                 GParamSpec    *pspec)
{
  const char *name = pspec != NULL ? pspec->name : NULL;

  if (name == NULL || g_str_equal (name, "sync-problem"))
    update_sync_problem (self);

  if (name == NULL || g_str_equal (name, "score"))
    update_score (self);
  if (name == NULL || g_str_equal (name, "progress") || g_str_equal (name, "status") ||
      g_str_equal (name, "episodes"))
    update_progress (self);
}

static void
anime_notify_cb (KeikaEntryRow *self,
                 GParamSpec    *pspec)
{
  update_title (self);
  update_progress (self);
}

KeikaListEntry *
keika_entry_row_get_entry (KeikaEntryRow *self)
{
  g_return_val_if_fail (KEIKA_IS_ENTRY_ROW (self), NULL);

  return self->entry;
}

void
keika_entry_row_set_entry (KeikaEntryRow  *self,
                           KeikaListEntry *entry)
{
  g_return_if_fail (KEIKA_IS_ENTRY_ROW (self));
  g_return_if_fail (entry == NULL || KEIKA_IS_LIST_ENTRY (entry));

  if (self->entry == entry)
    return;

  g_clear_signal_handler (&self->entry_notify_id, self->entry);
  g_clear_signal_handler (&self->anime_notify_id, self->anime);
  g_clear_object (&self->entry);
  g_clear_object (&self->anime);

  if (entry != NULL)
    {
      self->entry = g_object_ref (entry);
      self->anime = g_object_ref (keika_list_entry_get_anime (entry));
      self->entry_notify_id = g_signal_connect_swapped (entry, "notify",
                                                        G_CALLBACK (entry_notify_cb), self);
      self->anime_notify_id = g_signal_connect_swapped (self->anime, "notify",
                                                        G_CALLBACK (anime_notify_cb), self);
      update_title (self);
      entry_notify_cb (self, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

const char *
keika_entry_row_get_title_text (KeikaEntryRow *self)
{
  return gtk_label_get_label (self->title_label);
}

const char *
keika_entry_row_get_progress_text (KeikaEntryRow *self)
{
  return gtk_label_get_label (self->progress_label);
}

GtkWidget *
keika_entry_row_get_cover (KeikaEntryRow *self)
{
  return self->cover;
}

const char *
keika_entry_row_get_score_text (KeikaEntryRow *self)
{
  return gtk_label_get_label (self->score_label);
}

GtkWidget *
keika_entry_row_get_increment_button (KeikaEntryRow *self)
{
  return self->increment_button;
}

/* The row lays its children out itself, in five columns: the cover, the
 * title over the summary, the score, the progress over the status, and the
 * +1 button.
 *
 * GTK 4.8's list view keeps about 200 rows; when a search changes what it
 * shows, most of them get new text and are measured again, by the list and by
 * the window for its natural size. A grid asks every label for its natural
 * width, which lays out the whole title twice only to ellipsize it. Here the
 * width of a row does not depend on its title or summary: they take what the
 * other columns leave, and are only measured for their height. */

static void
measure_child (GtkWidget      *child,
               GtkOrientation  orientation,
               int            *minimum,
               int            *natural)
{
  if (!gtk_widget_should_layout (child))
    {
      *minimum = *natural = 0;
      return;
    }

  gtk_widget_measure (child, orientation, -1, minimum, natural, NULL, NULL);
}

/* The height of two children, one over the other. */
static void
measure_stack (GtkWidget *top,
               GtkWidget *bottom,
               int       *minimum,
               int       *natural)
{
  int top_min, top_nat, bottom_min, bottom_nat;

  measure_child (top, GTK_ORIENTATION_VERTICAL, &top_min, &top_nat);
  measure_child (bottom, GTK_ORIENTATION_VERTICAL, &bottom_min, &bottom_nat);
  *minimum = top_min + LINE_SPACING + bottom_min;
  *natural = top_nat + LINE_SPACING + bottom_nat;
}

static void
keika_entry_row_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  KeikaEntryRow *self = KEIKA_ENTRY_ROW (widget);
  int min, nat;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      GtkWidget *fixed[] = { self->cover, GTK_WIDGET (self->score_label), self->increment_button };
      int progress_min, progress_nat, status_min, status_nat;

      /* The title column can shrink to nothing; the columns around it keep
       * their size. */
      *minimum = *natural = 4 * COLUMN_SPACING;
      for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
        {
          measure_child (fixed[i], orientation, &min, &nat);
          *minimum += min;
          *natural += nat;
        }
      measure_child (GTK_WIDGET (self->progress_label), orientation, &progress_min, &progress_nat);
      measure_child (GTK_WIDGET (self->status_label), orientation, &status_min, &status_nat);
      *minimum += MAX (progress_min, status_min);
      *natural += MAX (progress_nat, status_nat);
    }
  else
    {
      GtkWidget *single[] = { self->cover, GTK_WIDGET (self->score_label), self->increment_button };

      measure_stack (GTK_WIDGET (self->title_label), GTK_WIDGET (self->summary_label), minimum, natural);
      measure_stack (GTK_WIDGET (self->progress_label), GTK_WIDGET (self->status_label), &min, &nat);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
      for (guint i = 0; i < G_N_ELEMENTS (single); i++)
        {
          measure_child (single[i], orientation, &min, &nat);
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
        }
    }
}

/* Where the children go: columns are counted from the start edge, which is
 * the right one in right-to-left locales. */
typedef struct
{
  int      width;
  int      height;
  gboolean rtl;
} RowBox;

/* Places @child in the column from @x, @width wide, at @y, @height high. */
static void
allocate_child (const RowBox *box,
                GtkWidget    *child,
                int           x,
                int           width,
                int           y,
                int           height)
{
  if (!gtk_widget_should_layout (child))
    return;

  if (box->rtl)
    x = box->width - x - width;

  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, MAX (width, 0), MAX (height, 0) }, -1);
}

/* Centres a child vertically in the row, at its natural height. */
static void
allocate_centered (const RowBox *box,
                   GtkWidget    *child,
                   int           x,
                   int           width)
{
  int min, nat, height;

  measure_child (child, GTK_ORIENTATION_VERTICAL, &min, &nat);
  height = MIN (nat, box->height);
  allocate_child (box, child, x, width, (box->height - height) / 2, height);
}

/* Centres two children, one over the other, vertically in the row. */
static void
allocate_stacked (const RowBox *box,
                  GtkWidget    *top,
                  GtkWidget    *bottom,
                  int           x,
                  int           width)
{
  int top_min, top_nat, bottom_min, bottom_nat;
  int y;

  measure_child (top, GTK_ORIENTATION_VERTICAL, &top_min, &top_nat);
  measure_child (bottom, GTK_ORIENTATION_VERTICAL, &bottom_min, &bottom_nat);
  y = MAX ((box->height - (top_nat + LINE_SPACING + bottom_nat)) / 2, 0);
  allocate_child (box, top, x, width, y, top_nat);
  allocate_child (box, bottom, x, width, y + top_nat + LINE_SPACING, bottom_nat);
}

static void
keika_entry_row_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  KeikaEntryRow *self = KEIKA_ENTRY_ROW (widget);
  RowBox box = { width, height, gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL };
  int cover_width, score_width, progress_width, status_width, button_width, text_width;
  int min, x;

  measure_child (self->cover, GTK_ORIENTATION_HORIZONTAL, &min, &cover_width);
  measure_child (GTK_WIDGET (self->score_label), GTK_ORIENTATION_HORIZONTAL, &min, &score_width);
  measure_child (GTK_WIDGET (self->progress_label), GTK_ORIENTATION_HORIZONTAL, &min, &progress_width);
  measure_child (GTK_WIDGET (self->status_label), GTK_ORIENTATION_HORIZONTAL, &min, &status_width);
  measure_child (self->increment_button, GTK_ORIENTATION_HORIZONTAL, &min, &button_width);
  progress_width = MAX (progress_width, status_width);
  text_width = MAX (width - cover_width - score_width - progress_width - button_width - 4 * COLUMN_SPACING, 0);

  x = 0;
  allocate_centered (&box, self->cover, x, cover_width);
  x += cover_width + COLUMN_SPACING;
  allocate_stacked (&box, GTK_WIDGET (self->title_label), GTK_WIDGET (self->summary_label),
                    x, text_width);
  x += text_width + COLUMN_SPACING;
  allocate_centered (&box, GTK_WIDGET (self->score_label), x, score_width);
  x += score_width + COLUMN_SPACING;
  allocate_stacked (&box, GTK_WIDGET (self->progress_label), GTK_WIDGET (self->status_label),
                    x, progress_width);
  x += progress_width + COLUMN_SPACING;
  allocate_centered (&box, self->increment_button, x, button_width);
}

static void
keika_entry_row_dispose (GObject *object)
{
  KeikaEntryRow *self = KEIKA_ENTRY_ROW (object);
  GtkWidget *child;

  keika_entry_row_set_entry (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEIKA_TYPE_ENTRY_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (keika_entry_row_parent_class)->dispose (object);
}

static void
keika_entry_row_finalize (GObject *object)
{
  KeikaEntryRow *self = KEIKA_ENTRY_ROW (object);

  g_free (self->title);

  G_OBJECT_CLASS (keika_entry_row_parent_class)->finalize (object);
}

static void
keika_entry_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KeikaEntryRow *self = KEIKA_ENTRY_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;

    case PROP_SCORE_FORMAT:
      g_value_set_enum (value, self->score_format);
      break;

    case PROP_TITLE_LANGUAGE:
      g_value_set_enum (value, self->title_language);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_entry_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KeikaEntryRow *self = KEIKA_ENTRY_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      keika_entry_row_set_entry (self, g_value_get_object (value));
      break;

    case PROP_SCORE_FORMAT:
      if (self->score_format != (KeikaScoreFormat) g_value_get_enum (value))
        {
          self->score_format = g_value_get_enum (value);
          if (self->entry != NULL)
            update_score (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TITLE_LANGUAGE:
      if (self->title_language != (KeikaTitleLanguage) g_value_get_enum (value))
        {
          self->title_language = g_value_get_enum (value);
          if (self->entry != NULL)
            update_title (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_entry_row_class_init (KeikaEntryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keika_entry_row_dispose;
  object_class->finalize = keika_entry_row_finalize;
  object_class->get_property = keika_entry_row_get_property;
  object_class->set_property = keika_entry_row_set_property;

  widget_class->measure = keika_entry_row_measure;
  widget_class->size_allocate = keika_entry_row_size_allocate;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL,
                         KEIKA_TYPE_LIST_ENTRY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCORE_FORMAT] =
    g_param_spec_enum ("score-format", NULL, NULL,
                       KEIKA_TYPE_SCORE_FORMAT, KEIKA_SCORE_FORMAT_POINT_10,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE_LANGUAGE] =
    g_param_spec_enum ("title-language", NULL, NULL,
                       KEIKA_TYPE_TITLE_LANGUAGE, KEIKA_TITLE_LANGUAGE_ROMAJI,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/keika/Keika/ui/keika-entry-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, cover);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, score_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, increment_button);
  gtk_widget_class_bind_template_callback (widget_class, increment_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, increment_query_tooltip_cb);
}

static void
keika_entry_row_init (KeikaEntryRow *self)
{
  self->score_format = KEIKA_SCORE_FORMAT_POINT_10;
  gtk_widget_init_template (GTK_WIDGET (self));
}
