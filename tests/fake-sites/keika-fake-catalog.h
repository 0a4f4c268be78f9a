/* keika-fake-catalog.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-fake-sites.h"

G_BEGIN_DECLS

/* One anime catalogue for every fake site, so that the same anime has the
 * same ids everywhere: its MyAnimeList id is its AniList Media.idMal, and so
 * on. The fake sites start with a built-in catalogue of well-known anime
 * (MyAnimeList and AniList ids as on the real sites, Kitsu and AniTrack ids
 * the fake's own) plus one anime only AniList has (id 171018); tests add
 * more with keika_fake_sites_add_catalog_anime() or
 * keika_fake_sites_generate_catalog().
 */

/**
 * KeikaFakeCatalogAnime:
 *
 * An anime as every site knows it. An id of 0: the site does not have it.
 * Titles are AniList's (MyAnimeList's title is the romaji, its English
 * title the english, its Japanese title the native). format and status are
 * AniList's enum names; MyAnimeList's media_type and status follow from them.
 */
typedef struct
{
  gint64              mal_id;
  gint64              anilist_id;
  gint64              kitsu_id;
  gint64              anitrack_id;
  const char         *romaji;
  const char         *english;          /* (nullable) */
  const char         *native;           /* (nullable) */
  const char * const *synonyms;         /* (nullable) */
  const char         *format;           /* TV, TV_SHORT, MOVIE, SPECIAL, OVA, ONA, MUSIC;
                                         * NULL: TV */
  guint               mal_episodes;     /* 0: unknown */
  guint               anilist_episodes; /* 0: unknown; may differ from MyAnimeList's */
  const char         *status;           /* FINISHED, RELEASING, NOT_YET_RELEASED, CANCELLED,
                                         * HIATUS; NULL: FINISHED */
  const char         *season;           /* (nullable) WINTER, SPRING, SUMMER, FALL */
  guint               year;             /* 0: unknown */
  const char * const *genres;           /* (nullable) */
  gboolean            adult;
  guint               next_episode;     /* AniList's nextAiringEpisode.episode; 0: none */
} KeikaFakeCatalogAnime;

void                keika_fake_sites_add_catalog_anime  (KeikaFakeSites              *self,
                                                         const KeikaFakeCatalogAnime *anime);
void                keika_fake_sites_generate_catalog   (KeikaFakeSites              *self,
                                                         guint                        n_anime,
                                                         guint32                      seed);
GPtrArray          *keika_fake_sites_get_catalog        (KeikaFakeSites              *self);
const KeikaFakeCatalogAnime *keika_fake_sites_find_catalog_anime (KeikaFakeSites     *self,
                                                         const char                  *site,
                                                         gint64                       id);

G_END_DECLS
