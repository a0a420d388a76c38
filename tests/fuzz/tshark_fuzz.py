#!/usr/bin/python3
"""Whole-dissector fuzz loop: mutated copies of the test captures through tshark
with the msocs plugin, two-pass with full trees and the suite's statistics, so
dissectors, taps and two-pass logic all run on damaged input.

Mutations: editcap -E (random byte errors, seeded) and structure-aware ones on
the packet payloads: MS-TURN/STUN length fields, SIP Content-Length and header
values, XML tags and attribute values, truncation.

A run fails on a tshark crash (signal), a timeout, "Dissector bug" / assertion
text, or sanitizer output (with --preload of an ASan runtime and a plugin built
with -DMSOCS_SANITIZE=ON). Failing inputs are kept in --keep for regression.

  tshark_fuzz.py --stage BUILD/stage [--seconds N] [--per-capture N] [--seed S]
                 [--jobs N] [--batch K] [--progress N]
                 [--preload /usr/lib/x86_64-linux-gnu/libasan.so.8] [--keep DIR] [captures...]
"""
import argparse
import concurrent.futures
import glob
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tshark"))
from msocs_tshark import Tshark, CAPTURES  # noqa: E402

# stderr: crashes, assertions and sanitizer reports; stdout (the -V tree, which
# holds packet text) only for Wireshark's own "Dissector bug" marker
BAD_STDERR = re.compile(r"Dissector bug|assertion|ERROR: AddressSanitizer|runtime error:|"
                        r"Segmentation fault|LeakSanitizer|Aborted|ws_assert", re.I)
BAD_STDOUT = re.compile(r"\[Dissector bug")


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24 or struct.unpack("<I", data[:4])[0] != 0xA1B2C3D4:
        return None, None
    hdr, recs, off = data[:24], [], 24
    while off + 16 <= len(data):
        ts1, ts2, incl, orig = struct.unpack("<IIII", data[off:off + 16])
        recs.append([ts1, ts2, bytearray(data[off + 16:off + 16 + incl])])
        off += 16 + incl
    return hdr, recs


def write_pcap(path, hdr, recs):
    with open(path, "wb") as f:
        f.write(hdr)
        for ts1, ts2, pkt in recs:
            f.write(struct.pack("<IIII", ts1, ts2, len(pkt), len(pkt)) + bytes(pkt))


def payload_offset(pkt):
    """Offset of the UDP/TCP payload in an Ethernet/IPv4 frame, or None."""
    if len(pkt) < 34 or pkt[12:14] != b"\x08\x00":
        return None
    ihl = (pkt[14] & 0x0F) * 4
    proto = pkt[23]
    l4 = 14 + ihl
    if proto == 17:
        return l4 + 8
    if proto == 6 and len(pkt) > l4 + 12:
        return l4 + (pkt[l4 + 12] >> 4) * 4
    return None


INTERESTING16 = [0, 1, 3, 4, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF]


def mutate_payload(rng, pkt):
    off = payload_offset(pkt)
    if off is None or off >= len(pkt):
        return
    body = pkt[off:]
    choice = rng.randrange(6)
    if choice == 0 and len(body) >= 4:
        # a 16-bit length-looking field: STUN message length, attribute length, TCP framing length
        cands = [2, 6] + [i for i in range(20, min(len(body) - 1, 400), 4)]
        i = rng.choice([c for c in cands if c + 2 <= len(body)] or [0])
        body[i:i + 2] = struct.pack("!H", rng.choice(INTERESTING16 + [rng.randrange(65536)]))
    elif choice == 1:
        m = list(re.finditer(rb"Content-Length: *(\d+)", body))
        if m:
            mm = rng.choice(m)
            body[mm.start(1):mm.end(1)] = str(rng.choice([0, 1, 99999999, int(mm.group(1)) + 7])).encode()
    elif choice == 2:
        m = list(re.finditer(rb"<[A-Za-z][^ >/]*", body))
        if m:
            mm = rng.choice(m)
            body[mm.start():mm.end()] = rng.choice([b"<", b"<!--", b"<a" * 50, b"</x>", b"<" + b"x" * 300])
    elif choice == 3:
        m = list(re.finditer(rb'"[^"\r\n]*"', body))
        if m:
            mm = rng.choice(m)
            body[mm.start():mm.end()] = rng.choice([b'"', b'"\\', b'"' + b"A" * 5000 + b'"', b'"\x00"', b"=;=;"])
    elif choice == 4 and len(body) > 1:
        del body[rng.randrange(1, len(body)):]
    else:
        for _ in range(rng.randrange(1, 8)):
            if body:
                body[rng.randrange(len(body))] = rng.randrange(256)
    pkt[off:] = body


