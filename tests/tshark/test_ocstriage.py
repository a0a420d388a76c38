"""ocstriage: failure signatures (SIGNATURES.md) as expert infos, fields, the
-z ocstriage,tree statistic and the msocs-triage CLI.

Captures come from captures/make_ocstriage.py; frame numbers are listed in
its docstring. Every positive case has a near-miss in the same capture that
must stay silent.
"""
import json
import os
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(REPO, "plugins", "tools", "msocs-triage")


def findings(tshark, cap, two_pass=True):
    """{frame: [signature, ...]} of every frame with a finding."""
    extra = ["-2"] if two_pass else []
    rows = tshark.fields(cap, ["frame.number", "ocstriage.signature"], "ocstriage", extra=extra)
    return {int(r[0]): r[1].split(",") for r in rows}


def row(tshark, cap, frame, fields):
    rows = tshark.fields(cap, fields, "frame.number == %d" % frame, extra=["-2"], separator="|")
    assert len(rows) == 1
    return rows[0]


def test_tcp_bare_reset_and_asymmetric_synack(tshark):
    cap = "ocstriage-tcp.pcap"
    # FIN close (6-11), RST+ACK to a closed port (13), the client's RST after the
    # stray SYN-ACK (16), the normal handshake (17-19) and a reset on 8080 (23) stay silent
    assert findings(tshark, cap) == {5: ["tcp.bare-reset"], 15: ["tcp.asymmetric-synack"]}
    assert row(tshark, cap, 5, ["ocstriage.event_id", "ocstriage.evidence", "ocstriage.severity"]) == \
        ["25022", "4", "warn"]
    assert row(tshark, cap, 15, ["ocstriage.event_id", "ocstriage.evidence", "ocstriage.severity"]) == \
        ["61013", "14|16", "error"]
    msgs = tshark.experts(cap, "ocstriage", extra=["-2"])
    assert any(m.startswith("tcp.bare-reset:") and "idle 400 s" in m for m in msgs[5])
    assert any("SYN to 198.51.100.30:444 (frame 14) answered by 198.51.100.31:444" in m for m in msgs[15])


def test_expert_filter_names(tshark):
    rows = tshark.fields("ocstriage-tcp.pcap", ["frame.number"], "ocstriage.expert.tcp.bare-reset",
                         extra=["-2"])
    assert rows == [["5"]]


def test_service_outcomes(tshark):
    cap = "ocstriage-service.pcap"
    # 2-3 answered quickly, 8-10 retransmitted then answered: no finding
    assert findings(tshark, cap) == {
        1: ["service.no-response"],
        5: ["service.slow-response"],
        7: ["service.error-response"],
        11: ["service.no-response", "mras.no-response"],
    }
    assert row(tshark, cap, 1, ["ocstriage.event_id"]) == ["25022"]
    assert row(tshark, cap, 5, ["ocstriage.evidence"]) == ["4"]
    assert row(tshark, cap, 7, ["ocstriage.evidence"]) == ["6"]
    assert row(tshark, cap, 11, ["ocstriage.event_id"]) == ["32018"]


def test_no_response_needs_second_pass(tshark):
    # one pass cannot know about later frames: only what the frame itself shows
    assert findings(tshark, "ocstriage-service.pcap", two_pass=False) == {
        5: ["service.slow-response"], 7: ["service.error-response"]}


def test_capture_ending_before_timeout_is_not_a_finding(tshark):
    assert findings(tshark, "ocstriage-service-short.pcap") == {}


def test_timeout_preference(tshark):
    rows = tshark.fields("ocstriage-service-short.pcap", ["frame.number", "ocstriage.signature"], "ocstriage",
                         extra=["-2", "-o", "sipservice.timeout:5"])
    assert rows == [["1", "service.no-response"]]


def test_port_preference(tshark):
    # the reset on 8080 (frame 23) comes 1 ms after the handshake: not an idle connection
    rows = tshark.fields("ocstriage-tcp.pcap", ["frame.number", "ocstriage.signature"], "ocstriage",
                         extra=["-2", "-o", "ocstriage.ports:8080"])
    assert rows == []
    rows = tshark.fields("ocstriage-tcp.pcap", ["frame.number", "ocstriage.signature"], "ocstriage",
                         extra=["-2", "-o", "ocstriage.ports:8080", "-o", "ocstriage.reset_idle:0"])
    assert rows == [["23", "tcp.bare-reset"]]


