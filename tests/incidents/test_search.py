"""Full-text search across scripts, on whichever engine the suite runs."""

from datetime import date

import pytest

from sijill.incidents.selectors import IncidentFilters, incident_list
from sijill.incidents.services import incident_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def incidents(analyst):
    made = {
        "hospital": incident_create(user=analyst, title_ar="قصف مستشفى الرقة الوطني", title_en="Shelling of al-Raqqa National Hospital", start_date=date(2017, 6, 3)),
        "school": incident_create(user=analyst, title_ar="غارةٌ على مدرسةٍ في إدلب", title_en="Airstrike on a school in Idlib", start_date=date(2018, 1, 9)),
        "accent": incident_create(user=analyst, title_en="Raid on Dayr Ḥāfir market", start_date=date(2016, 3, 1)),
    }
    return made


def _found(user, q):
    return set(incident_list(user=user, filters=IncidentFilters(q=q)).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "query, key",
    [
        ("مستشفى", "hospital"),
        ("مستشفي", "hospital"),  # alef maqsura typed as ya
        ("الرقة", "hospital"),
        ("رقه", "hospital"),  # without article, ta marbuta as ha
        ("ادلب", "school"),  # hamza-less alef
        ("غارة", "school"),  # the record has tanwin diacritics
        ("مدرسة", "school"),
        ("HOSPITAL", "hospital"),
        ("raqqa", "hospital"),
        ("Al-Raqqa hospital", "hospital"),
        ("hafir", "accent"),  # accents in the record, none in the query
        ("Ḥāfir", "accent"),
    ],
)
def test_search_finds_across_spellings(analyst, incidents, query, key):
    assert _found(analyst, query) == {incidents[key].pk}


def test_search_requires_every_word(analyst, incidents):
    assert _found(analyst, "hospital idlib") == set()


def test_search_never_shows_what_is_above_clearance(analyst, make_user, incidents):
    secret = incident_create(user=make_user("admin", 3, "boss"), title_ar="مستشفى سري", start_date=date(2019, 1, 1), confidentiality=3)
    assert secret.pk not in _found(analyst, "مستشفى")
    assert secret.pk in _found(make_user("viewer", 3, "cleared-viewer"), "مستشفى")


def test_a_protected_victim_name_does_not_find_a_less_protected_incident(make_user):
    from sijill.people.models import Person
    from sijill.people.services import person_update

    boss = make_user("admin", 3, "boss")
    reader = make_user("viewer", 1, "reader")
    incident_create(
        user=boss, title_en="Arrest at the bakery", start_date=date(2013, 7, 7), confidentiality=1,
        acts=[{"violation_type": "arbitrary-detention", "victims": [
            {"name_latin": "Zakaria Protected", "confidentiality": 3}, {"name_latin": "Yaman Open", "confidentiality": 1}]}],
    )
    assert _found(reader, "Yaman") and not _found(reader, "Zakaria")
    assert _found(boss, "bakery") and not _found(boss, "Zakaria")  # the index holds no protected name at all
    # lowering the person's confidentiality makes the name searchable on the incident
    person = Person.objects.get(name_latin="Zakaria Protected")
    person_update(user=boss, person_id=person.pk, lock_version=person.lock_version, confidentiality=1)
    assert _found(reader, "Zakaria")


def test_history_hides_victims_above_the_readers_clearance(make_user):
    from sijill.incidents.selectors import incident_history

    boss = make_user("admin", 3, "boss")
    reader = make_user("viewer", 1, "reader")
    incident = incident_create(
        user=boss, title_en="Arrest at the mill", start_date=date(2013, 7, 7), confidentiality=1,
        acts=[{"violation_type": "arbitrary-detention", "victims": [{"name_latin": "Hidden Witness", "confidentiality": 3}]}],
    )
    assert "Hidden Witness" in str(incident_history(user=boss, incident_id=incident.pk))
    assert "Hidden Witness" not in str(incident_history(user=reader, incident_id=incident.pk))


