"""`sijill eval linkage --dataset airwars-reports`: incident linkage scored on real reports.

Airwars keys each of its source texts (social-media posts and articles, mostly Arabic) to the
incident it documents, and most incidents are told by several texts. Each text that documents
one incident is read by the report extractor into a draft (day, place, violation type,
perpetrator), the drafts are linked by `link_incidents`, and the clusters are scored against
Airwars' incident of each text with the same pairwise and cluster metrics as person linkage.
This measures the whole path an analyst relies on: reports about one event proposed as one
incident with several sources.

A draft without a day cannot be placed in time and stays alone (Sijill never links an undated
report); it still counts in the scores, so recall here is bounded by extraction. The scores are
also given over the dated drafts alone. Plain Splink runs beside the engine on the same drafts,
with the generic comparisons its documentation recommends (exact place, date difference at
thresholds, exact type and actor, trained by EM).

Plain Python, no Django import.
"""

from __future__ import annotations

import datetime
import json
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from sijill.extraction import extract
from sijill.extraction.evaluation import airwars_published
from sijill.linkage.engine.evaluation import DEFAULT_DATA, _splink_clusters, score
from sijill.linkage.engine.incidents import link_incidents
from sijill.linkage.engine.records import IncidentRecord, LinkageInputError

INCIDENT_DATASETS = ("airwars-reports",)
TEXTS = Path("events") / "airwars_syria" / "airwars_source_texts_dev.jsonl"


def report_drafts(path: Path, *, limit: int | None = None) -> tuple[list[IncidentRecord], dict[str, str], Counter]:
    """Incident records drafted from the texts of one incident each, the truth, and tallies."""
    if not path.is_file():
        raise LinkageInputError(f"Airwars source texts not found at {path}")
    records: list[IncidentRecord] = []
    truth: dict[str, str] = {}
    tally: Counter = Counter()
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if limit is not None and len(truth) >= limit:
                break
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LinkageInputError(f"{path}, line {line_number}: not JSON ({exc.msg})") from exc
            incidents = record.get("incident_ids") or []
            if len(incidents) != 1:
                # a text that tells of several incidents has no single right cluster
                tally["texts of several incidents (left out)"] += 1
                continue
            rid = str(record.get("source_id") or f"line-{line_number}")
            truth[rid] = incidents[0]
            draft = extract(record.get("text") or "", published=airwars_published(record)).incident
            day = (draft.get("date") or {}).get("date")
            if not day:
                tally["drafts without a day (kept alone)"] += 1
                continue
            day = datetime.date.fromisoformat(day)
            records.append(IncidentRecord(
                id=rid, source=record.get("publisher") or "",
                start_date=day, end_date=day,
                violation_type=(draft.get("violation") or {}).get("type"),
                actor=(draft.get("perpetrator") or {}).get("actor"),
                place_pcode=(draft.get("place") or {}).get("pcode"),
            ))
            tally["dated drafts"] += 1
            tally["with a place"] += bool(records[-1].place_pcode)
    return records, truth, tally


def _baseline(records: list[IncidentRecord], *, threshold: float = 0.95) -> list[list[str]]:
    """Plain Splink on the same drafts: generic comparisons, blocking on day or place."""
    table = pa.Table.from_pylist([
        {"unique_id": r.id, "event_date": r.start_date.isoformat(), "place": r.place_pcode,
         "violation_type": r.violation_type, "actor": r.actor}
        for r in records
    ])
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.AbsoluteDateDifferenceAtThresholds(
                "event_date", input_is_string=True, metrics=["day", "day", "day"],
                thresholds=[1, 3, 10], datetime_format="%Y-%m-%d",
            ),
            cl.ExactMatch("place").configure(term_frequency_adjustments=True),
            cl.ExactMatch("violation_type"),
            cl.ExactMatch("actor"),
        ],
        blocking_rules_to_generate_predictions=[block_on("event_date"), block_on("place")],
        retain_intermediate_calculation_columns=False,
    )

    def train(linker):
        linker.training.estimate_probability_two_random_records_match(
            [block_on("event_date", "place")], recall=0.7
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=7)
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("event_date"))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("place"))

    return _splink_clusters([table], settings, train, threshold)


def evaluate_incidents(name: str, *, data: Path | None = None, baseline: bool = True,
                       limit: int | None = None) -> dict:
    """Scores of incident linkage (and of plain Splink) on one dataset, as a JSON-able dict."""
    if name not in INCIDENT_DATASETS:
        raise LinkageInputError(f"unknown incident dataset {name!r}; choose one of {', '.join(INCIDENT_DATASETS)}")
    data = Path(data or DEFAULT_DATA)
    started = time.perf_counter()
    records, truth, tally = report_drafts(data / TEXTS, limit=limit)
    extraction_seconds = time.perf_counter() - started
    dated = {r.id for r in records}
    dated_truth = {rid: c for rid, c in truth.items() if rid in dated}
    started = time.perf_counter()
    result = link_incidents(records)
    out = {
        "dataset": name,
        "records": len(truth),
        "notes": {**dict(tally), "incidents": len(set(truth.values())),
                  "extraction_seconds": round(extraction_seconds, 2)},
        "sijill": {**score(result.clusters, truth), "seconds": round(time.perf_counter() - started, 2),
                   "dated_drafts_only": score(result.clusters, dated_truth)},
    }
    if baseline:
        started = time.perf_counter()
        clusters = _baseline(records)
        out["plain_splink"] = {**score(clusters, truth), "seconds": round(time.perf_counter() - started, 2),
                               "dated_drafts_only": score(clusters, dated_truth)}
        out["f1_gain_over_plain_splink"] = round(
            out["sijill"]["pairwise"]["f1"] - out["plain_splink"]["pairwise"]["f1"], 4
        )
    return out
