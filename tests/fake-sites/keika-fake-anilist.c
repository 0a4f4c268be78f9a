/* keika-fake-anilist.c: the fake AniList's HTTP side, OAuth and tokens
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-anilist-private.h"

#define TOKEN_LIFETIME_S      31536000  /* a year */
#define PIN_URI               "https://anilist.co/api/v2/oauth/pin"
#define RATE_LIMIT            30
#define RATE_WINDOW_S         60

G_DEFINE_FINAL_TYPE (KeikaFakeAnilist, keika_fake_anilist, G_TYPE_OBJECT)

/* A 2×3 blue PNG, the cover of every media. */
static const guint8 cover_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
  0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
  0x08, 0x02, 0x00, 0x00, 0x00, 0x36, 0x88, 0x49, 0xd6, 0x00, 0x00, 0x00,
  0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xb0, 0xdd, 0xf2, 0x09,
  0x88, 0x18, 0x50, 0x28, 0x00, 0x72, 0xb4, 0x0b, 0x53, 0x11, 0x5d, 0xcd,
  0x7f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

/* Answers */

static void
append_error (GString    *out,
              const char *message,
              guint       status)
{
  g_string_append (out, "{\"message\":");
  keika_fake_json_string (out, message);
  g_string_append_printf (out, ",\"status\":%u}", status);
}

/* {"errors":[{"message":…,"status":…}],"data":null} with that status. */
void
keika_fake_anilist_reply_error (KeikaFakeContext *ctx,
                                guint             status,
                                const char       *message)
{
  GString *out = g_string_new ("{\"errors\":[");

  append_error (out, message, status);
  g_string_append (out, "],\"data\":null}");
  keika_fake_reply_json (ctx, status, out);
}

/* The answers the core makes for the API (429, faults), as AniList words them. */
static void
reply_core_error (gpointer          site,
                  KeikaFakeContext *ctx,
                  guint             status,
                  const char       *error,
                  const char       *message)
{
  GString *out;

  if (g_strcmp0 (ctx->endpoint, "anilist-api") != 0)
    {
      keika_fake_reply_html (ctx, status, soup_status_get_phrase (status), message);
      return;
    }

  out = g_string_new ("{\"data\":null,\"errors\":[");
  append_error (out,
                status == 429 ? "Too Many Requests."
                : status == SOUP_STATUS_FORBIDDEN ? "Forbidden."
                : soup_status_get_phrase (status),
                status);
  g_string_append (out, "]}");
  keika_fake_reply_json (ctx, status, out);
}

/* Tokens */

static void
remember_secret (KeikaFakeAnilist *self,
                 const char       *secret)
{
  if (secret != NULL && *secret != '\0')
    g_ptr_array_add (self->secrets, g_strdup (secret));
}

static char *
base64url (const char *data,
           gsize       len)
{
  char *text = g_base64_encode ((const guchar *) data, len);

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  g_strdelimit (text, "=", '\0');

  return text;
}

static void
token_free (AnilistToken *token)
{
  g_free (token->user);
  g_free (token);
}

static gboolean
token_is_valid (const AnilistToken *token)
{
  return token != NULL && g_get_monotonic_time () < token->expires;
}

/* A JWT as AniList issues: RS256 header, the user id as sub, the client id as
 * aud, exp a lifetime after iat; the signature is random bytes. */
