/* Unit tests for the OCS/Lync log parser (epan-extra/ocslog-parse.c).
 * Golden inputs are the logs in captures/logs/ (made by make_logs.py there);
 * the expected SIP messages are the msg-*.txt files next to them. */
#include <glib.h>
#include <string.h>

#include "ocslog-parse.h"

/* --- collecting parser output ------------------------------------------------ */

typedef struct {
    ocslog_message m;        /* copy; m.data points into bytes, m.note is NULL */
    GBytes        *bytes;
    char          *note;     /* copy of m.note */
} got_message;

typedef struct {
    GArray    *msgs;         /* got_message */
    GPtrArray *warnings;     /* "line: text" */
} collected;

static void
on_msg(const ocslog_message *m, void *user)
{
    collected *c = user;
    got_message g;
    g.m = *m;
    g.bytes = g_bytes_new(m->data, m->len);
    g.m.data = NULL;
    g.note = g_strdup(m->note);
    g.m.note = NULL;
    g_array_append_val(c->msgs, g);
}

static void
on_warn(guint64 line, const char *text, void *user)
{
    collected *c = user;
    g_ptr_array_add(c->warnings, g_strdup_printf("%" G_GUINT64_FORMAT ": %s", line, text));
}

static void
clear_got(gpointer p)
{
    g_bytes_unref(((got_message *)p)->bytes);
    g_free(((got_message *)p)->note);
}

static collected *
collected_new(void)
{
    collected *c = g_new0(collected, 1);
    c->msgs = g_array_new(FALSE, TRUE, sizeof(got_message));
    g_array_set_clear_func(c->msgs, clear_got);
    c->warnings = g_ptr_array_new_with_free_func(g_free);
    return c;
}

static void
collected_free(collected *c)
{
    g_array_free(c->msgs, TRUE);
    g_ptr_array_free(c->warnings, TRUE);
    g_free(c);
}

static got_message *
msg_at(collected *c, guint i)
{
    g_assert_cmpuint(i, <, c->msgs->len);
    return &g_array_index(c->msgs, got_message, i);
}

/* Parses data fed in chunks of `chunk` bytes (0 = all at once). */
static collected *
parse_full(const guint8 *data, gsize len, gsize chunk, const ocslog_options *opt, ocslog_stats *st)
{
    collected *c = collected_new();
    ocslog_parser *p = ocslog_parser_new(opt, on_msg, on_warn, c);
    if (chunk == 0)
        chunk = len ? len : 1;
    for (gsize off = 0; off < len; off += chunk)
        ocslog_parser_feed(p, data + off, MIN(chunk, len - off));
    ocslog_parser_finish(p);
    if (st)
        *st = *ocslog_parser_stats(p);
    ocslog_parser_free(p);
    return c;
}

static collected *
parse_text(const char *text, const ocslog_options *opt, ocslog_stats *st)
{
    return parse_full((const guint8 *)text, strlen(text), 0, opt, st);
}

/* --- test data ----------------------------------------------------------------- */

static char *
logs_path(const char *name)
{
    const char *dir = g_getenv("OCSLOG_LOGS_DIR");
    if (dir)
        return g_build_filename(dir, name, NULL);
    /* tests/unit/test_ocslog.c -> <repo>/captures/logs */
    char *unit = g_path_get_dirname(__FILE__);
    char *tests = g_path_get_dirname(unit);
    char *repo = g_path_get_dirname(tests);
    char *path = g_build_filename(repo, "captures", "logs", name, NULL);
    g_free(unit);
    g_free(tests);
    g_free(repo);
    return path;
}

static GBytes *
load(const char *name)
{
    char *path = logs_path(name), *data = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &data, &len, &err))
        g_error("%s: %s", path, err->message);
    g_free(path);
    return g_bytes_new_take(data, len);
}

/* msg-*.txt (LF lines) as the wire form: CRLF line ends, none after the last line. */
static GBytes *
load_wire(const char *name, gboolean trailing_crlf)
{
    GBytes *raw = load(name);
    gsize len;
    const char *s = g_bytes_get_data(raw, &len);
    GString *out = g_string_new(NULL);
    while (len > 0 && s[len - 1] == '\n')
        len--;
    for (gsize i = 0; i < len; i++) {
        if (s[i] == '\n')
            g_string_append(out, "\r\n");
        else
            g_string_append_c(out, s[i]);
    }
    if (trailing_crlf)
        g_string_append(out, "\r\n");
    g_bytes_unref(raw);
    return g_string_free_to_bytes(out);
}

static collected *
parse_file(const char *name, gsize chunk, ocslog_stats *st)
{
    GBytes *b = load(name);
    gsize len;
    const guint8 *d = g_bytes_get_data(b, &len);
    ocslog_options opt = { 0 };   /* UTC */
    collected *c = parse_full(d, len, chunk, &opt, st);
    g_bytes_unref(b);
    return c;
}

static void
assert_bytes_equal(GBytes *got, GBytes *want)
{
    gsize gl, wl;
    const char *g = g_bytes_get_data(got, &gl), *w = g_bytes_get_data(want, &wl);
    if (gl != wl || memcmp(g, w, gl) != 0) {
        g_test_message("got %" G_GSIZE_FORMAT " bytes, want %" G_GSIZE_FORMAT, gl, wl);
        for (gsize i = 0; i < MIN(gl, wl); i++) {
            if (g[i] != w[i]) {
                g_test_message("first difference at %" G_GSIZE_FORMAT, i);
                break;
            }
        }
        g_assert_not_reached();
    }
}

