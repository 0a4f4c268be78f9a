/* main.c: the fake sites as a program, to point the real keika binary at
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>

#include "keika-fake-anilist.h"
#include "keika-fake-anitrack.h"
#include "keika-fake-catalog.h"
#include "keika-fake-same-list.h"
#include "keika-fake-kitsu.h"
#include "keika-fake-mal.h"
#include "keika-fake-sites.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_CONTINUE;
}

static gboolean
set_rate_limit (KeikaFakeSites  *fake,
                const char      *spec,
                GError         **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", 3);
  guint64 limit, window;

  if (g_strv_length (parts) != 3
      || !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT, &limit, error)
      || !g_ascii_string_to_unsigned (parts[2], 10, 1, G_MAXUINT, &window, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "“%s”: expected SITE:LIMIT:SECONDS", spec);
      return FALSE;
    }

  keika_fake_sites_set_rate_limit (fake, parts[0], limit, window);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  int port = 0;
  int entries = -1;
  int seed = 1;
  int access_lifetime = 3600;
  int refresh_lifetime = 31 * 24 * 3600;
  int anilist_entries = -1;
  int anilist_lifetime = 31536000;
  int catalog = 0;
  int anitrack_entries = -1;
  int kitsu_entries = -1;
  gboolean same_list = FALSE;
  gboolean deny = FALSE;
  gboolean verbose = FALSE;
  gboolean control = FALSE;
  g_autofree char *user = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *redirect_uri = NULL;
  g_autofree char *anilist_user = NULL;
  g_autofree char *anilist_client_id = NULL;
  g_autofree char *anilist_redirect_uri = NULL;
  g_autofree char *anitrack_user = NULL;
  g_autofree char *kitsu_user = NULL;
  g_auto(GStrv) faults = NULL;
  g_auto(GStrv) rate_limits = NULL;
  const GOptionEntry options[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "Port on 127.0.0.1 (default: any free one)", "PORT" },
    { "mal-user", 'u', 0, G_OPTION_ARG_STRING, &user,
      "MyAnimeList user to create and sign in as (default: KeikaTester)", "NAME" },
    { "entries", 'n', 0, G_OPTION_ARG_INT, &entries,
      "Generate N list entries for the user (default: a few sample entries)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generated entries (default: 1)", "SEED" },
    { "mal-client-id", 0, 0, G_OPTION_ARG_STRING, &client_id,
      "Client id MyAnimeList accepts; \"\" accepts any (default: " KEIKA_FAKE_MAL_CLIENT_ID ")",
      "ID" },
    { "mal-redirect-uri", 0, 0, G_OPTION_ARG_STRING, &redirect_uri,
      "The registered redirect URI (default: any loopback http URI)", "URI" },
    { "access-lifetime", 0, 0, G_OPTION_ARG_INT, &access_lifetime,
      "Seconds an access token lasts (default: 3600)", "S" },
    { "refresh-lifetime", 0, 0, G_OPTION_ARG_INT, &refresh_lifetime,
      "Seconds a refresh token lasts (default: 31 days)", "S" },
    { "anilist-user", 0, 0, G_OPTION_ARG_STRING, &anilist_user,
      "AniList user to create and sign in as (default: KeikaTester)", "NAME" },
    { "anilist-entries", 0, 0, G_OPTION_ARG_INT, &anilist_entries,
      "Generate N AniList entries for the user (default: a dozen sample entries)", "N" },
    { "anilist-client-id", 0, 0, G_OPTION_ARG_STRING, &anilist_client_id,
      "Client id AniList accepts; \"\" accepts any (default: " KEIKA_FAKE_ANILIST_CLIENT_ID ")",
      "ID" },
    { "anilist-redirect-uri", 0, 0, G_OPTION_ARG_STRING, &anilist_redirect_uri,
      "The AniList client's redirect URI (default: http://127.0.0.1:PORT/callback or the pin page)",
      "URI" },
    { "anilist-token-lifetime", 0, 0, G_OPTION_ARG_INT, &anilist_lifetime,
      "Seconds an AniList token lasts (default: a year)", "S" },
    { "anitrack-user", 0, 0, G_OPTION_ARG_STRING, &anitrack_user,
      "AniTrack user to create (default: KeikaTester; email NAME@example.org, password \""
      KEIKA_FAKE_ANITRACK_PASSWORD "\")", "NAME" },
    { "anitrack-entries", 0, 0, G_OPTION_ARG_INT, &anitrack_entries,
      "Generate N AniTrack entries for the user (default: ten sample entries)", "N" },
    { "kitsu-user", 0, 0, G_OPTION_ARG_STRING, &kitsu_user,
      "Kitsu user to create (default: KeikaTester; email NAME@example.com, password \""
      KEIKA_FAKE_KITSU_PASSWORD "\")", "NAME" },
    { "kitsu-entries", 0, 0, G_OPTION_ARG_INT, &kitsu_entries,
      "Generate N Kitsu library entries for the user (default: eight sample entries)", "N" },
    { "same-list", 0, 0, G_OPTION_ARG_NONE, &same_list,
      "MyAnimeList's and Kitsu's lists are the AniList list as the same person keeps "
      "them (one entry in twenty differs on each)", NULL },
    { "catalog", 0, 0, G_OPTION_ARG_INT, &catalog,
      "Add N generated anime to the catalogue every site shares (default: 0)", "N" },
    { "deny", 0, 0, G_OPTION_ARG_NONE, &deny, "The user declines at authorize (every site)",
      NULL },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &faults,
      "Inject a fault: SITE:[METHOD ]PATH:FAULT[=VALUE][:COUNT], e.g. "
      "mal:/users/*/animelist:429=5:1 (faults: 429 403 500 502 503 slow html truncated "
      "malformed expired close)", "SPEC" },
    { "rate-limit", 0, 0, G_OPTION_ARG_STRING_ARRAY, &rate_limits,
      "A steady rate limit: SITE:LIMIT:SECONDS; LIMIT 0 removes it (AniList's is anilist:30:60)",
      "SPEC" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Print every request on stderr", NULL },
    { "control", 0, 0, G_OPTION_ARG_NONE, &control,
      "Serve /_fake/faults, /_fake/requests, /_fake/secrets, /_fake/mal/{list,entry,anime} "
      "and /_fake/anilist/{token,expire,list,entry} "
      "for a test in another process (see keika-fake-control.c); prints KEIKA_FAKE_CONTROL_URL",
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeikaFakeSites) fake = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) env = NULL;
  KeikaFakeMal *mal;
  KeikaFakeAnilist *anilist;
  KeikaFakeAnitrack *anitrack;
  KeikaFakeKitsu *kitsu;

  context = g_option_context_new ("- fake MyAnimeList, AniList and AniTrack on 127.0.0.1");
  g_option_context_set_description (context,
                                    "Prints the KEIKA_*_URL variables to give keika on stdout, "
                                    "then serves until killed.");
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (port < 0 || port > 65535 || access_lifetime < 0 || refresh_lifetime < 0
      || anilist_lifetime < 0 || catalog < 0)
    {
      g_printerr ("A port, entry count or lifetime is out of range\n");
      return EXIT_FAILURE;
    }

  fake = keika_fake_sites_new_on_port (port, &error);
  if (fake == NULL)
    {
      g_printerr ("Cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return EXIT_FAILURE;
    }
  keika_fake_sites_set_verbose (fake, verbose);
  keika_fake_sites_set_control (fake, control);

  mal = keika_fake_sites_get_mal (fake);
  if (user == NULL)
    user = g_strdup ("KeikaTester");
  keika_fake_mal_add_user (mal, user);
  keika_fake_mal_set_browser_user (mal, user);
  if (same_list)
    ;  /* copied from AniList below */
  else if (entries < 0)
    keika_fake_mal_add_sample_entries (mal, user);
  else
    keika_fake_mal_generate_entries (mal, user, entries, seed);
  if (client_id != NULL)
    keika_fake_mal_set_client_id (mal, *client_id != '\0' ? client_id : NULL);
  keika_fake_mal_set_redirect_uri (mal, redirect_uri);
  keika_fake_mal_set_token_lifetimes (mal, access_lifetime, refresh_lifetime);
  if (deny)
    keika_fake_mal_set_authorize_answer (mal, KEIKA_FAKE_MAL_AUTHORIZE_DENY);

  keika_fake_sites_generate_catalog (fake, catalog, seed);
  anilist = keika_fake_sites_get_anilist (fake);
  if (anilist_user == NULL)
    anilist_user = g_strdup ("KeikaTester");
  keika_fake_anilist_add_user (anilist, anilist_user);
  keika_fake_anilist_set_browser_user (anilist, anilist_user);
  if (anilist_entries < 0)
    keika_fake_anilist_add_sample_entries (anilist, anilist_user);
  else
    keika_fake_anilist_generate_entries (anilist, anilist_user, anilist_entries, seed);
  if (anilist_client_id != NULL)
    keika_fake_anilist_set_client_id (anilist, *anilist_client_id != '\0' ? anilist_client_id
                                                                          : NULL);
  keika_fake_anilist_set_redirect_uri (anilist, anilist_redirect_uri);
  keika_fake_anilist_set_token_lifetime (anilist, anilist_lifetime);
  if (deny)
    keika_fake_anilist_set_authorize_answer (anilist, KEIKA_FAKE_ANILIST_AUTHORIZE_DENY);

  anitrack = keika_fake_sites_get_anitrack (fake);
  if (anitrack_user == NULL)
    anitrack_user = g_strdup ("KeikaTester");
  keika_fake_anitrack_add_user (anitrack, anitrack_user, NULL, NULL);
  if (anitrack_entries < 0)
    keika_fake_anitrack_add_sample_entries (anitrack, anitrack_user);
  else
    keika_fake_anitrack_generate_entries (anitrack, anitrack_user, anitrack_entries, seed);

  kitsu = keika_fake_sites_get_kitsu (fake);
  if (kitsu_user == NULL)
    kitsu_user = g_strdup ("KeikaTester");
  keika_fake_kitsu_add_user (kitsu, kitsu_user, NULL, NULL);
  if (same_list)
    keika_fake_sites_copy_anilist_list (fake, anilist_user, user, kitsu_user, 20, NULL, NULL);
  else if (kitsu_entries < 0)
    keika_fake_kitsu_add_sample_entries (kitsu, kitsu_user);
  else
    keika_fake_kitsu_generate_entries (kitsu, kitsu_user, kitsu_entries, seed);

  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    if (keika_fake_sites_inject_spec (fake, faults[i], &error) == 0)
      {
        g_printerr ("%s\n", error->message);
        return EXIT_FAILURE;
      }
  for (guint i = 0; rate_limits != NULL && rate_limits[i] != NULL; i++)
    if (!set_rate_limit (fake, rate_limits[i], &error))
      {
        g_printerr ("%s\n", error->message);
        return EXIT_FAILURE;
      }

  env = keika_fake_sites_get_environ (fake);
  for (guint i = 0; env[i] != NULL; i++)
    g_print ("%s\n", env[i]);
  if (control)
    g_print ("KEIKA_FAKE_CONTROL_URL=%s/_fake\n", keika_fake_sites_get_base_url (fake));
  fflush (stdout);

  g_printerr ("keika-fake-sites: %s, MyAnimeList user %s with %u entries, client id %s\n",
              keika_fake_sites_get_base_url (fake), user,
              keika_fake_mal_get_n_entries (mal, user),
              keika_fake_mal_get_client_id (mal) != NULL ? keika_fake_mal_get_client_id (mal)
                                                         : "(any)");
  g_printerr ("keika-fake-sites: AniList user %s with %u entries, client id %s\n",
              anilist_user, keika_fake_anilist_get_n_entries (anilist, anilist_user),
              keika_fake_anilist_get_client_id (anilist) != NULL
                ? keika_fake_anilist_get_client_id (anilist) : "(any)");

  g_printerr ("keika-fake-sites: AniTrack user %s with %u entries, password \"%s\"\n",
              anitrack_user, keika_fake_anitrack_get_n_entries (anitrack, anitrack_user),
              KEIKA_FAKE_ANITRACK_PASSWORD);
  g_printerr ("keika-fake-sites: Kitsu user %s with %u entries, password \"%s\"\n",
              kitsu_user, keika_fake_kitsu_get_n_entries (kitsu, kitsu_user),
              KEIKA_FAKE_KITSU_PASSWORD);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  /* Let the closed connections go before exit (for LeakSanitizer). */
  g_clear_object (&fake);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return EXIT_SUCCESS;
}
