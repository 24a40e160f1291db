"""Writes to actors: create an actor and add aliases, validated, with its path and audit event."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sijill.audit.services import audit_record
from sijill.text.normalise import has_arabic, normalise
from sijill.vocabularies.models import Term

from .models import Actor, ActorAlias

LANGUAGES = ("ar", "en")


def _actor_type(value) -> Term | None:
    if value is None or value == "":
        return None
    if isinstance(value, Term):
        if value.kind != "actor_type":
            raise ValidationError({"actor_type": _("%(term)s is not an actor type.") % {"term": value.code}})
        return value
    term = Term.objects.filter(kind="actor_type", code=str(value)).first()
    if term is None:
        codes = ", ".join(Term.objects.filter(kind="actor_type").values_list("code", flat=True))
        raise ValidationError(
            {"actor_type": _("Unknown actor type %(value)r; use one of %(codes)s.") % {"value": value, "codes": codes}}
        )
    return term


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "actor")[:70].strip("-") or "actor"
    slug, n = base, 2
    while Actor.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _alias_rows(aliases: Iterable) -> list[tuple[str, str]]:
    """(name, language) pairs from pairs or bare names (language then read from the script)."""
    rows = []
    for item in aliases:
        if isinstance(item, str):
            name, language = item, ("ar" if has_arabic(item) else "en")
        else:
            name, language = item
        rows.append(((name or "").strip(), language))
    return rows


def _check_alias(*, name: str, language: str, taken: set[str], field: str = "name") -> str:
    """The alias's normalised form; ValidationError naming the field if it cannot be added."""
    if not name:
        raise ValidationError({field: _("An alias cannot be empty.")})
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Unknown language %(value)r; use ar or en.") % {"value": language}})
    normalised = normalise(name)
    if not normalised:
        raise ValidationError({field: _("An alias must hold at least one letter or digit.")})
    if len(name) > 200:
        raise ValidationError({field: _("An alias may hold at most 200 characters.")})
    if normalised in taken:
        raise ValidationError(
            {field: _("%(name)r is already a name of this actor.") % {"name": name}}
        )
    return normalised


def actor_create(*, user, name_en: str, name_ar: str = "", parent: Actor | None = None,
                 actor_type=None, aliases: Iterable = ()) -> Actor:
    """Create an actor (a party, or a unit of `parent`) with its names as aliases, and audit it.

    `actor_type` is a Term of kind actor_type or its code; `aliases` holds (name, language) pairs
    or bare names. A name another actor also uses is allowed (parties share names in the
    sources); the same name twice on this actor is refused.
    """
    name_en, name_ar = (name_en or "").strip(), (name_ar or "").strip()
    errors: dict[str, list[str]] = {}
    if not name_en:
        errors["name_en"] = [_("The English name is required.")]
    elif len(name_en) > 200:
        errors["name_en"] = [_("The English name may hold at most 200 characters.")]
    if len(name_ar) > 200:
        errors["name_ar"] = [_("The Arabic name may hold at most 200 characters.")]
    if parent is not None and (parent.pk is None or parent.deleted_at is not None):
        errors["parent"] = [_("The parent actor does not exist or is deleted.")]
    if errors:
        raise ValidationError(errors)
    term = _actor_type(actor_type)

    taken: set[str] = set()
    rows: list[tuple[str, str, str]] = []
    for name, language in [(name_en, "en"), (name_ar, "ar")]:
        if name and normalise(name) not in taken:
            taken.add(normalise(name))
            rows.append((name, language, normalise(name)))
    for name, language in _alias_rows(aliases):
        if normalise(name) in taken and normalise(name) in {normalise(name_en), normalise(name_ar)}:
            continue  # the names are aliases already
        rows.append((name, language, _check_alias(name=name, language=language, taken=taken, field="aliases")))
        taken.add(rows[-1][2])

    with transaction.atomic():
        actor = Actor.objects.create(
            name_en=name_en, name_ar=name_ar, slug=_unique_slug(name_en), actor_type=term,
            parent=parent, created_by=_user(user), updated_by=_user(user),
        )
        actor.path = f"{parent.path if parent else '/'}{actor.pk}/"
        actor.save(update_fields=["path"])
        ActorAlias.objects.bulk_create(
            ActorAlias(actor=actor, name=name, language=language, normalised=normalised)
            for name, language, normalised in rows
        )
        audit_record(
            user=user, action="create", record_type="actor", record_id=actor.pk,
            changes={
                "name_en": name_en, "name_ar": name_ar, "slug": actor.slug,
                "actor_type": term.code if term else None,
                "parent": parent.pk if parent else None, "path": actor.path,
                "aliases": [[name, language] for name, language, _n in rows],
            },
        )
    return actor


def actor_alias_add(*, user, actor: Actor, name: str, language: str) -> ActorAlias:
    """Add one alias to an actor, audited as an update of the actor.

    Refused (ValidationError on `name`) when empty or already a name of this actor; allowed when
    another actor has the same alias.
    """
    name = (name or "").strip()
    if actor.pk is None or actor.deleted_at is not None:
        raise ValidationError({"actor": _("The actor does not exist or is deleted.")})
    with transaction.atomic():
        taken = set(actor.aliases.values_list("normalised", flat=True))
        normalised = _check_alias(name=name, language=language, taken=taken)
        alias = ActorAlias.objects.create(actor=actor, name=name, language=language, normalised=normalised)
        # The actor changed: bump its version (and updated_at, which the resolver cache watches).
        actor.lock_version += 1
        actor.updated_by = _user(user)
        actor.save(update_fields=["lock_version", "updated_by", "updated_at"])
        audit_record(
            user=user, action="update", record_type="actor", record_id=actor.pk,
            changes={"aliases": {"added": [[name, language]]}},
        )
    return alias


def _user(user):
    return user if getattr(user, "pk", None) else None
