/* test-e2e.c — the real keika binary, driven from outside
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the installed-layout binary as a person (or a script) would: imports a
 * MyAnimeList export from the command line (the running Keika does it in
 * its worker), exports the library from a second process while Keika runs,
 * kills Keika with SIGKILL, starts it again and finds every entry. Needs a display and a session bus (the test command provides
 * both); each test has its own data directory.
 */

#define G_LOG_DOMAIN "KeikaE2E"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hostile-files.h"
#include "test-util.h"

#define TIMEOUT_US (60 * G_USEC_PER_SEC)

typedef struct
{
  char  *dir;
  char  *data_home;
  char **envp;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;

  if (g_getenv ("DISPLAY") == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a display and a session bus");
      return;
    }

  fx->dir = g_dir_make_tmp ("keika-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  fx->data_home = g_build_filename (fx->dir, "data", NULL);
  config = g_build_filename (fx->dir, "config", NULL);
  cache = g_build_filename (fx->dir, "cache", NULL);

  fx->envp = g_get_environ ();
  fx->envp = g_environ_setenv (fx->envp, "XDG_DATA_HOME", fx->data_home, TRUE);
  fx->envp = g_environ_setenv (fx->envp, "XDG_CONFIG_HOME", config, TRUE);
  fx->envp = g_environ_setenv (fx->envp, "XDG_CACHE_HOME", cache, TRUE);
  fx->envp = g_environ_setenv (fx->envp, "GSK_RENDERER", "cairo", TRUE);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (fx->dir != NULL)
    remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->data_home);
  g_strfreev (fx->envp);
}

static const char *
keika_bin (void)
{
  const char *bin = g_getenv ("KEIKA_BIN");

  g_assert_nonnull (bin);
  return bin;
}

/* Runs keika with @args to the end; returns its exit status. */
static int
run_keika (Fixture     *fx,
           const char  *arg1,
           const char  *arg2,
           char       **err_out)
{
  const char *argv[] = { keika_bin (), arg1, arg2, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, fx->envp, G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, err_out, &status, &error);
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static GPid
start_keika (Fixture    *fx,
             const char *arg1,
             const char *arg2)
{
  const char *argv[] = { keika_bin (), arg1, arg2, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async (NULL, (char **) argv, fx->envp,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  return pid;
}

static gboolean
name_has_owner (const char *name)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);

  return owned;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The titles in a Keika JSON export, sorted; NULL when the file is missing. */
static GPtrArray *
read_export_titles (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  JsonArray *entries;

  if (!json_parser_load_from_file (parser, path, NULL))
    return NULL;

  entries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "entries");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonObject *anime = json_object_get_object_member (entry, "anime");
      JsonObject *names = json_object_get_object_member (anime, "titles");

      g_ptr_array_add (titles, g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT,
                                                json_object_get_string_member (names, "romaji"),
                                                json_object_get_string_member (entry, "status"),
                                                json_object_get_int_member (entry, "progress")));
    }
  g_ptr_array_sort (titles, compare_strings);

  return g_steal_pointer (&titles);
}

static void
kill_and_reap (GPid pid)
{
  int status;

  kill (pid, SIGKILL);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (pid);
}

static void
test_import_kill_restart (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *mal_export = g_test_build_filename (G_TEST_DIST, "data", "mal-export.xml", NULL);
  g_autofree char *export1 = NULL;
  g_autofree char *export2 = NULL;
  g_autoptr(GPtrArray) running = NULL;
  g_autoptr(GPtrArray) restarted = NULL;
  gint64 deadline;
  GPid pid;

  if (g_test_failed () || fx->dir == NULL)
    return;

  export1 = g_build_filename (fx->dir, "while-running.json", NULL);
  export2 = g_build_filename (fx->dir, "after-restart.json", NULL);

  /* A person imports their MAL export; Keika opens with it. */
  pid = start_keika (fx, "--import", mal_export);

  deadline = g_get_monotonic_time () + TIMEOUT_US;
  while (!name_has_owner (APPLICATION_ID))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }

  /* While it runs, a second keika exports what the library file holds;
   * the import runs in a worker, so ask until the whole list is there. */
  do
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_clear_pointer (&running, g_ptr_array_unref);
      g_assert_cmpint (run_keika (fx, "--export", export1, NULL), ==, 0);
      running = read_export_titles (export1);
      if (running == NULL || running->len < 7)
        g_usleep (50 * 1000);
    }
  while (running == NULL || running->len < 7);

  g_assert_cmpuint (running->len, ==, 7);

  /* Killed without a chance to clean up. */
  kill_and_reap (pid);
  deadline = g_get_monotonic_time () + TIMEOUT_US;
  while (name_has_owner (APPLICATION_ID))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }

  /* Started again, it has everything it had. */
  g_assert_cmpint (run_keika (fx, "--export", export2, NULL), ==, 0);
  restarted = read_export_titles (export2);
  g_assert_nonnull (restarted);
  g_assert_cmpuint (restarted->len, ==, running->len);
  for (guint i = 0; i < running->len; i++)
    g_assert_cmpstr (g_ptr_array_index (restarted, i), ==, g_ptr_array_index (running, i));
}

