/* keika-http-request.h — what to send: method, URL, headers, body, flags
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* KEIKA_HTTP_IDEMPOTENT: sending it twice does no harm, so the client may
 *   resend it after a 5xx, a 408 or a timeout (with exponential backoff and
 *   jitter). Without it a request is sent once, whatever happens; pass it for
 *   GET, and for POSTs that only read (GraphQL queries). A request refused
 *   with 429 or 403 "DoS detected" was not acted on by the site and is
 *   resent after the wait either way.
 * KEIKA_HTTP_EXPECT_JSON: a successful answer must be JSON; it is parsed
 *   (in a worker thread when large) and an HTML page fails with
 *   KEIKA_ERROR_NOT_DATA, invalid JSON with KEIKA_ERROR_MALFORMED. Also sets
 *   "Accept: application/json" unless an Accept header is given.
 * KEIKA_HTTP_GRAPHQL: a JSON answer with a non-empty "errors" array and no
 *   "data" fails, also on HTTP 200, with the code errors[0].status suggests
 *   (429 → RATE_LIMITED, 401, 403, 404, else REJECTED; "validation" maps name
 *   the fields). Implies KEIKA_HTTP_EXPECT_JSON.
 * KEIKA_HTTP_SEND_ONCE: never resent by itself, not even after a 429 that
 *   asks to wait (a sign-in with a password: the person is told at once how
 *   long to wait, and the password is not sent again unasked). */
typedef enum
{
  KEIKA_HTTP_DEFAULT     = 0,
  KEIKA_HTTP_IDEMPOTENT  = 1 << 0,
  KEIKA_HTTP_EXPECT_JSON = 1 << 1,
  KEIKA_HTTP_GRAPHQL     = 1 << 2,
  KEIKA_HTTP_SEND_ONCE   = 1 << 3,
} KeikaHttpFlags;

#define KEIKA_TYPE_HTTP_REQUEST (keika_http_request_get_type ())

G_DECLARE_FINAL_TYPE (KeikaHttpRequest, keika_http_request, KEIKA, HTTP_REQUEST, GObject)

/* @uri must be an absolute http or https URI; a query is part of it
 * (build it with g_uri_build or soup_form_encode). */
KeikaHttpRequest *keika_http_request_new              (const char        *method,
                                                       const char        *uri,
                                                       KeikaHttpFlags     flags);
/* GET with KEIKA_HTTP_IDEMPOTENT | KEIKA_HTTP_EXPECT_JSON. */
KeikaHttpRequest *keika_http_request_new_get_json     (const char        *uri);

const char       *keika_http_request_get_method       (KeikaHttpRequest  *self);
const char       *keika_http_request_get_uri          (KeikaHttpRequest  *self);
KeikaHttpFlags    keika_http_request_get_flags        (KeikaHttpRequest  *self);

/* The site's name for error messages ("MyAnimeList"); default: the host. */
void              keika_http_request_set_site_name    (KeikaHttpRequest  *self,
                                                       const char        *site_name);

/* Sets (replaces) a request header. Use set_bearer_token for tokens: its
 * value is treated as a secret. */
void              keika_http_request_set_header       (KeikaHttpRequest  *self,
                                                       const char        *name,
                                                       const char        *value);
/* "Authorization: Bearer @token". */
void              keika_http_request_set_bearer_token (KeikaHttpRequest  *self,
                                                       const char        *token);

/* An application/x-www-form-urlencoded body, fields in the order added,
 * names and values RFC 3986 escaped. Values of fields whose name contains
 * "token", "code", "verifier", "secret" or "password" are treated as
 * secrets. */
void              keika_http_request_add_form_field   (KeikaHttpRequest  *self,
                                                       const char        *name,
                                                       const char        *value);
/* The same from a table of string → string (fields sorted by name). */
void              keika_http_request_set_form         (KeikaHttpRequest  *self,
                                                       GHashTable        *fields);
/* A JSON body written by JsonGenerator. @content_type NULL means
 * "application/json" (Kitsu wants "application/vnd.api+json"). */
void              keika_http_request_set_json         (KeikaHttpRequest  *self,
                                                       JsonNode          *node,
                                                       const char        *content_type);
/* Any other body. */
void              keika_http_request_set_body         (KeikaHttpRequest  *self,
                                                       const char        *content_type,
                                                       GBytes            *body);

G_END_DECLS
