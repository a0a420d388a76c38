"""ocslog2pcap end to end: logs in captures/logs/ -> pcapng -> tshark field values.

The converter is found through $OCSLOG2PCAP or next to the staged plugin
(<build>/plugins/extcap/ocslog/ocslog2pcap, <build> being the parent of --stage).
"""
import os
import signal
import subprocess
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
LOGS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "captures", "logs")

FIELDS = ["frame.time_epoch", "exported_pdu.ipv4_src", "exported_pdu.src_port",
          "exported_pdu.ipv4_dst", "exported_pdu.dst_port", "exported_pdu.port_type",
          "exported_pdu.p2p_dir", "sip.Method", "sip.Status-Code", "frame.comment"]

OC2007R2_ROWS = [
    ["1227310270.381000000", "192.168.1.10", "1259", "192.168.1.5", "5061", "2", "0",
     "SUBSCRIBE", "", "{name}:2"],
    ["1227310271.162000000", "192.168.1.10", "1259", "192.168.1.5", "5061", "2", "0",
     "SERVICE", "", "{name}:26"],
    ["1227310271.428000000", "192.168.1.5", "5061", "192.168.1.10", "1259", "2", "1",
     "", "200", "{name}:43"],
]


@pytest.fixture(scope="module")
def converter(request):
    path = os.environ.get("OCSLOG2PCAP")
    if not path:
        stage = request.config.getoption("--stage")
        path = os.path.join(os.path.dirname(os.path.abspath(stage)), "plugins", "extcap", "ocslog",
                            "ocslog2pcap")
    if not os.access(path, os.X_OK):
        pytest.fail("ocslog2pcap not found at %s (build it, or set OCSLOG2PCAP)" % path)
    return path


@pytest.fixture(scope="module")
def outdir():
    d = tempfile.mkdtemp(prefix="ocslog-tests-")
    yield d
    subprocess.run(["rm", "-rf", d])


def convert(converter, outdir, logs, out_name, *options):
    out = os.path.join(outdir, out_name)
    inputs = [os.path.join(LOGS, l) for l in logs]
    p = subprocess.run([converter] + list(options) + inputs + [out], capture_output=True, text=True,
                       timeout=120, env={"PATH": "/usr/bin:/bin", "TZ": "UTC", "LC_ALL": "C.UTF-8"})
    return p, out


def expected(rows, name):
    return [[c.format(name=name) for c in r] for r in rows]


def test_client_log_golden(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["uccapilog-oc2007r2.log"], "oc.pcapng", "--tz", "UTC")
    assert p.returncode == 0, p.stderr
    assert "3 SIP messages" in p.stderr and "0 warnings" in p.stderr
    assert tshark.fields(out, FIELDS) == expected(OC2007R2_ROWS, "uccapilog-oc2007r2.log")
    # the messages are whole: SIP sees the declared body sizes and the protocol stack is exported_pdu:sip
    rows = tshark.fields(out, ["frame.protocols", "sip.Content-Length", "frame.len"])
    assert [r[1] for r in rows] == ["327", "460", "956"]
    assert all(r[0].startswith("exported_pdu:sip") for r in rows)


def test_service_filter_finds_mras_request(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["uccapilog-oc2007r2.log"], "svc.pcapng", "--tz", "UTC")
    assert p.returncode == 0, p.stderr
    rows = tshark.fields(out, ["frame.number", "sip.Call-ID", "sip.Content-Type", "sip.CSeq"],
                         dfilter='sip.Method == "SERVICE"')
    assert rows == [["2", "54b45caa1e33428abe89238d8b8ddd80", "application/msrtc-media-relay-auth+xml",
                     "1 SERVICE"]]


@pytest.mark.parametrize("log", ["uccapilog-utf8bom.log", "uccapilog-utf16le.log"])
def test_encodings_convert_identically(tshark, converter, outdir, log):
    p, out = convert(converter, outdir, [log], log + ".pcapng", "--tz", "UTC")
    assert p.returncode == 0, p.stderr
    assert tshark.fields(out, FIELDS) == expected(OC2007R2_ROWS, log)


