/* test-mirror.c — one library mirrored to MyAnimeList and AniList at once,
 * against the fake sites and their shared catalogue
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaMirrorTest"

#include "config.h"

#include <glib/gstdio.h>

#include "keika-anilist-site.h"
#include "keika-kitsu-site.h"
#include "keika-fake-anilist.h"
#include "keika-fake-catalog.h"
#include "keika-fake-kitsu.h"
#include "keika-fake-mal.h"
#include "keika-fake-sites.h"
#include "keika-mal-site-private.h"
#include "keika-net.h"
#include "keika-score.h"
#include "keika-sync-engine.h"
#include "test-util.h"

#define USER "Aiko"
#define OLD (1700000000)    /* 2023-11-14 */
#define NEWER (1710000000)  /* 2024-03-09 */

/* The catalogue: the same anime with other ids and counts on each site. */
enum
{
  A_MAL = 9001, A_ANILIST = 19001, A_KITSU = 29001,  /* on every site */
  B_MAL = 9002, B_ANILIST = 19002, B_KITSU = 29002,  /* …, edited later on AniList */
  C_MAL = 9003, C_ANILIST = 19003,  /* MyAnimeList counts 10 episodes, AniList 12 */
  D_ANILIST = 19004,                /* only on AniList */
  E_MAL = 9005,                     /* only on MyAnimeList */
};

typedef struct
{
  KeikaFakeSites   *fake;
  KeikaFakeMal     *fake_mal;
  KeikaFakeAnilist *fake_anilist;
  KeikaHttpClient  *client;
  KeikaMalSite     *mal;
  KeikaAnilistSite *anilist;
  char             *dir;
  char             *path;
  KeikaStore       *store;
  KeikaLibrary     *library;
  KeikaProfile     *mal_profile;
  KeikaProfile     *anilist_profile;
  KeikaSyncEngine  *mal_engine;
  KeikaSyncEngine  *anilist_engine;
} Fixture;

