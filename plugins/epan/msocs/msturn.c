/* msturn: MS-TURN ([MS-TURN], [MS-TURNBWM]) as OCS 2007/R2 Edges, Lync, Skype
 * for Business and Teams speak it. This file registers the protocol (fields,
 * value tables, preferences) and keeps the per-capture state; the work is in
 * files named after their job:
 *   msturn-udp.c      old-form messages on UDP: heuristic, claimed flows
 *   msturn-tcp.c      MS-TURN's TCP framing, the pseudo-TLS hello, and the
 *                     evidence that makes a TLS-port connection MS-TURN
 *   msturn-message.c  one old-form message: attributes, Info, summary
 *   msturn-rfc5389.c  RFC 5389-form messages stun decoded: what msturn adds
 *   msturn-check.c    transactions, MESSAGE-INTEGRITY, the MRAS relay check
 *   msturn-media.c    the DATA payload handed on (STUN/ICE, RTP, RTCP)
 *   msturn-mux.c      multiplexed TURN (channel 0xFF10)
 * The wire knowledge (attribute shapes, tables, recogniser, framing, XOR,
 * MESSAGE-INTEGRITY) is in epan-extra/msturn-wire.c. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/conversation.h>
#include <epan/tap.h>
#include <epan/proto_data.h>
#include <epan/exceptions.h>
#include <epan/prefs.h>
#include <epan/uat.h>
#include <epan/to_str.h>
#include <epan/strutil.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/dissectors/packet-rtp.h>
#include <epan/dissectors/packet-rtcp.h>
#include <wsutil/inet_addr.h>

#include <string.h>

#include "msturn-int.h"

int proto_msturn = -1;

/* header */
int hf_msturn_type = -1;
int hf_msturn_method = -1;
int hf_msturn_form = -1;
int hf_msturn_class = -1;
int hf_msturn_length = -1;
int hf_msturn_cookie = -1;
int hf_msturn_transaction_id = -1;
/* attributes */
int hf_msturn_attributes = -1;
int hf_msturn_attribute = -1;
int hf_msturn_attr = -1;
int hf_msturn_attr_length = -1;
int hf_msturn_attr_value = -1;
int hf_msturn_reserved = -1;
int hf_msturn_family = -1;
int hf_msturn_username_b64 = -1;
int hf_msturn_error_code = -1;
int hf_msturn_error_class = -1;
int hf_msturn_error_number = -1;
int hf_msturn_error_reason = -1;
int hf_msturn_error_meaning = -1;
int hf_msturn_unknown_attribute = -1;
int hf_msturn_requested_family = -1;
int hf_msturn_connection_id = -1;
int hf_msturn_sequence_number = -1;
int hf_msturn_stream_type = -1;
int hf_msturn_service_quality = -1;
int hf_msturn_bw_acm_type = -1;
int hf_msturn_bw_max_send = -1;
int hf_msturn_bw_min_send = -1;
int hf_msturn_bw_max_receive = -1;
int hf_msturn_bw_min_receive = -1;
int hf_msturn_site_flags = -1;
int hf_msturn_site_valid = -1;
int hf_msturn_site_pstn = -1;
int hf_msturn_site_max_send = -1;
int hf_msturn_site_max_receive = -1;
int hf_msturn_lp_peer = -1;
int hf_msturn_lp_self = -1;
int hf_msturn_lp_federation = -1;
int hf_msturn_lp_reserved = -1;
int hf_msturn_integrity_status = -1;
int hf_msturn_integrity_expected = -1;
int hf_msturn_mras_frame = -1;
/* tracking */
int hf_msturn_response_in = -1;
int hf_msturn_response_to = -1;
int hf_msturn_time = -1;
/* TCP framing and pseudo-TLS */
int hf_msturn_tcp_type = -1;
int hf_msturn_tcp_reserved = -1;
int hf_msturn_tcp_length = -1;
int hf_msturn_tls_content_type = -1;
int hf_msturn_tls_version = -1;
int hf_msturn_tls_length = -1;
int hf_msturn_tls_handshake_type = -1;
int hf_msturn_tls_handshake_length = -1;
int hf_msturn_tls_handshake_body = -1;

attr_fields attr_hf[MSTURN_MAX_ATTRS_TABLE];
static hf_register_info attr_hf_info[MSTURN_MAX_ATTRS_TABLE * 3];

