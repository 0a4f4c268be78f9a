/* hostile-files.c — damaged and hostile import files, made from good ones
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hostile-files.h"

/* A Keika export of three anime, one also in the MyAnimeList export. */
static const char keika_json[] =
  "{\"keika\": 1, \"exported_at\": \"2026-11-30T10:00:00Z\", \"entries\": ["
  "{\"anime\": {\"titles\": {\"romaji\": \"Hostile One\"}, \"ids\": {\"mal\": 990001},"
  " \"format\": \"tv\", \"episodes\": 12}, \"status\": \"watching\", \"progress\": 3, \"score\": 70},"
  "{\"anime\": {\"titles\": {\"romaji\": \"Hostile Two\"}, \"ids\": {\"mal\": 990002}},"
  " \"status\": \"planning\", \"progress\": 0},"
  "{\"anime\": {\"titles\": {\"romaji\": \"Hostile Three\"}, \"ids\": {\"mal\": 990003}},"
  " \"status\": \"completed\", \"progress\": 1, \"notes\": \"  two\\nlines  \"}"
  "]}";

void
hostile_file_free (HostileFile *file)
{
  g_free (file->path);
  g_free (file->what);
  g_free (file);
}

static void
add (GPtrArray     *files,
     const char    *dir,
     HostileExpect  expect,
     const char    *data,
     gsize          length,
     const char    *format,
     ...) G_GNUC_PRINTF (6, 7);

static void
add (GPtrArray     *files,
     const char    *dir,
     HostileExpect  expect,
     const char    *data,
     gsize          length,
     const char    *format,
     ...)
{
  HostileFile *file = g_new0 (HostileFile, 1);
  g_autofree char *name = g_strdup_printf ("hostile-%03u", files->len);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  file->what = g_strdup_vprintf (format, args);
  va_end (args);
  file->path = g_build_filename (dir, name, NULL);
  file->expect = expect;

  g_file_set_contents (file->path, data, (gssize) length, &error);
  g_assert_no_error (error);
  g_ptr_array_add (files, file);
}

static void
add_string (GPtrArray     *files,
            const char    *dir,
            HostileExpect  expect,
            GString       *text,
            const char    *what)
{
  add (files, dir, expect, text->str, text->len, "%s", what);
}

