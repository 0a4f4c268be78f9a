/* keika-fake-kitsu-write.c: the fake Kitsu's writes to libraries: POST
 * and PATCH checked as the server's model checks them (422 errors[]), and
 * saved with its rules (completion, start and finish times)
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-kitsu-private.h"

/* Replaces the string at @field by a copy of @value (which may be it). */
static void
set_string (const char **field,
            const char  *value)
{
  char *copy;

  if (*field == value)
    return;
  copy = g_strdup (value);
  g_free ((char *) *field);
  *field = copy;
}

/* Writing: POST, PATCH */

typedef struct
{
  char       *status;            /* (owned) (nullable) */
  guint       progress;
  guint       rating_twenty;
  gboolean    reconsuming;
  guint       reconsume_count;
  char       *notes;             /* (owned) (nullable) */
  gboolean    is_private;
  char       *started_at;        /* (owned) (nullable) normalised */
  char       *finished_at;       /* (owned) (nullable) */
  guint       given;             /* GIVEN_* */
} Draft;

enum
{
  GIVEN_STATUS = 1 << 0, GIVEN_PROGRESS = 1 << 1, GIVEN_RATING = 1 << 2,
  GIVEN_RECONSUMING = 1 << 3, GIVEN_COUNT = 1 << 4, GIVEN_NOTES = 1 << 5,
  GIVEN_PRIVATE = 1 << 6, GIVEN_STARTED = 1 << 7, GIVEN_FINISHED = 1 << 8,
};

static void
draft_clear (Draft *draft)
{
  g_free (draft->status);
  g_free (draft->notes);
  g_free (draft->started_at);
  g_free (draft->finished_at);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Draft, draft_clear)

/* One validation error, as the server's: `attribute - message`. */
static void
add_invalid (GString    *errors,
             const char *attribute,
             const char *message)
{
  g_autofree char *detail = g_strdup_printf ("%s - %s", attribute, message);

  if (errors->len > 0)
    g_string_append_c (errors, ',');
  g_string_append (errors, "{\"title\":");
  keika_fake_json_string (errors, message);
  g_string_append (errors, ",\"detail\":");
  keika_fake_json_string (errors, detail);
  g_string_append_printf (errors, ",\"code\":\"100\",\"source\":{\"pointer\":"
                          "\"/data/attributes/%s\"},\"status\":\"422\"}", attribute);
}

static gboolean
get_uint (JsonNode *node,
          guint    *value)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXINT32)
    return FALSE;

  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_bool (JsonNode *node,
          gboolean *value)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

/* A string or null into @out; FALSE when it is neither. */
static gboolean
get_nullable_string (JsonNode  *node,
                     char     **out)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* ISO 8601, kept as the server prints it; null clears. */
