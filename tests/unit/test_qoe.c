/* Unit tests for the QoE report logic (epan-extra/qoe-core): the poor audio
 * stream thresholds of Call Quality Dashboard and the schema's numbers. */
#include <glib.h>
#include <math.h>

#include "qoe-core.h"

static void
test_table(void)
{
    g_assert_true(qoe_thresholds_valid());
    g_assert_cmpuint(qoe_thresholds_count, ==, QOE_METRIC_COUNT);
    /* the published values (CQD Audio Classifier) */
    g_assert_cmpstr(qoe_thresholds[QOE_METRIC_DEGRADATION_AVG].threshold, ==, "1.0");
    g_assert_cmpstr(qoe_thresholds[QOE_METRIC_ROUND_TRIP].threshold, ==, "500");
    g_assert_cmpstr(qoe_thresholds[QOE_METRIC_ROUND_TRIP].unit, ==, "ms");
    g_assert_cmpstr(qoe_thresholds[QOE_METRIC_PACKET_LOSS_RATE].threshold, ==, "0.1");
    g_assert_cmpstr(qoe_thresholds[QOE_METRIC_JITTER_INTER_ARRIVAL].threshold, ==, "30");
    g_assert_cmpstr(qoe_thresholds[QOE_METRIC_RATIO_CONCEALED_SAMPLES_AVG].threshold, ==, "0.07");
    g_assert_cmpstr(qoe_thresholds[QOE_METRIC_RATIO_CONCEALED_SAMPLES_AVG].element, ==,
                    "RatioConcealedSamplesAvg");
}

static void
test_parse_number(void)
{
    double v = 0;

    g_assert_true(qoe_parse_number("0.15", &v));
    g_assert_cmpfloat(v, ==, 0.15);
    g_assert_true(qoe_parse_number(" \r\n 620\t", &v));
    g_assert_cmpfloat(v, ==, 620);
    g_assert_true(qoe_parse_number("-1.5E2", &v));
    g_assert_cmpfloat(v, ==, -150);
    g_assert_true(qoe_parse_number(".5", &v));
    g_assert_cmpfloat(v, ==, 0.5);
    g_assert_true(qoe_parse_number("INF", &v));
    g_assert_true(isinf(v) && v > 0);
    g_assert_false(qoe_parse_number("", &v));
    g_assert_false(qoe_parse_number("   ", &v));
    g_assert_false(qoe_parse_number(NULL, &v));
    g_assert_false(qoe_parse_number("NaN", &v));
    g_assert_false(qoe_parse_number("nan", &v));
    g_assert_false(qoe_parse_number("0x10", &v));
    g_assert_false(qoe_parse_number("1.2.3", &v));
    g_assert_false(qoe_parse_number("12ms", &v));
    g_assert_false(qoe_parse_number("1e", &v));
    g_assert_false(qoe_parse_number("infinity", &v));
    g_assert_false(qoe_parse_number("1,5", &v));
    g_assert_false(qoe_parse_number("-", &v));
    /* longer than any number the schema carries */
    g_assert_false(qoe_parse_number("1111111111111111111111111111111111111111111111111111111111111111111", &v));
}

static guint
classify(const char *deg, const char *rtt, const char *plr, const char *jit, const char *conc, GString *r)
{
    qoe_stream_metrics m;

    qoe_metrics_init(&m);
    if (deg)
        qoe_metrics_set(&m, QOE_METRIC_DEGRADATION_AVG, deg);
    if (rtt)
        qoe_metrics_set(&m, QOE_METRIC_ROUND_TRIP, rtt);
    if (plr)
        qoe_metrics_set(&m, QOE_METRIC_PACKET_LOSS_RATE, plr);
    if (jit)
        qoe_metrics_set(&m, QOE_METRIC_JITTER_INTER_ARRIVAL, jit);
    if (conc)
        qoe_metrics_set(&m, QOE_METRIC_RATIO_CONCEALED_SAMPLES_AVG, conc);
    return qoe_classify_audio(&m, r);
}

static void
test_classify(void)
{
    GString *r = g_string_new(NULL);

    /* a good stream */
    g_assert_cmpuint(classify("0.12", "45", "0.01", "3", "0.01", r), ==, 0);
    g_assert_cmpstr(r->str, ==, "");
    /* exactly at a threshold is not above it */
    g_assert_cmpuint(classify("1.0", "500", "0.1", "30", "0.07", r), ==, 0);
    /* each metric alone */
    g_assert_cmpuint(classify("1.01", NULL, NULL, NULL, NULL, r), ==, 1);
    g_assert_cmpstr(r->str, ==, "DegradationAvg 1.01 > 1.0");
    g_string_truncate(r, 0);
    g_assert_cmpuint(classify(NULL, "620", NULL, NULL, NULL, r), ==, 1);
    g_assert_cmpstr(r->str, ==, "RoundTrip 620 ms > 500 ms");
    g_string_truncate(r, 0);
    g_assert_cmpuint(classify(NULL, NULL, "0.15", NULL, NULL, r), ==, 1);
    g_assert_cmpstr(r->str, ==, "PacketLossRate 0.15 > 0.1");
    g_string_truncate(r, 0);
    g_assert_cmpuint(classify(NULL, NULL, NULL, "31", NULL, r), ==, 1);
    g_assert_cmpstr(r->str, ==, "JitterInterArrival 31 ms > 30 ms");
    g_string_truncate(r, 0);
    g_assert_cmpuint(classify(NULL, NULL, NULL, NULL, "0.0700001", r), ==, 1);
    g_assert_cmpstr(r->str, ==, "RatioConcealedSamplesAvg 0.0700001 > 0.07");
    g_string_truncate(r, 0);
    /* several, in catalogue order, the values as written */
    g_assert_cmpuint(classify("2.10", "45", "1.5E-1", "45", NULL, r), ==, 3);
    g_assert_cmpstr(r->str, ==, "DegradationAvg 2.10 > 1.0, PacketLossRate 1.5E-1 > 0.1, "
                                "JitterInterArrival 45 ms > 30 ms");
    g_string_truncate(r, 0);
    /* values that are not numbers are not judged; nothing reported is not poor */
    g_assert_cmpuint(classify("bad", "", "NaN", "-", NULL, r), ==, 0);
    g_assert_cmpuint(classify(NULL, NULL, NULL, NULL, NULL, NULL), ==, 0);
    g_assert_cmpuint(classify(NULL, "INF", NULL, NULL, NULL, NULL), ==, 1);
    g_string_free(r, TRUE);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qoe/table", test_table);
    g_test_add_func("/qoe/parse_number", test_parse_number);
    g_test_add_func("/qoe/classify", test_classify);
    return g_test_run();
}
