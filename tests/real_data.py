"""Where the real public data lives for tests: ../shared/data beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_data(relative: str) -> Path:
    """A path under ../shared/data; skips the test when absent, except in CI where it fails."""
    path = SHARED_DATA / relative
    if not path.exists():
        message = f"real data {path} is absent (it lives in ../shared/data beside the repo)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; in CI the data must be there")
        pytest.skip(message)
    return path
