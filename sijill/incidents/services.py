"""Writing incidents, their acts, victims and perpetration claims.

Every function here is one transaction: it validates, writes, stores a version snapshot and
appends to the audit log, or writes nothing at all.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.audit.services import record_changed
from sijill.confidentiality import Confidentiality
from sijill.errors import NotFound
from sijill.input_rules import (
    claim_next_version,
    number_in_range,
    reject_unknown_fields,
    require_clearance,
    require_edit_rights,
    require_role,
)
from sijill.text.normalise import search_text
from sijill.vocabularies.selectors import term_resolve

from .dating import period
from .models import CASUALTY_GROUPS, CASUALTY_OUTCOMES, Act, Incident, PerpetrationClaim, Victim

MAX_TITLE = 500
MAX_TEXT = 100_000

CASUALTY_FIELDS = [
    f"{outcome}_{group}_{bound}"
    for outcome in CASUALTY_OUTCOMES
    for group in ("total", *CASUALTY_GROUPS)
    for bound in ("min", "max")
]
INCIDENT_FIELDS = [
    "title_en", "title_ar", "description_en", "description_ar",
    "start_date", "end_date", "date_precision",
    "place", "place_precision", "location_note", "latitude", "longitude",
    "grading", "status", "confidentiality", "tags",
    *CASUALTY_FIELDS,
]

# Verification statuses a second person decides through the review workflow (sijill.review): no
# editor, import or API call sets them directly, so "verified" always means someone other than the
# author checked the record.
REVIEW_DECIDED = ("verified", "rejected")


def _status_label(code: str) -> str:
    """The verification status's name in the reader's language (its code if unknown)."""
    from sijill.vocabularies.models import Term

    term = Term.objects.filter(kind="verification_status", code=code).first()
    return term.label if term else code


def _decided_by_review_message(code: str) -> str:
    return _("“%(status)s” is decided through review, by someone other than the incident's author; it cannot be "
             "set directly. File the incident as received (or under review) and submit it for review."
             ) % {"status": _status_label(code)}


def _clean_incident_fields(data: dict, *, status_by_review: str | None = None) -> dict:
    """Validate and normalise incident fields; raise ValidationError naming every bad field.

    A status only review decides (verified, rejected) is refused unless it is `status_by_review`,
    the status the incident already holds or its review has just decided (see incident_update).
    """
    errors: dict[str, list[str]] = {}
    clean = dict(data)

    for name in ("title_en", "title_ar", "location_note"):
        value = (clean.get(name) or "").strip()
        if len(value) > MAX_TITLE:
            errors.setdefault(name, []).append(_("At most %(n)d characters (this has %(m)d).") % {"n": MAX_TITLE, "m": len(value)})
        clean[name] = value
    for name in ("description_en", "description_ar"):
        value = (clean.get(name) or "").strip()
        if len(value) > MAX_TEXT:
            errors.setdefault(name, []).append(_("At most %(n)d characters (this has %(m)d).") % {"n": MAX_TEXT, "m": len(value)})
        clean[name] = value
    if "title_en" in clean and "title_ar" in clean and not (clean["title_en"] or clean["title_ar"]):
        errors.setdefault("title_ar", []).append(_("Give a title in Arabic or in English."))

    for name in ("start_date", "end_date"):
        value = clean.get(name)
        if isinstance(value, str) and value:
            try:
                clean[name] = date.fromisoformat(value)
            except ValueError:
                errors.setdefault(name, []).append(_("%(value)r is not a date; write YYYY-MM-DD.") % {"value": value})
        elif value == "":
            clean[name] = None
    if "start_date" not in errors and "end_date" not in errors:
        try:
            clean["start_date"], clean["end_date"] = period(
                clean.get("date_precision") or "day", clean.get("start_date"), clean.get("end_date")
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)

    for name in CASUALTY_FIELDS:
        number_in_range(clean, errors, name, 0, 1_000_000)
    for outcome in CASUALTY_OUTCOMES:
        for group in ("total", *CASUALTY_GROUPS):
            lo, hi = clean.get(f"{outcome}_{group}_min"), clean.get(f"{outcome}_{group}_max")
            if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                errors.setdefault(f"{outcome}_{group}_max", []).append(
                    _("The maximum (%(hi)d) is below the minimum (%(lo)d).") % {"hi": hi, "lo": lo}
                )

    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        number_in_range(clean, errors, name, low, high, whole=False)

    for name, kind in (("grading", "grading"), ("status", "verification_status")):
        if name in clean:
            try:
                clean[name] = term_resolve(kind=kind, value=clean[name], field=name)
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.message_dict[name])
    if "status" in clean and clean["status"] is None and "status" not in errors:
        errors.setdefault("status", []).append(_("A verification status is required."))
    code = getattr(clean.get("status"), "code", None)
    if "status" not in errors and code in REVIEW_DECIDED and code != status_by_review:
        errors.setdefault("status", []).append(_decided_by_review_message(code))

    level = clean.get("confidentiality", Confidentiality.INTERNAL)
    if level not in Confidentiality.values:
        errors.setdefault("confidentiality", []).append(_("Unknown confidentiality level %(value)r.") % {"value": level})

    tags = clean.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        errors.setdefault("tags", []).append(_("Tags must be a list of words."))
    else:
        clean["tags"] = [t.strip() for t in tags if t.strip()][:50]

    place = clean.get("place")
    if place is not None and not hasattr(place, "pk"):
        from sijill.places.models import Place

        found = Place.objects.filter(pk=place).first() if isinstance(place, int) else Place.objects.filter(pcode=str(place)).first()
        if found is None:
            errors.setdefault("place", []).append(_("Unknown place %(value)r.") % {"value": place})
        clean["place"] = found
    if errors:
        raise ValidationError(errors)
    return clean


def incident_snapshot(incident: Incident) -> dict:
    """The incident with its acts, victims, claims and sources, as stored in each version."""
    data = {name: getattr(incident, name) for name in INCIDENT_FIELDS if name not in ("place", "grading", "status")}
    data["start_date"] = incident.start_date.isoformat() if incident.start_date else None
    data["end_date"] = incident.end_date.isoformat() if incident.end_date else None
    data["place"] = incident.place.pcode if incident.place_id else None
    data["grading"] = incident.grading.code if incident.grading_id else None
    data["status"] = incident.status.code if incident.status_id else None
    data["sources"] = sorted(incident.sources.values_list("id", flat=True))
    acts = []
    for act in incident.acts.select_related("violation_type", "method").order_by("id"):
        acts.append(
            {
                "id": act.pk,
                "violation_type": act.violation_type.code,
                "method": act.method.code if act.method_id else None,
                "legal_qualification": act.legal_qualification,
                "description": act.description,
                "victims": [
                    {"person": v.person_id, "name": v.person.name_ar or v.person.name_latin, "outcome": v.outcome}
                    for v in act.victim_links.select_related("person").order_by("id")
                ],
                "claims": [
                    {"actor": c.actor.slug, "degree": c.degree, "confidence": c.confidence,
                     "sources": sorted(c.sources.values_list("id", flat=True))}
                    for c in act.claims.select_related("actor").order_by("id")
                ],
            }
        )
    data["acts"] = acts
    return data


def incident_search_text(incident: Incident) -> str:
    """Everything a reader may search an incident by, normalised: titles, text, place, actors, victims."""
    parts = [incident.title_en, incident.title_ar, incident.description_en, incident.description_ar, incident.location_note]
    if incident.place_id:
        place = incident.place
        parts += [place.name_en, place.name_ar, *place.alt_names]
    if incident.pk:
        for claim in PerpetrationClaim.objects.filter(act__incident=incident).select_related("actor"):
            parts += [claim.actor.name_en, claim.actor.name_ar]
        # Only victims no more confidential than the incident: anyone who can find the incident
        # may see them, so a search by a protected victim's name reveals nothing.
        victims = Victim.objects.filter(act__incident=incident, person__confidentiality__lte=incident.confidentiality,
                                        person__deleted_at__isnull=True).select_related("person")
        for victim in victims:
            parts += [victim.person.name_ar, victim.person.name_latin]
    parts += incident.tags or []
    return search_text(*parts)


def incident_reindex(incident: Incident) -> None:
    """Recompute an incident's search text (after a linked person or actor changed)."""
    _reindex(incident)