static void
assert_ipv4(const ocslog_endpoint *ep, const char *addr, guint16 port)
{
    char text[16];
    g_assert_cmpint(ep->family, ==, 4);
    g_snprintf(text, sizeof text, "%u.%u.%u.%u", ep->addr[0], ep->addr[1], ep->addr[2], ep->addr[3]);
    g_assert_cmpstr(text, ==, addr);
    g_assert_true(ep->has_port);
    g_assert_cmpuint(ep->port, ==, port);
}

/* --- client log ------------------------------------------------------------------- */

static void
check_oc2007r2(collected *c)
{
    g_assert_cmpuint(c->msgs->len, ==, 3);
    g_assert_cmpuint(c->warnings->len, ==, 0);
    static const struct {
        const char      *file;
        gboolean         trailing_crlf;
        ocslog_direction dir;
        guint64          line;
        guint64          declared;
        gint64           secs;    /* 2008-11-21 23:31:xx read as UTC */
        guint32          nsecs;
    } want[] = {
        { "msg-subscribe.txt",   FALSE, OCSLOG_DIR_SENT,     2,  1288, 1227310270, 381000000 },
        { "msg-service.txt",     TRUE,  OCSLOG_DIR_SENT,     26, 1292, 1227310271, 162000000 },
        { "msg-service-200.txt", FALSE, OCSLOG_DIR_RECEIVED, 43, 1769, 1227310271, 428000000 },
    };
    for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
        got_message *g = msg_at(c, i);
        GBytes *w = load_wire(want[i].file, want[i].trailing_crlf);
        assert_bytes_equal(g->bytes, w);
        g_bytes_unref(w);
        g_assert_cmpint(g->m.format, ==, OCSLOG_FMT_UCCAPI);
        g_assert_cmpint(g->m.dir, ==, want[i].dir);
        g_assert_cmpint(g->m.transport, ==, OCSLOG_TRANSPORT_TLS);
        g_assert_cmpuint(g->m.line, ==, want[i].line);
        g_assert_true(g->m.has_declared_len);
        g_assert_cmpuint(g->m.declared_len, ==, want[i].declared);
        g_assert_cmpuint(g_bytes_get_size(g->bytes), ==, want[i].declared);
        g_assert_true(g->m.has_time);
        g_assert_cmpint(g->m.secs, ==, want[i].secs);
        g_assert_cmpuint(g->m.nsecs, ==, want[i].nsecs);
        g_assert_cmpuint(g->m.flags, ==, 0);
        assert_ipv4(&g->m.peer, "192.168.1.5", 5061);
        assert_ipv4(&g->m.local, "192.168.1.10", 1259);
    }
}

static void
test_uccapi_golden(void)
{
    ocslog_stats st;
    collected *c = parse_file("uccapilog-oc2007r2.log", 0, &st);
    check_oc2007r2(c);
    g_assert_cmpuint(st.messages, ==, 3);
    g_assert_cmpuint(st.lost, ==, 0);
    g_assert_cmpuint(st.warnings, ==, 0);
    g_assert_cmpuint(st.lines, ==, 76);
    collected_free(c);
}

/* Chunk boundaries (inside CRLF, BOMs, UTF-16 units) must not change anything. */
static void
test_chunking(void)
{
    static const char *const files[] = {
        "uccapilog-oc2007r2.log", "uccapilog-utf16le.log", "uccapilog-utf8bom.log",
        "ocslogger-edge.log", "uccapilog-junk.log", "uccapilog-truncated.log",
    };
    static const gsize chunks[] = { 1, 2, 3, 7, 64, 4093 };
    for (guint f = 0; f < G_N_ELEMENTS(files); f++) {
        collected *ref = parse_file(files[f], 0, NULL);
        for (guint k = 0; k < G_N_ELEMENTS(chunks); k++) {
            collected *c = parse_file(files[f], chunks[k], NULL);
            g_assert_cmpuint(c->msgs->len, ==, ref->msgs->len);
            g_assert_cmpuint(c->warnings->len, ==, ref->warnings->len);
            for (guint i = 0; i < c->msgs->len; i++) {
                assert_bytes_equal(msg_at(c, i)->bytes, msg_at(ref, i)->bytes);
                g_assert_cmpuint(msg_at(c, i)->m.line, ==, msg_at(ref, i)->m.line);
                g_assert_cmpuint(msg_at(c, i)->m.flags, ==, msg_at(ref, i)->m.flags);
            }
            for (guint i = 0; i < c->warnings->len; i++)
                g_assert_cmpstr(c->warnings->pdata[i], ==, ref->warnings->pdata[i]);
            collected_free(c);
        }
        collected_free(ref);
    }
}

static void
test_encodings(void)
{
    collected *c = parse_file("uccapilog-utf8bom.log", 0, NULL);
    check_oc2007r2(c);
    collected_free(c);
    c = parse_file("uccapilog-utf16le.log", 0, NULL);
    check_oc2007r2(c);
    collected_free(c);

    /* the same log with LF line ends, and as UTF-16BE without a BOM */
    GBytes *b = load("uccapilog-oc2007r2.log");
    gsize len;
    const guint8 *d = g_bytes_get_data(b, &len);
    GByteArray *lf = g_byte_array_new(), *be = g_byte_array_new();
    for (gsize i = 0; i < len; i++) {
        if (d[i] != '\r')
            g_byte_array_append(lf, d + i, 1);
        guint8 unit[2] = { 0, d[i] };   /* the log is ASCII */
        g_byte_array_append(be, unit, 2);
    }
    ocslog_options opt = { 0 };
    c = parse_full(lf->data, lf->len, 5, &opt, NULL);
    check_oc2007r2(c);
    collected_free(c);
    c = parse_full(be->data, be->len, 5, &opt, NULL);
    check_oc2007r2(c);
    collected_free(c);
    g_byte_array_free(lf, TRUE);
    g_byte_array_free(be, TRUE);
    g_bytes_unref(b);
}

