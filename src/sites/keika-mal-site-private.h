/* keika-mal-site-private.h — MAL internals for tests and benchmarks
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "keika-mal-site.h"

G_BEGIN_DECLS

/* The fields= of a list request. */
#define KEIKA_MAL_LIST_FIELDS \
  "list_status{status,score,num_episodes_watched,is_rewatching,start_date,finish_date," \
  "priority,num_times_rewatched,tags,comments,updated_at}," \
  "num_episodes,media_type,status,alternative_titles,main_picture,start_season,genres,nsfw"

/* Converts one parsed list page. Entries older than @since (> 0) end the
 * conversion and set *@stop; *@next gets paging.next or NULL. Fails with
 * KEIKA_ERROR_MALFORMED when the page has the wrong shape.
 * (transfer full) (element-type KeikaRemoteEntry) */
GPtrArray *keika_mal_parse_list_page   (JsonNode      *root,
                                        gint64         since,
                                        char         **next,
                                        gboolean      *stop,
                                        GError       **error);

/* Uses these tokens (in memory only, not stored) as if loaded from the
 * keyring; expires_at in Unix seconds. For tests without a keyring. */
void       keika_mal_site_set_tokens   (KeikaMalSite  *self,
                                        const char    *access_token,
                                        const char    *refresh_token,
                                        gint64         expires_at);

G_END_DECLS
