/* Streaming parser for OCS/Lync SIP text logs; see ocslog-parse.h for the
 * formats. Three layers, each with bounded state:
 *   decode  - BOM / UTF-16 detection and transcoding to UTF-8
 *   lines   - split on LF, strip CR, cut lines at max_line
 *   records - one state machine for both log families; the family-specific
 *             steps are in ocslog-uccapi.c and ocslog-server.c, the field
 *             readers (time, endpoints, headers) in ocslog-fields.c
 */
#include "ocslog-int.h"

/* --- message buffer ------------------------------------------------------------- */

void
ocslog_flag(ocslog_parser *p, guint bit)
{
    p->m.flags |= bit;
}

void
ocslog_msg_append(ocslog_parser *p, const guint8 *s, gsize n)
{
    gsize room = p->opt.max_message - p->mlen;
    if (n > room) {
        if (!(p->m.flags & OCSLOG_MF_OVERSIZE)) {
            ocslog_flag(p, OCSLOG_MF_OVERSIZE);
            ocslog_warn(p, p->st.lines, "message begun at line %" G_GUINT64_FORMAT " exceeds %" G_GSIZE_FORMAT
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

void
ocslog_msg_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    ocslog_msg_append(p, s, n);
    ocslog_msg_append(p, (const guint8 *)"\r\n", 2);
}

void
ocslog_msg_sip_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    ocslog_msg_line(p, s, n);
    if (!p->in_headers)
        return;
    if (n == 0) {
        p->in_headers = FALSE;
        p->body_off = p->mlen;
    } else {
        ocslog_note_header(p, s, n);
    }
}

void
ocslog_record_begin(ocslog_parser *p, ocslog_format fmt)
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
    p->callid[0] = '\0';
    p->srv_diag = FALSE;
    p->srv_level[0] = '\0';
    p->diag_severity[0] = '\0';
    p->diag_text[0] = '\0';
    p->diag_callid[0] = '\0';
}

void
ocslog_deliver(ocslog_parser *p)
{
    if (!p->m.has_time) {
        ocslog_flag(p, OCSLOG_MF_NO_TIME);
        if (p->have_last_time) {
            p->m.secs = p->last_secs;
            p->m.nsecs = p->last_nsecs;
        }
    }
    if (p->m.dir == OCSLOG_DIR_UNKNOWN && !(p->m.flags & OCSLOG_MF_NO_DIRECTION)) {
        ocslog_flag(p, OCSLOG_MF_NO_DIRECTION);
        ocslog_warn(p, p->m.line, "record has no direction");
    }
    p->m.data = p->mbuf;
    p->m.len = p->mlen;
    p->m.note = ocslog_take_notes(p);
    p->st.messages++;
    if (p->m.flags)
        p->st.flagged++;
    if (p->on_message)
        p->on_message(&p->m, p->user);
    p->state = ST_IDLE;
    p->mlen = 0;
}

void
ocslog_lose(ocslog_parser *p, const char *why)
{
    p->st.lost++;
    ocslog_warn(p, p->m.line, "message record lost: %s", why);
    p->state = ST_IDLE;
    p->mlen = 0;
}

/* One function per parser state: each takes a line and returns TRUE when the
 * line ended the state's record and must be looked at again in the new state. */

static gboolean
on_idle(ocslog_parser *p, const guint8 *s, gsize n)
{
    int f[6];
    guint32 ns;
    const guint8 *t;

    if (ocslog_ucc_prefix(s, n, f, &ns, &t)) {
        gsize tl = (gsize)(s + n - t);
        if (ocslog_has_prefix(t, tl, "Sending Packet -") || ocslog_has_prefix(t, tl, "Data Received -"))
            ocslog_ucc_header(p, t, tl, f, ns);
    } else if (ocslog_has_suffix(s, n, "$$begin_record")) {
        ocslog_srv_begin(p, s, n);
    } else if (ocslog_has_prefix(s, n, "TL_") && !ocslog_has_suffix(s, n, "$$end_record")) {
        ocslog_tl_line(p, s, n);
    } else if (ocslog_s4_is_start(s, n)) {
        ocslog_s4_begin(p, s, n);
    } else {
        ocslog_idle_line(p, s, n);
    }
    return FALSE;
}

/* Inside an S4 record: its lines until the EndOf... line; a new record
 * before that ends it. */
static gboolean
on_s4_msg(ocslog_parser *p, const guint8 *s, gsize n)
{
    if (ocslog_s4_is_end(s, n)) {
        ocslog_s4_finish(p);
        return FALSE;
    }
    if (ocslog_has_prefix(s, n, "TL_") || ocslog_s4_is_start(s, n) || ocslog_has_suffix(s, n, "$$begin_record")) {
        ocslog_flag(p, OCSLOG_MF_NO_END);
        ocslog_warn(p, p->st.lines, "message begun at line %" G_GUINT64_FORMAT " ends without its EndOf line",
                    p->m.line);
        ocslog_s4_finish(p);
        return TRUE;
    }
    ocslog_msg_sip_line(p, s, n);
    return FALSE;
}

/* The line after a client log's packet header: the SIP start line. */
static gboolean
on_ucc_first(ocslog_parser *p, const guint8 *s, gsize n)
{
    int f[6];
    guint32 ns;
    const guint8 *t;

    if (ocslog_ucc_prefix(s, n, f, &ns, &t)) {
        gsize tl = (gsize)(s + n - t);
        if (ocslog_has_prefix(t, tl, "End of ")) {
            ocslog_lose(p, "packet header without a SIP message");
            return FALSE;
        }
        if (!ocslog_is_sip_start_line(t, tl)) {
            ocslog_lose(p, "packet header without a SIP message");
            return TRUE;
        }
        ocslog_msg_line(p, t, tl);
    } else if (ocslog_has_suffix(s, n, "$$begin_record")) {
        ocslog_lose(p, "packet header without a SIP message");
        return TRUE;
    } else {
        ocslog_msg_line(p, s, n);   /* first SIP line logged without the prefix */
    }
    p->state = ST_UCC_MSG;
    return FALSE;
}

static gboolean
on_ucc_msg(ocslog_parser *p, const guint8 *s, gsize n)
{
    int f[6];
    guint32 ns;
    const guint8 *t = NULL;
    gboolean prefixed = ocslog_looks_ucc_prefixed(s, n) && ocslog_ucc_prefix(s, n, f, &ns, &t);

    if (prefixed && ocslog_has_prefix(t, (gsize)(s + n - t), "End of ")) {
        ocslog_ucc_finish(p);
        return FALSE;
    }
    if (prefixed || ocslog_has_suffix(s, n, "$$begin_record")) {
        ocslog_flag(p, OCSLOG_MF_NO_END);
        ocslog_warn(p, p->st.lines, "message begun at line %" G_GUINT64_FORMAT " ends without its End marker",
                    p->m.line);
        ocslog_ucc_finish(p);
        return TRUE;
    }
    ocslog_msg_sip_line(p, s, n);
    return FALSE;
}

/* The metadata lines of a server record, before its Start-Line. */
static gboolean
on_srv_meta(ocslog_parser *p, const guint8 *s, gsize n)
{
    gboolean begin = ocslog_has_suffix(s, n, "$$begin_record");

    if (!begin && !ocslog_has_suffix(s, n, "$$end_record")) {
        ocslog_srv_meta_line(p, s, n);
        return FALSE;
    }
    if (p->srv_sip_meta)
        ocslog_lose(p, "record has no Start-Line");
    else
        ocslog_srv_other_end(p);
    p->state = ST_IDLE;
    return begin;
}

/* The headers and body of a server record. */
static gboolean
on_srv_content(ocslog_parser *p, const guint8 *s, gsize n)
{
    gboolean end = ocslog_has_suffix(s, n, "$$end_record");

    if (!end && !ocslog_has_suffix(s, n, "$$begin_record")) {
        ocslog_srv_content_line(p, s, n);
        return FALSE;
    }
    if (end) {
        gsize l = ocslog_rtrim_len(s, n) - 12;   /* text before the marker */
        if (l > 0)
            ocslog_srv_content_line(p, s, l);
    } else {
        ocslog_flag(p, OCSLOG_MF_NO_END);
        ocslog_warn(p, p->st.lines, "record begun at line %" G_GUINT64_FORMAT " ends without $$end_record",
                    p->m.line);
    }
    if (p->state == ST_SRV_HDRS) {
        /* loggers leave the line out when there is no body */
        if (end && !(p->has_clen && p->clen == 0))
            ocslog_warn(p, p->m.line, "record has no Message-Body line");
        ocslog_msg_append(p, (const guint8 *)"\r\n", 2);
        p->body_off = p->mlen;
    }
    ocslog_srv_finish(p);
    return !end;
}

static void
handle_line(ocslog_parser *p, const guint8 *s, gsize n, gboolean cut)
{
    gboolean again;

    if (cut) {
        if (p->state != ST_IDLE)
            ocslog_flag(p, OCSLOG_MF_LONG_LINE);
        ocslog_warn(p, p->st.lines, "line longer than %" G_GSIZE_FORMAT " bytes; the rest is cut", p->opt.max_line);
    }
    /* a line ends at most one record, and the state it leaves takes it in full */
    do {
        switch (p->state) {
        case ST_IDLE:     again = on_idle(p, s, n); break;
        case ST_UCC_FIRST: again = on_ucc_first(p, s, n); break;
        case ST_UCC_MSG:  again = on_ucc_msg(p, s, n); break;
        case ST_SRV_META: again = on_srv_meta(p, s, n); break;
        case ST_SRV_HDRS:
        case ST_SRV_BODY: again = on_srv_content(p, s, n); break;
        case ST_S4_MSG:   again = on_s4_msg(p, s, n); break;
        default:          again = FALSE; break;
        }
    } while (again);
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
        ocslog_warn(p, p->st.lines + 1, "invalid UTF-16 (unpaired surrogate) replaced by U+FFFD; further ones not reported");
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
        ocslog_warn(p, p->st.lines + 1, "input ends inside a UTF-16 character");
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
            ocslog_warn(p, p->orphan_line, "record text without $$begin_record or $$end_record; its SIP message "
                 "is lost");
        }
        break;
    case ST_UCC_FIRST:
        ocslog_lose(p, "input ends after the packet header");
        break;
    case ST_SRV_META:
        if (p->srv_sip_meta)
            ocslog_lose(p, "input ends before Start-Line");
        else
            ocslog_warn(p, p->m.line, "input ends inside a record");
        p->state = ST_IDLE;
        break;
    case ST_UCC_MSG:
        ocslog_flag(p, OCSLOG_MF_TRUNCATED);
        ocslog_warn(p, p->m.line, "input ends inside the message begun here");
        ocslog_ucc_finish(p);
        break;
    case ST_S4_MSG:
        ocslog_flag(p, OCSLOG_MF_TRUNCATED);
        ocslog_warn(p, p->m.line, "input ends inside the message begun here");
        ocslog_s4_finish(p);
        break;
    case ST_SRV_HDRS:
    case ST_SRV_BODY:
        ocslog_flag(p, OCSLOG_MF_TRUNCATED);
        ocslog_warn(p, p->m.line, "input ends inside the record begun here");
        if (p->state == ST_SRV_HDRS) {
            ocslog_msg_append(p, (const guint8 *)"\r\n", 2);
            p->body_off = p->mlen;
        }
        ocslog_srv_finish(p);
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
