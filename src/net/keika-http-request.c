/* keika-http-request.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNet"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "keika-http-request.h"
#include "keika-net-private.h"

struct _KeikaHttpRequest
{
  GObject             parent_instance;

  char               *method;        /* (owned) */
  char               *uri;           /* (owned) */
  KeikaHttpFlags      flags;
  char               *site_name;     /* (owned) (nullable) */
  SoupMessageHeaders *headers;       /* (owned) */
  GPtrArray          *form;          /* (owned) (nullable): name, value, name, value, … */
  char               *content_type;  /* (owned) (nullable) */
  GBytes             *body;          /* (owned) (nullable) */
  GPtrArray          *secrets;       /* (owned): strings never to show */
};

G_DEFINE_FINAL_TYPE (KeikaHttpRequest, keika_http_request, G_TYPE_OBJECT)

static void
keika_http_request_finalize (GObject *object)
{
  KeikaHttpRequest *self = (KeikaHttpRequest *) object;

  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->site_name, g_free);
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->form, g_ptr_array_unref);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->secrets, g_ptr_array_unref);

  G_OBJECT_CLASS (keika_http_request_parent_class)->finalize (object);
}

static void
keika_http_request_class_init (KeikaHttpRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keika_http_request_finalize;
}

static void
keika_http_request_init (KeikaHttpRequest *self)
{
  self->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  self->secrets = g_ptr_array_new_with_free_func (g_free);
}

KeikaHttpRequest *
keika_http_request_new (const char     *method,
                        const char     *uri,
                        KeikaHttpFlags  flags)
{
  KeikaHttpRequest *self;

  g_return_val_if_fail (method != NULL && *method != '\0', NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (KEIKA_TYPE_HTTP_REQUEST, NULL);
  self->method = g_ascii_strup (method, -1);
  self->uri = g_strdup (uri);
  self->flags = flags;
  if (flags & KEIKA_HTTP_GRAPHQL)
    self->flags |= KEIKA_HTTP_EXPECT_JSON;

  return self;
}

KeikaHttpRequest *
keika_http_request_new_get_json (const char *uri)
{
  return keika_http_request_new ("GET", uri, KEIKA_HTTP_IDEMPOTENT | KEIKA_HTTP_EXPECT_JSON);
}

const char *
keika_http_request_get_method (KeikaHttpRequest *self)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_REQUEST (self), NULL);

  return self->method;
}

const char *
keika_http_request_get_uri (KeikaHttpRequest *self)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_REQUEST (self), NULL);

  return self->uri;
}

KeikaHttpFlags
keika_http_request_get_flags (KeikaHttpRequest *self)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_REQUEST (self), KEIKA_HTTP_DEFAULT);

  return self->flags;
}

void
keika_http_request_set_site_name (KeikaHttpRequest *self,
                                  const char       *site_name)
{
  g_return_if_fail (KEIKA_IS_HTTP_REQUEST (self));

  g_free (self->site_name);
  self->site_name = g_strdup (site_name);
}

const char *
keika_http_request_get_site_name (KeikaHttpRequest *self)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_REQUEST (self), NULL);

  return self->site_name;
}

static void
add_secret (KeikaHttpRequest *self,
            const char       *secret)
{
  /* Very short values ("1") would scrub innocent text and protect nothing. */
  if (secret != NULL && strlen (secret) >= 4)
    g_ptr_array_add (self->secrets, g_strdup (secret));
}

void
keika_http_request_set_header (KeikaHttpRequest *self,
                               const char       *name,
                               const char       *value)
{
  g_return_if_fail (KEIKA_IS_HTTP_REQUEST (self));
  g_return_if_fail (name != NULL);

  if (value == NULL)
    soup_message_headers_remove (self->headers, name);
  else
    soup_message_headers_replace (self->headers, name, value);

  if (g_ascii_strcasecmp (name, "Authorization") == 0)
    add_secret (self, value);
}

void
keika_http_request_set_bearer_token (KeikaHttpRequest *self,
                                     const char       *token)
{
  g_autofree char *value = NULL;

  g_return_if_fail (KEIKA_IS_HTTP_REQUEST (self));
  g_return_if_fail (token != NULL);

  value = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_replace (self->headers, "Authorization", value);
  add_secret (self, token);
}

