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
#include "keika-enum-types.h"
#include "keika-error.h"
#include "keika-preferences-window.h"
#include "keika-sites.h"
#include "keika-sync-engine.h"
#include "keika-transfer.h"
#include "keika-window.h"

/* How often pending changes are retried while there are some. */
#define PUSH_INTERVAL_SECONDS 120
/* How often the list is pulled again while Keika runs (changes made on the
 * site elsewhere), and how old the last pull of the whole list may get
 * before the next pull is a full one (to see what was deleted there). */
#define PULL_INTERVAL_US (30 * G_TIME_SPAN_MINUTE)
#define FULL_PULL_INTERVAL_SECONDS (7 * 24 * 3600)

/* One site account: the claimed profile, its site object and engine, and
 * the state of a sign-in or sync in progress. */
typedef struct
{
  KeikaApplication *application;        /* (unowned) the owner */
  KeikaSite         site;
  KeikaProfile     *profile;            /* (owned) (nullable) claimed */
  KeikaSiteService *service;            /* (owned) (nullable) one per account */
  KeikaSyncEngine  *engine;             /* (owned) (nullable) with the profile */

  char             *sign_in_uri;        /* (owned) (nullable) while signing in; never logged */
  GCancellable     *sign_in_cancellable; /* (owned) (nullable) */
  guint             sign_in_generation; /* bumped when an attempt is replaced */
  gboolean          browser_failed;
  gboolean          signing_out;
  char             *sign_in_error;      /* (owned) (nullable) */

  GCancellable     *sync_cancellable;   /* (owned) (nullable) */
  gboolean          syncing;
  gboolean          sending;
  guint             done;
  guint             total;
  int               sync_after_load;    /* SyncKind + 1 asked for while loading, or 0 */
  gint64            pulled_at;          /* monotonic time of the last pull started */
  char             *sync_error;         /* (owned) (nullable) */
} Account;

struct _KeikaApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;     /* (owned) */
  Account         mal;
  guint           push_timeout_id;

  KeikaStore     *store;        /* (owned) (nullable) */
  KeikaLibrary   *library;      /* (owned) */
  GError         *store_error;  /* (owned) (nullable) */
  GPtrArray      *pending_imports; /* (owned): paths asked for while loading */
  gboolean        loading;
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

static void              start_accounts       (KeikaApplication *self);
static void              update_sync_actions  (KeikaApplication *self);
static void              account_clear        (Account          *account);
static KeikaSiteService *new_site             (KeikaApplication *self,
                                               KeikaSite         site,
                                               const char       *account);
static void              settings_changed_cb  (GSettings        *settings,
                                               const char       *key,
                                               KeikaApplication *self);
static void              network_changed_cb   (GNetworkMonitor  *monitor,
                                               gboolean          available,
                                               KeikaApplication *self);
static gboolean          push_timeout_cb      (gpointer          user_data);

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
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (keika_window_new (self));

  return KEIKA_WINDOW (window);
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

  start_accounts (self);

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
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self, 0);
  self->mal.application = self;
  self->mal.site = KEIKA_SITE_MAL;
  self->mal.service = new_site (self, KEIKA_SITE_MAL, NULL);
  update_sync_actions (self);

  /* Offline edits go out when the network comes back, and while some wait,
   * every few minutes. */
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (network_changed_cb), self, 0);
  self->push_timeout_id = g_timeout_add_seconds (PUSH_INTERVAL_SECONDS, push_timeout_cb, self);

  open_store (self);
  if (self->store == NULL)
    start_accounts (self);
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

  g_clear_handle_id (&self->push_timeout_id, g_source_remove);
  account_clear (&self->mal);
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

/* Accounts */

typedef enum
{
  SYNC_PUSH,
  SYNC_INCREMENTAL,
  SYNC_FULL,
} SyncKind;

static Account *
get_account (KeikaApplication *self,
             KeikaSite         site)
{
  return site == KEIKA_SITE_MAL ? &self->mal : NULL;
}

static void
emit_account_changed (KeikaApplication *self,
                      Account          *account)
{
  g_signal_emit (self, signals[ACCOUNT_CHANGED], 0, account->site);
}

static void
update_sync_actions (KeikaApplication *self)
{
  gboolean can_sync = self->mal.engine != NULL && !self->mal.syncing && !self->loading;
  g_autofree char *client_id = NULL;
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sync");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can_sync);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sync-full");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can_sync);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "cancel-sync");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->mal.syncing);

  /* Signing in needs a client id: the action says so to every button,
   * menu and D-Bus caller alike. */
  client_id = keika_application_dup_client_id (self, KEIKA_SITE_MAL);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sign-in");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), client_id != NULL);
}

