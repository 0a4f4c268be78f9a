/* keika-fake-kitsu.c: the fake Kitsu's HTTP side, JSON:API documents,
 * OAuth (the password grant), tokens and users
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-kitsu-private.h"

#define TOKEN_LIFETIME_S  2592000   /* 30 days */
#define LOGIN_LIMIT       15
#define LOGIN_WINDOW_S    60
#define INVALID_GRANT \
  "The provided authorization grant is invalid, expired, revoked, does not match the " \
  "redirection URI used in the authorization request, or was issued to another client."

G_DEFINE_FINAL_TYPE (KeikaFakeKitsu, keika_fake_kitsu, G_TYPE_OBJECT)

/* A 2×3 blue PNG, the poster of every anime. */
static const guint8 poster_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
  0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
  0x08, 0x02, 0x00, 0x00, 0x00, 0x36, 0x88, 0x49, 0xd6, 0x00, 0x00, 0x00,
  0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xb0, 0xdd, 0xf2, 0x09,
  0x88, 0x18, 0x50, 0x28, 0x00, 0x72, 0xb4, 0x0b, 0x53, 0x11, 0x5d, 0xcd,
  0x7f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

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

static void
reply_oauth_error (KeikaFakeContext *ctx,
                   guint             status,
                   const char       *error,
                   const char       *description)
{
  GString *out = g_string_new ("{\"error\":");

  keika_fake_json_string (out, error);
  g_string_append (out, ",\"error_description\":");
  keika_fake_json_string (out, description);
  g_string_append_c (out, '}');
  keika_fake_reply_json (ctx, status, out);
}

/* Rack::Attack's answer, before the application: no Retry-After. */
static void
reply_throttled (KeikaFakeContext *ctx)
{
  static const char text[] = "Retry later\n";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));

  keika_fake_reply (ctx, 429, "text/plain", body);
}

/* The answers the core makes (faults, rate limits), in Kitsu's words. */
static void
reply_core_error (gpointer          site,
                  KeikaFakeContext *ctx,
                  guint             status,
                  const char       *error,
                  const char       *message)
{
  g_autofree char *code = g_strdup_printf ("%u", status);

  if (status == 429)
    reply_throttled (ctx);
  else if (g_strcmp0 (ctx->endpoint, "kitsu-api") == 0)
    keika_fake_kitsu_reply_error (ctx, status, code, soup_status_get_phrase (status), message);
  else if (g_strcmp0 (ctx->endpoint, "kitsu-auth") == 0)
    reply_oauth_error (ctx, status, error, message);
  else
    keika_fake_reply_html (ctx, status, soup_status_get_phrase (status), message);
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

/* Tokens */

static void
token_free (KitsuToken *token)
{
  g_free (token->user);
  g_free (token->access_token);
  g_free (token);
}

static gboolean
token_is_valid (const KitsuToken *token)
{
  return token != NULL && g_get_monotonic_time () < token->expires;
}

static void
issue_tokens (KeikaFakeKitsu  *self,
              const char      *key,
              char           **access_out,
              char           **refresh_out)
{
  g_autofree char *access = keika_fake_random_token (32);
  g_autofree char *refresh = keika_fake_random_token (32);
  KitsuToken *token;

  keika_fake_kitsu_remember_secret (self, access);
  keika_fake_kitsu_remember_secret (self, refresh);

  token = g_new0 (KitsuToken, 1);
  token->user = g_strdup (key);
  token->expires = g_get_monotonic_time () + (gint64) self->token_lifetime * G_USEC_PER_SEC;
  g_hash_table_insert (self->access_tokens, g_strdup (access), token);

  token = g_new0 (KitsuToken, 1);
  token->user = g_strdup (key);
  token->expires = G_MAXINT64;
  token->access_token = g_strdup (access);
  g_hash_table_insert (self->refresh_tokens, g_strdup (refresh), token);

  *access_out = g_steal_pointer (&access);
  *refresh_out = g_steal_pointer (&refresh);
}

static void
reply_tokens (KeikaFakeKitsu   *self,
              KeikaFakeContext *ctx,
              const char       *key)
{
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  GString *out;

  issue_tokens (self, key, &access, &refresh);
  out = g_string_new ("{\"access_token\":");
  keika_fake_json_string (out, access);
  g_string_append_printf (out, ",\"token_type\":\"Bearer\",\"expires_in\":%u,\"refresh_token\":",
                          self->token_lifetime);
  keika_fake_json_string (out, refresh);
  g_string_append_printf (out, ",\"scope\":\"public\",\"created_at\":%" G_GINT64_FORMAT "}",
                          g_get_real_time () / G_USEC_PER_SEC);
  keika_fake_reply_json (ctx, SOUP_STATUS_OK, out);
}

static KitsuUser *
find_user_for_login (KeikaFakeKitsu *self,
                     const char     *username)
{
  g_autofree char *key = NULL;
  GHashTableIter iter;
  KitsuUser *user;

  if (username == NULL || *username == '\0')
    return NULL;

  key = keika_fake_kitsu_user_key (username);
  if ((user = g_hash_table_lookup (self->users, key)) != NULL)
    return user;

  g_hash_table_iter_init (&iter, self->users);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &user))
    if (g_ascii_strcasecmp (user->email, username) == 0)
      return user;

  return NULL;
}

