"""The cross-cutting redaction test: marker strings seeded into every sensitive field never reach
anything public: portal pages (every URL under /public/ reachable from the portal index, in both
languages, which includes the public case files linked from incident and actor pages), the public
JSON API (/api/public/: every page, every published incident, searches for the markers
themselves), the staff API as an anonymous caller, feeds, every export format with --public, a
public dataset release, and public case files (HTML and the PDFs' extracted text).

Each marker also reaches a staff output (positive control), so the test proves it would see a leak.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import unicodedata
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from exports import seed

pytestmark = pytest.mark.django_db

# Sensitive field -> marker. ASCII markers survive HTML and JSON escaping unchanged.
MARKERS = {
    "witness source title": "MKRwitnesstitleQ",
    "witness source origin": "MKRwitnessoriginQ",
    "witness source content": "MKRwitnesscontentQ",
    "witness source URL": "MKRwitnessurlQ",
    "witness source archived URL": "MKRwitnessarchiveQ",
    "witness name": "MKRwitnessnameQ",
    "witness name (Arabic)": "شاهدمخفيكلمة",
    "witness contact": "MKRwitnesscontactQ",
    "article origin": "MKRarticleoriginQ",
    "article content": "MKRarticlecontentQ",
    "social-media post title": "MKRsocialtitleQ",
    "social-media post URL": "MKRsocialurlQ",
    "internal source title": "MKRinternalsourcetitleQ",
    "internal source URL": "MKRinternalsourceurlQ",
    "internal victim name": "MKRvictiminternalQ",
    "internal victim name (Arabic)": "ضحيةمخفيةاسم",
    "internal victim other spelling": "MKRvariantQ",
    "public victim notes": "MKRpublicvictimnotesQ",
    "public victim other spelling": "MKRpublicvariantQ",
    "witness person name": "MKRwitnesspersonQ",
    "location detail": "MKRlocationnoteQ",
    "internal incident title": "MKRinternaltitleQ",
    "internal incident title (Arabic)": "عنوانداخليسري",
    "internal incident description": "MKRinternaldescQ",
    "restricted incident title": "MKRrestrictedtitleQ",
    "restricted incident description": "MKRrestricteddescQ",
    "secret incident title": "MKRsecrettitleQ",
    "deleted incident title": "MKRdeletedtitleQ",
    "rejected incident title": "MKRrejectedtitleQ",
    "claim note": "MKRclaimnoteQ",
    "act description": "MKRactdescQ",
    "evidence title": "MKRevidencetitleQ",
    "evidence file name": "MKRevidencefileQ",
    "evidence acquisition notes": "MKRevidencenotesQ",
    "evidence collector": "MKRcollectorQ",
    "draft report title": "MKRdraftreportQ",
}
# The public incident's exact coordinates (no public-place:exact tag): never published.
EXACT = (36.3498765, 37.5287654)
COORDINATE_MARKERS = ("36.34987", "37.52876", "36,34987", "37,52876")
PUBLIC_TITLE = "Airstrike on Tadaf bakery"
PUBLIC_VICTIM = "Ahmad Public-Victim"


@pytest.fixture
def seeded(make_user, settings, tmp_path):
    """Every sensitive field filled with its marker, around one public incident."""
    from sijill.evidence.services import evidence_add
    from sijill.incidents.services import act_add, incident_delete
    from sijill.people.services import person_create
    from sijill.reports.services import report_create, report_publish, report_submit

    settings.SIJILL_HOME = str(tmp_path)
    m = MARKERS
    editor = make_user("admin", 3)
    seed.place_tree()
    actor = seed.actor()
    witness = seed.source(editor, title=m["witness source title"], source_type="witness-testimony",
                          origin=m["witness source origin"], content=m["witness source content"],
                          url=f"https://example.org/{m['witness source URL']}",
                          archived_url=f"https://archive.example.org/{m['witness source archived URL']}",
                          witness_name=f"{m['witness name']} {m['witness name (Arabic)']}",
                          witness_contact=m["witness contact"])
    article = seed.source(editor, title="Published article on the bakery strike", url="https://enabbaladi.net/a/77",
                          origin=m["article origin"], content=m["article content"])
    social = seed.source(editor, title=m["social-media post title"], source_type="social-media-post",
                         url=f"https://x.com/{m['social-media post URL']}")
    internal_source = seed.source(editor, title=m["internal source title"], confidentiality=1,
                                  url=f"https://example.org/{m['internal source URL']}")
    person_create(user=editor, name_latin=m["witness person name"], confidentiality=1)

    public = seed.incident(
        editor, title_en=PUBLIC_TITLE, title_ar="قصف جوي على مخبز تادف", place="C1219", place_precision="exact",
        latitude=EXACT[0], longitude=EXACT[1], location_note=m["location detail"],
        description_en="A bakery queue was struck.", killed_total_min=7, killed_children_min=2,
        sources=[witness.pk, article.pk, social.pk, internal_source.pk],
    )
    act_add(user=editor, incident_id=public.pk, violation_type="killing", method="airstrike",
            description=m["act description"], victims=[
                {"name_latin": PUBLIC_VICTIM, "name_ar": "أحمد الضحية", "confidentiality": 0,
                 "notes": m["public victim notes"], "names": [{"name": m["public victim other spelling"]}]},
                {"name_latin": m["internal victim name"], "name_ar": m["internal victim name (Arabic)"],
                 "confidentiality": 1, "names": [{"name": m["internal victim other spelling"]}]},
            ], claims=[{"actor": actor.slug, "degree": "direct", "confidence": "high", "note": m["claim note"],
                        "sources": [witness.pk, internal_source.pk]}])
    internal = seed.incident(editor, title_en=m["internal incident title"], title_ar=m["internal incident title (Arabic)"],
                             description_en=m["internal incident description"], confidentiality=1, place="C5710")
    seed.incident(editor, title_en=m["restricted incident title"], description_en=m["restricted incident description"],
                  confidentiality=2, place="C1219")
    seed.incident(editor, title_en=m["secret incident title"], confidentiality=3, place="C1219")
    deleted = seed.incident(editor, title_en=m["deleted incident title"], place="C1219")
    incident_delete(user=editor, incident_id=deleted.pk)
    seed.incident(editor, title_en=m["rejected incident title"], status="rejected", place="C1219")

    evidence_add(user=editor, stream=io.BytesIO(b"bakery strike field notes\n" * 30),
                 filename=f"{m['evidence file name']}.txt", incidents=[public.pk], title=m["evidence title"],
                 notes=m["evidence acquisition notes"], collector=m["evidence collector"], confidentiality=0)

    report_create(user=editor, title=m["draft report title"], body="draft", incidents=[public.pk],
                  confidentiality=0)
    report = report_create(user=editor, title="Bakery strikes in Aleppo countryside", summary="What we documented.",
                           body="We documented a strike on a bakery queue in Tadaf.",
                           incidents=[public.pk, internal.pk], places=["C1219"], actors=[actor.slug],
                           authors=["Documentation team"], tags=["bakeries"])
    report_submit(user=editor, report_id=report.pk)
    report_publish(user=editor, report_id=report.pk)
    return {"editor": editor, "public": public, "internal": internal, "report": report}


def _texts(body: bytes, content_type: str = "") -> str:
    """Everything a reader could get from a response body: the text, unescaped, JSON decoded."""
    text = body.decode("utf-8", errors="replace")
    out = [text, html.unescape(text)]
    if "json" in content_type or text.lstrip().startswith(("{", "[")):
        try:
            out.append(json.dumps(json.loads(text), ensure_ascii=False))
        except ValueError:
            pass
    return "\n".join(out)


def _leaks(text: str) -> list[str]:
    squeezed = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    found = [name for name, marker in MARKERS.items() if marker in text or marker in squeezed]
    found += [f"exact coordinate {c}" for c in COORDINATE_MARKERS if c in text]
    return found


_LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"'#]+)""", re.IGNORECASE)


