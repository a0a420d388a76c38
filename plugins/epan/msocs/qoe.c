/* qoe: QoE reports ([MS-QoE] 2.2) in SIP SERVICE bodies: VQReportEvent with
 * VQSessionReport / VQSessionIntervalReport (application/vq-rtcpxr+xml and the
 * older application/vq-rtcpxr) and the CallQualityFeedbackReport rating
 * (application/ms-cqf+xml).
 *
 * SIP hands us the body through its "media_type" table; Wireshark's xml
 * dissector parses it and we walk its xml_frame_t tree against the schema
 * tables below (element -> field, kind, unit), as mras does. Elements the
 * tables do not name are kept as generic items. Each audio stream is judged
 * with the Call Quality Dashboard thresholds of epan-extra/qoe-core; a report
 * with a poor stream gets qoe.poor, one qoe.poor_reason per poor stream, an
 * expert info and a record for ocstriage (qoe.h). The report's Call-ID is
 * linked to the first INVITE of that call seen in the capture (SIP tap). */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/exceptions.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <epan/dissectors/packet-xml.h>
#include <epan/unit_strings.h>
#include <wsutil/strtoi.h>

#include <string.h>

#include "msocs.h"
#include "qoe.h"
#include "qoe-core.h"
#include "ws-compat.h"
#include "msocs-xml.h"

#define QOE_MAX_DEPTH        32      /* the schema needs 9; deeper is hostile or foreign */
#define QOE_MAX_ELEMENTS     5000    /* elements walked per body (a full report has a few hundred) */
#define QOE_MAX_VALUE_LEN    4096    /* longest value used; user agents are at most 450 characters */
#define QOE_SUMMARY_KEY      1

static int proto_qoe = -1;
static int qoe_tap = -1;

/* report */
static int hf_qoe_kind = -1, hf_qoe_version = -1, hf_qoe_schema_version = -1, hf_qoe_session = -1,
    hf_qoe_interval = -1, hf_qoe_session_id = -1, hf_qoe_location_profile = -1, hf_qoe_pool = -1,
    hf_qoe_endpoint = -1, hf_qoe_group = -1, hf_qoe_element = -1, hf_qoe_invalid_value = -1,
    hf_qoe_poor = -1, hf_qoe_poor_reason = -1, hf_qoe_poor_streams = -1, hf_qoe_invite_frame = -1;
/* dialog */
static int hf_qoe_call_id = -1, hf_qoe_from_tag = -1, hf_qoe_to_tag = -1, hf_qoe_start = -1, hf_qoe_end = -1,
    hf_qoe_from_uri = -1, hf_qoe_to_uri = -1, hf_qoe_caller = -1, hf_qoe_local_contact = -1,
    hf_qoe_remote_contact = -1, hf_qoe_local_ua = -1, hf_qoe_remote_ua = -1, hf_qoe_local_pai = -1,
    hf_qoe_remote_pai = -1, hf_qoe_conf_uri = -1, hf_qoe_dialog_category = -1, hf_qoe_correlation_id = -1;
/* media line */
static int hf_qoe_media_line = -1, hf_qoe_ml_label = -1, hf_qoe_ml_ice = -1, hf_qoe_ml_ice_flags = -1,
    hf_qoe_ml_relay_ip = -1, hf_qoe_ml_relay_port = -1, hf_qoe_ml_security = -1, hf_qoe_ml_offerer = -1,
    hf_qoe_ml_transport = -1, hf_qoe_ml_local_ip = -1, hf_qoe_ml_local_port = -1, hf_qoe_ml_remote_ip = -1,
    hf_qoe_ml_remote_port = -1;
/* stream */
static int hf_qoe_stream = -1, hf_qoe_st_direction = -1, hf_qoe_st_payload_type = -1, hf_qoe_st_codec = -1,
    hf_qoe_st_sample_rate = -1, hf_qoe_st_jitter = -1, hf_qoe_st_jitter_max = -1, hf_qoe_st_plr = -1,
    hf_qoe_st_plr_max = -1, hf_qoe_st_burst_density = -1, hf_qoe_st_burst_duration = -1,
    hf_qoe_st_gap_density = -1, hf_qoe_st_gap_duration = -1, hf_qoe_st_round_trip = -1,
    hf_qoe_st_round_trip_max = -1, hf_qoe_st_packets = -1, hf_qoe_st_bandwidth = -1,
    hf_qoe_st_concealed = -1, hf_qoe_st_stretched = -1, hf_qoe_st_compressed = -1, hf_qoe_st_recv_mos = -1,
    hf_qoe_st_recv_mos_min = -1, hf_qoe_st_send_mos = -1, hf_qoe_st_send_mos_min = -1,
    hf_qoe_st_network_mos = -1, hf_qoe_st_network_mos_min = -1, hf_qoe_st_degradation = -1,
    hf_qoe_st_degradation_max = -1, hf_qoe_st_degradation_jitter = -1, hf_qoe_st_degradation_loss = -1,
    hf_qoe_st_poor = -1;
/* CallQualityFeedbackReport */
static int hf_qoe_cqf = -1, hf_qoe_cqf_user = -1, hf_qoe_cqf_rating = -1;



static gint ett_qoe = -1, ett_qoe_report = -1, ett_qoe_media_line = -1, ett_qoe_stream = -1, ett_qoe_group = -1;
static expert_field ei_qoe_poor = EI_INIT, ei_qoe_malformed_xml = EI_INIT, ei_qoe_bad_value = EI_INIT,
    ei_qoe_missing = EI_INIT, ei_qoe_depth = EI_INIT, ei_qoe_element_cap = EI_INIT, ei_qoe_value_too_long = EI_INIT,
    ei_qoe_doctype = EI_INIT, ei_qoe_not_qoe = EI_INIT;


static const unit_name_string units_samples_per_second = { " samples/s", NULL };
static const unit_name_string units_mos = { " MOS", NULL };

/* ---- schema tables ---------------------------------------------------------- */

typedef enum { V_NONE, V_STRING, V_UINT, V_HEX, V_INT, V_FLOAT, V_BOOL } value_kind;

/* What the walk remembers of a value. R_METRIC + qoe_metric are the
 * classification inputs. */
enum {
    R_NONE, R_CALL_ID, R_SESSION, R_MEDIA_LINE, R_LABEL, R_ICE, R_RELAY_IP, R_TRANSPORT,
    R_INBOUND, R_OUTBOUND, R_CODEC, R_PACKETS, R_NETWORK_MOS, R_RATING,
    R_METRIC
};

typedef struct {
    const char *name;
    int *hf;
    value_kind kind;
    int role;
} qoe_attr;

