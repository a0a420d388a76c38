/* msocs flow: the OCS/Lync story of a capture as one ladder, a sequence
 * analysis registered as "msocs" (Telephony > Flow Graph, type "OCS/Lync";
 * tshark -2 -q -z flow,msocs,network).
 *
 * Only OCS messages become arrows: SIP requests and responses labelled with
 * what they mean (SERVICE MRAS request, 200 OK MRAS: 2 relays, 403 Forbidden
 * ms-diag 9006), MS-TURN control messages (Allocate, Allocate 436 Unknown
 * User, Allocate OK), MS-TURN Send/Data messages grouped into one arrow per
 * burst, and the frames where an ocstriage signature fires, each finding
 * appended to its arrow. Bare TCP segments and media are left out.
 * Endpoints take the names the capture gives them: a DNS name in the top Via
 * of a request (its sender) or of a response (its receiver), the last
 * Record-Route entry of a response that reached the request's sender (the
 * proxy that sent it), an MRAS relay listed with both host name and address,
 * and the relay host of the MRAS response whose credentials an Edge accepted
 * in an Allocate.
 *
 * How: a postdissector, registered after ocstriage, reads the decoded fields
 * (sip.*, mras.*, msdiag.*, ocstriage.signature) from the tree and msturn's
 * per-message summary (msturn.h) on the first pass and keeps one record per
 * arrow frame in wmem_file_scope(); a later look at the frame adds the
 * findings decided after the first pass. It queues its tap ("msocs_flow")
 * with the record, and the sequence analysis turns records into arrows. The
 * burst counts and names are complete after the first pass, which is why
 * tshark needs -2. It wants its fields (a tree on every pass) only while a
 * flow listens in tshark, and always in Wireshark, which builds a tree for
 * its packet list anyway. Labels, names and bursts are decided in
 * epan-extra/msocs-flow-core.c. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>
#include <epan/to_str.h>
#include <epan/address_types.h>
#include <epan/expert.h>

#include "msocs.h"
#include "msturn.h"
#include "sipservice.h"
#include "msturn-wire.h"
#include "msocs-flow-core.h"
#include "msocs-seqa.h"
#include "ws-compat.h"
#include "msocs-fields.h"

#define MAX_RECORDS   200000  /* arrows kept per capture */
#define MAX_NAMES     4096    /* named endpoints per capture */
#define MAX_ROUTES    16      /* Record-Route entries looked at per header */
#define MAX_FINDINGS_LEN 256  /* characters of finding ids per arrow */

#define TURN_SEND_REQUEST      0x0004 /* OCS 2007 form */
#define TURN_DATA_INDICATION   0x0115
#define STUN_SEND_INDICATION   0x0016 /* RFC 5389 form */
#define STUN_DATA_INDICATION   0x0017

enum { CONV_SIP, CONV_TURN, CONV_OTHER };

static int proto_msocs_flow = -1;
static int msocs_flow_tap = -1;
static dissector_handle_t msocs_flow_handle;

typedef enum {
    F_SIP_METHOD, F_SIP_STATUS, F_SIP_STATUS_LINE, F_SIP_CSEQ_METHOD, F_SIP_EVENT, F_SIP_VIA, F_SIP_RR,
    F_MRAS_TYPE, F_MRAS_RELAYS, F_MRAS_REASON, F_MRAS_HOST, F_MRAS_IP, F_PROV_URI,
    F_MSDIAG, F_MSDIAG_REASON, F_SDP,
    F_COUNT
} field_id;

static const char *const field_names[F_COUNT] = {
    [F_SIP_METHOD] = "sip.Method", [F_SIP_STATUS] = "sip.Status-Code",
    [F_SIP_STATUS_LINE] = "sip.Status-Line", [F_SIP_CSEQ_METHOD] = "sip.CSeq.method",
    [F_SIP_EVENT] = "sip.Event", [F_SIP_VIA] = "sip.Via", [F_SIP_RR] = "sip.Record-Route",
    [F_MRAS_TYPE] = "mras.type", [F_MRAS_RELAYS] = "mras.relay_count", [F_MRAS_REASON] = "mras.reason_phrase",
    [F_MRAS_HOST] = "mras.relay.host", [F_MRAS_IP] = "mras.relay.ip",
    [F_PROV_URI] = "mras.provisioning.mras_uri_present", [F_MSDIAG] = "msdiag.code",
    [F_MSDIAG_REASON] = "msdiag.reason", [F_SDP] = "sdp",
};
static int field_hfs[F_COUNT];
static gboolean expert_listening; /* the expert tap listener (its tapdata) is registered */
static gboolean fields_wanted;   /* the postdissector's fields are wanted: a flow may be drawn */

