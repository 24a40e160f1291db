"""THE API permission matrix: every endpoint x every role x every record level x every clearance.

The endpoints are enumerated from the NinjaAPI's OpenAPI schema, so an endpoint added without a
case here fails `test_every_endpoint_has_a_case`. Records and users are built once per module
inside a transaction that is rolled back at the end; each write is rolled back after its check.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from sijill.accounts.models import Role, User
from sijill.accounts.services import api_token_create
from sijill.actors.models import Actor
from sijill.api.api import api
from sijill.drafts.services import batch_create, draft_create
from sijill.incidents.services import incident_create
from sijill.people.services import person_create
from sijill.places.models import Place
from sijill.sources.services import source_create

from .conftest import ApiClient

ROLES = [r.value for r in Role]
LEVELS = [0, 1, 2, 3]
CLEARANCES = [0, 1, 2, 3]
MAY_WRITE = {"admin", "coordinator", "analyst", "documenter"}
MAY_EDIT_OTHERS = {"admin", "coordinator", "analyst"}
MAY_DELETE = {"admin", "coordinator"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Per level one incident, person, source and draft filed by a secret-cleared admin; a user and
    token for each role and clearance; a place and an actor."""
    with django_db_blocker.unblock(), transaction.atomic():
        owner = User.objects.create(username="matrix-owner", role="admin", clearance=3)
        place = Place.objects.create(pcode="SYM1", country="SY", level=1, name_en="Matrix", name_ar="مصفوفة", path="SYM1/")
        actor = Actor.objects.create(name_en="Matrix force", slug="matrix-force", path="")
        records = {"incidents": {}, "persons": {}, "sources": {}, "drafts": {}, "drafts/batches": {}}
        for level in LEVELS:
            records["drafts"][level] = draft_create(user=owner, text=f"قصف على الرقة {level}", confidentiality=level).pk
            records["drafts/batches"][level] = batch_create(
                user=owner, file_name=f"batch {level}", reports=[{"text": f"قصف على الرقة {level}"}], queue=False,
                confidentiality=level).pk
            records["persons"][level] = person_create(user=owner, name_latin=f"Person {level}", confidentiality=level).pk
            records["sources"][level] = source_create(user=owner, title=f"Source {level}", source_type="field-report", confidentiality=level).pk
            records["incidents"][level] = incident_create(
                user=owner, title_en=f"Incident {level}", start_date=date(2017, 6, level + 1), confidentiality=level, place=place,
                acts=[{"violation_type": "killing", "victims": [{"person": records["persons"][level]}]}],
            ).pk
        clients = {}
        for role in ROLES:
            for clearance in CLEARANCES:
                user = User.objects.create(username=f"m-{role}-{clearance}", role=role, clearance=clearance)
                clients[role, clearance] = ApiClient(api_token_create(user=user))
        yield {"records": records, "clients": clients, "place": place, "actor": actor}
        transaction.set_rollback(True)


def _undo(call):
    """Run a request and roll back whatever it wrote, so the next cell sees the same world."""
    with transaction.atomic():
        response = call()
        transaction.set_rollback(True)
    return response


def _expect_list(kind):
    def check(client, role, clearance, level, world):
        response = client.get(f"/{kind}/", page_size=200)
        ids = {r["id"] for r in response.json_body["results"]}
        visible = {world["records"][kind][lvl] for lvl in LEVELS if lvl <= clearance}
        assert response.status_code == 200
        assert ids == visible and response.json_body["count"] == len(visible)
        for item in response.json_body["results"]:
            assert item["confidentiality"] <= clearance
        return None
    return check


def _read(path_of):
    def check(client, role, clearance, level, world):
        response = client.get(path_of(world, level))
        return response, (200 if level <= clearance else 404)
    return check


def _create(kind, body, ok=201):
    def check(client, role, clearance, level, world):
        response = _undo(lambda: client.post(f"/{kind}/", body(world, level)))
        if role not in MAY_WRITE:
            return response, 403
        return response, (ok if level <= clearance else 400)
    return check


def _edit(path_of, method, body, ok):
    def check(client, role, clearance, level, world):
        response = _undo(lambda: client.call(method, path_of(world, level), body(world, level)))
        if role not in MAY_WRITE:
            return response, 403
        if level > clearance:
            return response, 404
        return response, (ok if role in MAY_EDIT_OTHERS else 403)  # documenters edit only their own
    return check


def _delete(path_of):
    def check(client, role, clearance, level, world):
        response = _undo(lambda: client.delete(path_of(world, level)))
        if role not in MAY_DELETE:
            return response, 403
        return response, (204 if level <= clearance else 404)
    return check


def _public(path_of):
    def check(client, role, clearance, level, world):
        return client.get(path_of(world, level)), 200
    return check


def _rec(kind):
    return lambda world, level: f"/{kind}/{world['records'][kind][level]}"


