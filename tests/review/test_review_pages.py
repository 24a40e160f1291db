"""The review pages through Django's test client: queues, a review, corroboration, cases, structure."""

from __future__ import annotations

import json

import pytest

from sijill.review.models import ReviewItem, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client, no_2fa):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def test_queue_pages_list_and_filter(client_for, reviewer, make_incident):
    market = make_incident("Shelling of the market")
    make_incident("Detention campaign")
    client = client_for(reviewer)
    page = client.get("/review/queue/waiting/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Shelling of the market" in body and "Detention campaign" in body and "queue.js" in body
    body = client.get("/review/queue/waiting/", {"q": "market"}).content.decode()
    assert "Shelling of the market" in body and "Detention campaign" not in body
    assert client.get("/review/queue/nonsense/").status_code == 404
    assert f'/review/incident/{market.pk}/' in body
    single = client.get("/review/queue/single_source/").content.decode()
    assert "Shelling of the market" in single and '<td class="num">1</td>' in single


def test_review_through_the_pages(client_for, documenter, reviewer, make_incident):
    incident = make_incident()
    client = client_for(documenter)
    client.post(f"/review/incident/{incident.pk}/submit/", {"note": "ready"})
    client = client_for(reviewer)
    client.post(f"/review/incident/{incident.pk}/start/")
    page = client.get(f"/review/incident/{incident.pk}/").content.decode()
    assert 'id="verify"' in page and "independent source" in page
    response = client.post(f"/review/incident/{incident.pk}/verify/", {"sources_independent": "yes"}, follow=True)
    assert "Answer this question" in response.content.decode()
    client.post(f"/review/incident/{incident.pk}/verify/", {
        "sources_independent": "yes", "place_date_consistent": "yes", "attribution_supported": "n/a"})
    assert ReviewItem.objects.get(incident=incident).state == State.VERIFIED
    history = client.get(f"/review/incident/{incident.pk}/").content.decode()
    assert history.count('class="event"') == 3


def test_incident_review_links_to_the_review_of_its_sources_and_victims(client_for, documenter, reviewer, make_incident):
    incident = make_incident(acts=[{"violation_type": "killing", "victims": [{"name_latin": "Hana Omar"}]}])
    page = client_for(reviewer).get(f"/review/incident/{incident.pk}/").content.decode()
    person = incident.acts.get().victims.get()
    source = incident.sources.get()
    assert f"/review/person/{person.pk}/" in page and f"/review/source/{source.pk}/" in page


def test_the_author_sees_no_verify_button_and_cannot_post_one(client_for, make_user, make_incident, reviewer):
    author = make_user("analyst", 2, "amal")
    incident = make_incident(user=author)
    client = client_for(author)
    page = client.get(f"/review/incident/{incident.pk}/").content.decode()
    assert 'id="start-review"' not in page and 'id="verify"' not in page
    response = client.post(f"/review/incident/{incident.pk}/start/", follow=True)
    assert "own entry" in response.content.decode()
    assert not ReviewItem.objects.filter(incident=incident, state=State.IN_REVIEW).exists()


def test_incident_above_clearance_is_404(client_for, make_user, coordinator, make_incident):
    low = make_user("analyst", 1, "lina")
    secret = make_incident(user=coordinator, confidentiality=2)
    assert client_for(low).get(f"/review/incident/{secret.pk}/").status_code == 404


def test_assessment_and_grading_forms(client_for, documenter, reviewer, make_incident, make_source):
    a, b = make_source("A", origin="A"), make_source("B", origin="B")
    incident = make_incident(sources=[a, b])
    client = client_for(reviewer)
    client.post(f"/review/incident/{incident.pk}/assessment/", {"aspect": "date", "source": b.pk,
                                                                "stance": "contradicts", "value": "a day later"})
    page = client.get(f"/review/incident/{incident.pk}/").content.decode()
    assert "a day later" in page
    client.post(f"/review/incident/{incident.pk}/grading/", {"grading": "weak", "note": "dates differ"})
    incident.refresh_from_db()
    assert incident.grading.code == "weak"


def test_cases_pages_and_exports(client_for, crimes, reviewer, documenter, make_incident, make_source):
    a = make_source("A", origin="A")
    make_incident(sources=[a], acts=[{"violation_type": "indiscriminate-attack", "claims": [
        {"actor": "russian-air-force", "sources": [a.pk]}]}])
    client = client_for(reviewer)
    response = client.post("/review/cases/", {"title_en": "Russian air strikes", "scope": "actor",
                                              "actor": "russian-forces", "crimes": ["attacking-civilians"],
                                              "confidentiality": 1})
    assert response.status_code == 302
    case_url = response["Location"]
    page = client.get(case_url).content.decode()
    assert "Not supported" in page and "8(2)(b)(i) / 8(2)(e)(i)" in page
    data = json.loads(client.get(case_url + "case-file.json").content)
    assert data["crimes"][0]["unsupported_elements"] == [2, 3, 4, 5]  # no victims recorded: civilians unsupported
    html = client.get(case_url + "case-file.html")
    assert html["Content-Disposition"].endswith('.html"') and b"<script" not in html.content


def test_structure_page_adds_a_commander_with_sources(client_for, reviewer, documenter, make_source):
    from sijill.people.services import person_create
    from sijill.review.models import Command

    person = person_create(user=documenter, name_latin="Commander Y")
    source = make_source("Decree", origin="Official gazette")
    client = client_for(reviewer)
    client.post("/review/actors/tiger-forces/", {"form": "command", "commander": person.pk, "position": "commander",
                                                 "date_from": "2015-01-01", "sources": f"{source.pk}"})
    command = Command.objects.get()
    assert list(command.sources.values_list("title", flat=True)) == ["Decree"]
    assert "Commander Y" in client.get("/review/actors/tiger-forces/").content.decode()


def test_notifications_page(client_for, documenter, reviewer, make_incident):
    from sijill.review.services import review_comment

    incident = make_incident()
    review_comment(user=documenter, kind="incident", record_id=incident.pk, text="@rami see this")
    client = client_for(reviewer)
    assert "see this" in client.get("/review/notifications/").content.decode()
    client.post("/review/notifications/")
    assert 'class="unread"' not in client.get("/review/notifications/").content.decode()


def test_review_pages_speak_arabic(client_for, reviewer, make_incident):
    from sijill.review.services import review_start

    incident = make_incident()
    review_start(user=reviewer, kind="incident", record_id=incident.pk)
    client = client_for(reviewer)
    page = client.get(f"/review/incident/{incident.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page and "سير العمل" in page and "هل المصادر مستقلة بعضها عن بعض؟" in page
    assert "المسندة إليّ" in client.get("/review/queue/waiting/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()


def test_a_status_changed_outside_the_review_is_flagged(client_for, documenter, reviewer, make_incident):
    from django.core.exceptions import ValidationError

    from sijill.incidents.models import Incident
    from sijill.incidents.services import incident_update
    from sijill.review.services import review_start
    from sijill.vocabularies.models import Term

    incident = make_incident()
    review_start(user=reviewer, kind="incident", record_id=incident.pk)
    incident.refresh_from_db()
    with pytest.raises(ValidationError, match="decided through review"):  # the services refuse it ...
        incident_update(user=reviewer, incident_id=incident.pk, lock_version=incident.lock_version, status="verified")
    # ... but a raw write (a bulk tool, the database by hand) can still put the two out of step.
    Incident.objects.filter(pk=incident.pk).update(status=Term.objects.get(kind="verification_status", code="verified"))
    page = client_for(reviewer).get(f"/review/incident/{incident.pk}/").content.decode()
    assert 'id="out-of-step"' in page


def test_incident_page_shows_the_review_panel(client_for, documenter, reviewer, make_incident, make_source):
    a, b = make_source("A", origin="SNHR"), make_source("B", origin="snhr")
    incident = make_incident(sources=[a, b])
    page = client_for(reviewer).get(f"/incidents/{incident.pk}/").content.decode()
    assert 'id="review-panel"' in page and "1 independent source" in page and "waiting for review" in page
