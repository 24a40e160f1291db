"""Background jobs of the analysis app."""

from huey.contrib.djhuey import db_task, lock_task


@db_task()
def refresh_summary(clearance: int) -> None:
    """Recompute the stored dashboard for one clearance level; one run at a time per level."""
    from .summaries import refresh

    with lock_task(f"analysis-summary-{clearance}"):
        refresh(clearance)
