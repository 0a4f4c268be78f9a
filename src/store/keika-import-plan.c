/* keika-import-plan.c — what an import would change: comparing and copying
 * entries, matching the file's entries to the stored ones, and the plan
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaTransfer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keika-anime.h"
#include "keika-list-entry.h"
#include "keika-score.h"
#include "keika-import-private.h"

/* The sites whose ids identify an anime across libraries, most trusted first. */
static const KeikaSite matching_sites[] = {
  KEIKA_SITE_MAL,
  KEIKA_SITE_ANILIST,
  KEIKA_SITE_KITSU,
  KEIKA_SITE_ANITRACK,
};

/* Comparing and copying entries */

static gboolean
str_equal (const char *a,
           const char *b)
{
  /* NULL and "" both mean "none". */
  return g_strcmp0 (a ? a : "", b ? b : "") == 0;
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  static const char * const empty[] = { NULL };

  return g_strv_equal ((const char **) (a ? a : empty), (const char **) (b ? b : empty));
}

static gboolean
anime_equal (KeikaAnime *a,
             KeikaAnime *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (matching_sites); i++)
    {
      if (keika_anime_get_site_id (a, matching_sites[i]) !=
          keika_anime_get_site_id (b, matching_sites[i]))
        return FALSE;
    }

  return str_equal (keika_anime_get_title_romaji (a), keika_anime_get_title_romaji (b)) &&
         str_equal (keika_anime_get_title_english (a), keika_anime_get_title_english (b)) &&
         str_equal (keika_anime_get_title_native (a), keika_anime_get_title_native (b)) &&
         strv_equal (keika_anime_get_synonyms (a), keika_anime_get_synonyms (b)) &&
         keika_anime_get_format (a) == keika_anime_get_format (b) &&
         keika_anime_get_episodes (a) == keika_anime_get_episodes (b) &&
         keika_anime_get_airing_status (a) == keika_anime_get_airing_status (b) &&
         keika_anime_get_season (a) == keika_anime_get_season (b) &&
         keika_anime_get_season_year (a) == keika_anime_get_season_year (b) &&
         str_equal (keika_anime_get_cover_url (a), keika_anime_get_cover_url (b)) &&
         strv_equal (keika_anime_get_genres (a), keika_anime_get_genres (b)) &&
         keika_anime_get_adult (a) == keika_anime_get_adult (b);
}

gboolean
import_entry_equal (KeikaListEntry *a,
                    KeikaListEntry *b)
{
  return anime_equal (keika_list_entry_get_anime (a), keika_list_entry_get_anime (b)) &&
         keika_list_entry_get_status (a) == keika_list_entry_get_status (b) &&
         keika_list_entry_get_score (a) == keika_list_entry_get_score (b) &&
         keika_list_entry_get_progress (a) == keika_list_entry_get_progress (b) &&
         keika_list_entry_get_rewatching (a) == keika_list_entry_get_rewatching (b) &&
         keika_list_entry_get_rewatch_count (a) == keika_list_entry_get_rewatch_count (b) &&
         str_equal (keika_list_entry_get_start_date (a), keika_list_entry_get_start_date (b)) &&
         str_equal (keika_list_entry_get_finish_date (a), keika_list_entry_get_finish_date (b)) &&
         str_equal (keika_list_entry_get_notes (a), keika_list_entry_get_notes (b)) &&
         strv_equal (keika_list_entry_get_tags (a), keika_list_entry_get_tags (b)) &&
         keika_list_entry_get_private (a) == keika_list_entry_get_private (b) &&
         keika_list_entry_get_favourite (a) == keika_list_entry_get_favourite (b);
}

/* Sets what @source knows of an anime on @target. MAL's export knows little
 * of the anime and names its kinds coarsely ("TV" for a TV short), so it only
 * fills what is unknown, apart from the episode count, which grows while a
 * show airs. Keika's own export knows everything. */