gint ett_msturn = -1;
gint ett_msturn_attrs = -1;
gint ett_msturn_attr = -1;
gint ett_msturn_tcp = -1;
gint ett_msturn_tls = -1;
gint ett_msturn_site_flags = -1;
gint ett_msturn_rfc = -1;

expert_field ei_msturn_error_response = EI_INIT;
expert_field ei_msturn_unknown_user = EI_INIT;
expert_field ei_msturn_integrity_failed = EI_INIT;
expert_field ei_msturn_malformed = EI_INIT;
expert_field ei_msturn_unknown_attr = EI_INIT;
expert_field ei_msturn_attr_cap = EI_INIT;
expert_field ei_msturn_no_response = EI_INIT;
expert_field ei_msturn_no_response_yet = EI_INIT;
expert_field ei_msturn_pseudo_tls = EI_INIT;
expert_field ei_msturn_relay_not_listed = EI_INIT;
expert_field ei_msturn_too_deep = EI_INIT;

static dissector_handle_t msturn_udp_handle;
dissector_handle_t msturn_tcp_handle;
dissector_handle_t msturn_udp_flow_handle; /* a UDP flow msturn saw MS-TURN on */
dissector_handle_t stun_udp_handle;
dissector_handle_t tls_handle;
dissector_handle_t rtp_handle;
dissector_handle_t rtcp_handle;
dissector_handle_t data_handle;
static dissector_handle_t msturn_post_handle;
int proto_rtp = -1, proto_tls = -1, proto_stun = -1;
range_t *pref_tls_ports;
dissector_table_t rtp_pt_table;
heur_dissector_list_t msturn_payload_heur;

/* preferences */
guint pref_max_attrs = MSTURN_DEFAULT_MAX_ATTRS;
msocs_api_bool pref_payload_rtp = TRUE;
msocs_api_bool pref_relay_media = TRUE;

cred_uat_t *cred_uats;
guint n_cred_uats;
UAT_CSTRING_CB_DEF(cred_uats, username, cred_uat_t)
UAT_CSTRING_CB_DEF(cred_uats, password, cred_uat_t)


/* ---------- value tables ---------- */

value_string type_vals[MSTURN_MAX_TYPES + 1];
static value_string attr_vals[MSTURN_MAX_ATTRS_TABLE + 1];
static value_string error_vals[MSTURN_MAX_ERRORS + 1];

value_string method_vals[MSTURN_MAX_METHODS + 1];

static const value_string form_vals[] = {
    { 0, "OCS 2007 (MAGIC-COOKIE attribute, 16-byte transaction id)" },
    { 1, "RFC 5389 (decoded by STUN)" },
    { 0, NULL }
};

static const value_string class_vals[] = {
    { MSTURN_KIND_REQUEST,    "Request" },
    { MSTURN_KIND_SUCCESS,    "Success Response" },
    { MSTURN_KIND_ERROR,      "Error Response" },
    { MSTURN_KIND_INDICATION, "Indication" },
    { 0, NULL }
};

static const value_string family_vals[] = {
    { 1, "IPv4" },
    { 2, "IPv6" },
    { 0, NULL }
};

static const value_string stream_type_vals[] = {
    { 1, "Audio" },
    { 2, "Video" },
    { 3, "Supplemental video" },
    { 4, "Data" },
    { 0, NULL }
};

static const value_string service_quality_vals[] = {
    { 0, "Best effort" },
    { 1, "Reliable delivery" },
    { 0, NULL }
};

static const value_string bw_acm_vals[] = {
    { 0, "Reservation check" },
    { 1, "Reservation commit" },
    { 2, "Reservation update" },
    { 0, NULL }
};

static const value_string location_vals[] = {
    { 0, "Unknown" },
    { 1, "Internet" },
    { 2, "Intranet" },
    { 0, NULL }
};

static const value_string federation_vals[] = {
    { 0, "No federation" },
    { 1, "Enterprise federation" },
    { 2, "Public cloud federation" },
    { 0, NULL }
};

static const value_string tcp_type_vals[] = {
    { MSTURN_TCP_CONTROL, "TURN control message" },
    { MSTURN_TCP_DATA,    "End-to-end data" },
    { 0, NULL }
};

const value_string tls_handshake_vals[] = {
    { 1,  "ClientHello" },
    { 2,  "ServerHello" },
    { 11, "Certificate" },
    { 14, "ServerHelloDone" },
    { 0, NULL }
};

static const value_string tls_content_vals[] = {
    { 0x16, "Handshake" },
    { 0, NULL }
};

/* ---------- per-capture state ---------- */




