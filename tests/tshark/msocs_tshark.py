"""Running tshark with and without the staged msocs plugin.

tshark ignores WIRESHARK_PLUGIN_DIR and the personal plugin folder when it runs
as root, so as root every tshark here runs as 'nobody' (setpriv) against a
world-readable copy of the staged plugin folder and of the capture. The plugin
folder is the only thing that differs between runs with and without the plugin.
Used by the pytest fixtures (conftest.py) and the fuzz loop (tests/fuzz).
"""
import json
import os
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
        return [line.split("\t") for line in out.splitlines()]

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
