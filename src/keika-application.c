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
#include "keika-application.h"
#include "keika-choose-anime-dialog.h"
#include "keika-enum-types.h"
#include "keika-error.h"
#include "keika-preferences-window.h"
#include "keika-sites.h"
#include "keika-accounts.h"
#include "keika-sync-engine.h"
#include "keika-transfer.h"
#include "keika-window.h"

struct _KeikaApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;     /* (owned) */
  KeikaAccounts  *accounts;     /* (owned) (nullable) made at startup */

  KeikaStore     *store;        /* (owned) (nullable) */
  KeikaLibrary   *library;      /* (owned) */
  GError         *store_error;  /* (owned) (nullable) */
  GPtrArray      *pending_imports; /* (owned): paths asked for while loading */
  gboolean        loading;
  guint           notified_expiry;  /* (1 << KeikaSite) of the sign-ins said to end soon */
};

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

static void              update_sync_actions  (KeikaApplication *self);
static void              account_changed_cb   (KeikaAccounts    *accounts,
                                               KeikaAccount     *account,
                                               KeikaApplication *self);

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

static KeikaWindow *
ensure_window (KeikaApplication *self)
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
  gtk_window_present (GTK_WINDOW (ensure_window (KEIKA_APPLICATION (app))));
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
  update_sync_actions (self);

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
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (update_sync_actions), self,
                           G_CONNECT_SWAPPED);

  open_store (self);
  self->accounts = keika_accounts_new (self->settings, self->store, self->store_error,
                                       self->library, self->loading);
  g_signal_connect_object (self->accounts, "account-changed", G_CALLBACK (account_changed_cb),
                           self, 0);
  update_sync_actions (self);
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

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  KeikaApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_show_uri (window, "help:keika", GDK_CURRENT_TIME);
}

/* What an import in progress needs when it ends. */
typedef struct
{
  KeikaApplication *application;  /* (owned) held while the import runs */
  KeikaWindow      *window;       /* (owned) where the import was started */
  GFile            *file;         /* (owned) */
  AdwToast         *toast;        /* (owned) "Importing…" */
} ImportData;

static void
import_data_free (ImportData *data)
{
  if (data->toast != NULL)
    keika_window_dismiss_toast (data->window, data->toast);
  g_clear_object (&data->toast);
  g_application_release (G_APPLICATION (data->application));
  g_clear_object (&data->application);
  g_clear_object (&data->window);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportData, import_data_free)

/* The window the import was started in or, if it was closed meanwhile (it
 * has left the application then), the one the user has now, if any. */
static KeikaWindow *
import_data_get_window (ImportData *data)
{
  if (gtk_window_get_application (GTK_WINDOW (data->window)) != NULL)
    return data->window;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (data->application)); l; l = l->next)
    {
      if (KEIKA_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static void
import_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ImportData) data = user_data;
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  KeikaWindow *window;

  /* The library is up to date by now, whatever became of the window. */
  report = keika_import_file_finish (KEIKA_STORE (source_object), result, &error);
  window = import_data_get_window (data);

  if (report == NULL)
    {
      g_autofree char *basename = g_file_get_basename (data->file);
      g_autofree char *title = g_strdup_printf (_("Could Not Import “%s”"), basename);

      if (window != NULL)
        keika_window_show_error (window, title, error->message);
      else
        g_printerr ("%s: %s\n", title, error->message);
      return;
    }

  if (window != NULL)
    keika_window_show_import_report (window, report);
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  KeikaApplication *self = user_data;
  ImportData *data;
  KeikaWindow *window;

  window = ensure_window (self);
  gtk_window_present (GTK_WINDOW (window));

  if (self->store == NULL)
    return;

  /* The library is still being read: import once it is there. */
  if (self->loading)
    {
      if (self->pending_imports == NULL)
        self->pending_imports = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->pending_imports, g_variant_dup_string (parameter, NULL));
      return;
    }

  /* The file is read and written in a worker thread; the library shows the
   * result when it is done. The application stays up until then, even if
   * the window is closed. */
  data = g_new0 (ImportData, 1);
  data->application = g_object_ref (self);
  data->window = g_object_ref (window);
  data->file = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  g_application_hold (G_APPLICATION (self));

  /* Shown until the import ends, however long it takes. */
  data->toast = g_object_ref (keika_window_show_toast (window, _("Importing…")));
  adw_toast_set_timeout (data->toast, 0);
  keika_import_file_async (self->store, self->library, data->file, NULL,
                           import_done_cb, data);
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

