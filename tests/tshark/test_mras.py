"""mras: MRAS credential bodies in SIP SERVICE and mrasUri in in-band provisioning.

Captures: captures/mras.pcap and captures/mras-hostile.pcap from
captures/make_mras.py (frame list in its docstring). Frame numbers:
mras.pcap   4 SUBSCRIBE provisioning request, 5 provisioning with mrasUri,
            6/7 request/response 31344152 (TCP), 8/11 request/response 40000001
            (response in TCP segments 9-11), 15/16 two credentials (UDP),
            17 unanswered, 18/19 Version Mismatch, 20/21 request + 403 without body,
            22/23 provisioning without / with empty mrasUri, 24-26 malformed responses,
            27 malformed request, 28 101 credentialsRequests, 29 MS-TURN Allocate.
mras-hostile.pcap 6 nesting 10,000 deep, 24 1 MB requestID, 25 billion laughs,
            26/27 truncated, 28 not XML, 29 empty body, 35 2,000 relays.
"""
import json
import time

import pytest

CAP = "mras.pcap"
HOSTILE = "mras-hostile.pcap"
MRAS_URI = "sip:edge-int.contoso.com@contoso.com;gruu;opaque=srvr:MRAS:P2nY_WtqnEGPHhBbcYD8VQAA"
USER = "sip:alice@contoso.com"
NS = "http://schemas.microsoft.com/2006/09/sip/mrasp"
# credentials the capture script derives deterministically (username(1) / password(1) ...)
USER1 = "AgAAxn6Ba0v74vtU9r3ffBzhhwG/Md5Wcg9HZ2aHWaqIPFnqVhN70oWh2DxUVS83rmVb2gJ5mMw="
PASS1 = "aKmry06zL6sfyHbUPD/qpHI9DV4="


def row(tshark, frame, fields, cap=CAP, extra=()):
    rows = tshark.fields(cap, fields, "frame.number == %d" % frame, extra=extra, separator="|")
    assert len(rows) == 1
    return rows[0]


def _collect(node, out, details=False):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "_ws.expert":
                for e in (v if isinstance(v, list) else [v]):
                    names = [n for n in e if n.startswith("mras.expert.")]
                    if names:
                        item = (names[0][len("mras.expert."):], e["_ws.expert.message"])
                        if details:
                            item += (int(e["_ws.expert.severity"]), int(e["_ws.expert.group"]))
                        out.append(item)
            else:
                _collect(v, out, details)
    elif isinstance(node, list):
        for v in node:
            _collect(v, out, details)


_JSON_CACHE = {}


def mras_experts(tshark, frame, cap=CAP, two_pass=True, details=False):
    """Sorted (expert name, message[, severity, group]) this dissector raised on one frame.
    One tshark -T json run per capture and pass mode, shared by the tests."""
    key = (cap, two_pass)
    if key not in _JSON_CACHE:
        args = ["-n", "-r", tshark.capture(cap), "-Y", "mras", "-T", "json", "--no-duplicate-keys"] + \
            (["-2"] if two_pass else [])
        pkts = json.loads(tshark.run(args).stdout)
        _JSON_CACHE[key] = {int(p["_source"]["layers"]["frame"]["frame.number"]): p for p in pkts}
    out = []
    _collect(_JSON_CACHE[key].get(frame, {}), out, details)
    return sorted(out)


def test_contract_fields_registered(tshark):
    out = tshark.run(["-G", "fields"]).stdout
    types = {l.split("\t")[2]: l.split("\t")[3] for l in out.splitlines()
             if l.startswith("F\t") and "\tmras" in l}
    expected = {
        "mras.request_id": "FT_STRING", "mras.version": "FT_STRING", "mras.server_version": "FT_STRING",
        "mras.to": "FT_STRING", "mras.from": "FT_STRING", "mras.reason_phrase": "FT_STRING",
        "mras.credentials_request_id": "FT_STRING", "mras.identity": "FT_STRING",
        "mras.location": "FT_STRING", "mras.duration": "FT_UINT32", "mras.username": "FT_STRING",
        "mras.password": "FT_STRING", "mras.relay.location": "FT_STRING", "mras.relay.host": "FT_STRING",
        "mras.relay.udp_port": "FT_UINT32", "mras.relay.tcp_port": "FT_UINT32",
        "mras.response_in": "FT_FRAMENUM", "mras.response_to": "FT_FRAMENUM",
        "mras.time": "FT_RELATIVE_TIME", "mras.route": "FT_STRING", "mras.realm": "FT_STRING",
        "mras.relay.ip": "FT_STRING", "mras.uri": "FT_STRING", "mras.type": "FT_UINT8",
        "mras.provisioning.mras_uri_present": "FT_BOOLEAN",
    }
    for name, ftype in expected.items():
        assert types.get(name) == ftype, name


