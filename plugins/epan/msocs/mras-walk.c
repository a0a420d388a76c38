/* mras: the schema of MRAS and in-band provisioning bodies ([MS-AVEDGEA],
 * [MS-SIPRE]) and the walk of Wireshark's xml tree along it: each declared
 * value becomes its field with the checks of its kind, what the schema does
 * not declare is shown and noted, and a credentialsResponse feeds the
 * credential store msturn verifies MESSAGE-INTEGRITY with. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/proto_data.h>
#include <epan/dissectors/packet-xml.h>
#include <wsutil/strtoi.h>

#include <string.h>

#include "mras-int.h"

/* ---- schema tables ---------------------------------------------------------- */

static const char *const location_vals[] = { "intranet", "internet", NULL };
static const char *const route_vals[] = { "loadbalanced", "directip", NULL };
static const char *const reason_vals[] = {
    "OK", "Request Malformed", "Request Too Large", "Not Supported", "Server Busy", "Time Out",
    "Forbidden", "Internal Server Error", "Other Failure", "Version Mismatch", NULL
};

#define ATTRS(a)    a, G_N_ELEMENTS(a)
#define CHILDREN(c) c, G_N_ELEMENTS(c)
#define NO_ATTRS    NULL, 0
#define NO_CHILDREN NULL, 0

