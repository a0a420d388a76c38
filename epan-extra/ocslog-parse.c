/* Streaming parser for OCS/Lync SIP text logs; see ocslog-parse.h for the
 * formats. Three layers, each with bounded state:
 *   decode  - BOM / UTF-16 detection and transcoding to UTF-8
 *   lines   - split on LF, strip CR, cut lines at max_line
 *   records - one state machine for both log families
 */
#include "ocslog-parse.h"

#include <string.h>
#include <stdarg.h>
#include <arpa/inet.h>

typedef enum {
    ENC_DETECT = 0,
    ENC_UTF8,
    ENC_UTF16LE,
    ENC_UTF16BE,
} text_encoding;

typedef enum {
    ST_IDLE = 0,
    ST_UCC_FIRST,   /* after "Sending Packet ... bytes:", waiting for the first SIP line */
    ST_UCC_MSG,     /* inside a uccapilog message, until "End of ..." */
    ST_SRV_META,    /* server record, before Start-Line */
    ST_SRV_HDRS,    /* server record, SIP headers */
    ST_SRV_BODY,    /* server record, after Message-Body: */
} parse_state;

/* UTF-16 input is transcoded in slices of this many bytes (output <= 1.5x). */
#define XCODE_SLICE 65536

struct ocslog_parser {
    ocslog_options    opt;
    ocslog_message_cb on_message;
    ocslog_warning_cb on_warning;
    void             *user;
    ocslog_stats      st;

    /* decode */
    text_encoding enc;
    guint8   head[4];
    gsize    head_len;
    gboolean u16_odd;        /* one byte of a code unit is pending */
    guint8   u16_odd_byte;
    guint32  u16_high;       /* pending high surrogate, 0 if none */
    gboolean u16_bad_warned;
    guint8  *xbuf;           /* transcoding output, XCODE_SLICE * 3 / 2 + 8 bytes */

    /* lines */
    guint8  *lbuf;           /* partial line carried between chunks, max_line bytes */
    gsize    llen;
    gboolean lcut;           /* the carried line exceeded max_line */

    /* record */
    parse_state    state;
    ocslog_message m;        /* header facts of the open record; data/len set on delivery */
    guint8        *mbuf;     /* message bytes, grows up to max_message */
    gsize          mlen;
    gsize          mcap;
    gboolean       in_headers;
    gboolean       have_via;
    gboolean       has_clen;
    guint64        clen;
    gsize          body_off;
    guint          body_lines;
    gboolean       body_dash;    /* Message-Body: "-" (empty) unless more lines follow */
    gboolean       srv_sip_meta; /* record announced a SIP message (Message-Type:) */
    guint64        orphan_line;  /* first line of record text seen outside a record, 0 none */
    gboolean       orphan_sip;   /* that text had a Start-Line */

    /* time */
    gint64   tz_key;         /* local hour the cached offset belongs to, -1 none */
    gint32   tz_offset;
    gboolean have_last_time;
    gint64   last_secs;
    guint32  last_nsecs;
};

/* --- flags as data --------------------------------------------------------- */

static const char *const flag_names[OCSLOG_MF_COUNT] = {
    "byte-count-mismatch",
    "no-end-marker",
    "truncated",
    "oversize",
    "long-line",
    "no-time",
    "bad-address",
    "content-length-mismatch",
    "no-direction",
};

const char *
ocslog_flag_name(guint flag)
{
    for (guint i = 0; i < OCSLOG_MF_COUNT; i++) {
        if (flag == (1u << i))
            return flag_names[i];
    }
    return NULL;
}

/* --- small helpers ---------------------------------------------------------- */

static void G_GNUC_PRINTF(3, 4)
warn(ocslog_parser *p, guint64 line, const char *fmt, ...)
{
    char text[320];
    va_list ap;
    va_start(ap, fmt);
    g_vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    p->st.warnings++;
    if (p->on_warning)
        p->on_warning(line, text, p->user);
}

static gboolean
has_prefix(const guint8 *s, gsize n, const char *lit)
{
    gsize l = strlen(lit);
    return n >= l && memcmp(s, lit, l) == 0;
}

static gboolean
has_prefix_ci(const guint8 *s, gsize n, const char *lit)
{
    gsize l = strlen(lit);
    return n >= l && g_ascii_strncasecmp((const char *)s, lit, l) == 0;
}

static gsize
rtrim_len(const guint8 *s, gsize n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n;
}

static gboolean
has_suffix(const guint8 *s, gsize n, const char *lit)
{
    gsize l = strlen(lit);
    n = rtrim_len(s, n);
    return n >= l && memcmp(s + n - l, lit, l) == 0;
}

static const guint8 *
find_bytes(const guint8 *s, gsize n, const char *lit)
{
    gsize l = strlen(lit);
    if (l == 0 || n < l)
        return NULL;
    for (const guint8 *q = s; (q = memchr(q, lit[0], (gsize)(s + n - q))) != NULL; q++) {
        if ((gsize)(s + n - q) < l)
            return NULL;
        if (memcmp(q, lit, l) == 0)
            return q;
    }
    return NULL;
}

