#!/usr/bin/python3
"""Synthetic capture captures/msturn-mras.pcap (deterministic): an MRAS
credentials response followed by MS-TURN in both header forms using those
credentials, for the MESSAGE-INTEGRITY check with MRAS credentials, the MRAS
link, the relay-list check and the RFC 5389 form (Lync / Skype for Business,
MS-VERSION >= 3) that Wireshark's stun decodes and msturn completes.

sipp is not packaged for Debian 12, so the SIP messages are built with
lib/pcapgen.sip(); the MRAS body follows ../shared/protocols/mras.md. MS-TURN
messages are built with tools/msturn_wire.py (old form as libnice OC2007 signs
it, RFC 5389 form as RFC 5389 15.4 signs it; checked against the RFC 5769 2.4
vector in tests/unit/test_msturn.c). Credentials are invented fixed bytes.

Frames
  UDP client 192.0.2.10:5060 <-> front end 198.51.100.20:5060 (SIP)
    1  SERVICE MRAS request 71000001
    2  200 OK MRAS response: username MRAS_USER / password MRAS_PASS (base64),
       relays directIPAddress 203.0.113.30 and 203.0.113.31 (udp 3478, tcp 443)
  Old form, UDP client 192.0.2.10:50100
    3  Allocate signed with the MRAS credentials -> 203.0.113.30:3478 (listed)
    4  Allocate response (signed) from 203.0.113.30
    5  Allocate signed with the MRAS credentials -> 203.0.113.99:3478 (not listed)
  RFC 5389 form, UDP client 192.0.2.10:50200 <-> 203.0.113.30:3478
    6  Allocate (MS-VERSION 3, LIFETIME, MS-SERVICE-QUALITY), no credentials
    7  401 Unauthorized with REALM (0x0015) and NONCE (0x0014), no MS attribute:
       an MS-TURN answer only through its transaction
    8  Allocate with USERNAME (MRAS username decoded), REALM, NONCE,
       MS-SEQUENCE-NUMBER, MESSAGE-INTEGRITY, FINGERPRINT
    9  Allocate success (XOR-RELAYED-ADDRESS, XOR-MAPPED-ADDRESS, LIFETIME,
       MS-VERSION, MESSAGE-INTEGRITY, FINGERPRINT), signed with the same key
    10 Allocate from a username MRAS did not issue (signed with another key)
    11 436 Unknown User
    12 Allocate with the MRAS username and a wrong password
    13 431 Integrity Check Failure
    14 Allocate signed with the MRAS credentials -> 203.0.113.99:3478 (not listed,
       never answered)
    15 Allocate with REALM/NONCE in RFC 5389 numbering (REALM 0x0014, NONCE
       0x0015), signed with the MRAS credentials
    16 Allocate with a MAGIC-COOKIE attribute first (no MS-VERSION), unsigned
    17 Allocate signed with the credentials-table user (UAT_USER / UAT_PASS)
    18 its success response (signed)
  Standard traffic that must stay plain stun (UDP 3478)
    19 RFC 5389 Binding request, 20 Binding success response
    21 RFC 5766 Allocate with long-term credentials (no MS attribute)
  Multiplexed TURN (MS-VERSION 5/6)
    22 channel 0xFF10 data frame with an 8-byte session id and RTP
  RFC 5389 form in MS-TURN TCP framing
    23-30 TCP 443 client 192.0.2.10:50300 -> 203.0.113.31:443 (listed tcp port):
          framed Allocate signed with the MRAS credentials (26), framed success response (27)
    31-38 TCP 4443 client 192.0.2.10:50400 -> 203.0.113.30:4443 (not the listed
          tcp port 443, found by the heuristic): framed signed Allocate (34), 437 (35)
"""
import base64
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
sys.path.insert(0, os.path.join(HERE, "tools"))
import pcapgen  # noqa: E402
import msturn_wire as w  # noqa: E402

