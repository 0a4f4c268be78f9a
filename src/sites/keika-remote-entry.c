/* keika-remote-entry.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaSites"

#include "config.h"

#include <string.h>

#include "keika-remote-entry.h"

G_DEFINE_BOXED_TYPE (KeikaRemoteEntry, keika_remote_entry,
                     keika_remote_entry_ref, keika_remote_entry_unref)

KeikaRemoteEntry *
keika_remote_entry_new (gint64 anime_id)
{
  KeikaRemoteEntry *self = g_new0 (KeikaRemoteEntry, 1);

  self->ref_count = 1;
  self->anime_id = anime_id;
  self->title = g_strdup ("");
  self->status = KEIKA_STATUS_PLAN_TO_WATCH;

  return self;
}

KeikaRemoteEntry *
keika_remote_entry_ref (KeikaRemoteEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->ref_count > 0, NULL);

  g_atomic_int_inc (&self->ref_count);

  return self;
}

void
keika_remote_entry_unref (KeikaRemoteEntry *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->ref_count > 0);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_free (self->title);
  g_free (self->title_english);
  g_free (self->title_native);
  g_strfreev (self->synonyms);
  g_free (self->cover_url);
  g_strfreev (self->genres);
  g_free (self->start_date);
  g_free (self->finish_date);
  g_free (self->notes);
  g_strfreev (self->tags);
  g_free (self);
}

static char **
dup_strv_or_null (const char * const *strv)
{
  return strv != NULL && strv[0] != NULL ? g_strdupv ((char **) strv) : NULL;
}

KeikaRemoteEntry *
keika_remote_entry_new_from_list_entry (KeikaListEntry *entry,
                                        KeikaSite       site)
{
  KeikaRemoteEntry *self;
  KeikaAnime *anime;

  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (entry), NULL);

  anime = keika_list_entry_get_anime (entry);
  self = keika_remote_entry_new (keika_anime_get_site_id (anime, site));

  g_free (self->title);
  self->title = g_strdup (keika_anime_get_title_romaji (anime));
  self->title_english = g_strdup (keika_anime_get_title_english (anime));
  self->title_native = g_strdup (keika_anime_get_title_native (anime));
  self->synonyms = dup_strv_or_null (keika_anime_get_synonyms (anime));
  self->format = keika_anime_get_format (anime);
  self->episodes = keika_anime_get_episodes (anime);
  self->airing_status = keika_anime_get_airing_status (anime);
  self->season = keika_anime_get_season (anime);
  self->season_year = keika_anime_get_season_year (anime);
  self->cover_url = g_strdup (keika_anime_get_cover_url (anime));
  self->genres = dup_strv_or_null (keika_anime_get_genres (anime));
  self->adult = keika_anime_get_adult (anime);

  /* The model has no priority: it is not known, so never sent. */
  self->known = KEIKA_ENTRY_FIELD_ALL & ~KEIKA_ENTRY_FIELD_PRIORITY;
  self->status = keika_list_entry_get_status (entry);
  self->score = keika_list_entry_get_score (entry);
  self->progress = keika_list_entry_get_progress (entry);
  self->rewatching = keika_list_entry_get_rewatching (entry);
  self->rewatch_count = keika_list_entry_get_rewatch_count (entry);
  self->start_date = g_strdup (keika_list_entry_get_start_date (entry));
  self->finish_date = g_strdup (keika_list_entry_get_finish_date (entry));
  self->notes = g_strdup (keika_list_entry_get_notes (entry));
  self->tags = dup_strv_or_null (keika_list_entry_get_tags (entry));
  self->private_ = keika_list_entry_get_private (entry);
  self->favourite = keika_list_entry_get_favourite (entry);
  self->updated_at = keika_list_entry_get_updated_at (entry);

  return self;
}

KeikaAnime *
keika_remote_entry_to_anime (const KeikaRemoteEntry *self,
                             KeikaSite               site)
{
  KeikaAnime *anime;

  g_return_val_if_fail (self != NULL, NULL);

  anime = keika_anime_new (self->title != NULL ? self->title : "");
  keika_anime_set_title_english (anime, self->title_english);
  keika_anime_set_title_native (anime, self->title_native);
  keika_anime_set_synonyms (anime, (const char * const *) self->synonyms);
  for (guint i = 0; i < G_N_ELEMENTS (self->site_ids); i++)
    if (self->site_ids[i] > 0)
      keika_anime_set_site_id (anime, i, self->site_ids[i]);
  if (site != KEIKA_SITE_ANIMETHEMES)
    keika_anime_set_site_id (anime, site, self->anime_id);
  keika_anime_set_format (anime, self->format);
  keika_anime_set_episodes (anime, self->episodes);
  keika_anime_set_airing_status (anime, self->airing_status);
  keika_anime_set_season (anime, self->season);
  keika_anime_set_season_year (anime, self->season_year);
  keika_anime_set_cover_url (anime, self->cover_url);
  keika_anime_set_genres (anime, (const char * const *) self->genres);
  keika_anime_set_adult (anime, self->adult);

  return anime;
}

