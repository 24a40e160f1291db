"""Incidents through the API: the full round trip, pages, filters, search, conflicts, history."""

from __future__ import annotations

import pytest
from review.decisions import decide

from sijill.audit.models import AuditEvent
from sijill.incidents.models import Incident

from .conftest import incident_body

pytestmark = pytest.mark.django_db


def test_create_read_update_delete_round_trip_with_a_token(api_analyst, api_admin, gazetteer, force):
    created = api_analyst.post("/incidents/", incident_body(
        place="C1007", grading="fair", tags=["hospital"], killed_total_min=3, killed_total_max=5,
        acts=[{
            "violation_type": "attack-on-medical", "method": "airstrike",
            "victims": [{"name_ar": "محمد الحسين", "sex": "male", "age": 34, "outcome": "killed"}],
            "claims": [{"actor": "test-army-4th", "degree": "direct", "confidence": "high"}],
        }],
    ))
    assert created.status_code == 201, created.json_body
    body = created.json_body
    incident_id = body["id"]
    assert body["start_date"] == "2017-06-03" and body["place"] == "C1007" and body["grading"] == "fair"
    assert body["acts"][0]["violation_type"] == "attack-on-medical"
    assert body["acts"][0]["victims"][0]["name_ar"] == "محمد الحسين"
    assert body["acts"][0]["claims"][0]["actor"]["slug"] == "test-army-4th"

    read = api_analyst.get(f"/incidents/{incident_id}")
    assert read.status_code == 200 and read.json_body["killed_total_max"] == 5

    changed = api_analyst.patch(f"/incidents/{incident_id}", {"lock_version": 1, "status": "under-review", "killed_total_max": 6})
    assert changed.status_code == 200, changed.json_body
    assert changed.json_body["status"] == "under-review" and changed.json_body["lock_version"] == 2
    assert Incident.objects.get(pk=incident_id).killed_total_max == 6

    act = api_analyst.post(f"/incidents/{incident_id}/acts", {"violation_type": "killing", "victims": [{"name_latin": "Fatima"}]})
    assert act.status_code == 201 and act.json_body["victims"][0]["name_latin"] == "Fatima"

    history = api_analyst.get(f"/incidents/{incident_id}/history")
    assert history.status_code == 200
    assert [v["version"] for v in history.json_body] == [3, 2, 1]
    assert history.json_body[1]["diff"]["status"] == ["received", "under-review"]

    deleted = api_admin.delete(f"/incidents/{incident_id}")
    assert deleted.status_code == 204
    assert api_analyst.get(f"/incidents/{incident_id}").status_code == 404
    assert api_analyst.get("/incidents/").json_body["count"] == 0
    assert Incident.objects.filter(pk=incident_id, deleted_at__isnull=False).exists()  # soft


def test_pages_carry_the_total_count(api_analyst):
    for day in range(1, 8):
        assert api_analyst.post("/incidents/", incident_body(start_date=f"2017-06-0{day}")).status_code == 201
    first = api_analyst.get("/incidents/", page=1, page_size=3).json_body
    third = api_analyst.get("/incidents/", page=3, page_size=3).json_body
    assert (first["count"], first["page"], first["page_size"], len(first["results"])) == (7, 1, 3, 3)
    assert (third["count"], len(third["results"])) == (7, 1)
    assert first["results"][0]["start_date"] == "2017-06-07"  # newest first
    assert api_analyst.get("/incidents/", page=9, page_size=3).json_body["results"] == []
    too_big = api_analyst.get("/incidents/", page_size=201)
    assert too_big.status_code == 422 and "page_size" in too_big.json_body["errors"]
    assert api_analyst.get("/incidents/", page=0).status_code == 422


