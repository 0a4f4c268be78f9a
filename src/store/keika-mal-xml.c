/* keika-mal-xml.c — MyAnimeList XML export, read and written
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaTransfer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "keika-anime.h"
#include "keika-input.h"
#include "keika-list-entry.h"
#include "keika-score.h"
#include "keika-transfer-private.h"

/* MAL serves its export gzipped; nobody's list inflates to this much (one of
 * 10,000 anime is about 7 MB), and a small file that claims more is a gzip
 * bomb. */
#define MAX_INFLATED_SIZE (64 * 1024 * 1024)

/* The numeric status codes some exports (and MAL's own forms) use. */
enum {
  MAL_STATUS_WATCHING      = 1,
  MAL_STATUS_COMPLETED     = 2,
  MAL_STATUS_ON_HOLD       = 3,
  MAL_STATUS_DROPPED       = 4,
  MAL_STATUS_PLAN_TO_WATCH = 6,
};

typedef struct
{
  GPtrArray         *entries;      /* (owned) of KeikaListEntry */
  KeikaImportReport *report;       /* (unowned) */
  /* (owned) child name → Field. The fields are kept from one <anime> to the
   * next and only emptied, so that 10,000 entries do not cost 250,000
   * allocations; one of another element than the open one is absent. */
  GHashTable        *fields;
  guint              generation;   /* of the open <anime> or <myinfo> */
  struct _Field     *field;        /* (unowned) the field being read, or NULL */
  guint              depth;
  guint              n_anime;      /* <anime> elements seen, for messages */
  gboolean           seen_root;
  gboolean           in_anime;
  gboolean           in_myinfo;
} ParseState;

/* A field's text: what is in CDATA sections is the field's, as it is
 * (notes keep their spaces and line breaks); text outside them, when there
 * is no CDATA, is trimmed (the whitespace around a value is layout). */
typedef struct _Field
{
  GString *text;        /* (owned) */
  GString *cdata;       /* (owned) */
  gboolean has_cdata;
  guint    generation;  /* of the element it was last read in */
} Field;

static void
field_free (gpointer data)
{
  Field *field = data;

  g_string_free (field->text, TRUE);
  g_string_free (field->cdata, TRUE);
  g_free (field);
}

gboolean
keika_transfer_is_gzip (const char *data,
                        gsize       length)
{
  return length >= 2 && (guchar) data[0] == 0x1f && (guchar) data[1] == 0x8b;
}