CLIENT, FE = "192.0.2.10", "198.51.100.20"
EDGE, EDGE2, OTHER = "203.0.113.30", "203.0.113.31", "203.0.113.99"
MRAS_CT = "application/msrtc-media-relay-auth+xml"
NS = "http://schemas.microsoft.com/2006/09/sip/mrasp"
MRAS_URI = "sip:MRASLoc.edge.contoso.com@contoso.com"
SIP_USER = "sip:alice@contoso.com"
MRAS_USER_BYTES = b"\x02\x00\x00" + bytes((i * 37 + 11) & 0xFF for i in range(53))
MRAS_PASS_BYTES = bytes((i * 91 + 5) & 0xFF for i in range(20))
MRAS_USER = base64.b64encode(MRAS_USER_BYTES).decode()
MRAS_PASS = base64.b64encode(MRAS_PASS_BYTES).decode()
UAT_USER_BYTES = b"\x02\x00\x00" + bytes(range(0x40, 0x40 + 29))
UAT_PASS_BYTES = bytes(range(0x90, 0x90 + 20))
UAT_USER = base64.b64encode(UAT_USER_BYTES).decode()
UAT_PASS = base64.b64encode(UAT_PASS_BYTES).decode()
REALM = b"SIP Communications Service"
NONCE = b"c0ffee5a1e4f00d1b2c3d4e5f6a7b8c9"
KEY = w.key(MRAS_USER_BYTES, REALM, MRAS_PASS_BYTES)
SEQ = w.attr(w.MS_SEQUENCE_NUMBER, bytes(range(20)) + w.u32(1))

XOR_RELAYED_ADDRESS = 0x0016
RFC_XOR_MAPPED_ADDRESS = 0x0020
RFC_REALM, RFC_NONCE = 0x0014, 0x0015


def sip_headers(n, method, tag=None):
    return [
        "Via: SIP/2.0/UDP %s:5060;branch=z9hG4bKturnmras%d" % (CLIENT, n),
        "From: <%s>;tag=c%d;epid=01a2b3c4d5" % (SIP_USER, n),
        "To: <%s>%s" % (MRAS_URI, ";tag=%s" % tag if tag else ""),
        "Call-ID: turn-mras-%d@192.0.2.10" % n,
        "CSeq: 1 %s" % method,
    ]


def mras_request(req_id):
    return ('<request requestID="%s" version="2.0" to="%s" from="%s" xmlns="%s">'
            '<credentialsRequest credentialsRequestID="%s"><identity>%s</identity>'
            '<location>internet</location><duration>480</duration></credentialsRequest></request>'
            % (req_id, MRAS_URI, SIP_USER, NS, req_id, SIP_USER))


def mras_response(req_id):
    relays = "".join(
        "      <mediaRelay>\r\n        <location>internet</location>\r\n"
        "        <directIPAddress>%s</directIPAddress>\r\n        <udpPort>3478</udpPort>\r\n"
        "        <tcpPort>443</tcpPort>\r\n      </mediaRelay>\r\n" % ip for ip in (EDGE, EDGE2))
    return ('<?xml version="1.0"?>\r\n'
            '<response requestID="%s" version="2.0" serverVersion="2.0" to="%s" from="%s" '
            'reasonPhrase="OK" xmlns="%s">\r\n'
            '  <credentialsResponse credentialsRequestID="%s">\r\n    <credentials>\r\n'
            '      <username>%s</username>\r\n      <password>%s</password>\r\n'
            '      <duration>480</duration>\r\n    </credentials>\r\n'
            '    <mediaRelayList>\r\n%s    </mediaRelayList>\r\n  </credentialsResponse>\r\n</response>\r\n'
            % (req_id, MRAS_URI, SIP_USER, NS, req_id, MRAS_USER, MRAS_PASS, relays))


def tid5389(n):
    return b"LYNC" + struct.pack("!Q", 0xA0000000 + n)


