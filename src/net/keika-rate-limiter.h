/* keika-rate-limiter.h — when the next request to a host may start
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define KEIKA_TYPE_RATE_LIMITER (keika_rate_limiter_get_type ())

G_DECLARE_FINAL_TYPE (KeikaRateLimiter, keika_rate_limiter, KEIKA, RATE_LIMITER, GObject)

/* Used by KeikaHttpClient; the layers above configure it through the client.
 *
 * Per host, requests start in the order they asked (FIFO), no sooner than:
 *  - the steady rate allows (keika_rate_limiter_set_rate: evenly spaced, one
 *    every @per_seconds / @requests seconds);
 *  - a block the host imposed has passed: 429 or MAL's 403 "DoS detected"
 *    (Retry-After in seconds or as an HTTP date; else X-RateLimit-Reset; else
 *    a default backoff that doubles with each strike), and
 *    X-RateLimit-Remaining: 0 (until X-RateLimit-Reset).
 * A request that would wait for a block longer than the maximum wait fails
 * at once with KEIKA_ERROR_RATE_LIMITED carrying the wait; so do the ones
 * already queued when a longer block arrives. Waiting for the steady rate
 * never fails. */

KeikaRateLimiter *keika_rate_limiter_new            (void);
void              keika_rate_limiter_set_rate       (KeikaRateLimiter   *self,
                                                     const char         *host,
                                                     guint               requests,
                                                     guint               per_seconds);
void              keika_rate_limiter_set_max_wait   (KeikaRateLimiter   *self,
                                                     guint               seconds);
guint             keika_rate_limiter_get_max_wait   (KeikaRateLimiter   *self);
/* The first wait after a 429 without Retry-After or X-RateLimit-Reset. */
void              keika_rate_limiter_set_default_backoff (KeikaRateLimiter *self,
                                                          guint             seconds);

/* Completes when a request to @host may start (it then counts as started).
 * @site names the site in a RATE_LIMITED message. @front puts the request
 * ahead of the queue (a request resent after a rate limit). */
void              keika_rate_limiter_acquire_async  (KeikaRateLimiter   *self,
                                                     const char         *host,
                                                     const char         *site,
                                                     gboolean            front,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean          keika_rate_limiter_acquire_finish (KeikaRateLimiter   *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

/* Reads the rate-limit headers of a response from @host. @rate_limited is
 * TRUE for a 429 or a 403 "DoS detected". Returns the wait, in
 * microseconds, that the host now imposes (0 when none). */
gint64            keika_rate_limiter_update         (KeikaRateLimiter   *self,
                                                     const char         *host,
                                                     guint               status,
                                                     SoupMessageHeaders *headers,
                                                     gboolean            rate_limited);

/* Parses Retry-After (delta seconds or an HTTP date). Returns the wait in
 * microseconds, or -1 when absent or unreadable. */
gint64            keika_parse_retry_after           (const char         *value);

G_END_DECLS
