#!/usr/bin/python3
"""Builds the ocstriage captures: for each failure signature of SIGNATURES.md a
positive case and the near-miss that must not fire, plus demo-triage.pcap, one
capture mixing several faults with healthy traffic.

sipp is not packaged for Debian 12, so SIP text is written here with
pcapgen.sip(); MRAS bodies reuse make_mras.py's builders and MS-TURN messages
captures/tools/msturn_wire.py (OCS 2007 form, libnice OC2007 integrity).
Frame numbers below are what the tests assert.

ocstriage-tcp.pcap
   1- 4  TLS-ish SIP connection 192.0.2.10:50001 -> 198.51.100.20:5061, idle 400 s, then
   5     bare RST from the load balancer (198.51.100.20:5061)            tcp.bare-reset
   6-11  connection on 5061 closed with FIN                              (no finding)
  12-13  SYN to 5061, RST+ACK (closed port)                              (no finding)
  14     SYN 192.0.2.10:50004 -> 198.51.100.30:444
  15     SYN-ACK from 198.51.100.31:444 (the real server, no SNAT)      tcp.asymmetric-synack
  16     client RST to 198.51.100.31 (evidence, not a bare-reset finding)
  17-19  normal handshake on 443 (SYN-ACK from the same address)         (no finding)
  20-23  bare RST on port 8080 (not a SIP/OCS port)                      (no finding)
ocstriage-service.pcap (UDP 192.0.2.10:5060 <-> 198.51.100.20:5060)
   1     QoE SERVICE, never answered                                     service.no-response (25022)
   2-3   QoE SERVICE answered 202 after 0.1 s                            (no finding)
   4-5   SERVICE answered 200 after 6 s                                  service.slow-response
   6-7   QoE SERVICE answered 415                                        service.error-response
   8-10  QoE SERVICE sent twice (retransmission), then 202               (no finding)
  11     MRAS SERVICE, never answered                                    service.no-response, mras.no-response
  12     OPTIONS 40 s later (the capture goes on past the timeout)
ocstriage-service-short.pcap: a QoE SERVICE with no answer, capture ends 10 s later (no finding)
ocstriage-sip.pcap (UDP 192.0.2.10:5060 <-> 198.51.100.20:5060)
   1-2   MRAS SERVICE, 403 ms-diagnostics 9006                           service.error-response, mras.forbidden
   3-4   INFO to the focus, 500 ms-diagnostics 3080 AddUser failed      conf.adduser-failed
   5-6   MRAS SERVICE, 200 OK reasonPhrase "Not Supported"               mras.error
   7-8   MRAS SERVICE, 200 OK reasonPhrase "OK"                          (no finding)
   9     INVITE, SDP with host+srflx candidates only                     sdp.no-relay-candidates
  10     INVITE, SDP with relay candidate 10.1.1.80 and public srflx     sdp.private-relay-address
  11     INVITE, SDP with a public relay candidate                       (no finding)
  12     INVITE, SDP without candidates                                  (no finding)
  13-14  SUBSCRIBE provisioning, 200 OK ServerConfiguration without mrasUri  provisioning.no-mras-uri
  15-16  SUBSCRIBE provisioning, 200 OK with mrasUri                     (no finding)
ocstriage-msturn.pcap (MS-TURN UDP 192.0.2.10:50100 -> Edge 203.0.113.30:3478)
   1-2   MRAS SERVICE / 200 OK: credentials, relay av.contoso.com
   3-4   Allocate without credentials, 401 with realm and nonce         (no finding)
   5-6   Allocate with the MRAS credentials, 436 Unknown User            msturn.unknown-user
   7-8   Allocate signed with a wrong password, 431                      msturn.integrity-failed
   9-10  Allocate with the MRAS credentials, Allocate Response           (no finding)
  11-12  Allocate sent twice (same transaction id), never answered       msturn.no-response (once)
  13     SIP OPTIONS 35 s later (the capture goes on past the timeout)
demo-triage.pcap
   1-3   SIP/TLS connection 192.0.2.10:50010 -> 198.51.100.20:5061
   4     QoE SERVICE over it, never answered                            service.no-response
   5     ACK from the server, then 6 minutes idle
   6     bare RST from the load balancer                                 tcp.bare-reset
   7-8   MRAS SERVICE (UDP), 403 9006                                    service.error-response, mras.forbidden
   9-10  conference INFO, 500 3080 AddUser failed                        conf.adduser-failed
  11     INVITE with SDP without relay candidates                        sdp.no-relay-candidates
  12-13  SUBSCRIBE provisioning, 200 OK without mrasUri                 provisioning.no-mras-uri
  14-15  healthy QoE SERVICE answered 202
  16-17  healthy OPTIONS / 200 OK 40 s later
"""
import base64
import sys
sys.dont_write_bytecode = True  # noqa: E305 (keeps captures/ free of __pycache__)
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
sys.path.insert(0, os.path.join(HERE, "tools"))
sys.path.insert(0, HERE)
from pcapgen import Writer, TcpFlow, sip, SYN, ACK, RST, PSH  # noqa: E402
import msturn_wire as turn  # noqa: E402
import make_mras as M  # noqa: E402

