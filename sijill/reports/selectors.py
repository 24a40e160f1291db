"""Reading reports for staff. Every function filters by the viewer's clearance via `visible_to`.

What the public sees is read in sijill/publishing/selectors.py.
"""

from __future__ import annotations

from django.db.models import QuerySet

from sijill.confidentiality import visible_to
from sijill.errors import NotFound

from .models import Report


def report_list(*, user, status: str = "") -> QuerySet[Report]:
    """Reports the user may see, newest change first, optionally of one status."""
    qs = visible_to(Report.objects.all(), user)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("translation").prefetch_related("authors").order_by("-updated_at", "-id")


def report_get(*, user, report_id) -> Report:
    """One report the user may see, or NotFound (also when it is above their clearance)."""
    try:
        report_id = int(report_id)
    except (TypeError, ValueError):
        raise NotFound(f"No report {report_id!r}.") from None
    report = visible_to(Report.objects.select_related("translation"), user).filter(pk=report_id).first()
    if report is None:
        raise NotFound(f"No report {report_id}.")
    return report
