/* keika-site-json.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include "keika-site-json.h"

const KeikaJsonValue *
keika_site_json_get_member (const KeikaJsonValue *object,
                            const char           *name)
{
  return keika_json_get_member (object, name);
}

const char *
keika_site_json_get_string (const KeikaJsonValue *object,
                            const char           *name)
{
  return keika_json_get_string (keika_json_get_member (object, name));
}

char *
keika_site_json_dup_nonempty (const KeikaJsonValue *object,
                              const char           *name)
{
  const char *value = keika_site_json_get_string (object, name);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

gboolean
keika_site_json_get_int (const KeikaJsonValue *object,
                         const char           *name,
                         gint64               *out)
{
  double value;

  if (!keika_json_get_number (keika_json_get_member (object, name), &value) ||
      !(value >= (double) G_MININT64 && value < (double) G_MAXINT64))
    return FALSE;

  *out = (gint64) value;

  return TRUE;
}

gboolean
keika_site_json_get_uint (const KeikaJsonValue *object,
                          const char           *name,
                          guint                 max,
                          guint                *out)
{
  gint64 value;

  if (!keika_site_json_get_int (object, name, &value))
    return FALSE;

  *out = (guint) CLAMP (value, 0, (gint64) max);

  return TRUE;
}

gboolean
keika_site_json_get_bool (const KeikaJsonValue *object,
                          const char           *name,
                          gboolean             *out)
{
  return keika_json_get_boolean (keika_json_get_member (object, name), out);
}

const KeikaJsonValue *
keika_site_json_get_object (const KeikaJsonValue *object,
                            const char           *name)
{
  const KeikaJsonValue *member = keika_json_get_member (object, name);

  return keika_json_is_object (member) ? member : NULL;
}

const KeikaJsonValue *
keika_site_json_get_array (const KeikaJsonValue *object,
                           const char           *name)
{
  const KeikaJsonValue *member = keika_json_get_member (object, name);

  return keika_json_is_array (member) ? member : NULL;
}

char **
keika_site_json_dup_strv (const KeikaJsonValue *array,
                          const char           *key)
{
  guint length;
  char **strv;
  guint n = 0;

  if ((length = keika_json_get_length (array)) == 0)
    return NULL;

  strv = g_new (char *, length + 1);
  for (const KeikaJsonValue *item = keika_json_first (array); item != NULL;
       item = keika_json_next (item))
    {
      const char *value = key != NULL ? keika_site_json_get_string (item, key)
                                      : keika_json_get_string (item);

      if (value != NULL && *value != '\0')
        strv[n++] = g_strdup (value);
    }
  strv[n] = NULL;

  if (n == 0)
    g_clear_pointer (&strv, g_free);

  return strv;
}

gint64
keika_site_parse_time (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  /* Without an offset in the text, no guess at one: the sites send it. */
  if (text == NULL || (time = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    return 0;

  return g_date_time_to_unix (time);
}

/* What a site said, as one tidy line: valid UTF-8, no control characters,
 * at most 300 characters, without its full stop. */
static char *
tidy_message (const char *said)
{
  g_autofree char *valid = g_utf8_make_valid (said, -1);
  GString *text = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == 300)
        {
          g_string_append (text, "…");
          break;
        }
      g_string_append_unichar (text, g_unichar_iscntrl (c) ? ' ' : c);
    }
  g_strstrip (text->str);
  text->len = strlen (text->str);
  while (text->len > 0 && text->str[text->len - 1] == '.')
    g_string_truncate (text, text->len - 1);

  return g_string_free (text, FALSE);
}

static void
add_field_error (GPtrArray  *pairs,
                 const char *field,
                 const char *said)
{
  if (field == NULL || *field == '\0' || said == NULL || *said == '\0')
    return;
  /* The first thing said about a field is kept. */
  for (guint i = 0; i < pairs->len; i += 2)
    if (g_str_equal (pairs->pdata[i], field))
      return;
  g_ptr_array_add (pairs, g_strdup (field));
  g_ptr_array_add (pairs, tidy_message (said));
}

/* {field: ["…", …], …} or {field: "…"} */
static void
add_field_map (GPtrArray            *pairs,
               const KeikaJsonValue *map)
{
  for (const KeikaJsonValue *value = keika_json_first (map); value != NULL;
       value = keika_json_next (value))
    {
      const char *said = keika_json_is_array (value)
                           ? keika_json_get_string (keika_json_first (value))
                           : keika_json_get_string (value);

      add_field_error (pairs, keika_json_get_name (value), said);
    }
}

GPtrArray *
keika_site_json_field_errors (const KeikaJsonValue *root)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  const KeikaJsonValue *errors = keika_site_json_get_member (root, "errors");

  if (keika_json_is_object (errors))
    add_field_map (pairs, errors);
  else if (keika_json_is_array (errors))
    {
      for (const KeikaJsonValue *item = keika_json_first (errors); item != NULL;
           item = keika_json_next (item))
        {
          const KeikaJsonValue *validation = keika_site_json_get_object (item, "validation");
          const char *pointer;

          if (validation != NULL)
            {
              add_field_map (pairs, validation);
              continue;
            }
          pointer = keika_site_json_get_string (keika_site_json_get_object (item, "source"),
                                                "pointer");
          if (pointer != NULL && g_str_has_prefix (pointer, "/data/attributes/"))
            add_field_error (pairs, pointer + strlen ("/data/attributes/"),
                             keika_site_json_get_string (item, "title"));
        }
    }

  if (pairs->len == 0)
    return NULL;

  return g_steal_pointer (&pairs);
}
