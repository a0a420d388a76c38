/* mras: Media Relay Authentication Service bodies ([MS-AVEDGEA]) carried in SIP
 * SERVICE requests and their 200 OK answers (application/msrtc-media-relay-auth+xml),
 * plus the in-band provisioning body that tells a client its MRAS URI
 * (application/vnd-microsoft-roaming-provisioning-v2+xml, ServerConfiguration/mrasUri).
 *
 * SIP hands us the body through its "media_type" table. Wireshark's xml
 * dissector parses it; we walk the xml_frame_t tree it leaves in the packet
 * data against the schema tables below (element/attribute descriptors in the
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
#include <epan/strutil.h>
#include <epan/unit_strings.h>
#include <wsutil/strtoi.h>
#include <wsutil/str_util.h>

#include <string.h>

#include "msocs.h"
#include "mras-store.h"
#include "ws-compat.h"
#include "msocs-xml.h"

#define MRAS_CONTENT_TYPE  "application/msrtc-media-relay-auth+xml"
#define PROV_CONTENT_TYPE  "application/vnd-microsoft-roaming-provisioning-v2+xml"
#define MRAS_NAMESPACE     "http://schemas.microsoft.com/2006/09/sip/mrasp"

#define MRAS_MAX_DEPTH       16      /* the schema needs 5; deeper is hostile or foreign */
#define MRAS_MAX_ELEMENTS    1000    /* elements walked per body */
#define MRAS_MAX_VALUE_LEN   65536   /* identity may be 64K characters; nothing longer is legitimate */
#define MRAS_MAX_CHILD_KINDS 16      /* children declared per element (occurrence counters) */
#define MRAS_MAX_ATTRS       16      /* attributes declared per element (seen flags) */
#define MRAS_MAX_STORED_RELAYS 64    /* relays kept per credential in the store */
#define MRAS_MAX_TRANSACTIONS 100000 /* request/response pairs tracked per capture */
#define MRAS_INFO_HOST_MAX   60

enum { MRAS_TYPE_REQUEST = 1, MRAS_TYPE_RESPONSE = 2, MRAS_TYPE_PROVISIONING = 3 };

static const value_string mras_type_vals[] = {
    { MRAS_TYPE_REQUEST,      "Request" },
    { MRAS_TYPE_RESPONSE,     "Response" },
    { MRAS_TYPE_PROVISIONING, "Provisioning" },
    { 0, NULL }
};

static int proto_mras = -1;
static int proto_xml = -1;

static int hf_mras_type = -1;
static int hf_mras_request = -1;
static int hf_mras_response = -1;
static int hf_mras_request_id = -1;
static int hf_mras_version = -1;
static int hf_mras_server_version = -1;
static int hf_mras_to = -1;
static int hf_mras_from = -1;
static int hf_mras_route = -1;
static int hf_mras_reason_phrase = -1;
static int hf_mras_credentials_request = -1;
static int hf_mras_credentials_request_id = -1;
static int hf_mras_identity = -1;
static int hf_mras_location = -1;
static int hf_mras_duration = -1;
static int hf_mras_credentials_response = -1;
static int hf_mras_credentials = -1;
static int hf_mras_username = -1;
static int hf_mras_username_len = -1;
static int hf_mras_password = -1;
static int hf_mras_realm = -1;
static int hf_mras_relay_list = -1;
static int hf_mras_relay = -1;
static int hf_mras_relay_location = -1;
static int hf_mras_relay_host = -1;
static int hf_mras_relay_ip = -1;
static int hf_mras_relay_udp_port = -1;
static int hf_mras_relay_tcp_port = -1;
static int hf_mras_relay_count = -1;
static int hf_mras_response_in = -1;
static int hf_mras_response_to = -1;
static int hf_mras_time = -1;
static int hf_mras_unknown_element = -1;
static int hf_mras_unknown_attribute = -1;
static int hf_mras_invalid_value = -1;
static int hf_mras_namespace = -1;
static int hf_mras_provisioning = -1;
static int hf_mras_prov_group = -1;
static int hf_mras_prov_requested_group = -1;
static int hf_mras_uri = -1;
static int hf_mras_uri_present = -1;
static int hf_mras_prov_port_range = -1;
static int hf_mras_prov_min_port = -1;
static int hf_mras_prov_max_port = -1;
static int hf_mras_prov_encryption = -1;
static int hf_mras_prov_video_rate = -1;
static int hf_mras_prov_qos = -1;

static gint ett_mras = -1;
static gint ett_mras_request = -1;
static gint ett_mras_response = -1;
static gint ett_mras_cred_request = -1;
static gint ett_mras_cred_response = -1;
static gint ett_mras_credentials = -1;
static gint ett_mras_relay_list = -1;
static gint ett_mras_relay = -1;
static gint ett_mras_unknown = -1;
static gint ett_mras_provisioning = -1;
static gint ett_mras_prov_group = -1;

