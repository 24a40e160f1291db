"""Estimation steps that also work on a handful of records.

Splink's estimators assume thousands of pairs: on two or five records the prior comes out as 0
or 1 (whose log is undefined at prediction), a training rule may find no pair at all, and u
from a few pairs says nothing. Each step here either estimates, or leaves Splink's default
values in place and returns a note saying what was not estimated and why; the notes go into the
run's statistics, so a small run is a clear result rather than a traceback.
"""

from __future__ import annotations

import logging

from splink.internals.exceptions import EMTrainingException

# Below this many pairs (about 20 records) neither u from random sampling nor m from EM is more
# than noise, and EM can push the prior to 1: Splink's default m and u values are kept.
MIN_PAIRS_TO_ESTIMATE = 200
# The prior never reaches 0 or 1: either makes the match weight of every pair infinite.
MAX_PRIOR = 0.5


def pair_count(records: int) -> int:
    return records * (records - 1) // 2


def estimate_prior(linker, rules: list, *, recall: float, records: int) -> str | None:
    """Probability that two random records match, from deterministic rules, kept inside (0, 1)."""
    pairs = pair_count(records)
    note = None
    try:
        linker.training.estimate_probability_two_random_records_match(rules, recall=recall)
    except ValueError:
        # The rules found more matches than `recall` allows: on a tiny set, every pair.
        linker.training.estimate_probability_two_random_records_match(rules, recall=1.0)
    settings = linker._settings_obj
    prior = settings._probability_two_random_records_match
    low = min(MAX_PRIOR, 1 / pairs) if pairs else MAX_PRIOR
    bounded = min(MAX_PRIOR, max(low, prior))
    if bounded != prior:
        note = (f"prior {prior:.3g} from {records} records is not usable; "
                f"{bounded:.3g} used (about one match among all pairs, at most even odds)")
        settings._probability_two_random_records_match = bounded
    return note


def _too_few(records: int) -> str | None:
    pairs = pair_count(records)
    if pairs >= MIN_PAIRS_TO_ESTIMATE:
        return None
    return (f"m and u not estimated: {pairs} pairs among {records} records "
            f"(at least {MIN_PAIRS_TO_ESTIMATE} needed); Splink's default values used")


def estimate_u(linker, *, records: int, max_pairs: float, seed: int = 7) -> str | None:
    """u by random sampling, or Splink's default u values when there are too few pairs."""
    if note := _too_few(records):
        return note
    linker.training.estimate_u_using_random_sampling(
        max_pairs=min(max_pairs, pair_count(records)), seed=seed
    )
    return None


def estimate_m(linker, rule, *, records: int, **options) -> str | None:
    """m by expectation maximisation on the pairs a training rule selects, when there are any."""
    if note := _too_few(records):
        return note
    # Splink drops the comparisons the rule uses from the linker's model before it finds that
    # there are no pairs, and does not put them back: the model is restored here.
    saved = linker._settings_obj.core_model_settings.copy()
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(rule, **options)
    except EMTrainingException:
        linker._settings_obj.core_model_settings = saved
        sql = getattr(rule, "sql_condition", rule)
        logging.getLogger(__name__).info("no pairs under training rule %s", sql)
        return f"m not estimated from the rule {sql}: no pair of records meets it"
    except ValueError as exc:
        # On few pairs EM can drive a level's m to exactly 0, which Splink refuses to store
        # (it would make every pair at that level impossible): keep the model as it was.
        if "m_probability" not in str(exc) and "u_probability" not in str(exc):
            raise
        linker._settings_obj.core_model_settings = saved
        sql = getattr(rule, "sql_condition", rule)
        return f"m not estimated from the rule {sql}: expectation maximisation gave an unusable value ({exc})"
    return None


def distinct(notes) -> list[str]:
    """The notes that are set, each once, in order."""
    return list(dict.fromkeys(note for note in notes if note))
