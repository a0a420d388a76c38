/* Unit tests for the SIP SERVICE logic (epan-extra/sipservice-core). */
#include <glib.h>
#include <string.h>

#include "sipservice-core.h"

static sipservice_kind
classify(const char *s)
{
    return sipservice_classify(s, strlen(s));
}

static void
test_classify_exact(void)
{
    g_assert_cmpint(classify("application/vq-rtcpxr+xml"), ==, SIPSERVICE_KIND_QOE);
    g_assert_cmpint(classify("application/ms-cqf+xml"), ==, SIPSERVICE_KIND_QOE);
    g_assert_cmpint(classify("application/msrtc-media-relay-auth+xml"), ==, SIPSERVICE_KIND_MRAS);
    g_assert_cmpint(classify("application/cccp+xml"), ==, SIPSERVICE_KIND_OTHER);
    g_assert_cmpint(classify("application/msrtc-category-publish+xml"), ==, SIPSERVICE_KIND_OTHER);
}

static void
test_classify_case_and_params(void)
{
    g_assert_cmpint(classify("Application/VQ-RTCPXR+XML"), ==, SIPSERVICE_KIND_QOE);
    g_assert_cmpint(classify("application/vq-rtcpxr+xml; charset=utf-8"), ==, SIPSERVICE_KIND_QOE);
    g_assert_cmpint(classify("  application/msrtc-media-relay-auth+xml ;charset=\"utf-8\""), ==,
                    SIPSERVICE_KIND_MRAS);
    g_assert_cmpint(classify("application/ms-cqf+xml\t"), ==, SIPSERVICE_KIND_QOE);
    /* a parameter that looks like a known type does not count */
    g_assert_cmpint(classify("text/plain; x=application/vq-rtcpxr+xml"), ==, SIPSERVICE_KIND_OTHER);
}

static void
test_classify_hostile(void)
{
    const char embedded[] = "application/vq-rtcpxr+xml\0junk";
    g_assert_cmpint(sipservice_classify(NULL, 10), ==, SIPSERVICE_KIND_OTHER);
    g_assert_cmpint(classify(""), ==, SIPSERVICE_KIND_OTHER);
    g_assert_cmpint(classify(";"), ==, SIPSERVICE_KIND_OTHER);
    g_assert_cmpint(classify("   "), ==, SIPSERVICE_KIND_OTHER);
    /* prefix and extension of a known type are not that type */
    g_assert_cmpint(classify("application/vq-rtcpxr"), ==, SIPSERVICE_KIND_OTHER);
    g_assert_cmpint(classify("application/vq-rtcpxr+xmlx"), ==, SIPSERVICE_KIND_OTHER);
    g_assert_cmpint(classify("xapplication/ms-cqf+xml"), ==, SIPSERVICE_KIND_OTHER);
    /* the length bounds the read; a NUL inside ends the value */
    g_assert_cmpint(sipservice_classify("application/ms-cqf+xmlGARBAGE", 22), ==, SIPSERVICE_KIND_QOE);
    g_assert_cmpint(sipservice_classify(embedded, sizeof embedded - 1), ==, SIPSERVICE_KIND_QOE);
    g_assert_cmpint(sipservice_classify("application/ms-cqf+xml", 10), ==, SIPSERVICE_KIND_OTHER);
}

static void
test_kind_names(void)
{
    g_assert_cmpstr(sipservice_kind_name(SIPSERVICE_KIND_QOE), ==, "qoe");
    g_assert_cmpstr(sipservice_kind_name(SIPSERVICE_KIND_MRAS), ==, "mras");
    g_assert_cmpstr(sipservice_kind_name(SIPSERVICE_KIND_OTHER), ==, "other");
    g_assert_cmpstr(sipservice_kind_name((sipservice_kind)42), ==, "other");
}

static void
test_rtstats(void)
{
    sipservice_rtstats s;

    sipservice_rtstats_init(&s);
    g_assert_cmpuint(s.count, ==, 0);
    g_assert_cmpint(sipservice_rtstats_avg_us(&s), ==, 0);

    sipservice_rtstats_add(&s, 250000);
    g_assert_cmpint(s.min_us, ==, 250000);
    g_assert_cmpint(s.max_us, ==, 250000);
    sipservice_rtstats_add(&s, 40000);
    sipservice_rtstats_add(&s, 1210000);
    g_assert_cmpuint(s.count, ==, 3);
    g_assert_cmpint(s.min_us, ==, 40000);
    g_assert_cmpint(s.max_us, ==, 1210000);
    g_assert_cmpint(s.sum_us, ==, 1500000);
    g_assert_cmpint(sipservice_rtstats_avg_us(&s), ==, 500000);

    /* zero is a valid sample and becomes the minimum */
    sipservice_rtstats_add(&s, 0);
    g_assert_cmpint(s.min_us, ==, 0);
    g_assert_cmpint(sipservice_rtstats_avg_us(&s), ==, 375000);
}

