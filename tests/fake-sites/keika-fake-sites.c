/* keika-fake-sites.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-sites-private.h"
#include "keika-fake-anilist-private.h"
#include "keika-fake-anitrack-private.h"
#include "keika-fake-kitsu-private.h"
#include "keika-fake-mal-private.h"

typedef struct
{
  char               *site;            /* (owned) */
  char               *name;            /* (owned) */
  char               *prefix;          /* (owned) "/mal/api/v2" */
  char               *env_name;        /* (owned) (nullable) */
  char               *url;             /* (owned) */
  KeikaFakeHandler    handler;
  gpointer            site_object;     /* (unowned) the site lives as long as the core */
  gboolean            unlimited;       /* not under its site's steady rate limit */
} Endpoint;

typedef struct
{
  char               *method;          /* (owned) (nullable) */
  char               *path;            /* (owned) (nullable) NULL matches every path */
  GPatternSpec       *glob;            /* (owned) (nullable) NULL: path is a prefix */
} Pattern;

typedef struct
{
  guint               id;
  char               *site;            /* (owned) (nullable) */
  Pattern            *pattern;         /* (owned) */
  KeikaFakeFault      fault;
  int                 value;
  int                 remaining;       /* < 0: forever */
} Fault;

typedef struct
{
  guint               limit;           /* 0: no steady limit */
  guint               window;          /* seconds */
  gint64              window_start;    /* monotonic µs */
  guint               used;
  gint64              blocked_until;   /* monotonic µs: end of the last Retry-After sent */
  KeikaFakeErrorReplier error_replier; /* (nullable) */
  gpointer            error_site;      /* (unowned) */
} SiteState;

/* A context with what the core needs to finish it later (slow answers). */
typedef struct
{
  KeikaFakeContext    ctx;
  Endpoint           *endpoint;        /* (unowned) (nullable) */
  KeikaFakeFault      fault;
  guint               timeout_id;
  gulong              disconnected_id;
} Context;

struct _KeikaFakeSites
{
  GObject             parent_instance;

  SoupServer         *server;          /* (owned) */
  guint               port;
  char               *base_url;        /* (owned) "http://127.0.0.1:PORT" */
  GPtrArray          *endpoints;       /* (owned) (element-type Endpoint) */
  GHashTable         *site_states;     /* (owned) site name → SiteState */
  GPtrArray          *faults;          /* (owned) (element-type Fault) */
  guint               last_fault_id;
  GPtrArray          *log;             /* (owned) (element-type KeikaFakeRequest) */
  GPtrArray          *pending;         /* (owned) (element-type Context) paused answers */
  gboolean            verbose;
  gboolean            control;         /* serve /_fake (keika-fake-control.c) */

  KeikaFakeMal       *mal;             /* (owned) */
  KeikaFakeAnilist   *anilist;         /* (owned) */
  KeikaFakeAnitrack  *anitrack;        /* (owned) */
  KeikaFakeKitsu     *kitsu;           /* (owned) */
  KeikaFakeCatalog   *catalog;         /* (owned) */
};

G_DEFINE_FINAL_TYPE (KeikaFakeSites, keika_fake_sites, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (KeikaFakeRequest, keika_fake_request,
                     keika_fake_request_ref, keika_fake_request_unref)

static void context_free (Context *c);

/* Requests */

KeikaFakeRequest *
keika_fake_request_ref (KeikaFakeRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  g_atomic_int_inc (&request->ref_count);

  return request;
}

void
keika_fake_request_unref (KeikaFakeRequest *request)
{
  g_return_if_fail (request != NULL);

  if (!g_atomic_int_dec_and_test (&request->ref_count))
    return;

  g_free (request->site);
  g_free (request->endpoint);
  g_free (request->method);
  g_free (request->path);
  g_free (request->site_path);
  g_free (request->query);
  g_clear_pointer (&request->query_fields, g_hash_table_unref);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->form, g_hash_table_unref);
  g_clear_pointer (&request->ignored_fields, g_ptr_array_unref);
  g_free (request);
}

const char *
keika_fake_request_get_query (KeikaFakeRequest *request,
                              const char       *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (request->query_fields, name);
}

const char *
keika_fake_request_get_form (KeikaFakeRequest *request,
                             const char       *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (request->form, name);
}

const char *
keika_fake_request_get_header (KeikaFakeRequest *request,
                               const char       *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return soup_message_headers_get_one (request->headers, name);
}

gboolean
keika_fake_request_has_ignored_field (KeikaFakeRequest *request,
                                      const char       *name)
{
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < request->ignored_fields->len; i++)
    if (g_str_equal (g_ptr_array_index (request->ignored_fields, i), name))
      return TRUE;

  return FALSE;
}

static GHashTable *
decode_form (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return soup_form_decode (text);
}

/* Patterns */

static void
pattern_free (Pattern *pattern)
{
  g_free (pattern->method);
  g_free (pattern->path);
  g_clear_pointer (&pattern->glob, g_pattern_spec_free);
  g_free (pattern);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pattern, pattern_free)

static Pattern *
pattern_new (const char *text)
{
  Pattern *pattern = g_new0 (Pattern, 1);
  const char *space;
  const char *path;

  if (text == NULL)
    return pattern;

  path = text;
  space = strchr (text, ' ');
  if (space != NULL && space > text)
    {
      gboolean is_method = TRUE;

      for (const char *p = text; p < space; p++)
        if (!g_ascii_isupper (*p))
          is_method = FALSE;

      if (is_method)
        {
          pattern->method = g_strndup (text, space - text);
          path = space + 1;
          while (*path == ' ')
            path++;
        }
    }

  if (*path != '\0' && !g_str_equal (path, "*"))
    {
      pattern->path = g_strdup (path);
      if (strpbrk (path, "*?") != NULL)
        pattern->glob = g_pattern_spec_new (path);
    }

  return pattern;
}