/* One arrow. */
typedef struct {
    const char *label;          /* without the burst count and findings */
    const char *comment;
    msocs_flow_burst *burst;    /* set on the first frame of a Send/Data burst */
    char *findings;             /* "msturn.unknown-user, ..." or NULL */
    guint16 conv;
} flow_rec;

static wmem_map_t *records;      /* frame -> flow_rec */
static wmem_map_t *bursts;       /* "src>dst kind" -> open msocs_flow_burst */
static wmem_map_t *names;        /* address string -> name */
static wmem_map_t *mras_hosts;   /* MRAS response frame -> its only relay host */
static wmem_map_t *allocate_mras; /* Allocate request frame -> MRAS response frame of its username */
static guint n_records;

/* ---- reading the tree {{{ */

static GPtrArray *
all_of(proto_tree *tree, field_id f)
{
    return msocs_fields_all(tree, field_hfs[f]);
}

static field_info *
nth_of(proto_tree *tree, field_id f, guint i)
{
    GPtrArray *a = all_of(tree, f);
    return (a != NULL && i < a->len) ? (field_info *)g_ptr_array_index(a, i) : NULL;
}

static const char *
get_string(proto_tree *tree, field_id f)
{
    return msocs_finfo_string(nth_of(tree, f, 0));
}

static gboolean
get_uint(proto_tree *tree, field_id f, guint64 *out)
{
    field_info *fi = nth_of(tree, f, 0);
    return fi != NULL && msocs_finfo_uint(fi, out);
}

/* }}} */
/* ---- names {{{ */

static void
name_address(const address *addr, const char *name)
{
    if (name == NULL || addr->type == AT_NONE || wmem_map_size(names) >= MAX_NAMES)
        return;
    char *key = address_to_str(wmem_file_scope(), addr);
    if (wmem_map_lookup(names, key) == NULL)  /* the first name the capture gives stays */
        wmem_map_insert(names, key, wmem_strdup(wmem_file_scope(), name));
}

static void
name_address_str(const char *addr, const char *name)
{
    if (addr == NULL || name == NULL || wmem_map_size(names) >= MAX_NAMES)
        return;
    if (wmem_map_lookup(names, addr) == NULL)
        wmem_map_insert(names, wmem_strdup(wmem_file_scope(), addr), wmem_strdup(wmem_file_scope(), name));
}

/* Via and Record-Route of one SIP frame (the first message's). */
static void
learn_sip_names(proto_tree *tree, packet_info *pinfo, gboolean request)
{
    GPtrArray *vias = all_of(tree, F_SIP_VIA);
    if (vias == NULL)
        return;
    char *top = msocs_flow_via_host(msocs_finfo_string((field_info *)g_ptr_array_index(vias, 0)));
    /* a request's top Via is its sender; a response travels to its top Via */
    name_address(request ? &pinfo->net_src : &pinfo->net_dst, top);
    g_free(top);

    const char *rr = get_string(tree, F_SIP_RR);
    if (request || vias->len != 1 || rr == NULL)
        return;
    /* a response with one Via reached the request's sender: the proxy that
     * sent it is the last Record-Route entry */
    guint n = 0;
    char **routes = msocs_flow_split_route(rr, MAX_ROUTES, &n);
    GPtrArray *rrs = all_of(tree, F_SIP_RR);
    if (n > 0 && rrs->len == 1) {
        char *host = msocs_flow_uri_host(routes[n - 1]);
        name_address(&pinfo->net_src, host);
        g_free(host);
    }
    g_strfreev(routes);
}

