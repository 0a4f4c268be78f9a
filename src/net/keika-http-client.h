/* keika-http-client.h — the one HTTP client of Keika
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "keika-http-request.h"
#include "keika-http-response.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_HTTP_CLIENT (keika_http_client_get_type ())

G_DECLARE_FINAL_TYPE (KeikaHttpClient, keika_http_client, KEIKA, HTTP_CLIENT, GObject)

/* One SoupSession (user agent "Keika/VERSION"), used from the main thread,
 * async only. For each request the client:
 *  1. waits for the host's turn (rate limits: see keika-rate-limiter.h);
 *  2. sends it; an attempt fails with KEIKA_ERROR_TIMED_OUT when the site is
 *     silent for longer than the timeout (waiting for the answer, or between
 *     two pieces of the body);
 *  3. on 429 or MAL's 403 "DoS detected", blocks the host for Retry-After (or
 *     a default backoff) and, if that is no longer than the maximum wait,
 *     resends the request after it (at most 3 times); else fails with
 *     KEIKA_ERROR_RATE_LIMITED and the wait;
 *  4. resends an idempotent request after a 5xx, a 408 or a timeout, with
 *     exponential backoff and jitter (3 attempts in all by default; a 503's
 *     Retry-After is honoured when it is within the maximum wait). A request
 *     without KEIKA_HTTP_IDEMPOTENT is never resent after it may have
 *     reached the site;
 *  5. classifies the answer: 2xx succeeds (parsed when JSON is expected);
 *     anything else fails with a KEIKA_ERROR code (see keika-error.h) whose
 *     message quotes what the site said (MAL {error, message}, Laravel
 *     {message, errors: {field: […]}}, JSON:API / GraphQL errors[]), with
 *     any secret of the request scrubbed out. The error keeps the response
 *     (keika_http_response_from_error).
 * Cancelling fails with G_IO_ERROR_CANCELLED, at any step, and nothing is
 * resent afterwards.
 *
 * The debug log (G_MESSAGES_DEBUG=KeikaNet) has one line per attempt:
 * method, host, path (never the query), status, size and time. Headers,
 * bodies, tokens and codes are never logged. */

/* The client of the application, created on first use. (transfer none) */
KeikaHttpClient    *keika_http_client_get_default      (void);
/* A separate client with its own session, for tests. */
KeikaHttpClient    *keika_http_client_new              (void);

SoupSession        *keika_http_client_get_session      (KeikaHttpClient     *self);

/* Inactivity timeout of one attempt; default 30 000 ms. */
void                keika_http_client_set_timeout      (KeikaHttpClient     *self,
                                                        guint                timeout_ms);
/* @max_attempts ≥ 1 (default 3); the first resend waits about
 * @base_delay_ms (default 1000), then twice as long each time, plus up to
 * 50 % random jitter. */
void                keika_http_client_set_retry        (KeikaHttpClient     *self,
                                                        guint                max_attempts,
                                                        guint                base_delay_ms);
/* The longest a request waits for a host's rate limit before it fails with
 * KEIKA_ERROR_RATE_LIMITED; default 60 s. */
void                keika_http_client_set_max_wait     (KeikaHttpClient     *self,
                                                        guint                seconds);
/* The first wait after a 429 without Retry-After (doubling with each one
 * in a row); default 10 s. */
void                keika_http_client_set_default_backoff (KeikaHttpClient  *self,
                                                           guint             seconds);
/* A steady rate for @host: requests start evenly spaced, at most @requests
 * per @per_seconds (e.g. "graphql.anilist.co", 30, 60). 0 removes it. */
void                keika_http_client_set_rate         (KeikaHttpClient     *self,
                                                        const char          *host,
                                                        guint                requests,
                                                        guint                per_seconds);

void                keika_http_client_send_async       (KeikaHttpClient     *self,
                                                        KeikaHttpRequest    *request,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* (transfer full) */
KeikaHttpResponse  *keika_http_client_send_finish      (KeikaHttpClient     *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
