/* keika-list-entry.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "keika-enums.h"
#include "keika-fuzzy-date.h"
#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_LIST_ENTRY (keika_list_entry_get_type ())

G_DECLARE_FINAL_TYPE (KeikaListEntry, keika_list_entry, KEIKA, LIST_ENTRY, GObject)

/* Notes are limited to this many characters (not bytes), as on AniTrack. */
#define KEIKA_NOTES_MAX_CHARS 2000

/* Properties (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY, notified only on
 * real change):
 *   "id"             gint64        local row id, 0 until stored
 *   "anime"          KeikaAnime    construct-only, never NULL
 *   "status"         KeikaStatus
 *   "score"          guint         raw 0–100, 0 = no score
 *   "progress"       guint         episodes watched
 *   "rewatching"     gboolean
 *   "rewatch-count"  guint
 *   "start-date"     string        fuzzy date "YYYY", "YYYY-MM" or "YYYY-MM-DD"; NULL = unknown
 *   "finish-date"    string        likewise
 *   "notes"          string        never longer than KEIKA_NOTES_MAX_CHARS characters
 *   "tags"           GStrv         may be NULL
 *   "private"        gboolean
 *   "favourite"      gboolean
 *   "updated-at"     gint64        Unix time in seconds of the last local change
 *   "sync-problem"   string        what needs the person about this entry's sync:
 *                                  a change a site refused for good, or a change
 *                                  made on both sides that was settled (kept as a
 *                                  conflict record); NULL when all is well. Not a
 *                                  value of the entry: the store fills it on load,
 *                                  the sync engine keeps it current, and
 *                                  keika_list_entry_assign() leaves it alone.
 *
 * Rules (seed 001): progress is clamped to the anime's episode count when that
 * count is known; progress reaching a known count completes the entry; if the
 * entry was being rewatched, completing it ends the rewatch and counts it.
 * Setting status to completed with a known count fills progress to the count.
 * Notes longer than the limit are cut at the limit, on a character boundary.
 * Invalid dates are ignored (the property keeps its value) and the setter
 * returns FALSE. The setters do not touch "updated-at": keika_list_entry_touch()
 * does, called by whoever saves the change.
 */

KeikaListEntry     *keika_list_entry_new                (KeikaAnime         *anime);

gint64              keika_list_entry_get_id             (KeikaListEntry     *self);
void                keika_list_entry_set_id             (KeikaListEntry     *self,
                                                         gint64              id);
KeikaAnime         *keika_list_entry_get_anime          (KeikaListEntry     *self);
KeikaStatus         keika_list_entry_get_status         (KeikaListEntry     *self);
void                keika_list_entry_set_status         (KeikaListEntry     *self,
                                                         KeikaStatus         status);
guint               keika_list_entry_get_score          (KeikaListEntry     *self);
void                keika_list_entry_set_score          (KeikaListEntry     *self,
                                                         guint               score);
guint               keika_list_entry_get_progress       (KeikaListEntry     *self);
void                keika_list_entry_set_progress       (KeikaListEntry     *self,
                                                         guint               progress);
/* The status and the progress as the store or a site holds them. The rules
 * of keika_list_entry_set_status() and _set_progress() (the last episode
 * completes, completed fills the progress, the episode count caps the
 * progress) are for edits a person makes in Keika; a site may keep
 * "watching 12 / 12", or a progress past a count another site has not
 * caught up with, and Keika keeps what the site says as it says it. */
void                keika_list_entry_set_given_status   (KeikaListEntry     *self,
                                                         KeikaStatus         status);
void                keika_list_entry_set_given_progress (KeikaListEntry     *self,
                                                         guint               progress);
/* Adds one episode (respecting the rules above). Returns FALSE when the
 * progress is already at the known episode count. */
gboolean            keika_list_entry_increment_progress (KeikaListEntry     *self);
/* One episode less (never below 0), the status as it is; FALSE when
 * nothing changed. */
gboolean            keika_list_entry_decrement_progress (KeikaListEntry     *self);
gboolean            keika_list_entry_get_rewatching     (KeikaListEntry     *self);
void                keika_list_entry_set_rewatching     (KeikaListEntry     *self,
                                                         gboolean            rewatching);
