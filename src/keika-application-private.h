/* keika-application-private.h — between the files of the application
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-accounts.h"
#include "keika-application.h"
#include "keika-transfer.h"
#include "keika-window.h"

G_BEGIN_DECLS

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
  gboolean        restart_requested;  /* quit, then start again (main()) */
  guint           notified_expiry;  /* (1 << KeikaSite) of the sign-ins said to end soon */

  /* The last import, while its toast offers Undo and Details. */
  guint              import_serial;
  KeikaImportUndo   *import_undo;     /* (owned) (nullable) */
  KeikaImportReport *import_report;   /* (owned) (nullable) */
  GtkWidget         *import_dialog;   /* (nullable) (weak) the import being looked at */
};

/* keika-application.c */
/* The library window: the first KeikaWindow (not an editor or Preferences),
 * made when there is none. */
KeikaWindow *keika_application_ensure_window (KeikaApplication *self);
void keika_application_emit_account_changed (KeikaApplication *self,
                                             KeikaSite         site);

/* keika-application-library.c */
/* Today's backup of the library, once it is read (in a worker). */
void keika_application_backup_library        (KeikaApplication *self);
void keika_application_add_library_actions   (KeikaApplication *self);

/* keika-application-import.c */
void keika_application_add_import_actions    (KeikaApplication *self);
void keika_application_clear_import          (KeikaApplication *self);

/* keika-application-accounts.c */
void keika_application_add_account_actions  (KeikaApplication *self);
/* The actions' enabled state from the accounts (also on a settings change). */
void keika_application_update_sync_actions  (KeikaApplication *self);
void keika_application_account_changed_cb   (KeikaAccounts    *accounts,
                                             KeikaAccount     *account,
                                             KeikaApplication *self);

G_END_DECLS
