/* keika-sites.h — the sites layer: include this
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-anilist-site.h"
#include "keika-anitrack-site.h"
#include "keika-kitsu-site.h"
#include "keika-mal-site.h"
#include "keika-remote-entry.h"
#include "keika-site-service.h"