static expert_field ei_mras_reason = EI_INIT;
static expert_field ei_mras_missing = EI_INIT;
static expert_field ei_mras_duration_zero = EI_INIT;
static expert_field ei_mras_no_relays = EI_INIT;
static expert_field ei_mras_port_range = EI_INIT;
static expert_field ei_mras_malformed_xml = EI_INIT;
static expert_field ei_mras_bad_value = EI_INIT;
static expert_field ei_mras_unknown_element = EI_INIT;
static expert_field ei_mras_unknown_attribute = EI_INIT;
static expert_field ei_mras_namespace = EI_INIT;
static expert_field ei_mras_too_many = EI_INIT;
static expert_field ei_mras_depth = EI_INIT;
static expert_field ei_mras_element_cap = EI_INIT;
static expert_field ei_mras_value_too_long = EI_INIT;
static expert_field ei_mras_doctype = EI_INIT;
static expert_field ei_mras_unanswered = EI_INIT;
static expert_field ei_mras_state_full = EI_INIT;
static expert_field ei_mras_no_mras_uri = EI_INIT;

static dissector_handle_t xml_handle;
static msocs_api_bool mras_redact_password = FALSE;

/* ---- schema tables ---------------------------------------------------------- */

typedef enum {
    V_NONE,      /* container: attributes and child elements only */
    V_STRING,
    V_ENUM,      /* string from a closed list; other values get a note */
    V_UINT,
    V_DURATION,  /* minutes; positive */
    V_PORT,      /* 1-65535 */
    V_BASE64,
    V_BOOLEAN    /* "true"/"false" */
} value_kind;

/* What a value or element means beyond its field: drives the Info column,
 * pairing, the credential store and the cross-element checks. */
typedef enum {
    R_NONE,
    R_REQUEST, R_RESPONSE, R_REQUEST_ID, R_REASON,
    R_CRED_REQUEST, R_REQ_LOCATION, R_REQ_DURATION,
    R_CRED_RESPONSE, R_USERNAME, R_PASSWORD, R_CRED_DURATION, R_REALM,
    R_RELAY_LIST, R_RELAY, R_RELAY_HOST, R_RELAY_IP, R_RELAY_LOCATION, R_RELAY_UDP, R_RELAY_TCP,
    R_PROV_LIST, R_PROV_GROUP, R_PROV_GROUP_NAME, R_MRAS_URI
} value_role;

typedef struct {
    const char *name;
    int *hf;
    value_kind kind;
    gboolean required;
    value_role role;
    const char *const *enum_vals;
} mras_attr;

typedef struct mras_elem mras_elem;
struct mras_elem {
    const char *name;
    int *hf;            /* FT_NONE item for containers, the value field otherwise */
    gint *ett;
    value_kind kind;
    gboolean required;
    guint max_occurs;   /* 0: unbounded */
    value_role role;
    const char *const *enum_vals;
    const mras_attr *attrs;
    guint n_attrs;
    const mras_elem *children;
    guint n_children;
    gboolean open;      /* undeclared children are normal here: skip them silently */
    const char *key_attr; /* attribute whose value is the item's value (hf is then FT_STRING) */
    value_role key_role;
};

static const char *const location_vals[] = { "intranet", "internet", NULL };
static const char *const route_vals[] = { "loadbalanced", "directip", NULL };
static const char *const reason_vals[] = {
    "OK", "Request Malformed", "Request Too Large", "Not Supported", "Server Busy", "Time Out",
    "Forbidden", "Internal Server Error", "Other Failure", "Version Mismatch", NULL
};

#define ATTRS(a)    a, G_N_ELEMENTS(a)
#define CHILDREN(c) c, G_N_ELEMENTS(c)
#define NO_ATTRS    NULL, 0
#define NO_CHILDREN NULL, 0

