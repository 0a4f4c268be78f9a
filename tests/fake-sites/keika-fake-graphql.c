/* keika-fake-graphql.c: a parser of GraphQL executable documents
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaFake"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "keika-fake-graphql.h"

/* Deeper selections than this are refused (a stack guard, not AniList's limit). */
#define MAX_DEPTH 32

typedef enum
{
  TOKEN_EOF,
  TOKEN_PUNCT,
  TOKEN_SPREAD,
  TOKEN_NAME,
  TOKEN_INT,
  TOKEN_FLOAT,
  TOKEN_STRING,
} TokenKind;

typedef struct
{
  const char         *p;
  const char         *line_start;
  guint               line;

  /* the current token */
  TokenKind           kind;
  char                punct;
  char               *value;           /* (owned) (nullable) */
  guint               token_line;
  guint               token_column;

  GPtrArray          *errors;          /* (unowned) */
  gboolean            failed;
} Parser;

/* Errors */

void
keika_fake_gql_error_free (KeikaFakeGqlError *error)
{
  g_free (error->message);
  g_free (error);
}

void
keika_fake_gql_add_error (GPtrArray  *errors,
                          guint       line,
                          guint       column,
                          const char *format,
                          ...)
{
  KeikaFakeGqlError *error = g_new0 (KeikaFakeGqlError, 1);
  va_list args;

  va_start (args, format);
  error->message = g_strdup_vprintf (format, args);
  va_end (args);
  error->line = line;
  error->column = column;
  g_ptr_array_add (errors, error);
}

/* The tree */

static void value_free (KeikaFakeGqlValue *value);

static void
argument_free (KeikaFakeGqlArgument *argument)
{
  g_free (argument->name);
  g_clear_pointer (&argument->value, value_free);
  g_free (argument);
}

static void
value_free (KeikaFakeGqlValue *value)
{
  g_free (value->text);
  g_clear_pointer (&value->items, g_ptr_array_unref);
  g_free (value);
}

static void
field_free (KeikaFakeGqlField *field)
{
  g_free (field->name);
  g_clear_pointer (&field->arguments, g_ptr_array_unref);
  g_clear_pointer (&field->selection, g_ptr_array_unref);
  g_free (field);
}

static void
variable_free (KeikaFakeGqlVariable *variable)
{
  g_free (variable->name);
  g_free (variable->type);
  g_clear_pointer (&variable->default_value, value_free);
  g_free (variable);
}

static void
operation_free (KeikaFakeGqlOperation *operation)
{
  g_free (operation->name);
  g_clear_pointer (&operation->variables, g_ptr_array_unref);
  g_clear_pointer (&operation->selection, g_ptr_array_unref);
  g_free (operation);
}

void
keika_fake_gql_document_free (KeikaFakeGqlDocument *document)
{
  g_clear_pointer (&document->operations, g_ptr_array_unref);
  g_free (document);
}

/* The lexer */

static guint
column_of (Parser     *parser,
           const char *p)
{
  return g_utf8_strlen (parser->line_start, p - parser->line_start) + 1;
}

static void
syntax_error (Parser     *parser,
              const char *message)
{
  if (parser->failed)
    return;

  parser->failed = TRUE;
  keika_fake_gql_add_error (parser->errors, parser->token_line, parser->token_column,
                            "Syntax Error: %s", message);
}

static void
new_line (Parser     *parser,
          const char *next)
{
  parser->line++;
  parser->line_start = next;
}

static void
skip_ignored (Parser *parser)
{
  for (;;)
    {
      const char *p = parser->p;

      if (*p == ' ' || *p == '\t' || *p == ',')
        parser->p++;
      else if (*p == '\n')
        {
          parser->p++;
          new_line (parser, parser->p);
        }
      else if (*p == '\r')
        {
          parser->p += p[1] == '\n' ? 2 : 1;
          new_line (parser, parser->p);
        }
      else if ((guchar) p[0] == 0xef && (guchar) p[1] == 0xbb && (guchar) p[2] == 0xbf)
        parser->p += 3;
      else if (*p == '#')
        {
          while (*parser->p != '\0' && *parser->p != '\n' && *parser->p != '\r')
            parser->p++;
        }
      else
        return;
    }
}

