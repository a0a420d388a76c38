/* gen-capture's wire layer (gen-wire.h). */
#include "gen-wire.h"

#include <stdlib.h>

uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

/* TCP sequence state per connection, applied when records are written in time order */
static cstate_t *cst;
uint32_t ncst;            /* TCP connections made */
static uint32_t cst_cap;

/* ------------------------------------------------------------------ rng */
void rnd_bytes(uint8_t *b, size_t n) { for (size_t i = 0; i < n; i++) b[i] = (uint8_t)(rnd64() >> 56); }
void rnd_hex(char *s, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) s[i] = hx[rnd(16)];
    s[n] = 0;
}

/* ------------------------------------------------------------------ output */
obuf_t ob[2];
int cur;
uint64_t ord_ctr;
uint64_t written, limit;
FILE *out;

void obuf_init(obuf_t *b)
{
    b->cap = 64u << 20;
    b->data = g_malloc(b->cap);
    b->rcap = 1u << 18;
    b->recs = g_malloc(b->rcap * sizeof(rec_t));
}

uint8_t *reserve(uint64_t ts, uint32_t len)
{
    obuf_t *b = &ob[cur];
    if (b->used + len > b->cap) { b->cap *= 2; b->data = g_realloc(b->data, b->cap); }
    if (b->nrec == b->rcap) { b->rcap *= 2; b->recs = g_realloc(b->recs, b->rcap * sizeof(rec_t)); }
    rec_t *r = &b->recs[b->nrec++];
    r->ts = ts; r->ord = ord_ctr++; r->off = (uint32_t)b->used; r->len = len; r->conn = 0;
    uint8_t *p = b->data + b->used;
    b->used += len;
    return p;
}

int rec_cmp(const void *a, const void *b)
{
    const rec_t *x = a, *y = b;
    if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
    return x->ord < y->ord ? -1 : x->ord > y->ord;
}

/* ------------------------------------------------------------------ L2-L4 */
uint16_t ip_id;

uint32_t csum_add(uint32_t s, const uint8_t *p, size_t n)
{
    size_t i = 0;
    for (; i + 1 < n; i += 2) s += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (i < n) s += (uint32_t)(p[i] << 8);
    return s;
}
uint16_t csum_fold(uint32_t s)
{
    while (s >> 16) s = (s & 0xFFFF) + (s >> 16);
    return (uint16_t)~s;
}
uint8_t *l3(uint8_t *p, uint32_t sip, uint32_t dip, uint8_t proto, size_t l4len)
{
    /* Ethernet: locally administered MACs derived from the IPv4 addresses */
    p[0] = 0x02; p[1] = 0x00; put32(p + 2, dip);
    p[6] = 0x02; p[7] = 0x00; put32(p + 8, sip);
    p[12] = 0x08; p[13] = 0x00;
    uint8_t *ip = p + 14;
    ip[0] = 0x45; ip[1] = 0; put16(ip + 2, (uint16_t)(20 + l4len)); put16(ip + 4, ip_id++);
    ip[6] = 0x40; ip[7] = 0; ip[8] = (sip >> 24) == 10 ? 128 : 116; ip[9] = proto; ip[10] = ip[11] = 0;
    put32(ip + 12, sip); put32(ip + 16, dip);
    put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
    return ip + 20;
}

uint32_t pseudo(uint32_t sip, uint32_t dip, uint8_t proto, size_t len)
{
    return (sip >> 16) + (sip & 0xFFFF) + (dip >> 16) + (dip & 0xFFFF) + proto + (uint32_t)len;
}

void emit_udp(uint64_t ts, uint32_t sip, uint16_t sp, uint32_t dip, uint16_t dp, const uint8_t *pl, size_t n)
{
    uint8_t *p = reserve(ts, (uint32_t)(14 + 20 + 8 + n));
    uint8_t *u = l3(p, sip, dip, 17, 8 + n);
    put16(u, sp); put16(u + 2, dp); put16(u + 4, (uint16_t)(8 + n)); u[6] = u[7] = 0;
    memcpy(u + 8, pl, n);
    uint16_t c = csum_fold(csum_add(pseudo(sip, dip, 17, 8 + n), u, 8 + n));
    put16(u + 6, c ? c : 0xFFFF);
}

