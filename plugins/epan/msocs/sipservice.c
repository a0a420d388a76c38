/* sipservice: SIP SERVICE request/response pairing and statistic for OCS/Lync
 * (QoE reports [MS-QoE], MRAS [MS-AVEDGEA], other SERVICE bodies).
 *
 * SIP stays Wireshark's: a postdissector reads the fields the SIP dissector
 * produced (method, status, Call-ID, CSeq, Content-Type) and, on the first
 * pass, records transactions in file-scope maps (see sipservice.h). Every pass
 * shows the pairing as generated sipservice.* items. The statistic
 * (-z sipservice,tree, Statistics > OCS-Lync) listens to the "sip" tap and
 * looks each tapped message up in those maps. Outcomes that depend on later
 * frames (unanswered, response of a request) need the first pass to be over:
 * tshark -2, or the GUI.
 *
 * Cost (see msocs.h): the pairing is recorded whenever a protocol tree
 * exists on the first pass (a display filter, -V, -T fields, custom columns,
 * the GUI with a filter or the OCS-Lync profile, or a tree forced by
 * ocstriage). This postdissector forces one itself only for
 * -z sipservice,tree or with the preference sipservice.always_analyse (on by
 * default, but not where msocs_analysis_unseen says nothing would show it),
 * so a plain tshark -r or -2 -r stays without a first-pass tree. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/stats_tree.h>
#include <epan/stat_groups.h>
#include <epan/to_str.h>
#include <epan/dissectors/packet-sip.h>

#include "msocs.h"
#include "sipservice.h"
#include "ws-compat.h"

/* Bounds of the per-capture state: beyond them SERVICE messages are not
 * paired and the first refused frame gets an expert info. */
#define MAX_TRANSACTIONS 100000
#define MAX_MESSAGES     400000

#define DEFAULT_TIMEOUT 30 /* s; QoE senders give up after about 30 s (SIP Timer F is 32 s) */

static int proto_sipservice = -1;

static int hf_sipservice_kind = -1;
static int hf_sipservice_request_in = -1;
static int hf_sipservice_response_in = -1;
static int hf_sipservice_time = -1;
static int hf_sipservice_status_code = -1;
static int hf_sipservice_retransmission = -1;
static int hf_sipservice_original_frame = -1;
static int hf_sipservice_retransmissions = -1;
static int hf_sipservice_provisional = -1;
static int hf_sipservice_no_response = -1;
static int hf_sipservice_unanswered = -1;
static int hf_sipservice_no_request = -1;

static gint ett_sipservice = -1;

static expert_field ei_sipservice_unanswered = EI_INIT;
static expert_field ei_sipservice_pending = EI_INIT;
static expert_field ei_sipservice_retransmission = EI_INIT;
static expert_field ei_sipservice_orphan = EI_INIT;
static expert_field ei_sipservice_table_full = EI_INIT;

static guint pref_timeout = DEFAULT_TIMEOUT;
static msocs_api_bool pref_always_analyse = TRUE; /* correct answers first; off for fast plain reads */
static gboolean stat_registered;   /* -z sipservice,tree or its GUI dialog is open */
static gboolean fields_resolved;
static gboolean tree_seen;         /* a first-pass tree was seen in this capture */
static int field_hfs[7];           /* the ids of wanted_fields, for the wanted list */

static void update_wanted(void);

/* SIP fields read by the postdissector, resolved at handoff. */
static int hf_sip = -1;
static int hf_sip_method = -1;
static int hf_sip_status_code = -1;
static int hf_sip_call_id = -1;
static int hf_sip_cseq_seq = -1;
static int hf_sip_cseq_method = -1;
static int hf_sip_content_type = -1;

typedef struct {
    int *hf;
    const char *name;
} wanted_field;

static const wanted_field wanted_fields[] = {
    { &hf_sip,              "sip" },
    { &hf_sip_method,       "sip.Method" },
    { &hf_sip_status_code,  "sip.Status-Code" },
    { &hf_sip_call_id,      "sip.Call-ID" },
    { &hf_sip_cseq_seq,     "sip.CSeq.seq" },
    { &hf_sip_cseq_method,  "sip.CSeq.method" },
    { &hf_sip_content_type, "sip.Content-Type" },
};

