/* ocstriage: the relay signatures: MRAS answers and in-band provisioning
 * (mras.error, provisioning.no-mras-uri, from mras's fields) and MS-TURN
 * (msturn.unknown-user, msturn.no-response, msturn.integrity-failed, from the
 * facts msturn hands over per message, msturn.h). It also keeps what the SDP
 * rules ask: the relay addresses allocated and whether the Edge is public. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/to_str.h>

#include <string.h>

#include "msocs.h"
#include "mras.h"
#include "msturn.h"
#include "ocstriage-core.h"
#include "ocstriage-int.h"
#include "ws-compat.h"

typedef struct {
    gboolean credentials;  /* USERNAME, REALM, NONCE and MESSAGE-INTEGRITY present */
    guint32 mras_frame;
    const char *dst;       /* address:port the request went to */
} msturn_req;

/* Per-capture state, all wmem_file_scope(). */
static wmem_map_t *msturn_reqs;    /* request frame -> msturn_req */
static wmem_map_t *mras_relays;    /* MRAS response frame -> first relay host/ip */
static wmem_map_t *relay_addrs;    /* "addr" of MS-TURN allocations -> 1 */
static guint n_tracked_turn;
static gboolean public_allocate;   /* an MS-TURN Allocate went to a public address */
static guint32 last_msturn_error_frame;

void
ocstriage_relay_init(void)
{
    msturn_reqs = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    mras_relays = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    relay_addrs = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    n_tracked_turn = 0;
    public_allocate = FALSE;
    last_msturn_error_frame = 0;
}

gboolean
ocstriage_relay_known(const char *addr, guint32 port _U_, void *user _U_)
{
    return wmem_map_contains(relay_addrs, addr);
}

guint
ocstriage_relay_count(void)
{
    return wmem_map_size(relay_addrs);
}

gboolean
ocstriage_public_allocate(void)
{
    return public_allocate;
}

guint32
ocstriage_last_msturn_error(void)
{
    return last_msturn_error_frame;
}

void
ocstriage_analyse_mras(proto_tree *tree, packet_info *pinfo)
{
    guint64 present, type;

    if (field_uint(tree, F_MRAS_URI_PRESENT, &present) && !present)
        ocstriage_add_finding(pinfo, pinfo->num, S_PROV_NO_MRAS_URI, 0,
                    "ServerConfiguration provision group without an mrasUri");

    if (!field_uint(tree, F_MRAS_TYPE, &type) || type != MRAS_TYPE_RESPONSE)
        return;
    const char *reason = field_string(tree, F_MRAS_REASON);
    if (reason != NULL && g_ascii_strcasecmp(reason, "OK") != 0) {
        finding *f = ocstriage_add_finding(pinfo, pinfo->num, S_MRAS_ERROR, ocstriage_catalogue_event(S_MRAS_ERROR),
                                 wmem_strdup_printf(wmem_file_scope(), "reasonPhrase \"%s\"", reason));
        ocstriage_add_evidence(f, (guint32)field_uint_or(tree, F_MRAS_RESPONSE_TO, 0));
    }
    const char *relay = field_string(tree, F_MRAS_RELAY_HOST);
    if (relay == NULL)
        relay = field_string(tree, F_MRAS_RELAY_IP);
    if (relay != NULL && wmem_map_size(mras_relays) < OCSTRIAGE_MAX_TRACKED)
        wmem_map_insert(mras_relays, GUINT_TO_POINTER(pinfo->num), wmem_strdup(wmem_file_scope(), relay));
}

