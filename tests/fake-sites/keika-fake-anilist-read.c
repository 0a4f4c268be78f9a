/* keika-fake-anilist-read.c: the fake AniList's MediaListCollection and Page
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-anilist-exec.h"

#define COLLECTION_CAP        11000
#define PER_CHUNK_MAX         500
#define PER_PAGE_MAX          50

/* Lists */

typedef enum
{
  KEY_MEDIA_ID, KEY_SCORE, KEY_STATUS, KEY_PROGRESS, KEY_REPEAT, KEY_PRIORITY, KEY_STARTED,
  KEY_FINISHED, KEY_ADDED, KEY_UPDATED, KEY_ROMAJI, KEY_ENGLISH, KEY_NATIVE,
} SortKey;

typedef struct
{
  AnilistExec               *ex;
  SortKey             keys[8];
  gboolean            descending[8];
  guint               n_keys;
} Sort;

/* FALSE with an error for an order the fake does not serve. */
static gboolean
parse_list_sort (AnilistExec *ex,
                 GPtrArray   *values,
                 Sort        *sort)
{
  static const struct { const char *name; SortKey key; } names[] = {
    { "MEDIA_ID", KEY_MEDIA_ID }, { "SCORE", KEY_SCORE }, { "STATUS", KEY_STATUS },
    { "PROGRESS", KEY_PROGRESS }, { "REPEAT", KEY_REPEAT }, { "PRIORITY", KEY_PRIORITY },
    { "STARTED_ON", KEY_STARTED }, { "FINISHED_ON", KEY_FINISHED }, { "ADDED_TIME", KEY_ADDED },
    { "UPDATED_TIME", KEY_UPDATED }, { "MEDIA_TITLE_ROMAJI", KEY_ROMAJI },
    { "MEDIA_TITLE_ENGLISH", KEY_ENGLISH }, { "MEDIA_TITLE_NATIVE", KEY_NATIVE },
  };

  sort->ex = ex;
  sort->n_keys = 0;
  if (values == NULL || values->len == 0)
    {
      sort->keys[0] = KEY_UPDATED;
      sort->descending[0] = TRUE;
      sort->n_keys = 1;
      return TRUE;
    }

  for (guint i = 0; i < values->len && sort->n_keys < G_N_ELEMENTS (sort->keys); i++)
    {
      const char *value = json_node_get_string (g_ptr_array_index (values, i));
      g_autofree char *base = g_strdup (value);
      gboolean desc = g_str_has_suffix (value, "_DESC");
      gboolean found = FALSE;

      if (desc)
        base[strlen (base) - 5] = '\0';
      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        if (g_str_equal (base, names[j].name))
          {
            sort->keys[sort->n_keys] = names[j].key;
            sort->descending[sort->n_keys++] = desc;
            found = TRUE;
          }
      if (!found)
        {
          g_autofree char *message = g_strdup_printf ("The fake AniList does not sort lists "
                                                      "by %s.", value);

          keika_fake_anilist_add_error (ex, SOUP_STATUS_BAD_REQUEST, message);
          return FALSE;
        }
    }

  return TRUE;
}

static guint
date_key (const KeikaFakeAnilistDate *date)
{
  return date->year * 10000 + date->month * 100 + date->day;
}