static GBytes *
inflate_gzip (const char  *data,
              gsize        length,
              GError     **error)
{
  g_autoptr(GConverter) decompressor = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize in_pos = 0;

  decompressor = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));

  for (;;)
    {
      guint8 buffer[16384];
      gsize bytes_read = 0;
      gsize bytes_written = 0;
      GConverterResult result;
      g_autoptr(GError) local_error = NULL;

      result = g_converter_convert (decompressor,
                                    data + in_pos, length - in_pos,
                                    buffer, sizeof buffer,
                                    G_CONVERTER_INPUT_AT_END,
                                    &bytes_read, &bytes_written,
                                    &local_error);
      if (result == G_CONVERTER_ERROR)
        {
          GError *damaged = g_error_new_literal (KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                                                 _("The file is compressed but damaged; it may "
                                                   "not have finished downloading. Download "
                                                   "the export again."));

          keika_transfer_error_set_details (damaged, local_error->message);
          g_propagate_error (error, damaged);
          return NULL;
        }

      in_pos += bytes_read;
      g_byte_array_append (out, buffer, bytes_written);

      if (out->len > MAX_INFLATED_SIZE)
        {
          g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                               _("The file is too large to be a MyAnimeList export"));
          return NULL;
        }

      if (result == G_CONVERTER_FINISHED)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element_name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  ParseState *state = user_data;

  state->depth++;

  if (state->depth == 1)
    {
      if (state->seen_root || strcmp (element_name, "myanimelist") != 0)
        {
          g_autofree char *details = NULL;

          if (g_ascii_strcasecmp (element_name, "html") == 0)
            g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                                 _("This is a web page, not a MyAnimeList export. Export your "
                                   "list from MyAnimeList’s Export page and choose the .xml.gz "
                                   "file."));
          else
            g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                                 _("The file is not a MyAnimeList export. Export your list from "
                                   "MyAnimeList’s Export page and choose the .xml.gz file."));
          /* Translators: %s is the name of an XML element, like "html" */
          details = g_strdup_printf (_("Its main element is <%s>, not <myanimelist>."), element_name);
          keika_transfer_error_set_details (*error, details);
          return;
        }
      state->seen_root = TRUE;
    }
  else if (state->depth == 2)
    {
      state->in_anime = strcmp (element_name, "anime") == 0;
      state->in_myinfo = strcmp (element_name, "myinfo") == 0;
      if (state->in_anime)
        state->n_anime++;
      if (state->in_anime || state->in_myinfo)
        state->generation++;
    }
  else if (state->depth == 3 && (state->in_anime || state->in_myinfo))
    {
      Field *slot = g_hash_table_lookup (state->fields, element_name);

      if (slot == NULL)
        {
          slot = g_new0 (Field, 1);
          slot->text = g_string_new (NULL);
          slot->cdata = g_string_new (NULL);
          g_hash_table_insert (state->fields, g_strdup (element_name), slot);
        }

      /* A repeated field keeps the last value. */
      g_string_truncate (slot->text, 0);
      g_string_truncate (slot->cdata, 0);
      slot->has_cdata = FALSE;
      slot->generation = state->generation;
      state->field = slot;
    }
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;

  if (state->field != NULL && state->depth == 3)
    g_string_append_len (state->field->text, text, text_len);
}

#define CDATA_START "<![CDATA["
#define CDATA_END   "]]>"

/* A CDATA section, whole (a value may be written in several, so that it
 * can hold "]]>"); comments and processing instructions are passed over. */
static void
passthrough_cb (GMarkupParseContext  *context,
                const char           *text,
                gsize                 text_len,
                gpointer              user_data,
                GError              **error)
{
  ParseState *state = user_data;
  const gsize start_len = strlen (CDATA_START);
  const gsize end_len = strlen (CDATA_END);

  if (state->field == NULL || state->depth != 3 || text_len < start_len + end_len ||
      strncmp (text, CDATA_START, start_len) != 0 ||
      strncmp (text + text_len - end_len, CDATA_END, end_len) != 0)
    return;

  g_string_append_len (state->field->cdata, text + start_len, text_len - start_len - end_len);
  state->field->has_cdata = TRUE;
}

static Field *
find_field (ParseState *state,
            const char *name)
{
  Field *found = g_hash_table_lookup (state->fields, name);

  if (found == NULL || found->generation != state->generation)
    return NULL;

  return found;
}

/* A value: trimmed (the whitespace around it is layout). */
static const char *
field (ParseState *state,
       const char *name)
{
  Field *found = find_field (state, name);
  GString *text;

  if (found == NULL)
    return NULL;

  text = found->has_cdata ? found->cdata : found->text;
  /* In place, once. */
  g_strstrip (text->str);
  text->len = strlen (text->str);

  return text->str;
}

/* Text a person wrote (the notes): what its CDATA holds, exactly, spaces
 * and line breaks around it included; without CDATA, the text trimmed. */
static const char *
field_text (ParseState *state,
            const char *name)
{
  Field *found = find_field (state, name);

  if (found == NULL)
    return NULL;
  if (found->has_cdata)
    return found->cdata->str;

  return field (state, name);
}

static guint
field_uint (ParseState *state,
            const char *name,
            guint       max)
{
  const char *str = field (state, name);
  guint64 value = 0;

  if (str == NULL || *str == '\0')
    return 0;

  if (!g_ascii_string_to_unsigned (str, 10, 0, G_MAXUINT64, &value, NULL))
    return 0;

  return (guint) MIN (value, (guint64) max);
}

