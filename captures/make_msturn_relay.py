#!/usr/bin/python3
"""captures/msturn-relay.pcap (deterministic): media on a relayed address.

What the Edge's external side sees after a successful Allocate: the client's
Allocate (OCS 2007 form) and the Edge's success response with MAPPED-ADDRESS
203.0.113.5:50100 (the relayed address), then a peer sending RTP to that
address and the relay sending RTP back, plus RTCP on the next port. Without
the plugin the media is plain UDP; msturn hands the relayed address to RTP.

Frames: 1 Allocate request, 2 Allocate response, 3-5 RTP peer -> relay,
6-7 RTP relay -> peer, 8 RTCP sender report peer -> relay port + 1,
9 UDP to another port of the Edge (must stay undecoded data).
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
sys.path.insert(0, os.path.join(HERE, "tools"))
import pcapgen  # noqa: E402
import msturn_wire as w  # noqa: E402

CLIENT, EDGE, PEER = "192.0.2.10", "203.0.113.5", "198.51.100.7"
RELAY_PORT, PEER_PORT = 50100, 40000


def rtp(seq, ssrc):
    return struct.pack("!BBHII", 0x80, 0x00, seq, 160 * seq, ssrc) + b"\xd5" * 160


def main():
    out = os.path.join(HERE, "msturn-relay.pcap")
    tid = bytes([0xB1]) + bytes(range(1, 16))
    with pcapgen.Writer(out) as pw:
        pw.udp(CLIENT, 50000, EDGE, 3478,
               w.message(0x0003, tid, [w.attr(w.MS_VERSION, w.u32(2)), w.attr(w.LIFETIME, w.u32(480))]))
        pw.udp(EDGE, 3478, CLIENT, 50000,
               w.message(0x0103, tid, [w.attr(w.MAPPED_ADDRESS, w.addr(EDGE, RELAY_PORT)),
                                       w.attr(w.XOR_MAPPED_ADDRESS, w.xor_addr(CLIENT, 50000, tid)),
                                       w.attr(w.LIFETIME, w.u32(480)), w.attr(w.MS_VERSION, w.u32(2))]))
        for seq in (1, 2, 3):
            pw.advance(0.02)
            pw.udp(PEER, PEER_PORT, EDGE, RELAY_PORT, rtp(seq, 0x0A0B0C0D))
        for seq in (1, 2):
            pw.advance(0.02)
            pw.udp(EDGE, RELAY_PORT, PEER, PEER_PORT, rtp(seq, 0x01020304))
        pw.udp(PEER, PEER_PORT + 1, EDGE, RELAY_PORT + 1,
               struct.pack("!BBHIIIIII", 0x80, 200, 6, 0x0A0B0C0D, 0xE0000000, 0, 1000, 5, 800))
        pw.udp(PEER, PEER_PORT, EDGE, 50200, b"\x01\x02\x03\x04" * 10)


if __name__ == "__main__":
    main()
