/* site-test-util.c — what the tests of the sites share
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSitesTest"

#include "config.h"

#include <string.h>

#include "site-test-util.h"
#include "test-util.h"

/* The log */

static GMutex log_mutex;
static GString *log_text;
static GLogFunc test_log_handler;

static void
capture (const char *domain,
         const char *message)
{
  /* The fake plays the site: its own log is not Keika's. */
  if (g_strcmp0 (domain, "KeikaFake") == 0)
    return;

  g_mutex_lock (&log_mutex);
  g_string_append_printf (log_text, "%s: %s\n", domain != NULL ? domain : "-",
                          message != NULL ? message : "");
  g_mutex_unlock (&log_mutex);
}

static void
log_handler (const char     *log_domain,
             GLogLevelFlags  log_level,
             const char     *message,
             gpointer        user_data)
{
  capture (log_domain, message);

  /* Debug output stays out of the TAP stream. */
  if (!(log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)))
    test_log_handler (log_domain, log_level, message, NULL);
}

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  capture (domain, message);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

void
site_test_init (int    *argc,
                char ***argv)
{
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_text = g_string_new (NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);

  g_test_init (argc, argv, NULL);
  test_log_handler = g_log_set_default_handler (log_handler, NULL);
}

gsize
site_test_log_position (void)
{
  gsize position;

  g_mutex_lock (&log_mutex);
  position = log_text->len;
  g_mutex_unlock (&log_mutex);

  return position;
}

char *
site_test_log_since (gsize start)
{
  char *text;

  g_mutex_lock (&log_mutex);
  text = g_strdup (log_text->str + start);
  g_mutex_unlock (&log_mutex);

  return text;
}

/* Secrets */

void
site_test_assert_no_secret (char       **secrets,
                            const char  *text,
                            const char  *where)
{
  for (guint i = 0; secrets[i] != NULL; i++)
    {
      g_autofree char *escaped = g_uri_escape_string (secrets[i], NULL, FALSE);

      if (strstr (text, secrets[i]) != NULL || strstr (text, escaped) != NULL)
        g_error ("A secret appears in %s", where);
    }
}

void
site_test_assert_secrets_kept (KeikaFakeSites  *fake,
                               const char      *fake_site,
                               char           **secrets,
                               gsize            log_start,
                               GPtrArray       *messages)
{
  g_autofree char *log = site_test_log_since (log_start);

  if (keika_fake_sites_count_requests (fake, fake_site, NULL) > 0)
    g_assert_nonnull (strstr (log, "KeikaNet: "));
  site_test_assert_no_secret (secrets, log, "the log");
  for (guint i = 0; i < messages->len; i++)
    site_test_assert_no_secret (secrets, g_ptr_array_index (messages, i), "an error message");
}

void
site_test_remember_error (GPtrArray    *messages,
                          const GError *error)
{
  if (error != NULL)
    g_ptr_array_add (messages, g_strdup (error->message));
}

gboolean
site_test_keyring_works (void)
{
  static int works = -1;

  /* The daemon of the test session may need a moment to answer. */
  for (guint attempt = 0; works < 0 && attempt < 30; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      if (attempt > 0)
        g_usleep (100000);
      keika_secret_store_async ("keika-test", "Keika test", "probe", "probe", NULL,
                                test_store_result_cb, &result);
      if (!keika_secret_store_finish (test_wait_for (&result), &error))
        {
          g_test_message ("The keyring: %s", error->message);
          continue;
        }

      works = TRUE;
      g_clear_object (&result);
      keika_secret_clear_async ("keika-test", "probe", NULL, test_store_result_cb, &result);
      keika_secret_clear_finish (test_wait_for (&result), NULL);
    }
  works = works > 0;

  if (!works)
    g_test_skip ("No Secret Service is reachable: run the tests inside dbus-run-session "
                 "with gnome-keyring-daemon --unlock --components=secrets (see README)");

  return works;
}

char *
site_test_lookup_secret (const char *secret_site,
                         const char *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;
  char *copy;

  keika_secret_lookup_async (secret_site, account, NULL, test_store_result_cb, &result);
  secret = keika_secret_lookup_finish (test_wait_for (&result), &error);
  g_assert_no_error (error);
  copy = g_strdup (secret);
  keika_secret_free (secret);

  return copy;
}

/* The site */

KeikaHttpClient *
site_test_new_client (void)
{
  KeikaHttpClient *client = keika_http_client_new ();

  keika_http_client_set_retry (client, 3, 20);
  keika_http_client_set_timeout (client, 10000);

  return client;
}

KeikaProfile *
site_test_get_user (gpointer   site,
                    GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_site_service_get_user_async (KEIKA_SITE_SERVICE (site), NULL, test_store_result_cb,
                                     &result);

  return keika_site_service_get_user_finish (KEIKA_SITE_SERVICE (site), test_wait_for (&result),
                                             error);
}

KeikaProfile *
site_test_sign_in_with_password (gpointer     site,
                                 const char  *identity,
                                 const char  *password,
                                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_site_service_sign_in_with_password_async (KEIKA_SITE_SERVICE (site), identity, password,
                                                  NULL, test_store_result_cb, &result);

  return keika_site_service_sign_in_with_password_finish (KEIKA_SITE_SERVICE (site),
                                                          test_wait_for (&result), error);
}

KeikaProfile *
site_test_complete_sign_in (gpointer     site,
                            const char  *pasted,
                            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_site_service_complete_sign_in_async (KEIKA_SITE_SERVICE (site), pasted, NULL,
                                             test_store_result_cb, &result);

  return keika_site_service_complete_sign_in_finish (KEIKA_SITE_SERVICE (site),
                                                     test_wait_for (&result), error);
}

