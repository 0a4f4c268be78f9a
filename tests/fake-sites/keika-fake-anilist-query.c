/* keika-fake-anilist-query.c: the fake AniList's schema and the execution of a request
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-anilist-exec.h"

/* The schema: the part of AniList's (../shared/anilist/schema.graphql) the fake serves. */

#define END { NULL, NULL }
#define END_FIELDS { NULL, NULL, NULL }

static const KeikaFakeGqlArgDef query_page_args[] = {
  { "page", "Int" }, { "perPage", "Int" }, END
};
static const KeikaFakeGqlArgDef query_media_args[] = {
  { "id", "Int" }, { "idMal", "Int" }, { "type", "MediaType" }, END
};
static const KeikaFakeGqlArgDef query_user_args[] = {
  { "id", "Int" }, { "name", "String" }, END
};
static const KeikaFakeGqlArgDef collection_args[] = {
  { "userId", "Int" }, { "userName", "String" }, { "type", "MediaType" },
  { "status", "MediaListStatus" }, { "status_in", "[MediaListStatus]" },
  { "forceSingleCompletedList", "Boolean" }, { "chunk", "Int" }, { "perChunk", "Int" },
  { "sort", "[MediaListSort]" }, END
};
static const KeikaFakeGqlArgDef page_media_args[] = {
  { "id", "Int" }, { "idMal", "Int" }, { "type", "MediaType" }, { "isAdult", "Boolean" },
  { "search", "String" }, { "id_in", "[Int]" }, { "idMal_in", "[Int]" }, { "sort", "[MediaSort]" },
  END
};
static const KeikaFakeGqlArgDef page_list_args[] = {
  { "id", "Int" }, { "userId", "Int" }, { "userName", "String" }, { "type", "MediaType" },
  { "status", "MediaListStatus" }, { "mediaId", "Int" }, { "status_in", "[MediaListStatus]" },
  { "mediaId_in", "[Int]" }, { "sort", "[MediaListSort]" }, END
};
static const KeikaFakeGqlArgDef save_args[] = {
  { "id", "Int" }, { "mediaId", "Int" }, { "status", "MediaListStatus" }, { "score", "Float" },
  { "scoreRaw", "Int" }, { "progress", "Int" }, { "repeat", "Int" }, { "priority", "Int" },
  { "private", "Boolean" }, { "notes", "String" }, { "hiddenFromStatusLists", "Boolean" },
  { "customLists", "[String]" }, { "startedAt", "FuzzyDateInput" },
  { "completedAt", "FuzzyDateInput" }, END
};
static const KeikaFakeGqlArgDef delete_args[] = { { "id", "Int" }, END };
static const KeikaFakeGqlArgDef score_args[] = { { "format", "ScoreFormat" }, END };
static const KeikaFakeGqlArgDef as_array_args[] = { { "asArray", "Boolean" }, END };
static const KeikaFakeGqlArgDef stylised_args[] = { { "stylised", "Boolean" }, END };
static const KeikaFakeGqlArgDef version_args[] = { { "version", "Int" }, END };

