/* keika-anitrack-parse.c — AniTrack's answers read into Keika's values,
 * Keika's values written as AniTrack's fields, and its refusals in words
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "keika-anitrack-site-private.h"
#include "keika-score.h"
#include "keika-site-json.h"

#define SITE_NAME KEIKA_ANITRACK_SITE_NAME

/* Answers come as {"data": …} (Laravel's resources); a bare one is read too. */
static const KeikaJsonValue *
get_data (KeikaHttpResponse *response)
{
  const KeikaJsonValue *root = keika_http_response_get_json (response);
  const KeikaJsonValue *data;

  if (root != NULL && keika_json_is_object (root) &&
      (data = keika_json_get_member (root, "data")) != NULL &&
      (keika_json_is_object (data) || keika_json_is_array (data)))
    return data;

  return root;
}

const KeikaJsonValue *
keika_anitrack_get_object (KeikaHttpResponse *response)
{
  const KeikaJsonValue *data = get_data (response);

  return data != NULL && keika_json_is_object (data) ? data : NULL;
}

const KeikaJsonValue *
keika_anitrack_get_array (KeikaHttpResponse *response)
{
  const KeikaJsonValue *data = get_data (response);

  return data != NULL && keika_json_is_array (data) ? data : NULL;
}

/* Dates: AniTrack's are days, "YYYY-MM-DD" (a date-time is cut to its day). */
static char *
read_date (const KeikaJsonValue *object,
           const char           *name)
{
  const char *text = keika_site_json_get_string (object, name);
  unsigned year, month, day;

  if (text == NULL || strlen (text) < 10 || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

/* Keika's fuzzy date as a day: a year or month alone means its first day. */
static void
add_date (JsonBuilder *builder,
          const char  *name,
          const char  *date)
{
  int year = 0, month = 1, day = 1;

  json_builder_set_member_name (builder, name);
  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &year, &month, &day) < 1 ||
      !g_date_valid_dmy (day, month, year))
    {
      json_builder_add_null_value (builder);
      return;
    }

  {
    g_autofree char *text = g_strdup_printf ("%04d-%02d-%02d", year, month, day);

    json_builder_add_string_value (builder, text);
  }
}

/* The anime of an entry or a lookup into @entry. */
static void
parse_anime (const KeikaJsonValue *anime,
             KeikaRemoteEntry     *entry)
{
  const KeikaJsonValue *external = keika_site_json_get_object (anime, "external_ids");
  const KeikaJsonValue *genres = keika_site_json_get_array (anime, "genres");
  gint64 year = 0;
  const char *name;

  g_free (entry->title);
  entry->title = keika_site_json_dup_nonempty (anime, "title");
  entry->title_english = keika_site_json_dup_nonempty (anime, "title_english");
  entry->title_native = keika_site_json_dup_nonempty (anime, "title_japanese");
  if (entry->title == NULL)
    entry->title = g_strdup (entry->title_english != NULL ? entry->title_english :
                             entry->title_native != NULL ? entry->title_native : "");
  entry->synonyms = keika_site_json_dup_strv (keika_site_json_get_array (anime, "synonyms"), NULL);
  entry->genres = keika_site_json_dup_strv (genres, "name");
  if (entry->genres == NULL)
    entry->genres = keika_site_json_dup_strv (genres, NULL);
  entry->cover_url = keika_site_json_dup_nonempty (anime, "cover_url");

  keika_site_json_get_uint (anime, "episodes", 100000, &entry->episodes);
  if ((name = keika_site_json_get_string (anime, "type")) != NULL)
    keika_format_from_string (name, &entry->format);
  if ((name = keika_site_json_get_string (anime, "status")) != NULL)
    keika_airing_status_from_string (name, &entry->airing_status);
  if ((name = keika_site_json_get_string (anime, "season")) != NULL)
    keika_season_from_string (name, &entry->season);
  if (keika_site_json_get_int (anime, "year", &year) && year > 0 && year < 10000)
    entry->season_year = (guint) year;
  keika_site_json_get_bool (anime, "is_adult", &entry->adult);

  /* The ids that match an entry to a library exactly. */
  if (!keika_site_json_get_int (anime, "anilist_id", &entry->site_ids[KEIKA_SITE_ANILIST]))
    keika_site_json_get_int (external, "anilist", &entry->site_ids[KEIKA_SITE_ANILIST]);
  if (!keika_site_json_get_int (anime, "mal_id", &entry->site_ids[KEIKA_SITE_MAL]))
    keika_site_json_get_int (external, "mal", &entry->site_ids[KEIKA_SITE_MAL]);
  keika_site_json_get_int (external, "kitsu", &entry->site_ids[KEIKA_SITE_KITSU]);
  for (guint i = 0; i < G_N_ELEMENTS (entry->site_ids); i++)
    entry->site_ids[i] = MAX (entry->site_ids[i], 0);
}

