/* test-model.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaTest"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "keika-anime.h"
#include "keika-enum-types.h"
#include "keika-library.h"
#include "keika-list-entry.h"
#include "keika-profile.h"

/* Counts "notify" emissions per property name. */
typedef struct
{
  GHashTable *counts;
  guint       total;
} NotifyLog;

static void
notify_log_cb (GObject    *object,
               GParamSpec *pspec,
               NotifyLog  *log)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, pspec->name));

  g_hash_table_insert (log->counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
  log->total++;
}

static void
notify_log_init (NotifyLog *log,
                 gpointer   object)
{
  log->counts = g_hash_table_new (g_str_hash, g_str_equal);
  log->total = 0;
  g_signal_connect (object, "notify", G_CALLBACK (notify_log_cb), log);
}

static void
notify_log_clear (NotifyLog *log,
                  gpointer   object)
{
  g_signal_handlers_disconnect_by_func (object, notify_log_cb, log);
  g_clear_pointer (&log->counts, g_hash_table_unref);
}

static guint
notify_log_count (NotifyLog  *log,
                  const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, name));
}

static void
notify_log_reset (NotifyLog *log)
{
  g_hash_table_remove_all (log->counts);
  log->total = 0;
}

/* Sets @name to @value twice: exactly one notification must follow. */
static void
check_notify_once (GObject      *object,
                   const char   *name,
                   const GValue *value)
{
  NotifyLog log;

  notify_log_init (&log, object);

  g_object_set_property (object, name, value);
  g_assert_cmpuint (notify_log_count (&log, name), ==, 1);

  g_object_set_property (object, name, value);
  g_assert_cmpuint (notify_log_count (&log, name), ==, 1);

  notify_log_clear (&log, object);
}

/* Walks every writable, non-construct-only property and sets it to a value
 * that differs from its default, then to the same value again. */
static void
check_all_properties_notify_once (GObject *object)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];
      g_auto(GValue) value = G_VALUE_INIT;
      GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

      if (!(pspec->flags & G_PARAM_WRITABLE) || (pspec->flags & G_PARAM_CONSTRUCT_ONLY))
        continue;

      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);

      g_value_init (&value, type);

      if (type == G_TYPE_STRING)
        g_value_set_string (&value, "2021-03-04");
      else if (type == G_TYPE_STRV)
        {
          const char *strv[] = { "a", "b", NULL };

          g_value_set_boxed (&value, strv);
        }
      else if (type == G_TYPE_INT64)
        g_value_set_int64 (&value, 42);
      else if (type == G_TYPE_UINT)
        g_value_set_uint (&value, 7);
      else if (type == G_TYPE_BOOLEAN)
        /* Any value but the default. */
        g_value_set_boolean (&value, !G_PARAM_SPEC_BOOLEAN (pspec)->default_value);
      else if (G_TYPE_IS_ENUM (type))
        {
          GParamSpecEnum *espec = G_PARAM_SPEC_ENUM (pspec);
          GEnumClass *eclass = espec->enum_class;

          /* Any value but the default. */
          for (guint v = 0; v < eclass->n_values; v++)
            {
              if (eclass->values[v].value != espec->default_value)
                {
                  g_value_set_enum (&value, eclass->values[v].value);
                  break;
                }
            }
        }
      else
        g_assert_not_reached ();

      g_test_message ("property %s::%s", G_OBJECT_TYPE_NAME (object), pspec->name);
      check_notify_once (object, pspec->name, &value);
    }
}

static KeikaAnime *
anime_new_with_episodes (const char *title,
                         guint       episodes)
{
  KeikaAnime *anime = keika_anime_new (title);

  keika_anime_set_episodes (anime, episodes);

  return anime;
}

/* Enums */

static void
test_enums_strings (void)
{
  static const struct { KeikaStatus status; const char *name; } statuses[] = {
    { KEIKA_STATUS_WATCHING, "watching" },
    { KEIKA_STATUS_PLAN_TO_WATCH, "plan_to_watch" },
    { KEIKA_STATUS_COMPLETED, "completed" },
    { KEIKA_STATUS_ON_HOLD, "on_hold" },
    { KEIKA_STATUS_DROPPED, "dropped" },
  };
  static const struct { KeikaFormat format; const char *name; } formats[] = {
    { KEIKA_FORMAT_UNKNOWN, "unknown" },
    { KEIKA_FORMAT_TV, "tv" },
    { KEIKA_FORMAT_TV_SHORT, "tv_short" },
    { KEIKA_FORMAT_MOVIE, "movie" },
    { KEIKA_FORMAT_SPECIAL, "special" },
    { KEIKA_FORMAT_OVA, "ova" },
    { KEIKA_FORMAT_ONA, "ona" },
    { KEIKA_FORMAT_MUSIC, "music" },
  };
  KeikaStatus status = KEIKA_STATUS_DROPPED;
  KeikaFormat format = KEIKA_FORMAT_MUSIC;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      KeikaStatus parsed;

      g_assert_cmpstr (keika_status_to_string (statuses[i].status), ==, statuses[i].name);
      g_assert_true (keika_status_from_string (statuses[i].name, &parsed));
      g_assert_cmpint (parsed, ==, statuses[i].status);
      g_assert_nonnull (keika_status_to_label (statuses[i].status));
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      KeikaFormat parsed;

      g_assert_cmpstr (keika_format_to_string (formats[i].format), ==, formats[i].name);
      g_assert_true (keika_format_from_string (formats[i].name, &parsed));
      g_assert_cmpint (parsed, ==, formats[i].format);
    }

  g_assert_false (keika_status_from_string ("Watching", &status));
  g_assert_false (keika_status_from_string ("", &status));
  g_assert_false (keika_status_from_string (NULL, &status));
  g_assert_cmpint (status, ==, KEIKA_STATUS_DROPPED);
  g_assert_false (keika_format_from_string ("TV", &format));
  g_assert_cmpint (format, ==, KEIKA_FORMAT_MUSIC);

  g_assert_cmpstr (keika_status_to_label (KEIKA_STATUS_PLAN_TO_WATCH), ==, "Plan to Watch");
  g_assert_cmpstr (keika_format_to_label (KEIKA_FORMAT_TV_SHORT), ==, "TV Short");
  g_assert_cmpstr (keika_season_to_label (KEIKA_SEASON_SPRING), ==, "Spring");
  g_assert_cmpstr (keika_site_to_label (KEIKA_SITE_MAL), ==, "MyAnimeList");
  g_assert_cmpstr (keika_airing_status_to_label (KEIKA_AIRING_STATUS_RELEASING), ==, "Releasing");
}

