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

#include <string.h>

/* The measuring knob (MSOCS_POLICY_OFF, msocs-policy.h): the parts of the
 * policy that give their safe answer. Read once; the environment does not
 * change during a run. */
enum {
    PART_ONE_PASS = 1u << 0,
    PART_TWO_PASS = 1u << 1,
    PART_MEDIA_TREE = 1u << 2,
    PART_MEDIA_SKIP = 1u << 3,
    PART_INFO_LINE = 1u << 4,
    PART_STATISTIC = 1u << 5,
    PART_PAYLOAD_ONLY = 1u << 6,
    PART_MEDIA_SETUP = 1u << 7,
};

static const struct {
    const char *name;
    guint bit;
} policy_parts[] = {
    { "one-pass", PART_ONE_PASS },     { "two-pass", PART_TWO_PASS },   { "media-tree", PART_MEDIA_TREE },
    { "media-skip", PART_MEDIA_SKIP }, { "info-line", PART_INFO_LINE }, { "statistic", PART_STATISTIC },
    { "payload-only", PART_PAYLOAD_ONLY }, { "media-setup", PART_MEDIA_SETUP },
};

static guint
parts_from_env(void)
{
    const char *value = g_getenv(MSOCS_POLICY_OFF_ENV);
    gchar **names;
    guint off = 0;

    if (value == NULL || *value == '\0')
        return 0;
    names = g_strsplit(value, ",", -1);
    for (gchar **n = names; *n != NULL; n++) {
        guint bit = 0;
        g_strstrip(*n);
        if (**n == '\0')
            continue;
        for (size_t i = 0; i < G_N_ELEMENTS(policy_parts); i++) {
            if (strcmp(*n, policy_parts[i].name) == 0 || strcmp(*n, "all") == 0)
                bit |= policy_parts[i].bit;
        }
        if (bit == 0)
            ws_warning("msocs: %s: unknown policy part \"%s\" ignored", MSOCS_POLICY_OFF_ENV, *n);
        off |= bit;
    }
    g_strfreev(names);
    if (off != 0) {
        GString *list = g_string_new(NULL);
        for (size_t i = 0; i < G_N_ELEMENTS(policy_parts); i++) {
            if (off & policy_parts[i].bit)
                g_string_append_printf(list, "%s%s", list->len ? "," : "", policy_parts[i].name);
        }
        ws_message("msocs: %s: policy parts off (safe answers, for measuring): %s", MSOCS_POLICY_OFF_ENV,
                   list->str);
        g_string_free(list, TRUE);
    }
    return off;
}

/* TRUE unless MSOCS_POLICY_OFF names the part */
static gboolean
part_on(guint bit)
{
    static guint off;
    static gboolean env_read;

    if (!env_read) {
        off = parts_from_env();
        env_read = TRUE;
    }
    return (off & bit) == 0;
}

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

    if (a == NULL || a->statistics || (a->two_pass && a->views) || any_tap_listener())
        return FALSE;
    return a->two_pass ? part_on(PART_TWO_PASS) : part_on(PART_ONE_PASS);
}

void
msocs_policy_init(void)
{
    (void)host_args();
    (void)part_on(0);
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
    return !part_on(PART_STATISTIC) || (own_tap >= 0 && have_tap_listener(own_tap)) || !msocs_host_is_tshark() ||
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

static msocs_media_need
media_need(packet_info *pinfo, proto_tree *tree)
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

msocs_media_need
msocs_policy_media(packet_info *pinfo, proto_tree *tree)
{
    msocs_media_need need = media_need(pinfo, tree);

    if (need == MSOCS_MEDIA_SKIP && !part_on(PART_MEDIA_SKIP))
        need = MSOCS_MEDIA_NO_TREE;
    if (need == MSOCS_MEDIA_NO_TREE && !part_on(PART_MEDIA_TREE))
        need = MSOCS_MEDIA_FULL;
    return need;
}

gboolean
msocs_policy_info_line_only(packet_info *pinfo)
{
    return pinfo->cinfo != NULL && !PINFO_FD_VISITED(pinfo) && msocs_host_one_pass() && part_on(PART_INFO_LINE);
}

gboolean
msocs_policy_media_setup(msocs_media_need need)
{
    return need == MSOCS_MEDIA_FULL || !msocs_host_one_pass() || !part_on(PART_MEDIA_SETUP);
}

gboolean
msocs_policy_payload_only(packet_info *pinfo, proto_tree *tree)
{
    return tree == NULL && PINFO_FD_VISITED(pinfo) && part_on(PART_PAYLOAD_ONLY) &&
           msocs_policy_media(pinfo, tree) == MSOCS_MEDIA_SKIP;
}