/* Non-BMP characters arrive as surrogate pairs; a lone surrogate becomes U+FFFD. */
static void
test_utf16_surrogates(void)
{
    const char *text =
        "TL_INFO(TF_PROTOCOL) [0]1.2::01/18/2012-05:00:43.101.1 (SIPStack)$$begin_record\n"
        "Direction: incoming\nPeer: 10.0.0.1:5061\nMessage-Type: request\n"
        "Start-Line: MESSAGE sip:a@b SIP/2.0\nSubject: \xF0\x9F\x98\x80 caf\xC3\xA9\n"
        "Message-Body: -\n$$end_record\n";
    GError *err = NULL;
    gsize n16 = 0;
    gchar *u16 = g_convert(text, -1, "UTF-16LE", "UTF-8", NULL, &n16, &err);
    g_assert_no_error(err);
    ocslog_options opt = { 0 };
    collected *c = parse_full((const guint8 *)u16, n16, 1, &opt, NULL);
    g_assert_cmpuint(c->msgs->len, ==, 1);
    g_assert_cmpuint(c->warnings->len, ==, 0);
    const char *want = "MESSAGE sip:a@b SIP/2.0\r\nSubject: \xF0\x9F\x98\x80 caf\xC3\xA9\r\n\r\n";
    GBytes *w = g_bytes_new_static(want, strlen(want));
    assert_bytes_equal(msg_at(c, 0)->bytes, w);
    g_bytes_unref(w);
    collected_free(c);

    /* "A", lone high surrogate, "B", LF */
    static const guint8 bad[] = { 0xFF, 0xFE, 'A', 0, 0x00, 0xD8, 'B', 0, '\n', 0 };
    c = parse_full(bad, sizeof bad, 0, &opt, NULL);
    g_assert_cmpuint(c->warnings->len, ==, 1);
    g_assert_nonnull(strstr(c->warnings->pdata[0], "U+FFFD"));
    collected_free(c);
    g_free(u16);
}

/* --- server logger --------------------------------------------------------------------- */

static void
test_server_golden(void)
{
    ocslog_stats st;
    collected *c = parse_file("ocslogger-edge.log", 0, &st);
    g_assert_cmpuint(c->msgs->len, ==, 3);
    g_assert_cmpuint(c->warnings->len, ==, 0);
    g_assert_cmpuint(st.other_records, ==, 1);   /* the TF_DIAG record */

    got_message *g = msg_at(c, 0);
    g_assert_cmpint(g->m.format, ==, OCSLOG_FMT_SERVER);
    g_assert_cmpint(g->m.dir, ==, OCSLOG_DIR_RECEIVED);
    g_assert_cmpint(g->m.transport, ==, OCSLOG_TRANSPORT_TLS);
    g_assert_cmpint(g->m.peer.family, ==, 0);       /* a host name, kept as text */
    g_assert_cmpstr(g->m.peer.name, ==, "lyncserver.contoso.com:61182");
    g_assert_cmpuint(g->m.peer.port, ==, 61182);
    g_assert_cmpint(g->m.local.family, ==, 0);
    g_assert_cmpuint(g->m.line, ==, 2);
    g_assert_cmpint(g->m.secs, ==, 1326862843);     /* 2012-01-18 05:00:43 */
    g_assert_cmpuint(g->m.nsecs, ==, 101000000);
    gsize len;
    const char *d = g_bytes_get_data(g->bytes, &len);
    g_assert_true(g_str_has_prefix(d, "OPTIONS sip:Options_User@fabrikam.com SIP/2.0\r\nTo: "));
    g_assert_true(len > 4 && memcmp(d + len - 4, "\r\n\r\n", 4) == 0);

    g = msg_at(c, 1);
    g_assert_cmpint(g->m.dir, ==, OCSLOG_DIR_SENT);
    assert_ipv4(&g->m.peer, "10.10.10.10", 61182);
    d = g_bytes_get_data(g->bytes, &len);
    g_assert_true(g_str_has_prefix(d, "SIP/2.0 504 Server time-out\r\n"));

    g = msg_at(c, 2);
    g_assert_cmpint(g->m.peer.family, ==, 6);
    g_assert_cmpuint(g->m.peer.port, ==, 5061);
    g_assert_cmpuint(g->m.peer.addr[0], ==, 0x20);
    g_assert_cmpuint(g->m.peer.addr[15], ==, 0x20);
    d = g_bytes_get_data(g->bytes, &len);
    const char *body = g_strstr_len(d, (gssize)len, "\r\n\r\n");
    g_assert_nonnull(body);
    body += 4;
    /* the multi-line SDP body, CRLF-terminated as Content-Length (135) says */
    g_assert_cmpuint(len - (gsize)(body - d), ==, 135);
    g_assert_true(g_str_has_prefix(body, "v=0\r\no=- 0 0 IN IP4 192.0.2.7\r\n"));
    g_assert_true(memcmp(d + len - 2, "\r\n", 2) == 0);
    collected_free(c);
}