static const KeikaFakeGqlFieldDef query_fields[] = {
  { "Page", "Page", query_page_args },
  { "Media", "Media", query_media_args },
  { "MediaListCollection", "MediaListCollection", collection_args },
  { "User", "User", query_user_args },
  { "Viewer", "User", NULL },
  END_FIELDS
};
static const KeikaFakeGqlFieldDef mutation_fields[] = {
  { "SaveMediaListEntry", "MediaList", save_args },
  { "DeleteMediaListEntry", "Deleted", delete_args },
  END_FIELDS
};
static const KeikaFakeGqlFieldDef page_fields[] = {
  { "pageInfo", "PageInfo", NULL },
  { "media", "[Media]", page_media_args },
  { "mediaList", "[MediaList]", page_list_args },
  END_FIELDS
};
static const KeikaFakeGqlFieldDef page_info_fields[] = {
  { "total", "Int", NULL }, { "perPage", "Int", NULL }, { "currentPage", "Int", NULL },
  { "lastPage", "Int", NULL }, { "hasNextPage", "Boolean", NULL }, END_FIELDS
};
static const KeikaFakeGqlFieldDef user_fields[] = {
  { "id", "Int!", NULL }, { "name", "String!", NULL },
  { "mediaListOptions", "MediaListOptions", NULL }, { "siteUrl", "String", NULL }, END_FIELDS
};
static const KeikaFakeGqlFieldDef list_options_fields[] = {
  { "scoreFormat", "ScoreFormat", NULL }, { "animeList", "MediaListTypeOptions", NULL },
  END_FIELDS
};
static const KeikaFakeGqlFieldDef list_type_options_fields[] = {
  { "customLists", "[String]", NULL }, END_FIELDS
};
static const KeikaFakeGqlFieldDef collection_fields[] = {
  { "lists", "[MediaListGroup]", NULL }, { "user", "User", NULL },
  { "hasNextChunk", "Boolean", NULL }, END_FIELDS
};
static const KeikaFakeGqlFieldDef group_fields[] = {
  { "entries", "[MediaList]", NULL }, { "name", "String", NULL },
  { "isCustomList", "Boolean", NULL }, { "isSplitCompletedList", "Boolean", NULL },
  { "status", "MediaListStatus", NULL }, END_FIELDS
};
static const KeikaFakeGqlFieldDef media_list_fields[] = {
  { "id", "Int!", NULL }, { "userId", "Int!", NULL }, { "mediaId", "Int!", NULL },
  { "status", "MediaListStatus", NULL }, { "score", "Float", score_args },
  { "progress", "Int", NULL }, { "repeat", "Int", NULL }, { "priority", "Int", NULL },
  { "private", "Boolean", NULL }, { "notes", "String", NULL },
  { "hiddenFromStatusLists", "Boolean", NULL }, { "customLists", "Json", as_array_args },
  { "startedAt", "FuzzyDate", NULL }, { "completedAt", "FuzzyDate", NULL },
  { "updatedAt", "Int", NULL }, { "createdAt", "Int", NULL }, { "media", "Media", NULL },
  { "user", "User", NULL }, END_FIELDS
};
static const KeikaFakeGqlFieldDef media_fields[] = {
  { "id", "Int!", NULL }, { "idMal", "Int", NULL }, { "title", "MediaTitle", NULL },
  { "type", "MediaType", NULL }, { "format", "MediaFormat", NULL },
  { "status", "MediaStatus", version_args }, { "episodes", "Int", NULL },
  { "season", "MediaSeason", NULL }, { "seasonYear", "Int", NULL },
  { "coverImage", "MediaCoverImage", NULL }, { "genres", "[String]", NULL },
  { "synonyms", "[String]", NULL }, { "isAdult", "Boolean", NULL }, { "siteUrl", "String", NULL },
  { "nextAiringEpisode", "AiringSchedule", NULL }, END_FIELDS
};
static const KeikaFakeGqlFieldDef title_fields[] = {
  { "romaji", "String", stylised_args }, { "english", "String", stylised_args },
  { "native", "String", stylised_args }, { "userPreferred", "String", NULL }, END_FIELDS
};
static const KeikaFakeGqlFieldDef cover_fields[] = {
  { "extraLarge", "String", NULL }, { "large", "String", NULL }, { "medium", "String", NULL },
  { "color", "String", NULL }, END_FIELDS
};
static const KeikaFakeGqlFieldDef airing_fields[] = {
  { "airingAt", "Int!", NULL }, { "timeUntilAiring", "Int!", NULL }, { "episode", "Int!", NULL },
  { "mediaId", "Int!", NULL }, END_FIELDS
};
static const KeikaFakeGqlFieldDef date_fields[] = {
  { "year", "Int", NULL }, { "month", "Int", NULL }, { "day", "Int", NULL }, END_FIELDS
};
static const KeikaFakeGqlFieldDef deleted_fields[] = {
  { "deleted", "Boolean", NULL }, END_FIELDS
};

