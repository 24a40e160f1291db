"""Writing exports: one file in one format, as a user may see the records or as published.

Every export is recorded in the audit chain (who, which format, public or not, how many
records), because an export is a read of sensitive data that leaves the system.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from sijill.audit.services import audit_record
from sijill.errors import PermissionDenied

from .formats import FORMATS
from .records import incident_records


class ExportProblem(Exception):
    """The export cannot be made as asked (unknown format, no user for a non-public export)."""


def export_format(name: str):
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportProblem(_("Unknown export format %(name)r; use one of %(known)s.")
                            % {"name": name, "known": ", ".join(FORMATS)}) from None


def export_write(*, user, format: str, stream, public: bool = False, filters=None, bom: bool = True) -> int:
    """Write incidents in `format` to the binary `stream`; return how many were written.

    Not public: the incidents `user` may see (their clearance decides), which needs a user whose
    role may view records. Public: the published records only, whoever asks (redaction).
    """
    fmt = export_format(format)
    if not public:
        if user is None or not getattr(user, "is_authenticated", False):
            raise ExportProblem(_("A non-public export is made as a user: give one (or export --public)."))
        if not user.may("view"):
            raise PermissionDenied(_("Your role does not allow exports."))
    meta = {"format": fmt.name, "public": public,
            "redaction": "sijill.exports.redaction" if public else None}
    count = fmt.write(incident_records(user=user, public=public, filters=filters), stream, bom=bom, meta=meta)
    with transaction.atomic():
        audit_record(user=user if getattr(user, "pk", None) else None, action="export", record_type="export",
                     record_id=fmt.name, changes={"format": fmt.name, "public": public, "count": count,
                                                  "filters": repr(filters) if filters else ""})
    return count


def export_to_file(*, user, format: str, path: str | Path, public: bool = False, filters=None, bom: bool = True) -> int:
    """`export_write` into a file, written whole or not at all (a temporary file renamed at the end)."""
    path = Path(path)
    temporary = path.with_name(path.name + ".partial")
    try:
        with temporary.open("wb") as stream:
            count = export_write(user=user, format=format, stream=stream, public=public, filters=filters, bom=bom)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return count
