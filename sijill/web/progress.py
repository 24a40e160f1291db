"""The numbers a background job's progress bar shows: done of total, rate and time left."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone


def job_progress(*, done: int, total: int, started_at: datetime | None, finished_at: datetime | None,
                 finished: bool) -> dict:
    """`rate` (per second) once something is done; `eta` (seconds) while the job runs."""
    rate = eta = None
    if started_at and done:
        seconds = max((finished_at or timezone.now()) - started_at, timedelta(milliseconds=1))
        rate = done / seconds.total_seconds()
        if not finished and total > done and rate:
            eta = int((total - done) / rate)
    return {"done": done, "total": total, "rate": rate, "eta": eta,
            "percent": int(100 * done / total) if total else 0}


def progress_fragment(request, template: str, context: dict, *, finished: bool):
    """The progress fragment htmx polls; once the job is finished it asks the page to reload."""
    from django.shortcuts import render

    response = render(request, template, context)
    if finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response
