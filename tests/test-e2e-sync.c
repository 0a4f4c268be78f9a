/* test-e2e-sync.c — the real keika binary against the fake MyAnimeList program
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs keika and keika-fake-sites as separate processes and plays the person
 * at the keyboard and their web browser:
 *
 * - sign-in: app.sign-in('mal') over D-Bus opens "the browser" (a script of
 *   this test, made the default handler of http URLs), the test follows the
 *   sign-in page to Keika's loopback redirect address, and Keika pulls the
 *   list. No code, token or verifier the fake issued or received is left in
 *   any file under Keika's HOME, nor in what Keika printed with
 *   G_MESSAGES_DEBUG=all;
 * - an offline edit: with the fake closing every connection, one more episode
 *   (win.increment) and a Sync Now do not reach the site; Keika is killed and
 *   started again still offline; when the network is back, Sync Now sends the
 *   change exactly once, and neither another sync nor a restart sends it again;
 * - killed while a change is on its way: MyAnimeList has taken the change but
 *   its answer has not come back when Keika is killed; started again, Keika
 *   reads the list, finds the change there and does not send it again;
 * - a change MyAnimeList refuses for good (the anime was deleted from its
 *   database: PATCH answers 404) is sent once and then kept, as failed: no
 *   sync and no restart send it again by themselves. Retry sends it once
 *   more; Discard sets the entry back to what the site had and nothing is
 *   sent; Unlink keeps the entry here only, and later edits are not sent;
 * - Cancel while a long list is slow to come: the library is as it was, and
 *   the next sync brings what changed on the site.
 *
 * Settings must outlive each keika process, so they use the keyfile backend
 * in the test's XDG_CONFIG_HOME. The fake is driven through its control
 * paths (tests/fake-sites/keika-fake-control.c). Needs a display, a session
 * bus and an unlocked keyring (the test command provides them); KEIKA_BIN and
 * KEIKA_FAKE_SITES_BIN name the programs.
 */

#define G_LOG_DOMAIN "KeikaE2ESync"

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "test-util.h"

/* Any single wait; the sanitizer build is slow to start. */
#define WAIT_US (45 * G_USEC_PER_SEC)
#define POLL_US (50 * 1000)

#define MAL_USER "KeikaE2E"
#define CLIENT_ID "e2e5a1f0c0ffee00e2e5a1f0c0ffee00"
#define BROWSER_DESKTOP "keika-e2e-browser.desktop"

typedef struct
{
  char             *dir;           /* everything of the test */
  char             *home;          /* keika's HOME; its XDG dirs are under it */
  char             *browser_url;   /* where the "browser" writes what it opens */
  char             *log;           /* keika's stdout and stderr, every run */
  char            **envp;          /* keika's environment */
  char             *app_path;      /* the D-Bus object path of the application */
  char             *window_path;   /* … and of its first window */
  char             *auth_url;      /* KEIKA_MAL_AUTH_URL */
  char             *control_url;   /* KEIKA_FAKE_CONTROL_URL */
  guint             redirect_port;
  GSubprocess      *fake;
  GSubprocess      *keika;         /* (nullable) the running one */
  GDBusConnection  *bus;
  SoupSession      *session;
} Fixture;

static const char *
program (const char *variable)
{
  const char *path = g_getenv (variable);

  g_assert_nonnull (path);
  return path;
}

/* Children die with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* @entries: how many list entries the fake generates, or NULL for its few
 * sample entries (anime of its built-in catalogue). */
static void
start_fake (Fixture    *fx,
            const char *entries)
{
  const char *argv[] = { program ("KEIKA_FAKE_SITES_BIN"), "--control", "--mal-user", MAL_USER,
                         "--mal-client-id", CLIENT_ID,
                         entries != NULL ? "--entries" : NULL, entries, NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *api_url = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fx->fake = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* It prints the variables, then serves. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fx->fake));
  while (api_url == NULL || fx->auth_url == NULL || fx->control_url == NULL)
    {
      g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);
      const char *value;

      g_assert_no_error (error);
      g_assert_nonnull (line);
      value = strchr (line, '=');
      if (value == NULL)
        continue;
      value++;
      if (g_str_has_prefix (line, "KEIKA_MAL_API_URL="))
        api_url = g_strdup (value);
      else if (g_str_has_prefix (line, "KEIKA_MAL_AUTH_URL="))
        fx->auth_url = g_strdup (value);
      else if (g_str_has_prefix (line, "KEIKA_FAKE_CONTROL_URL="))
        fx->control_url = g_strdup (value);
    }

  fx->envp = g_environ_setenv (fx->envp, "KEIKA_MAL_API_URL", api_url, TRUE);
  fx->envp = g_environ_setenv (fx->envp, "KEIKA_MAL_AUTH_URL", fx->auth_url, TRUE);
}

