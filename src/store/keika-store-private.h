/* keika-store-private.h — shared by the store's source files
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "keika-store.h"

G_BEGIN_DECLS

/* The schema (keika-store-schema.c): store_migrations[v] takes a database
 * from version v to version v + 1. */
extern const char * const store_migrations[];
extern const int          store_n_migrations;

#define SCHEMA_VERSION store_n_migrations

typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_LOAD_ENTRIES,
  STMT_LOAD_ENTRY,
  STMT_FIND_ANIME,
  STMT_INSERT_ANIME,
  STMT_UPDATE_ANIME,
  STMT_INSERT_ENTRY,
  STMT_SELECT_ENTRY,
  STMT_UPDATE_ENTRY,
  STMT_DELETE_ENTRY,
  STMT_INSERT_JOURNAL,
  STMT_RESTORE_LINKS,
  STMT_FORGET_DELETES,
  STMT_UPSERT_PROFILE,
  STMT_UPSERT_LINK,
  STMT_COUNT_JOURNAL,
  STMT_LIST_JOURNAL,
  STMT_LIST_ENTRY_JOURNAL,
  STMT_DELETE_JOURNAL,
  STMT_SET_LINK,
  STMT_LIST_LINKS,
  STMT_GET_LINK,
  STMT_FIND_ENTRY_BY_SITE_ID,
  STMT_MIRROR_ENTRY_JOURNAL,
  STMT_MIRROR_ENTRY_LINKS,
  N_STMTS
} StmtId;

/* The SQL of each cached statement (keika-store-schema.c). */
extern const char * const store_stmt_sql[N_STMTS];

/* An id (or site id) set on a model object inside a transaction; put back
 * if the transaction rolls back, so that objects never name rows that do not
 * exist. */
typedef enum
{
  CHANGE_ENTRY_ID,
  CHANGE_ANIME_ID,
  CHANGE_ANIME_SITE_ID,
  CHANGE_PROFILE_ID,
} ChangeKind;

typedef struct
{
  ChangeKind  kind;
  KeikaSite   site;
  GObject    *object;  /* (owned) */
  gint64      old_value;
} Change;

struct _KeikaStore
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  sqlite3_stmt  *stmts[N_STMTS];  /* (owned) (nullable) prepared on first use */
  GHashTable    *adhoc;           /* (owned) SQL text → sqlite3_stmt, the other
                                   * statements, prepared on first use */

  /* Transactions: only the outermost level runs BEGIN/COMMIT, the inner ones
   * are savepoints. A failed inner level dooms the whole transaction. */
  guint          depth;
  gboolean       doomed;
  GArray        *marks;           /* (element-type guint) changes->len per level */
  GArray        *changes;         /* (element-type Change) */
  gboolean       journal_written; /* the transaction wrote journal rows */

  /* keika_store_begin_bulk(): new entries are mirrored to the other
   * profiles together, before the transaction commits. */
  gboolean       bulk;
  gint64         mirror_first;    /* 0: none waiting */
  gint64         mirror_last;
  gint64         mirror_except;
};

/* A cached statement, reset and unbound when it goes out of scope. */
typedef sqlite3_stmt *StmtRef;

void          store_stmt_ref_clear      (StmtRef          *ref);
/* The first column of the rows of @sql, ?1 bound to @param.
 * (element-type gint64) (transfer full) */
GArray       *store_list_ids            (KeikaStore       *self,
                                         const char       *sql,
                                         gint64            param,
                                         GError          **error);
/* The statement of @sql, prepared once and kept: use it as a StmtRef. */
sqlite3_stmt *store_get_adhoc_stmt      (KeikaStore       *self,
                                         const char       *sql,
                                         GError          **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StmtRef, store_stmt_ref_clear)

#define CONTEXT_READ  _("Could not read the library")
#define CONTEXT_WRITE _("Could not save the change")

/* Errors (keika-store.c) */
void          store_set_db_error        (KeikaStore       *self,
                                         int               rc,
                                         const char       *context,
                                         GError          **error);
void          store_set_not_found_error (GError          **error);

/* Statements and values (keika-store.c) */
sqlite3_stmt *store_get_stmt            (KeikaStore       *self,
                                         StmtId            id,
                                         GError          **error);
void          store_bind_text           (sqlite3_stmt     *stmt,
                                         int               index,
                                         const char       *text);
void          store_bind_id             (sqlite3_stmt     *stmt,
                                         int               index,
                                         gint64            id);
const char   *store_column_text         (sqlite3_stmt     *stmt,
                                         int               column);

/* Transactions (keika-store.c) */
void          store_record_change       (KeikaStore       *self,
                                         ChangeKind        kind,
                                         gpointer          object,
                                         KeikaSite         site,
                                         gint64            old_value);
/* Runs one statement with parameters, as a store transaction of its own (or
 * a part of the caller's); for the rare writes. Types: 'i' gint64, 's' text
 * (NULL = NULL). */
gboolean      store_exec_bound          (KeikaStore       *self,
                                         const char       *sql,
                                         const char       *types,
                                         GError          **error,
                                         ...);
/* Links the entry (0: every entry) to the profile (0: every signed-in
 * profile) where it is not linked yet, each new link
 * with a journalled push of every field; never to @except_profile_id. */
/* Mirrors the new entries a bulk transaction has waiting. */
gboolean      store_mirror_flush        (KeikaStore       *self,
                                         GError          **error);
gboolean      store_mirror              (KeikaStore       *self,
                                         gint64            entry_id,
                                         gint64            profile_id,
                                         gint64            except_profile_id,
                                         GError          **error);
gboolean      store_tx_begin            (KeikaStore       *self,
                                         GError          **error);
gboolean      store_tx_end              (KeikaStore       *self,
                                         gboolean          ok,
                                         GError          **error);

/* Entries (keika-store-entries.c): writes @entry (which has an id) and its
 * anime over their rows, and journals what changed for every claimed profile
 * linked to it but @except_profile_id (0: none). */
gboolean      store_save_entry          (KeikaStore       *self,
                                         KeikaListEntry   *entry,
                                         gint64            except_profile_id,
                                         GError          **error);

G_END_DECLS