wmem_map_t *tls_probes; /* conversation_t * -> tls_probe */


/* Transactions by id for the whole capture, not per conversation: an Edge
 * may answer from another of its addresses than the one asked. */
wmem_map_t *transactions; /* msturn_tid -> msturn_transaction */
wmem_map_t *transactions_by_frame;
nstime_t capture_end;
/* An MS-TURN client gives up on a request after 9.5 s of retransmissions
 * (RFC 3489 10.1 timers, which [MS-TURN] keeps): 10 s after the last copy
 * with no answer, none is coming. */
guint pref_response_timeout = 10;
guint n_transactions;

static guint
tid_hash(gconstpointer k)
{
    const msturn_tid *t = (const msturn_tid *)k;
    guint h = 5381;
    for (int i = 0; i < 16; i++)
        h = h * 33 + t->id[i];
    return h;
}

static gboolean
tid_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(msturn_tid)) == 0;
}

static void
msturn_init(void)
{
    n_transactions = 0;
    transactions = wmem_map_new(wmem_file_scope(), tid_hash, tid_equal);
    transactions_by_frame = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    nstime_set_zero(&capture_end);
    tls_probes = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
}

/* Derived keys of this capture's credentials go with it. */
static void
msturn_cleanup(void)
{
    msturn_forget_keys();
}

msturn_conv *
msturn_get_conv(packet_info *pinfo)
{
    conversation_t *conv = find_or_create_conversation(pinfo);
    msturn_conv *mc = (msturn_conv *)conversation_get_proto_data(conv, proto_msturn);
    if (mc == NULL) {
        mc = wmem_new0(wmem_file_scope(), msturn_conv);
        mc->state = TCP_UNDECIDED;
        conversation_add_proto_data(conv, proto_msturn, mc);
    }
    return mc;
}

/* ---------- registration ---------- */

static msocs_api_bool
cred_uat_update(void *r, char **err)
{
    cred_uat_t *rec = (cred_uat_t *)r;
    gsize n;
    guchar *d;

    if (rec->username == NULL || rec->username[0] == '\0') {
        *err = g_strdup("Username (base64) is empty");
        return FALSE;
    }
    d = g_base64_decode(rec->username, &n);
    g_free(d);
    if (n == 0) {
        *err = g_strdup("Username is not base64");
        return FALSE;
    }
    return TRUE;
}

static void *
cred_uat_copy(void *dst, const void *src, size_t len _U_)
{
    const cred_uat_t *s = (const cred_uat_t *)src;
    cred_uat_t *d = (cred_uat_t *)dst;
    d->username = g_strdup(s->username);
    d->password = g_strdup(s->password);
    return d;
}

static void
cred_uat_free(void *r)
{
    cred_uat_t *rec = (cred_uat_t *)r;
    g_free(rec->username);
    g_free(rec->password);
}

/* Fields named after the attribute table's 'field' column. */
static guint
register_attr_fields(void)
{
    guint n = 0;

    for (guint i = 0; i < msturn_attrs_count && i < MSTURN_MAX_ATTRS_TABLE; i++) {
        const msturn_attr_info *a = &msturn_attrs[i];
        header_field_info *h;
        attr_hf[i].value = attr_hf[i].v6 = attr_hf[i].port = -1;

        switch (a->shape) {
        case MSTURN_SHAPE_ADDRESS:
        case MSTURN_SHAPE_XOR_ADDRESS:
            h = &attr_hf_info[n].hfinfo;
            attr_hf_info[n].p_id = &attr_hf[i].value;
            h->name = a->name;
            h->abbrev = g_strdup_printf("msturn.%s", a->field);
            h->type = FT_IPv4;
            h->display = BASE_NONE;
            h->blurb = a->shape == MSTURN_SHAPE_XOR_ADDRESS ? "IPv4 address (XOR removed)" : "IPv4 address";
            HFILL_INIT(attr_hf_info[n]);
            n++;
            h = &attr_hf_info[n].hfinfo;
            attr_hf_info[n].p_id = &attr_hf[i].v6;
            h->name = g_strdup_printf("%s (IPv6)", a->name);
            h->abbrev = g_strdup_printf("msturn.%s_v6", a->field);
            h->type = FT_IPv6;
            h->display = BASE_NONE;
            h->blurb = "IPv6 address";
            HFILL_INIT(attr_hf_info[n]);
            n++;
            h = &attr_hf_info[n].hfinfo;
            attr_hf_info[n].p_id = &attr_hf[i].port;
            h->name = g_strdup_printf("%s port", a->name);
            h->abbrev = g_strdup_printf("msturn.%s_port", a->field);
            h->type = FT_UINT16;
            h->display = BASE_DEC;
            h->blurb = "Port";
            HFILL_INIT(attr_hf_info[n]);
            n++;
            break;
        case MSTURN_SHAPE_U32:
        case MSTURN_SHAPE_STRING:
        case MSTURN_SHAPE_OPAQUE:
        case MSTURN_SHAPE_BYTES:
        case MSTURN_SHAPE_DATA:
        case MSTURN_SHAPE_INTEGRITY:
            h = &attr_hf_info[n].hfinfo;
            attr_hf_info[n].p_id = &attr_hf[i].value;
            h->name = a->name;
            h->abbrev = g_strdup_printf("msturn.%s", a->field);
            h->type = a->shape == MSTURN_SHAPE_U32 ? FT_UINT32 :
                      a->shape == MSTURN_SHAPE_STRING ? FT_STRING : FT_BYTES;
            h->display = a->shape == MSTURN_SHAPE_U32 ?
                         (a->type == MSTURN_ATTR_MAGIC_COOKIE ? BASE_HEX : BASE_DEC) : BASE_NONE;
            h->blurb = a->name;
            HFILL_INIT(attr_hf_info[n]);
            n++;
            break;
        default:
            break; /* composite values have fixed fields of their own */
        }
    }
    return n;
}

