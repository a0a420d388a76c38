/* ErrorId tables for ms-diagnostics, generated from tables/msdiag-*.tsv. */
#ifndef MSDIAG_CODES_H
#define MSDIAG_CODES_H

#include <glib.h>

typedef enum {
    MSDIAG_SEV_FAILURE, /* the id reports a failure */
    MSDIAG_SEV_INFO     /* the id reports something that is not an error */
} msdiag_severity;

typedef struct {
    guint32 code;
    msdiag_severity severity;
    const char *range_text; /* as documented next to the id */
    const char *meaning;
    const char *source;     /* where the meaning is documented */
} msdiag_errorid;

typedef struct {
    guint32 first;
    guint32 last;
    const char *component;
    const char *source;     /* where the range is documented */
} msdiag_range;

/* generated, sorted by code / first */
extern const msdiag_errorid msdiag_errorids[];
extern const unsigned msdiag_errorids_count;
extern const msdiag_range msdiag_ranges[];
extern const unsigned msdiag_ranges_count;
extern const msdiag_errorid msdiag_client_errorids[];
extern const unsigned msdiag_client_errorids_count;
extern const msdiag_range msdiag_client_ranges[];
extern const unsigned msdiag_client_ranges_count;

/* NULL when the id is not documented individually. */
const msdiag_errorid *msdiag_lookup(guint32 code);

/* Component owning the id's range, NULL when no range is documented. */
const char *msdiag_range_component(guint32 code);

/* The same for ms-client-diagnostics ids (the client's own numbering). */
const msdiag_errorid *msdiag_client_lookup(guint32 code);
const char *msdiag_client_range_component(guint32 code);

/* TRUE when all generated tables are sorted and free of duplicates. */
gboolean msdiag_tables_valid(void);

#endif
