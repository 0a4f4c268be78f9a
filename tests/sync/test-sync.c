/* test-sync.c — the sync engine against the fake MyAnimeList
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSyncTest"

#include "config.h"

#include <glib/gstdio.h>
#include <sys/resource.h>
#include <time.h>

#include "keika-fake-mal.h"
#include "keika-fake-sites.h"
#include "keika-mal-site-private.h"
#include "keika-net.h"
#include "keika-sync-engine.h"

#define LIST "GET /users/@me/animelist"

typedef struct
{
  KeikaFakeSites  *fake;
  KeikaFakeMal    *mal;
  KeikaHttpClient *client;
  KeikaMalSite    *site;
  char            *dir;
  char            *path;
  KeikaStore      *store;
  KeikaLibrary    *library;
  KeikaProfile    *profile;
  KeikaSyncEngine *engine;
} Fixture;

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
open_engine (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = keika_store_open (f->path, &error);
  g_assert_no_error (error);
  f->library = keika_library_new ();
  g_assert_true (keika_store_load_library (f->store, f->library, &error));
  g_assert_no_error (error);
  if (f->profile == NULL)
    {
      f->profile = keika_profile_new (KEIKA_SITE_MAL, "Aiko");
      keika_profile_set_claimed (f->profile, TRUE);
      g_assert_true (keika_store_add_profile (f->store, f->profile, &error));
      g_assert_no_error (error);
    }
  f->engine = keika_sync_engine_new (f->store, f->library, f->profile, KEIKA_SITE_SERVICE (f->site));
}

static void
close_engine (Fixture *f)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->library);
  g_clear_object (&f->store);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;

  f->fake = keika_fake_sites_new (&error);
  g_assert_no_error (error);
  f->mal = keika_fake_sites_get_mal (f->fake);
  keika_fake_mal_set_client_id (f->mal, KEIKA_FAKE_MAL_CLIENT_ID);
  keika_fake_mal_add_user (f->mal, "Aiko");

  f->client = keika_http_client_new ();
  keika_http_client_set_retry (f->client, 3, 20);
  keika_http_client_set_timeout (f->client, 10000);
  f->site = g_object_new (KEIKA_TYPE_MAL_SITE,
                          "client-id", KEIKA_FAKE_MAL_CLIENT_ID,
                          "api-url", keika_fake_sites_get_url (f->fake, "mal-api"),
                          "auth-url", keika_fake_sites_get_url (f->fake, "mal-auth"),
                          "redirect-port", 0,
                          "http-client", f->client,
                          NULL);
  keika_fake_mal_issue_tokens (f->mal, "Aiko", &access, &refresh);
  keika_mal_site_set_tokens (f->site, access, refresh, g_get_real_time () / G_USEC_PER_SEC + 3600);

  f->dir = g_dir_make_tmp ("keika-test-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "keika.db", NULL);
  open_engine (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  close_engine (f);
  g_clear_object (&f->profile);
  g_clear_object (&f->site);
  g_clear_object (&f->client);
  g_clear_object (&f->fake);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal" :
       g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (f->path, suffix, NULL);
      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
pull (Fixture  *f,
      gboolean  full,
      GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_sync_engine_pull_async (f->engine, full, NULL, store_result_cb, &result);
  return keika_sync_engine_pull_finish (f->engine, wait_for (&result), error);
}

static gboolean
push (Fixture  *f,
      guint    *n_pushed,
      guint    *n_failed,
      GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_sync_engine_push_async (f->engine, NULL, store_result_cb, &result);
  return keika_sync_engine_push_finish (f->engine, wait_for (&result), n_pushed, n_failed, error);
}

static guint
count (Fixture    *f,
       const char *pattern)
{
  return keika_fake_sites_count_requests (f->fake, "mal", pattern);
}

static guint
n_journal (Fixture *f)
{
  return keika_store_count_journal (f->store, NULL);
}

static void
add_remote (Fixture    *f,
            gint64      anime_id,
            const char *status,
            guint       watched,
            gint64      updated_at)
{
  KeikaFakeMalEntry entry = { .anime_id = anime_id, .status = status, .score = 7,
                              .num_episodes_watched = watched, .updated_at = updated_at };

  keika_fake_mal_add_entry (f->mal, "Aiko", &entry);
}

static KeikaListEntry *
lookup (Fixture *f,
        gint64   mal_id)
{
  return keika_library_lookup_by_site_id (f->library, KEIKA_SITE_MAL, mal_id);
}

/* A local edit as the UI makes it: the live entry, then the store. */
static void
edit_progress (Fixture *f,
               gint64   mal_id,
               guint    progress)
{
  g_autoptr(GError) error = NULL;
  KeikaListEntry *entry = lookup (f, mal_id);

  g_assert_nonnull (entry);
  keika_list_entry_set_progress (entry, progress);
  keika_list_entry_touch (entry);
  g_assert_true (keika_store_save_entry (f->store, entry, &error));
  g_assert_no_error (error);
}

