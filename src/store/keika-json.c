/* keika-json.c — Keika's own JSON export, read and written
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaTransfer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "keika-anime.h"
#include "keika-input.h"
#include "keika-list-entry.h"
#include "keika-score.h"
#include "keika-transfer-private.h"

/* The version of the layout this build writes and the newest it reads. */
#define KEIKA_JSON_VERSION 1

static const struct {
  KeikaSite   site;
  const char *key;
} site_keys[] = {
  { KEIKA_SITE_MAL, "mal" },
  { KEIKA_SITE_ANILIST, "anilist" },
  { KEIKA_SITE_KITSU, "kitsu" },
  { KEIKA_SITE_ANITRACK, "anitrack" },
};

static char *
unix_to_iso8601 (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return NULL;

  return g_date_time_format_iso8601 (dt);
}

/* Writing */

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_bool_member (JsonBuilder *builder,
                 const char  *name,
                 gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_strv_member (JsonBuilder        *builder,
                 const char         *name,
                 const char * const *strv)
{
  if (strv == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_anime (JsonBuilder *builder,
           KeikaAnime  *anime)
{
  KeikaFormat format = keika_anime_get_format (anime);
  KeikaAiringStatus airing_status = keika_anime_get_airing_status (anime);
  KeikaSeason season = keika_anime_get_season (anime);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "titles");
  json_builder_begin_object (builder);
  add_string_member (builder, "romaji", keika_anime_get_title_romaji (anime));
  add_string_member (builder, "english", keika_anime_get_title_english (anime));
  add_string_member (builder, "native", keika_anime_get_title_native (anime));
  json_builder_end_object (builder);

  add_strv_member (builder, "synonyms", keika_anime_get_synonyms (anime));

  json_builder_set_member_name (builder, "ids");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (site_keys); i++)
    {
      gint64 id = keika_anime_get_site_id (anime, site_keys[i].site);

      if (id > 0)
        add_int_member (builder, site_keys[i].key, id);
    }
  json_builder_end_object (builder);

  if (format != KEIKA_FORMAT_UNKNOWN)
    add_string_member (builder, "format", keika_format_to_string (format));
  if (keika_anime_get_episodes (anime) > 0)
    add_int_member (builder, "episodes", keika_anime_get_episodes (anime));
  if (airing_status != KEIKA_AIRING_STATUS_UNKNOWN &&
      keika_airing_status_to_string (airing_status) != NULL)
    add_string_member (builder, "airing_status", keika_airing_status_to_string (airing_status));
  if (season != KEIKA_SEASON_UNKNOWN && keika_season_to_string (season) != NULL)
    add_string_member (builder, "season", keika_season_to_string (season));
  if (keika_anime_get_season_year (anime) > 0)
    add_int_member (builder, "season_year", keika_anime_get_season_year (anime));
  add_string_member (builder, "cover_url", keika_anime_get_cover_url (anime));
  add_strv_member (builder, "genres", keika_anime_get_genres (anime));
  add_bool_member (builder, "adult", keika_anime_get_adult (anime));

  json_builder_end_object (builder);
}

static void
add_entry (JsonBuilder    *builder,
           KeikaListEntry *entry)
{
  gint64 updated_at = keika_list_entry_get_updated_at (entry);
  const char *notes = keika_list_entry_get_notes (entry);

  json_builder_begin_object (builder);

  /* The local id, so that importing an export of this very library finds
   * entries that have no site id. */
  if (keika_list_entry_get_id (entry) > 0)
    add_int_member (builder, "id", keika_list_entry_get_id (entry));

  json_builder_set_member_name (builder, "anime");
  add_anime (builder, keika_list_entry_get_anime (entry));

  add_string_member (builder, "status", keika_status_to_string (keika_list_entry_get_status (entry)));
  add_int_member (builder, "score", keika_list_entry_get_score (entry));
  add_int_member (builder, "progress", keika_list_entry_get_progress (entry));
  add_bool_member (builder, "rewatching", keika_list_entry_get_rewatching (entry));
  add_int_member (builder, "rewatch_count", keika_list_entry_get_rewatch_count (entry));
  add_string_member (builder, "start_date", keika_list_entry_get_start_date (entry));
  add_string_member (builder, "finish_date", keika_list_entry_get_finish_date (entry));
  if (notes != NULL && *notes != '\0')
    add_string_member (builder, "notes", notes);
  add_strv_member (builder, "tags", keika_list_entry_get_tags (entry));
  add_bool_member (builder, "private", keika_list_entry_get_private (entry));
  add_bool_member (builder, "favourite", keika_list_entry_get_favourite (entry));

  if (updated_at > 0)
    {
      g_autofree char *iso = unix_to_iso8601 (updated_at);

      add_string_member (builder, "updated_at", iso);
    }

  json_builder_end_object (builder);
}

GBytes *
keika_json_write (KeikaLibrary *library)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *exported_at = NULL;
  g_autofree char *text = NULL;
  guint n_items;

  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), NULL);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  add_int_member (builder, "keika", KEIKA_JSON_VERSION);

  exported_at = unix_to_iso8601 (g_get_real_time () / G_USEC_PER_SEC);
  add_string_member (builder, "exported_at", exported_at);

  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (library));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(KeikaListEntry) entry = g_list_model_get_item (G_LIST_MODEL (library), i);

      add_entry (builder, entry);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  text = json_generator_to_data (generator, NULL);

  return g_bytes_new_take (g_strconcat (text, "\n", NULL), strlen (text) + 1);
}

