"""pytest fixtures for the tshark-level tests (see msocs_tshark.py)."""
import glob
import os
import shutil
import tempfile

import pytest

from msocs_tshark import Tshark


def pytest_addoption(parser):
    parser.addoption("--stage", default=os.environ.get("MSOCS_STAGE"),
                     help="staged plugin folder (<stage>/<major.minor>/epan/msocs.so)")


@pytest.fixture(scope="session")
def tshark(request):
    stage = request.config.getoption("--stage")
    # one build stages the plugin under the Wireshark release series it was built for
    if not stage or not glob.glob(os.path.join(stage, "*", "epan", "msocs.so")):
        pytest.fail("staged plugin not found: build first and pass --stage=<build>/stage")
    work = tempfile.mkdtemp(prefix="msocs-tests-")
    try:
        yield Tshark(stage, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