static gboolean
path_matches (const Pattern *pattern,
              const char    *path)
{
  gsize len;

  if (path == NULL)
    return FALSE;

  if (pattern->glob != NULL)
    return g_pattern_spec_match_string (pattern->glob, path);

  len = strlen (pattern->path);
  if (strncmp (path, pattern->path, len) != 0)
    return FALSE;

  return path[len] == '\0' || path[len] == '/' || (len > 0 && pattern->path[len - 1] == '/');
}

static gboolean
pattern_matches (const Pattern          *pattern,
                 const KeikaFakeRequest *request)
{
  if (pattern->method != NULL && g_strcmp0 (pattern->method, request->method) != 0)
    return FALSE;

  if (pattern->path == NULL)
    return TRUE;

  return path_matches (pattern, request->site_path) || path_matches (pattern, request->path);
}

static gboolean
site_matches (const char             *site,
              const KeikaFakeRequest *request)
{
  return site == NULL
         || g_strcmp0 (site, request->site) == 0
         || g_strcmp0 (site, request->endpoint) == 0;
}

/* Endpoints */

static void
endpoint_free (Endpoint *endpoint)
{
  g_free (endpoint->site);
  g_free (endpoint->name);
  g_free (endpoint->prefix);
  g_free (endpoint->env_name);
  g_free (endpoint->url);
  g_free (endpoint);
}

static void
fault_free (Fault *fault)
{
  g_free (fault->site);
  pattern_free (fault->pattern);
  g_free (fault);
}

static SiteState *
get_site_state (KeikaFakeSites *self,
                const char     *site)
{
  SiteState *state = g_hash_table_lookup (self->site_states, site);

  if (state == NULL)
    {
      state = g_new0 (SiteState, 1);
      g_hash_table_insert (self->site_states, g_strdup (site), state);
    }

  return state;
}

void
keika_fake_sites_add_endpoint (KeikaFakeSites   *self,
                               const char       *site,
                               const char       *name,
                               const char       *prefix,
                               const char       *env_name,
                               KeikaFakeHandler  handler,
                               gpointer          site_object)
{
  Endpoint *endpoint;

  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));
  g_return_if_fail (site != NULL && name != NULL && prefix != NULL && handler != NULL);
  g_return_if_fail (prefix[0] == '/' && !g_str_has_suffix (prefix, "/"));

  endpoint = g_new0 (Endpoint, 1);
  endpoint->site = g_strdup (site);
  endpoint->name = g_strdup (name);
  endpoint->prefix = g_strdup (prefix);
  endpoint->env_name = g_strdup (env_name);
  endpoint->url = g_strconcat (self->base_url, prefix, NULL);
  endpoint->handler = handler;
  endpoint->site_object = site_object;
  g_ptr_array_add (self->endpoints, endpoint);

  get_site_state (self, site);
}

void
keika_fake_sites_exempt_from_rate_limit (KeikaFakeSites *self,
                                         const char     *endpoint)
{
  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));
  g_return_if_fail (endpoint != NULL);

  for (guint i = 0; i < self->endpoints->len; i++)
    {
      Endpoint *e = g_ptr_array_index (self->endpoints, i);

      if (g_str_equal (e->name, endpoint))
        e->unlimited = TRUE;
    }
}

void
keika_fake_sites_set_error_replier (KeikaFakeSites        *self,
                                    const char            *site,
                                    KeikaFakeErrorReplier  replier,
                                    gpointer               site_object)
{
  SiteState *state;

  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));
  g_return_if_fail (site != NULL);

  state = get_site_state (self, site);
  state->error_replier = replier;
  state->error_site = site_object;
}

static Endpoint *
find_endpoint (KeikaFakeSites *self,
               const char     *path)
{
  Endpoint *best = NULL;

  for (guint i = 0; i < self->endpoints->len; i++)
    {
      Endpoint *endpoint = g_ptr_array_index (self->endpoints, i);
      gsize len = strlen (endpoint->prefix);

      if (strncmp (path, endpoint->prefix, len) == 0
          && (path[len] == '\0' || path[len] == '/')
          && (best == NULL || len > strlen (best->prefix)))
        best = endpoint;
    }

  return best;
}

/* Contexts and replies */

const char *
keika_fake_context_get_query (KeikaFakeContext *ctx,
                              const char       *name)
{
  return g_hash_table_lookup (ctx->request->query_fields, name);
}

const char *
keika_fake_context_get_form (KeikaFakeContext *ctx,
                             const char       *name)
{
  return g_hash_table_lookup (ctx->request->form, name);
}

const char *
keika_fake_context_get_header (KeikaFakeContext *ctx,
                               const char       *name)
{
  return soup_message_headers_get_one (ctx->request->headers, name);
}

gboolean
keika_fake_context_is_method (KeikaFakeContext *ctx,
                              const char       *method)
{
  return g_str_equal (ctx->request->method, method);
}

gboolean
keika_fake_context_is_form (KeikaFakeContext *ctx)
{
  const char *type = soup_message_headers_get_content_type (ctx->request->headers, NULL);

  return g_strcmp0 (type, "application/x-www-form-urlencoded") == 0;
}

