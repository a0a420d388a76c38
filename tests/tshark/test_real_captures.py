"""Do no harm: public captures that other projects recorded (Teams, Skype, WebRTC,
browsing, SIP from several stacks), read with and without the plugin.

The captures live in ../shared/real-captures/ beside the repository (README.md
and SOURCES.tsv there name each one's project, path and licence); they are not
copied into captures/. None holds an OCS/Lync failure, so with the plugin:
same exit status and no stderr, the same TLS handshake messages, no STUN, RTP,
RTCP, SIP or DTLS frame lost, no new Malformed, msturn only on frames it adds a
tree to, `-z io,phs` equal but for msturn replacing classicstun and msturn's own
trees, and not one ocstriage finding.
"""
import glob
import os
import re

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REAL = os.environ.get("MSOCS_REAL_CAPTURES", os.path.join(os.path.dirname(REPO), "shared", "real-captures"))
CAPS = sorted(glob.glob(os.path.join(REAL, "*.pcap")) + glob.glob(os.path.join(REAL, "*.pcapng")))
if not CAPS:
    pytest.skip("no real captures at %s (set MSOCS_REAL_CAPTURES)" % REAL, allow_module_level=True)

KEEP = ["tls.handshake.type", "stun.type", "rtp.seq", "rtcp.pt", "sip.Method", "sip.Status-Code",
        "dtls.record.content_type"]


def frames(tshark, cap, dfilter, plugin):
    r = tshark.run(["-n", "-2", "-r", tshark.capture(cap), "-Y", dfilter, "-T", "fields", "-e", "frame.number"],
                   plugin=plugin)
    return r.stdout.split()


@pytest.mark.parametrize("cap", CAPS, ids=os.path.basename)
def test_plain_read_same_status_no_stderr(tshark, cap):
    for plugin in (False, True):
        r = tshark.run(["-n", "-2", "-r", tshark.capture(cap)], plugin=plugin, check=False)
        assert r.returncode == 0 and r.stderr == "", (plugin, r.returncode, r.stderr[:500])


@pytest.mark.parametrize("cap", CAPS, ids=os.path.basename)
def test_stock_decoding_kept(tshark, cap):
    msturn = set(frames(tshark, cap, "msturn || msturn.mux", plugin=True))
    for field in KEEP:
        stock = set(frames(tshark, cap, field, plugin=False))
        ours = set(frames(tshark, cap, field, plugin=True))
        assert stock <= ours, (field, sorted(stock - ours))
        # more only where msturn decodes what classicstun left as bytes (a DATA attribute)
        assert ours - stock <= msturn, (field, sorted(ours - stock - msturn))
    # TLS handshake messages counted, not only frames
    hs = {p: tshark.fields(cap, ["tls.handshake.type"], "tls.handshake.type", extra=["-2"], plugin=p)
          for p in (False, True)}
    assert hs[True] == hs[False]
    assert len(frames(tshark, cap, "_ws.malformed", True)) <= len(frames(tshark, cap, "_ws.malformed", False))


@pytest.mark.parametrize("cap", CAPS, ids=os.path.basename)
def test_msturn_only_where_it_adds_a_tree(tshark, cap):
    rows = tshark.fields(cap, ["frame.number", "frame.protocols", "msturn.type", "msturn.tcp.type",
                               "msturn.pseudo_tls.handshake_type", "msturn.mux.session_id"], extra=["-2"])
    def ours(protos):
        return any(p.startswith("msturn") for p in protos.split(":"))
    for r in rows:
        if "msturn" in r[1].split(":"):
            assert any(r[2:]), r
    stock = tshark.fields(cap, ["frame.number", "frame.protocols"], extra=["-2"], plugin=False)
    by_num = {r[0]: r[1] for r in stock}
    for r in rows:
        if not ours(r[1]):
            assert r[1] == by_num[r[0]], r        # untouched frames keep their protocol stack
        else:
            # msturn only takes what stock left to classicstun or data
            assert "classicstun" in by_num[r[0]] or by_num[r[0]].endswith(":data"), (r, by_num[r[0]])