/* The web browser is a script that notes the address it was asked to open. */
static void
install_browser (Fixture    *fx,
                 const char *data_home,
                 const char *config_home)
{
  g_autofree char *script = g_build_filename (fx->dir, "browser", "open-url", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop = g_build_filename (data_home, "applications", BROWSER_DESKTOP, NULL);
  g_autofree char *desktop_text = NULL;
  g_autofree char *mimeapps = g_build_filename (config_home, "mimeapps.list", NULL);

  fx->browser_url = g_build_filename (fx->dir, "browser", "url", NULL);
  script_text = g_strdup_printf ("#!/bin/sh\n"
                                 "printf '%%s\\n' \"$1\" > '%s.part' && mv '%s.part' '%s'\n",
                                 fx->browser_url, fx->browser_url, fx->browser_url);
  test_write_file (script, script_text, 0700);

  desktop_text = g_strdup_printf ("[Desktop Entry]\n"
                                  "Type=Application\n"
                                  "Name=Test Browser\n"
                                  "Exec=%s %%u\n"
                                  "MimeType=x-scheme-handler/http;x-scheme-handler/https;\n"
                                  "NoDisplay=true\n",
                                  script);
  test_write_file (desktop, desktop_text, 0600);
  test_write_file (mimeapps,
                   "[Default Applications]\n"
                   "x-scheme-handler/http=" BROWSER_DESKTOP "\n"
                   "x-scheme-handler/https=" BROWSER_DESKTOP "\n",
                   0600);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  g_autofree char *cache_home = NULL;
  g_autofree char *keyfile = NULL;
  g_autofree char *settings = NULL;

  if (g_getenv ("DISPLAY") == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a display and a session bus");
      return;
    }

  fx->dir = g_dir_make_tmp ("keika-e2e-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fx->home = g_build_filename (fx->dir, "home", NULL);
  data_home = g_build_filename (fx->home, ".local", "share", NULL);
  config_home = g_build_filename (fx->home, ".config", NULL);
  cache_home = g_build_filename (fx->home, ".cache", NULL);
  fx->log = g_build_filename (fx->dir, "keika.log", NULL);
  fx->redirect_port = test_free_port ();

  fx->app_path = g_strdelimit (g_strconcat ("/", APPLICATION_ID, NULL), ".", '/');
  fx->window_path = g_strconcat (fx->app_path, "/window/1", NULL);

  fx->envp = g_get_environ ();
  fx->envp = g_environ_setenv (fx->envp, "HOME", fx->home, TRUE);
  fx->envp = g_environ_setenv (fx->envp, "XDG_DATA_HOME", data_home, TRUE);
  fx->envp = g_environ_setenv (fx->envp, "XDG_CONFIG_HOME", config_home, TRUE);
  fx->envp = g_environ_setenv (fx->envp, "XDG_CACHE_HOME", cache_home, TRUE);
  fx->envp = g_environ_setenv (fx->envp, "GSETTINGS_BACKEND", "keyfile", TRUE);
  fx->envp = g_environ_setenv (fx->envp, "G_MESSAGES_DEBUG", "all", TRUE);
  fx->envp = g_environ_setenv (fx->envp, "GSK_RENDERER", "cairo", TRUE);
  fx->envp = g_environ_unsetenv (fx->envp, "GTK_USE_PORTAL");

  /* What a person would set in Preferences → Advanced. */
  keyfile = g_build_filename (config_home, "glib-2.0", "settings", "keyfile", NULL);
  settings = g_strdup_printf ("[io/github/keika/Keika]\n"
                              "mal-client-id='" CLIENT_ID "'\n"
                              "oauth-redirect-port=%u\n",
                              fx->redirect_port);
  test_write_file (keyfile, settings, 0600);

  install_browser (fx, data_home, config_home);
  start_fake (fx, data);

  fx->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  fx->session = soup_session_new_with_options ("timeout", 20, NULL);
}

static gboolean
wait_exit (GSubprocess *process,
           gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  /* GSubprocess reaps its child in GLib's worker thread. */
  while (g_subprocess_get_identifier (process) != NULL)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (10 * 1000);
    }

  return TRUE;
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (fx->keika != NULL)
    {
      g_subprocess_force_exit (fx->keika);
      wait_exit (fx->keika, WAIT_US);
    }
  if (fx->fake != NULL)
    {
      /* It stops cleanly (and, in a sanitizer build, without leaks). */
      g_subprocess_send_signal (fx->fake, SIGTERM);
      g_assert_true (wait_exit (fx->fake, WAIT_US));
      g_assert_true (g_subprocess_get_successful (fx->fake));
    }
  /* KEIKA_E2E_KEEP=1 keeps the files and keika.log of each test to look at. */
  if (fx->dir != NULL && g_getenv ("KEIKA_E2E_KEEP") != NULL)
    g_test_message ("kept %s", fx->dir);
  else if (fx->dir != NULL)
    remove_tree (fx->dir);

  g_clear_object (&fx->keika);
  g_clear_object (&fx->fake);
  g_clear_object (&fx->bus);
  g_clear_object (&fx->session);
  g_free (fx->dir);
  g_free (fx->home);
  g_free (fx->browser_url);
  g_free (fx->log);
  g_strfreev (fx->envp);
  g_free (fx->app_path);
  g_free (fx->window_path);
  g_free (fx->auth_url);
  g_free (fx->control_url);
}

/* Keika and everything it prints */

static GSubprocess *
spawn_keika (Fixture            *fx,
             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  int fd;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);

  fd = g_open (fx->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_subprocess_launcher_take_stdout_fd (launcher, fd);
  g_subprocess_launcher_set_environ (launcher, fx->envp);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  g_ptr_array_add (argv, (gpointer) program ("KEIKA_BIN"));
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  return process;
}

static gboolean
describe_action (Fixture    *fx,
                 const char *path,
                 const char *name,
                 gboolean   *enabled)
{
  return test_describe_action (fx->bus, APPLICATION_ID, path, name, enabled);
}

static void
wait_action_enabled (Fixture    *fx,
                     const char *path,
                     const char *name)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;
  gboolean enabled = FALSE;

  while (!describe_action (fx, path, name, &enabled) || !enabled)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%s %s is still not enabled", path, name);
      g_assert_nonnull (g_subprocess_get_identifier (fx->keika));
      g_usleep (POLL_US);
    }
}

