/* test-accounts.c — the MyAnimeList account, as a person uses it
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real KeikaApplication in this process, against the in-process
 * fake MyAnimeList (tests/fake-sites/), and drives it through the Accounts
 * page of the Preferences window and the main window, asserting what the
 * person sees:
 *
 * - the Sign In button is usable only with a client id; without one a row
 *   offers the steps of registering Keika, in a dialog with the site's page,
 *   the redirect address and a button that copies it, and a client id typed
 *   into its row makes Sign In usable again;
 * - Sign In with no web browser: the group says none could be opened and
 *   shows the sign-in page's address (copied with its button) and the row
 *   for a pasted code. The test is the browser: it opens the copied address
 *   on the fake, which sends it on to Keika's loopback address. The account
 *   row then shows the user's name and "Last synced", the main window lists
 *   the user's anime, and the tokens are in the keyring;
 * - Check for Removed Anime (the whole list read) while the site is slow: the main window's sync bar
 *   names MyAnimeList, the group shows Cancel; Cancel ends the sync and the
 *   library is as it was (the next Sync Now brings what changed);
 * - a sync that fails (500 on every attempt): the group's error row says
 *   why, and the main window shows a toast with Retry, which syncs again;
 * - Sign Out: the account row goes, Sign In is back, the tokens leave the
 *   keyring, the library stays;
 * - Sign In while another program holds the redirect port: the group says
 *   so and keeps the row for the address; the address the browser ended on,
 *   pasted there, signs in;
 * - closing Preferences lets go of the account group (skipped: libadwaita
 *   1.2.2 keeps the groups of every closed AdwPreferencesWindow).
 *
 * At the end, Keika signs out, its windows close, and nothing keeps the
 * main window or the application alive (save those groups, which the test
 * disposes of first).
 *
 * The cases run in order inside one running application (g_test_run() is
 * called from its "activate"), each from the state the previous one left;
 * each also gets there by itself when run alone (-p).
 *
 * The application is not unique (G_APPLICATION_NON_UNIQUE): it does not
 * own its name on the session bus, so a keika that another test starts
 * meanwhile neither hands its command line to it nor is refused. Its
 * files (HOME and the XDG directories) are in a temporary directory; the
 * default web browser is one that cannot be started, so no real browser
 * ever opens. Needs a display, a session bus and an unlocked keyring (the
 * test command provides them).
 */

#define G_LOG_DOMAIN "KeikaTestAccounts"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "keika-account-group.h"
#include "keika-application.h"
#include "keika-client-id-dialog.h"
#include "keika-entry-editor.h"
#include "keika-entry-row.h"
#include "keika-fake-anilist.h"
#include "keika-fake-anitrack.h"
#include "keika-fake-mal.h"
#include "keika-fake-sites.h"
#include "keika-mal-site.h"
#include "keika-preferences-window.h"
#include "keika-secret.h"
#include "keika-window-private.h"

/* How long a condition may take to come true before the test fails: a sync
 * that fails waits between its attempts, and the sanitizer build is slow.
 * A passing run never waits for it. */
#define WAIT_TIMEOUT_SECONDS 60

#include "ui-test-util.h"

#define MAL_USER "KeikaAccountsTester"
#define ANITRACK_EMAIL "tester@example.org"
#define ANITRACK_PASSWORD "correct horse battery staple"
/* The default web browser, which cannot be started (isolate_files()). */
#define NO_BROWSER_ID "io.github.keika.KeikaTestNoBrowser"
#define LIST_PATH "GET /users/@me/animelist"
/* Longer than a toast takes to slide in (300 ms). */
#define TOAST_READ_US (600 * 1000)

#ifdef __SANITIZE_ADDRESS__
/* Added to tests/lsan.supp for this program: what the constructors of the
 * shared libraries allocate when they are loaded. GLib's makes its first
 * table of quarks there, and keeps it unreferenced once more than 2048
 * quarks exist (gquark.c, on purpose: readers take no lock), which this
 * program's GTK, libadwaita, libsoup and libsecret types and properties
 * go beyond. */
const char *
__lsan_default_suppressions (void)
{
  return "leak:_dl_init\n";
}
#endif

static struct
{
  char             *dir;            /* (owned) HOME and the XDG directories */
  KeikaFakeSites   *fake;           /* (owned) */
  KeikaFakeMal     *mal;            /* (unowned) the fake's MyAnimeList */
  KeikaFakeAnilist *anilist;        /* (unowned) the fake's AniList */
  KeikaFakeAnitrack *anitrack;      /* (unowned) the fake's AniTrack */
  GSettings        *settings;       /* (owned) */
  SoupSession      *browser;        /* (owned) the person's web browser */
  guint             redirect_port;  /* oauth-redirect-port */
  char             *user_id;        /* (owned) MAL_USER's id: the keyring's "account" */
  KeikaApplication *app;            /* (unowned) while it runs */
  GPtrArray        *groups;         /* (owned) GWeakRef to each account group shown */
  GPtrArray        *notifications;  /* (owned) (element-type utf8) the summaries shown */
  guint             notify_owner;   /* owns org.freedesktop.Notifications */
  int               status;         /* what g_test_run() returned */
} t;

/* Another program listening on @port of 127.0.0.1. (transfer full) */
static GSocket *
occupy_port (guint port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);

  return socket;
}

/* The process's files, before anything asks GLib where they are (it keeps
 * the first answer). */
static void
isolate_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *mimeapps = NULL;
  g_autofree char *launcher = NULL;
  const char *dirs[] = { "cache", "config", "data", "state" };

  t.dir = g_dir_make_tmp ("keika-test-accounts-XXXXXX", &error);
  g_assert_no_error (error);

  g_setenv ("HOME", t.dir, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (t.dir, dirs[i], NULL);
      g_autofree char *name = g_ascii_strup (dirs[i], -1);
      g_autofree char *variable = g_strdup_printf ("XDG_%s_HOME", name);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (variable, path, TRUE);
    }
  data_home = g_build_filename (t.dir, "data", NULL);
  config_home = g_build_filename (t.dir, "config", NULL);

  /* The default web browser cannot be started: GIO starts the programs of
   * desktop files through a launcher (gio-launch-desktop), and the one it
   * is given here does not exist. Without the portal, which would open a
   * real browser. */
  g_unsetenv ("GTK_USE_PORTAL");
  launcher = g_build_filename (t.dir, "no-such-launcher", NULL);
  g_setenv ("GIO_LAUNCH_DESKTOP", launcher, TRUE);
  desktop = g_build_filename (data_home, "applications", NO_BROWSER_ID ".desktop", NULL);
  test_write_file (desktop,
                   "[Desktop Entry]\n"
                   "Type=Application\n"
                   "Name=No Browser\n"
                   "Exec=true %u\n"
                   "MimeType=x-scheme-handler/http;x-scheme-handler/https;text/html;\n"
                   "NoDisplay=true\n",
                   0600);
  mimeapps = g_build_filename (config_home, "mimeapps.list", NULL);
  test_write_file (mimeapps,
                   "[Default Applications]\n"
                   "x-scheme-handler/http=" NO_BROWSER_ID ".desktop\n"
                   "x-scheme-handler/https=" NO_BROWSER_ID ".desktop\n"
                   "text/html=" NO_BROWSER_ID ".desktop\n",
                   0600);
}

/* The fake MyAnimeList, with MAL_USER and a few anime on their list. */
static void
start_fake (void)
{
  g_autoptr(GError) error = NULL;

  t.fake = keika_fake_sites_new (&error);
  g_assert_no_error (error);
  t.mal = keika_fake_sites_get_mal (t.fake);

  /* The keyring is shared with the tests running beside this one, which
   * sign in users 1001, 1002, … of fakes of their own: an id of its own
   * keeps their tokens and this test's apart. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("KeikaAccountsNobody%u", i);

      keika_fake_mal_add_user (t.mal, name);
    }
  t.user_id = g_strdup_printf ("%" G_GINT64_FORMAT, keika_fake_mal_add_user (t.mal, MAL_USER));
  keika_fake_mal_add_sample_entries (t.mal, MAL_USER);
  keika_fake_mal_set_browser_user (t.mal, MAL_USER);

  /* AniList: its sample list, and sign-ins that end in 3 days (so that
   * Keika warns). No rate limit of 30 a minute in a test. */
  t.anilist = keika_fake_sites_get_anilist (t.fake);
  keika_fake_sites_set_rate_limit (t.fake, "anilist", 0, 0);
  keika_fake_anilist_add_user (t.anilist, MAL_USER);
  keika_fake_anilist_add_sample_entries (t.anilist, MAL_USER);
  keika_fake_anilist_set_browser_user (t.anilist, MAL_USER);
  keika_fake_anilist_set_token_lifetime (t.anilist, 3 * 24 * 3600);

  /* AniTrack: email and password. */
  t.anitrack = keika_fake_sites_get_anitrack (t.fake);
  keika_fake_sites_set_rate_limit (t.fake, "anitrack", 0, 0);
  keika_fake_anitrack_add_user (t.anitrack, MAL_USER, ANITRACK_EMAIL, ANITRACK_PASSWORD);
  keika_fake_anitrack_add_sample_entries (t.anitrack, MAL_USER);

  /* KEIKA_MAL_API_URL and KEIKA_MAL_AUTH_URL, read when the site object is made. */
  keika_fake_sites_setenv (t.fake);
  /* AniList's API by another host name, as it is in life: its 30 requests a
   * minute are then not MyAnimeList's too (rates are kept per host). */
  {
    g_autofree char *url = g_strdup (keika_fake_sites_get_url (t.fake, "anilist-api"));
    g_autofree char *other = NULL;
    char *host = strstr (url, "127.0.0.1");

    g_assert_nonnull (host);
    *host = '\0';
    other = g_strconcat (url, "localhost", host + strlen ("127.0.0.1"), NULL);
    g_setenv ("KEIKA_ANILIST_API_URL", other, TRUE);
  }
}

