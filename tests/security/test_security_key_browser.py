"""Security keys (WebAuthn) as staff's second factor, in real Chromium with a virtual
authenticator (Chrome DevTools Protocol, WebAuthn.addVirtualAuthenticator), under the real CSP."""

from __future__ import annotations

import pytest
from browser.conftest import PASSWORD, browser, log_in, staff  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _virtual_authenticator(context, page):
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    found = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": False, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    return cdp, found["authenticatorId"]


def test_a_staff_user_registers_a_key_and_signs_in_with_it_instead_of_a_code(settings, staff, browser,  # noqa: F811
                                                                             live_server, log_in):  # noqa: F811
    from sijill.security.models import SecurityKey

    settings.SIJILL_REQUIRE_2FA = True
    staff("rima", role="analyst")
    context = browser.new_context(base_url=live_server.url, locale="en-GB")  # localhost: a secure context
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    cdp, authenticator = _virtual_authenticator(context, page)

    log_in(page, "rima")  # password, then TOTP enrolment: the key is added by a verified user
    page.goto("/accounts/security-key/")
    page.fill("#key-name", "blue key")
    page.click("#key-register")
    page.locator("#key-list li", has_text="blue key").wait_for()
    key = SecurityKey.objects.get(user__username="rima")
    assert key.confirmed and key.public_key
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1

    context.clear_cookies()  # a new sign-in: password, then the key instead of a code
    page.goto("/accounts/login/")
    page.fill("#id_username", "rima")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/two-factor/**")
    page.click("#use-security-key")
    page.click("#key-sign-in")
    page.wait_for_url(f"{live_server.url}/")
    page.goto("/incidents/")
    assert page.url.endswith("/incidents/")  # verified: not sent back to the second factor
    key.refresh_from_db()
    assert key.last_used_at is not None
    context.close()
    assert problems == []
