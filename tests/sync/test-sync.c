/* test-sync.c — the sync engine against the fake MyAnimeList
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSyncTest"

#include "config.h"

#include <glib/gstdio.h>

#include "keika-accounts.h"
#include "keika-fake-mal.h"
#include "keika-fake-sites.h"
#include "keika-mal-site-private.h"
#include "keika-net.h"
#include "keika-sync-engine.h"
#include "test-util.h"

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
  keika_site_base_set_tokens (KEIKA_SITE_BASE (f->site), access, refresh,
                              g_get_real_time () / G_USEC_PER_SEC + 3600);

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

  keika_sync_engine_pull_async (f->engine, full, NULL, test_store_result_cb, &result);
  return keika_sync_engine_pull_finish (f->engine, test_wait_for (&result), error);
}

static gboolean
push (Fixture  *f,
      guint    *n_pushed,
      guint    *n_failed,
      GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_sync_engine_push_async (f->engine, NULL, test_store_result_cb, &result);
  return keika_sync_engine_push_finish (f->engine, test_wait_for (&result), n_pushed, n_failed, error);
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

  /* Nothing changed: one small request, nothing written. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (pull (f, FALSE, &error));
  g_assert_cmpuint (count (f, LIST), ==, 1);
  {
    g_autoptr(KeikaFakeRequest) first = keika_fake_sites_get_last_request (f->fake, "mal", LIST);

    g_assert_cmpstr (g_hash_table_lookup (first->query_fields, "limit"), ==, "25");
  }
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

  /* Many changed: the small page, then full pages from where it ended. */
  for (guint i = 0; i < 40; i++)
    {
      KeikaFakeMalEntry changed = *keika_fake_mal_lookup_entry (f->mal, "Aiko", 100100 + i);

      changed.updated_at = g_get_real_time () / G_USEC_PER_SEC + 10 + i;
      keika_fake_mal_add_entry (f->mal, "Aiko", &changed);
    }
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (pull (f, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, LIST), ==, 2);
  {
    g_autoptr(KeikaFakeRequest) second = keika_fake_sites_get_last_request (f->fake, "mal", LIST);

    g_assert_cmpstr (g_hash_table_lookup (second->query_fields, "limit"), ==, "1000");
    g_assert_cmpstr (g_hash_table_lookup (second->query_fields, "offset"), ==, "25");
  }
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

  /* The local winner goes out; the site then has it. The site's winner is
   * not sent back to it: one request, for 31. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->mal, "Aiko", 31)->num_episodes_watched, ==, 5);
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->mal, "Aiko", 32)->num_episodes_watched, ==, 9);
  g_assert_cmpuint (count (f, "PATCH /anime/31/my_list_status"), ==, 1);
  g_assert_cmpuint (count (f, "PATCH /anime/32/my_list_status"), ==, 0);
  g_assert_cmpuint (n_journal (f), ==, 0);
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

/* Everything a failed pull must leave as it was: every stored entry and its
 * link, the live library, the journal, the profile's synced-at (stored and
 * in memory). */
