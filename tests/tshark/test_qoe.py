"""qoe: QoE reports ([MS-QoE]) in SIP SERVICE bodies, poor audio streams by the Call
Quality Dashboard thresholds, the INVITE link, -z qoe,tree and qoe.poor-stream.

Captures from captures/make_qoe.py (frame list in its docstring): qoe.pcap frames
1/2 INVITEs, 3 good report, 5 poor report (RELAY, two poor streams), 7 older content
type with an interval report, 8 CallQualityFeedbackReport, 9 missing/bad values,
10 values exactly at the thresholds. qoe-hostile.pcap: 55 nested 10,000 deep,
299 15,000 elements, 300 not XML, 301 foreign root, 302 cut short.
"""
CAP = "qoe.pcap"
HOSTILE = "qoe-hostile.pcap"


def test_poor_streams_listed_with_values_from_the_xml(tshark):
    rows = tshark.fields(CAP, ["frame.number", "qoe.call_id", "qoe.poor_reason"], "qoe.poor",
                         extra=["-2"], separator="|")
    assert rows == [
        ["5", "call-poor@192.0.2.10", "main-audio inbound: PacketLossRate 0.15 > 0.1, JitterInterArrival 45 ms > 30 ms"
         "|main-audio outbound: RoundTrip 620 ms > 500 ms"],
        ["7", "call-noinvite@192.0.2.10", "main-audio inbound: DegradationAvg 1.35 > 1.0, "
         "RatioConcealedSamplesAvg 0.09 > 0.07"],
        ["9", "", "main-audio inbound: RoundTrip 700 ms > 500 ms"],
    ]


def test_good_and_threshold_reports_are_not_poor(tshark):
    rows = tshark.fields(CAP, ["frame.number", "qoe.call_id", "qoe.stream.poor"], "qoe.call_id and not qoe.poor",
                         extra=["-2"])
    # the good report's video streams are not judged (audio classifier only)
    assert rows == [["3", "call-good@192.0.2.10", "0,0"], ["8", "call-poor@192.0.2.10", ""],
                    ["10", "call-edge@192.0.2.10", "0"]]


def same_values(got, want):
    """Cell by cell; numbers as numbers: tshark 4.6 prints a float field with
    all nine digits (0.150000006 for the 0.15 the XML holds)."""
    if len(got) != len(want):
        return False
    for g, w in zip(got, want):
        if g == w:
            continue
        try:
            gv = [float(x) for x in g.split("|")]
            wv = [float(x) for x in w.split("|")]
        except ValueError:
            return False
        if len(gv) != len(wv) or any(abs(a - b) > 1e-6 * max(1.0, abs(b)) for a, b in zip(gv, wv)):
            return False
    return True


def test_stream_metrics_typed_from_the_schema(tshark):
    fields = ["qoe.media_line.label", "qoe.media_line.ice", "qoe.media_line.relay_address",
              "qoe.media_line.relay_port", "qoe.media_line.transport", "qoe.stream.direction", "qoe.stream.codec",
              "qoe.stream.packet_loss_rate", "qoe.stream.packet_loss_rate_max", "qoe.stream.jitter_inter_arrival",
              "qoe.stream.round_trip", "qoe.stream.burst_density", "qoe.stream.degradation_avg",
              "qoe.stream.network_mos", "qoe.stream.send_listen_mos", "qoe.stream.recv_listen_mos",
              "qoe.stream.ratio_concealed_samples_avg", "qoe.stream.packets", "qoe.stream.sample_rate",
              "qoe.from_uri", "qoe.to_uri", "qoe.start", "qoe.end", "qoe.endpoint", "qoe.caller",
              "qoe.poor_streams", "qoe.invite_frame"]
    row = tshark.fields(CAP, fields, "frame.number == 5", extra=["-2"], separator="|")
    assert len(row) == 1
    want = ["main-audio", "RELAY", "203.0.113.30", "3478", "TCP", "inbound|outbound", "x-msrta|x-msrta",
            "0.15|0.02", "0.2|0.2", "45|10", "120|620", "0.05|0.05", "0.9", "2.9|2.9", "3.9|3.9",
            "3.1|3.1", "0.05", "3000|3000", "16000|16000", "sip:alice@contoso.com",
            "sip:bob@contoso.com", "2024-03-01T10:00:00.0000000Z", "2024-03-01T10:12:30.0000000Z",
            "ALICE-PC", "1", "2", "2"]
    assert same_values(row[0], want), (row[0], want)