/* Anime */

static void
test_anime_notify (void)
{
  g_autoptr(KeikaAnime) anime = keika_anime_new ("Frieren");
  NotifyLog log;

  check_all_properties_notify_once (G_OBJECT (anime));

  notify_log_init (&log, anime);

  keika_anime_set_title_romaji (anime, "Sousou no Frieren");
  keika_anime_set_title_romaji (anime, "Sousou no Frieren");
  keika_anime_set_episodes (anime, 28);
  keika_anime_set_episodes (anime, 28);
  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, 52991);
  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, 52991);
  keika_anime_set_title_english (anime, NULL);
  keika_anime_set_title_english (anime, NULL);
  g_assert_cmpuint (notify_log_count (&log, "title-romaji"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "episodes"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "mal-id"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "title-english"), ==, 1);
  g_assert_cmpuint (log.total, ==, 4);

  /* An empty list is the same as none. */
  notify_log_reset (&log);
  keika_anime_set_synonyms (anime, NULL);
  g_assert_cmpuint (log.total, ==, 1);
  {
    const char *empty[] = { NULL };

    keika_anime_set_synonyms (anime, empty);
    g_assert_cmpuint (log.total, ==, 1);
  }

  /* AnimeThemes has no anime ids. */
  keika_anime_set_site_id (anime, KEIKA_SITE_ANIMETHEMES, 99);
  g_assert_cmpint (keika_anime_get_site_id (anime, KEIKA_SITE_ANIMETHEMES), ==, 0);
  g_assert_cmpuint (log.total, ==, 1);

  keika_anime_set_site_id (anime, KEIKA_SITE_KITSU, 46474);
  g_assert_cmpint (keika_anime_get_site_id (anime, KEIKA_SITE_KITSU), ==, 46474);
  g_assert_cmpuint (notify_log_count (&log, "kitsu-id"), ==, 1);

  notify_log_clear (&log, anime);
}

static void
test_anime_titles (void)
{
  g_autoptr(KeikaAnime) anime = keika_anime_new (NULL);

  g_assert_cmpstr (keika_anime_get_title_romaji (anime), ==, "");

  keika_anime_set_title_romaji (anime, "Shingeki no Kyojin");
  g_assert_cmpstr (keika_anime_get_title (anime, KEIKA_TITLE_LANGUAGE_ROMAJI), ==, "Shingeki no Kyojin");
  g_assert_cmpstr (keika_anime_get_title (anime, KEIKA_TITLE_LANGUAGE_ENGLISH), ==, "Shingeki no Kyojin");
  g_assert_cmpstr (keika_anime_get_title (anime, KEIKA_TITLE_LANGUAGE_NATIVE), ==, "Shingeki no Kyojin");

  keika_anime_set_title_english (anime, "");
  g_assert_cmpstr (keika_anime_get_title (anime, KEIKA_TITLE_LANGUAGE_ENGLISH), ==, "Shingeki no Kyojin");

  keika_anime_set_title_english (anime, "Attack on Titan");
  keika_anime_set_title_native (anime, "進撃の巨人");
  g_assert_cmpstr (keika_anime_get_title (anime, KEIKA_TITLE_LANGUAGE_ENGLISH), ==, "Attack on Titan");
  g_assert_cmpstr (keika_anime_get_title (anime, KEIKA_TITLE_LANGUAGE_NATIVE), ==, "進撃の巨人");

  /* Romaji never becomes NULL. */
  keika_anime_set_title_romaji (anime, NULL);
  g_assert_cmpstr (keika_anime_get_title_romaji (anime), ==, "");
}

static gboolean
anime_matches (KeikaAnime *anime,
               const char *query)
{
  g_autofree char *needle = keika_normalize_for_search (query);

  return strstr (keika_anime_get_search_key (anime), needle) != NULL;
}

static void
test_anime_search_key (void)
{
  g_autoptr(KeikaAnime) titan = keika_anime_new ("Shingeki no Kyojin");
  g_autoptr(KeikaAnime) pokemon = keika_anime_new ("Pokémon");
  const char *synonyms[] = { "AoT", "SnK", NULL };
  g_autofree char *normalized = NULL;

  keika_anime_set_title_english (titan, "Attack on Titan");
  keika_anime_set_title_native (titan, "進撃の巨人");
  keika_anime_set_synonyms (titan, synonyms);

  g_assert_cmpstr (keika_anime_get_search_key (titan), ==,
                   "shingeki no kyojin\nattack on titan\n進撃の巨人\naot\nsnk");

  g_assert_true (anime_matches (titan, "Shingeki no Kyojin"));
  g_assert_true (anime_matches (titan, "kyojin"));
  g_assert_true (anime_matches (titan, "進撃の巨人"));
  g_assert_true (anime_matches (titan, "巨人"));
  g_assert_true (anime_matches (titan, "TITAN"));
  g_assert_true (anime_matches (titan, "snk"));
  g_assert_false (anime_matches (titan, "pokemon"));

  g_assert_true (anime_matches (pokemon, "pokemon"));
  g_assert_true (anime_matches (pokemon, "POKÉMON"));
  g_assert_true (anime_matches (pokemon, "Pokémon"));
  g_assert_false (anime_matches (pokemon, "kyojin"));

  /* Decomposed input matches the precomposed title. */
  g_assert_true (anime_matches (pokemon, "Poke\xcc\x81mon"));

  normalized = keika_normalize_for_search ("Ｆｕｌｌ Ｗｉｄｔｈ Ǻ");
  g_assert_cmpstr (normalized, ==, "full width a");

  /* The key follows title changes. */
  keika_anime_set_title_english (pokemon, "Pocket Monsters");
  g_assert_true (anime_matches (pokemon, "pocket"));
  keika_anime_set_title_english (pokemon, NULL);
  g_assert_false (anime_matches (pokemon, "pocket"));
  keika_anime_set_synonyms (pokemon, (const char * const[]) { "Poketto Monsutā", NULL });
  g_assert_true (anime_matches (pokemon, "poketto monsuta"));
  keika_anime_set_title_romaji (pokemon, "Digimon");
  g_assert_false (anime_matches (pokemon, "pokemon"));
  g_assert_true (anime_matches (pokemon, "digimon"));
}


