/* keika-fake-mal.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-mal-private.h"
#include "keika-fake-sites-private.h"

#define CODE_LIFETIME_S       600
#define LIST_LIMIT_DEFAULT    100
#define LIST_LIMIT_MAX        1000
#define SEARCH_LIMIT_MAX      100
#define SEARCH_Q_MAX          64
#define DEFAULT_USER          "KeikaTester"

typedef struct
{
  gint64              id;
  char               *title;           /* (owned) */
  char              **synonyms;        /* (owned) never NULL */
  char               *title_en;        /* (owned) never NULL, "" when none */
  char               *title_ja;        /* (owned) never NULL */
  char               *media_type;      /* (owned) */
  char               *status;          /* (owned) */
  guint               num_episodes;
  guint               start_year;
  char               *start_season;    /* (owned) (nullable) */
  char               *start_date;      /* (owned) (nullable) */
  char               *end_date;        /* (owned) (nullable) */
  gboolean            nsfw;
  char               *search_key;      /* (owned) casefolded titles, one a line */
} Anime;

typedef struct
{
  KeikaFakeMalEntry   pub;             /* its strings and tags are owned */
  char               *updated_at_text; /* (owned) ISO 8601 */
  guint64             sequence;        /* orders changes made in the same second */
} Entry;

typedef struct
{
  gint64              id;
  char               *name;            /* (owned) as given */
  gint64              joined_at;
  GHashTable         *entries;         /* (owned) anime id (gint64 *) → Entry */
} User;

typedef struct
{
  char               *user;            /* (owned) user key */
  gint64              expires;         /* monotonic µs */
  char               *access_token;    /* (owned) (nullable) for a refresh token: its pair */
} Token;

typedef struct
{
  char               *client_id;       /* (owned) */
  char               *redirect_uri;    /* (owned) (nullable) as given at authorize */
  char               *challenge;       /* (owned) */
  char               *user;            /* (owned) user key */
  gint64              expires;         /* monotonic µs */
  gboolean            used;
} Code;

struct _KeikaFakeMal
{
  GObject             parent_instance;

  KeikaFakeSites     *sites;           /* (unowned) owns us */
  const char         *cdn_url;         /* (unowned) owned by sites */

  GHashTable         *anime;           /* (owned) id (gint64 *) → Anime */
  GHashTable         *users;           /* (owned) lower-case name → User */
  gint64              last_user_id;
  guint64             last_sequence;

  char               *client_id;       /* (owned) (nullable) NULL: any non-empty id */
  char               *redirect_uri;    /* (owned) (nullable) NULL: any loopback http URI */
  char               *browser_user;    /* (owned) (nullable) */
  KeikaFakeMalAuthorize authorize_answer;
  guint               access_lifetime;
  guint               refresh_lifetime;
  GHashTable         *codes;           /* (owned) code → Code */
  GHashTable         *access_tokens;   /* (owned) token → Token */
  GHashTable         *refresh_tokens;  /* (owned) token → Token */
  GPtrArray          *secrets;         /* (owned) every code, token and verifier seen */
};

G_DEFINE_FINAL_TYPE (KeikaFakeMal, keika_fake_mal, G_TYPE_OBJECT)

/* A 2×3 blue JPEG, the cover of every anime. */
static const guint8 cover_jpeg[] = {
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
  0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43,
  0x00, 0x10, 0x0b, 0x0c, 0x0e, 0x0c, 0x0a, 0x10, 0x0e, 0x0d, 0x0e, 0x12,
  0x11, 0x10, 0x13, 0x18, 0x28, 0x1a, 0x18, 0x16, 0x16, 0x18, 0x31, 0x23,
  0x25, 0x1d, 0x28, 0x3a, 0x33, 0x3d, 0x3c, 0x39, 0x33, 0x38, 0x37, 0x40,
  0x48, 0x5c, 0x4e, 0x40, 0x44, 0x57, 0x45, 0x37, 0x38, 0x50, 0x6d, 0x51,
  0x57, 0x5f, 0x62, 0x67, 0x68, 0x67, 0x3e, 0x4d, 0x71, 0x79, 0x70, 0x64,
  0x78, 0x5c, 0x65, 0x67, 0x63, 0xff, 0xdb, 0x00, 0x43, 0x01, 0x11, 0x12,
  0x12, 0x18, 0x15, 0x18, 0x2f, 0x1a, 0x1a, 0x2f, 0x63, 0x42, 0x38, 0x42,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x03, 0x00, 0x02, 0x03,
  0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xc4, 0x00,
  0x15, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xc4, 0x00, 0x14,
  0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x01, 0x01,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x05, 0xff, 0xc4, 0x00, 0x14, 0x11, 0x01, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03,
  0x11, 0x00, 0x3f, 0x00, 0x90, 0x07, 0x44, 0xbf, 0xff, 0xd9
};

static const char * const list_statuses[] = {
  "watching", "completed", "on_hold", "dropped", "plan_to_watch", NULL
};

/* The write names of PATCH …/my_list_status (the read name of the episode
 * count, num_episodes_watched, is not one of them). */
static const char * const write_fields[] = {
  "comments", "finish_date", "is_rewatching", "num_times_rewatched", "num_watched_episodes",
  "priority", "rewatch_value", "score", "start_date", "status", "tags", NULL
};

/* Helpers */

static char *
user_key (const char *name)
{
  return g_ascii_strdown (name, -1);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S+00:00");
}

static int
status_rank (const char *status)
{
  for (int i = 0; list_statuses[i] != NULL; i++)
    if (g_strcmp0 (status, list_statuses[i]) == 0)
      return i;

  return G_N_ELEMENTS (list_statuses);
}

static gboolean
is_list_status (const char *status)
{
  return status != NULL && g_strv_contains (list_statuses, status);
}

/* YYYY-MM-DD, YYYY-MM or YYYY */
static gboolean
is_mal_date (const char *text)
{
  gsize len = strlen (text);

  if (len != 4 && len != 7 && len != 10)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (i == 4 || i == 7)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* A verifier or challenge: 43–128 characters of A-Z a-z 0-9 - . _ ~ */
static gboolean
is_pkce_text (const char *text)
{
  gsize len;

  if (text == NULL)
    return FALSE;

  len = strlen (text);
  if (len < 43 || len > 128)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_' && *p != '~')
      return FALSE;

  return TRUE;
}

static gboolean
parse_uint (const char *text,
            guint       max,
            guint      *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return FALSE;
  *out = (guint) value;

  return TRUE;
}

static gboolean
parse_bool (const char *text,
            gboolean   *out)
{
  if (g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "1") == 0)
    *out = TRUE;
  else if (g_strcmp0 (text, "false") == 0 || g_strcmp0 (text, "0") == 0)
    *out = FALSE;
  else
    return FALSE;

  return TRUE;
}

static void
remember_secret (KeikaFakeMal *self,
                 const char   *secret)
{
  if (secret != NULL && *secret != '\0')
    g_ptr_array_add (self->secrets, g_strdup (secret));
}

/* Data */

static void
anime_free (Anime *anime)
{
  g_free (anime->title);
  g_strfreev (anime->synonyms);
  g_free (anime->title_en);
  g_free (anime->title_ja);
  g_free (anime->media_type);
  g_free (anime->status);
  g_free (anime->start_season);
  g_free (anime->start_date);
  g_free (anime->end_date);
  g_free (anime->search_key);
  g_free (anime);
}

static void
entry_free (Entry *entry)
{
  g_free ((char *) entry->pub.status);
  g_free ((char *) entry->pub.start_date);
  g_free ((char *) entry->pub.finish_date);
  g_strfreev ((char **) entry->pub.tags);
  g_free ((char *) entry->pub.comments);
  g_free (entry->updated_at_text);
  g_free (entry);
}

static void
user_free (User *user)
{
  g_free (user->name);
  g_hash_table_unref (user->entries);
  g_free (user);
}

static void
token_free (Token *token)
{
  g_free (token->user);
  g_free (token->access_token);
  g_free (token);
}

static void
code_free (Code *code)
{
  g_free (code->client_id);
  g_free (code->redirect_uri);
  g_free (code->challenge);
  g_free (code->user);
  g_free (code);
}

static void
set_string (const char **field,
            const char  *value)
{
  g_free ((char *) *field);
  *field = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

static void
entry_touch (KeikaFakeMal *self,
             Entry        *entry,
             gint64        unix_time)
{
  entry->pub.updated_at = unix_time != 0 ? unix_time : g_get_real_time () / G_USEC_PER_SEC;
  entry->sequence = ++self->last_sequence;
  g_free (entry->updated_at_text);
  entry->updated_at_text = format_time (entry->pub.updated_at);
}

static User *
lookup_user (KeikaFakeMal *self,
             const char   *name)
{
  g_autofree char *key = user_key (name);

  return g_hash_table_lookup (self->users, key);
}

static User *
ensure_user (KeikaFakeMal *self,
             const char   *name)
{
  User *user = lookup_user (self, name);

  if (user == NULL)
    {
      keika_fake_mal_add_user (self, name);
      user = lookup_user (self, name);
    }

  return user;
}

static Anime *
lookup_anime (KeikaFakeMal *self,
              gint64        id)
{
  return g_hash_table_lookup (self->anime, &id);
}

/* JSON */

/* The fields parameter: "a,b{c,d},e" → { a: NULL, b: "c,d", e: NULL } */
static GHashTable *
parse_fields (const char *text)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *start;
  int depth = 0;

  if (text == NULL)
    return fields;

  start = text;
  for (const char *p = text; ; p++)
    {
      if (*p == '{')
        depth++;
      else if (*p == '}')
        depth = MAX (depth - 1, 0);
      else if ((*p == ',' && depth == 0) || *p == '\0')
        {
          const char *end = start;
          char *sub = NULL;

          while (end < p && *end != '{')
            end++;
          if (end < p)
            {
              const char *close = p;

              while (close > end && *close != '}')
                close--;
              sub = g_strndup (end + 1, close > end ? close - end - 1 : p - end - 1);
            }
          if (end > start)
            {
              g_autofree char *name = g_strndup (start, end - start);

              g_hash_table_replace (fields, g_strdup (g_strstrip (name)), sub);
            }
          else
            g_free (sub);
          start = p + 1;
          if (*p == '\0')
            break;
        }
    }

  return fields;
}

