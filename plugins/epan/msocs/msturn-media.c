/* msturn: the DATA attribute and TCP data frames: a nested MS-TURN message,
 * STUN (an ICE check), RTP or RTCP, handed on only as far as something shows
 * it (relayed media is most of a relayed call). */
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

/* How far relayed media is handed on is the policy's call
 * (msocs_policy_media): relayed media is most packets of a relayed call, and
 * RTP's work on it costs more than the MS-TURN message around it. Not
 * calling RTP also keeps it from creating a conversation for every relayed
 * stream, which would make every later conversation lookup of the capture
 * search one more table. */

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

    if (!msocs_policy_info_line_only(pinfo) || rtp_pt_table == NULL ||
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
gboolean
msturn_payload_only(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    int end, data_off = 0;
    guint n_attrs = 0, data_len = 0;
    msturn_attr_iter it;
    msturn_attr a;

    if (!msocs_policy_payload_only(pinfo, tree))
        return FALSE;
    end = MIN(MSTURN_HEADER_LEN + (int)tvb_get_ntohs(tvb, 2), (int)tvb_captured_length(tvb));
    /* dissect_msturn_message's walk, without its items: the last DATA counts */
    msturn_attr_iter_init(&it, tvb_get_ptr(tvb, 0, end), (gsize)end, FALSE);
    while (n_attrs++ < pref_max_attrs && msturn_attr_next(&it, &a) == MSTURN_ATTR_OK) {
        const msturn_attr_info *info = msturn_attr_lookup(a.type);
        if (info != NULL && info->shape == MSTURN_SHAPE_DATA && a.len >= info->min_len && a.len <= info->max_len) {
            data_off = (int)a.off + 4;
            data_len = a.len;
        }
    }
    if (data_len > 0)
        msturn_dissect_payload(tvb_new_subset_length(tvb, data_off, data_len), pinfo, NULL);
    return TRUE;
}

/* VoIP Calls ties an RTP stream to a call by the frame of the signalling
 * that set the stream up (RTP's setup frame), and RTP learns it from the
 * addresses SDP announced. Relayed media travels between the client and the
 * Edge's MS-TURN port, not on the relayed address the SDP announced, so RTP
 * finds no setup for it. On the first pass, before RTP sees the first
 * relayed packet of each direction: when an SDP after the flow's Allocate
 * set RTP up on the Allocate's relayed address, the same setup is made for
 * RTP's own lookup of this flow (the packet's destination, port and source
 * port). RTP's rtp_add_address() keeps the data in RTP's form on every
 * release, and RTCP's for multiplexed RTCP; its dissector is taken off that
 * conversation again, so the flow stays MS-TURN's (exact conversations win
 * anyway) and no other flow is handed to RTP. Nothing is done when RTP
 * already knows a setup for the flow (an SDP announcing the client's own
 * address). */
static void
relayed_media_setup(packet_info *pinfo)
{
    msturn_conv *mc;
    conversation_t *sdp, *own;
    conversation_type ctype;

    if (PINFO_FD_VISITED(pinfo) || (pinfo->ptype != PT_UDP && pinfo->ptype != PT_TCP) || rtp_handle == NULL)
        return;
    mc = msturn_get_conv(pinfo);
    if (mc->relay.type == AT_NONE)
        return;
    ctype = conversation_pt_to_conversation_type(pinfo->ptype);
    /* RTP's own lookup (packet-rtp.c get_conv_info) */
    own = find_conversation(pinfo->num, &pinfo->net_dst, &pinfo->net_src, ctype, pinfo->destport,
                            pinfo->srcport, NO_ADDR_B);
    if (own != NULL && conversation_get_proto_data(own, proto_rtp) != NULL)
        return;
    /* the SDP's conversation on the relayed address: newer than the
     * Allocate's own (setup_relayed_media), still RTP's */
    sdp = find_conversation(pinfo->num, &mc->relay, NULL, CONVERSATION_UDP, mc->relay_port, 0,
                            NO_ADDR_B | NO_PORT_B);
    if (sdp == NULL || sdp->setup_frame <= mc->relay_frame || sdp->setup_frame >= pinfo->num ||
        conversation_get_dissector(sdp, pinfo->num) != rtp_handle ||
        conversation_get_proto_data(sdp, proto_rtp) == NULL)
        return;
    /* made first, so that rtp_add_address finds and fills this one */
    own = conversation_new(sdp->setup_frame, &pinfo->net_dst, NULL, ctype, pinfo->destport, pinfo->srcport,
                           NO_ADDR2);
    rtp_add_address(pinfo, pinfo->ptype, &pinfo->net_dst, pinfo->destport, pinfo->srcport, "SDP",
                    sdp->setup_frame, 0, NULL);
    conversation_set_dissector(own, NULL);
}

static void dissect_payload_inner(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint len);

void
msturn_dissect_payload(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
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
            msturn_note_stun_message(pinfo, tvb);
            if (call_dissector_only(stun_udp_handle, tvb, pinfo, tree, NULL) > 0)
                return;
        }
    }
    if (dissector_try_heuristic(msturn_payload_heur, tvb, pinfo, tree, &hdtbl_entry, NULL))
        return;
    if (pref_payload_rtp && len >= 12 && (tvb_get_guint8(tvb, 0) & 0xC0) == 0x80) {
        guint8 pt = tvb_get_guint8(tvb, 1);
        msocs_media_need need = msocs_policy_media(pinfo, tree);
        switch (need) {
        case MSOCS_MEDIA_SKIP:
            return;
        case MSOCS_MEDIA_NO_TREE:
            if (rtp_info_only(tvb, pinfo, len))
                return;
            tree = NULL;
            break;
        case MSOCS_MEDIA_FULL:
            break;
        }
        if (msocs_policy_media_setup(need))
            relayed_media_setup(pinfo);
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

