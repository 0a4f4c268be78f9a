/* bench-sites-pull.c — full pulls of MyAnimeList, AniList and Kitsu into one
 * library, against the fake sites in their own process
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The target (the performance issue): 10,000 entries on each of three
 * sites, the fake with no added latency: at most 1.2 s of CPU in Keika in
 * total for the three full pulls (each site reported), no main-loop stall
 * over 50 ms, and requests within each site's published limits.
 *
 * One store and library, three claimed profiles of the same person, who
 * keeps one list on the three sites (the fake's --same-list): 10,000
 * generated AniList entries over the shared catalogue, and the same list on
 * MyAnimeList and Kitsu for the anime they have (9,795 of them: the
 * catalogue leaves one anime in fifty off each), in each site's scale, one
 * entry in twenty changed later on one of the sites. With
 * KEIKA_BENCH_LISTS=different, each site has a list of its own instead
 * (MyAnimeList's over anime the catalogue does not hold, AniList's and
 * Kitsu's mostly the same anime with other values): no person has those,
 * but it is the most a first link can have to merge and record as
 * conflicts (9,327 here). MyAnimeList full, then AniList full,
 * then Kitsu full, each into the same library (the later ones merge into the
 * entries they match by ids), then the three again with nothing changed.
 * Each pull says how many entries it added and merged, and how many sync
 * problems and waiting changes the library then has (an entry one pull adds
 * is queued for the other two claimed profiles: one library mirrored
 * everywhere).
 *
 * Requests: MyAnimeList 10 pages of 1,000, AniList 20 chunks of 500 and
 * Kitsu 20 pages of 500 per full pull, nothing else. AniList keeps Keika's
 * own limit of KEIKA_ANILIST_REQUESTS_PER_MINUTE (the fake enforces 30 a
 * minute too): its pull takes tens of seconds of wall time, which is
 * expected; only CPU counts. Its API is reached as "localhost", the others
 * as 127.0.0.1: Keika keeps rates per host, and on one host AniList's limit
 * would hold the other two sites as well. "Within the published limits": no
 * fake refused a request with 429.
 *
 * Measures as in bench-sync-pull.c (the fake in its own process, so its
 * CPU is not Keika's; getrusage (RUSAGE_SELF) over each pull; a 5 ms tick
 * for the longest main-loop gap; VmHWM for memory). The tick itself costs
 * CPU on every wake-up, which over AniList's long wall time is not
 * negligible: it is measured with the loop idle before the runs and the CPU
 * is also given net of it.
 *
 * Wrong request counts, 429s and failed pulls fail the benchmark; times and
 * memory are printed only (the machine may be busy). KEIKA_BENCH_RUNS
 * repeats the whole (default 1: it takes minutes), each time into a new,
 * empty store.
 */

#define G_LOG_DOMAIN "KeikaSyncBench"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bench-util.h"
#include "keika-anilist-site.h"
#include "keika-fake-anilist.h"
#include "keika-fake-kitsu.h"
#include "keika-kitsu-site.h"
#include "keika-mal-site-private.h"
#include "keika-net.h"
#include "keika-sync-engine.h"
#include "test-util.h"

#define N_ENTRIES      10000
#define N_CATALOG      12000
#define USER           "KeikaBench"
#define CLIENT_ID      "b3c4e5f60718293a4b5c6d7e8f901234"
#define REDIRECT_URI   "http://127.0.0.1:9/callback"
#define CPU_TARGET_S   1.2
#define STALL_TARGET_MS 50

enum { SITE_MAL, SITE_ANILIST, SITE_KITSU, N_SITES };

/* One site of the benchmark. */
typedef struct
{
  const char       *name;
  KeikaSite         kind;
  const char       *prefix;       /* of the fake's paths: "/mal/" */
  const char       *list_method;
  const char       *list_path;    /* the list requests' path (suffix) */
  guint             n_pages;      /* list requests of a full pull */
  KeikaSiteService *service;      /* (owned) */
  char             *account;      /* (owned) the user's id on the site */
} Site;

