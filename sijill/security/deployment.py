"""Deployment mistakes `sijill check` reports, each with what to do about it."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

ERROR, WARNING = "error", "warning"
WEAK_SECRETS = {"", "changeme", "secret", "django-insecure", "sijill", "password", "test"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "testserver"}


@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.level.upper():7} {self.code}: {self.message}\n        -> {self.fix}"


def _debug() -> list[Finding]:
    if settings.DEBUG:
        return [Finding(ERROR, "S001", "DEBUG is on: error pages show code, settings and data to anyone.",
                        "Unset SIJILL_DEBUG (it is for development only).")]
    return []


def _secret() -> list[Finding]:
    key = str(settings.SECRET_KEY)
    weak = (key.lower() in WEAK_SECRETS or key.startswith("django-insecure") or len(key) < 40
            or len(set(key)) < 12)
    if weak:
        return [Finding(ERROR, "S002", f"The secret key is default or weak ({len(key)} characters, "
                        f"{len(set(key))} distinct).",
                        "Unset SIJILL_SECRET_KEY to let Sijill generate one, or give 50+ random characters "
                        "(python -c 'import secrets; print(secrets.token_urlsafe(50))').")]
    return []


def _backup(max_age_hours: float) -> list[Finding]:
    path = Path(settings.SIJILL_HOME) / "last_backup.json"
    fix = ("Run `sijill backup -o /backups --keep 14` now and schedule it daily "
           "(see docs/security.md, 'Scheduled backups').")
    if not path.exists():
        return [Finding(ERROR, "S003", "No backup has ever been made of this installation.", fix)]
    try:
        last = json.loads(path.read_text())
        at = datetime.fromisoformat(last["at"])
    except (ValueError, KeyError):
        return [Finding(ERROR, "S003", f"{path} is unreadable; the last backup time is unknown.", fix)]
    age = timezone.now() - at
    if age > timedelta(hours=max_age_hours):
        return [Finding(ERROR, "S003", f"The last backup is {age.days} day(s) {age.seconds // 3600} hour(s) old "
                        f"({last.get('path')}).", fix)]
    if not Path(last.get("path", "")).exists():
        return [Finding(WARNING, "S003", f"The last backup file {last.get('path')} is no longer there.",
                        "Check the backup folder; keep copies off this machine too.")]
    return []


def _private(path: Path, what: str) -> list[Finding]:
    if not path.exists():
        return []
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return [Finding(ERROR, "S004", f"{what} {path} can be read or changed by other users (mode {mode:o}).",
                        f"chmod {'700' if path.is_dir() else '600'} {path}")]
    return []


def _files() -> list[Finding]:
    from .crypto import keys_dir

    found: list[Finding] = []
    folder = keys_dir()
    found += _private(folder, "The keys folder")
    if folder.exists():
        for path in sorted(folder.iterdir()):
            found += _private(path, "Key file")
    home = Path(settings.SIJILL_HOME)
    found += _private(home / "secret_key", "The secret key file")
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            found += _private(Path(str(db["NAME"]) + suffix), "The database file")
    return found


def _tls() -> list[Finding]:
    if settings.SESSION_COOKIE_SECURE and getattr(settings, "SECURE_HSTS_SECONDS", 0):
        return []
    public = [h for h in settings.ALLOWED_HOSTS if h not in LOCAL_HOSTS]
    if public:
        return [Finding(ERROR, "S005", f"Served to {', '.join(public)} without TLS: passwords, sessions and "
                        "records cross the network readable.",
                        "Put Sijill behind HTTPS (Caddy or nginx with a certificate) and set SIJILL_TLS=1.")]
    return [Finding(WARNING, "S005", "TLS is off (fine on one laptop reached only at localhost).",
                    "Before anyone connects over a network, serve over HTTPS and set SIJILL_TLS=1.")]


def _two_factor() -> list[Finding]:
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    found = []
    if not getattr(settings, "SIJILL_REQUIRE_2FA", True):
        found.append(Finding(ERROR, "S006", "Two-factor login is switched off for staff.",
                             "Unset SIJILL_REQUIRE_2FA (it defaults to on)."))
    user_model = get_user_model()
    admins = user_model.objects.filter(is_active=True).filter(
        **({"role": "admin"} if any(f.name == "role" for f in user_model._meta.fields) else {"is_superuser": True}))
    admins = admins | user_model.objects.filter(is_active=True, is_superuser=True)
    from .models import SecurityKey

    enrolled = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    enrolled |= set(SecurityKey.objects.filter(confirmed=True).values_list("user_id", flat=True))
    missing = sorted({u.username for u in admins if u.pk not in enrolled})
    if missing:
        found.append(Finding(ERROR, "S006", f"Admin account(s) without a second factor: {', '.join(missing)}.",
                             "Each admin logs in once and enrols an authenticator app or a security key; or deactivate the account "
                             "(`sijill user ...`)."))
    return found


def _throttling() -> list[Finding]:
    found = []
    if not getattr(settings, "AXES_ENABLED", True):
        found.append(Finding(WARNING, "S007", "Login throttling (axes) is off.", "Unset SIJILL_LOGIN_THROTTLING."))
    from .ratelimit import enabled

    if not enabled():
        found.append(Finding(WARNING, "S007", "Rate limits are off.", "Unset SIJILL_RATE_LIMITS."))
    return found


def deployment_findings(*, max_backup_age_hours: float | None = None) -> list[Finding]:
    """Every mistake found, errors first."""
    if max_backup_age_hours is None:
        max_backup_age_hours = float(os.environ.get("SIJILL_BACKUP_MAX_AGE_HOURS", "48"))
    from django.db import DatabaseError

    found = _debug() + _secret() + _backup(max_backup_age_hours) + _files() + _tls() + _throttling()
    try:
        found += _two_factor()
    except DatabaseError as exc:
        found.append(Finding(ERROR, "S008", f"The database cannot be read ({exc}).",
                             "Run `sijill migrate` (a new installation) or check DATABASE_URL."))
    return sorted(found, key=lambda f: (f.level != ERROR, f.code))
