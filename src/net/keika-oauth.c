/* keika-oauth.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNet"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "keika-error.h"
#include "keika-net-private.h"
#include "keika-oauth.h"

#define DEFAULT_TIMEOUT_MS  (5 * 60 * 1000)
/* How long the last page may take to reach the browser before the server
 * closes anyway. */
#define LAST_PAGE_GRACE_MS  3000

/* Randomness */

static void
random_bytes (guint8 *buffer,
              gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      done += (gsize) n;
    }

  if (done < length)
    {
      int fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);

      while (fd >= 0 && done < length)
        {
          ssize_t n = read (fd, buffer + done, length - done);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            break;
          done += (gsize) n;
        }
      if (fd >= 0)
        close (fd);
    }

  /* Without a cryptographic source there is no safe sign-in. */
  if (done < length)
    g_error ("No cryptographic source of random numbers");
}

static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);
  char *out = text;

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '=')
        continue;
      *out++ = *p == '+' ? '-' : *p == '/' ? '_' : *p;
    }
  *out = '\0';

  return text;
}

static char *
random_base64url (gsize n_bytes)
{
  guint8 buffer[64];
  char *text;

  g_assert (n_bytes <= sizeof buffer);

  random_bytes (buffer, n_bytes);
  text = base64url (buffer, n_bytes);
  explicit_bzero (buffer, sizeof buffer);

  return text;
}

char *
keika_oauth_new_state (void)
{
  return random_base64url (32);
}

char *
keika_oauth_new_code_verifier (void)
{
  return random_base64url (64);
}

