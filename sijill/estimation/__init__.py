"""Multiple systems estimation of the undocumented from capture histories.

`estimate(lists, rows, method="loglinear"|"lcmcr", **options)` and `build_caveat(result)` are
the public API; the statistics live in plain-Python modules (table, loglinear, lcmcr, caveat,
population) that import numpy and scipy only when first called, so loading the Django app stays
cheap.
"""


def estimate(lists, rows, method="loglinear", **options) -> dict:
    """See `sijill.estimation.population.estimate`."""
    from sijill.estimation.population import estimate as run

    return run(lists, rows, method=method, **options)


def build_caveat(result: dict) -> dict:
    """See `sijill.estimation.caveat.build_caveat`."""
    from sijill.estimation.caveat import build_caveat as build

    return build(result)