/* MRAS relays listed with both a host name and an address, and the one relay
 * host of a response, for naming the Edge that accepts its credentials. */
static void
learn_mras_names(proto_tree *tree, packet_info *pinfo)
{
    GPtrArray *hosts = all_of(tree, F_MRAS_HOST), *ips = all_of(tree, F_MRAS_IP);
    guint64 relays = 0;

    if (!get_uint(tree, F_MRAS_RELAYS, &relays) || relays == 0)
        return;
    if (hosts != NULL && ips != NULL && hosts->len == relays && ips->len == relays) {
        for (guint i = 0; i < hosts->len; i++)
            name_address_str(msocs_finfo_string((field_info *)g_ptr_array_index(ips, i)),
                             msocs_finfo_string((field_info *)g_ptr_array_index(hosts, i)));
    }
    if (hosts == NULL)
        return;
    const char *only = msocs_finfo_string((field_info *)g_ptr_array_index(hosts, 0));
    for (guint i = 1; i < hosts->len && only != NULL; i++)
        if (g_strcmp0(only, msocs_finfo_string((field_info *)g_ptr_array_index(hosts, i))) != 0)
            only = NULL;  /* several relay hosts: which one answered is not said */
    if (only != NULL && msocs_flow_is_dns_name(only, strlen(only)))
        wmem_map_insert(mras_hosts, GUINT_TO_POINTER(pinfo->num), wmem_strdup(wmem_file_scope(), only));
}

/* }}} */
/* ---- records {{{ */

static flow_rec *
get_rec(guint32 frame, gboolean create)
{
    flow_rec *rec = (flow_rec *)wmem_map_lookup(records, GUINT_TO_POINTER(frame));
    if (rec == NULL && create && n_records < MAX_RECORDS) {
        rec = wmem_new0(wmem_file_scope(), flow_rec);
        wmem_map_insert(records, GUINT_TO_POINTER(frame), rec);
        n_records++;
    }
    return rec;
}

/* The reason phrase of "SIP/2.0 403 Forbidden". */
static const char *
status_reason(const char *line)
{
    const char *p;
    if (line == NULL || (p = strchr(line, ' ')) == NULL || (p = strchr(p + 1, ' ')) == NULL)
        return NULL;
    return p + 1;
}

static void
sip_facts(proto_tree *tree, packet_info *pinfo, msocs_flow_sip *m)
{
    guint64 v;
    const sipservice_msg *sm = sipservice_frame_messages(pinfo->num);

    memset(m, 0, sizeof *m);
    m->method = get_string(tree, F_SIP_METHOD);
    if (get_uint(tree, F_SIP_STATUS, &v))
        m->status = (guint)v;
    m->reason = status_reason(get_string(tree, F_SIP_STATUS_LINE));
    m->cseq_method = get_string(tree, F_SIP_CSEQ_METHOD);
    m->service_kind = sm != NULL ? sipservice_kind_name(sm->kind) : NULL;
    m->event = get_string(tree, F_SIP_EVENT);
    m->mras_relays = -1;
    if (get_uint(tree, F_MRAS_TYPE, &v) && v == 2) {  /* an MRAS <response> */
        m->mras_relays = get_uint(tree, F_MRAS_RELAYS, &v) ? (int)MIN(v, G_MAXINT) : 0;
        m->mras_reason = get_string(tree, F_MRAS_REASON);
    }
    m->mras_uri = get_uint(tree, F_PROV_URI, &v) ? (v != 0) : -1;
    if (get_uint(tree, F_MSDIAG, &v))
        m->msdiag = (guint)v;
    m->sdp = all_of(tree, F_SDP) != NULL;
}