/* The desktop's notification service, as GLib's backend uses it: Notify
 * records the summary (the test reads it), GetCapabilities and
 * GetServerInformation answer as a plain server would. */
static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "  </interface>"
  "</node>";

static void
notifications_call_cb (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *object_path,
                       const char            *interface_name,
                       const char            *method_name,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_ptr_array_add (t.notifications, g_strdup (summary));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", t.notifications->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "keika-test", "Keika", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
notifications_bus_cb (GDBusConnection *connection,
                      const char      *name,
                      gpointer         user_data)
{
  static const GDBusInterfaceVTable vtable = { notifications_call_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);

  g_dbus_connection_register_object (connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, NULL);
}

static void
start_notifications (void)
{
  gboolean *acquired = NULL;

  t.notifications = g_ptr_array_new_with_free_func (g_free);
  t.notify_owner = g_bus_own_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications",
                                   G_BUS_NAME_OWNER_FLAGS_NONE, notifications_bus_cb,
                                   NULL, NULL, acquired, NULL);
}

/* What the person would set in Preferences: the client id the fake knows,
 * and a redirect port nothing uses. */
static void
set_up_settings (void)
{
  t.settings = g_settings_new ("io.github.keika.Keika");
  t.redirect_port = test_free_port ();
  g_settings_set_string (t.settings, "mal-client-id", KEIKA_FAKE_MAL_CLIENT_ID);
  g_settings_set_string (t.settings, "anilist-client-id", KEIKA_FAKE_ANILIST_CLIENT_ID);
  g_settings_set_value (t.settings, "oauth-redirect-port", g_variant_new_uint16 (t.redirect_port));
}

/* Widgets */

static guint
count_toplevels_of_type (GType type)
{
  g_autoptr(GPtrArray) found = list_toplevels_of_type (type);

  return found->len;
}

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;

      if ((found = find_widget_of_type (child, type)) != NULL)
        return found;
    }

  return NULL;
}

/* A label under @widget whose text (markup parsed) begins with @prefix. */
static GtkWidget *
find_label_starting (GtkWidget  *widget,
                     const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), prefix))
        return child;

      if ((found = find_label_starting (child, prefix)) != NULL)
        return found;
    }

  return NULL;
}

/* On screen: in a shown window, on the page shown, in a shown row. */
static gboolean
shown (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* What a click, a tap or Enter on the focused button does: the button is
 * pressed, and a moment later clicked. */
static void
press (gpointer button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (shown (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
}

static KeikaWindow *
main_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (t.app)); l != NULL; l = l->next)
    if (KEIKA_IS_WINDOW (l->data))
      return l->data;

  g_error ("Keika has no main window");
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
remember_group (KeikaAccountGroup *group)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, group);
  g_ptr_array_add (t.groups, ref);
}

/* How many account groups shown so far still exist. */
static guint
count_groups_alive (void)
{
  guint n = 0;

  for (guint i = 0; i < t.groups->len; i++)
    {
      g_autoptr(GObject) group = g_weak_ref_get (g_ptr_array_index (t.groups, i));

      n += group != NULL;
    }

  return n;
}

/* Every widget of @type under @widget, in order. */
static void
collect_widgets_of_type (GtkWidget *widget,
                         GType      type,
                         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      else
        collect_widgets_of_type (child, type, found);
    }
}

/* The preferences window with its Accounts page shown. */
typedef struct
{
  AdwPreferencesWindow *window;  /* (unowned) GTK's list of toplevels holds it */
  KeikaAccountGroup    *group;   /* (unowned) */
} Accounts;

/* Opens Preferences (Ctrl+comma) and goes to its Accounts page. */
static void
open_accounts (Accounts *accounts)
{
  g_autoptr(GPtrArray) windows = NULL;
  AdwPreferencesPage *page;

  g_action_group_activate_action (G_ACTION_GROUP (t.app), "preferences", NULL);
  windows = list_toplevels_of_type (KEIKA_TYPE_PREFERENCES_WINDOW);
  g_assert_cmpuint (windows->len, ==, 1);
  accounts->window = g_ptr_array_index (windows, 0);

  page = ADW_PREFERENCES_PAGE (gtk_widget_get_template_child (GTK_WIDGET (accounts->window),
                                                              KEIKA_TYPE_PREFERENCES_WINDOW,
                                                              "accounts_page"));
  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page (accounts->window, page);

  accounts->group = KEIKA_ACCOUNT_GROUP (find_widget_of_type (GTK_WIDGET (page),
                                                              KEIKA_TYPE_ACCOUNT_GROUP));
  g_assert_nonnull (accounts->group);
  wait_until (shown (accounts->group));
  remember_group (accounts->group);
}

/* Closes the window. Its account group may live on (see
 * test_preferences_released()). */
static void
close_accounts (Accounts *accounts)
{
  GObject *alive = G_OBJECT (accounts->window);

  g_object_add_weak_pointer (alive, (gpointer *) &alive);
  gtk_window_destroy (GTK_WINDOW (accounts->window));
  wait_until (alive == NULL);
  accounts->window = NULL;
  accounts->group = NULL;
}

/* A row or button of the account group, by its id in the template. */
static gpointer
part (Accounts   *accounts,
      const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (accounts->group),
                                                   KEIKA_TYPE_ACCOUNT_GROUP, name);

  g_assert_nonnull (object);
  return object;
}

/* Types @text into the entry row and applies it as the person would: the
 * apply button appears once the text is edited, and is clicked. */
static void
type_and_apply (AdwEntryRow *row,
                const char  *text)
{
  GtkWidget *apply;

  g_assert_true (shown (row));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  gtk_editable_set_text (GTK_EDITABLE (row), text);

  /* The row's only button. */
  apply = find_widget_of_type (GTK_WIDGET (row), GTK_TYPE_BUTTON);
  g_assert_nonnull (apply);
  wait_until (shown (apply));
  g_signal_emit_by_name (apply, "clicked");
}

/* The library in the main window */

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (KEIKA_IS_ENTRY_ROW (child))
        {
          if (keika_entry_row_get_entry (KEIKA_ENTRY_ROW (child)) != NULL && shown (child))
            g_ptr_array_add (rows, child);
        }
      else
        {
          collect_rows (child, rows);
        }
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The titles of the rows the main window shows, sorted, joined by "|".
 * (transfer full) */
static char *
shown_titles (void)
{
  KeikaWindow *window = main_window ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (window->list_view), rows);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (titles, (gpointer) keika_entry_row_get_title_text (rows->pdata[i]));
  g_ptr_array_sort (titles, compare_strings);
  g_ptr_array_add (titles, NULL);

  return g_strjoinv ("|", (char **) titles->pdata);
}

/* How many entries the main window's list holds (shown or scrolled to). */
static guint
n_listed (void)
{
  return g_list_model_get_n_items (keika_window_get_visible_model (main_window ()));
}

static gboolean
shows_titles (const char *expected)
{
  g_autofree char *titles = shown_titles ();

  return g_str_equal (titles, expected);
}

/* Waits until the main window shows the titles @expected, or
 * @or_expected (nullable). */
