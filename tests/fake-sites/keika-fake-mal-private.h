/* keika-fake-mal-private.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-fake-mal.h"

G_BEGIN_DECLS

KeikaFakeMal       *keika_fake_mal_new                  (KeikaFakeSites    *sites);

G_END_DECLS
