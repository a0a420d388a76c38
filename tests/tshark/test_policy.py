"""The analysis-cost policy's measuring knob (MSOCS_POLICY_OFF, msocs-policy.h).

Each part of the policy saves work only where nothing would show it; its safe
answer (named in MSOCS_POLICY_OFF) does that work anyway. So with the knob set
to any part, or to all, every output the policy serves must be the same as
with the knob unset: the same findings, summary lines, statistics and fields.
What each part saves is counted by bench/policy-parts.
"""
import pytest

PARTS = ["one-pass", "two-pass", "media-tree", "media-skip", "info-line", "statistic", "payload-only",
         "media-setup", "all"]

# (capture, tshark arguments after -n -r <capture>): the command shapes the parts serve
SHAPES = [
    # findings about later frames need the first-pass tree (one-pass, two-pass)
    ("demo-triage.pcap", ["-2", "-T", "fields", "-e", "frame.number", "-e", "ocstriage.signature"]),
    ("ocstriage-msturn.pcap", ["-2", "-T", "fields", "-e", "frame.number", "-e", "ocstriage.signature",
                               "-e", "rtp.seq"]),
    # the triage summary on a quiet two-pass read (media-skip, payload-only)
    ("demo-triage.pcap", ["-2", "-q", "-z", "ocstriage,tree"]),
    ("ocstriage-msturn.pcap", ["-2", "-q", "-z", "ocstriage,tree"]),
    # relayed RTP in MS-TURN DATA: summary lines of one and two passes (info-line, media-tree)
    ("msturn.pcap", []),
    ("msturn.pcap", ["-2"]),
    ("ocstriage-msturn.pcap", []),
    # relayed RTP's per-stream state shown by a later pass, and RTP's tap after a quiet pass
    ("msturn.pcap", ["-2", "-T", "fields", "-e", "frame.number", "-e", "rtp.setup-frame", "-e", "rtp.extseq"]),
    ("msturn.pcap", ["-2", "-q", "-z", "rtp,streams"]),
    # the call flow (statistic)
    ("msturn-relay.pcap", ["-2", "-q", "-z", "flow,msocs,network"]),
    ("demo-triage.pcap", ["-2", "-q", "-z", "flow,msocs,standard"]),
    # relayed RTP tied to the SDP that announced its relayed address (media-setup)
    ("flow-external.pcap", ["-T", "fields", "-e", "frame.number", "-e", "rtp.setup-frame"]),
    ("flow-external.pcap", ["-q", "-z", "rtp,streams"]),
    ("flow-external.pcap", []),
]


def run(tshark, capture, args, off=None):
    env = {} if off is None else {"MSOCS_POLICY_OFF": off}
    return tshark.run(["-n", "-r", tshark.capture(capture)] + args, extra_env=env)


@pytest.fixture(scope="module")
def shipped(tshark):
    """Output of every shape with the knob unset."""
    return [run(tshark, cap, args).stdout for cap, args in SHAPES]


def test_shipped_outputs_hold_the_analysis(tshark, shipped):
    # the reference outputs are real: the findings, relayed RTP and the flow are in them
    sigs = [l.split("\t") for l in shipped[0].splitlines()]
    assert [r for r in sigs if r[1]] == [
        ["4", "service.no-response"], ["6", "tcp.bare-reset"], ["8", "service.error-response,mras.forbidden"],
        ["10", "conf.adduser-failed"], ["11", "sdp.no-relay-candidates"], ["13", "provisioning.no-mras-uri"],
    ]
    assert "Failure signatures" in shipped[2] and "mras.forbidden" in shipped[2]
    assert "| PT=ITU-T G.711 PCMU, SSRC=0x" in shipped[4]
    assert "\n5\t5\t65537\n" in shipped[7]
    assert "g711U" in shipped[8]
    assert "203.0.113.5" in shipped[9]
    # relayed RTP carries the INVITE (frame 16) as its setup; the two RTP streams are listed
    assert "\n19\t16\n" in shipped[11] and "\n80\t16\n" in shipped[11]
    assert shipped[12].count("g711U") == 2


def test_empty_knob_changes_nothing(tshark, shipped):
    for (cap, args), want in zip(SHAPES, shipped):
        p = run(tshark, cap, args, off="")
        assert p.stdout == want, (cap, args)
        assert "MSOCS_POLICY_OFF" not in p.stderr


@pytest.mark.parametrize("part", PARTS)
def test_safe_answer_loses_nothing(tshark, shipped, part):
    for (cap, args), want in zip(SHAPES, shipped):
        p = run(tshark, cap, args, off=part)
        assert p.stdout == want, (part, cap, args)
        # the knob was read: the parts that are off are reported at load
        notice = [l for l in p.stderr.splitlines() if "policy parts off" in l]
        assert len(notice) == 1, p.stderr
        named = notice[0].rsplit(": ", 1)[1].split(",")
        assert named == (PARTS[:-1] if part == "all" else [part])


def test_unknown_part_is_reported_and_ignored(tshark, shipped):
    p = run(tshark, "demo-triage.pcap", SHAPES[0][1], off="media-tree, no-such-part")
    assert p.stdout == shipped[0]
    assert 'unknown policy part "no-such-part" ignored' in p.stderr
    assert "policy parts off (safe answers, for measuring): media-tree" in p.stderr
