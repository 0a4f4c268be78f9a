/* bench-launch.c — how long keika takes to show its window, and its memory
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-launch BARE-WINDOW-PROGRAM KEIKA-PROGRAM
 *
 * Starts the bare AdwApplicationWindow and keika one after the other, N_ROUNDS
 * times each (interleaved, the order swapped every round, after one warm-up
 * launch of each that is not counted). A launch is timed from just before the
 * spawn until the X server reports a top-level window whose _NET_WM_PID is the
 * child's pid as viewable (polled on one X connection every POLL_US; see
 * DESIGN.md, "Timing a launch"). After SETTLE_US the child's VmRSS is read
 * and it is ended (SIGTERM, then reaped).
 *
 * Every child gets a fresh HOME and XDG directories under one temporary
 * directory, GSETTINGS_BACKEND=memory, GSK_RENDERER=cairo and GDK_BACKEND=x11.
 * keika is unique on the session bus: before each keika launch its name must
 * be free, so every launch is the primary instance. keika opens a generated
 * 10,000-entry library, as the targets ask; for information it is
 * also launched over an empty one.
 *
 * Targets: the median keika launch (10,000 entries) at most TARGET_RATIO times
 * the median bare launch, and its median RSS at most TARGET_RSS_MB above the
 * bare one's.
 * Exits 1 when one is missed, 77 (skip) without a display.
 */

#define G_LOG_DOMAIN "KeikaBench"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include "bench-common.h"

#define N_ROUNDS         7
#define POLL_US          2000
#define SETTLE_US        (1000 * 1000)
#define MAP_TIMEOUT_US   (30 * G_USEC_PER_SEC)
#define NAME_TIMEOUT_US  (5 * G_USEC_PER_SEC)
#define TARGET_RATIO     1.3
#define TARGET_RSS_MB    40.0

typedef struct
{
  const char *label;
  const char *path;
  char      **envp;         /* (owned) */
  const char *bus_name;     /* (nullable): wait until free before launching */
  GArray     *map_ms;       /* (owned) */
  GArray     *rss_mb;       /* (owned) */
} Program;

static Atom net_wm_pid;

static int
ignore_x_errors (Display     *display,
                 XErrorEvent *event)
{
  /* A window can go away between XQueryTree and a later request. */
  return 0;
}

static gboolean
window_is_viewable_for_pid (Display *display,
                            Window   window,
                            pid_t    pid)
{
  Atom type = None;
  int format = 0;
  unsigned long n_items = 0;
  unsigned long bytes_after = 0;
  unsigned char *data = NULL;
  gboolean match = FALSE;
  XWindowAttributes attributes;

  if (XGetWindowProperty (display, window, net_wm_pid, 0, 1, False, XA_CARDINAL,
                          &type, &format, &n_items, &bytes_after, &data) == Success &&
      type == XA_CARDINAL && format == 32 && n_items == 1 && data != NULL)
    match = (pid_t) *(unsigned long *) (void *) data == pid;
  if (data != NULL)
    XFree (data);

  return match &&
         XGetWindowAttributes (display, window, &attributes) != 0 &&
         attributes.map_state == IsViewable;
}

/* Looks at the children of @window, and at theirs (a reparenting window
 * manager puts top-levels one level down; Xvfb alone has none). */
static gboolean
find_viewable_window (Display *display,
                      Window   window,
                      pid_t    pid,
                      guint    depth)
{
  Window root_return, parent_return;
  Window *children = NULL;
  unsigned int n_children = 0;
  gboolean found = FALSE;

  if (XQueryTree (display, window, &root_return, &parent_return, &children, &n_children) == 0)
    return FALSE;

  for (unsigned int i = 0; i < n_children && !found; i++)
    found = window_is_viewable_for_pid (display, children[i], pid);
  for (unsigned int i = 0; i < n_children && !found && depth > 1; i++)
    found = find_viewable_window (display, children[i], pid, depth - 1);

  if (children != NULL)
    XFree (children);

  return found;
}

static gboolean
name_has_owner (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

static gboolean
wait_for_name_released (GDBusConnection  *bus,
                        const char       *name,
                        GError          **error)
{
  gint64 start = g_get_monotonic_time ();

  while (name_has_owner (bus, name))
    {
      if (g_get_monotonic_time () - start > NAME_TIMEOUT_US)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                       "%s is still owned on the session bus: another instance is running", name);
          return FALSE;
        }
      g_usleep (POLL_US);
    }

  return TRUE;
}

static double
read_rss_mb (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return -1;

  line = strstr (contents, "\nVmRSS:");
  if (line == NULL)
    return -1;

  /* kB (KiB) in /proc; reported in MB of 10^6 bytes. */
  return g_ascii_strtod (line + strlen ("\nVmRSS:"), NULL) * 1024 / 1e6;
}