#define OLD (1700000000)  /* 2023-11-14: long before any sync here */

/* Several pages into an empty library; then nothing changed = 1 request;
 * then a remote change applies. */
static void
test_pull_pages (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  KeikaListEntry *entry;

  keika_fake_mal_generate_entries (f->mal, "Aiko", 2500, 7);

  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, LIST), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 2500);
  stored = keika_store_load_entries (f->store, &error);
  g_assert_cmpuint (stored->len, ==, 2500);
  links = keika_store_list_links (f->store, keika_profile_get_id (f->profile), &error);
  g_assert_cmpuint (links->len, ==, 2500);
  for (guint i = 0; i < links->len; i++)
    {
      KeikaLinkInfo *info = links->pdata[i];
      const KeikaFakeMalEntry *remote = keika_fake_mal_lookup_entry (f->mal, "Aiko", info->site_anime_id);

      g_assert_nonnull (remote);
      g_assert_nonnull (info->snapshot);
      entry = lookup (f, info->site_anime_id);
      g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, remote->num_episodes_watched);
      g_assert_cmpint (keika_list_entry_get_updated_at (entry), ==, remote->updated_at);
    }
  g_assert_cmpuint (n_journal (f), ==, 0);
  g_assert_cmpint (keika_profile_get_synced_at (f->profile), >, 0);

  /* Nothing changed: one request, nothing written. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (pull (f, FALSE, &error));
  g_assert_cmpuint (count (f, LIST), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 2500);

  /* A change on the site applies. */
  entry = lookup (f, 100005);
  add_remote (f, 100005, "watching", 11, 0);
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (pull (f, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, LIST), ==, 1);
  g_assert_true (lookup (f, 100005) == entry);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 11);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_WATCHING);
  g_assert_cmpuint (n_journal (f), ==, 0);
  g_assert_cmpuint (count (f, "PATCH /anime"), ==, 0);
}

