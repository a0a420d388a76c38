/* Exported PDU framing and the libwiretap pcapng dumper. */
#include "ocslog-writer.h"

#include <string.h>

#include <wiretap/wtap.h>
#include <wsutil/exported_pdu_tlvs.h>

#include "ws-compat.h"

#ifndef PLUGIN_VERSION
#define PLUGIN_VERSION "0"
#endif

/* Wireshark's P2P_DIR_SENT / P2P_DIR_RECV (epan/packet_info.h). */
#define OCSLOG_P2P_SENT 0
#define OCSLOG_P2P_RECV 1

/* Largest TLV block: name(4) + 2 x IPv6(16) + port type + 2 ports + direction (4 each)
 * plus nine 4-byte TLV headers. */
#define TAGS_MAX 128

struct ocslog_writer {
    wtap_dumper *dumper;
    GArray      *shb_hdrs;
    wtapng_iface_descriptions_t *idb_inf;
    guint8      *pkt;        /* tags + message, TAGS_MAX + OCSLOG_DEFAULT_MAX_MESSAGE */
    gsize        pkt_cap;
    GString     *comment;
};

static const struct {
    ocslog_transport transport;
    guint32          port_type;
} port_types[] = {
    { OCSLOG_TRANSPORT_UDP, EXP_PDU_PT_UDP },
    { OCSLOG_TRANSPORT_TCP, EXP_PDU_PT_TCP },
    { OCSLOG_TRANSPORT_TLS, EXP_PDU_PT_TCP },
};

static gsize
put_tlv(guint8 *o, guint16 tag, const void *val, guint16 len)
{
    guint16 padded = (guint16)((len + 3u) & ~3u);
    o[0] = (guint8)(tag >> 8);
    o[1] = (guint8)tag;
    o[2] = (guint8)(padded >> 8);
    o[3] = (guint8)padded;
    if (len)
        memcpy(o + 4, val, len);
    memset(o + 4 + len, 0, padded - len);
    return 4u + padded;
}

static gsize
put_u32(guint8 *o, guint16 tag, guint32 v)
{
    guint8 be[4] = { (guint8)(v >> 24), (guint8)(v >> 16), (guint8)(v >> 8), (guint8)v };
    return put_tlv(o, tag, be, 4);
}

static gsize
put_addr(guint8 *o, const ocslog_endpoint *ep, gboolean src)
{
    if (ep->family == 4)
        return put_tlv(o, src ? EXP_PDU_TAG_IPV4_SRC : EXP_PDU_TAG_IPV4_DST, ep->addr, EXP_PDU_TAG_IPV4_LEN);
    if (ep->family == 6)
        return put_tlv(o, src ? EXP_PDU_TAG_IPV6_SRC : EXP_PDU_TAG_IPV6_DST, ep->addr, EXP_PDU_TAG_IPV6_LEN);
    return 0;
}

static gsize
build_tags(guint8 *o, const ocslog_message *m)
{
    /* the log says local/peer; the packet wants source/destination */
    const ocslog_endpoint *src = &m->local, *dst = &m->peer;
    if (m->dir == OCSLOG_DIR_RECEIVED) {
        src = &m->peer;
        dst = &m->local;
    }
    gsize n = put_tlv(o, EXP_PDU_TAG_DISSECTOR_NAME, "sip", 3);
    n += put_addr(o + n, src, TRUE);
    n += put_addr(o + n, dst, FALSE);
    for (guint i = 0; i < G_N_ELEMENTS(port_types); i++) {
        if (port_types[i].transport == m->transport)
            n += put_u32(o + n, EXP_PDU_TAG_PORT_TYPE, port_types[i].port_type);
    }
    if (src->has_port)
        n += put_u32(o + n, EXP_PDU_TAG_SRC_PORT, src->port);
    if (dst->has_port)
        n += put_u32(o + n, EXP_PDU_TAG_DST_PORT, dst->port);
    if (m->dir != OCSLOG_DIR_UNKNOWN)
        n += put_u32(o + n, EXP_PDU_TAG_P2P_DIRECTION,
                     m->dir == OCSLOG_DIR_SENT ? OCSLOG_P2P_SENT : OCSLOG_P2P_RECV);
    n += put_tlv(o + n, EXP_PDU_TAG_END_OF_OPT, NULL, 0);
    return n;
}

static void
set_err(char **err, const char *what, int code, const char *info)
{
    if (err)
        *err = g_strdup_printf("%s: %s%s%s", what, wtap_strerror(code), info ? ": " : "", info ? info : "");
}

