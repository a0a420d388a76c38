/* ocstriage: the failure-signature catalogue (generated from
 * tables/ocstriage-signatures.tsv) and the decisions behind the signatures
 * that need no Wireshark: private addresses, SDP ICE candidate lines, TCP
 * reset and SYN-ACK verdicts. */
#ifndef OCSTRIAGE_CORE_H
#define OCSTRIAGE_CORE_H

#include <glib.h>

typedef enum {
    OCSTRIAGE_SEV_ERROR,
    OCSTRIAGE_SEV_WARN,
    OCSTRIAGE_SEV_NOTE
} ocstriage_severity;

/* Mapped to Wireshark's expert groups by the plugin. */
typedef enum {
    OCSTRIAGE_GRP_SEQUENCE,
    OCSTRIAGE_GRP_RESPONSE,
    OCSTRIAGE_GRP_PROTOCOL,
    OCSTRIAGE_GRP_SECURITY
} ocstriage_group;

/* Which findings of a signature carry its event id. */
typedef enum {
    OCSTRIAGE_EVENT_ALL,
    OCSTRIAGE_EVENT_QOE,     /* only about QoE report bodies */
    OCSTRIAGE_EVENT_PORT     /* only on the TCP port event_port */
} ocstriage_event_scope;

typedef struct {
    const char *id;          /* public contract: the ocstriage.signature value */
    guint32 event_id;        /* Windows event id, 0 when none is known */
    ocstriage_event_scope event_scope;
    guint32 event_port;      /* OCSTRIAGE_EVENT_PORT: the port, 0 otherwise */
    ocstriage_severity severity;
    ocstriage_group group;
    const char *summary;     /* expert text */
    const char *hint;        /* one line for the support engineer */
} ocstriage_sig;

/* generated, in catalogue order */
extern const ocstriage_sig ocstriage_sigs[];
extern const unsigned ocstriage_sigs_count;

/* Index of the signature with this id in ocstriage_sigs, -1 when unknown. */
int ocstriage_sig_index(const char *id);

/* "error", "warn", "note" */
const char *ocstriage_severity_name(ocstriage_severity sev);

/* TRUE for a textual IPv4 address in 10/8, 172.16/12 or 192.168/16 (RFC 1918),
 * or an IPv6 unique local address (fc00::/7, RFC 4193). */
gboolean ocstriage_addr_is_private(const char *addr);

/* TRUE when the text is a syntactically valid IPv4 dotted quad. */
gboolean ocstriage_parse_ipv4(const char *addr, guint32 *out);

typedef enum {
    OCSTRIAGE_CAND_HOST,
    OCSTRIAGE_CAND_SRFLX,
    OCSTRIAGE_CAND_PRFLX,
    OCSTRIAGE_CAND_RELAY,
    OCSTRIAGE_CAND_OTHER,   /* a typ we do not know */
    OCSTRIAGE_CAND_UNTYPED  /* MS ICE draft-6 form: the line carries no type */
} ocstriage_cand_type;

typedef enum {
    OCSTRIAGE_CAND_RFC5245, /* foundation component transport priority addr port typ T ... */
    OCSTRIAGE_CAND_DRAFT6   /* username component password transport qvalue addr port */
} ocstriage_cand_form;

#define OCSTRIAGE_ADDR_MAX 64   /* longest address text kept (IPv6 with zone fits) */
#define OCSTRIAGE_TOKEN_MAX 256 /* longest foundation / transport kept */

typedef struct {
    ocstriage_cand_form form;
    char foundation[OCSTRIAGE_TOKEN_MAX]; /* draft-6: the username fragment */
    guint32 component;
    char transport[16];
    guint64 priority;        /* draft-6: the q-value times 1000 */
    char address[OCSTRIAGE_ADDR_MAX];
    guint32 port;
    ocstriage_cand_type type;
    char raddr[OCSTRIAGE_ADDR_MAX]; /* related address, "" when absent */
    guint32 rport;
} ocstriage_candidate;

/* Parses one SDP candidate attribute: "candidate:..." or "x-candidate:...",
 * with or without a leading "a=", up to len bytes (no NUL needed). Returns
 * FALSE for anything that is not a complete candidate in either form
 * (too few tokens, numbers out of range, overlong tokens). */
gboolean ocstriage_parse_candidate(const char *line, gsize len, ocstriage_candidate *out);

/* The verdict on one SDP's candidates. is_relay_addr says whether an untyped
 * (draft-6) candidate sits on a known Edge relay address; NULL when none is
 * known, in which case untyped candidates make no verdict possible. */
typedef struct {
    guint n_candidates;
    guint n_relay;
    guint n_untyped_unknown;  /* public draft-6 candidates on no known Edge relay: relay or NAT, unknown */
    gboolean has_public;      /* some candidate address or related address (raddr) is public */
    int first_private_relay;  /* index of a relay candidate with a private address, -1 if none */
} ocstriage_sdp_verdict;

void ocstriage_sdp_assess(const ocstriage_candidate *c, guint n,
                          gboolean (*is_relay_addr)(const char *addr, guint32 port, void *user),
                          void *user, ocstriage_sdp_verdict *v);

/* sdp.no-relay-candidates: candidates present, none relay, nothing undecidable. */
gboolean ocstriage_sdp_no_relay(const ocstriage_sdp_verdict *v);
/* sdp.private-relay-address: a private relay address while some candidate is public. */
gboolean ocstriage_sdp_private_relay(const ocstriage_sdp_verdict *v);

/* TCP flag bits as in the header. */
#define OCSTRIAGE_TCP_FIN 0x001
#define OCSTRIAGE_TCP_SYN 0x002
#define OCSTRIAGE_TCP_RST 0x004
#define OCSTRIAGE_TCP_ACK 0x010

/* A "bare" reset: RST set, ACK clear (so not the RST+ACK that answers a SYN
 * to a closed port) and SYN clear. */
gboolean ocstriage_tcp_is_bare_reset(guint32 flags);

typedef enum {
    OCSTRIAGE_SYNACK_UNRELATED, /* the ack does not match the SYN */
    OCSTRIAGE_SYNACK_NORMAL,    /* matches and comes from the address the SYN went to */
    OCSTRIAGE_SYNACK_ASYMMETRIC /* matches, but from another address */
} ocstriage_synack_verdict;

/* A SYN with sequence number syn_seq went to syn_dst; a SYN-ACK with
 * acknowledgement number synack_ack came from synack_src (addresses as text
 * in one canonical form). */
ocstriage_synack_verdict ocstriage_synack_check(const char *syn_dst, guint32 syn_seq,
                                                const char *synack_src, guint32 synack_ack);

/* The client's reset that follows an asymmetric SYN-ACK: seq equals the
 * SYN-ACK's ack (RFC 793 reset generation for an unexpected ACK). */
gboolean ocstriage_reset_answers_synack(guint32 rst_flags, guint32 rst_seq, guint32 synack_ack);

#endif
