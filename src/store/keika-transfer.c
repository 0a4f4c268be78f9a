/* keika-transfer.c — import and export of the library
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaTransfer"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "keika-anime.h"
#include "keika-input.h"
#include "keika-list-entry.h"
#include "keika-score.h"
#include "keika-store.h"
#include "keika-transfer-private.h"

G_DEFINE_QUARK (keika-transfer-error-quark, keika_transfer_error)

typedef enum
{
  SOURCE_MAL_XML,
  SOURCE_JSON,
} Source;

/* The sites whose ids identify an anime across libraries, most trusted first. */
static const KeikaSite matching_sites[] = {
  KEIKA_SITE_MAL,
  KEIKA_SITE_ANILIST,
  KEIKA_SITE_KITSU,
  KEIKA_SITE_ANITRACK,
};

/* Reports */

KeikaImportReport *
keika_import_report_new (void)
{
  KeikaImportReport *report = g_new0 (KeikaImportReport, 1);

  report->skip_reasons = g_ptr_array_new_with_free_func (g_free);
  report->adjustments = g_ptr_array_new_with_free_func (g_free);

  return report;
}

void
keika_import_report_free (KeikaImportReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->skip_reasons, g_ptr_array_unref);
  g_clear_pointer (&report->adjustments, g_ptr_array_unref);
  g_free (report);
}

void
keika_import_report_skip (KeikaImportReport *report,
                          const char        *format,
                          ...)
{
  va_list args;

  g_return_if_fail (report != NULL);

  va_start (args, format);
  g_ptr_array_add (report->skip_reasons, g_strdup_vprintf (format, args));
  va_end (args);

  report->skipped++;
}

void
keika_import_report_adjust (KeikaImportReport *report,
                            const char        *format,
                            ...)
{
  va_list args;

  g_return_if_fail (report != NULL);

  va_start (args, format);
  g_ptr_array_add (report->adjustments, g_strdup_vprintf (format, args));
  va_end (args);
}

const char *
keika_import_mend_text (const char  *data,
                        gsize       *length,
                        char       **mended,
                        gsize       *n_mended)
{
  *mended = keika_input_mend_text (data, *length, n_mended);
  if (*mended == NULL)
    return data;

  *length = strlen (*mended);
  return *mended;
}

void
keika_import_report_mended (KeikaImportReport *report,
                            gsize              n_mended)
{
  if (n_mended == 0)
    return;

  keika_import_report_adjust (report,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "The file is damaged: %" G_GSIZE_FORMAT " place held bytes that are not text; they were replaced with “�”",
                                           "The file is damaged: %" G_GSIZE_FORMAT " places held bytes that are not text; they were replaced with “�”",
                                           n_mended),
                              n_mended);
}

/* What the parsers change on the way in */

#define UNUSABLE_KEY "keika-transfer-unusable"

void
keika_transfer_mark_unusable (KeikaListEntry        *entry,
                              KeikaTransferUnusable  fields)
{
  KeikaTransferUnusable marked = keika_transfer_get_unusable (entry);

  g_object_set_data (G_OBJECT (entry), UNUSABLE_KEY, GUINT_TO_POINTER (marked | fields));
}

KeikaTransferUnusable
keika_transfer_get_unusable (KeikaListEntry *entry)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), UNUSABLE_KEY));
}

const char *
keika_transfer_entry_title (KeikaListEntry *entry)
{
  KeikaAnime *anime = keika_list_entry_get_anime (entry);
  const char *title = keika_anime_get_title_romaji (anime);

  if (title == NULL || *title == '\0')
    title = keika_anime_get_title_english (anime);
  if (title == NULL || *title == '\0')
    title = keika_anime_get_title_native (anime);

  return title ? title : "";
}

/* Says how @entry's progress and status differ from the @status and
 * @progress that were set on it, in that order: the model lowers a progress
 * above a known episode count, and completes an entry that reaches it. */