static void
test_push_one (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaFakeRequest) patch = NULL;
  g_autofree char *snapshot = NULL;
  guint n_pushed = 0, n_failed = 0;

  add_remote (f, 21, "watching", 3, OLD);
  add_remote (f, 22, "watching", 5, OLD);
  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);

  edit_progress (f, 21, 4);
  g_assert_cmpuint (n_journal (f), ==, 1);
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f, &n_pushed, &n_failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pushed, ==, 1);
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_cmpuint (count (f, NULL), ==, 1);
  patch = keika_fake_sites_get_last_request (f->fake, "mal", "PATCH /anime/21/my_list_status");
  g_assert_nonnull (patch);
  g_assert_cmpuint (g_hash_table_size (patch->form), ==, 1);
  g_assert_cmpstr (keika_fake_request_get_form (patch, "num_watched_episodes"), ==, "4");
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->mal, "Aiko", 21)->num_episodes_watched, ==, 4);
  g_assert_cmpuint (n_journal (f), ==, 0);
  snapshot = keika_store_dup_snapshot (f->store, keika_list_entry_get_id (lookup (f, 21)),
                                       keika_profile_get_id (f->profile), &error);
  g_assert_nonnull (strstr (snapshot, "\"progress\":4"));

  /* Nothing more to push; a pull sees our own change as no change. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f, &n_pushed, NULL, &error));
  g_assert_cmpuint (count (f, NULL), ==, 0);
  g_assert_true (pull (f, FALSE, &error));
  g_assert_cmpuint (n_journal (f), ==, 0);
  g_assert_cmpuint (keika_list_entry_get_progress (lookup (f, 21)), ==, 4);
}

static void
test_push_100 (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_pushed = 0;

  keika_fake_mal_generate_entries (f->mal, "Aiko", 150, 1);
  g_assert_true (pull (f, TRUE, &error));
  for (guint i = 0; i < 100; i++)
    {
      KeikaListEntry *entry = lookup (f, 100000 + i);
      g_autofree char *notes = g_strdup_printf ("edit %u", i);

      keika_list_entry_set_notes (entry, notes);
      keika_list_entry_touch (entry);
      g_assert_true (keika_store_save_entry (f->store, entry, &error));
    }
  g_assert_cmpuint (n_journal (f), ==, 100);

  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f, &n_pushed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pushed, ==, 100);
  requests = keika_fake_sites_get_requests (f->fake, "mal", NULL);
  g_assert_cmpuint (requests->len, ==, 100);
  for (guint i = 0; i < requests->len; i++)
    {
      KeikaFakeRequest *request = requests->pdata[i];

      g_assert_cmpstr (request->method, ==, "PATCH");
      g_assert_false (g_hash_table_contains (paths, request->path));
      g_hash_table_add (paths, request->path);
    }
  g_assert_cmpuint (n_journal (f), ==, 0);
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  KeikaConflict *conflict;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  add_remote (f, 31, "watching", 3, OLD);
  add_remote (f, 32, "watching", 3, OLD);
  g_assert_true (pull (f, TRUE, &error));

  /* 31: local now, remote an hour earlier → local wins.
   * 32: local now, remote an hour later → remote wins. */
  edit_progress (f, 31, 5);
  edit_progress (f, 32, 5);
  add_remote (f, 31, "watching", 8, now - 3600);
  add_remote (f, 32, "watching", 9, now + 3600);

  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (keika_list_entry_get_progress (lookup (f, 31)), ==, 5);
  g_assert_cmpuint (keika_list_entry_get_progress (lookup (f, 32)), ==, 9);

  conflicts = keika_store_list_conflicts (f->store, keika_list_entry_get_id (lookup (f, 31)), &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = conflicts->pdata[0];
  g_assert_false (conflict->remote_won);
  g_assert_nonnull (strstr (conflict->local, "\"progress\":5"));
  g_assert_nonnull (strstr (conflict->remote, "\"progress\":8"));
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = keika_store_list_conflicts (f->store, keika_list_entry_get_id (lookup (f, 32)), &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = conflicts->pdata[0];
  g_assert_true (conflict->remote_won);
  g_assert_nonnull (strstr (conflict->local, "\"progress\":5"));

  /* The local winner goes out; the site then has it. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->mal, "Aiko", 31)->num_episodes_watched, ==, 5);
}

/* The state a user would notice: every entry's values, the journal. */
static char *
describe (Fixture *f)
{
  g_autoptr(GPtrArray) entries = keika_store_load_entries (f->store, NULL);
  GString *text = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->library));

  for (guint i = 0; i < entries->len; i++)
    {
      KeikaListEntry *entry = entries->pdata[i];

      g_string_append_printf (text, "%" G_GINT64_FORMAT ":%u:%u;", keika_list_entry_get_id (entry),
                              keika_list_entry_get_progress (entry), keika_list_entry_get_status (entry));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KeikaListEntry) entry = g_list_model_get_item (G_LIST_MODEL (f->library), i);

      g_string_append_printf (text, "L%u;", keika_list_entry_get_progress (entry));
    }
  g_string_append_printf (text, "J%u S%" G_GINT64_FORMAT, n_journal (f),
                          keika_profile_get_synced_at (f->profile));

  return g_string_free (text, FALSE);
}

