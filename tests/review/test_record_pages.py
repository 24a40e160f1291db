"""A person's and a source's page show their review: state, reviewer, who decided, and a link to it."""

from __future__ import annotations

import re

import pytest
from review.decisions import decide

from sijill.review.services import review_start, review_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_for(client, no_2fa):
    def get(user, url):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return get


def panel(page: str) -> str:
    found = re.search(r'<section class="card review-panel" id="review-panel".*?</section>', page, re.S)
    assert found, "no review panel on the page"
    return found.group(0)


def test_a_person_page_shows_its_review_from_not_submitted_to_verified(page_for, documenter, reviewer):
    from sijill.people.services import person_create

    person = person_create(user=documenter, name_ar="محمد الحسين", name_latin="Mohammad al-Hussein")
    url = f"/persons/{person.pk}/"
    before = panel(page_for(reviewer, url))
    assert "not submitted for review" in before and f'href="/review/person/{person.pk}/"' in before

    review_submit(user=documenter, kind="person", record_id=person.pk)
    review_start(user=reviewer, kind="person", record_id=person.pk)
    during = panel(page_for(documenter, url))
    assert 'data-state="in_review"' in during and '<span id="panel-reviewer">rami</span>' in during
    assert "decided by" not in during

    decide(person, reviewer=reviewer)
    after = panel(page_for(documenter, url))
    assert 'data-state="verified"' in after and ">verified<" in after
    assert "decided by rami on" in after and f'href="/review/person/{person.pk}/"' in after
    assert "Open the review" in after


def test_a_source_page_shows_a_rejection_and_who_made_it(page_for, documenter, second_reviewer, make_source):
    source = make_source("Repost of a video")
    decide(source, verdict="rejected", reviewer=second_reviewer, note="A repost with the original cut.")
    shown = panel(page_for(documenter, f"/sources/{source.pk}/"))
    assert 'data-state="rejected"' in shown and '<span id="panel-reviewer">sara</span>' in shown
    assert "decided by sara on" in shown and f'href="/review/source/{source.pk}/"' in shown


def test_the_linked_review_page_opens_for_a_record_never_submitted(page_for, documenter, reviewer, make_source):
    source = make_source("Field report")
    page = page_for(documenter, f"/review/source/{source.pk}/")
    assert 'id="review-state"' in page and 'id="submit-review"' in page
