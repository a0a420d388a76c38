#!/usr/bin/python3
"""Writes captures/sipservice.pcap: SIP SERVICE exchanges of an OCS R2/Lync pool
(and captures/sipservice-odd.pcap, see main_odd).

Deterministic (fixed times, ports, tags); run from anywhere:
    /usr/bin/python3 captures/make_sipservice.py

Hosts: Mediation Server 192.0.2.31 (UDP 5060), Front End 192.0.2.10 (UDP/TCP 5060),
Lync client 198.51.100.21 (TCP 50321). Offsets below are seconds after the first frame.

   0.000 UDP  202 Accepted whose SERVICE was sent before the capture started (orphan)
   1.000 UDP  QoE VQReportEvent -> 100 Trying (1.050) -> 202 (1.250)
   2.000 UDP  QoE, Content-Type in mixed case with a charset parameter; retransmitted at
              2.500; 202 at 2.600; retransmitted again at 3.500; 202 repeated at 3.510
   4.000 TCP  handshake; MRAS request split over two segments (4.100, 4.101);
              200 OK with MRAS credentials (4.221)
   5.000 TCP  application/cccp+xml; 100 Trying and 200 OK packed in one segment (5.300)
   6.000 TCP  QoE CallQualityFeedbackReport (application/ms-cqf+xml) -> 202 (6.040)
   7.000 TCP  QoE -> 500 with ms-diagnostics (7.800)
   8.000 UDP  MRAS -> 403 with ms-diagnostics 9006 (8.090)
  10.000 UDP  QoE, never answered; OPTIONS keep-alives (answered) every 10 s until 54 s
  60.000 UDP  MRAS, not answered before the capture ends at 64.001 (less than 30 s later)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from pcapgen import Writer, TcpFlow, sip  # noqa: E402

T0 = 1700000000.0
MED, FE, CLIENT = "192.0.2.31", "192.0.2.10", "198.51.100.21"
DOMAIN = "contoso.com"
POOL_GRUU = "sip:pool01.contoso.com@contoso.com;gruu;opaque=srvr:QoEAgent:Wb1sC7b3D0eGzQ8kPmA5CAAA"
MRAS_URI = "sip:MRASLoc.edge01.contoso.com@contoso.com"
MED_UA = "RTCC/3.5.0.0 MediationServer"
CLIENT_UA = "UCCAPI/4.0.7577.4356 OC/4.0.7577.4356 (Microsoft Lync 2010)"
FE_SERVER = "RTC/3.5"

QOE_BODY = """<?xml version="1.0" encoding="utf-8"?>
<VQReportEvent xmlns="ms-rtcp-metrics" xmlns:v2="ms-rtcp-metrics.v2" v2:SchemaVersion="2.0">
<VQSessionReport SessionId="{sid}">
<Endpoint Name="med01.contoso.com"/>
<DialogInfo CallId="{cid}" FromTag="4e7ab2c1" ToTag="91d2f0aa" Start="2023-11-14T22:13:20.0000000Z" End="2023-11-14T22:15:02.0000000Z">
<Caller>sip:alice@contoso.com</Caller><Callee>tel:+14255550100</Callee>
</DialogInfo>
<MediaLine>
<Description><Connectivity>Direct</Connectivity><Security>SRTP</Security><Transport>UDP</Transport>
<LocalAddr><IPAddr>192.0.2.31</IPAddr><Port>60428</Port></LocalAddr>
<RemoteAddr><IPAddr>198.51.100.21</IPAddr><Port>21562</Port></RemoteAddr></Description>
<InboundStream Id="4132"><Network><Jitter><InterArrival>3</InterArrival><InterArrivalMax>11</InterArrivalMax></Jitter>
<PacketLoss><LossRate>0.01</LossRate><LossRateMax>0.04</LossRateMax></PacketLoss></Network>
<Payload><Audio><PayloadType>0</PayloadType><PayloadDescription>PCMU</PayloadDescription></Audio></Payload>
<QualityEstimates><Audio><RecvListenMOS>3.92</RecvListenMOS></Audio></QualityEstimates></InboundStream>
</MediaLine>
</VQSessionReport>
</VQReportEvent>
"""

CQF_BODY = """<?xml version="1.0" encoding="utf-8"?>
<CallQualityFeedbackReport xmlns="ms-cqf" SessionId="{sid}">
<Rating>2</Rating><Tokens><Token Id="1">DistortedSpeech</Token></Tokens>
<DialogInfo CallId="{cid}"/>
</CallQualityFeedbackReport>
"""

MRAS_REQ = """<?xml version="1.0" encoding="utf-8"?>
<request requestID="{rid}" version="2.0" to="{to}" from="{frm}" xmlns="http://schemas.microsoft.com/2006/09/sip/mrasp" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><credentialsRequest credentialsRequestID="{rid}"><identity>{frm}</identity><location>{loc}</location><duration>480</duration></credentialsRequest></request>"""

MRAS_RESP = """<?xml version="1.0"?>
<response xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" requestID="{rid}" version="2.0" serverVersion="2.0" to="{to}" from="{frm}" reasonPhrase="OK" xmlns="http://schemas.microsoft.com/2006/09/sip/mrasp"><credentialsResponse credentialsRequestID="{rid}"><credentials><username>AgAAJKy0uzgBzF2nTA0CqYP3mzr8V4HoE6Hn4SLkRYMAAAAAc2Z0yrLQ0nxMa5Gk9n1bVw==</username><password>c1xRk2hG3q0Zb8vQyEwQ7ZCwL1c=</password><duration>480</duration></credentials><mediaRelayList><mediaRelay><location>intranet</location><hostName>edge01-int.contoso.com</hostName><udpPort>3478</udpPort><tcpPort>443</tcpPort></mediaRelay></mediaRelayList></credentialsResponse></response>"""