static const char * const media_type_values[] = { "ANIME", "MANGA", NULL };
static const char * const list_status_values[] = {
  "CURRENT", "PLANNING", "COMPLETED", "DROPPED", "PAUSED", "REPEATING", NULL
};
static const char * const score_format_values[] = {
  "POINT_100", "POINT_10_DECIMAL", "POINT_10", "POINT_5", "POINT_3", NULL
};
static const char * const list_sort_values[] = {
  "MEDIA_ID", "MEDIA_ID_DESC", "SCORE", "SCORE_DESC", "STATUS", "STATUS_DESC", "PROGRESS",
  "PROGRESS_DESC", "PROGRESS_VOLUMES", "PROGRESS_VOLUMES_DESC", "REPEAT", "REPEAT_DESC",
  "PRIORITY", "PRIORITY_DESC", "STARTED_ON", "STARTED_ON_DESC", "FINISHED_ON",
  "FINISHED_ON_DESC", "ADDED_TIME", "ADDED_TIME_DESC", "UPDATED_TIME", "UPDATED_TIME_DESC",
  "MEDIA_TITLE_ROMAJI", "MEDIA_TITLE_ROMAJI_DESC", "MEDIA_TITLE_ENGLISH",
  "MEDIA_TITLE_ENGLISH_DESC", "MEDIA_TITLE_NATIVE", "MEDIA_TITLE_NATIVE_DESC",
  "MEDIA_POPULARITY", "MEDIA_POPULARITY_DESC", NULL
};
static const char * const media_sort_values[] = {
  "ID", "ID_DESC", "TITLE_ROMAJI", "TITLE_ROMAJI_DESC", "TITLE_ENGLISH", "TITLE_ENGLISH_DESC",
  "TITLE_NATIVE", "TITLE_NATIVE_DESC", "TYPE", "TYPE_DESC", "FORMAT", "FORMAT_DESC",
  "START_DATE", "START_DATE_DESC", "END_DATE", "END_DATE_DESC", "SCORE", "SCORE_DESC",
  "POPULARITY", "POPULARITY_DESC", "TRENDING", "TRENDING_DESC", "EPISODES", "EPISODES_DESC",
  "DURATION", "DURATION_DESC", "STATUS", "STATUS_DESC", "CHAPTERS", "CHAPTERS_DESC", "VOLUMES",
  "VOLUMES_DESC", "UPDATED_AT", "UPDATED_AT_DESC", "SEARCH_MATCH", "FAVOURITES",
  "FAVOURITES_DESC", NULL
};
static const char * const media_format_values[] = {
  "TV", "TV_SHORT", "MOVIE", "SPECIAL", "OVA", "ONA", "MUSIC", "MANGA", "NOVEL", "ONE_SHOT", NULL
};
static const char * const media_status_values[] = {
  "FINISHED", "RELEASING", "NOT_YET_RELEASED", "CANCELLED", "HIATUS", NULL
};
static const char * const media_season_values[] = { "WINTER", "SPRING", "SUMMER", "FALL", NULL };

static const KeikaFakeGqlTypeDef types[] = {
  { "Query", KEIKA_FAKE_GQL_TYPE_OBJECT, query_fields, NULL },
  { "Mutation", KEIKA_FAKE_GQL_TYPE_OBJECT, mutation_fields, NULL },
  { "Page", KEIKA_FAKE_GQL_TYPE_OBJECT, page_fields, NULL },
  { "PageInfo", KEIKA_FAKE_GQL_TYPE_OBJECT, page_info_fields, NULL },
  { "User", KEIKA_FAKE_GQL_TYPE_OBJECT, user_fields, NULL },
  { "MediaListOptions", KEIKA_FAKE_GQL_TYPE_OBJECT, list_options_fields, NULL },
  { "MediaListTypeOptions", KEIKA_FAKE_GQL_TYPE_OBJECT, list_type_options_fields, NULL },
  { "MediaListCollection", KEIKA_FAKE_GQL_TYPE_OBJECT, collection_fields, NULL },
  { "MediaListGroup", KEIKA_FAKE_GQL_TYPE_OBJECT, group_fields, NULL },
  { "MediaList", KEIKA_FAKE_GQL_TYPE_OBJECT, media_list_fields, NULL },
  { "Media", KEIKA_FAKE_GQL_TYPE_OBJECT, media_fields, NULL },
  { "MediaTitle", KEIKA_FAKE_GQL_TYPE_OBJECT, title_fields, NULL },
  { "MediaCoverImage", KEIKA_FAKE_GQL_TYPE_OBJECT, cover_fields, NULL },
  { "AiringSchedule", KEIKA_FAKE_GQL_TYPE_OBJECT, airing_fields, NULL },
  { "FuzzyDate", KEIKA_FAKE_GQL_TYPE_OBJECT, date_fields, NULL },
  { "Deleted", KEIKA_FAKE_GQL_TYPE_OBJECT, deleted_fields, NULL },
  { "FuzzyDateInput", KEIKA_FAKE_GQL_TYPE_INPUT, date_fields, NULL },
  { "Json", KEIKA_FAKE_GQL_TYPE_SCALAR, NULL, NULL },
  { "MediaType", KEIKA_FAKE_GQL_TYPE_ENUM, NULL, media_type_values },
  { "MediaListStatus", KEIKA_FAKE_GQL_TYPE_ENUM, NULL, list_status_values },
  { "ScoreFormat", KEIKA_FAKE_GQL_TYPE_ENUM, NULL, score_format_values },
  { "MediaListSort", KEIKA_FAKE_GQL_TYPE_ENUM, NULL, list_sort_values },
  { "MediaSort", KEIKA_FAKE_GQL_TYPE_ENUM, NULL, media_sort_values },
  { "MediaFormat", KEIKA_FAKE_GQL_TYPE_ENUM, NULL, media_format_values },
  { "MediaStatus", KEIKA_FAKE_GQL_TYPE_ENUM, NULL, media_status_values },
  { "MediaSeason", KEIKA_FAKE_GQL_TYPE_ENUM, NULL, media_season_values },
  { NULL, 0, NULL, NULL }
};

