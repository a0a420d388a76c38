/* msturn: MS-TURN ([MS-TURN], [MS-TURNBWM]) as OCS 2007/R2 Edges and clients
 * speak it: the old header form (16-byte transaction id, MAGIC-COOKIE
 * attribute first, no attribute padding) on UDP, and MS-TURN's TCP framing
 * (type 0x02 control / 0x03 data, reserved, u16 length) with the pseudo-TLS
 * hello exchange on TCP 443. RFC 5389-form messages (Lync / Skype for
 * Business, MS-VERSION >= 3) stay with Wireshark's "stun", which decodes
 * them and their MS attributes: a postdissector reads stun's fields and, on
 * messages with an MS marker, adds what stun lacks (MS error meanings,
 * MESSAGE-INTEGRITY check with MRAS credentials, the MRAS link and relay
 * check, transaction tracking under msturn.*). Request/response tracking,
 * ChannelData and the multiplexed TURN channel 0xFF10 remain stun's.
 *
 * The wire knowledge (attribute shapes, type/error tables, recogniser,
 * framing, XOR, MESSAGE-INTEGRITY) lives in epan-extra/msturn-wire.c; this
 * file turns it into tree items, tracks transactions and verifies integrity
 * with the credentials MRAS issued (mras-store.h) or the credentials table
 * preference. */
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
#include <wsutil/inet_addr.h>

#include <string.h>

#include <epan/dissectors/packet-rtp.h>
#include <epan/dissectors/packet-rtcp.h>
#include "msocs.h"
#include "msturn.h"
#include "mras-store.h"
#include "ws-compat.h"

#define MSTURN_TLS_PORTS "443"       /* where MS-TURN clients send the pseudo-TLS hello */
#define MSTURN_PROBE_FRAMES 4        /* TLS-port payload frames looked at per connection */
#define MSTURN_PROBE_SCAN 256        /* frame bytes searched for the IP and TCP headers */
#define MSTURN_DEFAULT_MAX_ATTRS 128 /* attributes decoded per message */
#define MSTURN_MAX_TLS_HANDSHAKES 8  /* handshake messages shown per pseudo-TLS record */
#define MSTURN_MAX_TYPES 32          /* room for the generated message type table */
#define MSTURN_MAX_ATTRS_TABLE 64    /* room for the generated attribute table */
#define MSTURN_MAX_ERRORS 64         /* room for the generated error table */
#define MSTURN_MAX_TRANSACTIONS 100000 /* per capture */
#define MSTURN_MAX_SAVED_CRED 1024   /* bytes of USERNAME/REALM kept per transaction */
#define MSTURN_VERIFIED_KEY 0x1000000u /* | raw offset: per-frame list of verified message bytes */
#define MSTURN_DEPTH_KEY 0x2000000u  /* per packet: DATA payloads being dissected, innermost first */
#define MSTURN_MAX_NESTING 8         /* DATA -> message -> DATA levels per packet */
#define MSTURN_USER_CACHE 96         /* longest USERNAME whose Info text is cached per conversation */

static int proto_msturn = -1;

/* header */
static int hf_msturn_type = -1;
static int hf_msturn_method = -1;
static int hf_msturn_form = -1;
static int hf_msturn_class = -1;
static int hf_msturn_length = -1;
static int hf_msturn_cookie = -1;
static int hf_msturn_transaction_id = -1;
/* attributes */
static int hf_msturn_attributes = -1;
static int hf_msturn_attribute = -1;
static int hf_msturn_attr = -1;
static int hf_msturn_attr_length = -1;
static int hf_msturn_attr_value = -1;
static int hf_msturn_reserved = -1;
static int hf_msturn_family = -1;
static int hf_msturn_username_b64 = -1;
static int hf_msturn_error_code = -1;
static int hf_msturn_error_class = -1;
static int hf_msturn_error_number = -1;
static int hf_msturn_error_reason = -1;
static int hf_msturn_error_meaning = -1;
static int hf_msturn_unknown_attribute = -1;
static int hf_msturn_requested_family = -1;
static int hf_msturn_connection_id = -1;
static int hf_msturn_sequence_number = -1;
static int hf_msturn_stream_type = -1;
static int hf_msturn_service_quality = -1;
static int hf_msturn_bw_acm_type = -1;
static int hf_msturn_bw_max_send = -1;
static int hf_msturn_bw_min_send = -1;
static int hf_msturn_bw_max_receive = -1;
static int hf_msturn_bw_min_receive = -1;
static int hf_msturn_site_flags = -1;
static int hf_msturn_site_valid = -1;
static int hf_msturn_site_pstn = -1;
static int hf_msturn_site_max_send = -1;
static int hf_msturn_site_max_receive = -1;
static int hf_msturn_lp_peer = -1;
static int hf_msturn_lp_self = -1;
static int hf_msturn_lp_federation = -1;
static int hf_msturn_lp_reserved = -1;
static int hf_msturn_integrity_status = -1;
static int hf_msturn_integrity_expected = -1;
static int hf_msturn_mras_frame = -1;
/* tracking */
static int hf_msturn_response_in = -1;
static int hf_msturn_response_to = -1;
static int hf_msturn_time = -1;
/* TCP framing and pseudo-TLS */
static int hf_msturn_tcp_type = -1;
static int hf_msturn_tcp_reserved = -1;
static int hf_msturn_tcp_length = -1;
static int hf_msturn_tls_content_type = -1;
static int hf_msturn_tls_version = -1;
static int hf_msturn_tls_length = -1;
static int hf_msturn_tls_handshake_type = -1;
static int hf_msturn_tls_handshake_length = -1;
static int hf_msturn_tls_handshake_body = -1;

/* Per attribute of the generated table: fields registered from its 'field'
 * column (value, and for addresses the IPv6 and port variants). */
typedef struct {
    int value;
    int v6;
    int port;
} attr_fields;
static attr_fields attr_hf[MSTURN_MAX_ATTRS_TABLE];
static hf_register_info attr_hf_info[MSTURN_MAX_ATTRS_TABLE * 3];

static gint ett_msturn = -1;
static gint ett_msturn_attrs = -1;
static gint ett_msturn_attr = -1;
static gint ett_msturn_tcp = -1;
static gint ett_msturn_tls = -1;
static gint ett_msturn_site_flags = -1;
static gint ett_msturn_rfc = -1;

static expert_field ei_msturn_error_response = EI_INIT;
static expert_field ei_msturn_unknown_user = EI_INIT;
static expert_field ei_msturn_integrity_failed = EI_INIT;
static expert_field ei_msturn_malformed = EI_INIT;
static expert_field ei_msturn_unknown_attr = EI_INIT;
static expert_field ei_msturn_attr_cap = EI_INIT;
static expert_field ei_msturn_no_response = EI_INIT;
static expert_field ei_msturn_pseudo_tls = EI_INIT;
static expert_field ei_msturn_relay_not_listed = EI_INIT;
static expert_field ei_msturn_too_deep = EI_INIT;

static dissector_handle_t msturn_udp_handle;
static dissector_handle_t msturn_tcp_handle;
static dissector_handle_t msturn_udp_flow_handle; /* a UDP flow msturn saw MS-TURN on */
static dissector_handle_t stun_udp_handle;
static dissector_handle_t tls_handle;
static dissector_handle_t rtp_handle;
static dissector_handle_t rtcp_handle;
static dissector_handle_t data_handle;
static dissector_handle_t msturn_post_handle;
static int proto_rtp = -1, proto_rtcp = -1, proto_tls = -1, proto_stun = -1, hf_frame_protocols = -1;
static range_t *pref_tls_ports;
static dissector_table_t rtp_pt_table;
static int media_taps[4] = { -1, -1, -1, -1 };  /* rtp, rtcp, rtpevent, expert */
static heur_dissector_list_t msturn_payload_heur;

/* preferences */
static guint pref_max_attrs = MSTURN_DEFAULT_MAX_ATTRS;
static msocs_api_bool pref_payload_rtp = TRUE;
static msocs_api_bool pref_relay_media = TRUE;

/* Credentials table preference: MRAS username/password, base64 as MRAS gives them. */
typedef struct {
    char *username;
    char *password;
} cred_uat_t;
static cred_uat_t *cred_uats;
static guint n_cred_uats;
UAT_CSTRING_CB_DEF(cred_uats, username, cred_uat_t)
UAT_CSTRING_CB_DEF(cred_uats, password, cred_uat_t)

/* ---------- value tables ---------- */

static value_string type_vals[MSTURN_MAX_TYPES + 1];
static value_string attr_vals[MSTURN_MAX_ATTRS_TABLE + 1];
static value_string error_vals[MSTURN_MAX_ERRORS + 1];

static const value_string method_vals[] = {
    { 0x001, "Binding" },
    { 0x002, "Shared Secret" },
    { 0x003, "Allocate" },
    { 0x004, "Send" },
    { 0x005, "Data" },
    { 0x006, "Set Active Destination" },
    { 0, NULL }
};

/* What stun calls the RFC 5389-form types MS-TURN gives other meanings
 * ([MS-TURN] 2.2.1: 0x0004 is Send, 0x0006 Set Active Destination), renamed
 * in the Info column of messages that are MS-TURN. */
static const value_string stun_ms_renamed[] = {
    { 0x0004, "Refresh Request" },
    { 0x0104, "Refresh Success Response" },
    { 0x0114, "Refresh Error Response" },
    { 0x0006, "Send Request" },
    { 0x0106, "Send Success Response" },
    { 0x0116, "Send Error Response" },
    { 0, NULL }
};

/* RFC 5389-form types (RFC 5389, RFC 5766, [MS-TURN] Set Active Destination) */
static const value_string rfc_type_vals[] = {
    { 0x0001, "Binding Request" },
    { 0x0011, "Binding Indication" },
    { 0x0101, "Binding Success Response" },
    { 0x0111, "Binding Error Response" },
    { 0x0003, "Allocate Request" },
    { 0x0103, "Allocate Success Response" },
    { 0x0113, "Allocate Error Response" },
    { 0x0004, "Refresh Request" },
    { 0x0104, "Refresh Success Response" },
    { 0x0114, "Refresh Error Response" },
    { 0x0006, "Set Active Destination Request" },
    { 0x0106, "Set Active Destination Success Response" },
    { 0x0116, "Set Active Destination Error Response" },
    { 0x0016, "Send Indication" },
    { 0x0017, "Data Indication" },
    { 0x0008, "CreatePermission Request" },
    { 0x0108, "CreatePermission Success Response" },
    { 0x0118, "CreatePermission Error Response" },
    { 0x0009, "ChannelBind Request" },
    { 0x0109, "ChannelBind Success Response" },
    { 0x0119, "ChannelBind Error Response" },
    { 0, NULL }
};

static const value_string rfc_method_vals[] = {
    { 0x001, "Binding" },
    { 0x003, "Allocate" },
    { 0x004, "Refresh" },
    { 0x006, "Send / Set Active Destination" },
    { 0x007, "Data" },
    { 0x008, "CreatePermission" },
    { 0x009, "ChannelBind" },
    { 0, NULL }
};

static const char *rfc5389_ms_name(guint16 type);

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

static const value_string tls_handshake_vals[] = {
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

typedef struct {
    guint8 id[16];
} msturn_tid;

typedef struct {
    guint32 req_frame;
    guint32 resp_frame;
    nstime_t req_time;
    guint16 req_type;
    /* USERNAME/REALM of the request: the key of the response's integrity */
    guint8 *username;
    guint username_len;
    guint8 *realm;
    guint realm_len;
    guint8 *alt_realm;        /* RFC 5389 form: the other REALM/NONCE number */
    guint alt_realm_len;
    address req_src;          /* the requester: answers go back to it from any relay address */
    guint32 req_sport;
} msturn_transaction;

typedef enum {
    TCP_UNDECIDED,
    TCP_MSTURN,
    TCP_OTHER
} tcp_state;

/* What the postdissector learned of a TCP connection on a pseudo-TLS port
 * that TLS dissects (probe_tls_connection). */
typedef struct {
    tcp_state state;
    guint8 looked;            /* payload frames looked at */
    guint32 hello_frame;      /* the ClientHello, 0 if none seen */
} tls_probe;
static wmem_map_t *tls_probes; /* conversation_t * -> tls_probe */

typedef struct {
    tcp_state state;
    guint32 hello_frame;      /* pseudo-TLS ClientHello seen before the decision */
    /* Info-column text of the last USERNAME seen here: authenticated Send
     * requests repeat one username on every relayed packet. Fixed size, so
     * a conversation that keeps changing usernames costs no memory. */
    guint8 user[MSTURN_USER_CACHE];
    guint user_len;           /* 0: empty cache */
    char user_text[4 * MSTURN_USER_CACHE + 8];
} msturn_conv;

/* Transactions by id for the whole capture, not per conversation: an Edge
 * may answer from another of its addresses than the one asked. */
static wmem_map_t *transactions; /* msturn_tid -> msturn_transaction */
static guint n_transactions;

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
    tls_probes = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    /* looked up here: the expert tap is registered after the handoffs */
    media_taps[0] = find_tap_id("rtp");
    media_taps[1] = find_tap_id("rtcp");
    media_taps[2] = find_tap_id("rtpevent");
    media_taps[3] = find_tap_id("expert");
}

