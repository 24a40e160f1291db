"""A small record whose statistics are computed by hand in the tests.

Visible to an analyst (clearance restricted) and counted in the tests:

    I1 2016-03-05 district D1 of Aleppo, internal, killed 3-5 (children 1)
       a1 killing  by 4th Armoured Division (a unit of the government forces): P1 civilian man,
                   P2 civilian girl (child)
       a2 torture  by ISIS: P3 combatant man
    I2 2016-03-20 district D2 of Aleppo, internal, killed 2
       a3 killing  by the government forces themselves: P1 again, P4 civilian woman
    I3 2017-07-01 a community of another governorate, restricted, killed 1-4
       a4 indiscriminate attack by ISIS: P5 civilian woman, secret (hidden from the analyst)

Hidden from everyone but an admin: I4 (secret; killing by ISIS of P6) and I5 (deleted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sijill.confidentiality import Confidentiality
from sijill.incidents.services import act_add, incident_create, incident_delete


@dataclass
class Record:
    gov: object
    unit: object
    isis: object
    d1: object
    d2: object
    gov_b: object
    community_b: object
    incidents: dict


def _places():
    """A few gazetteer places, made here (loading the whole gazetteer takes seconds per test)."""
    from sijill.places.models import Place

    made = {}

    def place(pcode, level, name_en, name_ar, parent=None, lat=None, lon=None):
        path = (parent.path if parent else "") + pcode + "/"
        made[pcode] = Place.objects.update_or_create(pcode=pcode, defaults=dict(
            country="SY", level=level, name_en=name_en, name_ar=name_ar, parent=parent, path=path,
            latitude=lat, longitude=lon))[0]
        return made[pcode]

    sy = place("SY", 0, "Syria", "سوريا")
    aleppo = place("SY02", 1, "Aleppo", "حلب", sy)
    d1 = place("SY0200", 2, "Jebel Saman", "جبل سمعان", aleppo)
    d2 = place("SY0202", 2, "Al Bab", "الباب", aleppo)
    c1 = place("C1007", 4, "Aleppo city", "حلب", place("SY020000", 3, "Jebel Saman", "جبل سمعان", d1), 36.2, 37.15)
    c2 = place("C1133", 4, "Al Bab", "الباب", place("SY020200", 3, "Al Bab", "الباب", d2), 36.37, 37.52)
    hama = place("SY05", 1, "Hama", "حماة", sy)
    c3 = place("C2982", 4, "Hama city", "حماة", place("SY050100", 3, "Hama", "حماة", place("SY0501", 2, "Hama", "حماة", hama)), 35.13, 36.75)
    return d1, d2, c1, c2, hama, c3


def make_record(admin_user) -> Record:
    from sijill.actors.models import Actor

    d1, d2, c1, c2, gov_b, community_b = _places()
    unit = Actor.objects.get(slug="4th-armoured-division")
    gov, isis = unit.parent, Actor.objects.get(slug="isis")

    def person(name, **fields):
        return {"name_latin": name, "outcome": "killed", **fields}

    user = admin_user
    i1 = incident_create(user=user, title_en="I1", start_date=date(2016, 3, 5), place=c1.pcode,
                         killed_total_min=3, killed_total_max=5, killed_children_min=1, killed_children_max=1)
    a1 = act_add(user=user, incident_id=i1.pk, violation_type="killing", claims=[{"actor": unit.slug}],
                 victims=[person("P1", sex="male", age=40, status="civilian"),
                          person("P2", sex="female", age=8, status="civilian")])
    p1 = a1.victim_links.get(person__name_latin="P1").person
    act_add(user=user, incident_id=i1.pk, violation_type="torture", claims=[{"actor": isis.slug}],
            victims=[person("P3", sex="male", age=30, status="combatant")])
    i2 = incident_create(user=user, title_en="I2", start_date=date(2016, 3, 20), place=c2.pcode,
                         killed_total_min=2, killed_total_max=2)
    act_add(user=user, incident_id=i2.pk, violation_type="killing", claims=[{"actor": gov.slug}],
            victims=[{"person": p1.pk, "outcome": "killed"},
                     person("P4", sex="female", age=35, status="civilian")])
    i3 = incident_create(user=user, title_en="I3", start_date=date(2017, 7, 1), place=community_b.pcode,
                         confidentiality=Confidentiality.RESTRICTED, killed_total_min=1, killed_total_max=4)
    act_add(user=user, incident_id=i3.pk, violation_type="indiscriminate-attack", claims=[{"actor": isis.slug}],
            victims=[person("P5", sex="female", age=50, status="civilian", confidentiality=Confidentiality.SECRET)])
    i4 = incident_create(user=user, title_en="I4", start_date=date(2017, 8, 1), place=community_b.pcode,
                         confidentiality=Confidentiality.SECRET, killed_total_min=9, killed_total_max=9)
    act_add(user=user, incident_id=i4.pk, violation_type="killing", claims=[{"actor": isis.slug}],
            victims=[person("P6", sex="male", age=20, status="civilian")])
    i5 = incident_create(user=user, title_en="I5", start_date=date(2016, 3, 7), place=c1.pcode,
                         killed_total_min=7, killed_total_max=7)
    act_add(user=user, incident_id=i5.pk, violation_type="killing", claims=[{"actor": gov.slug}],
            victims=[person("P7", sex="male", age=20, status="civilian")])
    incident_delete(user=user, incident_id=i5.pk)
    return Record(gov=gov, unit=unit, isis=isis, d1=d1, d2=d2, gov_b=gov_b, community_b=community_b,
                  incidents={"I1": i1, "I2": i2, "I3": i3, "I4": i4, "I5": i5})