/* request */
static const mras_attr request_attrs[] = {
    { "requestID", &hf_mras_request_id, V_STRING, TRUE,  R_REQUEST_ID, NULL },
    { "version",   &hf_mras_version,    V_STRING, TRUE,  R_NONE,       NULL },
    { "to",        &hf_mras_to,         V_STRING, TRUE,  R_NONE,       NULL },
    { "from",      &hf_mras_from,       V_STRING, TRUE,  R_NONE,       NULL },
    { "route",     &hf_mras_route,      V_ENUM,   FALSE, R_NONE,       route_vals },
};
static const mras_attr cred_request_attrs[] = {
    { "credentialsRequestID", &hf_mras_credentials_request_id, V_STRING, TRUE, R_NONE, NULL },
};
static const mras_elem cred_request_children[] = {
    { "identity", &hf_mras_identity, NULL, V_STRING,   TRUE,  1, R_NONE,         NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "location", &hf_mras_location, NULL, V_ENUM,     FALSE, 1, R_REQ_LOCATION, location_vals,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "duration", &hf_mras_duration, NULL, V_DURATION, FALSE, 1, R_REQ_DURATION, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
};
static const mras_elem request_children[] = {
    { "credentialsRequest", &hf_mras_credentials_request, &ett_mras_cred_request, V_NONE, TRUE, 100,
      R_CRED_REQUEST, NULL, ATTRS(cred_request_attrs), CHILDREN(cred_request_children), FALSE, NULL, R_NONE },
};

/* response */
static const mras_attr response_attrs[] = {
    { "requestID",     &hf_mras_request_id,     V_STRING, TRUE, R_REQUEST_ID, NULL },
    { "version",       &hf_mras_version,        V_STRING, TRUE, R_NONE,       NULL },
    { "serverVersion", &hf_mras_server_version, V_STRING, TRUE, R_NONE,       NULL },
    { "to",            &hf_mras_to,             V_STRING, TRUE, R_NONE,       NULL },
    { "from",          &hf_mras_from,           V_STRING, TRUE, R_NONE,       NULL },
    { "reasonPhrase",  &hf_mras_reason_phrase,  V_ENUM,   TRUE, R_REASON,     reason_vals },
};
static const mras_elem credentials_children[] = {
    { "username", &hf_mras_username, NULL, V_BASE64,   TRUE,  1, R_USERNAME,      NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "password", &hf_mras_password, NULL, V_BASE64,   TRUE,  1, R_PASSWORD,      NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "duration", &hf_mras_duration, NULL, V_DURATION, TRUE,  1, R_CRED_DURATION, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "realm",    &hf_mras_realm,    NULL, V_STRING,   FALSE, 1, R_REALM,         NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
};
static const mras_elem relay_children[] = {
    { "location",        &hf_mras_relay_location, NULL, V_ENUM,   TRUE,  1, R_RELAY_LOCATION, location_vals,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "hostName",        &hf_mras_relay_host,     NULL, V_STRING, FALSE, 1, R_RELAY_HOST,     NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "directIPAddress", &hf_mras_relay_ip,       NULL, V_STRING, FALSE, 1, R_RELAY_IP,       NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "udpPort",         &hf_mras_relay_udp_port, NULL, V_PORT,   FALSE, 1, R_RELAY_UDP,      NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "tcpPort",         &hf_mras_relay_tcp_port, NULL, V_PORT,   FALSE, 1, R_RELAY_TCP,      NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
};
static const mras_elem relay_list_children[] = {
    { "mediaRelay", &hf_mras_relay, &ett_mras_relay, V_NONE, FALSE, 0, R_RELAY, NULL,
      NO_ATTRS, CHILDREN(relay_children), FALSE, NULL, R_NONE },
};
static const mras_elem cred_response_children[] = {
    { "credentials",    &hf_mras_credentials, &ett_mras_credentials, V_NONE, TRUE, 1, R_NONE, NULL,
      NO_ATTRS, CHILDREN(credentials_children), FALSE, NULL, R_NONE },
    { "mediaRelayList", &hf_mras_relay_list,  &ett_mras_relay_list,  V_NONE, FALSE, 1, R_RELAY_LIST, NULL,
      NO_ATTRS, CHILDREN(relay_list_children), FALSE, NULL, R_NONE },
};
static const mras_elem response_children[] = {
    { "credentialsResponse", &hf_mras_credentials_response, &ett_mras_cred_response, V_NONE, FALSE, 100,
      R_CRED_RESPONSE, NULL, ATTRS(cred_request_attrs), CHILDREN(cred_response_children), FALSE, NULL, R_NONE },
};

/* in-band provisioning: only the ServerConfiguration children that matter for media */
static const mras_elem server_config_children[] = {
    { "mrasUri",               &hf_mras_uri,              NULL, V_STRING,  FALSE, 1, R_MRAS_URI, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "ucPortRangeEnabled",    &hf_mras_prov_port_range,  NULL, V_BOOLEAN, FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "ucMinMediaPort",        &hf_mras_prov_min_port,    NULL, V_PORT,    FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "ucMaxMediaPort",        &hf_mras_prov_max_port,    NULL, V_PORT,    FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "ucPC2PCAVEncryption",   &hf_mras_prov_encryption,  NULL, V_STRING,  FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "ucMaxVideoRateAllowed", &hf_mras_prov_video_rate,  NULL, V_STRING,  FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
    { "qosEnabled",            &hf_mras_prov_qos,         NULL, V_BOOLEAN, FALSE, 1, R_NONE, NULL,
      NO_ATTRS, NO_CHILDREN, FALSE, NULL, R_NONE },
};
static const mras_elem prov_list_children[] = {
    { "provisionGroup", &hf_mras_prov_group, &ett_mras_prov_group, V_NONE, FALSE, 0, R_PROV_GROUP, NULL,
      NO_ATTRS, CHILDREN(server_config_children), TRUE, "name", R_PROV_GROUP_NAME },
};
static const mras_elem prov_req_children[] = {
    { "provisioningGroup", &hf_mras_prov_requested_group, &ett_mras_prov_group, V_NONE, FALSE, 0, R_NONE,
      NULL, NO_ATTRS, NO_CHILDREN, TRUE, "name", R_NONE },
};

/* root elements per content type */
const mras_elem mras_roots[2] = {
    { "request",  &hf_mras_request,  &ett_mras_request,  V_NONE, TRUE, 1, R_REQUEST,  NULL,
      ATTRS(request_attrs),  CHILDREN(request_children),  FALSE, NULL, R_NONE },
    { "response", &hf_mras_response, &ett_mras_response, V_NONE, TRUE, 1, R_RESPONSE, NULL,
      ATTRS(response_attrs), CHILDREN(response_children), FALSE, NULL, R_NONE },
};
const mras_elem prov_roots[2] = {
    { "provisionGroupList",    &hf_mras_provisioning, &ett_mras_provisioning, V_NONE, TRUE, 1, R_PROV_LIST,
      NULL, NO_ATTRS, CHILDREN(prov_list_children), TRUE, NULL, R_NONE },
    { "provisioningGroupList", &hf_mras_provisioning, &ett_mras_provisioning, V_NONE, TRUE, 1, R_PROV_LIST,
      NULL, NO_ATTRS, CHILDREN(prov_req_children), TRUE, NULL, R_NONE },
};

/* ---- walk ------------------------------------------------------------------- */





static gboolean
in_list(const char *value, const char *const *list)
{
    for (guint i = 0; list[i] != NULL; i++)
        if (strcmp(value, list[i]) == 0)
            return TRUE;
    return FALSE;
}

/* Base64 alphabet, padding only at the end, length a multiple of 4. */
static gboolean
base64_valid(const char *s)
{
    gsize n = 0, pad = 0;

    for (; *s; s++) {
        char c = *s;
        if (msocs_xml_is_space((guint8)c))
            continue;
        if (c == '=') {
            pad++;
        } else if (pad || !(g_ascii_isalnum(c) || c == '+' || c == '/')) {
            return FALSE;
        }
        n++;
    }
    return n % 4 == 0 && pad <= 2;
}

static guint8 *
base64_decode(wmem_allocator_t *pool, const char *s, gsize *out_len)
{
    gsize n = strlen(s);
    guint8 *out = (guint8 *)wmem_alloc(pool, n / 4 * 3 + 3);
    gint state = 0;
    guint save = 0;

    *out_len = g_base64_decode_step(s, n, out, &state, &save);
    return out;
}

static void
note_value(walk_ctx *ctx, value_role role, const char *text, guint32 num)
{
    cred_state *c = &ctx->cur;

    switch (role) {
    case R_REQUEST_ID:     ctx->request_id = text; break;
    case R_REASON:         ctx->reason = text; break;
    case R_REQ_LOCATION:
        if (ctx->first_location == NULL)
            ctx->first_location = text;
        break;
    case R_REQ_DURATION:
        if (!ctx->have_duration) {
            ctx->have_duration = TRUE;
            ctx->first_duration = num;
        }
        break;
    case R_USERNAME:       c->username_b64 = text; break;
    case R_PASSWORD:       c->password_b64 = text; break;
    case R_CRED_DURATION:  c->duration = num; break;
    case R_REALM:          c->realm = text; break;
    case R_RELAY_LOCATION: c->relay.location = text; break;
    case R_RELAY_HOST:     c->relay.host = text; break;
    case R_RELAY_IP:       c->relay.ip = text; break;
    case R_RELAY_UDP:      c->relay.udp_port = num; break;
    case R_RELAY_TCP:      c->relay.tcp_port = num; break;
    case R_PROV_GROUP_NAME: ctx->group_name = text; break;
    case R_MRAS_URI:       ctx->mras_uri = text; break;
    default:               break;
    }
}

/* The text of a value, trimmed and capped (msocs-xml.c). */
static const char *
value_text(walk_ctx *ctx, proto_tree *tree, tvbuff_t *vtvb, gint *off, gint *len)
{
    return msocs_xml_walk_value(&ctx->w, tree, vtvb, off, len);
}

/* Adds one value (attribute or element text) as its field, with the checks of its kind. */
static void
add_value(walk_ctx *ctx, proto_tree *tree, int hf, value_kind kind, value_role role,
          const char *const *enum_vals, const char *what, tvbuff_t *vtvb,
          gint anchor_off, gint anchor_len)
{
    tvbuff_t *at = vtvb ? vtvb : ctx->w.tvb;
    gint off = anchor_off, len = anchor_len;
    const char *text = vtvb ? value_text(ctx, tree, vtvb, &off, &len) : "";
    proto_item *pi;
    guint32 num = 0;

    switch (kind) {
    case V_UINT:
    case V_DURATION:
    case V_PORT:
        if (!ws_strtou32(text, NULL, &num)) {
            pi = proto_tree_add_string(tree, hf_mras_invalid_value, at, off, len, text);
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_bad_value, "%s is not a number: \"%s\"",
                                   what, msocs_xml_short_text(ctx->w.pinfo, text, 64));
            return;
        }
        pi = proto_tree_add_uint(tree, hf, at, off, len, num);
        if (kind == V_DURATION && num == 0)
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_duration_zero, "%s is 0 minutes", what);
        if (kind == V_PORT && (num == 0 || num > 65535))
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_port_range, "%s %u is outside 1-65535",
                                   what, num);
        break;
    case V_BOOLEAN: {
        gboolean b = g_ascii_strcasecmp(text, "true") == 0 || strcmp(text, "1") == 0;
        if (!b && g_ascii_strcasecmp(text, "false") != 0 && strcmp(text, "0") != 0) {
            pi = proto_tree_add_string(tree, hf_mras_invalid_value, at, off, len, text);
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_bad_value, "%s is not true/false: \"%s\"",
                                   what, msocs_xml_short_text(ctx->w.pinfo, text, 64));
            return;
        }
        proto_tree_add_boolean(tree, hf, at, off, len, b);
        num = b;
        break;
    }
    default:
        /* no bytes behind a redacted item: PDML value= and JSON -x print an item's bytes */
        if (role == R_PASSWORD && mras_redact_password)
            pi = proto_tree_add_string(tree, hf, at, off, 0, "<redacted>");
        else
            pi = proto_tree_add_string(tree, hf, at, off, len, text);
        /* a reasonPhrase other than OK is reported as such below, known or not */
        if (kind == V_ENUM && role != R_REASON && !in_list(text, enum_vals)) {
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_bad_value, "%s \"%s\" is not a known value",
                                   what, msocs_xml_short_text(ctx->w.pinfo, text, 64));
        }
        if (kind == V_BASE64) {
            if (!base64_valid(text)) {
                expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_bad_value, "%s is not valid base64", what);
            } else if (role == R_USERNAME) {
                gsize n;
                base64_decode(ctx->w.pinfo->pool, text, &n);
                pi = proto_tree_add_uint(tree, hf_mras_username_len, at, off, len, (guint32)n);
                proto_item_set_generated(pi);
            }
        }
        if (role == R_REASON && strcmp(text, "OK") != 0)
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_reason, "MRAS reasonPhrase: %s",
                                   msocs_xml_short_text(ctx->w.pinfo, text, 64));
        break;
    }
    note_value(ctx, role, text, num);
}

