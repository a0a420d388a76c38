/* SIP SERVICE transactions: logic that needs no Wireshark. Body kind by
 * Content-Type, response-time accumulation and the "unanswered" decision. */
#ifndef SIPSERVICE_CORE_H
#define SIPSERVICE_CORE_H

#include <glib.h>

typedef enum {
    SIPSERVICE_KIND_QOE,   /* application/vq-rtcpxr+xml, application/ms-cqf+xml ([MS-QoE]) */
    SIPSERVICE_KIND_MRAS,  /* application/msrtc-media-relay-auth+xml ([MS-AVEDGEA]) */
    SIPSERVICE_KIND_OTHER, /* anything else, or no body */
    SIPSERVICE_KIND_COUNT
} sipservice_kind;

/* Kind of a SERVICE body from its Content-Type value: media type compared
 * case-insensitively, surrounding whitespace and parameters (";...") ignored.
 * NULL or empty gives SIPSERVICE_KIND_OTHER. */
sipservice_kind sipservice_classify(const char *content_type, gsize len);

/* "qoe", "mras", "other" (the values of the sipservice.kind field). */
const char *sipservice_kind_name(sipservice_kind kind);

/* Min/avg/max of response times, in microseconds so that sums of a few
 * million samples of up to hours each fit in 64 bits. */
typedef struct {
    guint64 count;
    gint64 sum_us;
    gint64 min_us;
    gint64 max_us;
} sipservice_rtstats;

void sipservice_rtstats_init(sipservice_rtstats *s);
void sipservice_rtstats_add(sipservice_rtstats *s, gint64 us);
/* Mean in microseconds; 0 with no samples. */
gint64 sipservice_rtstats_avg_us(const sipservice_rtstats *s);

/* secs + nsecs (a Wireshark nstime_t) in microseconds, saturated at
 * G_MININT64 / G_MAXINT64: pcapng allows timestamps far beyond what 64-bit
 * microseconds hold (if_tsresol 0 counts seconds). */
gint64 sipservice_time_us(gint64 secs, gint64 nsecs);

/* (to - from) in microseconds, saturated, for two such times: what the
 * unanswered decision compares, exact however far from 1970 both lie. */
gint64 sipservice_elapsed_us(gint64 from_secs, gint64 from_nsecs, gint64 to_secs, gint64 to_nsecs);

typedef enum {
    SIPSERVICE_ANSWERED,   /* a final response was seen */
    SIPSERVICE_PENDING,    /* none seen, but the capture ended before the timeout ran out */
    SIPSERVICE_UNANSWERED  /* none seen and the capture went on for at least the timeout */
} sipservice_outcome;

/* Outcome of a request sent at request_us, given whether a final response was
 * seen, the time of the last frame of the capture and the timeout (all in
 * microseconds on one clock). A capture that ends less than the timeout after
 * the request says nothing about the reply: the request is only pending. */
sipservice_outcome sipservice_decide(gboolean answered, gint64 request_us, gint64 capture_end_us,
                                     gint64 timeout_us);

#endif
