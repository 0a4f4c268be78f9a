/* keika-anime.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaModel"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "keika-anime-private.h"
#include "keika-enum-types.h"
#include "keika-search-private.h"

G_DEFINE_FINAL_TYPE (KeikaAnime, keika_anime, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE_ROMAJI,
  PROP_TITLE_ENGLISH,
  PROP_TITLE_NATIVE,
  PROP_SYNONYMS,
  PROP_MAL_ID,
  PROP_ANILIST_ID,
  PROP_KITSU_ID,
  PROP_ANITRACK_ID,
  PROP_FORMAT,
  PROP_EPISODES,
  PROP_AIRING_STATUS,
  PROP_SEASON,
  PROP_SEASON_YEAR,
  PROP_COVER_URL,
  PROP_GENRES,
  PROP_ADULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
site_to_prop (KeikaSite site)
{
  switch (site)
    {
    case KEIKA_SITE_MAL:
      return PROP_MAL_ID;
    case KEIKA_SITE_ANILIST:
      return PROP_ANILIST_ID;
    case KEIKA_SITE_KITSU:
      return PROP_KITSU_ID;
    case KEIKA_SITE_ANITRACK:
      return PROP_ANITRACK_ID;
    case KEIKA_SITE_ANIMETHEMES:
    default:
      return PROP_0;
    }
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strv_equal (a, b);
}

/* An empty array is stored as NULL. */
static const char * const *
nonempty_strv (const char * const *strv)
{
  return strv != NULL && strv[0] != NULL ? strv : NULL;
}

/* Counts changes to what a search looks at (search keys and adult flags) of
 * anime whose search key has been read: copies of it, such as the one
 * keika_list_entry_matches() keeps, are good while it stays the same. Anime
 * that nobody searched yet, like those a worker builds, do not count. */
static guint search_generation = 1;

guint
keika_anime_get_search_generation (void)
{
  return (guint) g_atomic_int_get (&search_generation);
}

static void
forget_search_key (KeikaAnime *self)
{
  if (self->search_key == NULL)
    return;

  g_clear_pointer (&self->search_key, g_free);
  g_atomic_int_inc (&search_generation);
}

static void
keika_anime_finalize (GObject *object)
{
  KeikaAnime *self = (KeikaAnime *) object;

  g_clear_pointer (&self->strings, g_free);
  g_clear_pointer (&self->search_key, g_free);
  g_clear_pointer (&self->collate_key, g_free);

  G_OBJECT_CLASS (keika_anime_parent_class)->finalize (object);
}