static char *
state_of (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  GListModel *library = G_LIST_MODEL (f->library);
  gint64 profile_id = keika_profile_get_id (f->profile);
  GString *text = g_string_new (NULL);

#define ENTRY(e) \
  g_string_append_printf (text, "%" G_GINT64_FORMAT " mal %" G_GINT64_FORMAT " %s %u %u '%s' %" \
                          G_GINT64_FORMAT "\n", keika_list_entry_get_id (e), \
                          keika_anime_get_site_id (keika_list_entry_get_anime (e), KEIKA_SITE_MAL), \
                          keika_status_to_string (keika_list_entry_get_status (e)), \
                          keika_list_entry_get_progress (e), keika_list_entry_get_score (e), \
                          keika_list_entry_get_notes (e) != NULL ? keika_list_entry_get_notes (e) : "", \
                          keika_list_entry_get_updated_at (e))

  entries = keika_store_load_entries (f->store, &error);
  g_assert_no_error (error);
  g_string_append_printf (text, "store: %u entries\n", entries->len);
  for (guint i = 0; i < entries->len; i++)
    ENTRY ((KeikaListEntry *) entries->pdata[i]);

  g_string_append_printf (text, "library: %u entries\n", g_list_model_get_n_items (library));
  for (guint i = 0; i < g_list_model_get_n_items (library); i++)
    {
      g_autoptr(KeikaListEntry) entry = g_list_model_get_item (library, i);

      ENTRY (entry);
    }
#undef ENTRY

  links = keika_store_list_links (f->store, profile_id, &error);
  g_assert_no_error (error);
  g_string_append_printf (text, "links: %u\n", links->len);
  for (guint i = 0; i < links->len; i++)
    {
      KeikaLinkInfo *info = links->pdata[i];

      g_string_append_printf (text, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT
                              " %u\n", info->entry_id, info->site_anime_id,
                              info->snapshot != NULL ? info->snapshot : "(none)", info->synced_at,
                              info->n_pending);
    }

  journal = keika_store_list_journal (f->store, profile_id, KEIKA_JOURNAL_LIST_ALL, &error);
  g_assert_no_error (error);
  g_string_append_printf (text, "journal: %u rows\n", journal->len);
  for (guint i = 0; i < journal->len; i++)
    {
      KeikaJournalItem *item = journal->pdata[i];

      g_string_append_printf (text, "%" G_GINT64_FORMAT " entry %" G_GINT64_FORMAT " op %d %s %u %d\n",
                              item->id, item->entry_id, item->op,
                              item->changed_fields != NULL ? item->changed_fields : "",
                              item->attempts, item->failed);
    }

  profiles = keika_store_list_profiles (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < profiles->len; i++)
    g_string_append_printf (text, "profile %" G_GINT64_FORMAT " synced at %" G_GINT64_FORMAT
                            ", in full at %" G_GINT64_FORMAT "\n",
                            keika_profile_get_id (profiles->pdata[i]),
                            keika_profile_get_synced_at (profiles->pdata[i]),
                            keika_profile_get_full_synced_at (profiles->pdata[i]));
  g_string_append_printf (text, "live profile synced at %" G_GINT64_FORMAT ", in full at %"
                          G_GINT64_FORMAT "\n", keika_profile_get_synced_at (f->profile),
                          keika_profile_get_full_synced_at (f->profile));

  return g_string_free (text, FALSE);
}

static void
max_progress_cb (KeikaSyncEngine *engine,
                 guint            done,
                 guint            total,
                 gpointer         user_data)
{
  guint *received = user_data;

  if (total == 0)
    *received = MAX (*received, done);
}

/* Every entry of the site is here, stored, linked and live, with the site's
 * progress; besides, only the @n_gone entries gone from the site, marked so
 * for the person to decide. */
static void
assert_has_site_list (Fixture *f,
                      guint    n_gone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = keika_store_list_links (f->store, keika_profile_get_id (f->profile),
                                                       &error);
  g_autoptr(GPtrArray) stored = keika_store_load_entries (f->store, &error);
  guint n_site = keika_fake_mal_get_n_entries (f->mal, "Aiko");
  guint n_marked = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, n_site + n_gone);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, n_site + n_gone);
  g_assert_cmpuint (links->len, ==, n_site + n_gone);
  for (guint i = 0; i < links->len; i++)
    {
      KeikaLinkInfo *info = links->pdata[i];
      const KeikaFakeMalEntry *remote = keika_fake_mal_lookup_entry (f->mal, "Aiko", info->site_anime_id);
      KeikaListEntry *entry = keika_library_lookup (f->library, info->entry_id);

      g_assert_nonnull (entry);
      if (remote == NULL)
        {
          g_assert_cmpstr (keika_list_entry_get_sync_problem (entry), ==,
                           "No longer on your list on MyAnimeList");
          n_marked++;
          continue;
        }
      g_assert_cmpint (keika_anime_get_site_id (keika_list_entry_get_anime (entry), KEIKA_SITE_MAL),
                       ==, info->site_anime_id);
      g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, remote->num_episodes_watched);
    }
  g_assert_cmpuint (n_marked, ==, n_gone);
}

/* The site's entry with other comments, changed at @updated_at (0: now). */
static void
change_remote (Fixture    *f,
               gint64      anime_id,
               const char *comments,
               gint64      updated_at)
{
  KeikaFakeMalEntry entry = *keika_fake_mal_lookup_entry (f->mal, "Aiko", anime_id);

  entry.comments = comments;
  entry.updated_at = updated_at;
  keika_fake_mal_add_entry (f->mal, "Aiko", &entry);
}

#define LATER_N_ENTRIES 2100  /* three pages, the last short */
#define LATER_PAGE_SIZE 1000  /* keika-mal-site.c's LIST_PAGE_SIZE */
#define LATER_N_PAGES   3