/* request */
static const mras_attr request_attrs[] = {
    { "requestID", &hf_mras_request_id, V_STRING, TRUE,  R_REQUEST_ID, NULL },
    { "version",   &hf_mras_version,    V_STRING, TRUE,  R_NONE,       NULL },
    { "to",        &hf_mras_to,         V_STRING, TRUE,  R_NONE,       NULL },
    { "from",      &hf_mras_from,       V_STRING, TRUE,  R_NONE,       NULL },
    { "route",     &hf_mras_route,      V_ENUM,   FALSE, R_NONE,       route_vals },
};
static const mras_attr cred_request_attrs[] = {
    { "credentialsRequestID", &hf_mras_credentials_request_id, V_STRING, TRUE, R_NONE, NULL },
};
static const mras_elem cred_request_children[] = {
    { "identity", &hf_mras_identity, NULL, V_STRING,   TRUE,  1, R_NONE,         NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "location", &hf_mras_location, NULL, V_ENUM,     FALSE, 1, R_REQ_LOCATION, location_vals,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "duration", &hf_mras_duration, NULL, V_DURATION, FALSE, 1, R_REQ_DURATION, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
};
static const mras_elem request_children[] = {
    { "credentialsRequest", &hf_mras_credentials_request, &ett_mras_cred_request, V_NONE, TRUE, 100,
      R_CRED_REQUEST, NULL, ATTRS(cred_request_attrs), CHILDREN(cred_request_children), FALSE, NULL, R_NONE },
};

/* response */
static const mras_attr response_attrs[] = {
    { "requestID",     &hf_mras_request_id,     V_STRING, TRUE, R_REQUEST_ID, NULL },
    { "version",       &hf_mras_version,        V_STRING, TRUE, R_NONE,       NULL },
    { "serverVersion", &hf_mras_server_version, V_STRING, TRUE, R_NONE,       NULL },
    { "to",            &hf_mras_to,             V_STRING, TRUE, R_NONE,       NULL },
    { "from",          &hf_mras_from,           V_STRING, TRUE, R_NONE,       NULL },
    { "reasonPhrase",  &hf_mras_reason_phrase,  V_ENUM,   TRUE, R_REASON,     reason_vals },
};
static const mras_elem credentials_children[] = {
    { "username", &hf_mras_username, NULL, V_BASE64,   TRUE,  1, R_USERNAME,      NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "password", &hf_mras_password, NULL, V_BASE64,   TRUE,  1, R_PASSWORD,      NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "duration", &hf_mras_duration, NULL, V_DURATION, TRUE,  1, R_CRED_DURATION, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "realm",    &hf_mras_realm,    NULL, V_STRING,   FALSE, 1, R_REALM,         NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
};
static const mras_elem relay_children[] = {
    { "location",        &hf_mras_relay_location, NULL, V_ENUM,   TRUE,  1, R_RELAY_LOCATION, location_vals,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "hostName",        &hf_mras_relay_host,     NULL, V_STRING, FALSE, 1, R_RELAY_HOST,     NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "directIPAddress", &hf_mras_relay_ip,       NULL, V_STRING, FALSE, 1, R_RELAY_IP,       NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "udpPort",         &hf_mras_relay_udp_port, NULL, V_PORT,   FALSE, 1, R_RELAY_UDP,      NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "tcpPort",         &hf_mras_relay_tcp_port, NULL, V_PORT,   FALSE, 1, R_RELAY_TCP,      NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
};
static const mras_elem relay_list_children[] = {
    { "mediaRelay", &hf_mras_relay, &ett_mras_relay, V_NONE, FALSE, 0, R_RELAY, NULL,
      NO_ATTRS, CHILDREN(relay_children), FALSE, NULL, R_NONE },
};
static const mras_elem cred_response_children[] = {
    { "credentials",    &hf_mras_credentials, &ett_mras_credentials, V_NONE, TRUE, 1, R_NONE, NULL,
      NO_ATTRS, CHILDREN(credentials_children), FALSE, NULL, R_NONE },
    { "mediaRelayList", &hf_mras_relay_list,  &ett_mras_relay_list,  V_NONE, FALSE, 1, R_RELAY_LIST, NULL,
      NO_ATTRS, CHILDREN(relay_list_children), FALSE, NULL, R_NONE },
};
static const mras_elem response_children[] = {
    { "credentialsResponse", &hf_mras_credentials_response, &ett_mras_cred_response, V_NONE, FALSE, 100,
      R_CRED_RESPONSE, NULL, ATTRS(cred_request_attrs), CHILDREN(cred_response_children), FALSE, NULL, R_NONE },
};

/* in-band provisioning: only the ServerConfiguration children that matter for media */
static const mras_elem server_config_children[] = {
    { "mrasUri",               &hf_mras_uri,              NULL, V_STRING,  FALSE, 1, R_MRAS_URI, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "ucPortRangeEnabled",    &hf_mras_prov_port_range,  NULL, V_BOOLEAN, FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "ucMinMediaPort",        &hf_mras_prov_min_port,    NULL, V_PORT,    FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "ucMaxMediaPort",        &hf_mras_prov_max_port,    NULL, V_PORT,    FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "ucPC2PCAVEncryption",   &hf_mras_prov_encryption,  NULL, V_STRING,  FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "ucMaxVideoRateAllowed", &hf_mras_prov_video_rate,  NULL, V_STRING,  FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "qosEnabled",            &hf_mras_prov_qos,         NULL, V_BOOLEAN, FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
};
static const mras_elem prov_list_children[] = {
    { "provisionGroup", &hf_mras_prov_group, &ett_mras_prov_group, V_NONE, FALSE, 0, R_PROV_GROUP, NULL,
      NO_ATTRS, CHILDREN(server_config_children), TRUE, "name", R_PROV_GROUP_NAME },
};
static const mras_elem prov_req_children[] = {
    { "provisioningGroup", &hf_mras_prov_requested_group, &ett_mras_prov_group, V_NONE, FALSE, 0, R_NONE,
      NULL, NO_ATTRS, NO_CHILDREN, TRUE, "name", R_NONE },
};

/* root elements per content type */
static const mras_elem mras_roots[] = {
    { "request",  &hf_mras_request,  &ett_mras_request,  V_NONE, TRUE, 1, R_REQUEST,  NULL,
      ATTRS(request_attrs),  CHILDREN(request_children),  FALSE, NULL, R_NONE },
    { "response", &hf_mras_response, &ett_mras_response, V_NONE, TRUE, 1, R_RESPONSE, NULL,
      ATTRS(response_attrs), CHILDREN(response_children), FALSE, NULL, R_NONE },
};
static const mras_elem prov_roots[] = {
    { "provisionGroupList",    &hf_mras_provisioning, &ett_mras_provisioning, V_NONE, TRUE, 1, R_PROV_LIST,
      NULL, NO_ATTRS, CHILDREN(prov_list_children), TRUE, NULL, R_NONE },
    { "provisioningGroupList", &hf_mras_provisioning, &ett_mras_provisioning, V_NONE, TRUE, 1, R_PROV_LIST,
      NULL, NO_ATTRS, CHILDREN(prov_req_children), TRUE, NULL, R_NONE },
};

/* ---- walk state ------------------------------------------------------------- */

typedef struct {
    const char *username_b64;
    const char *password_b64;
    const char *realm;
    guint32 duration;
    gboolean saw_relay_list;
    guint n_relays;          /* in this credentialsResponse, stored or not */
    mras_relay relays[MRAS_MAX_STORED_RELAYS];
    mras_relay relay;        /* the mediaRelay being walked */
} cred_state;

typedef struct {
    msocs_xml_walk w;
    int type;
    /* summary */
    const char *request_id;
    const char *reason;
    guint n_cred_requests;
    const char *first_location;
    gboolean have_duration;
    guint32 first_duration;
    guint n_cred_responses;
    guint n_relays;
    const char *first_relay;
    cred_state cur;
    /* provisioning */
    const char *group_name;
    gboolean in_server_config;
    gboolean saw_server_config;
    const char *mras_uri;    /* of the current ServerConfiguration group; "" when empty */
    const char *first_uri;   /* first non-empty mrasUri, for the Info column */
} walk_ctx;

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

/* ---- helpers ---------------------------------------------------------------- */





static gboolean
in_list(const char *value, const char *const *list)
{
    for (guint i = 0; list[i] != NULL; i++)
        if (strcmp(value, list[i]) == 0)
            return TRUE;
    return FALSE;
}

/* Base64 alphabet, padding only at the end, length a multiple of 4. */
static gboolean
base64_valid(const char *s)
{
    gsize n = 0, pad = 0;

    for (; *s; s++) {
        char c = *s;
        if (msocs_xml_is_space((guint8)c))
            continue;
        if (c == '=') {
            pad++;
        } else if (pad || !(g_ascii_isalnum(c) || c == '+' || c == '/')) {
            return FALSE;
        }
        n++;
    }
    return n % 4 == 0 && pad <= 2;
}

static guint8 *
base64_decode(wmem_allocator_t *pool, const char *s, gsize *out_len)
{
    gsize n = strlen(s);
    guint8 *out = (guint8 *)wmem_alloc(pool, n / 4 * 3 + 3);
    gint state = 0;
    guint save = 0;

    *out_len = g_base64_decode_step(s, n, out, &state, &save);
    return out;
}

static void
note_value(walk_ctx *ctx, value_role role, const char *text, guint32 num)
{
    cred_state *c = &ctx->cur;

    switch (role) {
    case R_REQUEST_ID:     ctx->request_id = text; break;
    case R_REASON:         ctx->reason = text; break;
    case R_REQ_LOCATION:
        if (ctx->first_location == NULL)
            ctx->first_location = text;
        break;
    case R_REQ_DURATION:
        if (!ctx->have_duration) {
            ctx->have_duration = TRUE;
            ctx->first_duration = num;
        }
        break;
    case R_USERNAME:       c->username_b64 = text; break;
    case R_PASSWORD:       c->password_b64 = text; break;
    case R_CRED_DURATION:  c->duration = num; break;
    case R_REALM:          c->realm = text; break;
    case R_RELAY_LOCATION: c->relay.location = text; break;
    case R_RELAY_HOST:     c->relay.host = text; break;
    case R_RELAY_IP:       c->relay.ip = text; break;
    case R_RELAY_UDP:      c->relay.udp_port = num; break;
    case R_RELAY_TCP:      c->relay.tcp_port = num; break;
    case R_PROV_GROUP_NAME: ctx->group_name = text; break;
    case R_MRAS_URI:       ctx->mras_uri = text; break;
    default:               break;
    }
}

/* The text of a value, trimmed and capped (msocs-xml.c). */
static const char *
value_text(walk_ctx *ctx, proto_tree *tree, tvbuff_t *vtvb, gint *off, gint *len)
{
    return msocs_xml_walk_value(&ctx->w, tree, vtvb, off, len);
}

/* Adds one value (attribute or element text) as its field, with the checks of its kind. */
static void
add_value(walk_ctx *ctx, proto_tree *tree, int hf, value_kind kind, value_role role,
          const char *const *enum_vals, const char *what, tvbuff_t *vtvb,
          gint anchor_off, gint anchor_len)
{
    tvbuff_t *at = vtvb ? vtvb : ctx->w.tvb;
    gint off = anchor_off, len = anchor_len;
    const char *text = vtvb ? value_text(ctx, tree, vtvb, &off, &len) : "";
    proto_item *pi;
    guint32 num = 0;

    switch (kind) {
    case V_UINT:
    case V_DURATION:
    case V_PORT:
        if (!ws_strtou32(text, NULL, &num)) {
            pi = proto_tree_add_string(tree, hf_mras_invalid_value, at, off, len, text);
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_bad_value, "%s is not a number: \"%s\"",
                                   what, msocs_xml_short_text(ctx->w.pinfo, text, 64));
            return;
        }
        pi = proto_tree_add_uint(tree, hf, at, off, len, num);
        if (kind == V_DURATION && num == 0)
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_duration_zero, "%s is 0 minutes", what);
        if (kind == V_PORT && (num == 0 || num > 65535))
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_port_range, "%s %u is outside 1-65535",
                                   what, num);
        break;
    case V_BOOLEAN: {
        gboolean b = g_ascii_strcasecmp(text, "true") == 0 || strcmp(text, "1") == 0;
        if (!b && g_ascii_strcasecmp(text, "false") != 0 && strcmp(text, "0") != 0) {
            pi = proto_tree_add_string(tree, hf_mras_invalid_value, at, off, len, text);
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_bad_value, "%s is not true/false: \"%s\"",
                                   what, msocs_xml_short_text(ctx->w.pinfo, text, 64));
            return;
        }
        proto_tree_add_boolean(tree, hf, at, off, len, b);
        num = b;
        break;
    }
    default:
        /* no bytes behind a redacted item: PDML value= and JSON -x print an item's bytes */
        if (role == R_PASSWORD && mras_redact_password)
            pi = proto_tree_add_string(tree, hf, at, off, 0, "<redacted>");
        else
            pi = proto_tree_add_string(tree, hf, at, off, len, text);
        /* a reasonPhrase other than OK is reported as such below, known or not */
        if (kind == V_ENUM && role != R_REASON && !in_list(text, enum_vals)) {
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_bad_value, "%s \"%s\" is not a known value",
                                   what, msocs_xml_short_text(ctx->w.pinfo, text, 64));
        }
        if (kind == V_BASE64) {
            if (!base64_valid(text)) {
                expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_bad_value, "%s is not valid base64", what);
            } else if (role == R_USERNAME) {
                gsize n;
                base64_decode(ctx->w.pinfo->pool, text, &n);
                pi = proto_tree_add_uint(tree, hf_mras_username_len, at, off, len, (guint32)n);
                proto_item_set_generated(pi);
            }
        }
        if (role == R_REASON && strcmp(text, "OK") != 0)
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_reason, "MRAS reasonPhrase: %s",
                                   msocs_xml_short_text(ctx->w.pinfo, text, 64));
        break;
    }
    note_value(ctx, role, text, num);
}

