/* keika-fake-anilist-lists.c: the fake AniList's media, users and lists
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-anilist-private.h"
#include "keika-fake-catalog.h"

/* AniList's user and list-entry ids are large numbers of their own ranges. */
#define USER_ID_BASE          5400000
#define ENTRY_ID_BASE         410000000

static const char * const list_statuses[] = {
  "CURRENT", "PLANNING", "COMPLETED", "DROPPED", "PAUSED", "REPEATING", NULL
};

static const char * const score_formats[] = {
  "POINT_100", "POINT_10_DECIMAL", "POINT_10", "POINT_5", "POINT_3", NULL
};

/* Data */

void
keika_fake_anilist_media_free (AnilistMedia *media)
{
  g_free (media->romaji);
  g_free (media->english);
  g_free (media->native);
  g_strfreev (media->synonyms);
  g_free (media->format);
  g_free (media->status);
  g_free (media->season);
  g_strfreev (media->genres);
  g_free (media->search_key);
  g_free (media);
}

static void
entry_free (AnilistEntry *entry)
{
  g_free ((char *) entry->pub.notes);
  g_strfreev ((char **) entry->pub.custom_lists);
  g_free (entry);
}

void
keika_fake_anilist_user_free (AnilistUser *user)
{
  g_free (user->name);
  g_free (user->score_format);
  g_hash_table_unref (user->entries);
  g_ptr_array_unref (user->custom_lists);
  g_free (user);
}

char *
keika_fake_anilist_user_key (const char *name)
{
  return g_utf8_casefold (name, -1);
}

AnilistUser *
keika_fake_anilist_find_user (KeikaFakeAnilist *self,
                              const char       *name)
{
  g_autofree char *key = keika_fake_anilist_user_key (name);

  return g_hash_table_lookup (self->users, key);
}

AnilistUser *
keika_fake_anilist_find_user_by_id (KeikaFakeAnilist *self,
                                    gint64            id)
{
  return g_hash_table_lookup (self->users_by_id, &id);
}

AnilistUser *
keika_fake_anilist_ensure_user (KeikaFakeAnilist *self,
                                const char       *name)
{
  AnilistUser *user = keika_fake_anilist_find_user (self, name);

  if (user == NULL)
    {
      keika_fake_anilist_add_user (self, name);
      user = keika_fake_anilist_find_user (self, name);
    }

  return user;
}

AnilistMedia *
keika_fake_anilist_find_media (KeikaFakeAnilist *self,
                               gint64            id)
{
  return g_hash_table_lookup (self->media, &id);
}

static int
compare_media (gconstpointer a,
               gconstpointer b)
{
  const AnilistMedia *x = *(const AnilistMedia * const *) a;
  const AnilistMedia *y = *(const AnilistMedia * const *) b;

  return (x->id > y->id) - (x->id < y->id);
}

/* Returns: (transfer container) (element-type AnilistMedia): every media, by id */
GPtrArray *
keika_fake_anilist_dup_media_by_id (KeikaFakeAnilist *self)
{
  GPtrArray *media = g_ptr_array_sized_new (g_hash_table_size (self->media));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->media);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (media, value);
  g_ptr_array_sort (media, compare_media);

  return media;
}

AnilistEntry *
keika_fake_anilist_find_entry (KeikaFakeAnilist *self,
                               gint64            entry_id)
{
  return g_hash_table_lookup (self->entries_by_id, &entry_id);
}

/* A new entry of @user for @media_id, PLANNING, with a fresh list-entry id. */
AnilistEntry *
keika_fake_anilist_create_entry (KeikaFakeAnilist *self,
                                 AnilistUser      *user,
                                 gint64            media_id)
{
  AnilistEntry *entry = g_new0 (AnilistEntry, 1);

  g_assert (g_hash_table_lookup (user->entries, &media_id) == NULL);

  entry->user = user;
  entry->pub.id = ENTRY_ID_BASE + ++self->last_entry_id;
  entry->pub.media_id = media_id;
  entry->pub.status = g_intern_static_string ("PLANNING");
  entry->pub.custom_lists = (const char * const *) g_new0 (char *, 1);
  g_hash_table_insert (user->entries, &entry->pub.media_id, entry);
  g_hash_table_insert (self->entries_by_id, &entry->pub.id, entry);

  return entry;
}

