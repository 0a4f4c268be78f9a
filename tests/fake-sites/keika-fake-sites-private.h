/* keika-fake-sites-private.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-fake-sites.h"

G_BEGIN_DECLS

/* What one site implementation (keika-fake-mal.c, …) needs from the core.
 *
 * A site registers endpoints in its constructor. For each request the core
 * logs it, applies rate limits and faults, then calls the endpoint's handler
 * with a KeikaFakeContext; the handler answers with one of the reply
 * functions, which only record the answer: the core writes it to the
 * message afterwards (so it can cut or spoil the body). */

typedef struct _KeikaFakeContext KeikaFakeContext;

typedef void (*KeikaFakeHandler) (gpointer          site,
                                  KeikaFakeContext *ctx);

struct _KeikaFakeContext
{
  KeikaFakeSites     *sites;
  SoupServerMessage  *msg;
  KeikaFakeRequest   *request;         /* the log record */
  const char         *endpoint;        /* "mal-api" */
  const char         *path;            /* request->site_path */
  gboolean            expire_token;    /* an EXPIRED_TOKEN fault: expire the bearer token */

  /* the answer */
  guint               status;
  char               *content_type;    /* (owned) (nullable) */
  GBytes             *body;            /* (owned) (nullable) */
  char               *location;        /* (owned) (nullable) */
  SoupMessageHeaders *headers;         /* (owned) extra response headers */
};

void                keika_fake_sites_add_endpoint       (KeikaFakeSites    *self,
                                                         const char        *site,
                                                         const char        *endpoint,
                                                         const char        *prefix,
                                                         const char        *env_name,
                                                         KeikaFakeHandler   handler,
                                                         gpointer           site_object);

const char         *keika_fake_context_get_query        (KeikaFakeContext  *ctx,
                                                         const char        *name);
const char         *keika_fake_context_get_form         (KeikaFakeContext  *ctx,
                                                         const char        *name);
const char         *keika_fake_context_get_header       (KeikaFakeContext  *ctx,
                                                         const char        *name);
gboolean            keika_fake_context_is_method        (KeikaFakeContext  *ctx,
                                                         const char        *method);
gboolean            keika_fake_context_is_form          (KeikaFakeContext  *ctx);
char               *keika_fake_context_get_bearer       (KeikaFakeContext  *ctx);
void                keika_fake_context_ignore_field     (KeikaFakeContext  *ctx,
                                                         const char        *name);

void                keika_fake_reply                    (KeikaFakeContext  *ctx,
                                                         guint              status,
                                                         const char        *content_type,
                                                         GBytes            *body);
void                keika_fake_reply_json               (KeikaFakeContext  *ctx,
                                                         guint              status,
                                                         GString           *json);
void                keika_fake_reply_error              (KeikaFakeContext  *ctx,
                                                         guint              status,
                                                         const char        *error,
                                                         const char        *message);
void                keika_fake_reply_html               (KeikaFakeContext  *ctx,
                                                         guint              status,
                                                         const char        *title,
                                                         const char        *text);
void                keika_fake_reply_redirect           (KeikaFakeContext  *ctx,
                                                         const char        *location);
void                keika_fake_reply_header             (KeikaFakeContext  *ctx,
                                                         const char        *name,
                                                         const char        *value);

/* The body of an answer the core makes itself for a site: a 429 of its rate
 * limit or of a fault, the 403 and 5xx faults, a handler that gave no
 * answer. By default {"error":error,"message":message}, as MyAnimeList. */
typedef void (*KeikaFakeErrorReplier) (gpointer          site_object,
                                       KeikaFakeContext *ctx,
                                       guint             status,
                                       const char       *error,
                                       const char       *message);

void                keika_fake_sites_set_error_replier  (KeikaFakeSites    *self,
                                                         const char        *site,
                                                         KeikaFakeErrorReplier replier,
                                                         gpointer           site_object);
/* The steady rate limit of its site does not count nor refuse requests to
 * @endpoint (AniList limits its API, not its web pages). */
void                keika_fake_sites_exempt_from_rate_limit (KeikaFakeSites *self,
                                                         const char        *endpoint);

/* The shared anime catalogue (keika-fake-catalog.c) */
typedef struct _KeikaFakeCatalog KeikaFakeCatalog;

KeikaFakeCatalog   *keika_fake_catalog_new              (void);
void                keika_fake_catalog_free             (KeikaFakeCatalog  *catalog);
void                keika_fake_catalog_add_builtin      (KeikaFakeSites    *self);
KeikaFakeCatalog   *keika_fake_sites_get_catalog_data   (KeikaFakeSites    *self);

/* JSON writing: fast, for 6 MB lists */
void                keika_fake_json_string              (GString           *out,
                                                         const char        *str);
void                keika_fake_json_member              (GString           *out,
                                                         gboolean          *first,
                                                         const char        *name);

/* Random tokens: n random bytes as URL-safe text */
char               *keika_fake_random_token             (gsize              n_bytes);

/* The control paths under /_fake (keika-fake-control.c) */
void                keika_fake_control_serve            (KeikaFakeSites    *self,
                                                         SoupServerMessage *msg,
                                                         const char        *path,
                                                         GHashTable        *query);

G_END_DECLS
