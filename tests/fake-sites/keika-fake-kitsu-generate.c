/* keika-fake-kitsu-generate.c: the fake Kitsu's users and libraries as
 * tests set them up: entries added as they are, the sample library, and
 * generated ones of any size
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include "keika-fake-catalog.h"
#include "keika-fake-kitsu-private.h"

KitsuUser *
keika_fake_kitsu_user_new (gint64      id,
                           const char *name,
                           const char *email,
                           const char *password)
{
  KitsuUser *user = g_new0 (KitsuUser, 1);

  user->id = id;
  user->name = g_strdup (name);
  user->email = g_strdup (email);
  user->password = g_strdup (password);
  user->created_at = 1500000000 + id;
  user->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                         (GDestroyNotify) keika_fake_kitsu_entry_free);

  return user;
}

void
keika_fake_kitsu_user_free (KitsuUser *user)
{
  g_free (user->name);
  g_free (user->email);
  g_free (user->password);
  g_hash_table_unref (user->entries);
  g_free (user);
}

static KitsuUser *
find_user (KeikaFakeKitsu *self,
           const char     *name)
{
  g_autofree char *key = keika_fake_kitsu_user_key (name);

  return g_hash_table_lookup (self->users, key);
}

/* Public */

/**
 * keika_fake_kitsu_add_entry:
 * @user: a user name; the user is created if needed
 * @entry: the entry; copied as it is (no rule of the server applies)
 *
 * Adds @entry to the user's library, or replaces the one of its anime
 * (keeping its id).
 *
 * Returns: the entry's id
 */
gint64
keika_fake_kitsu_add_entry (KeikaFakeKitsu            *self,
                            const char                *user,
                            const KeikaFakeKitsuEntry *entry)
{
  KitsuEntry *item;
  KitsuEntry *old;
  KitsuUser *u;
  KitsuAnime *anime;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), 0);
  g_return_val_if_fail (user != NULL && entry != NULL && entry->anime_id > 0, 0);

  keika_fake_kitsu_add_user (self, user, NULL, NULL);
  u = find_user (self, user);

  item = g_new0 (KitsuEntry, 1);
  item->pub = *entry;
  item->pub.status = g_strdup (entry->status != NULL ? entry->status : "planned");
  item->pub.notes = g_strdup (entry->notes);
  item->pub.started_at = g_strdup (entry->started_at);
  item->pub.finished_at = g_strdup (entry->finished_at);
  item->user = u;
  item->updated_us = entry->updated_at > 0 ? entry->updated_at * G_USEC_PER_SEC
                                           : keika_fake_kitsu_write_time (self);
  item->pub.updated_at = item->updated_us / G_USEC_PER_SEC;
  item->created_us = item->updated_us - (gint64) 86400 * G_USEC_PER_SEC;
  item->progressed_us = item->pub.progress > 0 ? item->updated_us : 0;

  old = g_hash_table_lookup (u->entries, &entry->anime_id);
  if (old != NULL)
    {
      item->pub.id = old->pub.id;
      keika_fake_kitsu_delete_entry (self, old);
    }
  else
    item->pub.id = ++self->last_entry_id;
  g_hash_table_insert (u->entries, &item->pub.anime_id, item);
  g_hash_table_insert (self->entries_by_id, &item->pub.id, item);

  if ((anime = keika_fake_kitsu_find_anime (self, entry->anime_id)) != NULL)
    anime->unit_guess = MAX (anime->unit_guess, entry->progress + 1);

  return item->pub.id;
}

/* Returns: (transfer none) (nullable): the user's entry of the anime */
const KeikaFakeKitsuEntry *
keika_fake_kitsu_lookup_entry (KeikaFakeKitsu *self,
                               const char     *user,
                               gint64          anime_id)
{
  KitsuUser *u;
  KitsuEntry *entry;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), NULL);

  u = find_user (self, user);
  entry = u != NULL ? g_hash_table_lookup (u->entries, &anime_id) : NULL;

  return entry != NULL ? &entry->pub : NULL;
}

