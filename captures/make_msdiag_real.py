#!/usr/bin/python3
"""Builds captures/msdiag-real.pcap: diagnostics headers as deployments write
them, copied from public sources (UDP, client 192.0.2.10:50000, server
198.51.100.20:5060). Only addresses and host names are the documentation ones.

   1 404 from a Mediation Server with ms-diagnostics 1034 (folded inside the
     quoted reason, as a proxy may re-fold it), ms-diagnostics 10003 and
     ms-diagnostics-public 10003. Header text from the SIP fixture of a public
     Perl SIP-log test suite (a 404 answered through a Lync Mediation Server,
     "Server: RTCC/5.0.0.0 MediationServer").
   2 BYE with ms-client-diagnostics 23 whose CalleeMediaDebug value runs over
     several lines, from ucprimer.com, "ms-client-diagnostics: 23;
     reason=Call failed to establish due to a media connectivity failure when
     one endpoint is internal and the other is remote" (SIP trace excerpt).
   3 BYE with ms-client-diagnostics 25 in typographic quotes (U+201D), as
     published on ucsorted.com (2015-09-07, "ms-client-diagnostics: 25;
     reason=A federated call failed to establish ...").
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from pcapgen import Writer, sip  # noqa: E402

CLIENT, SERVER = "192.0.2.10", "198.51.100.20"


def common(n, method):
    return [
        "Via: SIP/2.0/UDP 192.0.2.10:50000;branch=z9hG4bK-real%04d" % n,
        "From: <sip:alice@contoso.com>;tag=a%d" % n,
        "To: <sip:bob@fabrikam.com>;tag=b%d" % n,
        "Call-ID: msdiag-real-%d@192.0.2.10" % n,
        "CSeq: %d %s" % (n, method),
    ]


def main(out):
    msgs = [
        ("s", sip("SIP/2.0 404 Not Found", common(1, "INVITE") + [
            "Server: RTCC/5.0.0.0 MediationServer",
            'ms-diagnostics: 1034;reason="Previous hop federated peer did not report\r\n'
            ' diagnostic information";Domain="fabrikam.com";PeerServer="sip.fabrikam.com";'
            'source="federation.contoso.com"',
            'ms-diagnostics: 10003;source="med01.contoso.com";reason="Proxy returned a SIP failure '
            'code";component="MediationServer";SipResponseCode="404";SipResponseText="Not Found"',
            'ms-diagnostics-public: 10003;reason="Proxy returned a SIP failure code";'
            'component="MediationServer";SipResponseCode="404";SipResponseText="Not Found"',
        ])),
        ("c", sip("BYE sip:bob@fabrikam.com SIP/2.0", common(2, "BYE") + [
            'ms-client-diagnostics: 23; reason="Call failed to establish due to a media\r\n'
            ' connectivity failure when one endpoint is internal and the other is\r\n'
            ' remote";CalleeMediaDebug="audio:ICEWarn=0x80012b\r\n'
            ' a=candidate:1 1 UDP 2130706431 192.0.2.10 26698 typ host\r\n'
            ' a=candidate:4 1 UDP 184547839 203.0.113.33 57234 typ relay raddr 192.0.2.10 rport 18984"',
        ])),
        ("c", sip("BYE sip:bob@fabrikam.com SIP/2.0", common(3, "BYE") + [
            "ms-client-diagnostics: 25; reason=\u201dA federated call failed to establish due to a "
            "media connectivity failure where both endpoints are internal\u201d; "
            "UserType=\u201dCallee\u201d; MediaType=\u201daudio\u201d",
        ])),
    ]
    with Writer(out) as w:
        for side, msg in msgs:
            if side == "c":
                w.udp(CLIENT, 50000, SERVER, 5060, msg)
            else:
                w.udp(SERVER, 5060, CLIENT, 50000, msg)
            w.advance(0.1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else
         os.path.join(os.path.dirname(os.path.abspath(__file__)), "msdiag-real.pcap"))
