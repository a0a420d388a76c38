"""Fuzz smoke in the normal test run: about 40 seconds of mutated test captures
through tshark with the plugin (tests/fuzz/tshark_fuzz.py). The long runs and
their numbers are in tests/fuzz/RESULTS.md."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FUZZ = os.path.join(HERE, "..", "fuzz", "tshark_fuzz.py")


def test_mutated_captures_never_crash(request):
    stage = request.config.getoption("--stage")
    p = subprocess.run([sys.executable, FUZZ, "--stage", stage, "--seconds", "40", "--seed", "7"],
                       capture_output=True, text=True, timeout=900)
    print(p.stdout)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "0 failures" in p.stdout