char *
keika_oauth_code_challenge (const char                *verifier,
                            KeikaOAuthChallengeMethod  method)
{
  g_return_val_if_fail (verifier != NULL, NULL);

  switch (method)
    {
    case KEIKA_OAUTH_CHALLENGE_PLAIN:
      return g_strdup (verifier);

    case KEIKA_OAUTH_CHALLENGE_S256:
      {
        g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
        guint8 digest[32];
        gsize length = sizeof digest;

        g_checksum_update (checksum, (const guchar *) verifier, -1);
        g_checksum_get_digest (checksum, digest, &length);
        return base64url (digest, length);
      }

    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
keika_oauth_challenge_method_name (KeikaOAuthChallengeMethod method)
{
  switch (method)
    {
    case KEIKA_OAUTH_CHALLENGE_PLAIN:
      return "plain";

    case KEIKA_OAUTH_CHALLENGE_S256:
      return "S256";

    default:
      g_return_val_if_reached (NULL);
    }
}

/* The server */

typedef enum
{
  PHASE_LISTENING,  /* open, nobody waiting yet */
  PHASE_WAITING,    /* a wait is on */
  PHASE_ENDING,     /* decided; the last page is on its way */
  PHASE_CLOSED,
} Phase;

typedef struct
{
  char       *value;   /* (owned): the code or token */
  GHashTable *params;  /* (owned) */
} WaitResult;

struct _KeikaOAuthServer
{
  GObject                 parent_instance;

  char                   *site_name;       /* (owned) */
  KeikaOAuthRedirectMode  mode;
  SoupServer             *server;          /* (owned) (nullable): NULL once closed */
  guint                   port;
  guint                   timeout_ms;
  Phase                   phase;

  char                   *expected_state;  /* (owned) (nullable) */
  GTask                  *task;            /* (owned) (nullable): the wait */
  GSource                *timeout_source;  /* (owned) (nullable) */
  GSource                *cancel_source;   /* (owned) (nullable) */
  GSource                *close_source;    /* (owned) (nullable) */
  SoupServerMessage      *last_message;    /* (unowned) (nullable): carries the last page */
  WaitResult             *result;          /* (owned) (nullable) */
  GError                 *error;           /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (KeikaOAuthServer, keika_oauth_server, G_TYPE_OBJECT)

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      explicit_bzero (text, strlen (text));
      g_free (text);
    }
}

static void
wait_result_free (WaitResult *result)
{
  wipe_string (result->value);
  g_clear_pointer (&result->params, g_hash_table_unref);
  g_free (result);
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
close_server (KeikaOAuthServer *self)
{
  clear_source (&self->close_source);
  self->last_message = NULL;

  if (self->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
      if (self->port != 0)
        g_debug ("Sign-in handler on port %u closed", self->port);
    }

  self->phase = PHASE_CLOSED;
}

/* Closes and ends the wait with what was decided. */
static void
finish_wait (KeikaOAuthServer *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  clear_source (&self->timeout_source);
  clear_source (&self->cancel_source);
  close_server (self);

  if (task == NULL)
    return;

  if (self->error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->error));
  else if (self->result != NULL)
    g_task_return_pointer (task, g_steal_pointer (&self->result),
                           (GDestroyNotify) wait_result_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Sign-in closed");
}

static gboolean
close_source_cb (gpointer user_data)
{
  KeikaOAuthServer *self = user_data;

  g_clear_pointer (&self->close_source, g_source_unref);
  finish_wait (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_finish (KeikaOAuthServer *self,
                 guint             delay_ms)
{
  clear_source (&self->close_source);
  self->close_source = g_timeout_source_new (delay_ms);
  g_source_set_name (self->close_source, "[keika] sign-in close");
  g_source_set_callback (self->close_source, close_source_cb, self, NULL);
  g_source_attach (self->close_source, g_main_context_get_thread_default ());
}

/* The wait is decided (one of @result and @error is set). The server closes
 * once @message, the last page, has been sent. */
static void
decide (KeikaOAuthServer  *self,
        SoupServerMessage *message,
        WaitResult        *result,
        GError            *error)
{
  g_assert (self->phase == PHASE_WAITING);
  g_assert ((result == NULL) != (error == NULL));

  self->phase = PHASE_ENDING;
  self->result = result;
  self->error = error;
  clear_source (&self->timeout_source);
  clear_source (&self->cancel_source);

  if (message != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Connection", "close");
      self->last_message = message;
      schedule_finish (self, LAST_PAGE_GRACE_MS);
    }
  else
    {
      schedule_finish (self, 0);
    }
}

static void
request_done_cb (SoupServer        *server,
                 SoupServerMessage *message,
                 gpointer           user_data)
{
  KeikaOAuthServer *self = user_data;

  /* Not now: libsoup is still in the middle of this message. */
  if (message == self->last_message)
    {
      self->last_message = NULL;
      schedule_finish (self, 0);
    }
}

/* Pages */

static void
set_headers (SoupServerMessage *message,
             const char        *policy)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Content-Security-Policy", policy);
}

static void
respond_page (SoupServerMessage *message,
              guint              status,
              const char        *title,
              const char        *text)
{
  g_autofree char *title_html = g_markup_escape_text (title, -1);
  g_autofree char *text_html = g_markup_escape_text (text, -1);
  char *page;

  page = g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html>\n"
                          "<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width\">\n"
                          "<title>%s</title>\n"
                          "<style>body { font-family: sans-serif; max-width: 36em; "
                          "margin: 4em auto; padding: 0 1em; text-align: center; }</style>\n"
                          "</head>\n"
                          "<body>\n"
                          "<h1>%s</h1>\n"
                          "<p>%s</p>\n"
                          "</body>\n"
                          "</html>\n",
                          title_html, title_html, text_html);

  soup_server_message_set_status (message, status, NULL);
  set_headers (message, "default-src 'none'; style-src 'unsafe-inline'");
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    page, strlen (page));
}

static void
respond_refused (SoupServerMessage *message)
{
  respond_page (message, SOUP_STATUS_BAD_REQUEST,
                _("Not the Expected Sign-In"),
                _("Keika did not expect this page and ignored it. If you are signing in, "
                  "use the page that Keika opened, or start the sign-in again in Keika."));
}

static void
respond_fragment_page (SoupServerMessage *message)
{
  g_autofree char *wait = g_markup_escape_text (_("Finishing the sign-in…"), -1);
  g_autofree char *done_title = g_markup_escape_text (_("Signed In"), -1);
  g_autofree char *done = g_markup_escape_text (_("You can close this page and return to Keika."),
                                                -1);
  g_autofree char *failed = g_markup_escape_text (_("The sign-in did not complete. Return to "
                                                    "Keika and start it again."), -1);
  char *page;

  page = g_strdup_printf (
      "<!DOCTYPE html>\n"
      "<html>\n"
      "<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width\">\n"
      "<title>Keika</title>\n"
      "<style>body { font-family: sans-serif; max-width: 36em; margin: 4em auto; "
      "padding: 0 1em; text-align: center; }</style>\n"
      "</head>\n"
      "<body>\n"
      "<p id=\"wait\">%s</p>\n"
      "<div id=\"done\" hidden><h1>%s</h1><p>%s</p></div>\n"
      "<p id=\"failed\" hidden>%s</p>\n"
      "<script>\n"
      "(function () {\n"
      "  var params = window.location.hash.replace (/^#/, '');\n"
      "  history.replaceState (null, '', window.location.pathname);\n"
      "  function show (id) {\n"
      "    document.getElementById ('wait').hidden = true;\n"
      "    document.getElementById (id).hidden = false;\n"
      "  }\n"
      "  var request = new XMLHttpRequest ();\n"
      "  request.open ('POST', '/token');\n"
      "  request.setRequestHeader ('Content-Type', 'application/x-www-form-urlencoded');\n"
      "  request.onload = function () { show (request.status === 200 ? 'done' : 'failed'); };\n"
      "  request.onerror = function () { show ('failed'); };\n"
      "  request.send (params);\n"
      "}) ();\n"
      "</script>\n"
      "</body>\n"
      "</html>\n",
      wait, done_title, done, failed);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  set_headers (message, "default-src 'none'; style-src 'unsafe-inline'; "
                        "script-src 'unsafe-inline'; connect-src 'self'");
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    page, strlen (page));
}

