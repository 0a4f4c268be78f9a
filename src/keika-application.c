/* keika-application.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Keika"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "keika-anime.h"
#include "keika-application-private.h"
#include "keika-enum-types.h"
#include "keika-error.h"
#include "keika-preferences-window.h"
#include "keika-sites.h"
#include "keika-accounts.h"
#include "keika-sync-engine.h"
#include "keika-transfer.h"
#include "keika-window.h"


G_DEFINE_FINAL_TYPE (KeikaApplication, keika_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ACCOUNT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
keika_application_emit_account_changed (KeikaApplication *self,
                                        KeikaSite         site)
{
  g_signal_emit (self, signals[ACCOUNT_CHANGED], 0, site);
}

static const GOptionEntry option_entries[] = {
  { "import", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import a MyAnimeList XML export or a Keika JSON export"), N_("FILE") },
  { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Export the library (.json for JSON, otherwise MyAnimeList XML)"), N_("FILE") },
  { NULL }
};

KeikaApplication *
keika_application_new (void)
{
  return g_object_new (KEIKA_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/keika/Keika",
                       NULL);
}

KeikaStore *
keika_application_get_store (KeikaApplication *self)
{
  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  return self->store;
}

KeikaLibrary *
keika_application_get_library (KeikaApplication *self)
{
  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  return self->library;
}

const GError *
keika_application_get_store_error (KeikaApplication *self)
{
  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  return self->store_error;
}

KeikaWindow *
keika_application_ensure_window (KeikaApplication *self)
{
  /* The active window may be an editor or Preferences: the library window
   * is the first KeikaWindow of the list, which GTK keeps most recently
   * focused first. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (KEIKA_IS_WINDOW (l->data))
        return l->data;
    }

  return keika_window_new (self);
}

static void
keika_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (keika_application_ensure_window (KEIKA_APPLICATION (app))));
}

gboolean
keika_application_get_loading (KeikaApplication *self)
{
  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), FALSE);

  return self->loading;
}

static void
set_store_error (KeikaApplication *self,
                 GError           *error)
{
  g_warning ("Could not open the library at %s: %s",
             self->store != NULL ? keika_store_get_path (self->store) : "", error->message);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  self->store_error = error;
}

#ifdef __GLIBC__
static gboolean
trim_cb (gpointer user_data)
{
  malloc_trim (0);

  return G_SOURCE_REMOVE;
}
#endif

/* Puts the entries read at start-up (or the error) in place and lets
 * everything that waited for the library go on. */
static void
finish_loading (KeikaApplication *self,
                GPtrArray        *entries,
                GError           *error)
{
  g_autoptr(GPtrArray) pending = g_steal_pointer (&self->pending_imports);

  if (entries != NULL)
    keika_library_replace_all (self->library, entries);
  else
    set_store_error (self, error);
  keika_application_backup_library (self);

#ifdef __GLIBC__
  /* Reading a large library leaves freed scratch memory behind; give it
   * back rather than keep it resident. Filling the list in the next frames
   * leaves some of its own: give that back too, a little later. */
  malloc_trim (0);
  g_timeout_add_full (G_PRIORITY_LOW, 250, trim_cb, NULL, NULL);
#endif

  self->loading = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_application_release (G_APPLICATION (self));

  if (self->store == NULL)
    keika_accounts_set_store_error (self->accounts, self->store_error);
  keika_accounts_set_loading (self->accounts, FALSE);
  keika_application_update_sync_actions (self);

  for (guint i = 0; pending != NULL && i < pending->len; i++)
    g_action_group_activate_action (G_ACTION_GROUP (self), "import",
                                    g_variant_new_string (g_ptr_array_index (pending, i)));
}

typedef struct
{
  KeikaApplication *self;     /* (owned) */
  GPtrArray        *entries;  /* (owned) */
} LoadedEntries;

static gboolean
apply_loaded_entries_cb (gpointer user_data)
{
  LoadedEntries *loaded = user_data;

  finish_loading (loaded->self, g_steal_pointer (&loaded->entries), NULL);
  g_object_unref (loaded->self);
  g_free (loaded);

  return G_SOURCE_REMOVE;
}

/* Filling the list of a large library takes a moment: the window is shown
 * first, then filled. */
static void
window_mapped_cb (GtkWidget     *window,
                  LoadedEntries *loaded)
{
  g_signal_handlers_disconnect_by_func (window, window_mapped_cb, loaded);
  g_idle_add (apply_loaded_entries_cb, loaded);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KeikaApplication) self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GPtrArray *entries;
  GError *error = NULL;

  entries = keika_store_load_entries_finish (KEIKA_STORE (object), result, &error);

  if (entries != NULL && window != NULL && !gtk_widget_get_mapped (GTK_WIDGET (window)))
    {
      LoadedEntries *loaded = g_new0 (LoadedEntries, 1);

      loaded->self = g_object_ref (self);
      loaded->entries = entries;
      g_signal_connect_after (window, "map", G_CALLBACK (window_mapped_cb), loaded);
      return;
    }

  finish_loading (self, entries, error);
}