static void
test_server_truncated(void)
{
    ocslog_stats st;
    collected *c = parse_file("ocslogger-truncated.log", 0, &st);
    g_assert_cmpuint(c->msgs->len, ==, 3);
    g_assert_cmpuint(msg_at(c, 2)->m.flags, ==, OCSLOG_MF_TRUNCATED);
    g_assert_cmpuint(c->warnings->len, ==, 1);
    g_assert_cmpstr(c->warnings->pdata[0], ==, "41: input ends inside the record begun here");
    g_assert_cmpuint(st.flagged, ==, 1);
    collected_free(c);
}

static void
test_server_edge_cases(void)
{
    ocslog_stats st;
    /* no $$end_record before the next record; no direction; body on the end line */
    collected *c = parse_text(
        "TL_INFO(TF_PROTOCOL) [0]1.2::01/18/2012-05:00:43.101.1 (x)$$begin_record\n"
        "Direction: outgoing\nPeer: 10.0.0.1:5060\nMessage-Type: request\n"
        "Start-Line: BYE sip:a@b SIP/2.0\nVia: SIP/2.0/UDP 10.0.0.2\nContent-Length: 0\nMessage-Body: -\n"
        "TL_INFO(TF_PROTOCOL) [0]1.2::01/18/2012-05:00:44.000.2 (x)$$begin_record\n"
        "Peer: 10.0.0.1:5060\nMessage-Type: request\n"
        "Start-Line: INFO sip:a@b SIP/2.0\nContent-Length: 5\nMessage-Body: hello$$end_record\n"
        "TL_INFO(TF_PROTOCOL) [0]1.2::01/18/2012-05:00:45.000.3 (x)$$begin_record\n"
        "Direction: incoming\nMessage-Type: request\n$$end_record\n", NULL, &st);
    g_assert_cmpuint(c->msgs->len, ==, 2);
    g_assert_cmpuint(msg_at(c, 0)->m.flags, ==, OCSLOG_MF_NO_END);
    g_assert_cmpint(msg_at(c, 0)->m.transport, ==, OCSLOG_TRANSPORT_UDP);
    g_assert_cmpuint(msg_at(c, 1)->m.flags, ==, OCSLOG_MF_NO_DIRECTION);
    const char *want = "INFO sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\nhello";
    GBytes *w = g_bytes_new_static(want, strlen(want));
    assert_bytes_equal(msg_at(c, 1)->bytes, w);
    g_bytes_unref(w);
    g_assert_cmpuint(st.lost, ==, 1);   /* Message-Type but no Start-Line */
    collected_free(c);
}

/* --- malformed client logs ---------------------------------------------------------------- */

static void
test_bad_count(void)
{
    ocslog_stats st;
    collected *c = parse_file("uccapilog-bad-count.log", 0, &st);
    g_assert_cmpuint(c->msgs->len, ==, 1);
    g_assert_cmpuint(msg_at(c, 0)->m.flags, ==, OCSLOG_MF_LENGTH_MISMATCH);
    g_assert_cmpuint(msg_at(c, 0)->m.declared_len, ==, 1300);
    /* the message itself is still the real one */
    GBytes *w = load_wire("msg-subscribe.txt", FALSE);
    assert_bytes_equal(msg_at(c, 0)->bytes, w);
    g_bytes_unref(w);
    g_assert_cmpuint(c->warnings->len, ==, 1);
    g_assert_cmpstr(c->warnings->pdata[0], ==, "1: byte count says 1300, log holds 1288");
    collected_free(c);
}

static void
test_truncated(void)
{
    ocslog_stats st;
    collected *c = parse_file("uccapilog-truncated.log", 0, &st);
    g_assert_cmpuint(c->msgs->len, ==, 3);
    g_assert_cmpuint(msg_at(c, 0)->m.flags, ==, 0);
    g_assert_cmpuint(msg_at(c, 1)->m.flags, ==, 0);
    got_message *g = msg_at(c, 2);
    g_assert_cmpuint(g->m.flags, ==, OCSLOG_MF_TRUNCATED | OCSLOG_MF_LENGTH_MISMATCH);
    g_assert_cmpuint(g_bytes_get_size(g->bytes), <, 1769);
    g_assert_cmpuint(c->warnings->len, ==, 2);
    g_assert_true(g_str_has_prefix(c->warnings->pdata[0], "43: input ends inside"));
    g_assert_cmpuint(st.lost, ==, 0);
    collected_free(c);
}

static void
test_junk(void)
{
    ocslog_stats st;
    collected *c = parse_file("uccapilog-junk.log", 0, &st);
    g_assert_cmpuint(c->msgs->len, ==, 2);
    g_assert_cmpuint(st.lost, ==, 1);   /* the header at line 3 with no message */
    got_message *g = msg_at(c, 0);
    g_assert_cmpuint(g->m.flags, ==, OCSLOG_MF_NO_END);
    g_assert_cmpuint(g->m.line, ==, 5);
    GBytes *w = load_wire("msg-subscribe.txt", FALSE);
    assert_bytes_equal(g->bytes, w);
    g_bytes_unref(w);
    g = msg_at(c, 1);
    g_assert_cmpuint(g->m.flags, ==, OCSLOG_MF_BAD_ADDRESS);
    g_assert_cmpint(g->m.peer.family, ==, 0);
    g_assert_cmpstr(g->m.peer.name, ==, "not-an-address");
    g_assert_cmpint(g->m.dir, ==, OCSLOG_DIR_RECEIVED);
    static const char *const want_warnings[] = {
        "3: message record lost: packet header without a SIP message",
        "27: message begun at line 5 ends without its End marker",
        "28: peer address not understood",
    };
    g_assert_cmpuint(c->warnings->len, ==, G_N_ELEMENTS(want_warnings));
    for (guint i = 0; i < G_N_ELEMENTS(want_warnings); i++)
        g_assert_cmpstr(c->warnings->pdata[i], ==, want_warnings[i]);
    collected_free(c);
}