/* Rack::Attack: every password grant counts, refused ones too. */
static gboolean
login_throttled (KeikaFakeKitsu *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->login_limit == 0)
    return FALSE;
  if (now >= self->login_window + LOGIN_WINDOW_S * G_USEC_PER_SEC)
    {
      self->login_window = now;
      self->logins = 0;
    }

  return ++self->logins > self->login_limit;
}

static void
handle_token (KeikaFakeKitsu   *self,
              KeikaFakeContext *ctx)
{
  const char *grant_type = keika_fake_context_get_form (ctx, "grant_type");

  if (!keika_fake_context_is_method (ctx, "POST"))
    {
      keika_fake_reply_html (ctx, SOUP_STATUS_NOT_FOUND, "Not Found",
                             "The page you were looking for doesn't exist.");
      return;
    }
  if (g_strcmp0 (grant_type, "password") == 0 && login_throttled (self))
    {
      reply_throttled (ctx);
      return;
    }
  if (!keika_fake_context_is_form (ctx) || grant_type == NULL)
    {
      reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                         "The request is missing a required parameter, includes an unsupported "
                         "parameter value, or is otherwise malformed.");
      return;
    }

  keika_fake_kitsu_remember_secret (self, keika_fake_context_get_form (ctx, "password"));
  keika_fake_kitsu_remember_secret (self, keika_fake_context_get_form (ctx, "refresh_token"));

  if (g_str_equal (grant_type, "password"))
    {
      KitsuUser *user = find_user_for_login (self, keika_fake_context_get_form (ctx, "username"));
      const char *password = keika_fake_context_get_form (ctx, "password");
      g_autofree char *key = NULL;

      if (user == NULL || g_strcmp0 (user->password, password) != 0)
        {
          reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_grant", INVALID_GRANT);
          return;
        }
      key = keika_fake_kitsu_user_key (user->name);
      reply_tokens (self, ctx, key);
    }
  else if (g_str_equal (grant_type, "refresh_token"))
    {
      const char *refresh = keika_fake_context_get_form (ctx, "refresh_token");
      KitsuToken *token = refresh != NULL ? g_hash_table_lookup (self->refresh_tokens, refresh)
                                          : NULL;
      g_autofree char *key = NULL;

      if (!token_is_valid (token))
        {
          reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_grant", INVALID_GRANT);
          return;
        }
      /* The old pair is revoked. */
      key = g_strdup (token->user);
      g_hash_table_remove (self->access_tokens, token->access_token);
      g_hash_table_remove (self->refresh_tokens, refresh);
      reply_tokens (self, ctx, key);
    }
  else
    {
      reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                         "The authorization grant type is not supported by the authorization "
                         "server.");
    }
}

