"""Django settings, all taken from the environment with safe defaults for the laptop case.

SIJILL_HOME      folder for the SQLite database, evidence files and keys (default ./var)
DATABASE_URL     PostgreSQL for teams, e.g. postgres://user@127.0.0.1:5432/sijill
SIJILL_SECRET_KEY  Django secret key; generated once and kept in SIJILL_HOME when not given
SIJILL_DEBUG     "1" for development only
SIJILL_ALLOWED_HOSTS  comma-separated host names (default: localhost names)
SIJILL_REQUIRE_2FA  "1" (default) makes TOTP two-factor login mandatory for staff roles
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
SIJILL_HOME = Path(os.environ.get("SIJILL_HOME", "var")).resolve()
SIJILL_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The secret key from the environment, or one generated on first run and kept on disk."""
    given = os.environ.get("SIJILL_SECRET_KEY")
    if given:
        return given
    path = SIJILL_HOME / "secret_key"
    if not path.exists():
        # Create with 0600 before writing, so the key is never readable by others.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = _secret_key()
DEBUG = _flag("SIJILL_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("SIJILL_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "huey.contrib.djhuey",
    "sijill.accounts",
    "sijill.audit",
    "sijill.vocabularies",
    "sijill.places",
    "sijill.actors",
    "sijill.sources",
    "sijill.people",
    "sijill.incidents",
    "sijill.reports",
    "sijill.evidence",
    "sijill.intake",
    "sijill.drafts",
    "sijill.linkage",
    "sijill.estimation",
    "sijill.analysis",
    "sijill.publishing",
    "sijill.exports",
    "sijill.security",
    "sijill.review",
    "sijill.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sijill.security.middleware.SecurityHeadersMiddleware",
    "sijill.security.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sijill.security.middleware.RateLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sijill.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sijill.urls"
WSGI_APPLICATION = "sijill.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

_database_url = os.environ.get("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SIJILL_HOME / "sijill.sqlite3",
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock
                # at BEGIN so two writers queue instead of failing half-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("SIJILL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = _flag("SIJILL_LOGIN_THROTTLING", True)

SIJILL_REQUIRE_2FA = _flag("SIJILL_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Sijill"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = SIJILL_HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_tls = _flag("SIJILL_TLS", False)
SESSION_COOKIE_SECURE = _tls
CSRF_COOKIE_SECURE = _tls
if _tls:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Largest request body Django accepts in memory (forms and API JSON); larger is a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

NINJA_PAGINATION_PER_PAGE = 50

# Background jobs (imports, packages, extraction of many reports): Huey with its queue in SQLite
# under SIJILL_HOME on a laptop, in Redis for teams (SIJILL_REDIS_URL). One code path for both.
_redis_url = os.environ.get("SIJILL_REDIS_URL")
HUEY = {
    "name": "sijill",
    "immediate": _flag("SIJILL_JOBS_IMMEDIATE", False),
    **(
        {"huey_class": "huey.RedisHuey", "connection": {"url": _redis_url}}
        if _redis_url
        else {"huey_class": "huey.SqliteHuey", "filename": str(SIJILL_HOME / "jobs.sqlite3")}
    ),
}

# Cache (rate-limit counters): Redis for teams, a file cache under SIJILL_HOME on a laptop.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
              "LOCATION": str(SIJILL_HOME / "cache"), "OPTIONS": {"MAX_ENTRIES": 10000}}
    )
}

# Evidence originals: content-addressed, write-once, under SIJILL_HOME by default.
SIJILL_EVIDENCE_ROOT = Path(os.environ.get("SIJILL_EVIDENCE_ROOT", SIJILL_HOME / "evidence")).resolve()
# Largest evidence file accepted from the web, the API or the CLI, in bytes (0: no limit).
SIJILL_EVIDENCE_MAX_BYTES = int(os.environ.get("SIJILL_EVIDENCE_MAX_BYTES", str(20 * 1024**3)))
# Evidence originals in an S3-compatible bucket instead (django-storages + boto3): its name and,
# for MinIO, Ceph, Garage..., the endpoint URL; credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
SIJILL_EVIDENCE_S3_BUCKET = os.environ.get("SIJILL_EVIDENCE_S3_BUCKET", "")
SIJILL_EVIDENCE_S3_ENDPOINT = os.environ.get("SIJILL_EVIDENCE_S3_ENDPOINT", "")
# RFC 3161 time-stamping authority; empty means timestamps are queued until one is configured.
SIJILL_TSA_URL = os.environ.get("SIJILL_TSA_URL", "")
# PEM file of the TSA's CA certificates (intermediates and root), copied into evidence packages.
SIJILL_TSA_CERTS = os.environ.get("SIJILL_TSA_CERTS", "")

# Analysis: published counts under k are shown as "<k"; maps draw the shipped boundaries unless a
# tile URL (e.g. https://tile.example.org/{z}/{x}/{y}.png) is given for a connected install.
SIJILL_SUPPRESSION_K = int(os.environ.get("SIJILL_SUPPRESSION_K", "5"))
SIJILL_MAP_TILE_URL = os.environ.get("SIJILL_MAP_TILE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SIJILL_LOG_LEVEL", "WARNING")},
}
