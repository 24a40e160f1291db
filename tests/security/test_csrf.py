"""CSRF: every state-changing web form and the session-authenticated API refuse a POST
without the token (403); the same request with the token is accepted."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from sijill.incidents.services import incident_create

pytestmark = pytest.mark.django_db


def test_posts_without_a_token_are_refused_everywhere(admin_user, no_2fa, tally):
    incident = incident_create(user=admin_user, title_en="market", start_date=date(2016, 1, 1))
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    urls = ["/incidents/new/", f"/incidents/{incident.pk}/edit/", f"/incidents/{incident.pk}/delete/",
            f"/incidents/{incident.pk}/acts/new/", "/sources/new/", "/evidence/upload/", "/drafts/",
            "/accounts/logout/", "/i18n/setlang/", "/reports/new/", "/linkage/runs/new/", "/exports/download/",
            "/accounts/two-factor/"]
    for url in urls:
        response = client.post(url, {"title_en": "changed"})
        assert response.status_code == 403, (url, response.status_code)
    api = client.post("/api/incidents/", {"title_en": "x"}, content_type="application/json")
    assert api.status_code == 403 and "CSRF" in api.json()["detail"]
    incident.refresh_from_db()
    assert incident.title_en == "market" and incident.deleted_at is None
    # with the token, the same client gets through
    client.get("/incidents/new/")
    token = client.cookies["csrftoken"].value
    assert client.post("/i18n/setlang/", {"language": "ar", "csrfmiddlewaretoken": token}).status_code == 302
    tally(requests=len(urls) + 3)


def test_login_form_itself_needs_the_token(analyst, tally):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": analyst.username, "password": "a long test password 1"})
    assert response.status_code == 403
    tally(requests=1)