/* Which list_status fields beyond the default ones a request asked for. */
typedef enum
{
  EXTRA_PRIORITY            = 1 << 0,
  EXTRA_NUM_TIMES_REWATCHED = 1 << 1,
  EXTRA_REWATCH_VALUE       = 1 << 2,
  EXTRA_TAGS                = 1 << 3,
  EXTRA_COMMENTS            = 1 << 4,
  EXTRA_ALL                 = (1 << 5) - 1,
} Extras;

static Extras
parse_extras (const char *sub)
{
  g_autoptr(GHashTable) names = parse_fields (sub);
  Extras extras = 0;

  if (g_hash_table_contains (names, "priority"))
    extras |= EXTRA_PRIORITY;
  if (g_hash_table_contains (names, "num_times_rewatched"))
    extras |= EXTRA_NUM_TIMES_REWATCHED;
  if (g_hash_table_contains (names, "rewatch_value"))
    extras |= EXTRA_REWATCH_VALUE;
  if (g_hash_table_contains (names, "tags"))
    extras |= EXTRA_TAGS;
  if (g_hash_table_contains (names, "comments"))
    extras |= EXTRA_COMMENTS;

  return extras;
}

static void
write_strv (GString            *out,
            const char * const *strv)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      keika_fake_json_string (out, strv[i]);
    }
  g_string_append_c (out, ']');
}

/* status, score, num_episodes_watched, is_rewatching, updated_at always;
 * start_date and finish_date when set; the others when asked for. */
static void
write_list_status (GString     *out,
                   const Entry *entry,
                   Extras       extras)
{
  const KeikaFakeMalEntry *e = &entry->pub;

  g_string_append (out, "{\"status\":");
  keika_fake_json_string (out, e->status);
  g_string_append_printf (out, ",\"score\":%u,\"num_episodes_watched\":%u,\"is_rewatching\":%s",
                          e->score, e->num_episodes_watched,
                          e->is_rewatching ? "true" : "false");
  g_string_append (out, ",\"updated_at\":");
  keika_fake_json_string (out, entry->updated_at_text);
  if (e->start_date != NULL)
    {
      g_string_append (out, ",\"start_date\":");
      keika_fake_json_string (out, e->start_date);
    }
  if (e->finish_date != NULL)
    {
      g_string_append (out, ",\"finish_date\":");
      keika_fake_json_string (out, e->finish_date);
    }
  if (extras & EXTRA_PRIORITY)
    g_string_append_printf (out, ",\"priority\":%u", e->priority);
  if (extras & EXTRA_NUM_TIMES_REWATCHED)
    g_string_append_printf (out, ",\"num_times_rewatched\":%u", e->num_times_rewatched);
  if (extras & EXTRA_REWATCH_VALUE)
    g_string_append_printf (out, ",\"rewatch_value\":%u", e->rewatch_value);
  if (extras & EXTRA_TAGS)
    {
      g_string_append (out, ",\"tags\":");
      write_strv (out, e->tags);
    }
  if (extras & EXTRA_COMMENTS)
    {
      g_string_append (out, ",\"comments\":");
      keika_fake_json_string (out, e->comments != NULL ? e->comments : "");
    }
  g_string_append_c (out, '}');
}

static void
write_node (KeikaFakeMal *self,
            GString      *out,
            const Anime  *anime,
            GHashTable   *fields,
            User         *user)
{
  const char *cdn = self->cdn_url;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  keika_fake_json_member (out, &first, "id");
  g_string_append_printf (out, "%" G_GINT64_FORMAT, anime->id);
  keika_fake_json_member (out, &first, "title");
  keika_fake_json_string (out, anime->title);
  keika_fake_json_member (out, &first, "main_picture");
  g_string_append_printf (out,
                          "{\"medium\":\"%s/images/anime/%u/%" G_GINT64_FORMAT ".jpg\","
                          "\"large\":\"%s/images/anime/%u/%" G_GINT64_FORMAT "l.jpg\"}",
                          cdn, (guint) (anime->id % 13), anime->id,
                          cdn, (guint) (anime->id % 13), anime->id);

  if (g_hash_table_contains (fields, "alternative_titles"))
    {
      keika_fake_json_member (out, &first, "alternative_titles");
      g_string_append (out, "{\"synonyms\":");
      write_strv (out, (const char * const *) anime->synonyms);
      g_string_append (out, ",\"en\":");
      keika_fake_json_string (out, anime->title_en);
      g_string_append (out, ",\"ja\":");
      keika_fake_json_string (out, anime->title_ja);
      g_string_append_c (out, '}');
    }
  if (g_hash_table_contains (fields, "start_date") && anime->start_date != NULL)
    {
      keika_fake_json_member (out, &first, "start_date");
      keika_fake_json_string (out, anime->start_date);
    }
  if (g_hash_table_contains (fields, "end_date") && anime->end_date != NULL)
    {
      keika_fake_json_member (out, &first, "end_date");
      keika_fake_json_string (out, anime->end_date);
    }
  if (g_hash_table_contains (fields, "nsfw"))
    {
      keika_fake_json_member (out, &first, "nsfw");
      keika_fake_json_string (out, anime->nsfw ? "black" : "white");
    }
  if (g_hash_table_contains (fields, "media_type"))
    {
      keika_fake_json_member (out, &first, "media_type");
      keika_fake_json_string (out, anime->media_type);
    }
  if (g_hash_table_contains (fields, "status"))
    {
      keika_fake_json_member (out, &first, "status");
      keika_fake_json_string (out, anime->status);
    }
  if (g_hash_table_contains (fields, "num_episodes"))
    {
      keika_fake_json_member (out, &first, "num_episodes");
      g_string_append_printf (out, "%u", anime->num_episodes);
    }
  if (g_hash_table_contains (fields, "start_season") && anime->start_year != 0)
    {
      keika_fake_json_member (out, &first, "start_season");
      g_string_append_printf (out, "{\"year\":%u,\"season\":", anime->start_year);
      keika_fake_json_string (out, anime->start_season);
      g_string_append_c (out, '}');
    }
  if (g_hash_table_contains (fields, "my_list_status") && user != NULL)
    {
      gint64 id = anime->id;
      Entry *entry = g_hash_table_lookup (user->entries, &id);

      if (entry != NULL)
        {
          keika_fake_json_member (out, &first, "my_list_status");
          write_list_status (out, entry,
                             parse_extras (g_hash_table_lookup (fields, "my_list_status")));
        }
    }

  g_string_append_c (out, '}');
}

/* The query of a paging link: offset first, as MAL does, then the other
 * parameters of the request as they came. */
static char *
paging_url (KeikaFakeContext *ctx,
            guint             offset)
{
  g_autoptr(GString) url = g_string_new (keika_fake_sites_get_url (ctx->sites, ctx->endpoint));
  g_auto(GStrv) params = NULL;

  g_string_append (url, ctx->path);
  g_string_append_printf (url, "?offset=%u", offset);
  if (ctx->request->query != NULL)
    {
      params = g_strsplit (ctx->request->query, "&", -1);
      for (guint i = 0; params[i] != NULL; i++)
        {
          if (*params[i] == '\0' || g_str_has_prefix (params[i], "offset=")
              || g_str_equal (params[i], "offset"))
            continue;
          g_string_append_c (url, '&');
          g_string_append (url, params[i]);
        }
    }

  return g_string_free (g_steal_pointer (&url), FALSE);
}

static void
write_paging (GString          *out,
              KeikaFakeContext *ctx,
              guint             offset,
              guint             limit,
              guint             total)
{
  gboolean first = TRUE;

  g_string_append (out, ",\"paging\":{");
  if (offset > 0)
    {
      g_autofree char *previous = paging_url (ctx, offset > limit ? offset - limit : 0);

      keika_fake_json_member (out, &first, "previous");
      keika_fake_json_string (out, previous);
    }
  if ((guint64) offset + limit < total)
    {
      g_autofree char *next = paging_url (ctx, offset + limit);

      keika_fake_json_member (out, &first, "next");
      keika_fake_json_string (out, next);
    }
  g_string_append_c (out, '}');
}

/* Authentication */

static void
reply_invalid_token (KeikaFakeContext *ctx,
                     const char       *message)
{
  keika_fake_reply_header (ctx, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
  keika_fake_reply_error (ctx, SOUP_STATUS_UNAUTHORIZED, "invalid_token", message);
}

static gboolean
token_is_valid (const Token *token)
{
  return token != NULL && g_get_monotonic_time () < token->expires;
}

/* Checks the credentials of an API request. With a bearer token, *user is
 * its user; with only X-MAL-CLIENT-ID (when allowed), *user is NULL. FALSE
 * when the answer is already set. */
static gboolean
authenticate (KeikaFakeMal     *self,
              KeikaFakeContext *ctx,
              gboolean          client_id_allowed,
              User            **user)
{
  g_autofree char *bearer = keika_fake_context_get_bearer (ctx);
  const char *client_id;
  Token *token;

  *user = NULL;

  if (bearer != NULL)
    {
      token = g_hash_table_lookup (self->access_tokens, bearer);
      if (token != NULL && ctx->expire_token)
        token->expires = 0;

      if (token == NULL)
        {
          reply_invalid_token (ctx, "token is invalid");
          return FALSE;
        }
      if (!token_is_valid (token))
        {
          reply_invalid_token (ctx, "token is expired");
          return FALSE;
        }

      *user = g_hash_table_lookup (self->users, token->user);
      g_assert (*user != NULL);
      return TRUE;
    }

  client_id = keika_fake_context_get_header (ctx, "X-MAL-CLIENT-ID");
  if (client_id != NULL && client_id_allowed)
    {
      if (*client_id == '\0'
          || (self->client_id != NULL && !g_str_equal (client_id, self->client_id)))
        {
          keika_fake_reply_error (ctx, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                                  "invalid client id");
          return FALSE;
        }
      return TRUE;
    }

  keika_fake_reply_header (ctx, "WWW-Authenticate", "Bearer");
  keika_fake_reply_error (ctx, SOUP_STATUS_UNAUTHORIZED, "invalid_token", "token is missing");

  return FALSE;
}

/* API: users */

static void
write_statistics (GString *out,
                  User    *user)
{
  guint counts[G_N_ELEMENTS (list_statuses)] = { 0, };
  guint episodes = 0;
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, user->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      counts[status_rank (entry->pub.status)]++;
      episodes += entry->pub.num_episodes_watched;
    }

  g_string_append_printf (out,
                          ",\"anime_statistics\":{\"num_items_watching\":%u,"
                          "\"num_items_completed\":%u,\"num_items_on_hold\":%u,"
                          "\"num_items_dropped\":%u,\"num_items_plan_to_watch\":%u,"
                          "\"num_items\":%u,\"num_episodes\":%u}",
                          counts[0], counts[1], counts[2], counts[3], counts[4],
                          g_hash_table_size (user->entries), episodes);
}