static void
apply_anime (KeikaAnime   *target,
             KeikaAnime   *imported,
             ImportSource  source)
{
  const char *romaji = keika_anime_get_title_romaji (imported);
  KeikaFormat format = keika_anime_get_format (imported);
  guint episodes = keika_anime_get_episodes (imported);

  /* A site id is never replaced: the entry was matched by one of them. */
  for (guint i = 0; i < G_N_ELEMENTS (matching_sites); i++)
    {
      gint64 id = keika_anime_get_site_id (imported, matching_sites[i]);

      if (id > 0 && keika_anime_get_site_id (target, matching_sites[i]) <= 0)
        keika_anime_set_site_id (target, matching_sites[i], id);
    }

  if (episodes > 0)
    keika_anime_set_episodes (target, episodes);

  switch (source)
    {
    case SOURCE_MAL_XML:
      if (romaji != NULL && *romaji != '\0' && str_equal (keika_anime_get_title_romaji (target), NULL))
        keika_anime_set_title_romaji (target, romaji);
      if (format != KEIKA_FORMAT_UNKNOWN && keika_anime_get_format (target) == KEIKA_FORMAT_UNKNOWN)
        keika_anime_set_format (target, format);
      break;

    case SOURCE_JSON:
      if (romaji != NULL && *romaji != '\0')
        keika_anime_set_title_romaji (target, romaji);
      if (keika_anime_get_title_english (imported) != NULL)
        keika_anime_set_title_english (target, keika_anime_get_title_english (imported));
      if (keika_anime_get_title_native (imported) != NULL)
        keika_anime_set_title_native (target, keika_anime_get_title_native (imported));
      if (keika_anime_get_synonyms (imported) != NULL)
        keika_anime_set_synonyms (target, keika_anime_get_synonyms (imported));
      if (format != KEIKA_FORMAT_UNKNOWN)
        keika_anime_set_format (target, format);
      if (keika_anime_get_airing_status (imported) != KEIKA_AIRING_STATUS_UNKNOWN)
        keika_anime_set_airing_status (target, keika_anime_get_airing_status (imported));
      if (keika_anime_get_season (imported) != KEIKA_SEASON_UNKNOWN)
        keika_anime_set_season (target, keika_anime_get_season (imported));
      if (keika_anime_get_season_year (imported) > 0)
        keika_anime_set_season_year (target, keika_anime_get_season_year (imported));
      if (keika_anime_get_cover_url (imported) != NULL)
        keika_anime_set_cover_url (target, keika_anime_get_cover_url (imported));
      if (keika_anime_get_genres (imported) != NULL)
        keika_anime_set_genres (target, keika_anime_get_genres (imported));
      keika_anime_set_adult (target, keika_anime_get_adult (imported));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Sets the list fields of @imported on @target: the file is the user's list,
 * so what it says wins, but not a value it gave that could not be read,
 * which leaves @target's, and "no notes", "no tags" or "no date" only with
 * KEIKA_IMPORT_REMOVE_MISSING. The order
 * matters: the anime first (the episode count bounds the progress), status
 * before progress (setting "completed" fills the progress), the rewatch last
 * (completing an entry that is being rewatched counts the rewatch). What the
 * rules change on the way in (a progress above @target's episode count, when
 * the file did not know the count) is added to @report. */
static gboolean
is_empty (const char *value)
{
  return value == NULL || *value == '\0';
}

/* Whether the file's @value replaces @target's: not when the file has
 * none and missing values are kept. */
static gboolean
takes_value (const char       *target,
             const char       *value,
             KeikaImportFlags  flags)
{
  return !is_empty (value) || is_empty (target) || (flags & KEIKA_IMPORT_REMOVE_MISSING) != 0;
}

static void
apply_import (KeikaListEntry    *target,
              KeikaListEntry    *imported,
              ImportSource       source,
              KeikaImportFlags   flags,
              KeikaImportReport *report)
{
  KeikaTransferUnusable unusable = keika_transfer_get_unusable (imported);
  guint score = keika_list_entry_get_score (imported);
  const char * const *tags = keika_list_entry_get_tags (imported);

  apply_anime (keika_list_entry_get_anime (target), keika_list_entry_get_anime (imported), source);

  keika_list_entry_set_status (target, keika_list_entry_get_status (imported));
  keika_list_entry_set_progress (target, keika_list_entry_get_progress (imported));
  if (report != NULL)
    keika_import_report_progress (report, keika_transfer_entry_title (imported), target,
                                  keika_list_entry_get_status (imported),
                                  keika_list_entry_get_progress (imported));
  /* MAL's scale is coarser than ours: a raw score that MAL shows as the
   * same value is kept, so that re-importing a MAL export loses nothing,
   * unless the file held a finer score than MAL's ("8.5"). */
  if ((unusable & KEIKA_TRANSFER_UNUSABLE_SCORE) == 0 &&
      (source != SOURCE_MAL_XML ||
       keika_score_from_site (keika_score_to_site (score, KEIKA_SITE_MAL), KEIKA_SITE_MAL) != score ||
       keika_score_to_site (keika_list_entry_get_score (target), KEIKA_SITE_MAL) !=
       keika_score_to_site (score, KEIKA_SITE_MAL)))
    keika_list_entry_set_score (target, score);
  if ((unusable & KEIKA_TRANSFER_UNUSABLE_START_DATE) == 0 &&
      takes_value (keika_list_entry_get_start_date (target), keika_list_entry_get_start_date (imported), flags))
    keika_list_entry_set_start_date (target, keika_list_entry_get_start_date (imported));
  if ((unusable & KEIKA_TRANSFER_UNUSABLE_FINISH_DATE) == 0 &&
      takes_value (keika_list_entry_get_finish_date (target), keika_list_entry_get_finish_date (imported), flags))
    keika_list_entry_set_finish_date (target, keika_list_entry_get_finish_date (imported));
  if (!str_equal (keika_list_entry_get_notes (target), keika_list_entry_get_notes (imported)) &&
      takes_value (keika_list_entry_get_notes (target), keika_list_entry_get_notes (imported), flags))
    keika_list_entry_set_notes (target, keika_list_entry_get_notes (imported));
  if (!strv_equal (keika_list_entry_get_tags (target), tags) &&
      ((tags != NULL && tags[0] != NULL) || (flags & KEIKA_IMPORT_REMOVE_MISSING) != 0))
    keika_list_entry_set_tags (target, tags);
  keika_list_entry_set_rewatch_count (target, keika_list_entry_get_rewatch_count (imported));
  keika_list_entry_set_rewatching (target, keika_list_entry_get_rewatching (imported));

  if (source == SOURCE_JSON)
    {
      keika_list_entry_set_private (target, keika_list_entry_get_private (imported));
      keika_list_entry_set_favourite (target, keika_list_entry_get_favourite (imported));
    }
}

/* Matching */

/* The entries an import is matched against, by local id and by site id,
 * each lookup O(1) (a KeikaLibrary looks site ids up one entry at a time,
 * which costs seconds for 10,000 imported entries). */
typedef struct
{
  GPtrArray  *entries;                                 /* (owned) */
  GHashTable *by_id;                                   /* (owned) gint64 → entry in @entries */
  GHashTable *by_site[G_N_ELEMENTS (matching_sites)];  /* (owned) site id → the first such entry */
} Index;

static void
index_add (GHashTable     *table,
           gint64          id,
           KeikaListEntry *entry)
{
  if (id <= 0 || g_hash_table_contains (table, &id))
    return;

  g_hash_table_insert (table, g_memdup2 (&id, sizeof id), entry);
}

static void
index_init (Index     *index,
            GPtrArray *entries)
{
  index->entries = g_ptr_array_ref (entries);
  index->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint s = 0; s < G_N_ELEMENTS (matching_sites); s++)
    index->by_site[s] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      KeikaListEntry *entry = g_ptr_array_index (entries, i);
      KeikaAnime *anime = keika_list_entry_get_anime (entry);

      index_add (index->by_id, keika_list_entry_get_id (entry), entry);
      for (guint s = 0; s < G_N_ELEMENTS (matching_sites); s++)
        index_add (index->by_site[s], keika_anime_get_site_id (anime, matching_sites[s]), entry);
    }
}