static void
auth_cb (gpointer          site,
         KeikaFakeContext *ctx)
{
  if (g_str_equal (ctx->path, "/token"))
    handle_token (site, ctx);
  else
    keika_fake_reply_html (ctx, SOUP_STATUS_NOT_FOUND, "Not Found",
                           "The page you were looking for doesn't exist.");
}

static void
media_cb (gpointer          site,
          KeikaFakeContext *ctx)
{
  g_autoptr(GBytes) body = NULL;

  if (!g_str_has_prefix (ctx->path, "/anime/poster_images/"))
    {
      keika_fake_reply_html (ctx, SOUP_STATUS_NOT_FOUND, "Not Found", "No such image.");
      return;
    }
  body = g_bytes_new_static (poster_png, sizeof poster_png);
  keika_fake_reply (ctx, SOUP_STATUS_OK, "image/png", body);
}

/* Users */

static void
write_user (KitsuDoc  *doc,
            GString   *out,
            KitsuUser *user)
{
  gboolean first = TRUE;
  gboolean self_view = doc->viewer == user;

  g_string_append_printf (out, "{\"id\":\"%" G_GINT64_FORMAT "\",\"type\":\"users\","
                          "\"links\":{\"self\":\"%s/users/%" G_GINT64_FORMAT "\"},"
                          "\"attributes\":{",
                          user->id, doc->self->api_url, user->id);
#define WANTS(name) keika_fake_kitsu_doc_wants (doc, "users", name)
  if (WANTS ("createdAt") || WANTS ("updatedAt"))
    {
      keika_fake_json_member (out, &first, "createdAt");
      keika_fake_kitsu_time (out, user->created_at * G_USEC_PER_SEC);
      keika_fake_json_member (out, &first, "updatedAt");
      keika_fake_kitsu_time (out, user->created_at * G_USEC_PER_SEC);
    }
  if (WANTS ("name"))
    {
      keika_fake_json_member (out, &first, "name");
      keika_fake_json_string (out, user->name);
    }
  if (WANTS ("slug"))
    {
      g_autofree char *slug = g_ascii_strdown (user->name, -1);

      keika_fake_json_member (out, &first, "slug");
      keika_fake_json_string (out, slug);
    }
  if (WANTS ("about"))
    {
      keika_fake_json_member (out, &first, "about");
      keika_fake_json_string (out, "");
    }
  /* Private fields, for the user only. */
  if (self_view && WANTS ("email"))
    {
      keika_fake_json_member (out, &first, "email");
      keika_fake_json_string (out, user->email);
    }
  if (self_view && WANTS ("ratingSystem"))
    {
      keika_fake_json_member (out, &first, "ratingSystem");
      keika_fake_json_string (out, "advanced");
    }
#undef WANTS
  g_string_append_printf (out, "},\"relationships\":{\"libraryEntries\":{\"links\":{"
                          "\"related\":\"%s/users/%" G_GINT64_FORMAT "/library-entries\"}}}}",
                          doc->self->api_url, user->id);
}

static gint
compare_users (gconstpointer a,
               gconstpointer b)
{
  const KitsuUser *x = *(KitsuUser **) a;
  const KitsuUser *y = *(KitsuUser **) b;

  return (x->id > y->id) - (x->id < y->id);
}

