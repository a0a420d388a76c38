/* ocstriage: the TCP signatures, tcp.bare-reset (an idle timer killing a
 * SIP/OCS connection) and tcp.asymmetric-synack (a load balancer answering
 * from the real server's address), from TCP's fields: flags, raw sequence
 * numbers, stream index and ports. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/to_str.h>
#include <epan/range.h>

#include <string.h>

#include "msocs.h"
#include "ocstriage-core.h"
#include "ocstriage-int.h"
#include "ws-compat.h"

typedef struct {
    guint32 last_frame;
    nstime_t last_ts;
    guint32 first_bare_reset;
    guint32 resets;
    gboolean carried_ocs;   /* SIP or MS-TURN seen on it */
    gboolean fin_seen;      /* either side closed: a later reset is teardown */
} stream_rec;

typedef struct {
    guint32 frame;
    const char *dst;  /* address text */
    guint32 dport;
} syn_rec;

/* Per-capture state, all wmem_file_scope(). */
static wmem_map_t *streams;        /* tcp.stream -> stream_rec */
static wmem_map_t *syns;           /* "client|port|seq" -> syn_rec */
static wmem_map_t *asym_resets;    /* "client|port|server|port|seq" -> finding to extend */
static guint n_tracked_syns, n_tracked_streams;

void
ocstriage_tcp_init(void)
{
    streams = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    syns = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    asym_resets = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    n_tracked_syns = n_tracked_streams = 0;
}

guint32
ocstriage_tcp_reset_after(guint32 stream, guint32 frame)
{
    const stream_rec *st = (const stream_rec *)wmem_map_lookup(streams, GUINT_TO_POINTER(stream));
    return (st != NULL && st->first_bare_reset > frame) ? st->first_bare_reset : 0;
}

static gboolean
port_watched(guint32 sport, guint32 dport)
{
    return value_is_in_range(ocstriage_pref_ports, sport) || value_is_in_range(ocstriage_pref_ports, dport);
}

/* tcp.bare-reset's evidence (SIGNATURES.md): the connection was open (seen
 * before) and idle (nothing on it for at least ocstriage_pref_reset_idle seconds: an
 * idle timer, not an application aborting mid-exchange), carried SIP or
 * MS-TURN (or runs on a SIP/OCS port, which stands for SIP when the capture
 * missed it or TLS hides it), and neither side had closed it: a reset after
 * a FIN, or on an ordinary HTTPS connection, is teardown. */
static gboolean
bare_reset_is_finding(const stream_rec *st, packet_info *pinfo, guint32 sport, guint32 dport)
{
    nstime_t idle;

    if (st == NULL || st->last_frame == 0 || st->fin_seen)
        return FALSE;
    nstime_delta(&idle, &pinfo->abs_ts, &st->last_ts);
    if (nstime_to_sec(&idle) < (double)ocstriage_pref_reset_idle)
        return FALSE;
    return st->carried_ocs || port_watched(sport, dport);
}