static const char SERVICE[] = "SERVICE";

/* Per-capture state (wmem_file_scope). */
static wmem_map_t *txn_by_key;     /* "call-id \x1f cseq \x1f src \x1f dst" -> sipservice_txn */
static wmem_map_t *msgs_by_frame;  /* frame number -> first sipservice_msg */
static guint n_txns;
static guint n_msgs;
static guint32 overflow_frame;     /* first frame whose SERVICE messages were refused, 0 if none */
static nstime_t capture_end;       /* latest frame time seen on the first pass */

static dissector_handle_t sipservice_handle;

/* ---- query API (sipservice.h) ---- */

const sipservice_msg *
sipservice_frame_messages(guint32 frame)
{
    if (msgs_by_frame == NULL)
        return NULL;
    return (const sipservice_msg *)wmem_map_lookup(msgs_by_frame, GUINT_TO_POINTER(frame));
}

sipservice_outcome
sipservice_txn_outcome(const sipservice_txn *txn)
{
    /* the elapsed time, not two absolute times: those may not fit in microseconds */
    return sipservice_decide(txn->response_frame != 0, 0,
                             sipservice_elapsed_us((gint64)txn->request_ts.secs, txn->request_ts.nsecs,
                                                   (gint64)capture_end.secs, capture_end.nsecs),
                             (gint64)pref_timeout * 1000000);
}

guint
sipservice_timeout(void)
{
    return pref_timeout;
}

/* ---- reading SIP's fields ---- */

/* The SIP fields of one SIP message of the frame. */
typedef struct {
    const field_info *sip;
    const char *method;
    const char *call_id;
    const char *cseq_method;
    const char *content_type;
    guint status_code;
    guint32 cseq;
    gboolean has_status;
    gboolean has_cseq;
} sip_fields;

/* The innermost SIP message whose bytes hold the field (SIP bodies can nest
 * SIP messages); the only message when the field has no position. */
static sip_fields *
owner_of(sip_fields *msgs, guint n, const field_info *fi)
{
    sip_fields *best = NULL;

    for (guint i = 0; i < n; i++) {
        const field_info *s = msgs[i].sip;
        if (s->ds_tvb == fi->ds_tvb && fi->start >= s->start && fi->start < s->start + s->length &&
            (best == NULL || s->start >= best->sip->start))
            best = &msgs[i];
    }
    if (best == NULL && n == 1)
        best = &msgs[0];
    return best;
}

typedef enum { F_METHOD, F_STATUS, F_CALL_ID, F_CSEQ, F_CSEQ_METHOD, F_CONTENT_TYPE } field_slot;

static void
collect(proto_tree *tree, int hf, field_slot slot, sip_fields *msgs, guint n)
{
    GPtrArray *arr = proto_get_finfo_ptr_array(tree, hf);

    if (arr == NULL)
        return;
    for (guint i = 0; i < arr->len; i++) {
        field_info *fi = (field_info *)g_ptr_array_index(arr, i);
        sip_fields *m = owner_of(msgs, n, fi);
        if (m == NULL)
            continue;
        /* the first occurrence in a message is the message's own */
        switch (slot) {
        case F_METHOD:
            if (m->method == NULL)
                m->method = fvalue_get_string(msocs_finfo_fvalue(fi));
            break;
        case F_STATUS:
            if (!m->has_status) {
                m->status_code = fvalue_get_uinteger(msocs_finfo_fvalue(fi));
                m->has_status = TRUE;
            }
            break;
        case F_CALL_ID:
            if (m->call_id == NULL)
                m->call_id = fvalue_get_string(msocs_finfo_fvalue(fi));
            break;
        case F_CSEQ:
            if (!m->has_cseq) {
                m->cseq = fvalue_get_uinteger(msocs_finfo_fvalue(fi));
                m->has_cseq = TRUE;
            }
            break;
        case F_CSEQ_METHOD:
            if (m->cseq_method == NULL)
                m->cseq_method = fvalue_get_string(msocs_finfo_fvalue(fi));
            break;
        case F_CONTENT_TYPE:
            if (m->content_type == NULL)
                m->content_type = fvalue_get_string(msocs_finfo_fvalue(fi));
            break;
        }
    }
}

