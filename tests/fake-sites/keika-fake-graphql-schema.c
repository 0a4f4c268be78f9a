/* keika-fake-graphql-schema.c: validation of an operation against a schema,
 * its variables and arguments as JSON
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <string.h>

#include "keika-fake-graphql.h"

static gboolean
is_name_char (char c)
{
  return c == '_' || g_ascii_isalnum (c);
}

/* The schema */

const KeikaFakeGqlTypeDef *
keika_fake_gql_schema_get_type (const KeikaFakeGqlSchema *schema,
                                const char               *name)
{
  for (const KeikaFakeGqlTypeDef *type = schema->types; type->name != NULL; type++)
    if (g_str_equal (type->name, name))
      return type;

  return NULL;
}

const KeikaFakeGqlFieldDef *
keika_fake_gql_type_get_field (const KeikaFakeGqlTypeDef *type,
                               const char                *name)
{
  if (type == NULL || type->fields == NULL)
    return NULL;

  for (const KeikaFakeGqlFieldDef *field = type->fields; field->name != NULL; field++)
    if (g_str_equal (field->name, name))
      return field;

  return NULL;
}

/* "[Media!]!" → "Media" */
char *
keika_fake_gql_type_get_base (const char *type)
{
  const char *start = type;
  const char *end;

  while (*start == '[')
    start++;
  end = start;
  while (is_name_char (*end))
    end++;

  return g_strndup (start, end - start);
}

static gboolean
is_builtin_scalar (const char *name)
{
  return g_str_equal (name, "Int") || g_str_equal (name, "Float")
         || g_str_equal (name, "String") || g_str_equal (name, "Boolean");
}

