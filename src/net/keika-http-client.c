/* keika-http-client.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNet"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "keika-error.h"
#include "keika-http-client.h"
#include "keika-input.h"
#include "keika-json-doc.h"
#include "keika-net-private.h"
#include "keika-rate-limiter.h"

#define DEFAULT_TIMEOUT_MS       30000
#define DEFAULT_MAX_ATTEMPTS     3
#define DEFAULT_BASE_DELAY_MS    1000
/* Resends of one request after 429 or "DoS detected". */
#define MAX_RATE_LIMIT_RESENDS   3
#define READ_CHUNK               (64 * 1024)
/* Bodies up to this size are parsed on the main thread (well under 1 ms);
 * larger ones in a worker, so a 1000-entry MAL page (0.6 MB, about 35 ms of
 * parsing) never stalls the main loop. */
#define INLINE_PARSE_MAX         (16 * 1024)
/* An error body larger than this is not parsed for a message. */
#define ERROR_BODY_PARSE_MAX     (256 * 1024)
#define MAX_BODY                 (256 * 1024 * 1024)

struct _KeikaHttpClient
{
  GObject           parent_instance;

  SoupSession      *session;  /* (owned) */
  KeikaRateLimiter *limiter;  /* (owned) */
  guint             timeout_ms;
  guint             max_attempts;
  guint             base_delay_ms;
};

G_DEFINE_FINAL_TYPE (KeikaHttpClient, keika_http_client, G_TYPE_OBJECT)

typedef struct
{
  KeikaHttpRequest *request;              /* (owned) */
  char             *host;                 /* (owned) */
  char             *path;                 /* (owned): for the log, never the query */
  char             *site;                 /* (owned) */
  gboolean          idempotent;
  guint             attempts;
  guint             rate_resends;

  /* The current attempt */
  SoupMessage      *message;              /* (owned) (nullable) */
  GInputStream     *stream;               /* (owned) (nullable) */
  GByteArray       *body;                 /* (owned) (nullable) */
  gsize             read_offset;
  GCancellable     *attempt_cancellable;  /* (owned) (nullable) */
  gulong            cancelled_id;
  GSource          *timeout_source;       /* (owned) (nullable) */
  gboolean          timed_out;
  gint64            attempt_started;
} SendData;

static void queue_attempt (GTask    *task,
                           gboolean  front);

/* Delays */

typedef struct
{
  GSource *timeout_source;  /* (owned) (nullable) */
  GSource *cancel_source;   /* (owned) (nullable) */
} DelayData;

static void
delay_data_free (DelayData *data)
{
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_source_unref (data->timeout_source);
    }
  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_source_unref (data->cancel_source);
    }
  g_free (data);
}

static gboolean
delay_elapsed_cb (gpointer user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);
  DelayData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->timeout_source, g_source_unref);
  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_clear_pointer (&data->cancel_source, g_source_unref);
    }

  g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

static gboolean
delay_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);
  DelayData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->cancel_source, g_source_unref);
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_clear_pointer (&data->timeout_source, g_source_unref);
    }

  g_task_return_error_if_cancelled (task);

  return G_SOURCE_REMOVE;
}

static void
delay_async (guint                delay_ms,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  DelayData *data = g_new0 (DelayData, 1);

  g_task_set_source_tag (task, delay_async);
  g_task_set_task_data (task, data, (GDestroyNotify) delay_data_free);

  /* The sources hold a reference on the task until one of them fires and
   * removes the other. */
  data->timeout_source = g_timeout_source_new (delay_ms);
  g_source_set_name (data->timeout_source, "[keika] retry delay");
  g_source_set_callback (data->timeout_source, delay_elapsed_cb, g_object_ref (task),
                         g_object_unref);
  g_source_attach (data->timeout_source, g_main_context_get_thread_default ());

  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel_source, G_SOURCE_FUNC (delay_cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (data->cancel_source, g_main_context_get_thread_default ());
    }
}