static void
walk_attrs(walk_ctx *ctx, proto_tree *tree, proto_item *item, xml_frame_t *frame, const mras_elem *e)
{
    gboolean seen[MRAS_MAX_ATTRS] = { FALSE };
    guint n_attrs = MIN(e->n_attrs, MRAS_MAX_ATTRS);

    for (xml_frame_t *a = frame->first_child; a != NULL; a = a->next_sibling) {
        const mras_attr *d = NULL;
        const char *name = a->name_orig_case ? a->name_orig_case : "";
        guint i;

        if (a->type != XML_FRAME_ATTRIB || (e->key_attr && strcmp(name, e->key_attr) == 0))
            continue;
        for (i = 0; i < n_attrs; i++) {
            if (g_ascii_strcasecmp(name, e->attrs[i].name) == 0) {
                d = &e->attrs[i];
                break;
            }
        }
        if (d != NULL) {
            seen[i] = TRUE;
            add_value(ctx, tree, *d->hf, d->kind, d->role, d->enum_vals, d->name, a->value, 0, 0);
        } else if (strcmp(name, "xmlns") == 0) {
            gint off, len;
            const char *ns = value_text(ctx, tree, a->value, &off, &len);
            proto_item *pi = proto_tree_add_string(tree, hf_mras_namespace, a->value, off, len, ns);
            if (ctx->type != MRAS_TYPE_PROVISIONING && strcmp(ns, MRAS_NAMESPACE) != 0)
                expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_namespace,
                                       "Namespace is not " MRAS_NAMESPACE);
        } else if (g_str_has_prefix(name, "xmlns:")) {
            continue; /* prefix declarations (xsi, xsd) carry nothing for us */
        } else {
            gint off, len;
            const char *v = value_text(ctx, tree, a->value, &off, &len);
            proto_item *pi = proto_tree_add_string_format_value(tree, hf_mras_unknown_attribute, a->value,
                                                                off, len, name, "%s=\"%s\"", name,
                                                                msocs_xml_short_text(ctx->w.pinfo, v, 64));
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_unknown_attribute,
                                   "Unknown attribute %s on <%s>", name, e->name);
        }
    }
    for (guint i = 0; i < n_attrs; i++)
        if (e->attrs[i].required && !seen[i])
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_missing,
                                   "Required attribute %s missing from <%s>", e->attrs[i].name, e->name);
}


