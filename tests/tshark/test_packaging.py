"""Packaging: the Debian package (cpack -G DEB), the personal install as a normal
user, and the man pages.

The package is built from the build folder (the parent of --stage) with cpack
into a scratch folder, or taken from $MSOCS_DEB. It is unpacked with dpkg-deb -x
into a scratch root, and tshark runs against the unpacked plugin folder and the
unpacked profile (as a global profile, through WIRESHARK_DATA_DIR).
The personal install configures, builds and installs the source tree as an
unprivileged user (nobody when the tests run as root) with HOME in a scratch
folder, then checks that tshark finds the plugin and the profile there with no
plugin folder given.
"""
import glob
import os
import re
import shutil
import subprocess
import tempfile

import pytest

from msocs_tshark import Tshark

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# the Wireshark release series of the tshark on PATH, which the build found too
WS = ".".join(re.search(r"\(Wireshark\) (\d+)\.(\d+)\.",
                        subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout).groups())
MULTIARCH = subprocess.run(["gcc", "-print-multiarch"], capture_output=True, text=True).stdout.strip() \
    or "x86_64-linux-gnu"
PLUGIN_DIR = "usr/lib/%s/wireshark/plugins" % MULTIARCH
# Wireshark's global extcap folder ("Extcap path" on 4.0), where the package puts the extcap:
# /usr/lib/<multiarch>/wireshark/extcap up to Debian 13, /usr/libexec/wireshark/extcap on forky's 4.6
EXTCAP_DIR = re.search(r"^(?:Global )?Extcap path:\s*/(\S+)$",
                       subprocess.run(["tshark", "-G", "folders"], capture_output=True, text=True).stdout,
                       re.M).group(1)
PROFILE_FILES = ["colorfilters", "dfilter_buttons", "dfilters", "preferences"]
DEB_FILES = sorted([
    "usr/bin/msocs-triage",
    "usr/bin/ocslog2pcap",
    EXTCAP_DIR + "/ocslog",
    PLUGIN_DIR + "/" + WS + "/epan/msocs.so",
    "usr/share/doc/msocs-wireshark/filter-reference.md",
    "usr/share/man/man1/msocs-triage.1",
    "usr/share/man/man1/ocslog2pcap.1",
    "usr/share/man/man7/msocs.7",
] + ["usr/share/wireshark/profiles/OCS-Lync/" + f for f in PROFILE_FILES])
MAN_PAGES = [os.path.join(REPO, "plugins", "man", p) for p in ("msocs-triage.1", "ocslog2pcap.1", "msocs.7")]
AS_ROOT = os.geteuid() == 0
ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "TZ": "UTC", "LC_ALL": "C.UTF-8"}


def run_user(cmd, env, timeout=600, check=True, cwd=None):
    """Runs cmd as an unprivileged user: nobody when the tests run as root."""
    env = dict(ENV, **env)
    if AS_ROOT:
        cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env", "-i"] + \
              ["%s=%s" % kv for kv in env.items()] + list(cmd)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, errors="replace",
                       timeout=timeout, cwd=cwd)
    if check and p.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s\n%s" % (" ".join(cmd), p.returncode, p.stdout[-3000:],
                                                          p.stderr[-3000:]))
    return p


def give_to_user(path):
    """A scratch folder the unprivileged user may write."""
    if AS_ROOT:
        subprocess.run(["chown", "-R", "nobody:nogroup", path], check=True)
    os.chmod(path, 0o755)


@pytest.fixture(scope="module")
def scratch():
    d = tempfile.mkdtemp(prefix="msocs-packaging-")
    os.chmod(d, 0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="module")
def build_dir(request):
    stage = request.config.getoption("--stage")
    return os.path.dirname(os.path.abspath(stage))


@pytest.fixture(scope="module")
def deb(build_dir, scratch):
    path = os.environ.get("MSOCS_DEB")
    if path:
        return path
    out = os.path.join(scratch, "cpack")
    os.makedirs(out)
    p = subprocess.run(["cpack", "-G", "DEB", "--config", os.path.join(build_dir, "CPackConfig.cmake"),
                        "-B", out], capture_output=True, text=True, timeout=600, cwd=out)
    assert p.returncode == 0, p.stdout + p.stderr
    debs = glob.glob(os.path.join(out, "*.deb"))
    assert len(debs) == 1, p.stdout
    return debs[0]