/* Derived keys of this capture's credentials go with it. */
static void
msturn_cleanup(void)
{
    msturn_forget_keys();
}

static msturn_conv *
get_conv(packet_info *pinfo)
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

/* ---------- message decoding ---------- */

/* What the attribute loop collects for the Info column, tracking and integrity. */
typedef struct {
    tvbuff_t *tvb;            /* the whole message */
    packet_info *pinfo;
    guint16 type;
    msturn_kind kind;
    gboolean rfc5389;         /* RFC 5389 form, decoded by stun */
    gboolean first_look;      /* first analysis of the frame: state may be written */
    const guint8 *username;
    guint username_len;
    const guint8 *realm;
    guint realm_len;
    const guint8 *alt_realm;  /* RFC 5389 form: 0x0014, REALM in RFC numbering */
    guint alt_realm_len;
    guint32 mras_frame;       /* MRAS response linked on this message, 0 if none */
    guint32 response_to;      /* request frame of a response, 0 if none */
    const char *integrity;    /* integrity status, NULL when not checked */
    gboolean has_nonce;
    guint error_code;
    const char *error_reason;
    proto_item *error_item;
    int mi_offset;            /* -1 when absent */
    guint mi_len;
    proto_item *mi_item;
    proto_tree *mi_tree;
    const char *destination;  /* "addr:port" */
    const char *remote;
    const char *relay;
    address relay_addr;       /* MAPPED-ADDRESS of an Allocate response: the relayed address */
    guint16 relay_port;
    const char *mapped;
    int data_offset;          /* DATA value, dissected after the Info column is set */
    guint data_len;
    proto_tree *data_tree;
    msturn_conv *conv;        /* set by track() */
} msg_info;

static gboolean
is_printable(const guint8 *s, guint len)
{
    for (guint i = 0; i < len; i++)
        if (s[i] < 0x20 || s[i] > 0x7E)
            return FALSE;
    return len > 0;
}

/* USERNAME as shown to people: the text when printable, else base64. */
static const char *
username_text(packet_info *pinfo, const guint8 *u, guint len)
{
    gchar *b64;
    const char *text;

    if (is_printable(u, len))
        return msocs_format_text(pinfo->pool, u, len);
    b64 = g_base64_encode(u, len);
    text = wmem_strdup_printf(pinfo->pool, "b64:%s", b64);
    g_free(b64);
    return text;
}

/* username_text through the conversation's one-entry cache. */
static const char *
cached_username_text(packet_info *pinfo, const msg_info *mi)
{
    msturn_conv *mc = mi->conv;
    const char *text;

    if (mc != NULL && mc->user_len != 0 && mc->user_len == mi->username_len &&
        memcmp(mc->user, mi->username, mi->username_len) == 0)
        return mc->user_text;
    text = username_text(pinfo, mi->username, mi->username_len);
    if (mc != NULL && mi->username_len > 0 && mi->username_len <= MSTURN_USER_CACHE &&
        strlen(text) < sizeof mc->user_text) {
        memcpy(mc->user, mi->username, mi->username_len);
        mc->user_len = mi->username_len;
        g_strlcpy(mc->user_text, text, sizeof mc->user_text);
    }
    return text;
}