static const KeikaFakeGqlSchema schema = { types, "Query", "Mutation" };
/* Execution */

void
keika_fake_anilist_add_error (AnilistExec *ex,
                              guint        status,
                              const char  *message)
{
  if (ex->errors->len > 0)
    g_string_append_c (ex->errors, ',');
  else
    ex->status = status;
  g_string_append (ex->errors, "{\"message\":");
  keika_fake_json_string (ex->errors, message);
  g_string_append_printf (ex->errors, ",\"status\":%u}", status);
}

void
keika_fake_anilist_add_unauthorized (AnilistExec *ex)
{
  keika_fake_anilist_add_error (ex, SOUP_STATUS_UNAUTHORIZED, "Unauthorized.");
  ex->data_null = TRUE;
}

/* {"message":"validation","status":400,"validation":{field:[messages]}};
 * @problems holds field, message, field, message… */
void
keika_fake_anilist_add_validation_error (AnilistExec *ex,
                                         GPtrArray   *problems)
{
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean first = TRUE;

  if (ex->errors->len > 0)
    g_string_append_c (ex->errors, ',');
  else
    ex->status = SOUP_STATUS_BAD_REQUEST;
  g_string_append (ex->errors, "{\"message\":\"validation\",\"status\":400,\"validation\":{");
  for (guint i = 0; i < problems->len; i += 2)
    {
      const char *field = g_ptr_array_index (problems, i);

      if (!g_hash_table_add (done, (gpointer) field))
        continue;
      keika_fake_json_member (ex->errors, &first, field);
      g_string_append_c (ex->errors, '[');
      for (guint j = i; j < problems->len; j += 2)
        if (g_str_equal (g_ptr_array_index (problems, j), field))
          {
            if (j > i)
              g_string_append_c (ex->errors, ',');
            keika_fake_json_string (ex->errors, g_ptr_array_index (problems, j + 1));
          }
      g_string_append_c (ex->errors, ']');
    }
  g_string_append (ex->errors, "}}");
}

static void
mark_repeated (GHashTable *repeated,
               GPtrArray  *selection)
{
  if (selection == NULL)
    return;

  for (guint i = 0; i < selection->len; i++)
    {
      KeikaFakeGqlField *field = g_ptr_array_index (selection, i);

      for (guint j = 0; j < i; j++)
        {
          KeikaFakeGqlField *other = g_ptr_array_index (selection, j);

          if (g_str_equal (other->name, field->name))
            {
              g_hash_table_add (repeated, field);
              break;
            }
        }
      mark_repeated (repeated, field->selection);
    }
}

/* Arguments */

GHashTable *
keika_fake_anilist_get_args (AnilistExec       *ex,
                             KeikaFakeGqlField *field)
{
  GHashTable *args = g_hash_table_lookup (ex->args, field);

  if (args == NULL)
    {
      args = keika_fake_gql_resolve_arguments (field, ex->variables);
      g_hash_table_insert (ex->args, field, args);
    }

  return args;
}

