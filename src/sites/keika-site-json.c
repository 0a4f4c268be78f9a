/* keika-site-json.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include "keika-site-json.h"

JsonNode *
keika_site_json_get_member (JsonObject *object,
                            const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

const char *
keika_site_json_get_string (JsonObject *object,
                            const char *name)
{
  JsonNode *node = keika_site_json_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

char *
keika_site_json_dup_nonempty (JsonObject *object,
                              const char *name)
{
  const char *value = keika_site_json_get_string (object, name);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

gboolean
keika_site_json_get_int (JsonObject *object,
                         const char *name,
                         gint64     *out)
{
  JsonNode *node = keika_site_json_get_member (object, name);
  GType type;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      /* NaN fails both comparisons. */
      if (!(value >= (double) G_MININT64 && value < (double) G_MAXINT64))
        return FALSE;
      *out = (gint64) value;
    }
  else
    return FALSE;

  return TRUE;
}

gboolean
keika_site_json_get_uint (JsonObject *object,
                          const char *name,
                          guint       max,
                          guint      *out)
{
  gint64 value;

  if (!keika_site_json_get_int (object, name, &value))
    return FALSE;

  *out = (guint) CLAMP (value, 0, (gint64) max);

  return TRUE;
}

gboolean
keika_site_json_get_bool (JsonObject *object,
                          const char *name,
                          gboolean   *out)
{
  JsonNode *node = keika_site_json_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *out = json_node_get_boolean (node);

  return TRUE;
}

JsonObject *
keika_site_json_get_object (JsonObject *object,
                            const char *name)
{
  JsonNode *node = keika_site_json_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
keika_site_json_get_array (JsonObject *object,
                           const char *name)
{
  JsonNode *node = keika_site_json_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

char **
keika_site_json_dup_strv (JsonArray  *array,
                          const char *key)
{
  guint length;
  char **strv;
  guint n = 0;

  if (array == NULL || (length = json_array_get_length (array)) == 0)
    return NULL;

  strv = g_new (char *, length + 1);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *value = NULL;

      if (key != NULL)
        {
          if (JSON_NODE_HOLDS_OBJECT (item))
            value = keika_site_json_get_string (json_node_get_object (item), key);
        }
      else if (JSON_NODE_TYPE (item) == JSON_NODE_VALUE &&
               json_node_get_value_type (item) == G_TYPE_STRING)
        {
          value = json_node_get_string (item);
        }

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
