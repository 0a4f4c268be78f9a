/* keika-input.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaInput"

#include "config.h"

#include <string.h>

#include "keika-input.h"

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

/* The code unit of the \uXXXX escape at @p (pointing at the backslash), or
 * -1 when it is not one. */
static int
escape_unit (const char *p,
             const char *end)
{
  int unit = 0;

  if (end - p < 6 || p[1] != 'u')
    return -1;

  for (int i = 2; i < 6; i++)
    {
      int digit = hex_value (p[i]);

      if (digit < 0)
        return -1;
      unit = unit * 16 + digit;
    }

  return unit;
}

/* Walks the JSON text: whether its arrays and objects nest at most
 * @max_depth deep, and whether a string holds an escape that json-glib
 * would turn into something that is not text (a lone UTF-16 surrogate) or
 * that it refuses outright (\u0000). With @fix, a copy of @data, those
 * escapes are replaced there by \ufffd, of the same length. */
static gboolean
walk_json (const char *data,
           gsize       length,
           guint       max_depth,
           gboolean   *bad_escapes,
           char       *fix)
{
  const char *p = data;
  const char *end = data + length;
  guint depth = 0;

  while (p < end)
    {
      switch (*p)
        {
        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          p++;
          break;

        case ']':
        case '}':
          /* Unbalanced closers are the parser's to report. */
          if (depth > 0)
            depth--;
          p++;
          break;

        case '"':
          /* A string: brackets in it do not nest. An unterminated string
           * ends the walk; the parser reports it. Most of a page is strings:
           * they are skipped to their next quote or backslash at once. */
          for (p++; p < end; )
            {
              const char *quote = memchr (p, '"', end - p);
              const char *backslash = memchr (p, '\\', (quote != NULL ? quote : end) - p);
              int unit, next;

              if (backslash == NULL)
                {
                  p = quote != NULL ? quote : end;
                  break;
                }
              p = backslash;

              unit = escape_unit (p, end);
              if (unit < 0)
                {
                  p += 2;  /* another escape: skip the escaped character */
                  continue;
                }

              next = unit >= 0xD800 && unit <= 0xDBFF && end - p >= 7 && p[6] == '\\'
                     ? escape_unit (p + 6, end) : -1;
              if (next >= 0xDC00 && next <= 0xDFFF)
                {
                  p += 12;  /* a surrogate pair, as it should be */
                  continue;
                }

              if (unit == 0 || (unit >= 0xD800 && unit <= 0xDFFF))
                {
                  *bad_escapes = TRUE;
                  if (fix != NULL)
                    memcpy (fix + (p - data), "\\ufffd", 6);
                }
              p += 6;
            }
          if (p < end)
            p++;
          break;

        default:
          p++;
          break;
        }
    }

  return TRUE;
}

gboolean
keika_input_json_depth_within (const char *data,
                               gsize       length,
                               guint       max_depth)
{
  gboolean bad_escapes = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  return walk_json (data, length, max_depth, &bad_escapes, NULL);
}

const char *
keika_input_check_json (const char  *data,
                        gsize        size,
                        char       **scratch,
                        GError     **error)
{
  gboolean bad_escapes = FALSE;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (scratch != NULL, NULL);

  *scratch = NULL;
  if (size == 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "There is no JSON value, the text is empty");
      return NULL;
    }

  if (!walk_json (data, size, KEIKA_JSON_MAX_DEPTH, &bad_escapes, NULL))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                   "The JSON nests more than %d levels deep", KEIKA_JSON_MAX_DEPTH);
      return NULL;
    }

  /* Strings that would not be text: U+FFFD for each such escape. */
  if (bad_escapes)
    {
      *scratch = g_memdup2 (data, size);
      walk_json (data, size, KEIKA_JSON_MAX_DEPTH, &bad_escapes, *scratch);
      return *scratch;
    }

  return data;
}

JsonNode *
keika_input_read_json (const char  *data,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *fixed = NULL;
  gsize size;

  g_return_val_if_fail (data != NULL || length <= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = length < 0 ? (data != NULL ? strlen (data) : 0) : (gsize) length;
  if (!(data = keika_input_check_json (data, size, &fixed, error)))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      char *scratch = NULL;

      /* json-glib may quote the bytes it stumbled on. */
      g_set_error_literal (error, local_error->domain, local_error->code,
                           keika_input_valid_text (local_error->message, &scratch));
      g_free (scratch);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "There is no JSON value, only white space");
      return NULL;
    }

  return json_parser_steal_root (parser);
}

char *
keika_input_mend_text (const char *data,
                 gsize       length,
                 gsize      *n_replaced)
{
  GString *mended;
  const char *p = data;
  const char *end = data + length;
  gsize n = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (n_replaced != NULL)
    *n_replaced = 0;

  if (g_utf8_validate_len (data, length, NULL))
    return NULL;

  mended = g_string_sized_new (length + 16);
  while (p < end)
    {
      const char *bad;

      if (g_utf8_validate_len (p, end - p, &bad))
        {
          g_string_append_len (mended, p, end - p);
          break;
        }

      g_string_append_len (mended, p, bad - p);
      g_string_append (mended, "\357\277\275");
      n++;

      /* Past the invalid run: bytes that cannot start a character. */
      p = bad + 1;
      while (p < end)
        {
          const char *next_bad;

          if (g_utf8_validate_len (p, MIN ((gsize) (end - p), 4), &next_bad) || next_bad > p)
            break;
          p++;
        }
    }

  if (n_replaced != NULL)
    *n_replaced = n;

  return g_string_free (mended, FALSE);
}

const char *
keika_input_valid_text (const char  *text,
                  char       **scratch)
{
  g_return_val_if_fail (scratch != NULL, text);

  *scratch = NULL;
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return text;

  *scratch = g_utf8_make_valid (text, -1);
  return *scratch;
}
