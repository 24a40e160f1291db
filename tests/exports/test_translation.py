"""The exports app's Arabic catalogue is complete and its pages render in Arabic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sijill.exports

PO = Path(sijill.exports.__file__).resolve().parent / "locale" / "ar" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]")


def _entries() -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of each entry but the header."""
    entries, current, key, fuzzy = [], {}, None, False
    for line in PO.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgid ", "msgstr ")):
            key, _, rest = line.partition(" ")
            current[key] = rest.strip('"')
        elif line.startswith('"') and key:
            current[key] += line.strip('"')
        elif not line.strip() and current:
            entries.append((current.get("msgid", ""), current.get("msgstr", ""), fuzzy))
            current, key, fuzzy = {}, None, False
    return [e for e in entries if e[0]]


def test_every_message_has_an_arabic_translation_with_the_same_placeholders():
    entries = _entries()
    assert len(entries) > 50 and PO.with_suffix(".mo").exists()
    for msgid, msgstr, fuzzy in entries:
        assert msgstr and not fuzzy, msgid
        assert re.search(r"[\u0600-\u06ff]", msgstr), msgid
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid


@pytest.mark.django_db
def test_exports_page_renders_in_arabic(client, make_user, no_2fa, settings):
    client.force_login(make_user("analyst", 2))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get("/exports/").content.decode()
    assert 'dir="rtl"' in html and "تنزيل الحوادث" in html and "ملفات القضايا" in html
