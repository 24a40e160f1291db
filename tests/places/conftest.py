"""Fixtures shared by the places tests."""

from __future__ import annotations

import pytest

from sijill.places.services import gazetteer_load


@pytest.fixture
def gazetteer_loaded(db) -> dict:
    """The packaged gazetteer loaded into the test database; the counts gazetteer_load returned."""
    return gazetteer_load()
