/* keika-transfer-private.h — shared by the import and export files
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "keika-transfer.h"

G_BEGIN_DECLS

/* An entry of a Keika JSON export carries the local id it had in the library
 * it was exported from. The parser keeps it on the new entry as object data
 * under this key (a gint64, owned), never as the entry's "id", which must stay
 * 0 for an entry that is not in a store. */
#define KEIKA_TRANSFER_EXPORT_ID_KEY "keika-transfer-export-id"

/* (transfer full) */
KeikaImportReport *keika_import_report_new       (void);
void               keika_import_report_skip      (KeikaImportReport  *report,
                                                  const char         *format,
                                                  ...) G_GNUC_PRINTF (2, 3);

/* TRUE when @data starts with the gzip magic bytes. */
gboolean           keika_transfer_is_gzip        (const char         *data,
                                                  gsize               length);
/* The local id an entry had in the library it was exported from; 0 when it
 * did not come from a Keika JSON export. */
gint64             keika_transfer_get_export_id  (KeikaListEntry     *entry);

/* The writers behind keika_export_to_bytes(). (transfer full) */
GBytes            *keika_mal_xml_write           (KeikaLibrary       *library);
GBytes            *keika_json_write              (KeikaLibrary       *library);

G_END_DECLS