static void
serve_users (KeikaFakeKitsu   *self,
             KeikaFakeContext *ctx,
             KitsuUser        *viewer)
{
  static const char * const filters[] = { "self", "slug", "name", "id", NULL };
  g_autoptr(GPtrArray) users = g_ptr_array_new ();
  g_auto(GStrv) self_filter = NULL;
  g_auto(GStrv) slugs = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) ids = NULL;
  KitsuDoc doc;
  GString *out;
  guint offset, limit;
  KitsuUser *user;

  if (!keika_fake_context_is_method (ctx, "GET"))
    {
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_FORBIDDEN, "403", "Forbidden",
                                    "You are not allowed to perform this action.");
      return;
    }
  if (!keika_fake_kitsu_doc_init (&doc, self, ctx, NULL, viewer))
    {
      keika_fake_kitsu_doc_clear (&doc);
      return;
    }

  if (g_str_has_prefix (ctx->path, "/users/"))
    {
      guint64 id = 0;

      if (!g_ascii_string_to_unsigned (ctx->path + 7, 10, 1, G_MAXINT64, &id, NULL) ||
          (user = g_hash_table_lookup (self->users_by_id, &id)) == NULL)
        {
          g_autofree char *detail = g_strdup_printf ("The record identified by %s could not be "
                                                     "found.", ctx->path + 7);

          keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "404", "Record not found",
                                        detail);
          keika_fake_kitsu_doc_clear (&doc);
          return;
        }
      out = g_string_new ("{\"data\":");
      write_user (&doc, out, user);
      keika_fake_kitsu_doc_finish (&doc, ctx, out, -1, 0, 0);
      keika_fake_kitsu_reply_document (ctx, SOUP_STATUS_OK, out);
      keika_fake_kitsu_doc_clear (&doc);
      return;
    }

  if (!keika_fake_kitsu_check_filters (ctx, filters) ||
      !keika_fake_kitsu_read_page (ctx, KEIKA_FAKE_KITSU_PAGE_MAX, &offset, &limit))
    {
      keika_fake_kitsu_doc_clear (&doc);
      return;
    }

  self_filter = keika_fake_kitsu_get_filter (ctx, "self");
  slugs = keika_fake_kitsu_get_filter (ctx, "slug");
  names = keika_fake_kitsu_get_filter (ctx, "name");
  ids = keika_fake_kitsu_get_filter (ctx, "id");
  if (self_filter != NULL)
    {
      if (viewer != NULL)
        g_ptr_array_add (users, viewer);
    }
  else
    {
      GHashTableIter iter;

      g_hash_table_iter_init (&iter, self->users);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &user))
        {
          g_autofree char *slug = g_ascii_strdown (user->name, -1);

          if ((slugs != NULL && !g_strv_contains ((const char * const *) slugs, slug)) ||
              (ids != NULL && !keika_fake_kitsu_filter_has_id (ids, user->id)))
            continue;
          if (names != NULL)
            {
              gboolean found = FALSE;

              for (guint i = 0; names[i] != NULL; i++)
                found |= g_ascii_strcasecmp (names[i], user->name) == 0;
              if (!found)
                continue;
            }
          g_ptr_array_add (users, user);
        }
      g_ptr_array_sort (users, compare_users);
    }

  out = g_string_new ("{\"data\":[");
  for (guint i = offset; i < users->len && i < (guint64) offset + limit; i++)
    {
      if (i > offset)
        g_string_append_c (out, ',');
      write_user (&doc, out, g_ptr_array_index (users, i));
    }
  g_string_append_c (out, ']');
  keika_fake_kitsu_doc_finish (&doc, ctx, out, users->len, offset, limit);
  keika_fake_kitsu_reply_document (ctx, SOUP_STATUS_OK, out);
  keika_fake_kitsu_doc_clear (&doc);
}

/* The API */

/* The user of the request's token, NULL without one. FALSE when the token is
 * unknown or expired: the 401 is answered. */
