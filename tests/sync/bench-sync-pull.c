/* bench-sync-pull.c — the sync engine against the fake MyAnimeList in its own process
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The targets (the performance issue):
 *   a full pull of a 10,000-entry list (about 6 MB of JSON), no added latency:
 *     exactly 10 list requests; at most 0.5 s of CPU in Keika for parse, merge
 *     and store; the main loop never stalls for more than 50 ms; at most
 *     60 MB peak memory above idle;
 *   an incremental pull when nothing changed: 1 request;
 *   a push of 100 edits: 100 requests, none repeated.
 *
 * The fake runs as a separate program (KEIKA_FAKE_SITES_BIN, the
 * keika-fake-sites of tests/fake-sites) so that serving 6 MB of JSON is not
 * counted as Keika's CPU: getrusage (RUSAGE_SELF) over an operation is all of
 * this process (main thread, JSON parse and merge workers, GLib's threads)
 * and nothing else. Requests are counted from the fake's --verbose log (its
 * stderr, one line per answer, written before the answer is sent).
 *
 * The main loop: a G_PRIORITY_HIGH tick every 5 ms records the longest gap
 * between two ticks and the most CPU the main thread used between two (the
 * gap also holds time the thread was not scheduled on a busy machine).
 * Memory: VmHWM, reset through /proc/self/clear_refs, against VmRSS just
 * before (after malloc_trim); sampled VmRSS where the reset is refused.
 *
 * Counts that miss their target fail the benchmark; times and memory are
 * printed only (the machine may be busy), per run and as median, best and
 * worst. KEIKA_BENCH_RUNS sets the runs of each operation (default 3); each
 * full pull goes into a new, empty store.
 */

#define G_LOG_DOMAIN "KeikaSyncBench"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "keika-mal-site-private.h"
#include "keika-net.h"
#include "keika-sync-engine.h"
#include "test-util.h"

#define N_ENTRIES      10000
#define N_PAGES        10     /* of LIST_PAGE_SIZE 1000 in keika-mal-site.c */
#define N_EDITS        100
#define USER           "KeikaBench"
#define CLIENT_ID      "b3c4e5f60718293a4b5c6d7e8f901234"
#define REDIRECT_URI   "http://127.0.0.1:9/callback"
#define LIST_PATH      "/users/@me/animelist"
#define TICK_MS        5

/* The fake program */

typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *log_path;   /* its stderr: the --verbose request log */
  gsize        log_read;   /* bytes of the log already taken */
} Fake;

/* One line of the fake's request log: "GET /mal/api/v2/users/@me/animelist?… → 200". */
typedef struct
{
  char  *method;
  char  *path;    /* without the query */
  guint  status;  /* 0: closed with no answer */
} LoggedRequest;

static void
logged_request_free (LoggedRequest *request)
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

/* Starts the fake with @N_ENTRIES entries and sets the KEIKA_* variables it
 * prints (KEIKA_MAL_API_URL, …) in this process. */
static gboolean
fake_start (Fake     *fake,
            GError  **error)
{
  const char *bin = g_getenv ("KEIKA_FAKE_SITES_BIN");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *entries = g_strdup_printf ("%u", N_ENTRIES);
  GPollableInputStream *stdout_pipe;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean eof = FALSE;
  gboolean ready = FALSE;
  const char *latency;
  g_autofree char *slow = NULL;

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

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, fake->log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* KEIKA_BENCH_LATENCY_MS: every list page answered that much later, as
   * a distant server would. */
  latency = g_getenv ("KEIKA_BENCH_LATENCY_MS");
  if (latency != NULL && atoi (latency) > 0)
    slow = g_strdup_printf ("mal:/users/*/animelist:slow=%d:forever", atoi (latency));
  fake->process = g_subprocess_launcher_spawn (launcher, error, bin,
                                               "--entries", entries, "--seed", "42",
                                               "--mal-user", USER,
                                               "--mal-client-id", CLIENT_ID,
                                               "--verbose",
                                               slow != NULL ? "--fault" : NULL, slow, NULL);
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

static void
fake_stop (Fake *fake)
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

/* The requests the fake answered since the last call.
 * (element-type LoggedRequest) */
static GPtrArray *
fake_take_requests (Fake *fake)
{
  GPtrArray *requests = g_ptr_array_new_with_free_func ((GDestroyNotify) logged_request_free);
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
      LoggedRequest *request;
      char *query;

      if (g_strv_length (words) < 3 ||
          !g_regex_match_simple ("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$", words[0], 0, 0) ||
          words[1][0] != '/')
        continue;  /* the banner, a warning */

      request = g_new0 (LoggedRequest, 1);
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

static guint
count_requests (GPtrArray  *requests,
                const char *method,
                const char *path_suffix)
{
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      LoggedRequest *request = requests->pdata[i];

      if ((method == NULL || g_str_equal (request->method, method)) &&
          (path_suffix == NULL || g_str_has_suffix (request->path, path_suffix)))
        n++;
    }

  return n;
}

/* Sign-in, as a browser and Keika would do it, but outside what is measured
 * and without the keyring: authorize (PKCE plain), then the token. Blocking
 * calls on a session of its own: nothing else runs yet. */
static gboolean
get_tokens (char   **access_token,
            char   **refresh_token,
            GError **error)
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
  g_autofree char *redirect = g_uri_escape_string (REDIRECT_URI, NULL, FALSE);
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
                         auth_url, CLIENT_ID, verifier, redirect);
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
                                                                "client_id", CLIENT_ID,
                                                                "code", code,
                                                                "code_verifier", verifier,
                                                                "redirect_uri", REDIRECT_URI,
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

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double
main_thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, field)))
    return 0;
  return strtol (line + strlen (field), NULL, 10);
}