static char *
issue_token (KeikaFakeAnilist *self,
             AnilistUser      *user,
             gint64            lifetime)
{
  static const char header[] = "{\"typ\":\"JWT\",\"alg\":\"RS256\"}";
  g_autoptr(GString) payload = g_string_new ("{\"aud\":");
  g_autoptr(GString) jti = g_string_new (NULL);
  g_autofree char *header64 = base64url (header, strlen (header));
  g_autofree char *payload64 = NULL;
  g_autofree char *signature = keika_fake_random_token (64);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  AnilistToken *token;
  char *text;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (jti, "%02x", g_random_int_range (0, 256));

  keika_fake_json_string (payload, self->client_id != NULL ? self->client_id
                                                           : KEIKA_FAKE_ANILIST_CLIENT_ID);
  g_string_append_printf (payload, ",\"jti\":\"%s\",\"iat\":%" G_GINT64_FORMAT
                          ",\"nbf\":%" G_GINT64_FORMAT ",\"exp\":%" G_GINT64_FORMAT
                          ",\"sub\":\"%" G_GINT64_FORMAT "\",\"scopes\":[]}",
                          jti->str, now, now, now + MAX (lifetime, 0), user->id);
  payload64 = base64url (payload->str, payload->len);
  text = g_strconcat (header64, ".", payload64, ".", signature, NULL);

  token = g_new0 (AnilistToken, 1);
  token->user = keika_fake_anilist_user_key (user->name);
  token->expires = g_get_monotonic_time () + MAX (lifetime, 0) * G_USEC_PER_SEC;
  g_hash_table_insert (self->tokens, g_strdup (text), token);
  remember_secret (self, text);

  return text;
}

/* The API */

/* The user of the request's token, or NULL without one. FALSE when the
 * token is unknown or expired: the answer is then set. */
static gboolean
authenticate (KeikaFakeAnilist  *self,
              KeikaFakeContext  *ctx,
              AnilistUser      **viewer)
{
  g_autofree char *bearer = keika_fake_context_get_bearer (ctx);
  AnilistToken *token;

  *viewer = NULL;
  if (bearer == NULL)
    return TRUE;

  token = g_hash_table_lookup (self->tokens, bearer);
  if (token != NULL && ctx->expire_token)
    token->expires = 0;
  if (!token_is_valid (token))
    {
      keika_fake_anilist_reply_error (ctx, SOUP_STATUS_UNAUTHORIZED, "Invalid token");
      return FALSE;
    }

  *viewer = g_hash_table_lookup (self->users, token->user);
  g_assert (*viewer != NULL);

  return TRUE;
}

static gboolean
is_json_request (KeikaFakeContext *ctx)
{
  const char *type = soup_message_headers_get_content_type (ctx->request->headers, NULL);

  return type != NULL && g_ascii_strcasecmp (type, "application/json") == 0;
}

static void
api_cb (gpointer          site,
        KeikaFakeContext *ctx)
{
  KeikaFakeAnilist *self = site;
  g_autoptr(JsonParser) parser = NULL;
  AnilistUser *viewer;
  JsonObject *body;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  const char *query = NULL;
  const char *operation_name = NULL;
  JsonObject *variables = NULL;
  gsize len;
  const char *data;

  if (!g_str_equal (ctx->path, "/"))
    {
      keika_fake_anilist_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "Not Found.");
      return;
    }

  /* AniList sometimes answers errors with 200 (set by the test). */
  if (self->fail_count != 0)
    {
      GString *out = g_string_new ("{\"errors\":[");

      if (self->fail_count > 0)
        self->fail_count--;
      append_error (out, self->fail_message, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      g_string_append (out, "],\"data\":null}");
      keika_fake_reply_json (ctx, SOUP_STATUS_OK, out);
      return;
    }

  if (!keika_fake_context_is_method (ctx, "POST"))
    {
      keika_fake_anilist_reply_error (ctx, SOUP_STATUS_BAD_REQUEST,
                                      "Must provide query string: POST it as JSON.");
      return;
    }

  if (!authenticate (self, ctx, &viewer))
    return;

  if (!is_json_request (ctx))
    {
      keika_fake_anilist_reply_error (ctx, SOUP_STATUS_BAD_REQUEST,
                                      "Must provide query string: the body is not "
                                      "application/json.");
      return;
    }

  data = g_bytes_get_data (ctx->request->body, &len);
  parser = json_parser_new_immutable ();
  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      keika_fake_anilist_reply_error (ctx, SOUP_STATUS_BAD_REQUEST,
                                      "Invalid JSON: the body must be a JSON object.");
      return;
    }

  body = json_node_get_object (json_parser_get_root (parser));
  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &member))
    {
      gboolean is_string = JSON_NODE_HOLDS_VALUE (member)
                           && json_node_get_value_type (member) == G_TYPE_STRING;

      if (g_str_equal (name, "query") && is_string)
        query = json_node_get_string (member);
      else if (g_str_equal (name, "operationName") && (is_string || JSON_NODE_HOLDS_NULL (member)))
        operation_name = is_string ? json_node_get_string (member) : NULL;
      else if (g_str_equal (name, "variables") && JSON_NODE_HOLDS_OBJECT (member))
        variables = json_node_get_object (member);
      else if (g_str_equal (name, "variables") && JSON_NODE_HOLDS_NULL (member))
        variables = NULL;
      else if (g_str_equal (name, "variables"))
        {
          keika_fake_anilist_reply_error (ctx, SOUP_STATUS_BAD_REQUEST,
                                          "Variables must be a JSON object.");
          return;
        }
      else
        keika_fake_context_ignore_field (ctx, name);
    }

  if (query == NULL || *query == '\0')
    {
      keika_fake_anilist_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "Must provide query string.");
      return;
    }

  keika_fake_anilist_execute (self, ctx, viewer, query, variables, operation_name);
}

