"""Persons, sources, actors, places and vocabularies through the API."""

from __future__ import annotations

import pytest

from sijill.people.models import Person
from sijill.sources.models import Source

pytestmark = pytest.mark.django_db


def test_person_round_trip_and_arabic_search(api_analyst):
    created = api_analyst.post("/persons/", {"name_ar": "أحمد الحسين", "sex": "male", "age": 12,
                                             "names": [{"name": "Ahmad al-Hussein"}]})
    assert created.status_code == 201, created.json_body
    person = created.json_body
    assert person["is_child"] is True and person["names"][0]["script"] == "latin"
    assert api_analyst.get(f"/persons/{person['id']}").json_body["name_ar"] == "أحمد الحسين"
    for q in ("احمد", "الحسين", "ahmad"):
        found = api_analyst.get("/persons/", q=q).json_body
        assert [p["id"] for p in found["results"]] == [person["id"]] and found["count"] == 1
    changed = api_analyst.patch(f"/persons/{person['id']}", {"lock_version": 1, "status": "civilian"})
    assert changed.status_code == 200 and changed.json_body["lock_version"] == 2
    stale = api_analyst.patch(f"/persons/{person['id']}", {"lock_version": 1, "status": "combatant"})
    assert stale.status_code == 409 and stale.json_body["theirs"]["status"] == "civilian"
    assert Person.objects.get(pk=person["id"]).status == "civilian"


def test_source_round_trip(api_analyst):
    created = api_analyst.post("/sources/", {"title": "SNHR monthly report", "source_type": "organisation-dataset",
                                             "reliability": "b", "published_on": "2017-07-01", "url": "https://snhr.org/r"})
    assert created.status_code == 201, created.json_body
    source = created.json_body
    assert (source["source_type"], source["published_on"]) == ("organisation-dataset", "2017-07-01")
    assert api_analyst.get("/sources/", q="SNHR").json_body["count"] == 1
    changed = api_analyst.patch(f"/sources/{source['id']}", {"lock_version": 1, "credibility": "2"})
    assert changed.status_code == 200 and changed.json_body["credibility"] == "2"
    stale = api_analyst.patch(f"/sources/{source['id']}", {"lock_version": 1, "title": "Other"})
    assert stale.status_code == 409 and stale.json_body["their_version"] == 2
    assert Source.objects.get(pk=source["id"]).title == "SNHR monthly report"


def test_actors_by_alias_with_parent_and_units(api_analyst, force):
    from sijill.actors.models import ActorAlias

    ActorAlias.objects.create(actor=force["party"], name="TA", language="en", normalised="ta")
    found = api_analyst.get("/actors/", q="TA").json_body["results"]
    assert "test-army" in [a["slug"] for a in found]
    assert "test-army-4th" in [a["slug"] for a in api_analyst.get("/actors/", q="الفرقة الرابعة").json_body["results"]]
    party = api_analyst.get("/actors/test-army").json_body
    assert [u["slug"] for u in party["units"]] == ["test-army-4th"] and party["aliases"][0]["name"] == "TA"
    assert api_analyst.get("/actors/test-army-4th").json_body["parent"]["slug"] == "test-army"
    assert api_analyst.get(f"/actors/{force['unit'].pk}").json_body["slug"] == "test-army-4th"
    assert api_analyst.get("/actors/no-such-actor").status_code == 404


def test_places_by_name_and_pcode(api_analyst, gazetteer):
    found = api_analyst.get("/places/", q="حلب").json_body
    assert [p["pcode"] for p in found["results"]] == ["SY02", "C1007"] and found["count"] == 2
    assert "SY11" in {p["pcode"] for p in api_analyst.get("/places/", q="رقه").json_body["results"]}
    assert api_analyst.get("/places/").json_body["count"] == 5
    city = api_analyst.get("/places/C1007").json_body
    assert (city["name_ar"], city["parent"], city["level"]) == ("حلب", "SY0200", 4)
    assert api_analyst.get("/places/XX99").status_code == 404


def test_vocabulary_terms_in_both_languages(api_analyst):
    terms = api_analyst.get("/vocabularies/violation_type").json_body
    killing = next(t for t in terms if t["code"] == "killing")
    assert killing == {"code": "killing", "label_en": "Killing", "label_ar": "قتل"}
    missing = api_analyst.get("/vocabularies/colours")
    assert missing.status_code == 404 and "violation_type" in missing.json_body["detail"]