/* The bearer token of the request, or NULL. */
char *
keika_fake_context_get_bearer (KeikaFakeContext *ctx)
{
  const char *value = keika_fake_context_get_header (ctx, "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;

  value += 7;
  while (*value == ' ')
    value++;

  return g_strstrip (g_strdup (value));
}

void
keika_fake_context_ignore_field (KeikaFakeContext *ctx,
                                 const char       *name)
{
  g_ptr_array_add (ctx->request->ignored_fields, g_strdup (name));
}

void
keika_fake_reply (KeikaFakeContext *ctx,
                  guint             status,
                  const char       *content_type,
                  GBytes           *body)
{
  ctx->status = status;
  g_free (ctx->content_type);
  ctx->content_type = g_strdup (content_type);
  g_clear_pointer (&ctx->body, g_bytes_unref);
  ctx->body = body != NULL ? g_bytes_ref (body) : NULL;
}

void
keika_fake_reply_json (KeikaFakeContext *ctx,
                       guint             status,
                       GString          *json)
{
  g_autoptr(GBytes) body = g_string_free_to_bytes (json);

  keika_fake_reply (ctx, status, "application/json; charset=UTF-8", body);
}

void
keika_fake_reply_error (KeikaFakeContext *ctx,
                        guint             status,
                        const char       *error,
                        const char       *message)
{
  GString *json = g_string_new ("{\"error\":");

  keika_fake_json_string (json, error);
  g_string_append (json, ",\"message\":");
  keika_fake_json_string (json, message != NULL ? message : "");
  g_string_append_c (json, '}');
  keika_fake_reply_json (ctx, status, json);
}

void
keika_fake_reply_html (KeikaFakeContext *ctx,
                       guint             status,
                       const char       *title,
                       const char       *text)
{
  g_autofree char *title_e = g_markup_escape_text (title, -1);
  g_autofree char *text_e = g_markup_escape_text (text, -1);
  char *html = g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                                "<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n"
                                "<body>\n<h1>%s</h1>\n<p>%s</p>\n</body>\n</html>\n",
                                title_e, title_e, text_e);
  g_autoptr(GBytes) body = g_bytes_new_take (html, strlen (html));

  keika_fake_reply (ctx, status, "text/html; charset=UTF-8", body);
}

void
keika_fake_reply_redirect (KeikaFakeContext *ctx,
                           const char       *location)
{
  keika_fake_reply (ctx, SOUP_STATUS_FOUND, NULL, NULL);
  g_free (ctx->location);
  ctx->location = g_strdup (location);
}

void
keika_fake_reply_header (KeikaFakeContext *ctx,
                         const char       *name,
                         const char       *value)
{
  soup_message_headers_replace (ctx->headers, name, value);
}

/* JSON */