static gboolean
get_time (JsonNode  *node,
          char     **out)
{
  g_autofree char *text = NULL;
  GString *normal;
  gint64 us;

  if (!get_nullable_string (node, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!keika_fake_kitsu_parse_time (text, &us))
    return FALSE;

  normal = g_string_new (NULL);
  keika_fake_kitsu_time (normal, us);
  g_string_erase (normal, 0, 1);
  g_string_truncate (normal, normal->len - 1);
  *out = g_string_free (normal, FALSE);
  return TRUE;
}

/* The attributes of a write into @draft; FALSE with a 400 answered for an
 * attribute that may not be written, else the 422s in @errors. */
static gboolean
read_attributes (KeikaFakeContext *ctx,
                 JsonObject       *attributes,
                 Draft            *draft,
                 GString          *errors)
{
  static const char * const ignored[] = {
    "volumesOwned", "reactionSkipped", "progressedAt", NULL
  };
  g_autoptr(GList) names = json_object_get_members (attributes);

  /* In the order sent, as the errors are. */
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (attributes, name);

      if (g_str_equal (name, "status"))
        {
          g_autofree char *status = NULL;

          if (!get_nullable_string (node, &status) || status == NULL ||
              !g_strv_contains (keika_fake_kitsu_statuses, status))
            add_invalid (errors, name, "is not a valid status");
          else
            draft->status = g_steal_pointer (&status);
          draft->given |= GIVEN_STATUS;
        }
      else if (g_str_equal (name, "progress"))
        {
          if (!get_uint (node, &draft->progress))
            add_invalid (errors, name, "must be an integer greater than or equal to 0");
          draft->given |= GIVEN_PROGRESS;
        }
      else if (g_str_equal (name, "ratingTwenty") || g_str_equal (name, "rating"))
        {
          double value = 0;

          if (!JSON_NODE_HOLDS_NULL (node) &&
              (!JSON_NODE_HOLDS_VALUE (node) ||
               (json_node_get_value_type (node) != G_TYPE_INT64 &&
                json_node_get_value_type (node) != G_TYPE_DOUBLE)))
            add_invalid (errors, name, "is not a number");
          else if (!JSON_NODE_HOLDS_NULL (node))
            {
              value = json_node_get_double (node);
              /* The deprecated rating is 0.5–10, stored in twentieths. */
              if (g_str_equal (name, "rating"))
                value *= 4;
              if (value < 2)
                add_invalid (errors, "ratingTwenty", "must be greater than or equal to 2");
              else if (value > 20)
                add_invalid (errors, "ratingTwenty", "must be less than or equal to 20");
              else if (value != (guint) value)
                add_invalid (errors, "ratingTwenty", "must be an integer");
            }
          draft->rating_twenty = (guint) value;
          draft->given |= GIVEN_RATING;
        }
      else if (g_str_equal (name, "reconsuming"))
        {
          if (!get_bool (node, &draft->reconsuming))
            add_invalid (errors, name, "is not a boolean");
          draft->given |= GIVEN_RECONSUMING;
        }
      else if (g_str_equal (name, "reconsumeCount"))
        {
          if (!get_uint (node, &draft->reconsume_count))
            add_invalid (errors, name, "must be an integer greater than or equal to 0");
          else if (draft->reconsume_count > 50)
            add_invalid (errors, name, "just... go outside");
          draft->given |= GIVEN_COUNT;
        }
      else if (g_str_equal (name, "notes"))
        {
          if (!get_nullable_string (node, &draft->notes))
            add_invalid (errors, name, "is not a string");
          draft->given |= GIVEN_NOTES;
        }
      else if (g_str_equal (name, "private"))
        {
          if (!get_bool (node, &draft->is_private))
            add_invalid (errors, name, "is not a boolean");
          draft->given |= GIVEN_PRIVATE;
        }
      else if (g_str_equal (name, "startedAt") || g_str_equal (name, "finishedAt"))
        {
          gboolean started = g_str_equal (name, "startedAt");

          if (!get_time (node, started ? &draft->started_at : &draft->finished_at))
            add_invalid (errors, name, "is not an ISO 8601 time");
          draft->given |= started ? GIVEN_STARTED : GIVEN_FINISHED;
        }
      else if (!g_strv_contains (ignored, name))
        {
          g_autofree char *detail = g_strdup_printf ("%s is not allowed.", name);

          keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "105",
                                        "Param not allowed", detail);
          return FALSE;
        }
    }

  return TRUE;
}

static char *
time_text (gint64 real_us)
{
  GString *text = g_string_new (NULL);

  keika_fake_kitsu_time (text, real_us);
  g_string_erase (text, 0, 1);
  g_string_truncate (text, text->len - 1);

  return g_string_free (text, FALSE);
}

/* Validates @draft for @entry (whose pub holds the old values; status NULL
 * for a new one) and saves it with the server's before_save rules; FALSE
 * with the 422 answered. */
