"""Fixtures for the browser tests: the system Chromium driven by Playwright against a live server.

Playwright's sync API keeps an asyncio loop running in the test thread, which makes Django refuse
database calls there ("You cannot call this from an async context"); the tests are plain
synchronous code, so that guard is switched off for this folder.
"""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SIJILL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "a long browser test password 7"


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """One headless system Chromium per test module (never a downloaded one).

    Transactional tests start from an emptied database; tests/conftest.py puts back what the
    data migrations seed (vocabularies, actors, crimes, content types) before each of them.
    """
    if not shutil.which(CHROMIUM):
        message = f"{CHROMIUM} is absent (apt-get install chromium, or `make` installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context (its own cookies: one per user)."""
    contexts = []

    def open_page(language: str = "en-GB"):
        # Playwright compiles wait_for_function predicates with eval, which Sijill's policy forbids;
        # tests/security/test_csp_browser.py drives the pages under the real policy instead.
        context = browser.new_context(base_url=live_server.url, locale=language, viewport={"width": 1280, "height": 900},
                                      bypass_csp=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """Save a full-page PNG of `page` as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def gazetteer(transactional_db):
    """The packaged gazetteer; a transactional test starts without it."""
    from sijill.places.services import gazetteer_load

    return gazetteer_load()


@pytest.fixture
def staff(transactional_db):
    """Make a staff user through the same service as the `sijill user create` command."""
    from sijill.accounts.services import user_create

    def make(username: str, role: str = "analyst", clearance: int = 2):
        return user_create(username=username, password=PASSWORD, role=role, clearance=clearance)

    return make


@pytest.fixture
def log_in():
    """Log in through the login form, enrolling or verifying TOTP when the server asks."""
    return _log_in


def _log_in(page, username: str, *, screenshot=None) -> None:
    from django_otp.oath import totp

    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    if screenshot:
        screenshot(page, "01-login")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if "/accounts/two-factor/" in page.url:
        secret = page.locator("#totp-secret").inner_text().strip()
        code = f"{totp(base64.b32decode(secret)):06d}"
        page.fill("#id_token", code)
        page.click("button[type=submit]")
        page.wait_for_load_state()