static void
test_decide(void)
{
    const gint64 sec = 1000000, timeout = 30 * sec;

    g_assert_cmpint(sipservice_decide(TRUE, 10 * sec, 11 * sec, timeout), ==, SIPSERVICE_ANSWERED);
    /* answered wins even when the capture ended right after */
    g_assert_cmpint(sipservice_decide(TRUE, 10 * sec, 10 * sec, timeout), ==, SIPSERVICE_ANSWERED);
    g_assert_cmpint(sipservice_decide(FALSE, 10 * sec, 45 * sec, timeout), ==, SIPSERVICE_UNANSWERED);
    /* exactly the timeout later: the sender has given up */
    g_assert_cmpint(sipservice_decide(FALSE, 10 * sec, 40 * sec, timeout), ==, SIPSERVICE_UNANSWERED);
    g_assert_cmpint(sipservice_decide(FALSE, 10 * sec, 40 * sec - 1, timeout), ==, SIPSERVICE_PENDING);
    g_assert_cmpint(sipservice_decide(FALSE, 10 * sec, 10 * sec, timeout), ==, SIPSERVICE_PENDING);
    /* timeout 0: any missing response is unanswered */
    g_assert_cmpint(sipservice_decide(FALSE, 10 * sec, 10 * sec, 0), ==, SIPSERVICE_UNANSWERED);
}

/* pcapng timestamps in seconds reach far past 64-bit microseconds */
static void
test_time_us(void)
{
    sipservice_rtstats st;

    g_assert_cmpint(sipservice_time_us(1, 500000000), ==, 1500000);
    g_assert_cmpint(sipservice_time_us(-2, 0), ==, -2000000);
    g_assert_cmpint(sipservice_time_us(G_GINT64_CONSTANT(10000000000000), 0), ==, G_MAXINT64);
    g_assert_cmpint(sipservice_time_us(G_MININT64 / 2, 0), ==, G_MININT64);
    g_assert_cmpint(sipservice_time_us(G_MAXINT64 / 1000000 - 1, 999999999), <, G_MAXINT64);
    g_assert_cmpint(sipservice_elapsed_us(G_GINT64_CONSTANT(10000000000000), 0,
                                          G_GINT64_CONSTANT(10000000000100), 5000), ==, 100000005);
    g_assert_cmpint(sipservice_elapsed_us(G_MININT64, 0, G_MAXINT64, 0), ==, G_MAXINT64);
    g_assert_cmpint(sipservice_elapsed_us(G_MAXINT64, 0, G_MININT64, 0), ==, G_MININT64);
    g_assert_cmpint(sipservice_elapsed_us(5, 500000000, 6, 0), ==, 500000);
    /* far-apart times decide without overflowing */
    g_assert_cmpint(sipservice_decide(FALSE, G_MININT64, G_MAXINT64, 30000000), ==, SIPSERVICE_UNANSWERED);
    g_assert_cmpint(sipservice_decide(FALSE, G_MAXINT64, G_MININT64, 30000000), ==, SIPSERVICE_PENDING);
    g_assert_cmpint(sipservice_decide(FALSE, G_MAXINT64, G_MAXINT64, 30000000), ==, SIPSERVICE_PENDING);
    sipservice_rtstats_init(&st);
    sipservice_rtstats_add(&st, G_MAXINT64);
    sipservice_rtstats_add(&st, G_MAXINT64);
    g_assert_cmpint(st.sum_us, ==, G_MAXINT64);
    sipservice_rtstats_add(&st, G_MININT64);
    sipservice_rtstats_add(&st, G_MININT64);
    sipservice_rtstats_add(&st, G_MININT64);
    g_assert_cmpint(st.sum_us, ==, G_MININT64);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sipservice/classify/exact", test_classify_exact);
    g_test_add_func("/sipservice/classify/case_and_params", test_classify_case_and_params);
    g_test_add_func("/sipservice/classify/hostile", test_classify_hostile);
    g_test_add_func("/sipservice/kind_names", test_kind_names);
    g_test_add_func("/sipservice/rtstats", test_rtstats);
    g_test_add_func("/sipservice/decide", test_decide);
    g_test_add_func("/sipservice/time_us", test_time_us);
    return g_test_run();
}
