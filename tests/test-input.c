/* test-input.c — reading what comes from outside (src/util/keika-input.c)
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaTestInput"

#include "config.h"

#include <string.h>

#include "keika-input.h"

static char *
nested (const char *open,
        const char *close,
        guint       depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  for (guint i = 0; i < depth; i++)
    g_string_append (text, close);

  return g_string_free (text, FALSE);
}

static gboolean
depth_within (const char *json,
              guint       depth)
{
  return keika_input_json_depth_within (json, strlen (json), depth);
}

/* json-glib 1.6 parses recursively: 77,000 brackets exhaust a worker
 * thread's stack. They are refused before it sees them, in a thread as in
 * the import and the site readers. */
static gpointer
parse_in_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = keika_input_read_json (data, -1, &error);

  g_assert_null (root);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "512"));

  return NULL;
}

static void
test_depth (void)
{
  g_autofree char *deep_arrays = nested ("[", "]", 77000);
  g_autofree char *deep_objects = nested ("{\"a\":", "}", 100000);
  g_autofree char *unclosed = g_strnfill (77000, '[');
  g_autofree char *at_limit = nested ("[", "]", KEIKA_JSON_MAX_DEPTH);
  g_autofree char *past_limit = nested ("[", "]", KEIKA_JSON_MAX_DEPTH + 1);
  g_autofree char *in_string = g_strdup_printf ("{\"notes\": \"%s\"}", unclosed);
  const char *inputs[] = { deep_arrays, deep_objects, unclosed, past_limit };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      GThread *thread = g_thread_new ("parse", parse_in_thread, (gpointer) inputs[i]);

      g_thread_join (thread);
    }

  /* As deep as allowed, and brackets inside strings (escaped quotes too). */
  {
    g_autoptr(JsonNode) root = keika_input_read_json (at_limit, -1, NULL);

    g_assert_nonnull (root);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = keika_input_read_json (in_string, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (root), "notes")), ==, 77000);
  }
  g_assert_true (depth_within ("[\"\\\"[[[\", \"\\\\\", [1]]", 2));
  g_assert_false (depth_within ("[\"\\\\\", [[1]]]", 2));
  g_assert_true (depth_within ("\"unterminated [[[", 1));
  g_assert_true (depth_within ("]]]][", 1));
  g_assert_false (depth_within ("]]]][[", 1));
}

static void
test_read_json_errors (void)
{
  const char *inputs[] = {
    "",
    "   ",
    "{\"a\": ",
    "<html><body>Bad gateway</body></html>",
    "{\"a\": \"\xff\xfe\"}",
    "{\"a\": 1} trailing",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = keika_input_read_json (inputs[i], -1, &error);

      g_assert_null (root);
      g_assert_nonnull (error);
      g_test_message ("%u: %s", i, error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

/* Escapes that json-glib would make into bytes that are not text, or
 * refuse with the whole page, read as U+FFFD; pairs stay as they are. */
static void
test_escapes (void)
{
  const struct {
    const char *json;
    const char *value;
  } cases[] = {
    { "[\"a\\ud800b\"]", "a\357\277\275b" },
    { "[\"a\\udc00b\"]", "a\357\277\275b" },
    { "[\"a\\ud800\\u0041\"]", "a\357\277\275A" },
    { "[\"\\ud83c\\udf89\"]", "\360\237\216\211" },
    { "[\"x\\u0000y\"]", "x\357\277\275y" },
    { "[\"\\\\ud800\"]", "\\ud800" },
    { "[\"\\\"\\ud800\"]", "\"\357\277\275" },
    { "[\"end\\ud800", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = keika_input_read_json (cases[i].json, -1, &error);

      g_test_message ("%s", cases[i].json);
      if (cases[i].value == NULL)
        {
          g_assert_null (root);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpstr (json_array_get_string_element (json_node_get_array (root), 0), ==, cases[i].value);
    }
}

static void
test_mend_text (void)
{
  const struct {
    const char *in;
    gsize       length;
    const char *out;
    gsize       n;
  } cases[] = {
    { "plain ASCII", 11, NULL, 0 },
    { "日本語", 9, NULL, 0 },
    { "a\xff" "b", 3, "a\357\277\275b", 1 },
    { "a\xff\xfe\xfd" "b", 5, "a\357\277\275b", 1 },
    { "a\0b", 3, "a\357\277\275b", 1 },
    { "x\xe6\x97", 3, "x\357\277\275", 1 },                 /* a character cut short */
    { "\xc0\xaf/\xed\xa0\x80", 5, "\357\277\275/\357\277\275", 2 }, /* overlong, surrogate */
    { "ok\xff" "日\xfe", 7, "ok\357\277\275日\357\277\275", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize n = 99;
      g_autofree char *out = keika_input_mend_text (cases[i].in, cases[i].length, &n);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_cmpuint (n, ==, cases[i].n);
      if (out != NULL)
        g_assert_true (g_utf8_validate (out, -1, NULL));
    }

  {
    g_autofree char *scratch = NULL;

    g_assert_cmpstr (keika_input_valid_text ("fine", &scratch), ==, "fine");
    g_assert_null (scratch);
    g_assert_cmpstr (keika_input_valid_text ("bad \xff", &scratch), ==, "bad \357\277\275");
    g_assert_nonnull (scratch);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/input/json/depth", test_depth);
  g_test_add_func ("/input/json/errors", test_read_json_errors);
  g_test_add_func ("/input/json/escapes", test_escapes);
  g_test_add_func ("/input/text/mend", test_mend_text);

  return g_test_run ();
}