CCCP_BODY = """<?xml version="1.0" encoding="utf-8"?>
<request xmlns="urn:ietf:params:xml:ns:cccp" xmlns:msci="http://schemas.microsoft.com/rtc/2005/08/cccpextensions" C3PVersion="1" to="sip:alice@contoso.com;gruu;opaque=app:conf:focus:id:7F3K2Q1P" from="sip:alice@contoso.com" requestId="3"><getConference/></request>"""


def via(transport, host, port, branch):
    return "Via: SIP/2.0/%s %s:%d;branch=z9hG4bK%s;ms-received-port=%d;ms-received-cid=2A4F00" % (
        transport, host, port, branch, port)


def service(transport, src, sport, ruri, to, frm, ftag, call_id, cseq, ctype, body, ua, branch):
    return sip("SERVICE %s SIP/2.0" % ruri, [
        via(transport, src, sport, branch),
        "Max-Forwards: 70",
        "From: <%s>;tag=%s;epid=8c3b9e06a1" % (frm, ftag),
        "To: <%s>" % to,
        "Call-ID: %s" % call_id,
        "CSeq: %d SERVICE" % cseq,
        "User-Agent: %s" % ua,
        "Content-Type: %s" % ctype,
    ], body)


def response(code, reason, transport, src, sport, to, frm, ftag, call_id, cseq, branch,
             extra=(), ctype=None, body=b""):
    headers = [
        via(transport, src, sport, branch),
        "From: <%s>;tag=%s;epid=8c3b9e06a1" % (frm, ftag),
        "To: <%s>;tag=B7E1D3F0C5A2" % to,
        "Call-ID: %s" % call_id,
        "CSeq: %d SERVICE" % cseq,
        "Server: %s" % FE_SERVER,
    ] + list(extra)
    if ctype:
        headers.append("Content-Type: %s" % ctype)
    return sip("SIP/2.0 %d %s" % (code, reason), headers, body)