static void
keika_anime_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KeikaAnime *self = KEIKA_ANIME (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_TITLE_ROMAJI:
      g_value_set_string (value, self->title_romaji);
      break;

    case PROP_TITLE_ENGLISH:
      g_value_set_string (value, self->title_english);
      break;

    case PROP_TITLE_NATIVE:
      g_value_set_string (value, self->title_native);
      break;

    case PROP_SYNONYMS:
      g_value_set_boxed (value, self->synonyms);
      break;

    case PROP_MAL_ID:
      g_value_set_int64 (value, self->site_ids[KEIKA_SITE_MAL]);
      break;

    case PROP_ANILIST_ID:
      g_value_set_int64 (value, self->site_ids[KEIKA_SITE_ANILIST]);
      break;

    case PROP_KITSU_ID:
      g_value_set_int64 (value, self->site_ids[KEIKA_SITE_KITSU]);
      break;

    case PROP_ANITRACK_ID:
      g_value_set_int64 (value, self->site_ids[KEIKA_SITE_ANITRACK]);
      break;

    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    case PROP_EPISODES:
      g_value_set_uint (value, self->episodes);
      break;

    case PROP_AIRING_STATUS:
      g_value_set_enum (value, self->airing_status);
      break;

    case PROP_SEASON:
      g_value_set_enum (value, self->season);
      break;

    case PROP_SEASON_YEAR:
      g_value_set_uint (value, self->season_year);
      break;

    case PROP_COVER_URL:
      g_value_set_string (value, self->cover_url);
      break;

    case PROP_GENRES:
      g_value_set_boxed (value, self->genres);
      break;

    case PROP_ADULT:
      g_value_set_boolean (value, self->adult);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_anime_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KeikaAnime *self = KEIKA_ANIME (object);

  switch (prop_id)
    {
    case PROP_ID:
      keika_anime_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_TITLE_ROMAJI:
      keika_anime_set_title_romaji (self, g_value_get_string (value));
      break;

    case PROP_TITLE_ENGLISH:
      keika_anime_set_title_english (self, g_value_get_string (value));
      break;

    case PROP_TITLE_NATIVE:
      keika_anime_set_title_native (self, g_value_get_string (value));
      break;

    case PROP_SYNONYMS:
      keika_anime_set_synonyms (self, g_value_get_boxed (value));
      break;

    case PROP_MAL_ID:
      keika_anime_set_site_id (self, KEIKA_SITE_MAL, g_value_get_int64 (value));
      break;

    case PROP_ANILIST_ID:
      keika_anime_set_site_id (self, KEIKA_SITE_ANILIST, g_value_get_int64 (value));
      break;

    case PROP_KITSU_ID:
      keika_anime_set_site_id (self, KEIKA_SITE_KITSU, g_value_get_int64 (value));
      break;

    case PROP_ANITRACK_ID:
      keika_anime_set_site_id (self, KEIKA_SITE_ANITRACK, g_value_get_int64 (value));
      break;

    case PROP_FORMAT:
      keika_anime_set_format (self, g_value_get_enum (value));
      break;

    case PROP_EPISODES:
      keika_anime_set_episodes (self, g_value_get_uint (value));
      break;

    case PROP_AIRING_STATUS:
      keika_anime_set_airing_status (self, g_value_get_enum (value));
      break;

    case PROP_SEASON:
      keika_anime_set_season (self, g_value_get_enum (value));
      break;

    case PROP_SEASON_YEAR:
      keika_anime_set_season_year (self, g_value_get_uint (value));
      break;

    case PROP_COVER_URL:
      keika_anime_set_cover_url (self, g_value_get_string (value));
      break;

    case PROP_GENRES:
      keika_anime_set_genres (self, g_value_get_boxed (value));
      break;

    case PROP_ADULT:
      keika_anime_set_adult (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_anime_class_init (KeikaAnimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keika_anime_finalize;
  object_class->get_property = keika_anime_get_property;
  object_class->set_property = keika_anime_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE_ROMAJI] =
    g_param_spec_string ("title-romaji", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE_ENGLISH] =
    g_param_spec_string ("title-english", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE_NATIVE] =
    g_param_spec_string ("title-native", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SYNONYMS] =
    g_param_spec_boxed ("synonyms", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAL_ID] =
    g_param_spec_int64 ("mal-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ANILIST_ID] =
    g_param_spec_int64 ("anilist-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KITSU_ID] =
    g_param_spec_int64 ("kitsu-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ANITRACK_ID] =
    g_param_spec_int64 ("anitrack-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       KEIKA_TYPE_FORMAT,
                       KEIKA_FORMAT_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EPISODES] =
    g_param_spec_uint ("episodes", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AIRING_STATUS] =
    g_param_spec_enum ("airing-status", NULL, NULL,
                       KEIKA_TYPE_AIRING_STATUS,
                       KEIKA_AIRING_STATUS_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEASON] =
    g_param_spec_enum ("season", NULL, NULL,
                       KEIKA_TYPE_SEASON,
                       KEIKA_SEASON_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEASON_YEAR] =
    g_param_spec_uint ("season-year", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COVER_URL] =
    g_param_spec_string ("cover-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_GENRES] =
    g_param_spec_boxed ("genres", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ADULT] =
    g_param_spec_boolean ("adult", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
keika_anime_init (KeikaAnime *self)
{
  self->title_romaji = keika_anime_no_title;
}

KeikaAnime *
keika_anime_new (const char *title_romaji)
{
  KeikaAnime *self = g_object_new (KEIKA_TYPE_ANIME, NULL);

  /* Not through the property: a library makes thousands of these. */
  keika_anime_set_title_romaji (self, title_romaji);

  return self;
}

gint64
keika_anime_get_id (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), 0);

  return self->id;
}

void
keika_anime_set_id (KeikaAnime *self,
                    gint64      id)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

const char *
keika_anime_get_title_romaji (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), NULL);

  return self->title_romaji;
}

void
keika_anime_set_title_romaji (KeikaAnime *self,
                              const char *title)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  if (title == NULL)
    title = "";

  if (strcmp (self->title_romaji, title) != 0)
    {
      keika_anime_set_string_field (self, &self->title_romaji, title);
      forget_search_key (self);
      g_clear_pointer (&self->collate_key, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_ROMAJI]);
    }
}

const char *
keika_anime_get_title_english (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), NULL);

  return self->title_english;
}