static gboolean
start_loading_cb (gpointer user_data)
{
  KeikaApplication *self = user_data;

  /* load_done_cb() takes the reference. */
  keika_store_load_entries_async (self->store, NULL, load_done_cb, self);

  return G_SOURCE_REMOVE;
}

/* Opening the file tells at once whether it can be used; reading every entry
 * happens in a worker while the window comes up. */
static void
open_store (KeikaApplication *self)
{
  g_autofree char *path = keika_store_dup_default_path ();
  GError *error = NULL;

  self->store = keika_store_open (path, &error);
  if (self->store == NULL)
    {
      set_store_error (self, error);
      return;
    }

  self->loading = TRUE;
  g_application_hold (G_APPLICATION (self));

  /* Reading thousands of entries in a worker while the window is built
   * slows the window down (they share the cores, the allocator and
   * GObject's locks): the read starts from the main loop, which runs only
   * once activate() has shown the window. */
  g_idle_add (start_loading_cb, g_object_ref (self));
}

static void
keika_application_startup (GApplication *app)
{
  KeikaApplication *self = KEIKA_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *sync_accels[] = { "<Control>r", NULL };

  G_APPLICATION_CLASS (keika_application_parent_class)->startup (app);

  /* Translators: NAME_SUFFIX is " (Development)" in development builds */
  g_set_application_name (NAME_SUFFIX[0] != '\0' ? _("Keika (Development)") : _("Keika"));
  gtk_window_set_default_icon_name (APPLICATION_ID);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.sync", sync_accels);

  self->settings = g_settings_new ("io.github.keika.Keika");
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (keika_application_update_sync_actions), self,
                           G_CONNECT_SWAPPED);

  open_store (self);
  self->accounts = keika_accounts_new (self->settings, self->store, self->store_error,
                                       self->library, self->loading);
  g_signal_connect_object (self->accounts, "account-changed", G_CALLBACK (keika_application_account_changed_cb),
                           self, 0);
  keika_application_update_sync_actions (self);
}

/* Writes @library to @file in the format its name asks for. On success
 * @message says what was done, for a toast or the terminal. */
static gboolean
export_library (KeikaLibrary  *library,
                GFile         *file,
                char         **message,
                GError       **error)
{
  g_autofree char *basename = g_file_get_basename (file);
  KeikaExportFormat format = keika_export_format_for_file (file);
  guint left_out = 0;

  if (format == KEIKA_EXPORT_FORMAT_MAL_XML && g_str_has_suffix (basename, ".gz"))
    {
      g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_IO,
                           _("Keika writes MyAnimeList exports as plain XML. "
                             "Choose a name that ends in “.xml”."));
      return FALSE;
    }

  if (!keika_export_file (library, format, file, error))
    return FALSE;

  /* MyAnimeList can only take the anime it knows: say how many stayed out. */
  if (format == KEIKA_EXPORT_FORMAT_MAL_XML)
    {
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (library));

      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(KeikaListEntry) entry = g_list_model_get_item (G_LIST_MODEL (library), i);

          if (keika_anime_get_site_id (keika_list_entry_get_anime (entry), KEIKA_SITE_MAL) == 0)
            left_out++;
        }
    }

  if (left_out > 0)
    *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Library exported to “%s”; %u anime without a MyAnimeList id was left out",
                                             "Library exported to “%s”; %u anime without a MyAnimeList id were left out",
                                             left_out),
                                basename, left_out);
  else
    *message = g_strdup_printf (_("Library exported to “%s”"), basename);

  return TRUE;
}

/* keika --export FILE works in this process, on its own connection to the
 * library (WAL lets it read while a running Keika writes), so its exit
 * status tells whether the file was written. */
static int
export_from_command_line (GFile *file)
{
  g_autofree char *path = keika_store_dup_default_path ();
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(KeikaLibrary) library = keika_library_new ();
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  store = keika_store_open (path, &error);
  if (store == NULL ||
      !keika_store_load_library (store, library, &error) ||
      !export_library (library, file, &message, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print ("%s\n", message);
  return 0;
}

static gint
keika_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  const char *import_arg = NULL;
  const char *export_arg = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_variant_dict_lookup (options, "import", "^&ay", &import_arg);
  g_variant_dict_lookup (options, "export", "^&ay", &export_arg);

  if (import_arg == NULL && export_arg == NULL)
    return -1;

  /* The import runs in the background, so an export in the same command
   * would not see it. */
  if (import_arg != NULL && export_arg != NULL)
    {
      g_printerr ("%s\n", _("Give either --import or --export, not both: run one after the other."));
      return 1;
    }

  file = g_file_new_for_commandline_arg (import_arg != NULL ? import_arg : export_arg);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_printerr ("%s\n", _("Keika can only read and write files on this computer."));
      return 1;
    }

  if (export_arg != NULL)
    return export_from_command_line (file);

  /* An import is shown to the user in the window of the running Keika, or
   * of this one if none runs yet. */
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_action_group_activate_action (G_ACTION_GROUP (app), "import", g_variant_new_string (path));

  return g_application_get_is_remote (app) ? 0 : -1;
}