/* Sets VmHWM back to the current RSS; FALSE where the kernel does not allow it. */
static gboolean
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (file == NULL)
    return FALSE;
  ok = fputs ("5", file) >= 0;
  return fclose (file) == 0 && ok;
}

/* A high-priority tick every TICK_MS on the main loop. The gap between two
 * ticks is how long the loop could not answer (on a busy machine that
 * includes time the thread was not scheduled); the main thread's CPU time
 * between two ticks is the work that held the loop. */
typedef struct
{
  gint64   last;
  gint64   worst;      /* µs between two ticks */
  double   last_cpu;
  double   worst_cpu;  /* s of main-thread CPU between two ticks */
  gboolean sample_rss;
  long     peak_kb;
} Ticker;

static gboolean
tick_cb (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();
  double cpu = main_thread_cpu_seconds ();

  ticker->worst = MAX (ticker->worst, now - ticker->last);
  ticker->last = now;
  ticker->worst_cpu = MAX (ticker->worst_cpu, cpu - ticker->last_cpu);
  ticker->last_cpu = cpu;
  if (ticker->sample_rss)
    ticker->peak_kb = MAX (ticker->peak_kb, status_kb ("VmRSS:"));
  return G_SOURCE_CONTINUE;
}

/* The benchmark */

typedef struct
{
  Fake             fake;
  KeikaHttpClient *client;
  KeikaMalSite    *site;
} Bench;

typedef struct
{
  char            *dir;
  char            *path;
  KeikaStore      *store;
  KeikaLibrary    *library;
  KeikaProfile    *profile;
  KeikaSyncEngine *engine;
} Local;

static void
local_open (Bench *bench,
            Local *local)
{
  g_autoptr(GError) error = NULL;

  local->dir = g_dir_make_tmp ("keika-bench-sync-store-XXXXXX", &error);
  g_assert_no_error (error);
  local->path = g_build_filename (local->dir, "keika.db", NULL);
  local->store = keika_store_open (local->path, &error);
  g_assert_no_error (error);
  local->library = keika_library_new ();
  g_assert_true (keika_store_load_library (local->store, local->library, &error));
  local->profile = keika_profile_new (KEIKA_SITE_MAL, USER);
  keika_profile_set_claimed (local->profile, TRUE);
  g_assert_true (keika_store_add_profile (local->store, local->profile, &error));
  g_assert_no_error (error);
  local->engine = keika_sync_engine_new (local->store, local->library, local->profile,
                                         KEIKA_SITE_SERVICE (bench->site));
}

