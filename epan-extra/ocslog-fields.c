/* Field readers for the ocslog parser: warnings, numbers, time stamps and
 * time zones, endpoints, the SIP headers the parser needs (Via, Content-Length). */
#include "ocslog-int.h"

#include <stdarg.h>
#include <arpa/inet.h>

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

void G_GNUC_PRINTF(3, 4)
ocslog_warn(ocslog_parser *p, guint64 line, const char *fmt, ...)
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

const guint8 *
ocslog_find_bytes(const guint8 *s, gsize n, const char *lit)
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
gboolean
ocslog_parse_uint(const guint8 *s, gsize n, guint max_digits, guint64 *out)
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
gsize
ocslog_parse_datetime(const guint8 *s, gsize n, guint8 sep, int f[6], guint32 *nsecs)
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
void
ocslog_set_time(ocslog_parser *p, const int f[6], guint32 nsecs)
{
    if (!ocslog_date_valid(f[0], f[1], f[2])) {
        ocslog_warn(p, p->st.lines, "impossible date %02d/%02d/%04d; the record keeps the time before it",
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
        ocslog_warn(p, p->st.lines, "time before 1970-01-01 UTC; the record keeps the time before it");
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
gboolean
ocslog_parse_endpoint(const guint8 *s, gsize n, ocslog_endpoint *ep)
{
    memset(ep, 0, sizeof *ep);
    while (n > 0 && (s[0] == ' ' || s[0] == '\t')) { s++; n--; }
    n = ocslog_rtrim_len(s, n);
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
        if (ocslog_parse_uint(port, plen, 5, &v) && v <= 65535) {
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
const guint8 *
ocslog_header_value(const guint8 *s, gsize n, const char *name)
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
void
ocslog_note_header(ocslog_parser *p, const guint8 *s, gsize n)
{
    const guint8 *v;
    if (!p->have_via && ((v = ocslog_header_value(s, n, "via")) != NULL || (v = ocslog_header_value(s, n, "v")) != NULL)) {
        gsize rest = (gsize)(s + n - v);
        p->have_via = TRUE;
        if (ocslog_has_prefix_ci(v, rest, "SIP/2.0/")) {
            for (guint i = 0; i < G_N_ELEMENTS(transports); i++) {
                if (ocslog_has_prefix_ci(v + 8, rest - 8, transports[i].token)) {
                    p->m.transport = transports[i].transport;
                    break;
                }
            }
        }
        return;
    }
    if (!p->callid[0] && ((v = ocslog_header_value(s, n, "call-id")) != NULL ||
                          (v = ocslog_header_value(s, n, "i")) != NULL)) {
        /* pairs a server diagnostic record with this message */
        ocslog_text_clean(p->callid, sizeof p->callid, v, ocslog_rtrim_len(v, (gsize)(s + n - v)));
        return;
    }
    if (!p->has_clen && ((v = ocslog_header_value(s, n, "content-length")) != NULL ||
                         (v = ocslog_header_value(s, n, "l")) != NULL)) {
        guint64 len;
        if (ocslog_parse_uint(v, ocslog_rtrim_len(v, (gsize)(s + n - v)), 12, &len)) {
            p->has_clen = TRUE;
            p->clen = len;
        }
    }
}

