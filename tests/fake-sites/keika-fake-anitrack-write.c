/* keika-fake-anitrack-write.c: the fake AniTrack's writes to a list, its
 * fields read and checked before any is applied
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "keika-fake-anitrack-private.h"

#define NOTES_MAX 2000

enum
{
  F_STATUS = 1 << 0, F_SCORE = 1 << 1, F_PROGRESS = 1 << 2, F_STARTED = 1 << 3,
  F_COMPLETED = 1 << 4, F_NOTES = 1 << 5, F_PRIVATE = 1 << 6, F_REWATCHING = 1 << 7,
  F_REWATCH_COUNT = 1 << 8, F_TAGS = 1 << 9, F_ANIME = 1 << 10,
};

typedef struct
{
  guint               set;
  gint64              anime_id;
  const char         *status;
  gint64              score;
  gint64              progress;
  const char         *started_at;      /* (nullable) */
  const char         *completed_at;    /* (nullable) */
  const char         *notes;           /* (nullable) */
  gboolean            is_private;
  gboolean            is_rewatching;
  gint64              rewatch_count;
  GStrv               tags;            /* (owned) */
} Fields;

void
keika_fake_anitrack_add_error (GPtrArray  *errors,
                               const char *field,
                               const char *message)
{
  g_ptr_array_add (errors, g_strdup (field));
  g_ptr_array_add (errors, g_strdup (message));
}

static gboolean
read_int (JsonNode  *node,
          gint64    *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_bool (JsonNode *node,
           gboolean *out)
{
  gint64 number;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *out = json_node_get_boolean (node);
      return TRUE;
    }
  if (read_int (node, &number) && (number == 0 || number == 1))
    {
      *out = number == 1;
      return TRUE;
    }
  return FALSE;
}

static const char *
read_string (JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_date (const char *text)
{
  unsigned year, month, day;
  char end;

  return text != NULL && strlen (text) == 10
         && sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) == 3
         && g_date_valid_dmy (day, month, year);
}

static void
read_fields (KeikaFakeAnitrack *self,
             KeikaFakeContext  *ctx,
             JsonObject        *body,
             gboolean           create,
             guint              episodes,
             Fields            *f,
             GPtrArray         *errors)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &node))
    {
      gboolean null = JSON_NODE_HOLDS_NULL (node);

      if (g_str_equal (name, "anime_id") && create)
        {
          f->set |= F_ANIME;
          if (!read_int (node, &f->anime_id) || !g_hash_table_contains (self->anime, &f->anime_id))
            keika_fake_anitrack_add_error (errors, name, "The selected anime id is invalid.");
        }
      else if (g_str_equal (name, "status"))
        {
          f->set |= F_STATUS;
          f->status = read_string (node);
          if (f->status == NULL || !keika_fake_anitrack_is_status (f->status))
            keika_fake_anitrack_add_error (errors, name, "The selected status is invalid.");
        }
      else if (g_str_equal (name, "score"))
        {
          f->set |= F_SCORE;
          if (null)
            f->score = 0;
          else if (!read_int (node, &f->score))
            keika_fake_anitrack_add_error (errors, name, "The score field must be an integer.");
          else if (f->score < 0 || f->score > 100)
            keika_fake_anitrack_add_error (errors, name, "The score field must be between 0 and 100.");
        }
      else if (g_str_equal (name, "progress") || g_str_equal (name, "rewatch_count"))
        {
          gboolean progress = g_str_equal (name, "progress");
          gint64 *value = progress ? &f->progress : &f->rewatch_count;

          if (!progress && create)
            {
              keika_fake_context_ignore_field (ctx, name);
              continue;
            }
          f->set |= progress ? F_PROGRESS : F_REWATCH_COUNT;
          if (!read_int (node, value))
            keika_fake_anitrack_add_error (errors, name, progress ? "The progress field must be an integer."
                                              : "The rewatch count field must be an integer.");
          else if (*value < 0)
            keika_fake_anitrack_add_error (errors, name, progress ? "The progress field must be at least 0."
                                              : "The rewatch count field must be at least 0.");
        }
      else if (g_str_equal (name, "started_at") || g_str_equal (name, "completed_at"))
        {
          gboolean started = g_str_equal (name, "started_at");
          const char *date = read_string (node);

          f->set |= started ? F_STARTED : F_COMPLETED;
          *(started ? &f->started_at : &f->completed_at) = date;
          if (!null && !is_date (date))
            keika_fake_anitrack_add_error (errors, name, started ? "The started at field must be a valid date."
                                             : "The completed at field must be a valid date.");
        }
      else if (g_str_equal (name, "notes"))
        {
          f->set |= F_NOTES;
          f->notes = read_string (node);
          if (!null && f->notes == NULL)
            keika_fake_anitrack_add_error (errors, name, "The notes field must be a string.");
          else if (f->notes != NULL && g_utf8_strlen (f->notes, -1) > NOTES_MAX)
            keika_fake_anitrack_add_error (errors, name, "The notes field must not be greater than 2000 characters.");
        }
      else if (g_str_equal (name, "is_private")
               || (!create && g_str_equal (name, "is_rewatching")))
        {
          gboolean private = g_str_equal (name, "is_private");

          f->set |= private ? F_PRIVATE : F_REWATCHING;
          if (!read_bool (node, private ? &f->is_private : &f->is_rewatching))
            keika_fake_anitrack_add_error (errors, name, private ? "The is private field must be true or false."
                                             : "The is rewatching field must be true or false.");
        }
      else if (g_str_equal (name, "tags") && !create)
        {
          JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
          g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();

          f->set |= F_TAGS;
          for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
            {
              const char *tag = read_string (json_array_get_element (array, i));

              if (tag == NULL)
                array = NULL;
              else
                g_strv_builder_add (tags, tag);
            }
          if (array == NULL && !null)
            keika_fake_anitrack_add_error (errors, name, "The tags field must be an array of strings.");
          g_strfreev (f->tags);
          f->tags = g_strv_builder_end (tags);
        }
      else
        keika_fake_context_ignore_field (ctx, name);
    }

  if (create && !(f->set & F_ANIME))
    keika_fake_anitrack_add_error (errors, "anime_id", "The anime id field is required.");
  if (create && !(f->set & F_STATUS))
    keika_fake_anitrack_add_error (errors, "status", "The status field is required.");
  if (create && (f->set & F_ANIME))
    {
      AnitrackAnime *anime = g_hash_table_lookup (self->anime, &f->anime_id);

      episodes = anime != NULL ? anime->episodes : 0;
    }
  if ((f->set & F_PROGRESS) && episodes > 0 && f->progress > episodes)
    {
      g_autofree char *message = g_strdup_printf ("The progress field must not be greater "
                                                  "than %u.", episodes);

      keika_fake_anitrack_add_error (errors, "progress", message);
    }
}

