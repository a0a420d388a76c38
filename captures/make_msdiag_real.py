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

Frames 4-17: one header each for the ErrorIds whose meanings
epan-extra/tables/msdiag-*errorids.tsv take from these sources (the
table rows name them too). The header text is the source's; the SIP
envelope around it (method, response code where the source gives none) is
made up, and host names are the documentation ones.
   4 404 with ms-diagnostics 1017 (Microsoft support article "Skype for
     Business Online users in a Microsoft 365 domain can't IM or detect users
     in an on-premises domain", client log line)
   5 403 with ms-diagnostics 1027 (Spanish blog article "Error de llamada:
     problemas de red", Snooper trace of 2012; its typographic quotes made
     straight)
   6 504 with ms-diagnostics 1047 and Winsock parameters (risual.com, 2012,
     "Lync federation issue: presence unknown ...")
   7 BENOTIFY with ms-diagnostics-public 2139 (comment in Camel::SIPE
     SipProducerListener.java)
   8 488 to a roaming-contacts SUBSCRIBE with ms-diagnostics 2165 ([MS-PRES]
     example of the unified contact store migration)
   9 registration-event NOTIFY with ms-diagnostics-public 4141 (pidgin-sipe
     comment, "OCS2007 Example")
  10 403 to a SERVICE with ms-diagnostics 4268 (Microsoft support article
     "Cannot create a Skype meeting on behalf of delegate and with error in
     Skype for Business Online")
  11 500 from ExumRouting with ms-diagnostics 15000 (Microsoft support
     article "'500 Server Internal' error and calls to Subscriber Access or
     Auto Attendant fail after moving contact objects to Skype for Business
     Server 2019")
  12 403 with ms-diagnostics-public 21002 from the ASMCU (Cisco TAC document
     212580, CMS presentation sharing with Skype for Business)
  13 101 Progress Report with ms-diagnostics 25008 (Camel::SIPE comment)
  14 BYE with ms-client-diagnostics 22 and a MediaChanBlob (community blog
     post of 2017-07-21, Skype for Business to Exchange Online UM)
  15 200 OK from a Lync 2013 client with ms-client-diagnostics 51007 and a
     CalleeMediaDebug (SIP test messages of a public repository)
  16 488 with ms-client-diagnostics 52017 (pidgin-sipe comment, "MS Lync
     2010")
  17 488 with ms-client-diagnostics 52035 (Camel::SIPE comment, Office
     Communicator rejecting an INVITE)
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
    ] + documented()
    with Writer(out) as w:
        w.udp_dialog(CLIENT, 50000, SERVER, 5060, msgs)


def resp(n, status, method, headers):
    return ("s", sip("SIP/2.0 " + status, common(n, method) + headers))


def req(n, method, headers):
    return ("c", sip("%s sip:bob@fabrikam.com SIP/2.0" % method, common(n, method) + headers))


def documented():
    """Frames 4-17 (see the docstring for the sources)."""
    return [
        resp(4, "404 Not Found", "MESSAGE", [
            'ms-diagnostics: 1017; reason="Cannot route From and To domains in this combination"; '
            'summary="Domain type analysis indicates that the ms-split-domain-info header in the '
            'message is the wrong type"']),
        resp(5, "403 Forbidden", "INVITE", [
            'ms-diagnostics: 1027;reason="Cannot route this type of SIP request to or from federated '
            'partners";source="edge.contoso.com"']),
        resp(6, "504 Server time-out", "SUBSCRIBE", [
            'ms-diagnostics: 1047;reason="Failed to complete TLS negotiation with a federated peer '
            'server";WinsockFailureCode="10054(WSAECONNRESET)";WinsockFailureDescription="The peer '
            'forced closure of the connection"']),
        ("s", sip("BENOTIFY sip:alice@contoso.com SIP/2.0", common(7, "BENOTIFY") + [
            "Subscription-State: terminated;expires=0",
            'ms-diagnostics-public: 2139;reason="Terminating old subscription since new subscription '
            'dialog took over the previous one"'])),
        resp(8, "488 Not acceptable here", "SUBSCRIBE", [
            'ms-diagnostics: 2165;reason="Contact subscription is not allowed as the user\'s contact '
            'list has migrated to Exchange.";source="pool01.contoso.com"']),
        ("s", sip("NOTIFY sip:alice@contoso.com SIP/2.0", common(9, "NOTIFY") + [
            "Content-Type: text/registration-event",
            "subscription-state: terminated;expires=0",
            'ms-diagnostics-public: 4141;reason="User disabled"'], "deregistered;event=rejected")),
        resp(10, "403 Forbidden", "SERVICE", [
            'ms-diagnostics: 4268;reason="Delegate operation not allowed as delegate and delegator are '
            'in different deployments.";source="pool01.contoso.com"']),
        resp(11, "500 Server Internal Error", "INVITE", [
            'ms-diagnostics: 15000;reason="Unable to read the user properties publication for the user '
            'or contact object.";source="pool01.contoso.com";appName="ExumRouting"',
            "Server: ExumRouting/7.0.0.0"]),
        resp(12, "403 Forbidden", "INVITE", [
            'ms-diagnostics-public: 21002;reason="Attendees cannot share in this conference";'
            'component="ASMCU"']),
        resp(13, "101 Progress Report", "INVITE", [
            'ms-diagnostics: 25008;reason="Attempting to route to Primary Pool"']),
        req(14, "BYE", [
            'ms-client-diagnostics: 22; reason="Call failed to establish due to a media connectivity '
            'failure when both endpoints are internal";UserType="Callee";MediaType="audio";'
            'MediaChanBlob="NetworkErr=no error,ErrTime=0,RTPSeq=0,SeqDelta=0,RTPTime=0,RTCPTime=0,'
            'TransptRecvErr=0x0,RecvErrTime=0,TransptSendErr=0x0,SendErrTime=0,InterfacesStall=0x0,'
            'InterfacesConnCheck=0x0,MediaTimeout=0,RtcpByeSent=0,RtcpByeRcvd=0,BlobVer=1";']),
        ("c", sip("SIP/2.0 200 OK", common(15, "INVITE") + [
            "User-Agent: UCCAPI/15.0.4569.1503 OC/15.0.4569.1503 (Microsoft Lync)",
            'ms-client-diagnostics: 51007;reason="Callee media connectivity diagnosis info";'
            'CalleeMediaDebug="audio:ICEWarn=0x80000,LocalSite=192.0.2.10:14832,'
            'RemoteSite=198.51.100.57:6002,PortRange=1025:65000,LocalLocation=2,RemoteLocation=0,'
            'FederationType=0,Interfaces=0x12"'])),
        ("c", sip("SIP/2.0 488 Not Acceptable Here", common(16, "INVITE") + [
            'ms-client-diagnostics: 52017;reason="Encryption levels dont match"'])),
        ("c", sip("SIP/2.0 488 Not Acceptable Here", common(17, "INVITE") + [
            'Ms-client-diagnostics: 52035; reason="This client has an IM session with the same '
            'conversation ID"'])),
    ]


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else
         os.path.join(os.path.dirname(os.path.abspath(__file__)), "msdiag-real.pcap"))