def structured_variant(rng, src, dst):
    hdr, recs = read_pcap(src)
    if hdr is None or not recs:
        return False
    for rec in recs:
        if rng.random() < 0.3:
            mutate_payload(rng, rec[2])
    write_pcap(dst, hdr, recs)
    return True


def verdict(returncode, stdout, stderr):
    """Why a tshark run failed (a signal or non-zero exit, an assertion,
    a sanitizer report, a Dissector bug), or None when it did not."""
    hit = BAD_STDERR.search(stderr) or BAD_STDOUT.search(stdout)
    if returncode == 0 and not hit:
        return None
    why = "exit %d %s" % (returncode, stderr.strip().splitlines()[-1:])
    if hit:
        why += ": " + hit.group(0)
    return why


def mutated_copy(rng, src, dst):
    """One mutated copy of src in dst: editcap -E (random byte errors) or a
    structure-aware mutation. False when src cannot be mutated."""
    if rng.random() < 0.5:
        subprocess.run(["editcap", "-E", str(rng.choice([0.005, 0.02, 0.05])), "--seed",
                        str(rng.randrange(1 << 30)), "-F", "pcap", src, dst], check=True,
                       capture_output=True)
        return True
    return structured_variant(rng, src, dst)


def concatenate(parts, dst):
    """The records of several pcap files, one after the other, in dst."""
    hdr, recs = None, []
    for part in parts:
        h, r = read_pcap(part)
        if h is None:
            continue
        hdr = hdr or h
        recs.extend(r)
    if hdr is None:
        return False
    write_pcap(dst, hdr, recs)
    return True


