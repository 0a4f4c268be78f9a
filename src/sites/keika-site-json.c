/* keika-site-json.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

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