static void dissect_payload(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);
static gboolean payload_only(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* Item labels are only read in a shown tree (filters and columns use the
 * values): no label text for a tree that only feeds filters or a
 * postdissector. A faked item is its parent tree, so this works for both. */
static gboolean
item_shown(proto_item *ai)
{
    return ai != NULL && PTREE_DATA(ai)->visible;
}

/* Appends the decimal digits of v. */
static char *
put_uint(char *p, guint v)
{
    char digits[10];
    int n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        *p++ = digits[--n];
    return p;
}

/* "a.b.c.d:port": every relayed packet names one, so no printf. */
static const char *
v4_port_text(wmem_allocator_t *scope, const guint8 a[4], guint16 port)
{
    char *text = (char *)wmem_alloc(scope, sizeof "255.255.255.255:65535");
    char *p = text;

    for (int i = 0; i < 4; i++) {
        p = put_uint(p, a[i]);
        *p++ = i < 3 ? '.' : ':';
    }
    p = put_uint(p, port);
    *p = '\0';
    return text;
}

static void
add_address(tvbuff_t *tvb, packet_info *pinfo, proto_tree *at, proto_item *ai, int off, guint len,
            const msturn_attr_info *info, const attr_fields *f, msg_info *mi)
{
    gboolean xored = info->shape == MSTURN_SHAPE_XOR_ADDRESS;
    guint8 family;
    guint8 key[16];
    guint16 port;
    const char *text = NULL;

    proto_tree_add_item(at, hf_msturn_reserved, tvb, off, 1, ENC_NA);
    family = tvb_get_guint8(tvb, off + 1);
    proto_tree_add_item(at, hf_msturn_family, tvb, off + 1, 1, ENC_NA);
    tvb_memcpy(mi->tvb, key, 4, 16);
    port = tvb_get_ntohs(tvb, off + 2);
    if (xored)
        port ^= (guint16)((key[0] << 8) | key[1]);
    proto_tree_add_uint(at, f->port, tvb, off + 2, 2, port);

    if (family == 1 && len == 8) {
        guint8 a[4];
        tvb_memcpy(tvb, a, off + 4, 4);
        if (xored)
            msturn_unxor(a, 4, key);
        guint32 v4;
        memcpy(&v4, a, 4);
        proto_tree_add_ipv4(at, f->value, tvb, off + 4, 4, v4);
        text = v4_port_text(pinfo->pool, a, port);
        if (info->type == 0x0001) {
            set_address(&mi->relay_addr, AT_IPv4, 4, wmem_memdup(pinfo->pool, a, 4));
            mi->relay_port = port;
        }
    } else if (family == 2 && len == 20) {
        ws_in6_addr a6;
        tvb_memcpy(tvb, a6.bytes, off + 4, 16);
        if (xored)
            msturn_unxor(a6.bytes, 16, key);
        proto_tree_add_ipv6(at, f->v6, tvb, off + 4, 16, &a6);
        address a;
        set_address(&a, AT_IPv6, 16, a6.bytes);
        if (info->type == 0x0001) {
            set_address(&mi->relay_addr, AT_IPv6, 16, wmem_memdup(pinfo->pool, a6.bytes, 16));
            mi->relay_port = port;
        }
        text = wmem_strdup_printf(pinfo->pool, "[%s]:%u", address_to_str(pinfo->pool, &a), port);
    } else {
        expert_add_info_format(pinfo, ai, &ei_msturn_malformed,
                               "%s: family %u with a %u-byte value", info->name, family, len);
        return;
    }
    proto_item_append_text(ai, ": %s", text);
    switch (info->type) {
    case 0x0001: mi->relay = text; break;
    case 0x0011: mi->destination = text; break;
    case 0x0012: mi->remote = text; break;
    case 0x8020: mi->mapped = text; break;
    default: break;
    }
}

static void
add_attr_value(tvbuff_t *tvb, packet_info *pinfo, proto_tree *at, proto_item *ai, int off, guint len,
               const msturn_attr_info *info, const attr_fields *f, msg_info *mi)
{
    guint32 v;
    proto_item *pi;

    switch (info->shape) {
    case MSTURN_SHAPE_ADDRESS:
    case MSTURN_SHAPE_XOR_ADDRESS:
        add_address(tvb, pinfo, at, ai, off, len, info, f, mi);
        break;
    case MSTURN_SHAPE_U32:
        proto_tree_add_item_ret_uint(at, f->value, tvb, off, 4, ENC_BIG_ENDIAN, &v);
        proto_item_append_text(ai, info->type == MSTURN_ATTR_MAGIC_COOKIE ? ": 0x%08x" : ": %u", v);
        if (info->type == MSTURN_ATTR_MAGIC_COOKIE && v != MSTURN_MAGIC_COOKIE && ai != NULL)
            expert_add_info_format(pinfo, ai, &ei_msturn_malformed,
                                   "MAGIC-COOKIE is 0x%08x, not 0x72c64bc6", v);
        break;
    case MSTURN_SHAPE_STRING:
        proto_tree_add_item(at, f->value, tvb, off, len, ENC_UTF_8);
        if (item_shown(ai))
            proto_item_append_text(ai, ": %s", tvb_format_text(pinfo->pool, tvb, off, len));
        if (info->type == 0x0015) {
            mi->realm = tvb_get_ptr(tvb, off, len);
            mi->realm_len = len;
        } else if (info->type == 0x0014) {
            mi->has_nonce = TRUE;
        }
        break;
    case MSTURN_SHAPE_OPAQUE: {
        const guint8 *u = tvb_get_ptr(tvb, off, len);
        proto_tree_add_item(at, f->value, tvb, off, len, ENC_NA);
        if (at != NULL && proto_field_is_referenced(at, hf_msturn_username_b64)) {
            gchar *b64 = g_base64_encode(u, len);
            pi = proto_tree_add_string(at, hf_msturn_username_b64, tvb, off, len, b64);
            proto_item_set_generated(pi);
            g_free(b64);
        }
        mi->username = u;
        mi->username_len = len;
        if (item_shown(ai))
            proto_item_append_text(ai, ": %s", username_text(pinfo, u, len));
        break;
    }
    case MSTURN_SHAPE_BYTES:
        proto_tree_add_item(at, f->value, tvb, off, len, ENC_NA);
        break;
    case MSTURN_SHAPE_DATA:
        proto_tree_add_item(at, f->value, tvb, off, len, ENC_NA);
        proto_item_append_text(ai, ": %u bytes", len);
        mi->data_offset = off;
        mi->data_len = len;
        mi->data_tree = at;
        break;
    case MSTURN_SHAPE_INTEGRITY:
        mi->mi_item = proto_tree_add_item(at, f->value, tvb, off, len, ENC_NA);
        mi->mi_tree = at;
        mi->mi_offset = off - 4;
        mi->mi_len = len;
        break;
    case MSTURN_SHAPE_ERROR_CODE: {
        guint32 cls, num;
        proto_tree_add_item(at, hf_msturn_reserved, tvb, off, 2, ENC_NA);
        proto_tree_add_item_ret_uint(at, hf_msturn_error_class, tvb, off + 2, 1, ENC_NA, &cls);
        proto_tree_add_item_ret_uint(at, hf_msturn_error_number, tvb, off + 3, 1, ENC_NA, &num);
        mi->error_code = (cls & 0x7) * 100 + num;
        mi->error_item = proto_tree_add_uint(at, hf_msturn_error_code, tvb, off + 2, 2, mi->error_code);
        if (len > 4)
            proto_tree_add_item_ret_string(at, hf_msturn_error_reason, tvb, off + 4, len - 4, ENC_UTF_8,
                                           pinfo->pool, (const guint8 **)&mi->error_reason);
        const msturn_error_info *e = msturn_error_lookup(mi->error_code);
        if (e != NULL) {
            pi = proto_tree_add_string(at, hf_msturn_error_meaning, tvb, off + 2, 2, e->meaning);
            proto_item_set_generated(pi);
            if (mi->error_reason == NULL || mi->error_reason[0] == '\0')
                mi->error_reason = e->reason;
        }
        proto_item_append_text(ai, ": %u %s", mi->error_code, mi->error_reason ? mi->error_reason : "");
        break;
    }
    case MSTURN_SHAPE_ATTR_LIST:
        for (guint i = 0; i + 2 <= len; i += 2)
            proto_tree_add_item(at, hf_msturn_unknown_attribute, tvb, off + i, 2, ENC_BIG_ENDIAN);
        if (len % 2)
            expert_add_info_format(pinfo, ai, &ei_msturn_malformed,
                                   "UNKNOWN-ATTRIBUTES length %u is odd", len);
        break;
    case MSTURN_SHAPE_FAMILY:
        proto_tree_add_item(at, hf_msturn_requested_family, tvb, off, 1, ENC_NA);
        proto_tree_add_item(at, hf_msturn_reserved, tvb, off + 1, 3, ENC_NA);
        break;
    case MSTURN_SHAPE_SEQUENCE:
        proto_tree_add_item(at, hf_msturn_connection_id, tvb, off, 20, ENC_NA);
        proto_tree_add_item_ret_uint(at, hf_msturn_sequence_number, tvb, off + 20, 4, ENC_BIG_ENDIAN, &v);
        proto_item_append_text(ai, ": %u", v);
        break;
    case MSTURN_SHAPE_SERVICE_QUALITY:
        proto_tree_add_item(at, hf_msturn_stream_type, tvb, off, 2, ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_service_quality, tvb, off + 2, 2, ENC_BIG_ENDIAN);
        break;
    case MSTURN_SHAPE_BW_ACM:
        proto_tree_add_item(at, hf_msturn_reserved, tvb, off, 2, ENC_NA);
        proto_tree_add_item(at, hf_msturn_bw_acm_type, tvb, off + 2, 2, ENC_BIG_ENDIAN);
        break;
    case MSTURN_SHAPE_BW_AMOUNT:
        proto_tree_add_item(at, hf_msturn_bw_max_send, tvb, off, 4, ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_bw_min_send, tvb, off + 4, 4, ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_bw_max_receive, tvb, off + 8, 4, ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_bw_min_receive, tvb, off + 12, 4, ENC_BIG_ENDIAN);
        break;
    case MSTURN_SHAPE_SITE_RESPONSE: {
        static int *const flags[] = { &hf_msturn_site_valid, &hf_msturn_site_pstn, NULL };
        proto_tree_add_bitmask(at, tvb, off, hf_msturn_site_flags, ett_msturn_site_flags, flags,
                               ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_site_max_send, tvb, off + 4, 4, ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_site_max_receive, tvb, off + 8, 4, ENC_BIG_ENDIAN);
        break;
    }
    case MSTURN_SHAPE_LOCATION_PROFILE:
        proto_tree_add_item(at, hf_msturn_lp_peer, tvb, off, 1, ENC_NA);
        proto_tree_add_item(at, hf_msturn_lp_self, tvb, off + 1, 1, ENC_NA);
        proto_tree_add_item(at, hf_msturn_lp_federation, tvb, off + 2, 1, ENC_NA);
        proto_tree_add_item(at, hf_msturn_lp_reserved, tvb, off + 3, 1, ENC_NA);
        break;
    }
}

/* The password bytes for a username: MRAS responses seen in the capture
 * first, then the credentials preference. */
static gboolean
find_password(packet_info *pinfo, const guint8 *user, guint user_len, const guint8 **pass,
              gsize *pass_len, guint32 *mras_frame)
{
    const mras_credential *c = mras_store_lookup(user, user_len, pinfo->num);
    if (c != NULL && c->password != NULL) {
        *pass = c->password;
        *pass_len = c->password_len;
        *mras_frame = c->frame;
        return TRUE;
    }
    for (guint i = 0; i < n_cred_uats; i++) {
        gsize ulen = 0, plen = 0;
        guchar *u, *p;
        if (cred_uats[i].username == NULL || cred_uats[i].password == NULL)
            continue;
        u = g_base64_decode(cred_uats[i].username, &ulen);
        if (ulen == user_len && memcmp(u, user, ulen) == 0) {
            p = g_base64_decode(cred_uats[i].password, &plen);
            *pass = (const guint8 *)wmem_memdup(pinfo->pool, p, plen);
            *pass_len = plen;
            *mras_frame = 0;
            g_free(p);
            g_free(u);
            return TRUE;
        }
        g_free(u);
    }
    return FALSE;
}

/* A verdict kept for later passes (tshark -2, the GUI's re-dissection) holds
 * a copy of the exact bytes that verified: the raw offset alone does not
 * identify a message (one nested in a reassembled PDU and one in the frame's
 * own bytes can share it), and a forged message must never inherit a
 * verdict. */
typedef struct verified_msg {
    struct verified_msg *next;
    guint len;
    const guint8 *bytes;
} verified_msg;

static gboolean
verified_before(packet_info *pinfo, tvbuff_t *tvb, guint len)
{
    guint32 key = MSTURN_VERIFIED_KEY | (guint32)tvb_raw_offset(tvb);
    const verified_msg *v = (const verified_msg *)p_get_proto_data(wmem_file_scope(), pinfo, proto_msturn, key);

    for (; v != NULL; v = v->next) {
        if (v->len == len && tvb_memeql(tvb, 0, v->bytes, len) == 0)
            return TRUE;
    }
    return FALSE;
}

static void
remember_verified(packet_info *pinfo, tvbuff_t *tvb, guint len)
{
    guint32 key = MSTURN_VERIFIED_KEY | (guint32)tvb_raw_offset(tvb);
    verified_msg *v = wmem_new(wmem_file_scope(), verified_msg);

    v->next = (verified_msg *)p_get_proto_data(wmem_file_scope(), pinfo, proto_msturn, key);
    v->len = len;
    v->bytes = (const guint8 *)tvb_memdup(wmem_file_scope(), tvb, 0, len);
    p_set_proto_data(wmem_file_scope(), pinfo, proto_msturn, key, v);
}

/* The 32-byte MESSAGE-INTEGRITY of MS-VERSION >= 3 (msturn-wire.c). */
static const char *
check_integrity256(packet_info *pinfo, msg_info *mi, const guint8 *user, guint user_len,
                   const guint8 *const realms[2], const guint realm_lens[2], const guint8 *pass, gsize pass_len)
{
    guint8 expected[MSTURN_HMAC256_LEN];
    proto_item *pi;

    switch (msturn_verify_mi256(tvb_get_ptr(mi->tvb, 0, mi->mi_offset + 4 + MSTURN_HMAC256_LEN),
                                (gsize)mi->mi_offset,
                                tvb_get_ptr(mi->tvb, mi->mi_offset + 4, MSTURN_HMAC256_LEN), user, user_len,
                                realms[0], realm_lens[0], realms[1], realm_lens[1], pass, pass_len, expected)) {
    case MSTURN_MI256_VERIFIED:
        remember_verified(pinfo, mi->tvb, (guint)mi->mi_offset + 4 + MSTURN_HMAC256_LEN);
        return "verified";
    case MSTURN_MI256_NO_NONCE:
        return "unverified: no nonce";
    default:
        pi = proto_tree_add_bytes(mi->mi_tree, hf_msturn_integrity_expected, mi->tvb, mi->mi_offset + 4,
                                  MSTURN_HMAC256_LEN, expected);
        proto_item_set_generated(pi);
        return "failed";
    }
}

static void
check_integrity(packet_info *pinfo, msg_info *mi, const msturn_transaction *tr)
{
    const guint8 *user = mi->username, *pass = NULL;
    guint user_len = mi->username_len;
    /* The RFC 5389 form may number REALM either way: MS (0x0015) first. */
    const guint8 *realms[2] = { mi->realm, mi->alt_realm };
    guint realm_lens[2] = { mi->realm_len, mi->alt_realm_len };
    gsize pass_len = 0;
    guint32 mras_frame = 0;
    const char *status = "unverified: no credentials";
    proto_item *pi;

    /* The result is only ever shown in a tree (items, expert, the fields
     * ocstriage reads): with none, skip the key derivation and HMAC, which
     * an authenticated Send request or Data indication would otherwise pay
     * on every relayed media packet. */
    if (mi->mi_tree == NULL)
        return;

    /* Responses carry no USERNAME: the request's credentials sign them. */
    if (user == NULL && tr != NULL && tr->username != NULL) {
        user = tr->username;
        user_len = tr->username_len;
        realms[0] = tr->realm;
        realm_lens[0] = tr->realm_len;
        realms[1] = tr->alt_realm;
        realm_lens[1] = tr->alt_realm_len;
    }
    if (user != NULL && find_password(pinfo, user, user_len, &pass, &pass_len, &mras_frame)) {
        /* the bytes of a message verified once stay verified: later passes
         * skip the key derivation and HMAC */
        guint signed_len = (guint)mi->mi_offset + 4 + MSTURN_HMAC_LEN;
        if (mras_frame != 0) {
            pi = proto_tree_add_uint(mi->mi_tree, hf_msturn_mras_frame, mi->tvb, 0, 0, mras_frame);
            proto_item_set_generated(pi);
            mi->mras_frame = mras_frame;
        }
        if (mi->mi_len == MSTURN_HMAC_LEN && tvb_bytes_exist(mi->tvb, 0, (gint)signed_len) &&
            verified_before(pinfo, mi->tvb, signed_len)) {
            status = "verified";
        } else if (mi->mi_len == MSTURN_HMAC_LEN && tvb_bytes_exist(mi->tvb, 0, (gint)signed_len)) {
            guint8 key[16], mac[MSTURN_HMAC_LEN], first[MSTURN_HMAC_LEN];
            const guint8 *msg = tvb_get_ptr(mi->tvb, 0, mi->mi_offset);
            status = "failed";
            for (int r = 0; r < 2; r++) {
                if (r == 1 && realms[1] == NULL)
                    break;
                msturn_long_term_key(user, user_len, realms[r] ? realms[r] : (const guint8 *)"",
                                     realms[r] ? realm_lens[r] : 0, pass, pass_len, key);
                if (!msturn_integrity_hmac(msg, (gsize)mi->mi_offset, key, sizeof key, !mi->rfc5389, mac)) {
                    status = "unknown";
                    break;
                }
                if (r == 0)
                    memcpy(first, mac, sizeof first);
                if (tvb_memeql(mi->tvb, mi->mi_offset + 4, mac, MSTURN_HMAC_LEN) == 0) {
                    status = "verified";
                    remember_verified(pinfo, mi->tvb, signed_len);
                    break;
                }
            }
            if (strcmp(status, "failed") == 0) {
                pi = proto_tree_add_bytes(mi->mi_tree, hf_msturn_integrity_expected, mi->tvb,
                                          mi->mi_offset + 4, MSTURN_HMAC_LEN, first);
                proto_item_set_generated(pi);
            }
        } else if (mi->mi_len == MSTURN_HMAC256_LEN &&
                   tvb_bytes_exist(mi->tvb, 0, mi->mi_offset + 4 + MSTURN_HMAC256_LEN)) {
            status = verified_before(pinfo, mi->tvb, (guint)mi->mi_offset + 4 + MSTURN_HMAC256_LEN)
                   ? "verified"
                   : check_integrity256(pinfo, mi, user, user_len, realms, realm_lens, pass, pass_len);
        } else {
            status = "unverified: unexpected length";
        }
    }
    pi = proto_tree_add_string(mi->mi_tree, hf_msturn_integrity_status, mi->tvb, mi->mi_offset + 4,
                               mi->mi_len, status);
    proto_item_set_generated(pi);
    proto_item_append_text(mi->mi_item, " [%s]", status);
    mi->integrity = status;
    if (strcmp(status, "failed") == 0)
        expert_add_info_format(pinfo, mi->mi_item, &ei_msturn_integrity_failed,
                               "MESSAGE-INTEGRITY does not verify with the %s credentials for this username:"
                               " wrong or stale credentials, or a middlebox rewrote the message",
                               mras_frame ? "MRAS" : "configured");
}

/* Text of one relay of an MRAS relay list: "host:port". */
static const char *
relay_text(packet_info *pinfo, const mras_relay *r, gboolean tcp)
{
    const char *name = r->ip ? r->ip : r->host ? r->host : "?";
    guint32 port = tcp ? r->tcp_port : r->udp_port;
    return port ? wmem_strdup_printf(pinfo->pool, "%s:%u", name, port) : name;
}

/* Does the destination of this frame match the relay? A hostName that is
 * not an address literal cannot be compared (no DNS here): only its port is. */
static gboolean
relay_matches(packet_info *pinfo, const mras_relay *r, gboolean tcp)
{
    const char *lit = r->ip ? r->ip : r->host;
    guint32 port = tcp ? r->tcp_port : r->udp_port;
    ws_in4_addr a4;
    ws_in6_addr a6;
    address a;

    if (port != 0 && port != pinfo->destport)
        return FALSE;
    if (lit == NULL)
        return TRUE;
    if (ws_inet_pton4(lit, &a4))
        set_address(&a, AT_IPv4, 4, &a4);
    else if (ws_inet_pton6(lit, &a6))
        set_address(&a, AT_IPv6, 16, a6.bytes);
    else
        return r->ip == NULL; /* unresolvable host name: cannot tell */
    return addresses_equal(&a, &pinfo->dst);
}

/* An Allocate signed with MRAS credentials should go to one of the relays
 * the same MRAS response listed. */
static void
check_relay(packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb, proto_item *anchor, msg_info *mi)
{
    const mras_credential *c;
    gboolean tcp = pinfo->ptype == PT_TCP;
    wmem_strbuf_t *list;
    proto_item *pi;

    if (mi->kind != MSTURN_KIND_REQUEST || msturn_type_method(mi->type) != 0x003 || mi->username == NULL)
        return;
    if (pinfo->ptype != PT_UDP && pinfo->ptype != PT_TCP)
        return;
    c = mras_store_lookup(mi->username, mi->username_len, pinfo->num);
    if (c == NULL || c->n_relays == 0)
        return;
    if (mi->mras_frame == 0) {
        pi = proto_tree_add_uint(tree, hf_msturn_mras_frame, tvb, 0, 0, c->frame);
        proto_item_set_generated(pi);
        mi->mras_frame = c->frame;
    }
    for (guint i = 0; i < c->n_relays; i++)
        if (relay_matches(pinfo, &c->relays[i], tcp))
            return;
    list = wmem_strbuf_new(pinfo->pool, "");
    for (guint i = 0; i < c->n_relays && i < 8; i++)
        wmem_strbuf_append_printf(list, "%s%s", i ? ", " : "", relay_text(pinfo, &c->relays[i], tcp));
    if (c->n_relays > 8)
        wmem_strbuf_append_printf(list, ", ... (%u relays)", c->n_relays);
    expert_add_info_format(pinfo, anchor, &ei_msturn_relay_not_listed,
                           "Allocate sent to %s:%u (%s), which is not among the relays the MRAS response in "
                           "frame %u listed for this username (%s): wrong or stale Edge address, or "
                           "credentials from another pool",
                           address_to_str(pinfo->pool, &pinfo->dst), pinfo->destport, tcp ? "TCP" : "UDP",
                           c->frame, wmem_strbuf_get_str(list));
}

/* A response-class message whose transaction id is that of a request we
 * tracked, going back to the requester (from whichever relay address). */
static gboolean
answers_request(packet_info *pinfo, tvbuff_t *tvb, int start)
{
    msturn_tid tid;
    const msturn_transaction *tr;

    if (!tvb_bytes_exist(tvb, start + 4, 16))
        return FALSE;
    tvb_memcpy(tvb, tid.id, start + 4, 16);
    tr = (const msturn_transaction *)wmem_map_lookup(transactions, &tid);
    return tr != NULL && addresses_equal(&tr->req_src, &pinfo->dst) && tr->req_sport == pinfo->destport;
}

static msturn_transaction *
track(packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb, msg_info *mi)
{
    msturn_conv *mc = get_conv(pinfo);
    msturn_tid tid;
    msturn_transaction *tr;
    proto_item *pi;

    mi->conv = mc;
    /* Send requests and Data indications, the bulk of a relayed call, have
     * no transaction to look up. */
    if (mi->kind == MSTURN_KIND_INDICATION)
        return NULL;

    tvb_memcpy(tvb, tid.id, 4, 16);
    tr = (msturn_transaction *)wmem_map_lookup(transactions, &tid);
    /* a response belongs to the request only when it goes back to the requester */
    if (tr != NULL && mi->kind != MSTURN_KIND_REQUEST &&
        (!addresses_equal(&tr->req_src, &pinfo->dst) || tr->req_sport != pinfo->destport))
        tr = NULL;
    if (mi->first_look) {
        if (mi->kind == MSTURN_KIND_REQUEST && tr == NULL && n_transactions < MSTURN_MAX_TRANSACTIONS) {
            msturn_tid *key = wmem_new(wmem_file_scope(), msturn_tid);
            *key = tid;
            tr = wmem_new0(wmem_file_scope(), msturn_transaction);
            tr->req_frame = pinfo->num;
            tr->req_time = pinfo->abs_ts;
            tr->req_type = mi->type;
            copy_address_wmem(wmem_file_scope(), &tr->req_src, &pinfo->src);
            tr->req_sport = pinfo->srcport;
            if (mi->username != NULL) {
                tr->username_len = MIN(mi->username_len, MSTURN_MAX_SAVED_CRED);
                tr->username = (guint8 *)wmem_memdup(wmem_file_scope(), mi->username, tr->username_len);
            }
            if (mi->realm != NULL) {
                tr->realm_len = MIN(mi->realm_len, MSTURN_MAX_SAVED_CRED);
                tr->realm = (guint8 *)wmem_memdup(wmem_file_scope(), mi->realm, tr->realm_len);
            }
            if (mi->alt_realm != NULL) {
                tr->alt_realm_len = MIN(mi->alt_realm_len, MSTURN_MAX_SAVED_CRED);
                tr->alt_realm = (guint8 *)wmem_memdup(wmem_file_scope(), mi->alt_realm, tr->alt_realm_len);
            }
            wmem_map_insert(transactions, key, tr);
            n_transactions++;
        } else if ((mi->kind == MSTURN_KIND_SUCCESS || mi->kind == MSTURN_KIND_ERROR) && tr != NULL &&
                   tr->resp_frame == 0) {
            tr->resp_frame = pinfo->num;
        }
    }
    if (tr == NULL)
        return NULL;
    if (mi->kind == MSTURN_KIND_REQUEST && tr->req_frame == pinfo->num) {
        if (tr->resp_frame != 0) {
            pi = proto_tree_add_uint(tree, hf_msturn_response_in, tvb, 0, 0, tr->resp_frame);
            proto_item_set_generated(pi);
        } else if (PINFO_FD_VISITED(pinfo) && !mi->first_look &&
                   !(mi->rfc5389 && msturn_type_method(mi->type) == 0x001)) {
            /* (unanswered ICE connectivity checks are normal) */
            pi = proto_tree_add_expert_format(tree, pinfo, &ei_msturn_no_response, tvb, 0, 0,
                                              "%s has no response in the capture: Edge A/V external "
                                              "interface unreachable? (UDP 3478 / TCP 443)",
                                              mi->rfc5389 ? rfc5389_ms_name(mi->type)
                                                          : val_to_str_const(mi->type, type_vals, "MS-TURN request"));
            proto_item_set_generated(pi);
        }
    } else if ((mi->kind == MSTURN_KIND_SUCCESS || mi->kind == MSTURN_KIND_ERROR) &&
               tr->resp_frame == pinfo->num) {
        nstime_t delta;
        pi = proto_tree_add_uint(tree, hf_msturn_response_to, tvb, 0, 0, tr->req_frame);
        proto_item_set_generated(pi);
        mi->response_to = tr->req_frame;
        nstime_delta(&delta, &pinfo->abs_ts, &tr->req_time);
        pi = proto_tree_add_time(tree, hf_msturn_time, tvb, 0, 0, &delta);
        proto_item_set_generated(pi);
    }
    return tr;
}

static void
add_error_expert(packet_info *pinfo, const msg_info *mi)
{
    if (mi->kind != MSTURN_KIND_ERROR || mi->error_item == NULL)
        return;
    if (mi->error_code == 436)
        expert_add_info_format(pinfo, mi->error_item, &ei_msturn_unknown_user,
                               "436 Unknown User: the MRAS username is unknown to this Edge "
                               "(credentials from another pool's MRAS, clock skew or expired)");
    else
        expert_add_info_format(pinfo, mi->error_item, &ei_msturn_error_response, "Error response %u: %s",
                               mi->error_code, mi->error_reason ? mi->error_reason : "");
}

/* label and value, when there is a value */
static void
info_add(wmem_strbuf_t *s, const char *label, const char *value)
{
    if (value == NULL)
        return;
    wmem_strbuf_append(s, label);
    wmem_strbuf_append(s, value);
}

static void
set_info(packet_info *pinfo, const msg_info *mi)
{
    const char *mname;
    wmem_strbuf_t *s;

    if (pinfo->cinfo == NULL)   /* no columns on this pass (tshark -2's first, -q) */
        return;
    mname = val_to_str_const(msturn_type_method(mi->type), method_vals, "Unknown");
    s = msocs_strbuf_sized(pinfo->pool, 128);

    /* plain appends, not printf: this runs for every relayed packet */
    if (mi->kind == MSTURN_KIND_ERROR && mi->error_code != 0) {
        wmem_strbuf_append_printf(s, "%s Error %u: %s", mname, mi->error_code,
                                  mi->error_reason ? mi->error_reason : "");
    } else {
        wmem_strbuf_append(s, msocs_val_to_str(pinfo->pool, mi->type, type_vals, "Unknown type 0x%04x"));
    }
    if (mi->username != NULL)
        info_add(s, " user=", cached_username_text(pinfo, mi));
    if (mi->realm != NULL && mi->kind == MSTURN_KIND_REQUEST)
        info_add(s, " realm=", msocs_format_text(pinfo->pool, mi->realm, mi->realm_len));
    info_add(s, " -> ", mi->destination);
    info_add(s, " <- ", mi->remote);
    if (mi->kind == MSTURN_KIND_SUCCESS) {
        info_add(s, " relay=", mi->relay);
        info_add(s, " mapped=", mi->mapped);
    }
    col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", wmem_strbuf_get_str(s));
}

/* After a successful Allocate the Edge relays media between the relayed
 * address and the peers: hand that port to RTP (and the next one to RTCP), so
 * media captured on the Edge's external side decodes without Decode As. Done
 * once, on the first pass; RTP's own conversation keeps it. */
static void
setup_relayed_media(packet_info *pinfo, const msg_info *mi)
{
    if (!mi->first_look || mi->kind != MSTURN_KIND_SUCCESS || msturn_type_method(mi->type) != 0x003 ||
        mi->relay_addr.type == AT_NONE || mi->relay_port == 0 || !pref_relay_media)
        return;
    rtp_add_address(pinfo, PT_UDP, (address *)&mi->relay_addr, mi->relay_port, 0, "MS-TURN",
                    pinfo->num, 0, NULL);
    if (mi->relay_port < 65535)
        rtcp_add_address(pinfo, (address *)&mi->relay_addr, mi->relay_port + 1, 0, "MS-TURN", pinfo->num);
}

#define MSTURN_SUMMARY_KEY 1   /* proto data key (pinfo->pool) of the msturn_summary list */

/* Hands ocstriage this message's facts (msturn.h), on the first look. */
static void
add_summary(packet_info *pinfo, const msg_info *mi, int txid_off, guint txid_len)
{
    msturn_summary *sm, *head;

    if (!mi->first_look)
        return;
    sm = wmem_new0(pinfo->pool, msturn_summary);
    sm->type = mi->type;
    sm->kind = mi->kind;
    sm->credentials = mi->username != NULL && mi->realm != NULL && mi->has_nonce && mi->mi_offset >= 0;
    sm->error_code = mi->error_code;
    sm->response_to = mi->response_to;
    sm->mras_frame = mi->mras_frame;
    sm->integrity = mi->integrity;
    copy_address_shallow(&sm->mapped, &mi->relay_addr);
    if (tvb_bytes_exist(mi->tvb, txid_off, txid_len)) {
        sm->txid = tvb_get_ptr(mi->tvb, txid_off, txid_len);
        sm->txid_len = txid_len;
    }
    head = (msturn_summary *)p_get_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_SUMMARY_KEY);
    if (head == NULL) {
        p_add_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_SUMMARY_KEY, sm);
    } else {
        while (head->next != NULL)
            head = head->next;
        head->next = sm;
    }
}

