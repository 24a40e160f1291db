"""Fixtures for the security tests: a private keys folder per test, a clean rate-limit cache."""

from __future__ import annotations

import pytest

from sijill.security import crypto


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

    settings.SIJILL_RATE_LIMITS_ENABLED = True

    cache.clear()
    yield cache
    cache.clear()
