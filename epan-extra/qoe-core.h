/* qoe: QoE report logic that needs no Wireshark ([MS-QoE]): the poor audio
 * stream classification of Call Quality Dashboard (thresholds generated from
 * tables/qoe-poor-audio.tsv) and strict parsing of the schema's numbers. */
#ifndef QOE_CORE_H
#define QOE_CORE_H

#include <glib.h>

/* The metrics the classification looks at, in catalogue order. */
typedef enum {
    QOE_METRIC_DEGRADATION_AVG,
    QOE_METRIC_ROUND_TRIP,
    QOE_METRIC_PACKET_LOSS_RATE,
    QOE_METRIC_JITTER_INTER_ARRIVAL,
    QOE_METRIC_RATIO_CONCEALED_SAMPLES_AVG,
    QOE_METRIC_COUNT
} qoe_metric;

typedef struct {
    qoe_metric metric;
    const char *element;    /* CQD / [MS-QoE] name used in the reason text */
    const char *threshold;  /* as published, e.g. "0.1"; a stream is poor above it */
    const char *unit;       /* "ms" or "" */
    const char *meaning;
} qoe_threshold;

/* generated, in qoe_metric order */
extern const qoe_threshold qoe_thresholds[];
extern const unsigned qoe_thresholds_count;

/* TRUE when the generated table has one row per metric, in order, each
 * threshold a number. */
gboolean qoe_thresholds_valid(void);

/* What a stream reports of the metrics: the text as in the XML (NULL when
 * absent) and its value (valid when text is not NULL and parsed). */
typedef struct {
    const char *text[QOE_METRIC_COUNT];
    double value[QOE_METRIC_COUNT];
    gboolean valid[QOE_METRIC_COUNT];
} qoe_stream_metrics;

void qoe_metrics_init(qoe_stream_metrics *m);

/* Records a metric from its XML text; FALSE (and the metric left unset) when
 * the text is not a number. */
gboolean qoe_metrics_set(qoe_stream_metrics *m, qoe_metric metric, const char *text);

/* Classifies an audio stream: returns the number of metrics above their
 * threshold and, when reason is not NULL, appends "Element value > threshold
 * unit" for each, joined by ", ", the value as the XML wrote it. A stream
 * missing a metric is judged on the others only. */
guint qoe_classify_audio(const qoe_stream_metrics *m, GString *reason);

/* Strict xs:float / xs:double / xs:int text: optional surrounding XML white
 * space, optional sign, digits with at most one '.', optional exponent, or
 * INF / -INF; NaN and anything else is rejected. */
gboolean qoe_parse_number(const char *text, double *out);

#endif