/* Digits only, at most max_digits, value returned through out. */
static gboolean
parse_uint(const guint8 *s, gsize n, guint max_digits, guint64 *out)
{
    guint64 v = 0;
    if (n == 0 || n > max_digits)
        return FALSE;
    for (gsize i = 0; i < n; i++) {
        if (!g_ascii_isdigit(s[i]))
            return FALSE;
        v = v * 10 + (guint64)(s[i] - '0');
    }
    *out = v;
    return TRUE;
}

static int
two_digits(const guint8 *s)
{
    if (!g_ascii_isdigit(s[0]) || !g_ascii_isdigit(s[1]))
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* --- time -------------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static gint64
days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    gint64 era = (y >= 0 ? y : y - 399) / 400;
    gint64 yoe = y - era * 400;
    gint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* "MM/DD/YYYY<sep>HH:MM:SS[.fraction]" at s; returns the length read, 0 if not a time. */
static gsize
parse_datetime(const guint8 *s, gsize n, guint8 sep, int f[6], guint32 *nsecs)
{
    if (n < 19 || s[2] != '/' || s[5] != '/' || s[10] != sep || s[13] != ':' || s[16] != ':')
        return 0;
    int mo = two_digits(s), d = two_digits(s + 3);
    int yh = two_digits(s + 6), yl = two_digits(s + 8);
    int h = two_digits(s + 11), mi = two_digits(s + 14), se = two_digits(s + 17);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || yh < 0 || yl < 0 || h < 0 || h > 23 ||
        mi < 0 || mi > 59 || se < 0 || se > 60)
        return 0;
    gsize used = 19;
    guint32 ns = 0;
    if (used < n && s[used] == '.') {
        guint32 scale = 100000000;
        gsize i = used + 1;
        for (; i < n && g_ascii_isdigit(s[i]) && i < used + 10; i++) {
            ns += (guint32)(s[i] - '0') * scale;
            scale /= 10;
        }
        if (i > used + 1)
            used = i;
    }
    f[0] = yh * 100 + yl; f[1] = mo; f[2] = d; f[3] = h; f[4] = mi; f[5] = se;
    *nsecs = ns;
    return used;
}

/* Sets the record's time; an impossible date (year 0000, 02/30) is reported
 * and leaves the record without a time instead of writing a wrong one. */
static void
set_time(ocslog_parser *p, const int f[6], guint32 nsecs)
{
    if (!ocslog_date_valid(f[0], f[1], f[2])) {
        warn(p, p->st.lines, "impossible date %02d/%02d/%04d; the record keeps the time before it",
             f[1], f[2], f[0]);
        return;
    }
    gint64 local = days_from_civil(f[0], f[1], f[2]) * 86400 + f[3] * 3600 + f[4] * 60 + f[5];
    gint64 key = local / 3600;
    if (p->opt.tz && key != p->tz_key) {
        /* Offsets change on hour boundaries in practice: one zone lookup per log hour. */
        gint64 t = local;
        gint iv = g_time_zone_adjust_time(p->opt.tz, G_TIME_TYPE_STANDARD, &t);
        p->tz_offset = g_time_zone_get_offset(p->opt.tz, iv);
        p->tz_key = key;
    }
    gint64 secs = local - (p->opt.tz ? p->tz_offset : 0);
    if (secs < 0) {
        warn(p, p->st.lines, "time before 1970-01-01 UTC; the record keeps the time before it");
        return;
    }
    p->m.has_time = TRUE;
    p->m.secs = secs;
    p->m.nsecs = nsecs;
    p->have_last_time = TRUE;
    p->last_secs = p->m.secs;
    p->last_nsecs = nsecs;
}

GTimeZone *
ocslog_tz_from_string(const char *spec)
{
    if (spec == NULL || g_ascii_strcasecmp(spec, "utc") == 0 || g_ascii_strcasecmp(spec, "z") == 0)
        return g_time_zone_new_utc();
    if (g_ascii_strcasecmp(spec, "local") == 0)
        return g_time_zone_new_local();
    if (spec[0] == '+' || spec[0] == '-') {
        /* +H, +HH, +HHMM, +HH:MM */
        const char *q = spec + 1;
        int digits[4], nd = 0;
        for (; *q && nd < 4; q++) {
            if (*q == ':' && nd == 2)
                continue;
            if (!g_ascii_isdigit(*q))
                return NULL;
            digits[nd++] = *q - '0';
        }
        if (*q != '\0' || nd == 0 || nd == 3)
            return NULL;
        int hours = nd == 1 ? digits[0] : digits[0] * 10 + digits[1];
        int mins = nd == 4 ? digits[2] * 10 + digits[3] : 0;
        if (hours > 14 || mins > 59)
            return NULL;
        gint32 off = (hours * 3600 + mins * 60) * (spec[0] == '-' ? -1 : 1);
        return g_time_zone_new_offset(off);
    }
    return g_time_zone_new_identifier(spec);
}

/* --- endpoints and headers ----------------------------------------------------- */

