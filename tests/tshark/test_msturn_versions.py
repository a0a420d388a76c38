"""tshark-level tests of msturn on captures/msturn-versions.pcap
(make_msturn_versions.py): one exchange per MS-TURN version, MS-VERSION absent
(OCS 2007) and 1 to 6, each on its own address pair. Per version: the header
form, the relayed and reflexive addresses after the XOR that version uses,
MESSAGE-INTEGRITY (20 bytes up to version 2, 32 from 3) verified, failed and
unverified without credentials, transactions paired, no attribute unknown,
the RTP in DATA and in 0xFF10 frames reaching rtp, MS-TURNBWM attributes; and
without the plugin, stock classicstun/stun decoding."""
import pytest

CAP = "msturn-versions.pcap"
USER_B64 = "AgAAJAc8cabbEEV6r+QZToO47SJXjMH2K2CVyv80aZ4="
PASS_B64 = "AyA9WneUsc7rCCVCX3yZttPwDSo="
CREDS = ["-o", 'uat:msturn_credentials:"%s","%s"' % (USER_B64, PASS_B64)]

# version (None: MS-VERSION absent) -> (exchange number k, first frame)
EXCHANGES = {None: (0, 1), 1: (1, 10), 2: (2, 19), 3: (3, 28), 4: (4, 37), 5: (5, 46), 6: (6, 56)}
# relative frames of an exchange: Allocate, 401, signed Allocate, success, Set Active
# Destination request and response, Send, Send with a wrong MI, Data Indication
ALLOC, E401, AUTH, OK, SAD, SAD_OK, SEND, SEND_BAD, DATA_IND = range(9)
SIGNED = (AUTH, OK, SAD, SAD_OK, SEND, SEND_BAD)


def by_frame(rows):
    return {int(r[0]): r[1:] for r in rows}


def frames(version, rels):
    first = EXCHANGES[version][1]
    return [first + r for r in rels]


def test_ms_version_and_header_form(tshark):
    rows = by_frame(tshark.fields(CAP, ["frame.number", "msturn.form", "msturn.ms_version", "msturn.type"],
                                  "msturn.type"))
    for version, (k, first) in EXCHANGES.items():
        form = "1" if version is not None and version >= 3 else "0"
        v = "" if version is None else str(version)
        assert rows[first + ALLOC] == [form, v, "0x0003"], version
        assert rows[first + E401] == [form, "", "0x0113"], version
        assert rows[first + AUTH] == [form, v, "0x0003"], version
        assert rows[first + OK] == [form, v, "0x0103"], version
        assert rows[first + SEND] == [form, "", "0x0004"], version
        assert rows[first + DATA_IND] == [form, "", "0x0115"], version


def test_allocate_addresses_after_xor(tshark):
    fields = ["frame.number", "msturn.mapped_address", "msturn.mapped_address_port",
              "msturn.xor_mapped_address", "msturn.xor_mapped_address_port",
              "msturn.alternate_mapped_address_v6", "msturn.alternate_mapped_address_port"]
    rows = by_frame(tshark.fields(CAP, fields, "msturn.type == 0x0103"))
    assert len(rows) == len(EXCHANGES)
    for version, (k, first) in EXCHANGES.items():
        # relayed address plain (MAPPED-ADDRESS), reflexive XORed with message bytes 4..7
        alt = ["2001:db8::114", "51004"] if version == 4 else ["", ""]
        assert rows[first + OK] == ["203.0.113.%d" % (20 + k), str(51000 + k),
                                    "192.0.2.%d" % (20 + k), str(50000 + k)] + alt, version


def test_integrity_with_credentials(tshark):
    rows = by_frame(tshark.fields(CAP, ["frame.number", "msturn.integrity_status", "msturn.message_integrity"],
                                  "msturn", extra=CREDS))
    for version, (k, first) in EXCHANGES.items():
        mac_hex = 64 if version is not None and version >= 3 else 40
        for rel in range(9):
            status, mac = rows[first + rel]
            if rel in SIGNED:
                assert status == ("failed" if rel == SEND_BAD else "verified"), (version, rel)
                assert len(mac) == mac_hex, (version, rel)
            else:
                assert (status, mac) == ("", ""), (version, rel)
    failed = tshark.experts(CAP, "msturn.integrity_failed", extra=CREDS)
    assert sorted(failed) == sorted(first + SEND_BAD for _, first in EXCHANGES.values())


def test_integrity_without_credentials(tshark):
    rows = by_frame(tshark.fields(CAP, ["frame.number", "msturn.integrity_status"], "msturn.integrity_status"))
    expected = {f: ["unverified: no credentials"] for v in EXCHANGES for f in frames(v, SIGNED)}
    assert rows == expected
    # a wrong password fails every signed message, 20- and 32-byte alike
    bad = ["-o", 'uat:msturn_credentials:"%s","d3Jvbmc="' % USER_B64]
    rows = by_frame(tshark.fields(CAP, ["frame.number", "msturn.integrity_status"], "msturn.integrity_status",
                                  extra=bad))
    assert rows == {f: ["failed"] for f in expected}


def test_transactions_paired(tshark):
    rows = by_frame(tshark.fields(CAP, ["frame.number", "msturn.response_in", "msturn.response_to"],
                                  "msturn.response_in || msturn.response_to", extra=["-2"]))
    expected = {}
    for version, (k, first) in EXCHANGES.items():
        for req, resp in ((ALLOC, E401), (AUTH, OK), (SAD, SAD_OK)):
            expected[first + req] = [str(first + resp), ""]
            expected[first + resp] = ["", str(first + req)]
    assert rows == expected
    assert tshark.fields(CAP, ["frame.number"], "msturn.no_response || msturn.no_response_yet",
                         extra=["-2"]) == []