static gboolean
authenticate (KeikaFakeKitsu    *self,
              KeikaFakeContext  *ctx,
              KitsuUser        **viewer)
{
  g_autofree char *bearer = keika_fake_context_get_bearer (ctx);
  KitsuToken *token;

  *viewer = NULL;
  if (bearer == NULL)
    return TRUE;

  token = g_hash_table_lookup (self->access_tokens, bearer);
  if (token != NULL && ctx->expire_token)
    token->expires = 0;
  if (!token_is_valid (token))
    {
      /* The server's validate_token!: a bare challenge, no error=. */
      keika_fake_reply_header (ctx, "WWW-Authenticate", "Bearer");
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_UNAUTHORIZED, "401", "Invalid token", NULL);
      return FALSE;
    }

  *viewer = g_hash_table_lookup (self->users, token->user);
  g_assert (*viewer != NULL);

  return TRUE;
}

/* jsonapi-resources: the media type without parameters, in Content-Type of
 * a write and in Accept when there is one. */
static gboolean
negotiate (KeikaFakeContext *ctx)
{
  const char *accept = keika_fake_context_get_header (ctx, "Accept");
  const char *type;

  if (accept != NULL && *accept != '\0' && strstr (accept, KEIKA_FAKE_KITSU_JSONAPI) == NULL &&
      strstr (accept, "*/*") == NULL)
    {
      g_autofree char *detail = g_strdup_printf ("All requests must use the '%s' Accept without "
                                                 "media type parameters. This request specified "
                                                 "'%s'.", KEIKA_FAKE_KITSU_JSONAPI, accept);

      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_NOT_ACCEPTABLE, "406", "Not acceptable",
                                    detail);
      return FALSE;
    }

  if (!keika_fake_context_is_method (ctx, "POST") && !keika_fake_context_is_method (ctx, "PATCH"))
    return TRUE;

  type = soup_message_headers_get_content_type (ctx->request->headers, NULL);
  if (type == NULL || g_ascii_strcasecmp (type, KEIKA_FAKE_KITSU_JSONAPI) != 0)
    {
      g_autofree char *detail = g_strdup_printf ("All requests that create or update must use "
                                                 "the '%s' Content-Type. This request specified "
                                                 "'%s'.", KEIKA_FAKE_KITSU_JSONAPI,
                                                 type != NULL ? type : "");

      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "415",
                                    "Unsupported media type", detail);
      return FALSE;
    }

  return TRUE;
}

/* Only include, fields[…], filter[…], page[…] and sort. */
static gboolean
check_params (KeikaFakeContext *ctx)
{
  GHashTableIter iter;
  const char *name;

  g_hash_table_iter_init (&iter, ctx->request->query_fields);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    {
      g_autofree char *detail = NULL;

      if (g_str_equal (name, "include") || g_str_equal (name, "sort") ||
          g_str_has_prefix (name, "fields[") || g_str_has_prefix (name, "filter[") ||
          g_str_equal (name, "page[limit]") || g_str_equal (name, "page[offset]"))
        continue;
      detail = g_strdup_printf ("%s is not allowed.", name);
      keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "105", "Param not allowed",
                                    detail);
      return FALSE;
    }

  return TRUE;
}

static void
api_cb (gpointer          site,
        KeikaFakeContext *ctx)
{
  KeikaFakeKitsu *self = site;
  KitsuUser *viewer = NULL;
  const char *path = ctx->path;

  if (!authenticate (self, ctx, &viewer) || !negotiate (ctx) || !check_params (ctx))
    return;

  if (g_str_equal (path, "/users") || g_str_has_prefix (path, "/users/"))
    serve_users (self, ctx, viewer);
  else if (g_str_equal (path, "/library-entries") || g_str_has_prefix (path, "/library-entries/"))
    keika_fake_kitsu_serve_library (self, ctx, viewer);
  else if (g_str_equal (path, "/anime") || g_str_has_prefix (path, "/anime/"))
    keika_fake_kitsu_serve_anime (self, ctx, viewer);
  else if (g_str_equal (path, "/mappings"))
    keika_fake_kitsu_serve_mappings (self, ctx, viewer);
  else
    keika_fake_kitsu_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "404", "Route not found", NULL);
}

/* GObject */

