"""Adding a large file through the CLI streams it: memory stays flat whatever the file size,
with the originals on local disk or in S3-compatible storage (a moto_server process on loopback).

The 2 GB runs are in bench/evidence/measure.py (docs/benchmarks.md); this is the 300 MB version.
"""


import importlib.util
import shutil
import tempfile
from pathlib import Path

import pytest

# bench/ is not a package on the test path (tests/bench takes the name), so load the script by path.
_spec = importlib.util.spec_from_file_location(
    "evidence_measure", Path(__file__).resolve().parents[2] / "bench" / "evidence" / "measure.py"
)
measure = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(measure)

LIMIT_MB = 200


@pytest.fixture
def fast_dir(tmp_path):
    """Memory, not disk speed, is under test: use RAM-backed /dev/shm when it has room."""
    shm = Path("/dev/shm")
    if shm.is_dir() and shutil.disk_usage(shm).free > 2 * 1024**3:
        folder = Path(tempfile.mkdtemp(prefix="sijill-ev-", dir=shm))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path


@pytest.mark.parametrize("backend", ["local", "s3"])
def test_adding_a_300_mb_file_keeps_the_process_under_200_mb(fast_dir, backend, request):
    endpoint = request.getfixturevalue("s3_endpoint") if backend == "s3" else ""
    tmp_path = fast_dir
    path = tmp_path / "large.bin"
    measure.write_file(path, 300 * 1024 * 1024)
    measured = measure.cli_memory(path, tmp_path / "home", endpoint)
    assert measured["exit"] == 0
    assert measured["max_rss_mb"] < LIMIT_MB, measured