static void
add_catalogue (Fixture *f)
{
  const KeikaFakeCatalogAnime anime[] = {
    { .mal_id = A_MAL, .anilist_id = A_ANILIST, .kitsu_id = A_KITSU, .romaji = "Aoi Sora",
      .mal_episodes = 12, .anilist_episodes = 12 },
    { .mal_id = B_MAL, .anilist_id = B_ANILIST, .kitsu_id = B_KITSU, .romaji = "Beni no Tsuki",
      .mal_episodes = 24, .anilist_episodes = 24 },
    { .mal_id = C_MAL, .anilist_id = C_ANILIST, .romaji = "Chiisana Hoshi", .mal_episodes = 10,
      .anilist_episodes = 12, .status = "RELEASING" },
    { .anilist_id = D_ANILIST, .romaji = "Doko made mo" , .anilist_episodes = 6 },
    { .mal_id = E_MAL, .romaji = "Eien no Natsu", .mal_episodes = 1, .format = "MOVIE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (anime); i++)
    keika_fake_sites_add_catalog_anime (f->fake, &anime[i]);
}

static void
open_engines (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = keika_store_open (f->path, &error);
  g_assert_no_error (error);
  f->library = keika_library_new ();
  g_assert_true (keika_store_load_library (f->store, f->library, &error));
  g_assert_no_error (error);
  if (f->mal_profile == NULL)
    {
      f->mal_profile = keika_profile_new (KEIKA_SITE_MAL, USER);
      keika_profile_set_claimed (f->mal_profile, TRUE);
      g_assert_true (keika_store_add_profile (f->store, f->mal_profile, &error));
      f->anilist_profile = keika_profile_new (KEIKA_SITE_ANILIST, USER);
      keika_profile_set_claimed (f->anilist_profile, TRUE);
      g_assert_true (keika_store_add_profile (f->store, f->anilist_profile, &error));
      g_assert_no_error (error);
    }
  f->mal_engine = keika_sync_engine_new (f->store, f->library, f->mal_profile,
                                         KEIKA_SITE_SERVICE (f->mal));
  f->anilist_engine = keika_sync_engine_new (f->store, f->library, f->anilist_profile,
                                             KEIKA_SITE_SERVICE (f->anilist));
}

static void
close_engines (Fixture *f)
{
  g_clear_object (&f->mal_engine);
  g_clear_object (&f->anilist_engine);
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
  g_autofree char *token = NULL;
  g_autofree char *account = NULL;

  f->fake = keika_fake_sites_new (&error);
  g_assert_no_error (error);
  f->fake_mal = keika_fake_sites_get_mal (f->fake);
  f->fake_anilist = keika_fake_sites_get_anilist (f->fake);
  keika_fake_sites_set_rate_limit (f->fake, "anilist", 0, 0);
  keika_fake_mal_add_user (f->fake_mal, USER);
  keika_fake_anilist_add_user (f->fake_anilist, USER);
  add_catalogue (f);

  f->client = keika_http_client_new ();
  keika_http_client_set_retry (f->client, 3, 20);
  keika_http_client_set_timeout (f->client, 10000);

  f->mal = g_object_new (KEIKA_TYPE_MAL_SITE,
                         "client-id", KEIKA_FAKE_MAL_CLIENT_ID,
                         "api-url", keika_fake_sites_get_url (f->fake, "mal-api"),
                         "auth-url", keika_fake_sites_get_url (f->fake, "mal-auth"),
                         "redirect-port", 0,
                         "http-client", f->client,
                         NULL);
  keika_fake_mal_issue_tokens (f->fake_mal, USER, &access, &refresh);
  keika_site_base_set_tokens (KEIKA_SITE_BASE (f->mal), access, refresh,
                              g_get_real_time () / G_USEC_PER_SEC + 3600);

  g_setenv ("KEIKA_ANILIST_API_URL", keika_fake_sites_get_url (f->fake, "anilist-api"), TRUE);
  g_setenv ("KEIKA_ANILIST_AUTH_URL", keika_fake_sites_get_url (f->fake, "anilist-auth"), TRUE);
  account = g_strdup_printf ("%" G_GINT64_FORMAT, keika_fake_anilist_get_user_id (f->fake_anilist, USER));
  f->anilist = keika_anilist_site_new (KEIKA_FAKE_ANILIST_CLIENT_ID, NULL);
  keika_site_base_set_http_client (KEIKA_SITE_BASE (f->anilist), f->client);
  keika_site_base_set_rate (KEIKA_SITE_BASE (f->anilist), 0);
  /* In memory only: the test's keyring is not needed. */
  keika_site_base_set_account (KEIKA_SITE_BASE (f->anilist), account);
  token = keika_fake_anilist_issue_token (f->fake_anilist, USER, 365 * 24 * 3600);
  keika_anilist_site_set_token (f->anilist, token);

  f->dir = g_dir_make_tmp ("keika-test-mirror-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "keika.db", NULL);
  open_engines (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  close_engines (f);
  g_clear_object (&f->mal_profile);
  g_clear_object (&f->anilist_profile);
  g_clear_object (&f->mal);
  g_clear_object (&f->anilist);
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
pull (KeikaSyncEngine  *engine,
      gboolean          full,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_sync_engine_pull_async (engine, full, NULL, test_store_result_cb, &result);
  return keika_sync_engine_pull_finish (engine, test_wait_for (&result), error);
}

static gboolean
push (KeikaSyncEngine  *engine,
      guint            *n_pushed,
      guint            *n_failed,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keika_sync_engine_push_async (engine, NULL, test_store_result_cb, &result);
  return keika_sync_engine_push_finish (engine, test_wait_for (&result), n_pushed, n_failed, error);
}

/* A sync of both sites, as the accounts run it: each pulls, then sends. */
static void
sync_both (Fixture  *f,
           gboolean  full)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pull (f->mal_engine, full, &error));
  g_assert_no_error (error);
  push (f->mal_engine, NULL, NULL, NULL);
  g_assert_true (pull (f->anilist_engine, full, &error));
  g_assert_no_error (error);
  push (f->anilist_engine, NULL, NULL, NULL);
  /* What AniList brought in goes to MyAnimeList. */
  push (f->mal_engine, NULL, NULL, NULL);
}

static guint
n_writes (Fixture    *f,
          const char *site)
{
  if (g_str_equal (site, "mal"))
    return keika_fake_sites_count_requests (f->fake, "mal", "PATCH /anime") +
           keika_fake_sites_count_requests (f->fake, "mal", "DELETE /anime");
  /* AniList: every mutation; queries are reads. */
  {
    g_autoptr(GPtrArray) requests = keika_fake_sites_get_requests (f->fake, "anilist", NULL);
    guint n = 0;

    for (guint i = 0; i < requests->len; i++)
      {
        KeikaFakeRequest *request = requests->pdata[i];
        gsize size;
        const char *body = g_bytes_get_data (request->body, &size);

        if (g_str_equal (request->method, "POST") && body != NULL &&
            g_strstr_len (body, size, "mutation") != NULL)
          n++;
      }
    return n;
  }
}

static KeikaListEntry *
lookup (Fixture  *f,
        KeikaSite site,
        gint64    id)
{
  return keika_library_lookup_by_site_id (f->library, site, id);
}

static void
add_mal (Fixture    *f,
         gint64      anime_id,
         const char *status,
         guint       score,
         guint       watched,
         gint64      updated_at)
{
  KeikaFakeMalEntry entry = { .anime_id = anime_id, .status = status, .score = score,
                              .num_episodes_watched = watched, .updated_at = updated_at };

  keika_fake_mal_add_entry (f->fake_mal, USER, &entry);
}

static void
add_anilist (Fixture    *f,
             gint64      media_id,
             const char *status,
             guint       score_raw,
             guint       progress,
             gint64      updated_at)
{
  KeikaFakeAnilistEntry entry = { .media_id = media_id, .status = status, .score_raw = score_raw,
                                  .progress = progress, .updated_at = updated_at };

  keika_fake_anilist_add_entry (f->fake_anilist, USER, &entry);
}

/* Both lists into one library, then the library back to both: each anime
 * found by its ids (never its title), the newer change kept, what one site
 * lacks sent to it, what a site cannot have said so on the entry. */
static void
test_first_link (Fixture       *f,
                 gconstpointer  data)
{
  const KeikaFakeMalEntry *mal_entry;
  const KeikaFakeAnilistEntry *anilist_entry;
  KeikaListEntry *entry;

  add_mal (f, A_MAL, "watching", 7, 3, OLD);
  add_mal (f, B_MAL, "completed", 8, 24, OLD);
  add_mal (f, E_MAL, "plan_to_watch", 0, 0, OLD);
  add_anilist (f, B_ANILIST, "COMPLETED", 85, 24, NEWER);
  /* 12 of 12 on AniList, where MyAnimeList still counts 10. */
  add_anilist (f, C_ANILIST, "CURRENT", 0, 12, OLD);
  add_anilist (f, D_ANILIST, "PLANNING", 0, 0, OLD);

  sync_both (f, TRUE);

  /* One entry per anime: A, B, C, D, E. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, 5);
  entry = lookup (f, KEIKA_SITE_MAL, B_MAL);
  g_assert_true (entry == lookup (f, KEIKA_SITE_ANILIST, B_ANILIST));
  /* The later change (AniList's score) won, and went to MyAnimeList. */
  g_assert_cmpuint (keika_list_entry_get_score (entry), ==, 85);
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->fake_mal, USER, B_MAL)->score, ==, 8);

  /* C as AniList has it: watching 12 of 12, not completed, not cut to
   * MyAnimeList's 10 episodes; the count is the highest a site gives. */
  entry = lookup (f, KEIKA_SITE_ANILIST, C_ANILIST);
  g_assert_nonnull (entry);
  g_assert_true (entry == lookup (f, KEIKA_SITE_MAL, C_MAL));
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_WATCHING);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 12);
  g_assert_cmpuint (keika_anime_get_episodes (keika_list_entry_get_anime (entry)), ==, 12);
  mal_entry = keika_fake_mal_lookup_entry (f->fake_mal, USER, C_MAL);
  g_assert_nonnull (mal_entry);
  g_assert_cmpstr (mal_entry->status, ==, "watching");

  /* A went to AniList, found there by its MyAnimeList id. */
  anilist_entry = keika_fake_anilist_lookup_entry (f->fake_anilist, USER, A_ANILIST);
  g_assert_nonnull (anilist_entry);
  g_assert_cmpstr (anilist_entry->status, ==, "CURRENT");
  g_assert_cmpuint (anilist_entry->progress, ==, 3);
  g_assert_cmpuint (anilist_entry->score_raw, ==, 70);
  g_assert_cmpint (keika_anime_get_site_id (keika_list_entry_get_anime (lookup (f, KEIKA_SITE_MAL, A_MAL)),
                                            KEIKA_SITE_ANILIST), ==, A_ANILIST);

  /* D is not on MyAnimeList, E not on AniList: said on the entry, kept. */
  entry = lookup (f, KEIKA_SITE_ANILIST, D_ANILIST);
  g_assert_nonnull (entry);
  g_assert_nonnull (keika_list_entry_get_sync_problem (entry));
  g_assert_nonnull (strstr (keika_list_entry_get_sync_problem (entry), "Not on MyAnimeList yet"));
  entry = lookup (f, KEIKA_SITE_MAL, E_MAL);
  g_assert_nonnull (keika_list_entry_get_sync_problem (entry));
  g_assert_nonnull (strstr (keika_list_entry_get_sync_problem (entry), "Not on AniList yet"));
  g_assert_null (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, 0));
  g_assert_cmpuint (keika_fake_anilist_get_n_entries (f->fake_anilist, USER), ==, 4);
  g_assert_cmpuint (keika_fake_mal_get_n_entries (f->fake_mal, USER), ==, 4);

  /* In step now: another sync of both sends nothing and changes nothing. */
  keika_fake_sites_clear_requests (f->fake);
  sync_both (f, TRUE);
  g_assert_cmpuint (n_writes (f, "mal"), ==, 0);
  g_assert_cmpuint (n_writes (f, "anilist"), ==, 0);
  /* The lookups are not repeated either. */
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, "anilist", NULL), ==, 1);
}