/* keika_list_entry_matches() must agree with the search key (through its
 * copy on the entry) and follow every change that bears on it. */
static gboolean
entry_matches (KeikaListEntry *entry,
               const char     *text,
               gboolean        include_adult)
{
  g_autoptr(KeikaSearchQuery) query = keika_search_query_new (text);

  return keika_list_entry_matches (entry, query, include_adult);
}

static void
test_entry_matches (void)
{
  g_autoptr(KeikaAnime) anime = keika_anime_new ("Shingeki no Kyojin");
  g_autoptr(KeikaListEntry) entry = NULL;
  const char *queries[] = { "s", "x", "k", "7", " ", "kyo", "q", "Kyōjin", "進", "撃の", "é", "-", "no k", NULL };
  const char *synonyms[] = { "AoT-7", NULL };

  keika_anime_set_title_native (anime, "進撃の巨人");
  entry = keika_list_entry_new (anime);

  /* Nothing to search for matches everything; so does blank text. */
  g_assert_null (keika_search_query_new (""));
  g_assert_true (keika_list_entry_matches (entry, NULL, FALSE));

  /* The same answer as a plain search of the key, for one-letter queries
   * (decided by the mask alone) and longer ones. */
  for (guint round = 0; round < 2; round++)
    {
      for (guint i = 0; queries[i] != NULL; i++)
        {
          g_autofree char *needle = keika_normalize_for_search (queries[i]);
          gboolean expected = strstr (keika_anime_get_search_key (anime), needle) != NULL;

          g_assert_cmpint (entry_matches (entry, queries[i], FALSE), ==, expected);
        }

      /* Changes after the entry copied what it needs are seen. */
      keika_anime_set_synonyms (anime, synonyms);
    }
  g_assert_true (entry_matches (entry, "aot-7", FALSE));
  g_assert_true (entry_matches (entry, "x", FALSE) == FALSE);

  keika_anime_set_title_romaji (anime, "Xanadu");
  g_assert_true (entry_matches (entry, "x", FALSE));
  g_assert_false (entry_matches (entry, "kyojin", FALSE));
  keika_anime_set_title_english (anime, "Attack on Titan");
  g_assert_true (entry_matches (entry, "titan", FALSE));
  keika_anime_set_title_native (anime, NULL);
  g_assert_false (entry_matches (entry, "進", FALSE));

  /* Adult titles are left out unless asked for. */
  g_assert_true (entry_matches (entry, "titan", FALSE));
  keika_anime_set_adult (anime, TRUE);
  g_assert_false (entry_matches (entry, "titan", FALSE));
  g_assert_false (keika_list_entry_matches (entry, NULL, FALSE));
  g_assert_true (entry_matches (entry, "titan", TRUE));
  keika_anime_set_adult (anime, FALSE);
  g_assert_true (keika_list_entry_matches (entry, NULL, FALSE));
}

static void
test_search_query (void)
{
  g_autoptr(KeikaSearchQuery) t = keika_search_query_new ("T");
  g_autoptr(KeikaSearchQuery) te = keika_search_query_new ("te");
  g_autoptr(KeikaSearchQuery) dash = keika_search_query_new ("-");
  g_autoptr(KeikaSearchQuery) accent = keika_search_query_new ("É");

  g_assert_cmpstr (t->text, ==, "t");
  g_assert_true (t->mask_decides);
  g_assert_false (te->mask_decides);
  g_assert_false (dash->mask_decides);
  g_assert_cmpstr (accent->text, ==, "e");
  g_assert_true (accent->mask_decides);

  g_assert_true (keika_search_query_narrows (te, t));
  g_assert_true (keika_search_query_narrows (te, NULL));
  g_assert_false (keika_search_query_narrows (t, te));

  /* Every byte of a text is in its mask; a missing letter is not. */
  g_assert_cmpuint (keika_search_mask ("tensei") & t->mask, ==, t->mask);
  g_assert_cmpuint (keika_search_mask ("anime") & t->mask, ==, 0);
  g_assert_cmpuint (keika_search_mask ("a-b") & dash->mask, ==, dash->mask);
}

static void
test_anime_summary (void)
{
  g_autoptr(KeikaAnime) anime = keika_anime_new ("Oshi no Ko");
  g_autofree char *empty = NULL;
  g_autofree char *full = NULL;
  g_autofree char *one = NULL;
  g_autofree char *year_only = NULL;

  empty = keika_anime_dup_summary (anime);
  g_assert_cmpstr (empty, ==, "");

  keika_anime_set_format (anime, KEIKA_FORMAT_TV);
  keika_anime_set_episodes (anime, 12);
  keika_anime_set_season (anime, KEIKA_SEASON_SPRING);
  keika_anime_set_season_year (anime, 2023);
  full = keika_anime_dup_summary (anime);
  g_assert_cmpstr (full, ==, "TV · 12 episodes · Spring 2023");

  keika_anime_set_format (anime, KEIKA_FORMAT_MOVIE);
  keika_anime_set_episodes (anime, 1);
  keika_anime_set_season (anime, KEIKA_SEASON_UNKNOWN);
  one = keika_anime_dup_summary (anime);
  g_assert_cmpstr (one, ==, "Movie · 1 episode · 2023");

  keika_anime_set_format (anime, KEIKA_FORMAT_UNKNOWN);
  keika_anime_set_episodes (anime, 0);
  year_only = keika_anime_dup_summary (anime);
  g_assert_cmpstr (year_only, ==, "2023");
}

/* List entries */