static void
record_sip(proto_tree *tree, packet_info *pinfo)
{
    msocs_flow_sip m;
    GPtrArray *methods = all_of(tree, F_SIP_METHOD), *statuses = all_of(tree, F_SIP_STATUS);
    guint messages = (methods ? methods->len : 0) + (statuses ? statuses->len : 0);

    if (messages == 0)
        return;
    sip_facts(tree, pinfo, &m);
    flow_rec *rec = get_rec(pinfo->num, TRUE);
    if (rec == NULL)
        return;
    if (messages == 1) {
        char *label = msocs_flow_sip_label(&m);
        rec->label = wmem_strdup(wmem_file_scope(), label);
        g_free(label);
    } else {
        /* several messages in one TCP segment: each one's start line */
        wmem_strbuf_t *b = wmem_strbuf_new(wmem_file_scope(), NULL);
        for (guint i = 0; methods != NULL && i < methods->len; i++)
            wmem_strbuf_append_printf(b, "%s%s", i ? ", " : "", msocs_finfo_string(nth_of(tree, F_SIP_METHOD, i)));
        for (guint i = 0; statuses != NULL && i < statuses->len; i++) {
            const char *line = msocs_finfo_string(nth_of(tree, F_SIP_STATUS_LINE, i));
            wmem_strbuf_append_printf(b, "%s%s", wmem_strbuf_get_len(b) ? ", " : "", line && strlen(line) > 8 ?
                                      line + 8 : "?");  /* after "SIP/2.0 " */
        }
        rec->label = wmem_strbuf_finalize(b);
    }
    rec->conv = CONV_SIP;
    const char *diag = get_string(tree, F_MSDIAG_REASON);
    if (m.msdiag != 0)
        rec->comment = wmem_strdup_printf(wmem_file_scope(), "ms-diagnostics %u%s%s", m.msdiag,
                                          diag ? ": " : "", diag ? diag : "");
    learn_sip_names(tree, pinfo, m.method != NULL);
    if (m.mras_relays > 0)
        learn_mras_names(tree, pinfo);
}

/* The method name of an MS-TURN type: "Allocate" for 0x0003, 0x0103 and 0x0113. */
static const char *
turn_method_name(guint16 type)
{
    const msturn_type_info *req = msturn_type_lookup(msturn_type_method(type));
    const char *suffix = " Request";
    if (req != NULL && req->name != NULL && g_str_has_suffix(req->name, suffix))
        return wmem_strndup(wmem_file_scope(), req->name, strlen(req->name) - strlen(suffix));
    const msturn_type_info *t = msturn_type_lookup(type);
    return t != NULL ? t->name : "MS-TURN";
}

static gboolean
turn_is_media(guint16 type)
{
    return type == TURN_SEND_REQUEST || type == TURN_DATA_INDICATION ||
           type == STUN_SEND_INDICATION || type == STUN_DATA_INDICATION;
}

static void
record_turn_burst(packet_info *pinfo, const msturn_summary *m)
{
    const char *what = m->type == TURN_SEND_REQUEST || m->type == STUN_SEND_INDICATION ? "Send" : "Data";
    char *key = wmem_strdup_printf(pinfo->pool, "%s>%s %s", address_to_str(pinfo->pool, &pinfo->net_src),
                                   address_to_str(pinfo->pool, &pinfo->net_dst), what);
    msocs_flow_burst *b = (msocs_flow_burst *)wmem_map_lookup(bursts, key);
    double ts = nstime_to_sec(&pinfo->abs_ts);

    if (b != NULL && msocs_flow_burst_continues(b, ts)) {
        msocs_flow_burst_add(b, pinfo->num, ts);
        return;
    }
    flow_rec *rec = get_rec(pinfo->num, TRUE);
    if (rec == NULL)
        return;
    b = wmem_new0(wmem_file_scope(), msocs_flow_burst);
    msocs_flow_burst_start(b, pinfo->num, ts);
    wmem_map_insert(bursts, wmem_strdup(wmem_file_scope(), key), b);
    rec->burst = b;
    rec->label = what;
    rec->comment = "relayed media";
    rec->conv = CONV_TURN;
}