/* One edit, five quick +1: one request per site carrying the last value. */
static void
test_edit_everywhere (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KeikaListEntry *entry;

  add_mal (f, A_MAL, "watching", 7, 3, OLD);
  sync_both (f, TRUE);
  g_assert_nonnull (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, A_ANILIST));

  entry = lookup (f, KEIKA_SITE_MAL, A_MAL);
  for (guint i = 0; i < 5; i++)
    {
      keika_list_entry_set_progress (entry, 4 + i);
      keika_list_entry_touch (entry);
      g_assert_true (keika_store_save_entry (f->store, entry, &error));
      g_assert_no_error (error);
    }
  /* Five rows for each site. */
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 10);

  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f->mal_engine, NULL, NULL, &error));
  g_assert_true (push (f->anilist_engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_writes (f, "mal"), ==, 1);
  g_assert_cmpuint (n_writes (f, "anilist"), ==, 1);
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->fake_mal, USER, A_MAL)->num_episodes_watched, ==, 8);
  g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, A_ANILIST)->progress, ==, 8);
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 0);
}

/* A site that fails holds up nothing; its changes wait and go once it is
 * back, each exactly once. */
static void
test_one_site_failing (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KeikaListEntry *entry;
  guint fault;

  add_mal (f, A_MAL, "watching", 7, 3, OLD);
  add_mal (f, B_MAL, "watching", 6, 1, OLD);
  sync_both (f, TRUE);

  fault = keika_fake_sites_inject (f->fake, "anilist", NULL, KEIKA_FAKE_FAULT_SERVER_ERROR, 503,
                                   KEIKA_FAKE_FOREVER);
  entry = lookup (f, KEIKA_SITE_MAL, A_MAL);
  keika_list_entry_set_score (entry, 90);
  keika_list_entry_touch (entry);
  g_assert_true (keika_store_save_entry (f->store, entry, &error));
  entry = lookup (f, KEIKA_SITE_MAL, B_MAL);
  keika_list_entry_set_progress (entry, 2);
  keika_list_entry_touch (entry);
  g_assert_true (keika_store_save_entry (f->store, entry, &error));
  g_assert_no_error (error);

  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f->mal_engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (push (f->anilist_engine, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* MyAnimeList has both; AniList's two rows wait. */
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->fake_mal, USER, A_MAL)->score, ==, 9);
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->fake_mal, USER, B_MAL)->num_episodes_watched, ==, 2);
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 2);
  g_assert_null (keika_list_entry_get_sync_problem (lookup (f, KEIKA_SITE_MAL, A_MAL)));

  /* Back: each change goes once; MyAnimeList is not asked again. */
  keika_fake_sites_remove_fault (f->fake, fault);
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f->anilist_engine, NULL, NULL, &error));
  g_assert_true (push (f->mal_engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_writes (f, "anilist"), ==, 2);
  g_assert_cmpuint (n_writes (f, "mal"), ==, 0);
  g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, A_ANILIST)->score_raw, ==, 90);
  g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, B_ANILIST)->progress, ==, 2);
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 0);
}