def test_no_attribute_unknown_or_malformed(tshark):
    assert tshark.fields(CAP, ["frame.number"], "msturn.unknown_attribute.expert || msturn.malformed") == []
    attrs = by_frame(tshark.fields(CAP, ["frame.number", "msturn.attr"], "msturn.attr"))
    seen = {a for v in attrs.values() for a in v[0].split(",")}
    # every Microsoft attribute the exchanges use is there, named
    assert {"0x000f", "0x8008", "0x8020", "0x8050", "0x8055", "0x0017", "0x8090", "0x8095", "0x8022",
            "0x8056", "0x805d", "0x8068"} <= seen
    # msturn's own wording ("... (optional)" / "(comprehension-required)"); stun's
    # misaligned walk of the unpadded attributes has unknown types of its own
    ex = tshark.experts(CAP)
    assert not [m for ms in ex.values() for m in ms if m.startswith("Unknown attribute") and "(" in m]
    assert tshark.fields(CAP, ["msturn.software"], "msturn.software") == [["Relay 6.0"]]


def test_rtp_in_data_and_multiplexed_frames(tshark):
    rows = by_frame(tshark.fields(CAP, ["frame.number", "rtp.seq", "rtp.ssrc"], "rtp"))
    expected = {}
    for version, (k, first) in EXCHANGES.items():
        expected[first + SEND] = [str(100 + k), "0x%08x" % (0x5E5E0000 + k)]
        expected[first + SEND_BAD] = [str(101 + k), "0x%08x" % (0x5E5E0000 + k)]
        expected[first + DATA_IND] = [str(200 + k), "0x%08x" % (0x5E5E0100 + k)]
    expected[55] = ["107", "0x5e5e0005"]   # the stream of the Sends goes on
    expected[65] = ["108", "0x5e5e0006"]
    assert rows == expected
    # Telephony > RTP Streams: one stream each way per version, none missing a packet
    out = tshark.run(["-n", "-q", "-r", tshark.capture(CAP), "-z", "rtp,streams"]).stdout
    streams = [l for l in out.splitlines() if "g711U" in l]
    assert len(streams) == 14
    assert all(" 0 (0.0%)" in l for l in streams), streams
    # versions 5 and 6: the session id the 401 announced is the one the 0xFF10 frames carry
    mux = by_frame(tshark.fields(CAP, ["frame.number", "msturn.multiplexed_session_id", "msturn.mux.session_id"],
                                 "msturn.multiplexed_session_id || msturn.mux.session_id"))
    assert mux == {47: ["5e55100500000001", ""], 48: ["5e55100500000001", ""], 55: ["", "0x5e55100500000001"],
                   57: ["5e55100600000001", ""], 58: ["5e55100600000001", ""], 65: ["", "0x5e55100600000001"]}


def test_bandwidth_management_from_version_3(tshark):
    fields = ["frame.number", "msturn.bw_acm_type", "msturn.bw.max_send", "msturn.bw.min_receive",
              "msturn.remote_site_address", "msturn.local_site_address", "msturn.local_site_address_port",
              "msturn.lp.peer_location", "msturn.site.valid"]
    rows = by_frame(tshark.fields(CAP, fields, "msturn.bw_acm_type || msturn.site.valid"))
    expected = {}
    for version in (3, 4, 5, 6):
        k, first = EXCHANGES[version]
        expected[first + AUTH] = ["0", "128", "64", "198.51.100.%d" % (20 + k), "192.0.2.%d" % (20 + k),
                                  str(50000 + k), "1", ""]
        expected[first + OK] = ["", "", "", "", "", "", "", "1,1,1"]
    assert rows == expected


def test_without_plugin_stock_decoding(tshark):
    builtin = "classicstun" if tshark.has_protocol("classicstun") else "stun"
    rows = by_frame(tshark.fields(CAP, ["frame.number", "frame.protocols"], plugin=False))
    assert len(rows) == 65
    for version, (k, first) in EXCHANGES.items():
        old = version is None or version < 3
        for rel in range(9):
            proto = rows[first + rel][0]
            assert proto.split(":")[4] == (builtin if old else "stun"), (version, rel, proto)
            assert "msturn" not in proto and "rtp" not in proto
    assert rows[55] == ["eth:ethertype:ip:udp:stun:data"] and rows[65] == ["eth:ethertype:ip:udp:stun:data"]
    r = tshark.run(["-n", "-r", tshark.capture(CAP), "-Y", "msturn"], plugin=False, check=False)
    assert r.returncode != 0 and r.stdout == ""


@pytest.mark.parametrize("version", [None, 1, 2, 3, 4, 5, 6])
def test_each_exchange_on_its_own_address_pair(tshark, version):
    k, first = EXCHANGES[version]
    rows = tshark.fields(CAP, ["ip.src", "ip.dst", "udp.srcport", "udp.dstport"],
                         "frame.number>=%d && frame.number<=%d" % (first, first + 8))
    client, relay = "192.0.2.%d" % (20 + k), "203.0.113.%d" % (20 + k)
    assert {tuple(sorted(r[:2])) for r in rows} == {tuple(sorted((client, relay)))}
    assert {tuple(sorted(r[2:])) for r in rows} == {tuple(sorted((str(50000 + k), "3478")))}