void
keika_fake_anilist_touch_entry (KeikaFakeAnilist *self,
                                AnilistEntry     *entry,
                                gint64            unix_time)
{
  entry->pub.updated_at = unix_time != 0 ? unix_time : g_get_real_time () / G_USEC_PER_SEC;
  if (entry->pub.created_at == 0)
    entry->pub.created_at = entry->pub.updated_at;
  entry->sequence = ++self->last_sequence;
}

void
keika_fake_anilist_set_entry_notes (AnilistEntry *entry,
                                    const char   *notes)
{
  char *old = (char *) entry->pub.notes;

  /* @notes may be the old notes. */
  entry->pub.notes = (notes != NULL && *notes != '\0') ? g_strdup (notes) : NULL;
  g_free (old);
}

static gboolean
has_string (GPtrArray  *strings,
            const char *string)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), string))
      return TRUE;

  return FALSE;
}

/* The entry is in exactly the custom lists @names; new names become custom
 * lists of its user. */
void
keika_fake_anilist_set_entry_lists (AnilistEntry       *entry,
                                    const char * const *names)
{
  GPtrArray *kept = g_ptr_array_new ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      if (*names[i] == '\0' || has_string (kept, names[i]))
        continue;
      g_ptr_array_add (kept, g_strdup (names[i]));
      if (!has_string (entry->user->custom_lists, names[i]))
        g_ptr_array_add (entry->user->custom_lists, g_strdup (names[i]));
    }
  g_ptr_array_add (kept, NULL);

  g_strfreev ((char **) entry->pub.custom_lists);
  entry->pub.custom_lists = (const char * const *) g_ptr_array_free (kept, FALSE);
}

void
keika_fake_anilist_delete_entry (KeikaFakeAnilist *self,
                                 AnilistEntry     *entry)
{
  g_hash_table_remove (self->entries_by_id, &entry->pub.id);
  g_hash_table_remove (entry->user->entries, &entry->pub.media_id);
}

/* Public: users and the catalogue */

/**
 * keika_fake_anilist_add_user:
 * @name: a user name (unique, compared without case)
 *
 * Returns: the id of the user, new or already there
 */
gint64
keika_fake_anilist_add_user (KeikaFakeAnilist *self,
                             const char       *name)
{
  g_autofree char *key = NULL;
  AnilistUser *user;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), 0);
  g_return_val_if_fail (name != NULL && *name != '\0', 0);

  key = keika_fake_anilist_user_key (name);
  user = g_hash_table_lookup (self->users, key);
  if (user != NULL)
    return user->id;

  user = g_new0 (AnilistUser, 1);
  user->id = USER_ID_BASE + ++self->last_user_id;
  user->name = g_strdup (name);
  user->score_format = g_strdup ("POINT_10_DECIMAL");
  user->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                         (GDestroyNotify) entry_free);
  user->custom_lists = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_insert (self->users, g_steal_pointer (&key), user);
  g_hash_table_insert (self->users_by_id, &user->id, user);

  return user->id;
}

/* The id of a user, or 0. */
gint64
keika_fake_anilist_get_user_id (KeikaFakeAnilist *self,
                                const char       *name)
{
  AnilistUser *user;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  user = keika_fake_anilist_find_user (self, name);

  return user != NULL ? user->id : 0;
}

/* A private user's list is read only with their own token; others get
 * 404 "Private User". The user is created if needed. */
void
keika_fake_anilist_set_user_private (KeikaFakeAnilist *self,
                                     const char       *user,
                                     gboolean          is_private)
{
  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));
  g_return_if_fail (user != NULL);

  keika_fake_anilist_ensure_user (self, user)->is_private = !!is_private;
}

/**
 * keika_fake_anilist_set_score_format:
 * @format: POINT_100, POINT_10_DECIMAL (the default), POINT_10, POINT_5 or POINT_3
 *
 * The format of `score` without a format argument, and of the score given to
 * SaveMediaListEntry. The user is created if needed.
 */
