"""Verified and rejected are decided by a second person through the review workflow: the incident
form does not let an editor set them, but keeps them on an incident that already has them."""

from datetime import date

import pytest
from django.test import Client
from review.decisions import decide

from sijill.incidents.models import Incident
from sijill.incidents.services import incident_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(analyst, settings):
    settings.SIJILL_REQUIRE_2FA = False
    c = Client()
    c.force_login(analyst)
    return c


def _post(incident, **changes):
    data = {
        "title_en": incident.title_en, "title_ar": "", "date_precision": "day",
        "start_date": incident.start_date.isoformat(), "end_date": "", "place": "", "place_precision": "community",
        "status": incident.status.code, "grading": "", "confidentiality": str(incident.confidentiality), "tags": "",
        "lock_version": str(incident.lock_version),
    }
    data.update(changes)
    return data


def test_an_editor_cannot_verify_their_own_incident_from_the_form(analyst, client):
    incident = incident_create(user=analyst, title_en="Shelling of the bakery", start_date=date(2016, 3, 2))
    page = client.get(f"/incidents/{incident.pk}/edit/").content.decode()
    assert 'value="under-review"' in page and 'value="verified"' not in page and 'value="rejected"' not in page
    response = client.post(f"/incidents/{incident.pk}/edit/", _post(incident, status="verified"))
    assert response.status_code == 200 and "verified is not one of the available choices" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).status.code == "received"
    # Filing a new incident offers neither.
    new = client.get("/incidents/new/").content.decode()
    assert 'value="verified"' not in new and 'value="rejected"' not in new


def test_an_incident_verified_by_review_keeps_its_status_when_edited(analyst, client):
    incident = incident_create(user=analyst, title_en="Strike on the market", start_date=date(2016, 3, 2))
    decide(incident)  # a second person, through review
    incident.refresh_from_db()
    response = client.post(f"/incidents/{incident.pk}/edit/", _post(incident, title_en="Strike on the old market"))
    assert response.status_code == 302, response.content.decode()[:1500]
    saved = Incident.objects.get(pk=incident.pk)
    assert (saved.title_en, saved.status.code) == ("Strike on the old market", "verified")