typedef struct
{
  BenchFake        fake;
  KeikaHttpClient *client;
  Site             sites[N_SITES];
  double           tick_cpu_per_s;  /* CPU the 5 ms tick costs a second of wall time */
  guint            n_429;           /* over the whole benchmark, sign-ins too */
  gboolean         same_list;       /* one person's list on every site (the default) */
  guint            n_mal_entries;   /* on the fake's MyAnimeList list */
} Bench;

typedef struct
{
  char            *dir;
  char            *path;
  KeikaStore      *store;
  KeikaLibrary    *library;
  KeikaProfile    *profiles[N_SITES];
  KeikaSyncEngine *engines[N_SITES];
} Local;

/* Blocking requests on a session of their own, before anything is measured */

static JsonObject *
post_for_json (SoupSession  *session,
               SoupMessage  *msg,
               GError      **error)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (!(answer = soup_session_send_and_read (session, msg, NULL, error)))
    return NULL;
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  root = json_from_string (text, NULL);
  if (soup_message_get_status (msg) != 200 || root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s said %u: %s",
                   g_uri_get_path (soup_message_get_uri (msg)), soup_message_get_status (msg),
                   text);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* AniList: a token through the fake's control path (what the browser's
 * implicit grant would give). */
static char *
get_anilist_token (GError **error)
{
  const char *control = g_getenv ("KEIKA_FAKE_CONTROL_URL");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *uri = NULL;

  if (control == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "The fake printed no KEIKA_FAKE_CONTROL_URL");
      return NULL;
    }
  uri = g_strdup_printf ("%s/anilist/token?user=%s", control, USER);
  msg = soup_message_new ("POST", uri);
  if (!(object = post_for_json (session, msg, error)))
    return NULL;

  return g_strdup (json_object_get_string_member_with_default (object, "access_token", NULL));
}

/* Kitsu: the OAuth password grant, as Keika's sign-in sends it. */
static gboolean
get_kitsu_tokens (char   **access_token,
                  char   **refresh_token,
                  GError **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *uri = g_strdup_printf ("%s/token", g_getenv ("KEIKA_KITSU_AUTH_URL"));

  msg = soup_message_new_from_encoded_form ("POST", uri,
                                            soup_form_encode ("grant_type", "password",
                                                              "username", USER,
                                                              "password", KEIKA_FAKE_KITSU_PASSWORD,
                                                              NULL));
  if (!(object = post_for_json (session, msg, error)))
    return FALSE;
  *access_token = g_strdup (json_object_get_string_member_with_default (object, "access_token", NULL));
  *refresh_token = g_strdup (json_object_get_string_member_with_default (object, "refresh_token", NULL));

  return *access_token != NULL && *refresh_token != NULL;
}

/* Who signed in (the site's user id), as the sign-in asks. */
static char *
get_account (KeikaSiteService  *service,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KeikaProfile) profile = NULL;

  keika_site_service_get_user_async (service, NULL, test_store_result_cb, &result);
  profile = keika_site_service_get_user_finish (service, test_wait_for (&result), error);
  if (profile == NULL)
    return NULL;

  return g_strdup (keika_profile_get_site_user_id (profile));
}

/* The three sites as the application makes them (one HTTP client, AniList
 * at its own rate limit), signed in with tokens in memory. */
