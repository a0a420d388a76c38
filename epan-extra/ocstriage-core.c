/* ocstriage decisions that need no Wireshark; see ocstriage-core.h. */
#include <string.h>

#include "ocstriage-core.h"

int
ocstriage_sig_index(const char *id)
{
    for (unsigned i = 0; i < ocstriage_sigs_count; i++) {
        if (strcmp(ocstriage_sigs[i].id, id) == 0)
            return (int)i;
    }
    return -1;
}

const char *
ocstriage_severity_name(ocstriage_severity sev)
{
    switch (sev) {
    case OCSTRIAGE_SEV_ERROR: return "error";
    case OCSTRIAGE_SEV_WARN:  return "warn";
    case OCSTRIAGE_SEV_NOTE:  return "note";
    }
    return "?";
}

gboolean
ocstriage_parse_ipv4(const char *addr, guint32 *out)
{
    guint32 v = 0;
    const char *p = addr;

    for (int part = 0; part < 4; part++) {
        guint32 octet = 0;
        int digits = 0;
        while (g_ascii_isdigit(*p) && digits < 4) {
            octet = octet * 10 + (guint32)(*p - '0');
            p++;
            digits++;
        }
        if (digits == 0 || digits > 3 || octet > 255)
            return FALSE;
        v = (v << 8) | octet;
        if (part < 3) {
            if (*p != '.')
                return FALSE;
            p++;
        }
    }
    if (*p != '\0')
        return FALSE;
    if (out)
        *out = v;
    return TRUE;
}

gboolean
ocstriage_addr_is_private(const char *addr)
{
    guint32 v;

    if (addr == NULL)
        return FALSE;
    if (ocstriage_parse_ipv4(addr, &v)) {
        return (v >> 24) == 10 ||
               (v >> 20) == ((172u << 4) | 1u) ||   /* 172.16.0.0/12 */
               (v >> 16) == ((192u << 8) | 168u);   /* 192.168.0.0/16 */
    }
    /* fc00::/7: first hex group fcXX or fdXX */
    if (strchr(addr, ':') != NULL && strlen(addr) >= 4 && addr[4] == ':') {
        char c0 = g_ascii_tolower(addr[0]), c1 = g_ascii_tolower(addr[1]);
        return c0 == 'f' && (c1 == 'c' || c1 == 'd') && g_ascii_isxdigit(addr[2]) &&
               g_ascii_isxdigit(addr[3]);
    }
    return FALSE;
}

#define MAX_TOKENS 32

typedef struct {
    const char *p;
    gsize len;
} token;

/* Splits on spaces/tabs; FALSE when there are more than MAX_TOKENS tokens. */
static gboolean
tokenize(const char *s, gsize len, token *t, guint *n)
{
    gsize i = 0;

    *n = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= len)
            break;
        gsize start = i;
        while (i < len && s[i] != ' ' && s[i] != '\t')
            i++;
        if (*n >= MAX_TOKENS)
            return FALSE;
        t[*n].p = s + start;
        t[*n].len = i - start;
        (*n)++;
    }
    return TRUE;
}

static gboolean
tok_eq(const token *t, const char *s)
{
    return t->len == strlen(s) && g_ascii_strncasecmp(t->p, s, t->len) == 0;
}

static gboolean
tok_copy(const token *t, char *dst, gsize size)
{
    if (t->len == 0 || t->len >= size)
        return FALSE;
    memcpy(dst, t->p, t->len);
    dst[t->len] = '\0';
    return TRUE;
}

static gboolean
tok_uint(const token *t, guint64 max, guint64 *out)
{
    guint64 v = 0;

    if (t->len == 0 || t->len > 20)
        return FALSE;
    for (gsize i = 0; i < t->len; i++) {
        if (!g_ascii_isdigit(t->p[i]))
            return FALSE;
        if (v > (max - (guint64)(t->p[i] - '0')) / 10)
            return FALSE;
        v = v * 10 + (guint64)(t->p[i] - '0');
    }
    *out = v;
    return TRUE;
}