char *
keika_application_dup_client_id (KeikaApplication *self,
                                 KeikaSite         site)
{
  g_autofree char *client_id = NULL;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  if (site != KEIKA_SITE_MAL)
    return NULL;

  client_id = g_settings_get_string (self->settings, "mal-client-id");
  g_strstrip (client_id);
  if (client_id[0] != '\0')
    return g_steal_pointer (&client_id);
  if (MAL_CLIENT_ID[0] != '\0')
    return g_strdup (MAL_CLIENT_ID);

  return NULL;
}

/* "oauth-redirect-port" is a "q". */
static guint
get_redirect_port (GSettings *settings)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, "oauth-redirect-port");

  return g_variant_get_uint16 (value);
}

/* A site object with no account yet, for signing in. */
static KeikaSiteService *
new_site (KeikaApplication *self,
          KeikaSite         site,
          const char       *account)
{
  g_autofree char *client_id = keika_application_dup_client_id (self, site);
  KeikaMalSite *mal;

  g_assert (site == KEIKA_SITE_MAL);

  mal = keika_mal_site_new (client_id, account);
  keika_mal_site_set_redirect_port (mal, get_redirect_port (self->settings));

  return KEIKA_SITE_SERVICE (mal);
}

static void
clear_sign_in (Account *account)
{
  account->sign_in_generation++;
  if (account->sign_in_cancellable != NULL)
    g_cancellable_cancel (account->sign_in_cancellable);
  g_clear_object (&account->sign_in_cancellable);
  if (account->sign_in_uri != NULL && account->service != NULL)
    keika_site_service_abort_sign_in (account->service);
  g_clear_pointer (&account->sign_in_uri, g_free);
  account->browser_failed = FALSE;
}

static void
clear_sync (Account *account)
{
  if (account->sync_cancellable != NULL)
    g_cancellable_cancel (account->sync_cancellable);
  g_clear_object (&account->sync_cancellable);
  account->syncing = FALSE;
}

static void
account_clear (Account *account)
{
  clear_sign_in (account);
  clear_sync (account);
  if (account->engine != NULL)
    g_signal_handlers_disconnect_by_data (account->engine, account);
  g_clear_object (&account->engine);
  g_clear_object (&account->profile);
  g_clear_object (&account->service);
  g_clear_pointer (&account->sign_in_error, g_free);
  g_clear_pointer (&account->sync_error, g_free);
}

static void
engine_progress_cb (KeikaSyncEngine *engine,
                    guint            done,
                    guint            total,
                    gpointer         user_data)
{
  Account *account = user_data;

  account->done = done;
  account->total = total;
  emit_account_changed (account->application, account);
}

/* Makes @profile (claimed) the account's, with an engine of its own. */
static void
set_account_profile (KeikaApplication *self,
                     Account          *account,
                     KeikaProfile     *profile)
{
  if (account->engine != NULL)
    g_signal_handlers_disconnect_by_data (account->engine, account);
  g_clear_object (&account->engine);
  g_set_object (&account->profile, profile);

  if (profile != NULL && self->store != NULL)
    {
      account->engine = keika_sync_engine_new (self->store, self->library, profile, account->service);
      g_signal_connect (account->engine, "progress", G_CALLBACK (engine_progress_cb), account);
      if (!self->loading)
        keika_sync_engine_update_problems (account->engine);
    }

  update_sync_actions (self);
}

/* What a sync in progress needs when a step ends. */
typedef struct
{
  KeikaApplication *application;  /* (owned) */
  KeikaSyncEngine  *engine;       /* (owned) the engine it was started with */
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_clear_object (&data->application);
  g_clear_object (&data->engine);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncData, sync_data_free)

static void
finish_sync (KeikaApplication *self,
             Account          *account,
             const GError     *error)
{
  g_clear_object (&account->sync_cancellable);
  account->syncing = FALSE;
  g_clear_pointer (&account->sync_error, g_free);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Sync with %s failed: %s", keika_site_to_string (account->site), error->message);
      account->sync_error = g_strdup (error->message);
    }

  update_sync_actions (self);
  emit_account_changed (self, account);
}