/* Ends the child and reaps it. */
static void
stop_child (pid_t pid)
{
  gint64 start = g_get_monotonic_time ();
  int status;

  kill (pid, SIGTERM);
  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      if (g_get_monotonic_time () - start > 3 * G_USEC_PER_SEC)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          return;
        }
      g_usleep (POLL_US);
    }
}

static gboolean
launch_once (Display          *display,
             GDBusConnection  *bus,
             Program          *program,
             gboolean          record,
             GError          **error)
{
  char *argv[] = { (char *) program->path, NULL };
  Window root = DefaultRootWindow (display);
  gint64 start;
  double map_ms, rss_mb;
  pid_t pid;
  int status;
  int res;

  if (bus != NULL && program->bus_name != NULL &&
      !wait_for_name_released (bus, program->bus_name, error))
    return FALSE;

  start = g_get_monotonic_time ();
  res = posix_spawn (&pid, program->path, NULL, NULL, argv, program->envp);
  if (res != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (res),
                   "Could not start %s: %s", program->path, g_strerror (res));
      return FALSE;
    }

  for (;;)
    {
      if (find_viewable_window (display, root, pid, 2))
        break;

      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s exited (status %d) before showing a window; "
                       "was another instance running?", program->label, status);
          return FALSE;
        }

      if (g_get_monotonic_time () - start > MAP_TIMEOUT_US)
        {
          stop_child (pid);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "%s showed no window in %d s", program->label,
                       (int) (MAP_TIMEOUT_US / G_USEC_PER_SEC));
          return FALSE;
        }

      g_usleep (POLL_US);
    }
  map_ms = bench_ms_since (start);

  g_usleep (SETTLE_US);
  rss_mb = read_rss_mb (pid);
  stop_child (pid);

  if (rss_mb < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s exited while settling", program->label);
      return FALSE;
    }

  g_print ("  %-22s %7.1f ms  %6.1f MB%s\n", program->label, map_ms, rss_mb,
           record ? "" : "  (warm-up, not counted)");

  if (record)
    {
      g_array_append_val (program->map_ms, map_ms);
      g_array_append_val (program->rss_mb, rss_mb);
    }

  return TRUE;
}

static char **
child_environment (const char *tmp,
                   const char *data_home,
                   const char *schema_dir)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *home = g_build_filename (tmp, "home", NULL);
  g_autofree char *config = g_build_filename (tmp, "config", NULL);
  g_autofree char *cache = g_build_filename (tmp, "cache", NULL);
  g_autofree char *state = g_build_filename (tmp, "state", NULL);

  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", cache, TRUE);
  envp = g_environ_setenv (envp, "XDG_STATE_HOME", state, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data_home, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  if (schema_dir != NULL)
    envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
  envp = g_environ_setenv (envp, "GSK_RENDERER", "cairo", TRUE);
  envp = g_environ_setenv (envp, "GDK_BACKEND", "x11", TRUE);
  envp = g_environ_setenv (envp, "GTK_A11Y", "none", TRUE);
  envp = g_environ_setenv (envp, "NO_AT_BRIDGE", "1", TRUE);
  /* The test environment's debugging aids would slow both programs down. */
  envp = g_environ_unsetenv (envp, "G_DEBUG");
  envp = g_environ_unsetenv (envp, "G_SLICE");
  envp = g_environ_unsetenv (envp, "G_MESSAGES_DEBUG");
  envp = g_environ_unsetenv (envp, "GTK_DEBUG");

  return g_steal_pointer (&envp);
}

