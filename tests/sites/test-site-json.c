/* test-site-json.c — what every site reads alike from the services' answers
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "keika-json-doc.h"
#include "keika-site-json.h"

/* The field errors of @json as "name=message|name=message", or NULL. */
static char *
field_errors (const char *json)
{
  g_autoptr(KeikaJsonDoc) doc = keika_json_doc_parse (json, strlen (json), NULL);
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (doc);
  pairs = keika_site_json_field_errors (keika_json_doc_get_root (doc));
  if (pairs == NULL)
    return NULL;
  g_assert_cmpuint (pairs->len % 2, ==, 0);
  for (guint i = 0; i < pairs->len; i += 2)
    g_string_append_printf (text, "%s%s=%s", i > 0 ? "|" : "", (char *) pairs->pdata[i],
                            (char *) pairs->pdata[i + 1]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_field_errors (const char *json,
                     const char *expected)
{
  g_autofree char *got = field_errors (json);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_field_errors (void)
{
  g_autofree char *long_json = NULL;
  g_autofree char *long_said = NULL;

  /* AniTrack (Laravel): each field's first message, in the body's order. */
  assert_field_errors ("{\"message\":\"The score field must be between 0 and 100. (and 1 more error)\","
                       "\"errors\":{\"score\":[\"The score field must be between 0 and 100.\"],"
                       "\"notes\":[\"The notes may not be greater than 2000 characters.\","
                       "\"Second.\"]}}",
                       "score=The score field must be between 0 and 100|"
                       "notes=The notes may not be greater than 2000 characters");
  /* AniList (GraphQL): validation maps, also in a later error; a field
   * named twice keeps what was said first. */
  assert_field_errors ("{\"data\":null,\"errors\":[{\"message\":\"Unauthorized.\",\"status\":401},"
                       "{\"message\":\"validation\",\"status\":400,\"validation\":"
                       "{\"startedAt.month\":[\"The started at.month must be between 1 and 12.\"],"
                       "\"scoreRaw\":\"The score must be between 0 and 100.\"}},"
                       "{\"message\":\"validation\",\"validation\":{\"scoreRaw\":[\"Later.\"]}}]}",
                       "startedAt.month=The started at.month must be between 1 and 12|"
                       "scoreRaw=The score must be between 0 and 100");
  /* Kitsu (JSON:API): the attribute of the pointer and the error's title. */
  assert_field_errors ("{\"errors\":[{\"title\":\"cannot exceed length of media\","
                       "\"detail\":\"progress - cannot exceed length of media\",\"code\":\"100\","
                       "\"source\":{\"pointer\":\"/data/attributes/progress\"},\"status\":\"422\"},"
                       "{\"title\":\"is invalid\",\"source\":{\"pointer\":\"/data/relationships/anime\"}},"
                       "{\"title\":\"no pointer\"}]}",
                       "progress=cannot exceed length of media");

  /* Nothing about a field: NULL. */
  assert_field_errors ("{\"error\":\"invalid_content\",\"message\":\"Bad.\"}", NULL);
  assert_field_errors ("{\"errors\":[{\"message\":\"Not Found.\",\"status\":404}]}", NULL);
  assert_field_errors ("{\"errors\":{}}", NULL);
  assert_field_errors ("{\"errors\":\"score\"}", NULL);
  assert_field_errors ("[1,2]", NULL);
  assert_field_errors ("{\"errors\":{\"score\":[],\"notes\":[42],\"\":[\"x\"],\"tags\":[\"\"]}}", NULL);

  /* What a site said, as one tidy line: control characters are spaces (a
   * NUL was read as U+FFFD), the ends trimmed, the full stops dropped, and
   * cut. */
  assert_field_errors ("{\"errors\":{\"notes\":[\"  Too\\nlong\\t\\u0000here... \"]}}",
                       "notes=Too long \xef\xbf\xbdhere");
  long_said = g_strnfill (400, 'x');
  long_json = g_strdup_printf ("{\"errors\":{\"notes\":[\"%s\"]}}", long_said);
  {
    g_autofree char *got = field_errors (long_json);

    g_assert_nonnull (got);
    g_assert_cmpuint (g_utf8_strlen (got, -1), ==, strlen ("notes=") + 300 + 1);
    g_assert_true (g_str_has_suffix (got, "…"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sites/json/field-errors", test_field_errors);

  return g_test_run ();
}