/* Accounts: they live in KeikaAccounts (sync/); the actions reach them. */

static KeikaAccount *
get_account (KeikaApplication *self,
             KeikaSite         site)
{
  return self->accounts != NULL ? keika_accounts_get (self->accounts, site) : NULL;
}

static void
update_sync_actions (KeikaApplication *self)
{
  gboolean syncing = FALSE, can_sync = FALSE, can_sign_in = FALSE;
  GAction *action;

  for (guint i = 0; self->accounts != NULL &&
                    i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(KeikaAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      g_autofree char *client_id = NULL;
      gboolean busy = keika_account_get_syncing (account, NULL, NULL, NULL);

      syncing |= busy;
      can_sync |= keika_account_get_engine (account) != NULL && !busy && !self->loading &&
                  !keika_account_get_signing_out (account);
      client_id = keika_accounts_dup_client_id (self->accounts, keika_account_get_site (account));
      can_sign_in |= client_id != NULL;
    }

  /* app.sync and app.sync-full sync every account that can; a button of
   * one account uses app.sync-account. */
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sync");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can_sync);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sync-full");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can_sync);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "cancel-sync");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), syncing);

  /* Signing in needs a client id: the action says so to every button,
   * menu and D-Bus caller alike (for a site without one, the account
   * says why it cannot). */
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sign-in");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can_sign_in);
}

/* A sign-in that cannot renew itself (AniList's, after a year) ending
 * within KEIKA_SIGN_IN_WARNING_DAYS: said once a run, as a notification
 * (the window has a banner too). */
static void
notify_sign_in_ending (KeikaApplication *self,
                       KeikaAccount     *account)
{
  KeikaProfile *profile = keika_account_get_profile (account);
  KeikaSite site = keika_account_get_site (account);
  gint64 expiry = profile != NULL ? keika_profile_get_token_expiry (profile) : 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GDateTime) then = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *date = NULL;

  if (site != KEIKA_SITE_ANILIST || expiry <= 0 ||
      expiry - now > KEIKA_SIGN_IN_WARNING_DAYS * 24 * 3600 ||
      (self->notified_expiry & (1u << site)) != 0)
    return;
  self->notified_expiry |= 1u << site;

  then = g_date_time_new_from_unix_local (expiry);
  /* Translators: the day a sign-in ends; see g_date_time_format() */
  date = g_date_time_format (then, _("%e %B"));
  g_strstrip (date);
  /* Translators: %s is a site, like "AniList" */
  title = g_strdup_printf (expiry <= now ? _("%s Sign-In Ended") : _("%s Sign-In Ends Soon"),
                           keika_site_to_label (site));
  body = expiry <= now
         ? g_strdup (_("Your changes wait in Keika until you sign in again."))
         /* Translators: %s is a day, like "5 December" */
         : g_strdup_printf (_("It ends on %s. Sign out and in again in Keika’s preferences, so that no change has to wait."),
                            date);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.preferences");
  id = g_strconcat ("sign-in-ending-", keika_site_to_string (site), NULL);
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void
account_changed_cb (KeikaAccounts    *accounts,
                    KeikaAccount     *account,
                    KeikaApplication *self)
{
  update_sync_actions (self);
  notify_sign_in_ending (self, account);
  g_signal_emit (self, signals[ACCOUNT_CHANGED], 0, keika_account_get_site (account));
}

char *
keika_application_dup_client_id (KeikaApplication *self,
                                 KeikaSite         site)
{
  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  return self->accounts != NULL ? keika_accounts_dup_client_id (self->accounts, site) : NULL;
}

GListModel *
keika_application_get_accounts (KeikaApplication *self)
{
  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  return self->accounts != NULL ? G_LIST_MODEL (self->accounts) : NULL;
}

KeikaProfile *
keika_application_get_account (KeikaApplication *self,
                               KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_get_profile (account) : NULL;
}

char *
keika_application_dup_redirect_uri (KeikaApplication *self,
                                    KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_dup_redirect_uri (account) : NULL;
}