/* A full pull of three pages where a LATER page fails: the error says what
 * happened, nothing of the pages already received is kept (store, library,
 * journal, synced-at), and the next pull brings everything.
 *
 * The fake matches faults by path only, never by query or position, but the
 * first fault injected that matches a request is the one applied: a SLOW
 * fault of 0 ms for the pages before lets the request of page @page be the
 * first that gets the real fault. The offset of the faulted requests is
 * checked. */
static void
test_pull_later_page_fault (Fixture       *f,
                            gconstpointer  data)
{
  static const struct {
    KeikaFakeFault fault;
    int            value;
    int            times;
    guint          page;         /* 2 or 3 */
    int            code;         /* KeikaError, or -1: the client gets over it */
    guint          n_attempts;   /* requests for that page */
  } faults[] = {
    /* The fixture's client makes 3 attempts (20 ms apart) after a 5xx, a
     * timeout or a dropped connection. */
    { KEIKA_FAKE_FAULT_SERVER_ERROR, 500, KEIKA_FAKE_FOREVER, 2, KEIKA_ERROR_SERVER_ERROR, 3 },
    { KEIKA_FAKE_FAULT_SERVER_ERROR, 500, KEIKA_FAKE_FOREVER, 3, KEIKA_ERROR_SERVER_ERROR, 3 },
    { KEIKA_FAKE_FAULT_HTML, 0, KEIKA_FAKE_FOREVER, 2, KEIKA_ERROR_NOT_DATA, 1 },
    { KEIKA_FAKE_FAULT_HTML, 503, KEIKA_FAKE_FOREVER, 3, KEIKA_ERROR_NOT_DATA, 3 },
    { KEIKA_FAKE_FAULT_TRUNCATED_JSON, 0, KEIKA_FAKE_FOREVER, 2, KEIKA_ERROR_MALFORMED, 1 },
    { KEIKA_FAKE_FAULT_MALFORMED_JSON, 0, KEIKA_FAKE_FOREVER, 2, KEIKA_ERROR_MALFORMED, 1 },
    /* Retry-After: 1 every time: the wait is honoured, the request resent
     * (at most 3 times), then the error carries the wait. */
    { KEIKA_FAKE_FAULT_RATE_LIMIT, 1, KEIKA_FAKE_FOREVER, 2, KEIKA_ERROR_RATE_LIMITED, 4 },
    /* Once: after the wait the page comes and the pull succeeds. */
    { KEIKA_FAKE_FAULT_RATE_LIMIT, 1, 1, 2, -1, 2 },
    /* The page before came on a connection kept open, as the services keep
     * it: when it closes unanswered libsoup sends the request once more by
     * itself, on a new connection; then the client's 3 attempts. */
    { KEIKA_FAKE_FAULT_CLOSE_CONNECTION, 0, KEIKA_FAKE_FOREVER, 2, KEIKA_ERROR_OFFLINE, 4 },
  };
  g_autoptr(GError) error = NULL;
  gint64 profile_id = keika_profile_get_id (f->profile);
  guint received = 0;

  keika_fake_mal_generate_entries (f->mal, "Aiko", LATER_N_ENTRIES, 13);
  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);
  assert_has_site_list (f, 0);
  g_signal_connect (f->engine, "progress", G_CALLBACK (max_progress_cb), &received);

  for (guint k = 0; k < G_N_ELEMENTS (faults); k++)
    {
      /* Changes on the site a failed pull must not half-apply, on the first
       * page (changed now) and on the last (changed long ago); an entry the
       * site deleted and one it added; and a local change (a journal row). */
      gint64 changed_first = 100000 + 10 + k;
      gint64 changed_last = 100000 + 20 + k;
      gint64 deleted = 100000 + 1000 + k;
      gint64 added = 900000 + k;
      gint64 edited = 100000 + 2000 + k;
      g_autofree char *notes = g_strdup_printf ("local %u", k);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GPtrArray) requests = NULL;
      KeikaListEntry *entry;
      guint first_faulted = faults[k].page - 1;
      g_autofree char *comments_first = g_strdup_printf ("site, first page %u", k);
      g_autofree char *comments_last = g_strdup_printf ("site, last page %u", k);
      gboolean ok;

      g_test_message ("fault %s=%d %s on page %u", keika_fake_fault_to_string (faults[k].fault),
                      faults[k].value, faults[k].times == KEIKA_FAKE_FOREVER ? "every time" : "once",
                      faults[k].page);

      change_remote (f, changed_first, comments_first, 0);
      change_remote (f, changed_last, comments_last, OLD - k);
      g_assert_true (keika_fake_mal_remove_entry (f->mal, "Aiko", deleted));
      add_remote (f, added, "watching", 1, 0);
      entry = lookup (f, edited);
      g_assert_nonnull (entry);
      keika_list_entry_set_notes (entry, notes);
      keika_list_entry_touch (entry);
      g_assert_true (keika_store_save_entry (f->store, entry, &error));
      g_assert_no_error (error);
      /* Synced-at times no pull would write, in the store and in memory. */
      g_assert_true (keika_store_set_profile_synced_at (f->store, profile_id, OLD, TRUE, &error));
      keika_profile_set_synced_at (f->profile, OLD);
      keika_profile_set_full_synced_at (f->profile, OLD);

      before = state_of (f);
      keika_fake_sites_clear_requests (f->fake);
      keika_fake_sites_inject (f->fake, "mal", LIST, KEIKA_FAKE_FAULT_SLOW, 0, first_faulted);
      keika_fake_sites_inject (f->fake, "mal", LIST, faults[k].fault, faults[k].value,
                               faults[k].times);
      received = 0;
      ok = pull (f, TRUE, &error);

      /* The fault hit the page meant, after the pages before were received. */
      requests = keika_fake_sites_get_requests (f->fake, "mal", LIST);
      for (guint i = 0; i < MIN (requests->len, first_faulted + faults[k].n_attempts); i++)
        {
          KeikaFakeRequest *request = requests->pdata[i];
          guint page = MIN (i, first_faulted) + 1;
          g_autofree char *offset = g_strdup_printf ("%u", (page - 1) * LATER_PAGE_SIZE);

          g_assert_cmpstr (keika_fake_request_get_query (request, "offset"), ==,
                           page > 1 ? offset : NULL);
          if (page <= first_faulted)
            g_assert_cmpuint (request->status, ==, 200);
          else if (i < first_faulted + faults[k].n_attempts - 1 || faults[k].code != -1)
            g_assert_cmpint (request->fault, ==, faults[k].fault);
          else
            g_assert_cmpint (request->fault, ==, KEIKA_FAKE_FAULT_NONE);
        }
      /* A failed pull stops at the page; one that got over it goes on. */
      g_assert_cmpuint (requests->len, ==, faults[k].code != -1
                                           ? first_faulted + faults[k].n_attempts
                                           : LATER_N_PAGES + faults[k].n_attempts - 1);
      g_assert_cmpuint (keika_fake_sites_count_too_early (f->fake, "mal"), ==, 0);

      if (faults[k].code == -1)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_error (error, KEIKA_ERROR, faults[k].code);
          g_assert_false (ok);
          g_assert_cmpuint (received, ==, first_faulted * LATER_PAGE_SIZE);
          if (faults[k].fault == KEIKA_FAKE_FAULT_RATE_LIMIT)
            g_assert_cmpuint (keika_error_get_retry_after (error), ==, faults[k].value);
          g_clear_error (&error);

          after = state_of (f);
          g_assert_cmpstr (before, ==, after);
          /* The same, in the terms the user would notice. */
          g_assert_cmpint (keika_profile_get_synced_at (f->profile), ==, OLD);
          g_assert_cmpint (keika_profile_get_full_synced_at (f->profile), ==, OLD);
          g_assert_cmpstr (keika_list_entry_get_notes (lookup (f, changed_first)), !=, comments_first);
          g_assert_cmpstr (keika_list_entry_get_notes (lookup (f, changed_last)), !=, comments_last);
          g_assert_nonnull (lookup (f, deleted));
          g_assert_null (lookup (f, added));
          g_assert_cmpuint (n_journal (f), ==, k + 1);

          /* The next pull, with no fault, brings everything. */
          keika_fake_sites_clear_faults (f->fake);
          keika_fake_sites_clear_requests (f->fake);
          g_assert_true (pull (f, TRUE, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (count (f, LIST), ==, LATER_N_PAGES);
        }
      keika_fake_sites_clear_faults (f->fake);

      /* Each round one more anime gone from the site, marked, not deleted. */
      assert_has_site_list (f, k + 1);
      g_assert_cmpint (keika_profile_get_synced_at (f->profile), >, OLD);
      g_assert_cmpint (keika_profile_get_full_synced_at (f->profile), >, OLD);
      g_assert_cmpstr (keika_list_entry_get_notes (lookup (f, changed_first)), ==, comments_first);
      g_assert_cmpstr (keika_list_entry_get_notes (lookup (f, changed_last)), ==, comments_last);
      g_assert_nonnull (keika_list_entry_get_sync_problem (lookup (f, deleted)));
      g_assert_nonnull (lookup (f, added));
      /* The local change is kept, still to be pushed. */
      g_assert_cmpstr (keika_list_entry_get_notes (lookup (f, edited)), ==, notes);
      g_assert_cmpuint (n_journal (f), ==, k + 1);
      g_assert_cmpuint (count (f, "PATCH /anime"), ==, 0);
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
  /* The ghost's creation (mirrored when it was added) and the three edits. */
  g_assert_cmpuint (n_journal (f), ==, 4);

  keika_fake_sites_clear_requests (f->fake);
  g_assert_false (push (f, &n_pushed, &n_failed, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (n_pushed, ==, 2);
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_cmpuint (count (f, "PATCH /anime"), ==, 3);
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->mal, "Aiko", 42)->num_episodes_watched, ==, 2);
  rows = keika_store_list_journal (f->store, keika_profile_get_id (f->profile), KEIKA_JOURNAL_LIST_ALL, &error);
  /* Its creation and its edit, sent as one request, failed together. */
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_true (((KeikaJournalItem *) rows->pdata[i])->failed);
      g_assert_nonnull (((KeikaJournalItem *) rows->pdata[i])->last_error);
    }
  /* The entry says so; the others have nothing to say. */
  g_assert_nonnull (strstr (keika_list_entry_get_sync_problem (ghost), "Not sent to MyAnimeList"));
  g_assert_null (keika_list_entry_get_sync_problem (lookup (f, 41)));
  g_assert_null (keika_list_entry_get_sync_problem (lookup (f, 42)));

  /* Not retried by itself. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f, &n_pushed, &n_failed, &error));
  g_assert_cmpuint (count (f, NULL), ==, 0);

  /* Discarding the local change drops the row, and the problem. */
  g_assert_true (keika_sync_engine_discard_entry (f->engine, keika_list_entry_get_id (ghost), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_journal (f), ==, 0);
  g_assert_null (keika_list_entry_get_sync_problem (ghost));
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
  g_assert_null (keika_list_entry_get_sync_problem (lookup (f, 72)));

  /* A full pull sees them gone. Nothing is deleted here on the spot: 72 is
   * marked for the person to choose; 73, changed here since, is simply
   * sent back by the next push. Pulled again, 72 is marked once. */
  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);
  g_assert_nonnull (lookup (f, 71));
  g_assert_nonnull (lookup (f, 72));
  g_assert_nonnull (lookup (f, 73));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 3);
  g_assert_null (keika_list_entry_get_sync_problem (lookup (f, 71)));
  g_assert_cmpstr (keika_list_entry_get_sync_problem (lookup (f, 72)), ==,
                   "No longer on your list on MyAnimeList");
  g_assert_null (keika_list_entry_get_sync_problem (lookup (f, 73)));
  {
    g_autoptr(GPtrArray) conflicts = keika_store_list_conflicts (f->store,
                                                                 keika_list_entry_get_id (lookup (f, 72)),
                                                                 &error);

    g_assert_cmpuint (conflicts->len, ==, 1);
    g_assert_null (((KeikaConflict *) conflicts->pdata[0])->remote);
  }

  /* Back on the site by itself (added there again): the mark goes, and
   * comes again when it is gone again. */
  add_remote (f, 72, "watching", 1, OLD);
  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);
  g_assert_null (keika_list_entry_get_sync_problem (lookup (f, 72)));
  {
    g_autoptr(GPtrArray) conflicts = keika_store_list_conflicts (f->store,
                                                                 keika_list_entry_get_id (lookup (f, 72)),
                                                                 &error);

    g_assert_cmpuint (conflicts->len, ==, 0);
  }
  keika_fake_mal_remove_entry (f->mal, "Aiko", 72);
  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);
  g_assert_nonnull (keika_list_entry_get_sync_problem (lookup (f, 72)));

  /* Added back: the whole entry goes to the site, and the mark goes. */
  g_assert_true (keika_sync_engine_add_back_entry (f->engine, keika_list_entry_get_id (lookup (f, 72)),
                                                   &error));
  g_assert_no_error (error);
  g_assert_null (keika_list_entry_get_sync_problem (lookup (f, 72)));
  g_assert_true (push (f, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (keika_fake_mal_lookup_entry (f->mal, "Aiko", 72));
  g_assert_nonnull (keika_fake_mal_lookup_entry (f->mal, "Aiko", 73));
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->mal, "Aiko", 73)->num_episodes_watched, ==, 2);
  g_assert_cmpuint (n_journal (f), ==, 0);
}