static void
wait_for_titles (const char *expected,
                 const char *or_expected)
{
  gint64 end = g_get_monotonic_time () + WAIT_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (5, wake_up_cb, NULL);

  while (!shows_titles (expected) && (or_expected == NULL || !shows_titles (or_expected)))
    {
      if (g_get_monotonic_time () > end)
        {
          g_autofree char *titles = shown_titles ();

          g_error ("The main window shows “%s”, not “%s”", titles, expected);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake_id);
}

/* The romaji titles of the anime on MAL_USER's list on the site, sorted,
 * joined by "|" (what the rows show with the default settings). */
#define SAMPLE_TITLES \
  "Cowboy Bebop|Death Note|Fullmetal Alchemist: Brotherhood|" \
  "Sen to Chihiro no Kamikakushi|Shingeki no Kyojin|Sousou no Frieren"
#define SAMPLE_TITLES_AND_STEINS_GATE \
  "Cowboy Bebop|Death Note|Fullmetal Alchemist: Brotherhood|" \
  "Sen to Chihiro no Kamikakushi|Shingeki no Kyojin|Sousou no Frieren|Steins;Gate"

/* The keyring */

/* What the keyring holds for MAL_USER's account, or NULL. (transfer full) */
static char *
keyring_lookup (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;
  char *copy;

  keika_secret_lookup_async (KEIKA_MAL_SECRET_SITE, t.user_id, NULL, test_store_result_cb, &result);
  wait_until (result != NULL);
  secret = keika_secret_lookup_finish (result, &error);
  g_assert_no_error (error);
  copy = g_strdup (secret);
  if (secret != NULL)
    keika_secret_free (secret);

  return copy;
}

/* Whether the keyring holds a token the fake issued to this test. */
static gboolean
keyring_holds_token (void)
{
  g_autofree char *secret = keyring_lookup ();
  g_auto(GStrv) issued = keika_fake_mal_dup_secrets (t.mal);

  if (secret == NULL)
    return FALSE;

  for (guint i = 0; issued[i] != NULL; i++)
    if (issued[i][0] != '\0' && strstr (secret, issued[i]) != NULL)
      return TRUE;

  return FALSE;
}

/* The person's web browser */

/* Opens @url; returns the status and the Location of a redirect, which the
 * browser does not follow by itself here. */
static guint
browse (const char  *url,
        char       **location)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (message);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  /* Both ends run on this thread's main loop. */
  soup_session_send_and_read_async (t.browser, message, G_PRIORITY_DEFAULT, NULL,
                                    test_store_result_cb, &result);
  wait_until (result != NULL);
  body = soup_session_send_and_read_finish (t.browser, result, &error);
  g_assert_no_error (error);

  if (location != NULL)
    *location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                        "Location"));

  return soup_message_get_status (message);
}

/* What the person's copy of the sign-in address put on the clipboard.
 * (transfer full) */
static char *
copy_sign_in_address (Accounts *accounts)
{
  GtkWidget *copy = find_button_with_action (part (accounts, "sign_in_uri_row"),
                                             "account.copy-sign-in-uri", NULL);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (accounts->group));
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  GdkContentProvider *content;

  g_assert_nonnull (copy);
  press (copy);
  wait_until (find_label_starting (GTK_WIDGET (accounts->window),
                                   "Sign-in address copied") != NULL);

  /* Read from what Keika offers, not back through the X server: GTK 4.8
   * leaks the streams of an X11 clipboard read (LeakSanitizer). */
  content = gdk_clipboard_get_content (clipboard);
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  gdk_content_provider_get_value (content, &value, &error);
  g_assert_no_error (error);

  return g_value_dup_string (&value);
}

/* The address on the fake's sign-in page that the person approves; the
 * page sends the browser on to the Location returned. (transfer full) */
static char *
approve_sign_in (const char *address)
{
  g_autofree char *authorize = g_strconcat (keika_fake_sites_get_url (t.fake, "mal-auth"),
                                            "/authorize?", NULL);
  g_autofree char *callback = g_strdup_printf ("http://127.0.0.1:%u/callback?", t.redirect_port);
  char *location = NULL;

  g_assert_true (g_str_has_prefix (address, authorize));
  g_assert_cmpuint (browse (address, &location), ==, SOUP_STATUS_FOUND);
  g_assert_nonnull (location);
  g_assert_true (g_str_has_prefix (location, callback));
  g_assert_nonnull (strstr (location, "code="));

  return location;
}

/* The account */

static KeikaProfile *
account (void)
{
  return keika_application_get_account (t.app, KEIKA_SITE_MAL);
}

static gboolean
syncing (void)
{
  return keika_application_get_syncing (t.app, KEIKA_SITE_MAL, NULL, NULL, NULL);
}

static const char *
subtitle (gpointer row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static const char *
title (gpointer row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* What the group and the main window show once the account is signed in
 * and its first sync is done. */
static void
assert_signed_in (Accounts *accounts)
{
  wait_until (account () != NULL && !syncing ());
  g_assert_cmpstr (keika_profile_get_name (account ()), ==, MAL_USER);
  g_assert_cmpstr (keika_profile_get_site_user_id (account ()), ==, t.user_id);

  wait_until (shown (part (accounts, "account_row")));
  g_assert_cmpstr (title (part (accounts, "account_row")), ==, MAL_USER);
  wait_until (g_strcmp0 (subtitle (part (accounts, "account_row")), "Last synced: Just now") == 0);
  g_assert_nonnull (find_button_with_action (part (accounts, "account_row"), "account.sign-out", NULL));
  g_assert_true (shown (part (accounts, "sync_button")));
  g_assert_true (shown (part (accounts, "full_sync_row")));
  g_assert_false (shown (part (accounts, "signed_out_row")));
  g_assert_false (shown (part (accounts, "waiting_row")));
  g_assert_false (shown (part (accounts, "sign_in_uri_row")));
  g_assert_false (shown (part (accounts, "code_row")));
  g_assert_false (shown (part (accounts, "error_row")));
  g_assert_null (keika_application_get_sync_error (t.app, KEIKA_SITE_MAL));

  /* The tokens are in the keyring (and nowhere else: tests/test-e2e-sync.c
   * looks through the files). */
  g_assert_true (keyring_holds_token ());
}

/* Sign In, with no web browser: the person copies the address, opens it
 * in a browser, approves, and the page sends them back to Keika. */
static void
sign_in_with_browser (Accounts *accounts)
{
  g_autofree char *address = NULL;
  g_autofree char *location = NULL;
  const char *sign_in_uri;

  g_assert_null (account ());
  press (part (accounts, "sign_in_button"));

  /* No browser could be opened: the group says so, and shows the address
   * and the row for a pasted code. */
  wait_until (keika_application_get_browser_failed (t.app, KEIKA_SITE_MAL));
  sign_in_uri = keika_application_get_sign_in_uri (t.app, KEIKA_SITE_MAL);
  g_assert_nonnull (sign_in_uri);
  g_assert_true (shown (part (accounts, "waiting_row")));
  g_assert_true (shown (part (accounts, "sign_in_uri_row")));
  g_assert_true (g_str_has_prefix (subtitle (part (accounts, "sign_in_uri_row")),
                                   "No browser could be opened"));
  g_assert_true (shown (part (accounts, "code_row")));
  g_assert_false (shown (part (accounts, "signed_out_row")));
  g_assert_false (shown (part (accounts, "error_row")));

  address = copy_sign_in_address (accounts);
  g_assert_cmpstr (address, ==, sign_in_uri);

  /* The sign-in page sends the browser to Keika's loopback address, which
   * answers with a page of its own. */
  location = approve_sign_in (address);
  g_assert_cmpuint (browse (location, NULL), ==, SOUP_STATUS_OK);

  assert_signed_in (accounts);
}

static void
ensure_signed_in (Accounts *accounts)
{
  if (account () == NULL)
    sign_in_with_browser (accounts);
  wait_until (!syncing ());
  wait_for_titles (SAMPLE_TITLES, SAMPLE_TITLES_AND_STEINS_GATE);
}

/* The steps of registering Keika with MyAnimeList, in their dialog: the
 * site's API page (no browser here: the dialog says where it is), the
 * exact @redirect_uri, copied with its button, and "Enter the Client ID",
 * which leaves the person in the Client ID row. */
static void
follow_client_id_steps (Accounts   *accounts,
                        const char *redirect_uri)
{
  g_autoptr(GPtrArray) dialogs = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  KeikaClientIdDialog *dialog;
  GdkContentProvider *content;
  GtkWidget *open_error;
  GtkWidget *copy;
  GObject *alive;

  press (part (accounts, "client_id_help_button"));
  wait_until (count_toplevels_of_type (KEIKA_TYPE_CLIENT_ID_DIALOG) == 1);
  dialogs = list_toplevels_of_type (KEIKA_TYPE_CLIENT_ID_DIALOG);
  g_assert_cmpuint (dialogs->len, ==, 1);
  dialog = g_ptr_array_index (dialogs, 0);
  wait_until (shown (dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (accounts->window));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Get a Client ID from MyAnimeList");
  ui_test_save_shot (GTK_WIDGET (dialog), "client-id-dialog");

  /* 1. The API page, in the browser (none can be started here). */
  g_assert_cmpstr (keika_client_id_dialog_get_page_uri (dialog), ==, "https://myanimelist.net/apiconfig");
  g_assert_nonnull (find_label_starting (GTK_WIDGET (dialog),
                                         "Open MyAnimeList’s API page (https://myanimelist.net/apiconfig)"));
  press (gtk_widget_get_template_child (GTK_WIDGET (dialog), KEIKA_TYPE_CLIENT_ID_DIALOG, "open_button"));
  open_error = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), KEIKA_TYPE_CLIENT_ID_DIALOG,
                                                          "open_error_label"));
  wait_until (shown (open_error));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (open_error)), "https://myanimelist.net/apiconfig"));

  /* 2. The app type. */
  g_assert_nonnull (find_label_starting (GTK_WIDGET (dialog), "Choose Create ID. As App Type, choose “other”"));

  /* 3. The redirect address this account uses, shown whole and copied. */
  g_assert_cmpstr (keika_client_id_dialog_get_redirect_uri (dialog), ==, redirect_uri);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                                 KEIKA_TYPE_CLIENT_ID_DIALOG,
                                                                                 "redirect_label"))), ==,
                   redirect_uri);
  copy = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), KEIKA_TYPE_CLIENT_ID_DIALOG,
                                                    "copy_button"));
  press (copy);
  wait_until (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (copy)), "Copied") == 0);
  /* (Read from what Keika offers: see copy_sign_in_address().) */
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (dialog)));
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  gdk_content_provider_get_value (content, &value, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_value_get_string (&value), ==, redirect_uri);

  /* 4. Where the client id goes: the row the dialog leaves the person in. */
  alive = G_OBJECT (dialog);
  g_object_add_weak_pointer (alive, (gpointer *) &alive);
  g_clear_pointer (&dialogs, g_ptr_array_unref);
  press (find_button_with_label (GTK_WIDGET (dialog), "_Enter the Client ID"));
  wait_until (alive == NULL);
  /* (What the window manager does when a dialog closes: its window is
   * active again. Xvfb has none.) */
  gtk_window_present (GTK_WINDOW (accounts->window));
  wait_until (gtk_window_is_active (GTK_WINDOW (accounts->window)));
  wait_until (gtk_root_get_focus (GTK_ROOT (accounts->window)) != NULL &&
              gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (accounts->window)),
                                      part (accounts, "client_id_row")));
}

