/* ocstriage: the failure signatures of SIGNATURES.md as expert infos.
 *
 * A postdissector in the style of transum: it reads the fields other
 * dissectors put in the tree (TCP flags and raw sequence numbers, SIP status,
 * SDP attributes, msdiag, mras), the SERVICE pairing of sipservice.h and the
 * facts msturn hands over for each message (msturn.h); it never parses packet
 * bytes itself. The only text it parses is the value of SDP candidate
 * attributes, with the epan-extra parser.
 *
 * Findings are attached to frames in wmem_file_scope(). Those that depend on
 * a later frame (no response) are decided the first time a frame is seen
 * again after the first pass, so tshark needs -2 and the GUI gets them for
 * free. The catalogue (id, event id, severity, hint) is generated from
 * epan-extra/tables/ocstriage-signatures.tsv.
 *
 * Cost (see msocs.h): the analysis runs whenever a protocol tree exists on
 * the first pass (a display filter such as -Y ocstriage, -V, -T fields,
 * custom columns, the GUI with a filter or the OCS-Lync profile). A tree is
 * forced on the first pass only for -z ocstriage,tree or with the preference
 * ocstriage.always_analyse (on by default), and never by the preference on a
 * tshark without -z that reads in one pass, or in two without a view of
 * single packets (msocs_analysis_unseen): a plain tshark -r or -2 -r stays
 * without a first-pass tree. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/tap.h>
#include <epan/stats_tree.h>
#include <epan/to_str.h>
#include <epan/address_types.h>

#include "msocs.h"
#include "sipservice.h"
#include "msturn.h"
#include "qoe.h"
#include "ocstriage-core.h"
#include "ocstriage-int.h"
#include "msocs-fields.h"
#include "ws-compat.h"

#define MAX_FINDINGS        100000 /* per capture */
#define MAX_TRACKED         65536  /* SYNs, TCP streams, MS-TURN requests, MRAS responses each */
#define MAX_CANDIDATES      64     /* candidates looked at per SDP */
#define MSTURN_ALLOCATE_RESPONSE 0x0103
#define MSTURN_UNKNOWN_USER  436
#define MRAS_TYPE_RESPONSE   2     /* mras.type value of a <response> */
#define MRAS_COMPONENT       "Media Relay Authentication Service"

static int proto_ocstriage = -1;
static int hf_ocstriage_signature = -1;
static int hf_ocstriage_event_id = -1;
static int hf_ocstriage_hint = -1;
static int hf_ocstriage_evidence = -1;
static int hf_ocstriage_severity = -1;
static gint ett_ocstriage = -1;
static gint ett_ocstriage_finding = -1;
static expert_field ei_sig[MAX_SIGS];
static expert_field ei_state_full = EI_INIT;
static int ocstriage_tap = -1;
static dissector_handle_t ocstriage_handle;

/* Preferences (defaults from SIGNATURES.md). */
/* SIP/OCS ports only: 443 carries every HTTPS connection and never marks
 * one as SIP on its own (a connection there counts once it carried SIP or
 * MS-TURN) */
#define DEFAULT_PORTS "444,5060-5065,5067-5073"
static range_t *pref_ports;
static guint pref_service_slow = 5;
/* Load balancer and firewall idle timers run for minutes; a connection used
 * in the last seconds was not cut by one. */
static guint pref_reset_idle = 5;
static msocs_api_bool pref_always_analyse = TRUE; /* correct answers first; off for fast plain reads */
static gboolean stat_registered;   /* -z ocstriage,tree or its GUI dialog is open */
static gboolean fields_resolved;   /* fields[].hf are known (a capture was opened) */
static gboolean tree_seen;         /* a first-pass tree was seen in this capture */

/* Fields read from other dissectors: resolved by name when the capture opens,
 * so that a missing or renamed field turns its signatures off instead of
 * failing the plugin. */
enum {
    F_TCP_FLAGS, F_TCP_SEQ_RAW, F_TCP_ACK_RAW, F_TCP_STREAM, F_TCP_SRCPORT, F_TCP_DSTPORT,
    F_SIP_STATUS, F_SIP_CSEQ_METHOD, F_SDP_MEDIA_ATTR, F_SIP_USER_AGENT, F_SIP_SERVER, F_SIP_CONTACT,
    F_SIP_FROM,
    F_MSDIAG_CODE, F_MSDIAG_COMPONENT,
    F_MRAS_TYPE, F_MRAS_REASON, F_MRAS_RESPONSE_TO, F_MRAS_RELAY_HOST, F_MRAS_RELAY_IP,
    F_MRAS_URI_PRESENT,
    F_COUNT
};

static struct {
    const char *name;
    int hf;
} fields[F_COUNT] = {
    [F_TCP_FLAGS]          = { "tcp.flags", -1 },
    [F_TCP_SEQ_RAW]        = { "tcp.seq_raw", -1 },
    [F_TCP_ACK_RAW]        = { "tcp.ack_raw", -1 },
    [F_TCP_STREAM]         = { "tcp.stream", -1 },
    [F_TCP_SRCPORT]        = { "tcp.srcport", -1 },
    [F_TCP_DSTPORT]        = { "tcp.dstport", -1 },
    [F_SIP_STATUS]         = { "sip.Status-Code", -1 },
    [F_SIP_CSEQ_METHOD]    = { "sip.CSeq.method", -1 },
    [F_SDP_MEDIA_ATTR]     = { "sdp.media_attr", -1 },
    [F_SIP_USER_AGENT]     = { "sip.User-Agent", -1 },
    [F_SIP_SERVER]         = { "sip.Server", -1 },
    [F_SIP_CONTACT]        = { "sip.Contact", -1 },
    [F_SIP_FROM]           = { "sip.From", -1 },
    [F_MSDIAG_CODE]        = { "msdiag.code", -1 },
    [F_MSDIAG_COMPONENT]   = { "msdiag.component", -1 },
    [F_MRAS_TYPE]          = { "mras.type", -1 },
    [F_MRAS_REASON]        = { "mras.reason_phrase", -1 },
    [F_MRAS_RESPONSE_TO]   = { "mras.response_to", -1 },
    [F_MRAS_RELAY_HOST]    = { "mras.relay.host", -1 },
    [F_MRAS_RELAY_IP]      = { "mras.relay.ip", -1 },
    [F_MRAS_URI_PRESENT]   = { "mras.provisioning.mras_uri_present", -1 },
};

