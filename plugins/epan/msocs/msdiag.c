/* msdiag: the SIP headers ms-diagnostics, ms-diagnostics-public and
 * ms-client-diagnostics ([MS-OCER]). SIP hands us each header value through
 * its "sip.hdr" table; epan-extra parses it into spans and looks the ErrorId up
 * in tables generated from epan-extra/tables/msdiag-*.tsv. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/charsets.h>
#include <epan/strutil.h>
#include <wsutil/utf8_entities.h>

#include "msocs.h"
#include "msdiag-parse.h"
#include "msdiag-codes.h"
#include "ws-compat.h"

#define INFO_REASON_MAX 60 /* characters of the reason shown in the Info column */

typedef enum {
    HDR_INTERNAL,
    HDR_PUBLIC,
    HDR_CLIENT
} msdiag_kind;

static const char *const header_names[] = {
    "ms-diagnostics", "ms-diagnostics-public", "ms-client-diagnostics"
};

static int proto_msdiag = -1;

static int hf_msdiag_header = -1;
static int hf_msdiag_code = -1;
static int hf_msdiag_subcode = -1;
static int hf_msdiag_meaning = -1;
static int hf_msdiag_range = -1;
static int hf_msdiag_public = -1;
static int hf_msdiag_client = -1;
static int hf_msdiag_reason = -1;
static int hf_msdiag_source = -1;
static int hf_msdiag_component = -1;
static int hf_msdiag_hresult = -1;
static int hf_msdiag_param = -1;
static int hf_msdiag_param_name = -1;
static int hf_msdiag_param_value = -1;
static int hf_msdiag_param_count = -1;

static gint ett_msdiag = -1;
static gint ett_msdiag_param = -1;

static expert_field ei_msdiag_malformed = EI_INIT;
static expert_field ei_msdiag_too_many_params = EI_INIT;
static expert_field ei_msdiag_unknown_code = EI_INIT;
static expert_field ei_msdiag_failure = EI_INIT;
static expert_field ei_msdiag_info = EI_INIT;
static expert_field ei_msdiag_typo_quotes = EI_INIT;

/* Parameters with a field of their own; everything else is msdiag.param. */
typedef struct {
    const char *name;
    int *hf;
} named_param;

static const named_param named_params[] = {
    { "reason",    &hf_msdiag_reason },
    { "source",    &hf_msdiag_source },
    { "component", &hf_msdiag_component },
    { "hresult",   &hf_msdiag_hresult },
};

typedef struct {
    tvbuff_t *tvb;
    packet_info *pinfo;
    proto_tree *tree;
    const guint8 *buf;
    const char *reason; /* for the Info column, pinfo->pool */
    gboolean typo_noted;/* one typographic-quote note per header is enough */
} param_ctx;

/* The value of a parameter as text: escapes removed, folds made one space,
 * invalid UTF-8 replaced. */
static const char *
param_value_text(param_ctx *ctx, const msdiag_param *p)
{
    const guint8 *src = ctx->buf + p->value.off;

    if (p->escaped || p->folded) {
        guint8 *tmp = (guint8 *)wmem_alloc(ctx->pinfo->pool, p->value.len + 1);
        gsize n = msdiag_value_text(ctx->buf, p, tmp);
        return (const char *)get_utf_8_string(ctx->pinfo->pool, tmp, (gint)n);
    }
    return (const char *)get_utf_8_string(ctx->pinfo->pool, src, (gint)p->value.len);
}

