"""MS-TURN (old OCS 2007 form and RFC 5389 form) message builder for the
capture scripts: no attribute padding in the old form, MESSAGE-INTEGRITY as
libnice's STUN_COMPATIBILITY_OC2007 computes it (MD5 long-term key, HMAC-SHA1
over the message zero-padded to a multiple of 64 bytes); in the RFC 5389 form
(Lync / Skype for Business, MS-VERSION >= 3) padded attributes and the RFC 5389
MESSAGE-INTEGRITY (same long-term key, no 64-byte padding)."""
import hashlib
import hmac
import struct
import zlib

MAGIC_COOKIE_ATTR = 0x000F
MS_MAGIC = 0x72C64BC6
RFC5389_COOKIE = 0x2112A442

# attribute numbers (MS numbering)
MAPPED_ADDRESS = 0x0001
USERNAME = 0x0006
MESSAGE_INTEGRITY = 0x0008
ERROR_CODE = 0x0009
UNKNOWN_ATTRIBUTES = 0x000A
LIFETIME = 0x000D
ALTERNATE_SERVER = 0x000E
MAGIC_COOKIE = 0x000F
BANDWIDTH = 0x0010
DESTINATION_ADDRESS = 0x0011
REMOTE_ADDRESS = 0x0012
DATA = 0x0013
NONCE = 0x0014
REALM = 0x0015
REQUESTED_ADDRESS_FAMILY = 0x0017
MS_VERSION = 0x8008
XOR_MAPPED_ADDRESS = 0x8020
MS_SEQUENCE_NUMBER = 0x8050
MS_SERVICE_QUALITY = 0x8055


def attr(t, value):
    return struct.pack("!HH", t, len(value)) + value


def addr(ip, port):
    return struct.pack("!BBH", 0, 1, port) + bytes(int(x) for x in ip.split("."))


def xor_addr(ip, port, tid):
    """XOR with the first 4 transaction-id bytes (message offset 4..7)."""
    raw = bytes(int(x) for x in ip.split("."))
    return struct.pack("!BBH", 0, 1, port ^ struct.unpack("!H", tid[:2])[0]) + \
        bytes(a ^ b for a, b in zip(raw, tid[:4]))


def u32(v):
    return struct.pack("!I", v)


def error_code(code, reason):
    return struct.pack("!HBB", 0, code // 100, code % 100) + reason.encode()


def _strip(b):
    while b[:1] == b'"':
        b = b[1:]
    while b[-1:] in (b'"', b"\0"):
        b = b[:-1]
    return b


def key(username, realm, password):
    return hashlib.md5(_strip(username) + b":" + _strip(realm) + b":" + _strip(password)).digest()


def message(mtype, tid, attrs, integrity_key=None, cookie_attr=True):
    """Old-form message: 16-byte transaction id, MAGIC-COOKIE first, no padding.
    With integrity_key, MESSAGE-INTEGRITY is appended last."""
    assert len(tid) == 16
    body = (attr(MAGIC_COOKIE, u32(MS_MAGIC)) if cookie_attr else b"") + b"".join(attrs)
    if integrity_key is None:
        return struct.pack("!HH", mtype, len(body)) + tid + body
    mi_len = len(body) + 24
    head = struct.pack("!HH", mtype, mi_len) + tid + body
    data = head + b"\0" * ((64 - len(head) % 64) % 64)
    mac = hmac.new(integrity_key, data, hashlib.sha1).digest()
    return head + attr(MESSAGE_INTEGRITY, mac)


def parse(msg):
    """(type, transaction id, [(attr type, value)]) of an old-form message."""
    mtype, length = struct.unpack("!HH", msg[:4])
    tid = msg[4:20]
    attrs = []
    off = 20
    while off + 4 <= len(msg):
        t, l = struct.unpack("!HH", msg[off:off + 4])
        attrs.append((t, msg[off + 4:off + 4 + l]))
        off += 4 + l
    return mtype, tid, attrs


def verify(msg, integrity_key, rfc5389_form=False):
    """True when the message's MESSAGE-INTEGRITY matches integrity_key. The old
    form has unpadded attributes and pads the HMAC input to 64 bytes (RFC 3489
    style); the RFC 5389 form pads attributes and not the HMAC input."""
    off = 20
    while off + 4 <= len(msg):
        t, l = struct.unpack("!HH", msg[off:off + 4])
        if t == MESSAGE_INTEGRITY:
            data = msg[:2] + struct.pack("!H", off + 24 - 20) + msg[4:off]
            if not rfc5389_form:
                data += b"\0" * ((64 - len(data) % 64) % 64)
            return hmac.new(integrity_key, data, hashlib.sha1).digest() == msg[off + 4:off + 24]
        off += 4 + l + ((4 - l % 4) % 4 if rfc5389_form else 0)
    return False


def rfc5389(mtype, tid12, attrs, integrity_key=None, fingerprint=False):
    """RFC 5389 message (cookie, 12-byte transaction id, 4-byte padding).
    With integrity_key, MESSAGE-INTEGRITY is appended as RFC 5389 15.4 says:
    HMAC-SHA1 over the message up to the attribute, the length field counting
    up to the end of MESSAGE-INTEGRITY, no 64-byte padding. With fingerprint,
    FINGERPRINT (CRC-32 xor 0x5354554e) follows."""
    assert len(tid12) == 12
    body = b""
    for t, v in attrs:
        body += attr(t, v) + b"\0" * ((4 - len(v) % 4) % 4)
    if integrity_key is not None:
        head = struct.pack("!HHI", mtype, len(body) + 24, RFC5389_COOKIE) + tid12 + body
        body += attr(MESSAGE_INTEGRITY, hmac.new(integrity_key, head, hashlib.sha1).digest())
    if fingerprint:
        head = struct.pack("!HHI", mtype, len(body) + 8, RFC5389_COOKIE) + tid12 + body
        body += attr(0x8028, u32((zlib.crc32(head) ^ 0x5354554E) & 0xFFFFFFFF))
    return struct.pack("!HHI", mtype, len(body), RFC5389_COOKIE) + tid12 + body


def rfc5389_xor_addr(ip, port):
    """IPv4 XOR-MAPPED-ADDRESS value of the RFC 5389 form (XOR with the cookie)."""
    raw = bytes(int(x) for x in ip.split("."))
    return struct.pack("!BBH", 0, 1, port ^ (RFC5389_COOKIE >> 16)) + \
        bytes(a ^ b for a, b in zip(raw, struct.pack("!I", RFC5389_COOKIE)))


def rfc5389_verify(msg, integrity_key):
    """verify() for an RFC 5389-form message."""
    return verify(msg, integrity_key, rfc5389_form=True)


def mturn_data(session_id, payload):
    """Multiplexed TURN data frame (MS-VERSION 5/6): channel 0xFF10, u16 length of
    what follows, 8-byte session id, data."""
    return struct.pack("!HH", 0xFF10, 8 + len(payload)) + session_id + payload


def tcp_frame(kind, payload):
    """MS-TURN TCP framing: type (2 control, 3 data), reserved, u16 length."""
    return struct.pack("!BBH", kind, 0, len(payload)) + payload