static int field_hfs[F_COUNT];     /* fields[].hf, for the wanted list */

/* The protocols whose fields each analysis reads: a frame without them (most
 * frames are media) skips the field lookups. */
enum { L_TCP = 1u << 0, L_MSDIAG = 1u << 1, L_SDP = 1u << 2, L_MRAS = 1u << 3, L_MSTURN = 1u << 4,
       L_SIP = 1u << 5, L_QOE = 1u << 6 };
static struct {
    const char *name;
    guint bit;
    int proto;
} layer_protos[] = {
    { "tcp", L_TCP, -1 }, { "msdiag", L_MSDIAG, -1 }, { "sdp", L_SDP, -1 },
    { "mras", L_MRAS, -1 }, { "msturn", L_MSTURN, -1 }, { "sip", L_SIP, -1 }, { "qoe", L_QOE, -1 },
};

/* Indexes into ocstriage_sigs, looked up once by id. */
enum {
    S_SERVICE_NO_RESPONSE, S_SERVICE_ERROR, S_SERVICE_SLOW, S_TCP_BARE_RESET, S_TCP_ASYM_SYNACK,
    S_MRAS_NO_RESPONSE, S_MRAS_ERROR, S_MRAS_FORBIDDEN, S_CONF_ADDUSER, S_MSTURN_UNKNOWN_USER,
    S_MSTURN_NO_RESPONSE, S_MSTURN_INTEGRITY, S_SDP_NO_RELAY, S_SDP_PRIVATE_RELAY, S_PROV_NO_MRAS_URI,
    S_QOE_POOR_STREAM, S_COUNT
};

static const char *const sig_ids[S_COUNT] = {
    "service.no-response", "service.error-response", "service.slow-response", "tcp.bare-reset",
    "tcp.asymmetric-synack", "mras.no-response", "mras.error", "mras.forbidden",
    "conf.adduser-failed", "msturn.unknown-user", "msturn.no-response", "msturn.integrity-failed",
    "sdp.no-relay-candidates", "sdp.private-relay-address", "provisioning.no-mras-uri",
    "qoe.poor-stream",
};
static int sig_index[S_COUNT];


typedef struct {
    guint32 last_frame;
    nstime_t last_ts;
    guint32 first_bare_reset;
    guint32 resets;
    gboolean carried_ocs;   /* SIP or MS-TURN seen on it */
    gboolean fin_seen;      /* either side closed: a later reset is teardown */
} stream_rec;

typedef struct {
    guint32 frame;
    const char *dst;  /* address text */
    guint32 dport;
} syn_rec;

typedef struct {
    gboolean credentials;  /* USERNAME, REALM, NONCE and MESSAGE-INTEGRITY present */
    guint32 mras_frame;
    const char *dst;       /* address:port the request went to */
} msturn_req;

/* Per-capture state, all wmem_file_scope(). */
static wmem_map_t *frame_recs;     /* frame number -> frame_rec */
static wmem_map_t *streams;        /* tcp.stream -> stream_rec */
static wmem_map_t *syns;           /* "client|port|seq" -> syn_rec */
static wmem_map_t *asym_resets;    /* "client|port|server|port|seq" -> finding to extend */
static wmem_map_t *msturn_reqs;    /* request frame -> msturn_req */
static wmem_map_t *mras_relays;    /* MRAS response frame -> first relay host/ip */
static wmem_map_t *relay_addrs;    /* "addr" of MS-TURN allocations -> 1 */
static guint n_findings, n_tracked_syns, n_tracked_streams, n_tracked_turn;
static guint32 state_full_frame;   /* first frame where a bound was hit, 0 = none */
static gboolean public_allocate;   /* an MS-TURN Allocate went to a public address */
static guint32 last_forbidden_frame;
static guint32 last_msturn_error_frame;
static guint32 last_frame;
static nstime_t capture_end;

static const frame_rec empty_rec;  /* tap data of frames without findings */

/* ---- reading other dissectors' fields {{{ */

static GPtrArray *
all_of(proto_tree *tree, int f)
{
    return msocs_fields_all(tree, fields[f].hf);
}

static gboolean
get_uint(proto_tree *tree, int f, guint64 *out)
{
    field_info *fi = msocs_fields_first(tree, fields[f].hf);
    return fi != NULL && msocs_finfo_uint(fi, out);
}

static guint64
get_uint_or(proto_tree *tree, int f, guint64 dflt)
{
    guint64 v;
    return get_uint(tree, f, &v) ? v : dflt;
}

static const char *
get_string(proto_tree *tree, int f)
{
    return msocs_finfo_string(msocs_fields_first(tree, fields[f].hf));
}

static gboolean
has_uint_value(proto_tree *tree, int f, guint64 value)
{
    GPtrArray *a = all_of(tree, f);
    guint64 v;
    for (guint i = 0; a && i < a->len; i++) {
        if (msocs_finfo_uint((field_info *)g_ptr_array_index(a, i), &v) && v == value)
            return TRUE;
    }
    return FALSE;
}

/* }}} */
/* ---- findings {{{ */

/* A bound on per-capture state was hit: say so on the first frame it happened. */
static void
bound_hit(packet_info *pinfo)
{
    if (state_full_frame == 0)
        state_full_frame = pinfo->num;
}

static frame_rec *
get_rec(guint32 frame, gboolean create)
{
    frame_rec *r = (frame_rec *)wmem_map_lookup(frame_recs, GUINT_TO_POINTER(frame));
    if (r == NULL && create) {
        r = wmem_new0(wmem_file_scope(), frame_rec);
        wmem_map_insert(frame_recs, GUINT_TO_POINTER(frame), r);
    }
    return r;
}

static finding *
add_finding(packet_info *pinfo, guint32 frame, int s, guint32 event_id, const char *detail)
{
    if (sig_index[s] < 0)
        return NULL;
    if (n_findings >= MAX_FINDINGS) {
        bound_hit(pinfo);
        return NULL;
    }
    frame_rec *r = get_rec(frame, TRUE);
    finding *f = wmem_new0(wmem_file_scope(), finding), **tail = &r->findings;
    f->sig = sig_index[s];
    f->event_id = event_id;
    f->detail = detail;
    while (*tail != NULL)
        tail = &(*tail)->next;
    *tail = f;
    n_findings++;
    return f;
}