/* OAuth: the implicit grant */

static void
append_fragment (GString    *url,
                 const char *name,
                 const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;

  escaped = g_uri_escape_string (value, NULL, FALSE);
  if (url->str[url->len - 1] != '#')
    g_string_append_c (url, '&');
  g_string_append_printf (url, "%s=%s", name, escaped);
}

/* http://127.0.0.1:PORT/callback (or localhost), what Keika registers. */
static gboolean
is_loopback_callback (const char *uri_text)
{
  g_autoptr(GUri) uri = g_uri_parse (uri_text, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
      || g_uri_get_fragment (uri) != NULL)
    return FALSE;

  host = g_uri_get_host (uri);

  return (g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0)
         && g_strcmp0 (g_uri_get_path (uri), "/callback") == 0;
}

static AnilistUser *
browser_user (KeikaFakeAnilist *self)
{
  GHashTableIter iter;
  AnilistUser *user = NULL;
  AnilistUser *u;

  if (self->browser_user != NULL)
    return keika_fake_anilist_ensure_user (self, self->browser_user);

  /* The first user added, else a new one. */
  g_hash_table_iter_init (&iter, self->users);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &u))
    if (user == NULL || u->id < user->id)
      user = u;

  return user != NULL ? user
                      : keika_fake_anilist_ensure_user (self, KEIKA_FAKE_ANILIST_DEFAULT_USER);
}