const msturn_summary *
msturn_frame_summary(packet_info *pinfo)
{
    return (const msturn_summary *)p_get_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_SUMMARY_KEY);
}

/* One old-form message; tvb holds exactly the message (or less when the
 * length field lies). */
static int
dissect_msturn_message(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    proto_item *ti, *pi, *attrs_item;
    proto_tree *mt, *attrs_tree;
    msg_info mi;
    guint32 length;
    int off, end, reported;
    guint n_attrs = 0;

    if (payload_only(tvb, pinfo, tree))
        return tvb_captured_length(tvb);

    memset(&mi, 0, sizeof mi);
    mi.tvb = tvb;
    mi.pinfo = pinfo;
    mi.mi_offset = -1;
    mi.first_look = !PINFO_FD_VISITED(pinfo);
    mi.type = tvb_get_ntohs(tvb, 0);
    mi.kind = msturn_type_kind(mi.type);

    col_set_str(pinfo->cinfo, COL_PROTOCOL, "MS-TURN");
    ti = proto_tree_add_item(tree, proto_msturn, tvb, 0, -1, ENC_NA);
    mt = proto_item_add_subtree(ti, ett_msturn);

    proto_tree_add_item(mt, hf_msturn_type, tvb, 0, 2, ENC_BIG_ENDIAN);
    pi = proto_tree_add_uint(mt, hf_msturn_method, tvb, 0, 2, msturn_type_method(mi.type));
    proto_item_set_generated(pi);
    pi = proto_tree_add_uint(mt, hf_msturn_class, tvb, 0, 2, mi.kind);
    proto_item_set_generated(pi);
    pi = proto_tree_add_item_ret_uint(mt, hf_msturn_length, tvb, 2, 2, ENC_BIG_ENDIAN, &length);
    proto_tree_add_item(mt, hf_msturn_transaction_id, tvb, 4, 16, ENC_NA);
    pi = proto_tree_add_uint(mt, hf_msturn_form, tvb, 0, 0, 0);
    proto_item_set_generated(pi);
    if (msturn_type_lookup(mi.type) == NULL)
        expert_add_info_format(pinfo, ti, &ei_msturn_malformed, "Message type 0x%04x is not an MS-TURN type",
                               mi.type);

    reported = tvb_reported_length(tvb);
    end = MSTURN_HEADER_LEN + (int)length;
    if (end != reported) {
        expert_add_info_format(pinfo, pi, &ei_msturn_malformed,
                               "Length field says %u attribute bytes, the message has %d", length,
                               reported - MSTURN_HEADER_LEN);
        end = MIN(end, reported);
    }

    attrs_item = proto_tree_add_item(mt, hf_msturn_attributes, tvb, MSTURN_HEADER_LEN,
                                     end - MSTURN_HEADER_LEN, ENC_NA);
    attrs_tree = proto_item_add_subtree(attrs_item, ett_msturn_attrs);

    /* Old form: no padding, the next attribute follows the value directly. */
    for (off = MSTURN_HEADER_LEN; off < end;) {
        guint16 atype;
        guint32 alen;
        proto_item *ai;
        proto_tree *at;
        const msturn_attr_info *info;
        int avail;

        if (n_attrs >= pref_max_attrs) {
            proto_tree_add_expert_format(attrs_tree, pinfo, &ei_msturn_attr_cap, tvb, off, end - off,
                                         "More than %u attributes: the remaining %d bytes are not decoded",
                                         pref_max_attrs, end - off);
            break;
        }
        if (end - off < 4) {
            proto_tree_add_expert_format(attrs_tree, pinfo, &ei_msturn_malformed, tvb, off, end - off,
                                         "Truncated attribute header (%d bytes)", end - off);
            break;
        }
        atype = tvb_get_ntohs(tvb, off);
        alen = tvb_get_ntohs(tvb, off + 2);
        info = msturn_attr_lookup(atype);
        avail = end - off - 4;
        ai = proto_tree_add_none_format(attrs_tree, hf_msturn_attribute, tvb, off,
                                        4 + MIN((int)alen, MAX(avail, 0)), "%s",
                                        info ? info->name : "Unknown attribute");
        at = proto_item_add_subtree(ai, ett_msturn_attr);
        proto_tree_add_item(at, hf_msturn_attr, tvb, off, 2, ENC_BIG_ENDIAN);
        pi = proto_tree_add_item(at, hf_msturn_attr_length, tvb, off + 2, 2, ENC_BIG_ENDIAN);
        n_attrs++;

        if ((int)alen > avail) {
            expert_add_info_format(pinfo, pi, &ei_msturn_malformed,
                                   "%s length %u runs past the end of the message (%d bytes left)",
                                   info ? info->name : "Attribute", alen, avail);
            if (avail > 0)
                proto_tree_add_item(at, hf_msturn_attr_value, tvb, off + 4, avail, ENC_NA);
            break;
        }
        if (info == NULL) {
            expert_add_info_format(pinfo, ai, &ei_msturn_unknown_attr, "Unknown attribute 0x%04x (%s)", atype,
                                   atype < 0x8000 ? "comprehension-required" : "optional");
            if (alen > 0)
                proto_tree_add_item(at, hf_msturn_attr_value, tvb, off + 4, alen, ENC_NA);
        } else if (alen < info->min_len || alen > info->max_len) {
            expert_add_info_format(pinfo, pi, &ei_msturn_malformed, "%s value is %u bytes, expected %u..%u",
                                   info->name, alen, info->min_len, info->max_len);
            if (alen > 0)
                proto_tree_add_item(at, hf_msturn_attr_value, tvb, off + 4, alen, ENC_NA);
        } else {
            add_attr_value(tvb, pinfo, at, ai, off + 4, alen, info, &attr_hf[info - msturn_attrs], &mi);
        }
        off += 4 + (int)alen;
    }

    msturn_transaction *tr = track(pinfo, mt, tvb, &mi);

    if (mi.mi_offset >= 0)
        check_integrity(pinfo, &mi, tr);
    check_relay(pinfo, mt, tvb, ti, &mi);
    setup_relayed_media(pinfo, &mi);
    add_error_expert(pinfo, &mi);
    add_summary(pinfo, &mi, 4, 16);

    proto_item_append_text(ti, ", %s", msocs_val_to_str(pinfo->pool, mi.type, type_vals, "type 0x%04x"));
    set_info(pinfo, &mi);
    if (mi.data_len > 0)
        dissect_payload(tvb_new_subset_length(tvb, mi.data_offset, mi.data_len), pinfo, mi.data_tree);
    return tvb_captured_length(tvb);
}