static void
test_damaged_library_is_kept (Fixture       *fx,
                              gconstpointer  data)
{
  g_autofree char *keika_dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *garbage = "Not a database, but the user's file all the same.\n";

  if (g_test_failed () || fx->dir == NULL)
    return;

  keika_dir = g_build_filename (fx->data_home, "keika", NULL);
  db = g_build_filename (keika_dir, "keika.db", NULL);
  out = g_build_filename (fx->dir, "out.json", NULL);
  g_assert_cmpint (g_mkdir_with_parents (keika_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (db, garbage, -1, NULL));

  /* The export fails with a message that says what is wrong, and the file
   * stays exactly as it was. */
  g_assert_cmpint (run_keika (fx, "--export", out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "keika.db"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (db, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, garbage);
}

static void
wait_name (gboolean owned)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  while (name_has_owner (APPLICATION_ID) != owned)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

/* The titles of the library once it holds @n, as a second keika exports it. */
static GPtrArray *
wait_export (Fixture    *fx,
             const char *path,
             guint       n)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;
  GPtrArray *titles = NULL;

  for (;;)
    {
      g_clear_pointer (&titles, g_ptr_array_unref);
      if (run_keika (fx, "--export", path, NULL) == 0 &&
          (titles = read_export_titles (path)) != NULL && titles->len >= n)
        return titles;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
}

/* The library is backed up once a day when Keika reads it; when the
 * library cannot be opened, Restore puts the newest backup in its place
 * (the damaged file kept beside it) and Keika starts again with it. */
static void
test_restore_backup (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *mal_export = g_test_build_filename (G_TEST_DIST, "data", "mal-export.xml", NULL);
  g_autofree char *keika_dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *backup_dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *app_path = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *garbage = "Damaged beyond reading.\n";
  const char *name;
  guint n_backups = 0, n_aside = 0;
  gint64 deadline;
  GPid pid;

  if (g_test_failed () || fx->dir == NULL)
    return;

  keika_dir = g_build_filename (fx->data_home, "keika", NULL);
  db = g_build_filename (keika_dir, "keika.db", NULL);
  backup_dir = g_build_filename (keika_dir, "backups", NULL);
  out = g_build_filename (fx->dir, "out.json", NULL);

  /* A library of seven anime; an empty one is not backed up. */
  pid = start_keika (fx, "--import", mal_export);
  wait_name (TRUE);
  before = wait_export (fx, out, 7);
  g_assert_false (g_file_test (backup_dir, G_FILE_TEST_IS_DIR));
  kill_and_reap (pid);
  wait_name (FALSE);

  /* Opened again: today's backup. */
  pid = start_keika (fx, NULL, NULL);
  deadline = g_get_monotonic_time () + TIMEOUT_US;
  while (n_backups == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
      g_clear_pointer (&dir, g_dir_close);
      dir = g_dir_open (backup_dir, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        n_backups += g_str_has_prefix (name, "keika-") && g_str_has_suffix (name, ".db");
    }
  kill_and_reap (pid);
  wait_name (FALSE);

  /* The library is damaged. */
  g_assert_true (g_file_set_contents (db, garbage, -1, NULL));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *companion = g_strconcat (db, i == 0 ? "-wal" : "-shm", NULL);

      g_unlink (companion);
    }
  g_assert_cmpint (run_keika (fx, "--export", out, NULL), ==, 1);

  /* Keika shows why, and Restore (app.restore-backup) puts the backup in
   * place; Keika starts again with it. */
  pid = start_keika (fx, NULL, NULL);
  wait_name (TRUE);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  app_path = g_strdelimit (g_strconcat ("/", APPLICATION_ID, NULL), ".", '/');
  deadline = g_get_monotonic_time () + TIMEOUT_US;
  for (;;)
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) call_error = NULL;

      reply = g_dbus_connection_call_sync (bus, APPLICATION_ID, app_path, "org.gtk.Actions",
                                           "Activate",
                                           g_variant_new ("(sava{sv})", "restore-backup", NULL, NULL),
                                           NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL,
                                           &call_error);
      if (reply != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }

  after = wait_export (fx, out, 7);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));

  /* The damaged file is kept, set aside. */
  g_clear_pointer (&dir, g_dir_close);
  dir = g_dir_open (keika_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, "-unreadable-") != NULL && g_str_has_suffix (name, ".db"))
      {
        g_autofree char *path = g_build_filename (keika_dir, name, NULL);
        g_autofree char *contents = NULL;

        g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
        g_assert_cmpstr (contents, ==, garbage);
        n_aside++;
      }
  g_assert_cmpuint (n_aside, ==, 1);

  /* The same process (started again in place) still runs Keika. */
  wait_name (TRUE);
  kill_and_reap (pid);
}

