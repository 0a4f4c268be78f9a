/* main.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "keika-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KeikaApplication) app = NULL;
  int status;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = keika_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  /* The library file was set aside or restored: Keika starts again to open
   * what is now in its place. */
  if (keika_application_get_restart_requested (app))
    {
      char *restart_argv[] = { argv[0], NULL };

      g_clear_object (&app);
      execv ("/proc/self/exe", restart_argv);
      g_printerr ("Keika could not start again (%s); start it again yourself.\n",
                  g_strerror (errno));
      return 1;
    }

  return status;
}
