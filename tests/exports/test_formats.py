"""Every export format, validated against its shape: columns, tags, types, references."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from datetime import date

import pytest
from django.core.management import call_command

from sijill.exports.formats import (
    ACLED_BY_METHOD,
    ACLED_BY_VIOLATION,
    ACLED_COLUMNS,
    SIJILL_COLUMNS,
    UCDP_COLUMNS,
    UWAZI_COLUMNS,
)
from sijill.exports.services import export_write

pytestmark = pytest.mark.django_db

HXL_TAG = re.compile(r"^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _export(user, fmt, *, public=False, bom=True) -> bytes:
    stream = io.BytesIO()
    export_write(user=user, format=fmt, stream=stream, public=public, bom=bom)
    return stream.getvalue()


def _table(data: bytes) -> list[list[str]]:
    assert data.startswith(codecs.BOM_UTF8), "CSV exports start with the UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _int_or_blank(value: str) -> bool:
    return value == "" or value.isdigit()


def test_csv_has_the_sijill_columns_typed_and_arabic_intact(world):
    rows = _table(_export(world["analyst"], "csv"))
    assert rows[0] == SIJILL_COLUMNS
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert {r["title_ar"] for r in records} == {"قصف جوي على سوق تادف", "حملة اعتقالات في الرقة", "قضية مقيدة"}
    for r in records:
        assert ISO_DATE.match(r["start_date"]) and ISO_DATE.match(r["end_date"])
        assert all(_int_or_blank(r[c]) for c in SIJILL_COLUMNS if c.startswith(("killed_", "injured_")))
        assert r["latitude"] == "" or -90 <= float(r["latitude"]) <= 90
        assert _int_or_blank(r["act"]) and _int_or_blank(r["victim"]) and _int_or_blank(r["victim_age"])
        assert r["victim_is_child"] in ("", "yes", "no")
    # One row per victim of each act, the incident's fields repeated.
    public = [r for r in records if r["id"] == str(world["public"].pk)]
    assert [(r["act"], r["victim"]) for r in public] == [("1", "1"), ("1", "2")]
    first, second = public
    assert (first["latitude"], first["longitude"]) == ("36.3411111", "37.5322222")
    assert first["perpetrators"] == "test-air-force; test-militia" and first["violation_type"] == "killing"
    assert first["perpetrator_degrees"] == "direct; alleged" and first["perpetrator_confidences"] == "high; low"
    assert first["admin1_pcode"] == "SY02" and first["place_pcode"] == "C1219" and first["confidentiality"] == "public"
    assert (first["victim_name_ar"], first["victim_is_child"]) == ("محمد الحسين", "no")
    assert (second["victim_name_latin"], second["victim_age"], second["victim_is_child"]) == ("Layla al-Hussein", "9", "yes")
    assert {k: v for k, v in first.items() if not k.startswith("victim")} == {
        k: v for k, v in second.items() if not k.startswith("victim")}


def test_csv_without_bom_when_asked(world):
    data = _export(world["analyst"], "csv", bom=False)
    assert not data.startswith(codecs.BOM_UTF8) and data.decode("utf-8").startswith("id,act,victim,title_en")


def test_a_user_exports_only_what_their_clearance_shows(world):
    rows = _table(_export(world["internal_reader"], "csv"))
    titles = {r[SIJILL_COLUMNS.index("title_en")] for r in rows[1:]}
    assert titles == {"Airstrike on Tadef market", "Detention campaign in Raqqa"}
    data = json.loads(_export(world["internal_reader"], "json"))
    (public,) = [i for i in data["incidents"] if i["id"] == world["public"].pk]
    # Layla's person record is internal: an internal reader sees her, a public export never does.
    assert len(public["acts"][0]["victims"]) == 2
    published = json.loads(_export(None, "json", public=True))
    assert [v["name_latin"] for v in published["incidents"][0]["acts"][0]["victims"]] == ["Mohammad al-Hussein"]


def test_json_holds_the_full_records_with_types(world):
    data = json.loads(_export(world["analyst"], "json"))
    assert data["count"] == 3 and data["public"] is False and len(data["incidents"]) == 3
    for incident in data["incidents"]:
        assert isinstance(incident["id"], int)
        assert date.fromisoformat(incident["start_date"]) <= date.fromisoformat(incident["end_date"])
        assert isinstance(incident["acts"], list) and isinstance(incident["casualties"], dict)
        for act in incident["acts"]:
            assert set(act) >= {"violation_type", "method", "perpetrators", "victims"}
            for claim in act["perpetrators"]:
                assert claim["degree"] in ("direct", "ordered", "complicit", "alleged")
                assert claim["confidence"] in ("high", "medium", "low")


def test_geojson_is_a_feature_collection_of_lon_lat_points(world):
    data = json.loads(_export(world["analyst"], "geojson"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 3
    by_id = {f["id"]: f for f in data["features"]}
    public = by_id[world["public"].pk]
    assert public["type"] == "Feature" and public["geometry"] == {"type": "Point", "coordinates": [37.5322222, 36.3411111]}
    # No coordinates typed: the place's centroid (Ar-Raqqa city), longitude first.
    assert by_id[world["internal"].pk]["geometry"]["coordinates"] == [38.99629, 35.96447]
    # No place and no coordinates: a feature without geometry, as RFC 7946 allows.
    assert by_id[world["restricted"].pk]["geometry"] is None
    assert "latitude" not in public["properties"] and public["properties"]["title_ar"] == "قصف جوي على سوق تادف"


def test_public_geojson_gives_the_community_centroid(world):
    data = json.loads(_export(None, "geojson", public=True))
    (feature,) = data["features"]
    assert feature["geometry"]["coordinates"] == [37.53019, 36.34734]
    assert feature["properties"]["geo_precision"] == "community"


def test_hxl_second_row_holds_valid_hashtags_for_every_column(world):
    rows = _table(_export(world["analyst"], "hxl"))
    header, tags, *data = rows
    assert len(header) == len(tags) and len(data) == 3
    assert all(HXL_TAG.match(tag) for tag in tags), [t for t in tags if not HXL_TAG.match(t)]
    for required in ("#event+id", "#date+start", "#adm1+name", "#adm1+code", "#geo+lat", "#geo+lon",
                     "#affected+killed+min", "#affected+injured+min", "#loc+code", "#event+name+i_ar"):
        assert required in tags
    column = {tag: i for i, tag in enumerate(tags)}
    public = next(r for r in data if r[column["#event+id"]] == str(world["public"].pk))
    assert public[column["#adm1+name"]] == "Aleppo" and public[column["#adm1+code"]] == "SY02"
    assert float(public[column["#geo+lat"]]) == 36.3411111 and float(public[column["#geo+lon"]]) == 37.5322222
    assert public[column["#affected+killed+min"]] == "12"
    assert public[column["#event+name+i_ar"]] == "قصف جوي على سوق تادف"


def test_acled_table_has_acled_columns_and_codes(world):
    rows = _table(_export(world["analyst"], "acled"))
    assert rows[0] == ACLED_COLUMNS
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    pairs = set(ACLED_BY_METHOD.values()) | set(ACLED_BY_VIOLATION.values()) | {
        ("Violence against civilians", "Attack"), ("Explosions/Remote violence", "Other")}
    for r in records:
        assert re.match(r"^SYR\d+$", r["event_id_cnty"])
        assert ISO_DATE.match(r["event_date"]) and r["year"] == r["event_date"][:4]
        assert (r["event_type"], r["sub_event_type"]) in pairs
        assert r["time_precision"] in ("1", "2", "3") and r["geo_precision"] in ("1", "2", "3")
        assert r["inter1"] == "" or r["inter1"].isdigit()
        assert r["fatalities"].isdigit() and r["iso"] == "760" and r["country"] == "Syria"
    strike = next(r for r in records if r["event_id_cnty"] == f"SYR{world['public'].pk}")
    assert (strike["event_type"], strike["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert strike["actor1"] == "Test Air Force" and strike["inter1"] == "1" and strike["assoc_actor_1"] == "Test Militia"
    assert strike["actor2"] == "Civilians (Syria)" and strike["interaction"] == "17"
    assert strike["fatalities"] == "12" and strike["admin1"] == "Aleppo" and strike["location"] == "Tadaf"
    detention = next(r for r in records if r["event_id_cnty"] == f"SYR{world['internal'].pk}")
    assert detention["sub_event_type"] == "Abduction/forced disappearance" and detention["time_precision"] == "3"


def test_ucdp_table_has_ged_columns_and_its_death_arithmetic(world):
    rows = _table(_export(world["analyst"], "ucdp"))
    assert rows[0] == UCDP_COLUMNS
    for r in (dict(zip(rows[0], row, strict=True)) for row in rows[1:]):
        deaths = sum(int(r[k]) for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"))
        assert int(r["low"]) <= int(r["best"]) <= int(r["high"]) and deaths == int(r["best"])
        assert r["type_of_violence"] in ("1", "2", "3") and r["dyad_name"] == f"{r['side_a']} - {r['side_b']}"
        assert ISO_DATE.match(r["date_start"]) and ISO_DATE.match(r["date_end"])
        if r["latitude"]:
            assert r["geom_wkt"] == f"POINT ({r['longitude']} {r['latitude']})"
        if r["id"] == str(world["public"].pk):
            assert (r["side_a"], r["side_b"], r["type_of_violence"]) == ("Test Air Force", "Civilians", "3")
            assert (r["low"], r["high"], r["deaths_civilians"]) == ("12", "15", "12")
            assert r["adm_1"] == "Aleppo governorate" and r["adm_2"] == "Al Bab district"


def test_ucdp_columns_cover_the_ged_labels_in_the_shared_data(shared_data_ucdp):
    """The UCDP-AEC labels (from UCDP GED) name sides, deaths, admin units and dates; each has our column,
    and their deaths obey the same arithmetic our export keeps (best = sum of the four, low <= best <= high)."""
    with open(shared_data_ucdp, encoding="utf-8") as handle:
        labels = list(csv.DictReader(handle))
    ours = {"side_a_name": "side_a", "side_b_name": "side_b", "deaths_side_a": "deaths_a",
            "deaths_side_b": "deaths_b", "deaths_civilian": "deaths_civilians", "deaths_unknown": "deaths_unknown",
            "deaths_low": "low", "deaths_high": "high", "location_adm1_name": "adm_1",
            "location_adm2_name": "adm_2", "start_date": "date_start", "end_date": "date_end"}
    assert set(ours) <= set(labels[0]) and set(ours.values()) <= set(UCDP_COLUMNS)
    syrian = [r for r in labels if r["location_root_name"] == "Syria" and r["location_adm1_name"]]
    assert syrian and all(r["location_adm1_name"].endswith(" governorate") for r in syrian)
    for r in labels:
        best = sum(int(r[k]) for k in ("deaths_side_a", "deaths_side_b", "deaths_civilian", "deaths_unknown"))
        assert int(r["deaths_low"]) <= best <= int(r["deaths_high"])


@pytest.fixture
def shared_data_ucdp():
    from real_data import shared_data

    return shared_data("events/ucdp_aec_ged_labels_sy_iq/ucdp_aec_syria_iraq_events.csv")


def test_esf_records_follow_the_standard_formats_and_reference_each_other(world):
    data = json.loads(_export(world["analyst"], "esf"))
    assert set(data) >= {"events", "acts", "involvements", "persons", "informations"}
    events = {e["101_event_record_number"]: e for e in data["events"]}
    acts = {a["2101_act_record_number"]: a for a in data["acts"]}
    persons = {p["901_person_record_number"]: p for p in data["persons"]}
    assert len(events) == 3 and all(e["102_event_title"] for e in events.values())
    for act in acts.values():
        assert act["2103_event_title"] in events and act["2109_type_of_act"]
        assert act["2102_victim_name"] == "" or act["2102_victim_name"] in persons
    for inv in data["involvements"]:
        assert inv["2404_act"] in acts and inv["2402_perpetrator_name"] in persons
        assert persons[inv["2402_perpetrator_name"]]["counting_unit"] == "organisation"
    for info in data["informations"]:
        assert info["2503_event_title"] in events and info["2502_source_name"]
    strike = events[f"event-{world['public'].pk}"]
    assert strike["113_initial_date"] == "2017-02-14" and strike["121_violation_index"] == ["killing"]
    victims = sorted(persons[a["2102_victim_name"]]["903_name"] for a in acts.values() if a["2102_victim_name"])
    assert victims == ["Layla al-Hussein", "Mohammad al-Hussein"]
    assert {i["2409_degree_of_involvement"] for i in data["involvements"]} == {"direct", "alleged"}


def test_uwazi_csv_has_title_dates_geolocation_and_pipes(world):
    rows = _table(_export(world["analyst"], "uwazi"))
    assert rows[0] == UWAZI_COLUMNS and rows[0][0] == "title"
    records = {r[1]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    strike = records[str(world["public"].pk)]
    assert strike["title"] == "Airstrike on Tadef market" and strike["title_ar"] == "قصف جوي على سوق تادف"
    assert re.match(r"^\d{4}/\d{2}/\d{2}:\d{4}/\d{2}/\d{2}$", strike["date"])
    assert strike["geolocation"] == "36.3411111|37.5322222"
    assert strike["perpetrators"] == "Test Air Force|Test Militia" and strike["tags"] == "market|airwars"
    assert strike["killed_min"] == "12" and strike["governorate"] == "Aleppo"
    assert all(r["title"] for r in records.values())


def test_export_command_writes_a_file_and_audits_it(world, tmp_path):
    from sijill.audit.models import AuditEvent

    out = tmp_path / "incidents.geojson"
    call_command("export", format="geojson", user=world["analyst"].username, output=str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    event = AuditEvent.objects.filter(action="export").latest("seq")
    assert event.changes == {"format": "geojson", "public": False, "count": 3, "filters": ""}
    assert event.username == world["analyst"].username


def test_export_command_refuses_without_user_or_public(world, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--user"):
        call_command("export", format="csv", output=str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists()
