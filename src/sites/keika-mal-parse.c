/* keika-mal-parse.c — MyAnimeList's answers read into Keika's values
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include "keika-mal-site-private.h"
#include "keika-net.h"
#include "keika-score.h"
#include "keika-site-json.h"

#define SITE_NAME "MyAnimeList"

/* Mappings */

static KeikaFormat
format_from_mal (const char *media_type)
{
  static const struct {
    const char  *name;
    KeikaFormat  format;
  } table[] = {
    { "tv", KEIKA_FORMAT_TV },
    { "movie", KEIKA_FORMAT_MOVIE },
    { "ova", KEIKA_FORMAT_OVA },
    { "ona", KEIKA_FORMAT_ONA },
    { "special", KEIKA_FORMAT_SPECIAL },
    { "tv_special", KEIKA_FORMAT_SPECIAL },
    { "music", KEIKA_FORMAT_MUSIC },
  };

  if (media_type == NULL)
    return KEIKA_FORMAT_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (media_type, table[i].name) == 0)
      return table[i].format;

  return KEIKA_FORMAT_UNKNOWN;
}

static KeikaAiringStatus
airing_status_from_mal (const char *status)
{
  if (status == NULL)
    return KEIKA_AIRING_STATUS_UNKNOWN;
  if (strcmp (status, "finished_airing") == 0)
    return KEIKA_AIRING_STATUS_FINISHED;
  if (strcmp (status, "currently_airing") == 0)
    return KEIKA_AIRING_STATUS_RELEASING;
  if (strcmp (status, "not_yet_aired") == 0)
    return KEIKA_AIRING_STATUS_NOT_YET_RELEASED;

  return KEIKA_AIRING_STATUS_UNKNOWN;
}

static KeikaSeason
season_from_mal (const char *season)
{
  KeikaSeason value;

  /* MAL's names are Keika's: winter, spring, summer, fall. */
  if (season != NULL && keika_season_from_string (season, &value))
    return value;

  return KEIKA_SEASON_UNKNOWN;
}

/* Parsing */

/* The fields of a list_status object (a list page, or the answer to PATCH). */
void
keika_mal_parse_list_status (const KeikaJsonValue *object,
                             KeikaRemoteEntry     *entry)
{
  const char *text;
  KeikaStatus status;
  const KeikaJsonValue *tags;
  guint value;
  gboolean flag;

  text = keika_site_json_get_string (object, "status");
  if (text != NULL && keika_status_from_string (text, &status))
    {
      entry->status = status;
      entry->known |= KEIKA_ENTRY_FIELD_STATUS;
    }

  if (keika_site_json_get_uint (object, "score", 10, &value))
    {
      entry->score = keika_score_from_site (value, KEIKA_SITE_MAL);
      entry->known |= KEIKA_ENTRY_FIELD_SCORE;
    }

  /* The read name; the write name too, in case an answer uses it. */
  if (keika_site_json_get_uint (object, "num_episodes_watched", G_MAXUINT, &value) ||
      keika_site_json_get_uint (object, "num_watched_episodes", G_MAXUINT, &value))
    {
      entry->progress = value;
      entry->known |= KEIKA_ENTRY_FIELD_PROGRESS;
    }

  if (keika_site_json_get_bool (object, "is_rewatching", &flag))
    {
      entry->rewatching = flag;
      entry->known |= KEIKA_ENTRY_FIELD_REWATCHING;
    }

  /* MAL leaves unset dates out: absent means none. */
  entry->start_date = keika_fuzzy_date_normalize (keika_site_json_get_string (object, "start_date"));
  entry->finish_date = keika_fuzzy_date_normalize (keika_site_json_get_string (object, "finish_date"));
  entry->known |= KEIKA_ENTRY_FIELD_START_DATE | KEIKA_ENTRY_FIELD_FINISH_DATE;

  if (keika_site_json_get_uint (object, "priority", 2, &value))
    {
      entry->priority = value;
      entry->known |= KEIKA_ENTRY_FIELD_PRIORITY;
    }

  if (keika_site_json_get_uint (object, "num_times_rewatched", G_MAXUINT, &value))
    {
      entry->rewatch_count = value;
      entry->known |= KEIKA_ENTRY_FIELD_REWATCH_COUNT;
    }

  if ((tags = keika_site_json_get_array (object, "tags")) != NULL)
    {
      entry->tags = keika_site_json_dup_strv (tags, NULL);
      entry->known |= KEIKA_ENTRY_FIELD_TAGS;
    }

  if (keika_site_json_get_member (object, "comments") != NULL)
    {
      entry->notes = keika_site_json_dup_nonempty (object, "comments");
      entry->known |= KEIKA_ENTRY_FIELD_NOTES;
    }

  entry->updated_at = keika_site_parse_time (keika_site_json_get_string (object, "updated_at"));
}

/* An anime node: {id, title, main_picture, alternative_titles, …}. NULL
 * when it has no usable id. */
