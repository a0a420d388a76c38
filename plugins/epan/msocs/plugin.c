/* Plugin entry points (Wireshark 4.0 and 4.4 plugin API, see ws-compat.h):
 * registers every protocol of the suite. Each protocol file owns its
 * proto_register_X/proto_reg_handoff_X. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "msocs.h"
#include "host-args.h"
#include "ws-compat.h"

#ifndef PLUGIN_VERSION
#error PLUGIN_VERSION must be defined by the build
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
MSOCS_PLUGIN_DESCRIBE_DISSECTOR()

static const proto_plugin msocs_protocols[] = {
    /* Wireshark calls the handoffs in the reverse order of registration: the
     * flow's postdissector comes last, after ocstriage's, whose findings it reads */
    { proto_register_msocs_flow, proto_reg_handoff_msocs_flow },
    { proto_register_msdiag, proto_reg_handoff_msdiag },
    { proto_register_mras, proto_reg_handoff_mras },
    { proto_register_qoe, proto_reg_handoff_qoe },
    { proto_register_msturn, proto_reg_handoff_msturn },
    { proto_register_msturn_mux, proto_reg_handoff_msturn_mux },
    { proto_register_sipservice, proto_reg_handoff_sipservice },
    { proto_register_ocstriage, proto_reg_handoff_ocstriage }, /* after sipservice: reads its pairing */
};

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
plugin_register(void)
{
    (void)host_args();
    for (size_t i = 0; i < G_N_ELEMENTS(msocs_protocols); i++)
        proto_register_plugin(&msocs_protocols[i]);
}