@pytest.fixture(scope="module")
def root(deb, scratch):
    """The package unpacked into a world-readable scratch root."""
    r = os.path.join(scratch, "root")
    subprocess.run(["dpkg-deb", "-x", deb, r], check=True)
    subprocess.run(["chmod", "-R", "a+rX", r], check=True)
    return r


@pytest.fixture(scope="module")
def deb_tshark(root, scratch):
    work = os.path.join(scratch, "tshark")
    os.makedirs(work)
    t = Tshark(os.path.join(root, PLUGIN_DIR), work)
    yield t


def files_under(top):
    out = []
    for dirpath, _, files in os.walk(top):
        out += [os.path.relpath(os.path.join(dirpath, f), top) for f in files]
    return sorted(out)


# ---------------------------------------------------------------- the Debian package

def test_deb_file_list(root):
    assert files_under(root) == DEB_FILES
    for f in ("usr/bin/msocs-triage", "usr/bin/ocslog2pcap", EXTCAP_DIR + "/ocslog"):
        assert os.stat(os.path.join(root, f)).st_mode & 0o111, f
    for f in PROFILE_FILES:
        with open(os.path.join(root, "usr/share/wireshark/profiles/OCS-Lync", f), "rb") as a, \
                open(os.path.join(REPO, "plugins/profile/OCS-Lync", f), "rb") as b:
            assert a.read() == b.read(), f


def test_deb_control(deb):
    fields = {}
    for key in ("Package", "Version", "Architecture", "Depends", "Section", "Maintainer"):
        fields[key] = subprocess.run(["dpkg-deb", "-f", deb, key], capture_output=True, text=True,
                                     check=True).stdout.strip()
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    assert fields["Package"] == "msocs-wireshark"
    assert fields["Architecture"] == arch
    # one package per release series: the plugin's version, e.g. 0.1.0+ws4.6
    assert re.fullmatch(r"\d+\.\d+\.\d+\+ws%s" % re.escape(WS), fields["Version"])
    deps = [d.strip() for d in fields["Depends"].split(",")]
    # Debian names libwireshark's package after the soname: libwireshark16 (4.0), 18 (4.4), 19 (4.6)
    soname = os.path.basename(glob.glob("/usr/lib/%s/libwireshark.so.*.*" % MULTIARCH)[0]).split(".")[2]
    major, minor = WS.split(".")
    assert "libwireshark%s (>= %s)" % (soname, WS) in deps
    assert "libwireshark%s (<< %s.%d)" % (soname, major, int(minor) + 1) in deps
    assert "tshark | wireshark" in deps
    assert "python3" in deps
    assert fields["Maintainer"]
    assert os.path.basename(deb) == "msocs-wireshark_%s_%s.deb" % (fields["Version"], arch)


def test_deb_dependencies_are_satisfied_by_the_installed_wireshark(deb):
    """The Depends line holds on this machine (the Wireshark the plugin was built for)."""
    deps = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], capture_output=True, text=True,
                          check=True).stdout.strip()
    for dep in deps.split(","):
        alternatives = [a.strip() for a in dep.split("|")]
        ok = False
        for alt in alternatives:
            m = re.fullmatch(r"([a-z0-9.+-]+)(?::\w+)?(?: \((<<|<=|=|>=|>>) ([^)]+)\))?", alt)
            assert m, alt
            v = subprocess.run(["dpkg-query", "-W", "-f", "${Version}\n${Status}", m.group(1)],
                               capture_output=True, text=True)
            lines = v.stdout.splitlines()
            if v.returncode != 0 or len(lines) < 2 or "ok installed" not in lines[1]:
                continue
            if m.group(2) is None or subprocess.run(
                    ["dpkg", "--compare-versions", lines[0], m.group(2).replace("<<", "lt")
                     .replace(">>", "gt").replace("<=", "le").replace(">=", "ge").replace("=", "eq"),
                     m.group(3)]).returncode == 0:
                ok = True
        assert ok, "dependency not satisfied: %s" % dep


def test_tshark_loads_the_packaged_plugin(deb_tshark, root):
    out = deb_tshark.run(["-G", "plugins"]).stdout
    rows = [l.split("\t") for l in out.splitlines() if l.startswith("msocs.so")]
    assert len(rows) == 1, out
    assert rows[0][2].strip() == "dissector", rows
    assert rows[0][3].strip().endswith("/%s/epan/msocs.so" % WS), rows
    fields = deb_tshark.run(["-G", "fields"]).stdout
    for f in ("msdiag.code", "msturn.error_code", "mras.username", "sipservice.time",
              "ocstriage.signature"):
        assert re.search(r"^F\t[^\t]*\t%s\t" % re.escape(f), fields, re.M), f
    # and it decodes: the 436 of msturn.pcap
    rows = deb_tshark.fields("msturn.pcap", ["frame.number", "msturn.error_code"], "msturn.error_code == 436")
    assert rows == [["10", "436"]]


