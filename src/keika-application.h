/* keika-application.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "keika-enums.h"
#include "keika-library.h"
#include "keika-profile.h"
#include "keika-store.h"
#include "keika-sync-engine.h"
#include "keika-types.h"

G_BEGIN_DECLS

#define KEIKA_TYPE_APPLICATION (keika_application_get_type ())

G_DECLARE_FINAL_TYPE (KeikaApplication, keika_application, KEIKA, APPLICATION, AdwApplication)

KeikaApplication *keika_application_new          (void);
/* (nullable): NULL when the library could not be opened */
KeikaStore       *keika_application_get_store    (KeikaApplication *self);
KeikaLibrary     *keika_application_get_library  (KeikaApplication *self);
/* TRUE while the library is read at start-up. */
gboolean          keika_application_get_loading  (KeikaApplication *self);
/* Why the store could not be opened, or NULL. */
const GError     *keika_application_get_store_error (KeikaApplication *self);

/* Accounts: one per site Keika can sign in to (MyAnimeList, AniList), kept
 * by KeikaAccounts (sync/), a GListModel of KeikaAccount that widgets show.
 * Commands are the actions app.sign-in ("s", the site name "mal",
 * "anilist"), app.cancel-sign-in ("s"), app.sign-out ("s"), app.sync
 * (every account: incremental pull then push), app.sync-full,
 * app.cancel-sync, app.sync-account ("s": one account), app.sync-account-full
 * ("s"), app.cancel-sync-account ("s") and app.send-changes ("(sb)": the
 * switch "Send my changes here").
 *
 * Sign-out deletes the tokens from the keyring and marks the profile
 * unclaimed; its links and pending changes stay, so signing in to the
 * same account again resumes where it was.
 *
 * The signal "account-changed" (KeikaSite) tells that anything the
 * getters below return has changed for that site. */
/* (element-type KeikaAccount) (nullable) before start-up */
GListModel       *keika_application_get_accounts      (KeikaApplication *self);
KeikaProfile     *keika_application_get_account       (KeikaApplication *self,
                                                       KeikaSite         site);
/* The client id in use (the setting, else the build's), or NULL. (transfer full) */
char             *keika_application_dup_client_id     (KeikaApplication *self,
                                                       KeikaSite         site);
/* The redirect address to register with the client id. (transfer full) */
char             *keika_application_dup_redirect_uri  (KeikaApplication *self,
                                                       KeikaSite         site);
/* The address of the sign-in page while a sign-in runs, else NULL. */
const char       *keika_application_get_sign_in_uri   (KeikaApplication *self,
                                                       KeikaSite         site);
/* TRUE when the browser could not be opened for the running sign-in. */
gboolean          keika_application_get_browser_failed (KeikaApplication *self,
                                                       KeikaSite         site);
/* Why the last sign-in or sign-out failed, or NULL. */
const char       *keika_application_get_sign_in_error (KeikaApplication *self,
                                                       KeikaSite         site);
/* Completes the running sign-in with a code (or the address the browser
 * ended on) that the user pasted. */
void              keika_application_complete_sign_in  (KeikaApplication *self,
                                                       KeikaSite         site,
                                                       const char       *code);
/* TRUE while a sync runs; @done and @total (optional) as the engine's
 * "progress" (total 0 while unknown); @sending: pushing, not pulling. */
gboolean          keika_application_get_syncing       (KeikaApplication *self,
                                                       KeikaSite         site,
                                                       guint            *done,
                                                       guint            *total,
                                                       gboolean         *sending);
/* The engine of the site's account while signed in, else NULL. Entries
 * whose change a site refused, or with a conflict, have a "sync-problem";
 * the actions app.retry-change, app.discard-change, app.unlink-entry and
 * app.dismiss-conflicts ("(sx)": site name, entry id) act on it. */
KeikaSyncEngine  *keika_application_get_sync_engine   (KeikaApplication *self,
                                                       KeikaSite         site);
/* Why the last sync failed, or NULL. */
const char       *keika_application_get_sync_error    (KeikaApplication *self,
                                                       KeikaSite         site);

/* Whether Keika quit to start again (a library set aside or restored);
 * main() then starts it anew. */
gboolean          keika_application_get_restart_requested (KeikaApplication *self);

G_END_DECLS