/* The xml dissector leaves an element's span at its opening tag when no closing
 * tag follows, so an element was closed iff its span ends in "/>" or "</name>". */
static void
check_closed(walk_ctx *ctx, proto_item *item, const xml_frame_t *frame)
{
    const char *name = frame->name_orig_case ? frame->name_orig_case : "";
    gint nlen = (gint)strlen(name);
    gint end = frame->start_offset + frame->length;
    gboolean closed;

    if (!ctx->w.same_tvb || frame->start_offset < 0 || frame->length < 2 + nlen ||
        end > (gint)tvb_captured_length(ctx->w.tvb))
        return;
    if (tvb_get_guint8(ctx->w.tvb, end - 1) != '>')
        closed = FALSE;
    else if (tvb_get_guint8(ctx->w.tvb, end - 2) == '/')
        closed = TRUE;
    else
        closed = end - nlen - 2 >= frame->start_offset &&
                 tvb_strneql(ctx->w.tvb, end - nlen - 1, name, nlen) == 0 &&
                 (tvb_get_guint8(ctx->w.tvb, end - nlen - 2) == '/' ||
                  tvb_get_guint8(ctx->w.tvb, end - nlen - 2) == ':');
    if (!closed)
        expert_add_info_format(ctx->w.pinfo, item, &ei_mras_malformed_xml, "Element <%s> is not closed",
                               msocs_xml_short_text(ctx->w.pinfo, name, 64));
}