/* What a click on a button or a menu item does. */
static void
activate_action (Fixture    *fx,
                 const char *path,
                 const char *name,
                 GVariant   *parameter)
{
  test_activate_action (fx->bus, APPLICATION_ID, path, name, parameter);
}

/* A button of an entry's sync problem: app.retry-change, app.discard-change,
 * app.unlink-entry or app.dismiss-conflicts, for MyAnimeList. */
static void
entry_sync_action (Fixture    *fx,
                   const char *name,
                   gint64      entry_id)
{
  activate_action (fx, fx->app_path, name, g_variant_new ("(sx)", "mal", entry_id));
}

/* Starts Keika and waits for its window. */
static void
start_keika (Fixture *fx)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;
  gboolean enabled;

  g_assert_null (fx->keika);
  fx->keika = spawn_keika (fx, NULL);

  while (!describe_action (fx, fx->window_path, "increment", &enabled))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_nonnull (g_subprocess_get_identifier (fx->keika));
      g_usleep (POLL_US);
    }
}

/* Waits until a sync that may be running has ended and the account can
 * sync again: Keika is signed in, has read its library and is idle. */
static void
wait_sync_idle (Fixture *fx)
{
  wait_action_enabled (fx, fx->app_path, "sync");
}

/* Sync Now, and its end. */
static void
sync_now (Fixture *fx)
{
  wait_sync_idle (fx);
  activate_action (fx, fx->app_path, "sync", NULL);
  wait_sync_idle (fx);
}

/* Quits with app.quit (Ctrl+Q) and expects a clean exit. */
static void
quit_keika (Fixture *fx)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_call (fx->bus, APPLICATION_ID, fx->app_path, "org.gtk.Actions", "Activate",
                          g_variant_new ("(sava{sv})", "quit", NULL, NULL),
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
  g_dbus_connection_flush_sync (fx->bus, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (wait_exit (fx->keika, WAIT_US));
  g_assert_true (g_subprocess_get_if_exited (fx->keika));
  g_assert_cmpint (g_subprocess_get_exit_status (fx->keika), ==, 0);
  g_clear_object (&fx->keika);
}

/* Ends Keika with SIGKILL: no chance to clean up. */
static void
kill_keika (Fixture *fx)
{
  g_subprocess_force_exit (fx->keika);
  g_assert_true (wait_exit (fx->keika, WAIT_US));
  g_clear_object (&fx->keika);
}

/* The library as `keika --export FILE.json` writes it from a second process:
 * MyAnimeList id → the entry object. */
static GHashTable *
export_library (Fixture *fx)
{
  static guint serial;
  g_autofree char *name = g_strdup_printf ("export-%u.json", ++serial);
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  const char *args[] = { "--export", path, NULL };
  g_autoptr(GSubprocess) export = spawn_keika (fx, args);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *entries;
  JsonArray *array;

  g_assert_true (wait_exit (export, WAIT_US));
  g_assert_true (g_subprocess_get_successful (export));

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_unlink (path);

  entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                   (GDestroyNotify) json_object_unref);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "entries");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      JsonObject *anime = json_object_get_object_member (entry, "anime");
      JsonObject *ids = json_object_get_object_member (anime, "ids");
      gint64 *mal_id = g_new (gint64, 1);

      *mal_id = json_object_get_int_member_with_default (ids, "mal", 0);
      g_hash_table_insert (entries, mal_id, json_object_ref (entry));
    }

  return entries;
}

static gint64
exported_progress (Fixture *fx,
                   gint64   mal_id)
{
  g_autoptr(GHashTable) entries = export_library (fx);
  JsonObject *entry = g_hash_table_lookup (entries, &mal_id);

  g_assert_nonnull (entry);
  return json_object_get_int_member (entry, "progress");
}

/* The fake, through its control paths */

static JsonNode *
control (Fixture    *fx,
         const char *method,
         const char *path,
         const char *body)
{
  g_autofree char *url = g_strconcat (fx->control_url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "text/plain", bytes);
    }
  answer = soup_session_send_and_read (fx->session, message, NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (answer, &length);
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    g_error ("%s %s: %u %.*s", method, path, soup_message_get_status (message),
             (int) length, data);

  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

static void
network_down (Fixture *fx)
{
  g_autoptr(JsonNode) answer = control (fx, "POST", "/faults", "mal::close:forever");
}

static void
network_back (Fixture *fx)
{
  g_autoptr(JsonNode) answer = control (fx, "DELETE", "/faults", NULL);
}

static void
forget_requests (Fixture *fx)
{
  g_autoptr(JsonNode) answer = control (fx, "DELETE", "/requests", NULL);
}

typedef struct
{
  guint  total;       /* requests to the site */
  guint  answered;    /* … that got through and were answered */
  guint  patches;     /* PATCH …/my_list_status of the anime, any fate */
  guint  patched;     /* … that the site took (2xx) */
  guint  not_found;   /* … that the site refused with 404 */
  char  *progress;    /* num_watched_episodes of the last one taken */
} Traffic;

static void
traffic_clear (Traffic *traffic)
{
  g_free (traffic->progress);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Traffic, traffic_clear)

/* What the fake received since the log was last emptied. */
static void
get_traffic (Fixture *fx,
             gint64   mal_id,
             Traffic *traffic)
{
  g_autoptr(JsonNode) log = control (fx, "GET", "/requests", NULL);
  g_autofree char *list_status = g_strdup_printf ("/anime/%" G_GINT64_FORMAT "/my_list_status",
                                                  mal_id);
  JsonArray *requests = json_node_get_array (log);

  memset (traffic, 0, sizeof *traffic);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      gint64 status = json_object_get_int_member (request, "status");
      const char *method = json_object_get_string_member (request, "method");

      if (g_strcmp0 (json_object_get_string_member_with_default (request, "site", NULL),
                     "mal") != 0)
        continue;

      traffic->total++;
      if (status != 0 && g_str_equal (json_object_get_string_member (request, "fault"), "none"))
        traffic->answered++;

      if (!g_str_equal (method, "PATCH") ||
          !g_str_equal (json_object_get_string_member (request, "site_path"), list_status))
        continue;

      traffic->patches++;
      if (status == SOUP_STATUS_NOT_FOUND)
        traffic->not_found++;
      if (status >= 200 && status < 300)
        {
          JsonObject *form = json_object_get_object_member (request, "form");
          const char *episodes;

          episodes = json_object_get_string_member_with_default (form, "num_watched_episodes",
                                                                 NULL);
          traffic->patched++;
          g_free (traffic->progress);
          traffic->progress = g_strdup (episodes);
        }
    }
}