/* The site keeps what the rules of an edit would not ("watching" at the
 * last episode, progress above the episode count, completed short of it):
 * the library keeps it as the site says it, so the two agree, and nothing
 * is pushed back, nor taken for a conflict or a local change; after the
 * next sync the site still holds what it held. */
static void
test_pull_as_given (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  guint n_pushed = 0, n_failed = 0;
  const struct {
    gint64      anime_id;
    const char *status;
    guint       watched;
    KeikaStatus expected;
  } shapes[] = {
    { 61, "watching", 12, KEIKA_STATUS_WATCHING },   /* the fake's anime have 12 episodes */
    { 62, "watching", 15, KEIKA_STATUS_WATCHING },
    { 63, "watching", 3, KEIKA_STATUS_WATCHING },
    { 64, "completed", 7, KEIKA_STATUS_COMPLETED },
    { 65, "on_hold", 12, KEIKA_STATUS_ON_HOLD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    add_remote (f, shapes[i].anime_id, shapes[i].status, shapes[i].watched, OLD);
  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      KeikaListEntry *entry = lookup (f, shapes[i].anime_id);

      g_assert_cmpint (keika_list_entry_get_status (entry), ==, shapes[i].expected);
      g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, shapes[i].watched);
    }
  g_assert_cmpuint (n_journal (f), ==, 0);

  /* Read back from the store as they went in. */
  {
    g_autoptr(KeikaLibrary) reloaded = keika_library_new ();

    keika_store_load_library (f->store, reloaded, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
      {
        KeikaListEntry *entry = keika_library_lookup_by_site_id (reloaded, KEIKA_SITE_MAL,
                                                                 shapes[i].anime_id);

        g_assert_cmpint (keika_list_entry_get_status (entry), ==, shapes[i].expected);
        g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, shapes[i].watched);
      }
  }

  /* The next sync: nothing changed, nothing to send, no conflict, and the
   * site holds what it held. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (pull (f, TRUE, &error));
  g_assert_true (push (f, &n_pushed, &n_failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pushed, ==, 0);
  g_assert_cmpuint (count (f, "PATCH /anime"), ==, 0);
  g_assert_cmpuint (n_journal (f), ==, 0);
  conflicts = keika_store_list_conflicts (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      const KeikaFakeMalEntry *remote = keika_fake_mal_lookup_entry (f->mal, "Aiko", shapes[i].anime_id);

      g_assert_cmpstr (remote->status, ==, shapes[i].status);
      g_assert_cmpuint (remote->num_episodes_watched, ==, shapes[i].watched);
    }

  /* Deleted on the site: marked here for the person, like any entry. */
  keika_fake_mal_remove_entry (f->mal, "Aiko", 61);
  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);
  g_assert_nonnull (keika_list_entry_get_sync_problem (lookup (f, 61)));
  g_assert_null (keika_list_entry_get_sync_problem (lookup (f, 62)));
}