static void
handle_user (KeikaFakeMal     *self,
             KeikaFakeContext *ctx,
             const char       *name)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *joined = NULL;
  GString *out;
  User *user;

  if (!authenticate (self, ctx, FALSE, &user))
    return;

  if (!g_str_equal (name, "@me"))
    {
      keika_fake_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "bad_request",
                              "only @me is supported");
      return;
    }

  fields = parse_fields (keika_fake_context_get_query (ctx, "fields"));
  joined = format_time (user->joined_at);
  out = g_string_new ("{\"id\":");
  g_string_append_printf (out, "%" G_GINT64_FORMAT ",\"name\":", user->id);
  keika_fake_json_string (out, user->name);
  g_string_append_printf (out, ",\"picture\":\"%s/images/userimages/%" G_GINT64_FORMAT ".jpg\"",
                          self->cdn_url, user->id);
  g_string_append (out, ",\"location\":\"\",\"joined_at\":");
  keika_fake_json_string (out, joined);
  if (g_hash_table_contains (fields, "anime_statistics"))
    write_statistics (out, user);
  g_string_append_c (out, '}');

  keika_fake_reply_json (ctx, SOUP_STATUS_OK, out);
}

/* API: lists */

static int
compare_ids (const Entry *a,
             const Entry *b)
{
  return (a->pub.anime_id > b->pub.anime_id) - (a->pub.anime_id < b->pub.anime_id);
}

static int
compare_updated (gconstpointer pa,
                 gconstpointer pb,
                 gpointer      user_data)
{
  const Entry *a = *(const Entry **) pa;
  const Entry *b = *(const Entry **) pb;

  if (a->pub.updated_at != b->pub.updated_at)
    return a->pub.updated_at > b->pub.updated_at ? -1 : 1;
  if (a->sequence != b->sequence)
    return a->sequence > b->sequence ? -1 : 1;

  return compare_ids (a, b);
}

static int
compare_score (gconstpointer pa,
               gconstpointer pb,
               gpointer      user_data)
{
  const Entry *a = *(const Entry **) pa;
  const Entry *b = *(const Entry **) pb;

  if (a->pub.score != b->pub.score)
    return a->pub.score > b->pub.score ? -1 : 1;

  return compare_ids (a, b);
}

static int
compare_title (gconstpointer pa,
               gconstpointer pb,
               gpointer      user_data)
{
  KeikaFakeMal *self = user_data;
  const Entry *a = *(const Entry **) pa;
  const Entry *b = *(const Entry **) pb;
  int cmp = g_strcmp0 (lookup_anime (self, a->pub.anime_id)->title,
                       lookup_anime (self, b->pub.anime_id)->title);

  return cmp != 0 ? cmp : compare_ids (a, b);
}

static int
compare_start_date (gconstpointer pa,
                    gconstpointer pb,
                    gpointer      user_data)
{
  KeikaFakeMal *self = user_data;
  const Entry *a = *(const Entry **) pa;
  const Entry *b = *(const Entry **) pb;
  int cmp = g_strcmp0 (lookup_anime (self, b->pub.anime_id)->start_date,
                       lookup_anime (self, a->pub.anime_id)->start_date);

  return cmp != 0 ? cmp : compare_ids (a, b);
}

static int
compare_anime_id (gconstpointer pa,
                  gconstpointer pb,
                  gpointer      user_data)
{
  return compare_ids (*(const Entry **) pa, *(const Entry **) pb);
}

static int
compare_default (gconstpointer pa,
                 gconstpointer pb,
                 gpointer      user_data)
{
  const Entry *a = *(const Entry **) pa;
  const Entry *b = *(const Entry **) pb;
  int ra = status_rank (a->pub.status);
  int rb = status_rank (b->pub.status);

  if (ra != rb)
    return ra - rb;

  return compare_title (pa, pb, user_data);
}

static gboolean
wants_nsfw (KeikaFakeContext *ctx)
{
  const char *nsfw = keika_fake_context_get_query (ctx, "nsfw");

  return g_strcmp0 (nsfw, "true") == 0 || g_strcmp0 (nsfw, "1") == 0;
}

/* Reads limit and offset; FALSE when the answer (400) is already set. */
static gboolean
get_window (KeikaFakeContext *ctx,
            guint             max_limit,
            guint            *limit,
            guint            *offset)
{
  const char *text;

  *limit = MIN (LIST_LIMIT_DEFAULT, max_limit);
  *offset = 0;

  text = keika_fake_context_get_query (ctx, "limit");
  if (text != NULL && (!parse_uint (text, max_limit, limit) || *limit == 0))
    {
      keika_fake_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "bad_request", "invalid limit");
      return FALSE;
    }

  text = keika_fake_context_get_query (ctx, "offset");
  if (text != NULL && !parse_uint (text, G_MAXINT, offset))
    {
      keika_fake_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "bad_request", "invalid offset");
      return FALSE;
    }

  return TRUE;
}

static void
handle_animelist (KeikaFakeMal     *self,
                  KeikaFakeContext *ctx,
                  const char       *name)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GCompareDataFunc compare = compare_default;
  const char *sort;
  const char *status;
  gboolean nsfw;
  gboolean with_status;
  Extras extras;
  guint limit, offset;
  GHashTableIter iter;
  Entry *entry;
  GString *out;
  User *me;
  User *user;

  if (!authenticate (self, ctx, !g_str_equal (name, "@me"), &me))
    return;

  user = g_str_equal (name, "@me") ? me : lookup_user (self, name);
  if (user == NULL)
    {
      keika_fake_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "not_found", "");
      return;
    }

  if (!get_window (ctx, LIST_LIMIT_MAX, &limit, &offset))
    return;

  sort = keika_fake_context_get_query (ctx, "sort");
  if (sort == NULL)
    compare = compare_default;
  else if (g_str_equal (sort, "list_updated_at"))
    compare = compare_updated;
  else if (g_str_equal (sort, "list_score"))
    compare = compare_score;
  else if (g_str_equal (sort, "anime_title"))
    compare = compare_title;
  else if (g_str_equal (sort, "anime_start_date"))
    compare = compare_start_date;
  else if (g_str_equal (sort, "anime_id"))
    compare = compare_anime_id;
  else
    {
      keika_fake_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "bad_request", "invalid sort");
      return;
    }

  status = keika_fake_context_get_query (ctx, "status");
  if (status != NULL && !is_list_status (status))
    {
      keika_fake_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "bad_request", "invalid status");
      return;
    }

  nsfw = wants_nsfw (ctx);
  entries = g_ptr_array_sized_new (g_hash_table_size (user->entries));
  g_hash_table_iter_init (&iter, user->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (status != NULL && !g_str_equal (status, entry->pub.status))
        continue;
      if (!nsfw && lookup_anime (self, entry->pub.anime_id)->nsfw)
        continue;
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort_with_data (entries, compare, self);

  fields = parse_fields (keika_fake_context_get_query (ctx, "fields"));
  with_status = g_hash_table_contains (fields, "list_status");
  extras = parse_extras (g_hash_table_lookup (fields, "list_status"));

  out = g_string_sized_new (256 + MIN (limit, entries->len) * 700);
  g_string_append (out, "{\"data\":[");
  for (guint i = offset; i < entries->len && i < (guint64) offset + limit; i++)
    {
      entry = g_ptr_array_index (entries, i);
      if (i > offset)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"node\":");
      write_node (self, out, lookup_anime (self, entry->pub.anime_id), fields, NULL);
      if (with_status)
        {
          g_string_append (out, ",\"list_status\":");
          write_list_status (out, entry, extras);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  write_paging (out, ctx, offset, limit, entries->len);
  g_string_append_c (out, '}');

  keika_fake_reply_json (ctx, SOUP_STATUS_OK, out);
}

/* API: anime */

static int
compare_anime (gconstpointer pa,
               gconstpointer pb)
{
  const Anime *a = *(const Anime **) pa;
  const Anime *b = *(const Anime **) pb;

  return (a->id > b->id) - (a->id < b->id);
}

static void
handle_search (KeikaFakeMal     *self,
               KeikaFakeContext *ctx)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *needle = NULL;
  const char *q;
  gboolean nsfw;
  guint limit, offset;
  GHashTableIter iter;
  Anime *anime;
  GString *out;
  User *user;

  if (!authenticate (self, ctx, TRUE, &user))
    return;

  q = keika_fake_context_get_query (ctx, "q");
  if (q == NULL || *q == '\0' || !g_utf8_validate (q, -1, NULL)
      || g_utf8_strlen (q, -1) > SEARCH_Q_MAX)
    {
      keika_fake_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "bad_request", "invalid q");
      return;
    }
  if (!get_window (ctx, SEARCH_LIMIT_MAX, &limit, &offset))
    return;

  needle = g_utf8_casefold (q, -1);
  nsfw = wants_nsfw (ctx);
  found = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->anime);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &anime))
    if ((nsfw || !anime->nsfw) && strstr (anime->search_key, needle) != NULL)
      g_ptr_array_add (found, anime);
  g_ptr_array_sort (found, compare_anime);

  fields = parse_fields (keika_fake_context_get_query (ctx, "fields"));
  out = g_string_new ("{\"data\":[");
  for (guint i = offset; i < found->len && i < (guint64) offset + limit; i++)
    {
      if (i > offset)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"node\":");
      write_node (self, out, g_ptr_array_index (found, i), fields, user);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  write_paging (out, ctx, offset, limit, found->len);
  g_string_append_c (out, '}');

  keika_fake_reply_json (ctx, SOUP_STATUS_OK, out);
}

