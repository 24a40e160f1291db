"""IDOR: every object URL of the web UI and every API path with a record id answers a user below
the record's clearance exactly as it answers for an id that does not exist (404), for every method."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from sijill.confidentiality import Confidentiality
from sijill.evidence.services import evidence_add
from sijill.incidents.services import incident_create
from sijill.people.services import person_create
from sijill.sources.services import source_create

pytestmark = pytest.mark.django_db
MISSING = 987654


def _routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _kind(route: str) -> str | None:
    if route.startswith("api/") or route.startswith("public/") or route.startswith("admin/"):
        return None
    for word, kind in (("evidence", "evidence"), ("incident", "incident"), ("person", "person"),
                       ("source", "source")):
        if word in route:
            return kind
    return None


@pytest.fixture
def secret_records(admin_user):
    secret = Confidentiality.SECRET
    source = source_create(user=admin_user, title="secret source", source_type="witness-testimony",
                           confidentiality=secret, witness_name="hidden")
    incident = incident_create(user=admin_user, title_en="secret incident", start_date=date(2015, 1, 1),
                               confidentiality=secret)
    person = person_create(user=admin_user, name_latin="secret person", confidentiality=secret)
    item = evidence_add(user=admin_user, stream=io.BytesIO(b"secret statement"), filename="s.txt",
                        confidentiality=secret).item
    return {"incident": incident.pk, "person": person.pk, "source": source.pk, "evidence": item.pk}


def _fill(route: str, value: int) -> str | None:
    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not params or any(conv not in ("int", "") or conv == "" for conv, _ in params):
        return None
    path = route
    for conv, name in params:
        path = path.replace(f"<{conv}:{name}>", str(value))
    return "/" + path.replace("^", "").replace("$", "")


def test_every_web_object_url_hides_a_secret_record(client, make_user, secret_records, no_2fa, tally):
    low = make_user("analyst", Confidentiality.INTERNAL, username="low-analyst")
    client.force_login(low)
    checked = 0
    for route in _routes():
        kind = _kind(route)
        secret_url, missing_url = _fill(route, secret_records.get(kind, 0)), _fill(route, MISSING)
        if kind is None or secret_url is None:
            continue
        for method in ("get", "post"):
            secret = getattr(client, method)(secret_url)
            missing = getattr(client, method)(missing_url)
            assert secret.status_code == missing.status_code, (method, secret_url, secret.status_code,
                                                                missing.status_code)
            assert secret.status_code in (403, 404, 405), (method, secret_url, secret.status_code)
            assert b"secret" not in secret.content, (method, secret_url)
            checked += 1
    assert checked >= 20
    tally(requests=checked * 2)


def test_every_api_path_with_an_id_hides_a_secret_record(client, make_user, secret_records, no_2fa, tally):
    low = make_user("analyst", Confidentiality.INTERNAL, username="low-api")
    client.force_login(low)
    schema = client.get("/api/openapi.json").json()
    ids = {"incident_id": "incident", "person_id": "person", "source_id": "source", "item_id": "evidence"}
    checked = 0
    for path, operations in schema["paths"].items():
        params = re.findall(r"{(\w+)}", path)
        if not params or any(p not in ids for p in params):
            continue
        for method in operations:
            secret_path = path
            missing_path = path
            for p in params:
                secret_path = secret_path.replace(f"{{{p}}}", str(secret_records[ids[p]]))
                missing_path = missing_path.replace(f"{{{p}}}", str(MISSING))
            call = getattr(client, method)
            kwargs = {"content_type": "application/json", "data": "{}"} if method in ("post", "patch", "put") else {}
            secret, missing = call(secret_path, **kwargs), call(missing_path, **kwargs)
            assert secret.status_code == missing.status_code, (method, secret_path, secret.status_code,
                                                                missing.status_code)
            assert secret.status_code in (403, 404, 422), (method, secret_path, secret.status_code)
            assert b"secret" not in secret.content
            checked += 1
    assert checked >= 8
    tally(requests=checked * 2)
