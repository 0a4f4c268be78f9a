/* keika-fake-kitsu-anime.c: the fake Kitsu's anime, their mappings to the
 * other sites' ids, and the search
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-kitsu-private.h"

#define SITE_MAL     "myanimelist/anime"
#define SITE_ANILIST "anilist/anime"

void
keika_fake_kitsu_anime_free (KitsuAnime *anime)
{
  g_free (anime->canonical_title);
  g_free (anime->title_en);
  g_free (anime->title_ja_jp);
  g_strfreev (anime->abbreviated_titles);
  g_free (anime->subtype);
  g_free (anime->status);
  g_free (anime->start_date);
  g_free (anime->search_key);
  g_free (anime);
}

KitsuAnime *
keika_fake_kitsu_find_anime (KeikaFakeKitsu *self,
                             gint64          id)
{
  return g_hash_table_lookup (self->anime, &id);
}

static void
write_mapping (KitsuDoc   *doc,
               GString    *out,
               KitsuAnime *anime,
               gint64      mapping_id,
               const char *external_site,
               gint64      external_id)
{
  const char *api = doc->self->api_url;
  gboolean first = TRUE;

  g_string_append_printf (out, "{\"id\":\"%" G_GINT64_FORMAT "\",\"type\":\"mappings\","
                          "\"links\":{\"self\":\"%s/mappings/%" G_GINT64_FORMAT "\"},"
                          "\"attributes\":{", mapping_id, api, mapping_id);
  if (keika_fake_kitsu_doc_wants (doc, "mappings", "createdAt"))
    {
      keika_fake_json_member (out, &first, "createdAt");
      keika_fake_kitsu_time (out, (1400000000 + mapping_id) * G_USEC_PER_SEC);
    }
  if (keika_fake_kitsu_doc_wants (doc, "mappings", "externalSite"))
    {
      keika_fake_json_member (out, &first, "externalSite");
      keika_fake_json_string (out, external_site);
    }
  /* Kitsu keeps the external id as text. */
  if (keika_fake_kitsu_doc_wants (doc, "mappings", "externalId"))
    {
      keika_fake_json_member (out, &first, "externalId");
      g_string_append_printf (out, "\"%" G_GINT64_FORMAT "\"", external_id);
    }
  g_string_append (out, "},\"relationships\":{");
  if (keika_fake_kitsu_doc_wants (doc, "mappings", "item"))
    {
      g_string_append_printf (out, "\"item\":{\"links\":{\"self\":\"%s/mappings/%" G_GINT64_FORMAT
                              "/relationships/item\",\"related\":\"%s/mappings/%" G_GINT64_FORMAT
                              "/item\"}", api, mapping_id, api, mapping_id);
      if (keika_fake_kitsu_doc_includes (doc, "item"))
        g_string_append_printf (out, ",\"data\":{\"type\":\"anime\",\"id\":\"%" G_GINT64_FORMAT
                                "\"}", anime->id);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "}}");
}

/* Both mappings of @anime, in that order; the ones it has. */
static void
get_mappings (KitsuAnime  *anime,
              gint64       ids[2],
              const char  *sites[2],
              gint64       external[2])
{
  ids[0] = anime->mal_id != 0 ? anime->mal_mapping : 0;
  sites[0] = SITE_MAL;
  external[0] = anime->mal_id;
  ids[1] = anime->anilist_id != 0 ? anime->anilist_mapping : 0;
  sites[1] = SITE_ANILIST;
  external[1] = anime->anilist_id;
}

/* @path: where the anime is in the include tree ("anime", "item", or "" for
 * the primary data), to know whether its mappings are included. */
