/* keika-fake-graphql.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A small GraphQL server side, for the fake AniList: a parser of
 * executable documents (operations with variables, fields with arguments,
 * nested selection sets, `#` comments), validation against a schema given
 * as static tables, coercion of the request's variables and resolution of
 * arguments to JSON. Fragments, aliases, directives and subscriptions are
 * refused with an error, as the fake does not execute them. */

typedef enum
{
  KEIKA_FAKE_GQL_VARIABLE,
  KEIKA_FAKE_GQL_INT,
  KEIKA_FAKE_GQL_FLOAT,
  KEIKA_FAKE_GQL_STRING,
  KEIKA_FAKE_GQL_BOOLEAN,
  KEIKA_FAKE_GQL_NULL,
  KEIKA_FAKE_GQL_ENUM,
  KEIKA_FAKE_GQL_LIST,
  KEIKA_FAKE_GQL_OBJECT,
} KeikaFakeGqlKind;

typedef struct
{
  KeikaFakeGqlKind    kind;
  char               *text;            /* (owned) (nullable) variable name without the $,
                                        * the literal of a number, a string's value, an
                                        * enum value */
  gboolean            boolean;
  GPtrArray          *items;           /* (owned) (nullable) a list's KeikaFakeGqlValue, an
                                        * object's KeikaFakeGqlArgument */
  guint               line;
  guint               column;
} KeikaFakeGqlValue;

typedef struct
{
  char               *name;            /* (owned) */
  KeikaFakeGqlValue  *value;           /* (owned) */
  guint               line;
  guint               column;
} KeikaFakeGqlArgument;

typedef struct
{
  char               *name;            /* (owned) */
  GPtrArray          *arguments;       /* (owned) (element-type KeikaFakeGqlArgument) never NULL */
  GPtrArray          *selection;       /* (owned) (element-type KeikaFakeGqlField) NULL for a
                                        * leaf */
  guint               line;
  guint               column;
} KeikaFakeGqlField;

typedef struct
{
  char               *name;            /* (owned) without the $ */
  char               *type;            /* (owned) as written, without spaces: "[Int]!" */
  KeikaFakeGqlValue  *default_value;   /* (owned) (nullable) */
  guint               line;
  guint               column;
} KeikaFakeGqlVariable;

typedef struct
{
  gboolean            mutation;
  char               *name;            /* (owned) (nullable) */
  GPtrArray          *variables;       /* (owned) (element-type KeikaFakeGqlVariable) */
  GPtrArray          *selection;       /* (owned) (element-type KeikaFakeGqlField) */
  guint               line;
  guint               column;
} KeikaFakeGqlOperation;

typedef struct
{
  GPtrArray          *operations;      /* (owned) (element-type KeikaFakeGqlOperation) */
} KeikaFakeGqlDocument;

/* An error of a request, for the "errors" array of the answer. */
typedef struct
{
  char               *message;         /* (owned) */
  guint               line;            /* 0: no location */
  guint               column;
} KeikaFakeGqlError;

/* A schema, as static tables. A type is written as in GraphQL: "Int",
 * "[MediaListSort]", "Media"; the fake's argument types are never non-null. */
typedef enum
{
  KEIKA_FAKE_GQL_TYPE_SCALAR,          /* any value (Json); Int Float String Boolean are built in */
  KEIKA_FAKE_GQL_TYPE_ENUM,
  KEIKA_FAKE_GQL_TYPE_INPUT,
  KEIKA_FAKE_GQL_TYPE_OBJECT,
} KeikaFakeGqlTypeKind;

typedef struct
{
  const char         *name;
  const char         *type;
} KeikaFakeGqlArgDef;

typedef struct
{
  const char         *name;
  const char         *type;
  const KeikaFakeGqlArgDef *args;      /* (nullable) ends with { NULL } */
} KeikaFakeGqlFieldDef;

typedef struct
{
  const char         *name;
  KeikaFakeGqlTypeKind kind;
  const KeikaFakeGqlFieldDef *fields;  /* object and input types; ends with { NULL } */
  const char * const *values;          /* enums; NULL-terminated */
} KeikaFakeGqlTypeDef;

typedef struct
{
  const KeikaFakeGqlTypeDef *types;    /* ends with { NULL } */
  const char         *query_type;
  const char         *mutation_type;
} KeikaFakeGqlSchema;

void                  keika_fake_gql_error_free          (KeikaFakeGqlError          *error);
void                  keika_fake_gql_add_error           (GPtrArray                  *errors,
                                                          guint                       line,
                                                          guint                       column,
                                                          const char                 *format,
                                                          ...) G_GNUC_PRINTF (4, 5);

KeikaFakeGqlDocument *keika_fake_gql_parse               (const char                 *text,
                                                          GPtrArray                  *errors);
void                  keika_fake_gql_document_free       (KeikaFakeGqlDocument       *document);
KeikaFakeGqlOperation *keika_fake_gql_document_get_operation (KeikaFakeGqlDocument   *document,
                                                          const char                 *name,
                                                          GPtrArray                  *errors);

gboolean              keika_fake_gql_validate            (const KeikaFakeGqlSchema   *schema,
                                                          const KeikaFakeGqlOperation *operation,
                                                          GPtrArray                  *errors);
JsonObject           *keika_fake_gql_coerce_variables    (const KeikaFakeGqlSchema   *schema,
                                                          const KeikaFakeGqlOperation *operation,
                                                          JsonObject                 *given,
                                                          GPtrArray                  *errors,
                                                          GPtrArray                  *ignored);
GHashTable           *keika_fake_gql_resolve_arguments   (const KeikaFakeGqlField    *field,
                                                          JsonObject                 *variables);

const KeikaFakeGqlTypeDef *keika_fake_gql_schema_get_type (const KeikaFakeGqlSchema  *schema,
                                                          const char                 *name);
const KeikaFakeGqlFieldDef *keika_fake_gql_type_get_field (const KeikaFakeGqlTypeDef *type,
                                                          const char                 *name);
char                 *keika_fake_gql_type_get_base       (const char                 *type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaFakeGqlDocument, keika_fake_gql_document_free)

G_END_DECLS
