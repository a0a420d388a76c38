/* What qoe hands ocstriage about the QoE reports of a frame.
 *
 * One record per report (SIP body) with at least one poor stream, in
 * dissection order, written when the body is dissected and valid while the
 * frame is dissected (pinfo->pool), so the signature qoe.poor-stream is
 * raised from the report's own facts without reading qoe's fields. Each
 * member says which qoe field it stands for. */
#ifndef QOE_H
#define QOE_H

#include <wireshark.h>
#include <epan/packet.h>

#include "qoe-core.h"

typedef struct qoe_summary {
    const char *call_id;    /* qoe.call_id, "" when the report has none */
    const char *stream;     /* the first poor stream: its media line label and direction */
    const char *reason;     /* its qoe.poor_reason */
    guint n_poor;           /* poor streams in the report */
    guint32 invite_frame;   /* qoe.invite_frame, 0 when absent */
    struct qoe_summary *next;
} qoe_summary;

/* The records of the frame being dissected, NULL when none. */
const qoe_summary *qoe_frame_summary(packet_info *pinfo);

#define QOE_MAX_STREAMS 64      /* streams per body handed to the statistic */

/* One stream as the statistic sees it (tap data, pinfo->pool). */
typedef struct {
    const char *codec;       /* PayloadDescription, NULL when absent */
    const char *transport;
    gboolean audio;
    gboolean poor;
    qoe_stream_metrics m;
} qoe_tap_stream;

typedef struct {
    guint n_reports;
    guint n_streams;            /* may exceed QOE_MAX_STREAMS; only that many are kept */
    qoe_tap_stream *streams;    /* QOE_MAX_STREAMS of them */
    gboolean has_rating;
    gint32 rating;
} qoe_tap_info;

/* qoe-invite.c: the first INVITE frame of a Call-ID seen so far, 0 when none;
 * its init routine (proto_register) and SIP tap listener (handoff). */
guint32 qoe_invite_frame(const char *call_id);
void qoe_invites_register(void);

/* Registers -z qoe,tree (qoe-stats.c) on the tap named "qoe". */
void qoe_stats_register(void);

#endif