static gboolean
delay_finish (GAsyncResult  *result,
              GError       **error)
{
  g_assert (g_task_get_source_tag (G_TASK (result)) == delay_async);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Bodies */

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  KeikaJsonDoc *doc = keika_http_body_parse_json (task_data, &error);

  if (doc == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, doc, (GDestroyNotify) keika_json_doc_unref);
}

/* The send task */

static void
send_data_free (SendData *data)
{
  g_assert (data->timeout_source == NULL);
  g_assert (data->cancelled_id == 0);

  g_clear_object (&data->request);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_clear_object (&data->attempt_cancellable);
  g_free (data->host);
  g_free (data->path);
  g_free (data->site);
  g_free (data);
}

static void
user_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
attempt_timeout_cb (gpointer user_data)
{
  SendData *data = user_data;

  g_clear_pointer (&data->timeout_source, g_source_unref);
  data->timed_out = TRUE;
  g_cancellable_cancel (data->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static void
arm_timeout (KeikaHttpClient *self,
             SendData        *data)
{
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_clear_pointer (&data->timeout_source, g_source_unref);
    }

  data->timeout_source = g_timeout_source_new (self->timeout_ms);
  g_source_set_name (data->timeout_source, "[keika] http timeout");
  g_source_set_callback (data->timeout_source, attempt_timeout_cb, data, NULL);
  g_source_attach (data->timeout_source, g_main_context_get_thread_default ());
}

static void
end_attempt (GTask *task)
{
  SendData *data = g_task_get_task_data (task);

  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_clear_pointer (&data->timeout_source, g_source_unref);
    }

  if (data->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
      data->cancelled_id = 0;
    }

  if (data->stream != NULL)
    {
      g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&data->stream);
    }

  g_clear_object (&data->attempt_cancellable);
}

static gint64
attempt_ms (SendData *data)
{
  return (g_get_monotonic_time () - data->attempt_started) / 1000;
}

static void
retry_delay_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!delay_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  queue_attempt (g_steal_pointer (&task), FALSE);
}

/* Resends after exponential backoff with jitter, at least @min_delay_us. */
static void
retry_later (GTask  *task,
             gint64  min_delay_us)
{
  KeikaHttpClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  guint64 delay_ms;

  delay_ms = (guint64) self->base_delay_ms << MIN (data->attempts - 1, 16);
  delay_ms += g_random_int_range (0, (gint32) MIN (delay_ms / 2, G_MAXINT32 - 1) + 1);
  delay_ms = MAX (delay_ms, (guint64) ((min_delay_us + 999) / 1000));
  delay_ms = MIN (delay_ms, G_MAXUINT);

  g_debug ("%s %s%s: attempt %u of %u failed, next in %" G_GUINT64_FORMAT " ms",
           keika_http_request_get_method (data->request), data->host, data->path,
           data->attempts, self->max_attempts, delay_ms);

  delay_async ((guint) delay_ms, g_task_get_cancellable (task), retry_delay_cb, task);
}

static void
return_http_error (GTask        *task,
                   KeikaError    code,
                   KeikaJsonDoc *json,
                   GBytes       *body,
                   const char   *detail,
                   guint         retry_after)
{
  SendData *data = g_task_get_task_data (task);
  g_autoptr(KeikaHttpResponse) response = keika_http_response_new (data->message, body, json);
  g_autofree char *scrubbed = keika_http_request_scrub (data->request, detail);
  g_autofree char *tidy = keika_http_body_tidy_detail (scrubbed);

  g_task_return_error (task, keika_error_new_full (code, data->site, tidy,
                                                   soup_message_get_status (data->message),
                                                   retry_after, G_OBJECT (response)));
}

static KeikaError
classify_status (guint    status,
                 gboolean html)
{
  if (status == 401)
    return KEIKA_ERROR_SIGNED_OUT;
  if (status == 404 || status == 410)
    return KEIKA_ERROR_NOT_FOUND;
  if (status == 429)
    return KEIKA_ERROR_RATE_LIMITED;
  if (status == 408)
    return KEIKA_ERROR_TIMED_OUT;
  if (html)
    return KEIKA_ERROR_NOT_DATA;
  if (status == 403)
    return KEIKA_ERROR_FORBIDDEN;
  if (status >= 400 && status <= 499)
    return KEIKA_ERROR_REJECTED;
  if (status >= 500 && status <= 599)
    return KEIKA_ERROR_SERVER_ERROR;

  return KEIKA_ERROR_NOT_DATA;
}

