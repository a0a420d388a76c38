/* Lookups in the generated ErrorId tables (binary search: the tables are sorted
 * at build time, and msdiag_tables_valid() is asserted by the unit tests). */
#include "msdiag-codes.h"

const msdiag_errorid *
msdiag_lookup(guint32 code)
{
    unsigned lo = 0, hi = msdiag_errorids_count;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (msdiag_errorids[mid].code == code)
            return &msdiag_errorids[mid];
        if (msdiag_errorids[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *
msdiag_range_component(guint32 code)
{
    unsigned lo = 0, hi = msdiag_ranges_count;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (code < msdiag_ranges[mid].first)
            hi = mid;
        else if (code > msdiag_ranges[mid].last)
            lo = mid + 1;
        else
            return msdiag_ranges[mid].component;
    }
    return NULL;
}

gboolean
msdiag_tables_valid(void)
{
    unsigned i;

    for (i = 1; i < msdiag_errorids_count; i++)
        if (msdiag_errorids[i - 1].code >= msdiag_errorids[i].code)
            return FALSE;
    for (i = 0; i < msdiag_ranges_count; i++) {
        if (msdiag_ranges[i].first > msdiag_ranges[i].last)
            return FALSE;
        if (i > 0 && msdiag_ranges[i - 1].last >= msdiag_ranges[i].first)
            return FALSE;
    }
    return TRUE;
}
