/* msturn: one old-form MS-TURN message (16-byte transaction id, MAGIC-COOKIE
 * attribute first, no attribute padding): header, every attribute as items,
 * the Info column, and the facts handed to ocstriage (msturn.h). */
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
is_printable(const guint8 *s, guint len)
{
    for (guint i = 0; i < len; i++)
        if (s[i] < 0x20 || s[i] > 0x7E)
            return FALSE;
    return len > 0;
}

/* USERNAME as shown to people: the text when printable, else base64. */
static const char *
username_text(packet_info *pinfo, const guint8 *u, guint len)
{
    gchar *b64;
    const char *text;

    if (is_printable(u, len))
        return msocs_format_text(pinfo->pool, u, len);
    b64 = g_base64_encode(u, len);
    text = wmem_strdup_printf(pinfo->pool, "b64:%s", b64);
    g_free(b64);
    return text;
}

/* username_text through the conversation's one-entry cache. */
static const char *
cached_username_text(packet_info *pinfo, const msg_info *mi)
{
    msturn_conv *mc = mi->conv;
    const char *text;

    if (mc != NULL && mc->user_len != 0 && mc->user_len == mi->username_len &&
        memcmp(mc->user, mi->username, mi->username_len) == 0)
        return mc->user_text;
    text = username_text(pinfo, mi->username, mi->username_len);
    if (mc != NULL && mi->username_len > 0 && mi->username_len <= MSTURN_USER_CACHE &&
        strlen(text) < sizeof mc->user_text) {
        memcpy(mc->user, mi->username, mi->username_len);
        mc->user_len = mi->username_len;
        g_strlcpy(mc->user_text, text, sizeof mc->user_text);
    }
    return text;
}


/* Item labels are only read in a shown tree (filters and columns use the
 * values): no label text for a tree that only feeds filters or a
 * postdissector. A faked item is its parent tree, so this works for both. */
static gboolean
item_shown(proto_item *ai)
{
    return ai != NULL && PTREE_DATA(ai)->visible;
}

/* Appends the decimal digits of v. */
static char *
put_uint(char *p, guint v)
{
    char digits[10];
    int n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        *p++ = digits[--n];
    return p;
}

/* "a.b.c.d:port": every relayed packet names one, so no printf. */
static const char *
v4_port_text(wmem_allocator_t *scope, const guint8 a[4], guint16 port)
{
    char *text = (char *)wmem_alloc(scope, sizeof "255.255.255.255:65535");
    char *p = text;

    for (int i = 0; i < 4; i++) {
        p = put_uint(p, a[i]);
        *p++ = i < 3 ? '.' : ':';
    }
    p = put_uint(p, port);
    *p = '\0';
    return text;
}

