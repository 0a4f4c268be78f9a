/* keika-site-service.h — what Keika needs from any list site
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "keika-enums.h"
#include "keika-profile.h"
#include "keika-remote-entry.h"

G_BEGIN_DECLS

/* The contract of a list site (DESIGN.md calls it "KeikaSite"; that name is
 * the site enum of the model, so the interface is KeikaSiteService).
 *
 * A site turns the service's JSON into plain values (KeikaRemoteEntry,
 * KeikaAnime, KeikaProfile) and changes into requests; it knows nothing of
 * the store. One object serves one account (or none, for public reads and
 * search); its tokens live in the keyring only.
 *
 * Everything is async on the caller's thread-default main context and
 * cancellable: a cancelled call fails with G_IO_ERROR_CANCELLED, and any
 * other failure is a KEIKA_ERROR whose message can be shown as it is.
 * Errors worth knowing:
 *   KEIKA_ERROR_SIGNED_OUT   no token, or the sign-in expired for good (the
 *                            refresh token was refused): sign in again;
 *   KEIKA_ERROR_RATE_LIMITED the site asks to wait (keika_error_get_retry_after());
 *   KEIKA_ERROR_NOT_DATA, KEIKA_ERROR_MALFORMED   the answer could not be read;
 *   KEIKA_ERROR_KEYRING      the keyring is missing or locked.
 * keika_error_is_transient() tells whether to keep the work queued.
 *
 * Nothing a site logs or puts in an error message contains a token, a
 * code or a verifier. */

/**
 * KeikaSignInKind:
 * @KEIKA_SIGN_IN_BROWSER: the site's page in the browser, which comes back to
 *   the loopback handler (MyAnimeList: authorization code with PKCE;
 *   AniList: the token in the address's fragment); the person can paste the
 *   code, token or address instead. begin_sign_in(), then
 *   complete_sign_in_async().
 * @KEIKA_SIGN_IN_PASSWORD: email (or user name) and password typed into Keika
 *   (Kitsu, AniTrack): sign_in_with_password_async(). The password is sent
 *   once and never kept; only the tokens are.
 * @KEIKA_SIGN_IN_TOKEN: a token the person made on the site and pastes
 *   (AnimeThemes): complete_sign_in_async() with it, no begin.
 */
typedef enum
{
  KEIKA_SIGN_IN_BROWSER,
  KEIKA_SIGN_IN_PASSWORD,
  KEIKA_SIGN_IN_TOKEN,
} KeikaSignInKind;

#define KEIKA_TYPE_SITE_SERVICE (keika_site_service_get_type ())

G_DECLARE_INTERFACE (KeikaSiteService, keika_site_service, KEIKA, SITE_SERVICE, GObject)

/**
 * KeikaSitePageFunc:
 * @service: the site
 * @entries: (element-type KeikaRemoteEntry): one page of entries, in the
 *   site's order; take a reference to keep it
 * @user_data: the data given to keika_site_service_pull_async()
 *
 * Called on the caller's main context for each page of a pull, before the
 * next page is requested. Return FALSE to stop the pull there (it then
 * succeeds, not complete).
 */
typedef struct
{
  const char        *name;
  KeikaEntryFields   field;
} KeikaSiteFieldName;

typedef gboolean (*KeikaSitePageFunc) (KeikaSiteService *service,
                                       GPtrArray        *entries,
                                       gpointer          user_data);

struct _KeikaSiteServiceInterface
{
  GTypeInterface parent_iface;

  KeikaSite          (*get_site)              (KeikaSiteService     *self);
  KeikaEntryFields   (*get_supported_fields)  (KeikaSiteService     *self);

