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
 * The rules live by family, each with its own state: ocstriage-tcp.c
 * (tcp.bare-reset, tcp.asymmetric-synack), ocstriage-sip.c (service.*,
 * mras.no-response of a SERVICE, mras.forbidden, conf.adduser-failed, sdp.*,
 * qoe.poor-stream) and ocstriage-relay.c (mras.error, provisioning.no-mras-uri,
 * msturn.*). This file runs them and shows their findings; the statistic is
 * ocstriage-stats.c.
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
range_t *ocstriage_pref_ports;
guint ocstriage_pref_service_slow = 5;
/* Load balancer and firewall idle timers run for minutes; a connection used
 * in the last seconds was not cut by one. */
guint ocstriage_pref_reset_idle = 5;
static msocs_api_bool pref_always_analyse = TRUE; /* correct answers first; off for fast plain reads */
static gboolean stat_registered;   /* -z ocstriage,tree or its GUI dialog is open */
static gboolean fields_resolved;   /* fields[].hf are known (a capture was opened) */
static gboolean tree_seen;         /* a first-pass tree was seen in this capture */

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

int ocstriage_field_hf[F_COUNT];      /* fields[].hf, for the readers and the wanted list */

static struct {
    const char *name;
    guint bit;
    int proto;
} layer_protos[] = {
    { "tcp", L_TCP, -1 }, { "msdiag", L_MSDIAG, -1 }, { "sdp", L_SDP, -1 },
    { "mras", L_MRAS, -1 }, { "msturn", L_MSTURN, -1 }, { "sip", L_SIP, -1 }, { "qoe", L_QOE, -1 },
};

static const char *const sig_ids[S_COUNT] = {
    "service.no-response", "service.error-response", "service.slow-response", "tcp.bare-reset",
    "tcp.asymmetric-synack", "mras.no-response", "mras.error", "mras.forbidden",
    "conf.adduser-failed", "msturn.unknown-user", "msturn.no-response", "msturn.integrity-failed",
    "sdp.no-relay-candidates", "sdp.private-relay-address", "provisioning.no-mras-uri",
    "qoe.poor-stream",
};
static int sig_index[S_COUNT];


/* Per-capture state, all wmem_file_scope(). */
static wmem_map_t *frame_recs;     /* frame number -> frame_rec */
static guint n_findings;
static guint32 state_full_frame;   /* first frame where a bound was hit, 0 = none */
static guint32 last_frame;

static const frame_rec empty_rec;  /* tap data of frames without findings */

gboolean
field_has_uint(proto_tree *tree, int f, guint64 value)
{
    GPtrArray *a = field_all(tree, f);
    guint64 v;
    for (guint i = 0; a && i < a->len; i++) {
        if (msocs_finfo_uint((field_info *)g_ptr_array_index(a, i), &v) && v == value)
            return TRUE;
    }
    return FALSE;
}

/* ---- findings */

/* A bound on per-capture state was hit: say so on the first frame it happened. */
void
ocstriage_bound_hit(packet_info *pinfo)
{
    if (state_full_frame == 0)
        state_full_frame = pinfo->num;
}

frame_rec *
ocstriage_get_rec(guint32 frame, gboolean create)
{
    frame_rec *r = (frame_rec *)wmem_map_lookup(frame_recs, GUINT_TO_POINTER(frame));
    if (r == NULL && create) {
        r = wmem_new0(wmem_file_scope(), frame_rec);
        wmem_map_insert(frame_recs, GUINT_TO_POINTER(frame), r);
    }
    return r;
}

