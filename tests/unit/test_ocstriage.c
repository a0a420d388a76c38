/* Unit tests for the ocstriage catalogue and decisions (epan-extra). */
#include <glib.h>
#include <string.h>

#include "ocstriage-core.h"

static const char *const catalogue_ids[] = {
    "service.no-response", "service.error-response", "service.slow-response", "tcp.bare-reset",
    "tcp.asymmetric-synack", "mras.no-response", "mras.error", "mras.forbidden",
    "conf.adduser-failed", "msturn.unknown-user", "msturn.no-response", "msturn.integrity-failed",
    "sdp.no-relay-candidates", "sdp.private-relay-address", "provisioning.no-mras-uri",
    "qoe.poor-stream",
};

static void
test_catalogue(void)
{
    g_assert_cmpuint(ocstriage_sigs_count, ==, G_N_ELEMENTS(catalogue_ids));
    for (guint i = 0; i < G_N_ELEMENTS(catalogue_ids); i++) {
        int idx = ocstriage_sig_index(catalogue_ids[i]);
        g_assert_cmpint(idx, ==, (int)i);
        g_assert_cmpuint(strlen(ocstriage_sigs[idx].hint), >, 20);
        g_assert_cmpuint(strlen(ocstriage_sigs[idx].summary), >, 10);
        g_assert_null(strchr(ocstriage_sigs[idx].hint, '\t'));
    }
    g_assert_cmpint(ocstriage_sig_index("no.such"), ==, -1);
    g_assert_cmpuint(ocstriage_sigs[ocstriage_sig_index("tcp.asymmetric-synack")].event_id, ==, 61013);
    g_assert_cmpuint(ocstriage_sigs[ocstriage_sig_index("mras.forbidden")].event_id, ==, 32018);
    g_assert_cmpuint(ocstriage_sigs[ocstriage_sig_index("service.error-response")].event_id, ==, 0);
    g_assert_cmpuint(ocstriage_sigs[ocstriage_sig_index("service.no-response")].event_id, ==, 25022);
    g_assert_cmpint(ocstriage_sigs[ocstriage_sig_index("service.no-response")].event_scope, ==, OCSTRIAGE_EVENT_QOE);
    g_assert_cmpint(ocstriage_sigs[ocstriage_sig_index("tcp.asymmetric-synack")].event_scope, ==,
                    OCSTRIAGE_EVENT_PORT);
    g_assert_cmpuint(ocstriage_sigs[ocstriage_sig_index("tcp.asymmetric-synack")].event_port, ==, 444);
    g_assert_cmpuint(ocstriage_sigs[ocstriage_sig_index("mras.forbidden")].event_port, ==, 0);
    g_assert_cmpint(ocstriage_sigs[ocstriage_sig_index("mras.forbidden")].event_scope, ==, OCSTRIAGE_EVENT_ALL);
    g_assert_cmpint(ocstriage_sigs[ocstriage_sig_index("mras.forbidden")].severity, ==, OCSTRIAGE_SEV_ERROR);
    g_assert_cmpint(ocstriage_sigs[ocstriage_sig_index("service.slow-response")].severity, ==, OCSTRIAGE_SEV_NOTE);
    g_assert_cmpstr(ocstriage_severity_name(OCSTRIAGE_SEV_WARN), ==, "warn");
}

static void
test_private(void)
{
    const char *priv[] = { "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1",
                           "fd00::1", "FC12:3456::1" };
    const char *pub[] = { "9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0", "192.167.1.1",
                          "192.169.0.1", "203.0.113.5", "2001:db8::1", "fe80::1", "", "10.0.0",
                          "10.0.0.256", "10.0.0.1.", "1O.0.0.1", "10.0.0.1x", "0010.0.0.1", NULL };
    guint32 v;

    for (guint i = 0; i < G_N_ELEMENTS(priv); i++)
        g_assert_true(ocstriage_addr_is_private(priv[i]));
    for (guint i = 0; i < G_N_ELEMENTS(pub); i++)
        g_assert_false(ocstriage_addr_is_private(pub[i]));
    g_assert_true(ocstriage_parse_ipv4("192.0.2.7", &v));
    g_assert_cmphex(v, ==, 0xC0000207);
    g_assert_false(ocstriage_parse_ipv4("192.0.2", &v));
    g_assert_false(ocstriage_parse_ipv4("999.0.2.1", &v));
}

