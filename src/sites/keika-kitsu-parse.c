/* keika-kitsu-parse.c — Kitsu's JSON:API documents read into Keika's
 * values, and Keika's dates written as Kitsu's times
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "keika-kitsu-site-private.h"
#include "keika-score.h"
#include "keika-site-json.h"

#define SITE_NAME KEIKA_KITSU_SITE_NAME

GError *
keika_kitsu_new_malformed_error (void)
{
  return keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL);
}

/* Names */

typedef struct
{
  const char *name;
  int         value;
} Name;

static gboolean
lookup_name (const Name *names,
             const char *name,
             int        *value)
{
  for (guint i = 0; name != NULL && names[i].name != NULL; i++)
    if (g_ascii_strcasecmp (names[i].name, name) == 0)
      {
        *value = names[i].value;
        return TRUE;
      }
  return FALSE;
}

static const Name subtypes[] = {
  { "TV", KEIKA_FORMAT_TV },
  { "movie", KEIKA_FORMAT_MOVIE },
  { "special", KEIKA_FORMAT_SPECIAL },
  { "OVA", KEIKA_FORMAT_OVA },
  { "ONA", KEIKA_FORMAT_ONA },
  { "music", KEIKA_FORMAT_MUSIC },
  { NULL, 0 },
};

static const Name airing_statuses[] = {
  { "finished", KEIKA_AIRING_STATUS_FINISHED },
  { "current", KEIKA_AIRING_STATUS_RELEASING },
  { "upcoming", KEIKA_AIRING_STATUS_NOT_YET_RELEASED },
  { "unreleased", KEIKA_AIRING_STATUS_NOT_YET_RELEASED },
  { "tba", KEIKA_AIRING_STATUS_NOT_YET_RELEASED },
  { NULL, 0 },
};

static const Name list_statuses[] = {
  { "current", KEIKA_STATUS_WATCHING },
  { "planned", KEIKA_STATUS_PLAN_TO_WATCH },
  { "completed", KEIKA_STATUS_COMPLETED },
  { "on_hold", KEIKA_STATUS_ON_HOLD },
  { "dropped", KEIKA_STATUS_DROPPED },
  { NULL, 0 },
};

const char *
keika_kitsu_status_name (KeikaStatus status)
{
  for (guint i = 0; list_statuses[i].name != NULL; i++)
    if (list_statuses[i].value == (int) status)
      return list_statuses[i].name;

  return "current";
}

/* Dates. Kitsu keeps times; a day is sent as its noon UTC, which is that
 * day in every zone from UTC−11 to UTC+11, and read as the local day. */

char *
keika_kitsu_date_to_time (const char *date)
{
  int year = 0, month = 1, day = 1;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &year, &month, &day) < 1 ||
      year < 1 || month < 1 || month > 12 || day < 1 ||
      day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year))
    return NULL;

  return g_strdup_printf ("%04d-%02d-%02dT12:00:00.000Z", year, month, day);
}

char *
keika_kitsu_time_to_date (const char *time)
{
  g_autoptr(GDateTime) local = NULL;
  int year, month, day;
  char end;
  gint64 seconds;

  if (time == NULL)
    return NULL;
  /* A date alone is that day. */
  if (sscanf (time, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3)
    return g_date_valid_dmy (day, month, year) && year >= 1000
           ? g_strdup_printf ("%04d-%02d-%02d", year, month, day) : NULL;
  if ((seconds = keika_site_parse_time (time)) == 0 ||
      (local = g_date_time_new_from_unix_local (seconds)) == NULL ||
      g_date_time_get_year (local) < 1000)
    return NULL;

  return g_date_time_format (local, "%Y-%m-%d");
}

/* Documents */

/* The id of a resource or linkage: a string in JSON:API (a number is read
 * too); 0 when absent or not a positive whole number. */
gint64
keika_kitsu_resource_id (const KeikaJsonValue *resource)
{
  const char *text = keika_site_json_get_string (resource, "id");
  gint64 id = 0;

  if (text != NULL)
    {
      char *end;

      id = g_ascii_strtoll (text, &end, 10);
      if (*end != '\0')
        id = 0;
    }
  else if (!keika_site_json_get_int (resource, "id", &id))
    id = 0;

  return MAX (id, 0);
}

static char *
resource_key (const char *type,
              gint64      id)
{
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, type, id);
}

