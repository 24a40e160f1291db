"""Fixtures of the extraction tests: real reports from ../shared/data, skipped when absent."""

from __future__ import annotations

import pytest
from real_data import shared_data


@pytest.fixture
def raqqa_report() -> str:
    return shared_data("reports/raqqa_caliphate_capital_en.txt").read_text(encoding="utf-8")