static void
walk_attrs(walk_ctx *ctx, proto_tree *tree, proto_item *item, xml_frame_t *frame, const mras_elem *e)
{
    gboolean seen[MRAS_MAX_ATTRS] = { FALSE };
    guint n_attrs = MIN(e->n_attrs, MRAS_MAX_ATTRS);

    for (xml_frame_t *a = frame->first_child; a != NULL; a = a->next_sibling) {
        const mras_attr *d = NULL;
        const char *name = a->name_orig_case ? a->name_orig_case : "";
        guint i;

        if (a->type != XML_FRAME_ATTRIB || (e->key_attr && strcmp(name, e->key_attr) == 0))
            continue;
        for (i = 0; i < n_attrs; i++) {
            if (g_ascii_strcasecmp(name, e->attrs[i].name) == 0) {
                d = &e->attrs[i];
                break;
            }
        }
        if (d != NULL) {
            seen[i] = TRUE;
            add_value(ctx, tree, *d->hf, d->kind, d->role, d->enum_vals, d->name, a->value, 0, 0);
        } else if (strcmp(name, "xmlns") == 0) {
            gint off, len;
            const char *ns = value_text(ctx, tree, a->value, &off, &len);
            proto_item *pi = proto_tree_add_string(tree, hf_mras_namespace, a->value, off, len, ns);
            if (ctx->type != MRAS_TYPE_PROVISIONING && strcmp(ns, MRAS_NAMESPACE) != 0)
                expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_namespace,
                                       "Namespace is not " MRAS_NAMESPACE);
        } else if (g_str_has_prefix(name, "xmlns:")) {
            continue; /* prefix declarations (xsi, xsd) carry nothing for us */
        } else {
            gint off, len;
            const char *v = value_text(ctx, tree, a->value, &off, &len);
            proto_item *pi = proto_tree_add_string_format_value(tree, hf_mras_unknown_attribute, a->value,
                                                                off, len, name, "%s=\"%s\"", name,
                                                                msocs_xml_short_text(ctx->w.pinfo, v, 64));
            expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_unknown_attribute,
                                   "Unknown attribute %s on <%s>", name, e->name);
        }
    }
    for (guint i = 0; i < n_attrs; i++)
        if (e->attrs[i].required && !seen[i])
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_missing,
                                   "Required attribute %s missing from <%s>", e->attrs[i].name, e->name);
}


