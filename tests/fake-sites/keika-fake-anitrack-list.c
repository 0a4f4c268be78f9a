/* keika-fake-anitrack-list.c: the fake AniTrack's anime, lists and list
 * endpoints
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "keika-fake-anitrack-private.h"
#include "keika-fake-catalog.h"

#define NOTES_MAX 2000

static const char * const statuses[] = {
  "watching", "completed", "on_hold", "dropped", "plan_to_watch", NULL
};

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Anime */

void
keika_fake_anitrack_anime_free (AnitrackAnime *anime)
{
  g_free (anime->slug);
  g_free (anime->title);
  g_free (anime->title_english);
  g_free (anime->title_japanese);
  g_strfreev (anime->synonyms);
  g_free (anime->type);
  g_free (anime->status);
  g_free (anime->season);
  g_strfreev (anime->genres);
  g_free (anime);
}

/* "cowboy-bebop", made unique with the id when taken. */
static char *
make_slug (KeikaFakeAnitrack *self,
           const char        *title,
           gint64             id)
{
  g_autofree char *ascii = g_str_to_ascii (title, "C");
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0 || g_hash_table_contains (self->by_slug, slug->str))
    g_string_append_printf (slug, "%s%" G_GINT64_FORMAT, slug->len > 0 ? "-" : "anime-", id);

  return g_string_free (slug, FALSE);
}

static char **
copy_strv (const char * const *strv)
{
  return strv != NULL ? g_strdupv ((char **) strv) : g_new0 (char *, 1);
}

/**
 * keika_fake_anitrack_add_anime:
 * @anime: the anime; copied
 *
 * Adds @anime, or replaces the one with its id. Its slug is made from its
 * title. The catalogue (keika-fake-catalog.h) adds its anime that have an
 * AniTrack id, with the episode count AniList gives (else MyAnimeList's).
 */
void
keika_fake_anitrack_add_anime (KeikaFakeAnitrack            *self,
                               const KeikaFakeAnitrackAnime *anime)
{
  AnitrackAnime *a;
  AnitrackAnime *old;

  g_return_if_fail (KEIKA_IS_FAKE_ANITRACK (self));
  g_return_if_fail (anime != NULL && anime->id > 0 && anime->title != NULL);

  old = g_hash_table_lookup (self->anime, &anime->id);
  if (old != NULL)
    {
      g_hash_table_remove (self->by_slug, old->slug);
      if (g_hash_table_lookup (self->by_anilist, &old->anilist_id) == old)
        g_hash_table_remove (self->by_anilist, &old->anilist_id);
      g_hash_table_remove (self->anime, &anime->id);
    }

  a = g_new0 (AnitrackAnime, 1);
  a->id = anime->id;
  a->anilist_id = anime->anilist_id;
  a->mal_id = anime->mal_id;
  a->kitsu_id = anime->kitsu_id;
  a->slug = make_slug (self, anime->title, anime->id);
  a->title = g_strdup (anime->title);
  a->title_english = g_strdup (anime->title_english);
  a->title_japanese = g_strdup (anime->title_japanese);
  a->synonyms = copy_strv (anime->synonyms);
  a->type = g_ascii_strdown (anime->type != NULL ? anime->type : "tv", -1);
  a->episodes = anime->episodes;
  a->status = g_ascii_strdown (anime->status != NULL ? anime->status : "finished", -1);
  a->season = anime->season != NULL ? g_ascii_strdown (anime->season, -1) : NULL;
  a->year = anime->year;
  a->genres = copy_strv (anime->genres);
  a->is_adult = anime->is_adult;

  g_hash_table_insert (self->anime, &a->id, a);
  g_hash_table_insert (self->by_slug, a->slug, a);
  if (a->anilist_id > 0)
    g_hash_table_insert (self->by_anilist, &a->anilist_id, a);
}