static void
handle_anime (KeikaFakeMal     *self,
              KeikaFakeContext *ctx,
              gint64            id)
{
  g_autoptr(GHashTable) fields = NULL;
  Anime *anime;
  GString *out;
  User *user;

  if (!authenticate (self, ctx, TRUE, &user))
    return;

  anime = lookup_anime (self, id);
  if (anime == NULL)
    {
      keika_fake_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "not_found", "");
      return;
    }

  fields = parse_fields (keika_fake_context_get_query (ctx, "fields"));
  out = g_string_new (NULL);
  write_node (self, out, anime, fields, user);
  keika_fake_reply_json (ctx, SOUP_STATUS_OK, out);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static void
handle_update (KeikaFakeMal     *self,
               KeikaFakeContext *ctx,
               gint64            id)
{
  g_autoptr(GPtrArray) names = NULL;
  KeikaFakeMalEntry values = { 0, };
  const char *text;
  gboolean has_score = FALSE, has_episodes = FALSE, has_rewatching = FALSE;
  gboolean has_priority = FALSE, has_times = FALSE, has_value = FALSE;
  GHashTableIter iter;
  const char *name;
  Entry *entry;
  GString *out;
  User *user;

  if (!authenticate (self, ctx, FALSE, &user))
    return;

  if (lookup_anime (self, id) == NULL)
    {
      keika_fake_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "not_found", "");
      return;
    }

  if (!keika_fake_context_is_form (ctx) && g_bytes_get_size (ctx->request->body) > 0)
    {
      const char *type = keika_fake_context_get_header (ctx, "Content-Type");
      g_autofree char *what = g_strdup_printf ("(body of type %s)", type != NULL ? type : "none");

      keika_fake_context_ignore_field (ctx, what);
    }

  /* Unknown fields are ignored, as MAL does, and recorded. */
  names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, ctx->request->form);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    if (!g_strv_contains (write_fields, g_ptr_array_index (names, i)))
      keika_fake_context_ignore_field (ctx, g_ptr_array_index (names, i));

  /* Check everything before changing anything. */
#define INVALID(field) \
  G_STMT_START { \
    keika_fake_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "bad_request", "invalid " field); \
    return; \
  } G_STMT_END

  values.status = keika_fake_context_get_form (ctx, "status");
  if (values.status != NULL && !is_list_status (values.status))
    INVALID ("status");
  if ((text = keika_fake_context_get_form (ctx, "score")) != NULL
      && !(has_score = parse_uint (text, 10, &values.score)))
    INVALID ("score");
  if ((text = keika_fake_context_get_form (ctx, "num_watched_episodes")) != NULL
      && !(has_episodes = parse_uint (text, 100000, &values.num_episodes_watched)))
    INVALID ("num_watched_episodes");
  if ((text = keika_fake_context_get_form (ctx, "is_rewatching")) != NULL
      && !(has_rewatching = parse_bool (text, &values.is_rewatching)))
    INVALID ("is_rewatching");
  if ((text = keika_fake_context_get_form (ctx, "priority")) != NULL
      && !(has_priority = parse_uint (text, 2, &values.priority)))
    INVALID ("priority");
  if ((text = keika_fake_context_get_form (ctx, "num_times_rewatched")) != NULL
      && !(has_times = parse_uint (text, 100000, &values.num_times_rewatched)))
    INVALID ("num_times_rewatched");
  if ((text = keika_fake_context_get_form (ctx, "rewatch_value")) != NULL
      && !(has_value = parse_uint (text, 5, &values.rewatch_value)))
    INVALID ("rewatch_value");
  values.start_date = keika_fake_context_get_form (ctx, "start_date");
  if (values.start_date != NULL && *values.start_date != '\0' && !is_mal_date (values.start_date))
    INVALID ("start_date");
  values.finish_date = keika_fake_context_get_form (ctx, "finish_date");
  if (values.finish_date != NULL && *values.finish_date != '\0'
      && !is_mal_date (values.finish_date))
    INVALID ("finish_date");
#undef INVALID

  entry = g_hash_table_lookup (user->entries, &id);
  if (entry == NULL)
    {
      KeikaFakeMalEntry fresh = { .anime_id = id, .status = "plan_to_watch" };

      keika_fake_mal_add_entry (self, user->name, &fresh);
      entry = g_hash_table_lookup (user->entries, &id);
    }

  if (values.status != NULL)
    set_string (&entry->pub.status, values.status);
  if (has_score)
    entry->pub.score = values.score;
  if (has_episodes)
    entry->pub.num_episodes_watched = values.num_episodes_watched;
  if (has_rewatching)
    entry->pub.is_rewatching = values.is_rewatching;
  if (has_priority)
    entry->pub.priority = values.priority;
  if (has_times)
    entry->pub.num_times_rewatched = values.num_times_rewatched;
  if (has_value)
    entry->pub.rewatch_value = values.rewatch_value;
  if (values.start_date != NULL)
    set_string (&entry->pub.start_date, values.start_date);
  if (values.finish_date != NULL)
    set_string (&entry->pub.finish_date, values.finish_date);
  if ((text = keika_fake_context_get_form (ctx, "tags")) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, ",", -1);
      GPtrArray *tags = g_ptr_array_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        if (*g_strstrip (parts[i]) != '\0')
          g_ptr_array_add (tags, g_strdup (parts[i]));
      g_ptr_array_add (tags, NULL);
      g_strfreev ((char **) entry->pub.tags);
      entry->pub.tags = (const char * const *) g_ptr_array_free (tags, FALSE);
    }
  if ((text = keika_fake_context_get_form (ctx, "comments")) != NULL)
    set_string (&entry->pub.comments, text);
  entry_touch (self, entry, 0);

  out = g_string_new (NULL);
  write_list_status (out, entry, EXTRA_ALL);
  keika_fake_reply_json (ctx, SOUP_STATUS_OK, out);
}

static void
handle_delete (KeikaFakeMal     *self,
               KeikaFakeContext *ctx,
               gint64            id)
{
  User *user;

  if (!authenticate (self, ctx, FALSE, &user))
    return;

  if (!g_hash_table_remove (user->entries, &id))
    {
      keika_fake_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "not_found", "");
      return;
    }

  keika_fake_reply_json (ctx, SOUP_STATUS_OK, g_string_new ("[]"));
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;

  return TRUE;
}

static void
reply_method_not_allowed (KeikaFakeContext *ctx)
{
  keika_fake_reply_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", "");
}

static void
api_cb (gpointer          site,
        KeikaFakeContext *ctx)
{
  KeikaFakeMal *self = site;
  g_auto(GStrv) parts = g_strsplit (ctx->path + 1, "/", -1);
  guint n_parts = g_strv_length (parts);
  gboolean get = keika_fake_context_is_method (ctx, "GET");
  gint64 id;

  if (n_parts == 2 && g_str_equal (parts[0], "users"))
    {
      if (get)
        handle_user (self, ctx, parts[1]);
      else
        reply_method_not_allowed (ctx);
    }
  else if (n_parts == 3 && g_str_equal (parts[0], "users") && g_str_equal (parts[2], "animelist"))
    {
      if (get)
        handle_animelist (self, ctx, parts[1]);
      else
        reply_method_not_allowed (ctx);
    }
  else if (n_parts == 1 && g_str_equal (parts[0], "anime"))
    {
      if (get)
        handle_search (self, ctx);
      else
        reply_method_not_allowed (ctx);
    }
  else if (n_parts == 2 && g_str_equal (parts[0], "anime") && parse_id (parts[1], &id))
    {
      if (get)
        handle_anime (self, ctx, id);
      else
        reply_method_not_allowed (ctx);
    }
  else if (n_parts == 3 && g_str_equal (parts[0], "anime") && parse_id (parts[1], &id)
           && g_str_equal (parts[2], "my_list_status"))
    {
      /* MAL's own example uses PUT; both update. */
      if (keika_fake_context_is_method (ctx, "PATCH") || keika_fake_context_is_method (ctx, "PUT"))
        handle_update (self, ctx, id);
      else if (keika_fake_context_is_method (ctx, "DELETE"))
        handle_delete (self, ctx, id);
      else
        reply_method_not_allowed (ctx);
    }
  else
    keika_fake_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "not_found", "");
}

/* OAuth */

static void
reply_oauth_error (KeikaFakeContext *ctx,
                   guint             status,
                   const char       *error,
                   const char       *message,
                   const char       *hint)
{
  GString *out = g_string_new ("{\"error\":");

  keika_fake_json_string (out, error);
  g_string_append (out, ",\"message\":");
  keika_fake_json_string (out, message);
  if (hint != NULL)
    {
      g_string_append (out, ",\"hint\":");
      keika_fake_json_string (out, hint);
    }
  g_string_append_c (out, '}');
  keika_fake_reply_json (ctx, status, out);
}

static void
append_param (GString    *url,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;

  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_c (url, strchr (url->str, '?') != NULL ? '&' : '?');
  g_string_append (url, name);
  g_string_append_c (url, '=');
  g_string_append (url, escaped);
}