static void
keika_fake_kitsu_finalize (GObject *object)
{
  KeikaFakeKitsu *self = KEIKA_FAKE_KITSU (object);

  g_clear_pointer (&self->entries_by_id, g_hash_table_unref);
  g_clear_pointer (&self->users_by_id, g_hash_table_unref);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->anime, g_hash_table_unref);
  g_clear_pointer (&self->access_tokens, g_hash_table_unref);
  g_clear_pointer (&self->refresh_tokens, g_hash_table_unref);
  g_clear_pointer (&self->secrets, g_ptr_array_unref);

  G_OBJECT_CLASS (keika_fake_kitsu_parent_class)->finalize (object);
}

static void
keika_fake_kitsu_class_init (KeikaFakeKitsuClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = keika_fake_kitsu_finalize;
}

static void
keika_fake_kitsu_init (KeikaFakeKitsu *self)
{
  self->anime = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) keika_fake_kitsu_anime_free);
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) keika_fake_kitsu_user_free);
  self->users_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->entries_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) token_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) token_free);
  self->secrets = g_ptr_array_new_with_free_func (g_free);
  self->token_lifetime = TOKEN_LIFETIME_S;
  self->login_limit = LOGIN_LIMIT;
  self->last_entry_id = 70000000;
  self->last_user_id = 410000;
}

KeikaFakeKitsu *
keika_fake_kitsu_new (KeikaFakeSites *sites)
{
  /* An anime only Kitsu has: no mapping to any other site. */
  static const char * const abbreviated[] = { "Kitsu Ongaeshi", NULL };
  const KeikaFakeKitsuAnime only_here = {
    .id = 99001, .canonical_title = "Kitsune no Ongaeshi", .title_en = "The Fox Returns a Favour",
    .title_ja_jp = "狐の恩返し", .abbreviated_titles = abbreviated, .subtype = "ONA",
    .episode_count = 6, .status = "finished", .start_date = "2022-10-07",
  };
  KeikaFakeKitsu *self = g_object_new (KEIKA_TYPE_FAKE_KITSU, NULL);

  self->sites = sites;
  keika_fake_sites_add_endpoint (sites, "kitsu", "kitsu-api", "/kitsu/api/edge",
                                 "KEIKA_KITSU_API_URL", api_cb, self);
  keika_fake_sites_add_endpoint (sites, "kitsu", "kitsu-auth", "/kitsu/api/oauth",
                                 "KEIKA_KITSU_AUTH_URL", auth_cb, self);
  keika_fake_sites_add_endpoint (sites, "kitsu", "kitsu-media", "/kitsu/media", NULL,
                                 media_cb, self);
  keika_fake_sites_set_error_replier (sites, "kitsu", reply_core_error, self);
  self->api_url = keika_fake_sites_get_url (sites, "kitsu-api");
  self->media_url = keika_fake_sites_get_url (sites, "kitsu-media");

  keika_fake_kitsu_add_anime (self, &only_here);

  return self;
}

/* Public: users and tokens */

/**
 * keika_fake_kitsu_add_user:
 * @name: the user's name, and (lower-cased) slug
 * @email: (nullable): NULL: NAME@example.com, lower-cased
 * @password: (nullable): NULL: KEIKA_FAKE_KITSU_PASSWORD
 *
 * Returns: the user's id (an existing user's, unchanged)
 */
gint64
keika_fake_kitsu_add_user (KeikaFakeKitsu *self,
                           const char     *name,
                           const char     *email,
                           const char     *password)
{
  g_autofree char *key = NULL;
  g_autofree char *default_email = NULL;
  KitsuUser *user;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), 0);
  g_return_val_if_fail (name != NULL && *name != '\0', 0);

  key = keika_fake_kitsu_user_key (name);
  if ((user = g_hash_table_lookup (self->users, key)) != NULL)
    return user->id;

  default_email = g_strdup_printf ("%s@example.com", key);
  user = keika_fake_kitsu_user_new (++self->last_user_id, name,
                                    email != NULL ? email : default_email,
                                    password != NULL ? password : KEIKA_FAKE_KITSU_PASSWORD);
  keika_fake_kitsu_remember_secret (self, user->password);
  g_hash_table_insert (self->users, g_steal_pointer (&key), user);
  g_hash_table_insert (self->users_by_id, &user->id, user);

  return user->id;
}

