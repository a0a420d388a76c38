/* msturn: RFC 5389-form messages (Lync, Skype for Business, Teams) stay
 * stun's; a postdissector finds those that are MS-TURN (an MS attribute, or
 * the answer to an MS request) from their own bytes and adds what stun lacks:
 * MS-TURN's names, error meanings, tracking, integrity, the MRAS link. */
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

gboolean
msturn_frame_has_layer(packet_info *pinfo, int proto)
{
    for (wmem_list_frame_t *l = wmem_list_head(pinfo->layers); l != NULL; l = wmem_list_frame_next(l))
        if (GPOINTER_TO_INT(wmem_list_frame_data(l)) == proto)
            return TRUE;
    return FALSE;
}

/* Where this frame's TCP or UDP payload lies in the frame: the IP header
 * holding the addresses and the TCP/UDP header holding the ports the
 * dissectors put in pinfo, found in the frame's first bytes. A postdissector
 * that looks at what another dissector took gets no tvb of it. FALSE when
 * not found (a fragmented or deeply tunnelled datagram, IPv6 extension
 * headers). */
static guint32
be16(const guint8 *p)
{
    return ((guint32)p[0] << 8) | p[1];
}

gboolean
msturn_l4_payload_in_frame(tvbuff_t *tvb, packet_info *pinfo, int *off, int *len)
{
    guint8 b[MSTURN_PROBE_SCAN];
    guint n = MIN(tvb_captured_length(tvb), sizeof b);
    gboolean v4 = pinfo->src.type == AT_IPv4 && pinfo->dst.type == AT_IPv4;
    gboolean tcp_l4 = pinfo->ptype == PT_TCP;
    guint alen = v4 ? 4 : 16, aoff = v4 ? 12 : 8, minhdr = v4 ? 20 : 40;

    if ((!v4 && (pinfo->src.type != AT_IPv6 || pinfo->dst.type != AT_IPv6)) ||
        (!tcp_l4 && pinfo->ptype != PT_UDP))
        return FALSE;
    tvb_memcpy(tvb, b, 0, n);
    for (guint ip = 0; ip + minhdr + 8 <= n; ip++) {
        guint hlen, tcp, doff;
        gint payload;

        if ((b[ip] >> 4) != (v4 ? 4 : 6) || b[ip + (v4 ? 9 : 6)] != (tcp_l4 ? 6 : 17) ||
            memcmp(b + ip + aoff, pinfo->src.data, alen) != 0 ||
            memcmp(b + ip + aoff + alen, pinfo->dst.data, alen) != 0)
            continue;
        hlen = v4 ? (guint)(b[ip] & 0x0F) * 4 : 40;
        tcp = ip + hlen;
        if (hlen < minhdr || tcp + (tcp_l4 ? 20 : 8) > n || be16(b + tcp) != pinfo->srcport ||
            be16(b + tcp + 2) != pinfo->destport)
            continue;
        doff = tcp_l4 ? (guint)(b[tcp + 12] >> 4) * 4 : 8;
        payload = v4 ? (gint)be16(b + ip + 2) - (gint)(hlen + doff) : (gint)be16(b + ip + 4) - (gint)doff;
        if (doff < (tcp_l4 ? 20u : 8u) || payload <= 0 || (gint)(tcp + doff) >= (gint)tvb_captured_length(tvb))
            return FALSE;
        *off = (int)(tcp + doff);
        *len = MIN(payload, (gint)tvb_captured_length(tvb) - *off);
        return TRUE;
    }
    return FALSE;
}

#define MSTURN_MAX_STUN_MSGS 8      /* stun messages looked at per frame */
#define MSTURN_MAX_STUN_ATTRS 512   /* attributes walked per message */
#define MSTURN_MAX_READ_ATTRS 12    /* attributes msturn reads per message */
#define MSTURN_STUN_SEEN_KEY 2      /* proto data key (pinfo->pool) of the messages handed to stun */

/* What the first look found in a frame, kept as per-frame data so that
 * later passes decode the same messages. */
typedef struct {
    guint ds_index;     /* position of the data source in pinfo->data_src */
    int start;          /* offset of the STUN header in that data source */
    int len;            /* 20 + length field, within the captured bytes */
    gboolean ms_layout; /* MAGIC-COOKIE first: MS-TURN's unpadded attributes */
    guint n_attrs;
    int attr_off[MSTURN_MAX_READ_ATTRS]; /* offsets in the message of the attributes read */
} rfc_msg_rec;

typedef struct {
    guint n;
    rfc_msg_rec *msgs;
} rfc_frame_rec;

/* An RFC 5389-form message stun decodes in this frame: where it lies. */
typedef struct stun_seen {
    tvbuff_t *ds;
    int start;
    struct stun_seen *next;
} stun_seen;

