"""Person linkage on Splink: the comparisons, training and prediction.

The comparisons look at name *parts* (given name, father's/grandfather's names, family name),
each in the script the records share and, across scripts, through the transliteration key;
then sex, birth year (or age at the event), event date, place and source. The pairs compared
are those of `blocking`: keys that both scripts share, so an Arabic and a Latin record of one
person meet, in blocks kept small however long the list.

Parameters: u by random sampling, m and the prior by expectation maximisation without labels,
then m from the pairs analysts accepted (`decisions`). The same SQL runs on DuckDB and Spark.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator
from splink.blocking_rule_library import CustomRule

from sijill.linkage.engine import backends, blocking, training
from sijill.linkage.engine.clustering import cluster_ids, clusters_as_lists, separate
from sijill.linkage.engine.features import person_features, present
from sijill.linkage.engine.records import LinkageInputError, LinkResult, ScoredPair

DIALECT = "duckdb"  # the dialect our custom SQL is written in; Splink transpiles it for Spark
TRAINING_SAMPLE = 300_000  # EM and u estimation on at most this many records
# ... and on fewer where the training rules would give the sample more pairs than this: a
# million Syrian records share few names, so the name rule's pairs grow with the square of the
# records (1.3 million on 100,000 generated records, ~130 million on a million).
TRAINING_PAIRS = 2_000_000
# Records on which the pairs of the training rules are counted (then scaled to the table).
PAIR_PROBE = 50_000
MIN_LABELS_FOR_M = 10
# Given-name levels at which a pair is never clustered without an analyst's decision. Both in
# Arabic, other long vowels are another name (محمد/محمود); Latin vowels are not a veto, only a
# weight: transliterations write them too variously (Naouaf/Nawaf, Zaenap/Zainab, Naser/Nasr).
VETO_LEVELS = ("All other comparisons", "same key, Arabic long vowels differ")
# Of these, the levels at which two records never share a cluster, even through a third record.
APART_LEVELS = ("same key, Arabic long vowels differ",)
# Ages or birth years further apart than this are a generation apart: a parent and a child killed
# together share family name, date and place, yet are never clustered without an analyst.
GENERATION_YEARS = 15


def _custom(sql: str, label: str) -> cll.CustomLevel:
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str=DIALECT)


# One word alone in a Latin-only record (`sole_name`) may be the family name: where it is the
# other record's family name, the pair is compared on family name and its given name is unknown.
_SOLE_IS_FAMILY = ("(sole_name_l IS NOT NULL AND sole_name_l = family_lat_r) "
                   "OR (sole_name_r IS NOT NULL AND sole_name_r = family_lat_l)")


def _name_part_comparison(
    part: str, *, with_shift: bool = False, with_arabic: bool = True,
    with_sole: bool = False, with_roots: bool = False, with_initials: bool = False,
) -> cl.CustomComparison:
    key, ar, lat = f"{part}_key", f"{part}_ar", f"{part}_lat"
    vs, vc, vm = f"{part}_vslot", f"{part}_vcode", f"{part}_vmask"

    def fits(a: str, b: str) -> str:  # the vowel slots of record a fit the spellings of b's word
        return f"({vc}_{a} & {vm}_{b}) = {vc}_{a}"

    # Across scripts (or between Latin spellings) the key must agree and so must the written
    # long vowels: رامي meets "Rami", not "Reema" (`names.vowel_code`).
    vowels_agree = (
        f"({vc}_l IS NULL OR {vc}_r IS NULL "
        f"OR ({ar}_l IS NOT NULL AND {fits('r', 'l')}) "
        f"OR ({ar}_l IS NULL AND {ar}_r IS NOT NULL AND {fits('l', 'r')}) "
        f"OR ({ar}_l IS NULL AND {ar}_r IS NULL AND {fits('l', 'r')} AND {fits('r', 'l')}))"
    )
    not_both_arabic = f"({ar}_l IS NULL OR {ar}_r IS NULL)"
    null = cll.NullLevel(key)
    if with_sole:
        either_null = f"({key}_l IS NULL OR {key}_r IS NULL)"
        # the given name of a pair whose one record has the family name alone is unknown
        sql = (f"{either_null} AND NOT ({_SOLE_IS_FAMILY})" if part == "family"
               else f"{either_null} OR {_SOLE_IS_FAMILY}")
        null = _custom(sql, "null").configure(is_null_level=True)
    levels = [
        null,
        _custom(
            f"({ar}_l = {ar}_r) OR ({not_both_arabic} AND {lat}_l = {lat}_r)",
            "exact",
        ).configure(
            tf_adjustment_column=key, tf_adjustment_weight=1.0,
            disable_tf_exact_match_detection=True,
        ),
        *([_custom(_SOLE_IS_FAMILY, "one name alone, the other's family name")]
          if with_sole and part == "family" else []),
        _custom(f"{key}_l = {key}_r AND {not_both_arabic} AND {vowels_agree}", "same key"),
        _custom(f"{key}_l = {key}_r AND {not_both_arabic}", "same key, vowels differ"),
    ]
    if with_arabic:
        # Both written in Arabic: محمد/محمود share the key but not their long vowels (two names);
        # عبدالله/عبداللة or درويش/دروويش differ otherwise (one name).
        # Two letters swapped (براءه/بارءه, جاسم/جسام) is a typo, not a long vowel of another name:
        # one transposition apart (Damerau-Levenshtein 1) but not one letter replaced (Levenshtein 2).
        levels.append(
            _custom(f"{key}_l = {key}_r AND damerau_levenshtein({ar}_l, {ar}_r) = 1 "
                    f"AND levenshtein({ar}_l, {ar}_r) = 2", "same key, Arabic letters swapped")
        )
        levels.append(
            _custom(f"{key}_l = {key}_r AND ({vs}_l = {vs}_r OR {vs}_l = '' OR {vs}_r = '')",
                    "same key, Arabic spellings differ")
        )
        levels.append(_custom(f"{key}_l = {key}_r", "same key, Arabic long vowels differ"))
    if with_roots:
        # Bill and William, Jack and John (`given_names`): Latin-only records
        levels.append(cll.ArrayIntersectLevel("given_roots", 1).configure(
            label_for_charts="forms of one English given name"))
    levels.append(cll.JaroWinklerLevel(key, 0.88).configure(label_for_charts="close"))
    # A typo: the spellings in one script are one letter apart (Ibrahim/Ibrabim, سنديس/سنخيس).
    # Not the keys: HND/HMD are one letter apart, Hind and Ahmad are not. The first letter
    # agrees: Hamed/Mamed and احمد/محمد are two names.
    typo = (
        "(({t}_l IS NOT NULL AND {t}_r IS NOT NULL AND length({t}_l) >= 4 "
        "AND length({t}_r) >= 4 AND substr({t}_l, 1, 1) = substr({t}_r, 1, 1) "
        "AND damerau_levenshtein({t}_l, {t}_r) <= 1))"
    )
    levels.append(
        _custom(f"{typo.format(t=lat)} OR {typo.format(t=ar)}", "one letter apart")
    )
    if part == "given":
        # a short form of the other name: Rob/Robert, Abdo/Abdelkarim
        levels.append(
            _custom(
                f"length({key}_l) >= 2 AND length({key}_r) >= 2 AND "
                f"(substr({key}_l, 1, length({key}_r)) = {key}_r "
                f"OR substr({key}_r, 1, length({key}_l)) = {key}_l)",
                "one is a short form of the other",
            )
        )
    if with_initials:
        levels.append(_custom(
            "(given_initial_l IS NOT NULL AND given_initial_l = substr(given_lat_r, 1, 1)) "
            "OR (given_initial_r IS NOT NULL AND given_initial_r = substr(given_lat_l, 1, 1))",
            "an initial of the other"))
    if with_shift:
        levels.append(
            _custom(
                f"{key}_l = mid1_key_r OR {key}_r = mid1_key_l "
                f"OR {key}_l = mid2_key_r OR {key}_r = mid2_key_l",
                "shifted (one list dropped a part)",
            )
        )
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(levels, output_column_name=part)


def _middle_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        [
            cll.NullLevel("mid1_key"),
            _custom("middle_keys_l = middle_keys_r", "exact"),
            _custom("mid1_key_l = mid1_key_r", "father's name agrees"),
            _custom(
                "mid1_key_l = mid2_key_r OR mid2_key_l = mid1_key_r OR mid2_key_l = mid2_key_r",
                "one part agrees",
            ),
            cll.JaroWinklerLevel("middle_keys", 0.88).configure(label_for_charts="close"),
            cll.ElseLevel(),
        ],
        output_column_name="middle",
    )


def _birth_comparison(*, with_age: bool) -> cl.CustomComparison:
    """Birth year (given, or from age and event date); where a record lacks it, age at the event."""
    if not with_age:
        levels = [
            cll.NullLevel("birth_year"),
            cll.ExactMatchLevel("birth_year"),
            cll.AbsoluteDifferenceLevel("birth_year", 2),
            cll.AbsoluteDifferenceLevel("birth_year", 5),
            cll.AbsoluteDifferenceLevel("birth_year", 10),
            cll.AbsoluteDifferenceLevel("birth_year", GENERATION_YEARS),
        ]
    else:
        no_year = "(birth_year_l IS NULL OR birth_year_r IS NULL)"

        def within(years: int) -> str:
            return (f"abs(birth_year_l - birth_year_r) <= {years} "
                    f"OR ({no_year} AND abs(age_l - age_r) <= {years})")

        levels = [
            _custom(f"{no_year} AND (age_l IS NULL OR age_r IS NULL)", "null").configure(
                is_null_level=True
            ),
            _custom(within(0), "same birth year or age"),
            _custom(within(2), "within 2 years"),
            _custom(within(5), "within 5 years"),
            # ages noted roughly still agree within ten years; a child and an adult do not
            _custom(within(10), "within 10 years"),
            _custom(within(GENERATION_YEARS), f"within {GENERATION_YEARS} years"),
        ]
    return cl.CustomComparison([*levels, cll.ElseLevel()], output_column_name="birth_year")


def _place_comparison(table: pa.Table) -> cl.CustomComparison:
    levels = [
        _custom(
            "(place_l IS NULL OR place_r IS NULL) AND (lat_l IS NULL OR lat_r IS NULL)", "null"
        ).configure(is_null_level=True),
        _custom("place_l = place_r", "same community"),
        _custom("subdistrict_l = subdistrict_r", "same sub-district"),
    ]
    if present(table, "lat"):
        levels += [
            cll.DistanceInKMLevel("lat", "lon", 5).configure(label_for_charts="within 5 km"),
            cll.DistanceInKMLevel("lat", "lon", 30).configure(label_for_charts="within 30 km"),
        ]
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(levels, output_column_name="place")


def _comparisons(table: pa.Table, *, across_sources_only: bool = False) -> list:
    comparisons: list = []
    arabic = present(table, "given_ar")
    sole = present(table, "sole_name") and present(table, "family_lat")
    if present(table, "given_key"):
        comparisons.append(_name_part_comparison(
            "given", with_arabic=arabic, with_sole=sole,
            with_roots=present(table, "given_roots"), with_initials=present(table, "given_initial"),
        ))
    if present(table, "family_key"):
        comparisons.append(
            _name_part_comparison(
                "family", with_shift=present(table, "mid1_key"), with_arabic=arabic,
                with_sole=sole,
            )
        )
    if present(table, "mid1_key"):
        comparisons.append(_middle_comparison())
    if present(table, "sex"):
        comparisons.append(cl.ExactMatch("sex"))
    if present(table, "birth_year"):
        comparisons.append(_birth_comparison(with_age=present(table, "age")))
    if present(table, "birth_date"):
        comparisons.append(
            cl.DateOfBirthComparison(
                # ISO dates: each dialect's default format ('%Y-%m-%d' in DuckDB, 'yyyy-MM-dd'
                # in Spark, which refuses the DuckDB pattern)
                "birth_date", input_is_string=True,
                # a date written with a typo still agrees with the right one within one letter
                invalid_dates_as_null=False,
            )
        )
    if present(table, "event_date"):
        comparisons.append(
            cl.AbsoluteDateDifferenceAtThresholds(
                "event_date", input_is_string=False, metrics=["day", "day", "day", "day"],
                thresholds=[3, 7, 31, 366],
            )
        )
    if present(table, "place") or present(table, "lat"):
        comparisons.append(_place_comparison(table))
    if not across_sources_only and len(set(table.column("source").to_pylist())) > 1:
        comparisons.append(cl.ExactMatch("source"))
    for name in table.column_names:
        if name.startswith("x_") and present(table, name):
            if _code_like(table.column(name)):
                # identifiers, postcodes, house numbers: a typo is a letter swapped or lost, and
                # two codes alike at the start (SW1A 2HR, SW1P 4HN) are still other codes
                comparison = cl.DamerauLevenshteinAtThresholds(name, [1, 2])
            else:
                comparison = cl.JaroWinklerAtThresholds(name, [0.92, 0.8])
            comparisons.append(comparison.configure(term_frequency_adjustments=True))
    return comparisons


def _available(table: pa.Table, columns: Iterable[str]) -> bool:
    return all(present(table, c) for c in columns)


def _code_like(column) -> bool:
    """Short values with digits in them: identifiers, postcodes, house numbers."""
    values = [v for v in column.to_pylist()[:2000] if v]
    codes = sum(1 for v in values if len(v) <= 16 and any(c.isdigit() for c in v))
    return bool(values) and codes >= 0.8 * len(values)


def _training_rules(table: pa.Table) -> list[str]:
    rules = []
    if _available(table, ("given_key", "family_key")):
        rules.append("l.given_key = r.given_key AND l.family_key = r.family_key")
    for cols in (("event_date", "birth_year"), ("birth_date",), ("event_date", "place"),
                 ("event_date",), ("birth_year", "place")):
        # names are trained where siblings rarely meet: same day *and* same birth year
        if _available(table, cols):
            rules.append(" AND ".join(f"l.{c} = r.{c}" for c in cols))
            break
    return rules


def _deterministic_rule(table: pa.Table) -> str:
    for cols in (("name_keys", "event_date"), ("name_keys", "birth_date"),
                 ("name_keys", "birth_year"), ("name_keys",)):
        if _available(table, cols):
            return " AND ".join(f"l.{c} = r.{c}" for c in cols)
    return "l.given_key = r.given_key"


def _training_size(table: pa.Table) -> int:
    """Records to train on: at most TRAINING_SAMPLE, fewer where the training rules' pairs
    would exceed TRAINING_PAIRS.

    A uniform sample of records keeps the share of matches among the pairs a rule selects (the
    pairs of one person and the pairs of two namesakes both shrink with the square of the
    sample), so EM estimates the same m on fewer pairs. The pairs of the whole table are counted
    on a probe sample of at most PAIR_PROBE records and scaled by the square of the ratio.
    """
    import duckdb

    rules = _training_rules(table)
    if not rules or len(table) <= PAIR_PROBE:
        return min(len(table), TRAINING_SAMPLE)
    probe = _sample(table, PAIR_PROBE)
    con = duckdb.connect()
    con.register("probe", probe.select(
        [c for c in probe.column_names if c == "unique_id" or any(c in rule for rule in rules)]
    ))
    pairs = sum(
        con.execute(
            f"SELECT count(*) FROM probe l JOIN probe r ON l.unique_id < r.unique_id AND {rule}"
        ).fetchone()[0]
        for rule in rules
    )
    con.close()
    pairs *= (len(table) / len(probe)) ** 2
    size = len(table) if pairs <= TRAINING_PAIRS else int(len(table) * (TRAINING_PAIRS / pairs) ** 0.5)
    return max(min(size, TRAINING_SAMPLE), PAIR_PROBE)


def _sample(table: pa.Table, size: int) -> pa.Table:
    if len(table) <= size:
        return table
    rng = np.random.default_rng(20260101)
    return table.take(np.sort(rng.choice(len(table), size=size, replace=False)))


def _copy_parameters(settings: dict, previous: dict | None) -> dict:
    """Start from a previous run's m and u where comparison and level labels still match."""
    if not previous:
        return settings
    old = {
        (c.get("output_column_name"), lvl.get("label_for_charts")): lvl
        for c in previous.get("comparisons", [])
        for lvl in c.get("comparison_levels", [])
    }
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            prior = old.get((comparison.get("output_column_name"), level.get("label_for_charts")))
            if prior and not level.get("is_null_level"):
                for name in ("m_probability", "u_probability"):
                    value = prior.get(name)
                    # A level never seen in the previous run's data has m or u of 0, which Splink
                    # refuses as a starting value: let it be estimated afresh instead.
                    if value is not None and 0 < value <= 1:
                        level[name] = value
    if previous.get("probability_two_random_records_match"):
        settings["probability_two_random_records_match"] = previous[
            "probability_two_random_records_match"
        ]
    return settings