gboolean
keika_fake_anitrack_has_anime (KeikaFakeAnitrack *self,
                               gint64             anime_id)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), FALSE);

  return g_hash_table_contains (self->anime, &anime_id);
}

/* The AniTrack id of the anime of @anilist_id, or 0. */
gint64
keika_fake_anitrack_find_anilist (KeikaFakeAnitrack *self,
                                  gint64             anilist_id)
{
  AnitrackAnime *anime;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);

  anime = g_hash_table_lookup (self->by_anilist, &anilist_id);

  return anime != NULL ? anime->id : 0;
}

guint
keika_fake_anitrack_get_n_anime (KeikaFakeAnitrack *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);

  return g_hash_table_size (self->anime);
}

static void
append_anime (GString             *out,
              const AnitrackAnime *anime,
              gboolean             detail)
{
  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"slug\":", anime->id);
  keika_fake_json_string (out, anime->slug);
  g_string_append (out, ",\"title\":");
  keika_fake_json_string (out, anime->title);
  g_string_append (out, ",\"title_english\":");
  keika_fake_json_string (out, anime->title_english);
  g_string_append (out, ",\"title_japanese\":");
  keika_fake_json_string (out, anime->title_japanese);
  g_string_append (out, ",\"type\":");
  keika_fake_json_string (out, anime->type);
  if (anime->episodes > 0)
    g_string_append_printf (out, ",\"episodes\":%u", anime->episodes);
  else
    g_string_append (out, ",\"episodes\":null");
  g_string_append (out, ",\"status\":");
  keika_fake_json_string (out, anime->status);
  g_string_append (out, ",\"season\":");
  keika_fake_json_string (out, anime->season);
  if (anime->year > 0)
    g_string_append_printf (out, ",\"year\":%u", anime->year);
  else
    g_string_append (out, ",\"year\":null");
  g_string_append_printf (out, ",\"cover_url\":null,\"is_adult\":%s",
                          anime->is_adult ? "true" : "false");
  g_string_append (out, ",\"anilist_id\":");
  anime->anilist_id > 0 ? g_string_append_printf (out, "%" G_GINT64_FORMAT, anime->anilist_id)
                        : g_string_append (out, "null");
  g_string_append (out, ",\"mal_id\":");
  anime->mal_id > 0 ? g_string_append_printf (out, "%" G_GINT64_FORMAT, anime->mal_id)
                    : g_string_append (out, "null");

  if (detail)
    {
      g_string_append (out, ",\"synonyms\":[");
      for (guint i = 0; anime->synonyms[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          keika_fake_json_string (out, anime->synonyms[i]);
        }
      g_string_append (out, "],\"genres\":[");
      for (guint i = 0; anime->genres[i] != NULL; i++)
        {
          g_string_append_printf (out, "%s{\"id\":%u,\"name\":", i > 0 ? "," : "", i + 1);
          keika_fake_json_string (out, anime->genres[i]);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "],\"studios\":[],\"external_ids\":{");
      g_string_append_printf (out, "\"anilist\":%" G_GINT64_FORMAT ",\"mal\":%" G_GINT64_FORMAT
                              ",\"kitsu\":%" G_GINT64_FORMAT "}",
                              anime->anilist_id, anime->mal_id, anime->kitsu_id);
    }
  g_string_append_c (out, '}');
}

/* Entries */

static void
entry_free (AnitrackEntry *e)
{
  g_free ((char *) e->pub.status);
  g_free ((char *) e->pub.started_at);
  g_free ((char *) e->pub.completed_at);
  g_free ((char *) e->pub.notes);
  g_strfreev ((char **) e->pub.tags);
  g_free (e);
}

void
keika_fake_anitrack_user_free (AnitrackUser *user)
{
  g_hash_table_unref (user->live);
  g_ptr_array_foreach (user->entries, (GFunc) entry_free, NULL);
  g_ptr_array_unref (user->entries);
  g_free (user->name);
  g_free (user->email);
  g_free (user->password);
  g_free (user);
}

