/* keika-fake-same-list.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-fake-anilist.h"
#include "keika-fake-kitsu.h"
#include "keika-fake-mal.h"
#include "keika-fake-sites.h"

G_BEGIN_DECLS

void keika_fake_sites_copy_anilist_list (KeikaFakeSites *self,
                                         const char     *anilist_user,
                                         const char     *mal_user,
                                         const char     *kitsu_user,
                                         guint           drift_every,
                                         guint          *n_mal,
                                         guint          *n_kitsu);

G_END_DECLS
