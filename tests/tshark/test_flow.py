"""The OCS/Lync call flow: tshark -2 -q -z flow,msocs,network|standard.

Each arrow row of the text ladder ends with its comment column: the label,
the findings of ocstriage on that frame in brackets and the meaning of an
error. The tests compare those columns, in order, with the story each
capture tells (captures/make_flow.py, make_ocstriage.py, make_sipservice.py
list the frames)."""
import re

import pytest

TIME = re.compile(r"^\s*\d+\.\d+\s*$")

EXTERNAL = [
    ("0.003000", "SUBSCRIBE provisioning"),
    ("0.004000", "200 OK provisioning: mrasUri"),
    ("0.005000", "SERVICE MRAS request"),
    ("0.006000", "200 OK MRAS: 2 relays"),
    ("0.207000", "Allocate"),
    ("0.207999", "Allocate 401 Unauthorized - Credentials needed (challenge with REALM/NONCE); "
                 "with MESSAGE-INTEGRITY present: bad password or realm"),
    ("0.208999", "Allocate"),
    ("0.209999", "Allocate 436 Unknown User [msturn.unknown-user] - The MRAS username is unknown to this Edge "
                 "(credentials from another pool, clock skew or expired)"),
    ("0.210999", "Allocate"),
    ("0.211999", "Allocate 401 Unauthorized - Credentials needed (challenge with REALM/NONCE); "
                 "with MESSAGE-INTEGRITY present: bad password or realm"),
    ("0.212999", "Allocate"),
    ("0.213999", "Allocate OK"),
    ("0.214999", "INVITE SDP"),
    ("1.716999", "200 OK (INVITE) SDP"),
    ("1.727999", "Send x30 (0.64 s) - relayed media"),
    ("1.738999", "Data x30 (0.64 s) - relayed media"),
    ("4.887994", "Send - relayed media"),
    ("4.898994", "Data - relayed media"),
    ("4.899994", "BYE"),
    ("4.900994", "200 OK (BYE)"),
    ("4.901994", "SERVICE QoE"),
    ("4.902993", "202 Accepted"),
]

DEMO = [
    ("0.003000", "SERVICE QoE [service.no-response]"),
    ("360.005000", "TCP [tcp.bare-reset]"),
    ("360.006000", "SERVICE MRAS request"),
    ("360.006999", "403 Forbidden ms-diag 9006 [service.error-response, mras.forbidden] - "
                   "ms-diagnostics 9006: Forbidden"),
    ("360.007999", "INFO"),
    ("360.008999", "500 Internal Server Error ms-diag 3080 [conf.adduser-failed] - "
                   "ms-diagnostics 3080: AddUser failed"),
    ("360.009999", "INVITE SDP [sdp.no-relay-candidates]"),
    ("360.010999", "SUBSCRIBE provisioning"),
    ("360.011999", "200 OK provisioning: no mrasUri [provisioning.no-mras-uri]"),
    ("360.012999", "SERVICE QoE"),
    ("360.013999", "202 Accepted"),
    ("400.014999", "OPTIONS"),
    ("400.015999", "200 OK (OPTIONS)"),
]

QOE = [
    ("0.000000", "202 Accepted"),
    ("1.000000", "SERVICE QoE"),
    ("1.050000", "100 Trying"),
    ("1.250000", "202 Accepted"),
    ("2.000000", "SERVICE QoE"),
    ("2.500000", "SERVICE QoE"),
    ("2.600000", "202 Accepted"),
    ("3.500000", "SERVICE QoE"),
    ("3.510000", "202 Accepted"),
    ("4.101000", "SERVICE MRAS request"),
    ("4.221000", "200 OK MRAS: 1 relay"),
    ("5.000000", "SERVICE"),
    ("5.300000", "100 Trying, 200 OK"),
    ("6.000000", "SERVICE QoE"),
    ("6.040000", "202 Accepted"),
    ("7.000000", "SERVICE QoE"),
    ("7.800000", "500 Server Internal Error ms-diag 1038 [service.error-response] - "
                 "ms-diagnostics 1038: Failed to complete the request"),
    ("8.000000", "SERVICE MRAS request"),
    ("8.090000", "403 Forbidden ms-diag 9006 [service.error-response, mras.forbidden] - "
                 "ms-diagnostics 9006: Not authorized to request credentials"),
    ("10.000000", "SERVICE QoE [service.no-response]"),
] + [(t, m) for s in (15, 25, 35, 45, 54) for t, m in (("%d.000000" % s, "OPTIONS"),
                                                       ("%d.001000" % s, "200 OK (OPTIONS)"))] + [
    ("60.000000", "SERVICE MRAS request"),
    ("64.000000", "OPTIONS"),
    ("64.001000", "200 OK (OPTIONS)"),
]


def ladder(tshark, capture, mode="network"):
    """(header lines, [(time, comment)]) of the msocs flow of a capture."""
    out = tshark.run(["-n", "-2", "-q", "-z", "flow,msocs,%s" % mode, "-r", tshark.capture(capture)]).stdout
    lines = out.splitlines()
    header = [l for l in lines[:2]]
    rows = []
    for line in lines:
        cells = line.split("|")
        times = [c for c in cells if TIME.match(c)]
        if times:
            rows.append((times[0].strip(), cells[-1].strip()))
    return header, rows


def test_registered(tshark):
    # tshark -z help lists the statistics on stderr
    assert "flow,msocs" in tshark.run(["-z", "help"]).stderr.split()
    assert "flow,msocs" not in tshark.run(["-z", "help"], plugin=False).stderr.split()