static guint32
catalogue_event(int s)
{
    return sig_index[s] >= 0 ? ocstriage_sigs[sig_index[s]].event_id : 0;
}

/* The catalogue's event id when the finding is in its scope (the TSV's
 * event_scope column): about a QoE report, or on the conferencing port. */
#define MCU_PORT 444   /* Front End to conferencing server (MCU) */
static guint32
scoped_event(int s, gboolean qoe, guint32 port)
{
    if (sig_index[s] < 0)
        return 0;
    switch (ocstriage_sigs[sig_index[s]].event_scope) {
    case OCSTRIAGE_EVENT_QOE: return qoe ? catalogue_event(s) : 0;
    case OCSTRIAGE_EVENT_MCU: return port == MCU_PORT ? catalogue_event(s) : 0;
    default: return catalogue_event(s);
    }
}

static void
add_evidence(finding *f, guint32 frame)
{
    if (f == NULL || frame == 0)
        return;
    for (guint i = 0; i < f->n_evidence; i++) {
        if (f->evidence[i] == frame)
            return;
    }
    if (f->n_evidence < MAX_EVIDENCE)
        f->evidence[f->n_evidence++] = frame;
}

/* }}} */
/* ---- TCP: bare resets and asymmetric SYN-ACKs {{{ */

static gboolean
port_watched(guint32 sport, guint32 dport)
{
    return value_is_in_range(pref_ports, sport) || value_is_in_range(pref_ports, dport);
}

/* tcp.bare-reset's evidence (SIGNATURES.md): the connection was open (seen
 * before) and idle (nothing on it for at least pref_reset_idle seconds: an
 * idle timer, not an application aborting mid-exchange), carried SIP or
 * MS-TURN (or runs on a SIP/OCS port, which stands for SIP when the capture
 * missed it or TLS hides it), and neither side had closed it: a reset after
 * a FIN, or on an ordinary HTTPS connection, is teardown. */
static gboolean
bare_reset_is_finding(const stream_rec *st, packet_info *pinfo, guint32 sport, guint32 dport)
{
    nstime_t idle;

    if (st == NULL || st->last_frame == 0 || st->fin_seen)
        return FALSE;
    nstime_delta(&idle, &pinfo->abs_ts, &st->last_ts);
    if (nstime_to_sec(&idle) < (double)pref_reset_idle)
        return FALSE;
    return st->carried_ocs || port_watched(sport, dport);
}

static void
analyse_tcp(proto_tree *tree, packet_info *pinfo, guint layers)
{
    guint64 flags, seq, ack, stream, sport, dport;
    const char *src, *dst;

    if (!get_uint(tree, F_TCP_FLAGS, &flags) || !get_uint(tree, F_TCP_SEQ_RAW, &seq) ||
        !get_uint(tree, F_TCP_STREAM, &stream) || !get_uint(tree, F_TCP_SRCPORT, &sport) ||
        !get_uint(tree, F_TCP_DSTPORT, &dport))
        return;
    ack = get_uint_or(tree, F_TCP_ACK_RAW, 0);

    stream_rec *st = (stream_rec *)wmem_map_lookup(streams, GUINT_TO_POINTER((guint)stream));
    if (st == NULL) {
        if (n_tracked_streams < MAX_TRACKED) {
            st = wmem_new0(wmem_file_scope(), stream_rec);
            wmem_map_insert(streams, GUINT_TO_POINTER((guint)stream), st);
            n_tracked_streams++;
        } else {
            bound_hit(pinfo);
        }
    }

    /* addresses are only formatted for the segments that are looked at */
    if (flags & (OCSTRIAGE_TCP_SYN | OCSTRIAGE_TCP_RST)) {
        src = address_to_str(pinfo->pool, &pinfo->src);
        dst = address_to_str(pinfo->pool, &pinfo->dst);
    } else {
        src = dst = NULL;
    }
    if ((flags & OCSTRIAGE_TCP_SYN) && !(flags & OCSTRIAGE_TCP_ACK) && value_is_in_range(pref_ports, (guint32)dport)) {
        /* file scope only for a new entry: a retransmitted SYN updates its
         * record, and nothing is kept once the bound is hit */
        char *key = wmem_strdup_printf(pinfo->pool, "%s|%u|%u", src, (guint)sport, (guint32)seq);
        syn_rec *s = (syn_rec *)wmem_map_lookup(syns, key);
        if (s == NULL && n_tracked_syns < MAX_TRACKED) {
            s = wmem_new0(wmem_file_scope(), syn_rec);
            wmem_map_insert(syns, wmem_strdup(wmem_file_scope(), key), s);
            n_tracked_syns++;
        }
        if (s != NULL) {
            if (s->dst == NULL || strcmp(s->dst, dst) != 0)
                s->dst = wmem_strdup(wmem_file_scope(), dst);
            s->frame = pinfo->num;
            s->dport = (guint32)dport;
        } else {
            bound_hit(pinfo);
        }
    } else if ((flags & OCSTRIAGE_TCP_SYN) && (flags & OCSTRIAGE_TCP_ACK)) {
        char *key = wmem_strdup_printf(pinfo->pool, "%s|%u|%u", dst, (guint)dport, (guint32)(ack - 1));
        syn_rec *s = (syn_rec *)wmem_map_lookup(syns, key);
        if (s != NULL &&
            ocstriage_synack_check(s->dst, (guint32)(ack - 1), src, (guint32)ack) == OCSTRIAGE_SYNACK_ASYMMETRIC) {
            finding *f = add_finding(pinfo, pinfo->num, S_TCP_ASYM_SYNACK,
                                     scoped_event(S_TCP_ASYM_SYNACK, FALSE, s->dport),
                                     wmem_strdup_printf(wmem_file_scope(),
                                                        "SYN to %s:%u (frame %u) answered by %s:%u",
                                                        s->dst, s->dport, s->frame, src, (guint)sport));
            add_evidence(f, s->frame);
            if (f != NULL && wmem_map_size(asym_resets) < MAX_TRACKED)
                wmem_map_insert(asym_resets,
                                wmem_strdup_printf(wmem_file_scope(), "%s|%u|%s|%u|%u", dst, (guint)dport,
                                                   src, (guint)sport, (guint32)ack), f);
        }
    } else if (ocstriage_tcp_is_bare_reset((guint32)flags)) {
        char *key = wmem_strdup_printf(pinfo->pool, "%s|%u|%s|%u|%u", src, (guint)sport, dst, (guint)dport,
                                       (guint32)seq);
        finding *asym = (finding *)wmem_map_lookup(asym_resets, key);
        if (asym != NULL) {
            /* the client refusing the stray SYN-ACK: evidence, not an idle kill */
            add_evidence(asym, pinfo->num);
        } else if (bare_reset_is_finding(st, pinfo, (guint32)sport, (guint32)dport)) {
            GString *d = g_string_new(NULL);
            g_string_printf(d, "RST without ACK from %s:%u to %s:%u", src, (guint)sport, dst, (guint)dport);
            if (st != NULL) {
                st->resets++;
                if (st->last_frame != 0) {
                    nstime_t idle;
                    nstime_delta(&idle, &pinfo->abs_ts, &st->last_ts);
                    g_string_append_printf(d, ", connection idle %.0f s before it", nstime_to_sec(&idle));
                }
                g_string_append_printf(d, ", reset %u on this connection", st->resets);
            }
            finding *f = add_finding(pinfo, pinfo->num, S_TCP_BARE_RESET, catalogue_event(S_TCP_BARE_RESET),
                                     wmem_strdup(wmem_file_scope(), d->str));
            g_string_free(d, TRUE);
            if (st != NULL) {
                add_evidence(f, st->last_frame);
                if (st->first_bare_reset == 0)
                    st->first_bare_reset = pinfo->num;
            }
        }
    }
    if (st != NULL) {
        st->last_frame = pinfo->num;
        st->last_ts = pinfo->abs_ts;
        if (flags & OCSTRIAGE_TCP_FIN)
            st->fin_seen = TRUE;
        if (layers & (L_SIP | L_MSTURN))
            st->carried_ocs = TRUE;
    }
}

