"""One entry point for estimating the total number of victims from a capture table.

`estimate(lists, rows, method=...)` returns the dict that `sijill estimate` prints as JSON and
that the analysis pages show: estimate, lower, upper, method, observed, the model chosen, the
interval level and how it was computed, and a plain-language caveat in English and Arabic.
"""

from __future__ import annotations

import math

from sijill.estimation.caveat import build_caveat
from sijill.estimation.lcmcr import DEFAULTS as LCMCR_DEFAULTS
from sijill.estimation.lcmcr import estimate_lcmcr
from sijill.estimation.loglinear import estimate_loglinear
from sijill.estimation.table import CaptureTable, from_rows

METHODS = ("loglinear", "lcmcr")
LOGLINEAR_OPTIONS = {"criterion", "max_order"}
LCMCR_OPTIONS = set(LCMCR_DEFAULTS) | {"seed"}


def estimate(lists, rows, method: str = "loglinear", **options) -> dict:
    """Estimate the total (documented + undocumented) from capture patterns.

    `lists` names the lists; `rows` are (pattern tuple of 0/1 per list, count) pairs, zero-count
    patterns optional. Options: level (default 0.95); for loglinear criterion ("bic", the default, "aic" or "pvalue")
    and max_order; for lcmcr seed, samples, burn_in, thin, chains, classes. Raises TableError
    for a malformed table and ValueError for an unknown method or option.
    """
    return estimate_table(from_rows(lists, rows), method=method, **options)


def estimate_table(table: CaptureTable, method: str = "loglinear", *, level: float = 0.95,
                   **options) -> dict:
    """`estimate` for a table already read (e.g. by `read_table`)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    if not 0.5 <= level < 1:
        raise ValueError("level must be between 0.5 and 1, e.g. 0.95")
    allowed = LOGLINEAR_OPTIONS if method == "loglinear" else LCMCR_OPTIONS
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise ValueError(f"unknown option(s) for {method}: {', '.join(unknown)}")
    if method == "loglinear":
        fitted = estimate_loglinear(table, level=level, **options)
    else:
        fitted = estimate_lcmcr(table, level=level, **options)
    result = {
        "estimate": round(fitted.pop("estimate")),
        "lower": round(fitted.pop("lower")),
        "upper": _upper(fitted.pop("upper")),
        "method": method,
        "observed": table.observed,
        "unobserved": None,
        "interval_level": level,
        "lists": list(table.lists),
        "lists_dropped": list(table.dropped),
        "list_totals": table.list_totals,
        "cells": len(table.counts),
        "zero_cells": int((table.counts == 0).sum()),
        **fitted,
    }
    result["unobserved"] = result["estimate"] - table.observed
    result["caveat"] = build_caveat(result)
    return result


def _upper(value: float):
    """A finite upper end rounded, None when the data cannot bound the total (JSON null)."""
    return round(value) if math.isfinite(value) else None