/* The SIP messages of the frame, in tree order; *n_out is their number. */
static sip_fields *
frame_sip_messages(packet_info *pinfo, proto_tree *tree, guint *n_out)
{
    GPtrArray *sips = proto_get_finfo_ptr_array(tree, hf_sip);
    GPtrArray *cseq_methods = proto_get_finfo_ptr_array(tree, hf_sip_cseq_method);
    sip_fields *msgs;
    guint n;

    *n_out = 0;
    if (hf_sip_cseq_method < 0)
        return NULL;
    /* cheap exit for everything that is not a SIP message about a SERVICE */
    if (sips == NULL || sips->len == 0 || cseq_methods == NULL)
        return NULL;
    n = sips->len;
    msgs = wmem_alloc0_array(pinfo->pool, sip_fields, n);
    for (guint i = 0; i < n; i++)
        msgs[i].sip = (const field_info *)g_ptr_array_index(sips, i);

    collect(tree, hf_sip_method, F_METHOD, msgs, n);
    collect(tree, hf_sip_status_code, F_STATUS, msgs, n);
    collect(tree, hf_sip_call_id, F_CALL_ID, msgs, n);
    collect(tree, hf_sip_cseq_seq, F_CSEQ, msgs, n);
    collect(tree, hf_sip_cseq_method, F_CSEQ_METHOD, msgs, n);
    collect(tree, hf_sip_content_type, F_CONTENT_TYPE, msgs, n);
    *n_out = n;
    return msgs;
}

/* ---- first pass: building the transactions ---- */

static const char *
txn_key(packet_info *pinfo, const char *call_id, guint32 cseq, const address *from, const address *to)
{
    return wmem_strdup_printf(pinfo->pool, "%s\x1f%u\x1f%s\x1f%s", call_id, cseq,
                              address_to_str(pinfo->pool, from), address_to_str(pinfo->pool, to));
}

static gboolean
refuse(packet_info *pinfo)
{
    if (overflow_frame == 0)
        overflow_frame = pinfo->num;
    return FALSE;
}

/* Records one SERVICE message of the frame; FALSE when a bound was hit. */
static gboolean
record_message(packet_info *pinfo, const sip_fields *f, sipservice_msg **tail)
{
    gboolean is_request = f->method != NULL;
    sipservice_msg *m;
    sipservice_txn *t;
    const char *key;
    gboolean created = FALSE;

    if (n_msgs >= MAX_MESSAGES)
        return refuse(pinfo);

    /* a response travels the request's path backwards */
    if (is_request)
        key = txn_key(pinfo, f->call_id, f->cseq, &pinfo->src, &pinfo->dst);
    else
        key = txn_key(pinfo, f->call_id, f->cseq, &pinfo->dst, &pinfo->src);
    t = (sipservice_txn *)wmem_map_lookup(txn_by_key, key);

    if (is_request && t == NULL) {
        if (n_txns >= MAX_TRANSACTIONS)
            return refuse(pinfo);
        t = wmem_new0(wmem_file_scope(), sipservice_txn);
        t->kind = sipservice_classify(f->content_type, f->content_type ? strlen(f->content_type) : 0);
        t->call_id = wmem_strdup(wmem_file_scope(), f->call_id);
        t->cseq = f->cseq;
        t->request_frame = pinfo->num;
        t->request_ts = pinfo->abs_ts;
        wmem_map_insert(txn_by_key, wmem_strdup(wmem_file_scope(), key), t);
        n_txns++;
        created = TRUE;
    }

    m = wmem_new0(wmem_file_scope(), sipservice_msg);
    m->txn = t;
    m->cseq = f->cseq;
    m->status_code = is_request ? 0 : f->status_code;
    if (t != NULL) {
        m->kind = t->kind;
        m->call_id = t->call_id;
    } else {
        m->kind = sipservice_classify(f->content_type, f->content_type ? strlen(f->content_type) : 0);
        m->call_id = wmem_strdup(wmem_file_scope(), f->call_id);
    }

    if (is_request) {
        if (created) {
            m->role = SIPSERVICE_ROLE_REQUEST;
        } else {
            m->role = SIPSERVICE_ROLE_RETRANSMISSION;
            m->copy = ++t->retransmissions;
        }
    } else if (t == NULL) {
        m->role = SIPSERVICE_ROLE_ORPHAN;
    } else if (f->status_code < 200) {
        m->role = SIPSERVICE_ROLE_PROVISIONAL;
        t->provisionals++;
    } else if (t->response_frame == 0) {
        m->role = SIPSERVICE_ROLE_FINAL;
        t->response_frame = pinfo->num;
        t->status_code = f->status_code;
        nstime_delta(&t->response_time, &pinfo->abs_ts, &t->request_ts);
    } else {
        m->role = SIPSERVICE_ROLE_FINAL_REPEAT;
    }

    if (*tail == NULL)
        wmem_map_insert(msgs_by_frame, GUINT_TO_POINTER(pinfo->num), m);
    else
        (*tail)->next = m;
    *tail = m;
    n_msgs++;
    return TRUE;
}

