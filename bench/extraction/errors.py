"""List the development-set records a field gets wrong, with the words around the chosen value.

    PYTHONPATH=$PWD .venv/bin/python bench/extraction/errors.py fakes governorate [--limit N] [--all]
    PYTHONPATH=$PWD .venv/bin/python bench/extraction/errors.py airwars killed --show 40

Prints, per wrong record: its id, the label, the proposal, the text around the proposed item's span
and the first places where the label's value is written (governorate names, day numbers, counts), so
that errors can be sorted into categories by reading them. `--json FILE` writes the same rows for
counting with other tools. Nothing here changes a score; it only reads `Extraction.incident`.
"""

from __future__ import annotations

import argparse
import csv
import json
from datetime import datetime
from pathlib import Path

from sijill.extraction.evaluation import (
    FAKES_ACTORS,
    _date_ok,
    _governorate,
    _killed_ok,
    airwars_dates,
    airwars_governorates,
    airwars_killed,
    airwars_published,
    airwars_records,
)
from sijill.extraction.pipeline import extract

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "events"


def _around(text: str, span, width: int = 110) -> str:
    if not span:
        return ""
    a, b = span
    return (text[max(0, a - width):a] + "[[" + text[a:b] + "]]" + text[b:b + width]).replace("\n", " / ")


def _item_span(result, key: str, group: str):
    prop = result.incident.get(key) or {}
    if "item" not in prop or prop["item"] is None:
        return None
    items = getattr(result, group)
    return items[prop["item"]]["span"] if prop["item"] < len(items) else None


def fakes_rows(limit=None):
    with open(DATA / "fakes_syria_news" / "fakes_dev.csv", encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            if limit is not None and n >= limit:
                break
            text = row["article_content"]
            result = extract(text)
            label_date = datetime.strptime(row["date"], "%m/%d/%y").date() if row["date"].strip() else None
            civ, non = int(row["nb_civilians"] or 0), int(row["nb_noncivilians"] or 0)
            yield {
                "id": row["unit_id"], "text": text, "result": result,
                "governorate": _governorate(row["location"]), "governorate_name": row["location"],
                "dates": [(label_date, label_date)] if label_date else [],
                "actors": FAKES_ACTORS.get(row["actor"].strip().lower(), set()),
                "killed": [(civ, civ + non)] if row["nb_civilians"] != "" else [],
            }


def airwars_rows(limit=None):
    records = airwars_records(DATA / "airwars_syria" / "airwars_source_texts_dev.jsonl",
                              DATA / "airwars_syria" / "airwars_syria_incidents.csv", limit=limit)
    for record, rows in records:
        text = record.get("text") or ""
        published = airwars_published(record)
        yield {"id": record.get("source_id"), "text": text, "result": extract(text, published=published),
               "published": published, "governorate": airwars_governorates(rows),
               "governorate_name": sorted({r["governorate_en"] for r in rows}),
               "dates": airwars_dates(rows), "killed": airwars_killed(rows)}


def judge(field: str, row: dict) -> tuple[bool, bool, object, object]:
    """(labelled, correct, proposed, label) for one field of one record."""
    prop = row["result"].incident
    if field == "governorate":
        label = row["governorate"]
        pg = prop.get("place", {}).get("governorate")
        ok = pg in label if isinstance(label, set) else pg == label
        return bool(label), ok, pg, row["governorate_name"]
    if field == "date":
        pd = prop.get("date", {}).get("date")
        return bool(row["dates"]), _date_ok(pd, row["dates"]), pd, [str(a) for a, _ in row["dates"]]
    if field == "killed":
        pk = prop.get("killed")
        return bool(row["killed"]), _killed_ok(prop, row["killed"]), pk and (pk["min"], pk["max"]), row["killed"]
    raise SystemExit(f"unknown field {field}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", choices=("fakes", "airwars"))
    parser.add_argument("field", choices=("governorate", "date", "killed"))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--show", type=int, default=10_000)
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = fakes_rows(args.limit) if args.dataset == "fakes" else airwars_rows(args.limit)
    group = {"governorate": ("place", "places"), "date": ("date", "dates"), "killed": ("killed", "casualties")}
    key, items = group[args.field]
    out, shown, labelled, correct = [], 0, 0, 0
    for row in rows:
        has, ok, proposed, label = judge(args.field, row)
        labelled += has
        correct += has and ok
        if not has or ok:
            continue
        result, text = row["result"], row["text"]
        span = _item_span(result, key, items)
        entry = {"id": row["id"], "label": label, "proposed": proposed, "published": str(row.get("published")),
                 "context": _around(text, span), "chars": len(text)}
        out.append(entry)
        if shown < args.show:
            shown += 1
            print(f"--- {entry['id']} label={label} proposed={proposed} pub={entry['published']} chars={len(text)}")
            print("   ", entry["context"] or text[:220].replace("\n", " / "))
            if args.field == "governorate":
                for p in result.places[:12]:
                    print(f"      {p['span'][0]:>6} {p['governorate']} {p['name_en']!r} {text[p['span'][0]:p['span'][1]]!r}")
            if args.field == "killed":
                for c in result.casualties[:12]:
                    print(f"      {c['span'][0]:>6} {c['outcome']} {c['group']} {c['min']}-{c['max']} "
                          f"{c['qualifier']} {c['text']!r}")
            if args.field == "date":
                for d in result.dates[:10]:
                    print(f"      {d['span'][0]:>6} {d.get('date')} {d.get('precision')} "
                          f"{text[d['span'][0]:d['span'][1]]!r}")
    print(f"labelled {labelled} correct {correct} wrong {len(out)}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
