#!/usr/bin/python3
"""Writes the logs for the exit-status and comment-safety tests (README.md in
this folder has their provenance).

ocslogger-nobody.log   two Lync Edge SIPStack records in the shape of
                       ocslogger-edge.log (itself modelled on published
                       OCSLogger exports): an OPTIONS with Content-Length: 0
                       whose logger left out the Message-Body line, and a
                       TF_DIAG record that is not a SIP message.
ocslogger-nobegin.log  the OPTIONS record again, then a record whose
                       $$begin_record line is missing (a log cut by copy and
                       paste at a record boundary).
uccapilog-hostile.log  the crafted client-log records of the security review
                       (../shared/security-repro/badpeer.log and
                       weird-utf8.log, shortened): a peer holding invalid
                       UTF-8, a terminal escape and a NUL, and a record dated
                       01/01/0000.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

OPTIONS = [
    "TL_INFO(TF_PROTOCOL) [0]06E4.0EB4::01/18/2012-05:00:43.101.00005386 "
    "(SIPStack,SIPAdminLog::TraceProtocolRecord:SIPAdminLog.cpp(125))$$begin_record",
    "Trace-Correlation-Id: 2003888399",
    "Instance-Id: 0000C23F",
    'Direction: incoming;source="internal edge";destination="external edge"',
    "Peer: lyncserver.contoso.com:61182",
    "Message-Type: request",
    "Start-Line: OPTIONS sip:Options_User@fabrikam.com SIP/2.0",
    "To: <sip:Options_User@fabrikam.com>",
    "CSeq: 1 OPTIONS",
    "Call-ID: 017b06f397b14886bba5edf97ea206bd",
    "VIA: SIP/2.0/TLS 10.10.10.10:61182;branch=z9hG4bK6de49c9a",
    "CONTENT-LENGTH: 0",
    "$$end_record",
]

DIAG = [
    "TL_INFO(TF_DIAG) [0]06E4.0EB4::01/18/2012-05:00:43.200.00005390 "
    "(SIPStack,SIPAdminLog::TraceDiagRecord:SIPAdminLog.cpp(144))$$begin_record",
    "LogType: diagnostic",
    "Severity: information",
    "Text: Routed a request on behalf of an application",
    "$$end_record",
]

NO_BEGIN = [
    "Trace-Correlation-Id: 2003888400",
    'Direction: outgoing;source="external edge";destination="internal edge"',
    "Peer: 10.10.10.10:61182",
    "Message-Type: response",
    "Start-Line: SIP/2.0 504 Server time-out",
    "CSeq: 1 OPTIONS",
    "Call-ID: 017b06f397b14886bba5edf97ea206bd",
    "Content-Length: 0",
    "Message-Body: -",
    "$$end_record",
]

HOSTILE = (
    b"01/02/2020|00:00:00.123 1A2B:3C4D INFO  :: Sending Packet - h\xff\xfe\xc0\x80\x1b[31mRED\x00x"
    b" (From Local Address: 10.0.0.1:1234) 75 bytes:\r\n"
    b"01/02/2020|00:00:00.123 1A2B:3C4D INFO  :: OPTIONS sip:b@x SIP/2.0\r\n"
    b"Call-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
    b"01/02/2020|00:00:00.123 1A2B:3C4D INFO  :: End of Sending Packet - x\r\n"
    b"01/01/0000|00:00:00.123 1A2B:3C4D INFO  :: Sending Packet - 10.0.0.2:5061"
    b" (From Local Address: 10.0.0.1:1234) 75 bytes:\r\n"
    b"01/01/0000|00:00:00.123 1A2B:3C4D INFO  :: OPTIONS sip:b@x SIP/2.0\r\n"
    b"Call-ID: d\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
    b"01/01/0000|00:00:00.123 1A2B:3C4D INFO  :: End of Sending Packet - 10.0.0.2:5061\r\n"
)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    write("ocslogger-nobody.log", ("\n".join(OPTIONS + DIAG) + "\n").encode())
    write("ocslogger-nobegin.log", ("\n".join(OPTIONS + NO_BEGIN) + "\n").encode())
    write("uccapilog-hostile.log", HOSTILE)


if __name__ == "__main__":
    main()
