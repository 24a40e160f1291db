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


def test_reports_of_one_event_score_high_and_of_another_day_zero():
    from datetime import date

    a = EventKey(date(2017, 4, 4), None, "SY11", frozenset({"indiscriminate-attack"}))
    same_day_city = EventKey(date(2017, 4, 5), None, "C5710", frozenset({"indiscriminate-attack"}))
    far = EventKey(date(2017, 4, 4), None, "SY01", frozenset({"indiscriminate-attack"}))
    later = EventKey(date(2017, 4, 20), None, "SY11", frozenset({"indiscriminate-attack"}))
    assert same_event_score(a, same_day_city) > 0.8
    assert same_event_score(a, far) == 0.0
    assert same_event_score(a, later) == 0.0


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


def test_reports_are_grouped_by_event_through_chains_and_never_across_the_date_window():
    from datetime import date

    from sijill.extraction.grouping import event_key, group_events

    strike = frozenset({"indiscriminate-attack"})
    keys = [
        EventKey(date(2017, 4, 10), None, "SY11", strike),    # 0: another day, alone
        EventKey(date(2017, 4, 4), None, "SY11", strike),     # 1
        EventKey(None, None, "SY11", strike),                 # 2: no date, alone
        EventKey(date(2017, 4, 5), None, "SY11", strike),     # 3: one day after 1
        EventKey(date(2017, 4, 7), None, "SY11", strike),     # 4: two days after 3, within the window of 1
        EventKey(date(2017, 4, 4), None, "SY01", strike),     # 5: the same day, far away
    ]
    assert group_events(keys, 0.6) == [[1, 3, 4], [0], [2], [5]]
    # a stricter bar splits the chain where the evidence weakens with the gap in days
    assert group_events(keys, 0.95) == [[1, 3], [0], [2], [4], [5]]
    extraction = {"incident": {"date": {"date": "2017-04-04"}, "place": {"pcode": "SY11"}},
                  "violations": [{"type": "indiscriminate-attack"}, {"type": "killing"}]}
    assert event_key(extraction) == EventKey(date(2017, 4, 4), date(2017, 4, 4), "SY11",
                                             frozenset({"indiscriminate-attack", "killing"}))
