"""The estimation page: per-stratum estimates from the capture histories, with the caveat."""

from datetime import date

import pytest

from sijill.analysis.estimates import stratum_estimates
from sijill.confidentiality import Confidentiality

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_lists(admin_user):
    """12 victims on two lists: 6 on A only, 4 on B only, 2 on both; and one secret victim on A.

    Two-list independence (Lincoln-Petersen): N = n_A * n_B / both = 8 * 6 / 2 = 24.
    """
    from sijill.people.services import person_create
    from sijill.sources.services import source_create

    a = source_create(user=admin_user, title="List A", source_type="organisation-dataset", origin="A")
    b = source_create(user=admin_user, title="List B", source_type="organisation-dataset", origin="B")
    for i, lists in enumerate([[a]] * 6 + [[b]] * 4 + [[a, b]] * 2):
        person = person_create(user=admin_user, name_latin=f"Victim {i}", death_date=date(2015, 5, 1))
        person.sources.set(lists)
    hidden = person_create(user=admin_user, name_latin="Hidden", death_date=date(2015, 5, 1),
                           confidentiality=Confidentiality.SECRET)
    hidden.sources.set([a])


def test_estimate_for_the_whole_record_is_lincoln_petersen(two_lists, analyst):
    result = stratum_estimates(user=analyst)
    assert result["lists"] == ["A", "B"]
    [whole] = result["strata"]
    assert (whole["observed"], whole["estimate"]) == (12, 24)
    assert whole["lower"] <= 24 <= whole["upper"]
    assert "not a count" in whole["caveat"]


def test_a_victim_above_clearance_changes_nothing_the_analyst_sees(two_lists, admin_user):
    [whole] = stratum_estimates(user=admin_user)["strata"]
    assert whole["observed"] == 13  # 9 on A: 9 * 6 / 2 = 27
    assert whole["estimate"] == 27


def test_page_shows_estimate_interval_and_caveat_in_arabic(two_lists, analyst, client, no_2fa):
    client.force_login(analyst)
    html = client.get("/analysis/estimates/").content.decode()
    assert 'class="num estimate">24<' in html and "not a count" in html
    client.cookies.load({"django_language": "ar"})
    html = client.get("/analysis/estimates/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "تقدير إحصائي" in html
    assert client.get("/analysis/estimates/?by=colour").status_code == 400


def test_a_stratum_that_cannot_be_estimated_says_why(analyst, admin_user, client, no_2fa):
    from sijill.people.services import person_create

    person_create(user=admin_user, name_latin="Only one", death_date=date(2015, 5, 1))
    [whole] = stratum_estimates(user=analyst)["strata"]
    assert whole["estimate"] is None and whole["error"]
