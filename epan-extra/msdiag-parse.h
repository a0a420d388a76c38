/* Parser for the ms-diagnostics family of SIP header values ([MS-OCER]).
 *
 *   value      = ErrorId ["." SubCode] *( SEMI param )
 *   param      = name [ EQUAL ( token / quoted-string ) ]
 *
 * Parameters come in any order; quoted strings may hold ';' and ',' and
 * backslash escapes; folded lines (CRLF + WSP) count as white space, inside
 * quotes too (RFC 3261 7.3.1: the fold reads as one space). Values pasted from
 * documents sometimes come in typographic quotes (U+201C/U+201D): they are
 * accepted like '"' and reported through msdiag_param.typo_quoted.
 * The parser never stops at the first problem: it records it in flags and
 * resynchronises at the next ';' outside quotes, so the caller can still show
 * everything after the damage.
 */
#ifndef MSDIAG_PARSE_H
#define MSDIAG_PARSE_H

#include <glib.h>
#include "msx-span.h"

/* Parameters beyond this many are counted but not reported one by one. */
#define MSDIAG_MAX_PARAMS 256

typedef enum {
    MSDIAG_F_NO_CODE            = 1u << 0, /* value does not start with a digit */
    MSDIAG_F_CODE_NOT_NUMERIC   = 1u << 1, /* digits followed by other characters */
    MSDIAG_F_CODE_OVERFLOW      = 1u << 2, /* ErrorId or sub-code beyond 32 bits */
    MSDIAG_F_UNTERMINATED_QUOTE = 1u << 3,
    MSDIAG_F_JUNK               = 1u << 4, /* text where a ';' or the end was expected */
    MSDIAG_F_EMPTY_NAME         = 1u << 5, /* '=value' without a name */
    MSDIAG_F_NUL                = 1u << 6, /* NUL byte in the value */
    MSDIAG_F_TOO_MANY_PARAMS    = 1u << 7,
    MSDIAG_F_BAD_ESCAPE         = 1u << 8, /* backslash at the end of a quoted string */
} msdiag_flag;

typedef struct {
    msx_span whole;      /* name through end of value */
    msx_span name;
    msx_span value;      /* for quoted values: inside the quotes, escapes still in place */
    gboolean has_value;
    gboolean quoted;
    gboolean escaped;    /* value holds backslash escapes: use msdiag_value_text() */
    gboolean folded;     /* value holds a line fold (CR/LF): use msdiag_value_text() */
    gboolean typo_quoted;/* quoted with U+201C/U+201D instead of '"' */
} msdiag_param;

typedef struct {
    gboolean has_code;
    guint32  code;
    msx_span code_span;
    gboolean has_subcode;
    guint32  subcode;
    msx_span subcode_span;
    guint    flags;          /* msdiag_flag bits */
    msx_span first_problem;  /* where the first flagged problem starts (len may be 0) */
    guint    n_params;       /* all parameters seen, reported or not */
} msdiag_header;

/* Called for each of the first MSDIAG_MAX_PARAMS parameters. */
typedef void (*msdiag_param_cb)(const msdiag_param *param, void *user);

void msdiag_parse(const guint8 *buf, gsize len, msdiag_header *out,
                  msdiag_param_cb cb, void *user);

/* Case-insensitive comparison of a span with a NUL-terminated ASCII name. */
gboolean msx_span_equal_ci(const guint8 *buf, const msx_span *s, const char *name);

/* Copies a quoted-string body without its backslash escapes into dst (room for
 * src_len bytes); returns the number of bytes written. */
gsize msdiag_unescape(const guint8 *src, gsize src_len, guint8 *dst);

/* A parameter's value as text into dst (room for value.len bytes): backslash
 * escapes removed and every fold (optional white space, CR/LF, white space)
 * replaced by one space. Returns the number of bytes written. */
gsize msdiag_value_text(const guint8 *buf, const msdiag_param *p, guint8 *dst);

/* Human-readable text for one flag (for expert infos). */
const char *msdiag_flag_text(msdiag_flag flag);

#endif