static void
report_progress (KeikaImportReport *report,
                 const char        *title,
                 KeikaListEntry    *entry,
                 KeikaStatus        status,
                 guint              progress)
{
  guint stored = keika_list_entry_get_progress (entry);

  if (stored < progress)
    keika_import_report_adjust (report,
                                _("“%s”: the progress was lowered from %u to %u, the number of episodes"),
                                title, progress, stored);

  if (keika_list_entry_get_status (entry) != status &&
      keika_list_entry_get_status (entry) == KEIKA_STATUS_COMPLETED)
    keika_import_report_adjust (report, _("“%s”: marked as completed, as all its episodes are watched"),
                                title);
}

void
keika_transfer_set_status_progress (KeikaImportReport *report,
                                    KeikaListEntry    *entry,
                                    KeikaStatus        status,
                                    guint              progress)
{
  keika_list_entry_set_status (entry, status);
  keika_list_entry_set_progress (entry, progress);
  report_progress (report, keika_transfer_entry_title (entry), entry, status, progress);
}

/* NULL, "", and MAL's "0000-00-00": no date given. */
static gboolean
date_is_unknown (const char *date)
{
  if (date == NULL)
    return TRUE;

  for (const char *p = date; *p != '\0'; p++)
    {
      if (*p != '0' && *p != '-' && !g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

static void
set_date (KeikaImportReport *report,
          KeikaListEntry    *entry,
          const char        *date,
          gboolean           finish)
{
  g_autofree char *normalized = keika_fuzzy_date_normalize (date);

  if (normalized == NULL && !date_is_unknown (date))
    {
      const char *title = keika_transfer_entry_title (entry);

      if (finish)
        keika_import_report_adjust (report,
                                    _("“%s”: the finish date “%s” is not a valid date and was left out"),
                                    title, date);
      else
        keika_import_report_adjust (report,
                                    _("“%s”: the start date “%s” is not a valid date and was left out"),
                                    title, date);
      keika_transfer_mark_unusable (entry, finish ? KEIKA_TRANSFER_UNUSABLE_FINISH_DATE
                                                  : KEIKA_TRANSFER_UNUSABLE_START_DATE);
    }

  if (finish)
    keika_list_entry_set_finish_date (entry, normalized);
  else
    keika_list_entry_set_start_date (entry, normalized);
}

void
keika_transfer_set_start_date (KeikaImportReport *report,
                               KeikaListEntry    *entry,
                               const char        *date)
{
  set_date (report, entry, date, FALSE);
}

void
keika_transfer_set_finish_date (KeikaImportReport *report,
                                KeikaListEntry    *entry,
                                const char        *date)
{
  set_date (report, entry, date, TRUE);
}

void
keika_transfer_set_notes (KeikaImportReport *report,
                          KeikaListEntry    *entry,
                          const char        *notes)
{
  const char *stored;

  keika_list_entry_set_notes (entry, notes);
  stored = keika_list_entry_get_notes (entry);

  /* The model cuts long notes (and mends invalid UTF-8, which neither
   * parser lets through). */
  if (notes != NULL && strcmp (notes, stored ? stored : "") != 0 &&
      g_utf8_strlen (stored ? stored : "", -1) == KEIKA_NOTES_MAX_CHARS)
    keika_import_report_adjust (report,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "“%s”: the notes were cut to %u character",
                                             "“%s”: the notes were cut to %u characters",
                                             KEIKA_NOTES_MAX_CHARS),
                                keika_transfer_entry_title (entry), (guint) KEIKA_NOTES_MAX_CHARS);
}

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

/* Everything the user would see, not the local ids or "updated-at". */
static gboolean
entry_equal (KeikaListEntry *a,
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
apply_anime (KeikaAnime *target,
             KeikaAnime *imported,
             Source      source)
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
 * so what it says wins, including "no notes" and "no date", but not a value
 * it gave that could not be read, which leaves @target's. The order
 * matters: the anime first (the episode count bounds the progress), status
 * before progress (setting "completed" fills the progress), the rewatch last
 * (completing an entry that is being rewatched counts the rewatch). What the
 * rules change on the way in (a progress above @target's episode count, when
 * the file did not know the count) is added to @report. */
static void
apply_import (KeikaListEntry    *target,
              KeikaListEntry    *imported,
              Source             source,
              KeikaImportReport *report)
{
  KeikaTransferUnusable unusable = keika_transfer_get_unusable (imported);
  guint score = keika_list_entry_get_score (imported);

  apply_anime (keika_list_entry_get_anime (target), keika_list_entry_get_anime (imported), source);

  keika_list_entry_set_status (target, keika_list_entry_get_status (imported));
  keika_list_entry_set_progress (target, keika_list_entry_get_progress (imported));
  report_progress (report, keika_transfer_entry_title (imported), target,
                   keika_list_entry_get_status (imported), keika_list_entry_get_progress (imported));
  /* MAL's scale is coarser than ours: a raw score that MAL shows as the
   * same value is kept, so that re-importing a MAL export loses nothing,
   * unless the file held a finer score than MAL's ("8.5"). */
  if ((unusable & KEIKA_TRANSFER_UNUSABLE_SCORE) == 0 &&
      (source != SOURCE_MAL_XML ||
       keika_score_from_site (keika_score_to_site (score, KEIKA_SITE_MAL), KEIKA_SITE_MAL) != score ||
       keika_score_to_site (keika_list_entry_get_score (target), KEIKA_SITE_MAL) !=
       keika_score_to_site (score, KEIKA_SITE_MAL)))
    keika_list_entry_set_score (target, score);
  if ((unusable & KEIKA_TRANSFER_UNUSABLE_START_DATE) == 0)
    keika_list_entry_set_start_date (target, keika_list_entry_get_start_date (imported));
  if ((unusable & KEIKA_TRANSFER_UNUSABLE_FINISH_DATE) == 0)
    keika_list_entry_set_finish_date (target, keika_list_entry_get_finish_date (imported));
  if (!str_equal (keika_list_entry_get_notes (target), keika_list_entry_get_notes (imported)))
    keika_list_entry_set_notes (target, keika_list_entry_get_notes (imported));
  if (!strv_equal (keika_list_entry_get_tags (target), keika_list_entry_get_tags (imported)))
    keika_list_entry_set_tags (target, keika_list_entry_get_tags (imported));
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
               Source          source)
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

/* Importing
 *
 * Both keika_import_file() and keika_import_file_async() run the same three
 * steps on an Import:
 *   import_read()   reads and parses the file (no store, no library);
 *   import_write()  in ONE transaction on the store it is given: takes the
 *                   entries to match against (loading them from that store
 *                   when none were given), plans the changes on private
 *                   copies and writes them;
 *   import_apply()  shows the committed changes in the live library (main
 *                   thread, the library's thread).
 * The synchronous call runs all three on the caller's store and matches
 * against the library's own entries. The asynchronous one runs the first two
 * in a worker thread on its own connection to the same file, matching against
 * what that connection loads, so that nothing the main thread owns is touched
 * there; only plain results cross back. */

typedef struct
{
  /* (owned) (nullable) the stored entry it updates, as it was when planned
   * (for the synchronous import: the library's own object) */
  KeikaListEntry *base;
  /* (owned) what was written: a changed copy of @base, with its ids (the key
   * by which the library's entry is found), or a new entry, with the ids the
   * store gave it. Never in a library before import_apply(). */
  KeikaListEntry *entry;
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  /* Already applied and freed (see import_apply). */
  if (change == NULL)
    return;

  g_clear_object (&change->base);
  g_clear_object (&change->entry);
  g_free (change);
}

typedef struct
{
  Source             source;
  GPtrArray         *parsed;       /* (owned) (nullable) KeikaListEntry from the file */
  /* (owned) (nullable) what to match against; NULL: what the store holds,
   * loaded inside the write transaction */
  GPtrArray         *existing;
  GCancellable      *cancellable;  /* (owned) (nullable) */
  KeikaImportReport *report;       /* (owned) */
  GPtrArray         *changes;      /* (owned) (nullable) Change, once planned */
  gboolean           appended;     /* the new entries are in the library */
  guint              n_applied;    /* changes shown in the library so far */
} Import;

static void
import_free (Import *import)
{
  g_clear_pointer (&import->parsed, g_ptr_array_unref);
  g_clear_pointer (&import->existing, g_ptr_array_unref);
  g_clear_object (&import->cancellable);
  g_clear_pointer (&import->report, keika_import_report_free);
  g_clear_pointer (&import->changes, g_ptr_array_unref);
  g_free (import);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_free)

/* Which reader a file needs, from its first bytes. */
static gboolean
detect_source (const char  *data,
               gsize        length,
               Source      *source,
               GError     **error)
{
  gsize i = 0;

  if (keika_transfer_is_gzip (data, length))
    {
      *source = SOURCE_MAL_XML;
      return TRUE;
    }

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;

  while (i < length && g_ascii_isspace (data[i]))
    i++;

  if (i == length)
    {
      g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                           _("The file is empty"));
      return FALSE;
    }

  switch (data[i])
    {
    case '{':
      *source = SOURCE_JSON;
      return TRUE;
    case '<':
      *source = SOURCE_MAL_XML;
      return TRUE;
    default:
      g_set_error_literal (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_INVALID,
                           _("The file is not a MyAnimeList XML export or a Keika JSON export"));
      return FALSE;
    }
}

/* Reads and parses @file. Any thread. (transfer full) */
static Import *
import_read (GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(Import) import = g_new0 (Import, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  import->cancellable = cancellable ? g_object_ref (cancellable) : NULL;

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        /* GIO's message names the file. */
        g_set_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_IO,
                     _("Could not read the file: %s"), local_error->message);
      return NULL;
    }

  /* Everything is parsed before anything is written. */
  if (!detect_source (contents, length, &import->source, error))
    return NULL;

  switch (import->source)
    {
    case SOURCE_MAL_XML:
      import->parsed = keika_mal_xml_parse (contents, length, &import->report, error);
      break;
    case SOURCE_JSON:
      import->parsed = keika_json_parse (contents, length, &import->report, error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (import->parsed == NULL)
    return NULL;

  return g_steal_pointer (&import);
}

/* Decides what the import changes, on private copies: nothing that @index
 * holds is changed. Fills import->changes and the report's skips. */
static void
import_plan (Import *import,
             Index  *index)
{
  KeikaImportReport *report = import->report;
  GPtrArray *parsed = import->parsed;
  g_autoptr(GHashTable) claimed = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) new_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_clear_pointer (&import->changes, g_ptr_array_unref);
  import->changes = g_ptr_array_new_with_free_func (change_free);

  for (guint i = 0; i < parsed->len; i++)
    {
      KeikaListEntry *imported = g_ptr_array_index (parsed, i);
      KeikaListEntry *existing = find_existing (index, imported, import->source);
      Change *change;

      if (existing != NULL)
        {
          g_autoptr(KeikaListEntry) copy = NULL;

          if (!g_hash_table_add (claimed, existing))
            {
              keika_import_report_skip (report, _("“%s”: listed more than once in the file"),
                                        keika_transfer_entry_title (imported));
              continue;
            }

          copy = keika_list_entry_dup (existing);
          apply_import (copy, imported, import->source, report);
          if (entry_equal (copy, existing))
            {
              keika_import_report_skip (report, _("“%s”: already up to date"),
                                        keika_transfer_entry_title (existing));
              continue;
            }

          keika_list_entry_touch (copy);

          change = g_new0 (Change, 1);
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
           * rest, the import is the change. */
          if (import->source != SOURCE_JSON || keika_list_entry_get_updated_at (imported) <= 0)
            keika_list_entry_touch (imported);

          change = g_new0 (Change, 1);
          change->entry = g_object_ref (imported);
          g_ptr_array_add (import->changes, change);
        }
    }
}

/* How many entries are written between two looks at the cancellable. */
#define CANCEL_CHECK_INTERVAL 256

static gboolean
plan_and_write (KeikaStore  *store,
                gpointer     user_data,
                GError     **error)
{
  Import *import = user_data;
  g_auto(Index) index = { NULL, };

  if (import->existing == NULL &&
      !(import->existing = keika_store_load_entries (store, error)))
    return FALSE;

  index_init (&index, import->existing);
  import_plan (import, &index);

  for (guint i = 0; i < import->changes->len; i++)
    {
      Change *change = g_ptr_array_index (import->changes, i);
      gboolean ok;

      if (i % CANCEL_CHECK_INTERVAL == 0 &&
          g_cancellable_set_error_if_cancelled (import->cancellable, error))
        return FALSE;

      if (change->base != NULL)
        ok = keika_store_save_entry (store, change->entry, error);
      else
        ok = keika_store_add_entry (store, change->entry, error);

      if (!ok)
        return FALSE;
    }

  /* The last chance to cancel: past the commit the import has happened. */
  return !g_cancellable_set_error_if_cancelled (import->cancellable, error);
}

/* Writes the import to @store in one transaction. On success the report
 * counts what was written; on failure nothing was (the transaction was
 * rolled back). Any thread: the thread of @store. */
static gboolean
import_write (Import      *import,
              KeikaStore  *store,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_cancellable_set_error_if_cancelled (import->cancellable, error))
    return FALSE;

  if (!keika_store_run_transaction (store, plan_and_write, import, &local_error))
    {
      /* Rolled back: the store is as it was. The new entries that were given
       * ids are dropped with @import. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    _("The import was not saved: "));
      return FALSE;
    }

  for (guint i = 0; i < import->changes->len; i++)
    {
      Change *change = g_ptr_array_index (import->changes, i);

      if (change->base != NULL)
        import->report->updated++;
      else
        import->report->added++;
    }

  /* Only the changes are needed from here on. */
  g_clear_pointer (&import->parsed, g_ptr_array_unref);
  g_clear_pointer (&import->existing, g_ptr_array_unref);

  return TRUE;
}

static void
apply_update (Change       *change,
              KeikaLibrary *library)
{
  KeikaListEntry *live = keika_library_lookup (library, keika_list_entry_get_id (change->entry));

  if (live == NULL)
    {
      g_debug ("“%s” was removed from the library during the import",
               keika_transfer_entry_title (change->entry));
      return;
    }

  if (live != change->base &&
      (keika_list_entry_get_updated_at (live) != keika_list_entry_get_updated_at (change->base) ||
       !entry_equal (live, change->base)))
    {
      g_debug ("“%s” changed in the library during the import; keeping that change",
               keika_transfer_entry_title (live));
      return;
    }

  keika_list_entry_assign (live, change->entry);
  if (!entry_equal (live, change->entry))
    g_warning ("“%s” differs from what was saved after import", keika_transfer_entry_title (live));
}

/* Shows a committed import in @library, in the library's thread: the new
 * entries that it does not hold yet are appended in one batch, then the
 * updated entries get the values that were written, each change freed once
 * applied. An entry that is no longer in the library (deleted after the
 * import was written, so deleted in the store too), or that changed in the
 * library since it was planned (an edit saved after the import, so what the
 * store holds), is left as it is: the later change wins.
 *
 * Stops once @deadline (monotonic time) has passed, so that the caller can
 * let the main loop turn, and returns TRUE when everything was applied. */
static gboolean
import_apply (Import       *import,
              KeikaLibrary *library,
              gint64        deadline)
{
  GPtrArray *changes = import->changes;

  if (!import->appended)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < changes->len; i++)
        {
          Change *change = g_ptr_array_index (changes, i);

          if (change->base != NULL)
            continue;

          /* The id is one the store gave the import: the library can only
           * hold it if it was loaded from the store again since the import
           * was written. Its entry then already is the import's, or an
           * edit made after it, which wins as in apply_update(). */
          if (keika_library_lookup (library, keika_list_entry_get_id (change->entry)) != NULL)
            {
              g_debug ("“%s” is in the library already", keika_transfer_entry_title (change->entry));
              continue;
            }

          g_ptr_array_add (added, g_object_ref (change->entry));
        }

      if (added->len > 0)
        keika_library_append_many (library, added);
      import->appended = TRUE;
    }

  for (; import->n_applied < changes->len; import->n_applied++)
    {
      Change *change = g_ptr_array_index (changes, import->n_applied);

      /* Looking at the clock costs little next to an entry's notifications. */
      if (import->n_applied % 32 == 31 && g_get_monotonic_time () > deadline)
        return FALSE;

      if (change->base != NULL)
        apply_update (change, library);

      /* Freed as it goes: 10,000 updates are 40,000 objects to finalize. */
      change_free (g_steal_pointer (&changes->pdata[import->n_applied]));
    }

  return TRUE;
}