def test_time_zone_option(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["uccapilog-oc2007r2.log"], "tz.pcapng", "--tz", "+01:00")
    assert p.returncode == 0, p.stderr
    assert [r[0] for r in tshark.fields(out, ["frame.time_epoch"])] == [
        "1227306670.381000000", "1227306671.162000000", "1227306671.428000000"]
    p, out = convert(converter, outdir, ["uccapilog-oc2007r2.log"], "tz2.pcapng", "--tz", "America/New_York")
    assert p.returncode == 0, p.stderr
    assert tshark.fields(out, ["frame.time_epoch"])[0] == ["1227328270.381000000"]   # EST, UTC-5


def test_server_log(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["ocslogger-edge.log"], "srv.pcapng", "--tz", "UTC")
    assert p.returncode == 0, p.stderr
    assert "1 other records" in p.stderr
    rows = tshark.fields(out, ["frame.time_epoch", "exported_pdu.ipv4_src", "exported_pdu.ipv4_dst",
                               "exported_pdu.ipv6_src", "exported_pdu.src_port", "exported_pdu.dst_port",
                               "exported_pdu.p2p_dir", "sip.Method", "sip.Status-Code", "sdp.media",
                               "frame.comment"])
    assert rows == [
        ["1326862843.101000000", "", "", "", "61182", "", "1", "OPTIONS", "", "",
         "ocslogger-edge.log:2 peer lyncserver.contoso.com:61182"],
        ["1326862843.352000000", "", "10.10.10.10", "", "", "61182", "0", "", "504", "",
         "ocslogger-edge.log:20"],
        ["1326862862.007000000", "", "", "2001:db8::20", "5061", "", "1", "INVITE", "",
         "audio 52545 RTP/AVP 0 8 101", "ocslogger-edge.log:41"],
    ]


def test_bad_byte_count(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["uccapilog-bad-count.log"], "bad.pcapng", "--tz", "UTC")
    assert p.returncode == 1
    assert "uccapilog-bad-count.log:1: warning: byte count says 1300, log holds 1288" in p.stderr
    assert tshark.fields(out, ["sip.Method", "frame.comment"]) == [
        ["SUBSCRIBE", "uccapilog-bad-count.log:1 [byte-count-mismatch]"]]


def test_truncated_logs(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["uccapilog-truncated.log"], "trunc.pcapng", "--tz", "UTC")
    assert p.returncode == 1
    assert "uccapilog-truncated.log:43: warning: input ends inside the message begun here" in p.stderr
    rows = tshark.fields(out, ["sip.Status-Code", "frame.comment"])
    assert len(rows) == 3
    assert rows[2] == ["200", "uccapilog-truncated.log:43 [byte-count-mismatch] [truncated]"]

    p, out = convert(converter, outdir, ["ocslogger-truncated.log"], "strunc.pcapng", "--tz", "UTC")
    assert p.returncode == 1
    rows = tshark.fields(out, ["sip.Method", "frame.comment"])
    assert rows[-1] == ["INVITE", "ocslogger-truncated.log:41 [truncated]"]


def test_junk_lines(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["uccapilog-junk.log"], "junk.pcapng", "--tz", "UTC")
    assert p.returncode == 1
    assert "uccapilog-junk.log:3: warning: message record lost" in p.stderr
    assert "1 lost" in p.stderr
    assert tshark.fields(out, ["sip.Method", "sip.Status-Code", "frame.comment"]) == [
        ["SUBSCRIBE", "", "uccapilog-junk.log:5 [no-end-marker]"],
        ["", "100", "uccapilog-junk.log:28 peer not-an-address [bad-address]"],
    ]


def test_several_inputs_one_output(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["uccapilog-oc2007r2.log", "ocslogger-edge.log"], "multi.pcapng",
                     "--tz", "UTC")
    assert p.returncode == 0, p.stderr
    rows = tshark.fields(out, ["frame.comment"])
    assert [r[0].split(" ")[0] for r in rows] == [
        "uccapilog-oc2007r2.log:2", "uccapilog-oc2007r2.log:26", "uccapilog-oc2007r2.log:43",
        "ocslogger-edge.log:2", "ocslogger-edge.log:20", "ocslogger-edge.log:41"]