typedef struct qoe_elem {
    const char *name;        /* local name, compared without namespace prefix */
    int *hf;                 /* NULL: a grouping element, shown by name (qoe.group) */
    value_kind kind;         /* V_NONE: has children */
    int role;
    const struct qoe_elem *children;
    guint n_children;
    const qoe_attr *attrs;
    guint n_attrs;
} qoe_elem;

#define CHILDREN(a) a, G_N_ELEMENTS(a)
#define ATTRS(a) a, G_N_ELEMENTS(a)
#define LEAF(n, hf, k, r) { n, hf, k, r, NULL, 0, NULL, 0 }
#define GROUP(n, c) { n, NULL, V_NONE, R_NONE, CHILDREN(c), NULL, 0 }

static const qoe_elem addr_local[] = {
    LEAF("IPAddr", &hf_qoe_ml_local_ip, V_STRING, R_NONE),
    LEAF("Port", &hf_qoe_ml_local_port, V_UINT, R_NONE),
};
static const qoe_elem addr_remote[] = {
    LEAF("IPAddr", &hf_qoe_ml_remote_ip, V_STRING, R_NONE),
    LEAF("Port", &hf_qoe_ml_remote_port, V_UINT, R_NONE),
};
static const qoe_elem addr_relay[] = {
    LEAF("IPAddr", &hf_qoe_ml_relay_ip, V_STRING, R_RELAY_IP),
    LEAF("Port", &hf_qoe_ml_relay_port, V_UINT, R_NONE),
};
static const qoe_elem connectivity[] = {
    LEAF("Ice", &hf_qoe_ml_ice, V_STRING, R_ICE),
    LEAF("IceWarningFlags", &hf_qoe_ml_ice_flags, V_HEX, R_NONE),
    GROUP("RelayAddress", addr_relay),
};
static const qoe_elem description[] = {
    GROUP("Connectivity", connectivity),
    LEAF("Security", &hf_qoe_ml_security, V_STRING, R_NONE),
    LEAF("Offerer", &hf_qoe_ml_offerer, V_BOOL, R_NONE),
    LEAF("Transport", &hf_qoe_ml_transport, V_STRING, R_TRANSPORT),
    GROUP("LocalAddr", addr_local),
    GROUP("RemoteAddr", addr_remote),
};
static const qoe_elem jitter[] = {
    LEAF("InterArrival", &hf_qoe_st_jitter, V_UINT, R_METRIC + QOE_METRIC_JITTER_INTER_ARRIVAL),
    LEAF("InterArrivalMax", &hf_qoe_st_jitter_max, V_UINT, R_NONE),
};
static const qoe_elem packet_loss[] = {
    LEAF("LossRate", &hf_qoe_st_plr, V_FLOAT, R_METRIC + QOE_METRIC_PACKET_LOSS_RATE),
    LEAF("LossRateMax", &hf_qoe_st_plr_max, V_FLOAT, R_NONE),
};
static const qoe_elem burst[] = {
    LEAF("BurstDensity", &hf_qoe_st_burst_density, V_FLOAT, R_NONE),
    LEAF("BurstDuration", &hf_qoe_st_burst_duration, V_UINT, R_NONE),
    LEAF("GapDensity", &hf_qoe_st_gap_density, V_FLOAT, R_NONE),
    LEAF("GapDuration", &hf_qoe_st_gap_duration, V_UINT, R_NONE),
};
static const qoe_elem delay[] = {
    LEAF("RoundTrip", &hf_qoe_st_round_trip, V_UINT, R_METRIC + QOE_METRIC_ROUND_TRIP),
    LEAF("RoundTripMax", &hf_qoe_st_round_trip_max, V_UINT, R_NONE),
};
static const qoe_elem utilization[] = {
    LEAF("Packets", &hf_qoe_st_packets, V_UINT, R_PACKETS),
    LEAF("BandwidthEst", &hf_qoe_st_bandwidth, V_UINT, R_NONE),
};
static const qoe_elem network[] = {
    GROUP("Jitter", jitter),
    GROUP("PacketLoss", packet_loss),
    GROUP("BurstGapLoss", burst),
    GROUP("Delay", delay),
    GROUP("Utilization", utilization),
    LEAF("RatioConcealedSamplesAvg", &hf_qoe_st_concealed, V_FLOAT, R_METRIC + QOE_METRIC_RATIO_CONCEALED_SAMPLES_AVG),
    LEAF("RatioStretchedSamplesAvg", &hf_qoe_st_stretched, V_FLOAT, R_NONE),
    LEAF("RatioCompressedSamplesAvg", &hf_qoe_st_compressed, V_FLOAT, R_NONE),
};
static const qoe_elem payload_media[] = {
    LEAF("PayloadType", &hf_qoe_st_payload_type, V_UINT, R_NONE),
    LEAF("PayloadDescription", &hf_qoe_st_codec, V_STRING, R_CODEC),
    LEAF("SampleRate", &hf_qoe_st_sample_rate, V_UINT, R_NONE),
};
static const qoe_elem payload[] = {
    GROUP("Audio", payload_media),
    GROUP("Video", payload_media),
};
static const qoe_elem network_mos[] = {
    LEAF("OverallAvg", &hf_qoe_st_network_mos, V_FLOAT, R_NETWORK_MOS),
    LEAF("OverallMin", &hf_qoe_st_network_mos_min, V_FLOAT, R_NONE),
    LEAF("DegradationAvg", &hf_qoe_st_degradation, V_FLOAT, R_METRIC + QOE_METRIC_DEGRADATION_AVG),
    LEAF("DegradationMax", &hf_qoe_st_degradation_max, V_FLOAT, R_NONE),
    LEAF("DegradationJitterAvg", &hf_qoe_st_degradation_jitter, V_FLOAT, R_NONE),
    LEAF("DegradationPacketLossAvg", &hf_qoe_st_degradation_loss, V_FLOAT, R_NONE),
};
static const qoe_elem estimates_audio[] = {
    LEAF("RecvListenMOS", &hf_qoe_st_recv_mos, V_FLOAT, R_NONE),
    LEAF("RecvListenMOSMin", &hf_qoe_st_recv_mos_min, V_FLOAT, R_NONE),
    LEAF("SendListenMOS", &hf_qoe_st_send_mos, V_FLOAT, R_NONE),
    LEAF("SendListenMOSMin", &hf_qoe_st_send_mos_min, V_FLOAT, R_NONE),
    GROUP("NetworkMOS", network_mos),
};
static const qoe_elem estimates[] = {
    GROUP("Audio", estimates_audio),
};
static const qoe_elem stream[] = {
    GROUP("Network", network),
    GROUP("Payload", payload),
    GROUP("QualityEstimates", estimates),
};
static const qoe_elem media_line[] = {
    GROUP("Description", description),
    { "InboundStream", &hf_qoe_stream, V_NONE, R_INBOUND, CHILDREN(stream), NULL, 0 },
    { "OutboundStream", &hf_qoe_stream, V_NONE, R_OUTBOUND, CHILDREN(stream), NULL, 0 },
};
static const qoe_attr media_line_attrs[] = {
    { "Label", &hf_qoe_ml_label, V_STRING, R_LABEL },
};
static const qoe_elem dialog[] = {
    LEAF("DialogCategory", &hf_qoe_dialog_category, V_STRING, R_NONE),
    LEAF("CorrelationID", &hf_qoe_correlation_id, V_STRING, R_NONE),
    LEAF("FromURI", &hf_qoe_from_uri, V_STRING, R_NONE),
    LEAF("ToURI", &hf_qoe_to_uri, V_STRING, R_NONE),
    LEAF("Caller", &hf_qoe_caller, V_BOOL, R_NONE),
    LEAF("LocalContactURI", &hf_qoe_local_contact, V_STRING, R_NONE),
    LEAF("RemoteContactURI", &hf_qoe_remote_contact, V_STRING, R_NONE),
    LEAF("LocalUserAgent", &hf_qoe_local_ua, V_STRING, R_NONE),
    LEAF("RemoteUserAgent", &hf_qoe_remote_ua, V_STRING, R_NONE),
    LEAF("LocalPAI", &hf_qoe_local_pai, V_STRING, R_NONE),
    LEAF("RemotePAI", &hf_qoe_remote_pai, V_STRING, R_NONE),
    LEAF("ConfURI", &hf_qoe_conf_uri, V_STRING, R_NONE),
};
static const qoe_attr dialog_attrs[] = {
    { "CallId", &hf_qoe_call_id, V_STRING, R_CALL_ID },
    { "FromTag", &hf_qoe_from_tag, V_STRING, R_NONE },
    { "ToTag", &hf_qoe_to_tag, V_STRING, R_NONE },
    { "Start", &hf_qoe_start, V_STRING, R_NONE },
    { "End", &hf_qoe_end, V_STRING, R_NONE },
};
static const qoe_attr endpoint_attrs[] = {
    { "Name", &hf_qoe_endpoint, V_STRING, R_NONE },
};
static const qoe_elem session[] = {
    LEAF("LocationProfile", &hf_qoe_location_profile, V_STRING, R_NONE),
    LEAF("Pool", &hf_qoe_pool, V_STRING, R_NONE),
    { "Endpoint", NULL, V_NONE, R_NONE, NULL, 0, ATTRS(endpoint_attrs) },
    { "DialogInfo", NULL, V_NONE, R_NONE, CHILDREN(dialog), ATTRS(dialog_attrs) },
    { "MediaLine", &hf_qoe_media_line, V_NONE, R_MEDIA_LINE, CHILDREN(media_line), ATTRS(media_line_attrs) },
};
static const qoe_attr session_attrs[] = {
    { "SessionId", &hf_qoe_session_id, V_STRING, R_NONE },
};
static const qoe_elem report[] = {
    { "VQSessionReport", &hf_qoe_session, V_NONE, R_SESSION, CHILDREN(session), ATTRS(session_attrs) },
    { "VQSessionIntervalReport", &hf_qoe_interval, V_NONE, R_SESSION, CHILDREN(session), ATTRS(session_attrs) },
};
static const qoe_attr report_attrs[] = {
    { "Version", &hf_qoe_version, V_STRING, R_NONE },
    { "SchemaVersion", &hf_qoe_schema_version, V_STRING, R_NONE },
};
static const qoe_elem cqf[] = {
    LEAF("ReportingUserURI", &hf_qoe_cqf_user, V_STRING, R_NONE),
    LEAF("Rating", &hf_qoe_cqf_rating, V_INT, R_RATING),
};
static const qoe_elem roots[] = {
    { "VQReportEvent", NULL, V_NONE, R_NONE, CHILDREN(report), ATTRS(report_attrs) },
    { "CallQualityFeedbackReport", &hf_qoe_cqf, V_NONE, R_NONE, CHILDREN(cqf), ATTRS(dialog_attrs) },
};

