/* The analysis-cost policy (msocs-policy.h). */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>
#include <epan/prefs.h>
#include <epan/column.h>

#include "msocs-policy.h"
#include "host-args.h"
#include "ws-compat.h"

/* What the host's command line says, read once, when the plugin is loaded:
 * tshark loads plugins before its main option loop, which edits some
 * arguments in place (-E name=value is cut at the '='). NULL when the host is
 * not certainly a tshark. */
static char **host_argv;    /* the tshark command line, kept for msocs_host_asks_statistic */
static int host_argc;

static const msocs_host_args *
host_args(void)
{
    static msocs_host_args args;
    static int state = -1;  /* -1 unread, 0 not a tshark, 1 read; the command line does not change */

    if (state < 0) {
        gchar *bytes = NULL;
        gsize len = 0;
        state = 0;
        if (g_file_get_contents("/proc/self/cmdline", &bytes, &len, NULL)) {
            char **argv = msocs_args_split(bytes, len, &host_argc);
            if (msocs_args_read_tshark(host_argc, (const char *const *)argv, &args)) {
                state = 1;
                host_argv = argv;
            } else {
                g_strfreev(argv);
            }
            g_free(bytes);
        }
    }
    return state == 1 ? &args : NULL;
}

gboolean
msocs_host_asks_statistic(const char *prefix)
{
    return host_args() != NULL && msocs_args_statistic(host_argc, (const char *const *)host_argv, prefix);
}

gboolean
msocs_host_one_pass(void)
{
    const msocs_host_args *a = host_args();
    return a != NULL && !a->two_pass;
}

gboolean
msocs_host_is_tshark(void)
{
    return host_args() != NULL;
}

gboolean
msocs_host_quiet_two_pass(void)
{
    const msocs_host_args *a = host_args();
    return a != NULL && a->two_pass && a->quiet && !a->views;
}

/* A statistic (-z) may show what the analysis adds without any tree: the
 * expert infos of ocstriage and sipservice reach -z expert. */
static gboolean
any_tap_listener(void)
{
    GList *names = get_tap_names();
    gboolean any = FALSE;

    for (GList *l = names; l != NULL && !any; l = l->next)
        any = have_tap_listener(find_tap_id((const char *)l->data));
    g_list_free(names);
    return any;
}

gboolean
msocs_analysis_unseen(void)
{
    const msocs_host_args *a = host_args();
    return a != NULL && !a->statistics && (!a->two_pass || !a->views) && !any_tap_listener();
}

void
msocs_policy_init(void)
{
    (void)host_args();
}

void
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

void
msocs_reference_field(int hf)
{
    msocs_reference_fields(&hf, 1);
}

gboolean
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

void
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

gboolean
msocs_policy_wants_fields(gboolean tree_seen, gboolean always_analyse, gboolean stat_open, int own_tap,
                          const char *column_prefix)
{
    return tree_seen || (always_analyse && !msocs_analysis_unseen()) || stat_open ||
           (own_tap >= 0 && have_tap_listener(own_tap)) || msocs_column_shows(column_prefix);
}

gboolean
msocs_policy_statistic_wanted(int own_tap, const char *z_prefix)
{
    return (own_tap >= 0 && have_tap_listener(own_tap)) || !msocs_host_is_tshark() ||
           msocs_host_asks_statistic(z_prefix);
}

/* Resolved at the first relayed packet: every protocol and tap is
 * registered by then (the expert tap only after the handoffs). */
static int media_protos[2] = { -1, -1 };    /* rtp, rtcp */
static int media_taps[4] = { -1, -1, -1, -1 }; /* rtp, rtcp, rtpevent, expert */
static int hf_frame_protocols = -1;
static gboolean media_resolved;

static void
resolve_media(void)
{
    static const char *const taps[] = { "rtp", "rtcp", "rtpevent", "expert" };

    media_protos[0] = proto_get_id_by_filter_name("rtp");
    media_protos[1] = proto_get_id_by_filter_name("rtcp");
    for (size_t i = 0; i < G_N_ELEMENTS(taps); i++)
        media_taps[i] = find_tap_id(taps[i]);
    hf_frame_protocols = proto_registrar_get_id_byname("frame.protocols");
    media_resolved = TRUE;
}

msocs_media_need
msocs_policy_media(packet_info *pinfo, proto_tree *tree)
{
    if (!media_resolved)
        resolve_media();
    if (proto_field_is_referenced(tree, media_protos[0]) || proto_field_is_referenced(tree, media_protos[1]) ||
        (union_of_tap_listener_flags() & TL_REQUIRES_PROTO_TREE))   /* -z io,phs reads the tree */
        return MSOCS_MEDIA_FULL;
    for (size_t i = 0; i < G_N_ELEMENTS(media_taps); i++)
        if (media_taps[i] >= 0 && have_tap_listener(media_taps[i]))
            return MSOCS_MEDIA_FULL;
    if (pinfo->cinfo != NULL || (hf_frame_protocols >= 0 && proto_field_is_referenced(tree, hf_frame_protocols)))
        return MSOCS_MEDIA_NO_TREE;
    /* RTP's per-stream state from the first pass serves a later pass that
     * shows RTP: none does on tshark -2 -q without views, where the same
     * checks of the taps hold on both passes */
    if (!PINFO_FD_VISITED(pinfo) && !msocs_host_quiet_two_pass())
        return MSOCS_MEDIA_NO_TREE;
    return MSOCS_MEDIA_SKIP;
}

gboolean
msocs_policy_info_line_only(packet_info *pinfo)
{
    return pinfo->cinfo != NULL && !PINFO_FD_VISITED(pinfo) && msocs_host_one_pass();
}