/* Every code, token and verifier the fake MyAnimeList issued or received. */
static GStrv
get_secrets (Fixture *fx)
{
  g_autoptr(JsonNode) answer = control (fx, "GET", "/secrets", NULL);
  JsonArray *array = json_node_get_array (answer);
  GStrv secrets = g_new0 (char *, json_array_get_length (array) + 1);

  for (guint i = 0; i < json_array_get_length (array); i++)
    secrets[i] = g_strdup (json_array_get_string_element (array, i));

  return secrets;
}

/* The list MyAnimeList holds: anime id → episodes watched. */
static GHashTable *
get_site_list (Fixture *fx)
{
  g_autoptr(JsonNode) answer = control (fx, "GET", "/mal/list?user=" MAL_USER, NULL);
  JsonArray *array = json_node_get_array (answer);
  GHashTable *list = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      gint64 *anime_id = g_new (gint64, 1);

      *anime_id = json_object_get_int_member (entry, "anime_id");
      g_hash_table_insert (list, anime_id,
                           GINT_TO_POINTER (json_object_get_int_member (entry,
                                                                        "num_episodes_watched")));
    }

  return list;
}

/* An anime the user is watching on the site. */
static gint64
find_watching (Fixture *fx)
{
  g_autoptr(JsonNode) answer = control (fx, "GET", "/mal/list?user=" MAL_USER, NULL);
  JsonArray *array = json_node_get_array (answer);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "status"), "watching") == 0)
        return json_object_get_int_member (entry, "anime_id");
    }

  g_error ("The fake user watches nothing");
}

/* An anime of the site's list other than @except that is started and not
 * finished (one more episode is a change). */
static gint64
find_in_progress (Fixture *fx,
                  gint64   except)
{
  g_autoptr(JsonNode) answer = control (fx, "GET", "/mal/list?user=" MAL_USER, NULL);
  JsonArray *array = json_node_get_array (answer);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      const char *status = json_object_get_string_member (entry, "status");

      if (json_object_get_int_member (entry, "anime_id") != except &&
          (g_str_equal (status, "on_hold") || g_str_equal (status, "dropped") ||
           g_str_equal (status, "watching")))
        return json_object_get_int_member (entry, "anime_id");
    }

  g_error ("The fake user has no other anime in progress");
}

/* MyAnimeList deletes the anime from its database (and so from the list):
 * a change to it is refused for good, with 404. */
static void
delete_site_anime (Fixture *fx,
                   gint64   mal_id)
{
  g_autofree char *path = g_strdup_printf ("/mal/anime?id=%" G_GINT64_FORMAT, mal_id);
  g_autoptr(JsonNode) answer = control (fx, "DELETE", path, NULL);
}

/* The person sets the episodes watched of an entry on the site's web page. */
static void
set_site_progress (Fixture *fx,
                   gint64   mal_id,
                   gint64   episodes)
{
  g_autofree char *path = g_strdup_printf ("/mal/entry?user=" MAL_USER
                                           "&anime_id=%" G_GINT64_FORMAT
                                           "&num_episodes_watched=%" G_GINT64_FORMAT,
                                           mal_id, episodes);
  g_autoptr(JsonNode) answer = control (fx, "POST", path, NULL);

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer),
                                               "num_episodes_watched"), ==, episodes);
}

static void
add_fault (Fixture    *fx,
           const char *spec)
{
  g_autoptr(JsonNode) answer = control (fx, "POST", "/faults", spec);
}

/* The list reads (GET …/animelist) in the log: how many, and how many the
 * site answered. */
static guint
count_list_reads (Fixture *fx,
                  guint   *answered)
{
  g_autoptr(JsonNode) log = control (fx, "GET", "/requests", NULL);
  JsonArray *requests = json_node_get_array (log);
  guint count = 0;

  if (answered != NULL)
    *answered = 0;
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (!g_str_equal (json_object_get_string_member (request, "method"), "GET") ||
          !g_pattern_match_simple ("/users/*/animelist",
                                   json_object_get_string_member (request, "site_path")))
        continue;

      count++;
      if (answered != NULL && json_object_get_int_member (request, "status") != 0)
        (*answered)++;
    }

  return count;
}
/* The person signing in */

