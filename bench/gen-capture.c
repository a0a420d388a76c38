/*
 * gen-capture: write a large, deterministic, mixed OCS/Lync capture (pcap, Ethernet) for the
 * dissector benchmark.
 *
 * Traffic model (per simulated second at steady state, roughly 6,500 packets/s):
 *   - calls between Lync clients, ~45 at a time, 10-60 s each, 20 ms RTP both ways:
 *       direct   : RTP/RTCP between two internal clients, RFC 5389 ICE Binding checks every 5 s
 *       turn-udp : remote client <-> A/V Edge UDP 3478, old-form MS-TURN (MAGIC-COOKIE first):
 *                  Allocate / 401 / Allocate+MESSAGE-INTEGRITY / Allocate response,
 *                  Send requests and Data indications carrying RTP (and one ICE check),
 *                  Set Active Destination; internal relay leg as plain RTP
 *       turn-tcp : the same over TCP 443 with the 4-byte MS-TURN framing (0x02 control,
 *                  0x03 end-to-end data after Set Active Destination)
 *     each with a SIP dialog on the client's persistent TCP 5060 connection (INVITE with SDP and
 *     a=candidate lines incl. typ relay / 100 / 180 / 200 with SDP / ACK / BYE / 200), an MRAS
 *     SERVICE / 200 before TURN calls, and QoE SERVICE (VQReportEvent) / 202 after the call;
 *   - background MRAS SERVICE exchanges, HTTP downloads (TCP 80), DNS (UDP 53), a few failures
 *     (480/403 with ms-diagnostics, MS-TURN 436, MRAS "Server Busy", unanswered SERVICE, bare RST).
 * TCP sequence/ack numbers are consistent per direction; IPv4/UDP/TCP checksums are correct;
 * MESSAGE-INTEGRITY (MS-TURN long-term, RFC 5389 short-term) and FINGERPRINT are computed.
 *
 * Usage: gen-capture [-n packets] [-x scale] [-s seed] -o out.pcap
 *        -x N = N * 1,000,000 packets.  Same seed and count -> identical file.
 *
 * Build: gcc -O2 -o gen-capture gen-capture.c gen-wire.c $(pkg-config --cflags --libs glib-2.0) -lm
 */
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen-wire.h"

/* ------------------------------------------------------------------ topology */
#define IP4(a, b, c, d) (((uint32_t)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))
static const uint32_t FE_IP = IP4(10, 0, 0, 10);
static const uint32_t EDGE_INT = IP4(10, 0, 0, 20);
static const uint32_t EDGE_EXT = IP4(198, 51, 100, 20);
static const uint32_t DNS_IP = IP4(10, 0, 0, 53);
static const uint32_t WEB_IP = IP4(192, 0, 2, 80);
static const char *DOMAIN = "contoso.com";

#define N_INT 400
#define N_REM 200

typedef struct {
    uint32_t ip;
    int remote;
    char user[32];
    char epid[16];
    tcpc_t sip;          /* persistent SIP connection to the Front End (TCP 5060) */
    uint32_t cseq;
    uint64_t busy_until; /* SIP connection in use: keep messages of one client in order */
} client_t;

static client_t clients[N_INT + N_REM];