/* Checks */

static gboolean
state_matches (const char *state,
               const char *expected)
{
  gsize length;
  guint8 difference = 0;

  if (state == NULL || expected == NULL)
    return FALSE;

  length = strlen (expected);
  if (strlen (state) != length)
    return FALSE;

  /* In constant time, though a local attacker has easier ways to guess. */
  for (gsize i = 0; i < length; i++)
    difference |= (guint8) state[i] ^ (guint8) expected[i];

  return difference == 0;
}

/* The Host header must name the loopback address we listen on: a web page
 * that rebinds its own host name to 127.0.0.1 gets nothing. */
static gboolean
host_ok (KeikaOAuthServer  *self,
         SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *host = soup_message_headers_get_one (headers, "Host");
  g_autofree char *numeric = g_strdup_printf ("127.0.0.1:%u", self->port);
  g_autofree char *named = g_strdup_printf ("localhost:%u", self->port);

  return host != NULL &&
         (g_ascii_strcasecmp (host, numeric) == 0 || g_ascii_strcasecmp (host, named) == 0);
}

static GHashTable *
copy_params (GHashTable *params)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal,
                                            g_free, (GDestroyNotify) wipe_string);
  GHashTableIter iter;
  gpointer key, value;

  if (params == NULL)
    return copy;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));

  return copy;
}

static GError *
sign_in_failed (KeikaOAuthServer *self,
                const char       *detail)
{
  g_autofree char *valid = detail != NULL ? g_utf8_make_valid (detail, MIN (strlen (detail), 200))
                                          : NULL;

  return keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, self->site_name, valid);
}

/* A redirect to decide on: @params are its query (or fragment) parameters. */
static void
handle_redirect (KeikaOAuthServer  *self,
                 SoupServerMessage *message,
                 GHashTable        *params,
                 gboolean           page)
{
  const char *key = self->mode == KEIKA_OAUTH_REDIRECT_FRAGMENT ? "access_token" : "code";
  const char *state = params != NULL ? g_hash_table_lookup (params, "state") : NULL;
  const char *error_code, *value;

  if (!state_matches (state, self->expected_state))
    {
      g_debug ("Sign-in redirect refused: %s state", state == NULL ? "no" : "wrong");
      respond_refused (message);
      return;
    }

  error_code = g_hash_table_lookup (params, "error");
  value = g_hash_table_lookup (params, key);

  if (error_code != NULL && g_strcmp0 (error_code, "access_denied") == 0)
    {
      g_debug ("Sign-in redirect: access denied");
      respond_page (message, SOUP_STATUS_OK,
                    _("Access Not Granted"),
                    _("Keika is not signed in. You can close this page and return to Keika."));
      decide (self, message, NULL, keika_error_new (KEIKA_ERROR_ACCESS_DENIED, self->site_name,
                                                    NULL));
      return;
    }

  if (error_code != NULL || value == NULL || *value == '\0')
    {
      const char *description = params != NULL ? g_hash_table_lookup (params, "error_description")
                                               : NULL;

      g_debug ("Sign-in redirect: %s", error_code != NULL ? "error" : "no code");
      respond_page (message, SOUP_STATUS_BAD_REQUEST,
                    _("Sign-In Failed"),
                    _("The sign-in did not complete. Return to Keika and start it again."));
      decide (self, message, NULL,
              sign_in_failed (self, description != NULL ? description : error_code));
      return;
    }

  g_debug ("Sign-in redirect accepted");
  if (page)
    respond_page (message, SOUP_STATUS_OK,
                  _("Signed In"),
                  _("You can close this page and return to Keika."));
  else
    soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);

  {
    WaitResult *result = g_new0 (WaitResult, 1);

    result->value = g_strdup (value);
    result->params = copy_params (params);
    decide (self, message, result, NULL);
  }
}

