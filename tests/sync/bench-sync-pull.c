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

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <glib/gstdio.h>

#include "bench-util.h"
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

/* The benchmark */

typedef struct
{
  BenchFake        fake;
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

/* Starts the fake with @N_ENTRIES entries for USER. */
static gboolean
fake_start (Bench   *bench,
            GError **error)
{
  g_autofree char *entries = g_strdup_printf ("%u", N_ENTRIES);
  g_autofree char *slow = NULL;
  const char *latency;

  /* KEIKA_BENCH_LATENCY_MS: every list page answered that much later, as
   * a distant server would. */
  latency = g_getenv ("KEIKA_BENCH_LATENCY_MS");
  if (latency != NULL && atoi (latency) > 0)
    slow = g_strdup_printf ("mal:/users/*/animelist:slow=%d:forever", atoi (latency));

  return bench_fake_start (&bench->fake,
                           (const char * const []) {
                             "--entries", entries, "--seed", "42",
                             "--mal-user", USER,
                             "--mal-client-id", CLIENT_ID,
                             slow != NULL ? "--fault" : NULL, slow, NULL,
                           }, error);
}

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
    *cpu_at_last_page = bench_cpu_seconds ();
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
  BenchTicker ticker;
  double cpu, cpu_main, cpu_at_last_page = 0;
  long idle_kb, peak_kb;
  gulong handler;
  gboolean ok;
  gint64 wall;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  before = bench_fake_take_requests (&bench->fake);

#ifdef __GLIBC__
  /* What earlier runs freed goes back to the system: "idle" is idle. */
  malloc_trim (0);
#endif
  idle_kb = bench_status_kb ("VmRSS:");
  bench_ticker_start (&ticker, idle_kb);

  handler = g_signal_connect (local->engine, "progress", G_CALLBACK (received_cb),
                              &cpu_at_last_page);
  cpu = bench_cpu_seconds ();
  cpu_main = bench_thread_cpu_seconds ();
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
  cpu_main = bench_thread_cpu_seconds () - cpu_main;
  figures->cpu_fetch_s = cpu_at_last_page > 0 ? cpu_at_last_page - cpu : 0;
  cpu = bench_cpu_seconds () - cpu;
  g_signal_handler_disconnect (local->engine, handler);
  peak_kb = bench_ticker_stop (&ticker);
  *requests = bench_fake_take_requests (&bench->fake);

  figures->wall_ms = wall / 1e3;
  figures->cpu_s = cpu;
  figures->cpu_main_s = cpu_main;
  figures->stall_ms = ticker.worst / 1e3;
  figures->busy_ms = ticker.worst_cpu * 1e3;
  figures->peak_mb = (peak_kb - idle_kb) / 1024.0;
  figures->n_requests = (*requests)->len;
  figures->n_list = bench_count_requests (*requests, "GET", LIST_PATH);
  figures->n_bad = 0;
  for (guint i = 0; i < (*requests)->len; i++)
    if (((BenchRequest *) (*requests)->pdata[i])->status != 200)
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

static void
summarise_all (const char *what,
               GArray     *runs,
               gboolean    pages,
               const char *cpu_target,
               const char *stall_target,
               const char *peak_target)
{
  g_test_message ("  %s, %u runs:", what, runs->len);
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, cpu_s), "CPU in Keika (all threads)", "s", cpu_target);
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, cpu_main_s), "CPU of the main thread", "s", "");
  if (pages)
    bench_summarise (runs, G_STRUCT_OFFSET (Figures, cpu_fetch_s), "CPU until the last page was in", "s",
               "(fetch and parse; the rest is merge and store)");
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, stall_ms), "longest main-loop gap", "ms", stall_target);
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, busy_ms), "most main-thread CPU between ticks", "ms",
             "(the loop's own work in a gap)");
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, peak_mb), "peak memory above idle", "MB", peak_target);
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, wall_ms), "wall time", "ms", "");
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

  if (!fake_start (&bench, &error))
    {
      bench_fake_stop (&bench.fake);
      g_test_skip (error->message);
      return;
    }
  g_test_message ("keika-fake-sites (pid %s) at %s", g_subprocess_get_identifier (bench.fake.process),
                  g_getenv ("KEIKA_MAL_API_URL"));

  if (!bench_get_mal_tokens (CLIENT_ID, REDIRECT_URI, &access, &refresh, &error))
    {
      bench_fake_stop (&bench.fake);
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
  keika_site_base_set_tokens (KEIKA_SITE_BASE (bench.site), access, refresh,
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
          BenchRequest *request = requests->pdata[i];
          g_autofree char *key = g_strconcat (request->method, " ", request->path, NULL);

          if (!g_hash_table_add (paths, g_steal_pointer (&key)))
            g_test_message ("    repeated: %s %s", request->method, request->path);
        }
      check_count ("requests of a push of 100 edits", figures.n_requests, N_EDITS);
      check_count ("PATCH .../my_list_status requests of a push of 100 edits",
                   bench_count_requests (requests, "PATCH", "/my_list_status"), N_EDITS);
      check_count ("distinct requests of a push of 100 edits", g_hash_table_size (paths), N_EDITS);
      check_count ("failed requests of a push", figures.n_bad, 0);
      check_count ("journal rows after the push", keika_store_count_journal (local.store, NULL), 0);
    }

  g_test_message ("Summary (targets: full pull 10 requests, <= 0.5 s CPU, main loop never held "
                  "> 50 ms, <= 60 MB above idle; incremental 1 request; push 100 requests, none "
                  "repeated):");
  summarise_all ("full pull", full_runs, TRUE, "<= 0.5 s", "<= 50 ms (tick " G_STRINGIFY (BENCH_TICK_MS) " ms)",
                 "<= 60 MB");
  g_test_message ("    (memory: freed memory is trimmed before each run, but a later run may "
                  "still reuse what the allocator kept; the first run is the cold one)");
  summarise_all ("incremental pull, nothing changed", incremental_runs, FALSE, "", "", "");
  summarise_all ("push of 100 edits", push_runs, FALSE, "", "", "");

  local_close (&local);
  g_clear_object (&bench.site);
  g_clear_object (&bench.client);
  bench_fake_stop (&bench.fake);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* GTest's log handler prints every debug message; writing them (lines per
   * request and per connection) would be counted as Keika's CPU. */
  bench_quiet_debug_messages ();

  g_test_add_func ("/sync/bench/pull-10000", bench_pull);

  return g_test_run ();
}