def test_packaged_profile_is_a_global_profile(deb_tshark, root, scratch):
    """Wireshark 4.0 reads global profiles from <data folder>/profiles: a data folder made of
    the system's files plus the packaged profiles folder is what /usr/share/wireshark becomes
    once the package is installed."""
    data = os.path.join(scratch, "data")
    os.makedirs(data)
    for name in os.listdir("/usr/share/wireshark"):
        if name != "profiles":
            os.symlink(os.path.join("/usr/share/wireshark", name), os.path.join(data, name))
    shutil.copytree(os.path.join(root, "usr/share/wireshark/profiles"), os.path.join(data, "profiles"))
    subprocess.run(["chmod", "-R", "a+rX", data], check=True)
    p = deb_tshark.run(["-C", "OCS-Lync", "-2", "-n", "--color", "-r", deb_tshark.capture("msturn.pcap")],
                       extra_env={"WIRESHARK_DATA_DIR": data})
    assert not p.stderr.strip(), p.stderr
    line10 = [l for l in p.stdout.splitlines() if l.split()[0] == "10"][0]
    assert re.search(r"MS-TURN\s+\d+\s+436\s+.*Allocate Error 436", line10), line10
    # tshark copied the global profile into the personal folder when it was selected
    assert os.path.isfile(os.path.join(deb_tshark.home, ".config/wireshark/profiles/OCS-Lync/colorfilters"))


def test_packaged_tools_run(root, deb_tshark):
    """msocs-triage from the package reports what the packaged plugin finds."""
    triage = os.path.join(root, "usr/bin/msocs-triage")
    cap = deb_tshark.capture("demo-triage.pcap")
    p = subprocess.run([triage, "--plugin-dir", os.path.join(root, PLUGIN_DIR), cap],
                       capture_output=True, text=True, timeout=300, env=ENV)
    assert p.returncode in (0, 1), p.stderr
    reported = sorted((int(m.group(1)), m.group(2))
                      for m in re.finditer(r"^frame (\d+)\t(\S+)\t", p.stdout, re.M))
    rows = deb_tshark.fields("demo-triage.pcap", ["frame.number", "ocstriage.signature"], "ocstriage",
                             extra=["-2"])
    expected = sorted((int(r[0]), sig) for r in rows for sig in r[1].split(",") if sig)
    assert reported == expected, p.stdout
    if not expected:
        assert "no known failure signature found" in p.stdout
    conv = os.path.join(root, "usr/bin/ocslog2pcap")
    p = subprocess.run([conv, "--version"], capture_output=True, text=True, env=ENV)
    assert p.returncode == 0 and p.stdout.strip(), p.stderr
    p = subprocess.run([os.path.join(root, EXTCAP_DIR, "ocslog"), "--extcap-interfaces"],
                       capture_output=True, text=True, env=ENV)
    assert p.returncode == 0, p.stderr
    assert "interface {value=ocslog}" in p.stdout


# ---------------------------------------------------------------- personal install

@pytest.fixture(scope="module")
def personal(scratch):
    """Configure, build and 'cmake --install' as an unprivileged user, HOME in scratch."""
    top = os.path.join(scratch, "personal")
    os.makedirs(os.path.join(top, "home"))
    give_to_user(top)
    env = {"HOME": os.path.join(top, "home")}
    build = os.path.join(top, "build")
    run_user(["cmake", "-S", REPO, "-B", build, "-DBUILD_TESTING=OFF"], env)
    run_user(["cmake", "--build", build, "-j2"], env, timeout=1200)
    p = run_user(["cmake", "--install", build], env)
    return {"home": env["HOME"], "log": p.stdout + p.stderr}