KeikaRemoteEntry *
keika_anitrack_parse_entry (const KeikaJsonValue *object)
{
  const KeikaJsonValue *anime = keika_site_json_get_object (object, "anime");
  g_autoptr(KeikaRemoteEntry) entry = NULL;
  gint64 id = 0, anime_id = 0;
  const char *status;

  if (!keika_site_json_get_int (object, "anime_id", &anime_id))
    keika_site_json_get_int (anime, "id", &anime_id);
  if (!keika_site_json_get_int (object, "id", &id) || id <= 0 || anime_id <= 0)
    return NULL;

  entry = keika_remote_entry_new (anime_id);
  entry->entry_id = id;
  if (anime != NULL)
    parse_anime (anime, entry);

  /* A member that is there counts as known, null being its empty value. */
#define HAS(name) (keika_json_get_member (object, name) != NULL)
  status = keika_site_json_get_string (object, "status");
  if (status != NULL && keika_status_from_string (status, &entry->status))
    entry->known |= KEIKA_ENTRY_FIELD_STATUS;
  if (HAS ("score"))
    {
      guint score = 0;

      keika_site_json_get_uint (object, "score", 100, &score);
      entry->score = keika_score_from_site (score, KEIKA_SITE_ANITRACK);
      entry->known |= KEIKA_ENTRY_FIELD_SCORE;
    }
  if (keika_site_json_get_uint (object, "progress", 100000, &entry->progress))
    entry->known |= KEIKA_ENTRY_FIELD_PROGRESS;
  if (keika_site_json_get_bool (object, "is_rewatching", &entry->rewatching))
    entry->known |= KEIKA_ENTRY_FIELD_REWATCHING;
  if (keika_site_json_get_uint (object, "rewatch_count", 10000, &entry->rewatch_count))
    entry->known |= KEIKA_ENTRY_FIELD_REWATCH_COUNT;
  if (HAS ("started_at"))
    {
      entry->start_date = read_date (object, "started_at");
      entry->known |= KEIKA_ENTRY_FIELD_START_DATE;
    }
  if (HAS ("completed_at"))
    {
      entry->finish_date = read_date (object, "completed_at");
      entry->known |= KEIKA_ENTRY_FIELD_FINISH_DATE;
    }
  if (HAS ("notes"))
    {
      /* Exactly as written, surrounding spaces and line breaks too. */
      entry->notes = keika_site_json_dup_nonempty (object, "notes");
      entry->known |= KEIKA_ENTRY_FIELD_NOTES;
    }
  if (HAS ("tags"))
    {
      entry->tags = keika_site_json_dup_strv (keika_site_json_get_array (object, "tags"), NULL);
      entry->known |= KEIKA_ENTRY_FIELD_TAGS;
    }
  if (keika_site_json_get_bool (object, "is_private", &entry->private_))
    entry->known |= KEIKA_ENTRY_FIELD_PRIVATE;
#undef HAS
  entry->updated_at = keika_site_parse_time (keika_site_json_get_string (object, "updated_at"));

  return g_steal_pointer (&entry);
}