@pytest.fixture
def filed(api_analyst, gazetteer, force):
    """Three incidents that each filter tells apart."""
    def make(verified=False, **fields):
        response = api_analyst.post("/incidents/", incident_body(**fields))
        assert response.status_code == 201, response.json_body
        if verified:  # by a second person, through review: the API cannot set it
            decide(Incident.objects.get(pk=response.json_body["id"]))
        return response.json_body["id"]

    return {
        "aleppo": make(title_en="Barrel bombs on Aleppo market", title_ar="براميل متفجرة على سوق حلب", start_date="2016-04-28",
                       place="C1007", grading="confirmed", confidentiality=0, verified=True,
                       acts=[{"violation_type": "indiscriminate-attack", "claims": [{"actor": "test-army-4th"}]}]),
        "raqqa": make(title_en="Coalition strike in Raqqa", title_ar="غارة للتحالف على الرقة", start_date="2017-06-03",
                      place="SY11", grading="fair", confidentiality=1,
                      acts=[{"violation_type": "killing"}]),
        "detention": make(title_en="Detention campaign", title_ar="حملة اعتقالات", start_date="2019-01-01",
                          date_precision="year", status="under-review", confidentiality=2,
                          acts=[{"violation_type": "arbitrary-detention", "claims": [{"actor": "test-army"}]}]),
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, {"aleppo", "raqqa", "detention"}),
        ({"q": "market"}, {"aleppo"}),
        ({"date_from": "2017-01-01"}, {"raqqa", "detention"}),
        ({"date_to": "2017-06-03"}, {"aleppo", "raqqa"}),
        ({"date_from": "2019-06-01", "date_to": "2019-06-30"}, {"detention"}),  # inside the year
        ({"place": "SY02"}, {"aleppo"}),  # governorate includes the city below it
        ({"place": "SY"}, {"aleppo", "raqqa"}),
        ({"place": "SY0999"}, set()),
        ({"actor": "test-army"}, {"aleppo", "detention"}),  # the party includes its unit
        ({"actor": "test-army-4th"}, {"aleppo"}),
        ({"violation_type": "killing"}, {"raqqa"}),
        ({"grading": "fair"}, {"raqqa"}),
        ({"status": "verified"}, {"aleppo"}),
        ({"confidentiality": 2}, {"detention"}),
    ],
)
def test_every_filter_of_the_list(api_analyst, filed, query, expected):
    response = api_analyst.get("/incidents/", **query)
    assert response.status_code == 200, response.json_body
    ids = {r["id"] for r in response.json_body["results"]}
    assert ids == {filed[k] for k in expected}
    assert response.json_body["count"] == len(expected)


def test_actor_filter_by_id(api_analyst, filed, force):
    ids = {r["id"] for r in api_analyst.get("/incidents/", actor=str(force["unit"].pk)).json_body["results"]}
    assert ids == {filed["aleppo"]}


@pytest.mark.parametrize(
    "q, key",
    [("حلب", "aleppo"), ("سوق", "aleppo"), ("براميل متفجره", "aleppo"), ("الرقه", "raqqa"), ("رقة", "raqqa"), ("حملة اعتقالات", "detention"), ("مدرسة", None)],
)
def test_arabic_search_across_spellings(api_analyst, filed, q, key):
    response = api_analyst.get("/incidents/", q=q)
    ids = {r["id"] for r in response.json_body["results"]}
    assert ids == ({filed[key]} if key else set())
    assert response.json_body["count"] == len(ids)


def test_malformed_filter_names_the_parameter(api_analyst):
    response = api_analyst.get("/incidents/", date_from="2017-02-30")
    assert response.status_code == 422 and "date_from" in response.json_body["errors"]


