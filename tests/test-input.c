/* test-input.c — reading what comes from outside (src/util/keika-input.c and
 * keika-json-doc.c)
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaTestInput"

#include "config.h"

#include <string.h>

#include "keika-input.h"
#include "keika-json-doc.h"

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

/* The answers' parser (cJSON behind keika-json-doc) reads what json-glib
 * read, refuses what it refused, and never gives a string that is not
 * text. */

static KeikaJsonDoc *
parse_doc (const char  *text,
           GError     **error)
{
  return keika_json_doc_parse (text, strlen (text), error);
}

static void
test_doc_refuses (void)
{
  const char * const bad[] = {
    "", "   \n\t", "{\"a\": 1} x", "{\"a\": 1}{\"b\": 2}", "[1,]", "{\"a\": 1,}",
    "[NaN]", "{'a': 1}", "// c\n[1]", "{\"a\": \"\xff\xfe\"}", "[\"open", "{\"a\"",
    "[\"\\x\"]", "<html><body>Bad gateway</body></html>",
  };
  g_autofree char *deep = nested ("[", "]", KEIKA_JSON_MAX_DEPTH + 1);
  g_autofree char *deepest_allowed = nested ("{\"a\":", "}", KEIKA_JSON_MAX_DEPTH - 1);
  g_autoptr(KeikaJsonDoc) ok = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KeikaJsonDoc) doc = parse_doc (bad[i], &error);

      g_assert_null (doc);
      g_assert_error (error, JSON_PARSER_ERROR, error->code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KeikaJsonDoc) doc = parse_doc (deep, &error);

    g_assert_null (doc);
    g_assert_nonnull (strstr (error->message, "nests more than"));
  }

  /* {"a": … 511 deep, then the innermost value: 1 would be one more. */
  {
    g_autofree char *text = g_strdup (deepest_allowed);
    char *inner = strstr (text, "}");
    g_autoptr(GString) full = g_string_new_len (text, inner - text);

    g_string_append (full, "1");
    g_string_append (full, inner);
    ok = parse_doc (full->str, NULL);
    g_assert_nonnull (ok);
  }
}

static void
test_doc_reads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaJsonDoc) doc = NULL;
  const KeikaJsonValue *root, *list, *v;
  double number = 0;
  gboolean flag = FALSE;
  guint n = 0;

  doc = parse_doc ("  {\"s\": \"ü \\u00e9\\ud83d\\ude00\", \"n\": -12.5, \"big\": 1e999,"
                   " \"t\": true, \"z\": null, \"list\": [1, \"two\", {\"three\": 3}, []],"
                   " \"lone\": \"a\\ud800b\", \"nul\": \"a\\u0000b\"}\r\n", &error);
  g_assert_no_error (error);
  root = keika_json_doc_get_root (doc);
  g_assert_true (keika_json_is_object (root));
  g_assert_cmpint (keika_json_get_type (root), ==, KEIKA_JSON_OBJECT);

  g_assert_cmpstr (keika_json_get_string (keika_json_get_member (root, "s")), ==,
                   "ü \u00e9\U0001F600");
  g_assert_true (keika_json_get_number (keika_json_get_member (root, "n"), &number));
  g_assert_cmpfloat (number, ==, -12.5);
  /* Out of range is no number. */
  g_assert_false (keika_json_get_number (keika_json_get_member (root, "big"), &number));
  g_assert_true (keika_json_get_boolean (keika_json_get_member (root, "t"), &flag));
  g_assert_true (flag);
  g_assert_cmpint (keika_json_get_type (keika_json_get_member (root, "z")), ==, KEIKA_JSON_NULL);
  g_assert_cmpint (keika_json_get_type (keika_json_get_member (root, "none")), ==,
                   KEIKA_JSON_ABSENT);
  /* Types that are not the one asked for read as absent. */
  g_assert_null (keika_json_get_string (keika_json_get_member (root, "n")));
  g_assert_false (keika_json_get_number (keika_json_get_member (root, "s"), &number));
  g_assert_false (keika_json_get_boolean (keika_json_get_member (root, "z"), &flag));
  g_assert_null (keika_json_get_member (keika_json_get_member (root, "s"), "x"));
  g_assert_null (keika_json_get_member (NULL, "x"));
  g_assert_null (keika_json_first (keika_json_get_member (root, "s")));

  /* A lone surrogate and NUL read as U+FFFD: always text. */
  g_assert_cmpstr (keika_json_get_string (keika_json_get_member (root, "lone")), ==,
                   "a\357\277\275b");
  g_assert_cmpstr (keika_json_get_string (keika_json_get_member (root, "nul")), ==,
                   "a\357\277\275b");

  list = keika_json_get_member (root, "list");
  g_assert_true (keika_json_is_array (list));
  g_assert_cmpuint (keika_json_get_length (list), ==, 4);
  for (v = keika_json_first (list); v != NULL; v = keika_json_next (v))
    n++;
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (keika_json_get_length (keika_json_get_member (root, "s")), ==, 0);

  /* Members in order, with their names. */
  v = keika_json_first (root);
  g_assert_cmpstr (keika_json_get_name (v), ==, "s");
  v = keika_json_next (v);
  g_assert_cmpstr (keika_json_get_name (v), ==, "n");

  /* A value outlives nothing: the document is counted. */
  {
    KeikaJsonDoc *other = keika_json_doc_ref (doc);

    keika_json_doc_unref (other);
    g_assert_cmpstr (keika_json_get_string (keika_json_get_member (root, "s")), !=, NULL);
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
  g_test_add_func ("/input/doc/refuses", test_doc_refuses);
  g_test_add_func ("/input/doc/reads", test_doc_reads);

  return g_test_run ();
}
