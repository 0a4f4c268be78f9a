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

  return report;
}

void
keika_import_report_free (KeikaImportReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->skip_reasons, g_ptr_array_unref);
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
 * so what it says wins, including "no notes" and "no date". The order
 * matters: the anime first (the episode count bounds the progress), status
 * before progress (setting "completed" fills the progress), the rewatch last
 * (completing an entry that is being rewatched counts the rewatch). */
static void
apply_import (KeikaListEntry *target,
              KeikaListEntry *imported,
              Source          source)
{
  apply_anime (keika_list_entry_get_anime (target), keika_list_entry_get_anime (imported), source);

  keika_list_entry_set_status (target, keika_list_entry_get_status (imported));
  keika_list_entry_set_progress (target, keika_list_entry_get_progress (imported));
  /* MAL's scale is coarser than ours: a raw score that MAL shows as the
   * same value is kept, so that re-importing a MAL export loses nothing. */
  if (source != SOURCE_MAL_XML ||
      keika_score_to_site (keika_list_entry_get_score (target), KEIKA_SITE_MAL) !=
      keika_score_to_site (keika_list_entry_get_score (imported), KEIKA_SITE_MAL))
    keika_list_entry_set_score (target, keika_list_entry_get_score (imported));
  keika_list_entry_set_start_date (target, keika_list_entry_get_start_date (imported));
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

/* A private copy of a library entry, with the same ids, to be changed and
 * written while the library's own object stays as it is. */
static KeikaListEntry *
dup_entry (KeikaListEntry *entry)
{
  KeikaAnime *anime = keika_list_entry_get_anime (entry);
  g_autoptr(KeikaAnime) anime_copy = NULL;
  KeikaListEntry *copy;

  anime_copy = keika_anime_new (keika_anime_get_title_romaji (anime));
  keika_anime_set_id (anime_copy, keika_anime_get_id (anime));
  keika_anime_set_title_english (anime_copy, keika_anime_get_title_english (anime));
  keika_anime_set_title_native (anime_copy, keika_anime_get_title_native (anime));
  keika_anime_set_synonyms (anime_copy, keika_anime_get_synonyms (anime));
  for (guint i = 0; i < G_N_ELEMENTS (matching_sites); i++)
    keika_anime_set_site_id (anime_copy, matching_sites[i],
                             keika_anime_get_site_id (anime, matching_sites[i]));
  keika_anime_set_format (anime_copy, keika_anime_get_format (anime));
  keika_anime_set_episodes (anime_copy, keika_anime_get_episodes (anime));
  keika_anime_set_airing_status (anime_copy, keika_anime_get_airing_status (anime));
  keika_anime_set_season (anime_copy, keika_anime_get_season (anime));
  keika_anime_set_season_year (anime_copy, keika_anime_get_season_year (anime));
  keika_anime_set_cover_url (anime_copy, keika_anime_get_cover_url (anime));
  keika_anime_set_genres (anime_copy, keika_anime_get_genres (anime));
  keika_anime_set_adult (anime_copy, keika_anime_get_adult (anime));

  copy = keika_list_entry_new (anime_copy);
  keika_list_entry_set_id (copy, keika_list_entry_get_id (entry));
  keika_list_entry_set_status (copy, keika_list_entry_get_status (entry));
  keika_list_entry_set_progress (copy, keika_list_entry_get_progress (entry));
  keika_list_entry_set_score (copy, keika_list_entry_get_score (entry));
  keika_list_entry_set_start_date (copy, keika_list_entry_get_start_date (entry));
  keika_list_entry_set_finish_date (copy, keika_list_entry_get_finish_date (entry));
  keika_list_entry_set_notes (copy, keika_list_entry_get_notes (entry));
  keika_list_entry_set_tags (copy, keika_list_entry_get_tags (entry));
  keika_list_entry_set_rewatch_count (copy, keika_list_entry_get_rewatch_count (entry));
  keika_list_entry_set_rewatching (copy, keika_list_entry_get_rewatching (entry));
  keika_list_entry_set_private (copy, keika_list_entry_get_private (entry));
  keika_list_entry_set_favourite (copy, keika_list_entry_get_favourite (entry));
  keika_list_entry_set_updated_at (copy, keika_list_entry_get_updated_at (entry));

  return copy;
}

/* Matching */

static const char *
entry_title (KeikaListEntry *entry)
{
  KeikaAnime *anime = keika_list_entry_get_anime (entry);
  const char *title = keika_anime_get_title_romaji (anime);

  if (title == NULL || *title == '\0')
    title = keika_anime_get_title_english (anime);
  if (title == NULL || *title == '\0')
    title = keika_anime_get_title_native (anime);

  return title ? title : "";
}

static KeikaListEntry *
find_existing (KeikaLibrary   *library,
               KeikaListEntry *imported,
               Source          source)
{
  KeikaAnime *anime = keika_list_entry_get_anime (imported);
  KeikaListEntry *found;
  KeikaAnime *found_anime;
  gint64 export_id;

  for (guint i = 0; i < G_N_ELEMENTS (matching_sites); i++)
    {
      gint64 id = keika_anime_get_site_id (anime, matching_sites[i]);

      /* MAL's export carries no other id. */
      if (source == SOURCE_MAL_XML && matching_sites[i] != KEIKA_SITE_MAL)
        continue;

      if (id > 0 && (found = keika_library_lookup_by_site_id (library, matching_sites[i], id)))
        return found;
    }

  /* A JSON export of this very library names entries by their local id,
   * which is what finds an anime that is on no site. Another library's
   * ids mean nothing here, so the anime has to agree as well. */
  export_id = source == SOURCE_JSON ? keika_transfer_get_export_id (imported) : 0;
  if (export_id <= 0 || !(found = keika_library_lookup (library, export_id)))
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

/* Importing */

typedef struct
{
  KeikaListEntry *live;      /* (owned) (nullable) the library's entry, for an update */
  KeikaListEntry *entry;     /* (owned) what is written: a changed copy of @live, or a new entry */
  KeikaListEntry *imported;  /* (owned) (nullable) the parsed entry, for an update */
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_clear_object (&change->live);
  g_clear_object (&change->entry);
  g_clear_object (&change->imported);
  g_free (change);
}

static gboolean
write_changes (KeikaStore  *store,
               gpointer     user_data,
               GError     **error)
{
  GPtrArray *changes = user_data;

  for (guint i = 0; i < changes->len; i++)
    {
      Change *change = g_ptr_array_index (changes, i);
      gboolean ok;

      if (change->live != NULL)
        ok = keika_store_save_entry (store, change->entry, error);
      else
        ok = keika_store_add_entry (store, change->entry, error);

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

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

KeikaImportReport *
keika_import_file (KeikaStore    *store,
                   KeikaLibrary  *library,
                   GFile         *file,
                   GError       **error)
{
  g_autoptr(KeikaImportReport) report = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GHashTable) claimed = NULL;
  g_autoptr(GHashTable) new_keys = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  Source source;

  g_return_val_if_fail (KEIKA_IS_STORE (store), NULL);
  g_return_val_if_fail (KEIKA_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      /* GIO's message names the file. */
      g_set_error (error, KEIKA_TRANSFER_ERROR, KEIKA_TRANSFER_ERROR_IO,
                   _("Could not read the file: %s"), local_error->message);
      return NULL;
    }

  /* Everything is parsed before anything is written. */
  if (!detect_source (contents, length, &source, error))
    return NULL;

  switch (source)
    {
    case SOURCE_MAL_XML:
      parsed = keika_mal_xml_parse (contents, length, &report, error);
      break;
    case SOURCE_JSON:
      parsed = keika_json_parse (contents, length, &report, error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (parsed == NULL)
    return NULL;

  /* The plan: what to write, on copies, so that the library's objects only
   * change once the transaction has been committed. */
  changes = g_ptr_array_new_with_free_func (change_free);
  claimed = g_hash_table_new (NULL, NULL);
  new_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < parsed->len; i++)
    {
      KeikaListEntry *imported = g_ptr_array_index (parsed, i);
      KeikaListEntry *live = find_existing (library, imported, source);
      Change *change;

      if (live != NULL)
        {
          g_autoptr(KeikaListEntry) copy = NULL;

          if (!g_hash_table_add (claimed, live))
            {
              keika_import_report_skip (report, _("“%s”: listed more than once in the file"),
                                        entry_title (imported));
              continue;
            }

          copy = dup_entry (live);
          apply_import (copy, imported, source);
          if (entry_equal (copy, live))
            {
              keika_import_report_skip (report, _("“%s”: already up to date"),
                                        entry_title (live));
              continue;
            }

          keika_list_entry_touch (copy);

          change = g_new0 (Change, 1);
          change->live = g_object_ref (live);
          change->entry = g_steal_pointer (&copy);
          change->imported = g_object_ref (imported);
          g_ptr_array_add (changes, change);
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
                                        entry_title (imported));
              continue;
            }

          for (guint k = 0; k < keys->len; k++)
            g_hash_table_add (new_keys, g_strdup (g_ptr_array_index (keys, k)));

          /* Keika's own export says when the entry last changed; for the
           * rest, the import is the change. */
          if (source != SOURCE_JSON || keika_list_entry_get_updated_at (imported) <= 0)
            keika_list_entry_touch (imported);

          change = g_new0 (Change, 1);
          change->entry = g_object_ref (imported);
          g_ptr_array_add (changes, change);
        }
    }

  if (changes->len > 0 &&
      !keika_store_run_transaction (store, write_changes, changes, &local_error))
    {
      /* Rolled back: the store is as it was, and the library was never
       * touched. The new entries that were given ids are dropped. */
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("The import was not saved: "));
      return NULL;
    }

  /* Committed: now the library shows it, new entries in one batch. */
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < changes->len; i++)
    {
      Change *change = g_ptr_array_index (changes, i);

      if (change->live != NULL)
        {
          apply_import (change->live, change->imported, source);
          keika_list_entry_set_updated_at (change->live,
                                           keika_list_entry_get_updated_at (change->entry));
          if (!entry_equal (change->live, change->entry))
            g_warning ("“%s” differs from what was saved after import",
                       entry_title (change->live));
          report->updated++;
        }
      else
        {
          g_ptr_array_add (added, g_object_ref (change->entry));
          report->added++;
        }
    }

  if (added->len > 0)
    keika_library_append_many (library, added);

  return g_steal_pointer (&report);
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
