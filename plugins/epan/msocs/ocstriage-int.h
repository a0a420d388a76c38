/* What ocstriage.c and its statistic (ocstriage-stats.c) share: the
 * per-frame record the ocstriage tap carries, and the few questions the
 * statistic asks the analysis. */
#ifndef OCSTRIAGE_INT_H
#define OCSTRIAGE_INT_H

#include <wireshark.h>
#include <epan/packet.h>

#define MAX_SIGS            32     /* room for catalogue growth; checked at registration */
#define MAX_EVIDENCE        8      /* evidence links kept per finding */

typedef struct finding {
    int sig;                /* index into ocstriage_sigs */
    guint32 event_id;       /* 0 = none */
    const char *detail;     /* what this frame shows, file scope */
    guint32 evidence[MAX_EVIDENCE];
    guint n_evidence;
    struct finding *next;
} finding;

/* What ocstriage knows about one frame. */
typedef struct {
    finding *findings;
    gboolean deferred_done;     /* later-frame decisions made (first visited pass) */
    gboolean msturn_pending;    /* MS-TURN request whose answer is decided later */
    gboolean service_done;      /* SERVICE responses of the frame looked at */
    guint32 tcp_stream_plus1;   /* tcp.stream + 1 of a SIP frame, 0 when not TCP */
    nstime_t ts;
} frame_rec;

/* -z ocstriage,tree (or its GUI dialog) opened or closed: an open one makes
 * the analysis run on the first pass. */
void ocstriage_stat_open(gboolean open);

/* TRUE for the catalogue index of tcp.bare-reset (counted per sender). */
gboolean ocstriage_sig_is_bare_reset(int sig);

/* The last frame of the first pass. */
guint32 ocstriage_last_frame(void);

/* Registers -z ocstriage,tree; called from the handoff. */
void ocstriage_stats_register(void);

#endif