gboolean
keika_fake_anilist_arg_int (GHashTable *args,
                            const char *name,
                            gint64     *value)
{
  JsonNode *node = g_hash_table_lookup (args, name);

  if (node == NULL)
    return FALSE;
  *value = json_node_get_value_type (node) == G_TYPE_DOUBLE
           ? (gint64) json_node_get_double (node) : json_node_get_int (node);

  return TRUE;
}

gboolean
keika_fake_anilist_arg_double (GHashTable *args,
                               const char *name,
                               double     *value)
{
  JsonNode *node = g_hash_table_lookup (args, name);

  if (node == NULL)
    return FALSE;
  *value = json_node_get_double (node);

  return TRUE;
}

gboolean
keika_fake_anilist_arg_bool (GHashTable *args,
                             const char *name,
                             gboolean   *value)
{
  JsonNode *node = g_hash_table_lookup (args, name);

  if (node == NULL)
    return FALSE;
  *value = json_node_get_boolean (node);

  return TRUE;
}

const char *
keika_fake_anilist_arg_string (GHashTable *args,
                               const char *name)
{
  JsonNode *node = g_hash_table_lookup (args, name);

  return node != NULL ? json_node_get_string (node) : NULL;
}

/* A list argument (a single value is a list of one), as strings or ints. */
GPtrArray *
keika_fake_anilist_arg_list (GHashTable *args,
                             const char *name)
{
  JsonNode *node = g_hash_table_lookup (args, name);
  GPtrArray *items;

  if (node == NULL)
    return NULL;

  items = g_ptr_array_new ();
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_NULL (item))
            g_ptr_array_add (items, item);
        }
    }
  else
    g_ptr_array_add (items, node);

  return items;
}

gboolean
keika_fake_anilist_list_has_int (GPtrArray *items,
                                 gint64     value)
{
  for (guint i = 0; i < items->len; i++)
    if (json_node_get_int (g_ptr_array_index (items, i)) == value)
      return TRUE;

  return FALSE;
}

gboolean
keika_fake_anilist_list_has_string (GPtrArray  *items,
                                    const char *value)
{
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (json_node_get_string (g_ptr_array_index (items, i)), value) == 0)
      return TRUE;

  return FALSE;
}
/* Queries */

static gboolean
resolve_viewer (AnilistExec       *ex,
                KeikaFakeGqlField *root,
                GString           *out)
{
  if (ex->viewer == NULL)
    {
      keika_fake_anilist_add_unauthorized (ex);
      return FALSE;
    }
  keika_fake_anilist_write_user (ex, out, ex->viewer, root->selection);

  return TRUE;
}

static gboolean
resolve_user (AnilistExec       *ex,
              KeikaFakeGqlField *root,
              GString           *out)
{
  GHashTable *args = keika_fake_anilist_get_args (ex, root);
  const char *name = keika_fake_anilist_arg_string (args, "name");
  AnilistUser *user = NULL;
  gint64 id;

  if (keika_fake_anilist_arg_int (args, "id", &id))
    user = keika_fake_anilist_find_user_by_id (ex->self, id);
  else if (name != NULL)
    user = keika_fake_anilist_find_user (ex->self, name);
  if (user == NULL)
    {
      keika_fake_anilist_add_error (ex, SOUP_STATUS_NOT_FOUND, "Not Found.");
      return FALSE;
    }
  keika_fake_anilist_write_user (ex, out, user, root->selection);

  return TRUE;
}

static gboolean
resolve_media (AnilistExec       *ex,
               KeikaFakeGqlField *root,
               GString           *out)
{
  GHashTable *args = keika_fake_anilist_get_args (ex, root);
  g_autoptr(GArray) found = keika_fake_anilist_query_media (ex, args);

  if (found == NULL)
    return FALSE;
  if (found->len == 0)
    {
      keika_fake_anilist_add_error (ex, SOUP_STATUS_NOT_FOUND, "Not Found.");
      return FALSE;
    }
  keika_fake_anilist_write_media (ex, out, g_array_index (found, AnilistFound, 0).media,
                                  root->selection);

  return TRUE;
}
/* Requests */

