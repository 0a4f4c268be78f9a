/* keika-json-doc.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The services' answers are large (a page of a list is up to a megabyte) and
 * only read: they are parsed with cJSON, several times faster than
 * json-glib's parser on these pages, and read through the functions below,
 * which hide it. What Keika writes, and its own files, stay with json-glib.
 *
 * A document's values live in blocks of its own (an arena): cJSON's tens
 * of thousands of small allocations for a page become a few, and the
 * document is freed at once, which halves the time of a parse and its
 * free. cJSON's allocation hooks are global: Keika uses cJSON here only.
 */

#define G_LOG_DOMAIN "KeikaInput"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "keika-input.h"
#include "keika-json-doc.h"

#define BLOCK_SIZE (64 * 1024)

struct _KeikaJsonDoc
{
  cJSON     *root;    /* in @blocks */
  GPtrArray *blocks;  /* (owned) (element-type gpointer) the arena */
  char      *free;    /* the unused part of the last block */
  char      *end;
};

#define VALUE(v) ((const cJSON *) (v))

/* The document being parsed in this thread. */
static __thread KeikaJsonDoc *parsing;

static void *
arena_alloc (size_t size)
{
  KeikaJsonDoc *self = parsing;
  char *memory;

  g_assert (self != NULL);

  size = (size + 15) & ~(size_t) 15;
  if (size > BLOCK_SIZE / 4)
    {
      /* A long string: a block of its own, the last one's room kept. */
      memory = g_malloc (size);
      g_ptr_array_add (self->blocks, memory);
      return memory;
    }
  if (self->free == NULL || (size_t) (self->end - self->free) < size)
    {
      self->free = g_malloc (BLOCK_SIZE);
      self->end = self->free + BLOCK_SIZE;
      g_ptr_array_add (self->blocks, self->free);
    }
  memory = self->free;
  self->free += size;

  return memory;
}

/* Freed with the document's blocks. */
static void
arena_free (void *memory)
{
}

static void
doc_clear (gpointer data)
{
  KeikaJsonDoc *self = data;

  g_ptr_array_unref (self->blocks);
}

KeikaJsonDoc *
keika_json_doc_parse (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autofree char *fixed = NULL;
  const char *text;
  const char *end = NULL;
  static gsize hooks_set = 0;
  g_autoptr(KeikaJsonDoc) self = NULL;
  cJSON *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_once_init_enter (&hooks_set))
    {
      cJSON_Hooks hooks = { arena_alloc, arena_free };

      cJSON_InitHooks (&hooks);
      g_once_init_leave (&hooks_set, 1);
    }

  if (!(text = keika_input_check_json (data, length, &fixed, error)))
    return NULL;

  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "JSON data must be UTF-8 encoded");
      return NULL;
    }

  self = g_atomic_rc_box_new0 (KeikaJsonDoc);
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  parsing = self;
  root = cJSON_ParseWithLengthOpts (text, length, &end, FALSE);
  parsing = NULL;
  if (root != NULL)
    {
      /* Only white space after the value. */
      while (end < text + length && strchr (" \t\r\n", *end) != NULL)
        end++;
      if (end != text + length)
        root = NULL;
    }
  if (root == NULL)
    {
      gsize at = end != NULL && end >= text && end <= text + length ? (gsize) (end - text) : 0;
      gboolean blank = TRUE;

      for (gsize i = 0; i < length && blank; i++)
        blank = strchr (" \t\r\n", text[i]) != NULL;
      if (blank)
        g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                             "There is no JSON value, only white space");
      else
        g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                     "The JSON is not valid at byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT,
                     at, length);
      return NULL;
    }

  self->root = root;

  return g_steal_pointer (&self);
}

KeikaJsonDoc *
keika_json_doc_ref (KeikaJsonDoc *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
keika_json_doc_unref (KeikaJsonDoc *self)
{
  g_atomic_rc_box_release_full (self, doc_clear);
}

const KeikaJsonValue *
keika_json_doc_get_root (KeikaJsonDoc *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const KeikaJsonValue *) self->root;
}

KeikaJsonType
keika_json_get_type (const KeikaJsonValue *value)
{
  if (value == NULL)
    return KEIKA_JSON_ABSENT;

  switch (VALUE (value)->type & 0xFF)
    {
    case cJSON_NULL:   return KEIKA_JSON_NULL;
    case cJSON_False:
    case cJSON_True:   return KEIKA_JSON_BOOLEAN;
    case cJSON_Number: return KEIKA_JSON_NUMBER;
    case cJSON_String: return KEIKA_JSON_STRING;
    case cJSON_Array:  return KEIKA_JSON_ARRAY;
    case cJSON_Object: return KEIKA_JSON_OBJECT;
    default:           return KEIKA_JSON_ABSENT;
    }
}

gboolean
keika_json_is_object (const KeikaJsonValue *value)
{
  return value != NULL && cJSON_IsObject (VALUE (value));
}

gboolean
keika_json_is_array (const KeikaJsonValue *value)
{
  return value != NULL && cJSON_IsArray (VALUE (value));
}

const KeikaJsonValue *
keika_json_get_member (const KeikaJsonValue *object,
                       const char           *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (!keika_json_is_object (object))
    return NULL;

  /* As cJSON_GetObjectItemCaseSensitive(), the first byte compared first:
   * the members of a page's objects are looked up by the tens of
   * thousands. */
  for (const cJSON *member = VALUE (object)->child; member != NULL; member = member->next)
    if (member->string != NULL && member->string[0] == name[0] && strcmp (member->string, name) == 0)
      return (const KeikaJsonValue *) member;

  return NULL;
}

const KeikaJsonValue *
keika_json_first (const KeikaJsonValue *container)
{
  if (!keika_json_is_object (container) && !keika_json_is_array (container))
    return NULL;

  return (const KeikaJsonValue *) VALUE (container)->child;
}

const KeikaJsonValue *
keika_json_next (const KeikaJsonValue *value)
{
  return value != NULL ? (const KeikaJsonValue *) VALUE (value)->next : NULL;
}

const char *
keika_json_get_name (const KeikaJsonValue *value)
{
  return value != NULL ? VALUE (value)->string : NULL;
}

guint
keika_json_get_length (const KeikaJsonValue *container)
{
  guint n = 0;

  for (const KeikaJsonValue *v = keika_json_first (container); v != NULL; v = keika_json_next (v))
    n++;

  return n;
}

const char *
keika_json_get_string (const KeikaJsonValue *value)
{
  if (value == NULL || !cJSON_IsString (VALUE (value)))
    return NULL;

  return VALUE (value)->valuestring;
}

gboolean
keika_json_get_number (const KeikaJsonValue *value,
                       double               *out)
{
  if (value == NULL || !cJSON_IsNumber (VALUE (value)) || !isfinite (VALUE (value)->valuedouble))
    return FALSE;

  *out = VALUE (value)->valuedouble;
  return TRUE;
}

gboolean
keika_json_get_boolean (const KeikaJsonValue *value,
                        gboolean             *out)
{
  if (value == NULL || !cJSON_IsBool (VALUE (value)))
    return FALSE;

  *out = cJSON_IsTrue (VALUE (value));
  return TRUE;
}