static gboolean
is_name_start (char c)
{
  return c == '_' || g_ascii_isalpha (c);
}

static gboolean
is_name_char (char c)
{
  return c == '_' || g_ascii_isalnum (c);
}

static void
lex_string (Parser *parser)
{
  GString *value = g_string_new (NULL);
  const char *p = parser->p + 1;

  if (p[0] == '"' && p[1] == '"')
    {
      /* A block string: raw text up to the closing """ (no indentation removal). */
      p += 2;
      for (;;)
        {
          if (*p == '\0')
            {
              g_string_free (value, TRUE);
              syntax_error (parser, "Unterminated string.");
              return;
            }
          if (p[0] == '"' && p[1] == '"' && p[2] == '"')
            break;
          if (p[0] == '\\' && p[1] == '"' && p[2] == '"' && p[3] == '"')
            {
              g_string_append (value, "\"\"\"");
              p += 4;
              continue;
            }
          if (*p == '\n')
            new_line (parser, p + 1);
          g_string_append_c (value, *p);
          p++;
        }
      parser->p = p + 3;
      parser->kind = TOKEN_STRING;
      parser->value = g_string_free (value, FALSE);
      return;
    }

  for (;;)
    {
      guchar c = (guchar) *p;

      if (c == '\0' || c == '\n' || c == '\r')
        {
          g_string_free (value, TRUE);
          syntax_error (parser, "Unterminated string.");
          return;
        }
      if (c == '"')
        break;
      if (c < 0x20 && c != '\t')
        {
          g_string_free (value, TRUE);
          syntax_error (parser, "Invalid character within String.");
          return;
        }
      if (c != '\\')
        {
          g_string_append_c (value, c);
          p++;
          continue;
        }

      p++;
      switch (*p)
        {
        case '"': g_string_append_c (value, '"'); break;
        case '\\': g_string_append_c (value, '\\'); break;
        case '/': g_string_append_c (value, '/'); break;
        case 'b': g_string_append_c (value, '\b'); break;
        case 'f': g_string_append_c (value, '\f'); break;
        case 'n': g_string_append_c (value, '\n'); break;
        case 'r': g_string_append_c (value, '\r'); break;
        case 't': g_string_append_c (value, '\t'); break;
        case 'u':
          {
            char hex[5] = { 0, };
            guint64 code;

            memcpy (hex, p + 1, 4);
            if (strlen (hex) != 4 || !g_ascii_isxdigit (hex[0]) || !g_ascii_isxdigit (hex[1])
                || !g_ascii_isxdigit (hex[2]) || !g_ascii_isxdigit (hex[3]))
              {
                g_string_free (value, TRUE);
                syntax_error (parser, "Invalid Unicode escape sequence.");
                return;
              }
            code = g_ascii_strtoull (hex, NULL, 16);
            g_string_append_unichar (value, g_unichar_validate (code) ? (gunichar) code : 0xfffd);
            p += 4;
          }
          break;
        default:
          g_string_free (value, TRUE);
          syntax_error (parser, "Invalid character escape sequence.");
          return;
        }
      p++;
    }

  parser->p = p + 1;
  parser->kind = TOKEN_STRING;
  parser->value = g_string_free (value, FALSE);
}

