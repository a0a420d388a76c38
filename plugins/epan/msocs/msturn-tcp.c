/* msturn on TCP: MS-TURN's framing (type 0x02 control / 0x03 data, reserved,
 * u16 length) and the pseudo-TLS hello. No port of its own (443 stays TLS's):
 * a connection becomes MS-TURN on evidence, decided once. */
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

static guint
get_msturn_tcp_pdu_len(packet_info *pinfo _U_, tvbuff_t *tvb, int offset, void *data _U_)
{
    guint8 head[MSTURN_TLS_HEADER_LEN];
    gint avail = tvb_captured_length_remaining(tvb, offset);
    guint32 len;

    tvb_memcpy(tvb, head, offset, MIN(avail, (gint)sizeof head));
    if (head[0] == 0x16 && avail < MSTURN_TLS_HEADER_LEN)
        return MSTURN_TLS_HEADER_LEN; /* ask for the whole record header */
    len = msturn_tcp_pdu_len(head, (gsize)MIN(avail, (gint)sizeof head));
    /* Junk: swallow the rest of the segment and say so in the PDU dissector. */
    return len ? len : (guint)tvb_reported_length_remaining(tvb, offset);
}

static void
dissect_pseudo_tls(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    proto_item *ti;
    proto_tree *tt;
    int off = MSTURN_TLS_HEADER_LEN, end = tvb_reported_length(tvb);
    guint n = 0;

    col_set_str(pinfo->cinfo, COL_PROTOCOL, "MS-TURN");
    ti = proto_tree_add_item(tree, proto_msturn, tvb, 0, -1, ENC_NA);
    proto_item_append_text(ti, ", Pseudo-TLS hello");
    tt = proto_item_add_subtree(ti, ett_msturn_tls);
    proto_tree_add_item(tt, hf_msturn_tls_content_type, tvb, 0, 1, ENC_NA);
    proto_tree_add_item(tt, hf_msturn_tls_version, tvb, 1, 2, ENC_BIG_ENDIAN);
    proto_tree_add_item(tt, hf_msturn_tls_length, tvb, 3, 2, ENC_BIG_ENDIAN);
    while (end - off >= 4) {
        guint8 ht = tvb_get_guint8(tvb, off);
        guint32 hl = tvb_get_ntoh24(tvb, off + 1);
        if (++n > MSTURN_MAX_TLS_HANDSHAKES) {
            proto_tree_add_expert_format(tt, pinfo, &ei_msturn_attr_cap, tvb, off, end - off,
                                         "More than %u handshake messages in one pseudo-TLS record",
                                         MSTURN_MAX_TLS_HANDSHAKES);
            break;
        }
        proto_tree_add_item(tt, hf_msturn_tls_handshake_type, tvb, off, 1, ENC_NA);
        proto_tree_add_item(tt, hf_msturn_tls_handshake_length, tvb, off + 1, 3, ENC_BIG_ENDIAN);
        if (hl > (guint32)(end - off - 4)) {
            proto_tree_add_expert_format(tt, pinfo, &ei_msturn_malformed, tvb, off, end - off,
                                         "Handshake message length %u runs past the record", hl);
            break;
        }
        if (hl > 0)
            proto_tree_add_item(tt, hf_msturn_tls_handshake_body, tvb, off + 4, hl, ENC_NA);
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ",
                           msocs_val_to_str(pinfo->pool, ht, tls_handshake_vals, "Handshake type %u"));
        off += 4 + (int)hl;
    }
    expert_add_info(pinfo, ti, &ei_msturn_pseudo_tls);
}