/* The xml dissector leaves an element's span at its opening tag when no closing
 * tag follows, so an element was closed iff its span ends in "/>" or "</name>". */
static void
check_closed(walk_ctx *ctx, proto_item *item, const xml_frame_t *frame)
{
    const char *name = frame->name_orig_case ? frame->name_orig_case : "";
    gint nlen = (gint)strlen(name);
    gint end = frame->start_offset + frame->length;
    gboolean closed;

    if (!ctx->w.same_tvb || frame->start_offset < 0 || frame->length < 2 + nlen ||
        end > (gint)tvb_captured_length(ctx->w.tvb))
        return;
    if (tvb_get_guint8(ctx->w.tvb, end - 1) != '>')
        closed = FALSE;
    else if (tvb_get_guint8(ctx->w.tvb, end - 2) == '/')
        closed = TRUE;
    else
        closed = end - nlen - 2 >= frame->start_offset &&
                 tvb_strneql(ctx->w.tvb, end - nlen - 1, name, nlen) == 0 &&
                 (tvb_get_guint8(ctx->w.tvb, end - nlen - 2) == '/' ||
                  tvb_get_guint8(ctx->w.tvb, end - nlen - 2) == ':');
    if (!closed)
        expert_add_info_format(ctx->w.pinfo, item, &ei_mras_malformed_xml, "Element <%s> is not closed",
                               msocs_xml_short_text(ctx->w.pinfo, name, 64));
}

