"""Export, redaction and case-file speed on the benchmark database (bench/generate.py).

    .venv/bin/python bench/exports.py --incidents 20000
    .venv/bin/python bench/exports.py --incidents 20000 --database-url postgres://postgres@127.0.0.1:5432/sijill_bench

Reads only (no audit events: the format writers are called directly, not `export_write`).
Measures, on the same incidents in the same run:
- baseline: the incident rows alone (`values()` of the incident table) written with csv.writer,
  the least any incident export must do;
- staff records (`records.incident_records` as the bench analyst: acts, victims, claims, sources
  each filtered by clearance) and public records (`redaction.public_incident_dicts`);
- each format writer over those records;
- an incident case file (HTML and WeasyPrint PDF) and a place-and-period case file.
Figures are rows per second and ratios to the baseline; results in bench/results/exports.json.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import DEFAULT_HOME, RESULTS_DIR, check_bench_url, configure  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=20_000)
    parser.add_argument("--database-url")
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME)
    args = parser.parse_args()
    check_bench_url(args.database_url)
    configure(database_url=args.database_url, home=args.home)

    from django.contrib.auth import get_user_model
    from django.db import connection

    from sijill.exports import case_files, redaction
    from sijill.exports.formats import FORMATS
    from sijill.exports.records import incident_records
    from sijill.incidents.models import Incident

    user = get_user_model().objects.get(username="bench-analyst")
    ids = list(Incident.objects.filter(deleted_at__isnull=True, confidentiality__lte=user.clearance)
               .order_by("-start_date", "-id").values_list("pk", flat=True)[:args.incidents])
    public_ids = list(redaction.public_incidents().values_list("pk", flat=True)[:args.incidents])
    n, n_public = len(ids), len(public_ids)
    result = {"vendor": connection.vendor, "incidents": n, "public_incidents": n_public, "seconds": {}, "rows_per_s": {}}

    def baseline():
        out = io.StringIO()
        writer = csv.writer(out)
        fields = [f.attname for f in Incident._meta.concrete_fields]
        for start in range(0, n, 500):
            for row in Incident.objects.filter(pk__in=ids[start:start + 500]).values_list(*fields):
                writer.writerow(row)
        return out.tell()

    _, base = timed(baseline)
    records, staff = timed(lambda: list(incident_records(user=user, ids=ids)))
    public_qs = Incident.objects.filter(pk__in=public_ids)
    published, public = timed(lambda: list(redaction.public_incident_dicts(public_qs)))
    result["seconds"].update(baseline=base, staff_records=staff, public_records=public)
    for name, fmt in FORMATS.items():
        _, seconds = timed(lambda fmt=fmt: fmt.write(records, io.BytesIO(), bom=True))
        result["seconds"][f"write_{name}"] = seconds
    for key, seconds in list(result["seconds"].items()):
        rows = n_public if key == "public_records" else n
        result["rows_per_s"][key] = round(rows / seconds) if seconds else None
    result["ratio_to_baseline"] = {
        "staff_records": round(staff / base, 1),
        "public_records_per_row": round((public / max(n_public, 1)) / (base / n), 1),
        "staff_csv_total": round((staff + result["seconds"]["write_csv"]) / base, 1),
    }

    incident = records[0]["id"]
    # The case-file functions write an audit event; build the same dossier from the records instead.
    case = case_files.CaseFile(kind="incident", subject_id=str(incident), title_ar=records[0]["title_ar"],
                               title_en=records[0]["title_en"], records=[records[0]], public=False,
                               generated_by=user.username)
    _, html_seconds = timed(lambda: case_files.render_html(case, "ar", standalone=True))
    pdf, pdf_seconds = timed(lambda: case_files.render_pdf(case, "ar"))
    place = next((r for r in records if r["admin"].get("admin1")), records[0])
    pcode = place["admin"]["admin1"]["pcode"] if place["admin"].get("admin1") else ""
    year = place["start_date"][:4]
    from sijill.incidents.selectors import IncidentFilters

    period = list(incident_records(user=user, filters=IncidentFilters(
        place=pcode, date_from=f"{year}-01-01", date_to=f"{year}-03-31")))[:200]
    dossier = case_files.CaseFile(kind="place", subject_id=pcode, title_ar=pcode, title_en=pcode, records=period,
                                  public=False, generated_by=user.username)
    dossier_pdf, dossier_seconds = timed(lambda: case_files.render_pdf(dossier, "ar"))
    result["case_files"] = {
        "incident_html_s": round(html_seconds, 2), "incident_pdf_s": round(pdf_seconds, 2), "incident_pdf_bytes": len(pdf),
        "place_quarter_incidents": len(period), "place_quarter_pdf_s": round(dossier_seconds, 2),
        "place_quarter_pdf_bytes": len(dossier_pdf),
    }
    result["seconds"] = {k: round(v, 2) for k, v in result["seconds"].items()}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"exports-{connection.vendor}.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
