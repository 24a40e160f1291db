"""Where victims died: VDC's martyrdom location resolved through the gazetteer, never guessed."""

from __future__ import annotations

import csv

from real_data import shared_data

from sijill.intake.models import ImportIssue, ImportRecord, IssueKind
from sijill.intake.services import import_execute, import_prepare
from sijill.people.models import Person


def _rows(tmp_path, locations: set[str]):
    """One VDC row for each of `locations` (its martyrdom location), as a file of its own."""
    path = shared_data("linkage/vdc_martyrs/vdc_martyrs_en.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        picked: dict[str, dict] = {}
        for row in reader:
            where = row["Martyrdom location"]
            if where in locations and where not in picked and row["Name"].strip():
                picked[where] = row
        fields = reader.fieldnames
    target = tmp_path / "vdc.csv"
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(picked.values())
    return target, picked


def _person(row) -> Person:
    return Person.objects.get(pk=ImportRecord.objects.get(source="vdc", source_key=row["uid"]).target_id)


def test_vdc_rows_land_with_their_death_place_or_list_it_for_review(importer, gazetteer, tmp_path):
    path, rows = _rows(tmp_path, {"Damascus Suburbs: Douma", "Idlib: Mstomeh", "Jordan", ""})
    run = import_execute(run_id=import_prepare(user=importer, path=path, mapping_name="vdc").pk)
    assert (run.created, run.rejected) == (len(rows), 0)
    douma = _person(rows["Damascus Suburbs: Douma"]).death_place
    assert douma.name_en == "Duma" and douma.path.startswith("SY/SY03/")  # the gazetteer spells it Duma
    assert _person(rows[""]).death_place is None
    # A country is no place of the gazetteer: nothing is guessed, the name is listed for review.
    assert _person(rows["Jordan"]).death_place is None
    assert ImportIssue.objects.filter(run=run, kind=IssueKind.PLACE_UNRESOLVED, column="Martyrdom location",
                                      value="Jordan").exists()
    again = import_execute(run_id=import_prepare(user=importer, path=path, mapping_name="vdc").pk)
    assert (again.created, again.updated) == (0, 0)
