/* gen-capture's wire layer: the generator's random numbers, the time-ordered
 * output (pcap records, TCP sequence numbers assigned in time order),
 * Ethernet/IPv4/UDP/TCP with checksums, RTP/RTCP and STUN/MS-TURN messages
 * with MESSAGE-INTEGRITY and FINGERPRINT. The traffic model is gen-capture.c. */
#ifndef GEN_WIRE_H
#define GEN_WIRE_H

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern uint64_t rng_state;
static inline uint64_t rnd64(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}
static inline uint32_t rnd(uint32_t n) { return (uint32_t)((rnd64() >> 32) % n); }
static inline int chance(double p) { return (double)(rnd64() >> 11) / 9007199254740992.0 < p; }
static inline void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void put32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v; }

#define US 1ULL
#define MS 1000ULL
#define SEC 1000000ULL
#define SLOT (20 * MS)
#define BASE_TIME 1700000000ULL

typedef struct { uint64_t ts; uint64_t ord; uint32_t off, len; uint32_t conn; uint8_t dir, flags; } rec_t;

/* TCP sequence state per connection, applied when records are written in time order */
typedef struct { uint32_t next[2]; } cstate_t;
typedef struct { uint8_t *data; size_t used, cap; rec_t *recs; size_t nrec, rcap; } obuf_t;

enum { F_FIN = 1, F_SYN = 2, F_RST = 4, F_PSH = 8, F_ACK = 16 };

typedef struct {
    uint32_t ip[2];
    uint16_t port[2];
    uint32_t id;         /* index into cst[] */
    int open;
} tcpc_t;

typedef struct {
    uint32_t ssrc;
    uint16_t seq;
    uint32_t rtpts;
    uint8_t pt;
    uint16_t tsinc;
    int fixed_len; /* 0: variable 160..200 */
    int align4;    /* payload length multiple of 4 (carried in old-form MS-TURN DATA) */
    int first;
    uint32_t pkts, octets;
} rtp_t;

typedef struct { uint8_t *b; size_t n; int old; } smsg_t;


extern obuf_t ob[2];
extern int cur;
extern uint64_t ord_ctr;
extern FILE *out;
extern uint64_t written, limit;   /* records written, and how many to write */
extern uint32_t ncst;             /* TCP connections made */
extern uint16_t ip_id;
extern uint8_t rpool[1 << 20];
extern char tpool[1 << 16];
extern char kpool[1 << 12];
extern uint32_t crc_tab[256];

void rnd_bytes(uint8_t *b, size_t n);
void rnd_hex(char *s, size_t n);
void obuf_init(obuf_t *b);
uint8_t *reserve(uint64_t ts, uint32_t len);
int rec_cmp(const void *a, const void *b);
uint32_t csum_add(uint32_t s, const uint8_t *p, size_t n);
uint16_t csum_fold(uint32_t s);
uint8_t *l3(uint8_t *p, uint32_t sip, uint32_t dip, uint8_t proto, size_t l4len);
uint32_t pseudo(uint32_t sip, uint32_t dip, uint8_t proto, size_t len);
void emit_udp(uint64_t ts, uint32_t sip, uint16_t sp, uint32_t dip, uint16_t dp, const uint8_t *pl, size_t n);
void emit_tcp(uint64_t ts, tcpc_t *c, int d, uint8_t flags, const uint8_t *pl, size_t n);
void flush(uint64_t upto);
uint16_t eph_port(void);
void tcp_init(tcpc_t *c, uint32_t cip, uint16_t cp, uint32_t sip, uint16_t sp);
uint64_t tcp_open(uint64_t ts, tcpc_t *c, uint64_t rtt);
uint64_t tcp_data(uint64_t ts, tcpc_t *c, int d, const uint8_t *pl, size_t n, int ack_last);
void tcp_close(uint64_t ts, tcpc_t *c, int d);
void rtp_init(rtp_t *s, int codec, int align4);
size_t rtp_build(rtp_t *s, uint8_t *b);
size_t rtcp_build(rtp_t *s, uint8_t *b, uint64_t ts, const char *cname);
void crc_init(void);
uint32_t crc32_buf(const uint8_t *p, size_t n);
void ms_begin(smsg_t *m, uint8_t *buf, uint16_t type, const uint8_t *tid16);
void st_begin(smsg_t *m, uint8_t *buf, uint16_t type, const uint8_t *tid12);
uint8_t *attr(smsg_t *m, uint16_t t, const void *v, size_t len);
void attr32(smsg_t *m, uint16_t t, uint32_t v);
void attr_addr(smsg_t *m, uint16_t t, uint32_t ip, uint16_t port, int xor);
void attr_mi(smsg_t *m, const uint8_t *key, size_t keylen);
void attr_fingerprint(smsg_t *m);

#endif