/* "Int" with "!" and spaces gone, for comparing a variable's type with a position's. */
static char *
type_without_non_null (const char *type)
{
  GString *out = g_string_new (NULL);

  for (const char *p = type; *p != '\0'; p++)
    if (*p != '!' && *p != ' ')
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/* Validation */

typedef struct
{
  const KeikaFakeGqlSchema    *schema;
  const KeikaFakeGqlOperation *operation;
  GPtrArray                   *errors;
  GHashTable                  *used;   /* variable names used */
} Validation;

static KeikaFakeGqlVariable *
find_variable (const KeikaFakeGqlOperation *operation,
               const char                  *name)
{
  for (guint i = 0; i < operation->variables->len; i++)
    {
      KeikaFakeGqlVariable *variable = g_ptr_array_index (operation->variables, i);

      if (g_strcmp0 (variable->name, name) == 0)
        return variable;
    }

  return NULL;
}

static void
print_value (GString                 *out,
             const KeikaFakeGqlValue *value)
{
  switch (value->kind)
    {
    case KEIKA_FAKE_GQL_VARIABLE:
      g_string_append_printf (out, "$%s", value->text);
      break;
    case KEIKA_FAKE_GQL_INT:
    case KEIKA_FAKE_GQL_FLOAT:
    case KEIKA_FAKE_GQL_ENUM:
      g_string_append (out, value->text);
      break;
    case KEIKA_FAKE_GQL_STRING:
      {
        g_autofree char *escaped = g_strescape (value->text, NULL);

        g_string_append_printf (out, "\"%s\"", escaped);
      }
      break;
    case KEIKA_FAKE_GQL_BOOLEAN:
      g_string_append (out, value->boolean ? "true" : "false");
      break;
    case KEIKA_FAKE_GQL_NULL:
      g_string_append (out, "null");
      break;
    case KEIKA_FAKE_GQL_LIST:
      g_string_append_c (out, '[');
      for (guint i = 0; i < value->items->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          print_value (out, g_ptr_array_index (value->items, i));
        }
      g_string_append_c (out, ']');
      break;
    case KEIKA_FAKE_GQL_OBJECT:
      g_string_append_c (out, '{');
      for (guint i = 0; i < value->items->len; i++)
        {
          KeikaFakeGqlArgument *member = g_ptr_array_index (value->items, i);

          g_string_append_printf (out, "%s%s: ", i > 0 ? ", " : "", member->name);
          print_value (out, member->value);
        }
      g_string_append_c (out, '}');
      break;
    default:
      g_assert_not_reached ();
    }
}

static void check_literal (Validation              *v,
                           const KeikaFakeGqlValue *value,
                           const char              *type);

static void
check_variable_use (Validation              *v,
                    const KeikaFakeGqlValue *value,
                    const char              *type)
{
  KeikaFakeGqlVariable *variable = find_variable (v->operation, value->text);
  g_autofree char *declared = NULL;
  g_autofree char *expected_type = NULL;

  g_hash_table_add (v->used, value->text);
  if (variable == NULL)
    {
      if (v->operation->name != NULL)
        keika_fake_gql_add_error (v->errors, value->line, value->column,
                                  "Variable \"$%s\" is not defined by operation \"%s\".",
                                  value->text, v->operation->name);
      else
        keika_fake_gql_add_error (v->errors, value->line, value->column,
                                  "Variable \"$%s\" is not defined.", value->text);
      return;
    }

  declared = type_without_non_null (variable->type);
  expected_type = type_without_non_null (type);
  if (!g_str_equal (declared, expected_type))
    keika_fake_gql_add_error (v->errors, value->line, value->column,
                              "Variable \"$%s\" of type \"%s\" used in position expecting type "
                              "\"%s\".", value->text, variable->type, type);
}

static void
check_literal (Validation              *v,
               const KeikaFakeGqlValue *value,
               const char              *type)
{
  g_autofree char *base = NULL;
  g_autoptr(GString) printed = NULL;
  const KeikaFakeGqlTypeDef *def;
  gsize len = strlen (type);
  gboolean non_null = len > 0 && type[len - 1] == '!';

  if (value->kind == KEIKA_FAKE_GQL_VARIABLE)
    {
      check_variable_use (v, value, type);
      return;
    }

  printed = g_string_new (NULL);
  print_value (printed, value);

  if (value->kind == KEIKA_FAKE_GQL_NULL)
    {
      if (non_null)
        keika_fake_gql_add_error (v->errors, value->line, value->column,
                                  "Expected value of type \"%s\", found null.", type);
      return;
    }

  if (type[0] == '[')
    {
      g_autofree char *inner = g_strndup (type + 1, len - (non_null ? 3 : 2));

      if (value->kind != KEIKA_FAKE_GQL_LIST)
        check_literal (v, value, inner);
      else
        for (guint i = 0; i < value->items->len; i++)
          check_literal (v, g_ptr_array_index (value->items, i), inner);
      return;
    }

  base = keika_fake_gql_type_get_base (type);
  if (g_str_equal (base, "Int"))
    {
      gint64 n;

      if (value->kind != KEIKA_FAKE_GQL_INT)
        keika_fake_gql_add_error (v->errors, value->line, value->column,
                                  "Int cannot represent non-integer value: %s", printed->str);
      else if (!g_ascii_string_to_signed (value->text, 10, G_MININT32, G_MAXINT32, &n, NULL))
        keika_fake_gql_add_error (v->errors, value->line, value->column,
                                  "Int cannot represent non 32-bit signed integer value: %s",
                                  printed->str);
      return;
    }
  if (g_str_equal (base, "Float"))
    {
      if (value->kind != KEIKA_FAKE_GQL_INT && value->kind != KEIKA_FAKE_GQL_FLOAT)
        keika_fake_gql_add_error (v->errors, value->line, value->column,
                                  "Float cannot represent non numeric value: %s", printed->str);
      return;
    }
  if (g_str_equal (base, "String"))
    {
      if (value->kind != KEIKA_FAKE_GQL_STRING)
        keika_fake_gql_add_error (v->errors, value->line, value->column,
                                  "String cannot represent a non string value: %s",
                                  printed->str);
      return;
    }
  if (g_str_equal (base, "Boolean"))
    {
      if (value->kind != KEIKA_FAKE_GQL_BOOLEAN)
        keika_fake_gql_add_error (v->errors, value->line, value->column,
                                  "Boolean cannot represent a non boolean value: %s",
                                  printed->str);
      return;
    }

  def = keika_fake_gql_schema_get_type (v->schema, base);
  g_assert (def != NULL);
  switch (def->kind)
    {
    case KEIKA_FAKE_GQL_TYPE_SCALAR:
      break;

    case KEIKA_FAKE_GQL_TYPE_ENUM:
      if (value->kind != KEIKA_FAKE_GQL_ENUM)
        keika_fake_gql_add_error (v->errors, value->line, value->column,
                                  "Enum \"%s\" cannot represent non-enum value: %s.",
                                  base, printed->str);
      else if (!g_strv_contains (def->values, value->text))
        keika_fake_gql_add_error (v->errors, value->line, value->column,
                                  "Value \"%s\" does not exist in \"%s\" enum.",
                                  value->text, base);
      break;

    case KEIKA_FAKE_GQL_TYPE_INPUT:
      if (value->kind != KEIKA_FAKE_GQL_OBJECT)
        {
          keika_fake_gql_add_error (v->errors, value->line, value->column,
                                    "Expected value of type \"%s\", found %s.", base,
                                    printed->str);
          break;
        }
      for (guint i = 0; i < value->items->len; i++)
        {
          KeikaFakeGqlArgument *member = g_ptr_array_index (value->items, i);
          const KeikaFakeGqlFieldDef *field = keika_fake_gql_type_get_field (def, member->name);

          if (field == NULL)
            keika_fake_gql_add_error (v->errors, member->line, member->column,
                                      "Field \"%s\" is not defined by type \"%s\".",
                                      member->name, base);
          else
            check_literal (v, member->value, field->type);
        }
      break;

    case KEIKA_FAKE_GQL_TYPE_OBJECT:
    default:
      g_assert_not_reached ();
    }
}

/* The variables in what is not checked (an unknown field or argument) are used all the same. */
static void
mark_used (Validation              *v,
           const KeikaFakeGqlValue *value)
{
  if (value == NULL)
    return;
  if (value->kind == KEIKA_FAKE_GQL_VARIABLE)
    g_hash_table_add (v->used, value->text);
  else if (value->kind == KEIKA_FAKE_GQL_LIST)
    for (guint i = 0; i < value->items->len; i++)
      mark_used (v, g_ptr_array_index (value->items, i));
  else if (value->kind == KEIKA_FAKE_GQL_OBJECT)
    for (guint i = 0; i < value->items->len; i++)
      mark_used (v, ((KeikaFakeGqlArgument *) g_ptr_array_index (value->items, i))->value);
}

static void
mark_field_used (Validation              *v,
                 const KeikaFakeGqlField *field)
{
  for (guint i = 0; i < field->arguments->len; i++)
    mark_used (v, ((KeikaFakeGqlArgument *) g_ptr_array_index (field->arguments, i))->value);
  for (guint i = 0; field->selection != NULL && i < field->selection->len; i++)
    mark_field_used (v, g_ptr_array_index (field->selection, i));
}

static void
check_selection (Validation *v,
                 const char *type_name,
                 GPtrArray  *selection)
{
  const KeikaFakeGqlTypeDef *type = keika_fake_gql_schema_get_type (v->schema, type_name);

  g_assert (type != NULL && type->kind == KEIKA_FAKE_GQL_TYPE_OBJECT);

  for (guint i = 0; i < selection->len; i++)
    {
      KeikaFakeGqlField *field = g_ptr_array_index (selection, i);
      const KeikaFakeGqlFieldDef *def = keika_fake_gql_type_get_field (type, field->name);
      const KeikaFakeGqlTypeDef *result;
      g_autofree char *base = NULL;

      if (def == NULL)
        {
          keika_fake_gql_add_error (v->errors, field->line, field->column,
                                    "Cannot query field \"%s\" on type \"%s\".",
                                    field->name, type_name);
          mark_field_used (v, field);
          continue;
        }

      for (guint j = 0; j < field->arguments->len; j++)
        {
          KeikaFakeGqlArgument *argument = g_ptr_array_index (field->arguments, j);
          const KeikaFakeGqlArgDef *arg = NULL;
          gboolean duplicate = FALSE;

          for (guint k = 0; k < j; k++)
            {
              KeikaFakeGqlArgument *other = g_ptr_array_index (field->arguments, k);

              duplicate |= g_strcmp0 (other->name, argument->name) == 0;
            }
          if (duplicate)
            {
              keika_fake_gql_add_error (v->errors, argument->line, argument->column,
                                        "There can be only one argument named \"%s\".",
                                        argument->name);
              continue;
            }

          for (const KeikaFakeGqlArgDef *a = def->args; a != NULL && a->name != NULL; a++)
            if (g_strcmp0 (a->name, argument->name) == 0)
              arg = a;
          if (arg == NULL)
            {
              keika_fake_gql_add_error (v->errors, argument->line, argument->column,
                                        "Unknown argument \"%s\" on field \"%s\" of type "
                                        "\"%s\".", argument->name, field->name, type_name);
              mark_used (v, argument->value);
            }
          else
            check_literal (v, argument->value, arg->type);
        }

      base = keika_fake_gql_type_get_base (def->type);
      result = keika_fake_gql_schema_get_type (v->schema, base);
      if (result != NULL && result->kind == KEIKA_FAKE_GQL_TYPE_OBJECT)
        {
          if (field->selection == NULL)
            keika_fake_gql_add_error (v->errors, field->line, field->column,
                                      "Field \"%s\" of type \"%s\" must have a selection of "
                                      "subfields. Did you mean \"%s { ... }\"?",
                                      field->name, def->type, field->name);
          else
            check_selection (v, base, field->selection);
        }
      else if (field->selection != NULL)
        {
          keika_fake_gql_add_error (v->errors, field->line, field->column,
                                    "Field \"%s\" must not have a selection since type \"%s\" "
                                    "has no subfields.", field->name, def->type);
          for (guint j = 0; j < field->selection->len; j++)
            mark_field_used (v, g_ptr_array_index (field->selection, j));
        }
    }
}

/**
 * keika_fake_gql_validate:
 * @errors: (element-type KeikaFakeGqlError): where the errors go
 *
 * Checks @operation against @schema: fields, arguments and their literal
 * values, the variables' definitions and uses.
 *
 * Returns: whether @operation is valid
 */
gboolean
keika_fake_gql_validate (const KeikaFakeGqlSchema    *schema,
                         const KeikaFakeGqlOperation *operation,
                         GPtrArray                   *errors)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  Validation v = { schema, operation, errors, used };
  const char *root = operation->mutation ? schema->mutation_type : schema->query_type;
  guint n_errors = errors->len;

  for (guint i = 0; i < operation->variables->len; i++)
    {
      KeikaFakeGqlVariable *variable = g_ptr_array_index (operation->variables, i);
      g_autofree char *base = keika_fake_gql_type_get_base (variable->type);
      const KeikaFakeGqlTypeDef *def = keika_fake_gql_schema_get_type (schema, base);

      for (guint j = 0; j < i; j++)
        {
          KeikaFakeGqlVariable *other = g_ptr_array_index (operation->variables, j);

          if (g_strcmp0 (other->name, variable->name) == 0)
            keika_fake_gql_add_error (errors, variable->line, variable->column,
                                      "There can be only one variable named \"$%s\".",
                                      variable->name);
        }

      if (!is_builtin_scalar (base) && def == NULL)
        keika_fake_gql_add_error (errors, variable->line, variable->column,
                                  "Unknown type \"%s\".", base);
      else if (def != NULL && def->kind == KEIKA_FAKE_GQL_TYPE_OBJECT)
        keika_fake_gql_add_error (errors, variable->line, variable->column,
                                  "Variable \"$%s\" cannot be non-input type \"%s\".",
                                  variable->name, variable->type);
      else if (variable->default_value != NULL)
        check_literal (&v, variable->default_value, variable->type);
    }

  if (root == NULL)
    keika_fake_gql_add_error (errors, operation->line, operation->column,
                              "Schema is not configured for mutations.");
  else
    check_selection (&v, root, operation->selection);

  for (guint i = 0; i < operation->variables->len; i++)
    {
      KeikaFakeGqlVariable *variable = g_ptr_array_index (operation->variables, i);

      if (g_hash_table_contains (used, variable->name))
        continue;
      if (operation->name != NULL)
        keika_fake_gql_add_error (errors, variable->line, variable->column,
                                  "Variable \"$%s\" is never used in operation \"%s\".",
                                  variable->name, operation->name);
      else
        keika_fake_gql_add_error (errors, variable->line, variable->column,
                                  "Variable \"$%s\" is never used.", variable->name);
    }

  return errors->len == n_errors;
}

