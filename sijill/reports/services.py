"""Writing reports and moving them through the editorial workflow.

draft -> review -> published, and back: a reviewer returns a report to draft with a note, a
publisher withdraws a published one. Publishing at a future time schedules it: the public
selectors compare `published_at` with the current time, so no worker has to run. Every function
is one transaction that validates, writes, stores a version snapshot and appends to the audit log.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sijill.accounts.models import Role
from sijill.audit.services import record_changed
from sijill.confidentiality import Confidentiality, visible_to
from sijill.errors import PermissionDenied
from sijill.input_rules import (
    claim_next_version,
    reject_unknown_fields,
    require_clearance,
    require_edit_rights,
    require_role,
)
from sijill.publishing.similarity import report_terms
from sijill.text.normalise import has_arabic

from .models import Author, AuthorKind, Language, Report, ReportStatus, Tag

MAX_TITLE = 500
MAX_SUMMARY = 5_000
MAX_BODY = 300_000
MAX_LINKS = 500

# Roles that may publish, withdraw and edit what is already public: the editors.
PUBLISHER_ROLES = {Role.ADMIN, Role.COORDINATOR}

REPORT_FIELDS = (
    "language", "title", "summary", "body", "confidentiality", "authors", "tags",
    "incidents", "actors", "places", "translation",
)


def may_publish(user) -> bool:
    return bool(user and user.is_active and getattr(user, "role", None) in PUBLISHER_ROLES)


def require_publisher(user) -> None:
    if not may_publish(user):
        raise PermissionDenied(_("Only a coordinator or an admin may publish or withdraw reports."))


def report_snapshot(report: Report) -> dict:
    """The report with its links, as stored in each version."""
    return {
        "language": report.language,
        "title": report.title,
        "slug": report.slug,
        "summary": report.summary,
        "body": report.body,
        "status": report.status,
        "published_at": report.published_at.isoformat() if report.published_at else None,
        "confidentiality": report.confidentiality,
        "translation": report.translation_id,
        "review_note": report.review_note,
        "authors": sorted(report.authors.values_list("slug", flat=True)),
        "tags": sorted(report.tags.values_list("slug", flat=True)),
        "incidents": sorted(report.incidents.values_list("id", flat=True)),
        "actors": sorted(report.actors.values_list("slug", flat=True)),
        "places": sorted(report.places.values_list("pcode", flat=True)),
    }


def _unique_slug(model, base: str, *, exclude_pk=None) -> str:
    base = slugify(base, allow_unicode=True)[:90].strip("-") or "item"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def author_get_or_create(name: str, *, kind: str = AuthorKind.PERSON, bio: str = "") -> Author:
    """The author with this name (either script), created when new."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"authors": _("An author needs a name.")})
    if len(name) > 200:
        raise ValidationError({"authors": _("An author's name has at most 200 characters.")})
    field = "name_ar" if has_arabic(name) else "name_en"
    author = Author.objects.filter(**{field: name}).first()
    if author is None:
        author = Author.objects.create(
            **{field: name}, kind=kind, slug=_unique_slug(Author, name),
            **({"bio_ar" if field == "name_ar" else "bio_en": bio} if bio else {}),
        )
    return author


AUTHOR_FIELDS = ("name_en", "name_ar", "kind", "bio_en", "bio_ar")


def author_snapshot(author: Author) -> dict:
    return {name: getattr(author, name) for name in ("slug", *AUTHOR_FIELDS)}


