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

/* Between the columns, between the lines of a column, and between −1 and
 * +1. */
#define COLUMN_SPACING 12
#define LINE_SPACING    3
#define BUTTON_SPACING  6

/* A row whose title would be narrower than this beside the numbers puts the
 * numbers under it: about 30 characters of a title in the default font. */
#define MIN_TITLE_WIDTH 240

struct _KeikaEntryRow
{
  GtkWidget           parent_instance;

  GtkWidget          *cover;
  GtkLabel           *title_label;
  GtkLabel           *summary_label;
  GtkLabel           *score_label;
  GtkLabel           *progress_label;
  GtkWidget          *decrement_button;
  GtkWidget          *increment_button;

  KeikaListEntry     *entry;          /* (owned) (nullable) */
  KeikaAnime         *anime;          /* (owned) (nullable) */
  gulong              entry_notify_id;
  gulong              anime_notify_id;
  KeikaScoreFormat    score_format;
  KeikaTitleLanguage  title_language;
  char               *title;          /* (owned) (nullable) what the title label shows */
  char               *summary;        /* (owned) (nullable) the anime's summary */
  gboolean            show_status;    /* the summary begins with the status */
  gboolean            no_score;       /* the score label says "No score" */
};

G_DEFINE_FINAL_TYPE (KeikaEntryRow, keika_entry_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENTRY,
  PROP_SCORE_FORMAT,
  PROP_TITLE_LANGUAGE,
  PROP_SHOW_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

KeikaEntryRow *
keika_entry_row_new (void)
{
  return g_object_new (KEIKA_TYPE_ENTRY_ROW, NULL);
}

/* The line under the title: the status, when the view shows more than one,
 * then the anime's summary. A view of one status does not repeat it. */
static void
update_summary (KeikaEntryRow *self)
{
  const char *summary = self->summary != NULL ? self->summary : "";
  g_autofree char *text = NULL;

  if (!self->show_status)
    {
      gtk_label_set_label (self->summary_label, summary);
      return;
    }

  if (*summary == '\0')
    {
      gtk_label_set_label (self->summary_label,
                           keika_status_to_label (keika_list_entry_get_status (self->entry)));
      return;
    }

  /* Translators: a status and an anime's summary, as in "Watching · TV · 12 episodes" */
  text = g_strdup_printf (C_("row summary", "%s · %s"),
                          keika_status_to_label (keika_list_entry_get_status (self->entry)),
                          summary);
  gtk_label_set_label (self->summary_label, text);
}

static void
update_title (KeikaEntryRow *self)
{
  const char *title = keika_anime_get_title (self->anime, self->title_language);
  g_autofree char *button_label = NULL;

  g_free (self->summary);
  self->summary = keika_anime_dup_summary (self->anime);
  update_summary (self);

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
  g_clear_pointer (&button_label, g_free);
  button_label = g_strdup_printf (_("Take one episode off “%s”"), self->title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->decrement_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, button_label,
                                  -1);
}

/* How "No score" looks: dimmed as .dim-label is, and not bold. */
static PangoAttrList *
no_score_attributes (void)
{
  static PangoAttrList *attributes;

  if (attributes == NULL)
    {
      attributes = pango_attr_list_new ();
      pango_attr_list_insert (attributes, pango_attr_foreground_alpha_new (0.55 * G_MAXUINT16));
      pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_NORMAL));
    }

  return attributes;
}

