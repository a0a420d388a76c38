/* msturn: what a message is checked against: its transaction (request and
 * response by transaction id, whichever relay address answers), its
 * MESSAGE-INTEGRITY (MRAS credentials or the credentials preference), and
 * for an Allocate the relays the MRAS response listed. */
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

void
msturn_check_integrity(packet_info *pinfo, msg_info *mi, const msturn_transaction *tr)
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
void
msturn_check_relay(packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb, proto_item *anchor, msg_info *mi)
{
    const mras_credential *c;
    gboolean tcp = pinfo->ptype == PT_TCP;
    wmem_strbuf_t *list;
    proto_item *pi;

    if (mi->kind != MSTURN_KIND_REQUEST || msturn_type_method(mi->type) != MSTURN_METHOD_ALLOCATE ||
        mi->username == NULL)
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
gboolean
msturn_answers_request(packet_info *pinfo, tvbuff_t *tvb, int start)
{
    msturn_tid tid;
    const msturn_transaction *tr;

    if (!tvb_bytes_exist(tvb, start + 4, 16))
        return FALSE;
    tvb_memcpy(tvb, tid.id, start + 4, 16);
    tr = (const msturn_transaction *)wmem_map_lookup(transactions, &tid);
    return tr != NULL && addresses_equal(&tr->req_src, &pinfo->dst) && tr->req_sport == pinfo->destport;
}

msturn_transaction *
msturn_track(packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb, msg_info *mi)
{
    msturn_conv *mc = msturn_get_conv(pinfo);
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
            tr->last_req_time = pinfo->abs_ts;
            wmem_map_insert(transactions, key, tr);
            wmem_map_insert(transactions_by_frame, GUINT_TO_POINTER(pinfo->num), tr);
            n_transactions++;
        } else if (mi->kind == MSTURN_KIND_REQUEST && tr != NULL && addresses_equal(&tr->req_src, &pinfo->src) &&
                   tr->req_sport == pinfo->srcport) {
            tr->last_req_time = pinfo->abs_ts;     /* a retransmission */
        } else if ((mi->kind == MSTURN_KIND_SUCCESS || mi->kind == MSTURN_KIND_ERROR) && tr != NULL &&
                   tr->resp_frame == 0) {
            tr->resp_frame = pinfo->num;
        }
    }
    if (tr == NULL)
        return NULL;
    if (mi->kind == MSTURN_KIND_REQUEST)
        mi->request_frame = tr->req_frame;
    if (mi->kind == MSTURN_KIND_REQUEST && tr->req_frame == pinfo->num) {
        if (tr->resp_frame != 0) {
            pi = proto_tree_add_uint(tree, hf_msturn_response_in, tvb, 0, 0, tr->resp_frame);
            proto_item_set_generated(pi);
        } else if (PINFO_FD_VISITED(pinfo) && !mi->first_look &&
                   msturn_type_method(mi->type) != MSTURN_METHOD_BINDING) {
            /* (unanswered ICE connectivity checks are normal) */
            const char *name = mi->rfc5389 ? msturn_rfc5389_ms_name(mi->type)
                                           : val_to_str_const(mi->type, type_vals, "MS-TURN request");
            double waited;
            if (msturn_request_unanswered(tr->req_frame, &waited))
                pi = proto_tree_add_expert_format(tree, pinfo, &ei_msturn_no_response, tvb, 0, 0,
                                                  "%s has no response in the capture (%.1f s after its last copy): "
                                                  "Edge A/V external interface unreachable? (UDP 3478 / TCP 443)",
                                                  name, waited);
            else
                pi = proto_tree_add_expert_format(tree, pinfo, &ei_msturn_no_response_yet, tvb, 0, 0,
                                                  "%s has no response in the capture, which ends %.1f s after its "
                                                  "last copy: too soon to tell", name, waited);
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

/* The one decision on an MS-TURN request (msturn.h): its expert here and
 * ocstriage's msturn.no-response both ask it. */
gboolean
msturn_request_unanswered(guint32 req_frame, double *waited)
{
    const msturn_transaction *tr = transactions_by_frame
        ? (const msturn_transaction *)wmem_map_lookup(transactions_by_frame, GUINT_TO_POINTER(req_frame)) : NULL;
    nstime_t d;

    *waited = 0;
    if (tr == NULL || tr->resp_frame != 0 || msturn_type_method(tr->req_type) == MSTURN_METHOD_BINDING)
        return FALSE;
    nstime_delta(&d, &capture_end, &tr->last_req_time);
    *waited = nstime_to_sec(&d);
    return *waited >= (double)pref_response_timeout;
}

guint
msturn_response_timeout(void)
{
    return pref_response_timeout;
}