/* The cases */

/* 1. Sign In needs a client id; without one, how to register Keika. */
static void
test_client_id (void)
{
  g_autofree char *redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback", t.redirect_port);
  g_autofree char *client_id = NULL;
  Accounts accounts;

  g_assert_null (account ());
  open_accounts (&accounts);

  g_assert_true (shown (part (&accounts, "signed_out_row")));
  g_assert_true (shown (part (&accounts, "sign_in_button")));
  g_assert_true (gtk_widget_is_sensitive (part (&accounts, "sign_in_button")));
  g_assert_false (shown (part (&accounts, "register_row")));
  g_assert_false (shown (part (&accounts, "account_row")));
  g_assert_false (shown (part (&accounts, "sync_row")));
  g_assert_false (shown (part (&accounts, "waiting_row")));
  g_assert_false (shown (part (&accounts, "error_row")));

  if (MAL_CLIENT_ID[0] != '\0')
    {
      g_test_message ("Keika was built with a client id: it is never missing");
      close_accounts (&accounts);
      return;
    }

  /* The person empties the Client ID row: Sign In cannot be used, and
   * the group offers the steps of registering Keika. */
  g_assert_true (shown (part (&accounts, "client_id_row")));
  g_assert_cmpstr (gtk_editable_get_text (part (&accounts, "client_id_row")), ==,
                   KEIKA_FAKE_MAL_CLIENT_ID);
  type_and_apply (part (&accounts, "client_id_row"), "");
  wait_until (!gtk_widget_is_sensitive (part (&accounts, "sign_in_button")));
  client_id = g_settings_get_string (t.settings, "mal-client-id");
  g_assert_cmpstr (client_id, ==, "");
  g_assert_true (shown (part (&accounts, "signed_out_row")));
  g_assert_true (shown (part (&accounts, "register_row")));
  /* (app.sign-in stays enabled: AniList has a client id.) */
  g_assert_null (keika_application_dup_client_id (t.app, KEIKA_SITE_MAL));
  ui_test_save_shot (GTK_WIDGET (accounts.window), "accounts-no-client-id");
  follow_client_id_steps (&accounts, redirect_uri);

  /* The person registers Keika and types the client id into the row. */
  type_and_apply (part (&accounts, "client_id_row"), "  " KEIKA_FAKE_MAL_CLIENT_ID " ");
  wait_until (gtk_widget_is_sensitive (part (&accounts, "sign_in_button")));
  g_assert_false (shown (part (&accounts, "register_row")));
  g_clear_pointer (&client_id, g_free);
  client_id = g_settings_get_string (t.settings, "mal-client-id");
  g_assert_cmpstr (client_id, ==, KEIKA_FAKE_MAL_CLIENT_ID);

  close_accounts (&accounts);
}

/* 2. Sign In through the browser: the name, "Last synced", the library,
 * the keyring. */
static void
test_sign_in_browser (void)
{
  Accounts accounts;

  open_accounts (&accounts);
  if (account () != NULL)
    {
      g_test_skip ("signed in already");
      close_accounts (&accounts);
      return;
    }

  /* Before: the library of a fresh start lists nothing. */
  g_assert_cmpuint (n_listed (), ==, 0);

  sign_in_with_browser (&accounts);

  /* The main window lists the user's anime. */
  wait_for_titles (SAMPLE_TITLES, NULL);
  g_assert_cmpuint (n_listed (), ==, keika_fake_mal_get_n_entries (t.mal, MAL_USER));
  g_assert_false (gtk_revealer_get_reveal_child (main_window ()->sync_revealer));

  close_accounts (&accounts);
}

/* 3. Check for Removed Anime (the whole list read) while the site is slow, and Cancel. */
static void
test_sync_cancel (void)
{
  const KeikaFakeMalEntry steins_gate = { .anime_id = 9253, .status = "watching",
                                          .num_episodes_watched = 3 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  KeikaWindow *window;
  Accounts accounts;
  guint fault;

  open_accounts (&accounts);
  ensure_signed_in (&accounts);
  keika_fake_mal_remove_entry (t.mal, MAL_USER, steins_gate.anime_id);
  press (part (&accounts, "sync_button"));
  wait_until (!syncing ());
  window = main_window ();
  before = shown_titles ();
  g_assert_cmpstr (before, ==, SAMPLE_TITLES);

  /* The person adds an anime on the site; the site is slow to answer. */
  keika_fake_mal_add_entry (t.mal, MAL_USER, &steins_gate);
  fault = keika_fake_sites_inject (t.fake, "mal", LIST_PATH, KEIKA_FAKE_FAULT_SLOW, 120 * 1000,
                                   KEIKA_FAKE_FOREVER);
  press (find_button_with_action (part (&accounts, "full_sync_row"), "app.sync-account-full", NULL));

  /* The main window's sync bar says what is going on; the group offers
   * Cancel instead of Sync Now. */
  wait_until (gtk_revealer_get_reveal_child (window->sync_revealer));
  g_assert_true (syncing ());
  g_assert_nonnull (strstr (gtk_label_get_label (window->sync_label), "MyAnimeList"));
  g_test_message ("The sync bar says: %s", gtk_label_get_label (window->sync_label));
  wait_until (shown (window->sync_label) && shown (window->sync_progress));
  g_assert_true (shown (part (&accounts, "cancel_sync_button")));
  g_assert_true (shown (part (&accounts, "sync_progress")));
  g_assert_false (shown (part (&accounts, "sync_button")));
  wait_until (keika_fake_sites_count_requests (t.fake, "mal", LIST_PATH) > 0);

  press (part (&accounts, "cancel_sync_button"));

  /* It ends: the bar goes, Sync Now is back, no error, the library is as
   * it was. */
  wait_until (!syncing ());
  wait_until (!gtk_revealer_get_reveal_child (window->sync_revealer));
  wait_until (shown (part (&accounts, "sync_button")));
  g_assert_false (shown (part (&accounts, "cancel_sync_button")));
  g_assert_false (shown (part (&accounts, "error_row")));
  g_assert_null (keika_application_get_sync_error (t.app, KEIKA_SITE_MAL));
  g_assert_null (find_button_with_label (GTK_WIDGET (window->toast_overlay), "_Retry"));
  after = shown_titles ();
  g_assert_cmpstr (after, ==, before);

  /* The next sync brings what changed on the site. */
  keika_fake_sites_remove_fault (t.fake, fault);
  press (part (&accounts, "sync_button"));
  wait_until (!syncing ());
  wait_for_titles (SAMPLE_TITLES_AND_STEINS_GATE, NULL);
  g_assert_null (keika_application_get_sync_error (t.app, KEIKA_SITE_MAL));

  close_accounts (&accounts);
}

/* 4. A sync that fails: the group says why; the main window offers Retry. */
static void
test_sync_error (void)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *toast = NULL;
  KeikaWindow *window;
  Accounts accounts;
  GtkWidget *retry;
  const char *error;
  guint fault;
  gint64 end;

  open_accounts (&accounts);
  ensure_signed_in (&accounts);
  window = main_window ();
  before = shown_titles ();

  /* MyAnimeList answers 500 to every attempt. */
  keika_fake_sites_clear_requests (t.fake);
  fault = keika_fake_sites_inject (t.fake, "mal", LIST_PATH, KEIKA_FAKE_FAULT_SERVER_ERROR, 500,
                                   KEIKA_FAKE_FOREVER);
  press (part (&accounts, "sync_button"));
  wait_until (syncing ());
  wait_until (!syncing ());

  error = keika_application_get_sync_error (t.app, KEIKA_SITE_MAL);
  g_assert_nonnull (error);
  g_test_message ("The sync failed after %u requests: %s",
                  keika_fake_sites_count_requests (t.fake, "mal", LIST_PATH), error);
  /* It was tried again before giving up. */
  g_assert_cmpuint (keika_fake_sites_count_requests (t.fake, "mal", LIST_PATH), >, 1);

  /* The group: the error row, with the message. */
  wait_until (shown (part (&accounts, "error_row")));
  g_assert_cmpstr (title (part (&accounts, "error_row")), ==, "Could Not Sync");
  g_assert_cmpstr (subtitle (part (&accounts, "error_row")), ==, error);
  g_assert_true (shown (part (&accounts, "sync_button")));

  /* The main window: a toast that says so, with Retry. */
  toast = g_strdup_printf ("Could not sync with MyAnimeList: %s", error);
  wait_until ((retry = find_button_with_label (GTK_WIDGET (window->toast_overlay),
                                               "_Retry")) != NULL);
  g_assert_nonnull (find_label_starting (GTK_WIDGET (window->toast_overlay), toast));
  g_assert_true (shown (retry));
  g_assert_false (gtk_revealer_get_reveal_child (window->sync_revealer));
  after = shown_titles ();
  g_assert_cmpstr (after, ==, before);
  /* Once is a toast; no banner yet. */
  g_assert_false (gtk_revealer_get_reveal_child (window->failure_revealer));

  /* It keeps failing: a banner says so, with Retry, until it works. (The
   * error is read again: each sync gives a new one.) */
  press (part (&accounts, "sync_button"));
  wait_until (syncing ());
  wait_until (!syncing ());
  wait_until (gtk_revealer_get_reveal_child (window->failure_revealer));
  g_test_message ("Banner: %s", gtk_label_get_text (window->failure_label));
  ui_test_save_shot (GTK_WIDGET (window), "sync-failure-banner");
  g_assert_nonnull (strstr (gtk_label_get_text (window->failure_label), "MyAnimeList"));
  error = keika_application_get_sync_error (t.app, KEIKA_SITE_MAL);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (gtk_label_get_text (window->failure_label), error));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (window->failure_button)), ==,
                   "app.sync-account");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (window->failure_button)),
                                         NULL), ==, "mal");

  /* The site is back; the person reads the toast and clicks Retry, which
   * syncs again, and the error goes. (Not while the toast still slides in:
   * libadwaita 1.2.2 may then crash when the toast has slid out.) */
  keika_fake_sites_remove_fault (t.fake, fault);
  keika_fake_sites_clear_requests (t.fake);
  end = g_get_monotonic_time () + TOAST_READ_US;
  wait_until (g_get_monotonic_time () > end);
  g_assert_true (shown (retry));
  g_signal_emit_by_name (retry, "clicked");
  wait_until (keika_fake_sites_count_requests (t.fake, "mal", LIST_PATH) > 0 && !syncing ());
  g_assert_null (keika_application_get_sync_error (t.app, KEIKA_SITE_MAL));
  wait_until (!shown (part (&accounts, "error_row")));
  g_assert_false (gtk_revealer_get_reveal_child (window->failure_revealer));
  g_assert_cmpstr (subtitle (part (&accounts, "account_row")), ==, "Last synced: Just now");

  close_accounts (&accounts);
}

