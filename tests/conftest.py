"""Fixtures shared by the whole suite: one user per role and clearance, and small records."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sijill.confidentiality import Confidentiality

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_data(relative: str) -> Path:
    """A path under ../shared/data; skips the test when absent, except in CI where it fails."""
    path = SHARED_DATA / relative
    if not path.exists():
        message = f"real data {path} is absent (it lives in ../shared/data beside the repo)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; in CI the data must be there")
        pytest.skip(message)
    return path


@pytest.fixture
def make_user(db, django_user_model):
    def make(role: str = "analyst", clearance: int = Confidentiality.RESTRICTED, username: str | None = None):
        name = username or f"{role}-{clearance}"
        user, _ = django_user_model.objects.get_or_create(
            username=name, defaults={"role": role, "clearance": clearance}
        )
        user.set_password("a long test password 1")
        user.save()
        return user

    return make


@pytest.fixture
def analyst(make_user):
    return make_user("analyst", Confidentiality.RESTRICTED)


@pytest.fixture
def admin_user(make_user):
    return make_user("admin", Confidentiality.SECRET)


@pytest.fixture
def no_2fa(settings):
    settings.SIJILL_REQUIRE_2FA = False
    return settings


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.

    tests/accounts/test_login.py checks that production settings hash with Argon2.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
