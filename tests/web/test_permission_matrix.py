"""Every web URL x every role x every clearance x every confidentiality level.

A record above the user's clearance never appears in a list, a count or a search, and its pages
answer 404 exactly like a record that does not exist. Write pages follow the role. A URL added to
sijill/web/urls.py without a case here fails `test_every_url_has_a_case`.
"""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver

from sijill.accounts.models import ROLE_PERMISSIONS
from sijill.actors.models import Actor
from sijill.incidents.services import incident_create
from sijill.people.models import Person
from sijill.sources.services import source_create
from sijill.web import urls as web_urls

pytestmark = pytest.mark.django_db

ROLES = ["admin", "coordinator", "analyst", "documenter", "viewer"]
LEVELS = [0, 1, 2, 3]

# URL name -> kind of case. "list": shows records; "record": a page of one record;
# "write": a page that changes one record; "open": not about records.
CASES = {
    "dashboard": "list", "incident_list": "list", "person_list": "list", "source_list": "list",
    "incident_detail": "record", "incident_history": "record", "person_detail": "record", "source_detail": "record",
    "incident_edit": "write", "act_create": "write", "person_edit": "write", "incident_delete": "write",
    "incident_create": "create", "source_create": "create",
    "actor_list": "open", "actor_detail": "open", "place_detail": "open", "place_suggest": "open",
    "login": "auth", "logout": "auth", "two_factor": "auth",
}


def _names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            continue  # i18n and admin are included apps, tested on their own
        if isinstance(p, URLPattern):
            yield p.name


def test_every_url_has_a_case():
    missing = [n for n in _names(web_urls.urlpatterns) if n not in CASES]
    assert not missing, f"add these URLs to the permission matrix: {missing}"


@pytest.fixture
def records(make_user):
    """One incident, victim and source at each confidentiality level, filed by a secret-cleared admin."""
    author = make_user("admin", 3, "author")
    actor = Actor.objects.create(name_en="Matrix force", slug="matrix-force", path="/")
    made = {}
    for level in LEVELS:
        source = source_create(user=author, title=f"matrix source L{level}", source_type="field-report", confidentiality=level)
        incident = incident_create(
            user=author, title_en=f"matrix incident L{level}", start_date=date(2016, 1, 1 + level),
            confidentiality=level, sources=[source.pk],
            acts=[{"violation_type": "killing", "victims": [{"name_latin": f"matrix victim L{level}", "confidentiality": level}],
                   "claims": [{"actor": actor.slug}]}],
        )
        person = Person.objects.get(name_latin=f"matrix victim L{level}")
        made[level] = {"incident": incident, "source": source, "person": person}
    return made


def _urls(name, rec):
    incident, person, source = rec["incident"], rec["person"], rec["source"]
    return {
        "incident_detail": f"/incidents/{incident.pk}/", "incident_history": f"/incidents/{incident.pk}/history/",
        "person_detail": f"/persons/{person.pk}/", "source_detail": f"/sources/{source.pk}/",
        "incident_edit": f"/incidents/{incident.pk}/edit/", "act_create": f"/incidents/{incident.pk}/acts/new/",
        "person_edit": f"/persons/{person.pk}/edit/", "incident_delete": f"/incidents/{incident.pk}/delete/",
    }[name]


@pytest.mark.parametrize("role", ROLES)
def test_matrix(role, records, make_user, settings):
    settings.SIJILL_REQUIRE_2FA = False
    for clearance in LEVELS:
        user = make_user(role, clearance, f"{role}-{clearance}")
        client = Client()
        client.force_login(user)
        may = ROLE_PERMISSIONS[role]
        visible = [lvl for lvl in LEVELS if lvl <= clearance]
        hidden = [lvl for lvl in LEVELS if lvl > clearance]
        where = f"{role} with clearance {clearance}"

        # lists and counts and searches
        for url, label in [("/incidents/", "matrix incident"), ("/incidents/?q=matrix", "matrix incident"),
                           ("/persons/", "matrix victim"), ("/persons/?q=matrix", "matrix victim"),
                           ("/sources/", "matrix source"), ("/", "matrix incident")]:
            html = client.get(url).content.decode()
            for lvl in visible:
                assert f"{label} L{lvl}" in html, f"{where}: {url} hides level {lvl}"
            for lvl in hidden:
                assert not re.search(rf"matrix \w+ L{lvl}", html), f"{where}: {url} shows level {lvl}"
        count = client.get("/incidents/").context["page"].paginator.count
        assert count == len(visible), f"{where}: incident count {count}"
        assert client.get("/").context["incident_count"] == len(visible)
        assert client.get("/").context["person_count"] == len(visible)
        actor_page = client.get("/actors/matrix-force/")
        assert actor_page.context["count"] == len(visible)
        for lvl in hidden:
            assert not re.search(rf"matrix \w+ L{lvl}", actor_page.content.decode())

        # pages of one record
        for level in LEVELS:
            rec = records[level]
            for name in ("incident_detail", "incident_history", "person_detail", "source_detail"):
                status = client.get(_urls(name, rec)).status_code
                expected = 200 if level <= clearance else 404
                assert status == expected, f"{where}: GET {name} of level {level} -> {status}"
            # the incident page never lists a hidden victim or source
            if level <= clearance:
                html = client.get(_urls("incident_detail", rec)).content.decode()
                assert f"matrix victim L{level}" in html

            for name in ("incident_edit", "act_create", "person_edit"):
                status = client.get(_urls(name, rec)).status_code
                if "edit" not in may:
                    expected = 403
                elif level > clearance:
                    expected = 404
                elif "edit_any" not in may:
                    expected = 403  # a documenter edits only what they filed
                else:
                    expected = 200
                assert status == expected, f"{where}: GET {name} of level {level} -> {status}"

        # create pages follow the role
        for url in ("/incidents/new/", "/sources/new/"):
            assert client.get(url).status_code == (200 if "create" in may else 403), f"{where}: {url}"

        # deleting: only roles with delete, only what they can see; nothing else changes
        rec = records[3]
        status = client.post(_urls("incident_delete", rec)).status_code
        if "delete" not in may:
            assert status == 403, f"{where}: delete -> {status}"
        elif clearance < 3:
            assert status == 404, f"{where}: delete of hidden -> {status}"
        else:
            assert status == 302
            rec["incident"].refresh_from_db()
            assert rec["incident"].deleted_at is not None
            type(rec["incident"]).objects.filter(pk=rec["incident"].pk).update(deleted_at=None)

        # open pages
        assert client.get("/actors/").status_code == 200
        assert client.get("/places/suggest/?q=ra").status_code == 200


def test_anonymous_users_reach_no_record_page(records):
    client = Client()
    for name, kind in CASES.items():
        if kind in ("record", "write"):
            send = client.post if name == "incident_delete" else client.get
            response = send(_urls(name, records[0]))
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    for url in ("/", "/incidents/", "/persons/", "/sources/", "/actors/", "/incidents/new/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