def test_sip_signatures(tshark):
    cap = "ocstriage-sip.pcap"
    # 7-8 MRAS OK, 11 public relay, 12 no candidates, 15-16 provisioning with mrasUri: silent
    assert findings(tshark, cap) == {
        2: ["service.error-response", "mras.forbidden"],
        4: ["conf.adduser-failed"],
        6: ["mras.error"],
        9: ["sdp.no-relay-candidates"],
        10: ["sdp.private-relay-address"],
        14: ["provisioning.no-mras-uri"],
    }
    assert row(tshark, cap, 4, ["ocstriage.evidence"]) == ["2"]   # the 9006 nearby
    assert row(tshark, cap, 6, ["ocstriage.evidence", "ocstriage.event_id"]) == ["5", "32018"]
    msgs = tshark.experts(cap, "ocstriage", extra=["-2"])
    assert any("10.1.1.80:55000" in m for m in msgs[10])
    assert any('reasonPhrase "Not Supported"' in m for m in msgs[6])


def test_msturn_signatures(tshark):
    cap = "ocstriage-msturn.pcap"
    # 3-4 challenge, 9-10 success, 12 retransmission of 11: silent
    assert findings(tshark, cap) == {
        6: ["msturn.unknown-user"],
        7: ["msturn.integrity-failed"],
        11: ["msturn.no-response"],
    }
    assert row(tshark, cap, 6, ["ocstriage.evidence"]) == ["5|2"]
    msgs = tshark.experts(cap, extra=["-2", "-o", "ocstriage.always_analyse:TRUE"])
    assert any("listed relay av.contoso.com, the Allocate went to 203.0.113.30:3478" in m for m in msgs[6])


def test_tree_only_when_asked(tshark):
    # The analysis needs the fields of a protocol tree on the first pass. By default
    # (ocstriage.always_analyse on) tshark -2 -T fields alone finds everything; with the
    # preference off a plain read stays cheap and only a filter, -V or -z ocstriage,tree
    # makes the first-pass tree (msocs.h, bench/README.md).
    cap = "ocstriage-tcp.pcap"
    off = ["-o", "ocstriage.always_analyse:FALSE", "-o", "sipservice.always_analyse:FALSE"]
    assert any(m.startswith("tcp.bare-reset:") for m in tshark.experts(cap, extra=["-2"])[5])
    assert not any(m.startswith("tcp.bare-reset:")
                   for m in tshark.experts(cap, extra=["-2"] + off).get(5, []))
    assert tshark.fields(cap, ["frame.number"], "ocstriage", extra=["-2"] + off) == [["5"], ["15"]]
    assert tshark.fields(cap, ["frame.number"], "ocstriage", extra=["-2"]) == [["5"], ["15"]]


def test_one_pass_outputs_keep_the_analysis(tshark):
    # A tshark reading in one pass without -z forces no tree (the plugin reads its command
    # line); every single-pass output that shows the analysis must still get it.
    cap = "ocstriage-tcp.pcap"
    # -z expert shows expert infos without building a tree
    out = tshark.run(["-n", "-r", tshark.capture(cap), "-q", "-z", "expert"]).stdout
    assert "tcp.bare-reset: Bare TCP reset" in out and "tcp.asymmetric-synack" in out
    # -T fields, -Y and -V build their own tree
    assert tshark.fields(cap, ["frame.number", "ocstriage.signature"], "ocstriage") == \
        [["5", "tcp.bare-reset"], ["15", "tcp.asymmetric-synack"]]
    verbose = tshark.run(["-n", "-r", tshark.capture(cap), "-V"]).stdout
    assert verbose.count("tcp.bare-reset") >= 2


def test_two_pass_views_keep_the_analysis(tshark):
    # A two-pass tshark without -z and without a view of single packets forces no first-pass
    # tree either; every view and statistic of a two-pass read must still show the findings,
    # those about later frames included.
    cap = "ocstriage-service.pcap"
    want = findings(tshark, cap)
    assert any("service.no-response" in v for v in want.values())
    rows = tshark.fields(cap, ["frame.number", "ocstriage.signature"], extra=["-2"])
    assert {int(r[0]): r[1].split(",") for r in rows if r[1]} == want
    verbose = tshark.run(["-n", "-r", tshark.capture(cap), "-2", "-V"]).stdout
    assert verbose.count("service.no-response") >= 2
    out = tshark.run(["-n", "-r", tshark.capture(cap), "-2", "-q", "-z", "expert"]).stdout
    assert "service.no-response" in out
    # the summary lines of a plain two-pass read are the same with the analysis forced
    plain = tshark.run(["-n", "-r", tshark.capture(cap), "-2"]).stdout
    forced = tshark.run(["-n", "-r", tshark.capture(cap), "-2", "-z", "ocstriage,tree"]).stdout
    assert forced.startswith(plain) and "service.no-response" in forced[len(plain):]


def test_stats_tree(tshark):
    out = tshark.run(["-n", "-2", "-q", "-z", "ocstriage,tree", "-r", tshark.capture("demo-triage.pcap")]).stdout
    lines = [l.split() for l in out.splitlines()]
    counts = {l[0]: (l[4], l[5]) for l in lines if len(l) > 5 and l[1].startswith("[") and l[2] == "first"}
    assert counts == {
        "tcp.bare-reset": ("6", "1"), "service.no-response": ("4", "1"),
        "service.error-response": ("8", "1"), "sdp.no-relay-candidates": ("11", "1"),
        "provisioning.no-mras-uri": ("13", "1"), "mras.forbidden": ("8", "1"),
        "conf.adduser-failed": ("10", "1"),
    }
    assert any(l[:3] == ["Failure", "signatures", "7"] for l in lines)
    assert "no known failure signature found" not in out