CLIENT, FE, FE2, EDGE = "192.0.2.10", "198.51.100.20", "198.51.100.21", "203.0.113.30"
QOE_CT = "application/vq-rtcpxr+xml"
QOE_URI = "sip:pool01.contoso.com@contoso.com;gruu;opaque=app:qoe"
FOCUS = "sip:alice@contoso.com;gruu;opaque=app:conf:focus:id:K7B2F1"


def hdrs(n, method, to, tag=None, transport="UDP", port=5060):
    return [
        "Via: SIP/2.0/%s %s:%d;branch=z9hG4bKtri%04d" % (transport, CLIENT, port, n),
        "From: <sip:alice@contoso.com>;tag=t%d" % n,
        "To: <%s>%s" % (to, ";tag=%s" % tag if tag else ""),
        "Call-ID: triage-%d@192.0.2.10" % n,
        "CSeq: %d %s" % (n, method),
    ]


def qoe_body(n):
    return ('<?xml version="1.0" encoding="utf-8"?>\r\n<VQReportEvent xmlns="ms-rtcp-metrics">'
            '<VQSessionReport SessionId="%d-session"><Endpoint Name="alice-pc"/></VQSessionReport>'
            '</VQReportEvent>\r\n' % n)


def qoe(n, transport="UDP", port=5060):
    return sip("SERVICE %s SIP/2.0" % QOE_URI, hdrs(n, "SERVICE", QOE_URI, transport=transport, port=port) +
               ["Content-Type: %s" % QOE_CT], qoe_body(n))


def response(n, code, reason, method, to, extra=(), body=b"", ct=None):
    h = hdrs(n, method, to, tag="s%d" % n) + list(extra)
    if ct:
        h.append("Content-Type: %s" % ct)
    return sip("SIP/2.0 %d %s" % (code, reason), h, body)


def mras_service(n):
    return M.service(n, "UDP", 5060, M.request_body(str(n), [(str(n), M.USER, "internet", "480")]))


def mras_ok(n, reason="OK", seed=1):
    creds = [M.cred_response(str(n), M.username(seed), M.password(seed), 480,
                             [M.relay_xml("internet", host="av.contoso.com", udp=3478, tcp=443)])] \
        if reason == "OK" else []
    return M.ok(n, "UDP", 5060, M.response_body(str(n), reason, creds))


def forbidden_9006(n):
    return sip("SIP/2.0 403 Forbidden", M.headers(n, "UDP", 5060, tag="f%d" % n) + [
        'ms-diagnostics: 9006;reason="Forbidden";component="Media Relay Authentication Service";'
        'source="edge-int.contoso.com"',
        "ms-edge-proxy-message-trust: ms-source-type=EdgeProxyGenerated;ms-ep-fqdn=edge-int.contoso.com"])