static void
add_param(const msdiag_param *p, void *user)
{
    param_ctx *ctx = (param_ctx *)user;
    const char *value = p->has_value ? param_value_text(ctx, p) : "";
    gint whole_off = (gint)p->whole.off, whole_len = (gint)p->whole.len;

    if (p->typo_quoted && !ctx->typo_noted) {
        ctx->typo_noted = TRUE;
        proto_tree_add_expert_format(ctx->tree, ctx->pinfo, &ei_msdiag_typo_quotes, ctx->tvb,
                                     whole_off, whole_len,
                                     "Parameter value in typographic quotes (U+201C/U+201D), read as '\"': "
                                     "the header was probably pasted from a document");
    }

    for (size_t i = 0; i < G_N_ELEMENTS(named_params); i++) {
        if (msx_span_equal_ci(ctx->buf, &p->name, named_params[i].name)) {
            proto_tree_add_string(ctx->tree, *named_params[i].hf, ctx->tvb,
                                  whole_off, whole_len, value);
            if (named_params[i].hf == &hf_msdiag_reason && ctx->reason == NULL)
                ctx->reason = value;
            return;
        }
    }

    proto_item *pi = proto_tree_add_string(ctx->tree, hf_msdiag_param, ctx->tvb, whole_off, whole_len,
                                           tvb_format_text(ctx->pinfo->pool, ctx->tvb, whole_off, whole_len));
    proto_tree *pt = proto_item_add_subtree(pi, ett_msdiag_param);
    proto_tree_add_item(pt, hf_msdiag_param_name, ctx->tvb, (gint)p->name.off, (gint)p->name.len,
                        ENC_UTF_8);
    if (p->has_value)
        proto_tree_add_string(pt, hf_msdiag_param_value, ctx->tvb,
                              (gint)p->value.off, (gint)p->value.len, value);
}

/* The "not in the table" note for an ErrorId without a documented meaning. */
static void
add_unknown_note(packet_info *pinfo, proto_item *code_item, const msdiag_header *h,
                 msdiag_kind kind, const char *range)
{
    const char *table = kind == HDR_CLIENT ? "client ErrorId table" : "ErrorId table";

    if (range)
        expert_add_info_format(pinfo, code_item, &ei_msdiag_unknown_code,
                               "%s ErrorId %u is not in the %s (range: %s)",
                               header_names[kind], h->code, table, range);
    else
        expert_add_info_format(pinfo, code_item, &ei_msdiag_unknown_code,
                               "%s ErrorId %u is not in the %s and no range is documented",
                               header_names[kind], h->code, table);
}

static void
add_code_items(proto_tree *tree, proto_item *top, packet_info *pinfo, tvbuff_t *tvb,
               const msdiag_header *h, msdiag_kind kind, const char *reason)
{
    proto_item *code_item, *pi;
    const msdiag_errorid *known;
    const char *range;

    code_item = proto_tree_add_uint(tree, hf_msdiag_code, tvb, (gint)h->code_span.off,
                                    (gint)h->code_span.len, h->code);
    if (h->has_subcode)
        proto_tree_add_uint(tree, hf_msdiag_subcode, tvb, (gint)h->subcode_span.off,
                            (gint)h->subcode_span.len, h->subcode);

    /* Client ids are the client's own: the server tables do not apply. */
    if (kind == HDR_CLIENT) {
        known = msdiag_client_lookup(h->code);
        range = msdiag_client_range_component(h->code);
    } else {
        known = msdiag_lookup(h->code);
        range = msdiag_range_component(h->code);
    }

    if (known != NULL) {
        pi = proto_tree_add_string(tree, hf_msdiag_meaning, tvb, 0, 0, known->meaning);
        proto_item_set_generated(pi);
        proto_item_append_text(top, " (%s)", known->meaning);
        expert_add_info_format(pinfo, code_item,
                               known->severity == MSDIAG_SEV_FAILURE ? &ei_msdiag_failure : &ei_msdiag_info,
                               "%s %u: %s", header_names[kind], h->code, known->meaning);
    } else {
        add_unknown_note(pinfo, code_item, h, kind, range);
        if (reason != NULL && reason[0] != '\0') {
            /* no document explains the id: the sender's own words are the best meaning */
            pi = proto_tree_add_string(tree, hf_msdiag_meaning, tvb, 0, 0,
                                       wmem_strdup_printf(pinfo->pool, "(from the header's reason) %s",
                                                          reason));
            proto_item_set_generated(pi);
        }
    }
    pi = proto_tree_add_string(tree, hf_msdiag_range, tvb, 0, 0,
                               range ? range : kind == HDR_CLIENT ? "Client-side diagnostic (range not documented)"
                                                                  : "Unknown range");
    proto_item_set_generated(pi);
}

/* First pass: the reason parameter, for the meaning of an undocumented id. */
static void
find_reason(const msdiag_param *p, void *user)
{
    param_ctx *ctx = (param_ctx *)user;

    if (ctx->reason == NULL && p->has_value && msx_span_equal_ci(ctx->buf, &p->name, "reason"))
        ctx->reason = param_value_text(ctx, p);
}

