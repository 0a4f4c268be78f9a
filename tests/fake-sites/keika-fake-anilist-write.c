/* keika-fake-anilist-write.c: the fake AniList's objects as JSON, the fields selected only
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include "keika-fake-anilist-exec.h"

/* Writing */

static void
write_int_or_null (GString *out,
                   gint64   value)
{
  if (value != 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
  else
    g_string_append (out, "null");
}

void
keika_fake_anilist_write_bool (GString  *out,
                               gboolean  value)
{
  g_string_append (out, value ? "true" : "false");
}

static void
write_strv (GString            *out,
            const char * const *strv)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      keika_fake_json_string (out, strv[i]);
    }
  g_string_append_c (out, ']');
}

/* Floor to the breakpoints of ../shared/API.md, never round. */
static void
write_score (GString    *out,
             guint       raw,
             const char *format)
{
  if (g_str_equal (format, "POINT_10_DECIMAL"))
    {
      if (raw % 10 == 0)
        g_string_append_printf (out, "%u", raw / 10);
      else
        g_string_append_printf (out, "%u.%u", raw / 10, raw % 10);
    }
  else if (g_str_equal (format, "POINT_10"))
    g_string_append_printf (out, "%u", raw / 10);
  else if (g_str_equal (format, "POINT_5"))
    g_string_append_printf (out, "%u", raw == 0 ? 0 : raw < 30 ? 1 : raw < 50 ? 2 : raw < 70 ? 3
                                       : raw < 90 ? 4 : 5);
  else if (g_str_equal (format, "POINT_3"))
    g_string_append_printf (out, "%u", raw == 0 ? 0 : raw <= 30 ? 1 : raw <= 60 ? 2 : 3);
  else
    g_string_append_printf (out, "%u", raw);
}

static void
write_date (AnilistExec                *ex,
            GString                    *out,
            const KeikaFakeAnilistDate *date,
            GPtrArray                  *selection)
{
  KeikaFakeGqlField *field;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  FOR_FIELDS (ex, selection, field)
    {
      keika_fake_json_member (out, &first, field->name);
      if (g_str_equal (field->name, "year"))
        write_int_or_null (out, date->year);
      else if (g_str_equal (field->name, "month"))
        write_int_or_null (out, date->month);
      else
        write_int_or_null (out, date->day);
    }
  g_string_append_c (out, '}');
}

void
keika_fake_anilist_write_user (AnilistExec *ex,
                               GString     *out,
                               AnilistUser *user,
                               GPtrArray   *selection)
{
  KeikaFakeGqlField *field;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  FOR_FIELDS (ex, selection, field)
    {
      keika_fake_json_member (out, &first, field->name);
      if (g_str_equal (field->name, "id"))
        g_string_append_printf (out, "%" G_GINT64_FORMAT, user->id);
      else if (g_str_equal (field->name, "name"))
        keika_fake_json_string (out, user->name);
      else if (g_str_equal (field->name, "siteUrl"))
        {
          g_autofree char *url = g_strconcat ("https://anilist.co/user/", user->name, NULL);

          keika_fake_json_string (out, url);
        }
      else
        {
          KeikaFakeGqlField *option;
          gboolean first_option = TRUE;

          /* mediaListOptions */
          g_string_append_c (out, '{');
          FOR_FIELDS (ex, field->selection, option)
            {
              keika_fake_json_member (out, &first_option, option->name);
              if (g_str_equal (option->name, "scoreFormat"))
                keika_fake_json_string (out, user->score_format);
              else
                {
                  g_string_append (out, "{\"customLists\":");
                  write_strv (out, (const char * const *) user->custom_lists->pdata);
                  g_string_append_c (out, '}');
                }
            }
          g_string_append_c (out, '}');
        }
    }
  g_string_append_c (out, '}');
}

static void
write_cover (AnilistExec  *ex,
             GString      *out,
             AnilistMedia *media,
             GPtrArray    *selection)
{
  KeikaFakeGqlField *field;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  FOR_FIELDS (ex, selection, field)
    {
      keika_fake_json_member (out, &first, field->name);
      if (g_str_equal (field->name, "color"))
        keika_fake_json_string (out, "#3db4f2");
      else
        g_string_append_printf (out, "\"%s/media/anime/cover/%s/bx%" G_GINT64_FORMAT ".png\"",
                                ex->self->cdn_url,
                                g_str_equal (field->name, "extraLarge") ? "extra-large"
                                : g_str_equal (field->name, "large") ? "large" : "medium",
                                media->id);
    }
  g_string_append_c (out, '}');
}