def test_invite_link_and_content_types(tshark):
    rows = tshark.fields(CAP, ["frame.number", "qoe.kind", "qoe.invite_frame", "qoe.cqf.rating",
                               "qoe.cqf.reporting_user_uri", "qoe.interval_report"], "qoe", extra=["-2"])
    kinds = {r[0]: r[1:] for r in rows}
    assert kinds["3"][:2] == ["VQReportEvent", "1"]
    assert kinds["5"][:2] == ["VQReportEvent", "2"]
    # older content type application/vq-rtcpxr, interval report, no INVITE in the capture
    assert kinds["7"][0] == "VQReportEvent" and kinds["7"][1] == "" and kinds["7"][4] != ""
    assert kinds["8"] == ["CallQualityFeedbackReport", "2", "2", "sip:alice@contoso.com", ""]


def test_missing_and_bad_values(tshark):
    ex = tshark.experts(CAP, "frame.number == 9", extra=["-2"])[9]
    assert 'InterArrival is not an unsigned integer: "abc"' in ex
    assert 'LossRate is not a number: ""' in ex
    assert "Required attribute CallId missing from <DialogInfo>" in ex
    assert "Required attribute Label missing from <MediaLine>" in ex
    row = tshark.fields(CAP, ["qoe.invalid_value", "qoe.element"], "frame.number == 9", separator="|")
    assert row[0][0] == "abc|"
    assert "FutureMetric" in row[0][1].split("|")


def test_expert_and_signature(tshark):
    rows = tshark.fields(CAP, ["frame.number", "ocstriage.signature"], 'ocstriage.signature == "qoe.poor-stream"',
                         extra=["-2"])
    assert [r[0] for r in rows] == ["5", "7", "9"]
    ex = tshark.experts(CAP, "frame.number == 5", extra=["-2"])[5]
    assert ("qoe.poor-stream: QoE report with a poor audio stream: Call-ID call-poor@192.0.2.10, 2 poor streams; "
            "main-audio inbound: PacketLossRate 0.15 > 0.1, JitterInterArrival 45 ms > 30 ms") in ex
    assert ("Poor audio stream (Call Quality Dashboard thresholds): main-audio outbound: RoundTrip 620 ms > 500 ms"
            in ex)


def test_stats_tree(tshark):
    out = tshark.run(["-n", "-2", "-q", "-z", "qoe,tree", "-r", tshark.capture(CAP)]).stdout
    reports = [l.split() for l in out.splitlines() if l.startswith("QoE reports")]
    assert reports[0][2] == "6"
    text = "\n".join(out.splitlines())
    assert [l.split()[:2] for l in out.splitlines() if l.strip().startswith(("SIREN", "x-msrta", "SILK", "H264",
                                                                            "UDP", "TCP"))] == [
        ["UDP", "8"], ["TCP", "2"], ["SIREN", "4"], ["x-msrta", "2"], ["SILK", "2"], ["H264", "2"]]
    poor = [l.split() for l in out.splitlines() if l.strip().startswith("Poor audio streams")]
    assert poor[0][3] == "4"
    rtt = [l.split() for l in out.splitlines() if l.strip().startswith("RoundTrip")][0]
    assert rtt[1:5] == ["8", "291.50", "45.000000", "700.000000"]
    plr = [l.split() for l in out.splitlines() if l.strip().startswith("PacketLossRate")][0]
    assert plr[4] == "0.150000"
    assert "rating 2" in text


def test_hostile_bodies_bounded(tshark):
    rows = tshark.fields(HOSTILE, ["frame.number", "qoe.call_id", "qoe.kind", "_ws.expert.message"], "qoe",
                         extra=["-2"], separator="|")
    got = {r[0]: r[1:] for r in rows}
    assert sorted(got) == ["299", "300", "301", "302", "55"]
    assert "Elements nested deeper than 32 levels are not decoded" in got["55"][2]
    # the stream before the nesting is still judged
    assert "main-audio inbound: PacketLossRate 0.5 > 0.1" in got["55"][2]
    assert got["299"][0] == "huge@192.0.2.10"
    assert "More than 5000 elements; the rest is not decoded" in got["299"][2]
    assert "QoE body holds no XML element" in got["300"][2]
    assert got["301"][1] == "response" and "is neither VQReportEvent" in got["301"][2]
    assert got["302"][0] == "cut@192.0.2.10"


def test_no_harm_without_qoe_bodies(tshark):
    # the MRAS capture decodes with no qoe item at all
    assert tshark.fields("mras.pcap", ["frame.number"], "qoe") == []