  char              *(*begin_sign_in)         (KeikaSiteService     *self,
                                               GError              **error);
  void               (*complete_sign_in_async) (KeikaSiteService    *self,
                                               const char           *code,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  KeikaProfile      *(*complete_sign_in_finish) (KeikaSiteService   *self,
                                               GAsyncResult         *result,
                                               GError              **error);
  void               (*abort_sign_in)         (KeikaSiteService     *self);

  void               (*sign_out_async)        (KeikaSiteService     *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  gboolean           (*sign_out_finish)       (KeikaSiteService     *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  void               (*refresh_async)         (KeikaSiteService     *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  gboolean           (*refresh_finish)        (KeikaSiteService     *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  void               (*get_user_async)        (KeikaSiteService     *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  KeikaProfile      *(*get_user_finish)       (KeikaSiteService     *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  void               (*pull_async)            (KeikaSiteService     *self,
                                               const char           *user_name,
                                               gint64                since,
                                               KeikaSitePageFunc     page_func,
                                               gpointer              page_data,
                                               GDestroyNotify        page_data_destroy,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  gboolean           (*pull_finish)           (KeikaSiteService     *self,
                                               GAsyncResult         *result,
                                               gboolean             *complete,
                                               GError              **error);

  void               (*push_async)            (KeikaSiteService     *self,
                                               const KeikaRemoteEntry *values,
                                               KeikaEntryFields      changed,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  KeikaRemoteEntry  *(*push_finish)           (KeikaSiteService     *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  void               (*delete_async)          (KeikaSiteService     *self,
                                               gint64                anime_id,
                                               gint64                entry_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  gboolean           (*delete_finish)         (KeikaSiteService     *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  void               (*search_async)          (KeikaSiteService     *self,
                                               const char           *query,
                                               guint                 limit,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  GPtrArray         *(*search_finish)         (KeikaSiteService     *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  /* Optional: how the site signs in (NULL: KEIKA_SIGN_IN_BROWSER). */
  KeikaSignInKind    (*get_sign_in_kind)      (KeikaSiteService     *self);
  /* Required of KEIKA_SIGN_IN_PASSWORD sites. */
  void               (*sign_in_with_password_async) (KeikaSiteService *self,
                                               const char           *identity,
                                               const char           *password,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  KeikaProfile      *(*sign_in_with_password_finish) (KeikaSiteService *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  /* Optional: sites that sign in through the browser (a registered client). */
  void               (*configure)             (KeikaSiteService     *self,
                                               const char           *client_id,
                                               guint                 redirect_port);
  char              *(*dup_redirect_uri)      (KeikaSiteService     *self);

  /* Optional: a site that can map other sites' ids to its own. */
  void               (*find_anime_async)      (KeikaSiteService     *self,
                                               GPtrArray            *anime,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  GArray            *(*find_anime_finish)     (KeikaSiteService     *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  /* Optional: FALSE for a site whose sign-in ends and cannot be renewed
   * (AniList's, after a year); TRUE when missing. */
  gboolean           (*sign_in_renews)        (KeikaSiteService     *self);

  /* Optional: a site that shows the account's sign-ins (AniTrack). */
  void               (*list_sign_ins_async)   (KeikaSiteService     *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  GPtrArray         *(*list_sign_ins_finish)  (KeikaSiteService     *self,
                                               GAsyncResult         *result,
                                               GError              **error);
  void               (*end_sign_in_async)     (KeikaSiteService     *self,
                                               gint64                sign_in_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  gboolean           (*end_sign_in_finish)    (KeikaSiteService     *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  /* Optional: the names the site gives the list fields in its answers
   * ("scoreRaw" is KEIKA_ENTRY_FIELD_SCORE), ending with { NULL, 0 }: an
   * error answer that names them is shown on those fields. */
  const KeikaSiteFieldName *field_names;
};

/**
 * KeikaSiteSignIn:
 * @id: the site's id of the sign-in
 * @device_name: the name it was given ("Keika on HOST", or one made on the
 *   site)
 * @created_at: Unix seconds, 0 = unknown
 * @last_used_at: Unix seconds, 0 = never
 * @current: whether it is the one this Keika uses
 *
 * One sign-in of the account on a site that lists them (AniTrack's API
 * tokens), for the account's page.
 */
typedef struct
{
  gint64    id;
  char     *device_name;
  gint64    created_at;
  gint64    last_used_at;
  gboolean  current;
} KeikaSiteSignIn;

void              keika_site_sign_in_free                  (KeikaSiteSignIn      *sign_in);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaSiteSignIn, keika_site_sign_in_free)

/* Which site this is. */
KeikaSite         keika_site_service_get_site              (KeikaSiteService     *self);
/* The list fields the site stores; a push sends only these. */
KeikaEntryFields  keika_site_service_get_supported_fields  (KeikaSiteService     *self);

/* Sign-in, in two steps so the UI can open the browser itself:
 *
 *   uri = keika_site_service_begin_sign_in (site, &error);
 *   gtk_show_uri (window, uri, GDK_CURRENT_TIME);
 *   keika_site_service_complete_sign_in_async (site, NULL, …);   // waits for the redirect
 *
 * begin_sign_in() opens the loopback redirect handler and returns the
 * authorization URL to open (it holds the PKCE challenge and the state:
 * never log it). Calling it again starts over (the pending sign-in fails
 * with G_IO_ERROR_CANCELLED). Fails when the site has no client id.
 *
 * complete_sign_in_async() with @code NULL waits for the browser's redirect
 * (up to 5 minutes); with the code the user pasted — or the whole address
 * the browser ended on, "http://127.0.0.1:PORT/callback?code=…&state=…" —
 * it uses that (a pending wait then fails with G_IO_ERROR_CANCELLED). It then
 * exchanges the code for tokens, asks the site who signed in, and keeps the
 * tokens in the keyring under that account. If the redirect port is taken,
 * the wait fails at once with KEIKA_ERROR_PORT_IN_USE: offer the paste
 * field. Finishes with the signed-in user's profile (name, site user id,
 * claimed); the site's "account" is then that profile's site user id.
 *
 * abort_sign_in() closes the handler of a begun sign-in (also done when the
 * object goes away). */
char             *keika_site_service_begin_sign_in         (KeikaSiteService     *self,
                                                            GError              **error);
void              keika_site_service_complete_sign_in_async (KeikaSiteService    *self,
                                                            const char           *code,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
/* (transfer full) */
KeikaProfile     *keika_site_service_complete_sign_in_finish (KeikaSiteService   *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void              keika_site_service_abort_sign_in         (KeikaSiteService     *self);

/* Forgets the tokens of the account: deletes them from the keyring.
 * Succeeds also when there were none. */
void              keika_site_service_sign_out_async        (KeikaSiteService     *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean          keika_site_service_sign_out_finish       (KeikaSiteService     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* Renews the access token now (it is also renewed by itself shortly before
 * it expires, and once when the site refuses it). KEIKA_ERROR_SIGNED_OUT
 * when the site refuses the refresh token. */
void              keika_site_service_refresh_async         (KeikaSiteService     *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean          keika_site_service_refresh_finish        (KeikaSiteService     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* The signed-in user: a new claimed profile with name and site user id.
 * (transfer full) */
void              keika_site_service_get_user_async        (KeikaSiteService     *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
KeikaProfile     *keika_site_service_get_user_finish       (KeikaSiteService     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* Pulls a list, page by page, calling @page_func for each page (see
 * KeikaSitePageFunc). @user_name NULL pulls the signed-in user's own list;
 * a name reads that user's public list without a token (an unclaimed
 * profile). @since > 0 (Unix seconds: the last successful sync) makes the
 * pull incremental: only entries changed at or after @since are given, and
 * paging stops at the first older one; 0 pulls everything.
 *
 * An entry is given at most once per pull. pull_finish() sets @complete to
 * TRUE when every entry of the list was given (a full pull that ran to the
 * end: what the site does not have was deleted there); FALSE when it
 * stopped early (incremental, or @page_func said stop). A failure after
 * some pages leaves those pages given: the caller decides what to keep. */
void              keika_site_service_pull_async            (KeikaSiteService     *self,
                                                            const char           *user_name,
                                                            gint64                since,
                                                            KeikaSitePageFunc     page_func,
                                                            gpointer              page_data,
                                                            GDestroyNotify        page_data_destroy,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean          keika_site_service_pull_finish           (KeikaSiteService     *self,
                                                            GAsyncResult         *result,
                                                            gboolean             *complete,
                                                            GError              **error);

/* Creates or updates the entry of values->anime_id (and entry_id where
 * the site has one), sending only the fields in @changed that the site
 * supports, with the values of @values. Finishes with the list fields as
 * the site now has them (known says which; updated_at included). When no
 * supported field is in @changed, nothing is sent and the result knows
 * nothing. (transfer full) */
void              keika_site_service_push_async            (KeikaSiteService     *self,
                                                            const KeikaRemoteEntry *values,
                                                            KeikaEntryFields      changed,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
KeikaRemoteEntry *keika_site_service_push_finish           (KeikaSiteService     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* Removes the entry from the list. An entry the site does not have counts
 * as removed (success). */
void              keika_site_service_delete_async          (KeikaSiteService     *self,
                                                            gint64                anime_id,
                                                            gint64                entry_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean          keika_site_service_delete_finish         (KeikaSiteService     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* Anime whose titles match @query, best first, at most @limit (0: the
 * site's default). Finishes with new KeikaAnime objects holding the site's
 * id. (transfer full) (element-type KeikaAnime) */
void              keika_site_service_search_async          (KeikaSiteService     *self,
                                                            const char           *query,
                                                            guint                 limit,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GPtrArray        *keika_site_service_search_finish         (KeikaSiteService     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* A site's base URL: the environment variable @variable when set (tests
 * and the fake sites point Keika there), else @fallback; without trailing
 * slashes. (transfer full) */
char             *keika_site_dup_base_url                  (const char           *variable,
                                                            const char           *fallback);

KeikaSignInKind   keika_site_service_get_sign_in_kind      (KeikaSiteService     *self);
/* Signs in with @identity (email or user name, as the site accepts) and
 * @password, which is sent once over HTTPS and never kept or logged: the
 * tokens the site gives are kept in the keyring under the signed-in
 * account. Finishes with the signed-in user's profile, as
 * complete_sign_in_finish(). A refused password is
 * KEIKA_ERROR_SIGN_IN_FAILED with the site's reason in words; too many
 * tries, KEIKA_ERROR_RATE_LIMITED. Only for KEIKA_SIGN_IN_PASSWORD sites. */
void              keika_site_service_sign_in_with_password_async (KeikaSiteService *self,
                                                            const char           *identity,
                                                            const char           *password,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
/* (transfer full) */
KeikaProfile     *keika_site_service_sign_in_with_password_finish (KeikaSiteService *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* The client id registered with the site and the loopback port of its
 * redirect URI, for sites that sign in through the browser (nothing for
 * the others). */
void              keika_site_service_configure             (KeikaSiteService     *self,
                                                            const char           *client_id,
                                                            guint                 redirect_port);
/* The redirect URI to register with the site ("http://127.0.0.1:PORT/callback"),
 * or NULL for a site that needs none. (transfer full) */
char             *keika_site_service_dup_redirect_uri      (KeikaSiteService     *self);

/* Which anime of @anime (element-type KeikaAnime: the library's, with
 * their ids on the other sites) the site has: finishes with a GArray of
 * gint64, the site's id of each in the same order, 0 where the site has no
 * match. Exact ids only (AniList by idMal, Kitsu by its mappings), never by
 * title. A site that cannot map finishes with all 0. (transfer full) */
void              keika_site_service_find_anime_async      (KeikaSiteService     *self,
                                                            GPtrArray            *anime,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GArray           *keika_site_service_find_anime_finish     (KeikaSiteService     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* Whether a sign-in to the site renews itself before it ends (MyAnimeList's
 * and Kitsu's refresh tokens, AniTrack's tokens that do not end). When not
 * (AniList), the person signs in again, and is warned before the end. */
gboolean          keika_site_service_sign_in_renews        (KeikaSiteService     *self);

/* Whether the site lists the account's sign-ins on other devices. */
gboolean          keika_site_service_lists_sign_ins        (KeikaSiteService     *self);
/* The account's sign-ins, oldest first; G_IO_ERROR_NOT_SUPPORTED where the
 * site lists none. (transfer full) (element-type KeikaSiteSignIn) */
void              keika_site_service_list_sign_ins_async   (KeikaSiteService     *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GPtrArray        *keika_site_service_list_sign_ins_finish  (KeikaSiteService     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* Ends another sign-in of the account (one already gone counts as ended).
 * The one in use ends with sign_out_async(). */
void              keika_site_service_end_sign_in_async     (KeikaSiteService     *self,
                                                            gint64                sign_in_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean          keika_site_service_end_sign_in_finish    (KeikaSiteService     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* What the site said about each field of a change it refused (@error, as
 * push_finish gave it): KeikaEntryFields (one field, GUINT_TO_POINTER) → its
 * message, or NULL when the answer named no field Keika keeps.
 * (transfer full) (nullable) */
GHashTable       *keika_site_service_dup_refused_fields    (KeikaSiteService     *self,
                                                            const GError         *error);

G_END_DECLS
