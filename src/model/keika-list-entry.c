/* keika-list-entry.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaModel"

#include "config.h"

#include <string.h>

#include "keika-anime.h"
#include "keika-enum-types.h"
#include "keika-list-entry-private.h"

G_DEFINE_FINAL_TYPE (KeikaListEntry, keika_list_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ANIME,
  PROP_STATUS,
  PROP_SCORE,
  PROP_PROGRESS,
  PROP_REWATCHING,
  PROP_REWATCH_COUNT,
  PROP_START_DATE,
  PROP_FINISH_DATE,
  PROP_NOTES,
  PROP_TAGS,
  PROP_PRIVATE,
  PROP_FAVOURITE,
  PROP_UPDATED_AT,
  PROP_SYNC_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strv_equal (a, b);
}

static guint
known_episodes (KeikaListEntry *self)
{
  return self->anime != NULL ? keika_anime_get_episodes (self->anime) : 0;
}

static void
set_status_internal (KeikaListEntry *self,
                     KeikaStatus     status)
{
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

static void
set_rewatching_internal (KeikaListEntry *self,
                         gboolean        rewatching)
{
  rewatching = !!rewatching;

  if (self->rewatching != rewatching)
    {
      self->rewatching = rewatching;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REWATCHING]);
    }
}

static void
set_rewatch_count_internal (KeikaListEntry *self,
                            guint           count)
{
  if (self->rewatch_count != count)
    {
      self->rewatch_count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REWATCH_COUNT]);
    }
}

static void
set_progress_internal (KeikaListEntry *self,
                       guint           progress)
{
  if (self->progress != progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
}

/* Completing an entry that is being rewatched ends the rewatch and counts it. */
static void
complete (KeikaListEntry *self)
{
  g_assert (KEIKA_IS_LIST_ENTRY (self));

  set_status_internal (self, KEIKA_STATUS_COMPLETED);

  if (self->rewatching)
    {
      set_rewatching_internal (self, FALSE);
      if (self->rewatch_count < G_MAXUINT)
        set_rewatch_count_internal (self, self->rewatch_count + 1);
    }
}

static void
keika_list_entry_dispatch_properties_changed (GObject     *object,
                                              guint        n_pspecs,
                                              GParamSpec **pspecs)
{
  keika_list_entry_call_watches ((KeikaListEntry *) object, n_pspecs, pspecs);

  G_OBJECT_CLASS (keika_list_entry_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);
}

static void
keika_list_entry_dispose (GObject *object)
{
  KeikaListEntry *self = (KeikaListEntry *) object;

  g_clear_object (&self->anime);

  G_OBJECT_CLASS (keika_list_entry_parent_class)->dispose (object);
}

static void
keika_list_entry_finalize (GObject *object)
{
  KeikaListEntry *self = (KeikaListEntry *) object;

  g_clear_pointer (&self->start_date, g_free);
  g_clear_pointer (&self->finish_date, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->sync_problem, g_free);
  g_clear_pointer (&self->more_watches, g_array_unref);

  G_OBJECT_CLASS (keika_list_entry_parent_class)->finalize (object);
}

static void
keika_list_entry_constructed (GObject *object)
{
  KeikaListEntry *self = (KeikaListEntry *) object;

  G_OBJECT_CLASS (keika_list_entry_parent_class)->constructed (object);

  /* "anime" must never be NULL; keep the object usable all the same. */
  if (self->anime == NULL)
    {
      g_critical ("KeikaListEntry created without an anime");
      self->anime = keika_anime_new (NULL);
    }
}

