/* Unit tests of the call flow logic (epan-extra/msocs-flow-core.c). */
#include <glib.h>
#include <string.h>

#include "msocs-flow-core.h"

static void
check_sip(const msocs_flow_sip *m, const char *expected)
{
    char *label = msocs_flow_sip_label(m);
    g_assert_cmpstr(label, ==, expected);
    g_free(label);
}

static msocs_flow_sip
sip_none(void)
{
    msocs_flow_sip m;
    memset(&m, 0, sizeof m);
    m.mras_relays = -1;
    m.mras_uri = -1;
    return m;
}

static void
test_sip_requests(void)
{
    msocs_flow_sip m = sip_none();
    m.method = "SERVICE";
    m.service_kind = "mras";
    check_sip(&m, "SERVICE MRAS request");
    m.service_kind = "qoe";
    check_sip(&m, "SERVICE QoE");
    m.service_kind = "other";
    check_sip(&m, "SERVICE");
    m = sip_none();
    m.method = "SUBSCRIBE";
    m.event = "vnd-microsoft-provisioning-v2";
    check_sip(&m, "SUBSCRIBE provisioning");
    m.event = "presence";
    check_sip(&m, "SUBSCRIBE");
    m = sip_none();
    m.method = "INVITE";
    m.sdp = TRUE;
    check_sip(&m, "INVITE SDP");
}

static void
test_sip_responses(void)
{
    msocs_flow_sip m = sip_none();
    m.status = 200;
    m.reason = "OK";
    m.cseq_method = "SERVICE";
    m.mras_relays = 2;
    m.mras_reason = "OK";
    check_sip(&m, "200 OK MRAS: 2 relays");
    m.mras_relays = 1;
    check_sip(&m, "200 OK MRAS: 1 relay");
    m.mras_reason = "Not Supported";
    check_sip(&m, "200 OK MRAS: Not Supported");
    m = sip_none();
    m.status = 403;
    m.reason = "Forbidden";
    m.cseq_method = "SERVICE";
    m.msdiag = 9006;
    check_sip(&m, "403 Forbidden ms-diag 9006");
    m = sip_none();
    m.status = 202;
    m.reason = "Accepted";
    m.cseq_method = "SERVICE";
    check_sip(&m, "202 Accepted");
    m.cseq_method = "OPTIONS";
    m.status = 200;
    m.reason = "OK";
    check_sip(&m, "200 OK (OPTIONS)");
    m = sip_none();
    m.status = 200;
    m.reason = "OK";
    m.mras_uri = 0;
    check_sip(&m, "200 OK provisioning: no mrasUri");
    m.mras_uri = 1;
    check_sip(&m, "200 OK provisioning: mrasUri");
    m = sip_none();
    m.status = 500;
    check_sip(&m, "500");
}

static void
test_turn_labels(void)
{
    struct { const char *cls; guint code; const char *reason; const char *expected; } cases[] = {
        { "request", 0, NULL, "Allocate" },
        { "success", 0, NULL, "Allocate OK" },
        { "error", 436, "Unknown User", "Allocate 436 Unknown User" },
        { "error", 401, NULL, "Allocate 401" },
        { "error", 0, NULL, "Allocate error" },
        { "indication", 0, NULL, "Allocate" },
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *l = msocs_flow_turn_label("Allocate", cases[i].cls, cases[i].code, cases[i].reason);
        g_assert_cmpstr(l, ==, cases[i].expected);
        g_free(l);
    }
    char *l = msocs_flow_turn_label(NULL, NULL, 0, NULL);
    g_assert_cmpstr(l, ==, "MS-TURN");
    g_free(l);
}