void emit_tcp(uint64_t ts, tcpc_t *c, int d, uint8_t flags, const uint8_t *pl, size_t n)
{
    uint8_t *p = reserve(ts, (uint32_t)(14 + 20 + 20 + n));
    rec_t *r = &ob[cur].recs[ob[cur].nrec - 1];
    r->conn = c->id; r->dir = (uint8_t)d; r->flags = flags;
    uint8_t *t = l3(p, c->ip[d], c->ip[!d], 6, 20 + n);
    put16(t, c->port[d]); put16(t + 2, c->port[!d]);
    t[12] = 5 << 4; t[13] = flags;
    put16(t + 14, 64240); t[18] = t[19] = 0;
    if (n) memcpy(t + 20, pl, n);
}

/* write every record with ts < upto (all if upto == ~0), keep the rest for later.  TCP sequence and
 * acknowledgement numbers are assigned here, in time order, so they are consistent per direction
 * whatever order the traffic model generated the segments in. */
void flush(uint64_t upto)
{
    obuf_t *b = &ob[cur], *n = &ob[cur ^ 1];
    qsort(b->recs, b->nrec, sizeof(rec_t), rec_cmp);
    n->used = 0; n->nrec = 0;
    for (size_t i = 0; i < b->nrec; i++) {
        rec_t *r = &b->recs[i];
        if (r->ts < upto) {
            if (written >= limit) continue;
            uint8_t *p = b->data + r->off;
            if (r->conn) {
                cstate_t *cs = &cst[r->conn];
                uint8_t *ip = p + 14, *t = p + 34;
                size_t l4 = r->len - 34;
                put32(t + 4, cs->next[r->dir]);
                put32(t + 8, (r->flags & F_ACK) ? cs->next[!r->dir] : 0);
                cs->next[r->dir] += (uint32_t)(l4 - 20) + ((r->flags & (F_SYN | F_FIN)) ? 1 : 0);
                t[16] = t[17] = 0;
                uint32_t sip = (uint32_t)ip[12] << 24 | ip[13] << 16 | ip[14] << 8 | ip[15];
                uint32_t dip = (uint32_t)ip[16] << 24 | ip[17] << 16 | ip[18] << 8 | ip[19];
                put16(t + 16, csum_fold(csum_add(pseudo(sip, dip, 6, l4), t, l4)));
            }
            uint32_t h[4];
            uint64_t t = BASE_TIME * SEC + r->ts;
            h[0] = (uint32_t)(t / SEC); h[1] = (uint32_t)(t % SEC); h[2] = r->len; h[3] = r->len;
            fwrite(h, sizeof h, 1, out);
            fwrite(p, r->len, 1, out);
            written++;
        } else {
            if (n->used + r->len > n->cap) { n->cap *= 2; n->data = g_realloc(n->data, n->cap); }
            if (n->nrec == n->rcap) { n->rcap *= 2; n->recs = g_realloc(n->recs, n->rcap * sizeof(rec_t)); }
            memcpy(n->data + n->used, b->data + r->off, r->len);
            rec_t *q = &n->recs[n->nrec++];
            *q = *r; q->off = (uint32_t)n->used;
            n->used += r->len;
        }
    }
    b->used = 0; b->nrec = 0;
    cur ^= 1;
}

uint16_t eph_port(void) { return (uint16_t)(49152 + rnd(16000)); }

void tcp_init(tcpc_t *c, uint32_t cip, uint16_t cp, uint32_t sip, uint16_t sp)
{
    c->ip[0] = cip; c->port[0] = cp; c->ip[1] = sip; c->port[1] = sp;
    if (++ncst >= cst_cap) { cst_cap = cst_cap ? cst_cap * 2 : 4096; cst = g_realloc(cst, cst_cap * sizeof *cst); }
    c->id = ncst;
    cst[ncst].next[0] = (uint32_t)rnd64(); cst[ncst].next[1] = (uint32_t)rnd64();
    c->open = 0;
}