static gboolean
is_loopback_http (const char *uri_text)
{
  g_autoptr(GUri) uri = g_uri_parse (uri_text, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;

  host = g_uri_get_host (uri);

  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0
         || g_strcmp0 (host, "::1") == 0;
}

static void
redirect_error (KeikaFakeContext *ctx,
                const char       *redirect_uri,
                const char       *state,
                const char       *error,
                const char       *description)
{
  g_autoptr(GString) url = g_string_new (redirect_uri);

  append_param (url, "error", error);
  append_param (url, "error_description", description);
  append_param (url, "state", state);
  keika_fake_reply_redirect (ctx, url->str);
}

static void
handle_authorize (KeikaFakeMal     *self,
                  KeikaFakeContext *ctx)
{
  const char *client_id = keika_fake_context_get_query (ctx, "client_id");
  const char *redirect_uri = keika_fake_context_get_query (ctx, "redirect_uri");
  const char *state = keika_fake_context_get_query (ctx, "state");
  const char *response_type = keika_fake_context_get_query (ctx, "response_type");
  const char *challenge = keika_fake_context_get_query (ctx, "code_challenge");
  const char *method = keika_fake_context_get_query (ctx, "code_challenge_method");
  const char *target;
  g_autoptr(GString) url = NULL;
  g_autofree char *code_text = NULL;
  Code *code;
  User *user;

  remember_secret (self, challenge);

  if (!keika_fake_context_is_method (ctx, "GET"))
    {
      keika_fake_reply_html (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED, "Error", "Method not allowed.");
      return;
    }

  /* Nothing is redirected until the client and its redirect URI are known. */
  if (client_id == NULL || *client_id == '\0'
      || (self->client_id != NULL && !g_str_equal (client_id, self->client_id)))
    {
      keika_fake_reply_html (ctx, SOUP_STATUS_BAD_REQUEST, "Error",
                             "invalid_client: Client authentication failed.");
      return;
    }

  if (self->redirect_uri != NULL)
    {
      if (redirect_uri != NULL && !g_str_equal (redirect_uri, self->redirect_uri))
        {
          keika_fake_reply_html (ctx, SOUP_STATUS_BAD_REQUEST, "Error",
                                 "invalid_client: the redirect URI is not registered.");
          return;
        }
      target = self->redirect_uri;
    }
  else if (redirect_uri == NULL || !is_loopback_http (redirect_uri))
    {
      keika_fake_reply_html (ctx, SOUP_STATUS_BAD_REQUEST, "Error",
                             "invalid_request: a loopback redirect_uri is required.");
      return;
    }
  else
    target = redirect_uri;

  if (g_strcmp0 (response_type, "code") != 0)
    {
      redirect_error (ctx, target, state, "unsupported_response_type",
                      "The authorization server does not support obtaining an authorization "
                      "code using this method.");
      return;
    }
  if (method != NULL && !g_str_equal (method, "plain"))
    {
      redirect_error (ctx, target, state, "invalid_request",
                      "Code challenge method must be `plain`");
      return;
    }
  if (!is_pkce_text (challenge))
    {
      redirect_error (ctx, target, state, "invalid_request",
                      "Code challenge must follow the specifications of RFC-7636.");
      return;
    }

  url = g_string_new (target);
  switch (self->authorize_answer)
    {
    case KEIKA_FAKE_MAL_AUTHORIZE_DENY:
      redirect_error (ctx, target, state, "access_denied",
                      "The resource owner or authorization server denied the request.");
      return;

    case KEIKA_FAKE_MAL_AUTHORIZE_NO_CODE:
      append_param (url, "state", state);
      keika_fake_reply_redirect (ctx, url->str);
      return;

    case KEIKA_FAKE_MAL_AUTHORIZE_APPROVE:
    case KEIKA_FAKE_MAL_AUTHORIZE_WRONG_STATE:
    case KEIKA_FAKE_MAL_AUTHORIZE_NO_STATE:
      break;

    default:
      g_assert_not_reached ();
    }

  if (self->browser_user != NULL)
    user = ensure_user (self, self->browser_user);
  else
    {
      GHashTableIter iter;
      User *u;

      /* The first user added, else a new one. */
      user = NULL;
      g_hash_table_iter_init (&iter, self->users);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &u))
        if (user == NULL || u->id < user->id)
          user = u;
      if (user == NULL)
        user = ensure_user (self, DEFAULT_USER);
    }

  code_text = keika_fake_random_token (32);
  remember_secret (self, code_text);
  code = g_new0 (Code, 1);
  code->client_id = g_strdup (client_id);
  code->redirect_uri = g_strdup (redirect_uri);
  code->challenge = g_strdup (challenge);
  code->user = user_key (user->name);
  code->expires = g_get_monotonic_time () + CODE_LIFETIME_S * G_USEC_PER_SEC;
  g_hash_table_insert (self->codes, g_strdup (code_text), code);

  append_param (url, "code", code_text);
  if (self->authorize_answer == KEIKA_FAKE_MAL_AUTHORIZE_WRONG_STATE)
    {
      g_autofree char *other = keika_fake_random_token (16);

      append_param (url, "state", other);
    }
  else if (self->authorize_answer == KEIKA_FAKE_MAL_AUTHORIZE_APPROVE)
    append_param (url, "state", state);
  keika_fake_reply_redirect (ctx, url->str);
}

static void
issue_tokens (KeikaFakeMal  *self,
              const char    *key,
              char         **access_out,
              char         **refresh_out)
{
  g_autofree char *access = keika_fake_random_token (48);
  g_autofree char *refresh = keika_fake_random_token (48);
  gint64 now = g_get_monotonic_time ();
  Token *token;

  remember_secret (self, access);
  remember_secret (self, refresh);

  token = g_new0 (Token, 1);
  token->user = g_strdup (key);
  token->expires = now + (gint64) self->access_lifetime * G_USEC_PER_SEC;
  g_hash_table_insert (self->access_tokens, g_strdup (access), token);

  token = g_new0 (Token, 1);
  token->user = g_strdup (key);
  token->expires = now + (gint64) self->refresh_lifetime * G_USEC_PER_SEC;
  token->access_token = g_strdup (access);
  g_hash_table_insert (self->refresh_tokens, g_strdup (refresh), token);

  *access_out = g_steal_pointer (&access);
  *refresh_out = g_steal_pointer (&refresh);
}

static void
reply_tokens (KeikaFakeMal     *self,
              KeikaFakeContext *ctx,
              const char       *key)
{
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  GString *out;

  issue_tokens (self, key, &access, &refresh);
  out = g_string_new ("{\"token_type\":\"Bearer\"");
  g_string_append_printf (out, ",\"expires_in\":%u,\"access_token\":", self->access_lifetime);
  keika_fake_json_string (out, access);
  g_string_append (out, ",\"refresh_token\":");
  keika_fake_json_string (out, refresh);
  g_string_append_c (out, '}');
  keika_fake_reply_json (ctx, SOUP_STATUS_OK, out);
}

static void
handle_token (KeikaFakeMal     *self,
              KeikaFakeContext *ctx)
{
  static const char * const known[] = {
    "client_id", "code", "code_verifier", "grant_type", "redirect_uri", "refresh_token", NULL
  };
  const char *grant_type = keika_fake_context_get_form (ctx, "grant_type");
  const char *client_id = keika_fake_context_get_form (ctx, "client_id");
  GHashTableIter iter;
  const char *name;

  if (!keika_fake_context_is_method (ctx, "POST"))
    {
      reply_method_not_allowed (ctx);
      return;
    }
  if (!keika_fake_context_is_form (ctx))
    {
      reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                         "The request is missing a required parameter, includes an invalid "
                         "parameter value, includes a parameter more than once, or is otherwise "
                         "malformed.", "Check the `grant_type` parameter");
      return;
    }

  /* A public client sends no secret; anything unknown is recorded. */
  g_hash_table_iter_init (&iter, ctx->request->form);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (!g_strv_contains (known, name))
      keika_fake_context_ignore_field (ctx, name);

  remember_secret (self, keika_fake_context_get_form (ctx, "code"));
  remember_secret (self, keika_fake_context_get_form (ctx, "code_verifier"));
  remember_secret (self, keika_fake_context_get_form (ctx, "refresh_token"));

  if (grant_type == NULL)
    {
      reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                         "The request is missing a required parameter.",
                         "Check the `grant_type` parameter");
      return;
    }
  if (!g_str_equal (grant_type, "authorization_code") && !g_str_equal (grant_type, "refresh_token"))
    {
      reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                         "The authorization grant type is not supported by the authorization "
                         "server.", "Check that all required parameters have been provided");
      return;
    }
  if (client_id == NULL)
    {
      reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                         "The request is missing a required parameter.",
                         "Check the `client_id` parameter");
      return;
    }
  if (*client_id == '\0' || (self->client_id != NULL && !g_str_equal (client_id, self->client_id)))
    {
      reply_oauth_error (ctx, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                         "Client authentication failed", NULL);
      return;
    }

  if (g_str_equal (grant_type, "authorization_code"))
    {
      const char *code_text = keika_fake_context_get_form (ctx, "code");
      const char *redirect_uri = keika_fake_context_get_form (ctx, "redirect_uri");
      const char *verifier = keika_fake_context_get_form (ctx, "code_verifier");
      Code *code = code_text != NULL ? g_hash_table_lookup (self->codes, code_text) : NULL;

      if (code_text == NULL)
        reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "The request is missing a required parameter.",
                           "Check the `code` parameter");
      else if (code == NULL)
        reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "The request is missing a required parameter.",
                           "Cannot decrypt the authorization code");
      else if (code->used)
        reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "The request is missing a required parameter.",
                           "Authorization code has been revoked");
      else if (g_get_monotonic_time () >= code->expires)
        reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "The request is missing a required parameter.",
                           "Authorization code has expired");
      else if (!g_str_equal (code->client_id, client_id))
        reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "The request is missing a required parameter.",
                           "Authorization code was not issued to this client");
      else if (code->redirect_uri != NULL && g_strcmp0 (code->redirect_uri, redirect_uri) != 0)
        reply_oauth_error (ctx, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                           "Client authentication failed", "Invalid redirect URI");
      else if (verifier == NULL)
        reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "The request is missing a required parameter.",
                           "Check the `code_verifier` parameter");
      else if (!is_pkce_text (verifier))
        reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "Code Verifier must follow the specifications of RFC-7636.", NULL);
      else if (!g_str_equal (verifier, code->challenge))
        reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                           "Failed to verify `code_verifier`.", NULL);
      else
        {
          code->used = TRUE;
          reply_tokens (self, ctx, code->user);
        }
    }
  else
    {
      const char *refresh = keika_fake_context_get_form (ctx, "refresh_token");
      Token *token = refresh != NULL ? g_hash_table_lookup (self->refresh_tokens, refresh) : NULL;

      if (refresh == NULL)
        reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "The request is missing a required parameter.",
                           "Check the `refresh_token` parameter");
      else if (!token_is_valid (token))
        reply_oauth_error (ctx, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "The refresh token is invalid.",
                           token == NULL ? "Token has been revoked" : "Token has expired");
      else
        {
          g_autofree char *key = g_strdup (token->user);

          /* The old pair is revoked. */
          g_hash_table_remove (self->access_tokens, token->access_token);
          g_hash_table_remove (self->refresh_tokens, refresh);
          reply_tokens (self, ctx, key);
        }
    }
}