def test_request_fields(tshark):
    assert row(tshark, 6, ["mras.type", "mras.request_id", "mras.version", "mras.to", "mras.from",
                           "mras.route", "mras.credentials_request_id", "mras.identity", "mras.location",
                           "mras.duration", "mras.namespace"]) == \
        ["1", "31344152", "2.0", MRAS_URI, USER, "", "31344152", USER, "internet", "480", NS]
    assert row(tshark, 8, ["mras.request_id", "mras.route", "mras.location", "mras.duration"]) == \
        ["40000001", "directip", "intranet", "60"]
    assert mras_experts(tshark, 6) == []


def test_response_fields_two_relays(tshark):
    assert row(tshark, 7, ["mras.type", "mras.request_id", "mras.version", "mras.server_version",
                           "mras.to", "mras.from", "mras.reason_phrase", "mras.credentials_request_id",
                           "mras.username", "mras.username.decoded_length", "mras.password",
                           "mras.duration", "mras.realm", "mras.relay.location", "mras.relay.host",
                           "mras.relay.ip", "mras.relay.udp_port", "mras.relay.tcp_port",
                           "mras.relay_count"]) == \
        ["2", "31344152", "2.0", "2.0", MRAS_URI, USER, "OK", "31344152", USER1, "56", PASS1, "480", "",
         "internet|internet", "av.contoso.com|av2.contoso.com", "", "3478|3478", "443|443", "2"]
    assert mras_experts(tshark, 7) == []


def test_response_split_over_tcp_segments(tshark):
    assert row(tshark, 11, ["tcp.segment", "mras.request_id", "mras.realm", "mras.relay.location",
                            "mras.relay.host", "mras.relay.ip", "mras.relay.udp_port", "mras.relay.tcp_port",
                            "mras.duration"]) == \
        ["9|10|11", "40000001", "SIP Communications Service", "intranet", "", "10.1.2.3", "3478", "443", "60"]
    # the first segments carry no MRAS
    assert tshark.fields(CAP, ["frame.number"], "mras && frame.number in {9, 10}") == []


def test_several_credentials_per_body(tshark):
    assert row(tshark, 15, ["mras.version", "mras.credentials_request_id", "mras.location",
                            "mras.duration"]) == ["1.0", "5555|5556", "internet|intranet", "480|480"]
    r = row(tshark, 16, ["mras.server_version", "mras.credentials_request_id", "mras.relay.host",
                         "mras.relay.location", "mras.relay.udp_port", "mras.relay.tcp_port",
                         "mras.username.decoded_length", "mras.relay_count"])
    assert r == ["2.0", "5555|5556", "av.contoso.com|edge-int.contoso.com", "internet|intranet",
                 "3478|3478", "443", "56|56", "2"]


def test_pairing_two_pass(tshark):
    rows = tshark.fields(CAP, ["frame.number", "mras.type", "mras.response_in", "mras.response_to",
                               "mras.time"], "mras.type != 3", extra=["-2"])
    assert rows == [
        ["6", "1", "7", "", ""], ["7", "2", "", "6", "0.267000000"],
        ["8", "1", "11", "", ""], ["11", "2", "", "8", "0.053000000"],
        ["15", "1", "16", "", ""], ["16", "2", "", "15", "0.001000000"],
        ["17", "1", "", "", ""],
        ["18", "1", "19", "", ""], ["19", "2", "", "18", "0.001000000"],
        ["20", "1", "", "", ""],
        ["24", "2", "", "", ""], ["25", "2", "", "", ""], ["26", "2", "", "", ""],
        ["27", "1", "", "", ""], ["28", "1", "", "", ""],
    ]
    assert tshark.fields(CAP, ["frame.number"], "mras.response_in == 7 || mras.response_to == 6",
                         extra=["-2"]) == [["6"], ["7"]]


