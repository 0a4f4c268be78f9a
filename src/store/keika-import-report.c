/* keika-import-report.c — an import's report, and what the parsers change
 * on the way in
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
#include "keika-transfer-private.h"

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

void
keika_import_report_progress (KeikaImportReport *report,
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
  keika_import_report_progress (report, keika_transfer_entry_title (entry), entry, status, progress);
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
