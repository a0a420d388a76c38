/* ocstriage: the SIP signatures: SERVICE outcomes (service.*, with the
 * pairing sipservice decides), 403/9006 and 500/3080 (mras.forbidden,
 * conf.adduser-failed, from SIP's status and msdiag), SDP candidates of
 * Microsoft senders (sdp.*) and poor QoE reports (qoe.poor-stream). */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/to_str.h>

#include <string.h>

#include "msocs.h"
#include "mras.h"
#include "qoe.h"
#include "sipservice.h"
#include "ocstriage-core.h"
#include "ocstriage-int.h"
#include "ws-compat.h"

#define MAX_CANDIDATES 64  /* candidates looked at per SDP */

static guint32 last_forbidden_frame;

void
ocstriage_sip_init(void)
{
    last_forbidden_frame = 0;
}

/* Findings on a SERVICE response frame: needs the pairing of this frame. */
void
ocstriage_analyse_service_responses(packet_info *pinfo)
{
    for (const sipservice_msg *m = sipservice_frame_messages(pinfo->num); m != NULL; m = m->next) {
        const sipservice_txn *t = m->txn;
        if (m->role != SIPSERVICE_ROLE_FINAL || t == NULL)
            continue;
        if (t->status_code >= 300) {
            finding *f = ocstriage_add_finding(pinfo, pinfo->num, S_SERVICE_ERROR, 0,
                                     wmem_strdup_printf(wmem_file_scope(), "%u to the %s SERVICE of frame %u",
                                                        t->status_code, sipservice_kind_name(t->kind),
                                                        t->request_frame));
            ocstriage_add_evidence(f, t->request_frame);
        } else if (t->status_code >= 200 &&
                   nstime_to_sec(&t->response_time) > (double)ocstriage_pref_service_slow) {
            finding *f = ocstriage_add_finding(pinfo, pinfo->num, S_SERVICE_SLOW, 0,
                                     wmem_strdup_printf(wmem_file_scope(),
                                                        "%u after %.3f s to the %s SERVICE of frame %u (threshold %u s)",
                                                        t->status_code, nstime_to_sec(&t->response_time),
                                                        sipservice_kind_name(t->kind), t->request_frame,
                                                        ocstriage_pref_service_slow));
            ocstriage_add_evidence(f, t->request_frame);
        }
    }
}

/* First visited pass of a SERVICE request frame: was it ever answered? */
void
ocstriage_decide_service_requests(packet_info *pinfo)
{
    for (const sipservice_msg *m = sipservice_frame_messages(pinfo->num); m != NULL; m = m->next) {
        const sipservice_txn *t = m->txn;
        if (m->role != SIPSERVICE_ROLE_REQUEST || t == NULL)
            continue;
        /* sipservice decides, with its timeout preference */
        if (sipservice_txn_outcome(t) != SIPSERVICE_UNANSWERED)
            continue;

        const frame_rec *fr = ocstriage_get_rec(pinfo->num, FALSE);
        guint32 reset = (fr != NULL && fr->tcp_stream_plus1 != 0)
                        ? ocstriage_tcp_reset_after(fr->tcp_stream_plus1 - 1, pinfo->num) : 0;
        const char *detail = wmem_strdup_printf(wmem_file_scope(),
                                                "%s SERVICE (Call-ID %s, CSeq %u) unanswered after %u s%s%s",
                                                sipservice_kind_name(t->kind), t->call_id, t->cseq,
                                                sipservice_timeout(),
                                                t->retransmissions ? ", retransmitted" : "",
                                                reset ? ", bare TCP reset on the same connection" : "");
        finding *f = ocstriage_add_finding(pinfo, pinfo->num, S_SERVICE_NO_RESPONSE,
                                 ocstriage_scoped_event(S_SERVICE_NO_RESPONSE, t->kind == SIPSERVICE_KIND_QOE, 0), detail);
        ocstriage_add_evidence(f, reset);
        if (t->kind == SIPSERVICE_KIND_MRAS) {
            f = ocstriage_add_finding(pinfo, pinfo->num, S_MRAS_NO_RESPONSE, ocstriage_catalogue_event(S_MRAS_NO_RESPONSE), detail);
            ocstriage_add_evidence(f, reset);
        }
    }
}

static gboolean
component_is_mras(proto_tree *tree)
{
    GPtrArray *a = field_all(tree, F_MSDIAG_COMPONENT);
    for (guint i = 0; a && i < a->len; i++) {
        const char *c = msocs_finfo_string((field_info *)g_ptr_array_index(a, i));
        if (c != NULL && g_ascii_strcasecmp(c, MRAS_COMPONENT) == 0)
            return TRUE;
    }
    return FALSE;
}

static guint32
service_request_of(packet_info *pinfo)
{
    const sipservice_msg *m = sipservice_frame_messages(pinfo->num);
    return (m != NULL && m->txn != NULL) ? m->txn->request_frame : 0;
}

void
ocstriage_analyse_sip_diagnostics(proto_tree *tree, packet_info *pinfo)
{
    if (field_has_uint(tree, F_SIP_STATUS, 403) &&
        (field_has_uint(tree, F_MSDIAG_CODE, 9006) || component_is_mras(tree))) {
        finding *f = ocstriage_add_finding(pinfo, pinfo->num, S_MRAS_FORBIDDEN, ocstriage_catalogue_event(S_MRAS_FORBIDDEN),
                                 "403 Forbidden with ms-diagnostics from the Media Relay Authentication Service");
        ocstriage_add_evidence(f, service_request_of(pinfo));
        last_forbidden_frame = pinfo->num;
    }
    if (field_has_uint(tree, F_SIP_STATUS, 500) && field_has_uint(tree, F_MSDIAG_CODE, 3080)) {
        finding *f = ocstriage_add_finding(pinfo, pinfo->num, S_CONF_ADDUSER, 0,
                                 last_forbidden_frame
                                 ? wmem_strdup_printf(wmem_file_scope(),
                                                      "500 with ms-diagnostics 3080; MRAS refused a requester in frame %u",
                                                      last_forbidden_frame)
                                 : "500 with ms-diagnostics 3080");
        ocstriage_add_evidence(f, service_request_of(pinfo));
        ocstriage_add_evidence(f, last_forbidden_frame);
    }
}

