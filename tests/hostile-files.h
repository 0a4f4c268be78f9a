/* hostile-files.h — damaged and hostile import files, made from good ones
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  HOSTILE_UNREADABLE,  /* the import must fail, with a message */
  HOSTILE_READABLE,    /* it must succeed */
  HOSTILE_EITHER,      /* a random change: the import may go either way */
} HostileExpect;

typedef struct
{
  char          *path;
  char          *what;    /* for the test's messages */
  HostileExpect  expect;
} HostileFile;

void       hostile_file_free  (HostileFile *file);

/* Writes damaged variants of @mal_xml (a MyAnimeList export) and of a small
 * Keika JSON export into @dir: truncated, bytes flipped, chunks duplicated,
 * absurd numbers, deep XML and JSON nesting, entity tricks, invalid UTF-8
 * and NUL bytes, a gzip bomb and damaged gzip, empty files, repeated ids.
 * @n_random of them are random changes drawn from @seed.
 * (transfer full) (element-type HostileFile) */
GPtrArray *hostile_files_make (const char *dir,
                               GBytes     *mal_xml,
                               guint       n_random,
                               guint32     seed);

G_END_DECLS
