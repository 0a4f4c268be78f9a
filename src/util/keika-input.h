/* keika-input.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What comes from outside — a file a person hands Keika, an answer from a
 * site, a secret from the keyring — is read through these, below every
 * layer, so that each reader gets the same protection. */

/* Deeper than anything the services or Keika's own files nest, and far
 * shallower than what exhausts a worker thread's stack in json-glib 1.6,
 * which parses recursively. */
#define KEIKA_JSON_MAX_DEPTH 512

/* Parses @data (@length bytes, or NUL-terminated when -1) as one JSON value,
 * after making sure that it does not nest arrays and objects deeper than
 * KEIKA_JSON_MAX_DEPTH. Escapes that json-glib would turn into strings that
 * are not text (a lone UTF-16 surrogate) or refuse with the whole document
 * (\u0000) read as U+FFFD. Fails with a JSON_PARSER_ERROR whose message is
 * valid UTF-8. (transfer full) */
JsonNode   *keika_input_read_json         (const char  *data,
                                           gssize       length,
                                           GError     **error);
/* The checks of keika_input_read_json() before a parser sees @data (@size
 * bytes): not empty, nesting within KEIKA_JSON_MAX_DEPTH, and those escapes
 * made U+FFFD. Gives the text to parse: @data, or a mended copy of the same
 * size, which is then also in @scratch (free it); NULL with a
 * JSON_PARSER_ERROR. */
const char *keika_input_check_json        (const char  *data,
                                           gsize        size,
                                           char       **scratch,
                                           GError     **error);
/* Whether the arrays and objects of @data nest at most @max_depth deep; a
 * bracket inside a string does not count. Reads no further than the first
 * level too deep. */
gboolean    keika_input_json_depth_within (const char  *data,
                                           gsize        length,
                                           guint        max_depth);

/* A copy of @length bytes of @data with every byte that is not part of
 * valid UTF-8 (NUL included) replaced by U+FFFD, and how many runs of such
 * bytes there were in @n_replaced; NULL and 0 when @data is valid UTF-8
 * already, which is the common case and costs no copy. */
char       *keika_input_mend_text         (const char  *data,
                                           gsize        length,
                                           gsize       *n_replaced);
/* @text as valid UTF-8 for showing to a person: itself when it is, a mended
 * copy kept in @scratch otherwise. */
const char *keika_input_valid_text        (const char  *text,
                                           char       **scratch);

G_END_DECLS
