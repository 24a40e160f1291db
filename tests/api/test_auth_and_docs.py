"""Who may call the API, and the schema and docs served without the internet."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sijill.accounts.models import ApiToken
from sijill.incidents.models import Incident

from .conftest import ApiClient, incident_body

pytestmark = pytest.mark.django_db


def test_no_credentials_is_a_json_401(client):
    response = client.get("/api/incidents/")
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]


def test_revoked_token_is_refused(api_analyst, analyst):
    assert api_analyst.get("/incidents/").status_code == 200
    ApiToken.objects.filter(user=analyst).update(revoked_at="2020-01-01T00:00:00Z")
    assert api_analyst.get("/incidents/").status_code == 401


def test_session_works_and_unsafe_methods_need_the_csrf_token(analyst, no_2fa):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(analyst)
    api = ApiClient(client=browser)
    assert api.get("/incidents/").status_code == 200

    refused = api.post("/incidents/", incident_body())
    assert refused.status_code == 403 and "CSRF" in refused.json_body["detail"]
    assert Incident.objects.count() == 0

    browser.get("/api/docs")  # sets the csrftoken cookie, as any page of the site does
    token = browser.cookies["csrftoken"].value
    accepted = browser.post("/api/incidents/", incident_body(), content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201
    assert Incident.objects.count() == 1


def test_session_of_staff_without_second_factor_is_not_enough(analyst, settings):
    settings.SIJILL_REQUIRE_2FA = True
    browser = Client()
    browser.force_login(analyst)
    assert browser.get("/api/incidents/").status_code == 401


def test_openapi_schema_lists_every_record_type(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Sijill API" and schema["info"]["version"] == "1"
    for path in ("/api/incidents/", "/api/persons/", "/api/sources/", "/api/actors/", "/api/places/", "/api/vocabularies/{kind}"):
        assert path in schema["paths"]


def test_docs_page_loads_nothing_from_the_internet(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r"""<(?:script|link)\b[^>]*(?:src|href)=["']([^"']+)""", html)
    assert assets, "the docs page should load swagger-ui"
    assert [a for a in assets if re.match(r"(https?:)?//", a)] == []
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert "cdn" not in html.lower()