/* ---------- RFC 5389-form messages decoded by stun ---------- */

static gboolean
frame_has_layer(packet_info *pinfo, int proto)
{
    for (wmem_list_frame_t *l = wmem_list_head(pinfo->layers); l != NULL; l = wmem_list_frame_next(l))
        if (GPOINTER_TO_INT(wmem_list_frame_data(l)) == proto)
            return TRUE;
    return FALSE;
}

/* Where this frame's TCP or UDP payload lies in the frame: the IP header
 * holding the addresses and the TCP/UDP header holding the ports the
 * dissectors put in pinfo, found in the frame's first bytes. A postdissector
 * that looks at what another dissector took gets no tvb of it. FALSE when
 * not found (a fragmented or deeply tunnelled datagram, IPv6 extension
 * headers). */
static guint32
be16(const guint8 *p)
{
    return ((guint32)p[0] << 8) | p[1];
}

static gboolean
l4_payload_in_frame(tvbuff_t *tvb, packet_info *pinfo, int *off, int *len)
{
    guint8 b[MSTURN_PROBE_SCAN];
    guint n = MIN(tvb_captured_length(tvb), sizeof b);
    gboolean v4 = pinfo->src.type == AT_IPv4 && pinfo->dst.type == AT_IPv4;
    gboolean tcp_l4 = pinfo->ptype == PT_TCP;
    guint alen = v4 ? 4 : 16, aoff = v4 ? 12 : 8, minhdr = v4 ? 20 : 40;

    if ((!v4 && (pinfo->src.type != AT_IPv6 || pinfo->dst.type != AT_IPv6)) ||
        (!tcp_l4 && pinfo->ptype != PT_UDP))
        return FALSE;
    tvb_memcpy(tvb, b, 0, n);
    for (guint ip = 0; ip + minhdr + 8 <= n; ip++) {
        guint hlen, tcp, doff;
        gint payload;

        if ((b[ip] >> 4) != (v4 ? 4 : 6) || b[ip + (v4 ? 9 : 6)] != (tcp_l4 ? 6 : 17) ||
            memcmp(b + ip + aoff, pinfo->src.data, alen) != 0 ||
            memcmp(b + ip + aoff + alen, pinfo->dst.data, alen) != 0)
            continue;
        hlen = v4 ? (guint)(b[ip] & 0x0F) * 4 : 40;
        tcp = ip + hlen;
        if (hlen < minhdr || tcp + (tcp_l4 ? 20 : 8) > n || be16(b + tcp) != pinfo->srcport ||
            be16(b + tcp + 2) != pinfo->destport)
            continue;
        doff = tcp_l4 ? (guint)(b[tcp + 12] >> 4) * 4 : 8;
        payload = v4 ? (gint)be16(b + ip + 2) - (gint)(hlen + doff) : (gint)be16(b + ip + 4) - (gint)doff;
        if (doff < (tcp_l4 ? 20u : 8u) || payload <= 0 || (gint)(tcp + doff) >= (gint)tvb_captured_length(tvb))
            return FALSE;
        *off = (int)(tcp + doff);
        *len = MIN(payload, (gint)tvb_captured_length(tvb) - *off);
        return TRUE;
    }
    return FALSE;
}

#define MSTURN_MAX_STUN_MSGS 8      /* stun messages looked at per frame */
#define MSTURN_MAX_STUN_ATTRS 512   /* attributes walked per message */
#define MSTURN_MAX_READ_ATTRS 12    /* attributes msturn reads per message */
#define MSTURN_STUN_SEEN_KEY 2      /* proto data key (pinfo->pool) of the messages handed to stun */

/* What the first look found in a frame, kept as per-frame data so that
 * later passes decode the same messages. */
typedef struct {
    guint ds_index;     /* position of the data source in pinfo->data_src */
    int start;          /* offset of the STUN header in that data source */
    int len;            /* 20 + length field, within the captured bytes */
    guint n_attrs;
    int attr_off[MSTURN_MAX_READ_ATTRS]; /* offsets in the message of the attributes read */
} rfc_msg_rec;

typedef struct {
    guint n;
    rfc_msg_rec *msgs;
} rfc_frame_rec;

/* An RFC 5389-form message stun decodes in this frame: where it lies. */
typedef struct stun_seen {
    tvbuff_t *ds;
    int start;
    struct stun_seen *next;
} stun_seen;

static gboolean
reads_attr(guint16 type)
{
    switch (type) {
    case 0x0006: case 0x0008: case 0x0009: case 0x000D: case 0x0010:
    case 0x0014: case 0x0015: case 0x8008: case MSTURN_ATTR_MAGIC_COOKIE:
        return TRUE;
    default:
        return FALSE;
    }
}

static int
data_source_index(packet_info *pinfo, tvbuff_t *ds)
{
    int i = 0;
    for (GSList *l = pinfo->data_src; l != NULL; l = l->next, i++)
        if (get_data_source_tvb((const struct data_source *)l->data) == ds)
            return i;
    return -1;
}

static tvbuff_t *
data_source_nth(packet_info *pinfo, guint n)
{
    GSList *l = g_slist_nth(pinfo->data_src, n);
    return l ? get_data_source_tvb((const struct data_source *)l->data) : NULL;
}

/* Notes a message msturn hands to stun (TCP framing, DATA), for the
 * postdissector's first look at the frame. */