GHashTable *
keika_kitsu_index_included (const KeikaJsonValue *root)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const KeikaJsonValue *included = keika_json_is_object (root)
                        ? keika_site_json_get_array (root, "included")
                        : NULL;

  for (const KeikaJsonValue *node = keika_json_first (included); node != NULL;
       node = keika_json_next (node))
    {
      const KeikaJsonValue *resource = keika_json_is_object (node) ? node : NULL;
      const char *type = keika_site_json_get_string (resource, "type");
      gint64 id = keika_kitsu_resource_id (resource);

      if (type != NULL && id > 0)
        g_hash_table_insert (index, resource_key (type, id), (gpointer) resource);
    }

  return index;
}

const KeikaJsonValue *
keika_kitsu_get_data_array (const KeikaJsonValue  *root,
                            GError               **error)
{
  const KeikaJsonValue *data = root != NULL && keika_json_is_object (root)
                    ? keika_site_json_get_array (root, "data") : NULL;

  if (data == NULL)
    g_propagate_error (error, keika_kitsu_new_malformed_error ());

  return data;
}

const KeikaJsonValue *
keika_kitsu_get_data_object (const KeikaJsonValue  *root,
                             GError               **error)
{
  const KeikaJsonValue *data = root != NULL && keika_json_is_object (root)
                     ? keika_site_json_get_object (root, "data") : NULL;

  if (data == NULL)
    g_propagate_error (error, keika_kitsu_new_malformed_error ());

  return data;
}

/* relationships.@name.data: an object (to-one) or an array (to-many). */
static const KeikaJsonValue *
linkage (const KeikaJsonValue *resource,
         const char           *name)
{
  const KeikaJsonValue *relationships = keika_site_json_get_object (resource, "relationships");

  return keika_site_json_get_member (keika_site_json_get_object (relationships, name), "data");
}

gint64
keika_kitsu_related_id (const KeikaJsonValue *resource,
                        const char           *name,
                        const char           *type)
{
  const KeikaJsonValue *node = linkage (resource, name);
  const KeikaJsonValue *data = node != NULL && keika_json_is_object (node) ? node
                                                                   : NULL;

  if (g_strcmp0 (keika_site_json_get_string (data, "type"), type) != 0)
    return 0;

  return keika_kitsu_resource_id (data);
}

int
keika_kitsu_mapping_site (const KeikaJsonValue *mapping,
                          gint64               *external_id)
{
  const char *site = keika_site_json_get_string (keika_site_json_get_object (mapping, "attributes"),
                                                 "externalSite");
  const char *text = keika_site_json_get_string (keika_site_json_get_object (mapping, "attributes"),
                                                 "externalId");
  char *end = NULL;

  /* The external id is text; only whole numbers are ids of these sites. */
  *external_id = text != NULL ? g_ascii_strtoll (text, &end, 10) : 0;
  if (end == NULL || *end != '\0' || *external_id <= 0)
    return -1;
  if (g_strcmp0 (site, "myanimelist/anime") == 0)
    return KEIKA_SITE_MAL;
  if (g_strcmp0 (site, "anilist/anime") == 0)
    return KEIKA_SITE_ANILIST;

  return -1;
}

/* Season and year of a start date "YYYY-MM-DD". */
static void
parse_start_date (const char       *date,
                  KeikaRemoteEntry *entry)
{
  static const KeikaSeason seasons[] = {
    KEIKA_SEASON_WINTER, KEIKA_SEASON_SPRING, KEIKA_SEASON_SUMMER, KEIKA_SEASON_FALL
  };
  int year = 0, month = 0;

  if (date == NULL || sscanf (date, "%4d-%2d", &year, &month) != 2 || year < 1 ||
      month < 1 || month > 12)
    return;

  entry->season_year = year;
  entry->season = seasons[(month - 1) / 3];
}