/* The attributes msturn reads itself (msturn-attrs.tsv, rfc_read) */
static gboolean
reads_attr(guint16 type)
{
    const msturn_attr_info *info = msturn_attr_lookup(type);
    return info != NULL && info->rfc_read;
}

static int
data_source_index(packet_info *pinfo, tvbuff_t *ds)
{
    int i = 0;
    for (GSList *l = pinfo->data_src; l != NULL; l = l->next, i++)
        if (get_data_source_tvb((const struct data_source *)l->data) == ds)
            return i;
    return -1;
}

static tvbuff_t *
data_source_nth(packet_info *pinfo, guint n)
{
    GSList *l = g_slist_nth(pinfo->data_src, n);
    return l ? get_data_source_tvb((const struct data_source *)l->data) : NULL;
}

/* Notes a message msturn hands to stun (TCP framing, DATA), for the
 * postdissector's first look at the frame. */
void
msturn_note_stun_message(packet_info *pinfo, tvbuff_t *tvb)
{
    stun_seen *s;

    if (PINFO_FD_VISITED(pinfo))
        return;
    s = wmem_new0(pinfo->pool, stun_seen);
    s->ds = tvb_get_ds_tvb(tvb);
    s->start = tvb_raw_offset(tvb);
    s->next = (stun_seen *)p_get_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_STUN_SEEN_KEY);
    p_remove_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_STUN_SEEN_KEY);
    p_add_proto_data(pinfo->pool, pinfo, proto_msturn, MSTURN_STUN_SEEN_KEY, s);
}

/* Is this marker-less message the answer to an MS request we tracked? */
static gboolean
answers_ms_request(packet_info *pinfo, tvbuff_t *ds, int start)
{
    msturn_kind kind = msturn_rfc5389_kind(tvb_get_ntohs(ds, start));

    return (kind == MSTURN_KIND_SUCCESS || kind == MSTURN_KIND_ERROR) && msturn_answers_request(pinfo, ds, start);
}

/* Walks the attributes of the RFC 5389-form message at start (padded to 4
 * bytes): whether one is Microsoft's, and where those msturn reads lie.
 * FALSE when the message is no MS-TURN message: not RFC 5389 form, or
 * Binding, which is MS-ICE's connectivity check (carried in DATA or direct)
 * whatever MS attributes it has. */
static gboolean
walk_rfc5389_message(packet_info *pinfo, tvbuff_t *ds, int start, rfc_msg_rec *r)
{
    gboolean marker = FALSE, padded;
    int avail = tvb_captured_length_remaining(ds, start);
    guint walked = 0;
    msturn_attr_iter it;
    msturn_attr a;

    if (avail < MSTURN_HEADER_LEN || (tvb_get_guint8(ds, start) & 0xC0) != 0 ||
        tvb_get_ntohl(ds, start + 4) != MSTURN_RFC5389_COOKIE ||
        msturn_type_method(tvb_get_ntohs(ds, start)) == MSTURN_METHOD_BINDING)
        return FALSE;
    memset(r, 0, sizeof *r);
    r->start = start;
    r->len = MIN(MSTURN_HEADER_LEN + (int)tvb_get_ntohs(ds, start + 2), avail);
    /* MAGIC-COOKIE first: MS-TURN's own attribute layout, unpadded (Teams
     * sends REALM of 10 bytes so), as stun's "Auto" network version reads it */
    padded = !(r->len >= MSTURN_HEADER_LEN + 8 &&
               tvb_get_ntohs(ds, start + MSTURN_HEADER_LEN) == MSTURN_ATTR_MAGIC_COOKIE);
    r->ms_layout = !padded;
    msturn_attr_iter_init(&it, tvb_get_ptr(ds, start, r->len), (gsize)r->len, padded);
    /* a cut-short attribute ends the walk: stun flags bad lengths itself */
    while (walked++ < MSTURN_MAX_STUN_ATTRS && msturn_attr_next(&it, &a) == MSTURN_ATTR_OK) {
        marker |= msturn_attr_marks_ms(a.type);
        if (reads_attr(a.type) && r->n_attrs < MSTURN_MAX_READ_ATTRS)
            r->attr_off[r->n_attrs++] = (int)a.off;
        if (a.type == MSTURN_ATTR_INTEGRITY)
            break; /* what follows is not covered by it */
    }
    return marker || answers_ms_request(pinfo, ds, start);
}

/* First look at a frame: the RFC 5389-form messages stun decoded that are
 * MS-TURN (an MS attribute, or the answer to an MS request), read from their
 * own bytes: those msturn handed to stun, and the UDP payload when stun took
 * the datagram itself. NULL if none. */
