"""Fuzz smoke in the normal test run: about 40 seconds of mutated test captures
through tshark with the plugin (tests/fuzz/tshark_fuzz.py). The long runs and
their numbers are in tests/fuzz/RESULTS.md."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FUZZ = os.path.join(HERE, "..", "fuzz", "tshark_fuzz.py")
sys.path.insert(0, os.path.dirname(FUZZ))
from tshark_fuzz import verdict  # noqa: E402


def test_mutated_captures_never_crash(request):
    stage = request.config.getoption("--stage")
    p = subprocess.run([sys.executable, FUZZ, "--stage", stage, "--seconds", "40", "--seed", "7",
                        "--batch", "5"], capture_output=True, text=True, timeout=900)
    print(p.stdout)
    assert p.returncode == 0, p.stdout + p.stderr
    m = re.search(r"(\d+) mutated captures from \d+ originals in (\d+) tshark runs, \d+ s, 0 failures",
                  p.stdout)
    assert m is not None, p.stdout
    assert int(m.group(1)) >= 50 and int(m.group(2)) >= 10


def test_verdict_flags_every_kind_of_failure():
    assert verdict(0, "Frame 1: 60 bytes\n", "") is None
    # IP's "TCP segmentation offload" text in a -V tree is not a crash
    assert verdict(0, "[TCP segmentation offload]\n", "") is None
    assert "exit -11" in verdict(-11, "", "")
    assert "AddressSanitizer" in verdict(1, "", "==1==ERROR: AddressSanitizer: heap-buffer-overflow")
    assert "runtime error:" in verdict(0, "", "msturn.c:12:3: runtime error: shift exponent")
    assert "Dissector bug" in verdict(0, "    [Dissector bug, protocol MS-TURN: x]\n", "")
    assert "assertion" in verdict(0, "", "** (tshark:1): ERROR: failed assertion \"x\"")