CASES = {
    ("GET", "/api/incidents/"): _expect_list("incidents"),
    ("POST", "/api/incidents/"): _create("incidents", lambda w, lvl: {"title_en": "New", "start_date": "2017-06-03", "confidentiality": lvl}),
    ("GET", "/api/incidents/{incident_id}"): _read(_rec("incidents")),
    ("PATCH", "/api/incidents/{incident_id}"): _edit(_rec("incidents"), "PATCH", lambda w, lvl: {"lock_version": 1, "title_en": "Changed"}, 200),
    ("DELETE", "/api/incidents/{incident_id}"): _delete(_rec("incidents")),
    ("POST", "/api/incidents/{incident_id}/acts"): _edit(lambda w, lvl: _rec("incidents")(w, lvl) + "/acts", "POST", lambda w, lvl: {"violation_type": "torture"}, 201),
    ("GET", "/api/incidents/{incident_id}/history"): _read(lambda w, lvl: _rec("incidents")(w, lvl) + "/history"),
    ("GET", "/api/persons/"): _expect_list("persons"),
    ("POST", "/api/persons/"): _create("persons", lambda w, lvl: {"name_latin": "New", "confidentiality": lvl}),
    ("GET", "/api/persons/{person_id}"): _read(_rec("persons")),
    ("PATCH", "/api/persons/{person_id}"): _edit(_rec("persons"), "PATCH", lambda w, lvl: {"lock_version": 1, "notes": "x"}, 200),
    ("GET", "/api/sources/"): _expect_list("sources"),
    ("POST", "/api/sources/"): _create("sources", lambda w, lvl: {"title": "New", "source_type": "field-report", "confidentiality": lvl}),
    ("GET", "/api/sources/{source_id}"): _read(_rec("sources")),
    ("PATCH", "/api/sources/{source_id}"): _edit(_rec("sources"), "PATCH", lambda w, lvl: {"lock_version": 1, "origin": "x"}, 200),
    ("GET", "/api/actors/"): _public(lambda w, lvl: "/actors/"),
    ("GET", "/api/actors/{actor}"): _public(lambda w, lvl: f"/actors/{w['actor'].slug}"),
    ("GET", "/api/places/"): _public(lambda w, lvl: "/places/"),
    ("GET", "/api/places/{pcode}"): _public(lambda w, lvl: f"/places/{w['place'].pcode}"),
    ("GET", "/api/vocabularies/{kind}"): _public(lambda w, lvl: "/vocabularies/violation_type"),
    ("GET", "/api/drafts/"): _expect_list("drafts"),
    ("POST", "/api/drafts/"): _create("drafts", lambda w, lvl: {"text": "قصف جوي على الرقة", "confidentiality": lvl}),
    ("GET", "/api/drafts/{draft_id}"): _read(_rec("drafts")),
    ("GET", "/api/drafts/batches/"): _expect_list("drafts/batches"),
    # the job is queued when the batch is committed; _undo rolls it back first, so nothing runs
    ("POST", "/api/drafts/batches/"): _create("drafts/batches", lambda w, lvl: {
        "reports": [{"text": "قصف جوي على الرقة"}], "confidentiality": lvl}, ok=202),
    ("GET", "/api/drafts/batches/{batch_id}"): _read(_rec("drafts/batches")),
}

# Endpoints whose answer does not depend on one record's level are checked once per user.
LEVEL_FREE = {key for key, check in CASES.items() if check.__qualname__.startswith(("_expect_list", "_public"))}


def _endpoints() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/")
    # Evidence endpoints have their own matrix (tests/evidence/test_permission_matrix.py), which
    # fails the same way for an evidence endpoint without a case.
    # The public incident database (/api/public/) needs no login and answers everyone alike:
    # tests/publishing/test_public_api.py checks that no role or clearance sees more there.
    return {(method.upper(), path) for path, methods in schema["paths"].items() for method in methods
            if not path.startswith(("/api/evidence/", "/api/public/"))}


def _concrete(path: str, world) -> str:
    return (path.replace("{incident_id}", str(world["records"]["incidents"][0]))
            .replace("{person_id}", str(world["records"]["persons"][0]))
            .replace("{source_id}", str(world["records"]["sources"][0]))
            .replace("{draft_id}", str(world["records"]["drafts"][0]))
            .replace("{batch_id}", str(world["records"]["drafts/batches"][0]))
            .replace("{actor}", world["actor"].slug).replace("{pcode}", world["place"].pcode)
            .replace("{kind}", "grading"))


def test_every_endpoint_has_a_case():
    endpoints = _endpoints()
    assert endpoints, "no endpoints found in the API schema"
    assert endpoints - set(CASES) == set(), "add a permission-matrix case for these endpoints"
    assert set(CASES) - endpoints == set(), "these cases name endpoints that no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(CASES), ids=lambda e: f"{e[0]} {e[1]}")
def test_matrix(world, endpoint):
    check = CASES[endpoint]
    failures = []
    for role in ROLES:
        for clearance in CLEARANCES:
            client = world["clients"][role, clearance]
            for level in ([0] if endpoint in LEVEL_FREE else LEVELS):
                outcome = check(client, role, clearance, level, world)
                if outcome is None:
                    continue
                response, expected = outcome
                if response.status_code != expected:
                    failures.append(f"{role} clearance {clearance}, record level {level}: {response.status_code} (expected {expected}) {response.json_body}")
                elif expected >= 400:
                    assert isinstance(response.json_body.get("detail"), str)
                elif level > clearance:
                    raise AssertionError(f"{role}/{clearance} got level {level} record")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(CASES), ids=lambda e: f"{e[0]} {e[1]}")
def test_anonymous_and_bad_tokens_get_401(world, endpoint):
    method, path = endpoint
    url = _concrete(path, world)
    for client in (ApiClient(), ApiClient("sjl_not-a-real-token")):
        response = _undo(lambda c=client: c.call(method, url, {} if method in ("POST", "PATCH") else None))
        assert response.status_code == 401, (method, url, response.json_body)
        assert "Bearer" in response.json_body["detail"]


@pytest.mark.django_db
def test_above_clearance_is_indistinguishable_from_missing(world):
    client = world["clients"]["analyst", 1]
    secret = world["records"]["incidents"][3]
    hidden = client.get(f"/incidents/{secret}")
    missing = client.get("/incidents/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json_body["detail"].replace(str(secret), "N") == missing.json_body["detail"].replace("999999", "N")