/* returns the time after the handshake */
uint64_t tcp_open(uint64_t ts, tcpc_t *c, uint64_t rtt)
{
    emit_tcp(ts, c, 0, F_SYN, NULL, 0);
    emit_tcp(ts + rtt / 2, c, 1, F_SYN | F_ACK, NULL, 0);
    emit_tcp(ts + rtt, c, 0, F_ACK, NULL, 0);
    c->open = 1;
    return ts + rtt + 50;
}

/* data in MSS-sized segments; the receiver ACKs every second segment and the last one */
uint64_t tcp_data(uint64_t ts, tcpc_t *c, int d, const uint8_t *pl, size_t n, int ack_last)
{
    size_t off = 0; int k = 0;
    while (off < n) {
        size_t m = n - off > 1460 ? 1460 : n - off;
        emit_tcp(ts, c, d, F_ACK | (off + m == n ? F_PSH : 0), pl + off, m);
        off += m; k++;
        if ((k % 2 == 0 && off < n) || (off == n && ack_last)) emit_tcp(ts + 20, c, !d, F_ACK, NULL, 0);
        ts += 30 + m / 10;
    }
    return ts;
}

void tcp_close(uint64_t ts, tcpc_t *c, int d)
{
    emit_tcp(ts, c, d, F_FIN | F_ACK, NULL, 0);
    emit_tcp(ts + 300, c, !d, F_FIN | F_ACK, NULL, 0);
    emit_tcp(ts + 600, c, d, F_ACK, NULL, 0);
    c->open = 0;
}

/* ------------------------------------------------------------------ payload pools */
uint8_t rpool[1 << 20];
char tpool[1 << 16];
char kpool[1 << 12]; /* base64 alphabet only (SDP keys) */

/* ------------------------------------------------------------------ RTP */
void rtp_init(rtp_t *s, int codec, int align4)
{
    s->ssrc = (uint32_t)rnd64(); s->seq = (uint16_t)rnd64(); s->rtpts = (uint32_t)rnd64();
    s->first = 1; s->align4 = align4; s->pkts = s->octets = 0;
    if (codec == 0) { s->pt = 0; s->tsinc = 160; s->fixed_len = 160; }
    else { s->pt = 114; s->tsinc = 320; s->fixed_len = 0; }
}

size_t rtp_build(rtp_t *s, uint8_t *b)
{
    size_t pl = s->fixed_len ? (size_t)s->fixed_len : 160 + rnd(41);
    if (s->align4) pl &= ~(size_t)3;
    b[0] = 0x80; b[1] = (uint8_t)(s->pt | (s->first ? 0x80 : 0));
    put16(b + 2, s->seq++); put32(b + 4, s->rtpts); put32(b + 8, s->ssrc);
    s->rtpts += s->tsinc; s->first = 0;
    memcpy(b + 12, rpool + rnd(sizeof rpool - 256), pl);
    s->pkts++; s->octets += (uint32_t)pl;
    return 12 + pl;
}

size_t rtcp_build(rtp_t *s, uint8_t *b, uint64_t ts, const char *cname)
{
    /* SR without report blocks + SDES CNAME */
    b[0] = 0x80; b[1] = 200; put16(b + 2, 6); put32(b + 4, s->ssrc);
    uint64_t t = BASE_TIME * SEC + ts;
    put32(b + 8, (uint32_t)(t / SEC + 2208988800ULL)); put32(b + 12, (uint32_t)((t % SEC) * 4294ULL));
    put32(b + 16, s->rtpts); put32(b + 20, s->pkts); put32(b + 24, s->octets);
    size_t cl = strlen(cname), n = 28;
    size_t sd = 4 + 4 + 2 + cl + 1; sd = (sd + 3) & ~(size_t)3;
    b[n] = 0x81; b[n + 1] = 202; put16(b + n + 2, (uint16_t)(sd / 4 - 1)); put32(b + n + 4, s->ssrc);
    b[n + 8] = 1; b[n + 9] = (uint8_t)cl; memcpy(b + n + 10, cname, cl);
    memset(b + n + 10 + cl, 0, sd - 10 - cl);
    return n + sd;
}

