"""SQL injection strings in every filter of the incident list (web and API) and the other
searches: no server error, nothing above the user's clearance, every table still there."""

from __future__ import annotations

from datetime import date

import pytest

from sijill.confidentiality import Confidentiality
from sijill.incidents.models import Incident
from sijill.incidents.selectors import IncidentFilters
from sijill.incidents.services import incident_create

pytestmark = pytest.mark.django_db

INJECTIONS = [
    "' OR 1=1 --",
    "' OR '1'='1",
    "1; DROP TABLE incidents_incident; --",
    "1' UNION SELECT username, password FROM accounts_user --",
    "%' AND 1=0 UNION SELECT sqlite_version(), 1 --",
    "\" OR \"\"=\"",
    "') OR ('a'='a",
    "1) OR (1=1",
    "' || (SELECT password FROM accounts_user LIMIT 1) || '",
    "قصف' OR '١'='١",
    "*\" OR title_en MATCH '*",  # FTS5 query syntax
    "NEAR(a b) OR secret",
    "\\'; SELECT pg_sleep(5); --",
    "%%%%'",
    "\x00' OR 1=1",
]


@pytest.fixture
def records(admin_user):
    incident_create(user=admin_user, title_en="public market shelling", start_date=date(2016, 1, 1),
                    confidentiality=Confidentiality.PUBLIC)
    incident_create(user=admin_user, title_en="secret detention site", start_date=date(2016, 1, 2),
                    confidentiality=Confidentiality.SECRET)


def test_injection_in_every_incident_filter_web_and_api(client, make_user, records, no_2fa, tally):
    viewer = make_user("viewer", Confidentiality.PUBLIC, username="low-viewer")
    client.force_login(viewer)
    sent = 0
    for name in IncidentFilters.names():
        for value in INJECTIONS:
            for url in ("/incidents/", "/api/incidents/"):
                response = client.get(url, {name: value})
                sent += 1
                assert response.status_code in (200, 400, 422), (url, name, value, response.status_code)
                assert b"secret detention" not in response.content, (url, name, value)
                assert b"pbkdf2" not in response.content and b"argon2" not in response.content
    assert Incident.objects.count() == 2
    tally(inputs=len(INJECTIONS) * len(IncidentFilters.names()), requests=sent)


def test_injection_in_the_other_searches(client, make_user, records, no_2fa, tally):
    viewer = make_user("viewer", Confidentiality.PUBLIC, username="low-viewer2")
    client.force_login(viewer)
    urls = ["/persons/", "/sources/", "/api/persons/", "/api/sources/", "/api/actors/", "/api/places/",
            "/api/evidence/", "/evidence/", "/public/incidents/"]
    sent = 0
    for url in urls:
        for value in INJECTIONS:
            response = client.get(url, {"q": value})
            sent += 1
            assert response.status_code in (200, 400, 404, 422), (url, value, response.status_code)
            assert b"secret detention" not in response.content
    assert Incident.objects.count() == 2
    tally(inputs=len(INJECTIONS) * len(urls), requests=sent)


def test_a_nul_character_in_a_request_is_refused_before_any_query(client, analyst, no_2fa):
    """PostgreSQL refuses NUL in text values; a request carrying one answers 400, never 500."""
    client.force_login(analyst)
    for url in ("/sources/", "/persons/", "/incidents/", "/api/sources/", "/public/incidents/"):
        response = client.get(url, {"q": "a\x00b"})
        assert response.status_code == 400 and b"NUL" in response.content, url
    from urllib.parse import urlencode

    form = urlencode({"title_en": "x\x00"})
    assert client.post("/incidents/new/", form, content_type="application/x-www-form-urlencoded").status_code == 400
    assert client.get("/sources/", {"q": "ab"}).status_code == 200