static void
note_stun_message(packet_info *pinfo, tvbuff_t *tvb)
{
    stun_seen *s;

    if (PINFO_FD_VISITED(pinfo))
        return;
    s = wmem_new0(pinfo->pool, stun_seen);
    s->ds = tvb_get_ds_tvb(tvb);
    s->start = tvb_raw_offset(tvb);
    s->next = (stun_seen *)p_get_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_STUN_SEEN_KEY);
    p_remove_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_STUN_SEEN_KEY);
    p_add_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_STUN_SEEN_KEY, s);
}

/* Is this marker-less message the answer to an MS request we tracked? */
static gboolean
answers_ms_request(packet_info *pinfo, tvbuff_t *ds, int start)
{
    msturn_kind kind = msturn_rfc5389_kind(tvb_get_ntohs(ds, start));

    return (kind == MSTURN_KIND_SUCCESS || kind == MSTURN_KIND_ERROR) && answers_request(pinfo, ds, start);
}

/* Walks the attributes of the RFC 5389-form message at start (padded to 4
 * bytes): whether one is Microsoft's, and where those msturn reads lie.
 * FALSE when the message is no MS-TURN message: not RFC 5389 form, or
 * Binding, which is MS-ICE's connectivity check (carried in DATA or direct)
 * whatever MS attributes it has. */
static gboolean
walk_rfc5389_message(packet_info *pinfo, tvbuff_t *ds, int start, rfc_msg_rec *r)
{
    gboolean marker = FALSE, padded;
    int avail = tvb_captured_length_remaining(ds, start);
    guint walked = 0;

    if (avail < MSTURN_HEADER_LEN || (tvb_get_guint8(ds, start) & 0xC0) != 0 ||
        tvb_get_ntohl(ds, start + 4) != MSTURN_RFC5389_COOKIE ||
        msturn_type_method(tvb_get_ntohs(ds, start)) == 0x001)
        return FALSE;
    memset(r, 0, sizeof *r);
    r->start = start;
    r->len = MIN(MSTURN_HEADER_LEN + (int)tvb_get_ntohs(ds, start + 2), avail);
    /* MAGIC-COOKIE first: MS-TURN's own attribute layout, unpadded (Teams
     * sends REALM of 10 bytes so), as stun's "Auto" network version reads it */
    padded = !(r->len >= MSTURN_HEADER_LEN + 8 &&
               tvb_get_ntohs(ds, start + MSTURN_HEADER_LEN) == MSTURN_ATTR_MAGIC_COOKIE);
    for (int off = MSTURN_HEADER_LEN; off + 4 <= r->len && walked < MSTURN_MAX_STUN_ATTRS; walked++) {
        guint16 atype = tvb_get_ntohs(ds, start + off);
        int alen = tvb_get_ntohs(ds, start + off + 2);

        if (off + 4 + alen > r->len)
            break; /* stun flags bad lengths itself */
        marker |= msturn_attr_marks_ms(atype);
        if (reads_attr(atype) && r->n_attrs < MSTURN_MAX_READ_ATTRS)
            r->attr_off[r->n_attrs++] = off;
        if (atype == MSTURN_ATTR_INTEGRITY)
            break; /* what follows is not covered by it */
        off += 4 + (padded ? ((alen + 3) & ~3) : alen);
    }
    return marker || answers_ms_request(pinfo, ds, start);
}

/* First look at a frame: the RFC 5389-form messages stun decoded that are
 * MS-TURN (an MS attribute, or the answer to an MS request), read from their
 * own bytes: those msturn handed to stun, and the UDP payload when stun took
 * the datagram itself. NULL if none. */
static rfc_frame_rec *
find_ms_messages(packet_info *pinfo)
{
    rfc_msg_rec msgs[MSTURN_MAX_STUN_MSGS];
    guint n = 0;
    int off, len;
    rfc_frame_rec *rec;
    tvbuff_t *frame = data_source_nth(pinfo, 0);

    for (const stun_seen *s = (const stun_seen *)p_get_proto_data(pinfo->pool, pinfo, proto_msturn,
                                                                  MSTURN_STUN_SEEN_KEY);
         s != NULL && n < MSTURN_MAX_STUN_MSGS; s = s->next) {
        int idx = data_source_index(pinfo, s->ds);
        if (idx >= 0 && walk_rfc5389_message(pinfo, s->ds, s->start, &msgs[n])) {
            msgs[n].ds_index = (guint)idx;
            n++;
        }
    }
    if (n < MSTURN_MAX_STUN_MSGS && pinfo->ptype == PT_UDP && proto_stun >= 0 && frame != NULL &&
        frame_has_layer(pinfo, proto_stun) && l4_payload_in_frame(frame, pinfo, &off, &len) &&
        walk_rfc5389_message(pinfo, frame, off, &msgs[n])) {
        msgs[n].ds_index = 0;
        n++;
    }
    if (n == 0)
        return NULL;
    rec = wmem_new0(wmem_file_scope(), rfc_frame_rec);
    rec->n = n;
    rec->msgs = (rfc_msg_rec *)wmem_memdup(wmem_file_scope(), msgs, n * sizeof msgs[0]);
    return rec;
}

/* An RFC 5389-form message that is MS-TURN carries MS-TURN's types: its
 * own name first, RFC 5766's for what MS-TURN does not define. */
static const char *
rfc5389_ms_name(guint16 type)
{
    guint16 method = msturn_type_method(type);

    if (method == 0x004 || method == 0x006 || type == 0x0115)
        return val_to_str_const(type, type_vals, "Unknown");
    return val_to_str_const(type, rfc_type_vals, "Unknown");
}

static const char *
rfc5389_ms_method_name(guint16 method)
{
    const char *n = try_val_to_str(method, method_vals);
    return n ? n : val_to_str_const(method, rfc_method_vals, "Unknown");
}

/* stun wrote its name for the type into the Info column: put MS-TURN's there. */
static void
rename_in_info(packet_info *pinfo, guint16 type)
{
    const char *stun_name = try_val_to_str(type, stun_ms_renamed), *info, *at;
    char *fixed;

    if (stun_name == NULL || pinfo->cinfo == NULL || (info = col_get_text(pinfo->cinfo, COL_INFO)) == NULL ||
        (at = strstr(info, stun_name)) == NULL)
        return;
    fixed = wmem_strdup_printf(pinfo->pool, "%.*s%s%s", (int)(at - info), info, rfc5389_ms_name(type),
                               at + strlen(stun_name));
    col_clear_fence(pinfo->cinfo, COL_INFO);
    col_add_str(pinfo->cinfo, COL_INFO, fixed);
}

static void
dissect_rfc5389_message(packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb, const rfc_msg_rec *r,
                        gboolean first_look)
{
    proto_item *ti, *pi;
    proto_tree *mt;
    msg_info mi;
    guint16 type = tvb_get_ntohs(tvb, 0);

    memset(&mi, 0, sizeof mi);
    mi.tvb = tvb;
    mi.pinfo = pinfo;
    mi.mi_offset = -1;
    mi.type = type;
    mi.kind = msturn_type_kind(type); /* Send (0x0004) is an indication */
    mi.rfc5389 = TRUE;
    mi.first_look = first_look;

    ti = proto_tree_add_item(tree, proto_msturn, tvb, 0, r->len, ENC_NA);
    proto_item_append_text(ti, ", RFC 5389 form (message decoded by STUN): %s", rfc5389_ms_name(type));
    rename_in_info(pinfo, type);
    mt = proto_item_add_subtree(ti, ett_msturn_rfc);
    pi = proto_tree_add_uint(mt, hf_msturn_form, tvb, 0, 0, 1);
    proto_item_set_generated(pi);
    /* one field per filter name (other parts of the suite look fields up by
       name); the RFC 5389 / 5766 names are set here */
    proto_tree_add_uint_format_value(mt, hf_msturn_type, tvb, 0, 2, type, "%s (0x%04x)", rfc5389_ms_name(type),
                                     type);
    pi = proto_tree_add_uint_format_value(mt, hf_msturn_method, tvb, 0, 2, msturn_type_method(type), "%s (0x%04x)",
                                          rfc5389_ms_method_name(msturn_type_method(type)), msturn_type_method(type));
    proto_item_set_generated(pi);
    pi = proto_tree_add_uint(mt, hf_msturn_class, tvb, 0, 2, mi.kind);
    proto_item_set_generated(pi);
    proto_tree_add_item(mt, hf_msturn_length, tvb, 2, 2, ENC_BIG_ENDIAN);
    proto_tree_add_item(mt, hf_msturn_cookie, tvb, 4, 4, ENC_BIG_ENDIAN);
    proto_tree_add_item(mt, hf_msturn_transaction_id, tvb, 8, 12, ENC_NA);

    for (guint i = 0; i < r->n_attrs; i++) {
        int off = r->attr_off[i];
        guint16 atype = tvb_get_ntohs(tvb, off);
        guint16 alen = tvb_get_ntohs(tvb, off + 2);
        const msturn_attr_info *info = msturn_attr_lookup(atype);

        if (info == NULL || alen < info->min_len || alen > info->max_len || mi.mi_offset >= 0)
            continue;
        add_attr_value(tvb, pinfo, mt, NULL, off + 4, alen, info, &attr_hf[info - msturn_attrs], &mi);
        if (atype == 0x0014) {
            mi.alt_realm = tvb_get_ptr(tvb, off + 4, alen);
            mi.alt_realm_len = alen;
        } else if (atype == MSTURN_ATTR_MAGIC_COOKIE && tvb_get_ntohl(tvb, off + 4) != MSTURN_MAGIC_COOKIE) {
            expert_add_info_format(pinfo, ti, &ei_msturn_malformed, "MAGIC-COOKIE is 0x%08x, not 0x72c64bc6",
                                   tvb_get_ntohl(tvb, off + 4));
        }
    }

    msturn_transaction *tr = track(pinfo, mt, tvb, &mi);
    if (mi.mi_offset >= 0)
        check_integrity(pinfo, &mi, tr);
    check_relay(pinfo, mt, tvb, ti, &mi);
    add_error_expert(pinfo, &mi);
    add_summary(pinfo, &mi, 8, 12);
}

static void probe_tls_connection(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* Postdissector: MS-TURN facts stun does not add to the RFC 5389-form
 * messages it decoded. Frames without stun cost one lookup. */
static int
dissect_msturn_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    rfc_frame_rec *rec = (rfc_frame_rec *)p_get_proto_data(wmem_file_scope(), pinfo, proto_msturn, 0);
    gboolean first_look = rec == NULL;

    probe_tls_connection(tvb, pinfo, tree);

    if (rec == NULL) {
        if (PINFO_FD_VISITED(pinfo))
            return 0;
        rec = find_ms_messages(pinfo);
        if (rec == NULL)
            return 0;
        p_add_proto_data(wmem_file_scope(), pinfo, proto_msturn, 0, rec);
    }
    for (guint m = 0; m < rec->n; m++) {
        const rfc_msg_rec *r = &rec->msgs[m];
        tvbuff_t *ds = data_source_nth(pinfo, r->ds_index);
        if (ds == NULL || !tvb_bytes_exist(ds, r->start, r->len))
            continue;
        dissect_rfc5389_message(pinfo, tree, tvb_new_subset_length(ds, r->start, r->len), r, first_look);
    }
    return rec->n ? (int)tvb_captured_length(tvb) : 0;
}

/* ---------- payloads (DATA attribute, TCP data frames) ---------- */

/* How much of RTP's or RTCP's work on a relayed packet anything would see.
 * Their tree only counts when it is shown or holds one of their fields (a
 * filter, -T fields, a custom column), or when their taps, the expert tap or
 * a tap that reads whole trees (-z io,phs) listen. Otherwise a tree that
 * exists only for the postdissectors (the analysis preferences, tshark -2's
 * first pass) is not handed to them. With no columns either (tshark -2's
 * first pass, -q) and RTP's per-stream state (setup, extended sequence
 * numbers) built on an earlier pass or needed by none (msocs_host_quiet_two_pass),
 * nothing is left to show and they are not called at all: for relayed media,
 * most packets of a relayed call, RTP's work costs more than the MS-TURN
 * message around it. Not calling RTP also keeps RTP from creating a
 * conversation for every relayed stream, which would make every later
 * conversation lookup of the capture search one more table. */
typedef enum { MEDIA_SKIP, MEDIA_NO_TREE, MEDIA_FULL } media_need;

