/* test-util.h — what every test program may share (GLib and GIO only)
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Removes @path and everything under it; symbolic links are removed, not
 * followed. Nothing happens when @path does not exist. */
void  remove_tree      (const char *path);
/* Writes @contents to @path with @mode, making its missing parents (0700);
 * fails the test when it cannot. */
void  test_write_file  (const char *path,
                        const char *contents,
                        int         mode);
/* A port on 127.0.0.1 that nothing listens on (bound, then closed). */
guint test_free_port   (void);

/* A GAsyncReadyCallback that keeps the result in the GAsyncResult * that
 * @user_data points to (which must still be NULL). */
void          test_store_result_cb (GObject       *source,
                                    GAsyncResult  *result,
                                    gpointer       user_data);
/* Iterates the default main context until *@result is set; returns it. */
GAsyncResult *test_wait_for        (GAsyncResult **result);

/* Describes action @action of the application @bus_name at @path through
 * org.gtk.Actions; FALSE when it is not (yet) on the bus. Never starts a
 * program by D-Bus activation: a Keika installed on the machine must not
 * answer for the one under test. */
gboolean      test_describe_action (GDBusConnection *bus,
                                    const char      *bus_name,
                                    const char      *path,
                                    const char      *action,
                                    gboolean        *enabled);
/* Activates @action (with @parameter, floating, or none) on @bus_name at
 * @path, never by D-Bus activation. */
void          test_activate_action (GDBusConnection *bus,
                                    const char      *bus_name,
                                    const char      *path,
                                    const char      *action,
                                    GVariant        *parameter);

G_END_DECLS