def options(w, n):
    call_id = "opt%04d-keepalive" % n
    req = sip("OPTIONS sip:pool01.contoso.com@contoso.com SIP/2.0", [
        via("UDP", MED, 5060, "opt%d" % n), "Max-Forwards: 70",
        "From: <sip:med01.contoso.com@contoso.com>;tag=k%d" % n,
        "To: <sip:pool01.contoso.com@contoso.com>", "Call-ID: %s" % call_id,
        "CSeq: %d OPTIONS" % n, "User-Agent: %s" % MED_UA])
    w.udp(MED, 5060, FE, 5060, req)
    resp = sip("SIP/2.0 200 OK", [
        via("UDP", MED, 5060, "opt%d" % n),
        "From: <sip:med01.contoso.com@contoso.com>;tag=k%d" % n,
        "To: <sip:pool01.contoso.com@contoso.com>;tag=f%d" % n, "Call-ID: %s" % call_id,
        "CSeq: %d OPTIONS" % n, "Server: %s" % FE_SERVER])
    w.udp(FE, 5060, MED, 5060, resp)


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sipservice.pcap")
    med_from = "sip:med01.contoso.com@contoso.com"
    alice = "sip:alice@contoso.com"
    with Writer(out, start=T0) as w:
        def at(offset):
            w.t = T0 + offset

        def med_qoe(call_id, cseq, sid, branch, ctype="application/vq-rtcpxr+xml"):
            body = QOE_BODY.format(sid=sid, cid=call_id)
            return service("UDP", MED, 5060, POOL_GRUU, POOL_GRUU.split(";")[0], med_from, "a1" + branch,
                           call_id, cseq, ctype, body, MED_UA, branch)

        def med_resp(code, reason, call_id, cseq, branch, **kw):
            return response(code, reason, "UDP", MED, 5060, POOL_GRUU.split(";")[0], med_from, "a1" + branch,
                            call_id, cseq, branch, **kw)

        # 0: the end of a transaction that started before the capture
        at(0.0)
        w.udp(FE, 5060, MED, 5060, med_resp(202, "Accepted", "9f0e1d2c3b4a-early", 7, "e0"))

        # 1: QoE, 100 Trying, 202
        at(1.0)
        w.udp(MED, 5060, FE, 5060, med_qoe("5a1c7e0b2f9d-q1", 1, "{6C1E-Q1}", "q1"))
        at(1.05)
        w.udp(FE, 5060, MED, 5060, med_resp(100, "Trying", "5a1c7e0b2f9d-q1", 1, "q1"))
        at(1.25)
        w.udp(FE, 5060, MED, 5060, med_resp(202, "Accepted", "5a1c7e0b2f9d-q1", 1, "q1"))

        # 2: QoE retransmitted over UDP (Timer E), answered between the copies
        q2 = med_qoe("5a1c7e0b2f9d-q2", 1, "{6C1E-Q2}", "q2", "Application/VQ-RTCPXR+xml; charset=utf-8")
        at(2.0)
        w.udp(MED, 5060, FE, 5060, q2)
        at(2.5)
        w.udp(MED, 5060, FE, 5060, q2)
        at(2.6)
        w.udp(FE, 5060, MED, 5060, med_resp(202, "Accepted", "5a1c7e0b2f9d-q2", 1, "q2"))
        at(3.5)
        w.udp(MED, 5060, FE, 5060, q2)
        at(3.51)
        w.udp(FE, 5060, MED, 5060, med_resp(202, "Accepted", "5a1c7e0b2f9d-q2", 1, "q2"))

        # 3-6: Lync client over TCP
        at(4.0)
        tcp = TcpFlow(w, CLIENT, 50321, FE, 5060, isn_c=3000000, isn_s=7000000)

        def cl_service(call_id, cseq, ruri, ctype, body, branch):
            return service("TCP", CLIENT, 50321, ruri, ruri.split(";")[0], alice, "c3" + branch,
                           call_id, cseq, ctype, body, CLIENT_UA, branch)

        def cl_resp(code, reason, call_id, cseq, to, branch, **kw):
            return response(code, reason, "TCP", CLIENT, 50321, to, alice, "c3" + branch, call_id, cseq,
                            branch, **kw)

        rid = "1804289383"
        m1 = cl_service("b7d21f4e8a-m1", 1, MRAS_URI, "application/msrtc-media-relay-auth+xml",
                        MRAS_REQ.format(rid=rid, to=MRAS_URI, frm=alice, loc="intranet"), "m1")
        at(4.1)
        tcp.send("c", m1, segments=[300])
        at(4.221)
        tcp.send("s", cl_resp(200, "OK", "b7d21f4e8a-m1", 1, MRAS_URI, "m1",
                              extra=["ms-edge-proxy-message-trust: ms-source-type=EdgeProxyGenerated;"
                                     "ms-ep-fqdn=edge01-int.contoso.com;ms-source-verified-user=verified"],
                              ctype="application/msrtc-media-relay-auth+xml",
                              body=MRAS_RESP.format(rid=rid, to=alice, frm=MRAS_URI)))

        focus = "sip:alice@contoso.com;gruu;opaque=app:conf:focus:id:7F3K2Q1P"
        at(5.0)
        tcp.send("c", cl_service("b7d21f4e8a-c1", 2, focus, "application/cccp+xml", CCCP_BODY, "c1"))
        at(5.3)
        tcp.send("s", cl_resp(100, "Trying", "b7d21f4e8a-c1", 2, focus.split(";")[0], "c1")
                 + cl_resp(200, "OK", "b7d21f4e8a-c1", 2, focus.split(";")[0], "c1"))

        at(6.0)
        tcp.send("c", cl_service("b7d21f4e8a-f1", 3, POOL_GRUU, "application/ms-cqf+xml",
                                 CQF_BODY.format(sid="{6C1E-F1}", cid="b7d21f4e8a-call"), "f1"))
        at(6.04)
        tcp.send("s", cl_resp(202, "Accepted", "b7d21f4e8a-f1", 3, POOL_GRUU.split(";")[0], "f1"))

        at(7.0)
        tcp.send("c", cl_service("b7d21f4e8a-q4", 4, POOL_GRUU, "application/vq-rtcpxr+xml",
                                 QOE_BODY.format(sid="{6C1E-Q4}", cid="b7d21f4e8a-call"), "q4"))
        at(7.8)
        tcp.send("s", cl_resp(500, "Server Internal Error", "b7d21f4e8a-q4", 4, POOL_GRUU.split(";")[0], "q4",
                              extra=['ms-diagnostics: 1038;reason="Failed to complete the request";'
                                     'source="fe01.contoso.com"']))

        # 7: MRAS from the Mediation Server refused by the Edge
        at(8.0)
        w.udp(MED, 5060, FE, 5060,
              service("UDP", MED, 5060, MRAS_URI, MRAS_URI, med_from, "a1m2", "5a1c7e0b2f9d-m2", 1,
                      "application/msrtc-media-relay-auth+xml",
                      MRAS_REQ.format(rid="846930886", to=MRAS_URI, frm=med_from, loc="intranet"),
                      MED_UA, "m2"))
        at(8.09)
        w.udp(FE, 5060, MED, 5060,
              response(403, "Forbidden", "UDP", MED, 5060, MRAS_URI, med_from, "a1m2", "5a1c7e0b2f9d-m2", 1,
                       "m2", extra=['ms-diagnostics: 9006;reason="Not authorized to request credentials";'
                                    'source="edge01-int.contoso.com";'
                                    'component="Media Relay Authentication Service"']))

        # 8: QoE that is never answered, then well over 30 s of other traffic
        at(10.0)
        w.udp(MED, 5060, FE, 5060, med_qoe("5a1c7e0b2f9d-q3", 1, "{6C1E-Q3}", "q3"))
        for n, t in enumerate((15.0, 25.0, 35.0, 45.0, 54.0), start=1):
            at(t)
            options(w, n)

        # 9: MRAS not answered, but the capture ends 4 s later
        at(60.0)
        w.udp(MED, 5060, FE, 5060,
              service("UDP", MED, 5060, MRAS_URI, MRAS_URI, med_from, "a1m3", "5a1c7e0b2f9d-m3", 1,
                      "application/msrtc-media-relay-auth+xml",
                      MRAS_REQ.format(rid="1681692777", to=MRAS_URI, frm=med_from, loc="intranet"),
                      MED_UA, "m3"))
        at(64.0)
        options(w, 6)