static char *
wait_browser (Fixture *fx)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;
  g_autofree char *text = NULL;

  while (!g_file_get_contents (fx->browser_url, &text, NULL, NULL))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Keika opened no web page");
      g_usleep (POLL_US);
    }

  return g_strdup (g_strstrip (text));
}

/* The browser GETs @url; returns the status and sets the Location. */
static guint
browse (Fixture     *fx,
        const char  *url,
        char       **location)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (message);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (fx->session, message, NULL, &error);
  g_assert_no_error (error);

  if (location != NULL)
    *location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                        "Location"));

  return soup_message_get_status (message);
}

/* Sign-in from the account button: the browser shows MyAnimeList's page,
 * the person approves, the page sends them back to Keika, which then pulls
 * the list. */
static void
sign_in (Fixture *fx)
{
  g_autofree char *authorize_prefix = g_strconcat (fx->auth_url, "/authorize?", NULL);
  g_autofree char *callback_prefix = g_strdup_printf ("http://127.0.0.1:%u/callback?",
                                                      fx->redirect_port);
  g_autofree char *url = NULL;
  g_autofree char *location = NULL;

  wait_action_enabled (fx, fx->app_path, "sign-in");
  g_unlink (fx->browser_url);
  activate_action (fx, fx->app_path, "sign-in", g_variant_new_string ("mal"));

  url = wait_browser (fx);
  g_assert_true (g_str_has_prefix (url, authorize_prefix));

  g_assert_cmpuint (browse (fx, url, &location), ==, SOUP_STATUS_FOUND);
  g_assert_nonnull (location);
  g_assert_true (g_str_has_prefix (location, callback_prefix));
  g_assert_cmpuint (browse (fx, location, NULL), ==, SOUP_STATUS_OK);

  wait_sync_idle (fx);
}

/* Secrets in files */

/* Whether the bytes of @data (binary, as a database is) hold @needle. */
static gboolean
contains (const char *data,
          gsize       length,
          const char *needle)
{
  gsize needle_length = strlen (needle);
  const char *end = data + length;
  const char *p = data;

  g_assert (needle_length > 0);

  while ((gsize) (end - p) >= needle_length &&
         (p = memchr (p, needle[0], end - p - needle_length + 1)) != NULL)
    {
      if (memcmp (p, needle, needle_length) == 0)
        return TRUE;
      p++;
    }

  return FALSE;
}

/* Names the secret of @secrets that @data holds, if any. */
static const char *
find_secret (const char  *data,
             gsize        length,
             const GStrv  secrets)
{
  for (guint i = 0; secrets[i] != NULL; i++)
    if (contains (data, length, secrets[i]))
      return secrets[i];

  return NULL;
}

/* Every regular file under @path that holds a secret, as "file: secret". */
static void
find_secrets_in_tree (const char  *path,
                      const GStrv  secrets,
                      GPtrArray   *found,
                      guint       *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;
      const char *secret;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          find_secrets_in_tree (child, secrets, found, n_files);
          continue;
        }
      if (!g_file_get_contents (child, &contents, &length, NULL))
        continue;

      (*n_files)++;
      secret = find_secret (contents, length, secrets);
      if (secret != NULL)
        g_ptr_array_add (found, g_strdup_printf ("%s: %s", child, secret));
    }
}

static void
assert_no_secret_in_files (Fixture     *fx,
                           const GStrv  secrets)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *db = g_build_filename (fx->home, ".local", "share", "keika", "keika.db", NULL);
  g_autofree char *keyfile = g_build_filename (fx->home, ".config", "glib-2.0", "settings",
                                               "keyfile", NULL);
  guint n_files = 0;

  /* The places the tokens could have gone are there to be searched. */
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (keyfile, G_FILE_TEST_IS_REGULAR));

  find_secrets_in_tree (fx->home, secrets, found, &n_files);
  g_test_message ("%u files under HOME searched for %u secrets", n_files, g_strv_length (secrets));
  for (guint i = 0; i < found->len; i++)
    g_test_message ("secret in a file: %s", (char *) g_ptr_array_index (found, i));
  g_assert_cmpuint (found->len, ==, 0);
}

static void
assert_no_secret_in_log (Fixture     *fx,
                         const GStrv  secrets)
{
  g_autofree char *log = NULL;
  gsize length;
  const char *secret;

  g_assert_true (g_file_get_contents (fx->log, &log, &length, NULL));
  /* It did print debug messages, so the check means something. */
  g_assert_nonnull (strstr (log, "-DEBUG: "));

  secret = find_secret (log, length, secrets);
  if (secret != NULL)
    g_test_message ("Keika printed the secret %s", secret);
  g_assert_null (secret);
}

/* Tests */

static void
test_sign_in (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GHashTable) site_list = NULL;
  g_autoptr(GHashTable) library = NULL;
  g_auto(GStrv) secrets = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (fx->dir == NULL)
    return;

  start_keika (fx);
  sign_in (fx);

  /* The library is the user's list on the site. */
  site_list = get_site_list (fx);
  library = export_library (fx);
  g_assert_cmpuint (g_hash_table_size (site_list), >, 0);
  g_assert_cmpuint (g_hash_table_size (library), ==, g_hash_table_size (site_list));
  g_hash_table_iter_init (&iter, site_list);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *entry = g_hash_table_lookup (library, key);

      g_assert_nonnull (entry);
      g_assert_cmpint (json_object_get_int_member (entry, "progress"), ==, GPOINTER_TO_INT (value));
    }

  quit_keika (fx);

  /* An authorization code, an access and a refresh token, the verifier. */
  secrets = get_secrets (fx);
  g_assert_cmpuint (g_strv_length (secrets), >=, 4);
  assert_no_secret_in_files (fx, secrets);
  assert_no_secret_in_log (fx, secrets);
}

