/* Registration functions of the protocols in the msocs plugin. */
#ifndef MSOCS_H
#define MSOCS_H

#include <string.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/column.h>

void proto_register_msdiag(void);
void proto_reg_handoff_msdiag(void);
void proto_register_mras(void);
void proto_reg_handoff_mras(void);
void proto_register_msturn(void);
void proto_reg_handoff_msturn(void);
void proto_register_msturn_mux(void);
void proto_reg_handoff_msturn_mux(void);
void proto_register_sipservice(void);
void proto_reg_handoff_sipservice(void);
void proto_register_ocstriage(void);
void proto_reg_handoff_ocstriage(void);
void proto_register_qoe(void);
void proto_reg_handoff_qoe(void);
void proto_register_msocs_flow(void);
void proto_reg_handoff_msocs_flow(void);

/* Cost rule of the postdissectors that read other dissectors' fields
 * (sipservice, ocstriage, msturn's RFC 5389-form pass): a protocol tree is
 * never forced just in case. Wanting fields (set_postdissector_wanted_hfids)
 * before a pass makes tshark and Wireshark build a tree for every packet, so
 * a postdissector only does that when its result is asked for without a tree
 * being built anyway: a statistic of the suite is registered (-z
 * ocstriage,tree, -z sipservice,tree), a custom column shows one of its
 * fields (msocs_column_shows; the OCS-Lync profile does) or its "always
 * analyse" preference is on. Otherwise the fields it reads are marked referenced when a capture is
 * opened (msocs_reference_fields), which makes the first tree that is built
 * anyway hold them, and the postdissector wants them from that first tree on
 * (msocs_want_fields), which primes every later tree with them: the tree
 * tshark builds for a display or read filter, for -V, -O, -T
 * fields/json/pdml/ek, for custom columns or coloring, the GUI's. A plain read
 * (tshark -r f) dissects without a tree, as it does without the plugin. (A
 * field's referenced mark is cleared when a tree holding it is reset, hence
 * the priming from then on.) */

/* TRUE when nothing of this run can show a first-pass analysis beyond what a
 * tree built anyway gives: the host is a tshark with no statistic (no -z), no
 * tap listens, and it either reads in one pass (no -2) or reads in two without
 * any view of single packets (no -V, -O, -P, -T, -e, -x, -j, -J, -Y, -U, -X,
 * --color). On one pass every output that shows the analysis (a filter, -V,
 * -T, a custom column) builds a tree by itself, and the findings about later
 * frames cannot be shown at all; on two passes without views nothing shows it
 * but a custom column, which the postdissectors check themselves. So the
 * analysis preferences force no tree there (epan-extra/host-args.h). FALSE
 * for Wireshark, sharkd and any host it cannot tell. */
gboolean msocs_analysis_unseen(void);

/* TRUE when the host is certainly a tshark (FALSE for Wireshark, sharkd and
 * any host it cannot tell). */
gboolean msocs_host_is_tshark(void);

/* TRUE when the host is a tshark whose command line asks for a statistic
 * (-z) starting with prefix: tshark registers -z listeners only after a
 * capture is opened, later than a first pass must know. */
gboolean msocs_host_asks_statistic(const char *prefix);

/* TRUE when the host is a tshark reading in one pass (no -2): no later pass
 * will show what a dissector keeps for it. */
gboolean msocs_host_one_pass(void);

/* TRUE when the host is a tshark reading in two passes whose second pass
 * prints nothing per packet and neither filters nor exports single packets
 * (-2 -q, without -V, -O, -P, -T, -e, -x, -j, -J, -Y, -U, -X): there, what a
 * dissector keeps for a later pass reaches only the taps that listen, and
 * tshark registers those before the first pass. */
gboolean msocs_host_quiet_two_pass(void);

/* Marks fields as referenced by a filter (what priming does, without a tree
 * at hand), so that a non-visible tree keeps their items instead of faking
 * them. Negative ids are skipped. */
static inline void
msocs_reference_fields(const int *hfs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        header_field_info *hfinfo;
        if (hfs[i] < 0 || (hfinfo = proto_registrar_get_nth((guint)hfs[i])) == NULL)
            continue;
        hfinfo->ref_type = HF_REF_TYPE_DIRECT;
        if (hfinfo->parent >= 0) {
            header_field_info *parent = proto_registrar_get_nth((guint)hfinfo->parent);
            if (parent != NULL && parent->ref_type == HF_REF_TYPE_NONE)
                parent->ref_type = HF_REF_TYPE_INDIRECT;
        }
    }
}

/* One field (and its protocol) as msocs_reference_fields. */
static inline void
msocs_reference_field(int hf)
{
    msocs_reference_fields(&hf, 1);
}

/* TRUE when a visible custom column shows a field whose name contains
 * prefix ("ocstriage."): the column's values come from the analysis. */
static inline gboolean
msocs_column_shows(const char *prefix)
{
    for (GList *l = prefs.col_list; l != NULL; l = l->next) {
        const fmt_data *c = (const fmt_data *)l->data;
        if (c->visible && c->fmt == COL_CUSTOM && c->custom_fields != NULL &&
            strstr(c->custom_fields, prefix) != NULL)
            return TRUE;
    }
    return FALSE;
}

/* Sets (want TRUE) or clears the fields a postdissector wants; negative ids
 * are skipped. */
static inline void
msocs_want_fields(dissector_handle_t handle, const int *hfs, size_t n, gboolean want)
{
    GArray *wanted = NULL;

    if (want) {
        wanted = g_array_sized_new(FALSE, FALSE, (guint)sizeof(int), (guint)n);
        for (size_t i = 0; i < n; i++) {
            if (hfs[i] >= 0)
                g_array_append_val(wanted, hfs[i]);
        }
    }
    set_postdissector_wanted_hfids(handle, wanted);
}

#endif
