#!/usr/bin/python3
"""Builds flow-external.pcap: the OCS story of an external user's audio call,
for the call flow (-z flow,msocs): in-band provisioning, MRAS credentials,
Allocates on the A/V Edge (a challenge, a rejection by an Edge that does not
know the credentials, a success), the call's INVITE with the relay candidate,
relayed media through MS-TURN Send/Data, BYE and the QoE report.

sipp is not packaged for Debian 12, so SIP text is written with
pcapgen.sip() (make_ocstriage.py's header builders: Via carries the client's
address, the pool adds Record-Route); MRAS bodies use make_mras.py's builders
and MS-TURN messages captures/tools/msturn_wire.py (OCS 2007 form, libnice
OC2007 integrity). Addresses: client 192.0.2.10, pool pool01.contoso.com
198.51.100.20 (SIP over TCP 5060), A/V Edge av.contoso.com 203.0.113.30
(listed by MRAS with its directIPAddress), a second Edge 203.0.113.31 that
does not know the credentials, the remote party 198.51.100.40.

   1- 3  TCP handshake to the pool (no arrow)
   4- 5  SUBSCRIBE provisioning / 200 OK with mrasUri (Record-Route names the pool)
   6- 7  SERVICE MRAS request / 200 OK MRAS: 2 relays (av.contoso.com 203.0.113.30, internal 10.0.0.30)
   8- 9  Allocate without credentials / 401 (REALM, NONCE) to the second Edge
  10-11  Allocate with the MRAS credentials / 436 Unknown User       msturn.unknown-user
  12-13  Allocate to av.contoso.com / 401, 14-15 with credentials / Allocate Response
  16     INVITE with SDP: relay candidate 203.0.113.30:55000, also its default (c=/m=) address
  17     TCP ACK from the pool (no arrow)
  18     200 OK (INVITE) with SDP: the remote party's relay candidate, its default address
  19-78  30 Send requests (RTP, 20 ms apart) interleaved with 30 Data indications
  79-80  after a 2.5 s pause one more Send and Data (new bursts)
  81-82  BYE / 200 OK
  83-84  SERVICE QoE / 202 Accepted
"""
import base64
import os
import struct
import sys
sys.dont_write_bytecode = True  # noqa: E305 (keeps captures/ free of __pycache__)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
sys.path.insert(0, os.path.join(HERE, "tools"))
sys.path.insert(0, HERE)
from pcapgen import Writer, TcpFlow, sip, ACK  # noqa: E402
import msturn_wire as turn  # noqa: E402
import make_mras as M  # noqa: E402
import make_ocstriage as T  # noqa: E402

CLIENT, POOL, EDGE, EDGE2, PEER = "192.0.2.10", "198.51.100.20", "203.0.113.30", "203.0.113.31", "198.51.100.40"
CPORT = 50020
RR = "Record-Route: <sip:pool01.contoso.com:5060;transport=tcp;lr>"
BOB = "sip:bob@fabrikam.com"


def hdrs(n, method, to, tag=None):
    return T.hdrs(n, method, to, tag=tag, transport="TCP", port=CPORT)


def response(n, code, reason, method, to, extra=(), body=b"", ct=None):
    h = hdrs(n, method, to, tag="s%d" % n) + list(extra)
    if ct:
        h.append("Content-Type: %s" % ct)
    return sip("SIP/2.0 %d %s" % (code, reason), h, body)


def sdp(origin, default, candidates):
    """The default candidate (c= and m= lines) is the relay candidate: a client
    outside the network can be reached only through its relay ([MS-ICE]: the
    default candidate is a UDP candidate of the offerer's choice)."""
    addr, port = default
    lines = ["v=0", "o=- 0 0 IN IP4 %s" % origin, "s=session", "c=IN IP4 %s" % addr, "t=0 0",
             "m=audio %d RTP/AVP 0 101" % port, "a=ice-ufrag:Xb4n", "a=ice-pwd:k2Vq0bq6rL3lLzG1yW9p2a3c"]
    lines += ["a=candidate:%s" % c for c in candidates] + ["a=rtpmap:0 PCMU/8000", ""]
    return "\r\n".join(lines)


def rtp(seq, ssrc):
    return struct.pack("!BBHII", 0x80, 0x00, seq, 160 * seq, ssrc) + b"\xd5" * 160


def signalling_start(f):
    f.send("c", sip("SUBSCRIBE sip:alice@contoso.com SIP/2.0", hdrs(1, "SUBSCRIBE", "sip:alice@contoso.com") + [
        "Event: vnd-microsoft-provisioning-v2",
        "Content-Type: application/vnd-microsoft-roaming-provisioning-v2+xml"], M.prov_request()))
    f.send("s", response(1, 200, "OK", "SUBSCRIBE", "sip:alice@contoso.com",
                         [RR, "Event: vnd-microsoft-provisioning-v2"], M.provisioning(M.MRAS_URI), ct=M.PROV_CT))
    f.send("c", M.service(2, "TCP", CPORT, M.request_body("2", [("2", M.USER, "internet", "480")])))
    relays = [M.relay_xml("internet", host="av.contoso.com", ip=EDGE, udp=3478, tcp=443),
              M.relay_xml("intranet", host="av-int.contoso.com", ip="10.0.0.30", udp=3478, tcp=443)]
    f.send("s", M.ok(2, "TCP", CPORT, M.response_body(
        "2", "OK", [M.cred_response("2", M.username(7), M.password(7), 480, relays)])))