static gboolean
save_entry (KeikaFakeKitsu   *self,
            KeikaFakeContext *ctx,
            KitsuEntry       *entry,
            Draft            *draft,
            GString          *errors)
{
  KeikaFakeKitsuEntry *e = &entry->pub;
  KitsuAnime *anime = keika_fake_kitsu_find_anime (self, e->anime_id);
  const char *status = draft->given & GIVEN_STATUS ? draft->status : e->status;
  guint progress = draft->given & GIVEN_PROGRESS ? draft->progress : e->progress;
  guint cap = anime != NULL ? anime->episode_count : 0;
  gboolean status_changed, progress_changed;
  gint64 now;

  if (status == NULL)
    add_invalid (errors, "status", "can't be blank");
  if (cap > 0 && progress > cap)
    add_invalid (errors, "progress", "cannot exceed length of media");
  else if (cap == 0 && progress > MAX (50, anime != NULL ? anime->unit_guess : 0))
    add_invalid (errors, "progress", "is rather unreasonably high");
  if (errors->len > 0)
    {
      GString *out = g_string_new ("{\"errors\":[");

      g_string_append_len (out, errors->str, errors->len);
      g_string_append (out, "]}");
      keika_fake_kitsu_reply_document (ctx, 422, out);
      return FALSE;
    }

  /* before_save, in the server's order. */
  status_changed = g_strcmp0 (status, e->status) != 0;
  progress_changed = progress != e->progress;
  if (!status_changed && cap > 0 && progress == cap)
    {
      status = "completed";
      status_changed = g_strcmp0 (status, e->status) != 0;
    }
  if (status_changed && g_str_equal (status, "completed") && cap > 0)
    {
      progress_changed |= progress != cap;
      progress = cap;
    }
  now = keika_fake_kitsu_write_time (self);
  if (status_changed || progress_changed)
    entry->progressed_us = now;
  if (draft->given & GIVEN_STARTED)
    set_string (&e->started_at, draft->started_at);
  if (draft->given & GIVEN_FINISHED)
    set_string (&e->finished_at, draft->finished_at);
  if (status_changed && (g_str_equal (status, "current") || g_str_equal (status, "completed")) &&
      e->started_at == NULL)
    e->started_at = time_text (now);
  if (status_changed && g_str_equal (status, "completed") && e->finished_at == NULL)
    e->finished_at = time_text (now);
  if (progress_changed && !status_changed)
    status = "current";

  set_string (&e->status, status);
  e->progress = progress;
  if (draft->given & GIVEN_RATING)
    e->rating_twenty = draft->rating_twenty;
  if (draft->given & GIVEN_RECONSUMING)
    e->reconsuming = draft->reconsuming;
  if (draft->given & GIVEN_COUNT)
    e->reconsume_count = draft->reconsume_count;
  if (draft->given & GIVEN_NOTES)
    set_string (&e->notes, draft->notes);
  if (draft->given & GIVEN_PRIVATE)
    e->is_private = draft->is_private;
  entry->updated_us = now;
  e->updated_at = now / G_USEC_PER_SEC;
  if (entry->created_us == 0)
    entry->created_us = now;
  if (anime != NULL)
    anime->unit_guess = MAX (anime->unit_guess, progress + 1);

  return TRUE;
}

/* data of a write's body; FALSE with the 400 answered. */
static JsonObject *
read_body (KeikaFakeContext *ctx,
           JsonParser       *parser)
{
  gsize length;
  const char *body = g_bytes_get_data (ctx->request->body, &length);
  JsonNode *root, *data;
  JsonObject *object;
  const char *type;

  if (!json_parser_load_from_data (parser, body != NULL ? body : "", length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (data = json_object_get_member (json_node_get_object (root), "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (data))
    {
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "122", "Invalid data format",
                                    "Data must be a hash.");
      return NULL;
    }

  object = json_node_get_object (data);
  type = json_object_has_member (object, "type")
           ? json_node_get_string (json_object_get_member (object, "type")) : NULL;
  if (g_strcmp0 (type, "libraryEntries") != 0)
    {
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "116", "Type Mismatch",
                                    "The type of the resource is not libraryEntries.");
      return NULL;
    }

  return object;
}

/* A JSON:API id (a string; a number is taken too). */
static gint64
read_id (JsonObject *object)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, "id") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return 0;
}

/* relationships.@name.data of type @type: its id, 0 when absent, -1 when
 * it is another type. */
