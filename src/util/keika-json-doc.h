/* keika-json-doc.h — a parsed JSON answer, read only
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A JSON text parsed once and then only read, as the services' answers
 * are. The text is checked as keika_input_read_json() checks it (UTF-8,
 * nesting within KEIKA_JSON_MAX_DEPTH, no NUL or lone surrogate in a
 * string: those escapes read as U+FFFD, nothing after the value but white
 * space), so every string read from it is valid UTF-8 without NUL.
 *
 * Reading never fails: a value of another type than the one asked for, or
 * NULL, reads as absent. Values belong to their document. */
typedef struct _KeikaJsonDoc   KeikaJsonDoc;
typedef struct _KeikaJsonValue KeikaJsonValue;

typedef enum {
  KEIKA_JSON_ABSENT,  /* NULL: no such member */
  KEIKA_JSON_NULL,
  KEIKA_JSON_BOOLEAN,
  KEIKA_JSON_NUMBER,
  KEIKA_JSON_STRING,
  KEIKA_JSON_ARRAY,
  KEIKA_JSON_OBJECT,
} KeikaJsonType;

/* NULL with @error (G_IO_ERROR_INVALID_DATA) when @data is not JSON. */
KeikaJsonDoc         *keika_json_doc_parse       (const char            *data,
                                                  gsize                  length,
                                                  GError               **error);
KeikaJsonDoc         *keika_json_doc_ref         (KeikaJsonDoc          *self);
void                  keika_json_doc_unref       (KeikaJsonDoc          *self);
const KeikaJsonValue *keika_json_doc_get_root    (KeikaJsonDoc          *self);

KeikaJsonType         keika_json_get_type        (const KeikaJsonValue  *value);
gboolean              keika_json_is_object       (const KeikaJsonValue  *value);
gboolean              keika_json_is_array        (const KeikaJsonValue  *value);
/* The member @name of @object, or NULL (also when @object is no object). */
const KeikaJsonValue *keika_json_get_member      (const KeikaJsonValue  *object,
                                                  const char            *name);
/* The first element of an array or member of an object, and the one after
 * @value; NULL at the end:
 *   for (v = keika_json_first (array); v != NULL; v = keika_json_next (v)) */
const KeikaJsonValue *keika_json_first           (const KeikaJsonValue  *container);
const KeikaJsonValue *keika_json_next            (const KeikaJsonValue  *value);
/* The name of a member met by keika_json_first()/next() in an object. */
const char           *keika_json_get_name        (const KeikaJsonValue  *value);
guint                 keika_json_get_length      (const KeikaJsonValue  *container);
/* (nullable) (transfer none) */
const char           *keika_json_get_string      (const KeikaJsonValue  *value);
/* A finite number. */
gboolean              keika_json_get_number      (const KeikaJsonValue  *value,
                                                  double                *out);
gboolean              keika_json_get_boolean     (const KeikaJsonValue  *value,
                                                  gboolean              *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeikaJsonDoc, keika_json_doc_unref)

G_END_DECLS