static void
push_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SyncData) data = user_data;
  KeikaApplication *self = data->application;
  Account *account = &self->mal;
  g_autoptr(GError) error = NULL;
  guint n_pushed = 0, n_failed = 0;

  keika_sync_engine_push_finish (KEIKA_SYNC_ENGINE (source_object), result,
                                 &n_pushed, &n_failed, &error);
  g_debug ("Pushed %u changes, %u failed", n_pushed, n_failed);

  if (account->engine != data->engine)
    return;

  /* A change the site refused for good is shown on its entry (and the
   * window says how many): it is not a failed sync. */
  if (error != NULL &&
      (g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND) ||
       g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_REJECTED)))
    g_clear_error (&error);

  finish_sync (self, account, error);
}

static void
start_push (Account  *account,
            SyncData *data)
{
  account->sending = TRUE;
  account->done = account->total = 0;
  keika_sync_engine_push_async (account->engine, account->sync_cancellable, push_done_cb, data);
}

static void
pull_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SyncData) data = user_data;
  KeikaApplication *self = data->application;
  Account *account = &self->mal;
  g_autoptr(GError) error = NULL;

  if (!keika_sync_engine_pull_finish (KEIKA_SYNC_ENGINE (source_object), result, &error))
    {
      if (account->engine == data->engine)
        finish_sync (self, account, error);
      return;
    }

  if (account->engine != data->engine)
    return;

  emit_account_changed (self, account);
  start_push (account, g_steal_pointer (&data));
}

static void
start_sync (KeikaApplication *self,
            Account          *account,
            SyncKind          kind)
{
  SyncData *data;

  if (self->loading)
    {
      /* Once the library is there. */
      account->sync_after_load = MAX (account->sync_after_load, (int) kind + 1);
      return;
    }

  if (account->engine == NULL || account->syncing)
    return;

  account->syncing = TRUE;
  account->done = account->total = 0;
  account->sending = FALSE;
  account->sync_cancellable = g_cancellable_new ();

  data = g_new0 (SyncData, 1);
  data->application = g_object_ref (self);
  data->engine = g_object_ref (account->engine);

  /* Now and then the whole list, to see what was deleted on the site. */
  if (kind == SYNC_INCREMENTAL &&
      (keika_profile_get_synced_at (account->profile) == 0 ||
       g_get_real_time () / G_USEC_PER_SEC - keika_profile_get_full_synced_at (account->profile)
         >= FULL_PULL_INTERVAL_SECONDS))
    kind = SYNC_FULL;

  if (kind == SYNC_PUSH)
    start_push (account, data);
  else
    {
      account->pulled_at = g_get_monotonic_time ();
      keika_sync_engine_pull_async (account->engine, kind == SYNC_FULL,
                                    account->sync_cancellable, pull_done_cb, data);
    }

  update_sync_actions (self);
  emit_account_changed (self, account);
}

/* Sends what waits in the journal, if anything does. */
static void
push_pending (KeikaApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->loading || self->mal.engine == NULL || self->mal.syncing)
    return;

  if (keika_store_count_journal (self->store, &error) == 0)
    return;

  start_sync (self, &self->mal, SYNC_PUSH);
}

static gboolean
push_timeout_cb (gpointer user_data)
{
  KeikaApplication *self = KEIKA_APPLICATION (user_data);

  /* A pull pushes too when it is done. */
  if (self->mal.engine != NULL && !self->loading &&
      g_network_monitor_get_network_available (g_network_monitor_get_default ()) &&
      g_get_monotonic_time () - self->mal.pulled_at >= PULL_INTERVAL_US)
    start_sync (self, &self->mal, SYNC_INCREMENTAL);
  else
    push_pending (self);

  return G_SOURCE_CONTINUE;
}

static void
network_changed_cb (GNetworkMonitor  *monitor,
                    gboolean          available,
                    KeikaApplication *self)
{
  if (available)
    push_pending (self);
}

/* Picks up the claimed profile of each site once the library is read, and
 * syncs it once. */
static void
start_accounts (KeikaApplication *self)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  Account *account = &self->mal;

  if (self->store == NULL)
    return;

  profiles = keika_store_list_profiles (self->store, &error);
  if (profiles == NULL)
    {
      g_warning ("Could not read the accounts: %s", error->message);
      return;
    }

  for (guint i = 0; i < profiles->len && account->profile == NULL; i++)
    {
      KeikaProfile *profile = g_ptr_array_index (profiles, i);

      if (keika_profile_get_site (profile) != KEIKA_SITE_MAL || !keika_profile_get_claimed (profile))
        continue;

      g_clear_object (&account->service);
      account->service = new_site (self, KEIKA_SITE_MAL, keika_profile_get_site_user_id (profile));
      set_account_profile (self, account, profile);
    }

  if (account->profile != NULL)
    {
      start_sync (self, account, MAX (SYNC_INCREMENTAL, (SyncKind) (account->sync_after_load - 1)));
      emit_account_changed (self, account);
    }
  account->sync_after_load = 0;
}