/* Elements the schema does not declare: shown by name, nested ones too. */
static const msocs_xml_other_fmt unknown_fmt = { &hf_mras_unknown_element, &ett_mras_unknown, 64, FALSE };

void
mras_walk_unknown(walk_ctx *ctx, proto_tree *tree, xml_frame_t *frame, guint depth)
{
    msocs_xml_walk_other(&ctx->w, tree, frame, depth, &unknown_fmt, &ei_mras_unknown_element);
}

static void elem_leave(walk_ctx *ctx, const mras_elem *e, proto_tree *tree, proto_item *item);

/* The item of a container element: its key attribute's value, if it has one. */
static proto_item *
elem_item(walk_ctx *ctx, proto_tree *tree, xml_frame_t *frame, const mras_elem *e, gint off, gint len)
{
    proto_item *item;

    if (e->key_attr != NULL) {
        xml_frame_t *a = xml_get_attrib(frame, e->key_attr);
        const char *key = "";
        gint voff = off, vlen = len;
        tvbuff_t *at = ctx->w.tvb;

        if (a != NULL) {
            key = value_text(ctx, tree, a->value, &voff, &vlen);
            at = a->value;
        }
        item = proto_tree_add_string(tree, *e->hf, at, voff, vlen, key);
        if (a == NULL)
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_missing, "Required attribute %s missing from <%s>",
                                   e->key_attr, e->name);
        note_value(ctx, e->key_role, key, 0);
    } else {
        item = proto_tree_add_item(tree, *e->hf, ctx->w.tvb, off, len, ENC_NA);
    }
    return item;
}

