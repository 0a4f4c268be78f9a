/* keika-sync-engine.h — pull, three-way merge and push for one profile
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "keika-sites.h"
#include "keika-store.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_SYNC_ENGINE (keika_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (KeikaSyncEngine, keika_sync_engine, KEIKA, SYNC_ENGINE, GObject)

/* Keeps one claimed profile in step with its site.
 *
 * Push: every pending journal row of the profile goes out on its own, oldest
 * first, one request each. Success deletes the row and advances the link's
 * snapshot to what the site answered. A transient failure (offline, timeout,
 * 5xx, rate limited, signed out) leaves the row for the next push; a
 * permanent one (404 on update, 400 rejected) marks it failed, with the
 * message, and it is not pushed again until retried.
 *
 * Pull: all pages are gathered, then merged in a worker thread on its own
 * store connection, in ONE transaction: a failed or cancelled pull changes
 * nothing. Three-way merge against the link's snapshot, field by field:
 * changed on the site only → applied; changed here only → kept (its journal
 * row pushes it); changed on both to different values → the newer change
 * (site updated_at against the entry's updated_at and its journal rows'
 * times) wins and both sides are kept as a conflict record. Entries new on
 * the site are added (anime matched by site id). A complete full pull also
 * removes locally the entries linked to this profile that the site no
 * longer has, unless they have a pending local change (then the push adds
 * them again: a local edit beats a remote delete). The live library gets
 * the result in one batch on the main thread.
 *
 * "progress" (done, total): during a pull, entries received (total 0 while
 * unknown) then merged; during a push, rows handled of all. */

KeikaSyncEngine *keika_sync_engine_new          (KeikaStore          *store,
                                                 KeikaLibrary        *library,
                                                 KeikaProfile        *profile,
                                                 KeikaSiteService    *site);

void             keika_sync_engine_push_async   (KeikaSyncEngine     *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* TRUE when every pending row went out; else the first error (rows not
 * pushed stay in the journal). @n_pushed, @n_failed: (optional) */
gboolean         keika_sync_engine_push_finish  (KeikaSyncEngine     *self,
                                                 GAsyncResult        *result,
                                                 guint               *n_pushed,
                                                 guint               *n_failed,
                                                 GError             **error);

/* @full: pull the whole list (and see deletions); else only the changes
 * since the profile's synced-at. */
void             keika_sync_engine_pull_async   (KeikaSyncEngine     *self,
                                                 gboolean             full,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         keika_sync_engine_pull_finish  (KeikaSyncEngine     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Problems that need the person
 *
 * A change the site refused for good (a failed journal row) and a change
 * made on both sides (a conflict record) show on the live entry as its
 * "sync-problem". The engine sets them after every push and pull;
 * keika_sync_engine_update_problems() reads them from the store again (at
 * start-up). The actions below each act in one transaction and update the
 * entry's problem; none of them talks to the site (a retried change goes
 * out with the next push). */
void             keika_sync_engine_update_problems   (KeikaSyncEngine  *self);
/* Why the site refused the entry's change, or NULL. (transfer full) */
char            *keika_sync_engine_dup_refusal       (KeikaSyncEngine  *self,
                                                      gint64            entry_id);
/* What the site said about each field of the entry's refused change:
 * KeikaEntryFields (one field, GUINT_TO_POINTER) → its words, or NULL.
 * (transfer full) (nullable) */
GHashTable      *keika_sync_engine_dup_refused_fields (KeikaSyncEngine *self,
                                                       gint64           entry_id);
/* The entry's conflicts with this engine's site, oldest first.
 * (transfer full) (element-type KeikaConflict) */
GPtrArray       *keika_sync_engine_list_conflicts    (KeikaSyncEngine  *self,
                                                      gint64            entry_id,
                                                      GError          **error);
/* Sends the refused change again with the next push. */
gboolean         keika_sync_engine_retry_entry       (KeikaSyncEngine  *self,
                                                      gint64            entry_id,
                                                      GError          **error);
/* The person chose the site's anime for an entry the site had no match
 * for ("Not on AniList yet"): @site_anime_id is kept as the anime's id on
 * the engine's site, and the entry's changes go to it with the next push. */
gboolean         keika_sync_engine_map_entry         (KeikaSyncEngine  *self,
                                                      gint64            entry_id,
                                                      gint64            site_anime_id,
                                                      GError          **error);
/* For an entry with a refused change: drops it, and every other change of
 * the entry waiting for this site, and sets the entry back to what the site
 * last had (when it was ever synced). Nothing to do without one. */
gboolean         keika_sync_engine_discard_entry     (KeikaSyncEngine  *self,
                                                      gint64            entry_id,
                                                      GError          **error);
/* Keeps the entry here only: its link to the site, waiting changes and
 * conflicts go. */
gboolean         keika_sync_engine_unlink_entry      (KeikaSyncEngine  *self,
                                                      gint64            entry_id,
                                                      GError          **error);
/* An entry gone from the site: sent there again, whole. */
gboolean         keika_sync_engine_add_back_entry    (KeikaSyncEngine  *self,
                                                      gint64            entry_id,
                                                      GError          **error);
/* Forgets the entry's conflicts (the person has seen what was kept). */
gboolean         keika_sync_engine_dismiss_conflicts (KeikaSyncEngine  *self,
                                                      gint64            entry_id,
                                                      GError          **error);
KeikaProfile    *keika_sync_engine_get_profile       (KeikaSyncEngine  *self);

/* A snapshot or a side of a conflict back as values; only the fields in
 * "known" are meaningful. NULL when @json is NULL or not a snapshot.
 * (transfer full) */
KeikaRemoteEntry *keika_sync_snapshot_parse          (const char       *json,
                                                      gint64            anime_id);
/* The known list fields of @values as a JSON object (a snapshot).
 * (transfer full) */
char             *keika_sync_snapshot_to_json        (const KeikaRemoteEntry *values);

G_END_DECLS
