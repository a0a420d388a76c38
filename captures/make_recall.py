#!/usr/bin/python3
"""Builds ocstriage-recall.pcap: OCS shapes the triage once missed, each
with the evidence SIGNATURES.md asks for, and near-misses that must stay
silent. Deterministic; SIP text by pcapgen.sip() (sipp is not packaged for
Debian 12), MS-TURN messages by tools/msturn_wire.py.

   1     Allocate (old form, MS-VERSION 1) 192.0.2.10:50200 -> Edge 203.0.113.30:3478
   2     401 as libnice's OC2007 server agent answers it (the issue report's
         shape: ERROR-CODE, REALM padded with spaces, NONCE; no MAGIC-COOKIE
         attribute, no MS-VERSION)              msturn, response to 1 (no finding)
   3     INVITE (UCCAPI): relay candidate 10.1.1.80 whose only public address
         is its raddr                           sdp.private-relay-address
   4     INVITE (UCCAPI): MS ICE draft-6 candidates (no typ), all RFC 1918
                                                sdp.no-relay-candidates
   5     INVITE from a browser (JsSIP): host + srflx, no TURN   (no finding)
   6     Allocate to Edge 203.0.113.40:3478, never answered     msturn.no-response (once)
   7-9   its three retransmissions (same transaction id) at +0.5, +1.5, +3.5 s
  10     SIP OPTIONS 10 s later (UDP)
  11-13  TCP handshake to 198.51.100.20:5061, 20 s later
  14     TCP ACK 25 s after the last retransmission: the capture's last frame
"""
import sys
sys.dont_write_bytecode = True  # noqa: E305
import os

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
sys.path.insert(0, os.path.join(HERE, "tools"))
sys.path.insert(0, HERE)
from pcapgen import Writer, TcpFlow, sip, ACK  # noqa: E402
import msturn_wire as turn  # noqa: E402
import make_ocstriage as O  # noqa: E402

CLIENT, FE, EDGE, EDGE2 = "192.0.2.10", "198.51.100.20", "203.0.113.30", "203.0.113.40"
UCCAPI = "User-Agent: UCCAPI/3.5.6907.0 OC/3.5.6907.0 (Microsoft Office Communicator 2007 R2)"
DRAFT6 = ["u1Xb 1 p1Kq UDP 0.900 192.168.1.20 50012", "u1Xb 2 p1Kq UDP 0.900 192.168.1.20 50013",
          "u2Zc 1 p2Lr TCP 0.250 10.20.30.40 50014"]


def invite(n, candidates, ua):
    to = "sip:bob@fabrikam.com"
    return sip("INVITE %s SIP/2.0" % to, O.hdrs(n, "INVITE", to) + [
        "Contact: <sip:alice@contoso.com>", ua, "Content-Type: application/sdp"], O.sdp(candidates))


def build(path):
    with Writer(path) as w:
        tid1, tid2 = bytes(range(0x10, 0x20)), bytes(range(0x40, 0x50))
        w.udp(CLIENT, 50200, EDGE, 3478, turn.message(0x0003, tid1, [turn.attr(turn.MS_VERSION, turn.u32(1))]))
        w.udp(EDGE, 3478, CLIENT, 50200, turn.message(0x0113, tid1, [
            turn.attr(turn.ERROR_CODE, turn.error_code(401, "Unauthorized")),
            turn.attr(turn.REALM, b"SIP Communications Service      "),
            turn.attr(turn.NONCE, b"3a8b1f0c9d2e7a64")], cookie_attr=False))
        w.udp(CLIENT, 5060, FE, 5060, invite(21, [O.HOST, O.RELAY_PRIV], UCCAPI))        # 3
        w.udp(CLIENT, 5060, FE, 5060, invite(22, DRAFT6, UCCAPI))                        # 4
        w.udp(CLIENT, 5060, FE, 5060, invite(23, [O.HOST, O.SRFLX], "User-Agent: JsSIP 3.10.0"))  # 5
        w.advance(1)
        allocate = turn.message(0x0003, tid2, [turn.attr(turn.MS_VERSION, turn.u32(1))])
        for gap in (0, 0.5, 1.0, 2.0):                                                   # 6-9
            w.advance(gap)
            w.udp(CLIENT, 50201, EDGE2, 3478, allocate)
        w.advance(10)
        O.options(w, 24)                                                                 # 10
        w.advance(10)
        f = TcpFlow(w, CLIENT, 50202, FE, 5061, isn_c=30000, isn_s=40000)               # 11-13
        w.advance(5)
        w.tcp_raw(CLIENT, 50202, FE, 5061, f.seq["c"], f.seq["s"], ACK)                 # 14


if __name__ == "__main__":
    build(os.path.join(HERE, "ocstriage-recall.pcap"))