/* }}} */
/* ---- SIP: SERVICE outcomes, 403/9006, 500/3080, SDP candidates {{{ */

/* Findings on a SERVICE response frame: needs the pairing of this frame. */
static void
analyse_service_responses(packet_info *pinfo)
{
    for (const sipservice_msg *m = sipservice_frame_messages(pinfo->num); m != NULL; m = m->next) {
        const sipservice_txn *t = m->txn;
        if (m->role != SIPSERVICE_ROLE_FINAL || t == NULL)
            continue;
        if (t->status_code >= 300) {
            finding *f = add_finding(pinfo, pinfo->num, S_SERVICE_ERROR, 0,
                                     wmem_strdup_printf(wmem_file_scope(), "%u to the %s SERVICE of frame %u",
                                                        t->status_code, sipservice_kind_name(t->kind),
                                                        t->request_frame));
            add_evidence(f, t->request_frame);
        } else if (t->status_code >= 200 &&
                   nstime_to_sec(&t->response_time) > (double)pref_service_slow) {
            finding *f = add_finding(pinfo, pinfo->num, S_SERVICE_SLOW, 0,
                                     wmem_strdup_printf(wmem_file_scope(),
                                                        "%u after %.3f s to the %s SERVICE of frame %u (threshold %u s)",
                                                        t->status_code, nstime_to_sec(&t->response_time),
                                                        sipservice_kind_name(t->kind), t->request_frame,
                                                        pref_service_slow));
            add_evidence(f, t->request_frame);
        }
    }
}

/* First visited pass of a SERVICE request frame: was it ever answered? */
static void
decide_service_requests(packet_info *pinfo)
{
    for (const sipservice_msg *m = sipservice_frame_messages(pinfo->num); m != NULL; m = m->next) {
        const sipservice_txn *t = m->txn;
        if (m->role != SIPSERVICE_ROLE_REQUEST || t == NULL)
            continue;
        /* sipservice decides, with its timeout preference */
        if (sipservice_txn_outcome(t) != SIPSERVICE_UNANSWERED)
            continue;

        guint32 reset = 0;
        const frame_rec *fr = get_rec(pinfo->num, FALSE);
        if (fr != NULL && fr->tcp_stream_plus1 != 0) {
            stream_rec *st = (stream_rec *)wmem_map_lookup(streams, GUINT_TO_POINTER(fr->tcp_stream_plus1 - 1));
            if (st != NULL && st->first_bare_reset > pinfo->num)
                reset = st->first_bare_reset;
        }
        const char *detail = wmem_strdup_printf(wmem_file_scope(),
                                                "%s SERVICE (Call-ID %s, CSeq %u) unanswered after %u s%s%s",
                                                sipservice_kind_name(t->kind), t->call_id, t->cseq,
                                                sipservice_timeout(),
                                                t->retransmissions ? ", retransmitted" : "",
                                                reset ? ", bare TCP reset on the same connection" : "");
        finding *f = add_finding(pinfo, pinfo->num, S_SERVICE_NO_RESPONSE,
                                 scoped_event(S_SERVICE_NO_RESPONSE, t->kind == SIPSERVICE_KIND_QOE, 0), detail);
        add_evidence(f, reset);
        if (t->kind == SIPSERVICE_KIND_MRAS) {
            f = add_finding(pinfo, pinfo->num, S_MRAS_NO_RESPONSE, catalogue_event(S_MRAS_NO_RESPONSE), detail);
            add_evidence(f, reset);
        }
    }
}

static gboolean
component_is_mras(proto_tree *tree)
{
    GPtrArray *a = all_of(tree, F_MSDIAG_COMPONENT);
    for (guint i = 0; a && i < a->len; i++) {
        const char *c = msocs_finfo_string((field_info *)g_ptr_array_index(a, i));
        if (c != NULL && g_ascii_strcasecmp(c, MRAS_COMPONENT) == 0)
            return TRUE;
    }
    return FALSE;
}