static int
dissect_msdiag_common(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, msdiag_kind kind)
{
    guint len = tvb_captured_length(tvb);
    const guint8 *buf = tvb_get_ptr(tvb, 0, len);
    proto_item *top, *pi;
    proto_tree *mt;
    msdiag_header h;
    param_ctx ctx;

    top = proto_tree_add_item(tree, proto_msdiag, tvb, 0, -1, ENC_NA);
    mt = proto_item_add_subtree(top, ett_msdiag);

    pi = proto_tree_add_string(mt, hf_msdiag_header, tvb, 0, 0, header_names[kind]);
    proto_item_set_generated(pi);
    pi = proto_tree_add_boolean(mt, hf_msdiag_public, tvb, 0, 0, kind == HDR_PUBLIC);
    proto_item_set_generated(pi);
    pi = proto_tree_add_boolean(mt, hf_msdiag_client, tvb, 0, 0, kind == HDR_CLIENT);
    proto_item_set_generated(pi);

    ctx.tvb = tvb;
    ctx.pinfo = pinfo;
    ctx.tree = mt;
    ctx.buf = buf;
    ctx.reason = NULL;
    ctx.typo_noted = FALSE;

    /* The code items come first in the tree; parameters follow as parsed. */
    msdiag_parse(buf, len, &h, find_reason, &ctx);
    if (h.has_code) {
        proto_item_append_text(top, ": %u", h.code);
        add_code_items(mt, top, pinfo, tvb, &h, kind, ctx.reason);
    }
    ctx.reason = NULL;
    msdiag_parse(buf, len, &h, add_param, &ctx);

    pi = proto_tree_add_uint(mt, hf_msdiag_param_count, tvb, 0, 0, h.n_params);
    proto_item_set_generated(pi);
    if (h.n_params > MSDIAG_MAX_PARAMS) {
        expert_add_info_format(pinfo, pi, &ei_msdiag_too_many_params,
                               "%s has %u parameters; only the first %u are shown",
                               header_names[kind], h.n_params, MSDIAG_MAX_PARAMS);
    }
    for (guint bit = 1; bit != 0 && bit <= h.flags; bit <<= 1) {
        if (!(h.flags & bit) || bit == MSDIAG_F_TOO_MANY_PARAMS)
            continue;
        expert_add_info_format(pinfo, top, &ei_msdiag_malformed, "Malformed %s header: %s",
                               header_names[kind], msdiag_flag_text((msdiag_flag)bit));
    }

    if (h.has_code) {
        const char *label = kind == HDR_CLIENT ? "ms-client-diag" : "ms-diag";
        if (ctx.reason != NULL) {
            gsize rlen = strlen(ctx.reason);
            col_append_fstr(pinfo->cinfo, COL_INFO, " [%s %u %s%s]", label, h.code,
                            msocs_format_text(pinfo->pool, ctx.reason,
                                              MIN(rlen, INFO_REASON_MAX)),
                            rlen > INFO_REASON_MAX ? UTF8_HORIZONTAL_ELLIPSIS : "");
        }
        else
            col_append_fstr(pinfo->cinfo, COL_INFO, " [%s %u]", label, h.code);
    }
    return (int)len;
}

static int
dissect_msdiag_internal(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    return dissect_msdiag_common(tvb, pinfo, tree, HDR_INTERNAL);
}

static int
dissect_msdiag_public(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    return dissect_msdiag_common(tvb, pinfo, tree, HDR_PUBLIC);
}

static int
dissect_msdiag_client(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    return dissect_msdiag_common(tvb, pinfo, tree, HDR_CLIENT);
}