def test_personal_install_puts_everything_in_home(personal):
    home = personal["home"]
    expected = [
        ".local/lib/wireshark/plugins/%s/epan/msocs.so" % WS,
        ".local/bin/msocs-triage",
        ".local/bin/ocslog2pcap",
        ".local/share/man/man1/msocs-triage.1",
        ".local/share/man/man1/ocslog2pcap.1",
        ".local/share/man/man7/msocs.7",
        ".local/share/doc/msocs-wireshark/filter-reference.md",
    ] + [".config/wireshark/profiles/OCS-Lync/" + f for f in PROFILE_FILES]
    have = files_under(home)
    for f in expected:
        assert f in have, (f, have, personal["log"])
    # nothing outside HOME: every "Installing:" line of the log is under it
    for line in personal["log"].splitlines():
        if line.startswith("-- Installing:") or line.startswith("-- Up-to-date:"):
            assert line.split(":", 1)[1].strip().startswith(home), line


def test_tshark_finds_the_personal_install_by_itself(personal):
    # an empty global plugin folder: a system-wide msocs.so must not hide the personal one
    empty = os.path.join(os.path.dirname(personal["home"]), "no-global-plugins")
    os.makedirs(empty, exist_ok=True)
    os.chmod(empty, 0o755)
    env = {"HOME": personal["home"], "WIRESHARK_PLUGIN_DIR": empty}
    out = run_user(["tshark", "-G", "plugins"], env).stdout
    rows = [l for l in out.splitlines() if l.startswith("msocs.so")]
    assert len(rows) == 1 and os.path.join(personal["home"], ".local/lib/wireshark/plugins", WS, "epan") in rows[0], out
    cap = os.path.join(os.path.dirname(personal["home"]), "msturn.pcap")
    shutil.copyfile(os.path.join(REPO, "captures", "msturn.pcap"), cap)
    os.chmod(cap, 0o644)
    p = run_user(["tshark", "-C", "OCS-Lync", "-2", "-n", "--color", "-r", cap], env)
    assert not p.stderr.strip(), p.stderr
    assert re.search(r"MS-TURN\s+\d+\s+436\s+.*Allocate Error 436", p.stdout), p.stdout[-2000:]


# ---------------------------------------------------------------- man pages

def plain(text):
    """man's terminal output as plain text: bold/underline are overstrikes with
    Debian 12's groff 1.22 and SGR escapes with Debian 13's groff 1.23."""
    return re.sub(r"\x1b\[[0-9;]*m", "", re.sub(r".\x08", "", text))


@pytest.mark.parametrize("page", MAN_PAGES, ids=os.path.basename)
def test_man_page_renders_without_warnings(page):
    p = subprocess.run(["man", "--warnings", "-l", "-Tutf8", page], capture_output=True, text=True,
                       env=dict(ENV, MANWIDTH="80"), timeout=60)
    assert p.returncode == 0, p.stderr
    assert not p.stderr.strip(), p.stderr
    text = plain(p.stdout)
    assert "NAME" in text and "DESCRIPTION" in text and "SEE ALSO" in text, text[:500]


def test_overview_page_names_only_real_fields_and_every_signature(tshark):
    text = subprocess.run(["man", "-l", "-Tutf8", MAN_PAGES[2]], capture_output=True, text=True,
                          env=dict(ENV, MANWIDTH="200", MANROFFOPT="-rHY=0")).stdout
    text = plain(text)
    # lines broken after a hyphen (forky's groff 1.24 ignores MANWIDTH; HY=0: no hyphenation of its own)
    text = re.sub(r"-\n\s+", "-", text)
    fields = {l.split("\t")[2] for l in tshark.run(["-G", "fields"]).stdout.splitlines()
              if l.startswith(("F\t", "P\t"))}
    named = set(re.findall(r"\b((?:msdiag|msturn|mras|sipservice|ocstriage)\.[a-z0-9_.-]*[a-z0-9_])", text))
    prefs = {"mras.redact_password", "msturn.max_attributes", "msturn.payload_rtp", "msturn.tls_ports",
             "ocstriage.ports", "ocstriage.reset_idle", "ocstriage.service_slow",
             "msturn.response_timeout", "sipservice.timeout", "ocstriage.expert",
             "ocstriage.always_analyse", "sipservice.always_analyse"}
    sig_ids = set()
    for line in open(os.path.join(REPO, "epan-extra/tables/ocstriage-signatures.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith(("#", "id\t")):
            sig_ids.add(line.split("\t")[0])
    unknown = sorted(n for n in named if n not in fields and n not in prefs and n not in sig_ids)
    assert not unknown, unknown
    missing = sorted(s for s in sig_ids if s not in text)
    assert not missing, missing
    # the preferences the page documents exist
    defaults = tshark.run(["-G", "defaultprefs"]).stdout
    for pref in prefs - {"ocstriage.expert"}:
        assert "#%s:" % pref in defaults, pref