/* The raw score survives ten syncs through both sites, whatever each
 * site's scale keeps of it. */
static void
test_scores_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  static const guint raws[] = { 73, 55, 100, 1, 99, 38 };
  const gint64 mal_ids[] = { A_MAL, B_MAL, C_MAL };
  g_autoptr(GError) error = NULL;

  add_mal (f, A_MAL, "watching", 0, 1, OLD);
  add_mal (f, B_MAL, "watching", 0, 1, OLD);
  add_mal (f, C_MAL, "watching", 0, 1, OLD);
  sync_both (f, TRUE);

  for (guint r = 0; r < G_N_ELEMENTS (raws); r += 3)
    {
      for (guint i = 0; i < 3; i++)
        {
          KeikaListEntry *entry = lookup (f, KEIKA_SITE_MAL, mal_ids[i]);

          keika_list_entry_set_score (entry, raws[r + i]);
          keika_list_entry_touch (entry);
          g_assert_true (keika_store_save_entry (f->store, entry, &error));
          g_assert_no_error (error);
        }

      for (guint round = 0; round < 10; round++)
        sync_both (f, round % 3 == 0);

      for (guint i = 0; i < 3; i++)
        {
          KeikaListEntry *entry = lookup (f, KEIKA_SITE_MAL, mal_ids[i]);
          gint64 anilist_id = keika_anime_get_site_id (keika_list_entry_get_anime (entry),
                                                       KEIKA_SITE_ANILIST);

          g_assert_cmpuint (keika_list_entry_get_score (entry), ==, raws[r + i]);
          g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, anilist_id)->score_raw,
                            ==, raws[r + i]);
          g_assert_cmpuint (keika_fake_mal_lookup_entry (f->fake_mal, USER, mal_ids[i])->score, ==,
                            keika_score_to_site (raws[r + i], KEIKA_SITE_MAL));
        }
      g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 0);
    }
}