/* The anime facts of @anime into @entry. */
static gboolean
parse_anime (const KeikaJsonValue *anime,
             GHashTable           *included,
             KeikaRemoteEntry     *entry)
{
  const KeikaJsonValue *attributes = keika_site_json_get_object (anime, "attributes");
  const KeikaJsonValue *titles = keika_site_json_get_object (attributes, "titles");
  const KeikaJsonValue *poster = keika_site_json_get_object (attributes, "posterImage");
  const KeikaJsonValue *mappings = linkage (anime, "mappings");
  gint64 id = keika_kitsu_resource_id (anime);
  int value;

  if (id <= 0 || g_strcmp0 (keika_site_json_get_string (anime, "type"), "anime") != 0)
    return FALSE;

  entry->anime_id = id;
  g_free (entry->title);
  entry->title = keika_site_json_dup_nonempty (titles, "en_jp");
  if (entry->title == NULL)
    entry->title = keika_site_json_dup_nonempty (attributes, "canonicalTitle");
  entry->title_english = keika_site_json_dup_nonempty (titles, "en");
  if (entry->title_english == NULL)
    entry->title_english = keika_site_json_dup_nonempty (titles, "en_us");
  entry->title_native = keika_site_json_dup_nonempty (titles, "ja_jp");
  if (entry->title == NULL)
    entry->title = g_strdup (entry->title_english != NULL ? entry->title_english :
                             entry->title_native != NULL ? entry->title_native : "");
  entry->synonyms = keika_site_json_dup_strv (keika_site_json_get_array (attributes,
                                                                         "abbreviatedTitles"),
                                              NULL);
  if (lookup_name (subtypes, keika_site_json_get_string (attributes, "subtype"), &value))
    entry->format = value;
  if (lookup_name (airing_statuses, keika_site_json_get_string (attributes, "status"), &value))
    entry->airing_status = value;
  keika_site_json_get_uint (attributes, "episodeCount", 100000, &entry->episodes);
  parse_start_date (keika_site_json_get_string (attributes, "startDate"), entry);
  entry->cover_url = keika_site_json_dup_nonempty (poster, "large");
  if (entry->cover_url == NULL)
    entry->cover_url = keika_site_json_dup_nonempty (poster, "original");
  keika_site_json_get_bool (attributes, "nsfw", &entry->adult);

  /* The ids on the other sites, exactly as Kitsu maps them. */
  for (const KeikaJsonValue *item = keika_json_is_array (mappings) ? keika_json_first (mappings)
                                                                   : NULL;
       item != NULL; item = keika_json_next (item))
    {
      const KeikaJsonValue *ref = keika_json_is_object (item) ? item : NULL;
      g_autofree char *key = NULL;
      const KeikaJsonValue *mapping;
      gint64 external_id;
      int site;

      if (g_strcmp0 (keika_site_json_get_string (ref, "type"), "mappings") != 0)
        continue;
      key = resource_key ("mappings", keika_kitsu_resource_id (ref));
      mapping = g_hash_table_lookup (included, key);
      if (mapping != NULL && (site = keika_kitsu_mapping_site (mapping, &external_id)) >= 0)
        entry->site_ids[site] = external_id;
    }

  return TRUE;
}

KeikaRemoteEntry *
keika_kitsu_parse_anime (const KeikaJsonValue *anime,
                         GHashTable           *included)
{
  g_autoptr(KeikaRemoteEntry) entry = keika_remote_entry_new (0);

  if (!parse_anime (anime, included, entry))
    return NULL;

  return g_steal_pointer (&entry);
}