/* ------------------------------------------------------------------ STUN / MS-TURN */
uint32_t crc_tab[256];
void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_tab[i] = c;
    }
}
uint32_t crc32_buf(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = crc_tab[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/* old form: 16-byte transaction id, MAGIC-COOKIE attribute first, no attribute padding */
void ms_begin(smsg_t *m, uint8_t *buf, uint16_t type, const uint8_t *tid16)
{
    m->b = buf; m->old = 1;
    put16(buf, type); put16(buf + 2, 0);
    if (tid16) memcpy(buf + 4, tid16, 16); else rnd_bytes(buf + 4, 16);
    m->n = 20;
    put16(buf + 20, 0x000F); put16(buf + 22, 4); put32(buf + 24, 0x72C64BC6);
    m->n = 28;
}

void st_begin(smsg_t *m, uint8_t *buf, uint16_t type, const uint8_t *tid12)
{
    m->b = buf; m->old = 0;
    put16(buf, type); put16(buf + 2, 0); put32(buf + 4, 0x2112A442);
    if (tid12) memcpy(buf + 8, tid12, 12); else rnd_bytes(buf + 8, 12);
    m->n = 20;
}

uint8_t *attr(smsg_t *m, uint16_t t, const void *v, size_t len)
{
    uint8_t *p = m->b + m->n;
    put16(p, t); put16(p + 2, (uint16_t)len);
    if (v) memcpy(p + 4, v, len);
    m->n += 4 + len;
    if (!m->old) while (m->n & 3) m->b[m->n++] = 0;
    put16(m->b + 2, (uint16_t)(m->n - 20));
    return p + 4;
}
void attr32(smsg_t *m, uint16_t t, uint32_t v) { uint8_t x[4]; put32(x, v); attr(m, t, x, 4); }
void attr_addr(smsg_t *m, uint16_t t, uint32_t ip, uint16_t port, int xor)
{
    uint8_t x[8];
    x[0] = 0; x[1] = 1;
    if (xor) {
        /* RFC 5389: cookie; old form 0x8020: first transaction id word - same bytes 4..7 */
        uint32_t k = (uint32_t)m->b[4] << 24 | m->b[5] << 16 | m->b[6] << 8 | m->b[7];
        put16(x + 2, port ^ (uint16_t)(k >> 16)); put32(x + 4, ip ^ k);
    } else {
        put16(x + 2, port); put32(x + 4, ip);
    }
    attr(m, t, x, 8);
}

/* MESSAGE-INTEGRITY. old form (libnice OC2007): HMAC-SHA1 over the message up to MI, zero-padded to
 * a multiple of 64; RFC 5389: over the message up to MI with the length covering MI. */
void attr_mi(smsg_t *m, const uint8_t *key, size_t keylen)
{
    size_t mi_off = m->n;
    put16(m->b + 2, (uint16_t)(mi_off + 24 - 20));
    uint8_t tmp[2048];
    size_t hl = mi_off;
    memcpy(tmp, m->b, mi_off);
    if (m->old) { size_t padded = (hl + 63) & ~(size_t)63; memset(tmp + hl, 0, padded - hl); hl = padded; }
    GHmac *h = g_hmac_new(G_CHECKSUM_SHA1, key, keylen);
    g_hmac_update(h, tmp, hl);
    uint8_t dig[20]; gsize dl = 20;
    g_hmac_get_digest(h, dig, &dl);
    g_hmac_unref(h);
    attr(m, 0x0008, dig, 20);
}

void attr_fingerprint(smsg_t *m)
{
    put16(m->b + 2, (uint16_t)(m->n + 8 - 20));
    uint32_t c = crc32_buf(m->b, m->n) ^ 0x5354554Eu;
    attr32(m, 0x8028, c);
}