static gboolean
parse(const char *s, ocstriage_candidate *c)
{
    return ocstriage_parse_candidate(s, strlen(s), c);
}

static void
test_candidate_rfc5245(void)
{
    ocstriage_candidate c;

    g_assert_true(parse("a=candidate:1 1 UDP 2130706431 192.168.1.20 50012 typ host", &c));
    g_assert_cmpint(c.form, ==, OCSTRIAGE_CAND_RFC5245);
    g_assert_cmpstr(c.foundation, ==, "1");
    g_assert_cmpuint(c.component, ==, 1);
    g_assert_cmpstr(c.transport, ==, "UDP");
    g_assert_cmpuint(c.priority, ==, 2130706431u);
    g_assert_cmpstr(c.address, ==, "192.168.1.20");
    g_assert_cmpuint(c.port, ==, 50012);
    g_assert_cmpint(c.type, ==, OCSTRIAGE_CAND_HOST);
    g_assert_cmpstr(c.raddr, ==, "");

    g_assert_true(parse("candidate:4 2 TCP-ACT 8387583 198.51.100.9 56123 typ relay raddr 203.0.113.5 "
                        "rport 3478 generation 0\r\n", &c));
    g_assert_cmpint(c.type, ==, OCSTRIAGE_CAND_RELAY);
    g_assert_cmpuint(c.component, ==, 2);
    g_assert_cmpstr(c.transport, ==, "TCP-ACT");
    g_assert_cmpstr(c.raddr, ==, "203.0.113.5");
    g_assert_cmpuint(c.rport, ==, 3478);

    g_assert_true(parse("x-candidate:2 1 UDP 1694498815 203.0.113.5 3478 typ srflx raddr 10.0.0.5 rport 50000", &c));
    g_assert_cmpint(c.type, ==, OCSTRIAGE_CAND_SRFLX);
    g_assert_true(parse("candidate:9 1 UDP 1 10.0.0.1 1 typ weird", &c));
    g_assert_cmpint(c.type, ==, OCSTRIAGE_CAND_OTHER);
    /* the length bounds the parse: the text after len is not seen */
    const char *s = "candidate:1 1 UDP 5 10.0.0.1 5000 typ relayXXXX";
    g_assert_true(ocstriage_parse_candidate(s, strlen(s) - 4, &c));
    g_assert_cmpint(c.type, ==, OCSTRIAGE_CAND_RELAY);
}

static void
test_candidate_draft6(void)
{
    ocstriage_candidate c;

    g_assert_true(parse("a=candidate:qkEMOdOngf3Yg8+bB0pu/a1d28Un3DxRMyNdE6XJR+w 1 "
                        "Lsjb3LbI2s1lJK3Kzq9EtA UDP 0.830 192.0.2.33 21286", &c));
    g_assert_cmpint(c.form, ==, OCSTRIAGE_CAND_DRAFT6);
    g_assert_cmpint(c.type, ==, OCSTRIAGE_CAND_UNTYPED);
    g_assert_cmpstr(c.foundation, ==, "qkEMOdOngf3Yg8+bB0pu/a1d28Un3DxRMyNdE6XJR+w");
    g_assert_cmpstr(c.transport, ==, "UDP");
    g_assert_cmpuint(c.priority, ==, 830);
    g_assert_cmpstr(c.address, ==, "192.0.2.33");
    g_assert_cmpuint(c.port, ==, 21286);
    g_assert_true(parse("candidate:u 2 p TCP 1 192.0.2.33 443", &c));
    g_assert_cmpuint(c.priority, ==, 1000);
    g_assert_false(parse("candidate:u 2 p TCP 1.5 192.0.2.33 443", &c));
    g_assert_false(parse("candidate:u 2 p TCP 0.1234 192.0.2.33 443", &c));
}