static gboolean
is_secret_field (const char *name)
{
  static const char * const words[] = { "token", "code", "verifier", "secret", "password" };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (strstr (lower, words[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

void
keika_http_request_add_form_field (KeikaHttpRequest *self,
                                   const char       *name,
                                   const char       *value)
{
  g_return_if_fail (KEIKA_IS_HTTP_REQUEST (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->content_type, g_free);

  if (self->form == NULL)
    self->form = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (self->form, g_strdup (name));
  g_ptr_array_add (self->form, g_strdup (value));

  if (is_secret_field (name))
    add_secret (self, value);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
keika_http_request_set_form (KeikaHttpRequest *self,
                             GHashTable       *fields)
{
  g_autoptr(GPtrArray) names = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (KEIKA_IS_HTTP_REQUEST (self));
  g_return_if_fail (fields != NULL);

  g_clear_pointer (&self->form, g_ptr_array_unref);

  names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      keika_http_request_add_form_field (self, name, g_hash_table_lookup (fields, name));
    }

  /* An empty table still means an empty form body. */
  if (self->form == NULL)
    {
      g_clear_pointer (&self->body, g_bytes_unref);
      g_clear_pointer (&self->content_type, g_free);
      self->form = g_ptr_array_new_with_free_func (g_free);
    }
}

void
keika_http_request_set_json (KeikaHttpRequest *self,
                             JsonNode         *node,
                             const char       *content_type)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize length = 0;
  char *text;

  g_return_if_fail (KEIKA_IS_HTTP_REQUEST (self));
  g_return_if_fail (node != NULL);

  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);

  body = g_bytes_new_take (text, length);
  keika_http_request_set_body (self,
                               content_type != NULL ? content_type : "application/json",
                               body);
}

void
keika_http_request_set_body (KeikaHttpRequest *self,
                             const char       *content_type,
                             GBytes           *body)
{
  g_return_if_fail (KEIKA_IS_HTTP_REQUEST (self));
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (body != NULL);

  g_clear_pointer (&self->form, g_ptr_array_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->content_type);

  self->content_type = g_strdup (content_type);
  self->body = g_bytes_ref (body);
}

static GBytes *
encode_form (GPtrArray *form)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i + 1 < form->len; i += 2)
    {
      if (i > 0)
        g_string_append_c (text, '&');
      /* Everything but RFC 3986 unreserved characters is escaped: what
       * Kitsu wants for passwords and what every form parser reads. */
      g_string_append_uri_escaped (text, g_ptr_array_index (form, i), NULL, FALSE);
      g_string_append_c (text, '=');
      g_string_append_uri_escaped (text, g_ptr_array_index (form, i + 1), NULL, FALSE);
    }

  return g_string_free_to_bytes (text);
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_replace (user_data, name, value);
}

SoupMessage *
keika_http_request_build_message (KeikaHttpRequest  *self,
                                  GError           **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  SoupMessageHeaders *headers;
  const char *scheme;

  g_return_val_if_fail (KEIKA_IS_HTTP_REQUEST (self), NULL);

  uri = g_uri_parse (self->uri, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Not an http or https URL");
      return NULL;
    }

  message = soup_message_new_from_uri (self->method, uri);
  /* libsoup sends a POST or a PATCH on a new connection unless told that
   * sending it twice does no harm (it may resend a request whose kept-open
   * connection closed unanswered): the reads that are POSTs (GraphQL) keep
   * to the open connection, as GETs do. */
  if (self->flags & KEIKA_HTTP_IDEMPOTENT)
    soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_foreach (self->headers, copy_header, headers);

  if ((self->flags & KEIKA_HTTP_EXPECT_JSON) &&
      soup_message_headers_get_one (headers, "Accept") == NULL)
    soup_message_headers_replace (headers, "Accept", "application/json");

  if (self->form != NULL)
    {
      g_autoptr(GBytes) body = encode_form (self->form);

      soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                                body);
    }
  else if (self->body != NULL)
    {
      soup_message_set_request_body_from_bytes (message, self->content_type, self->body);
    }

  return g_steal_pointer (&message);
}

char *
keika_http_request_scrub (KeikaHttpRequest *self,
                          const char       *text)
{
  g_autoptr(GString) scrubbed = NULL;

  g_return_val_if_fail (KEIKA_IS_HTTP_REQUEST (self), NULL);

  if (text == NULL)
    return NULL;

  scrubbed = g_string_new (text);
  for (guint i = 0; i < self->secrets->len; i++)
    g_string_replace (scrubbed, g_ptr_array_index (self->secrets, i), "…", 0);

  return g_string_free (g_steal_pointer (&scrubbed), FALSE);
}