static void
keika_application_dispose (GObject *object)
{
  KeikaApplication *self = KEIKA_APPLICATION (object);

  g_clear_object (&self->accounts);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->library);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->pending_imports, g_ptr_array_unref);
  keika_application_clear_import (self);

  G_OBJECT_CLASS (keika_application_parent_class)->dispose (object);
}

static void
keika_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KeikaApplication *self = KEIKA_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_application_class_init (KeikaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = keika_application_dispose;
  object_class->get_property = keika_application_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Anything about the account of that site changed: profile, sign-in,
   * sync progress or error (keika_application_get_account() and others). */
  signals[ACCOUNT_CHANGED] =
    g_signal_new ("account-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KEIKA_TYPE_SITE);

  app_class->activate = keika_application_activate;
  app_class->startup = keika_application_startup;
  app_class->handle_local_options = keika_application_handle_local_options;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  KeikaApplication *self = user_data;
  static const char *developers[] = { "The Keika developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Keika"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Keika developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/keika/keika",
                         "issue-url", "https://github.com/keika/keika/issues",
                         "developers", developers,
                         /* Translators: Replace "translator-credits" with your names, one per line */
                         "translator-credits", _("translator-credits"),
                         "copyright", "© 2026 The Keika developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KeikaApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *preferences = GTK_WINDOW (keika_preferences_window_new ());

  gtk_window_set_transient_for (preferences, window);
  gtk_window_present (preferences);
}

/* Where the help pages are as web pages: $KEIKA_HELP_HTML_DIR (tests, a
 * build not installed), else where Keika installs them. (transfer full) */
static char *
dup_help_html_index (void)
{
  const char *dir = g_getenv ("KEIKA_HELP_HTML_DIR");
  g_autofree char *index = g_build_filename (dir != NULL && *dir != '\0' ? dir : HELP_HTML_DIR,
                                             "index.html", NULL);

  return g_canonicalize_filename (index, NULL);
}

/* On the library window, whichever window asked (the editor, Preferences). */
static void
show_help_failure (const char *message)
{
  GApplication *app = g_application_get_default ();

  if (KEIKA_IS_APPLICATION (app))
    keika_window_show_error (keika_application_ensure_window (KEIKA_APPLICATION (app)),
                             _("Help Could Not Be Opened"), message);
}

/* No browser either: where the pages are, in words. */
static void
help_in_browser_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *index = NULL;
  g_autofree char *message = NULL;

  if (gtk_show_uri_full_finish (source != NULL ? GTK_WINDOW (source) : NULL, result, &error))
    return;

  g_debug ("No browser for the help pages: %s", error->message);
  index = dup_help_html_index ();
  /* Translators: %s is the path of a file, like /usr/share/keika/help/html/index.html */
  message = g_strdup_printf (_("There is no help viewer or web browser to show them. Open %s "
                               "in a web browser, or install the Help application."), index);
  show_help_failure (message);
}

/* Without a help viewer: the same pages, as web pages, in the browser. */
static void
help_viewer_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *index = NULL;
  g_autofree char *uri = NULL;

  if (gtk_show_uri_full_finish (source != NULL ? GTK_WINDOW (source) : NULL, result, &error))
    return;

  g_debug ("No help viewer: %s", error->message);
  index = dup_help_html_index ();
  uri = g_filename_to_uri (index, NULL, NULL);
  if (uri == NULL || !g_file_test (index, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = NULL;

      message = g_strdup (_("There is no help viewer, and the help pages are not installed. "
                            "Install the Help application, or read the pages on Keika's web "
                            "site."));
      show_help_failure (message);
      return;
    }
  {
    GtkWindow *parent = window;

    gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, help_in_browser_cb,
                       g_steal_pointer (&window));
  }
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  KeikaApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_show_uri_full (window, "help:keika", GDK_CURRENT_TIME, NULL, help_viewer_cb,
                     window != NULL ? g_object_ref (window) : NULL);
}

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  KeikaApplication *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->store == NULL)
    error = g_error_copy (self->store_error);
  else if (self->loading)
    error = g_error_new_literal (KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_IO,
                                 _("The library is still being read. Try again in a moment."));

  if (error != NULL || !export_library (self->library, file, &message, &error))
    {
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *title = g_strdup_printf (_("Could Not Export to “%s”"), basename);

      if (window != NULL)
        keika_window_show_error (KEIKA_WINDOW (window), title, error->message);
      else
        g_printerr ("%s: %s\n", title, error->message);
      return;
    }

  if (window != NULL)
    keika_window_show_toast (KEIKA_WINDOW (window), message);
  else
    g_print ("%s\n", message);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "help", help_action },
  { "export", export_action, "s" },
};

static void
keika_application_init (KeikaApplication *self)
{
  self->library = keika_library_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  keika_application_add_account_actions (self);
  keika_application_add_library_actions (self);
  keika_application_add_import_actions (self);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
}