static gboolean
sites_open (Bench   *bench,
            GError **error)
{
  g_autofree char *mal_access = NULL;
  g_autofree char *mal_refresh = NULL;
  g_autofree char *anilist_token = NULL;
  g_autofree char *kitsu_access = NULL;
  g_autofree char *kitsu_refresh = NULL;
  gint64 in_an_hour = g_get_real_time () / G_USEC_PER_SEC + 3600;
  KeikaAnilistSite *anilist;
  KeikaKitsuSite *kitsu;
  KeikaMalSite *mal;

  if (!bench_get_mal_tokens (CLIENT_ID, REDIRECT_URI, &mal_access, &mal_refresh, error) ||
      !(anilist_token = get_anilist_token (error)) ||
      !get_kitsu_tokens (&kitsu_access, &kitsu_refresh, error))
    return FALSE;

  bench->client = keika_http_client_new ();

  mal = g_object_new (KEIKA_TYPE_MAL_SITE,
                      "client-id", CLIENT_ID,
                      "redirect-port", 0,
                      "http-client", bench->client,
                      NULL);
  keika_site_base_set_tokens (KEIKA_SITE_BASE (mal), mal_access, mal_refresh, in_an_hour);
  bench->sites[SITE_MAL].service = KEIKA_SITE_SERVICE (mal);

  /* AniList's API by another host name, as it is in life: Keika keeps its
   * rate per host, and AniList's 30 requests a minute must not hold the
   * other sites, which the fake serves on the same 127.0.0.1. */
  {
    const char *url = g_getenv ("KEIKA_ANILIST_API_URL");
    const char *host = strstr (url, "//127.0.0.1:");
    g_autofree char *other = NULL;

    g_assert_nonnull (host);
    other = g_strdup_printf ("%.*s//localhost%s", (int) (host - url), url,
                             host + strlen ("//127.0.0.1"));
    g_setenv ("KEIKA_ANILIST_API_URL", other, TRUE);
  }

  /* Who signed in is asked with the token alone; the account then keeps
   * it (another account forgets the tokens it had). */
  anilist = keika_anilist_site_new (KEIKA_FAKE_ANILIST_CLIENT_ID, NULL);
  keika_site_base_set_http_client (KEIKA_SITE_BASE (anilist), bench->client);
  keika_anilist_site_set_token (anilist, anilist_token);
  bench->sites[SITE_ANILIST].service = KEIKA_SITE_SERVICE (anilist);
  if (!(bench->sites[SITE_ANILIST].account = get_account (KEIKA_SITE_SERVICE (anilist), error)))
    return FALSE;
  keika_site_base_set_account (KEIKA_SITE_BASE (anilist), bench->sites[SITE_ANILIST].account);
  keika_anilist_site_set_token (anilist, anilist_token);

  kitsu = keika_kitsu_site_new (NULL);
  keika_site_base_set_http_client (KEIKA_SITE_BASE (kitsu), bench->client);
  keika_site_base_set_tokens (KEIKA_SITE_BASE (kitsu), kitsu_access, kitsu_refresh, in_an_hour);
  bench->sites[SITE_KITSU].service = KEIKA_SITE_SERVICE (kitsu);
  if (!(bench->sites[SITE_KITSU].account = get_account (KEIKA_SITE_SERVICE (kitsu), error)))
    return FALSE;
  keika_site_base_set_account (KEIKA_SITE_BASE (kitsu), bench->sites[SITE_KITSU].account);
  keika_site_base_set_tokens (KEIKA_SITE_BASE (kitsu), kitsu_access, kitsu_refresh, in_an_hour);

  return TRUE;
}

static void
sites_close (Bench *bench)
{
  for (guint i = 0; i < N_SITES; i++)
    {
      g_clear_object (&bench->sites[i].service);
      g_clear_pointer (&bench->sites[i].account, g_free);
    }
  g_clear_object (&bench->client);
}

/* The fake: the three users with N_ENTRIES each over a catalogue of
 * N_CATALOG, AniList's and Kitsu's limits as they are. */
