#!/usr/bin/python3
"""Builds the hostile inputs of tests/tshark/test_security.py (synthetic, invented values).

security-mi-spoof.pcap    MS-TURN over TCP 443 after the pseudo-TLS hello (frames 1-2), then
                          frames 3-4: a Shared Secret request A whose DATA holds a
                          correctly signed message N (credentials dXNlcg== / cGFzcw==, base64 of
                          "user" / "pass", realm "r"), split over two segments so that N in the
                          reassembled PDU and the next message B in the second segment's own
                          bytes sit at the same raw offset; B carries an all-zero (forged)
                          MESSAGE-INTEGRITY.
security-nest.pcap        one UDP 3478 datagram of 2,000 nested Data Indications (DATA without
                          padding, the old form), 64,054 bytes.
security-mras-bodies.pcap SIP over TCP 5060: frame 4 an MRAS request "X"; frame 5 one segment with
                          17 SERVICE messages: body 0 request "Y" (never answered), bodies 1-15
                          requests "Z1".."Z15", body 16 the response to "X" (with a password).
security-bigts.pcapng     pcapng with if_tsresol 0 (one unit per second): a SERVICE request and an
                          OPTIONS at 1e13 s.
security-syn-repeat.pcap  the same SIP/TLS SYN (port 5061) 65,537 times, then another client's SYN.

Run from anywhere; writes next to this script.
"""
import base64
import hashlib
import hmac
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
import pcapgen  # noqa: E402


def attr(t, v):
    return struct.pack("!HH", t, len(v)) + v


COOKIE = attr(0x000F, struct.pack("!I", 0x72C64BC6))


def turn(mtype, tid, attrs):
    return struct.pack("!HH", mtype, len(attrs)) + tid + attrs


def signed(tid, good):
    """Old-form Allocate signed as libnice's OC2007 mode signs it (64-byte zero padding)."""
    pre = COOKIE + attr(0x0006, b"user") + attr(0x0015, b"r")
    msg = turn(0x0001, tid, pre + attr(0x0008, b"\0" * 20))
    mi_off = 20 + len(pre)
    if not good:
        return msg
    key = hashlib.md5(b"user:r:pass").digest()
    data = msg[0:2] + struct.pack("!H", mi_off + 4) + msg[4:mi_off]
    data += b"\0" * (-mi_off % 64)
    return msg[:mi_off + 4] + hmac.new(key, data, hashlib.sha1).digest()


def mi_spoof(path):
    n = signed(b"N" * 16, True)
    b = signed(b"B" * 16, False)
    tail = 10                                   # bytes of A in the second segment
    pad = attr(0x8006, b"P" * 28)               # puts N at reassembled offset 68 = 54 + 4 + tail
    a = turn(0x0001, b"A" * 16, COOKIE + pad + attr(0x0013, n))
    fa = struct.pack("!BBH", 2, 0, len(a)) + a
    fb = struct.pack("!BBH", 2, 0, len(b)) + b
    # MS-TURN on 443 opens with the pseudo-TLS hello ([MS-TURN] 2.1.4): the
    # Edge's ServerHello + empty ServerHelloDone in one record makes it MS-TURN
    ch_body = b"\x03\x01" + bytes(32) + b"\x00" + b"\x00\x02\x00\x2f" + b"\x01\x00"
    sh_body = b"\x03\x01" + bytes(32) + b"\x00" + b"\x00\x2f" + b"\x00"
    ch = b"\x01" + struct.pack("!I", len(ch_body))[1:] + ch_body
    sh = b"\x02" + struct.pack("!I", len(sh_body))[1:] + sh_body + b"\x0e\x00\x00\x00"
    ch = b"\x16\x03\x01" + struct.pack("!H", len(ch)) + ch
    sh = b"\x16\x03\x01" + struct.pack("!H", len(sh)) + sh
    ack = 1 + len(sh)
    with pcapgen.Writer(path) as w:
        w.tcp_raw("10.0.0.2", 50000, "10.0.0.1", 443, 1000 - len(ch), 1, pcapgen.PSH | pcapgen.ACK, ch)
        w.tcp_raw("10.0.0.1", 443, "10.0.0.2", 50000, 1, 1000, pcapgen.PSH | pcapgen.ACK, sh)
        w.tcp_raw("10.0.0.2", 50000, "10.0.0.1", 443, 1000, ack, pcapgen.PSH | pcapgen.ACK, fa[:-tail])
        w.tcp_raw("10.0.0.2", 50000, "10.0.0.1", 443, 1000 + len(fa) - tail, ack, pcapgen.PSH | pcapgen.ACK,
                  fa[-tail:] + fb)


def nest(path, depth=2000):
    inner = b""
    for _ in range(depth):
        attrs = COOKIE + struct.pack("!HH", 0x0013, len(inner)) + inner
        inner = turn(0x0115, bytes(range(16)), attrs)
    with pcapgen.Writer(path) as w:
        w.udp("10.0.0.2", 50000, "10.0.0.1", 3478, inner)