def test_unanswered_request_expert_on_second_pass_only(tshark):
    assert mras_experts(tshark, 17) == [
        ("unanswered", "MRAS request 77777777 has no MRAS response in this capture")]
    assert mras_experts(tshark, 17, two_pass=False) == []
    # a SIP-level refusal (403, no body) leaves the MRAS request without an MRAS answer
    assert mras_experts(tshark, 20) == [("unanswered", "MRAS request 9999 has no MRAS response in this capture")]
    assert tshark.fields(CAP, ["frame.number"], "mras.expert.unanswered", extra=["-2"]) == \
        [["17"], ["20"], ["28"]]


def test_reason_phrase_not_ok(tshark):
    assert row(tshark, 19, ["mras.reason_phrase", "mras.server_version", "mras.relay_count",
                            "mras.response_to"], extra=["-2"]) == ["Version Mismatch", "2.0", "0", "18"]
    assert mras_experts(tshark, 19) == [("reason_not_ok", "MRAS reasonPhrase: Version Mismatch")]
    # PI_WARN (0x00600000), PI_RESPONSE_CODE (0x03000000)
    assert mras_experts(tshark, 19, details=True) == [
        ("reason_not_ok", "MRAS reasonPhrase: Version Mismatch", 0x00600000, 0x03000000)]
    assert tshark.fields(CAP, ["frame.number"], "mras.expert.reason_not_ok") == [["19"]]


def test_403_without_body_is_not_mras(tshark):
    assert row(tshark, 21, ["sip.Status-Code", "mras.type"]) == ["403", ""]


def test_info_column(tshark):
    info = {int(r[0]): r[1].split(" | ", 1)[1] for r in
            tshark.fields(CAP, ["frame.number", "_ws.col.Info"], "mras", separator="|")}
    assert info[6] == "MRAS request 31344152 (internet, 480 min)"
    assert info[7].startswith("MRAS response OK: 2 relays (av.contoso.com)")
    assert info[11].startswith("MRAS response OK: 1 relay (10.1.2.3)")
    assert info[15] == "MRAS request 5555 (internet, 480 min) +1 more"
    assert info[19].startswith("MRAS response Version Mismatch")
    assert info[5] == "mrasUri " + MRAS_URI
    assert info[22].startswith("no mrasUri")


def test_protocol_column_not_taken_over(tshark):
    # SIP keeps its label; only the xml dissector's own "/XML" suffix is added
    with_plugin = tshark.fields(CAP, ["frame.number", "_ws.col.Protocol", "mras.type"], "sip")
    without = tshark.fields(CAP, ["frame.number", "_ws.col.Protocol"], "sip", plugin=False)
    assert [[n, p] for n, p, _ in with_plugin] == \
        [[n, p + ("/XML" if t else "")] for (n, p), (_, _, t) in zip(without, with_plugin)]
    assert set(p for _, p in without) == {"SIP"}
    assert ["21", "SIP", ""] in with_plugin


def test_provisioning(tshark):
    f = ["mras.type", "mras.provisioning.group", "mras.provisioning.requested_group", "mras.uri",
         "mras.provisioning.mras_uri_present", "mras.provisioning.port_range_enabled",
         "mras.provisioning.min_media_port", "mras.provisioning.max_media_port",
         "mras.provisioning.av_encryption", "mras.provisioning.max_video_rate", "mras.provisioning.qos_enabled"]
    assert row(tshark, 4, f) == ["3", "", "ServerConfiguration|meetingPolicy|ucPolicy"] + [""] * 8
    assert row(tshark, 5, f) == ["3", "ServerConfiguration|meetingPolicy", "", MRAS_URI, "1", "1", "5350",
                                 "5353", "RequireEncryption", "VGA-600K", "0"]
    assert row(tshark, 22, f)[3:5] == ["", "0"]
    assert row(tshark, 23, f)[3:5] == ["", "0"]
    assert mras_experts(tshark, 5) == []
    assert mras_experts(tshark, 22) == [
        ("no_mras_uri", "ServerConfiguration has no <mrasUri>: no A/V Edge configured, "
                        "clients will not request MRAS credentials")]
    assert mras_experts(tshark, 23) == [
        ("no_mras_uri", "ServerConfiguration has an empty <mrasUri>: no A/V Edge configured, "
                        "clients will not request MRAS credentials")]
    assert tshark.fields(CAP, ["frame.number"], "mras.provisioning.mras_uri_present == 0") == [["22"], ["23"]]


