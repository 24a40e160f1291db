"""Case files: HTML and PDF dossiers for an incident, an actor, a place and period."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from sijill.errors import NotFound, PermissionDenied
from sijill.exports.case_files import (
    actor_case_file,
    incident_case_file,
    place_case_file,
    render_html,
    render_pdf,
)

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "case-files"
POPPLER = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
                             reason="poppler-utils (pdftotext, pdftoppm) is not installed; see the Makefile")


def normalised(text: str) -> str:
    """NFKC (Arabic presentation forms -> letters), bidi marks dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words of `text`, normalised, without Arabic marks (tanween, harakat) and punctuation.

    pdftotext places a mark glyph drawn above its letter (the tanween of صباحاً) on a line of its
    own and may move that word with it, so text with marks is compared word by word.
    """
    text = "".join(ch for ch in normalised(text) if unicodedata.category(ch) not in ("Mn", "Po"))
    return text.split()


def pdf_text(pdf: bytes, path: Path) -> str:
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@POPPLER
def test_arabic_incident_case_file_pdf_renders_and_its_text_matches_the_source(world):
    from PIL import Image

    incident = world["public"]
    case = incident_case_file(user=world["analyst"], incident_id=incident.pk)
    pdf = render_pdf(case, "ar")
    assert pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf_path = ARTIFACTS / "incident-ar.pdf"
    text = normalised(pdf_text(pdf, pdf_path))
    # Text without marks comes out exactly as written, in reading order.
    for source in ("قصف جوي على سوق تادف", "قصفت طائرات حربية سوق تادف المزدحم", "محمد الحسين", "ليلى الحسين",
                   "سلاح الجو التجريبي", "مقبول", "متحقق منه", "ملف قضية حادثة", "الضحايا"):
        assert normalised(source) in text, source
    extracted = words(text)
    for source in ("قصفت طائرات حربية سوق تادف المزدحم صباحاً.", world["public"].description_ar):
        missing = [w for w in words(source) if w not in extracted]
        assert not missing, missing
    # The page as an image, for a human to look at: Arabic shaped and right-to-left.
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf_path), str(ARTIFACTS / "incident-ar")],
                   check=True)
    png = next(ARTIFACTS.glob("incident-ar-*1.png"))
    with Image.open(png) as image:
        assert image.width > 400 and image.height > 500
        greys = image.convert("L")
        assert greys.getextrema()[0] < 80  # there is dark text on the page, not a blank sheet
        # Right-to-left: the title line's ink starts at the right margin, not the left.
        width = greys.width
        ink = [x for x in range(width) for y in range(120, 200) if greys.getpixel((x, y)) < 100]
        assert ink and max(ink) > width * 0.8


@POPPLER
def test_english_case_file_pdf_keeps_the_arabic_text_beside_the_english(world):
    case = incident_case_file(user=world["analyst"], incident_id=world["public"].pk)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    text = normalised(pdf_text(render_pdf(case, "en"), ARTIFACTS / "incident-en.pdf"))
    assert "Airstrike on Tadef market" in text and "Warplanes struck the busy market." in text
    assert normalised("قصف جوي على سوق تادف") in text and "Incident case file" in text


def test_incident_case_file_lists_evidence_with_sha256(world, settings, tmp_path):
    import hashlib
    import io

    from sijill.evidence.services import evidence_add

    settings.SIJILL_HOME = str(tmp_path)
    content = "تقرير ميداني عن قصف سوق تادف\n".encode() * 40
    evidence_add(user=world["editor"], stream=io.BytesIO(content), filename="field-report.txt",
                 incidents=[world["public"].pk], confidentiality=1)
    case = incident_case_file(user=world["analyst"], incident_id=world["public"].pk)
    html = render_html(case, "en", standalone=True)
    assert hashlib.sha256(content).hexdigest() in html
    hidden = incident_case_file(user=world["internal_reader"], incident_id=world["public"].pk)
    assert [e["sha256"] for e in hidden.evidence] == [hashlib.sha256(content).hexdigest()]


def test_public_case_file_is_redacted_and_has_no_evidence(world):
    case = incident_case_file(user=None, incident_id=world["public"].pk, public=True)
    html = render_html(case, "ar", standalone=True)
    assert "ليلى الحسين" not in html and "36.3411111" not in html and "a resident of Tadaf" not in html
    assert "SHA-256" not in html and case.evidence == []
    with pytest.raises(NotFound):
        incident_case_file(user=None, incident_id=world["internal"].pk, public=True)


def test_actor_case_file_lists_every_attributed_act_with_sources_and_confidence(world):
    case = actor_case_file(user=world["analyst"], actor="test-militia")
    rows = [(a["record"]["id"], a["claim"]["degree"], a["claim"]["confidence"]) for a in case.attributed]
    assert sorted(rows) == sorted([(world["public"].pk, "alleged", "low"), (world["internal"].pk, "direct", "medium")])
    air = actor_case_file(user=world["analyst"], actor="test-air-force")
    (row,) = air.attributed
    assert [s["title"] for s in row["claim"]["sources"]] == ["Enab Baladi report"]
    html = render_html(air, "en", standalone=True)
    assert "Enab Baladi report" in html and "Acts attributed to this actor" in html
    # A reader cleared for public records only sees none of the internal incident's acts.
    public_reader = world["editor"].__class__.objects.create(username="public-viewer", role="viewer", clearance=0)
    assert [a["record"]["id"] for a in actor_case_file(user=public_reader, actor="test-militia").attributed] == [
        world["public"].pk]


def test_place_and_period_case_file_selects_by_place_subtree_and_dates(world):
    case = place_case_file(user=world["analyst"], pcode="SY02", date_from=date(2017, 1, 1), date_to=date(2017, 12, 31))
    assert [r["id"] for r in case.records] == [world["public"].pk]
    assert place_case_file(user=world["analyst"], pcode="SY11", date_from=date(2017, 1, 1)).records == []
    raqqa = place_case_file(user=world["analyst"], pcode="SY11")
    assert [r["id"] for r in raqqa.records] == [world["internal"].pk]
    html = render_html(raqqa, "ar", standalone=True)
    assert 'dir="rtl"' in html and "حملة اعتقالات في الرقة" in html and re.search(r'src="data:image/png;base64,', html)


def test_case_files_need_a_viewer_and_are_audited(world):
    from sijill.audit.models import AuditEvent

    with pytest.raises(PermissionDenied):
        actor_case_file(user=None, actor="test-militia")
    incident_case_file(user=world["analyst"], incident_id=world["internal"].pk)
    event = AuditEvent.objects.filter(action="case_file").latest("seq")
    assert (event.record_type, event.record_id, event.username) == ("incident", str(world["internal"].pk), "analyst-2")
    with pytest.raises(NotFound):
        incident_case_file(user=world["internal_reader"], incident_id=world["restricted"].pk)


def test_case_file_command_writes_pdf_and_html(world, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    pdf = tmp_path / "actor.pdf"
    call_command("case_file", "actor", "test-militia", user=world["analyst"].username, lang="en", output=str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    page = tmp_path / "incident.html"
    call_command("case_file", "incident", str(world["public"].pk), public=True, output=str(page))
    assert "قصف جوي على سوق تادف" in page.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="No incident"):
        call_command("case_file", "incident", str(world["internal"].pk), public=True, output=str(page))