void
keika_fake_anilist_write_media (AnilistExec  *ex,
                                GString      *out,
                                AnilistMedia *media,
                                GPtrArray    *selection)
{
  KeikaFakeGqlField *field;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  FOR_FIELDS (ex, selection, field)
    {
      const char *name = field->name;

      keika_fake_json_member (out, &first, name);
      if (g_str_equal (name, "id"))
        g_string_append_printf (out, "%" G_GINT64_FORMAT, media->id);
      else if (g_str_equal (name, "idMal"))
        write_int_or_null (out, media->id_mal);
      else if (g_str_equal (name, "title"))
        {
          KeikaFakeGqlField *part;
          gboolean first_part = TRUE;

          g_string_append_c (out, '{');
          FOR_FIELDS (ex, field->selection, part)
            {
              keika_fake_json_member (out, &first_part, part->name);
              keika_fake_json_string (out, g_str_equal (part->name, "english") ? media->english
                                           : g_str_equal (part->name, "native") ? media->native
                                           : media->romaji);
            }
          g_string_append_c (out, '}');
        }
      else if (g_str_equal (name, "type"))
        keika_fake_json_string (out, "ANIME");
      else if (g_str_equal (name, "format"))
        keika_fake_json_string (out, media->format);
      else if (g_str_equal (name, "status"))
        keika_fake_json_string (out, media->status);
      else if (g_str_equal (name, "episodes"))
        write_int_or_null (out, media->episodes);
      else if (g_str_equal (name, "season"))
        keika_fake_json_string (out, media->season);
      else if (g_str_equal (name, "seasonYear"))
        write_int_or_null (out, media->season_year);
      else if (g_str_equal (name, "coverImage"))
        write_cover (ex, out, media, field->selection);
      else if (g_str_equal (name, "genres"))
        write_strv (out, (const char * const *) media->genres);
      else if (g_str_equal (name, "synonyms"))
        write_strv (out, (const char * const *) media->synonyms);
      else if (g_str_equal (name, "isAdult"))
        keika_fake_anilist_write_bool (out, media->is_adult);
      else if (g_str_equal (name, "siteUrl"))
        g_string_append_printf (out, "\"https://anilist.co/anime/%" G_GINT64_FORMAT "\"",
                                media->id);
      else if (media->next_episode == 0)
        g_string_append (out, "null");
      else
        {
          /* nextAiringEpisode: at the start of next week. */
          gint64 week = 7 * 86400;
          gint64 airing_at = (ex->now / week + 1) * week;
          KeikaFakeGqlField *part;
          gboolean first_part = TRUE;

          g_string_append_c (out, '{');
          FOR_FIELDS (ex, field->selection, part)
            {
              keika_fake_json_member (out, &first_part, part->name);
              g_string_append_printf (out, "%" G_GINT64_FORMAT,
                                      g_str_equal (part->name, "airingAt") ? airing_at
                                      : g_str_equal (part->name, "timeUntilAiring")
                                        ? airing_at - ex->now
                                      : g_str_equal (part->name, "episode")
                                        ? (gint64) media->next_episode
                                      : media->id);
            }
          g_string_append_c (out, '}');
        }
    }
  g_string_append_c (out, '}');
}

static void
write_custom_lists (GString      *out,
                    AnilistEntry *entry,
                    gboolean      as_array)
{
  GPtrArray *names = entry->user->custom_lists;

  if (names->len == 0)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, as_array ? '[' : '{');
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gboolean enabled = g_strv_contains (entry->pub.custom_lists, name);

      if (i > 0)
        g_string_append_c (out, ',');
      if (as_array)
        {
          g_string_append (out, "{\"name\":");
          keika_fake_json_string (out, name);
          g_string_append_printf (out, ",\"enabled\":%s}", enabled ? "true" : "false");
        }
      else
        {
          keika_fake_json_string (out, name);
          g_string_append_printf (out, ":%s", enabled ? "true" : "false");
        }
    }
  g_string_append_c (out, as_array ? ']' : '}');
}

void
keika_fake_anilist_write_entry (AnilistExec  *ex,
                                GString      *out,
                                AnilistEntry *entry,
                                GPtrArray    *selection)
{
  const KeikaFakeAnilistEntry *e = &entry->pub;
  KeikaFakeGqlField *field;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  FOR_FIELDS (ex, selection, field)
    {
      const char *name = field->name;

      keika_fake_json_member (out, &first, name);
      if (g_str_equal (name, "id"))
        g_string_append_printf (out, "%" G_GINT64_FORMAT, e->id);
      else if (g_str_equal (name, "userId"))
        g_string_append_printf (out, "%" G_GINT64_FORMAT, entry->user->id);
      else if (g_str_equal (name, "mediaId"))
        g_string_append_printf (out, "%" G_GINT64_FORMAT, e->media_id);
      else if (g_str_equal (name, "status"))
        keika_fake_json_string (out, e->status);
      else if (g_str_equal (name, "score"))
        {
          GHashTable *args = keika_fake_anilist_get_args (ex, field);
          const char *format = keika_fake_anilist_arg_string (args, "format");

          write_score (out, e->score_raw, format != NULL ? format : entry->user->score_format);
        }
      else if (g_str_equal (name, "progress"))
        g_string_append_printf (out, "%u", e->progress);
      else if (g_str_equal (name, "repeat"))
        g_string_append_printf (out, "%u", e->repeat);
      else if (g_str_equal (name, "priority"))
        g_string_append_printf (out, "%u", e->priority);
      else if (g_str_equal (name, "private"))
        keika_fake_anilist_write_bool (out, e->is_private);
      else if (g_str_equal (name, "notes"))
        keika_fake_json_string (out, e->notes);
      else if (g_str_equal (name, "hiddenFromStatusLists"))
        keika_fake_anilist_write_bool (out, e->hidden_from_status_lists);
      else if (g_str_equal (name, "customLists"))
        {
          gboolean as_array = FALSE;

          keika_fake_anilist_arg_bool (keika_fake_anilist_get_args (ex, field), "asArray",
                                       &as_array);
          write_custom_lists (out, entry, as_array);
        }
      else if (g_str_equal (name, "startedAt"))
        write_date (ex, out, &e->started_at, field->selection);
      else if (g_str_equal (name, "completedAt"))
        write_date (ex, out, &e->completed_at, field->selection);
      else if (g_str_equal (name, "updatedAt"))
        g_string_append_printf (out, "%" G_GINT64_FORMAT, e->updated_at);
      else if (g_str_equal (name, "createdAt"))
        g_string_append_printf (out, "%" G_GINT64_FORMAT, e->created_at);
      else if (g_str_equal (name, "media"))
        keika_fake_anilist_write_media (ex, out,
                                        keika_fake_anilist_find_media (ex->self, e->media_id),
                     field->selection);
      else
        keika_fake_anilist_write_user (ex, out, entry->user, field->selection);
    }
  g_string_append_c (out, '}');
}
