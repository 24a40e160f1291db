"""The redaction rules of sijill/exports/redaction.py, one by one."""

from __future__ import annotations

import pytest
from exports import seed

from sijill.exports.redaction import public_incident_dict, public_incident_dicts, public_incidents
from sijill.incidents.services import act_add, incident_delete

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(db):
    return seed.place_tree()


@pytest.fixture
def editor(make_user):
    return make_user("coordinator", 3)


def test_only_public_live_not_rejected_incidents_are_published(editor, places):
    shown = seed.incident(editor)
    seed.incident(editor, title_en="internal one", confidentiality=1)
    seed.incident(editor, title_en="secret one", confidentiality=3)
    seed.incident(editor, title_en="rejected one", status="rejected")
    deleted = seed.incident(editor, title_en="deleted one")
    incident_delete(user=editor, incident_id=deleted.pk)
    assert [i.pk for i in public_incidents()] == [shown.pk]
    assert [d["id"] for d in public_incident_dicts()] == [shown.pk]


def test_a_non_public_incident_cannot_be_turned_into_a_public_dict(editor, places):
    internal = seed.incident(editor, confidentiality=1)
    with pytest.raises(ValueError):
        public_incident_dict(internal)


def test_exact_coordinates_are_replaced_by_the_community_centroid(editor, places):
    incident = seed.incident(editor, place="C1219", place_precision="exact", latitude=36.3512347,
                             longitude=37.5387651, location_note="behind the house of the mukhtar")
    data = public_incident_dict(incident)
    assert (data["latitude"], data["longitude"], data["geo_precision"]) == (36.34734, 37.53019, "community")
    assert data["place"]["pcode"] == "C1219"
    assert "mukhtar" not in repr(data) and "36.3512347" not in repr(data)


def test_a_neighbourhood_is_published_as_its_community(editor, places):
    data = public_incident_dict(seed.incident(editor, place="N0460", place_precision="community"))
    assert data["place"]["pcode"] == "C5710" and "N0460" not in repr(data) and "Andalus" not in repr(data)


def test_a_record_may_ask_for_a_coarser_public_place(editor, places):
    incident = seed.incident(editor, place="C1219", tags=["market", "public-place:governorate"])
    data = public_incident_dict(incident)
    assert data["place"]["pcode"] == "SY02" and (data["latitude"], data["longitude"]) == (36.14690, 37.39516)
    assert data["geo_precision"] == "governorate"
    assert "Tadaf" not in repr(data["place"]) and "admin2" not in data["admin"]
    assert data["tags"] == ["market"]


def test_exact_coordinates_are_published_only_when_the_record_asks(editor, places):
    incident = seed.incident(editor, place="C1219", place_precision="exact", latitude=36.3512347,
                             longitude=37.5387651, tags=["public-place:exact"])
    data = public_incident_dict(incident)
    assert (data["latitude"], data["longitude"], data["geo_precision"]) == (36.3512347, 37.5387651, "exact")


def test_casualty_breakdowns_below_k_are_suppressed_and_totals_kept(editor, places, settings):
    settings.SIJILL_SUPPRESSION_K = 5
    incident = seed.incident(editor, killed_total_min=3, killed_total_max=4, killed_children_min=2,
                             killed_children_max=2, killed_men_min=0, killed_women_min=7)
    figures = public_incident_dict(incident)["casualties"]
    assert figures["killed_total_min"] == 3 and figures["killed_total_max"] == 4
    assert figures["killed_children_min"] == "<5" and figures["killed_children_max"] == "<5"
    assert figures["killed_men_min"] == 0 and figures["killed_women_min"] == 7
    assert figures["injured_total_min"] is None


def test_only_public_victims_are_named_and_never_their_notes(editor, places):
    incident = seed.incident(editor)
    act_add(user=editor, incident_id=incident.pk, violation_type="killing", victims=[
        {"name_ar": "أحمد العلي", "name_latin": "Ahmad al-Ali", "confidentiality": 0, "notes": "brother of a witness"},
        {"name_ar": "سلمى المحمد", "name_latin": "Salma al-Mohammad", "confidentiality": 1},
    ], claims=[{"actor": seed.actor().slug, "degree": "direct", "confidence": "high", "note": "per informant"}])
    data = public_incident_dict(incident)
    (act,) = data["acts"]
    assert [v["name_latin"] for v in act["victims"]] == ["Ahmad al-Ali"]
    assert act["perpetrators"][0]["actor"] == "test-air-force"
    text = repr(data)
    assert "Salma" not in text and "brother of a witness" not in text and "per informant" not in text


def test_sources_show_identity_only_for_public_publications(editor, places):
    article = seed.source(editor, title="Enab Baladi report", url="https://enabbaladi.net/a/1",
                          origin="correspondent Khaled", content="full text of the article")
    witness = seed.source(editor, title="Testimony of Umm Khaled", source_type="witness-testimony",
                          url="https://example.org/witness", origin="Umm Khaled, Tadef")
    hidden = seed.source(editor, title="Internal media note", confidentiality=1, url="https://example.org/internal")
    incident = seed.incident(editor, sources=[article.pk, witness.pk, hidden.pk])
    data = public_incident_dict(incident)
    assert [(s["type"]["code"], s["title"], s["url"]) for s in data["sources"]] in (
        [("media-article", "Enab Baladi report", "https://enabbaladi.net/a/1"), ("witness-testimony", "", "")],
        [("witness-testimony", "", ""), ("media-article", "Enab Baladi report", "https://enabbaladi.net/a/1")],
    )
    text = repr(data)
    for secret in ("Umm Khaled", "example.org", "Internal media note", "correspondent Khaled", "full text"):
        assert secret not in text