/* 5. Sign Out: the account goes, the library stays. */
static void
test_sign_out (void)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) dialogs = NULL;
  Accounts accounts;

  open_accounts (&accounts);
  ensure_signed_in (&accounts);
  before = shown_titles ();
  g_assert_true (keyring_holds_token ());

  press (find_button_with_action (part (&accounts, "account_row"), "account.sign-out", NULL));

  /* It asks first. */
  wait_until (count_toplevels_of_type (ADW_TYPE_MESSAGE_DIALOG) > 0);
  dialogs = list_toplevels_of_type (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpuint (dialogs->len, ==, 1);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialogs->pdata[0]), ==,
                   "Sign Out of MyAnimeList?");
  wait_until (shown (dialogs->pdata[0]));
  press (find_button_with_label (dialogs->pdata[0], "_Sign Out"));
  g_clear_pointer (&dialogs, g_ptr_array_unref);

  wait_until (account () == NULL);
  wait_until (!shown (part (&accounts, "account_row")));
  g_assert_false (shown (part (&accounts, "sync_row")));
  g_assert_false (shown (part (&accounts, "full_sync_row")));
  g_assert_false (shown (part (&accounts, "error_row")));
  g_assert_true (shown (part (&accounts, "signed_out_row")));
  g_assert_true (shown (part (&accounts, "sign_in_button")));
  g_assert_true (gtk_widget_is_sensitive (part (&accounts, "sign_in_button")));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (t.app), "sync"));

  /* The tokens left the keyring; the library stayed. */
  g_assert_null (keyring_lookup ());
  after = shown_titles ();
  g_assert_cmpstr (after, ==, before);
  g_assert_false (gtk_revealer_get_reveal_child (main_window ()->sync_revealer));

  close_accounts (&accounts);
}

/* 2b. Another program holds the redirect port: the person pastes the
 * address the browser ended on. */
static void
test_sign_in_paste (void)
{
  g_autoptr(GSocket) squatter = NULL;
  g_autofree char *location = NULL;
  const char *sign_in_uri;
  Accounts accounts;

  open_accounts (&accounts);
  if (account () != NULL)
    {
      wait_until (!syncing ());
      g_action_group_activate_action (G_ACTION_GROUP (t.app), "sign-out",
                                      g_variant_new_string ("mal"));
      wait_until (account () == NULL);
    }

  squatter = occupy_port (t.redirect_port);
  press (part (&accounts, "sign_in_button"));

  /* The group says why the browser cannot come back by itself, and keeps
   * the address and the row to paste into. */
  wait_until (shown (part (&accounts, "error_row")));
  g_assert_cmpstr (title (part (&accounts, "error_row")), ==, "Could Not Sign In");
  g_assert_nonnull (keika_application_get_sign_in_error (t.app, KEIKA_SITE_MAL));
  g_assert_cmpstr (subtitle (part (&accounts, "error_row")), ==,
                   keika_application_get_sign_in_error (t.app, KEIKA_SITE_MAL));
  g_test_message ("Sign-in error: %s", subtitle (part (&accounts, "error_row")));
  sign_in_uri = keika_application_get_sign_in_uri (t.app, KEIKA_SITE_MAL);
  g_assert_nonnull (sign_in_uri);
  g_assert_true (shown (part (&accounts, "sign_in_uri_row")));
  g_assert_true (shown (part (&accounts, "code_row")));
  g_assert_true (shown (part (&accounts, "waiting_row")));

  /* The browser ends on an address that reaches the other program, not
   * Keika: the person copies it from the address bar and pastes it. */
  location = approve_sign_in (sign_in_uri);
  type_and_apply (part (&accounts, "code_row"), location);

  assert_signed_in (&accounts);
  g_assert_cmpstr (gtk_editable_get_text (part (&accounts, "code_row")), ==, "");
  wait_for_titles (SAMPLE_TITLES, SAMPLE_TITLES_AND_STEINS_GATE);

  close_accounts (&accounts);
}

/* 6. Closing Preferences lets go of its account group, and so of the
 * application the group holds and of its half-hourly refresh. */
static void
test_preferences_released (void)
{
  guint before = count_groups_alive ();
  Accounts accounts;
  gint64 end;

  open_accounts (&accounts);
  g_assert_cmpuint (count_groups_alive (), ==, before + 1);
  close_accounts (&accounts);

  /* libadwaita 1.2.2 keeps every group of a closed AdwPreferencesWindow
   * alive (reproduced with its own widgets alone): what matters is that
   * a group left over has let go of the application and its refresh. */
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  wait_until (count_groups_alive () == before || g_get_monotonic_time () > end);
  for (guint i = 0; i < t.groups->len; i++)
    {
      g_autoptr(GObject) group = g_weak_ref_get (g_ptr_array_index (t.groups, i));

      if (group != NULL)
        g_assert_false (keika_account_group_is_attached (KEIKA_ACCOUNT_GROUP (group)));
    }
}

/* The application */

static void
test_no_session_bus (void)
{
  g_test_skip ("needs a session bus and an unlocked keyring "
               "(gnome-keyring-daemon --unlock --components=secrets, see README)");
}

/* Signs out (the keyring keeps nothing of the test's) and closes every
 * window, which lets the application go. */
static void
finish (void)
{
  g_autoptr(GPtrArray) toplevels = NULL;
  GObject *window_alive;

  if (account () != NULL)
    {
      if (syncing ())
        g_action_group_activate_action (G_ACTION_GROUP (t.app), "cancel-sync", NULL);
      wait_until (!syncing ());
      g_action_group_activate_action (G_ACTION_GROUP (t.app), "sign-out",
                                      g_variant_new_string ("mal"));
      wait_until (account () == NULL);
      g_assert_null (keyring_lookup ());
    }

  /* Nothing keeps the main window alive once it is closed. */
  window_alive = G_OBJECT (main_window ());
  g_object_add_weak_pointer (window_alive, (gpointer *) &window_alive);
  toplevels = list_toplevels_of_type (GTK_TYPE_WINDOW);
  for (guint i = 0; i < toplevels->len; i++)
    gtk_window_destroy (g_ptr_array_index (toplevels, i));
  g_clear_pointer (&toplevels, g_ptr_array_unref);
  wait_until (window_alive == NULL);
}

/* 8. AniList, beside MyAnimeList: its own group in Preferences, signed in
 * with the address the browser ended on (the token is in its fragment);
 * its list joins the library; the sign-in ends in 3 days, which the group
 * and the main window say; the switch "Send my changes here" is kept. */