KeikaRemoteEntry *
keika_kitsu_parse_entry (const KeikaJsonValue *object,
                         GHashTable           *included,
                         gint64                anime_id)
{
  g_autoptr(KeikaRemoteEntry) entry = NULL;
  const KeikaJsonValue *attributes = keika_site_json_get_object (object, "attributes");
  gint64 id = keika_kitsu_resource_id (object);
  gint64 related = keika_kitsu_related_id (object, "anime", "anime");
  g_autofree char *key = NULL;
  const KeikaJsonValue *anime;
  gint64 rating = 0;
  gboolean flag = FALSE;
  int value;

  if (id <= 0 || (related <= 0 && anime_id <= 0))
    return NULL;

  entry = keika_remote_entry_new (related > 0 ? related : anime_id);
  entry->entry_id = id;
  key = resource_key ("anime", entry->anime_id);
  if (included != NULL && (anime = g_hash_table_lookup (included, key)) != NULL)
    parse_anime (anime, included, entry);

  if (lookup_name (list_statuses, keika_site_json_get_string (attributes, "status"), &value))
    {
      entry->status = value;
      entry->known |= KEIKA_ENTRY_FIELD_STATUS;
    }
  if (keika_site_json_get_bool (attributes, "reconsuming", &flag))
    {
      entry->rewatching = flag;
      entry->known |= KEIKA_ENTRY_FIELD_REWATCHING;
    }
  /* ratingTwenty 2–20, null for none. */
  if (keika_json_get_member (attributes, "ratingTwenty") != NULL)
    {
      if (keika_site_json_get_int (attributes, "ratingTwenty", &rating) && rating > 0)
        entry->score = keika_score_from_site ((guint) MIN (rating, 20), KEIKA_SITE_KITSU);
      entry->known |= KEIKA_ENTRY_FIELD_SCORE;
    }
  if (keika_site_json_get_uint (attributes, "progress", 100000, &entry->progress))
    entry->known |= KEIKA_ENTRY_FIELD_PROGRESS;
  if (keika_site_json_get_uint (attributes, "reconsumeCount", 100000, &entry->rewatch_count))
    entry->known |= KEIKA_ENTRY_FIELD_REWATCH_COUNT;
  if (keika_site_json_get_bool (attributes, "private", &flag))
    {
      entry->private_ = flag;
      entry->known |= KEIKA_ENTRY_FIELD_PRIVATE;
    }
  /* null or "" is no notes; the text is kept as it is, spaces and all. */
  if (keika_json_get_member (attributes, "notes") != NULL)
    {
      entry->notes = keika_site_json_dup_nonempty (attributes, "notes");
      entry->known |= KEIKA_ENTRY_FIELD_NOTES;
    }
  if (keika_json_get_member (attributes, "startedAt") != NULL)
    {
      entry->start_date = keika_kitsu_time_to_date (keika_site_json_get_string (attributes,
                                                                                "startedAt"));
      entry->known |= KEIKA_ENTRY_FIELD_START_DATE;
    }
  if (keika_json_get_member (attributes, "finishedAt") != NULL)
    {
      entry->finish_date = keika_kitsu_time_to_date (keika_site_json_get_string (attributes,
                                                                                 "finishedAt"));
      entry->known |= KEIKA_ENTRY_FIELD_FINISH_DATE;
    }
  entry->updated_at = keika_site_parse_time (keika_site_json_get_string (attributes, "updatedAt"));

  return g_steal_pointer (&entry);
}

KeikaProfile *
keika_kitsu_parse_user (const KeikaJsonValue  *root,
                        GError               **error)
{
  const KeikaJsonValue *data = keika_kitsu_get_data_array (root, error);
  const KeikaJsonValue *user = NULL;
  const KeikaJsonValue *attributes;
  g_autofree char *name = NULL;
  g_autofree char *id_text = NULL;
  KeikaProfile *profile;
  gint64 id;

  if (data == NULL)
    return NULL;
  if (keika_json_get_length (data) > 0 && keika_json_is_object (keika_json_first (data)))
    user = (keika_json_first (data));

  /* The slug names the profile's address; not every user has one. */
  attributes = keika_site_json_get_object (user, "attributes");
  name = keika_site_json_dup_nonempty (attributes, "slug");
  if (name == NULL)
    name = keika_site_json_dup_nonempty (attributes, "name");
  if ((id = keika_kitsu_resource_id (user)) <= 0 || name == NULL)
    {
      g_propagate_error (error, keika_kitsu_new_malformed_error ());
      return NULL;
    }

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  profile = keika_profile_new (KEIKA_SITE_KITSU, name);
  keika_profile_set_site_user_id (profile, id_text);
  keika_profile_set_claimed (profile, TRUE);

  return profile;
}
