/* Plugin entry points (Wireshark 4.0 and 4.4 plugin API, see ws-compat.h):
 * registers every protocol of the suite. Each protocol file owns its
 * proto_register_X/proto_reg_handoff_X. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "msocs.h"
#include "ws-compat.h"

#ifndef PLUGIN_VERSION
#error PLUGIN_VERSION must be defined by the build
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
MSOCS_PLUGIN_DESCRIBE_DISSECTOR()

/* Postdissectors run in the order they were registered. msturn and
 * sipservice register theirs in proto_register_*, which all run before any
 * handoff, so ocstriage (registered in its handoff) always runs after the
 * two whose results it reads, whatever this order. Handoffs run in the
 * reverse order of this list, so the flow, first here, registers its
 * postdissector after ocstriage's, whose findings it reads. */
static const proto_plugin msocs_protocols[] = {
    { proto_register_msocs_flow, proto_reg_handoff_msocs_flow },
    { proto_register_msdiag, proto_reg_handoff_msdiag },
    { proto_register_mras, proto_reg_handoff_mras },
    { proto_register_qoe, proto_reg_handoff_qoe },
    { proto_register_msturn, proto_reg_handoff_msturn },
    { proto_register_msturn_mux, proto_reg_handoff_msturn_mux },
    { proto_register_sipservice, proto_reg_handoff_sipservice },
    { proto_register_ocstriage, proto_reg_handoff_ocstriage },
};

void
plugin_register(void)
{
    msocs_policy_init();
    for (size_t i = 0; i < G_N_ELEMENTS(msocs_protocols); i++)
        proto_register_plugin(&msocs_protocols[i]);
}