static void
keika_list_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KeikaListEntry *self = KEIKA_LIST_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ANIME:
      g_value_set_object (value, self->anime);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_SCORE:
      g_value_set_uint (value, self->score);
      break;

    case PROP_PROGRESS:
      g_value_set_uint (value, self->progress);
      break;

    case PROP_REWATCHING:
      g_value_set_boolean (value, self->rewatching);
      break;

    case PROP_REWATCH_COUNT:
      g_value_set_uint (value, self->rewatch_count);
      break;

    case PROP_START_DATE:
      g_value_set_string (value, self->start_date);
      break;

    case PROP_FINISH_DATE:
      g_value_set_string (value, self->finish_date);
      break;

    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;

    case PROP_PRIVATE:
      g_value_set_boolean (value, self->private_);
      break;

    case PROP_FAVOURITE:
      g_value_set_boolean (value, self->favourite);
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;

    case PROP_SYNC_PROBLEM:
      g_value_set_string (value, self->sync_problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_list_entry_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KeikaListEntry *self = KEIKA_LIST_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      keika_list_entry_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_ANIME:
      g_assert (self->anime == NULL);
      self->anime = g_value_dup_object (value);
      break;

    case PROP_STATUS:
      keika_list_entry_set_status (self, g_value_get_enum (value));
      break;

    case PROP_SCORE:
      keika_list_entry_set_score (self, g_value_get_uint (value));
      break;

    case PROP_PROGRESS:
      keika_list_entry_set_progress (self, g_value_get_uint (value));
      break;

    case PROP_REWATCHING:
      keika_list_entry_set_rewatching (self, g_value_get_boolean (value));
      break;

    case PROP_REWATCH_COUNT:
      keika_list_entry_set_rewatch_count (self, g_value_get_uint (value));
      break;

    case PROP_START_DATE:
      if (!keika_list_entry_set_start_date (self, g_value_get_string (value)))
        g_debug ("Ignoring invalid start date “%s”", g_value_get_string (value));
      break;

    case PROP_FINISH_DATE:
      if (!keika_list_entry_set_finish_date (self, g_value_get_string (value)))
        g_debug ("Ignoring invalid finish date “%s”", g_value_get_string (value));
      break;

    case PROP_NOTES:
      keika_list_entry_set_notes (self, g_value_get_string (value));
      break;

    case PROP_TAGS:
      keika_list_entry_set_tags (self, g_value_get_boxed (value));
      break;

    case PROP_PRIVATE:
      keika_list_entry_set_private (self, g_value_get_boolean (value));
      break;

    case PROP_FAVOURITE:
      keika_list_entry_set_favourite (self, g_value_get_boolean (value));
      break;

    case PROP_UPDATED_AT:
      keika_list_entry_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_SYNC_PROBLEM:
      keika_list_entry_set_sync_problem (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_list_entry_class_init (KeikaListEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keika_list_entry_dispose;
  object_class->finalize = keika_list_entry_finalize;
  object_class->constructed = keika_list_entry_constructed;
  object_class->dispatch_properties_changed = keika_list_entry_dispatch_properties_changed;
  object_class->get_property = keika_list_entry_get_property;
  object_class->set_property = keika_list_entry_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ANIME] =
    g_param_spec_object ("anime", NULL, NULL,
                         KEIKA_TYPE_ANIME,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       KEIKA_TYPE_STATUS,
                       KEIKA_STATUS_WATCHING,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCORE] =
    g_param_spec_uint ("score", NULL, NULL,
                       0, 100, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROGRESS] =
    g_param_spec_uint ("progress", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REWATCHING] =
    g_param_spec_boolean ("rewatching", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REWATCH_COUNT] =
    g_param_spec_uint ("rewatch-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_START_DATE] =
    g_param_spec_string ("start-date", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FINISH_DATE] =
    g_param_spec_string ("finish-date", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRIVATE] =
    g_param_spec_boolean ("private", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FAVOURITE] =
    g_param_spec_boolean ("favourite", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SYNC_PROBLEM] =
    g_param_spec_string ("sync-problem", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
keika_list_entry_init (KeikaListEntry *self)
{
  self->status = KEIKA_STATUS_WATCHING;
  self->notes = g_strdup ("");
}

KeikaListEntry *
keika_list_entry_new (KeikaAnime *anime)
{
  g_return_val_if_fail (KEIKA_IS_ANIME (anime), NULL);

  return g_object_new (KEIKA_TYPE_LIST_ENTRY,
                       "anime", anime,
                       NULL);
}

gint64
keika_list_entry_get_id (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), 0);

  return self->id;
}

void
keika_list_entry_set_id (KeikaListEntry *self,
                         gint64          id)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

KeikaAnime *
keika_list_entry_get_anime (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), NULL);

  return self->anime;
}