static void
index_clear (Index *index)
{
  g_clear_pointer (&index->by_id, g_hash_table_unref);
  for (guint s = 0; s < G_N_ELEMENTS (matching_sites); s++)
    g_clear_pointer (&index->by_site[s], g_hash_table_unref);
  g_clear_pointer (&index->entries, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Index, index_clear)

static KeikaListEntry *
index_lookup (GHashTable *table,
              gint64      id)
{
  return id > 0 ? g_hash_table_lookup (table, &id) : NULL;
}

static KeikaListEntry *
find_existing (Index          *index,
               KeikaListEntry *imported,
               ImportSource    source)
{
  KeikaAnime *anime = keika_list_entry_get_anime (imported);
  KeikaListEntry *found;
  KeikaAnime *found_anime;
  gint64 export_id;

  for (guint i = 0; i < G_N_ELEMENTS (matching_sites); i++)
    {
      /* MAL's export carries no other id. */
      if (source == SOURCE_MAL_XML && matching_sites[i] != KEIKA_SITE_MAL)
        continue;

      found = index_lookup (index->by_site[i], keika_anime_get_site_id (anime, matching_sites[i]));
      if (found != NULL)
        return found;
    }

  /* A JSON export of this very library names entries by their local id,
   * which is what finds an anime that is on no site. Another library's
   * ids mean nothing here, so the anime has to agree as well. */
  export_id = source == SOURCE_JSON ? keika_transfer_get_export_id (imported) : 0;
  if (export_id <= 0 || !(found = index_lookup (index->by_id, export_id)))
    return NULL;

  found_anime = keika_list_entry_get_anime (found);
  for (guint i = 0; i < G_N_ELEMENTS (matching_sites); i++)
    {
      gint64 a = keika_anime_get_site_id (anime, matching_sites[i]);
      gint64 b = keika_anime_get_site_id (found_anime, matching_sites[i]);

      if (a > 0 && b > 0 && a != b)
        return NULL;
    }

  if (!str_equal (keika_anime_get_title_romaji (anime), keika_anime_get_title_romaji (found_anime)))
    return NULL;

  return found;
}

/* Keys that tell whether two new entries of the file are the same anime. */
static GPtrArray *
identity_keys (KeikaListEntry *entry)
{
  KeikaAnime *anime = keika_list_entry_get_anime (entry);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  gint64 export_id = keika_transfer_get_export_id (entry);

  for (guint i = 0; i < G_N_ELEMENTS (matching_sites); i++)
    {
      gint64 id = keika_anime_get_site_id (anime, matching_sites[i]);

      if (id > 0)
        g_ptr_array_add (keys, g_strdup_printf ("%d:%" G_GINT64_FORMAT, matching_sites[i], id));
    }

  if (export_id > 0)
    g_ptr_array_add (keys, g_strdup_printf ("keika:%" G_GINT64_FORMAT, export_id));

  return keys;
}

/* Describing a change */

static char *
date_text (const char *date)
{
  return is_empty (date) ? g_strdup (_("none")) : g_strdup (date);
}

static void
describe_text (GPtrArray  *parts,
               const char *before,
               const char *after,
               const char *added,
               const char *removed,
               const char *changed)
{
  if (str_equal (before, after))
    return;

  if (is_empty (before))
    g_ptr_array_add (parts, g_strdup (added));
  else if (is_empty (after))
    g_ptr_array_add (parts, g_strdup (removed));
  else
    g_ptr_array_add (parts, g_strdup (changed));
}

static void
describe_date (GPtrArray  *parts,
               const char *before,
               const char *after,
               gboolean    start)
{
  g_autofree char *from = date_text (before);
  g_autofree char *to = date_text (after);

  if (str_equal (before, after))
    return;

  if (is_empty (after))
    g_ptr_array_add (parts, g_strdup (start ? _("start date removed") : _("finish date removed")));
  else if (start)
    /* Translators: a change an import makes, "started 2024-01-02 → 2024-01-05" */
    g_ptr_array_add (parts, g_strdup_printf (_("started %s → %s"), from, to));
  else
    /* Translators: a change an import makes, "finished 2024-03-02 → 2024-03-05" */
    g_ptr_array_add (parts, g_strdup_printf (_("finished %s → %s"), from, to));
}

static char *
score_text (guint            raw,
            KeikaScoreFormat format)
{
  return raw == 0 ? g_strdup (_("no score")) : keika_score_format_display (raw, format);
}

/* "Cowboy Bebop: score 10 → 6, notes removed": what @after changes of
 * @before, field by field. (transfer full) */
static char *
describe_change (KeikaListEntry   *before,
                 KeikaListEntry   *after,
                 KeikaScoreFormat  score_format)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (keika_list_entry_get_status (before) != keika_list_entry_get_status (after))
    /* Translators: a change an import makes, "status Watching → Completed" */
    g_ptr_array_add (parts, g_strdup_printf (_("status %s → %s"),
                                             keika_status_to_label (keika_list_entry_get_status (before)),
                                             keika_status_to_label (keika_list_entry_get_status (after))));
  if (keika_list_entry_get_progress (before) != keika_list_entry_get_progress (after))
    /* Translators: a change an import makes, "episodes 3 → 12" */
    g_ptr_array_add (parts, g_strdup_printf (_("episodes %u → %u"),
                                             keika_list_entry_get_progress (before),
                                             keika_list_entry_get_progress (after)));
  if (keika_list_entry_get_score (before) != keika_list_entry_get_score (after))
    {
      g_autofree char *from = score_text (keika_list_entry_get_score (before), score_format);
      g_autofree char *to = score_text (keika_list_entry_get_score (after), score_format);

      /* Translators: a change an import makes, "score 10 → 6" */
      g_ptr_array_add (parts, g_strdup_printf (_("score %s → %s"), from, to));
    }
  describe_date (parts, keika_list_entry_get_start_date (before), keika_list_entry_get_start_date (after), TRUE);
  describe_date (parts, keika_list_entry_get_finish_date (before), keika_list_entry_get_finish_date (after), FALSE);
  describe_text (parts, keika_list_entry_get_notes (before), keika_list_entry_get_notes (after),
                 _("notes added"), _("notes removed"), _("notes changed"));
  if (!strv_equal (keika_list_entry_get_tags (before), keika_list_entry_get_tags (after)))
    {
      const char * const *from = keika_list_entry_get_tags (before);
      const char * const *to = keika_list_entry_get_tags (after);

      if (from == NULL || from[0] == NULL)
        g_ptr_array_add (parts, g_strdup (_("tags added")));
      else if (to == NULL || to[0] == NULL)
        g_ptr_array_add (parts, g_strdup (_("tags removed")));
      else
        g_ptr_array_add (parts, g_strdup (_("tags changed")));
    }
  if (keika_list_entry_get_rewatch_count (before) != keika_list_entry_get_rewatch_count (after))
    /* Translators: a change an import makes, "rewatched 0 → 2 times" */
    g_ptr_array_add (parts, g_strdup_printf (_("rewatched %u → %u times"),
                                             keika_list_entry_get_rewatch_count (before),
                                             keika_list_entry_get_rewatch_count (after)));
  if (keika_list_entry_get_rewatching (before) != keika_list_entry_get_rewatching (after))
    g_ptr_array_add (parts, g_strdup (keika_list_entry_get_rewatching (after)
                                      ? _("now rewatching") : _("no longer rewatching")));
  if (keika_list_entry_get_private (before) != keika_list_entry_get_private (after))
    g_ptr_array_add (parts, g_strdup (keika_list_entry_get_private (after)
                                      ? _("made private") : _("no longer private")));
  if (keika_list_entry_get_favourite (before) != keika_list_entry_get_favourite (after))
    g_ptr_array_add (parts, g_strdup (keika_list_entry_get_favourite (after)
                                      ? _("made a favourite") : _("no longer a favourite")));
  if (!anime_equal (keika_list_entry_get_anime (before), keika_list_entry_get_anime (after)))
    g_ptr_array_add (parts, g_strdup (_("the anime’s details updated")));

  g_ptr_array_add (parts, NULL);
  /* Translators: what separates the changes of one entry */
  joined = g_strjoinv (_(", "), (char **) parts->pdata);

  /* Translators: an anime and what an import changes of it, "Cowboy Bebop: score 10 → 6, notes removed" */
  return g_strdup_printf (_("%s: %s"), keika_transfer_entry_title (before), joined);
}