static gboolean
is_service_message(const sip_fields *f)
{
    if (f->call_id == NULL || !f->has_cseq)
        return FALSE;
    if (f->method != NULL)
        return strcmp(f->method, SERVICE) == 0;
    return f->has_status && f->cseq_method != NULL && strcmp(f->cseq_method, SERVICE) == 0;
}

static void
record_frame(packet_info *pinfo, proto_tree *tree)
{
    sipservice_msg *tail = NULL;
    sip_fields *msgs;
    guint n;

    msgs = frame_sip_messages(pinfo, tree, &n);
    for (guint i = 0; i < n; i++) {
        if (is_service_message(&msgs[i]) && !record_message(pinfo, &msgs[i], &tail))
            break;
    }
}

/* ---- every pass: the generated items ---- */

static const char *const role_text[] = {
    "request", "request retransmission", "provisional response", "final response",
    "repeated final response", "response without request"
};
G_STATIC_ASSERT(G_N_ELEMENTS(role_text) == SIPSERVICE_ROLE_ORPHAN + 1);

static void
add_generated_uint(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 value)
{
    proto_item_set_generated(proto_tree_add_uint(tree, hf, tvb, 0, 0, value));
}

static proto_item *
add_generated_boolean(proto_tree *tree, int hf, tvbuff_t *tvb, gboolean value)
{
    proto_item *pi = proto_tree_add_boolean(tree, hf, tvb, 0, 0, value);
    proto_item_set_generated(pi);
    return pi;
}

static void
add_request_items(proto_tree *tree, proto_item *top, tvbuff_t *tvb, packet_info *pinfo,
                  const sipservice_msg *m)
{
    const sipservice_txn *t = m->txn;
    proto_item *pi;

    if (m->role == SIPSERVICE_ROLE_RETRANSMISSION) {
        pi = add_generated_boolean(tree, hf_sipservice_retransmission, tvb, TRUE);
        add_generated_uint(tree, hf_sipservice_original_frame, tvb, t->request_frame);
        expert_add_info_format(pinfo, pi, &ei_sipservice_retransmission,
                               "Retransmission %u of the SERVICE request in frame %u",
                               m->copy, t->request_frame);
    } else if (t->retransmissions > 0) {
        add_generated_uint(tree, hf_sipservice_retransmissions, tvb, t->retransmissions);
    }

    if (t->response_frame != 0) {
        add_generated_uint(tree, hf_sipservice_response_in, tvb, t->response_frame);
        add_generated_uint(tree, hf_sipservice_status_code, tvb, t->status_code);
        proto_item_append_text(top, ", %u in frame %u", t->status_code, t->response_frame);
        return;
    }
    /* "no response" is only known once every frame has been seen */
    if (m->role != SIPSERVICE_ROLE_REQUEST || !PINFO_FD_VISITED(pinfo))
        return;
    pi = add_generated_boolean(tree, hf_sipservice_no_response, tvb, TRUE);
    if (sipservice_txn_outcome(t) == SIPSERVICE_UNANSWERED) {
        pi = add_generated_boolean(tree, hf_sipservice_unanswered, tvb, TRUE);
        expert_add_info_format(pinfo, pi, &ei_sipservice_unanswered,
                               "SERVICE (%s) got no final response within %u s",
                               sipservice_kind_name(t->kind), pref_timeout);
        proto_item_append_text(top, ", unanswered");
    } else {
        nstime_t left;
        nstime_delta(&left, &capture_end, &t->request_ts);
        expert_add_info_format(pinfo, pi, &ei_sipservice_pending,
                               "No final response, but the capture ends %s s after the request "
                               "(less than the %u s timeout)",
                               rel_time_to_secs_str(pinfo->pool, &left), pref_timeout);
        proto_item_append_text(top, ", no response before the capture ends");
    }
}