static void
test_entry_notify (void)
{
  g_autoptr(KeikaAnime) anime = keika_anime_new ("Mushishi");
  g_autoptr(KeikaListEntry) entry = keika_list_entry_new (anime);
  NotifyLog log;

  g_assert_true (keika_list_entry_get_anime (entry) == anime);
  g_assert_cmpstr (keika_list_entry_get_notes (entry), ==, "");

  check_all_properties_notify_once (G_OBJECT (entry));

  notify_log_init (&log, entry);
  keika_list_entry_set_score (entry, 85);
  keika_list_entry_set_score (entry, 85);
  keika_list_entry_set_notes (entry, "quiet");
  keika_list_entry_set_notes (entry, "quiet");
  keika_list_entry_set_favourite (entry, FALSE);
  keika_list_entry_set_favourite (entry, FALSE);
  g_assert_true (keika_list_entry_set_start_date (entry, "2021-03-04"));
  g_assert_true (keika_list_entry_set_start_date (entry, "2021-03-04"));
  g_assert_cmpuint (notify_log_count (&log, "score"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "notes"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "favourite"), ==, 1);
  g_assert_cmpuint (log.total, ==, 3);

  /* The setters leave updated-at alone; touch() sets it to now. */
  keika_list_entry_set_updated_at (entry, 0);
  notify_log_reset (&log);
  keika_list_entry_set_progress (entry, 3);
  g_assert_cmpint (keika_list_entry_get_updated_at (entry), ==, 0);
  {
    gint64 before = g_get_real_time () / G_USEC_PER_SEC;
    gint64 after;

    keika_list_entry_touch (entry);
    after = g_get_real_time () / G_USEC_PER_SEC;
    g_assert_cmpint (keika_list_entry_get_updated_at (entry), >=, before);
    g_assert_cmpint (keika_list_entry_get_updated_at (entry), <=, after);
    g_assert_cmpuint (notify_log_count (&log, "updated-at"), ==, 1);
  }

  notify_log_clear (&log, entry);
}

static void
test_entry_progress (void)
{
  g_autoptr(KeikaAnime) anime = anime_new_with_episodes ("Cowboy Bebop", 26);
  g_autoptr(KeikaAnime) open_ended = anime_new_with_episodes ("One Piece", 0);
  g_autoptr(KeikaListEntry) entry = keika_list_entry_new (anime);
  g_autoptr(KeikaListEntry) long_entry = keika_list_entry_new (open_ended);
  NotifyLog log;

  keika_list_entry_set_status (entry, KEIKA_STATUS_WATCHING);

  /* Clamped to the known episode count. */
  keika_list_entry_set_progress (entry, 10);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 10);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_WATCHING);

  notify_log_init (&log, entry);
  keika_list_entry_set_progress (entry, 40);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 26);

  /* Reaching the last episode completes the entry. */
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_COMPLETED);
  g_assert_cmpuint (notify_log_count (&log, "progress"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "status"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "rewatch-count"), ==, 0);
  g_assert_false (keika_list_entry_increment_progress (entry));
  g_assert_cmpuint (notify_log_count (&log, "progress"), ==, 1);
  notify_log_clear (&log, entry);

  /* Increment walks to the end and completes. */
  keika_list_entry_set_status (entry, KEIKA_STATUS_WATCHING);
  keika_list_entry_set_progress (entry, 24);
  g_assert_true (keika_list_entry_increment_progress (entry));
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_WATCHING);
  g_assert_true (keika_list_entry_increment_progress (entry));
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 26);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_COMPLETED);
  g_assert_false (keika_list_entry_increment_progress (entry));

  /* Unknown count: no clamp, no auto-completion. */
  keika_list_entry_set_progress (long_entry, 1100);
  g_assert_cmpuint (keika_list_entry_get_progress (long_entry), ==, 1100);
  g_assert_true (keika_list_entry_increment_progress (long_entry));
  g_assert_cmpuint (keika_list_entry_get_progress (long_entry), ==, 1101);
  g_assert_cmpint (keika_list_entry_get_status (long_entry), ==, KEIKA_STATUS_WATCHING);
  keika_list_entry_set_status (long_entry, KEIKA_STATUS_COMPLETED);
  g_assert_cmpuint (keika_list_entry_get_progress (long_entry), ==, 1101);
}

static void
test_entry_complete_fills_progress (void)
{
  g_autoptr(KeikaAnime) anime = anime_new_with_episodes ("Planetes", 26);
  g_autoptr(KeikaListEntry) entry = keika_list_entry_new (anime);

  keika_list_entry_set_status (entry, KEIKA_STATUS_PLAN_TO_WATCH);
  keika_list_entry_set_progress (entry, 3);
  keika_list_entry_set_status (entry, KEIKA_STATUS_COMPLETED);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 26);
  g_assert_cmpuint (keika_list_entry_get_rewatch_count (entry), ==, 0);

  /* Leaving completed does not touch progress. */
  keika_list_entry_set_status (entry, KEIKA_STATUS_ON_HOLD);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 26);
}

static void
test_entry_rewatch (void)
{
  g_autoptr(KeikaAnime) anime = anime_new_with_episodes ("Haibane Renmei", 13);
  g_autoptr(KeikaListEntry) entry = keika_list_entry_new (anime);
  NotifyLog log;

  keika_list_entry_set_status (entry, KEIKA_STATUS_COMPLETED);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 13);

  /* A rewatch as MAL has it: status stays completed, progress restarts. */
  keika_list_entry_set_rewatching (entry, TRUE);
  keika_list_entry_set_rewatch_count (entry, 1);
  keika_list_entry_set_progress (entry, 0);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_COMPLETED);
  keika_list_entry_set_progress (entry, 12);
  g_assert_true (keika_list_entry_get_rewatching (entry));

  notify_log_init (&log, entry);
  g_assert_true (keika_list_entry_increment_progress (entry));
  g_assert_false (keika_list_entry_get_rewatching (entry));
  g_assert_cmpuint (keika_list_entry_get_rewatch_count (entry), ==, 2);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_COMPLETED);
  g_assert_cmpuint (notify_log_count (&log, "rewatching"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "rewatch-count"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "status"), ==, 0);
  notify_log_clear (&log, entry);

  /* A rewatch as AniList has it (watching + rewatching), completed by status. */
  keika_list_entry_set_status (entry, KEIKA_STATUS_WATCHING);
  keika_list_entry_set_rewatching (entry, TRUE);
  keika_list_entry_set_progress (entry, 5);
  keika_list_entry_set_status (entry, KEIKA_STATUS_COMPLETED);
  g_assert_false (keika_list_entry_get_rewatching (entry));
  g_assert_cmpuint (keika_list_entry_get_rewatch_count (entry), ==, 3);
  g_assert_cmpuint (keika_list_entry_get_progress (entry), ==, 13);

  /* Completing without a rewatch counts nothing. */
  keika_list_entry_set_status (entry, KEIKA_STATUS_WATCHING);
  keika_list_entry_set_progress (entry, 2);
  keika_list_entry_set_progress (entry, 13);
  g_assert_cmpuint (keika_list_entry_get_rewatch_count (entry), ==, 3);
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_COMPLETED);
}