static void
test_pull_faults (Fixture       *f,
                  gconstpointer  data)
{
  static const struct { KeikaFakeFault fault; int value; int times; gboolean recovers; } faults[] = {
    { KEIKA_FAKE_FAULT_RATE_LIMIT, 1, 1, TRUE },
    { KEIKA_FAKE_FAULT_SERVER_ERROR, 500, 1, TRUE },
    { KEIKA_FAKE_FAULT_SERVER_ERROR, 500, KEIKA_FAKE_FOREVER, FALSE },
    { KEIKA_FAKE_FAULT_HTML, 0, 1, FALSE },
    { KEIKA_FAKE_FAULT_TRUNCATED_JSON, 0, 1, FALSE },
    { KEIKA_FAKE_FAULT_MALFORMED_JSON, 0, 1, FALSE },
    { KEIKA_FAKE_FAULT_EXPIRED_TOKEN, 0, 1, TRUE },
    { KEIKA_FAKE_FAULT_CLOSE_CONNECTION, 0, KEIKA_FAKE_FOREVER, FALSE },
  };
  g_autoptr(GError) error = NULL;

  keika_fake_mal_generate_entries (f->mal, "Aiko", 1200, 9);
  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);
  /* Changes on the site that a failed pull must not half-apply. */
  for (guint i = 0; i < 1200; i += 100)
    add_remote (f, 100000 + i, "dropped", 1, 0);

  for (guint k = 0; k < G_N_ELEMENTS (faults); k++)
    {
      g_autofree char *before = describe (f);
      g_autofree char *after = NULL;
      gboolean ok;

      g_test_message ("fault %s", keika_fake_fault_to_string (faults[k].fault));
      keika_fake_sites_clear_requests (f->fake);
      if (faults[k].fault == KEIKA_FAKE_FAULT_EXPIRED_TOKEN)
        keika_fake_sites_inject (f->fake, "mal", LIST, faults[k].fault, faults[k].value, faults[k].times);
      else
        keika_fake_sites_inject (f->fake, "mal", "GET /users/*/animelist", faults[k].fault,
                                 faults[k].value, faults[k].times);

      ok = pull (f, TRUE, &error);
      after = describe (f);
      if (faults[k].recovers && ok)
        {
          g_assert_no_error (error);
          keika_fake_sites_clear_faults (f->fake);
          continue;  /* the changes are in; later faults are checked against them */
        }
      g_assert_false (ok);
      g_assert_nonnull (error);
      g_assert_cmpstr (before, ==, after);
      g_clear_error (&error);
      keika_fake_sites_clear_faults (f->fake);
    }
}

