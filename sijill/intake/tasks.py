"""Background jobs of intake (Huey: SQLite queue on a laptop, Redis for teams)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def import_task(run_id: int) -> None:
    """Run an import queued from the web wizard; progress is read from the run by the page."""
    from .services import import_execute

    import_execute(run_id=run_id)
