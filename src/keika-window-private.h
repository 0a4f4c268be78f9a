/* keika-window-private.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-entry-filter.h"
#include "keika-enums.h"
#include "keika-window.h"

G_BEGIN_DECLS

typedef enum
{
  KEIKA_SORT_TITLE,
  KEIKA_SORT_SCORE,
  KEIKA_SORT_PROGRESS,
  KEIKA_SORT_UPDATED,
} KeikaSortMode;

struct _KeikaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkBox               *content;
  GtkListBox           *sidebar_list;
  AdwWindowTitle       *content_title;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *search_button;
  GtkMenuButton        *sort_button;
  GtkStack             *content_stack;
  GtkScrolledWindow    *list_scroller;
  GtkGridView          *list_view;
  AdwStatusPage        *no_results_page;
  GtkButton            *show_all_button;
  AdwStatusPage        *error_page;
  GtkButton            *restore_button;
  GtkSpinner           *loading_spinner;
  GtkRevealer          *expiry_revealer;
  GtkLabel             *expiry_label;
  guint                 expiry_timeout_id;
  GtkRevealer          *failure_revealer;
  GtkLabel             *failure_label;
  GtkButton            *failure_button;
  GtkRevealer          *sync_revealer;
  GtkLabel             *sync_label;
  GtkProgressBar       *sync_progress;

  KeikaStore           *store;           /* (owned) (nullable) */
  KeikaLibrary         *library;         /* (owned) */
  GSettings            *settings;        /* (owned) */

  GtkSortListModel     *sort_model;      /* (owned) */
  GtkCustomSorter      *sorter;          /* (owned) */
  GtkFilterListModel   *filter_model;    /* (owned) */
  KeikaEntryFilter     *filter;          /* (owned) what is shown: status, search, adult */
  GtkSingleSelection   *selection;       /* (owned) */
  GtkLabel             *count_labels[KEIKA_N_STATUSES + 1]; /* (unowned), [0] is "All" */
  guint                 visible_counts[KEIKA_N_STATUSES + 1]; /* what count_labels show */
  GtkWidget            *attention_row;   /* (unowned) */
  GtkLabel             *attention_count; /* (unowned) */
  guint                 n_attention;
  guint                 attention_before_sync;

  GHashTable           *removed;         /* (owned) id → removed KeikaListEntry */
  guint                 warm_search_id;  /* idle that builds search keys */
  guint                 warm_search_pos;
  KeikaSortMode         sort_mode;
  gboolean              loading;         /* the library is still being read */
  KeikaScoreFormat      score_format;
  KeikaTitleLanguage    title_language;
  guint                 syncing_sites;   /* (1 << KeikaSite) of the accounts seen syncing */
  guint                 sync_pulse_id;   /* moves the bar while the total is unknown */
  guint                 sync_failures[KEIKA_N_SITES]; /* failed syncs in a row, per site */
  char                 *last_sync_errors[KEIKA_N_SITES]; /* (owned) (nullable) each said once,
                                                         * until a sync of its site works */
};

void     keika_window_class_setup_actions (KeikaWindowClass *klass);
/* Follows the application's syncs: progress, Cancel, and what went wrong. */
void     keika_window_setup_sync         (KeikaWindow   *self,
                                          KeikaApplication *application);
void     keika_window_setup_actions      (KeikaWindow   *self);
void     keika_window_set_status_filter  (KeikaWindow   *self,
                                          int            status);
void     keika_window_set_search_text    (KeikaWindow   *self,
                                          const char    *text);
void     keika_window_set_sort_mode      (KeikaWindow   *self,
                                          KeikaSortMode  mode);
/* The model the list view shows (sorted and filtered). (transfer none) */
GListModel *keika_window_get_visible_model (KeikaWindow *self);

/* keika-window-messages.c: the library cannot be used; why (when known),
 * what can be done, and nothing that would need it. */
void keika_window_show_store_error (KeikaWindow  *self,
                                    const GError *error);

G_END_DECLS
