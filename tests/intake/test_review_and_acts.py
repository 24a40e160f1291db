"""Re-imports keep what review decided; an incident mapping without a violation type is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sijill.incidents.models import Act, Incident
from sijill.intake.models import ImportRecord
from sijill.intake.services import ImportProblem, import_execute, import_prepare, mapping_save
from sijill.vocabularies.models import Term

HEADER = ["id", "title", "date", "violation", "status"]
ROWS = [["1", "Shelling of the market", "2019-03-04", "killing", "received"],
        ["2", "Raid on a village", "2019-05-01", "killing", "received"]]


def run_import(user, path, mapping, **options):
    run = import_prepare(user=user, path=path, mapping_name=mapping, **options)
    return import_execute(run_id=run.pk)


def _incident(key: str) -> Incident:
    return Incident.objects.get(pk=ImportRecord.objects.get(source="partner", source_key=key).target_id)


@pytest.mark.parametrize("decided", ["verified", "rejected"])
def test_reimporting_a_changed_row_keeps_the_status_review_decided(importer, write_csv, decided):
    mapping_save(user=importer, name="partner-incidents", target="incident", source_name="partner", spec={
        "key": ["id"], "fields": {"title_en": "title", "start_date": "date", "violation_type": "violation",
                                  "status": "status"}})
    run_import(importer, write_csv("v1.csv", HEADER, ROWS), "partner-incidents")
    # What review's decision leaves on the incident (review_verify / review_reject).
    Incident.objects.filter(pk=_incident("1").pk).update(status=Term.objects.get(kind="verification_status",
                                                                                 code=decided))
    edited = [["1", "Shelling of the old market", "2019-03-04", "killing", "received"],
              ["2", "Raid on a village at night", "2019-05-01", "killing", "received"]]
    again = run_import(importer, write_csv("v2.csv", HEADER, edited), "partner-incidents")
    assert (again.created, again.updated, again.rejected) == (0, 2, 0)
    first, second = _incident("1"), _incident("2")
    assert (first.title_en, first.status.code) == ("Shelling of the old market", decided)
    assert (second.title_en, second.status.code) == ("Raid on a village at night", "received")


def test_incident_mapping_without_violation_type_is_refused_naming_the_field(importer, write_csv):
    with pytest.raises(ValidationError) as refused:
        mapping_save(user=importer, name="no-violation", target="incident", source_name="partner", spec={
            "key": ["id"], "fields": {"title_en": "title", "start_date": "date"}})
    assert "violation_type" in str(refused.value)


def test_a_mapping_saved_before_the_rule_is_refused_before_anything_is_written(importer, write_csv):
    from sijill.intake.models import Mapping as SavedMapping

    SavedMapping.objects.create(name="old-partner", target="incident", source_name="partner", created_by=importer,
                                spec={"key": ["id"], "fields": {"title_en": "title", "start_date": "date"}})
    with pytest.raises(ImportProblem, match="violation_type"):
        run_import(importer, write_csv("v1.csv", HEADER, ROWS), "old-partner")
    assert not Incident.objects.exists() and not Act.objects.exists()


def test_a_row_that_maps_to_no_violation_type_is_rejected_naming_the_field(importer, write_csv, monkeypatch):
    from sijill.intake import services
    from sijill.intake.mappings import MappedRow, Mapping

    class NoType(Mapping):  # a built-in mapping with a bug: no act type for some rows
        name, target, source_name, required = "no-type", "incident", "partner", ("id",)

        def map(self, row):
            out = MappedRow(key=row["id"], fields={"title_en": row["title"], "start_date": row["date"]})
            out.act = {"violation_type": row["violation"] or None}
            return out

    monkeypatch.setitem(services.BUILTIN, "no-type", NoType())
    rows = [["1", "Shelling of the market", "2019-03-04", "", "received"], ROWS[1]]
    run = run_import(importer, write_csv("v1.csv", HEADER, rows), "no-type")
    assert (run.created, run.rejected) == (1, 1)
    [reason] = run.rejections.get(row_number=2).reasons
    assert "violation_type" in reason["message"]
    assert list(Incident.objects.values_list("title_en", flat=True)) == ["Raid on a village"]
