"""`sijill extract` prints the extraction as JSON; `sijill eval extraction` scores a slice."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_extract_prints_json_with_every_field(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("قصف جوي أمس على الرقة أدى إلى مقتل ٣ مدنيين", encoding="utf-8")
    out = io.StringIO()
    call_command("extract", str(report), "--published", "2017-04-05", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) >= {"language", "places", "actors", "dates", "casualties", "violations", "victims"}
    assert data["dates"][0]["date"] == "2017-04-04"
    assert data["places"][0]["pcode"] == "SY11" and data["casualties"][0]["min"] == 3


def test_extract_rejects_a_bad_date(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("extract", str(report), "--published", "5/4/2017")


def test_eval_scores_a_slice_of_fakes():
    path = SHARED / "events/fakes_syria_news/fakes_dev.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    out = io.StringIO()
    call_command("eval", "extraction", "--fakes", str(path), "--limit", "10", stdout=out)
    assert json.loads(out.getvalue())["fakes"]["governorate"]["labelled"] == 10


def test_eval_reads_the_texts_as_on_the_day_given(tmp_path):
    texts = tmp_path / "texts.jsonl"
    texts.write_text(json.dumps({"source_id": "s1", "incident_ids": ["airwars-X1"], "original_url": "",
                                 "publication_date": "", "text": "قصفت قوات النظام اليوم الخميس 5 تشرين الأول "
                                 "بلدة سرمين ما أدى إلى مقتل 3 مدنيين"}, ensure_ascii=False) + "\n", encoding="utf-8")
    incidents = tmp_path / "incidents.csv"
    incidents.write_text("airwars_id,governorate_en,region_en,province_en,incident_date,date_range_end,belligerent_en,"
                         "civ_killed_min,civ_killed_max\nX1,Idlib,,,2023-10-05,,Syrian Regime,3,3\n", encoding="utf-8")

    def date_correct(today):
        out = io.StringIO()
        call_command("eval", "extraction", "--airwars-texts", str(texts), "--airwars-incidents", str(incidents),
                     "--today", today, stdout=out)
        return json.loads(out.getvalue())["airwars"]["date"]["correct"]

    assert date_correct("2026-12-06") == 1  # the last Thursday 5 October was in 2023
    assert date_correct("2023-10-04") == 0  # read the day before, it was in 2017
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        date_correct("5/10/2023")


def test_eval_linkage_scores_at_the_cluster_threshold_given():
    from real_data import shared_data

    data = shared_data("linkage/splink_datasets").parents[1]
    out = io.StringIO()
    call_command("eval", "linkage", "--dataset", "fake_1000", "--data", str(data),
                 "--cluster-threshold", "0.9", stdout=out)
    scores = json.loads(out.getvalue())
    assert scores["sijill"]["cluster_threshold"] == 0.9
    # at the app's bar, pairs that join a cluster are all but never wrong
    assert scores["sijill"]["pairwise"]["precision"] >= 0.99, scores["sijill"]
    with pytest.raises(CommandError, match="between 0 and 1"):
        call_command("eval", "linkage", "--dataset", "fake_1000", "--cluster-threshold", "1.5")