void
keika_list_entry_prepare_search (KeikaListEntry *self)
{
  guint generation = keika_anime_get_search_generation ();

  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  if (self->search_generation == generation)
    return;

  self->search_key = keika_anime_get_search_key (self->anime);
  self->search_mask = keika_anime_get_search_mask (self->anime);
  self->search_adult = keika_anime_get_adult (self->anime);
  self->search_generation = generation;
}

gboolean
keika_list_entry_matches (KeikaListEntry         *self,
                          const KeikaSearchQuery *query,
                          gboolean                include_adult)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), FALSE);

  keika_list_entry_prepare_search (self);

  if (self->search_adult && !include_adult)
    return FALSE;

  if (query == NULL)
    return TRUE;

  if ((self->search_mask & query->mask) != query->mask)
    return FALSE;

  return query->mask_decides || strstr (self->search_key, query->text) != NULL;
}

void
keika_list_entries_prefetch (KeikaListEntry * const *entries,
                             guint                   n_entries)
{
#if defined(__GNUC__)
  for (guint i = 0; i < n_entries; i++)
    {
      const char *start = (const char *) entries[i];

      /* The header and the search fields after it can straddle two lines. */
      __builtin_prefetch (start);
      __builtin_prefetch (start + G_STRUCT_OFFSET (KeikaListEntry, search_key) + sizeof (char *) - 1);
    }
#endif
}

KeikaStatus
keika_list_entry_get_status (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), KEIKA_STATUS_WATCHING);

  return self->status;
}

void
keika_list_entry_set_status (KeikaListEntry *self,
                             KeikaStatus     status)
{
  guint episodes;

  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));
  g_return_if_fail ((guint) status < KEIKA_N_STATUSES);

  if (self->status == status)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (status == KEIKA_STATUS_COMPLETED)
    {
      episodes = known_episodes (self);
      if (episodes > 0)
        set_progress_internal (self, episodes);
      complete (self);
    }
  else
    {
      set_status_internal (self, status);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

guint
keika_list_entry_get_score (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), 0);

  return self->score;
}

void
keika_list_entry_set_score (KeikaListEntry *self,
                            guint           score)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  score = MIN (score, 100);

  if (self->score != score)
    {
      self->score = score;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCORE]);
    }
}

guint
keika_list_entry_get_progress (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), 0);

  return self->progress;
}

void
keika_list_entry_set_progress (KeikaListEntry *self,
                               guint           progress)
{
  guint episodes;

  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  episodes = known_episodes (self);
  if (episodes > 0 && progress > episodes)
    progress = episodes;

  if (self->progress == progress)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  set_progress_internal (self, progress);

  /* Reaching the last episode completes the entry (and ends a rewatch). */
  if (episodes > 0 && progress == episodes &&
      (self->status != KEIKA_STATUS_COMPLETED || self->rewatching))
    complete (self);

  g_object_thaw_notify (G_OBJECT (self));
}

void
keika_list_entry_set_given_status (KeikaListEntry *self,
                                   KeikaStatus     status)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));
  g_return_if_fail ((guint) status < KEIKA_N_STATUSES);

  set_status_internal (self, status);
}

void
keika_list_entry_set_given_progress (KeikaListEntry *self,
                                     guint           progress)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  set_progress_internal (self, progress);
}

gboolean
keika_list_entry_increment_progress (KeikaListEntry *self)
{
  guint episodes;

  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), FALSE);

  episodes = known_episodes (self);
  if (episodes > 0 && self->progress >= episodes)
    return FALSE;
  if (self->progress == G_MAXUINT)
    return FALSE;

  keika_list_entry_set_progress (self, self->progress + 1);

  return TRUE;
}

gboolean
keika_list_entry_decrement_progress (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), FALSE);

  /* A miscount put right: the status stays as it is. */
  if (self->progress == 0)
    return FALSE;

  keika_list_entry_set_progress (self, self->progress - 1);

  return TRUE;
}

gboolean
keika_list_entry_get_rewatching (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), FALSE);

  return self->rewatching;
}