static void
local_close (Local *local)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&local->engine);
  g_clear_object (&local->profile);
  g_clear_object (&local->library);
  g_clear_object (&local->store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (local->path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (local->dir);
  g_clear_pointer (&local->path, g_free);
  g_clear_pointer (&local->dir, g_free);
}

typedef struct
{
  double wall_ms;
  double cpu_s;        /* the whole process: every thread */
  double cpu_main_s;   /* the main thread alone */
  double cpu_fetch_s;  /* of cpu_s: until the last page was received and parsed */
  double stall_ms;     /* the longest gap between two ticks of TICK_MS */
  double busy_ms;      /* the most main-thread CPU between two ticks */
  double peak_mb;      /* above idle */
  guint  n_requests;   /* all requests the fake answered */
  guint  n_list;       /* GET …/animelist */
  guint  n_bad;        /* answers other than 200 */
} Figures;

typedef enum
{
  OP_FULL_PULL,
  OP_PULL,
  OP_PUSH,
} Operation;

static void
received_cb (KeikaSyncEngine *engine,
             guint            done,
             guint            total,
             gpointer         user_data)
{
  double *cpu_at_last_page = user_data;

  /* total 0: a page was received (the merge then reports done = total,
   * which is 0 = 0 when nothing came). */
  if (total == 0 && done > 0)
    *cpu_at_last_page = cpu_seconds ();
}

/* One pull or push, measured. @requests: (out) what the fake answered. */
static gboolean
measure (Bench       *bench,
         Local       *local,
         Operation    op,
         Figures     *figures,
         GPtrArray  **requests,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) before = NULL;
  Ticker ticker = { 0, };
  double cpu, cpu_main, cpu_at_last_page = 0;
  long idle_kb, peak_kb;
  gulong handler;
  gboolean ok;
  gint64 wall;
  guint tick;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  before = fake_take_requests (&bench->fake);

#ifdef __GLIBC__
  /* What earlier runs freed goes back to the system: "idle" is idle. */
  malloc_trim (0);
#endif
  idle_kb = status_kb ("VmRSS:");
  ticker.sample_rss = !reset_peak_rss ();
  ticker.peak_kb = idle_kb;
  ticker.last = g_get_monotonic_time ();
  ticker.last_cpu = main_thread_cpu_seconds ();
  tick = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, tick_cb, &ticker, NULL);

  handler = g_signal_connect (local->engine, "progress", G_CALLBACK (received_cb),
                              &cpu_at_last_page);
  cpu = cpu_seconds ();
  cpu_main = main_thread_cpu_seconds ();
  wall = g_get_monotonic_time ();
  if (op == OP_PUSH)
    {
      keika_sync_engine_push_async (local->engine, NULL, test_store_result_cb, &result);
      ok = keika_sync_engine_push_finish (local->engine, test_wait_for (&result), NULL, NULL, error);
    }
  else
    {
      keika_sync_engine_pull_async (local->engine, op == OP_FULL_PULL, NULL, test_store_result_cb,
                                    &result);
      ok = keika_sync_engine_pull_finish (local->engine, test_wait_for (&result), error);
    }
  wall = g_get_monotonic_time () - wall;
  cpu_main = main_thread_cpu_seconds () - cpu_main;
  figures->cpu_fetch_s = cpu_at_last_page > 0 ? cpu_at_last_page - cpu : 0;
  cpu = cpu_seconds () - cpu;
  g_signal_handler_disconnect (local->engine, handler);
  tick_cb (&ticker);
  g_source_remove (tick);

  peak_kb = ticker.sample_rss ? ticker.peak_kb : status_kb ("VmHWM:");
  *requests = fake_take_requests (&bench->fake);

  figures->wall_ms = wall / 1e3;
  figures->cpu_s = cpu;
  figures->cpu_main_s = cpu_main;
  figures->stall_ms = ticker.worst / 1e3;
  figures->busy_ms = ticker.worst_cpu * 1e3;
  figures->peak_mb = (peak_kb - idle_kb) / 1024.0;
  figures->n_requests = (*requests)->len;
  figures->n_list = count_requests (*requests, "GET", LIST_PATH);
  figures->n_bad = 0;
  for (guint i = 0; i < (*requests)->len; i++)
    if (((LoggedRequest *) (*requests)->pdata[i])->status != 200)
      figures->n_bad++;

  return ok;
}

static void
print_figures (const char    *what,
               const Figures *figures)
{
  g_autofree char *fetch = NULL;

  if (figures->cpu_fetch_s > 0)
    fetch = g_strdup_printf ("; %.3f s until the last page was in", figures->cpu_fetch_s);
  g_test_message ("  %s: %u requests (%u list, %u not 200), %.0f ms wall, %.3f s CPU "
                  "(main thread %.3f s%s), longest main-loop gap %.1f ms (busy %.1f ms), "
                  "peak %.1f MB above idle", what, figures->n_requests, figures->n_list,
                  figures->n_bad, figures->wall_ms, figures->cpu_s, figures->cpu_main_s,
                  fetch != NULL ? fetch : "", figures->stall_ms, figures->busy_ms,
                  figures->peak_mb);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Median, best (lowest) and worst of one figure over the runs. */
static void
summarise (GArray     *runs,
           gsize       offset,
           const char *name,
           const char *unit,
           const char *target)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < runs->len; i++)
    {
      const char *figures = (const char *) &g_array_index (runs, Figures, i);
      double value = *(const double *) (figures + offset);

      g_array_append_val (values, value);
    }
  g_array_sort (values, compare_doubles);
  g_test_message ("    %-36s median %8.3f %-2s  best %8.3f  worst %8.3f   %s", name,
                  g_array_index (values, double, values->len / 2), unit,
                  g_array_index (values, double, 0),
                  g_array_index (values, double, values->len - 1), target);
}

