#!/usr/bin/python3
"""Writes the test logs in this folder (see README.md for provenance).

The three msg-*.txt files are SIP messages taken from the uccapilog excerpts of a
published OCS 2007 R2 troubleshooting guide, with the guide's PDF line wrapping
undone (their lengths match the byte counts the log declared: 1288, 1292, 1769).
Everything else here is synthetic: log framing lines, the server-logger records
and all malformed variants.

Run from anywhere: /usr/bin/python3 captures/logs/make_logs.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def sip(name, trailing_crlf=False):
    """Message file -> list of log lines (headers, empty line, body lines)."""
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        lines = f.read().rstrip("\n").split("\n")
    if trailing_crlf:
        lines.append("")     # the body ends with CRLF: the log shows an empty line
    return lines


def wire_len(lines):
    return len("\r\n".join(lines).encode("utf-8"))


def ucc_packet(stamp, tid, sent, peer, local, lines, count=None):
    pfx = "%s %s INFO  :: " % (stamp, tid)
    if count is None:
        count = wire_len(lines)
    if sent:
        head = "Sending Packet - %s (From Local Address: %s) %d bytes:" % (peer, local, count)
        tail = "End of Sending Packet - %s (From Local Address: %s) %d bytes" % (peer, local, count)
    else:
        head = "Data Received - %s (To Local Address: %s) %d bytes:" % (peer, local, count)
        tail = "End of Data Received - %s (To Local Address: %s) %d bytes" % (peer, local, count)
    return [pfx + head, pfx + lines[0]] + lines[1:] + [pfx + tail]


def uccapilog():
    out = [
        "11/21/2008|23:31:10.375 190:4FC INFO  :: SIP_MSG_PROCESSOR::ProcessTimer - timer fired",
    ]
    out += ucc_packet("11/21/2008|23:31:10.381", "190:4FC", True, "192.168.1.5:5061",
                      "192.168.1.10:1259", sip("msg-subscribe.txt"))
    out += ["11/21/2008|23:31:10.390 190:4FC TRACE :: CUccTransport::OnSendComplete - hr=0x0"]
    out += ucc_packet("11/21/2008|23:31:11.162", "190:4FC", True, "192.168.1.5:5061",
                      "192.168.1.10:1259", sip("msg-service.txt", trailing_crlf=True))
    out += ucc_packet("11/21/2008|23:31:11.428", "190:4FC", False, "192.168.1.5:5061",
                      "192.168.1.10:1259", sip("msg-service-200.txt"))
    out += ["11/21/2008|23:31:11.430 190:4FC INFO  :: CMediaRelayManager::OnCredentials - ok"]
    return out


def srv_record(head_time, kind, fields, start_line=None, headers=(), body=None):
    out = ["TL_INFO(%s) [0]06E4.0EB4::%s.00005386 (SIPStack,SIPAdminLog::TraceProtocolRecord:"
           "SIPAdminLog.cpp(125))$$begin_record" % (kind, head_time)]
    out += fields
    if start_line is not None:
        out.append("Start-Line: " + start_line)
        out += headers
        if body is None:
            out.append("Message-Body: -")
        else:
            out.append("Message-Body: " + body[0])
            out += body[1:]
    out.append("$$end_record")
    return out


SDP = ["v=0", "o=- 0 0 IN IP4 192.0.2.7", "s=session", "c=IN IP4 192.0.2.7", "t=0 0",
       "m=audio 52545 RTP/AVP 0 8 101", "a=rtpmap:101 telephone-event/8000"]


def ocslogger():
    out = ["*** OCSLogger text export (synthetic test data) ***"]
    out += srv_record("01/18/2012-05:00:43.101", "TF_PROTOCOL", [
        "Trace-Correlation-Id: 2003888399", "Instance-Id: 0000C23F",
        'Direction: incoming;source="internal edge";destination="external edge"',
        "Peer: lyncserver.contoso.com:61182", "Message-Type: request"],
        "OPTIONS sip:Options_User@fabrikam.com SIP/2.0", [
        "To: <sip:Options_User@fabrikam.com>", "CSeq: 1 OPTIONS",
        "Call-ID: 017b06f397b14886bba5edf97ea206bd", "MAX-FORWARDS: 70",
        "VIA: SIP/2.0/TLS 10.10.10.10:61182;branch=z9hG4bK6de49c9a",
        "ROUTE: <sip:accessedge.fabrikam.com;transport=tls;lr>;ms-edge-route",
        "CONTACT: <sip:lyncserver.contoso.com;transport=Tls>", "CONTENT-LENGTH: 0",
        "USER-AGENT: RTCC/4.0.0.0"])
    out += srv_record("01/18/2012-05:00:43.352", "TF_PROTOCOL", [
        "Trace-Correlation-Id: 2003888399", "Instance-Id: 0000C240",
        'Direction: outgoing;source="external edge";destination="internal edge"',
        "Peer: 10.10.10.10:61182", "Message-Type: response"],
        "SIP/2.0 504 Server time-out", [
        "To: <sip:Options_User@fabrikam.com>;tag=8A1B2C3D", "CSeq: 1 OPTIONS",
        "Call-ID: 017b06f397b14886bba5edf97ea206bd",
        "Via: SIP/2.0/TLS 10.10.10.10:61182;branch=z9hG4bK6de49c9a",
        'ms-diagnostics: 1008;reason="Unable to resolve DNS SRV record";source="accessedge.contoso.com"',
        "Content-Length: 0"])
    out += ["TL_WARN(TF_DIAG) [0]06E4.0EB4::01/18/2012-05:00:43.353.00005387 (SIPStack,SIPAdminLog::"
            "WriteDiagnosticEvent:SIPAdminLog.cpp(830)) $$begin_record",
            "Severity: warning", "Text: Unable to resolve DNS SRV record",
            "SIP-Start-Line: OPTIONS sip:Options_User@fabrikam.com SIP/2.0",
            "Peer: lyncserver.contoso.com:61182", "$$end_record"]
    sdp_len = sum(len(l) + 2 for l in SDP)
    out += srv_record("01/18/2012-05:01:02.007", "TF_PROTOCOL", [
        "Trace-Correlation-Id: 2003888400", "Instance-Id: 0000C241",
        'Direction: incoming;source="external edge";destination="internal edge"',
        "Peer: [2001:db8::20]:5061", "Message-Type: request"],
        "INVITE sip:alice@contoso.com SIP/2.0", [
        "Via: SIP/2.0/TLS [2001:db8::20]:5061;branch=z9hG4bK77aa",
        "From: <sip:bob@fabrikam.com>;tag=1f2e3d", "To: <sip:alice@contoso.com>",
        "Call-ID: 5c1d0b6e7a8f4e2b9c3d4e5f60718293", "CSeq: 1 INVITE",
        "Content-Type: application/sdp", "Content-Length: %d" % sdp_len], SDP)
    return out


def write(name, lines, eol="\r\n", encoding="utf-8", bom=b"", final_eol=True):
    data = eol.join(lines) + (eol if final_eol else "")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(bom + data.encode(encoding))


def main():
    good = uccapilog()
    write("uccapilog-oc2007r2.log", good)
    write("ocslogger-edge.log", ocslogger(), eol="\n")
    # encodings: the same client log as UTF-8 with BOM and as a UTF-16LE export
    write("uccapilog-utf8bom.log", good, bom=b"\xef\xbb\xbf")
    write("uccapilog-utf16le.log", good, encoding="utf-16-le", bom=b"\xff\xfe")

    # malformed: wrong byte count on the SUBSCRIBE (says 1300, holds 1288)
    bad = ucc_packet("11/21/2008|23:31:10.381", "190:4FC", True, "192.168.1.5:5061",
                     "192.168.1.10:1259", sip("msg-subscribe.txt"), count=1300)
    write("uccapilog-bad-count.log", bad)

    # malformed: the log stops in the middle of the 200 OK body, no final line break
    cut = good[:-8]
    write("uccapilog-truncated.log", cut, final_eol=False)

    # malformed: junk and damaged framing around one good message
    sub = ucc_packet("11/21/2008|23:31:10.381", "190:4FC", True, "192.168.1.5:5061",
                     "192.168.1.10:1259", sip("msg-subscribe.txt"))
    junk = ["garbage line without any prefix",
            "\x01\x02 binary \x7f noise",
            # packet header whose message never came
            "11/21/2008|23:31:09.000 190:4FC INFO  :: Data Received - 192.168.1.5:5061 "
            "(To Local Address: 192.168.1.10:1259) 500 bytes:",
            "11/21/2008|23:31:09.100 190:4FC INFO  :: some other event"]
    # the SUBSCRIBE without its End marker, followed directly by another log line
    junk += sub[:-1] + ["11/21/2008|23:31:10.500 190:4FC INFO  :: unrelated trace line"]
    # a header with an unreadable peer address, then a normal message
    junk += ucc_packet("11/21/2008|23:31:12.000", "190:4FC", False, "not-an-address",
                       "192.168.1.10:1259", ["SIP/2.0 100 Trying", "Via: SIP/2.0/TLS 192.168.1.10:1259",
                                             "Content-Length: 0", ""])
    write("uccapilog-junk.log", junk, eol="\n")

    # malformed: server log ending inside a record (no $$end_record)
    srv = ocslogger()
    write("ocslogger-truncated.log", srv[:-3], eol="\n")


if __name__ == "__main__":
    main()