def phs(tshark, cap, plugin):
    out = tshark.run(["-n", "-2", "-q", "-r", tshark.capture(cap), "-z", "io,phs"], plugin=plugin).stdout
    rows = []
    for line in out.splitlines():
        m = re.match(r"^(\s*)(\S+)\s+frames:(\d+) bytes:(\d+)", line)
        if m:
            rows.append((len(m.group(1)), m.group(2), int(m.group(3))))
    return rows


@pytest.mark.parametrize("cap", CAPS, ids=os.path.basename)
def test_io_phs_equal_but_msturn(tshark, cap):
    stock = [(d, "msturn" if p == "classicstun" else p, n) for d, p, n in phs(tshark, cap, False)]
    ours = phs(tshark, cap, True)
    # msturn's trees on frames stun decodes add an msturn row below stun's
    ours_wo = []
    skip_depth = None
    for d, p, n in ours:
        if skip_depth is not None and d > skip_depth:
            continue
        skip_depth = None
        if p == "msturn.mux":
            # the multiplexed TURN payload stock leaves as data, decoded further
            ours_wo.append((d, "data", n))
            skip_depth = d
            continue
        if p == "msturn" and not any(s == (d, p, n) for s in stock):
            skip_depth = d
            continue
        ours_wo.append((d, p, n))
    assert "ocstriage" not in [p for _, p, _ in ours]
    assert ours_wo == stock


@pytest.mark.parametrize("cap", CAPS, ids=os.path.basename)
def test_no_findings(tshark, cap):
    assert tshark.fields(cap, ["frame.number", "ocstriage.signature"], "ocstriage", extra=["-2"]) == []
    assert tshark.fields(cap, ["frame.number"], "msturn.integrity_status == \"failed\"", extra=["-2"]) == []


def test_teams_send_requests_named_send(tshark):
    cap = os.path.join(REAL, "ndpi_teams.pcap")
    if not os.path.exists(cap):
        pytest.skip("ndpi_teams.pcap not present")
    rows = tshark.fields(cap, ["frame.number", "msturn.type", "msturn.class"], "msturn.type == 0x0004",
                         extra=["-2"], separator="|")
    assert len(rows) >= 6
    for r in rows:
        assert set(r[2].split("|")) == {"3"}, r      # an indication: no response expected
    # the Info column names them as MS-TURN does (stun calls 0x0004 Refresh)
    lines = tshark.run(["-n", "-2", "-r", tshark.capture(cap), "-Y", "msturn.type == 0x0004"]).stdout.splitlines()
    assert len(lines) == len(rows)
    for line in lines:
        assert "Send Request" in line and "Refresh" not in line, line
    # no "no response" expert on a Send, and the two Allocates answered from .123 are answered
    ex = tshark.experts(cap, "msturn", extra=["-2"])
    for n in [int(r[0]) for r in rows]:
        assert not any("no response" in m for m in ex.get(n, [])), n
    ans = dict((r[0], r[1]) for r in tshark.fields(cap, ["frame.number", "msturn.response_to"],
                                                     "frame.number == 1275 || frame.number == 1298", extra=["-2"]))
    assert ans == {"1275": "1250", "1298": "1276"}
    # MS-ICE connectivity checks (Binding) are not MS-TURN
    assert tshark.fields(cap, ["frame.number"], "msturn.type == 0x0001 || msturn.method == 0x001",
                         extra=["-2"]) == []


def test_teams_ms_layout_attributes(tshark):
    """Teams sends MS-TURN's unpadded attribute layout in the RFC 5389 header (MAGIC-COOKIE first):
    stun, padding the 10-byte REALM, reads garbage after it; msturn lists the attributes as they are."""
    cap = os.path.join(REAL, "ndpi_teams.pcap")
    if not os.path.exists(cap):
        pytest.skip("ndpi_teams.pcap not present")
    rows = tshark.fields(cap, ["msturn.attr", "msturn.realm", "msturn.ms_version", "msturn.integrity_status"],
                         "frame.number == 1250", extra=["-2"], separator="|")
    assert rows == [["0x000f|0x8037|0x8008|0x8006|0x0010|0x8055|0x8095|0x0014|0x0015|0x0006|0x0008",
                     '"rtcmedia"', "6", "unverified: no credentials"]]
