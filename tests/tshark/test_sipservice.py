"""SIP SERVICE pairing (sipservice.*) and the -z sipservice,tree statistic.

Capture: captures/sipservice.pcap from captures/make_sipservice.py (its docstring
lists every exchange and its timing); captures/sipservice-odd.pcap from the same
script (unusual but valid shapes).
"""
import re

import pytest

CAP = "sipservice.pcap"
ODD = "sipservice-odd.pcap"

FIELDS = ["frame.number", "sipservice.kind", "sipservice.request_in", "sipservice.response_in",
          "sipservice.status_code", "sipservice.time", "sipservice.retransmission",
          "sipservice.original_frame", "sipservice.retransmissions", "sipservice.no_response",
          "sipservice.unanswered", "sipservice.provisional", "sipservice.no_request"]

# frame: kind, request_in, response_in, status, time, retransmission, original, retransmissions,
#        no_response, unanswered, provisional, no_request   (with -2)
EXPECTED_FIELDS = {
    1: ["other", "", "", "202", "", "", "", "", "", "", "", "1"],
    2: ["qoe", "", "4", "202", "", "", "", "", "", "", "", ""],
    3: ["qoe", "2", "", "100", "0.050000000", "", "", "", "", "", "1", ""],
    4: ["qoe", "2", "", "202", "0.250000000", "", "", "", "", "", "", ""],
    5: ["qoe", "", "7", "202", "", "", "", "2", "", "", "", ""],
    6: ["qoe", "", "7", "202", "", "1", "5", "", "", "", "", ""],
    7: ["qoe", "5", "", "202", "0.600000000", "", "", "", "", "", "", ""],
    8: ["qoe", "", "7", "202", "", "1", "5", "", "", "", "", ""],
    9: ["qoe", "5", "", "202", "1.510000000", "1", "7", "", "", "", "", ""],
    14: ["mras", "", "15", "200", "", "", "", "", "", "", "", ""],
    15: ["mras", "14", "", "200", "0.120000000", "", "", "", "", "", "", ""],
    16: ["other", "", "17", "200", "", "", "", "", "", "", "", ""],
    17: ["other,other", "16,16", "", "100,200", "0.300000000,0.300000000", "", "", "", "", "", "1", ""],
    18: ["qoe", "", "19", "202", "", "", "", "", "", "", "", ""],
    19: ["qoe", "18", "", "202", "0.040000000", "", "", "", "", "", "", ""],
    20: ["qoe", "", "21", "500", "", "", "", "", "", "", "", ""],
    21: ["qoe", "20", "", "500", "0.800000000", "", "", "", "", "", "", ""],
    22: ["mras", "", "23", "403", "", "", "", "", "", "", "", ""],
    23: ["mras", "22", "", "403", "0.090000000", "", "", "", "", "", "", ""],
    24: ["qoe", "", "", "", "", "", "", "", "1", "1", "", ""],
    35: ["mras", "", "", "", "", "", "", "", "1", "", "", ""],
}

TREE_NAMES = ["Requests", "202 Accepted", "Other 2xx", "Error responses (non-2xx final)",
              "Unanswered (no final response within timeout)",
              "No response, capture ended within timeout", "Retransmitted requests",
              "Responses without request"]


def parse_tree(text):
    """{path tuple: [count, average, min, max]} from stats_tree text output."""
    rows, stack, body = {}, [], False
    for line in text.splitlines():
        if line.startswith("Topic / Item"):
            body = True
            continue
        if not body or line.startswith("---") or line.startswith("===") or not line.strip():
            continue
        m = re.match(r"^( *)(\S.*?)\s{2,}(\d+)\s+(.*)$", line)
        assert m, line
        depth = len(m.group(1))
        stack[depth:] = [m.group(2)]
        rest = m.group(4).split()
        # average nodes carry Average, Min Val, Max Val before Rate/Percent/...
        extra = rest[:3] if len(rest) >= 7 else []
        rows[tuple(stack)] = [int(m.group(3))] + extra
    return rows


def tree(tshark, capture, extra=()):
    out = tshark.run(["-n", "-r", tshark.capture(capture), "-q", "-z", "sipservice,tree"]
                     + list(extra)).stdout
    assert "OCS-Lync/SIP SERVICE:" in out
    return parse_tree(out)


def counts(rows, kind):
    root = "SIP SERVICE requests"
    return {name: rows[(root, kind, name)][0] for name in TREE_NAMES}


