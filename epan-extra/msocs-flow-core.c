/* The OCS/Lync call flow without Wireshark: labels, names, bursts. */
#include <string.h>

#include "msocs-flow-core.h"

#define MAX_HOST_LEN 255 /* RFC 1035 */

char *
msocs_flow_sip_label(const msocs_flow_sip *m)
{
    GString *s = g_string_new(NULL);

    if (m->method != NULL) {
        g_string_append(s, m->method);
        if (g_ascii_strcasecmp(m->method, "SERVICE") == 0 && m->service_kind != NULL) {
            if (strcmp(m->service_kind, "mras") == 0)
                g_string_append(s, " MRAS request");
            else if (strcmp(m->service_kind, "qoe") == 0)
                g_string_append(s, " QoE");
        } else if (g_ascii_strcasecmp(m->method, "SUBSCRIBE") == 0 && m->event != NULL &&
                   g_ascii_strncasecmp(m->event, "vnd-microsoft-provisioning", 26) == 0) {
            g_string_append(s, " provisioning");
        } else if (m->sdp) {
            g_string_append(s, " SDP");
        }
        return g_string_free(s, FALSE);
    }

    g_string_append_printf(s, "%u", m->status);
    if (m->reason != NULL && m->reason[0] != '\0')
        g_string_append_printf(s, " %s", m->reason);
    if (m->mras_reason != NULL && strcmp(m->mras_reason, "OK") != 0)
        g_string_append_printf(s, " MRAS: %s", m->mras_reason);
    else if (m->mras_relays >= 0)
        g_string_append_printf(s, " MRAS: %d relay%s", m->mras_relays, m->mras_relays == 1 ? "" : "s");
    else if (m->mras_uri >= 0)
        g_string_append(s, m->mras_uri ? " provisioning: mrasUri" : " provisioning: no mrasUri");
    else if (m->msdiag == 0 && m->cseq_method != NULL && g_ascii_strcasecmp(m->cseq_method, "SERVICE") != 0)
        g_string_append_printf(s, " (%s)", m->cseq_method);
    if (m->msdiag != 0)
        g_string_append_printf(s, " ms-diag %u", m->msdiag);
    if (m->sdp)
        g_string_append(s, " SDP");
    return g_string_free(s, FALSE);
}

char *
msocs_flow_turn_label(const char *method, const char *cls, guint error_code, const char *reason)
{
    const char *m = method != NULL ? method : "MS-TURN";

    if (cls != NULL && strcmp(cls, "success") == 0)
        return g_strdup_printf("%s OK", m);
    if (cls != NULL && strcmp(cls, "error") == 0) {
        if (error_code == 0)
            return g_strdup_printf("%s error", m);
        if (reason != NULL && reason[0] != '\0')
            return g_strdup_printf("%s %u %s", m, error_code, reason);
        return g_strdup_printf("%s %u", m, error_code);
    }
    return g_strdup(m);
}

gboolean
msocs_flow_burst_continues(const msocs_flow_burst *b, double ts)
{
    return b->count > 0 && ts >= b->last_ts && ts - b->last_ts <= MSOCS_FLOW_BURST_GAP;
}

void
msocs_flow_burst_start(msocs_flow_burst *b, guint32 frame, double ts)
{
    b->first_frame = b->last_frame = frame;
    b->count = 1;
    b->first_ts = b->last_ts = ts;
}

void
msocs_flow_burst_add(msocs_flow_burst *b, guint32 frame, double ts)
{
    if (b->count == G_MAXUINT32)
        return;
    b->count++;
    b->last_frame = frame;
    b->last_ts = ts;
}

char *
msocs_flow_burst_label(const msocs_flow_burst *b, const char *what)
{
    if (b->count <= 1)
        return g_strdup(what);
    return g_strdup_printf("%s x%u (%.2f s)", what, b->count, b->last_ts - b->first_ts);
}

gboolean
msocs_flow_is_dns_name(const char *s, gsize len)
{
    gboolean dot = FALSE, alpha = FALSE;

    if (s == NULL || len == 0 || len > MAX_HOST_LEN || s[0] == '.' || s[0] == '-' || s[len - 1] == '.')
        return FALSE;
    for (gsize i = 0; i < len; i++) {
        const char c = s[i];
        if (c == '.') {
            if (s[i + 1 < len ? i + 1 : i] == '.')
                return FALSE;
            dot = TRUE;
        } else if (g_ascii_isalpha(c)) {
            alpha = TRUE;
        } else if (!g_ascii_isdigit(c) && c != '-') {
            return FALSE;  /* ':' of IPv6, '_', spaces, ... */
        }
    }
    /* an all-digit dotted name is an IPv4 literal */
    return dot && alpha;
}

/* The host that starts at p, ending at ':', ';', '>', '?', ',' or space. */
static char *
host_at(const char *p)
{
    gsize len = strcspn(p, ":;>?, \t\r\n");
    if (!msocs_flow_is_dns_name(p, len))
        return NULL;
    return g_ascii_strdown(p, (gssize)len);
}

char *
msocs_flow_via_host(const char *via)
{
    if (via == NULL)
        return NULL;
    /* sent-protocol "SIP/2.0/TLS", then LWS, then sent-by */
    const char *p = via + strspn(via, " \t");
    if (g_ascii_strncasecmp(p, "SIP", 3) != 0)
        return NULL;
    p += strcspn(p, " \t");
    p += strspn(p, " \t");
    if (*p == '\0' || *p == '[')
        return NULL;
    return host_at(p);
}

char *
msocs_flow_uri_host(const char *uri)
{
    if (uri == NULL)
        return NULL;
    const char *p = strchr(uri, '<');
    p = p != NULL ? p + 1 : uri + strspn(uri, " \t");
    if (g_ascii_strncasecmp(p, "sip:", 4) == 0)
        p += 4;
    else if (g_ascii_strncasecmp(p, "sips:", 5) == 0)
        p += 5;
    else
        return NULL;
    /* skip userinfo: an '@' before the end of the host part */
    gsize hostpart = strcspn(p, ";>?, \t");
    const char *at = memchr(p, '@', hostpart);
    if (at != NULL)
        p = at + 1;
    if (*p == '[')
        return NULL;
    return host_at(p);
}

char **
msocs_flow_split_route(const char *value, guint max, guint *n)
{
    GPtrArray *out = g_ptr_array_new();
    const char *start = value;
    gboolean in_angle = FALSE, in_quote = FALSE;

    for (const char *p = value; p != NULL && out->len < max; p++) {
        if (*p == '"' && !in_angle)
            in_quote = !in_quote;
        else if (*p == '<' && !in_quote)
            in_angle = TRUE;
        else if (*p == '>' && !in_quote)
            in_angle = FALSE;
        if (*p == '\0' || (*p == ',' && !in_angle && !in_quote)) {
            char *e = g_strstrip(g_strndup(start, (gsize)(p - start)));
            if (e[0] != '\0')
                g_ptr_array_add(out, e);
            else
                g_free(e);
            if (*p == '\0')
                break;
            start = p + 1;
        }
    }
    *n = out->len;
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}