/* ---- walk state ------------------------------------------------------------- */

typedef struct {
    msocs_xml_walk w;
    const char *call_id;
    guint n_sessions;
    /* the media line and stream being walked */
    const char *label;
    const char *transport;
    const char *ice;
    const char *relay_ip;
    gboolean in_stream;
    const char *direction;
    const char *codec;
    qoe_stream_metrics m;
    /* results */
    guint n_streams;
    guint n_poor;
    const char *first_poor_stream;
    const char *first_poor_reason;
    qoe_tap_info *tap;
} walk_ctx;

/* ---- helpers ---------------------------------------------------------------- */

static const char *
local_name(const xml_frame_t *f)
{
    const char *n = f->name_orig_case ? f->name_orig_case : "";
    const char *colon = strrchr(n, ':');
    return colon ? colon + 1 : n;
}






static void
note_value(walk_ctx *ctx, int role, const char *text, gint32 num)
{
    if (role >= R_METRIC && role < R_METRIC + QOE_METRIC_COUNT) {
        if (ctx->in_stream)
            qoe_metrics_set(&ctx->m, (qoe_metric)(role - R_METRIC), text);
        return;
    }
    switch (role) {
    case R_CALL_ID:    if (ctx->call_id == NULL) ctx->call_id = text; break;
    case R_LABEL:      ctx->label = text; break;
    case R_ICE:        ctx->ice = text; break;
    case R_RELAY_IP:   ctx->relay_ip = text; break;
    case R_TRANSPORT:  ctx->transport = text; break;
    case R_CODEC:      if (ctx->in_stream) ctx->codec = text; break;
    case R_RATING:
        ctx->tap->has_rating = TRUE;
        ctx->tap->rating = num;
        break;
    default:           break;
    }
}

/* The text of a value, trimmed and capped (msocs-xml.c). */
static const char *
value_text(walk_ctx *ctx, proto_tree *tree, tvbuff_t *vtvb, gint *off, gint *len)
{
    return msocs_xml_walk_value(&ctx->w, tree, vtvb, off, len);
}

