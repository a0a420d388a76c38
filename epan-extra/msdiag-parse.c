/* ms-diagnostics header value parser; see msdiag-parse.h for the grammar. */
#include "msdiag-parse.h"

#include <string.h>

typedef struct {
    const guint8 *buf;
    gsize len;
    gsize pos;
    msdiag_header *hdr;
} cursor;

static void
flag(cursor *c, msdiag_flag f, gsize at)
{
    if (c->hdr->flags == 0) {
        c->hdr->first_problem.off = at;
        c->hdr->first_problem.len = c->len > at ? c->len - at : 0;
    }
    c->hdr->flags |= f;
}

/* SP, HTAB and line folding (CR/LF followed by white space) */
static void
skip_lws(cursor *c)
{
    while (c->pos < c->len) {
        guint8 ch = c->buf[c->pos];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
            c->pos++;
        else
            break;
    }
}

static gboolean
is_digit(guint8 ch)
{
    return ch >= '0' && ch <= '9';
}

/* Reads decimal digits; returns FALSE when there are none. */
static gboolean
read_number(cursor *c, guint32 *value, msx_span *span)
{
    guint64 v = 0;
    gboolean overflow = FALSE;
    gsize start = c->pos;

    while (c->pos < c->len && is_digit(c->buf[c->pos])) {
        v = v * 10 + (c->buf[c->pos] - '0');
        if (v > G_MAXUINT32) {
            overflow = TRUE;
            v = G_MAXUINT32;
        }
        c->pos++;
    }
    span->off = start;
    span->len = c->pos - start;
    *value = (guint32)v;
    if (overflow)
        flag(c, MSDIAG_F_CODE_OVERFLOW, start);
    return span->len > 0;
}

/* Moves to the next ';' outside quotes (or the end). */
static void
resync(cursor *c)
{
    gboolean in_quote = FALSE;

    while (c->pos < c->len) {
        guint8 ch = c->buf[c->pos];
        if (in_quote && ch == '\\' && c->pos + 1 < c->len)
            c->pos++;
        else if (ch == '"')
            in_quote = !in_quote;
        else if (ch == ';' && !in_quote)
            return;
        c->pos++;
    }
}

static void
parse_code(cursor *c)
{
    msdiag_header *h = c->hdr;

    skip_lws(c);
    if (c->pos >= c->len || !is_digit(c->buf[c->pos])) {
        flag(c, MSDIAG_F_NO_CODE, c->pos);
        /* A value that starts with a parameter ("reason=...") still has its
         * parameters decoded; anything else is skipped to the next ';'. */
        return;
    }
    h->has_code = read_number(c, &h->code, &h->code_span);
    if (c->pos + 1 < c->len && c->buf[c->pos] == '.' && is_digit(c->buf[c->pos + 1])) {
        c->pos++;
        h->has_subcode = read_number(c, &h->subcode, &h->subcode_span);
    }
    skip_lws(c);
    if (c->pos < c->len && c->buf[c->pos] != ';') {
        /* "30x0": not an ErrorId at all, so no code is reported */
        flag(c, MSDIAG_F_CODE_NOT_NUMERIC, h->code_span.off);
        h->has_code = h->has_subcode = FALSE;
        resync(c);
    }
}

static gboolean
is_name_char(guint8 ch)
{
    return ch > ' ' && ch < 0x7f && ch != ';' && ch != '=' && ch != '"';
}

/* Length of the quote mark at pos: 1 for '"', 3 for U+201C or U+201D
 * (typographic quotes from a pasted document), 0 for anything else. */
static gsize
quote_len(const cursor *c, gsize pos)
{
    if (pos < c->len && c->buf[pos] == '"')
        return 1;
    if (pos + 2 < c->len && c->buf[pos] == 0xE2 && c->buf[pos + 1] == 0x80 &&
        (c->buf[pos + 2] == 0x9C || c->buf[pos + 2] == 0x9D))
        return 3;
    return 0;
}

/* The body of a quoted string, from after the opening quote through the
 * closing one; either quote form closes either. */
static void
scan_quoted(cursor *c, msdiag_param *p)
{
    p->value.off = c->pos;
    for (;;) {
        gsize close_len;
        if (c->pos >= c->len) {
            flag(c, MSDIAG_F_UNTERMINATED_QUOTE, p->value.off - (p->typo_quoted ? 3 : 1));
            p->value.len = c->pos - p->value.off;
            return;
        }
        if (c->buf[c->pos] == '\\') {
            p->escaped = TRUE;
            if (c->pos + 1 >= c->len) {
                flag(c, MSDIAG_F_BAD_ESCAPE, c->pos);
                c->pos++;
                continue;
            }
            c->pos += 2;
            continue;
        }
        if (c->buf[c->pos] == '\r' || c->buf[c->pos] == '\n')
            p->folded = TRUE;
        close_len = quote_len(c, c->pos);
        if (close_len > 0) {
            p->value.len = c->pos - p->value.off;
            c->pos += close_len;
            if (close_len > 1)
                p->typo_quoted = TRUE;
            return;
        }
        c->pos++;
    }
}

/* Parses one parameter starting at c->pos (after the ';' and white space).
 * Returns FALSE if nothing resembling a parameter was there. */