/* Elements the schema does not declare: shown by name, nested ones too. */
static const msocs_xml_other_fmt unknown_fmt = { &hf_mras_unknown_element, &ett_mras_unknown, 64, FALSE };

static void
walk_unknown(walk_ctx *ctx, proto_tree *tree, xml_frame_t *frame, guint depth)
{
    msocs_xml_walk_other(&ctx->w, tree, frame, depth, &unknown_fmt, &ei_mras_unknown_element);
}

static void elem_leave(walk_ctx *ctx, const mras_elem *e, proto_tree *tree, proto_item *item);

static void
walk_elem(walk_ctx *ctx, proto_tree *tree, xml_frame_t *frame, const mras_elem *e, guint depth)
{
    guint counts[MRAS_MAX_CHILD_KINDS] = { 0 };
    guint n_children = MIN(e->n_children, MRAS_MAX_CHILD_KINDS);
    proto_item *item;
    proto_tree *sub;
    gint off, len;

    if (!msocs_xml_count_element(&ctx->w, tree, depth))
        return;
    msocs_xml_frame_span(ctx->w.tvb, ctx->w.same_tvb, frame, &off, &len);

    if (e->kind != V_NONE) {
        xml_frame_t *cdata = xml_get_cdata(frame);
        add_value(ctx, tree, *e->hf, e->kind, e->role, e->enum_vals, e->name,
                  cdata ? cdata->value : NULL, off, len);
        for (xml_frame_t *c = frame->first_child; c != NULL; c = c->next_sibling)
            if (c->type == XML_FRAME_TAG)
                walk_unknown(ctx, tree, c, depth + 1);
        return;
    }

    if (e->key_attr != NULL) {
        xml_frame_t *a = xml_get_attrib(frame, e->key_attr);
        const char *key = "";
        gint voff = off, vlen = len;
        tvbuff_t *at = ctx->w.tvb;

        if (a != NULL) {
            key = value_text(ctx, tree, a->value, &voff, &vlen);
            at = a->value;
        }
        item = proto_tree_add_string(tree, *e->hf, at, voff, vlen, key);
        if (a == NULL)
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_missing, "Required attribute %s missing from <%s>",
                                   e->key_attr, e->name);
        note_value(ctx, e->key_role, key, 0);
    } else {
        item = proto_tree_add_item(tree, *e->hf, ctx->w.tvb, off, len, ENC_NA);
    }
    sub = proto_item_add_subtree(item, e->ett ? *e->ett : ett_mras_unknown);

    switch (e->role) {
    case R_CRED_REQUEST:
        ctx->n_cred_requests++;
        break;
    case R_CRED_RESPONSE:
        memset(&ctx->cur, 0, sizeof(ctx->cur));
        ctx->n_cred_responses++;
        break;
    case R_RELAY_LIST:
        ctx->cur.saw_relay_list = TRUE;
        break;
    case R_RELAY:
        memset(&ctx->cur.relay, 0, sizeof(ctx->cur.relay));
        break;
    case R_PROV_GROUP:
        ctx->mras_uri = NULL;
        ctx->in_server_config = ctx->group_name != NULL && strcmp(ctx->group_name, "ServerConfiguration") == 0;
        if (!ctx->in_server_config)
            return; /* other groups hold no media settings; the XML subtree shows them */
        ctx->saw_server_config = TRUE;
        break;
    default:
        break;
    }
    walk_attrs(ctx, sub, item, frame, e);

    for (xml_frame_t *c = frame->first_child; c != NULL; c = c->next_sibling) {
        const mras_elem *d = NULL;
        const char *name;
        guint i;

        if (c->type == XML_FRAME_DTD_DOCTYPE)
            expert_add_info(ctx->w.pinfo, item, &ei_mras_doctype);
        if (c->type != XML_FRAME_TAG)
            continue;
        if (ctx->w.cap_reported)
            break;
        name = c->name_orig_case ? c->name_orig_case : "";
        for (i = 0; i < n_children; i++) {
            if (g_ascii_strcasecmp(name, e->children[i].name) == 0) {
                d = &e->children[i];
                break;
            }
        }
        if (d == NULL) {
            if (!e->open)
                walk_unknown(ctx, sub, c, depth + 1);
            continue;
        }
        counts[i]++;
        if (d->max_occurs != 0 && counts[i] == d->max_occurs + 1)
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_too_many,
                                   "More than %u <%s> in <%s>", d->max_occurs, d->name, e->name);
        walk_elem(ctx, sub, c, d, depth + 1);
    }
    /* an element cut short by the element cap would only report the cut */
    for (guint i = 0; i < n_children && !ctx->w.cap_reported; i++)
        if (e->children[i].required && counts[i] == 0)
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_missing,
                                   "Required element <%s> missing from <%s>", e->children[i].name, e->name);
    check_closed(ctx, item, frame);
    elem_leave(ctx, e, sub, item);
}