def _settings(table, *, across_sources_only: bool, retain: bool) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=_comparisons(table, across_sources_only=across_sources_only),
        # the rules that generate predictions are the table's own (`blocking.keyed`), set there
        retain_matching_columns=retain,
        retain_intermediate_calculation_columns=retain,
        max_iterations=20,
        em_convergence=0.001,
    )


def _quiet():
    logging.getLogger("splink").setLevel(logging.WARNING)


def train(
    table: pa.Table,
    *,
    backend: str = "duckdb",
    decisions: Iterable[tuple[str, str, bool]] = (),
    previous_parameters: dict | None = None,
    across_sources_only: bool = False,
    estimate: bool = True,
) -> dict:
    """Estimated model (Splink settings with m and u) for this feature table, as a JSON dict.

    With `estimate=False` the previous parameters are used as they are (no EM), in the SQL of
    this backend. EM started from a previous run's parameters can drive a level's m to 0, which
    Splink refuses; the model is then estimated afresh from this table and says so.
    """
    return _train_with_notes(
        table, backend=backend, decisions=decisions, previous_parameters=previous_parameters,
        across_sources_only=across_sources_only, estimate=estimate,
    )[0]


def _train_with_notes(table, *, previous_parameters, **options) -> tuple[dict, list[str]]:
    """The model and notes on what could not be estimated from this table (see `training`)."""
    options["decisions"] = list(options["decisions"])
    try:
        return _train(table, previous_parameters=previous_parameters, **options)
    except ValueError as exc:
        if not previous_parameters or "below the minimum" not in str(exc):
            raise
        logging.getLogger(__name__).warning("previous parameters not usable (%s); estimated afresh", exc)
        model, notes = _train(table, previous_parameters=None, **options)
        return model, [f"previous parameters not usable ({exc}); estimated afresh", *notes]