static void
return_status_error (GTask  *task,
                     GBytes *body)
{
  SendData *data = g_task_get_task_data (task);
  guint status = soup_message_get_status (data->message);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->message);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  gboolean html = keika_http_body_looks_like_html (content_type, body);
  g_autoptr(KeikaJsonDoc) json = NULL;
  g_autofree char *detail = NULL;
  gint64 retry_after_us;

  if (!html && g_bytes_get_size (body) <= ERROR_BODY_PARSE_MAX)
    json = keika_http_body_parse_json (body, NULL);
  detail = keika_http_body_describe_error (json);
  retry_after_us = keika_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));

  return_http_error (task, classify_status (status, html), json, body, detail,
                     keika_wait_seconds (retry_after_us));
}

/* GraphQL: errors[] with no data fails, also on 200. */
static gboolean
return_graphql_error (GTask        *task,
                      KeikaJsonDoc *json,
                      GBytes       *body)
{
  const KeikaJsonValue *object = keika_json_doc_get_root (json);
  const KeikaJsonValue *errors, *data_node;
  KeikaError code = KEIKA_ERROR_REJECTED;
  g_autofree char *detail = NULL;
  double status = 0;

  if (!keika_json_is_object (object))
    return FALSE;

  errors = keika_json_get_member (object, "errors");
  data_node = keika_json_get_member (object, "data");
  if (keika_json_first (errors) == NULL || !keika_json_is_array (errors) ||
      (data_node != NULL && keika_json_get_type (data_node) != KEIKA_JSON_NULL))
    return FALSE;

  if (keika_json_get_number (keika_json_get_member (keika_json_first (errors), "status"), &status))
    {
      if (status == 401)
        code = KEIKA_ERROR_SIGNED_OUT;
      else if (status == 403)
        code = KEIKA_ERROR_FORBIDDEN;
      else if (status == 404)
        code = KEIKA_ERROR_NOT_FOUND;
      else if (status == 429)
        code = KEIKA_ERROR_RATE_LIMITED;
      else if (status >= 500 && status <= 599)
        code = KEIKA_ERROR_SERVER_ERROR;
    }

  detail = keika_http_body_describe_error (json);
  return_http_error (task, code, json, body, detail, 0);

  return TRUE;
}

static void
return_parsed (GTask        *task,
               KeikaJsonDoc *json,
               GBytes       *body,
               GError       *parse_error)
{
  SendData *data = g_task_get_task_data (task);

  if (json == NULL)
    {
      const char *content_type = soup_message_headers_get_content_type (
          soup_message_get_response_headers (data->message), NULL);
      KeikaError code = (content_type == NULL || keika_http_body_is_json_type (content_type))
                        ? KEIKA_ERROR_MALFORMED
                        : KEIKA_ERROR_NOT_DATA;

      g_debug ("%s %s%s: not JSON (%s)", keika_http_request_get_method (data->request),
               data->host, data->path, parse_error != NULL ? parse_error->message : "?");
      return_http_error (task, code, NULL, body, NULL, 0);
      return;
    }

  if ((keika_http_request_get_flags (data->request) & KEIKA_HTTP_GRAPHQL) &&
      return_graphql_error (task, json, body))
    return;

  g_task_return_pointer (task, keika_http_response_new (data->message, body, json),
                         g_object_unref);
}

static void
parse_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaJsonDoc) json = NULL;

  json = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  return_parsed (task, json, g_task_get_task_data (G_TASK (result)), error);
}

