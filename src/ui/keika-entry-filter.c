/* keika-entry-filter.c
 *
 * Copyright 2026 The Keika developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "KeikaEntryFilter"

#include "config.h"

#include <string.h>

#include "keika-anime.h"
#include "keika-entry-filter.h"
#include "keika-list-entry.h"

struct _KeikaEntryFilter
{
  GtkFilter         parent_instance;

  int               status;      /* KeikaStatus, KEIKA_STATUS_ALL or _ATTENTION */
  KeikaSearchQuery *query;       /* (owned) (nullable) */
  gboolean          show_adult;
};

G_DEFINE_FINAL_TYPE (KeikaEntryFilter, keika_entry_filter, GTK_TYPE_FILTER)

enum {
  PROP_0,
  PROP_ONE_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_one_status (int status)
{
  return status != KEIKA_STATUS_ALL && status != KEIKA_STATUS_ATTENTION;
}

static gboolean
keika_entry_filter_match (GtkFilter *filter,
                          gpointer   item)
{
  KeikaEntryFilter *self = (KeikaEntryFilter *) filter;
  KeikaListEntry *entry = item;

  if (self->status == KEIKA_STATUS_ATTENTION)
    {
      if (keika_list_entry_get_sync_problem (entry) == NULL)
        return FALSE;
    }
  else if (self->status != KEIKA_STATUS_ALL &&
           (int) keika_list_entry_get_status (entry) != self->status)
    {
      return FALSE;
    }

  return keika_list_entry_matches (entry, self->query, self->show_adult);
}

static GtkFilterMatch
keika_entry_filter_get_strictness (GtkFilter *filter)
{
  KeikaEntryFilter *self = (KeikaEntryFilter *) filter;

  if (self->status == KEIKA_STATUS_ALL && self->query == NULL && self->show_adult)
    return GTK_FILTER_MATCH_ALL;

  return GTK_FILTER_MATCH_SOME;
}

static void
keika_entry_filter_finalize (GObject *object)
{
  KeikaEntryFilter *self = (KeikaEntryFilter *) object;

  g_clear_pointer (&self->query, keika_search_query_free);

  G_OBJECT_CLASS (keika_entry_filter_parent_class)->finalize (object);
}

static void
keika_entry_filter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KeikaEntryFilter *self = KEIKA_ENTRY_FILTER (object);

  switch (prop_id)
    {
    case PROP_ONE_STATUS:
      g_value_set_boolean (value, is_one_status (self->status));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keika_entry_filter_class_init (KeikaEntryFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = keika_entry_filter_finalize;
  object_class->get_property = keika_entry_filter_get_property;

  /* Whether the filter shows one status (not all, nor the sync problems):
   * its rows need not say which. */
  properties[PROP_ONE_STATUS] =
    g_param_spec_boolean ("one-status", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  filter_class->match = keika_entry_filter_match;
  filter_class->get_strictness = keika_entry_filter_get_strictness;
}

static void
keika_entry_filter_init (KeikaEntryFilter *self)
{
  self->status = KEIKA_STATUS_ALL;
  self->show_adult = TRUE;
}

KeikaEntryFilter *
keika_entry_filter_new (void)
{
  return g_object_new (KEIKA_TYPE_ENTRY_FILTER, NULL);
}

int
keika_entry_filter_get_status (KeikaEntryFilter *self)
{
  g_return_val_if_fail (KEIKA_IS_ENTRY_FILTER (self), KEIKA_STATUS_ALL);

  return self->status;
}

void
keika_entry_filter_set_status (KeikaEntryFilter *self,
                               int               status)
{
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_return_if_fail (KEIKA_IS_ENTRY_FILTER (self));
  g_return_if_fail (status >= KEIKA_STATUS_ALL && status <= KEIKA_STATUS_ATTENTION);

  if (self->status == status)
    return;

  if (self->status == KEIKA_STATUS_ALL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (status == KEIKA_STATUS_ALL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  /* Told first, so that rows bound by the change know it. */
  if (is_one_status (self->status) != is_one_status (status))
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONE_STATUS]);
    }
  self->status = status;
  gtk_filter_changed (GTK_FILTER (self), change);
}

gboolean
keika_entry_filter_get_searching (KeikaEntryFilter *self)
{
  g_return_val_if_fail (KEIKA_IS_ENTRY_FILTER (self), FALSE);

  return self->query != NULL;
}

void
keika_entry_filter_set_search_text (KeikaEntryFilter *self,
                                    const char       *text)
{
  KeikaSearchQuery *query = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_return_if_fail (KEIKA_IS_ENTRY_FILTER (self));

  if (text != NULL)
    query = keika_search_query_new (text);

  if (query == NULL && self->query == NULL)
    return;
  if (query != NULL && self->query != NULL && g_str_equal (query->text, self->query->text))
    {
      keika_search_query_free (query);
      return;
    }

  /* Typing one more character only narrows what matched already; deleting
   * one only widens it. */
  if (query != NULL && keika_search_query_narrows (query, self->query))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->query != NULL && keika_search_query_narrows (self->query, query))
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  keika_search_query_free (self->query);
  self->query = query;
  gtk_filter_changed (GTK_FILTER (self), change);
}

gboolean
keika_entry_filter_get_show_adult (KeikaEntryFilter *self)
{
  g_return_val_if_fail (KEIKA_IS_ENTRY_FILTER (self), TRUE);

  return self->show_adult;
}

void
keika_entry_filter_set_show_adult (KeikaEntryFilter *self,
                                   gboolean          show_adult)
{
  g_return_if_fail (KEIKA_IS_ENTRY_FILTER (self));

  show_adult = !!show_adult;
  if (self->show_adult == show_adult)
    return;

  self->show_adult = show_adult;
  gtk_filter_changed (GTK_FILTER (self),
                      show_adult ? GTK_FILTER_CHANGE_LESS_STRICT : GTK_FILTER_CHANGE_MORE_STRICT);
}

void
keika_entry_filter_count_by_status (KeikaEntryFilter *self,
                                    GListModel       *library,
                                    guint            *counts)
{
  guint n_items;

  g_return_if_fail (KEIKA_IS_ENTRY_FILTER (self));
  g_return_if_fail (G_IS_LIST_MODEL (library));
  g_return_if_fail (counts != NULL);

  memset (counts, 0, KEIKA_N_STATUSES * sizeof *counts);
  n_items = g_list_model_get_n_items (library);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(KeikaListEntry) entry = g_list_model_get_item (library, i);

      if (keika_list_entry_matches (entry, self->query, self->show_adult))
        counts[keika_list_entry_get_status (entry)]++;
    }
}