const char *
keika_application_get_sign_in_uri (KeikaApplication *self,
                                   KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_get_sign_in_uri (account) : NULL;
}

gboolean
keika_application_get_browser_failed (KeikaApplication *self,
                                      KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), FALSE);

  account = get_account (self, site);
  return account != NULL && keika_account_get_browser_failed (account);
}

const char *
keika_application_get_sign_in_error (KeikaApplication *self,
                                     KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_get_sign_in_error (account) : NULL;
}

gboolean
keika_application_get_syncing (KeikaApplication *self,
                               KeikaSite         site,
                               guint            *done,
                               guint            *total,
                               gboolean         *sending)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), FALSE);

  account = get_account (self, site);
  return account != NULL && keika_account_get_syncing (account, done, total, sending);
}

const char *
keika_application_get_sync_error (KeikaApplication *self,
                                  KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_get_sync_error (account) : NULL;
}

KeikaSyncEngine *
keika_application_get_sync_engine (KeikaApplication *self,
                                   KeikaSite         site)
{
  KeikaAccount *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? keika_account_get_engine (account) : NULL;
}

/* Sign-in */

typedef struct
{
  KeikaAccount *account;     /* (owned) */
  guint         generation;  /* of the sign-in whose page is being opened */
} ShowUriData;

static void
show_uri_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ShowUriData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (source_object != NULL ? GTK_WINDOW (source_object) : NULL,
                                 result, &error))
    {
      g_debug ("Could not open the sign-in page: %s", error->message);
      keika_account_browser_failed (data->account, data->generation);
    }

  g_object_unref (data->account);
  g_free (data);
}

static gboolean
parse_site (GVariant  *parameter,
            KeikaSite *site)
{
  return keika_site_from_string (g_variant_get_string (parameter, NULL), site);
}

static void
sign_in_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  KeikaApplication *self = user_data;
  KeikaAccount *account;
  ShowUriData *data;
  const char *uri;
  guint generation = 0;
  KeikaSite site;

  if (!parse_site (parameter, &site) || (account = get_account (self, site)) == NULL)
    {
      g_warning ("Cannot sign in to “%s”", g_variant_get_string (parameter, NULL));
      return;
    }

  uri = keika_account_begin_sign_in (account, &generation);
  if (uri == NULL)
    return;

  data = g_new0 (ShowUriData, 1);
  data->account = g_object_ref (account);
  data->generation = generation;
  gtk_show_uri_full (gtk_application_get_active_window (GTK_APPLICATION (self)), uri,
                     GDK_CURRENT_TIME, NULL, show_uri_cb, data);
}

void
keika_application_complete_sign_in (KeikaApplication *self,
                                    KeikaSite         site,
                                    const char       *code)
{
  KeikaAccount *account;

  g_return_if_fail (KEIKA_IS_APPLICATION (self));
  g_return_if_fail (code != NULL);

  account = get_account (self, site);
  if (account != NULL)
    keika_account_complete_sign_in (account, code);
}

static void
cancel_sign_in_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  KeikaApplication *self = user_data;
  KeikaSite site;

  if (parse_site (parameter, &site) && get_account (self, site) != NULL)
    keika_account_cancel_sign_in (get_account (self, site));
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  KeikaApplication *self = user_data;
  KeikaSite site;

  if (parse_site (parameter, &site) && get_account (self, site) != NULL)
    keika_account_sign_out (get_account (self, site));
}

/* app.sync, app.sync-full: every account that can; app.sync-account "s"
 * and app.sync-account-full "s": one. */
static void
sync_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  KeikaApplication *self = user_data;
  KeikaSyncKind kind = g_str_has_suffix (g_action_get_name (G_ACTION (action)), "-full")
                       ? KEIKA_SYNC_FULL : KEIKA_SYNC_INCREMENTAL;
  KeikaSite site;

  if (self->accounts == NULL)
    return;

  if (parameter != NULL)
    {
      if (parse_site (parameter, &site) && get_account (self, site) != NULL)
        keika_account_sync (get_account (self, site), kind);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(KeikaAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (keika_account_get_engine (account) != NULL)
        keika_account_sync (account, kind);
    }
}

