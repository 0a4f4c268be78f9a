/* keika-fake-anitrack.c: the fake AniTrack's HTTP side, users, tokens and
 * rate limits
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-anitrack-private.h"

#define PER_TOKEN_LIMIT   60
#define SIGN_IN_LIMIT     5
#define WINDOW_S          60
#define DEVICE_NAME_MAX   120

G_DEFINE_FINAL_TYPE (KeikaFakeAnitrack, keika_fake_anitrack, G_TYPE_OBJECT)

/* A fixed window of a rate limit, as Laravel's throttle keeps one per key. */
typedef struct
{
  gint64              end;             /* monotonic µs */
  guint               used;
  gboolean            refused;         /* a 429 was sent in this window */
} Window;

/* Answers */

void
keika_fake_anitrack_reply_error (KeikaFakeContext *ctx,
                                 guint             status,
                                 const char       *message)
{
  GString *out = g_string_new ("{\"message\":");

  keika_fake_json_string (out, message);
  g_string_append_c (out, '}');
  keika_fake_reply_json (ctx, status, out);
}

void
keika_fake_anitrack_reply_invalid (KeikaFakeContext *ctx,
                                   GPtrArray        *errors)
{
  GString *out = g_string_new ("{\"message\":\"The given data was invalid.\",\"errors\":{");
  gboolean first = TRUE;

  for (guint i = 0; i + 1 < errors->len; i += 2)
    {
      keika_fake_json_member (out, &first, g_ptr_array_index (errors, i));
      g_string_append_c (out, '[');
      keika_fake_json_string (out, g_ptr_array_index (errors, i + 1));
      g_string_append_c (out, ']');
    }
  g_string_append (out, "}}");
  keika_fake_reply_json (ctx, 422, out);
}

/* {"data": @json} (consumed). */
void
keika_fake_anitrack_reply_data (KeikaFakeContext *ctx,
                                guint             status,
                                GString          *json)
{
  GString *out = g_string_sized_new (json->len + 16);

  g_string_append (out, "{\"data\":");
  g_string_append_len (out, json->str, json->len);
  g_string_append_c (out, '}');
  g_string_free (json, TRUE);
  keika_fake_reply_json (ctx, status, out);
}

void
keika_fake_anitrack_append_time (GString *out,
                                 gint64   unix_time)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (unix_time == 0 || (time = g_date_time_new_from_unix_utc (unix_time)) == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.000000Z");
  g_string_append_printf (out, "\"%s\"", text);
}

/* The core's own answers (429, faults), worded as Laravel words them. */
static void
reply_core_error (gpointer          site,
                  KeikaFakeContext *ctx,
                  guint             status,
                  const char       *error,
                  const char       *message)
{
  keika_fake_anitrack_reply_error (ctx, status,
                                   status == 429 ? "Too Many Attempts."
                                   : status == SOUP_STATUS_FORBIDDEN ? "Forbidden."
                                   : status == SOUP_STATUS_INTERNAL_SERVER_ERROR ? "Server Error"
                                   : soup_status_get_phrase (status));
}

JsonObject *
keika_fake_anitrack_read_body (KeikaFakeContext *ctx,
                               JsonParser       *parser)
{
  gsize len;
  const char *data = g_bytes_get_data (ctx->request->body, &len);
  const char *type = soup_message_headers_get_content_type (ctx->request->headers, NULL);

  /* Laravel reads a missing or non-JSON body as no fields at all. */
  if (len == 0 || g_strcmp0 (type, "application/json") != 0)
    {
      json_parser_load_from_data (parser, "{}", -1, NULL);
      return json_node_get_object (json_parser_get_root (parser));
    }

  if (!json_parser_load_from_data (parser, data, len, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "Malformed JSON body.");
      return NULL;
    }

  return json_node_get_object (json_parser_get_root (parser));
}

