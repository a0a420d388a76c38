/* mras's files share these: the limits, the schema types, the walk state and
 * the registered ids. Internal to the mras dissector (mras-store.h is what
 * msturn sees). */
#ifndef MRAS_INT_H
#define MRAS_INT_H

#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/dissectors/packet-xml.h>

#include "msocs.h"
#include "mras.h"
#include "mras-store.h"
#include "msocs-xml.h"
#include "ws-compat.h"

#define MRAS_NAMESPACE     "http://schemas.microsoft.com/2006/09/sip/mrasp"

#define MRAS_MAX_DEPTH       16      /* the schema needs 5; deeper is hostile or foreign */
#define MRAS_MAX_ELEMENTS    1000    /* elements walked per body */
#define MRAS_MAX_VALUE_LEN   65536   /* identity may be 64K characters; nothing longer is legitimate */
#define MRAS_MAX_CHILD_KINDS 16      /* children declared per element (occurrence counters) */
#define MRAS_MAX_ATTRS       16      /* attributes declared per element (seen flags) */
#define MRAS_MAX_STORED_RELAYS 64    /* relays kept per credential in the store */
#define MRAS_MAX_TRANSACTIONS 100000 /* request/response pairs tracked per capture */
#define MRAS_INFO_HOST_MAX   60



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

/* the schema's root elements per content type (mras-walk.c) */
extern const mras_elem mras_roots[2];
extern const mras_elem prov_roots[2];

/* Walks a declared element and everything in it; e->hf's item goes into tree. */
void mras_walk_elem(walk_ctx *ctx, proto_tree *tree, xml_frame_t *frame, const mras_elem *e, guint depth);

/* Shows an element the schema does not declare, with a note, and what it holds. */
void mras_walk_unknown(walk_ctx *ctx, proto_tree *tree, xml_frame_t *frame, guint depth);

extern int proto_mras;
extern int hf_mras_type;
extern int hf_mras_request;
extern int hf_mras_response;
extern int hf_mras_request_id;
extern int hf_mras_version;
extern int hf_mras_server_version;
extern int hf_mras_to;
extern int hf_mras_from;
extern int hf_mras_route;
extern int hf_mras_reason_phrase;
extern int hf_mras_credentials_request;
extern int hf_mras_credentials_request_id;
extern int hf_mras_identity;
extern int hf_mras_location;
extern int hf_mras_duration;
extern int hf_mras_credentials_response;
extern int hf_mras_credentials;
extern int hf_mras_username;
extern int hf_mras_username_len;
extern int hf_mras_password;
extern int hf_mras_realm;
extern int hf_mras_relay_list;
extern int hf_mras_relay;
extern int hf_mras_relay_location;
extern int hf_mras_relay_host;
extern int hf_mras_relay_ip;
extern int hf_mras_relay_udp_port;
extern int hf_mras_relay_tcp_port;
extern int hf_mras_relay_count;
extern int hf_mras_response_in;
extern int hf_mras_response_to;
extern int hf_mras_time;
extern int hf_mras_unknown_element;
extern int hf_mras_unknown_attribute;
extern int hf_mras_invalid_value;
extern int hf_mras_namespace;
extern int hf_mras_provisioning;
extern int hf_mras_prov_group;
extern int hf_mras_prov_requested_group;
extern int hf_mras_uri;
extern int hf_mras_uri_present;
extern int hf_mras_prov_port_range;
extern int hf_mras_prov_min_port;
extern int hf_mras_prov_max_port;
extern int hf_mras_prov_encryption;
extern int hf_mras_prov_video_rate;
extern int hf_mras_prov_qos;
extern gint ett_mras_request;
extern gint ett_mras_response;
extern gint ett_mras_cred_request;
extern gint ett_mras_cred_response;
extern gint ett_mras_credentials;
extern gint ett_mras_relay_list;
extern gint ett_mras_relay;
extern gint ett_mras_unknown;
extern gint ett_mras_provisioning;
extern gint ett_mras_prov_group;
extern expert_field ei_mras_reason;
extern expert_field ei_mras_missing;
extern expert_field ei_mras_duration_zero;
extern expert_field ei_mras_no_relays;
extern expert_field ei_mras_port_range;
extern expert_field ei_mras_malformed_xml;
extern expert_field ei_mras_bad_value;
extern expert_field ei_mras_unknown_element;
extern expert_field ei_mras_unknown_attribute;
extern expert_field ei_mras_namespace;
extern expert_field ei_mras_too_many;
extern expert_field ei_mras_depth;
extern expert_field ei_mras_element_cap;
extern expert_field ei_mras_value_too_long;
extern expert_field ei_mras_doctype;
extern expert_field ei_mras_unanswered;
extern expert_field ei_mras_state_full;
extern expert_field ei_mras_no_mras_uri;
extern msocs_api_bool mras_redact_password;

#endif
