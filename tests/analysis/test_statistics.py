"""Every statistic against the hand-computed figures of the record in conftest.py."""

from datetime import date

import pytest

from sijill.analysis.selectors import breakdown, map_points, timeline, totals
from sijill.confidentiality import Confidentiality
from sijill.incidents.selectors import IncidentFilters

pytestmark = pytest.mark.django_db


def _counts(figure):
    return (figure.incidents, figure.acts, figure.victims, figure.civilians, figure.children, figure.women)


def test_totals_count_distinct_victims_within_the_viewers_clearance(record, analyst):
    figure = totals(user=analyst)
    # I1-I3; a1-a4; P1-P4 (P1 twice, P5 secret); civilians P1 P2 P4; child P2; woman P4
    assert _counts(figure) == (3, 4, 4, 3, 1, 1)
    assert figure.casualties["killed_total_min"] == 6 and figure.casualties["killed_total_max"] == 11
    assert figure.casualties["killed_children_min"] == 1


def test_lower_clearance_and_anonymous_viewers_count_less(record, make_user):
    internal = make_user("analyst", Confidentiality.INTERNAL, username="internal-analyst")
    assert _counts(totals(user=internal)) == (2, 3, 4, 3, 1, 1)
    from django.contrib.auth.models import AnonymousUser

    assert _counts(totals(user=AnonymousUser())) == (0, 0, 0, 0, 0, 0)


def test_admin_sees_the_secret_incident_and_person_but_never_the_deleted_one(record, admin_user):
    # + I4 (P6 civilian man) and P5 (civilian woman, secret); I5 deleted stays out
    assert _counts(totals(user=admin_user)) == (4, 5, 6, 5, 1, 2)


def test_by_year_and_month(record, analyst):
    years = breakdown(user=analyst, by="year")
    assert [(f.key, *_counts(f)) for f in years] == [("2016", 2, 3, 4, 3, 1, 1), ("2017", 1, 1, 0, 0, 0, 0)]
    assert years[0].casualties["killed_total_max"] == 7
    assert years[0].filters == {"date_from": "2016-01-01", "date_to": "2016-12-31"}
    months = breakdown(user=analyst, by="month")
    assert [(f.key, f.incidents, f.victims) for f in months] == [("2016-03", 2, 4), ("2017-07", 1, 0)]
    assert months[0].filters == {"date_from": "2016-03-01", "date_to": "2016-03-31"}


def test_by_governorate_and_district(record, analyst):
    governorates = breakdown(user=analyst, by="place", level=1)
    assert [(f.key, *_counts(f)) for f in governorates] == [
        ("SY02", 2, 3, 4, 3, 1, 1), (record.gov_b.pcode, 1, 1, 0, 0, 0, 0)]
    assert governorates[0].label == "Aleppo" and governorates[0].filters == {"place": "SY02"}
    districts = breakdown(user=analyst, by="place", level=2)
    # P1 is a victim in both districts: counted once in each, once in the governorate
    assert {f.key: _counts(f)[:3] for f in districts} == {
        record.d1.pcode: (1, 2, 3), record.d2.pcode: (1, 1, 2), record.community_b.path.split("/")[2]: (1, 1, 0)}


def test_by_violation_type(record, analyst):
    rows = {f.key: _counts(f) for f in breakdown(user=analyst, by="violation_type")}
    assert rows == {"killing": (2, 2, 3, 3, 1, 1), "torture": (1, 1, 1, 0, 0, 0),
                    "indiscriminate-attack": (1, 1, 0, 0, 0, 0)}


def test_by_perpetrator_counts_sub_units_with_their_actor(record, analyst):
    rows = {f.key: _counts(f) for f in breakdown(user=analyst, by="perpetrator")}
    assert rows == {record.gov.slug: (2, 2, 3, 3, 1, 1), "isis": (2, 2, 1, 0, 0, 0)}


