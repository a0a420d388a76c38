"""Hostile inputs (captures/make_security.py): forged integrity, deep nesting,
redaction, huge timestamps, MRAS body pairing, SYN state bounds."""
import os
import resource
import subprocess
import sys

CRED = ["-o", 'uat:msturn_credentials:"dXNlcg==","cGFzcw=="']
PASSWORD_B64 = "U0VDUkVUUEFTU1dPUkQ="          # base64 of SECRETPASSWORD
PASSWORD_HEX = PASSWORD_B64.encode().hex()


def test_forged_integrity_is_not_verified(tshark):
    for two_pass in ([], ["-2"]):
        rows = tshark.fields("security-mi-spoof.pcap", ["msturn.transaction_id", "msturn.integrity_status"],
                             extra=CRED + two_pass)
        # frame 4: A (no integrity), N nested in A's DATA (signed), B (forged, same raw offset as N)
        assert rows[3] == ["41" * 16 + "," + "4e" * 16 + "," + "42" * 16, "verified,failed"], rows
    ex = tshark.experts("security-mi-spoof.pcap", extra=CRED)
    assert any("MESSAGE-INTEGRITY does not verify" in m for m in ex.get(4, [])), ex


def run_small_stack(tshark, args):
    old = resource.getrlimit(resource.RLIMIT_STACK)
    resource.setrlimit(resource.RLIMIT_STACK, (512 * 1024, old[1]))
    try:
        return tshark.run(args, check=False)
    finally:
        resource.setrlimit(resource.RLIMIT_STACK, old)


def test_deep_nesting_is_bounded(tshark):
    cap = tshark.capture("security-nest.pcap")
    for args in (["-n", "-r", cap], ["-n", "-r", cap, "-V"], ["-n", "-2", "-r", cap]):
        p = run_small_stack(tshark, args)
        assert p.returncode == 0, (args, p.returncode, p.stderr[-500:])
    rows = tshark.fields("security-nest.pcap", ["msturn.type", "_ws.expert.message"], separator="|")
    assert rows[0][0] == "|".join(["0x0115"] * 9), rows[0][0]
    assert "DATA nested more than 8 levels deep: not decoded further" in rows[0][1].split("|")


def test_redacted_password_in_no_output_of_ours(tshark):
    redact = ["-o", "mras.redact_password:TRUE"]
    cap = tshark.capture("security-mras-bodies.pcap")
    pdml = tshark.run(["-n", "-2", "-r", cap, "-T", "pdml"] + redact).stdout
    mras_lines = [l for l in pdml.splitlines() if 'name="mras' in l]
    assert any('name="mras.password"' in l and 'show="&lt;redacted&gt;"' in l for l in mras_lines)
    assert not any(PASSWORD_HEX in l or PASSWORD_B64 in l for l in mras_lines), \
        [l for l in mras_lines if PASSWORD_HEX in l]
    js = tshark.run(["-n", "-2", "-r", cap, "-T", "json", "-x"] + redact).stdout.splitlines()
    for i, l in enumerate(js):
        if l.strip().startswith('"mras') and l.strip().endswith('_raw": ['):
            assert PASSWORD_HEX not in js[i + 1], (l, js[i + 1][:200])
    assert sum(1 for l in js if l.strip().startswith('"mras') and '_raw"' in l) > 10
    # without redaction the value is there, and MS-TURN verification is unaffected by it
    plain = tshark.fields("security-mras-bodies.pcap", ["mras.password"], extra=["-2"])
    assert [r for r in plain if r[0]] == [[PASSWORD_B64]]


def test_huge_timestamps(tshark):
    p = tshark.run(["-n", "-2", "-r", tshark.capture("security-bigts.pcapng"), "-q", "-z", "sipservice,tree",
                    "-z", "ocstriage,tree"])
    assert "runtime error" not in p.stderr, p.stderr
    # the request at 1e13 s, the capture ends 100 s later: past the 30 s timeout
    rows = tshark.fields("security-bigts.pcapng", ["frame.number", "sipservice.kind", "sipservice.unanswered",
                                                   "ocstriage.signature"], extra=["-2"])
    assert rows[0] == ["1", "other", "1", "service.no-response"], rows


def test_mras_bodies_pair_by_whole_index(tshark):
    rows = tshark.fields("security-mras-bodies.pcap", ["frame.number", "mras.request_id", "mras.response_in",
                                                       "mras.response_to"], extra=["-2"])
    last = rows[-1]
    assert last[1].split(",")[0] == "Y" and last[1].split(",")[-1] == "X" and len(last[1].split(",")) == 17
    # body 0 (Y) is never answered: before, it shared body 16's pairing
    assert last[2] == "", last
    assert last[3] == rows[-2][0], (last, rows[-2])
    ex = tshark.experts("security-mras-bodies.pcap", extra=["-2"])
    assert any("MRAS request Y has no MRAS response" in m for m in ex[int(last[0])]), ex


def test_repeated_syn_does_not_fill_the_state(tshark):
    path = os.path.join(tshark.capdir, "security-syn-repeat.pcap")
    subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "..", "..", "captures",
                                                  "make_security.py"), path], check=True)
    os.chmod(path, 0o644)
    rows = tshark.fields(path, ["frame.number"], dfilter="ocstriage.state_full",
                         extra=["-2"])
    assert rows == [], rows[:3]
