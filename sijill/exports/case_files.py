"""Case files: dossiers for an incident, an actor, or a place and period, as HTML and PDF.

A case file is built from the same incident records as the exports (`records.py`): what the
reader's clearance shows, or (public=True, incident and actor dossiers) what is published. It holds
each incident's facts in both languages, the acts with their victims and the perpetration claims
with degree, confidence and the sources that make them, the sources, a locator map drawn from the
shipped boundaries, charts, and the evidence list with SHA-256 hashes (never in a public file).

The HTML page and the PDF come from the same template (`exports/case_file_body.html`); the PDF
is WeasyPrint with Debian's Noto Naskh/Sans Arabic fonts, so Arabic is shaped and right-to-left.
Every case file made is recorded in the audit chain.
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sijill.audit.services import audit_record
from sijill.confidentiality import Confidentiality
from sijill.errors import NotFound, PermissionDenied

from . import maps
from .records import incident_records

STATIC = Path(__file__).resolve().parent / "static" / "exports"
MAX_INCIDENTS = 2000  # a dossier beyond this is an export, not a document
LEVEL_LABELS = {int(v): label for v, label in Confidentiality.choices}


@dataclass
class CaseFile:
    kind: str  # incident | actor | place
    subject_id: str
    title_ar: str
    title_en: str
    records: list[dict]
    public: bool
    generated_by: str
    period: tuple[date | None, date | None] = (None, None)
    actor: dict | None = None
    attributed: list[dict] = field(default_factory=list)  # actor dossier: one row per claim
    evidence: list[dict] = field(default_factory=list)
    generated_at: datetime = field(default_factory=timezone.now)

    @property
    def marking(self) -> int:
        """The highest confidentiality level of anything in the file (its marking)."""
        levels = [r.get("confidentiality", 0) for r in self.records]
        levels += [v.get("confidentiality", 0) for r in self.records for a in r["acts"] for v in a["victims"]]
        return max(levels, default=0)


def _require_viewer(user) -> None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.may("view"):
        raise PermissionDenied(_("Your role does not allow case files."))


def _evidence_for(user, records: list[dict]) -> list[dict]:
    from sijill.evidence.selectors import evidence_list

    ids = [r["id"] for r in records]
    items = (evidence_list(user=user).filter(incidents__in=ids).distinct()
             .prefetch_related("incidents").order_by("id")[:1000])
    listed = []
    for item in items:
        listed.append({
            "incidents": sorted(i.pk for i in item.incidents.all() if i.pk in ids),
            "title": item.title or item.original_name, "name": item.original_name, "kind": item.get_kind_display(),
            "mime_type": item.mime_type, "size": item.size, "sha256": item.sha256,
            "timestamped": item.timestamp_status == "stamped", "added": item.created_at,
        })
    return listed


def _audit(user, case: CaseFile) -> None:
    with transaction.atomic():
        audit_record(user=user, action="case_file", record_type=case.kind, record_id=case.subject_id,
                     changes={"public": case.public, "incidents": [r["id"] for r in case.records]})


def incident_case_file(*, user, incident_id, public: bool = False) -> CaseFile:
    """The dossier of one incident: as `user` may see it, or (public=True) as published."""
    if not public:
        _require_viewer(user)
    try:
        incident_id = int(incident_id)
    except (TypeError, ValueError):
        raise NotFound(f"No incident {incident_id!r}.") from None
    records = list(incident_records(user=user, public=public, ids=[incident_id]))
    if not records:
        raise NotFound(f"No incident {incident_id}.")
    record = records[0]
    case = CaseFile(kind="incident", subject_id=str(incident_id), title_ar=record["title_ar"],
                    title_en=record["title_en"], records=records, public=public,
                    generated_by="" if public else user.username)
    if not public:
        case.evidence = _evidence_for(user, records)
    _audit(user if not public else None, case)
    return case


def actor_case_file(*, user, actor, public: bool = False) -> CaseFile:
    """Every act attributed to an actor (and its units) that `user` may see, with sources and confidence;
    public=True: the published incidents only (redaction), whoever asks."""
    from sijill.actors.models import Actor
    from sijill.incidents.selectors import IncidentFilters

    if not public:
        _require_viewer(user)
    lookup = {"pk": int(actor)} if str(actor).isdigit() else {"slug": actor}
    found = Actor.objects.filter(deleted_at__isnull=True, **lookup).first()
    if found is None:
        raise NotFound(f"No actor {actor!r}.")
    units = {found.slug}
    if len(found.path or "") > 1:  # "/3/17/": the actor and its units
        units |= set(Actor.objects.filter(path__startswith=found.path, deleted_at__isnull=True)
                     .values_list("slug", flat=True))
    records = list(_limited(incident_records(user=user, public=public, filters=IncidentFilters(actor=found.slug))))
    attributed = []
    for record in records:
        for act in record["acts"]:
            for claim in act["perpetrators"]:
                if claim["actor"] in units:
                    attributed.append({"record": record, "act": act, "claim": claim})
    case = CaseFile(kind="actor", subject_id=found.slug, title_ar=found.name_ar or found.name_en,
                    title_en=found.name_en, records=records, public=public,
                    generated_by="" if public else user.username,
                    actor={"slug": found.slug, "name_en": found.name_en, "name_ar": found.name_ar,
                           "aliases": list(found.aliases.values_list("name", flat=True)),
                           "parent": found.parent.name_en if found.parent_id else ""},
                    attributed=attributed)
    if not public:
        case.evidence = _evidence_for(user, records)
    _audit(user if not public else None, case)
    return case


def place_case_file(*, user, pcode: str, date_from: date | None = None, date_to: date | None = None) -> CaseFile:
    """Every incident in a place (and below it) within a period, as `user` may see them."""
    from sijill.incidents.selectors import IncidentFilters
    from sijill.places.models import Place

    _require_viewer(user)
    place = Place.objects.filter(pcode=pcode).first()
    if place is None:
        raise NotFound(f"No place {pcode!r}.")
    if date_from and date_to and date_from > date_to:
        raise ValueError(_("The period ends (%(end)s) before it starts (%(start)s).") % {"end": date_to, "start": date_from})
    filters = IncidentFilters(place=pcode, date_from=date_from, date_to=date_to)
    records = list(_limited(incident_records(user=user, filters=filters)))
    case = CaseFile(kind="place", subject_id=pcode, title_ar=place.name_ar or place.name_en, title_en=place.name_en,
                    records=records, public=False, generated_by=user.username, period=(date_from, date_to))
    case.evidence = _evidence_for(user, records)
    _audit(user, case)
    return case


def _limited(records):
    for n, record in enumerate(records):
        if n >= MAX_INCIDENTS:
            raise ValueError(_("More than %(n)d incidents: narrow the period or the place, or use an export.")
                             % {"n": MAX_INCIDENTS})
        yield record


# ---------------------------------------------------------------- presentation


def _pick(record: dict, name: str, lang: str) -> tuple[str, str]:
    """(text in `lang`, the other language's text when it differs)."""
    mine, other = (f"{name}_ar", f"{name}_en") if lang == "ar" else (f"{name}_en", f"{name}_ar")
    first = record.get(mine) or record.get(other) or ""
    second = record.get(other) if record.get(mine) and record.get(other) != record.get(mine) else ""
    return first, second or ""


def _label(term: dict | None, lang: str) -> str:
    if not term:
        return ""
    return term.get(lang) or term.get("en") or term.get("code", "")


def _figure(low, high) -> str:
    if low in (None, "") and high in (None, ""):
        return ""
    if high in (None, "") or high == low:
        return str(low)
    if low in (None, ""):
        return f"–{high}"
    return f"{low}–{high}"


def present_record(record: dict, lang: str) -> dict:
    """A record with its texts and labels in `lang` (the other language kept beside where it differs)."""
    title, title_other = _pick(record, "title", lang)
    description, description_other = _pick(record, "description", lang)
    place = record["place"] or {}
    name_key = "name_ar" if lang == "ar" else "name_en"
    admin = [record["admin"][k].get(name_key) or record["admin"][k]["name_en"]
             for k in ("admin3", "admin2", "admin1") if k in record["admin"]]
    c = record["casualties"]
    groups = [("total", _("total")), ("children", _("children")), ("women", _("women")), ("men", _("men")),
              ("combatants", _("combatants"))]
    casualties = [
        {"label": label, "killed": _figure(c[f"killed_{g}_min"], c[f"killed_{g}_max"]),
         "injured": _figure(c[f"injured_{g}_min"], c[f"injured_{g}_max"])}
        for g, label in groups
    ]
    acts = []
    for act in record["acts"]:
        acts.append({
            "violation": _label(act["violation_type"], lang), "method": _label(act["method"], lang),
            "legal": act.get("legal_qualification", ""),
            "victims": [{"name": (v["name_ar"] or v["name_latin"]) if lang == "ar" else (v["name_latin"] or v["name_ar"]),
                         "other": (v["name_latin"] if lang == "ar" else v["name_ar"]) or "",
                         "sex": v["sex"], "age": v["age"], "outcome": v["outcome"]} for v in act["victims"]],
            "perpetrators": [{"name": (p["name_ar"] or p["name_en"]) if lang == "ar" else p["name_en"],
                              "degree": p["degree"], "confidence": p["confidence"], "note": p.get("note", ""),
                              "sources": [s["title"] or _label(s["type"], lang) for s in p.get("sources", [])]}
                             for p in act["perpetrators"]],
        })
    return {
        "id": record["id"], "title": title, "title_other": title_other,
        "description": description, "description_other": description_other,
        "start_date": record["start_date"], "end_date": record["end_date"], "date_precision": record["date_precision"],
        "place": (place.get(name_key) or place.get("name_en", "")) if place else "", "pcode": place.get("pcode", ""),
        "admin": "، ".join(admin) if lang == "ar" else ", ".join(admin),
        "latitude": record["latitude"], "longitude": record["longitude"], "geo_precision": record["geo_precision"],
        "location_note": record.get("location_note", ""),
        "grading": _label(record["grading"], lang), "status": _label(record["status"], lang),
        "confidentiality": LEVEL_LABELS.get(record.get("confidentiality", 0), ""),
        "tags": record["tags"], "casualties": casualties, "acts": acts,
        "sources": [{"type": _label(s["type"], lang), "title": s["title"], "url": s["url"],
                     "archived_url": s["archived_url"], "published_on": s["published_on"],
                     "grade": f"{(s['reliability'] or '').upper()}{s['credibility'] or ''}"} for s in record["sources"]],
    }


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _figures(case: CaseFile, lang: str) -> dict:
    """The map and charts of a case file, as data URIs (the HTML page and the PDF embed the same)."""
    from sijill.analysis import charts

    arabic = lang == "ar"
    points = [maps.Point(r["longitude"], r["latitude"], f"#{r['id']}" if len(case.records) > 1 else "")
              for r in case.records if r["latitude"] is not None and r["longitude"] is not None]
    figures = {"map": _data_uri(maps.locator_map(points, arabic=arabic)), "charts": []}
    if case.kind == "incident":
        c = case.records[0]["casualties"]
        values = [(label, c[f"killed_{g}_min"]) for g, label in (
            ("children", _("children")), ("women", _("women")), ("men", _("men")), ("combatants", _("combatants")))]
        values = [(label, v) for label, v in values if isinstance(v, int)]
        if any(v for _label_, v in values):
            figures["charts"].append((_("Killed (minimum) by group"), _data_uri(charts.bar_chart(
                [label for label, _v in values], [v for _l, v in values], title=_("Killed (minimum) by group")))))
        return figures
    rows = [a["act"] for a in case.attributed] if case.kind == "actor" else [a for r in case.records for a in r["acts"]]
    by_type = Counter(_label(a["violation_type"], lang) for a in rows)
    if by_type:
        labels, values = zip(*by_type.most_common(12), strict=True)
        figures["charts"].append((_("Acts by violation type"), _data_uri(charts.bar_chart(
            list(labels), list(values), title=_("Acts by violation type")))))
    by_year = Counter(r["start_date"][:4] for r in case.records)
    if by_year:
        years = sorted(by_year)
        figures["charts"].append((_("Incidents by year"), _data_uri(charts.timeline_chart(
            years, [(_("incidents"), [by_year[y] for y in years])], title=_("Incidents by year")))))
    return figures


def case_file_context(case: CaseFile, lang: str) -> dict:
    """Everything the case-file template shows, in `lang`."""
    with translation.override(lang):
        presented = {r["id"]: present_record(r, lang) for r in case.records}
        attributed = [{"incident": presented[a["record"]["id"]],
                       "violation": _label(a["act"]["violation_type"], lang), "method": _label(a["act"]["method"], lang),
                       "degree": a["claim"]["degree"], "confidence": a["claim"]["confidence"],
                       "actor": (a["claim"]["name_ar"] or a["claim"]["name_en"]) if lang == "ar" else a["claim"]["name_en"],
                       "sources": [s["title"] or _label(s["type"], lang) for s in a["claim"].get("sources", [])]}
                      for a in case.attributed]
        title = case.title_ar if lang == "ar" else (case.title_en or case.title_ar)
        other = case.title_en if lang == "ar" else case.title_ar
        return {
            "case": case, "lang": lang, "rtl": lang == "ar", "title": title,
            "title_other": other if other != title else "",
            "incidents": list(presented.values()), "attributed": attributed, "figures": _figures(case, lang),
            "marking": LEVEL_LABELS.get(case.marking, ""),
            "killed_total": sum(r["casualties"]["killed_total_min"] or 0 for r in case.records
                                if isinstance(r["casualties"]["killed_total_min"], int)),
        }


def render_html(case: CaseFile, lang: str, *, request=None, standalone: bool = False) -> str:
    """The case file as an HTML page: inside the staff layout, or standalone (what the PDF prints)."""
    context = case_file_context(case, lang)
    template = "exports/case_file_pdf.html" if standalone else "exports/case_file.html"
    with translation.override(lang):
        return render_to_string(template, context, request=request)


def render_pdf(case: CaseFile, lang: str) -> bytes:
    """The case file as PDF (WeasyPrint), from the same template as the page; fonts from Debian."""
    from weasyprint import CSS, HTML

    html = render_html(case, lang, standalone=True)
    stylesheets = [CSS(filename=str(STATIC / "case_file.css")), CSS(filename=str(STATIC / "case_file_print.css"))]
    return HTML(string=html, base_url=str(STATIC)).write_pdf(stylesheets=stylesheets)