void
keika_fake_kitsu_write_anime (KitsuDoc   *doc,
                              GString    *out,
                              KitsuAnime *anime,
                              const char *path)
{
  const char *api = doc->self->api_url;
  g_autofree char *mappings_path = *path != '\0' ? g_strconcat (path, ".mappings", NULL)
                                                 : g_strdup ("mappings");
  gboolean with_mappings = keika_fake_kitsu_doc_includes (doc, mappings_path);
  gboolean first = TRUE;
  gint64 ids[2], external[2];
  const char *sites[2];

#define WANTS(name) keika_fake_kitsu_doc_wants (doc, "anime", name)
  g_string_append_printf (out, "{\"id\":\"%" G_GINT64_FORMAT "\",\"type\":\"anime\","
                          "\"links\":{\"self\":\"%s/anime/%" G_GINT64_FORMAT "\"},"
                          "\"attributes\":{", anime->id, api, anime->id);
  if (WANTS ("createdAt"))
    {
      keika_fake_json_member (out, &first, "createdAt");
      keika_fake_kitsu_time (out, (1300000000 + anime->id) * G_USEC_PER_SEC);
    }
  if (WANTS ("slug"))
    {
      g_autofree char *slug = g_strdup_printf ("anime-%" G_GINT64_FORMAT, anime->id);

      keika_fake_json_member (out, &first, "slug");
      keika_fake_json_string (out, slug);
    }
  if (WANTS ("synopsis"))
    {
      keika_fake_json_member (out, &first, "synopsis");
      keika_fake_json_string (out, "A story.");
    }
  if (WANTS ("titles"))
    {
      keika_fake_json_member (out, &first, "titles");
      g_string_append (out, "{\"en\":");
      keika_fake_json_string (out, anime->title_en);
      g_string_append (out, ",\"en_jp\":");
      keika_fake_json_string (out, anime->canonical_title);
      g_string_append (out, ",\"ja_jp\":");
      keika_fake_json_string (out, anime->title_ja_jp);
      g_string_append_c (out, '}');
    }
  if (WANTS ("canonicalTitle"))
    {
      keika_fake_json_member (out, &first, "canonicalTitle");
      keika_fake_json_string (out, anime->canonical_title);
    }
  if (WANTS ("abbreviatedTitles"))
    {
      keika_fake_json_member (out, &first, "abbreviatedTitles");
      g_string_append_c (out, '[');
      for (guint i = 0; anime->abbreviated_titles[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          keika_fake_json_string (out, anime->abbreviated_titles[i]);
        }
      g_string_append_c (out, ']');
    }
  if (WANTS ("startDate"))
    {
      keika_fake_json_member (out, &first, "startDate");
      keika_fake_json_string (out, anime->start_date);
    }
  if (WANTS ("subtype"))
    {
      keika_fake_json_member (out, &first, "subtype");
      keika_fake_json_string (out, anime->subtype);
    }
  if (WANTS ("status"))
    {
      keika_fake_json_member (out, &first, "status");
      keika_fake_json_string (out, anime->status);
    }
  if (WANTS ("posterImage"))
    {
      keika_fake_json_member (out, &first, "posterImage");
      g_string_append (out, "{");
      for (guint i = 0; i < 5; i++)
        {
          static const char * const sizes[] = { "tiny", "small", "medium", "large", "original" };

          g_string_append_printf (out, "%s\"%s\":\"%s/anime/poster_images/%" G_GINT64_FORMAT
                                  "/%s.png\"", i > 0 ? "," : "", sizes[i],
                                  doc->self->media_url, anime->id, sizes[i]);
        }
      g_string_append (out, "}");
    }
  if (WANTS ("episodeCount"))
    {
      keika_fake_json_member (out, &first, "episodeCount");
      if (anime->episode_count > 0)
        g_string_append_printf (out, "%u", anime->episode_count);
      else
        g_string_append (out, "null");
    }
  if (WANTS ("nsfw"))
    {
      keika_fake_json_member (out, &first, "nsfw");
      g_string_append (out, anime->nsfw ? "true" : "false");
    }
  g_string_append (out, "},\"relationships\":{");
  if (WANTS ("mappings"))
    {
      g_string_append_printf (out, "\"mappings\":{\"links\":{\"self\":\"%s/anime/%" G_GINT64_FORMAT
                              "/relationships/mappings\",\"related\":\"%s/anime/%" G_GINT64_FORMAT
                              "/mappings\"}", api, anime->id, api, anime->id);
      get_mappings (anime, ids, sites, external);
      if (with_mappings)
        {
          gboolean first_item = TRUE;

          g_string_append (out, ",\"data\":[");
          for (guint i = 0; i < 2; i++)
            if (ids[i] != 0)
              {
                g_string_append_printf (out, "%s{\"type\":\"mappings\",\"id\":\"%" G_GINT64_FORMAT
                                        "\"}", first_item ? "" : ",", ids[i]);
                first_item = FALSE;
              }
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "}}");
#undef WANTS

  if (with_mappings)
    for (guint i = 0; i < 2; i++)
      if (ids[i] != 0 && keika_fake_kitsu_doc_add_included (doc, "mappings", ids[i]))
        write_mapping (doc, doc->included, anime, ids[i], sites[i], external[i]);
}

/* /anime, /anime/{id}, /anime/{id}/mappings */

static gint
compare_anime (gconstpointer a,
               gconstpointer b)
{
  const KitsuAnime *x = *(KitsuAnime **) a;
  const KitsuAnime *y = *(KitsuAnime **) b;

  return (x->id > y->id) - (x->id < y->id);
}

/* The best matches first: a title starting with the text, then one holding
 * it; by id within each. */
static GPtrArray *
search (KeikaFakeKitsu  *self,
        char           **texts,
        char           **ids)
{
  GPtrArray *found = g_ptr_array_new ();
  g_autoptr(GPtrArray) later = g_ptr_array_new ();
  g_autofree char *needle = NULL;
  GHashTableIter iter;
  KitsuAnime *anime;

  if (texts != NULL)
    {
      g_autofree char *joined = g_strjoinv (",", texts);

      needle = g_utf8_casefold (joined, -1);
    }

  g_hash_table_iter_init (&iter, self->anime);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &anime))
    {
      const char *at;

      if (ids != NULL && !keika_fake_kitsu_filter_has_id (ids, anime->id))
        continue;
      if (needle == NULL)
        g_ptr_array_add (found, anime);
      else if ((at = strstr (anime->search_key, needle)) != NULL)
        g_ptr_array_add (at == anime->search_key || at[-1] == '\n' ? found : later, anime);
    }
  g_ptr_array_sort (found, compare_anime);
  g_ptr_array_sort (later, compare_anime);
  g_ptr_array_extend (found, later, NULL, NULL);

  return found;
}