static void
add_address(tvbuff_t *tvb, packet_info *pinfo, proto_tree *at, proto_item *ai, int off, guint len,
            const msturn_attr_info *info, const attr_fields *f, msg_info *mi)
{
    gboolean xored = info->shape == MSTURN_SHAPE_XOR_ADDRESS;
    guint8 family;
    guint8 key[16];
    guint16 port;
    const char *text = NULL;

    proto_tree_add_item(at, hf_msturn_reserved, tvb, off, 1, ENC_NA);
    family = tvb_get_guint8(tvb, off + 1);
    proto_tree_add_item(at, hf_msturn_family, tvb, off + 1, 1, ENC_NA);
    tvb_memcpy(mi->tvb, key, 4, 16);
    port = tvb_get_ntohs(tvb, off + 2);
    if (xored)
        port ^= (guint16)((key[0] << 8) | key[1]);
    proto_tree_add_uint(at, f->port, tvb, off + 2, 2, port);

    if (family == 1 && len == 8) {
        guint8 a[4];
        tvb_memcpy(tvb, a, off + 4, 4);
        if (xored)
            msturn_unxor(a, 4, key);
        guint32 v4;
        memcpy(&v4, a, 4);
        proto_tree_add_ipv4(at, f->value, tvb, off + 4, 4, v4);
        text = v4_port_text(pinfo->pool, a, port);
        if (info->type == 0x0001) {
            set_address(&mi->relay_addr, AT_IPv4, 4, wmem_memdup(pinfo->pool, a, 4));
            mi->relay_port = port;
        }
    } else if (family == 2 && len == 20) {
        ws_in6_addr a6;
        tvb_memcpy(tvb, a6.bytes, off + 4, 16);
        if (xored)
            msturn_unxor(a6.bytes, 16, key);
        proto_tree_add_ipv6(at, f->v6, tvb, off + 4, 16, &a6);
        address a;
        set_address(&a, AT_IPv6, 16, a6.bytes);
        if (info->type == 0x0001) {
            set_address(&mi->relay_addr, AT_IPv6, 16, wmem_memdup(pinfo->pool, a6.bytes, 16));
            mi->relay_port = port;
        }
        text = wmem_strdup_printf(pinfo->pool, "[%s]:%u", address_to_str(pinfo->pool, &a), port);
    } else {
        expert_add_info_format(pinfo, ai, &ei_msturn_malformed,
                               "%s: family %u with a %u-byte value", info->name, family, len);
        return;
    }
    proto_item_append_text(ai, ": %s", text);
    switch (info->type) {
    case 0x0001: mi->relay = text; break;
    case 0x0011: mi->destination = text; break;
    case 0x0012: mi->remote = text; break;
    case 0x8020: mi->mapped = text; break;
    default: break;
    }
}

static void
add_u32(tvbuff_t *tvb, packet_info *pinfo, proto_tree *at, proto_item *ai, int off,
        const msturn_attr_info *info, const attr_fields *f)
{
    guint32 v;

    proto_tree_add_item_ret_uint(at, f->value, tvb, off, 4, ENC_BIG_ENDIAN, &v);
    proto_item_append_text(ai, info->type == MSTURN_ATTR_MAGIC_COOKIE ? ": 0x%08x" : ": %u", v);
    if (info->type == MSTURN_ATTR_MAGIC_COOKIE && v != MSTURN_MAGIC_COOKIE && ai != NULL)
        expert_add_info_format(pinfo, ai, &ei_msturn_malformed,
                               "MAGIC-COOKIE is 0x%08x, not 0x72c64bc6", v);
}

static void
add_string(tvbuff_t *tvb, packet_info *pinfo, proto_tree *at, proto_item *ai, int off, guint len,
           const msturn_attr_info *info, const attr_fields *f, msg_info *mi)
{
    proto_tree_add_item(at, f->value, tvb, off, len, ENC_UTF_8);
    if (item_shown(ai))
        proto_item_append_text(ai, ": %s", tvb_format_text(pinfo->pool, tvb, off, len));
    if (info->type == 0x0015) {
        mi->realm = tvb_get_ptr(tvb, off, len);
        mi->realm_len = len;
    } else if (info->type == 0x0014) {
        mi->has_nonce = TRUE;
    }
}

/* USERNAME: an opaque token (base64 shown when a filter asks for it) */
static void
add_username(tvbuff_t *tvb, packet_info *pinfo, proto_tree *at, proto_item *ai, int off, guint len,
             const attr_fields *f, msg_info *mi)
{
    const guint8 *u = tvb_get_ptr(tvb, off, len);

    proto_tree_add_item(at, f->value, tvb, off, len, ENC_NA);
    if (at != NULL && proto_field_is_referenced(at, hf_msturn_username_b64)) {
        gchar *b64 = g_base64_encode(u, len);
        proto_item *pi = proto_tree_add_string(at, hf_msturn_username_b64, tvb, off, len, b64);
        proto_item_set_generated(pi);
        g_free(b64);
    }
    mi->username = u;
    mi->username_len = len;
    if (item_shown(ai))
        proto_item_append_text(ai, ": %s", username_text(pinfo, u, len));
}