KeikaRemoteEntry *
keika_mal_parse_node (const KeikaJsonValue *node)
{
  KeikaRemoteEntry *entry;
  const KeikaJsonValue *object;
  const char *text;
  gint64 id;

  if (!keika_site_json_get_int (node, "id", &id) || id <= 0)
    return NULL;

  entry = keika_remote_entry_new (id);

  if ((text = keika_site_json_get_string (node, "title")) != NULL)
    {
      g_free (entry->title);
      entry->title = g_strdup (text);
    }

  if ((object = keika_site_json_get_object (node, "main_picture")) != NULL)
    {
      entry->cover_url = keika_site_json_dup_nonempty (object, "large");
      if (entry->cover_url == NULL)
        entry->cover_url = keika_site_json_dup_nonempty (object, "medium");
    }

  if ((object = keika_site_json_get_object (node, "alternative_titles")) != NULL)
    {
      entry->synonyms = keika_site_json_dup_strv (keika_site_json_get_array (object, "synonyms"), NULL);
      entry->title_english = keika_site_json_dup_nonempty (object, "en");
      entry->title_native = keika_site_json_dup_nonempty (object, "ja");
    }

  entry->format = format_from_mal (keika_site_json_get_string (node, "media_type"));
  entry->airing_status = airing_status_from_mal (keika_site_json_get_string (node, "status"));
  keika_site_json_get_uint (node, "num_episodes", G_MAXUINT, &entry->episodes);

  if ((object = keika_site_json_get_object (node, "start_season")) != NULL)
    {
      keika_site_json_get_uint (object, "year", 9999, &entry->season_year);
      entry->season = season_from_mal (keika_site_json_get_string (object, "season"));
    }

  entry->genres = keika_site_json_dup_strv (keika_site_json_get_array (node, "genres"), "name");
  entry->adult = g_strcmp0 (keika_site_json_get_string (node, "nsfw"), "black") == 0;

  return entry;
}

GPtrArray *
keika_mal_parse_list_page (const KeikaJsonValue  *root,
                           gint64                 since,
                           char                 **next,
                           gboolean              *stop,
                           GError               **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  const KeikaJsonValue *paging;
  const KeikaJsonValue *data;
  guint i = 0;

  g_return_val_if_fail (next != NULL && stop != NULL, NULL);

  *next = NULL;
  *stop = FALSE;

  if ((data = keika_site_json_get_array (root, "data")) == NULL)
    {
      g_propagate_error (error, keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL));
      return NULL;
    }

  entries = g_ptr_array_new_full (keika_json_get_length (data),
                                  (GDestroyNotify) keika_remote_entry_unref);

  for (const KeikaJsonValue *item = keika_json_first (data); item != NULL;
       item = keika_json_next (item), i++)
    {
      const KeikaJsonValue *list_status;
      KeikaRemoteEntry *entry;

      if ((entry = keika_mal_parse_node (keika_site_json_get_object (item, "node"))) == NULL)
        {
          /* An entry without an anime id cannot be kept, and leaving it out
           * would look like a deletion on the site. */
          g_debug ("%s list page: item %u has no anime id", SITE_NAME, i);
          g_propagate_error (error, keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL));
          return NULL;
        }

      if ((list_status = keika_site_json_get_object (item, "list_status")) != NULL)
        keika_mal_parse_list_status (list_status, entry);

      if (since > 0 && entry->updated_at != 0 && entry->updated_at < since)
        {
          keika_remote_entry_unref (entry);
          *stop = TRUE;
          break;
        }

      g_ptr_array_add (entries, entry);
    }

  if (!*stop && (paging = keika_site_json_get_object (root, "paging")) != NULL)
    *next = keika_site_json_dup_nonempty (paging, "next");

  return g_steal_pointer (&entries);
}

KeikaProfile *
keika_mal_parse_user (const KeikaJsonValue  *root,
                      GError               **error)
{
  KeikaProfile *profile;
  const char *name;
  gint64 id;
  g_autofree char *id_text = NULL;

  if (!keika_site_json_get_int (root, "id", &id) || id <= 0 ||
      (name = keika_site_json_get_string (root, "name")) == NULL || *name == '\0')
    {
      g_propagate_error (error, keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL));
      return NULL;
    }

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  profile = keika_profile_new (KEIKA_SITE_MAL, name);
  keika_profile_set_site_user_id (profile, id_text);
  keika_profile_set_claimed (profile, TRUE);

  return profile;
}

GPtrArray *
keika_mal_parse_search (const KeikaJsonValue  *root,
                        GError               **error)
{
  g_autoptr(GPtrArray) found = NULL;
  const KeikaJsonValue *data;

  if ((data = keika_site_json_get_array (root, "data")) == NULL)
    {
      g_propagate_error (error, keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL));
      return NULL;
    }

  found = g_ptr_array_new_with_free_func (g_object_unref);
  for (const KeikaJsonValue *item = keika_json_first (data); item != NULL;
       item = keika_json_next (item))
    {
      g_autoptr(KeikaRemoteEntry) entry = NULL;

      /* A result without an id is of no use, and harmless to leave out. */
      if ((entry = keika_mal_parse_node (keika_site_json_get_object (item, "node"))) == NULL)
        continue;

      g_ptr_array_add (found, keika_remote_entry_to_anime (entry, KEIKA_SITE_MAL));
    }

  return g_steal_pointer (&found);
}
