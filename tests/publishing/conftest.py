"""People and records for the publishing tests: a writer, an editor, places and reports."""

from __future__ import annotations

import pytest
from exports import seed

from sijill.reports import services


@pytest.fixture
def editor(make_user):
    """A coordinator: may publish."""
    return make_user("coordinator", 3, username="editor")


@pytest.fixture
def writer(make_user):
    """A documenter: writes drafts, may not publish."""
    return make_user("documenter", 2, username="writer")


@pytest.fixture
def places(db):
    return seed.place_tree()


@pytest.fixture
def no_rate_limits(settings):
    settings.SIJILL_RATE_LIMITS_ENABLED = False


def publish(editor, report, at=None):
    services.report_submit(user=editor, report_id=report.pk)
    return services.report_publish(user=editor, report_id=report.pk, at=at)


@pytest.fixture
def published(editor):
    """publish(report[, at]): send a report through review and publish it."""
    return lambda report, at=None: publish(editor, report, at)