void
ocstriage_analyse_msturn(packet_info *pinfo, const msturn_summary *m)
{
    if (m->kind == MSTURN_KIND_REQUEST) {
        if (n_tracked_turn >= OCSTRIAGE_MAX_TRACKED) {
            ocstriage_bound_hit(pinfo);
        } else {
            msturn_req *r = wmem_new0(wmem_file_scope(), msturn_req);
            r->credentials = m->credentials;
            r->mras_frame = m->mras_frame;
            r->dst = wmem_strdup_printf(wmem_file_scope(), "%s:%u",
                                        address_to_str(pinfo->pool, &pinfo->dst), pinfo->destport);
            wmem_map_insert(msturn_reqs, GUINT_TO_POINTER(pinfo->num), r);
            n_tracked_turn++;

            /* msturn tracks the transaction: its first copy is judged, by msturn */
            if (m->request_frame == pinfo->num && msturn_type_method(m->type) != MSTURN_METHOD_BINDING)
                ocstriage_get_rec(pinfo->num, TRUE)->msturn_pending = TRUE;
            if (msturn_type_method(m->type) == MSTURN_METHOD_ALLOCATE && pinfo->dst.type == AT_IPv4 &&
                !ocstriage_addr_is_private(address_to_str(pinfo->pool, &pinfo->dst)))
                public_allocate = TRUE;
        }
    }
    if (m->kind == MSTURN_KIND_ERROR) {
        last_msturn_error_frame = pinfo->num;
        if (m->error_code == MSTURN_ERROR_UNKNOWN_USER) {
            guint32 req_frame = m->response_to;
            msturn_req *r = req_frame ? (msturn_req *)wmem_map_lookup(msturn_reqs, GUINT_TO_POINTER(req_frame))
                                      : NULL;
            if (r != NULL && r->credentials) {
                const char *relay = r->mras_frame
                    ? (const char *)wmem_map_lookup(mras_relays, GUINT_TO_POINTER(r->mras_frame)) : NULL;
                finding *f = ocstriage_add_finding(pinfo, pinfo->num, S_MSTURN_UNKNOWN_USER, 0,
                                         relay
                                         ? wmem_strdup_printf(wmem_file_scope(),
                                                              "436 Unknown User; MRAS (frame %u) listed relay %s, "
                                                              "the Allocate went to %s", r->mras_frame, relay, r->dst)
                                         : wmem_strdup_printf(wmem_file_scope(),
                                                              "436 Unknown User for the credentials sent to %s",
                                                              r->dst));
                ocstriage_add_evidence(f, req_frame);
                ocstriage_add_evidence(f, r->mras_frame);
            }
        }
    } else if (m->kind == MSTURN_KIND_SUCCESS && msturn_type_method(m->type) == MSTURN_METHOD_ALLOCATE) {
        if (m->mapped.type != AT_NONE && wmem_map_size(relay_addrs) < OCSTRIAGE_MAX_TRACKED)
            wmem_map_insert(relay_addrs, address_to_str(wmem_file_scope(), &m->mapped), GUINT_TO_POINTER(1));
    }

    if (m->integrity != NULL && strcmp(m->integrity, "failed") == 0) {
        finding *f = ocstriage_add_finding(pinfo, pinfo->num, S_MSTURN_INTEGRITY, 0,
                                 m->mras_frame ? wmem_strdup_printf(wmem_file_scope(),
                                                                    "HMAC differs from the one the MRAS credentials "
                                                                    "of frame %u give", m->mras_frame)
                                               : "HMAC differs from the one the configured credentials give");
        ocstriage_add_evidence(f, m->mras_frame);
    }
}

void
ocstriage_decide_msturn_request(packet_info *pinfo)
{
    double waited;

    if (!msturn_request_unanswered(pinfo->num, &waited))
        return;
    msturn_req *r = (msturn_req *)wmem_map_lookup(msturn_reqs, GUINT_TO_POINTER(pinfo->num));
    ocstriage_add_finding(pinfo, pinfo->num, S_MSTURN_NO_RESPONSE, 0,
                wmem_strdup_printf(wmem_file_scope(), "request to %s unanswered, %.1f s of capture after its last "
                                   "copy (timeout %u s)", r ? r->dst : "?", waited, msturn_response_timeout()));
}
