"""Rules every service applies to what a user submits: role, clearance, known fields, numbers,
and the optimistic lock. One place, so the incident, person and source services read alike.

Each check either returns the cleaned value or appends a message to `errors[field]`; services
raise one ValidationError with all messages at the end, so a form shows every problem at once.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from sijill.confidentiality import clearance_of
from sijill.errors import EditConflict, PermissionDenied


def require_role(user, action: str) -> None:
    """Refuse a user whose role does not allow `action` (create, edit, delete, ...)."""
    if user is None or not user.may(action):
        raise PermissionDenied(_("Your role does not allow you to %(action)s records.") % {"action": action})


def require_edit_rights(user, record) -> None:
    if not user.may_edit(record):
        raise PermissionDenied(_("You may edit only the records you filed."))


def require_clearance(user, level: int) -> None:
    """Nobody files or moves a record above their own clearance."""
    if level > clearance_of(user):
        raise ValidationError({"confidentiality": _("You cannot file a record above your own clearance.")})


def reject_unknown_fields(given, allowed) -> None:
    unknown = set(given) - set(allowed)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})


def number_in_range(clean: dict, errors: dict, name: str, low, high, *, whole: bool = True) -> None:
    """Turn clean[name] into an int (or float) within [low, high]; empty becomes None."""
    value = clean.get(name)
    if value in (None, ""):
        clean[name] = None
        return
    try:
        number = int(value) if whole else float(value)
        if whole and isinstance(value, float) and value != number:
            raise ValueError
    except (TypeError, ValueError):
        message = _("%(value)r is not a whole number.") if whole else _("%(value)r is not a number.")
        errors.setdefault(name, []).append(message % {"value": value})
        return
    if not low <= number <= high:
        errors.setdefault(name, []).append(_("Must be between %(low)s and %(high)s.") % {"low": f"{low:,}", "high": f"{high:,}"})
    clean[name] = number


def claim_next_version(record, *, lock_version: int, record_type: str, before: dict, yours: dict) -> None:
    """Take the next version of `record` only if nobody saved since `lock_version` was read.

    One conditional UPDATE: when it matches no row, someone else saved first and EditConflict
    is raised with both versions; nothing of this save is written.
    """
    claimed = type(record).objects.filter(pk=record.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1
    )
    if not claimed:
        raise EditConflict(record_type=record_type, record_id=record.pk, yours=yours, theirs=before,
                           their_version=record.lock_version)
    record.lock_version = lock_version + 1
