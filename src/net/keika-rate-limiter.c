/* keika-rate-limiter.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaNet"

#include "config.h"

#include <string.h>

#include "keika-error.h"
#include "keika-net-private.h"
#include "keika-rate-limiter.h"

#define DEFAULT_MAX_WAIT_S        60
#define DEFAULT_BACKOFF_S         10
/* No block lasts longer than this, whatever the headers say. */
#define LONGEST_BLOCK_US          (G_USEC_PER_SEC * (gint64) 24 * 3600)
/* A doubling default backoff stops growing here. */
#define LONGEST_DEFAULT_BACKOFF_US (G_USEC_PER_SEC * (gint64) 15 * 60)

typedef struct
{
  KeikaRateLimiter *limiter;  /* (unowned) */
  char             *host;     /* (owned) */
  gint64            interval_us;
  gint64            last_start;
  gint64            blocked_until;
  guint             strikes;
  GQueue            waiters;  /* (owned) of Waiter */
  GSource          *timer;    /* (owned) (nullable) */
} HostState;

typedef struct
{
  GTask     *task;           /* (owned) */
  HostState *host_state;     /* (unowned) */
  char      *site;           /* (owned) */
  GSource   *cancel_source;  /* (owned) (nullable) */
} Waiter;

struct _KeikaRateLimiter
{
  GObject     parent_instance;

  GHashTable *hosts;  /* (owned) host → HostState */
  gint64      max_wait_us;
  gint64      default_backoff_us;
};

G_DEFINE_FINAL_TYPE (KeikaRateLimiter, keika_rate_limiter, G_TYPE_OBJECT)

static void arm (HostState *host_state);

guint
keika_wait_seconds (gint64 wait_us)
{
  if (wait_us <= 0)
    return 0;

  return (guint) MIN ((wait_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, G_MAXUINT);
}

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter->site);
  g_free (waiter);
}

static void
host_state_free (HostState *host_state)
{
  Waiter *waiter;

  /* Only reached when no task is pending (each holds a reference on the
   * limiter), so the queue is empty; free it anyway. */
  while ((waiter = g_queue_pop_head (&host_state->waiters)) != NULL)
    waiter_free (waiter);

  if (host_state->timer != NULL)
    {
      g_source_destroy (host_state->timer);
      g_source_unref (host_state->timer);
    }
  g_free (host_state->host);
  g_free (host_state);
}

static HostState *
get_host_state (KeikaRateLimiter *self,
                const char       *host)
{
  g_autofree char *key = g_ascii_strdown (host, -1);
  HostState *host_state = g_hash_table_lookup (self->hosts, key);

  if (host_state == NULL)
    {
      host_state = g_new0 (HostState, 1);
      host_state->limiter = self;
      host_state->host = g_strdup (key);
      g_queue_init (&host_state->waiters);
      g_hash_table_insert (self->hosts, g_steal_pointer (&key), host_state);
    }

  return host_state;
}

static gint64
ready_time (HostState *host_state)
{
  gint64 next = host_state->interval_us > 0
                ? host_state->last_start + host_state->interval_us
                : 0;

  return MAX (next, host_state->blocked_until);
}

static GError *
rate_limited_error (const char *site,
                    gint64      wait_us)
{
  return keika_error_new_full (KEIKA_ERROR_RATE_LIMITED, site, NULL, 0,
                               keika_wait_seconds (wait_us), NULL);
}

static gboolean
timer_cb (gpointer user_data)
{
  HostState *host_state = user_data;
  gint64 now = g_get_monotonic_time ();
  Waiter *waiter;
  g_autoptr(GTask) task = NULL;

  g_clear_pointer (&host_state->timer, g_source_unref);

  if (now < ready_time (host_state))
    {
      arm (host_state);
      return G_SOURCE_REMOVE;
    }

  waiter = g_queue_pop_head (&host_state->waiters);
  if (waiter != NULL)
    {
      host_state->last_start = now;
      task = g_steal_pointer (&waiter->task);
      waiter_free (waiter);
    }

  /* Settle the state before the callback, which may ask again. */
  arm (host_state);

  if (task != NULL)
    g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

static void
arm (HostState *host_state)
{
  gint64 delay_us;
  guint delay_ms;

  if (host_state->timer != NULL)
    {
      g_source_destroy (host_state->timer);
      g_clear_pointer (&host_state->timer, g_source_unref);
    }

  if (g_queue_is_empty (&host_state->waiters))
    return;

  delay_us = ready_time (host_state) - g_get_monotonic_time ();
  delay_ms = delay_us <= 0 ? 0 : (guint) MIN ((delay_us + 999) / 1000, G_MAXUINT);

  host_state->timer = g_timeout_source_new (delay_ms);
  g_source_set_name (host_state->timer, "[keika] rate limit");
  g_source_set_callback (host_state->timer, timer_cb, host_state, NULL);
  g_source_attach (host_state->timer, g_main_context_get_thread_default ());
}

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  HostState *host_state = waiter->host_state;
  g_autoptr(GTask) task = g_steal_pointer (&waiter->task);

  g_queue_remove (&host_state->waiters, waiter);
  waiter_free (waiter);
  arm (host_state);

  g_task_return_error_if_cancelled (task);

  return G_SOURCE_REMOVE;
}

