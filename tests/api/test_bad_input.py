"""Bad input answers 4xx JSON naming the field, and writes nothing."""

from __future__ import annotations

import pytest

from sijill.audit.models import AuditEvent
from sijill.incidents.models import Incident

from .conftest import incident_body

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body, status, field",
    [
        (incident_body(start_date="2017-02-30"), 400, "start_date"),
        (incident_body(start_date="yesterday"), 400, "start_date"),
        (incident_body(start_date="2017-05-01", end_date="2017-04-01", date_precision="range"), 400, "end_date"),
        (incident_body(killed_total_min=-1), 400, "killed_total_min"),
        (incident_body(killed_children_min=5, killed_children_max=2), 400, "killed_children_max"),
        (incident_body(grading="certain"), 400, "grading"),
        (incident_body(status="approved-by-nobody"), 400, "status"),
        (incident_body(place="SY9999"), 400, "place"),
        (incident_body(title_ar="x" * 501), 400, "title_ar"),
        (incident_body(confidentiality=7), 400, "confidentiality"),
        (incident_body(confidentiality=3), 400, "confidentiality"),  # above the analyst's clearance
        (incident_body(acts=[{"violation_type": "genocide-by-typo"}]), 400, "violation_type"),
        (incident_body(acts=[{"violation_type": "killing", "claims": [{"actor": "no-such-actor"}]}]), 400, "actor"),
        (incident_body(acts=[{"violation_type": "killing", "victims": [{"name_ar": "", "age": 200}]}]), 400, "age"),
        (incident_body(killed_total_min="many"), 422, "killed_total_min"),
        (incident_body(tags="not-a-list"), 422, "tags"),
        (incident_body(latitude={"deg": 1}), 422, "latitude"),
        (incident_body(colour="red"), 422, "colour"),
        ({"title_en": "no date"}, 422, "start_date"),
        (incident_body(acts=[{"method": "airstrike"}]), 422, "acts.0.violation_type"),
    ],
)
def test_bad_incident_names_the_field_and_writes_nothing(api_analyst, body, status, field):
    incidents, events = Incident.objects.count(), AuditEvent.objects.count()
    response = api_analyst.post("/incidents/", body)
    assert response.status_code == status, response.json_body
    assert response["Content-Type"].startswith("application/json")
    assert field in response.json_body["errors"], response.json_body
    assert response.json_body["detail"]
    assert (Incident.objects.count(), AuditEvent.objects.count()) == (incidents, events)


@pytest.mark.parametrize(
    "raw, content_type",
    [
        (b'{"title_en": "unclosed', "application/json"),
        ('{"title_ar": "حلب", "start_date": "2017-06-03"}'.encode("cp1256"), "application/json"),
        ('{"title_en": "Café", "start_date": "2017-06-03"}'.encode("latin-1"), "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        (b"title_en=x&start_date=2017-06-03", "application/x-www-form-urlencoded"),
    ],
)
def test_body_that_is_not_utf8_json_is_a_400(api_analyst, raw, content_type):
    incidents, events = Incident.objects.count(), AuditEvent.objects.count()
    response = api_analyst.post("/incidents/", raw=raw, content_type=content_type)
    assert response.status_code == 400
    assert "not valid JSON" in response.json_body["detail"]
    assert (Incident.objects.count(), AuditEvent.objects.count()) == (incidents, events)


def test_body_over_the_upload_limit_is_refused(api_analyst, settings):
    incidents, events = Incident.objects.count(), AuditEvent.objects.count()
    big = incident_body(description_en="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10))
    response = api_analyst.post("/incidents/", big)
    assert response.status_code == 413
    assert "larger than" in response.json_body["detail"]
    assert (Incident.objects.count(), AuditEvent.objects.count()) == (incidents, events)


def test_failed_act_leaves_the_incident_and_audit_unchanged(api_analyst):
    incident_id = api_analyst.post("/incidents/", incident_body()).json_body["id"]
    events = AuditEvent.objects.count()
    response = api_analyst.post(
        f"/incidents/{incident_id}/acts",
        {"violation_type": "killing", "victims": [{"name_latin": "A"}], "claims": [{"actor": "nobody-at-all"}]},
    )
    assert response.status_code == 400 and "actor" in response.json_body["errors"]
    assert AuditEvent.objects.count() == events
    assert api_analyst.get(f"/incidents/{incident_id}").json_body["acts"] == []


@pytest.mark.parametrize(
    "path, body, field",
    [
        ("/persons/", {"name_ar": "", "name_latin": ""}, "name_ar"),
        ("/persons/", {"name_latin": "A", "age": -3}, "age"),
        ("/persons/", {"name_latin": "A", "sex": "x"}, "sex"),
        ("/persons/", {"name_latin": "A", "age": "old"}, "age"),
        ("/sources/", {"title": "", "source_type": "witness-testimony"}, "title"),
        ("/sources/", {"title": "A", "source_type": "rumour"}, "source_type"),
        ("/sources/", {"title": "A", "source_type": "witness-testimony", "published_on": "2017-13-01"}, "published_on"),
        ("/sources/", {"title": "A", "source_type": "witness-testimony", "url": "not a url"}, "url"),
        ("/sources/", {"title": "A"}, "source_type"),
    ],
)
def test_bad_person_or_source_names_the_field_and_writes_nothing(api_analyst, path, body, field):
    events = AuditEvent.objects.count()
    response = api_analyst.post(path, body)
    assert response.status_code in (400, 422), response.json_body
    assert field in response.json_body["errors"], response.json_body
    assert AuditEvent.objects.count() == events


def test_unknown_record_and_wrong_id_type_are_json(api_analyst):
    missing = api_analyst.get("/incidents/999999")
    assert missing.status_code == 404 and missing.json_body["detail"]
    wrong = api_analyst.get("/incidents/abc")
    assert wrong.status_code == 422 and "incident_id" in wrong.json_body["errors"]