void
ocstriage_analyse_tcp(proto_tree *tree, packet_info *pinfo, guint layers)
{
    guint64 flags, seq, ack, stream, sport, dport;
    const char *src, *dst;

    if (!field_uint(tree, F_TCP_FLAGS, &flags) || !field_uint(tree, F_TCP_SEQ_RAW, &seq) ||
        !field_uint(tree, F_TCP_STREAM, &stream) || !field_uint(tree, F_TCP_SRCPORT, &sport) ||
        !field_uint(tree, F_TCP_DSTPORT, &dport))
        return;
    ack = field_uint_or(tree, F_TCP_ACK_RAW, 0);

    stream_rec *st = (stream_rec *)wmem_map_lookup(streams, GUINT_TO_POINTER((guint)stream));
    if (st == NULL) {
        if (n_tracked_streams < OCSTRIAGE_MAX_TRACKED) {
            st = wmem_new0(wmem_file_scope(), stream_rec);
            wmem_map_insert(streams, GUINT_TO_POINTER((guint)stream), st);
            n_tracked_streams++;
        } else {
            ocstriage_bound_hit(pinfo);
        }
    }

    /* addresses are only formatted for the segments that are looked at */
    if (flags & (OCSTRIAGE_TCP_SYN | OCSTRIAGE_TCP_RST)) {
        src = address_to_str(pinfo->pool, &pinfo->src);
        dst = address_to_str(pinfo->pool, &pinfo->dst);
    } else {
        src = dst = NULL;
    }
    if ((flags & OCSTRIAGE_TCP_SYN) && !(flags & OCSTRIAGE_TCP_ACK) && value_is_in_range(ocstriage_pref_ports, (guint32)dport)) {
        /* file scope only for a new entry: a retransmitted SYN updates its
         * record, and nothing is kept once the bound is hit */
        char *key = wmem_strdup_printf(pinfo->pool, "%s|%u|%u", src, (guint)sport, (guint32)seq);
        syn_rec *s = (syn_rec *)wmem_map_lookup(syns, key);
        if (s == NULL && n_tracked_syns < OCSTRIAGE_MAX_TRACKED) {
            s = wmem_new0(wmem_file_scope(), syn_rec);
            wmem_map_insert(syns, wmem_strdup(wmem_file_scope(), key), s);
            n_tracked_syns++;
        }
        if (s != NULL) {
            if (s->dst == NULL || strcmp(s->dst, dst) != 0)
                s->dst = wmem_strdup(wmem_file_scope(), dst);
            s->frame = pinfo->num;
            s->dport = (guint32)dport;
        } else {
            ocstriage_bound_hit(pinfo);
        }
    } else if ((flags & OCSTRIAGE_TCP_SYN) && (flags & OCSTRIAGE_TCP_ACK)) {
        char *key = wmem_strdup_printf(pinfo->pool, "%s|%u|%u", dst, (guint)dport, (guint32)(ack - 1));
        syn_rec *s = (syn_rec *)wmem_map_lookup(syns, key);
        if (s != NULL &&
            ocstriage_synack_check(s->dst, (guint32)(ack - 1), src, (guint32)ack) == OCSTRIAGE_SYNACK_ASYMMETRIC) {
            finding *f = ocstriage_add_finding(pinfo, pinfo->num, S_TCP_ASYM_SYNACK,
                                     ocstriage_scoped_event(S_TCP_ASYM_SYNACK, FALSE, s->dport),
                                     wmem_strdup_printf(wmem_file_scope(),
                                                        "SYN to %s:%u (frame %u) answered by %s:%u",
                                                        s->dst, s->dport, s->frame, src, (guint)sport));
            ocstriage_add_evidence(f, s->frame);
            if (f != NULL && wmem_map_size(asym_resets) < OCSTRIAGE_MAX_TRACKED)
                wmem_map_insert(asym_resets,
                                wmem_strdup_printf(wmem_file_scope(), "%s|%u|%s|%u|%u", dst, (guint)dport,
                                                   src, (guint)sport, (guint32)ack), f);
        }
    } else if (ocstriage_tcp_is_bare_reset((guint32)flags)) {
        char *key = wmem_strdup_printf(pinfo->pool, "%s|%u|%s|%u|%u", src, (guint)sport, dst, (guint)dport,
                                       (guint32)seq);
        finding *asym = (finding *)wmem_map_lookup(asym_resets, key);
        if (asym != NULL) {
            /* the client refusing the stray SYN-ACK: evidence, not an idle kill */
            ocstriage_add_evidence(asym, pinfo->num);
        } else if (bare_reset_is_finding(st, pinfo, (guint32)sport, (guint32)dport)) {
            GString *d = g_string_new(NULL);
            g_string_printf(d, "RST without ACK from %s:%u to %s:%u", src, (guint)sport, dst, (guint)dport);
            if (st != NULL) {
                st->resets++;
                if (st->last_frame != 0) {
                    nstime_t idle;
                    nstime_delta(&idle, &pinfo->abs_ts, &st->last_ts);
                    g_string_append_printf(d, ", connection idle %.0f s before it", nstime_to_sec(&idle));
                }
                g_string_append_printf(d, ", reset %u on this connection", st->resets);
            }
            finding *f = ocstriage_add_finding(pinfo, pinfo->num, S_TCP_BARE_RESET, ocstriage_catalogue_event(S_TCP_BARE_RESET),
                                     wmem_strdup(wmem_file_scope(), d->str));
            g_string_free(d, TRUE);
            if (st != NULL) {
                ocstriage_add_evidence(f, st->last_frame);
                if (st->first_bare_reset == 0)
                    st->first_bare_reset = pinfo->num;
            }
        }
    }
    if (st != NULL) {
        st->last_frame = pinfo->num;
        st->last_ts = pinfo->abs_ts;
        if (flags & OCSTRIAGE_TCP_FIN)
            st->fin_seen = TRUE;
        if (layers & (L_SIP | L_MSTURN))
            st->carried_ocs = TRUE;
    }
}
