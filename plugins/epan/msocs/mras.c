/* mras: Media Relay Authentication Service bodies ([MS-AVEDGEA]) carried in SIP
 * SERVICE requests and their 200 OK answers (application/msrtc-media-relay-auth+xml),
 * plus the in-band provisioning body that tells a client its MRAS URI
 * (application/vnd-microsoft-roaming-provisioning-v2+xml, ServerConfiguration/mrasUri).
 *
 * SIP hands us the body through its "media_type" table. Wireshark's xml
 * dissector parses it; we walk the xml_frame_t tree it leaves in the packet
 * data against the schema tables of mras-walk.c (element/attribute descriptors in the
 * packet-xmpp style), so the parsing stays Wireshark's and the schema is data.
 * Credentials from each credentialsResponse go into the per-capture store
 * (mras-store.h) where the MS-TURN dissector finds them. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/exceptions.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/dissectors/packet-xml.h>
#include <epan/unit_strings.h>

#include <string.h>

#include "mras-int.h"

#define MRAS_CONTENT_TYPE  "application/msrtc-media-relay-auth+xml"
#define PROV_CONTENT_TYPE  "application/vnd-microsoft-roaming-provisioning-v2+xml"

static const value_string mras_type_vals[] = {
    { MRAS_TYPE_REQUEST,      "Request" },
    { MRAS_TYPE_RESPONSE,     "Response" },
    { MRAS_TYPE_PROVISIONING, "Provisioning" },
    { 0, NULL }
};

int proto_mras = -1;

int hf_mras_type = -1;
int hf_mras_request = -1;
int hf_mras_response = -1;
int hf_mras_request_id = -1;
int hf_mras_version = -1;
int hf_mras_server_version = -1;
int hf_mras_to = -1;
int hf_mras_from = -1;
int hf_mras_route = -1;
int hf_mras_reason_phrase = -1;
int hf_mras_credentials_request = -1;
int hf_mras_credentials_request_id = -1;
int hf_mras_identity = -1;
int hf_mras_location = -1;
int hf_mras_duration = -1;
int hf_mras_credentials_response = -1;
int hf_mras_credentials = -1;
int hf_mras_username = -1;
int hf_mras_username_len = -1;
int hf_mras_password = -1;
int hf_mras_realm = -1;
int hf_mras_relay_list = -1;
int hf_mras_relay = -1;
int hf_mras_relay_location = -1;
int hf_mras_relay_host = -1;
int hf_mras_relay_ip = -1;
int hf_mras_relay_udp_port = -1;
int hf_mras_relay_tcp_port = -1;
int hf_mras_relay_count = -1;
int hf_mras_response_in = -1;
int hf_mras_response_to = -1;
int hf_mras_time = -1;
int hf_mras_unknown_element = -1;
int hf_mras_unknown_attribute = -1;
int hf_mras_invalid_value = -1;
int hf_mras_namespace = -1;
int hf_mras_provisioning = -1;
int hf_mras_prov_group = -1;
int hf_mras_prov_requested_group = -1;
int hf_mras_uri = -1;
int hf_mras_uri_present = -1;
int hf_mras_prov_port_range = -1;
int hf_mras_prov_min_port = -1;
int hf_mras_prov_max_port = -1;
int hf_mras_prov_encryption = -1;
int hf_mras_prov_video_rate = -1;
int hf_mras_prov_qos = -1;

static gint ett_mras = -1;
gint ett_mras_request = -1;
gint ett_mras_response = -1;
gint ett_mras_cred_request = -1;
gint ett_mras_cred_response = -1;
gint ett_mras_credentials = -1;
gint ett_mras_relay_list = -1;
gint ett_mras_relay = -1;
gint ett_mras_unknown = -1;
gint ett_mras_provisioning = -1;
gint ett_mras_prov_group = -1;

expert_field ei_mras_reason = EI_INIT;
expert_field ei_mras_missing = EI_INIT;
expert_field ei_mras_duration_zero = EI_INIT;
expert_field ei_mras_no_relays = EI_INIT;
expert_field ei_mras_port_range = EI_INIT;
expert_field ei_mras_malformed_xml = EI_INIT;
expert_field ei_mras_bad_value = EI_INIT;
expert_field ei_mras_unknown_element = EI_INIT;
expert_field ei_mras_unknown_attribute = EI_INIT;
expert_field ei_mras_namespace = EI_INIT;
expert_field ei_mras_too_many = EI_INIT;
expert_field ei_mras_depth = EI_INIT;
expert_field ei_mras_element_cap = EI_INIT;
expert_field ei_mras_value_too_long = EI_INIT;
expert_field ei_mras_doctype = EI_INIT;
expert_field ei_mras_unanswered = EI_INIT;
expert_field ei_mras_state_full = EI_INIT;
expert_field ei_mras_no_mras_uri = EI_INIT;

msocs_api_bool mras_redact_password = FALSE;

/* Request/response pairing by requestID (the response echoes it). */
typedef struct {
    guint32 req_frame;
    guint32 resp_frame;
    nstime_t req_time;
} mras_trans;

