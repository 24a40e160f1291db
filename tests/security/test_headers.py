"""Security headers, the strict Content-Security-Policy, and templates it would break."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sijill

# Files rendered into offline packages (opened from disk, never served by Sijill) may carry
# their own styles.
OFFLINE_TEMPLATES = {"evidence/package_index.html"}
INLINE = [
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "on* event attribute"),
    (re.compile(r"\bhx-on", re.I), "hx-on (needs eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _templates():
    root = Path(sijill.__file__).parent
    for path in sorted(root.rglob("templates/**/*.html")):
        name = str(path).split("/templates/", 1)[1]
        if name not in OFFLINE_TEMPLATES:
            yield name, path


def test_no_template_needs_unsafe_inline():
    found = []
    for name, path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {what}")
    assert found == []


@pytest.mark.django_db
def test_pages_carry_a_strict_policy_and_the_other_headers(client, analyst, no_2fa):
    client.force_login(analyst)
    response = client.get("/incidents/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_login_page_and_api_carry_the_policy(client):
    for url in ("/accounts/login/", "/api/openapi.json"):
        response = client.get(url)
        assert "Content-Security-Policy" in response, url


@pytest.mark.django_db
def test_hsts_is_sent_under_tls(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/accounts/login/")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_hardened(client, analyst, settings):
    from django.conf import settings as live

    assert live.SESSION_COOKIE_HTTPONLY and live.SESSION_COOKIE_SAMESITE == "Lax"
    assert live.SESSION_COOKIE_AGE <= 8 * 3600 and live.SESSION_EXPIRE_AT_BROWSER_CLOSE
    response = client.post("/accounts/login/", {"username": analyst.username, "password": "a long test password 1"})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