static void
handle_authorize (KeikaFakeAnilist *self,
                  KeikaFakeContext *ctx)
{
  const char *client_id = keika_fake_context_get_query (ctx, "client_id");
  const char *redirect_uri = keika_fake_context_get_query (ctx, "redirect_uri");
  const char *response_type = keika_fake_context_get_query (ctx, "response_type");
  const char *state = keika_fake_context_get_query (ctx, "state");
  g_autofree char *pin_uri = g_strconcat (keika_fake_sites_get_url (self->sites, "anilist-auth"),
                                          "/pin", NULL);
  g_autoptr(GString) url = NULL;
  g_autofree char *lifetime = g_strdup_printf ("%u", self->token_lifetime);
  const char *target;
  g_autofree char *token = NULL;
  g_autofree char *other_state = NULL;

  if (!keika_fake_context_is_method (ctx, "GET"))
    {
      keika_fake_reply_html (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED, "Error", "Method not allowed.");
      return;
    }

  if (client_id == NULL || *client_id == '\0'
      || (self->client_id != NULL && !g_str_equal (client_id, self->client_id)))
    {
      keika_fake_reply_html (ctx, SOUP_STATUS_BAD_REQUEST, "Error",
                             "invalid_client: Client authentication failed.");
      return;
    }

  if (redirect_uri == NULL
      || (self->redirect_uri != NULL && !g_str_equal (redirect_uri, self->redirect_uri))
      || (self->redirect_uri == NULL && !is_loopback_callback (redirect_uri)
          && !g_str_equal (redirect_uri, pin_uri) && !g_str_equal (redirect_uri, PIN_URI)))
    {
      keika_fake_reply_html (ctx, SOUP_STATUS_BAD_REQUEST, "Error",
                             "invalid_client: the redirect URI does not match the client's.");
      return;
    }

  if (g_strcmp0 (response_type, "token") != 0)
    {
      keika_fake_reply_html (ctx, SOUP_STATUS_BAD_REQUEST, "Error",
                             "unsupported_response_type: this client may only use the "
                             "implicit grant (response_type=token).");
      return;
    }

  /* AniList's pin page is played by the fake's: nothing leaves the machine. */
  target = g_str_equal (redirect_uri, PIN_URI) ? pin_uri : redirect_uri;
  url = g_string_new (target);
  g_string_append_c (url, '#');
  switch (self->authorize_answer)
    {
    case KEIKA_FAKE_ANILIST_AUTHORIZE_DENY:
      append_fragment (url, "error", "access_denied");
      append_fragment (url, "error_description",
                       "The resource owner or authorization server denied the request.");
      append_fragment (url, "state", state);
      break;

    case KEIKA_FAKE_ANILIST_AUTHORIZE_NO_TOKEN:
      append_fragment (url, "token_type", "Bearer");
      append_fragment (url, "expires_in", lifetime);
      append_fragment (url, "state", state);
      break;

    case KEIKA_FAKE_ANILIST_AUTHORIZE_APPROVE:
    case KEIKA_FAKE_ANILIST_AUTHORIZE_WRONG_STATE:
    case KEIKA_FAKE_ANILIST_AUTHORIZE_NO_STATE:
      token = issue_token (self, browser_user (self), self->token_lifetime);
      append_fragment (url, "access_token", token);
      append_fragment (url, "token_type", "Bearer");
      append_fragment (url, "expires_in", lifetime);
      if (self->authorize_answer == KEIKA_FAKE_ANILIST_AUTHORIZE_WRONG_STATE)
        {
          other_state = keika_fake_random_token (16);
          append_fragment (url, "state", other_state);
        }
      else if (self->authorize_answer == KEIKA_FAKE_ANILIST_AUTHORIZE_APPROVE)
        append_fragment (url, "state", state);
      break;

    default:
      g_assert_not_reached ();
    }

  keika_fake_reply_redirect (ctx, url->str);
}