def test_fatal_errors(converter, outdir):
    p, _ = convert(converter, outdir, ["does-not-exist.log"], "x.pcapng")
    assert p.returncode == 2
    p, _ = convert(converter, outdir, ["uccapilog-oc2007r2.log"], "y.pcapng", "--tz", "Not/AZone")
    assert p.returncode == 2 and "unknown time zone" in p.stderr
    p = subprocess.run([converter, os.path.join(LOGS, "uccapilog-oc2007r2.log"), "/nonexistent/dir/out.pcapng"],
                       capture_output=True, text=True)
    assert p.returncode == 2


def test_extcap_queries(converter):
    def run(*args):
        p = subprocess.run([converter] + list(args), capture_output=True, text=True, timeout=30)
        assert p.returncode == 0, p.stderr
        return p.stdout
    out = run("--extcap-interfaces", "--extcap-version=4.0")
    assert "interface {value=ocslog}" in out and out.startswith("extcap {version=")
    assert run("--extcap-interface", "ocslog", "--extcap-dlts").startswith(
        "dlt {number=252}{name=WIRESHARK_UPPER_PDU}")
    cfg = run("--extcap-interface=ocslog", "--extcap-config").splitlines()
    assert cfg[0].startswith("arg {number=0}{call=--logfile}") and "{type=fileselect}" in cfg[0]
    assert any("{call=--tz}" in l for l in cfg)
    assert any("{call=--follow}" in l and "{type=boolflag}" in l for l in cfg)
    p = subprocess.run([converter, "--extcap-interface", "other", "--extcap-dlts"], capture_output=True)
    assert p.returncode == 2


