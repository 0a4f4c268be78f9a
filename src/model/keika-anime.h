/* keika-anime.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "keika-enums.h"
#include "keika-search.h"
#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_ANIME (keika_anime_get_type ())

G_DECLARE_FINAL_TYPE (KeikaAnime, keika_anime, KEIKA, ANIME, GObject)

/* Properties (all G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY, notified only on
 * real change):
 *   "id"             gint64   local row id in the store, 0 until stored
 *   "title-romaji"   string   never NULL once set; "" by default
 *   "title-english"  string   may be NULL
 *   "title-native"   string   may be NULL
 *   "synonyms"       GStrv    may be NULL
 *   "mal-id", "anilist-id", "kitsu-id", "anitrack-id"   gint64, 0 = unknown
 *   "format"         KeikaFormat
 *   "episodes"       guint    0 = unknown
 *   "airing-status"  KeikaAiringStatus
 *   "season"         KeikaSeason
 *   "season-year"    guint    0 = unknown
 *   "cover-url"      string   may be NULL
 *   "genres"         GStrv    may be NULL
 *   "adult"          gboolean
 */

KeikaAnime         *keika_anime_new                  (const char          *title_romaji);

gint64              keika_anime_get_id               (KeikaAnime          *self);
void                keika_anime_set_id               (KeikaAnime          *self,
                                                      gint64               id);
const char         *keika_anime_get_title_romaji     (KeikaAnime          *self);
void                keika_anime_set_title_romaji     (KeikaAnime          *self,
                                                      const char          *title);
const char         *keika_anime_get_title_english    (KeikaAnime          *self);
void                keika_anime_set_title_english    (KeikaAnime          *self,
                                                      const char          *title);
const char         *keika_anime_get_title_native     (KeikaAnime          *self);
void                keika_anime_set_title_native     (KeikaAnime          *self,
                                                      const char          *title);
/* The title in @language, falling back to romaji when that one is empty. */
const char         *keika_anime_get_title            (KeikaAnime          *self,
                                                      KeikaTitleLanguage   language);
const char * const *keika_anime_get_synonyms         (KeikaAnime          *self);
void                keika_anime_set_synonyms         (KeikaAnime          *self,
                                                      const char * const  *synonyms);
/* Per-site id; KEIKA_SITE_ANIMETHEMES has none and always gives 0. */
gint64              keika_anime_get_site_id          (KeikaAnime          *self,
                                                      KeikaSite            site);
void                keika_anime_set_site_id          (KeikaAnime          *self,
                                                      KeikaSite            site,
                                                      gint64               id);
KeikaFormat         keika_anime_get_format           (KeikaAnime          *self);
void                keika_anime_set_format           (KeikaAnime          *self,
                                                      KeikaFormat          format);
guint               keika_anime_get_episodes         (KeikaAnime          *self);
void                keika_anime_set_episodes         (KeikaAnime          *self,
                                                      guint                episodes);
KeikaAiringStatus   keika_anime_get_airing_status    (KeikaAnime          *self);
void                keika_anime_set_airing_status    (KeikaAnime          *self,
                                                      KeikaAiringStatus    airing_status);
KeikaSeason         keika_anime_get_season           (KeikaAnime          *self);
void                keika_anime_set_season           (KeikaAnime          *self,
                                                      KeikaSeason          season);
guint               keika_anime_get_season_year      (KeikaAnime          *self);
void                keika_anime_set_season_year      (KeikaAnime          *self,
                                                      guint                year);
const char         *keika_anime_get_cover_url        (KeikaAnime          *self);
void                keika_anime_set_cover_url        (KeikaAnime          *self,
                                                      const char          *cover_url);
const char * const *keika_anime_get_genres           (KeikaAnime          *self);
void                keika_anime_set_genres           (KeikaAnime          *self,
                                                      const char * const  *genres);
gboolean            keika_anime_get_adult            (KeikaAnime          *self);
void                keika_anime_set_adult            (KeikaAnime          *self,
                                                      gboolean             adult);

/* "TV · 12 episodes · Spring 2023", leaving out what is unknown. (transfer full) */
char               *keika_anime_dup_summary          (KeikaAnime          *self);

/* Every title variant and synonym, normalised (NFKD, accents removed,
 * case-folded) and joined with '\n'. Cached; rebuilt when a title changes. */
const char         *keika_anime_get_search_key       (KeikaAnime          *self);
/* g_utf8_collate_key() of keika_anime_get_title (@language), for sorting
 * by title. Cached for the last language asked; rebuilt when a title
 * changes. */
const char         *keika_anime_get_collate_key      (KeikaAnime          *self,
                                                      KeikaTitleLanguage   language);
/* keika_search_mask() of the search key. */
guint64             keika_anime_get_search_mask      (KeikaAnime          *self);
/* Changes whenever a search key that had been read, or the adult flag of an
 * anime whose key had been read, changes: what was copied from them under
 * another generation is stale. */
guint               keika_anime_get_search_generation (void);

G_END_DECLS
