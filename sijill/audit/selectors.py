"""Reading versions and audit events."""

from __future__ import annotations

from .models import Version
from .services import snapshot_diff


def version_history(*, record_type: str, record_id) -> list[dict]:
    """Versions of one record, newest first, each with its diff against the one before."""
    versions = list(
        Version.objects.filter(record_type=record_type, record_id=str(record_id))
        .select_related("user")
        .order_by("number")
    )
    history = []
    previous = None
    for v in versions:
        history.append({"version": v, "diff": snapshot_diff(previous, v.data)})
        previous = v.data
    history.reverse()
    return history