/* Rate limits */

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Counts the request against @key; TRUE when it is refused (the 429 is set). */
static gboolean
over_limit (KeikaFakeAnitrack *self,
            KeikaFakeContext  *ctx,
            const char        *key,
            guint              limit)
{
  gint64 now = g_get_monotonic_time ();
  Window *window;
  char text[32];

  if (limit == 0)
    return FALSE;

  window = g_hash_table_lookup (self->windows, key);
  if (window == NULL)
    {
      window = g_new0 (Window, 1);
      g_hash_table_insert (self->windows, g_strdup (key), window);
    }
  if (now >= window->end)
    {
      window->end = now + WINDOW_S * G_USEC_PER_SEC;
      window->used = 0;
      window->refused = FALSE;
    }

  g_snprintf (text, sizeof text, "%u", limit);
  keika_fake_reply_header (ctx, "X-RateLimit-Limit", text);

  if (window->used >= limit)
    {
      gint64 wait = (window->end - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;

      /* Asked again before the Retry-After it was given ran out. */
      if (window->refused)
        ctx->request->too_early = TRUE;
      window->refused = TRUE;
      keika_fake_reply_header (ctx, "X-RateLimit-Remaining", "0");
      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, wait);
      keika_fake_reply_header (ctx, "Retry-After", text);
      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, now_unix () + wait);
      keika_fake_reply_header (ctx, "X-RateLimit-Reset", text);
      keika_fake_anitrack_reply_error (ctx, 429, "Too Many Attempts.");
      return TRUE;
    }

  window->used++;
  g_snprintf (text, sizeof text, "%u", limit - window->used);
  keika_fake_reply_header (ctx, "X-RateLimit-Remaining", text);

  return FALSE;
}

/* Users */

static char *
user_key (const char *name)
{
  return g_utf8_casefold (name, -1);
}

AnitrackUser *
keika_fake_anitrack_find_user (KeikaFakeAnitrack *self,
                               const char        *name)
{
  g_autofree char *key = user_key (name);

  return g_hash_table_lookup (self->users, key);
}

static AnitrackUser *
find_user_by_email (KeikaFakeAnitrack *self,
                    const char        *email)
{
  GHashTableIter iter;
  AnitrackUser *user;

  g_hash_table_iter_init (&iter, self->users);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &user))
    if (g_ascii_strcasecmp (user->email, email) == 0)
      return user;

  return NULL;
}

void
keika_fake_anitrack_remember_secret (KeikaFakeAnitrack *self,
                                     const char        *secret)
{
  if (secret != NULL && *secret != '\0')
    g_ptr_array_add (self->secrets, g_strdup (secret));
}

AnitrackUser *
keika_fake_anitrack_ensure_user (KeikaFakeAnitrack *self,
                                 const char        *name)
{
  AnitrackUser *user = keika_fake_anitrack_find_user (self, name);
  g_autofree char *lower = NULL;

  if (user != NULL)
    return user;

  lower = g_ascii_strdown (name, -1);
  user = g_new0 (AnitrackUser, 1);
  user->id = ++self->last_user_id;
  user->name = g_strdup (name);
  user->email = g_strdup_printf ("%s@example.org", lower);
  g_strdelimit (user->email, " ", '.');
  user->password = g_strdup (KEIKA_FAKE_ANITRACK_PASSWORD);
  user->api_enabled = TRUE;
  user->created_at = 1577836800 + user->id * 86400;
  user->entries = g_ptr_array_new ();
  user->live = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_hash_table_insert (self->users, user_key (name), user);
  keika_fake_anitrack_remember_secret (self, user->password);

  return user;
}

/* Tokens: Sanctum's "ID|TEXT" */

static void
token_free (AnitrackToken *token)
{
  g_free (token->name);
  g_free (token->secret);
  g_free (token);
}

static char *
issue_token (KeikaFakeAnitrack *self,
             AnitrackUser      *user,
             const char        *device_name,
             AnitrackToken    **out)
{
  AnitrackToken *token = g_new0 (AnitrackToken, 1);
  char *text;

  token->id = ++self->last_token_id;
  token->user = user;
  token->name = g_strdup (device_name);
  token->secret = keika_fake_random_token (30);
  token->created_at = now_unix ();
  g_hash_table_insert (self->tokens, g_memdup2 (&token->id, sizeof token->id), token);
  text = g_strdup_printf ("%" G_GINT64_FORMAT "|%s", token->id, token->secret);
  keika_fake_anitrack_remember_secret (self, text);
  if (out != NULL)
    *out = token;

  return text;
}

static AnitrackToken *
find_token (KeikaFakeAnitrack *self,
            const char        *text)
{
  const char *bar = text != NULL ? strchr (text, '|') : NULL;
  g_autofree char *number = NULL;
  AnitrackToken *token;
  gint64 id;

  if (bar == NULL)
    return NULL;
  number = g_strndup (text, bar - text);
  if (!g_ascii_string_to_signed (number, 10, 1, G_MAXINT64, &id, NULL))
    return NULL;
  token = g_hash_table_lookup (self->tokens, &id);

  return token != NULL && g_str_equal (token->secret, bar + 1) ? token : NULL;
}