static KeikaFormat
format_from_mal (const char *str)
{
  static const struct {
    const char  *name;
    KeikaFormat  format;
  } formats[] = {
    { "TV", KEIKA_FORMAT_TV },
    { "Movie", KEIKA_FORMAT_MOVIE },
    { "OVA", KEIKA_FORMAT_OVA },
    { "Special", KEIKA_FORMAT_SPECIAL },
    { "ONA", KEIKA_FORMAT_ONA },
    { "Music", KEIKA_FORMAT_MUSIC },
    /* MAL's finer kinds of special. */
    { "TV Special", KEIKA_FORMAT_SPECIAL },
    { "CM", KEIKA_FORMAT_SPECIAL },
    { "PV", KEIKA_FORMAT_SPECIAL },
    { "Unknown", KEIKA_FORMAT_UNKNOWN },
  };

  if (str == NULL)
    return KEIKA_FORMAT_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (str, formats[i].name) == 0)
        return formats[i].format;
    }

  return KEIKA_FORMAT_UNKNOWN;
}

static const char *
format_to_mal (KeikaFormat format)
{
  switch (format)
    {
    case KEIKA_FORMAT_TV:
    case KEIKA_FORMAT_TV_SHORT:
      return "TV";
    case KEIKA_FORMAT_MOVIE:
      return "Movie";
    case KEIKA_FORMAT_SPECIAL:
      return "Special";
    case KEIKA_FORMAT_OVA:
      return "OVA";
    case KEIKA_FORMAT_ONA:
      return "ONA";
    case KEIKA_FORMAT_MUSIC:
      return "Music";
    case KEIKA_FORMAT_UNKNOWN:
    default:
      return "Unknown";
    }
}

static gboolean
status_from_mal (const char  *str,
                 KeikaStatus *status)
{
  static const struct {
    const char  *name;
    KeikaStatus  status;
  } statuses[] = {
    { "Watching", KEIKA_STATUS_WATCHING },
    { "Completed", KEIKA_STATUS_COMPLETED },
    { "On-Hold", KEIKA_STATUS_ON_HOLD },
    { "On Hold", KEIKA_STATUS_ON_HOLD },
    { "Dropped", KEIKA_STATUS_DROPPED },
    { "Plan to Watch", KEIKA_STATUS_PLAN_TO_WATCH },
  };
  guint64 code;

  if (str == NULL || *str == '\0')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      if (g_ascii_strcasecmp (str, statuses[i].name) == 0)
        {
          *status = statuses[i].status;
          return TRUE;
        }
    }

  if (!g_ascii_string_to_unsigned (str, 10, 0, 9, &code, NULL))
    return FALSE;

  switch (code)
    {
    case MAL_STATUS_WATCHING:
      *status = KEIKA_STATUS_WATCHING;
      return TRUE;
    case MAL_STATUS_COMPLETED:
      *status = KEIKA_STATUS_COMPLETED;
      return TRUE;
    case MAL_STATUS_ON_HOLD:
      *status = KEIKA_STATUS_ON_HOLD;
      return TRUE;
    case MAL_STATUS_DROPPED:
      *status = KEIKA_STATUS_DROPPED;
      return TRUE;
    case MAL_STATUS_PLAN_TO_WATCH:
      *status = KEIKA_STATUS_PLAN_TO_WATCH;
      return TRUE;
    default:
      return FALSE;
    }
}

static const char *
status_to_mal (KeikaStatus status)
{
  switch (status)
    {
    case KEIKA_STATUS_WATCHING:
      return "Watching";
    case KEIKA_STATUS_COMPLETED:
      return "Completed";
    case KEIKA_STATUS_ON_HOLD:
      return "On-Hold";
    case KEIKA_STATUS_DROPPED:
      return "Dropped";
    case KEIKA_STATUS_PLAN_TO_WATCH:
      return "Plan to Watch";
    default:
      g_return_val_if_reached ("Plan to Watch");
    }
}

