/* ocstriage's statistic, -z ocstriage,tree (GUI: Statistics > OCS-Lync >
 * Failure signatures): one row per signature with its count and first frame,
 * bare resets per sender, event ids; "no known failure signature found" when
 * a whole capture has none. It reads the frame records the ocstriage tap
 * carries. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/stats_tree.h>
#include <epan/to_str.h>

#include "ocstriage-core.h"
#include "ocstriage-int.h"
#include "ws-compat.h"

static const char st_root[] = "Failure signatures";
static const char st_none[] = "no known failure signature found";
static int st_root_id;
static int st_sig_node[MAX_SIGS];
static char *st_sig_name[MAX_SIGS];
static guint st_ticks;
static gboolean st_none_shown;

static void
st_init(stats_tree *st)
{
    /* called when -z ocstriage,tree is registered, before the first pass */
    ocstriage_stat_open(TRUE);
    st_root_id = stats_tree_create_node(st, st_root, 0, STAT_DT_INT, TRUE);
    for (int i = 0; i < MAX_SIGS; i++) {
        st_sig_node[i] = -1;
        g_free(st_sig_name[i]);
        st_sig_name[i] = NULL;
    }
    st_ticks = 0;
    st_none_shown = FALSE;
}

static void
st_cleanup(stats_tree *st _U_)
{
    ocstriage_stat_open(FALSE);
    for (int i = 0; i < MAX_SIGS; i++) {
        g_free(st_sig_name[i]);
        st_sig_name[i] = NULL;
    }
}

static tap_packet_status
st_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_, const void *p, tap_flags_t flags _U_)
{
    const frame_rec *rec = (const frame_rec *)p;

    for (const finding *f = rec->findings; f != NULL; f = f->next) {
        const ocstriage_sig *sig = &ocstriage_sigs[f->sig];
        if (st_sig_node[f->sig] < 0) {
            /* the name carries the first frame: frames are tapped in order */
            st_sig_name[f->sig] = g_strdup_printf("%s [%s] first frame %u", sig->id,
                                                  ocstriage_severity_name(sig->severity), pinfo->num);
            st_sig_node[f->sig] = stats_tree_create_node(st, st_sig_name[f->sig], st_root_id, STAT_DT_INT, TRUE);
        }
        tick_stat_node(st, st_root, 0, TRUE);
        tick_stat_node(st, st_sig_name[f->sig], st_root_id, TRUE);
        if (ocstriage_sig_is_bare_reset(f->sig)) {
            char *from = wmem_strdup_printf(pinfo->pool, "from %s", address_to_str(pinfo->pool, &pinfo->src));
            tick_stat_node(st, from, st_sig_node[f->sig], FALSE);
        }
        if (f->event_id != 0) {
            char *ev = wmem_strdup_printf(pinfo->pool, "event id %u", f->event_id);
            tick_stat_node(st, ev, st_sig_node[f->sig], FALSE);
        }
        st_ticks++;
    }
    /* After a complete first pass the last frame says whether anything was found. */
    if (PINFO_FD_VISITED(pinfo) && pinfo->num == ocstriage_last_frame() && st_ticks == 0 && !st_none_shown) {
        stats_tree_create_node(st, st_none, 0, STAT_DT_INT, FALSE);
        st_none_shown = TRUE;
    }
    return TAP_PACKET_REDRAW;
}


void
ocstriage_stats_register(void)
{
    stats_tree_register_plugin("ocstriage", "ocstriage", "OCS-Lync/Failure signatures", 0,
                               st_packet, st_init, st_cleanup);
}
