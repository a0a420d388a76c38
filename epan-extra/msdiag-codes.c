/* Lookups in the generated ErrorId tables (binary search: the tables are sorted
 * at build time, and msdiag_tables_valid() is asserted by the unit tests).
 * Server ids (ms-diagnostics, ms-diagnostics-public) and client ids
 * (ms-client-diagnostics) are separate tables: the same number means different
 * things in the two. */
#include "msdiag-codes.h"

static const msdiag_errorid *
lookup_in(const msdiag_errorid *tab, unsigned count, guint32 code)
{
    unsigned lo = 0, hi = count;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (tab[mid].code == code)
            return &tab[mid];
        if (tab[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const char *
range_in(const msdiag_range *tab, unsigned count, guint32 code)
{
    unsigned lo = 0, hi = count;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (code < tab[mid].first)
            hi = mid;
        else if (code > tab[mid].last)
            lo = mid + 1;
        else
            return tab[mid].component;
    }
    return NULL;
}

const msdiag_errorid *
msdiag_lookup(guint32 code)
{
    return lookup_in(msdiag_errorids, msdiag_errorids_count, code);
}

const char *
msdiag_range_component(guint32 code)
{
    return range_in(msdiag_ranges, msdiag_ranges_count, code);
}

const msdiag_errorid *
msdiag_client_lookup(guint32 code)
{
    return lookup_in(msdiag_client_errorids, msdiag_client_errorids_count, code);
}

const char *
msdiag_client_range_component(guint32 code)
{
    return range_in(msdiag_client_ranges, msdiag_client_ranges_count, code);
}

static gboolean
ids_valid(const msdiag_errorid *tab, unsigned count)
{
    for (unsigned i = 1; i < count; i++)
        if (tab[i - 1].code >= tab[i].code)
            return FALSE;
    return TRUE;
}

static gboolean
ranges_valid(const msdiag_range *tab, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        if (tab[i].first > tab[i].last)
            return FALSE;
        if (i > 0 && tab[i - 1].last >= tab[i].first)
            return FALSE;
    }
    return TRUE;
}

gboolean
msdiag_tables_valid(void)
{
    return ids_valid(msdiag_errorids, msdiag_errorids_count) &&
           ranges_valid(msdiag_ranges, msdiag_ranges_count) &&
           ids_valid(msdiag_client_errorids, msdiag_client_errorids_count) &&
           ranges_valid(msdiag_client_ranges, msdiag_client_ranges_count);
}