KeikaProfile *
keika_anitrack_parse_user (const KeikaJsonValue  *object,
                           GError               **error)
{
  g_autofree char *name = keika_site_json_dup_nonempty (object, "name");
  g_autofree char *id_text = NULL;
  KeikaProfile *profile;
  gint64 id = 0;

  if (name == NULL)
    name = keika_site_json_dup_nonempty (object, "username");
  if (!keika_site_json_get_int (object, "id", &id) || id <= 0 || name == NULL)
    {
      g_propagate_error (error, keika_error_new (KEIKA_ERROR_MALFORMED, SITE_NAME, NULL));
      return NULL;
    }

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  profile = keika_profile_new (KEIKA_SITE_ANITRACK, name);
  keika_profile_set_site_user_id (profile, id_text);
  /* AniTrack shows a list to its owner only. */
  keika_profile_set_visibility (profile, KEIKA_VISIBILITY_PRIVATE);
  keika_profile_set_claimed (profile, TRUE);

  return profile;
}

char *
keika_anitrack_parse_token (const KeikaJsonValue *object)
{
  static const char * const names[] = { "token", "plain_text_token", "access_token" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      char *token = keika_site_json_dup_nonempty (object, names[i]);

      if (token != NULL)
        return token;
    }

  return NULL;
}

KeikaSiteSignIn *
keika_anitrack_parse_token_info (const KeikaJsonValue *object)
{
  KeikaSiteSignIn *token;
  gint64 id = 0;

  if (!keika_site_json_get_int (object, "id", &id) || id <= 0)
    return NULL;

  token = g_new0 (KeikaSiteSignIn, 1);
  token->id = id;
  token->device_name = keika_site_json_dup_nonempty (object, "name");
  if (token->device_name == NULL)
    token->device_name = keika_site_json_dup_nonempty (object, "device_name");
  token->created_at = keika_site_parse_time (keika_site_json_get_string (object, "created_at"));
  token->last_used_at = keika_site_parse_time (keika_site_json_get_string (object,
                                                                           "last_used_at"));
  if (!keika_site_json_get_bool (object, "is_current", &token->current))
    keika_site_json_get_bool (object, "current", &token->current);

  return token;
}

void
keika_anitrack_add_fields (JsonBuilder            *builder,
                           const KeikaRemoteEntry *values,
                           KeikaEntryFields        fields)
{
  if (fields & KEIKA_ENTRY_FIELD_STATUS)
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, keika_status_to_string (values->status));
    }
  if (fields & KEIKA_ENTRY_FIELD_SCORE)
    {
      json_builder_set_member_name (builder, "score");
      json_builder_add_int_value (builder, keika_score_to_site (values->score, KEIKA_SITE_ANITRACK));
    }
  if (fields & KEIKA_ENTRY_FIELD_PROGRESS)
    {
      json_builder_set_member_name (builder, "progress");
      json_builder_add_int_value (builder, values->progress);
    }
  if (fields & KEIKA_ENTRY_FIELD_REWATCHING)
    {
      json_builder_set_member_name (builder, "is_rewatching");
      json_builder_add_boolean_value (builder, values->rewatching);
    }
  if (fields & KEIKA_ENTRY_FIELD_REWATCH_COUNT)
    {
      json_builder_set_member_name (builder, "rewatch_count");
      json_builder_add_int_value (builder, values->rewatch_count);
    }
  if (fields & KEIKA_ENTRY_FIELD_START_DATE)
    add_date (builder, "started_at", values->start_date);
  if (fields & KEIKA_ENTRY_FIELD_FINISH_DATE)
    add_date (builder, "completed_at", values->finish_date);
  if (fields & KEIKA_ENTRY_FIELD_NOTES)
    {
      json_builder_set_member_name (builder, "notes");
      if (values->notes != NULL && *values->notes != '\0')
        json_builder_add_string_value (builder, values->notes);
      else
        json_builder_add_null_value (builder);
    }
  if (fields & KEIKA_ENTRY_FIELD_TAGS)
    {
      json_builder_set_member_name (builder, "tags");
      json_builder_begin_array (builder);
      for (guint i = 0; values->tags != NULL && values->tags[i] != NULL; i++)
        json_builder_add_string_value (builder, values->tags[i]);
      json_builder_end_array (builder);
    }
  if (fields & KEIKA_ENTRY_FIELD_PRIVATE)
    {
      json_builder_set_member_name (builder, "is_private");
      json_builder_add_boolean_value (builder, values->private_);
    }
}