static wmem_map_t *trans_by_id;     /* requestID -> latest mras_trans, file scope */
static wmem_map_t *trans_by_body;   /* (frame, body index) -> mras_trans, file scope */
static guint n_trans;

static void
mras_init(void)
{
    n_trans = 0;
}

/* ---- pairing ---------------------------------------------------------------- */

static mras_trans *
track(walk_ctx *ctx, proto_tree *tree, guint body_index)
{
    packet_info *pinfo = ctx->w.pinfo;
    /* frame and body index both whole: any number of bodies per frame */
    guint64 body_key = ((guint64)pinfo->num << 32) | body_index;
    mras_trans *t;

    if (!PINFO_FD_VISITED(pinfo) && ctx->request_id != NULL) {
        t = (mras_trans *)wmem_map_lookup(trans_by_id, ctx->request_id);
        if (ctx->type == MRAS_TYPE_REQUEST) {
            /* a retransmission joins the open transaction; an answered id starts a new one */
            if (t == NULL || t->resp_frame != 0) {
                if (n_trans >= MRAS_MAX_TRANSACTIONS) {
                    proto_tree_add_expert(tree, pinfo, &ei_mras_state_full, ctx->w.tvb, 0, 0);
                    return NULL;
                }
                t = wmem_new0(wmem_file_scope(), mras_trans);
                t->req_frame = pinfo->num;
                t->req_time = pinfo->abs_ts;
                wmem_map_insert(trans_by_id, wmem_strdup(wmem_file_scope(), ctx->request_id), t);
                n_trans++;
            }
        } else if (t != NULL && t->resp_frame == 0 && t->req_frame < pinfo->num) {
            t->resp_frame = pinfo->num;
        } else if (t != NULL && t->resp_frame != pinfo->num) {
            t = NULL; /* no request seen, or a second answer */
        }
        if (t != NULL)
            wmem_map_insert(trans_by_body, wmem_memdup(wmem_file_scope(), &body_key, sizeof body_key), t);
    }
    return (mras_trans *)wmem_map_lookup(trans_by_body, &body_key);
}

static void
add_pairing(walk_ctx *ctx, proto_tree *tree, proto_item *root_item, const mras_trans *t)
{
    packet_info *pinfo = ctx->w.pinfo;
    proto_item *pi;

    if (ctx->type == MRAS_TYPE_REQUEST) {
        if (t != NULL && t->resp_frame != 0) {
            pi = proto_tree_add_uint(tree, hf_mras_response_in, ctx->w.tvb, 0, 0, t->resp_frame);
            proto_item_set_generated(pi);
        } else if (PINFO_FD_VISITED(pinfo) && t != NULL) {
            /* only known once the whole capture has been seen */
            expert_add_info_format(pinfo, root_item, &ei_mras_unanswered,
                                   "MRAS request %s has no MRAS response in this capture",
                                   msocs_xml_short_text(pinfo, ctx->request_id, 64));
        }
    } else if (t != NULL) {
        nstime_t delta;
        pi = proto_tree_add_uint(tree, hf_mras_response_to, ctx->w.tvb, 0, 0, t->req_frame);
        proto_item_set_generated(pi);
        nstime_delta(&delta, &pinfo->abs_ts, &t->req_time);
        pi = proto_tree_add_time(tree, hf_mras_time, ctx->w.tvb, 0, 0, &delta);
        proto_item_set_generated(pi);
    }
}