static void
program_init (Program    *program,
              const char *label,
              const char *path,
              char      **envp,
              const char *bus_name)
{
  program->label = label;
  program->path = path;
  program->envp = envp;
  program->bus_name = bus_name;
  program->map_ms = g_array_new (FALSE, FALSE, sizeof (double));
  program->rss_mb = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
program_clear (Program *program)
{
  g_clear_pointer (&program->envp, g_strfreev);
  g_clear_pointer (&program->map_ms, g_array_unref);
  g_clear_pointer (&program->rss_mb, g_array_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *empty_data = NULL;
  g_autofree char *large_data = NULL;
  g_autofree char *large_db = NULL;
  g_autofree char *schema_dir = NULL;
  Program bare, keika, keika_large;
  Program *order[3];
  Display *display;
  double bare_ms, keika_ms, large_ms, bare_rss, keika_rss, large_rss, ratio, rss_diff;
  gboolean ok = TRUE;
  gint64 start;

  if (argc != 3)
    {
      g_printerr ("Usage: %s BARE-WINDOW-PROGRAM KEIKA-PROGRAM\n", argv[0]);
      return 2;
    }

  if (!bench_have_display ("bench-launch"))
    return 77;

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      g_print ("bench-launch: SKIP: cannot open display %s\n", g_getenv ("DISPLAY"));
      return 77;
    }
  XSetErrorHandler (ignore_x_errors);
  net_wm_pid = XInternAtom (display, "_NET_WM_PID", False);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_print ("note: no session bus (%s); cannot check that each keika is the primary instance\n",
               error->message);
      g_clear_error (&error);
    }

  /* Where `meson test` points the tests; otherwise next to the build's data. */
  schema_dir = g_strdup (g_getenv ("GSETTINGS_SCHEMA_DIR"));
  if (schema_dir == NULL)
    {
      g_autofree char *bin_dir = g_path_get_dirname (argv[2]);

      schema_dir = g_build_filename (bin_dir, "..", "data", NULL);
    }

  if (!(tmp = g_dir_make_tmp ("keika-bench-launch-XXXXXX", &error)))
    g_error ("%s", error->message);
  empty_data = g_build_filename (tmp, "data-empty", NULL);
  large_data = g_build_filename (tmp, "data-large", NULL);
  large_db = g_build_filename (large_data, "keika", "keika.db", NULL);
  for (guint i = 0; i < 4; i++)
    {
      static const char * const dirs[] = { "home", "config", "cache", "state" };
      g_autofree char *dir = g_build_filename (tmp, dirs[i], NULL);

      g_mkdir_with_parents (dir, 0700);
    }
  g_mkdir_with_parents (empty_data, 0700);
  {
    g_autofree char *keika_dir = g_path_get_dirname (large_db);

    g_mkdir_with_parents (keika_dir, 0700);
  }

  start = g_get_monotonic_time ();
  if (!bench_generate_library (large_db, BENCH_N_ENTRIES, &error))
    g_error ("%s", error->message);
  g_print ("generated a %d-entry library in %.0f ms\n", BENCH_N_ENTRIES, bench_ms_since (start));

  program_init (&bare, "bare window", argv[1],
                child_environment (tmp, empty_data, schema_dir), NULL);
  program_init (&keika, "keika (empty library)", argv[2],
                child_environment (tmp, empty_data, schema_dir), APPLICATION_ID);
  program_init (&keika_large, "keika (10,000 entries)", argv[2],
                child_environment (tmp, large_data, schema_dir), APPLICATION_ID);

  g_print ("launch to window mapped (GSK_RENDERER=cairo), then VmRSS after %.1f s:\n",
           SETTLE_US / 1e6);

  /* Warm-up: file caches, fontconfig, the empty store's creation. */
  if (!launch_once (display, bus, &bare, FALSE, &error) ||
      !launch_once (display, bus, &keika, FALSE, &error) ||
      !launch_once (display, bus, &keika_large, FALSE, &error))
    g_error ("%s", error->message);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      guint n = 0;

      if (round % 2 == 0)
        {
          order[n++] = &bare;
          order[n++] = &keika;
        }
      else
        {
          order[n++] = &keika;
          order[n++] = &bare;
        }
      order[n++] = &keika_large;

      g_print ("round %u:\n", round + 1);
      for (guint i = 0; i < n; i++)
        if (!launch_once (display, bus, order[i], TRUE, &error))
          g_error ("%s", error->message);
    }

  bare_ms = bench_median (bare.map_ms);
  keika_ms = bench_median (keika.map_ms);
  large_ms = bench_median (keika_large.map_ms);
  bare_rss = bench_median (bare.rss_mb);
  keika_rss = bench_median (keika.rss_mb);
  large_rss = bench_median (keika_large.rss_mb);
  ratio = large_ms / bare_ms;
  rss_diff = large_rss - bare_rss;

  g_print ("\nmedians of %d launches (worst in brackets):\n", N_ROUNDS);
  g_print ("  bare window:            %7.1f ms (%.1f)  RSS %6.1f MB\n",
           bare_ms, bench_worst (bare.map_ms), bare_rss);
  g_print ("  keika (10,000 entries): %7.1f ms (%.1f)  RSS %6.1f MB\n",
           large_ms, bench_worst (keika_large.map_ms), large_rss);
  g_print ("  keika (empty library):  %7.1f ms (%.1f)  RSS %6.1f MB  [for information]\n",
           keika_ms, bench_worst (keika.map_ms), keika_rss);
  g_print ("launch ratio keika (10,000 entries)/bare: %.2f (target at most %.1f) %s\n",
           ratio, TARGET_RATIO, ratio <= TARGET_RATIO ? "PASS" : "FAIL");
  g_print ("RSS keika (10,000 entries) - bare: %+.1f MB (target at most %.0f MB) %s\n",
           rss_diff, TARGET_RSS_MB, rss_diff <= TARGET_RSS_MB ? "PASS" : "FAIL");
  g_print ("for information: empty library / bare = %.2f, RSS %+.1f MB over bare\n",
           keika_ms / bare_ms, keika_rss - bare_rss);

  ok &= ratio <= TARGET_RATIO;
  ok &= rss_diff <= TARGET_RSS_MB;

  program_clear (&bare);
  program_clear (&keika);
  program_clear (&keika_large);
  XCloseDisplay (display);
  remove_tree (tmp);

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
