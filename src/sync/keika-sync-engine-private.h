/* keika-sync-engine-private.h — shared by the engine's source files
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-sync-engine.h"

G_BEGIN_DECLS

struct _KeikaSyncEngine
{
  GObject           parent_instance;

  KeikaStore       *store;    /* (owned) main-thread connection */
  KeikaLibrary     *library;  /* (owned) */
  KeikaProfile     *profile;  /* (owned) */
  KeikaSiteService *site;     /* (owned) */

  /* Ids of the live entries this engine gave a "sync-problem". */
  GHashTable       *flagged;  /* (owned) (element-type gint64 gint64) */
};

static inline gint64
keika_sync_now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The fields known in both whose values differ. */
KeikaEntryFields keika_sync_fields_differ    (const KeikaRemoteEntry *a,
                                              const KeikaRemoteEntry *b);
/* The fields the site holds as the library has them (@site_values, its
 * last known values): the same, or as the site keeps them (a score
 * rounded down or up to its scale, a partial date made whole); a push does
 * not send those. */
KeikaEntryFields keika_sync_site_holds       (const KeikaRemoteEntry *local,
                                              const KeikaRemoteEntry *site_values,
                                              KeikaSite               site);
/* Of the fields that @differ between the library's entry and the site's on
 * a first link (no snapshot), those that are the same list all the same:
 * one value as a coarser site keeps it (a score rounded, a partial date
 * made whole), or a value on one side only. Sets @take_remote to those
 * where the site's value is the one to keep, and @fill_site to those the
 * site has none of, to be sent to it (in keika-sync-first-link.c). */
KeikaEntryFields keika_sync_first_link_agree (const KeikaRemoteEntry *local,
                                              const KeikaRemoteEntry *remote,
                                              KeikaEntryFields        differ,
                                              KeikaEntryFields       *take_remote,
                                              KeikaEntryFields       *fill_site);

/* Which library entry a site's entry is (keika-sync-match.c): by its ids
 * only. @bulk: a whole list, matched in memory. */
typedef struct _KeikaSyncMatcher KeikaSyncMatcher;

KeikaSyncMatcher *keika_sync_matcher_new  (KeikaStore             *store,
                                           KeikaSite               site,
                                           gboolean                bulk);
void              keika_sync_matcher_free (KeikaSyncMatcher       *self);
/* The entry's id, 0 when there is none, -1 with @error. */
gint64            keika_sync_matcher_find (KeikaSyncMatcher       *self,
                                           const KeikaRemoteEntry *remote,
                                           GError                **error);
/* What the merge adds or learns: the entry of the anime @site_id on @site. */
void              keika_sync_matcher_add  (KeikaSyncMatcher       *self,
                                           KeikaSite               site,
                                           gint64                  site_id,
                                           gint64                  entry_id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaSyncMatcher, keika_sync_matcher_free)

/* Emits "progress" (in keika-sync-engine.c, which owns the signal). */
void keika_sync_engine_emit_progress (KeikaSyncEngine *self,
                                      guint            done,
                                      guint            total);

/* The failed rows and conflicts of a profile, as entry id → message (any
 * thread, with that thread's store). (transfer full) */
GHashTable *keika_sync_read_problems        (KeikaStore      *store,
                                             gint64           profile_id,
                                             KeikaSite        site,
                                             GError         **error);
/* Marks the live entries with the problems read (main thread). */
void        keika_sync_engine_apply_problems (KeikaSyncEngine *self,
                                             GHashTable      *problems);

/* The site's words on each refused field (keika_site_service_dup_refused_fields())
 * as the journal keeps them: a JSON object of field names, or NULL. */
char       *keika_sync_refused_fields_to_json  (GHashTable *fields);

/* What the merge of a pull needs of each page, made while the next page is
 * on its way (keika-sync-prepare.c). The pages are added in order on the
 * main thread; after keika_sync_prepare_wait() (in the merge's worker), the
 * prepared values are read by the index of the entry among all the pages'.
 */
typedef struct _KeikaSyncPrepare KeikaSyncPrepare;

KeikaSyncPrepare *keika_sync_prepare_new          (const char        *store_path,
                                                   KeikaSite          site);
void              keika_sync_prepare_add_page     (KeikaSyncPrepare  *self,
                                                   GPtrArray         *entries);
void              keika_sync_prepare_wait         (KeikaSyncPrepare  *self);
/* The entry's snapshot (keika_sync_snapshot_to_json()). (nullable) (transfer none) */
const char       *keika_sync_prepare_get_snapshot (KeikaSyncPrepare  *self,
                                                   guint              index);
/* The library entry made for it, when the library did not seem to have
 * it. (nullable) (transfer full) */
KeikaListEntry   *keika_sync_prepare_take_entry   (KeikaSyncPrepare  *self,
                                                   guint              index);
void              keika_sync_prepare_free         (KeikaSyncPrepare  *self);

G_END_DECLS
