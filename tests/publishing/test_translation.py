"""The Arabic catalogues of the publishing and reports apps are complete, keep every
placeholder, and are compiled: the .mo says what the .po says."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from web.test_translation import placeholders, read_po

import sijill

CATALOGUES = [
    Path(sijill.__file__).resolve().parent / app / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    for app in ("publishing", "reports")
]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_message_is_translated_with_its_placeholders_and_compiled(po):
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    entries = [e for e in read_po(po) if e.msgid]
    assert entries
    for entry in entries:
        assert "fuzzy" not in entry.flags, entry.msgid
        assert entry.msgstr and all(entry.msgstr.values()), f"untranslated: {entry.msgid!r}"
        for text in entry.msgstr.values():
            assert placeholders(text) == placeholders(entry.msgid), entry.msgid
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr[1]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr[0], f".mo is stale for {entry.msgid!r}"