/* "1.2.3.4:5061", "[2001:db8::1]:5061", "host.example.com:5061" or a bare host. */
static gboolean
parse_endpoint(const guint8 *s, gsize n, ocslog_endpoint *ep)
{
    memset(ep, 0, sizeof *ep);
    while (n > 0 && (s[0] == ' ' || s[0] == '\t')) { s++; n--; }
    n = rtrim_len(s, n);
    if (n == 0)
        return FALSE;
    /* the name goes into packet comments: keep it printable, valid UTF-8 */
    ocslog_text_clean(ep->name, sizeof ep->name, s, n);

    const guint8 *host = s, *port = NULL;
    gsize hlen = n, plen = 0;
    if (s[0] == '[') {
        const guint8 *close = memchr(s, ']', n);
        if (!close)
            return FALSE;
        host = s + 1;
        hlen = (gsize)(close - host);
        if (close + 1 < s + n) {
            if (close[1] != ':')
                return FALSE;
            port = close + 2;
            plen = (gsize)(s + n - port);
        }
    } else {
        const guint8 *colon = memchr(s, ':', n);
        /* exactly one colon: host:port; several: a bare IPv6 address */
        if (colon && memchr(colon + 1, ':', (gsize)(s + n - colon - 1)) == NULL) {
            hlen = (gsize)(colon - s);
            port = colon + 1;
            plen = (gsize)(s + n - port);
        }
    }
    gboolean ok = TRUE;
    if (port) {
        guint64 v;
        if (parse_uint(port, plen, 5, &v) && v <= 65535) {
            ep->has_port = TRUE;
            ep->port = (guint16)v;
        } else {
            ok = FALSE;
        }
    }
    char tmp[64];
    if (hlen > 0 && hlen < sizeof tmp) {
        memcpy(tmp, host, hlen);
        tmp[hlen] = '\0';
        if (inet_pton(AF_INET, tmp, ep->addr) == 1)
            ep->family = 4;
        else if (inet_pton(AF_INET6, tmp, ep->addr) == 1)
            ep->family = 6;
    }
    return ok && hlen > 0;
}

typedef struct {
    const char      *token;
    ocslog_transport transport;
} transport_name;

static const transport_name transports[] = {
    { "TLS", OCSLOG_TRANSPORT_TLS },
    { "TCP", OCSLOG_TRANSPORT_TCP },
    { "UDP", OCSLOG_TRANSPORT_UDP },
};

/* Header name match, "Name:" with optional white space before the colon; returns value start. */
static const guint8 *
header_value(const guint8 *s, gsize n, const char *name)
{
    gsize l = strlen(name);
    if (n <= l || g_ascii_strncasecmp((const char *)s, name, l) != 0)
        return NULL;
    gsize i = l;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= n || s[i] != ':')
        return NULL;
    i++;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return s + i;
}

/* Top Via ("Via:" or compact "v:") gives the transport of the hop the message travelled. */
static void
note_header(ocslog_parser *p, const guint8 *s, gsize n)
{
    const guint8 *v;
    if (!p->have_via && ((v = header_value(s, n, "via")) != NULL || (v = header_value(s, n, "v")) != NULL)) {
        gsize rest = (gsize)(s + n - v);
        p->have_via = TRUE;
        if (has_prefix_ci(v, rest, "SIP/2.0/")) {
            for (guint i = 0; i < G_N_ELEMENTS(transports); i++) {
                if (has_prefix_ci(v + 8, rest - 8, transports[i].token)) {
                    p->m.transport = transports[i].transport;
                    break;
                }
            }
        }
        return;
    }
    if (!p->has_clen && ((v = header_value(s, n, "content-length")) != NULL ||
                         (v = header_value(s, n, "l")) != NULL)) {
        guint64 len;
        if (parse_uint(v, rtrim_len(v, (gsize)(s + n - v)), 12, &len)) {
            p->has_clen = TRUE;
            p->clen = len;
        }
    }
}

/* --- message buffer ------------------------------------------------------------- */

static void
flag(ocslog_parser *p, guint bit)
{
    p->m.flags |= bit;
}

static void
msg_append(ocslog_parser *p, const guint8 *s, gsize n)
{
    gsize room = p->opt.max_message - p->mlen;
    if (n > room) {
        if (!(p->m.flags & OCSLOG_MF_OVERSIZE)) {
            flag(p, OCSLOG_MF_OVERSIZE);
            warn(p, p->st.lines, "message begun at line %" G_GUINT64_FORMAT " exceeds %" G_GSIZE_FORMAT
                 " bytes; the rest is cut", p->m.line, p->opt.max_message);
        }
        n = room;
    }
    if (n == 0)
        return;
    if (p->mlen + n > p->mcap) {
        gsize cap = p->mcap ? p->mcap : 4096;
        while (cap < p->mlen + n)
            cap *= 2;
        cap = MIN(cap, p->opt.max_message);
        p->mbuf = g_realloc(p->mbuf, cap);
        p->mcap = cap;
    }
    memcpy(p->mbuf + p->mlen, s, n);
    p->mlen += n;
}