static gboolean
fake_start (Bench   *bench,
            GError **error)
{
  g_autofree char *entries = g_strdup_printf ("%u", N_ENTRIES);
  g_autofree char *catalog = g_strdup_printf ("%u", N_CATALOG);
  g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *log = NULL;
  const char *banner;
  const char * const common[] = {
    "--seed", "42", "--catalog", catalog, "--control",
    "--mal-user", USER, "--mal-client-id", CLIENT_ID,
    "--anilist-user", USER, "--anilist-entries", entries, "--kitsu-user", USER, NULL,
  };

  g_strv_builder_addv (args, (const char **) common);
  if (bench->same_list)
    g_strv_builder_add (args, "--same-list");
  else
    g_strv_builder_add_many (args, "--entries", entries, "--kitsu-entries", entries, NULL);
  argv = g_strv_builder_end (args);
  if (!bench_fake_start (&bench->fake, (const char * const *) argv, error))
    return FALSE;

  /* How many entries MyAnimeList's list has, from the fake's banner. */
  if (!g_file_get_contents (bench->fake.log_path, &log, NULL, error))
    return FALSE;
  banner = strstr (log, "MyAnimeList user " USER " with ");
  if (banner == NULL ||
      sscanf (banner, "MyAnimeList user " USER " with %u entries", &bench->n_mal_entries) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The fake did not say how many "
                   "MyAnimeList entries it has: %s", log);
      return FALSE;
    }

  return TRUE;
}

/* The store */

static void
local_open (Bench *bench,
            Local *local)
{
  g_autoptr(GError) error = NULL;

  local->dir = g_dir_make_tmp ("keika-bench-sites-store-XXXXXX", &error);
  g_assert_no_error (error);
  local->path = g_build_filename (local->dir, "keika.db", NULL);
  local->store = keika_store_open (local->path, &error);
  g_assert_no_error (error);
  local->library = keika_library_new ();
  g_assert_true (keika_store_load_library (local->store, local->library, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_SITES; i++)
    {
      Site *site = &bench->sites[i];

      local->profiles[i] = keika_profile_new (site->kind, USER);
      keika_profile_set_site_user_id (local->profiles[i], site->account);
      keika_profile_set_claimed (local->profiles[i], TRUE);
      g_assert_true (keika_store_add_profile (local->store, local->profiles[i], &error));
      g_assert_no_error (error);
      local->engines[i] = keika_sync_engine_new (local->store, local->library, local->profiles[i],
                                                 site->service);
    }
}

static void
local_close (Local *local)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < N_SITES; i++)
    {
      g_clear_object (&local->engines[i]);
      g_clear_object (&local->profiles[i]);
    }
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

/* Measures */

typedef struct
{
  double wall_ms;
  double cpu_s;        /* the whole process: every thread */
  double cpu_net_s;    /* cpu_s without what the tick costs over wall_ms */
  double cpu_main_s;   /* the main thread alone */
  double cpu_fetch_s;  /* of cpu_s: until the last page was received and parsed */
  double stall_ms;     /* the longest gap between two ticks */
  double busy_ms;      /* the most main-thread CPU between two ticks */
  double peak_mb;      /* above idle */
  guint  n_requests;   /* every request the fake answered */
  guint  n_site;       /* of them, to this site */
  guint  n_list;       /* of them, list requests */
  guint  n_bad;        /* answers other than 200 */
  guint  n_429;        /* of them, 429 */
  guint  n_entries;    /* in the library after */
  guint  n_added;      /* entries the pull added to the library */
  guint  n_problems;   /* entries with a sync problem after (conflicts kept) */
  guint  n_journal;    /* journal rows waiting after (changes to push) */
} Figures;

/* The three pulls of one round, for the summary. */
typedef struct
{
  double cpu_s;
  double cpu_net_s;
  double stall_ms;
  double wall_ms;
} Totals;

static void
received_cb (KeikaSyncEngine *engine,
             guint            done,
             guint            total,
             gpointer         user_data)
{
  double *cpu_at_last_page = user_data;

  /* total 0: a page was received (the merge then reports done = total). */
  if (total == 0 && done > 0)
    *cpu_at_last_page = bench_cpu_seconds ();
}

/* What the 5 ms tick costs with nothing else to do, per second of wall time. */
static gboolean
quit_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

