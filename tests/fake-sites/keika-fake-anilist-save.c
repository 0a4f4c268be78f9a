/* keika-fake-anilist-save.c: the fake AniList's SaveMediaListEntry and DeleteMediaListEntry
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <math.h>

#include "keika-fake-anilist-exec.h"

#define NOTES_MAX             2000

/* Mutations */

static void
problem (GPtrArray  *problems,
         const char *field,
         const char *message)
{
  g_ptr_array_add (problems, g_strdup (field));
  g_ptr_array_add (problems, g_strdup (message));
}

/* A FuzzyDateInput: the parts given, the others null. */
static gboolean
arg_date (GHashTable           *args,
          const char           *name,
          const char           *label,
          GPtrArray            *problems,
          KeikaFakeAnilistDate *date)
{
  static const char * const parts[] = { "year", "month", "day" };
  static const guint max[] = { 9999, 12, 31 };
  JsonNode *node = g_hash_table_lookup (args, name);
  guint values[3] = { 0, 0, 0 };
  JsonObject *object;

  if (node == NULL)
    return FALSE;

  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      JsonNode *part = json_object_get_member (object, parts[i]);
      gint64 value;

      if (part == NULL || JSON_NODE_HOLDS_NULL (part))
        continue;
      value = json_node_get_int (part);
      if (value < 1 || value > max[i])
        {
          g_autofree char *field = g_strdup_printf ("%s.%s", name, parts[i]);
          g_autofree char *message = g_strdup_printf ("The %s.%s must be between 1 and %u.",
                                                      label, parts[i], max[i]);

          problem (problems, field, message);
          continue;
        }
      values[i] = value;
    }
  date->year = values[0];
  date->month = values[1];
  date->day = values[2];

  return TRUE;
}

/* A score in the user's format as a raw score (unverified: see the header). */
static guint
score_to_raw (double      score,
              const char *format)
{
  long rounded = lround (score);

  if (g_str_equal (format, "POINT_10_DECIMAL"))
    return lround (score * 10);
  if (g_str_equal (format, "POINT_10"))
    return rounded * 10;
  if (g_str_equal (format, "POINT_5"))
    return rounded * 20;
  if (g_str_equal (format, "POINT_3"))
    return rounded * 30;

  return rounded;
}

static double
format_max (const char *format)
{
  if (g_str_equal (format, "POINT_5"))
    return 5;
  if (g_str_equal (format, "POINT_3"))
    return 3;
  if (g_str_equal (format, "POINT_100"))
    return 100;

  return 10;
}