static void
add_error_code(tvbuff_t *tvb, packet_info *pinfo, proto_tree *at, proto_item *ai, int off, guint len,
               msg_info *mi)
{
    guint32 cls, num;
    const msturn_error_info *e;

    proto_tree_add_item(at, hf_msturn_reserved, tvb, off, 2, ENC_NA);
    proto_tree_add_item_ret_uint(at, hf_msturn_error_class, tvb, off + 2, 1, ENC_NA, &cls);
    proto_tree_add_item_ret_uint(at, hf_msturn_error_number, tvb, off + 3, 1, ENC_NA, &num);
    mi->error_code = (cls & 0x7) * 100 + num;
    mi->error_item = proto_tree_add_uint(at, hf_msturn_error_code, tvb, off + 2, 2, mi->error_code);
    if (len > 4)
        proto_tree_add_item_ret_string(at, hf_msturn_error_reason, tvb, off + 4, len - 4, ENC_UTF_8,
                                       pinfo->pool, (const guint8 **)&mi->error_reason);
    e = msturn_error_lookup(mi->error_code);
    if (e != NULL) {
        proto_item *pi = proto_tree_add_string(at, hf_msturn_error_meaning, tvb, off + 2, 2, e->meaning);
        proto_item_set_generated(pi);
        if (mi->error_reason == NULL || mi->error_reason[0] == '\0')
            mi->error_reason = e->reason;
    }
    proto_item_append_text(ai, ": %u %s", mi->error_code, mi->error_reason ? mi->error_reason : "");
}

/* The bandwidth-management shapes of [MS-TURNBWM]; FALSE for any other shape. */
static gboolean
add_bandwidth(tvbuff_t *tvb, proto_tree *at, int off, msturn_shape shape)
{
    static int *const site_flags[] = { &hf_msturn_site_valid, &hf_msturn_site_pstn, NULL };

    switch (shape) {
    case MSTURN_SHAPE_SERVICE_QUALITY:
        proto_tree_add_item(at, hf_msturn_stream_type, tvb, off, 2, ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_service_quality, tvb, off + 2, 2, ENC_BIG_ENDIAN);
        return TRUE;
    case MSTURN_SHAPE_BW_ACM:
        proto_tree_add_item(at, hf_msturn_reserved, tvb, off, 2, ENC_NA);
        proto_tree_add_item(at, hf_msturn_bw_acm_type, tvb, off + 2, 2, ENC_BIG_ENDIAN);
        return TRUE;
    case MSTURN_SHAPE_BW_AMOUNT:
        proto_tree_add_item(at, hf_msturn_bw_max_send, tvb, off, 4, ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_bw_min_send, tvb, off + 4, 4, ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_bw_max_receive, tvb, off + 8, 4, ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_bw_min_receive, tvb, off + 12, 4, ENC_BIG_ENDIAN);
        return TRUE;
    case MSTURN_SHAPE_SITE_RESPONSE:
        proto_tree_add_bitmask(at, tvb, off, hf_msturn_site_flags, ett_msturn_site_flags, site_flags,
                               ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_site_max_send, tvb, off + 4, 4, ENC_BIG_ENDIAN);
        proto_tree_add_item(at, hf_msturn_site_max_receive, tvb, off + 8, 4, ENC_BIG_ENDIAN);
        return TRUE;
    case MSTURN_SHAPE_LOCATION_PROFILE:
        proto_tree_add_item(at, hf_msturn_lp_peer, tvb, off, 1, ENC_NA);
        proto_tree_add_item(at, hf_msturn_lp_self, tvb, off + 1, 1, ENC_NA);
        proto_tree_add_item(at, hf_msturn_lp_federation, tvb, off + 2, 1, ENC_NA);
        proto_tree_add_item(at, hf_msturn_lp_reserved, tvb, off + 3, 1, ENC_NA);
        return TRUE;
    default:
        return FALSE;
    }
}