def allocations(w):
    user, pw = base64.b64decode(M.username(7)), base64.b64decode(M.password(7))
    realm, nonce = b"SIP Communications Service", b"f10w0e5a1e4f00d1"
    key = turn.key(user, realm, pw)
    cred = [turn.attr(turn.MS_VERSION, turn.u32(2)), turn.attr(turn.USERNAME, user),
            turn.attr(turn.REALM, realm), turn.attr(turn.NONCE, nonce)]
    challenge = [turn.attr(turn.ERROR_CODE, turn.error_code(401, "Unauthorized")),
                 turn.attr(turn.REALM, realm), turn.attr(turn.NONCE, nonce)]
    for i, (edge, good) in enumerate(((EDGE2, False), (EDGE, True))):
        tid = [bytes([0x40 + 2 * i + k]) * 16 for k in (0, 1)]
        w.udp(CLIENT, 50100, edge, 3478, turn.message(0x0003, tid[0], [turn.attr(turn.MS_VERSION, turn.u32(2))]))
        w.udp(edge, 3478, CLIENT, 50100, turn.message(0x0113, tid[0], challenge))
        w.udp(CLIENT, 50100, edge, 3478, turn.message(0x0003, tid[1], cred, key))
        if good:
            w.udp(edge, 3478, CLIENT, 50100, turn.message(0x0103, tid[1], [
                turn.attr(turn.MAPPED_ADDRESS, turn.addr(EDGE, 55000)), turn.attr(turn.LIFETIME, turn.u32(600))], key))
        else:
            w.udp(edge, 3478, CLIENT, 50100, turn.message(0x0113, tid[1], [
                turn.attr(turn.ERROR_CODE, turn.error_code(436, "Unknown User"))]))
    return user, key, realm, nonce


def media(w, user, key, realm, nonce, n, first_tid, first_seq=1):
    """n relayed RTP packets each way; sequence numbers go on from first_seq."""
    for i in range(n):
        w.advance(0.01)
        w.udp(CLIENT, 50100, EDGE, 3478, turn.message(0x0004, bytes([first_tid, i]) * 8, [
            turn.attr(turn.DESTINATION_ADDRESS, turn.addr(PEER, 40000)), turn.attr(turn.DATA, rtp(first_seq + i, 0x11223344)),
            turn.attr(turn.USERNAME, user), turn.attr(turn.REALM, realm), turn.attr(turn.NONCE, nonce)], key))
        w.advance(0.01)
        w.udp(EDGE, 3478, CLIENT, 50100, turn.message(0x0115, bytes([first_tid + 1, i]) * 8, [
            turn.attr(turn.REMOTE_ADDRESS, turn.addr(PEER, 40000)), turn.attr(turn.DATA, rtp(first_seq + i, 0x55667788))]))


def main(path):
    with Writer(path) as w:
        f = TcpFlow(w, CLIENT, CPORT, POOL, 5060, isn_c=30000, isn_s=40000)          # 1-3
        signalling_start(f)                                                            # 4-7
        w.advance(0.2)
        user, key, realm, nonce = allocations(w)                                       # 8-15
        relay = "3 1 UDP 16777215 %s 55000 typ relay raddr 192.0.2.10 rport 50100" % EDGE
        host = "1 1 UDP 2130706431 192.0.2.10 50100 typ host"
        f.send("c", sip("INVITE %s SIP/2.0" % BOB, hdrs(3, "INVITE", BOB) + [
            "Contact: <sip:alice@contoso.com;opaque=user:epid:x;gruu>",
            "User-Agent: UCCAPI/3.5.6907.0 OC/3.5.6907.0 (Microsoft Office Communicator 2007 R2)",
            "Content-Type: application/sdp"], sdp(CLIENT, (EDGE, 55000), [host, relay])))               # 16
        w.tcp_raw(POOL, 5060, CLIENT, CPORT, f.seq["s"], f.seq["c"], ACK)              # 17
        w.advance(1.5)
        f.send("s", response(3, 200, "OK", "INVITE", BOB, [RR], sdp(PEER, ("198.51.100.41", 51000), [
            "1 1 UDP 2130706431 %s 40000 typ host" % PEER,
            "3 1 UDP 16777215 198.51.100.41 51000 typ relay raddr %s rport 40000" % PEER]),
            ct="application/sdp"))                                                     # 18
        media(w, user, key, realm, nonce, 30, 0x10)                                    # 19-78
        w.advance(2.5)
        media(w, user, key, realm, nonce, 1, 0x20, first_seq=31)                       # 79-80
        f.send("c", sip("BYE %s SIP/2.0" % BOB, hdrs(4, "BYE", BOB)))                   # 81
        f.send("s", response(4, 200, "OK", "BYE", BOB))                                # 82
        f.send("c", sip("SERVICE %s SIP/2.0" % T.QOE_URI, hdrs(5, "SERVICE", T.QOE_URI) + [
            "Content-Type: %s" % T.QOE_CT], T.qoe_body(5)))                             # 83
        f.send("s", response(5, 202, "Accepted", "SERVICE", T.QOE_URI))               # 84


if __name__ == "__main__":
    main(os.path.join(HERE, "flow-external.pcap"))