/* Adds one value (attribute or element text) as its field, typed as the schema says. */
static void
add_value(walk_ctx *ctx, proto_tree *tree, int hf, value_kind kind, int role, const char *what,
          tvbuff_t *vtvb, gint anchor_off, gint anchor_len)
{
    tvbuff_t *at = vtvb ? vtvb : ctx->w.tvb;
    gint off = anchor_off, len = anchor_len;
    const char *text = vtvb ? value_text(ctx, tree, vtvb, &off, &len) : "";
    const char *want = NULL;
    guint32 u = 0;
    gint32 i = 0;
    double d = 0;

    switch (kind) {
    case V_UINT:
    case V_HEX:
        if (!ws_strtou32(text, NULL, &u) &&
            !(kind == V_HEX && g_ascii_strncasecmp(text, "0x", 2) == 0 && ws_hexstrtou32(text + 2, NULL, &u)))
            want = "an unsigned integer";
        else
            proto_tree_add_uint(tree, hf, at, off, len, u);
        i = (gint32)MIN(u, G_MAXINT32);
        break;
    case V_INT:
        if (!ws_strtoi32(text, NULL, &i))
            want = "an integer";
        else
            proto_tree_add_int(tree, hf, at, off, len, i);
        break;
    case V_FLOAT:
        if (!qoe_parse_number(text, &d))
            want = "a number";
        else
            proto_tree_add_float(tree, hf, at, off, len, (float)d);
        break;
    case V_BOOL:
        if (strcmp(text, "true") == 0 || strcmp(text, "1") == 0)
            proto_tree_add_boolean(tree, hf, at, off, len, TRUE);
        else if (strcmp(text, "false") == 0 || strcmp(text, "0") == 0)
            proto_tree_add_boolean(tree, hf, at, off, len, FALSE);
        else
            want = "true or false";
        break;
    default:
        proto_tree_add_string(tree, hf, at, off, len, text);
        break;
    }
    if (want != NULL) {
        proto_item *pi = proto_tree_add_string_format_value(tree, hf_qoe_invalid_value, at, off, len, text,
                                                            "%s \"%s\"", what,
                                                            msocs_xml_short_text(ctx->w.pinfo, text, 64));
        expert_add_info_format(ctx->w.pinfo, pi, &ei_qoe_bad_value, "%s is not %s: \"%s\"", what, want,
                               msocs_xml_short_text(ctx->w.pinfo, text, 64));
        return;
    }
    note_value(ctx, role, text, i);
}

/* Elements the tables do not name: kept by name and value, nested ones too. */
static const msocs_xml_other_fmt other_fmt = { &hf_qoe_element, &ett_qoe_group, 80, TRUE };

static void
walk_other(walk_ctx *ctx, proto_tree *tree, xml_frame_t *frame, guint depth)
{
    msocs_xml_walk_other(&ctx->w, tree, frame, depth, &other_fmt, NULL);
}

static void
walk_attrs(walk_ctx *ctx, proto_tree *tree, proto_item *item, xml_frame_t *frame, const qoe_elem *e)
{
    for (xml_frame_t *a = frame->first_child; a != NULL; a = a->next_sibling) {
        const char *name;
        guint i;

        if (a->type != XML_FRAME_ATTRIB)
            continue;
        name = local_name(a);
        if (a->name_orig_case && g_str_has_prefix(a->name_orig_case, "xmlns"))
            continue; /* namespace declarations carry nothing for us */
        for (i = 0; i < e->n_attrs; i++)
            if (strcmp(name, e->attrs[i].name) == 0)
                break;
        if (i < e->n_attrs) {
            add_value(ctx, tree, *e->attrs[i].hf, e->attrs[i].kind, e->attrs[i].role, e->attrs[i].name,
                      a->value, 0, 0);
        } else {
            gint off, len;
            const char *v = value_text(ctx, tree, a->value, &off, &len);
            proto_tree_add_string_format_value(tree, hf_qoe_element, a->value, off, len, name, "%s=\"%s\"",
                                               msocs_xml_short_text(ctx->w.pinfo, name, 64),
                                               msocs_xml_short_text(ctx->w.pinfo, v, 80));
        }
    }
    if (e->attrs == dialog_attrs && ctx->call_id == NULL)
        expert_add_info_format(ctx->w.pinfo, item, &ei_qoe_missing, "Required attribute CallId missing from <%s>",
                               e->name);
}

static void elem_enter(walk_ctx *ctx, const qoe_elem *e);
static void elem_leave(walk_ctx *ctx, const qoe_elem *e, proto_tree *tree, proto_item *item);

static void
walk_elem(walk_ctx *ctx, proto_tree *tree, xml_frame_t *frame, const qoe_elem *e, guint depth)
{
    proto_item *item;
    proto_tree *sub;
    gint off, len;

    if (!msocs_xml_count_element(&ctx->w, tree, depth))
        return;
    msocs_xml_frame_span(ctx->w.tvb, ctx->w.same_tvb, frame, &off, &len);
    if (e->kind != V_NONE) {
        xml_frame_t *cdata = xml_get_cdata(frame);
        add_value(ctx, tree, *e->hf, e->kind, e->role, e->name, cdata ? cdata->value : NULL, off, len);
        for (xml_frame_t *c = frame->first_child; c != NULL; c = c->next_sibling)
            if (c->type == XML_FRAME_TAG)
                walk_other(ctx, tree, c, depth + 1);
        return;
    }
    if (e->hf != NULL)
        item = proto_tree_add_item(tree, *e->hf, ctx->w.tvb, off, len, ENC_NA);
    else
        item = proto_tree_add_string_format(tree, hf_qoe_group, ctx->w.tvb, off, len, e->name, "%s", e->name);
    sub = proto_item_add_subtree(item, e->role == R_MEDIA_LINE ? ett_qoe_media_line
                                       : (e->role == R_INBOUND || e->role == R_OUTBOUND) ? ett_qoe_stream
                                       : e->role == R_SESSION ? ett_qoe_report : ett_qoe_group);
    elem_enter(ctx, e);
    if (e->role == R_INBOUND || e->role == R_OUTBOUND)
        proto_item_set_generated(proto_tree_add_string(sub, hf_qoe_st_direction, ctx->w.tvb, 0, 0, ctx->direction));
    walk_attrs(ctx, sub, item, frame, e);
    for (xml_frame_t *c = frame->first_child; c != NULL && !ctx->w.cap_reported; c = c->next_sibling) {
        const char *name;
        guint i;

        if (c->type == XML_FRAME_DTD_DOCTYPE)
            expert_add_info(ctx->w.pinfo, item, &ei_qoe_doctype);
        if (c->type != XML_FRAME_TAG)
            continue;
        name = local_name(c);
        for (i = 0; i < e->n_children; i++)
            if (strcmp(name, e->children[i].name) == 0)
                break;
        if (i < e->n_children)
            walk_elem(ctx, sub, c, &e->children[i], depth + 1);
        else
            walk_other(ctx, sub, c, depth + 1);
    }
    elem_leave(ctx, e, sub, item);
}

