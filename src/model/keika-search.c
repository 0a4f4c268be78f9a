/* keika-search.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Text as searches compare it: normalised, and summed up in a mask. */

#define G_LOG_DOMAIN "KeikaModel"

#include "config.h"

#include <string.h>

#include "keika-search.h"
#include "keika-search-private.h"

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

void
keika_search_append_normalized (GString    *out,
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

  keika_search_append_normalized (out, text);

  return g_string_free (out, FALSE);
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
