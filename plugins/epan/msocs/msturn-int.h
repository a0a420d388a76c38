/* msturn's files share these: the constants, the per-capture types, the
 * registered ids and handles, and the functions one file offers another.
 * Internal to the msturn dissector (msturn.h is what other protocols see). */
#ifndef MSTURN_INT_H
#define MSTURN_INT_H

#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/conversation.h>
#include <epan/uat.h>

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
#define MSTURN_MAX_METHODS 16        /* room for the old-form methods of the generated table */
#define MSTURN_MAX_TRANSACTIONS 100000 /* per capture */
#define MSTURN_MAX_SAVED_CRED 1024   /* bytes of USERNAME/REALM kept per transaction */
#define MSTURN_VERIFIED_KEY 0x1000000u /* | raw offset: per-frame list of verified message bytes */
#define MSTURN_DEPTH_KEY 0x2000000u  /* per packet: DATA payloads being dissected, innermost first */
#define MSTURN_MAX_NESTING 8         /* DATA -> message -> DATA levels per packet */
#define MSTURN_USER_CACHE 96         /* longest USERNAME whose Info text is cached per conversation */

/* Per attribute of the generated table: fields registered from its 'field'
 * column (value, and for addresses the IPv6 and port variants). */
typedef struct {
    int value;
    int v6;
    int port;
} attr_fields;

/* Credentials table preference: MRAS username/password, base64 as MRAS gives them. */
typedef struct {
    char *username;
    char *password;
} cred_uat_t;

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
    nstime_t last_req_time;   /* of the last retransmission: a decision counts from it */
} msturn_transaction;

typedef enum {
    TCP_UNDECIDED,
    TCP_MSTURN,
    TCP_OTHER
} tcp_state;

/* What the postdissector learned of a TCP connection on a pseudo-TLS port
 * that TLS dissects (msturn_probe_tls_connection, msturn-tcp.c). */
typedef struct {
    tcp_state state;
    guint8 looked;            /* payload frames looked at */
    guint32 hello_frame;      /* the ClientHello, 0 if none seen */
} tls_probe;

typedef struct {
    tcp_state state;
    guint32 hello_frame;      /* pseudo-TLS ClientHello seen before the decision */
    /* Info-column text of the last USERNAME seen here: authenticated Send
     * requests repeat one username on every relayed packet. Fixed size, so
     * a conversation that keeps changing usernames costs no memory. */
    guint8 user[MSTURN_USER_CACHE];
    guint user_len;           /* 0: empty cache */
    char user_text[4 * MSTURN_USER_CACHE + 8];
    /* The last successful Allocate here: its relayed address, the one an
     * SDP announces for the media this flow carries (msturn-media.c) */
    address relay;            /* AT_NONE until then; file scope */
    guint16 relay_port;
    guint32 relay_frame;
} msturn_conv;


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
    guint32 request_frame;    /* a request's first copy, 0 if not tracked */
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

