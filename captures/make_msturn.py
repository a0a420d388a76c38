#!/usr/bin/python3
"""Synthetic MS-TURN capture captures/msturn.pcap (deterministic).

Messages are built by captures/tools/msturn_wire.py with the OCS 2007 header
form and the MESSAGE-INTEGRITY algorithm checked against libnice's OC2007 mode
(see make_msturn_libnice.py). Frame layout is listed in captures/README.md.
Credentials: MRAS username/password (base64) USERNAME_B64 / PASSWORD_B64 below.
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

CLIENT, EDGE = "192.0.2.10", "203.0.113.5"
RELAY = ("203.0.113.5", 50100)
PEER = ("198.51.100.7", 50012)
REFLEXIVE = ("192.0.2.10", 50000)
USERNAME = bytes.fromhex("020000244b3f5c1d8e7a6b5c4d3e2f10a9b8c7d6")  # binary, as MRAS issues it
PASSWORD = bytes.fromhex("8f1e2d3c4b5a69788796a5b4c3d2e1f0fedcba98")
USERNAME_B64 = base64.b64encode(USERNAME).decode()
PASSWORD_B64 = base64.b64encode(PASSWORD).decode()
REALM = b"SIP Communications Service"
NONCE = b"7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e"
UNKNOWN_USER = b"unknown-user-from-other-pool"
KEY = w.key(USERNAME, REALM, PASSWORD)


def tid(n):
    return bytes([0xA0 + n]) + bytes(range(1, 16))


def seq_attr(n):
    return w.attr(w.MS_SEQUENCE_NUMBER, bytes(range(20)) + w.u32(n))


def auth_attrs(user=USERNAME, n=1):
    return [w.attr(w.USERNAME, user), w.attr(w.REALM, REALM), w.attr(w.NONCE, NONCE), seq_attr(n)]


def rtp(seq):
    return struct.pack("!BBHII", 0x80, 0x00, seq, 160 * seq, 0x11223344) + b"\xd5" * 160


def rtcp_sr():
    return struct.pack("!BBHIIIIII", 0x80, 200, 6, 0x11223344, 0xE0000000, 0, 1000, 5, 800)


def ice_check():
    return w.rfc5389(0x0001, b"ICECHECK0001", [(0x0006, b"abcd:efgh"), (0x8054, b"1\0\0\0")])


def main():
    out = os.path.join(HERE, "msturn.pcap")
    with pcapgen.Writer(out) as pw:
        def c2e(msg, sport=50000, dport=3478):
            pw.udp(CLIENT, sport, EDGE, dport, msg)

        def e2c(msg, sport=3478, dport=50000):
            pw.udp(EDGE, sport, CLIENT, dport, msg)

        # 1-4: challenge and authenticated Allocate
        c2e(w.message(0x0003, tid(1), [w.attr(w.MS_VERSION, w.u32(2)), w.attr(w.LIFETIME, w.u32(480)),
                                       w.attr(w.BANDWIDTH, w.u32(768)),
                                       w.attr(w.MS_SERVICE_QUALITY, struct.pack("!HH", 1, 0))]))
        e2c(w.message(0x0113, tid(1), [w.attr(w.ERROR_CODE, w.error_code(401, "Unauthorized")),
                                       w.attr(w.REALM, REALM), w.attr(w.NONCE, NONCE),
                                       w.attr(w.ALTERNATE_SERVER, w.addr(EDGE, 3478))]))
        c2e(w.message(0x0003, tid(2), [w.attr(w.MS_VERSION, w.u32(2))] + auth_attrs(), KEY))
        e2c(w.message(0x0103, tid(2), [w.attr(w.MAPPED_ADDRESS, w.addr(*RELAY)),
                                       w.attr(w.XOR_MAPPED_ADDRESS, w.xor_addr(*REFLEXIVE, tid(2))),
                                       w.attr(w.LIFETIME, w.u32(480)), w.attr(w.MS_VERSION, w.u32(2)),
                                       seq_attr(1)], KEY))
        # 5-6: Send request with RTP, Data Indication with an ICE check
        c2e(w.message(0x0004, tid(3), [w.attr(w.DESTINATION_ADDRESS, w.addr(*PEER)),
                                       w.attr(w.DATA, rtp(1))] + auth_attrs(n=2), KEY))
        e2c(w.message(0x0115, tid(4), [w.attr(w.REMOTE_ADDRESS, w.addr(*PEER)),
                                       w.attr(w.DATA, ice_check())]))
        # 7-8: Set Active Destination
        c2e(w.message(0x0006, tid(5), [w.attr(w.DESTINATION_ADDRESS, w.addr(*PEER))] + auth_attrs(n=3), KEY))
        e2c(w.message(0x0106, tid(5), [seq_attr(3)], KEY))
        # 9-10: unknown user -> 436
        c2e(w.message(0x0003, tid(6), [w.attr(w.MS_VERSION, w.u32(2))] + auth_attrs(UNKNOWN_USER),
                      w.key(UNKNOWN_USER, REALM, b"whatever")))
        e2c(w.message(0x0113, tid(6), [w.attr(w.ERROR_CODE, w.error_code(436, "Unknown User")),
                                       w.attr(w.REALM, REALM), w.attr(w.NONCE, NONCE)]))
        # 11-12: wrong password -> integrity fails here and on the Edge (431)
        c2e(w.message(0x0003, tid(7), [w.attr(w.MS_VERSION, w.u32(2))] + auth_attrs(),
                      w.key(USERNAME, REALM, b"stale-password")))
        e2c(w.message(0x0113, tid(7), [w.attr(w.ERROR_CODE, w.error_code(431, "Integrity Check Failure"))]))
        # 13: Allocate with no answer
        c2e(w.message(0x0003, tid(8), [w.attr(w.MS_VERSION, w.u32(2))]), sport=50002)
        # 14: every MS-TURNBWM / MS-ICE2 attribute in one Allocate request
        c2e(w.message(0x0003, tid(9), [
            w.attr(0x0017, b"\x01\0\0\0"), w.attr(0x8006, b"\x01\x02"),
            w.attr(0x8032, b"edge.example.com"), w.attr(0x8037, w.u32(7)),
            w.attr(0x8039, bytes(40)), w.attr(0x8054, b"1a2b"),
            w.attr(0x8056, struct.pack("!HH", 0, 1)), w.attr(0x8057, bytes(range(16))),
            w.attr(0x8058, struct.pack("!IIII", 1000, 100, 2000, 200)),
            w.attr(0x8059, w.xor_addr("10.1.1.1", 5000, tid(9))),
            w.attr(0x805A, w.xor_addr("10.1.1.2", 5001, tid(9))),
            w.attr(0x805B, w.xor_addr("10.2.2.1", 5002, tid(9))),
            w.attr(0x805C, w.xor_addr("10.2.2.2", 5003, tid(9))),
            w.attr(0x805D, struct.pack("!III", 0xC0000000, 500, 600)),
            w.attr(0x805E, struct.pack("!III", 0x80000000, 700, 800)),
            w.attr(0x805F, struct.pack("!III", 0, 0, 0)),
            w.attr(0x8060, struct.pack("!III", 0x80000000, 1, 2)),
            w.attr(0x8061, b"dialog-1"), w.attr(0x8062, b"call-1@example.com"),
            w.attr(0x8068, bytes([1, 2, 1, 0])), w.attr(0x8070, w.u32(3)),
            w.attr(0x8090, w.addr("192.0.2.99", 6000)), w.attr(0x8095, bytes(range(8)))]),
            sport=50003)
        e2c(w.message(0x0113, tid(9), [w.attr(w.ERROR_CODE, w.error_code(420, "Unknown Attribute")),
                                       w.attr(w.UNKNOWN_ATTRIBUTES, struct.pack("!HH", 0x8006, 0x8039))]),
            dport=50003)
        # 16: IPv6 XOR-MAPPED-ADDRESS in a response (no request in the capture)
        v6 = bytes.fromhex("20010db8000000000000000000000001")
        x6 = bytes(a ^ b for a, b in zip(v6, tid(10)))
        e2c(w.message(0x0103, tid(10), [w.attr(w.XOR_MAPPED_ADDRESS, struct.pack("!BBH", 0, 2, 50004 ^ 0xAA01) + x6)]),
            dport=50004)

        # --- hostile messages (UDP 3478) ---
        # 17: attribute length runs past the end
        m = w.message(0x0003, tid(11), [w.attr(w.LIFETIME, w.u32(1))])
        c2e(m[:-8] + struct.pack("!HH", w.USERNAME, 200) + b"abcd", sport=50010)
        # 18: length field larger than the datagram
        m = w.message(0x0003, tid(12), [w.attr(w.LIFETIME, w.u32(1))])
        c2e(m[:2] + struct.pack("!H", 400) + m[4:], sport=50011)
        # 19: 1000 attributes
        c2e(w.message(0x0003, tid(13), [w.attr(0x8006, b"")] * 1000), sport=50012)
        # 20: zero-length everything
        c2e(w.message(0x0003, tid(14), [w.attr(t, b"") for t in (0x0001, 0x0006, 0x0008, 0x0009, 0x000D,
                                                                  0x0013, 0x0014, 0x0015, 0x8020, 0x8050)]),
            sport=50013)
        # 21: unknown attributes, truncated attribute header at the end
        m = w.message(0x0003, tid(15), [w.attr(0x7777, b"zz"), w.attr(0xC001, b"y")]) + b"\x00\x01"
        c2e(m[:2] + struct.pack("!H", len(m) - 20) + m[4:], sport=50014)

        # --- others' traffic ---
        # 22-23: standard RFC 5389 Binding and Allocate on 3478 (stun's)
        c2e(w.rfc5389(0x0001, b"STDBINDING01", [(0x8022, b"test")]), sport=50020)
        c2e(w.rfc5389(0x0003, b"STDALLOCATE1", [(0x0019, b"\x11\0\0\0"), (0x000D, w.u32(600))]), sport=50020)
        # 24: old-form MS-TURN on an unregistered port (heuristic)
        c2e(w.message(0x0003, tid(16), [w.attr(w.MS_VERSION, w.u32(1))]), sport=50030, dport=50040)
        # 25: RTP on an unregistered port
        pw.udp(CLIENT, 50030, "198.51.100.7", 50041, rtp(2))

        # --- TCP 443: pseudo-TLS, framing split and packed ---
        f = pcapgen.TcpFlow(pw, CLIENT, 50500, EDGE, 443)
        # version, random, empty session id, one cipher suite / the chosen one, null compression
        ch_body = b"\x03\x01" + bytes(range(32)) + b"\x00" + b"\x00\x02\x00\x2f" + b"\x01\x00"
        sh_body = b"\x03\x01" + bytes(range(32, 64)) + b"\x00" + b"\x00\x2f" + b"\x00"
        client_hello = b"\x01" + struct.pack("!I", len(ch_body))[1:] + ch_body
        server_hello = b"\x02" + struct.pack("!I", len(sh_body))[1:] + sh_body
        f.send("c", b"\x16\x03\x01" + struct.pack("!H", len(client_hello)) + client_hello)
        f.send("s", b"\x16\x03\x01" + struct.pack("!H", len(server_hello) + 4) + server_hello + b"\x0e\x00\x00\x00")
        alloc = w.tcp_frame(2, w.message(0x0003, tid(20), [w.attr(w.MS_VERSION, w.u32(2))] + auth_attrs(), KEY))
        f.send("c", alloc, segments=[3, 30])  # split in three
        resp = w.tcp_frame(2, w.message(0x0103, tid(20), [w.attr(w.MAPPED_ADDRESS, w.addr(*RELAY)),
                                                          w.attr(w.XOR_MAPPED_ADDRESS,
                                                                 w.xor_addr("192.0.2.10", 50500, tid(20))),
                                                          w.attr(w.LIFETIME, w.u32(480))], KEY))
        f.send("s", resp + w.tcp_frame(3, rtp(3)))  # packed: response and a data chunk
        f.send("c", w.tcp_frame(3, rtcp_sr()) + w.tcp_frame(3, b"") +
               w.tcp_frame(2, w.message(0x0004, tid(21), [w.attr(w.DESTINATION_ADDRESS, w.addr(*PEER)),
                                                          w.attr(w.DATA, rtp(4))] + auth_attrs(n=2), KEY)))
        f.send("c", b"\x09\x09junk")
        f.close()

        # --- TCP 443: real TLS (ServerHello then Certificate) stays TLS ---
        g = pcapgen.TcpFlow(pw, CLIENT, 50600, EDGE, 443, isn_c=7000, isn_s=9000)
        g.send("c", b"\x16\x03\x01" + struct.pack("!H", len(client_hello)) + client_hello)
        g.send("s", b"\x16\x03\x01" + struct.pack("!H", len(server_hello) + 8) + server_hello +
               b"\x0b\x00\x00\x04\x00\x00\x00\x00")
        g.close()

        # --- TCP on another port: framed old form found by the heuristic ---
        h = pcapgen.TcpFlow(pw, CLIENT, 50700, EDGE, 4443, isn_c=11000, isn_s=13000)
        h.send("c", w.tcp_frame(2, w.message(0x0003, tid(22), [w.attr(w.MS_VERSION, w.u32(2))])))
        h.send("s", w.tcp_frame(2, w.message(0x0113, tid(22), [w.attr(w.ERROR_CODE, w.error_code(401, "Unauthorized")),
                                                               w.attr(w.REALM, REALM), w.attr(w.NONCE, NONCE)])))
        h.close()
    print("wrote", out)


if __name__ == "__main__":
    main()