gboolean
keika_fake_anilist_resolve_save (AnilistExec       *ex,
                                 KeikaFakeGqlField *root,
                                 GString           *out)
{
  GHashTable *args = keika_fake_anilist_get_args (ex, root);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lists = keika_fake_anilist_arg_list (args, "customLists");
  AnilistUser *user = ex->viewer;
  AnilistEntry *entry = NULL;
  AnilistMedia *media = NULL;
  const char *status = keika_fake_anilist_arg_string (args, "status");
  const char *notes = keika_fake_anilist_arg_string (args, "notes");
  KeikaFakeAnilistDate started = { 0, }, completed = { 0, };
  gboolean has_started, has_completed;
  gint64 id = 0, media_id = 0, score_raw = 0, progress = 0, repeat = 0, priority = 0;
  gboolean has_score_raw, has_progress, has_repeat, has_priority, has_score;
  gboolean is_private, hidden;
  double score = 0;

  if (user == NULL)
    {
      keika_fake_anilist_add_unauthorized (ex);
      return FALSE;
    }

  if (keika_fake_anilist_arg_int (args, "id", &id))
    {
      entry = keika_fake_anilist_find_entry (ex->self, id);
      if (entry == NULL || entry->user != user)
        {
          keika_fake_anilist_add_error (ex, SOUP_STATUS_NOT_FOUND, "Not Found.");
          return FALSE;
        }
      media = keika_fake_anilist_find_media (ex->self, entry->pub.media_id);
    }
  else if (keika_fake_anilist_arg_int (args, "mediaId", &media_id))
    {
      media = keika_fake_anilist_find_media (ex->self, media_id);
      if (media == NULL)
        problem (problems, "mediaId", "The selected media id is invalid.");
      else
        entry = g_hash_table_lookup (user->entries, &media_id);
    }
  else
    problem (problems, "mediaId", "The media id field is required when id is not present.");

  has_score_raw = keika_fake_anilist_arg_int (args, "scoreRaw", &score_raw);
  has_score = keika_fake_anilist_arg_double (args, "score", &score);
  has_progress = keika_fake_anilist_arg_int (args, "progress", &progress);
  has_repeat = keika_fake_anilist_arg_int (args, "repeat", &repeat);
  has_priority = keika_fake_anilist_arg_int (args, "priority", &priority);
  if (has_score_raw && (score_raw < 0 || score_raw > 100))
    problem (problems, "scoreRaw", "The score raw must be between 0 and 100.");
  if (has_score && (score < 0 || score > format_max (user->score_format)))
    {
      g_autofree char *message = g_strdup_printf ("The score must be between 0 and %g.",
                                                  format_max (user->score_format));

      problem (problems, "score", message);
    }
  if (has_progress && progress < 0)
    problem (problems, "progress", "The progress must be at least 0.");
  if (has_repeat && repeat < 0)
    problem (problems, "repeat", "The repeat must be at least 0.");
  if (has_priority && priority < 0)
    problem (problems, "priority", "The priority must be at least 0.");
  if (notes != NULL && g_utf8_strlen (notes, -1) > NOTES_MAX)
    problem (problems, "notes", "The notes may not be greater than 2000 characters.");
  has_started = arg_date (args, "startedAt", "started at", problems, &started);
  has_completed = arg_date (args, "completedAt", "completed at", problems, &completed);

  if (problems->len > 0)
    {
      keika_fake_anilist_add_validation_error (ex, problems);
      return FALSE;
    }

  if (entry == NULL)
    {
      entry = keika_fake_anilist_create_entry (ex->self, user, media_id);
      entry->pub.status = g_intern_static_string ("CURRENT");
    }

  if (status != NULL)
    entry->pub.status = g_intern_string (status);
  if (has_score_raw)
    entry->pub.score_raw = score_raw;
  else if (has_score)
    entry->pub.score_raw = MIN (score_to_raw (score, user->score_format), 100);
  if (has_progress)
    entry->pub.progress = media->episodes > 0 ? MIN ((guint64) progress, media->episodes)
                                              : (guint) progress;
  if (has_repeat)
    entry->pub.repeat = repeat;
  if (has_priority)
    entry->pub.priority = priority;
  if (keika_fake_anilist_arg_bool (args, "private", &is_private))
    entry->pub.is_private = is_private;
  if (notes != NULL)
    keika_fake_anilist_set_entry_notes (entry, notes);
  if (keika_fake_anilist_arg_bool (args, "hiddenFromStatusLists", &hidden))
    entry->pub.hidden_from_status_lists = hidden;
  if (lists != NULL)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      for (guint i = 0; i < lists->len; i++)
        g_ptr_array_add (names, (gpointer) json_node_get_string (g_ptr_array_index (lists, i)));
      g_ptr_array_add (names, NULL);
      keika_fake_anilist_set_entry_lists (entry, (const char * const *) names->pdata);
    }
  if (has_started)
    entry->pub.started_at = started;
  if (has_completed)
    entry->pub.completed_at = completed;
  keika_fake_anilist_touch_entry (ex->self, entry, ex->now);

  keika_fake_anilist_write_entry (ex, out, entry, root->selection);

  return TRUE;
}

gboolean
keika_fake_anilist_resolve_delete (AnilistExec       *ex,
                                   KeikaFakeGqlField *root,
                                   GString           *out)
{
  GHashTable *args = keika_fake_anilist_get_args (ex, root);
  AnilistEntry *entry;
  KeikaFakeGqlField *field;
  gboolean first = TRUE;
  gint64 id;

  if (ex->viewer == NULL)
    {
      keika_fake_anilist_add_unauthorized (ex);
      return FALSE;
    }
  if (!keika_fake_anilist_arg_int (args, "id", &id))
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

      problem (problems, "id", "The id field is required.");
      keika_fake_anilist_add_validation_error (ex, problems);
      return FALSE;
    }

  entry = keika_fake_anilist_find_entry (ex->self, id);
  if (entry == NULL || entry->user != ex->viewer)
    {
      keika_fake_anilist_add_error (ex, SOUP_STATUS_NOT_FOUND, "Not Found.");
      return FALSE;
    }
  keika_fake_anilist_delete_entry (ex->self, entry);

  g_string_append_c (out, '{');
  FOR_FIELDS (ex, root->selection, field)
    {
      keika_fake_json_member (out, &first, field->name);
      keika_fake_anilist_write_bool (out, TRUE);
    }
  g_string_append_c (out, '}');

  return TRUE;
}