static gboolean
precheck (KeikaOAuthServer  *self,
          SoupServerMessage *message,
          const char        *method)
{
  if (self->phase != PHASE_WAITING)
    {
      respond_page (message, SOUP_STATUS_GONE,
                    _("Sign-In Over"),
                    _("This sign-in has ended. Return to Keika to start a new one."));
      return FALSE;
    }

  if (!host_ok (self, message))
    {
      g_debug ("Sign-in handler: request for another host refused");
      soup_server_message_set_status (message, SOUP_STATUS_BAD_REQUEST, NULL);
      return FALSE;
    }

  if (g_strcmp0 (soup_server_message_get_method (message), method) != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Allow", method);
      return FALSE;
    }

  return TRUE;
}

static void
callback_handler (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  KeikaOAuthServer *self = user_data;

  if (!precheck (self, message, "GET"))
    return;

  /* Implicit grant: the parameters are in the fragment, which only a
   * script on the page can read. A provider may still put an error in
   * the query. */
  if (self->mode == KEIKA_OAUTH_REDIRECT_FRAGMENT &&
      (query == NULL || g_hash_table_lookup (query, "state") == NULL))
    {
      respond_fragment_page (message);
      return;
    }

  handle_redirect (self, message, query, TRUE);
}

static void
token_handler (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  KeikaOAuthServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  g_autofree char *origin = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  const char *sent_origin = soup_message_headers_get_one (headers, "Origin");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  const char *data;

  if (!precheck (self, message, "POST"))
    return;

  if (sent_origin != NULL && g_ascii_strcasecmp (sent_origin, origin) != 0)
    {
      g_debug ("Sign-in handler: post from another origin refused");
      soup_server_message_set_status (message, SOUP_STATUS_FORBIDDEN, NULL);
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  data = g_bytes_get_data (body, &length);
  text = g_strndup (data != NULL ? data : "", length);
  params = soup_form_decode (text);
  explicit_bzero (text, strlen (text));

  handle_redirect (self, message, params, FALSE);
}

/* Waiting */

static gboolean
timeout_cb (gpointer user_data)
{
  KeikaOAuthServer *self = user_data;
  g_autofree char *message = NULL;

  g_clear_pointer (&self->timeout_source, g_source_unref);
  g_debug ("Sign-in timed out");

  message = g_strdup_printf (_("The sign-in to %s was not completed in time. "
                               "Start it again when you are ready."), self->site_name);
  decide (self, NULL, NULL, g_error_new_literal (KEIKA_ERROR, KEIKA_ERROR_TIMED_OUT, message));

  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  KeikaOAuthServer *self = user_data;

  g_clear_pointer (&self->cancel_source, g_source_unref);
  g_debug ("Sign-in cancelled");
  decide (self, NULL, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 "Sign-in cancelled"));

  return G_SOURCE_REMOVE;
}

void
keika_oauth_server_wait_async (KeikaOAuthServer    *self,
                               const char          *expected_state,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEIKA_IS_OAUTH_SERVER (self));
  g_return_if_fail (expected_state != NULL && *expected_state != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_oauth_server_wait_async);

  if (self->phase != PHASE_LISTENING)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               "A sign-in handler serves one sign-in");
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      close_server (self);
      return;
    }

  self->phase = PHASE_WAITING;
  self->expected_state = g_strdup (expected_state);
  self->task = g_steal_pointer (&task);

  self->timeout_source = g_timeout_source_new (self->timeout_ms);
  g_source_set_name (self->timeout_source, "[keika] sign-in timeout");
  g_source_set_callback (self->timeout_source, timeout_cb, self, NULL);
  g_source_attach (self->timeout_source, g_main_context_get_thread_default ());

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }

  g_debug ("Sign-in handler on port %u waiting", self->port);
}

char *
keika_oauth_server_wait_finish (KeikaOAuthServer  *self,
                                GAsyncResult      *result,
                                GHashTable       **params,
                                GError           **error)
{
  WaitResult *wait_result;
  char *value;

  g_return_val_if_fail (KEIKA_IS_OAUTH_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == keika_oauth_server_wait_async,
                        NULL);

  wait_result = g_task_propagate_pointer (G_TASK (result), error);
  if (wait_result == NULL)
    return NULL;

  value = g_steal_pointer (&wait_result->value);
  if (params != NULL)
    *params = g_steal_pointer (&wait_result->params);
  wait_result_free (wait_result);

  return value;
}