static void
test_offline_edit (Fixture       *fx,
                   gconstpointer  data)
{
  g_auto(Traffic) traffic = { 0, };
  g_autoptr(GHashTable) library = NULL;
  g_autoptr(GHashTable) site_list = NULL;
  g_auto(GStrv) secrets = NULL;
  JsonObject *entry;
  gint64 anime_id;
  gint64 entry_id;
  gint64 progress;
  guint answered;
  g_autofree char *new_progress = NULL;

  if (fx->dir == NULL)
    return;

  start_keika (fx);
  sign_in (fx);

  anime_id = find_watching (fx);
  library = export_library (fx);
  entry = g_hash_table_lookup (library, &anime_id);
  g_assert_nonnull (entry);
  entry_id = json_object_get_int_member (entry, "id");
  progress = json_object_get_int_member (entry, "progress");
  new_progress = g_strdup_printf ("%" G_GINT64_FORMAT, progress + 1);

  /* Offline, the person watches one more episode and presses Sync Now. */
  network_down (fx);
  forget_requests (fx);
  activate_action (fx, fx->window_path, "increment", g_variant_new_int64 (entry_id));
  g_assert_cmpint (exported_progress (fx, anime_id), ==, progress + 1);
  sync_now (fx);

  get_traffic (fx, anime_id, &traffic);
  g_test_message ("offline: %u requests, %u answered, %u PATCH", traffic.total, traffic.answered,
                  traffic.patches);
  g_assert_cmpuint (traffic.total, >, 0);
  g_assert_cmpuint (traffic.answered, ==, 0);
  g_assert_cmpuint (traffic.patched, ==, 0);
  traffic_clear (&traffic);

  /* The computer goes down; it comes back up, still offline. */
  kill_keika (fx);
  forget_requests (fx);
  start_keika (fx);
  wait_sync_idle (fx);
  g_assert_cmpint (exported_progress (fx, anime_id), ==, progress + 1);
  get_traffic (fx, anime_id, &traffic);
  g_test_message ("offline after restart: %u requests, %u answered, %u PATCH", traffic.total,
                  traffic.answered, traffic.patches);
  g_assert_cmpuint (traffic.total, >, 0);
  g_assert_cmpuint (traffic.answered, ==, 0);
  traffic_clear (&traffic);

  /* The network is back: Sync Now sends the change, once. */
  network_back (fx);
  forget_requests (fx);
  sync_now (fx);
  get_traffic (fx, anime_id, &traffic);
  g_test_message ("online: %u requests, %u PATCH, %u taken", traffic.total, traffic.patches,
                  traffic.patched);
  g_assert_cmpuint (traffic.patched, ==, 1);
  g_assert_cmpuint (traffic.patches, ==, 1);
  g_assert_cmpstr (traffic.progress, ==, new_progress);
  site_list = get_site_list (fx);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (site_list, &anime_id)), ==, progress + 1);
  traffic_clear (&traffic);

  /* Neither another sync nor a restart sends it again. */
  sync_now (fx);
  get_traffic (fx, anime_id, &traffic);
  g_assert_cmpuint (traffic.patches, ==, 1);
  answered = traffic.answered;
  traffic_clear (&traffic);

  quit_keika (fx);
  start_keika (fx);
  wait_sync_idle (fx);
  get_traffic (fx, anime_id, &traffic);
  g_test_message ("after another sync and a restart: %u requests, %u PATCH", traffic.total,
                  traffic.patches);
  g_assert_cmpuint (traffic.patches, ==, 1);
  g_assert_cmpuint (traffic.patched, ==, 1);
  g_assert_cmpint (exported_progress (fx, anime_id), ==, progress + 1);
  /* The restarted Keika did sync, signed in with what it keeps in the
   * keyring (no file has it, see below). */
  g_assert_cmpuint (traffic.answered, >, answered);
  quit_keika (fx);

  secrets = get_secrets (fx);
  assert_no_secret_in_files (fx, secrets);
  assert_no_secret_in_log (fx, secrets);
}

/* Waits until the site has taken a PATCH of the anime (its answer may still
 * be held by the fake). */
static void
wait_patched (Fixture *fx,
              gint64   mal_id)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  for (;;)
    {
      g_auto(Traffic) traffic = { 0, };

      get_traffic (fx, mal_id, &traffic);
      if (traffic.patched > 0)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (POLL_US);
    }
}