def adduser(w, n):
    w.udp(CLIENT, 5060, FE, 5060, sip("INFO %s SIP/2.0" % FOCUS, hdrs(n, "INFO", FOCUS) +
                                      ["Content-Type: application/cccp+xml"],
                                      '<request xmlns="urn:ietf:params:xml:ns:cccp" C3PVersion="1" '
                                      'requestId="%d"><addUser/></request>' % n))
    w.udp(FE, 5060, CLIENT, 5060, response(n, 500, "Internal Server Error", "INFO", FOCUS, [
        'ms-diagnostics: 3080;reason="AddUser failed";source="pool01.contoso.com"']))


def sdp(candidates):
    lines = ["v=0", "o=- 0 0 IN IP4 192.168.1.20", "s=session", "c=IN IP4 192.168.1.20", "t=0 0",
             "m=audio 50012 RTP/AVP 0 101", "a=ice-ufrag:Xb4n", "a=ice-pwd:k2Vq0bq6rL3lLzG1yW9p2a3c"]
    lines += ["a=candidate:%s" % c for c in candidates]
    lines += ["a=rtpmap:0 PCMU/8000", ""]
    return "\r\n".join(lines)


def invite(n, candidates):
    to = "sip:bob@fabrikam.com"
    return sip("INVITE %s SIP/2.0" % to, hdrs(n, "INVITE", to) + [
        "Contact: <sip:alice@contoso.com;opaque=user:epid:x;gruu>",
        "User-Agent: UCCAPI/3.5.6907.0 OC/3.5.6907.0 (Microsoft Office Communicator 2007 R2)",
        "Content-Type: application/sdp"],
        sdp(candidates))


HOST = "1 1 UDP 2130706431 192.168.1.20 50012 typ host"
SRFLX = "2 1 UDP 1694498815 198.51.100.7 50012 typ srflx raddr 192.168.1.20 rport 50012"
RELAY_PRIV = "3 1 UDP 16777215 10.1.1.80 55000 typ relay raddr 198.51.100.7 rport 50012"
RELAY_PUB = "3 1 UDP 16777215 203.0.113.30 55000 typ relay raddr 198.51.100.7 rport 50012"


def provisioning(w, n, with_uri):
    w.udp(CLIENT, 5060, FE, 5060, sip("SUBSCRIBE sip:alice@contoso.com SIP/2.0",
                                      hdrs(n, "SUBSCRIBE", "sip:alice@contoso.com") + [
                                          "Event: vnd-microsoft-provisioning-v2",
                                          "Accept: application/vnd-microsoft-roaming-provisioning-v2+xml",
                                          "Content-Type: application/vnd-microsoft-roaming-provisioning-v2+xml"],
                                      M.prov_request()))
    w.udp(FE, 5060, CLIENT, 5060, response(n, 200, "OK", "SUBSCRIBE", "sip:alice@contoso.com",
                                           ["Event: vnd-microsoft-provisioning-v2"],
                                           M.provisioning(with_uri), ct=M.PROV_CT))


def options(w, n):
    w.udp(CLIENT, 5060, FE, 5060, sip("OPTIONS sip:pool01.contoso.com SIP/2.0",
                                      hdrs(n, "OPTIONS", "sip:pool01.contoso.com")))


def tcp_capture(path):
    with Writer(path) as w:
        f = TcpFlow(w, CLIENT, 50001, FE, 5061, isn_c=100000, isn_s=200000)
        f.send("c", b"\x17\x03\x01\x00\x20" + bytes(32))                      # 4
        w.advance(400)
        w.tcp_raw(FE, 5061, CLIENT, 50001, f.seq["s"], 0, RST)               # 5
        f = TcpFlow(w, CLIENT, 50002, FE, 5061, isn_c=300000, isn_s=400000)  # 6-8
        f.close()                                                            # 9-11 (FIN, FIN, ACK)
        w.tcp_raw(CLIENT, 50003, FE2, 5061, 500000, 0, SYN)                  # 12
        w.tcp_raw(FE2, 5061, CLIENT, 50003, 0, 500001, RST | ACK)            # 13
        w.tcp_raw(CLIENT, 50004, "198.51.100.30", 444, 600000, 0, SYN)       # 14
        w.tcp_raw("198.51.100.31", 444, CLIENT, 50004, 700000, 600001, SYN | ACK)  # 15
        w.tcp_raw(CLIENT, 50004, "198.51.100.31", 444, 600001, 0, RST)      # 16
        TcpFlow(w, CLIENT, 50005, FE, 443, isn_c=800000, isn_s=900000)       # 17-19
        f = TcpFlow(w, CLIENT, 50006, "198.51.100.40", 8080, isn_c=1000, isn_s=2000)  # 20-22
        w.tcp_raw("198.51.100.40", 8080, CLIENT, 50006, f.seq["s"], 0, RST)  # 23


