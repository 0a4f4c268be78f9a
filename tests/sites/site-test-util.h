/* site-test-util.h — what the tests of the sites share
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-fake-sites.h"
#include "keika-net.h"
#include "keika-sites.h"

G_BEGIN_DECLS

/* The log
 *
 * Everything Keika logs (G_MESSAGES_DEBUG=all) is kept, to look for secrets
 * in it: both structured messages and g_log() ones, which GTest's default
 * handler would otherwise take. The fake's own log (domain KeikaFake) is
 * not Keika's and is left out. */

/* g_test_init() with the log caught from then on. */
void               site_test_init                  (int              *argc,
                                                    char           ***argv);
/* Where the log is now, for site_test_log_since(). */
gsize              site_test_log_position          (void);
/* What was logged since @start, one "Domain: message" line each. */
char              *site_test_log_since             (gsize             start);

/* Secrets */

/* Fails the test when @text holds one of @secrets, as is or URI-escaped;
 * @where names @text in the failure. */
void               site_test_assert_no_secret      (char            **secrets,
                                                    const char       *text,
                                                    const char       *where);
/* At the end of a test: nothing Keika logged since @log_start, nor any of
 * @messages (the error messages it gave), holds one of @secrets; and the log
 * was really caught, since every request to @fake_site leaves a debug line
 * there. */
void               site_test_assert_secrets_kept   (KeikaFakeSites   *fake,
                                                    const char       *fake_site,
                                                    char            **secrets,
                                                    gsize             log_start,
                                                    GPtrArray        *messages);
/* Keeps @error's message (if there is an error) in @messages, for
 * site_test_assert_secrets_kept(). */
void               site_test_remember_error        (GPtrArray        *messages,
                                                    const GError     *error);
/* Whether the Secret Service answers; when it does not, the test is
 * skipped (and should return). */
gboolean           site_test_keyring_works         (void);
/* What the keyring holds for @account of @secret_site, or NULL. */
char              *site_test_lookup_secret         (const char       *secret_site,
                                                    const char       *account);

/* The site */

/* The HTTP client of a test: 3 retries 20 ms apart, a 10 s timeout. */
KeikaHttpClient   *site_test_new_client            (void);

/* The sites' contract, each call waited for. @site is a KeikaSiteService. */

KeikaProfile      *site_test_get_user              (gpointer          site,
                                                    GError          **error);
KeikaProfile      *site_test_sign_in_with_password (gpointer          site,
                                                    const char       *identity,
                                                    const char       *password,
                                                    GError          **error);
KeikaProfile      *site_test_complete_sign_in      (gpointer          site,
                                                    const char       *pasted,
                                                    GError          **error);
gboolean           site_test_sign_out              (gpointer          site,
                                                    GError          **error);
KeikaRemoteEntry  *site_test_push                  (gpointer          site,
                                                    const KeikaRemoteEntry *values,
                                                    KeikaEntryFields  changed,
                                                    GError          **error);
gboolean           site_test_delete                (gpointer          site,
                                                    gint64            anime_id,
                                                    gint64            entry_id,
                                                    GError          **error);
GPtrArray         *site_test_search                (gpointer          site,
                                                    const char       *query,
                                                    guint             limit,
                                                    GError          **error);
GArray            *site_test_find_anime            (gpointer          site,
                                                    GPtrArray        *anime,
                                                    GError          **error);

/* A pull, every entry kept. */
typedef struct
{
  GPtrArray *entries;     /* (owned) (element-type KeikaRemoteEntry) */
  guint      pages;
  guint      stop_after;  /* pages; 0 = never */
  gpointer   site;        /* (unowned) the site pulling: each page comes from it */
} SiteTestPulled;

/* Pulls into @pulled, which starts again empty (its stop_after stays). */
gboolean           site_test_pull                  (gpointer          site,
                                                    const char       *user_name,
                                                    gint64            since,
                                                    SiteTestPulled   *pulled,
                                                    gboolean         *complete,
                                                    GCancellable     *cancellable,
                                                    GError          **error);
void               site_test_pulled_clear          (SiteTestPulled   *pulled);

/* The browser */

typedef struct
{
  guint  status;
  char  *location;  /* (owned) (nullable) */
  char  *body;      /* (owned) */
} SiteTestPage;

void               site_test_page_free             (SiteTestPage     *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SiteTestPage, site_test_page_free)

/* The test plays the browser: one request, redirects not followed.
 * @origin (an Origin header) and @form (a form body) may be NULL. */
SiteTestPage      *site_test_browse_full           (const char       *method,
                                                    const char       *uri,
                                                    const char       *origin,
                                                    const char       *form);
/* One GET. */
SiteTestPage      *site_test_browse                (const char       *uri);
/* The parameter @name of @uri's query, or NULL. */
char              *site_test_query_param           (const char       *uri,
                                                    const char       *name);
guint              site_test_port_of               (const char       *uri);
/* Whether something listens on @port of 127.0.0.1. */
gboolean           site_test_can_connect           (guint             port);

/* @error (a refused push) names @field, and what the site said of it holds
 * @words; no other field is named. */
void               site_test_assert_refused_field  (gpointer          site,
                                                    const GError     *error,
                                                    KeikaEntryFields  field,
                                                    const char       *words);

G_END_DECLS
