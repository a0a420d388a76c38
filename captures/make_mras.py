#!/usr/bin/python3
"""Builds captures/mras.pcap and captures/mras-hostile.pcap: MRAS ([MS-AVEDGEA])
credential requests/responses in SIP SERVICE bodies and in-band provisioning
bodies carrying mrasUri.

sipp is not available on the build machine, so the SIP messages are built with
pcapgen.sip(). The bodies follow the shape of a real OC 2007 R2 client log
(../shared/reference/uccapilog-excerpts.txt) and the [MS-AVEDGEA] schema
(../shared/protocols/mras.md); user names, hosts and credentials are invented.
Credentials are deterministic bytes (username: 56 bytes starting 02 00 00,
base64 "AgAA...", like the field sample; password: 20 bytes).

mras.pcap
  TCP client 192.0.2.10:50010 <-> front end 198.51.100.20:5060
    SUBSCRIBE provisioning request (provisioningGroupList)
    200 OK provisionGroupList, ServerConfiguration with mrasUri + media settings
    SERVICE request 31344152 (internet, 480 min)
    200 OK response OK, 2 relays (av.contoso.com, av2.contoso.com)
    SERVICE request 40000001 (intranet, 60 min, route="directip")
    200 OK response OK with realm and a directIPAddress relay, split over 3 TCP segments
  UDP client 192.0.2.10:50000 <-> front end 198.51.100.20:5060
    SERVICE request 5555 with 2 credentialsRequests (ids 5555 and 5556)
    200 OK response with 2 credentialsResponses (1 relay each)
    SERVICE request 77777777 (never answered)
    SERVICE request 8888 version 3.0
    200 OK response reasonPhrase "Version Mismatch"
    SERVICE request 9999
    403 Forbidden with ms-diagnostics 9006, no body
    200 OK provisioning: ServerConfiguration without mrasUri
    200 OK provisioning: ServerConfiguration with an empty mrasUri
    200 OK response 6001 (no request in the capture): duration 0, udpPort 70000,
        tcpPort 0, bad base64 password, unknown element and attribute,
        no username, no hostName/directIPAddress
    200 OK response 6002: empty mediaRelayList
    200 OK response 6003: no mediaRelayList at all
    SERVICE request without requestID, credentialsRequest without identity,
        duration "abc", location "moon", route "sideways", foreign namespace
    SERVICE request 6100 with 101 credentialsRequests (more than the schema allows)
  UDP client 192.0.2.10:50100 -> A/V Edge 203.0.113.30:3478 (MS-TURN, OCS 2007 form, built
  with captures/tools/msturn_wire.py)
    Allocate signed with the credentials of the 31344152 response (base64-decoded
        username and password, realm "SIP Communications Service"): links to the MRAS
        response through the credential store

mras-hostile.pcap (TCP client 192.0.2.10:50020 <-> 198.51.100.20:5060; every body is
application/msrtc-media-relay-auth+xml)
    1. request nested 10,000 elements deep inside credentialsRequest
    2. request whose requestID attribute is 1 MB long (body split over many segments)
    3. billion-laughs DOCTYPE with entity references in identity
    4. response truncated in the middle of a tag
    5. response cut after an opening element (never closed)
    6. body that is not XML at all
    7. empty body
    8. 2,000 sibling mediaRelay elements
"""
import base64
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tools"))
from pcapgen import Writer, TcpFlow, sip  # noqa: E402
import msturn_wire as turn  # noqa: E402

CLIENT, SERVER = "192.0.2.10", "198.51.100.20"
MRAS_CT = "application/msrtc-media-relay-auth+xml"
PROV_CT = "application/vnd-microsoft-roaming-provisioning-v2+xml"
NS = "http://schemas.microsoft.com/2006/09/sip/mrasp"
MRAS_URI = "sip:edge-int.contoso.com@contoso.com;gruu;opaque=srvr:MRAS:P2nY_WtqnEGPHhBbcYD8VQAA"
USER = "sip:alice@contoso.com"


def cred_bytes(seed, n, first=b""):
    out = bytearray(first)
    x = seed
    while len(out) < n:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append((x >> 16) & 0xFF)
    return bytes(out)


def b64(data):
    return base64.b64encode(data).decode()


def username(seed):
    return b64(cred_bytes(seed, 56, b"\x02\x00\x00"))


def password(seed):
    return b64(cred_bytes(seed + 1000, 20))