static void
test_candidate_malformed(void)
{
    ocstriage_candidate c;
    const char *bad[] = {
        "", "a=", "candidate:", "candidate:1 1 UDP 1 10.0.0.1", "ice-ufrag:abc",
        "candidate:1 0 UDP 1 10.0.0.1 5000 typ host",          /* component 0 */
        "candidate:1 1 UDP 1 10.0.0.1 70000 typ host",         /* port */
        "candidate:1 1 UDP 99999999999 10.0.0.1 5000 typ host", /* priority > 32 bits */
        "candidate:1 1 UDP x 10.0.0.1 5000 typ host",
        "candidate:1 1 UDP 1 10.0.0.1 5000 typ",                /* no type */
        "candidate:1 1 UDP 1 10.0.0.1 5000 typ host raddr",     /* dangling extension is ignored? no: */
        "candidate:1 1 UDP 1 10.0.0.1 5000 typ host rport 99999",
        "candidate:1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1",
    };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        gboolean ok = parse(bad[i], &c);
        if (i == 10)
            g_assert_true(ok); /* a dangling extension name has no value to check */
        else
            g_assert_false(ok);
    }
    /* overlong address / foundation */
    GString *s = g_string_new("candidate:1 1 UDP 1 ");
    for (int i = 0; i < OCSTRIAGE_ADDR_MAX; i++)
        g_string_append_c(s, '1');
    g_string_append(s, " 5000 typ host");
    g_assert_false(parse(s->str, &c));
    g_string_assign(s, "candidate:");
    for (int i = 0; i < 100000; i++)
        g_string_append_c(s, 'f');
    g_string_append(s, " 1 UDP 1 10.0.0.1 5000 typ host");
    g_assert_false(parse(s->str, &c));
    g_string_free(s, TRUE);
    g_assert_false(ocstriage_parse_candidate(NULL, 0, &c));
}

static gboolean
edge_is(const char *addr, guint32 port, void *user)
{
    return strcmp(addr, (const char *)user) == 0;
}

static void
assess(const char *const *lines, guint n, gboolean with_edge, ocstriage_sdp_verdict *v)
{
    ocstriage_candidate c[8];
    for (guint i = 0; i < n; i++)
        g_assert_true(parse(lines[i], &c[i]));
    ocstriage_sdp_assess(c, n, with_edge ? edge_is : NULL, (void *)"203.0.113.80", v);
}

static void
test_sdp_verdicts(void)
{
    ocstriage_sdp_verdict v;
    const char *no_relay[] = { "candidate:1 1 UDP 2130706431 192.168.1.20 50012 typ host",
                               "candidate:2 1 UDP 1694498815 198.51.100.7 50012 typ srflx" };
    const char *relay_ok[] = { "candidate:1 1 UDP 2130706431 192.168.1.20 50012 typ host",
                               "candidate:3 1 UDP 16777215 203.0.113.80 55000 typ relay" };
    const char *relay_priv[] = { "candidate:1 1 UDP 2130706431 192.168.1.20 50012 typ host",
                                 "candidate:2 1 UDP 1694498815 198.51.100.7 50012 typ srflx",
                                 "candidate:3 1 UDP 16777215 10.1.1.80 55000 typ relay" };
    const char *relay_priv_internal[] = { "candidate:1 1 UDP 2130706431 192.168.1.20 50012 typ host",
                                          "candidate:3 1 UDP 16777215 10.1.1.80 55000 typ relay" };
    const char *draft6[] = { "candidate:u1 1 p1 UDP 0.9 192.168.1.20 50012",
                             "candidate:u2 1 p2 UDP 0.5 203.0.113.80 55000" };
    const char *draft6_norelay[] = { "candidate:u1 1 p1 UDP 0.9 192.168.1.20 50012" };
    const char *draft6_private[] = { "candidate:u1 1 p1 UDP 0.9 192.168.1.20 50012",
                                     "candidate:u2 1 p2 TCP 0.5 10.20.30.40 443" };
    const char *relay_priv_raddr[] = { "candidate:1 1 UDP 2130706431 192.168.1.20 50012 typ host",
                                       "candidate:3 1 UDP 16777215 10.1.1.80 55000 typ relay "
                                       "raddr 198.51.100.7 rport 50012" };
    const char *relay_priv_loopback_raddr[] = { "candidate:1 1 UDP 2130706431 192.168.1.20 50012 typ host",
                                                "candidate:3 1 UDP 16777215 10.1.1.80 55000 typ relay "
                                                "raddr 127.0.0.1 rport 50012" };

    assess(no_relay, 2, FALSE, &v);
    g_assert_true(ocstriage_sdp_no_relay(&v));
    g_assert_false(ocstriage_sdp_private_relay(&v));
    assess(relay_ok, 2, FALSE, &v);
    g_assert_false(ocstriage_sdp_no_relay(&v));
    g_assert_false(ocstriage_sdp_private_relay(&v));
    assess(relay_priv, 3, FALSE, &v);
    g_assert_false(ocstriage_sdp_no_relay(&v));
    g_assert_true(ocstriage_sdp_private_relay(&v));
    g_assert_cmpint(v.first_private_relay, ==, 2);
    assess(relay_priv_internal, 2, FALSE, &v);      /* call stays inside: no public address at all */
    g_assert_false(ocstriage_sdp_private_relay(&v));
    assess(draft6, 2, FALSE, &v);                    /* no Edge known: undecidable, no verdict */
    g_assert_false(ocstriage_sdp_no_relay(&v));
    assess(draft6, 2, TRUE, &v);
    g_assert_cmpuint(v.n_relay, ==, 1);
    g_assert_false(ocstriage_sdp_no_relay(&v));
    assess(draft6_norelay, 1, TRUE, &v);
    g_assert_true(ocstriage_sdp_no_relay(&v));
    assess(draft6_norelay, 1, FALSE, &v);            /* all RFC 1918, no Edge known: still no relay */
    g_assert_true(ocstriage_sdp_no_relay(&v));
    assess(draft6_private, 2, FALSE, &v);
    g_assert_true(ocstriage_sdp_no_relay(&v));
    g_assert_cmpuint(v.n_untyped_unknown, ==, 0);
    assess(relay_priv_raddr, 2, FALSE, &v);          /* the only public address is the relay's raddr */
    g_assert_true(v.has_public);
    g_assert_true(ocstriage_sdp_private_relay(&v));
    assess(relay_priv_loopback_raddr, 2, FALSE, &v); /* loopback is not public evidence */
    g_assert_false(ocstriage_sdp_private_relay(&v));
    ocstriage_sdp_assess(NULL, 0, NULL, NULL, &v);   /* no candidates: nothing to say */
    g_assert_false(ocstriage_sdp_no_relay(&v));
}