static void
test_entry_notes_limit (void)
{
  g_autoptr(KeikaAnime) anime = keika_anime_new ("Aria");
  g_autoptr(KeikaListEntry) entry = keika_list_entry_new (anime);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *notes;

  /* "日" is three bytes, "🌊" four: a byte cut would split one. */
  for (guint i = 0; i < 1999; i++)
    g_string_append (text, "日");
  g_string_append (text, "🌊🌊🌊");

  keika_list_entry_set_notes (entry, text->str);
  notes = keika_list_entry_get_notes (entry);
  g_assert_true (g_utf8_validate (notes, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (notes, -1), ==, KEIKA_NOTES_MAX_CHARS);
  g_assert_cmpuint (strlen (notes), ==, 1999 * 3 + 4);
  g_assert_true (g_str_has_suffix (notes, "日🌊"));

  /* Exactly at the limit: kept whole. */
  g_string_truncate (text, 1999 * 3);
  g_string_append (text, "🌊");
  keika_list_entry_set_notes (entry, text->str);
  g_assert_cmpstr (keika_list_entry_get_notes (entry), ==, text->str);

  /* Setting the same long text twice notifies once. */
  {
    NotifyLog log;

    g_string_append (text, "more");
    notify_log_init (&log, entry);
    keika_list_entry_set_notes (entry, text->str);
    keika_list_entry_set_notes (entry, text->str);
    g_assert_cmpuint (notify_log_count (&log, "notes"), ==, 0);
    notify_log_clear (&log, entry);
  }

  keika_list_entry_set_notes (entry, NULL);
  g_assert_cmpstr (keika_list_entry_get_notes (entry), ==, "");
}

static void
test_entry_dates (void)
{
  g_autoptr(KeikaAnime) anime = keika_anime_new ("Kaiba");
  g_autoptr(KeikaListEntry) entry = keika_list_entry_new (anime);
  NotifyLog log;

  g_assert_null (keika_list_entry_get_start_date (entry));
  g_assert_true (keika_list_entry_set_start_date (entry, "2008"));
  g_assert_cmpstr (keika_list_entry_get_start_date (entry), ==, "2008");
  g_assert_true (keika_list_entry_set_start_date (entry, "2008-04"));
  g_assert_true (keika_list_entry_set_finish_date (entry, "2008-07-23"));
  g_assert_cmpstr (keika_list_entry_get_finish_date (entry), ==, "2008-07-23");

  notify_log_init (&log, entry);
  g_assert_false (keika_list_entry_set_start_date (entry, "2008-13"));
  g_assert_false (keika_list_entry_set_finish_date (entry, "2009-02-29"));
  g_assert_false (keika_list_entry_set_finish_date (entry, "2008-07-00"));
  g_assert_cmpstr (keika_list_entry_get_start_date (entry), ==, "2008-04");
  g_assert_cmpstr (keika_list_entry_get_finish_date (entry), ==, "2008-07-23");
  g_assert_cmpuint (log.total, ==, 0);

  g_assert_true (keika_list_entry_set_finish_date (entry, ""));
  g_assert_null (keika_list_entry_get_finish_date (entry));
  g_assert_true (keika_list_entry_set_start_date (entry, NULL));
  g_assert_null (keika_list_entry_get_start_date (entry));
  g_assert_cmpuint (log.total, ==, 2);
  notify_log_clear (&log, entry);
}

static void
test_fuzzy_date_valid (void)
{
  static const char * const valid[] = {
    "2020", "2020-05", "2020-05-31", "2020-02-29", "2000-02-29", "1999-12-31",
    "0001", "9999-12-31",
  };
  static const char * const invalid[] = {
    "0000", "2020-00", "2020-13", "2020-05-00", "2020-04-31", "2021-02-29",
    "1900-02-29", "2020-5", "2020-05-1", "20-05-01", "2020/05/01", "2020-05-01T00:00",
    "abcd", "2020-", " 2020", "2020-05-01 ", "２０２０", "0000-00-00",
  };

  g_assert_true (keika_fuzzy_date_is_valid (NULL));
  g_assert_true (keika_fuzzy_date_is_valid (""));

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (keika_fuzzy_date_is_valid (valid[i]));

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("invalid: %s", invalid[i]);
      g_assert_false (keika_fuzzy_date_is_valid (invalid[i]));
    }
}

static void
test_fuzzy_date_normalize (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { NULL, NULL },
    { "", NULL },
    { "0000-00-00", NULL },
    { "2020-00-00", "2020" },
    { "2020-05-00", "2020-05" },
    { "2020-05-17", "2020-05-17" },
    { "2020-05", "2020-05" },
    { "2020-00", "2020" },
    { "2020", "2020" },
    { "0000", NULL },
    { " 2020-05-17\n", "2020-05-17" },
    { "2021-02-29", NULL },
    { "2020-13-01", NULL },
    { "2020-13-00", NULL },
    { "yesterday", NULL },
    { "2020-5-1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = keika_fuzzy_date_normalize (cases[i].in);

      g_test_message ("normalize: %s", cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_true (keika_fuzzy_date_is_valid (out));
    }
}

/* Profiles */

static void
test_profile (void)
{
  g_autoptr(KeikaProfile) profile = keika_profile_new (KEIKA_SITE_KITSU, "someone");

  g_assert_cmpint (keika_profile_get_site (profile), ==, KEIKA_SITE_KITSU);
  g_assert_cmpstr (keika_profile_get_name (profile), ==, "someone");
  g_assert_false (keika_profile_get_claimed (profile));
  g_assert_cmpint (keika_profile_get_visibility (profile), ==, KEIKA_VISIBILITY_PUBLIC);
  g_assert_cmpint (keika_profile_get_synced_at (profile), ==, 0);

  check_all_properties_notify_once (G_OBJECT (profile));

  keika_profile_set_claimed (profile, TRUE);
  keika_profile_set_token_expiry (profile, 1800000000);
  keika_profile_set_site_user_id (profile, "12345");
  g_assert_true (keika_profile_get_claimed (profile));
  g_assert_cmpint (keika_profile_get_token_expiry (profile), ==, 1800000000);
  g_assert_cmpstr (keika_profile_get_site_user_id (profile), ==, "12345");
}

/* Library */

typedef struct
{
  guint items_changed;
  guint last_position;
  guint last_removed;
  guint last_added;
  guint count_changed;
} LibraryLog;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  LibraryLog *log)
{
  log->items_changed++;
  log->last_position = position;
  log->last_removed = removed;
  log->last_added = added;
}

