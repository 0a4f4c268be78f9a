/* keika-sync-problem-group.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "keika-enums.h"
#include "keika-list-entry.h"
#include "keika-sync-engine.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_SYNC_PROBLEM_GROUP (keika_sync_problem_group_get_type ())

G_DECLARE_FINAL_TYPE (KeikaSyncProblemGroup, keika_sync_problem_group, KEIKA, SYNC_PROBLEM_GROUP,
                      AdwPreferencesGroup)

/* Shows, while @entry has a "sync-problem", what @engine's site refused or
 * which side of a conflict was kept, with what the person can do about it
 * (buttons for the app.retry-change, app.discard-change, app.unlink-entry
 * and app.dismiss-conflicts actions). Hidden otherwise, and without an
 * engine (not signed in). Scores are shown in @format. */
void keika_sync_problem_group_set_entry (KeikaSyncProblemGroup *self,
                                         KeikaSyncEngine       *engine,
                                         KeikaListEntry        *entry,
                                         KeikaScoreFormat       format);

/* A list field's name, as the editor labels it ("Episodes watched"), or
 * NULL for one the editor does not show. */
const char *keika_sync_problem_group_field_label (KeikaEntryFields field);

G_END_DECLS