/* The page of the pin flow: it shows the token of the fragment to copy. */
static void
handle_pin (KeikaFakeContext *ctx)
{
  static const char page[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>Authorization Pin</title>\n</head>\n<body>\n<h1>Authorization Pin</h1>\n"
    "<p>Copy this token and paste it into the application.</p>\n"
    "<textarea id=\"token\" readonly rows=\"8\" cols=\"80\"></textarea>\n"
    "<script>\nvar p = new URLSearchParams (location.hash.substring (1));\n"
    "document.getElementById ('token').value =\n"
    "  p.get ('access_token') || p.get ('error_description') || '';\n</script>\n"
    "</body>\n</html>\n";
  g_autoptr(GBytes) body = g_bytes_new_static (page, sizeof page - 1);

  keika_fake_reply (ctx, SOUP_STATUS_OK, "text/html; charset=UTF-8", body);
}

static void
auth_cb (gpointer          site,
         KeikaFakeContext *ctx)
{
  KeikaFakeAnilist *self = site;

  if (g_str_equal (ctx->path, "/authorize"))
    handle_authorize (self, ctx);
  else if (g_str_equal (ctx->path, "/pin"))
    handle_pin (ctx);
  else
    keika_fake_reply_html (ctx, SOUP_STATUS_NOT_FOUND, "404 Not Found",
                           "This page does not exist.");
}

static void
cdn_cb (gpointer          site,
        KeikaFakeContext *ctx)
{
  g_autoptr(GBytes) body = NULL;

  if (!g_str_has_prefix (ctx->path, "/media/") || !g_str_has_suffix (ctx->path, ".png"))
    {
      keika_fake_reply_html (ctx, SOUP_STATUS_NOT_FOUND, "404 Not Found", "Not found.");
      return;
    }

  body = g_bytes_new_static (cover_png, sizeof cover_png);
  keika_fake_reply (ctx, SOUP_STATUS_OK, "image/png", body);
}

/* GObject */

static void
keika_fake_anilist_finalize (GObject *object)
{
  KeikaFakeAnilist *self = (KeikaFakeAnilist *)object;

  /* Users own the entries the id index points to. */
  g_clear_pointer (&self->entries_by_id, g_hash_table_unref);
  g_clear_pointer (&self->users_by_id, g_hash_table_unref);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->media_by_mal, g_hash_table_unref);
  g_clear_pointer (&self->media, g_hash_table_unref);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->secrets, g_ptr_array_unref);
  g_free (self->client_id);
  g_free (self->redirect_uri);
  g_free (self->browser_user);
  g_free (self->fail_message);

  G_OBJECT_CLASS (keika_fake_anilist_parent_class)->finalize (object);
}

static void
keika_fake_anilist_class_init (KeikaFakeAnilistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keika_fake_anilist_finalize;
}

static void
keika_fake_anilist_init (KeikaFakeAnilist *self)
{
  self->media = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) keika_fake_anilist_media_free);
  self->media_by_mal = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) keika_fake_anilist_user_free);
  self->users_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->entries_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) token_free);
  self->secrets = g_ptr_array_new_with_free_func (g_free);
  self->client_id = g_strdup (KEIKA_FAKE_ANILIST_CLIENT_ID);
  self->token_lifetime = TOKEN_LIFETIME_S;
}

KeikaFakeAnilist *
keika_fake_anilist_new (KeikaFakeSites *sites)
{
  KeikaFakeAnilist *self = g_object_new (KEIKA_TYPE_FAKE_ANILIST, NULL);

  self->sites = sites;
  keika_fake_sites_add_endpoint (sites, "anilist", "anilist-api", "/anilist/graphql",
                                 "KEIKA_ANILIST_API_URL", api_cb, self);
  keika_fake_sites_add_endpoint (sites, "anilist", "anilist-auth", "/anilist/oauth",
                                 "KEIKA_ANILIST_AUTH_URL", auth_cb, self);
  keika_fake_sites_add_endpoint (sites, "anilist", "anilist-cdn", "/anilist/cdn", NULL,
                                 cdn_cb, self);
  keika_fake_sites_exempt_from_rate_limit (sites, "anilist-auth");
  keika_fake_sites_exempt_from_rate_limit (sites, "anilist-cdn");
  keika_fake_sites_set_error_replier (sites, "anilist", reply_core_error, self);
  keika_fake_sites_set_rate_limit (sites, "anilist", RATE_LIMIT, RATE_WINDOW_S);
  self->cdn_url = keika_fake_sites_get_url (sites, "anilist-cdn");

  return self;
}

/* Public: OAuth and tokens */

/* The client id the fake accepts; NULL accepts any non-empty one. */
void
keika_fake_anilist_set_client_id (KeikaFakeAnilist *self,
                                  const char       *client_id)
{
  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));

  g_free (self->client_id);
  self->client_id = g_strdup (client_id);
}