void
keika_fake_json_string (GString    *out,
                        const char *str)
{
  const char *run;
  const char *p;

  if (str == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  run = str;
  for (p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* Appends `"name":`, preceded by a comma unless it is the first member. */
void
keika_fake_json_member (GString    *out,
                        gboolean   *first,
                        const char *name)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

char *
keika_fake_random_token (gsize n_bytes)
{
  g_autofree guchar *bytes = g_malloc (n_bytes);
  char *text;

  for (gsize i = 0; i < n_bytes; i++)
    bytes[i] = g_random_int_range (0, 256);

  text = g_base64_encode (bytes, n_bytes);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  g_strdelimit (text, "=", '\0');

  return text;
}

/* Serving */

static const char *
fault_name (KeikaFakeFault fault)
{
  switch (fault)
    {
    case KEIKA_FAKE_FAULT_NONE: return "none";
    case KEIKA_FAKE_FAULT_RATE_LIMIT: return "429";
    case KEIKA_FAKE_FAULT_DOS_DETECTED: return "403";
    case KEIKA_FAKE_FAULT_SERVER_ERROR: return "5xx";
    case KEIKA_FAKE_FAULT_SLOW: return "slow";
    case KEIKA_FAKE_FAULT_HTML: return "html";
    case KEIKA_FAKE_FAULT_TRUNCATED_JSON: return "truncated";
    case KEIKA_FAKE_FAULT_MALFORMED_JSON: return "malformed";
    case KEIKA_FAKE_FAULT_EXPIRED_TOKEN: return "expired";
    case KEIKA_FAKE_FAULT_CLOSE_CONNECTION: return "close";
    case KEIKA_FAKE_FAULT_HELD: return "held";
    default: return "unknown";
    }
}

const char *
keika_fake_fault_to_string (KeikaFakeFault fault)
{
  return fault_name (fault);
}

static void
copy_header_cb (const char *name,
                const char *value,
                gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

/* An error the core answers itself, in the words of the site. */
static void
reply_site_error (KeikaFakeSites *self,
                  Context        *c,
                  guint           status,
                  const char     *error,
                  const char     *message)
{
  SiteState *state = c->endpoint != NULL ? get_site_state (self, c->endpoint->site) : NULL;

  if (state != NULL && state->error_replier != NULL)
    state->error_replier (state->error_site, &c->ctx, status, error, message);
  else
    keika_fake_reply_error (&c->ctx, status, error, message);
}

static void
spoil_body (Context *c)
{
  KeikaFakeContext *ctx = &c->ctx;
  gsize len;
  const char *data;

  if (ctx->body == NULL)
    ctx->body = g_bytes_new_static ("", 0);
  data = g_bytes_get_data (ctx->body, &len);

  if (c->fault == KEIKA_FAKE_FAULT_TRUNCATED_JSON)
    {
      GBytes *half = g_bytes_new_from_bytes (ctx->body, 0, len / 2);

      g_bytes_unref (ctx->body);
      ctx->body = half;
    }
  else
    {
      /* Same length and look, but a doubled opening brace: never valid JSON. */
      GString *bad = g_string_new ("{{");

      if (len > 1)
        g_string_append_len (bad, data + 1, len - 1);
      g_bytes_unref (ctx->body);
      ctx->body = g_string_free_to_bytes (bad);
    }

  if (ctx->content_type == NULL)
    ctx->content_type = g_strdup ("application/json; charset=UTF-8");
}

static void
add_rate_headers (KeikaFakeSites *self,
                  Context        *c)
{
  SiteState *state;
  char text[32];

  if (c->endpoint == NULL)
    return;

  state = get_site_state (self, c->endpoint->site);
  if (state->limit == 0 || c->endpoint->unlimited)
    return;

  g_snprintf (text, sizeof text, "%u", state->limit);
  soup_message_headers_replace (c->ctx.headers, "X-RateLimit-Limit", text);
  g_snprintf (text, sizeof text, "%u", state->limit - MIN (state->used, state->limit));
  soup_message_headers_replace (c->ctx.headers, "X-RateLimit-Remaining", text);
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT,
              g_get_real_time () / G_USEC_PER_SEC
              + (state->window_start + state->window * G_USEC_PER_SEC - g_get_monotonic_time ()
                 + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  soup_message_headers_replace (c->ctx.headers, "X-RateLimit-Reset", text);
}

static void
finish_context (KeikaFakeSites *self,
                Context        *c)
{
  KeikaFakeContext *ctx = &c->ctx;
  SoupServerMessage *msg = ctx->msg;
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);

  if (c->fault == KEIKA_FAKE_FAULT_TRUNCATED_JSON || c->fault == KEIKA_FAKE_FAULT_MALFORMED_JSON)
    spoil_body (c);

  add_rate_headers (self, c);

  if (ctx->status == 0)
    reply_site_error (self, c, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                      "internal_server_error", "the fake site gave no answer");

  soup_message_headers_foreach (ctx->headers, copy_header_cb, response_headers);
  if (ctx->location != NULL)
    soup_message_headers_replace (response_headers, "Location", ctx->location);

  soup_server_message_set_status (msg, ctx->status, NULL);
  if (ctx->body != NULL)
    {
      soup_message_headers_set_content_type (response_headers,
                                             ctx->content_type != NULL
                                               ? ctx->content_type
                                               : "application/octet-stream",
                                             NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), ctx->body);
    }

  ctx->request->status = ctx->status;
  ctx->request->answer_time = g_get_monotonic_time ();

  if (self->verbose)
    g_printerr ("%s %s%s%s → %u%s%s\n",
                ctx->request->method, ctx->request->path,
                ctx->request->query != NULL ? "?" : "",
                ctx->request->query != NULL ? ctx->request->query : "",
                ctx->status,
                c->fault != KEIKA_FAKE_FAULT_NONE ? " fault " : "",
                c->fault != KEIKA_FAKE_FAULT_NONE ? fault_name (c->fault) : "");
}

static void
dispatch (Context *c)
{
  if (c->endpoint == NULL)
    keika_fake_reply_error (&c->ctx, SOUP_STATUS_NOT_FOUND, "not_found", "no such fake site");
  else
    c->endpoint->handler (c->endpoint->site_object, &c->ctx);
}

static void
context_free (Context *c)
{
  g_clear_handle_id (&c->timeout_id, g_source_remove);
  if (c->disconnected_id != 0)
    g_clear_signal_handler (&c->disconnected_id, c->ctx.msg);
  g_clear_object (&c->ctx.msg);
  g_clear_pointer (&c->ctx.request, keika_fake_request_unref);
  g_free (c->ctx.content_type);
  g_clear_pointer (&c->ctx.body, g_bytes_unref);
  g_free (c->ctx.location);
  g_clear_pointer (&c->ctx.headers, soup_message_headers_unref);
  g_free (c);
}

static gboolean
slow_answer_cb (gpointer user_data)
{
  Context *c = user_data;
  KeikaFakeSites *self = c->ctx.sites;

  c->timeout_id = 0;
  g_clear_signal_handler (&c->disconnected_id, c->ctx.msg);
  if (c->fault != KEIKA_FAKE_FAULT_HELD)
    {
      dispatch (c);
      finish_context (self, c);
    }
  soup_server_message_unpause (c->ctx.msg);
  g_ptr_array_remove (self->pending, c);

  return G_SOURCE_REMOVE;
}

static void
slow_disconnected_cb (SoupServerMessage *msg,
                      gpointer           user_data)
{
  Context *c = user_data;

  g_clear_signal_handler (&c->disconnected_id, msg);
  g_ptr_array_remove (c->ctx.sites->pending, c);
}

static Fault *
take_fault (KeikaFakeSites   *self,
            KeikaFakeRequest *request)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *fault = g_ptr_array_index (self->faults, i);

      if (fault->remaining == 0
          || !site_matches (fault->site, request)
          || !pattern_matches (fault->pattern, request))
        continue;

      if (fault->fault == KEIKA_FAKE_FAULT_EXPIRED_TOKEN)
        {
          const char *auth = soup_message_headers_get_one (request->headers, "Authorization");

          if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
            continue;
        }

      if (fault->remaining > 0)
        fault->remaining--;

      return fault;
    }

  return NULL;
}

static void
block_site (KeikaFakeSites *self,
            Context        *c,
            guint           seconds)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", seconds);
  keika_fake_reply_header (&c->ctx, "Retry-After", text);
  if (c->endpoint != NULL)
    {
      SiteState *state = get_site_state (self, c->endpoint->site);

      state->blocked_until = MAX (state->blocked_until,
                                  g_get_monotonic_time () + seconds * G_USEC_PER_SEC);
    }
}