static void
serve_issue (KeikaFakeAnitrack *self,
             KeikaFakeContext  *ctx)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  const char *fields[] = { "email", "password", "device_name" };
  const char *values[3] = { NULL, NULL, NULL };
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  AnitrackToken *token;
  AnitrackUser *user;
  JsonObject *body;
  GString *out;

  if (!keika_fake_context_is_method (ctx, "POST"))
    {
      keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                       "The method is not supported for route auth/token.");
      return;
    }

  if ((body = keika_fake_anitrack_read_body (ctx, parser)) == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      JsonNode *node = json_object_get_member (body, fields[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_STRING
          && *json_node_get_string (node) != '\0')
        values[i] = json_node_get_string (node);
    }

  /* Every attempt counts, per email and address, before anything else. */
  key = g_strdup_printf ("sign-in:%s|%s", values[0] != NULL ? values[0] : "",
                         soup_server_message_get_remote_host (ctx->msg));
  if (over_limit (self, ctx, key, self->sign_ins))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (values[i] == NULL)
      keika_fake_anitrack_add_error (errors, fields[i],
                                     i == 0 ? "The email field is required."
                                     : i == 1 ? "The password field is required."
                                     : "The device name field is required.");
  if (values[2] != NULL && g_utf8_strlen (values[2], -1) > DEVICE_NAME_MAX)
    keika_fake_anitrack_add_error (errors, "device_name",
                                   "The device name must not be greater than 120 characters.");
  if (errors->len > 0)
    {
      keika_fake_anitrack_reply_invalid (ctx, errors);
      return;
    }

  user = find_user_by_email (self, values[0]);
  if (user == NULL || !g_str_equal (user->password, values[1]))
    {
      keika_fake_anitrack_add_error (errors, "email", "The provided credentials are incorrect.");
      keika_fake_anitrack_reply_invalid (ctx, errors);
      return;
    }
  if (!user->api_enabled)
    {
      keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_FORBIDDEN,
                                       "API access is not enabled for this account.");
      return;
    }

  text = issue_token (self, user, values[2], &token);
  out = g_string_new ("{\"token\":");
  keika_fake_json_string (out, text);
  g_string_append_printf (out, ",\"token_type\":\"Bearer\",\"id\":%" G_GINT64_FORMAT
                          ",\"device_name\":", token->id);
  keika_fake_json_string (out, token->name);
  g_string_append_c (out, '}');
  keika_fake_anitrack_reply_data (ctx, SOUP_STATUS_CREATED, out);
}

static void
serve_tokens (KeikaFakeAnitrack *self,
              KeikaFakeContext  *ctx,
              AnitrackToken     *current)
{
  GString *out = g_string_new ("[");
  gboolean first = TRUE;

  /* Oldest first, as the settings page lists them. */
  for (gint64 id = 1; id <= self->last_token_id; id++)
    {
      AnitrackToken *token = g_hash_table_lookup (self->tokens, &id);

      if (token == NULL || token->user != current->user)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"name\":", token->id);
      keika_fake_json_string (out, token->name);
      g_string_append (out, ",\"created_at\":");
      keika_fake_anitrack_append_time (out, token->created_at);
      g_string_append (out, ",\"last_used_at\":");
      keika_fake_anitrack_append_time (out, token->last_used_at);
      g_string_append_printf (out, ",\"is_current\":%s}",
                              token == current ? "true" : "false");
    }
  g_string_append_c (out, ']');
  keika_fake_anitrack_reply_data (ctx, SOUP_STATUS_OK, out);
}

static void
serve_user (KeikaFakeContext *ctx,
            AnitrackUser     *user)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"name\":", user->id);
  keika_fake_json_string (out, user->name);
  g_string_append (out, ",\"email\":");
  keika_fake_json_string (out, user->email);
  g_string_append (out, ",\"created_at\":");
  keika_fake_anitrack_append_time (out, user->created_at);
  g_string_append_c (out, '}');
  keika_fake_anitrack_reply_data (ctx, SOUP_STATUS_OK, out);
}