gboolean
keika_fake_kitsu_remove_entry (KeikaFakeKitsu *self,
                               const char     *user,
                               gint64          anime_id)
{
  KitsuUser *u;
  KitsuEntry *entry;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), FALSE);

  u = find_user (self, user);
  if (u == NULL || (entry = g_hash_table_lookup (u->entries, &anime_id)) == NULL)
    return FALSE;

  keika_fake_kitsu_delete_entry (self, entry);
  return TRUE;
}

guint
keika_fake_kitsu_get_n_entries (KeikaFakeKitsu *self,
                                const char     *user)
{
  KitsuUser *u;

  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), 0);

  u = find_user (self, user);

  return u != NULL ? g_hash_table_size (u->entries) : 0;
}

/**
 * keika_fake_kitsu_add_sample_entries:
 *
 * Eight entries over the built-in catalogue, with the odd shapes a real
 * library has: completed with a rewatch and notes in spaces and line
 * breaks; a start at New Year's midnight (a year alone, imported) and a
 * finish at 22:00 UTC (midnight two hours east); ONE PIECE far past 50
 * episodes with no episode count; current at the last episode; dropped
 * and private; reconsuming; on hold with no rating; planned; the anime
 * only Kitsu has, rated the lowest, 2.
 */
void
keika_fake_kitsu_add_sample_entries (KeikaFakeKitsu *self,
                                     const char     *user)
{
  const KeikaFakeKitsuEntry samples[] = {
    { 0, 1, "completed", 26, 18, FALSE, 1, "  Rewatch with  friends \n\n  ", FALSE,
      "2019-01-01T00:00:00.000Z", "2019-02-03T22:00:00.000Z", 1717200000 },
    { 0, 12, "current", 1100, 0, FALSE, 0, NULL, FALSE, "2012-05-01T00:00:00.000Z", NULL,
      1717286400 },
    { 0, 5646, "current", 24, 20, FALSE, 0, "", FALSE, NULL, NULL, 1717372800 },
    { 0, 1376, "dropped", 12, 7, FALSE, 0, NULL, TRUE, "2007-03-10T12:00:00.000Z", NULL,
      1717459200 },
    { 0, 46474, "current", 10, 19, TRUE, 1, "Second time\nwith subtitles", FALSE,
      "2024-02-01T12:00:00.000Z", "2024-03-22T12:00:00.000Z", 1717545600 },
    { 0, 7442, "on_hold", 5, 0, FALSE, 0, NULL, FALSE, "2013-04-07T00:00:00.000+09:00", NULL,
      1717632000 },
    { 0, 11614, "planned", 0, 0, FALSE, 0, NULL, FALSE, NULL, NULL, 1717718400 },
    { 0, 99001, "completed", 6, 2, FALSE, 0, NULL, FALSE, "2022-10-07T12:00:00.000Z",
      "2022-10-08T12:00:00.000Z", 1717804800 },
  };

  g_return_if_fail (KEIKA_IS_FAKE_KITSU (self));

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    if (keika_fake_kitsu_has_anime (self, samples[i].anime_id))
      keika_fake_kitsu_add_entry (self, user, &samples[i]);
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = (*(KitsuAnime **) a)->id;
  gint64 y = (*(KitsuAnime **) b)->id;

  return (x > y) - (x < y);
}

/* At least @n anime, by id; the shared catalogue grows when needed. */
static GPtrArray *
dup_enough_anime (KeikaFakeKitsu *self,
                  guint           n,
                  guint32         seed)
{
  GPtrArray *anime = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer item;

  while (g_hash_table_size (self->anime) < n)
    {
      guint missing = n - g_hash_table_size (self->anime);

      keika_fake_sites_generate_catalog (self->sites, missing + missing / 16 + 8, seed);
    }
  g_hash_table_iter_init (&iter, self->anime);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    g_ptr_array_add (anime, item);
  g_ptr_array_sort (anime, compare_ids);

  return anime;
}

