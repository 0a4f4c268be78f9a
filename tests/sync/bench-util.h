/* bench-util.h — what the sync benchmarks share: the fake sites as a
 * program of their own, their request log, and the measures
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The fake program (KEIKA_FAKE_SITES_BIN, the keika-fake-sites of
 * tests/fake-sites), run apart so that serving megabytes of JSON is not
 * counted as Keika's CPU. */
typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *log_path;   /* its stderr: the --verbose request log */
  gsize        log_read;   /* bytes of the log already taken */
} BenchFake;

/* One line of the fake's request log: "GET /mal/api/v2/users/@me/animelist?… → 200". */
typedef struct
{
  char  *method;
  char  *path;    /* without the query */
  guint  status;  /* 0: closed with no answer */
} BenchRequest;

void       bench_request_free      (BenchRequest  *request);

/* Starts the fake with --verbose and @args (NULL-terminated, NULLs
 * allowed only at the end) and sets the KEIKA_* variables it prints
 * (KEIKA_MAL_API_URL, …) in this process. */
gboolean   bench_fake_start        (BenchFake           *fake,
                                    const char * const  *args,
                                    GError             **error);
void       bench_fake_stop         (BenchFake           *fake);
/* The requests the fake answered since the last call.
 * (transfer full) (element-type BenchRequest) */
GPtrArray *bench_fake_take_requests (BenchFake          *fake);
/* Of @requests, those of @method (NULL: any) whose path ends with
 * @path_suffix (NULL: any). */
guint      bench_count_requests    (GPtrArray           *requests,
                                    const char          *method,
                                    const char          *path_suffix);

/* MyAnimeList's sign-in as a browser and Keika would do it, but with
 * blocking calls on a session of its own (nothing else runs yet) and
 * without the keyring: authorize (PKCE plain) at KEIKA_MAL_AUTH_URL, then
 * the token. */
gboolean   bench_get_mal_tokens    (const char          *client_id,
                                    const char          *redirect_uri,
                                    char               **access_token,
                                    char               **refresh_token,
                                    GError             **error);

/* Measures */

/* CPU of the whole process (every thread), user and system, in seconds. */
double     bench_cpu_seconds       (void);
/* CPU of the calling thread, in seconds. */
double     bench_thread_cpu_seconds (void);
/* A "VmRSS:"-like field of /proc/self/status, in kB (0 when unknown). */
long       bench_status_kb         (const char          *field);
/* Sets VmHWM back to the current RSS; FALSE where the kernel does not allow it. */
gboolean   bench_reset_peak_rss    (void);

/* A G_PRIORITY_HIGH tick every BENCH_TICK_MS on the main loop. The gap
 * between two ticks is how long the loop could not answer (on a busy
 * machine that includes time the thread was not scheduled); the main
 * thread's CPU time between two ticks is the work that held the loop. */
#define BENCH_TICK_MS 5

typedef struct
{
  gint64   last;
  gint64   worst;      /* µs between two ticks */
  double   last_cpu;
  double   worst_cpu;  /* s of main-thread CPU between two ticks */
  gboolean sample_rss;
  long     peak_kb;
  guint    source;
} BenchTicker;

/* Starts the tick with @idle_kb as the memory at rest; resets VmHWM, or
 * samples VmRSS at each tick where that is refused. */
void       bench_ticker_start      (BenchTicker         *ticker,
                                    long                 idle_kb);
/* Takes a last tick and stops; returns the peak memory in kB. */
long       bench_ticker_stop       (BenchTicker         *ticker);

/* Median, best (lowest) and worst over @runs (an array of any struct) of
 * the double at @offset in each element, as one g_test_message() line. */
void       bench_summarise         (GArray              *runs,
                                    gsize                offset,
                                    const char          *name,
                                    const char          *unit,
                                    const char          *target);

/* Keeps GTest from printing every debug message (lines per request and per
 * connection), which would be counted as Keika's CPU, unless
 * G_MESSAGES_DEBUG asks for them. */
void       bench_quiet_debug_messages (void);

G_END_DECLS
