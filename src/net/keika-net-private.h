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

G_END_DECLS