static void
lex_number (Parser *parser)
{
  const char *start = parser->p;
  const char *p = start;
  gboolean is_float = FALSE;

  if (*p == '-')
    p++;
  if (*p == '0')
    {
      p++;
      if (g_ascii_isdigit (*p))
        {
          syntax_error (parser, "Invalid number, unexpected digit after 0.");
          return;
        }
    }
  else if (g_ascii_isdigit (*p))
    while (g_ascii_isdigit (*p))
      p++;
  else
    {
      syntax_error (parser, "Invalid number, expected digit.");
      return;
    }

  if (*p == '.')
    {
      is_float = TRUE;
      p++;
      if (!g_ascii_isdigit (*p))
        {
          syntax_error (parser, "Invalid number, expected digit.");
          return;
        }
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      is_float = TRUE;
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        {
          syntax_error (parser, "Invalid number, expected digit.");
          return;
        }
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == '.' || is_name_start (*p))
    {
      syntax_error (parser, "Invalid number, expected digit.");
      return;
    }

  parser->kind = is_float ? TOKEN_FLOAT : TOKEN_INT;
  parser->value = g_strndup (start, p - start);
  parser->p = p;
}

static void
next_token (Parser *parser)
{
  const char *p;

  g_clear_pointer (&parser->value, g_free);
  if (parser->failed)
    {
      parser->kind = TOKEN_EOF;
      return;
    }

  skip_ignored (parser);
  p = parser->p;
  parser->token_line = parser->line;
  parser->token_column = column_of (parser, p);

  if (*p == '\0')
    parser->kind = TOKEN_EOF;
  else if (strchr ("!$&():=@[]{}|", *p) != NULL)
    {
      parser->kind = TOKEN_PUNCT;
      parser->punct = *p;
      parser->p++;
    }
  else if (p[0] == '.' && p[1] == '.' && p[2] == '.')
    {
      parser->kind = TOKEN_SPREAD;
      parser->p += 3;
    }
  else if (is_name_start (*p))
    {
      const char *end = p;

      while (is_name_char (*end))
        end++;
      parser->kind = TOKEN_NAME;
      parser->value = g_strndup (p, end - p);
      parser->p = end;
    }
  else if (*p == '-' || g_ascii_isdigit (*p))
    lex_number (parser);
  else if (*p == '"')
    lex_string (parser);
  else
    {
      g_autofree char *message = NULL;
      gunichar c = g_utf8_get_char_validated (p, -1);
      char utf8[8] = { 0, };

      if (c == (gunichar) -1 || c == (gunichar) -2)
        c = 0xfffd;
      g_unichar_to_utf8 (c, utf8);
      message = g_strdup_printf ("Cannot parse the unexpected character \"%s\".", utf8);
      syntax_error (parser, message);
      parser->kind = TOKEN_EOF;
    }
}

static char *
describe_token (Parser *parser)
{
  switch (parser->kind)
    {
    case TOKEN_EOF: return g_strdup ("<EOF>");
    case TOKEN_PUNCT: return g_strdup_printf ("\"%c\"", parser->punct);
    case TOKEN_SPREAD: return g_strdup ("\"...\"");
    case TOKEN_NAME: return g_strdup_printf ("Name \"%s\"", parser->value);
    case TOKEN_INT: return g_strdup_printf ("Int \"%s\"", parser->value);
    case TOKEN_FLOAT: return g_strdup_printf ("Float \"%s\"", parser->value);
    case TOKEN_STRING: return g_strdup_printf ("String \"%s\"", parser->value);
    default: return g_strdup ("?");
    }
}

static void
expected (Parser     *parser,
          const char *what)
{
  g_autofree char *found = describe_token (parser);
  g_autofree char *message = g_strdup_printf ("Expected %s, found %s.", what, found);

  syntax_error (parser, message);
}

static gboolean
is_punct (Parser *parser,
          char    punct)
{
  return parser->kind == TOKEN_PUNCT && parser->punct == punct;
}

static gboolean
expect_punct (Parser *parser,
              char    punct)
{
  if (!is_punct (parser, punct))
    {
      char what[4] = { '"', punct, '"', '\0' };

      expected (parser, what);
      return FALSE;
    }
  next_token (parser);

  return TRUE;
}