static guint32
service_request_of(packet_info *pinfo)
{
    const sipservice_msg *m = sipservice_frame_messages(pinfo->num);
    return (m != NULL && m->txn != NULL) ? m->txn->request_frame : 0;
}

static void
analyse_sip_diagnostics(proto_tree *tree, packet_info *pinfo)
{
    if (has_uint_value(tree, F_SIP_STATUS, 403) &&
        (has_uint_value(tree, F_MSDIAG_CODE, 9006) || component_is_mras(tree))) {
        finding *f = add_finding(pinfo, pinfo->num, S_MRAS_FORBIDDEN, catalogue_event(S_MRAS_FORBIDDEN),
                                 "403 Forbidden with ms-diagnostics from the Media Relay Authentication Service");
        add_evidence(f, service_request_of(pinfo));
        last_forbidden_frame = pinfo->num;
    }
    if (has_uint_value(tree, F_SIP_STATUS, 500) && has_uint_value(tree, F_MSDIAG_CODE, 3080)) {
        finding *f = add_finding(pinfo, pinfo->num, S_CONF_ADDUSER, 0,
                                 last_forbidden_frame
                                 ? wmem_strdup_printf(wmem_file_scope(),
                                                      "500 with ms-diagnostics 3080; MRAS refused a requester in frame %u",
                                                      last_forbidden_frame)
                                 : "500 with ms-diagnostics 3080");
        add_evidence(f, service_request_of(pinfo));
        add_evidence(f, last_forbidden_frame);
    }
}

static gboolean
known_relay(const char *addr, guint32 port, void *user)
{
    return wmem_map_contains(relay_addrs, addr);
}

/* Is the SDP's sender a Microsoft client or server (SIGNATURES.md)? Its
 * User-Agent or Server names a Microsoft SIP stack, its From/Contact carry
 * the endpoint id Microsoft endpoints add ([MS-SIPRE] epid), or the SDP has
 * Microsoft ICE markers (a=x- attributes, draft-6 candidates). Browsers and
 * other softphones choose relays for their own reasons. */
static gboolean
sender_is_microsoft(proto_tree *tree, const ocstriage_candidate *c, guint n, GPtrArray *attrs)
{
    static const char *const stacks[] = { "UCCAPI", "Communicator", "Lync", "Skype for Business", "RTC/",
                                          "RTCC/", "MSRTC" };
    const int who[] = { F_SIP_USER_AGENT, F_SIP_SERVER, F_SIP_FROM, F_SIP_CONTACT };

    for (guint i = 0; i < n; i++)
        if (c[i].form == OCSTRIAGE_CAND_DRAFT6)
            return TRUE;
    for (guint i = 0; attrs && i < attrs->len; i++) {
        const char *v = msocs_finfo_string((field_info *)g_ptr_array_index(attrs, i));
        if (v != NULL && (g_str_has_prefix(v, "x-") || g_str_has_prefix(v, "X-")))
            return TRUE;
    }
    for (size_t w = 0; w < G_N_ELEMENTS(who); w++) {
        GPtrArray *a = all_of(tree, who[w]);
        for (guint i = 0; a && i < a->len; i++) {
            const char *v = msocs_finfo_string((field_info *)g_ptr_array_index(a, i));
            if (v == NULL)
                continue;
            if (who[w] == F_SIP_FROM || who[w] == F_SIP_CONTACT) {
                if (strstr(v, "epid") != NULL)
                    return TRUE;
                continue;
            }
            for (size_t k = 0; k < G_N_ELEMENTS(stacks); k++)
                if (g_strstr_len(v, -1, stacks[k]) != NULL)
                    return TRUE;
        }
    }
    return FALSE;
}

static void
analyse_sdp(proto_tree *tree, packet_info *pinfo)
{
    GPtrArray *cseq = all_of(tree, F_SIP_CSEQ_METHOD);
    GPtrArray *attrs = all_of(tree, F_SDP_MEDIA_ATTR);
    gboolean invite = FALSE;
    ocstriage_candidate *c;
    guint n = 0;

    for (guint i = 0; cseq && i < cseq->len; i++) {
        const char *m = msocs_finfo_string((field_info *)g_ptr_array_index(cseq, i));
        if (m != NULL && strcmp(m, "INVITE") == 0)
            invite = TRUE;
    }
    if (!invite || attrs == NULL)
        return;
    c = wmem_alloc_array(pinfo->pool, ocstriage_candidate, MAX_CANDIDATES);
    for (guint i = 0; i < attrs->len && n < MAX_CANDIDATES; i++) {
        const char *v = msocs_finfo_string((field_info *)g_ptr_array_index(attrs, i));
        if (v != NULL && ocstriage_parse_candidate(v, strlen(v), &c[n]))
            n++;
    }
    if (n == 0)
        return;

    if (!sender_is_microsoft(tree, c, n, attrs))
        return;

    ocstriage_sdp_verdict v;
    ocstriage_sdp_assess(c, n, wmem_map_size(relay_addrs) > 0 ? known_relay : NULL, NULL, &v);
    /* an Allocate to a public Edge address says the call crosses the Edge */
    v.has_public |= public_allocate;
    if (ocstriage_sdp_no_relay(&v)) {
        finding *f = add_finding(pinfo, pinfo->num, S_SDP_NO_RELAY, 0,
                                 wmem_strdup_printf(wmem_file_scope(), "%u ICE candidates, none of type relay%s",
                                                    v.n_candidates,
                                                    last_msturn_error_frame ? "; MS-TURN error seen before" : ""));
        add_evidence(f, last_msturn_error_frame);
    }
    if (ocstriage_sdp_private_relay(&v)) {
        const ocstriage_candidate *r = &c[v.first_private_relay];
        add_finding(pinfo, pinfo->num, S_SDP_PRIVATE_RELAY, 0,
                    wmem_strdup_printf(wmem_file_scope(), "relay candidate %s:%u is a private address, "
                                       "while the call crosses the Edge (a public candidate or related "
                                       "address, or an Allocate to a public Edge address)", r->address, r->port));
    }
}

/* }}} */
/* ---- MRAS and in-band provisioning {{{ */

