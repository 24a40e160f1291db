"""Importing: idempotent upsert with provenance, rejected rows with reasons, dry runs, permissions."""

from __future__ import annotations

import csv

import pytest
from real_data import shared_data

from sijill.audit.models import AuditEvent, Version
from sijill.audit.services import audit_verify
from sijill.confidentiality import Confidentiality
from sijill.errors import PermissionDenied
from sijill.incidents.models import Incident, PerpetrationClaim, Victim
from sijill.intake.models import ImportIssue, ImportRecord, RunStatus
from sijill.intake.services import ImportProblem, import_execute, import_prepare
from sijill.people.models import Person
from sijill.text.normalise import search_text

PEOPLE = [
    ["1", "محمد الأحمد", "Mohammad al-Ahmad", "M", "34"],
    ["2", "فاطمة العلي", "Fatima al-Ali", "F", "9"],
    ["3", "", "Unidentified 1", "", ""],
]
HEADER = ["id", "name_ar", "name", "sex", "age"]


def run_import(user, path, mapping, **options):
    run = import_prepare(user=user, path=path, mapping_name=mapping, **options)
    return import_execute(run_id=run.pk)


def test_import_creates_persons_with_provenance_search_text_and_versions(importer, people_mapping, write_csv):
    path = write_csv("people.csv", HEADER, PEOPLE)
    run = run_import(importer, path, "people-list")
    assert (run.status, run.created, run.rejected) == (RunStatus.DONE, 3, 0)
    record = ImportRecord.objects.get(source="test-list", source_key="2")
    person = Person.objects.get(pk=record.target_id)
    assert (person.name_ar, person.name_latin, person.sex, person.age, person.is_child) == (
        "فاطمة العلي", "Fatima al-Ali", "female", 9, True)
    assert person.search_text == search_text(person.name_ar, person.name_latin)
    assert (record.run_id, record.row_number) == (run.pk, 3)
    assert Version.objects.filter(record_type="person", record_id=str(person.pk), number=1).exists()
    event = AuditEvent.objects.get(action="import_batch", record_id=str(run.pk))
    assert event.changes["created"] == 3 and person.pk in event.changes["created_person_ids"]
    assert audit_verify()[1] is None


def test_import_is_idempotent_when_file_reimported(importer, people_mapping, write_csv):
    path = write_csv("people.csv", HEADER, PEOPLE)
    run_import(importer, path, "people-list")
    before = (Person.objects.count(), Version.objects.count())
    again = run_import(importer, path, "people-list")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert (Person.objects.count(), Version.objects.count()) == before


def test_newer_version_updates_exactly_the_changed_rows(importer, people_mapping, write_csv):
    run_import(importer, write_csv("v1.csv", HEADER, PEOPLE), "people-list")
    edited = [row[:] for row in PEOPLE]
    edited[1][4] = "10"
    edited.append(["4", "", "Ahmad Hamdan", "M", "40"])
    run = run_import(importer, write_csv("v2.csv", HEADER, edited), "people-list")
    assert (run.created, run.updated, run.unchanged) == (1, 1, 2)
    person = Person.objects.get(pk=ImportRecord.objects.get(source_key="2").target_id)
    assert (person.age, person.lock_version) == (10, 2)
    assert Version.objects.filter(record_type="person", record_id=str(person.pk)).count() == 2


def test_bad_rows_are_rejected_with_row_column_value_and_reason_and_can_be_reimported(
        importer, people_mapping, write_csv):
    rows = [*PEOPLE, ["5", "", "", "M", "20"], ["6", "", "Samir", "X", "two hundred"], ["1", "", "Again", "", ""]]
    run = run_import(importer, write_csv("people.csv", HEADER, rows), "people-list")
    assert (run.created, run.rejected) == (3, 3)
    reasons = {r.row_number: r.reasons for r in run.rejections.all()}
    assert reasons[5][0]["column"] == "name_ar" and "name" in reasons[5][0]["message"]
    assert {(r["column"], r["value"]) for r in reasons[6]} == {("sex", "X"), ("age", "two hundred")}
    assert "first at row 2" in reasons[7][0]["message"]
    with open(run.rejects_path, encoding="utf-8-sig") as handle:
        rejected = list(csv.DictReader(handle))
    assert [r["sijill_row"] for r in rejected] == ["5", "6", "7"]
    assert "row 6, column 'age', value 'two hundred'" in rejected[1]["sijill_errors"]
    # Corrected in the rejects file, it imports with the same mapping.
    rejected[1]["sex"], rejected[1]["age"] = "M", "20"
    fixed = write_csv("fixed.csv", list(rejected[0]), [list(r.values()) for r in rejected[1:2]])
    again = run_import(importer, fixed, "people-list")
    assert (again.created, again.rejected) == (1, 0)


def test_stop_on_error_writes_only_the_rows_before_the_first_error(importer, people_mapping, write_csv):
    rows = [PEOPLE[0], ["9", "", "", "", ""], PEOPLE[1]]
    run = run_import(importer, write_csv("p.csv", HEADER, rows), "people-list", on_error="stop")
    assert (run.status, run.created, run.rejected, run.last_row) == (RunStatus.STOPPED, 1, 1, 2)
    assert Person.objects.count() == 1