static void
record_turn(packet_info *pinfo)
{
    const msturn_summary *m = msturn_frame_summary(pinfo);
    if (m == NULL)
        return;
    if (turn_is_media(m->type)) {
        record_turn_burst(pinfo, m);
        return;
    }
    static const char *const classes[] = {
        [MSTURN_KIND_REQUEST] = "request", [MSTURN_KIND_SUCCESS] = "success",
        [MSTURN_KIND_ERROR] = "error", [MSTURN_KIND_INDICATION] = "indication",
    };
    const msturn_error_info *err = m->error_code != 0 ? msturn_error_lookup(m->error_code) : NULL;
    flow_rec *rec = get_rec(pinfo->num, TRUE);
    if (rec == NULL)
        return;
    char *label = msocs_flow_turn_label(turn_method_name(m->type), (guint)m->kind < G_N_ELEMENTS(classes) ?
                                        classes[m->kind] : NULL, m->error_code, err ? err->reason : NULL);
    rec->label = wmem_strdup(wmem_file_scope(), label);
    g_free(label);
    rec->conv = CONV_TURN;
    if (err != NULL && err->meaning != NULL)
        rec->comment = wmem_strdup_printf(wmem_file_scope(), "%s", err->meaning);

    if (m->kind == MSTURN_KIND_REQUEST && m->mras_frame != 0)
        wmem_map_insert(allocate_mras, GUINT_TO_POINTER(pinfo->num), GUINT_TO_POINTER(m->mras_frame));
    if (m->kind == MSTURN_KIND_SUCCESS && m->response_to != 0) {
        /* the Edge accepted credentials from this MRAS response: it is its relay */
        guint32 mras = GPOINTER_TO_UINT(wmem_map_lookup(allocate_mras, GUINT_TO_POINTER(m->response_to)));
        name_address(&pinfo->net_src, (const char *)wmem_map_lookup(mras_hosts, GUINT_TO_POINTER(mras)));
    }
}

/* The failure signatures ocstriage raises on a frame reach the flow as its
 * expert infos (ocstriage.expert.<id>): they come on every pass whether or
 * not the tree holds ocstriage's items, including those decided after the
 * first pass. Taps run in the order packets were queued, and ocstriage's
 * experts are queued before this module's record, so the arrow has them. */
static tap_packet_status
expert_packet(void *tapdata _U_, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data,
              tap_flags_t flags _U_)
{
    static const char prefix[] = "ocstriage.expert.";
    const expert_info_t *ei = (const expert_info_t *)data;
    header_field_info *hfi;

    if (ei == NULL || ei->hf_index < 0 || (hfi = proto_registrar_get_nth((guint)ei->hf_index)) == NULL ||
        !g_str_has_prefix(hfi->abbrev, prefix))
        return TAP_PACKET_DONT_REDRAW;
    const char *id = hfi->abbrev + strlen(prefix);
    flow_rec *rec = get_rec(pinfo->num, TRUE);
    if (rec == NULL || (rec->findings != NULL && strstr(rec->findings, id) != NULL))
        return TAP_PACKET_DONT_REDRAW;
    if (rec->label == NULL) {
        rec->label = "TCP";  /* a finding on a frame that is no OCS message: a reset, a SYN-ACK */
        rec->conv = CONV_OTHER;
    }
    if (rec->findings != NULL && strlen(rec->findings) + strlen(id) > MAX_FINDINGS_LEN)
        return TAP_PACKET_DONT_REDRAW;
    rec->findings = rec->findings == NULL ? wmem_strdup(wmem_file_scope(), id)
                    : wmem_strdup_printf(wmem_file_scope(), "%s, %s", rec->findings, id);
    return TAP_PACKET_DONT_REDRAW;
}

/* }}} */
/* ---- the postdissector {{{ */

static gboolean
flow_active(void)
{
    return msocs_policy_statistic_wanted(msocs_flow_tap, "flow,msocs,");
}

static int
dissect_msocs_flow(tvbuff_t *tvb _U_, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (!fields_wanted)
        return 0;
    if (tree != NULL) {
        if (!PINFO_FD_VISITED(pinfo)) {
            if (all_of(tree, F_SIP_METHOD) != NULL || all_of(tree, F_SIP_STATUS) != NULL)
                record_sip(tree, pinfo);
            else
                record_turn(pinfo);  /* msturn's summary needs no field */
        }
    }
    /* queued on every frame: a finding may make an arrow of a frame without a record */
    if (have_tap_listener(msocs_flow_tap))
        tap_queue_packet(msocs_flow_tap, pinfo, GUINT_TO_POINTER(pinfo->num));
    return 0;
}

