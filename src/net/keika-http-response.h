/* keika-http-response.h — what came back
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <libsoup/soup.h>

#include "keika-json-doc.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_HTTP_RESPONSE (keika_http_response_get_type ())

G_DECLARE_FINAL_TYPE (KeikaHttpResponse, keika_http_response, KEIKA, HTTP_RESPONSE, GObject)

/* The answer to a request, immutable. A successful request gives one; a
 * failed one that got an answer keeps it in the error
 * (keika_http_response_from_error), so the site layer can look at the status
 * and headers when it needs to. */

guint               keika_http_response_get_status       (KeikaHttpResponse *self);
/* The URI that answered (after redirects). (transfer none) */
GUri               *keika_http_response_get_uri          (KeikaHttpResponse *self);
/* (transfer none) */
SoupMessageHeaders *keika_http_response_get_headers      (KeikaHttpResponse *self);
const char         *keika_http_response_get_header       (KeikaHttpResponse *self,
                                                          const char        *name);
/* The media type without parameters, lower case, or NULL. */
const char         *keika_http_response_get_content_type (KeikaHttpResponse *self);
/* The body as received (never NULL; may be empty). (transfer none) */
GBytes             *keika_http_response_get_body         (KeikaHttpResponse *self);
/* The root of the parsed body when the request expected JSON, or, for an
 * error response, when its body was JSON; else NULL. It lives as long as
 * @self. (transfer none) */
const KeikaJsonValue *keika_http_response_get_json       (KeikaHttpResponse *self);
/* The "error" parameter of a "WWW-Authenticate: Bearer" challenge, such as
 * "invalid_token" (MAL's expired access token: refresh once, retry once), or
 * NULL. (transfer full) */
char               *keika_http_response_dup_bearer_error (KeikaHttpResponse *self);

/* The response a KEIKA_ERROR came from, or NULL (not an HTTP answer, or not
 * a KEIKA_ERROR). (transfer none) */
KeikaHttpResponse  *keika_http_response_from_error       (const GError      *error);

G_END_DECLS