static void
set_string (const char **field,
            const char  *value)
{
  char *copy = g_strdup (value);

  g_free ((char *) *field);
  *field = copy;
}

static void
touch (KeikaFakeAnitrack *self,
       AnitrackEntry     *e,
       gint64             when)
{
  e->pub.updated_at = when != 0 ? when : now_unix ();
  e->sequence = ++self->last_sequence;
}

static AnitrackEntry *
create_entry (KeikaFakeAnitrack *self,
              AnitrackUser      *user,
              gint64             anime_id)
{
  AnitrackEntry *e = g_new0 (AnitrackEntry, 1);

  e->pub.id = ++self->last_entry_id;
  e->pub.anime_id = anime_id;
  e->pub.status = g_strdup ("plan_to_watch");
  e->user = user;
  e->created_at = now_unix ();
  g_ptr_array_add (user->entries, e);
  g_hash_table_insert (user->live, &e->pub.anime_id, e);
  g_hash_table_insert (self->entries_by_id, &e->pub.id, e);

  return e;
}

static void
append_entry (KeikaFakeAnitrack   *self,
              GString             *out,
              const AnitrackEntry *e)
{
  const KeikaFakeAnitrackEntry *p = &e->pub;
  AnitrackAnime *anime = g_hash_table_lookup (self->anime, &p->anime_id);

  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"anime_id\":%" G_GINT64_FORMAT
                          ",\"status\":", p->id, p->anime_id);
  keika_fake_json_string (out, p->status);
  if (p->score > 0)
    g_string_append_printf (out, ",\"score\":%u", p->score);
  else
    g_string_append (out, ",\"score\":null");
  g_string_append_printf (out, ",\"progress\":%u,\"is_rewatching\":%s,\"rewatch_count\":%u"
                          ",\"started_at\":", p->progress,
                          p->is_rewatching ? "true" : "false", p->rewatch_count);
  keika_fake_json_string (out, p->started_at);
  g_string_append (out, ",\"completed_at\":");
  keika_fake_json_string (out, p->completed_at);
  g_string_append (out, ",\"notes\":");
  keika_fake_json_string (out, p->notes);
  g_string_append (out, ",\"tags\":[");
  for (guint i = 0; p->tags != NULL && p->tags[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      keika_fake_json_string (out, p->tags[i]);
    }
  g_string_append_printf (out, "],\"is_private\":%s,\"created_at\":",
                          p->is_private ? "true" : "false");
  keika_fake_anitrack_append_time (out, e->created_at);
  g_string_append (out, ",\"updated_at\":");
  keika_fake_anitrack_append_time (out, p->updated_at);
  g_string_append (out, ",\"anime\":");
  if (anime != NULL)
    append_anime (out, anime, FALSE);
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');
}

/* Progress reaching the episode count completes the entry. */
static void
complete_if_done (KeikaFakeAnitrack *self,
                  AnitrackEntry     *e)
{
  AnitrackAnime *anime = g_hash_table_lookup (self->anime, &e->pub.anime_id);

  if (anime == NULL || anime->episodes == 0 || e->pub.progress < anime->episodes
      || g_strcmp0 (e->pub.status, "completed") == 0)
    return;

  set_string (&e->pub.status, "completed");
  if (e->pub.completed_at == NULL)
    {
      g_autoptr(GDateTime) today = g_date_time_new_now_utc ();
      g_autofree char *date = g_date_time_format (today, "%Y-%m-%d");

      set_string (&e->pub.completed_at, date);
    }
}

/* Writing: the fields of a request body, read and checked before any is
 * applied */

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
          if (f->status == NULL || !g_strv_contains (statuses, f->status))
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
    set_string (&p->status, f->status);
  if (f->set & F_SCORE)
    p->score = f->score;
  if (f->set & F_PROGRESS)
    p->progress = f->progress;
  if (f->set & F_STARTED)
    set_string (&p->started_at, f->started_at);
  if (f->set & F_COMPLETED)
    set_string (&p->completed_at, f->completed_at);
  if (f->set & F_NOTES)
    set_string (&p->notes, f->notes);
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
  complete_if_done (self, e);
  touch (self, e, 0);
}