/* q-value "0.830" / "1" / "1.0" -> 830 / 1000 / 1000 */
static gboolean
tok_qvalue(const token *t, guint64 *out)
{
    guint64 whole = 0, frac = 0;
    gsize i = 0;
    int fdigits = 0;

    if (t->len == 0 || !g_ascii_isdigit(t->p[0]))
        return FALSE;
    whole = (guint64)(t->p[i++] - '0');
    if (whole > 1)
        return FALSE;
    if (i < t->len) {
        if (t->p[i++] != '.')
            return FALSE;
        while (i < t->len) {
            if (!g_ascii_isdigit(t->p[i]) || fdigits >= 3)
                return FALSE;
            frac = frac * 10 + (guint64)(t->p[i++] - '0');
            fdigits++;
        }
    }
    while (fdigits++ < 3)
        frac *= 10;
    if (whole == 1 && frac != 0)
        return FALSE;
    *out = whole * 1000 + frac;
    return TRUE;
}

static ocstriage_cand_type
cand_type(const token *t)
{
    if (tok_eq(t, "host"))  return OCSTRIAGE_CAND_HOST;
    if (tok_eq(t, "srflx")) return OCSTRIAGE_CAND_SRFLX;
    if (tok_eq(t, "prflx")) return OCSTRIAGE_CAND_PRFLX;
    if (tok_eq(t, "relay")) return OCSTRIAGE_CAND_RELAY;
    return OCSTRIAGE_CAND_OTHER;
}

gboolean
ocstriage_parse_candidate(const char *line, gsize len, ocstriage_candidate *out)
{
    token t[MAX_TOKENS];
    guint n;
    guint64 v;

    if (line == NULL || out == NULL)
        return FALSE;
    memset(out, 0, sizeof *out);
    if (len >= 2 && line[0] == 'a' && line[1] == '=') {
        line += 2;
        len -= 2;
    }
    /* attribute name, then ':' */
    if (len >= 10 && g_ascii_strncasecmp(line, "candidate:", 10) == 0) {
        line += 10;
        len -= 10;
    } else if (len >= 12 && g_ascii_strncasecmp(line, "x-candidate:", 12) == 0) {
        line += 12;
        len -= 12;
    } else {
        return FALSE;
    }
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
        len--;
    if (!tokenize(line, len, t, &n) || n < 6)
        return FALSE;
    if (!tok_copy(&t[0], out->foundation, sizeof out->foundation))
        return FALSE;
    if (!tok_uint(&t[1], 256, &v) || v == 0)
        return FALSE;
    out->component = (guint32)v;

    if (n >= 8 && tok_eq(&t[6], "typ")) {
        /* RFC 5245: foundation component transport priority address port typ T [extensions] */
        out->form = OCSTRIAGE_CAND_RFC5245;
        if (!tok_copy(&t[2], out->transport, sizeof out->transport) ||
            !tok_uint(&t[3], G_MAXUINT32, &out->priority) ||
            !tok_copy(&t[4], out->address, sizeof out->address) ||
            !tok_uint(&t[5], 65535, &v))
            return FALSE;
        out->port = (guint32)v;
        out->type = cand_type(&t[7]);
        /* extension pairs: raddr, rport, generation, ... */
        for (guint i = 8; i + 1 < n; i += 2) {
            if (tok_eq(&t[i], "raddr")) {
                if (!tok_copy(&t[i + 1], out->raddr, sizeof out->raddr))
                    return FALSE;
            } else if (tok_eq(&t[i], "rport")) {
                if (!tok_uint(&t[i + 1], 65535, &v))
                    return FALSE;
                out->rport = (guint32)v;
            }
        }
        return TRUE;
    }
    if (n == 7) {
        /* MS ICE draft-6: username component password transport qvalue address port */
        out->form = OCSTRIAGE_CAND_DRAFT6;
        out->type = OCSTRIAGE_CAND_UNTYPED;
        if (!tok_copy(&t[3], out->transport, sizeof out->transport) ||
            !tok_qvalue(&t[4], &out->priority) ||
            !tok_copy(&t[5], out->address, sizeof out->address) ||
            !tok_uint(&t[6], 65535, &v))
            return FALSE;
        out->port = (guint32)v;
        return TRUE;
    }
    return FALSE;
}

