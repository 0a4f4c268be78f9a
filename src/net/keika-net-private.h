/* keika-net-private.h — helpers shared by the files of src/net
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "keika-error.h"
#include "keika-http-request.h"
#include "keika-http-response.h"

G_BEGIN_DECLS

/* An error with the standard message and the extended fields set. */
GError             *keika_error_new_full            (KeikaError          code,
                                                     const char         *site,
                                                     const char         *detail,
                                                     guint               http_status,
                                                     guint               retry_after,
                                                     GObject            *response);
GObject            *keika_error_peek_response       (const GError       *error);
char               *keika_format_wait               (guint               seconds);

/* Seconds, rounded up, of a wait given in microseconds. */
guint               keika_wait_seconds              (gint64              wait_us);

/* Request internals for the client. */
const char         *keika_http_request_get_site_name (KeikaHttpRequest  *self);
/* A new message for one attempt, with headers and body. (transfer full) */
SoupMessage        *keika_http_request_build_message (KeikaHttpRequest  *self,
                                                      GError           **error);
/* Replaces in @text every secret the request carries (bearer token, form
 * values of fields such as code, code_verifier, refresh_token, password)
 * with "…", so a site that echoes one back cannot get it into a message. */
char               *keika_http_request_scrub         (KeikaHttpRequest  *self,
                                                      const char        *text);

/* The response, built by the client. (transfer full) */
KeikaHttpResponse  *keika_http_response_new         (SoupMessage       *message,
                                                      GBytes            *body,
                                                      KeikaJsonDoc      *json);

/* keika-http-body.c: what came back */
gboolean            keika_http_body_is_json_type     (const char        *content_type);
/* An HTML (or XML) page: by its type, or by its first character whatever
 * the type says. */
gboolean            keika_http_body_looks_like_html  (const char        *content_type,
                                                      GBytes            *body);
gboolean            keika_http_body_says_dos         (GBytes            *body);
KeikaJsonDoc       *keika_http_body_parse_json       (GBytes            *body,
                                                      GError           **error);
/* What the site said in an error body, or NULL. (transfer full) */
char               *keika_http_body_describe_error   (KeikaJsonDoc      *doc);
/* One line, valid UTF-8, no control characters, not too long, or NULL.
 * (transfer full) */
char               *keika_http_body_tidy_detail      (const char        *detail);

G_END_DECLS