def _reindex(incident: Incident) -> None:
    text = incident_search_text(incident)
    if text != incident.search_text:
        Incident.objects.filter(pk=incident.pk).update(search_text=text)
        incident.search_text = text


@transaction.atomic
def incident_create(*, user, sources=(), acts=(), **fields) -> Incident:
    """File a new incident, optionally with its sources and acts (see `act_add` for act fields)."""
    require_role(user, "create")
    reject_unknown_fields(fields, INCIDENT_FIELDS)
    fields.setdefault("status", "received")
    fields.setdefault("confidentiality", Confidentiality.INTERNAL)
    for name in ("title_en", "title_ar"):
        fields.setdefault(name, "")
    clean = _clean_incident_fields(fields)
    require_clearance(user, clean["confidentiality"])
    incident = Incident(**clean, created_by=user, updated_by=user)
    incident.place_path = incident.place.path if incident.place_id else ""
    incident.full_clean(exclude=["search_text", "place_path"], validate_constraints=False)
    incident.save()
    if sources:
        incident.sources.set(_visible_sources(user, sources))
    for act in acts:
        _act_write(user=user, incident=incident, **act)
    _reindex(incident)
    record_changed(user=user, action="create", record_type="incident", record_id=incident.pk,
                   before=None, after=incident_snapshot(incident))
    return incident