/* TRUE when the steady rate limit of the site refused the request. */
static gboolean
check_rate_limit (KeikaFakeSites *self,
                  Context        *c)
{
  SiteState *state;
  gint64 now = g_get_monotonic_time ();
  gint64 window_end;

  if (c->endpoint == NULL)
    return FALSE;

  state = get_site_state (self, c->endpoint->site);
  if (state->limit == 0 || c->endpoint->unlimited)
    return FALSE;

  window_end = state->window_start + state->window * G_USEC_PER_SEC;
  if (now >= window_end)
    {
      state->window_start = now;
      state->used = 0;
      window_end = now + state->window * G_USEC_PER_SEC;
    }

  if (state->used < state->limit)
    {
      state->used++;
      return FALSE;
    }

  reply_site_error (self, c, 429, "too_many_requests", "Too many requests");
  block_site (self, c, (window_end - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

  return TRUE;
}

static KeikaFakeRequest *
new_request (KeikaFakeSites    *self,
             SoupServerMessage *msg,
             Endpoint          *endpoint,
             const char        *path)
{
  KeikaFakeRequest *request = g_new0 (KeikaFakeRequest, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  g_autoptr(GBytes) flat = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *type;

  request->ref_count = 1;
  request->time = g_get_monotonic_time ();
  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->query = g_strdup (query);
  request->query_fields = decode_form (query);
  request->headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  request->body = g_bytes_ref (flat);
  request->ignored_fields = g_ptr_array_new_with_free_func (g_free);

  type = soup_message_headers_get_content_type (request->headers, NULL);
  if (g_strcmp0 (type, "application/x-www-form-urlencoded") == 0)
    {
      gsize len;
      const char *data = g_bytes_get_data (flat, &len);
      g_autofree char *text = g_strndup (data, len);

      request->form = decode_form (text);
    }
  else
    request->form = decode_form (NULL);

  if (endpoint != NULL)
    {
      request->site = g_strdup (endpoint->site);
      request->endpoint = g_strdup (endpoint->name);
      request->site_path = g_strdup (path + strlen (endpoint->prefix));
      if (request->site_path[0] == '\0')
        {
          g_free (request->site_path);
          request->site_path = g_strdup ("/");
        }
    }
  else
    request->site_path = g_strdup (path);

  return request;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *raw_path,
           GHashTable        *query,
           gpointer           user_data)
{
  KeikaFakeSites *self = user_data;
  g_autofree char *path = g_uri_unescape_string (raw_path, NULL);
  Context *c;
  Fault *fault;
  SiteState *state = NULL;

  if (path == NULL)
    path = g_strdup (raw_path);

  if (self->control && g_str_has_prefix (path, "/_fake/"))
    {
      keika_fake_control_serve (self, msg, path, query);
      return;
    }

  c = g_new0 (Context, 1);
  c->endpoint = find_endpoint (self, path);
  c->ctx.sites = self;
  c->ctx.msg = g_object_ref (msg);
  c->ctx.request = new_request (self, msg, c->endpoint, path);
  c->ctx.endpoint = c->endpoint != NULL ? c->endpoint->name : NULL;
  c->ctx.path = c->ctx.request->site_path;
  c->ctx.headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_ptr_array_add (self->log, keika_fake_request_ref (c->ctx.request));

  if (c->endpoint != NULL)
    {
      state = get_site_state (self, c->endpoint->site);
      c->ctx.request->too_early = c->ctx.request->time < state->blocked_until;
    }

  if (check_rate_limit (self, c))
    {
      finish_context (self, c);
      context_free (c);
      return;
    }

  fault = take_fault (self, c->ctx.request);
  c->fault = fault != NULL ? fault->fault : KEIKA_FAKE_FAULT_NONE;
  c->ctx.request->fault = c->fault;

  switch (c->fault)
    {
    case KEIKA_FAKE_FAULT_NONE:
    case KEIKA_FAKE_FAULT_TRUNCATED_JSON:
    case KEIKA_FAKE_FAULT_MALFORMED_JSON:
      dispatch (c);
      break;

    case KEIKA_FAKE_FAULT_EXPIRED_TOKEN:
      c->ctx.expire_token = TRUE;
      dispatch (c);
      break;

    case KEIKA_FAKE_FAULT_RATE_LIMIT:
      reply_site_error (self, c, 429, "too_many_requests", "Too many requests");
      if (fault->value >= 0)
        block_site (self, c, fault->value);
      break;

    case KEIKA_FAKE_FAULT_DOS_DETECTED:
      reply_site_error (self, c, SOUP_STATUS_FORBIDDEN, "forbidden", "DoS detected");
      break;

    case KEIKA_FAKE_FAULT_SERVER_ERROR:
      {
        guint status = fault->value > 0 ? (guint) fault->value : SOUP_STATUS_INTERNAL_SERVER_ERROR;

        reply_site_error (self, c, status,
                          status == SOUP_STATUS_INTERNAL_SERVER_ERROR
                            ? "internal_server_error" : "service_unavailable",
                          soup_status_get_phrase (status));
      }
      break;

    case KEIKA_FAKE_FAULT_HTML:
      if (fault->value <= 0 || fault->value == SOUP_STATUS_OK)
        keika_fake_reply_html (&c->ctx, SOUP_STATUS_OK, "Just a moment...",
                               "Checking if the site connection is secure. "
                               "Enable JavaScript and cookies to continue.");
      else
        keika_fake_reply_html (&c->ctx, fault->value, "Under maintenance",
                               "The site is down for scheduled maintenance. "
                               "We will be back shortly.");
      break;

    case KEIKA_FAKE_FAULT_HELD:
    case KEIKA_FAKE_FAULT_SLOW:
      if (c->fault == KEIKA_FAKE_FAULT_HELD)
        {
          dispatch (c);
          finish_context (self, c);
        }
      soup_server_message_pause (msg);
      c->timeout_id = g_timeout_add (MAX (fault->value, 0), slow_answer_cb, c);
      c->disconnected_id = g_signal_connect (msg, "disconnected",
                                             G_CALLBACK (slow_disconnected_cb), c);
      g_ptr_array_add (self->pending, c);
      return;

    case KEIKA_FAKE_FAULT_CLOSE_CONNECTION:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

        c->ctx.request->answer_time = g_get_monotonic_time ();
        if (stream != NULL)
          g_io_stream_close (stream, NULL, NULL);
        if (self->verbose)
          g_printerr ("%s %s → closed\n", c->ctx.request->method, c->ctx.request->path);
        context_free (c);
      }
      return;

    default:
      g_assert_not_reached ();
    }

  finish_context (self, c);
  context_free (c);
}

/* Public */

static void
keika_fake_sites_dispose (GObject *object)
{
  KeikaFakeSites *self = (KeikaFakeSites *)object;

  if (self->pending != NULL)
    g_ptr_array_set_size (self->pending, 0);

  if (self->server != NULL)
    {
      soup_server_remove_handler (self->server, NULL);
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }

  g_clear_object (&self->mal);
  g_clear_object (&self->anilist);
  g_clear_object (&self->anitrack);
  g_clear_object (&self->kitsu);

  G_OBJECT_CLASS (keika_fake_sites_parent_class)->dispose (object);
}

static void
keika_fake_sites_finalize (GObject *object)
{
  KeikaFakeSites *self = (KeikaFakeSites *)object;

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  g_clear_pointer (&self->site_states, g_hash_table_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->log, g_ptr_array_unref);
  g_clear_pointer (&self->catalog, keika_fake_catalog_free);
  g_free (self->base_url);

  G_OBJECT_CLASS (keika_fake_sites_parent_class)->finalize (object);
}

static void
keika_fake_sites_class_init (KeikaFakeSitesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keika_fake_sites_dispose;
  object_class->finalize = keika_fake_sites_finalize;
}

static void
keika_fake_sites_init (KeikaFakeSites *self)
{
  self->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) endpoint_free);
  self->site_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_free);
  self->log = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_fake_request_unref);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) context_free);
  self->catalog = keika_fake_catalog_new ();
}