static void
analyse_mras(proto_tree *tree, packet_info *pinfo)
{
    guint64 present, type;

    if (get_uint(tree, F_MRAS_URI_PRESENT, &present) && !present)
        add_finding(pinfo, pinfo->num, S_PROV_NO_MRAS_URI, 0,
                    "ServerConfiguration provision group without an mrasUri");

    if (!get_uint(tree, F_MRAS_TYPE, &type) || type != MRAS_TYPE_RESPONSE)
        return;
    const char *reason = get_string(tree, F_MRAS_REASON);
    if (reason != NULL && g_ascii_strcasecmp(reason, "OK") != 0) {
        finding *f = add_finding(pinfo, pinfo->num, S_MRAS_ERROR, catalogue_event(S_MRAS_ERROR),
                                 wmem_strdup_printf(wmem_file_scope(), "reasonPhrase \"%s\"", reason));
        add_evidence(f, (guint32)get_uint_or(tree, F_MRAS_RESPONSE_TO, 0));
    }
    const char *relay = get_string(tree, F_MRAS_RELAY_HOST);
    if (relay == NULL)
        relay = get_string(tree, F_MRAS_RELAY_IP);
    if (relay != NULL && wmem_map_size(mras_relays) < MAX_TRACKED)
        wmem_map_insert(mras_relays, GUINT_TO_POINTER(pinfo->num), wmem_strdup(wmem_file_scope(), relay));
}

/* }}} */
/* ---- MS-TURN {{{ */

static void
analyse_msturn(packet_info *pinfo, const msturn_summary *m)
{
    if (m->kind == MSTURN_KIND_REQUEST) {
        if (n_tracked_turn >= MAX_TRACKED) {
            bound_hit(pinfo);
        } else {
            msturn_req *r = wmem_new0(wmem_file_scope(), msturn_req);
            r->credentials = m->credentials;
            r->mras_frame = m->mras_frame;
            r->dst = wmem_strdup_printf(wmem_file_scope(), "%s:%u",
                                        address_to_str(pinfo->pool, &pinfo->dst), pinfo->destport);
            wmem_map_insert(msturn_reqs, GUINT_TO_POINTER(pinfo->num), r);
            n_tracked_turn++;

            /* msturn tracks the transaction: its first copy is judged, by msturn */
            if (m->request_frame == pinfo->num && msturn_type_method(m->type) != 0x001)
                get_rec(pinfo->num, TRUE)->msturn_pending = TRUE;
            if (msturn_type_method(m->type) == 0x003 && pinfo->dst.type == AT_IPv4 &&
                !ocstriage_addr_is_private(address_to_str(pinfo->pool, &pinfo->dst)))
                public_allocate = TRUE;
        }
    }
    if (m->kind == MSTURN_KIND_ERROR) {
        last_msturn_error_frame = pinfo->num;
        if (m->error_code == MSTURN_UNKNOWN_USER) {
            guint32 req_frame = m->response_to;
            msturn_req *r = req_frame ? (msturn_req *)wmem_map_lookup(msturn_reqs, GUINT_TO_POINTER(req_frame))
                                      : NULL;
            if (r != NULL && r->credentials) {
                const char *relay = r->mras_frame
                    ? (const char *)wmem_map_lookup(mras_relays, GUINT_TO_POINTER(r->mras_frame)) : NULL;
                finding *f = add_finding(pinfo, pinfo->num, S_MSTURN_UNKNOWN_USER, 0,
                                         relay
                                         ? wmem_strdup_printf(wmem_file_scope(),
                                                              "436 Unknown User; MRAS (frame %u) listed relay %s, "
                                                              "the Allocate went to %s", r->mras_frame, relay, r->dst)
                                         : wmem_strdup_printf(wmem_file_scope(),
                                                              "436 Unknown User for the credentials sent to %s",
                                                              r->dst));
                add_evidence(f, req_frame);
                add_evidence(f, r->mras_frame);
            }
        }
    } else if (m->kind == MSTURN_KIND_SUCCESS && m->type == MSTURN_ALLOCATE_RESPONSE) {
        if (m->mapped.type != AT_NONE && wmem_map_size(relay_addrs) < MAX_TRACKED)
            wmem_map_insert(relay_addrs, address_to_str(wmem_file_scope(), &m->mapped), GUINT_TO_POINTER(1));
    }

    if (m->integrity != NULL && strcmp(m->integrity, "failed") == 0) {
        finding *f = add_finding(pinfo, pinfo->num, S_MSTURN_INTEGRITY, 0,
                                 m->mras_frame ? wmem_strdup_printf(wmem_file_scope(),
                                                                    "HMAC differs from the one the MRAS credentials "
                                                                    "of frame %u give", m->mras_frame)
                                               : "HMAC differs from the one the configured credentials give");
        add_evidence(f, m->mras_frame);
    }
}

static void
decide_msturn_request(packet_info *pinfo)
{
    double waited;

    if (!msturn_request_unanswered(pinfo->num, &waited))
        return;
    msturn_req *r = (msturn_req *)wmem_map_lookup(msturn_reqs, GUINT_TO_POINTER(pinfo->num));
    add_finding(pinfo, pinfo->num, S_MSTURN_NO_RESPONSE, 0,
                wmem_strdup_printf(wmem_file_scope(), "request to %s unanswered, %.1f s of capture after its last "
                                   "copy (timeout %u s)", r ? r->dst : "?", waited, msturn_response_timeout()));
}

/* }}} */
/* ---- the postdissector {{{ */

