"""Precision, recall and F1 of the extractor per field on labelled report collections.

Two shapes are read: FA-KES (a CSV of English articles, each labelled with governorate, date,
actor and casualty counts) and Airwars (a JSONL of source texts keyed to incidents, and the
incidents CSV holding the labels). A record whose label for a field is empty is left out of that
field's score. A field is scored on the extractor's incident proposal (`Extraction.incident`):

* governorate: the proposed governorate's p-code is one of the labelled governorates (FA-KES's
  "damascus" names the Damascus area, see FAKES_AREAS; "governorate_strict" reads it as the city);
* date: the proposed date lies within one day of a labelled date (or inside a labelled range);
* actor: the proposed perpetrator's top-level party is one of the labelled parties;
* killed: the proposed killed count (none proposed counts as 0) lies inside the labelled min-max;
  reported as the share of labelled records ("in_range"), with P/R/F1 over proposed counts.

Precision = correct / records with a proposal and a label; recall = correct / records with a label.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

from sijill.extraction.actors import ActorFinder, default_finder
from sijill.extraction.dates import find_dates, published_from_url
from sijill.extraction.pipeline import extract
from sijill.extraction.words import words
from sijill.places import resolver

# FA-KES labels use the VDC vocabulary; each names one or more top-level parties of the table.
FAKES_ACTORS = {
    "syrian government or russian troops": {"syrian-government-forces", "russian-forces", "iranian-forces"},
    "international coalition forces": {"international-coalition"},
    "the organization of the islamic state in iraq and the levant - isis": {"isis"},
    "armed opposition groups": {"armed-opposition", "free-syrian-army", "sna", "hts", "hurras-al-din"},
    "self administration forces": {"sdf"},
    "al-nusra front": {"hts"},
    "unknown": set(),
}
FIELDS = ("governorate", "date", "actor", "killed")
# FA-KES labels places with twelve names and none of them is Rif Dimashq (the Damascus
# countryside): its articles on Douma, Eastern Ghouta or Madaya are labelled "damascus", which
# therefore names the Damascus area, both governorates. Like FAKES_ACTORS, a reading of the
# labels' vocabulary, the same for every article; the strict reading is reported beside it.
FAKES_AREAS = {"damascus": ("Damascus", "Rif Dimashq")}


def _governorate(name: str) -> str | None:
    name = (name or "").strip()
    if not name:
        return None
    found = resolver.resolve(name, limit=1)
    return found[0].governorate_pcode if found else None


class Score:
    def __init__(self, fields: tuple[str, ...] = FIELDS):
        self.counts = {f: defaultdict(int) for f in fields}
        self.errors: dict[str, list] = {f: [] for f in fields}

    def add(self, field: str, predicted, labelled: bool, correct: bool, note=None) -> None:
        if not labelled:
            return
        c = self.counts[field]
        c["labelled"] += 1
        if predicted is not None:
            c["predicted"] += 1
        if correct:
            c["correct"] += 1
            if predicted is not None:
                c["correct_predicted"] += 1
        elif note is not None and len(self.errors[field]) < 400:
            self.errors[field].append(note)

    def report(self) -> dict:
        out = {}
        for field, c in self.counts.items():
            labelled, predicted = c["labelled"], c["predicted"]
            correct = c["correct_predicted"]
            p = correct / predicted if predicted else 0.0
            r = correct / labelled if labelled else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            row = {"labelled": labelled, "predicted": predicted, "correct": correct,
                   "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}
            if field == "killed":
                row["in_range"] = round(c["correct"] / labelled, 3) if labelled else 0.0
            out[field] = row
        return out


def _root_of(finder: ActorFinder, proposal: dict) -> str | None:
    per = proposal.get("perpetrator")
    return per["actor"] if per else None


def _date_ok(predicted: str | None, ranges: list[tuple[date, date]]) -> bool:
    if not predicted:
        return False
    d = date.fromisoformat(predicted)
    return any(lo - timedelta(days=1) <= d <= hi + timedelta(days=1) for lo, hi in ranges)


def _killed_ok(proposal: dict, ranges: list[tuple[int, int]]) -> bool:
    k = proposal.get("killed")
    value = k["min"] if k else 0
    hi_value = k["max"] if k and k["max"] is not None else value
    # a proposed range is right when it overlaps the labelled one
    return any(value <= hi and hi_value >= lo for lo, hi in ranges)


def evaluate_fakes(path: Path | str, *, limit: int | None = None, finder: ActorFinder | None = None,
                   today: date | None = None) -> Score:
    finder = finder or default_finder()
    score = Score((*FIELDS, "governorate_strict"))
    with open(path, encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            if limit is not None and n >= limit:
                break
            text = row["article_content"]
            result = extract(text, today=today)
            prop = result.incident
            uid = row.get("unit_id")
            gov = _governorate(row["location"])
            pg = prop.get("place", {}).get("governorate")
            area = {_governorate(name) for name in FAKES_AREAS.get(row["location"].strip().lower(), ())}
            score.add("governorate", pg, gov is not None, pg == gov or pg in area, (uid, gov, pg))
            score.add("governorate_strict", pg, gov is not None, pg == gov, (uid, gov, pg))
            label_date = datetime.strptime(row["date"], "%m/%d/%y").date() if row["date"].strip() else None
            pd = prop.get("date", {}).get("date")
            score.add("date", pd, label_date is not None, _date_ok(pd, [(label_date, label_date)] if label_date else []),
                      (uid, str(label_date), pd))
            parties = FAKES_ACTORS.get(row["actor"].strip().lower(), set())
            pa = _root_of(finder, prop)
            score.add("actor", pa, bool(parties), pa in parties, (uid, row["actor"], pa))
            civ = int(row["nb_civilians"] or 0)
            non = int(row["nb_noncivilians"] or 0)
            # The label counts civilians and non-civilians apart; a report's toll may be either or both.
            ranges = [(civ, civ + non)]
            pk = prop.get("killed")
            score.add("killed", pk["min"] if pk else None, row["nb_civilians"] != "", _killed_ok(prop, ranges),
                      (uid, ranges, pk and (pk["min"], pk["max"])))
    return score


def _int(value: str) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def airwars_published(record: dict) -> date | None:
    """The day an Airwars source text was published: its record's date, else its address's."""
    published = None
    if record.get("publication_date"):
        pub = record["publication_date"]
        found, _ref = find_dates(pub, words(pub))
        published = next((d.date for d in found if d.date and d.precision == "day"), None)
    # A post whose record has no date may still carry it in its address (X status ids).
    return published or published_from_url(record.get("original_url"))


def airwars_records(texts: Path | str, incidents: Path | str, *, limit: int | None = None):
    """Each Airwars source text (a JSONL record) with the incident rows it is keyed to."""
    by_id: dict[str, dict] = {}
    with open(incidents, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_id.setdefault(f"airwars-{row['airwars_id']}", row)
    with open(texts, encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                break
            record = json.loads(line)
            rows = [by_id[i] for i in record.get("incident_ids", []) if i in by_id]
            if rows:
                yield record, rows


def airwars_governorates(rows: list[dict]) -> set[str]:
    return {g for g in (_governorate(r["governorate_en"] or r["region_en"] or r["province_en"])
                        for r in rows) if g}


def airwars_dates(rows: list[dict]) -> list[tuple[date, date]]:
    ranges = []
    for r in rows:
        if r["incident_date"]:
            lo = date.fromisoformat(r["incident_date"])
            ranges.append((lo, date.fromisoformat(r["date_range_end"]) if r["date_range_end"] else lo))
    return ranges


def airwars_killed(rows: list[dict]) -> list[tuple[int, int]]:
    """The labelled civilian deaths of each incident as (min, max); one bound stands for both."""
    bounds = [(_int(r["civ_killed_min"]), _int(r["civ_killed_max"])) for r in rows]
    return [(lo if lo is not None else hi, hi if hi is not None else lo) for lo, hi in bounds
            if lo is not None or hi is not None]


def evaluate_airwars(texts: Path | str, incidents: Path | str, *, limit: int | None = None,
                     finder: ActorFinder | None = None, today: date | None = None) -> Score:
    finder = finder or default_finder()
    score = Score()
    for record, rows in airwars_records(texts, incidents, limit=limit):
        prop = extract(record.get("text") or "", published=airwars_published(record), today=today).incident
        sid = record.get("source_id")
        govs = airwars_governorates(rows)
        pg = prop.get("place", {}).get("governorate")
        score.add("governorate", pg, bool(govs), pg in govs, (sid, sorted(govs), pg))
        ranges = airwars_dates(rows)
        pd = prop.get("date", {}).get("date")
        score.add("date", pd, bool(ranges), _date_ok(pd, ranges), (sid, [str(a) for a, _ in ranges], pd))
        parties = set()
        for r in rows:
            for name in (r["belligerent_en"] or "").split(","):
                name = name.strip()
                if not name or name.lower() == "unknown":
                    continue
                match = finder.resolver.resolve(name)
                if match:
                    parties.add(finder.root(match[0].actor_id))
        pa = _root_of(finder, prop)
        score.add("actor", pa, bool(parties), pa in parties, (sid, sorted(parties), pa))
        kr = airwars_killed(rows)
        pk = prop.get("killed")
        score.add("killed", pk["min"] if pk else None, bool(kr), _killed_ok(prop, kr),
                  (sid, kr, pk and (pk["min"], pk["max"])))
    return score


def evaluate(*, fakes=None, airwars_texts=None, airwars_incidents=None, limit: int | None = None,
             today: date | None = None) -> dict:
    """The scores per dataset given, as one JSON-ready dict. `today` is the day the texts are taken
    as read (the machine's date by default): a day and month written with a weekday and no year are
    read as the last such day before it, so a score taken on one day is reproduced with that day."""
    out = {}
    if fakes:
        out["fakes"] = evaluate_fakes(fakes, limit=limit, today=today).report()
    if airwars_texts and airwars_incidents:
        out["airwars"] = evaluate_airwars(airwars_texts, airwars_incidents, limit=limit, today=today).report()
    return out


if __name__ == "__main__":  # quick look during development: python -m sijill.extraction.evaluation
    base = Path(__file__).resolve().parents[3] / "shared" / "data" / "events"
    print(json.dumps(evaluate(fakes=base / "fakes_syria_news" / "fakes_dev.csv",
                              airwars_texts=base / "airwars_syria" / "airwars_source_texts_dev.jsonl",
                              airwars_incidents=base / "airwars_syria" / "airwars_syria_incidents.csv",
                              limit=int(sys.argv[1]) if len(sys.argv) > 1 else None), indent=1))
