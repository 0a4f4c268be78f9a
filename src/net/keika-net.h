/* keika-net.h — the network layer: include this
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-error.h"
#include "keika-http-client.h"
#include "keika-http-request.h"
#include "keika-http-response.h"
#include "keika-oauth.h"
#include "keika-secret.h"