@transaction.atomic
def author_update(*, user, slug: str, **changes) -> Author:
    """Change an author's names (both scripts), kind and public "about" text."""
    require_role(user, "edit")
    reject_unknown_fields(changes, AUTHOR_FIELDS)
    author = Author.objects.filter(slug=slug).first()
    if author is None:
        from sijill.errors import NotFound

        raise NotFound(f"No author {slug!r}.")
    if not user.may("edit_any"):
        raise PermissionDenied(_("Only editors may change an author's public page."))
    before = author_snapshot(author)
    errors: dict[str, list[str]] = {}
    for name, value in changes.items():
        value = (value or "").strip()
        limit = 200 if name.startswith("name") else 5_000
        if len(value) > limit:
            errors.setdefault(name, []).append(
                _("At most %(n)d characters (this has %(m)d).") % {"n": limit, "m": len(value)})
        setattr(author, name, value)
    if not (author.name_en or author.name_ar):
        errors.setdefault("name_en", []).append(_("An author needs a name."))
    if author.kind not in AuthorKind.values:
        errors.setdefault("kind", []).append(_("Choose person or organisation."))
    if errors:
        raise ValidationError(errors)
    author.save()
    record_changed(user=user, action="update", record_type="author", record_id=author.pk, before=before,
                   after=author_snapshot(author))
    return author


def _tag_get_or_create(name: str) -> Tag:
    name = " ".join(str(name).split())
    slug = slugify(name, allow_unicode=True)[:100]
    if not slug:
        raise ValidationError({"tags": _("%(name)r is not a usable tag.") % {"name": name}})
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        tag = Tag.objects.create(slug=slug, **{"name_ar" if has_arabic(name) else "name_en": name})
    return tag


def _clean(user, data: dict, *, report: Report | None) -> tuple[dict, dict]:
    """Validate report fields; return (plain fields, links). Raise one ValidationError naming each
    bad field."""
    from sijill.actors.models import Actor
    from sijill.incidents.models import Incident
    from sijill.places.models import Place

    errors: dict[str, list[str]] = {}
    clean: dict = {}
    links: dict = {}

    def error(field, message):
        errors.setdefault(field, []).append(message)

    if "language" in data:
        if data["language"] not in Language.values:
            error("language", _("Choose English (en) or Arabic (ar)."))
        clean["language"] = data["language"]
    for name, limit in (("title", MAX_TITLE), ("summary", MAX_SUMMARY), ("body", MAX_BODY)):
        if name in data:
            value = (data[name] or "").strip()
            if len(value) > limit:
                error(name, _("At most %(n)d characters (this has %(m)d).") % {"n": limit, "m": len(value)})
            clean[name] = value
    if "title" in clean and not clean["title"]:
        error("title", _("A report needs a title."))
    if "confidentiality" in data:
        try:
            clean["confidentiality"] = Confidentiality(int(data["confidentiality"]))
        except (TypeError, ValueError):
            error("confidentiality", _("Unknown confidentiality level."))
    for name in ("authors", "tags", "incidents", "actors", "places"):
        if name in data and len(data[name] or ()) > MAX_LINKS:
            error(name, _("At most %(n)d links.") % {"n": MAX_LINKS})
    if errors:
        raise ValidationError(errors)

    if "authors" in data:
        links["authors"] = [a if isinstance(a, Author) else author_get_or_create(str(a)) for a in data["authors"] or ()]
    if "tags" in data:
        links["tags"] = [t if isinstance(t, Tag) else _tag_get_or_create(t) for t in data["tags"] or () if str(t).strip()]
    if "incidents" in data:
        wanted = set()
        for value in data["incidents"] or ():
            try:
                wanted.add(int(getattr(value, "pk", value)))
            except (TypeError, ValueError):
                error("incidents", _("%(value)r is not an incident number.") % {"value": value})
        found = set(visible_to(Incident.objects.filter(pk__in=wanted), user).values_list("pk", flat=True))
        for missing in sorted(wanted - found):
            error("incidents", _("No incident %(id)s.") % {"id": missing})
        links["incidents"] = sorted(found)
    if "actors" in data:
        actors = []
        for value in data["actors"] or ():
            if isinstance(value, Actor):
                actors.append(value)
                continue
            lookup = {"pk": int(value)} if str(value).isdigit() else {"slug": str(value)}
            actor = Actor.objects.filter(deleted_at__isnull=True, **lookup).first()
            if actor is None:
                error("actors", _("No actor %(value)r.") % {"value": value})
            else:
                actors.append(actor)
        links["actors"] = actors
    if "places" in data:
        places = []
        for value in data["places"] or ():
            place = value if isinstance(value, Place) else Place.objects.filter(pcode=str(value).strip()).first()
            if place is None:
                error("places", _("No place with the p-code %(value)r.") % {"value": value})
            else:
                places.append(place)
        links["places"] = places
    if "translation" in data:
        other_id = data["translation"]
        other_id = getattr(other_id, "pk", other_id)
        if other_id in (None, ""):
            links["translation"] = None
        else:
            other = visible_to(Report.objects.all(), user).filter(pk=other_id).first()
            language = clean.get("language") or (report.language if report else Language.EN)
            if other is None:
                error("translation", _("No report %(id)s.") % {"id": other_id})
            elif report is not None and other.pk == report.pk:
                error("translation", _("A report cannot be its own translation."))
            elif other.language == language:
                error("translation", _("A translation must be in the other language."))
            else:
                links["translation"] = other
    if errors:
        raise ValidationError(errors)
    return clean, links


