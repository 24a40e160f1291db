"""Writing sources."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sijill.audit.services import record_changed
from sijill.confidentiality import Confidentiality
from sijill.input_rules import (
    claim_next_version,
    reject_unknown_fields,
    require_clearance,
    require_edit_rights,
    require_role,
)
from sijill.security.crypto import sealed_fingerprint
from sijill.vocabularies.selectors import term_resolve

from .models import Source

SOURCE_FIELDS = ["title", "source_type", "reliability", "credibility", "published_on", "language", "url",
                 "archived_url", "origin", "content", "confidentiality", "witness_name", "witness_contact"]
# Stored encrypted: snapshots and audit diffs carry a keyed fingerprint, never the clear text.
SEALED_FIELDS = ("witness_name", "witness_contact")


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
    for name in ("url", "archived_url", "origin", "language", "content", "witness_name", "witness_contact"):
        clean[name] = (clean.get(name) or "").strip()
    if errors:
        raise ValidationError(errors)
    return clean


def source_snapshot(source: Source) -> dict:
    data = {name: getattr(source, name) for name in SOURCE_FIELDS}
    for name in ("source_type", "reliability", "credibility"):
        data[name] = data[name].code if data[name] else None
    data["published_on"] = source.published_on.isoformat() if source.published_on else None
    for name in SEALED_FIELDS:
        data[name] = sealed_fingerprint(data[name], context=f"sources.Source.{name}")
    return data


@transaction.atomic
def source_create(*, user, **fields) -> Source:
    require_role(user, "create")
    reject_unknown_fields(fields, SOURCE_FIELDS)
    fields.setdefault("confidentiality", Confidentiality.INTERNAL)
    clean = _clean(fields)
    require_clearance(user, clean["confidentiality"])
    source = Source(**clean, created_by=user, updated_by=user)
    source.full_clean()
    source.save()
    record_changed(user=user, action="create", record_type="source", record_id=source.pk, before=None, after=source_snapshot(source))
    return source


@transaction.atomic
def source_update(*, user, source_id: int, lock_version: int, **changes) -> Source:
    from .selectors import source_get

    require_role(user, "edit")
    reject_unknown_fields(changes, SOURCE_FIELDS)
    source = source_get(user=user, source_id=source_id)
    require_edit_rights(user, source)
    before = source_snapshot(source)
    merged = {name: getattr(source, name) for name in SOURCE_FIELDS}
    merged.update(changes)
    clean = _clean(merged)
    require_clearance(user, clean["confidentiality"])
    claim_next_version(source, lock_version=lock_version, record_type="source", before=before, yours={**before, **changes})
    for name, value in clean.items():
        setattr(source, name, value)
    source.updated_by = user
    source.full_clean()
    source.save()
    record_changed(user=user, action="update", record_type="source", record_id=source.pk, before=before, after=source_snapshot(source))
    return source
