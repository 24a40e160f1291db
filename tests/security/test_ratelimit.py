"""The rate-limit decorator answers 429 past the limit, per client and per user."""

from __future__ import annotations

import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from sijill.security.ratelimit import parse_rate, rate_limit


@rate_limit("test-form", rate="3/m", methods=("POST",))
def form_view(request):
    return HttpResponse("ok")


@rate_limit("test-api", rate="2/m")
def api_view(request):
    return HttpResponse("{}", content_type="application/json")


def _post(ip="10.0.0.1", user=None, path="/form/"):
    request = RequestFactory().post(path, REMOTE_ADDR=ip)
    if user is not None:
        request.user = user
    return request


def test_fourth_post_in_a_minute_is_refused_with_a_clear_message(clean_cache):
    statuses = [form_view(_post()).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = form_view(_post())
    assert "Too many requests" in refused.content.decode() and int(refused["Retry-After"]) >= 1


def test_get_is_not_counted_when_only_post_is_limited(clean_cache):
    for _ in range(10):
        assert form_view(RequestFactory().get("/form/", REMOTE_ADDR="10.0.0.1")).status_code == 200


def test_other_clients_and_other_users_have_their_own_count(clean_cache, make_user):
    for _ in range(3):
        form_view(_post("10.0.0.1"))
    assert form_view(_post("10.0.0.1")).status_code == 429
    assert form_view(_post("10.0.0.2")).status_code == 200
    assert form_view(_post("10.0.0.1", user=make_user("analyst"))).status_code == 200


def test_api_refusal_is_json(clean_cache):
    for _ in range(2):
        api_view(RequestFactory().get("/api/x", REMOTE_ADDR="10.0.0.3"))
    refused = api_view(RequestFactory().get("/api/x", REMOTE_ADDR="10.0.0.3"))
    assert refused.status_code == 429 and "Too many" in json.loads(refused.content)["detail"]


def test_limits_can_be_turned_off(clean_cache, settings):
    settings.SIJILL_RATE_LIMITS_ENABLED = False
    assert all(form_view(_post()).status_code == 200 for _ in range(6))


def test_rates_parse_and_bad_rates_fail_early():
    assert parse_rate("5/m").seconds == 60 and parse_rate("100/5m").seconds == 300
    with pytest.raises(ValueError, match="not like"):
        rate_limit("x", rate="five per minute")


@pytest.mark.django_db
def test_one_address_trying_many_usernames_is_stopped(client, clean_cache, settings):
    settings.SIJILL_RATE_LIMITS = {"login-failures": "4/m"}
    statuses = [
        client.post("/accounts/login/", {"username": f"user{i}", "password": "wrong password"}).status_code
        for i in range(6)
    ]
    assert statuses[:4] == [200, 200, 200, 200] and statuses[4:] == [429, 429]


@pytest.mark.django_db
def test_successful_sign_ins_are_not_counted(client, clean_cache, settings, analyst):
    settings.SIJILL_RATE_LIMITS = {"login-failures": "2/m"}
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": analyst.username, "password": "a long test password 1"})
        assert response.status_code == 302
        client.logout()


@pytest.mark.django_db
def test_api_requests_past_the_limit_get_429_json(client, clean_cache, settings, analyst):
    settings.SIJILL_RATE_LIMITS = {"api": "3/m"}
    client.force_login(analyst)
    statuses = [client.get("/api/incidents").status_code for _ in range(5)]
    assert statuses[3:] == [429, 429] and all(s != 429 for s in statuses[:3])
    assert "Too many requests" in client.get("/api/incidents").json()["detail"]
