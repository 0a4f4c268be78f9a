/* bench-util.c — what the sync benchmarks share: the fake sites as a
 * program of their own, their request log, and the measures
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSyncBench"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bench-util.h"

/* The fake program */

void
bench_request_free (BenchRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request);
}

static void
die_with_parent (gpointer user_data)
{
  /* A benchmark that aborts does not leave the fake serving. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
read_available (GPollableInputStream *stream,
                GString              *out,
                gboolean             *eof)
{
  char buffer[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_pollable_input_stream_read_nonblocking (stream, buffer, sizeof buffer, NULL,
                                                           &error);

      if (n > 0)
        g_string_append_len (out, buffer, n);
      else
        {
          if (n == 0)
            *eof = TRUE;
          else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              g_printerr ("Reading the fake's output: %s\n", error->message);
              *eof = TRUE;
            }
          return;
        }
    }
}

gboolean
bench_fake_start (BenchFake           *fake,
                  const char * const  *args,
                  GError             **error)
{
  const char *bin = g_getenv ("KEIKA_FAKE_SITES_BIN");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) lines = NULL;
  GPollableInputStream *stdout_pipe;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean eof = FALSE;
  gboolean ready = FALSE;

  if (bin == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "KEIKA_FAKE_SITES_BIN is not set (run through meson)");
      return FALSE;
    }

  fake->dir = g_dir_make_tmp ("keika-bench-sync-XXXXXX", error);
  if (fake->dir == NULL)
    return FALSE;
  fake->log_path = g_build_filename (fake->dir, "fake.log", NULL);

  g_ptr_array_add (argv, (gpointer) bin);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--verbose");
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, fake->log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fake->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                error);
  if (fake->process == NULL)
    return FALSE;

  /* The variables are printed, then flushed, before the banner on stderr:
   * once the banner is there, all of them can be read. */
  stdout_pipe = G_POLLABLE_INPUT_STREAM (g_subprocess_get_stdout_pipe (fake->process));
  while (!ready)
    {
      g_autofree char *log = NULL;

      ready = g_file_get_contents (fake->log_path, &log, NULL, NULL) &&
              strstr (log, "keika-fake-sites:") != NULL;
      read_available (stdout_pipe, out, &eof);
      if (eof || g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s did not start: %s", bin,
                       log != NULL ? log : "(nothing on stderr)");
          return FALSE;
        }
      if (!ready)
        g_usleep (10 * 1000);
    }

  lines = g_strsplit (out->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (!g_str_has_prefix (lines[i], "KEIKA_") || eq == NULL)
        continue;
      *eq = '\0';
      g_setenv (lines[i], eq + 1, TRUE);
    }
  if (g_getenv ("KEIKA_MAL_API_URL") == NULL || g_getenv ("KEIKA_MAL_AUTH_URL") == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s printed no KEIKA_MAL_*_URL: %s", bin,
                   out->str);
      return FALSE;
    }

  return TRUE;
}

void
bench_fake_stop (BenchFake *fake)
{
  if (fake->process != NULL)
    {
      g_subprocess_send_signal (fake->process, SIGTERM);
      g_subprocess_wait (fake->process, NULL, NULL);
      g_clear_object (&fake->process);
    }
  if (fake->log_path != NULL)
    g_unlink (fake->log_path);
  if (fake->dir != NULL)
    g_rmdir (fake->dir);
  g_clear_pointer (&fake->log_path, g_free);
  g_clear_pointer (&fake->dir, g_free);
}

GPtrArray *
bench_fake_take_requests (BenchFake *fake)
{
  GPtrArray *requests = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_request_free);
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;

  if (!g_file_get_contents (fake->log_path, &log, &length, NULL) || length < fake->log_read)
    return requests;

  /* Only whole lines. */
  while (length > fake->log_read && log[length - 1] != '\n')
    length--;
  log[length] = '\0';
  lines = g_strsplit (log + fake->log_read, "\n", -1);
  fake->log_read = length;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);
      BenchRequest *request;
      char *query;

      if (g_strv_length (words) < 3 ||
          !g_regex_match_simple ("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$", words[0], 0, 0) ||
          words[1][0] != '/')
        continue;  /* the banner, a warning */

      request = g_new0 (BenchRequest, 1);
      request->method = g_strdup (words[0]);
      if ((query = strchr (words[1], '?')) != NULL)
        *query = '\0';
      request->path = g_strdup (words[1]);
      /* The status is the first number after the arrow (whatever the
       * locale made of it); "closed" has none. */
      for (guint w = 2; words[w] != NULL; w++)
        if (words[w][0] != '\0' && strspn (words[w], "0123456789") == strlen (words[w]))
          {
            request->status = atoi (words[w]);
            break;
          }
      g_ptr_array_add (requests, request);
    }

  return requests;
}

guint
bench_count_requests (GPtrArray  *requests,
                      const char *method,
                      const char *path_suffix)
{
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      BenchRequest *request = requests->pdata[i];

      if ((method == NULL || g_str_equal (request->method, method)) &&
          (path_suffix == NULL || g_str_has_suffix (request->path, path_suffix)))
        n++;
    }

  return n;
}