static void
test_push_isolation (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaAnime) anime = keika_anime_new ("Nowhere");
  g_autoptr(KeikaListEntry) ghost = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint n_pushed = 0, n_failed = 0;

  add_remote (f, 41, "watching", 1, OLD);
  add_remote (f, 42, "watching", 1, OLD);
  g_assert_true (pull (f, TRUE, &error));

  /* A local entry linked to an anime the site does not know: its update
   * is refused (404) for good; the others still go. */
  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, 9999999);
  ghost = keika_list_entry_new (anime);
  g_assert_true (keika_store_add_entry (f->store, ghost, &error));
  g_assert_true (keika_store_link_entry (f->store, ghost, f->profile, NULL, &error));
  keika_library_append (f->library, ghost);
  edit_progress (f, 41, 2);
  edit_progress (f, 9999999, 2);
  edit_progress (f, 42, 2);
  g_assert_cmpuint (n_journal (f), ==, 3);

  keika_fake_sites_clear_requests (f->fake);
  g_assert_false (push (f, &n_pushed, &n_failed, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (n_pushed, ==, 2);
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_cmpuint (count (f, "PATCH /anime"), ==, 3);
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->mal, "Aiko", 42)->num_episodes_watched, ==, 2);
  rows = keika_store_list_journal (f->store, keika_profile_get_id (f->profile), TRUE, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (((KeikaJournalItem *) rows->pdata[0])->failed);
  g_assert_nonnull (((KeikaJournalItem *) rows->pdata[0])->last_error);

  /* Not retried by itself. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f, &n_pushed, &n_failed, &error));
  g_assert_cmpuint (count (f, NULL), ==, 0);

  /* Discarding the local change drops the row. */
  g_assert_true (keika_store_discard_change (f->store, ((KeikaJournalItem *) rows->pdata[0])->id,
                                             NULL, &error));
  g_assert_cmpuint (n_journal (f), ==, 0);
}

/* Offline: rows stay. Restart: each goes out exactly once. */
static void
test_offline_restart (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_pushed = 0, n_failed = 0;

  add_remote (f, 51, "watching", 1, OLD);
  add_remote (f, 52, "watching", 1, OLD);
  g_assert_true (pull (f, TRUE, &error));
  edit_progress (f, 51, 2);
  edit_progress (f, 52, 3);

  keika_fake_sites_inject (f->fake, "mal", NULL, KEIKA_FAKE_FAULT_CLOSE_CONNECTION, 0,
                           KEIKA_FAKE_FOREVER);
  g_assert_false (push (f, &n_pushed, &n_failed, &error));
  g_assert_nonnull (error);
  g_assert_true (keika_error_is_transient (error));
  g_clear_error (&error);
  g_assert_cmpuint (n_pushed, ==, 0);
  g_assert_cmpuint (n_failed, ==, 2);
  g_assert_cmpuint (n_journal (f), ==, 2);
  keika_fake_sites_clear_faults (f->fake);

  /* Restart: a new store on the same file, a new engine. */
  close_engine (f);
  open_engine (f);
  g_assert_cmpuint (n_journal (f), ==, 2);
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f, &n_pushed, &n_failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "PATCH /anime/51/my_list_status"), ==, 1);
  g_assert_cmpuint (count (f, "PATCH /anime/52/my_list_status"), ==, 1);
  g_assert_cmpuint (count (f, NULL), ==, 2);
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->mal, "Aiko", 52)->num_episodes_watched, ==, 3);
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f, NULL, NULL, &error));
  g_assert_cmpuint (count (f, NULL), ==, 0);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KeikaListEntry *entry;
  guint n_pushed = 0;

  add_remote (f, 61, "watching", 1, OLD);
  add_remote (f, 62, "watching", 1, OLD);
  g_assert_true (pull (f, TRUE, &error));

  entry = lookup (f, 61);
  g_assert_true (keika_store_delete_entry (f->store, entry, &error));
  keika_library_remove (f->library, keika_list_entry_get_id (entry));
  entry = lookup (f, 62);
  g_assert_true (keika_store_delete_entry (f->store, entry, &error));
  keika_library_remove (f->library, keika_list_entry_get_id (entry));
  /* 62 is already gone on the site: its 404 counts as done. */
  keika_fake_mal_remove_entry (f->mal, "Aiko", 62);
  g_assert_cmpuint (n_journal (f), ==, 2);

  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f, &n_pushed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pushed, ==, 2);
  g_assert_cmpuint (count (f, "DELETE /anime"), ==, 2);
  g_assert_null (keika_fake_mal_lookup_entry (f->mal, "Aiko", 61));
  g_assert_cmpuint (n_journal (f), ==, 0);
}

