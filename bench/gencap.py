"""Builds the capture generator (gen-capture.c and its wire layer gen-wire.c)
into a work directory; shared by bench/run and bench/policy-parts."""
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = ("gen-capture.c", "gen-wire.c", "gen-wire.h")


def build_generator(work):
    """Path of the generator in work, compiled again when a source is newer."""
    exe = os.path.join(work, "gen-capture")
    newest = max(os.path.getmtime(os.path.join(HERE, s)) for s in SOURCES)
    if os.path.exists(exe) and os.path.getmtime(exe) >= newest:
        return exe
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "glib-2.0"], check=True,
                           stdout=subprocess.PIPE, text=True).stdout.split()
    srcs = [os.path.join(HERE, s) for s in SOURCES if s.endswith(".c")]
    subprocess.run(["gcc", "-O2", "-o", exe] + srcs + flags + ["-lm"], check=True)
    return exe
