"""Fixtures shared by the whole suite: one user per role and clearance, and small records."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from real_data import SHARED_DATA, shared_data  # noqa: E402,F401  (re-exported for test modules)
from reference_data import reseed as _reseed_reference_data  # noqa: E402

from sijill.confidentiality import Confidentiality

# Tests of the pure-Python packages (no Django, no database) give one result on every engine:
# the PostgreSQL pass of `make test` leaves out those that touch no database, since the SQLite
# pass of the same run has just run them (it keeps the CI run inside its time budget).
ENGINE_FREE_PACKAGES = ("linkage_engine", "extraction", "estimation")


def _touches_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server", "django_db_setup"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    root = Path(__file__).resolve().parent
    kept, left_out = [], []
    for item in items:
        parts = Path(str(item.path)).resolve().relative_to(root).parts
        engine_free = parts[0] in ENGINE_FREE_PACKAGES and not _touches_database(item)
        (left_out if engine_free else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(autouse=True)
def _seeded_reference_data_after_flush(request, django_db_blocker):
    """Transactional tests (browser, migrations) end by emptying every table; the next test in
    the same process would then run without the seeded vocabularies and actors. Restore them
    after such a test, and check before every database test (the order in which pytest tears
    down a live server's fixtures and this one is not guaranteed)."""
    uses_db = request.node.get_closest_marker("django_db") is not None or {
        "db", "transactional_db", "live_server"} & set(request.fixturenames)
    if uses_db:
        with django_db_blocker.unblock():
            _reseed_reference_data()
    yield
    marker = request.node.get_closest_marker("django_db")
    flushed = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db", "live_server"} & set(request.fixturenames)
    if flushed:
        with django_db_blocker.unblock():
            _reseed_reference_data()


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


@pytest.fixture(autouse=True)
def _cache_of_this_worker(settings):
    """Each pytest-xdist worker keeps its own cache (rate-limit and login counters): with one shared
    cache, a test in the other worker that clears it resets a count this test is making."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    cache = dict(settings.CACHES["default"])
    if cache["BACKEND"].endswith("FileBasedCache"):
        cache["LOCATION"] = f"{cache['LOCATION']}-{worker}"
    else:
        cache["KEY_PREFIX"] = f"{cache.get('KEY_PREFIX', '')}{worker}"
    settings.CACHES = {**settings.CACHES, "default": cache}


@pytest.fixture(autouse=True)
def _rate_limits_off(settings):
    """The suite sends hundreds of requests a minute from 127.0.0.1; rate limits (on in every real
    deployment) are off in tests except those that turn them on to test them."""
    settings.SIJILL_RATE_LIMITS_ENABLED = False


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. A request through the test client runs the
    locale middleware in the test's own thread, and an Arabic request leaves Arabic active for
    whatever that worker runs next."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def immediate_jobs():
    """Background jobs run at once, in the request that queues them (Huey's immediate mode)."""
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = before
