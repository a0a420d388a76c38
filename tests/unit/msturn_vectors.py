#!/usr/bin/python3
"""Test vectors for the MS-TURN MESSAGE-INTEGRITY of MS-VERSION >= 3, computed
with Python's hmac/hashlib from the derivation as written in
plugins/profile/msturn-protocol-notes.md (svens/turner's reading of [MS-TURN]),
independently of the C code they test (tests/unit/test_msturn.c):

  K   = HMAC-SHA256(key = nonce, data = password)
  key = HMAC-SHA256(key = K, data = 0x01 "TURN" 0x00 username realm 0x00 0x00 0x01 0x00)
  MI  = HMAC-SHA256(key, header with length up to the end of MESSAGE-INTEGRITY
                    + attributes before it [+ zero pad to a multiple of 64])

Run it to print the values pasted into test_msturn.c."""
import hashlib
import hmac
import struct

USER = b"\x02\x00\x00\x24user-token"
REALM = b"rtcmedia"          # on the wire: "rtcmedia" with quotes, stripped
NONCE = b"0123456789abcdef0123"
PASSWORD = b"secret-password"


def sha256_key(user, realm, nonce, password):
    k = hmac.new(nonce, password, hashlib.sha256).digest()
    return hmac.new(k, b"\x01TURN\x00" + user + realm + b"\x00\x00\x01\x00", hashlib.sha256).digest()


def message():
    """An MS-VERSION 6 Allocate request in the RFC 5389 header form, MAGIC-COOKIE
    first, unpadded attributes, everything up to MESSAGE-INTEGRITY."""
    attrs = struct.pack("!HHI", 0x000F, 4, 0x72C64BC6) + struct.pack("!HHI", 0x8008, 4, 6)
    attrs += struct.pack("!HH", 0x0015, len(REALM) + 2) + b'"' + REALM + b'"'
    attrs += struct.pack("!HH", 0x0014, len(NONCE)) + NONCE
    attrs += struct.pack("!HH", 0x0006, len(USER)) + USER
    tid = bytes(range(1, 13))
    return struct.pack("!HHI", 0x0003, len(attrs) + 36, 0x2112A442) + tid + attrs


def mi(msg, key, pad64):
    data = msg[:2] + struct.pack("!H", len(msg) + 36 - 20) + msg[4:]
    if pad64:
        data += b"\0" * ((64 - len(data) % 64) % 64)
    return hmac.new(key, data, hashlib.sha256).digest()


def c_bytes(b):
    return ", ".join("0x%02x" % x for x in b)


if __name__ == "__main__":
    key = sha256_key(USER, REALM, NONCE, PASSWORD)
    msg = message()
    print("message (%d bytes): %s" % (len(msg), msg.hex()))
    print("key:        {%s}" % c_bytes(key))
    print("mi nopad:   {%s}" % c_bytes(mi(msg, key, False)))
    print("mi pad64:   {%s}" % c_bytes(mi(msg, key, True)))