/* What entering a container element starts; FALSE when its content is not walked. */
static gboolean
elem_enter(walk_ctx *ctx, const mras_elem *e)
{
    switch (e->role) {
    case R_CRED_REQUEST:
        ctx->n_cred_requests++;
        break;
    case R_CRED_RESPONSE:
        memset(&ctx->cur, 0, sizeof(ctx->cur));
        ctx->n_cred_responses++;
        break;
    case R_RELAY_LIST:
        ctx->cur.saw_relay_list = TRUE;
        break;
    case R_RELAY:
        memset(&ctx->cur.relay, 0, sizeof(ctx->cur.relay));
        break;
    case R_PROV_GROUP:
        ctx->mras_uri = NULL;
        ctx->in_server_config = ctx->group_name != NULL && strcmp(ctx->group_name, "ServerConfiguration") == 0;
        if (!ctx->in_server_config)
            return FALSE;
        ctx->saw_server_config = TRUE;
        break;
    default:
        break;
    }
    return TRUE;
}

void
mras_walk_elem(walk_ctx *ctx, proto_tree *tree, xml_frame_t *frame, const mras_elem *e, guint depth)
{
    guint counts[MRAS_MAX_CHILD_KINDS] = { 0 };
    guint n_children = MIN(e->n_children, MRAS_MAX_CHILD_KINDS);
    proto_item *item;
    proto_tree *sub;
    gint off, len;

    if (!msocs_xml_count_element(&ctx->w, tree, depth))
        return;
    msocs_xml_frame_span(ctx->w.tvb, ctx->w.same_tvb, frame, &off, &len);

    if (e->kind != V_NONE) {
        xml_frame_t *cdata = xml_get_cdata(frame);
        add_value(ctx, tree, *e->hf, e->kind, e->role, e->enum_vals, e->name,
                  cdata ? cdata->value : NULL, off, len);
        for (xml_frame_t *c = frame->first_child; c != NULL; c = c->next_sibling)
            if (c->type == XML_FRAME_TAG)
                mras_walk_unknown(ctx, tree, c, depth + 1);
        return;
    }

    item = elem_item(ctx, tree, frame, e, off, len);
    sub = proto_item_add_subtree(item, e->ett ? *e->ett : ett_mras_unknown);

    if (!elem_enter(ctx, e))
        return; /* other groups hold no media settings; the XML subtree shows them */
    walk_attrs(ctx, sub, item, frame, e);

    for (xml_frame_t *c = frame->first_child; c != NULL; c = c->next_sibling) {
        const mras_elem *d = NULL;
        const char *name;
        guint i;

        if (c->type == XML_FRAME_DTD_DOCTYPE)
            expert_add_info(ctx->w.pinfo, item, &ei_mras_doctype);
        if (c->type != XML_FRAME_TAG)
            continue;
        if (ctx->w.cap_reported)
            break;
        name = c->name_orig_case ? c->name_orig_case : "";
        for (i = 0; i < n_children; i++) {
            if (g_ascii_strcasecmp(name, e->children[i].name) == 0) {
                d = &e->children[i];
                break;
            }
        }
        if (d == NULL) {
            if (!e->open)
                mras_walk_unknown(ctx, sub, c, depth + 1);
            continue;
        }
        counts[i]++;
        if (d->max_occurs != 0 && counts[i] == d->max_occurs + 1)
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_too_many,
                                   "More than %u <%s> in <%s>", d->max_occurs, d->name, e->name);
        mras_walk_elem(ctx, sub, c, d, depth + 1);
    }
    /* an element cut short by the element cap would only report the cut */
    for (guint i = 0; i < n_children && !ctx->w.cap_reported; i++)
        if (e->children[i].required && counts[i] == 0)
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_missing,
                                   "Required element <%s> missing from <%s>", e->children[i].name, e->name);
    check_closed(ctx, item, frame);
    elem_leave(ctx, e, sub, item);
}

