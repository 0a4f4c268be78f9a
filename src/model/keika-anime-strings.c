/* keika-anime-strings.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The packed string block of an anime: see struct _KeikaAnime in
 * keika-anime-private.h. */

#define G_LOG_DOMAIN "KeikaModel"

#include "config.h"

#include <string.h>

#include "keika-anime-private.h"

/* The romaji title when there is none (outside any block). */
const char keika_anime_no_title[] = "";

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
  const char *romaji = strings->title_romaji != NULL ? strings->title_romaji : keika_anime_no_title;
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
      self->title_romaji = keika_anime_no_title;
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
  self->title_romaji = romaji[0] != '\0' ? put_string (&cursor, romaji) : keika_anime_no_title;
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
  if (self->title_romaji != keika_anime_no_title)
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
void
keika_anime_set_string_field (KeikaAnime  *self,
                              const char **field,
                              const char  *value)
{
  Strings strings;

  if ((*field == NULL || *field == keika_anime_no_title) &&
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

/* Like keika_anime_set_string_field() for the arrays; @value is NULL or not
 * empty. */
void
keika_anime_set_strv_field (KeikaAnime          *self,
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