static void
serve_anime_mappings (KeikaFakeKitsu   *self,
                      KeikaFakeContext *ctx,
                      KitsuDoc         *doc,
                      KitsuAnime       *anime)
{
  gint64 ids[2], external[2];
  const char *sites[2];
  GString *out = g_string_new ("{\"data\":[");
  guint n = 0;

  get_mappings (anime, ids, sites, external);
  for (guint i = 0; i < 2; i++)
    if (ids[i] != 0)
      {
        if (n++ > 0)
          g_string_append_c (out, ',');
        write_mapping (doc, out, anime, ids[i], sites[i], external[i]);
        if (keika_fake_kitsu_doc_includes (doc, "item") &&
            keika_fake_kitsu_doc_add_included (doc, "anime", anime->id))
          keika_fake_kitsu_write_anime (doc, doc->included, anime, "item");
      }
  g_string_append_c (out, ']');
  keika_fake_kitsu_doc_finish (doc, ctx, out, n, 0, KEIKA_FAKE_KITSU_PAGE_DEFAULT);
  keika_fake_kitsu_reply_document (ctx, SOUP_STATUS_OK, out);
}

void
keika_fake_kitsu_serve_anime (KeikaFakeKitsu   *self,
                              KeikaFakeContext *ctx,
                              KitsuUser        *viewer)
{
  static const char * const anime_includes[] = { "mappings", "mappings.item", NULL };
  static const char * const mapping_includes[] = { "item", NULL };
  static const char * const filters[] = { "text", "id", NULL };
  g_auto(GStrv) parts = g_strsplit (ctx->path + 1, "/", 4);
  g_autoptr(GPtrArray) found = NULL;
  g_auto(GStrv) texts = NULL;
  g_auto(GStrv) ids = NULL;
  KitsuAnime *anime = NULL;
  KitsuDoc doc;
  GString *out;
  guint offset, limit;

  if (!keika_fake_context_is_method (ctx, "GET"))
    {
      keika_fake_kitsu_reply_forbidden (ctx);
      return;
    }

  if (parts[1] != NULL)
    {
      guint64 id = 0;

      if (!g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT64, &id, NULL) ||
          (anime = keika_fake_kitsu_find_anime (self, id)) == NULL ||
          (parts[2] != NULL && (!g_str_equal (parts[2], "mappings") || parts[3] != NULL)))
        {
          keika_fake_kitsu_reply_not_found (ctx, parts[1]);
          return;
        }
    }

  if (!keika_fake_kitsu_doc_init (&doc, self, ctx,
                                  parts[1] != NULL && parts[2] != NULL ? mapping_includes
                                                                       : anime_includes,
                                  viewer))
    {
      keika_fake_kitsu_doc_clear (&doc);
      return;
    }

  if (anime != NULL && parts[2] != NULL)
    serve_anime_mappings (self, ctx, &doc, anime);
  else if (anime != NULL)
    {
      out = g_string_new ("{\"data\":");
      keika_fake_kitsu_write_anime (&doc, out, anime, "");
      keika_fake_kitsu_doc_finish (&doc, ctx, out, -1, 0, 0);
      keika_fake_kitsu_reply_document (ctx, SOUP_STATUS_OK, out);
    }
  else if (keika_fake_kitsu_check_filters (ctx, filters) &&
           keika_fake_kitsu_read_page (ctx, KEIKA_FAKE_KITSU_PAGE_MAX, &offset, &limit))
    {
      texts = keika_fake_kitsu_get_filter (ctx, "text");
      ids = keika_fake_kitsu_get_filter (ctx, "id");
      found = search (self, texts, ids);
      out = g_string_new ("{\"data\":[");
      for (guint i = offset; i < found->len && i < (guint64) offset + limit; i++)
        {
          if (i > offset)
            g_string_append_c (out, ',');
          keika_fake_kitsu_write_anime (&doc, out, g_ptr_array_index (found, i), "");
        }
      g_string_append_c (out, ']');
      keika_fake_kitsu_doc_finish (&doc, ctx, out, found->len, offset, limit);
      keika_fake_kitsu_reply_document (ctx, SOUP_STATUS_OK, out);
    }
  keika_fake_kitsu_doc_clear (&doc);
}