/* Variables */

static char *
json_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* NULL when @node fits @type, else what is wrong with it. */
static char *
coerce_json (const KeikaFakeGqlSchema *schema,
             JsonNode                 *node,
             const char               *type)
{
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;
  const KeikaFakeGqlTypeDef *def;
  gsize len = strlen (type);
  gboolean non_null = len > 0 && type[len - 1] == '!';

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return non_null ? g_strdup_printf ("Expected non-nullable type \"%s\" not to be null.", type)
                    : NULL;

  if (type[0] == '[')
    {
      g_autofree char *inner = g_strndup (type + 1, len - (non_null ? 3 : 2));
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return coerce_json (schema, node, inner);

      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          char *problem = coerce_json (schema, json_array_get_element (array, i), inner);

          if (problem != NULL)
            return problem;
        }
      return NULL;
    }

  base = keika_fake_gql_type_get_base (type);
  text = json_text (node);
  if (g_str_equal (base, "Int") || g_str_equal (base, "Float"))
    {
      gboolean is_int = g_str_equal (base, "Int");
      double value;

      if (!JSON_NODE_HOLDS_VALUE (node)
          || (json_node_get_value_type (node) != G_TYPE_INT64
              && json_node_get_value_type (node) != G_TYPE_DOUBLE))
        return is_int ? g_strdup_printf ("Int cannot represent non-integer value: %s", text)
                      : g_strdup_printf ("Float cannot represent non numeric value: %s", text);
      if (!is_int)
        return NULL;

      value = json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node)
                                                               : json_node_get_double (node);
      if (value != (double) (gint64) value)
        return g_strdup_printf ("Int cannot represent non-integer value: %s", text);
      if (value < G_MININT32 || value > G_MAXINT32)
        return g_strdup_printf ("Int cannot represent non 32-bit signed integer value: %s", text);
      return NULL;
    }
  if (g_str_equal (base, "String"))
    return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           ? NULL : g_strdup_printf ("String cannot represent a non string value: %s", text);
  if (g_str_equal (base, "Boolean"))
    return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
           ? NULL : g_strdup_printf ("Boolean cannot represent a non boolean value: %s", text);

  def = keika_fake_gql_schema_get_type (schema, base);
  g_assert (def != NULL);
  switch (def->kind)
    {
    case KEIKA_FAKE_GQL_TYPE_SCALAR:
      return NULL;

    case KEIKA_FAKE_GQL_TYPE_ENUM:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
          && g_strv_contains (def->values, json_node_get_string (node)))
        return NULL;
      return g_strdup_printf ("Value %s does not exist in \"%s\" enum.", text, base);

    case KEIKA_FAKE_GQL_TYPE_INPUT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        if (!JSON_NODE_HOLDS_OBJECT (node))
          return g_strdup_printf ("Expected type \"%s\" to be an object.", base);
        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            const KeikaFakeGqlFieldDef *field = keika_fake_gql_type_get_field (def, name);
            char *problem;

            if (field == NULL)
              return g_strdup_printf ("Field \"%s\" is not defined by type \"%s\".", name, base);
            problem = coerce_json (schema, member, field->type);
            if (problem != NULL)
              return problem;
          }
        return NULL;
      }

    case KEIKA_FAKE_GQL_TYPE_OBJECT:
    default:
      g_assert_not_reached ();
    }

  return NULL;
}