/* A private session bus that would start "a Keika installed on the
 * machine" (a script that leaves a mark) if anyone asked it to activate
 * the application id; its address. */
typedef struct
{
  GSubprocess *daemon;
  char        *address;
  char        *marker;
} InstalledBus;

static void
installed_bus_start (Fixture      *fx,
                     InstalledBus *bus)
{
  g_autofree char *services = g_build_filename (fx->dir, "services", NULL);
  g_autofree char *service = g_strdup_printf ("%s/%s.service", services, APPLICATION_ID);
  g_autofree char *service_text = NULL;
  g_autofree char *config = g_build_filename (fx->dir, "bus.conf", NULL);
  g_autofree char *config_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;

  bus->marker = g_build_filename (fx->dir, "installed-keika-started", NULL);
  service_text = g_strdup_printf ("[D-BUS Service]\nName=%s\nExec=/bin/sh -c 'touch %s; sleep 60'\n",
                                  APPLICATION_ID, bus->marker);
  test_write_file (service, service_text, 0644);
  config_text = g_strdup_printf ("<busconfig><type>session</type>"
                                 "<listen>unix:tmpdir=%s</listen><auth>EXTERNAL</auth>"
                                 "<servicedir>%s</servicedir>"
                                 "<policy context=\"default\">"
                                 "<allow send_destination=\"*\" eavesdrop=\"true\"/>"
                                 "<allow eavesdrop=\"true\"/><allow own=\"*\"/>"
                                 "</policy></busconfig>",
                                 fx->dir, services);
  test_write_file (config, config_text, 0644);

  bus->daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                  "dbus-daemon", "--nofork", "--print-address=1",
                                  "--config-file", config, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus->daemon));
  bus->address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bus->address);
}

static void
installed_bus_stop (InstalledBus *bus)
{
  g_subprocess_force_exit (bus->daemon);
  g_subprocess_wait (bus->daemon, NULL, NULL);
  g_clear_object (&bus->daemon);
  g_clear_pointer (&bus->address, g_free);
  g_clear_pointer (&bus->marker, g_free);
}

/* README's first command installs Keika, and with it a D-Bus service file
 * for its application id. The tests talk to their own Keika only: asking
 * for it before it is up never starts the installed one. */
static void
test_installed_keika_stays_out (Fixture       *fx,
                                gconstpointer  data)
{
  g_autofree char *app_path = g_strdelimit (g_strconcat ("/", APPLICATION_ID, NULL), ".", '/');
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  InstalledBus installed = { 0 };
  gboolean enabled = FALSE;
  gint64 deadline;
  GPid pid;

  if (g_test_failed () || fx->dir == NULL)
    return;

  installed_bus_start (fx, &installed);
  bus = g_dbus_connection_new_for_address_sync (installed.address,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);

  /* Asked before the test's Keika runs: no answer, and nothing started. */
  g_assert_false (test_describe_action (bus, APPLICATION_ID, app_path, "import", &enabled));
  g_usleep (300 * 1000);
  g_assert_false (g_file_test (installed.marker, G_FILE_TEST_EXISTS));

  /* The test's own Keika takes the name and answers. */
  fx->envp = g_environ_setenv (fx->envp, "DBUS_SESSION_BUS_ADDRESS", installed.address, TRUE);
  pid = start_keika (fx, NULL, NULL);
  deadline = g_get_monotonic_time () + TIMEOUT_US;
  while (!test_describe_action (bus, APPLICATION_ID, app_path, "import", &enabled) || !enabled)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
  g_assert_false (g_file_test (installed.marker, G_FILE_TEST_EXISTS));

  kill_and_reap (pid);
  g_dbus_connection_close_sync (bus, NULL, NULL);
  installed_bus_stop (&installed);
}