static gint64
read_relationship (JsonObject *data,
                   const char *name,
                   const char *type)
{
  JsonNode *relationships = json_object_get_member (data, "relationships");
  JsonNode *relationship, *linkage, *type_node;

  if (relationships == NULL || !JSON_NODE_HOLDS_OBJECT (relationships) ||
      (relationship = json_object_get_member (json_node_get_object (relationships), name)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (relationship) ||
      (linkage = json_object_get_member (json_node_get_object (relationship), "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (linkage))
    return 0;

  type_node = json_object_get_member (json_node_get_object (linkage), "type");
  if (type_node == NULL || !JSON_NODE_HOLDS_VALUE (type_node) ||
      g_strcmp0 (json_node_get_string (type_node), type) != 0)
    return -1;

  return read_id (json_node_get_object (linkage));
}

void
keika_fake_kitsu_create_entry (KeikaFakeKitsu   *self,
                               KeikaFakeContext *ctx,
                               KitsuUser        *viewer)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) errors = g_string_new (NULL);
  g_auto(Draft) draft = { 0, };
  KitsuEntry *entry;
  JsonObject *data;
  JsonNode *attributes;
  gint64 anime_id, user_id;
  char key[24];

  if ((data = read_body (ctx, parser)) == NULL)
    return;
  anime_id = read_relationship (data, "anime", "anime");
  user_id = read_relationship (data, "user", "users");
  if (anime_id < 0 || user_id < 0)
    {
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "116", "Type Mismatch",
                                    "A relationship names the wrong type.");
      return;
    }
  if (viewer == NULL || user_id != viewer->id)
    {
      keika_fake_kitsu_reply_forbidden (ctx);
      return;
    }
  g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, anime_id);
  if (anime_id == 0 || keika_fake_kitsu_find_anime (self, anime_id) == NULL)
    {
      keika_fake_kitsu_reply_not_found (ctx, key);
      return;
    }

  attributes = json_object_get_member (data, "attributes");
  if (attributes != NULL && JSON_NODE_HOLDS_OBJECT (attributes) &&
      !read_attributes (ctx, json_node_get_object (attributes), &draft, errors))
    return;
  if (g_hash_table_contains (viewer->entries, &anime_id))
    {
      /* The server's uniqueness validation. */
      g_string_append_printf (errors, "%s{\"title\":\"has already been taken\",\"detail\":"
                              "\"anime - has already been taken\",\"code\":\"100\",\"source\":"
                              "{\"pointer\":\"/data/relationships/anime\"},\"status\":\"422\"}",
                              errors->len > 0 ? "," : "");
    }

  entry = g_new0 (KitsuEntry, 1);
  entry->user = viewer;
  entry->pub.anime_id = anime_id;
  if (!save_entry (self, ctx, entry, &draft, errors))
    {
      keika_fake_kitsu_entry_free (entry);
      return;
    }
  entry->pub.id = ++self->last_entry_id;
  g_hash_table_insert (viewer->entries, &entry->pub.anime_id, entry);
  g_hash_table_insert (self->entries_by_id, &entry->pub.id, entry);
  keika_fake_kitsu_reply_entry (self, ctx, viewer, entry, SOUP_STATUS_CREATED);
}

void
keika_fake_kitsu_update_entry (KeikaFakeKitsu   *self,
                               KeikaFakeContext *ctx,
                               KitsuUser        *viewer,
                               KitsuEntry       *entry)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) errors = g_string_new (NULL);
  g_auto(Draft) draft = { 0, };
  JsonObject *data;
  JsonNode *attributes;
  gint64 anime_id;

  if ((data = read_body (ctx, parser)) == NULL)
    return;
  if (read_id (data) != entry->pub.id)
    {
      g_autofree char *detail = g_strdup_printf ("The URL does not support the key %"
                                                 G_GINT64_FORMAT, read_id (data));

      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "110", "Key is not included "
                                    "in URL", detail);
      return;
    }
  anime_id = read_relationship (data, "anime", "anime");
  if (anime_id != 0 && anime_id != entry->pub.anime_id)
    {
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "105", "Param not allowed",
                                    "anime is not allowed.");
      return;
    }

  attributes = json_object_get_member (data, "attributes");
  if (attributes != NULL && JSON_NODE_HOLDS_OBJECT (attributes) &&
      !read_attributes (ctx, json_node_get_object (attributes), &draft, errors))
    return;
  if (save_entry (self, ctx, entry, &draft, errors))
    keika_fake_kitsu_reply_entry (self, ctx, viewer, entry, SOUP_STATUS_OK);
}
