/* keika-anime-private.h — shared by the anime's source files
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-anime.h"

G_BEGIN_DECLS

/* A library holds thousands of anime, so their strings are packed: every
 * title, the cover address, the synonyms and the arrays of pointers live in
 * one allocation (@strings); genres, which a library repeats over and over,
 * are interned and only their array is in @strings. A packed anime costs one
 * allocation where it used to cost a dozen. A field given its first value
 * (what the store does for every anime it reads) goes at the end of the
 * block, which grows in place; any other change packs the whole again (see
 * pack_strings() in keika-anime-strings.c), so that no replaced value stays
 * behind: such changes are rare. */
struct _KeikaAnime
{
  GObject              parent_instance;

  gint64               id;
  gint64               site_ids[KEIKA_N_SITES - 1];  /* AnimeThemes has none */

  char                *strings;        /* (owned) (nullable) what the fields below point into */
  const char          *title_romaji;   /* never NULL: in @strings or keika_anime_no_title */
  const char          *title_english;  /* (nullable) in @strings */
  const char          *title_native;   /* (nullable) in @strings */
  const char          *cover_url;      /* (nullable) in @strings */
  const char * const  *synonyms;       /* (nullable) never empty; array and strings in @strings */
  const char * const  *genres;         /* (nullable) never empty; array in @strings, interned strings */

  char                *search_key;     /* (owned) (nullable) cache, NULL when stale */
  guint64              search_mask;    /* keika_search_mask() of @search_key */
  char                *collate_key;    /* (owned) (nullable) cache for collate_language,
                                        * NULL when stale */

  KeikaFormat          format;
  guint                episodes;
  KeikaAiringStatus    airing_status;
  KeikaSeason          season;
  guint                season_year;
  guint                adult : 1;
  guint                collate_language : 2;  /* KeikaTitleLanguage */
  guint                strings_size : 29;     /* bytes of @strings in use; 0 if unknown */
};

/* site_ids has no room for AnimeThemes, the last site. */
G_STATIC_ASSERT (KEIKA_SITE_ANIMETHEMES == KEIKA_N_SITES - 1);

/* The string block (keika-anime-strings.c). */

/* The romaji title when there is none (outside any block). */
extern const char keika_anime_no_title[];

/* Gives the string field @field of @self (one of its titles or the cover
 * address) the value @value, different from the current one. */
void keika_anime_set_string_field (KeikaAnime          *self,
                                   const char         **field,
                                   const char          *value);
/* Like keika_anime_set_string_field() for the arrays (the synonyms or the
 * genres); @value is NULL or not empty. */
void keika_anime_set_strv_field   (KeikaAnime          *self,
                                   const char * const **field,
                                   const char * const  *value);

G_END_DECLS
