/* keika-fake-sites.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A loopback fake of the sites Keika talks to (see ../shared/API.md).
 *
 * One SoupServer on 127.0.0.1 serves every fake site under its own path prefix.
 * Each site has one or more named endpoints, the base URLs Keika is given:
 *
 *   "mal-api"   http://127.0.0.1:PORT/mal/api/v2    KEIKA_MAL_API_URL
 *   "mal-auth"  http://127.0.0.1:PORT/mal/oauth2    KEIKA_MAL_AUTH_URL
 *   "mal-cdn"   http://127.0.0.1:PORT/mal/cdn       (cover images; no variable)
 *   "anilist-api"   http://127.0.0.1:PORT/anilist/graphql   KEIKA_ANILIST_API_URL
 *   "anilist-auth"  http://127.0.0.1:PORT/anilist/oauth     KEIKA_ANILIST_AUTH_URL
 *   "anilist-cdn"   http://127.0.0.1:PORT/anilist/cdn       (cover images; no variable)
 *   "anitrack-api"  http://127.0.0.1:PORT/anitrack/api/v1   KEIKA_ANITRACK_API_URL
 *   "kitsu-api"     http://127.0.0.1:PORT/kitsu/api/edge    KEIKA_KITSU_API_URL
 *   "kitsu-auth"    http://127.0.0.1:PORT/kitsu/api/oauth   KEIKA_KITSU_AUTH_URL
 *   "kitsu-media"   http://127.0.0.1:PORT/kitsu/media       (poster images; no variable)
 *
 * The sites share one anime catalogue (keika-fake-catalog.h), so an anime
 * has the same ids everywhere.
 *
 * The server runs on the thread-default main context of the caller of
 * keika_fake_sites_new(): iterate it (a test's GMainLoop) for it to answer.
 *
 * Patterns, used by fault injection and by the request log, are
 * "[METHOD ]PATH": PATH is a glob (GPatternSpec: `*` and `?`) when it holds
 * `*` or `?`, else a prefix ending at a path segment ("/users" matches
 * "/users" and "/users/@me/animelist" but not "/usersx"). PATH is matched
 * against the path below the endpoint ("/users/@me/animelist") and against
 * the full path on the server ("/mal/api/v2/users/@me/animelist"). NULL or ""
 * matches everything. The query string is never part of the match.
 *
 * The site argument of the functions below is a site name ("mal", "anilist"), an
 * endpoint name ("mal-api") or NULL for any.
 */

#define KEIKA_TYPE_FAKE_SITES (keika_fake_sites_get_type ())

G_DECLARE_FINAL_TYPE (KeikaFakeSites, keika_fake_sites, KEIKA, FAKE_SITES, GObject)

typedef struct _KeikaFakeMal KeikaFakeMal;
typedef struct _KeikaFakeAnilist KeikaFakeAnilist;
typedef struct _KeikaFakeAnitrack KeikaFakeAnitrack;
typedef struct _KeikaFakeKitsu KeikaFakeKitsu;