def _train(
    table: pa.Table,
    *,
    backend: str,
    decisions: list[tuple[str, str, bool]],
    previous_parameters: dict | None,
    across_sources_only: bool,
    estimate: bool,
) -> tuple[dict, list[str]]:
    _quiet()
    sample = _sample(table, _training_size(table))
    settings = _settings(sample, across_sources_only=across_sources_only, retain=False)
    settings_dict = settings.create_settings_dict(sql_dialect_str=backends.dialect(backend))
    settings_dict = _copy_parameters(settings_dict, previous_parameters)
    if not estimate:
        return settings_dict, []
    db_api = backends.db_api(backend)
    linker = Linker(backends.register(db_api, sample, "person_features_train"), settings_dict, log_level=logging.WARNING)
    across = " AND l.source <> r.source" if across_sources_only else ""
    notes = []
    if not previous_parameters:
        notes.append(training.estimate_prior(
            linker, [CustomRule(_deterministic_rule(sample) + across, sql_dialect=DIALECT)],
            recall=0.7, records=len(sample),
        ))
        notes.append(training.estimate_u(linker, records=len(sample), max_pairs=2e6))
    for rule in _training_rules(sample):
        notes.append(training.estimate_m(
            linker, CustomRule(rule + across, sql_dialect=DIALECT), records=len(sample),
            estimate_without_term_frequencies=True,
        ))
    accepted = [(str(a), str(b)) for a, b, ok in decisions if ok]
    if len(accepted) >= MIN_LABELS_FOR_M:
        labels = pa.table(
            {
                "unique_id_l": [a for a, _ in accepted],
                "unique_id_r": [b for _, b in accepted],
                "source_dataset_l": ["person_features_train"] * len(accepted),
                "source_dataset_r": ["person_features_train"] * len(accepted),
            }
        )
        labels_sdf = backends.register(db_api, labels, "person_labels")
        linker.training.estimate_m_from_pairwise_labels(labels_sdf)
    model = linker.misc.save_model_to_json()
    backends.release(db_api)
    return model, training.distinct(notes)