/* What PRAGMA integrity_check says of @db (through Python's sqlite3). */
static char *
integrity_check (const char *db)
{
  g_autofree char *uri = g_strdup_printf ("file:%s?mode=ro", db);
  const char *argv[] = { "python3", "-c",
                         "import sqlite3, sys\n"
                         "c = sqlite3.connect(sys.argv[1], uri=True)\n"
                         "print(c.execute('PRAGMA integrity_check').fetchone()[0])\n",
                         uri, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);

  return g_strstrip (out);
}

/* A careless person hands the running Keika a few hundred damaged files a
 * quarter of a second apart (as `gapplication action … import` does). Keika
 * keeps running, its database stays sound, and the library still holds what
 * the good file brought. */
static void
test_hostile_imports (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *mal_export = g_test_build_filename (G_TEST_DIST, "data", "mal-export.xml", NULL);
  g_autofree char *app_path = g_strdelimit (g_strconcat ("/", APPLICATION_ID, NULL), ".", '/');
  g_autofree char *files_dir = g_build_filename (fx->dir, "files", NULL);
  g_autofree char *export_path = g_build_filename (fx->dir, "after.json", NULL);
  g_autofree char *db = g_build_filename (fx->data_home, "keika", "keika.db", NULL);
  g_autofree char *xml_text = NULL;
  g_autofree char *check = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree char *log_path = g_build_filename (fx->dir, "keika.log", NULL);
  g_autofree char *log = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) keika = NULL;
  g_autoptr(GError) error = NULL;
  gsize xml_length = 0;
  gboolean enabled = FALSE;
  gint64 deadline;
  const char *n_env = g_getenv ("KEIKA_HOSTILE_FILES");
  guint n_random = n_env != NULL ? (guint) atoi (n_env) : 170;

  if (g_test_failed () || fx->dir == NULL)
    return;

  g_assert_true (g_file_get_contents (mal_export, &xml_text, &xml_length, NULL));
  xml = g_bytes_new_take (g_steal_pointer (&xml_text), xml_length);
  g_assert_cmpint (g_mkdir_with_parents (files_dir, 0700), ==, 0);
  files = hostile_files_make (files_dir, xml, n_random, 2026);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_environ (launcher, fx->envp);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  keika = g_subprocess_launcher_spawn (launcher, &error, keika_bin (), "--import", mal_export, NULL);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + TIMEOUT_US;
  while (!test_describe_action (bus, APPLICATION_ID, app_path, "import", &enabled) || !enabled)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }

  for (guint i = 0; i < files->len; i++)
    {
      HostileFile *file = g_ptr_array_index (files, i);

      test_activate_action (bus, APPLICATION_ID, app_path, "import",
                            g_variant_new_string (file->path));
      g_usleep (250 * 1000);
      if (g_subprocess_get_identifier (keika) == NULL)
        g_error ("Keika ended after %s (%s)", file->what, file->path);
    }
  g_test_message ("%u files imported a quarter of a second apart", files->len);

  /* Still running, and the library holds at least the good file's seven
   * anime (damaged copies of it may have changed their values). */
  do
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline + TIMEOUT_US * 4);
      g_assert_cmpint (run_keika (fx, "--export", export_path, NULL), ==, 0);
      g_clear_pointer (&titles, g_ptr_array_unref);
      titles = read_export_titles (export_path);
    }
  while (titles == NULL);
  g_assert_nonnull (g_subprocess_get_identifier (keika));
  g_assert_cmpuint (titles->len, >=, 7);
  for (guint i = 0; i < titles->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (titles, i), -1, NULL));

  g_subprocess_force_exit (keika);
  g_subprocess_wait (keika, NULL, NULL);
  check = integrity_check (db);
  g_assert_cmpstr (check, ==, "ok");

  /* Nothing that is not text reached a label, and nothing went wrong
   * quietly. */
  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_assert_null (strstr (log, "Invalid UTF-8"));
  g_assert_null (strstr (log, "CRITICAL"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/e2e/import-kill-restart", Fixture, NULL,
              fixture_setup, test_import_kill_restart, fixture_teardown);
  g_test_add ("/e2e/restore-backup", Fixture, NULL,
              fixture_setup, test_restore_backup, fixture_teardown);
  g_test_add ("/e2e/damaged-library-is-kept", Fixture, NULL,
              fixture_setup, test_damaged_library_is_kept, fixture_teardown);
  g_test_add ("/e2e/installed-keika-stays-out", Fixture, NULL,
              fixture_setup, test_installed_keika_stays_out, fixture_teardown);
  g_test_add ("/e2e/hostile-imports", Fixture, NULL,
              fixture_setup, test_hostile_imports, fixture_teardown);

  return g_test_run ();
}
