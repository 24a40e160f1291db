"""Sijill CSV export -> `sijill import_sijill_csv` into an empty database restores the same records."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sijill.exports import sijill_csv
from sijill.incidents.models import Incident
from sijill.people.models import Person

from . import seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(make_user):
    """Three incidents: several acts, victims named in Arabic and Latin, competing claims."""
    editor = make_user("coordinator", 3)
    seed.place_tree()
    air_force = seed.actor()
    militia = seed.actor("test-militia", "Test Militia", "ميليشيا تجريبية", inter=3)
    police = seed.actor("test-police", "Test Police", "الشرطة التجريبية", inter=1)
    market = seed.incident(
        editor, place="C1219", place_precision="exact", latitude=36.3411111, longitude=37.5322222,
        description_ar="قصفت طائرات حربية سوق تادف المزدحم صباحاً، ثم عادت لتقصف المسعفين.",
        description_en="Warplanes struck the busy market, then struck the rescuers.",
        killed_total_min=12, killed_total_max=15, killed_children_min=3, killed_children_max=4, killed_women_min=5,
        injured_total_min=20, grading="fair", tags=["market", "double-tap", "public-place:community"],
        location_note="east side, near the mosque",
        acts=[
            {"violation_type": "killing", "method": "airstrike", "legal_qualification": "Rome Statute 8(2)(e)(i)",
             "description": "First strike on the market at 9:10.",
             "victims": [
                 {"name_ar": "محمد الحسين", "name_latin": "Mohammad al-Hussein", "sex": "male", "age": 34,
                  "status": "civilian", "confidentiality": 0},
                 {"name_ar": "ليلى الحسين", "name_latin": "Layla al-Hussein", "sex": "female", "age": 9,
                  "is_child": True, "confidentiality": 1},
                 {"name_ar": "مجهول الهوية", "name_latin": "", "sex": "unknown", "outcome": "injured",
                  "confidentiality": 2},
             ],
             "claims": [{"actor": air_force.slug, "degree": "direct", "confidence": "high"},
                        {"actor": militia.slug, "degree": "alleged", "confidence": "low"}]},
            {"violation_type": "attack-on-medical", "method": "airstrike",
             "victims": [{"name_ar": "أحمد المسعف", "name_latin": "Ahmad, the paramedic", "sex": "male", "age": 27,
                          "status": "civilian", "outcome": "killed"}],
             "claims": [{"actor": air_force.slug, "degree": "ordered", "confidence": "medium"}]},
        ],
    )
    detention = seed.incident(
        editor, title_en="Detention campaign in Raqqa", title_ar="حملة اعتقالات في الرقة", place="C5710",
        start_date=date(2016, 5, 1), date_precision="month", confidentiality=1, status="under-review",
        killed_total_min=0,
        acts=[
            {"violation_type": "arbitrary-detention",
             "victims": [{"name_ar": "خالد العلي", "name_latin": "Khaled al-Ali", "sex": "male", "age": 16,
                          "outcome": "detained"},
                         {"name_ar": "سارة العلي", "name_latin": "Sara al-Ali", "sex": "female", "age": 41,
                          "outcome": "detained"}],
             "claims": [{"actor": militia.slug, "degree": "direct", "confidence": "medium"},
                        {"actor": police.slug, "degree": "complicit", "confidence": "low"}]},
            {"violation_type": "enforced-disappearance",
             "victims": [{"name_ar": "خالد العلي", "name_latin": "Khaled al-Ali", "sex": "male", "age": 16,
                          "outcome": "disappeared"}],
             "claims": [{"actor": militia.slug, "degree": "alleged", "confidence": "medium"}]},
            {"violation_type": "pillage"},  # an act with no named victim and no claim
        ],
    )
    undated = seed.incident(editor, title_en="", title_ar="قضية بلا فعل", start_date=date(2015, 1, 1),
                            end_date=date(2015, 3, 31), date_precision="range", confidentiality=2,
                            status="received")
    return {"editor": editor, "ids": [market.pk, detention.pk, undated.pk]}


def _record(incident: Incident) -> dict:
    """Every field the Sijill CSV carries back, read from the database."""
    data = {name: getattr(incident, name) for name in sijill_csv.INCIDENT_FIELDS}
    data["grading"] = incident.grading.code if incident.grading_id else None
    data["status"] = incident.status.code
    data["place"] = incident.place.pcode if incident.place_id else None
    data["confidentiality"] = incident.confidentiality
    data["acts"] = [
        {
            "violation_type": act.violation_type.code, "method": act.method.code if act.method_id else None,
            "legal_qualification": act.legal_qualification, "description": act.description,
            "victims": [
                {"name_ar": v.person.name_ar, "name_latin": v.person.name_latin, "sex": v.person.sex,
                 "age": v.person.age, "is_child": v.person.is_child, "status": v.person.status,
                 "confidentiality": v.person.confidentiality, "outcome": v.outcome}
                for v in act.victim_links.select_related("person").order_by("id")
            ],
            "claims": [(c.actor.slug, c.degree, c.confidence) for c in act.claims.select_related("actor").order_by("id")],
        }
        for act in incident.acts.select_related("violation_type", "method").order_by("id")
    ]
    return data


def _database() -> list[dict]:
    return [_record(i) for i in Incident.objects.order_by("start_date", "title_ar")]


def _empty_database() -> None:
    Incident.objects.all().delete()  # acts, victim links and claims go with their incident
    Person.objects.all().delete()
    # Rows other apps keep per incident go too, including any a signal wrote while the acts were
    # being deleted (their incident is gone: the database's foreign-key check would fail).
    for relation in Incident._meta.related_objects:
        if not relation.many_to_many:
            column = relation.field.attname
            relation.related_model._base_manager.filter(**{f"{column}__isnull": False}).exclude(
                **{f"{column}__in": Incident.objects.values("pk")}).delete()
    assert not Incident.objects.exists() and not Person.objects.exists()


def test_csv_export_then_import_into_an_empty_database_restores_every_field(rich, tmp_path, capsys):
    editor = rich["editor"]
    before = _database()
    assert before[2]["status"] == "verified"  # decided through review: filed again as under review
    before[2]["status"] = "under-review"
    assert [len(r["acts"]) for r in before] == [0, 3, 2]
    assert sum(len(a["victims"]) for r in before for a in r["acts"]) == 7

    out = tmp_path / "incidents.csv"
    call_command("export", format="csv", user=editor.username, output=str(out))
    _empty_database()
    call_command("import_sijill_csv", str(out), user=editor.username)
    printed = capsys.readouterr().out
    assert "Imported: 3 incidents, 5 acts, 7 victims, 6 perpetration claims." in printed
    assert f"{rich['ids'][0]} (verified) -> incident" in printed

    after = _database()
    assert len(after) == len(before) == 3
    for old, new in zip(before, after, strict=True):
        differing = {k: (v, new[k]) for k, v in old.items() if new[k] != v}
        assert not differing, f"{old['title_ar']}: {differing}"
    assert after[2]["acts"][0]["victims"][1]["name_ar"] == "ليلى الحسين"
    assert after[2]["latitude"] == 36.3411111 and after[2]["tags"] == ["market", "double-tap", "public-place:community"]


def test_one_row_per_victim_of_each_act_with_the_incident_repeated(rich, tmp_path):
    out = tmp_path / "incidents.csv"
    call_command("export", format="csv", user=rich["editor"].username, output=str(out))
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    market = [r for r in rows if r["id"] == str(rich["ids"][0])]
    assert [(r["act"], r["victim"]) for r in market] == [("1", "1"), ("1", "2"), ("1", "3"), ("2", "1")]
    assert {r["title_ar"] for r in market} == {"قصف جوي على سوق تادف"}
    assert market[0]["perpetrators"] == "test-air-force; test-militia"
    assert market[0]["perpetrator_degrees"] == "direct; alleged" and market[1]["victim_is_child"] == "yes"
    detention = [r for r in rows if r["id"] == str(rich["ids"][1])]
    assert [(r["act"], r["victim"]) for r in detention] == [("1", "1"), ("1", "2"), ("2", "1"), ("3", "")]
    (undated,) = [r for r in rows if r["id"] == str(rich["ids"][2])]
    assert undated["act"] == "" and undated["victim_name_ar"] == ""


def _rewrite(path, change) -> None:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        columns, rows = reader.fieldnames, list(reader)
    change(rows)
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, columns)
        writer.writeheader()
        writer.writerows(rows)


def test_rows_of_one_incident_that_disagree_are_refused_naming_both_rows_and_nothing_is_written(rich, tmp_path):
    editor = rich["editor"]
    out = tmp_path / "incidents.csv"
    call_command("export", format="csv", user=editor.username, output=str(out))
    _empty_database()

    def edit(rows):
        rows[2]["title_en"] = "Edited on one row only"
        rows[-1]["perpetrators"] = "nobody-we-know"
        rows[-1]["act"] = rows[-1]["act"] or "1"
        rows[-1]["violation_type"] = rows[-1]["violation_type"] or "killing"

    _rewrite(out, edit)
    with pytest.raises(CommandError) as raised:
        call_command("import_sijill_csv", str(out), user=editor.username)
    message = str(raised.value)
    assert "row 4, column title_en" in message and "differs from row 2" in message
    assert "column perpetrators" in message and "nobody-we-know" in message
    assert not Incident.objects.exists() and not Person.objects.exists()


def test_dry_run_checks_the_file_and_writes_nothing(rich, tmp_path):
    out = tmp_path / "incidents.csv"
    call_command("export", format="csv", user=rich["editor"].username, output=str(out))
    _empty_database()
    call_command("import_sijill_csv", str(out), user=rich["editor"].username, dry_run=True)
    assert not Incident.objects.exists()


def test_a_file_that_is_not_a_sijill_csv_is_refused_naming_the_missing_columns(rich, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("id,title_en\n1,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="columns act, victim"):
        call_command("import_sijill_csv", str(other), user=rich["editor"].username)