void
keika_anime_set_title_english (KeikaAnime *self,
                               const char *title)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  if (g_strcmp0 (self->title_english, title) != 0)
    {
      keika_anime_set_string_field (self, &self->title_english, title);
      forget_search_key (self);
      g_clear_pointer (&self->collate_key, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_ENGLISH]);
    }
}

const char *
keika_anime_get_title_native (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), NULL);

  return self->title_native;
}

void
keika_anime_set_title_native (KeikaAnime *self,
                              const char *title)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  if (g_strcmp0 (self->title_native, title) != 0)
    {
      keika_anime_set_string_field (self, &self->title_native, title);
      forget_search_key (self);
      g_clear_pointer (&self->collate_key, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_NATIVE]);
    }
}

const char *
keika_anime_get_title (KeikaAnime         *self,
                       KeikaTitleLanguage  language)
{
  const char *title = NULL;

  g_return_val_if_fail (KEIKA_IS_ANIME (self), NULL);

  switch (language)
    {
    case KEIKA_TITLE_LANGUAGE_ENGLISH:
      title = self->title_english;
      break;

    case KEIKA_TITLE_LANGUAGE_NATIVE:
      title = self->title_native;
      break;

    case KEIKA_TITLE_LANGUAGE_ROMAJI:
    default:
      title = self->title_romaji;
      break;
    }

  if (title == NULL || title[0] == '\0')
    title = self->title_romaji;

  return title;
}

const char * const *
keika_anime_get_synonyms (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), NULL);

  return self->synonyms;
}

void
keika_anime_set_synonyms (KeikaAnime         *self,
                          const char * const *synonyms)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  synonyms = nonempty_strv (synonyms);
  if (!strv_equal (self->synonyms, synonyms))
    {
      keika_anime_set_strv_field (self, &self->synonyms, synonyms);
      forget_search_key (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNONYMS]);
    }
}

gint64
keika_anime_get_site_id (KeikaAnime *self,
                         KeikaSite   site)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), 0);
  g_return_val_if_fail ((guint) site < KEIKA_N_SITES, 0);

  if (site == KEIKA_SITE_ANIMETHEMES)
    return 0;

  return self->site_ids[site];
}

void
keika_anime_set_site_id (KeikaAnime *self,
                         KeikaSite   site,
                         gint64      id)
{
  int prop;

  g_return_if_fail (KEIKA_IS_ANIME (self));
  g_return_if_fail ((guint) site < KEIKA_N_SITES);

  /* AnimeThemes has no anime ids of its own: it keys on the others. */
  prop = site_to_prop (site);
  if (prop == PROP_0)
    return;

  if (self->site_ids[site] != id)
    {
      self->site_ids[site] = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

KeikaFormat
keika_anime_get_format (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), KEIKA_FORMAT_UNKNOWN);

  return self->format;
}

void
keika_anime_set_format (KeikaAnime  *self,
                        KeikaFormat  format)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  if (self->format != format)
    {
      self->format = format;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
    }
}

guint
keika_anime_get_episodes (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), 0);

  return self->episodes;
}

void
keika_anime_set_episodes (KeikaAnime *self,
                          guint       episodes)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  if (self->episodes != episodes)
    {
      self->episodes = episodes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPISODES]);
    }
}

KeikaAiringStatus
keika_anime_get_airing_status (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), KEIKA_AIRING_STATUS_UNKNOWN);

  return self->airing_status;
}

void
keika_anime_set_airing_status (KeikaAnime        *self,
                               KeikaAiringStatus  airing_status)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  if (self->airing_status != airing_status)
    {
      self->airing_status = airing_status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AIRING_STATUS]);
    }
}

KeikaSeason
keika_anime_get_season (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), KEIKA_SEASON_UNKNOWN);

  return self->season;
}

void
keika_anime_set_season (KeikaAnime  *self,
                        KeikaSeason  season)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  if (self->season != season)
    {
      self->season = season;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEASON]);
    }
}

guint
keika_anime_get_season_year (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), 0);

  return self->season_year;
}

void
keika_anime_set_season_year (KeikaAnime *self,
                             guint       year)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  if (self->season_year != year)
    {
      self->season_year = year;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEASON_YEAR]);
    }
}

