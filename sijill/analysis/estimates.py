"""Estimates of the total number of victims, documented and not, per stratum.

The capture histories come from record linkage (`linkage.capture.capture_strata`: unique victims
after linkage, the lists that documented each, within the viewer's clearance); the estimators
from `sijill.estimation` (log-linear models with model selection, or LCMCR). Every estimate is
returned with its interval and the plain-language caveat to print beside it.
"""

from __future__ import annotations

from django.utils import translation

STRATA = ("all", "governorate", "year")
METHODS = ("loglinear", "lcmcr")
LCMCR_SEED = 20110315  # fixed, so the same record gives the same page


def stratum_estimates(*, user, by: str = "all", method: str = "loglinear") -> dict:
    """{"lists": [...], "strata": [{"key", "label", "observed", "estimate", "lower", "upper",
    "method", "caveat", "error"}]}; a stratum the estimator cannot use carries its error."""
    from sijill.estimation import estimate
    from sijill.linkage.capture import capture_strata
    from sijill.places.models import Place

    if by not in STRATA:
        raise ValueError(f"Unknown stratum {by!r}; choose one of {', '.join(STRATA)}.")
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(METHODS)}.")
    names, strata = capture_strata(user, by_place_level=1 if by == "governorate" else None, by_year=by == "year")
    places = {}
    if by == "governorate":
        places = {p.pcode: p.name for p in Place.objects.filter(pcode__in=[k[0] for k in strata if k[0]])}
    language = "ar" if translation.get_language() == "ar" else "en"
    results = []
    for (place, year), rows in strata.items():
        key = place if by == "governorate" else (str(year) if by == "year" else "all")
        label = places.get(place, place) if by == "governorate" else key
        observed = sum(count for _, count in rows)
        entry = {"key": key or "", "label": label or "", "observed": observed, "estimate": None, "lower": None,
                 "upper": None, "method": method, "caveat": "", "error": ""}
        try:
            options = {"seed": LCMCR_SEED} if method == "lcmcr" else {}
            result = estimate(names, rows, method=method, **options)
        except ValueError as exc:  # TableError included: too few lists, no overlap, ...
            entry["error"] = str(exc)
        else:
            entry.update(estimate=result["estimate"], lower=result["lower"], upper=result["upper"],
                         caveat=result["caveat"][language])
        results.append(entry)
    return {"lists": names, "strata": results}
