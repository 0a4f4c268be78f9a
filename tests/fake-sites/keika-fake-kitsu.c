/* keika-fake-kitsu.c: the fake Kitsu: the object, its endpoints, the API's
 * content negotiation and routes, the users
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
    keika_fake_kitsu_reply_throttled (ctx);
  else if (g_strcmp0 (ctx->endpoint, "kitsu-api") == 0)
    keika_fake_kitsu_reply_error (ctx, status, code, soup_status_get_phrase (status), message);
  else if (g_strcmp0 (ctx->endpoint, "kitsu-auth") == 0)
    keika_fake_kitsu_reply_oauth_error (ctx, status, error, message);
  else
    keika_fake_reply_html (ctx, status, soup_status_get_phrase (status), message);
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
      keika_fake_kitsu_reply_forbidden (ctx);
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
          keika_fake_kitsu_reply_not_found (ctx, ctx->path + 7);
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

  if (!keika_fake_kitsu_authenticate (self, ctx, &viewer) || !negotiate (ctx) || !check_params (ctx))
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
                                               (GDestroyNotify) keika_fake_kitsu_token_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) keika_fake_kitsu_token_free);
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
                                 "KEIKA_KITSU_AUTH_URL",
                                 keika_fake_kitsu_serve_auth, self);
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