/* Reading */

static JsonNode *
get_value_node (JsonObject *object,
                const char *name,
                GType       type)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return NULL;

  return node;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = get_value_node (object, name, G_TYPE_STRING);

  return node ? json_node_get_string (node) : NULL;
}

static gboolean
get_int (JsonObject *object,
         const char *name,
         gint64     *value)
{
  JsonNode *node = get_value_node (object, name, G_TYPE_INT64);

  if (node == NULL)
    return FALSE;

  *value = json_node_get_int (node);
  return TRUE;
}

/* A count or score: negative values and the wrong type read as 0. */
static guint
get_uint (JsonObject *object,
          const char *name,
          guint       max)
{
  gint64 value = 0;

  if (!get_int (object, name, &value) || value < 0)
    return 0;

  return (guint) MIN (value, (gint64) max);
}

static gboolean
get_bool (JsonObject *object,
          const char *name)
{
  JsonNode *node = get_value_node (object, name, G_TYPE_BOOLEAN);

  return node ? json_node_get_boolean (node) : FALSE;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/* NULL when the member is missing; the strings of the array otherwise. */
static GStrv
get_strv (JsonObject *object,
          const char *name)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;
  JsonArray *array;
  guint length;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  length = json_array_get_length (array);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }

  return g_strv_builder_end (builder);
}

static const char *
non_empty (const char *str)
{
  return str != NULL && *str != '\0' ? str : NULL;
}

/* The raw score, a whole number from 0 to 100. A number above 100 counts
 * as 100 and one with a fraction is rounded; anything else is left out. */
static void
set_score (KeikaImportReport *report,
           KeikaListEntry    *entry,
           JsonObject        *object)
{
  JsonNode *node = json_object_get_member (object, "score");
  g_autofree char *text = NULL;
  double value;
  guint raw;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 whole = json_node_get_int (node);

      if (whole >= 0 && whole <= KEIKA_SCORE_MAX)
        {
          keika_list_entry_set_score (entry, (guint) whole);
          return;
        }
      value = (double) whole;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else
    value = -1;

  text = json_to_string (node, FALSE);
  raw = isfinite (value) && value > 0 ? keika_score_from_format (value, KEIKA_SCORE_FORMAT_POINT_100) : 0;

  if (value == floor (value) && value == raw)
    {
      /* 85.0 is 85. */
      keika_list_entry_set_score (entry, raw);
    }
  else if (raw > 0)
    {
      keika_list_entry_set_score (entry, raw);
      keika_import_report_adjust (report,
                                  /* Translators: the first %s is a title, the second the score as the file gives it */
                                  _("“%s”: the score %s is not a whole number from 0 to 100; it was stored as %u"),
                                  keika_transfer_entry_title (entry), text, raw);
    }
  else
    {
      keika_import_report_adjust (report,
                                  _("“%s”: the score %s is not a number from 0 to 100 and was left out"),
                                  keika_transfer_entry_title (entry), text);
      keika_transfer_mark_unusable (entry, KEIKA_TRANSFER_UNUSABLE_SCORE);
    }
}

