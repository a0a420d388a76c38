#!/usr/bin/python3
"""Builds captures/msdiag.pcap: SIP responses carrying ms-diagnostics,
ms-diagnostics-public and ms-client-diagnostics headers, over UDP and TCP.

Header values follow the forms documented in [MS-OCER] and seen in OCS/Lync
field traces (../shared/protocols/ms-diagnostics.md). Frames, in order:
  UDP (client 192.0.2.10:50000 <-> server 198.51.100.20:5060)
   1 SERVICE (MRAS request, no body needed here)
   2 403 Ms-Diagnostics 9006 from the Edge (mixed-case header name)
   3 500 ms-diagnostics 3080 AddUser failed
   4 404 ms-diagnostics-public 1003 plus internal ms-diagnostics 1003 (two headers)
   5 480 two ms-diagnostics headers, the second one folded over two lines
   6 488 ErrorId 7999 (documented range, not in the table) with sub-code, HRESULT, extra params
   7 503 ErrorId 19500 (no documented range)
   8 BYE with ms-client-diagnostics 52031
   9 200 with informational ErrorId 21000 and compact-form SIP headers
  10 400 malformed: no ErrorId
  11 400 malformed: non-numeric ErrorId
  12 400 malformed: unterminated quote
  13 400 malformed: junk after a quoted value
  14 400 hostile: 10,000-character reason
  15 400 hostile: 1,000 parameters
  16 400 hostile: empty values
  17 400 hostile: NUL bytes in the value
  TCP (client 192.0.2.10:50001 -> server 198.51.100.20:5060), after the handshake:
      a SERVICE, then a 403 with ms-diagnostics 9006 cut in the middle of the
      header across two segments, then two 500/3080 responses packed in one segment.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from pcapgen import Writer, TcpFlow, sip  # noqa: E402

CLIENT, SERVER = "192.0.2.10", "198.51.100.20"


def common(n, method="SERVICE"):
    return [
        "Via: SIP/2.0/UDP 192.0.2.10:50000;branch=z9hG4bK%04d" % n,
        "From: <sip:alice@contoso.com>;tag=a%d" % n,
        "To: <sip:MRASLoc.edge-int.contoso.com@contoso.com>;tag=b%d" % n,
        "Call-ID: msdiag-%d@192.0.2.10" % n,
        "CSeq: %d %s" % (n, method),
    ]


def response(n, status, extra, method="SERVICE"):
    return sip("SIP/2.0 " + status, common(n, method) + extra)


def main(out):
    many = ";".join("p%d=v%d" % (i, i) for i in range(1000))
    long_reason = "".join(chr(ord("A") + i % 26) for i in range(10000))
    udp_msgs = [
        ("c", sip("SERVICE sip:MRASLoc.edge-int.contoso.com@contoso.com SIP/2.0", common(1)
                  + ["Content-Type: application/msrtc-media-relay-auth+xml"])),
        ("s", response(1, "403 Forbidden", [
            'Ms-Diagnostics: 9006;source="edge-int.contoso.com";reason="Forbidden";'
            'component="Media Relay Authentication Service"',
            "ms-edge-proxy-message-trust: ms-source-type=EdgeProxyGenerated;ms-ep-fqdn=edge-int.contoso.com"])),
        ("s", response(2, "500 Internal Server Error", [
            'ms-diagnostics: 3080;reason="Internal Error: AddUser failed";source="fe01.contoso.com"'])),
        ("s", response(3, "404 Not Found", [
            'ms-diagnostics-public: 1003;reason="User does not exist"',
            'ms-diagnostics: 1003;reason="User does not exist";source="fe01.contoso.com";'
            'TargetUri="bob@contoso.com"'])),
        ("s", response(4, "480 Temporarily Unavailable", [
            'ms-diagnostics: 1008;reason="Unable to resolve DNS SRV record";source="edge.contoso.com"',
            'ms-diagnostics: 1011;source="sip.fabrikam.com"\r\n\t;reason="ms-diagnostics header not provided by previous hop"'])),
        ("s", response(5, "488 Not Acceptable Here", [
            'ms-diagnostics: 7999.3;reason="Media negotiation failed";source="av01.contoso.com";'
            'HRESULT="C3E93EC3(SIP_E_REFERENCE)";appName=AVMCU;cause=2;escaped="say \\"hi\\""'])),
        ("s", response(6, "503 Service Unavailable", ['ms-diagnostics: 19500;reason="Service busy"'])),
        ("c", sip("BYE sip:bob@contoso.com SIP/2.0", common(7, "BYE") + [
            'ms-client-diagnostics: 52031;reason="Call failed to establish due to a media connectivity failure '
            'when one endpoint is internal and the other is remote";CallerMediaDebug="audio:ICEWarn=0x80"'])),
        ("s", sip("SIP/2.0 200 OK", [
            "v: SIP/2.0/UDP 192.0.2.10:50000;branch=z9hG4bK0008",
            "f: <sip:alice@contoso.com>;tag=a8",
            "t: <sip:bob@contoso.com>;tag=b8",
            "i: msdiag-8@192.0.2.10",
            "CSeq: 8 INFO",
            'ms-diagnostics-public: 21000;reason="New sharer joined conference"'])),
        ("s", response(9, "400 Bad Request", ['ms-diagnostics: reason="no code here";source="fe01.contoso.com"'])),
        ("s", response(10, "400 Bad Request", ['ms-diagnostics: 30x0;reason="letters in the code"'])),
        ("s", response(11, "400 Bad Request", ['ms-diagnostics: 1000;reason="never closed;source=fe01'])),
        ("s", response(12, "400 Bad Request", ['ms-diagnostics: 1000;reason="a" junk here;source="fe02.contoso.com"'])),
        ("s", response(13, "400 Bad Request", ['ms-diagnostics: 1000;reason="%s"' % long_reason])),
        ("s", response(14, "400 Bad Request", ["ms-diagnostics: 1000;" + many])),
        ("s", response(15, "400 Bad Request", ['ms-diagnostics: 1000;reason=;source="";;component='])),
    ]
    nul = response(16, "400 Bad Request", ['ms-diagnostics: 1000;reason="before\0after";source="fe01"'])
    udp_msgs.append(("s", nul))

    with Writer(out) as w:
        w.udp_dialog(CLIENT, 50000, SERVER, 5060, udp_msgs)

        flow = TcpFlow(w, CLIENT, 50001, SERVER, 5060)
        req = sip("SERVICE sip:MRASLoc.edge-int.contoso.com@contoso.com SIP/2.0",
                  [h.replace("UDP 192.0.2.10:50000", "TCP 192.0.2.10:50001") for h in common(20)])
        flow.send("c", req)
        split = response(20, "403 Forbidden", [
            'ms-diagnostics: 9006;source="edge-int.contoso.com";reason="Forbidden";'
            'component="Media Relay Authentication Service"'])
        cut = split.index(b"reason=") + 3
        flow.send("s", split, segments=[cut])
        packed = response(21, "500 Internal Server Error", [
            'ms-diagnostics: 3080;reason="Internal Error: AddUser failed";source="fe01.contoso.com"'])
        packed2 = response(22, "500 Internal Server Error", [
            'ms-diagnostics: 3080;reason="Internal Error: AddUser failed";source="fe02.contoso.com"'])
        flow.send("s", packed + packed2)
        flow.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else
         os.path.join(os.path.dirname(os.path.abspath(__file__)), "msdiag.pcap"))