void
msturn_add_attr_value(tvbuff_t *tvb, packet_info *pinfo, proto_tree *at, proto_item *ai, int off, guint len,
               const msturn_attr_info *info, const attr_fields *f, msg_info *mi)
{
    guint32 v;

    switch (info->shape) {
    case MSTURN_SHAPE_ADDRESS:
    case MSTURN_SHAPE_XOR_ADDRESS:
        add_address(tvb, pinfo, at, ai, off, len, info, f, mi);
        break;
    case MSTURN_SHAPE_U32:
        add_u32(tvb, pinfo, at, ai, off, info, f);
        break;
    case MSTURN_SHAPE_STRING:
        add_string(tvb, pinfo, at, ai, off, len, info, f, mi);
        break;
    case MSTURN_SHAPE_OPAQUE:
        add_username(tvb, pinfo, at, ai, off, len, f, mi);
        break;
    case MSTURN_SHAPE_BYTES:
        proto_tree_add_item(at, f->value, tvb, off, len, ENC_NA);
        break;
    case MSTURN_SHAPE_DATA:
        proto_tree_add_item(at, f->value, tvb, off, len, ENC_NA);
        proto_item_append_text(ai, ": %u bytes", len);
        mi->data_offset = off;
        mi->data_len = len;
        mi->data_tree = at;
        break;
    case MSTURN_SHAPE_INTEGRITY:
        mi->mi_item = proto_tree_add_item(at, f->value, tvb, off, len, ENC_NA);
        mi->mi_tree = at;
        mi->mi_offset = off - 4;
        mi->mi_len = len;
        break;
    case MSTURN_SHAPE_ERROR_CODE:
        add_error_code(tvb, pinfo, at, ai, off, len, mi);
        break;
    case MSTURN_SHAPE_ATTR_LIST:
        for (guint i = 0; i + 2 <= len; i += 2)
            proto_tree_add_item(at, hf_msturn_unknown_attribute, tvb, off + i, 2, ENC_BIG_ENDIAN);
        if (len % 2)
            expert_add_info_format(pinfo, ai, &ei_msturn_malformed,
                                   "UNKNOWN-ATTRIBUTES length %u is odd", len);
        break;
    case MSTURN_SHAPE_FAMILY:
        proto_tree_add_item(at, hf_msturn_requested_family, tvb, off, 1, ENC_NA);
        proto_tree_add_item(at, hf_msturn_reserved, tvb, off + 1, 3, ENC_NA);
        break;
    case MSTURN_SHAPE_SEQUENCE:
        proto_tree_add_item(at, hf_msturn_connection_id, tvb, off, 20, ENC_NA);
        proto_tree_add_item_ret_uint(at, hf_msturn_sequence_number, tvb, off + 20, 4, ENC_BIG_ENDIAN, &v);
        proto_item_append_text(ai, ": %u", v);
        break;
    default:
        add_bandwidth(tvb, at, off, info->shape);
        break;
    }
}

void
msturn_add_error_expert(packet_info *pinfo, const msg_info *mi)
{
    if (mi->kind != MSTURN_KIND_ERROR || mi->error_item == NULL)
        return;
    if (mi->error_code == MSTURN_ERROR_UNKNOWN_USER)
        expert_add_info_format(pinfo, mi->error_item, &ei_msturn_unknown_user,
                               "436 Unknown User: the MRAS username is unknown to this Edge "
                               "(credentials from another pool's MRAS, clock skew or expired)");
    else
        expert_add_info_format(pinfo, mi->error_item, &ei_msturn_error_response, "Error response %u: %s",
                               mi->error_code, mi->error_reason ? mi->error_reason : "");
}

/* label and value, when there is a value */
static void
info_add(wmem_strbuf_t *s, const char *label, const char *value)
{
    if (value == NULL)
        return;
    wmem_strbuf_append(s, label);
    wmem_strbuf_append(s, value);
}