static KeikaListEntry *
parse_entry (JsonNode          *node,
             guint              position,
             KeikaImportReport *report)
{
  g_autoptr(KeikaAnime) anime = NULL;
  g_autoptr(KeikaListEntry) entry = NULL;
  g_auto(GStrv) synonyms = NULL;
  g_auto(GStrv) genres = NULL;
  g_auto(GStrv) tags = NULL;
  JsonObject *object;
  JsonObject *anime_object;
  JsonObject *titles;
  JsonObject *ids;
  const char *romaji;
  const char *english;
  const char *native;
  const char *title;
  const char *status_str;
  const char *str;
  KeikaStatus status;
  KeikaFormat format;
  KeikaAiringStatus airing_status;
  KeikaSeason season;
  gint64 export_id = 0;
  gint64 site_ids[G_N_ELEMENTS (site_keys)] = { 0 };

  object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  anime_object = get_object (object, "anime");
  titles = get_object (anime_object, "titles");
  romaji = get_string (titles, "romaji");
  english = get_string (titles, "english");
  native = get_string (titles, "native");

  title = non_empty (romaji);
  if (title == NULL)
    title = non_empty (english);
  if (title == NULL)
    title = non_empty (native);

  if (title == NULL)
    {
      keika_import_report_skip (report, _("Entry %u in the file: no title"), position);
      return NULL;
    }

  status_str = get_string (object, "status");
  if (!keika_status_from_string (status_str, &status))
    {
      if (status_str == NULL)
        keika_import_report_skip (report, _("“%s”: no status"), title);
      else
        keika_import_report_skip (report, _("“%s”: unknown status “%s”"), title, status_str);
      return NULL;
    }

  ids = get_object (anime_object, "ids");
  for (guint i = 0; i < G_N_ELEMENTS (site_keys); i++)
    {
      if (ids == NULL || !json_object_has_member (ids, site_keys[i].key))
        continue;

      if (!get_int (ids, site_keys[i].key, &site_ids[i]) || site_ids[i] <= 0)
        {
          keika_import_report_skip (report,
                                    /* Translators: the second %s is a site, like "MyAnimeList" */
                                    _("“%s”: invalid %s id"),
                                    title, keika_site_to_label (site_keys[i].site));
          return NULL;
        }
    }

  anime = keika_anime_new (romaji ? romaji : "");
  keika_anime_set_title_english (anime, english);
  keika_anime_set_title_native (anime, native);

  synonyms = get_strv (anime_object, "synonyms");
  keika_anime_set_synonyms (anime, (const char * const *) synonyms);

  for (guint i = 0; i < G_N_ELEMENTS (site_keys); i++)
    {
      if (site_ids[i] > 0)
        keika_anime_set_site_id (anime, site_keys[i].site, site_ids[i]);
    }

  if (keika_format_from_string (get_string (anime_object, "format"), &format))
    keika_anime_set_format (anime, format);
  keika_anime_set_episodes (anime, get_uint (anime_object, "episodes", G_MAXINT));

  if (keika_airing_status_from_string (get_string (anime_object, "airing_status"), &airing_status))
    keika_anime_set_airing_status (anime, airing_status);
  if (keika_season_from_string (get_string (anime_object, "season"), &season))
    keika_anime_set_season (anime, season);

  keika_anime_set_season_year (anime, get_uint (anime_object, "season_year", 9999));
  keika_anime_set_cover_url (anime, get_string (anime_object, "cover_url"));

  genres = get_strv (anime_object, "genres");
  keika_anime_set_genres (anime, (const char * const *) genres);
  keika_anime_set_adult (anime, get_bool (anime_object, "adult"));

  /* Status before progress (setting "completed" fills the progress), the
   * rewatch last (completing an entry that is being rewatched counts the
   * rewatch). */
  entry = keika_list_entry_new (anime);
  keika_transfer_set_status_progress (report, entry, status,
                                      get_uint (object, "progress", G_MAXINT));
  set_score (report, entry, object);
  /* An invalid date is left unknown. */
  keika_transfer_set_start_date (report, entry, get_string (object, "start_date"));
  keika_transfer_set_finish_date (report, entry, get_string (object, "finish_date"));
  keika_transfer_set_notes (report, entry, get_string (object, "notes"));

  tags = get_strv (object, "tags");
  keika_list_entry_set_tags (entry, (const char * const *) tags);

  keika_list_entry_set_rewatch_count (entry, get_uint (object, "rewatch_count", G_MAXINT));
  keika_list_entry_set_rewatching (entry, get_bool (object, "rewatching"));
  keika_list_entry_set_private (entry, get_bool (object, "private"));
  keika_list_entry_set_favourite (entry, get_bool (object, "favourite"));

  str = get_string (object, "updated_at");
  if (str != NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (str, NULL);

      if (dt != NULL)
        keika_list_entry_set_updated_at (entry, g_date_time_to_unix (dt));
    }

  if (get_int (object, "id", &export_id) && export_id > 0)
    g_object_set_data_full (G_OBJECT (entry), KEIKA_TRANSFER_EXPORT_ID_KEY,
                            g_memdup2 (&export_id, sizeof export_id), g_free);

  return g_steal_pointer (&entry);
}