const char *
keika_fake_anilist_get_client_id (KeikaFakeAnilist *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), NULL);

  return self->client_id;
}

/* The redirect URI registered for the client; NULL (the default) accepts
 * http://127.0.0.1:PORT/callback (or localhost) on any port, AniList's pin
 * page https://anilist.co/api/v2/oauth/pin and the fake's own, {auth}/pin.
 * A redirect to AniList's pin page goes to the fake's instead. */
void
keika_fake_anilist_set_redirect_uri (KeikaFakeAnilist *self,
                                     const char       *redirect_uri)
{
  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));

  g_free (self->redirect_uri);
  self->redirect_uri = g_strdup (redirect_uri);
}

/* The user signed in to the "browser" at authorize; by default the first user
 * added, or a new "KeikaTester". */
void
keika_fake_anilist_set_browser_user (KeikaFakeAnilist *self,
                                     const char       *user)
{
  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));

  g_free (self->browser_user);
  self->browser_user = g_strdup (user);
}

void
keika_fake_anilist_set_authorize_answer (KeikaFakeAnilist          *self,
                                         KeikaFakeAnilistAuthorize  answer)
{
  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));

  self->authorize_answer = answer;
}

/* The lifetime of the tokens authorize issues from now on; 0 makes them
 * expire at once. Default: a year. */
void
keika_fake_anilist_set_token_lifetime (KeikaFakeAnilist *self,
                                       guint             seconds)
{
  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));

  self->token_lifetime = seconds;
}

/**
 * keika_fake_anilist_issue_token:
 * @user: a user name; the user is created if needed
 * @lifetime_seconds: how long the token lasts; 0 or less: it has expired
 *
 * Signs @user in without the OAuth dance (a token to paste, as the pin flow gives).
 *
 * Returns: (transfer full): the token
 */
char *
keika_fake_anilist_issue_token (KeikaFakeAnilist *self,
                                const char       *user,
                                gint64            lifetime_seconds)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  return issue_token (self, keika_fake_anilist_ensure_user (self, user), lifetime_seconds);
}

void
keika_fake_anilist_expire_tokens (KeikaFakeAnilist *self)
{
  GHashTableIter iter;
  AnilistToken *token;

  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));

  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &token))
    token->expires = 0;
}

guint
keika_fake_anilist_count_valid_tokens (KeikaFakeAnilist *self)
{
  GHashTableIter iter;
  AnilistToken *token;
  guint n = 0;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), 0);

  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &token))
    if (token_is_valid (token))
      n++;

  return n;
}

/**
 * keika_fake_anilist_dup_secrets:
 *
 * Every token the fake issued, for tests that check no secret leaks into
 * logs or files.
 *
 * Returns: (transfer full): a NULL-terminated array
 */
char **
keika_fake_anilist_dup_secrets (KeikaFakeAnilist *self)
{
  GPtrArray *secrets;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), NULL);

  secrets = g_ptr_array_new ();
  for (guint i = 0; i < self->secrets->len; i++)
    g_ptr_array_add (secrets, g_strdup (g_ptr_array_index (self->secrets, i)));
  g_ptr_array_add (secrets, NULL);

  return (char **) g_ptr_array_free (secrets, FALSE);
}

/**
 * keika_fake_anilist_fail_next_with_200:
 * @message: the message of the error
 * @count: how many answers, or %KEIKA_FAKE_FOREVER; 0 stops
 *
 * The next @count requests to the API are answered HTTP 200 with
 * `{"errors":[{"message":…,"status":500}],"data":null}` and have no effect,
 * as AniList sometimes answers.
 */
void
keika_fake_anilist_fail_next_with_200 (KeikaFakeAnilist *self,
                                       const char       *message,
                                       int               count)
{
  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));
  g_return_if_fail (message != NULL || count == 0);

  g_free (self->fail_message);
  self->fail_message = g_strdup (message);
  self->fail_count = count < 0 ? -1 : count;
}
