/* Server logger (OCSLogger / CLS text) records: $$begin_record, the meta
 * lines before Start-Line, headers, Message-Body, $$end_record; and record
 * text met outside a record. */
#include "ocslog-int.h"

void
ocslog_srv_begin(ocslog_parser *p, const guint8 *s, gsize n)
{
    ocslog_record_begin(p, OCSLOG_FMT_SERVER);
    /* "...::MM/DD/YYYY-HH:MM:SS.mmm.seq (" */
    const guint8 *dc = ocslog_find_bytes(s, n, "::");
    int f[6];
    guint32 ns;
    if (dc && ocslog_parse_datetime(dc + 2, (gsize)(s + n - dc - 2), '-', f, &ns))
        ocslog_set_time(p, f, ns);
    p->state = ST_SRV_META;
}

void
ocslog_srv_finish(ocslog_parser *p)
{
    p->body_dash = FALSE;
    gsize body = p->mlen - p->body_off;
    if (p->has_clen && !(p->m.flags & (OCSLOG_MF_OVERSIZE | OCSLOG_MF_TRUNCATED)) && p->clen != body) {
        if (p->clen == body + 2 && p->body_lines > 0) {
            /* the body's final line break is not kept by the logger */
            ocslog_msg_append(p, (const guint8 *)"\r\n", 2);
        } else {
            ocslog_flag(p, OCSLOG_MF_BODY_LENGTH);
            ocslog_warn(p, p->m.line, "Content-Length says %" G_GUINT64_FORMAT ", logged body has %" G_GSIZE_FORMAT
                 " bytes", p->clen, body);
        }
    }
    ocslog_deliver(p);
}

void
ocslog_srv_meta_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    const guint8 *v;
    if ((v = ocslog_header_value(s, n, "Start-Line")) != NULL) {
        ocslog_msg_line(p, v, (gsize)(s + n - v));
        p->state = ST_SRV_HDRS;
    } else if ((v = ocslog_header_value(s, n, "Direction")) != NULL) {
        gsize l = (gsize)(s + n - v);
        if (ocslog_has_prefix_ci(v, l, "incoming"))
            p->m.dir = OCSLOG_DIR_RECEIVED;
        else if (ocslog_has_prefix_ci(v, l, "outgoing"))
            p->m.dir = OCSLOG_DIR_SENT;
    } else if ((v = ocslog_header_value(s, n, "Peer")) != NULL) {
        if (!ocslog_parse_endpoint(v, (gsize)(s + n - v), &p->m.peer)) {
            ocslog_flag(p, OCSLOG_MF_BAD_ADDRESS);
            ocslog_warn(p, p->st.lines, "peer not understood");
        }
    } else if (ocslog_header_value(s, n, "Message-Type") != NULL) {
        p->srv_sip_meta = TRUE;
    }
}

static void
srv_body_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    if (p->body_dash) {
        /* a lone "-" followed by more text was content after all */
        p->body_dash = FALSE;
        ocslog_msg_append(p, (const guint8 *)"-", 1);
        p->body_lines = 1;
    }
    if (p->body_lines > 0)
        ocslog_msg_append(p, (const guint8 *)"\r\n", 2);
    ocslog_msg_append(p, s, n);
    p->body_lines++;
}

/* A header or body line of a server record (markers already handled). */
void
ocslog_srv_content_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    if (p->state == ST_SRV_BODY) {
        srv_body_line(p, s, n);
        return;
    }
    const guint8 *v = ocslog_header_value(s, n, "Message-Body");
    if (!v) {
        ocslog_note_header(p, s, n);
        ocslog_msg_line(p, s, n);
        return;
    }
    ocslog_msg_append(p, (const guint8 *)"\r\n", 2);
    p->body_off = p->mlen;
    p->state = ST_SRV_BODY;
    gsize vl = ocslog_rtrim_len(v, (gsize)(s + n - v));
    if ((vl == 1 && v[0] == '-') || (vl == 3 && memcmp(v, "\xE2\x80\x93", 3) == 0))
        p->body_dash = TRUE;   /* the logger's "no body" mark */
    else if (vl > 0)
        srv_body_line(p, v, (gsize)(s + n - v));
}

/* --- line dispatch -------------------------------------------------------------------- */

/* A line outside any record. Server-record lines here mean the record's
 * $$begin_record line is missing: its message cannot be placed in time or
 * direction, so it is counted and reported, never dropped silently. */
void
ocslog_idle_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    if (ocslog_header_value(s, n, "Start-Line") != NULL) {
        if (p->orphan_line == 0)
            p->orphan_line = p->st.lines;
        p->orphan_sip = TRUE;
    } else if (ocslog_header_value(s, n, "Direction") != NULL || ocslog_header_value(s, n, "Peer") != NULL) {
        if (p->orphan_line == 0)
            p->orphan_line = p->st.lines;
    } else if (ocslog_has_suffix(s, n, "$$end_record")) {
        guint64 from = p->orphan_line ? p->orphan_line : p->st.lines;
        if (p->orphan_sip) {
            p->st.lost++;
            ocslog_warn(p, from, "record (lines %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT ") has no "
                 "$$begin_record line; its SIP message is lost", from, p->st.lines);
        } else {
            p->st.other_records++;
            ocslog_warn(p, from, "record (lines %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT ") has no "
                 "$$begin_record line; skipped", from, p->st.lines);
        }
        p->orphan_line = 0;
        p->orphan_sip = FALSE;
    }
}
