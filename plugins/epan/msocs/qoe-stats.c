/* -z qoe,tree: the QoE reports of a capture (tap "qoe", data qoe_tap_info):
 * streams per codec and transport, audio streams and how many were poor,
 * and min/average/max of each classification metric (the worst values), plus
 * the call quality ratings of CallQualityFeedbackReport bodies. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/stats_tree.h>

#include "qoe.h"
#include "ws-compat.h"

static const char st_root[] = "QoE reports";
static const char st_streams[] = "Streams";
static const char st_codec[] = "by codec";
static const char st_transport[] = "by transport";
static const char st_audio[] = "Audio streams (main-audio)";
static const char st_poor[] = "Poor audio streams";
static const char st_ratings[] = "Call quality ratings";
static int st_root_id, st_streams_id, st_codec_id, st_transport_id, st_audio_id, st_poor_id, st_ratings_id;

static void
qoe_st_init(stats_tree *st)
{
    st_root_id = stats_tree_create_node(st, st_root, 0, STAT_DT_INT, TRUE);
    st_streams_id = stats_tree_create_node(st, st_streams, st_root_id, STAT_DT_INT, TRUE);
    st_codec_id = stats_tree_create_node(st, st_codec, st_streams_id, STAT_DT_INT, TRUE);
    st_transport_id = stats_tree_create_node(st, st_transport, st_streams_id, STAT_DT_INT, TRUE);
    st_audio_id = stats_tree_create_node(st, st_audio, st_root_id, STAT_DT_INT, TRUE);
    st_poor_id = stats_tree_create_node(st, st_poor, st_audio_id, STAT_DT_INT, TRUE);
    st_ratings_id = stats_tree_create_node(st, st_ratings, st_root_id, STAT_DT_INT, TRUE);
}

/* Worst values: average nodes show min/avg/max of each metric over the audio streams. */
static void
st_metrics(stats_tree *st, const qoe_tap_stream *s)
{
    for (unsigned m = 0; m < QOE_METRIC_COUNT && m < qoe_thresholds_count; m++) {
        if (!s->m.valid[m])
            continue;
        avg_stat_node_add_value_float(st, qoe_thresholds[m].element, st_audio_id, FALSE, (float)s->m.value[m]);
    }
}

static tap_packet_status
qoe_st_packet(stats_tree *st, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *p,
              tap_flags_t flags _U_)
{
    const qoe_tap_info *t = (const qoe_tap_info *)p;

    tick_stat_node(st, st_root, 0, TRUE);
    if (t->has_rating) {
        tick_stat_node(st, st_ratings, st_root_id, TRUE);
        tick_stat_node(st, wmem_strdup_printf(pinfo->pool, "rating %d", t->rating), st_ratings_id, FALSE);
    }
    for (guint i = 0; i < MIN(t->n_streams, QOE_MAX_STREAMS); i++) {
        const qoe_tap_stream *s = &t->streams[i];
        tick_stat_node(st, st_streams, st_root_id, TRUE);
        tick_stat_node(st, st_codec, st_streams_id, TRUE);
        tick_stat_node(st, s->codec ? s->codec : "(no codec)", st_codec_id, FALSE);
        tick_stat_node(st, st_transport, st_streams_id, TRUE);
        tick_stat_node(st, s->transport ? s->transport : "(no transport)", st_transport_id, FALSE);
        if (!s->audio)
            continue;
        tick_stat_node(st, st_audio, st_root_id, TRUE);
        if (s->poor)
            tick_stat_node(st, st_poor, st_audio_id, FALSE);
        st_metrics(st, s);
    }
    return TAP_PACKET_REDRAW;
}

void
qoe_stats_register(void)
{
    stats_tree_register_plugin("qoe", "qoe", "OCS-Lync/QoE reports", 0, qoe_st_packet, qoe_st_init, NULL);
}
