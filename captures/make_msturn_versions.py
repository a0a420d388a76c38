#!/usr/bin/python3
"""Synthetic capture captures/msturn-versions.pcap (deterministic): one
client/relay exchange for each MS-TURN version [MS-TURN] distinguishes, MS-VERSION
absent (OCS 2007's first release) and MS-VERSION 1 to 6, each on its own
address pair, written after plugins/profile/msturn-protocol-notes.md and the
[MS-TURN] / [MS-TURNBWM] sections it cites:

  version  header form (notes "Header forms")           MESSAGE-INTEGRITY
  absent   old: 16-byte transaction id, MAGIC-COOKIE    20 bytes, HMAC-SHA1, key MD5(user:realm:pass),
  1, 2     first, attributes unpadded                   input zero-padded to 64 bytes (libnice OC2007)
  3 .. 6   RFC 5389 header (0x2112A442 + 12-byte id),   32 bytes, HMAC-SHA256 with the key derived from
           MAGIC-COOKIE first, attributes unpadded      NONCE and password (tests/unit/msturn_vectors.py),
           (as Teams sends them, notes)                 input not padded

Allocate responses ([MS-TURN] 3.2.5.1): XOR-MAPPED-ADDRESS (0x8020, the client's
reflexive address) always; MAPPED-ADDRESS (0x0001, the relayed IPv4 address)
for every version, as 3.2.5.1 says for MS-VERSION absent or <= 3 and, from 4
on, for a client that asked for IPv4 in REQUESTED-ADDRESS-FAMILY (0x0017);
version 4's relay also allocates IPv6 and names it in MS-ALTERNATE-MAPPED-ADDRESS
(0x8090, [MS-TURN] 2.2.2.23, plain address). XOR-MAPPED-ADDRESS is XORed with
message bytes 4..7 (port with 4..5): the first transaction-id bytes in the old
form (libnice OC2007), the RFC 5389 cookie in the new form. Versions 5 and 6
(multiplexed TURN): the 401 announces MS-MULTIPLEXED-TURN-SESSION-ID (0x8095),
the authenticated Allocate repeats it and media then flows in channel 0xFF10
frames carrying it ([MS-TURN] multiplexed TURN message). Versions 3 to 6 add an
[MS-TURNBWM] reservation check to the authenticated Allocate (BANDWIDTH-
ADMISSION-CONTROL-MESSAGE, -RESERVATION-IDENTIFIER, -RESERVATION-AMOUNT, REMOTE-
and LOCAL-SITE-ADDRESS, LOCATION-PROFILE, SIP-DIALOG- and SIP-CALL-IDENTIFIER)
and the response answers it (REMOTE-, LOCAL- and LOCAL-RELAY-SITE-ADDRESS-
RESPONSE, [MS-TURNBWM] 3.2.5.1).

Credentials: MRAS-style binary username USER / password PASS (base64 USER_B64 /
PASS_B64 below), given to the dissector through its credentials preference
(uat:msturn_credentials); there is no MRAS response in the capture, so without
the preference every MESSAGE-INTEGRITY is "unverified: no credentials".

Frames, exchange k = 0 (absent), 1..6 (MS-VERSION k); client 192.0.2.(20+k):(50000+k)
<-> relay 203.0.113.(20+k):3478, peer 198.51.100.(20+k):(40000+2k):
  1  Allocate, no credentials (MS-VERSION, LIFETIME, MS-SERVICE-QUALITY;
     REQUESTED-ADDRESS-FAMILY IPv4 from version 4)
  2  401 Unauthorized: REALM, NONCE (MS-MULTIPLEXED-TURN-SESSION-ID from 5)
  3  Allocate with USERNAME, REALM, NONCE, MS-SEQUENCE-NUMBER, MESSAGE-INTEGRITY
  4  Allocate success: MAPPED-ADDRESS 203.0.113.(20+k):(51000+k), XOR-MAPPED-ADDRESS
     192.0.2.(20+k):(50000+k), LIFETIME, MS-VERSION, MS-SEQUENCE-NUMBER (version 6:
     SOFTWARE, 9 bytes, as Teams' relays send it), MI
  5  Set Active Destination request (DESTINATION-ADDRESS the peer), signed
  6  Set Active Destination success, signed
  7  Send request: DESTINATION-ADDRESS, DATA = RTP seq 100+k (SSRC 0x5e5e0000+k), signed
  8  Send request: DATA = RTP seq 101+k, MESSAGE-INTEGRITY deliberately wrong
     (last byte flipped): "failed"
  9  Data Indication (0x0115): REMOTE-ADDRESS the peer, DATA = RTP seq 200+k
  10 versions 5, 6: channel 0xFF10 frame with the session id and RTP seq 102+k (the Sends go on)
Exchange k starts at frame 1 + 9k for k <= 5; exchange 6 at frame 56.
"""
import base64
import hashlib
import hmac
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
sys.path.insert(0, os.path.join(HERE, "tools"))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "unit"))
import pcapgen  # noqa: E402
import msturn_wire as w  # noqa: E402
import msturn_vectors  # noqa: E402  (the SHA-256 key derivation, independent of the C code)

