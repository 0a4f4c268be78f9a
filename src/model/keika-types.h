/* keika-types.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KeikaAnime          KeikaAnime;
typedef struct _KeikaApplication    KeikaApplication;
typedef struct _KeikaEntryEditor    KeikaEntryEditor;
typedef struct _KeikaEntryRow       KeikaEntryRow;
typedef struct _KeikaLibrary        KeikaLibrary;
typedef struct _KeikaListEntry      KeikaListEntry;
typedef struct _KeikaProfile        KeikaProfile;
typedef struct _KeikaSearchQuery    KeikaSearchQuery;
typedef struct _KeikaStore          KeikaStore;
typedef struct _KeikaWindow         KeikaWindow;

G_END_DECLS