static void
settings_changed_cb (GSettings        *settings,
                     const char       *key,
                     KeikaApplication *self)
{
  Account *account = &self->mal;

  if (g_str_equal (key, "mal-client-id"))
    update_sync_actions (self);

  if (account->service == NULL)
    return;

  if (g_str_equal (key, "mal-client-id"))
    {
      g_autofree char *client_id = keika_application_dup_client_id (self, KEIKA_SITE_MAL);

      keika_mal_site_set_client_id (KEIKA_MAL_SITE (account->service), client_id);
      emit_account_changed (self, account);
    }
  else if (g_str_equal (key, "oauth-redirect-port"))
    {
      keika_mal_site_set_redirect_port (KEIKA_MAL_SITE (account->service),
                                        get_redirect_port (settings));
      emit_account_changed (self, account);
    }
}

KeikaProfile *
keika_application_get_account (KeikaApplication *self,
                               KeikaSite         site)
{
  Account *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? account->profile : NULL;
}

char *
keika_application_dup_redirect_uri (KeikaApplication *self,
                                    KeikaSite         site)
{
  Account *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  if (account == NULL || account->service == NULL)
    return NULL;

  return keika_mal_site_dup_redirect_uri (KEIKA_MAL_SITE (account->service));
}

const char *
keika_application_get_sign_in_uri (KeikaApplication *self,
                                   KeikaSite         site)
{
  Account *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? account->sign_in_uri : NULL;
}

gboolean
keika_application_get_browser_failed (KeikaApplication *self,
                                      KeikaSite         site)
{
  Account *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), FALSE);

  account = get_account (self, site);
  return account != NULL && account->browser_failed;
}

const char *
keika_application_get_sign_in_error (KeikaApplication *self,
                                     KeikaSite         site)
{
  Account *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? account->sign_in_error : NULL;
}

gboolean
keika_application_get_syncing (KeikaApplication *self,
                               KeikaSite         site,
                               guint            *done,
                               guint            *total,
                               gboolean         *sending)
{
  Account *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), FALSE);

  account = get_account (self, site);
  if (account == NULL || !account->syncing)
    return FALSE;

  if (done != NULL)
    *done = account->done;
  if (total != NULL)
    *total = account->total;
  if (sending != NULL)
    *sending = account->sending;

  return TRUE;
}

const char *
keika_application_get_sync_error (KeikaApplication *self,
                                  KeikaSite         site)
{
  Account *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? account->sync_error : NULL;
}

/* Sign-in */

typedef struct
{
  KeikaApplication *application;  /* (owned) */
  guint             generation;   /* of the sign-in it belongs to */
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_clear_object (&data->application);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignInData, sign_in_data_free)

static SignInData *
sign_in_data_new (KeikaApplication *self,
                  Account          *account)
{
  SignInData *data = g_new0 (SignInData, 1);

  data->application = g_object_ref (self);
  data->generation = account->sign_in_generation;

  return data;
}

/* Claims the profile: the row of the same account if there is one (its
 * links and pending changes then resume), else a new one. */
static gboolean
claim_profile (KeikaApplication  *self,
               KeikaProfile      *profile,
               GError           **error)
{
  g_autoptr(GPtrArray) profiles = keika_store_list_profiles (self->store, error);

  if (profiles == NULL)
    return FALSE;

  for (guint i = 0; i < profiles->len; i++)
    {
      KeikaProfile *old = g_ptr_array_index (profiles, i);

      if (keika_profile_get_site (old) == keika_profile_get_site (profile) &&
          g_strcmp0 (keika_profile_get_site_user_id (old), keika_profile_get_site_user_id (profile)) == 0)
        {
          keika_profile_set_id (profile, keika_profile_get_id (old));
          keika_profile_set_synced_at (profile, keika_profile_get_synced_at (old));
          keika_profile_set_full_synced_at (profile, keika_profile_get_full_synced_at (old));
          break;
        }
    }

  keika_profile_set_claimed (profile, TRUE);

  return keika_store_add_profile (self->store, profile, error);
}