USER = b"\x02\x00\x00\x24" + bytes((i * 53 + 7) & 0xFF for i in range(28))
PASS = bytes((i * 29 + 3) & 0xFF for i in range(20))
USER_B64 = base64.b64encode(USER).decode()
PASS_B64 = base64.b64encode(PASS).decode()
REALM_OCS = b"SIP Communications Service"
REALM_TEAMS = b'"rtcmedia"'          # quoted on the wire, as Teams sends it (notes)
NONCE = b"5e0f7c1d9a3b2e4f6a8c0d1e3f5a7b9c"
VERSIONS = [None, 1, 2, 3, 4, 5, 6]

REQUESTED_ADDRESS_FAMILY = 0x0017
MS_ALTERNATE_MAPPED_ADDRESS = 0x8090
MS_MUX_SESSION_ID = 0x8095
BW_ACM, BW_RES_ID, BW_AMOUNT = 0x8056, 0x8057, 0x8058
REMOTE_SITE, LOCAL_SITE = 0x8059, 0x805B
REMOTE_SITE_RESP, LOCAL_SITE_RESP, LOCAL_RELAY_SITE_RESP = 0x805D, 0x805F, 0x8060
SIP_DIALOG_ID, SIP_CALL_ID, LOCATION_PROFILE = 0x8061, 0x8062, 0x8068


def new_form(version):
    return version is not None and version >= 3


def realm(version):
    return REALM_TEAMS if version in (5, 6) else REALM_OCS


def sha256_key(version):
    return msturn_vectors.sha256_key(USER, realm(version).strip(b'"'), NONCE, PASS)


def ms5389(mtype, tid12, attrs, key=None):
    """RFC 5389 header, MAGIC-COOKIE first, MS-TURN's unpadded attributes; with key,
    a 32-byte MESSAGE-INTEGRITY over the message up to it, the length field
    counting up to its end, no 64-byte padding."""
    body = w.attr(w.MAGIC_COOKIE, w.u32(w.MS_MAGIC)) + b"".join(attrs)
    if key is None:
        return struct.pack("!HHI", mtype, len(body), w.RFC5389_COOKIE) + tid12 + body
    head = struct.pack("!HHI", mtype, len(body) + 36, w.RFC5389_COOKIE) + tid12 + body
    return head + w.attr(w.MESSAGE_INTEGRITY, hmac.new(key, head, hashlib.sha256).digest())


def xor_addr(ip, port, key4):
    """XOR address with message bytes 4..7 (port with 4..5)."""
    raw = bytes(int(x) for x in ip.split("."))
    return struct.pack("!BBH", 0, 1, port ^ struct.unpack("!H", key4[:2])[0]) + \
        bytes(a ^ b for a, b in zip(raw, key4))


def v6_addr(ip6, port):
    return struct.pack("!BBH", 0, 2, port) + ip6


def rtp(seq, ssrc):
    return struct.pack("!BBHII", 0x80, 0x00, seq, 160 * seq, ssrc) + b"\xd5" * 160