KeikaImportReport *
keika_import_file (KeikaStore    *store,
                   KeikaLibrary  *library,
                   GFile         *file,
                   GError       **error)
{
  g_autoptr(Import) import = NULL;
  guint n_items;

  g_return_val_if_fail (KEIKA_IS_STORE (store), NULL);
  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(import = import_read (file, NULL, error)))
    return NULL;

  /* Matched against the library itself: its entries are the bases. */
  n_items = g_list_model_get_n_items (G_LIST_MODEL (library));
  import->existing = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (import->existing, g_list_model_get_item (G_LIST_MODEL (library), i));

  if (!import_write (import, store, error))
    return NULL;

  import_apply (import, library, G_MAXINT64);

  return g_steal_pointer (&import->report);
}

/* The asynchronous import: a worker task does import_read() and
 * import_write() on its own connection; its callback, back in the caller's
 * main context, does import_apply() and only then completes the caller's
 * task, so the library is up to date when the caller's callback runs. */

typedef struct
{
  char         *path;         /* (owned) the store's file */
  GFile        *file;         /* (owned) */
} ImportJob;

static void
import_job_free (gpointer data)
{
  ImportJob *job = data;

  g_free (job->path);
  g_clear_object (&job->file);
  g_free (job);
}

static void
import_thread (GTask        *worker,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(Import) import = NULL;
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 parsed;

  if (!(import = import_read (job->file, cancellable, &error)))
    {
      g_task_return_error (worker, g_steal_pointer (&error));
      return;
    }

  parsed = g_get_monotonic_time ();

  /* A store is used only from the thread that opened it: this one is
   * opened, used and closed here. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !(store = keika_store_open (job->path, &error)))
    {
      g_task_return_error (worker, g_steal_pointer (&error));
      return;
    }
  keika_store_begin_bulk (store);
  if (!import_write (import, store, &error))
    {
      g_task_return_error (worker, g_steal_pointer (&error));
      return;
    }

  g_debug ("Import of %u entries: read and parsed in %.0f ms, matched and written in %.0f ms",
           import->changes->len + import->report->skipped,
           (parsed - start) / 1000.0, (g_get_monotonic_time () - parsed) / 1000.0);

  g_task_return_pointer (worker, g_steal_pointer (&import), (GDestroyNotify) import_free);
}

static KeikaImportCommittedFunc committed_hook;
static gpointer committed_hook_data;

void
keika_transfer_set_committed_hook (KeikaImportCommittedFunc func,
                                   gpointer                 user_data)
{
  committed_hook = func;
  committed_hook_data = user_data;
}

/* The longest the main loop is kept by one step of showing the import. */
#define APPLY_STEP_USEC (8 * 1000)

typedef struct
{
  KeikaLibrary *library;  /* (owned) */
  Import       *import;   /* (owned) (nullable) once written */
} ImportTaskData;

static void
import_task_data_free (gpointer data)
{
  ImportTaskData *task_data = data;

  g_clear_object (&task_data->library);
  g_clear_pointer (&task_data->import, import_free);
  g_free (task_data);
}

static gboolean
import_apply_step_cb (gpointer user_data)
{
  GTask *task = user_data;  /* the source holds a reference */
  ImportTaskData *task_data = g_task_get_task_data (task);
  Import *import = task_data->import;

  if (!import_apply (import, task_data->library, g_get_monotonic_time () + APPLY_STEP_USEC))
    return G_SOURCE_CONTINUE;

  g_task_return_pointer (task, g_steal_pointer (&import->report),
                         (GDestroyNotify) keika_import_report_free);
  g_clear_pointer (&task_data->import, import_free);

  return G_SOURCE_REMOVE;
}

static void
import_worker_done_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GSource) source = NULL;
  ImportTaskData *task_data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!(task_data->import = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (committed_hook != NULL)
    committed_hook (task_data->library, committed_hook_data);

  /* Shown in steps of a few milliseconds at idle priority, so that input and
   * drawing go first; the task completes after the last one. */
  source = g_idle_source_new ();
  g_source_set_static_name (source, "[keika] import_apply_step_cb");
  g_task_attach_source (task, source, import_apply_step_cb);
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
}