static GBytes *
gzip (const void *data,
      gsize       length)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  g_output_stream_write_all (stream, data, length, &written, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* @text with its first @needle replaced. */
static GString *
replaced (const char *text,
          const char *needle,
          const char *replacement)
{
  GString *out = g_string_new (text);

  g_assert_nonnull (strstr (text, needle));
  g_string_replace (out, needle, replacement, 1);

  return out;
}

GPtrArray *
hostile_files_make (const char *dir,
                    GBytes     *mal_xml,
                    guint       n_random,
                    guint32     seed)
{
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) hostile_file_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize xml_length = 0;
  const char *xml_data = g_bytes_get_data (mal_xml, &xml_length);
  g_autofree char *xml = g_strndup (xml_data, xml_length);
  gsize json_length = strlen (keika_json);
  const char *first_anime = strstr (xml, "<anime>");
  const char *first_anime_end = strstr (xml, "</anime>") + strlen ("</anime>");

  g_assert_nonnull (first_anime);

  /* Empty and nearly empty. */
  add (files, dir, HOSTILE_UNREADABLE, "", 0, "an empty file");
  add (files, dir, HOSTILE_UNREADABLE, " \n\t ", 4, "white space only");
  add (files, dir, HOSTILE_UNREADABLE, "\xef\xbb\xbf", 3, "a byte order mark only");
  add (files, dir, HOSTILE_UNREADABLE, "\0\0\0\0", 4, "NUL bytes only");
  add (files, dir, HOSTILE_UNREADABLE, "\x1f\x8b", 2, "a gzip header only");

  /* Cut short. */
  for (guint i = 0; i < 12; i++)
    {
      gsize at = g_rand_int_range (rand, 1, (gint32) (strstr (xml, "</myanimelist>") - xml));

      add (files, dir, HOSTILE_UNREADABLE, xml, at, "the XML export cut at byte %" G_GSIZE_FORMAT, at);
    }
  for (guint i = 0; i < 6; i++)
    {
      gsize at = g_rand_int_range (rand, 1, (gint32) json_length - 1);

      add (files, dir, HOSTILE_UNREADABLE, keika_json, at, "the JSON export cut at byte %" G_GSIZE_FORMAT, at);
    }

  /* Absurd numbers: refused or clamped per entry, never a crash. */
  {
    const struct { const char *needle, *value; } numbers[] = {
      { "<my_watched_episodes>25</my_watched_episodes>", "<my_watched_episodes>99999999999999999999999</my_watched_episodes>" },
      { "<my_watched_episodes>25</my_watched_episodes>", "<my_watched_episodes>-9223372036854775808</my_watched_episodes>" },
      { "<my_score>9</my_score>", "<my_score>9223372036854775807</my_score>" },
      { "<my_score>9</my_score>", "<my_score>NaN</my_score>" },
      { "<my_score>9</my_score>", "<my_score>1e309</my_score>" },
      { "<series_animedb_id>16498</series_animedb_id>", "<series_animedb_id>18446744073709551616</series_animedb_id>" },
      { "<series_animedb_id>16498</series_animedb_id>", "<series_animedb_id>-1</series_animedb_id>" },
      { "<series_episodes>25</series_episodes>", "<series_episodes>4294967296</series_episodes>" },
      { "<my_times_watched>1</my_times_watched>", "<my_times_watched>-7</my_times_watched>" },
      { "<my_start_date>2020-05-00</my_start_date>", "<my_start_date>99999-99-99</my_start_date>" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
      {
        g_autoptr(GString) text = replaced (xml, numbers[i].needle, numbers[i].value);

        add_string (files, dir, HOSTILE_READABLE, text, numbers[i].value);
      }
  }
  {
    const char *values[] = { "1e400", "-1", "18446744073709551616", "9223372036854775807", "0.5", "\"3\"", "null", "[]", "{}" };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        g_autofree char *value = g_strdup_printf ("\"progress\": %s", values[i]);
        g_autoptr(GString) text = replaced (keika_json, "\"progress\": 3", value);

        add_string (files, dir, HOSTILE_READABLE, text, value);
        g_string_assign (text, keika_json);
        g_free (value);
        value = g_strdup_printf ("\"score\": %s", values[i]);
        g_string_replace (text, "\"score\": 70", value, 1);
        add_string (files, dir, HOSTILE_READABLE, text, value);
      }
  }

  /* Deep nesting. */
  {
    g_autoptr(GString) text = g_string_new ("{\"keika\": 1, \"entries\": ");

    for (guint i = 0; i < 77000; i++)
      g_string_append_c (text, '[');
    add_string (files, dir, HOSTILE_UNREADABLE, text, "JSON arrays nested 77,000 deep, never closed");
    for (guint i = 0; i < 77000; i++)
      g_string_append_c (text, ']');
    g_string_append_c (text, '}');
    add_string (files, dir, HOSTILE_UNREADABLE, text, "JSON arrays nested 77,000 deep");

    g_string_assign (text, "{\"keika\": 1, \"entries\": [{\"anime\": ");
    for (guint i = 0; i < 100000; i++)
      g_string_append (text, "{\"a\":");
    add_string (files, dir, HOSTILE_UNREADABLE, text, "JSON objects nested 100,000 deep");

    g_string_assign (text, "<?xml version=\"1.0\"?>\n<myanimelist>");
    for (guint i = 0; i < 100000; i++)
      g_string_append (text, "<anime>");
    add_string (files, dir, HOSTILE_UNREADABLE, text, "XML nested 100,000 deep, never closed");
    for (guint i = 0; i < 100000; i++)
      g_string_append (text, "</anime>");
    g_string_append (text, "</myanimelist>");
    add_string (files, dir, HOSTILE_EITHER, text, "XML nested 100,000 deep");
  }

  /* Entity tricks: GMarkup expands none but the five of XML. */
  {
    g_autoptr(GString) laughs = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
                                              "<!ENTITY lol \"lol\">\n");

    for (guint i = 1; i < 10; i++)
      g_string_append_printf (laughs, "<!ENTITY lol%u \"&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;&lol%u;\">\n",
                              i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    g_string_append (laughs, "]>\n<myanimelist><anime><series_animedb_id>1</series_animedb_id>"
                             "<series_title>&lol9;</series_title><my_status>Watching</my_status>"
                             "</anime></myanimelist>");
    g_string_replace (laughs, "&lol0;", "&lol;", 0);
    add_string (files, dir, HOSTILE_UNREADABLE, laughs, "a billion laughs");
  }
  {
    g_autoptr(GString) text = replaced (xml, "<myanimelist>",
                                        "<!DOCTYPE x [<!ENTITY passwd SYSTEM \"file:///etc/passwd\">]>\n"
                                        "<myanimelist>");

    g_string_replace (text, "<my_status>Completed</my_status>", "<my_status>&passwd;</my_status>", 1);
    add_string (files, dir, HOSTILE_UNREADABLE, text, "an external entity");
  }
  {
    g_autoptr(GString) text = replaced (xml, "<my_status>Completed</my_status>",
                                        "<my_status>&#0;&#xD800;&#1114112;</my_status>");

    add_string (files, dir, HOSTILE_UNREADABLE, text, "character references that are no characters");
  }

  /* Not text. */
  {
    g_autoptr(GString) text = replaced (xml, "進撃の巨人", "Shingeki \xff\xfe no \xc0\xaf Kyojin");

    add_string (files, dir, HOSTILE_READABLE, text, "invalid UTF-8 in a title");
    g_string_assign (text, xml);
    g_string_replace (text, "<myinfo>", "<my\xffinfo>", 1);
    add_string (files, dir, HOSTILE_UNREADABLE, text, "invalid UTF-8 in an element name");
    g_string_assign (text, xml);
    /* "Watched with friends" with a NUL for the space. */
    text->str[strstr (text->str, "Watched with") - text->str + 7] = '\0';
    add_string (files, dir, HOSTILE_READABLE, text, "a NUL byte in notes");
    g_string_assign (text, keika_json);
    g_string_replace (text, "Hostile One", "Hostile \\ud800 One\xff", 1);
    add_string (files, dir, HOSTILE_READABLE, text, "a lone surrogate and invalid UTF-8 in JSON");
    g_string_assign (text, keika_json);
    g_string_replace (text, "two\\nlines", "two\\u0000lines", 1);
    add_string (files, dir, HOSTILE_READABLE, text, "an escaped NUL in JSON notes");
  }

  /* Repeated ids: the same anime fifty times over, each time different. */
  {
    g_autoptr(GString) text = g_string_new_len (xml, first_anime_end - xml);
    g_autofree char *block = g_strndup (first_anime, first_anime_end - first_anime);

    for (guint i = 0; i < 50; i++)
      {
        g_autoptr(GString) copy = g_string_new (block);
        g_autofree char *episodes = g_strdup_printf ("<my_watched_episodes>%u</my_watched_episodes>", i % 26);

        g_string_replace (copy, "<my_watched_episodes>25</my_watched_episodes>", episodes, 1);
        g_string_append_c (text, '\n');
        g_string_append (text, copy->str);
      }
    g_string_append (text, first_anime_end);
    add_string (files, dir, HOSTILE_READABLE, text, "one anime fifty times");
  }

  /* Compressed. */
  {
    gsize bomb_size = 80 * 1024 * 1024;
    g_autofree char *zeros = g_malloc0 (bomb_size);
    g_autoptr(GBytes) bomb = gzip (zeros, bomb_size);
    g_autoptr(GBytes) good = gzip (xml, xml_length);
    gsize good_length = 0;
    const char *good_data = g_bytes_get_data (good, &good_length);
    g_autofree char *flipped = g_memdup2 (good_data, good_length);

    add (files, dir, HOSTILE_UNREADABLE, g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb),
         "a gzip bomb (80 MB of zeros in %" G_GSIZE_FORMAT " bytes)", g_bytes_get_size (bomb));
    add (files, dir, HOSTILE_UNREADABLE, good_data, good_length / 2, "a gzipped export cut in half");
    flipped[good_length / 2] ^= 0x5a;
    flipped[good_length / 2 + 1] ^= 0xa5;
    add (files, dir, HOSTILE_UNREADABLE, flipped, good_length, "a gzipped export with damaged bytes");
    add (files, dir, HOSTILE_READABLE, good_data, good_length, "a good gzipped export");
  }

  /* Random damage. */
  for (guint i = 0; i < n_random; i++)
    {
      gboolean use_json = g_rand_boolean (rand);
      g_autoptr(GString) text = use_json ? g_string_new (keika_json) : g_string_new_len (xml, xml_length);
      guint kind = g_rand_int_range (rand, 0, 3);
      guint n = g_rand_int_range (rand, 1, 9);

      for (guint j = 0; j < n; j++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) text->len);

          switch (kind)
            {
            case 0: /* flipped bytes */
              text->str[at] = (char) g_rand_int_range (rand, 0, 256);
              break;
            case 1: /* a chunk repeated */
              {
                gsize wanted = g_rand_int_range (rand, 1, 400);
                gsize length = MIN (wanted, text->len - at);
                g_autofree char *chunk = g_strndup (text->str + at, length);

                g_string_insert_len (text, g_rand_int_range (rand, 0, (gint32) text->len), chunk, length);
              }
              break;
            default: /* a chunk dropped */
              {
                gsize wanted = g_rand_int_range (rand, 1, 200);

                g_string_erase (text, at, MIN (wanted, text->len - at));
              }
              break;
            }
        }

      add (files, dir, HOSTILE_EITHER, text->str, text->len, "the %s export with %u %s",
           use_json ? "JSON" : "XML", n,
           kind == 0 ? "bytes flipped" : kind == 1 ? "chunks repeated" : "chunks dropped");
    }

  return files;
}