static media_need
media_shown(packet_info *pinfo, proto_tree *tree)
{
    if (proto_field_is_referenced(tree, proto_rtp) || proto_field_is_referenced(tree, proto_rtcp) ||
        (union_of_tap_listener_flags() & TL_REQUIRES_PROTO_TREE))   /* -z io,phs reads the tree */
        return MEDIA_FULL;
    for (size_t i = 0; i < G_N_ELEMENTS(media_taps); i++)
        if (media_taps[i] >= 0 && have_tap_listener(media_taps[i]))
            return MEDIA_FULL;
    if (pinfo->cinfo != NULL || (hf_frame_protocols >= 0 && proto_field_is_referenced(tree, hf_frame_protocols)))
        return MEDIA_NO_TREE;
    /* RTP's per-stream state from the first pass serves a later pass that
     * shows RTP: none does on tshark -2 -q without views, where the same
     * checks of the taps hold on both passes */
    if (!PINFO_FD_VISITED(pinfo) && !msocs_host_quiet_two_pass())
        return MEDIA_NO_TREE;
    return MEDIA_SKIP;
}

/* Only the Info column would show RTP's work on this packet, and RTP's
 * per-stream state serves no later pass (tshark reading in one pass, frame
 * seen for the first time): write RTP's summary line for a plain RTP header
 * (version 2, no padding or extension, a payload type no dissector claims)
 * exactly as RTP does, without the rest of RTP's work. A dynamic payload type
 * is named from a setup (SDP) of the stream: with any RTP state for the
 * stream, RTP is called. FALSE when RTP must be called. */
static gboolean
rtp_info_only(tvbuff_t *tvb, packet_info *pinfo, guint len)
{
    guint8 b0, pt;

    if (pinfo->cinfo == NULL || PINFO_FD_VISITED(pinfo) || !msocs_host_one_pass() || rtp_pt_table == NULL ||
        !proto_is_protocol_enabled(find_protocol_by_id(proto_rtp)))
        return FALSE;
    b0 = tvb_get_guint8(tvb, 0);
    pt = tvb_get_guint8(tvb, 1) & 0x7F;
    if ((b0 & 0x30) != 0 || len < 12u + 4u * (b0 & 0x0F) || (pt >= 72 && pt < 96) ||
        dissector_get_uint_handle(rtp_pt_table, pt) != NULL)
        return FALSE;
    if (pt >= 96) {
        /* RTP's own lookup of the stream's setup */
        conversation_t *conv = find_conversation(pinfo->num, &pinfo->net_dst, &pinfo->net_src,
                                                 conversation_pt_to_conversation_type(pinfo->ptype),
                                                 pinfo->destport, pinfo->srcport, NO_ADDR_B);
        if (conv != NULL && conversation_get_proto_data(conv, proto_rtp) != NULL)
            return FALSE;
    }
    col_add_fstr(pinfo->cinfo, COL_INFO, "PT=%s, SSRC=0x%X, Seq=%u, Time=%u%s",
                 msocs_val_to_str_ext(pinfo->pool, pt, &rtp_payload_type_vals_ext, "Unknown (%u)"), tvb_get_ntohl(tvb, 8),
                 tvb_get_ntohs(tvb, 2), tvb_get_ntohl(tvb, 4),
                 (tvb_get_guint8(tvb, 1) & 0x80) ? ", Mark" : "");
    return TRUE;
}

/* A later pass that shows nothing of the message (no tree, no columns, no
 * tap that reads media; msturn's own state is final after the first pass):
 * only its DATA is handed on, to whatever else might listen. TRUE when done
 * so. */
static gboolean
payload_only(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    int off, end, data_off = 0;
    guint n_attrs = 0, data_len = 0;

    if (tree != NULL || !PINFO_FD_VISITED(pinfo) || media_shown(pinfo, tree) != MEDIA_SKIP)
        return FALSE;
    end = MIN(MSTURN_HEADER_LEN + (int)tvb_get_ntohs(tvb, 2), (int)tvb_reported_length(tvb));
    /* the walk of dissect_msturn_message, without its items: the last DATA counts */
    for (off = MSTURN_HEADER_LEN; end - off >= 4 && n_attrs < pref_max_attrs; n_attrs++) {
        guint alen = tvb_get_ntohs(tvb, off + 2);
        const msturn_attr_info *info = msturn_attr_lookup(tvb_get_ntohs(tvb, off));
        if ((int)alen > end - off - 4)
            break;
        if (info != NULL && info->shape == MSTURN_SHAPE_DATA && alen >= info->min_len && alen <= info->max_len) {
            data_off = off + 4;
            data_len = alen;
        }
        off += 4 + (int)alen;
    }
    if (data_len > 0)
        dissect_payload(tvb_new_subset_length(tvb, data_off, data_len), pinfo, NULL);
    return TRUE;
}

static void dissect_payload_inner(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint len);

static void
dissect_payload(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    guint len = tvb_captured_length(tvb);
    /* DATA holding a message holding DATA recurses: bounded per packet, as
     * a plain read builds no tree for gui.max_tree_depth to stop */
    guint depth = GPOINTER_TO_UINT(p_get_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_DEPTH_KEY));

    if (depth >= MSTURN_MAX_NESTING) {
        proto_tree_add_expert_format(tree, pinfo, &ei_msturn_too_deep, tvb, 0, -1,
                                     "DATA nested more than %u levels deep: not decoded further",
                                     MSTURN_MAX_NESTING);
        return;
    }
    p_set_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_DEPTH_KEY, GUINT_TO_POINTER(depth + 1));
    /* The relayed packet's text goes after ours; the protocol stays MS-TURN. */
    col_append_str(pinfo->cinfo, COL_INFO, " | ");
    col_set_fence(pinfo->cinfo, COL_INFO);
    col_set_writable(pinfo->cinfo, COL_PROTOCOL, FALSE);
    TRY {
        dissect_payload_inner(tvb, pinfo, tree, len);
    }
    FINALLY {
        /* an exception caught further out (one TCP PDU of several) must not leave the level raised */
        p_set_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_DEPTH_KEY, GUINT_TO_POINTER(depth));
    }
    ENDTRY;
    col_set_writable(pinfo->cinfo, COL_PROTOCOL, TRUE);
}

static void
dissect_payload_inner(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint len)
{
    heur_dtbl_entry_t *hdtbl_entry;

    if (len >= MSTURN_HEADER_LEN) {
        guint8 head[28];
        tvb_memcpy(tvb, head, 0, MIN(len, sizeof head));
        if (msturn_is_old_form(head, len, TRUE)) {
            dissect_msturn_message(tvb, pinfo, tree);
            return;
        }
        if (msturn_is_rfc5389_form(head, len, TRUE) && stun_udp_handle != NULL) {
            note_stun_message(pinfo, tvb);
            if (call_dissector_only(stun_udp_handle, tvb, pinfo, tree, NULL) > 0)
                return;
        }
    }
    if (dissector_try_heuristic(msturn_payload_heur, tvb, pinfo, tree, &hdtbl_entry, NULL))
        return;
    if (pref_payload_rtp && len >= 12 && (tvb_get_guint8(tvb, 0) & 0xC0) == 0x80) {
        guint8 pt = tvb_get_guint8(tvb, 1);
        switch (media_shown(pinfo, tree)) {
        case MEDIA_SKIP:
            return;
        case MEDIA_NO_TREE:
            if (rtp_info_only(tvb, pinfo, len))
                return;
            tree = NULL;
            break;
        case MEDIA_FULL:
            break;
        }
        /* RTCP packet types 200-204 sit where RTP has marker + payload type 72-76. */
        if (pt >= 200 && pt <= 204 && rtcp_handle != NULL) {
            call_dissector(rtcp_handle, tvb, pinfo, tree);
            return;
        }
        if (rtp_handle != NULL) {
            call_dissector(rtp_handle, tvb, pinfo, tree);
            return;
        }
    }
    call_dissector(data_handle, tvb, pinfo, tree);
}

/* ---------- UDP ---------- */

static gboolean
udp_is_old_form(tvbuff_t *tvb, gboolean exact)
{
    guint8 head[28];
    guint len = tvb_captured_length(tvb);

    if (len < sizeof head)
        return FALSE;
    tvb_memcpy(tvb, head, 0, sizeof head);
    return msturn_is_old_form(head, tvb_reported_length(tvb), exact);
}

static int
dissect_msturn_udp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    /* Anything else on the port (standard STUN/TURN/ICE) stays with stun. */
    if (!udp_is_old_form(tvb, FALSE)) {
        note_stun_message(pinfo, tvb);
        return stun_udp_handle ? call_dissector_only(stun_udp_handle, tvb, pinfo, tree, NULL) : 0;
    }
    col_clear(pinfo->cinfo, COL_INFO);
    return dissect_msturn_message(tvb, pinfo, tree);
}

/* An old-form response without the MAGIC-COOKIE attribute (libnice's OC2007
 * server agent sends its 401 so) is MS-TURN when it answers a request msturn
 * tracked: a 20-byte header whose length field matches the datagram, no RFC
 * 5389 cookie, a response type, and the request's transaction id. */
static gboolean
udp_answers_old_request(tvbuff_t *tvb, packet_info *pinfo)
{
    guint len = tvb_reported_length(tvb);
    guint16 type;
    msturn_kind kind;

    if (tvb_captured_length(tvb) < MSTURN_HEADER_LEN || len != MSTURN_HEADER_LEN + (guint)tvb_get_ntohs(tvb, 2))
        return FALSE;
    type = tvb_get_ntohs(tvb, 0);
    kind = msturn_type_kind(type);
    if ((type & 0xC000) != 0 || tvb_get_ntohl(tvb, 4) == MSTURN_RFC5389_COOKIE ||
        (kind != MSTURN_KIND_SUCCESS && kind != MSTURN_KIND_ERROR) || msturn_type_lookup(type) == NULL)
        return FALSE;
    return answers_request(pinfo, tvb, 0);
}

/* An MS-TURN client talks to the Edge from the socket its SDP offers as the
 * host candidate, and Wireshark's SDP sets that address up as RTP for any
 * peer: the flow to the Edge gets a conversation of its own, with msturn as
 * its dissector, which an exact match finds before RTP's wildcard one. */
static void
claim_udp_flow(packet_info *pinfo)
{
    conversation_t *c;

    if (PINFO_FD_VISITED(pinfo) || pinfo->ptype != PT_UDP)
        return;
    c = find_conversation(pinfo->num, &pinfo->src, &pinfo->dst, CONVERSATION_UDP, pinfo->srcport,
                          pinfo->destport, 0);
    if (c == NULL || (c->options & (NO_ADDR2 | NO_PORT2)) != 0)
        c = conversation_new(pinfo->num, &pinfo->src, &pinfo->dst, CONVERSATION_UDP, pinfo->srcport,
                             pinfo->destport, 0);
    conversation_set_dissector(c, msturn_udp_flow_handle);
}

/* The dissector of a claimed flow: MS-TURN's messages; anything else (RFC
 * 5389-form STUN, media) is declined, so it decodes as it would without
 * the claim. */
static int
dissect_msturn_udp_flow(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (!udp_is_old_form(tvb, FALSE) && !udp_answers_old_request(tvb, pinfo))
        return 0;
    col_clear(pinfo->cinfo, COL_INFO);
    return dissect_msturn_message(tvb, pinfo, tree);
}

static msocs_api_bool
dissect_msturn_heur_udp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    /* The 8-byte MAGIC-COOKIE attribute at offset 20 is evidence enough: a
     * length field that disagrees with the datagram is then MS-TURN's
     * malformation to report, not a reason to leave it undecoded. */
    if (!udp_is_old_form(tvb, FALSE) && !udp_answers_old_request(tvb, pinfo))
        return FALSE;
    claim_udp_flow(pinfo);
    col_clear(pinfo->cinfo, COL_INFO);
    dissect_msturn_message(tvb, pinfo, tree);
    return TRUE;
}

/* ---------- TCP ---------- */

