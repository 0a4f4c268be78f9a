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

G_END_DECLS
