/* keika-anilist-parse.c — AniList's answers read into Keika's values, and
 * Keika's values written as AniList's
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "keika-anilist-site-private.h"
#include "keika-site-json.h"

#define SITE_NAME KEIKA_ANILIST_SITE_NAME

static GError *
new_malformed_error (void)
{
  return keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL);
}

/* Enums */

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
    if (g_str_equal (names[i].name, name))
      {
        *value = names[i].value;
        return TRUE;
      }
  return FALSE;
}

static const Name formats[] = {
  { "TV", KEIKA_FORMAT_TV },
  { "TV_SHORT", KEIKA_FORMAT_TV_SHORT },
  { "MOVIE", KEIKA_FORMAT_MOVIE },
  { "SPECIAL", KEIKA_FORMAT_SPECIAL },
  { "OVA", KEIKA_FORMAT_OVA },
  { "ONA", KEIKA_FORMAT_ONA },
  { "MUSIC", KEIKA_FORMAT_MUSIC },
  { NULL, 0 },
};

static const Name airing_statuses[] = {
  { "FINISHED", KEIKA_AIRING_STATUS_FINISHED },
  { "RELEASING", KEIKA_AIRING_STATUS_RELEASING },
  { "NOT_YET_RELEASED", KEIKA_AIRING_STATUS_NOT_YET_RELEASED },
  { "CANCELLED", KEIKA_AIRING_STATUS_CANCELLED },
  { "HIATUS", KEIKA_AIRING_STATUS_HIATUS },
  { NULL, 0 },
};

static const Name seasons[] = {
  { "WINTER", KEIKA_SEASON_WINTER },
  { "SPRING", KEIKA_SEASON_SPRING },
  { "SUMMER", KEIKA_SEASON_SUMMER },
  { "FALL", KEIKA_SEASON_FALL },
  { NULL, 0 },
};

static const Name list_statuses[] = {
  { "CURRENT", KEIKA_STATUS_WATCHING },
  { "PLANNING", KEIKA_STATUS_PLAN_TO_WATCH },
  { "COMPLETED", KEIKA_STATUS_COMPLETED },
  { "DROPPED", KEIKA_STATUS_DROPPED },
  { "PAUSED", KEIKA_STATUS_ON_HOLD },
  /* REPEATING: watching again (rewatching set), read apart. */
  { NULL, 0 },
};

static const Name score_formats[] = {
  { "POINT_100", KEIKA_SCORE_FORMAT_POINT_100 },
  { "POINT_10_DECIMAL", KEIKA_SCORE_FORMAT_POINT_10_DECIMAL },
  { "POINT_10", KEIKA_SCORE_FORMAT_POINT_10 },
  { "POINT_5", KEIKA_SCORE_FORMAT_POINT_5 },
  { "POINT_3", KEIKA_SCORE_FORMAT_POINT_3 },
  { NULL, 0 },
};

const char *
keika_anilist_status_name (KeikaStatus status,
                           gboolean    rewatching)
{
  /* AniList's REPEATING is Keika's rewatching, whatever the status that
   * came with it (MyAnimeList keeps "completed" while rewatching). */
  if (rewatching && status != KEIKA_STATUS_PLAN_TO_WATCH && status != KEIKA_STATUS_DROPPED &&
      status != KEIKA_STATUS_ON_HOLD)
    return "REPEATING";

  for (guint i = 0; list_statuses[i].name != NULL; i++)
    if (list_statuses[i].value == (int) status)
      return list_statuses[i].name;

  return "CURRENT";
}

/* Dates: FuzzyDate {year month day}, any part null, ↔ "YYYY[-MM[-DD]]". */

static char *
parse_fuzzy_date (const KeikaJsonValue *date)
{
  gint64 year = 0, month = 0, day = 0;

  if (date == NULL || !keika_site_json_get_int (date, "year", &year) || year < 1 || year > 9999)
    return NULL;
  if (!keika_site_json_get_int (date, "month", &month) || month < 1 || month > 12)
    return g_strdup_printf ("%04" G_GINT64_FORMAT, year);
  if (!keika_site_json_get_int (date, "day", &day) || day < 1 ||
      day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year))
    return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02" G_GINT64_FORMAT, year, month);

  return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02" G_GINT64_FORMAT "-%02" G_GINT64_FORMAT,
                          year, month, day);
}

void
keika_anilist_add_fuzzy_date (JsonBuilder *builder,
                              const char  *name,
                              const char  *date)
{
  int year = 0, month = 0, day = 0;

  if (date != NULL)
    sscanf (date, "%4d-%2d-%2d", &year, &month, &day);

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  /* All null clears the date. */
  json_builder_set_member_name (builder, "year");
  year > 0 ? json_builder_add_int_value (builder, year) : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "month");
  month > 0 ? json_builder_add_int_value (builder, month) : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "day");
  day > 0 ? json_builder_add_int_value (builder, day) : json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/* Media and entries */