static void
msg_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    msg_append(p, s, n);
    msg_append(p, (const guint8 *)"\r\n", 2);
}

static void
record_begin(ocslog_parser *p, ocslog_format fmt)
{
    memset(&p->m, 0, sizeof p->m);
    p->m.format = fmt;
    p->m.line = p->st.lines;
    p->mlen = 0;
    p->in_headers = TRUE;
    p->have_via = FALSE;
    p->has_clen = FALSE;
    p->clen = 0;
    p->body_off = 0;
    p->body_lines = 0;
    p->body_dash = FALSE;
    p->srv_sip_meta = FALSE;
    p->orphan_line = 0;      /* record text without its end was no record */
    p->orphan_sip = FALSE;
}

static void
deliver(ocslog_parser *p)
{
    if (!p->m.has_time) {
        flag(p, OCSLOG_MF_NO_TIME);
        if (p->have_last_time) {
            p->m.secs = p->last_secs;
            p->m.nsecs = p->last_nsecs;
        }
    }
    if (p->m.dir == OCSLOG_DIR_UNKNOWN && !(p->m.flags & OCSLOG_MF_NO_DIRECTION)) {
        flag(p, OCSLOG_MF_NO_DIRECTION);
        warn(p, p->m.line, "record has no direction");
    }
    p->m.data = p->mbuf;
    p->m.len = p->mlen;
    p->st.messages++;
    if (p->m.flags)
        p->st.flagged++;
    if (p->on_message)
        p->on_message(&p->m, p->user);
    p->state = ST_IDLE;
    p->mlen = 0;
}

static void
lose(ocslog_parser *p, const char *why)
{
    p->st.lost++;
    warn(p, p->m.line, "message record lost: %s", why);
    p->state = ST_IDLE;
    p->mlen = 0;
}

/* --- uccapilog -------------------------------------------------------------------- */

/* "MM/DD/YYYY|HH:MM:SS.mmm PID:TID LEVEL  :: text"; on success *text points after ":: ". */
static gboolean
ucc_prefix(const guint8 *s, gsize n, int f[6], guint32 *nsecs, const guint8 **text)
{
    gsize used = parse_datetime(s, n, '|', f, nsecs);
    if (used == 0)
        return FALSE;
    /* thread ids and level are short; look for the separator in a bounded window */
    const guint8 *sep = find_bytes(s + used, MIN(n - used, 64), "::");
    if (!sep)
        return FALSE;
    sep += 2;
    if (sep < s + n && *sep == ' ')
        sep++;
    *text = sep;
    return TRUE;
}

/* "METHOD uri SIP/2.0" or "SIP/2.0 code reason" */
static gboolean
is_sip_start_line(const guint8 *s, gsize n)
{
    return has_prefix(s, n, "SIP/2.0 ") || has_suffix(s, n, " SIP/2.0");
}

/* Cheap shape test used inside messages, where most lines are SIP text. */
static gboolean
looks_ucc_prefixed(const guint8 *s, gsize n)
{
    return n >= 23 && s[2] == '/' && s[5] == '/' && s[10] == '|' && g_ascii_isdigit(s[0]);
}

static void
ucc_header(ocslog_parser *p, const guint8 *t, gsize n, const int f[6], guint32 nsecs)
{
    record_begin(p, OCSLOG_FMT_UCCAPI);
    set_time(p, f, nsecs);
    const guint8 *end = t + n;
    /* "(From Local Address: X)" when sending, "(To Local Address: X)" when receiving */
    const char *local_tag = "Local Address:";
    if (has_prefix(t, n, "Sending Packet - ")) {
        p->m.dir = OCSLOG_DIR_SENT;
        t += 17;
    } else {
        p->m.dir = OCSLOG_DIR_RECEIVED;
        t += 16;
    }
    const guint8 *paren = find_bytes(t, (gsize)(end - t), " (");
    const guint8 *peer_end = paren ? paren : end;
    if (!paren) {
        const guint8 *sp = memchr(t, ' ', (gsize)(end - t));
        if (sp)
            peer_end = sp;
    }
    if (!parse_endpoint(t, (gsize)(peer_end - t), &p->m.peer) || p->m.peer.family == 0) {
        flag(p, OCSLOG_MF_BAD_ADDRESS);
        warn(p, p->m.line, "peer address not understood");
    }
    const guint8 *after = peer_end;
    if (paren) {
        const guint8 *la = find_bytes(paren, (gsize)(end - paren), local_tag);
        const guint8 *close = memchr(paren, ')', (gsize)(end - paren));
        if (la && close && la < close) {
            la += strlen(local_tag);
            if (!parse_endpoint(la, (gsize)(close - la), &p->m.local) || p->m.local.family == 0) {
                flag(p, OCSLOG_MF_BAD_ADDRESS);
                warn(p, p->m.line, "local address not understood");
            }
            after = close + 1;
        } else {
            flag(p, OCSLOG_MF_BAD_ADDRESS);
            warn(p, p->m.line, "local address missing");
        }
    }
    /* " N bytes:" */
    while (after < end && *after == ' ')
        after++;
    const guint8 *num_end = after;
    while (num_end < end && g_ascii_isdigit(*num_end))
        num_end++;
    guint64 count;
    if (parse_uint(after, (gsize)(num_end - after), 12, &count) &&
        has_prefix(num_end, (gsize)(end - num_end), " bytes")) {
        p->m.has_declared_len = TRUE;
        p->m.declared_len = count;
    } else {
        warn(p, p->m.line, "packet header has no byte count");
    }
    p->state = ST_UCC_FIRST;
}

