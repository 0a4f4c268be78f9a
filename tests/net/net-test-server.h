/* net-test-server.h — a small loopback server for the net tests
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "keika-net.h"
#include "test-util.h"

G_BEGIN_DECLS

/* A SoupServer on 127.0.0.1 (port 0) whose paths each play one behaviour;
 * see net-test-server.c for the list. It records when each path was hit. */
typedef struct _TestServer TestServer;

TestServer         *test_server_new          (void);
void                test_server_free         (TestServer        *server);
/* "http://127.0.0.1:PORT@path". (transfer full) */
char               *test_server_uri          (TestServer        *server,
                                              const char        *path);
guint               test_server_hits         (TestServer        *server,
                                              const char        *path);
/* Monotonic time of the @index-th hit on @path. */
gint64              test_server_hit_time     (TestServer        *server,
                                              const char        *path,
                                              guint              index);
/* The last request body and headers seen on @path. (transfer none) */
GBytes             *test_server_last_body    (TestServer        *server,
                                              const char        *path);
const char         *test_server_last_header  (TestServer        *server,
                                              const char        *path,
                                              const char        *name);
/* Number of entries in the ~1 MB JSON at /large. */
guint               test_server_large_count  (TestServer        *server);
/* Iterates the main context until every delayed answer was sent. */
void                test_server_drain        (TestServer        *server);

/* Sends on the default main context and iterates it until done. */
KeikaHttpResponse  *test_send                (KeikaHttpClient   *client,
                                              KeikaHttpRequest  *request,
                                              GCancellable      *cancellable,
                                              GError           **error);
/* Iterates the default main context for @ms milliseconds. */
void                test_spin                (guint              ms);
/* Whether a TCP connection to @address:@port is accepted. */
gboolean            test_can_connect         (const char        *address,
                                              guint              port);

G_END_DECLS
