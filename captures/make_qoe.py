#!/usr/bin/python3
"""Builds captures/qoe.pcap and captures/qoe-hostile.pcap: QoE reports ([MS-QoE] 2.2) in
SIP SERVICE bodies.

The bodies follow the [MS-QoE] schema (VQReportEvent > VQSessionReport /
VQSessionIntervalReport > Endpoint, DialogInfo, MediaLine > Description,
InboundStream / OutboundStream > Network, Payload, QualityEstimates; the v2
elements in namespace ms-rtcp-metrics.v2) and the CallQualityFeedbackReport of
[MS-QoE] 2.2.2.1. Users, hosts, addresses and metric values are invented; the
values of the poor streams are chosen around the Call Quality Dashboard
thresholds (DegradationAvg 1.0, RoundTrip 500 ms, PacketLossRate 0.1,
JitterInterArrival 30 ms, RatioConcealedSamplesAvg 0.07). sipp is not available
on the build machine, so the SIP messages are built with pcapgen.sip().

qoe.pcap (UDP client 192.0.2.10:5060 <-> front end 198.51.100.20:5060, frame numbers)
   1 INVITE call-good@192.0.2.10            2 INVITE call-poor@192.0.2.10
   3 SERVICE good report (call-good): main-audio DIRECT UDP, SIREN both ways, main-video
   4 202 Accepted
   5 SERVICE poor report (call-poor): main-audio RELAY via 203.0.113.30 over TCP; inbound
     PacketLossRate 0.15 and JitterInterArrival 45, outbound RoundTrip 620
   6 202 Accepted
   7 SERVICE application/vq-rtcpxr (older type), VQSessionIntervalReport for call-noinvite
     (no INVITE in the capture): inbound DegradationAvg 1.35, RatioConcealedSamplesAvg 0.09
   8 SERVICE application/ms-cqf+xml: CallQualityFeedbackReport for call-poor, Rating 2
   9 SERVICE report with missing and bad values: empty LossRate, JitterInterArrival "abc",
     no CallId, a MediaLine without Label, an unknown element; RoundTrip 700 still judged
  10 SERVICE report at the thresholds exactly (not poor)
qoe-hostile.pcap (TCP client 192.0.2.10:50030 <-> 198.51.100.20:5061; every body vq-rtcpxr+xml)
     report nested 10,000 elements deep inside a stream, report of 350 KB with 250 media
     lines (15,000 elements, more than the walk takes), a body that is not XML, a root that is not
     VQReportEvent, a report cut in the middle of a tag
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from pcapgen import Writer, TcpFlow, sip  # noqa: E402

CLIENT, SERVER = "192.0.2.10", "198.51.100.20"
QOE_URI = "sip:pool01.contoso.com@contoso.com;gruu;opaque=srvr:HomeServer:qoe"
ALICE, BOB = "sip:alice@contoso.com", "sip:bob@contoso.com"
NS = 'xmlns="ms-rtcp-metrics" xmlns:v2="ms-rtcp-metrics.v2"'
VQ = "application/vq-rtcpxr+xml"


def stream(direction, codec, plr=None, jitter=None, rtt=None, deg=None, conceal=None, packets=3000,
           extra=""):
    def el(name, value):
        return "" if value is None else "<%s>%s</%s>" % (name, value, name)
    net = ("<Network><Jitter>%s<InterArrivalMax>60</InterArrivalMax></Jitter>"
           "<PacketLoss>%s<LossRateMax>0.2</LossRateMax></PacketLoss>"
           "<BurstGapLoss><BurstDensity>0.05</BurstDensity><BurstDuration>120</BurstDuration>"
           "<GapDensity>0.01</GapDensity><GapDuration>4000</GapDuration></BurstGapLoss>"
           "<Delay>%s<RoundTripMax>800</RoundTripMax></Delay>"
           "<Utilization><Packets>%d</Packets><BandwidthEst>2500000</BandwidthEst></Utilization>"
           "%s<v2:RatioStretchedSamplesAvg>0.02</v2:RatioStretchedSamplesAvg></Network>"
           % (el("InterArrival", jitter), el("LossRate", plr), el("RoundTrip", rtt), packets,
              el("v2:RatioConcealedSamplesAvg", conceal)))
    pay = ("<Payload><Audio><PayloadType>111</PayloadType><PayloadDescription>%s</PayloadDescription>"
           "<SampleRate>16000</SampleRate></Audio></Payload>" % codec)
    qe = ("<QualityEstimates><Audio><RecvListenMOS>3.1</RecvListenMOS><v2:SendListenMOS>3.9</v2:SendListenMOS>"
          "<NetworkMOS><OverallAvg>2.9</OverallAvg><OverallMin>2.1</OverallMin>%s</NetworkMOS></Audio>"
          "</QualityEstimates>" % el("DegradationAvg", deg))
    return "<%s>%s%s%s%s</%s>" % (direction, net, pay, qe, extra, direction)


def media_line(label, ice, transport, inbound, outbound, relay=None, label_attr=True):
    conn = "<Connectivity><Ice>%s</Ice><IceWarningFlags>0x0</IceWarningFlags>" % ice
    if relay:
        conn += "<RelayAddress><IPAddr>%s</IPAddr><Port>3478</Port></RelayAddress>" % relay
    conn += "</Connectivity>"
    desc = ("<Description>%s<Security>SRTP</Security><Offerer>true</Offerer><Transport>%s</Transport>"
            "<LocalAddr><IPAddr>192.0.2.10</IPAddr><Port>50020</Port></LocalAddr>"
            "<RemoteAddr><IPAddr>192.0.2.77</IPAddr><Port>50040</Port></RemoteAddr>"
            "<CaptureDev><Name>Headset Microphone</Name></CaptureDev></Description>" % (conn, transport))
    lab = ' Label="%s"' % label if label_attr else ""
    return "<MediaLine%s>%s%s%s</MediaLine>" % (lab, desc, inbound, outbound)


def report(call_id, lines, element="VQSessionReport", extra_dialog=""):
    cid = ' CallId="%s"' % call_id if call_id is not None else ""
    dialog = ('<DialogInfo%s FromTag="f1a2" ToTag="t3b4" Start="2024-03-01T10:00:00.0000000Z" '
              'End="2024-03-01T10:12:30.0000000Z"><FromURI>%s</FromURI><ToURI>%s</ToURI>'
              "<Caller>true</Caller><LocalContactURI>%s;opaque=user:epid:aaa;gruu</LocalContactURI>"
              "<RemoteContactURI>%s;opaque=user:epid:bbb;gruu</RemoteContactURI>"
              "<LocalUserAgent>UCCAPI/16.0.4266.1001 OC/16.0.4266.1001 (Skype for Business)</LocalUserAgent>"
              "<RemoteUserAgent>UCCAPI/15.0.4517.1504 OC/15.0.4517.1504 (Microsoft Lync)</RemoteUserAgent>"
              "%s</DialogInfo>" % (cid, ALICE, BOB, ALICE, BOB, extra_dialog))
    return ('<?xml version="1.0" encoding="utf-8"?>\r\n<VQReportEvent %s Version="1.0">'
            '<%s SessionId="%s;from-tag=f1a2;to-tag=t3b4"><Endpoint Name="ALICE-PC"/>%s%s</%s></VQReportEvent>'
            % (NS, element, call_id or "none", dialog, "".join(lines), element))


def headers(n, ctype, transport="UDP", port=5060, method="SERVICE", to=QOE_URI, call_id=None):
    return [
        "Via: SIP/2.0/%s %s:%d;branch=z9hG4bKqoe%04d" % (transport, CLIENT, port, n),
        "From: <%s>;tag=q%d;epid=3c465b617a" % (ALICE, n),
        "To: <%s>" % to,
        "Call-ID: %s" % (call_id or "qoe-service-%d@192.0.2.10" % n),
        "CSeq: 1 %s" % method,
        "User-Agent: UCCAPI/16.0.4266.1001 OC/16.0.4266.1001 (Skype for Business)",
    ] + (["Content-Type: %s" % ctype] if ctype else [])


def service(w, n, body, ctype=VQ):
    w.udp(CLIENT, 5060, SERVER, 5060, sip("SERVICE %s SIP/2.0" % QOE_URI, headers(n, ctype), body))


def accepted(w, n):
    h = headers(n, None)
    h[2] += ";tag=srv%d" % n
    w.udp(SERVER, 5060, CLIENT, 5060, sip("SIP/2.0 202 Accepted", h))


def invite(w, n, call_id):
    w.udp(CLIENT, 5060, SERVER, 5060,
          sip("INVITE %s SIP/2.0" % BOB, headers(n, None, method="INVITE", to=BOB, call_id=call_id)))


def main_capture(path):
    with Writer(path) as w:
        invite(w, 1, "call-good@192.0.2.10")
        invite(w, 2, "call-poor@192.0.2.10")
        good_audio = media_line("main-audio", "DIRECT", "UDP",
                                stream("InboundStream", "SIREN", "0.01", "3", "45", "0.12", "0.01"),
                                stream("OutboundStream", "SIREN", "0.02", "4", "47", None, None))
        video = media_line("main-video", "DIRECT", "UDP",
                           stream("InboundStream", "H264", "0.3", "80", "900", None, None),
                           stream("OutboundStream", "H264", "0.0", "5", "40", None, None))
        service(w, 3, report("call-good@192.0.2.10", [good_audio, video]))
        accepted(w, 3)
        poor = media_line("main-audio", "RELAY", "TCP",
                          stream("InboundStream", "x-msrta", "0.15", "45", "120", "0.9", "0.05"),
                          stream("OutboundStream", "x-msrta", "0.02", "10", "620", None, None),
                          relay="203.0.113.30")
        service(w, 5, report("call-poor@192.0.2.10", [poor]))
        accepted(w, 5)
        interval = media_line("main-audio", "DIRECT", "UDP",
                              stream("InboundStream", "SILK", "0.04", "20", "150", "1.35", "0.09"),
                              stream("OutboundStream", "SILK", "0.01", "8", "150", None, None))
        service(w, 7, report("call-noinvite@192.0.2.10", [interval], "VQSessionIntervalReport"),
                "application/vq-rtcpxr")
        service(w, 8, '<?xml version="1.0"?><CallQualityFeedbackReport xmlns="ms-cqf" '
                      'CallId="call-poor@192.0.2.10" FromTag="f1a2" ToTag="t3b4">'
                      "<ReportingUserURI>%s</ReportingUserURI><Rating>2</Rating>"
                      "<Feedback><Text>echo and choppy audio</Text></Feedback></CallQualityFeedbackReport>" % ALICE,
                "application/ms-cqf+xml")
        bad = media_line("main-audio", "DIRECT", "UDP",
                         stream("InboundStream", "SIREN", "", "abc", "700", "0.2", None,
                                extra="<FutureMetric unit=\"x\">7</FutureMetric>"), "")
        unlabelled = media_line(None, "FAILED", "UDP", "", "", label_attr=False)
        service(w, 9, report(None, [bad, unlabelled]))
        edge = media_line("main-audio", "DIRECT", "UDP",
                          stream("InboundStream", "SIREN", "0.1", "30", "500", "1.0", "0.07"), "")
        service(w, 10, report("call-edge@192.0.2.10", [edge]))


def hostile_capture(path):
    with Writer(path) as w:
        flow = TcpFlow(w, CLIENT, 50030, SERVER, 5061)

        def send(n, body, ctype=VQ):
            msg = sip("SERVICE %s SIP/2.0" % QOE_URI, headers(n, ctype, "TCP", 50030), body)
            flow.send("c", msg, segments=list(range(1400, len(msg), 1400)))
        deep = "<X>" * 10000 + "</X>" * 10000
        ok = stream("InboundStream", "SIREN", "0.5", "3", "45", None, None)
        send(1, report("deep@192.0.2.10", [media_line("main-audio", "DIRECT", "UDP", ok.replace(
            "</InboundStream>", deep + "</InboundStream>"), "")]))
        line = media_line("main-audio", "DIRECT", "UDP", stream("InboundStream", "SIREN", "0.01", "3", "45",
                                                                None, None), "")
        send(2, report("huge@192.0.2.10", [line] * 250))
        send(3, "this is not xml at all \x01\x02")
        send(4, '<?xml version="1.0"?><response xmlns="http://schemas.microsoft.com/2006/09/sip/mrasp"/>')
        send(5, report("cut@192.0.2.10", [line])[:700])
        flow.close()


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    main_capture(os.path.join(here, "qoe.pcap"))
    hostile_capture(os.path.join(here, "qoe-hostile.pcap"))