/* Snapshots are written by hand: every value comes back as it went. */
static void
test_snapshot_roundtrip (void)
{
  g_autoptr(KeikaRemoteEntry) values = keika_remote_entry_new (5114);
  g_autoptr(KeikaRemoteEntry) back = NULL;
  g_autofree char *json = NULL;
  const char * const tags[] = { "a \"quoted\" tag", "back\\slash", "日本語 🍿", "", NULL };

  values->known = KEIKA_ENTRY_FIELD_ALL & ~KEIKA_ENTRY_FIELD_FINISH_DATE;
  values->status = KEIKA_STATUS_ON_HOLD;
  values->score = 85;
  values->progress = 12;
  values->rewatching = TRUE;
  values->rewatch_count = 2;
  values->priority = 1;
  values->private_ = TRUE;
  values->start_date = g_strdup ("2024-04");
  values->notes = g_strdup ("line one\nline\ttwo \x01\x1f \"q\" \\ «é» \x7f end");
  values->tags = g_strdupv ((char **) tags);
  values->updated_at = 1763800000;

  json = keika_sync_snapshot_to_json (values);
  back = keika_sync_snapshot_parse (json, 5114);
  g_assert_nonnull (back);
  g_assert_cmpuint (back->known, ==, values->known);
  g_assert_cmpint (back->status, ==, KEIKA_STATUS_ON_HOLD);
  g_assert_cmpuint (back->score, ==, 85);
  g_assert_cmpuint (back->progress, ==, 12);
  g_assert_true (back->rewatching);
  g_assert_cmpuint (back->rewatch_count, ==, 2);
  g_assert_cmpuint (back->priority, ==, 1);
  g_assert_true (back->private_);
  g_assert_false (back->favourite);
  g_assert_cmpstr (back->start_date, ==, "2024-04");
  g_assert_null (back->finish_date);
  g_assert_cmpstr (back->notes, ==, values->notes);
  g_assert_cmpstrv (back->tags, values->tags);
  g_assert_cmpint (back->updated_at, ==, 1763800000);

  /* Not a snapshot: NULL, not a crash. */
  g_assert_null (keika_sync_snapshot_parse ("{\"known\":", 1));
  g_assert_null (keika_sync_snapshot_parse ("[1,2]", 1));
  g_assert_null (keika_sync_snapshot_parse (NULL, 1));
}