static rfc_frame_rec *
find_ms_messages(packet_info *pinfo)
{
    rfc_msg_rec msgs[MSTURN_MAX_STUN_MSGS];
    guint n = 0;
    int off, len;
    rfc_frame_rec *rec;
    tvbuff_t *frame = data_source_nth(pinfo, 0);

    for (const stun_seen *s = (const stun_seen *)p_get_proto_data(pinfo->pool, pinfo, proto_msturn,
                                                                  MSTURN_STUN_SEEN_KEY);
         s != NULL && n < MSTURN_MAX_STUN_MSGS; s = s->next) {
        int idx = data_source_index(pinfo, s->ds);
        if (idx >= 0 && walk_rfc5389_message(pinfo, s->ds, s->start, &msgs[n])) {
            msgs[n].ds_index = (guint)idx;
            n++;
        }
    }
    if (n < MSTURN_MAX_STUN_MSGS && pinfo->ptype == PT_UDP && proto_stun >= 0 && frame != NULL &&
        msturn_frame_has_layer(pinfo, proto_stun) && msturn_l4_payload_in_frame(frame, pinfo, &off, &len) &&
        walk_rfc5389_message(pinfo, frame, off, &msgs[n])) {
        msgs[n].ds_index = 0;
        n++;
    }
    if (n == 0)
        return NULL;
    rec = wmem_new0(wmem_file_scope(), rfc_frame_rec);
    rec->n = n;
    rec->msgs = (rfc_msg_rec *)wmem_memdup(wmem_file_scope(), msgs, n * sizeof msgs[0]);
    return rec;
}

/* An RFC 5389-form message that is MS-TURN carries MS-TURN's types: its
 * own name first, RFC 5766's for what MS-TURN does not define. */
const char *
msturn_rfc5389_ms_name(guint16 type)
{
    const msturn_rfc_type_info *t = msturn_rfc_type_lookup(type);
    return t != NULL ? t->name : "Unknown";
}

static const char *
rfc5389_ms_method_name(guint16 method)
{
    const msturn_method_info *m = msturn_method_lookup(method);
    return m != NULL ? m->name : "Unknown";
}

/* stun wrote its name for the type into the Info column: put MS-TURN's there. */
static void
rename_in_info(packet_info *pinfo, guint16 type)
{
    const msturn_rfc_type_info *t = msturn_rfc_type_lookup(type);
    const char *stun_name = t != NULL ? t->stun_name : "", *info, *at;
    char *fixed;

    if (*stun_name == '\0' || pinfo->cinfo == NULL || (info = col_get_text(pinfo->cinfo, COL_INFO)) == NULL ||
        (at = strstr(info, stun_name)) == NULL)
        return;
    fixed = wmem_strdup_printf(pinfo->pool, "%.*s%s%s", (int)(at - info), info, msturn_rfc5389_ms_name(type),
                               at + strlen(stun_name));
    col_clear_fence(pinfo->cinfo, COL_INFO);
    col_add_str(pinfo->cinfo, COL_INFO, fixed);
}