/* ---- dissection ------------------------------------------------------------- */

static void
set_info(walk_ctx *ctx)
{
    packet_info *pinfo = ctx->w.pinfo;
    const char *id = ctx->request_id ? msocs_xml_short_text(pinfo, ctx->request_id, 64) : "?";

    if (ctx->type == MRAS_TYPE_REQUEST) {
        col_append_fstr(pinfo->cinfo, COL_INFO, "MRAS request %s", id);
        if (ctx->first_location != NULL && ctx->have_duration)
            col_append_fstr(pinfo->cinfo, COL_INFO, " (%s, %u min)",
                            msocs_xml_short_text(pinfo, ctx->first_location, 16),
                            ctx->first_duration);
        else if (ctx->first_location != NULL)
            col_append_fstr(pinfo->cinfo, COL_INFO, " (%s)",
                            msocs_xml_short_text(pinfo, ctx->first_location, 16));
        else if (ctx->have_duration)
            col_append_fstr(pinfo->cinfo, COL_INFO, " (%u min)", ctx->first_duration);
        if (ctx->n_cred_requests > 1)
            col_append_fstr(pinfo->cinfo, COL_INFO, " +%u more", ctx->n_cred_requests - 1);
    } else if (ctx->type == MRAS_TYPE_RESPONSE) {
        const char *reason = ctx->reason ? msocs_xml_short_text(pinfo, ctx->reason, 40)
                                         : "(no reasonPhrase)";
        col_append_fstr(pinfo->cinfo, COL_INFO, "MRAS response %s", reason);
        if (ctx->n_cred_responses > 0) {
            col_append_fstr(pinfo->cinfo, COL_INFO, ": %u relay%s", ctx->n_relays, plurality(ctx->n_relays, "", "s"));
            if (ctx->first_relay != NULL)
                col_append_fstr(pinfo->cinfo, COL_INFO, " (%s)",
                                msocs_xml_short_text(pinfo, ctx->first_relay, MRAS_INFO_HOST_MAX));
        }
    }
}

/* With redaction on, the items of the body are tied to a copy in which the
 * text of every <password> / <prefix:password> element is '*': PDML and
 * JSON -x print an item's bytes, and the body's and the containers' items
 * span the password. The XML is still parsed from the real bytes, which the
 * credential store needs. A UTF-16 body is not scanned (its items carry no
 * offsets into the body). NULL when nothing was redacted. */
static tvbuff_t *
redacted_copy(tvbuff_t *tvb, packet_info *pinfo)
{
    static const char tag[] = "password>";
    const guint tag_len = sizeof tag - 1;
    guint len = tvb_captured_length(tvb), i = 0;
    guint8 *copy = (guint8 *)tvb_memdup(pinfo->pool, tvb, 0, len);
    gboolean changed = FALSE;
    tvbuff_t *red;

    while (i + tag_len <= len) {
        guint8 before = i > 0 ? copy[i - 1] : 0;
        guint j = i;

        if ((before == '<' || before == ':') && g_ascii_strncasecmp((const char *)copy + i, tag, tag_len) == 0) {
            /* back over a namespace prefix (bounded) to the '<': "</" closes */
            while (j > 0 && i - j < 64 && copy[j - 1] != '<')
                j--;
            if (j > 0 && copy[j - 1] == '<' && copy[j] != '/') {
                for (i += tag_len; i < len && copy[i] != '<'; i++) {
                    copy[i] = '*';
                    changed = TRUE;
                }
                continue;
            }
        }
        i++;
    }
    if (!changed)
        return NULL;
    red = tvb_new_child_real_data(tvb, copy, len, (gint)tvb_reported_length(tvb));
    add_new_data_source(pinfo, red, "MRAS body (password redacted)");
    return red;
}