/* Is the SDP's sender a Microsoft client or server (SIGNATURES.md)? Its
 * User-Agent or Server names a Microsoft SIP stack, its From/Contact carry
 * the endpoint id Microsoft endpoints add ([MS-SIPRE] epid), or the SDP has
 * Microsoft ICE markers (a=x- attributes, draft-6 candidates). Browsers and
 * other softphones choose relays for their own reasons. */
static gboolean
sender_is_microsoft(proto_tree *tree, const ocstriage_candidate *c, guint n, GPtrArray *attrs)
{
    static const char *const stacks[] = { "UCCAPI", "Communicator", "Lync", "Skype for Business", "RTC/",
                                          "RTCC/", "MSRTC" };
    const int who[] = { F_SIP_USER_AGENT, F_SIP_SERVER, F_SIP_FROM, F_SIP_CONTACT };

    for (guint i = 0; i < n; i++)
        if (c[i].form == OCSTRIAGE_CAND_DRAFT6)
            return TRUE;
    for (guint i = 0; attrs && i < attrs->len; i++) {
        const char *v = msocs_finfo_string((field_info *)g_ptr_array_index(attrs, i));
        if (v != NULL && (g_str_has_prefix(v, "x-") || g_str_has_prefix(v, "X-")))
            return TRUE;
    }
    for (size_t w = 0; w < G_N_ELEMENTS(who); w++) {
        GPtrArray *a = field_all(tree, who[w]);
        for (guint i = 0; a && i < a->len; i++) {
            const char *v = msocs_finfo_string((field_info *)g_ptr_array_index(a, i));
            if (v == NULL)
                continue;
            if (who[w] == F_SIP_FROM || who[w] == F_SIP_CONTACT) {
                if (strstr(v, "epid") != NULL)
                    return TRUE;
                continue;
            }
            for (size_t k = 0; k < G_N_ELEMENTS(stacks); k++)
                if (g_strstr_len(v, -1, stacks[k]) != NULL)
                    return TRUE;
        }
    }
    return FALSE;
}

void
ocstriage_analyse_sdp(proto_tree *tree, packet_info *pinfo)
{
    GPtrArray *cseq = field_all(tree, F_SIP_CSEQ_METHOD);
    GPtrArray *attrs = field_all(tree, F_SDP_MEDIA_ATTR);
    gboolean invite = FALSE;
    ocstriage_candidate *c;
    guint n = 0;

    for (guint i = 0; cseq && i < cseq->len; i++) {
        const char *m = msocs_finfo_string((field_info *)g_ptr_array_index(cseq, i));
        if (m != NULL && strcmp(m, "INVITE") == 0)
            invite = TRUE;
    }
    if (!invite || attrs == NULL)
        return;
    c = wmem_alloc_array(pinfo->pool, ocstriage_candidate, MAX_CANDIDATES);
    for (guint i = 0; i < attrs->len && n < MAX_CANDIDATES; i++) {
        const char *v = msocs_finfo_string((field_info *)g_ptr_array_index(attrs, i));
        if (v != NULL && ocstriage_parse_candidate(v, strlen(v), &c[n]))
            n++;
    }
    if (n == 0)
        return;

    if (!sender_is_microsoft(tree, c, n, attrs))
        return;

    ocstriage_sdp_verdict v;
    ocstriage_sdp_assess(c, n, ocstriage_relay_count() > 0 ? ocstriage_relay_known : NULL, NULL, &v);
    /* an Allocate to a public Edge address says the call crosses the Edge */
    v.has_public |= ocstriage_public_allocate();
    if (ocstriage_sdp_no_relay(&v)) {
        finding *f = ocstriage_add_finding(pinfo, pinfo->num, S_SDP_NO_RELAY, 0,
                                 wmem_strdup_printf(wmem_file_scope(), "%u ICE candidates, none of type relay%s",
                                                    v.n_candidates,
                                                    ocstriage_last_msturn_error() ? "; MS-TURN error seen before" : ""));
        ocstriage_add_evidence(f, ocstriage_last_msturn_error());
    }
    if (ocstriage_sdp_private_relay(&v)) {
        const ocstriage_candidate *r = &c[v.first_private_relay];
        ocstriage_add_finding(pinfo, pinfo->num, S_SDP_PRIVATE_RELAY, 0,
                    wmem_strdup_printf(wmem_file_scope(), "relay candidate %s:%u is a private address, "
                                       "while the call crosses the Edge (a public candidate or related "
                                       "address, or an Allocate to a public Edge address)", r->address, r->port));
    }
}

/* One finding per QoE report with a poor stream (qoe.h). */
void
ocstriage_analyse_qoe(packet_info *pinfo)
{
    for (const qoe_summary *q = qoe_frame_summary(pinfo); q != NULL; q = q->next)
        ocstriage_add_evidence(ocstriage_add_finding(pinfo, pinfo->num, S_QOE_POOR_STREAM, 0,
                                                     wmem_strdup_printf(wmem_file_scope(),
                                                                        "Call-ID %s, %u poor stream%s; %s",
                                                                        q->call_id, q->n_poor,
                                                                        plurality(q->n_poor, "", "s"), q->reason)),
                               q->invite_frame);
}