static void
reply_entry (KeikaFakeAnitrack   *self,
             KeikaFakeContext    *ctx,
             guint                status,
             const AnitrackEntry *e)
{
  GString *out = g_string_new (NULL);

  append_entry (self, out, e);
  keika_fake_anitrack_reply_data (ctx, status, out);
}

static void
write_entry (KeikaFakeAnitrack *self,
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
    e = create_entry (self, user, f.anime_id);
  apply_fields (self, e, &f);
  g_strfreev (f.tags);
  reply_entry (self, ctx, create ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, e);
}

/* Reading */

static int
compare_newest (gconstpointer a,
                gconstpointer b)
{
  const AnitrackEntry *x = *(const AnitrackEntry * const *) a;
  const AnitrackEntry *y = *(const AnitrackEntry * const *) b;

  if (x->pub.updated_at != y->pub.updated_at)
    return x->pub.updated_at > y->pub.updated_at ? -1 : 1;
  return x->sequence > y->sequence ? -1 : x->sequence < y->sequence ? 1 : 0;
}

static GPtrArray *
live_entries (AnitrackUser *user,
              const char   *status)
{
  GPtrArray *entries = g_ptr_array_new ();

  for (guint i = 0; i < user->entries->len; i++)
    {
      AnitrackEntry *e = g_ptr_array_index (user->entries, i);

      if (e->pub.deleted_at == 0 && (status == NULL || g_str_equal (e->pub.status, status)))
        g_ptr_array_add (entries, e);
    }
  g_ptr_array_sort (entries, compare_newest);

  return entries;
}

static void
serve_list_read (KeikaFakeAnitrack *self,
                 KeikaFakeContext  *ctx,
                 AnitrackUser      *user)
{
  const char *status = keika_fake_context_get_query (ctx, "status");
  const char *page_text = keika_fake_context_get_query (ctx, "page");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new ("{\"data\":[");
  guint64 page = 1;
  guint start = 0, end, last = 1;

  if (status != NULL && !g_strv_contains (statuses, status))
    keika_fake_anitrack_add_error (errors, "status", "The selected status is invalid.");
  if (page_text != NULL && !g_ascii_string_to_unsigned (page_text, 10, 1, G_MAXUINT, &page, NULL))
    keika_fake_anitrack_add_error (errors, "page", "The page field must be an integer.");
  if (errors->len > 0)
    {
      g_string_free (out, TRUE);
      keika_fake_anitrack_reply_invalid (ctx, errors);
      return;
    }

  entries = live_entries (user, status);
  end = entries->len;
  if (self->page_size > 0)
    {
      last = MAX ((entries->len + self->page_size - 1) / self->page_size, 1);
      start = MIN ((page - 1) * self->page_size, entries->len);
      end = MIN (start + self->page_size, entries->len);
    }
  for (guint i = start; i < end; i++)
    {
      if (i > start)
        g_string_append_c (out, ',');
      append_entry (self, out, g_ptr_array_index (entries, i));
    }
  g_string_append_c (out, ']');

  if (self->page_size > 0)
    {
      const char *base = keika_fake_sites_get_url (self->sites, "anitrack-api");
      g_autofree char *filter = status != NULL ? g_strdup_printf ("status=%s&", status)
                                               : g_strdup ("");

      g_string_append (out, ",\"links\":{\"next\":");
      if (page < last)
        g_string_append_printf (out, "\"%s/list?%spage=%" G_GUINT64_FORMAT "\"", base, filter,
                                page + 1);
      else
        g_string_append (out, "null");
      g_string_append_printf (out, "},\"meta\":{\"current_page\":%" G_GUINT64_FORMAT
                              ",\"last_page\":%u,\"per_page\":%u,\"total\":%u}",
                              page, last, self->page_size, entries->len);
    }
  g_string_append_c (out, '}');
  keika_fake_reply_json (ctx, SOUP_STATUS_OK, out);
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  return g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, id, NULL);
}

