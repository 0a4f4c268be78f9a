/* keika-fake-kitsu-doc.c: the fake Kitsu's JSON:API documents: errors,
 * include paths and sparse fieldsets, links and paging, filters
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-kitsu-private.h"

/* The fields each type has (attributes and relationships), for fields[…]. */
static const char * const entry_fields[] = {
  "createdAt", "updatedAt", "status", "progress", "volumesOwned", "reconsuming",
  "reconsumeCount", "notes", "private", "reactionSkipped", "progressedAt", "startedAt",
  "finishedAt", "rating", "ratingTwenty", "user", "anime", "manga", "drama", "review",
  "mediaReaction", "media", "unit", "nextUnit", NULL
};
static const char * const anime_fields[] = {
  "createdAt", "updatedAt", "slug", "synopsis", "description", "titles", "canonicalTitle",
  "abbreviatedTitles", "averageRating", "userCount", "startDate", "endDate", "ageRating",
  "subtype", "status", "posterImage", "coverImage", "episodeCount", "episodeLength",
  "showType", "nsfw", "mappings", "genres", "categories", "streamingLinks", NULL
};
static const char * const mapping_fields[] = {
  "createdAt", "updatedAt", "externalSite", "externalId", "item", NULL
};
static const char * const user_fields[] = {
  "createdAt", "updatedAt", "name", "slug", "about", "avatar", "coverImage", "email",
  "ratingSystem", "titleLanguagePreference", "sfwFilter", "libraryEntries", NULL
};

static const char * const *
fields_of (const char *type)
{
  if (g_strcmp0 (type, "libraryEntries") == 0)
    return entry_fields;
  if (g_strcmp0 (type, "anime") == 0)
    return anime_fields;
  if (g_strcmp0 (type, "mappings") == 0)
    return mapping_fields;
  if (g_strcmp0 (type, "users") == 0)
    return user_fields;
  return NULL;
}

/* Answers */

void
keika_fake_kitsu_reply_not_found (KeikaFakeContext *ctx,
                                  const char       *key)
{
  g_autofree char *detail = g_strdup_printf ("The record identified by %s could not be found.",
                                             key);

  keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "404", "Record not found", detail);
}

/* Pundit's refusal. */
void
keika_fake_kitsu_reply_forbidden (KeikaFakeContext *ctx)
{
  keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_FORBIDDEN, "403", "Forbidden",
                                "You are not allowed to perform this action.");
}

static void
append_error (GString    *out,
              guint       status,
              const char *code,
              const char *title,
              const char *detail)
{
  g_string_append (out, "{\"title\":");
  keika_fake_json_string (out, title);
  if (detail != NULL)
    {
      g_string_append (out, ",\"detail\":");
      keika_fake_json_string (out, detail);
    }
  g_string_append_printf (out, ",\"code\":\"%s\",\"status\":\"%u\"}", code, status);
}

void
keika_fake_kitsu_reply_document (KeikaFakeContext *ctx,
                                 guint             status,
                                 GString          *out)
{
  g_autoptr(GBytes) body = g_string_free_to_bytes (out);

  keika_fake_reply (ctx, status, KEIKA_FAKE_KITSU_JSONAPI, body);
}

/* {"errors":[{title, detail, code, status}]} */
void
keika_fake_kitsu_reply_error (KeikaFakeContext *ctx,
                              guint             status,
                              const char       *code,
                              const char       *title,
                              const char       *detail)
{
  GString *out = g_string_new ("{\"errors\":[");

  append_error (out, status, code, title, detail);
  g_string_append (out, "]}");
  keika_fake_kitsu_reply_document (ctx, status, out);
}
/* JSON:API documents */

void
keika_fake_kitsu_time (GString *out,
                       gint64   real_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (real_us / G_USEC_PER_SEC);

  g_string_append_printf (out, "\"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ\"",
                          g_date_time_get_year (time), g_date_time_get_month (time),
                          g_date_time_get_day_of_month (time), g_date_time_get_hour (time),
                          g_date_time_get_minute (time), g_date_time_get_second (time),
                          (int) (real_us % G_USEC_PER_SEC / 1000));
}