static JsonNode *value_to_json (const KeikaFakeGqlValue *value,
                                JsonObject              *variables,
                                gboolean                *present);

/**
 * keika_fake_gql_coerce_variables:
 * @operation: a valid operation
 * @given: (nullable): the variables of the request
 * @errors: (element-type KeikaFakeGqlError): where the errors go
 * @ignored: (element-type utf8): where the names of variables given but not
 *   defined by @operation go, as "$name"
 *
 * Returns: (transfer full) (nullable): the variables of @operation: those
 *   given, else their defaults; NULL with errors added when one is invalid
 */
JsonObject *
keika_fake_gql_coerce_variables (const KeikaFakeGqlSchema    *schema,
                                 const KeikaFakeGqlOperation *operation,
                                 JsonObject                  *given,
                                 GPtrArray                   *errors,
                                 GPtrArray                   *ignored)
{
  g_autoptr(JsonObject) result = json_object_new ();
  guint n_errors = errors->len;

  for (guint i = 0; i < operation->variables->len; i++)
    {
      KeikaFakeGqlVariable *variable = g_ptr_array_index (operation->variables, i);
      JsonNode *node = given != NULL && json_object_has_member (given, variable->name)
                       ? json_object_get_member (given, variable->name) : NULL;
      gboolean non_null = g_str_has_suffix (variable->type, "!");
      g_autofree char *problem = NULL;

      if (node == NULL)
        {
          if (variable->default_value != NULL)
            {
              gboolean present;

              json_object_set_member (result, variable->name,
                                      value_to_json (variable->default_value, NULL, &present));
            }
          else if (non_null)
            keika_fake_gql_add_error (errors, variable->line, variable->column,
                                      "Variable \"$%s\" of required type \"%s\" was not "
                                      "provided.", variable->name, variable->type);
          continue;
        }

      if (JSON_NODE_HOLDS_NULL (node) && non_null)
        {
          keika_fake_gql_add_error (errors, variable->line, variable->column,
                                    "Variable \"$%s\" of non-null type \"%s\" must not be null.",
                                    variable->name, variable->type);
          continue;
        }

      problem = coerce_json (schema, node, variable->type);
      if (problem != NULL)
        {
          g_autofree char *text = json_text (node);

          keika_fake_gql_add_error (errors, variable->line, variable->column,
                                    "Variable \"$%s\" got invalid value %s; %s",
                                    variable->name, text, problem);
          continue;
        }
      json_object_set_member (result, variable->name, json_node_copy (node));
    }

  if (given != NULL && ignored != NULL)
    {
      JsonObjectIter iter;
      const char *name;

      json_object_iter_init (&iter, given);
      while (json_object_iter_next (&iter, &name, NULL))
        if (find_variable (operation, name) == NULL)
          g_ptr_array_add (ignored, g_strconcat ("$", name, NULL));
    }

  if (errors->len != n_errors)
    return NULL;

  return g_steal_pointer (&result);
}

