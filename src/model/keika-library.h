/* keika-library.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "keika-list-entry.h"
#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_LIBRARY (keika_library_get_type ())

G_DECLARE_FINAL_TYPE (KeikaLibrary, keika_library, KEIKA, LIBRARY, GObject)

/* A GListModel of KeikaListEntry, in insertion order (views sort it).
 * Batch operations emit "items-changed" once. Lookup by entry id is O(1).
 *
 * The library also counts entries per status, and those with a sync problem,
 * and keeps the counts current when an entry changes: "count-changed" is
 * emitted then, and after any change of the items. */

KeikaLibrary   *keika_library_new              (void);
/* Takes @entries (a GPtrArray of KeikaListEntry) and replaces the contents. */
void            keika_library_replace_all      (KeikaLibrary    *self,
                                                GPtrArray       *entries);
void            keika_library_append           (KeikaLibrary    *self,
                                                KeikaListEntry  *entry);
/* Appends many at once; one "items-changed". */
void            keika_library_append_many      (KeikaLibrary    *self,
                                                GPtrArray       *entries);
/* Removes the entry with that id; FALSE when there is none. */
gboolean        keika_library_remove           (KeikaLibrary    *self,
                                                gint64           entry_id);
/* Removes every entry whose id is in @entry_ids (a set of gint64, as made
 * with g_int64_hash), with one "items-changed"; returns how many. */
guint           keika_library_remove_many      (KeikaLibrary    *self,
                                                GHashTable      *entry_ids);
/* (transfer none) (nullable) */
KeikaListEntry *keika_library_lookup           (KeikaLibrary    *self,
                                                gint64           entry_id);
/* The entry whose anime has this site id. (transfer none) (nullable) */
KeikaListEntry *keika_library_lookup_by_site_id (KeikaLibrary   *self,
                                                 KeikaSite       site,
                                                 gint64          site_id);
/* Number of entries with a "sync-problem". */
guint           keika_library_count_sync_problems (KeikaLibrary *self);

/* Asks the processor to fetch every entry's object header (what a list model
 * access and keika_list_entry_matches() read) into its caches, ahead of a
 * pass over all entries, such as refiltering after a keystroke. */
void            keika_library_prefetch          (KeikaLibrary *self);
/* Number of entries with @status. */
guint           keika_library_count_status     (KeikaLibrary    *self,
                                                KeikaStatus      status);

G_END_DECLS
