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

/* The journal's field names ("status,rewatch-count") as a mask. */
KeikaEntryFields keika_sync_fields_from_names   (const char          *names);

G_END_DECLS