/* Consumes @task. */
static void
return_success (GTask  *task,
                GBytes *body)
{
  SendData *data = g_task_get_task_data (task);
  guint status = soup_message_get_status (data->message);
  KeikaHttpFlags flags = keika_http_request_get_flags (data->request);
  const char *content_type;

  if (!(flags & KEIKA_HTTP_EXPECT_JSON) || status == 204)
    {
      g_task_return_pointer (task, keika_http_response_new (data->message, body, NULL),
                             g_object_unref);
      g_object_unref (task);
      return;
    }

  content_type = soup_message_headers_get_content_type (
      soup_message_get_response_headers (data->message), NULL);
  if (keika_http_body_looks_like_html (content_type, body))
    {
      return_http_error (task, KEIKA_ERROR_NOT_DATA, NULL, body, NULL, 0);
      g_object_unref (task);
      return;
    }

  if (g_bytes_get_size (body) > INLINE_PARSE_MAX)
    {
      g_autoptr(GTask) worker = NULL;

      worker = g_task_new (NULL, g_task_get_cancellable (task), parse_done_cb, task);
      g_task_set_source_tag (worker, parse_thread);
      g_task_set_task_data (worker, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
      g_task_run_in_thread (worker, parse_thread);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KeikaJsonDoc) json = keika_http_body_parse_json (body, &error);

      return_parsed (task, json, body, error);
      g_object_unref (task);
    }
}

/* The whole answer of one attempt is in. Consumes @task. */
static void
attempt_done (GTask *task)
{
  KeikaHttpClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  guint status = soup_message_get_status (data->message);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->message);
  g_autoptr(GBytes) body = NULL;
  gboolean dos, rate_limited;
  gint64 wait_us;

  end_attempt (task);
  body = g_byte_array_free_to_bytes (g_steal_pointer (&data->body));

  g_debug ("%s %s%s: %u, %" G_GSIZE_FORMAT " bytes in %" G_GINT64_FORMAT " ms",
           keika_http_request_get_method (data->request), data->host, data->path,
           status, g_bytes_get_size (body), attempt_ms (data));

  dos = status == 403 && keika_http_body_says_dos (body);
  rate_limited = status == 429 || dos;
  wait_us = keika_rate_limiter_update (self->limiter, data->host, status, headers, rate_limited);

  if (rate_limited)
    {
      /* The site refused the request without acting on it: resending it is
       * safe whatever the method. */
      if (wait_us <= (gint64) keika_rate_limiter_get_max_wait (self->limiter) * G_USEC_PER_SEC &&
          data->rate_resends < MAX_RATE_LIMIT_RESENDS &&
          !(keika_http_request_get_flags (data->request) & KEIKA_HTTP_SEND_ONCE))
        {
          data->rate_resends++;
          queue_attempt (task, TRUE);
          return;
        }

      return_http_error (task, KEIKA_ERROR_RATE_LIMITED, NULL, body, NULL,
                         keika_wait_seconds (wait_us));
      g_object_unref (task);
      return;
    }

  if (((status >= 500 && status <= 599) || status == 408) &&
      data->idempotent && data->attempts < self->max_attempts)
    {
      const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
      gint64 retry_after_us = keika_parse_retry_after (retry_after);
      guint max_wait = keika_rate_limiter_get_max_wait (self->limiter);

      if (retry_after_us <= (gint64) max_wait * G_USEC_PER_SEC)
        {
          retry_later (task, MAX (retry_after_us, 0));
          return;
        }
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return_success (task, body);
  else
    {
      return_status_error (task, body);
      g_object_unref (task);
    }
}