static double
measure_tick_cost (void)
{
  BenchTicker ticker;
  gboolean done = FALSE;
  double cpu;
  gint64 wall;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  bench_ticker_start (&ticker, bench_status_kb ("VmRSS:"));
  cpu = bench_cpu_seconds ();
  wall = g_get_monotonic_time ();
  g_timeout_add (2000, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  cpu = bench_cpu_seconds () - cpu;
  wall = g_get_monotonic_time () - wall;
  bench_ticker_stop (&ticker);

  return cpu / (wall / 1e6);
}

/* One full pull of site @i, measured. */
static gboolean
measure (Bench    *bench,
         Local    *local,
         guint     i,
         Figures  *figures,
         GError  **error)
{
  Site *site = &bench->sites[i];
  KeikaSyncEngine *engine = local->engines[i];
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  BenchTicker ticker;
  double cpu, cpu_main, cpu_at_last_page = 0;
  long idle_kb, peak_kb;
  guint n_before;
  gulong handler;
  gboolean ok;
  gint64 wall;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  before = bench_fake_take_requests (&bench->fake);
  for (guint r = 0; r < before->len; r++)
    bench->n_429 += ((BenchRequest *) before->pdata[r])->status == 429;
  n_before = g_list_model_get_n_items (G_LIST_MODEL (local->library));

#ifdef __GLIBC__
  /* What earlier pulls freed goes back to the system: "idle" is idle. */
  malloc_trim (0);
#endif
  idle_kb = bench_status_kb ("VmRSS:");
  bench_ticker_start (&ticker, idle_kb);

  handler = g_signal_connect (engine, "progress", G_CALLBACK (received_cb), &cpu_at_last_page);
  cpu = bench_cpu_seconds ();
  cpu_main = bench_thread_cpu_seconds ();
  wall = g_get_monotonic_time ();
  keika_sync_engine_pull_async (engine, TRUE, NULL, test_store_result_cb, &result);
  ok = keika_sync_engine_pull_finish (engine, test_wait_for (&result), error);
  wall = g_get_monotonic_time () - wall;
  cpu_main = bench_thread_cpu_seconds () - cpu_main;
  figures->cpu_fetch_s = cpu_at_last_page > 0 ? cpu_at_last_page - cpu : 0;
  cpu = bench_cpu_seconds () - cpu;
  g_signal_handler_disconnect (engine, handler);
  peak_kb = bench_ticker_stop (&ticker);

  requests = bench_fake_take_requests (&bench->fake);

  figures->wall_ms = wall / 1e3;
  figures->cpu_s = cpu;
  figures->cpu_net_s = MAX (cpu - bench->tick_cpu_per_s * wall / 1e6, 0);
  figures->cpu_main_s = cpu_main;
  figures->stall_ms = ticker.worst / 1e3;
  figures->busy_ms = ticker.worst_cpu * 1e3;
  figures->peak_mb = (peak_kb - idle_kb) / 1024.0;
  figures->n_requests = requests->len;
  figures->n_site = 0;
  figures->n_list = 0;
  figures->n_bad = 0;
  figures->n_429 = 0;
  for (guint r = 0; r < requests->len; r++)
    {
      BenchRequest *request = requests->pdata[r];

      if (g_str_has_prefix (request->path, site->prefix))
        figures->n_site++;
      if (g_str_equal (request->method, site->list_method) &&
          g_str_has_prefix (request->path, site->prefix) &&
          g_str_has_suffix (request->path, site->list_path))
        figures->n_list++;
      if (request->status != 200)
        figures->n_bad++;
      if (request->status == 429)
        figures->n_429++;
    }
  bench->n_429 += figures->n_429;
  figures->n_entries = g_list_model_get_n_items (G_LIST_MODEL (local->library));
  figures->n_added = figures->n_entries - MIN (n_before, figures->n_entries);
  figures->n_problems = 0;
  for (guint e = 0; e < figures->n_entries; e++)
    {
      g_autoptr(KeikaListEntry) entry = g_list_model_get_item (G_LIST_MODEL (local->library), e);

      figures->n_problems += keika_list_entry_get_sync_problem (entry) != NULL;
    }
  figures->n_journal = keika_store_count_journal (local->store, NULL);

  return ok;
}

static void
print_figures (const char    *what,
               const Figures *figures)
{
  g_test_message ("  %s: %u requests (%u to the site, %u list, %u not 200, %u 429), %.0f ms wall, "
                  "%.3f s CPU (%.3f s net of the tick; main thread %.3f s; %.3f s until the last "
                  "page was in), longest main-loop gap %.1f ms (busy %.1f ms), peak %.1f MB above "
                  "idle; library %u entries (%u added, %u merged into entries already there), "
                  "%u with a sync problem, %u changes waiting to be pushed",
                  what, figures->n_requests, figures->n_site, figures->n_list, figures->n_bad,
                  figures->n_429, figures->wall_ms, figures->cpu_s, figures->cpu_net_s,
                  figures->cpu_main_s, figures->cpu_fetch_s, figures->stall_ms, figures->busy_ms,
                  figures->peak_mb, figures->n_entries, figures->n_added,
                  N_ENTRIES - MIN (figures->n_added, N_ENTRIES), figures->n_problems,
                  figures->n_journal);
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
check_requests (const Site    *site,
                const char    *what,
                const Figures *figures)
{
  g_autofree char *all = g_strdup_printf ("requests of a %s of %s", what, site->name);
  g_autofree char *list = g_strdup_printf ("list requests of a %s of %s", what, site->name);
  g_autofree char *bad = g_strdup_printf ("answers other than 200 in a %s of %s", what,
                                          site->name);
  g_autofree char *refused = g_strdup_printf ("429s in a %s of %s", what, site->name);

  check_count (all, figures->n_requests, site->n_pages);
  check_count (list, figures->n_list, site->n_pages);
  check_count (bad, figures->n_bad, 0);
  check_count (refused, figures->n_429, 0);
}

static void
summarise_site (const char *name,
                GArray     *runs,
                gboolean    first)
{
  g_test_message ("  %s, %u runs:", name, runs->len);
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, cpu_s), "CPU in Keika (all threads)", "s", "");
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, cpu_net_s), "CPU net of the tick", "s", "");
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, cpu_main_s), "CPU of the main thread", "s", "");
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, cpu_fetch_s), "CPU until the last page was in",
                   "s", "(fetch and parse; the rest is merge and store)");
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, stall_ms), "longest main-loop gap", "ms",
                   first ? "<= " G_STRINGIFY (STALL_TARGET_MS) " ms (tick "
                           G_STRINGIFY (BENCH_TICK_MS) " ms)" : "");
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, busy_ms), "most main-thread CPU between ticks",
                   "ms", "(the loop's own work in a gap)");
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, peak_mb), "peak memory above idle", "MB", "");
  bench_summarise (runs, G_STRUCT_OFFSET (Figures, wall_ms), "wall time", "ms", "");
}

