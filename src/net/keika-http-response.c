/* keika-http-response.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNet"

#include "config.h"

#include "keika-http-response.h"
#include "keika-net-private.h"

struct _KeikaHttpResponse
{
  GObject             parent_instance;

  guint               status;
  GUri               *uri;           /* (owned) */
  SoupMessageHeaders *headers;       /* (owned) */
  char               *content_type;  /* (owned) (nullable) */
  GBytes             *body;          /* (owned) */
  KeikaJsonDoc       *json;          /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (KeikaHttpResponse, keika_http_response, G_TYPE_OBJECT)

static void
keika_http_response_finalize (GObject *object)
{
  KeikaHttpResponse *self = (KeikaHttpResponse *) object;

  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->json, keika_json_doc_unref);

  G_OBJECT_CLASS (keika_http_response_parent_class)->finalize (object);
}

static void
keika_http_response_class_init (KeikaHttpResponseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keika_http_response_finalize;
}

static void
keika_http_response_init (KeikaHttpResponse *self)
{
}

KeikaHttpResponse *
keika_http_response_new (SoupMessage *message,
                         GBytes       *body,
                         KeikaJsonDoc *json)
{
  KeikaHttpResponse *self;
  const char *content_type;

  g_return_val_if_fail (SOUP_IS_MESSAGE (message), NULL);

  self = g_object_new (KEIKA_TYPE_HTTP_RESPONSE, NULL);
  self->status = soup_message_get_status (message);
  self->uri = g_uri_ref (soup_message_get_uri (message));
  self->headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  content_type = soup_message_headers_get_content_type (self->headers, NULL);
  self->content_type = content_type != NULL ? g_ascii_strdown (content_type, -1) : NULL;
  self->body = body != NULL ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  self->json = json != NULL ? keika_json_doc_ref (json) : NULL;

  return self;
}

guint
keika_http_response_get_status (KeikaHttpResponse *self)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_RESPONSE (self), 0);

  return self->status;
}

GUri *
keika_http_response_get_uri (KeikaHttpResponse *self)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_RESPONSE (self), NULL);

  return self->uri;
}

SoupMessageHeaders *
keika_http_response_get_headers (KeikaHttpResponse *self)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_RESPONSE (self), NULL);

  return self->headers;
}

const char *
keika_http_response_get_header (KeikaHttpResponse *self,
                                const char        *name)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_RESPONSE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return soup_message_headers_get_one (self->headers, name);
}

const char *
keika_http_response_get_content_type (KeikaHttpResponse *self)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_RESPONSE (self), NULL);

  return self->content_type;
}

GBytes *
keika_http_response_get_body (KeikaHttpResponse *self)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_RESPONSE (self), NULL);

  return self->body;
}

const KeikaJsonValue *
keika_http_response_get_json (KeikaHttpResponse *self)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_RESPONSE (self), NULL);

  return self->json != NULL ? keika_json_doc_get_root (self->json) : NULL;
}

char *
keika_http_response_dup_bearer_error (KeikaHttpResponse *self)
{
  g_autoptr(GHashTable) params = NULL;
  const char *challenge;
  const char *value;

  g_return_val_if_fail (KEIKA_IS_HTTP_RESPONSE (self), NULL);

  challenge = soup_message_headers_get_list (self->headers, "WWW-Authenticate");
  if (challenge == NULL)
    return NULL;

  while (g_ascii_isspace (*challenge))
    challenge++;
  if (g_ascii_strncasecmp (challenge, "Bearer", 6) != 0 ||
      (challenge[6] != '\0' && !g_ascii_isspace (challenge[6])))
    return NULL;

  params = soup_header_parse_param_list (challenge + 6);
  value = g_hash_table_lookup (params, "error");

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

KeikaHttpResponse *
keika_http_response_from_error (const GError *error)
{
  GObject *response = keika_error_peek_response (error);

  return response != NULL ? KEIKA_HTTP_RESPONSE (response) : NULL;
}
