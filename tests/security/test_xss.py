"""Script payloads (Latin, Arabic, bidi overrides) in every free-text field come back escaped:
on the record's page, in lists and search results, and in the API's JSON."""

from __future__ import annotations

import html
from datetime import date

import pytest

from sijill.incidents.services import act_add, incident_create
from sijill.people.services import person_create
from sijill.sources.services import source_create

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "قصف<script>alert('ع')</script>سوق",
    "\u202e<svg onload=alert(1)>\u202c",
    "شاهد\u202e'><iframe src=javascript:alert(1)>",
    "</textarea><b onmouseover=alert(1)>x</b>",
    "{{ 7|add:7 }}{% csrf_token %}",
]
DANGEROUS = ["<script>alert", "<img src=x", "<svg onload", "<iframe src=javascript", "<b onmouseover"]


def _assert_escaped(page: str, payload: str, where: str):
    """The payload is shown, as text: exactly Django's escaping of it is in the page."""
    assert html.escape(payload) in page, f"{where}: payload not shown escaped"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_free_text_field_is_escaped(client, admin_user, no_2fa, payload, tally):
    client.force_login(admin_user)
    source = source_create(user=admin_user, title=f"S {payload}", source_type="witness-testimony",
                           origin=payload, content=payload, witness_name=payload, witness_contact=payload)
    incident = incident_create(user=admin_user, title_en=payload, title_ar=payload, description_en=payload,
                               description_ar=payload, location_note=payload, start_date=date(2016, 5, 1),
                               sources=[source.pk])
    act_add(user=admin_user, incident_id=incident.pk, violation_type="indiscriminate-attack",
            legal_qualification=payload, description=payload,
            victims=[{"name_ar": payload, "name_latin": payload, "outcome": "killed"}])
    person = person_create(user=admin_user, name_ar=payload, name_latin=payload, notes=payload,
                           cause_of_death=payload[:200])
    pages = {
        "incident page": f"/incidents/{incident.pk}/",
        "incident list": "/incidents/?q=" + "alert",
        "incident history": f"/incidents/{incident.pk}/history/",
        "source page": f"/sources/{source.pk}/",
        "source list": "/sources/",
        "person page": f"/persons/{person.pk}/",
        "person list": "/persons/",
        "incident edit form": f"/incidents/{incident.pk}/edit/",
        "person edit form": f"/persons/{person.pk}/edit/",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (where, response.status_code)
        body = response.content.decode()
        for marker in DANGEROUS:
            if marker in payload:
                assert marker not in body, f"{where}: {marker!r} came back unescaped"
    _assert_escaped(client.get(f"/incidents/{incident.pk}/").content.decode(), payload, "incident page")
    api = client.get(f"/api/incidents/{incident.pk}")
    assert api["Content-Type"].startswith("application/json") and api.json()["title_en"] == payload
    tally(inputs=13, requests=len(pages) + 2)


def test_script_urls_are_refused_in_url_fields(admin_user, tally):
    from django.core.exceptions import ValidationError

    for url in ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"):
        with pytest.raises(ValidationError):
            source_create(user=admin_user, title="x", source_type="witness-testimony", url=url)
        tally(inputs=1)