/* The attempt failed without an answer. Consumes @task and @error. */
static void
attempt_failed (GTask  *task,
                GError *error)
{
  KeikaHttpClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) owned_error = error;
  KeikaError code = KEIKA_ERROR_OFFLINE;
  gboolean retryable = FALSE;
  gboolean timed_out = data->timed_out;

  end_attempt (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_debug ("%s %s%s: cancelled", keika_http_request_get_method (data->request),
               data->host, data->path);
      g_object_unref (task);
      return;
    }

  g_debug ("%s %s%s: no answer after %" G_GINT64_FORMAT " ms: %s",
           keika_http_request_get_method (data->request), data->host, data->path,
           attempt_ms (data), timed_out ? "timed out" : error->message);

  if (timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      code = KEIKA_ERROR_TIMED_OUT;
      retryable = TRUE;
    }
  else if (error->domain == G_TLS_ERROR)
    {
      code = KEIKA_ERROR_NOT_SECURE;
    }
  else if (error->domain == SOUP_SESSION_ERROR)
    {
      code = (error->code == SOUP_SESSION_ERROR_PARSING ||
              error->code == SOUP_SESSION_ERROR_ENCODING)
             ? KEIKA_ERROR_MALFORMED
             : KEIKA_ERROR_NOT_DATA;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    {
      /* The connection dropped during the exchange: worth one more try. */
      code = KEIKA_ERROR_OFFLINE;
      retryable = TRUE;
    }

  if (retryable && data->idempotent && data->attempts < self->max_attempts)
    {
      retry_later (task, 0);
      return;
    }

  g_task_return_error (task, keika_error_new_full (code, data->site, NULL, 0, 0, NULL));
  g_object_unref (task);
}

static void
read_next (GTask *task);

static void
read_cb (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  KeikaHttpClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (source_object), result, &error);
  if (n_read < 0)
    {
      g_byte_array_set_size (data->body, data->read_offset);
      attempt_failed (task, error);
      return;
    }

  g_byte_array_set_size (data->body, data->read_offset + n_read);

  if (n_read == 0)
    {
      attempt_done (task);
      return;
    }

  if (data->body->len > MAX_BODY)
    {
      end_attempt (task);
      g_task_return_error (task, keika_error_new_full (KEIKA_ERROR_MALFORMED, data->site, NULL,
                                                       soup_message_get_status (data->message),
                                                       0, NULL));
      g_object_unref (task);
      return;
    }

  arm_timeout (self, data);
  read_next (task);
}

static void
read_next (GTask *task)
{
  SendData *data = g_task_get_task_data (task);

  data->read_offset = data->body->len;
  g_byte_array_set_size (data->body, data->read_offset + READ_CHUNK);
  g_input_stream_read_async (data->stream,
                             data->body->data + data->read_offset,
                             READ_CHUNK,
                             G_PRIORITY_DEFAULT,
                             data->attempt_cancellable,
                             read_cb,
                             task);
}

static void
sent_cb (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  KeikaHttpClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GInputStream *stream;
  goffset length;

  stream = soup_session_send_finish (SOUP_SESSION (source_object), result, &error);
  if (stream == NULL)
    {
      attempt_failed (task, error);
      return;
    }

  data->stream = stream;
  length = soup_message_headers_get_content_length (
      soup_message_get_response_headers (data->message));
  data->body = g_byte_array_sized_new (length > 0 && length < MAX_BODY
                                       ? (guint) length + 1
                                       : READ_CHUNK);

  arm_timeout (self, data);
  read_next (task);
}

static void
start_attempt (GTask *task)
{
  KeikaHttpClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  g_clear_object (&data->message);
  data->message = keika_http_request_build_message (data->request, &error);
  if (data->message == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  data->attempts++;
  data->timed_out = FALSE;
  data->attempt_started = g_get_monotonic_time ();
  data->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                                g_object_ref (data->attempt_cancellable),
                                                g_object_unref);

  arm_timeout (self, data);
  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                           data->attempt_cancellable, sent_cb, task);
}

static void
acquired_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!keika_rate_limiter_acquire_finish (KEIKA_RATE_LIMITER (source_object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  start_attempt (task);
}

/* Waits for the host's turn, then sends. Consumes @task. */
static void
queue_attempt (GTask    *task,
               gboolean  front)
{
  KeikaHttpClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);

  keika_rate_limiter_acquire_async (self->limiter, data->host, data->site, front,
                                    g_task_get_cancellable (task), acquired_cb, task);
}