static void
test_anilist (void)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  g_autofree char *authorize = NULL;
  g_autofree char *location = NULL;
  g_autofree char *callback = NULL;
  KeikaProfile *profile;
  const char *sign_in_uri;
  Accounts accounts;
  KeikaWindow *window;

  open_accounts (&accounts);
  /* One group per site, MyAnimeList first. */
  collect_widgets_of_type (GTK_WIDGET (accounts.window), KEIKA_TYPE_ACCOUNT_GROUP, groups);
  g_assert_cmpuint (groups->len, ==, 4);
  g_assert_cmpstr (adw_preferences_group_get_title (groups->pdata[0]), ==, "MyAnimeList");
  g_assert_cmpstr (adw_preferences_group_get_title (groups->pdata[1]), ==, "AniList");
  g_assert_cmpstr (adw_preferences_group_get_title (groups->pdata[2]), ==, "Kitsu");
  g_assert_cmpstr (adw_preferences_group_get_title (groups->pdata[3]), ==, "AniTrack");
  accounts.group = groups->pdata[1];
  remember_group (accounts.group);
  g_assert_true (shown (part (&accounts, "signed_out_row")));
  g_assert_false (shown (part (&accounts, "register_row")));
  g_assert_false (shown (part (&accounts, "identity_row")));

  press (part (&accounts, "sign_in_button"));
  wait_until (keika_application_get_sign_in_uri (t.app, KEIKA_SITE_ANILIST) != NULL);
  sign_in_uri = keika_application_get_sign_in_uri (t.app, KEIKA_SITE_ANILIST);
  authorize = g_strconcat (keika_fake_sites_get_url (t.fake, "anilist-auth"), "/authorize?", NULL);
  g_assert_true (g_str_has_prefix (sign_in_uri, authorize));
  g_assert_nonnull (strstr (sign_in_uri, "response_type=token"));
  wait_until (shown (part (&accounts, "code_row")));
  g_assert_cmpstr (adw_preferences_row_get_title (part (&accounts, "code_row")), ==,
                   "Paste the Token or the Address the Browser Ended On");

  /* The browser ends on the loopback address with the token in its
   * fragment; the person pastes that address. */
  g_assert_cmpuint (browse (sign_in_uri, &location), ==, SOUP_STATUS_FOUND);
  callback = g_strdup_printf ("http://127.0.0.1:%u/callback#", t.redirect_port);
  g_assert_true (g_str_has_prefix (location, callback));
  g_assert_nonnull (strstr (location, "access_token="));
  type_and_apply (part (&accounts, "code_row"), location);

  wait_until ((profile = keika_application_get_account (t.app, KEIKA_SITE_ANILIST)) != NULL &&
              !keika_application_get_syncing (t.app, KEIKA_SITE_ANILIST, NULL, NULL, NULL));
  g_assert_cmpstr (keika_profile_get_name (profile), ==, MAL_USER);
  wait_until (shown (part (&accounts, "account_row")));
  g_assert_cmpstr (title (part (&accounts, "account_row")), ==, MAL_USER);

  /* Ends in 3 days: a warning in the group and across the main window. */
  wait_until (shown (part (&accounts, "expiry_row")));
  g_assert_true (gtk_widget_has_css_class (part (&accounts, "expiry_row"), "warning"));
  g_assert_true (g_str_has_prefix (title (part (&accounts, "expiry_row")), "Signed in until "));
  window = main_window ();
  wait_until (gtk_revealer_get_reveal_child (window->expiry_revealer));
  g_assert_nonnull (strstr (gtk_label_get_label (window->expiry_label), "AniList sign-in ends on"));

  /* And once as a notification. */
  wait_until (t.notifications->len > 0);
  g_assert_cmpstr (t.notifications->pdata[t.notifications->len - 1], ==, "AniList Sign-In Ends Soon");

  /* Its list is in the library: an anime only AniList has. */
  g_assert_cmpuint (keika_fake_anilist_get_n_entries (t.anilist, MAL_USER), >, 0);

  /* The switch, on by default; off is kept. */
  g_assert_true (shown (part (&accounts, "send_row")));
  g_assert_true (gtk_switch_get_active (part (&accounts, "send_switch")));
  gtk_switch_set_active (part (&accounts, "send_switch"), FALSE);
  wait_until (!keika_profile_get_send_changes (keika_application_get_account (t.app, KEIKA_SITE_ANILIST)));
  gtk_switch_set_active (part (&accounts, "send_switch"), TRUE);
  wait_until (keika_profile_get_send_changes (keika_application_get_account (t.app, KEIKA_SITE_ANILIST)));

  /* One edit, both sites signed in: each gets it within a second. */
  if (account () != NULL)
    {
      g_autoptr(GError) error = NULL;
      KeikaListEntry *entry = NULL;
      GListModel *library = G_LIST_MODEL (keika_application_get_library (t.app));
      gint64 mal_id = 0, anilist_id = 0;
      gint64 edited;

      wait_until (!syncing () &&
                  !keika_application_get_syncing (t.app, KEIKA_SITE_ANILIST, NULL, NULL, NULL));
      for (guint i = 0; entry == NULL && i < g_list_model_get_n_items (library); i++)
        {
          g_autoptr(KeikaListEntry) item = g_list_model_get_item (library, i);
          KeikaAnime *anime = keika_list_entry_get_anime (item);

          mal_id = keika_anime_get_site_id (anime, KEIKA_SITE_MAL);
          anilist_id = keika_anime_get_site_id (anime, KEIKA_SITE_ANILIST);
          if (mal_id != 0 && anilist_id != 0 &&
              keika_fake_mal_lookup_entry (t.mal, MAL_USER, mal_id) != NULL &&
              keika_fake_anilist_lookup_entry (t.anilist, MAL_USER, anilist_id) != NULL)
            entry = item;
        }
      g_assert_nonnull (entry);
      /* AniList's limit (30 a minute: one request every 2 s) allows the
       * next request once 2 s have passed since the sync's last one. */
      edited = g_get_monotonic_time () + 2100 * 1000;
      wait_until (g_get_monotonic_time () > edited);
      keika_fake_sites_clear_requests (t.fake);
      edited = g_get_monotonic_time ();
      keika_list_entry_set_notes (entry, "Edited once, sent to both");
      keika_list_entry_touch (entry);
      g_assert_true (keika_store_save_entry (keika_application_get_store (t.app), entry, &error));
      g_assert_no_error (error);
      wait_until (g_strcmp0 (keika_fake_mal_lookup_entry (t.mal, MAL_USER, mal_id)->comments,
                             "Edited once, sent to both") == 0 &&
                  g_strcmp0 (keika_fake_anilist_lookup_entry (t.anilist, MAL_USER, anilist_id)->notes,
                             "Edited once, sent to both") == 0);
      g_test_message ("One edit reached both sites %.0f ms after it was saved",
                      (g_get_monotonic_time () - edited) / 1000.0);
      /* Not at the next round, minutes later (the figure is the README's;
       * the sanitizer build is slower). */
      g_assert_cmpint (g_get_monotonic_time () - edited, <, 10 * G_USEC_PER_SEC);
    }

  /* Signed out: the banner goes. */
  g_action_group_activate_action (G_ACTION_GROUP (t.app), "sign-out", g_variant_new_string ("anilist"));
  wait_until (keika_application_get_account (t.app, KEIKA_SITE_ANILIST) == NULL);
  wait_until (!gtk_revealer_get_reveal_child (window->expiry_revealer));
  wait_until (shown (part (&accounts, "signed_out_row")));

  close_accounts (&accounts);
}

/* 9. AniTrack: email and password typed into its group, a wrong password
 * said in words, the right one signs in; the password is kept nowhere. */