def _locked_incident(user, incident_id) -> Incident:
    from .selectors import incident_get

    return incident_get(user=user, incident_id=incident_id)


@transaction.atomic
def incident_update(*, user, incident_id: int, lock_version: int, sources=None, **changes) -> Incident:
    """Change an incident's fields. Refused with EditConflict when `lock_version` is stale."""
    require_role(user, "edit")
    incident = _locked_incident(user, incident_id)
    require_edit_rights(user, incident)
    reject_unknown_fields(changes, INCIDENT_FIELDS)
    before = incident_snapshot(incident)
    merged = {name: getattr(incident, name) for name in INCIDENT_FIELDS}
    merged.update(changes)
    if "date_precision" in changes and "end_date" not in changes and changes["date_precision"] != "range":
        merged["end_date"] = None
    clean = _clean_incident_fields(merged, status_by_review=_status_allowed(incident, changes.get("status")))
    require_clearance(user, clean["confidentiality"])

    yours = dict(before)
    for name in changes:
        value = clean.get(name)
        yours[name] = value.isoformat() if isinstance(value, date) else getattr(value, "code", getattr(value, "pcode", value))
    claim_next_version(incident, lock_version=lock_version, record_type="incident", before=before, yours=yours)
    for name, value in clean.items():
        setattr(incident, name, value)
    incident.updated_by = user
    incident.place_path = incident.place.path if incident.place_id else ""
    incident.full_clean(exclude=["search_text", "place_path"], validate_constraints=False)
    incident.save()
    if sources is not None:
        # Sources above the editor's clearance are not in their form; keep them, never drop them.
        from sijill.sources.selectors import source_list

        hidden = incident.sources.exclude(pk__in=source_list(user=user).values("pk"))
        incident.sources.set([*_visible_sources(user, sources), *hidden])
    _reindex(incident)
    after = incident_snapshot(incident)
    record_changed(user=user, action="update", record_type="incident", record_id=incident.pk,
                   before=before, after=after)
    return incident


def _review_status(incident: Incident) -> str | None:
    """The status the incident's review stands at (None before any review)."""
    from sijill.review.models import STATUS_OF_STATE, ReviewItem

    state = ReviewItem.objects.filter(incident_id=incident.pk).values_list("state", flat=True).first()
    return STATUS_OF_STATE[state] if state else None


def _status_allowed(incident: Incident, new) -> str | None:
    """The decided status this update may carry: the one the incident holds, when unchanged; the
    one its review decided, when the review service brings the incident in step. A decided status
    is also left only through review (reopen), never by an edit."""
    current = incident.status.code if incident.status_id else None
    wanted = getattr(new, "code", new)
    if new is None or wanted == current:
        return current
    by_review = _review_status(incident)
    if current in REVIEW_DECIDED and wanted != by_review:
        raise ValidationError({"status": _(
            "This incident is %(status)s by review; only its review changes that: reopen the review to change "
            "the status.") % {"status": _status_label(current)}})
    return by_review


@transaction.atomic
def incident_delete(*, user, incident_id: int) -> None:
    """Soft-delete: the incident disappears from every list but stays in the database and history."""
    require_role(user, "delete")
    incident = _locked_incident(user, incident_id)
    before = incident_snapshot(incident)
    Incident.objects.filter(pk=incident.pk).update(deleted_at=timezone.now(), updated_by=user)
    record_changed(user=user, action="delete", record_type="incident", record_id=incident.pk,
                   before=before, after={**before, "deleted": True})


