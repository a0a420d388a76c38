"""Running tshark with and without the staged msocs plugin.

tshark ignores WIRESHARK_PLUGIN_DIR and the personal plugin folder when it runs
as root, so as root every tshark here runs as 'nobody' (setpriv) against a
world-readable copy of the staged plugin folder and of the capture. The plugin
folder is the only thing that differs between runs with and without the plugin.

The same tests run against Wireshark 4.0, 4.4 and 4.6 (tests/run). Where only
tshark's output format differs between releases, fields() smooths it over so
the tests compare decoded values: -T fields prints FT_BOOLEAN values as 0/1 on
4.0 and False/True from 4.2 on; fields() gives 0/1 on all. Tests that depend
on which built-in dissector claims a packet ask version().
Used by the pytest fixtures (conftest.py) and the fuzz loop (tests/fuzz).
"""
import json
import os
import re
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CAPTURES = os.path.join(REPO, "captures")


class Tshark:
    def __init__(self, stage, workdir):
        self.work = workdir
        self.home = os.path.join(workdir, "home")
        self.with_dir = os.path.join(workdir, "with")
        self.without_dir = os.path.join(workdir, "without")
        self.capdir = os.path.join(workdir, "captures")
        for d in (self.home, self.capdir, self.without_dir):
            os.makedirs(d)
        shutil.copytree(stage, self.with_dir)
        for root, dirs, files in os.walk(workdir):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
            for name in files:
                os.chmod(os.path.join(root, name), 0o644)
        os.chmod(workdir, 0o755)
        os.chmod(self.home, 0o777)
        self.as_root = os.geteuid() == 0
        self._version = None
        self._booleans = None
        self._protocols = None

    def version(self):
        """(major, minor) of the tshark that runs the tests."""
        if self._version is None:
            out = self.run(["--version"], plugin=False).stdout
            m = re.search(r"\(Wireshark\) (\d+)\.(\d+)\.", out)
            assert m, out[:200]
            self._version = (int(m.group(1)), int(m.group(2)))
        return self._version

    def plugin_version(self):
        """The version string the plugin reports: the project version plus the
        Wireshark release series it was built for."""
        return "0.1.0+ws%d.%d" % self.version()

    def has_protocol(self, abbrev):
        """Whether this tshark (without the plugin) has a protocol of that name."""
        if self._protocols is None:
            out = self.run(["-G", "protocols"], plugin=False).stdout
            self._protocols = {l.split("\t")[2] for l in out.splitlines() if l.count("\t") >= 2}
        return abbrev in self._protocols

    def _boolean_fields(self):
        if self._booleans is None:
            out = self.run(["-G", "fields"]).stdout
            self._booleans = {c[2] for c in (l.split("\t") for l in out.splitlines())
                              if len(c) > 3 and c[0] == "F" and c[3] == "FT_BOOLEAN"}
        return self._booleans

    def capture(self, path):
        """World-readable copy of a capture (absolute path or relative to captures/)."""
        src = path if os.path.isabs(path) else os.path.join(CAPTURES, path)
        dst = os.path.join(self.capdir, os.path.basename(src))
        if not os.path.exists(dst) or os.path.getmtime(dst) < os.path.getmtime(src):
            shutil.copyfile(src, dst)
            os.chmod(dst, 0o644)
        return dst

    def run(self, args, plugin=True, check=True, stdin=None, timeout=300, extra_env=None):
        env = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": self.home,
            "TZ": "UTC",
            "LC_ALL": "C.UTF-8",
            "WIRESHARK_PLUGIN_DIR": self.with_dir if plugin else self.without_dir,
        }
        env.update(extra_env or {})
        cmd = ["tshark"] + list(args)
        if self.as_root:
            cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                   "env"] + ["%s=%s" % kv for kv in env.items()] + cmd
        p = subprocess.run(cmd, env=env, stdin=stdin, capture_output=True, text=True,
                           errors="replace", timeout=timeout)
        if check and p.returncode != 0:
            raise AssertionError("tshark failed (%d): %s\n%s" % (p.returncode, " ".join(args), p.stderr))
        return p

    def fields(self, capture, fields, dfilter=None, extra=(), plugin=True, separator=","):
        """Rows of -T fields output, each a list of column strings."""
        args = ["-n", "-r", self.capture(capture), "-T", "fields", "-E", "occurrence=a",
                "-E", "aggregator=%s" % separator]
        if dfilter:
            args += ["-Y", dfilter]
        for f in fields:
            args += ["-e", f]
        args += list(extra)
        out = self.run(args, plugin=plugin).stdout
        rows = [line.split("\t") for line in out.splitlines()]
        if self.version() >= (4, 2):
            as_digit = {"False": "0", "True": "1"}
            cols = [i for i, f in enumerate(fields) if f in self._boolean_fields()]
            for r in rows:
                for i in cols:
                    if i < len(r) and r[i]:
                        r[i] = separator.join(as_digit.get(v, v) for v in r[i].split(separator))
        return rows

    def ek(self, capture, dfilter=None, extra=(), plugin=True):
        args = ["-n", "-r", self.capture(capture), "-T", "ek"]
        if dfilter:
            args += ["-Y", dfilter]
        args += list(extra)
        out = self.run(args, plugin=plugin).stdout
        return [json.loads(l) for l in out.splitlines() if l.startswith("{\"timestamp")]

    def experts(self, capture, dfilter=None, extra=(), plugin=True):
        """{frame number: [expert messages]} for frames with experts."""
        rows = self.fields(capture, ["frame.number", "_ws.expert.message"], dfilter,
                           extra, plugin, separator="\x1f")
        return {int(r[0]): r[1].split("\x1f") for r in rows if len(r) > 1 and r[1]}