def tid_old(n):
    return bytes([0xB0 + n]) + bytes(range(1, 16))


def main():
    out = os.path.join(HERE, "msturn-mras.pcap")
    with pcapgen.Writer(out) as pw:
        # 1-2: MRAS over SIP/UDP
        pw.udp(CLIENT, 5060, FE, 5060, pcapgen.sip("SERVICE %s SIP/2.0" % MRAS_URI, sip_headers(1, "SERVICE") + [
            "Max-Forwards: 70", "Content-Type: %s" % MRAS_CT], mras_request("71000001")))
        pw.advance(0.2)
        pw.udp(FE, 5060, CLIENT, 5060, pcapgen.sip("SIP/2.0 200 OK", sip_headers(1, "SERVICE", "e1f1") + [
            "Server: RTCC/3.5.0.0 MRAS/2.0", "Content-Type: %s" % MRAS_CT], mras_response("71000001")))
        pw.advance(0.5)

        # 3-5: old form
        auth_old = [w.attr(w.MS_VERSION, w.u32(2)), w.attr(w.USERNAME, MRAS_USER_BYTES),
                    w.attr(w.REALM, REALM), w.attr(w.NONCE, NONCE), SEQ]
        pw.udp(CLIENT, 50100, EDGE, 3478, w.message(0x0003, tid_old(1), auth_old, KEY))
        pw.udp(EDGE, 3478, CLIENT, 50100, w.message(0x0103, tid_old(1), [
            w.attr(w.MAPPED_ADDRESS, w.addr(EDGE, 50500)),
            w.attr(w.XOR_MAPPED_ADDRESS, w.xor_addr(CLIENT, 50100, tid_old(1))),
            w.attr(w.LIFETIME, w.u32(480)), w.attr(w.MS_VERSION, w.u32(2)), SEQ], KEY))
        pw.udp(CLIENT, 50100, OTHER, 3478, w.message(0x0003, tid_old(2), auth_old, KEY))

        # 6-18: RFC 5389 form
        def c2e(msg, dst=EDGE):
            pw.udp(CLIENT, 50200, dst, 3478, msg)

        def e2c(msg):
            pw.udp(EDGE, 3478, CLIENT, 50200, msg)

        ver = (w.MS_VERSION, w.u32(3))
        seq = (w.MS_SEQUENCE_NUMBER, bytes(range(20)) + w.u32(1))
        auth = [ver, (w.USERNAME, MRAS_USER_BYTES), (w.REALM, REALM), (w.NONCE, NONCE), seq]
        c2e(w.rfc5389(0x0003, tid5389(1), [ver, (w.LIFETIME, w.u32(480)),
                                           (w.MS_SERVICE_QUALITY, struct.pack("!HH", 1, 0))]))
        e2c(w.rfc5389(0x0113, tid5389(1), [(w.ERROR_CODE, w.error_code(401, "Unauthorized")),
                                           (w.REALM, REALM), (w.NONCE, NONCE)]))
        c2e(w.rfc5389(0x0003, tid5389(2), auth, KEY, fingerprint=True))
        e2c(w.rfc5389(0x0103, tid5389(2), [(XOR_RELAYED_ADDRESS, w.rfc5389_xor_addr(EDGE, 50600)),
                                           (RFC_XOR_MAPPED_ADDRESS, w.rfc5389_xor_addr(CLIENT, 50200)),
                                           (w.LIFETIME, w.u32(480)), ver, seq], KEY, fingerprint=True))
        stranger = b"\x02\x00\x00unknown-to-this-edge"
        c2e(w.rfc5389(0x0003, tid5389(3), [ver, (w.USERNAME, stranger), (w.REALM, REALM), (w.NONCE, NONCE)],
                      w.key(stranger, REALM, b"other-pool"), fingerprint=True))
        e2c(w.rfc5389(0x0113, tid5389(3), [(w.ERROR_CODE, w.error_code(436, "Unknown User"))]))
        c2e(w.rfc5389(0x0003, tid5389(4), auth, w.key(MRAS_USER_BYTES, REALM, b"stale"), fingerprint=True))
        e2c(w.rfc5389(0x0113, tid5389(4), [(w.ERROR_CODE, w.error_code(431, "Integrity Check Failure"))]))
        c2e(w.rfc5389(0x0003, tid5389(5), auth, KEY, fingerprint=True), dst=OTHER)
        c2e(w.rfc5389(0x0003, tid5389(6), [ver, (w.USERNAME, MRAS_USER_BYTES), (RFC_REALM, REALM),
                                           (RFC_NONCE, NONCE)], KEY))
        c2e(w.rfc5389(0x0003, tid5389(7), [(w.MAGIC_COOKIE, w.u32(w.MS_MAGIC)), (w.LIFETIME, w.u32(480))]))
        uat_key = w.key(UAT_USER_BYTES, REALM, UAT_PASS_BYTES)
        c2e(w.rfc5389(0x0003, tid5389(8), [ver, (w.USERNAME, UAT_USER_BYTES), (w.REALM, REALM),
                                           (w.NONCE, NONCE)], uat_key))
        e2c(w.rfc5389(0x0103, tid5389(8), [(XOR_RELAYED_ADDRESS, w.rfc5389_xor_addr(EDGE, 50602)),
                                           (w.LIFETIME, w.u32(480)), ver], uat_key))

        # 19-21: standard STUN/TURN on 3478
        pw.udp(CLIENT, 50210, EDGE, 3478, w.rfc5389(0x0001, b"STDBINDING02", [(0x8022, b"test")],
                                                    fingerprint=True))
        pw.udp(EDGE, 3478, CLIENT, 50210, w.rfc5389(0x0101, b"STDBINDING02", [
            (RFC_XOR_MAPPED_ADDRESS, w.rfc5389_xor_addr(CLIENT, 50210))], fingerprint=True))
        std_key = w.key(b"bob", b"example.org", b"secret")
        pw.udp(CLIENT, 50211, EDGE, 3478, w.rfc5389(0x0003, b"STDALLOCATE2", [
            (0x0019, b"\x11\0\0\0"), (w.USERNAME, b"bob"), (RFC_REALM, b"example.org"),
            (RFC_NONCE, b"nonce-123")], std_key, fingerprint=True))

        # 22: multiplexed TURN data frame
        rtp = struct.pack("!BBHII", 0x80, 0x00, 7, 1120, 0x55667788) + b"\xd5" * 40
        pw.udp(CLIENT, 50200, EDGE, 3478, w.mturn_data(bytes.fromhex("0102030405060708"), rtp))

        # 23-30: framed RFC 5389 form on TCP 443 (listed)
        f = pcapgen.TcpFlow(pw, CLIENT, 50300, EDGE2, 443)
        f.send("c", w.tcp_frame(2, w.rfc5389(0x0003, tid5389(9), auth, KEY, fingerprint=True)))
        f.send("s", w.tcp_frame(2, w.rfc5389(0x0103, tid5389(9), [
            (XOR_RELAYED_ADDRESS, w.rfc5389_xor_addr(EDGE2, 50700)), (w.LIFETIME, w.u32(480)), ver], KEY)))
        f.close()
        # 31-38: framed RFC 5389 form on TCP 4443 (not the listed tcp port)
        g = pcapgen.TcpFlow(pw, CLIENT, 50400, EDGE, 4443, isn_c=21000, isn_s=23000)
        g.send("c", w.tcp_frame(2, w.rfc5389(0x0003, tid5389(10), auth, KEY, fingerprint=True)))
        g.send("s", w.tcp_frame(2, w.rfc5389(0x0113, tid5389(10), [
            (w.ERROR_CODE, w.error_code(437, "Allocation Mismatch"))])))
        g.close()
    print("wrote", out)


if __name__ == "__main__":
    main()