def _level_labels(model: dict) -> dict[str, dict[int, str]]:
    """comparison name -> gamma value -> level label, as Splink numbers the levels."""
    out: dict[str, dict[int, str]] = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [lvl for lvl in levels if not lvl.get("is_null_level")]
        mapping = {-1: "null"}
        for i, level in enumerate(non_null):
            mapping[len(non_null) - 1 - i] = level.get("label_for_charts") or str(i)
        out[comparison["output_column_name"]] = mapping
    return out


_VALUE_COLUMN = {
    "given": ("given_ar", "given_lat"), "family": ("family_ar", "family_lat"),
    "middle": ("middle_keys",), "place": ("place",),
}


def _explain(rows: pa.Table, model: dict) -> list[ScoredPair]:
    labels = _level_labels(model)
    cols = rows.to_pydict()
    pairs = []
    for i in range(len(rows)):
        features = {}
        for name, mapping in labels.items():
            gamma = cols.get(f"gamma_{name}", [None] * len(rows))[i]
            mw = cols.get(f"mw_{name}", [None] * len(rows))[i] or 0.0
            mw += cols.get(f"mw_tf_adj_{name}", [None] * len(rows))[i] or 0.0
            value_cols = _VALUE_COLUMN.get(name, (name,))
            left = right = None
            for vc in value_cols:
                left = left if left is not None else cols.get(f"{vc}_l", [None] * len(rows))[i]
                right = right if right is not None else cols.get(f"{vc}_r", [None] * len(rows))[i]
            weight = float(mw)
            features[name] = {
                "left": _jsonable(left), "right": _jsonable(right),
                "level": mapping.get(gamma, str(gamma)), "agrees": weight > 0,
                "weight": round(weight, 3),
            }
        pairs.append(
            ScoredPair(
                left=cols["unique_id_l"][i], right=cols["unique_id_r"][i],
                match_weight=float(cols["match_weight"][i]),
                match_probability=float(cols["match_probability"][i]), features=features,
            )
        )
    return pairs