static GStrv
split_tags (const char *str)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  guint n = 0;

  if (str == NULL || *str == '\0')
    return NULL;

  parts = g_strsplit (str, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        {
          g_strv_builder_add (builder, parts[i]);
          n++;
        }
    }

  if (n == 0)
    return NULL;

  return g_strv_builder_end (builder);
}

/* MAL scores are whole numbers from 0 to 10. Another number from 0 to 10
 * ("8.5", from a tool other than MAL) is kept as the raw score it stands
 * for; one above 10 counts as 10; anything else is left out. */
static void
set_score (ParseState     *state,
           KeikaListEntry *entry)
{
  const char *str = field (state, "my_score");
  const char *title = keika_transfer_entry_title (entry);
  guint64 whole = 0;
  double value;
  char *end = NULL;
  guint raw;

  if (str == NULL || *str == '\0')
    return;

  if (g_ascii_string_to_unsigned (str, 10, 0, 10, &whole, NULL))
    {
      keika_list_entry_set_score (entry, keika_score_from_site ((guint) whole, KEIKA_SITE_MAL));
      return;
    }

  value = g_ascii_strtod (str, &end);
  if (end != str && *end == '\0' && value == 0)
    return;

  if (end == str || *end != '\0' || !isfinite (value) || value < 0)
    {
      keika_import_report_adjust (state->report,
                                  _("“%s”: the score “%s” is not a number from 0 to 10 and was left out"),
                                  title, str);
      keika_transfer_mark_unusable (entry, KEIKA_TRANSFER_UNUSABLE_SCORE);
      return;
    }

  raw = keika_score_from_format (value, KEIKA_SCORE_FORMAT_POINT_10_DECIMAL);
  keika_list_entry_set_score (entry, raw);

  /* "8.0" is 8. */
  if (value <= 10 && value == floor (value))
    return;

  if (raw == 0)
    {
      keika_import_report_adjust (state->report,
                                  _("“%s”: the score “%s” is not a number from 0 to 10 and was left out"),
                                  title, str);
      keika_transfer_mark_unusable (entry, KEIKA_TRANSFER_UNUSABLE_SCORE);
    }
  else
    keika_import_report_adjust (state->report,
                                /* Translators: the first %s is a title, the second the score as the file gives it */
                                _("“%s”: the score “%s” is not a whole number from 0 to 10; it was stored as %u out of 100"),
                                title, str, raw);
}

static void
end_anime (ParseState *state)
{
  g_autoptr(KeikaAnime) anime = NULL;
  g_autoptr(KeikaListEntry) entry = NULL;
  g_auto(GStrv) tags = NULL;
  const char *title = field (state, "series_title");
  const char *id_str = field (state, "series_animedb_id");
  const char *status_str = field (state, "my_status");
  const char *comments;
  guint64 mal_id = 0;
  KeikaStatus status;
  gboolean id_valid;

  id_valid = id_str != NULL &&
             g_ascii_string_to_unsigned (id_str, 10, 1, G_MAXINT64, &mal_id, NULL);

  if (title == NULL || *title == '\0')
    {
      if (id_valid)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GUINT64_FORMAT, mal_id);

          keika_import_report_skip (state->report, _("MyAnimeList anime %s: no title"), id);
        }
      else
        keika_import_report_skip (state->report,
                                  _("Anime number %u in the file: no title and no MyAnimeList id"),
                                  state->n_anime);
      return;
    }

  if (!id_valid)
    {
      keika_import_report_skip (state->report, _("“%s”: no MyAnimeList id"), title);
      return;
    }

  if (!status_from_mal (status_str, &status))
    {
      if (status_str == NULL || *status_str == '\0')
        keika_import_report_skip (state->report, _("“%s”: no status"), title);
      else
        keika_import_report_skip (state->report, _("“%s”: unknown status “%s”"),
                                  title, status_str);
      return;
    }

  anime = keika_anime_new (title);
  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, (gint64) mal_id);
  keika_anime_set_format (anime, format_from_mal (field (state, "series_type")));
  keika_anime_set_episodes (anime, field_uint (state, "series_episodes", G_MAXINT));

  /* Status before progress (setting "completed" fills the progress), the
   * rewatch last (completing an entry that is being rewatched counts the
   * rewatch). */
  entry = keika_list_entry_new (anime);
  keika_transfer_set_status_progress (state->report, entry, status,
                                      field_uint (state, "my_watched_episodes", G_MAXINT));
  set_score (state, entry);

  keika_transfer_set_start_date (state->report, entry, field (state, "my_start_date"));
  keika_transfer_set_finish_date (state->report, entry, field (state, "my_finish_date"));

  comments = field_text (state, "my_comments");
  if (comments != NULL && *comments != '\0')
    keika_transfer_set_notes (state->report, entry, comments);

  tags = split_tags (field (state, "my_tags"));
  keika_list_entry_set_tags (entry, (const char * const *) tags);

  keika_list_entry_set_rewatch_count (entry, field_uint (state, "my_times_watched", G_MAXINT));
  keika_list_entry_set_rewatching (entry, field_uint (state, "my_rewatching", 1) != 0);

  g_ptr_array_add (state->entries, g_steal_pointer (&entry));
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element_name,
             gpointer              user_data,
             GError              **error)
{
  ParseState *state = user_data;

  if (state->depth == 3)
    {
      state->field = NULL;
    }
  else if (state->depth == 2)
    {
      if (state->in_anime)
        {
          end_anime (state);
        }
      else if (state->in_myinfo)
        {
          /* 1 is an anime list, 2 a manga list. */
          if (field_uint (state, "user_export_type", G_MAXUINT) == 2)
            {
              g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                                   _("The file is a MyAnimeList manga list, not an anime list"));
            }
        }

      state->in_anime = FALSE;
      state->in_myinfo = FALSE;
      state->generation++;
    }

  state->depth--;
}