def test_extcap_capture_follows_growing_log(tshark, converter, outdir):
    """--capture --follow: records appended to the log show up in the output without restarting."""
    src = open(os.path.join(LOGS, "uccapilog-oc2007r2.log"), "rb").read()
    cut = src.index(b"11/21/2008|23:31:11.162")   # start of the SERVICE packet
    log = os.path.join(outdir, "growing.log")
    with open(log, "wb") as f:
        f.write(src[:cut])
    out = os.path.join(outdir, "follow.pcapng")
    proc = subprocess.Popen([converter, "--capture", "--extcap-interface", "ocslog", "--fifo", out,
                             "--logfile", log, "--tz", "UTC", "--follow"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        def methods(n_expected):
            deadline = time.time() + 20
            while True:
                rows = []
                if os.path.exists(out):
                    try:
                        rows = tshark.fields(out, ["sip.Method", "sip.Status-Code"])
                    except AssertionError:   # read while a block was half written
                        rows = []
                if len(rows) >= n_expected or time.time() > deadline:
                    return rows
                time.sleep(0.3)
                copy = os.path.join(tshark.capdir, os.path.basename(out))
                if os.path.exists(copy):   # tshark.capture() would keep a stale copy
                    os.remove(copy)
        assert methods(1) == [["SUBSCRIBE", ""]]
        with open(log, "ab") as f:   # the second half arrives in two pieces, split mid-line
            f.write(src[cut:cut + 700])
            f.flush()
            time.sleep(0.6)
            f.write(src[cut + 700:])
        assert methods(3) == [["SUBSCRIBE", ""], ["SERVICE", ""], ["", "200"]]
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err


def test_extcap_through_tshark(tshark, converter):
    """tshark -i ocslog runs the converter as an extcap and dissects what it streams."""
    extcap_dir = os.path.join(tshark.work, "extcap")
    os.makedirs(extcap_dir, exist_ok=True)
    os.chmod(extcap_dir, 0o755)
    subprocess.run(["cp", converter, os.path.join(extcap_dir, "ocslog")], check=True)
    log = tshark.capture(os.path.join(LOGS, "uccapilog-oc2007r2.log"))
    env = {"PATH": "/usr/bin:/bin", "HOME": tshark.home, "TZ": "UTC", "LC_ALL": "C.UTF-8",
           "WIRESHARK_EXTCAP_DIR": extcap_dir}
    cmd = ["tshark", "-i", "ocslog", "-o", "extcap.ocslog.logfile:" + log, "-o", "extcap.ocslog.tz:UTC",
           "-c", "3", "-T", "fields", "-e", "frame.time_epoch", "-e", "sip.Method", "-e", "frame.comment"]
    if tshark.as_root:
        cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env"] + \
              ["%s=%s" % kv for kv in env.items()] + cmd
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert [l.split("\t") for l in p.stdout.splitlines()] == [
        ["1227310270.381000000", "SUBSCRIBE", "uccapilog-oc2007r2.log:2"],
        ["1227310271.162000000", "SERVICE", "uccapilog-oc2007r2.log:26"],
        ["1227310271.428000000", "", "uccapilog-oc2007r2.log:43"],
    ]


# Logs written by captures/logs/make_logs_real.py (sources in its docstring and logs/README.md).

def test_bodyless_record_without_message_body_line_is_clean(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["ocslogger-nobody.log"], "nobody.pcapng")
    assert p.returncode == 0, p.stderr
    assert "warning:" not in p.stderr
    assert "1 SIP messages from 18 lines (0 flagged, 0 lost, 0 warnings, 1 other records)" in p.stderr
    rows = tshark.fields(out, ["sip.Method", "sip.Content-Length", "frame.comment"])
    assert rows == [["OPTIONS", "0", "ocslogger-nobody.log:1 peer lyncserver.contoso.com:61182"]]


def test_record_without_begin_line_is_reported_and_counted(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["ocslogger-nobegin.log"], "nobegin.pcapng")
    assert p.returncode == 1
    assert ("ocslogger-nobegin.log:15: warning: record (lines 15-23) has no $$begin_record line; "
            "its SIP message is lost") in p.stderr
    assert "(0 flagged, 1 lost, 1 warnings, 0 other records)" in p.stderr
    assert tshark.fields(out, ["sip.Method"]) == [["OPTIONS"]]


def test_hostile_log_bytes_never_reach_comments_raw(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["uccapilog-hostile.log"], "hostile.pcapng")
    assert p.returncode == 1
    assert ("uccapilog-hostile.log:8: warning: impossible date 01/01/0000; the record keeps the "
            "time before it") in p.stderr
    rows = tshark.fields(out, ["frame.time_epoch", "frame.comment"])
    if tshark.version() >= (4, 2):   # -T fields escapes backslashes since 4.2
        rows = [[c.replace("\\\\", "\\") for c in r] for r in rows]
    assert rows == [
        ["1577923200.123000000", "uccapilog-hostile.log:1 peer h\ufffd\ufffd\ufffd\ufffd\\x1B[31mRED\\x00x "
                                 "[bad-address]"],
        # year 0000 is rejected: the record keeps the time before it instead of a negative one
        ["1577923200.123000000", "uccapilog-hostile.log:8 [no-time]"]]
    # the JSON output carries the comment as valid UTF-8 without control characters
    raw = subprocess.run(["tshark", "-n", "-r", out, "-T", "ek", "-e", "frame.comment"],
                         capture_output=True, timeout=120).stdout
    text = raw.decode("utf-8")   # raises on invalid UTF-8
    assert "\x1b" not in text and "\x00" not in text


# Lync 2013 / Skype for Business logs written by captures/logs/make_logs_cls.py (Cisco TAC document
# 212383: the Edge's CLS records and the client's UccApi log of the same failed federation calls).

def test_cls_edge_log_diagnostic_becomes_comment(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["cls-sfb-edge.log"], "cls.pcapng")
    assert p.returncode == 0, p.stderr
    assert "2 SIP messages from 51 lines (0 flagged, 0 lost, 0 warnings, 2 other records)" in p.stderr
    assert "1 diagnostic records shown as packet comments" in p.stderr
    rows = tshark.fields(out, ["frame.time_epoch", "exported_pdu.ipv4_src", "exported_pdu.src_port",
                               "exported_pdu.ipv4_dst", "exported_pdu.dst_port", "exported_pdu.p2p_dir",
                               "sip.Method", "sip.Status-Code", "sip.Call-ID", "frame.comment"])
    call = "f1b3ad5d-183b-4632-b210-c2f9bec71960"
    assert rows == [
        ["1488438646.221000000", "10.48.36.47", "25002", "", "", "1", "INVITE", "", call,
         "cls-sfb-edge.log:10"],
        ["1488438646.231000000", "", "", "10.48.36.47", "25002", "0", "", "504", call,
         "cls-sfb-edge.log:36,TL_WARN diagnostic at line 27: The domain of the message resolved by DNS SRV "
         "but none of the FQDNs is in the same domain Result-Code: 0xc3e93d6f "
         "SIPPROXY_E_EPROUTING_MSG_ALLOWED_DOMAIN_NO_SRV_MATCH (severity warning)"],
    ]


def test_sfb_client_log_without_space_after_dash(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["uccapilog-sfb2016.log"], "sfb.pcapng")
    assert p.returncode == 0, p.stderr
    assert "2 SIP messages from 26 lines (0 flagged, 0 lost, 0 warnings, 0 other records)" in p.stderr
    rows = tshark.fields(out, ["frame.time_epoch", "exported_pdu.ipv4_src", "exported_pdu.src_port",
                               "exported_pdu.ipv4_dst", "exported_pdu.dst_port", "sip.Status-Code",
                               "sip.CSeq.method", "sip.Call-ID", "frame.comment"])
    assert rows == [
        ["1488442325.411000000", "192.0.2.10", "443", "10.55.186.71", "62937", "504", "INVITE",
         "d0bce97cce8a45fcbb8cc973ba0282da", "uccapilog-sfb2016.log:1"],
        ["1488442491.411000000", "192.0.2.10", "443", "10.55.186.71", "62937", "504", "INVITE",
         "5e38e39898cf40188170f0d70644a87b", "uccapilog-sfb2016.log:14"],
    ]
    # the ms-diagnostics headers reach the msdiag dissector whole
    assert [r[0] for r in tshark.fields(out, ["msdiag.code"])] == ["1009", "1010"]


# Mediation Server (S4 stack) CLS records and a diagnostic record without $$begin_record, written by
# captures/logs/make_logs_s4.py (a Skype for Business Mediation Server log published on pastebin.com).

def test_cls_s4_mediation_log(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["cls-s4-mediation.log"], "s4.pcapng", "--tz", "UTC")
    assert p.returncode == 0, p.stderr
    assert "3 SIP messages from 52 lines (0 flagged, 0 lost, 0 warnings, 0 other records)" in p.stderr
    rows = tshark.fields(out, ["frame.time_epoch", "exported_pdu.ipv4_src", "exported_pdu.src_port",
                               "exported_pdu.ipv4_dst", "exported_pdu.dst_port", "sip.Method",
                               "sip.Status-Code", "sip.Content-Length", "sdp.media", "frame.comment"])
    assert rows == [
        ["1486078487.605000000", "198.51.100.27", "31721", "192.0.2.40", "5060", "OPTIONS", "", "0", "",
         "cls-s4-mediation.log:1"],
        ["1486078487.606000000", "192.0.2.40", "5060", "198.51.100.27", "31721", "", "200", "0", "",
         "cls-s4-mediation.log:14"],
        ["1486078488.012000000", "192.0.2.40", "5060", "198.51.100.27", "31721", "INVITE", "", "157",
         "audio 49152 RTP/AVP 0 101", "cls-s4-mediation.log:31"],
    ]
    # the SIP dissector found no malformation in the rebuilt messages
    assert tshark.fields(out, ["_ws.malformed"]) == [[""], [""], [""]]


def test_diagnostic_record_without_begin_is_other(tshark, converter, outdir):
    p, out = convert(converter, outdir, ["ocslogger-diag-nobegin.log"], "nobegin-diag.pcapng", "--tz", "UTC")
    assert p.returncode == 0, p.stderr
    assert "1 SIP messages from 21 lines (0 flagged, 0 lost, 0 warnings, 1 other records)" in p.stderr
    assert tshark.fields(out, ["sip.Method"]) == [["OPTIONS"]]