/* A full pull notices what the site deleted, except entries changed here. */
static void
test_pull_deleted (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  add_remote (f, 71, "watching", 1, OLD);
  add_remote (f, 72, "watching", 1, OLD);
  add_remote (f, 73, "watching", 1, OLD);
  g_assert_true (pull (f, TRUE, &error));
  edit_progress (f, 73, 2);
  keika_fake_mal_remove_entry (f->mal, "Aiko", 72);
  keika_fake_mal_remove_entry (f->mal, "Aiko", 73);

  g_assert_true (pull (f, FALSE, &error));
  g_assert_nonnull (lookup (f, 72));  /* incremental: deletions unseen */
  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);
  g_assert_nonnull (lookup (f, 71));
  g_assert_null (lookup (f, 72));
  g_assert_nonnull (lookup (f, 73));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 2);
}

/* Benchmark */

static double
thread_cpu_seconds (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "VmRSS:")))
    return 0;
  return strtol (line + 6, NULL, 10);
}

typedef struct
{
  gint64 last;
  gint64 worst;
  long   peak_kb;
} Ticker;

static gboolean
tick_cb (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  ticker->worst = MAX (ticker->worst, now - ticker->last);
  ticker->last = now;
  ticker->peak_kb = MAX (ticker->peak_kb, rss_kb ());
  return G_SOURCE_CONTINUE;
}

static void
test_pull_10000 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Ticker ticker = { 0, };
  double cpu_process, cpu_main, start_process, start_main;
  long idle_kb;
  gint64 wall;
  guint tick;

  keika_fake_mal_generate_entries (f->mal, "Aiko", 10000, 42);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  idle_kb = rss_kb ();

  ticker.last = g_get_monotonic_time ();
  tick = g_timeout_add (5, tick_cb, &ticker);
  start_process = thread_cpu_seconds (CLOCK_PROCESS_CPUTIME_ID);
  start_main = thread_cpu_seconds (CLOCK_THREAD_CPUTIME_ID);
  wall = g_get_monotonic_time ();
  keika_sync_engine_pull_async (f->engine, TRUE, NULL, store_result_cb, &result);
  g_assert_true (keika_sync_engine_pull_finish (f->engine, wait_for (&result), &error));
  g_assert_no_error (error);
  wall = g_get_monotonic_time () - wall;
  cpu_main = thread_cpu_seconds (CLOCK_THREAD_CPUTIME_ID) - start_main;
  cpu_process = thread_cpu_seconds (CLOCK_PROCESS_CPUTIME_ID) - start_process;
  g_source_remove (tick);
  tick_cb (&ticker);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 10000);
  g_assert_cmpuint (count (f, LIST), ==, 10);

  g_test_message ("Sync pull of 10000 MAL entries: %u list requests, %.0f ms wall, "
                  "%.3f s CPU in the process (the in-process fake included), of which the "
                  "main thread %.3f s (the fake serves on it too); longest main-loop gap %.1f ms; "
                  "peak RSS %.1f MB above idle",
                  count (f, LIST), wall / 1e3, cpu_process, cpu_main, ticker.worst / 1e3,
                  (ticker.peak_kb - idle_kb) / 1024.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/sync/pull/pages", test_pull_pages);
  ADD ("/sync/pull/deleted", test_pull_deleted);
  ADD ("/sync/pull/faults", test_pull_faults);
  ADD ("/sync/push/one", test_push_one);
  ADD ("/sync/push/100", test_push_100);
  ADD ("/sync/push/isolation", test_push_isolation);
  ADD ("/sync/push/offline-restart", test_offline_restart);
  ADD ("/sync/push/delete", test_delete);
  ADD ("/sync/conflict", test_conflict);
  ADD ("/sync/pull/10000", test_pull_10000);

  return g_test_run ();
}
