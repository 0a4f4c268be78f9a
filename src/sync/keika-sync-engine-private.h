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

G_END_DECLS
