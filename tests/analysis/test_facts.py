"""The fact table gives the same figures as the live selectors, for every filter and clearance."""

from datetime import date

import pytest

from sijill.analysis import facts, selectors, summaries
from sijill.confidentiality import Confidentiality
from sijill.incidents.selectors import IncidentFilters

pytestmark = pytest.mark.django_db

SECTIONS = [("perpetrator", 1), ("violation_type", 1), ("place", 1), ("place", 2), ("place", 4),
            ("year", 1), ("month", 1)]


def _filters(record) -> list[IncidentFilters]:
    return [
        IncidentFilters(),
        IncidentFilters(actor=record.gov.slug),
        IncidentFilters(actor=record.unit.slug),
        IncidentFilters(actor="isis"),
        IncidentFilters(place="SY02"),
        IncidentFilters(place=record.d1.pcode),
        IncidentFilters(place=record.gov_b.pcode, actor="isis"),
        IncidentFilters(violation_type="killing"),
        IncidentFilters(date_from=date(2016, 1, 1), date_to=date(2016, 12, 31)),
        IncidentFilters(date_from=date(2016, 3, 10)),
        IncidentFilters(confidentiality=Confidentiality.RESTRICTED),
        IncidentFilters(status="received"),
        # The incident list wants an act by the perpetrator and an act of the type, not one act
        # that is both: I1 has a killing by a government unit and a torture by ISIS.
        IncidentFilters(actor=record.gov.slug, violation_type="torture"),
        IncidentFilters(actor="isis", violation_type="killing", place="SY02"),
        IncidentFilters(actor="no-such-actor"),
        IncidentFilters(place="SY99"),
    ]


def _finer_and_combined_filters(record) -> list[IncidentFilters]:
    """Filters that read the one-row-per-act grain (a community, a month, a range not of whole
    years, a status) and combinations that read the rows summed per district and year."""
    return [
        IncidentFilters(place="C1007"),
        IncidentFilters(place="SY020000"),
        IncidentFilters(date_from=date(2016, 3, 1), date_to=date(2016, 3, 31)),
        IncidentFilters(date_from=date(2016, 3, 6), date_to=date(2017, 7, 1)),
        # whole years inside ragged ends: summed years and single rows added
        IncidentFilters(date_from=date(2015, 6, 1), date_to=date(2017, 7, 1)),
        IncidentFilters(date_to=date(2017, 3, 1), actor="isis"),
        IncidentFilters(actor="isis", date_from=date(2017, 1, 1), date_to=date(2017, 12, 31)),
        IncidentFilters(actor=record.unit.slug, place="SY02", date_from=date(2016, 1, 1)),
        IncidentFilters(violation_type="killing", date_to=date(2016, 12, 31)),
        IncidentFilters(place=record.d2.pcode, violation_type="killing", date_from=date(2016, 1, 1),
                        date_to=date(2016, 12, 31)),
        IncidentFilters(actor=record.gov.slug, violation_type="killing", place="SY02"),
        IncidentFilters(confidentiality=Confidentiality.INTERNAL, date_from=date(2016, 1, 1)),
        IncidentFilters(status="received", actor="isis"),
    ]


def _viewers(make_user, analyst, admin_user):
    return [make_user("analyst", Confidentiality.PUBLIC, username="public-analyst"),
            make_user("analyst", Confidentiality.INTERNAL, username="internal-analyst"), analyst, admin_user]


def _plain(figures):
    return [f.as_dict() for f in figures]


def _assert_same_as_live(record, viewers, filters=None):
    facts.rebuild()
    for user in viewers:
        for f in filters or _filters(record):
            live_total = selectors.totals(user=user, filters=f).as_dict()
            assert facts.totals(clearance=user.clearance, filters=f).as_dict() == live_total, (user.clearance, f)
            for by, level in SECTIONS:
                live = _plain(selectors.breakdown(user=user, filters=f, by=by, level=level))
                stored = _plain(facts.breakdown(clearance=user.clearance, filters=f, by=by, level=level))
                assert stored == live, (user.clearance, f, by, level)


def test_fact_figures_equal_the_live_figures_for_every_filter_and_clearance(record, make_user, analyst, admin_user):
    _assert_same_as_live(record, _viewers(make_user, analyst, admin_user))
    for f in _filters(record)[:6]:  # the whole dashboard (its place levels share their per-path counts)
        stored = facts.compute(clearance=analyst.clearance, filters=f, sections=summaries.SECTIONS)
        live = summaries.compute(user=analyst, filters=f)
        assert {k: _plain(v) for k, v in stored["sections"].items()} == {
            k: _plain(v) for k, v in live["sections"].items()}, f
    # the hand-computed figures hold too (test_statistics): I1-I3, a1-a4, P1-P4 for the analyst
    figure = facts.totals(clearance=analyst.clearance)
    assert (figure.incidents, figure.acts, figure.victims) == (3, 4, 4)
    assert figure.casualties["killed_total_max"] == 11
    mixed = facts.totals(clearance=analyst.clearance, filters=IncidentFilters(actor=record.gov.slug,
                                                                              violation_type="torture"))
    assert (mixed.incidents, mixed.acts, mixed.victims) == (1, 0, 0)