void
keika_list_entry_set_rewatching (KeikaListEntry *self,
                                 gboolean        rewatching)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  set_rewatching_internal (self, rewatching);
}

guint
keika_list_entry_get_rewatch_count (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), 0);

  return self->rewatch_count;
}

void
keika_list_entry_set_rewatch_count (KeikaListEntry *self,
                                    guint           count)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  set_rewatch_count_internal (self, count);
}

static gboolean
set_date (KeikaListEntry  *self,
          char           **field,
          const char      *date,
          int              prop)
{
  if (!keika_fuzzy_date_is_valid (date))
    return FALSE;

  if (date != NULL && date[0] == '\0')
    date = NULL;

  if (g_strcmp0 (*field, date) != 0)
    {
      g_free (*field);
      *field = g_strdup (date);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }

  return TRUE;
}

const char *
keika_list_entry_get_start_date (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), NULL);

  return self->start_date;
}

gboolean
keika_list_entry_set_start_date (KeikaListEntry *self,
                                 const char     *date)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), FALSE);

  return set_date (self, &self->start_date, date, PROP_START_DATE);
}

const char *
keika_list_entry_get_finish_date (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), NULL);

  return self->finish_date;
}

gboolean
keika_list_entry_set_finish_date (KeikaListEntry *self,
                                  const char     *date)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), FALSE);

  return set_date (self, &self->finish_date, date, PROP_FINISH_DATE);
}

const char *
keika_list_entry_get_notes (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), NULL);

  return self->notes;
}

void
keika_list_entry_set_notes (KeikaListEntry *self,
                            const char     *notes)
{
  g_autofree char *valid = NULL;
  const char *end;

  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  if (notes == NULL)
    notes = "";

  if (!g_utf8_validate (notes, -1, &end))
    notes = valid = g_utf8_make_valid (notes, -1);

  /* Cut at the limit, on a character boundary. A text of at most that many
   * bytes cannot have more characters, so most notes skip the count. */
  if (strlen (notes) > KEIKA_NOTES_MAX_CHARS &&
      g_utf8_strlen (notes, -1) > KEIKA_NOTES_MAX_CHARS)
    {
      const char *cut = g_utf8_offset_to_pointer (notes, KEIKA_NOTES_MAX_CHARS);
      char *truncated = g_strndup (notes, cut - notes);

      g_free (valid);
      notes = valid = truncated;
    }

  if (g_strcmp0 (self->notes, notes) != 0)
    {
      g_free (self->notes);
      self->notes = valid != NULL ? g_steal_pointer (&valid) : g_strdup (notes);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
    }
}

const char * const *
keika_list_entry_get_tags (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), NULL);

  return (const char * const *) self->tags;
}

void
keika_list_entry_set_tags (KeikaListEntry     *self,
                           const char * const *tags)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  /* An empty list is stored as NULL. */
  if (tags != NULL && tags[0] == NULL)
    tags = NULL;

  if (strv_equal ((const char * const *) self->tags, tags))
    return;

  g_strfreev (self->tags);
  self->tags = g_strdupv ((char **) tags);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

gboolean
keika_list_entry_get_private (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), FALSE);

  return self->private_;
}

void
keika_list_entry_set_private (KeikaListEntry *self,
                              gboolean        private_)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  private_ = !!private_;

  if (self->private_ != private_)
    {
      self->private_ = private_;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIVATE]);
    }
}

gboolean
keika_list_entry_get_favourite (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), FALSE);

  return self->favourite;
}

void
keika_list_entry_set_favourite (KeikaListEntry *self,
                                gboolean        favourite)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  favourite = !!favourite;

  if (self->favourite != favourite)
    {
      self->favourite = favourite;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVOURITE]);
    }
}

gint64
keika_list_entry_get_updated_at (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), 0);

  return self->updated_at;
}

void
keika_list_entry_set_updated_at (KeikaListEntry *self,
                                 gint64          updated_at)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  if (self->updated_at != updated_at)
    {
      self->updated_at = updated_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
    }
}

const char *
keika_list_entry_get_sync_problem (KeikaListEntry *self)
{
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), NULL);

  return self->sync_problem;
}