void
proto_register_msdiag(void)
{
    static hf_register_info hf[] = {
        { &hf_msdiag_header,      { "Header", "msdiag.header", FT_STRING, BASE_NONE, NULL, 0x0,
                                    "Which diagnostics header carried the value", HFILL } },
        { &hf_msdiag_code,        { "ErrorId", "msdiag.code", FT_UINT32, BASE_DEC, NULL, 0x0,
                                    "Diagnostic ErrorId", HFILL } },
        { &hf_msdiag_subcode,     { "Sub-code", "msdiag.subcode", FT_UINT32, BASE_DEC, NULL, 0x0,
                                    "Sub error code after the ErrorId (OCS 2007 ErrorId.SubCode form)", HFILL } },
        { &hf_msdiag_meaning,     { "Meaning", "msdiag.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
                                    "Documented meaning of the ErrorId; \"(from the header's reason) ...\" when no document gives one", HFILL } },
        { &hf_msdiag_range,       { "Range", "msdiag.range", FT_STRING, BASE_NONE, NULL, 0x0,
                                    "Server component owning the ErrorId range", HFILL } },
        { &hf_msdiag_public,      { "Public", "msdiag.public", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                                    "Carried in ms-diagnostics-public (the form an Edge lets out)", HFILL } },
        { &hf_msdiag_client,      { "Client", "msdiag.client", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                                    "Carried in ms-client-diagnostics (client-side ids)", HFILL } },
        { &hf_msdiag_reason,      { "Reason", "msdiag.reason", FT_STRING, BASE_NONE, NULL, 0x0,
                                    "reason parameter", HFILL } },
        { &hf_msdiag_source,      { "Source", "msdiag.source", FT_STRING, BASE_NONE, NULL, 0x0,
                                    "source parameter: the server that generated the diagnostic", HFILL } },
        { &hf_msdiag_component,   { "Component", "msdiag.component", FT_STRING, BASE_NONE, NULL, 0x0,
                                    "component parameter", HFILL } },
        { &hf_msdiag_hresult,     { "HRESULT", "msdiag.hresult", FT_STRING, BASE_NONE, NULL, 0x0,
                                    "HRESULT parameter", HFILL } },
        { &hf_msdiag_param,       { "Parameter", "msdiag.param", FT_STRING, BASE_NONE, NULL, 0x0,
                                    "Any other parameter", HFILL } },
        { &hf_msdiag_param_name,  { "Name", "msdiag.param.name", FT_STRING, BASE_NONE, NULL, 0x0,
                                    "Parameter name", HFILL } },
        { &hf_msdiag_param_value, { "Value", "msdiag.param.value", FT_STRING, BASE_NONE, NULL, 0x0,
                                    "Parameter value (quotes and escapes removed, line folds read as one space)", HFILL } },
        { &hf_msdiag_param_count, { "Parameter count", "msdiag.param_count", FT_UINT32, BASE_DEC, NULL, 0x0,
                                    "Number of parameters after the ErrorId (all of them, also beyond the ones shown)", HFILL } },
    };
    static gint *ett[] = { &ett_msdiag, &ett_msdiag_param };
    static ei_register_info ei[] = {
        { &ei_msdiag_malformed,  { "msdiag.malformed", PI_MALFORMED, PI_WARN,
                                   "Malformed diagnostics header", EXPFILL } },
        { &ei_msdiag_too_many_params, { "msdiag.too_many_params", PI_UNDECODED, PI_WARN,
                                   "Too many parameters", EXPFILL } },
        { &ei_msdiag_unknown_code, { "msdiag.unknown_code", PI_RESPONSE_CODE, PI_NOTE,
                                   "ErrorId not in the ErrorId table", EXPFILL } },
        { &ei_msdiag_failure,    { "msdiag.failure", PI_RESPONSE_CODE, PI_WARN,
                                   "Server reports a failure", EXPFILL } },
        { &ei_msdiag_info,       { "msdiag.info", PI_RESPONSE_CODE, PI_CHAT,
                                   "Server reports a condition that is not an error", EXPFILL } },
        { &ei_msdiag_typo_quotes, { "msdiag.typographic_quotes", PI_PROTOCOL, PI_NOTE,
                                   "Parameter value in typographic quotes", EXPFILL } },
    };
    expert_module_t *expert;

    proto_msdiag = proto_register_protocol("Microsoft SIP Diagnostics Header", "MS-DIAG", "msdiag");
    proto_register_field_array(proto_msdiag, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert = expert_register_protocol(proto_msdiag);
    expert_register_field_array(expert, ei, array_length(ei));
}

void
proto_reg_handoff_msdiag(void)
{
    static dissector_t dissectors[] = {
        dissect_msdiag_internal, dissect_msdiag_public, dissect_msdiag_client
    };

    /* SIP looks headers up lower-cased, so one entry per name covers every spelling. */
    for (size_t i = 0; i < G_N_ELEMENTS(header_names); i++)
        dissector_add_string("sip.hdr", header_names[i],
                             create_dissector_handle(dissectors[i], proto_msdiag));
}
