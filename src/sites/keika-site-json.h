/* keika-site-json.h
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "keika-json-doc.h"

G_BEGIN_DECLS

/* The members of the services' answers, read defensively and alike for
 * every site: a member that is absent, null or of another type than the
 * one asked for counts as absent, and never ends a page. @object may be
 * NULL (a member that was not an object). The answers are parsed by
 * keika-json-doc (cJSON, read only); what Keika sends is written with
 * json-glib. */

const KeikaJsonValue *keika_site_json_get_member   (const KeikaJsonValue *object,
                                                    const char           *name);
/* (nullable) (transfer none) */
const char           *keika_site_json_get_string   (const KeikaJsonValue *object,
                                                    const char           *name);
/* A non-empty string, copied, or NULL. (transfer full) */
char                 *keika_site_json_dup_nonempty (const KeikaJsonValue *object,
                                                    const char           *name);
/* An integer, also one sent as a whole number with a fraction ("12.0");
 * FALSE when absent or out of range. */
gboolean              keika_site_json_get_int      (const KeikaJsonValue *object,
                                                    const char           *name,
                                                    gint64               *out);
/* An integer clamped to [0, @max]. */
gboolean              keika_site_json_get_uint     (const KeikaJsonValue *object,
                                                    const char           *name,
                                                    guint                 max,
                                                    guint                *out);
gboolean              keika_site_json_get_bool     (const KeikaJsonValue *object,
                                                    const char           *name,
                                                    gboolean             *out);
/* The member when it is an object. (nullable) (transfer none) */
const KeikaJsonValue *keika_site_json_get_object   (const KeikaJsonValue *object,
                                                    const char           *name);
/* The member when it is an array. (nullable) (transfer none) */
const KeikaJsonValue *keika_site_json_get_array    (const KeikaJsonValue *object,
                                                    const char           *name);
/* The non-empty strings of @array, or of the member @key of its objects
 * (genres: [{id, name}]); NULL when there are none. (transfer full) */
char                **keika_site_json_dup_strv     (const KeikaJsonValue *array,
                                                    const char           *key);

/* What an error answer says about each field it refused: the site's field
 * name, then its first message (one line, without a full stop), for each
 * field, in the forms of the sites:
 *   Laravel (AniTrack) {"errors": {field: ["…"]}}
 *   GraphQL (AniList)  {"errors": [{"validation": {field: ["…"]}}]}
 *   JSON:API (Kitsu)   {"errors": [{"title": "…", "source": {"pointer": "/data/attributes/field"}}]}
 * NULL when it names no field. (transfer full) (element-type utf8) */
GPtrArray            *keika_site_json_field_errors (const KeikaJsonValue *root);

/* Unix seconds of an ISO 8601 date-time with its offset
 * ("2024-01-02T03:04:05+00:00", "…Z", with or without fractions), or 0 when
 * @text is NULL or not one. */
gint64       keika_site_parse_time        (const char *text);

G_END_DECLS