/* GMarkup puts "Error on line 12 char 4: " before its own messages; the
 * position is given in our words instead. */
static const char *
strip_position (const char *message,
                int         line,
                int         column)
{
  g_autofree char *with_char = NULL;
  g_autofree char *line_only = NULL;

  with_char = g_strdup_printf (g_dgettext ("glib20", "Error on line %d char %d: "), line, column);
  if (g_str_has_prefix (message, with_char))
    return message + strlen (with_char);

  line_only = g_strdup_printf (g_dgettext ("glib20", "Error on line %d: "), line);
  if (g_str_has_prefix (message, line_only))
    return message + strlen (line_only);

  return message;
}

GPtrArray *
keika_mal_xml_parse (const char         *data,
                     gsize               length,
                     KeikaImportReport **report,
                     GError            **error)
{
  static const GMarkupParser parser = {
    start_element,
    end_element,
    text_cb,
    passthrough_cb,
    NULL,
  };
  g_autoptr(KeikaImportReport) new_report = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GBytes) inflated = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *mended = NULL;
  gsize n_mended = 0;
  gboolean ended = FALSE;
  ParseState state = { 0 };

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  *report = NULL;

  if (keika_transfer_is_gzip (data, length))
    {
      inflated = inflate_gzip (data, length, error);
      if (inflated == NULL)
        return NULL;
      data = g_bytes_get_data (inflated, &length);
    }

  /* A byte order mark, as some editors leave. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  /* A damaged download: what is not text is replaced, and said, so that
   * neither the parser nor its messages pass on bytes that are not text. */
  data = keika_import_mend_text (data, &length, &mended, &n_mended);

  new_report = keika_import_report_new ();
  keika_import_report_mended (new_report, n_mended);
  entries = g_ptr_array_new_with_free_func (g_object_unref);
  fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, field_free);

  state.entries = entries;
  state.report = new_report;
  state.fields = fields;

  context = g_markup_parse_context_new (&parser, 0, &state, NULL);

  if (!g_markup_parse_context_parse (context, data ? data : "", length, &local_error) ||
      !(ended = TRUE) || !g_markup_parse_context_end_parse (context, &local_error))
    {
      g_autofree char *valid = NULL;
      g_autofree char *details = NULL;
      GError *failure;
      int line = 0;
      int column = 0;

      if (local_error->domain == KEIKA_TRANSFER_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      g_markup_parse_context_get_position (context, &line, &column);
      /* A file that was all read, but ended inside an element: cut short. */
      if (ended)
        failure = g_error_new_literal (KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                                       _("The file ends too early; it may not have finished "
                                         "downloading. Download the export again."));
      else
        failure = g_error_new_literal (KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                                       _("The file is damaged: it is not a MyAnimeList export "
                                         "Keika can read. Download the export again."));
      /* GMarkup quotes a character it refuses by its first byte alone. */
      details = g_strdup_printf (/* Translators: the last %s is the XML parser's description of the problem */
                                 _("Line %d, column %d: %s"), line, column,
                                 keika_input_valid_text (strip_position (local_error->message,
                                                                         line, column), &valid));
      keika_transfer_error_set_details (failure, details);
      g_propagate_error (error, failure);
      return NULL;
    }

  *report = g_steal_pointer (&new_report);

  return g_steal_pointer (&entries);
}

