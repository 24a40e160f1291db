"""/api/drafts/: a report's text read into a draft incident by a script or an intake channel."""

import pytest

from sijill.confidentiality import Confidentiality

from .conftest import client_for

REPORT = "قصف جوي أمس على مدينة الرقة أدى إلى مقتل ٣ مدنيين بينهم طفل"


def test_a_report_posted_becomes_a_draft_with_spans_and_a_proposal(api_analyst):
    r = api_analyst.post("/drafts/", {"text": REPORT, "published_on": "2017-04-05"})
    assert r.status_code == 201, r.json_body
    draft = r.json_body
    extraction = draft["extraction"]
    assert draft["language"] == "ar" and draft["status"] == "new" and draft["published_on"] == "2017-04-05"
    assert extraction["incident"]["date"]["date"] == "2017-04-04"  # أمس, the day before publication
    assert extraction["incident"]["place"]["governorate"] == "SY11" and extraction["incident"]["killed"]["min"] == 3
    killed = extraction["casualties"][extraction["incident"]["killed"]["item"]]
    assert REPORT[killed["span"][0]:killed["span"][1]] == killed["text"]
    assert api_analyst.get(f"/drafts/{draft['id']}").json_body["extraction"] == extraction
    assert [d["id"] for d in api_analyst.get("/drafts/").json_body["results"]] == [draft["id"]]


def test_bad_input_is_named(api_analyst):
    cases = [
        ({"text": "  "}, "Paste or upload"),
        ({"text": REPORT, "published_on": "5/4/2017"}, "YYYY-MM-DD"),
        ({"text": REPORT, "lang": "fr"}, "auto, ar or en"),
        ({"text": REPORT, "confidentiality": 99}, "clearance"),
        ({"text": REPORT, "publishd_on": "2017-04-05"}, "publishd_on"),
    ]
    for body, message in cases:
        r = api_analyst.post("/drafts/", body)
        assert r.status_code in (400, 422), (body, r.status_code)
        assert message in str(r.json_body), (body, r.json_body)


def test_a_reader_without_create_is_refused_and_sees_only_within_clearance(api_analyst, make_user):
    viewer = client_for(make_user("viewer", Confidentiality.RESTRICTED))
    assert viewer.post("/drafts/", {"text": REPORT}).status_code == 403
    secret = api_analyst.post("/drafts/", {"text": REPORT, "confidentiality": Confidentiality.RESTRICTED}).json_body
    low = client_for(make_user("analyst", Confidentiality.PUBLIC, username="low"))
    assert low.get(f"/drafts/{secret['id']}").status_code == 404
    assert low.get("/drafts/").json_body["count"] == 0


# -- many reports at once

STRIKE_A = ("Coalition airstrikes on the town of Hajin in the eastern countryside of Deir Ezzor on Saturday "
            "killed 7 civilians including three children, activists said.")
STRIKE_B = "قصفت طائرات التحالف الدولي مساء السبت بلدة هجين في ريف دير الزور الشرقي، ما أدى إلى مقتل ٧ مدنيين."


@pytest.mark.django_db(transaction=True)
def test_a_batch_posted_is_read_in_the_background_and_grouped(api_analyst, immediate_jobs):
    r = api_analyst.post("/drafts/batches/", {"name": "telegram 2018-11-04", "published_on": "2018-11-04", "reports": [
        {"text": STRIKE_A}, {"text": STRIKE_B, "lang": "ar"}, {"text": REPORT, "published": "2017-04-05"},
        {"text": STRIKE_A}]})
    assert r.status_code == 202, r.json_body
    assert r.json_body["total"] == 3 and r.json_body["repeats"] == [["reports[3]", "reports[0]"]]
    batch = api_analyst.get(f"/drafts/batches/{r.json_body['id']}").json_body
    assert (batch["status"], batch["done"]) == ("done", 3)
    drafts = [e["draft_id"] for e in batch["entries"]]
    assert [e["where"] for e in batch["entries"]] == ["reports[0]", "reports[1]", "reports[2]"]
    assert batch["groups"] == [drafts[:2], drafts[2:]]
    third = api_analyst.get(f"/drafts/{drafts[2]}").json_body
    assert third["published_on"] == "2017-04-05" and third["extraction"]["incident"]["killed"]["min"] == 3
    assert [b["id"] for b in api_analyst.get("/drafts/batches/").json_body["results"]] == [batch["id"]]


@pytest.mark.django_db
def test_a_batch_with_a_bad_report_is_refused_whole_naming_each(api_analyst):
    from sijill.drafts.models import ReportBatch

    r = api_analyst.post("/drafts/batches/", {"reports": [
        {"text": STRIKE_A}, {"text": " "}, {"text": STRIKE_B, "published": "4.11.2018"}]})
    assert r.status_code == 400
    assert r.json_body["errors"]["reports"] == [
        "reports[1]: the report has no text.",
        "reports[2]: \"published\" is '4.11.2018', not a date written YYYY-MM-DD."]
    assert not ReportBatch.objects.exists()