def headers(n, transport, port, method="SERVICE", to=MRAS_URI, tag=None):
    h = [
        "Via: SIP/2.0/%s %s:%d;branch=z9hG4bKmras%04d" % (transport, CLIENT, port, n),
        "From: <%s>;tag=a%d;epid=3c465b617a" % (USER, n),
        "To: <%s>%s" % (to, ";tag=%s" % tag if tag else ""),
        "Call-ID: mras-%d@192.0.2.10" % n,
        "CSeq: %d %s" % (n, method),
    ]
    return h


def request_body(req_id, creds, version="2.0", route=None, ns=NS, extra_attr=""):
    r = ' route="%s"' % route if route else ""
    rid = ' requestID="%s"' % req_id if req_id is not None else ""
    parts = ['<request%s version="%s" to="%s" from="%s"%s%s xmlns="%s" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
             % (rid, version, MRAS_URI, USER, r, extra_attr, ns)]
    for cid, ident, loc, dur in creds:
        parts.append('<credentialsRequest credentialsRequestID="%s">' % cid)
        if ident is not None:
            parts.append("<identity>%s</identity>" % ident)
        if loc is not None:
            parts.append("<location>%s</location>" % loc)
        if dur is not None:
            parts.append("<duration>%s</duration>" % dur)
        parts.append("</credentialsRequest>")
    parts.append("</request>")
    return "".join(parts)


def relay_xml(loc, host=None, ip=None, udp=None, tcp=None, extra=""):
    s = "      <mediaRelay>\r\n        <location>%s</location>\r\n" % loc
    if host is not None:
        s += "        <hostName>%s</hostName>\r\n" % host
    if ip is not None:
        s += "        <directIPAddress>%s</directIPAddress>\r\n" % ip
    if udp is not None:
        s += "        <udpPort>%s</udpPort>\r\n" % udp
    if tcp is not None:
        s += "        <tcpPort>%s</tcpPort>\r\n" % tcp
    return s + extra + "      </mediaRelay>\r\n"


def cred_response(cid, user, pw, dur, relays, realm=None, relay_list=True, extra=""):
    s = '  <credentialsResponse credentialsRequestID="%s">\r\n    <credentials>\r\n' % cid
    if user is not None:
        s += "      <username>%s</username>\r\n" % user
    if pw is not None:
        s += "      <password>%s</password>\r\n" % pw
    s += "      <duration>%s</duration>\r\n" % dur
    if realm is not None:
        s += "      <realm>%s</realm>\r\n" % realm
    s += extra + "    </credentials>\r\n"
    if relay_list:
        s += "    <mediaRelayList>\r\n" + "".join(relays) + "    </mediaRelayList>\r\n"
    return s + "  </credentialsResponse>\r\n"


def response_body(req_id, reason, cresps, version="2.0", server_version="2.0", root_extra=""):
    return ('<?xml version="1.0"?>\r\n'
            '<response xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:xsd="http://www.w3.org/2001/XMLSchema" requestID="%s" version="%s" '
            'serverVersion="%s" to="%s" from="%s" reasonPhrase="%s"%s xmlns="%s">\r\n%s</response>\r\n'
            % (req_id, version, server_version, MRAS_URI, USER, reason, root_extra, NS, "".join(cresps)))


def service(n, transport, port, body):
    return sip("SERVICE %s SIP/2.0" % MRAS_URI, headers(n, transport, port) + [
        "Max-Forwards: 70",
        "User-Agent: UCCAPI/3.5.6907.0 OC/3.5.6907.0 (Microsoft Office Communicator 2007 R2)",
        "Content-Type: %s" % MRAS_CT], body)


def ok(n, transport, port, body, ct=MRAS_CT, method="SERVICE", to=MRAS_URI):
    extra = ["Content-Type: %s" % ct]
    if ct == MRAS_CT:
        extra += ["Server: RTCC/3.5.0.0 MRAS/2.0",
                  "ms-edge-proxy-message-trust: ms-source-type=EdgeProxyGenerated;"
                  "ms-ep-fqdn=edge-int.contoso.com;ms-source-verified-user=verified"]
    return sip("SIP/2.0 200 OK", headers(n, transport, port, method, to, tag="e1fef8fa%d" % n) + extra, body)


