"""Security keys (WebAuthn) on the server side: who may add one, what a sign-in without a
pending challenge or without a key answers, and that `sijill check` counts a key as a second
factor. The browser ceremony itself: test_security_key_browser.py."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from sijill.security.models import SecurityKey

from .test_check import _check, sound  # noqa: F401  (fixture)


@pytest.fixture
def signed_in(client, make_user):
    user = make_user("analyst", 2, username="key-user")
    client.force_login(user)
    return client, user


def test_an_account_with_an_app_must_pass_it_before_adding_a_key(signed_in):
    client, user = signed_in
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    answer = client.post("/accounts/security-key/options/register/")
    assert answer.status_code == 400 and "second factor" in answer.json()["error"]
    assert client.post("/accounts/security-key/register/", {}, content_type="application/json").status_code == 400
    assert "key-register" not in client.get("/accounts/security-key/").content.decode()


def test_an_account_with_no_second_factor_may_add_a_key_as_its_first(signed_in):
    client, _user = signed_in
    options = client.post("/accounts/security-key/options/register/").json()
    assert options["rp"]["id"] == "testserver" and options["user"]["name"] == "key-user"
    assert options["challenge"] and options["excludeCredentials"] == []


def test_signing_in_without_a_key_or_without_a_challenge_is_refused_with_a_reason(signed_in):
    client, user = signed_in
    answer = client.post("/accounts/security-key/options/sign-in/")
    assert answer.status_code == 400 and "no security key" in answer.json()["error"]
    SecurityKey.objects.create(user=user, name="k", credential_id="AAAA", public_key="AAAA")
    assert client.post("/accounts/security-key/options/sign-in/").json()["allowCredentials"][0]["id"] == "AAAA"
    client.post("/accounts/security-key/sign-in/", {"credential": {"id": "AAAA"}}, content_type="application/json")
    replay = client.post("/accounts/security-key/sign-in/", {"credential": {"id": "AAAA"}},
                         content_type="application/json")  # the challenge was used once
    assert replay.status_code == 400 and "expired" in replay.json()["error"]


def test_a_forged_answer_is_refused_and_does_not_verify_the_session(signed_in):
    client, user = signed_in
    SecurityKey.objects.create(user=user, name="k", credential_id="AAAA", public_key="AAAA")
    client.post("/accounts/security-key/options/sign-in/")
    forged = {"id": "AAAA", "rawId": "AAAA", "type": "public-key",
              "response": {"clientDataJSON": "e30", "authenticatorData": "AAAA", "signature": "AAAA"}}
    answer = client.post("/accounts/security-key/sign-in/", {"credential": forged}, content_type="application/json")
    assert answer.status_code == 400 and "refused" in answer.json()["error"]
    assert "otp_device_id" not in client.session


def test_sijill_check_counts_a_security_key_as_an_admins_second_factor(sound, make_user):  # noqa: F811
    admin = make_user("admin", 3, username="key-admin")
    SecurityKey.objects.create(user=admin, name="blue", credential_id="BBBB", public_key="BBBB")
    assert "key-admin" not in _check()