static int
compare_nullable (const char *a,
                  const char *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);

  return strcmp (a, b);
}

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static int
compare_entries (gconstpointer pa,
                 gconstpointer pb,
                 gpointer      user_data)
{
  const Sort *sort = user_data;
  const KeikaFakeAnilistEntry *a = &(*(AnilistEntry * const *) pa)->pub;
  const KeikaFakeAnilistEntry *b = &(*(AnilistEntry * const *) pb)->pub;

  for (guint i = 0; i < sort->n_keys; i++)
    {
      int c = 0;

      switch (sort->keys[i])
        {
        case KEY_MEDIA_ID: c = CMP (a->media_id, b->media_id); break;
        case KEY_SCORE: c = CMP (a->score_raw, b->score_raw); break;
        case KEY_STATUS: c = strcmp (a->status, b->status); break;
        case KEY_PROGRESS: c = CMP (a->progress, b->progress); break;
        case KEY_REPEAT: c = CMP (a->repeat, b->repeat); break;
        case KEY_PRIORITY: c = CMP (a->priority, b->priority); break;
        case KEY_STARTED: c = CMP (date_key (&a->started_at), date_key (&b->started_at)); break;
        case KEY_FINISHED:
          c = CMP (date_key (&a->completed_at), date_key (&b->completed_at));
          break;
        case KEY_ADDED: c = CMP (a->created_at, b->created_at); break;
        case KEY_UPDATED: c = CMP (a->updated_at, b->updated_at); break;
        case KEY_ROMAJI:
        case KEY_ENGLISH:
        case KEY_NATIVE:
          {
            AnilistMedia *x = keika_fake_anilist_find_media (sort->ex->self, a->media_id);
            AnilistMedia *y = keika_fake_anilist_find_media (sort->ex->self, b->media_id);

            c = sort->keys[i] == KEY_ROMAJI ? compare_nullable (x->romaji, y->romaji)
                : sort->keys[i] == KEY_ENGLISH ? compare_nullable (x->english, y->english)
                : compare_nullable (x->native, y->native);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      if (c != 0)
        return sort->descending[i] ? -c : c;
    }

  return CMP (a->id, b->id);
}

/* The user whose list is asked for, or NULL with the error added. */
static AnilistUser *
find_owner (AnilistExec *ex,
            GHashTable  *args)
{
  const char *name = keika_fake_anilist_arg_string (args, "userName");
  AnilistUser *owner = NULL;
  gint64 id;

  if (keika_fake_anilist_arg_int (args, "userId", &id))
    owner = keika_fake_anilist_find_user_by_id (ex->self, id);
  else if (name != NULL)
    owner = keika_fake_anilist_find_user (ex->self, name);
  else if (ex->viewer == NULL)
    {
      keika_fake_anilist_add_unauthorized (ex);
      return NULL;
    }
  else
    owner = ex->viewer;

  if (owner == NULL)
    keika_fake_anilist_add_error (ex, SOUP_STATUS_NOT_FOUND, "User not found");
  else if (owner->is_private && owner != ex->viewer)
    {
      keika_fake_anilist_add_error (ex, SOUP_STATUS_NOT_FOUND, "Private User");
      owner = NULL;
    }

  return owner;
}

/* The entries of @owner's list the arguments ask for, in order; NULL with
 * an error. Others do not see private entries. */
static GPtrArray *
collect_entries (AnilistExec *ex,
                 AnilistUser *owner,
                 GHashTable  *args)
{
  g_autoptr(GPtrArray) sort_values = keika_fake_anilist_arg_list (args, "sort");
  g_autoptr(GPtrArray) status_in = keika_fake_anilist_arg_list (args, "status_in");
  g_autoptr(GPtrArray) media_in = keika_fake_anilist_arg_list (args, "mediaId_in");
  const char *status = keika_fake_anilist_arg_string (args, "status");
  const char *type = keika_fake_anilist_arg_string (args, "type");
  GPtrArray *entries;
  GHashTableIter iter;
  AnilistEntry *entry;
  gint64 id = 0, media_id = 0;
  gboolean has_id = keika_fake_anilist_arg_int (args, "id", &id);
  gboolean has_media = keika_fake_anilist_arg_int (args, "mediaId", &media_id);
  Sort sort;

  if (!parse_list_sort (ex, sort_values, &sort))
    return NULL;

  entries = g_ptr_array_new ();
  if (g_strcmp0 (type, "MANGA") == 0)
    return entries;

  g_hash_table_iter_init (&iter, owner->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      const KeikaFakeAnilistEntry *e = &entry->pub;

      if ((e->is_private && owner != ex->viewer)
          || (status != NULL && !g_str_equal (status, e->status))
          || (status_in != NULL && !keika_fake_anilist_list_has_string (status_in, e->status))
          || (has_id && e->id != id)
          || (has_media && e->media_id != media_id)
          || (media_in != NULL && !keika_fake_anilist_list_has_int (media_in, e->media_id)))
        continue;
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort_with_data (entries, compare_entries, &sort);

  return entries;
}

static void
write_entries (AnilistExec *ex,
               GString     *out,
               GPtrArray   *entries,
               guint        start,
               guint        end,
               GPtrArray   *selection)
{
  g_string_append_c (out, '[');
  for (guint i = start; i < end; i++)
    {
      if (i > start)
        g_string_append_c (out, ',');
      keika_fake_anilist_write_entry (ex, out, g_ptr_array_index (entries, i), selection);
    }
  g_string_append_c (out, ']');
}

typedef struct
{
  const char         *name;
  const char         *status;          /* (nullable) a custom list's is null */
  GPtrArray          *entries;         /* (owned) */
} Group;

static void
group_clear (Group *group)
{
  g_clear_pointer (&group->entries, g_ptr_array_unref);
}

static void
write_group (AnilistExec *ex,
             GString     *out,
             Group       *group,
             GPtrArray   *selection)
{
  KeikaFakeGqlField *field;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  FOR_FIELDS (ex, selection, field)
    {
      keika_fake_json_member (out, &first, field->name);
      if (g_str_equal (field->name, "entries"))
        write_entries (ex, out, group->entries, 0, group->entries->len, field->selection);
      else if (g_str_equal (field->name, "name"))
        keika_fake_json_string (out, group->name);
      else if (g_str_equal (field->name, "isCustomList"))
        keika_fake_anilist_write_bool (out, group->status == NULL);
      else if (g_str_equal (field->name, "isSplitCompletedList"))
        keika_fake_anilist_write_bool (out, FALSE);
      else
        keika_fake_json_string (out, group->status);
    }
  g_string_append_c (out, '}');
}

gboolean
keika_fake_anilist_resolve_collection (AnilistExec       *ex,
                                       KeikaFakeGqlField *root,
                                       GString           *out)
{
  static const char * const status_lists[][2] = {
    { "CURRENT", "Watching" }, { "REPEATING", "Rewatching" }, { "COMPLETED", "Completed" },
    { "PAUSED", "Paused" }, { "DROPPED", "Dropped" }, { "PLANNING", "Planning" },
  };
  GHashTable *args = keika_fake_anilist_get_args (ex, root);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GArray) groups = NULL;
  AnilistUser *owner = find_owner (ex, args);
  gint64 chunk = 0, per_chunk = PER_CHUNK_MAX;
  guint start = 0, end;
  gboolean has_next = FALSE;
  KeikaFakeGqlField *field;
  gboolean first = TRUE;

  if (owner == NULL || (entries = collect_entries (ex, owner, args)) == NULL)
    return FALSE;

  if (entries->len > COLLECTION_CAP)
    g_ptr_array_set_size (entries, COLLECTION_CAP);
  end = entries->len;
  if (keika_fake_anilist_arg_int (args, "chunk", &chunk))
    {
      if (keika_fake_anilist_arg_int (args, "perChunk", &per_chunk))
        per_chunk = CLAMP (per_chunk, 1, PER_CHUNK_MAX);
      chunk = MAX (chunk, 1);
      start = MIN ((guint64) (chunk - 1) * per_chunk, entries->len);
      end = MIN ((guint64) start + per_chunk, entries->len);
      has_next = end < entries->len;
    }

  /* One list per status used, then one per custom list used: an entry can
   * be in two lists, or only in a custom one. */
  groups = g_array_new (FALSE, TRUE, sizeof (Group));
  g_array_set_clear_func (groups, (GDestroyNotify) group_clear);
  for (guint s = 0; s < G_N_ELEMENTS (status_lists); s++)
    {
      Group group = { status_lists[s][1], status_lists[s][0], g_ptr_array_new () };

      for (guint i = start; i < end; i++)
        {
          AnilistEntry *entry = g_ptr_array_index (entries, i);

          if (g_str_equal (entry->pub.status, group.status)
              && !entry->pub.hidden_from_status_lists)
            g_ptr_array_add (group.entries, entry);
        }
      if (group.entries->len > 0)
        g_array_append_val (groups, group);
      else
        group_clear (&group);
    }
  for (guint c = 0; c < owner->custom_lists->len; c++)
    {
      Group group = { g_ptr_array_index (owner->custom_lists, c), NULL, g_ptr_array_new () };

      for (guint i = start; i < end; i++)
        {
          AnilistEntry *entry = g_ptr_array_index (entries, i);

          if (g_strv_contains (entry->pub.custom_lists, group.name))
            g_ptr_array_add (group.entries, entry);
        }
      if (group.entries->len > 0)
        g_array_append_val (groups, group);
      else
        group_clear (&group);
    }

  g_string_append_c (out, '{');
  FOR_FIELDS (ex, root->selection, field)
    {
      keika_fake_json_member (out, &first, field->name);
      if (g_str_equal (field->name, "lists"))
        {
          g_string_append_c (out, '[');
          for (guint i = 0; i < groups->len; i++)
            {
              if (i > 0)
                g_string_append_c (out, ',');
              write_group (ex, out, &g_array_index (groups, Group, i), field->selection);
            }
          g_string_append_c (out, ']');
        }
      else if (g_str_equal (field->name, "hasNextChunk"))
        keika_fake_anilist_write_bool (out, has_next);
      else
        keika_fake_anilist_write_user (ex, out, owner, field->selection);
    }
  g_string_append_c (out, '}');

  return TRUE;
}

/* Media */

static int
compare_found (gconstpointer pa,
               gconstpointer pb,
               gpointer      user_data)
{
  const AnilistFound *a = pa;
  const AnilistFound *b = pb;
  const char *sort = user_data;
  int c = 0;

  if (g_str_equal (sort, "SEARCH_MATCH"))
    c = CMP (a->match, b->match);
  else if (g_str_has_prefix (sort, "TITLE_ROMAJI"))
    c = strcmp (a->media->romaji, b->media->romaji);
  if (c == 0)
    c = CMP (a->media->id, b->media->id);

  return g_str_has_suffix (sort, "_DESC") ? -c : c;
}

static guint
search_match (const AnilistMedia *media,
              const char         *folded)
{
  g_autofree char *line = g_strconcat ("\n", folded, "\n", NULL);
  g_autofree char *key = g_strconcat ("\n", media->search_key, NULL);

  if (strstr (key, line) != NULL)
    return 0;
  line[strlen (line) - 1] = '\0';

  return strstr (key, line) != NULL ? 1 : 2;
}

/* The media the arguments of Page.media ask for, in order; NULL with an error. */
GArray *
keika_fake_anilist_query_media (AnilistExec *ex,
                                GHashTable  *args)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) sort_values = keika_fake_anilist_arg_list (args, "sort");
  g_autoptr(GPtrArray) id_in = keika_fake_anilist_arg_list (args, "id_in");
  g_autoptr(GPtrArray) id_mal_in = keika_fake_anilist_arg_list (args, "idMal_in");
  const char *search = keika_fake_anilist_arg_string (args, "search");
  g_autofree char *folded = search != NULL && *search != '\0' ? g_utf8_casefold (search, -1)
                                                              : NULL;
  const char *sort = folded != NULL ? "SEARCH_MATCH" : "ID";
  gint64 id = 0, id_mal = 0;
  gboolean has_id = keika_fake_anilist_arg_int (args, "id", &id);
  gboolean has_id_mal = keika_fake_anilist_arg_int (args, "idMal", &id_mal);
  gboolean adult = FALSE;
  gboolean has_adult = keika_fake_anilist_arg_bool (args, "isAdult", &adult);
  GArray *found;

  if (sort_values != NULL && sort_values->len > 0)
    {
      static const char * const served[] = {
        "ID", "ID_DESC", "SEARCH_MATCH", "TITLE_ROMAJI", "TITLE_ROMAJI_DESC", NULL
      };

      sort = json_node_get_string (g_ptr_array_index (sort_values, 0));
      if (!g_strv_contains (served, sort))
        {
          g_autofree char *message = g_strdup_printf ("The fake AniList does not sort media "
                                                      "by %s.", sort);

          keika_fake_anilist_add_error (ex, SOUP_STATUS_BAD_REQUEST, message);
          return NULL;
        }
    }

  found = g_array_new (FALSE, FALSE, sizeof (AnilistFound));
  if (g_strcmp0 (keika_fake_anilist_arg_string (args, "type"), "MANGA") == 0)
    return found;

  all = keika_fake_anilist_dup_media_by_id (ex->self);
  for (guint i = 0; i < all->len; i++)
    {
      AnilistMedia *media = g_ptr_array_index (all, i);
      AnilistFound f = { media, 0 };

      if ((has_id && media->id != id)
          || (has_id_mal && media->id_mal != id_mal)
          || (id_in != NULL && !keika_fake_anilist_list_has_int (id_in, media->id))
          || (id_mal_in != NULL
              && (media->id_mal == 0
                  || !keika_fake_anilist_list_has_int (id_mal_in, media->id_mal)))
          || (has_adult && media->is_adult != adult)
          || (folded != NULL && strstr (media->search_key, folded) == NULL))
        continue;
      if (folded != NULL)
        f.match = search_match (media, folded);
      g_array_append_val (found, f);
    }
  g_array_sort_with_data (found, compare_found, (gpointer) sort);

  return found;
}