/* The anime of a Media object into @entry; FALSE without an id. */
static gboolean
parse_media (const KeikaJsonValue *media,
             KeikaRemoteEntry     *entry)
{
  const KeikaJsonValue *title;
  const KeikaJsonValue *cover;
  gint64 id = 0, mal_id = 0, year = 0;
  int value;

  if (media == NULL || !keika_site_json_get_int (media, "id", &id) || id <= 0)
    return FALSE;

  entry->anime_id = id;
  if (keika_site_json_get_int (media, "idMal", &mal_id) && mal_id > 0)
    entry->site_ids[KEIKA_SITE_MAL] = mal_id;

  title = keika_site_json_get_object (media, "title");
  g_free (entry->title);
  entry->title = keika_site_json_dup_nonempty (title, "romaji");
  entry->title_english = keika_site_json_dup_nonempty (title, "english");
  entry->title_native = keika_site_json_dup_nonempty (title, "native");
  if (entry->title == NULL)
    entry->title = g_strdup (entry->title_english != NULL ? entry->title_english :
                             entry->title_native != NULL ? entry->title_native : "");
  entry->synonyms = keika_site_json_dup_strv (keika_site_json_get_array (media, "synonyms"), NULL);
  entry->genres = keika_site_json_dup_strv (keika_site_json_get_array (media, "genres"), NULL);

  keika_site_json_get_uint (media, "episodes", 100000, &entry->episodes);
  if (lookup_name (formats, keika_site_json_get_string (media, "format"), &value))
    entry->format = value;
  if (lookup_name (airing_statuses, keika_site_json_get_string (media, "status"), &value))
    entry->airing_status = value;
  if (lookup_name (seasons, keika_site_json_get_string (media, "season"), &value))
    entry->season = value;
  if (keika_site_json_get_int (media, "seasonYear", &year) && year > 0 && year < 10000)
    entry->season_year = (guint) year;
  cover = keika_site_json_get_object (media, "coverImage");
  entry->cover_url = keika_site_json_dup_nonempty (cover, "large");
  if (entry->cover_url == NULL)
    entry->cover_url = keika_site_json_dup_nonempty (cover, "medium");
  keika_site_json_get_bool (media, "isAdult", &entry->adult);

  return TRUE;
}

KeikaRemoteEntry *
keika_anilist_parse_entry (const KeikaJsonValue *object)
{
  g_autoptr(KeikaRemoteEntry) entry = NULL;
  const char *status;
  gint64 id = 0, media_id = 0, updated_at = 0;
  gint64 score = 0;
  gboolean flag = FALSE;
  int value;

  if (object == NULL || !keika_site_json_get_int (object, "id", &id) || id <= 0)
    return NULL;

  entry = keika_remote_entry_new (0);
  entry->entry_id = id;
  if (!parse_media (keika_site_json_get_object (object, "media"), entry))
    {
      /* The media object is missing: the mediaId still names the anime. */
      if (!keika_site_json_get_int (object, "mediaId", &media_id) || media_id <= 0)
        return NULL;
      entry->anime_id = media_id;
    }

  status = keika_site_json_get_string (object, "status");
  if (g_strcmp0 (status, "REPEATING") == 0)
    {
      entry->status = KEIKA_STATUS_WATCHING;
      entry->rewatching = TRUE;
      entry->known |= KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_REWATCHING;
    }
  else if (lookup_name (list_statuses, status, &value))
    {
      entry->status = value;
      entry->known |= KEIKA_ENTRY_FIELD_STATUS | KEIKA_ENTRY_FIELD_REWATCHING;
    }

  /* score(format: POINT_100) is the raw score; 0 is "no score". */
  if (keika_site_json_get_int (object, "score", &score))
    {
      entry->score = (guint) CLAMP (score, 0, 100);
      entry->known |= KEIKA_ENTRY_FIELD_SCORE;
    }
  if (keika_site_json_get_uint (object, "progress", 100000, &entry->progress))
    entry->known |= KEIKA_ENTRY_FIELD_PROGRESS;
  if (keika_site_json_get_uint (object, "repeat", 100000, &entry->rewatch_count))
    entry->known |= KEIKA_ENTRY_FIELD_REWATCH_COUNT;
  if (keika_site_json_get_bool (object, "private", &flag))
    {
      entry->private_ = flag;
      entry->known |= KEIKA_ENTRY_FIELD_PRIVATE;
    }
  /* null notes are no notes; the text is kept as the site has it. */
  if (keika_site_json_get_member (object, "notes") != NULL ||
      keika_json_get_member (object, "notes") != NULL)
    {
      const char *notes = keika_site_json_get_string (object, "notes");

      entry->notes = notes != NULL && *notes != '\0' ? g_strdup (notes) : NULL;
      entry->known |= KEIKA_ENTRY_FIELD_NOTES;
    }
  if (keika_json_get_member (object, "startedAt") != NULL)
    {
      entry->start_date = parse_fuzzy_date (keika_site_json_get_object (object, "startedAt"));
      entry->known |= KEIKA_ENTRY_FIELD_START_DATE;
    }
  if (keika_json_get_member (object, "completedAt") != NULL)
    {
      entry->finish_date = parse_fuzzy_date (keika_site_json_get_object (object, "completedAt"));
      entry->known |= KEIKA_ENTRY_FIELD_FINISH_DATE;
    }
  if (keika_site_json_get_int (object, "updatedAt", &updated_at) && updated_at > 0)
    entry->updated_at = updated_at;

  return g_steal_pointer (&entry);
}