static void ip_str(uint32_t ip, char *s)
{
    sprintf(s, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

static void clients_init(void)
{
    for (int i = 0; i < N_INT + N_REM; i++) {
        client_t *c = &clients[i];
        c->remote = i >= N_INT;
        c->ip = c->remote ? IP4(203, 0, 113 + (i - N_INT) / 250, 1 + (i - N_INT) % 250)
                          : IP4(10, 1, i / 250, 1 + i % 250);
        sprintf(c->user, "user%03d", i);
        rnd_hex(c->epid, 10);
        tcp_init(&c->sip, c->ip, eph_port(), FE_IP, 5060);
        c->cseq = 1 + rnd(100);
    }
}

/* send a SIP message on the client's connection; d = 0 client->FE, 1 FE->client */
static uint64_t sip_send(uint64_t ts, client_t *c, int d, const char *msg, size_t n)
{
    /* one message at a time per connection: never interleave the segments of two messages */
    if (ts < c->busy_until) ts = c->busy_until;
    if (!c->sip.open) {
        tcp_init(&c->sip, c->ip, eph_port(), FE_IP, 5060);
        ts = tcp_open(ts, &c->sip, c->remote ? 40 * MS : 400);
    }
    ts = tcp_data(ts, &c->sip, d, (const uint8_t *)msg, n, 1);
    c->busy_until = ts + 1000;
    return ts;
}

/* ------------------------------------------------------------------ SIP messages */
static char sipbuf[65536], body[65536], sdpbuf[8192];

static const char *UA = "UCCAPI/4.0.7577.4356 OC/4.0.7577.4356 (Microsoft Lync 2010)";
static const char *SERVER_HDR = "RTC/4.0";

typedef struct {
    char callid[40], ftag[16], ttag[16], branch[24];
    uint32_t cseq;
} dlg_t;

static void dlg_new(dlg_t *d, client_t *c)
{
    rnd_hex(d->callid, 32); rnd_hex(d->ftag, 10); d->ttag[0] = 0; rnd_hex(d->branch, 16);
    d->cseq = c->cseq++;
}

static size_t sip_request(char *b, const char *method, const char *ruri, client_t *from, const char *to_user,
                          dlg_t *d, const char *extra, const char *ctype, const char *bd)
{
    size_t bl = bd ? strlen(bd) : 0;
    char ip[16]; ip_str(from->ip, ip);
    return (size_t)sprintf(b,
        "%s %s SIP/2.0\r\n"
        "Via: SIP/2.0/TCP %s:%u;branch=z9hG4bK%s\r\n"
        "Max-Forwards: 70\r\n"
        "From: <sip:%s@%s>;tag=%s;epid=%s\r\n"
        "To: <sip:%s@%s>%s%s\r\n"
        "Call-ID: %s\r\n"
        "CSeq: %u %s\r\n"
        "Contact: <sip:%s@%s;opaque=user:epid:%s;gruu>\r\n"
        "User-Agent: %s\r\n"
        "%s"
        "%s%s%s"
        "Content-Length: %zu\r\n\r\n%s",
        method, ruri, ip, from->sip.port[0], d->branch, from->user, DOMAIN, d->ftag, from->epid,
        to_user, DOMAIN, d->ttag[0] ? ";tag=" : "", d->ttag, d->callid,
        d->cseq, method, from->user, DOMAIN, from->epid, UA, extra ? extra : "",
        ctype ? "Content-Type: " : "", ctype ? ctype : "", ctype ? "\r\n" : "", bl, bd ? bd : "");
}

static size_t sip_response(char *b, int code, const char *reason, const char *method, client_t *from,
                           const char *to_user, dlg_t *d, const char *extra, const char *ctype, const char *bd)
{
    size_t bl = bd ? strlen(bd) : 0;
    char ip[16]; ip_str(from->ip, ip);
    return (size_t)sprintf(b,
        "SIP/2.0 %d %s\r\n"
        "Via: SIP/2.0/TCP %s:%u;branch=z9hG4bK%s;ms-received-port=%u;ms-received-cid=%.8s\r\n"
        "From: <sip:%s@%s>;tag=%s;epid=%s\r\n"
        "To: <sip:%s@%s>%s%s\r\n"
        "Call-ID: %s\r\n"
        "CSeq: %u %s\r\n"
        "Server: %s\r\n"
        "%s"
        "%s%s%s"
        "Content-Length: %zu\r\n\r\n%s",
        code, reason, ip, from->sip.port[0], d->branch, from->sip.port[0], d->callid,
        from->user, DOMAIN, d->ftag, from->epid,
        to_user, DOMAIN, d->ttag[0] ? ";tag=" : "", d->ttag, d->callid, d->cseq, method, SERVER_HDR,
        extra ? extra : "", ctype ? "Content-Type: " : "", ctype ? ctype : "", ctype ? "\r\n" : "", bl,
        bd ? bd : "");
}

/* ------------------------------------------------------------------ MRAS */
typedef struct {
    uint8_t user[56];
    uint8_t pass[20];
    char realm[32], nonce[40];
    uint8_t key[16];
} creds_t;

static void creds_new(creds_t *k)
{
    rnd_bytes(k->user, sizeof k->user); k->user[0] = 2; k->user[1] = 0; k->user[2] = 0;
    rnd_bytes(k->pass, sizeof k->pass);
    strcpy(k->realm, "\"SIP Communications Service\"");
    k->nonce[0] = '"'; rnd_hex(k->nonce + 1, 30); k->nonce[31] = '"'; k->nonce[32] = 0;
    /* key = MD5(user ":" realm ":" pass), realm without quotes */
    GChecksum *md = g_checksum_new(G_CHECKSUM_MD5);
    g_checksum_update(md, k->user, sizeof k->user);
    g_checksum_update(md, (const guchar *)":SIP Communications Service:", 28);
    g_checksum_update(md, k->pass, sizeof k->pass);
    gsize l = 16; g_checksum_get_digest(md, k->key, &l);
    g_checksum_free(md);
}

enum { MRAS_OK, MRAS_BUSY, MRAS_403, MRAS_NORESP };

/* MRAS SERVICE + answer on the client's SIP connection; returns time after the answer */
static uint64_t do_mras(uint64_t ts, client_t *c, creds_t *k, int outcome)
{
    dlg_t d; dlg_new(&d, c);
    char rid[16]; sprintf(rid, "%u", (unsigned)rnd(2000000000));
    char mras_uri[96];
    sprintf(mras_uri, "sip:MRASLoc.avedge.%s@%s;gruu;opaque=srvr:MRAS:%.16s", DOMAIN, DOMAIN, d.branch);
    sprintf(body,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
        "<request requestID=\"%s\" version=\"2.0\" to=\"%s\" from=\"sip:%s@%s\" "
        "xmlns=\"http://schemas.microsoft.com/2006/09/sip/mrasp\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<credentialsRequest credentialsRequestID=\"%s\"><identity>sip:%s@%s</identity>"
        "<location>%s</location><duration>480</duration></credentialsRequest></request>",
        rid, mras_uri, c->user, DOMAIN, rid, c->user, DOMAIN, c->remote ? "internet" : "intranet");
    size_t n = sip_request(sipbuf, "SERVICE", mras_uri, c, "MRASLoc.avedge", &d, NULL,
                           "application/msrtc-media-relay-auth+xml", body);
    ts = sip_send(ts, c, 0, sipbuf, n);
    if (outcome == MRAS_NORESP) return ts;
    ts += 15 * MS + rnd(60) * MS;
    rnd_hex(d.ttag, 10);
    if (outcome == MRAS_403) {
        n = sip_response(sipbuf, 403, "Forbidden", "SERVICE", c, "MRASLoc.avedge", &d,
            "ms-diagnostics: 9006;reason=\"Requester not authorized\";component=\"Media Relay Authentication Service\";"
            "source=\"avedge.contoso.com\"\r\n"
            "ms-edge-proxy-message-trust: ms-source-type=EdgeProxyGenerated;ms-ep-fqdn=avedge.contoso.com;"
            "ms-source-verified-user=verified\r\n", NULL, NULL);
        return sip_send(ts, c, 1, sipbuf, n);
    }
    if (outcome == MRAS_BUSY) {
        sprintf(body,
            "<?xml version=\"1.0\"?>\r\n<response xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" requestID=\"%s\" version=\"2.0\" serverVersion=\"2.0\" "
            "to=\"%s\" from=\"sip:%s@%s\" reasonPhrase=\"Server Busy\" "
            "xmlns=\"http://schemas.microsoft.com/2006/09/sip/mrasp\" />",
            rid, mras_uri, c->user, DOMAIN);
    } else {
        gchar *u64 = g_base64_encode(k->user, sizeof k->user), *p64 = g_base64_encode(k->pass, sizeof k->pass);
        char relay[256];
        if (rnd(2)) sprintf(relay, "<hostName>avedge.%s</hostName>", DOMAIN);
        else strcpy(relay, "<directIPAddress>198.51.100.20</directIPAddress>");
        sprintf(body,
            "<?xml version=\"1.0\"?>\r\n<response xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" requestID=\"%s\" version=\"2.0\" serverVersion=\"2.0\" "
            "to=\"%s\" from=\"sip:%s@%s\" reasonPhrase=\"OK\" "
            "xmlns=\"http://schemas.microsoft.com/2006/09/sip/mrasp\">"
            "<credentialsResponse credentialsRequestID=\"%s\"><credentials><username>%s</username>"
            "<password>%s</password><duration>480</duration></credentials><mediaRelayList>"
            "<mediaRelay><location>intranet</location><hostName>avedge-int.%s</hostName>"
            "<udpPort>3478</udpPort><tcpPort>443</tcpPort></mediaRelay>"
            "<mediaRelay><location>internet</location>%s<udpPort>3478</udpPort><tcpPort>443</tcpPort></mediaRelay>"
            "</mediaRelayList></credentialsResponse></response>",
            rid, mras_uri, c->user, DOMAIN, rid, u64, p64, DOMAIN, relay);
        g_free(u64); g_free(p64);
    }
    n = sip_response(sipbuf, 200, "OK", "SERVICE", c, "MRASLoc.avedge", &d,
        "ms-edge-proxy-message-trust: ms-source-type=EdgeProxyGenerated;ms-ep-fqdn=avedge.contoso.com;"
        "ms-source-verified-user=verified\r\nms-user-logon-data: RemoteUser\r\n",
        "application/msrtc-media-relay-auth+xml", body);
    return sip_send(ts, c, 1, sipbuf, n);
}

/* ------------------------------------------------------------------ calls */
enum { CT_DIRECT, CT_TURN_UDP, CT_TURN_TCP };
enum { ST_START, ST_ALLOC, ST_INVITE, ST_MEDIA, ST_BYE, ST_QOE, ST_DONE };

typedef struct call {
    int type, state, fail_invite, fail_alloc, no_relay_cand, private_relay, qoe_outcome;
    uint64_t next;             /* next signalling event */
    uint64_t media_start, media_end, next_rtp[2], next_rtcp, next_check, sad_at;
    client_t *a, *b;           /* a = caller (remote for TURN calls), b = callee (internal) */
    dlg_t dlg;
    uint16_t a_port, b_port, relay_port, relay_int_port, a_pub_port;
    rtp_t s[2];                /* 0: a->b, 1: b->a */
    creds_t k;
    uint8_t connid[20];
    uint32_t msseq;
    tcpc_t turn;               /* TCP 443 to the Edge (turn-tcp calls) */
    int sad_done;
    char ufrag[2][8], pwd[2][32];
    struct call *nextc;
} call_t;

static uint64_t n_calls;

static size_t build_sdp(char *b, call_t *c, int side)
{
    client_t *me = side ? c->b : c->a;
    uint16_t port = side ? c->b_port : c->a_port;
    char hip[16], cip[16], rip[16], pip[16];
    ip_str(me->ip, hip);
    uint32_t conn_ip = me->ip; uint16_t conn_port = port;
    if (!side && c->type != CT_DIRECT) { conn_ip = EDGE_INT; conn_port = c->relay_int_port; }
    ip_str(conn_ip, cip);
    ip_str(c->private_relay ? EDGE_INT : EDGE_EXT, rip);
    ip_str(me->ip, pip);
    size_t n = (size_t)sprintf(b,
        "v=0\r\no=- 0 0 IN IP4 %s\r\ns=session\r\nc=IN IP4 %s\r\nb=CT:99980\r\nt=0 0\r\n"
        "m=audio %u RTP/AVP 114 111 112 115 116 4 8 0 97 13 118 101\r\n"
        "a=ice-ufrag:%s\r\na=ice-pwd:%s\r\n"
        "a=candidate:1 1 UDP 2130706431 %s %u typ host \r\n"
        "a=candidate:1 2 UDP 2130705918 %s %u typ host \r\n"
        "a=candidate:2 1 TCP-PASS 174455807 %s %u typ host \r\n",
        cip, cip, conn_port, c->ufrag[side], c->pwd[side], hip, port, hip, port + 1, hip, port + 10);
    if (!c->no_relay_cand || side)
        n += (size_t)sprintf(b + n,
            "a=candidate:3 1 UDP 16648703 %s %u typ relay raddr %s rport %u \r\n"
            "a=candidate:3 2 UDP 16648702 %s %u typ relay raddr %s rport %u \r\n"
            "a=candidate:4 1 TCP-ACT 15599103 %s %u typ relay raddr %s rport %u \r\n",
            rip, c->relay_port, pip, port, rip, c->relay_port + 1, pip, port + 1, rip, c->relay_port + 2, pip, port);
    n += (size_t)sprintf(b + n,
        "a=cryptoscale:1 client AES_CM_128_HMAC_SHA1_80 inline:%.40s|2^31|1:1\r\n"
        "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:%.40s|2^31|1:1\r\n"
        "a=maxptime:200\r\na=rtcp:%u\r\n"
        "a=rtpmap:114 x-msrta/16000\r\na=fmtp:114 bitrate=29000\r\na=rtpmap:111 SIREN/16000\r\n"
        "a=fmtp:111 bitrate=16000\r\na=rtpmap:112 G7221/16000\r\na=fmtp:112 bitrate=24000\r\n"
        "a=rtpmap:115 x-msrta/8000\r\na=fmtp:115 bitrate=11800\r\na=rtpmap:116 AAL2-G726-32/8000\r\n"
        "a=rtpmap:4 G723/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"
        "a=rtpmap:97 RED/8000\r\na=rtpmap:13 CN/8000\r\na=rtpmap:118 CN/16000\r\n"
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=encryption:optional\r\n",
        kpool + rnd(4000), kpool + rnd(4000), conn_port + 1);
    return n;
}

static size_t build_qoe(char *b, call_t *c, int side)
{
    client_t *me = side ? c->b : c->a, *peer = side ? c->a : c->b;
    char lip[16], rip[16]; ip_str(me->ip, lip); ip_str(peer->ip, rip);
    uint64_t st = BASE_TIME + c->media_start / SEC, en = BASE_TIME + c->media_end / SEC;
    GDateTime *gs = g_date_time_new_from_unix_utc((gint64)st), *ge = g_date_time_new_from_unix_utc((gint64)en);
    gchar *ss = g_date_time_format(gs, "%Y-%m-%dT%H:%M:%S.0000000Z"), *es = g_date_time_format(ge, "%Y-%m-%dT%H:%M:%S.0000000Z");
    size_t n = (size_t)sprintf(b,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
        "<VQReportEvent xmlns:v2=\"ms-rtcp-metrics.v2\" v2:SchemaVersion=\"2.0\" xmlns=\"ms-rtcp-metrics\">"
        "<VQSessionReport SessionId=\"%s\">"
        "<LocationProfile v2:Peer=\"%s\" v2:Self=\"%s\" v2:Federation=\"None\"/>"
        "<Endpoint Name=\"%s\" v2:OS=\"Windows 7\" v2:CPUName=\"Intel(R) Core(TM) i5 CPU\" v2:CPUNumberOfCores=\"4\" "
        "v2:CPUProcessorSpeed=\"2400\" v2:VirtualizationFlag=\"0\"/>"
        "<DialogInfo CallId=\"%s\" FromTag=\"%s\" ToTag=\"%s\" Start=\"%s\" End=\"%s\">"
        "<Caller>%s</Caller><Issuer/><Callee/><FromURI>sip:%s@%s</FromURI><ToURI>sip:%s@%s</ToURI>"
        "<CallerConnectivityICE>true</CallerConnectivityICE><CalleeConnectivityICE>true</CalleeConnectivityICE>"
        "<LocalContactURI>sip:%s@%s;opaque=user:epid:%s;gruu</LocalContactURI>"
        "<RemoteContactURI>sip:%s@%s;opaque=user:epid:%s;gruu</RemoteContactURI>"
        "<LocalUserAgent>%s</LocalUserAgent><RemoteUserAgent>%s</RemoteUserAgent>"
        "<LocalPAI>sip:%s@%s</LocalPAI><RemotePAI>sip:%s@%s</RemotePAI>"
        "<ConfURI/><v2:CallPriority/><v2:MediationServerBypassFlag>false</v2:MediationServerBypassFlag>"
        "</DialogInfo>",
        c->dlg.callid, c->a->remote ? "Internet" : "Intranet", me->remote ? "Internet" : "Intranet",
        me->user, c->dlg.callid, c->dlg.ftag, c->dlg.ttag, ss, es, side ? "false" : "true",
        c->a->user, DOMAIN, c->b->user, DOMAIN, me->user, DOMAIN, me->epid, peer->user, DOMAIN, peer->epid,
        UA, UA, me->user, DOMAIN, peer->user, DOMAIN);
    n += (size_t)sprintf(b + n,
        "<MediaLine Label=\"main-audio\" v2:NetworkConnectivityInfo=\"%s\">"
        "<Description><Connectivity><Ice>true</Ice><IceWarningFlags>0</IceWarningFlags>"
        "<RelayAddress><IPAddr>198.51.100.20</IPAddr><Port>%u</Port></RelayAddress></Connectivity>"
        "<LocalAddr><IPAddr>%s</IPAddr><Port>%u</Port><SubnetMask>255.255.255.0</SubnetMask>"
        "<v2:MACAddr>02-00-%02X-%02X-%02X-%02X</v2:MACAddr></LocalAddr>"
        "<RemoteAddr><IPAddr>%s</IPAddr><Port>%u</Port></RemoteAddr>"
        "<v2:Transport>UDP</v2:Transport><v2:NetworkConnectionDetails>wired</v2:NetworkConnectionDetails>"
        "</Description>",
        c->type == CT_DIRECT ? "Direct" : "Relay", c->relay_port, lip, side ? c->b_port : c->a_port,
        me->ip >> 24, (me->ip >> 16) & 255, (me->ip >> 8) & 255, me->ip & 255, rip, side ? c->a_port : c->b_port);
    for (int dir = 0; dir < 2; dir++) {
        rtp_t *s = &c->s[dir ^ side];
        n += (size_t)sprintf(b + n,
            "<%s Id=\"%u\"><Network><Jitter><InterArrival>%u</InterArrival><InterArrivalMax>%u</InterArrivalMax>"
            "</Jitter><PacketLoss><LossRate>0.%02u</LossRate><LossRateMax>0.%02u</LossRateMax></PacketLoss>"
            "<BurstGapLoss><BurstDensity>0.00</BurstDensity><BurstDuration>0</BurstDuration><GapDensity>0.00</GapDensity>"
            "<GapDuration>%u</GapDuration></BurstGapLoss><Delay><RoundTrip>%u</RoundTrip><RoundTripMax>%u</RoundTripMax>"
            "</Delay><Utilization><Packets>%u</Packets></Utilization></Network>"
            "<Payload><Audio><PayloadType>%u</PayloadType><PayloadDescription>%s</PayloadDescription>"
            "<SampleRate>%u</SampleRate><v2:Signal><v2:SignalLevel>-19</v2:SignalLevel><v2:NoiseLevel>-68</v2:NoiseLevel>"
            "<v2:EchoReturn>29</v2:EchoReturn><v2:InitialSignalLevelRMS>2.5</v2:InitialSignalLevelRMS>"
            "</v2:Signal><v2:NetworkJitterAvg>%u.0</v2:NetworkJitterAvg><v2:NetworkJitterMax>%u.0</v2:NetworkJitterMax>"
            "<v2:JitterBufferSizeAvg>%u</v2:JitterBufferSizeAvg><v2:JitterBufferSizeMax>%u</v2:JitterBufferSizeMax>"
            "<v2:PacketLossRate>0.00</v2:PacketLossRate><v2:PacketLossRateMax>0.00</v2:PacketLossRateMax>"
            "<v2:BurstLossLength1>0</v2:BurstLossLength1></Audio></Payload>"
            "<QualityEstimates><Audio><RecvListenMOS>%u.%u</RecvListenMOS><RecvListenMOSMin>%u.%u</RecvListenMOSMin>"
            "<v2:NetworkMOS><OverallAvg>%u.%u</OverallAvg><OverallMin>%u.%u</OverallMin></v2:NetworkMOS>"
            "</Audio></QualityEstimates></%s>",
            dir ? "OutboundStream" : "InboundStream", s->ssrc, rnd(8), 5 + rnd(40), rnd(3), rnd(9), 20 + rnd(40),
            20 + rnd(200), 40 + rnd(300), s->pkts, s->pt, s->pt ? "x-msrta" : "PCMU", s->pt ? 16000 : 8000,
            rnd(8), 5 + rnd(40), 40 + rnd(60), 100 + rnd(200), 3 + rnd(2), rnd(10), 2 + rnd(2), rnd(10),
            3 + rnd(2), rnd(10), 2 + rnd(2), rnd(10), dir ? "OutboundStream" : "InboundStream");
    }
    n += (size_t)sprintf(b + n, "</MediaLine></VQSessionReport></VQReportEvent>");
    g_free(ss); g_free(es); g_date_time_unref(gs); g_date_time_unref(ge);
    return n;
}

/* QoE SERVICE from one side and the 202 (or failure) */
static uint64_t do_qoe(uint64_t ts, call_t *c, int side, int outcome)
{
    client_t *me = side ? c->b : c->a;
    dlg_t d; dlg_new(&d, me);
    build_qoe(body, c, side);
    char ruri[96]; sprintf(ruri, "sip:%s@%s;gruu;opaque=app:qoe", "fepool", DOMAIN);
    size_t n = sip_request(sipbuf, "SERVICE", ruri, me, "fepool", &d, NULL, "application/vq-rtcpxr+xml", body);
    ts = sip_send(ts, me, 0, sipbuf, n);
    if (outcome == 1) return ts; /* unanswered */
    ts += (outcome == 3 ? 6 * SEC : 10 * MS) + rnd(150) * MS;
    rnd_hex(d.ttag, 10);
    if (outcome == 2)
        n = sip_response(sipbuf, 500, "Server Internal Error", "SERVICE", me, "fepool", &d,
            "ms-diagnostics: 11001;reason=\"Unable to store report\";source=\"fe01.contoso.com\"\r\n", NULL, NULL);
    else
        n = sip_response(sipbuf, 202, "Accepted", "SERVICE", me, "fepool", &d, NULL, NULL, NULL);
    return sip_send(ts, me, 1, sipbuf, n);
}

/* ---- MS-TURN messages from the client (a) to the Edge and back */
static void turn_out(uint64_t ts, call_t *c, int to_edge, int frame_type, const uint8_t *m, size_t n)
{
    if (c->type == CT_TURN_UDP) {
        if (to_edge) emit_udp(ts, c->a->ip, c->a_pub_port, EDGE_EXT, 3478, m, n);
        else emit_udp(ts, EDGE_EXT, 3478, c->a->ip, c->a_pub_port, m, n);
        return;
    }
    uint8_t f[2048];
    f[0] = (uint8_t)frame_type; f[1] = 0; put16(f + 2, (uint16_t)n);
    memcpy(f + 4, m, n);
    int d = to_edge ? 0 : 1;
    if (n > 40 && chance(0.01)) {
        /* one framed message split over two segments */
        size_t k = 4 + rnd((uint32_t)n - 8);
        emit_tcp(ts, &c->turn, d, F_ACK | F_PSH, f, k);
        emit_tcp(ts + 300, &c->turn, d, F_ACK | F_PSH, f + k, n + 4 - k);
    } else {
        emit_tcp(ts, &c->turn, d, F_ACK | F_PSH, f, n + 4);
    }
}

static void ms_auth_attrs(smsg_t *m, call_t *c)
{
    attr(m, 0x0006, c->k.user, sizeof c->k.user);
    attr(m, 0x0015, c->k.realm, strlen(c->k.realm));
    attr(m, 0x0014, c->k.nonce, strlen(c->k.nonce));
    uint8_t sq[24]; memcpy(sq, c->connid, 20); put32(sq + 20, c->msseq++);
    attr(m, 0x8050, sq, 24);
}

static uint64_t do_allocate(uint64_t ts, call_t *c)
{
    uint8_t b[1024]; smsg_t m; uint8_t tid[16];
    uint64_t rtt = (20 + rnd(60)) * MS;
    if (c->type == CT_TURN_TCP) {
        tcp_init(&c->turn, c->a->ip, c->a_pub_port, EDGE_EXT, 443);
        ts = tcp_open(ts, &c->turn, rtt);
    }
    /* 1: Allocate without credentials */
    rnd_bytes(tid, 16);
    ms_begin(&m, b, 0x0003, tid);
    attr32(&m, 0x8008, 2);
    attr32(&m, 0x8055, 0x00010000);
    turn_out(ts, c, 1, 2, b, m.n);
    ts += rtt;
    /* 2: 401 with REALM, NONCE, ALTERNATE-SERVER */
    ms_begin(&m, b, 0x0113, tid);
    { uint8_t e[16] = {0, 0, 4, 1}; memcpy(e + 4, "Unauthorized", 12); attr(&m, 0x0009, e, 16); }
    attr(&m, 0x0015, c->k.realm, strlen(c->k.realm));
    attr(&m, 0x0014, c->k.nonce, strlen(c->k.nonce));
    attr_addr(&m, 0x000E, EDGE_EXT, 3478, 0);
    attr32(&m, 0x8008, 2);
    turn_out(ts, c, 0, 2, b, m.n);
    ts += 2 * MS;
    /* 3: Allocate with credentials */
    rnd_bytes(tid, 16);
    ms_begin(&m, b, 0x0003, tid);
    attr32(&m, 0x8008, 2);
    ms_auth_attrs(&m, c);
    attr32(&m, 0x8055, 0x00010000);
    attr_mi(&m, c->k.key, 16);
    turn_out(ts, c, 1, 2, b, m.n);
    ts += rtt;
    /* 4: response or 436 */
    if (c->fail_alloc) {
        ms_begin(&m, b, 0x0113, tid);
        { uint8_t e[16] = {0, 0, 4, 36}; memcpy(e + 4, "Unknown User", 12); attr(&m, 0x0009, e, 16); }
        attr(&m, 0x0015, c->k.realm, strlen(c->k.realm));
        attr(&m, 0x0014, c->k.nonce, strlen(c->k.nonce));
        turn_out(ts, c, 0, 2, b, m.n);
        return ts;
    }
    ms_begin(&m, b, 0x0103, tid);
    attr_addr(&m, 0x0001, EDGE_EXT, c->relay_port, 0);
    attr_addr(&m, 0x8020, c->a->ip, c->a_pub_port, 1);
    attr32(&m, 0x000D, 480);
    attr32(&m, 0x8008, 2);
    { uint8_t sq[24]; memcpy(sq, c->connid, 20); put32(sq + 20, 1); attr(&m, 0x8050, sq, 24); }
    attr_mi(&m, c->k.key, 16);
    turn_out(ts, c, 0, 2, b, m.n);
    return ts;
}

static void do_sad(uint64_t ts, call_t *c)
{
    uint8_t b[1024]; smsg_t m; uint8_t tid[16];
    rnd_bytes(tid, 16);
    ms_begin(&m, b, 0x0006, tid);
    ms_auth_attrs(&m, c);
    attr_addr(&m, 0x0011, c->b->ip, c->b_port, 0);
    attr_mi(&m, c->k.key, 16);
    turn_out(ts, c, 1, 2, b, m.n);
    ms_begin(&m, b, 0x0106, tid);
    { uint8_t sq[24]; memcpy(sq, c->connid, 20); put32(sq + 20, c->msseq); attr(&m, 0x8050, sq, 24); }
    attr_mi(&m, c->k.key, 16);
    turn_out(ts + (20 + rnd(40)) * MS, c, 0, 2, b, m.n);
    c->sad_done = 1;
}

/* payload from a (remote) to b through the Edge, or b to a */
static void turn_media(uint64_t ts, call_t *c, int dir, const uint8_t *pl, size_t pn)
{
    uint8_t b[2048]; smsg_t m;
    if (dir == 0) {
        if (c->type == CT_TURN_TCP && c->sad_done) turn_out(ts, c, 1, 3, pl, pn);
        else {
            ms_begin(&m, b, 0x0004, NULL);
            ms_auth_attrs(&m, c);
            attr_addr(&m, 0x0011, c->b->ip, c->b_port, 0);
            attr(&m, 0x0013, pl, pn);
            attr_mi(&m, c->k.key, 16);
            turn_out(ts, c, 1, 2, b, m.n);
        }
        /* relayed on to the callee from the Edge's internal interface */
        emit_udp(ts + 400, EDGE_INT, c->relay_int_port, c->b->ip, c->b_port, pl, pn);
    } else {
        emit_udp(ts, c->b->ip, c->b_port, EDGE_INT, c->relay_int_port, pl, pn);
        if (c->type == CT_TURN_TCP && c->sad_done) turn_out(ts + 400, c, 0, 3, pl, pn);
        else {
            ms_begin(&m, b, 0x0115, NULL);
            attr_addr(&m, 0x0012, c->b->ip, c->b_port, 0);
            attr(&m, 0x0013, pl, pn);
            turn_out(ts + 400, c, 0, 2, b, m.n);
        }
    }
}

/* RFC 5389 ICE connectivity check (Binding request from 'from' side) */
static size_t ice_check(uint8_t *b, call_t *c, int from, int response, const uint8_t *tid, uint32_t mip, uint16_t mport)
{
    smsg_t m; char un[20];
    if (!response) {
        st_begin(&m, b, 0x0001, tid);
        sprintf(un, "%s:%s", c->ufrag[!from], c->ufrag[from]);
        attr(&m, 0x0006, un, strlen(un));
        attr32(&m, 0x0024, 1853824767u);
        uint8_t tb[8]; rnd_bytes(tb, 8); attr(&m, from ? 0x8029 : 0x802A, tb, 8);
        attr32(&m, 0x8070, 2);
        attr_mi(&m, (const uint8_t *)c->pwd[!from], strlen(c->pwd[!from]));
    } else {
        st_begin(&m, b, 0x0101, tid);
        attr_addr(&m, 0x0020, mip, mport, 1);
        attr32(&m, 0x8070, 2);
        attr_mi(&m, (const uint8_t *)c->pwd[from], strlen(c->pwd[from]));
    }
    attr_fingerprint(&m);
    return m.n;
}

static void call_new(call_t *c, uint64_t ts)
{
    memset(c, 0, sizeof *c);
    uint32_t r = rnd(100);
    c->type = r < 50 ? CT_DIRECT : r < 80 ? CT_TURN_UDP : CT_TURN_TCP;
    c->b = &clients[rnd(N_INT)];
    do c->a = c->type == CT_DIRECT ? &clients[rnd(N_INT)] : &clients[N_INT + rnd(N_REM)]; while (c->a == c->b);
    c->a_port = (uint16_t)(50000 + 2 * rnd(5000)); c->b_port = (uint16_t)(50000 + 2 * rnd(5000));
    c->relay_port = (uint16_t)(50000 + 4 * rnd(2400)); c->relay_int_port = (uint16_t)(50000 + 4 * rnd(2400));
    c->a_pub_port = eph_port();
    c->fail_invite = chance(0.03);
    c->fail_alloc = c->type != CT_DIRECT && chance(0.01);
    c->no_relay_cand = chance(0.02);
    c->private_relay = chance(0.01);
    r = rnd(1000);
    c->qoe_outcome = r < 5 ? 1 : r < 10 ? 2 : r < 20 ? 3 : 0;
    for (int i = 0; i < 2; i++) { rnd_hex(c->ufrag[i], 4); rnd_hex(c->pwd[i], 24); }
    int codec = rnd(4) == 0 ? 0 : 1;
    rtp_init(&c->s[0], codec, c->type != CT_DIRECT);
    rtp_init(&c->s[1], codec, c->type != CT_DIRECT);
    rnd_bytes(c->connid, 20);
    c->msseq = 1;
    creds_new(&c->k);
    c->state = ST_START;
    c->next = ts;
    n_calls++;
}

/* advance the call's signalling; returns 0 when the call is finished */
static int call_step(call_t *c)
{
    uint64_t ts = c->next;
    switch (c->state) {
    case ST_START:
        if (c->type != CT_DIRECT) {
            ts = do_mras(ts, c->a, &c->k, MRAS_OK);
            c->state = ST_ALLOC; c->next = ts + 30 * MS;
        } else { c->state = ST_INVITE; c->next = ts; }
        break;
    case ST_ALLOC:
        ts = do_allocate(ts, c);
        if (c->fail_alloc) { c->state = ST_DONE; return 0; }
        c->state = ST_INVITE; c->next = ts + 50 * MS;
        break;
    case ST_INVITE: {
        dlg_new(&c->dlg, c->a);
        char ruri[64]; sprintf(ruri, "sip:%s@%s", c->b->user, DOMAIN);
        build_sdp(sdpbuf, c, 0);
        size_t n = sip_request(sipbuf, "INVITE", ruri, c->a, c->b->user, &c->dlg,
            "Supported: ms-dialog-route-set-update, timer, histinfo, ms-safe-transfer, ms-sender, ms-early-media\r\n"
            "ms-keep-alive: UAC;hop-hop=yes\r\n"
            "Allow: INVITE, BYE, ACK, CANCEL, INFO, UPDATE, REFER, NOTIFY, BENOTIFY, OPTIONS\r\n"
            "ms-subnet: 10.1.0.0\r\nms-endpoint-location-data: NetworkScope;ms-media-location-type=Intranet\r\n",
            "application/sdp", sdpbuf);
        ts = sip_send(ts, c->a, 0, sipbuf, n);
        ts += 5 * MS;
        n = sip_response(sipbuf, 100, "Trying", "INVITE", c->a, c->b->user, &c->dlg, NULL, NULL, NULL);
        ts = sip_send(ts, c->a, 1, sipbuf, n);
        ts += (50 + rnd(100)) * MS;
        rnd_hex(c->dlg.ttag, 10);
        if (c->fail_invite) {
            n = sip_response(sipbuf, 480, "Temporarily Unavailable", "INVITE", c->a, c->b->user, &c->dlg,
                "ms-diagnostics: 4005;reason=\"Destination URI either not enabled for SIP or does not exist\";"
                "source=\"fe01.contoso.com\"\r\n", NULL, NULL);
            ts = sip_send(ts, c->a, 1, sipbuf, n);
            n = sip_request(sipbuf, "ACK", ruri, c->a, c->b->user, &c->dlg, NULL, NULL, NULL);
            sip_send(ts + 2 * MS, c->a, 0, sipbuf, n);
            c->state = ST_DONE; return 0;
        }
        n = sip_response(sipbuf, 180, "Ringing", "INVITE", c->a, c->b->user, &c->dlg, NULL, NULL, NULL);
        ts = sip_send(ts, c->a, 1, sipbuf, n);
        ts += (1000 + rnd(4000)) * MS;
        build_sdp(sdpbuf, c, 1);
        n = sip_response(sipbuf, 200, "OK", "INVITE", c->a, c->b->user, &c->dlg,
            "Supported: ms-dialog-route-set-update, timer\r\nSession-Expires: 720;refresher=uac\r\n",
            "application/sdp", sdpbuf);
        ts = sip_send(ts, c->a, 1, sipbuf, n);
        ts += 20 * MS;
        n = sip_request(sipbuf, "ACK", ruri, c->a, c->b->user, &c->dlg, NULL, NULL, NULL);
        ts = sip_send(ts, c->a, 0, sipbuf, n);
        c->media_start = ts + 30 * MS;
        c->media_end = c->media_start + (10 + rnd(50)) * SEC;
        c->next_rtp[0] = c->media_start + rnd(20) * MS;
        c->next_rtp[1] = c->media_start + rnd(20) * MS;
        c->next_rtcp = c->media_start + 5 * SEC;
        c->next_check = c->media_start;
        c->sad_at = c->media_start + 1 * SEC + rnd(1000) * MS;
        c->state = ST_MEDIA; c->next = c->media_end;
        break;
    }
    case ST_MEDIA:
        c->state = ST_BYE; c->next = ts + 10 * MS;
        break;
    case ST_BYE: {
        char ruri[64]; sprintf(ruri, "sip:%s@%s", c->b->user, DOMAIN);
        c->dlg.cseq++;
        rnd_hex(c->dlg.branch, 16);
        size_t n = sip_request(sipbuf, "BYE", ruri, c->a, c->b->user, &c->dlg, NULL, NULL, NULL);
        ts = sip_send(ts, c->a, 0, sipbuf, n);
        n = sip_response(sipbuf, 200, "OK", "BYE", c->a, c->b->user, &c->dlg, NULL, NULL, NULL);
        ts = sip_send(ts + 30 * MS, c->a, 1, sipbuf, n);
        if (c->type == CT_TURN_TCP) tcp_close(ts + 50 * MS, &c->turn, 0);
        c->state = ST_QOE; c->next = ts + (500 + rnd(2000)) * MS;
        break;
    }
    case ST_QOE:
        ts = do_qoe(ts, c, 0, c->qoe_outcome);
        if (rnd(2)) ts = do_qoe(ts + rnd(500) * MS, c, 1, 0);
        c->state = ST_DONE;
        return 0;
    }
    return 1;
}

/* media packets of one call due before slot_end */
static void call_media(call_t *c, uint64_t slot_end)
{
    uint8_t pl[2048], b[2048];
    for (int dir = 0; dir < 2; dir++) {
        while (c->next_rtp[dir] < slot_end && c->next_rtp[dir] < c->media_end) {
            uint64_t ts = c->next_rtp[dir] + rnd(3000);
            size_t n = rtp_build(&c->s[dir], pl);
            if (c->type == CT_DIRECT) {
                if (dir == 0) emit_udp(ts, c->a->ip, c->a_port, c->b->ip, c->b_port, pl, n);
                else emit_udp(ts, c->b->ip, c->b_port, c->a->ip, c->a_port, pl, n);
            } else {
                turn_media(ts, c, dir, pl, n);
            }
            c->next_rtp[dir] += 20 * MS;
        }
    }
    if (c->type == CT_DIRECT) {
        while (c->next_check < slot_end && c->next_check < c->media_end) {
            /* connectivity check each way, every 5 s (first one at media start) */
            uint8_t tid[12];
            for (int from = 0; from < 2; from++) {
                rnd_bytes(tid, 12);
                uint32_t sip = from ? c->b->ip : c->a->ip, dip = from ? c->a->ip : c->b->ip;
                uint16_t sp = from ? c->b_port : c->a_port, dp = from ? c->a_port : c->b_port;
                uint64_t ts = c->next_check + from * 7 * MS;
                size_t n = ice_check(b, c, from, 0, tid, 0, 0);
                emit_udp(ts, sip, sp, dip, dp, b, n);
                n = ice_check(b, c, from, 1, tid, sip, sp);
                emit_udp(ts + 900, dip, dp, sip, sp, b, n);
            }
            c->next_check += 5 * SEC;
        }
        while (c->next_rtcp < slot_end && c->next_rtcp < c->media_end) {
            size_t n = rtcp_build(&c->s[0], pl, c->next_rtcp, c->a->user);
            emit_udp(c->next_rtcp, c->a->ip, c->a_port + 1, c->b->ip, c->b_port + 1, pl, n);
            n = rtcp_build(&c->s[1], pl, c->next_rtcp, c->b->user);
            emit_udp(c->next_rtcp + 3 * MS, c->b->ip, c->b_port + 1, c->a->ip, c->a_port + 1, pl, n);
            c->next_rtcp += 5 * SEC;
        }
    } else {
        if (c->next_check < slot_end && c->next_check < c->media_end) {
            /* one ICE check through the relay: STUN inside MS-TURN DATA */
            uint8_t tid[12]; rnd_bytes(tid, 12);
            size_t n = ice_check(b, c, 0, 0, tid, 0, 0);
            turn_media(c->next_check, c, 0, b, n);
            n = ice_check(b, c, 0, 1, tid, EDGE_INT, c->relay_int_port);
            turn_media(c->next_check + 2 * MS, c, 1, b, n);
            c->next_check = UINT64_MAX;
        }
        if (!c->sad_done && c->sad_at < slot_end && c->sad_at < c->media_end) do_sad(c->sad_at, c);
    }
}

/* ------------------------------------------------------------------ background */
static void do_http(uint64_t ts)
{
    client_t *c = &clients[rnd(N_INT)];
    tcpc_t t; tcp_init(&t, c->ip, eph_port(), WEB_IP, 80);
    uint64_t rtt = (2 + rnd(30)) * MS;
    ts = tcp_open(ts, &t, rtt);
    static const char *paths[] = {"/abs/handler/F-0a1b.lsabs", "/GroupExpansion/service.svc", "/meet/default.css",
                                  "/CertProv/CertProvisioningService.svc", "/images/logo.png"};
    char req[512];
    size_t n = (size_t)sprintf(req, "GET %s HTTP/1.1\r\nHost: webext.%s\r\nUser-Agent: %s\r\n"
        "Accept: */*\r\nConnection: close\r\n\r\n", paths[rnd(5)], DOMAIN, UA);
    ts = tcp_data(ts, &t, 0, (const uint8_t *)req, n, 0);
    ts += rtt;
    size_t bl = 1000 + rnd(30000);
    static char resp[40000];
    size_t h = (size_t)sprintf(resp, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
        "Server: Microsoft-IIS/7.5\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", bl);
    memcpy(resp + h, tpool + rnd(sizeof tpool - 32000), bl);
    ts = tcp_data(ts, &t, 1, (const uint8_t *)resp, h + bl, 1);
    tcp_close(ts + rtt, &t, 1);
}

static void do_dns(uint64_t ts)
{
    static const char *names[] = {"avedge", "sip", "lyncdiscover", "webext", "fe01", "_sipinternaltls._tcp"};
    client_t *c = &clients[rnd(N_INT)];
    uint8_t q[512]; size_t n = 12;
    uint16_t id = (uint16_t)rnd(65536), sp = eph_port();
    put16(q, id); put16(q + 2, 0x0100); put16(q + 4, 1); put16(q + 6, 0); put16(q + 8, 0); put16(q + 10, 0);
    char name[64]; sprintf(name, "%s.%s", names[rnd(6)], DOMAIN);
    char *tok = name;
    for (char *p = name;; p++) {
        if (*p == '.' || *p == 0) {
            q[n++] = (uint8_t)(p - tok); memcpy(q + n, tok, (size_t)(p - tok)); n += (size_t)(p - tok);
            if (!*p) break;
            tok = p + 1;
        }
    }
    q[n++] = 0; put16(q + n, 1); put16(q + n + 2, 1); n += 4;
    emit_udp(ts, c->ip, sp, DNS_IP, 53, q, n);
    put16(q + 2, 0x8180); put16(q + 6, 1);
    put16(q + n, 0xC00C); put16(q + n + 2, 1); put16(q + n + 4, 1); put32(q + n + 6, 3600); put16(q + n + 10, 4);
    put32(q + n + 12, IP4(10, 0, 0, 10 + rnd(20))); n += 16;
    emit_udp(ts + (300 + rnd(2000)), DNS_IP, 53, c->ip, sp, q, n);
}

/* ------------------------------------------------------------------ main */
static uint64_t expo(double rate)
{
    double u = ((double)(rnd64() >> 11) + 1.0) / 9007199254740993.0;
    return (uint64_t)(-log(u) / rate * (double)SEC);
}

static void usage(void)
{
    fprintf(stderr, "usage: gen-capture [-n packets | -x scale] [-s seed] -o out.pcap\n"
                    "  -x N: N * 1000000 packets (default 1)\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    double scale = 1.0; uint64_t npk = 0; uint64_t seed = 1;
    int o;
    while ((o = getopt(argc, argv, "n:x:s:o:h")) != -1) {
        switch (o) {
        case 'n': npk = strtoull(optarg, NULL, 10); break;
        case 'x': scale = atof(optarg); break;
        case 's': seed = strtoull(optarg, NULL, 10); break;
        case 'o': path = optarg; break;
        default: usage();
        }
    }
    if (!path) usage();
    limit = npk ? npk : (uint64_t)(scale * 1000000.0 + 0.5);
    rng_state ^= seed * 0xD1B54A32D192ED03ULL; if (!rng_state) rng_state = 1;
    for (int i = 0; i < 8; i++) rnd64();

    out = fopen(path, "wb");
    if (!out) { perror(path); return 1; }
    setvbuf(out, NULL, _IOFBF, 8 << 20);
    uint32_t gh[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1};
    fwrite(gh, sizeof gh, 1, out);

    crc_init();
    rnd_bytes(rpool, sizeof rpool);
    for (size_t i = 0; i < sizeof tpool; i++) {
        static const char al[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/ \r\n";
        tpool[i] = al[rnd(sizeof al - 1)];
    }
    for (size_t i = 0; i < sizeof kpool; i++) kpool[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[rnd(64)];
    obuf_init(&ob[0]); obuf_init(&ob[1]);
    clients_init();

    /* event rates (per second) */
    const double call_rate = 1.25, mras_rate = 1.0, http_rate = 6.0, dns_rate = 15.0, rst_rate = 1.0 / 60;
    uint64_t next_call = 0, next_mras = 200 * MS, next_http = 100 * MS, next_dns = 50 * MS, next_rst = 30 * SEC;
    call_t *active = NULL, *freelist = NULL;
    creds_t bgk;

    for (uint64_t slot = 0; written < limit; slot += SLOT) {
        uint64_t end = slot + SLOT;
        while (next_call < end) {
            call_t *c = freelist ? freelist : g_new(call_t, 1);
            if (freelist) freelist = freelist->nextc;
            call_new(c, next_call);
            c->nextc = active; active = c;
            next_call += expo(call_rate);
        }
        while (next_mras < end) {
            client_t *c = &clients[rnd(N_INT + N_REM)];
            uint32_t r = rnd(1000);
            creds_new(&bgk);
            do_mras(next_mras, c, &bgk, r < 10 ? MRAS_BUSY : r < 15 ? MRAS_403 : r < 18 ? MRAS_NORESP : MRAS_OK);
            next_mras += expo(mras_rate);
        }
        while (next_http < end) { do_http(next_http); next_http += expo(http_rate); }
        while (next_dns < end) { do_dns(next_dns); next_dns += expo(dns_rate); }
        while (next_rst < end) {
            /* bare RST (RST without ACK) from the Front End side on an idle SIP connection */
            client_t *c = &clients[rnd(N_INT + N_REM)];
            if (c->sip.open && c->busy_until < next_rst) {
                emit_tcp(next_rst, &c->sip, 1, F_RST, NULL, 0);
                c->sip.open = 0;
            }
            next_rst += expo(rst_rate);
        }
        for (call_t **pp = &active; *pp;) {
            call_t *c = *pp;
            if (c->state == ST_MEDIA) call_media(c, end);
            while (c->state != ST_DONE && c->next < end)
                if (!call_step(c)) break;
            if (c->state == ST_MEDIA) call_media(c, end);
            if (c->state == ST_DONE) { *pp = c->nextc; c->nextc = freelist; freelist = c; }
            else pp = &c->nextc;
        }
        flush(end);
    }
    flush(UINT64_MAX);
    fclose(out);
    fprintf(stderr, "gen-capture: %" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT " calls, %u TCP connections -> %s\n",
            written, n_calls, ncst, path);
    return 0;
}
