"""The hand-computed record of the analysis tests (see records.py for what it holds)."""

import pytest

from .records import make_record


@pytest.fixture
def record(admin_user):
    return make_record(admin_user)