def test_registration(tshark):
    out = tshark.run(["-G", "fields"]).stdout
    fields = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if parts[0] == "F" and parts[4] == "sipservice":
            fields[parts[2]] = parts[3]
    assert fields["sipservice.kind"] == "FT_STRING"
    assert fields["sipservice.request_in"] == "FT_FRAMENUM"
    assert fields["sipservice.response_in"] == "FT_FRAMENUM"
    assert fields["sipservice.time"] == "FT_RELATIVE_TIME"
    assert fields["sipservice.unanswered"] == "FT_BOOLEAN"
    assert fields["sipservice.no_response"] == "FT_BOOLEAN"
    assert fields["sipservice.retransmission"] == "FT_BOOLEAN"
    assert fields["sipservice.status_code"] == "FT_UINT16"
    prefs = tshark.run(["-G", "defaultprefs"]).stdout
    assert re.search(r"^#sipservice\.timeout: 30$", prefs, re.M)


def test_tree_two_pass(tshark):
    rows = tree(tshark, CAP, ["-2"])
    root = "SIP SERVICE requests"
    assert rows[(root,)][0] == 9
    assert rows[(root, "qoe")][0] == 5
    assert rows[(root, "mras")][0] == 3
    assert rows[(root, "other")][0] == 1
    assert counts(rows, "qoe") == {
        "Requests": 5, "202 Accepted": 3, "Other 2xx": 0, "Error responses (non-2xx final)": 1,
        "Unanswered (no final response within timeout)": 1,
        "No response, capture ended within timeout": 0, "Retransmitted requests": 1,
        "Responses without request": 0}
    assert rows[(root, "qoe", "Error responses (non-2xx final)", "500 Server Internal Error")][0] == 1
    assert counts(rows, "mras") == {
        "Requests": 3, "202 Accepted": 0, "Other 2xx": 1, "Error responses (non-2xx final)": 1,
        "Unanswered (no final response within timeout)": 0,
        "No response, capture ended within timeout": 1, "Retransmitted requests": 0,
        "Responses without request": 0}
    assert rows[(root, "mras", "Error responses (non-2xx final)", "403 Forbidden")][0] == 1
    assert counts(rows, "other") == {
        "Requests": 1, "202 Accepted": 0, "Other 2xx": 1, "Error responses (non-2xx final)": 0,
        "Unanswered (no final response within timeout)": 0,
        "No response, capture ended within timeout": 0, "Retransmitted requests": 0,
        "Responses without request": 1}
    # count, average, min, max of the response times in ms
    assert rows[(root, "qoe", "Response time (ms)")] == [4, "422.50", "40.000000", "800.000000"]
    assert rows[(root, "mras", "Response time (ms)")] == [2, "105.00", "90.000000", "120.000000"]
    assert rows[(root, "other", "Response time (ms)")] == [1, "300.00", "300.000000", "300.000000"]


def test_tree_single_pass_leaves_outcome_open(tshark):
    """Without -2 nothing is known about missing responses: neither counted."""
    rows = tree(tshark, CAP)
    assert counts(rows, "qoe")["Unanswered (no final response within timeout)"] == 0
    assert counts(rows, "qoe")["No response, capture ended within timeout"] == 0
    assert counts(rows, "mras")["No response, capture ended within timeout"] == 0
    # what the responses say is known at once
    assert counts(rows, "qoe")["202 Accepted"] == 3
    assert counts(rows, "qoe")["Retransmitted requests"] == 1


@pytest.mark.parametrize("timeout,qoe_unanswered,qoe_pending,mras_unanswered,mras_pending", [
    ("3", 1, 0, 1, 0),    # 4 s of capture after the late MRAS request are enough
    ("60", 0, 1, 0, 1),   # 54 s after the QoE request are not
])
def test_tree_timeout_preference(tshark, timeout, qoe_unanswered, qoe_pending, mras_unanswered, mras_pending):
    rows = tree(tshark, CAP, ["-2", "-o", "sipservice.timeout:" + timeout])
    assert counts(rows, "qoe")["Unanswered (no final response within timeout)"] == qoe_unanswered
    assert counts(rows, "qoe")["No response, capture ended within timeout"] == qoe_pending
    assert counts(rows, "mras")["Unanswered (no final response within timeout)"] == mras_unanswered
    assert counts(rows, "mras")["No response, capture ended within timeout"] == mras_pending


def test_fields_two_pass(tshark):
    rows = tshark.fields(CAP, FIELDS, "sipservice", extra=["-2"])
    got = {int(r[0]): r[1:] for r in rows}
    assert got == EXPECTED_FIELDS