static void
count_changed_cb (KeikaLibrary *library,
                  LibraryLog   *log)
{
  log->count_changed++;
}

static KeikaListEntry *
entry_new (gint64      id,
           KeikaStatus status,
           gint64      mal_id)
{
  g_autoptr(KeikaAnime) anime = NULL;
  g_autofree char *title = g_strdup_printf ("Anime %" G_GINT64_FORMAT, id);
  KeikaListEntry *entry;

  anime = keika_anime_new (title);
  keika_anime_set_site_id (anime, KEIKA_SITE_MAL, mal_id);
  entry = keika_list_entry_new (anime);
  keika_list_entry_set_id (entry, id);
  keika_list_entry_set_status (entry, status);

  return entry;
}

static GPtrArray *
entries_new (guint first_id,
             guint n)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (entries, entry_new (first_id + i, (first_id + i) % KEIKA_N_STATUSES,
                                         1000 + first_id + i));

  return entries;
}

static void
test_library_batches (void)
{
  g_autoptr(KeikaLibrary) library = keika_library_new ();
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(KeikaListEntry) first = NULL;
  LibraryLog log = { 0 };

  g_signal_connect (library, "items-changed", G_CALLBACK (items_changed_cb), &log);
  g_signal_connect (library, "count-changed", G_CALLBACK (count_changed_cb), &log);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (library)) == KEIKA_TYPE_LIST_ENTRY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);

  keika_library_replace_all (library, entries_new (1, 100));
  g_assert_cmpuint (log.items_changed, ==, 1);
  g_assert_cmpuint (log.last_position, ==, 0);
  g_assert_cmpuint (log.last_removed, ==, 0);
  g_assert_cmpuint (log.last_added, ==, 100);
  g_assert_cmpuint (log.count_changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 100);

  /* Insertion order is kept. */
  first = g_list_model_get_item (G_LIST_MODEL (library), 0);
  g_assert_cmpint (keika_list_entry_get_id (first), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (library), 100));

  more = entries_new (101, 50);
  keika_library_append_many (library, more);
  g_assert_cmpuint (log.items_changed, ==, 2);
  g_assert_cmpuint (log.last_position, ==, 100);
  g_assert_cmpuint (log.last_removed, ==, 0);
  g_assert_cmpuint (log.last_added, ==, 50);
  g_assert_cmpuint (log.count_changed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 150);

  keika_library_replace_all (library, entries_new (1, 10));
  g_assert_cmpuint (log.items_changed, ==, 3);
  g_assert_cmpuint (log.last_removed, ==, 150);
  g_assert_cmpuint (log.last_added, ==, 10);
  g_assert_cmpuint (log.count_changed, ==, 3);

  /* An empty batch changes nothing and says nothing. */
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();

    keika_library_append_many (library, none);
    g_assert_cmpuint (log.items_changed, ==, 3);
  }

  {
    g_autoptr(KeikaListEntry) one = entry_new (500, KEIKA_STATUS_DROPPED, 0);

    keika_library_append (library, one);
    g_assert_cmpuint (log.items_changed, ==, 4);
    g_assert_cmpuint (log.last_position, ==, 10);
    g_assert_cmpuint (log.last_added, ==, 1);
    g_assert_cmpuint (log.count_changed, ==, 4);
  }

  g_assert_true (keika_library_remove (library, 3));
  g_assert_cmpuint (log.items_changed, ==, 5);
  g_assert_cmpuint (log.last_position, ==, 2);
  g_assert_cmpuint (log.last_removed, ==, 1);
  g_assert_cmpuint (log.last_added, ==, 0);
  g_assert_cmpuint (log.count_changed, ==, 5);
  g_assert_null (keika_library_lookup (library, 3));
  g_assert_false (keika_library_remove (library, 3));
  g_assert_false (keika_library_remove (library, 0));
  g_assert_cmpuint (log.items_changed, ==, 5);

  keika_library_replace_all (library, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
  g_assert_cmpuint (log.items_changed, ==, 6);
  for (guint s = 0; s < KEIKA_N_STATUSES; s++)
    g_assert_cmpuint (keika_library_count_status (library, s), ==, 0);

  g_signal_handlers_disconnect_by_data (library, &log);
}

