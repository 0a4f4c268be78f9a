/* keika-fake-anilist-exec.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-fake-anilist-private.h"
#include "keika-fake-graphql.h"

G_BEGIN_DECLS

/* What the files executing a GraphQL request share:
 * keika-fake-anilist-query.c (the schema, the request, Viewer, User, Media),
 * keika-fake-anilist-read.c (MediaListCollection, Page),
 * keika-fake-anilist-save.c (SaveMediaListEntry, DeleteMediaListEntry) and
 * keika-fake-anilist-write.c (objects as JSON, with the fields selected). */

typedef struct
{
  KeikaFakeAnilist   *self;
  AnilistUser        *viewer;          /* (nullable) the user of the token */
  JsonObject         *variables;
  GString            *errors;          /* (owned) the members of "errors" */
  guint               status;          /* of the first error */
  gboolean            data_null;       /* an error that leaves no data at all */
  GHashTable         *args;            /* (owned) field → its arguments (GHashTable) */
  GHashTable         *repeated;        /* (owned) fields selected a second time: skipped */
  gint64              now;             /* Unix time */
} AnilistExec;

/* Each field of @selection once, in order. */
#define FOR_FIELDS(ex, selection, field) \
  FOR_FIELDS_N (ex, selection, field, G_PASTE (i_, __LINE__))
#define FOR_FIELDS_N(ex, selection, field, i) \
  for (guint i = 0; i < (selection)->len; i++) \
    if (((field) = g_ptr_array_index ((selection), i)), \
        !g_hash_table_contains ((ex)->repeated, (field)))

/* Errors */
void                keika_fake_anilist_add_error         (AnilistExec        *ex,
                                                          guint               status,
                                                          const char         *message);
void                keika_fake_anilist_add_unauthorized  (AnilistExec        *ex);
void                keika_fake_anilist_add_validation_error (AnilistExec     *ex,
                                                          GPtrArray          *problems);

/* Arguments */
GHashTable         *keika_fake_anilist_get_args          (AnilistExec        *ex,
                                                          KeikaFakeGqlField  *field);
gboolean            keika_fake_anilist_arg_int           (GHashTable         *args,
                                                          const char         *name,
                                                          gint64             *value);
gboolean            keika_fake_anilist_arg_double        (GHashTable         *args,
                                                          const char         *name,
                                                          double             *value);
gboolean            keika_fake_anilist_arg_bool          (GHashTable         *args,
                                                          const char         *name,
                                                          gboolean           *value);
const char         *keika_fake_anilist_arg_string        (GHashTable         *args,
                                                          const char         *name);
GPtrArray          *keika_fake_anilist_arg_list          (GHashTable         *args,
                                                          const char         *name);
gboolean            keika_fake_anilist_list_has_int      (GPtrArray          *items,
                                                          gint64              value);
gboolean            keika_fake_anilist_list_has_string   (GPtrArray          *items,
                                                          const char         *value);

/* Writing (keika-fake-anilist-write.c) */
void                keika_fake_anilist_write_bool        (GString            *out,
                                                          gboolean            value);
void                keika_fake_anilist_write_user        (AnilistExec        *ex,
                                                          GString            *out,
                                                          AnilistUser        *user,
                                                          GPtrArray          *selection);
void                keika_fake_anilist_write_media       (AnilistExec        *ex,
                                                          GString            *out,
                                                          AnilistMedia       *media,
                                                          GPtrArray          *selection);
void                keika_fake_anilist_write_entry       (AnilistExec        *ex,
                                                          GString            *out,
                                                          AnilistEntry       *entry,
                                                          GPtrArray          *selection);

/* Reading (keika-fake-anilist-read.c) */
typedef struct
{
  AnilistMedia       *media;
  guint               match;           /* 0 a title is the search, 1 begins with it, 2 has it */
} AnilistFound;

GArray             *keika_fake_anilist_query_media       (AnilistExec        *ex,
                                                          GHashTable         *args);
gboolean            keika_fake_anilist_resolve_collection (AnilistExec       *ex,
                                                          KeikaFakeGqlField  *root,
                                                          GString            *out);
gboolean            keika_fake_anilist_resolve_page      (AnilistExec        *ex,
                                                          KeikaFakeGqlField  *root,
                                                          GString            *out);

/* Mutations (keika-fake-anilist-save.c) */
gboolean            keika_fake_anilist_resolve_save      (AnilistExec        *ex,
                                                          KeikaFakeGqlField  *root,
                                                          GString            *out);
gboolean            keika_fake_anilist_resolve_delete    (AnilistExec        *ex,
                                                          KeikaFakeGqlField  *root,
                                                          GString            *out);

G_END_DECLS