static void
apply_fields (KeikaFakeAnitrack *self,
              AnitrackEntry     *e,
              const Fields      *f)
{
  KeikaFakeAnitrackEntry *p = &e->pub;

  if (f->set & F_STATUS)
    keika_fake_anitrack_set_string (&p->status, f->status);
  if (f->set & F_SCORE)
    p->score = f->score;
  if (f->set & F_PROGRESS)
    p->progress = f->progress;
  if (f->set & F_STARTED)
    keika_fake_anitrack_set_string (&p->started_at, f->started_at);
  if (f->set & F_COMPLETED)
    keika_fake_anitrack_set_string (&p->completed_at, f->completed_at);
  if (f->set & F_NOTES)
    keika_fake_anitrack_set_string (&p->notes, f->notes);
  if (f->set & F_PRIVATE)
    p->is_private = f->is_private;
  if (f->set & F_REWATCHING)
    p->is_rewatching = f->is_rewatching;
  if (f->set & F_REWATCH_COUNT)
    p->rewatch_count = f->rewatch_count;
  if (f->set & F_TAGS)
    {
      g_strfreev ((char **) p->tags);
      p->tags = (const char * const *) g_strdupv (f->tags);
    }
  keika_fake_anitrack_complete_if_done (self, e);
  keika_fake_anitrack_touch (self, e, 0);
}

void
keika_fake_anitrack_write_entry (KeikaFakeAnitrack *self,
                                 KeikaFakeContext  *ctx,
                                 AnitrackUser      *user,
                                 AnitrackEntry     *e)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  Fields f = { 0, };
  gboolean create = e == NULL;
  AnitrackAnime *anime;
  JsonObject *body;

  if ((body = keika_fake_anitrack_read_body (ctx, parser)) == NULL)
    return;
  anime = e != NULL ? g_hash_table_lookup (self->anime, &e->pub.anime_id) : NULL;
  read_fields (self, ctx, body, e == NULL, anime != NULL ? anime->episodes : 0, &f, errors);
  if (e == NULL && errors->len == 0 && g_hash_table_contains (user->live, &f.anime_id))
    keika_fake_anitrack_add_error (errors, "anime_id", "The anime is already on your list.");
  if (errors->len > 0)
    {
      keika_fake_anitrack_reply_invalid (ctx, errors);
      g_strfreev (f.tags);
      return;
    }

  if (e == NULL)
    e = keika_fake_anitrack_create_entry (self, user, f.anime_id);
  apply_fields (self, e, &f);
  g_strfreev (f.tags);
  keika_fake_anitrack_reply_entry (self, ctx, create ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, e);
}
