"""Background jobs of the evidence vault (Huey: SQLite queue on a laptop, Redis for teams)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/15"))
def retry_timestamps():
    """Items added while offline wait as `pending`; ask the authority again every 15 minutes."""
    from django.conf import settings

    from .services import timestamps_retry

    if settings.SIJILL_TSA_URL:
        timestamps_retry()