def _set_translation(report: Report, other: Report | None) -> None:
    """Link `report` and `other` both ways, first unlinking whatever either was linked to."""
    ids = [report.pk] + ([other.pk] if other is not None else [])
    Report.objects.filter(Q(pk__in=ids) | Q(translation_id__in=ids)).update(translation=None)
    if other is not None:
        Report.objects.filter(pk=report.pk).update(translation=other.pk)
        Report.objects.filter(pk=other.pk).update(translation=report.pk)
    report.translation_id = other.pk if other is not None else None


def _apply_links(report: Report, links: dict) -> None:
    for name in ("authors", "tags", "incidents", "actors", "places"):
        if name in links:
            getattr(report, name).set(links[name])
    if "translation" in links:
        _set_translation(report, links["translation"])


@transaction.atomic
def report_create(*, user, language: str = Language.EN, title: str, **fields) -> Report:
    """Write a new report as a draft, with its authors, tags and linked records."""
    require_role(user, "create")
    reject_unknown_fields(fields, REPORT_FIELDS)
    fields.setdefault("confidentiality", Confidentiality.INTERNAL)
    clean, links = _clean(user, {"language": language, "title": title, **fields}, report=None)
    require_clearance(user, clean["confidentiality"])
    report = Report(**clean, status=ReportStatus.DRAFT, created_by=user, updated_by=user,
                    slug=_unique_slug(Report, clean["title"]))
    report.terms = report_terms(report.title, report.summary, report.body)
    report.full_clean(exclude=["translation", "terms"], validate_constraints=False)
    report.save()
    _apply_links(report, links)
    record_changed(user=user, action="create", record_type="report", record_id=report.pk,
                   before=None, after=report_snapshot(report))
    return report


def _report_for_change(user, report_id) -> Report:
    from .selectors import report_get

    return report_get(user=user, report_id=report_id)


@transaction.atomic
def report_update(*, user, report_id: int, lock_version: int, **changes) -> Report:
    """Change a report's text or links. A published report is edited only by a publisher, and the
    change is public at once (it is recorded as a new version like any other)."""
    require_role(user, "edit")
    reject_unknown_fields(changes, REPORT_FIELDS)
    report = _report_for_change(user, report_id)
    require_edit_rights(user, report)
    if report.status == ReportStatus.PUBLISHED:
        require_publisher(user)
    before = report_snapshot(report)
    clean, links = _clean(user, changes, report=report)
    if "confidentiality" in clean:
        require_clearance(user, clean["confidentiality"])
        if report.status == ReportStatus.PUBLISHED and clean["confidentiality"] != Confidentiality.PUBLIC:
            raise ValidationError({"confidentiality": _("A published report is public; withdraw it first.")})
    claim_next_version(report, lock_version=lock_version, record_type="report", before=before,
                       yours={**before, **{k: str(v) for k, v in changes.items()}})
    for name, value in clean.items():
        setattr(report, name, value)
    report.updated_by = user
    if {"title", "summary", "body"} & set(clean):
        report.terms = report_terms(report.title, report.summary, report.body)
    report.full_clean(exclude=["translation", "slug", "terms"], validate_constraints=False)
    report.save()
    _apply_links(report, links)
    after = report_snapshot(report)
    record_changed(user=user, action="update", record_type="report", record_id=report.pk, before=before, after=after)
    return report