void
keika_http_client_send_async (KeikaHttpClient     *self,
                              KeikaHttpRequest    *request,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) check = NULL;
  GError *error = NULL;
  SendData *data;
  const char *site;

  g_return_if_fail (KEIKA_IS_HTTP_CLIENT (self));
  g_return_if_fail (KEIKA_IS_HTTP_REQUEST (request));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_http_client_send_async);

  check = keika_http_request_build_message (request, &error);
  if (check == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  uri = g_uri_ref (soup_message_get_uri (check));
  data = g_new0 (SendData, 1);
  data->request = g_object_ref (request);
  data->host = g_ascii_strdown (g_uri_get_host (uri), -1);
  data->path = g_strdup (g_uri_get_path (uri));
  site = keika_http_request_get_site_name (request);
  data->site = g_strdup (site != NULL ? site : data->host);
  data->idempotent = (keika_http_request_get_flags (request) & KEIKA_HTTP_IDEMPOTENT) != 0;
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  queue_attempt (g_steal_pointer (&task), FALSE);
}

KeikaHttpResponse *
keika_http_client_send_finish (KeikaHttpClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == keika_http_client_send_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Settings */

SoupSession *
keika_http_client_get_session (KeikaHttpClient *self)
{
  g_return_val_if_fail (KEIKA_IS_HTTP_CLIENT (self), NULL);

  return self->session;
}

void
keika_http_client_set_timeout (KeikaHttpClient *self,
                               guint            timeout_ms)
{
  g_return_if_fail (KEIKA_IS_HTTP_CLIENT (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}

void
keika_http_client_set_retry (KeikaHttpClient *self,
                             guint            max_attempts,
                             guint            base_delay_ms)
{
  g_return_if_fail (KEIKA_IS_HTTP_CLIENT (self));
  g_return_if_fail (max_attempts >= 1);

  self->max_attempts = max_attempts;
  self->base_delay_ms = base_delay_ms;
}

void
keika_http_client_set_max_wait (KeikaHttpClient *self,
                                guint            seconds)
{
  g_return_if_fail (KEIKA_IS_HTTP_CLIENT (self));

  keika_rate_limiter_set_max_wait (self->limiter, seconds);
}

void
keika_http_client_set_default_backoff (KeikaHttpClient *self,
                                       guint            seconds)
{
  g_return_if_fail (KEIKA_IS_HTTP_CLIENT (self));

  keika_rate_limiter_set_default_backoff (self->limiter, seconds);
}

void
keika_http_client_set_rate (KeikaHttpClient *self,
                            const char      *host,
                            guint            requests,
                            guint            per_seconds)
{
  g_return_if_fail (KEIKA_IS_HTTP_CLIENT (self));
  g_return_if_fail (host != NULL);

  keika_rate_limiter_set_rate (self->limiter, host, requests, per_seconds);
}

KeikaHttpClient *
keika_http_client_new (void)
{
  return g_object_new (KEIKA_TYPE_HTTP_CLIENT, NULL);
}

KeikaHttpClient *
keika_http_client_get_default (void)
{
  static KeikaHttpClient *default_client;

  if (g_once_init_enter (&default_client))
    g_once_init_leave (&default_client, keika_http_client_new ());

  return default_client;
}

static void
keika_http_client_dispose (GObject *object)
{
  KeikaHttpClient *self = (KeikaHttpClient *) object;

  g_clear_object (&self->session);
  g_clear_object (&self->limiter);

  G_OBJECT_CLASS (keika_http_client_parent_class)->dispose (object);
}

static void
keika_http_client_class_init (KeikaHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keika_http_client_dispose;
}

static void
keika_http_client_init (KeikaHttpClient *self)
{
  /* No SoupLogger, ever: it would write tokens and codes to the log. The
   * session's own timeout is off; each attempt has its own, in ms. */
  self->session = soup_session_new_with_options ("user-agent", "Keika/" PACKAGE_VERSION,
                                                 "timeout", 0,
                                                 NULL);
  self->limiter = keika_rate_limiter_new ();
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->base_delay_ms = DEFAULT_BASE_DELAY_MS;
}