void
keika_list_entry_set_sync_problem (KeikaListEntry *self,
                                   const char     *problem)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  if (problem != NULL && problem[0] == '\0')
    problem = NULL;
  if (g_strcmp0 (self->sync_problem, problem) == 0)
    return;

  g_free (self->sync_problem);
  self->sync_problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_PROBLEM]);
}

void
keika_list_entry_touch (KeikaListEntry *self)
{
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));

  keika_list_entry_set_updated_at (self, g_get_real_time () / G_USEC_PER_SEC);
}

void
keika_list_entry_assign (KeikaListEntry *self,
                         KeikaListEntry *source)
{
  static const KeikaSite id_sites[] = {
    KEIKA_SITE_MAL, KEIKA_SITE_ANILIST, KEIKA_SITE_KITSU, KEIKA_SITE_ANITRACK,
  };
  KeikaAnime *anime;
  KeikaAnime *target;

  g_return_if_fail (KEIKA_IS_LIST_ENTRY (self));
  g_return_if_fail (KEIKA_IS_LIST_ENTRY (source));

  anime = keika_list_entry_get_anime (source);
  target = keika_list_entry_get_anime (self);

  /* The anime first, so that the episode count is known to the rules. */
  keika_anime_set_title_romaji (target, keika_anime_get_title_romaji (anime));
  keika_anime_set_title_english (target, keika_anime_get_title_english (anime));
  keika_anime_set_title_native (target, keika_anime_get_title_native (anime));
  keika_anime_set_synonyms (target, keika_anime_get_synonyms (anime));
  for (guint i = 0; i < G_N_ELEMENTS (id_sites); i++)
    keika_anime_set_site_id (target, id_sites[i], keika_anime_get_site_id (anime, id_sites[i]));
  keika_anime_set_format (target, keika_anime_get_format (anime));
  keika_anime_set_episodes (target, keika_anime_get_episodes (anime));
  keika_anime_set_airing_status (target, keika_anime_get_airing_status (anime));
  keika_anime_set_season (target, keika_anime_get_season (anime));
  keika_anime_set_season_year (target, keika_anime_get_season_year (anime));
  keika_anime_set_cover_url (target, keika_anime_get_cover_url (anime));
  keika_anime_set_genres (target, keika_anime_get_genres (anime));
  keika_anime_set_adult (target, keika_anime_get_adult (anime));

  /* A copy, as it is: none of the rules of an edit. */
  keika_list_entry_set_given_status (self, keika_list_entry_get_status (source));
  keika_list_entry_set_given_progress (self, keika_list_entry_get_progress (source));
  keika_list_entry_set_score (self, keika_list_entry_get_score (source));
  keika_list_entry_set_start_date (self, keika_list_entry_get_start_date (source));
  keika_list_entry_set_finish_date (self, keika_list_entry_get_finish_date (source));
  keika_list_entry_set_notes (self, keika_list_entry_get_notes (source));
  keika_list_entry_set_tags (self, keika_list_entry_get_tags (source));
  keika_list_entry_set_rewatch_count (self, keika_list_entry_get_rewatch_count (source));
  keika_list_entry_set_rewatching (self, keika_list_entry_get_rewatching (source));
  keika_list_entry_set_private (self, keika_list_entry_get_private (source));
  keika_list_entry_set_favourite (self, keika_list_entry_get_favourite (source));
  keika_list_entry_set_updated_at (self, keika_list_entry_get_updated_at (source));
}

KeikaListEntry *
keika_list_entry_dup (KeikaListEntry *self)
{
  KeikaAnime *anime;
  g_autoptr(KeikaAnime) anime_copy = NULL;
  KeikaListEntry *copy;

  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (self), NULL);

  anime = keika_list_entry_get_anime (self);
  anime_copy = keika_anime_new (keika_anime_get_title_romaji (anime));
  keika_anime_set_id (anime_copy, keika_anime_get_id (anime));

  copy = keika_list_entry_new (anime_copy);
  keika_list_entry_set_id (copy, keika_list_entry_get_id (self));
  keika_list_entry_assign (copy, self);

  return copy;
}
