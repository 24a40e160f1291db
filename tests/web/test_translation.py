"""The Arabic translation is complete and the UI renders in Arabic, right to left."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

import sijill
from sijill.incidents.services import act_add, incident_create

PACKAGE = Path(sijill.__file__).resolve().parent
PO_PATH = PACKAGE / "locale" / "ar" / "LC_MESSAGES" / "django.po"
# The main catalogue, and the catalogue each app carries for its own messages.
CATALOGUES = sorted(PACKAGE.glob("**/locale/ar/LC_MESSAGES/django.po"))
catalogues = pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE).parts[0]))

# %(name)s style, bare %s/%d, and {{ name }} / {name} style placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrfi]|%[sdrfi]|\{\{\s*\w+\s*\}\}|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, with their flags; a small reader so the tests need no polib."""
    entries, entry, key = [], None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,"):
            if entry is None or key is not None:
                entry = Entry(line=number)
                entries.append(entry)
                key = None
            entry.flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = None, line
        if keyword in ("msgid", "msgctxt"):
            if entry is None or (key is not None and not (keyword == "msgid" and key == "msgctxt")):
                entry = Entry(line=number)
                entries.append(entry)
        if keyword is not None:
            key = keyword
        text = ast.literal_eval(rest)
        if key == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        elif key == "msgid":
            entry.msgid += text
        elif key == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
        else:
            index = int(key[7:-1]) if key.startswith("msgstr[") else 0
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
    return entries


def messages(po_path: Path = PO_PATH) -> list[Entry]:
    return [e for e in read_po(po_path) if e.msgid]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_po_file_has_messages_and_arabic_plural_rule():
    assert len(messages()) > 100
    for po_path in CATALOGUES:
        header = next(e for e in read_po(po_path) if not e.msgid).msgstr[0]
        assert "Language: ar" in header, po_path
        assert "nplurals=6;" in header, po_path


@catalogues
def test_every_message_is_translated_and_none_is_fuzzy(po_path):
    untranslated = [e.msgid for e in messages(po_path) if not e.msgstr or any(not s.strip() for s in e.msgstr.values())]
    fuzzy = [e.msgid for e in read_po(po_path) if "fuzzy" in e.flags]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


@catalogues
def test_plural_messages_have_all_six_arabic_forms(po_path):
    for e in messages(po_path):
        if e.msgid_plural is not None:
            assert sorted(e.msgstr) == [0, 1, 2, 3, 4, 5], e.msgid


@catalogues
def test_placeholders_are_kept_in_every_translation(po_path):
    for e in messages(po_path):
        if e.msgid_plural is None:
            assert placeholders(e.msgstr[0]) == placeholders(e.msgid), e.msgid
            continue
        expected = set(placeholders(e.msgid_plural))
        for index, text in e.msgstr.items():
            # Zero, one and two may be said in words ("حادثتان"); from three on the number shows.
            if index >= 3:
                assert set(placeholders(text)) == expected, (e.msgid, index)
            else:
                assert set(placeholders(text)) <= expected, (e.msgid, index)


@catalogues
def test_translations_are_in_arabic_script(po_path):
    for e in messages(po_path):
        for text in e.msgstr.values():
            assert re.search(r"[\u0600-\u06FF]", text), e.msgid


@catalogues
def test_compiled_catalogue_holds_every_translation_of_the_po_file(po_path):
    """The committed .mo must be compiled from the current .po (compare contents, not file times:
    a fresh clone gives both files the checkout time)."""
    import gettext

    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"run django-admin compilemessages and commit {mo_path}"
    with mo_path.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for entry in messages(po_path):
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
        if entry.msgid_plural is None:
            if compiled._catalog.get(key) != entry.msgstr.get(0):
                stale.append(entry.msgid)
        elif any(compiled._catalog.get((key, i)) != text for i, text in entry.msgstr.items()):
            stale.append(entry.msgid)
    assert not stale, f"recompile the catalogue (django-admin compilemessages); stale: {stale[:5]}"


# ---------------------------------------------------------------- pages rendered in Arabic

UI_WORDS = {
    "Incidents": "الحوادث",
    "Dashboard": "لوحة المتابعة",
    "Save": "حفظ",
    "Log out": "تسجيل الخروج",
    "Filter": "تصفية",
}


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def filed_incident(analyst):
    incident = incident_create(
        user=analyst, title_ar="قصف جوي على سوق في الرقة", start_date=date(2017, 6, 3),
        killed_total_min=3, killed_total_max=5,
    )
    act_add(user=analyst, incident_id=incident.pk, violation_type="killing",
            victims=[{"name_ar": "محمد الحسين", "sex": "male", "age": 34}])
    return incident


def client_in(language: str, user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/", "/incidents/", "/incidents/new/", "detail"])
def test_pages_render_in_arabic_right_to_left(no_2fa, analyst, filed_incident, page):
    url = f"/incidents/{filed_incident.pk}/" if page == "detail" else page
    english = client_in("en", analyst).get(url)
    arabic = client_in("ar", analyst).get(url)
    assert english.status_code == arabic.status_code == 200

    assert 'dir="ltr"' in english.content.decode()[:300]
    html = arabic.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    english_text, arabic_text = visible_text(english.content.decode()), visible_text(html)
    shown = [word for word in UI_WORDS if word in english_text]
    assert "Incidents" in shown and "Log out" in shown
    for word in shown:
        assert word not in arabic_text, f"{word!r} is left in English on {url}"
        assert UI_WORDS[word] in arabic_text, f"{UI_WORDS[word]!r} missing on {url}"


@pytest.mark.django_db
def test_arabic_incident_detail_shows_counts_left_to_right(no_2fa, analyst, filed_incident):
    html = client_in("ar", analyst).get(f"/incidents/{filed_incident.pk}/").content.decode()
    assert '<span dir="ltr">3–5</span>' in html
    assert "قتلى" in html and "الضحايا" in html


@pytest.mark.django_db
def test_service_errors_are_shown_in_arabic(no_2fa, analyst):
    response = client_in("ar", analyst).post("/incidents/new/", {
        "title_ar": "قصف", "date_precision": "range", "start_date": "2017-06-03", "end_date": "2017-06-01",
        "place_precision": "community", "status": "received", "confidentiality": "1",
        "act-violation_type": "killing", "victims-TOTAL_FORMS": "0", "victims-INITIAL_FORMS": "0",
        "claim-degree": "alleged", "claim-confidence": "medium",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "يسبق تاريخ البداية" in html


def test_every_message_in_the_code_has_an_arabic_translation():
    """Regenerates every catalogue from the code in a temporary copy (scripts/messages.py --check):
    a string added to a template or to Python without its Arabic translation fails here."""
    import subprocess
    import sys

    script = PACKAGE.parent / "scripts" / "messages.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