/**
 * keika_fake_sites_new_on_port:
 * @port: a TCP port, or 0 for any free one
 *
 * Starts the fake sites on 127.0.0.1:@port (IPv4 loopback only), on the
 * thread-default main context.
 *
 * Returns: (transfer full): the fake, or NULL with @error set
 */
KeikaFakeSites *
keika_fake_sites_new_on_port (guint    port,
                              GError **error)
{
  g_autoptr(KeikaFakeSites) self = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (port <= 65535, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (KEIKA_TYPE_FAKE_SITES, NULL);
  self->server = soup_server_new ("server-header", "KeikaFake/1.0 ", NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);

  /* The server listens on its own socket, so that a connection is kept
   * open between requests as the services keep it (connections handed to
   * soup_server_accept_iostream() are closed after each answer by libsoup
   * 3.2). Its listener leaks each accepted GSocket object (tests/lsan.supp);
   * the connection itself is closed. */
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         error);
  if (socket == NULL || !g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->server, socket, 0, error) ||
      (bound = g_socket_get_local_address (socket, error)) == NULL)
    return NULL;

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u", self->port);

  self->mal = keika_fake_mal_new (self);
  self->anilist = keika_fake_anilist_new (self);
  self->anitrack = keika_fake_anitrack_new (self);
  self->kitsu = keika_fake_kitsu_new (self);
  keika_fake_catalog_add_builtin (self);

  return g_steal_pointer (&self);
}

/**
 * keika_fake_sites_new:
 *
 * Starts the fake sites on 127.0.0.1 on a free port.
 *
 * Returns: (transfer full): the fake, or NULL with @error set
 */
KeikaFakeSites *
keika_fake_sites_new (GError **error)
{
  return keika_fake_sites_new_on_port (0, error);
}

guint
keika_fake_sites_get_port (KeikaFakeSites *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), 0);

  return self->port;
}

/* "http://127.0.0.1:PORT", without a trailing slash. */
const char *
keika_fake_sites_get_base_url (KeikaFakeSites *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), NULL);

  return self->base_url;
}

/**
 * keika_fake_sites_get_url:
 * @endpoint: "mal-api", "mal-auth", …
 *
 * Returns: the base URL of @endpoint, without a trailing slash, or NULL if
 *   there is no such endpoint
 */
const char *
keika_fake_sites_get_url (KeikaFakeSites *self,
                          const char     *endpoint)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), NULL);
  g_return_val_if_fail (endpoint != NULL, NULL);

  for (guint i = 0; i < self->endpoints->len; i++)
    {
      Endpoint *e = g_ptr_array_index (self->endpoints, i);

      if (g_str_equal (e->name, endpoint))
        return e->url;
    }

  return NULL;
}

/**
 * keika_fake_sites_update_environ:
 * @envp: (transfer full) (nullable): an environment, as from g_get_environ()
 *
 * Sets every KEIKA_*_URL variable of the fake sites in @envp.
 *
 * Returns: (transfer full): the new environment
 */
char **
keika_fake_sites_update_environ (KeikaFakeSites  *self,
                                 char           **envp)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), envp);

  for (guint i = 0; i < self->endpoints->len; i++)
    {
      Endpoint *e = g_ptr_array_index (self->endpoints, i);

      if (e->env_name != NULL)
        envp = g_environ_setenv (envp, e->env_name, e->url, TRUE);
    }

  return envp;
}

/**
 * keika_fake_sites_get_environ:
 *
 * Returns: (transfer full): the "KEIKA_MAL_API_URL=http://…" lines, in a
 *   NULL-terminated array
 */
char **
keika_fake_sites_get_environ (KeikaFakeSites *self)
{
  return keika_fake_sites_update_environ (self, NULL);
}

/* Sets the KEIKA_*_URL variables in this process (for in-process clients). */
void
keika_fake_sites_setenv (KeikaFakeSites *self)
{
  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));

  for (guint i = 0; i < self->endpoints->len; i++)
    {
      Endpoint *e = g_ptr_array_index (self->endpoints, i);

      if (e->env_name != NULL)
        g_setenv (e->env_name, e->url, TRUE);
    }
}

