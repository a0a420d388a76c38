#!/usr/bin/python3
"""Cost of the MRAS credential store lookup that every MS-TURN Allocate makes.

Builds two captures with the same shape: N MRAS credential responses (SIP over
UDP) followed by M old-form MS-TURN Allocates (UDP 3478) naming a USERNAME the
responses issued. In "same" every response issues one username, in "distinct"
each issues its own (the Allocates cycle through them). With a store searched
linearly per username, "same" costs N steps per Allocate; indexed, both cost
about the same. Prints the CPU time (user + sys, best of --runs) of a plain
tshark read of each and their ratio.

    /usr/bin/python3 bench/mras-store-bench.py --stage build/stage [--responses 10000] [--allocates 50000]

Run as root: tshark runs as nobody (it ignores plugin folders as root).
"""
import argparse
import base64
import os
import resource
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "captures", "lib"))
import pcapgen  # noqa: E402


def mras_response(i, user):
    body = ('<?xml version="1.0" encoding="utf-8"?><response xmlns="http://schemas.microsoft.com/2006/09/sip/mrasp"'
            ' requestID="%d" version="2.0" serverVersion="2.0" to="sip:a@b" from="sip:mras@b" reasonPhrase="OK">'
            '<credentialsResponse credentialsRequestID="%d"><credentials><username>%s</username>'
            '<password>cGFzcw==</password><duration>480</duration></credentials><mediaRelayList><mediaRelay>'
            '<location>internet</location><directIPAddress>10.0.0.9</directIPAddress><udpPort>3478</udpPort>'
            '</mediaRelay></mediaRelayList></credentialsResponse></response>'
            % (i, i, base64.b64encode(user).decode()))
    return pcapgen.sip("SIP/2.0 200 OK", ["Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK%d" % i,
                                          "From: <sip:a@b>;tag=1", "To: <sip:mras@b>;tag=2", "Call-ID: c%d" % i,
                                          "CSeq: 1 SERVICE",
                                          "Content-Type: application/msrtc-media-relay-auth+xml"], body)


def allocate(i, user):
    attrs = struct.pack("!HHI", 0x000F, 4, 0x72C64BC6) + struct.pack("!HH", 0x0006, len(user)) + user
    attrs += b"\0" * (-len(attrs) % 4)
    return struct.pack("!HH", 0x0003, len(attrs)) + struct.pack("!IIII", 1, 2, 3, i) + attrs


def build(path, n_resp, n_alloc, same):
    users = [b"user"] if same else [b"user%05d" % i for i in range(n_resp)]
    with pcapgen.Writer(path) as w:
        for i in range(n_resp):
            w.udp("10.0.0.2", 5060, "10.0.0.1", 5060, mras_response(i, users[i % len(users)]))
        for i in range(n_alloc):
            w.udp("10.0.0.1", 50000, "10.0.0.9", 3478, allocate(i, users[i % len(users)]))


def cpu_time(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage", required=True)
    ap.add_argument("--responses", type=int, default=10000)
    ap.add_argument("--allocates", type=int, default=50000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="mras-bench-")
    try:
        stage = os.path.join(work, "stage")
        shutil.copytree(a.stage, stage)
        for kind in ("same", "distinct"):
            build(os.path.join(work, kind + ".pcap"), a.responses, a.allocates, kind == "same")
        subprocess.run(["chmod", "-R", "a+rX", work], check=True)
        env = ["env", "HOME=" + work, "WIRESHARK_PLUGIN_DIR=" + stage]
        pre = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if os.geteuid() == 0 else []
        best = {}
        for _ in range(a.runs):
            for kind in ("same", "distinct"):
                t = cpu_time(pre + env + ["tshark", "-n", "-r", os.path.join(work, kind + ".pcap")])
                best[kind] = min(best.get(kind, t), t)
        print("responses %d, allocates %d, best of %d: same username %.2f s, distinct %.2f s, ratio %.2f"
              % (a.responses, a.allocates, a.runs, best["same"], best["distinct"], best["same"] / best["distinct"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
