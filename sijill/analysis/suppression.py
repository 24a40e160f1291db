"""Small-cell suppression for published statistics.

A count under k in a published table can point at a single family or village; such a cell is
shown as "<k" instead. k is set by the admin (`SIJILL_SUPPRESSION_K`, default 5). Zero is shown as
it is: an empty cell names nobody.
"""

from __future__ import annotations

from django.conf import settings


def suppression_k() -> int:
    """The threshold set by the admin (settings.SIJILL_SUPPRESSION_K, default 5)."""
    return int(getattr(settings, "SIJILL_SUPPRESSION_K", 5))


def suppress(count: int | None, k: int | None = None) -> int | str | None:
    """`count` as it may be published: "<k" when 0 < count < k, else the count unchanged."""
    k = suppression_k() if k is None else int(k)
    if k < 1:
        raise ValueError(f"Suppression threshold k must be at least 1, not {k}.")
    if count is None:
        return None
    if 0 < count < k:
        return f"<{k}"
    return count


def is_suppressed(count: int | None, k: int | None = None) -> bool:
    """True when `suppress(count, k)` would hide the count."""
    return isinstance(suppress(count, k), str)