/* Writing */

/* Characters XML 1.0 does not allow, even in CDATA. */
static gboolean
is_xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD ||
         (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

static void
append_cdata (GString    *out,
              const char *text)
{
  const char *p;

  g_string_append (out, "<![CDATA[");

  for (p = text ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* "]]>" would end the section: end it between "]]" and ">" and start
       * another, which a reader joins back into the same text. */
      if (p[0] == ']' && p[1] == ']' && p[2] == '>')
        {
          g_string_append (out, "]]]]><![CDATA[>");
          p += 2;
          continue;
        }

      if (is_xml_char (c))
        g_string_append_unichar (out, c);
    }

  g_string_append (out, "]]>");
}

static void
append_date (GString    *out,
             const char *date)
{
  guint year = 0;
  guint month = 0;
  guint day = 0;

  if (date != NULL && *date != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (date, "-", 3);
      guint n = g_strv_length (parts);

      year = n > 0 ? (guint) g_ascii_strtoull (parts[0], NULL, 10) : 0;
      month = n > 1 ? (guint) g_ascii_strtoull (parts[1], NULL, 10) : 0;
      day = n > 2 ? (guint) g_ascii_strtoull (parts[2], NULL, 10) : 0;
    }

  g_string_append_printf (out, "%04u-%02u-%02u", MIN (year, 9999u), MIN (month, 99u), MIN (day, 99u));
}

static void
append_element_uint (GString    *out,
                     const char *name,
                     guint64     value)
{
  g_string_append_printf (out, "\t\t<%s>%" G_GUINT64_FORMAT "</%s>\n", name, value, name);
}

static void
append_element_cdata (GString    *out,
                      const char *name,
                      const char *text)
{
  g_string_append_printf (out, "\t\t<%s>", name);
  append_cdata (out, text);
  g_string_append_printf (out, "</%s>\n", name);
}

static void
append_element_date (GString    *out,
                     const char *name,
                     const char *date)
{
  g_string_append_printf (out, "\t\t<%s>", name);
  append_date (out, date);
  g_string_append_printf (out, "</%s>\n", name);
}

static const char *
mal_title (KeikaAnime *anime)
{
  const char *title = keika_anime_get_title_romaji (anime);

  if (title == NULL || *title == '\0')
    title = keika_anime_get_title_english (anime);
  if (title == NULL || *title == '\0')
    title = keika_anime_get_title_native (anime);

  return title ? title : "";
}

static void
append_anime (GString        *out,
              KeikaListEntry *entry)
{
  KeikaAnime *anime = keika_list_entry_get_anime (entry);
  const char * const *tags = keika_list_entry_get_tags (entry);
  g_autofree char *joined_tags = NULL;

  joined_tags = tags ? g_strjoinv (", ", (GStrv) tags) : NULL;

  g_string_append (out, "\t<anime>\n");
  append_element_uint (out, "series_animedb_id", keika_anime_get_site_id (anime, KEIKA_SITE_MAL));
  append_element_cdata (out, "series_title", mal_title (anime));
  g_string_append_printf (out, "\t\t<series_type>%s</series_type>\n",
                          format_to_mal (keika_anime_get_format (anime)));
  append_element_uint (out, "series_episodes", keika_anime_get_episodes (anime));
  append_element_uint (out, "my_id", 0);
  append_element_uint (out, "my_watched_episodes", keika_list_entry_get_progress (entry));
  append_element_date (out, "my_start_date", keika_list_entry_get_start_date (entry));
  append_element_date (out, "my_finish_date", keika_list_entry_get_finish_date (entry));
  g_string_append (out, "\t\t<my_rated></my_rated>\n");
  append_element_uint (out, "my_score",
                       keika_score_to_site (keika_list_entry_get_score (entry), KEIKA_SITE_MAL));
  g_string_append (out, "\t\t<my_storage></my_storage>\n");
  g_string_append (out, "\t\t<my_storage_value>0.00</my_storage_value>\n");
  g_string_append_printf (out, "\t\t<my_status>%s</my_status>\n",
                          status_to_mal (keika_list_entry_get_status (entry)));
  append_element_cdata (out, "my_comments", keika_list_entry_get_notes (entry));
  append_element_uint (out, "my_times_watched", keika_list_entry_get_rewatch_count (entry));
  g_string_append (out, "\t\t<my_rewatch_value></my_rewatch_value>\n");
  g_string_append (out, "\t\t<my_priority>LOW</my_priority>\n");
  append_element_cdata (out, "my_tags", joined_tags);
  append_element_uint (out, "my_rewatching", keika_list_entry_get_rewatching (entry) ? 1 : 0);
  append_element_uint (out, "my_rewatching_ep", 0);
  append_element_uint (out, "my_discuss", 1);
  g_string_append (out, "\t\t<my_sns>default</my_sns>\n");
  append_element_uint (out, "update_on_import", 1);
  g_string_append (out, "\t</anime>\n\n");
}

GBytes *
keika_mal_xml_write (KeikaLibrary *library)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GString *out;
  guint counts[KEIKA_N_STATUSES] = { 0 };
  guint total = 0;
  guint n_items;

  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), NULL);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (library));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(KeikaListEntry) entry = g_list_model_get_item (G_LIST_MODEL (library), i);
      KeikaAnime *anime = keika_list_entry_get_anime (entry);
      KeikaStatus status = keika_list_entry_get_status (entry);

      /* MAL can only import what it can identify. */
      if (keika_anime_get_site_id (anime, KEIKA_SITE_MAL) <= 0)
        continue;

      append_anime (body, entry);
      total++;
      if ((guint) status < KEIKA_N_STATUSES)
        counts[status]++;
    }

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n");
  g_string_append (out,
                   "<!--\n"
                   " Created by Keika " PACKAGE_VERSION " in the layout of the XML Export feature at MyAnimeList.net\n"
                   " Version 1.1.0\n"
                   "-->\n");
  g_string_append (out, "\n<myanimelist>\n\n");
  g_string_append (out, "\t<myinfo>\n");
  g_string_append (out, "\t\t<user_id>0</user_id>\n");
  g_string_append (out, "\t\t<user_name></user_name>\n");
  append_element_uint (out, "user_export_type", 1);
  append_element_uint (out, "user_total_anime", total);
  append_element_uint (out, "user_total_watching", counts[KEIKA_STATUS_WATCHING]);
  append_element_uint (out, "user_total_completed", counts[KEIKA_STATUS_COMPLETED]);
  append_element_uint (out, "user_total_onhold", counts[KEIKA_STATUS_ON_HOLD]);
  append_element_uint (out, "user_total_dropped", counts[KEIKA_STATUS_DROPPED]);
  append_element_uint (out, "user_total_plantowatch", counts[KEIKA_STATUS_PLAN_TO_WATCH]);
  g_string_append (out, "\t</myinfo>\n\n");
  g_string_append_len (out, body->str, body->len);
  g_string_append (out, "</myanimelist>\n");

  return g_string_free_to_bytes (out);
}