def _crawl(client, language: str) -> dict[str, str]:
    """Every URL under /public/ reachable from the portal index: url -> what it returned."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    seen: dict[str, str] = {}
    queue = deque(["/public/"])
    while queue and len(seen) < 400:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = f"{response.status_code}\n{_texts(body, response.get('Content-Type', ''))}"
        if response.status_code in (301, 302) and response.get("Location", "").startswith("/public/"):
            queue.append(response["Location"])
        for link in _LINK.findall(body.decode("utf-8", errors="replace")):
            target = urljoin(url, html.unescape(link))
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith("/public/") and path not in seen:
                queue.append(path)
    return seen


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "case-file.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_no_marker_reaches_any_public_output(seeded, client, tmp_path):
    from sijill.exports.case_files import incident_case_file, render_html, render_pdf
    from sijill.exports.formats import FORMATS
    from sijill.exports.releases import release_create
    from sijill.exports.services import export_write

    outputs: dict[str, str] = {}
    for language in ("en", "ar"):
        pages = _crawl(client, language)
        outputs.update({f"[{language}] {url}": text for url, text in pages.items()})
    crawled = "\n".join(outputs.values())
    # The crawl saw the portal: the public incident, its public victim and the published report.
    assert PUBLIC_TITLE in crawled and "قصف جوي على مخبز تادف" in crawled
    assert f"/public/incidents/{seeded['public'].pk}/" in "".join(outputs)
    assert "Bakery strikes in Aleppo countryside" in crawled and len(outputs) >= 10
    assert 'lang="ar"' in outputs["[ar] /public/"] and 'lang="en"' in outputs["[en] /public/"]
    # The crawl followed the case-file links of the incident and actor pages.
    assert f"[en] /public/incidents/{seeded['public'].pk}/case-file/" in outputs
    assert f"[ar] /public/actors/{seed.actor().slug}/case-file/" in outputs

    for url in ("/api/incidents/", f"/api/incidents/{seeded['internal'].pk}/", "/api/persons/", "/api/sources/"):
        response = client.get(url, follow=True)
        assert response.status_code in (401, 403, 404), url
        outputs[f"anonymous API {url}"] = _texts(response.content, response.get("Content-Type", ""))

    # The public JSON API: every page of the list, each published incident, searches for markers.
    public_api = [f"/api/public/incidents/?page_size=100&page={n}" for n in (1, 2)]
    public_api += [f"/api/public/incidents/{seeded[k].pk}" for k in ("public", "internal")]
    public_api += [f"/api/public/incidents/?q={MARKERS[k]}" for k in ("location detail", "internal victim name",
                                                                     "claim note", "internal incident title")]
    for url in public_api:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        outputs[f"public API {url}"] = _texts(response.content, response.get("Content-Type", ""))
    assert PUBLIC_TITLE in outputs[f"public API {public_api[0]}"]
    assert PUBLIC_VICTIM in outputs[f"public API {public_api[2]}"]
    assert all('"count":0' in outputs[f"public API {u}"].replace(" ", "") for u in public_api[4:])

    for name in FORMATS:
        stream = io.BytesIO()
        export_write(user=None, format=name, stream=stream, public=True)
        outputs[f"export --public --format {name}"] = _texts(stream.getvalue().removeprefix(b"\xef\xbb\xbf"))
    assert PUBLIC_TITLE in outputs["export --public --format json"]

    release = release_create(user=None, directory=tmp_path / "releases")
    for name in release.files:
        outputs[f"release {name}"] = _texts((tmp_path / "releases" / "sijill-public-release-1" / name).read_bytes())

    case = incident_case_file(user=None, incident_id=seeded["public"].pk, public=True)
    outputs["public case file (HTML, en)"] = render_html(case, "en", standalone=True)
    outputs["public case file (HTML, ar)"] = render_html(case, "ar", standalone=True)
    if shutil.which("pdftotext"):
        outputs["public case file (PDF text)"] = _pdf_text(render_pdf(case, "en"), tmp_path)
        assert PUBLIC_VICTIM in outputs["public case file (PDF text)"]
        # The PDFs the portal links, as a reader downloads them.
        for kind, url in (("incident", f"/public/incidents/{seeded['public'].pk}/case-file/?format=pdf"),
                          ("actor", f"/public/actors/{seed.actor().slug}/case-file/?format=pdf")):
            response = client.get(url)
            assert response.status_code == 200 and response.content.startswith(b"%PDF"), url
            outputs[f"portal {kind} case file (PDF text)"] = _pdf_text(response.content, tmp_path)
            assert PUBLIC_VICTIM in outputs[f"portal {kind} case file (PDF text)"], url

    print(f"checked {len(outputs)} public outputs")  # noqa: T201 - shown with -s
    leaks = {where: found for where, text in outputs.items() if (found := _leaks(text))}
    assert not leaks, leaks


def test_every_marker_is_in_a_staff_output(seeded, tmp_path):
    """Positive control: the seeding worked and the same checks find each marker where it may be."""
    from sijill.evidence.models import EvidenceItem
    from sijill.exports.case_files import incident_case_file, render_html
    from sijill.exports.services import export_write
    from sijill.incidents.models import Incident
    from sijill.people.models import Person, PersonName
    from sijill.reports.models import Report
    from sijill.sources.models import Source

    editor = seeded["editor"]
    stream = io.BytesIO()
    export_write(user=editor, format="json", stream=stream)
    staff = _texts(stream.getvalue())
    staff += render_html(incident_case_file(user=editor, incident_id=seeded["public"].pk), "en", standalone=True)
    witness = Source.objects.get(source_type__code="witness-testimony")
    # Fields no export carries, even to staff, are read from the database: they were seeded.
    stored = " ".join([
        witness.origin, witness.content, witness.witness_name, witness.witness_contact,
        *Source.objects.values_list("origin", flat=True), *Source.objects.values_list("content", flat=True),
        *PersonName.objects.values_list("name", flat=True),
        *Person.objects.values_list("name_latin", flat=True), *(p.notes for p in Person.objects.all()),  # notes: sealed
        *Report.objects.values_list("title", flat=True),
        *EvidenceItem.objects.values_list("original_name", flat=True),
        *[f"{e.acquisition.notes} {e.acquisition.collector}" for e in EvidenceItem.objects.all()],
    ])
    stored += " ".join(Incident.objects.values_list("title_en", flat=True))
    missing = [name for name, marker in MARKERS.items() if marker not in staff + stored]
    assert not missing, missing
    # The markers in titles, victims, claims, locations and sources reach staff outputs themselves.
    for name in ("internal incident title", "restricted incident title", "secret incident title",
                 "internal victim name", "claim note", "location detail", "internal source title",
                 "witness source title", "evidence title"):
        assert MARKERS[name] in staff, name
    assert "36.3498765" in staff
    assert {"exact coordinate 36.34987", "internal incident title", "claim note"} <= set(_leaks(staff))