static char *
expect_name (Parser *parser)
{
  char *name;

  if (parser->kind != TOKEN_NAME)
    {
      expected (parser, "Name");
      return NULL;
    }
  name = g_steal_pointer (&parser->value);
  next_token (parser);

  return name;
}

static void
unsupported (Parser     *parser,
             const char *what)
{
  g_autofree char *message = g_strdup_printf ("%s are not supported by the fake AniList.", what);

  if (parser->failed)
    return;
  parser->failed = TRUE;
  keika_fake_gql_add_error (parser->errors, parser->token_line, parser->token_column,
                            "%s", message);
}

/* The parser */

static KeikaFakeGqlValue *
parse_value (Parser   *parser,
             gboolean  is_const)
{
  KeikaFakeGqlValue *value = g_new0 (KeikaFakeGqlValue, 1);

  value->line = parser->token_line;
  value->column = parser->token_column;

  switch (parser->kind)
    {
    case TOKEN_PUNCT:
      if (parser->punct == '$' && !is_const)
        {
          next_token (parser);
          value->kind = KEIKA_FAKE_GQL_VARIABLE;
          value->text = expect_name (parser);
        }
      else if (parser->punct == '[')
        {
          next_token (parser);
          value->kind = KEIKA_FAKE_GQL_LIST;
          value->items = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);
          while (!parser->failed && !is_punct (parser, ']'))
            g_ptr_array_add (value->items, parse_value (parser, is_const));
          next_token (parser);
        }
      else if (parser->punct == '{')
        {
          next_token (parser);
          value->kind = KEIKA_FAKE_GQL_OBJECT;
          value->items = g_ptr_array_new_with_free_func ((GDestroyNotify) argument_free);
          while (!parser->failed && !is_punct (parser, '}'))
            {
              KeikaFakeGqlArgument *member = g_new0 (KeikaFakeGqlArgument, 1);

              member->line = parser->token_line;
              member->column = parser->token_column;
              g_ptr_array_add (value->items, member);
              member->name = expect_name (parser);
              if (!expect_punct (parser, ':'))
                break;
              member->value = parse_value (parser, is_const);
            }
          next_token (parser);
        }
      else
        expected (parser, "value");
      break;

    case TOKEN_INT:
    case TOKEN_FLOAT:
    case TOKEN_STRING:
      value->kind = parser->kind == TOKEN_INT ? KEIKA_FAKE_GQL_INT
                    : parser->kind == TOKEN_FLOAT ? KEIKA_FAKE_GQL_FLOAT : KEIKA_FAKE_GQL_STRING;
      value->text = g_steal_pointer (&parser->value);
      next_token (parser);
      break;

    case TOKEN_NAME:
      if (g_str_equal (parser->value, "true") || g_str_equal (parser->value, "false"))
        {
          value->kind = KEIKA_FAKE_GQL_BOOLEAN;
          value->boolean = g_str_equal (parser->value, "true");
        }
      else if (g_str_equal (parser->value, "null"))
        value->kind = KEIKA_FAKE_GQL_NULL;
      else
        {
          value->kind = KEIKA_FAKE_GQL_ENUM;
          value->text = g_strdup (parser->value);
        }
      next_token (parser);
      break;

    case TOKEN_EOF:
    case TOKEN_SPREAD:
    default:
      expected (parser, "value");
      break;
    }

  return value;
}

static GPtrArray *
parse_arguments (Parser *parser)
{
  GPtrArray *arguments = g_ptr_array_new_with_free_func ((GDestroyNotify) argument_free);

  if (!is_punct (parser, '('))
    return arguments;

  next_token (parser);
  do
    {
      KeikaFakeGqlArgument *argument = g_new0 (KeikaFakeGqlArgument, 1);

      argument->line = parser->token_line;
      argument->column = parser->token_column;
      g_ptr_array_add (arguments, argument);
      argument->name = expect_name (parser);
      if (!expect_punct (parser, ':'))
        break;
      argument->value = parse_value (parser, FALSE);
    }
  while (!parser->failed && !is_punct (parser, ')'));
  next_token (parser);

  return arguments;
}