/**
 * KeikaFakeFault:
 * @KEIKA_FAKE_FAULT_NONE: no fault (in a request record: none was applied)
 * @KEIKA_FAKE_FAULT_RATE_LIMIT: 429 with `Retry-After: value` seconds (value < 0: no
 *   header); later requests to the site before that time are marked too_early
 * @KEIKA_FAKE_FAULT_DOS_DETECTED: 403 `{"error":"forbidden","message":"DoS detected"}`
 *   (MyAnimeList's rate limit)
 * @KEIKA_FAKE_FAULT_SERVER_ERROR: value is the status: 500 (when 0), 502 or 503, JSON body
 * @KEIKA_FAKE_FAULT_SLOW: wait value milliseconds, then answer normally (the main
 *   loop keeps running: the message is paused)
 * @KEIKA_FAKE_FAULT_HTML: a text/html page; value is the status: 200 (when 0) gives a
 *   CDN "challenge" page, anything else (503) a "maintenance" page
 * @KEIKA_FAKE_FAULT_TRUNCATED_JSON: the real answer with its body cut in half
 * @KEIKA_FAKE_FAULT_MALFORMED_JSON: the real answer with a body that is not JSON
 * @KEIKA_FAKE_FAULT_EXPIRED_TOKEN: the bearer token of the request expires just
 *   before it is handled (so it gets the site's 401 invalid_token); only requests
 *   that carry `Authorization: Bearer` match this fault
 * @KEIKA_FAKE_FAULT_CLOSE_CONNECTION: the connection is closed with no answer
 * @KEIKA_FAKE_FAULT_HELD: the site does what was asked at once, and holds its
 *   answer value milliseconds (it is lost when the client goes away first)
 *
 * The JSON bodies of the 429, 403 and 5xx answers are MyAnimeList's
 * `{"error":…,"message":…}`; AniList words them its own way,
 * `{"data":null,"errors":[{"message":"Too Many Requests.","status":429}]}`.
 */
typedef enum
{
  KEIKA_FAKE_FAULT_NONE,
  KEIKA_FAKE_FAULT_RATE_LIMIT,
  KEIKA_FAKE_FAULT_DOS_DETECTED,
  KEIKA_FAKE_FAULT_SERVER_ERROR,
  KEIKA_FAKE_FAULT_SLOW,
  KEIKA_FAKE_FAULT_HTML,
  KEIKA_FAKE_FAULT_TRUNCATED_JSON,
  KEIKA_FAKE_FAULT_MALFORMED_JSON,
  KEIKA_FAKE_FAULT_EXPIRED_TOKEN,
  KEIKA_FAKE_FAULT_CLOSE_CONNECTION,
  KEIKA_FAKE_FAULT_HELD,
} KeikaFakeFault;

/* How many matching requests get a fault: every one, until removed. */
#define KEIKA_FAKE_FOREVER (-1)

/**
 * KeikaFakeRequest:
 *
 * One request as the fake received it, in the log. Reference counted; all
 * fields are read-only.
 */
typedef struct
{
  /*< public >*/
  char               *site;            /* "mal", or NULL when no site matched */
  char               *endpoint;        /* "mal-api", or NULL */
  char               *method;          /* "GET", "PATCH", … */
  char               *path;            /* full path on the server, decoded */
  char               *site_path;       /* path below the endpoint, or the full path */
  char               *query;           /* raw query string, or NULL */
  GHashTable         *query_fields;    /* (element-type utf8 utf8) decoded; never NULL */
  SoupMessageHeaders *headers;         /* request headers */
  GBytes             *body;            /* request body; never NULL */
  GHashTable         *form;            /* (element-type utf8 utf8) decoded form fields of an
                                        * application/x-www-form-urlencoded body; never NULL */
  GPtrArray          *ignored_fields;  /* (element-type utf8) fields the site ignored because
                                        * it does not know them, e.g. "num_episodes_watched"
                                        * sent to PATCH …/my_list_status; never NULL */
  guint               status;          /* status answered; 0 while pending or when the
                                        * connection was closed */
  KeikaFakeFault      fault;           /* the fault injected into the answer */
  gboolean            too_early;       /* arrived before a Retry-After sent by its site
                                        * had elapsed */
  gint64              time;            /* g_get_monotonic_time() on arrival */
  gint64              answer_time;     /* g_get_monotonic_time() when answered, or 0 */

  /*< private >*/
  gint                ref_count;
} KeikaFakeRequest;

#define KEIKA_TYPE_FAKE_REQUEST (keika_fake_request_get_type ())

GType               keika_fake_request_get_type         (void) G_GNUC_CONST;
KeikaFakeRequest   *keika_fake_request_ref              (KeikaFakeRequest  *request);
void                keika_fake_request_unref            (KeikaFakeRequest  *request);
const char         *keika_fake_request_get_query        (KeikaFakeRequest  *request,
                                                         const char        *name);