void
keika_fake_anitrack_serve_list (KeikaFakeAnitrack *self,
                                KeikaFakeContext  *ctx,
                                AnitrackUser      *user)
{
  const char *path = ctx->path;
  gboolean get = keika_fake_context_is_method (ctx, "GET");
  AnitrackEntry *e = NULL;
  gint64 id;

  if (g_str_equal (path, "/list"))
    {
      if (get)
        serve_list_read (self, ctx, user);
      else if (keika_fake_context_is_method (ctx, "POST"))
        write_entry (self, ctx, user, NULL);
      else
        keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                         "The method is not supported for route list.");
      return;
    }

  if (g_str_has_prefix (path, "/list/anime/"))
    {
      if (parse_id (path + strlen ("/list/anime/"), &id))
        e = g_hash_table_lookup (user->live, &id);
      if (!get)
        keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                         "The method is not supported for this route.");
      else if (e == NULL)
        keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "Not Found.");
      else
        reply_entry (self, ctx, SOUP_STATUS_OK, e);
      return;
    }

  if (parse_id (path + strlen ("/list/"), &id))
    e = g_hash_table_lookup (self->entries_by_id, &id);
  if (e != NULL && (e->user != user || e->pub.deleted_at != 0))
    e = NULL;

  if (keika_fake_context_is_method (ctx, "PATCH") || keika_fake_context_is_method (ctx, "PUT"))
    {
      if (e == NULL)
        keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "Not Found.");
      else
        write_entry (self, ctx, user, e);
    }
  else if (keika_fake_context_is_method (ctx, "DELETE"))
    {
      if (e == NULL)
        keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "Not Found.");
      else
        {
          e->pub.deleted_at = now_unix ();
          g_hash_table_remove (user->live, &e->pub.anime_id);
          keika_fake_reply (ctx, SOUP_STATUS_NO_CONTENT, NULL, NULL);
        }
    }
  else
    keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                     "The method is not supported for this route.");
}

void
keika_fake_anitrack_serve_anime (KeikaFakeAnitrack *self,
                                 KeikaFakeContext  *ctx)
{
  const char *path = ctx->path;
  AnitrackAnime *anime = NULL;
  gboolean detail = FALSE;
  GString *out;
  gint64 id;

  if (!keika_fake_context_is_method (ctx, "GET"))
    {
      keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                       "The method is not supported for this route.");
      return;
    }

  if (g_str_has_prefix (path, "/anime/anilist/"))
    {
      if (parse_id (path + strlen ("/anime/anilist/"), &id))
        anime = g_hash_table_lookup (self->by_anilist, &id);
    }
  else if (strchr (path + strlen ("/anime/"), '/') == NULL)
    {
      anime = g_hash_table_lookup (self->by_slug, path + strlen ("/anime/"));
      detail = TRUE;
    }

  if (anime == NULL)
    {
      keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "Not Found.");
      return;
    }
  out = g_string_new (NULL);
  append_anime (out, anime, detail);
  keika_fake_anitrack_reply_data (ctx, SOUP_STATUS_OK, out);
}

/* Public: lists */

/**
 * keika_fake_anitrack_add_entry:
 * @user: a user name; the user is created if needed
 * @entry: the entry; copied. Its anime need not be one AniTrack has (a
 *   test may want an entry of an anime gone since).
 *
 * Adds @entry to the list of @user, replacing the entry of that anime; no
 * check, no completion by progress.
 *
 * Returns: the new entry's id
 */