static void
test_killed_mid_push (Fixture       *fx,
                      gconstpointer  test_data)
{
  g_auto(Traffic) traffic = { 0, };
  g_autoptr(GHashTable) site_list = NULL;
  g_autoptr(GHashTable) library = NULL;
  g_autoptr(JsonNode) fault = NULL;
  g_autofree char *new_progress = NULL;
  JsonObject *entry;
  gint64 anime_id, entry_id, progress;

  if (fx->dir == NULL)
    return;

  start_keika (fx);
  sign_in (fx);

  anime_id = find_watching (fx);
  library = export_library (fx);
  entry = g_hash_table_lookup (library, &anime_id);
  g_assert_nonnull (entry);
  entry_id = json_object_get_int_member (entry, "id");
  progress = json_object_get_int_member (entry, "progress");
  new_progress = g_strdup_printf ("%" G_GINT64_FORMAT, progress + 1);

  /* The site takes the change; its answer never comes back before the
   * computer goes down. */
  fault = control (fx, "POST", "/faults", "mal:PATCH /anime:held=600000:forever");
  forget_requests (fx);
  activate_action (fx, fx->window_path, "increment", g_variant_new_int64 (entry_id));
  wait_patched (fx, anime_id);
  kill_keika (fx);
  network_back (fx);

  site_list = get_site_list (fx);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (site_list, &anime_id)), ==, progress + 1);

  /* Started again, Keika reads the list and finds the change there. */
  start_keika (fx);
  wait_sync_idle (fx);
  sync_now (fx);
  get_traffic (fx, anime_id, &traffic);
  g_test_message ("after the restart: %u requests, %u PATCH, %u taken", traffic.total,
                  traffic.patches, traffic.patched);
  g_assert_cmpuint (traffic.patches, ==, 1);
  g_assert_cmpstr (traffic.progress, ==, new_progress);
  g_assert_cmpuint (traffic.answered, >, 0);
  g_assert_cmpint (exported_progress (fx, anime_id), ==, progress + 1);
  traffic_clear (&traffic);

  /* Nor does a restart after that. */
  quit_keika (fx);
  start_keika (fx);
  wait_sync_idle (fx);
  sync_now (fx);
  get_traffic (fx, anime_id, &traffic);
  g_assert_cmpuint (traffic.patches, ==, 1);
  quit_keika (fx);
}

/* Reads the export, for an entry of the library that has a MyAnimeList id:
 * its entry id and progress. */
static void
get_entry (Fixture *fx,
           gint64   mal_id,
           gint64  *entry_id,
           gint64  *progress)
{
  g_autoptr(GHashTable) library = export_library (fx);
  JsonObject *entry = g_hash_table_lookup (library, &mal_id);

  g_assert_nonnull (entry);
  *entry_id = json_object_get_int_member (entry, "id");
  *progress = json_object_get_int_member (entry, "progress");
}

static void
test_refused_change (Fixture       *fx,
                     gconstpointer  data)
{
  g_auto(Traffic) traffic = { 0, };
  gint64 anime_id, other_id;
  gint64 entry_id, other_entry_id;
  gint64 progress, other_progress;
  guint answered;

  if (fx->dir == NULL)
    return;

  start_keika (fx);
  sign_in (fx);

  anime_id = find_watching (fx);
  other_id = find_in_progress (fx, anime_id);
  get_entry (fx, anime_id, &entry_id, &progress);
  get_entry (fx, other_id, &other_entry_id, &other_progress);

  /* MyAnimeList deletes both anime from its database; the person, who does
   * not know, watches one more episode of the first and syncs. */
  delete_site_anime (fx, anime_id);
  delete_site_anime (fx, other_id);
  forget_requests (fx);
  activate_action (fx, fx->window_path, "increment", g_variant_new_int64 (entry_id));
  sync_now (fx);

  get_traffic (fx, anime_id, &traffic);
  g_test_message ("refused: %u requests, %u PATCH, %u answered 404", traffic.total,
                  traffic.patches, traffic.not_found);
  g_assert_cmpuint (traffic.patches, ==, 1);
  g_assert_cmpuint (traffic.not_found, ==, 1);
  /* The change is not lost. */
  g_assert_cmpint (exported_progress (fx, anime_id), ==, progress + 1);
  traffic_clear (&traffic);

  /* Refused for good: neither another sync nor a restart sends it again
   * (the row is kept, as failed: Retry below sends it). */
  sync_now (fx);
  get_traffic (fx, anime_id, &traffic);
  g_assert_cmpuint (traffic.patches, ==, 1);
  answered = traffic.answered;
  traffic_clear (&traffic);

  quit_keika (fx);
  start_keika (fx);
  sync_now (fx);
  get_traffic (fx, anime_id, &traffic);
  g_test_message ("after another sync and a restart: %u requests, %u PATCH", traffic.total,
                  traffic.patches);
  g_assert_cmpuint (traffic.answered, >, answered);
  g_assert_cmpuint (traffic.patches, ==, 1);
  g_assert_cmpint (exported_progress (fx, anime_id), ==, progress + 1);
  traffic_clear (&traffic);

  /* Retry: sent once more with the next push (refused again), and only once. */
  entry_sync_action (fx, "retry-change", entry_id);
  sync_now (fx);
  get_traffic (fx, anime_id, &traffic);
  g_test_message ("after Retry: %u PATCH, %u answered 404", traffic.patches, traffic.not_found);
  g_assert_cmpuint (traffic.patches, ==, 2);
  g_assert_cmpuint (traffic.not_found, ==, 2);
  traffic_clear (&traffic);
  sync_now (fx);
  get_traffic (fx, anime_id, &traffic);
  g_assert_cmpuint (traffic.patches, ==, 2);
  traffic_clear (&traffic);

  /* Discard: the entry is back at what MyAnimeList had, and nothing is sent. */
  entry_sync_action (fx, "discard-change", entry_id);
  g_assert_cmpint (exported_progress (fx, anime_id), ==, progress);
  sync_now (fx);
  get_traffic (fx, anime_id, &traffic);
  g_assert_cmpuint (traffic.patches, ==, 2);
  g_assert_cmpint (exported_progress (fx, anime_id), ==, progress);
  traffic_clear (&traffic);

  /* Unlink, on the other refused entry: it stays here, as edited, and
   * later edits are not sent. */
  activate_action (fx, fx->window_path, "increment", g_variant_new_int64 (other_entry_id));
  sync_now (fx);
  get_traffic (fx, other_id, &traffic);
  g_assert_cmpuint (traffic.patches, ==, 1);
  g_assert_cmpuint (traffic.not_found, ==, 1);
  traffic_clear (&traffic);

  entry_sync_action (fx, "unlink-entry", other_entry_id);
  g_assert_cmpint (exported_progress (fx, other_id), ==, other_progress + 1);
  activate_action (fx, fx->window_path, "increment", g_variant_new_int64 (other_entry_id));
  sync_now (fx);
  get_traffic (fx, other_id, &traffic);
  g_test_message ("after Unlink and an edit: %u PATCH", traffic.patches);
  g_assert_cmpuint (traffic.patches, ==, 1);
  g_assert_cmpint (exported_progress (fx, other_id), ==, other_progress + 2);
  traffic_clear (&traffic);

  /* The first one was not sent again meanwhile either. */
  get_traffic (fx, anime_id, &traffic);
  g_assert_cmpuint (traffic.patches, ==, 2);

  quit_keika (fx);
}