gboolean
bench_get_mal_tokens (const char  *client_id,
                      const char  *redirect_uri,
                      char       **access_token,
                      char       **refresh_token,
                      GError     **error)
{
  const char *auth_url = g_getenv ("KEIKA_MAL_AUTH_URL");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) authorize = NULL;
  g_autoptr(SoupMessage) token = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GUri) location = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *redirect = g_uri_escape_string (redirect_uri, NULL, FALSE);
  g_autofree char *uri = NULL;
  g_autofree char *text = NULL;
  const char *target;
  const char *code = NULL;
  JsonObject *object;
  GString *v = g_string_new (NULL);

  for (guint i = 0; i < 64; i++)
    g_string_append_c (v, "abcdefghijklmnopqrstuvwxyz0123456789"[g_random_int_range (0, 36)]);
  verifier = g_string_free (v, FALSE);

  uri = g_strdup_printf ("%s/authorize?response_type=code&client_id=%s&code_challenge=%s"
                         "&code_challenge_method=plain&state=bench&redirect_uri=%s",
                         auth_url, client_id, verifier, redirect);
  authorize = soup_message_new ("GET", uri);
  soup_message_add_flags (authorize, SOUP_MESSAGE_NO_REDIRECT);
  if (!(page = soup_session_send_and_read (session, authorize, NULL, error)))
    return FALSE;
  target = soup_message_headers_get_one (soup_message_get_response_headers (authorize), "Location");
  if (target != NULL &&
      (location = g_uri_parse (target, G_URI_FLAGS_ENCODED_QUERY, NULL)) != NULL &&
      g_uri_get_query (location) != NULL &&
      (params = g_uri_parse_params (g_uri_get_query (location), -1, "&", G_URI_PARAMS_NONE, NULL)))
    code = g_hash_table_lookup (params, "code");
  if (code == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The fake's authorize gave no code (%u)",
                   soup_message_get_status (authorize));
      return FALSE;
    }

  g_free (uri);
  uri = g_strdup_printf ("%s/token", auth_url);
  token = soup_message_new_from_encoded_form ("POST", uri,
                                              soup_form_encode ("grant_type", "authorization_code",
                                                                "client_id", client_id,
                                                                "code", code,
                                                                "code_verifier", verifier,
                                                                "redirect_uri", redirect_uri,
                                                                NULL));
  if (!(answer = soup_session_send_and_read (session, token, NULL, error)))
    return FALSE;
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  root = json_from_string (text, NULL);
  if (soup_message_get_status (token) != 200 || root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The fake's token endpoint said %u: %s",
                   soup_message_get_status (token), text);
      return FALSE;
    }
  object = json_node_get_object (root);
  *access_token = g_strdup (json_object_get_string_member_with_default (object, "access_token", NULL));
  *refresh_token = g_strdup (json_object_get_string_member_with_default (object, "refresh_token", NULL));

  return *access_token != NULL && *refresh_token != NULL;
}

/* Measures */

double
bench_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

double
bench_thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

long
bench_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, field)))
    return 0;
  return strtol (line + strlen (field), NULL, 10);
}

gboolean
bench_reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (file == NULL)
    return FALSE;
  ok = fputs ("5", file) >= 0;
  return fclose (file) == 0 && ok;
}

static gboolean
tick_cb (gpointer user_data)
{
  BenchTicker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();
  double cpu = bench_thread_cpu_seconds ();

  ticker->worst = MAX (ticker->worst, now - ticker->last);
  ticker->last = now;
  ticker->worst_cpu = MAX (ticker->worst_cpu, cpu - ticker->last_cpu);
  ticker->last_cpu = cpu;
  if (ticker->sample_rss)
    ticker->peak_kb = MAX (ticker->peak_kb, bench_status_kb ("VmRSS:"));
  return G_SOURCE_CONTINUE;
}

void
bench_ticker_start (BenchTicker *ticker,
                    long         idle_kb)
{
  memset (ticker, 0, sizeof *ticker);
  ticker->sample_rss = !bench_reset_peak_rss ();
  ticker->peak_kb = idle_kb;
  ticker->last = g_get_monotonic_time ();
  ticker->last_cpu = bench_thread_cpu_seconds ();
  ticker->source = g_timeout_add_full (G_PRIORITY_HIGH, BENCH_TICK_MS, tick_cb, ticker, NULL);
}

long
bench_ticker_stop (BenchTicker *ticker)
{
  tick_cb (ticker);
  g_source_remove (ticker->source);
  ticker->source = 0;

  return ticker->sample_rss ? ticker->peak_kb : bench_status_kb ("VmHWM:");
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

void
bench_summarise (GArray     *runs,
                 gsize       offset,
                 const char *name,
                 const char *unit,
                 const char *target)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  guint size = g_array_get_element_size (runs);

  g_assert (offset + sizeof (double) <= size);
  for (guint i = 0; i < runs->len; i++)
    {
      double value;

      memcpy (&value, runs->data + (gsize) i * size + offset, sizeof value);
      g_array_append_val (values, value);
    }
  g_array_sort (values, compare_doubles);
  g_test_message ("    %-36s median %8.3f %-2s  best %8.3f  worst %8.3f   %s", name,
                  g_array_index (values, double, values->len / 2), unit,
                  g_array_index (values, double, 0),
                  g_array_index (values, double, values->len - 1), target);
}

static GLogFunc test_log_handler;

static void
quiet_log_handler (const char     *log_domain,
                   GLogLevelFlags  log_level,
                   const char     *message,
                   gpointer        user_data)
{
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return;
  test_log_handler (log_domain, log_level, message, user_data);
}

void
bench_quiet_debug_messages (void)
{
  if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
    test_log_handler = g_log_set_default_handler (quiet_log_handler, NULL);
}