gboolean
keika_fake_kitsu_doc_init (KitsuDoc            *doc,
                           KeikaFakeKitsu      *self,
                           KeikaFakeContext    *ctx,
                           const char * const  *include_paths,
                           KitsuUser           *viewer)
{
  const char *include = keika_fake_context_get_query (ctx, "include");
  GHashTableIter iter;
  const char *name;
  const char *value;

  memset (doc, 0, sizeof *doc);
  doc->self = self;
  doc->viewer = viewer;
  doc->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_strfreev);
  doc->include = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  doc->included = g_string_new (NULL);
  doc->included_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (include != NULL && *include != '\0')
    {
      g_auto(GStrv) paths = g_strsplit (include, ",", -1);

      for (guint i = 0; paths[i] != NULL; i++)
        {
          g_autofree char *detail = NULL;
          char *dot;

          g_strstrip (paths[i]);
          if (include_paths != NULL && g_strv_contains (include_paths, paths[i]))
            {
              /* A path includes every step of it. */
              g_hash_table_add (doc->include, g_strdup (paths[i]));
              for (dot = strrchr (paths[i], '.'); dot != NULL; dot = strrchr (paths[i], '.'))
                {
                  *dot = '\0';
                  g_hash_table_add (doc->include, g_strdup (paths[i]));
                }
              continue;
            }
          detail = g_strdup_printf ("%s is not a valid relationship of %s", paths[i],
                                    include_paths != NULL && include_paths[0] != NULL
                                      ? "this resource" : "this resource (it has none)");
          keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "112",
                                        "Invalid field", detail);
          return FALSE;
        }
    }

  g_hash_table_iter_init (&iter, ctx->request->query_fields);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      g_autofree char *type = NULL;
      g_auto(GStrv) names = NULL;
      const char * const *known;
      gsize len = strlen (name);

      if (!g_str_has_prefix (name, "fields[") || name[len - 1] != ']')
        continue;
      type = g_strndup (name + 7, len - 8);
      if ((known = fields_of (type)) == NULL)
        {
          g_autofree char *detail = g_strdup_printf ("%s is not a valid resource.", type);

          keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "101", "Invalid resource",
                                        detail);
          return FALSE;
        }
      names = g_strsplit (value, ",", -1);
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_strstrip (names[i]);
          if (!g_strv_contains (known, names[i]))
            {
              g_autofree char *detail = g_strdup_printf ("%s is not a valid field for %s.",
                                                         names[i], type);

              keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "104", "Invalid field",
                                            detail);
              return FALSE;
            }
        }
      g_hash_table_replace (doc->fields, g_steal_pointer (&type), g_steal_pointer (&names));
    }

  return TRUE;
}

void
keika_fake_kitsu_doc_clear (KitsuDoc *doc)
{
  g_clear_pointer (&doc->fields, g_hash_table_unref);
  g_clear_pointer (&doc->include, g_hash_table_unref);
  if (doc->included != NULL)
    g_string_free (g_steal_pointer (&doc->included), TRUE);
  g_clear_pointer (&doc->included_keys, g_hash_table_unref);
}

gboolean
keika_fake_kitsu_doc_wants (KitsuDoc   *doc,
                            const char *type,
                            const char *field)
{
  char **names = g_hash_table_lookup (doc->fields, type);

  return names == NULL || g_strv_contains ((const char * const *) names, field);
}

gboolean
keika_fake_kitsu_doc_includes (KitsuDoc   *doc,
                               const char *path)
{
  return g_hash_table_contains (doc->include, path);
}

gboolean
keika_fake_kitsu_doc_add_included (KitsuDoc   *doc,
                                   const char *type,
                                   gint64      id)
{
  char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, type, id);

  if (!g_hash_table_add (doc->included_keys, key))
    return FALSE;
  if (doc->included->len > 0)
    g_string_append_c (doc->included, ',');

  return TRUE;
}

/* The request's URL with its page[…] replaced: links keep every other
 * parameter, as Kitsu's do. */
static char *
page_link (KeikaFakeContext *ctx,
           guint             offset,
           guint             limit)
{
  GString *url = g_string_new (ctx->sites != NULL
                                 ? keika_fake_sites_get_url (ctx->sites, ctx->endpoint) : "");
  gboolean first = TRUE;

  g_string_append (url, ctx->path);
  if (ctx->request->query != NULL)
    {
      g_auto(GStrv) params = g_strsplit (ctx->request->query, "&", -1);

      for (guint i = 0; params[i] != NULL; i++)
        {
          g_autofree char *raw = g_strndup (params[i], strcspn (params[i], "="));
          g_autofree char *key = g_uri_unescape_string (raw, NULL);

          if (*params[i] == '\0' || g_strcmp0 (key, "page[offset]") == 0 ||
              g_strcmp0 (key, "page[limit]") == 0)
            continue;
          g_string_append_c (url, first ? '?' : '&');
          g_string_append (url, params[i]);
          first = FALSE;
        }
    }
  g_string_append_printf (url, "%cpage%%5Blimit%%5D=%u&page%%5Boffset%%5D=%u",
                          first ? '?' : '&', limit, offset);

  return g_string_free (url, FALSE);
}