static void
count_changed_cb (KeikaAccount *account,
                  guint        *n_changed)
{
  (*n_changed)++;
}

/* The accounts as a list model: one per site Keika signs in to. Nothing is
 * picked up while the library is read; then the claimed profile is, with
 * an engine of its own, and synced once (here it fails in words: the
 * keyring holds no sign-in for it). */
static void
test_accounts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.keika.Keika");
  g_autoptr(KeikaAccounts) accounts = NULL;
  g_autoptr(KeikaAccount) first = NULL;
  g_autofree char *client_id = NULL;
  KeikaAccount *mal;
  guint n_changed = 0;
  gint64 deadline;

  g_setenv ("KEIKA_MAL_API_URL", keika_fake_sites_get_url (f->fake, "mal-api"), TRUE);
  g_setenv ("KEIKA_MAL_AUTH_URL", keika_fake_sites_get_url (f->fake, "mal-auth"), TRUE);
  g_settings_set_string (settings, "mal-client-id", KEIKA_FAKE_MAL_CLIENT_ID);

  accounts = keika_accounts_new (settings, f->store, NULL, f->library, TRUE);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (accounts)) == KEIKA_TYPE_ACCOUNT);
  /* One per site Keika signs in to, in order. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (accounts)), ==, 4);
  first = g_list_model_get_item (G_LIST_MODEL (accounts), 0);
  mal = keika_accounts_get (accounts, KEIKA_SITE_MAL);
  g_assert_true (first == mal);
  g_assert_cmpint (keika_account_get_site (keika_accounts_get (accounts, KEIKA_SITE_ANILIST)), ==,
                   KEIKA_SITE_ANILIST);
  g_assert_cmpint (keika_account_get_sign_in_kind (keika_accounts_get (accounts, KEIKA_SITE_ANITRACK)),
                   ==, KEIKA_SIGN_IN_PASSWORD);
  g_assert_cmpint (keika_account_get_sign_in_kind (keika_accounts_get (accounts, KEIKA_SITE_KITSU)),
                   ==, KEIKA_SIGN_IN_PASSWORD);
  g_assert_null (keika_accounts_get (accounts, KEIKA_SITE_ANIMETHEMES));
  client_id = keika_accounts_dup_client_id (accounts, KEIKA_SITE_MAL);
  g_assert_cmpstr (client_id, ==, KEIKA_FAKE_MAL_CLIENT_ID);
  g_signal_connect (mal, "changed", G_CALLBACK (count_changed_cb), &n_changed);

  /* A sync asked for while the library is read waits for it. */
  keika_account_sync (mal, KEIKA_SYNC_FULL);
  g_assert_null (keika_account_get_profile (mal));
  g_assert_false (keika_account_get_syncing (mal, NULL, NULL, NULL));

  keika_accounts_set_loading (accounts, FALSE);
  g_assert_nonnull (keika_account_get_profile (mal));
  g_assert_cmpstr (keika_profile_get_name (keika_account_get_profile (mal)), ==, "Aiko");
  g_assert_nonnull (keika_account_get_engine (mal));
  g_assert_true (keika_account_get_syncing (mal, NULL, NULL, NULL));
  g_assert_cmpuint (n_changed, >, 0);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (keika_account_get_syncing (mal, NULL, NULL, NULL))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_test_message ("%s", keika_account_get_sync_error (mal));
  g_assert_nonnull (keika_account_get_sync_error (mal));

  /* The schedule: tried a moment ago, so not again by itself; pulled
   * lately, so not even when the network comes back; not pulled for 4 hours
   * and the network back: pulled. (It pulls only with a network route.) */
  if (!g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    {
      g_test_skip ("The machine has no network route: the schedule does not pull");
      goto out;
    }
  keika_accounts_sync_due (accounts, FALSE);
  g_assert_false (keika_account_get_syncing (mal, NULL, NULL, NULL));
  keika_profile_set_synced_at (keika_account_get_profile (mal), g_get_real_time () / G_USEC_PER_SEC);
  keika_accounts_sync_due (accounts, TRUE);
  g_assert_false (keika_account_get_syncing (mal, NULL, NULL, NULL));
  keika_profile_set_synced_at (keika_account_get_profile (mal),
                               g_get_real_time () / G_USEC_PER_SEC - 4 * 3600);
  keika_accounts_sync_due (accounts, TRUE);
  g_assert_true (keika_account_get_syncing (mal, NULL, NULL, NULL));
  while (keika_account_get_syncing (mal, NULL, NULL, NULL))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

out:
  g_settings_reset (settings, "mal-client-id");
  g_unsetenv ("KEIKA_MAL_API_URL");
  g_unsetenv ("KEIKA_MAL_AUTH_URL");
}