static void
test_limits(void)
{
    /* a message above max_message is cut and flagged; memory stays at the cap */
    GString *log = g_string_new("01/01/2020|00:00:00.000 1:2 INFO  :: Sending Packet - 10.0.0.1:5061 "
                                "(From Local Address: 10.0.0.2:1000) 2000 bytes:\n"
                                "01/01/2020|00:00:00.000 1:2 INFO  :: MESSAGE sip:a@b SIP/2.0\n");
    g_string_append(log, "X-Long: ");
    for (int i = 0; i < 300; i++)
        g_string_append_c(log, 'L');
    g_string_append_c(log, '\n');
    for (int i = 0; i < 40; i++)
        g_string_append(log, "X-Filler: 0123456789012345678901234567890123456789\n");
    g_string_append(log, "01/01/2020|00:00:00.000 1:2 INFO  :: End of Sending Packet\n");
    ocslog_options opt = { .max_message = 512, .max_line = 160 };
    ocslog_stats st;
    collected *c = parse_text(log->str, &opt, &st);
    g_assert_cmpuint(c->msgs->len, ==, 1);
    g_assert_cmpuint(g_bytes_get_size(msg_at(c, 0)->bytes), ==, 512);
    g_assert_true(msg_at(c, 0)->m.flags & OCSLOG_MF_OVERSIZE);
    g_assert_true(msg_at(c, 0)->m.flags & OCSLOG_MF_LONG_LINE);
    g_assert_cmpuint(st.lost, ==, 0);
    collected_free(c);
    g_string_free(log, TRUE);

    /* a header without its message at the end of input is lost, and said so */
    c = parse_text("01/01/2020|00:00:00.000 1:2 INFO  :: Data Received - 10.0.0.1:5061 "
                   "(To Local Address: 10.0.0.2:1000) 10 bytes:\n", NULL, &st);
    g_assert_cmpuint(c->msgs->len, ==, 0);
    g_assert_cmpuint(st.lost, ==, 1);
    g_assert_cmpuint(c->warnings->len, ==, 1);
    collected_free(c);

    /* empty input and pure noise: nothing, no warnings */
    c = parse_text("", NULL, &st);
    g_assert_cmpuint(c->msgs->len + c->warnings->len, ==, 0);
    collected_free(c);
    c = parse_text("\x00\x01\x02 not a log\r\n\r\n|||\n", NULL, &st);
    g_assert_cmpuint(c->msgs->len + c->warnings->len, ==, 0);
    collected_free(c);
}

/* IPv6 endpoints in client logs; missing End marker before the next header. */
static void
test_uccapi_ipv6(void)
{
    collected *c = parse_text(
        "05/02/2014|10:20:30.456 1A:2B INFO  :: Data Received - [2001:db8::5]:5061 "
        "(To Local Address: [2001:db8::10]:50123) 22 bytes:\r\n"
        "05/02/2014|10:20:30.456 1A:2B INFO  :: SIP/2.0 100 Trying\r\n"
        "\r\n"
        "05/02/2014|10:20:30.457 1A:2B INFO  :: End of Data Received - [2001:db8::5]:5061\r\n",
        NULL, NULL);
    g_assert_cmpuint(c->msgs->len, ==, 1);
    got_message *g = msg_at(c, 0);
    g_assert_cmpuint(g->m.flags, ==, 0);
    g_assert_cmpint(g->m.peer.family, ==, 6);
    g_assert_cmpint(g->m.local.family, ==, 6);
    g_assert_cmpuint(g->m.local.port, ==, 50123);
    g_assert_cmpuint(g->m.local.addr[15], ==, 0x10);
    g_assert_cmpint(g->m.transport, ==, OCSLOG_TRANSPORT_UNKNOWN);   /* no Via */
    const char *want = "SIP/2.0 100 Trying\r\n\r\n";
    g_assert_cmpuint(g_bytes_get_size(g->bytes), ==, strlen(want));
    collected_free(c);
}

/* --- time zones ------------------------------------------------------------------------------ */

static gint64
secs_in_zone(const char *zone, const char *date)
{
    char *log = g_strdup_printf(
        "%s 1:2 INFO  :: Sending Packet - 10.0.0.1:5061 (From Local Address: 10.0.0.2:1000) 22 bytes:\n"
        "%s 1:2 INFO  :: OPTIONS sip:x SIP/2.0\n\n%s 1:2 INFO  :: End of Sending Packet\n", date, date, date);
    GTimeZone *tz = ocslog_tz_from_string(zone);
    g_assert_nonnull(tz);
    ocslog_options opt = { .tz = tz };
    collected *c = parse_text(log, &opt, NULL);
    g_assert_cmpuint(c->msgs->len, ==, 1);
    g_assert_cmpuint(msg_at(c, 0)->m.flags, ==, 0);
    gint64 s = msg_at(c, 0)->m.secs;
    collected_free(c);
    g_time_zone_unref(tz);
    g_free(log);
    return s;
}

