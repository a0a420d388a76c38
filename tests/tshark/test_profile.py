"""The OCS-Lync configuration profile (plugins/profile/OCS-Lync) and the generated
filter reference (plugins/profile/filter-reference.md).

Every display filter of the profile (coloring rules, filter buttons, saved
filters, the fields of the custom columns) must compile with the plugin; the
profile must load in tshark (-C OCS-Lync) without a single warning; its
coloring rules must color the frames they are meant for; and the checked-in
filter reference must equal what plugins/tools/gen-filter-reference prints for
the current build.
"""
import os
import pty
import re
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PROFILE = os.path.join(REPO, "plugins", "profile", "OCS-Lync")
SIGNATURES_TSV = os.path.join(REPO, "epan-extra", "tables", "ocstriage-signatures.tsv")
GEN_REFERENCE = os.path.join(REPO, "plugins", "tools", "gen-filter-reference")
REFERENCE = os.path.join(REPO, "plugins", "profile", "filter-reference.md")
PROFILE_FILES = {"colorfilters", "dfilter_buttons", "dfilters", "preferences"}


# ---------------------------------------------------------------- profile parsing

def colorfilters():
    """[(name, filter, background, foreground)], colors as 16-bit (r, g, b)."""
    rules = []
    for line in open(os.path.join(PROFILE, "colorfilters"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"!?@([^@]+)@([^@]+)@\[(\d+),(\d+),(\d+)\]\[(\d+),(\d+),(\d+)\]", line)
        assert m, "not a colorfilters line: %r" % line
        c = [int(x) for x in m.groups()[2:]]
        rules.append((m.group(1), m.group(2), tuple(c[:3]), tuple(c[3:])))
    return rules


def uat_rows(path):
    """Records of a Wireshark UAT file: quoted, comma separated, \\xNN escapes."""
    rows = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = re.findall(r'"((?:[^"\\]|\\.)*)"', line)
        assert ",".join('"%s"' % f for f in fields) == line, "not a UAT record: %r" % line
        rows.append([re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), f)
                     for f in fields])
    return rows


def dfilter_buttons():
    rows = uat_rows(os.path.join(PROFILE, "dfilter_buttons"))
    for r in rows:
        assert len(r) == 4 and r[0] in ("TRUE", "FALSE"), r
    return [(r[1], r[2]) for r in rows]