ocslog_writer *
ocslog_writer_open(const char *path, char **err)
{
    ocslog_writer *w = g_new0(ocslog_writer, 1);

    wtap_block_t shb = wtap_block_create(WTAP_BLOCK_SECTION);
    wtap_block_add_string_option_format(shb, OPT_SHB_USERAPPL, "ocslog2pcap %s", PLUGIN_VERSION);
    w->shb_hdrs = g_array_new(FALSE, FALSE, sizeof(wtap_block_t));
    g_array_append_val(w->shb_hdrs, shb);

    wtap_block_t idb = wtap_block_create(WTAP_BLOCK_IF_ID_AND_INFO);
    wtapng_if_descr_mandatory_t *d = (wtapng_if_descr_mandatory_t *)wtap_block_get_mandatory_data(idb);
    d->wtap_encap = WTAP_ENCAP_WIRESHARK_UPPER_PDU;
    d->time_units_per_second = 1000000;
    d->tsprecision = WTAP_TSPREC_USEC;
    d->snap_len = WTAP_MAX_PACKET_SIZE_STANDARD;
    wtap_block_add_string_option(idb, OPT_IDB_NAME, "ocslog", 6);
    wtap_block_add_string_option_format(idb, OPT_IDB_DESCRIPTION, "SIP messages from OCS/Lync text logs");
    wtap_block_add_uint8_option(idb, OPT_IDB_TSRESOL, 6);
    w->idb_inf = g_new0(wtapng_iface_descriptions_t, 1);
    w->idb_inf->interface_data = g_array_new(FALSE, FALSE, sizeof(wtap_block_t));
    g_array_append_val(w->idb_inf->interface_data, idb);

    wtap_dump_params params = WTAP_DUMP_PARAMS_INIT;
    params.encap = WTAP_ENCAP_WIRESHARK_UPPER_PDU;
    params.snaplen = WTAP_MAX_PACKET_SIZE_STANDARD;
    params.tsprec = WTAP_TSPREC_USEC;
    params.shb_hdrs = w->shb_hdrs;
    params.idb_inf = w->idb_inf;

    int code = 0;
    gchar *info = NULL;
    int ft = wtap_pcapng_file_type_subtype();
    if (strcmp(path, "-") == 0)
        w->dumper = wtap_dump_open_stdout(ft, WTAP_UNCOMPRESSED, &params, &code, &info);
    else
        w->dumper = wtap_dump_open(path, ft, WTAP_UNCOMPRESSED, &params, &code, &info);
    if (!w->dumper) {
        set_err(err, path, code, info);
        g_free(info);
        ocslog_writer_close(w, NULL);
        return NULL;
    }
    w->pkt_cap = TAGS_MAX + OCSLOG_DEFAULT_MAX_MESSAGE;
    w->pkt = g_malloc(w->pkt_cap);
    w->comment = g_string_sized_new(128);
    return w;
}

gboolean
ocslog_writer_write(ocslog_writer *w, const ocslog_message *m, const char *source, char **err)
{
    gsize tags = build_tags(w->pkt, m);
    gsize len = MIN(m->len, w->pkt_cap - tags);   /* the parser's cap keeps this a no-op */
    memcpy(w->pkt + tags, m->data, len);

    const char *base = strrchr(source, '/');
    base = base ? base + 1 : source;
    /* comments are printed by tshark -V and carried in JSON: only clean UTF-8
     * (the peer name is cleaned by the parser) */
    char clean_base[1024];
    ocslog_text_clean(clean_base, sizeof clean_base, (const guint8 *)base, strlen(base));
    g_string_printf(w->comment, "%s:%" G_GUINT64_FORMAT, clean_base, m->line);
    if (m->peer.family == 0 && m->peer.name[0])
        g_string_append_printf(w->comment, " peer %s", m->peer.name);
    for (guint i = 0; i < OCSLOG_MF_COUNT; i++) {
        if (m->flags & (1u << i))
            g_string_append_printf(w->comment, " [%s]", ocslog_flag_name(1u << i));
    }

    wtap_rec rec;
    msocs_wtap_rec_init(&rec);
    rec.rec_type = REC_TYPE_PACKET;
    rec.presence_flags = WTAP_HAS_TS | WTAP_HAS_INTERFACE_ID;
    rec.ts.secs = (time_t)m->secs;
    rec.ts.nsecs = (int)m->nsecs;
    rec.tsprec = WTAP_TSPREC_USEC;
    rec.rec_header.packet_header.caplen = (guint32)(tags + len);
    rec.rec_header.packet_header.len = (guint32)(tags + len);
    rec.rec_header.packet_header.pkt_encap = WTAP_ENCAP_WIRESHARK_UPPER_PDU;
    rec.rec_header.packet_header.interface_id = 0;
    rec.block = wtap_block_create(WTAP_BLOCK_PACKET);
    wtap_block_add_string_option(rec.block, OPT_COMMENT, w->comment->str, w->comment->len);
    if (m->note)   /* server diagnostics about this call, already clean UTF-8 */
        wtap_block_add_string_option(rec.block, OPT_COMMENT, m->note, strlen(m->note));

    int code = 0;
    gchar *info = NULL;
    gboolean ok = msocs_wtap_dump(w->dumper, &rec, w->pkt, tags + len, &code, &info);
    if (!ok) {
        set_err(err, "write", code, info);
        g_free(info);
    }
    wtap_rec_cleanup(&rec);   /* releases rec.block */
    return ok;
}

gboolean
ocslog_writer_flush(ocslog_writer *w, char **err)
{
    int code = 0;
    if (wtap_dump_flush(w->dumper, &code))
        return TRUE;
    set_err(err, "flush", code, NULL);
    return FALSE;
}

gboolean
ocslog_writer_close(ocslog_writer *w, char **err)
{
    gboolean ok = TRUE;
    if (w->dumper) {
        int code = 0;
        gchar *info = NULL;
        ok = wtap_dump_close(w->dumper, NULL, &code, &info);
        if (!ok)
            set_err(err, "close", code, info);
        g_free(info);
    }
    /* the dumper only borrows these (wtap_dump_params) */
    if (w->shb_hdrs) {
        for (guint i = 0; i < w->shb_hdrs->len; i++)
            wtap_block_unref(g_array_index(w->shb_hdrs, wtap_block_t, i));
        g_array_free(w->shb_hdrs, TRUE);
    }
    if (w->idb_inf)
        wtap_free_idb_info(w->idb_inf);
    if (w->comment)
        g_string_free(w->comment, TRUE);
    g_free(w->pkt);
    g_free(w);
    return ok;
}
