"""Fixtures of the extraction tests: real reports from ../shared/data, skipped when absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        message = f"real data {path} is absent (it lives in ../shared/data beside the repo)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def raqqa_report() -> str:
    return shared_file("reports/raqqa_caliphate_capital_en.txt").read_text(encoding="utf-8")