def test_stats_tree_empty(tshark):
    out = tshark.run(["-n", "-2", "-q", "-z", "ocstriage,tree",
                      "-r", tshark.capture("ocstriage-service-short.pcap")]).stdout
    assert "no known failure signature found" in out


def test_without_plugin_field_is_unknown(tshark):
    p = tshark.run(["-r", tshark.capture("demo-triage.pcap"), "-Y", "ocstriage"], plugin=False, check=False)
    assert p.returncode != 0 and "ocstriage" in p.stderr


def cli(request, *args):
    stage = request.config.getoption("--stage")
    return subprocess.run([CLI, "--plugin-dir", stage] + list(args), capture_output=True, text=True,
                          timeout=300)


def test_cli_demo(request):
    p = cli(request, os.path.join(REPO, "captures", "demo-triage.pcap"))
    assert p.returncode == 1, p.stderr
    lines = p.stdout.splitlines()
    assert [l.split("\t")[:4] for l in lines if l.startswith("frame ")] == [
        ["frame 4", "service.no-response", "warn", "event 25022"],
        ["frame 6", "tcp.bare-reset", "warn", "event 25022"],
        ["frame 8", "service.error-response", "warn", "event -"],
        ["frame 8", "mras.forbidden", "error", "event 32018"],
        ["frame 10", "conf.adduser-failed", "error", "event -"],
        ["frame 11", "sdp.no-relay-candidates", "warn", "event -"],
        ["frame 13", "provisioning.no-mras-uri", "warn", "event -"],
    ]
    assert "summary: 7 finding(s), 2 error-level" in lines


def test_cli_json_and_clean_capture(request):
    p = cli(request, "--json", os.path.join(REPO, "captures", "ocstriage-tcp.pcap"))
    assert p.returncode == 1, p.stderr
    doc = json.loads(p.stdout)
    assert [(f["frame"], f["signature"], f["event_id"], f["evidence"]) for f in doc["findings"]] == [
        (5, "tcp.bare-reset", 25022, [4]), (15, "tcp.asymmetric-synack", 61013, [14, 16])]
    assert doc["errors"] == 1
    p = cli(request, os.path.join(REPO, "captures", "ocstriage-service-short.pcap"))
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "no known failure signature found"


def test_cli_error_count(request):
    p = cli(request, "--json", os.path.join(REPO, "captures", "ocstriage-service.pcap"))
    doc = json.loads(p.stdout)
    # mras.no-response is error-level
    assert p.returncode == 1 and doc["errors"] == 1


def test_cli_usage_errors(request, tmp_path):
    assert subprocess.run([CLI], capture_output=True).returncode == 2
    assert cli(request, str(tmp_path / "missing.pcap")).returncode == 2
    junk = tmp_path / "junk.pcap"
    junk.write_bytes(b"not a capture")
    p = cli(request, str(junk))
    assert p.returncode == 2 and "tshark failed" in p.stderr
    p = subprocess.run([CLI, "--plugin-dir", str(tmp_path), str(junk)], capture_output=True, text=True)
    assert p.returncode == 2 and "no msocs.so" in p.stderr


def test_recall_on_field_shapes(tshark):
    """captures/ocstriage-recall.pcap (make_recall.py): shapes the triage once missed."""
    cap = "ocstriage-recall.pcap"
    assert findings(tshark, cap) == {3: ["sdp.private-relay-address"], 4: ["sdp.no-relay-candidates"],
                                     6: ["msturn.no-response"]}
    # the 401 without MAGIC-COOKIE answers frame 1: MS-TURN, not an unanswered Allocate
    r = tshark.fields(cap, ["frame.number", "frame.protocols", "msturn.response_to", "msturn.error_code"],
                      "frame.number <= 2", extra=["-2"])
    assert r == [["1", "eth:ethertype:ip:udp:msturn", "", ""], ["2", "eth:ethertype:ip:udp:msturn", "1", "401"]]
    # judged from the last of the four copies (frame 9): 25 s of capture after it
    assert "unanswered, 25.0 s of capture after its last copy (timeout 10 s)" in \
        " ".join(tshark.experts(cap, "frame.number == 6", extra=["-2"])[6])
    # a timeout longer than the capture runs after the last copy: nothing to say
    r = tshark.fields(cap, ["frame.number", "ocstriage.signature"], "ocstriage",
                      extra=["-2", "-o", "msturn.response_timeout:26"])
    assert [x[0] for x in r] == ["3", "4"]