gint64
keika_fake_anitrack_add_entry (KeikaFakeAnitrack            *self,
                               const char                   *user,
                               const KeikaFakeAnitrackEntry *entry)
{
  AnitrackUser *u;
  AnitrackEntry *e;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);
  g_return_val_if_fail (user != NULL && entry != NULL && entry->anime_id > 0, 0);

  u = keika_fake_anitrack_ensure_user (self, user);
  if ((e = g_hash_table_lookup (u->live, &entry->anime_id)) != NULL)
    {
      e->pub.deleted_at = now_unix ();
      g_hash_table_remove (u->live, &entry->anime_id);
    }

  e = create_entry (self, u, entry->anime_id);
  set_string (&e->pub.status, entry->status != NULL ? entry->status : "plan_to_watch");
  e->pub.score = MIN (entry->score, 100);
  e->pub.progress = entry->progress;
  e->pub.is_rewatching = entry->is_rewatching;
  e->pub.rewatch_count = entry->rewatch_count;
  set_string (&e->pub.started_at, entry->started_at);
  set_string (&e->pub.completed_at, entry->completed_at);
  set_string (&e->pub.notes, entry->notes);
  e->pub.tags = (const char * const *) (entry->tags != NULL ? g_strdupv ((char **) entry->tags)
                                                            : NULL);
  e->pub.is_private = entry->is_private;
  touch (self, e, entry->updated_at);
  e->created_at = MIN (e->created_at, e->pub.updated_at);

  return e->pub.id;
}

/* The entry of @anime_id on the list of @user, or NULL. (transfer none) */
const KeikaFakeAnitrackEntry *
keika_fake_anitrack_lookup_entry (KeikaFakeAnitrack *self,
                                  const char        *user,
                                  gint64             anime_id)
{
  AnitrackUser *u;
  AnitrackEntry *e;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), NULL);

  u = keika_fake_anitrack_find_user (self, user);
  e = u != NULL ? g_hash_table_lookup (u->live, &anime_id) : NULL;

  return e != NULL ? &e->pub : NULL;
}

/* The entry of @entry_id, deleted ones too (deleted_at says). (transfer none) */
const KeikaFakeAnitrackEntry *
keika_fake_anitrack_find_entry (KeikaFakeAnitrack *self,
                                gint64             entry_id)
{
  AnitrackEntry *e;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), NULL);

  e = g_hash_table_lookup (self->entries_by_id, &entry_id);

  return e != NULL ? &e->pub : NULL;
}

/* The entries on the list of @user (not the deleted ones). */
guint
keika_fake_anitrack_get_n_entries (KeikaFakeAnitrack *self,
                                   const char        *user)
{
  AnitrackUser *u;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);

  u = keika_fake_anitrack_find_user (self, user);

  return u != NULL ? g_hash_table_size (u->live) : 0;
}

/* The entries of @anime_id @user ever had, deleted ones too: a duplicate
 * created by a resent POST shows here. */
guint
keika_fake_anitrack_count_entries_of (KeikaFakeAnitrack *self,
                                      const char        *user,
                                      gint64             anime_id)
{
  AnitrackUser *u;
  guint n = 0;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);

  u = keika_fake_anitrack_find_user (self, user);
  for (guint i = 0; u != NULL && i < u->entries->len; i++)
    if (((AnitrackEntry *) g_ptr_array_index (u->entries, i))->pub.anime_id == anime_id)
      n++;

  return n;
}

/**
 * keika_fake_anitrack_get_entries:
 *
 * Returns: (transfer container) (element-type KeikaFakeAnitrackEntry): the
 *   entries on the list of @user, most recently updated first
 */
GPtrArray *
keika_fake_anitrack_get_entries (KeikaFakeAnitrack *self,
                                 const char        *user)
{
  AnitrackUser *u;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), NULL);

  u = keika_fake_anitrack_find_user (self, user);

  return u != NULL ? live_entries (u, NULL) : g_ptr_array_new ();
}

/* Pages GET /list Laravel's way, @per_page entries a page; 0 (the seed's
 * way, the default) serves every entry at once. */