static void
summarise_totals (const char *what,
                  GArray     *totals,
                  gboolean    first)
{
  g_test_message ("  %s, the three together, %u runs:", what, totals->len);
  bench_summarise (totals, G_STRUCT_OFFSET (Totals, cpu_s), "CPU in Keika (all threads)", "s",
                   first ? "<= 1.2 s" : "");
  bench_summarise (totals, G_STRUCT_OFFSET (Totals, cpu_net_s), "CPU net of the tick", "s",
                   first ? "<= 1.2 s" : "");
  bench_summarise (totals, G_STRUCT_OFFSET (Totals, stall_ms), "longest main-loop gap", "ms",
                   first ? "<= " G_STRINGIFY (STALL_TARGET_MS) " ms" : "");
  bench_summarise (totals, G_STRUCT_OFFSET (Totals, wall_ms), "wall time", "ms", "");
}

/* The benchmark */

static void
bench_sites_pull (void)
{
  g_autoptr(GError) error = NULL;
  GArray *first_runs[N_SITES];
  GArray *again_runs[N_SITES];
  g_autoptr(GArray) first_totals = g_array_new (FALSE, TRUE, sizeof (Totals));
  g_autoptr(GArray) again_totals = g_array_new (FALSE, TRUE, sizeof (Totals));
  g_autoptr(GPtrArray) setup = NULL;
  const char *runs_text = g_getenv ("KEIKA_BENCH_RUNS");
  guint n_runs = runs_text != NULL ? MAX (atoi (runs_text), 1) : 1;
  double worst_total = 0, worst_stall = 0;
  Bench bench = {
    .sites = {
      [SITE_MAL] = { "MyAnimeList", KEIKA_SITE_MAL, "/mal/", "GET", "/users/@me/animelist", 10 },
      [SITE_ANILIST] = { "AniList", KEIKA_SITE_ANILIST, "/anilist/", "POST", "/graphql", 20 },
      [SITE_KITSU] = { "Kitsu", KEIKA_SITE_KITSU, "/kitsu/", "GET", "/library-entries", 20 },
    },
  };

  bench.same_list = g_strcmp0 (g_getenv ("KEIKA_BENCH_LISTS"), "different") != 0;
  if (!fake_start (&bench, &error))
    {
      bench_fake_stop (&bench.fake);
      g_test_skip (error->message);
      return;
    }
  g_test_message ("keika-fake-sites (pid %s) at %s", g_subprocess_get_identifier (bench.fake.process),
                  g_getenv ("KEIKA_FAKE_CONTROL_URL"));

  if (!sites_open (&bench, &error))
    {
      bench_fake_stop (&bench.fake);
      g_error ("Signing in to the fake: %s", error->message);
    }
  setup = bench_fake_take_requests (&bench.fake);
  for (guint r = 0; r < setup->len; r++)
    bench.n_429 += ((BenchRequest *) setup->pdata[r])->status == 429;

  bench.tick_cpu_per_s = measure_tick_cost ();
  g_test_message ("Keika against keika-fake-sites in another process: %s, %u entries on "
                  "AniList (%u on MyAnimeList) over a catalogue of %u more anime; %u runs "
                  "(KEIKA_BENCH_RUNS); AniList at Keika's %u requests a minute. The %d ms tick "
                  "alone costs %.2f ms of CPU a second of wall time (the loop idle).",
                  bench.same_list ? "one person's list on the three sites"
                                  : "a different list on each site (KEIKA_BENCH_LISTS=different)",
                  N_ENTRIES, bench.n_mal_entries, N_CATALOG, n_runs,
                  KEIKA_ANILIST_REQUESTS_PER_MINUTE, BENCH_TICK_MS, bench.tick_cpu_per_s * 1e3);

  for (guint i = 0; i < N_SITES; i++)
    {
      first_runs[i] = g_array_new (FALSE, TRUE, sizeof (Figures));
      again_runs[i] = g_array_new (FALSE, TRUE, sizeof (Figures));
    }

  for (guint run = 0; run < n_runs; run++)
    {
      Local local = { 0, };
      Totals first = { 0, }, again = { 0, };

      local_open (&bench, &local);

      /* Into an empty library, one site after the other. */
      for (guint i = 0; i < N_SITES; i++)
        {
          Site *site = &bench.sites[i];
          g_autofree char *what = g_strdup_printf ("run %u, %s, full pull", run + 1, site->name);
          Figures figures = { 0, };

          if (!measure (&bench, &local, i, &figures, &error))
            g_error ("The full pull of %s failed: %s", site->name, error->message);
          g_array_append_val (first_runs[i], figures);
          print_figures (what, &figures);
          check_requests (site, "full pull", &figures);
          if (i == SITE_MAL)
            check_count ("entries after the full pull of MyAnimeList", figures.n_entries,
                         bench.n_mal_entries);
          first.cpu_s += figures.cpu_s;
          first.cpu_net_s += figures.cpu_net_s;
          first.stall_ms = MAX (first.stall_ms, figures.stall_ms);
          first.wall_ms += figures.wall_ms;
        }
      g_array_append_val (first_totals, first);
      g_test_message ("  run %u, the three full pulls: %.3f s CPU in Keika (%.3f s net of the "
                      "tick), target <= 1.2 s; longest main-loop gap %.1f ms", run + 1,
                      first.cpu_s, first.cpu_net_s, first.stall_ms);
      worst_total = MAX (worst_total, first.cpu_s);
      worst_stall = MAX (worst_stall, first.stall_ms);

      /* Nothing changed since: the three full pulls again. */
      for (guint i = 0; i < N_SITES; i++)
        {
          Site *site = &bench.sites[i];
          g_autofree char *what = g_strdup_printf ("run %u, %s, full pull, nothing changed",
                                                   run + 1, site->name);
          Figures figures = { 0, };
          guint n_before = g_list_model_get_n_items (G_LIST_MODEL (local.library));

          if (!measure (&bench, &local, i, &figures, &error))
            g_error ("The second full pull of %s failed: %s", site->name, error->message);
          g_array_append_val (again_runs[i], figures);
          print_figures (what, &figures);
          check_requests (site, "full pull with nothing changed", &figures);
          check_count ("entries added by a full pull with nothing changed",
                       figures.n_entries - MIN (n_before, figures.n_entries), 0);
          again.cpu_s += figures.cpu_s;
          again.cpu_net_s += figures.cpu_net_s;
          again.stall_ms = MAX (again.stall_ms, figures.stall_ms);
          again.wall_ms += figures.wall_ms;
        }
      g_array_append_val (again_totals, again);
      g_test_message ("  run %u, the three full pulls with nothing changed: %.3f s CPU in Keika "
                      "(%.3f s net of the tick); longest main-loop gap %.1f ms", run + 1,
                      again.cpu_s, again.cpu_net_s, again.stall_ms);

      local_close (&local);
    }

  check_count ("requests refused with 429 by any fake site", bench.n_429, 0);

  g_test_message ("Summary (targets: the three first full pulls <= %.1f s of CPU in Keika in "
                  "total, each site reported; the main loop never held > %d ms; no request "
                  "refused with 429; a full pull is MyAnimeList 10 requests, AniList 20, "
                  "Kitsu 20):", CPU_TARGET_S, STALL_TARGET_MS);
  for (guint i = 0; i < N_SITES; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s, full pull into the library",
                                               bench.sites[i].name);
      summarise_site (name, first_runs[i], TRUE);
    }
  summarise_totals ("the first full pulls", first_totals, TRUE);
  for (guint i = 0; i < N_SITES; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s, full pull with nothing changed",
                                               bench.sites[i].name);
      summarise_site (name, again_runs[i], FALSE);
    }
  summarise_totals ("the full pulls with nothing changed", again_totals, FALSE);
  g_test_message ("  worst run: %.3f s CPU for the three first full pulls (%s the %.1f s "
                  "target), longest main-loop gap %.1f ms (%s the %d ms target), %u 429s",
                  worst_total, worst_total <= CPU_TARGET_S ? "within" : "OVER", CPU_TARGET_S,
                  worst_stall, worst_stall <= STALL_TARGET_MS ? "within" : "OVER",
                  STALL_TARGET_MS, bench.n_429);

  for (guint i = 0; i < N_SITES; i++)
    {
      g_array_unref (first_runs[i]);
      g_array_unref (again_runs[i]);
    }
  sites_close (&bench);
  while (g_main_context_iteration (NULL, FALSE))
    ;
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

  g_test_add_func ("/sync/bench/sites-pull-3x10000", bench_sites_pull);

  return g_test_run ();
}