/* Five +1 clicks, then a score: one request carrying the final values, and
 * every journal row cleared. */
static void
test_push_coalesced (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaFakeRequest) patch = NULL;
  guint n_pushed = 0, n_failed = 0;
  KeikaListEntry *entry;

  add_remote (f, 24, "watching", 3, OLD);
  add_remote (f, 25, "watching", 1, OLD);
  g_assert_true (pull (f, TRUE, &error));
  g_assert_no_error (error);

  for (guint i = 4; i <= 8; i++)
    edit_progress (f, 24, i);
  edit_progress (f, 25, 2);
  entry = lookup (f, 24);
  keika_list_entry_set_score (entry, 80);
  keika_list_entry_touch (entry);
  g_assert_true (keika_store_save_entry (f->store, entry, &error));
  g_assert_cmpuint (n_journal (f), ==, 7);

  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f, &n_pushed, &n_failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_cmpuint (count (f, "PATCH /anime/24/my_list_status"), ==, 1);
  g_assert_cmpuint (count (f, "PATCH /anime/25/my_list_status"), ==, 1);
  g_assert_cmpuint (count (f, NULL), ==, 2);
  patch = keika_fake_sites_get_last_request (f->fake, "mal", "PATCH /anime/24/my_list_status");
  g_assert_cmpstr (keika_fake_request_get_form (patch, "num_watched_episodes"), ==, "8");
  g_assert_cmpstr (keika_fake_request_get_form (patch, "score"), ==, "8");
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->mal, "Aiko", 24)->num_episodes_watched, ==, 8);
  g_assert_cmpuint (n_journal (f), ==, 0);

  /* Pulled again: the site holds what was sent, nothing left to send. */
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (pull (f, FALSE, &error));
  g_assert_true (push (f, &n_pushed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f, "PATCH /anime"), ==, 0);
  g_assert_cmpuint (keika_list_entry_get_progress (lookup (f, 24)), ==, 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/sync/snapshot/roundtrip", test_snapshot_roundtrip);
  ADD ("/sync/pull/pages", test_pull_pages);
  ADD ("/sync/pull/deleted", test_pull_deleted);
  ADD ("/sync/pull/as-given", test_pull_as_given);
  ADD ("/sync/accounts", test_accounts);
  ADD ("/sync/push/coalesced", test_push_coalesced);
  ADD ("/sync/pull/faults", test_pull_faults);
  ADD ("/sync/pull/later-page-fault", test_pull_later_page_fault);
  ADD ("/sync/push/one", test_push_one);
  ADD ("/sync/push/100", test_push_100);
  ADD ("/sync/push/isolation", test_push_isolation);
  ADD ("/sync/push/offline-restart", test_offline_restart);
  ADD ("/sync/push/delete", test_delete);
  ADD ("/sync/conflict", test_conflict);

  return g_test_run ();
}