static void
store_credential(walk_ctx *ctx, proto_item *item)
{
    cred_state *c = &ctx->cur;
    mras_credential cred;

    if (PINFO_FD_VISITED(ctx->w.pinfo) || c->username_b64 == NULL || !base64_valid(c->username_b64))
        return;
    memset(&cred, 0, sizeof(cred));
    cred.frame = ctx->w.pinfo->num;
    cred.time = ctx->w.pinfo->abs_ts;
    cred.username_b64 = c->username_b64;
    cred.username = base64_decode(ctx->w.pinfo->pool, c->username_b64, &cred.username_len);
    if (c->password_b64 != NULL && base64_valid(c->password_b64)) {
        cred.password_b64 = c->password_b64;
        cred.password = base64_decode(ctx->w.pinfo->pool, c->password_b64, &cred.password_len);
    }
    cred.realm = c->realm;
    cred.duration_min = c->duration;
    cred.n_relays = MIN(c->n_relays, MRAS_MAX_STORED_RELAYS);
    cred.relays = c->relays;
    if (!mras_store_add(&cred))
        expert_add_info_format(ctx->w.pinfo, item, &ei_mras_state_full,
                               "Credential store full (%u entries): MS-TURN frames using these "
                               "credentials are not linked", MRAS_STORE_MAX_ENTRIES);
}