static void
show_findings(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const frame_rec *rec)
{
    proto_item *top = proto_tree_add_item(tree, proto_ocstriage, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(top);
    proto_item_append_text(top, ": OCS triage");
    proto_tree *t = proto_item_add_subtree(top, ett_ocstriage);

    for (const finding *f = rec->findings; f != NULL; f = f->next) {
        const ocstriage_sig *sig = &ocstriage_sigs[f->sig];
        proto_item *pi = proto_tree_add_string(t, hf_ocstriage_signature, tvb, 0, 0, sig->id);
        proto_item_set_generated(pi);
        proto_item_append_text(pi, " (%s)", sig->summary);
        proto_tree *ft = proto_item_add_subtree(pi, ett_ocstriage_finding);
        expert_add_info_format(pinfo, pi, &ei_sig[f->sig], "%s: %s: %s", sig->id, sig->summary, f->detail);
        if (f->event_id != 0)
            proto_item_set_generated(proto_tree_add_uint(ft, hf_ocstriage_event_id, tvb, 0, 0, f->event_id));
        proto_item_set_generated(proto_tree_add_string(ft, hf_ocstriage_severity, tvb, 0, 0,
                                                       ocstriage_severity_name(sig->severity)));
        proto_item_set_generated(proto_tree_add_string(ft, hf_ocstriage_hint, tvb, 0, 0, sig->hint));
        for (guint i = 0; i < f->n_evidence; i++)
            proto_item_set_generated(proto_tree_add_uint(ft, hf_ocstriage_evidence, tvb, 0, 0, f->evidence[i]));
    }
}

static void update_wanted(void);

/* ---- what the statistic (ocstriage-stats.c) asks {{{ */

void
ocstriage_stat_open(gboolean open)
{
    if (open && !stat_registered) {
        stat_registered = TRUE;
        update_wanted();
    } else if (!open) {
        /* takes effect when the next capture is opened (ocstriage_init) */
        stat_registered = FALSE;
    }
}

gboolean
ocstriage_sig_is_bare_reset(int sig)
{
    return sig == sig_index[S_TCP_BARE_RESET];
}

guint32
ocstriage_last_frame(void)
{
    return last_frame;
}

/* }}} */

/* Which of layer_protos the frame holds. */
static guint
frame_layers(packet_info *pinfo)
{
    guint bits = 0;

    for (wmem_list_frame_t *l = wmem_list_head(pinfo->layers); l != NULL; l = wmem_list_frame_next(l)) {
        int proto = GPOINTER_TO_INT(wmem_list_frame_data(l));
        for (size_t i = 0; i < G_N_ELEMENTS(layer_protos); i++)
            if (proto == layer_protos[i].proto)
                bits |= layer_protos[i].bit;
    }
    return bits;
}

static int
dissect_ocstriage(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    frame_rec *rec;
    guint32 num = pinfo->num;

    if (!PINFO_FD_VISITED(pinfo)) {
        if (num > last_frame)
            last_frame = num;
        if (nstime_cmp(&pinfo->abs_ts, &capture_end) > 0)
            capture_end = pinfo->abs_ts;
        /* The fields are only there in a tree: without one (a plain read)
         * there is nothing to analyse, and nothing would show the result. */
        if (tree != NULL) {
            if (!tree_seen) {
                /* prime the later trees of this capture with the fields */
                tree_seen = TRUE;
                update_wanted();
            }
            const gboolean service = sipservice_frame_messages(num) != NULL;
            const guint layers = frame_layers(pinfo);
            if (layers & L_TCP)
                analyse_tcp(tree, pinfo, layers);
            if (service)
                analyse_service_responses(pinfo);
            if (layers & L_MSDIAG)
                analyse_sip_diagnostics(tree, pinfo);
            if (layers & L_SDP)
                analyse_sdp(tree, pinfo);
            if (layers & L_MRAS)
                analyse_mras(tree, pinfo);
            if (layers & L_QOE) /* one finding per report with a poor stream (qoe.h) */
                for (const qoe_summary *q = qoe_frame_summary(pinfo); q != NULL; q = q->next)
                    add_evidence(add_finding(pinfo, num, S_QOE_POOR_STREAM, 0,
                                             wmem_strdup_printf(wmem_file_scope(), "Call-ID %s, %u poor stream%s; %s",
                                                                q->call_id, q->n_poor, plurality(q->n_poor, "", "s"),
                                                                q->reason)), q->invite_frame);
            if (layers & L_MSTURN)
                for (const msturn_summary *m = msturn_frame_summary(pinfo); m != NULL; m = m->next)
                    analyse_msturn(pinfo, m);
            if (service) {
                /* per-frame state only for SERVICE frames (decided later) and
                 * frames with findings: bounded by messages, not packets */
                rec = get_rec(num, TRUE);
                rec->service_done = TRUE;
                guint64 stream;
                if (get_uint(tree, F_TCP_STREAM, &stream))
                    rec->tcp_stream_plus1 = (guint32)stream + 1;
            }
            if ((rec = get_rec(num, FALSE)) != NULL)
                rec->ts = pinfo->abs_ts;
        }
    } else {
        rec = get_rec(num, FALSE);
        /* First look after the first pass: everything later is known now.
         * Only SERVICE frames and pending MS-TURN requests have anything to
         * decide; other frames keep no record. */
        if ((rec == NULL && sipservice_frame_messages(num) != NULL) || (rec != NULL && !rec->deferred_done)) {
            if (rec == NULL || !rec->service_done)
                analyse_service_responses(pinfo);
            decide_service_requests(pinfo);
            rec = get_rec(num, FALSE);
            if (rec != NULL && rec->msturn_pending)
                decide_msturn_request(pinfo);
            rec = get_rec(num, TRUE);
            rec->deferred_done = TRUE;
        }
    }

    rec = get_rec(num, FALSE);
    if (rec != NULL && rec->findings != NULL)
        show_findings(tvb, pinfo, tree, rec);
    if (num == state_full_frame)
        proto_tree_add_expert(tree, pinfo, &ei_state_full, tvb, 0, 0);
    if (have_tap_listener(ocstriage_tap))
        tap_queue_packet(ocstriage_tap, pinfo, rec != NULL ? rec : &empty_rec);
    return 0;
}

static void
update_wanted(void)
{
    if (!fields_resolved)
        return;
    msocs_want_fields(ocstriage_handle, field_hfs, F_COUNT,
                      msocs_policy_wants_fields(tree_seen, pref_always_analyse, stat_registered, ocstriage_tap,
                                                "ocstriage."));
}

static void
ocstriage_init(void)
{
    frame_recs = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    streams = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    syns = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    asym_resets = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    msturn_reqs = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    mras_relays = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    relay_addrs = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    fields_resolved = FALSE;
    n_findings = n_tracked_syns = n_tracked_streams = n_tracked_turn = 0;
    state_full_frame = last_forbidden_frame = last_msturn_error_frame = last_frame = 0;
    public_allocate = FALSE;
    nstime_set_zero(&capture_end);

    /* Field ids are final once every protocol has registered. */
    for (int i = 0; i < F_COUNT; i++) {
        fields[i].hf = field_hfs[i] = proto_registrar_get_id_byname(fields[i].name);
        if (fields[i].hf < 0)
            ws_warning("ocstriage: field %s is not registered; its signatures are off", fields[i].name);
    }
    msocs_reference_fields(field_hfs, F_COUNT);
    for (size_t i = 0; i < G_N_ELEMENTS(layer_protos); i++)
        layer_protos[i].proto = proto_get_id_by_filter_name(layer_protos[i].name);
    fields_resolved = TRUE;
    tree_seen = FALSE;
    update_wanted();
}

/* }}} */

void
proto_register_ocstriage(void)
{
    static hf_register_info hf[] = {
        { &hf_ocstriage_signature, { "Signature", "ocstriage.signature", FT_STRING, BASE_NONE, NULL, 0x0,
            "Id of the failure signature this frame shows (see SIGNATURES.md)", HFILL } },
        { &hf_ocstriage_event_id, { "Event ID", "ocstriage.event_id", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Windows event-log id the servers log for the same fault", HFILL } },
        { &hf_ocstriage_severity, { "Severity", "ocstriage.severity", FT_STRING, BASE_NONE, NULL, 0x0,
            "error, warn or note", HFILL } },
        { &hf_ocstriage_hint, { "Hint", "ocstriage.hint", FT_STRING, BASE_NONE, NULL, 0x0,
            "Likely cause", HFILL } },
        { &hf_ocstriage_evidence, { "Evidence in", "ocstriage.evidence", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "A related frame that is part of the evidence", HFILL } },
    };
    static gint *ett[] = { &ett_ocstriage, &ett_ocstriage_finding };
    static ei_register_info ei_limit[] = {
        { &ei_state_full, { "ocstriage.state_full", PI_UNDECODED, PI_NOTE,
            "ocstriage state limit reached: later frames are only partly analysed", EXPFILL } },
    };
    static const int groups[] = {
        [OCSTRIAGE_GRP_SEQUENCE] = PI_SEQUENCE, [OCSTRIAGE_GRP_RESPONSE] = PI_RESPONSE_CODE,
        [OCSTRIAGE_GRP_PROTOCOL] = PI_PROTOCOL, [OCSTRIAGE_GRP_SECURITY] = PI_SECURITY,
    };
    static const int severities[] = {
        [OCSTRIAGE_SEV_ERROR] = PI_ERROR, [OCSTRIAGE_SEV_WARN] = PI_WARN, [OCSTRIAGE_SEV_NOTE] = PI_NOTE,
    };

    proto_ocstriage = proto_register_protocol("OCS/Lync failure signatures", "OCS triage", "ocstriage");
    proto_register_field_array(proto_ocstriage, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));

    /* One expert per catalogue row, ocstriage.expert.<id>, built from the table. */
    unsigned n_sigs = MIN(ocstriage_sigs_count, MAX_SIGS); /* the unit test keeps the table within */
    expert_module_t *em = expert_register_protocol(proto_ocstriage);
    ei_register_info *ei = g_new0(ei_register_info, n_sigs);
    const ei_register_info tmpl = { NULL, { NULL, 0, 0, NULL, EXPFILL } };
    for (unsigned i = 0; i < n_sigs; i++) {
        ei[i] = tmpl;
        ei_sig[i] = (expert_field)EI_INIT;
        ei[i].ids = &ei_sig[i];
        ei[i].eiinfo.name = g_strdup_printf("ocstriage.expert.%s", ocstriage_sigs[i].id);
        ei[i].eiinfo.group = groups[ocstriage_sigs[i].group];
        ei[i].eiinfo.severity = severities[ocstriage_sigs[i].severity];
        ei[i].eiinfo.summary = ocstriage_sigs[i].summary;
    }
    expert_register_field_array(em, ei, n_sigs);
    expert_register_field_array(em, ei_limit, array_length(ei_limit));
    /* a row missing from the table turns its signature off (add_finding) */
    for (int s = 0; s < S_COUNT; s++) {
        sig_index[s] = ocstriage_sig_index(sig_ids[s]);
        if (sig_index[s] >= MAX_SIGS)
            sig_index[s] = -1;
    }

    module_t *m = prefs_register_protocol(proto_ocstriage, update_wanted);
    range_convert_str(wmem_epan_scope(), &pref_ports, DEFAULT_PORTS, 65535);
    prefs_register_range_preference(m, "ports", "SIP/OCS TCP ports",
                                    "TCP ports on which an RST without ACK is tcp.bare-reset and SYNs are "
                                    "checked for asymmetric SYN-ACKs", &pref_ports, 65535);
    /* sipservice decides whether a SERVICE went unanswered (sipservice.timeout) */
    prefs_register_obsolete_preference(m, "service_timeout");
    prefs_register_uint_preference(m, "reset_idle", "Idle time before a bare reset (s)",
                                   "An RST without ACK is tcp.bare-reset only on a connection idle at least "
                                   "this long", 10, &pref_reset_idle);
    prefs_register_uint_preference(m, "service_slow", "SERVICE slow response threshold (s)",
                                   "A 2xx to a SERVICE later than this is service.slow-response",
                                   10, &pref_service_slow);
    /* msturn decides whether a request went unanswered (msturn.response_timeout) */
    prefs_register_obsolete_preference(m, "msturn_timeout");
    prefs_register_bool_preference(m, "always_analyse", "Always analyse",
                                   "Build a protocol tree on the first pass for the analysis even when "
                                   "nothing else needs one (default on: every tshark invocation, -2 -T fields "
                                   "included, gives the findings). Off: the signatures are found only when a "
                                   "tree is built anyway (a display filter such as ocstriage, -V, custom "
                                   "columns) or -z ocstriage,tree is used, and a plain read costs less", &pref_always_analyse);

    ocstriage_handle = create_dissector_handle(dissect_ocstriage, proto_ocstriage);
    register_init_routine(ocstriage_init);
    ocstriage_tap = register_tap("ocstriage");
}

void
proto_reg_handoff_ocstriage(void)
{
    register_postdissector(ocstriage_handle);
    ocstriage_stats_register();
}
