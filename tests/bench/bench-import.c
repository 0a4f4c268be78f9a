/* bench-import.c — how long a person waits to see what an import will do
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generates a 10,000-entry library, and a MyAnimeList export of it in
 * which one anime in three has another score and no notes, as a person's
 * newer export would. Then measures, five times, from the file chosen to
 * the summary on screen: reading, parsing and comparing the file in the
 * worker (keika_import_preview_async) and making and mapping the dialog
 * that lists every change. Prints the median and the worst; exits 1 when
 * the median is over 1 s.
 */

#define G_LOG_DOMAIN "Keika"

#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "bench-common.h"
#include "keika-import-dialog.h"
#include "keika-library.h"
#include "keika-list-entry.h"
#include "keika-store.h"

#define N_RUNS    5
#define TARGET_MS 1000.0

static void
done_cb (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *export_path = NULL;
  g_autoptr(GFile) export = NULL;
  g_autoptr(KeikaStore) store = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *parent;
  guint n_changed = 0;
  double m;

  if (!bench_have_display ("bench-import"))
    return 77;

  gtk_init ();
  adw_init ();
  parent = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (parent));

  if (!(dir = g_dir_make_tmp ("keika-bench-import-XXXXXX", &error)))
    g_error ("%s", error->message);
  path = g_build_filename (dir, "keika.db", NULL);
  export_path = g_build_filename (dir, "animelist.xml", NULL);
  export = g_file_new_for_path (export_path);

  if (!bench_generate_library (path, BENCH_N_ENTRIES, &error) ||
      !(store = keika_store_open (path, &error)))
    g_error ("%s", error->message);

  /* The export, with one anime in three changed. */
  {
    g_autoptr(KeikaLibrary) library = keika_library_new ();

    if (!keika_store_load_library (store, library, &error))
      g_error ("%s", error->message);
    for (guint i = 0; i < BENCH_N_ENTRIES; i += 3)
      {
        g_autoptr(KeikaListEntry) entry = g_list_model_get_item (G_LIST_MODEL (library), i);

        keika_list_entry_set_score (entry, (keika_list_entry_get_score (entry) + 30) % 100);
        keika_list_entry_set_notes (entry, NULL);
        n_changed++;
      }
    if (!keika_export_file (library, KEIKA_EXPORT_FORMAT_MAL_XML, export, &error))
      g_error ("%s", error->message);
  }

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(KeikaImportPreview) preview = NULL;
      GtkWidget *dialog;
      gint64 start = g_get_monotonic_time ();
      double looked;
      double ms;

      keika_import_preview_async (store, export, KEIKA_SCORE_FORMAT_POINT_10, NULL, done_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      preview = keika_import_preview_finish (store, result, &error);
      if (preview == NULL)
        g_error ("%s", error->message);
      looked = bench_ms_since (start);

      dialog = keika_import_dialog_new (GTK_WINDOW (parent), preview);
      gtk_window_present (GTK_WINDOW (dialog));
      while (!gtk_widget_get_mapped (dialog))
        g_main_context_iteration (NULL, TRUE);
      ms = bench_ms_since (start);
      g_array_append_val (samples, ms);

      if (run == 0)
        g_print ("%u of %u anime to change: %u lines\n", n_changed, BENCH_N_ENTRIES,
                 keika_import_preview_get_lines (preview, KEIKA_IMPORT_LINES_CHANGE)->len);
      g_print ("run %u: read and compared in %.0f ms, shown in %.0f ms\n", run + 1, looked, ms);

      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  m = bench_median (samples);
  g_print ("import summary of %d entries shown: median %.0f ms, worst %.0f ms (target %.0f ms)\n",
           BENCH_N_ENTRIES, m, bench_worst (samples), TARGET_MS);

  gtk_window_destroy (GTK_WINDOW (parent));
  g_clear_object (&store);
  remove_tree (dir);

  return m <= TARGET_MS ? EXIT_SUCCESS : EXIT_FAILURE;
}