/* /mappings?filter[externalSite]=…&filter[externalId]=…&include=item */

typedef struct
{
  KitsuAnime *anime;
  guint       which;   /* 0 MyAnimeList, 1 AniList */
} Mapping;

static gint
compare_mappings (gconstpointer a,
                  gconstpointer b)
{
  const Mapping *x = a;
  const Mapping *y = b;
  gint64 ix = x->which == 0 ? x->anime->mal_mapping : x->anime->anilist_mapping;
  gint64 iy = y->which == 0 ? y->anime->mal_mapping : y->anime->anilist_mapping;

  return (ix > iy) - (ix < iy);
}

void
keika_fake_kitsu_serve_mappings (KeikaFakeKitsu   *self,
                                 KeikaFakeContext *ctx,
                                 KitsuUser        *viewer)
{
  static const char * const includes[] = { "item", "item.mappings", NULL };
  static const char * const filters[] = { "externalSite", "externalId", NULL };
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Mapping));
  g_auto(GStrv) external_sites = NULL;
  g_auto(GStrv) external_ids = NULL;
  GHashTableIter iter;
  KitsuAnime *anime;
  KitsuDoc doc;
  GString *out;
  guint offset, limit;

  if (!keika_fake_context_is_method (ctx, "GET"))
    {
      keika_fake_kitsu_reply_forbidden (ctx);
      return;
    }
  if (!keika_fake_kitsu_doc_init (&doc, self, ctx, includes, viewer) ||
      !keika_fake_kitsu_check_filters (ctx, filters) ||
      !keika_fake_kitsu_read_page (ctx, KEIKA_FAKE_KITSU_PAGE_MAX, &offset, &limit))
    {
      keika_fake_kitsu_doc_clear (&doc);
      return;
    }

  external_sites = keika_fake_kitsu_get_filter (ctx, "externalSite");
  external_ids = keika_fake_kitsu_get_filter (ctx, "externalId");
  g_hash_table_iter_init (&iter, self->anime);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &anime))
    {
      gint64 ids[2], external[2];
      const char *sites[2];

      get_mappings (anime, ids, sites, external);
      for (guint i = 0; i < 2; i++)
        {
          Mapping mapping = { anime, i };

          if (ids[i] == 0 ||
              (external_sites != NULL &&
               !g_strv_contains ((const char * const *) external_sites, sites[i])) ||
              (external_ids != NULL && !keika_fake_kitsu_filter_has_id (external_ids, external[i])))
            continue;
          g_array_append_val (found, mapping);
        }
    }
  g_array_sort (found, compare_mappings);

  out = g_string_new ("{\"data\":[");
  for (guint i = offset; i < found->len && i < (guint64) offset + limit; i++)
    {
      Mapping *mapping = &g_array_index (found, Mapping, i);
      gint64 ids[2], external[2];
      const char *sites[2];

      get_mappings (mapping->anime, ids, sites, external);
      if (i > offset)
        g_string_append_c (out, ',');
      write_mapping (&doc, out, mapping->anime, ids[mapping->which], sites[mapping->which],
                     external[mapping->which]);
      if (keika_fake_kitsu_doc_includes (&doc, "item") &&
          keika_fake_kitsu_doc_add_included (&doc, "anime", mapping->anime->id))
        keika_fake_kitsu_write_anime (&doc, doc.included, mapping->anime, "item");
    }
  g_string_append_c (out, ']');
  keika_fake_kitsu_doc_finish (&doc, ctx, out, found->len, offset, limit);
  keika_fake_kitsu_reply_document (ctx, SOUP_STATUS_OK, out);
  keika_fake_kitsu_doc_clear (&doc);
}