void
keika_import_file_async (KeikaStore          *store,
                         KeikaLibrary        *library,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  ImportTaskData *task_data;
  ImportJob *job;

  g_return_if_fail (KEIKA_IS_STORE (store));
  g_return_if_fail (KEIKA_IS_LIBRARY (library));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, keika_import_file_async);
  task_data = g_new0 (ImportTaskData, 1);
  task_data->library = g_object_ref (library);
  g_task_set_task_data (task, task_data, import_task_data_free);
  /* Once committed, the import is reported even if cancelled too late. */
  g_task_set_check_cancellable (task, FALSE);

  job = g_new0 (ImportJob, 1);
  job->path = g_strdup (keika_store_get_path (store));
  job->file = g_file_dup (file);

  worker = g_task_new (NULL, cancellable, import_worker_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, import_thread);
  g_task_set_name (worker, "[keika] import");
  g_task_set_task_data (worker, job, import_job_free);
  g_task_set_check_cancellable (worker, FALSE);
  g_task_run_in_thread (worker, import_thread);
}

KeikaImportReport *
keika_import_file_finish (KeikaStore    *store,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (KEIKA_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == keika_import_file_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Exporting */

GBytes *
keika_export_to_bytes (KeikaLibrary      *library,
                       KeikaExportFormat  format)
{
  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), NULL);

  switch (format)
    {
    case KEIKA_EXPORT_FORMAT_MAL_XML:
      return keika_mal_xml_write (library);
    case KEIKA_EXPORT_FORMAT_JSON:
      return keika_json_write (library);
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
keika_export_file (KeikaLibrary       *library,
                   KeikaExportFormat   format,
                   GFile              *file,
                   GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = keika_export_to_bytes (library, format);
  g_return_val_if_fail (bytes != NULL, FALSE);

  data = g_bytes_get_data (bytes, &length);

  /* Written to a temporary file and renamed over the old one, so a failure
   * never leaves half an export behind. */
  if (!g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, NULL, &local_error))
    {
      g_set_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_IO,
                   _("Could not write the file: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

KeikaExportFormat
keika_export_format_for_file (GFile *file)
{
  g_autofree char *basename = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (G_IS_FILE (file), KEIKA_EXPORT_FORMAT_MAL_XML);

  basename = g_file_get_basename (file);
  if (basename == NULL)
    return KEIKA_EXPORT_FORMAT_MAL_XML;

  folded = g_ascii_strdown (basename, -1);
  if (g_str_has_suffix (folded, ".json"))
    return KEIKA_EXPORT_FORMAT_JSON;

  return KEIKA_EXPORT_FORMAT_MAL_XML;
}