/* msturn.c: registered ids and handles, preferences, value tables, per-capture state */
extern int proto_msturn;
extern int hf_msturn_type;
extern int hf_msturn_method;
extern int hf_msturn_form;
extern int hf_msturn_class;
extern int hf_msturn_length;
extern int hf_msturn_cookie;
extern int hf_msturn_transaction_id;
extern int hf_msturn_attributes;
extern int hf_msturn_attribute;
extern int hf_msturn_attr;
extern int hf_msturn_attr_length;
extern int hf_msturn_attr_value;
extern int hf_msturn_reserved;
extern int hf_msturn_family;
extern int hf_msturn_username_b64;
extern int hf_msturn_error_code;
extern int hf_msturn_error_class;
extern int hf_msturn_error_number;
extern int hf_msturn_error_reason;
extern int hf_msturn_error_meaning;
extern int hf_msturn_unknown_attribute;
extern int hf_msturn_requested_family;
extern int hf_msturn_connection_id;
extern int hf_msturn_sequence_number;
extern int hf_msturn_stream_type;
extern int hf_msturn_service_quality;
extern int hf_msturn_bw_acm_type;
extern int hf_msturn_bw_max_send;
extern int hf_msturn_bw_min_send;
extern int hf_msturn_bw_max_receive;
extern int hf_msturn_bw_min_receive;
extern int hf_msturn_site_flags;
extern int hf_msturn_site_valid;
extern int hf_msturn_site_pstn;
extern int hf_msturn_site_max_send;
extern int hf_msturn_site_max_receive;
extern int hf_msturn_lp_peer;
extern int hf_msturn_lp_self;
extern int hf_msturn_lp_federation;
extern int hf_msturn_lp_reserved;
extern int hf_msturn_integrity_status;
extern int hf_msturn_integrity_expected;
extern int hf_msturn_mras_frame;
extern int hf_msturn_response_in;
extern int hf_msturn_response_to;
extern int hf_msturn_time;
extern int hf_msturn_tcp_type;
extern int hf_msturn_tcp_reserved;
extern int hf_msturn_tcp_length;
extern int hf_msturn_tls_content_type;
extern int hf_msturn_tls_version;
extern int hf_msturn_tls_length;
extern int hf_msturn_tls_handshake_type;
extern int hf_msturn_tls_handshake_length;
extern int hf_msturn_tls_handshake_body;
extern attr_fields attr_hf[MSTURN_MAX_ATTRS_TABLE];
extern gint ett_msturn;
extern gint ett_msturn_attrs;
extern gint ett_msturn_attr;
extern gint ett_msturn_tcp;
extern gint ett_msturn_tls;
extern gint ett_msturn_site_flags;
extern gint ett_msturn_rfc;
extern expert_field ei_msturn_error_response;
extern expert_field ei_msturn_unknown_user;
extern expert_field ei_msturn_integrity_failed;
extern expert_field ei_msturn_malformed;
extern expert_field ei_msturn_unknown_attr;
extern expert_field ei_msturn_attr_cap;
extern expert_field ei_msturn_no_response;
extern expert_field ei_msturn_no_response_yet;
extern expert_field ei_msturn_pseudo_tls;
extern expert_field ei_msturn_relay_not_listed;
extern expert_field ei_msturn_too_deep;
extern dissector_handle_t msturn_tcp_handle;
extern dissector_handle_t msturn_udp_flow_handle; /* a UDP flow msturn saw MS-TURN on */
extern dissector_handle_t stun_udp_handle;
extern dissector_handle_t tls_handle;
extern dissector_handle_t rtp_handle;
extern dissector_handle_t rtcp_handle;
extern dissector_handle_t data_handle;
extern int proto_rtp, proto_tls, proto_stun;
extern range_t *pref_tls_ports;
extern dissector_table_t rtp_pt_table;
extern heur_dissector_list_t msturn_payload_heur;
extern guint pref_max_attrs;
extern msocs_api_bool pref_payload_rtp;
extern msocs_api_bool pref_relay_media;
extern cred_uat_t *cred_uats;
extern guint n_cred_uats;
extern value_string type_vals[MSTURN_MAX_TYPES + 1];
extern value_string method_vals[MSTURN_MAX_METHODS + 1];  /* old-form methods (msturn-methods.tsv) */
extern const value_string tls_handshake_vals[];
extern wmem_map_t *tls_probes;   /* conversation_t * -> tls_probe */
extern wmem_map_t *transactions; /* msturn_tid -> msturn_transaction, the whole capture */
extern guint n_transactions;
extern wmem_map_t *transactions_by_frame; /* request frame -> msturn_transaction */
extern nstime_t capture_end;              /* latest frame time of the first pass */
extern guint pref_response_timeout;
msturn_conv *msturn_get_conv(packet_info *pinfo);

/* msturn-message.c */
void msturn_add_attr_value(tvbuff_t *tvb, packet_info *pinfo, proto_tree *at, proto_item *ai, int off, guint len,
                           const msturn_attr_info *info, const attr_fields *f, msg_info *mi);
void msturn_add_error_expert(packet_info *pinfo, const msg_info *mi);
void msturn_dissect_attributes(tvbuff_t *tvb, packet_info *pinfo, proto_tree *attrs_tree, int end, gboolean padded,
                               msg_info *mi);
void msturn_add_summary(packet_info *pinfo, const msg_info *mi, int txid_off, guint txid_len);
int dissect_msturn_message(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* msturn-check.c */
void msturn_check_integrity(packet_info *pinfo, msg_info *mi, const msturn_transaction *tr);
void msturn_check_relay(packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb, proto_item *anchor,
                        msg_info *mi);
gboolean msturn_answers_request(packet_info *pinfo, tvbuff_t *tvb, int start);
msturn_transaction *msturn_track(packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb, msg_info *mi);

/* msturn-rfc5389.c */
gboolean msturn_frame_has_layer(packet_info *pinfo, int proto);
gboolean msturn_l4_payload_in_frame(tvbuff_t *tvb, packet_info *pinfo, int *off, int *len);
void msturn_note_stun_message(packet_info *pinfo, tvbuff_t *tvb);
const char *msturn_rfc5389_ms_name(guint16 type);
int dissect_msturn_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_);

/* msturn-media.c */
gboolean msturn_payload_only(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);
void msturn_dissect_payload(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* msturn-udp.c */
int dissect_msturn_udp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_);
int dissect_msturn_udp_flow(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_);
msocs_api_bool dissect_msturn_heur_udp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                        void *data _U_);

/* msturn-tcp.c */
int dissect_msturn_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data);
msocs_api_bool dissect_msturn_heur_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data);
void msturn_probe_tls_connection(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

#endif
