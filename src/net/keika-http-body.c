/* keika-http-body.c — reading what came back: its kind, its JSON, and what
 * an error body says
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNet"

#include "config.h"

#include <string.h>

#include "keika-json-doc.h"
#include "keika-net-private.h"

#define MAX_DETAIL 400

gboolean
keika_http_body_is_json_type (const char *content_type)
{
  if (content_type == NULL)
    return FALSE;

  return g_ascii_strcasecmp (content_type, "application/json") == 0 ||
         g_ascii_strcasecmp (content_type, "text/json") == 0 ||
         g_str_has_suffix (content_type, "+json");
}

/* An HTML (or XML) page: by its type, or by its first character whatever
 * the type says (a CDN error page sent as application/json is still a page). */
gboolean
keika_http_body_looks_like_html (const char *content_type,
                                 GBytes     *body)
{
  gsize length = 0;
  const guchar *data = g_bytes_get_data (body, &length);
  gsize i = 0;

  if (content_type != NULL &&
      (g_ascii_strcasecmp (content_type, "text/html") == 0 ||
       g_ascii_strcasecmp (content_type, "application/xhtml+xml") == 0))
    return TRUE;

  if (length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;

  return i < length && data[i] == '<';
}

gboolean
keika_http_body_says_dos (GBytes *body)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  g_autofree char *lower = NULL;

  if (length == 0)
    return FALSE;

  lower = g_ascii_strdown (data, MIN (length, 4096));
  return strstr (lower, "dos detected") != NULL;
}

KeikaJsonDoc *
keika_http_body_parse_json (GBytes  *body,
                            GError **error)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  return keika_json_doc_parse (data, length, error);
}


/* What the site said in an error body, or NULL:
 *   MAL                {"error": "invalid_token", "message": "…"}
 *   OAuth              {"error": "…", "error_description": "…"}
 *   Laravel (AniTrack) {"message": "…", "errors": {"score": ["…"], …}}
 *   JSON:API (Kitsu)   {"errors": [{"title", "detail", …}]}
 *   GraphQL (AniList)  {"errors": [{"message", "status", "validation": {field: […]}}]} */
static void
append_field_errors (GString              *text,
                     const KeikaJsonValue *fields)
{
  for (const KeikaJsonValue *value = keika_json_first (fields); value != NULL;
       value = keika_json_next (value))
    {
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s:", keika_json_get_name (value));

      if (keika_json_is_array (value))
        {
          for (const KeikaJsonValue *item = keika_json_first (value); item != NULL;
               item = keika_json_next (item))
            {
              if (keika_json_get_string (item) != NULL)
                g_string_append_printf (text, " %s", keika_json_get_string (item));
            }
        }
      else if (keika_json_get_string (value) != NULL)
        {
          g_string_append_printf (text, " %s", keika_json_get_string (value));
        }
    }
}

static const char *
get_string_member (const KeikaJsonValue *object,
                   const char           *name)
{
  const char *text = keika_json_get_string (keika_json_get_member (object, name));

  return text != NULL && *text != '\0' ? text : NULL;
}

char *
keika_http_body_describe_error (KeikaJsonDoc *doc)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const KeikaJsonValue *object;
  const KeikaJsonValue *errors;
  const char *message;

  object = doc != NULL ? keika_json_doc_get_root (doc) : NULL;
  if (!keika_json_is_object (object))
    return NULL;

  errors = keika_json_get_member (object, "errors");
  if (keika_json_is_object (errors))
    {
      append_field_errors (text, errors);
    }
  else if (keika_json_is_array (errors))
    {
      guint i = 0;

      for (const KeikaJsonValue *entry = keika_json_first (errors); entry != NULL && i < 5;
           entry = keika_json_next (entry), i++)
        {
          const KeikaJsonValue *validation;
          const char *said;

          if (!keika_json_is_object (entry))
            continue;

          validation = keika_json_get_member (entry, "validation");
          if (keika_json_is_object (validation))
            {
              append_field_errors (text, validation);
              continue;
            }

          said = get_string_member (entry, "detail");
          if (said == NULL)
            said = get_string_member (entry, "message");
          if (said == NULL)
            said = get_string_member (entry, "title");
          if (said != NULL)
            {
              if (text->len > 0)
                g_string_append (text, "; ");
              g_string_append (text, said);
            }
        }
    }

  if (text->len > 0)
    return g_string_free (g_steal_pointer (&text), FALSE);

  if ((message = get_string_member (object, "message")) != NULL ||
      (message = get_string_member (object, "error_description")) != NULL ||
      (message = get_string_member (object, "error")) != NULL)
    return g_strdup (message);

  return NULL;
}

/* One line, valid UTF-8, no control characters, not too long. */
char *
keika_http_body_tidy_detail (const char *detail)
{
  g_autofree char *valid = NULL;
  GString *text;

  if (detail == NULL)
    return NULL;

  valid = g_utf8_make_valid (detail, -1);
  text = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        c = ' ';
      if (g_utf8_strlen (text->str, -1) >= MAX_DETAIL)
        {
          g_string_append (text, "…");
          break;
        }
      g_string_append_unichar (text, c);
    }

  g_strstrip (text->str);
  /* The messages around it add their own full stop. */
  while (g_str_has_suffix (text->str, "."))
    text->str[strlen (text->str) - 1] = '\0';
  if (text->str[0] == '\0')
    {
      g_string_free (text, TRUE);
      return NULL;
    }

  return g_string_free (text, FALSE);
}
