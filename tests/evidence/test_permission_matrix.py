"""Every evidence URL and API endpoint x role x clearance x confidentiality.

An item is visible when its own level AND every incident it is linked to are within the user's
clearance; otherwise its pages answer 404 exactly like an item that does not exist.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern
from reference_data import reseed as _reseed_reference_data

from sijill.accounts.models import ROLE_PERMISSIONS, Role, User
from sijill.accounts.services import api_token_create
from sijill.api.api import api
from sijill.evidence import urls as evidence_urls
from sijill.evidence.services import evidence_add
from sijill.incidents.services import incident_create

from .conftest import jpeg_bytes

ROLES = [r.value for r in Role]
LEVELS = [0, 1, 2, 3]
# item key -> (the item's own level, the level that decides visibility)
ITEMS = {"L0": (0, 0), "L1": (1, 1), "L2": (2, 2), "L3": (3, 3), "L0-in-secret-incident": (0, 3)}

WEB = {
    "list": "list", "upload": "create", "detail": "record", "original": "record", "thumbnail": "record",
    "redact": "write", "access": "write", "package": "write",
}


def test_every_evidence_url_has_a_case():
    names = [p.name for p in evidence_urls.urlpatterns if isinstance(p, URLPattern)]
    assert sorted(names) == sorted(WEB)


API = {
    ("GET", "/api/evidence/"), ("POST", "/api/evidence/uploads"), ("GET", "/api/evidence/uploads/{upload_id}"),
    ("PUT", "/api/evidence/uploads/{upload_id}"), ("POST", "/api/evidence/uploads/{upload_id}/finish"),
    ("GET", "/api/evidence/{item_id}"), ("GET", "/api/evidence/{item_id}/original"),
}


def test_every_evidence_endpoint_has_a_case():
    schema = api.get_openapi_schema(path_prefix="/api/")
    found = {(m.upper(), p) for p, methods in schema["paths"].items() for m in methods if p.startswith("/api/evidence/")}
    assert found == API


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    old = settings.SIJILL_EVIDENCE_ROOT, settings.SIJILL_REQUIRE_2FA
    root = settings.SIJILL_EVIDENCE_ROOT = tmp_path_factory.mktemp("matrix-vault")
    settings.SIJILL_REQUIRE_2FA = False
    with django_db_blocker.unblock():
        _reseed_reference_data()  # a transactional test run before this module may have emptied them
    with django_db_blocker.unblock(), transaction.atomic():
        owner = User.objects.create(username="ev-owner", role="admin", clearance=3)
        secret_incident = incident_create(user=owner, title_en="Secret strike", start_date=date(2016, 1, 1), confidentiality=3)
        items = {}
        for n, (key, (level, _)) in enumerate(ITEMS.items()):
            incidents = [secret_incident.pk] if "secret" in key else []
            items[key] = evidence_add(user=owner, stream=io.BytesIO(jpeg_bytes(color=(40 * n, 90, 200 - 40 * n), pattern=n)),
                                      filename=f"matrix-{key}.jpg", confidentiality=level, incidents=incidents).item
        users = {(role, c): User.objects.create(username=f"ev-{role}-{c}", role=role, clearance=c)
                 for role in ROLES for c in LEVELS}
        yield {"items": items, "users": users, "root": root}
        transaction.set_rollback(True)
    settings.SIJILL_EVIDENCE_ROOT, settings.SIJILL_REQUIRE_2FA = old


@pytest.fixture
def vault_root(settings, world, tmp_path):
    """The module's vault, instead of the empty one each test gets elsewhere."""
    settings.SIJILL_EVIDENCE_ROOT = world["root"]
    settings.SIJILL_KEYS_DIR = str(tmp_path / "keys")
    settings.SIJILL_REQUIRE_2FA = False
    return world["root"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_web_matrix(world, role):
    failures = []
    for clearance in LEVELS:
        client = Client()
        client.force_login(world["users"][role, clearance])
        may = ROLE_PERMISSIONS[role]
        where = f"{role}/{clearance}"
        html = client.get("/evidence/").content.decode()
        for key, (_, decisive) in ITEMS.items():
            shown = f"matrix-{key}.jpg" in html
            if shown != (decisive <= clearance):
                failures.append(f"{where}: list shows {key}: {shown}")
        assert not re.search(r"matrix-L0-in-secret", html) or clearance == 3
        status = client.get("/evidence/upload/").status_code
        if status != (200 if "create" in may else 403):
            failures.append(f"{where}: upload page {status}")
        for key, (_, decisive) in ITEMS.items():
            pk = world["items"][key].pk
            visible = decisive <= clearance
            for name in ("detail", "original", "thumbnail"):
                status = client.get(f"/evidence/{pk}/{'' if name == 'detail' else name + '/'}").status_code
                if status != (200 if visible else 404):
                    failures.append(f"{where}: {name} of {key} -> {status}")
            status = client.get(f"/evidence/{pk}/redact/").status_code
            expected = 403 if "edit" not in may else (404 if not visible else 200)
            if status != expected:
                failures.append(f"{where}: redact of {key} -> {status} (expected {expected})")
            level = world["items"][key].confidentiality
            status = client.post(f"/evidence/{pk}/access/", {"confidentiality": str(level)}).status_code
            expected = 403 if "edit" not in may else (404 if not visible else (302 if "edit_any" in may else 403))
            if status != expected:
                failures.append(f"{where}: access of {key} -> {status} (expected {expected})")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_package_matrix(world, role):
    """Building a package needs edit_any; an item above clearance (or in an incident above it) is 404."""
    failures = []
    may = "edit_any" in ROLE_PERMISSIONS[role]
    for clearance in (0, 3):
        client = Client()
        client.force_login(world["users"][role, clearance])
        for key in ("L0", "L0-in-secret-incident"):
            visible = ITEMS[key][1] <= clearance
            if may and not visible and key == "L0":
                continue
            status = client.post("/evidence/package/", {"item": world["items"][key].pk}).status_code
            expected = 403 if not may else (200 if visible else 404)
            if status != expected:
                failures.append(f"{role}/{clearance}: package of {key} -> {status} (expected {expected})")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_anonymous_users_reach_no_evidence_page(world):
    client = Client()
    pk = world["items"]["L0"].pk
    for url in ("/evidence/", "/evidence/upload/", f"/evidence/{pk}/", f"/evidence/{pk}/original/",
                f"/evidence/{pk}/thumbnail/", f"/evidence/{pk}/redact/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(world, role):
    failures = []
    for clearance in LEVELS:
        user = world["users"][role, clearance]
        auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='m')}"}
        client = Client()
        may = ROLE_PERMISSIONS[role]
        where = f"{role}/{clearance}"
        ids = {r["id"] for r in client.get("/api/evidence/", {"page_size": 200}, **auth).json()["results"]}
        expected_ids = {world["items"][k].pk for k, (_, d) in ITEMS.items() if d <= clearance}
        if ids != expected_ids:
            failures.append(f"{where}: list {ids} != {expected_ids}")
        for key, (_, decisive) in ITEMS.items():
            pk = world["items"][key].pk
            for path in (f"/api/evidence/{pk}", f"/api/evidence/{pk}/original"):
                status = client.get(path, **auth).status_code
                if status != (200 if decisive <= clearance else 404):
                    failures.append(f"{where}: {path} of {key} -> {status}")
        created = client.post("/api/evidence/uploads", {"filename": "x.jpg", "size": 3}, content_type="application/json", **auth)
        if created.status_code != (201 if "create" in may else 403):
            failures.append(f"{where}: create upload -> {created.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_an_upload_belongs_to_its_user_and_anonymous_callers_get_401(world):
    owner = world["users"]["analyst", 3]
    other = world["users"]["admin", 3]
    client = Client()
    mine = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=owner, name='a')}"}
    theirs = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=other, name='b')}"}
    uid = client.post("/api/evidence/uploads", {"filename": "x.jpg", "size": 3}, content_type="application/json", **mine).json()["id"]
    assert client.get(f"/api/evidence/uploads/{uid}", **theirs).status_code == 404
    assert client.put(f"/api/evidence/uploads/{uid}?offset=0", b"abc", content_type="application/octet-stream", **theirs).status_code == 404
    assert client.post(f"/api/evidence/uploads/{uid}/finish", **theirs).status_code == 404
    pk = world["items"]["L0"].pk
    for method, path in sorted(API):
        url = path.replace("{upload_id}", uid).replace("{item_id}", str(pk))
        response = getattr(client, method.lower())(url, content_type="application/json")
        assert response.status_code == 401, (method, url)
