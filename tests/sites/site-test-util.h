/* site-test-util.h — what the tests of the sites share
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-sites.h"

G_BEGIN_DECLS

/* @error (a refused push) names @field, and what the site said of it holds
 * @words; no other field is named. */
void  site_test_assert_refused_field  (gpointer          site,
                                       const GError     *error,
                                       KeikaEntryFields  field,
                                       const char       *words);

G_END_DECLS
