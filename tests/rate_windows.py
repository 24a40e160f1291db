"""Helpers for tests of rate limits."""

from __future__ import annotations


def start_well_inside_a_rate_window(seconds: int = 60, margin: float = 20.0) -> None:
    """Rate limits count in fixed windows of the clock (sijill/security/ratelimit.py): a test that
    makes a few requests and expects the last one refused must not straddle a window's end, which
    on a busy machine a few slow requests can. Wait for the next window when close to the end."""
    import time

    left = seconds - time.time() % seconds
    if left < margin:
        time.sleep(left + 0.1)