static void
store_credential(walk_ctx *ctx, proto_item *item)
{
    cred_state *c = &ctx->cur;
    mras_credential cred;

    if (PINFO_FD_VISITED(ctx->w.pinfo) || c->username_b64 == NULL || !base64_valid(c->username_b64))
        return;
    memset(&cred, 0, sizeof(cred));
    cred.frame = ctx->w.pinfo->num;
    cred.time = ctx->w.pinfo->abs_ts;
    cred.username_b64 = c->username_b64;
    cred.username = base64_decode(ctx->w.pinfo->pool, c->username_b64, &cred.username_len);
    if (c->password_b64 != NULL && base64_valid(c->password_b64)) {
        cred.password_b64 = c->password_b64;
        cred.password = base64_decode(ctx->w.pinfo->pool, c->password_b64, &cred.password_len);
    }
    cred.realm = c->realm;
    cred.duration_min = c->duration;
    cred.n_relays = MIN(c->n_relays, MRAS_MAX_STORED_RELAYS);
    cred.relays = c->relays;
    if (!mras_store_add(&cred))
        expert_add_info_format(ctx->w.pinfo, item, &ei_mras_state_full,
                               "Credential store full (%u entries): MS-TURN frames using these "
                               "credentials are not linked", MRAS_STORE_MAX_ENTRIES);
}

static void
elem_leave(walk_ctx *ctx, const mras_elem *e, proto_tree *tree, proto_item *item)
{
    cred_state *c = &ctx->cur;
    proto_item *pi;

    switch (e->role) {
    case R_RELAY:
        if (c->relay.host == NULL && c->relay.ip == NULL && !ctx->w.cap_reported)
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_missing,
                                   "<mediaRelay> has neither <hostName> nor <directIPAddress>");
        if (c->n_relays < MRAS_MAX_STORED_RELAYS)
            c->relays[c->n_relays] = c->relay;
        c->n_relays++;
        ctx->n_relays++;
        if (ctx->first_relay == NULL)
            ctx->first_relay = c->relay.host ? c->relay.host : c->relay.ip;
        break;
    case R_CRED_RESPONSE:
        if (c->n_relays == 0 && !ctx->w.cap_reported)
            expert_add_info_format(ctx->w.pinfo, item, &ei_mras_no_relays, c->saw_relay_list
                                   ? "MRAS credentialsResponse has an empty <mediaRelayList>"
                                   : "MRAS credentialsResponse has no <mediaRelayList>");
        store_credential(ctx, item);
        break;
    case R_PROV_GROUP:
        if (ctx->in_server_config) {
            gboolean present = ctx->mras_uri != NULL && *ctx->mras_uri != '\0';
            if (present && ctx->first_uri == NULL)
                ctx->first_uri = ctx->mras_uri;
            pi = proto_tree_add_boolean(tree, hf_mras_uri_present, ctx->w.tvb, 0, 0, present);
            proto_item_set_generated(pi);
            if (!present)
                expert_add_info_format(ctx->w.pinfo, pi, &ei_mras_no_mras_uri, ctx->mras_uri == NULL
                                       ? "ServerConfiguration has no <mrasUri>: no A/V Edge configured, "
                                         "clients will not request MRAS credentials"
                                       : "ServerConfiguration has an empty <mrasUri>: no A/V Edge configured, "
                                         "clients will not request MRAS credentials");
        }
        ctx->in_server_config = FALSE;
        break;
    default:
        break;
    }
}