/* Page */

gboolean
keika_fake_anilist_resolve_page (AnilistExec       *ex,
                                 KeikaFakeGqlField *root,
                                 GString           *out)
{
  GHashTable *args = keika_fake_anilist_get_args (ex, root);
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();   /* per selected field: entries or NULL */
  g_autoptr(GArray) found = NULL;
  gint64 page = 1, per_page = PER_PAGE_MAX;
  gint64 total = -1;
  guint64 start;
  KeikaFakeGqlField *field;
  gboolean first = TRUE;

  if (keika_fake_anilist_arg_int (args, "page", &page))
    page = MAX (page, 1);
  if (keika_fake_anilist_arg_int (args, "perPage", &per_page))
    per_page = CLAMP (per_page, 1, PER_PAGE_MAX);
  start = (guint64) (page - 1) * per_page;

  /* The lists first: pageInfo may come before them. */
  FOR_FIELDS (ex, root->selection, field)
    {
      GPtrArray *entries = NULL;

      if (g_str_equal (field->name, "mediaList"))
        {
          GHashTable *list_args = keika_fake_anilist_get_args (ex, field);
          AnilistUser *owner = find_owner (ex, list_args);

          if (owner != NULL)
            entries = collect_entries (ex, owner, list_args);
          if (entries != NULL && total < 0)
            total = entries->len;
        }
      else if (g_str_equal (field->name, "media") && found == NULL)
        {
          found = keika_fake_anilist_query_media (ex, keika_fake_anilist_get_args (ex, field));
          if (found != NULL && total < 0)
            total = found->len;
        }
      g_ptr_array_add (lists, entries);
    }
  if (ex->data_null)
    {
      for (guint i = 0; i < lists->len; i++)
        g_clear_pointer (&g_ptr_array_index (lists, i), g_ptr_array_unref);
      return FALSE;
    }
  total = MAX (total, 0);

  g_string_append_c (out, '{');
  {
    guint n = 0;

    FOR_FIELDS (ex, root->selection, field)
      {
        g_autoptr(GPtrArray) entries = g_ptr_array_index (lists, n++);

        keika_fake_json_member (out, &first, field->name);
        if (g_str_equal (field->name, "pageInfo"))
          {
            KeikaFakeGqlField *info;
            gboolean first_info = TRUE;

            g_string_append_c (out, '{');
            FOR_FIELDS (ex, field->selection, info)
              {
                keika_fake_json_member (out, &first_info, info->name);
                if (g_str_equal (info->name, "total"))
                  g_string_append_printf (out, "%" G_GINT64_FORMAT, total);
                else if (g_str_equal (info->name, "perPage"))
                  g_string_append_printf (out, "%" G_GINT64_FORMAT, per_page);
                else if (g_str_equal (info->name, "currentPage"))
                  g_string_append_printf (out, "%" G_GINT64_FORMAT, page);
                else if (g_str_equal (info->name, "lastPage"))
                  g_string_append_printf (out, "%" G_GINT64_FORMAT,
                                          MAX ((total + per_page - 1) / per_page, 1));
                else
                  keika_fake_anilist_write_bool (out, start + per_page < (guint64) total);
              }
            g_string_append_c (out, '}');
          }
        else if (g_str_equal (field->name, "mediaList"))
          {
            if (entries == NULL)
              g_string_append (out, "null");
            else
              write_entries (ex, out, entries, MIN (start, entries->len),
                             MIN (start + per_page, entries->len), field->selection);
          }
        else if (found == NULL)
          g_string_append (out, "null");
        else
          {
            g_string_append_c (out, '[');
            for (guint64 i = start; i < MIN (start + per_page, found->len); i++)
              {
                if (i > start)
                  g_string_append_c (out, ',');
                keika_fake_anilist_write_media (ex, out, g_array_index (found, AnilistFound, i).media,
                                                field->selection);
              }
            g_string_append_c (out, ']');
          }
      }
  }
  g_string_append_c (out, '}');

  return TRUE;
}