static void
sign_in_done_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SignInData) data = user_data;
  KeikaApplication *self = data->application;
  Account *account = &self->mal;
  g_autoptr(KeikaProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (source_object),
                                                        result, &error);

  /* A newer attempt (a pasted code, a new sign-in) or a cancel took over. */
  if (data->generation != account->sign_in_generation ||
      KEIKA_SITE_SERVICE (source_object) != account->service)
    return;

  if (profile == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_pointer (&account->sign_in_error, g_free);
      account->sign_in_error = g_strdup (error->message);

      /* The loopback address cannot be used: the paste field stays. */
      if (!g_error_matches (error, KEIKA_ERROR, KEIKA_ERROR_PORT_IN_USE))
        {
          g_clear_object (&account->sign_in_cancellable);
          g_clear_pointer (&account->sign_in_uri, g_free);
          account->browser_failed = FALSE;
        }
      emit_account_changed (self, account);
      return;
    }

  g_clear_object (&account->sign_in_cancellable);
  g_clear_pointer (&account->sign_in_uri, g_free);
  account->browser_failed = FALSE;

  if (self->store == NULL)
    error = g_error_copy (self->store_error);
  if (error != NULL || !claim_profile (self, profile, &error))
    {
      account->sign_in_error = g_strdup (error->message);
      /* Not kept: forget the tokens too. */
      keika_site_service_sign_out_async (account->service, NULL, NULL, NULL);
      g_clear_object (&account->service);
      account->service = new_site (self, account->site, NULL);
      emit_account_changed (self, account);
      return;
    }

  g_debug ("Signed in to %s", keika_site_to_string (account->site));
  set_account_profile (self, account, profile);
  start_sync (self, account, SYNC_FULL);
  emit_account_changed (self, account);
}

static void
show_uri_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SignInData) data = user_data;
  KeikaApplication *self = data->application;
  Account *account = &self->mal;
  g_autoptr(GError) error = NULL;

  if (gtk_show_uri_full_finish (source_object != NULL ? GTK_WINDOW (source_object) : NULL,
                                result, &error))
    return;

  g_debug ("Could not open the sign-in page: %s", error->message);
  if (data->generation == account->sign_in_generation && account->sign_in_uri != NULL)
    {
      account->browser_failed = TRUE;
      emit_account_changed (self, account);
    }
}

static gboolean
parse_site (GVariant  *parameter,
            KeikaSite *site)
{
  return keika_site_from_string (g_variant_get_string (parameter, NULL), site) &&
         *site == KEIKA_SITE_MAL;
}

static void
sign_in_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  KeikaApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  Account *account;
  KeikaSite site;

  if (!parse_site (parameter, &site))
    {
      g_warning ("Cannot sign in to “%s”", g_variant_get_string (parameter, NULL));
      return;
    }

  account = get_account (self, site);
  if (account->profile != NULL)
    return;

  clear_sign_in (account);
  g_clear_pointer (&account->sign_in_error, g_free);
  if (account->service == NULL)
    account->service = new_site (self, site, NULL);

  account->sign_in_uri = keika_site_service_begin_sign_in (account->service, &error);
  if (account->sign_in_uri == NULL)
    {
      account->sign_in_error = g_strdup (error->message);
      emit_account_changed (self, account);
      return;
    }

  account->sign_in_cancellable = g_cancellable_new ();
  keika_site_service_complete_sign_in_async (account->service, NULL, account->sign_in_cancellable,
                                             sign_in_done_cb, sign_in_data_new (self, account));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  gtk_show_uri_full (window, account->sign_in_uri, GDK_CURRENT_TIME, NULL,
                     show_uri_cb, sign_in_data_new (self, account));

  emit_account_changed (self, account);
}

void
keika_application_complete_sign_in (KeikaApplication *self,
                                    KeikaSite         site,
                                    const char       *code)
{
  Account *account;

  g_return_if_fail (KEIKA_IS_APPLICATION (self));
  g_return_if_fail (code != NULL);

  account = get_account (self, site);
  if (account == NULL || account->sign_in_uri == NULL || account->service == NULL)
    return;

  /* The wait for the redirect ends (cancelled): this attempt replaces it. */
  account->sign_in_generation++;
  g_clear_pointer (&account->sign_in_error, g_free);
  keika_site_service_complete_sign_in_async (account->service, code, account->sign_in_cancellable,
                                             sign_in_done_cb, sign_in_data_new (self, account));
  emit_account_changed (self, account);
}