static void
elem_enter(walk_ctx *ctx, const qoe_elem *e)
{
    switch (e->role) {
    case R_SESSION:
        ctx->n_sessions++;
        break;
    case R_MEDIA_LINE:
        ctx->label = ctx->transport = ctx->ice = ctx->relay_ip = NULL;
        break;
    case R_INBOUND:
    case R_OUTBOUND:
        ctx->in_stream = TRUE;
        ctx->direction = e->role == R_INBOUND ? "inbound" : "outbound";
        ctx->codec = NULL;
        qoe_metrics_init(&ctx->m);
        break;
    default:
        break;
    }
}

/* The end of a stream: the classification and what the statistic keeps. */
static void
stream_done(walk_ctx *ctx, proto_tree *tree, proto_item *item)
{
    const char *label = ctx->label ? ctx->label : "?";
    gboolean audio = ctx->label != NULL && strcmp(ctx->label, "main-audio") == 0;
    guint n_bad = 0;
    proto_item *pi;

    proto_item_append_text(item, ": %s %s", msocs_xml_short_text(ctx->w.pinfo, label, 32), ctx->direction);
    if (ctx->codec != NULL)
        proto_item_append_text(item, ", %s", msocs_xml_short_text(ctx->w.pinfo, ctx->codec, 32));
    if (audio) {
        GString *reason = g_string_new(NULL);
        n_bad = qoe_classify_audio(&ctx->m, reason);
        pi = proto_tree_add_boolean(tree, hf_qoe_st_poor, ctx->w.tvb, 0, 0, n_bad > 0);
        proto_item_set_generated(pi);
        if (n_bad > 0) {
            const char *what = wmem_strdup_printf(ctx->w.pinfo->pool, "%s %s",
                                                    msocs_xml_short_text(ctx->w.pinfo, label, 32), ctx->direction);
            const char *text = wmem_strdup_printf(ctx->w.pinfo->pool, "%s: %s", what, reason->str);
            pi = proto_tree_add_string(tree, hf_qoe_poor_reason, ctx->w.tvb, 0, 0, text);
            proto_item_set_generated(pi);
            expert_add_info_format(ctx->w.pinfo, pi, &ei_qoe_poor, "Poor audio stream (Call Quality Dashboard "
                                   "thresholds): %s", text);
            proto_item_append_text(item, " [poor]");
            if (ctx->n_poor++ == 0) {
                ctx->first_poor_stream = what;
                ctx->first_poor_reason = text;
            }
        }
        g_string_free(reason, TRUE);
    }
    if (ctx->n_streams < QOE_MAX_STREAMS) {
        qoe_tap_stream *s = &ctx->tap->streams[ctx->n_streams];
        s->codec = ctx->codec;
        s->transport = ctx->transport;
        s->audio = audio;
        s->poor = n_bad > 0;
        s->m = ctx->m;
    }
    ctx->n_streams++;
    ctx->in_stream = FALSE;
}

static void
elem_leave(walk_ctx *ctx, const qoe_elem *e, proto_tree *tree, proto_item *item)
{
    switch (e->role) {
    case R_MEDIA_LINE:
        if (ctx->label != NULL)
            proto_item_append_text(item, ": %s", msocs_xml_short_text(ctx->w.pinfo, ctx->label, 32));
        if (ctx->ice != NULL)
            proto_item_append_text(item, ", ICE %s", msocs_xml_short_text(ctx->w.pinfo, ctx->ice, 16));
        if (ctx->relay_ip != NULL)
            proto_item_append_text(item, " via %s", msocs_xml_short_text(ctx->w.pinfo, ctx->relay_ip, 48));
        if (ctx->label == NULL && !ctx->w.cap_reported)
            expert_add_info_format(ctx->w.pinfo, item, &ei_qoe_missing, "Required attribute Label missing from "
                                   "<MediaLine>");
        break;
    case R_INBOUND:
    case R_OUTBOUND:
        stream_done(ctx, tree, item);
        break;
    default:
        break;
    }
}

/* ---- dissection ------------------------------------------------------------- */

const qoe_summary *
qoe_frame_summary(packet_info *pinfo)
{
    return (const qoe_summary *)p_get_proto_data(pinfo->pool, pinfo, proto_qoe, QOE_SUMMARY_KEY);
}

static void
add_summary(walk_ctx *ctx, guint32 invite_frame)
{
    packet_info *pinfo = ctx->w.pinfo;
    qoe_summary *s = wmem_new0(pinfo->pool, qoe_summary), *head;

    s->call_id = ctx->call_id ? ctx->call_id : "";
    s->stream = ctx->first_poor_stream;
    s->reason = ctx->first_poor_reason;
    s->n_poor = ctx->n_poor;
    s->invite_frame = invite_frame;
    head = (qoe_summary *)p_get_proto_data(pinfo->pool, pinfo, proto_qoe, QOE_SUMMARY_KEY);
    if (head == NULL) {
        p_add_proto_data(pinfo->pool, pinfo, proto_qoe, QOE_SUMMARY_KEY, s);
        return;
    }
    while (head->next != NULL)
        head = head->next;
    head->next = s;
}

static void
report_results(walk_ctx *ctx, proto_tree *qt, proto_item *top)
{
    packet_info *pinfo = ctx->w.pinfo;
    guint32 invite = 0;
    proto_item *pi;

    if (ctx->call_id != NULL)
        invite = qoe_invite_frame(ctx->call_id);
    if (invite != 0 && invite != pinfo->num) {
        pi = proto_tree_add_uint(qt, hf_qoe_invite_frame, ctx->w.tvb, 0, 0, invite);
        proto_item_set_generated(pi);
    } else {
        invite = 0;
    }
    if (ctx->n_poor > 0) {
        pi = proto_tree_add_boolean(qt, hf_qoe_poor, ctx->w.tvb, 0, 0, TRUE);
        proto_item_set_generated(pi);
        pi = proto_tree_add_uint(qt, hf_qoe_poor_streams, ctx->w.tvb, 0, 0, ctx->n_poor);
        proto_item_set_generated(pi);
        add_summary(ctx, invite);
    }
    proto_item_append_text(top, ", Call-ID %s, %u stream%s%s",
                           ctx->call_id ? msocs_xml_short_text(pinfo, ctx->call_id, 64) : "?", ctx->n_streams,
                           plurality(ctx->n_streams, "", "s"), ctx->n_poor ? " (poor)" : "");
    if (ctx->tap->has_rating)
        col_append_fstr(pinfo->cinfo, COL_INFO, " QoE feedback %s: rating %d", ctx->call_id ?
                        msocs_xml_short_text(pinfo, ctx->call_id, 48) : "?", ctx->tap->rating);
    else
        col_append_fstr(pinfo->cinfo, COL_INFO, " QoE %s: %u stream%s", ctx->call_id ?
                        msocs_xml_short_text(pinfo, ctx->call_id, 48) : "?", ctx->n_streams,
                        plurality(ctx->n_streams, "", "s"));
    if (ctx->n_poor > 0)
        col_append_fstr(pinfo->cinfo, COL_INFO, ", %u poor", ctx->n_poor);
}