/* Refusals in words */

static const char *
field_in_words (const char *field)
{
  static const struct
  {
    const char *field;
    const char *words;
  } fields[] = {
    { "status", N_("the status") },
    { "score", N_("the score") },
    { "progress", N_("the episodes watched") },
    { "is_rewatching", N_("rewatching") },
    { "rewatch_count", N_("the number of rewatches") },
    { "started_at", N_("the start date") },
    { "completed_at", N_("the finish date") },
    { "notes", N_("the notes") },
    { "tags", N_("the tags") },
    { "is_private", N_("the private setting") },
    { "anime_id", N_("the anime") },
    { "email", N_("the email") },
    { "password", N_("the password") },
    { "device_name", N_("the device name") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].field, field))
      return _(fields[i].words);

  return field;
}

/* What AniTrack said, without its full stop (the messages add their own). */
static char *
dup_said (const char *message)
{
  char *text = g_strstrip (g_utf8_make_valid (message != NULL ? message : "", -1));
  gsize len = strlen (text);

  while (len > 0 && text[len - 1] == '.')
    text[--len] = '\0';

  return text;
}

GError *
keika_anitrack_reword_error (GError   *error,
                             gboolean  sign_in)
{
  KeikaHttpResponse *response = keika_http_response_from_error (error);
  const KeikaJsonValue *root = response != NULL ? keika_http_response_get_json (response) : NULL;
  const KeikaJsonValue *object = keika_json_is_object (root) ? root : NULL;
  const KeikaJsonValue *errors = keika_site_json_get_object (object, "errors");
  guint status = keika_error_get_http_status (error);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *first = NULL;

  if (!(status == 422 || (sign_in && status == 401)))
    return error;

  for (const KeikaJsonValue *field = keika_json_first (errors); field != NULL;
       field = keika_json_next (field))
    {
      const char *name = keika_json_get_name (field);
      const KeikaJsonValue *messages = keika_json_is_array (field) ? field : NULL;
      g_autofree char *said = dup_said (keika_json_get_string (keika_json_first (messages)));

      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* TRANSLATORS: the first %s names a field ("the notes"), the second
       * is what AniTrack said about it. */
      g_string_append_printf (text, _("AniTrack refused %s: “%s”."), field_in_words (name),
                              said);
      if (first == NULL)
        first = g_steal_pointer (&said);
    }
  if (first == NULL)
    first = dup_said (keika_site_json_get_string (object, "message"));

  if (sign_in)
    {
      g_autoptr(GError) owned = error;

      return g_error_new (KEIKA_ERROR, KEIKA_ERROR_SIGN_IN_FAILED,
                          _("AniTrack did not accept this email and password: “%s”. Check them "
                            "and try again."), first);
    }

  if (text->len == 0)
    g_string_append_printf (text, _("AniTrack refused the request: “%s”."), first);
  g_string_append_printf (text, " %s", _("Check the values and try again."));
  g_free (error->message);
  error->message = g_string_free (g_steal_pointer (&text), FALSE);

  return error;
}

char *
keika_anitrack_device_name (const char *host_name)
{
  g_autofree char *host = g_utf8_make_valid (host_name != NULL ? host_name : "", -1);
  char *name = g_strdup_printf (_("Keika on %s"), g_strstrip (host));
  gsize len = strlen (name);

  /* At most the longest AniTrack keeps, never half a character. */
  if (len > KEIKA_ANITRACK_DEVICE_NAME_MAX)
    {
      char *end = name + KEIKA_ANITRACK_DEVICE_NAME_MAX;

      while (end > name && ((guchar) *end & 0xC0) == 0x80)
        end--;
      *end = '\0';
    }

  return name;
}
