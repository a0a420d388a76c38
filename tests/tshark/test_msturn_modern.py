"""tshark-level tests of MS-TURN as Teams speaks it (MS-VERSION 6, RFC 5389
header form, multiplexed TURN) on the real capture ndpi_teams.pcap
(../shared/real-captures, see its README.md): multiplexed TURN frames decoded
down to the message they carry, the 32-byte MESSAGE-INTEGRITY reported as
unverified for want of credentials, stock decoding of everything else kept."""
import os

import pytest

TEAMS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..",
                     "shared", "real-captures", "ndpi_teams.pcap")
TEAMS = os.environ.get("MSOCS_TEAMS_PCAP", os.path.normpath(TEAMS))
if not os.path.exists(TEAMS):
    TEAMS = "/work/shared/real-captures/ndpi_teams.pcap"

pytestmark = pytest.mark.skipif(not os.path.exists(TEAMS), reason="ndpi_teams.pcap not available")


def by_frame(rows):
    return {int(r[0]): r[1:] for r in rows}


def test_mux_frames_carry_session_id_and_ice_check(tshark):
    fields = ["frame.number", "msturn.mux.session_id", "msturn.mux.carries", "stun.type",
              "stun.id", "stun.att.ms.turn_session_id"]
    rows = by_frame(tshark.fields(TEAMS, fields, "msturn.mux"))
    assert rows == {
        1424: ["0xdeaa296708f708fc", "1", "0x0101", "81275a7e28b364d88f3d14f9", "0xdeaa296708f708fc"],
        1427: ["0x651f34ce2e7915fc", "1", "0x0101", "b9f45d4f2ed209b36ad0098a", "0x651f34ce2e7915fc"],
    }
    # one session filtered: its frame and nothing else
    one = tshark.fields(TEAMS, ["frame.number"], "msturn.mux.session_id == 0x651f34ce2e7915fc")
    assert one == [["1427"]]
    # the carried Binding Success Response answers the relay's check (request 1422, same id)
    resp = by_frame(tshark.fields(TEAMS, ["frame.number", "stun.response-to"], "frame.number==1424"))
    assert resp == {1424: ["1422"]}


def test_mux_without_plugin_leaves_data(tshark):
    rows = by_frame(tshark.fields(TEAMS, ["frame.number", "stun.type", "data.len"],
                                  "frame.number==1424", plugin=False))
    assert rows == {1424: ["", "88"]}


def test_integrity_32_bytes_unverified_without_credentials(tshark):
    rows = by_frame(tshark.fields(TEAMS, ["frame.number", "msturn.integrity_status"],
                                  "msturn.integrity_status && frame.number <= 1420"))
    # Send requests (unpadded attributes all multiples of 4: stun walks them right)
    assert rows[1413] == ["unverified: no credentials"]
    assert rows[1414] == ["unverified: no credentials"]
    assert all(v == ["unverified: no credentials"] for v in rows.values())
    assert "unknown" not in {v[0] for v in rows.values()}


def test_other_frames_decode_as_stock(tshark):
    # UDP 3478 itself is msturn's port (the old form's owner); what it does there is tested
    # in test_msturn.py. Everywhere else only the 0xFF10 frames may differ from stock.
    fields = ["frame.number", "frame.protocols"]
    def strip(p):
        return ":".join(x for x in p.split(":") if not x.startswith("msturn"))
    stock = by_frame(tshark.fields(TEAMS, fields, "udp && !udp.port==3478 && !(frame.number==1424 || frame.number==1427)",
                                   plugin=False))
    mine = by_frame(tshark.fields(TEAMS, fields, "udp && !udp.port==3478 && !(frame.number==1424 || frame.number==1427)"))
    assert len(stock) > 100
    assert {k: strip(v[0]) for k, v in mine.items()} == {k: v[0] for k, v in stock.items()}
