"""Background jobs of drafts (Huey, as for imports and linkage): a batch of reports read into drafts."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def read_batch_task(batch_id: int) -> None:
    """Read the batch's reports into drafts; progress is read from the batch by its page."""
    from .services import batch_execute

    batch_execute(batch_id=batch_id)