gint64
keika_transfer_get_export_id (KeikaListEntry *entry)
{
  gint64 *id = g_object_get_data (G_OBJECT (entry), KEIKA_TRANSFER_EXPORT_ID_KEY);

  return id ? *id : 0;
}

GPtrArray *
keika_json_parse (const char         *data,
                  gsize               length,
                  KeikaImportReport **report,
                  GError            **error)
{
  g_autoptr(KeikaImportReport) new_report = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *mended = NULL;
  gsize n_mended = 0;
  JsonObject *object;
  JsonNode *entries_node;
  JsonArray *array;
  gint64 version = 0;
  guint n_entries;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  *report = NULL;

  if (length > G_MAXSSIZE)
    {
      g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                           _("The file is too large to be a Keika export"));
      return NULL;
    }

  /* A damaged download: what is not text is replaced, and said. */
  data = keika_import_mend_text (data, &length, &mended, &n_mended);

  root = keika_input_read_json (data, (gssize) length, &local_error);
  if (root == NULL)
    {
      g_set_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                   /* Translators: %s is the JSON parser's description of the problem */
                   _("The file is not a valid Keika export: %s"),
                   local_error->message);
      return NULL;
    }

  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  entries_node = object ? json_object_get_member (object, "entries") : NULL;

  if (object == NULL ||
      !get_int (object, "keika", &version) || version < 1 ||
      entries_node == NULL || !JSON_NODE_HOLDS_ARRAY (entries_node))
    {
      g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                           _("The file is JSON but not a Keika export"));
      return NULL;
    }

  if (version > KEIKA_JSON_VERSION)
    {
      g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                           _("The file was exported by a newer version of Keika"));
      return NULL;
    }

  new_report = keika_import_report_new ();
  entries = g_ptr_array_new_with_free_func (g_object_unref);
  keika_import_report_mended (new_report, n_mended);

  if (get_string (object, "exported_at") != NULL)
    {
      g_autoptr(GDateTime) made = g_date_time_new_from_iso8601 (get_string (object, "exported_at"), NULL);

      if (made != NULL)
        new_report->made_at = g_date_time_to_unix (made);
    }

  array = json_node_get_array (entries_node);
  n_entries = json_array_get_length (array);
  for (guint i = 0; i < n_entries; i++)
    {
      KeikaListEntry *entry = parse_entry (json_array_get_element (array, i), i + 1, new_report);

      if (entry != NULL)
        g_ptr_array_add (entries, entry);
    }

  *report = g_steal_pointer (&new_report);

  return g_steal_pointer (&entries);
}