def test_malformed_response(tshark):
    assert row(tshark, 24, ["mras.duration", "mras.relay.udp_port", "mras.relay.tcp_port", "mras.password",
                            "mras.username", "mras.unknown_element", "mras.unknown_attribute",
                            "mras.relay.host", "mras.relay_count"]) == \
        ["0", "70000", "0", "not*base64!", "", "tokenFlavour|futurePort", "futureAttr", "av.contoso.com", "2"]
    assert mras_experts(tshark, 24) == sorted([
        ("unknown_attribute", "Unknown attribute futureAttr on <response>"),
        ("bad_value", "password is not valid base64"),
        ("duration_zero", "duration is 0 minutes"),
        ("unknown_element", "Unknown element <tokenFlavour>"),
        ("missing", "Required element <username> missing from <credentials>"),
        ("port_range", "udpPort 70000 is outside 1-65535"),
        ("port_range", "tcpPort 0 is outside 1-65535"),
        ("unknown_element", "Unknown element <futurePort>"),
        ("missing", "<mediaRelay> has neither <hostName> nor <directIPAddress>"),
    ])
    assert mras_experts(tshark, 25) == [("no_relays", "MRAS credentialsResponse has an empty <mediaRelayList>")]
    assert mras_experts(tshark, 26) == [("no_relays", "MRAS credentialsResponse has no <mediaRelayList>")]
    # what follows the bad values is still decoded
    assert row(tshark, 25, ["mras.username.decoded_length", "mras.duration"]) == ["56", "480"]


def test_malformed_request(tshark):
    assert row(tshark, 27, ["mras.request_id", "mras.route", "mras.location", "mras.invalid_value",
                            "mras.namespace", "mras.credentials_request_id"]) == \
        ["", "sideways", "moon", "abc", "urn:example:not-mras", "6050"]
    assert mras_experts(tshark, 27) == sorted([
        ("bad_value", 'route "sideways" is not a known value'),
        ("namespace", "Namespace is not " + NS),
        ("missing", "Required attribute requestID missing from <request>"),
        ("bad_value", 'location "moon" is not a known value'),
        ("bad_value", 'duration is not a number: "abc"'),
        ("missing", "Required element <identity> missing from <credentialsRequest>"),
    ])
    assert mras_experts(tshark, 28) == sorted([
        ("too_many", "More than 100 <credentialsRequest> in <request>"),
        ("unanswered", "MRAS request 6100 has no MRAS response in this capture"),
    ])
    assert row(tshark, 28, ["mras.credentials_request_id"])[0].count("|") == 100


def test_redact_password_preference(tshark):
    on = ["-o", "mras.redact_password:TRUE"]
    assert row(tshark, 7, ["mras.password", "mras.username"], extra=on) == ["<redacted>", USER1]
    # the raw XML subtree (which would show it) is left out; without the preference it is there
    assert row(tshark, 7, ["xml.cdata"], extra=on) == [""]
    assert PASS1 in row(tshark, 7, ["xml.cdata"])[0]
    verbose = tshark.run(["-n", "-r", tshark.capture(CAP), "-Y", "frame.number == 7", "-V"] + on).stdout
    assert "Password: <redacted>" in verbose and PASS1 not in verbose
    # the store still holds the real password: MS-TURN integrity still verifies
    assert row(tshark, 29, ["msturn.mras_frame", "msturn.integrity_status"], extra=on) == ["7", "verified"]