/**
 * keika_fake_sites_get_mal:
 *
 * Returns: (transfer none): the fake MyAnimeList
 */
KeikaFakeMal *
keika_fake_sites_get_mal (KeikaFakeSites *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), NULL);

  return self->mal;
}

/**
 * keika_fake_sites_get_anilist:
 *
 * Returns: (transfer none): the fake AniList
 */
KeikaFakeAnilist *
keika_fake_sites_get_anilist (KeikaFakeSites *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), NULL);

  return self->anilist;
}

/**
 * keika_fake_sites_get_anitrack:
 *
 * Returns: (transfer none): the fake AniTrack
 */
KeikaFakeAnitrack *
keika_fake_sites_get_anitrack (KeikaFakeSites *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), NULL);

  return self->anitrack;
}

/**
 * keika_fake_sites_get_kitsu:
 *
 * Returns: (transfer none): the fake Kitsu
 */
KeikaFakeKitsu *
keika_fake_sites_get_kitsu (KeikaFakeSites *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), NULL);

  return self->kitsu;
}

KeikaFakeCatalog *
keika_fake_sites_get_catalog_data (KeikaFakeSites *self)
{
  return self->catalog;
}

/**
 * keika_fake_sites_inject:
 * @site: (nullable): "mal", an endpoint name, or NULL for any site
 * @pattern: (nullable): "[METHOD ]PATH", see the top of keika-fake-sites.h
 * @fault: the fault
 * @value: its parameter (seconds, milliseconds, status), see #KeikaFakeFault
 * @count: how many matching requests get it, or %KEIKA_FAKE_FOREVER
 *
 * Makes the next @count requests matching @site and @pattern fail with @fault.
 * When several faults match a request, the one injected first applies.
 *
 * Returns: an id for keika_fake_sites_remove_fault()
 */
guint
keika_fake_sites_inject (KeikaFakeSites *self,
                         const char     *site,
                         const char     *pattern,
                         KeikaFakeFault  fault,
                         int             value,
                         int             count)
{
  Fault *f;

  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), 0);
  g_return_val_if_fail (fault != KEIKA_FAKE_FAULT_NONE, 0);
  g_return_val_if_fail (count != 0, 0);

  f = g_new0 (Fault, 1);
  f->id = ++self->last_fault_id;
  f->site = g_strdup (site);
  f->pattern = pattern_new (pattern);
  f->fault = fault;
  f->value = value;
  f->remaining = count < 0 ? -1 : count;
  g_ptr_array_add (self->faults, f);

  return f->id;
}

static gboolean
parse_int (const char  *text,
           int         *out,
           GError     **error)
{
  gint64 value;

  if (!g_ascii_string_to_signed (text, 10, -1, G_MAXINT, &value, error))
    return FALSE;
  *out = (int) value;

  return TRUE;
}

/**
 * keika_fake_sites_inject_spec:
 * @spec: "SITE:PATTERN:FAULT[=VALUE][:COUNT]"
 *
 * keika_fake_sites_inject() from text, for the command line. FAULT is one of
 * 429 (VALUE: Retry-After seconds, default 1), 403, 500, 502, 503, slow
 * (VALUE: milliseconds, default 1000), html (VALUE: status, default 200),
 * truncated, malformed, expired, close, held (VALUE: milliseconds the answer
 * is held, default 60000). COUNT defaults to 1; "forever" or -1 means every
 * request. SITE or PATTERN may be empty or "*" for any.
 * Example: "mal:GET /users/@me/animelist:429=5:2".
 *
 * Returns: the fault id, or 0 with @error set
 */
guint
keika_fake_sites_inject_spec (KeikaFakeSites  *self,
                              const char      *spec,
                              GError         **error)
{
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) name_value = NULL;
  KeikaFakeFault fault;
  const char *site;
  const char *pattern;
  const char *name;
  int value = 0;
  gboolean has_value;
  int count = 1;

  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), 0);
  g_return_val_if_fail (spec != NULL, 0);

  parts = g_strsplit (spec, ":", 4);
  if (g_strv_length (parts) < 3)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s”: expected SITE:PATTERN:FAULT[=VALUE][:COUNT]", spec);
      return 0;
    }

  site = (*parts[0] == '\0' || g_str_equal (parts[0], "*")) ? NULL : parts[0];
  pattern = *parts[1] == '\0' ? NULL : parts[1];
  name_value = g_strsplit (parts[2], "=", 2);
  name = name_value[0];
  has_value = name_value[1] != NULL;
  if (has_value && !parse_int (name_value[1], &value, error))
    return 0;

  if (parts[3] != NULL && g_str_equal (parts[3], "forever"))
    count = KEIKA_FAKE_FOREVER;
  else if (parts[3] != NULL && !parse_int (parts[3], &count, error))
    return 0;
  if (count == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "“%s”: a count of 0", spec);
      return 0;
    }

  if (g_str_equal (name, "429"))
    {
      fault = KEIKA_FAKE_FAULT_RATE_LIMIT;
      if (!has_value)
        value = 1;
    }
  else if (g_str_equal (name, "403") || g_str_equal (name, "dos"))
    fault = KEIKA_FAKE_FAULT_DOS_DETECTED;
  else if (g_str_equal (name, "500") || g_str_equal (name, "502") || g_str_equal (name, "503"))
    {
      fault = KEIKA_FAKE_FAULT_SERVER_ERROR;
      value = (int) g_ascii_strtoll (name, NULL, 10);
    }
  else if (g_str_equal (name, "slow"))
    {
      fault = KEIKA_FAKE_FAULT_SLOW;
      if (!has_value)
        value = 1000;
    }
  else if (g_str_equal (name, "html"))
    fault = KEIKA_FAKE_FAULT_HTML;
  else if (g_str_equal (name, "truncated"))
    fault = KEIKA_FAKE_FAULT_TRUNCATED_JSON;
  else if (g_str_equal (name, "malformed"))
    fault = KEIKA_FAKE_FAULT_MALFORMED_JSON;
  else if (g_str_equal (name, "expired"))
    fault = KEIKA_FAKE_FAULT_EXPIRED_TOKEN;
  else if (g_str_equal (name, "close"))
    fault = KEIKA_FAKE_FAULT_CLOSE_CONNECTION;
  else if (g_str_equal (name, "held"))
    {
      fault = KEIKA_FAKE_FAULT_HELD;
      if (!has_value)
        value = 60000;
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s”: unknown fault “%s”", spec, name);
      return 0;
    }

  return keika_fake_sites_inject (self, site, pattern, fault, value, count);
}

