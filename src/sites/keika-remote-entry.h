/* keika-remote-entry.h — one list entry as a site has it, as plain values
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "keika-anime.h"
#include "keika-enums.h"
#include "keika-list-entry.h"

G_BEGIN_DECLS

/**
 * KeikaEntryFields:
 *
 * A set of list-entry fields: the ones a pull got from the site
 * (KeikaRemoteEntry.known), the ones a push sends ("only what changed"), or
 * the ones a site can store (keika_site_service_get_supported_fields()).
 * The values are stable (they may be stored, e.g. in the change journal).
 */
typedef enum
{
  KEIKA_ENTRY_FIELD_NONE          = 0,
  KEIKA_ENTRY_FIELD_STATUS        = 1 << 0,
  KEIKA_ENTRY_FIELD_SCORE         = 1 << 1,
  KEIKA_ENTRY_FIELD_PROGRESS      = 1 << 2,
  KEIKA_ENTRY_FIELD_REWATCHING    = 1 << 3,
  KEIKA_ENTRY_FIELD_REWATCH_COUNT = 1 << 4,
  KEIKA_ENTRY_FIELD_START_DATE    = 1 << 5,
  KEIKA_ENTRY_FIELD_FINISH_DATE   = 1 << 6,
  KEIKA_ENTRY_FIELD_NOTES         = 1 << 7,
  KEIKA_ENTRY_FIELD_TAGS          = 1 << 8,
  KEIKA_ENTRY_FIELD_PRIORITY      = 1 << 9,
  KEIKA_ENTRY_FIELD_PRIVATE       = 1 << 10,
  KEIKA_ENTRY_FIELD_FAVOURITE     = 1 << 11,
  KEIKA_ENTRY_FIELD_ALL           = (1 << 12) - 1,
} KeikaEntryFields;

/**
 * KeikaRemoteEntry:
 * @anime_id: the site's id of the anime (MAL: the anime id)
 * @entry_id: the site's id of the list entry, or 0 where the site has none
 *   (MAL: 0; the anime id names the entry)
 * @title: the main (romaji) title, never NULL ("" when unknown)
 * @title_english: (nullable)
 * @title_native: (nullable)
 * @synonyms: (nullable) (array zero-terminated=1)
 * @format: KEIKA_FORMAT_UNKNOWN when unknown
 * @episodes: 0 = unknown
 * @airing_status: KEIKA_AIRING_STATUS_UNKNOWN when unknown
 * @season: KEIKA_SEASON_UNKNOWN when unknown
 * @season_year: 0 = unknown
 * @cover_url: (nullable)
 * @genres: (nullable) (array zero-terminated=1)
 * @adult: the site marks the anime as adult (MAL: nsfw "black")
 * @site_ids: the anime's ids on other sites as this site gives them, by
 *   KeikaSite (AniList: MyAnimeList's idMal), 0 = not given; how an anime
 *   of one site is found in a library made from another. Never by title.
 * @known: the list fields below that the site gave; the others hold
 *   defaults and must not be read as "cleared". A search result has none.
 * @status:
 * @score: raw 0–100 (keika_score_from_site()), 0 = no score
 * @progress: episodes watched
 * @rewatching:
 * @rewatch_count:
 * @start_date: (nullable) fuzzy date "YYYY", "YYYY-MM" or "YYYY-MM-DD"
 * @finish_date: (nullable) likewise
 * @notes: (nullable) MAL "comments"
 * @tags: (nullable) (array zero-terminated=1)
 * @priority: 0 low, 1 medium, 2 high (MAL)
 * @private_:
 * @favourite:
 * @updated_at: Unix seconds of the last change on the site, 0 = unknown
 *
 * Plain values, reference counted, safe to hand to a worker thread: nothing
 * in it is a GObject, and once a site has handed it out it is never
 * changed. Whoever builds one (keika_remote_entry_new()) fills the fields
 * directly, with g_malloc'ed strings it owns.
 */
typedef struct
{
  gint64              anime_id;
  gint64              entry_id;

  /* The anime */
  char               *title;
  char               *title_english;
  char               *title_native;
  char              **synonyms;
  KeikaFormat         format;
  guint               episodes;
  KeikaAiringStatus   airing_status;
  KeikaSeason         season;
  guint               season_year;
  char               *cover_url;
  char              **genres;
  gboolean            adult;
  gint64              site_ids[KEIKA_SITE_ANITRACK + 1];

  /* The list entry */
  KeikaEntryFields    known;
  KeikaStatus         status;
  guint               score;
  guint               progress;
  gboolean            rewatching;
  guint               rewatch_count;
  char               *start_date;
  char               *finish_date;
  char               *notes;
  char              **tags;
  guint               priority;
  gboolean            private_;
  gboolean            favourite;
  gint64              updated_at;

  /*< private >*/
  gint                ref_count;
} KeikaRemoteEntry;

#define KEIKA_TYPE_REMOTE_ENTRY (keika_remote_entry_get_type ())

GType               keika_remote_entry_get_type         (void) G_GNUC_CONST;

/* An empty entry for @anime_id: title "", nothing known. (transfer full) */
KeikaRemoteEntry   *keika_remote_entry_new              (gint64              anime_id);
KeikaRemoteEntry   *keika_remote_entry_ref              (KeikaRemoteEntry   *self);
void                keika_remote_entry_unref            (KeikaRemoteEntry   *self);

/* The values of @entry (and its anime) in @site's terms: anime_id is the
 * anime's id on @site, every list field known. For a push. (transfer full) */
KeikaRemoteEntry   *keika_remote_entry_new_from_list_entry (KeikaListEntry  *entry,
                                                            KeikaSite        site);
/* A new KeikaAnime with the anime facts and the id on @site. (transfer full) */
KeikaAnime         *keika_remote_entry_to_anime         (const KeikaRemoteEntry *self,
                                                         KeikaSite           site);
/* A new KeikaListEntry (with a new anime, as above) holding the known list
 * fields and updated_at, set in the order keika_list_entry_assign() uses.
 * (transfer full) */
KeikaListEntry     *keika_remote_entry_to_list_entry    (const KeikaRemoteEntry *self,
                                                         KeikaSite           site);
/* Sets on @entry only the list fields in @fields that are known in @self
 * (for a merge); returns the fields that were set. */
KeikaEntryFields    keika_remote_entry_apply            (const KeikaRemoteEntry *self,
                                                         KeikaListEntry     *entry,
                                                         KeikaEntryFields    fields);

/* "status,score,progress", as the journal keeps them. (transfer full) */
char               *keika_entry_fields_to_string        (KeikaEntryFields    fields);
/* The fields of such a list; names it does not know are left out. */
KeikaEntryFields    keika_entry_fields_from_string      (const char         *names);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaRemoteEntry, keika_remote_entry_unref)

G_END_DECLS