finding *
ocstriage_add_finding(packet_info *pinfo, guint32 frame, int s, guint32 event_id, const char *detail)
{
    if (sig_index[s] < 0)
        return NULL;
    if (n_findings >= MAX_FINDINGS) {
        ocstriage_bound_hit(pinfo);
        return NULL;
    }
    frame_rec *r = ocstriage_get_rec(frame, TRUE);
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

guint32
ocstriage_catalogue_event(int s)
{
    return sig_index[s] >= 0 ? ocstriage_sigs[sig_index[s]].event_id : 0;
}

/* The catalogue's event id when the finding is in its scope (the TSV's
 * event_scope and event_port columns): about a QoE report, or on a port. */
guint32
ocstriage_scoped_event(int s, gboolean qoe, guint32 port)
{
    if (sig_index[s] < 0)
        return 0;
    switch (ocstriage_sigs[sig_index[s]].event_scope) {
    case OCSTRIAGE_EVENT_QOE: return qoe ? ocstriage_catalogue_event(s) : 0;
    case OCSTRIAGE_EVENT_PORT:
        return port == ocstriage_sigs[sig_index[s]].event_port ? ocstriage_catalogue_event(s) : 0;
    default: return ocstriage_catalogue_event(s);
    }
}

void
ocstriage_add_evidence(finding *f, guint32 frame)
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

/* ---- the postdissector */

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

/* ---- what the statistic (ocstriage-stats.c) asks */

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
                ocstriage_analyse_tcp(tree, pinfo, layers);
            if (service)
                ocstriage_analyse_service_responses(pinfo);
            if (layers & L_MSDIAG)
                ocstriage_analyse_sip_diagnostics(tree, pinfo);
            if (layers & L_SDP)
                ocstriage_analyse_sdp(tree, pinfo);
            if (layers & L_MRAS)
                ocstriage_analyse_mras(tree, pinfo);
            if (layers & L_QOE)
                ocstriage_analyse_qoe(pinfo);
            if (layers & L_MSTURN)
                for (const msturn_summary *m = msturn_frame_summary(pinfo); m != NULL; m = m->next)
                    ocstriage_analyse_msturn(pinfo, m);
            if (service) {
                /* per-frame state only for SERVICE frames (decided later) and
                 * frames with findings: bounded by messages, not packets */
                rec = ocstriage_get_rec(num, TRUE);
                rec->service_done = TRUE;
                guint64 stream;
                if (field_uint(tree, F_TCP_STREAM, &stream))
                    rec->tcp_stream_plus1 = (guint32)stream + 1;
            }
            if ((rec = ocstriage_get_rec(num, FALSE)) != NULL)
                rec->ts = pinfo->abs_ts;
        }
    } else {
        rec = ocstriage_get_rec(num, FALSE);
        /* First look after the first pass: everything later is known now.
         * Only SERVICE frames and pending MS-TURN requests have anything to
         * decide; other frames keep no record. */
        if ((rec == NULL && sipservice_frame_messages(num) != NULL) || (rec != NULL && !rec->deferred_done)) {
            if (rec == NULL || !rec->service_done)
                ocstriage_analyse_service_responses(pinfo);
            ocstriage_decide_service_requests(pinfo);
            rec = ocstriage_get_rec(num, FALSE);
            if (rec != NULL && rec->msturn_pending)
                ocstriage_decide_msturn_request(pinfo);
            rec = ocstriage_get_rec(num, TRUE);
            rec->deferred_done = TRUE;
        }
    }

    rec = ocstriage_get_rec(num, FALSE);
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
    msocs_want_fields(ocstriage_handle, ocstriage_field_hf, F_COUNT,
                      msocs_policy_wants_fields(tree_seen, pref_always_analyse, stat_registered, ocstriage_tap,
                                                "ocstriage."));
}

static void
ocstriage_init(void)
{
    frame_recs = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    ocstriage_tcp_init();
    ocstriage_sip_init();
    ocstriage_relay_init();
    fields_resolved = FALSE;
    n_findings = 0;
    state_full_frame = last_frame = 0;

    /* Field ids are final once every protocol has registered. */
    for (int i = 0; i < F_COUNT; i++) {
        fields[i].hf = ocstriage_field_hf[i] = proto_registrar_get_id_byname(fields[i].name);
        if (fields[i].hf < 0)
            ws_warning("ocstriage: field %s is not registered; its signatures are off", fields[i].name);
    }
    msocs_reference_fields(ocstriage_field_hf, F_COUNT);
    for (size_t i = 0; i < G_N_ELEMENTS(layer_protos); i++)
        layer_protos[i].proto = proto_get_id_by_filter_name(layer_protos[i].name);
    fields_resolved = TRUE;
    tree_seen = FALSE;
    update_wanted();
}


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
    range_convert_str(wmem_epan_scope(), &ocstriage_pref_ports, DEFAULT_PORTS, 65535);
    prefs_register_range_preference(m, "ports", "SIP/OCS TCP ports",
                                    "TCP ports on which an RST without ACK is tcp.bare-reset and SYNs are "
                                    "checked for asymmetric SYN-ACKs", &ocstriage_pref_ports, 65535);
    /* sipservice decides whether a SERVICE went unanswered (sipservice.timeout) */
    prefs_register_obsolete_preference(m, "service_timeout");
    prefs_register_uint_preference(m, "reset_idle", "Idle time before a bare reset (s)",
                                   "An RST without ACK is tcp.bare-reset only on a connection idle at least "
                                   "this long", 10, &ocstriage_pref_reset_idle);
    prefs_register_uint_preference(m, "service_slow", "SERVICE slow response threshold (s)",
                                   "A 2xx to a SERVICE later than this is service.slow-response",
                                   10, &ocstriage_pref_service_slow);
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