static void
ucc_finish(ocslog_parser *p)
{
    if (p->m.has_declared_len && !(p->m.flags & OCSLOG_MF_OVERSIZE)) {
        guint64 want = p->m.declared_len, have = p->mlen;
        gboolean crlf_tail = TRUE;
        for (guint64 i = want; i < have && crlf_tail; i++)
            crlf_tail = p->mbuf[i] == '\r' || p->mbuf[i] == '\n';
        if (have > want && have - want <= 4 && crlf_tail) {
            /* the logger ends the dump with a line break the message did not have */
            p->mlen = (gsize)want;
        } else if (have + 2 == want && p->in_headers && !(p->m.flags & OCSLOG_MF_TRUNCATED)) {
            /* the empty line closing a body-less header block was not logged */
            msg_append(p, (const guint8 *)"\r\n", 2);
        } else if (have != want) {
            /* report the size the message has once the logger's final line break is gone */
            if (!p->in_headers && p->has_clen && p->mlen >= p->body_off + 2 &&
                p->mlen - p->body_off == p->clen + 2 && p->mbuf[p->mlen - 1] == '\n') {
                p->mlen -= 2;
                have = p->mlen;
            }
            flag(p, OCSLOG_MF_LENGTH_MISMATCH);
            warn(p, p->m.line, "byte count says %" G_GUINT64_FORMAT ", log holds %" G_GUINT64_FORMAT,
                 want, have);
        }
    }
    deliver(p);
}

/* --- server logger ------------------------------------------------------------------ */

static void
srv_begin(ocslog_parser *p, const guint8 *s, gsize n)
{
    record_begin(p, OCSLOG_FMT_SERVER);
    /* "...::MM/DD/YYYY-HH:MM:SS.mmm.seq (" */
    const guint8 *dc = find_bytes(s, n, "::");
    int f[6];
    guint32 ns;
    if (dc && parse_datetime(dc + 2, (gsize)(s + n - dc - 2), '-', f, &ns))
        set_time(p, f, ns);
    p->state = ST_SRV_META;
}

static void
srv_finish(ocslog_parser *p)
{
    p->body_dash = FALSE;
    gsize body = p->mlen - p->body_off;
    if (p->has_clen && !(p->m.flags & (OCSLOG_MF_OVERSIZE | OCSLOG_MF_TRUNCATED)) && p->clen != body) {
        if (p->clen == body + 2 && p->body_lines > 0) {
            /* the body's final line break is not kept by the logger */
            msg_append(p, (const guint8 *)"\r\n", 2);
        } else {
            flag(p, OCSLOG_MF_BODY_LENGTH);
            warn(p, p->m.line, "Content-Length says %" G_GUINT64_FORMAT ", logged body has %" G_GSIZE_FORMAT
                 " bytes", p->clen, body);
        }
    }
    deliver(p);
}

static void
srv_meta_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    const guint8 *v;
    if ((v = header_value(s, n, "Start-Line")) != NULL) {
        msg_line(p, v, (gsize)(s + n - v));
        p->state = ST_SRV_HDRS;
    } else if ((v = header_value(s, n, "Direction")) != NULL) {
        gsize l = (gsize)(s + n - v);
        if (has_prefix_ci(v, l, "incoming"))
            p->m.dir = OCSLOG_DIR_RECEIVED;
        else if (has_prefix_ci(v, l, "outgoing"))
            p->m.dir = OCSLOG_DIR_SENT;
    } else if ((v = header_value(s, n, "Peer")) != NULL) {
        if (!parse_endpoint(v, (gsize)(s + n - v), &p->m.peer)) {
            flag(p, OCSLOG_MF_BAD_ADDRESS);
            warn(p, p->st.lines, "peer not understood");
        }
    } else if (header_value(s, n, "Message-Type") != NULL) {
        p->srv_sip_meta = TRUE;
    }
}

static void
srv_body_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    if (p->body_dash) {
        /* a lone "-" followed by more text was content after all */
        p->body_dash = FALSE;
        msg_append(p, (const guint8 *)"-", 1);
        p->body_lines = 1;
    }
    if (p->body_lines > 0)
        msg_append(p, (const guint8 *)"\r\n", 2);
    msg_append(p, s, n);
    p->body_lines++;
}

