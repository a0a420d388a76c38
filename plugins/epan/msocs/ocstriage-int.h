/* What ocstriage's files share: the per-frame record and its findings, the
 * fields read from other dissectors, the signature indexes, and what each
 * family of rules (ocstriage-tcp.c, -sip.c, -relay.c) and the statistic
 * (ocstriage-stats.c) offer the postdissector in ocstriage.c. */
#ifndef OCSTRIAGE_INT_H
#define OCSTRIAGE_INT_H

#include <wireshark.h>
#include <epan/packet.h>
#include <epan/range.h>

#include "msturn.h"
#include "msocs-fields.h"

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

#define OCSTRIAGE_MAX_TRACKED 65536 /* SYNs, TCP streams, MS-TURN requests, MRAS responses each */

/* Fields read from other dissectors, resolved by name when a capture opens
 * (ocstriage.c), so that a missing or renamed field turns its signatures off
 * instead of failing the plugin. */
enum {
    F_TCP_FLAGS, F_TCP_SEQ_RAW, F_TCP_ACK_RAW, F_TCP_STREAM, F_TCP_SRCPORT, F_TCP_DSTPORT,
    F_SIP_STATUS, F_SIP_CSEQ_METHOD, F_SDP_MEDIA_ATTR, F_SIP_USER_AGENT, F_SIP_SERVER, F_SIP_CONTACT,
    F_SIP_FROM,
    F_MSDIAG_CODE, F_MSDIAG_COMPONENT,
    F_MRAS_TYPE, F_MRAS_REASON, F_MRAS_RESPONSE_TO, F_MRAS_RELAY_HOST, F_MRAS_RELAY_IP,
    F_MRAS_URI_PRESENT,
    F_COUNT
};

extern int ocstriage_field_hf[F_COUNT];

static inline GPtrArray *
field_all(proto_tree *tree, int f)
{
    return msocs_fields_all(tree, ocstriage_field_hf[f]);
}

static inline gboolean
field_uint(proto_tree *tree, int f, guint64 *out)
{
    field_info *fi = msocs_fields_first(tree, ocstriage_field_hf[f]);
    return fi != NULL && msocs_finfo_uint(fi, out);
}

static inline guint64
field_uint_or(proto_tree *tree, int f, guint64 dflt)
{
    guint64 v;
    return field_uint(tree, f, &v) ? v : dflt;
}

static inline const char *
field_string(proto_tree *tree, int f)
{
    return msocs_finfo_string(msocs_fields_first(tree, ocstriage_field_hf[f]));
}

/* TRUE when any occurrence of field f has the value. */
gboolean field_has_uint(proto_tree *tree, int f, guint64 value);

/* The protocols whose fields each analysis reads: a frame without them (most
 * frames are media) skips the field lookups. */
enum { L_TCP = 1u << 0, L_MSDIAG = 1u << 1, L_SDP = 1u << 2, L_MRAS = 1u << 3, L_MSTURN = 1u << 4,
       L_SIP = 1u << 5, L_QOE = 1u << 6 };
/* Indexes into ocstriage_sigs, looked up once by id. */
enum {
    S_SERVICE_NO_RESPONSE, S_SERVICE_ERROR, S_SERVICE_SLOW, S_TCP_BARE_RESET, S_TCP_ASYM_SYNACK,
    S_MRAS_NO_RESPONSE, S_MRAS_ERROR, S_MRAS_FORBIDDEN, S_CONF_ADDUSER, S_MSTURN_UNKNOWN_USER,
    S_MSTURN_NO_RESPONSE, S_MSTURN_INTEGRITY, S_SDP_NO_RELAY, S_SDP_PRIVATE_RELAY, S_PROV_NO_MRAS_URI,
    S_QOE_POOR_STREAM, S_COUNT
};

/* Preferences (ocstriage.c registers them) */
extern range_t *ocstriage_pref_ports;        /* SIP/OCS TCP ports */
extern guint ocstriage_pref_reset_idle;      /* s idle before a bare reset counts */
extern guint ocstriage_pref_service_slow;    /* s before a SERVICE answer is slow */

/* ---- findings (ocstriage.c) */

/* The record of frame, created when asked; NULL otherwise when it has none. */
frame_rec *ocstriage_get_rec(guint32 frame, gboolean create);

/* A finding of signature s (S_*) on frame; NULL when the signature is off or
 * the bound of findings is hit. detail is file scope. */
finding *ocstriage_add_finding(packet_info *pinfo, guint32 frame, int s, guint32 event_id, const char *detail);

/* Links frame (0: none) to f (NULL: nothing) as evidence, once. */
void ocstriage_add_evidence(finding *f, guint32 frame);

/* The catalogue's event id of s, and the same only where the TSV's event_scope says. */
guint32 ocstriage_catalogue_event(int s);
guint32 ocstriage_scoped_event(int s, gboolean qoe, guint32 port);

/* A bound on per-capture state was hit: said once, on the first such frame. */
void ocstriage_bound_hit(packet_info *pinfo);

/* ---- the rules, one file per family; each _init runs when a capture opens */

/* ocstriage-tcp.c: tcp.bare-reset, tcp.asymmetric-synack */
void ocstriage_tcp_init(void);
void ocstriage_analyse_tcp(proto_tree *tree, packet_info *pinfo, guint layers);
/* The first bare reset on TCP stream after frame, 0 when none. */
guint32 ocstriage_tcp_reset_after(guint32 stream, guint32 frame);

/* ocstriage-sip.c: service.*, mras.forbidden, conf.adduser-failed, sdp.*, qoe.poor-stream */
void ocstriage_sip_init(void);
void ocstriage_analyse_service_responses(packet_info *pinfo);
void ocstriage_decide_service_requests(packet_info *pinfo);
void ocstriage_analyse_sip_diagnostics(proto_tree *tree, packet_info *pinfo);
void ocstriage_analyse_sdp(proto_tree *tree, packet_info *pinfo);
void ocstriage_analyse_qoe(packet_info *pinfo);

/* ocstriage-relay.c: mras.error, provisioning.no-mras-uri, msturn.* */
void ocstriage_relay_init(void);
void ocstriage_analyse_mras(proto_tree *tree, packet_info *pinfo);
void ocstriage_analyse_msturn(packet_info *pinfo, const msturn_summary *m);
void ocstriage_decide_msturn_request(packet_info *pinfo);
/* What the SDP rules ask of the relay: an allocated relay address, whether
 * an Allocate went to a public address, the last MS-TURN error frame. */
gboolean ocstriage_relay_known(const char *addr, guint32 port, void *user);
guint ocstriage_relay_count(void);
gboolean ocstriage_public_allocate(void);
guint32 ocstriage_last_msturn_error(void);

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