static const msocs_xml_limits walk_limits = {
    MRAS_MAX_ELEMENTS, MRAS_MAX_DEPTH, MRAS_MAX_VALUE_LEN, &ei_mras_element_cap, &ei_mras_depth,
    &ei_mras_value_too_long
};

static int
dissect_body(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const mras_elem *roots, guint n_roots,
             gboolean provisioning)
{
    proto_item *top, *pi;
    proto_tree *mt;
    xml_frame_t *xroot, *el = NULL;
    const mras_elem *root_desc = NULL;
    walk_ctx *ctx;
    guint *body_count;
    guint body_index;
    guint16 bom;
    tvbuff_t *shown = NULL;

    bom = tvb_captured_length(tvb) >= 2 ? tvb_get_ntohs(tvb, 0) : 0;
    if (mras_redact_password && tree != NULL && bom != 0xFEFF && bom != 0xFFFE)
        shown = redacted_copy(tvb, pinfo);
    top = proto_tree_add_item(tree, proto_mras, shown ? shown : tvb, 0, -1, ENC_NA);
    if (provisioning)
        proto_item_append_text(top, ", in-band provisioning");
    mt = proto_item_add_subtree(top, ett_mras);

    /* bodies in one frame (several SIP messages in a TCP segment) told apart by index */
    body_count = (guint *)p_get_proto_data(pinfo->pool, pinfo, proto_mras, 0);
    if (body_count == NULL) {
        body_count = wmem_new0(pinfo->pool, guint);
        p_add_proto_data(pinfo->pool, pinfo, proto_mras, 0, body_count);
    }
    body_index = (*body_count)++;

    ctx = wmem_new0(pinfo->pool, walk_ctx);
    /* the shown copy has tvb's length and offsets */
    msocs_xml_walk_init(&ctx->w, shown ? shown : tvb, pinfo, &walk_limits);

    /* with redaction on, the raw XML subtree would show the password */
    xroot = tvb_reported_length(tvb) > 0
            ? msocs_xml_parse(tvb, pinfo, mras_redact_password ? NULL : mt, mt, &ei_mras_depth) : NULL;
    if (xroot == NULL) {
        proto_tree_add_expert_format(mt, pinfo, &ei_mras_malformed_xml, ctx->w.tvb, 0, -1,
                                     "%s body could not be parsed as XML", provisioning ? "Provisioning" : "MRAS");
        return tvb_captured_length(tvb);
    }
    for (xml_frame_t *c = xroot->first_child; c != NULL; c = c->next_sibling) {
        if (c->type == XML_FRAME_DTD_DOCTYPE)
            expert_add_info(pinfo, top, &ei_mras_doctype);
        if (c->type == XML_FRAME_TAG && el == NULL)
            el = c;
    }
    if (el == NULL) {
        proto_tree_add_expert_format(mt, pinfo, &ei_mras_malformed_xml, ctx->w.tvb, 0, -1,
                                     "%s body holds no XML element", provisioning ? "Provisioning" : "MRAS");
        return tvb_captured_length(tvb);
    }
    for (guint i = 0; i < n_roots; i++) {
        if (el->name_orig_case && g_ascii_strcasecmp(el->name_orig_case, roots[i].name) == 0) {
            root_desc = &roots[i];
            break;
        }
    }
    if (root_desc == NULL) {
        mras_walk_unknown(ctx, mt, el, 0);
        return tvb_captured_length(tvb);
    }

    ctx->type = provisioning ? MRAS_TYPE_PROVISIONING
                             : root_desc->role == R_REQUEST ? MRAS_TYPE_REQUEST : MRAS_TYPE_RESPONSE;
    pi = proto_tree_add_uint(mt, hf_mras_type, tvb, 0, 0, (guint32)ctx->type);
    proto_item_set_generated(pi);

    mras_walk_elem(ctx, mt, el, root_desc, 0);

    if (ctx->type == MRAS_TYPE_RESPONSE) {
        pi = proto_tree_add_uint(mt, hf_mras_relay_count, tvb, 0, 0, ctx->n_relays);
        proto_item_set_generated(pi);
        if (ctx->reason != NULL && strcmp(ctx->reason, "OK") == 0 && ctx->n_cred_responses == 0)
            expert_add_info_format(pinfo, top, &ei_mras_missing,
                                   "Required element <credentialsResponse> missing from an OK <response>");
    }
    if (ctx->type == MRAS_TYPE_PROVISIONING) {
        if (ctx->first_uri != NULL)
            col_append_fstr(pinfo->cinfo, COL_INFO, "mrasUri %s", msocs_xml_short_text(pinfo, ctx->first_uri, 100));
        else if (ctx->saw_server_config)
            col_append_str(pinfo->cinfo, COL_INFO, "no mrasUri");
    } else {
        mras_trans *t = track(ctx, mt, body_index);
        add_pairing(ctx, mt, top, t);
        set_info(ctx);
    }
    return tvb_captured_length(tvb);
}