def test_external_user_story(tshark):
    header, rows = ladder(tshark, "flow-external.pcap")
    assert rows == EXTERNAL
    # nodes named from Record-Route (the pool) and MRAS (the relay listed with its address);
    # the Edge that rejected the credentials is not named by anything in the capture
    nodes = re.split(r"\s*\|\s*", " | ".join(header))
    assert {"192.0.2.10", "pool01.contoso.com", "av.contoso.com", "203.0.113.31"} <= set(nodes)
    assert "198.51.100.20" not in nodes and "203.0.113.30" not in nodes


def test_standard_addresses_same_story(tshark):
    _, rows = ladder(tshark, "flow-external.pcap", mode="standard")
    assert rows == EXTERNAL


def test_findings_on_their_arrows(tshark):
    _, rows = ladder(tshark, "demo-triage.pcap")
    assert rows == DEMO


def test_qoe_and_mras_services(tshark):
    _, rows = ladder(tshark, "sipservice.pcap")
    assert rows == QOE


def test_edge_named_when_it_accepts_mras_credentials(tshark):
    # the MRAS response lists only the host name av.contoso.com; the Edge that
    # answers an Allocate made with its credentials with success is that relay
    header, rows = ladder(tshark, "ocstriage-msturn.pcap")
    assert "av.contoso.com" in " ".join(header) and "203.0.113.30" not in " ".join(header)
    assert [c for _, c in rows if "[" in c] == [
        "Allocate 436 Unknown User [msturn.unknown-user] - The MRAS username is unknown to this Edge "
        "(credentials from another pool, clock skew or expired)",
        "Allocate [msturn.integrity-failed]",
        "Allocate [msturn.no-response]",
    ]


def test_no_media_storm(tshark):
    # plain RTP to a relayed address and unrelated UDP are no OCS messages
    _, rows = ladder(tshark, "msturn-relay.pcap")
    assert rows == [("0.000000", "Allocate"), ("0.001000", "Allocate OK")]


@pytest.mark.parametrize("capture", ["msturn.pcap", "mras-hostile.pcap", "msdiag.pcap"])
def test_odd_captures_draw(tshark, capture):
    # malformed and hostile input: the flow is drawn, every arrow has a label
    _, rows = ladder(tshark, capture)
    assert rows and all(c for _, c in rows)


def test_relayed_rtp_in_rtp_streams(tshark):
    """RTP relayed inside MS-TURN Send requests and Data indications reaches RTP's stream
    statistic (Telephony > RTP > RTP Streams): one stream each way, every packet counted."""
    out = tshark.run(["-n", "-2", "-q", "-r", tshark.capture("flow-external.pcap"), "-z", "rtp,streams"]).stdout
    rows = []
    for c in (line.split() for line in out.splitlines()):
        ssrc = [i for i, t in enumerate(c) if t.startswith("0x") and i >= 4]
        if ssrc:
            i = ssrc[0]
            rows.append(tuple(c[i - 4:i + 1]) + (c[i + 1], c[i + 2], c[i + 3]))
    rows.sort()
    assert rows == [("192.0.2.10", "50100", "203.0.113.30", "3478", "0x11223344", "g711U", "31", "0"),
                    ("203.0.113.30", "3478", "192.0.2.10", "50100", "0x55667788", "g711U", "31", "0")]


@pytest.mark.parametrize("passes", [[], ["-2"]], ids=["one-pass", "two-pass"])
def test_relayed_rtp_set_up_by_the_invite(tshark, passes):
    """Telephony > VoIP Calls ties an RTP stream to the call whose SIP/SDP frame set it up (RTP's
    setup frame). The INVITE's SDP announces the relayed address the Allocate returned; the relayed
    packets travel between the client and the Edge's port 3478, and still carry that INVITE as
    their setup, both ways, in one pass and in two."""
    cap = "flow-external.pcap"
    allocate = tshark.fields(cap, ["frame.number", "msturn.mapped_address", "msturn.mapped_address_port"],
                             "msturn.type == 0x0103")
    assert allocate == [["15", "203.0.113.30", "55000"]]
    sdp = tshark.fields(cap, ["frame.number", "sip.Method", "sdp.connection_info.address", "sdp.media.port"],
                        "sdp")
    assert sdp[0] == ["16", "INVITE", "203.0.113.30", "55000"]
    rows = tshark.fields(cap, ["rtp.ssrc", "rtp.setup-frame", "rtp.setup-method", "udp.srcport"], "rtp",
                         extra=passes)
    assert len(rows) == 62
    assert sorted({tuple(r) for r in rows}) == [("0x11223344", "16", "SDP", "50100"),
                                               ("0x55667788", "16", "SDP", "3478")]


def test_relayed_rtp_setup_leaves_the_flow_to_msturn(tshark):
    """The setup given to RTP takes no packet from MS-TURN: every datagram between the client's
    port and the Edge stays MS-TURN, the relayed RTP inside it, and nothing else is RTP."""
    rows = tshark.fields("flow-external.pcap", ["frame.protocols"], "udp", extra=["-2"])
    kinds = sorted({r[0] for r in rows})
    assert kinds == ["eth:ethertype:ip:udp:msturn", "eth:ethertype:ip:udp:msturn:rtp"]
    assert sum(1 for r in rows if r[0].endswith(":rtp")) == 62