/* A header or body line of a server record (markers already handled). */
static void
srv_content_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    if (p->state == ST_SRV_BODY) {
        srv_body_line(p, s, n);
        return;
    }
    const guint8 *v = header_value(s, n, "Message-Body");
    if (!v) {
        note_header(p, s, n);
        msg_line(p, s, n);
        return;
    }
    msg_append(p, (const guint8 *)"\r\n", 2);
    p->body_off = p->mlen;
    p->state = ST_SRV_BODY;
    gsize vl = rtrim_len(v, (gsize)(s + n - v));
    if ((vl == 1 && v[0] == '-') || (vl == 3 && memcmp(v, "\xE2\x80\x93", 3) == 0))
        p->body_dash = TRUE;   /* the logger's "no body" mark */
    else if (vl > 0)
        srv_body_line(p, v, (gsize)(s + n - v));
}

/* --- line dispatch -------------------------------------------------------------------- */

/* A line outside any record. Server-record lines here mean the record's
 * $$begin_record line is missing: its message cannot be placed in time or
 * direction, so it is counted and reported, never dropped silently. */
static void
idle_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    if (header_value(s, n, "Start-Line") != NULL) {
        if (p->orphan_line == 0)
            p->orphan_line = p->st.lines;
        p->orphan_sip = TRUE;
    } else if (header_value(s, n, "Direction") != NULL || header_value(s, n, "Peer") != NULL) {
        if (p->orphan_line == 0)
            p->orphan_line = p->st.lines;
    } else if (has_suffix(s, n, "$$end_record")) {
        guint64 from = p->orphan_line ? p->orphan_line : p->st.lines;
        if (p->orphan_sip) {
            p->st.lost++;
            warn(p, from, "record (lines %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT ") has no "
                 "$$begin_record line; its SIP message is lost", from, p->st.lines);
        } else {
            p->st.other_records++;
            warn(p, from, "record (lines %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT ") has no "
                 "$$begin_record line; skipped", from, p->st.lines);
        }
        p->orphan_line = 0;
        p->orphan_sip = FALSE;
    }
}

static void
handle_line(ocslog_parser *p, const guint8 *s, gsize n, gboolean cut)
{
    int f[6];
    guint32 ns;
    const guint8 *t;

    if (cut) {
        if (p->state != ST_IDLE)
            flag(p, OCSLOG_MF_LONG_LINE);
        warn(p, p->st.lines, "line longer than %" G_GSIZE_FORMAT " bytes; the rest is cut", p->opt.max_line);
    }

    for (;;) {
        switch (p->state) {
        case ST_IDLE:
            if (ucc_prefix(s, n, f, &ns, &t)) {
                gsize tl = (gsize)(s + n - t);
                if (has_prefix(t, tl, "Sending Packet - ") || has_prefix(t, tl, "Data Received - "))
                    ucc_header(p, t, tl, f, ns);
            } else if (has_suffix(s, n, "$$begin_record")) {
                srv_begin(p, s, n);
            } else {
                idle_line(p, s, n);
            }
            return;

        case ST_UCC_FIRST:
            if (ucc_prefix(s, n, f, &ns, &t)) {
                gsize tl = (gsize)(s + n - t);
                if (has_prefix(t, tl, "End of ")) {
                    lose(p, "packet header without a SIP message");
                    return;
                }
                if (!is_sip_start_line(t, tl)) {
                    lose(p, "packet header without a SIP message");
                    continue;
                }
                msg_line(p, t, tl);
            } else if (has_suffix(s, n, "$$begin_record")) {
                lose(p, "packet header without a SIP message");
                continue;
            } else {
                msg_line(p, s, n);   /* first SIP line logged without the prefix */
            }
            p->state = ST_UCC_MSG;
            return;

        case ST_UCC_MSG:
            if (looks_ucc_prefixed(s, n) && ucc_prefix(s, n, f, &ns, &t)) {
                if (has_prefix(t, (gsize)(s + n - t), "End of ")) {
                    ucc_finish(p);
                    return;
                }
                flag(p, OCSLOG_MF_NO_END);
                warn(p, p->st.lines, "message begun at line %" G_GUINT64_FORMAT " ends without its End marker",
                     p->m.line);
                ucc_finish(p);
                continue;
            }
            if (has_suffix(s, n, "$$begin_record")) {
                flag(p, OCSLOG_MF_NO_END);
                warn(p, p->st.lines, "message begun at line %" G_GUINT64_FORMAT " ends without its End marker",
                     p->m.line);
                ucc_finish(p);
                continue;
            }
            msg_line(p, s, n);
            if (p->in_headers) {
                if (n == 0) {
                    p->in_headers = FALSE;
                    p->body_off = p->mlen;
                } else {
                    note_header(p, s, n);
                }
            }
            return;

        case ST_SRV_META:
            if (has_suffix(s, n, "$$end_record") || has_suffix(s, n, "$$begin_record")) {
                gboolean begin = has_suffix(s, n, "$$begin_record");
                if (p->srv_sip_meta)
                    lose(p, "record has no Start-Line");
                else
                    p->st.other_records++;
                p->state = ST_IDLE;
                if (begin)
                    continue;
                return;
            }
            srv_meta_line(p, s, n);
            return;

        case ST_SRV_HDRS:
        case ST_SRV_BODY: {
            gboolean end = has_suffix(s, n, "$$end_record");
            if (!end && !has_suffix(s, n, "$$begin_record")) {
                srv_content_line(p, s, n);
                return;
            }
            if (end) {
                gsize l = rtrim_len(s, n) - 12;   /* text before the marker */
                if (l > 0)
                    srv_content_line(p, s, l);
            } else {
                flag(p, OCSLOG_MF_NO_END);
                warn(p, p->st.lines, "record begun at line %" G_GUINT64_FORMAT " ends without $$end_record",
                     p->m.line);
            }
            if (p->state == ST_SRV_HDRS) {
                /* loggers leave the line out when there is no body */
                if (end && !(p->has_clen && p->clen == 0))
                    warn(p, p->m.line, "record has no Message-Body line");
                msg_append(p, (const guint8 *)"\r\n", 2);
                p->body_off = p->mlen;
            }
            srv_finish(p);
            if (end)
                return;
            continue;
        }
        }
        return;
    }
}