/* An expired AniList sign-in: the changes wait, said in words; the other
 * site goes on. */
static void
test_expired_anilist (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KeikaListEntry *entry;

  add_mal (f, A_MAL, "watching", 7, 3, OLD);
  sync_both (f, TRUE);

  keika_fake_anilist_expire_tokens (f->fake_anilist);
  entry = lookup (f, KEIKA_SITE_MAL, A_MAL);
  keika_list_entry_set_progress (entry, 5);
  keika_list_entry_touch (entry);
  g_assert_true (keika_store_save_entry (f->store, entry, &error));
  g_assert_no_error (error);

  g_assert_false (push (f->anilist_engine, NULL, NULL, &error));
  g_assert_error (error, KEIKA_ERROR, KEIKA_ERROR_SIGNED_OUT);
  g_clear_error (&error);
  g_assert_true (push (f->mal_engine, NULL, NULL, &error));
  g_assert_no_error (error);
  /* AniList's row waits for a new sign-in; it was not given up. */
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 1);
  g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, A_ANILIST)->progress, ==, 3);

  /* Signed in again: it goes. */
  {
    g_autofree char *token = keika_fake_anilist_issue_token (f->fake_anilist, USER, 3600);

    keika_anilist_site_set_token (f->anilist, token);
  }
  g_assert_true (push (f->anilist_engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, A_ANILIST)->progress, ==, 5);
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 0);
}

/* A push cut off (the process gone) between two entries: after a restart
 * each journalled change is sent once, none twice. */
static void
test_restart_mid_push (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  const gint64 ids[] = { A_MAL, B_MAL, C_MAL };
  guint sent;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    add_mal (f, ids[i], "watching", 5, 1, OLD);
  sync_both (f, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      KeikaListEntry *entry = lookup (f, KEIKA_SITE_MAL, ids[i]);

      keika_list_entry_set_progress (entry, 2);
      keika_list_entry_touch (entry);
      g_assert_true (keika_store_save_entry (f->store, entry, &error));
      g_assert_no_error (error);
    }

  /* The first answer is slow; the process ends while it is awaited. */
  keika_fake_sites_clear_requests (f->fake);
  keika_fake_sites_inject (f->fake, "anilist", NULL, KEIKA_FAKE_FAULT_SLOW, 300, 1);
  keika_sync_engine_push_async (f->anilist_engine, cancellable, test_store_result_cb, &result);
  while (keika_fake_sites_count_requests (f->fake, "anilist", NULL) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  g_assert_false (keika_sync_engine_push_finish (f->anilist_engine, test_wait_for (&result),
                                                 NULL, NULL, NULL));
  close_engines (f);
  open_engines (f);

  g_assert_true (push (f->anilist_engine, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Each entry's change reached AniList; the cut-off one may have arrived
   * before the end (then sent again, with the same values), no other twice. */
  sent = n_writes (f, "anilist");
  g_assert_cmpuint (sent, >=, 3);
  g_assert_cmpuint (sent, <=, 4);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      KeikaListEntry *entry = lookup (f, KEIKA_SITE_MAL, ids[i]);
      gint64 anilist_id = keika_anime_get_site_id (keika_list_entry_get_anime (entry),
                                                   KEIKA_SITE_ANILIST);

      g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, anilist_id)->progress, ==, 2);
    }
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 3);  /* MyAnimeList's */

  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (f->anilist_engine, NULL, NULL, &error));
  g_assert_cmpuint (n_writes (f, "anilist"), ==, 0);
}

/* An anime a site has no match for: the person picks it from the site's
 * search, and the entry's change goes there; never picked by title alone. */
