/* Server log records of the S4 SIP stack (Mediation Server and other UCMA
 * based roles of Lync 2013 and Skype for Business, as CLS writes them): no
 * $$begin_record / $$end_record, but a trace header line, an arrow line with
 * the direction and both endpoints, the SIP message as it went, and an end
 * line:
 *
 *   TL_INFO(TF_PROTOCOL) [pool\fe]1B9C.4DC0::02/02/2017-23:34:47.605.00002901 (S4,SipMessage.DataLoggingHelper:...) [n]
 *   <<<<<<<<<<<<Incoming SipMessage c=[<SipTcpConnection_3F40F9D>], LOCAL:5060<-PEER:31721
 *   OPTIONS sip:... SIP/2.0
 *   ...
 *   ------------EndOfIncoming SipMessage
 *
 * (">>>>>>>>>>>>Outgoing SipMessage ..., LOCAL->PEER" / EndOfOutgoing when sent.) */
#include "ocslog-int.h"

#define S4_IN  "<<<<<<<<<<<<Incoming SipMessage"
#define S4_OUT ">>>>>>>>>>>>Outgoing SipMessage"
#define S4_END "------------EndOf"

void
ocslog_tl_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    /* "...::MM/DD/YYYY-HH:MM:SS.mmm.seq (": the time of what the next lines log */
    const guint8 *dc = ocslog_find_bytes(s, MIN(n, 160), "::");

    p->tl_line = p->st.lines;
    p->tl_has_time = dc != NULL && ocslog_parse_datetime(dc + 2, (gsize)(s + n - dc - 2), '-', p->tl_f, &p->tl_ns) > 0;
}

gboolean
ocslog_s4_is_start(const guint8 *s, gsize n)
{
    return ocslog_has_prefix(s, n, S4_IN) || ocslog_has_prefix(s, n, S4_OUT);
}

gboolean
ocslog_s4_is_end(const guint8 *s, gsize n)
{
    return ocslog_has_prefix(s, n, S4_END);
}

/* "..., A<-B" or "..., A->B" after the connection: local A, peer B. */
static void
s4_endpoints(ocslog_parser *p, const guint8 *s, gsize n, gboolean incoming)
{
    const guint8 *end = s + ocslog_rtrim_len(s, n);
    const guint8 *comma = NULL, *arrow;

    for (const guint8 *c = s; c + 1 < end; c++)
        if (c[0] == ',' && c[1] == ' ')
            comma = c;      /* the last ", ": connection names hold none */
    arrow = comma ? ocslog_find_bytes(comma, (gsize)(end - comma), incoming ? "<-" : "->") : NULL;
    if (arrow == NULL ||
        !ocslog_parse_endpoint(comma + 2, (gsize)(arrow - comma - 2), &p->m.local) || p->m.local.family == 0 ||
        !ocslog_parse_endpoint(arrow + 2, (gsize)(end - arrow - 2), &p->m.peer) || p->m.peer.family == 0) {
        ocslog_flag(p, OCSLOG_MF_BAD_ADDRESS);
        ocslog_warn(p, p->m.line, "addresses of the S4 record not understood");
    }
}

void
ocslog_s4_begin(ocslog_parser *p, const guint8 *s, gsize n)
{
    gboolean incoming = ocslog_has_prefix(s, n, S4_IN);

    ocslog_record_begin(p, OCSLOG_FMT_SERVER);
    p->m.dir = incoming ? OCSLOG_DIR_RECEIVED : OCSLOG_DIR_SENT;
    /* the trace header right above gives the time, and is the record's first line */
    if (p->tl_line != 0 && p->tl_line + 1 == p->st.lines) {
        p->m.line = p->tl_line;
        if (p->tl_has_time)
            ocslog_set_time(p, p->tl_f, p->tl_ns);
    }
    s4_endpoints(p, s, n, incoming);
    p->state = ST_S4_MSG;
}

void
ocslog_s4_finish(ocslog_parser *p)
{
    if (p->in_headers) {
        /* the logger leaves out the empty line closing a body-less header block */
        ocslog_msg_append(p, (const guint8 *)"\r\n", 2);
        p->body_off = p->mlen;
    } else if (p->mlen >= p->body_off + 2 && p->has_clen && p->clen + 2 == p->mlen - p->body_off) {
        p->mlen -= 2;   /* the line break after the body's last line is the log's */
    }
    if (p->has_clen && !(p->m.flags & (OCSLOG_MF_OVERSIZE | OCSLOG_MF_TRUNCATED)) &&
        p->clen != p->mlen - p->body_off) {
        ocslog_flag(p, OCSLOG_MF_BODY_LENGTH);
        ocslog_warn(p, p->m.line, "Content-Length says %" G_GUINT64_FORMAT ", logged body has %" G_GSIZE_FORMAT
                    " bytes", p->clen, p->mlen - p->body_off);
    }
    ocslog_deliver(p);
}