/* Returns: the user's id, or 0 when there is no such user. */
gint64
keika_fake_kitsu_get_user_id (KeikaFakeKitsu *self,
                              const char     *name)
{
  g_autofree char *key = NULL;
  KitsuUser *user;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), 0);

  key = keika_fake_kitsu_user_key (name);
  user = g_hash_table_lookup (self->users, key);

  return user != NULL ? user->id : 0;
}

/* Seconds an access token lasts from now on (default 30 days). */
void
keika_fake_kitsu_set_token_lifetime (KeikaFakeKitsu *self,
                                     guint           seconds)
{
  g_return_if_fail (KEIKA_IS_FAKE_KITSU (self));

  self->token_lifetime = seconds;
}

/* Password grants a minute before 429 (default 15); 0: no limit. */
void
keika_fake_kitsu_set_login_limit (KeikaFakeKitsu *self,
                                  guint           per_minute)
{
  g_return_if_fail (KEIKA_IS_FAKE_KITSU (self));

  self->login_limit = per_minute;
  self->logins = 0;
}

/**
 * keika_fake_kitsu_issue_tokens:
 * @user: an existing user
 * @access_token: (out) (transfer full)
 * @refresh_token: (out) (transfer full) (optional)
 *
 * Tokens as a password grant gives them, without one.
 */
void
keika_fake_kitsu_issue_tokens (KeikaFakeKitsu  *self,
                               const char      *user,
                               char           **access_token,
                               char           **refresh_token)
{
  g_autofree char *key = NULL;
  g_autofree char *refresh = NULL;

  g_return_if_fail (KEIKA_IS_FAKE_KITSU (self));
  g_return_if_fail (access_token != NULL);

  key = keika_fake_kitsu_user_key (user);
  g_return_if_fail (g_hash_table_contains (self->users, key));

  issue_tokens (self, key, access_token, &refresh);
  if (refresh_token != NULL)
    *refresh_token = g_steal_pointer (&refresh);
}

static void
expire_all (GHashTable *tokens)
{
  GHashTableIter iter;
  KitsuToken *token;

  g_hash_table_iter_init (&iter, tokens);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &token))
    token->expires = 0;
}

/* Every access token issued so far is expired: the next use gets 401. */
void
keika_fake_kitsu_expire_access_tokens (KeikaFakeKitsu *self)
{
  g_return_if_fail (KEIKA_IS_FAKE_KITSU (self));

  expire_all (self->access_tokens);
}

/* Every refresh token issued so far is refused (400 invalid_grant). */
void
keika_fake_kitsu_revoke_refresh_tokens (KeikaFakeKitsu *self)
{
  g_return_if_fail (KEIKA_IS_FAKE_KITSU (self));

  expire_all (self->refresh_tokens);
}

guint
keika_fake_kitsu_count_valid_access_tokens (KeikaFakeKitsu *self)
{
  GHashTableIter iter;
  KitsuToken *token;
  guint n = 0;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), 0);

  g_hash_table_iter_init (&iter, self->access_tokens);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &token))
    n += token_is_valid (token);

  return n;
}

/**
 * keika_fake_kitsu_dup_secrets:
 *
 * Returns: (transfer full): every token issued or received and every
 *   password of a user or received, to look for in logs and on disk
 */
char **
keika_fake_kitsu_dup_secrets (KeikaFakeKitsu *self)
{
  GStrvBuilder *builder;
  char **secrets;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->secrets->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->secrets, i));
  secrets = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return secrets;
}