static int
dissect_mras(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    return dissect_body(tvb, pinfo, tree, mras_roots, G_N_ELEMENTS(mras_roots), FALSE);
}

static int
dissect_mras_provisioning(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    return dissect_body(tvb, pinfo, tree, prov_roots, G_N_ELEMENTS(prov_roots), TRUE);
}

void
proto_register_mras(void)
{
    static hf_register_info hf[] = {
        { &hf_mras_type, { "Type", "mras.type", FT_UINT8, BASE_DEC, VALS(mras_type_vals), 0x0,
            "Body kind: request, response or in-band provisioning", HFILL } },
        { &hf_mras_request, { "Request", "mras.request", FT_NONE, BASE_NONE, NULL, 0x0,
            "request element", HFILL } },
        { &hf_mras_response, { "Response", "mras.response", FT_NONE, BASE_NONE, NULL, 0x0,
            "response element", HFILL } },
        { &hf_mras_request_id, { "Request ID", "mras.request_id", FT_STRING, BASE_NONE, NULL, 0x0,
            "requestID: echoed by the response", HFILL } },
        { &hf_mras_version, { "Version", "mras.version", FT_STRING, BASE_NONE, NULL, 0x0,
            "Protocol version of the request (1.0 OCS 2007, 2.0 OCS R2/Lync)", HFILL } },
        { &hf_mras_server_version, { "Server version", "mras.server_version", FT_STRING, BASE_NONE, NULL, 0x0,
            "Protocol version of the MRAS server", HFILL } },
        { &hf_mras_to, { "To", "mras.to", FT_STRING, BASE_NONE, NULL, 0x0,
            "MRAS URI the request is addressed to", HFILL } },
        { &hf_mras_from, { "From", "mras.from", FT_STRING, BASE_NONE, NULL, 0x0,
            "URI of the requester", HFILL } },
        { &hf_mras_route, { "Route", "mras.route", FT_STRING, BASE_NONE, NULL, 0x0,
            "route attribute (loadbalanced or directip)", HFILL } },
        { &hf_mras_reason_phrase, { "Reason phrase", "mras.reason_phrase", FT_STRING, BASE_NONE, NULL, 0x0,
            "reasonPhrase: OK or why no credentials were issued", HFILL } },
        { &hf_mras_credentials_request, { "Credentials request", "mras.credentials_request", FT_NONE,
            BASE_NONE, NULL, 0x0, "credentialsRequest element", HFILL } },
        { &hf_mras_credentials_request_id, { "Credentials request ID", "mras.credentials_request_id",
            FT_STRING, BASE_NONE, NULL, 0x0, "credentialsRequestID", HFILL } },
        { &hf_mras_identity, { "Identity", "mras.identity", FT_STRING, BASE_NONE, NULL, 0x0,
            "SIP URI the credentials are for", HFILL } },
        { &hf_mras_location, { "Location", "mras.location", FT_STRING, BASE_NONE, NULL, 0x0,
            "Where the requester is (intranet or internet)", HFILL } },
        { &hf_mras_duration, { "Duration", "mras.duration", FT_UINT32, BASE_DEC|BASE_UNIT_STRING,
            &units_minute_minutes, 0x0, "Credential lifetime in minutes", HFILL } },
        { &hf_mras_credentials_response, { "Credentials response", "mras.credentials_response", FT_NONE,
            BASE_NONE, NULL, 0x0, "credentialsResponse element", HFILL } },
        { &hf_mras_credentials, { "Credentials", "mras.credentials", FT_NONE, BASE_NONE, NULL, 0x0,
            "credentials element", HFILL } },
        { &hf_mras_username, { "Username", "mras.username", FT_STRING, BASE_NONE, NULL, 0x0,
            "TURN username, base64 (MS-TURN carries it decoded)", HFILL } },
        { &hf_mras_username_len, { "Decoded username length", "mras.username.decoded_length", FT_UINT32,
            BASE_DEC, NULL, 0x0, "Length of the base64-decoded username (the MS-TURN USERNAME)", HFILL } },
        { &hf_mras_password, { "Password", "mras.password", FT_STRING, BASE_NONE, NULL, 0x0,
            "TURN password, base64 (see preference mras.redact_password)", HFILL } },
        { &hf_mras_realm, { "Realm", "mras.realm", FT_STRING, BASE_NONE, NULL, 0x0,
            "realm element", HFILL } },
        { &hf_mras_relay_list, { "Media relay list", "mras.relay_list", FT_NONE, BASE_NONE, NULL, 0x0,
            "mediaRelayList element", HFILL } },
        { &hf_mras_relay, { "Media relay", "mras.relay", FT_NONE, BASE_NONE, NULL, 0x0,
            "mediaRelay element", HFILL } },
        { &hf_mras_relay_location, { "Relay location", "mras.relay.location", FT_STRING, BASE_NONE, NULL, 0x0,
            "Side of the Edge the relay serves (intranet or internet)", HFILL } },
        { &hf_mras_relay_host, { "Relay host", "mras.relay.host", FT_STRING, BASE_NONE, NULL, 0x0,
            "hostName of the A/V Edge relay", HFILL } },
        { &hf_mras_relay_ip, { "Relay IP address", "mras.relay.ip", FT_STRING, BASE_NONE, NULL, 0x0,
            "directIPAddress of the relay", HFILL } },
        { &hf_mras_relay_udp_port, { "Relay UDP port", "mras.relay.udp_port", FT_UINT32, BASE_DEC, NULL, 0x0,
            "udpPort (32 bits so that out-of-range values stay visible)", HFILL } },
        { &hf_mras_relay_tcp_port, { "Relay TCP port", "mras.relay.tcp_port", FT_UINT32, BASE_DEC, NULL, 0x0,
            "tcpPort (32 bits so that out-of-range values stay visible)", HFILL } },
        { &hf_mras_relay_count, { "Relay count", "mras.relay_count", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Media relays in the response", HFILL } },
        { &hf_mras_response_in, { "Response in", "mras.response_in", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "Frame of the MRAS response", HFILL } },
        { &hf_mras_response_to, { "Request in", "mras.response_to", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "Frame of the MRAS request this answers", HFILL } },
        { &hf_mras_time, { "Time", "mras.time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time between the MRAS request and its response", HFILL } },
        { &hf_mras_unknown_element, { "Unknown element", "mras.unknown_element", FT_STRING, BASE_NONE, NULL,
            0x0, "Element the schema does not declare", HFILL } },
        { &hf_mras_unknown_attribute, { "Unknown attribute", "mras.unknown_attribute", FT_STRING, BASE_NONE,
            NULL, 0x0, "Attribute the schema does not declare (its name)", HFILL } },
        { &hf_mras_invalid_value, { "Invalid value", "mras.invalid_value", FT_STRING, BASE_NONE, NULL, 0x0,
            "Text of a value that does not have the type the schema requires", HFILL } },
        { &hf_mras_namespace, { "Namespace", "mras.namespace", FT_STRING, BASE_NONE, NULL, 0x0,
            "Default XML namespace of the body", HFILL } },
        { &hf_mras_provisioning, { "Provisioning", "mras.provisioning", FT_NONE, BASE_NONE, NULL, 0x0,
            "provisionGroupList / provisioningGroupList element", HFILL } },
        { &hf_mras_prov_group, { "Provision group", "mras.provisioning.group", FT_STRING, BASE_NONE, NULL, 0x0,
            "provisionGroup name", HFILL } },
        { &hf_mras_prov_requested_group, { "Requested group", "mras.provisioning.requested_group", FT_STRING,
            BASE_NONE, NULL, 0x0, "provisioningGroup name in the SUBSCRIBE", HFILL } },
        { &hf_mras_uri, { "MRAS URI", "mras.uri", FT_STRING, BASE_NONE, NULL, 0x0,
            "ServerConfiguration mrasUri: where clients send MRAS requests", HFILL } },
        { &hf_mras_uri_present, { "MRAS URI present", "mras.provisioning.mras_uri_present", FT_BOOLEAN,
            BASE_NONE, NULL, 0x0, "ServerConfiguration carries a non-empty mrasUri", HFILL } },
        { &hf_mras_prov_port_range, { "Media port range enabled", "mras.provisioning.port_range_enabled",
            FT_BOOLEAN, BASE_NONE, NULL, 0x0, "ucPortRangeEnabled", HFILL } },
        { &hf_mras_prov_min_port, { "Minimum media port", "mras.provisioning.min_media_port", FT_UINT32,
            BASE_DEC, NULL, 0x0, "ucMinMediaPort", HFILL } },
        { &hf_mras_prov_max_port, { "Maximum media port", "mras.provisioning.max_media_port", FT_UINT32,
            BASE_DEC, NULL, 0x0, "ucMaxMediaPort", HFILL } },
        { &hf_mras_prov_encryption, { "A/V encryption", "mras.provisioning.av_encryption", FT_STRING,
            BASE_NONE, NULL, 0x0, "ucPC2PCAVEncryption", HFILL } },
        { &hf_mras_prov_video_rate, { "Maximum video rate", "mras.provisioning.max_video_rate", FT_STRING,
            BASE_NONE, NULL, 0x0, "ucMaxVideoRateAllowed", HFILL } },
        { &hf_mras_prov_qos, { "QoS enabled", "mras.provisioning.qos_enabled", FT_BOOLEAN, BASE_NONE, NULL,
            0x0, "qosEnabled", HFILL } },
    };
    static gint *ett[] = {
        &ett_mras, &ett_mras_request, &ett_mras_response, &ett_mras_cred_request, &ett_mras_cred_response,
        &ett_mras_credentials, &ett_mras_relay_list, &ett_mras_relay, &ett_mras_unknown,
        &ett_mras_provisioning, &ett_mras_prov_group,
    };
    static ei_register_info ei[] = {
        { &ei_mras_reason, { "mras.expert.reason_not_ok", PI_RESPONSE_CODE, PI_WARN,
            "MRAS reasonPhrase is not OK", EXPFILL } },
        { &ei_mras_missing, { "mras.expert.missing", PI_PROTOCOL, PI_WARN,
            "Required element or attribute missing", EXPFILL } },
        { &ei_mras_duration_zero, { "mras.expert.duration_zero", PI_PROTOCOL, PI_WARN,
            "Duration is 0 minutes", EXPFILL } },
        { &ei_mras_no_relays, { "mras.expert.no_relays", PI_RESPONSE_CODE, PI_WARN,
            "MRAS response lists no media relay", EXPFILL } },
        { &ei_mras_port_range, { "mras.expert.port_range", PI_PROTOCOL, PI_WARN,
            "Port outside 1-65535", EXPFILL } },
        { &ei_mras_malformed_xml, { "mras.expert.malformed_xml", PI_MALFORMED, PI_ERROR,
            "Malformed XML body", EXPFILL } },
        { &ei_mras_bad_value, { "mras.expert.bad_value", PI_PROTOCOL, PI_WARN,
            "Value does not have the type the schema requires", EXPFILL } },
        { &ei_mras_unknown_element, { "mras.expert.unknown_element", PI_UNDECODED, PI_NOTE,
            "Unknown element", EXPFILL } },
        { &ei_mras_unknown_attribute, { "mras.expert.unknown_attribute", PI_UNDECODED, PI_NOTE,
            "Unknown attribute", EXPFILL } },
        { &ei_mras_namespace, { "mras.expert.namespace", PI_PROTOCOL, PI_NOTE,
            "Unexpected XML namespace", EXPFILL } },
        { &ei_mras_too_many, { "mras.expert.too_many", PI_PROTOCOL, PI_WARN,
            "More occurrences than the schema allows", EXPFILL } },
        { &ei_mras_depth, { "mras.expert.too_deep", PI_MALFORMED, PI_WARN,
            "Elements nested too deep", EXPFILL } },
        { &ei_mras_element_cap, { "mras.expert.too_many_elements", PI_UNDECODED, PI_WARN,
            "Too many elements", EXPFILL } },
        { &ei_mras_value_too_long, { "mras.expert.value_too_long", PI_UNDECODED, PI_WARN,
            "Value too long", EXPFILL } },
        { &ei_mras_doctype, { "mras.expert.doctype", PI_SECURITY, PI_NOTE,
            "DOCTYPE declaration in the body: entities are not expanded", EXPFILL } },
        { &ei_mras_unanswered, { "mras.expert.unanswered", PI_SEQUENCE, PI_WARN,
            "MRAS request has no MRAS response in this capture", EXPFILL } },
        { &ei_mras_state_full, { "mras.expert.state_full", PI_UNDECODED, PI_NOTE,
            "Too many MRAS transactions or credentials in this capture to track this one", EXPFILL } },
        { &ei_mras_no_mras_uri, { "mras.expert.no_mras_uri", PI_PROTOCOL, PI_WARN,
            "ServerConfiguration has no mrasUri", EXPFILL } },
    };
    module_t *prefs;
    expert_module_t *expert;

    proto_mras = proto_register_protocol("Media Relay Authentication Service", "MRAS", "mras");
    proto_register_field_array(proto_mras, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert = expert_register_protocol(proto_mras);
    expert_register_field_array(expert, ei, array_length(ei));

    prefs = prefs_register_protocol(proto_mras, NULL);
    prefs_register_bool_preference(prefs, "redact_password", "Redact passwords",
        "Show \"<redacted>\" instead of the MRAS password in the tree and in field output "
        "(the raw XML subtree is then left out too). MS-TURN integrity checks still use the real value.",
        &mras_redact_password);

    trans_by_id = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_str_hash, g_str_equal);
    trans_by_body = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_int64_hash,
                                           g_int64_equal);
    register_init_routine(mras_init);
    mras_store_register();
}

void
proto_reg_handoff_mras(void)
{
    find_dissector_add_dependency("xml", proto_mras);
    dissector_add_string("media_type", MRAS_CONTENT_TYPE, create_dissector_handle(dissect_mras, proto_mras));
    /* its own description: 4.6 warns about two handles of one table described alike */
    dissector_add_string("media_type", PROV_CONTENT_TYPE,
                         create_dissector_handle_with_name_and_description(dissect_mras_provisioning, proto_mras,
                                                                           "mras-provisioning",
                                                                           "MRAS in-band provisioning"));
}