KeikaEntryFields
keika_remote_entry_apply (const KeikaRemoteEntry *self,
                          KeikaListEntry         *entry,
                          KeikaEntryFields        fields)
{
  KeikaEntryFields set;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (KEIKA_IS_LIST_ENTRY (entry), 0);

  set = fields & self->known;

  /* What the site says, as it says it: none of the rules of an edit. */
  if (set & KEIKA_ENTRY_FIELD_STATUS)
    keika_list_entry_set_given_status (entry, self->status);
  if (set & KEIKA_ENTRY_FIELD_PROGRESS)
    keika_list_entry_set_given_progress (entry, self->progress);
  if (set & KEIKA_ENTRY_FIELD_SCORE)
    keika_list_entry_set_score (entry, self->score);
  if (set & KEIKA_ENTRY_FIELD_START_DATE)
    keika_list_entry_set_start_date (entry, self->start_date);
  if (set & KEIKA_ENTRY_FIELD_FINISH_DATE)
    keika_list_entry_set_finish_date (entry, self->finish_date);
  if (set & KEIKA_ENTRY_FIELD_NOTES)
    keika_list_entry_set_notes (entry, self->notes);
  if (set & KEIKA_ENTRY_FIELD_TAGS)
    keika_list_entry_set_tags (entry, (const char * const *) self->tags);
  if (set & KEIKA_ENTRY_FIELD_REWATCH_COUNT)
    keika_list_entry_set_rewatch_count (entry, self->rewatch_count);
  if (set & KEIKA_ENTRY_FIELD_REWATCHING)
    keika_list_entry_set_rewatching (entry, self->rewatching);
  if (set & KEIKA_ENTRY_FIELD_PRIVATE)
    keika_list_entry_set_private (entry, self->private_);
  if (set & KEIKA_ENTRY_FIELD_FAVOURITE)
    keika_list_entry_set_favourite (entry, self->favourite);

  return set;
}

KeikaListEntry *
keika_remote_entry_to_list_entry (const KeikaRemoteEntry *self,
                                  KeikaSite               site)
{
  g_autoptr(KeikaAnime) anime = NULL;
  KeikaListEntry *entry;

  g_return_val_if_fail (self != NULL, NULL);

  anime = keika_remote_entry_to_anime (self, site);
  entry = keika_list_entry_new (anime);
  keika_remote_entry_apply (self, entry, KEIKA_ENTRY_FIELD_ALL);
  keika_list_entry_set_updated_at (entry, self->updated_at);

  return entry;
}

static const struct {
  KeikaEntryFields  field;
  const char       *name;
} field_names[] = {
  { KEIKA_ENTRY_FIELD_STATUS, "status" },
  { KEIKA_ENTRY_FIELD_SCORE, "score" },
  { KEIKA_ENTRY_FIELD_PROGRESS, "progress" },
  { KEIKA_ENTRY_FIELD_REWATCHING, "rewatching" },
  { KEIKA_ENTRY_FIELD_REWATCH_COUNT, "rewatch-count" },
  { KEIKA_ENTRY_FIELD_START_DATE, "start-date" },
  { KEIKA_ENTRY_FIELD_FINISH_DATE, "finish-date" },
  { KEIKA_ENTRY_FIELD_NOTES, "notes" },
  { KEIKA_ENTRY_FIELD_TAGS, "tags" },
  { KEIKA_ENTRY_FIELD_PRIORITY, "priority" },
  { KEIKA_ENTRY_FIELD_PRIVATE, "private" },
  { KEIKA_ENTRY_FIELD_FAVOURITE, "favourite" },
};

char *
keika_entry_fields_to_string (KeikaEntryFields fields)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    {
      if (!(fields & field_names[i].field))
        continue;
      if (text->len > 0)
        g_string_append_c (text, ',');
      g_string_append (text, field_names[i].name);
    }

  return g_string_free (text, FALSE);
}

KeikaEntryFields
keika_entry_fields_from_string (const char *names)
{
  KeikaEntryFields fields = 0;

  /* Read in place: the journal's rows are read by the thousands. */
  for (const char *p = names; p != NULL && *p != '\0'; )
    {
      const char *comma = strchr (p, ',');
      gsize length = comma != NULL ? (gsize) (comma - p) : strlen (p);

      for (guint j = 0; j < G_N_ELEMENTS (field_names); j++)
        if (strlen (field_names[j].name) == length && strncmp (p, field_names[j].name, length) == 0)
          fields |= field_names[j].field;
      p = comma != NULL ? comma + 1 : p + length;
    }

  return fields;
}
