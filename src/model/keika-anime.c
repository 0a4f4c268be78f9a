/* keika-anime.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaModel"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "keika-anime.h"
#include "keika-enum-types.h"

/* A library holds thousands of anime, so their strings are packed: every
 * title, the cover address, the synonyms and the arrays of pointers live in
 * one allocation (@strings); genres, which a library repeats over and over,
 * are interned and only their array is in @strings. A packed anime costs one
 * allocation where it used to cost a dozen. A field given its first value
 * (what the store does for every anime it reads) goes at the end of the
 * block, which grows in place; any other change packs the whole again (see
 * pack_strings()), so that no replaced value stays behind: such changes are
 * rare. */
struct _KeikaAnime
{
  GObject              parent_instance;

  gint64               id;
  gint64               site_ids[KEIKA_N_SITES - 1];  /* AnimeThemes has none */

  char                *strings;        /* (owned) (nullable) what the fields below point into */
  const char          *title_romaji;   /* never NULL: in @strings or no_title */
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

/* The romaji title when there is none (outside any block). */
static const char no_title[] = "";

/* Above this, a block's size is not kept (and setters pack it again). */
#define MAX_STRINGS_SIZE ((1u << 29) - 1)

/* The string fields of an anime, as pack_strings() takes them. */
typedef struct
{
  const char         *title_romaji;
  const char         *title_english;
  const char         *title_native;
  const char         *cover_url;
  const char * const *synonyms;
  const char * const *genres;
} Strings;

static void
get_strings (KeikaAnime *self,
             Strings    *strings)
{
  strings->title_romaji = self->title_romaji;
  strings->title_english = self->title_english;
  strings->title_native = self->title_native;
  strings->cover_url = self->cover_url;
  strings->synonyms = self->synonyms;
  strings->genres = self->genres;
}

static gsize
string_size (const char *str)
{
  return str != NULL ? strlen (str) + 1 : 0;
}

static gsize
strv_length (const char * const *strv)
{
  gsize n = 0;

  while (strv != NULL && strv[n] != NULL)
    n++;

  return n;
}

/* Copies @str to *@cursor and moves the cursor past it. */
static const char *
put_string (char       **cursor,
            const char  *str)
{
  char *copy = *cursor;
  gsize size;

  if (str == NULL)
    return NULL;

  size = strlen (str) + 1;
  memcpy (copy, str, size);
  *cursor += size;

  return copy;
}

/* Gives @self the values of @strings (which may point into the current
 * block) in one new block. Empty arrays are stored as NULL; genres are
 * interned. */
static void
pack_strings (KeikaAnime    *self,
              const Strings *strings)
{
  gsize n_synonyms = strv_length (strings->synonyms);
  gsize n_genres = strv_length (strings->genres);
  const char *romaji = strings->title_romaji != NULL ? strings->title_romaji : no_title;
  gsize n_pointers = 0;
  gsize size = 0;
  char *old_strings = self->strings;
  char *block;
  char *cursor;
  const char **synonyms = NULL;
  const char **genres = NULL;

  if (n_synonyms > 0)
    n_pointers += n_synonyms + 1;
  if (n_genres > 0)
    n_pointers += n_genres + 1;

  size += n_pointers * sizeof (char *);
  size += romaji[0] != '\0' ? strlen (romaji) + 1 : 0;
  size += string_size (strings->title_english);
  size += string_size (strings->title_native);
  size += string_size (strings->cover_url);
  for (gsize i = 0; i < n_synonyms; i++)
    size += strlen (strings->synonyms[i]) + 1;

  if (size == 0)
    {
      self->strings = NULL;
      self->strings_size = 0;
      self->title_romaji = no_title;
      self->title_english = NULL;
      self->title_native = NULL;
      self->cover_url = NULL;
      self->synonyms = NULL;
      self->genres = NULL;
      g_free (old_strings);
      return;
    }

  block = g_malloc (size);
  cursor = block + n_pointers * sizeof (char *);

  if (n_synonyms > 0)
    {
      synonyms = (const char **) (gpointer) block;
      for (gsize i = 0; i < n_synonyms; i++)
        synonyms[i] = put_string (&cursor, strings->synonyms[i]);
      synonyms[n_synonyms] = NULL;
    }

  if (n_genres > 0)
    {
      genres = (const char **) (gpointer) block + (n_synonyms > 0 ? n_synonyms + 1 : 0);
      for (gsize i = 0; i < n_genres; i++)
        genres[i] = g_intern_string (strings->genres[i]);
      genres[n_genres] = NULL;
    }

  /* The copies of the values are made before the old block goes. */
  self->title_romaji = romaji[0] != '\0' ? put_string (&cursor, romaji) : no_title;
  self->title_english = put_string (&cursor, strings->title_english);
  self->title_native = put_string (&cursor, strings->title_native);
  self->cover_url = put_string (&cursor, strings->cover_url);
  self->synonyms = synonyms;
  self->genres = genres;
  g_assert (cursor == block + size);

  self->strings = block;
  self->strings_size = size <= MAX_STRINGS_SIZE ? size : 0;
  g_free (old_strings);
}

#define MOVED(p, delta) ((gpointer) ((guintptr) (p) + (delta)))

/* Moves every pointer into the block by @delta bytes, after the block moved
 * (from where it was, which it no longer points into). */
static void
rebase_strings (KeikaAnime *self,
                guintptr    delta)
{
  if (self->title_romaji != no_title)
    self->title_romaji = MOVED (self->title_romaji, delta);
  if (self->title_english != NULL)
    self->title_english = MOVED (self->title_english, delta);
  if (self->title_native != NULL)
    self->title_native = MOVED (self->title_native, delta);
  if (self->cover_url != NULL)
    self->cover_url = MOVED (self->cover_url, delta);
  if (self->synonyms != NULL)
    {
      const char **synonyms = MOVED (self->synonyms, delta);

      for (gsize i = 0; synonyms[i] != NULL; i++)
        synonyms[i] = MOVED (synonyms[i], delta);
      self->synonyms = synonyms;
    }
  if (self->genres != NULL)
    self->genres = MOVED (self->genres, delta);
}

static gboolean
in_strings (KeikaAnime *self,
            const void *p)
{
  return self->strings != NULL &&
         (guintptr) p >= (guintptr) self->strings &&
         (guintptr) p < (guintptr) self->strings + self->strings_size;
}

/* Whether @size more bytes can go at the end of the block. */
static gboolean
can_grow_strings (KeikaAnime *self,
                  gsize       size)
{
  return (self->strings == NULL || self->strings_size != 0) &&
         size <= MAX_STRINGS_SIZE &&
         self->strings_size + sizeof (char *) + size <= MAX_STRINGS_SIZE;
}

/* Makes room for @size bytes at the end of the block, aligned to @align,
 * and returns it. The block grows in place when it can; if it moves, the
 * pointers into it follow. */
static char *
grow_strings (KeikaAnime *self,
              gsize       align,
              gsize       size)
{
  gsize offset = (self->strings_size + align - 1) & ~(align - 1);
  guintptr old_block = (guintptr) self->strings;
  char *block;

  g_assert (can_grow_strings (self, size));

  block = g_realloc (self->strings, offset + size);
  self->strings = block;
  self->strings_size = offset + size;
  if (old_block != 0 && (guintptr) block != old_block)
    rebase_strings (self, (guintptr) block - old_block);

  return block + offset;
}

/* Gives the string field @field of @self the value @value, different from
 * the current one. What the store does for every anime it reads, giving a
 * field without a value one, adds it at the end of the block; anything else
 * packs the whole again, so that no replaced value stays behind. */
static void
set_string (KeikaAnime  *self,
            const char **field,
            const char  *value)
{
  Strings strings;

  if ((*field == NULL || *field == no_title) &&
      value != NULL && value[0] != '\0' &&
      !in_strings (self, value))
    {
      gsize size = strlen (value) + 1;

      if (can_grow_strings (self, size))
        {
          char *copy = grow_strings (self, 1, size);

          memcpy (copy, value, size);
          *field = copy;
          return;
        }
    }

  get_strings (self, &strings);
  if (field == &self->title_romaji)
    strings.title_romaji = value;
  else if (field == &self->title_english)
    strings.title_english = value;
  else if (field == &self->title_native)
    strings.title_native = value;
  else
    strings.cover_url = value;
  pack_strings (self, &strings);
}

/* Like set_string() for the arrays; @value is NULL or not empty. */
static void
set_strv (KeikaAnime          *self,
          const char * const **field,
          const char * const  *value)
{
  gboolean intern = field == &self->genres;
  Strings strings;

  if (*field == NULL && value != NULL && !in_strings (self, value))
    {
      gsize n = 0;
      gsize size;

      for (; value[n] != NULL; n++)
        {
          if (in_strings (self, value[n]))
            break;
        }

      size = (n + 1) * sizeof (char *);
      for (gsize i = 0; !intern && value[n] == NULL && i < n; i++)
        size += strlen (value[i]) + 1;

      if (value[n] == NULL && can_grow_strings (self, size))
        {
          const char **array = (const char **) (gpointer) grow_strings (self, sizeof (char *), size);
          char *cursor = (char *) (array + n + 1);

          for (gsize i = 0; i < n; i++)
            array[i] = intern ? g_intern_string (value[i]) : put_string (&cursor, value[i]);
          array[n] = NULL;
          *field = array;
          return;
        }
    }

  get_strings (self, &strings);
  if (intern)
    strings.genres = value;
  else
    strings.synonyms = value;
  pack_strings (self, &strings);
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
  self->title_romaji = no_title;
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
      set_string (self, &self->title_romaji, title);
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
      set_string (self, &self->title_english, title);
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
      set_string (self, &self->title_native, title);
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
      set_strv (self, &self->synonyms, synonyms);
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
      set_string (self, &self->cover_url, cover_url);
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
      set_strv (self, &self->genres, genres);
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

/* What the search key is made of: NFKD, without combining marks,
 * case-folded. Every step works character by character (NFKD's reordering
 * only moves combining marks, which are all dropped), so the result for a
 * string is the results for its characters one after the other. */
static void
append_normalized_slow (GString    *out,
                        const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *stripped;

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    {
      /* Not valid UTF-8: keep what can be kept. */
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
      if (decomposed == NULL)
        return;
    }

  stripped = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_combining_class (c) != 0 ||
          g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;

      g_string_append_unichar (stripped, c);
    }

  folded = g_utf8_casefold (stripped->str, stripped->len);
  g_string_free (stripped, TRUE);

  g_string_append (out, folded);
}

/* The normalised form of each character of the Basic Multilingual Plane met
 * so far, which the slow path above would take tens of times longer to find
 * again: a title uses few distinct characters, a library a few thousand. In
 * pages of 256 characters made when first needed (at most 256 pages of
 * 2 KiB); a character that normalises to itself (most of them) costs no
 * more than its slot. Shared by the threads that build keys (the loading
 * worker, the main thread) under char_cache's lock. */
G_LOCK_DEFINE_STATIC (char_cache);
static const char **char_cache[0x10000 / 256];  /* (owned) pages of (owned) strings */
static const char unchanged_char[] = "";         /* marks a character that stays as it is */

/* Appends the normalised form of the character at @p, @len bytes long, as
 * cached, or found and cached. The caller holds the cache's lock. */
static void
append_normalized_char (GString    *out,
                        const char *p,
                        gsize       len)
{
  gunichar c = g_utf8_get_char (p);
  const char **page = NULL;
  const char *normalized = NULL;
  char utf8[8];
  gsize start;

  if (c < 0x10000)
    {
      page = char_cache[c >> 8];
      if (page == NULL)
        page = char_cache[c >> 8] = g_new0 (const char *, 256);
      normalized = page[c & 0xff];
    }

  if (normalized == unchanged_char)
    {
      g_string_append_len (out, p, len);
      return;
    }

  if (normalized != NULL)
    {
      g_string_append (out, normalized);
      return;
    }

  memcpy (utf8, p, len);
  utf8[len] = '\0';
  start = out->len;
  append_normalized_slow (out, utf8);

  if (page != NULL)
    {
      if (out->len - start == len && memcmp (out->str + start, utf8, len) == 0)
        page[c & 0xff] = unchanged_char;
      else
        page[c & 0xff] = g_strndup (out->str + start, out->len - start);
    }
}

/* Word-at-a-time helpers for runs of ASCII, the bulk of most keys. */
#define ONES       G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGH_BITS  (ONES * 0x80)

/* The length of the run of ASCII bytes at the start of the @len bytes at
 * @text. */
static gsize
ascii_run_length (const char *text,
                  gsize       len)
{
  gsize i = 0;

  for (; i + sizeof (guint64) <= len; i += sizeof (guint64))
    {
      guint64 word;

      memcpy (&word, text + i, sizeof word);
      if ((word & HIGH_BITS) != 0)
        break;
    }

  while (i < len && !(text[i] & 0x80))
    i++;

  return i;
}

/* Appends @len ASCII bytes of @text, lowered. */
static void
append_ascii_lowered (GString    *out,
                      const char *text,
                      gsize       len)
{
  gsize start = out->len;
  char *p;
  char *end;

  g_string_append_len (out, text, len);
  p = out->str + start;
  end = p + len;

  for (; p + sizeof (guint64) <= end; p += sizeof (guint64))
    {
      guint64 word, upper;

      memcpy (&word, p, sizeof word);
      /* High bit of each byte set where 'A' <= byte <= 'Z' (bytes < 0x80). */
      upper = (word + ONES * (0x80 - 'A')) & ~(word + ONES * (0x7f - 'Z')) & HIGH_BITS;
      word |= upper >> 2;
      memcpy (p, &word, sizeof word);
    }

  for (; p < end; p++)
    {
      if (*p >= 'A' && *p <= 'Z')
        *p += 'a' - 'A';
    }
}

static void
append_normalized (GString    *out,
                   const char *text)
{
  gsize len;
  gsize ascii;

  if (text == NULL || text[0] == '\0')
    return;

  /* Most titles are plain ASCII: there NFKD changes nothing and case folding
   * is lowering. This makes building 10,000 keys several times cheaper. */
  len = strlen (text);
  ascii = ascii_run_length (text, len);

  if (ascii == len)
    {
      append_ascii_lowered (out, text, len);
      return;
    }

  if (!g_utf8_validate (text + ascii, len - ascii, NULL))
    {
      append_normalized_slow (out, text);
      return;
    }

  /* Runs of ASCII lowered in place, other characters through the cache. */
  G_LOCK (char_cache);
  for (;;)
    {
      gsize char_len;

      append_ascii_lowered (out, text, ascii);
      text += ascii;
      len -= ascii;
      if (len == 0)
        break;

      char_len = g_utf8_next_char (text) - text;
      append_normalized_char (out, text, char_len);
      text += char_len;
      len -= char_len;
      ascii = ascii_run_length (text, len);
    }
  G_UNLOCK (char_cache);
}

char *
keika_normalize_for_search (const char *text)
{
  GString *out = g_string_new (NULL);

  append_normalized (out, text);

  return g_string_free (out, FALSE);
}

const char *
keika_anime_get_search_key (KeikaAnime *self)
{
  GString *key;

  g_return_val_if_fail (KEIKA_IS_ANIME (self), NULL);

  if (self->search_key != NULL)
    return self->search_key;

  key = g_string_sized_new (256);

  append_normalized (key, self->title_romaji);

  if (self->title_english != NULL && self->title_english[0] != '\0')
    {
      g_string_append_c (key, '\n');
      append_normalized (key, self->title_english);
    }

  if (self->title_native != NULL && self->title_native[0] != '\0')
    {
      g_string_append_c (key, '\n');
      append_normalized (key, self->title_native);
    }

  for (guint i = 0; self->synonyms != NULL && self->synonyms[i] != NULL; i++)
    {
      if (self->synonyms[i][0] == '\0')
        continue;

      g_string_append_c (key, '\n');
      append_normalized (key, self->synonyms[i]);
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

/* Which of the mask's 64 bits stands for byte @c: one each for the letters,
 * digits and space, which searches are mostly made of, and shared ones for
 * other bytes. */
static inline guint
search_mask_bit (guchar c)
{
  if (c >= 'a' && c <= 'z')
    return c - 'a';
  if (c >= '0' && c <= '9')
    return 26 + (c - '0');
  if (c == ' ')
    return 36;
  if (c < 0x80)
    return 37 + c % 7;
  return 44 + c % 20;
}

guint64
keika_search_mask (const char *text)
{
  guint64 mask = 0;

  g_return_val_if_fail (text != NULL, 0);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    mask |= G_GUINT64_CONSTANT (1) << search_mask_bit (*p);

  return mask;
}

KeikaSearchQuery *
keika_search_query_new (const char *text)
{
  KeikaSearchQuery *query;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  normalized = keika_normalize_for_search (text);
  if (normalized[0] == '\0')
    return NULL;

  query = g_new0 (KeikaSearchQuery, 1);
  query->text = g_steal_pointer (&normalized);
  query->mask = keika_search_mask (query->text);
  /* One letter, digit or space has a bit to itself. */
  query->mask_decides = query->text[1] == '\0' && search_mask_bit (query->text[0]) <= 36;

  return query;
}

void
keika_search_query_free (KeikaSearchQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->text);
  g_free (query);
}

gboolean
keika_search_query_narrows (const KeikaSearchQuery *query,
                            const KeikaSearchQuery *than)
{
  g_return_val_if_fail (query != NULL, FALSE);

  return than == NULL || strstr (query->text, than->text) != NULL;
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