/* How many more requests the fault will hit: -1 forever, 0 when spent or removed. */
int
keika_fake_sites_get_fault_remaining (KeikaFakeSites *self,
                                      guint           fault_id)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), 0);

  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *f = g_ptr_array_index (self->faults, i);

      if (f->id == fault_id)
        return f->remaining;
    }

  return 0;
}

void
keika_fake_sites_remove_fault (KeikaFakeSites *self,
                               guint           fault_id)
{
  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));

  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *f = g_ptr_array_index (self->faults, i);

      if (f->id == fault_id)
        {
          g_ptr_array_remove_index (self->faults, i);
          return;
        }
    }
}

void
keika_fake_sites_clear_faults (KeikaFakeSites *self)
{
  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));

  g_ptr_array_set_size (self->faults, 0);
}

void
keika_fake_sites_set_rate_limit (KeikaFakeSites *self,
                                 const char     *site,
                                 guint           limit,
                                 guint           window_seconds)
{
  SiteState *state;

  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));
  g_return_if_fail (site != NULL);
  g_return_if_fail (limit == 0 || window_seconds > 0);

  state = get_site_state (self, site);
  state->limit = limit;
  state->window = window_seconds;
  state->window_start = g_get_monotonic_time ();
  state->used = 0;
}

/**
 * keika_fake_sites_get_requests:
 * @site: (nullable): a site or endpoint name, or NULL for all
 * @pattern: (nullable): "[METHOD ]PATH"
 *
 * Returns: (transfer full) (element-type KeikaFakeRequest): the logged requests
 *   that match, oldest first
 */
GPtrArray *
keika_fake_sites_get_requests (KeikaFakeSites *self,
                               const char     *site,
                               const char     *pattern)
{
  g_autoptr(Pattern) p = NULL;
  GPtrArray *result;

  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), NULL);

  p = pattern_new (pattern);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_fake_request_unref);
  for (guint i = 0; i < self->log->len; i++)
    {
      KeikaFakeRequest *request = g_ptr_array_index (self->log, i);

      if (site_matches (site, request) && pattern_matches (p, request))
        g_ptr_array_add (result, keika_fake_request_ref (request));
    }

  return result;
}

guint
keika_fake_sites_count_requests (KeikaFakeSites *self,
                                 const char     *site,
                                 const char     *pattern)
{
  g_autoptr(GPtrArray) requests = NULL;

  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), 0);

  requests = keika_fake_sites_get_requests (self, site, pattern);

  return requests->len;
}

/**
 * keika_fake_sites_get_last_request:
 *
 * Returns: (transfer full) (nullable): the latest logged request that matches
 */
KeikaFakeRequest *
keika_fake_sites_get_last_request (KeikaFakeSites *self,
                                   const char     *site,
                                   const char     *pattern)
{
  g_autoptr(Pattern) p = NULL;

  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), NULL);

  p = pattern_new (pattern);
  for (guint i = self->log->len; i > 0; i--)
    {
      KeikaFakeRequest *request = g_ptr_array_index (self->log, i - 1);

      if (site_matches (site, request) && pattern_matches (p, request))
        return keika_fake_request_ref (request);
    }

  return NULL;
}

/* Requests that arrived before a Retry-After sent by their site had elapsed. */
guint
keika_fake_sites_count_too_early (KeikaFakeSites *self,
                                  const char     *site)
{
  guint n = 0;

  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), 0);

  for (guint i = 0; i < self->log->len; i++)
    {
      KeikaFakeRequest *request = g_ptr_array_index (self->log, i);

      if (site_matches (site, request) && request->too_early)
        n++;
    }

  return n;
}

/* The number of fields the sites ignored, over all logged requests. */
guint
keika_fake_sites_count_ignored_fields (KeikaFakeSites *self,
                                       const char     *site)
{
  guint n = 0;

  g_return_val_if_fail (KEIKA_IS_FAKE_SITES (self), 0);

  for (guint i = 0; i < self->log->len; i++)
    {
      KeikaFakeRequest *request = g_ptr_array_index (self->log, i);

      if (site_matches (site, request))
        n += request->ignored_fields->len;
    }

  return n;
}

void
keika_fake_sites_clear_requests (KeikaFakeSites *self)
{
  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));

  g_ptr_array_set_size (self->log, 0);
}

/* Prints one line per request on stderr. */
void
keika_fake_sites_set_verbose (KeikaFakeSites *self,
                              gboolean        verbose)
{
  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));

  self->verbose = !!verbose;
}

/**
 * keika_fake_sites_set_control:
 * @control: whether to serve the control paths
 *
 * Serves the paths under /_fake that let a test in another process inject
 * faults and read the request log (see keika-fake-control.c). Off by default.
 */
void
keika_fake_sites_set_control (KeikaFakeSites *self,
                              gboolean        control)
{
  g_return_if_fail (KEIKA_IS_FAKE_SITES (self));

  self->control = !!control;
}