static void
auth_cb (gpointer          site,
         KeikaFakeContext *ctx)
{
  KeikaFakeMal *self = site;

  if (g_str_equal (ctx->path, "/authorize"))
    handle_authorize (self, ctx);
  else if (g_str_equal (ctx->path, "/token"))
    handle_token (self, ctx);
  else
    keika_fake_reply_html (ctx, SOUP_STATUS_NOT_FOUND, "404 Not Found",
                           "This page does not exist.");
}

static void
cdn_cb (gpointer          site,
        KeikaFakeContext *ctx)
{
  g_autoptr(GBytes) body = NULL;

  if (!g_str_has_prefix (ctx->path, "/images/") || !g_str_has_suffix (ctx->path, ".jpg"))
    {
      keika_fake_reply_html (ctx, SOUP_STATUS_NOT_FOUND, "404 Not Found", "Not found.");
      return;
    }

  body = g_bytes_new_static (cover_jpeg, sizeof cover_jpeg);
  keika_fake_reply (ctx, SOUP_STATUS_OK, "image/jpeg", body);
}

/* The built-in catalogue */

static void
add_catalogue (KeikaFakeMal *self)
{
  static const char * const fma_synonyms[] = {
    "Hagane no Renkinjutsushi: Fullmetal Alchemist", "Fullmetal Alchemist (2009)", "FMA", "FMAB",
    NULL
  };
  static const char * const monogatari_synonyms[] = {
    "Nekomonogatari: Shiro", "Kabukimonogatari", "Otorimonogatari", "Onimonogatari",
    "Koimonogatari", NULL
  };
  const KeikaFakeMalAnime catalogue[] = {
    { .id = 1, .title = "Cowboy Bebop", .title_en = "Cowboy Bebop",
      .title_ja = "カウボーイビバップ", .num_episodes = 26, .start_year = 1998,
      .start_season = "spring", .start_date = "1998-04-03", .end_date = "1999-04-24" },
    { .id = 21, .title = "One Piece", .title_en = "One Piece", .title_ja = "ONE PIECE",
      .status = "currently_airing", .start_year = 1999, .start_season = "fall",
      .start_date = "1999-10-20" },
    { .id = 199, .title = "Sen to Chihiro no Kamikakushi", .title_en = "Spirited Away",
      .title_ja = "千と千尋の神隠し", .media_type = "movie", .num_episodes = 1,
      .start_year = 2001, .start_season = "summer", .start_date = "2001-07-20",
      .end_date = "2001-07-20" },
    { .id = 1535, .title = "Death Note", .title_en = "Death Note", .title_ja = "デスノート",
      .num_episodes = 37, .start_year = 2006, .start_season = "fall",
      .start_date = "2006-10-04", .end_date = "2007-06-27" },
    { .id = 5114, .title = "Fullmetal Alchemist: Brotherhood", .synonyms = fma_synonyms,
      .title_en = "Fullmetal Alchemist: Brotherhood",
      .title_ja = "鋼の錬金術師 FULLMETAL ALCHEMIST", .num_episodes = 64,
      .start_year = 2009, .start_season = "spring", .start_date = "2009-04-05",
      .end_date = "2010-07-04" },
    { .id = 9253, .title = "Steins;Gate", .title_en = "Steins;Gate", .title_ja = "STEINS;GATE",
      .num_episodes = 24, .start_year = 2011, .start_season = "spring",
      .start_date = "2011-04-06", .end_date = "2011-09-14" },
    { .id = 16498, .title = "Shingeki no Kyojin", .title_en = "Attack on Titan",
      .title_ja = "進撃の巨人", .num_episodes = 25, .start_year = 2013,
      .start_season = "spring", .start_date = "2013-04-07", .end_date = "2013-09-29" },
    { .id = 17074, .title = "Monogatari Series: Second Season", .synonyms = monogatari_synonyms,
      .title_ja = "〈物語〉シリーズ セカンドシーズン", .num_episodes = 26,
      .start_year = 2013, .start_season = "summer", .start_date = "2013-07-07",
      .end_date = "2013-12-29" },
    { .id = 30230, .title = "Diamond no Ace: Second Season",
      .title_en = "Ace of Diamond: Second Season", .title_ja = "ダイヤのA -SECOND SEASON-",
      .num_episodes = 51, .start_year = 2015, .start_season = "spring",
      .start_date = "2015-04-06", .end_date = "2016-03-28" },
    { .id = 32281, .title = "Kimi no Na wa.", .title_en = "Your Name.", .title_ja = "君の名は。",
      .media_type = "movie", .num_episodes = 1, .start_year = 2016, .start_season = "summer",
      .start_date = "2016-08-26", .end_date = "2016-08-26" },
    { .id = 52991, .title = "Sousou no Frieren", .title_en = "Frieren: Beyond Journey's End",
      .title_ja = "葬送のフリーレン", .num_episodes = 28, .start_year = 2023,
      .start_season = "fall", .start_date = "2023-09-29", .end_date = "2024-03-22" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (catalogue); i++)
    keika_fake_mal_add_anime (self, &catalogue[i]);
}

/* GObject */

static void
keika_fake_mal_finalize (GObject *object)
{
  KeikaFakeMal *self = (KeikaFakeMal *)object;

  g_clear_pointer (&self->anime, g_hash_table_unref);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->access_tokens, g_hash_table_unref);
  g_clear_pointer (&self->refresh_tokens, g_hash_table_unref);
  g_clear_pointer (&self->secrets, g_ptr_array_unref);
  g_free (self->client_id);
  g_free (self->redirect_uri);
  g_free (self->browser_user);

  G_OBJECT_CLASS (keika_fake_mal_parent_class)->finalize (object);
}

static void
keika_fake_mal_class_init (KeikaFakeMalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keika_fake_mal_finalize;
}

static void
keika_fake_mal_init (KeikaFakeMal *self)
{
  self->anime = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) anime_free);
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) user_free);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) code_free);
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) token_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) token_free);
  self->secrets = g_ptr_array_new_with_free_func (g_free);
  self->client_id = g_strdup (KEIKA_FAKE_MAL_CLIENT_ID);
  self->access_lifetime = 3600;
  self->refresh_lifetime = 31 * 24 * 3600;
}

KeikaFakeMal *
keika_fake_mal_new (KeikaFakeSites *sites)
{
  KeikaFakeMal *self = g_object_new (KEIKA_TYPE_FAKE_MAL, NULL);

  self->sites = sites;
  keika_fake_sites_add_endpoint (sites, "mal", "mal-api", "/mal/api/v2",
                                 "KEIKA_MAL_API_URL", api_cb, self);
  keika_fake_sites_add_endpoint (sites, "mal", "mal-auth", "/mal/oauth2",
                                 "KEIKA_MAL_AUTH_URL", auth_cb, self);
  keika_fake_sites_add_endpoint (sites, "mal", "mal-cdn", "/mal/cdn", NULL, cdn_cb, self);
  self->cdn_url = keika_fake_sites_get_url (sites, "mal-cdn");
  add_catalogue (self);

  return self;
}

/* Public: users and the catalogue */

/**
 * keika_fake_mal_add_user:
 * @name: a user name (unique, compared without case)
 *
 * Returns: the id of the user, new or already there
 */
gint64
keika_fake_mal_add_user (KeikaFakeMal *self,
                         const char   *name)
{
  g_autofree char *key = NULL;
  User *user;

  g_return_val_if_fail (KEIKA_IS_FAKE_MAL (self), 0);
  g_return_val_if_fail (name != NULL && *name != '\0', 0);

  key = user_key (name);
  user = g_hash_table_lookup (self->users, key);
  if (user != NULL)
    return user->id;

  user = g_new0 (User, 1);
  user->id = 1000 + ++self->last_user_id;
  user->name = g_strdup (name);
  user->joined_at = 1420070400 + user->id * 86400;  /* 2015 on */
  user->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                         (GDestroyNotify) entry_free);
  g_hash_table_insert (self->users, g_steal_pointer (&key), user);

  return user->id;
}