static void
fill_value_tables(void)
{
    guint i, n;
    for (i = 0; i < msturn_types_count && i < MSTURN_MAX_TYPES; i++) {
        type_vals[i].value = msturn_types[i].type;
        type_vals[i].strptr = msturn_types[i].name;
    }
    for (i = 0; i < msturn_attrs_count && i < MSTURN_MAX_ATTRS_TABLE; i++) {
        attr_vals[i].value = msturn_attrs[i].type;
        attr_vals[i].strptr = msturn_attrs[i].name;
    }
    for (i = 0; i < msturn_errors_count && i < MSTURN_MAX_ERRORS; i++) {
        error_vals[i].value = msturn_errors[i].code;
        error_vals[i].strptr = msturn_errors[i].reason;
    }
    n = 0;
    for (i = 0; i < msturn_methods_count && n < MSTURN_MAX_METHODS; i++) {
        if (!msturn_methods[i].old_form)
            continue;
        method_vals[n].value = msturn_methods[i].method;
        method_vals[n++].strptr = msturn_methods[i].name;
    }
}

void
proto_register_msturn(void)
{
    static hf_register_info hf[] = {
        { &hf_msturn_type, { "Message Type", "msturn.type", FT_UINT16, BASE_HEX, VALS(type_vals), 0x0,
                             "MS-TURN message type", HFILL } },
        { &hf_msturn_method, { "Method", "msturn.method", FT_UINT16, BASE_HEX, VALS(method_vals), 0x0,
                               "Method bits of the message type", HFILL } },
        { &hf_msturn_form, { "Header Form", "msturn.form", FT_UINT8, BASE_DEC, VALS(form_vals), 0x0,
                             "0: OCS 2007 header form, decoded here; 1: RFC 5389 form, decoded by STUN", HFILL } },
        { &hf_msturn_class, { "Class", "msturn.class", FT_UINT8, BASE_DEC, VALS(class_vals), 0x0,
                              "Request, response, error or indication (0x0115 is the Data Indication)", HFILL } },
        { &hf_msturn_length, { "Message Length", "msturn.length", FT_UINT16, BASE_DEC, NULL, 0x0,
                               "Bytes after the 20-byte header", HFILL } },
        { &hf_msturn_cookie, { "Magic Cookie", "msturn.cookie", FT_UINT32, BASE_HEX, NULL, 0x0,
                               "RFC 5389 magic cookie, when present", HFILL } },
        { &hf_msturn_transaction_id, { "Transaction ID", "msturn.transaction_id", FT_BYTES, BASE_NONE, NULL, 0x0,
                                       "16 bytes in the old form, 12 in the RFC 5389 form", HFILL } },

        { &hf_msturn_attributes, { "Attributes", "msturn.attributes", FT_NONE, BASE_NONE, NULL, 0x0,
                                   NULL, HFILL } },
        { &hf_msturn_attribute, { "Attribute", "msturn.attribute", FT_NONE, BASE_NONE, NULL, 0x0,
                                  NULL, HFILL } },
        { &hf_msturn_attr, { "Attribute Type", "msturn.attr", FT_UINT16, BASE_HEX, VALS(attr_vals), 0x0,
                             "Type of each attribute", HFILL } },
        { &hf_msturn_attr_length, { "Attribute Length", "msturn.attr.length", FT_UINT16, BASE_DEC, NULL, 0x0,
                                    "Value length (no padding in the old form)", HFILL } },
        { &hf_msturn_attr_value, { "Value", "msturn.attr.value", FT_BYTES, BASE_NONE, NULL, 0x0,
                                   "Attribute value not decoded further", HFILL } },
        { &hf_msturn_reserved, { "Reserved", "msturn.reserved", FT_BYTES, BASE_NONE, NULL, 0x0,
                                 "Reserved bytes (ignored)", HFILL } },
        { &hf_msturn_family, { "Protocol Family", "msturn.family", FT_UINT8, BASE_HEX, VALS(family_vals), 0x0,
                               "Address family", HFILL } },
        { &hf_msturn_username_b64, { "Username (base64)", "msturn.username_b64", FT_STRING, BASE_NONE, NULL, 0x0,
                                     "USERNAME base64-encoded: the form MRAS issued it in", HFILL } },
        { &hf_msturn_error_code, { "Error Code", "msturn.error_code", FT_UINT16, BASE_DEC, VALS(error_vals), 0x0,
                                   "Class * 100 + number", HFILL } },
        { &hf_msturn_error_class, { "Error Class", "msturn.error_class", FT_UINT8, BASE_DEC, NULL, 0x07,
                                    "Hundreds digit of the error code", HFILL } },
        { &hf_msturn_error_number, { "Error Number", "msturn.error_number", FT_UINT8, BASE_DEC, NULL, 0x0,
                                     "Error code modulo 100", HFILL } },
        { &hf_msturn_error_reason, { "Error Reason Phrase", "msturn.error_reason", FT_STRING, BASE_NONE, NULL, 0x0,
                                     "Reason phrase the server sent", HFILL } },
        { &hf_msturn_error_meaning, { "Meaning", "msturn.error_meaning", FT_STRING, BASE_NONE, NULL, 0x0,
                                      "What the error means for an OCS/Lync Edge", HFILL } },
        { &hf_msturn_unknown_attribute, { "Unknown Attribute", "msturn.unknown_attribute", FT_UINT16, BASE_HEX,
                                          VALS(attr_vals), 0x0, "Attribute the peer did not understand", HFILL } },
        { &hf_msturn_requested_family, { "Requested Address Family", "msturn.requested_family", FT_UINT8,
                                         BASE_HEX, VALS(family_vals), 0x0, "Address family the client asks the relay for (MS-VERSION >= 4)", HFILL } },
        { &hf_msturn_connection_id, { "Connection ID", "msturn.connection_id", FT_BYTES, BASE_NONE, NULL, 0x0,
                                      "MS-SEQUENCE-NUMBER connection id", HFILL } },
        { &hf_msturn_sequence_number, { "Sequence Number", "msturn.sequence_number", FT_UINT32, BASE_DEC, NULL,
                                        0x0, "MS-SEQUENCE-NUMBER sequence number", HFILL } },
        { &hf_msturn_stream_type, { "Stream Type", "msturn.stream_type", FT_UINT16, BASE_DEC,
                                    VALS(stream_type_vals), 0x0, "MS-SERVICE-QUALITY media stream type", HFILL } },
        { &hf_msturn_service_quality, { "Service Quality", "msturn.service_quality", FT_UINT16, BASE_DEC,
                                        VALS(service_quality_vals), 0x0, "MS-SERVICE-QUALITY delivery requirement", HFILL } },
        { &hf_msturn_bw_acm_type, { "Bandwidth Admission Control Type", "msturn.bw_acm_type", FT_UINT16,
                                    BASE_DEC, VALS(bw_acm_vals), 0x0, "MS-TURNBWM bandwidth admission control message type", HFILL } },
        { &hf_msturn_bw_max_send, { "Maximum Send Bandwidth", "msturn.bw.max_send", FT_UINT32, BASE_DEC, NULL,
                                    0x0, "kbps", HFILL } },
        { &hf_msturn_bw_min_send, { "Minimum Send Bandwidth", "msturn.bw.min_send", FT_UINT32, BASE_DEC, NULL,
                                    0x0, "kbps", HFILL } },
        { &hf_msturn_bw_max_receive, { "Maximum Receive Bandwidth", "msturn.bw.max_receive", FT_UINT32, BASE_DEC,
                                       NULL, 0x0, "kbps", HFILL } },
        { &hf_msturn_bw_min_receive, { "Minimum Receive Bandwidth", "msturn.bw.min_receive", FT_UINT32, BASE_DEC,
                                       NULL, 0x0, "kbps", HFILL } },
        { &hf_msturn_site_flags, { "Flags", "msturn.site.flags", FT_UINT32, BASE_HEX, NULL, 0x0, "Site address response flags (A valid, B PSTN)", HFILL } },
        { &hf_msturn_site_valid, { "Valid", "msturn.site.valid", FT_BOOLEAN, 32, NULL, 0x80000000,
                                   "Bit A: the site address is valid", HFILL } },
        { &hf_msturn_site_pstn, { "PSTN", "msturn.site.pstn", FT_BOOLEAN, 32, NULL, 0x40000000,
                                  "Bit B: PSTN failover", HFILL } },
        { &hf_msturn_site_max_send, { "Maximum Send Bandwidth", "msturn.site.max_send", FT_UINT32, BASE_DEC,
                                      NULL, 0x0, "kbps", HFILL } },
        { &hf_msturn_site_max_receive, { "Maximum Receive Bandwidth", "msturn.site.max_receive", FT_UINT32,
                                         BASE_DEC, NULL, 0x0, "kbps", HFILL } },
        { &hf_msturn_lp_peer, { "Peer Location", "msturn.lp.peer_location", FT_UINT8, BASE_DEC,
                                VALS(location_vals), 0x0, "LOCATION-PROFILE: where the peer is", HFILL } },
        { &hf_msturn_lp_self, { "Self Location", "msturn.lp.self_location", FT_UINT8, BASE_DEC,
                                VALS(location_vals), 0x0, "LOCATION-PROFILE: where the sender is", HFILL } },
        { &hf_msturn_lp_federation, { "Federation", "msturn.lp.federation", FT_UINT8, BASE_DEC,
                                      VALS(federation_vals), 0x0, "LOCATION-PROFILE: federation type", HFILL } },
        { &hf_msturn_lp_reserved, { "Reserved", "msturn.lp.reserved", FT_UINT8, BASE_HEX, NULL, 0x0,
                                    "LOCATION-PROFILE reserved byte", HFILL } },
        { &hf_msturn_integrity_status, { "Integrity Status", "msturn.integrity_status", FT_STRING, BASE_NONE,
                                         NULL, 0x0, "verified, failed, unverified: no credentials, unverified: no nonce", HFILL } },
        { &hf_msturn_integrity_expected, { "Expected HMAC", "msturn.integrity_expected", FT_BYTES, BASE_NONE,
                                           NULL, 0x0, "HMAC computed with the known credentials", HFILL } },
        { &hf_msturn_mras_frame, { "MRAS Credentials In", "msturn.mras_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                                   "Frame of the MRAS response that issued this username", HFILL } },
        { &hf_msturn_response_in, { "Response In", "msturn.response_in", FT_FRAMENUM, BASE_NONE,
                                    FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "Frame of the response to this request", HFILL } },
        { &hf_msturn_response_to, { "Request In", "msturn.response_to", FT_FRAMENUM, BASE_NONE,
                                    FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "Frame of the request this responds to", HFILL } },
        { &hf_msturn_time, { "Time", "msturn.time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                             "Time between request and response", HFILL } },
        { &hf_msturn_tcp_type, { "Frame Type", "msturn.tcp.type", FT_UINT8, BASE_HEX, VALS(tcp_type_vals), 0x0,
                                 "MS-TURN TCP framing type", HFILL } },
        { &hf_msturn_tcp_reserved, { "Reserved", "msturn.tcp.reserved", FT_UINT8, BASE_HEX, NULL, 0x0,
                                     "MS-TURN TCP framing reserved byte (0)", HFILL } },
        { &hf_msturn_tcp_length, { "Frame Length", "msturn.tcp.length", FT_UINT16, BASE_DEC, NULL, 0x0,
                                   "Bytes after the length field", HFILL } },
        { &hf_msturn_tls_content_type, { "Content Type", "msturn.pseudo_tls.content_type", FT_UINT8, BASE_HEX,
                                         VALS(tls_content_vals), 0x0, "TLS record content type of the pseudo-TLS hello", HFILL } },
        { &hf_msturn_tls_version, { "Version", "msturn.pseudo_tls.version", FT_UINT16, BASE_HEX, NULL, 0x0,
                                    "TLS record version of the pseudo-TLS hello", HFILL } },
        { &hf_msturn_tls_length, { "Record Length", "msturn.pseudo_tls.length", FT_UINT16, BASE_DEC, NULL, 0x0,
                                   "TLS record length of the pseudo-TLS hello", HFILL } },
        { &hf_msturn_tls_handshake_type, { "Handshake Type", "msturn.pseudo_tls.handshake_type", FT_UINT8,
                                           BASE_DEC, VALS(tls_handshake_vals), 0x0, "Handshake message type inside the pseudo-TLS record", HFILL } },
        { &hf_msturn_tls_handshake_length, { "Handshake Length", "msturn.pseudo_tls.handshake_length",
                                             FT_UINT24, BASE_DEC, NULL, 0x0, "Handshake message length inside the pseudo-TLS record", HFILL } },
        { &hf_msturn_tls_handshake_body, { "Handshake Body", "msturn.pseudo_tls.handshake_body", FT_BYTES,
                                           BASE_NONE, NULL, 0x0, "Handshake message body (not interpreted)", HFILL } },
    };
    static gint *ett[] = {
        &ett_msturn, &ett_msturn_attrs, &ett_msturn_attr, &ett_msturn_tcp, &ett_msturn_tls,
        &ett_msturn_site_flags, &ett_msturn_rfc,
    };
    static ei_register_info ei[] = {
        { &ei_msturn_error_response, { "msturn.error_response", PI_RESPONSE_CODE, PI_NOTE,
                                       "MS-TURN error response", EXPFILL } },
        { &ei_msturn_unknown_user, { "msturn.unknown_user", PI_RESPONSE_CODE, PI_WARN,
                                     "436 Unknown User: the MRAS username is unknown to this Edge", EXPFILL } },
        { &ei_msturn_integrity_failed, { "msturn.integrity_failed", PI_CHECKSUM, PI_WARN,
                                         "MESSAGE-INTEGRITY does not verify", EXPFILL } },
        { &ei_msturn_malformed, { "msturn.malformed", PI_MALFORMED, PI_ERROR,
                                  "Malformed MS-TURN message", EXPFILL } },
        { &ei_msturn_unknown_attr, { "msturn.unknown_attribute.expert", PI_UNDECODED, PI_NOTE,
                                     "Unknown attribute", EXPFILL } },
        { &ei_msturn_attr_cap, { "msturn.attribute_cap", PI_UNDECODED, PI_WARN,
                                 "Too many attributes", EXPFILL } },
        { &ei_msturn_no_response, { "msturn.no_response", PI_SEQUENCE, PI_WARN,
                                    "MS-TURN request without response", EXPFILL } },
        { &ei_msturn_no_response_yet, { "msturn.no_response_yet", PI_SEQUENCE, PI_NOTE,
            "No response before the capture ends, less than msturn.response_timeout after the last copy",
            EXPFILL } },
        { &ei_msturn_pseudo_tls, { "msturn.pseudo_tls", PI_SEQUENCE, PI_CHAT,
                                   "MS-TURN pseudo-TLS hello: no real TLS follows", EXPFILL } },
        { &ei_msturn_relay_not_listed, { "msturn.relay_not_listed", PI_SEQUENCE, PI_WARN,
                                         "Allocate sent to a relay the MRAS response did not list", EXPFILL } },
        { &ei_msturn_too_deep, { "msturn.too_deep", PI_MALFORMED, PI_WARN,
                                 "DATA nested too deep: not decoded further", EXPFILL } },
    };
    static uat_field_t cred_fields[] = {
        UAT_FLD_CSTRING(cred_uats, username, "Username", "MRAS username, base64 as MRAS issues it"),
        UAT_FLD_CSTRING(cred_uats, password, "Password", "MRAS password, base64 as MRAS issues it"),
        UAT_END_FIELDS
    };
    module_t *module;
    expert_module_t *expert;
    uat_t *cred_uat;
    guint n_attr_hf;

    fill_value_tables();
    proto_msturn = proto_register_protocol("Microsoft TURN (MS-TURN)", "MS-TURN", "msturn");
    proto_register_field_array(proto_msturn, hf, array_length(hf));
    n_attr_hf = register_attr_fields();
    proto_register_field_array(proto_msturn, attr_hf_info, (int)n_attr_hf);
    proto_register_subtree_array(ett, array_length(ett));
    expert = expert_register_protocol(proto_msturn);
    expert_register_field_array(expert, ei, array_length(ei));

    msturn_udp_handle = register_dissector("msturn", dissect_msturn_udp, proto_msturn);
    msturn_tcp_handle = register_dissector("msturn-tcp", dissect_msturn_tcp, proto_msturn);
    msturn_udp_flow_handle = create_dissector_handle(dissect_msturn_udp_flow, proto_msturn);
    msturn_payload_heur = register_heur_dissector_list("msturn", proto_msturn);
    register_init_routine(msturn_init);
    register_cleanup_routine(msturn_cleanup);

    /* Registered here, not in the handoff, so that it runs before the
     * postdissectors of the suite that read msturn.* fields. Built-in
     * protocols (stun) are registered before plugins. */
    msturn_post_handle = create_dissector_handle(dissect_msturn_post, proto_msturn);
    register_postdissector(msturn_post_handle);
    module = prefs_register_protocol(proto_msturn, NULL);
    prefs_register_uint_preference(module, "max_attributes", "Maximum attributes per message",
                                   "Attributes decoded per message before the rest is skipped", 10,
                                   &pref_max_attrs);
    prefs_register_uint_preference(module, "response_timeout", "Response timeout (s)",
                                   "A request with no response is unanswered when the capture goes on at least "
                                   "this long after its last retransmission (msturn.no_response and the "
                                   "msturn.no-response signature)", 10, &pref_response_timeout);
    range_convert_str(wmem_epan_scope(), &pref_tls_ports, MSTURN_TLS_PORTS, 65535);
    prefs_register_range_preference(module, "tls_ports", "Pseudo-TLS TCP ports",
                                    "TCP ports where MS-TURN clients open with the pseudo-TLS hello. TLS keeps "
                                    "every connection there; one whose Edge answers with the pseudo-TLS "
                                    "ServerHello, or that starts with MS-TURN framing, becomes MS-TURN",
                                    &pref_tls_ports, 65535);
    prefs_register_bool_preference(module, "payload_rtp", "Decode relayed RTP/RTCP",
                                   "Hand DATA attributes and TCP data frames that look like RTP version 2 "
                                   "to RTP or RTCP", &pref_payload_rtp);
    prefs_register_bool_preference(module, "relay_media", "Decode media on relayed addresses",
                                   "After a successful Allocate, decode UDP traffic to and from the "
                                   "relayed address (MAPPED-ADDRESS) as RTP, and the next port as RTCP",
                                   &pref_relay_media);
    cred_uat = uat_new("MS-TURN credentials", sizeof(cred_uat_t), "msturn_credentials", TRUE, &cred_uats,
                       &n_cred_uats, UAT_AFFECTS_DISSECTION, NULL, cred_uat_copy, cred_uat_update,
                       cred_uat_free, NULL, NULL, cred_fields);
    prefs_register_uat_preference(module, "credentials", "Credentials",
                                  "MRAS username/password pairs (base64) used to verify MESSAGE-INTEGRITY "
                                  "when the MRAS response is not in the capture", cred_uat);
}

void
proto_reg_handoff_msturn(void)
{
    stun_udp_handle = find_dissector_add_dependency("stun-udp", proto_msturn);
    tls_handle = find_dissector_add_dependency("tls", proto_msturn);
    rtp_handle = find_dissector_add_dependency("rtp", proto_msturn);
    rtcp_handle = find_dissector_add_dependency("rtcp", proto_msturn);
    data_handle = find_dissector("data");
    proto_rtp = proto_get_id_by_filter_name("rtp");
    rtp_pt_table = find_dissector_table("rtp.pt");
    proto_tls = proto_get_id_by_filter_name("tls");
    proto_stun = proto_get_id_by_filter_name("stun");
    /* No port of its own: 3478 stays stun's and 443 TLS's. Old-form messages
     * are found by the heuristic, TCP connections on the pseudo-TLS ports by
     * the postdissector (probe_tls_connection); Decode As forces either. */
    dissector_add_for_decode_as_with_preference("udp.port", msturn_udp_handle);
    dissector_add_for_decode_as_with_preference("tcp.port", msturn_tcp_handle);
    heur_dissector_add("udp", dissect_msturn_heur_udp, "MS-TURN over UDP", "msturn_udp", proto_msturn,
                       HEURISTIC_ENABLE);
    heur_dissector_add("tcp", dissect_msturn_heur_tcp, "MS-TURN framed over TCP", "msturn_tcp", proto_msturn,
                       HEURISTIC_ENABLE);
}