def _visible_sources(user, source_ids):
    from sijill.sources.selectors import source_list

    ids = [getattr(s, "pk", s) for s in source_ids]
    found = list(source_list(user=user).filter(pk__in=ids))
    missing = set(ids) - {s.pk for s in found}
    if missing:
        raise ValidationError({"sources": _("Unknown sources: %(ids)s.") % {"ids": ", ".join(map(str, sorted(missing)))}})
    return found


def _act_write(*, user, incident: Incident, violation_type, method=None, legal_qualification: str = "",
               description: str = "", victims=(), claims=(), sources=()) -> Act:
    errors: dict[str, list[str]] = {}
    try:
        vt = term_resolve(kind="violation_type", value=violation_type, field="violation_type")
        if vt is None:
            errors["violation_type"] = [_("A violation type is required.")]
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        weapon = term_resolve(kind="weapon", value=method, field="method")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if len(legal_qualification or "") > 300:
        errors["legal_qualification"] = [_("At most 300 characters.")]
    if errors:
        raise ValidationError(errors)
    act = Act.objects.create(incident=incident, violation_type=vt, method=weapon,
                             legal_qualification=legal_qualification or "", description=description or "")
    if sources:
        act.sources.set(_visible_sources(user, sources))
    for victim in victims:
        victim_add(user=user, act=act, **victim)
    for claim in claims:
        claim_add(user=user, act=act, **claim)
    return act


@transaction.atomic
def act_add(*, user, incident_id: int, **act_fields) -> Act:
    """Add a violation to an incident: type, method, legal qualification, victims and claims.

    victims: [{"person": Person or id, "outcome": "killed"} or {"name_ar": ..., "name_latin": ...,
    "sex": ..., "age": ..., "outcome": ...} to file a new person]; claims: [{"actor": Actor or id
    or slug, "degree": ..., "confidence": ..., "sources": [...]}].
    """
    require_role(user, "edit")
    incident = _locked_incident(user, incident_id)
    require_edit_rights(user, incident)
    before = incident_snapshot(incident)
    act = _act_write(user=user, incident=incident, **act_fields)
    _reindex(incident)
    record_changed(user=user, action="act_add", record_type="incident", record_id=incident.pk,
                   before=before, after=incident_snapshot(incident))
    return act


def victim_add(*, user, act: Act, person=None, outcome: str = "killed", **new_person) -> Victim:
    """Link a victim to an act: an existing person, or a new one filed from the given fields."""
    from sijill.incidents.models import Outcome
    from sijill.people.models import Person
    from sijill.people.services import person_create

    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome %(value)r.") % {"value": outcome}})
    if person is None:
        person = person_create(user=user, **new_person)
    elif not isinstance(person, Person):
        from sijill.people.selectors import person_get

        person = person_get(user=user, person_id=person)
    return Victim.objects.create(act=act, person=person, outcome=outcome)


def claim_add(*, user, act: Act, actor, degree: str = "alleged", confidence: str = "medium",
              note: str = "", sources=()) -> PerpetrationClaim:
    """Record that sources claim `actor` perpetrated `act`, with degree and confidence."""
    from sijill.actors.models import Actor

    from .models import Confidence, Degree

    errors = {}
    if not isinstance(actor, Actor):
        lookup = {"pk": actor} if isinstance(actor, int) or str(actor).isdigit() else {"slug": actor}
        found = Actor.objects.filter(deleted_at__isnull=True, **lookup).first()
        if found is None:
            errors["actor"] = [_("Unknown actor %(value)r.") % {"value": actor}]
        actor = found
    if degree not in Degree.values:
        errors["degree"] = [_("Unknown degree %(value)r; use one of %(choices)s.") % {"value": degree, "choices": ", ".join(Degree.values)}]
    if confidence not in Confidence.values:
        errors["confidence"] = [_("Unknown confidence %(value)r; use one of %(choices)s.") % {"value": confidence, "choices": ", ".join(Confidence.values)}]
    if errors:
        raise ValidationError(errors)
    claim = PerpetrationClaim.objects.create(act=act, actor=actor, degree=degree, confidence=confidence, note=note or "")
    if sources:
        claim.sources.set(_visible_sources(user, sources))
    return claim


__all__ = [
    "incident_create", "incident_update", "incident_delete", "act_add", "victim_add", "claim_add",
    "incident_snapshot", "NotFound",
]