/* --- lines ----------------------------------------------------------------------------- */

static void
line_out(ocslog_parser *p, const guint8 *s, gsize n, gboolean cut)
{
    p->st.lines++;
    if (!cut && n > 0 && s[n - 1] == '\r')
        n--;
    if (n > p->opt.max_line) {
        n = p->opt.max_line;
        cut = TRUE;
    }
    handle_line(p, s, n, cut);
}

static void
split_lines(ocslog_parser *p, const guint8 *s, gsize n)
{
    while (n > 0) {
        const guint8 *nl = memchr(s, '\n', n);
        gsize seg = nl ? (gsize)(nl - s) : n;
        if (nl && p->llen == 0 && !p->lcut) {
            line_out(p, s, seg, FALSE);   /* whole line inside this chunk: no copy */
        } else {
            gsize room = p->opt.max_line + 1 - p->llen;   /* +1 keeps a CR that may precede LF */
            gsize take = MIN(seg, room);
            memcpy(p->lbuf + p->llen, s, take);
            p->llen += take;
            if (take < seg)
                p->lcut = TRUE;
            if (nl) {
                line_out(p, p->lbuf, p->llen, p->lcut);
                p->llen = 0;
                p->lcut = FALSE;
            }
        }
        if (!nl)
            return;
        s = nl + 1;
        n -= seg + 1;
    }
}

/* --- decoding -------------------------------------------------------------------------- */

static gsize
put_utf8(guint8 *o, guint32 c)
{
    if (c < 0x80) {
        o[0] = (guint8)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (guint8)(0xC0 | (c >> 6));
        o[1] = (guint8)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (guint8)(0xE0 | (c >> 12));
        o[1] = (guint8)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (guint8)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (guint8)(0xF0 | (c >> 18));
    o[1] = (guint8)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (guint8)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (guint8)(0x80 | (c & 0x3F));
    return 4;
}

static void
bad_utf16(ocslog_parser *p)
{
    if (!p->u16_bad_warned) {
        p->u16_bad_warned = TRUE;
        warn(p, p->st.lines + 1, "invalid UTF-16 (unpaired surrogate) replaced by U+FFFD; further ones not reported");
    }
}

static gsize
utf16_unit(ocslog_parser *p, guint32 u, guint8 *o)
{
    if (p->u16_high) {
        guint32 hi = p->u16_high;
        p->u16_high = 0;
        if (u >= 0xDC00 && u <= 0xDFFF)
            return put_utf8(o, 0x10000 + ((hi - 0xD800) << 10) + (u - 0xDC00));
        bad_utf16(p);
        gsize k = put_utf8(o, 0xFFFD);
        return k + utf16_unit(p, u, o + k);
    }
    if (u >= 0xD800 && u <= 0xDBFF) {
        p->u16_high = u;
        return 0;
    }
    if (u >= 0xDC00 && u <= 0xDFFF) {
        bad_utf16(p);
        u = 0xFFFD;
    }
    return put_utf8(o, u);
}

static void
utf16_feed(ocslog_parser *p, const guint8 *s, gsize n)
{
    gboolean le = p->enc == ENC_UTF16LE;
    while (n > 0) {
        gsize slice = MIN(n, XCODE_SLICE);
        guint8 *o = p->xbuf;
        gsize i = 0;
        if (p->u16_odd) {
            guint32 u = le ? (guint32)(p->u16_odd_byte | (s[0] << 8)) : (guint32)((p->u16_odd_byte << 8) | s[0]);
            p->u16_odd = FALSE;
            o += utf16_unit(p, u, o);
            i = 1;
        }
        for (; i + 1 < slice; i += 2) {
            guint32 u = le ? (guint32)(s[i] | (s[i + 1] << 8)) : (guint32)((s[i] << 8) | s[i + 1]);
            if (u < 0x80 && !p->u16_high)
                *o++ = (guint8)u;
            else
                o += utf16_unit(p, u, o);
        }
        if (i < slice) {
            p->u16_odd = TRUE;
            p->u16_odd_byte = s[i];
        }
        split_lines(p, p->xbuf, (gsize)(o - p->xbuf));
        s += slice;
        n -= slice;
    }
}

static void
decode_feed(ocslog_parser *p, const guint8 *s, gsize n)
{
    if (p->enc == ENC_UTF8)
        split_lines(p, s, n);
    else
        utf16_feed(p, s, n);
}

/* Picks the encoding from the first bytes: BOMs, else the NUL pattern of UTF-16 ASCII. */
static void
detect(ocslog_parser *p)
{
    const guint8 *h = p->head;
    gsize n = p->head_len, skip = 0;
    if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
        p->enc = ENC_UTF8;
        skip = 3;
    } else if (n >= 2 && h[0] == 0xFF && h[1] == 0xFE) {
        p->enc = ENC_UTF16LE;
        skip = 2;
    } else if (n >= 2 && h[0] == 0xFE && h[1] == 0xFF) {
        p->enc = ENC_UTF16BE;
        skip = 2;
    } else if (n >= 4 && h[0] != 0 && h[1] == 0 && h[2] != 0 && h[3] == 0) {
        p->enc = ENC_UTF16LE;
    } else if (n >= 4 && h[0] == 0 && h[1] != 0 && h[2] == 0 && h[3] != 0) {
        p->enc = ENC_UTF16BE;
    } else {
        p->enc = ENC_UTF8;
    }
    if (p->enc != ENC_UTF8)
        p->xbuf = g_malloc(XCODE_SLICE * 3 / 2 + 8);
    decode_feed(p, h + skip, n - skip);
}