static void
set_info(packet_info *pinfo, const msg_info *mi)
{
    const char *mname;
    wmem_strbuf_t *s;

    if (pinfo->cinfo == NULL)   /* no columns on this pass (tshark -2's first, -q) */
        return;
    mname = val_to_str_const(msturn_type_method(mi->type), method_vals, "Unknown");
    s = msocs_strbuf_sized(pinfo->pool, 128);

    /* plain appends, not printf: this runs for every relayed packet */
    if (mi->kind == MSTURN_KIND_ERROR && mi->error_code != 0) {
        wmem_strbuf_append_printf(s, "%s Error %u: %s", mname, mi->error_code,
                                  mi->error_reason ? mi->error_reason : "");
    } else {
        wmem_strbuf_append(s, msocs_val_to_str(pinfo->pool, mi->type, type_vals, "Unknown type 0x%04x"));
    }
    if (mi->username != NULL)
        info_add(s, " user=", cached_username_text(pinfo, mi));
    if (mi->realm != NULL && mi->kind == MSTURN_KIND_REQUEST)
        info_add(s, " realm=", msocs_format_text(pinfo->pool, mi->realm, mi->realm_len));
    info_add(s, " -> ", mi->destination);
    info_add(s, " <- ", mi->remote);
    if (mi->kind == MSTURN_KIND_SUCCESS) {
        info_add(s, " relay=", mi->relay);
        info_add(s, " mapped=", mi->mapped);
    }
    col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", wmem_strbuf_get_str(s));
}

/* After a successful Allocate the Edge relays media between the relayed
 * address and the peers: hand that port to RTP (and the next one to RTCP), so
 * media captured on the Edge's external side decodes without Decode As. Done
 * once, on the first pass; RTP's own conversation keeps it. */
static void
setup_relayed_media(packet_info *pinfo, const msg_info *mi)
{
    if (!mi->first_look || mi->kind != MSTURN_KIND_SUCCESS ||
        msturn_type_method(mi->type) != MSTURN_METHOD_ALLOCATE || mi->relay_addr.type == AT_NONE ||
        mi->relay_port == 0)
        return;
    /* the flow's media goes through this relayed address from now on */
    if (mi->conv != NULL) {
        free_address_wmem(wmem_file_scope(), &mi->conv->relay);
        copy_address_wmem(wmem_file_scope(), &mi->conv->relay, &mi->relay_addr);
        mi->conv->relay_port = mi->relay_port;
        mi->conv->relay_frame = pinfo->num;
    }
    if (!pref_relay_media)
        return;
    rtp_add_address(pinfo, PT_UDP, (address *)&mi->relay_addr, mi->relay_port, 0, "MS-TURN",
                    pinfo->num, 0, NULL);
    if (mi->relay_port < 65535)
        rtcp_add_address(pinfo, (address *)&mi->relay_addr, mi->relay_port + 1, 0, "MS-TURN", pinfo->num);
}

#define MSTURN_SUMMARY_KEY 1   /* proto data key (pinfo->pool) of the msturn_summary list */

/* Hands ocstriage this message's facts (msturn.h), on the first look. */
void
msturn_add_summary(packet_info *pinfo, const msg_info *mi, int txid_off, guint txid_len)
{
    msturn_summary *sm, *head;

    if (!mi->first_look)
        return;
    sm = wmem_new0(pinfo->pool, msturn_summary);
    sm->type = mi->type;
    sm->kind = mi->kind;
    sm->credentials = mi->username != NULL && mi->realm != NULL && mi->has_nonce && mi->mi_offset >= 0;
    sm->error_code = mi->error_code;
    sm->response_to = mi->response_to;
    sm->request_frame = mi->request_frame;
    sm->mras_frame = mi->mras_frame;
    sm->integrity = mi->integrity;
    copy_address_shallow(&sm->mapped, &mi->relay_addr);
    if (tvb_bytes_exist(mi->tvb, txid_off, txid_len)) {
        sm->txid = tvb_get_ptr(mi->tvb, txid_off, txid_len);
        sm->txid_len = txid_len;
    }
    head = (msturn_summary *)p_get_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_SUMMARY_KEY);
    if (head == NULL) {
        p_add_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_SUMMARY_KEY, sm);
    } else {
        while (head->next != NULL)
            head = head->next;
        head->next = sm;
    }
}