static void
test_time_zones(void)
{
    const gint64 jan = 1577880000;   /* 2020-01-01 12:00:00 UTC */
    const gint64 jul = 1593604800;   /* 2020-07-01 12:00:00 UTC */
    g_assert_cmpint(secs_in_zone("UTC", "01/01/2020|12:00:00.000"), ==, jan);
    g_assert_cmpint(secs_in_zone("+01:00", "01/01/2020|12:00:00.000"), ==, jan - 3600);
    g_assert_cmpint(secs_in_zone("-0530", "01/01/2020|12:00:00.000"), ==, jan + 5 * 3600 + 1800);
    g_assert_cmpint(secs_in_zone("Europe/Berlin", "01/01/2020|12:00:00.000"), ==, jan - 3600);
    g_assert_cmpint(secs_in_zone("Europe/Berlin", "07/01/2020|12:00:00.000"), ==, jul - 7200);
    g_assert_cmpint(secs_in_zone("America/New_York", "07/01/2020|12:00:00.000"), ==, jul + 4 * 3600);
    g_assert_null(ocslog_tz_from_string("+99:00"));
    g_assert_null(ocslog_tz_from_string("+1:2"));
    g_assert_null(ocslog_tz_from_string("Not/AZone"));
}

static void
test_flag_names(void)
{
    for (guint i = 0; i < OCSLOG_MF_COUNT; i++)
        g_assert_nonnull(ocslog_flag_name(1u << i));
    g_assert_null(ocslog_flag_name(1u << OCSLOG_MF_COUNT));
    g_assert_cmpstr(ocslog_flag_name(OCSLOG_MF_TRUNCATED), ==, "truncated");
}

/* Log bytes on their way into packet comments (security review inputs,
 * ../shared/security-repro/badpeer.log): always valid UTF-8, no controls. */
static void
test_text_clean(void)
{
    static const guint8 peer[] = "h\xff\xfe\xc0\x80\x1b[31mRED\x00x\t\xc2\x9b\x7f\xe2\x80\x9c";
    char out[128];
    gsize n = ocslog_text_clean(out, sizeof out, peer, sizeof peer - 1);

    g_assert_cmpstr(out, ==, "h\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\\x1B[31mRED\\x00x\t"
                             "\\u009B\\x7F\xE2\x80\x9C");
    g_assert_cmpuint(n, ==, strlen(out));
    g_assert_true(g_utf8_validate(out, -1, NULL));

    /* a full buffer stops at a whole character, never inside an escape */
    n = ocslog_text_clean(out, 8, peer, sizeof peer - 1);
    g_assert_cmpstr(out, ==, "h\xEF\xBF\xBD\xEF\xBF\xBD");
    g_assert_cmpuint(n, ==, 7);
}

static void
test_dates(void)
{
    g_assert_false(ocslog_date_valid(0, 1, 1));
    g_assert_false(ocslog_date_valid(1969, 12, 31));
    g_assert_true(ocslog_date_valid(1970, 1, 1));
    g_assert_false(ocslog_date_valid(2021, 2, 29));
    g_assert_true(ocslog_date_valid(2020, 2, 29));
    g_assert_false(ocslog_date_valid(2000, 4, 31));
    g_assert_true(ocslog_date_valid(2000, 2, 29));
    g_assert_false(ocslog_date_valid(1900 + 200, 2, 29));
}

/* --- Lync 2013 / Skype for Business ------------------------------------------------------ */

/* CLS search output of a Skype for Business Edge: machine-named records, a
 * TF_DIAG record that becomes the note of the 504 of its call, another whose
 * call has no message here (only counted), a one-line trace between. */
static void
test_cls_sfb(void)
{
    static const gsize chunks[] = { 0, 7 };
    for (guint k = 0; k < G_N_ELEMENTS(chunks); k++) {
        ocslog_stats st;
        collected *c = parse_file("cls-sfb-edge.log", chunks[k], &st);
        g_assert_cmpuint(c->msgs->len, ==, 2);
        g_assert_cmpuint(c->warnings->len, ==, 0);
        g_assert_cmpuint(st.other_records, ==, 2);
        g_assert_cmpuint(st.diag_notes, ==, 1);
        g_assert_cmpuint(st.lost, ==, 0);

        got_message *g = msg_at(c, 0);
        g_assert_cmpint(g->m.dir, ==, OCSLOG_DIR_RECEIVED);
        g_assert_cmpint(g->m.transport, ==, OCSLOG_TRANSPORT_TLS);
        assert_ipv4(&g->m.peer, "10.48.36.47", 25002);
        g_assert_cmpuint(g->m.line, ==, 10);
        g_assert_cmpint(g->m.secs, ==, 1488438646);     /* 2017-03-02 07:10:46.221 */
        g_assert_cmpuint(g->m.nsecs, ==, 221000000);
        g_assert_cmpuint(g->m.flags, ==, 0);
        g_assert_null(g->note);                         /* the diagnostic comes after it */
        gsize len;
        const char *d = g_bytes_get_data(g->bytes, &len);
        g_assert_true(g_str_has_prefix(d, "INVITE sip:stejanss@skype.lab SIP/2.0\r\nFrom: \"DX70 Steven\""));

        g = msg_at(c, 1);
        g_assert_cmpint(g->m.dir, ==, OCSLOG_DIR_SENT);
        g_assert_cmpuint(g->m.line, ==, 36);
        g_assert_cmpuint(g->m.nsecs, ==, 231000000);
        d = g_bytes_get_data(g->bytes, &len);
        g_assert_true(g_str_has_prefix(d, "SIP/2.0 504 Server time-out\r\nVia: SIP/2.0/TLS 10.48.36.47:5061;"));
        g_assert_true(len > 4 && memcmp(d + len - 4, "\r\n\r\n", 4) == 0);
        g_assert_cmpstr(g->note, ==, "TL_WARN diagnostic at line 27: The domain of the message resolved by "
                        "DNS SRV but none of the FQDNs is in the same domain Result-Code: 0xc3e93d6f "
                        "SIPPROXY_E_EPROUTING_MSG_ALLOWED_DOMAIN_NO_SRV_MATCH (severity warning)");
        collected_free(c);
    }
}

