/* keika-search.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "keika-types.h"

G_BEGIN_DECLS

/* Normalises a user's query the same way as the search key
 * (keika_anime_get_search_key()). (transfer full) */
char               *keika_normalize_for_search       (const char          *text);

/* A 64-bit summary of which bytes occur in @text: text that holds a query
 * holds every byte of it, so (mask (text) & mask (query)) == mask (query).
 * Letters, digits and space each have a bit of their own. */
guint64             keika_search_mask                (const char          *text);

/* What the user searches for, prepared once for testing thousands of anime
 * (keika_list_entry_matches()). */
struct _KeikaSearchQuery
{
  char    *text;          /* normalised (keika_normalize_for_search()), never "" */
  guint64  mask;          /* keika_search_mask (text) */
  gboolean mask_decides;  /* the mask alone tells whether a key holds it */
};

/* NULL when @text normalises to nothing (it then matches everything). */
KeikaSearchQuery   *keika_search_query_new           (const char             *text);
void                keika_search_query_free          (KeikaSearchQuery       *query);
/* Whether everything @query matches is matched by @than (NULL: everything)
 * too, as when one more character is typed. */
gboolean            keika_search_query_narrows       (const KeikaSearchQuery *query,
                                                      const KeikaSearchQuery *than);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaSearchQuery, keika_search_query_free)

G_END_DECLS