def service_capture(path):
    with Writer(path) as w:
        w.udp(CLIENT, 5060, FE, 5060, qoe(1))                                          # 1
        w.udp(CLIENT, 5060, FE, 5060, qoe(2))                                          # 2
        w.advance(0.1)
        w.udp(FE, 5060, CLIENT, 5060, response(2, 202, "Accepted", "SERVICE", QOE_URI))  # 3
        other = "sip:alice@contoso.com"
        w.udp(CLIENT, 5060, FE, 5060, sip("SERVICE %s SIP/2.0" % other, hdrs(3, "SERVICE", other) + [
            "Content-Type: application/msrtc-category-publish+xml"], "<publish/>"))       # 4
        w.advance(6)
        w.udp(FE, 5060, CLIENT, 5060, response(3, 200, "OK", "SERVICE", other))        # 5
        w.udp(CLIENT, 5060, FE, 5060, qoe(4))                                          # 6
        w.udp(FE, 5060, CLIENT, 5060, response(4, 415, "Unsupported Media Type", "SERVICE", QOE_URI))  # 7
        w.udp(CLIENT, 5060, FE, 5060, qoe(5))                                          # 8
        w.advance(0.5)
        w.udp(CLIENT, 5060, FE, 5060, qoe(5))                                          # 9
        w.udp(FE, 5060, CLIENT, 5060, response(5, 202, "Accepted", "SERVICE", QOE_URI))  # 10
        w.udp(CLIENT, 5060, FE, 5060, mras_service(6))                                 # 11
        w.advance(40)
        options(w, 7)                                                                  # 12


def service_short_capture(path):
    with Writer(path) as w:
        w.udp(CLIENT, 5060, FE, 5060, qoe(1))
        w.advance(10)
        options(w, 2)


def sip_capture(path):
    with Writer(path) as w:
        w.udp(CLIENT, 5060, FE, 5060, mras_service(1))     # 1
        w.udp(FE, 5060, CLIENT, 5060, forbidden_9006(1))   # 2
        adduser(w, 2)                                      # 3-4
        w.udp(CLIENT, 5060, FE, 5060, mras_service(3))     # 5
        w.udp(FE, 5060, CLIENT, 5060, mras_ok(3, "Not Supported"))  # 6
        w.udp(CLIENT, 5060, FE, 5060, mras_service(4))     # 7
        w.udp(FE, 5060, CLIENT, 5060, mras_ok(4))          # 8
        w.udp(CLIENT, 5060, FE, 5060, invite(5, [HOST, SRFLX]))              # 9
        w.udp(CLIENT, 5060, FE, 5060, invite(6, [HOST, SRFLX, RELAY_PRIV]))  # 10
        w.udp(CLIENT, 5060, FE, 5060, invite(7, [HOST, SRFLX, RELAY_PUB]))   # 11
        w.udp(CLIENT, 5060, FE, 5060, invite(8, []))                         # 12
        provisioning(w, 9, None)                           # 13-14
        provisioning(w, 10, M.MRAS_URI)                    # 15-16