const msturn_summary *
msturn_frame_summary(packet_info *pinfo)
{
    return (const msturn_summary *)p_get_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_SUMMARY_KEY);
}

/* The attributes of a message up to 'end', each as items with what is wrong
 * with it: unpadded (the old form, and MS-TURN's layout in the RFC 5389
 * header: the next attribute follows the value directly) or padded to 4
 * bytes. Bytes the capture cut off raise the usual exception at the end. */
void
msturn_dissect_attributes(tvbuff_t *tvb, packet_info *pinfo, proto_tree *attrs_tree, int end, gboolean padded,
                          msg_info *mi)
{
    msturn_attr_iter it;
    msturn_attr a;
    msturn_attr_step step;
    guint n_attrs = 0;
    int captured = MIN(end, (int)tvb_captured_length(tvb));

    msturn_attr_iter_init(&it, tvb_get_ptr(tvb, 0, captured), (gsize)captured, padded);
    for (;;) {
        proto_item *ai, *pi;
        proto_tree *at;
        const msturn_attr_info *info;
        int off = (int)it.off;

        if (off < captured && n_attrs >= pref_max_attrs) {
            proto_tree_add_expert_format(attrs_tree, pinfo, &ei_msturn_attr_cap, tvb, off, end - off,
                                         "More than %u attributes: the remaining %d bytes are not decoded",
                                         pref_max_attrs, end - off);
            return;
        }
        step = msturn_attr_next(&it, &a);
        if (step == MSTURN_ATTR_END)
            break;
        if (step == MSTURN_ATTR_SHORT_HEADER) {
            proto_tree_add_expert_format(attrs_tree, pinfo, &ei_msturn_malformed, tvb, off, (int)a.value_avail,
                                         "Truncated attribute header (%d bytes)", (int)a.value_avail);
            break;
        }
        info = msturn_attr_lookup(a.type);
        ai = proto_tree_add_none_format(attrs_tree, hf_msturn_attribute, tvb, off, 4 + (int)a.value_avail, "%s",
                                        info ? info->name : "Unknown attribute");
        at = proto_item_add_subtree(ai, ett_msturn_attr);
        proto_tree_add_item(at, hf_msturn_attr, tvb, off, 2, ENC_BIG_ENDIAN);
        pi = proto_tree_add_item(at, hf_msturn_attr_length, tvb, off + 2, 2, ENC_BIG_ENDIAN);
        n_attrs++;

        if (step == MSTURN_ATTR_SHORT_VALUE) {
            expert_add_info_format(pinfo, pi, &ei_msturn_malformed,
                                   "%s length %u runs past the end of the message (%d bytes left)",
                                   info ? info->name : "Attribute", a.len, (int)a.value_avail);
            if (a.value_avail > 0)
                proto_tree_add_item(at, hf_msturn_attr_value, tvb, off + 4, (int)a.value_avail, ENC_NA);
            break;
        }
        if (info == NULL) {
            expert_add_info_format(pinfo, ai, &ei_msturn_unknown_attr, "Unknown attribute 0x%04x (%s)", a.type,
                                   a.type < 0x8000 ? "comprehension-required" : "optional");
            if (a.len > 0)
                proto_tree_add_item(at, hf_msturn_attr_value, tvb, off + 4, a.len, ENC_NA);
        } else if (a.len < info->min_len || a.len > info->max_len) {
            expert_add_info_format(pinfo, pi, &ei_msturn_malformed, "%s value is %u bytes, expected %u..%u",
                                   info->name, a.len, info->min_len, info->max_len);
            if (a.len > 0)
                proto_tree_add_item(at, hf_msturn_attr_value, tvb, off + 4, a.len, ENC_NA);
        } else {
            msturn_add_attr_value(tvb, pinfo, at, ai, off + 4, a.len, info, &attr_hf[info - msturn_attrs], mi);
        }
    }
    if (captured < end)
        tvb_ensure_bytes_exist(tvb, 0, end);
}

