/* The INVITE a QoE report is about: a SIP tap listener remembers the first
 * INVITE frame of each Call-ID in the capture (file scope, bounded), which
 * qoe links to the report carrying that Call-ID (qoe.invite_frame). */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/dissectors/packet-sip.h>

#include "msocs.h"
#include "qoe.h"
#include "ws-compat.h"

#define QOE_MAX_CALLS 100000    /* Call-IDs of INVITEs remembered per capture */

static wmem_map_t *invites;     /* Call-ID -> first INVITE frame */

/* SIP tap: remembers the first INVITE of each Call-ID (the call a report is about). */
static tap_packet_status
qoe_sip_packet(void *tapdata _U_, packet_info *pinfo, epan_dissect_t *edt _U_, const void *p,
               tap_flags_t flags _U_)
{
    const sip_info_value_t *si = (const sip_info_value_t *)p;

    if (si == NULL || si->request_method == NULL || si->tap_call_id == NULL ||
        strcmp((const char *)si->request_method, "INVITE") != 0 || invites == NULL)
        return TAP_PACKET_DONT_REDRAW;
    if (!wmem_map_contains(invites, si->tap_call_id) && wmem_map_size(invites) < QOE_MAX_CALLS)
        wmem_map_insert(invites, wmem_strdup(wmem_file_scope(), si->tap_call_id), GUINT_TO_POINTER(pinfo->num));
    return TAP_PACKET_DONT_REDRAW;
}

/* The listener is registered when a capture is opened whose analysis
 * something can show, not at start-up: a tap that always listens would make
 * every plain tshark read look watched and force the analysis trees
 * (msocs_analysis_unseen). */
static gboolean listening;

static void
qoe_invites_init(void)
{
    invites = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    if (!listening && !msocs_analysis_unseen()) {
        GString *err = register_tap_listener("sip", &invites, NULL, TL_REQUIRES_NOTHING, NULL, qoe_sip_packet,
                                             NULL, NULL);
        if (err != NULL) { /* without it reports are not linked to their INVITE */
            ws_warning("qoe: %s", err->str);
            g_string_free(err, TRUE);
        } else {
            listening = TRUE;
        }
    }
}

guint32
qoe_invite_frame(const char *call_id)
{
    return invites != NULL ? GPOINTER_TO_UINT(wmem_map_lookup(invites, call_id)) : 0;
}

void
qoe_invites_register(void)
{
    register_init_routine(qoe_invites_init);
}
