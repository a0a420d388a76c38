/* msturn on UDP: no port of its own (3478 stays stun's). Old-form messages
 * are found by their MAGIC-COOKIE attribute, or as a response answering a
 * request msturn saw; the flow they travel on is then claimed. */
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

int
dissect_msturn_udp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    /* Anything else on the port (standard STUN/TURN/ICE) stays with stun. */
    if (!udp_is_old_form(tvb, FALSE)) {
        msturn_note_stun_message(pinfo, tvb);
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
    return msturn_answers_request(pinfo, tvb, 0);
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
int
dissect_msturn_udp_flow(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (!udp_is_old_form(tvb, FALSE) && !udp_answers_old_request(tvb, pinfo))
        return 0;
    col_clear(pinfo->cinfo, COL_INFO);
    return dissect_msturn_message(tvb, pinfo, tree);
}

msocs_api_bool
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

