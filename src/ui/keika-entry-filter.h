/* keika-entry-filter.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "keika-enums.h"

G_BEGIN_DECLS

/* Besides a KeikaStatus, the filter can show every entry, or those with a
 * sync problem. */
#define KEIKA_STATUS_ALL (-1)
#define KEIKA_STATUS_ATTENTION ((int) KEIKA_N_STATUSES)

#define KEIKA_TYPE_ENTRY_FILTER (keika_entry_filter_get_type ())

G_DECLARE_FINAL_TYPE (KeikaEntryFilter, keika_entry_filter, KEIKA, ENTRY_FILTER, GtkFilter)

/* Which KeikaListEntry items the library shows: a status (or all, or those
 * with a sync problem), a search over every title and synonym, and whether
 * adult titles are shown. Each setter tells GtkFilter how the change
 * narrows or widens what matched, so a filter list model tests only the
 * entries it has to; with nothing to filter the filter matches all, and no
 * entry is tested at all. */

KeikaEntryFilter *keika_entry_filter_new             (void);

/* "one-status", a read-only boolean, is notified when the filter comes to
 * show one status or stops showing one. */
int               keika_entry_filter_get_status      (KeikaEntryFilter *self);
void              keika_entry_filter_set_status      (KeikaEntryFilter *self,
                                                      int               status);
/* Whether a search is being made (search text that normalises to nothing
 * searches for nothing). */
gboolean          keika_entry_filter_get_searching   (KeikaEntryFilter *self);
void              keika_entry_filter_set_search_text (KeikaEntryFilter *self,
                                                      const char       *text);
/* How many entries of @library the search matches in each status, whatever
 * the status shown: @counts has KEIKA_N_STATUSES places. */
void              keika_entry_filter_count_by_status (KeikaEntryFilter *self,
                                                      GListModel       *library,
                                                      guint            *counts);
gboolean          keika_entry_filter_get_show_adult  (KeikaEntryFilter *self);
void              keika_entry_filter_set_show_adult  (KeikaEntryFilter *self,
                                                      gboolean          show_adult);

G_END_DECLS