def test_fact_figures_equal_the_live_figures_for_finer_and_combined_filters(record, analyst, admin_user):
    _assert_same_as_live(record, [analyst, admin_user], _finer_and_combined_filters(record))


def test_an_individual_with_three_links_counts_once_in_every_bucket(record, analyst, admin_user):
    """P1 (a1 and a3) merged with P3 (a2): three links, two acts of I1 and one of I2, by a
    government unit, the government itself and ISIS; civilian and combatant records."""
    from sijill.linkage.services import pair_decide
    from sijill.people.models import Person

    pair_decide(user=admin_user, kind="persons", left_id=Person.objects.get(name_latin="P1").pk,
                right_id=Person.objects.get(name_latin="P3").pk, verdict="accept")
    _assert_same_as_live(record, [analyst, admin_user], _filters(record)[:10] + _finer_and_combined_filters(record)[:4])
    assert facts.totals(clearance=analyst.clearance).victims == 3  # P1=P3, P2, P4


def test_a_record_beyond_inclusion_exclusion_is_answered_live(record, analyst, settings, monkeypatch):
    from django.core.cache import cache

    settings.SIJILL_ANALYSIS_LIVE_LIMIT = 0
    cache.clear()
    monkeypatch.setattr(facts, "MAX_LINKS", 1)  # P1 has two links
    marker = facts.rebuild()
    assert not facts.complete(marker)
    isis = IncidentFilters(actor="isis")
    figures = summaries.dashboard(user=analyst, filters=isis)
    assert figures["as_of"] is None  # live
    assert _plain([figures["total"]]) == _plain([selectors.totals(user=analyst, filters=isis)])


def test_fact_figures_follow_linkage_and_confidentiality_changes_after_a_rebuild(record, analyst, admin_user):
    from sijill.linkage.services import pair_decide
    from sijill.people.models import Person
    from sijill.people.services import person_update

    pair_decide(user=admin_user, kind="persons", left_id=Person.objects.get(name_latin="P2").pk,
                right_id=Person.objects.get(name_latin="P4").pk, verdict="accept")
    p3 = Person.objects.get(name_latin="P3")
    person_update(user=admin_user, person_id=p3.pk, lock_version=p3.lock_version,
                  confidentiality=Confidentiality.SECRET)
    _assert_same_as_live(record, [analyst, admin_user])
    assert facts.totals(clearance=analyst.clearance).victims == 2  # P1, P2=P4 (P3 now secret)


def test_a_secret_person_is_never_counted_for_a_lower_clearance(record, analyst, admin_user):
    facts.rebuild()
    isis = IncidentFilters(actor="isis")
    # I3's victim P5 is secret: the analyst counts the incident and its act, not the person
    assert facts.totals(clearance=analyst.clearance, filters=isis).victims == 1  # P3 only
    assert facts.totals(clearance=admin_user.clearance, filters=isis).victims == 3  # P3, P5, P6


def test_a_text_search_is_not_answered_from_the_table(record):
    with pytest.raises(ValueError, match="text search"):
        facts.totals(clearance=3, filters=IncidentFilters(q="I1"))


def test_filtered_dashboard_comes_from_the_facts_with_their_time_when_stale(record, analyst, settings):
    from django.core.cache import cache

    from sijill.incidents.services import incident_create

    settings.SIJILL_ANALYSIS_LIVE_LIMIT = 0
    cache.clear()
    facts.rebuild()
    isis = IncidentFilters(actor="isis")
    figures = summaries.dashboard(user=analyst, filters=isis)
    assert figures["as_of"] is not None and not figures["stale"]
    assert _plain([figures["total"]]) == _plain([selectors.totals(user=analyst, filters=isis)])
    incident_create(user=analyst, title_en="I6", start_date=date(2018, 1, 1), place="SY02")
    stale = summaries.dashboard(user=analyst, filters=isis)
    assert stale["stale"] and stale["as_of"] == figures["as_of"]
    # a search, and a small record, are always live
    assert not facts.supports(IncidentFilters(q="I1"))
    settings.SIJILL_ANALYSIS_LIVE_LIMIT = 1_000
    assert summaries.dashboard(user=analyst, filters=isis)["as_of"] is None


def test_cached_filtered_figures_are_kept_per_clearance(record, analyst, admin_user, settings):
    from django.core.cache import cache

    settings.SIJILL_ANALYSIS_LIVE_LIMIT = 0
    cache.clear()
    facts.rebuild()
    isis = IncidentFilters(actor="isis")
    for _ in range(2):  # computed, then from the cache
        assert summaries.dashboard(user=analyst, filters=isis)["total"].victims == 1
        assert summaries.dashboard(user=admin_user, filters=isis)["total"].victims == 3


def test_breakdown_page_figures_come_from_the_facts_on_a_large_record(record, analyst, settings, client, no_2fa):
    from django.core.cache import cache

    settings.SIJILL_ANALYSIS_LIVE_LIMIT = 0
    cache.clear()
    facts.rebuild()
    f = IncidentFilters(place="SY02")
    assert _plain(summaries.breakdown(user=analyst, filters=f, by="place", level=2)) == _plain(
        selectors.breakdown(user=analyst, filters=f, by="place", level=2))
    client.force_login(analyst)
    assert client.get("/analysis/by/perpetrator/?place=SY02").status_code == 200