def test_stale_edit_is_refused_with_both_versions_and_nothing_overwritten(api_analyst, make_user):
    from .conftest import client_for

    incident_id = api_analyst.post("/incidents/", incident_body()).json_body["id"]
    other = client_for(make_user("coordinator", 3))
    assert other.patch(f"/incidents/{incident_id}", {"lock_version": 1, "title_en": "Airstrike on hospital"}).status_code == 200
    events = AuditEvent.objects.count()

    late = api_analyst.patch(f"/incidents/{incident_id}", {"lock_version": 1, "title_en": "Shelling"})
    assert late.status_code == 409
    body = late.json_body
    assert "changed by someone else" in body["detail"]
    assert body["yours"]["title_en"] == "Shelling"
    assert body["theirs"]["title_en"] == "Airstrike on hospital"
    assert body["their_version"] == 2
    stored = Incident.objects.get(pk=incident_id)
    assert (stored.title_en, stored.lock_version) == ("Airstrike on hospital", 2)
    assert AuditEvent.objects.count() == events


def test_patch_without_lock_version_is_refused(api_analyst):
    incident_id = api_analyst.post("/incidents/", incident_body()).json_body["id"]
    response = api_analyst.patch(f"/incidents/{incident_id}", {"title_en": "x"})
    assert response.status_code == 422 and "lock_version" in response.json_body["errors"]


def test_detail_and_history_hide_victims_and_sources_above_clearance(api_admin, make_user):
    from .conftest import client_for

    secret_source = api_admin.post("/sources/", {"title": "Informant", "source_type": "witness-testimony", "confidentiality": 3})
    assert secret_source.status_code == 201, secret_source.json_body
    incident = api_admin.post("/incidents/", incident_body(confidentiality=0, sources=[secret_source.json_body["id"]], acts=[{
        "violation_type": "killing",
        "victims": [{"name_latin": "Public victim", "confidentiality": 0}, {"name_latin": "Protected witness", "confidentiality": 3}],
    }]))
    assert incident.status_code == 201, incident.json_body
    reader = client_for(make_user("viewer", 1))
    detail = reader.get(f"/incidents/{incident.json_body['id']}").json_body
    assert [v["name_latin"] for v in detail["acts"][0]["victims"]] == ["Public victim"]
    assert detail["sources"] == []
    history = reader.get(f"/incidents/{incident.json_body['id']}/history")
    assert "Protected witness" not in history.content.decode()
    assert history.json_body[0]["diff"]["sources"] == [None, []]


@pytest.mark.parametrize("status", ["verified", "rejected"])
def test_the_api_cannot_verify_or_reject_an_incident_only_review_can(api_analyst, status):
    before = AuditEvent.objects.count()
    created = api_analyst.post("/incidents/", incident_body(status=status))
    assert created.status_code == 400, created.json_body
    assert list(created.json_body["errors"]) == ["status"]
    assert "decided through review" in created.json_body["errors"]["status"][0]
    assert not Incident.objects.exists() and AuditEvent.objects.count() == before

    filed = api_analyst.post("/incidents/", incident_body()).json_body
    changed = api_analyst.patch(f"/incidents/{filed['id']}", {"lock_version": 1, "status": status, "killed_total_max": 6})
    assert changed.status_code == 400 and list(changed.json_body["errors"]) == ["status"]
    assert "submit it for review" in changed.json_body["errors"]["status"][0]
    kept = Incident.objects.get(pk=filed["id"])
    assert (kept.status.code, kept.lock_version, kept.killed_total_max) == ("received", 1, filed["killed_total_max"])


def test_an_incident_verified_through_review_keeps_its_status_and_is_left_only_by_reopening(api_analyst):
    filed = api_analyst.post("/incidents/", incident_body()).json_body
    decide(Incident.objects.get(pk=filed["id"]))
    incident = Incident.objects.get(pk=filed["id"])
    assert incident.status.code == "verified"
    edited = api_analyst.patch(f"/incidents/{filed['id']}", {"lock_version": incident.lock_version, "title_en": "Renamed"})
    assert edited.status_code == 200 and edited.json_body["status"] == "verified"
    back = api_analyst.patch(f"/incidents/{filed['id']}", {"lock_version": edited.json_body["lock_version"],
                                                           "status": "received"})
    assert back.status_code == 400 and "reopen the review" in back.json_body["errors"]["status"][0]
    assert Incident.objects.get(pk=filed["id"]).status.code == "verified"