static void
test_library_counts (void)
{
  g_autoptr(KeikaLibrary) library = keika_library_new ();
  g_autoptr(KeikaListEntry) entry = NULL;
  g_autoptr(KeikaListEntry) removed = NULL;
  LibraryLog log = { 0 };

  /* Ids 1–20, status id % 5: four of each. */
  keika_library_replace_all (library, entries_new (1, 20));
  for (guint s = 0; s < KEIKA_N_STATUSES; s++)
    g_assert_cmpuint (keika_library_count_status (library, s), ==, 4);

  g_signal_connect (library, "count-changed", G_CALLBACK (count_changed_cb), &log);
  g_signal_connect (library, "items-changed", G_CALLBACK (items_changed_cb), &log);

  entry = g_object_ref (keika_library_lookup (library, 5));
  g_assert_cmpint (keika_list_entry_get_status (entry), ==, KEIKA_STATUS_WATCHING);

  keika_list_entry_set_status (entry, KEIKA_STATUS_COMPLETED);
  g_assert_cmpuint (log.count_changed, ==, 1);
  g_assert_cmpuint (log.items_changed, ==, 0);
  g_assert_cmpuint (keika_library_count_status (library, KEIKA_STATUS_WATCHING), ==, 3);
  g_assert_cmpuint (keika_library_count_status (library, KEIKA_STATUS_COMPLETED), ==, 5);

  /* Other properties do not count. */
  keika_list_entry_set_score (entry, 70);
  keika_list_entry_set_status (entry, KEIKA_STATUS_COMPLETED);
  g_assert_cmpuint (log.count_changed, ==, 1);

  /* Removed entries are no longer counted nor followed. */
  removed = g_object_ref (keika_library_lookup (library, 7));
  g_assert_cmpint (keika_list_entry_get_status (removed), ==, KEIKA_STATUS_COMPLETED);
  g_assert_true (keika_library_remove (library, 7));
  g_assert_cmpuint (keika_library_count_status (library, KEIKA_STATUS_COMPLETED), ==, 4);
  g_assert_cmpuint (log.count_changed, ==, 2);
  keika_list_entry_set_status (removed, KEIKA_STATUS_DROPPED);
  g_assert_cmpuint (log.count_changed, ==, 2);
  g_assert_cmpuint (keika_library_count_status (library, KEIKA_STATUS_DROPPED), ==, 4);

  /* Neither are replaced ones. */
  keika_library_replace_all (library, entries_new (100, 5));
  g_assert_cmpuint (log.count_changed, ==, 3);
  keika_list_entry_set_status (entry, KEIKA_STATUS_DROPPED);
  g_assert_cmpuint (log.count_changed, ==, 3);
  for (guint s = 0; s < KEIKA_N_STATUSES; s++)
    g_assert_cmpuint (keika_library_count_status (library, s), ==, 1);

  g_signal_handlers_disconnect_by_data (library, &log);
}

/* Entries with a sync problem are counted like statuses. */
static void
test_library_count_sync_problems (void)
{
  g_autoptr(KeikaLibrary) library = keika_library_new ();
  g_autoptr(KeikaListEntry) removed = NULL;
  LibraryLog log = { 0 };

  keika_library_replace_all (library, entries_new (1, 10));
  keika_list_entry_set_sync_problem (keika_library_lookup (library, 3), "refused");
  g_assert_cmpuint (keika_library_count_sync_problems (library), ==, 1);

  g_signal_connect (library, "count-changed", G_CALLBACK (count_changed_cb), &log);
  keika_list_entry_set_sync_problem (keika_library_lookup (library, 4), "conflict");
  g_assert_cmpuint (keika_library_count_sync_problems (library), ==, 2);
  g_assert_cmpuint (log.count_changed, ==, 1);

  /* Another message for the same entry: still one. */
  keika_list_entry_set_sync_problem (keika_library_lookup (library, 4), "refused");
  g_assert_cmpuint (keika_library_count_sync_problems (library), ==, 2);
  g_assert_cmpuint (log.count_changed, ==, 1);

  keika_list_entry_set_sync_problem (keika_library_lookup (library, 3), NULL);
  g_assert_cmpuint (keika_library_count_sync_problems (library), ==, 1);
  g_assert_cmpuint (log.count_changed, ==, 2);

  /* Removed: no longer counted nor followed. */
  removed = g_object_ref (keika_library_lookup (library, 4));
  g_assert_true (keika_library_remove (library, 4));
  g_assert_cmpuint (keika_library_count_sync_problems (library), ==, 0);
  keika_list_entry_set_sync_problem (removed, NULL);
  keika_list_entry_set_sync_problem (removed, "again");
  g_assert_cmpuint (keika_library_count_sync_problems (library), ==, 0);

  g_signal_handlers_disconnect_by_data (library, &log);
}

static void
test_library_lookup (void)
{
  g_autoptr(KeikaLibrary) library = keika_library_new ();
  g_autoptr(KeikaListEntry) unsaved = entry_new (0, KEIKA_STATUS_WATCHING, 777);
  KeikaListEntry *found;

  keika_library_replace_all (library, entries_new (1, 1000));

  for (gint64 id = 1; id <= 1000; id++)
    {
      found = keika_library_lookup (library, id);
      g_assert_nonnull (found);
      g_assert_cmpint (keika_list_entry_get_id (found), ==, id);
    }
  g_assert_null (keika_library_lookup (library, 0));
  g_assert_null (keika_library_lookup (library, 1001));

  found = keika_library_lookup_by_site_id (library, KEIKA_SITE_MAL, 1500);
  g_assert_nonnull (found);
  g_assert_cmpint (keika_list_entry_get_id (found), ==, 500);
  g_assert_null (keika_library_lookup_by_site_id (library, KEIKA_SITE_MAL, 5));
  g_assert_null (keika_library_lookup_by_site_id (library, KEIKA_SITE_ANILIST, 1500));
  g_assert_null (keika_library_lookup_by_site_id (library, KEIKA_SITE_MAL, 0));

  /* An entry without an id is found once the store gives it one. */
  keika_library_append (library, unsaved);
  g_assert_null (keika_library_lookup (library, 0));
  g_assert_true (keika_library_lookup_by_site_id (library, KEIKA_SITE_MAL, 777) == unsaved);
  keika_list_entry_set_id (unsaved, 5000);
  g_assert_true (keika_library_lookup (library, 5000) == unsaved);
  keika_list_entry_set_id (unsaved, 5001);
  g_assert_null (keika_library_lookup (library, 5000));
  g_assert_true (keika_library_lookup (library, 5001) == unsaved);
  g_assert_true (keika_library_remove (library, 5001));
  g_assert_null (keika_library_lookup (library, 5001));

  /* Site ids set after the entry was added are seen. */
  keika_anime_set_site_id (keika_list_entry_get_anime (keika_library_lookup (library, 42)),
                           KEIKA_SITE_ANILIST, 9001);
  found = keika_library_lookup_by_site_id (library, KEIKA_SITE_ANILIST, 9001);
  g_assert_nonnull (found);
  g_assert_cmpint (keika_list_entry_get_id (found), ==, 42);
}