def msturn_capture(path):
    with Writer(path) as w:
        w.udp(CLIENT, 5060, FE, 5060, mras_service(1))     # 1
        w.udp(FE, 5060, CLIENT, 5060, mras_ok(1))          # 2
        user, pw = base64.b64decode(M.username(1)), base64.b64decode(M.password(1))
        realm, nonce = b"SIP Communications Service", b"a1b2c3d4e5f60718"
        good = turn.key(user, realm, pw)
        bad = turn.key(user, realm, b"not the password")
        cred = [turn.attr(turn.MS_VERSION, turn.u32(2)), turn.attr(turn.USERNAME, user),
                turn.attr(turn.REALM, realm), turn.attr(turn.NONCE, nonce)]

        def tid(i):
            return bytes([i]) * 16

        def c2e(m):
            w.udp(CLIENT, 50100, EDGE, 3478, m)

        def e2c(m):
            w.udp(EDGE, 3478, CLIENT, 50100, m)
        c2e(turn.message(0x0003, tid(1), [turn.attr(turn.MS_VERSION, turn.u32(2))]))          # 3
        e2c(turn.message(0x0113, tid(1), [turn.attr(turn.ERROR_CODE, turn.error_code(401, "Unauthorized")),
                                          turn.attr(turn.REALM, realm), turn.attr(turn.NONCE, nonce)]))  # 4
        c2e(turn.message(0x0003, tid(2), cred, good))                                         # 5
        e2c(turn.message(0x0113, tid(2), [turn.attr(turn.ERROR_CODE, turn.error_code(436, "Unknown User"))]))  # 6
        c2e(turn.message(0x0003, tid(3), cred, bad))                                          # 7
        e2c(turn.message(0x0113, tid(3), [turn.attr(turn.ERROR_CODE,
                                                    turn.error_code(431, "Integrity Check Failure"))]))  # 8
        c2e(turn.message(0x0003, tid(4), cred, good))                                         # 9
        e2c(turn.message(0x0103, tid(4), [turn.attr(turn.MAPPED_ADDRESS, turn.addr(EDGE, 55000)),
                                          turn.attr(turn.LIFETIME, turn.u32(600))], good))    # 10
        c2e(turn.message(0x0003, tid(5), cred, good))                                         # 11
        w.advance(1)
        c2e(turn.message(0x0003, tid(5), cred, good))                                         # 12
        w.advance(35)
        options(w, 2)                                                                         # 13


def demo_capture(path):
    with Writer(path) as w:
        f = TcpFlow(w, CLIENT, 50010, FE, 5061, isn_c=10000, isn_s=20000)  # 1-3
        f.send("c", qoe(1, transport="TLS", port=50010))                   # 4
        w.tcp_raw(FE, 5061, CLIENT, 50010, f.seq["s"], f.seq["c"], ACK)    # 5
        w.advance(360)
        w.tcp_raw(FE, 5061, CLIENT, 50010, f.seq["s"], 0, RST)             # 6
        w.udp(CLIENT, 5060, FE, 5060, mras_service(2))                     # 7
        w.udp(FE, 5060, CLIENT, 5060, forbidden_9006(2))                   # 8
        adduser(w, 3)                                                      # 9-10
        w.udp(CLIENT, 5060, FE, 5060, invite(4, [HOST, SRFLX]))            # 11
        provisioning(w, 5, None)                                           # 12-13
        w.udp(CLIENT, 5060, FE, 5060, qoe(6))                              # 14
        w.udp(FE, 5060, CLIENT, 5060, response(6, 202, "Accepted", "SERVICE", QOE_URI))  # 15
        w.advance(40)
        options(w, 7)                                                      # 16
        w.udp(FE, 5060, CLIENT, 5060, response(7, 200, "OK", "OPTIONS", "sip:pool01.contoso.com"))  # 17


if __name__ == "__main__":
    tcp_capture(os.path.join(HERE, "ocstriage-tcp.pcap"))
    service_capture(os.path.join(HERE, "ocstriage-service.pcap"))
    service_short_capture(os.path.join(HERE, "ocstriage-service-short.pcap"))
    sip_capture(os.path.join(HERE, "ocstriage-sip.pcap"))
    msturn_capture(os.path.join(HERE, "ocstriage-msturn.pcap"))
    demo_capture(os.path.join(HERE, "demo-triage.pcap"))
