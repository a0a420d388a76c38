/* msturn-mux.c
 * Multiplexed TURN ([MS-TURN], MS-VERSION 5 and 6): on a relay's shared UDP or
 * TCP port every client's stream travels in frames of channel 0xFF10, a
 * length, an 8-byte MTURN session id and the data (an MS-ICE check, RTP,
 * RTCP). Wireshark's stun decodes the frame header (stun.att.ms.turn_session_id)
 * and offers the data to its "stun" heuristic list, where nothing takes it.
 * This heuristic sits in that list: it takes the data only when the frame
 * around it is an 0xFF10 frame, adds the session id as msturn.mux.session_id
 * (one relayed stream = one filter) and hands the data on. Every other
 * ChannelData payload goes on to the list's other heuristics untouched.
 */
#include <wireshark.h>
#include <epan/packet.h>

#include "msocs.h"
#include "ws-compat.h"

#define MUX_CHANNEL   0xFF10
#define MUX_HDR_LEN   12      /* channel, length, session id */
#define STUN_HDR_LEN  20
#define STUN_COOKIE   0x2112A442u

static int proto_msturn_mux = -1;
static int hf_mux_channel = -1;
static int hf_mux_length = -1;
static int hf_mux_session_id = -1;
static int hf_mux_carries = -1;
static gint ett_mux = -1;

static dissector_handle_t stun_udp_handle;
static dissector_handle_t rtp_handle;
static dissector_handle_t rtcp_handle;
static dissector_handle_t data_handle;

enum { CARRIES_STUN = 1, CARRIES_RTP, CARRIES_RTCP, CARRIES_DATA };

static const value_string carries_vals[] = {
    { CARRIES_STUN, "STUN (MS-ICE connectivity check or TURN)" },
    { CARRIES_RTP, "RTP" },
    { CARRIES_RTCP, "RTCP" },
    { CARRIES_DATA, "other data" },
    { 0, NULL }
};

/* What the data is, from its first bytes: a STUN header with the RFC 5389
 * cookie, else RTP version 2 split by payload type as RFC 5761 does. */
static int
carried_kind(tvbuff_t *tvb)
{
    guint len = tvb_captured_length(tvb);
    guint8 b0, b1;

    if (len < 2)
        return CARRIES_DATA;
    b0 = tvb_get_guint8(tvb, 0);
    b1 = tvb_get_guint8(tvb, 1);
    if (len >= STUN_HDR_LEN && (b0 & 0xC0) == 0 && tvb_get_ntohl(tvb, 4) == STUN_COOKIE &&
        (guint)tvb_get_ntohs(tvb, 2) + STUN_HDR_LEN <= len)
        return CARRIES_STUN;
    if (len >= 8 && (b0 & 0xC0) == 0x80)
        return b1 >= 192 && b1 <= 223 ? CARRIES_RTCP : (len >= 12 ? CARRIES_RTP : CARRIES_DATA);
    return CARRIES_DATA;
}

static msocs_api_bool
dissect_msturn_mux_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    tvbuff_t *ds = tvb_get_ds_tvb(tvb);
    gint raw = tvb_raw_offset(tvb);
    guint len = tvb_reported_length(tvb);
    proto_item *ti, *pi;
    proto_tree *mt;
    dissector_handle_t next;
    int kind;

    /* the frame header stun has already read: 0xFF10, length, session id */
    if (ds == NULL || raw < MUX_HDR_LEN || !tvb_bytes_exist(ds, raw - MUX_HDR_LEN, MUX_HDR_LEN) ||
        tvb_get_ntohs(ds, raw - MUX_HDR_LEN) != MUX_CHANNEL ||
        tvb_get_ntohs(ds, raw - MUX_HDR_LEN + 2) < 8)
        return FALSE;

    kind = carried_kind(tvb);
    ti = proto_tree_add_item(tree, proto_msturn_mux, ds, raw - MUX_HDR_LEN, MUX_HDR_LEN, ENC_NA);
    mt = proto_item_add_subtree(ti, ett_mux);
    proto_tree_add_item(mt, hf_mux_channel, ds, raw - MUX_HDR_LEN, 2, ENC_BIG_ENDIAN);
    proto_tree_add_item(mt, hf_mux_length, ds, raw - MUX_HDR_LEN + 2, 2, ENC_BIG_ENDIAN);
    proto_tree_add_item(mt, hf_mux_session_id, ds, raw - 8, 8, ENC_BIG_ENDIAN);
    pi = proto_tree_add_uint(mt, hf_mux_carries, tvb, 0, len, (guint32)kind);
    proto_item_set_generated(pi);
    proto_item_append_text(ti, ", session 0x%016" G_GINT64_MODIFIER "x, %u bytes of %s",
                           tvb_get_ntoh64(ds, raw - 8), len, val_to_str_const((guint32)kind, carries_vals, "?"));

    switch (kind) {
    case CARRIES_STUN: next = stun_udp_handle; break;
    case CARRIES_RTP: next = rtp_handle; break;
    case CARRIES_RTCP: next = rtcp_handle; break;
    default: next = data_handle; break;
    }
    if (next == NULL)
        next = data_handle;
    call_dissector(next, tvb, pinfo, tree);
    return TRUE;
}

void
proto_register_msturn_mux(void)
{
    static hf_register_info hf[] = {
        { &hf_mux_channel, { "Channel", "msturn.mux.channel", FT_UINT16, BASE_HEX, NULL, 0,
            "0xFF10: multiplexed TURN", HFILL } },
        { &hf_mux_length, { "Length", "msturn.mux.length", FT_UINT16, BASE_DEC, NULL, 0,
            "Bytes after the length field: session id and data", HFILL } },
        { &hf_mux_session_id, { "MTURN Session ID", "msturn.mux.session_id", FT_UINT64, BASE_HEX, NULL, 0,
            "The relayed stream on this relay port (announced in MS-MULTIPLEXED-TURN-SESSION-ID)", HFILL } },
        { &hf_mux_carries, { "Carries", "msturn.mux.carries", FT_UINT32, BASE_DEC, VALS(carries_vals), 0,
            "What the frame's data is, by its first bytes", HFILL } },
    };
    static gint *ett[] = { &ett_mux };

    proto_msturn_mux = proto_register_protocol("MS-TURN Multiplexed TURN", "MS-TURN-MUX", "msturn.mux");
    proto_register_field_array(proto_msturn_mux, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}

void
proto_reg_handoff_msturn_mux(void)
{
    stun_udp_handle = find_dissector("stun-udp");
    rtp_handle = find_dissector("rtp");
    rtcp_handle = find_dissector("rtcp");
    data_handle = find_dissector("data");
    /* stun offers 0xFF10 data (after the session id) to this list */
    heur_dissector_add("stun", dissect_msturn_mux_heur, "MS-TURN multiplexed TURN (channel 0xFF10)",
                       "msturn_mux_stun", proto_msturn_mux, HEURISTIC_ENABLE);
}