static void
add_line (Import           *import,
          KeikaImportLines  kind,
          char             *line)
{
  if (import->lines[kind] == NULL)
    import->lines[kind] = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (import->lines[kind], line);
}

/* Whether @existing was changed here after the file's @imported was
 * written down: the entry's own time in Keika's export, otherwise the time
 * the file was made. */
static gboolean
changed_here_since (Import         *import,
                    KeikaListEntry *existing,
                    KeikaListEntry *imported)
{
  gint64 file_time = import->report->made_at;

  if (import->source == SOURCE_JSON && keika_list_entry_get_updated_at (imported) > 0)
    file_time = keika_list_entry_get_updated_at (imported);

  return file_time > 0 && keika_list_entry_get_updated_at (existing) > file_time;
}

/* Planning */

void
import_reset (Import *import)
{
  KeikaImportReport *report = keika_import_report_new ();
  KeikaImportReport *parsed = import->parse_report;

  if (parsed == NULL)
    {
      /* The first plan: the parser's report is kept for the next. */
      import->parse_report = g_steal_pointer (&import->report);
      parsed = import->parse_report;
    }
  g_clear_pointer (&import->report, keika_import_report_free);

  report->skipped = parsed->skipped;
  report->made_at = parsed->made_at;
  for (guint i = 0; i < parsed->skip_reasons->len; i++)
    g_ptr_array_add (report->skip_reasons, g_strdup (parsed->skip_reasons->pdata[i]));
  for (guint i = 0; i < parsed->adjustments->len; i++)
    g_ptr_array_add (report->adjustments, g_strdup (parsed->adjustments->pdata[i]));
  import->report = report;

  for (guint i = 0; i < KEIKA_IMPORT_N_LINES; i++)
    g_clear_pointer (&import->lines[i], g_ptr_array_unref);
}

