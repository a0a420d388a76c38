#!/usr/bin/python3
"""Writes the Lync 2013 / Skype for Business logs (README.md in this folder has
their provenance).

cls-sfb-edge.log         Skype for Business Edge SIPStack records as CLS
                         search output writes them (machine name in the
                         brackets, correlation id before $$begin_record, CRLF):
                         the two TF_DIAG records of Cisco TAC document 212383,
                         and the INVITE / 504 exchange the first of them is
                         about, rebuilt from the Expressway-E side of the same
                         call in that document.
uccapilog-sfb2016.log    a Skype for Business client log (Lync-UccApi-0.UccApiLog)
                         receiving the two 504 responses of the same document,
                         one with the "Data Received -PEER" header (no space,
                         as a published Lync 2013 client log shows it).
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CALL = "f1b3ad5d-183b-4632-b210-c2f9bec71960"

DIAG_CERT = [
    "TL_ERROR(TF_DIAG) [sfvedge\\sfvedge]0B60.0D6C::03/02/2017-06:30:40.025.00005602 "
    "(SIPStack,SIPAdminLog::WriteDiagnosticEvent:SIPAdminLog.cpp(833)) [3634190282] $$begin_record",
    "Severity: error",
    "Text: Message cannot be routed because the peer's certificate does not contain a matching FQDN "
    "Result-Code: 0xc3e93d67 SIPPROXY_E_ROUTING_MSG_CERT_MISMATCH",
    "SIP-Start-Line: INVITE sip:stejanss@skype.lab SIP/2.0",
    "SIP-Call-ID: e144704c-1dd0-4ea7-929f-77e7e071c24c",
    "SIP-CSeq: 1567605805 INVITE",
    "Peer: vcse.steven.lab:25001",
    'Data: expected-fqdn =" vcse.acano.steven.lab "; certName =" vcse.steven.lab ";'
    'info="The peer certificate does not contain a matching FQDN"',
    "$$end_record",
]

INVITE = [
    "TL_INFO(TF_PROTOCOL) [sfvedge\\sfvedge]0584.0A44::03/02/2017-07:10:46.221.00007738 "
    "(SIPStack,SIPAdminLog::TraceProtocolRecord:SIPAdminLog.cpp(160)) [156659184] $$begin_record",
    "Trace-Correlation-Id: 156659184",
    "Instance-Id: 00002A41",
    'Direction: incoming;source="external edge";destination="internal edge"',
    "Peer: 10.48.36.47:25002",
    "Message-Type: request",
    "Start-Line: INVITE sip:stejanss@skype.lab SIP/2.0",
    'From: "DX70 Steven" <sip:2000@acano.steven.lab>;tag=9fea3e7d70afd884',
    "To: <sip:stejanss@skype.lab>",
    "CSeq: 2066245576 INVITE",
    "Call-ID: " + CALL,
    "Via: SIP/2.0/TLS 10.48.36.47:5061;egress-zone=DNSZone1;"
    "branch=z9hG4bK42ee6fd77d32cc8925196770b950b33554.731d73c3f4246d6a255e38a9f695bfc0;"
    "proxy-call-id=6b2a018a-2da5-4013-a7e5-4e1455feadf7;rport",
    "Max-Forwards: 15",
    "Content-Length: 0",
    "Message-Body: -",
    "$$end_record",
]

DIAG_SRV = [
    "TL_WARN(TF_DIAG) [sfvedge\\sfvedge]0584.0A44::03/02/2017-07:10:46.230.0000773E "
    "(SIPStack,SIPAdminLog::WriteDiagnosticEvent:SIPAdminLog.cpp(830)) [156659184] $$begin_record",
    "Severity: warning",
    "Text: The domain of the message resolved by DNS SRV but none of the FQDNs is in the same domain "
    "Result-Code: 0xc3e93d6f SIPPROXY_E_EPROUTING_MSG_ALLOWED_DOMAIN_NO_SRV_MATCH",
    "SIP-Start-Line: INVITE sip:stejanss@skype.lab SIP/2.0",
    "SIP-Call-ID: " + CALL,
    "SIP-CSeq: 2066245576 INVITE",
    "Peer: vcse.steven.lab:25002",
    'Data: domain =" acano.steven.lab "; fqdn1 =" vcse.steven.lab :5061"',
    "$$end_record",
]

RESPONSE = [
    "TL_INFO(TF_PROTOCOL) [sfvedge\\sfvedge]0584.0A44::03/02/2017-07:10:46.231.00007740 "
    "(SIPStack,SIPAdminLog::TraceProtocolRecord:SIPAdminLog.cpp(160)) [156659184] $$begin_record",
    "Trace-Correlation-Id: 156659184",
    "Instance-Id: 00002A42",
    'Direction: outgoing;source="internal edge";destination="external edge"',
    "Peer: 10.48.36.47:25002",
    "Message-Type: response",
    "Start-Line: SIP/2.0 504 Server time-out",
    "Via: SIP/2.0/TLS 10.48.36.47:5061;egress-zone=DNSZone1;"
    "branch=z9hG4bK42ee6fd77d32cc8925196770b950b33554.731d73c3f4246d6a255e38a9f695bfc0;"
    "proxy-call-id=6b2a018a-2da5-4013-a7e5-4e1455feadf7;rport;received=10.48.36.47;"
    "ms-received-port=25002;ms-received-cid=100",
    "Call-ID: " + CALL,
    "CSeq: 2066245576 INVITE",
    'From: "DX70 Steven" <sip:2000@acano.steven.lab>;tag=9fea3e7d70afd884',
    "To: <sip:stejanss@skype.lab>;tag=C65A7B0A8766A5F1D386474833D07882",
    "Server: RTC/6.0",
    "Content-Length: 0",
    "Message-Body: -",
    "$$end_record",
]

CLIENT_504 = [
    ("1009", "d0bce97cce8a45fcbb8cc973ba0282da", "8168D157", "38",
     "65d8d93b66e5b217115e3b1636bf433c9f5df54a", "280f2bf329", "98283FD4A66E24FFB4967CDB73149B25",
     'ms-diagnostics: 1009;reason="No match for domain in DNS SRV results";domain="cms.steven.lab";'
     'fqdn1="vcse.sub.cms.steven.lab:5061";source="sip.skype.lab"'),
    ("1010", "5e38e39898cf40188170f0d70644a87b", "1D8F66EF", "49",
     "67836c7ffc0f6132b2304006969a219d9252aabd", "a1ea5f9a46", "B7D9BF35417873B07792AAD244E6B230",
     'ms-diagnostics: 1010;reason="Certificate trust with another server could not be established";'
     'ErrorType="The peer certificate does not contain a matching FQDN";tls-target="vcse.cms.steven.lab";'
     'PeerServer="vcse.steven.lab";HRESULT="0x80090322(SEC_E_WRONG_PRINCIPAL)";source="sip.skype.lab"'),
]


def client_504(code, callid, srand, snum, rspauth, ftag, ttag, diag):
    return "\r\n".join([
        "SIP/2.0 504 Server time-out",
        'Authentication-Info: TLS-DSK qop="auth", opaque="FA404B9C", srand="%s", snum="%s", '
        'rspauth="%s", targetname="SfBFE.skype.lab", realm="SIP Communications Service", version=4'
        % (srand, snum, rspauth),
        'From: "Steven Janssens"<sip:stejanss@skype.lab>;tag=%s;epid=c21eec507a' % ftag,
        "To: <sip:stejanss.space@cms.steven.lab>;tag=%s" % ttag,
        "Call-ID: " + callid,
        "CSeq: 1 INVITE",
        "Via: SIP/2.0/TLS 10.55.186.71:62937;ms-received-port=62937;ms-received-cid=6DA00",
        diag,
        "Server: RTC/6.0",
        "Content-Length: 0",
        "", ""])


def client_log():
    out = []
    prefix = ["03/02/2017|08:12:05.%03d 2E14:3A58 INFO  :: ", "03/02/2017|08:14:51.%03d 2E14:3A58 INFO  :: "]
    dash = ["-", "- "]   # the second record as most logs write it
    for i, msg in enumerate(CLIENT_504):
        text = client_504(*msg)
        n = len(text.encode())
        hdr = "Data Received %s192.0.2.10:443 (To Local Address: 10.55.186.71:62937) %d bytes" % (dash[i], n)
        out.append(prefix[i] % 411 + hdr + ":")
        lines = text.split("\r\n")
        out.append(prefix[i] % 411 + lines[0])
        out.extend(lines[1:-1])
        out.append(prefix[i] % 411 + "End of " + hdr)
    return "\r\n".join(out) + "\r\n"


def write(name, text):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(text.encode())


def main():
    single = ("TL_INFO(TF_COMPONENT) [sfvedge\\sfvedge]0584.0A44::03/02/2017-07:10:46.229.0000773D "
              "(SIPStack,SIPAdminLog::TraceComponentRecord:SIPAdminLog.cpp(200)) [156659184] "
              "Routing the request to the external edge")
    records = DIAG_CERT + INVITE + [single] + DIAG_SRV + RESPONSE
    write("cls-sfb-edge.log", "\r\n".join(records) + "\r\n")
    write("uccapilog-sfb2016.log", client_log())


if __name__ == "__main__":
    main()