static GPtrArray *parse_selection_set (Parser *parser,
                                       guint   depth);

static KeikaFakeGqlField *
parse_field (Parser *parser,
             guint   depth)
{
  KeikaFakeGqlField *field = g_new0 (KeikaFakeGqlField, 1);

  field->line = parser->token_line;
  field->column = parser->token_column;
  field->name = expect_name (parser);
  if (is_punct (parser, ':'))
    unsupported (parser, "Aliases");
  field->arguments = parse_arguments (parser);
  if (is_punct (parser, '@'))
    unsupported (parser, "Directives");
  if (is_punct (parser, '{'))
    field->selection = parse_selection_set (parser, depth + 1);

  return field;
}

static GPtrArray *
parse_selection_set (Parser *parser,
                     guint   depth)
{
  GPtrArray *selection = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);

  if (depth > MAX_DEPTH)
    {
      unsupported (parser, "Selections this deep");
      return selection;
    }
  if (!expect_punct (parser, '{'))
    return selection;

  do
    {
      if (parser->kind == TOKEN_SPREAD)
        {
          unsupported (parser, "Fragments");
          break;
        }
      g_ptr_array_add (selection, parse_field (parser, depth));
    }
  while (!parser->failed && !is_punct (parser, '}'));
  next_token (parser);

  return selection;
}

static char *
parse_type (Parser *parser)
{
  GString *type = g_string_new (NULL);

  if (is_punct (parser, '['))
    {
      g_autofree char *inner = NULL;

      next_token (parser);
      inner = parse_type (parser);
      g_string_append_printf (type, "[%s]", inner);
      expect_punct (parser, ']');
    }
  else
    {
      g_autofree char *name = expect_name (parser);

      g_string_append (type, name != NULL ? name : "");
    }

  if (is_punct (parser, '!'))
    {
      g_string_append_c (type, '!');
      next_token (parser);
    }

  return g_string_free (type, FALSE);
}

static GPtrArray *
parse_variable_definitions (Parser *parser)
{
  GPtrArray *variables = g_ptr_array_new_with_free_func ((GDestroyNotify) variable_free);

  if (!is_punct (parser, '('))
    return variables;

  next_token (parser);
  do
    {
      KeikaFakeGqlVariable *variable = g_new0 (KeikaFakeGqlVariable, 1);

      variable->line = parser->token_line;
      variable->column = parser->token_column;
      g_ptr_array_add (variables, variable);
      if (!expect_punct (parser, '$'))
        break;
      variable->name = expect_name (parser);
      if (!expect_punct (parser, ':'))
        break;
      variable->type = parse_type (parser);
      if (is_punct (parser, '='))
        {
          next_token (parser);
          variable->default_value = parse_value (parser, TRUE);
        }
      if (is_punct (parser, '@'))
        unsupported (parser, "Directives");
    }
  while (!parser->failed && !is_punct (parser, ')'));
  next_token (parser);

  return variables;
}

static KeikaFakeGqlOperation *
parse_operation (Parser *parser)
{
  KeikaFakeGqlOperation *operation = g_new0 (KeikaFakeGqlOperation, 1);

  operation->line = parser->token_line;
  operation->column = parser->token_column;

  if (parser->kind == TOKEN_NAME)
    {
      operation->mutation = g_str_equal (parser->value, "mutation");
      next_token (parser);
      if (parser->kind == TOKEN_NAME)
        operation->name = expect_name (parser);
      operation->variables = parse_variable_definitions (parser);
      if (is_punct (parser, '@'))
        unsupported (parser, "Directives");
    }
  else
    operation->variables = g_ptr_array_new_with_free_func ((GDestroyNotify) variable_free);

  operation->selection = parse_selection_set (parser, 1);

  return operation;
}