static const msocs_xml_limits walk_limits = {
    QOE_MAX_ELEMENTS, QOE_MAX_DEPTH, QOE_MAX_VALUE_LEN, &ei_qoe_element_cap, &ei_qoe_depth, &ei_qoe_value_too_long
};

static int
dissect_qoe(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    proto_item *top;
    proto_tree *qt;
    xml_frame_t *xroot, *el = NULL;
    const qoe_elem *root_desc = NULL;
    walk_ctx *ctx = wmem_new0(pinfo->pool, walk_ctx);

    top = proto_tree_add_item(tree, proto_qoe, tvb, 0, -1, ENC_NA);
    qt = proto_item_add_subtree(top, ett_qoe);
    xroot = msocs_xml_parse(tvb, pinfo, tree, tree, &ei_qoe_depth);

    msocs_xml_walk_init(&ctx->w, tvb, pinfo, &walk_limits);
    ctx->tap = wmem_new0(pinfo->pool, qoe_tap_info);
    ctx->tap->streams = wmem_alloc0_array(pinfo->pool, qoe_tap_stream, QOE_MAX_STREAMS);

    if (xroot == NULL) {
        proto_tree_add_expert_format(qt, pinfo, &ei_qoe_malformed_xml, tvb, 0, -1,
                                     "QoE body could not be parsed as XML");
        return tvb_captured_length(tvb);
    }
    for (xml_frame_t *c = xroot->first_child; c != NULL; c = c->next_sibling) {
        if (c->type == XML_FRAME_DTD_DOCTYPE)
            expert_add_info(pinfo, top, &ei_qoe_doctype);
        if (c->type == XML_FRAME_TAG && el == NULL)
            el = c;
    }
    if (el == NULL) {
        proto_tree_add_expert_format(qt, pinfo, &ei_qoe_malformed_xml, tvb, 0, -1, "QoE body holds no XML element");
        return tvb_captured_length(tvb);
    }
    for (guint i = 0; i < G_N_ELEMENTS(roots); i++)
        if (strcmp(local_name(el), roots[i].name) == 0)
            root_desc = &roots[i];
    if (root_desc == NULL) {
        proto_item *pi = proto_tree_add_string(qt, hf_qoe_kind, tvb, 0, 0, local_name(el));
        expert_add_info_format(pinfo, pi, &ei_qoe_not_qoe, "Root element <%s> is neither VQReportEvent nor "
                               "CallQualityFeedbackReport (the QoE agent answers 606)",
                               msocs_xml_short_text(pinfo, local_name(el), 64));
        walk_other(ctx, qt, el, 0);
        return tvb_captured_length(tvb);
    }
    proto_item_set_generated(proto_tree_add_string(qt, hf_qoe_kind, tvb, 0, 0, root_desc->name));
    proto_item_append_text(top, ": %s", root_desc->name);
    walk_elem(ctx, qt, el, root_desc, 0);
    if (root_desc == &roots[0] && ctx->n_sessions == 0 && !ctx->w.cap_reported)
        expert_add_info_format(pinfo, top, &ei_qoe_missing, "VQReportEvent holds no VQSessionReport or "
                               "VQSessionIntervalReport");
    report_results(ctx, qt, top);
    ctx->tap->n_reports = 1;
    ctx->tap->n_streams = ctx->n_streams;
    if (have_tap_listener(qoe_tap))
        tap_queue_packet(qoe_tap, pinfo, ctx->tap);
    return tvb_captured_length(tvb);
}

#define CQD_SOURCE "Microsoft, \"Stream Classification in Call Quality Dashboard (CQD)\", Audio Classifier " \
                   "(learn.microsoft.com/microsoftteams/stream-classification-in-call-quality-dashboard)"
#define STRF(var, name, abbrev, blurb) \
    { &var, { name, abbrev, FT_STRING, BASE_NONE, NULL, 0x0, blurb, HFILL } }
#define UINTF(var, name, abbrev, units, blurb) \
    { &var, { name, abbrev, FT_UINT32, BASE_DEC|BASE_UNIT_STRING, units, 0x0, blurb, HFILL } }
#define FLOATF(var, name, abbrev, blurb) \
    { &var, { name, abbrev, FT_FLOAT, BASE_NONE, NULL, 0x0, blurb, HFILL } }
#define MOSF(var, name, abbrev, blurb) \
    { &var, { name, abbrev, FT_FLOAT, BASE_NONE|BASE_UNIT_STRING, &units_mos, 0x0, blurb, HFILL } }
#define NONEF(var, name, abbrev, blurb) \
    { &var, { name, abbrev, FT_NONE, BASE_NONE, NULL, 0x0, blurb, HFILL } }
#define BOOLF(var, name, abbrev, blurb) \
    { &var, { name, abbrev, FT_BOOLEAN, BASE_NONE, NULL, 0x0, blurb, HFILL } }