def provisioning(with_uri, media=True):
    s = ('<provisionGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisiongrouplist-notification">\r\n'
         '<provisionGroup name="ServerConfiguration" >\r\n'
         '<ucMaxVideoRateAllowed>VGA-600K</ucMaxVideoRateAllowed>\r\n'
         '<absInternalServerUrl>https://pool01.contoso.com/Abs/Int/Handler</absInternalServerUrl>\r\n')
    if media:
        s += ('<ucPC2PCAVEncryption>RequireEncryption</ucPC2PCAVEncryption>\r\n'
              '<ucPortRangeEnabled>true</ucPortRangeEnabled>\r\n'
              '<ucMinMediaPort>5350</ucMinMediaPort>\r\n'
              '<ucMaxMediaPort>5353</ucMaxMediaPort>\r\n'
              '<qosEnabled>false</qosEnabled>\r\n')
    if with_uri is not None:
        s += "<mrasUri >%s</mrasUri>\r\n" % with_uri
    s += ('</provisionGroup>\r\n'
          '<provisionGroup name="meetingPolicy" >\r\n<property name="AllowIPAudio">true</property>\r\n'
          '</provisionGroup>\r\n</provisionGroupList>\r\n')
    return s


def prov_request():
    return ('<provisioningGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisioninggrouplist">'
            '<provisioningGroup name="ServerConfiguration"/><provisioningGroup name="meetingPolicy"/>'
            '<provisioningGroup name="ucPolicy"/></provisioningGroupList>')


def main_capture(path):
    w = Writer(path)
    # --- TCP part ---
    port = 50010
    t = TcpFlow(w, CLIENT, port, SERVER, 5060)
    sub = sip("SUBSCRIBE sip:alice@contoso.com SIP/2.0",
              headers(1, "TCP", port, "SUBSCRIBE", to=USER) + [
                  "Event: vnd-microsoft-provisioning-v2",
                  "Accept: " + PROV_CT,
                  "Supported: ms-piggyback-first-notify",
                  "Content-Type: " + PROV_CT], prov_request())
    t.send("c", sub)
    t.send("s", ok(1, "TCP", port, provisioning(MRAS_URI), ct=PROV_CT, method="SUBSCRIBE", to=USER))
    w.advance(0.5)
    t.send("c", service(2, "TCP", port, request_body("31344152", [("31344152", USER, "internet", "480")])))
    w.advance(0.266)
    t.send("s", ok(2, "TCP", port, response_body("31344152", "OK", [
        cred_response("31344152", username(1), password(1), 480, [
            relay_xml("internet", host="av.contoso.com", udp=3478, tcp=443),
            relay_xml("internet", host="av2.contoso.com", udp=3478, tcp=443)])])))
    w.advance(0.1)
    t.send("c", service(3, "TCP", port, request_body("40000001", [("40000001", USER, "intranet", "60")],
                                                     route="directip")))
    w.advance(0.05)
    msg = ok(3, "TCP", port, response_body("40000001", "OK", [
        cred_response("40000001", username(2), password(2), 60, [
            relay_xml("intranet", ip="10.1.2.3", udp=3478, tcp=443)], realm="SIP Communications Service")]))
    t.send("s", msg, segments=[300, 700])
    t.close()

    # --- UDP part ---
    p = 50000

    def c(m):
        w.udp(CLIENT, p, SERVER, 5060, m)

    def s(m):
        w.udp(SERVER, 5060, CLIENT, p, m)

    w.advance(1)
    c(service(10, "UDP", p, request_body("5555", [("5555", USER, "internet", "480"),
                                                  ("5556", USER, "intranet", "480")], version="1.0")))
    s(ok(10, "UDP", p, response_body("5555", "OK", [
        cred_response("5555", username(3), password(3), 480, [
            relay_xml("internet", host="av.contoso.com", udp=3478, tcp=443)]),
        cred_response("5556", username(4), password(4), 480, [
            relay_xml("intranet", host="edge-int.contoso.com", udp=3478)])], version="1.0", server_version="2.0")))
    w.advance(1)
    c(service(11, "UDP", p, request_body("77777777", [("77777777", USER, "internet", "480")])))
    w.advance(1)
    c(service(12, "UDP", p, request_body("8888", [("8888", USER, "internet", "480")], version="3.0")))
    s(ok(12, "UDP", p, response_body("8888", "Version Mismatch", [], version="3.0")))
    w.advance(1)
    c(service(13, "UDP", p, request_body("9999", [("9999", USER, "internet", "480")])))
    s(sip("SIP/2.0 403 Forbidden", headers(13, "UDP", p, tag="x13") + [
        'ms-diagnostics: 9006;reason="Forbidden";component="Media Relay Authentication Service";'
        'source="edge-int.contoso.com"']))
    w.advance(1)
    s(ok(14, "UDP", p, provisioning(None), ct=PROV_CT, method="SUBSCRIBE", to=USER))
    s(ok(15, "UDP", p, provisioning("", media=False), ct=PROV_CT, method="SUBSCRIBE", to=USER))
    w.advance(1)
    s(ok(16, "UDP", p, response_body("6001", "OK", [
        cred_response("6001", None, "not*base64!", 0, [
            relay_xml("internet", host="av.contoso.com", udp=70000, tcp=0,
                      extra="        <futurePort>1</futurePort>\r\n"),
            relay_xml("internet")], extra="      <tokenFlavour>x</tokenFlavour>\r\n")],
        root_extra=' futureAttr="1"')))
    s(ok(17, "UDP", p, response_body("6002", "OK", [
        cred_response("6002", username(5), password(5), 480, [])])))
    s(ok(18, "UDP", p, response_body("6003", "OK", [
        cred_response("6003", username(6), password(6), 480, [], relay_list=False)])))
    c(service(19, "UDP", p, request_body(None, [("6050", None, "moon", "abc")], route="sideways",
                                         ns="urn:example:not-mras")))
    c(service(20, "UDP", p, request_body("6100", [(str(7000 + i), USER, "internet", "480") for i in range(101)])))
    w.advance(1)
    user, pw, realm = base64.b64decode(username(1)), base64.b64decode(password(1)), b"SIP Communications Service"
    alloc = turn.message(0x0003, bytes(range(0x40, 0x50)), [
        turn.attr(turn.MS_VERSION, turn.u32(2)), turn.attr(turn.USERNAME, user),
        turn.attr(turn.REALM, realm), turn.attr(turn.NONCE, b"a1b2c3d4e5f60718")],
        turn.key(user, realm, pw))
    w.udp(CLIENT, 50100, "203.0.113.30", 3478, alloc)
    w.close()