/* Diagnostics wait for their call's message in a bounded list: the oldest
 * leaves first, one without SIP-Call-ID never waits, all are counted. */
static void
test_diag_pending(void)
{
    GString *log = g_string_new(NULL);
    for (guint i = 0; i < 20; i++)
        g_string_append_printf(log, "TL_ERROR(TF_DIAG) [fe\\fe]0584.0A44::03/02/2017-07:10:%02u.000.00000001 "
                               "(SIPStack,x) [1] $$begin_record\nSeverity: error\nText: t%u\n"
                               "SIP-Call-ID: call-%u\n$$end_record\n", i, i, i);
    g_string_append(log, "TL_INFO(TF_DIAG) [0]0584.0A44::03/02/2017-07:11:00.000.00000001 (SIPStack,x)"
                         "$$begin_record\nText: no call\n$$end_record\n");
    for (guint i = 0; i < 3; i++) {
        static const char *const ids[] = { "call-0", "call-19", "call-19" };
        g_string_append_printf(log, "TL_INFO(TF_PROTOCOL) [0]0584.0A44::03/02/2017-07:12:00.000.00000001 "
                               "(SIPStack,x)$$begin_record\nDirection: incoming\nPeer: 192.0.2.1:5061\n"
                               "Start-Line: BYE sip:a@b SIP/2.0\ni: %s\nContent-Length: 0\n"
                               "Message-Body: -\n$$end_record\n", ids[i]);
    }
    ocslog_stats st;
    collected *c = parse_text(log->str, NULL, &st);
    g_assert_cmpuint(c->msgs->len, ==, 3);
    g_assert_cmpuint(c->warnings->len, ==, 0);
    g_assert_cmpuint(st.other_records, ==, 21);
    g_assert_cmpuint(st.diag_notes, ==, 1);
    g_assert_null(msg_at(c, 0)->note);                 /* call-0 was pushed out */
    g_assert_cmpstr(msg_at(c, 1)->note, ==, "TL_ERROR diagnostic at line 96: t19 (severity error)");
    g_assert_null(msg_at(c, 2)->note);                 /* a note goes to one message only */
    collected_free(c);
    g_string_free(log, TRUE);
}

/* Skype for Business client log: the "Data Received -PEER" header without a
 * space (a published Lync 2013 log shows it) is a message like the other. */
static void
test_uccapi_sfb(void)
{
    ocslog_stats st;
    collected *c = parse_file("uccapilog-sfb2016.log", 0, &st);
    g_assert_cmpuint(c->msgs->len, ==, 2);
    g_assert_cmpuint(c->warnings->len, ==, 0);
    g_assert_cmpuint(st.lost, ==, 0);
    static const guint64 counts[] = { 738, 873 };
    static const gint64 secs[] = { 1488442325, 1488442491 };   /* 2017-03-02 08:12:05, 08:14:51 */
    for (guint i = 0; i < 2; i++) {
        got_message *g = msg_at(c, i);
        g_assert_cmpint(g->m.dir, ==, OCSLOG_DIR_RECEIVED);
        assert_ipv4(&g->m.peer, "192.0.2.10", 443);
        assert_ipv4(&g->m.local, "10.55.186.71", 62937);
        g_assert_cmpuint(g->m.declared_len, ==, counts[i]);
        g_assert_cmpuint(g_bytes_get_size(g->bytes), ==, counts[i]);
        g_assert_cmpint(g->m.secs, ==, secs[i]);
        g_assert_cmpuint(g->m.flags, ==, 0);
        g_assert_true(g_str_has_prefix(g_bytes_get_data(g->bytes, NULL), "SIP/2.0 504 Server time-out\r\n"));
    }
    collected_free(c);
}

/* CLS records of the S4 stack (Mediation Server): no $$begin_record, an
 * arrow line with both endpoints, an EndOf line (make_logs_s4.py). */
static void
test_cls_s4(void)
{
    static const gsize chunks[] = { 0, 7 };
    for (guint k = 0; k < G_N_ELEMENTS(chunks); k++) {
        ocslog_stats st;
        gsize len;
        collected *c = parse_file("cls-s4-mediation.log", chunks[k], &st);
        g_assert_cmpuint(c->msgs->len, ==, 3);
        g_assert_cmpuint(c->warnings->len, ==, 0);
        g_assert_cmpuint(st.other_records, ==, 0);

        got_message *g = msg_at(c, 0);
        g_assert_cmpint(g->m.dir, ==, OCSLOG_DIR_RECEIVED);
        g_assert_cmpint(g->m.transport, ==, OCSLOG_TRANSPORT_TCP);
        assert_ipv4(&g->m.local, "192.0.2.40", 5060);
        assert_ipv4(&g->m.peer, "198.51.100.27", 31721);
        g_assert_cmpuint(g->m.line, ==, 1);
        g_assert_cmpint(g->m.secs, ==, 1486078487);     /* 2017-02-02 23:34:47.605 */
        g_assert_cmpuint(g->m.nsecs, ==, 605000000);
        g_assert_cmpuint(g->m.flags, ==, 0);
        const char *d = g_bytes_get_data(g->bytes, &len);
        g_assert_true(g_str_has_prefix(d, "OPTIONS sip:192.0.2.40:5060;transport=TCP SIP/2.0\r\nFROM: "));
        /* the header block ends with its empty line, which the log leaves out */
        g_assert_true(len > 4 && memcmp(d + len - 4, "\r\n\r\n", 4) == 0);

        g = msg_at(c, 1);
        g_assert_cmpint(g->m.dir, ==, OCSLOG_DIR_SENT);
        g_assert_cmpuint(g->m.line, ==, 14);
        g_assert_cmpuint(g->m.nsecs, ==, 606000000);

        g = msg_at(c, 2);
        g_assert_cmpint(g->m.dir, ==, OCSLOG_DIR_SENT);
        g_assert_cmpuint(g->m.line, ==, 31);            /* the one-line trace before it is no record */
        d = g_bytes_get_data(g->bytes, &len);
        g_assert_true(g_str_has_prefix(d, "INVITE sip:+15550100@198.51.100.27:5060;user=phone SIP/2.0\r\n"));
        const char *body = g_strstr_len(d, (gssize)len, "\r\n\r\nv=0");
        g_assert_nonnull(body);
        g_assert_cmpuint(len - (gsize)(body + 4 - d), ==, 157);  /* its Content-Length */
        collected_free(c);
    }
}