static void
summarise_all (const char *what,
               GArray     *runs,
               gboolean    pages,
               const char *cpu_target,
               const char *stall_target,
               const char *peak_target)
{
  g_test_message ("  %s, %u runs:", what, runs->len);
  summarise (runs, G_STRUCT_OFFSET (Figures, cpu_s), "CPU in Keika (all threads)", "s", cpu_target);
  summarise (runs, G_STRUCT_OFFSET (Figures, cpu_main_s), "CPU of the main thread", "s", "");
  if (pages)
    summarise (runs, G_STRUCT_OFFSET (Figures, cpu_fetch_s), "CPU until the last page was in", "s",
               "(fetch and parse; the rest is merge and store)");
  summarise (runs, G_STRUCT_OFFSET (Figures, stall_ms), "longest main-loop gap", "ms", stall_target);
  summarise (runs, G_STRUCT_OFFSET (Figures, busy_ms), "most main-thread CPU between ticks", "ms",
             "(the loop's own work in a gap)");
  summarise (runs, G_STRUCT_OFFSET (Figures, peak_mb), "peak memory above idle", "MB", peak_target);
  summarise (runs, G_STRUCT_OFFSET (Figures, wall_ms), "wall time", "ms", "");
}

static void
check_count (const char *what,
             guint       got,
             guint       want)
{
  if (got == want)
    return;
  g_test_message ("MISSED: %s: %u, the target is %u", what, got, want);
  g_test_fail ();
}

