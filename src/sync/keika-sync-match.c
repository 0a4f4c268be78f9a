/* keika-sync-match.c — which library entry a site's entry is
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * By the anime's id on the site, else by its ids on the other sites as the
 * site gives them (AniList's idMal, Kitsu's mappings); never by title. A
 * pull of a few changes asks the store for each; a pull of a whole list
 * reads each site's ids once and matches in memory (two queries an entry
 * were a tenth of a first link's time).
 */

#define G_LOG_DOMAIN "KeikaSync"

#include "config.h"

#include "keika-sync-engine-private.h"

#define N_MATCH_SITES (KEIKA_SITE_ANITRACK + 1)

struct _KeikaSyncMatcher
{
  KeikaStore *store;                 /* (unowned) */
  KeikaSite   site;
  gboolean    bulk;
  GHashTable *by_site[N_MATCH_SITES]; /* (nullable) (element-type KeikaSiteIdPair) by site id,
                                      * read when first needed */
};

KeikaSyncMatcher *
keika_sync_matcher_new (KeikaStore *store,
                        KeikaSite   site,
                        gboolean    bulk)
{
  KeikaSyncMatcher *self = g_new0 (KeikaSyncMatcher, 1);

  self->store = store;
  self->site = site;
  self->bulk = bulk;

  return self;
}

void
keika_sync_matcher_free (KeikaSyncMatcher *self)
{
  for (guint i = 0; i < N_MATCH_SITES; i++)
    g_clear_pointer (&self->by_site[i], g_hash_table_unref);
  g_free (self);
}

static GHashTable *
site_map (KeikaSyncMatcher  *self,
          KeikaSite          site,
          GError           **error)
{
  g_autoptr(GArray) pairs = NULL;
  GHashTable *map;

  if (self->by_site[site] != NULL)
    return self->by_site[site];

  if (!(pairs = keika_store_list_entry_site_ids (self->store, site, error)))
    return NULL;
  map = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < pairs->len; i++)
    {
      KeikaSiteIdPair *pair = &g_array_index (pairs, KeikaSiteIdPair, i);

      g_hash_table_insert (map, g_memdup2 (pair, sizeof *pair), NULL);
    }
  self->by_site[site] = map;

  return map;
}

/* 0 when none; -1 with @error. */
static gint64
find_one (KeikaSyncMatcher  *self,
          KeikaSite          site,
          gint64             site_id,
          GError           **error)
{
  GHashTable *map;
  gpointer pair = NULL;

  if (!self->bulk)
    {
      gint64 entry_id = keika_store_find_entry_by_site_id (self->store, site, site_id, error);

      return error != NULL && *error != NULL ? -1 : entry_id;
    }

  if (!(map = site_map (self, site, error)))
    return -1;
  /* The keys are pairs, hashed by their first member, the site id. */
  if (!g_hash_table_lookup_extended (map, &site_id, &pair, NULL))
    return 0;

  return ((KeikaSiteIdPair *) pair)->entry_id;
}

gint64
keika_sync_matcher_find (KeikaSyncMatcher        *self,
                         const KeikaRemoteEntry  *remote,
                         GError                 **error)
{
  gint64 entry_id = find_one (self, self->site, remote->anime_id, error);

  /* -1 (an error) ends the search too. */
  for (guint site = 0; entry_id == 0 && site < N_MATCH_SITES; site++)
    if (site != self->site && remote->site_ids[site] > 0)
      entry_id = find_one (self, site, remote->site_ids[site], error);

  return entry_id;
}

void
keika_sync_matcher_add (KeikaSyncMatcher *self,
                        KeikaSite         site,
                        gint64            site_id,
                        gint64            entry_id)
{
  KeikaSiteIdPair pair = { site_id, entry_id };

  g_return_if_fail (site < N_MATCH_SITES);

  /* A map not read yet will read it from the store. */
  if (site_id > 0 && self->by_site[site] != NULL)
    g_hash_table_replace (self->by_site[site], g_memdup2 (&pair, sizeof pair), NULL);
}