/**
 * keika_fake_kitsu_generate_entries:
 * @user: a user name; the user is created if needed
 * @n_entries: how many entries
 * @seed: the seed of the generator
 *
 * Adds @n_entries entries over the anime by id, the same for the same
 * @seed and catalogue, with odd but valid shapes: current at the last
 * episode (as an import leaves it), notes with surrounding spaces and line
 * breaks, reconsuming, private, null ratings and ratings across 2–20, dates
 * at New Year's midnight or 22:00 UTC, none at all. Updates are from 2024
 * on, an hour or so apart (the highest index newest), one in ten at the
 * same second as the one before.
 */
void
keika_fake_kitsu_generate_entries (KeikaFakeKitsu *self,
                                   const char     *user,
                                   guint           n_entries,
                                   guint32         seed)
{
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GPtrArray) anime = NULL;
  gint64 previous_update = 0;

  g_return_if_fail (KEIKA_IS_FAKE_KITSU (self));
  g_return_if_fail (user != NULL);

  anime = dup_enough_anime (self, n_entries, seed);
  rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n_entries; i++)
    {
      const KitsuAnime *a = g_ptr_array_index (anime, i);
      KeikaFakeKitsuEntry entry = { 0, };
      g_autofree char *notes = NULL;
      g_autofree char *started = NULL;
      g_autofree char *finished = NULL;
      guint episodes = a->episode_count;
      int roll = g_rand_int_range (rand, 0, 100);
      guint year = g_rand_int_range (rand, 2005, 2025);

      entry.anime_id = a->id;
      entry.status = roll < 16 ? "current" : roll < 60 ? "completed" : roll < 67 ? "on_hold"
                     : roll < 74 ? "dropped" : "planned";
      if (g_str_equal (entry.status, "completed"))
        entry.progress = episodes > 0 ? episodes : (guint) g_rand_int_range (rand, 1, 50);
      else if (!g_str_equal (entry.status, "planned"))
        entry.progress = episodes > 0 ? (guint) g_rand_int_range (rand, 0, episodes + 1)
                                      : (guint) g_rand_int_range (rand, 0, 50);
      if (g_str_equal (entry.status, "current") && i % 11 == 5 && episodes > 0)
        entry.progress = episodes;

      if (!g_str_equal (entry.status, "planned") && i % 6 != 4)
        entry.rating_twenty = g_rand_int_range (rand, 2, 21);
      if (g_str_equal (entry.status, "current") && i % 5 == 2)
        {
          entry.reconsuming = TRUE;
          entry.reconsume_count = g_rand_int_range (rand, 1, 4);
        }
      entry.is_private = i % 13 == 2;
      if (i % 7 == 3)
        notes = g_strdup_printf ("  Watched with “friends” \n\tepisode %u was \"great\" ★\n  ",
                                 entry.progress);
      else if (i % 29 == 10)
        notes = g_strdup ("Line one\r\nLine two");
      entry.notes = notes;

      if (!g_str_equal (entry.status, "planned"))
        {
          started = i % 4 == 0 ? g_strdup_printf ("%u-01-01T00:00:00.000Z", year)
                               : g_strdup_printf ("%u-%02d-%02dT22:00:00.000Z", year,
                                                  g_rand_int_range (rand, 1, 13),
                                                  g_rand_int_range (rand, 1, 29));
          if (g_str_equal (entry.status, "completed"))
            finished = g_strdup_printf ("%u-%02d-%02dT12:00:00.000Z", year + 1,
                                        g_rand_int_range (rand, 1, 13),
                                        g_rand_int_range (rand, 1, 29));
        }
      entry.started_at = started;
      entry.finished_at = finished;

      entry.updated_at = 1704067200 + (gint64) i * 3600 + g_rand_int_range (rand, 0, 3600);
      if (i % 10 == 9)
        entry.updated_at = previous_update;
      previous_update = entry.updated_at;

      keika_fake_kitsu_add_entry (self, user, &entry);
    }
}