static void
bench_pull (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) full_runs = g_array_new (FALSE, TRUE, sizeof (Figures));
  g_autoptr(GArray) incremental_runs = g_array_new (FALSE, TRUE, sizeof (Figures));
  g_autoptr(GArray) push_runs = g_array_new (FALSE, TRUE, sizeof (Figures));
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  const char *runs_text = g_getenv ("KEIKA_BENCH_RUNS");
  guint n_runs = runs_text != NULL ? MAX (atoi (runs_text), 1) : 3;
  Bench bench = { { 0, }, };
  Local local = { 0, };

  if (!fake_start (&bench.fake, &error))
    {
      fake_stop (&bench.fake);
      g_test_skip (error->message);
      return;
    }
  g_test_message ("keika-fake-sites (pid %s) at %s", g_subprocess_get_identifier (bench.fake.process),
                  g_getenv ("KEIKA_MAL_API_URL"));

  if (!get_tokens (&access, &refresh, &error))
    {
      fake_stop (&bench.fake);
      g_error ("Signing in to the fake: %s", error->message);
    }

  /* As the application makes them, but the URLs come from the environment
   * (KEIKA_MAL_API_URL, KEIKA_MAL_AUTH_URL) and the tokens are in memory. */
  bench.client = keika_http_client_new ();
  bench.site = g_object_new (KEIKA_TYPE_MAL_SITE,
                             "client-id", CLIENT_ID,
                             "redirect-port", 0,
                             "http-client", bench.client,
                             NULL);
  g_assert_cmpstr (keika_mal_site_get_api_url (bench.site), ==, g_getenv ("KEIKA_MAL_API_URL"));
  keika_mal_site_set_tokens (bench.site, access, refresh,
                             g_get_real_time () / G_USEC_PER_SEC + 3600);

  g_test_message ("Keika against keika-fake-sites in another process, %u entries; "
                  "%u runs of each (KEIKA_BENCH_RUNS):", N_ENTRIES, n_runs);

  /* Full pulls, each into an empty library. */
  for (guint run = 0; run < n_runs; run++)
    {
      g_autoptr(GPtrArray) requests = NULL;
      g_autofree char *what = g_strdup_printf ("full pull %u", run + 1);
      Figures figures = { 0, };

      if (run > 0)
        local_close (&local);
      local_open (&bench, &local);
      if (!measure (&bench, &local, OP_FULL_PULL, &figures, &requests, &error))
        g_error ("The full pull failed: %s", error->message);
      g_array_append_val (full_runs, figures);
      print_figures (what, &figures);
      check_count ("list requests of a full pull", figures.n_list, N_PAGES);
      check_count ("requests of a full pull", figures.n_requests, N_PAGES);
      check_count ("failed requests of a full pull", figures.n_bad, 0);
      check_count ("entries after a full pull",
                   g_list_model_get_n_items (G_LIST_MODEL (local.library)), N_ENTRIES);
    }

  /* Nothing changed since: one request. */
  for (guint run = 0; run < n_runs; run++)
    {
      g_autoptr(GPtrArray) requests = NULL;
      g_autofree char *what = g_strdup_printf ("incremental pull %u, nothing changed", run + 1);
      Figures figures = { 0, };

      if (!measure (&bench, &local, OP_PULL, &figures, &requests, &error))
        g_error ("The incremental pull failed: %s", error->message);
      g_array_append_val (incremental_runs, figures);
      print_figures (what, &figures);
      check_count ("requests of an incremental pull with nothing changed", figures.n_requests, 1);
    }

  /* 100 edits: 100 requests, none repeated. */
  for (guint run = 0; run < n_runs; run++)
    {
      g_autoptr(GPtrArray) requests = NULL;
      g_autoptr(GHashTable) paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree char *what = g_strdup_printf ("push %u of %u edits", run + 1, N_EDITS);
      Figures figures = { 0, };

      for (guint i = 0; i < N_EDITS; i++)
        {
          g_autoptr(KeikaListEntry) entry = g_list_model_get_item (G_LIST_MODEL (local.library),
                                                                   i * 97 + run);
          g_autofree char *notes = g_strdup_printf ("bench edit %u of run %u", i, run);

          keika_list_entry_set_notes (entry, notes);
          keika_list_entry_touch (entry);
          g_assert_true (keika_store_save_entry (local.store, entry, &error));
          g_assert_no_error (error);
        }
      check_count ("journal rows after 100 edits", keika_store_count_journal (local.store, NULL),
                   N_EDITS);

      if (!measure (&bench, &local, OP_PUSH, &figures, &requests, &error))
        g_error ("The push failed: %s", error->message);
      g_array_append_val (push_runs, figures);
      print_figures (what, &figures);
      for (guint i = 0; i < requests->len; i++)
        {
          LoggedRequest *request = requests->pdata[i];
          g_autofree char *key = g_strconcat (request->method, " ", request->path, NULL);

          if (!g_hash_table_add (paths, g_steal_pointer (&key)))
            g_test_message ("    repeated: %s %s", request->method, request->path);
        }
      check_count ("requests of a push of 100 edits", figures.n_requests, N_EDITS);
      check_count ("PATCH .../my_list_status requests of a push of 100 edits",
                   count_requests (requests, "PATCH", "/my_list_status"), N_EDITS);
      check_count ("distinct requests of a push of 100 edits", g_hash_table_size (paths), N_EDITS);
      check_count ("failed requests of a push", figures.n_bad, 0);
      check_count ("journal rows after the push", keika_store_count_journal (local.store, NULL), 0);
    }

  g_test_message ("Summary (targets: full pull 10 requests, <= 0.5 s CPU, main loop never held "
                  "> 50 ms, <= 60 MB above idle; incremental 1 request; push 100 requests, none "
                  "repeated):");
  summarise_all ("full pull", full_runs, TRUE, "<= 0.5 s", "<= 50 ms (tick " G_STRINGIFY (TICK_MS) " ms)",
                 "<= 60 MB");
  g_test_message ("    (memory: freed memory is trimmed before each run, but a later run may "
                  "still reuse what the allocator kept; the first run is the cold one)");
  summarise_all ("incremental pull, nothing changed", incremental_runs, FALSE, "", "", "");
  summarise_all ("push of 100 edits", push_runs, FALSE, "", "", "");

  local_close (&local);
  g_clear_object (&bench.site);
  g_clear_object (&bench.client);
  fake_stop (&bench.fake);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* GTest's log handler prints every debug message; writing them (lines per
   * request and per connection) would be counted as Keika's CPU. */
  if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
    test_log_handler = g_log_set_default_handler (quiet_log_handler, NULL);

  g_test_add_func ("/sync/bench/pull-10000", bench_pull);

  return g_test_run ();
}