/* One old-form message; tvb holds exactly the message (or less when the
 * length field lies). */
int
dissect_msturn_message(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    proto_item *ti, *pi, *attrs_item;
    proto_tree *mt, *attrs_tree;
    msg_info mi;
    guint32 length;
    int end, reported;

    if (msturn_payload_only(tvb, pinfo, tree))
        return tvb_captured_length(tvb);

    memset(&mi, 0, sizeof mi);
    mi.tvb = tvb;
    mi.pinfo = pinfo;
    mi.mi_offset = -1;
    mi.first_look = !PINFO_FD_VISITED(pinfo);
    mi.type = tvb_get_ntohs(tvb, 0);
    mi.kind = msturn_type_kind(mi.type);

    col_set_str(pinfo->cinfo, COL_PROTOCOL, "MS-TURN");
    ti = proto_tree_add_item(tree, proto_msturn, tvb, 0, -1, ENC_NA);
    mt = proto_item_add_subtree(ti, ett_msturn);

    proto_tree_add_item(mt, hf_msturn_type, tvb, 0, 2, ENC_BIG_ENDIAN);
    pi = proto_tree_add_uint(mt, hf_msturn_method, tvb, 0, 2, msturn_type_method(mi.type));
    proto_item_set_generated(pi);
    pi = proto_tree_add_uint(mt, hf_msturn_class, tvb, 0, 2, mi.kind);
    proto_item_set_generated(pi);
    pi = proto_tree_add_item_ret_uint(mt, hf_msturn_length, tvb, 2, 2, ENC_BIG_ENDIAN, &length);
    proto_tree_add_item(mt, hf_msturn_transaction_id, tvb, 4, 16, ENC_NA);
    pi = proto_tree_add_uint(mt, hf_msturn_form, tvb, 0, 0, 0);
    proto_item_set_generated(pi);
    if (msturn_type_lookup(mi.type) == NULL)
        expert_add_info_format(pinfo, ti, &ei_msturn_malformed, "Message type 0x%04x is not an MS-TURN type",
                               mi.type);

    reported = tvb_reported_length(tvb);
    end = MSTURN_HEADER_LEN + (int)length;
    if (end != reported) {
        expert_add_info_format(pinfo, pi, &ei_msturn_malformed,
                               "Length field says %u attribute bytes, the message has %d", length,
                               reported - MSTURN_HEADER_LEN);
        end = MIN(end, reported);
    }

    attrs_item = proto_tree_add_item(mt, hf_msturn_attributes, tvb, MSTURN_HEADER_LEN,
                                     end - MSTURN_HEADER_LEN, ENC_NA);
    attrs_tree = proto_item_add_subtree(attrs_item, ett_msturn_attrs);

    msturn_dissect_attributes(tvb, pinfo, attrs_tree, end, FALSE, &mi);

    msturn_transaction *tr = msturn_track(pinfo, mt, tvb, &mi);

    if (mi.mi_offset >= 0)
        msturn_check_integrity(pinfo, &mi, tr);
    msturn_check_relay(pinfo, mt, tvb, ti, &mi);
    setup_relayed_media(pinfo, &mi);
    msturn_add_error_expert(pinfo, &mi);
    msturn_add_summary(pinfo, &mi, 4, 16);

    proto_item_append_text(ti, ", %s", msocs_val_to_str(pinfo->pool, mi.type, type_vals, "type 0x%04x"));
    set_info(pinfo, &mi);
    if (mi.data_len > 0)
        msturn_dissect_payload(tvb_new_subset_length(tvb, mi.data_offset, mi.data_len), pinfo, mi.data_tree);
    return tvb_captured_length(tvb);
}