guint               keika_list_entry_get_rewatch_count  (KeikaListEntry     *self);
void                keika_list_entry_set_rewatch_count  (KeikaListEntry     *self,
                                                         guint               count);
const char         *keika_list_entry_get_start_date     (KeikaListEntry     *self);
gboolean            keika_list_entry_set_start_date     (KeikaListEntry     *self,
                                                         const char         *date);
const char         *keika_list_entry_get_finish_date    (KeikaListEntry     *self);
gboolean            keika_list_entry_set_finish_date    (KeikaListEntry     *self,
                                                         const char         *date);
const char         *keika_list_entry_get_notes          (KeikaListEntry     *self);
void                keika_list_entry_set_notes          (KeikaListEntry     *self,
                                                         const char         *notes);
const char * const *keika_list_entry_get_tags           (KeikaListEntry     *self);
void                keika_list_entry_set_tags           (KeikaListEntry     *self,
                                                         const char * const *tags);
gboolean            keika_list_entry_get_private        (KeikaListEntry     *self);
void                keika_list_entry_set_private        (KeikaListEntry     *self,
                                                         gboolean            private_);
gboolean            keika_list_entry_get_favourite      (KeikaListEntry     *self);
void                keika_list_entry_set_favourite      (KeikaListEntry     *self,
                                                         gboolean            favourite);
gint64              keika_list_entry_get_updated_at     (KeikaListEntry     *self);
void                keika_list_entry_set_updated_at     (KeikaListEntry     *self,
                                                         gint64              updated_at);
const char         *keika_list_entry_get_sync_problem   (KeikaListEntry     *self);
void                keika_list_entry_set_sync_problem   (KeikaListEntry     *self,
                                                         const char         *problem);
/* Gives @self (and its anime) every value of @source (and its anime), ids
 * aside, in an order that lets the rules above end at @source's values.
 * Only what really changes is notified. */
/* Copies what keika_list_entry_matches() needs of the anime (building its
 * search key if need be), so that the first search does not have to. Done
 * again by the first search after an anime's titles or adult flag changed. */
void                keika_list_entry_prepare_search     (KeikaListEntry         *self);
/* Whether the entry's anime is one to show for @query (NULL: any), and
 * not adult unless @include_adult. */
gboolean            keika_list_entry_matches            (KeikaListEntry         *self,
                                                         const KeikaSearchQuery *query,
                                                         gboolean                include_adult);

/* Asks the processor to fetch what keika_list_entry_matches() and a list
 * model access read of each of the @n_entries entries into its caches, all
 * at once (see keika_library_prefetch()). */
void                keika_list_entries_prefetch         (KeikaListEntry * const *entries,
                                                         guint                   n_entries);

void                keika_list_entry_assign             (KeikaListEntry     *self,
                                                         KeikaListEntry     *source);
/* A copy with the same ids and values, and a copy of the anime, sharing
 * nothing with @self. (transfer full) */
KeikaListEntry     *keika_list_entry_dup                (KeikaListEntry     *self);
/* Sets "updated-at" to now. */
void                keika_list_entry_touch              (KeikaListEntry     *self);

/* For KeikaLibrary, which follows thousands of entries: a cheaper "notify"
 * than a signal handler per entry (g_signal_connect() costs about 1 µs).
 * @func runs for each notified property, just before the "notify" signal
 * is emitted, in the thread that changed the entry. The pair (@func,
 * @user_data) identifies the watch. */
typedef void      (*KeikaListEntryWatchFunc)            (KeikaListEntry     *entry,
                                                         GParamSpec         *pspec,
                                                         gpointer            user_data);
void                keika_list_entry_add_watch          (KeikaListEntry     *self,
                                                         KeikaListEntryWatchFunc func,
                                                         gpointer            user_data);
void                keika_list_entry_remove_watch       (KeikaListEntry     *self,
                                                         KeikaListEntryWatchFunc func,
                                                         gpointer            user_data);

G_END_DECLS
