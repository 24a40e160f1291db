"""A small documented world for the export tests: public, internal and restricted incidents."""

from __future__ import annotations

from datetime import date

import pytest

from . import seed


@pytest.fixture
def world(make_user):
    """Three incidents (public with acts, internal, restricted) and the users who file and read them."""
    from sijill.incidents.services import act_add

    editor = make_user("coordinator", 3)
    seed.place_tree()
    air_force = seed.actor()
    militia = seed.actor("test-militia", "Test Militia", "ميليشيا تجريبية", inter=3)
    article = seed.source(editor, title="Enab Baladi report", url="https://enabbaladi.net/archives/1",
                          published_on="2017-02-15", language="ar")
    witness = seed.source(editor, title="Testimony of a resident", source_type="witness-testimony",
                          origin="a resident of Tadaf")
    public = seed.incident(
        editor, place="C1219", place_precision="exact", latitude=36.3411111, longitude=37.5322222,
        description_ar="قصفت طائرات حربية سوق تادف المزدحم صباحاً.", description_en="Warplanes struck the busy market.",
        killed_total_min=12, killed_total_max=15, killed_children_min=3, killed_children_max=4,
        killed_women_min=5, injured_total_min=20, grading="fair", tags=["market", "airwars"],
        sources=[article.pk, witness.pk],
    )
    act_add(user=editor, incident_id=public.pk, violation_type="killing", method="airstrike", victims=[
        {"name_ar": "محمد الحسين", "name_latin": "Mohammad al-Hussein", "sex": "male", "age": 34, "confidentiality": 0},
        {"name_ar": "ليلى الحسين", "name_latin": "Layla al-Hussein", "sex": "female", "age": 9, "is_child": True,
         "confidentiality": 1},
    ], claims=[{"actor": air_force.slug, "degree": "direct", "confidence": "high", "sources": [article.pk]},
               {"actor": militia.slug, "degree": "alleged", "confidence": "low"}])
    internal = seed.incident(
        editor, title_en="Detention campaign in Raqqa", title_ar="حملة اعتقالات في الرقة", place="C5710",
        start_date=date(2016, 5, 1), date_precision="month", confidentiality=1, status="under-review",
        location_note="near the clock tower", killed_total_min=0,
    )
    act_add(user=editor, incident_id=internal.pk, violation_type="arbitrary-detention",
            claims=[{"actor": militia.slug, "degree": "direct", "confidence": "medium"}])
    restricted = seed.incident(editor, title_en="Restricted case", title_ar="قضية مقيدة", confidentiality=2)
    return {
        "editor": editor, "public": public, "internal": internal, "restricted": restricted,
        "internal_reader": make_user("viewer", 1), "analyst": make_user("analyst", 2),
    }