/* A block of @wait_us from now. Queued requests that cannot wait that long
 * fail with the wait. */
static void
block (KeikaRateLimiter *self,
       HostState        *host_state,
       gint64            wait_us)
{
  gint64 now = g_get_monotonic_time ();
  gint64 until = now + MIN (wait_us, LONGEST_BLOCK_US);

  if (until <= host_state->blocked_until)
    return;

  host_state->blocked_until = until;
  g_debug ("%s: no requests for %.1f s", host_state->host, (until - now) / (double) G_USEC_PER_SEC);

  if (until - now > self->max_wait_us)
    {
      GQueue waiters = host_state->waiters;
      Waiter *waiter;

      g_queue_init (&host_state->waiters);
      while ((waiter = g_queue_pop_head (&waiters)) != NULL)
        {
          g_autoptr(GTask) task = g_steal_pointer (&waiter->task);

          g_task_return_error (task, rate_limited_error (waiter->site, until - now));
          waiter_free (waiter);
        }
    }

  arm (host_state);
}

void
keika_rate_limiter_acquire_async (KeikaRateLimiter    *self,
                                  const char          *host,
                                  const char          *site,
                                  gboolean             front,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  HostState *host_state;
  Waiter *waiter;
  gint64 now;

  g_return_if_fail (KEIKA_IS_RATE_LIMITER (self));
  g_return_if_fail (host != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_rate_limiter_acquire_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  host_state = get_host_state (self, host);
  now = g_get_monotonic_time ();

  if (host_state->blocked_until - now > self->max_wait_us)
    {
      g_task_return_error (task, rate_limited_error (site, host_state->blocked_until - now));
      return;
    }

  if (g_queue_is_empty (&host_state->waiters) && now >= ready_time (host_state))
    {
      host_state->last_start = now;
      g_task_return_boolean (task, TRUE);
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_steal_pointer (&task);
  waiter->host_state = host_state;
  waiter->site = g_strdup (site);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (waiter_cancelled_cb),
                             waiter, NULL);
      g_source_attach (waiter->cancel_source, g_main_context_get_thread_default ());
    }

  if (front)
    g_queue_push_head (&host_state->waiters, waiter);
  else
    g_queue_push_tail (&host_state->waiters, waiter);

  g_debug ("%s: request queued (%u waiting)", host_state->host,
           g_queue_get_length (&host_state->waiters));
  arm (host_state);
}

gboolean
keika_rate_limiter_acquire_finish (KeikaRateLimiter  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (KEIKA_IS_RATE_LIMITER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == keika_rate_limiter_acquire_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gint64
keika_parse_retry_after (const char *value)
{
  g_autofree char *text = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;

  text = g_strstrip (g_strdup (value));
  if (*text == '\0')
    return -1;

  if (g_ascii_isdigit (*text))
    {
      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &seconds, NULL))
        return -1;
      return (gint64) seconds * G_USEC_PER_SEC;
    }
  else
    {
      g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (text);
      gint64 wait_us;

      if (date == NULL)
        return -1;

      wait_us = g_date_time_to_unix (date) * G_USEC_PER_SEC - g_get_real_time ();
      return MAX (wait_us, 0);
    }
}

/* X-RateLimit-Reset: Unix time (AniList, GitHub) or seconds from now
 * (others); told apart by size. The wait in microseconds, or -1. */
static gint64
parse_reset (const char *value)
{
  double number;
  char *end = NULL;
  gint64 wait_us;

  if (value == NULL)
    return -1;

  number = g_ascii_strtod (value, &end);
  if (end == value || number < 0 || number > 1e12)
    return -1;
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0')
    return -1;

  if (number > 1e9)
    wait_us = (gint64) (number * G_USEC_PER_SEC) - g_get_real_time ();
  else
    wait_us = (gint64) (number * G_USEC_PER_SEC);

  return wait_us > 0 ? wait_us : -1;
}