KeikaRemoteEntry *
keika_anilist_parse_media (const KeikaJsonValue *media)
{
  g_autoptr(KeikaRemoteEntry) entry = keika_remote_entry_new (0);

  if (!parse_media (media, entry))
    return NULL;

  return g_steal_pointer (&entry);
}

/* The member @field of the answer's data: an object or array as asked.
 * An answer can carry errors beside data (HTTP 200): a missing or null
 * field is then the error the site gave, in words. */
const KeikaJsonValue *
keika_anilist_get_data (const KeikaJsonValue  *root,
                        const char            *field,
                        GError               **error)
{
  const KeikaJsonValue *data;
  const KeikaJsonValue *node;
  const KeikaJsonValue *errors;

  if (root == NULL || !keika_json_is_object (root))
    {
      g_propagate_error (error, new_malformed_error ());
      return NULL;
    }

  data = keika_site_json_get_object (root, "data");
  node = keika_site_json_get_member (data, field);
  if (node != NULL && keika_json_get_type (node) != KEIKA_JSON_NULL)
    return node;

  errors = keika_site_json_get_array (root, "errors");
  if (errors != NULL && keika_json_get_length (errors) > 0)
    {
      const KeikaJsonValue *first = keika_json_first (errors);
      const KeikaJsonValue *object = keika_json_is_object (first) ? first : NULL;
      const char *message = keika_site_json_get_string (object, "message");
      gint64 status = 0;
      KeikaError code = KEIKA_ERROR_REJECTED;

      keika_site_json_get_int (object, "status", &status);
      if (status == 404)
        code = KEIKA_ERROR_NOT_FOUND;
      else if (status == 401)
        code = KEIKA_ERROR_SIGNED_OUT;
      else if (status == 429)
        code = KEIKA_ERROR_RATE_LIMITED;
      else if (status >= 500)
        code = KEIKA_ERROR_SERVER_ERROR;
      g_propagate_error (error, keika_error_new (code, SITE_NAME, message));
      return NULL;
    }

  g_propagate_error (error, new_malformed_error ());
  return NULL;
}

KeikaProfile *
keika_anilist_parse_viewer (const KeikaJsonValue  *root,
                            KeikaScoreFormat      *score_format,
                            GError               **error)
{
  KeikaProfile *profile;
  const KeikaJsonValue *node;
  const KeikaJsonValue *viewer;
  const char *name;
  g_autofree char *id_text = NULL;
  gint64 id = 0;
  int value;

  if (!(node = keika_anilist_get_data (root, "Viewer", error)))
    return NULL;
  viewer = keika_json_is_object (node) ? node : NULL;
  if (!keika_site_json_get_int (viewer, "id", &id) || id <= 0 ||
      (name = keika_site_json_get_string (viewer, "name")) == NULL || *name == '\0')
    {
      g_propagate_error (error, new_malformed_error ());
      return NULL;
    }

  if (score_format != NULL &&
      lookup_name (score_formats,
                   keika_site_json_get_string (keika_site_json_get_object (viewer, "mediaListOptions"),
                                               "scoreFormat"),
                   &value))
    *score_format = value;

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  profile = keika_profile_new (KEIKA_SITE_ANILIST, name);
  keika_profile_set_site_user_id (profile, id_text);
  keika_profile_set_claimed (profile, TRUE);

  return profile;
}

gint64
keika_anilist_token_expiry (const char *token)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(KeikaJsonDoc) doc = NULL;
  const KeikaJsonValue *root;
  g_autofree guchar *decoded = NULL;
  gsize len = 0;
  gint64 exp = 0;
  GString *b64;

  if (token == NULL)
    return 0;
  parts = g_strsplit (token, ".", 4);
  if (g_strv_length (parts) != 3 || strlen (parts[1]) > 8192)
    return 0;

  /* base64url without padding → base64 */
  b64 = g_string_new (parts[1]);
  g_strdelimit (b64->str, "-", '+');
  g_strdelimit (b64->str, "_", '/');
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');
  decoded = g_base64_decode (b64->str, &len);
  g_string_free (b64, TRUE);
  if (decoded == NULL || len == 0)
    return 0;

  payload = g_strndup ((const char *) decoded, len);
  doc = keika_json_doc_parse (payload, strlen (payload), NULL);
  root = doc != NULL ? keika_json_doc_get_root (doc) : NULL;
  if (!keika_json_is_object (root) ||
      !keika_site_json_get_int (root, "exp", &exp) || exp <= 0)
    return 0;

  return exp;
}