static void
test_anitrack (void)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  KeikaProfile *profile;
  Accounts accounts;

  open_accounts (&accounts);
  collect_widgets_of_type (GTK_WIDGET (accounts.window), KEIKA_TYPE_ACCOUNT_GROUP, groups);
  g_assert_cmpuint (groups->len, ==, 4);
  accounts.group = groups->pdata[3];
  remember_group (accounts.group);

  /* No browser, no client id: the two fields and Sign In. */
  g_assert_true (shown (part (&accounts, "identity_row")));
  g_assert_true (shown (part (&accounts, "password_row")));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (part (&accounts, "password_row")));
  g_assert_false (shown (part (&accounts, "sign_in_button")));
  g_assert_false (shown (part (&accounts, "register_row")));
  g_assert_false (shown (part (&accounts, "client_id_row")));

  gtk_editable_set_text (part (&accounts, "identity_row"), ANITRACK_EMAIL);
  gtk_editable_set_text (part (&accounts, "password_row"), "wrong password");
  press (part (&accounts, "password_sign_in_button"));
  wait_until (shown (part (&accounts, "error_row")));
  g_assert_cmpstr (title (part (&accounts, "error_row")), ==, "Could Not Sign In");
  g_test_message ("Refused: %s", subtitle (part (&accounts, "error_row")));
  g_assert_null (strstr (subtitle (part (&accounts, "error_row")), "wrong password"));
  /* The field is emptied once the password was sent. */
  g_assert_cmpstr (gtk_editable_get_text (part (&accounts, "password_row")), ==, "");

  gtk_editable_set_text (part (&accounts, "password_row"), ANITRACK_PASSWORD);
  press (part (&accounts, "password_sign_in_button"));
  wait_until ((profile = keika_application_get_account (t.app, KEIKA_SITE_ANITRACK)) != NULL &&
              !keika_application_get_syncing (t.app, KEIKA_SITE_ANITRACK, NULL, NULL, NULL));
  g_assert_cmpstr (keika_profile_get_name (profile), ==, MAL_USER);
  wait_until (shown (part (&accounts, "account_row")));
  g_assert_false (shown (part (&accounts, "identity_row")));
  g_assert_false (shown (part (&accounts, "password_row")));
  g_assert_cmpstr (gtk_editable_get_text (part (&accounts, "password_row")), ==, "");
  g_assert_cmpuint (keika_fake_anitrack_count_tokens (t.anitrack, MAL_USER), ==, 1);

  /* Another app signed in to the account: listed, and signed out from here. */
  {
    g_autofree char *phone = keika_fake_anitrack_issue_token (t.anitrack, MAL_USER, "Phone");
    GtkWidget *sign_out = NULL;

    g_assert_cmpuint (keika_fake_anitrack_count_tokens (t.anitrack, MAL_USER), ==, 2);
    wait_until (shown (part (&accounts, "devices_row")));
    adw_expander_row_set_expanded (part (&accounts, "devices_row"), TRUE);
    wait_until (find_label_starting (part (&accounts, "devices_row"), "Phone") != NULL &&
                find_label_starting (part (&accounts, "devices_row"), "This Keika") != NULL);
    wait_until ((sign_out = find_button_with_label (part (&accounts, "devices_row"), "Sign _Out")) != NULL &&
                shown (sign_out));
    press (sign_out);
    wait_until (keika_fake_anitrack_count_tokens (t.anitrack, MAL_USER) == 1);
    g_assert_true (keika_fake_anitrack_token_is_valid (t.anitrack, phone) == FALSE);
    wait_until (find_label_starting (part (&accounts, "devices_row"), "Phone") == NULL);
  }

  /* A value AniTrack refuses: the editor shows what it said under the
   * field, and marks the field. */
  {
    KeikaLibrary *library = keika_window_get_library (main_window ());
    g_autoptr(KeikaListEntry) entry = NULL;
    KeikaEntryEditor *editor;
    GtkWidget *said;
    guint episodes;

    for (guint i = 0; entry == NULL && i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
      {
        g_autoptr(KeikaListEntry) item = g_list_model_get_item (G_LIST_MODEL (library), i);
        KeikaAnime *anime = keika_list_entry_get_anime (item);

        if (keika_anime_get_site_id (anime, KEIKA_SITE_ANITRACK) != 0 && keika_anime_get_episodes (anime) > 2)
          entry = g_steal_pointer (&item);
      }
    g_assert_nonnull (entry);
    /* The person counts more episodes than AniTrack knows of. */
    episodes = keika_anime_get_episodes (keika_list_entry_get_anime (entry));
    keika_anime_set_episodes (keika_list_entry_get_anime (entry), episodes + 10);
    keika_list_entry_set_progress (entry, episodes + 5);
    g_assert_true (keika_window_save_entry (main_window (), entry));
    wait_until (keika_list_entry_get_sync_problem (entry) != NULL);
    g_test_message ("Refused: %s", keika_list_entry_get_sync_problem (entry));

    editor = keika_entry_editor_new (main_window (), entry);
    gtk_window_present (GTK_WINDOW (editor));
    said = GTK_WIDGET (find_label_starting (GTK_WIDGET (editor), "Episodes watched was not sent to AniTrack"));
    g_assert_nonnull (said);
    g_assert_true (shown (said));
    g_assert_true (gtk_widget_has_css_class (said, "error"));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (said)), "must not be greater than"));
    g_test_message ("Under the field: %s", gtk_label_get_text (GTK_LABEL (said)));
    ui_test_save_shot (GTK_WIDGET (editor), "editor-refused");
    /* To look at: narrow, and dark. */
    if (g_getenv ("KEIKA_TEST_SHOTS") != NULL)
      {
        KeikaEntryEditor *narrow = keika_entry_editor_new (main_window (), entry);
        AdwStyleManager *style = adw_style_manager_get_default ();

        gtk_window_set_default_size (GTK_WINDOW (narrow), 360, 900);
        gtk_window_present (GTK_WINDOW (narrow));
        wait_until (gtk_widget_get_mapped (GTK_WIDGET (narrow)));
        ui_test_save_shot (GTK_WIDGET (narrow), "editor-refused-360");
        adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
        ui_test_save_shot (GTK_WIDGET (narrow), "editor-refused-360-dark");
        adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
        gtk_window_destroy (GTK_WINDOW (narrow));
      }
    /* The row of the field is marked, and says it to a screen reader. */
    g_assert_true (gtk_widget_has_css_class (gtk_widget_get_ancestor (find_label_starting (GTK_WIDGET (editor),
                                                                                          "Episodes Watched"),
                                                                     ADW_TYPE_ACTION_ROW),
                                             "error"));
    g_assert_false (gtk_widget_has_css_class (gtk_widget_get_ancestor (find_label_starting (GTK_WIDGET (editor),
                                                                                           "Times Rewatched"),
                                                                      ADW_TYPE_ACTION_ROW),
                                              "error"));
    /* Discarded: back to what AniTrack has, and the words go. */
    g_action_group_activate_action (G_ACTION_GROUP (t.app), "discard-change",
                                    g_variant_new ("(sx)", "anitrack", keika_list_entry_get_id (entry)));
    wait_until (!shown (said));
    g_assert_cmpuint (keika_list_entry_get_progress (entry), <=, episodes);
    gtk_window_destroy (GTK_WINDOW (editor));
  }

  /* Sign out revokes the token on AniTrack. */
  g_action_group_activate_action (G_ACTION_GROUP (t.app), "sign-out", g_variant_new_string ("anitrack"));
  wait_until (keika_application_get_account (t.app, KEIKA_SITE_ANITRACK) == NULL);
  wait_until (keika_fake_anitrack_count_tokens (t.anitrack, MAL_USER) == 0);
  wait_until (shown (part (&accounts, "identity_row")));

  close_accounts (&accounts);
}

/* Help (F1) with no help viewer and no browser that starts: the pages are
 * shipped as web pages, and a dialog says where (never GTK's "Operation not
 * supported"). */
static void
test_help (void)
{
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, "..", "help", "html", NULL);
  g_autofree char *html = g_canonicalize_filename (built, NULL);
  g_autofree char *index = g_build_filename (html, "index.html", NULL);
  g_autoptr(GPtrArray) dialogs = NULL;
  AdwMessageDialog *dialog;

  g_assert_true (g_file_test (index, G_FILE_TEST_IS_REGULAR));
  g_setenv ("KEIKA_HELP_HTML_DIR", html, TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (t.app), "help", NULL);
  wait_until (count_toplevels_of_type (ADW_TYPE_MESSAGE_DIALOG) > 0);
  dialogs = list_toplevels_of_type (ADW_TYPE_MESSAGE_DIALOG);
  dialog = dialogs->pdata[0];
  g_test_message ("%s: %s", adw_message_dialog_get_heading (dialog),
                  adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Help Could Not Be Opened");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), index));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "not supported"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unsetenv ("KEIKA_HELP_HTML_DIR");
}

/* An import of a file cut short: the dialog says so in words, and the
 * parser's position is behind Details. */
static void
test_import_error (void)
{
  g_autofree char *path = g_build_filename (t.dir, "cut-short.xml", NULL);
  g_autoptr(GPtrArray) dialogs = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *expander;

  test_write_file (path,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<myanimelist>\n"
                   "<anime><series_animedb_id>1</series_animedb_id><series_title>Cowb",
                   0600);
  g_action_group_activate_action (G_ACTION_GROUP (t.app), "import", g_variant_new_string (path));
  wait_until (count_toplevels_of_type (ADW_TYPE_MESSAGE_DIALOG) > 0);
  dialogs = list_toplevels_of_type (ADW_TYPE_MESSAGE_DIALOG);
  dialog = dialogs->pdata[0];
  g_test_message ("%s: %s", adw_message_dialog_get_heading (dialog),
                  adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Import “cut-short.xml”");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "ends too early"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "column"));
  expander = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_EXPANDER (expander));
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gtk_expander_get_child (GTK_EXPANDER (expander)))),
                            "Line 3, column"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
write_mal_export (const char *path,
                  const char *anime)
{
  g_autofree char *xml = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<myanimelist>\n"
                                          "<myinfo><user_export_type>1</user_export_type></myinfo>\n%s"
                                          "</myanimelist>\n", anime);

  test_write_file (path, xml, 0600);
}

#define MAL_ANIME(id, title, score, notes) \
  "<anime><series_animedb_id>" #id "</series_animedb_id><series_title><![CDATA[" title "]]></series_title>" \
  "<series_type>TV</series_type><series_episodes>12</series_episodes><my_watched_episodes>2</my_watched_episodes>" \
  "<my_start_date>0000-00-00</my_start_date><my_finish_date>0000-00-00</my_finish_date>" \
  "<my_score>" #score "</my_score><my_status>Watching</my_status><my_comments><![CDATA[" notes "]]></my_comments>" \
  "<my_times_watched>0</my_times_watched><my_tags></my_tags><my_rewatching>0</my_rewatching></anime>\n"

