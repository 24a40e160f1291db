"""Login: Argon2 hashes, TOTP for staff, throttling after repeated failures."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password 1"


def test_production_settings_hash_passwords_with_argon2():
    from sijill import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.AUTH_USER_MODEL == "accounts.User"


def _login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_staff_must_pass_totp_before_reaching_records(make_user, settings):
    settings.SIJILL_REQUIRE_2FA = True
    analyst = make_user("analyst", 2)
    client = Client()
    _login(client, analyst.username)
    response = client.get("/incidents/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/two-factor/")
    # enrolment page shows a secret; a wrong code is refused, the right one lets the user in
    page = client.get("/accounts/two-factor/")
    assert b"totp-secret" in page.content
    device = TOTPDevice.objects.get(user=analyst)
    assert client.post("/accounts/two-factor/", {"token": "000000"}).status_code == 200
    assert client.get("/incidents/").status_code == 302
    code = f"{totp(device.bin_key):06d}"
    # django-otp throttles after a wrong code: even the right one is refused at once ...
    assert client.post("/accounts/two-factor/", {"token": code}).status_code == 200
    # ... until the back-off has passed (reset here instead of sleeping)
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post("/accounts/two-factor/", {"token": code}).status_code == 302
    assert client.get("/incidents/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_viewers_are_not_asked_for_a_second_factor(make_user, settings):
    settings.SIJILL_REQUIRE_2FA = True
    viewer = make_user("viewer", 1)
    client = Client()
    _login(client, viewer.username)
    assert client.get("/incidents/").status_code == 200


def test_second_factor_can_be_switched_off_by_setting(make_user, settings):
    settings.SIJILL_REQUIRE_2FA = False
    analyst = make_user("analyst", 2)
    client = Client()
    _login(client, analyst.username)
    assert client.get("/incidents/").status_code == 200


def test_login_is_throttled_after_repeated_failures(make_user, settings):
    user = make_user("viewer", 1)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.username, "wrong password")
    # even the right password is refused now
    response = _login(client, user.username)
    assert response.status_code in (403, 429)
    assert client.get("/incidents/").status_code == 302


def test_anonymous_users_are_sent_to_login():
    response = Client().get("/incidents/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