static gint64
parse_count (const char *value)
{
  g_autofree char *text = NULL;
  guint64 count;

  if (value == NULL)
    return -1;

  text = g_strstrip (g_strdup (value));
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, &count, NULL))
    return -1;

  return (gint64) count;
}

gint64
keika_rate_limiter_update (KeikaRateLimiter   *self,
                           const char         *host,
                           guint               status,
                           SoupMessageHeaders *headers,
                           gboolean            rate_limited)
{
  HostState *host_state;
  gint64 retry_after_us, reset_us, remaining, limit;
  gint64 wait_us = 0;

  g_return_val_if_fail (KEIKA_IS_RATE_LIMITER (self), 0);
  g_return_val_if_fail (host != NULL, 0);
  g_return_val_if_fail (headers != NULL, 0);

  host_state = get_host_state (self, host);
  retry_after_us = keika_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
  reset_us = parse_reset (soup_message_headers_get_one (headers, "X-RateLimit-Reset"));
  remaining = parse_count (soup_message_headers_get_one (headers, "X-RateLimit-Remaining"));
  limit = parse_count (soup_message_headers_get_one (headers, "X-RateLimit-Limit"));

  if (limit >= 0 && remaining >= 0)
    g_debug ("%s: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " requests left",
             host_state->host, remaining, limit);

  if (rate_limited)
    {
      host_state->strikes++;
      if (retry_after_us >= 0)
        wait_us = MAX (retry_after_us, G_USEC_PER_SEC);
      else if (reset_us > 0)
        wait_us = reset_us;
      else
        wait_us = MIN (self->default_backoff_us << MIN (host_state->strikes - 1, 10),
                       LONGEST_DEFAULT_BACKOFF_US);
    }
  else
    {
      if (status < 400)
        host_state->strikes = 0;
      if (remaining == 0 && reset_us > 0)
        wait_us = reset_us;
    }

  wait_us = MIN (wait_us, LONGEST_BLOCK_US);
  if (wait_us > 0)
    block (self, host_state, wait_us);

  return wait_us;
}

void
keika_rate_limiter_set_rate (KeikaRateLimiter *self,
                             const char       *host,
                             guint             requests,
                             guint             per_seconds)
{
  HostState *host_state;

  g_return_if_fail (KEIKA_IS_RATE_LIMITER (self));
  g_return_if_fail (host != NULL);

  host_state = get_host_state (self, host);
  if (requests == 0 || per_seconds == 0)
    host_state->interval_us = 0;
  else
    host_state->interval_us = (gint64) per_seconds * G_USEC_PER_SEC / requests;

  arm (host_state);
}

void
keika_rate_limiter_set_max_wait (KeikaRateLimiter *self,
                                 guint             seconds)
{
  g_return_if_fail (KEIKA_IS_RATE_LIMITER (self));

  self->max_wait_us = (gint64) seconds * G_USEC_PER_SEC;
}

guint
keika_rate_limiter_get_max_wait (KeikaRateLimiter *self)
{
  g_return_val_if_fail (KEIKA_IS_RATE_LIMITER (self), 0);

  return (guint) (self->max_wait_us / G_USEC_PER_SEC);
}

void
keika_rate_limiter_set_default_backoff (KeikaRateLimiter *self,
                                        guint             seconds)
{
  g_return_if_fail (KEIKA_IS_RATE_LIMITER (self));

  self->default_backoff_us = (gint64) MAX (seconds, 1) * G_USEC_PER_SEC;
}

KeikaRateLimiter *
keika_rate_limiter_new (void)
{
  return g_object_new (KEIKA_TYPE_RATE_LIMITER, NULL);
}

static void
keika_rate_limiter_finalize (GObject *object)
{
  KeikaRateLimiter *self = (KeikaRateLimiter *) object;

  g_clear_pointer (&self->hosts, g_hash_table_unref);

  G_OBJECT_CLASS (keika_rate_limiter_parent_class)->finalize (object);
}

static void
keika_rate_limiter_class_init (KeikaRateLimiterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keika_rate_limiter_finalize;
}

static void
keika_rate_limiter_init (KeikaRateLimiter *self)
{
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) host_state_free);
  self->max_wait_us = (gint64) DEFAULT_MAX_WAIT_S * G_USEC_PER_SEC;
  self->default_backoff_us = (gint64) DEFAULT_BACKOFF_S * G_USEC_PER_SEC;
}