static void
reply_gql_errors (KeikaFakeContext *ctx,
                  GPtrArray        *errors)
{
  GString *out = g_string_new ("{\"errors\":[");

  for (guint i = 0; i < errors->len; i++)
    {
      KeikaFakeGqlError *error = g_ptr_array_index (errors, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"message\":");
      keika_fake_json_string (out, error->message);
      g_string_append (out, ",\"status\":400");
      if (error->line > 0)
        g_string_append_printf (out, ",\"locations\":[{\"line\":%u,\"column\":%u}]",
                                error->line, error->column);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"data\":null}");
  keika_fake_reply_json (ctx, SOUP_STATUS_BAD_REQUEST, out);
}

/**
 * keika_fake_anilist_execute:
 * @viewer: (nullable): the user of the request's token
 * @variables: (nullable): the request's variables
 * @operation_name: (nullable): the request's operationName
 *
 * Answers a GraphQL request: a parse or validation error with 400 and
 * "data":null; else the data of every root field selected, null where it
 * failed, with the errors, and the status of the first error.
 */
void
keika_fake_anilist_execute (KeikaFakeAnilist *self,
                            KeikaFakeContext *ctx,
                            AnilistUser      *viewer,
                            const char       *query,
                            JsonObject       *variables,
                            const char       *operation_name)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) ignored = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KeikaFakeGqlDocument) document = NULL;
  g_autoptr(JsonObject) values = NULL;
  g_autoptr(GString) data = NULL;
  KeikaFakeGqlOperation *operation;
  KeikaFakeGqlField *root;
  gboolean first = TRUE;
  GString *out;
  AnilistExec ex = { 0, };

  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_fake_gql_error_free);
  document = keika_fake_gql_parse (query, errors);
  operation = document != NULL
              ? keika_fake_gql_document_get_operation (document, operation_name, errors) : NULL;
  if (operation == NULL || !keika_fake_gql_validate (&schema, operation, errors)
      || (values = keika_fake_gql_coerce_variables (&schema, operation, variables, errors,
                                                    ignored)) == NULL)
    {
      reply_gql_errors (ctx, errors);
      return;
    }
  for (guint i = 0; i < ignored->len; i++)
    keika_fake_context_ignore_field (ctx, g_ptr_array_index (ignored, i));

  ex.self = self;
  ex.viewer = viewer;
  ex.variables = values;
  ex.errors = g_string_new (NULL);
  ex.status = SOUP_STATUS_OK;
  ex.args = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  ex.repeated = g_hash_table_new (NULL, NULL);
  ex.now = g_get_real_time () / G_USEC_PER_SEC;
  mark_repeated (ex.repeated, operation->selection);

  data = g_string_new ("{");
  FOR_FIELDS (&ex, operation->selection, root)
    {
      gsize mark;
      gboolean ok;

      keika_fake_json_member (data, &first, root->name);
      mark = data->len;
      if (g_str_equal (root->name, "Viewer"))
        ok = resolve_viewer (&ex, root, data);
      else if (g_str_equal (root->name, "User"))
        ok = resolve_user (&ex, root, data);
      else if (g_str_equal (root->name, "Media"))
        ok = resolve_media (&ex, root, data);
      else if (g_str_equal (root->name, "MediaListCollection"))
        ok = keika_fake_anilist_resolve_collection (&ex, root, data);
      else if (g_str_equal (root->name, "Page"))
        ok = keika_fake_anilist_resolve_page (&ex, root, data);
      else if (g_str_equal (root->name, "SaveMediaListEntry"))
        ok = keika_fake_anilist_resolve_save (&ex, root, data);
      else
        ok = keika_fake_anilist_resolve_delete (&ex, root, data);
      if (!ok)
        {
          g_string_truncate (data, mark);
          g_string_append (data, "null");
        }
    }
  g_string_append_c (data, '}');

  if (ex.errors->len == 0)
    {
      out = g_string_new ("{\"data\":");
      g_string_append_len (out, data->str, data->len);
    }
  else
    {
      out = g_string_new ("{\"errors\":[");
      g_string_append_len (out, ex.errors->str, ex.errors->len);
      g_string_append (out, "],\"data\":");
      if (ex.data_null)
        g_string_append (out, "null");
      else
        g_string_append_len (out, data->str, data->len);
    }
  g_string_append_c (out, '}');
  keika_fake_reply_json (ctx, ex.status, out);

  g_string_free (ex.errors, TRUE);
  g_hash_table_unref (ex.args);
  g_hash_table_unref (ex.repeated);
}