/* A public unicast IPv4 address (not RFC 1918, loopback, link-local,
 * unspecified or multicast). IPv6 is not judged. */
static gboolean
addr_is_public(const char *addr)
{
    guint32 v;

    if (addr == NULL || addr[0] == '\0' || !ocstriage_parse_ipv4(addr, &v) || ocstriage_addr_is_private(addr))
        return FALSE;
    return (v >> 24) != 0 && (v >> 24) != 127 && (v >> 16) != ((169u << 8) | 254u) && (v >> 28) < 14;
}

void
ocstriage_sdp_assess(const ocstriage_candidate *c, guint n,
                     gboolean (*is_relay_addr)(const char *addr, guint32 port, void *user),
                     void *user, ocstriage_sdp_verdict *v)
{
    memset(v, 0, sizeof *v);
    v->first_private_relay = -1;
    for (guint i = 0; i < n; i++) {
        gboolean relay = FALSE;

        v->n_candidates++;
        if (c[i].type == OCSTRIAGE_CAND_RELAY) {
            relay = TRUE;
        } else if (c[i].type == OCSTRIAGE_CAND_UNTYPED) {
            /* draft-6 names no type: a candidate on a known Edge relay
             * address is one; a private one never is; a public one may be
             * the relay (or the NAT), so it leaves the verdict open */
            if (is_relay_addr != NULL && is_relay_addr(c[i].address, c[i].port, user))
                relay = TRUE;
            else if (!ocstriage_addr_is_private(c[i].address))
                v->n_untyped_unknown++;
        }
        if (relay) {
            v->n_relay++;
            if (v->first_private_relay < 0 && ocstriage_addr_is_private(c[i].address))
                v->first_private_relay = (int)i;
        }
        /* a relay candidate's related address is the client's public mapped
         * address: public evidence as much as a public candidate */
        if (addr_is_public(c[i].address) || addr_is_public(c[i].raddr))
            v->has_public = TRUE;
    }
}

gboolean
ocstriage_sdp_no_relay(const ocstriage_sdp_verdict *v)
{
    return v->n_candidates > 0 && v->n_relay == 0 && v->n_untyped_unknown == 0;
}

gboolean
ocstriage_sdp_private_relay(const ocstriage_sdp_verdict *v)
{
    return v->first_private_relay >= 0 && v->has_public;
}

gboolean
ocstriage_tcp_is_bare_reset(guint32 flags)
{
    return (flags & OCSTRIAGE_TCP_RST) && !(flags & OCSTRIAGE_TCP_ACK) && !(flags & OCSTRIAGE_TCP_SYN);
}

ocstriage_synack_verdict
ocstriage_synack_check(const char *syn_dst, guint32 syn_seq, const char *synack_src, guint32 synack_ack)
{
    if (syn_dst == NULL || synack_src == NULL || (guint32)(syn_seq + 1u) != synack_ack)
        return OCSTRIAGE_SYNACK_UNRELATED;
    return strcmp(syn_dst, synack_src) == 0 ? OCSTRIAGE_SYNACK_NORMAL : OCSTRIAGE_SYNACK_ASYMMETRIC;
}

gboolean
ocstriage_reset_answers_synack(guint32 rst_flags, guint32 rst_seq, guint32 synack_ack)
{
    return (rst_flags & OCSTRIAGE_TCP_RST) && rst_seq == synack_ack;
}
