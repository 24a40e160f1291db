"""Reads of imports: a user's runs, one run, its values left for review and its rejected rows."""

from __future__ import annotations

from sijill.errors import NotFound

from .models import ImportIssue, ImportRun


def run_list(*, user):
    """The import runs a user may see: their own, or every run for roles that may edit any record."""
    qs = ImportRun.objects.select_related("user")
    return qs if user.may("edit_any") else qs.filter(user=user)


def run_get(*, user, run_id: int) -> ImportRun:
    run = run_list(user=user).filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    return run


def run_issues(*, run: ImportRun):
    return ImportIssue.objects.filter(run=run).order_by("kind", "-count", "value")