static void
elem_leave(walk_ctx *ctx, const mras_elem *e, proto_tree *tree, proto_item *item)
{
    cred_state *c = &ctx->cur;
    proto_item *pi;

    switch (e->role) {
    case R_RELAY:
        if (c->relay.host == NULL && c->relay.ip == NULL && !ctx->w.cap_reported)
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_missing,
                                   "<mediaRelay> has neither <hostName> nor <directIPAddress>");
        if (c->n_relays < MRAS_MAX_STORED_RELAYS)
            c->relays[c->n_relays] = c->relay;
        c->n_relays++;
        ctx->n_relays++;
        if (ctx->first_relay == NULL)
            ctx->first_relay = c->relay.host ? c->relay.host : c->relay.ip;
        break;
    case R_CRED_RESPONSE:
        if (c->n_relays == 0 && !ctx->w.cap_reported)
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_no_relays, c->saw_relay_list
                                   ? "MRAS credentialsResponse has an empty <mediaRelayList>"
                                   : "MRAS credentialsResponse has no <mediaRelayList>");
        store_credential(ctx, item);
        break;
    case R_PROV_GROUP:
        if (ctx->in_server_config) {
            gboolean present = ctx->mras_uri != NULL && *ctx->mras_uri != '\0';
            if (present && ctx->first_uri == NULL)
                ctx->first_uri = ctx->mras_uri;
            pi = proto_tree_add_boolean(tree, hf_mras_uri_present, ctx->w.tvb, 0, 0, present);
            proto_item_set_generated(pi);
            if (!present)
                expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_no_mras_uri, ctx->mras_uri == NULL
                                       ? "ServerConfiguration has no <mrasUri>: no A/V Edge configured, "
                                         "clients will not request MRAS credentials"
                                       : "ServerConfiguration has an empty <mrasUri>: no A/V Edge configured, "
                                         "clients will not request MRAS credentials");
        }
        ctx->in_server_config = FALSE;
        break;
    default:
        break;
    }
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

/* Runs the xml dissector on the body and returns its frame tree (NULL if none). */
static xml_frame_t *
parse_xml(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    xml_frame_t *root;

    volatile gboolean too_deep = FALSE;

    /* the frame tree is keyed by proto_xml only: drop one left by an earlier body in this frame */
    p_remove_proto_data(pinfo->pool, pinfo, proto_xml, 0);
    /* with redaction on, the raw XML subtree would show the password */
    TRY {
        call_dissector(xml_handle, tvb, pinfo, mras_redact_password ? NULL : tree);
    }
    CATCH(DissectorError) {
        /* the xml dissector mirrors nesting in the protocol tree and stops at
         * gui.max_tree_depth; without a tree it builds the frames, which the
         * walk below bounds itself */
        too_deep = TRUE;
    }
    ENDTRY;
    if (too_deep) {
        proto_tree_add_expert_format(tree, pinfo, &ei_mras_depth, tvb, 0, 0,
                                     "XML nested deeper than the protocol tree allows; "
                                     "the XML subtree is incomplete");
        p_remove_proto_data(pinfo->pool, pinfo, proto_xml, 0);
        call_dissector(xml_handle, tvb, pinfo, NULL);
    }
    root = (xml_frame_t *)p_get_proto_data(pinfo->pool, pinfo, proto_xml, 0);
    p_remove_proto_data(pinfo->pool, pinfo, proto_xml, 0);
    return root;
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
    ctx->w.tvb = shown ? shown : tvb; /* same length and offsets as tvb */
    ctx->w.pinfo = pinfo;
    ctx->w.max_elements = MRAS_MAX_ELEMENTS;
    ctx->w.max_depth = MRAS_MAX_DEPTH;
    ctx->w.max_value_len = MRAS_MAX_VALUE_LEN;
    ctx->w.ei_cap = &ei_mras_element_cap;
    ctx->w.ei_depth = &ei_mras_depth;
    ctx->w.ei_too_long = &ei_mras_value_too_long;
    ctx->w.same_tvb = bom != 0xFEFF && bom != 0xFFFE;

    xroot = tvb_reported_length(tvb) > 0 ? parse_xml(tvb, pinfo, mt) : NULL;
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
        walk_unknown(ctx, mt, el, 0);
        return tvb_captured_length(tvb);
    }

    ctx->type = provisioning ? MRAS_TYPE_PROVISIONING
                             : root_desc->role == R_REQUEST ? MRAS_TYPE_REQUEST : MRAS_TYPE_RESPONSE;
    pi = proto_tree_add_uint(mt, hf_mras_type, tvb, 0, 0, (guint32)ctx->type);
    proto_item_set_generated(pi);

    walk_elem(ctx, mt, el, root_desc, 0);

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
    xml_handle = find_dissector_add_dependency("xml", proto_mras);
    proto_xml = proto_get_id_by_filter_name("xml");
    dissector_add_string("media_type", MRAS_CONTENT_TYPE, create_dissector_handle(dissect_mras, proto_mras));
    /* its own description: 4.6 warns about two handles of one table described alike */
    dissector_add_string("media_type", PROV_CONTENT_TYPE,
                         create_dissector_handle_with_name_and_description(dissect_mras_provisioning, proto_mras,
                                                                           "mras-provisioning",
                                                                           "MRAS in-band provisioning"));
}
