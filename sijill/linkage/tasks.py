"""Background jobs of linkage (Huey, as for imports): a run started from the review page."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def link_task(kind: str, user_id: int) -> None:
    """Run linkage of `kind` as the user who asked, within their clearance."""
    from django.contrib.auth import get_user_model

    from .services import link_run

    link_run(kind=kind, user=get_user_model().objects.get(pk=user_id))