/* An endpoint as the capture names it, else as the flow would show it. */
static void
set_node(address *node)
{
    if (node->type == AT_NONE)
        return;
    char *key = address_to_str(NULL, node);
    const char *name = (const char *)wmem_map_lookup(names, key);
    wmem_free(NULL, key);
    if (name != NULL) {
        free_address(node);
        alloc_address_wmem(NULL, node, AT_STRINGZ, (int)strlen(name) + 1, name);
    }
}

static tap_packet_status
flow_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data,
            tap_flags_t flags _U_)
{
    seq_analysis_info_t *sainfo = (seq_analysis_info_t *)tapdata;
    const flow_rec *rec = get_rec(GPOINTER_TO_UINT(data), FALSE);
    if (rec == NULL || rec->label == NULL)
        return TAP_PACKET_DONT_REDRAW;
    seq_analysis_item_t *sai = sequence_analysis_create_sai_with_addresses(pinfo, sainfo);
    if (sai == NULL)
        return TAP_PACKET_DONT_REDRAW;
    set_node(&sai->src_addr);
    set_node(&sai->dst_addr);
    sai->frame_number = pinfo->num;
    sai->port_src = (guint16)pinfo->srcport;
    sai->port_dst = (guint16)pinfo->destport;
    char *label = rec->burst != NULL ? msocs_flow_burst_label(rec->burst, rec->label) : g_strdup(rec->label);
    if (rec->findings != NULL) {
        sai->frame_label = g_strdup_printf("%s [%s]", label, rec->findings);
        g_free(label);
    } else {
        sai->frame_label = label;
    }
    sai->comment = rec->comment != NULL ? g_strdup_printf("%s - %s", sai->frame_label, rec->comment)
                                        : g_strdup(sai->frame_label);
    sai->conv_num = rec->conv;
    sai->line_style = 1;
    sai->display = TRUE;
    g_queue_push_tail(sainfo->items, sai);
    return TAP_PACKET_REDRAW;
}

static void
msocs_flow_init(void)
{
    records = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    bursts = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    names = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    mras_hosts = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    allocate_mras = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    n_records = 0;

    /* field ids are final once every protocol has registered */
    for (int i = 0; i < F_COUNT; i++) {
        field_hfs[i] = proto_registrar_get_id_byname(field_names[i]);
        if (field_hfs[i] < 0)
            ws_warning("msocs flow: field %s is not registered", field_names[i]);
    }
    /* Wireshark (a Flow Graph may be opened at any time; it builds a tree
     * anyway) or a tshark asked for the flow: the first tree holds the fields
     * and every later one is primed with them */
    fields_wanted = flow_active();
    if (fields_wanted)
        msocs_reference_fields(field_hfs, F_COUNT);
    msocs_want_fields(msocs_flow_handle, field_hfs, F_COUNT, fields_wanted);
    if (fields_wanted && !expert_listening) {
        GString *err = register_tap_listener("expert", &expert_listening, NULL, TL_REQUIRES_NOTHING,
                                             NULL, expert_packet, NULL, NULL);
        if (err != NULL)
            g_string_free(err, TRUE);
        else
            expert_listening = TRUE;
    }
}

static void
msocs_flow_cleanup(void)
{
    if (expert_listening)
        remove_tap_listener(&expert_listening);
    expert_listening = FALSE;
}

/* }}} */

void
proto_register_msocs_flow(void)
{
    proto_msocs_flow = proto_register_protocol("OCS/Lync call flow", "OCS flow", "msocs_flow");
    msocs_flow_handle = create_dissector_handle(dissect_msocs_flow, proto_msocs_flow);
    msocs_flow_tap = register_tap("msocs_flow");
    register_init_routine(msocs_flow_init);
    register_cleanup_routine(msocs_flow_cleanup);
    /* the tree gives the postdissector the findings decided after the first pass */
    register_seq_analysis("msocs", "OCS/Lync", proto_msocs_flow, "msocs_flow", TL_REQUIRES_PROTO_TREE,
                          flow_packet);
}

void
proto_reg_handoff_msocs_flow(void)
{
    register_postdissector(msocs_flow_handle);  /* after ocstriage's: reads its findings */
}
