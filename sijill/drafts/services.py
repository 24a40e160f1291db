"""Writing drafts: read a report into a draft, review its items, turn it into an incident.

The extraction itself is `sijill.extraction.extract` (plain Python); this module stores what it
found, the analyst's decision on each item (accept, correct, reject), and, when the analyst
creates the incident, the spans each incident field came from (`Draft.provenance`).
"""

from __future__ import annotations

import os
import time
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.confidentiality import Confidentiality, clearance_of
from sijill.errors import PermissionDenied
from sijill.extraction import extract
from sijill.extraction.model import ModelExtractor

from .batch_files import LANGS, BatchFileError, read_batch_file, read_batch_reports
from .models import BatchEntry, Draft, ReportBatch

KINDS = ("places", "actors", "dates", "casualties", "violations", "victims")
DECISIONS = ("accept", "correct", "reject")
MAX_TEXT = 1_000_000
# How often (seconds) a batch being read tells its page how far it is.
PROGRESS_EVERY = 0.5


def _require_create(user) -> None:
    if user is None or not user.may("create"):
        raise PermissionDenied(_("Your role does not allow you to create records."))


@transaction.atomic
def draft_create(*, user, text: str, published_on: date | None = None, lang: str = "auto", title: str = "",
                 confidentiality: int = Confidentiality.INTERNAL) -> Draft:
    """Read a report and store it with its extraction as a new draft."""
    _require_create(user)
    text = text or ""
    if not text.strip():
        raise ValidationError({"text": _("Paste or upload the text of a report.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("At most %(n)d characters can be read at once.") % {"n": MAX_TEXT}})
    if confidentiality not in Confidentiality.values or confidentiality > clearance_of(user):
        raise ValidationError({"confidentiality": _("You cannot file a record above your own clearance.")})
    return _read_into_draft(user=user, text=text, published_on=published_on, lang=lang, title=title,
                            confidentiality=confidentiality)


def _read_into_draft(*, user, text: str, published_on: date | None, lang: str, title: str,
                     confidentiality: int) -> Draft:
    result = _extract(text, published_on=published_on, lang=lang)
    return _store_draft(user=user, text=text, result=result, published_on=published_on, title=title,
                        confidentiality=confidentiality)


def _extract(text: str, *, published_on: date | None, lang: str):
    # A model reads the report too only where SIJILL_MODEL_ENDPOINT names one (never by default);
    # if it cannot be reached, or is set wrongly, the rules' draft is kept and says so
    # (incident["model"]["error"]): a report is never refused for the model's sake.
    try:
        model, model_error = ModelExtractor.from_environment(), None
    except ValueError as exc:
        model, model_error = None, str(exc)
    result = extract(text, published=published_on, lang=lang, extractor=model)
    if model_error:
        result.incident["model"] = {"name": os.environ.get("SIJILL_MODEL_NAME") or "local", "error": model_error}
    return result


def _store_draft(*, user, text: str, result, published_on: date | None, title: str, confidentiality: int) -> Draft:
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Draft.objects.create(
        title=(title or first_line)[:500], text=text, language=result.language, published_on=published_on,
        extraction=result.as_dict(), confidentiality=confidentiality, created_by=user,
    )


def _check_open(draft: Draft) -> None:
    if draft.status != Draft.Status.NEW:
        raise ValidationError({"status": _("This draft has already been closed.")})


@transaction.atomic
def draft_decide(*, user, draft: Draft, decisions: dict) -> Draft:
    """Record the analyst's decisions: {kind: {item id: {"decision": ..., "value": ...}}}."""
    _require_create(user)
    _check_open(draft)
    stored = dict(draft.decisions)
    for kind, items in decisions.items():
        if kind not in KINDS:
            raise ValidationError({"decisions": _("Unknown kind of item %(kind)r.") % {"kind": kind}})
        known = {str(item["id"]) for item in draft.extraction.get(kind, [])}
        for item_id, decision in items.items():
            if str(item_id) not in known or decision.get("decision") not in DECISIONS:
                raise ValidationError({"decisions": _("Unknown item or decision.")})
            stored.setdefault(kind, {})[str(item_id)] = {"decision": decision["decision"],
                                                         "value": decision.get("value") or ""}
    draft.decisions = stored
    draft.save(update_fields=["decisions", "updated_at"])
    return draft


def draft_items(draft: Draft, kind: str) -> list[dict]:
    """The items of a kind the analyst kept: accepted or corrected ones, and the proposal's own
    items unless rejected. A corrected item carries the analyst's `value`."""
    proposal_items = {v["item"] for k, v in draft.extraction.get("incident", {}).items()
                      if isinstance(v, dict) and "item" in v and _kind_of(k) == kind}
    out = []
    for item in draft.extraction.get(kind, []):
        decision = draft.decisions.get(kind, {}).get(str(item["id"]), {})
        d = decision.get("decision")
        if d == "reject" or (d is None and item["id"] not in proposal_items):
            continue
        kept = dict(item)
        if d == "correct":
            kept["corrected"] = decision.get("value", "")
        out.append(kept)
    return out


def _kind_of(field: str) -> str:
    return {"place": "places", "perpetrator": "actors", "date": "dates", "killed": "casualties",
            "injured": "casualties", "violation": "violations"}.get(field, "")


def _provenance(kind: str, item: dict, value) -> dict:
    return {"kind": kind, "item": item["id"], "span": item["span"], "text": item["text"], "value": value}


def _incident_fields(draft: Draft) -> tuple[dict, list[dict], dict]:
    """Incident fields, acts and provenance from the kept items."""
    from sijill.places.models import Place

    fields: dict = {}
    provenance: dict = {}
    places = draft_items(draft, "places")
    if places:
        p = places[0]
        pcode = p.get("corrected") or p.get("pcode")
        if pcode and Place.objects.filter(pcode=pcode).exists():
            fields["place"] = pcode
        fields["location_note"] = p["text"][:500]
        provenance["place"] = _provenance("places", p, pcode)
    dates = [d for d in draft_items(draft, "dates") if d.get("corrected") or d.get("date")]
    if dates:
        d = dates[0]
        fields["start_date"] = d.get("corrected") or d["date"]
        fields["date_precision"] = "day"
        provenance["start_date"] = _provenance("dates", d, fields["start_date"])
    for c in draft_items(draft, "casualties"):
        group = c["group"] if c["group"] != "civilians" else "total"
        name = f"{c['outcome']}_{group}"
        if f"{name}_min" in fields:
            continue
        lo, hi = c["min"], c["max"]
        if c.get("corrected"):
            parts = str(c["corrected"]).replace("–", "-").split("-")
            lo, hi = int(parts[0]), int(parts[-1]) if parts[-1].strip() else None
        fields[f"{name}_min"], fields[f"{name}_max"] = lo, hi
        provenance[name] = _provenance("casualties", c, [lo, hi])
    claims = []
    seen = set()
    for a in draft_items(draft, "actors"):
        slug = a.get("corrected") or a.get("actor") or a.get("parent")
        if not slug or slug in seen:
            continue
        seen.add(slug)
        note = _("Named in the report as %(name)s.") % {"name": a["text"]} if a.get("unseeded") else ""
        claims.append({"actor": slug, "degree": "alleged", "confidence": "medium", "note": note})
        provenance.setdefault("claims", []).append(_provenance("actors", a, slug))
    victims = []
    for v in draft_items(draft, "victims"):
        name = v.get("corrected") or v["name"]
        key = "name_ar" if any("\u0600" <= ch <= "\u06ff" for ch in name) else "name_latin"
        victims.append({key: name, "outcome": "killed", "confidentiality": draft.confidentiality})
        provenance.setdefault("victims", []).append(_provenance("victims", v, name))
    acts = []
    types_seen = set()
    for v in draft_items(draft, "violations"):
        vtype = v.get("corrected") or v["type"]
        if vtype in types_seen:
            continue
        types_seen.add(vtype)
        acts.append({"violation_type": vtype, "method": v.get("method"), "claims": claims, "victims": victims})
        provenance.setdefault("acts", []).append(_provenance("violations", v, vtype))
        claims, victims = [], []  # the first act carries them; the analyst may move them later
    if not acts and (claims or victims):
        acts.append({"violation_type": "other", "claims": claims, "victims": victims})
    return fields, acts, provenance


@transaction.atomic
def draft_create_incident(*, user, draft: Draft, title: str = "", start_date: str | None = None) -> Draft:
    """Create the incident, its acts and perpetration claims, and a Source holding the text."""
    from sijill.incidents.services import incident_create
    from sijill.sources.services import source_create

    _require_create(user)
    _check_open(draft)
    fields, acts, provenance = _incident_fields(draft)
    if start_date:
        fields["start_date"], fields["date_precision"] = start_date, "day"
        provenance["start_date"] = {"kind": "analyst", "value": start_date}
    if not fields.get("start_date"):
        raise ValidationError({"start_date": _("The report gives no date; enter the incident's date.")})
    source = source_create(
        user=user, title=(title or draft.title)[:500] or _("Report"), source_type="media-article",
        published_on=draft.published_on, language=draft.language if draft.language in ("ar", "en") else "",
        content=draft.text, confidentiality=draft.confidentiality,
    )
    for act in acts:
        for claim in act.get("claims", []):
            claim["sources"] = [source.pk]
        act["sources"] = [source.pk]
    title = (title or draft.title)[:500]
    is_ar = draft.language == "ar"
    incident = incident_create(
        user=user, sources=[source.pk], acts=acts, confidentiality=draft.confidentiality,
        title_ar=title if is_ar else "", title_en="" if is_ar else title, **fields,
    )
    draft.incident, draft.source, draft.provenance = incident, source, provenance
    draft.status = Draft.Status.ACCEPTED
    draft.save(update_fields=["incident", "source", "provenance", "status", "updated_at"])
    return draft


@transaction.atomic
def draft_attach(*, user, draft: Draft, incident_id: int) -> Draft:
    """Add the report as one more source of an existing incident instead of a duplicate."""
    from sijill.incidents.selectors import incident_get
    from sijill.incidents.services import incident_update
    from sijill.sources.services import source_create

    _require_create(user)
    _check_open(draft)
    incident = incident_get(user=user, incident_id=incident_id)
    source = source_create(
        user=user, title=draft.title[:500] or _("Report"), source_type="media-article",
        published_on=draft.published_on, language=draft.language if draft.language in ("ar", "en") else "",
        content=draft.text, confidentiality=draft.confidentiality,
    )
    incident_update(user=user, incident_id=incident.pk, lock_version=incident.lock_version,
                    sources=[*incident.sources.values_list("pk", flat=True), source.pk])
    _fields, _acts, provenance = _incident_fields(draft)
    draft.incident, draft.source, draft.provenance = incident, source, provenance
    draft.status = Draft.Status.ATTACHED
    draft.save(update_fields=["incident", "source", "provenance", "status", "updated_at"])
    return draft


@transaction.atomic
def drafts_create_one_incident(*, user, drafts: list[Draft]) -> Draft:
    """Several reports of one event become one incident with a source for each, not duplicates.

    The first draft's proposal (with the analyst's decisions on it) makes the incident
    (`draft_create_incident`); each other draft is added to it as a source (`draft_attach`). All or
    nothing: a draft already used or rejected stops the whole group, naming it."""
    if len(drafts) < 2:
        raise ValidationError({"drafts": _("Choose at least two reports to join into one incident.")})
    _require_open(drafts)
    lead = draft_create_incident(user=user, draft=drafts[0])
    for draft in drafts[1:]:
        draft_attach(user=user, draft=draft, incident_id=lead.incident_id)
    return lead


@transaction.atomic
def drafts_add_to_incident(*, user, drafts: list[Draft], incident_id: int) -> list[Draft]:
    """Several reports of an event already recorded become sources of its incident, all or none."""
    if not drafts:
        raise ValidationError({"drafts": _("Choose the reports to add.")})
    _require_open(drafts)
    return [draft_attach(user=user, draft=draft, incident_id=incident_id) for draft in drafts]


def _require_open(drafts: list[Draft]) -> None:
    for draft in drafts:
        if draft.status != Draft.Status.NEW:
            raise ValidationError({"drafts": _("The report %(title)s was already used or rejected (%(status)s).")
                                   % {"title": draft.title or draft.pk, "status": draft.get_status_display()}})


@transaction.atomic
def draft_reject(*, user, draft: Draft) -> Draft:
    _require_create(user)
    _check_open(draft)
    draft.status = Draft.Status.REJECTED
    draft.save(update_fields=["status", "updated_at"])
    return draft


# -- many reports at once

def batch_create(*, user, file_name: str, data: bytes | None = None, reports: list | None = None,
                 confidentiality: int = Confidentiality.INTERNAL, lang: str = "auto",
                 published_on: date | None = None, queue: bool = True) -> ReportBatch:
    """Check a file of many reports (`batch_files.read_batch_file`) or a list of them
    (`read_batch_reports`, the API), store each report and queue the reading of them all as one
    background job. A batch with any bad entry is refused whole, with every problem and its place;
    nothing is stored from it.

    `lang` and `published_on` apply to the reports that do not give their own."""
    _require_create(user)
    if confidentiality not in Confidentiality.values or confidentiality > clearance_of(user):
        raise ValidationError({"confidentiality": _("You cannot file a record above your own clearance.")})
    if lang not in LANGS:
        raise ValidationError({"lang": _("Use auto, ar or en.")})
    try:
        read = read_batch_reports(reports) if reports is not None else read_batch_file(file_name, data or b"")
    except BatchFileError as exc:
        raise ValidationError({"upload" if reports is None else "reports": exc.problems}) from exc
    with transaction.atomic():
        batch = ReportBatch.objects.create(file_name=file_name[:255], total=len(read.reports),
                                           confidentiality=confidentiality, created_by=user,
                                           repeats=[list(r) for r in read.repeats])
        BatchEntry.objects.bulk_create(
            BatchEntry(batch=batch, number=n, where=r.where[:500], title=r.title, text=r.text,
                       published_on=r.published_on or published_on,
                       lang=r.lang if r.lang != "auto" else lang)
            for n, r in enumerate(read.reports, 1)
        )
    if queue:
        from .tasks import read_batch_task

        transaction.on_commit(lambda: read_batch_task(batch.pk))
    return batch


def batch_execute(*, batch_id: int) -> ReportBatch:
    """Read every report of the batch not yet read into a draft, in order, one transaction each.

    Run again after a crash or a stopped worker (`batch_resume`, `sijill read_reports --resume`), it
    goes on from the first report without a draft. Two readers of one batch never write a report
    twice: each claims its report's row in the transaction that stores the draft. A report the
    extractor cannot read is kept with its error and the batch goes on."""
    batch = ReportBatch.objects.select_related("created_by").get(pk=batch_id)
    ReportBatch.objects.filter(pk=batch.pk).update(status=ReportBatch.Status.RUNNING, started_at=timezone.now(),
                                                   finished_at=None, done=_read_count(batch), message="",
                                                   heartbeat=timezone.now())
    try:
        waiting = list(batch.entries.filter(draft__isnull=True, error="").order_by("number").values_list("pk", flat=True))
        unsaid, said_at = 0, time.monotonic()
        for entry in _in_chunks(waiting):
            try:
                result = _extract(entry.text, published_on=entry.published_on, lang=entry.lang)
                with transaction.atomic():
                    # the claim: an UPDATE that only matches while no one has stored this report
                    if not BatchEntry.objects.filter(pk=entry.pk, draft__isnull=True, error="").update(
                            number=F("number")):
                        continue
                    draft = _store_draft(user=batch.created_by, text=entry.text, result=result,
                                         published_on=entry.published_on, title=entry.title,
                                         confidentiality=batch.confidentiality)
                    BatchEntry.objects.filter(pk=entry.pk).update(draft=draft)
            except Exception as exc:  # one unreadable report must not stop the others
                BatchEntry.objects.filter(pk=entry.pk, draft__isnull=True).update(
                    error=f"{type(exc).__name__}: {exc}"[:2000])
            unsaid += 1
            if time.monotonic() - said_at >= PROGRESS_EVERY:  # the progress bar, not a write per report
                ReportBatch.objects.filter(pk=batch.pk).update(done=F("done") + unsaid, heartbeat=timezone.now())
                unsaid, said_at = 0, time.monotonic()
    except BaseException as exc:
        ReportBatch.objects.filter(pk=batch.pk).update(status=ReportBatch.Status.FAILED, finished_at=timezone.now(),
                                                       message=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    ReportBatch.objects.filter(pk=batch.pk).update(status=ReportBatch.Status.DONE, finished_at=timezone.now(),
                                                   done=_read_count(batch), heartbeat=timezone.now())
    batch.refresh_from_db()
    return batch


def _in_chunks(ids: list[int], size: int = 50):
    """The entries of `ids` in order, read from the database a chunk at a time (a report may be
    large; a batch may hold thousands)."""
    for at in range(0, len(ids), size):
        chunk = BatchEntry.objects.in_bulk(ids[at:at + size])
        yield from (chunk[i] for i in ids[at:at + size] if i in chunk)


def _read_count(batch: ReportBatch) -> int:
    return batch.entries.exclude(draft=None).count() + batch.entries.filter(draft=None).exclude(error="").count()


def batch_resume(*, user, batch: ReportBatch) -> ReportBatch:
    """Queue again a batch whose reading stopped (failed, or no progress for STALE_SECONDS)."""
    _require_create(user)
    if not batch.stalled:
        raise ValidationError({"batch": _("This batch is being read or is done; there is nothing to resume.")})
    ReportBatch.objects.filter(pk=batch.pk).update(status=ReportBatch.Status.QUEUED, heartbeat=timezone.now(),
                                                   message="")
    from .tasks import read_batch_task

    transaction.on_commit(lambda: read_batch_task(batch.pk))
    batch.refresh_from_db()
    return batch