def test_search_total_from_the_index_equals_the_orm_count(make_user):
    """incident_list_total counts a search from the full-text index (SQLite: the visibility tokens
    in the FTS document); it must equal the ORM count at every clearance after every kind of change."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from sijill.incidents.models import Incident
    from sijill.incidents.selectors import incident_list_total
    from sijill.incidents.services import act_add, incident_delete, incident_update
    from sijill.people.models import Person
    from sijill.people.services import person_update
    from sijill.search_index import visible_match_count

    boss = make_user("admin", 3, "boss")
    readers = [AnonymousUser()] + [make_user("viewer", c, f"reader-{c}") for c in (0, 1, 2, 3)]
    made = [
        incident_create(user=boss, title_en=f"Shelling of the market {n}", start_date=date(2015, 1, 1 + n),
                        confidentiality=n % 4, acts=[{"violation_type": "arbitrary-detention", "victims": [
                            {"name_latin": f"Samir Witness{n}", "confidentiality": (n + 1) % 4}]}])
        for n in range(8)
    ]
    queries = ["market", "shelling market", "samir", "witness3", "nothingmatches", "zzvis2", "vis"]

    def check(when):
        for user in readers:
            for q in queries:
                f = IncidentFilters(q=q)
                expected = incident_list(user=user, filters=f).count()
                assert incident_list_total(user=user, filters=f) == expected, (when, q, getattr(user, "clearance", None))
                assert expected == len(incident_list(user=user, filters=f))
        # with other filters the queryset is counted as before
        f = IncidentFilters(q="market", confidentiality=1)
        assert incident_list_total(user=boss, filters=f) == incident_list(user=boss, filters=f).count()

    check("created")
    assert connection.vendor in ("sqlite", "postgresql")  # the total really comes from the index on both
    assert visible_match_count(Incident, "market", 2) == 6
    assert incident_list_total(user=readers[3], filters=IncidentFilters(q="market")) == 6  # clearance 2: levels 0-2
    incident_delete(user=boss, incident_id=made[0].pk)
    check("soft-deleted")
    incident = Incident.objects.get(pk=made[1].pk)
    incident_update(user=boss, incident_id=incident.pk, lock_version=incident.lock_version, confidentiality=3)
    check("confidentiality raised")
    incident = Incident.objects.get(pk=made[7].pk)
    incident_update(user=boss, incident_id=incident.pk, lock_version=incident.lock_version, confidentiality=0,
                    title_en="Airstrike on a bakery")
    check("confidentiality lowered, text changed")
    person = Person.objects.get(name_latin="Samir Witness2")
    person_update(user=boss, person_id=person.pk, lock_version=person.lock_version, confidentiality=0)
    check("victim made searchable")
    act_add(user=boss, incident_id=made[4].pk, violation_type="arbitrary-detention",
            victims=[{"name_latin": "Samir Newcomer", "confidentiality": 0}])
    check("victim added")
    Incident.objects.filter(pk=made[5].pk).update(deleted_at=None, confidentiality=2)  # raw updates too
    Incident.objects.filter(pk=made[0].pk).update(deleted_at=None)
    check("undeleted by a raw update")
    Incident.objects.filter(pk=made[3].pk).delete()
    check("hard-deleted")
    _raw_copy(Incident.objects.get(pk=made[2].pk))  # the bulk path (PostgreSQL: COPY) fires the triggers
    check("inserted by the bulk writer")


def _raw_copy(incident):
    """Insert a copy of `incident` through sijill.intake.bulk.insert, bypassing the ORM."""
    from datetime import datetime

    from sijill.intake import bulk

    fields = [f for f in type(incident)._meta.concrete_fields if not f.primary_key]
    values = []
    for f in fields:
        v = getattr(incident, f.attname)
        values.append(bulk.db_datetime(v) if isinstance(v, datetime) else bulk.dumps(v) if f.get_internal_type() == "JSONField" else v)
    new_id = bulk.reserve_ids(incident._meta.db_table, 1)[0]
    bulk.insert(incident._meta.db_table, ["id", *(f.column for f in fields)], [(new_id, *values)])