/* --- public ---------------------------------------------------------------------------- */

ocslog_parser *
ocslog_parser_new(const ocslog_options *opt, ocslog_message_cb on_message,
                  ocslog_warning_cb on_warning, void *user)
{
    ocslog_parser *p = g_new0(ocslog_parser, 1);
    if (opt)
        p->opt = *opt;
    if (p->opt.max_message == 0)
        p->opt.max_message = OCSLOG_DEFAULT_MAX_MESSAGE;
    if (p->opt.max_line == 0)
        p->opt.max_line = OCSLOG_DEFAULT_MAX_LINE;
    if (p->opt.tz)
        p->opt.tz = g_time_zone_ref(p->opt.tz);
    p->on_message = on_message;
    p->on_warning = on_warning;
    p->user = user;
    p->lbuf = g_malloc(p->opt.max_line + 1);
    p->tz_key = -1;
    return p;
}

void
ocslog_parser_feed(ocslog_parser *p, const guint8 *buf, gsize len)
{
    p->st.bytes_in += len;
    if (p->enc == ENC_DETECT) {
        gsize take = MIN(len, sizeof p->head - p->head_len);
        memcpy(p->head + p->head_len, buf, take);
        p->head_len += take;
        buf += take;
        len -= take;
        if (p->head_len < sizeof p->head)
            return;
        detect(p);
    }
    if (len > 0)
        decode_feed(p, buf, len);
}

void
ocslog_parser_finish(ocslog_parser *p)
{
    if (p->enc == ENC_DETECT)
        detect(p);
    if (p->u16_odd || p->u16_high) {
        warn(p, p->st.lines + 1, "input ends inside a UTF-16 character");
        p->u16_odd = FALSE;
        p->u16_high = 0;
    }
    if (p->llen > 0 || p->lcut) {
        line_out(p, p->lbuf, p->llen, p->lcut);   /* last line without a line break */
        p->llen = 0;
        p->lcut = FALSE;
    }
    switch (p->state) {
    case ST_IDLE:
        if (p->orphan_sip) {
            p->st.lost++;
            warn(p, p->orphan_line, "record text without $$begin_record or $$end_record; its SIP message "
                 "is lost");
        }
        break;
    case ST_UCC_FIRST:
        lose(p, "input ends after the packet header");
        break;
    case ST_SRV_META:
        if (p->srv_sip_meta)
            lose(p, "input ends before Start-Line");
        else
            warn(p, p->m.line, "input ends inside a record");
        p->state = ST_IDLE;
        break;
    case ST_UCC_MSG:
        flag(p, OCSLOG_MF_TRUNCATED);
        warn(p, p->m.line, "input ends inside the message begun here");
        ucc_finish(p);
        break;
    case ST_SRV_HDRS:
    case ST_SRV_BODY:
        flag(p, OCSLOG_MF_TRUNCATED);
        warn(p, p->m.line, "input ends inside the record begun here");
        if (p->state == ST_SRV_HDRS) {
            msg_append(p, (const guint8 *)"\r\n", 2);
            p->body_off = p->mlen;
        }
        srv_finish(p);
        break;
    }
}

const ocslog_stats *
ocslog_parser_stats(const ocslog_parser *p)
{
    return &p->st;
}

void
ocslog_parser_free(ocslog_parser *p)
{
    if (!p)
        return;
    if (p->opt.tz)
        g_time_zone_unref(p->opt.tz);
    g_free(p->lbuf);
    g_free(p->xbuf);
    g_free(p->mbuf);
    g_free(p);
}