static int
dissect_msturn_tcp_pdu(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    guint8 kind = tvb_get_guint8(tvb, 0);
    proto_item *ti;
    proto_tree *ft;
    guint32 len;
    tvbuff_t *inner;

    if (kind == 0x16) {
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", "Pseudo-TLS");
        dissect_pseudo_tls(tvb, pinfo, tree);
        return tvb_captured_length(tvb);
    }
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "MS-TURN");
    ti = proto_tree_add_item(tree, proto_msturn, tvb, 0, MIN(4, tvb_reported_length(tvb)), ENC_NA);
    proto_item_append_text(ti, ", TCP framing");
    ft = proto_item_add_subtree(ti, ett_msturn_tcp);
    if ((kind != MSTURN_TCP_CONTROL && kind != MSTURN_TCP_DATA) || tvb_reported_length(tvb) < 4) {
        proto_tree_add_expert_format(ft, pinfo, &ei_msturn_malformed, tvb, 0, -1,
                                     "Not an MS-TURN TCP frame (first byte 0x%02x)", kind);
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", "Malformed MS-TURN TCP frame");
        return tvb_captured_length(tvb);
    }
    proto_tree_add_item(ft, hf_msturn_tcp_type, tvb, 0, 1, ENC_NA);
    if (tvb_get_guint8(tvb, 1) != 0)
        expert_add_info_format(pinfo, proto_tree_add_item(ft, hf_msturn_tcp_reserved, tvb, 1, 1, ENC_NA),
                               &ei_msturn_malformed, "Reserved byte is not zero");
    else
        proto_tree_add_item(ft, hf_msturn_tcp_reserved, tvb, 1, 1, ENC_NA);
    proto_tree_add_item_ret_uint(ft, hf_msturn_tcp_length, tvb, 2, 2, ENC_BIG_ENDIAN, &len);
    if (len == 0) {
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", "Empty MS-TURN frame");
        return 4;
    }
    inner = tvb_new_subset_length(tvb, 4, len);
    if (kind == MSTURN_TCP_DATA) {
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", "Data");
        msturn_dissect_payload(inner, pinfo, tree);
        return tvb_captured_length(tvb);
    }
    {
        guint8 head[28];
        guint avail = tvb_captured_length(inner);
        tvb_memcpy(inner, head, 0, MIN(avail, sizeof head));
        if (avail >= 28 && msturn_is_old_form(head, len, FALSE)) {
            dissect_msturn_message(inner, pinfo, tree);
        } else if (avail >= MSTURN_HEADER_LEN && msturn_is_rfc5389_form(head, len, FALSE) && stun_udp_handle) {
            col_set_fence(pinfo->cinfo, COL_INFO);
            msturn_note_stun_message(pinfo, inner);
            call_dissector(stun_udp_handle, inner, pinfo, tree);
        } else {
            proto_tree_add_expert_format(ft, pinfo, &ei_msturn_malformed, inner, 0, -1,
                                         "Control frame does not hold a TURN message");
            call_dissector(data_handle, inner, pinfo, tree);
        }
    }
    return tvb_captured_length(tvb);
}

static gboolean
tcp_first_bytes(tvbuff_t *tvb, guint8 *buf, guint want, guint *got)
{
    *got = MIN((guint)tvb_captured_length(tvb), want);
    tvb_memcpy(tvb, buf, 0, *got);
    return *got > 0;
}

int
dissect_msturn_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    msturn_conv *mc = msturn_get_conv(pinfo);
    guint8 head[4];
    guint got;

    if (!PINFO_FD_VISITED(pinfo) && mc->state == TCP_UNDECIDED && tcp_first_bytes(tvb, head, sizeof head, &got)) {
        guint n = tvb_captured_length(tvb);
        msturn_tls_kind tk = msturn_tls_hello_kind(tvb_get_ptr(tvb, 0, n), n);
        if ((head[0] == MSTURN_TCP_CONTROL || head[0] == MSTURN_TCP_DATA) && got >= 2 && head[1] == 0)
            mc->state = TCP_MSTURN;
        else if (tk == MSTURN_TLS_PSEUDO_SERVER_HELLO)
            mc->state = TCP_MSTURN;
        else if (tk == MSTURN_TLS_CLIENT_HELLO || tk == MSTURN_TLS_INCOMPLETE)
            mc->hello_frame = pinfo->num; /* real or pseudo TLS: the answer tells */
        else
            mc->state = TCP_OTHER;
    }
    /* Until the Edge's pseudo ServerHello proves otherwise, it is TLS. */
    if (mc->state != TCP_MSTURN)
        return tls_handle ? call_dissector_only(tls_handle, tvb, pinfo, tree, data) : 0;

    col_clear(pinfo->cinfo, COL_INFO);
    tcp_dissect_pdus(tvb, pinfo, tree, TRUE, MSTURN_TCP_HEADER_LEN, get_msturn_tcp_pdu_len,
                     dissect_msturn_tcp_pdu, data);
    return tvb_captured_length(tvb);
}