/* Arguments */

static JsonNode *
value_to_json (const KeikaFakeGqlValue *value,
               JsonObject              *variables,
               gboolean                *present)
{
  JsonNode *node;

  *present = TRUE;
  switch (value->kind)
    {
    case KEIKA_FAKE_GQL_VARIABLE:
      if (variables != NULL && json_object_has_member (variables, value->text))
        return json_node_copy (json_object_get_member (variables, value->text));
      *present = FALSE;
      return json_node_new (JSON_NODE_NULL);

    case KEIKA_FAKE_GQL_INT:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, g_ascii_strtoll (value->text, NULL, 10));
      return node;

    case KEIKA_FAKE_GQL_FLOAT:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, g_ascii_strtod (value->text, NULL));
      return node;

    case KEIKA_FAKE_GQL_STRING:
    case KEIKA_FAKE_GQL_ENUM:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, value->text);
      return node;

    case KEIKA_FAKE_GQL_BOOLEAN:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, value->boolean);
      return node;

    case KEIKA_FAKE_GQL_NULL:
      return json_node_new (JSON_NODE_NULL);

    case KEIKA_FAKE_GQL_LIST:
      {
        JsonArray *array = json_array_new ();

        for (guint i = 0; i < value->items->len; i++)
          {
            gboolean item_present;

            json_array_add_element (array, value_to_json (g_ptr_array_index (value->items, i),
                                                          variables, &item_present));
          }
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }

    case KEIKA_FAKE_GQL_OBJECT:
      {
        JsonObject *object = json_object_new ();

        for (guint i = 0; i < value->items->len; i++)
          {
            KeikaFakeGqlArgument *member = g_ptr_array_index (value->items, i);
            gboolean member_present;
            JsonNode *member_node = value_to_json (member->value, variables, &member_present);

            if (member_present)
              json_object_set_member (object, member->name, member_node);
            else
              json_node_unref (member_node);
          }
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (node, object);
        return node;
      }

    default:
      g_assert_not_reached ();
    }

  return NULL;
}

/**
 * keika_fake_gql_resolve_arguments:
 * @field: a field of a valid operation
 * @variables: (nullable): from keika_fake_gql_coerce_variables()
 *
 * The arguments of @field as JSON. An argument whose variable was not given,
 * or whose value is null, is left out: the fake treats an explicit null as
 * an argument not given.
 *
 * Returns: (transfer full) (element-type utf8 JsonNode): name → value
 */
GHashTable *
keika_fake_gql_resolve_arguments (const KeikaFakeGqlField *field,
                                  JsonObject              *variables)
{
  GHashTable *arguments = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                 (GDestroyNotify) json_node_unref);

  for (guint i = 0; i < field->arguments->len; i++)
    {
      KeikaFakeGqlArgument *argument = g_ptr_array_index (field->arguments, i);
      gboolean present;
      JsonNode *node = value_to_json (argument->value, variables, &present);

      if (present && !JSON_NODE_HOLDS_NULL (node))
        g_hash_table_replace (arguments, argument->name, node);
      else
        json_node_unref (node);
    }

  return arguments;
}