static void
test_tcp(void)
{
    g_assert_true(ocstriage_tcp_is_bare_reset(OCSTRIAGE_TCP_RST));
    g_assert_false(ocstriage_tcp_is_bare_reset(OCSTRIAGE_TCP_RST | OCSTRIAGE_TCP_ACK));
    g_assert_false(ocstriage_tcp_is_bare_reset(OCSTRIAGE_TCP_FIN | OCSTRIAGE_TCP_ACK));
    g_assert_false(ocstriage_tcp_is_bare_reset(OCSTRIAGE_TCP_RST | OCSTRIAGE_TCP_SYN));
    g_assert_false(ocstriage_tcp_is_bare_reset(0));

    g_assert_cmpint(ocstriage_synack_check("192.0.2.10", 1000, "192.0.2.11", 1001), ==,
                    OCSTRIAGE_SYNACK_ASYMMETRIC);
    g_assert_cmpint(ocstriage_synack_check("192.0.2.10", 1000, "192.0.2.10", 1001), ==,
                    OCSTRIAGE_SYNACK_NORMAL);
    g_assert_cmpint(ocstriage_synack_check("192.0.2.10", 1000, "192.0.2.11", 1002), ==,
                    OCSTRIAGE_SYNACK_UNRELATED);
    g_assert_cmpint(ocstriage_synack_check("192.0.2.10", 0xFFFFFFFFu, "192.0.2.11", 0), ==,
                    OCSTRIAGE_SYNACK_ASYMMETRIC); /* sequence wrap */
    g_assert_true(ocstriage_reset_answers_synack(OCSTRIAGE_TCP_RST, 5001, 5001));
    g_assert_false(ocstriage_reset_answers_synack(OCSTRIAGE_TCP_RST, 5002, 5001));
    g_assert_false(ocstriage_reset_answers_synack(OCSTRIAGE_TCP_ACK, 5001, 5001));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ocstriage/catalogue", test_catalogue);
    g_test_add_func("/ocstriage/private", test_private);
    g_test_add_func("/ocstriage/candidate/rfc5245", test_candidate_rfc5245);
    g_test_add_func("/ocstriage/candidate/draft6", test_candidate_draft6);
    g_test_add_func("/ocstriage/candidate/malformed", test_candidate_malformed);
    g_test_add_func("/ocstriage/sdp", test_sdp_verdicts);
    g_test_add_func("/ocstriage/tcp", test_tcp);
    return g_test_run();
}