void
import_change_free (gpointer data)
{
  ImportChange *change = data;

  /* Already applied and freed (see import_apply() in keika-transfer.c). */
  if (change == NULL)
    return;

  g_clear_object (&change->base);
  g_clear_object (&change->entry);
  g_free (change);
}

void
import_plan (Import *import)
{
  KeikaImportReport *report;
  GPtrArray *parsed = import->parsed;
  g_auto(Index) index = { NULL, };
  g_autoptr(GHashTable) claimed = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) new_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  import_reset (import);
  report = import->report;
  index_init (&index, import->existing);

  g_clear_pointer (&import->changes, g_ptr_array_unref);
  import->changes = g_ptr_array_new_with_free_func (import_change_free);

  for (guint i = 0; i < parsed->len; i++)
    {
      KeikaListEntry *imported = g_ptr_array_index (parsed, i);
      KeikaListEntry *existing = find_existing (&index, imported, import->source);
      ImportChange *change;

      if (existing != NULL)
        {
          g_autoptr(KeikaListEntry) copy = NULL;
          g_autoptr(KeikaListEntry) full = NULL;

          if (!g_hash_table_add (claimed, existing))
            {
              keika_import_report_skip (report, _("“%s”: listed more than once in the file"),
                                        keika_transfer_entry_title (imported));
              continue;
            }

          /* Everything the file says, then what the flags let it do. */
          full = keika_list_entry_dup (existing);
          apply_import (full, imported, import->source, KEIKA_IMPORT_REMOVE_MISSING, NULL);
          if (import_entry_equal (full, existing))
            {
              report->unchanged++;
              if (import->describe)
                report->skipped++;
              else
                keika_import_report_skip (report, _("“%s”: already up to date"),
                                          keika_transfer_entry_title (existing));
              continue;
            }

          if (changed_here_since (import, existing, imported) &&
              (import->flags & KEIKA_IMPORT_REPLACE_NEWER) == 0)
            {
              report->held_newer++;
              if (import->describe)
                {
                  report->skipped++;
                  add_line (import, KEIKA_IMPORT_LINES_NEWER, describe_change (existing, full, import->score_format));
                }
              else
                keika_import_report_skip (report, _("“%s”: changed here after the file was made"),
                                          keika_transfer_entry_title (existing));
              continue;
            }

          copy = keika_list_entry_dup (existing);
          apply_import (copy, imported, import->source, import->flags, report);
          if (!import_entry_equal (copy, full))
            {
              report->kept_missing++;
              if (import->describe)
                add_line (import, KEIKA_IMPORT_LINES_MISSING, describe_change (copy, full, import->score_format));
            }
          if (import_entry_equal (copy, existing))
            {
              /* Only what the file lacks differs, and that is kept. */
              report->unchanged++;
              report->skipped++;
              continue;
            }

          if (import->describe)
            add_line (import, KEIKA_IMPORT_LINES_CHANGE, describe_change (existing, copy, import->score_format));
          else
            keika_list_entry_touch (copy);

          change = g_new0 (ImportChange, 1);
          change->base = g_object_ref (existing);
          change->entry = g_steal_pointer (&copy);
          g_ptr_array_add (import->changes, change);
        }
      else
        {
          g_autoptr(GPtrArray) keys = identity_keys (imported);
          gboolean duplicate = FALSE;

          for (guint k = 0; k < keys->len; k++)
            duplicate |= g_hash_table_contains (new_keys, g_ptr_array_index (keys, k));

          if (duplicate)
            {
              keika_import_report_skip (report, _("“%s”: listed more than once in the file"),
                                        keika_transfer_entry_title (imported));
              continue;
            }

          for (guint k = 0; k < keys->len; k++)
            g_hash_table_add (new_keys, g_strdup (g_ptr_array_index (keys, k)));

          /* Keika's own export says when the entry last changed; for the
           * rest, the import is the change. A look before writing leaves
           * the file's entries as they are. */
          if (import->describe)
            add_line (import, KEIKA_IMPORT_LINES_ADD, g_strdup (keika_transfer_entry_title (imported)));
          else if (import->source != SOURCE_JSON || keika_list_entry_get_updated_at (imported) <= 0)
            keika_list_entry_touch (imported);

          change = g_new0 (ImportChange, 1);
          change->entry = g_object_ref (imported);
          g_ptr_array_add (import->changes, change);
        }
    }
}

void
import_count_changes (Import *import)
{
  for (guint i = 0; i < import->changes->len; i++)
    {
      ImportChange *change = g_ptr_array_index (import->changes, i);

      if (change->base != NULL)
        import->report->updated++;
      else
        import->report->added++;
    }
}