static void
dissect_rfc5389_message(packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb, const rfc_msg_rec *r,
                        gboolean first_look)
{
    proto_item *ti, *pi;
    proto_tree *mt;
    msg_info mi;
    guint16 type = tvb_get_ntohs(tvb, 0);

    memset(&mi, 0, sizeof mi);
    mi.tvb = tvb;
    mi.pinfo = pinfo;
    mi.mi_offset = -1;
    mi.type = type;
    mi.kind = msturn_type_kind(type); /* Send (0x0004) is an indication */
    mi.rfc5389 = TRUE;
    mi.first_look = first_look;

    ti = proto_tree_add_item(tree, proto_msturn, tvb, 0, r->len, ENC_NA);
    proto_item_append_text(ti, ", RFC 5389 form (message decoded by STUN): %s", msturn_rfc5389_ms_name(type));
    rename_in_info(pinfo, type);
    mt = proto_item_add_subtree(ti, ett_msturn_rfc);
    pi = proto_tree_add_uint(mt, hf_msturn_form, tvb, 0, 0, 1);
    proto_item_set_generated(pi);
    /* one field per filter name (other parts of the suite look fields up by
       name); the RFC 5389 / 5766 names are set here */
    proto_tree_add_uint_format_value(mt, hf_msturn_type, tvb, 0, 2, type, "%s (0x%04x)", msturn_rfc5389_ms_name(type),
                                     type);
    pi = proto_tree_add_uint_format_value(mt, hf_msturn_method, tvb, 0, 2, msturn_type_method(type), "%s (0x%04x)",
                                          rfc5389_ms_method_name(msturn_type_method(type)), msturn_type_method(type));
    proto_item_set_generated(pi);
    pi = proto_tree_add_uint(mt, hf_msturn_class, tvb, 0, 2, mi.kind);
    proto_item_set_generated(pi);
    proto_tree_add_item(mt, hf_msturn_length, tvb, 2, 2, ENC_BIG_ENDIAN);
    proto_tree_add_item(mt, hf_msturn_cookie, tvb, 4, 4, ENC_BIG_ENDIAN);
    proto_tree_add_item(mt, hf_msturn_transaction_id, tvb, 8, 12, ENC_NA);

    if (r->ms_layout) {
        /* stun walks these padded and misreads what follows an odd-length
           value: msturn shows every attribute as MS-TURN lays them out */
        proto_item *ai = proto_tree_add_item(mt, hf_msturn_attributes, tvb, MSTURN_HEADER_LEN,
                                             r->len - MSTURN_HEADER_LEN, ENC_NA);
        msturn_dissect_attributes(tvb, pinfo, proto_item_add_subtree(ai, ett_msturn_attrs), r->len, FALSE, &mi);
        /* NONCE is the other half of the 32-byte integrity key's input */
        for (guint i = 0; i < r->n_attrs; i++) {
            int off = r->attr_off[i];
            if (tvb_get_ntohs(tvb, off) == 0x0014 && mi.alt_realm == NULL) {
                mi.alt_realm_len = tvb_get_ntohs(tvb, off + 2);
                mi.alt_realm = tvb_get_ptr(tvb, off + 4, (gint)mi.alt_realm_len);
            }
        }
    }
    for (guint i = 0; i < r->n_attrs && !r->ms_layout; i++) {
        int off = r->attr_off[i];
        guint16 atype = tvb_get_ntohs(tvb, off);
        guint16 alen = tvb_get_ntohs(tvb, off + 2);
        const msturn_attr_info *info = msturn_attr_lookup(atype);

        if (info == NULL || alen < info->min_len || alen > info->max_len || mi.mi_offset >= 0)
            continue;
        msturn_add_attr_value(tvb, pinfo, mt, NULL, off + 4, alen, info, &attr_hf[info - msturn_attrs], &mi);
        if (atype == 0x0014) {
            mi.alt_realm = tvb_get_ptr(tvb, off + 4, alen);
            mi.alt_realm_len = alen;
        } else if (atype == MSTURN_ATTR_MAGIC_COOKIE && tvb_get_ntohl(tvb, off + 4) != MSTURN_MAGIC_COOKIE) {
            expert_add_info_format(pinfo, ti, &ei_msturn_malformed, "MAGIC-COOKIE is 0x%08x, not 0x72c64bc6",
                                   tvb_get_ntohl(tvb, off + 4));
        }
    }

    msturn_transaction *tr = msturn_track(pinfo, mt, tvb, &mi);
    if (mi.mi_offset >= 0)
        msturn_check_integrity(pinfo, &mi, tr);
    msturn_check_relay(pinfo, mt, tvb, ti, &mi);
    msturn_add_error_expert(pinfo, &mi);
    msturn_add_summary(pinfo, &mi, 8, 12);
    /* stun reads MS-TURN's unpadded attributes askew and leaves DATA undecoded:
       relayed RTP/RTCP goes on from here (a STUN message in DATA stays stun's) */
    if (r->ms_layout && mi.data_len >= 12 && (tvb_get_guint8(tvb, mi.data_offset) & 0xC0) == 0x80)
        msturn_dissect_payload(tvb_new_subset_length(tvb, mi.data_offset, mi.data_len), pinfo, mi.data_tree);
}

/* Postdissector: MS-TURN facts stun does not add to the RFC 5389-form
 * messages it decoded. Frames without stun cost one lookup. */
int
dissect_msturn_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    rfc_frame_rec *rec = (rfc_frame_rec *)p_get_proto_data(wmem_file_scope(), pinfo, proto_msturn, 0);
    gboolean first_look = rec == NULL;

    msturn_probe_tls_connection(tvb, pinfo, tree);

    if (!PINFO_FD_VISITED(pinfo) && nstime_cmp(&pinfo->abs_ts, &capture_end) > 0)
        capture_end = pinfo->abs_ts;   /* for the unanswered decision (msturn-check.c) */
    if (rec == NULL) {
        if (PINFO_FD_VISITED(pinfo))
            return 0;
        rec = find_ms_messages(pinfo);
        if (rec == NULL)
            return 0;
        p_add_proto_data(wmem_file_scope(), pinfo, proto_msturn, 0, rec);
    }
    for (guint m = 0; m < rec->n; m++) {
        const rfc_msg_rec *r = &rec->msgs[m];
        tvbuff_t *ds = data_source_nth(pinfo, r->ds_index);
        if (ds == NULL || !tvb_bytes_exist(ds, r->start, r->len))
            continue;
        dissect_rfc5389_message(pinfo, tree, tvb_new_subset_length(ds, r->start, r->len), r, first_look);
    }
    return rec->n ? (int)tvb_captured_length(tvb) : 0;
}