/**
 * keika_fake_gql_parse:
 * @text: a GraphQL document
 * @errors: (element-type KeikaFakeGqlError): where the syntax error goes
 *
 * Returns: (transfer full) (nullable): the document, or NULL with one error
 *   added to @errors
 */
KeikaFakeGqlDocument *
keika_fake_gql_parse (const char *text,
                      GPtrArray  *errors)
{
  g_autoptr(KeikaFakeGqlDocument) document = g_new0 (KeikaFakeGqlDocument, 1);
  Parser parser = { 0, };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (errors != NULL, NULL);

  document->operations = g_ptr_array_new_with_free_func ((GDestroyNotify) operation_free);
  parser.p = text;
  parser.line_start = text;
  parser.line = 1;
  parser.errors = errors;

  if (!g_utf8_validate (text, -1, NULL))
    {
      keika_fake_gql_add_error (errors, 0, 0, "Syntax Error: the document is not valid UTF-8.");
      return NULL;
    }

  next_token (&parser);
  if (parser.kind == TOKEN_EOF && !parser.failed)
    expected (&parser, "Name");

  while (!parser.failed && parser.kind != TOKEN_EOF)
    {
      if (parser.kind == TOKEN_NAME
          && (g_str_equal (parser.value, "query") || g_str_equal (parser.value, "mutation")))
        g_ptr_array_add (document->operations, parse_operation (&parser));
      else if (parser.kind == TOKEN_NAME && g_str_equal (parser.value, "subscription"))
        unsupported (&parser, "Subscriptions");
      else if (parser.kind == TOKEN_NAME && g_str_equal (parser.value, "fragment"))
        unsupported (&parser, "Fragments");
      else if (is_punct (&parser, '{'))
        g_ptr_array_add (document->operations, parse_operation (&parser));
      else
        {
          g_autofree char *found = describe_token (&parser);
          g_autofree char *message = g_strdup_printf ("Unexpected %s.", found);

          syntax_error (&parser, message);
        }
    }

  g_clear_pointer (&parser.value, g_free);
  if (parser.failed)
    return NULL;

  return g_steal_pointer (&document);
}

/**
 * keika_fake_gql_document_get_operation:
 * @name: (nullable): the operationName of the request
 *
 * Returns: (transfer none) (nullable): the operation to run, or NULL with an
 *   error added to @errors
 */
KeikaFakeGqlOperation *
keika_fake_gql_document_get_operation (KeikaFakeGqlDocument *document,
                                       const char           *name,
                                       GPtrArray            *errors)
{
  GPtrArray *operations = document->operations;

  for (guint i = 0; i < operations->len; i++)
    {
      KeikaFakeGqlOperation *op = g_ptr_array_index (operations, i);

      if (op->name == NULL && operations->len > 1)
        {
          keika_fake_gql_add_error (errors, op->line, op->column,
                                    "This anonymous operation must be the only defined "
                                    "operation.");
          return NULL;
        }
      for (guint j = 0; j < i; j++)
        {
          KeikaFakeGqlOperation *other = g_ptr_array_index (operations, j);

          if (g_strcmp0 (other->name, op->name) == 0)
            {
              keika_fake_gql_add_error (errors, op->line, op->column,
                                        "There can be only one operation named \"%s\".",
                                        op->name);
              return NULL;
            }
        }
    }

  if (name == NULL)
    {
      if (operations->len == 1)
        return g_ptr_array_index (operations, 0);
      keika_fake_gql_add_error (errors, 0, 0,
                                "Must provide operation name if query contains multiple "
                                "operations.");
      return NULL;
    }

  for (guint i = 0; i < operations->len; i++)
    {
      KeikaFakeGqlOperation *op = g_ptr_array_index (operations, i);

      if (g_strcmp0 (op->name, name) == 0)
        return op;
    }
  keika_fake_gql_add_error (errors, 0, 0, "Unknown operation named \"%s\".", name);

  return NULL;
}