/* An S4 record cut short by the next one, one cut by the end of input, and an
 * arrow line whose addresses cannot be read: each delivered and flagged. */
static void
test_cls_s4_damaged(void)
{
    static const char log[] =
        "TL_INFO(TF_PROTOCOL) [fe]1B9C.4DC0::02/02/2017-23:34:47.605.00002901 (S4,x) [1]\n"
        "<<<<<<<<<<<<Incoming SipMessage c=[<SipTcpConnection_1>], 192.0.2.1:5060<-192.0.2.2:5061\n"
        "BYE sip:a@b SIP/2.0\nContent-Length: 0\n"
        "TL_INFO(TF_PROTOCOL) [fe]1B9C.4DC0::02/02/2017-23:34:47.700.00002902 (S4,x) [1]\n"
        ">>>>>>>>>>>>Outgoing SipMessage c=[<SipTcpConnection_1>], nowhere\n"
        "SIP/2.0 200 OK\nContent-Length: 0\n"
        "------------EndOfOutgoing SipMessage\n"
        ">>>>>>>>>>>>Outgoing SipMessage c=[<SipTcpConnection_1>], 192.0.2.1:5060->192.0.2.2:5061\n"
        "SIP/2.0 200 OK\n";
    ocslog_stats st;
    collected *c = parse_text(log, NULL, &st);

    g_assert_cmpuint(c->msgs->len, ==, 3);
    g_assert_cmpuint(msg_at(c, 0)->m.flags, ==, OCSLOG_MF_NO_END);
    g_assert_cmpuint(msg_at(c, 1)->m.flags, ==, OCSLOG_MF_BAD_ADDRESS);
    g_assert_cmpuint(msg_at(c, 1)->m.nsecs, ==, 700000000);
    /* no trace line right above: the time of the record before it */
    g_assert_cmpuint(msg_at(c, 2)->m.flags, ==, OCSLOG_MF_TRUNCATED | OCSLOG_MF_NO_TIME);
    g_assert_cmpuint(msg_at(c, 2)->m.line, ==, 10);
    g_assert_cmpuint(st.lost, ==, 0);
    g_assert_cmpuint(c->warnings->len, ==, 3);
    collected_free(c);
}

/* A diagnostic record whose first line has no $$begin_record loses no SIP
 * message: counted as other, no warning (make_logs_s4.py). */
static void
test_diag_without_begin(void)
{
    ocslog_stats st;
    collected *c = parse_file("ocslogger-diag-nobegin.log", 0, &st);
    g_assert_cmpuint(c->msgs->len, ==, 1);
    g_assert_cmpuint(c->warnings->len, ==, 0);
    g_assert_cmpuint(st.other_records, ==, 1);
    g_assert_cmpuint(st.lost, ==, 0);
    collected_free(c);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ocslog/uccapi/golden", test_uccapi_golden);
    g_test_add_func("/ocslog/text/clean", test_text_clean);
    g_test_add_func("/ocslog/text/dates", test_dates);
    g_test_add_func("/ocslog/uccapi/ipv6", test_uccapi_ipv6);
    g_test_add_func("/ocslog/input/chunking", test_chunking);
    g_test_add_func("/ocslog/input/encodings", test_encodings);
    g_test_add_func("/ocslog/input/utf16-surrogates", test_utf16_surrogates);
    g_test_add_func("/ocslog/server/golden", test_server_golden);
    g_test_add_func("/ocslog/server/truncated", test_server_truncated);
    g_test_add_func("/ocslog/server/edge-cases", test_server_edge_cases);
    g_test_add_func("/ocslog/malformed/bad-count", test_bad_count);
    g_test_add_func("/ocslog/malformed/truncated", test_truncated);
    g_test_add_func("/ocslog/malformed/junk", test_junk);
    g_test_add_func("/ocslog/malformed/limits", test_limits);
    g_test_add_func("/ocslog/time-zones", test_time_zones);
    g_test_add_func("/ocslog/flag-names", test_flag_names);
    g_test_add_func("/ocslog/server/cls-sfb", test_cls_sfb);
    g_test_add_func("/ocslog/server/diag-pending", test_diag_pending);
    g_test_add_func("/ocslog/uccapi/sfb2016", test_uccapi_sfb);
    g_test_add_func("/ocslog/server/cls-s4", test_cls_s4);
    g_test_add_func("/ocslog/server/cls-s4-damaged", test_cls_s4_damaged);
    g_test_add_func("/ocslog/server/diag-without-begin", test_diag_without_begin);
    return g_test_run();
}
