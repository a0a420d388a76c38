/* Client log (uccapilog) records: the "Sending Packet" / "Data Received"
 * header line, and the byte-count check when the End marker arrives. */
#include "ocslog-int.h"

/* "MM/DD/YYYY|HH:MM:SS.mmm PID:TID LEVEL  :: text"; on success *text points after ":: ". */
gboolean
ocslog_ucc_prefix(const guint8 *s, gsize n, int f[6], guint32 *nsecs, const guint8 **text)
{
    gsize used = ocslog_parse_datetime(s, n, '|', f, nsecs);
    if (used == 0)
        return FALSE;
    /* thread ids and level are short; look for the separator in a bounded window */
    const guint8 *sep = ocslog_find_bytes(s + used, MIN(n - used, 64), "::");
    if (!sep)
        return FALSE;
    sep += 2;
    if (sep < s + n && *sep == ' ')
        sep++;
    *text = sep;
    return TRUE;
}

/* "METHOD uri SIP/2.0" or "SIP/2.0 code reason" */
gboolean
ocslog_is_sip_start_line(const guint8 *s, gsize n)
{
    return ocslog_has_prefix(s, n, "SIP/2.0 ") || ocslog_has_suffix(s, n, " SIP/2.0");
}

/* Cheap shape test used inside messages, where most lines are SIP text. */
gboolean
ocslog_looks_ucc_prefixed(const guint8 *s, gsize n)
{
    return n >= 23 && s[2] == '/' && s[5] == '/' && s[10] == '|' && g_ascii_isdigit(s[0]);
}

void
ocslog_ucc_header(ocslog_parser *p, const guint8 *t, gsize n, const int f[6], guint32 nsecs)
{
    ocslog_record_begin(p, OCSLOG_FMT_UCCAPI);
    ocslog_set_time(p, f, nsecs);
    const guint8 *end = t + n;
    /* "(From Local Address: X)" when sending, "(To Local Address: X)" when receiving */
    const char *local_tag = "Local Address:";
    if (ocslog_has_prefix(t, n, "Sending Packet -")) {
        p->m.dir = OCSLOG_DIR_SENT;
        t += 16;
    } else {
        p->m.dir = OCSLOG_DIR_RECEIVED;
        t += 15;
    }
    /* "- PEER" in OC 2007 R2 and most Lync logs, "-PEER" in some Lync 2013 ones */
    while (t < end && *t == ' ')
        t++;
    const guint8 *paren = ocslog_find_bytes(t, (gsize)(end - t), " (");
    const guint8 *peer_end = paren ? paren : end;
    if (!paren) {
        const guint8 *sp = memchr(t, ' ', (gsize)(end - t));
        if (sp)
            peer_end = sp;
    }
    if (!ocslog_parse_endpoint(t, (gsize)(peer_end - t), &p->m.peer) || p->m.peer.family == 0) {
        ocslog_flag(p, OCSLOG_MF_BAD_ADDRESS);
        ocslog_warn(p, p->m.line, "peer address not understood");
    }
    const guint8 *after = peer_end;
    if (paren) {
        const guint8 *la = ocslog_find_bytes(paren, (gsize)(end - paren), local_tag);
        const guint8 *close = memchr(paren, ')', (gsize)(end - paren));
        if (la && close && la < close) {
            la += strlen(local_tag);
            if (!ocslog_parse_endpoint(la, (gsize)(close - la), &p->m.local) || p->m.local.family == 0) {
                ocslog_flag(p, OCSLOG_MF_BAD_ADDRESS);
                ocslog_warn(p, p->m.line, "local address not understood");
            }
            after = close + 1;
        } else {
            ocslog_flag(p, OCSLOG_MF_BAD_ADDRESS);
            ocslog_warn(p, p->m.line, "local address missing");
        }
    }
    /* " N bytes:" */
    while (after < end && *after == ' ')
        after++;
    const guint8 *num_end = after;
    while (num_end < end && g_ascii_isdigit(*num_end))
        num_end++;
    guint64 count;
    if (ocslog_parse_uint(after, (gsize)(num_end - after), 12, &count) &&
        ocslog_has_prefix(num_end, (gsize)(end - num_end), " bytes")) {
        p->m.has_declared_len = TRUE;
        p->m.declared_len = count;
    } else {
        ocslog_warn(p, p->m.line, "packet header has no byte count");
    }
    p->state = ST_UCC_FIRST;
}

void
ocslog_ucc_finish(ocslog_parser *p)
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
            ocslog_msg_append(p, (const guint8 *)"\r\n", 2);
        } else if (have != want) {
            /* report the size the message has once the logger's final line break is gone */
            if (!p->in_headers && p->has_clen && p->mlen >= p->body_off + 2 &&
                p->mlen - p->body_off == p->clen + 2 && p->mbuf[p->mlen - 1] == '\n') {
                p->mlen -= 2;
                have = p->mlen;
            }
            ocslog_flag(p, OCSLOG_MF_LENGTH_MISMATCH);
            ocslog_warn(p, p->m.line, "byte count says %" G_GUINT64_FORMAT ", log holds %" G_GUINT64_FORMAT,
                 want, have);
        }
    }
    ocslog_deliver(p);
}