def upstream_only(ts, capture, with_plugin):
    """True when tshark without the plugin reports the same Dissector bug on the
    same input: a fault of Wireshark's own dissectors, not of this suite."""
    bug = re.compile(r"Dissector bug, protocol ([^,:\]]+)[^:]*: (\S+)")
    m = bug.search(with_plugin.stderr + with_plugin.stdout)
    if m is None or m.group(1).upper().startswith(("MS-", "MSTURN", "MRAS", "MSDIAG", "OCS", "SIPSERVICE")):
        return False
    p = ts.run(["-2", "-n", "-V", "-r", capture], plugin=False, check=False, timeout=120)
    return any(o.groups() == m.groups() for o in bug.finditer(p.stderr + p.stdout))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage", required=True)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--per-capture", type=int, default=0, help="0: until --seconds is used up")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--preload", default="")
    ap.add_argument("--keep", default="")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--jobs", type=int, default=1, help="tshark runs in parallel")
    ap.add_argument("--batch", type=int, default=1,
                    help="mutated captures concatenated into each tshark run (tshark's start-up, "
                         "not the dissection, is most of a run on small captures)")
    ap.add_argument("--progress", type=int, default=0, help="print a line every N captures")
    ap.add_argument("captures", nargs="*")
    a = ap.parse_args()

    caps = a.captures or sorted(glob.glob(os.path.join(CAPTURES, "*.pcap")))
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="msocs-fuzz-")
    os.chmod(work, 0o755)  # tshark runs as nobody when we are root
    ts = Tshark(a.stage, os.path.join(work, "t"))
    extra_env = {}
    if a.preload:
        extra_env = {"LD_PRELOAD": a.preload,
                     "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=1:handle_abort=1",
                     "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1"}
    # only the statistics this build registers (a missing one would fail every run)
    zp = ts.run(["-z", "help"], check=False)
    zhelp = (zp.stdout + zp.stderr).split()  # tshark prints the list on stderr
    stats = [x for name in ("ocstriage,tree", "sipservice,tree") if name in zhelp for x in ("-z", name)]
    runs, captures, failures, upstream, start, i = 0, 0, [], [], time.time(), 0
    next_report = a.progress

    def check(dst):
        """Runs tshark on one mutated capture; returns (why, process) or (None, None)."""
        try:
            p = ts.run(["-2", "-n", "-V", "-r", dst] + stats, check=False, timeout=a.timeout,
                       extra_env=extra_env)
        except subprocess.TimeoutExpired:
            return "timeout", None
        why = verdict(p.returncode, p.stdout, p.stderr)
        return why, (p if why else None)

    def settle(fut, cap, dst, n, k):
        nonlocal runs, captures
        why, p = fut.result()
        runs += 1
        captures += k
        if why is not None:
            # Wireshark's own dissectors failing the same way without the plugin:
            # not ours, but kept and reported
            if p is not None and upstream_only(ts, dst, p):
                upstream.append((cap, dst, why))
            else:
                failures.append((cap, dst, why))
            if a.keep:
                os.makedirs(a.keep, exist_ok=True)
                shutil.copy(dst, os.path.join(a.keep, cap.split("+")[0] + "-%06d.pcap" % n))
        os.unlink(dst)

    # mutations are made here, in order, from one seeded generator (reproducible
    # whatever --jobs is); only the tshark runs go to the worker threads
    pending = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            while True:
                if a.per_capture and i >= a.per_capture * len(caps):
                    break
                if not a.per_capture and time.time() - start >= a.seconds:
                    break
                originals = [caps[(i + j) % len(caps)] for j in range(a.batch)]
                i += a.batch
                dst = os.path.join(ts.capdir, "m%06d.pcap" % i)
                if a.batch == 1:
                    if not mutated_copy(rng, originals[0], dst):
                        continue
                    made = 1
                else:
                    parts = [os.path.join(ts.capdir, "p%06d-%d.pcap" % (i, j)) for j in range(a.batch)]
                    made = sum(mutated_copy(rng, o, part) for o, part in zip(originals, parts))
                    ok = made > 0 and concatenate([x for x in parts if os.path.exists(x)], dst)
                    for x in parts:
                        if os.path.exists(x):
                            os.unlink(x)
                    if not ok:
                        continue
                cap = "+".join(os.path.basename(o) for o in originals)
                os.chmod(dst, 0o644)
                pending.append((pool.submit(check, dst), cap, dst, i, made))
                while len(pending) >= 2 * a.jobs:
                    settle(*pending.pop(0))
                if a.progress and captures >= next_report:
                    print("tshark fuzz: %d mutated captures in %d tshark runs, %.0f s, %d failures, %d upstream"
                          % (captures, runs, time.time() - start, len(failures), len(upstream)), flush=True)
                    next_report += a.progress
            while pending:
                settle(*pending.pop(0))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("tshark fuzz: %d mutated captures from %d originals in %d tshark runs, %.0f s, %d failures"
          % (captures, len(caps), runs, time.time() - start, len(failures)))
    for cap, dst, why in failures[:20]:
        print("  FAIL %s (%s) %s" % (os.path.basename(cap), os.path.basename(dst), why))
    for cap, dst, why in upstream[:20]:
        print("  UPSTREAM (same without the plugin) %s (%s) %s"
              % (os.path.basename(cap), os.path.basename(dst), why))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