void
proto_register_qoe(void)
{
    static hf_register_info hf[] = {
        STRF(hf_qoe_kind, "Body", "qoe.kind", "Root element: VQReportEvent or CallQualityFeedbackReport"),
        STRF(hf_qoe_version, "Version", "qoe.version", "VQReportEvent Version"),
        STRF(hf_qoe_schema_version, "Schema version", "qoe.schema_version", "VQReportEvent v2:SchemaVersion"),
        NONEF(hf_qoe_session, "Session report", "qoe.session_report", "VQSessionReport: quality of a whole SIP dialog"),
        NONEF(hf_qoe_interval, "Session interval report", "qoe.interval_report",
              "VQSessionIntervalReport: quality of part of a SIP dialog"),
        STRF(hf_qoe_session_id, "Session ID", "qoe.session_id", "SessionId of the session report"),
        STRF(hf_qoe_location_profile, "Location profile", "qoe.location_profile", "LocationProfile"),
        STRF(hf_qoe_pool, "Pool", "qoe.pool", "Pool the report went to"),
        STRF(hf_qoe_endpoint, "Endpoint", "qoe.endpoint", "Endpoint Name: the reporting machine"),
        STRF(hf_qoe_group, "Element", "qoe.group", "A grouping element of the schema (Network, Payload, ...)"),
        STRF(hf_qoe_element, "Other element", "qoe.element",
             "Element or attribute the walk does not decode into a field of its own, kept with its value"),
        STRF(hf_qoe_invalid_value, "Invalid value", "qoe.invalid_value",
             "Text of a value that does not have the type the schema requires"),
        BOOLF(hf_qoe_poor, "Poor", "qoe.poor", "Present (true) on a report with at least one poor audio stream by "
              "the thresholds of " CQD_SOURCE ": DegradationAvg > 1.0, RoundTrip > 500 ms, PacketLossRate > 0.1, "
              "JitterInterArrival > 30 ms or RatioConcealedSamplesAvg > 0.07"),
        STRF(hf_qoe_poor_reason, "Poor reason", "qoe.poor_reason", "One per poor stream: media line label, direction "
             "and each metric above its threshold, the value as the report wrote it (\"main-audio inbound: "
             "PacketLossRate 0.15 > 0.1\")"),
        { &hf_qoe_poor_streams, { "Poor streams", "qoe.poor_streams", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Number of poor audio streams in the report", HFILL } },
        { &hf_qoe_invite_frame, { "INVITE in", "qoe.invite_frame", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_NONE), 0x0, "First INVITE of the report's Call-ID in this capture", HFILL } },
        STRF(hf_qoe_call_id, "Call-ID", "qoe.call_id", "DialogInfo CallId: the SIP Call-ID of the reported call"),
        STRF(hf_qoe_from_tag, "From tag", "qoe.from_tag", "DialogInfo FromTag"),
        STRF(hf_qoe_to_tag, "To tag", "qoe.to_tag", "DialogInfo ToTag"),
        STRF(hf_qoe_start, "Start", "qoe.start", "DialogInfo Start (xs:dateTime, as written)"),
        STRF(hf_qoe_end, "End", "qoe.end", "DialogInfo End (xs:dateTime, as written)"),
        STRF(hf_qoe_from_uri, "From URI", "qoe.from_uri", "FromURI"),
        STRF(hf_qoe_to_uri, "To URI", "qoe.to_uri", "ToURI"),
        BOOLF(hf_qoe_caller, "Caller", "qoe.caller", "Caller: the reporting endpoint placed the call"),
        STRF(hf_qoe_local_contact, "Local contact URI", "qoe.local_contact_uri", "LocalContactURI"),
        STRF(hf_qoe_remote_contact, "Remote contact URI", "qoe.remote_contact_uri", "RemoteContactURI"),
        STRF(hf_qoe_local_ua, "Local user agent", "qoe.local_user_agent", "LocalUserAgent"),
        STRF(hf_qoe_remote_ua, "Remote user agent", "qoe.remote_user_agent", "RemoteUserAgent"),
        STRF(hf_qoe_local_pai, "Local PAI", "qoe.local_pai", "LocalPAI (P-Asserted-Identity)"),
        STRF(hf_qoe_remote_pai, "Remote PAI", "qoe.remote_pai", "RemotePAI"),
        STRF(hf_qoe_conf_uri, "Conference URI", "qoe.conf_uri", "ConfURI"),
        STRF(hf_qoe_dialog_category, "Dialog category", "qoe.dialog_category", "DialogCategory"),
        STRF(hf_qoe_correlation_id, "Correlation ID", "qoe.correlation_id", "CorrelationID"),
        NONEF(hf_qoe_media_line, "Media line", "qoe.media_line", "MediaLine: one m-line of the call"),
        STRF(hf_qoe_ml_label, "Label", "qoe.media_line.label", "MediaLine Label (main-audio, main-video, ...)"),
        STRF(hf_qoe_ml_ice, "ICE result", "qoe.media_line.ice", "Connectivity Ice: DIRECT, RELAY, HTTP-PROXY or FAILED"),
        { &hf_qoe_ml_ice_flags, { "ICE warning flags", "qoe.media_line.ice_warning_flags", FT_UINT32, BASE_HEX,
            NULL, 0x0, "Connectivity IceWarningFlags", HFILL } },
        STRF(hf_qoe_ml_relay_ip, "Relay address", "qoe.media_line.relay_address",
             "Connectivity RelayAddress IPAddr: the A/V Edge relay used"),
        UINTF(hf_qoe_ml_relay_port, "Relay port", "qoe.media_line.relay_port", NULL, "Connectivity RelayAddress Port"),
        STRF(hf_qoe_ml_security, "Security", "qoe.media_line.security", "Security"),
        BOOLF(hf_qoe_ml_offerer, "Offerer", "qoe.media_line.offerer", "Offerer"),
        STRF(hf_qoe_ml_transport, "Transport", "qoe.media_line.transport", "Transport (UDP or TCP)"),
        STRF(hf_qoe_ml_local_ip, "Local address", "qoe.media_line.local_address", "LocalAddr IPAddr"),
        UINTF(hf_qoe_ml_local_port, "Local port", "qoe.media_line.local_port", NULL, "LocalAddr Port"),
        STRF(hf_qoe_ml_remote_ip, "Remote address", "qoe.media_line.remote_address", "RemoteAddr IPAddr"),
        UINTF(hf_qoe_ml_remote_port, "Remote port", "qoe.media_line.remote_port", NULL, "RemoteAddr Port"),
        NONEF(hf_qoe_stream, "Stream", "qoe.stream", "InboundStream or OutboundStream"),
        STRF(hf_qoe_st_direction, "Direction", "qoe.stream.direction", "inbound or outbound (the element name)"),
        UINTF(hf_qoe_st_payload_type, "Payload type", "qoe.stream.payload_type", NULL, "Payload PayloadType"),
        STRF(hf_qoe_st_codec, "Codec", "qoe.stream.codec", "Payload PayloadDescription"),
        UINTF(hf_qoe_st_sample_rate, "Sample rate", "qoe.stream.sample_rate", &units_samples_per_second,
              "Payload Audio SampleRate"),
        UINTF(hf_qoe_st_jitter, "Jitter", "qoe.stream.jitter_inter_arrival", &units_milliseconds,
              "Network Jitter InterArrival: average inter-arrival jitter (RFC 3550)"),
        UINTF(hf_qoe_st_jitter_max, "Jitter max", "qoe.stream.jitter_inter_arrival_max", &units_milliseconds,
              "Network Jitter InterArrivalMax"),
        FLOATF(hf_qoe_st_plr, "Packet loss rate", "qoe.stream.packet_loss_rate",
               "Network PacketLoss LossRate: average fraction lost (0.1 = 10%)"),
        FLOATF(hf_qoe_st_plr_max, "Packet loss rate max", "qoe.stream.packet_loss_rate_max",
               "Network PacketLoss LossRateMax (fraction)"),
        FLOATF(hf_qoe_st_burst_density, "Burst density", "qoe.stream.burst_density",
               "BurstGapLoss BurstDensity: fraction lost within bursts"),
        UINTF(hf_qoe_st_burst_duration, "Burst duration", "qoe.stream.burst_duration", &units_milliseconds,
              "BurstGapLoss BurstDuration"),
        FLOATF(hf_qoe_st_gap_density, "Gap density", "qoe.stream.gap_density",
               "BurstGapLoss GapDensity: fraction lost between bursts"),
        UINTF(hf_qoe_st_gap_duration, "Gap duration", "qoe.stream.gap_duration", &units_milliseconds,
              "BurstGapLoss GapDuration"),
        UINTF(hf_qoe_st_round_trip, "Round trip", "qoe.stream.round_trip", &units_milliseconds,
              "Network Delay RoundTrip: average round trip time"),
        UINTF(hf_qoe_st_round_trip_max, "Round trip max", "qoe.stream.round_trip_max", &units_milliseconds,
              "Network Delay RoundTripMax"),
        UINTF(hf_qoe_st_packets, "Packets", "qoe.stream.packets", NULL, "Network Utilization Packets: RTP packets"),
        UINTF(hf_qoe_st_bandwidth, "Bandwidth estimate", "qoe.stream.bandwidth_est", &units_bit_sec,
              "Network Utilization BandwidthEst"),
        FLOATF(hf_qoe_st_concealed, "Concealed samples ratio", "qoe.stream.ratio_concealed_samples_avg",
               "Network v2:RatioConcealedSamplesAvg: fraction of audio frames with concealed samples"),
        FLOATF(hf_qoe_st_stretched, "Stretched samples ratio", "qoe.stream.ratio_stretched_samples_avg",
               "Network v2:RatioStretchedSamplesAvg (fraction)"),
        FLOATF(hf_qoe_st_compressed, "Compressed samples ratio", "qoe.stream.ratio_compressed_samples_avg",
               "Network v2:RatioCompressedSamplesAvg (fraction)"),
        MOSF(hf_qoe_st_recv_mos, "Receive listen MOS", "qoe.stream.recv_listen_mos",
             "QualityEstimates Audio RecvListenMOS"),
        MOSF(hf_qoe_st_recv_mos_min, "Receive listen MOS min", "qoe.stream.recv_listen_mos_min",
             "QualityEstimates Audio RecvListenMOSMin"),
        MOSF(hf_qoe_st_send_mos, "Send listen MOS", "qoe.stream.send_listen_mos",
             "QualityEstimates Audio SendListenMOS"),
        MOSF(hf_qoe_st_send_mos_min, "Send listen MOS min", "qoe.stream.send_listen_mos_min",
             "QualityEstimates Audio SendListenMOSMin"),
        MOSF(hf_qoe_st_network_mos, "Network MOS", "qoe.stream.network_mos",
             "NetworkMOS OverallAvg (OverallAvgNetworkMOS)"),
        MOSF(hf_qoe_st_network_mos_min, "Network MOS min", "qoe.stream.network_mos_min", "NetworkMOS OverallMin"),
        MOSF(hf_qoe_st_degradation, "Degradation", "qoe.stream.degradation_avg",
             "NetworkMOS DegradationAvg: MOS lost to network loss and jitter"),
        MOSF(hf_qoe_st_degradation_max, "Degradation max", "qoe.stream.degradation_max", "NetworkMOS DegradationMax"),
        FLOATF(hf_qoe_st_degradation_jitter, "Degradation by jitter", "qoe.stream.degradation_jitter_avg",
               "NetworkMOS DegradationJitterAvg (fraction of DegradationAvg)"),
        FLOATF(hf_qoe_st_degradation_loss, "Degradation by loss", "qoe.stream.degradation_packet_loss_avg",
               "NetworkMOS DegradationPacketLossAvg (fraction of DegradationAvg)"),
        BOOLF(hf_qoe_st_poor, "Poor", "qoe.stream.poor", "This audio stream crosses a Call Quality Dashboard "
              "threshold (see qoe.poor)"),
        NONEF(hf_qoe_cqf, "Call quality feedback", "qoe.cqf", "CallQualityFeedbackReport (application/ms-cqf+xml)"),
        STRF(hf_qoe_cqf_user, "Reporting user", "qoe.cqf.reporting_user_uri", "ReportingUserURI"),
        { &hf_qoe_cqf_rating, { "Rating", "qoe.cqf.rating", FT_INT32, BASE_DEC, NULL, 0x0,
            "Rating the user gave the call", HFILL } },
    };
    static gint *ett[] = { &ett_qoe, &ett_qoe_report, &ett_qoe_media_line, &ett_qoe_stream, &ett_qoe_group };
    static ei_register_info ei[] = {
        { &ei_qoe_poor, { "qoe.expert.poor_stream", PI_PROTOCOL, PI_WARN,
            "Poor audio stream (Call Quality Dashboard thresholds)", EXPFILL } },
        { &ei_qoe_malformed_xml, { "qoe.expert.malformed_xml", PI_MALFORMED, PI_ERROR, "Malformed XML body", EXPFILL } },
        { &ei_qoe_bad_value, { "qoe.expert.bad_value", PI_PROTOCOL, PI_WARN,
            "Value does not have the type the schema requires", EXPFILL } },
        { &ei_qoe_missing, { "qoe.expert.missing", PI_PROTOCOL, PI_WARN, "Required element or attribute missing",
            EXPFILL } },
        { &ei_qoe_depth, { "qoe.expert.too_deep", PI_MALFORMED, PI_WARN, "Elements nested too deep", EXPFILL } },
        { &ei_qoe_element_cap, { "qoe.expert.too_many_elements", PI_UNDECODED, PI_WARN, "Too many elements",
            EXPFILL } },
        { &ei_qoe_value_too_long, { "qoe.expert.value_too_long", PI_UNDECODED, PI_WARN, "Value too long", EXPFILL } },
        { &ei_qoe_doctype, { "qoe.expert.doctype", PI_SECURITY, PI_NOTE,
            "DOCTYPE declaration in the body: entities are not expanded", EXPFILL } },
        { &ei_qoe_not_qoe, { "qoe.expert.not_qoe", PI_PROTOCOL, PI_WARN, "Body is not a QoE report", EXPFILL } },
    };
    expert_module_t *expert;

    proto_qoe = proto_register_protocol("Quality of Experience reports (MS-QoE)", "QoE", "qoe");
    proto_register_field_array(proto_qoe, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert = expert_register_protocol(proto_qoe);
    expert_register_field_array(expert, ei, array_length(ei));
    qoe_invites_register();
    qoe_tap = register_tap("qoe");
}

void
proto_reg_handoff_qoe(void)
{
    dissector_handle_t h = create_dissector_handle(dissect_qoe, proto_qoe);

    find_dissector_add_dependency("xml", proto_qoe);
    dissector_add_string("media_type", "application/vq-rtcpxr+xml", h);
    dissector_add_string("media_type", "application/vq-rtcpxr", h);
    dissector_add_string("media_type", "application/ms-cqf+xml", h);
    qoe_stats_register();
}
