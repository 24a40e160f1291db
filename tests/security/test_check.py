"""`sijill check` passes a sound deployment and names each mistake, exiting non-zero."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sijill.security import crypto

pytestmark = pytest.mark.django_db


@pytest.fixture
def sound(settings, tmp_path, keys_folder, admin_user):
    """A deployment with nothing wrong: every test below breaks one thing."""
    settings.SIJILL_HOME = tmp_path
    settings.DEBUG = False
    settings.SECRET_KEY = "kR3v9-Qm2xZ_4pLw8sNc7yTb1uHj6gFd0eAa5oIiUvKkXxYzW"
    settings.SESSION_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SIJILL_REQUIRE_2FA = True
    settings.ALLOWED_HOSTS = ["sijill.example.org"]
    settings.SIJILL_RATE_LIMITS_ENABLED = True
    crypto.encrypt_text("x", context="c")  # keys exist
    backup_file = tmp_path / "b.sijill-backup"
    backup_file.write_bytes(b"SIJILLBK1\n")
    (tmp_path / "last_backup.json").write_text(json.dumps({"path": str(backup_file), "at": timezone.now().isoformat()}))
    TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    return settings


def _check(*args):
    out = StringIO()
    call_command("check", *args, stdout=out)
    return out.getvalue()


def _fails_with(code):
    out = StringIO()
    with pytest.raises(CommandError, match="deployment error"):
        call_command("check", stdout=out)
    assert code in out.getvalue(), out.getvalue()
    return out.getvalue()


def test_a_sound_deployment_passes_and_django_system_checks_still_run(sound):
    out = _check()
    assert "Deployment checks passed" in out and "ERROR" not in out


def test_debug_on(sound):
    sound.DEBUG = True
    _fails_with("S001")


@pytest.mark.parametrize("key", ["changeme", "django-insecure-abc", "short-but-random-9f8e7d", "a" * 60])
def test_default_or_weak_secret(sound, key):
    sound.SECRET_KEY = key
    _fails_with("S002")


def test_no_backup_ever(sound, tmp_path):
    (tmp_path / "last_backup.json").unlink()
    _fails_with("S003")


def test_backup_too_old(sound, tmp_path):
    record = json.loads((tmp_path / "last_backup.json").read_text())
    record["at"] = (timezone.now() - timedelta(days=3)).isoformat()
    (tmp_path / "last_backup.json").write_text(json.dumps(record))
    assert "3 day(s)" in _fails_with("S003")


def test_key_files_readable_by_others(sound, keys_folder):
    os.chmod(keys_folder / "index.key", 0o644)
    assert "chmod 600" in _fails_with("S004")


def test_keys_folder_open_to_others(sound, keys_folder):
    os.chmod(keys_folder, 0o755)
    _fails_with("S004")


def test_served_to_the_network_without_tls(sound):
    sound.SESSION_COOKIE_SECURE = False
    sound.SECURE_HSTS_SECONDS = 0
    assert "SIJILL_TLS=1" in _fails_with("S005")


def test_laptop_without_tls_is_only_a_warning(sound):
    sound.SESSION_COOKIE_SECURE = False
    sound.SECURE_HSTS_SECONDS = 0
    sound.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    assert "WARNING S005" in _check()


def test_admin_without_two_factor(sound, make_user):
    make_user("admin", 3, username="second-admin")
    assert "second-admin" in _fails_with("S006")


def test_two_factor_switched_off(sound):
    sound.SIJILL_REQUIRE_2FA = False
    _fails_with("S006")