def test_credential_store_feeds_msturn(tshark):
    assert row(tshark, 29, ["msturn.mras_frame", "msturn.integrity_status"]) == ["7", "verified"]


def test_without_plugin_body_is_plain_xml(tshark):
    p = tshark.run(["-r", tshark.capture(CAP), "-Y", "mras"], plugin=False, check=False)
    assert p.returncode != 0 and "mras" in p.stderr
    # without the plugin SIP leaves the body undissected; with it the xml subtree is there
    assert tshark.fields(CAP, ["xml.tag"], "frame.number == 6", plugin=False) == [[""]]
    assert tshark.fields(CAP, ["xml.tag"], "frame.number == 6")[0][0].startswith("<request")


def test_hostile_bodies_do_not_crash(tshark):
    start = time.monotonic()
    p = tshark.run(["-n", "-2", "-r", tshark.capture(HOSTILE), "-V"], check=False, timeout=120)
    elapsed = time.monotonic() - start
    assert p.returncode == 0, p.stderr
    assert "Dissector bug" not in p.stdout and "Dissector bug" not in p.stderr
    assert elapsed < 60
    assert "Elements nested deeper than 16 levels are not decoded" in p.stdout


def test_hostile_deep_nesting(tshark):
    # the walk stops at depth 16: the <x> chain is shown down to there
    assert row(tshark, 6, ["mras.request_id", "mras.identity", "mras.unknown_element"], cap=HOSTILE) == \
        ["h1", USER, "|".join(["x"] * 15)]
    assert mras_experts(tshark, 6, cap=HOSTILE) == sorted([
        ("too_deep", "XML nested deeper than the protocol tree allows; the XML subtree is incomplete"),
        ("unknown_element", "Unknown element <x>"),
        ("too_deep", "Elements nested deeper than 16 levels are not decoded"),
        ("unanswered", "MRAS request h1 has no MRAS response in this capture"),
    ])


def test_hostile_huge_attribute(tshark):
    r = row(tshark, 24, ["mras.request_id", "mras.credentials_request_id", "mras.identity"], cap=HOSTILE)
    assert r[0] == "7" * 65536 and r[1:] == ["h2", USER]
    assert ("value_too_long", "Value of 1048576 bytes; only the first 65536 are used") in \
        mras_experts(tshark, 24, cap=HOSTILE)


def test_hostile_billion_laughs_not_expanded(tshark):
    assert row(tshark, 25, ["mras.request_id", "mras.identity", "mras.location", "mras.duration"],
               cap=HOSTILE) == ["h3", "&lol9;", "internet", "480"]
    assert ("doctype", "DOCTYPE declaration in the body: entities are not expanded") in \
        mras_experts(tshark, 25, cap=HOSTILE)


def test_hostile_truncated_and_junk(tshark):
    assert row(tshark, 26, ["mras.request_id", "mras.username.decoded_length", "mras.duration"],
               cap=HOSTILE) == ["h4", "56", "480"]
    assert mras_experts(tshark, 26, cap=HOSTILE) == sorted([
        ("malformed_xml", "Element <credentialsResponse> is not closed"),
        ("malformed_xml", "Element <response> is not closed"),
        ("no_relays", "MRAS credentialsResponse has no <mediaRelayList>"),
    ])
    assert mras_experts(tshark, 27, cap=HOSTILE) == sorted([
        ("malformed_xml", "Element <response> is not closed"),
        ("missing", "Required element <credentialsResponse> missing from an OK <response>"),
    ])
    assert mras_experts(tshark, 28, cap=HOSTILE) == [("malformed_xml", "MRAS body holds no XML element")]
    # an empty body is not handed to body dissectors at all
    assert row(tshark, 29, ["sip.Status-Code", "mras.type"], cap=HOSTILE) == ["200", ""]


def test_hostile_element_cap(tshark):
    r = row(tshark, 35, ["mras.request_id", "mras.relay_count"], cap=HOSTILE)
    assert r == ["h8", "249"]
    assert mras_experts(tshark, 35, cap=HOSTILE) == [
        ("too_many_elements", "More than 1000 elements; the rest is not decoded")]
