"""Incident linkage: the same incident reported by several sources -> incident clusters.

Compared: how far apart the reported dates are (ranges are compared by their overlap and their
middles), place (same community, same sub-district, distance), violation type and actor.
Blocking on the day, on community and month, and on sub-district and week keeps it near-linear.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator
from splink.blocking_rule_library import CustomRule

from sijill.linkage.engine import backends, training
from sijill.linkage.engine.clustering import cluster_ids, clusters_as_lists
from sijill.linkage.engine.features import _place_cached, present
from sijill.linkage.engine.persons import DIALECT, _custom, _explain, _place_comparison, _quiet
from sijill.linkage.engine.records import IncidentRecord, LinkageInputError, LinkResult
from sijill.text.normalise import normalise


def incident_features(records: Iterable[IncidentRecord]) -> pa.Table:
    rows = []
    for r in records:
        if not isinstance(r, IncidentRecord):
            raise LinkageInputError(f"expected IncidentRecord, got {type(r).__name__}")
        if r.start_date is None or r.end_date is None or r.end_date < r.start_date:
            raise LinkageInputError(f"incident record {r.id}: start and end dates must be set, in order")
        middle = r.start_date + (r.end_date - r.start_date) / 2
        place, subdistrict, lat, lon = _place_cached(r.place_pcode or None, r.latitude, r.longitude)
        rows.append(
            {
                "unique_id": str(r.id), "source": r.source or "",
                "start_date": r.start_date, "end_date": r.end_date, "mid_date": middle,
                "week": middle.isocalendar()[0] * 100 + middle.isocalendar()[1],
                "month": middle.year * 100 + middle.month,
                "violation_type": normalise(r.violation_type) or None,
                "actor": normalise(r.actor) or None,
                "place": place, "subdistrict": subdistrict, "lat": lat, "lon": lon,
            }
        )
    schema = pa.schema([
        ("unique_id", pa.string()), ("source", pa.string()), ("start_date", pa.date32()),
        ("end_date", pa.date32()), ("mid_date", pa.date32()), ("week", pa.int32()),
        ("month", pa.int32()), ("violation_type", pa.string()), ("actor", pa.string()),
        ("place", pa.string()), ("subdistrict", pa.string()), ("lat", pa.float64()),
        ("lon", pa.float64()),
    ])
    return pa.Table.from_pylist(rows, schema=schema)


def _settings(table: pa.Table) -> SettingsCreator:
    comparisons = [
        cl.CustomComparison(
            [
                _custom("start_date_l = start_date_r AND end_date_l = end_date_r", "same dates"),
                _custom("start_date_l <= end_date_r AND start_date_r <= end_date_l", "overlap"),
                cll.AbsoluteDateDifferenceLevel(
                    "mid_date", input_is_string=False, threshold=3, metric="day"
                ).configure(label_for_charts="within 3 days"),
                cll.AbsoluteDateDifferenceLevel(
                    "mid_date", input_is_string=False, threshold=10, metric="day"
                ).configure(label_for_charts="within 10 days"),
                cll.ElseLevel(),
            ],
            output_column_name="date",
        ),
    ]
    if present(table, "place") or present(table, "lat"):
        comparisons.append(_place_comparison(table))
    if present(table, "violation_type"):
        comparisons.append(cl.ExactMatch("violation_type"))
    if present(table, "actor"):
        comparisons.append(cl.JaroWinklerAtThresholds("actor", [0.9]))
    rules = ["l.mid_date = r.mid_date", "l.place = r.place AND l.month = r.month",
             "l.subdistrict = r.subdistrict AND l.week = r.week"]
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[CustomRule(r, sql_dialect=DIALECT) for r in rules],
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        max_iterations=20,
    )


def link_incidents(
    records: Iterable[IncidentRecord],
    *,
    backend: str = "duckdb",
    decisions: Iterable[tuple[str, str, bool]] = (),
    threshold: float = 0.5,
    cluster_threshold: float = 0.9,
) -> LinkResult:
    """Cluster incident reports that describe one incident."""
    _quiet()
    decisions = [(str(a), str(b), bool(ok)) for a, b, ok in decisions]
    table = incident_features(records)
    if len(table) < 2:
        return LinkResult(pairs=[], clusters=[], parameters={}, stats={"records": len(table)})
    api = backends.db_api(backend)
    linker = Linker(backends.register(api, table, "incident_features"),
                    _settings(table).create_settings_dict(backends.dialect(backend)))
    n = len(table)
    # The prior from reports on the same day at the same community; without places, same day.
    same = "l.mid_date = r.mid_date" + (" AND l.place = r.place" if present(table, "place") else "")
    notes = [
        training.estimate_prior(linker, [CustomRule(same, sql_dialect=DIALECT)], recall=0.7, records=n),
        training.estimate_u(linker, records=n, max_pairs=1e6),
    ]
    for rule in ("l.mid_date = r.mid_date", "l.subdistrict = r.subdistrict AND l.month = r.month"):
        notes.append(training.estimate_m(linker, CustomRule(rule, sql_dialect=DIALECT), records=n))
    notes = training.distinct(notes)
    model = linker.misc.save_model_to_json()
    scored = backends.to_arrow(linker.inference.predict(threshold_match_probability=threshold))
    prob = scored.column("match_probability").to_numpy(zero_copy_only=False)
    left = scored.column("unique_id_l").to_numpy(zero_copy_only=False)
    right = scored.column("unique_id_r").to_numpy(zero_copy_only=False)
    ids = table.column("unique_id").to_numpy(zero_copy_only=False)
    keep = prob >= cluster_threshold
    labels = cluster_ids(ids, left[keep], right[keep], decisions)
    pairs = _explain(scored, model)
    backends.release(api)
    return LinkResult(
        pairs=pairs, clusters=clusters_as_lists(ids, labels),
        parameters={"model": model, "threshold": threshold, "cluster_threshold": cluster_threshold},
        stats={"records": n, "review_pairs": len(pairs),
               **({"training_notes": notes} if notes else {})},
    )

