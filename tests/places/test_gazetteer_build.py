"""The committed gazetteer file is exactly what scripts/build_gazetteer.py makes from the sources."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sijill.places import resolver

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"


def test_packaged_file_is_small():
    assert resolver.DATA_FILE.stat().st_size < 1_000_000


def test_build_script_reproduces_the_committed_file_byte_for_byte(tmp_path):
    if not (SHARED_DATA / "gazetteer").is_dir():
        message = f"{SHARED_DATA / 'gazetteer'} is absent: cannot rebuild the gazetteer to compare"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: the shared data must be there)")
        pytest.skip(message)
    output = tmp_path / "gazetteer.csv.gz"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_gazetteer.py"), str(SHARED_DATA), "--output", str(output)],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    )
    assert output.read_bytes() == resolver.DATA_FILE.read_bytes(), (
        "the committed sijill/places/data/gazetteer.csv.gz is stale: run scripts/build_gazetteer.py"
    )
