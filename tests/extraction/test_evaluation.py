"""The F1 evaluation runs on a small slice of both development sets (the full run is in bench/)."""

from real_data import shared_data

from sijill.extraction.evaluation import FIELDS, evaluate
from sijill.extraction.grouping import EventKey, same_event_score


def test_evaluation_runs_on_a_slice_of_both_datasets():
    scores = evaluate(
        fakes=shared_data("events/fakes_syria_news/fakes_dev.csv"),
        airwars_texts=shared_data("events/airwars_syria/airwars_source_texts_dev.jsonl"),
        airwars_incidents=shared_data("events/airwars_syria/airwars_syria_incidents.csv"),
        limit=25,
    )
    for dataset in ("fakes", "airwars"):
        for field in FIELDS:
            row = scores[dataset][field]
            assert 0 <= row["precision"] <= 1 and 0 <= row["recall"] <= 1 and 0 <= row["f1"] <= 1
    # Not a quality gate (that is bench/extraction), only a floor against a silent breakage.
    assert scores["fakes"]["governorate"]["f1"] > 0.5


def test_reports_of_one_event_score_by_the_date_first_then_by_how_specific_the_place_is():
    from dataclasses import replace
    from datetime import date, timedelta

    strike, detention = frozenset({"indiscriminate-attack"}), frozenset({"arbitrary-detention"})
    day = date(2017, 4, 4)
    saqba = EventKey(day, None, "C2314", strike)
    assert same_event_score(saqba, EventKey(day, None, "C2314", strike)) == 1.0
    # a day later in the same village is still one event; in the same governorate only, it is not
    assert same_event_score(saqba, EventKey(day + timedelta(days=1), None, "C2314", strike)) >= 0.6
    governorate = EventKey(day, None, "SY03", strike)
    assert same_event_score(governorate, replace(governorate, start=day + timedelta(days=1))) < 0.6
    # a governorate's capital city says as little as the governorate (Ar-Raqqa city)
    raqqa = EventKey(day, None, "C5710", strike)
    assert same_event_score(raqqa, replace(raqqa, start=day + timedelta(days=1))) < 0.6
    # the next village (Kafr Batna, 2 km) the same day counts, less than the same village
    assert 0.6 <= same_event_score(saqba, EventKey(day, None, "C2319", strike)) < 1.0
    # far away (Saraqab, Idlib) or two weeks later: never one event
    assert same_event_score(saqba, EventKey(day, None, "C3916", strike)) == 0.0
    assert same_event_score(saqba, EventKey(date(2017, 4, 20), None, "C2314", strike)) == 0.0
    # ...unless both reports name the same village while each proposes another place
    named = replace(saqba, places=frozenset({"C2314"}))
    assert same_event_score(named, EventKey(day, None, "C3916", strike, frozenset({"C2314"}))) >= 0.6
    # a violation type in common counts for, types that differ against
    assert (same_event_score(saqba, replace(saqba, violation_types=detention))
            < same_event_score(saqba, replace(saqba, violation_types=frozenset())) < 1.0)


def test_fakes_damascus_label_names_the_damascus_area_and_the_strict_reading_is_kept(tmp_path):
    import csv

    from sijill.extraction.evaluation import evaluate_fakes

    text = ("Regime air strikes killed 12 civilians in Douma in the Eastern Ghouta countryside of "
            "Damascus on Monday, activists said.")
    path = tmp_path / "fakes.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["unit_id", "article_content", "date", "location", "actor",
                                         "nb_civilians", "nb_noncivilians"])
        writer.writeheader()
        for uid, location in (("1", "damascus"), ("2", "aleppo")):
            writer.writerow({"unit_id": uid, "article_content": text, "date": "", "location": location,
                             "actor": "", "nb_civilians": "", "nb_noncivilians": ""})
    report = evaluate_fakes(path).report()
    # Douma is in Rif Dimashq: right for the label "damascus" (FA-KES has no Rif Dimashq label),
    # wrong for "aleppo", and wrong for both when "damascus" is read as the city alone
    assert report["governorate"]["correct"] == 1
    assert report["governorate_strict"]["correct"] == 0
    assert report["governorate"]["labelled"] == report["governorate_strict"]["labelled"] == 2


def test_reports_are_grouped_by_event_as_a_whole_and_never_across_the_date_window():
    from datetime import date

    from sijill.extraction.grouping import event_key, group_events

    strike = frozenset({"indiscriminate-attack"})
    keys = [
        EventKey(date(2017, 4, 10), None, "C2314", strike),   # 0: another week, alone
        EventKey(date(2017, 4, 4), None, "C2314", strike),    # 1: Saqba
        EventKey(None, None, "C2314", strike),                # 2: no date, alone
        EventKey(date(2017, 4, 5), None, "C2314", strike),    # 3: one day after 1
        EventKey(date(2017, 4, 7), None, "C2314", strike),    # 4: two days after 3, within the window of 1
        EventKey(date(2017, 4, 4), None, "C3916", strike),    # 5: the same day, far away (Saraqab)
    ]
    assert group_events(keys, 0.6) == [[1, 3, 4], [0], [2], [5]]
    # a stricter bar keeps 4 out: it fits 3 (two days) but 1 only weakly (three days)
    assert group_events(keys, 0.75) == [[1, 3], [0], [2], [4], [5]]
    # no chains: Bayad lies 14 km from Saqba and from Bitariyeh, which lies 27 km from Saqba; Bayad
    # and Bitariyeh score a little higher and go together, and Saqba fits that pair only half
    day = date(2017, 4, 4)
    chain = [EventKey(day, None, pcode, strike) for pcode in ("C2314", "C2374", "C2369")]
    assert group_events(chain, 0.6) == [[1, 2], [0]]
    extraction = {"incident": {"date": {"date": "2017-04-04"}, "place": {"pcode": "SY11"}},
                  "violations": [{"type": "indiscriminate-attack"}, {"type": "killing"}]}
    assert event_key(extraction) == EventKey(date(2017, 4, 4), date(2017, 4, 4), "SY11",
                                             frozenset({"indiscriminate-attack", "killing"}))
    # the villages a report names count beside its proposed place; governorates and cities do not
    extraction["places"] = [{"pcode": "C2314"}, {"pcode": "SY03"}, {"pcode": "C5710"}, {"pcode": None}]
    assert event_key(extraction).places == frozenset({"C2314"})