/* The fake's list for the cancel test: a few thousand entries, pages of
 * 1000; fewer in a sanitizer build, where each export of the library takes
 * seconds, but still more than one page. */
#if defined(__SANITIZE_ADDRESS__)
#define CANCEL_ENTRIES "1200"
#else
#define CANCEL_ENTRIES "3000"
#endif
/* How long each list page takes while the site is slow: far longer than
 * the test takes to press Cancel, so an answered page would show that
 * Keika waited for it; and shorter than Keika's timeout of a request
 * (30 s), so that no retry muddles what is seen. */
#define SLOW_LIST_MS "25000"

static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 anime_id;
  gint64 progress;
  gint64 deadline;
  gint64 cancelled_at;
  gboolean enabled;
  guint answered;

  if (fx->dir == NULL)
    return;

  start_keika (fx);
  sign_in (fx);
  before = export_library (fx);
  g_assert_cmpuint (g_hash_table_size (before), ==, g_ascii_strtoull (CANCEL_ENTRIES, NULL, 10));

  /* On the site, the person watched one more episode: a completed pull
   * would change the library. */
  anime_id = find_watching (fx);
  g_assert_nonnull (g_hash_table_lookup (before, &anime_id));
  progress = json_object_get_int_member (g_hash_table_lookup (before, &anime_id), "progress");
  set_site_progress (fx, anime_id, progress + 1);

  /* The site is slow to give the list; Sync Now (the whole list), then
   * Cancel once the first page is asked for. */
  add_fault (fx, "mal:GET /users/*/animelist:slow=" SLOW_LIST_MS ":forever");
  forget_requests (fx);
  wait_sync_idle (fx);
  activate_action (fx, fx->app_path, "sync-full", NULL);

  deadline = g_get_monotonic_time () + WAIT_US;
  while (count_list_reads (fx, NULL) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (POLL_US);
    }
  /* Keika answers meanwhile: it is syncing, and can be cancelled. */
  wait_action_enabled (fx, fx->app_path, "cancel-sync");
  g_assert_true (describe_action (fx, fx->app_path, "sync", &enabled));
  g_assert_false (enabled);

  cancelled_at = g_get_monotonic_time ();
  activate_action (fx, fx->app_path, "cancel-sync", NULL);
  wait_sync_idle (fx);
  g_test_message ("cancelled in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - cancelled_at) / 1000);

  /* It stopped without waiting for the page, and asked for no other. */
  g_assert_cmpuint (count_list_reads (fx, &answered), ==, 1);
  g_assert_cmpuint (answered, ==, 0);

  /* The library is unchanged. */
  after = export_library (fx);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *old = value;
      JsonObject *now = g_hash_table_lookup (after, key);

      g_assert_nonnull (now);
      if (!json_object_equal (old, now))
        {
          g_autoptr(JsonNode) old_node = json_node_init_object (json_node_alloc (), old);
          g_autoptr(JsonNode) now_node = json_node_init_object (json_node_alloc (), now);
          g_autofree char *old_text = json_to_string (old_node, FALSE);
          g_autofree char *now_text = json_to_string (now_node, FALSE);

          g_error ("The cancelled sync changed an entry: %s became %s", old_text, now_text);
        }
    }

  /* The site is fast again: Sync Now completes and brings the change. */
  network_back (fx);
  forget_requests (fx);
  sync_now (fx);
  g_assert_cmpuint (count_list_reads (fx, &answered), >, 0);
  g_assert_cmpuint (answered, ==, count_list_reads (fx, NULL));
  g_assert_cmpint (exported_progress (fx, anime_id), ==, progress + 1);

  quit_keika (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/e2e-sync/sign-in", Fixture, NULL,
              fixture_setup, test_sign_in, fixture_teardown);
  g_test_add ("/e2e-sync/offline-edit-pushed-once", Fixture, NULL,
              fixture_setup, test_offline_edit, fixture_teardown);
  g_test_add ("/e2e-sync/killed-mid-push", Fixture, NULL,
              fixture_setup, test_killed_mid_push, fixture_teardown);
  g_test_add ("/e2e-sync/refused-change", Fixture, NULL,
              fixture_setup, test_refused_change, fixture_teardown);
  g_test_add ("/e2e-sync/cancel", Fixture, CANCEL_ENTRIES,
              fixture_setup, test_cancel, fixture_teardown);

  return g_test_run ();
}