void
keika_fake_anilist_set_score_format (KeikaFakeAnilist *self,
                                     const char       *user,
                                     const char       *format)
{
  AnilistUser *u;

  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (format != NULL && g_strv_contains (score_formats, format));

  u = keika_fake_anilist_ensure_user (self, user);
  g_free (u->score_format);
  u->score_format = g_strdup (format);
}

static char **
dup_strv (const char * const *strv)
{
  return strv != NULL ? g_strdupv ((char **) strv) : g_new0 (char *, 1);
}

/* Adds a media to the catalogue, or replaces the one with its id. */
void
keika_fake_anilist_add_anime (KeikaFakeAnilist            *self,
                              const KeikaFakeAnilistAnime *anime)
{
  g_autoptr(GString) key = NULL;
  AnilistMedia *old;
  AnilistMedia *m;

  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));
  g_return_if_fail (anime != NULL && anime->id > 0 && anime->romaji != NULL);

  old = keika_fake_anilist_find_media (self, anime->id);
  if (old != NULL && old->id_mal != 0)
    g_hash_table_remove (self->media_by_mal, &old->id_mal);

  m = g_new0 (AnilistMedia, 1);
  m->id = anime->id;
  m->id_mal = anime->id_mal;
  m->romaji = g_strdup (anime->romaji);
  m->english = g_strdup (anime->english);
  m->native = g_strdup (anime->native);
  m->synonyms = dup_strv (anime->synonyms);
  m->format = g_strdup (anime->format != NULL ? anime->format : "TV");
  m->episodes = anime->episodes;
  m->status = g_strdup (anime->status != NULL ? anime->status : "FINISHED");
  m->season = g_strdup (anime->season);
  m->season_year = anime->season_year;
  m->genres = dup_strv (anime->genres);
  m->is_adult = anime->is_adult;
  m->next_episode = anime->next_episode;

  key = g_string_new (NULL);
  g_string_append_printf (key, "%s\n%s\n%s\n", m->romaji, m->english != NULL ? m->english : "",
                          m->native != NULL ? m->native : "");
  for (guint i = 0; m->synonyms[i] != NULL; i++)
    g_string_append_printf (key, "%s\n", m->synonyms[i]);
  m->search_key = g_utf8_casefold (key->str, -1);

  g_hash_table_replace (self->media, &m->id, m);
  if (m->id_mal != 0)
    g_hash_table_replace (self->media_by_mal, &m->id_mal, m);
}

gboolean
keika_fake_anilist_has_anime (KeikaFakeAnilist *self,
                              gint64            media_id)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), FALSE);

  return keika_fake_anilist_find_media (self, media_id) != NULL;
}

guint
keika_fake_anilist_get_n_anime (KeikaFakeAnilist *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), 0);

  return g_hash_table_size (self->media);
}

/* Public: lists */

/**
 * keika_fake_anilist_add_entry:
 * @user: a user name; the user is created if needed
 * @entry: the entry; its media is added to the catalogue as "Anime ID" if missing
 *
 * Adds an entry to the list of @user, or replaces the one of the same media
 * (which keeps its list-entry id).
 *
 * Returns: the list-entry id
 */
gint64
keika_fake_anilist_add_entry (KeikaFakeAnilist            *self,
                              const char                  *user,
                              const KeikaFakeAnilistEntry *entry)
{
  AnilistUser *u;
  AnilistEntry *e;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), 0);
  g_return_val_if_fail (user != NULL, 0);
  g_return_val_if_fail (entry != NULL && entry->media_id > 0, 0);
  g_return_val_if_fail (entry->status == NULL || g_strv_contains (list_statuses, entry->status), 0);
  g_return_val_if_fail (entry->score_raw <= 100, 0);

  if (keika_fake_anilist_find_media (self, entry->media_id) == NULL)
    {
      g_autofree char *title = g_strdup_printf ("Anime %" G_GINT64_FORMAT, entry->media_id);
      KeikaFakeAnilistAnime anime = { .id = entry->media_id, .romaji = title, .episodes = 12 };

      keika_fake_anilist_add_anime (self, &anime);
    }

  u = keika_fake_anilist_ensure_user (self, user);
  e = g_hash_table_lookup (u->entries, &entry->media_id);
  if (e == NULL)
    e = keika_fake_anilist_create_entry (self, u, entry->media_id);

  e->pub.status = g_intern_string (entry->status != NULL ? entry->status : "PLANNING");
  e->pub.score_raw = entry->score_raw;
  e->pub.progress = entry->progress;
  e->pub.repeat = entry->repeat;
  e->pub.priority = entry->priority;
  e->pub.is_private = entry->is_private;
  keika_fake_anilist_set_entry_notes (e, entry->notes);
  e->pub.hidden_from_status_lists = entry->hidden_from_status_lists;
  keika_fake_anilist_set_entry_lists (e, entry->custom_lists);
  e->pub.started_at = entry->started_at;
  e->pub.completed_at = entry->completed_at;
  e->pub.created_at = entry->created_at;
  keika_fake_anilist_touch_entry (self, e, entry->updated_at);

  return e->pub.id;
}

