/* keika-fake-kitsu-oauth.c: the fake Kitsu's OAuth (Doorkeeper): the
 * password grant and its throttle, the refresh grant, the tokens and how the
 * API checks them
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-kitsu-private.h"

#define LOGIN_WINDOW_S    60
#define INVALID_GRANT \
  "The provided authorization grant is invalid, expired, revoked, does not match the " \
  "redirection URI used in the authorization request, or was issued to another client."

void
keika_fake_kitsu_reply_oauth_error (KeikaFakeContext *ctx,
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
void
keika_fake_kitsu_reply_throttled (KeikaFakeContext *ctx)
{
  static const char text[] = "Retry later\n";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));

  keika_fake_reply (ctx, 429, "text/plain", body);
}
/* Tokens */

void
keika_fake_kitsu_token_free (KitsuToken *token)
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
      keika_fake_kitsu_reply_throttled (ctx);
      return;
    }
  if (!keika_fake_context_is_form (ctx) || grant_type == NULL)
    {
      keika_fake_kitsu_reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
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
          keika_fake_kitsu_reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_grant", INVALID_GRANT);
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
          keika_fake_kitsu_reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_grant", INVALID_GRANT);
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
      keika_fake_kitsu_reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                         "The authorization grant type is not supported by the authorization "
                         "server.");
    }
}

void
keika_fake_kitsu_serve_auth (gpointer          site,
                             KeikaFakeContext *ctx)
{
  if (g_str_equal (ctx->path, "/token"))
    handle_token (site, ctx);
  else
    keika_fake_reply_html (ctx, SOUP_STATUS_NOT_FOUND, "Not Found",
                           "The page you were looking for doesn't exist.");
}
/* The user of the request's token, NULL without one. FALSE when the token is
 * unknown or expired: the 401 is answered. */
gboolean
keika_fake_kitsu_authenticate (KeikaFakeKitsu    *self,
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