msocs_api_bool
dissect_msturn_heur_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    guint8 head[MSTURN_TCP_HEADER_LEN + 28];
    guint got;
    msturn_conv *mc;

    if (!tcp_first_bytes(tvb, head, sizeof head, &got) || !msturn_tcp_looks_framed(head, got))
        return FALSE;
    mc = msturn_get_conv(pinfo);
    mc->state = TCP_MSTURN;
    conversation_set_dissector(find_or_create_conversation(pinfo), msturn_tcp_handle);
    dissect_msturn_tcp(tvb, pinfo, tree, data);
    return TRUE;
}

/* ---------- TCP connections on the pseudo-TLS ports ---------- */

/* Port 443 carries every HTTPS connection of a machine, so msturn is not its
 * dissector: TLS dissects every connection there, and this postdissector
 * step watches the first payload frames of each. A connection becomes
 * MS-TURN on positive evidence only, decided once: the Edge's pseudo-TLS
 * answer (ServerHello and an empty ServerHelloDone in one record, which no
 * real TLS server sends on its own) or MS-TURN framing around a TURN message
 * as the first bytes. msturn then becomes the conversation's dissector from
 * the hello (or that frame) on: the frames that follow on this pass, and on
 * later passes the decided frames themselves. Real TLS is never touched. */

static void
probe_decide(packet_info *pinfo, conversation_t *conv, tls_probe *p, guint32 from)
{
    p->state = TCP_MSTURN;
    msturn_get_conv(pinfo)->state = TCP_MSTURN;
    conversation_set_dissector_from_frame_number(conv, from, msturn_tcp_handle);
}

void
msturn_probe_tls_connection(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    conversation_t *conv;
    tls_probe *p;
    guint8 head[MSTURN_TCP_HEADER_LEN + 28];
    gboolean to_port;
    int off, len;
    guint n;

    if (PINFO_FD_VISITED(pinfo) || pinfo->ptype != PT_TCP || proto_tls < 0 ||
        (!value_is_in_range(pref_tls_ports, pinfo->srcport) && !value_is_in_range(pref_tls_ports, pinfo->destport)) ||
        !msturn_frame_has_layer(pinfo, proto_tls) || (conv = find_conversation_pinfo(pinfo, 0)) == NULL)
        return;
    p = (tls_probe *)wmem_map_lookup(tls_probes, conv);
    if (p == NULL) {
        p = wmem_new0(wmem_file_scope(), tls_probe);
        wmem_map_insert(tls_probes, conv, p);
    }
    if (p->state != TCP_UNDECIDED || !msturn_l4_payload_in_frame(tvb, pinfo, &off, &len))
        return;
    to_port = value_is_in_range(pref_tls_ports, pinfo->destport);
    n = MIN((guint)len, sizeof head);
    tvb_memcpy(tvb, head, off, n);
    if (msturn_tcp_looks_framed(head, n)) {
        /* the first bytes are framed MS-TURN: this frame went to TLS on this
         * pass, so its messages are analysed here; later passes decode it */
        probe_decide(pinfo, conv, p, pinfo->num);
        tcp_dissect_pdus(tvb_new_subset_length(tvb, off, len), pinfo, tree, FALSE, MSTURN_TCP_HEADER_LEN,
                         get_msturn_tcp_pdu_len, dissect_msturn_tcp_pdu, NULL);
        return;
    }
    if (len < MSTURN_TLS_HEADER_LEN + 4) {
        if (++p->looked >= MSTURN_PROBE_FRAMES)
            p->state = TCP_OTHER;
        return;
    }
    switch (msturn_tls_hello_kind(tvb_get_ptr(tvb, off, len), (gsize)len)) {
    case MSTURN_TLS_CLIENT_HELLO:
        if (to_port && p->hello_frame == 0)
            p->hello_frame = pinfo->num;
        break;
    case MSTURN_TLS_PSEUDO_SERVER_HELLO:
        if (!to_port) {
            probe_decide(pinfo, conv, p, p->hello_frame ? p->hello_frame : pinfo->num);
            return;
        }
        break;
    case MSTURN_TLS_SERVER_HELLO:
        p->state = TCP_OTHER; /* a real TLS server answered */
        return;
    default:
        break;
    }
    if (++p->looked >= MSTURN_PROBE_FRAMES)
        p->state = TCP_OTHER;
}

