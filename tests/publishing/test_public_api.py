"""The public incident database as JSON (/api/public/incidents/): no login, redacted, paginated,
documented in the OpenAPI schema, rate limited."""

from __future__ import annotations

from datetime import date

import pytest
from exports import seed

from sijill.incidents.services import act_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def database(editor, places):
    """Four public incidents (one with a named public victim and a protected one) and an internal one."""
    actor = seed.actor()
    made = []
    for day in range(1, 5):
        made.append(seed.incident(editor, title_en=f"Shelling of Tadef, day {day}", title_ar=f"قصف تادف، اليوم {day}",
                                  start_date=date(2017, 3, day), place="C1219", place_precision="exact",
                                  latitude=36.3498765, longitude=37.5287654, location_note="behind the school",
                                  killed_total_min=3, killed_children_min=2))
    act_add(user=editor, incident_id=made[0].pk, violation_type="killing", method="artillery",
            description="internal act notes", victims=[
                {"name_latin": "Public Victim", "name_ar": "ضحية علنية", "confidentiality": 0},
                {"name_latin": "Protected Victim", "confidentiality": 1}],
            claims=[{"actor": actor.slug, "degree": "direct", "confidence": "high", "note": "internal claim note"}])
    internal = seed.incident(editor, title_en="Internal raid", confidentiality=1, place="C1219")
    return {"public": made, "internal": internal}


def test_anyone_reads_published_incidents_newest_first_a_page_at_a_time(client, database):
    response = client.get("/api/public/incidents/", {"page_size": 3})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = response.json()
    assert (data["count"], data["page"], data["page_size"]) == (4, 1, 3)
    assert [i["start_date"] for i in data["results"]] == ["2017-03-04", "2017-03-03", "2017-03-02"]
    second = client.get("/api/public/incidents/", {"page_size": 3, "page": 2}).json()
    assert [i["title_ar"] for i in second["results"]] == ["قصف تادف، اليوم 1"]
    assert "Internal raid" not in response.content.decode() + str(second)


def test_a_published_incident_is_redacted_as_on_the_portal(client, database):
    first = database["public"][0]
    item = client.get(f"/api/public/incidents/{first.pk}").json()
    assert item["id"] == first.pk and item["url"] == f"/public/incidents/{first.pk}/"
    assert item["case_file"] == f"/public/incidents/{first.pk}/case-file/"
    # Community centroid, not the typed point; breakdown under k suppressed; only the public victim.
    assert (item["latitude"], item["longitude"], item["geo_precision"]) == (36.34734, 37.53019, "community")
    assert item["casualties"]["killed_total_min"] == 3 and item["casualties"]["killed_children_min"] == "<5"
    (act,) = item["acts"]
    assert [v["name_latin"] for v in act["victims"]] == ["Public Victim"]
    assert act["perpetrators"][0]["degree"] == "direct" and "note" not in act["perpetrators"][0]
    body = str(item)
    for secret in ("behind the school", "internal act notes", "internal claim note", "Protected Victim", "36.34987"):
        assert secret not in body


def test_what_is_not_published_is_not_found(client, database):
    assert client.get(f"/api/public/incidents/{database['internal'].pk}").status_code == 404
    assert client.get("/api/public/incidents/999999").status_code == 404


def test_search_and_bad_parameters(client, database):
    found = client.get("/api/public/incidents/", {"q": "اليوم 2"}).json()
    assert [i["title_en"] for i in found["results"]] == ["Shelling of Tadef, day 2"]
    assert client.get("/api/public/incidents/", {"q": "school"}).json()["count"] == 0  # a location note is not published
    assert client.get("/api/public/incidents/", {"page_size": 1000}).status_code in (400, 422)
    assert client.get("/api/public/incidents/", {"page": 0}).status_code in (400, 422)


def test_the_public_api_is_in_the_openapi_document_with_its_fields(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/public/incidents/" in schema["paths"] and "/api/public/incidents/{incident_id}" in schema["paths"]
    operation = schema["paths"]["/api/public/incidents/"]["get"]
    assert not operation.get("security")  # no login
    assert {p["name"] for p in operation["parameters"]} >= {"q", "place", "year", "page", "page_size"}
    fields = schema["components"]["schemas"]["PublicIncident"]["properties"]
    assert {"casualties", "acts", "sources", "geo_precision", "case_file"} <= set(fields)
    assert "location_note" not in fields and "confidentiality" not in fields
    assert client.get("/api/docs").status_code == 200


def test_too_many_requests_answer_429_with_retry_after(client, database, settings):
    import time

    from django.core.cache import cache

    cache.clear()
    settings.SIJILL_RATE_LIMITS_ENABLED = True
    # Windows are fixed (per clock hour here): on a busy machine four requests could straddle the
    # end of a one-minute window, so take an hour and start well inside it.
    settings.SIJILL_RATE_LIMITS = {"public-api": "3/h"}
    if time.time() % 3600 > 3540:
        time.sleep(3600 - time.time() % 3600 + 0.1)
    codes = [client.get("/api/public/incidents/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get(f"/api/public/incidents/{database['public'][0].pk}")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0 and "detail" in refused.json()
    cache.clear()


def test_every_role_and_clearance_gets_the_same_published_answer_as_anyone(client, database, make_user):
    from sijill.accounts.models import Role
    from sijill.accounts.services import api_token_create

    anonymous = client.get("/api/public/incidents/", {"page_size": 100}).json()
    internal = database["internal"].pk
    for role in Role:
        token = api_token_create(user=make_user(role.value, 3))
        for url in ("/api/public/incidents/?page_size=100", f"/api/public/incidents/{internal}"):
            response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
            if url.endswith(str(internal)):
                assert response.status_code == 404, role
            else:
                assert response.json() == anonymous, role
