/* Server logger (OCSLogger / CLS text) records: $$begin_record, the meta
 * lines before Start-Line, headers, Message-Body, $$end_record; and record
 * text met outside a record. */
#include "ocslog-int.h"

void
ocslog_srv_begin(ocslog_parser *p, const guint8 *s, gsize n)
{
    ocslog_record_begin(p, OCSLOG_FMT_SERVER);
    /* "TL_WARN(TF_DIAG) ...": the level names the note, the flag says what the record is */
    const guint8 *paren = memchr(s, '(', MIN(n, sizeof p->srv_level));
    if (ocslog_has_prefix(s, n, "TL_") && paren)
        ocslog_text_clean(p->srv_level, sizeof p->srv_level, s, (gsize)(paren - s));
    p->srv_diag = ocslog_find_bytes(s, MIN(n, 40), "(TF_DIAG)") != NULL;
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

/* The lines of a diagnostic record that make its note. */
static void
srv_diag_line(ocslog_parser *p, const guint8 *s, gsize n)
{
    const guint8 *v;
    if ((v = ocslog_header_value(s, n, "Severity")) != NULL)
        ocslog_text_clean(p->diag_severity, sizeof p->diag_severity, v, (gsize)(s + n - v));
    else if ((v = ocslog_header_value(s, n, "Text")) != NULL)
        ocslog_text_clean(p->diag_text, sizeof p->diag_text, v, ocslog_rtrim_len(v, (gsize)(s + n - v)));
    else if ((v = ocslog_header_value(s, n, "SIP-Call-ID")) != NULL)
        ocslog_text_clean(p->diag_callid, sizeof p->diag_callid, v, ocslog_rtrim_len(v, (gsize)(s + n - v)));
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
    } else if (p->srv_diag) {
        srv_diag_line(p, s, n);
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
 * $$begin_record line is missing: a SIP message there cannot be placed in
 * time or direction, so it is counted and reported, never dropped silently;
 * a record without one is counted as other. */
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
            /* a diagnostic or component record (loggers write some without
             * $$begin_record): no SIP message is lost */
            p->st.other_records++;
        }
        p->orphan_line = 0;
        p->orphan_sip = FALSE;
    }
}

/* A record that is no SIP message ends. It is counted as other; a diagnostic
 * one naming a Call-ID waits to become the note of that call's next message. */
void
ocslog_srv_other_end(ocslog_parser *p)
{
    p->st.other_records++;
    if (!p->srv_diag || !p->diag_callid[0])
        return;
    if (p->n_diag == OCSLOG_DIAG_PENDING) {
        memmove(&p->diag[0], &p->diag[1], sizeof p->diag[0] * (OCSLOG_DIAG_PENDING - 1));
        p->n_diag--;
    }
    ocslog_diag_note *d = &p->diag[p->n_diag++];
    g_strlcpy(d->callid, p->diag_callid, sizeof d->callid);
    g_snprintf(d->text, sizeof d->text, "%s diagnostic at line %" G_GUINT64_FORMAT ": %s%s%s%s",
               p->srv_level[0] ? p->srv_level : "TL_?", p->m.line, p->diag_text,
               p->diag_severity[0] ? " (severity " : "", p->diag_severity, p->diag_severity[0] ? ")" : "");
}

/* Notes of the pending diagnostics with the open message's Call-ID, joined
 * by "; " and taken off the list; NULL when there are none. */
const char *
ocslog_take_notes(ocslog_parser *p)
{
    gsize used = 0;
    guint kept = 0;
    p->note[0] = '\0';
    for (guint i = 0; i < p->n_diag; i++) {
        if (!p->callid[0] || strcmp(p->diag[i].callid, p->callid) != 0) {
            if (kept != i)
                p->diag[kept] = p->diag[i];
            kept++;
            continue;
        }
        if (used > 0 && used + 2 < sizeof p->note)
            used += (gsize)g_strlcpy(p->note + used, "; ", sizeof p->note - used);
        if (used < sizeof p->note)
            used += (gsize)g_strlcpy(p->note + used, p->diag[i].text, sizeof p->note - used);
        used = MIN(used, sizeof p->note - 1);
        p->st.diag_notes++;
    }
    p->n_diag = kept;
    return used ? p->note : NULL;
}