class Exchange:
    """One version's client/relay exchange: its ids, addresses and builders."""

    def __init__(self, k):
        self.k = k
        self.version = VERSIONS[k]
        self.client = ("192.0.2.%d" % (20 + k), 50000 + k)
        self.relay = ("203.0.113.%d" % (20 + k), 3478)
        self.peer = ("198.51.100.%d" % (20 + k), 40000 + 2 * k)
        self.allocated = ("203.0.113.%d" % (20 + k), 51000 + k)
        self.session_id = bytes([0x5e, 0x55, 0x10, k, 0, 0, 0, 1])
        self.ssrc = 0x5E5E0000 + k
        self.n = 0

    def tid(self):
        self.n += 1
        if new_form(self.version):
            return b"MSV%d" % self.k + struct.pack("!Q", 0x7E000000 + self.n)
        return bytes([0xC0 + self.k, self.n]) + bytes(range(2, 16))

    def key4(self, tid):
        return struct.pack("!I", w.RFC5389_COOKIE) if new_form(self.version) else tid[:4]

    def msg(self, mtype, tid, attrs, signed):
        if new_form(self.version):
            return ms5389(mtype, tid, attrs, sha256_key(self.version) if signed else None)
        key = w.key(USER, realm(self.version), PASS) if signed else None
        return w.message(mtype, tid, attrs, key)

    def ver(self):
        return [w.attr(w.MS_VERSION, w.u32(self.version))] if self.version is not None else []

    def family(self):
        return [w.attr(REQUESTED_ADDRESS_FAMILY, b"\x01\0\0\0")] if (self.version or 0) >= 4 else []

    def mux(self):
        return [w.attr(MS_MUX_SESSION_ID, self.session_id)] if (self.version or 0) >= 5 else []

    def seq(self, n):
        return w.attr(w.MS_SEQUENCE_NUMBER, bytes([0xA0 + self.k] * 20) + w.u32(n))

    def auth(self, n):
        return [w.attr(w.USERNAME, USER), w.attr(w.REALM, realm(self.version)), w.attr(w.NONCE, NONCE),
                self.seq(n)]

    def bwm_check(self, tid):
        if not new_form(self.version):
            return []
        k4 = self.key4(tid)
        return [w.attr(BW_ACM, struct.pack("!HH", 0, 0)),                    # reservation check
                w.attr(BW_RES_ID, bytes([0xB0 + self.k] * 16)),
                w.attr(BW_AMOUNT, struct.pack("!IIII", 128, 64, 128, 64)),
                w.attr(REMOTE_SITE, xor_addr(self.peer[0], self.peer[1], k4)),
                w.attr(LOCAL_SITE, xor_addr(self.client[0], self.client[1], k4)),
                w.attr(LOCATION_PROFILE, bytes([1, 2, 0, 0])),
                w.attr(SIP_DIALOG_ID, b"dialog-%d" % self.k),
                w.attr(SIP_CALL_ID, b"call-%d@contoso.com" % self.k)]

    def bwm_answer(self):
        if not new_form(self.version):
            return []
        return [w.attr(REMOTE_SITE_RESP, struct.pack("!III", 0x80000000, 128, 128)),
                w.attr(LOCAL_SITE_RESP, struct.pack("!III", 0x80000000, 128, 128)),
                w.attr(LOCAL_RELAY_SITE_RESP, struct.pack("!III", 0x80000000, 128, 128))]

    def software(self):
        # Teams' relays name themselves in SOFTWARE (0x8022, RFC 5389 15.10; notes)
        return [w.attr(0x8022, b"Relay 6.0")] if self.version == 6 else []

    def frames(self):
        """(direction, payload) of the exchange, 'c' client to relay, 'r' back."""
        out = []
        t1 = self.tid()
        out.append(("c", self.msg(0x0003, t1, self.ver() + [
            w.attr(w.LIFETIME, w.u32(480)), w.attr(w.MS_SERVICE_QUALITY, struct.pack("!HH", 1, 0))] +
            self.family(), False)))
        out.append(("r", self.msg(0x0113, t1, [w.attr(w.ERROR_CODE, w.error_code(401, "Unauthorized")),
                                               w.attr(w.REALM, realm(self.version)), w.attr(w.NONCE, NONCE)] +
                                  self.mux(), False)))
        t2 = self.tid()
        out.append(("c", self.msg(0x0003, t2, self.ver() + self.family() + self.mux() + self.bwm_check(t2) +
                                  self.auth(1), True)))
        alt = [w.attr(MS_ALTERNATE_MAPPED_ADDRESS, v6_addr(bytes.fromhex("20010db8000000000000000000000114"),
                                                           self.allocated[1]))] if self.version == 4 else []
        out.append(("r", self.msg(0x0103, t2, [w.attr(w.MAPPED_ADDRESS, w.addr(*self.allocated)),
                                               w.attr(w.XOR_MAPPED_ADDRESS, xor_addr(*self.client, self.key4(t2))),
                                               w.attr(w.LIFETIME, w.u32(480))] + self.ver() + [self.seq(1)] +
                                  alt + self.bwm_answer() + self.software(), True)))
        t3 = self.tid()
        out.append(("c", self.msg(0x0006, t3, [w.attr(w.DESTINATION_ADDRESS, w.addr(*self.peer))] +
                                  self.auth(2), True)))
        out.append(("r", self.msg(0x0106, t3, [self.seq(2)], True)))
        out.append(("c", self.msg(0x0004, self.tid(), [w.attr(w.DESTINATION_ADDRESS, w.addr(*self.peer)),
                                                       w.attr(w.DATA, rtp(100 + self.k, self.ssrc))] +
                                  self.auth(3), True)))
        bad = self.msg(0x0004, self.tid(), [w.attr(w.DESTINATION_ADDRESS, w.addr(*self.peer)),
                                            w.attr(w.DATA, rtp(101 + self.k, self.ssrc))] + self.auth(4), True)
        out.append(("c", bad[:-1] + bytes([bad[-1] ^ 0xFF])))
        out.append(("r", self.msg(0x0115, self.tid(), [w.attr(w.REMOTE_ADDRESS, w.addr(*self.peer)),
                                                       w.attr(w.DATA, rtp(200 + self.k, self.ssrc + 0x100))],
                                  False)))
        if (self.version or 0) >= 5:
            out.append(("c", w.mturn_data(self.session_id, rtp(102 + self.k, self.ssrc))))
        return out


def main():
    out = os.path.join(HERE, "msturn-versions.pcap")
    with pcapgen.Writer(out) as pw:
        for k in range(len(VERSIONS)):
            ex = Exchange(k)
            for direction, payload in ex.frames():
                if direction == "c":
                    pw.udp(ex.client[0], ex.client[1], ex.relay[0], ex.relay[1], payload)
                else:
                    pw.udp(ex.relay[0], ex.relay[1], ex.client[0], ex.client[1], payload)
            pw.advance(1.0)
    print("wrote", out)


if __name__ == "__main__":
    main()