static void
append_link (GString          *out,
             gboolean         *first,
             const char       *name,
             KeikaFakeContext *ctx,
             guint             offset,
             guint             limit)
{
  g_autofree char *url = page_link (ctx, offset, limit);

  keika_fake_json_member (out, first, name);
  keika_fake_json_string (out, url);
}

void
keika_fake_kitsu_doc_finish (KitsuDoc         *doc,
                             KeikaFakeContext *ctx,
                             GString          *out,
                             gint64            total,
                             guint             offset,
                             guint             limit)
{
  gboolean first = TRUE;

  if (g_hash_table_size (doc->include) > 0)
    g_string_append_printf (out, ",\"included\":[%s]", doc->included->str);

  if (total < 0)
    {
      g_string_append_c (out, '}');
      return;
    }

  g_string_append_printf (out, ",\"meta\":{\"count\":%" G_GINT64_FORMAT "},\"links\":{", total);
  append_link (out, &first, "first", ctx, 0, limit);
  if (offset > 0)
    append_link (out, &first, "prev", ctx, offset > limit ? offset - limit : 0, limit);
  if ((gint64) offset + limit < total)
    append_link (out, &first, "next", ctx, offset + limit, limit);
  append_link (out, &first, "last", ctx,
               total > limit ? (guint) ((total - 1) / limit * limit) : 0, limit);
  g_string_append (out, "}}");
}

static gboolean
parse_page_value (const char *text,
                  guint64    *value)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, value, NULL);
}

gboolean
keika_fake_kitsu_read_page (KeikaFakeContext *ctx,
                            guint             max,
                            guint            *offset,
                            guint            *limit)
{
  const char *limit_text = keika_fake_context_get_query (ctx, "page[limit]");
  const char *offset_text = keika_fake_context_get_query (ctx, "page[offset]");
  guint64 value = 0;

  *limit = KEIKA_FAKE_KITSU_PAGE_DEFAULT;
  *offset = 0;

  if (limit_text != NULL)
    {
      if (!parse_page_value (limit_text, &value) || value < 1)
        {
          g_autofree char *detail = g_strdup_printf ("%s is not a valid value for limit page "
                                                     "parameter.", limit_text);

          keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "118",
                                        "Invalid page value", detail);
          return FALSE;
        }
      if (value > max)
        {
          g_autofree char *detail = g_strdup_printf ("Limit exceeds maximum page size of %u.",
                                                     max);

          keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "118",
                                        "Invalid page value", detail);
          return FALSE;
        }
      *limit = value;
    }
  if (offset_text != NULL)
    {
      if (!parse_page_value (offset_text, &value))
        {
          g_autofree char *detail = g_strdup_printf ("%s is not a valid value for offset page "
                                                     "parameter.", offset_text);

          keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "118",
                                        "Invalid page value", detail);
          return FALSE;
        }
      *offset = value;
    }

  return TRUE;
}

gboolean
keika_fake_kitsu_check_filters (KeikaFakeContext   *ctx,
                                const char * const *allowed)
{
  GHashTableIter iter;
  const char *name;

  g_hash_table_iter_init (&iter, ctx->request->query_fields);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    {
      g_autofree char *filter = NULL;
      gsize len = strlen (name);

      if (!g_str_has_prefix (name, "filter[") || name[len - 1] != ']')
        continue;
      filter = g_strndup (name + 7, len - 8);
      if (!g_strv_contains (allowed, filter))
        {
          g_autofree char *detail = g_strdup_printf ("%s is not allowed.", filter);

          keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "102",
                                        "Filter not allowed", detail);
          return FALSE;
        }
    }

  return TRUE;
}

char **
keika_fake_kitsu_get_filter (KeikaFakeContext *ctx,
                             const char       *name)
{
  g_autofree char *key = g_strdup_printf ("filter[%s]", name);
  const char *value = keika_fake_context_get_query (ctx, key);
  char **values;

  if (value == NULL)
    return NULL;

  values = g_strsplit (value, ",", -1);
  for (guint i = 0; values[i] != NULL; i++)
    g_strstrip (values[i]);

  return values;
}

gboolean
keika_fake_kitsu_filter_has_id (char   **values,
                                gint64   id)
{
  char text[24];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, id);

  return values != NULL && g_strv_contains ((const char * const *) values, text);
}

char *
keika_fake_kitsu_user_key (const char *name)
{
  return g_utf8_casefold (name, -1);
}

void
keika_fake_kitsu_remember_secret (KeikaFakeKitsu *self,
                                  const char     *secret)
{
  if (secret != NULL && *secret != '\0')
    g_ptr_array_add (self->secrets, g_strdup (secret));
}