static void
test_choose_by_hand (Fixture       *f,
                     gconstpointer  data)
{
  const KeikaFakeCatalogAnime later = { .anilist_id = 19005, .romaji = "Eien no Natsu (Movie)",
                                        .anilist_episodes = 1, .format = "MOVIE" };
  g_autoptr(GError) error = NULL;
  KeikaListEntry *entry;
  const KeikaFakeAnilistEntry *on_anilist;

  add_mal (f, E_MAL, "completed", 9, 1, OLD);
  sync_both (f, TRUE);
  entry = lookup (f, KEIKA_SITE_MAL, E_MAL);
  g_assert_nonnull (strstr (keika_list_entry_get_sync_problem (entry), "Not on AniList yet"));
  /* AniList has it under another entry with no MyAnimeList id: a person
   * can tell, Keika does not guess. */
  keika_fake_sites_add_catalog_anime (f->fake, &later);
  sync_both (f, TRUE);
  g_assert_null (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, 19005));

  g_assert_true (keika_sync_engine_map_entry (f->anilist_engine, keika_list_entry_get_id (entry),
                                              19005, &error));
  g_assert_no_error (error);
  g_assert_cmpint (keika_anime_get_site_id (keika_list_entry_get_anime (entry), KEIKA_SITE_ANILIST),
                   ==, 19005);
  g_assert_true (push (f->anilist_engine, NULL, NULL, &error));
  g_assert_no_error (error);
  on_anilist = keika_fake_anilist_lookup_entry (f->fake_anilist, USER, 19005);
  g_assert_nonnull (on_anilist);
  g_assert_cmpstr (on_anilist->status, ==, "COMPLETED");
  g_assert_cmpuint (on_anilist->score_raw, ==, 90);
  g_assert_null (keika_list_entry_get_sync_problem (entry));

  /* Kept: the next syncs link it and send nothing more. */
  keika_fake_sites_clear_requests (f->fake);
  sync_both (f, TRUE);
  g_assert_cmpuint (n_writes (f, "anilist"), ==, 0);
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 0);
}

/* One edit mirrored to three sites, one of them failing for a while: the
 * others get it at once, the failing one once it is back, each once. */
static void
test_three_sites (Fixture       *f,
                  gconstpointer  data)
{
  KeikaFakeKitsu *fake_kitsu = keika_fake_sites_get_kitsu (f->fake);
  g_autoptr(KeikaKitsuSite) kitsu = NULL;
  g_autoptr(KeikaProfile) kitsu_profile = NULL;
  g_autoptr(KeikaSyncEngine) kitsu_engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  KeikaListEntry *entry;
  guint fault;

  account = g_strdup_printf ("%" G_GINT64_FORMAT,
                             keika_fake_kitsu_add_user (fake_kitsu, USER, "aiko@example.org", NULL));
  keika_fake_kitsu_issue_tokens (fake_kitsu, USER, &access, &refresh);
  g_setenv ("KEIKA_KITSU_API_URL", keika_fake_sites_get_url (f->fake, "kitsu-api"), TRUE);
  g_setenv ("KEIKA_KITSU_AUTH_URL", keika_fake_sites_get_url (f->fake, "kitsu-auth"), TRUE);
  kitsu = keika_kitsu_site_new (account);
  keika_site_base_set_http_client (KEIKA_SITE_BASE (kitsu), f->client);
  keika_site_base_set_tokens (KEIKA_SITE_BASE (kitsu), access, refresh,
                              g_get_real_time () / G_USEC_PER_SEC + 3600);

  add_mal (f, A_MAL, "watching", 7, 3, OLD);
  add_mal (f, B_MAL, "completed", 8, 24, OLD);
  sync_both (f, TRUE);

  /* Kitsu signed in: its empty list is filled from the library, each anime
   * found there by its MyAnimeList id. */
  kitsu_profile = keika_profile_new (KEIKA_SITE_KITSU, USER);
  keika_profile_set_claimed (kitsu_profile, TRUE);
  g_assert_true (keika_store_add_profile (f->store, kitsu_profile, &error));
  kitsu_engine = keika_sync_engine_new (f->store, f->library, kitsu_profile, KEIKA_SITE_SERVICE (kitsu));
  g_assert_true (pull (kitsu_engine, TRUE, &error));
  g_assert_no_error (error);
  push (kitsu_engine, NULL, NULL, NULL);
  g_assert_nonnull (keika_fake_kitsu_lookup_entry (fake_kitsu, USER, A_KITSU));
  g_assert_cmpuint (keika_fake_kitsu_lookup_entry (fake_kitsu, USER, A_KITSU)->progress, ==, 3);
  g_assert_cmpstr (keika_fake_kitsu_lookup_entry (fake_kitsu, USER, B_KITSU)->status, ==, "completed");

  /* One edit; Kitsu down. */
  fault = keika_fake_sites_inject (f->fake, "kitsu", NULL, KEIKA_FAKE_FAULT_SERVER_ERROR, 503,
                                   KEIKA_FAKE_FOREVER);
  entry = lookup (f, KEIKA_SITE_MAL, A_MAL);
  keika_list_entry_set_progress (entry, 4);
  keika_list_entry_touch (entry);
  g_assert_true (keika_store_save_entry (f->store, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 3);

  keika_fake_sites_clear_requests (f->fake);
  g_assert_false (push (kitsu_engine, NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_true (push (f->mal_engine, NULL, NULL, &error));
  g_assert_true (push (f->anilist_engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_writes (f, "mal"), ==, 1);
  g_assert_cmpuint (n_writes (f, "anilist"), ==, 1);
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->fake_mal, USER, A_MAL)->num_episodes_watched, ==, 4);
  g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, A_ANILIST)->progress, ==, 4);
  g_assert_cmpuint (keika_fake_kitsu_lookup_entry (fake_kitsu, USER, A_KITSU)->progress, ==, 3);
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 1);

  /* Back: it goes, once; the others are not asked again. */
  keika_fake_sites_remove_fault (f->fake, fault);
  keika_fake_sites_clear_requests (f->fake);
  g_assert_true (push (kitsu_engine, NULL, NULL, &error));
  g_assert_true (push (f->mal_engine, NULL, NULL, &error));
  g_assert_true (push (f->anilist_engine, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (keika_fake_kitsu_lookup_entry (fake_kitsu, USER, A_KITSU)->progress, ==, 4);
  g_assert_cmpuint (keika_fake_sites_count_requests (f->fake, "kitsu", "PATCH /library-entries"), ==, 1);
  g_assert_cmpuint (n_writes (f, "mal") + n_writes (f, "anilist"), ==, 0);
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 0);
}