static void
cancel_sign_in_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  KeikaApplication *self = user_data;
  KeikaSite site;

  if (!parse_site (parameter, &site))
    return;

  clear_sign_in (get_account (self, site));
  g_clear_pointer (&get_account (self, site)->sign_in_error, g_free);
  emit_account_changed (self, get_account (self, site));
}

static void
sign_out_done_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KeikaApplication) self = user_data;
  Account *account = &self->mal;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaProfile) profile = NULL;

  account->signing_out = FALSE;

  if (KEIKA_SITE_SERVICE (source_object) != account->service)
    return;

  if (!keika_site_service_sign_out_finish (KEIKA_SITE_SERVICE (source_object), result, &error))
    {
      /* The token is still in the keyring: stay signed in, and say why. */
      g_clear_pointer (&account->sign_in_error, g_free);
      account->sign_in_error = g_strdup (error->message);
      update_sync_actions (self);
      emit_account_changed (self, account);
      return;
    }

  profile = g_steal_pointer (&account->profile);
  if (profile != NULL && self->store != NULL)
    {
      keika_profile_set_claimed (profile, FALSE);
      if (!keika_store_add_profile (self->store, profile, &error))
        g_warning ("Could not mark the profile as signed out: %s", error->message);
    }

  set_account_profile (self, account, NULL);
  g_clear_object (&account->service);
  account->service = new_site (self, account->site, NULL);
  g_clear_pointer (&account->sync_error, g_free);
  g_debug ("Signed out of %s", keika_site_to_string (account->site));
  emit_account_changed (self, account);
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  KeikaApplication *self = user_data;
  Account *account;
  KeikaSite site;

  if (!parse_site (parameter, &site))
    return;

  account = get_account (self, site);
  if (account->profile == NULL || account->signing_out)
    return;

  clear_sync (account);
  account->signing_out = TRUE;
  g_clear_pointer (&account->sign_in_error, g_free);
  update_sync_actions (self);
  keika_site_service_sign_out_async (account->service, NULL, sign_out_done_cb, g_object_ref (self));
  emit_account_changed (self, account);
}

static void
sync_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  KeikaApplication *self = user_data;

  start_sync (self, &self->mal,
              g_str_equal (g_action_get_name (G_ACTION (action)), "sync-full") ? SYNC_FULL : SYNC_INCREMENTAL);
}

static void
cancel_sync_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KeikaApplication *self = user_data;

  if (self->mal.sync_cancellable != NULL)
    g_cancellable_cancel (self->mal.sync_cancellable);
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
  Account *account;
  gint64 entry_id;
  KeikaSite site;
  gboolean ok;

  g_variant_get (parameter, "(&sx)", &site_name, &entry_id);
  if (!keika_site_from_string (site_name, &site) || (account = get_account (self, site)) == NULL)
    {
      g_warning ("No account for the site “%s”", site_name);
      return;
    }
  if (account->engine == NULL)
    return;

  if (g_str_equal (name, "retry-change"))
    ok = keika_sync_engine_retry_entry (account->engine, entry_id, &error);
  else if (g_str_equal (name, "discard-change"))
    ok = keika_sync_engine_discard_entry (account->engine, entry_id, &error);
  else if (g_str_equal (name, "unlink-entry"))
    ok = keika_sync_engine_unlink_entry (account->engine, entry_id, &error);
  else
    ok = keika_sync_engine_dismiss_conflicts (account->engine, entry_id, &error);

  if (!ok)
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

      g_warning ("%s of entry %" G_GINT64_FORMAT " failed: %s", name, entry_id, error->message);
      if (KEIKA_IS_WINDOW (window))
        keika_window_show_error (KEIKA_WINDOW (window), _("Could Not Change the Entry"),
                                 error->message);
      return;
    }

  if (g_str_equal (name, "retry-change"))
    push_pending (self);
}

KeikaSyncEngine *
keika_application_get_sync_engine (KeikaApplication *self,
                                   KeikaSite         site)
{
  Account *account;

  g_return_val_if_fail (KEIKA_IS_APPLICATION (self), NULL);

  account = get_account (self, site);
  return account != NULL ? account->engine : NULL;
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
  { "retry-change", entry_sync_action, "(sx)" },
  { "discard-change", entry_sync_action, "(sx)" },
  { "unlink-entry", entry_sync_action, "(sx)" },
  { "dismiss-conflicts", entry_sync_action, "(sx)" },
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