gboolean
site_test_sign_out (gpointer   site,
                    GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_site_service_sign_out_async (KEIKA_SITE_SERVICE (site), NULL, test_store_result_cb,
                                     &result);

  return keika_site_service_sign_out_finish (KEIKA_SITE_SERVICE (site), test_wait_for (&result),
                                             error);
}

KeikaRemoteEntry *
site_test_push (gpointer                 site,
                const KeikaRemoteEntry  *values,
                KeikaEntryFields         changed,
                GError                 **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_site_service_push_async (KEIKA_SITE_SERVICE (site), values, changed, NULL,
                                 test_store_result_cb, &result);

  return keika_site_service_push_finish (KEIKA_SITE_SERVICE (site), test_wait_for (&result),
                                         error);
}

gboolean
site_test_delete (gpointer   site,
                  gint64     anime_id,
                  gint64     entry_id,
                  GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_site_service_delete_async (KEIKA_SITE_SERVICE (site), anime_id, entry_id, NULL,
                                   test_store_result_cb, &result);

  return keika_site_service_delete_finish (KEIKA_SITE_SERVICE (site), test_wait_for (&result),
                                           error);
}

GPtrArray *
site_test_search (gpointer     site,
                  const char  *query,
                  guint        limit,
                  GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_site_service_search_async (KEIKA_SITE_SERVICE (site), query, limit, NULL,
                                   test_store_result_cb, &result);

  return keika_site_service_search_finish (KEIKA_SITE_SERVICE (site), test_wait_for (&result),
                                           error);
}

GArray *
site_test_find_anime (gpointer    site,
                      GPtrArray  *anime,
                      GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_site_service_find_anime_async (KEIKA_SITE_SERVICE (site), anime, NULL,
                                       test_store_result_cb, &result);

  return keika_site_service_find_anime_finish (KEIKA_SITE_SERVICE (site), test_wait_for (&result),
                                               error);
}

/* A pull */

static gboolean
collect_page_cb (KeikaSiteService *service,
                 GPtrArray        *entries,
                 gpointer          user_data)
{
  SiteTestPulled *pulled = user_data;

  g_assert_true (service == pulled->site);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (pulled->entries, keika_remote_entry_ref (g_ptr_array_index (entries, i)));
  pulled->pages++;

  return pulled->stop_after == 0 || pulled->pages < pulled->stop_after;
}

gboolean
site_test_pull (gpointer          site,
                const char       *user_name,
                gint64            since,
                SiteTestPulled   *pulled,
                gboolean         *complete,
                GCancellable     *cancellable,
                GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  site_test_pulled_clear (pulled);
  pulled->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) keika_remote_entry_unref);
  pulled->site = site;
  keika_site_service_pull_async (KEIKA_SITE_SERVICE (site), user_name, since, collect_page_cb,
                                 pulled, NULL, cancellable, test_store_result_cb, &result);

  return keika_site_service_pull_finish (KEIKA_SITE_SERVICE (site), test_wait_for (&result),
                                         complete, error);
}

void
site_test_pulled_clear (SiteTestPulled *pulled)
{
  g_clear_pointer (&pulled->entries, g_ptr_array_unref);
  pulled->pages = 0;
}

/* The browser */

void
site_test_page_free (SiteTestPage *page)
{
  g_free (page->location);
  g_free (page->body);
  g_free (page);
}

SiteTestPage *
site_test_browse_full (const char *method,
                       const char *uri,
                       const char *origin,
                       const char *form)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SiteTestPage *page;

  g_assert_nonnull (message);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  if (origin != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Origin", origin);
  if (form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                                body);
    }
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    test_store_result_cb, &result);
  bytes = soup_session_send_and_read_finish (session, test_wait_for (&result), &error);
  g_assert_no_error (error);

  page = g_new0 (SiteTestPage, 1);
  page->status = soup_message_get_status (message);
  page->location = g_strdup (soup_message_headers_get_one (
      soup_message_get_response_headers (message), "Location"));
  page->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return page;
}

SiteTestPage *
site_test_browse (const char *uri)
{
  return site_test_browse_full ("GET", uri, NULL, NULL);
}

char *
site_test_query_param (const char *uri,
                       const char *name)
{
  g_autoptr(GHashTable) params = NULL;
  const char *query = strchr (uri, '?');

  g_assert_nonnull (query);
  params = soup_form_decode (query + 1);

  return g_strdup (g_hash_table_lookup (params, name));
}

guint
site_test_port_of (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (parsed);

  return g_uri_get_port (parsed);
}

gboolean
site_test_can_connect (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

  return connection != NULL;
}

/* What a site refuses */

void
site_test_assert_refused_field (gpointer          site,
                                const GError     *error,
                                KeikaEntryFields  field,
                                const char       *words)
{
  g_autoptr(GHashTable) fields = NULL;
  const char *said;

  g_assert_nonnull (error);
  fields = keika_site_service_dup_refused_fields (KEIKA_SITE_SERVICE (site), error);
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 1);
  said = g_hash_table_lookup (fields, GUINT_TO_POINTER (field));
  g_assert_nonnull (said);
  if (strstr (said, words) == NULL)
    g_error ("“%s” does not say “%s”", said, words);
  /* One line, without the full stop the editor adds. */
  g_assert_null (strchr (said, '\n'));
  g_assert_false (g_str_has_suffix (said, "."));
}