const char         *keika_fake_request_get_form         (KeikaFakeRequest  *request,
                                                         const char        *name);
const char         *keika_fake_request_get_header       (KeikaFakeRequest  *request,
                                                         const char        *name);
gboolean            keika_fake_request_has_ignored_field (KeikaFakeRequest *request,
                                                         const char        *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaFakeRequest, keika_fake_request_unref)

KeikaFakeSites     *keika_fake_sites_new                (GError           **error);
KeikaFakeSites     *keika_fake_sites_new_on_port        (guint              port,
                                                         GError           **error);

guint               keika_fake_sites_get_port           (KeikaFakeSites    *self);
const char         *keika_fake_sites_get_base_url       (KeikaFakeSites    *self);
const char         *keika_fake_sites_get_url            (KeikaFakeSites    *self,
                                                         const char        *endpoint);
char              **keika_fake_sites_get_environ        (KeikaFakeSites    *self);
char              **keika_fake_sites_update_environ     (KeikaFakeSites    *self,
                                                         char             **envp);
void                keika_fake_sites_setenv             (KeikaFakeSites    *self);

KeikaFakeMal       *keika_fake_sites_get_mal            (KeikaFakeSites    *self);
KeikaFakeAnilist   *keika_fake_sites_get_anilist        (KeikaFakeSites    *self);
KeikaFakeAnitrack  *keika_fake_sites_get_anitrack       (KeikaFakeSites    *self);
KeikaFakeKitsu     *keika_fake_sites_get_kitsu          (KeikaFakeSites    *self);

/* Fault injection */
guint               keika_fake_sites_inject             (KeikaFakeSites    *self,
                                                         const char        *site,
                                                         const char        *pattern,
                                                         KeikaFakeFault     fault,
                                                         int                value,
                                                         int                count);
guint               keika_fake_sites_inject_spec        (KeikaFakeSites    *self,
                                                         const char        *spec,
                                                         GError           **error);
int                 keika_fake_sites_get_fault_remaining (KeikaFakeSites   *self,
                                                         guint              fault_id);
void                keika_fake_sites_remove_fault       (KeikaFakeSites    *self,
                                                         guint              fault_id);
void                keika_fake_sites_clear_faults       (KeikaFakeSites    *self);
const char         *keika_fake_fault_to_string          (KeikaFakeFault     fault);

/* A steady rate limit: at most limit requests per window_seconds to the site,
 * with X-RateLimit-Limit/-Remaining/-Reset on every answer and 429 with
 * Retry-After beyond it. limit 0 removes it. MyAnimeList publishes none;
 * AniList starts with 30 a minute (its "degraded" mode). */
void                keika_fake_sites_set_rate_limit     (KeikaFakeSites    *self,
                                                         const char        *site,
                                                         guint              limit,
                                                         guint              window_seconds);

/* The request log */
GPtrArray          *keika_fake_sites_get_requests       (KeikaFakeSites    *self,
                                                         const char        *site,
                                                         const char        *pattern);
guint               keika_fake_sites_count_requests     (KeikaFakeSites    *self,
                                                         const char        *site,
                                                         const char        *pattern);
KeikaFakeRequest   *keika_fake_sites_get_last_request   (KeikaFakeSites    *self,
                                                         const char        *site,
                                                         const char        *pattern);
guint               keika_fake_sites_count_too_early    (KeikaFakeSites    *self,
                                                         const char        *site);
guint               keika_fake_sites_count_ignored_fields (KeikaFakeSites  *self,
                                                         const char        *site);
void                keika_fake_sites_clear_requests     (KeikaFakeSites    *self);
void                keika_fake_sites_set_verbose        (KeikaFakeSites    *self,
                                                         gboolean           verbose);
void                keika_fake_sites_set_control        (KeikaFakeSites    *self,
                                                         gboolean           control);

G_END_DECLS
