"""Fixtures for the security tests: a private keys folder per test, a clean rate-limit cache."""

from __future__ import annotations

import pytest

from sijill.security import crypto

from .homes import ROOT  # noqa: E402


@pytest.fixture
def keys_folder(settings, tmp_path):
    """Field keys in a fresh folder for this test only."""
    settings.SIJILL_KEYS_DIR = str(tmp_path / "keys")
    crypto.keyring_reset()
    yield tmp_path / "keys"
    crypto.keyring_reset()


@pytest.fixture
def clean_cache(settings):
    """Rate limits on (the suite turns them off), counting from zero."""
    from django.core.cache import cache
    from rate_windows import start_well_inside_a_rate_window

    settings.SIJILL_RATE_LIMITS_ENABLED = True
    start_well_inside_a_rate_window()
    cache.clear()
    yield cache
    cache.clear()


# --- counts for docs/security.md --------------------------------------------------------------
# `sijill security report` runs this folder with SIJILL_SECURITY_TALLY=<file>; each test adds
# what it tried (inputs, faults injected, requests sent) and the outcome of every test is kept.

import json  # noqa: E402
import os  # noqa: E402
from collections import defaultdict  # noqa: E402

_TALLY: dict = defaultdict(lambda: defaultdict(int))
_OUTCOMES: dict = defaultdict(lambda: defaultdict(int))


@pytest.fixture
def tally(request):
    """tally(inputs=..., faults=..., requests=...) adds to this test module's family counts."""
    family = request.node.module.__name__.rsplit(".", 1)[-1]

    def add(**counts):
        for key, value in counts.items():
            _TALLY[family][key] += int(value)

    return add


def pytest_runtest_logreport(report):
    family = report.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        outcome = "xfailed" if hasattr(report, "wasxfail") and report.outcome == "skipped" else report.outcome
        _OUTCOMES[family][outcome] += 1


def pytest_sessionfinish(session, exitstatus):
    target = os.environ.get("SIJILL_SECURITY_TALLY")
    if target:
        families = sorted(set(_TALLY) | set(_OUTCOMES))
        with open(target, "w") as fh:
            json.dump({f: {"counts": dict(_TALLY.get(f, {})), "outcomes": dict(_OUTCOMES.get(f, {}))}
                       for f in families}, fh, indent=1)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory):
    """A SIJILL_HOME migrated and seeded once per session (tests/security/seed.py)."""
    import subprocess
    import sys

    home = tmp_path_factory.mktemp("seeded-home")
    environment = {**os.environ, "SIJILL_HOME": str(home)}
    environment.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, str(ROOT / "tests/security/seed.py"), "5"], env=environment,
                            capture_output=True, text=True, timeout=600, check=True)
    witnesses = json.loads(result.stdout.strip().splitlines()[-1])["witnesses"]
    return home, witnesses


@pytest.fixture
def home(seeded, tmp_path):
    """A copy of the seeded home for one test."""
    import shutil

    source, witnesses = seeded
    target = tmp_path / "home"
    shutil.copytree(source, target)
    return target, witnesses