# The audit action of each transition, and how it reads to a user.
ACTION_LABELS = {
    "submitted for review": gettext_lazy("sent for review"),
    "returned to draft": gettext_lazy("returned to draft"),
    "published": gettext_lazy("published"),
    "withdrawn": gettext_lazy("withdrawn"),
}


def _transition(user, report_id, *, allowed_from: set[str], action: str, apply) -> Report:
    report = _report_for_change(user, report_id)
    if report.status not in allowed_from:
        raise ValidationError({"status": _("A report that is %(status)s cannot be %(action)s.") % {
            "status": report.get_status_display(), "action": ACTION_LABELS[action]}})
    before = report_snapshot(report)
    apply(report)
    report.updated_by = user
    report.lock_version += 1
    report.save()
    record_changed(user=user, action=action, record_type="report", record_id=report.pk,
                   before=before, after=report_snapshot(report))
    return report


@transaction.atomic
def report_submit(*, user, report_id: int) -> Report:
    """Hand a draft to the editors for review."""
    require_role(user, "edit")
    report = _report_for_change(user, report_id)
    require_edit_rights(user, report)

    def apply(r):
        r.status = ReportStatus.REVIEW
        r.review_note = ""

    return _transition(user, report_id, allowed_from={ReportStatus.DRAFT}, action="submitted for review", apply=apply)


@transaction.atomic
def report_return(*, user, report_id: int, note: str = "") -> Report:
    """Send a report in review back to its author as a draft, with a note saying why."""
    require_publisher(user)

    def apply(r):
        r.status = ReportStatus.DRAFT
        r.review_note = (note or "").strip()[:MAX_SUMMARY]

    return _transition(user, report_id, allowed_from={ReportStatus.REVIEW}, action="returned to draft", apply=apply)


@transaction.atomic
def report_publish(*, user, report_id: int, at: datetime | None = None) -> Report:
    """Publish a reviewed report now, or at `at` (scheduled: public from that moment on).

    Publishing makes the report itself public; its linked incidents stay as confidential as they
    are, and the portal shows only those marked public, redacted.
    """
    require_publisher(user)
    if at is not None and timezone.is_naive(at):
        raise ValidationError({"published_at": _("Give the publication time with its time zone.")})

    def apply(r):
        r.status = ReportStatus.PUBLISHED
        r.published_at = at or timezone.now()
        r.confidentiality = Confidentiality.PUBLIC
        r.review_note = ""

    return _transition(user, report_id, allowed_from={ReportStatus.REVIEW}, action="published", apply=apply)


@transaction.atomic
def report_withdraw(*, user, report_id: int) -> Report:
    """Take a published (or scheduled) report off the portal; it becomes an internal draft."""
    require_publisher(user)

    def apply(r):
        r.status = ReportStatus.DRAFT
        r.published_at = None
        r.confidentiality = Confidentiality.INTERNAL

    return _transition(user, report_id, allowed_from={ReportStatus.PUBLISHED}, action="withdrawn", apply=apply)


@transaction.atomic
def report_delete(*, user, report_id: int) -> None:
    """Soft-delete a report that is not published; it stays in the history and the audit log."""
    require_role(user, "delete")
    report = _report_for_change(user, report_id)
    if report.status == ReportStatus.PUBLISHED:
        raise ValidationError({"status": _("Withdraw a published report before deleting it.")})
    before = report_snapshot(report)
    report.deleted_at = timezone.now()
    report.updated_by = user
    report.save(update_fields=["deleted_at", "updated_by", "updated_at"])
    if report.translation_id:
        _set_translation(report, None)
    record_changed(user=user, action="delete", record_type="report", record_id=report.pk,
                   before=before, after={**report_snapshot(report), "deleted": True})
