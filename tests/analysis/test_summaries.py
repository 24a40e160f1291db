"""The stored dashboard: equal to the live figures, refreshed in the background when stale."""

from datetime import date

import pytest
from django.core.management import call_command

from sijill.analysis import summaries
from sijill.analysis.models import Summary
from sijill.incidents.services import incident_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(settings):
    settings.SIJILL_ANALYSIS_LIVE_LIMIT = 0  # every unfiltered dashboard from a summary
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def immediate_jobs():
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


def _plain(figures):
    return (figures["total"].as_dict(), {k: [f.as_dict() for f in v] for k, v in figures["sections"].items()})


def test_live_below_the_limit(record, analyst):
    figures = summaries.dashboard(user=analyst)
    assert figures["as_of"] is None and figures["total"].incidents == 3
    assert not Summary.objects.exists()


def test_summary_equals_the_live_figures_per_clearance(record, analyst, admin_user, stored):
    for user in (analyst, admin_user):
        first = summaries.dashboard(user=user)
        assert first["as_of"] is not None and not first["stale"]
        assert _plain(first) == _plain(summaries.compute(user=user))
    assert set(Summary.objects.filter(key=summaries.KEY).values_list("clearance", flat=True)) == {2, 3}
    assert summaries.dashboard(user=analyst)["total"].incidents == 3


def test_filters_are_live_until_the_fact_table_is_built(record, analyst, stored):
    from sijill.incidents.selectors import IncidentFilters

    figures = summaries.dashboard(user=analyst, filters=IncidentFilters(violation_type="torture"))
    assert figures["as_of"] is None and figures["total"].incidents == 1


def test_a_change_marks_the_summary_stale_and_a_job_refreshes_it(
        record, analyst, admin_user, stored, immediate_jobs, django_capture_on_commit_callbacks):
    summaries.dashboard(user=analyst)
    incident_create(user=admin_user, title_en="I6", start_date=date(2018, 1, 2))
    with django_capture_on_commit_callbacks(execute=True):
        stale = summaries.dashboard(user=analyst)
    assert stale["stale"] and stale["total"].incidents == 3  # the old figures, with their time
    fresh = summaries.dashboard(user=analyst)
    assert not fresh["stale"] and fresh["total"].incidents == 4


def test_stored_labels_follow_the_readers_language(record, analyst, stored):
    from django.utils import translation

    summaries.dashboard(user=analyst)
    with translation.override("ar"):
        labels = {f.key: f.label for f in summaries.dashboard(user=analyst)["sections"]["place:1"]}
    assert labels["SY02"] == "حلب"


def test_refresh_command_computes_every_level(record, stored, capsys):
    call_command("analysis_refresh")
    assert sorted(Summary.objects.filter(key=summaries.KEY).values_list("clearance", flat=True)) == [0, 1, 2, 3]
    out = capsys.readouterr().out
    assert "clearance 2: 3 incidents" in out and "fact table: " in out