def saved_dfilters():
    out = []
    for line in open(os.path.join(PROFILE, "dfilters"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        m = re.fullmatch(r'"([^"]+)" (.+)', line)
        assert m, "not a dfilters line: %r" % line
        out.append((m.group(1), m.group(2)))
    return out


def preferences():
    """{preference name: value} with continuation lines joined."""
    prefs, name = {}, None
    for line in open(os.path.join(PROFILE, "preferences"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            name = None
            continue
        if line[0] in " \t" and name:
            prefs[name] += " " + line.strip()
            continue
        name, _, value = line.partition(":")
        name = name.strip()
        prefs[name] = value.strip()
    return prefs


def columns():
    """[(title, format)] of gui.column.format."""
    strings = re.findall(r'"((?:[^"\\]|\\.)*)"', preferences()["gui.column.format"])
    assert len(strings) % 2 == 0
    return list(zip(strings[0::2], strings[1::2]))


def custom_column_fields():
    """[(column title, field)] for every field of every custom column."""
    out = []
    for title, fmt in columns():
        if fmt.startswith("%Cus:"):
            m = re.fullmatch(r"%Cus:(.+):(\d+):([RU])", fmt)
            assert m, "bad custom column format %r" % fmt
            out += [(title, f.strip()) for f in m.group(1).split("||")]
    return out


def signature_ids():
    ids = []
    for line in open(SIGNATURES_TSV, encoding="utf-8"):
        if line.startswith("#") or line.startswith("id\t") or not line.strip():
            continue
        ids.append(line.split("\t")[0])
    return ids


def all_filters():
    """(where, name, filter) for every display filter the profile holds."""
    out = [("colorfilters", n, f) for n, f, _, _ in colorfilters()]
    out += [("dfilter_buttons", n, f) for n, f in dfilter_buttons()]
    out += [("dfilters", n, f) for n, f in saved_dfilters()]
    out += [("column", t, f) for t, f in custom_column_fields()]
    return out


# ---------------------------------------------------------------- tshark helpers

def install_profile(tshark, name, src=PROFILE, files=None):
    """Copies a profile into the test HOME's personal profiles folder."""
    dst = os.path.join(tshark.home, ".config", "wireshark", "profiles", name)
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst)
    if src:
        for f in os.listdir(src):
            shutil.copyfile(os.path.join(src, f), os.path.join(dst, f))
    for f, text in (files or {}).items():
        with open(os.path.join(dst, f), "w", encoding="utf-8") as fh:
            fh.write(text)
    for root, dirs, fs in os.walk(os.path.join(tshark.home, ".config")):
        os.chmod(root, 0o777)
        for f in fs:
            os.chmod(os.path.join(root, f), 0o666)
    return dst


def warnings_of(stderr):
    return [l for l in stderr.splitlines() if l.strip()]


def colored_lines(tshark, capture, extra=()):
    """{frame number: (background, foreground)} as 8-bit (r, g, b), from tshark --color
    on a pseudo-terminal (tshark colors only a terminal)."""
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": tshark.home, "TZ": "UTC",
           "LC_ALL": "C.UTF-8", "WIRESHARK_PLUGIN_DIR": tshark.with_dir,
           "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    cmd = ["tshark", "-C", "OCS-Lync", "--color", "-2", "-r", tshark.capture(capture),
           "-o", 'gui.column.format:"No.","%m"'] + list(extra)
    if tshark.as_root:
        cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env"] + \
              ["%s=%s" % kv for kv in env.items()] + cmd
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, env=env, stdout=slave, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    err = p.stderr.read().decode(errors="replace")
    assert p.wait(timeout=300) == 0, err
    assert not warnings_of(err), err
    colors = {}
    pat = rb"\x1b\[38;2;(\d+);(\d+);(\d+)m\x1b\[48;2;(\d+);(\d+);(\d+)m\s*(\d+)"
    for m in re.finditer(pat, out):
        v = [int(x) for x in m.groups()]
        colors[v[6]] = (tuple(v[3:6]), tuple(v[0:3]))
    assert colors, out[:500]
    return colors


def rule_colors(name):
    """(background, foreground) of the named coloring rule, 8-bit as tshark prints them."""
    for n, _, bg, fg in colorfilters():
        if n == name:
            return tuple(c >> 8 for c in bg), tuple(c >> 8 for c in fg)
    raise KeyError(name)


# ---------------------------------------------------------------- tests

def test_profile_holds_the_expected_files():
    assert set(os.listdir(PROFILE)) == PROFILE_FILES


def test_every_signature_has_a_coloring_rule_and_the_rules_come_first():
    rules = colorfilters()
    by_filter = {f: i for i, (_, f, _, _) in enumerate(rules)}
    ids = signature_ids()
    assert len(ids) >= 15
    for sig in ids:
        assert 'ocstriage.signature == "%s"' % sig in by_filter, sig
    # the OCS rules precede Wireshark's defaults, or "TCP"/"UDP" would win
    first_default = [n for n, _, _, _ in rules].index("Bad TCP")
    assert all(by_filter['ocstriage.signature == "%s"' % s] < first_default for s in ids)
    for name in ("MS-TURN error response", "ms-diagnostics failure", "MRAS", "MS-TURN"):
        assert [n for n, _, _, _ in rules].index(name) < first_default


def test_every_signature_of_the_build_has_a_coloring_rule(tshark):
    """New signatures in the plugin (ocstriage.expert.<id>) need a rule too."""
    out = tshark.run(["-G", "fields"]).stdout
    ids = {l.split("\t")[2][len("ocstriage.expert."):] for l in out.splitlines()
           if l.startswith("F\t") and l.split("\t")[2].startswith("ocstriage.expert.")}
    assert ids >= set(signature_ids())
    filters = {f for _, f, _, _ in colorfilters()}
    missing = [i for i in sorted(ids) if 'ocstriage.signature == "%s"' % i not in filters]
    assert not missing, missing


def test_columns_cover_diagnostics_turn_and_service():
    fields = {f for _, f in custom_column_fields()}
    for f in ("msdiag.code", "msdiag.reason", "msturn.username_b64", "msturn.error_code",
              "sipservice.time", "ocstriage.signature"):
        assert f in fields, f
    assert columns()[-1] == ("Info", "%i")


def test_ports():
    prefs = preferences()
    assert prefs["msturn.tls_ports"] == "443"
    assert "msturn.udp.port" not in prefs and "msturn.tcp.port" not in prefs   # msturn owns no port
    assert "5060" in prefs["sip.tcp.port"].split(",")
    assert prefs["sip.udp.port"] == "5060"


def test_every_filter_compiles_with_the_plugin(tshark):
    """All filters as the coloring rules of a scratch profile: tshark names each one
    it cannot compile on stderr ("Could not compile ...")."""
    filters = all_filters()
    assert len(filters) > 40
    lines = "".join("@%s %d@%s@[0,0,0][65535,65535,65535]\n" % (where, i, f)
                    for i, (where, _, f) in enumerate(filters))
    install_profile(tshark, "filter-check", src=None, files={"colorfilters": lines})
    p = tshark.run(["-C", "filter-check", "--color", "-r", tshark.capture("msturn.pcap"), "-c", "1"])
    assert "Could not compile" not in p.stderr, p.stderr
    assert not warnings_of(p.stderr), p.stderr
    # the check itself notices a bad filter
    install_profile(tshark, "filter-check", src=None,
                    files={"colorfilters": lines + "@bad@msturn.no_such_field@[0,0,0][0,0,0]\n"})
    p = tshark.run(["-C", "filter-check", "--color", "-r", tshark.capture("msturn.pcap"), "-c", "1"])
    assert 'Could not compile "bad"' in p.stderr


def test_every_filter_is_accepted_by_tshark_Y(tshark):
    """The same filters through -Y, all at once, then the ones the engineer types most."""
    filters = [f for _, _, f in all_filters()]
    tshark.run(["-n", "-r", tshark.capture("msturn.pcap"), "-Y",
                " || ".join("(%s)" % f for f in filters)])
    without = tshark.run(["-n", "-r", tshark.capture("msturn.pcap"), "-Y", "msturn.error_code"],
                         plugin=False, check=False)
    assert without.returncode != 0   # the filters need the plugin: the check means something


def test_buttons_select_what_they_say(tshark):
    buttons = dict(dfilter_buttons())
    frames = lambda cap, f: [int(r[0]) for r in tshark.fields(cap, ["frame.number"], f, extra=["-2"])]
    assert frames("msturn.pcap", buttons["TURN errors"])[:4] == [2, 10, 12, 15]
    assert frames("msdiag.pcap", buttons["ms-diag"])[:3] == [2, 3, 4]
    findings = frames("demo-triage.pcap", buttons["Findings"])
    assert findings and findings == sorted(signatures(tshark, "demo-triage.pcap"))
    assert 24 in frames("sipservice.pcap", buttons["Unanswered"])
    mras = frames("mras.pcap", buttons["MRAS"])
    assert 6 in mras and 7 in mras and 1 not in mras


def signatures(tshark, capture):
    """{frame: [signature ids]} as the plugin reports them (ocstriage is decided with -2)."""
    rows = tshark.fields(capture, ["frame.number", "ocstriage.signature"], "ocstriage", extra=["-2"])
    return {int(r[0]): r[1].split(",") for r in rows if len(r) > 1 and r[1]}


def signature_column(sigs, frame):
    """The Signature column's text for a frame, as a regular expression ('' when none)."""
    return re.escape(",".join(sigs[frame])) + r"\s+" if frame in sigs else ""


def test_profile_loads_without_warnings_and_shows_the_columns(tshark):
    install_profile(tshark, "OCS-Lync")
    # --color makes tshark read the coloring rules too
    p = tshark.run(["-C", "OCS-Lync", "-2", "-n", "-r", tshark.capture("msturn.pcap"), "--color"])
    assert not warnings_of(p.stderr), p.stderr
    # text output uses the profile's columns
    p = tshark.run(["-C", "OCS-Lync", "-2", "-n", "-r", tshark.capture("msturn.pcap")])
    assert not warnings_of(p.stderr), p.stderr
    rows = {int(l.split()[0]): l for l in p.stdout.splitlines()}
    sigs = signatures(tshark, "msturn.pcap")
    assert re.search(r"MS-TURN\s+\d+\s+436\s+" + signature_column(sigs, 10) + "Allocate Error 436",
                     rows[10]), rows[10]
    assert re.search(r"MS-TURN\s+\d+\s+AgAAJEs/XB2OemtcTT4vEKm4x9Y=\s+Allocate Request", rows[3]), rows[3]
    p = tshark.run(["-C", "OCS-Lync", "-2", "-n", "-r", tshark.capture("sipservice.pcap")])
    rows = {int(l.split()[0]): l for l in p.stdout.splitlines()}
    sigs = signatures(tshark, "sipservice.pcap")
    assert re.search(r"SIP\s+\d+\s+9006\s+Not authorized to request credentials\s+0\.090000000\s+" +
                     signature_column(sigs, 23) + "Status: 403", rows[23]), rows[23]


def test_profile_without_plugin_only_warns_about_plugin_things(tshark):
    """Without the plugin the profile's own preferences are the only thing tshark may
    reject: the msturn port list and the filters; Wireshark's own settings must load."""
    install_profile(tshark, "OCS-Lync")
    p = tshark.run(["-C", "OCS-Lync", "-n", "-r", tshark.capture("msturn.pcap"), "-c", "1"],
                   plugin=False)
    unknown = re.findall(r'No such preference "([^"]+)"', p.stderr)
    assert sorted(unknown) == ["msturn.tls_ports"], p.stderr
    assert "Syntax error" not in p.stderr, p.stderr


def expected_colors(sigs, frame, otherwise):
    """Colors of the first signature rule matching one of the frame's signatures (the
    signature rules come first), else those of the rule named otherwise."""
    if frame in sigs:
        for name, f, _, _ in colorfilters():
            m = re.fullmatch(r'ocstriage\.signature == "([^"]+)"', f)
            if m and m.group(1) in sigs[frame]:
                return rule_colors(name)
    return rule_colors(otherwise)


def test_coloring_rules_color_the_frames_they_are_for(tshark):
    install_profile(tshark, "OCS-Lync")
    checked_signatures = 0
    cases = {
        "msturn.pcap": {2: "MS-TURN error response", 10: "MS-TURN error response", 1: "MS-TURN"},
        "sipservice.pcap": {23: "ms-diagnostics failure", 2: "SIP SERVICE"},
        "mras.pcap": {7: "MRAS"},
        "msdiag.pcap": {3: "ms-diagnostics failure", 9: "ms-diagnostics"},
        "demo-triage.pcap": {},
    }
    for capture, frames in cases.items():
        colors = colored_lines(tshark, capture)
        sigs = signatures(tshark, capture)
        for frame, rule in frames.items():
            assert colors[frame] == expected_colors(sigs, frame, rule), (capture, frame, sigs.get(frame))
        for frame in sigs:
            assert colors[frame] == expected_colors(sigs, frame, None), (capture, frame, sigs[frame])
            checked_signatures += 1
        if capture == "msturn.pcap":
            assert colors[22] != rule_colors("MS-TURN")     # RFC 5389 Binding stays stun
    assert checked_signatures > 0, "no capture produced a failure signature"


# ---------------------------------------------------------------- filter reference

def test_filter_reference_is_current(tshark):
    """plugins/profile/filter-reference.md is generated; regenerate it with
    plugins/tools/gen-filter-reference --plugin-dir <build>/stage -o plugins/profile/filter-reference.md"""
    p = subprocess.run([sys.executable, GEN_REFERENCE, "--fields",
                        "-"], input=tshark.run(["-G", "fields"]).stdout, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    with open(REFERENCE, encoding="utf-8") as fh:
        checked_in = fh.read()
    if checked_in != p.stdout:
        import difflib
        diff = "".join(difflib.unified_diff(checked_in.splitlines(True), p.stdout.splitlines(True),
                                            "filter-reference.md (checked in)", "generated", n=1))
        pytest.fail("filter-reference.md is out of date; regenerate it with "
                    "plugins/tools/gen-filter-reference:\n" + diff[:4000])


def test_filter_reference_lists_every_protocol_and_field(tshark):
    text = open(REFERENCE, encoding="utf-8").read()
    out = tshark.run(["-G", "fields"]).stdout
    for line in out.splitlines():
        parts = line.split("\t")
        if parts[0] == "F" and parts[4] in ("msdiag", "msturn", "mras", "sipservice", "ocstriage"):
            assert "`%s`" % parts[2] in text, parts[2]
    for proto in ("msdiag", "msturn", "mras", "sipservice", "ocstriage"):
        assert "\n## `%s`" % proto in text, proto