static void
api_cb (gpointer          site,
        KeikaFakeContext *ctx)
{
  KeikaFakeAnitrack *self = site;
  g_autofree char *bearer = NULL;
  g_autofree char *key = NULL;
  const char *path = ctx->path;
  AnitrackToken *token;
  gint64 id;

  if (g_str_equal (path, "/auth/token") && !keika_fake_context_is_method (ctx, "DELETE"))
    {
      serve_issue (self, ctx);
      return;
    }

  bearer = keika_fake_context_get_bearer (ctx);
  token = find_token (self, bearer);
  if (token != NULL && ctx->expire_token)
    {
      g_hash_table_remove (self->tokens, &token->id);
      token = NULL;
    }
  if (token == NULL)
    {
      keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_UNAUTHORIZED, "Unauthenticated.");
      return;
    }

  key = g_strdup_printf ("token:%" G_GINT64_FORMAT, token->id);
  if (over_limit (self, ctx, key, self->per_token))
    return;
  token->last_used_at = now_unix ();
  if (!token->user->api_enabled)
    {
      keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_FORBIDDEN,
                                       "API access is not enabled for this account.");
      return;
    }

  if (g_str_equal (path, "/auth/token"))
    {
      g_hash_table_remove (self->tokens, &token->id);
      keika_fake_reply (ctx, SOUP_STATUS_NO_CONTENT, NULL, NULL);
    }
  else if (g_str_equal (path, "/auth/tokens") && keika_fake_context_is_method (ctx, "GET"))
    serve_tokens (self, ctx, token);
  else if (g_str_has_prefix (path, "/auth/tokens/") && keika_fake_context_is_method (ctx, "DELETE"))
    {
      AnitrackToken *other = NULL;

      if (g_ascii_string_to_signed (path + strlen ("/auth/tokens/"), 10, 1, G_MAXINT64, &id, NULL))
        other = g_hash_table_lookup (self->tokens, &id);
      if (other == NULL || other->user != token->user)
        keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "Not Found.");
      else
        {
          g_hash_table_remove (self->tokens, &id);
          keika_fake_reply (ctx, SOUP_STATUS_NO_CONTENT, NULL, NULL);
        }
    }
  else if (g_str_equal (path, "/user") && keika_fake_context_is_method (ctx, "GET"))
    serve_user (ctx, token->user);
  else if (g_str_has_prefix (path, "/anime/"))
    keika_fake_anitrack_serve_anime (self, ctx);
  else if (g_str_equal (path, "/list") || g_str_has_prefix (path, "/list/"))
    keika_fake_anitrack_serve_list (self, ctx, token->user);
  else if (g_str_has_prefix (path, "/auth/") || g_str_equal (path, "/user"))
    keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                     "The method is not supported for this route.");
  else
    keika_fake_anitrack_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "Not Found.");
}

/* GObject */

static void
keika_fake_anitrack_finalize (GObject *object)
{
  KeikaFakeAnitrack *self = (KeikaFakeAnitrack *) object;

  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->entries_by_id, g_hash_table_unref);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->by_anilist, g_hash_table_unref);
  g_clear_pointer (&self->by_slug, g_hash_table_unref);
  g_clear_pointer (&self->anime, g_hash_table_unref);
  g_clear_pointer (&self->windows, g_hash_table_unref);
  g_clear_pointer (&self->secrets, g_ptr_array_unref);

  G_OBJECT_CLASS (keika_fake_anitrack_parent_class)->finalize (object);
}

static void
keika_fake_anitrack_class_init (KeikaFakeAnitrackClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = keika_fake_anitrack_finalize;
}

static void
keika_fake_anitrack_init (KeikaFakeAnitrack *self)
{
  self->anime = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) keika_fake_anitrack_anime_free);
  self->by_anilist = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->by_slug = g_hash_table_new (g_str_hash, g_str_equal);
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) keika_fake_anitrack_user_free);
  self->entries_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->tokens = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) token_free);
  self->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->secrets = g_ptr_array_new_with_free_func (g_free);
  self->per_token = PER_TOKEN_LIMIT;
  self->sign_ins = SIGN_IN_LIMIT;
}

KeikaFakeAnitrack *
keika_fake_anitrack_new (KeikaFakeSites *sites)
{
  KeikaFakeAnitrack *self = g_object_new (KEIKA_TYPE_FAKE_ANITRACK, NULL);

  self->sites = sites;
  keika_fake_sites_add_endpoint (sites, "anitrack", "anitrack-api", "/anitrack/api/v1",
                                 "KEIKA_ANITRACK_API_URL", api_cb, self);
  keika_fake_sites_set_error_replier (sites, "anitrack", reply_core_error, self);

  return self;
}

/* Public: users */

/**
 * keika_fake_anitrack_add_user:
 * @name: the user name
 * @email: (nullable): the email to sign in with; NULL: "NAME@example.org"
 *   (lower case, spaces as dots)
 * @password: (nullable): NULL: %KEIKA_FAKE_ANITRACK_PASSWORD
 *
 * Adds a user (or changes the email and password of one with that name).
 *
 * Returns: the user's id
 */