/* No score reads as words, dimmed, rather than as a sign. */
static void
update_score (KeikaEntryRow *self)
{
  guint raw = keika_list_entry_get_score (self->entry);
  g_autofree char *score = NULL;

  if (raw > 0)
    {
      score = keika_score_format_display (raw, self->score_format);
      gtk_label_set_label (self->score_label, score);
    }
  else
    gtk_label_set_label (self->score_label, _("No score"));

  /* Dimmed by text attributes, not a style class: a class would restyle
   * the label whenever a row is given an entry with or without a score. */
  if (self->no_score != (raw == 0))
    {
      self->no_score = raw == 0;
      gtk_label_set_attributes (self->score_label, self->no_score ? no_score_attributes () : NULL);
    }
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
  gtk_widget_set_sensitive (self->increment_button, episodes == 0 || progress < episodes);
  gtk_widget_set_sensitive (self->decrement_button, progress > 0);
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

static gboolean
decrement_query_tooltip_cb (KeikaEntryRow *self,
                            int            x,
                            int            y,
                            gboolean       keyboard_mode,
                            GtkTooltip    *tooltip)
{
  gtk_tooltip_set_text (tooltip, _("Take One Episode Off"));
  return TRUE;
}

/* Not GtkActionables: the row decides when the buttons are sensitive (+1
 * not at the last episode, −1 not at none), which an action helper would
 * override. */
static void
increment_clicked_cb (KeikaEntryRow *self)
{
  if (self->entry != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.increment", "x",
                                keika_list_entry_get_id (self->entry));
}

static void
decrement_clicked_cb (KeikaEntryRow *self)
{
  if (self->entry != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.decrement", "x",
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
  if (name != NULL && g_str_equal (name, "status") && self->show_status)
    update_summary (self);
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

GtkWidget *
keika_entry_row_get_decrement_button (KeikaEntryRow *self)
{
  return self->decrement_button;
}

const char *
keika_entry_row_get_summary_text (KeikaEntryRow *self)
{
  return gtk_label_get_label (self->summary_label);
}

GtkWidget *
keika_entry_row_get_title_label (KeikaEntryRow *self)
{
  return GTK_WIDGET (self->title_label);
}

GtkWidget *
keika_entry_row_get_score_label (KeikaEntryRow *self)
{
  return GTK_WIDGET (self->score_label);
}

GtkWidget *
keika_entry_row_get_progress_label (KeikaEntryRow *self)
{
  return GTK_WIDGET (self->progress_label);
}

gboolean
keika_entry_row_get_show_status (KeikaEntryRow *self)
{
  g_return_val_if_fail (KEIKA_IS_ENTRY_ROW (self), FALSE);

  return self->show_status;
}

void
keika_entry_row_set_show_status (KeikaEntryRow *self,
                                 gboolean       show_status)
{
  g_return_if_fail (KEIKA_IS_ENTRY_ROW (self));

  show_status = !!show_status;
  if (self->show_status == show_status)
    return;

  self->show_status = show_status;
  if (self->entry != NULL)
    update_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_STATUS]);
}

/* The row lays its children out itself. Wide, in columns: the cover, the
 * title over the summary, the score, the progress, −1 and +1. Narrow, when
 * the title would get less than MIN_TITLE_WIDTH beside the numbers: the
 * numbers go on a line of their own under the summary, the buttons at its
 * end, and the title has the width of the row but the cover.
 *
 * The numbers' columns are placed from the end of the row, each as wide as
 * its minimum width in style.css (wider only for a number that does not fit
 * it), and the labels end at the end of their column: the scores of all rows
 * line up whatever the width of their progress.
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

static int
natural_width (GtkWidget *child)
{
  int min, nat;

  measure_child (child, GTK_ORIENTATION_HORIZONTAL, &min, &nat);
  return nat;
}

static int
natural_height (GtkWidget *child)
{
  int min, nat;

  measure_child (child, GTK_ORIENTATION_VERTICAL, &min, &nat);
  return nat;
}

/* The widths of what is not text, at their natural size. */
typedef struct
{
  int cover;
  int score;
  int progress;
  int decrement;
  int increment;
} RowWidths;

static void
measure_widths (KeikaEntryRow *self,
                RowWidths     *widths)
{
  widths->cover = natural_width (self->cover);
  widths->score = natural_width (GTK_WIDGET (self->score_label));
  widths->progress = natural_width (GTK_WIDGET (self->progress_label));
  widths->decrement = natural_width (self->decrement_button);
  widths->increment = natural_width (self->increment_button);
}

static int
buttons_width (const RowWidths *widths)
{
  return widths->decrement + BUTTON_SPACING + widths->increment;
}

/* The width the title and summary get in a wide row @width wide. */
static int
wide_text_width (const RowWidths *widths,
                 int              width)
{
  return width - widths->cover - widths->score - widths->progress - buttons_width (widths) -
         4 * COLUMN_SPACING;
}

/* Whether a row @width wide (-1: not known) puts the numbers under the
 * title. */
static gboolean
is_narrow (const RowWidths *widths,
           int              width)
{
  return width >= 0 && wide_text_width (widths, width) < MIN_TITLE_WIDTH;
}

/* The height of the line of numbers of a narrow row. */
static int
numbers_line_height (KeikaEntryRow *self)
{
  int height = natural_height (GTK_WIDGET (self->score_label));

  height = MAX (height, natural_height (GTK_WIDGET (self->progress_label)));
  height = MAX (height, natural_height (self->decrement_button));
  height = MAX (height, natural_height (self->increment_button));

  return height;
}

static int
text_height (KeikaEntryRow *self)
{
  return natural_height (GTK_WIDGET (self->title_label)) + LINE_SPACING +
         natural_height (GTK_WIDGET (self->summary_label));
}

/* The width of the score as written, without the column's minimum. */
static int
score_text_width (KeikaEntryRow *self)
{
  int width;

  pango_layout_get_pixel_size (gtk_label_get_layout (self->score_label), &width, NULL);
  return width;
}

/* The row's height depends on its width: narrow rows have a line more. */
static GtkSizeRequestMode
keika_entry_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
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
  RowWidths widths;

  measure_widths (self, &widths);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int numbers = widths.score + widths.progress + buttons_width (&widths);

      /* The title column can shrink to nothing; narrow, the numbers' line
       * is as wide as the numbers. */
      *minimum = widths.cover + 3 * COLUMN_SPACING + numbers;
      *natural = widths.cover + 4 * COLUMN_SPACING + numbers;
    }
  else
    {
      int height = text_height (self);

      if (is_narrow (&widths, for_size))
        height += LINE_SPACING + numbers_line_height (self);
      else
        {
          height = MAX (height, natural_height (GTK_WIDGET (self->score_label)));
          height = MAX (height, natural_height (GTK_WIDGET (self->progress_label)));
          height = MAX (height, natural_height (self->decrement_button));
          height = MAX (height, natural_height (self->increment_button));
        }

      *minimum = *natural = MAX (height, natural_height (self->cover));
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

/* Centres a child vertically in the band from @y, @band high, at its
 * natural height. */
static void
allocate_centered (const RowBox *box,
                   GtkWidget    *child,
                   int           x,
                   int           width,
                   int           y,
                   int           band)
{
  int height = MIN (natural_height (child), band);

  allocate_child (box, child, x, width, y + (band - height) / 2, height);
}

static void
keika_entry_row_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  KeikaEntryRow *self = KEIKA_ENTRY_ROW (widget);
  RowBox box = { width, height, gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL };
  GtkWidget *title = GTK_WIDGET (self->title_label);
  GtkWidget *summary = GTK_WIDGET (self->summary_label);
  int title_height = natural_height (title);
  int summary_height = natural_height (summary);
  RowWidths widths;
  int text_x, text_width, x, y;

  measure_widths (self, &widths);
  allocate_centered (&box, self->cover, 0, widths.cover, 0, height);
  text_x = widths.cover + COLUMN_SPACING;

  if (is_narrow (&widths, width))
    {
      int line_height = numbers_line_height (self);

      text_width = MAX (width - text_x, 0);
      y = MAX ((height - (title_height + LINE_SPACING + summary_height + LINE_SPACING + line_height)) / 2, 0);
      allocate_child (&box, title, text_x, text_width, y, title_height);
      y += title_height + LINE_SPACING;
      allocate_child (&box, summary, text_x, text_width, y, summary_height);
      y += summary_height + LINE_SPACING;

      /* The score's text at the start of the line, though its column is
       * wider than a short score and the text ends at its end. */
      x = text_x + score_text_width (self) - widths.score;
      allocate_centered (&box, GTK_WIDGET (self->score_label), x, widths.score, y, line_height);
      x += widths.score + COLUMN_SPACING;
      allocate_centered (&box, GTK_WIDGET (self->progress_label), x, widths.progress, y, line_height);
      x = width - widths.increment;
      allocate_centered (&box, self->increment_button, x, widths.increment, y, line_height);
      x -= BUTTON_SPACING + widths.decrement;
      allocate_centered (&box, self->decrement_button, x, widths.decrement, y, line_height);
      return;
    }

  /* Wide: the columns from the end, then the title in what is left. */
  x = width - widths.increment;
  allocate_centered (&box, self->increment_button, x, widths.increment, 0, height);
  x -= BUTTON_SPACING + widths.decrement;
  allocate_centered (&box, self->decrement_button, x, widths.decrement, 0, height);
  x -= COLUMN_SPACING + widths.progress;
  allocate_centered (&box, GTK_WIDGET (self->progress_label), x, widths.progress, 0, height);
  x -= COLUMN_SPACING + widths.score;
  allocate_centered (&box, GTK_WIDGET (self->score_label), x, widths.score, 0, height);

  text_width = MAX (x - COLUMN_SPACING - text_x, 0);
  y = MAX ((height - (title_height + LINE_SPACING + summary_height)) / 2, 0);
  allocate_child (&box, title, text_x, text_width, y, title_height);
  allocate_child (&box, summary, text_x, text_width, y + title_height + LINE_SPACING, summary_height);
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
  g_free (self->summary);

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

    case PROP_SHOW_STATUS:
      g_value_set_boolean (value, self->show_status);
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

    case PROP_SHOW_STATUS:
      keika_entry_row_set_show_status (self, g_value_get_boolean (value));
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

  widget_class->get_request_mode = keika_entry_row_get_request_mode;
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
  /* Whether the summary begins with the status: in a view of more than one
   * status. */
  properties[PROP_SHOW_STATUS] =
    g_param_spec_boolean ("show-status", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/keika/Keika/ui/keika-entry-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, cover);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, score_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, decrement_button);
  gtk_widget_class_bind_template_child (widget_class, KeikaEntryRow, increment_button);
  gtk_widget_class_bind_template_callback (widget_class, increment_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, decrement_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, decrement_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, increment_query_tooltip_cb);
}

static void
keika_entry_row_init (KeikaEntryRow *self)
{
  self->score_format = KEIKA_SCORE_FORMAT_POINT_10;
  self->show_status = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}
