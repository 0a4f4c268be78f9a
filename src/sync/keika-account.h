/* keika-account.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-profile.h"
#include "keika-site-service.h"
#include "keika-sync-engine.h"

G_BEGIN_DECLS

typedef enum
{
  KEIKA_SYNC_PUSH,         /* send what waits in the journal */
  KEIKA_SYNC_INCREMENTAL,  /* what changed on the site, then send */
  KEIKA_SYNC_FULL,         /* the whole list (to see deletions), then send */
} KeikaSyncKind;

#define KEIKA_TYPE_ACCOUNT (keika_account_get_type ())

G_DECLARE_FINAL_TYPE (KeikaAccount, keika_account, KEIKA, ACCOUNT, GObject)

/* One site's account: its claimed profile (when signed in), the site
 * service that talks for it, the engine that syncs it, and the state of a
 * sign-in or a sync in progress. Made and scheduled by KeikaAccounts; the
 * signal "changed" tells that anything readable here may have changed. */

KeikaSite         keika_account_get_site            (KeikaAccount *self);
/* (nullable) claimed profile */
KeikaProfile     *keika_account_get_profile         (KeikaAccount *self);
/* (nullable) */
KeikaSiteService *keika_account_get_service         (KeikaAccount *self);
/* (nullable) with the profile */
KeikaSyncEngine  *keika_account_get_engine          (KeikaAccount *self);

/* Sign-in */
/* The page a person signs in on, while a sign-in waits for its redirect.
 * (nullable) never logged */
const char       *keika_account_get_sign_in_uri     (KeikaAccount *self);
/* The address the sign-in page redirects to. (transfer full) (nullable) */
char             *keika_account_dup_redirect_uri    (KeikaAccount *self);
/* Why the last sign-in or sign-out failed, in words. (nullable) */
const char       *keika_account_get_sign_in_error   (KeikaAccount *self);
gboolean          keika_account_get_browser_failed  (KeikaAccount *self);
gboolean          keika_account_get_signing_out     (KeikaAccount *self);
/* The anime the person picked on the site for an entry the site had no
 * match for: kept, and the entry's changes are sent to it. */
gboolean          keika_account_map_entry           (KeikaAccount *self,
                                                     gint64        entry_id,
                                                     gint64        site_anime_id,
                                                     GError      **error);
/* The account's sign-ins on other devices, where its site lists them
 * (AniTrack): listed (element-type KeikaSiteSignIn), and ended one by one. */
gboolean          keika_account_lists_sign_ins      (KeikaAccount *self);
void              keika_account_list_sign_ins_async (KeikaAccount        *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GPtrArray        *keika_account_list_sign_ins_finish (KeikaAccount       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void              keika_account_end_sign_in_async   (KeikaAccount        *self,
                                                     gint64               sign_in_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean          keika_account_end_sign_in_finish  (KeikaAccount        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* When the sign-in ends, in Unix seconds, for a sign-in that cannot renew
 * itself (AniList's); 0 for the others, and when signed out. */
gint64            keika_account_get_sign_in_end     (KeikaAccount *self);

/* How long before a sign-in that cannot renew itself ends (AniList's, after
 * a year) the person is warned. */
#define KEIKA_SIGN_IN_WARNING_DAYS 14

/* Whether Keika was built with a client id for the site (then the person
 * need not register one). */
gboolean          keika_account_get_client_id_built_in (KeikaAccount *self);
/* The client id the account signs in with (the person's, else the one
 * Keika was built with), NULL when it has none. (transfer full) */
char             *keika_account_dup_client_id       (KeikaAccount *self);
/* The switch "Send my changes here": off, edits made in Keika wait in the
 * journal for this profile (the site's changes still come in); on again,
 * they go. */
gboolean          keika_account_set_send_changes    (KeikaAccount *self,
                                                     gboolean      send,
                                                     GError      **error);
/* Begins a sign-in: returns its page (also kept as the sign-in URI) and
 * waits for the redirect; NULL with the reason in sign-in-error.
 * @generation tells later calls which attempt they belong to. */
const char       *keika_account_begin_sign_in       (KeikaAccount *self,
                                                     guint        *generation);
/* The browser could not open the page of attempt @generation. */
void              keika_account_browser_failed      (KeikaAccount *self,
                                                     guint         generation);
/* Completes the sign-in with what the person pasted (the code, or the
 * address the browser ended on). */
void              keika_account_complete_sign_in    (KeikaAccount *self,
                                                     const char   *code);
void              keika_account_cancel_sign_in      (KeikaAccount *self);
/* How the site signs in: through the browser (begin_sign_in), with email
 * and password typed here, or with a pasted token. */
KeikaSignInKind   keika_account_get_sign_in_kind    (KeikaAccount *self);
/* Signs in with email (or user name) and password: the password goes to
 * the site once and is kept nowhere. Cancelled like any sign-in. */
void              keika_account_sign_in_with_password (KeikaAccount *self,
                                                     const char   *identity,
                                                     const char   *password);
/* TRUE while a sign-in runs (waiting for the browser, or the site's answer). */
gboolean          keika_account_get_signing_in      (KeikaAccount *self);
void              keika_account_sign_out            (KeikaAccount *self);

/* Sync */
gboolean          keika_account_get_syncing         (KeikaAccount *self,
                                                     guint        *done,
                                                     guint        *total,
                                                     gboolean     *sending);
/* Why the last sync failed, in words. (nullable) */
const char       *keika_account_get_sync_error      (KeikaAccount *self);
/* Starts a sync of @kind unless one runs (an incremental one becomes full
 * when the last full one is a week old); waits for the library when it is
 * still being read. */
void              keika_account_sync                (KeikaAccount *self,
                                                     KeikaSyncKind kind);
void              keika_account_cancel_sync         (KeikaAccount *self);
/* One entry's sync problem: "retry-change", "discard-change",
 * "unlink-entry", "dismiss-conflicts", "add-back-entry" (gone from the
 * site: send it there again) or "remove-gone-entry" (gone from the site:
 * unlinked, for the caller to remove it here). */
gboolean          keika_account_act_on_entry        (KeikaAccount *self,
                                                     const char   *action,
                                                     gint64        entry_id,
                                                     GError      **error);

G_END_DECLS