const char *
keika_anime_get_cover_url (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), NULL);

  return self->cover_url;
}

void
keika_anime_set_cover_url (KeikaAnime *self,
                           const char *cover_url)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  if (g_strcmp0 (self->cover_url, cover_url) != 0)
    {
      keika_anime_set_string_field (self, &self->cover_url, cover_url);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVER_URL]);
    }
}

const char * const *
keika_anime_get_genres (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), NULL);

  return self->genres;
}

void
keika_anime_set_genres (KeikaAnime         *self,
                        const char * const *genres)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  genres = nonempty_strv (genres);
  if (!strv_equal (self->genres, genres))
    {
      keika_anime_set_strv_field (self, &self->genres, genres);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENRES]);
    }
}

gboolean
keika_anime_get_adult (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), FALSE);

  return self->adult;
}

void
keika_anime_set_adult (KeikaAnime *self,
                       gboolean    adult)
{
  g_return_if_fail (KEIKA_IS_ANIME (self));

  adult = !!adult;

  if (self->adult != adult)
    {
      self->adult = adult;
      if (self->search_key != NULL)
        g_atomic_int_inc (&search_generation);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADULT]);
    }
}

char *
keika_anime_dup_summary (KeikaAnime *self)
{
  g_autoptr(GPtrArray) parts = NULL;

  g_return_val_if_fail (KEIKA_IS_ANIME (self), NULL);

  parts = g_ptr_array_new_with_free_func (g_free);

  if (self->format != KEIKA_FORMAT_UNKNOWN)
    g_ptr_array_add (parts, g_strdup (keika_format_to_label (self->format)));

  if (self->episodes > 0)
    g_ptr_array_add (parts,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u episode",
                                                   "%u episodes",
                                                   self->episodes),
                                      self->episodes));

  if (self->season != KEIKA_SEASON_UNKNOWN && self->season_year > 0)
    /* Translators: a season and its year, as in "Spring 2023" */
    g_ptr_array_add (parts,
                     g_strdup_printf (C_("season and year", "%s %u"),
                                      keika_season_to_label (self->season),
                                      self->season_year));
  else if (self->season_year > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%u", self->season_year));
  else if (self->season != KEIKA_SEASON_UNKNOWN)
    g_ptr_array_add (parts, g_strdup (keika_season_to_label (self->season)));

  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between the parts of an anime's summary */
  return g_strjoinv (C_("summary separator", " · "), (char **) parts->pdata);
}

const char *
keika_anime_get_search_key (KeikaAnime *self)
{
  GString *key;

  g_return_val_if_fail (KEIKA_IS_ANIME (self), NULL);

  if (self->search_key != NULL)
    return self->search_key;

  key = g_string_sized_new (256);

  keika_search_append_normalized (key, self->title_romaji);

  if (self->title_english != NULL && self->title_english[0] != '\0')
    {
      g_string_append_c (key, '\n');
      keika_search_append_normalized (key, self->title_english);
    }

  if (self->title_native != NULL && self->title_native[0] != '\0')
    {
      g_string_append_c (key, '\n');
      keika_search_append_normalized (key, self->title_native);
    }

  for (guint i = 0; self->synonyms != NULL && self->synonyms[i] != NULL; i++)
    {
      if (self->synonyms[i][0] == '\0')
        continue;

      g_string_append_c (key, '\n');
      keika_search_append_normalized (key, self->synonyms[i]);
    }

  /* Exactly as long as it needs to be: there are thousands of keys. */
  self->search_key = g_strndup (key->str, key->len);
  self->search_mask = keika_search_mask (self->search_key);
  g_string_free (key, TRUE);

  return self->search_key;
}

guint64
keika_anime_get_search_mask (KeikaAnime *self)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), 0);

  keika_anime_get_search_key (self);

  return self->search_mask;
}

const char *
keika_anime_get_collate_key (KeikaAnime         *self,
                             KeikaTitleLanguage  language)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (self), NULL);
  g_return_val_if_fail ((guint) language <= KEIKA_TITLE_LANGUAGE_NATIVE, NULL);

  if (self->collate_key != NULL && self->collate_language == language)
    return self->collate_key;

  g_free (self->collate_key);
  self->collate_key = g_utf8_collate_key (keika_anime_get_title (self, language), -1);
  self->collate_language = language;

  return self->collate_key;
}