def main_odd():
    """sipservice-odd.pcap: valid SIP in shapes the pairing must not trip over.

    1     UDP SERVICE without a Call-ID header (cannot be paired: ignored)
    2, 3  UDP SERVICE with the same Call-ID and CSeq in both directions (two transactions;
          2 has no body and no Content-Type, 3 is text/plain), answered by 4 and 5
    6-8   TCP handshake
    9     two SERVICE requests (QoE, MRAS) in one TCP segment
    10    their responses, MRAS 200 first, packed in one segment 150 ms later
    """
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sipservice-odd.pcap")
    a, b = "sip:med01.contoso.com@contoso.com", "sip:pool01.contoso.com@contoso.com"
    alice = "sip:alice@contoso.com"
    with Writer(out, start=T0) as w:
        def at(offset):
            w.t = T0 + offset

        at(0.5)
        w.udp(MED, 5060, FE, 5060, sip("SERVICE %s SIP/2.0" % b, [
            via("UDP", MED, 5060, "n0"), "Max-Forwards: 70", "From: <%s>;tag=n0" % a, "To: <%s>" % b,
            "CSeq: 1 SERVICE", "User-Agent: %s" % MED_UA, "Content-Type: application/vq-rtcpxr+xml"],
            QOE_BODY.format(sid="{N0}", cid="none")))
        at(1.0)
        w.udp(MED, 5060, FE, 5060, sip("SERVICE %s SIP/2.0" % b, [
            via("UDP", MED, 5060, "x1"), "Max-Forwards: 70", "From: <%s>;tag=x1" % a, "To: <%s>" % b,
            "Call-ID: 0d0e0f-both-ways", "CSeq: 1 SERVICE", "User-Agent: %s" % MED_UA]))
        at(1.1)
        w.udp(FE, 5060, MED, 5060, sip("SERVICE %s SIP/2.0" % a, [
            via("UDP", FE, 5060, "x2"), "Max-Forwards: 70", "From: <%s>;tag=x2" % b, "To: <%s>" % a,
            "Call-ID: 0d0e0f-both-ways", "CSeq: 1 SERVICE", "User-Agent: %s" % FE_SERVER,
            "Content-Type: text/plain"], "ping"))
        at(1.2)
        w.udp(FE, 5060, MED, 5060, sip("SIP/2.0 200 OK", [
            via("UDP", MED, 5060, "x1"), "From: <%s>;tag=x1" % a, "To: <%s>;tag=y1" % b,
            "Call-ID: 0d0e0f-both-ways", "CSeq: 1 SERVICE", "Server: %s" % FE_SERVER]))
        at(1.3)
        w.udp(MED, 5060, FE, 5060, sip("SIP/2.0 202 Accepted", [
            via("UDP", FE, 5060, "x2"), "From: <%s>;tag=x2" % b, "To: <%s>;tag=y2" % a,
            "Call-ID: 0d0e0f-both-ways", "CSeq: 1 SERVICE", "Server: %s" % MED_UA]))

        at(2.0)
        tcp = TcpFlow(w, CLIENT, 50400, FE, 5060, isn_c=11000, isn_s=22000)
        qoe = service("TCP", CLIENT, 50400, POOL_GRUU, b, alice, "p1", "77aa-packed", 11,
                      "application/vq-rtcpxr+xml", QOE_BODY.format(sid="{P1}", cid="77aa-call"),
                      CLIENT_UA, "p1")
        mras = service("TCP", CLIENT, 50400, MRAS_URI, MRAS_URI, alice, "p1", "77aa-packed", 12,
                       "application/msrtc-media-relay-auth+xml",
                       MRAS_REQ.format(rid="42", to=MRAS_URI, frm=alice, loc="internet"), CLIENT_UA, "p2")
        at(2.1)
        tcp.send("c", qoe + mras)
        at(2.25)
        tcp.send("s", response(200, "OK", "TCP", CLIENT, 50400, MRAS_URI, alice, "p1", "77aa-packed", 12, "p2",
                               ctype="application/msrtc-media-relay-auth+xml",
                               body=MRAS_RESP.format(rid="42", to=alice, frm=MRAS_URI))
                 + response(202, "Accepted", "TCP", CLIENT, 50400, b, alice, "p1", "77aa-packed", 11, "p1"))


if __name__ == "__main__":
    main()
    main_odd()