static void
add_response_items(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const sipservice_msg *m)
{
    const sipservice_txn *t = m->txn;
    proto_item *pi;
    nstime_t delta;

    add_generated_uint(tree, hf_sipservice_status_code, tvb, m->status_code);
    if (t == NULL) {
        pi = add_generated_boolean(tree, hf_sipservice_no_request, tvb, TRUE);
        expert_add_info(pinfo, pi, &ei_sipservice_orphan);
        return;
    }
    add_generated_uint(tree, hf_sipservice_request_in, tvb, t->request_frame);
    nstime_delta(&delta, &pinfo->abs_ts, &t->request_ts);
    pi = proto_tree_add_time(tree, hf_sipservice_time, tvb, 0, 0, &delta);
    proto_item_set_generated(pi);
    if (m->role == SIPSERVICE_ROLE_PROVISIONAL)
        add_generated_boolean(tree, hf_sipservice_provisional, tvb, TRUE);
    if (m->role == SIPSERVICE_ROLE_FINAL_REPEAT) {
        add_generated_boolean(tree, hf_sipservice_retransmission, tvb, TRUE);
        add_generated_uint(tree, hf_sipservice_original_frame, tvb, t->response_frame);
    }
}

static void
add_message_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const sipservice_msg *m)
{
    proto_item *top, *pi;
    proto_tree *st;

    top = proto_tree_add_item(tree, proto_sipservice, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(top);
    proto_item_append_text(top, ": %s %s", sipservice_kind_name(m->kind), role_text[m->role]);
    st = proto_item_add_subtree(top, ett_sipservice);
    pi = proto_tree_add_string(st, hf_sipservice_kind, tvb, 0, 0, sipservice_kind_name(m->kind));
    proto_item_set_generated(pi);

    if (m->role == SIPSERVICE_ROLE_REQUEST || m->role == SIPSERVICE_ROLE_RETRANSMISSION)
        add_request_items(st, top, tvb, pinfo, m);
    else
        add_response_items(st, tvb, pinfo, m);
}

/* Marks, for this dissection only, that the frame was dissected before: the
 * state is then complete. Taps run after the frame has been flagged visited
 * even on the first pass, so they cannot test PINFO_FD_VISITED themselves. */
static gboolean
state_complete(packet_info *pinfo)
{
    return p_get_proto_data(pinfo->pool, pinfo, proto_sipservice, 0) != NULL;
}

static int
dissect_sipservice(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (PINFO_FD_VISITED(pinfo)) {
        p_add_proto_data(pinfo->pool, pinfo, proto_sipservice, 0, GINT_TO_POINTER(1));
    } else {
        if (nstime_cmp(&pinfo->abs_ts, &capture_end) > 0)
            capture_end = pinfo->abs_ts;
        /* Without a tree SIP's fields are not available: nothing to record.
         * When a tree is built is the rule of msocs.h. */
        if (tree != NULL) {
            if (!tree_seen) {
                /* prime the later trees of this capture with the fields */
                tree_seen = TRUE;
                update_wanted();
            }
            record_frame(pinfo, tree);
        }
    }

    for (const sipservice_msg *m = sipservice_frame_messages(pinfo->num); m != NULL; m = m->next)
        add_message_tree(tvb, pinfo, tree, m);

    if (overflow_frame != 0 && overflow_frame == pinfo->num) {
        proto_item *pi = proto_tree_add_item(tree, proto_sipservice, tvb, 0, 0, ENC_NA);
        proto_item_set_generated(pi);
        expert_add_info_format(pinfo, pi, &ei_sipservice_table_full,
                               "SERVICE tracking limit reached (%u transactions, %u messages): "
                               "SERVICE messages from this frame on are not paired",
                               MAX_TRANSACTIONS, MAX_MESSAGES);
    }
    return 0;
}

static void
sipservice_init(void)
{
    n_txns = 0;
    n_msgs = 0;
    overflow_frame = 0;
    nstime_set_zero(&capture_end);
    if (fields_resolved)
        msocs_reference_fields(field_hfs, G_N_ELEMENTS(field_hfs));
    tree_seen = FALSE;
    update_wanted();
}

/* ---- the statistic: -z sipservice,tree ---- */

static const char st_root[] = "SIP SERVICE requests";
static const char st_requests[] = "Requests";
static const char st_202[] = "202 Accepted";
static const char st_other_2xx[] = "Other 2xx";
static const char st_errors[] = "Error responses (non-2xx final)";
static const char st_unanswered[] = "Unanswered (no final response within timeout)";
static const char st_pending[] = "No response, capture ended within timeout";
static const char st_retransmitted[] = "Retransmitted requests";
static const char st_rt[] = "Response time (ms)";
static const char st_orphans[] = "Responses without request";

static int st_node_root = -1;
static int st_node_kind[SIPSERVICE_KIND_COUNT];

static void
sipservice_stats_init(stats_tree *st)
{
    /* called when -z sipservice,tree is registered, before the first pass */
    if (!stat_registered) {
        stat_registered = TRUE;
        update_wanted();
    }
    st_node_root = stats_tree_create_node(st, st_root, 0, STAT_DT_INT, TRUE);
    for (int k = 0; k < SIPSERVICE_KIND_COUNT; k++) {
        int id = stats_tree_create_node(st, sipservice_kind_name((sipservice_kind)k), st_node_root,
                                        STAT_DT_INT, TRUE);
        st_node_kind[k] = id;
        /* created up front so that zero counts show too */
        stats_tree_create_node(st, st_requests, id, STAT_DT_INT, FALSE);
        stats_tree_create_node(st, st_202, id, STAT_DT_INT, FALSE);
        stats_tree_create_node(st, st_other_2xx, id, STAT_DT_INT, FALSE);
        stats_tree_create_node(st, st_errors, id, STAT_DT_INT, TRUE);
        stats_tree_create_node(st, st_unanswered, id, STAT_DT_INT, FALSE);
        stats_tree_create_node(st, st_pending, id, STAT_DT_INT, FALSE);
        stats_tree_create_node(st, st_retransmitted, id, STAT_DT_INT, FALSE);
        stats_tree_create_node(st, st_rt, id, STAT_DT_FLOAT, FALSE);
        stats_tree_create_node(st, st_orphans, id, STAT_DT_INT, FALSE);
    }
}

static void
sipservice_stats_cleanup(stats_tree *st _U_)
{
    /* takes effect when the next capture is opened (sipservice_init) */
    stat_registered = FALSE;
}

/* The recorded message a SIP tap record stands for. */
static const sipservice_msg *
tapped_message(guint32 frame, const sip_info_value_t *si)
{
    for (const sipservice_msg *m = sipservice_frame_messages(frame); m != NULL; m = m->next) {
        gboolean is_request = m->role == SIPSERVICE_ROLE_REQUEST || m->role == SIPSERVICE_ROLE_RETRANSMISSION;
        if (si->tap_call_id == NULL || strcmp(si->tap_call_id, m->call_id) != 0 || si->tap_cseq_number != m->cseq)
            continue;
        if (is_request ? si->request_method != NULL : si->response_code == m->status_code)
            return m;
    }
    return NULL;
}

static tap_packet_status
sipservice_stats_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_, const void *p,
                        tap_flags_t flags _U_)
{
    const sipservice_msg *m = tapped_message(pinfo->num, (const sip_info_value_t *)p);
    const sipservice_txn *t;
    int kid;

    if (m == NULL)
        return TAP_PACKET_DONT_REDRAW;
    t = m->txn;
    kid = st_node_kind[m->kind];

    switch (m->role) {
    case SIPSERVICE_ROLE_REQUEST:
        tick_stat_node(st, st_root, 0, TRUE);
        tick_stat_node(st, sipservice_kind_name(m->kind), st_node_root, TRUE);
        tick_stat_node(st, st_requests, kid, FALSE);
        /* an outcome without a response is only known after the first pass */
        if (t->response_frame == 0 && state_complete(pinfo)) {
            if (sipservice_txn_outcome(t) == SIPSERVICE_UNANSWERED)
                tick_stat_node(st, st_unanswered, kid, FALSE);
            else
                tick_stat_node(st, st_pending, kid, FALSE);
        }
        break;
    case SIPSERVICE_ROLE_RETRANSMISSION:
        if (m->copy == 1) /* a request retransmitted several times counts once */
            tick_stat_node(st, st_retransmitted, kid, FALSE);
        break;
    case SIPSERVICE_ROLE_FINAL:
        if (t->status_code == 202)
            tick_stat_node(st, st_202, kid, FALSE);
        else if (t->status_code >= 200 && t->status_code < 300)
            tick_stat_node(st, st_other_2xx, kid, FALSE);
        else {
            int eid = tick_stat_node(st, st_errors, kid, TRUE);
            tick_stat_node(st, wmem_strdup_printf(pinfo->pool, "%u %s", t->status_code,
                                                  val_to_str_const(t->status_code, sip_response_code_vals,
                                                                   "Unknown")),
                           eid, FALSE);
        }
        avg_stat_node_add_value_float(st, st_rt, kid, FALSE,
                                      (gfloat)(nstime_to_sec(&t->response_time) * 1000.0));
        break;
    case SIPSERVICE_ROLE_ORPHAN:
        tick_stat_node(st, st_orphans, kid, FALSE);
        break;
    case SIPSERVICE_ROLE_PROVISIONAL:
    case SIPSERVICE_ROLE_FINAL_REPEAT:
        return TAP_PACKET_DONT_REDRAW;
    }
    return TAP_PACKET_REDRAW;
}