/* The id of a user, or 0. */
gint64
keika_fake_mal_get_user_id (KeikaFakeMal *self,
                            const char   *name)
{
  User *user;

  g_return_val_if_fail (KEIKA_IS_FAKE_MAL (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  user = lookup_user (self, name);

  return user != NULL ? user->id : 0;
}

/* Adds an anime to the catalogue, or replaces the one with its id. */
void
keika_fake_mal_add_anime (KeikaFakeMal            *self,
                          const KeikaFakeMalAnime *anime)
{
  g_autoptr(GString) key = NULL;
  Anime *a;

  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));
  g_return_if_fail (anime != NULL && anime->id > 0 && anime->title != NULL);

  a = g_new0 (Anime, 1);
  a->id = anime->id;
  a->title = g_strdup (anime->title);
  a->synonyms = anime->synonyms != NULL ? g_strdupv ((char **) anime->synonyms)
                                         : g_new0 (char *, 1);
  a->title_en = g_strdup (anime->title_en != NULL ? anime->title_en : "");
  a->title_ja = g_strdup (anime->title_ja != NULL ? anime->title_ja : "");
  a->media_type = g_strdup (anime->media_type != NULL ? anime->media_type : "tv");
  a->status = g_strdup (anime->status != NULL ? anime->status : "finished_airing");
  a->num_episodes = anime->num_episodes;
  a->start_year = anime->start_year;
  a->start_season = g_strdup (anime->start_season != NULL ? anime->start_season : "winter");
  a->start_date = g_strdup (anime->start_date);
  a->end_date = g_strdup (anime->end_date);
  a->nsfw = anime->nsfw;

  key = g_string_new (NULL);
  g_string_append_printf (key, "%s\n%s\n%s\n", a->title, a->title_en, a->title_ja);
  for (guint i = 0; a->synonyms[i] != NULL; i++)
    g_string_append_printf (key, "%s\n", a->synonyms[i]);
  a->search_key = g_utf8_casefold (key->str, -1);

  g_hash_table_replace (self->anime, &a->id, a);
}

gboolean
keika_fake_mal_has_anime (KeikaFakeMal *self,
                          gint64        anime_id)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_MAL (self), FALSE);

  return lookup_anime (self, anime_id) != NULL;
}

/**
 * keika_fake_mal_remove_anime:
 *
 * Removes an anime from the catalogue and from every user's list, as when
 * MyAnimeList deletes one from its database: a request about it (GET
 * /anime/ID, PATCH or DELETE …/my_list_status) then answers 404.
 *
 * Returns: whether the catalogue had it
 */
gboolean
keika_fake_mal_remove_anime (KeikaFakeMal *self,
                             gint64        anime_id)
{
  GHashTableIter iter;
  User *user;

  g_return_val_if_fail (KEIKA_IS_FAKE_MAL (self), FALSE);

  if (lookup_anime (self, anime_id) == NULL)
    return FALSE;

  /* Entries first: no list is ever left with an anime not in the catalogue. */
  g_hash_table_iter_init (&iter, self->users);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &user))
    g_hash_table_remove (user->entries, &anime_id);
  g_hash_table_remove (self->anime, &anime_id);

  return TRUE;
}

/**
 * keika_fake_mal_add_entry:
 * @user: a user name; the user is created if needed
 * @entry: the entry; its anime is added to the catalogue as "Anime ID" if missing
 *
 * Adds an entry to the list of @user, or replaces the one of the same anime.
 */
void
keika_fake_mal_add_entry (KeikaFakeMal            *self,
                          const char              *user,
                          const KeikaFakeMalEntry *entry)
{
  User *u;
  Entry *e;

  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (entry != NULL && entry->anime_id > 0);
  g_return_if_fail (entry->status == NULL || is_list_status (entry->status));

  if (lookup_anime (self, entry->anime_id) == NULL)
    {
      g_autofree char *title = g_strdup_printf ("Anime %" G_GINT64_FORMAT, entry->anime_id);
      KeikaFakeMalAnime anime = { .id = entry->anime_id, .title = title, .num_episodes = 12 };

      keika_fake_mal_add_anime (self, &anime);
    }

  u = ensure_user (self, user);
  e = g_new0 (Entry, 1);
  e->pub = *entry;
  e->pub.status = g_strdup (entry->status != NULL ? entry->status : "plan_to_watch");
  e->pub.start_date = NULL;
  e->pub.finish_date = NULL;
  e->pub.comments = NULL;
  set_string (&e->pub.start_date, entry->start_date);
  set_string (&e->pub.finish_date, entry->finish_date);
  set_string (&e->pub.comments, entry->comments);
  e->pub.tags = (const char * const *) (entry->tags != NULL ? g_strdupv ((char **) entry->tags)
                                                            : g_new0 (char *, 1));
  entry_touch (self, e, entry->updated_at);
  g_hash_table_replace (u->entries, &e->pub.anime_id, e);
}

/**
 * keika_fake_mal_lookup_entry:
 *
 * Returns: (transfer none) (nullable): the entry as the fake holds it, valid
 *   until the next change to the list
 */