def test_by_perpetrator_within_an_actor_shows_its_units_and_its_own_acts(record, analyst):
    filters = IncidentFilters(actor=record.gov.slug)
    rows = {f.key: _counts(f) for f in breakdown(user=analyst, filters=filters, by="perpetrator")}
    assert rows == {"4th-armoured-division": (1, 1, 2, 2, 1, 0), f"{record.gov.slug}:own": (1, 1, 2, 2, 0, 1)}
    assert _counts(totals(user=analyst, filters=filters)) == (2, 2, 3, 3, 1, 1)


def test_filters_narrow_every_figure(record, analyst):
    filters = IncidentFilters(violation_type="killing", date_from=date(2016, 3, 10))
    assert _counts(totals(user=analyst, filters=filters)) == (1, 1, 2, 2, 0, 1)  # I2 only
    by_place = breakdown(user=analyst, filters=IncidentFilters(place="SY02"), by="place", level=2)
    assert {f.key: f.filters["place"] for f in by_place} == {record.d1.pcode: record.d1.pcode, record.d2.pcode: record.d2.pcode}


def test_each_figure_links_to_exactly_the_incidents_behind_it(record, analyst):
    from sijill.incidents.selectors import incident_list

    for by in ("year", "month", "violation_type", "perpetrator"):
        for figure in breakdown(user=analyst, by=by):
            shown = incident_list(user=analyst, filters=IncidentFilters(**_typed(figure.filters)))
            assert shown.count() == figure.incidents, (by, figure.key)
    for figure in breakdown(user=analyst, by="place", level=2):
        assert incident_list(user=analyst, filters=IncidentFilters(**_typed(figure.filters))).count() == figure.incidents


def _typed(query):
    return {k: date.fromisoformat(v) if k.startswith("date_") else v for k, v in query.items()}


def test_timeline_by_perpetrator(record, analyst):
    result = timeline(user=analyst, by="perpetrator", period="year")
    assert result["periods"] == ["2016", "2017"]
    series = {s["key"]: (s["incidents"], s["victims"]) for s in result["series"]}
    assert series == {record.gov.slug: ([2, 0], [3, 0]), "isis": ([1, 1], [1, 0])}


def test_timeline_by_violation_type(record, analyst):
    result = timeline(user=analyst, by="violation_type", period="month")
    assert result["periods"] == ["2016-03", "2017-07"]
    series = {s["key"]: s["incidents"] for s in result["series"]}
    assert series == {"killing": [2, 0], "torture": [1, 0], "indiscriminate-attack": [0, 1]}


def test_map_points_use_the_place_coordinates_and_respect_clearance(record, analyst, admin_user):
    points = map_points(user=analyst)
    assert sorted(p["title"] for p in points) == ["I1", "I2", "I3"]
    assert len(map_points(user=admin_user)) == 4
    i3 = next(p for p in points if p["title"] == "I3")
    assert (i3["lat"], i3["lon"]) == (round(record.community_b.latitude, 5), round(record.community_b.longitude, 5))


def test_unknown_breakdown_is_refused_with_the_choices(analyst):
    with pytest.raises(ValueError, match="perpetrator, violation_type"):
        breakdown(user=analyst, by="colour")


def test_victims_merged_by_record_linkage_count_once(record, analyst, admin_user):
    from sijill.linkage.services import pair_decide
    from sijill.people.models import Person

    p2 = Person.objects.get(name_latin="P2")
    p4 = Person.objects.get(name_latin="P4")
    pair_decide(user=admin_user, kind="persons", left_id=p2.pk, right_id=p4.pk, verdict="accept")
    # P2 and P4 are one individual now: 4 victims become 3; that individual is a civilian,
    # a child (P2's record) and a woman (P4's record)
    assert _counts(totals(user=analyst)) == (3, 4, 3, 2, 1, 1)
    years = {f.key: f.victims for f in breakdown(user=analyst, by="year")}
    assert years == {"2016": 3, "2017": 0}
    districts = {f.key: f.victims for f in breakdown(user=analyst, by="place", level=2)}
    assert districts[record.d1.pcode] == 3 and districts[record.d2.pcode] == 2