def test_dry_run_reports_every_problem_and_writes_nothing(importer, people_mapping, write_csv):
    rows = [*PEOPLE, ["9", "", "", "", ""]]
    run = run_import(importer, write_csv("p.csv", HEADER, rows), "people-list", dry_run=True, on_error="stop")
    assert (run.created, run.rejected) == (3, 1)
    assert not Person.objects.exists() and not ImportRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="import_batch").exists()


def test_only_roles_that_create_may_import_and_never_above_their_clearance(make_user, people_mapping, write_csv):
    path = write_csv("p.csv", HEADER, PEOPLE)
    with pytest.raises(PermissionDenied):
        import_prepare(user=make_user("viewer", Confidentiality.SECRET), path=path, mapping_name="people-list")
    documenter = make_user("documenter", Confidentiality.INTERNAL)
    with pytest.raises(ImportProblem, match="clearance"):
        import_prepare(user=documenter, path=path, mapping_name="people-list",
                       confidentiality=Confidentiality.RESTRICTED)
    run = run_import(documenter, path, "people-list", confidentiality=Confidentiality.PUBLIC)
    assert set(Person.objects.values_list("confidentiality", flat=True)) == {Confidentiality.PUBLIC}
    assert run.created == 3


def test_missing_columns_and_unknown_mappings_are_refused_before_anything_is_written(importer, people_mapping,
                                                                                     write_csv):
    path = write_csv("p.csv", ["id", "name"], [["1", "x"]])
    with pytest.raises(ImportProblem, match="needs the columns"):
        import_prepare(user=importer, path=path, mapping_name="people-list")
    with pytest.raises(ImportProblem, match="Unknown mapping"):
        import_prepare(user=importer, path=path, mapping_name="nope")


def _head(path, rows: int, tmp_path, name: str, keep=None):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        out = [r for r in reader if keep is None or keep(r)][:rows]
        fields = reader.fieldnames
    target = tmp_path / name
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(out)
    return target, out


def test_airwars_sample_incidents_and_victims_import_and_link(importer, gazetteer, tmp_path):
    incidents_file = shared_data("events/airwars_syria/airwars_syria_incidents.csv")
    victims_file = shared_data("events/airwars_syria/airwars_syria_victims.csv")
    path, rows = _head(incidents_file, 400, tmp_path, "incidents.csv")
    run = run_import(importer, path, "airwars-incidents")
    assert run.created + run.rejected == 400 and run.created >= 395
    codes = {r["incident_code"] for r in rows}
    vpath, victims = _head(victims_file, 300, tmp_path, "victims.csv", keep=lambda r: r["incident_code"] in codes)
    vrun = run_import(importer, vpath, "airwars-victims")
    assert vrun.created + vrun.rejected == len(victims)

    first = next(r for r in rows if r["civ_killed_min"] and r["grading"] and r["belligerent_en"]
                 and r["location_en"] == "Sarmin")
    incident = Incident.objects.get(pk=ImportRecord.objects.get(source="airwars", target_type="incident",
                                                                source_key=first["airwars_id"]).target_id)
    assert incident.start_date.isoformat() == first["incident_date"]
    assert incident.killed_total_min == int(first["civ_killed_min"])
    assert incident.grading.code == first["grading"].lower()
    assert incident.place.name_en == "Sarmin" and incident.place_path.startswith("SY/SY07/")
    assert PerpetrationClaim.objects.filter(act__incident=incident).exists()
    victim = victims[0]
    person = Person.objects.get(pk=ImportRecord.objects.get(source="airwars", target_type="person",
                                                            source_key=f"{victim['incident_code']}#1").target_id)
    assert person.name_latin == victim["name_latin"]
    linked = Victim.objects.get(person=person).act.incident
    if victim["status"].strip().lower() == "killed":  # killed in the incident: where it happened
        assert person.death_place_id == linked.place_id
    assert victim["incident_code"] in linked.tags
    assert search_text(person.name_latin).split()[0] in linked.search_text
    assert ImportIssue.objects.filter(run=run).exists()  # unresolved places are listed, not guessed

    again = run_import(importer, path, "airwars-incidents")
    assert (again.created, again.updated) == (0, 0)
    assert audit_verify()[1] is None


def test_vdc_sample_imports_with_unidentified_names_and_governorates(importer, gazetteer, tmp_path):
    path, rows = _head(shared_data("linkage/vdc_martyrs/vdc_martyrs_en.csv"), 1500, tmp_path, "vdc.csv")
    run = run_import(importer, path, "vdc")
    named = [r for r in rows if r["Name"].strip()]
    assert (run.created, run.rejected) == (len(named), len(rows) - len(named))
    row = next(r for r in rows if r["Sex"] == "Child - Male" and r["Area \\ Place of birth"] == "Talbiseh")
    person = Person.objects.get(pk=ImportRecord.objects.get(source="vdc", source_key=row["uid"]).target_id)
    assert (person.sex, person.is_child, person.name_latin) == ("male", True, " ".join(row["Name"].split()))
    assert row["Date of death"] in person.notes
    assert person.origin.name_en == "Talbiseh" and person.origin.path.startswith("SY/SY04/")