const KeikaFakeMalEntry *
keika_fake_mal_lookup_entry (KeikaFakeMal *self,
                             const char   *user,
                             gint64        anime_id)
{
  User *u;
  Entry *e;

  g_return_val_if_fail (KEIKA_IS_FAKE_MAL (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  u = lookup_user (self, user);
  if (u == NULL)
    return NULL;
  e = g_hash_table_lookup (u->entries, &anime_id);

  return e != NULL ? &e->pub : NULL;
}

gboolean
keika_fake_mal_remove_entry (KeikaFakeMal *self,
                             const char   *user,
                             gint64        anime_id)
{
  User *u;

  g_return_val_if_fail (KEIKA_IS_FAKE_MAL (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  u = lookup_user (self, user);

  return u != NULL && g_hash_table_remove (u->entries, &anime_id);
}

guint
keika_fake_mal_get_n_entries (KeikaFakeMal *self,
                              const char   *user)
{
  User *u;

  g_return_val_if_fail (KEIKA_IS_FAKE_MAL (self), 0);
  g_return_val_if_fail (user != NULL, 0);

  u = lookup_user (self, user);

  return u != NULL ? g_hash_table_size (u->entries) : 0;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const KeikaFakeMalEntry *x = *(const KeikaFakeMalEntry * const *) a;
  const KeikaFakeMalEntry *y = *(const KeikaFakeMalEntry * const *) b;

  return (x->anime_id > y->anime_id) - (x->anime_id < y->anime_id);
}

/**
 * keika_fake_mal_get_entries:
 *
 * Returns: (transfer container) (element-type KeikaFakeMalEntry) (nullable):
 *   the live entries of @user's list by anime id (read-only, valid until the
 *   next change), or NULL when there is no such user
 */
GPtrArray *
keika_fake_mal_get_entries (KeikaFakeMal *self,
                            const char   *user)
{
  GPtrArray *entries;
  GHashTableIter iter;
  gpointer value;
  User *u;

  g_return_val_if_fail (KEIKA_IS_FAKE_MAL (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  u = lookup_user (self, user);
  if (u == NULL)
    return NULL;

  entries = g_ptr_array_sized_new (g_hash_table_size (u->entries));
  g_hash_table_iter_init (&iter, u->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (entries, &((Entry *) value)->pub);
  g_ptr_array_sort (entries, compare_entries);

  return entries;
}

/* A few entries from the built-in catalogue, for a person trying the program. */
void
keika_fake_mal_add_sample_entries (KeikaFakeMal *self,
                                   const char   *user)
{
  static const char * const tags[] = { "favourites", "rewatch later", NULL };
  const KeikaFakeMalEntry entries[] = {
    { .anime_id = 1, .status = "completed", .score = 9, .num_episodes_watched = 26,
      .start_date = "2019-01-05", .finish_date = "2019-02-10", .tags = tags,
      .comments = "See you, space cowboy…", .updated_at = 1549800000 },
    { .anime_id = 5114, .status = "watching", .score = 10, .num_episodes_watched = 20,
      .start_date = "2024-03", .updated_at = 1712000000 },
    { .anime_id = 16498, .status = "on_hold", .num_episodes_watched = 5,
      .updated_at = 1690000000 },
    { .anime_id = 1535, .status = "dropped", .score = 4, .num_episodes_watched = 12,
      .priority = 1, .updated_at = 1600000000 },
    { .anime_id = 52991, .status = "plan_to_watch", .priority = 2, .updated_at = 1720000000 },
    { .anime_id = 199, .status = "completed", .score = 8, .num_episodes_watched = 1,
      .num_times_rewatched = 2, .rewatch_value = 4, .finish_date = "2001",
      .updated_at = 1500000000 },
  };

  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));
  g_return_if_fail (user != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    keika_fake_mal_add_entry (self, user, &entries[i]);
}

#define GENERATED_ID_BASE 100000

static char *
make_date (GRand *rand,
           int    year)
{
  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      return g_strdup_printf ("%d", year);
    case 1:
      return g_strdup_printf ("%d-%02d", year, g_rand_int_range (rand, 1, 13));
    default:
      return g_strdup_printf ("%d-%02d-%02d", year, g_rand_int_range (rand, 1, 13),
                              g_rand_int_range (rand, 1, 29));
    }
}

static void
generate_anime (KeikaFakeMal *self,
                GRand        *rand,
                gint64        id,
                guint         index)
{
  static const char * const romaji[] = {
    "Kōkaku", "Shōjo", "Yūsha", "Mahō", "Tenshi", "Kyōkai", "Sekai", "Hoshi", "Sōsō",
    "Kimi", "Tōkyō", "Ryū", "Kaijū", "Gakuen", "Monogatari", "Densetsu",
  };
  static const char * const kana[] = {
    "攻殻", "少女", "勇者", "魔法", "天使", "境界", "世界", "星", "葬送", "君", "東京", "竜",
    "怪獣", "学園", "物語", "伝説",
  };
  static const char * const english[] = {
    "Ghost", "Girl", "Hero", "Magic", "Angel", "Boundary", "World", "Star", "Farewell",
    "You", "Tokyo", "Dragon", "Kaiju", "Academy", "Story", "Legend",
  };
  static const char * const media[] = { "tv", "tv", "tv", "ova", "movie", "ona", "special" };
  static const char * const seasons[] = { "winter", "spring", "summer", "fall" };
  int a = g_rand_int_range (rand, 0, G_N_ELEMENTS (romaji));
  int b = g_rand_int_range (rand, 0, G_N_ELEMENTS (romaji));
  int year = g_rand_int_range (rand, 1970, 2026);
  g_autofree char *title = NULL;
  g_autofree char *title_en = NULL;
  g_autofree char *title_ja = NULL;
  g_autofree char *synonym = NULL;
  g_autofree char *start = NULL;
  const char *synonyms[2] = { NULL, NULL };
  KeikaFakeMalAnime anime = { 0, };

  /* Some titles need escaping in JSON. */
  if (index % 50 == 7)
    title = g_strdup_printf ("%s \"%s\" \\ %u", romaji[a], romaji[b], index);
  else
    title = g_strdup_printf ("%s no %s %u", romaji[a], romaji[b], index);
  title_en = g_strdup_printf ("The %s of the %s: Édition %u", english[b], english[a], index);
  title_ja = g_strdup_printf ("%sの%s 第%u期", kana[a], kana[b], index);
  if (index % 3 == 0)
    {
      synonym = g_strdup_printf ("%s%s ✦ %u", romaji[b], romaji[a], index);
      synonyms[0] = synonym;
    }
  start = g_strdup_printf ("%d-%02d-%02d", year, g_rand_int_range (rand, 1, 13),
                           g_rand_int_range (rand, 1, 29));

  anime.id = id;
  anime.title = title;
  anime.synonyms = synonyms;
  anime.title_en = title_en;
  anime.title_ja = title_ja;
  anime.media_type = media[g_rand_int_range (rand, 0, G_N_ELEMENTS (media))];
  anime.status = year >= 2025 ? "currently_airing" : "finished_airing";
  anime.num_episodes = anime.media_type[0] == 'm' ? 1 : g_rand_int_range (rand, 0, 64);
  anime.start_year = year;
  anime.start_season = seasons[g_rand_int_range (rand, 0, 4)];
  anime.start_date = start;
  anime.nsfw = index % 97 == 42;
  keika_fake_mal_add_anime (self, &anime);
}

/**
 * keika_fake_mal_generate_entries:
 * @user: a user name; the user is created if needed
 * @n_entries: how many entries
 * @seed: the seed of the generator
 *
 * Adds @n_entries entries, the same for the same @seed, with anime ids from
 * 100000 up (added to the catalogue with non-ASCII titles if missing), all
 * the list fields used, distinct updated_at times (2024 on, one to two hours
 * apart, the highest index newest), and about 600 bytes of JSON each in a
 * list page with every field requested. About one in a hundred is nsfw.
 */
void
keika_fake_mal_generate_entries (KeikaFakeMal *self,
                                 const char   *user,
                                 guint         n_entries,
                                 guint32       seed)
{
  static const char * const tag_words[] = { "favourite", "rewatch", "shōnen", "with friends" };
  g_autoptr(GRand) rand = NULL;
  User *u;

  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));
  g_return_if_fail (user != NULL);

  u = ensure_user (self, user);
  rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n_entries; i++)
    {
      gint64 id = GENERATED_ID_BASE + i;
      g_autofree char *start = NULL;
      g_autofree char *finish = NULL;
      g_autofree char *comments = NULL;
      const char *tags[3] = { NULL, NULL, NULL };
      KeikaFakeMalEntry entry = { 0, };
      const Anime *anime;
      int roll;

      if (lookup_anime (self, id) == NULL)
        generate_anime (self, rand, id, i);
      anime = lookup_anime (self, id);

      entry.anime_id = id;
      roll = g_rand_int_range (rand, 0, 100);
      entry.status = roll < 15 ? "watching" : roll < 65 ? "completed" : roll < 72 ? "on_hold"
                     : roll < 80 ? "dropped" : "plan_to_watch";
      if (g_str_equal (entry.status, "completed"))
        entry.num_episodes_watched = anime->num_episodes;
      else if (!g_str_equal (entry.status, "plan_to_watch"))
        entry.num_episodes_watched = anime->num_episodes > 0
                                     ? (guint) g_rand_int_range (rand, 0, anime->num_episodes)
                                     : (guint) g_rand_int_range (rand, 0, 300);
      entry.score = g_str_equal (entry.status, "plan_to_watch") ? 0
                    : g_rand_int_range (rand, 0, 11);
      entry.is_rewatching = g_str_equal (entry.status, "watching")
                            && g_rand_int_range (rand, 0, 10) == 0;
      if (!g_str_equal (entry.status, "plan_to_watch"))
        {
          int year = g_rand_int_range (rand, 2005, 2025);

          start = make_date (rand, year);
          if (g_str_equal (entry.status, "completed"))
            finish = make_date (rand, year + 1);
        }
      entry.start_date = start;
      entry.finish_date = finish;
      entry.priority = g_rand_int_range (rand, 0, 3);
      entry.num_times_rewatched = g_rand_int_range (rand, 0, 8) == 0
                                  ? g_rand_int_range (rand, 1, 4) : 0;
      entry.rewatch_value = g_rand_int_range (rand, 0, 6);
      if (i % 4 == 0)
        {
          tags[0] = tag_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (tag_words))];
          if (i % 8 == 0)
            tags[1] = tag_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (tag_words))];
        }
      entry.tags = tags;
      if (i % 5 == 0)
        comments = g_strdup_printf ("Watched with “friends” — episode %u was\n\"great\" ★",
                                    entry.num_episodes_watched);
      entry.comments = comments;
      entry.updated_at = 1704067200 + (gint64) i * 3600 + g_rand_int_range (rand, 0, 3600);

      keika_fake_mal_add_entry (self, u->name, &entry);
    }
}

/* Public: OAuth */

/* The client id the fake accepts; NULL accepts any non-empty one. */
void
keika_fake_mal_set_client_id (KeikaFakeMal *self,
                              const char   *client_id)
{
  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));

  g_free (self->client_id);
  self->client_id = g_strdup (client_id);
}

const char *
keika_fake_mal_get_client_id (KeikaFakeMal *self)
{
  g_return_val_if_fail (KEIKA_IS_FAKE_MAL (self), NULL);

  return self->client_id;
}

/* The registered redirect URI; NULL (the default) accepts any loopback http URI. */
void
keika_fake_mal_set_redirect_uri (KeikaFakeMal *self,
                                 const char   *redirect_uri)
{
  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));

  g_free (self->redirect_uri);
  self->redirect_uri = g_strdup (redirect_uri);
}

/* The user signed in to the "browser" at authorize; by default the first user
 * added, or a new "KeikaTester". */
void
keika_fake_mal_set_browser_user (KeikaFakeMal *self,
                                 const char   *user)
{
  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));

  g_free (self->browser_user);
  self->browser_user = g_strdup (user);
}

void
keika_fake_mal_set_authorize_answer (KeikaFakeMal          *self,
                                     KeikaFakeMalAuthorize  answer)
{
  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));

  self->authorize_answer = answer;
}

/* Lifetimes of the tokens issued from now on; 0 makes them expire at once.
 * Defaults: an hour and 31 days. */
void
keika_fake_mal_set_token_lifetimes (KeikaFakeMal *self,
                                    guint         access_seconds,
                                    guint         refresh_seconds)
{
  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));

  self->access_lifetime = access_seconds;
  self->refresh_lifetime = refresh_seconds;
}

/**
 * keika_fake_mal_issue_tokens:
 * @user: a user name; the user is created if needed
 * @access_token: (out) (transfer full)
 * @refresh_token: (out) (transfer full)
 *
 * Signs @user in without the OAuth dance.
 */
void
keika_fake_mal_issue_tokens (KeikaFakeMal  *self,
                             const char    *user,
                             char         **access_token,
                             char         **refresh_token)
{
  g_autofree char *key = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;

  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));
  g_return_if_fail (user != NULL);

  ensure_user (self, user);
  key = user_key (user);
  issue_tokens (self, key, &access, &refresh);
  if (access_token != NULL)
    *access_token = g_steal_pointer (&access);
  if (refresh_token != NULL)
    *refresh_token = g_steal_pointer (&refresh);
}

static void
expire_all (GHashTable *tokens)
{
  GHashTableIter iter;
  Token *token;

  g_hash_table_iter_init (&iter, tokens);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &token))
    token->expires = 0;
}

void
keika_fake_mal_expire_access_tokens (KeikaFakeMal *self)
{
  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));

  expire_all (self->access_tokens);
}

void
keika_fake_mal_expire_refresh_tokens (KeikaFakeMal *self)
{
  g_return_if_fail (KEIKA_IS_FAKE_MAL (self));

  expire_all (self->refresh_tokens);
}

guint
keika_fake_mal_count_valid_access_tokens (KeikaFakeMal *self)
{
  GHashTableIter iter;
  Token *token;
  guint n = 0;

  g_return_val_if_fail (KEIKA_IS_FAKE_MAL (self), 0);

  g_hash_table_iter_init (&iter, self->access_tokens);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &token))
    if (token_is_valid (token))
      n++;

  return n;
}

/**
 * keika_fake_mal_dup_secrets:
 *
 * Every authorization code, access and refresh token the fake issued, and
 * every code challenge and verifier it received, for tests that check no
 * secret leaks into logs or files.
 *
 * Returns: (transfer full): a NULL-terminated array
 */
char **
keika_fake_mal_dup_secrets (KeikaFakeMal *self)
{
  g_autoptr(GHashTable) seen = NULL;
  GPtrArray *secrets;

  g_return_val_if_fail (KEIKA_IS_FAKE_MAL (self), NULL);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  secrets = g_ptr_array_new ();
  for (guint i = 0; i < self->secrets->len; i++)
    {
      char *secret = g_ptr_array_index (self->secrets, i);

      if (g_hash_table_add (seen, secret))
        g_ptr_array_add (secrets, g_strdup (secret));
    }
  g_ptr_array_add (secrets, NULL);

  return (char **) g_ptr_array_free (secrets, FALSE);
}
