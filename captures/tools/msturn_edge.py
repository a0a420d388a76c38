"""A deterministic MS-TURN (OCS 2007 form) Edge responder on UDP, for capture
making only. Allocate without credentials -> 401 with REALM/NONCE; with a
known USERNAME and a good MESSAGE-INTEGRITY -> success (relay MAPPED-ADDRESS,
XOR-MAPPED-ADDRESS, LIFETIME, MS-VERSION, MESSAGE-INTEGRITY); unknown
USERNAME -> 436 Unknown User; bad integrity -> 431.

    msturn_edge.py LISTEN_IP PORT COUNT USER_B64:PASS_B64 [...]
Answers COUNT requests, then exits."""
import base64
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import msturn_wire as w  # noqa: E402

REALM = b"SIP Communications Service"
NONCE = b"0a1b2c3d4e5f60718293a4b5c6d7e8f9"
RELAY = ("198.51.100.7", 50012)
LIFETIME = 480


def answer(req, src, users):
    mtype, tid, attrs = w.parse(req)
    a = dict(attrs)
    if mtype != 0x0003:
        return None
    if w.USERNAME not in a:
        return w.message(0x0113, tid, [w.attr(w.ERROR_CODE, w.error_code(401, "Unauthorized")),
                                       w.attr(w.REALM, REALM), w.attr(w.NONCE, NONCE)])
    user = a[w.USERNAME]
    if user not in users:
        return w.message(0x0113, tid, [w.attr(w.ERROR_CODE, w.error_code(436, "Unknown User")),
                                       w.attr(w.REALM, REALM), w.attr(w.NONCE, NONCE)])
    k = w.key(user, a.get(w.REALM, REALM), users[user])
    if not w.verify(req, k):
        return w.message(0x0113, tid, [w.attr(w.ERROR_CODE, w.error_code(431, "Integrity Check Failure")),
                                       w.attr(w.REALM, REALM), w.attr(w.NONCE, NONCE)])
    return w.message(0x0103, tid, [w.attr(w.MAPPED_ADDRESS, w.addr(*RELAY)),
                                   w.attr(w.XOR_MAPPED_ADDRESS, w.xor_addr(src[0], src[1], tid)),
                                   w.attr(w.LIFETIME, w.u32(LIFETIME)),
                                   w.attr(w.MS_VERSION, w.u32(1))], integrity_key=k)


def main():
    ip, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    users = {}
    for pair in sys.argv[4:]:
        u, p = pair.split(":")
        users[base64.b64decode(u)] = base64.b64decode(p)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((ip, port))
    s.settimeout(10)
    for _ in range(count):
        req, src = s.recvfrom(4096)
        resp = answer(req, src, users)
        if resp is not None:
            s.sendto(resp, src)


if __name__ == "__main__":
    main()
