/* keika-list-entry-private.h — shared by the entry's source files
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-list-entry.h"

G_BEGIN_DECLS

struct _KeikaListEntry
{
  GObject       parent_instance;

  /* What keika_list_entry_matches() needs of the anime, copied next to the
   * object header, which every list model access to the entry reads anyway:
   * searching thousands of entries then reads neither their anime nor, for
   * most entries, their search keys. Good while search_generation is
   * keika_anime_get_search_generation() (0: never copied). */
  guint         search_generation;
  gboolean      search_adult;
  guint64       search_mask;
  const char   *search_key;   /* (unowned) the anime's */

  gint64        id;
  KeikaAnime   *anime;        /* (owned) never NULL after construction */
  KeikaStatus   status;
  guint         score;
  guint         progress;
  gboolean      rewatching;
  guint         rewatch_count;
  char         *start_date;   /* (owned) (nullable) valid fuzzy date */
  char         *finish_date;  /* (owned) (nullable) valid fuzzy date */
  char         *notes;        /* (owned) never NULL */
  char        **tags;         /* (owned) (nullable) never empty */
  gboolean      private_;
  gboolean      favourite;
  gint64        updated_at;
  char         *sync_problem; /* (owned) (nullable) */

  /* Watches (see keika_list_entry_add_watch()): almost always one, the
   * library, kept inline; any further ones in @more_watches. */
  KeikaListEntryWatchFunc  watch_func;
  gpointer                 watch_data;
  GArray                  *more_watches;  /* (owned) (nullable) (element-type Watch: see
                                           * keika-list-entry-watch.c) */
};

/* Calls the watches for each of the @n_pspecs notified properties
 * (keika-list-entry-watch.c). */
void keika_list_entry_call_watches (KeikaListEntry  *self,
                                    guint            n_pspecs,
                                    GParamSpec     **pspecs);

G_END_DECLS