static guint
get_msturn_tcp_pdu_len(packet_info *pinfo _U_, tvbuff_t *tvb, int offset, void *data _U_)
{
    guint8 head[MSTURN_TLS_HEADER_LEN];
    gint avail = tvb_captured_length_remaining(tvb, offset);
    guint32 len;

    tvb_memcpy(tvb, head, offset, MIN(avail, (gint)sizeof head));
    if (head[0] == 0x16 && avail < MSTURN_TLS_HEADER_LEN)
        return MSTURN_TLS_HEADER_LEN; /* ask for the whole record header */
    len = msturn_tcp_pdu_len(head, (gsize)MIN(avail, (gint)sizeof head));
    /* Junk: swallow the rest of the segment and say so in the PDU dissector. */
    return len ? len : (guint)tvb_reported_length_remaining(tvb, offset);
}

static void
dissect_pseudo_tls(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    proto_item *ti;
    proto_tree *tt;
    int off = MSTURN_TLS_HEADER_LEN, end = tvb_reported_length(tvb);
    guint n = 0;

    col_set_str(pinfo->cinfo, COL_PROTOCOL, "MS-TURN");
    ti = proto_tree_add_item(tree, proto_msturn, tvb, 0, -1, ENC_NA);
    proto_item_append_text(ti, ", Pseudo-TLS hello");
    tt = proto_item_add_subtree(ti, ett_msturn_tls);
    proto_tree_add_item(tt, hf_msturn_tls_content_type, tvb, 0, 1, ENC_NA);
    proto_tree_add_item(tt, hf_msturn_tls_version, tvb, 1, 2, ENC_BIG_ENDIAN);
    proto_tree_add_item(tt, hf_msturn_tls_length, tvb, 3, 2, ENC_BIG_ENDIAN);
    while (end - off >= 4) {
        guint8 ht = tvb_get_guint8(tvb, off);
        guint32 hl = tvb_get_ntoh24(tvb, off + 1);
        if (++n > MSTURN_MAX_TLS_HANDSHAKES) {
            proto_tree_add_expert_format(tt, pinfo, &ei_msturn_attr_cap, tvb, off, end - off,
                                         "More than %u handshake messages in one pseudo-TLS record",
                                         MSTURN_MAX_TLS_HANDSHAKES);
            break;
        }
        proto_tree_add_item(tt, hf_msturn_tls_handshake_type, tvb, off, 1, ENC_NA);
        proto_tree_add_item(tt, hf_msturn_tls_handshake_length, tvb, off + 1, 3, ENC_BIG_ENDIAN);
        if (hl > (guint32)(end - off - 4)) {
            proto_tree_add_expert_format(tt, pinfo, &ei_msturn_malformed, tvb, off, end - off,
                                         "Handshake message length %u runs past the record", hl);
            break;
        }
        if (hl > 0)
            proto_tree_add_item(tt, hf_msturn_tls_handshake_body, tvb, off + 4, hl, ENC_NA);
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ",
                           msocs_val_to_str(pinfo->pool, ht, tls_handshake_vals, "Handshake type %u"));
        off += 4 + (int)hl;
    }
    expert_add_info(pinfo, ti, &ei_msturn_pseudo_tls);
}

static int
dissect_msturn_tcp_pdu(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    guint8 kind = tvb_get_guint8(tvb, 0);
    proto_item *ti;
    proto_tree *ft;
    guint32 len;
    tvbuff_t *inner;

    if (kind == 0x16) {
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", "Pseudo-TLS");
        dissect_pseudo_tls(tvb, pinfo, tree);
        return tvb_captured_length(tvb);
    }
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "MS-TURN");
    ti = proto_tree_add_item(tree, proto_msturn, tvb, 0, MIN(4, tvb_reported_length(tvb)), ENC_NA);
    proto_item_append_text(ti, ", TCP framing");
    ft = proto_item_add_subtree(ti, ett_msturn_tcp);
    if ((kind != MSTURN_TCP_CONTROL && kind != MSTURN_TCP_DATA) || tvb_reported_length(tvb) < 4) {
        proto_tree_add_expert_format(ft, pinfo, &ei_msturn_malformed, tvb, 0, -1,
                                     "Not an MS-TURN TCP frame (first byte 0x%02x)", kind);
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", "Malformed MS-TURN TCP frame");
        return tvb_captured_length(tvb);
    }
    proto_tree_add_item(ft, hf_msturn_tcp_type, tvb, 0, 1, ENC_NA);
    if (tvb_get_guint8(tvb, 1) != 0)
        expert_add_info_format(pinfo, proto_tree_add_item(ft, hf_msturn_tcp_reserved, tvb, 1, 1, ENC_NA),
                               &ei_msturn_malformed, "Reserved byte is not zero");
    else
        proto_tree_add_item(ft, hf_msturn_tcp_reserved, tvb, 1, 1, ENC_NA);
    proto_tree_add_item_ret_uint(ft, hf_msturn_tcp_length, tvb, 2, 2, ENC_BIG_ENDIAN, &len);
    if (len == 0) {
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", "Empty MS-TURN frame");
        return 4;
    }
    inner = tvb_new_subset_length(tvb, 4, len);
    if (kind == MSTURN_TCP_DATA) {
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", "Data");
        dissect_payload(inner, pinfo, tree);
        return tvb_captured_length(tvb);
    }
    {
        guint8 head[28];
        guint avail = tvb_captured_length(inner);
        tvb_memcpy(inner, head, 0, MIN(avail, sizeof head));
        if (avail >= 28 && msturn_is_old_form(head, len, FALSE)) {
            dissect_msturn_message(inner, pinfo, tree);
        } else if (avail >= MSTURN_HEADER_LEN && msturn_is_rfc5389_form(head, len, FALSE) && stun_udp_handle) {
            col_set_fence(pinfo->cinfo, COL_INFO);
            note_stun_message(pinfo, inner);
            call_dissector(stun_udp_handle, inner, pinfo, tree);
        } else {
            proto_tree_add_expert_format(ft, pinfo, &ei_msturn_malformed, inner, 0, -1,
                                         "Control frame does not hold a TURN message");
            call_dissector(data_handle, inner, pinfo, tree);
        }
    }
    return tvb_captured_length(tvb);
}

static gboolean
tcp_first_bytes(tvbuff_t *tvb, guint8 *buf, guint want, guint *got)
{
    *got = MIN((guint)tvb_captured_length(tvb), want);
    tvb_memcpy(tvb, buf, 0, *got);
    return *got > 0;
}

static int
dissect_msturn_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    msturn_conv *mc = get_conv(pinfo);
    guint8 head[4];
    guint got;

    if (!PINFO_FD_VISITED(pinfo) && mc->state == TCP_UNDECIDED && tcp_first_bytes(tvb, head, sizeof head, &got)) {
        guint n = tvb_captured_length(tvb);
        msturn_tls_kind tk = msturn_tls_hello_kind(tvb_get_ptr(tvb, 0, n), n);
        if ((head[0] == MSTURN_TCP_CONTROL || head[0] == MSTURN_TCP_DATA) && got >= 2 && head[1] == 0)
            mc->state = TCP_MSTURN;
        else if (tk == MSTURN_TLS_PSEUDO_SERVER_HELLO)
            mc->state = TCP_MSTURN;
        else if (tk == MSTURN_TLS_CLIENT_HELLO || tk == MSTURN_TLS_INCOMPLETE)
            mc->hello_frame = pinfo->num; /* real or pseudo TLS: the answer tells */
        else
            mc->state = TCP_OTHER;
    }
    /* Until the Edge's pseudo ServerHello proves otherwise, it is TLS. */
    if (mc->state != TCP_MSTURN)
        return tls_handle ? call_dissector_only(tls_handle, tvb, pinfo, tree, data) : 0;

    col_clear(pinfo->cinfo, COL_INFO);
    tcp_dissect_pdus(tvb, pinfo, tree, TRUE, MSTURN_TCP_HEADER_LEN, get_msturn_tcp_pdu_len,
                     dissect_msturn_tcp_pdu, data);
    return tvb_captured_length(tvb);
}

static msocs_api_bool
dissect_msturn_heur_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    guint8 head[MSTURN_TCP_HEADER_LEN + 28];
    guint got;
    msturn_conv *mc;

    if (!tcp_first_bytes(tvb, head, sizeof head, &got) || !msturn_tcp_looks_framed(head, got))
        return FALSE;
    mc = get_conv(pinfo);
    mc->state = TCP_MSTURN;
    conversation_set_dissector(find_or_create_conversation(pinfo), msturn_tcp_handle);
    dissect_msturn_tcp(tvb, pinfo, tree, data);
    return TRUE;
}

/* ---------- TCP connections on the pseudo-TLS ports ---------- */

/* Port 443 carries every HTTPS connection of a machine, so msturn is not its
 * dissector: TLS dissects every connection there, and this postdissector
 * step watches the first payload frames of each. A connection becomes
 * MS-TURN on positive evidence only, decided once: the Edge's pseudo-TLS
 * answer (ServerHello and an empty ServerHelloDone in one record, which no
 * real TLS server sends on its own) or MS-TURN framing around a TURN message
 * as the first bytes. msturn then becomes the conversation's dissector from
 * the hello (or that frame) on: the frames that follow on this pass, and on
 * later passes the decided frames themselves. Real TLS is never touched. */

static void
probe_decide(packet_info *pinfo, conversation_t *conv, tls_probe *p, guint32 from)
{
    p->state = TCP_MSTURN;
    get_conv(pinfo)->state = TCP_MSTURN;
    conversation_set_dissector_from_frame_number(conv, from, msturn_tcp_handle);
}

static void
probe_tls_connection(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    conversation_t *conv;
    tls_probe *p;
    guint8 head[MSTURN_TCP_HEADER_LEN + 28];
    gboolean to_port;
    int off, len;
    guint n;

    if (PINFO_FD_VISITED(pinfo) || pinfo->ptype != PT_TCP || proto_tls < 0 ||
        (!value_is_in_range(pref_tls_ports, pinfo->srcport) && !value_is_in_range(pref_tls_ports, pinfo->destport)) ||
        !frame_has_layer(pinfo, proto_tls) || (conv = find_conversation_pinfo(pinfo, 0)) == NULL)
        return;
    p = (tls_probe *)wmem_map_lookup(tls_probes, conv);
    if (p == NULL) {
        p = wmem_new0(wmem_file_scope(), tls_probe);
        wmem_map_insert(tls_probes, conv, p);
    }
    if (p->state != TCP_UNDECIDED || !l4_payload_in_frame(tvb, pinfo, &off, &len))
        return;
    to_port = value_is_in_range(pref_tls_ports, pinfo->destport);
    n = MIN((guint)len, sizeof head);
    tvb_memcpy(tvb, head, off, n);
    if (msturn_tcp_looks_framed(head, n)) {
        /* the first bytes are framed MS-TURN: this frame went to TLS on this
         * pass, so its messages are analysed here; later passes decode it */
        probe_decide(pinfo, conv, p, pinfo->num);
        tcp_dissect_pdus(tvb_new_subset_length(tvb, off, len), pinfo, tree, FALSE, MSTURN_TCP_HEADER_LEN,
                         get_msturn_tcp_pdu_len, dissect_msturn_tcp_pdu, NULL);
        return;
    }
    if (len < MSTURN_TLS_HEADER_LEN + 4) {
        if (++p->looked >= MSTURN_PROBE_FRAMES)
            p->state = TCP_OTHER;
        return;
    }
    switch (msturn_tls_hello_kind(tvb_get_ptr(tvb, off, len), (gsize)len)) {
    case MSTURN_TLS_CLIENT_HELLO:
        if (to_port && p->hello_frame == 0)
            p->hello_frame = pinfo->num;
        break;
    case MSTURN_TLS_PSEUDO_SERVER_HELLO:
        if (!to_port) {
            probe_decide(pinfo, conv, p, p->hello_frame ? p->hello_frame : pinfo->num);
            return;
        }
        break;
    case MSTURN_TLS_SERVER_HELLO:
        p->state = TCP_OTHER; /* a real TLS server answered */
        return;
    default:
        break;
    }
    if (++p->looked >= MSTURN_PROBE_FRAMES)
        p->state = TCP_OTHER;
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
    guint i;
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
    proto_rtcp = proto_get_id_by_filter_name("rtcp");
    rtp_pt_table = find_dissector_table("rtp.pt");
    hf_frame_protocols = proto_registrar_get_id_byname("frame.protocols");
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