static gboolean
parse_param(cursor *c, msdiag_param *p)
{
    memset(p, 0, sizeof *p);
    p->whole.off = p->name.off = c->pos;
    while (c->pos < c->len && is_name_char(c->buf[c->pos]))
        c->pos++;
    p->name.len = c->pos - p->name.off;
    skip_lws(c);

    if (c->pos < c->len && c->buf[c->pos] == '=') {
        c->pos++;
        p->has_value = TRUE;
        skip_lws(c);
        gsize open_len = quote_len(c, c->pos);
        if (open_len > 0) {
            p->quoted = TRUE;
            p->typo_quoted = open_len > 1;
            c->pos += open_len;
            scan_quoted(c, p);
        } else {
            p->value.off = c->pos;
            while (c->pos < c->len && c->buf[c->pos] != ';' && c->buf[c->pos] != '"')
                c->pos++;
            p->value.len = c->pos - p->value.off;
            p->folded = memchr(c->buf + p->value.off, '\r', p->value.len) != NULL ||
                        memchr(c->buf + p->value.off, '\n', p->value.len) != NULL;
            /* trailing white space is not part of a token */
            while (p->value.len > 0) {
                guint8 ch = c->buf[p->value.off + p->value.len - 1];
                if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n')
                    break;
                p->value.len--;
            }
        }
    }
    p->whole.len = (p->has_value ? c->pos : p->name.off + p->name.len) - p->whole.off;
    if (p->has_value && !p->quoted)
        p->whole.len = p->value.off + p->value.len - p->whole.off;

    if (p->name.len == 0) {
        if (!p->has_value)
            return FALSE;
        flag(c, MSDIAG_F_EMPTY_NAME, p->whole.off);
    }

    skip_lws(c);
    if (c->pos < c->len && c->buf[c->pos] != ';') {
        flag(c, MSDIAG_F_JUNK, c->pos);
        resync(c);
    }
    return TRUE;
}

void
msdiag_parse(const guint8 *buf, gsize len, msdiag_header *out,
             msdiag_param_cb cb, void *user)
{
    cursor c = { buf, len, 0, out };

    memset(out, 0, sizeof *out);
    if (buf != NULL && len > 0 && memchr(buf, '\0', len) != NULL)
        flag(&c, MSDIAG_F_NUL, (const guint8 *)memchr(buf, '\0', len) - buf);

    /* Without a code, a leading "name=value" is still read as a parameter;
     * the ';' after the code is taken by the loop as an empty parameter. */
    parse_code(&c);

    while (c.pos < len) {
        gsize before = c.pos;
        msdiag_param p;

        skip_lws(&c);
        if (c.pos >= len)
            break;
        if (buf[c.pos] == ';') { /* empty parameter: ";;" */
            c.pos++;
            continue;
        }
        if (parse_param(&c, &p)) {
            out->n_params++;
            if (out->n_params <= MSDIAG_MAX_PARAMS) {
                if (cb != NULL)
                    cb(&p, user);
            } else if (!(out->flags & MSDIAG_F_TOO_MANY_PARAMS)) {
                flag(&c, MSDIAG_F_TOO_MANY_PARAMS, p.whole.off);
            }
        } else {
            flag(&c, MSDIAG_F_JUNK, c.pos);
            resync(&c);
        }
        if (c.pos < len && buf[c.pos] == ';')
            c.pos++;
        if (c.pos == before) /* cannot happen; guards the loop bound */
            c.pos++;
    }
}

gboolean
msx_span_equal_ci(const guint8 *buf, const msx_span *s, const char *name)
{
    gsize n = strlen(name);
    return s->len == n && g_ascii_strncasecmp((const char *)buf + s->off, name, n) == 0;
}

gsize
msdiag_unescape(const guint8 *src, gsize src_len, guint8 *dst)
{
    gsize i, o = 0;

    for (i = 0; i < src_len; i++) {
        if (src[i] == '\\' && i + 1 < src_len)
            i++;
        dst[o++] = src[i];
    }
    return o;
}

static gboolean
is_wsp(guint8 ch)
{
    return ch == ' ' || ch == '\t';
}

gsize
msdiag_value_text(const guint8 *buf, const msdiag_param *p, guint8 *dst)
{
    const guint8 *src = buf + p->value.off;
    gsize i, o = 0, n = p->value.len;

    for (i = 0; i < n; i++) {
        if (src[i] == '\\' && p->escaped && i + 1 < n) {
            dst[o++] = src[++i];
            continue;
        }
        if (src[i] == '\r' || src[i] == '\n') {
            /* LWS = [*WSP CRLF] 1*WSP: the whole run is one space */
            while (o > 0 && is_wsp(dst[o - 1]))
                o--;
            while (i + 1 < n && (src[i + 1] == '\r' || src[i + 1] == '\n' || is_wsp(src[i + 1])))
                i++;
            dst[o++] = ' ';
            continue;
        }
        dst[o++] = src[i];
    }
    return o;
}

const char *
msdiag_flag_text(msdiag_flag f)
{
    switch (f) {
    case MSDIAG_F_NO_CODE:            return "missing ErrorId";
    case MSDIAG_F_CODE_NOT_NUMERIC:   return "ErrorId is not a number";
    case MSDIAG_F_CODE_OVERFLOW:      return "ErrorId out of range";
    case MSDIAG_F_UNTERMINATED_QUOTE: return "unterminated quoted string";
    case MSDIAG_F_JUNK:               return "unexpected text";
    case MSDIAG_F_EMPTY_NAME:         return "parameter without a name";
    case MSDIAG_F_NUL:                return "NUL byte in header value";
    case MSDIAG_F_TOO_MANY_PARAMS:    return "too many parameters";
    case MSDIAG_F_BAD_ESCAPE:         return "backslash at end of quoted string";
    }
    return "malformed";
}
