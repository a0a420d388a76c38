#!/usr/bin/python3
"""Writes cls-s4-mediation.log and ocslogger-diag-nobegin.log (README.md in
this folder has their provenance).

cls-s4-mediation.log   records of the S4 SIP stack (Mediation Server and
                       other UCMA roles of Lync 2013 / Skype for Business)
                       as CLS writes them: a TL_INFO(TF_PROTOCOL) trace line
                       from SipMessage.DataLoggingHelper, an arrow line
                       ("<<<<<<<<<<<<Incoming SipMessage c=[...], LOCAL<-PEER"
                       or ">>>>>>>>>>>>Outgoing ..., LOCAL->PEER"), the
                       message, and "------------EndOfIncoming SipMessage".
                       The first two records (an OPTIONS from a SIP trunk
                       and the 200 OK) are those of a Skype for Business
                       Mediation Server log published on pastebin.com
                       (sG5nKrYq, 2017) with the trunk's and the server's
                       addresses and host names replaced by documentation
                       ones; the INVITE with an SDP body after them and the
                       one-line trace before it are made up in that shape.
ocslogger-diag-nobegin.log
                       an Edge SIPStack protocol record, then a diagnostic
                       record whose first line has no $$begin_record but
                       whose fields end with $$end_record, the shape a
                       Microsoft support article on a failing
                       Test-CsFederatedPartner prints (text made up).
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

TRACE = ("TL_INFO(TF_PROTOCOL) [pool1\\fe1]1B9C.{tid}::02/02/2017-23:34:{t}.{seq:08X} "
         "(S4,SipMessage.DataLoggingHelper:sipmessage.cs(801)) [2528738211]")

OPTIONS_IN = [
    TRACE.format(tid="4DC0", t="47.605", seq=0x2901),
    "<<<<<<<<<<<<Incoming SipMessage c=[<SipTcpConnection_3F40F9D>], 192.0.2.40:5060<-198.51.100.27:31721",
    "OPTIONS sip:192.0.2.40:5060;transport=TCP SIP/2.0",
    "FROM: <sip:198.51.100.27>;tag=3695067298-703347",
    "TO: <sip:192.0.2.40:5060>",
    "CSEQ: 1 OPTIONS",
    "CALL-ID: 134111452-3695067298-703341@sbc.example.net",
    "MAX-FORWARDS: 70",
    "VIA: SIP/2.0/TCP 198.51.100.27:5060;branch=z9hG4bKb0ca9e5a052665222ba557a8122c09e0",
    "CONTACT: <sip:198.51.100.27:5060;transport=TCP>",
    "CONTENT-LENGTH: 0",
    "ALLOW: PUBLISH,MESSAGE,UPDATE,SUBSCRIBE,REFER,INFO,NOTIFY,REGISTER,OPTIONS,BYE,INVITE,ACK,CANCEL",
    "------------EndOfIncoming SipMessage",
]

OK_OUT = [
    TRACE.format(tid="1D50", t="47.606", seq=0x2902),
    ">>>>>>>>>>>>Outgoing SipMessage c=[<SipTcpConnection_3F40F9D>], 192.0.2.40:5060->198.51.100.27:31721",
    "SIP/2.0 200 OK",
    "FROM: <sip:198.51.100.27>;tag=3695067298-703347",
    "TO: <sip:192.0.2.40:5060>;tag=666f0e798",
    "CSEQ: 1 OPTIONS",
    "CALL-ID: 134111452-3695067298-703341@sbc.example.net",
    "VIA: SIP/2.0/TCP 198.51.100.27:5060;branch=z9hG4bKb0ca9e5a052665222ba557a8122c09e0",
    "ACCEPT: application/sdp",
    "CONTENT-LENGTH: 0",
    "ACCEPT-ENCODING: gzip",
    "ACCEPT-LANGUAGE: en",
    "ALLOW: NOTIFY",
    "ALLOW: BENOTIFY",
    "SERVER: RTCC/6.0.0.0 MediationServer",
    "------------EndOfOutgoing SipMessage",
]

SDP = [
    "v=0",
    "o=- 0 1 IN IP4 192.0.2.40",
    "s=session",
    "c=IN IP4 192.0.2.40",
    "t=0 0",
    "m=audio 49152 RTP/AVP 0 101",
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:101 telephone-event/8000",
]
SDP_LEN = sum(len(l) + 2 for l in SDP)

INVITE_OUT = [
    "TL_INFO(TF_COMPONENT) [pool1\\fe1]1B9C.1D50::02/02/2017-23:34:48.010.00002903 "
    "(MediationServer,GatewayCall.Start:gatewaycall.cs(120)) [2528738212] Call to the gateway",
    TRACE.format(tid="1D50", t="48.012", seq=0x2904),
    ">>>>>>>>>>>>Outgoing SipMessage c=[<SipTcpConnection_3F40F9D>], 192.0.2.40:5060->198.51.100.27:31721",
    "INVITE sip:+15550100@198.51.100.27:5060;user=phone SIP/2.0",
    "FROM: <sip:+15550199@192.0.2.40;user=phone>;epid=0A1B2C3D4E;tag=5a6b7c8d9e",
    "TO: <sip:+15550100@198.51.100.27;user=phone>",
    "CSEQ: 1 INVITE",
    "CALL-ID: 8f7e6d5c-4b3a-2910-8f7e-6d5c4b3a2910",
    "MAX-FORWARDS: 70",
    "VIA: SIP/2.0/TCP 192.0.2.40:5060;branch=z9hG4bK1f2e3d4c",
    "CONTACT: <sip:mediation.example.com:5060;transport=Tcp;maddr=192.0.2.40>",
    "CONTENT-TYPE: application/sdp",
    "CONTENT-LENGTH: %d" % SDP_LEN,
    "",
] + SDP + [
    "------------EndOfOutgoing SipMessage",
]

EDGE_OPTIONS = [
    "TL_INFO(TF_PROTOCOL) [0]06E4.0EB4::04/20/2011-15:34:14.500.00005386 "
    "(SIPStack,SIPAdminLog::TraceProtocolRecord:SIPAdminLog.cpp(125))$$begin_record",
    "Instance-Id: 0000C23F",
    'Direction: outgoing;source="local";destination="external edge"',
    "Peer: sip.fabrikam.com:5061",
    "Message-Type: request",
    "Start-Line: OPTIONS sip:fabrikam.com SIP/2.0",
    "CSeq: 1 OPTIONS",
    "Call-ID: 2c1b0a99f8e74d6c",
    "Via: SIP/2.0/TLS 192.0.2.20:50312;branch=z9hG4bK0a1b2c3d",
    "Content-Length: 0",
    "Message-Body: -",
    "$$end_record",
]

DIAG_NO_BEGIN = [
    "TL_ERROR(TF_COMPONENT) [0]06E4.0EB4::04/20/2011-15:34:14.557.0000538A "
    "(SIPStack,SIPAdminLog::WriteDiagnosticEvent:SIPAdminLog.cpp(733))",
    "LogType: diagnostic",
    "Severity: error",
    "Text: Failed to complete TLS negotiation with a federated peer server",
    "Result-Code: 0x80090325 SEC_E_UNTRUSTED_ROOT",
    "SIP-Start-Line: OPTIONS sip:fabrikam.com SIP/2.0",
    "SIP-Call-ID: 2c1b0a99f8e74d6c",
    "SIP-CSeq: 1 OPTIONS",
    "$$end_record",
]


def write(name, lines):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode())


def main():
    write("cls-s4-mediation.log", OPTIONS_IN + OK_OUT + INVITE_OUT)
    write("ocslogger-diag-nobegin.log", EDGE_OPTIONS + DIAG_NO_BEGIN)


if __name__ == "__main__":
    main()