def _jsonable(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class _Features(NamedTuple):
    name: str  # the feature table's name in the engine
    columns: list[str]


def _levels_sql(linker: Linker, features, low: float, names: tuple[str, ...]) -> str:
    """The pairs scored at or above `low` with the level (gamma) of the named comparisons,
    computed for these pairs alone from the feature table (see `link_feature_table`)."""
    # the linker's comparisons, in its dialect (Splink keeps them on its settings object)
    wanted = [c for c in linker._settings_obj.comparisons if c.output_column_name in names]
    # the columns the levels read ("l"."given_key" AS "given_key_l"), not the term frequencies
    # Splink joins on
    have = set(features.columns)
    columns = dict.fromkeys(col for c in wanted for col in c._columns_to_select_for_blocking()
                            if col.split(".")[1].split(" ")[0].strip('"`') in have)
    return (
        "SELECT unique_id_l, unique_id_r, match_weight, match_probability"
        + "".join(f", {c._case_statement}" for c in wanted)
        + " FROM (SELECT p.unique_id_l, p.unique_id_r, p.match_weight, p.match_probability"
        + "".join(f", {col}" for col in columns)
        + f" FROM {{this}} p JOIN {features.name} l ON l.unique_id = p.unique_id_l"
        + f" JOIN {features.name} r ON r.unique_id = p.unique_id_r"
        + f" WHERE p.match_probability >= {low!r}) pairs"
    )


def _scored_apart(compared, db_api, ids, labels, model: dict) -> list[tuple[str, str]]:
    """Compared pairs of one cluster whose own comparisons speak against a match.

    Clusters are connected components, so a chain of good pairs can join two records that,
    compared with each other, differ in given name, date of birth and place. A pair whose
    match weight is at or below the prior's (the Bayes factor of its comparisons is at most 1)
    is kept apart: its cluster is rebuilt strongest pair first (`clustering.separate`).
    """
    prior = float(model.get("probability_two_random_records_match") or 0)
    if not 0 < prior < 1 or not len(ids):
        return []
    against = float(np.log2(prior / (1 - prior)))
    # only clusters of two or more records can hold such a pair
    sizes = np.bincount(labels)
    joined = sizes[labels] > 1
    if not joined.any():
        return []
    members = backends.register(db_api, pa.table({
        "unique_id": pa.array(ids[joined].tolist(), pa.string()),
        "cluster_id": pa.array(labels[joined], pa.int64()),
    }), "person_clusters")
    rows = backends.to_arrow(compared.query_sql(
        f"SELECT p.unique_id_l, p.unique_id_r FROM {{this}} p "
        f"JOIN {members.physical_name} a ON p.unique_id_l = a.unique_id "
        f"JOIN {members.physical_name} b ON p.unique_id_r = b.unique_id "
        f"WHERE a.cluster_id = b.cluster_id AND p.match_weight <= {against!r}"
    ))
    return list(zip(rows.column("unique_id_l").to_pylist(), rows.column("unique_id_r").to_pylist(),
                    strict=True))


def link_feature_table(
    table: pa.Table,
    *,
    backend: str = "duckdb",
    decisions: Iterable[tuple[str, str, bool]] = (),
    threshold: float = 0.5,
    cluster_threshold: float = 0.9,
    previous_parameters: dict | None = None,
    across_sources_only: bool = False,
    explain: bool = True,
    veto_given_name: bool = True,
    retrain: bool = True,
) -> LinkResult:
    """Train, predict and cluster on a feature table (see `features.person_features`)."""
    decisions = [(str(a), str(b), bool(ok)) for a, b, ok in decisions]
    started = time.perf_counter()
    model, notes = _train_with_notes(
        table, backend=backend, decisions=decisions, previous_parameters=previous_parameters,
        across_sources_only=across_sources_only, estimate=retrain or not previous_parameters,
    )

    trained = time.perf_counter()
    db_api = backends.db_api(backend)
    table, rules = blocking.keyed(table, across_sources_only=across_sources_only)
    model_for_predict = dict(model)
    model_for_predict["blocking_rules_to_generate_predictions"] = [
        r.create_blocking_rule_dict(backends.dialect(backend)) for r in rules
    ]
    # The values and weights of each comparison are kept only where pairs are explained: on a
    # million records, writing them for every compared pair costs more than comparing.
    model_for_predict["retain_matching_columns"] = explain
    model_for_predict["retain_intermediate_calculation_columns"] = explain
    features = backends.register(db_api, table, "person_features")
    linker = Linker(features, model_for_predict, log_level=logging.WARNING)
    low = min(threshold, cluster_threshold)
    # Every compared pair is kept in the engine: those scored low tell which records no cluster
    # may hold together (`_scored_apart`); only those at or above `low` come back to Python.
    compared = linker.inference.predict()
    if explain:
        predictions = compared.query_sql(
            f"SELECT * FROM {{this}} WHERE match_probability >= {low!r}"
        )
    else:
        predictions = compared.query_sql(
            _levels_sql(linker, _Features(features.physical_name, table.column_names), low,
                        ("given", "birth_year"))
        )
    scored = backends.to_arrow(predictions)
    predicted = time.perf_counter()
    prob = np.asarray(scored.column("match_probability").to_numpy(zero_copy_only=False))
    left = np.asarray(scored.column("unique_id_l").to_pylist(), dtype=object)
    right = np.asarray(scored.column("unique_id_r").to_pylist(), dtype=object)
    keep = prob >= cluster_threshold
    # Pairs not joined without an analyst (`vetoed`); of these, those that no cluster may hold,
    # even through a third record that matches both (`apart`).
    vetoed = np.zeros(len(prob), dtype=bool)
    apart = np.zeros(len(prob), dtype=bool)
    if veto_given_name and present(table, "event_date"):
        # Two records whose given names plainly differ are not joined directly: brothers killed
        # together share father, family name, date and place. محمد and محمود are two names even
        # where a Latin "Mohamed" matches both.
        if "gamma_given" in scored.column_names:
            gamma = scored.column("gamma_given").to_numpy(zero_copy_only=False)
            labels_of = _level_labels(model)["given"]
            vetoed |= np.isin(gamma, [g for g, lab in labels_of.items() if lab in VETO_LEVELS])
            apart |= np.isin(gamma, [g for g, lab in labels_of.items() if lab in APART_LEVELS])
        if "gamma_birth_year" in scored.column_names:
            # the last (else) level of birth year: a generation apart, a parent and a child
            generation = scored.column("gamma_birth_year").to_numpy(zero_copy_only=False) == 0
            vetoed |= generation
            apart |= generation
    ids = np.asarray(table.column("unique_id").to_pylist(), dtype=object)
    edges = keep & ~vetoed
    labels = cluster_ids(ids, left[edges], right[edges], decisions)
    accepted = {frozenset((a, b)) for a, b, ok in decisions if ok}
    apart_pairs = [(a, b) for a, b in zip(left[keep & apart], right[keep & apart], strict=True)
                   if frozenset((a, b)) not in accepted]
    apart_pairs += [pair for pair in _scored_apart(compared, db_api, ids, labels, model)
                    if frozenset(pair) not in accepted]
    # Two records an analyst rejected are two people: no cluster holds both, not even through a
    # third record that matches each of them.
    apart_pairs += [(a, b) for a, b, ok in decisions if not ok]
    weighted = [*zip(left[edges], right[edges], prob[edges], strict=True),
                *((a, b, 2.0) for a, b, ok in decisions if ok)]
    labels = separate(ids, labels, weighted, apart_pairs)
    clusters = clusters_as_lists(ids, labels)
    review = scored.filter(pa.array(prob >= threshold))
    if explain:
        pairs = _explain(review, model)
    else:
        cols = review.select(["unique_id_l", "unique_id_r", "match_weight", "match_probability"])
        d = cols.to_pydict()
        pairs = [
            ScoredPair(a, b, float(w), float(p))
            for a, b, w, p in zip(d["unique_id_l"], d["unique_id_r"], d["match_weight"],
                                  d["match_probability"], strict=True)
        ]
    backends.release(db_api)
    return LinkResult(
        pairs=pairs,
        clusters=clusters,
        parameters={"model": model, "threshold": threshold, "cluster_threshold": cluster_threshold,
                    "backend": backend},
        stats={
            "records": len(table), "scored_pairs": len(scored), "review_pairs": len(pairs),
            "clusters": len(clusters), "train_seconds": round(trained - started, 2),
            "predict_seconds": round(predicted - trained, 2),
            "total_seconds": round(time.perf_counter() - started, 2),
            **({"training_notes": notes} if notes else {}),
        },
    )


def link_persons(
    records,
    *,
    backend: str = "duckdb",
    decisions: Iterable[tuple[str, str, bool]] = (),
    threshold: float = 0.5,
    previous_parameters: dict | None = None,
    cluster_threshold: float = 0.9,
    across_sources_only: bool = False,
    explain: bool = True,
    veto_given_name: bool = True,
    retrain: bool = True,
) -> LinkResult:
    """Link person records (a list of PersonRecord, a pyarrow Table or a Parquet path)."""
    if backend not in backends.BACKENDS:
        raise LinkageInputError(f"unknown backend {backend!r}; use one of {backends.BACKENDS}")
    table = person_features(records)
    if len(table) < 2:
        return LinkResult(pairs=[], clusters=[], parameters={}, stats={"records": len(table)})
    previous = (previous_parameters or {}).get("model", previous_parameters)
    return link_feature_table(
        table, backend=backend, decisions=decisions, threshold=threshold,
        cluster_threshold=cluster_threshold, previous_parameters=previous,
        across_sources_only=across_sources_only, explain=explain,
        veto_given_name=veto_given_name, retrain=retrain,
    )