/* "Send my changes here" off: the edits wait for that profile; on again,
 * they go. */
static void
test_send_switch (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KeikaListEntry *entry;

  add_mal (f, A_MAL, "watching", 7, 3, OLD);
  sync_both (f, TRUE);

  keika_profile_set_send_changes (f->anilist_profile, FALSE);
  g_assert_true (keika_store_add_profile (f->store, f->anilist_profile, &error));
  entry = lookup (f, KEIKA_SITE_MAL, A_MAL);
  keika_list_entry_set_progress (entry, 6);
  keika_list_entry_touch (entry);
  g_assert_true (keika_store_save_entry (f->store, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 2);
  g_assert_false (keika_profile_get_send_changes (f->anilist_profile));
}

/* The same person's list on both sites, in each site's terms, is linked
 * without conflicts: a score as a coarser site keeps it (67 on AniList is 7
 * on MyAnimeList), a value only one site has fills the other, and only
 * what a site lacks is sent to it. A real difference is still a conflict,
 * the newer side winning. @anilist_first: AniList is linked first. */
static void
same_list (Fixture  *f,
           gboolean  anilist_first)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  KeikaFakeMalEntry mal_a = { .anime_id = A_MAL, .status = "watching", .score = 7,
                              .num_episodes_watched = 3, .start_date = "2021-02",
                              .updated_at = OLD };
  KeikaFakeAnilistEntry anilist_a = { .media_id = A_ANILIST, .status = "CURRENT", .score_raw = 67,
                                      .progress = 3, .started_at = { 2021, 2, 0 },
                                      .notes = "  Rewatch with Ren\n", .updated_at = OLD };
  KeikaListEntry *entry;

  keika_fake_mal_add_entry (f->fake_mal, USER, &mal_a);
  keika_fake_anilist_add_entry (f->fake_anilist, USER, &anilist_a);
  /* B: a score on MyAnimeList only. */
  add_mal (f, B_MAL, "completed", 8, 24, OLD);
  add_anilist (f, B_ANILIST, "COMPLETED", 0, 24, OLD);
  /* C: really changed later on AniList. */
  add_mal (f, C_MAL, "watching", 0, 5, OLD);
  add_anilist (f, C_ANILIST, "COMPLETED", 0, 12, NEWER);

  if (anilist_first)
    {
      g_assert_true (pull (f->anilist_engine, TRUE, &error));
      g_assert_true (pull (f->mal_engine, TRUE, &error));
    }
  else
    {
      g_assert_true (pull (f->mal_engine, TRUE, &error));
      g_assert_true (pull (f->anilist_engine, TRUE, &error));
    }
  g_assert_no_error (error);
  keika_fake_sites_clear_requests (f->fake);
  push (f->mal_engine, NULL, NULL, NULL);
  push (f->anilist_engine, NULL, NULL, NULL);

  /* A: AniList's finer score and its notes, exactly; the partial date. */
  entry = lookup (f, KEIKA_SITE_MAL, A_MAL);
  g_assert_true (entry == lookup (f, KEIKA_SITE_ANILIST, A_ANILIST));
  g_assert_cmpuint (keika_list_entry_get_score (entry), ==, 67);
  g_assert_cmpstr (keika_list_entry_get_notes (entry), ==, "  Rewatch with Ren\n");
  g_assert_cmpstr (keika_list_entry_get_start_date (entry), ==, "2021-02");
  g_assert_null (keika_list_entry_get_sync_problem (entry));
  /* B: MyAnimeList's score, sent to AniList. */
  entry = lookup (f, KEIKA_SITE_MAL, B_MAL);
  g_assert_cmpuint (keika_list_entry_get_score (entry), ==, 80);
  g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, B_ANILIST)->score_raw,
                    ==, 80);
  /* C: AniList's newer change won, and the other side is on record. */
  entry = lookup (f, KEIKA_SITE_MAL, C_MAL);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_COMPLETED);
  g_assert_cmpstr (keika_fake_mal_lookup_entry (f->fake_mal, USER, C_MAL)->status, ==,
                   "completed");
  conflicts = keika_store_list_conflicts (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpint (((KeikaConflict *) conflicts->pdata[0])->entry_id, ==,
                   keika_list_entry_get_id (entry));

  /* Sent: to MyAnimeList A's notes and C; to AniList B's score. Nothing
   * else, and nothing is left waiting. */
  g_assert_cmpuint (n_writes (f, "mal"), ==, 2);
  g_assert_cmpstr (keika_fake_mal_lookup_entry (f->fake_mal, USER, A_MAL)->comments, ==,
                   "  Rewatch with Ren\n");
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->fake_mal, USER, A_MAL)->score, ==, 7);
  g_assert_cmpuint (n_writes (f, "anilist"), ==, 1);
  g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, A_ANILIST)->score_raw,
                    ==, 67);
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 0);

  /* Later edits: a score MyAnimeList shows otherwise is sent to it, one it
   * shows the same is not (AniList gets both). */
  entry = lookup (f, KEIKA_SITE_MAL, A_MAL);
  keika_list_entry_set_score (entry, 64);
  keika_list_entry_touch (entry);
  g_assert_true (keika_store_save_entry (f->store, entry, &error));
  keika_fake_sites_clear_requests (f->fake);
  push (f->mal_engine, NULL, NULL, NULL);
  push (f->anilist_engine, NULL, NULL, NULL);
  g_assert_cmpuint (n_writes (f, "mal"), ==, 1);
  g_assert_cmpuint (keika_fake_mal_lookup_entry (f->fake_mal, USER, A_MAL)->score, ==, 6);
  g_assert_cmpuint (keika_fake_anilist_lookup_entry (f->fake_anilist, USER, A_ANILIST)->score_raw,
                    ==, 64);
  keika_list_entry_set_score (entry, 66);
  keika_list_entry_touch (entry);
  g_assert_true (keika_store_save_entry (f->store, entry, &error));
  keika_fake_sites_clear_requests (f->fake);
  push (f->mal_engine, NULL, NULL, NULL);
  push (f->anilist_engine, NULL, NULL, NULL);
  g_assert_cmpuint (n_writes (f, "mal"), ==, 0);
  g_assert_cmpuint (n_writes (f, "anilist"), ==, 1);
  g_assert_cmpuint (keika_store_count_journal (f->store, NULL), ==, 0);
  g_assert_no_error (error);
}

static void
test_same_list_mal_first (Fixture       *f,
                          gconstpointer  data)
{
  same_list (f, FALSE);
}

static void
test_same_list_anilist_first (Fixture       *f,
                              gconstpointer  data)
{
  same_list (f, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/mirror/first-link", test_first_link);
  ADD ("/mirror/edit-everywhere", test_edit_everywhere);
  ADD ("/mirror/one-site-failing", test_one_site_failing);
  ADD ("/mirror/scores-round-trip", test_scores_round_trip);
  ADD ("/mirror/expired-anilist", test_expired_anilist);
  ADD ("/mirror/restart-mid-push", test_restart_mid_push);
  ADD ("/mirror/send-switch", test_send_switch);
  ADD ("/mirror/choose-by-hand", test_choose_by_hand);
  ADD ("/mirror/three-sites", test_three_sites);
  ADD ("/mirror/same-list/mal-first", test_same_list_mal_first);
  ADD ("/mirror/same-list/anilist-first", test_same_list_anilist_first);
#undef ADD

  return g_test_run ();
}