/* One entry in two libraries: both keep count. */
static void
test_library_shared_entry (void)
{
  g_autoptr(KeikaLibrary) one = keika_library_new ();
  g_autoptr(KeikaLibrary) two = keika_library_new ();
  g_autoptr(KeikaLibrary) three = keika_library_new ();
  g_autoptr(KeikaListEntry) entry = entry_new (1, KEIKA_STATUS_WATCHING, 0);

  keika_library_append (one, entry);
  keika_library_append (two, entry);
  keika_library_append (three, entry);

  keika_list_entry_set_status (entry, KEIKA_STATUS_ON_HOLD);
  g_assert_cmpuint (keika_library_count_status (one, KEIKA_STATUS_ON_HOLD), ==, 1);
  g_assert_cmpuint (keika_library_count_status (two, KEIKA_STATUS_ON_HOLD), ==, 1);
  g_assert_cmpuint (keika_library_count_status (three, KEIKA_STATUS_ON_HOLD), ==, 1);

  g_assert_true (keika_library_remove (one, 1));
  keika_list_entry_set_status (entry, KEIKA_STATUS_DROPPED);
  g_assert_cmpuint (keika_library_count_status (one, KEIKA_STATUS_DROPPED), ==, 0);
  g_assert_cmpuint (keika_library_count_status (two, KEIKA_STATUS_DROPPED), ==, 1);
  g_assert_cmpuint (keika_library_count_status (three, KEIKA_STATUS_DROPPED), ==, 1);

  g_clear_object (&two);
  keika_list_entry_set_status (entry, KEIKA_STATUS_COMPLETED);
  g_assert_cmpuint (keika_library_count_status (three, KEIKA_STATUS_COMPLETED), ==, 1);
  g_assert_cmpuint (keika_library_count_status (three, KEIKA_STATUS_DROPPED), ==, 0);
}

/* The library drops its references and handlers when it goes away. */
static void
test_library_lifetime (void)
{
  KeikaLibrary *library = keika_library_new ();
  g_autoptr(KeikaListEntry) entry = entry_new (1, KEIKA_STATUS_WATCHING, 0);
  KeikaListEntry *weak = entry;

  g_object_add_weak_pointer (G_OBJECT (library), (gpointer *) &library);
  keika_library_append (library, entry);
  g_assert_cmpuint (G_OBJECT (entry)->ref_count, ==, 2);
  g_object_unref (library);
  g_assert_null (library);
  g_assert_cmpuint (G_OBJECT (entry)->ref_count, ==, 1);

  /* No handler left behind to touch the dead library. */
  keika_list_entry_set_status (weak, KEIKA_STATUS_DROPPED);
  keika_list_entry_set_id (weak, 2);
}

/* Timings for the record (g_test_message), not assertions. */
static void
test_library_timing (void)
{
  g_autoptr(KeikaLibrary) library = keika_library_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *needle = keika_normalize_for_search ("Kyōjin 77");
  gint64 start;
  guint matches = 0;

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *romaji = g_strdup_printf ("Shingeki no Kyojin %u", i);
      g_autofree char *english = g_strdup_printf ("Attack on Titan %u", i);
      g_autoptr(KeikaAnime) anime = keika_anime_new (romaji);
      KeikaListEntry *entry;

      keika_anime_set_title_english (anime, english);
      keika_anime_set_title_native (anime, "進撃の巨人");
      entry = keika_list_entry_new (anime);
      keika_list_entry_set_id (entry, i + 1);
      keika_list_entry_set_status (entry, i % KEIKA_N_STATUSES);
      g_ptr_array_add (entries, entry);
    }

  start = g_get_monotonic_time ();
  keika_library_replace_all (library, g_ptr_array_ref (entries));
  g_test_message ("replace_all of 10000 entries: %.2f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (keika_library_count_status (library, KEIKA_STATUS_WATCHING), ==, 2000);

  start = g_get_monotonic_time ();
  keika_library_replace_all (library, g_ptr_array_ref (entries));
  g_test_message ("replace_all again (10000 out, 10000 in): %.2f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < entries->len; i++)
    keika_anime_get_search_key (keika_list_entry_get_anime (g_ptr_array_index (entries, i)));
  g_test_message ("building 10000 search keys: %.2f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < entries->len; i++)
    {
      KeikaAnime *anime = keika_list_entry_get_anime (g_ptr_array_index (entries, i));

      if (strstr (keika_anime_get_search_key (anime), needle) != NULL)
        matches++;
    }
  g_test_message ("filtering 10000 cached keys: %.2f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  /* 77 and 770–779 and 7700–7799 */
  g_assert_cmpuint (matches, ==, 1 + 10 + 100);
}

int
main (int   argc,
      char *argv[])
{
  /* Untranslated labels; the tests compare them. */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/enums/strings", test_enums_strings);
  g_test_add_func ("/model/anime/notify", test_anime_notify);
  g_test_add_func ("/model/anime/titles", test_anime_titles);
  g_test_add_func ("/model/anime/search-key", test_anime_search_key);
  g_test_add_func ("/model/anime/summary", test_anime_summary);
  g_test_add_func ("/model/search/query", test_search_query);
  g_test_add_func ("/model/entry/matches", test_entry_matches);
  g_test_add_func ("/model/entry/notify", test_entry_notify);
  g_test_add_func ("/model/entry/progress", test_entry_progress);
  g_test_add_func ("/model/entry/complete-fills-progress", test_entry_complete_fills_progress);
  g_test_add_func ("/model/entry/rewatch", test_entry_rewatch);
  g_test_add_func ("/model/entry/notes-limit", test_entry_notes_limit);
  g_test_add_func ("/model/entry/dates", test_entry_dates);
  g_test_add_func ("/model/fuzzy-date/valid", test_fuzzy_date_valid);
  g_test_add_func ("/model/fuzzy-date/normalize", test_fuzzy_date_normalize);
  g_test_add_func ("/model/profile", test_profile);
  g_test_add_func ("/model/library/batches", test_library_batches);
  g_test_add_func ("/model/library/counts", test_library_counts);
  g_test_add_func ("/model/library/count-sync-problems", test_library_count_sync_problems);
  g_test_add_func ("/model/library/lookup", test_library_lookup);
  g_test_add_func ("/model/library/shared-entry", test_library_shared_entry);
  g_test_add_func ("/model/library/lifetime", test_library_lifetime);
  g_test_add_func ("/model/library/timing", test_library_timing);

  return g_test_run ();
}