static void
cancel_sync_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KeikaApplication *self = user_data;
  KeikaSite site;

  if (self->accounts == NULL)
    return;

  if (parameter != NULL)
    {
      if (parse_site (parameter, &site) && get_account (self, site) != NULL)
        keika_account_cancel_sync (get_account (self, site));
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->accounts)); i++)
    {
      g_autoptr(KeikaAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      keika_account_cancel_sync (account);
    }
}

/* app.choose-site-anime "(sx)": the site and an entry that site had no
 * match for; the person picks the anime from a search of the site. */
static void
choose_site_anime_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  KeikaApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *site_name;
  KeikaListEntry *entry;
  KeikaAccount *account;
  gint64 entry_id;
  KeikaSite site;

  g_variant_get (parameter, "(&sx)", &site_name, &entry_id);
  if (!keika_site_from_string (site_name, &site) || (account = get_account (self, site)) == NULL ||
      keika_account_get_service (account) == NULL || self->library == NULL ||
      (entry = keika_library_lookup (self->library, entry_id)) == NULL)
    return;

  gtk_window_present (GTK_WINDOW (keika_choose_anime_dialog_new (parent, account, entry)));
}

/* app.send-changes "(sb)": the switch "Send my changes here" of a site's
 * account. */
static void
send_changes_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  KeikaApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *site_name;
  gboolean send;
  KeikaSite site;

  g_variant_get (parameter, "(&sb)", &site_name, &send);
  if (!keika_site_from_string (site_name, &site) || get_account (self, site) == NULL)
    return;

  if (!keika_account_set_send_changes (get_account (self, site), send, &error))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

      if (KEIKA_IS_WINDOW (window))
        keika_window_show_error (KEIKA_WINDOW (window), _("Could Not Change the Setting"),
                                 error->message);
    }
}

/* The actions on one entry's sync problem take "(sx)": the site and the
 * entry id. */
static void
entry_sync_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  KeikaApplication *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  g_autoptr(GError) error = NULL;
  const char *site_name;
  KeikaAccount *account;
  gint64 entry_id;
  KeikaSite site;

  g_variant_get (parameter, "(&sx)", &site_name, &entry_id);
  if (!keika_site_from_string (site_name, &site) || (account = get_account (self, site)) == NULL)
    {
      g_warning ("No account for the site “%s”", site_name);
      return;
    }

  if (!keika_account_act_on_entry (account, name, entry_id, &error))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

      g_warning ("%s of entry %" G_GINT64_FORMAT " failed: %s", name, entry_id, error->message);
      if (KEIKA_IS_WINDOW (window))
        keika_window_show_error (KEIKA_WINDOW (window), _("Could Not Change the Entry"),
                                 error->message);
      return;
    }

  /* Gone from the site and unlinked: removed here as a person removes an
   * anime, with Undo (and mirrored to the other sites). */
  if (g_str_equal (name, "remove-gone-entry"))
    {
      KeikaWindow *window = ensure_window (self);
      KeikaListEntry *entry = keika_library_lookup (self->library, entry_id);

      if (entry != NULL)
        keika_window_remove_entry (window, entry);
    }
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "help", help_action },
  { "import", import_action, "s" },
  { "export", export_action, "s" },
  { "sign-in", sign_in_action, "s" },
  { "cancel-sign-in", cancel_sign_in_action, "s" },
  { "sign-out", sign_out_action, "s" },
  { "sync", sync_action },
  { "sync-full", sync_action },
  { "cancel-sync", cancel_sync_action },
  { "sync-account", sync_action, "s" },
  { "sync-account-full", sync_action, "s" },
  { "cancel-sync-account", cancel_sync_action, "s" },
  { "send-changes", send_changes_action, "(sb)" },
  { "choose-site-anime", choose_site_anime_action, "(sx)" },
  { "retry-change", entry_sync_action, "(sx)" },
  { "discard-change", entry_sync_action, "(sx)" },
  { "unlink-entry", entry_sync_action, "(sx)" },
  { "dismiss-conflicts", entry_sync_action, "(sx)" },
  { "add-back-entry", entry_sync_action, "(sx)" },
  { "remove-gone-entry", entry_sync_action, "(sx)" },
};

static void
keika_application_init (KeikaApplication *self)
{
  self->library = keika_library_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
}
