/* The OCS/Lync call flow without Wireshark: arrow labels, endpoint names
 * taken from SIP headers, and the grouping of MS-TURN Send/Data messages into
 * bursts, so that a relayed call shows as a few arrows rather than one per
 * media packet. The plugin (plugins/epan/msocs/msocs-flow.c) feeds it the
 * decoded values; every string returned is newly allocated (g_free). */
#ifndef MSOCS_FLOW_CORE_H
#define MSOCS_FLOW_CORE_H

#include <glib.h>

/* Two messages of the same kind and direction more than this apart are two
 * bursts: a pause in the media (hold, a new call) shows as a new arrow. */
#define MSOCS_FLOW_BURST_GAP 2.0

/* What a SIP message says, as far as its arrow label needs. */
typedef struct {
    const char *method;        /* request method, NULL for a response */
    guint status;              /* response status code, 0 for a request */
    const char *reason;        /* response reason phrase, NULL when unknown */
    const char *cseq_method;   /* method a response answers, NULL when unknown */
    const char *service_kind;  /* "qoe", "mras", "other" for SERVICE messages, else NULL */
    const char *event;         /* Event header, NULL when absent */
    int mras_relays;           /* relays in an MRAS response, -1 when it has none or is no MRAS response */
    const char *mras_reason;   /* reasonPhrase of an MRAS response, NULL when absent */
    int mras_uri;              /* provisioning response: 1 mrasUri present, 0 absent, -1 not provisioning */
    guint msdiag;              /* ms-diagnostics ErrorId, 0 when absent */
    gboolean sdp;              /* carries an SDP body */
} msocs_flow_sip;

/* "SERVICE MRAS request", "200 OK MRAS: 2 relays", "403 Forbidden ms-diag 9006", ... */
char *msocs_flow_sip_label(const msocs_flow_sip *m);

/* An MS-TURN message label: "Allocate", "Allocate 401 Unauthorized",
 * "Allocate OK". method is the method name ("Allocate"), cls one of
 * "request", "success", "error", "indication"; reason may be NULL. */
char *msocs_flow_turn_label(const char *method, const char *cls, guint error_code, const char *reason);

/* A burst of MS-TURN messages of one kind in one direction. */
typedef struct {
    guint32 first_frame;
    guint32 last_frame;
    guint32 count;
    double first_ts;           /* seconds, any origin */
    double last_ts;
} msocs_flow_burst;

/* TRUE when a message at ts continues burst b (not yet ended, within the gap). */
gboolean msocs_flow_burst_continues(const msocs_flow_burst *b, double ts);

/* Starts b with a message (frame, ts) or adds one to it. */
void msocs_flow_burst_start(msocs_flow_burst *b, guint32 frame, double ts);
void msocs_flow_burst_add(msocs_flow_burst *b, guint32 frame, double ts);

/* "Send x42 (1.02 s)", or just what when the burst holds one message. */
char *msocs_flow_burst_label(const msocs_flow_burst *b, const char *what);

/* The host of a Via header value ("SIP/2.0/TLS pool01.contoso.com:5061;branch=...")
 * when it is a DNS name, NULL for an IP address or anything malformed. */
char *msocs_flow_via_host(const char *via);

/* The host of one name-addr or URI ("<sip:pool01.contoso.com:5061;transport=tls;lr>")
 * when it is a DNS name, NULL otherwise. */
char *msocs_flow_uri_host(const char *uri);

/* TRUE when s (length len) is a DNS host name with at least one dot and is not
 * an IPv4 or IPv6 literal. */
gboolean msocs_flow_is_dns_name(const char *s, gsize len);

/* The Record-Route entries of one header value, split at the commas between
 * name-addrs (not inside <...> or quotes). At most max entries; *n gets the count. */
char **msocs_flow_split_route(const char *value, guint max, guint *n);

#endif