def test_fields_first_pass_only_backward_links(tshark):
    """In one pass a request cannot point forward; responses still point back."""
    rows = tshark.fields(CAP, ["frame.number", "sipservice.response_in", "sipservice.request_in",
                               "sipservice.unanswered"], "sipservice")
    got = {int(r[0]): r[1:] for r in rows}
    assert got[2] == ["", "", ""]
    assert got[4] == ["", "2", ""]
    assert got[24] == ["", "", ""]


def test_filters(tshark):
    def frames(f):
        return [int(r[0]) for r in tshark.fields(CAP, ["frame.number"], f, extra=["-2"])]
    assert frames("sipservice.unanswered") == [24]
    assert frames("sipservice.no_response") == [24, 35]
    assert frames('sipservice.kind == "mras"') == [14, 15, 22, 23, 35]
    assert frames("sipservice.retransmission") == [6, 8, 9]
    assert frames("sipservice.status_code >= 400 && sipservice.request_in") == [21, 23]
    assert frames("sipservice.time > 0.5 && !sipservice.retransmission") == [7, 21]
    # OPTIONS keep-alives are not SERVICE transactions
    assert frames("sip.CSeq.method == \"OPTIONS\" && sipservice") == []


def test_experts(tshark):
    ex = tshark.experts(CAP, "sipservice", extra=["-2"])
    assert "SERVICE (qoe) got no final response within 30 s" in ex[24]
    assert ("No final response, but the capture ends 4.001000000 s after the request "
            "(less than the 30 s timeout)") in ex[35]
    assert "Retransmission 1 of the SERVICE request in frame 5" in ex[6]
    assert "Retransmission 2 of the SERVICE request in frame 5" in ex[8]
    assert "Response to a SERVICE request that is not in the capture" in ex[1]


def test_without_plugin_sip_is_unchanged(tshark):
    """The plugin adds items; SIP's own view of the same frames stays the same."""
    cols = ["frame.number", "sip.Method", "sip.Status-Code", "sip.Call-ID", "sip.CSeq.seq"]
    with_p = tshark.fields(CAP, cols, "sip")
    without = tshark.fields(CAP, cols, "sip", plugin=False)
    assert with_p == without
    assert len(without) == 33  # 37 frames less 4 TCP frames without SIP


def test_odd_shapes(tshark):
    rows = tshark.fields(ODD, FIELDS[:6], "sipservice", extra=["-2"])
    got = {int(r[0]): r[1:] for r in rows}
    # 1: no Call-ID: not tracked. 2+3: same Call-ID/CSeq in both directions are two transactions.
    assert 1 not in got
    assert got[2] == ["other", "", "4", "200", ""]
    assert got[3] == ["other", "", "5", "202", ""]
    assert got[4] == ["other", "2", "", "200", "0.200000000"]
    assert got[5] == ["other", "3", "", "202", "0.200000000"]
    # two requests in one TCP segment, their responses packed in the next one
    tcp_req, tcp_resp = got[9], got[10]
    assert tcp_req == ["qoe,mras", "", "10,10", "202,200", ""]
    assert tcp_resp == ["mras,qoe", "9,9", "", "200,202", "0.150000000,0.150000000"]
    rows = tree(tshark, ODD, ["-2"])
    assert counts(rows, "other")["Requests"] == 2
    assert counts(rows, "qoe")["202 Accepted"] == 1
    assert counts(rows, "mras")["Other 2xx"] == 1


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_corrupted_capture_survives(tshark, seed):
    """Random byte errors (editcap -E, fixed seed): tshark completes, no dissector bug,
    and the pairing state stays consistent (every request_in points at a SERVICE frame)."""
    import os
    import subprocess
    src = tshark.capture(CAP)
    dst = os.path.join(tshark.capdir, "sipservice-E%d.pcap" % seed)
    subprocess.run(["editcap", "-E", "0.01", "--seed", str(seed), src, dst], check=True,
                   capture_output=True)
    os.chmod(dst, 0o644)
    p = tshark.run(["-n", "-2", "-r", dst, "-V", "-z", "sipservice,tree"])
    assert "Dissector bug" not in p.stdout + p.stderr
    assert "OCS-Lync/SIP SERVICE:" in p.stdout
    rows = tshark.fields(dst, ["frame.number", "sipservice.request_in"], "sipservice.request_in",
                         extra=["-2"])
    requests = {int(r[0]) for r in tshark.fields(dst, ["frame.number"], "sipservice.response_in || "
                                                 "sipservice.no_response", extra=["-2"])}
    for r in rows:
        for req in r[1].split(","):
            assert int(req) < int(r[0])
            assert int(req) in requests