static void
test_bursts(void)
{
    msocs_flow_burst b;
    memset(&b, 0, sizeof b);
    g_assert_false(msocs_flow_burst_continues(&b, 1.0));  /* empty: nothing to continue */
    msocs_flow_burst_start(&b, 19, 10.0);
    char *l = msocs_flow_burst_label(&b, "Send");
    g_assert_cmpstr(l, ==, "Send");
    g_free(l);
    for (guint i = 1; i < 30; i++) {
        g_assert_true(msocs_flow_burst_continues(&b, 10.0 + 0.02 * i));
        msocs_flow_burst_add(&b, 19 + 2 * i, 10.0 + 0.02 * i);
    }
    g_assert_cmpuint(b.count, ==, 30);
    g_assert_cmpuint(b.last_frame, ==, 77);
    l = msocs_flow_burst_label(&b, "Send");
    g_assert_cmpstr(l, ==, "Send x30 (0.58 s)");
    g_free(l);
    /* a pause longer than the gap, or time going back, starts a new burst */
    g_assert_false(msocs_flow_burst_continues(&b, b.last_ts + MSOCS_FLOW_BURST_GAP + 0.01));
    g_assert_true(msocs_flow_burst_continues(&b, b.last_ts + MSOCS_FLOW_BURST_GAP));
    g_assert_false(msocs_flow_burst_continues(&b, b.last_ts - 0.5));
}

static void
check_host(char *got, const char *expected)
{
    g_assert_cmpstr(got, ==, expected);
    g_free(got);
}

static void
test_names(void)
{
    check_host(msocs_flow_via_host("SIP/2.0/TLS pool01.contoso.com:5061;branch=z9hG4bK1"), "pool01.contoso.com");
    check_host(msocs_flow_via_host("SIP/2.0/UDP  Pool01.Contoso.COM;branch=z"), "pool01.contoso.com");
    check_host(msocs_flow_via_host("SIP/2.0/TCP 192.0.2.10:50020;branch=z"), NULL);
    check_host(msocs_flow_via_host("SIP/2.0/TCP [2001:db8::1]:5061"), NULL);
    check_host(msocs_flow_via_host("SIP/2.0/TCP localhost:5060"), NULL);   /* no dot: not a DNS name to show */
    check_host(msocs_flow_via_host("garbage"), NULL);
    check_host(msocs_flow_via_host("SIP/2.0/TCP"), NULL);
    check_host(msocs_flow_via_host(NULL), NULL);
    check_host(msocs_flow_uri_host("<sip:pool01.contoso.com:5061;transport=tls;lr>"), "pool01.contoso.com");
    check_host(msocs_flow_uri_host("sip:alice@edge.contoso.com;transport=tls"), "edge.contoso.com");
    check_host(msocs_flow_uri_host("<sips:198.51.100.20:5061;lr>"), NULL);
    check_host(msocs_flow_uri_host("<http://x.example.com>"), NULL);
    check_host(msocs_flow_uri_host("<sip:a..b.com>"), NULL);
    check_host(msocs_flow_uri_host(NULL), NULL);
    g_assert_true(msocs_flow_is_dns_name("av.contoso.com", 14));
    g_assert_false(msocs_flow_is_dns_name("10.0.0.30", 9));
    g_assert_false(msocs_flow_is_dns_name("-a.b", 4));
    g_assert_false(msocs_flow_is_dns_name("a.b.", 4));
    g_assert_false(msocs_flow_is_dns_name("a_b.com", 7));
    g_assert_false(msocs_flow_is_dns_name("", 0));
}

static void
test_split_route(void)
{
    guint n = 0;
    char **r = msocs_flow_split_route("<sip:p1.contoso.com;lr>, \"a,b\" <sip:p2.contoso.com;lr>,<sip:x,y>", 16, &n);
    g_assert_cmpuint(n, ==, 3);
    g_assert_cmpstr(r[0], ==, "<sip:p1.contoso.com;lr>");
    g_assert_cmpstr(r[1], ==, "\"a,b\" <sip:p2.contoso.com;lr>");
    g_assert_cmpstr(r[2], ==, "<sip:x,y>");
    g_assert_null(r[3]);
    g_strfreev(r);
    r = msocs_flow_split_route("<a>,<b>,<c>", 2, &n);  /* bounded */
    g_assert_cmpuint(n, ==, 2);
    g_strfreev(r);
    r = msocs_flow_split_route(" , ", 16, &n);
    g_assert_cmpuint(n, ==, 0);
    g_strfreev(r);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/flow/sip-requests", test_sip_requests);
    g_test_add_func("/flow/sip-responses", test_sip_responses);
    g_test_add_func("/flow/turn-labels", test_turn_labels);
    g_test_add_func("/flow/bursts", test_bursts);
    g_test_add_func("/flow/names", test_names);
    g_test_add_func("/flow/split-route", test_split_route);
    return g_test_run();
}
