/* keika-application.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "keika-library.h"
#include "keika-store.h"
#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_APPLICATION (keika_application_get_type ())

G_DECLARE_FINAL_TYPE (KeikaApplication, keika_application, KEIKA, APPLICATION, AdwApplication)

KeikaApplication *keika_application_new          (void);
/* (nullable): NULL when the library could not be opened */
KeikaStore       *keika_application_get_store    (KeikaApplication *self);
KeikaLibrary     *keika_application_get_library  (KeikaApplication *self);
/* TRUE while the library is read at start-up. */
gboolean          keika_application_get_loading  (KeikaApplication *self);
/* Why the store could not be opened, or NULL. */
const GError     *keika_application_get_store_error (KeikaApplication *self);

G_END_DECLS