/**
 * keika_fake_anilist_lookup_entry:
 *
 * Returns: (transfer none) (nullable): the entry of @media_id on @user's list
 *   as the fake holds it, valid until the next change to the list
 */
const KeikaFakeAnilistEntry *
keika_fake_anilist_lookup_entry (KeikaFakeAnilist *self,
                                 const char       *user,
                                 gint64            media_id)
{
  AnilistUser *u;
  AnilistEntry *e;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  u = keika_fake_anilist_find_user (self, user);
  if (u == NULL)
    return NULL;
  e = g_hash_table_lookup (u->entries, &media_id);

  return e != NULL ? &e->pub : NULL;
}

gboolean
keika_fake_anilist_remove_entry (KeikaFakeAnilist *self,
                                 const char       *user,
                                 gint64            media_id)
{
  AnilistUser *u;
  AnilistEntry *e;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  u = keika_fake_anilist_find_user (self, user);
  e = u != NULL ? g_hash_table_lookup (u->entries, &media_id) : NULL;
  if (e == NULL)
    return FALSE;
  keika_fake_anilist_delete_entry (self, e);

  return TRUE;
}

guint
keika_fake_anilist_get_n_entries (KeikaFakeAnilist *self,
                                  const char       *user)
{
  AnilistUser *u;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), 0);
  g_return_val_if_fail (user != NULL, 0);

  u = keika_fake_anilist_find_user (self, user);

  return u != NULL ? g_hash_table_size (u->entries) : 0;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const KeikaFakeAnilistEntry *x = *(const KeikaFakeAnilistEntry * const *) a;
  const KeikaFakeAnilistEntry *y = *(const KeikaFakeAnilistEntry * const *) b;

  return (x->media_id > y->media_id) - (x->media_id < y->media_id);
}

/**
 * keika_fake_anilist_get_entries:
 *
 * Returns: (transfer container) (element-type KeikaFakeAnilistEntry) (nullable):
 *   the live entries of @user's list by media id (read-only, valid until the
 *   next change), or NULL when there is no such user
 */
