"""`sijill eval linkage`: the engine against plain Splink on labelled datasets, same process.

Each dataset is read into PersonRecords for the engine and into plain columns for the baseline,
which uses the comparisons and training steps Splink's own documentation recommends for that
kind of data (its FEBRL4, historical-persons and fake_1000 examples; for Syrian data the same
person-data recommendations on the name as written). Both are scored by the same functions:
pairwise precision/recall/F1 over the pairs inside clusters, and cluster metrics (B-cubed,
share of true clusters reproduced exactly).

Plain Python, no Django import.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from sijill.linkage.engine import backends
from sijill.linkage.engine.clustering import cluster_ids, clusters_as_lists
from sijill.linkage.engine.names import parse_name
from sijill.linkage.engine.persons import _quiet, link_persons
from sijill.linkage.engine.records import LinkageInputError, PersonRecord

DATASETS = ("febrl4", "fake_1000", "historical_50k", "airwars-vdc", "arabic-synthetic")
DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


@dataclass
class Dataset:
    name: str
    records: list[PersonRecord]
    truth: dict[str, str]  # record id -> true cluster (all records; or the labelled ones)
    baseline: Callable[[], list[list[str]]]
    across_sources_only: bool = False
    partial_truth: bool = False  # labels cover some records only (airwars-vdc)
    notes: dict = field(default_factory=dict)


# --- metrics -------------------------------------------------------------------------------


def _pairs(clusters) -> set[tuple[str, str]]:
    out = set()
    for cluster in clusters:
        for a, b in itertools.combinations(sorted(cluster), 2):
            out.add((a, b))
    return out


def score(clusters: list[list[str]], truth: dict[str, str], *, partial: bool = False,
          true_pairs: set | None = None) -> dict:
    """Pairwise precision/recall/F1 and cluster metrics of predicted clusters against truth."""
    if true_pairs is None:
        groups = defaultdict(list)
        for rid, c in truth.items():
            groups[c].append(rid)
        true_pairs = _pairs(groups.values())
    predicted = _pairs(clusters)
    if partial:
        # Labels link records of one list ("left" ids, those of the true pairs' first members)
        # to another: a predicted pair counts when it joins a labelled left record to a record
        # of the other list, and is correct when it is the labelled link.
        left_ids = {a for a, _ in true_pairs}
        prefix = lambda rid: rid.split(":", 1)[0]  # noqa: E731
        predicted = {
            p for p in predicted
            if (p[0] in left_ids or p[1] in left_ids) and prefix(p[0]) != prefix(p[1])
        }
    tp = len(predicted & true_pairs)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {
        "pairwise": {"precision": round(precision, 4), "recall": round(recall, 4),
                     "f1": round(f1, 4), "true_pairs": len(true_pairs),
                     "predicted_pairs": len(predicted), "correct_pairs": tp},
    }
    if not partial:
        result["clusters"] = _cluster_metrics(clusters, truth)
    return result


def _cluster_metrics(clusters, truth: dict[str, str]) -> dict:
    predicted_of = {}
    for i, cluster in enumerate(clusters):
        for rid in cluster:
            predicted_of[rid] = i
    next_id = len(clusters)
    for rid in truth:
        if rid not in predicted_of:
            predicted_of[rid] = next_id
            next_id += 1
    pred_groups, true_groups = defaultdict(set), defaultdict(set)
    for rid, c in truth.items():
        true_groups[c].add(rid)
        pred_groups[predicted_of[rid]].add(rid)
    bp = br = 0.0
    for rid, c in truth.items():
        mine, real = pred_groups[predicted_of[rid]], true_groups[c]
        inter = len(mine & real)
        bp += inter / len(mine)
        br += inter / len(real)
    n = len(truth)
    bp, br = bp / n, br / n
    exact = sum(1 for g in true_groups.values() if pred_groups[predicted_of[next(iter(g))]] == g)
    return {
        "b_cubed_precision": round(bp, 4), "b_cubed_recall": round(br, 4),
        "b_cubed_f1": round(2 * bp * br / (bp + br), 4) if bp + br else 0.0,
        "true_clusters": len(true_groups), "predicted_clusters": len(pred_groups),
        "exact_cluster_share": round(exact / len(true_groups), 4),
    }


# --- plain Splink --------------------------------------------------------------------------


def _splink_clusters(tables, settings: SettingsCreator, train, threshold: float,
                     id_column: str = "unique_id") -> list[list[str]]:
    """Run plain Splink as its documentation shows, then cluster like the engine does."""
    _quiet()
    api = backends.db_api("duckdb")
    sdfs = [api.register(t) for t in tables]
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], settings, log_level=logging.WARNING)
    train(linker)
    predictions = backends.to_arrow(linker.inference.predict(threshold_match_probability=0.2))
    prob = predictions.column("match_probability").to_numpy(zero_copy_only=False)
    left = np.asarray(predictions.column(f"{id_column}_l").to_pylist(), dtype=object)
    right = np.asarray(predictions.column(f"{id_column}_r").to_pylist(), dtype=object)
    ids = np.asarray(
        [str(x) for t in tables for x in t.column(id_column).to_pylist()], dtype=object
    )
    keep = prob >= threshold
    labels = cluster_ids(ids, left[keep].astype(str), right[keep].astype(str))
    api._con.close()
    return clusters_as_lists(ids, labels)


def _person_baseline(rows: list[dict], *, threshold: float = 0.95) -> list[list[str]]:
    """Plain Splink on victim lists: the name as written, split into first and last word."""
    table = pa.Table.from_pylist(rows)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.ExactMatch("sex"),
            cl.AbsoluteDateDifferenceAtThresholds(
                "event_date", input_is_string=True, metrics=["day", "day", "day"],
                thresholds=[3, 31, 366], datetime_format="%Y-%m-%d",
            ),
            cl.ExactMatch("place").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("age", [1, 2]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "event_date"),
            block_on("first_name", "event_date"),
        ],
        retain_intermediate_calculation_columns=False,
    )

    def train(linker):
        linker.training.estimate_probability_two_random_records_match(
            [block_on("first_name", "surname", "event_date")], recall=0.7
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=7)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("first_name", "surname"), estimate_without_term_frequencies=True
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("event_date"), estimate_without_term_frequencies=True
        )

    return _splink_clusters([table], settings, train, threshold)


def _baseline_row(r: PersonRecord) -> dict:
    name = (r.name_latin or r.name_ar or "").lower().split()
    return {
        "unique_id": r.id,
        "first_name": name[0] if name else None,
        "surname": name[-1] if len(name) > 1 else None,
        "sex": r.sex,
        "event_date": r.event_date.isoformat() if r.event_date else None,
        "place": r.place_pcode,
        "age": str(r.age) if r.age is not None else None,
    }


# --- datasets ------------------------------------------------------------------------------


def _date_or_none(text: str | None, fmt: str = "%Y-%m-%d") -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text.strip(), fmt).date()
    except ValueError:
        return None


def load_fake_1000(data: Path) -> Dataset:
    path = data / "linkage/splink_datasets/fake_1000.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    records = [
        PersonRecord(
            id=r["unique_id"], source="fake_1000",
            name_latin=f"{r['first_name']} {r['surname']}".strip(),
            birth_date=_date_or_none(r["dob"]),
            attributes=tuple((k, r[k]) for k in ("city", "email") if r[k]),
        )
        for r in rows
    ]
    truth = {r["unique_id"]: r["cluster"] for r in rows}

    def baseline():
        table = pa.Table.from_pylist(
            [{k: (r[k] or None) for k in ("unique_id", "first_name", "surname", "dob", "city",
                                           "email")} for r in rows]
        )
        settings = SettingsCreator(
            link_type="dedupe_only",
            comparisons=[
                cl.NameComparison("first_name"),
                cl.NameComparison("surname"),
                cl.DateOfBirthComparison("dob", input_is_string=True),
                cl.ExactMatch("city").configure(term_frequency_adjustments=True),
                cl.EmailComparison("email"),
            ],
            blocking_rules_to_generate_predictions=[
                block_on("first_name", "dob"), block_on("surname"),
            ],
        )

        def train(linker):
            linker.training.estimate_probability_two_random_records_match(
                [block_on("first_name", "surname", "dob"), block_on("email")], recall=0.7
            )
            linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=7)
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on("first_name", "surname")
            )
            linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))

        return _splink_clusters([table], settings, train, 0.95)

    return Dataset("fake_1000", records, truth, baseline)


def _febrl_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader)]
        return [dict(zip(header, (v.strip() for v in row), strict=True)) for row in reader]


def load_febrl4(data: Path) -> Dataset:
    folder = data / "linkage/splink_datasets/febrl"
    a, b = _febrl_rows(folder / "dataset4a.csv"), _febrl_rows(folder / "dataset4b.csv")
    attrs = ("street_number", "address_1", "address_2", "suburb", "postcode", "state",
             "soc_sec_id")
    records = []
    truth = {}
    for source, rows in (("a", a), ("b", b)):
        for r in rows:
            rid = f"{source}:{r['rec_id']}"
            records.append(
                PersonRecord(
                    id=rid, source=source,
                    name_latin=f"{r['given_name']} {r['surname']}".strip(),
                    birth_date=_date_or_none(r["date_of_birth"], "%Y%m%d"),
                    attributes=tuple((k, r[k]) for k in attrs if r[k]),
                )
            )
            truth[rid] = "-".join(r["rec_id"].split("-")[:2])

    def baseline():
        tables = [
            pa.Table.from_pylist([{**{k: (v or None) for k, v in r.items()},
                                   "rec_id": f"{s}:{r['rec_id']}"} for r in rows])
            for s, rows in (("a", a), ("b", b))
        ]
        rules = [
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"), block_on("soc_sec_id"), block_on("state", "address_1"),
            block_on("street_number", "address_1"), block_on("postcode"),
        ]
        settings = SettingsCreator(
            unique_id_column_name="rec_id",
            link_type="link_only",
            blocking_rules_to_generate_predictions=rules,
            comparisons=[
                cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
                cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                cl.DateOfBirthComparison("date_of_birth", input_is_string=True,
                                         datetime_format="%Y%m%d", invalid_dates_as_null=True),
                cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                    term_frequency_adjustments=True
                ),
            ],
        )

        def train(linker):
            linker.training.estimate_probability_two_random_records_match(
                [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")],
                recall=0.8,
            )
            linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=7)
            for rule in (block_on("date_of_birth"), block_on("postcode")):
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, estimate_without_term_frequencies=True
                )

        return _splink_clusters(tables, settings, train, 0.99, id_column="rec_id")

    return Dataset("febrl4", records, truth, baseline, across_sources_only=True)


def load_historical_50k(data: Path) -> Dataset:
    table = pq.read_table(data / "linkage/splink_datasets/historical_figures_with_errors_50k.parquet")
    rows = table.to_pylist()
    records = []
    for r in rows:
        name = " ".join(x for x in (r["first_name"], r["surname"]) if x)
        if len(parse_name(name).parts) < 2:
            # "Sir ... Baronet" as first name and surname: the full name has the name
            name = r["full_name"] or name
        records.append(
            PersonRecord(
                id=r["unique_id"], source="historical", name_latin=name,
                sex=r["gender"], birth_date=r["dob"],
                attributes=tuple((k, r[k]) for k in ("birth_place", "postcode_fake", "occupation")
                                 if r[k]),
            )
        )
    truth = {r["unique_id"]: r["cluster"] for r in rows}

    def baseline():
        base = pa.Table.from_pylist([
            {**r, "first_name_surname_concat": (
                f"{r['first_name']} {r['surname']}" if r["first_name"] and r["surname"] else None
            )} for r in rows
        ])
        rules = [
            block_on("substr(first_name,1,3)", "substr(surname,1,4)"),
            block_on("surname", "dob"), block_on("first_name", "dob"),
            block_on("postcode_fake", "first_name"), block_on("postcode_fake", "surname"),
            block_on("dob", "birth_place"), block_on("substr(postcode_fake,1,3)", "dob"),
            block_on("substr(postcode_fake,1,3)", "first_name"),
            block_on("substr(postcode_fake,1,3)", "surname"),
            block_on("substr(first_name,1,2)", "substr(surname,1,2)", "substr(dob,1,4)"),
        ]
        settings = SettingsCreator(
            link_type="dedupe_only",
            blocking_rules_to_generate_predictions=rules,
            comparisons=[
                cl.ForenameSurnameComparison(
                    "first_name", "surname",
                    forename_surname_concat_col_name="first_name_surname_concat",
                ),
                cl.DateOfBirthComparison("dob", input_is_string=True),
                cl.PostcodeComparison("postcode_fake"),
                cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
                cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
            ],
        )

        def train(linker):
            linker.training.estimate_probability_two_random_records_match(
                [block_on("first_name", "surname", "dob"),
                 block_on("substr(first_name,1,2)", "surname", "substr(postcode_fake,1,2)"),
                 block_on("dob", "postcode_fake")],
                recall=0.6,
            )
            linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=7)
            for rule in (block_on("first_name", "surname"), block_on("dob")):
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, estimate_without_term_frequencies=True
                )

        return _splink_clusters([base], settings, train, 0.95)

    return Dataset("historical_50k", records, truth, baseline)


def load_arabic_synthetic(data: Path, *, people: int = 3000, seed: int = 2024) -> Dataset:
    from sijill.linkage.synthetic import generate

    generated = generate(data / "events/airwars_syria/airwars_syria_victims.csv",
                         people=people, seed=seed)
    records = [g.record for g in generated]
    truth = {g.record.id: g.person_id for g in generated}

    def baseline():
        return _person_baseline([_baseline_row(r) for r in records])

    return Dataset("arabic-synthetic", records, truth, baseline,
                   notes={"people": people, "seed": seed})


_VDC_SEX = {"Adult - Male": "male", "Adult - Female": "female", "Child - Male": "male",
            "Child - Female": "female"}


def load_airwars_vdc(data: Path, links: Path | None = None) -> Dataset:
    incidents = {}
    with open(data / "events/airwars_syria/airwars_syria_incidents.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            incidents.setdefault(row["incident_code"], row)
    records = []
    with open(data / "events/airwars_syria/airwars_syria_victims.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["status"] != "killed" or not (row["name_latin"] or row["name_local_ar"]):
                continue
            inc = incidents.get(row["incident_code"], {})
            lat, lon = _coordinate(inc.get("latitude")), _coordinate(inc.get("longitude"))
            records.append(
                PersonRecord(
                    id=f"aw:{row['incident_code']}:{row['victim_order']}", source="airwars",
                    name_ar=row["name_local_ar"], name_latin=row["name_latin"],
                    sex=row["gender"] or None, age=int(row["age"]) if row["age"].isdigit() else None,
                    event_date=_date_or_none(inc.get("incident_date", "")[:10]),
                    latitude=lat if lat is not None and abs(lat) <= 90 else None,
                    longitude=lon if lon is not None and abs(lon) <= 180 else None,
                )
            )
    with open(data / "linkage/vdc_martyrs/vdc_martyrs_en.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Name"].strip()
            if not name or name.lower().startswith("unidentified"):
                continue
            age = int(row["Age"]) if row["Age"].isdigit() and row["Age"] != "0" else None
            records.append(
                PersonRecord(
                    id=f"vdc:{row['uid']}", source="vdc",
                    name_latin=name, sex=_VDC_SEX.get(row["Sex"]), age=age,
                    event_date=_date_or_none(row["Date of death"]),
                )
            )
    links = links or data / "linkage/airwars_vdc_links/airwars_vdc_links_dev.csv"
    truth: dict[str, str] = {}
    true_pairs = set()
    with open(links, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            left = f"aw:{row['incident_code']}:{row['victim_order']}"
            right = f"vdc:{row['vdc_uid']}"
            truth[left] = truth[right] = left
            true_pairs.add(tuple(sorted((left, right))))

    def baseline():
        return _person_baseline([_baseline_row(r) for r in records])

    return Dataset("airwars-vdc", records, truth, baseline, across_sources_only=True,
                   partial_truth=True, notes={"true_pairs": true_pairs, "links": str(links)})


def _coordinate(text) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def load(name: str, *, data: Path | None = None, links: Path | None = None, **options) -> Dataset:
    data = Path(data or DEFAULT_DATA)
    if not data.is_dir():
        raise LinkageInputError(f"data folder {data} does not exist")
    if name == "febrl4":
        return load_febrl4(data)
    if name == "fake_1000":
        return load_fake_1000(data)
    if name == "historical_50k":
        return load_historical_50k(data)
    if name == "arabic-synthetic":
        return load_arabic_synthetic(data, **options)
    if name == "airwars-vdc":
        return load_airwars_vdc(data, links)
    raise LinkageInputError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")


def evaluate(name: str, *, data: Path | None = None, links: Path | None = None,
             baseline: bool = True, cluster_threshold: float = 0.5, **options) -> dict:
    """Scores of the engine and of plain Splink on one dataset, as a JSON-able dict."""
    dataset = load(name, data=data, links=links, **options)
    true_pairs = dataset.notes.pop("true_pairs", None)
    started = time.perf_counter()
    result = link_persons(
        dataset.records, threshold=cluster_threshold, cluster_threshold=cluster_threshold,
        across_sources_only=dataset.across_sources_only, explain=False,
    )
    engine_seconds = time.perf_counter() - started
    out = {
        "dataset": name,
        "records": len(dataset.records),
        "labelled_records": len(dataset.truth),
        "sijill": {**score(result.clusters, dataset.truth, partial=dataset.partial_truth,
                           true_pairs=true_pairs),
                   "seconds": round(engine_seconds, 2), "cluster_threshold": cluster_threshold},
        **({"notes": dataset.notes} if dataset.notes else {}),
    }
    if baseline:
        started = time.perf_counter()
        clusters = dataset.baseline()
        out["plain_splink"] = {
            **score(clusters, dataset.truth, partial=dataset.partial_truth,
                    true_pairs=true_pairs),
            "seconds": round(time.perf_counter() - started, 2),
        }
        out["f1_gain_over_plain_splink"] = round(
            out["sijill"]["pairwise"]["f1"] - out["plain_splink"]["pairwise"]["f1"], 4
        )
    return out