static KeikaListEntry *
library_entry (gint64 mal_id)
{
  return keika_library_lookup_by_site_id (keika_application_get_library (t.app), KEIKA_SITE_MAL, mal_id);
}

static GtkWidget *
find_check_button (GtkWidget  *widget,
                   const char *label)
{
  if (GTK_IS_CHECK_BUTTON (widget) &&
      g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_check_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Clicks the toast's Undo once it has slid in. */
static void
click_undo (void)
{
  GtkWidget *undo = NULL;
  gint64 end;

  wait_until ((undo = find_button_with_label (GTK_WIDGET (main_window ()->toast_overlay), "_Undo")) != NULL);
  end = g_get_monotonic_time () + TOAST_READ_US;
  wait_until (g_get_monotonic_time () > end);
  g_signal_emit_by_name (undo, "clicked");
}

/* An import that only adds goes in at once, with Undo. One that changes
 * the library first says what it will do; the person chooses; Undo takes
 * it back. */
static void
test_import_preview (void)
{
  g_autofree char *first = g_build_filename (t.dir, "first.xml", NULL);
  g_autofree char *second = g_build_filename (t.dir, "second.xml", NULL);
  g_autoptr(GPtrArray) dialogs = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *remove;
  guint n_before = g_list_model_get_n_items (G_LIST_MODEL (keika_application_get_library (t.app)));

  write_mal_export (first, MAL_ANIME (9900001, "Keika Import One", 8, "  mine\nto keep ")
                           MAL_ANIME (9900002, "Keika Import Two", 0, ""));
  g_action_group_activate_action (G_ACTION_GROUP (t.app), "import", g_variant_new_string (first));
  wait_until (library_entry (9900002) != NULL);
  g_assert_cmpuint (count_toplevels_of_type (ADW_TYPE_MESSAGE_DIALOG), ==, 0);
  wait_until (find_label_starting (GTK_WIDGET (main_window ()->toast_overlay), "“first.xml” imported: 2 anime added"));

  /* Undo: both go. */
  click_undo ();
  wait_until (library_entry (9900001) == NULL && library_entry (9900002) == NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (keika_application_get_library (t.app))), ==, n_before);
  wait_until (find_label_starting (GTK_WIDGET (main_window ()->toast_overlay), "Import undone"));

  g_action_group_activate_action (G_ACTION_GROUP (t.app), "import", g_variant_new_string (first));
  wait_until (library_entry (9900002) != NULL);

  /* One's score changes and its notes are not in the file; Three is new. */
  write_mal_export (second, MAL_ANIME (9900001, "Keika Import One", 5, "")
                            MAL_ANIME (9900002, "Keika Import Two", 0, "")
                            MAL_ANIME (9900003, "Keika Import Three", 0, ""));
  g_action_group_activate_action (G_ACTION_GROUP (t.app), "import", g_variant_new_string (second));
  wait_until (count_toplevels_of_type (ADW_TYPE_MESSAGE_DIALOG) > 0);
  dialogs = list_toplevels_of_type (ADW_TYPE_MESSAGE_DIALOG);
  dialog = dialogs->pdata[0];
  g_test_message ("%s: %s", adw_message_dialog_get_heading (dialog), adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Import “second.xml”?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "1 anime will be added. 1 anime in the library will change. 1 is already up to date.");
  g_assert_nonnull (find_label_starting (GTK_WIDGET (dialog), "To Change (1)"));
  g_assert_nonnull (find_label_starting (GTK_WIDGET (dialog), "Not in the File (1)"));
  remove = find_check_button (GTK_WIDGET (dialog),
                                   "Also _remove the notes, tags and dates the file does not have (1 anime)");
  g_assert_nonnull (remove);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (remove)));
  /* Looking wrote nothing. */
  g_assert_cmpuint (keika_list_entry_get_score (library_entry (9900001)), ==, 80);
  g_assert_null (library_entry (9900003));
  if (g_getenv ("KEIKA_TEST_SHOTS") != NULL)
    ui_test_save_shot (GTK_WIDGET (dialog), "import-preview");

  adw_message_dialog_response (dialog, "import");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until (library_entry (9900003) != NULL && keika_list_entry_get_score (library_entry (9900001)) == 50);
  /* The notes the file lacks are kept, as they were written. */
  g_assert_cmpstr (keika_list_entry_get_notes (library_entry (9900001)), ==, "  mine\nto keep ");
  wait_until (find_label_starting (GTK_WIDGET (main_window ()->toast_overlay),
                                   "“second.xml” imported: 1 added, 1 changed"));
  if (g_getenv ("KEIKA_TEST_SHOTS") != NULL)
    {
      gint64 end = g_get_monotonic_time () + TOAST_READ_US;

      wait_until (g_get_monotonic_time () > end);
      ui_test_save_shot (GTK_WIDGET (main_window ()), "import-toast");
    }

  click_undo ();
  wait_until (library_entry (9900003) == NULL && keika_list_entry_get_score (library_entry (9900001)) == 80);
  g_assert_cmpstr (keika_list_entry_get_notes (library_entry (9900001)), ==, "  mine\nto keep ");
}

/* The tests run once Keika's window is up and its library read. */
static void
activate_cb (GApplication *app)
{
  static gboolean ran;

  g_assert_false (ran);
  ran = TRUE;

  wait_until (gtk_widget_get_mapped (GTK_WIDGET (main_window ())) &&
              !keika_application_get_loading (t.app));
  g_assert_null (keika_application_get_store_error (t.app));

  t.status = g_test_run ();

  finish ();
  g_application_quit (app);
}

int
main (int   argc,
      char *argv[])
{
  char *app_argv[] = { argv[0], NULL };
  KeikaApplication *app;
  GObject *alive;
  GObject *fake_alive;
  int status;

  /* Software GL (llvmpipe) deadlocks under AddressSanitizer and is slower
   * than cairo here anyway (see test-ui.c). A renderer set outside wins. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  isolate_files ();
  /* Before any thread runs: it sets the fake's variables. */
  start_fake ();

  gtk_test_init (&argc, &argv, NULL);

  /* The keyring is on the session bus. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_add_func ("/accounts/no-session-bus", test_no_session_bus);
      status = g_test_run ();
      g_clear_object (&t.fake);
      remove_tree (t.dir);
      g_free (t.dir);
      g_free (t.user_id);
      return status;
    }

  set_up_settings ();
  start_notifications ();
  t.browser = soup_session_new_with_options ("timeout", 20, NULL);
  t.groups = g_ptr_array_new_with_free_func ((GDestroyNotify) weak_ref_free);

  g_test_add_func ("/accounts/client-id", test_client_id);
  g_test_add_func ("/accounts/preferences-released", test_preferences_released);
  g_test_add_func ("/accounts/sign-in-browser", test_sign_in_browser);
  g_test_add_func ("/accounts/sync-cancel", test_sync_cancel);
  g_test_add_func ("/accounts/sync-error", test_sync_error);
  g_test_add_func ("/accounts/sign-out", test_sign_out);
  g_test_add_func ("/accounts/sign-in-paste", test_sign_in_paste);
  g_test_add_func ("/accounts/anilist", test_anilist);
  g_test_add_func ("/accounts/anitrack", test_anitrack);
  g_test_add_func ("/accounts/help", test_help);
  g_test_add_func ("/accounts/import-error", test_import_error);
  g_test_add_func ("/accounts/import-preview", test_import_preview);

  app = keika_application_new ();
  t.app = app;
  /* Not unique: see the top of the file. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  status = g_application_run (G_APPLICATION (app), 1, app_argv);
  g_assert_cmpint (status, ==, 0);

  /* libadwaita keeps the account groups of closed Preferences windows
   * (test_preferences_released()), each holding the application: they let
   * go of it as their dispose does, so that what is checked next is that
   * nothing else keeps the application alive. */
  for (guint i = 0; i < t.groups->len; i++)
    {
      g_autoptr(GObject) group = g_weak_ref_get (g_ptr_array_index (t.groups, i));

      if (group != NULL)
        g_object_run_dispose (group);
    }
  g_clear_pointer (&t.groups, g_ptr_array_unref);

  /* Nothing keeps the application or the fake alive. */
  alive = G_OBJECT (app);
  g_object_add_weak_pointer (alive, (gpointer *) &alive);
  t.app = NULL;
  g_object_unref (app);
  wait_until (alive == NULL);

  fake_alive = G_OBJECT (t.fake);
  g_object_add_weak_pointer (fake_alive, (gpointer *) &fake_alive);
  g_clear_object (&t.browser);
  g_clear_object (&t.fake);
  wait_until (fake_alive == NULL);
  g_clear_object (&t.settings);
  g_bus_unown_name (t.notify_owner);
  g_clear_pointer (&t.notifications, g_ptr_array_unref);

  remove_tree (t.dir);
  g_clear_pointer (&t.dir, g_free);
  g_clear_pointer (&t.user_id, g_free);

  return t.status;
}