def hostile_capture(path):
    w = Writer(path, start=1700001000.0)
    port = 50020
    t = TcpFlow(w, CLIENT, port, SERVER, 5060)
    n = [100]

    def send_service(body, segsize=None):
        m = service(n[0], "TCP", port, body)
        n[0] += 1
        segs = list(range(segsize, len(m), segsize)) if segsize else None
        t.send("c", m, segments=segs)

    def send_ok(body, segsize=None):
        m = ok(n[0], "TCP", port, body)
        n[0] += 1
        segs = list(range(segsize, len(m), segsize)) if segsize else None
        t.send("s", m, segments=segs)

    deep = 10000
    send_service('<request requestID="h1" version="2.0" to="%s" from="%s" xmlns="%s">'
                 '<credentialsRequest credentialsRequestID="h1"><identity>%s</identity>%s%s'
                 '</credentialsRequest></request>'
                 % (MRAS_URI, USER, NS, USER, "<x>" * deep, "</x>" * deep), segsize=30000)
    send_service('<request requestID="%s" version="2.0" to="%s" from="%s" xmlns="%s">'
                 '<credentialsRequest credentialsRequestID="h2"><identity>%s</identity></credentialsRequest>'
                 '</request>' % ("7" * (1 << 20), MRAS_URI, USER, NS, USER), segsize=60000)
    lol = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        lol.append('<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10))
    send_service('<?xml version="1.0"?>\r\n<!DOCTYPE request [\r\n%s\r\n]>\r\n'
                 '<request requestID="h3" version="2.0" to="%s" from="%s" xmlns="%s">'
                 '<credentialsRequest credentialsRequestID="h3"><identity>&lol9;</identity>'
                 '<location>internet</location><duration>480</duration></credentialsRequest></request>'
                 % ("\r\n".join(lol), MRAS_URI, USER, NS))
    full = response_body("h4", "OK", [cred_response("h4", username(9), password(9), 480, [
        relay_xml("internet", host="av.contoso.com", udp=3478, tcp=443)])])
    send_ok(full[:full.index("<mediaRelayList>") + 9])
    send_ok(response_body("h5", "OK", [])[:-len("</response>\r\n")])
    send_ok("this is not XML at all \x01\x02\x03 <<<>>> &&&")
    send_ok("")
    send_ok(response_body("h8", "OK", [cred_response("h8", username(10), password(10), 480, [
        relay_xml("internet", host="r%d.contoso.com" % i, udp=3478) for i in range(2000)])]), segsize=60000)
    t.close()
    w.close()


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    main_capture(os.path.join(here, "mras.pcap"))
    hostile_capture(os.path.join(here, "mras-hostile.pcap"))