/* Public */

/**
 * keika_fake_kitsu_add_anime:
 * @anime: the anime; copied
 *
 * Adds @anime, or replaces the one with its id (keeping its mapping ids).
 */
void
keika_fake_kitsu_add_anime (KeikaFakeKitsu            *self,
                            const KeikaFakeKitsuAnime *anime)
{
  KitsuAnime *old;
  KitsuAnime *item;
  GString *key;

  g_return_if_fail (KEIKA_IS_FAKE_KITSU (self));
  g_return_if_fail (anime != NULL && anime->id > 0 && anime->canonical_title != NULL);

  item = g_new0 (KitsuAnime, 1);
  item->id = anime->id;
  item->canonical_title = g_strdup (anime->canonical_title);
  item->title_en = g_strdup (anime->title_en);
  item->title_ja_jp = g_strdup (anime->title_ja_jp);
  item->abbreviated_titles = anime->abbreviated_titles != NULL
                               ? g_strdupv ((char **) anime->abbreviated_titles)
                               : g_new0 (char *, 1);
  item->subtype = g_strdup (anime->subtype != NULL ? anime->subtype : "TV");
  item->episode_count = anime->episode_count;
  item->status = g_strdup (anime->status != NULL ? anime->status : "finished");
  item->start_date = g_strdup (anime->start_date);
  item->nsfw = anime->nsfw;
  item->mal_id = anime->mal_id;
  item->anilist_id = anime->anilist_id;

  old = keika_fake_kitsu_find_anime (self, anime->id);
  item->mal_mapping = old != NULL ? old->mal_mapping : ++self->last_mapping_id;
  item->anilist_mapping = old != NULL ? old->anilist_mapping : ++self->last_mapping_id;
  item->unit_guess = old != NULL ? old->unit_guess : 0;

  key = g_string_new (NULL);
  for (const char *title = item->canonical_title, * const *more = (const char * const *) item->abbreviated_titles;
       title != NULL; title = *more != NULL ? *more++ : NULL)
    {
      g_autofree char *folded = g_utf8_casefold (title, -1);

      g_string_append_printf (key, "%s\n", folded);
    }
  if (item->title_en != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (item->title_en, -1);

      g_string_append_printf (key, "%s\n", folded);
    }
  item->search_key = g_string_free (key, FALSE);

  g_hash_table_replace (self->anime, &item->id, item);
}

gboolean
keika_fake_kitsu_has_anime (KeikaFakeKitsu *self,
                            gint64          anime_id)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), FALSE);

  return keika_fake_kitsu_find_anime (self, anime_id) != NULL;
}

guint
keika_fake_kitsu_get_n_anime (KeikaFakeKitsu *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_KITSU (self), 0);

  return g_hash_table_size (self->anime);
}