/* ---- registration ---- */

void
proto_register_sipservice(void)
{
    static hf_register_info hf[] = {
        { &hf_sipservice_kind,            { "Kind", "sipservice.kind", FT_STRING, BASE_NONE, NULL, 0x0,
                                            "Body kind by request Content-Type: qoe, mras or other", HFILL } },
        { &hf_sipservice_request_in,      { "Request in", "sipservice.request_in", FT_FRAMENUM, BASE_NONE,
                                            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
                                            "The SERVICE request this response answers", HFILL } },
        { &hf_sipservice_response_in,     { "Response in", "sipservice.response_in", FT_FRAMENUM, BASE_NONE,
                                            FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
                                            "The final response to this SERVICE request", HFILL } },
        { &hf_sipservice_time,            { "Time", "sipservice.time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                                            "Time since the SERVICE request", HFILL } },
        { &hf_sipservice_status_code,     { "Status code", "sipservice.status_code", FT_UINT16, BASE_DEC,
                                            VALS(sip_response_code_vals), 0x0,
                                            "Final status of the transaction (on a response: its own)", HFILL } },
        { &hf_sipservice_retransmission,  { "Retransmission", "sipservice.retransmission", FT_BOOLEAN,
                                            BASE_NONE, NULL, 0x0,
                                            "Another copy of a request or final response already seen", HFILL } },
        { &hf_sipservice_original_frame,  { "Original frame", "sipservice.original_frame", FT_FRAMENUM,
                                            BASE_NONE, NULL, 0x0,
                                            "First copy of the retransmitted message", HFILL } },
        { &hf_sipservice_retransmissions, { "Retransmissions", "sipservice.retransmissions", FT_UINT32,
                                            BASE_DEC, NULL, 0x0,
                                            "Copies of this request sent after it", HFILL } },
        { &hf_sipservice_provisional,     { "Provisional", "sipservice.provisional", FT_BOOLEAN, BASE_NONE,
                                            NULL, 0x0, "A 1xx response: the transaction goes on", HFILL } },
        { &hf_sipservice_no_response,     { "No response in capture", "sipservice.no_response", FT_BOOLEAN,
                                            BASE_NONE, NULL, 0x0,
                                            "No final response anywhere in the capture "
                                            "(whether or not the capture went on long enough)", HFILL } },
        { &hf_sipservice_unanswered,      { "Unanswered", "sipservice.unanswered", FT_BOOLEAN, BASE_NONE,
                                            NULL, 0x0,
                                            "No final response although the capture went on for the timeout "
                                            "(preference sipservice.timeout) after the request", HFILL } },
        { &hf_sipservice_no_request,      { "No request in capture", "sipservice.no_request", FT_BOOLEAN,
                                            BASE_NONE, NULL, 0x0,
                                            "Response to a SERVICE request that is not in the capture", HFILL } },
    };
    static gint *ett[] = { &ett_sipservice };
    static ei_register_info ei[] = {
        { &ei_sipservice_unanswered,     { "sipservice.expert.unanswered", PI_SEQUENCE, PI_NOTE,
                                           "SERVICE request got no final response", EXPFILL } },
        { &ei_sipservice_pending,        { "sipservice.expert.pending", PI_SEQUENCE, PI_CHAT,
                                           "No final response before the capture ends", EXPFILL } },
        { &ei_sipservice_retransmission, { "sipservice.expert.retransmission", PI_SEQUENCE, PI_CHAT,
                                           "SERVICE request retransmitted", EXPFILL } },
        { &ei_sipservice_orphan,         { "sipservice.expert.no_request", PI_SEQUENCE, PI_CHAT,
                                           "Response to a SERVICE request that is not in the capture",
                                           EXPFILL } },
        { &ei_sipservice_table_full,     { "sipservice.expert.table_full", PI_UNDECODED, PI_WARN,
                                           "SERVICE tracking limit reached", EXPFILL } },
    };
    module_t *module;
    expert_module_t *expert;

    proto_sipservice = proto_register_protocol("SIP SERVICE transactions (OCS/Lync)", "SIPSERVICE",
                                               "sipservice");
    proto_register_field_array(proto_sipservice, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert = expert_register_protocol(proto_sipservice);
    expert_register_field_array(expert, ei, array_length(ei));

    module = prefs_register_protocol(proto_sipservice, update_wanted);
    prefs_register_uint_preference(module, "timeout", "Unanswered after (s)",
                                   "A SERVICE request without a final response counts as unanswered only "
                                   "when the capture goes on for at least this many seconds after it; "
                                   "otherwise the reply may simply not have been captured",
                                   10, &pref_timeout);
    prefs_register_bool_preference(module, "always_analyse", "Always analyse",
                                   "Build a protocol tree on the first pass for the pairing even when "
                                   "nothing else needs one (default on: tshark -2 -T fields without a filter "
                                   "pairs too). Off: pairing happens only when a tree is built anyway (a "
                                   "display filter, -V, custom columns) or -z sipservice,tree is used, and a "
                                   "plain read costs less", &pref_always_analyse);

    txn_by_key = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_str_hash, g_str_equal);
    msgs_by_frame = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash,
                                           g_direct_equal);
    register_init_routine(sipservice_init);

    sipservice_handle = register_dissector("sipservice", dissect_sipservice, proto_sipservice);
    register_postdissector(sipservice_handle);
}

/* Forces a tree on the first pass only when the pairing is asked for
 * without one being built anyway (see msocs.h). */
static void
update_wanted(void)
{
    if (!fields_resolved)
        return;
    msocs_want_fields(sipservice_handle, field_hfs, G_N_ELEMENTS(field_hfs),
                      msocs_policy_wants_fields(tree_seen, pref_always_analyse, stat_registered, -1, "sipservice."));
}

void
proto_reg_handoff_sipservice(void)
{
    G_STATIC_ASSERT(G_N_ELEMENTS(field_hfs) == G_N_ELEMENTS(wanted_fields));
    for (size_t i = 0; i < G_N_ELEMENTS(wanted_fields); i++) {
        field_hfs[i] = *wanted_fields[i].hf = proto_registrar_get_id_byname(wanted_fields[i].name);
        /* a renamed SIP field would silently disable the pairing */
        if (*wanted_fields[i].hf < 0)
            ws_warning("sipservice: SIP field %s not found", wanted_fields[i].name);
    }
    fields_resolved = TRUE;

    /* Registered as a plugin tree: Wireshark 4.0's Qt GUI lists only those
     * (Statistics > OCS-Lync > SIP SERVICE, beside the failure signatures). */
    stats_tree_register_plugin("sip", "sipservice", "OCS-Lync/SIP SERVICE", 0,
                               sipservice_stats_packet, sipservice_stats_init,
                               sipservice_stats_cleanup);
}
