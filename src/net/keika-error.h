/* keika-error.h — the errors of the network layer, in terms a person can act on
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KEIKA_ERROR (keika_error_quark ())

/* Each code says what happened in a way that tells the user what to do; every
 * error in this domain carries a translated message that says both, ready to
 * be shown as it is.
 *
 * Cancellation is never a KeikaError: a cancelled operation fails with
 * G_IO_ERROR_CANCELLED, so callers can ignore it with one check.
 *
 * KEIKA_ERROR is an extended error domain (g_error_domain_register_static):
 * besides the message, an error remembers the HTTP status, the wait of a rate
 * limit and the response it came from. Read them with
 * keika_error_get_http_status(), keika_error_get_retry_after() and
 * keika_http_response_from_error(); g_error_copy() keeps them. */
typedef enum
{
  /* The site could not be reached: no network, DNS failure, refused. */
  KEIKA_ERROR_OFFLINE,
  /* The site (or the browser, for a sign-in) did not answer in time. */
  KEIKA_ERROR_TIMED_OUT,
  /* TLS failed (bad certificate, captive portal): nothing was sent. */
  KEIKA_ERROR_NOT_SECURE,
  /* 401: the token expired or was revoked; sign in again. */
  KEIKA_ERROR_SIGNED_OUT,
  /* 403: the account may not do this. */
  KEIKA_ERROR_FORBIDDEN,
  /* 429, or MAL's 403 "DoS detected": the wait is known
   * (keika_error_get_retry_after()). */
  KEIKA_ERROR_RATE_LIMITED,
  /* 404 or 410. */
  KEIKA_ERROR_NOT_FOUND,
  /* 400, 409, 422 and other 4xx: the site refused the values; the message
   * names the fields it complained about. */
  KEIKA_ERROR_REJECTED,
  /* 5xx with a data answer. */
  KEIKA_ERROR_SERVER_ERROR,
  /* The site answered with a web page (HTML) or other non-data. */
  KEIKA_ERROR_NOT_DATA,
  /* The answer claimed to be data but was truncated, invalid or of an
   * unexpected shape. */
  KEIKA_ERROR_MALFORMED,
  /* Sign-in: the user did not grant access in the browser. */
  KEIKA_ERROR_ACCESS_DENIED,
  /* Sign-in: the redirect carried an error or no code. */
  KEIKA_ERROR_SIGN_IN_FAILED,
  /* Sign-in: the loopback redirect port is taken by another program. */
  KEIKA_ERROR_PORT_IN_USE,
  /* The keyring (Secret Service or portal) is missing, locked or failed. */
  KEIKA_ERROR_KEYRING,
} KeikaError;

GQuark    keika_error_quark              (void);

/* A new error with the standard message for @code. @site is the name shown
 * to the user ("MyAnimeList"; a host name will do); @detail, when not NULL,
 * is what the site itself said and is quoted in the message. For the sites
 * layer, e.g. KEIKA_ERROR_MALFORMED when a page has an unexpected shape.
 * (transfer full) */
GError   *keika_error_new                (KeikaError     code,
                                          const char    *site,
                                          const char    *detail);

/* The HTTP status the error came from, or 0 when it did not come from an
 * HTTP response (or is not a KEIKA_ERROR). */
guint     keika_error_get_http_status    (const GError  *error);

/* For KEIKA_ERROR_RATE_LIMITED (and a 5xx that said Retry-After): the number
 * of seconds to wait before the site accepts requests again, rounded up;
 * 0 when unknown or not applicable. The message says the same in words. */
guint     keika_error_get_retry_after    (const GError  *error);

/* Whether trying the same thing again later, without the user doing
 * anything, may succeed: offline, timed out, rate limited, server error,
 * not data. The sync engine keeps such work queued. */
gboolean  keika_error_is_transient       (const GError  *error);

G_END_DECLS