/* Life */

KeikaOAuthServer *
keika_oauth_server_new (const char              *site_name,
                        guint                    port,
                        KeikaOAuthRedirectMode   mode,
                        GError                 **error)
{
  g_autoptr(KeikaOAuthServer) self = NULL;
  g_autoptr(GError) listen_error = NULL;
  GSList *uris;

  g_return_val_if_fail (site_name != NULL, NULL);
  g_return_val_if_fail (port <= 65535, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (KEIKA_TYPE_OAUTH_SERVER, NULL);
  self->site_name = g_strdup (site_name);
  self->mode = mode;
  self->server = soup_server_new ("server-header", "Keika", NULL);

  soup_server_add_handler (self->server, "/callback", callback_handler, self, NULL);
  if (mode == KEIKA_OAUTH_REDIRECT_FRAGMENT)
    soup_server_add_handler (self->server, "/token", token_handler, self, NULL);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (request_done_cb), self);

  /* 127.0.0.1 only. */
  if (!soup_server_listen_local (self->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                 &listen_error))
    {
      g_debug ("Sign-in handler cannot listen on port %u: %s", port, listen_error->message);
      close_server (self);
      if (g_error_matches (listen_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_propagate_error (error, keika_error_new (KEIKA_ERROR_PORT_IN_USE, site_name, NULL));
      else
        g_propagate_error (error, keika_error_new (KEIKA_ERROR_SIGN_IN_FAILED, site_name,
                                                   listen_error->message));
      return NULL;
    }

  uris = soup_server_get_uris (self->server);
  self->port = uris != NULL ? (guint) g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_debug ("Sign-in handler listening on 127.0.0.1:%u", self->port);

  return g_steal_pointer (&self);
}

guint
keika_oauth_server_get_port (KeikaOAuthServer *self)
{
  g_return_val_if_fail (KEIKA_IS_OAUTH_SERVER (self), 0);

  return self->port;
}

char *
keika_oauth_server_dup_redirect_uri (KeikaOAuthServer *self)
{
  g_return_val_if_fail (KEIKA_IS_OAUTH_SERVER (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u/callback", self->port);
}

void
keika_oauth_server_set_timeout (KeikaOAuthServer *self,
                                guint             timeout_ms)
{
  g_return_if_fail (KEIKA_IS_OAUTH_SERVER (self));

  self->timeout_ms = timeout_ms;
}

void
keika_oauth_server_close (KeikaOAuthServer *self)
{
  g_return_if_fail (KEIKA_IS_OAUTH_SERVER (self));

  if (self->task != NULL)
    {
      /* Closing a waiting server ends the wait as cancelled. */
      g_object_ref (self);
      if (self->phase == PHASE_WAITING)
        {
          self->phase = PHASE_ENDING;
          g_clear_error (&self->error);
          self->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Sign-in closed");
        }
      finish_wait (self);
      g_object_unref (self);
      return;
    }

  close_server (self);
}

gboolean
keika_oauth_server_is_open (KeikaOAuthServer *self)
{
  g_return_val_if_fail (KEIKA_IS_OAUTH_SERVER (self), FALSE);

  return self->server != NULL;
}

static void
keika_oauth_server_dispose (GObject *object)
{
  KeikaOAuthServer *self = (KeikaOAuthServer *) object;

  /* A pending wait holds a reference, so no task is left here. */
  clear_source (&self->timeout_source);
  clear_source (&self->cancel_source);
  close_server (self);

  G_OBJECT_CLASS (keika_oauth_server_parent_class)->dispose (object);
}

static void
keika_oauth_server_finalize (GObject *object)
{
  KeikaOAuthServer *self = (KeikaOAuthServer *) object;

  g_free (self->site_name);
  wipe_string (self->expected_state);
  g_clear_pointer (&self->result, wait_result_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (keika_oauth_server_parent_class)->finalize (object);
}

static void
keika_oauth_server_class_init (KeikaOAuthServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keika_oauth_server_dispose;
  object_class->finalize = keika_oauth_server_finalize;
}

static void
keika_oauth_server_init (KeikaOAuthServer *self)
{
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->phase = PHASE_LISTENING;
}
