#!/usr/bin/python3
"""Live loopback capture of libnice's MS-TURN client (OC2007 mode) against the
deterministic Edge responder, written to captures/msturn-libnice.pcap.

Needs root (dumpcap on lo), gcc and libnice-dev. The transaction ids are
random (libnice makes them), so reruns differ in those bytes and the
timestamps; everything else is fixed:
  1. good user:   Allocate -> 401 (REALM/NONCE) -> Allocate+MI -> success+MI
  2. unknown user: Allocate -> 401 -> Allocate+MI -> 436 Unknown User
  3. bad password: Allocate -> 401 -> Allocate+MI (wrong key) -> 431
"""
import base64
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "msturn-libnice.pcap")
USER = base64.b64encode(b"user-0001@example.com").decode()
PASS = base64.b64encode(b"secret-pass").decode()
UNKNOWN = base64.b64encode(b"nobody-known@example.com").decode()
WRONG = base64.b64encode(b"not-the-password").decode()


def main():
    tmp = tempfile.mkdtemp(prefix="msturn-live-")
    client = os.path.join(tmp, "msturn-oc2007-client")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "nice"], check=True,
                           capture_output=True, text=True).stdout.split()
    subprocess.run(["gcc", "-O1", "-o", client, os.path.join(HERE, "tools", "msturn-oc2007-client.c")] + flags,
                   check=True)
    raw = os.path.join(tmp, "live.pcap")
    dumpcap = subprocess.Popen(["dumpcap", "-q", "-P", "-i", "lo", "-f", "udp port 3478", "-w", raw])
    try:
        time.sleep(2)
        edge = subprocess.Popen([sys.executable, os.path.join(HERE, "tools", "msturn_edge.py"),
                                 "127.0.0.1", "3478", "6", "%s:%s" % (USER, PASS)])
        time.sleep(0.5)
        for user, pw, want in ((USER, PASS, 0), (UNKNOWN, PASS, 2), (USER, WRONG, 2)):
            r = subprocess.run([client, "127.0.0.1", "3478", user, pw], capture_output=True, text=True)
            sys.stdout.write(r.stdout)
            if r.returncode != want:
                raise SystemExit("client exit %d, expected %d" % (r.returncode, want))
        edge.wait(timeout=10)
        time.sleep(1)
    finally:
        dumpcap.terminate()
        dumpcap.wait()
    shutil.copyfile(raw, OUT)
    shutil.rmtree(tmp)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