void
keika_fake_anitrack_set_page_size (KeikaFakeAnitrack *self,
                                   guint              per_page)
{
  g_return_if_fail (KEIKA_IS_FAKE_ANITRACK (self));

  self->page_size = per_page;
}

/**
 * keika_fake_anitrack_add_sample_entries:
 *
 * Ten entries over the built-in catalogue, in the shapes a list on AniTrack
 * takes: watching at the last episode, rewatching, private, notes with
 * surrounding spaces and line breaks, tags, no score, a score that is not a
 * multiple of ten.
 */
void
keika_fake_anitrack_add_sample_entries (KeikaFakeAnitrack *self,
                                        const char        *user)
{
  static const char * const tags[] = { "classic", "space", NULL };
  const KeikaFakeAnitrackEntry entries[] = {
    { .anime_id = 7001, .status = "completed", .score = 93, .progress = 26,
      .started_at = "2019-01-05", .completed_at = "2019-02-10", .tags = tags,
      .notes = "See you, space cowboy…", .updated_at = 1549800000 },
    { .anime_id = 7005, .status = "watching", .score = 97, .progress = 64,
      .started_at = "2024-03-01", .updated_at = 1712000000 },
    { .anime_id = 7007, .status = "on_hold", .progress = 5, .updated_at = 1690000000 },
    { .anime_id = 7004, .status = "dropped", .score = 38, .progress = 12,
      .updated_at = 1600000000 },
    { .anime_id = 7011, .status = "plan_to_watch", .updated_at = 1720000000 },
    { .anime_id = 7003, .status = "completed", .score = 85, .progress = 1, .rewatch_count = 2,
      .completed_at = "2001-08-01", .updated_at = 1500000000 },
    { .anime_id = 7006, .status = "watching", .is_rewatching = TRUE, .score = 100, .progress = 3,
      .rewatch_count = 1, .started_at = "2011-04-06", .completed_at = "2011-09-14",
      .updated_at = 1715000000 },
    { .anime_id = 7008, .status = "completed", .score = 77, .progress = 26, .is_private = TRUE,
      .notes = "  Watched in broadcast order.\n\n  Then in release order.  \n",
      .updated_at = 1650000000 },
    { .anime_id = 7002, .status = "watching", .score = 88, .progress = 1100,
      .updated_at = 1725000000 },
    { .anime_id = 7009, .status = "dropped", .score = 55, .progress = 30,
      .started_at = "2015-04-01", .updated_at = 1440000000 },
  };

  g_return_if_fail (KEIKA_IS_FAKE_ANITRACK (self));
  g_return_if_fail (user != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    keika_fake_anitrack_add_entry (self, user, &entries[i]);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  const AnitrackAnime *x = *(const AnitrackAnime * const *) a;
  const AnitrackAnime *y = *(const AnitrackAnime * const *) b;

  return x->id < y->id ? -1 : x->id > y->id;
}

/* At least @n anime by id, the catalogue grown as needed. (transfer container) */
static GPtrArray *
dup_enough_anime (KeikaFakeAnitrack *self,
                  guint              n,
                  guint32            seed)
{
  GPtrArray *anime = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  while (g_hash_table_size (self->anime) < n)
    {
      guint missing = n - g_hash_table_size (self->anime);

      keika_fake_sites_generate_catalog (self->sites, missing + missing / 16 + 8, seed);
    }
  g_hash_table_iter_init (&iter, self->anime);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (anime, value);
  g_ptr_array_sort (anime, compare_ids);

  return anime;
}

static char *
make_date (GRand *rand,
           guint  year)
{
  return g_strdup_printf ("%04u-%02d-%02d", year, g_rand_int_range (rand, 1, 13),
                          g_rand_int_range (rand, 1, 29));
}

/**
 * keika_fake_anitrack_generate_entries:
 * @user: a user name; the user is created if needed
 * @n_entries: how many entries
 * @seed: the seed of the generator
 *
 * Adds @n_entries entries, the same for the same @seed and catalogue, over
 * AniTrack's anime by id (the shared catalogue grows with
 * keika_fake_sites_generate_catalog() when it is too small), in odd but
 * valid shapes: watching with progress at the episode count, notes with
 * surrounding spaces and line breaks, rewatching, private, no score, tags.
 * Updates are from 2024 on, an hour or so apart (the highest index newest),
 * and one in ten has the updated_at of the one before it.
 */
void
keika_fake_anitrack_generate_entries (KeikaFakeAnitrack *self,
                                      const char        *user,
                                      guint              n_entries,
                                      guint32            seed)
{
  static const char * const tags[] = { "rewatch", "favourite", NULL };
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GPtrArray) anime = NULL;
  gint64 previous_update = 0;

  g_return_if_fail (KEIKA_IS_FAKE_ANITRACK (self));
  g_return_if_fail (user != NULL);

  keika_fake_anitrack_ensure_user (self, user);
  anime = dup_enough_anime (self, n_entries, seed);
  rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n_entries; i++)
    {
      const AnitrackAnime *a = g_ptr_array_index (anime, i);
      KeikaFakeAnitrackEntry entry = { 0, };
      g_autofree char *notes = NULL;
      g_autofree char *started = NULL;
      g_autofree char *completed = NULL;
      guint episodes = a->episodes;
      int roll = g_rand_int_range (rand, 0, 100);
      int score = g_rand_int_range (rand, 0, 101);

      entry.anime_id = a->id;
      entry.status = roll < 16 ? "watching" : roll < 60 ? "completed" : roll < 67 ? "on_hold"
                     : roll < 74 ? "dropped" : "plan_to_watch";

      if (g_str_equal (entry.status, "completed"))
        entry.progress = episodes > 0 ? episodes : (guint) g_rand_int_range (rand, 1, 50);
      else if (!g_str_equal (entry.status, "plan_to_watch"))
        entry.progress = episodes > 0 ? (guint) g_rand_int_range (rand, 0, episodes)
                                      : (guint) g_rand_int_range (rand, 0, 300);
      /* Watching at the last episode: written before AniTrack completed by
       * progress, or by an import. */
      if (g_str_equal (entry.status, "watching") && i % 23 == 5 && episodes > 0)
        entry.progress = episodes;
      if (roll >= 96 && episodes > 0)
        {
          entry.status = "watching";
          entry.is_rewatching = TRUE;
          entry.rewatch_count = g_rand_int_range (rand, 1, 4);
          entry.progress = g_rand_int_range (rand, 0, episodes);
        }

      /* Mostly not multiples of ten; one in six with none. */
      if (!g_str_equal (entry.status, "plan_to_watch") && i % 6 != 3)
        entry.score = score % 10 == 0 && score > 0 && i % 4 != 0 ? score - 3 : score;
      entry.is_private = i % 13 == 2;
      if (i % 11 == 4)
        entry.tags = tags;

      if (i % 7 == 3)
        notes = g_strdup_printf ("  Watched with “friends” \n\tepisode %u was \"great\" ★\n  ",
                                 entry.progress);
      else if (i % 29 == 10)
        notes = g_strdup ("Line one\r\nLine two");
      entry.notes = notes;

      if (!g_str_equal (entry.status, "plan_to_watch"))
        {
          guint year = g_rand_int_range (rand, 2005, 2025);

          entry.started_at = started = make_date (rand, year);
          if (g_str_equal (entry.status, "completed") || entry.is_rewatching)
            entry.completed_at = completed = make_date (rand, year + 1);
        }

      entry.updated_at = 1704067200 + (gint64) i * 3600 + g_rand_int_range (rand, 0, 3600);
      if (i % 10 == 9)
        entry.updated_at = previous_update;
      previous_update = entry.updated_at;

      keika_fake_anitrack_add_entry (self, user, &entry);
    }
}
