"""Fixtures for the API tests: a client that speaks JSON with a bearer token, and small records."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from sijill.accounts.services import api_token_create
from sijill.actors.models import Actor
from sijill.places.models import Place


class ApiClient:
    """The Django test client, sending and reading JSON, authenticated by a bearer token."""

    def __init__(self, token: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def call(self, method: str, path: str, body=None, *, raw: bytes | None = None, content_type="application/json", **query):
        url = path if path.startswith("/api/") else "/api" + path
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        if method == "GET":
            response = self.client.get(url, query, **self.headers)
        else:
            kwargs = {"content_type": content_type}
            if data is not None:
                kwargs["data"] = data
            response = getattr(self.client, method.lower())(url, **kwargs, **self.headers)
        response.json_body = json.loads(response.content) if response.content else None
        return response

    def get(self, path, **query):
        return self.call("GET", path, **query)

    def post(self, path, body=None, **kwargs):
        return self.call("POST", path, body, **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self.call("PATCH", path, body, **kwargs)

    def delete(self, path):
        return self.call("DELETE", path)


def client_for(user) -> ApiClient:
    return ApiClient(api_token_create(user=user, name="test"))


@pytest.fixture
def api_analyst(analyst):
    return client_for(analyst)


@pytest.fixture
def api_admin(admin_user):
    return client_for(admin_user)


@pytest.fixture
def gazetteer(db):
    """Syria > Aleppo governorate > Jebel Saman district > Aleppo city, and Ar-Raqqa governorate."""
    sy = Place.objects.create(pcode="SY", country="SY", level=0, name_en="Syria", name_ar="سوريا", path="SY/")
    aleppo_gov = Place.objects.create(pcode="SY02", country="SY", level=1, name_en="Aleppo", name_ar="حلب", parent=sy, path="SY/SY02/")
    district = Place.objects.create(pcode="SY0200", country="SY", level=2, name_en="Jebel Saman", name_ar="جبل سمعان", parent=aleppo_gov, path="SY/SY02/SY0200/")
    city = Place.objects.create(pcode="C1007", country="SY", level=4, name_en="Aleppo", name_ar="حلب", parent=district, path="SY/SY02/SY0200/C1007/", search_names="حلب aleppo halab")
    raqqa = Place.objects.create(pcode="SY11", country="SY", level=1, name_en="Ar-Raqqa", name_ar="الرقة", parent=sy, path="SY/SY11/", search_names="الرقه raqqa")
    return {"SY": sy, "SY02": aleppo_gov, "SY0200": district, "C1007": city, "SY11": raqqa}


@pytest.fixture
def force(db):
    """A party with one unit, for perpetration claims and the actor filter."""
    party = Actor.objects.create(name_en="Test Army", name_ar="الجيش التجريبي", slug="test-army", path="")
    party.path = f"/{party.pk}/"
    party.save()
    unit = Actor.objects.create(name_en="Test Army 4th Division", name_ar="الفرقة الرابعة", slug="test-army-4th", parent=party, path="")
    unit.path = f"{party.path}{unit.pk}/"
    unit.save()
    return {"party": party, "unit": unit}


def incident_body(**extra) -> dict:
    body = {"title_ar": "قصف جوي على مستشفى في الرقة", "title_en": "Airstrike on a hospital in Raqqa", "start_date": "2017-06-03"}
    body.update(extra)
    return body


DAY = date(2017, 6, 3)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users made by `make_user` get a password; argon2 would make each one cost a quarter second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
