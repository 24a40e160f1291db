"""Writing sources."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sijill.audit.services import record_changed
from sijill.confidentiality import Confidentiality, clearance_of
from sijill.errors import EditConflict, PermissionDenied
from sijill.vocabularies.selectors import term_resolve

from .models import Source

SOURCE_FIELDS = ["title", "source_type", "reliability", "credibility", "published_on", "language", "url",
                 "archived_url", "origin", "content", "confidentiality"]


def _clean(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    clean = dict(data)
    clean["title"] = " ".join((clean.get("title") or "").split())
    if not clean["title"]:
        errors["title"] = [_("A source needs a title.")]
    elif len(clean["title"]) > 500:
        errors["title"] = [_("At most 500 characters.")]
    for name, kind in (("source_type", "source_type"), ("reliability", "reliability"), ("credibility", "credibility")):
        try:
            clean[name] = term_resolve(kind=kind, value=clean.get(name), field=name)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if clean.get("source_type") is None and "source_type" not in errors:
        errors["source_type"] = [_("A source type is required.")]
    value = clean.get("published_on")
    if isinstance(value, str):
        try:
            clean["published_on"] = date.fromisoformat(value) if value else None
        except ValueError:
            errors["published_on"] = [_("%(value)r is not a date; write YYYY-MM-DD.") % {"value": value}]
    if clean.get("confidentiality", Confidentiality.INTERNAL) not in Confidentiality.values:
        errors["confidentiality"] = [_("Unknown confidentiality level.")]
    for name in ("url", "archived_url", "origin", "language", "content"):
        clean[name] = (clean.get(name) or "").strip()
    if errors:
        raise ValidationError(errors)
    return clean


def source_snapshot(source: Source) -> dict:
    data = {name: getattr(source, name) for name in SOURCE_FIELDS}
    for name in ("source_type", "reliability", "credibility"):
        data[name] = data[name].code if data[name] else None
    data["published_on"] = source.published_on.isoformat() if source.published_on else None
    return data


@transaction.atomic
def source_create(*, user, **fields) -> Source:
    if user is None or not user.may("create"):
        raise PermissionDenied(_("Your role does not allow you to create records."))
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    fields.setdefault("confidentiality", Confidentiality.INTERNAL)
    clean = _clean(fields)
    if clean["confidentiality"] > clearance_of(user):
        raise ValidationError({"confidentiality": _("You cannot file a record above your own clearance.")})
    source = Source(**clean, created_by=user, updated_by=user)
    source.full_clean()
    source.save()
    record_changed(user=user, action="create", record_type="source", record_id=source.pk, before=None, after=source_snapshot(source))
    return source


@transaction.atomic
def source_update(*, user, source_id: int, lock_version: int, **changes) -> Source:
    from .selectors import source_get

    if user is None or not user.may("edit"):
        raise PermissionDenied(_("Your role does not allow you to edit records."))
    unknown = set(changes) - set(SOURCE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    source = source_get(user=user, source_id=source_id)
    if not user.may_edit(source):
        raise PermissionDenied(_("You may edit only the records you filed."))
    before = source_snapshot(source)
    merged = {name: getattr(source, name) for name in SOURCE_FIELDS}
    merged.update(changes)
    clean = _clean(merged)
    if clean["confidentiality"] > clearance_of(user):
        raise ValidationError({"confidentiality": _("You cannot file a record above your own clearance.")})
    if not Source.objects.filter(pk=source.pk, lock_version=lock_version).update(lock_version=F("lock_version") + 1):
        raise EditConflict(record_type="source", record_id=source.pk, yours={**before, **changes}, theirs=before, their_version=source.lock_version)
    for name, value in clean.items():
        setattr(source, name, value)
    source.lock_version = lock_version + 1
    source.updated_by = user
    source.full_clean()
    source.save()
    record_changed(user=user, action="update", record_type="source", record_id=source.pk, before=before, after=source_snapshot(source))
    return source