gint64
keika_fake_anitrack_add_user (KeikaFakeAnitrack *self,
                              const char        *name,
                              const char        *email,
                              const char        *password)
{
  AnitrackUser *user;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  user = keika_fake_anitrack_ensure_user (self, name);
  if (email != NULL)
    {
      g_free (user->email);
      user->email = g_strdup (email);
    }
  if (password != NULL)
    {
      g_free (user->password);
      user->password = g_strdup (password);
      keika_fake_anitrack_remember_secret (self, password);
    }

  return user->id;
}

gint64
keika_fake_anitrack_get_user_id (KeikaFakeAnitrack *self,
                                 const char        *name)
{
  AnitrackUser *user;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);

  user = keika_fake_anitrack_find_user (self, name);

  return user != NULL ? user->id : 0;
}

/* Without API access every request of the user is 403 (seed 001: "feature
 * not enabled for this account"). */
void
keika_fake_anitrack_set_api_enabled (KeikaFakeAnitrack *self,
                                     const char        *user,
                                     gboolean           enabled)
{
  g_return_if_fail (KEIKA_IS_FAKE_ANITRACK (self));

  keika_fake_anitrack_ensure_user (self, user)->api_enabled = enabled;
}

/* Public: tokens and limits */

/**
 * keika_fake_anitrack_issue_token:
 * @user: a user name; the user is created if needed
 * @device_name: (nullable): the token's name
 *
 * A token as the settings page mints it.
 *
 * Returns: (transfer full): the plain text, "ID|TEXT"
 */
char *
keika_fake_anitrack_issue_token (KeikaFakeAnitrack *self,
                                 const char        *user,
                                 const char        *device_name)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  return issue_token (self, keika_fake_anitrack_ensure_user (self, user),
                      device_name != NULL ? device_name : "Settings page", NULL);
}

gboolean
keika_fake_anitrack_token_is_valid (KeikaFakeAnitrack *self,
                                    const char        *token)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), FALSE);

  return find_token (self, token) != NULL;
}

/* The tokens of @user not revoked; NULL: of every user. */
guint
keika_fake_anitrack_count_tokens (KeikaFakeAnitrack *self,
                                  const char        *user)
{
  AnitrackUser *u = NULL;
  GHashTableIter iter;
  AnitrackToken *token;
  guint n = 0;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), 0);

  if (user != NULL && (u = keika_fake_anitrack_find_user (self, user)) == NULL)
    return 0;
  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &token))
    if (u == NULL || token->user == u)
      n++;

  return n;
}

/* Revokes every token of @user (NULL: of everyone), as the settings page can. */
void
keika_fake_anitrack_revoke_tokens (KeikaFakeAnitrack *self,
                                   const char        *user)
{
  AnitrackUser *u = user != NULL ? keika_fake_anitrack_find_user (self, user) : NULL;
  GHashTableIter iter;
  AnitrackToken *token;

  g_return_if_fail (KEIKA_IS_FAKE_ANITRACK (self));

  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &token))
    if (user == NULL || token->user == u)
      g_hash_table_iter_remove (&iter);
}

/* Requests a minute per token (default 60) and POST /auth/token a minute
 * per email and address (default 5); 0 removes a limit. */
void
keika_fake_anitrack_set_rate_limits (KeikaFakeAnitrack *self,
                                     guint              per_token,
                                     guint              sign_ins)
{
  g_return_if_fail (KEIKA_IS_FAKE_ANITRACK (self));

  self->per_token = per_token;
  self->sign_ins = sign_ins;
  g_hash_table_remove_all (self->windows);
}

/**
 * keika_fake_anitrack_dup_secrets:
 *
 * Every token the fake issued and every password it knows, for tests that
 * check no secret leaks into logs or files.
 *
 * Returns: (transfer full): a NULL-terminated array
 */
char **
keika_fake_anitrack_dup_secrets (KeikaFakeAnitrack *self)
{
  GPtrArray *secrets;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANITRACK (self), NULL);

  secrets = g_ptr_array_new ();
  for (guint i = 0; i < self->secrets->len; i++)
    g_ptr_array_add (secrets, g_strdup (g_ptr_array_index (self->secrets, i)));
  g_ptr_array_add (secrets, NULL);

  return (char **) g_ptr_array_free (secrets, FALSE);
}