NS = "http://schemas.microsoft.com/2006/09/sip/mrasp"


def mras_request(rid):
    body = ('<?xml version="1.0" encoding="utf-8"?><request xmlns="%s" requestID="%s" version="2.0" to="sip:mras@b"'
            ' from="sip:a@b"><credentialsRequest credentialsRequestID="%s"><identity>sip:a@b</identity>'
            '<location>internet</location><duration>480</duration></credentialsRequest></request>' % (NS, rid, rid))
    return pcapgen.sip("SERVICE sip:mras@b SIP/2.0", [
        "Via: SIP/2.0/TCP 10.0.0.1:50010;branch=z9hG4bK%s" % rid, "From: <sip:a@b>;tag=1", "To: <sip:mras@b>",
        "Call-ID: %s" % rid, "CSeq: 1 SERVICE", "Content-Type: application/msrtc-media-relay-auth+xml"], body)


def mras_response(rid):
    body = ('<?xml version="1.0" encoding="utf-8"?><response xmlns="%s" requestID="%s" version="2.0" '
            'serverVersion="2.0" to="sip:a@b" from="sip:mras@b" reasonPhrase="OK"><credentialsResponse '
            'credentialsRequestID="%s"><credentials><username>dXNlcg==</username><password>%s</password>'
            '<duration>480</duration></credentials><mediaRelayList><mediaRelay><location>internet</location>'
            '<directIPAddress>10.0.0.9</directIPAddress><udpPort>3478</udpPort></mediaRelay></mediaRelayList>'
            '</credentialsResponse></response>' % (NS, rid, rid, base64.b64encode(b"SECRETPASSWORD").decode()))
    return pcapgen.sip("SIP/2.0 200 OK", [
        "Via: SIP/2.0/TCP 10.0.0.1:50010;branch=z9hG4bK%s" % rid, "From: <sip:a@b>;tag=1",
        "To: <sip:mras@b>;tag=2", "Call-ID: %s" % rid, "CSeq: 1 SERVICE",
        "Content-Type: application/msrtc-media-relay-auth+xml"], body)


def mras_bodies(path):
    with pcapgen.Writer(path) as w:
        f = pcapgen.TcpFlow(w, "10.0.0.1", 50010, "10.0.0.2", 5060)
        f.send("c", mras_request("X"))
        f.send("c", b"".join(
            [mras_request("Y")] + [mras_request("Z%d" % i) for i in range(1, 16)] + [mras_response("X")]))


def pcapng_block(btype, body):
    body += b"\0" * (-len(body) % 4)
    return struct.pack("<II", btype, 12 + len(body)) + body + struct.pack("<I", 12 + len(body))


def bigts(path):
    req = pcapgen.sip("SERVICE sip:mras@b SIP/2.0", [
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1", "From: <sip:a@b>;tag=1", "To: <sip:mras@b>",
        "Call-ID: c1", "CSeq: 1 SERVICE"])
    other = pcapgen.sip("OPTIONS sip:x@b SIP/2.0", [
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK2", "From: <sip:a@b>;tag=1", "To: <sip:x@b>",
        "Call-ID: c2", "CSeq: 1 OPTIONS"])
    tmp = path + ".tmp"
    with pcapgen.Writer(tmp) as w:          # Ethernet frames from the classic writer
        w.udp("10.0.0.1", 5060, "10.0.0.2", 5060, req)
        w.udp("10.0.0.1", 5060, "10.0.0.2", 5060, other)
    raw = open(tmp, "rb").read()
    os.unlink(tmp)
    frames, off = [], 24
    while off < len(raw):
        incl = struct.unpack("<I", raw[off + 8:off + 12])[0]
        frames.append(raw[off + 16:off + 16 + incl])
        off += 16 + incl
    shb = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    idb = pcapng_block(1, struct.pack("<HHI", 1, 0, 0) + struct.pack("<HHB3x", 9, 1, 0) + struct.pack("<HH", 0, 0))
    out = shb + idb
    for i, p in enumerate(frames):
        ts = 10 ** 13 + 100 * i
        out += pcapng_block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(p), len(p)) + p)
    open(path, "wb").write(out)


def syn_repeat(path, n=65537):
    with pcapgen.Writer(path) as w:
        for _ in range(n):
            w.tcp_raw("10.0.0.1", 50000, "10.0.0.2", 5061, 1000, 0, pcapgen.SYN)
        w.tcp_raw("10.0.0.3", 50001, "10.0.0.2", 5061, 2000, 0, pcapgen.SYN)


def main():
    mi_spoof(os.path.join(HERE, "security-mi-spoof.pcap"))
    nest(os.path.join(HERE, "security-nest.pcap"))
    mras_bodies(os.path.join(HERE, "security-mras-bodies.pcap"))
    bigts(os.path.join(HERE, "security-bigts.pcapng"))


if __name__ == "__main__":
    if len(sys.argv) == 2:              # the large SYN capture is made by the test, not checked in
        syn_repeat(sys.argv[1])
    else:
        main()