GPtrArray *
keika_fake_anilist_get_entries (KeikaFakeAnilist *self,
                                const char       *user)
{
  GPtrArray *entries;
  GHashTableIter iter;
  gpointer value;
  AnilistUser *u;

  g_return_val_if_fail (KEIKA_IS_FAKE_ANILIST (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  u = keika_fake_anilist_find_user (self, user);
  if (u == NULL)
    return NULL;

  entries = g_ptr_array_sized_new (g_hash_table_size (u->entries));
  g_hash_table_iter_init (&iter, u->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (entries, &((AnilistEntry *) value)->pub);
  g_ptr_array_sort (entries, compare_entries);

  return entries;
}

/**
 * keika_fake_anilist_add_sample_entries:
 *
 * A dozen entries over the built-in catalogue, in the shapes a list on
 * AniList takes: CURRENT at the last episode, REPEATING, private, notes
 * with surrounding spaces and line breaks, partial dates, an entry only in a
 * custom list, one in two custom lists, scores that are not multiples of
 * ten, an anime AniList has and MyAnimeList has not.
 */
void
keika_fake_anilist_add_sample_entries (KeikaFakeAnilist *self,
                                       const char       *user)
{
  static const char * const favourites[] = { "Favourites", NULL };
  static const char * const long_runners[] = { "Favourites", "Long runners", NULL };
  const KeikaFakeAnilistEntry entries[] = {
    { .media_id = 1, .status = "COMPLETED", .score_raw = 93, .progress = 26,
      .started_at = { 2019, 1, 5 }, .completed_at = { 2019, 2, 10 },
      .notes = "See you, space cowboy…", .updated_at = 1549800000 },
    { .media_id = 5114, .status = "CURRENT", .score_raw = 97, .progress = 64,
      .started_at = { 2024, 3, 0 }, .updated_at = 1712000000 },
    { .media_id = 16498, .status = "PAUSED", .progress = 5, .updated_at = 1690000000 },
    { .media_id = 1535, .status = "DROPPED", .score_raw = 38, .progress = 12, .priority = 1,
      .updated_at = 1600000000 },
    { .media_id = 154587, .status = "PLANNING", .priority = 2, .updated_at = 1720000000 },
    { .media_id = 199, .status = "COMPLETED", .score_raw = 85, .progress = 1, .repeat = 2,
      .completed_at = { 2001, 0, 0 }, .updated_at = 1500000000 },
    { .media_id = 9253, .status = "REPEATING", .score_raw = 100, .progress = 3, .repeat = 1,
      .started_at = { 2011, 4, 6 }, .completed_at = { 2011, 9, 14 }, .updated_at = 1715000000 },
    { .media_id = 17074, .status = "COMPLETED", .score_raw = 77, .progress = 26,
      .is_private = TRUE,
      .notes = "  Watched in broadcast order.\n\n  Then in release order.  \n",
      .updated_at = 1650000000 },
    { .media_id = 21519, .status = "COMPLETED", .score_raw = 91, .progress = 1,
      .hidden_from_status_lists = TRUE, .custom_lists = favourites,
      .completed_at = { 2016, 8, 26 }, .updated_at = 1480000000 },
    { .media_id = 21, .status = "CURRENT", .score_raw = 88, .progress = 1100,
      .custom_lists = long_runners, .updated_at = 1725000000 },
    { .media_id = 21004, .status = "DROPPED", .score_raw = 55, .progress = 30,
      .started_at = { 2015, 0, 0 }, .updated_at = 1440000000 },
    { .media_id = 171018, .status = "CURRENT", .score_raw = 63, .progress = 4,
      .notes = "Only on AniList.", .updated_at = 1730000000 },
  };

  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));
  g_return_if_fail (user != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    keika_fake_anilist_add_entry (self, user, &entries[i]);
}

static KeikaFakeAnilistDate
make_date (GRand *rand,
           guint  year)
{
  KeikaFakeAnilistDate date = { year, 0, 0 };

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      break;
    case 1:
      date.month = g_rand_int_range (rand, 1, 13);
      break;
    default:
      date.month = g_rand_int_range (rand, 1, 13);
      date.day = g_rand_int_range (rand, 1, 29);
      break;
    }

  return date;
}

/* At least @n media, by id; the catalogue grows when it has fewer. */
static GPtrArray *
dup_enough_media (KeikaFakeAnilist *self,
                  guint             n,
                  guint32           seed)
{
  GPtrArray *media = keika_fake_anilist_dup_media_by_id (self);

  while (media->len < n)
    {
      guint missing = n - media->len;

      keika_fake_sites_generate_catalog (self->sites, missing + missing / 16 + 8, seed);
      g_ptr_array_unref (media);
      media = keika_fake_anilist_dup_media_by_id (self);
    }

  return media;
}

/**
 * keika_fake_anilist_generate_entries:
 * @user: a user name; the user is created if needed
 * @n_entries: how many entries
 * @seed: the seed of the generator
 *
 * Adds @n_entries entries, the same for the same @seed and catalogue, over
 * the catalogue's media by id (the shared catalogue grows with
 * keika_fake_sites_generate_catalog() when it is too small). The shapes are
 * those of keika_fake_anilist_add_sample_entries(), often: CURRENT at the
 * last episode, notes with surrounding spaces and line breaks, partial
 * dates, entries only in a custom list, REPEATING, private, raw scores
 * across 0–100. Updates are from 2024 on, an hour or so apart (the highest
 * index newest), and one in ten has the updatedAt of the one before it.
 */
void
keika_fake_anilist_generate_entries (KeikaFakeAnilist *self,
                                     const char       *user,
                                     guint             n_entries,
                                     guint32           seed)
{
  static const char * const favourites[] = { "Favourites", NULL };
  static const char * const rewatch[] = { "To rewatch", "Favourites", NULL };
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GPtrArray) media = NULL;
  gint64 previous_update = 0;
  AnilistUser *u;

  g_return_if_fail (KEIKA_IS_FAKE_ANILIST (self));
  g_return_if_fail (user != NULL);

  u = keika_fake_anilist_ensure_user (self, user);
  media = dup_enough_media (self, n_entries, seed);
  rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n_entries; i++)
    {
      const AnilistMedia *m = g_ptr_array_index (media, i);
      KeikaFakeAnilistEntry entry = { 0, };
      g_autofree char *notes = NULL;
      guint episodes = m->episodes;
      int roll = g_rand_int_range (rand, 0, 100);
      int score = g_rand_int_range (rand, 0, 101);

      entry.media_id = m->id;
      entry.status = roll < 14 ? "CURRENT" : roll < 58 ? "COMPLETED" : roll < 65 ? "PAUSED"
                     : roll < 72 ? "DROPPED" : roll < 94 ? "PLANNING" : "REPEATING";

      if (g_str_equal (entry.status, "COMPLETED"))
        entry.progress = episodes > 0 ? episodes : (guint) g_rand_int_range (rand, 1, 50);
      else if (!g_str_equal (entry.status, "PLANNING"))
        entry.progress = episodes > 0 ? (guint) g_rand_int_range (rand, 0, episodes + 1)
                                      : (guint) g_rand_int_range (rand, 0, 300);
      if (g_str_equal (entry.status, "CURRENT") && i % 23 == 5 && episodes > 0)
        entry.progress = episodes;

      /* Mostly not multiples of ten; some none at all. */
      if (!g_str_equal (entry.status, "PLANNING") && i % 17 != 3)
        entry.score_raw = score % 10 == 0 && score > 0 && i % 4 != 0 ? score - 3 : score;

      if (g_str_equal (entry.status, "REPEATING"))
        entry.repeat = g_rand_int_range (rand, 1, 4);
      else if (g_str_equal (entry.status, "COMPLETED") && g_rand_int_range (rand, 0, 8) == 0)
        entry.repeat = g_rand_int_range (rand, 1, 5);
      if (i % 9 == 0)
        entry.priority = g_rand_int_range (rand, 1, 6);
      entry.is_private = i % 13 == 2;

      if (i % 7 == 3)
        notes = g_strdup_printf ("  Watched with “friends” \n\tepisode %u was \"great\" ★\n"
                                 "  ", entry.progress);
      else if (i % 29 == 10)
        notes = g_strdup ("Line one\r\nLine two");
      entry.notes = notes;

      if (i % 19 == 4)
        {
          entry.hidden_from_status_lists = TRUE;
          entry.custom_lists = favourites;
        }
      else if (i % 12 == 7)
        entry.custom_lists = rewatch;
      else if (i % 6 == 1)
        entry.custom_lists = favourites;

      if (!g_str_equal (entry.status, "PLANNING"))
        {
          guint year = g_rand_int_range (rand, 2005, 2025);

          entry.started_at = make_date (rand, year);
          if (g_str_equal (entry.status, "COMPLETED") || g_str_equal (entry.status, "REPEATING"))
            entry.completed_at = make_date (rand, year + 1);
        }

      entry.updated_at = 1704067200 + (gint64) i * 3600 + g_rand_int_range (rand, 0, 3600);
      if (i % 10 == 9)
        entry.updated_at = previous_update;
      previous_update = entry.updated_at;
      entry.created_at = entry.updated_at - g_rand_int_range (rand, 0, 30 * 86400);

      keika_fake_anilist_add_entry (self, u->name, &entry);
    }
}
