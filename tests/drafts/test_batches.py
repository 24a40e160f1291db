"""Many reports read at once: a file checked whole, read into drafts in the background, grouped by event."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from sijill.confidentiality import Confidentiality
from sijill.drafts import selectors, services
from sijill.drafts.batch_files import BatchFileError, read_batch_file
from sijill.drafts.models import BatchEntry, Draft, ReportBatch
from sijill.errors import PermissionDenied

from .conftest import AR_REPORT

# Two accounts of one airstrike (same day, same town, same violation) and an unrelated one.
STRIKE_A = ("Coalition airstrikes on the town of Hajin in the eastern countryside of Deir Ezzor on Saturday "
            "killed 7 civilians including three children, activists said.")
STRIKE_B = ("قصفت طائرات التحالف الدولي مساء السبت بلدة هجين في ريف دير الزور الشرقي، ما أدى إلى مقتل ٧ مدنيين.")
OTHER = ("Government forces shelled the town of Douma in Eastern Ghouta on 2 February 2018, killing 12 people.")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _jsonl(*objects) -> bytes:
    return "\n".join(o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objects).encode()


# ---------------------------------------------------------------- reading the file

def test_zip_reads_each_text_file_and_passes_over_folders_and_hidden_files():
    read = read_batch_file("week.zip", _zip({
        "reports/b.txt": STRIKE_B.encode(), "reports/a.md": ("\n  " + STRIKE_A).encode("utf-8-sig"),
        "__MACOSX/reports/._a.md": b"\x00\x05", ".DS_Store": b"\x00", "reports/": b"",
    }))
    assert [(r.where, r.title[:9]) for r in read.reports] == [("reports/a.md", "Coalition"), ("reports/b.txt", "قصفت طائر")]
    assert read.reports[0].text.startswith("\n  Coalition") and read.repeats == []


def test_zip_with_bad_entries_is_refused_naming_each():
    with pytest.raises(BatchFileError) as caught:
        read_batch_file("week.zip", _zip({
            "a.txt": STRIKE_A.encode(), "photo.jpg": b"\xff\xd8\xff", "b.txt": "تقرير".encode("cp1256"),
            "empty.txt": b"   \n",
        }))
    problems = caught.value.problems
    assert len(problems) == 3
    assert any(p.startswith("photo.jpg: not a text report") for p in problems)
    assert any(p.startswith("b.txt: not UTF-8 text (byte 0)") for p in problems)
    assert "empty.txt: the report has no text." in problems


def test_a_file_that_is_not_a_zip_says_so():
    with pytest.raises(BatchFileError, match="not a readable ZIP archive"):
        read_batch_file("week.zip", b"PK but not really")


def test_jsonl_reads_text_title_published_and_lang_and_names_bad_lines():
    read = read_batch_file("feed.jsonl", _jsonl(
        {"text": STRIKE_A, "title": " Hajin ", "published": "2018-11-04", "lang": "en"}, "", {"text": STRIKE_B}))
    assert [(r.where, r.title, r.published_on, r.lang) for r in read.reports] == [
        ("line 1", "Hajin", date(2018, 11, 4), "en"), ("line 3", "", None, "auto")]
    with pytest.raises(BatchFileError) as caught:
        read_batch_file("feed.jsonl", _jsonl(
            {"text": STRIKE_A}, "{not json", {"body": STRIKE_B}, {"text": OTHER, "published": "04/11/2018"},
            {"text": OTHER, "lang": "fr"}, "[1, 2]"))
    assert caught.value.problems == [
        "line 2: not JSON (Expecting property name enclosed in double quotes).",
        'line 3: no "text" given.',
        "line 4: \"published\" is '04/11/2018', not a date written YYYY-MM-DD.",
        "line 5: \"lang\" is 'fr'; use auto, ar or en.",
        'line 6: a JSON object with "text" is needed.',
    ]


def test_csv_needs_a_text_column_and_names_bad_rows():
    read = read_batch_file("sheet.csv", f'Text,Published\n"{STRIKE_A}",2018-11-04\n,\n"{STRIKE_B}",\n'.encode())
    assert [(r.where, r.published_on) for r in read.reports] == [("row 2", date(2018, 11, 4)), ("row 4", None)]
    with pytest.raises(BatchFileError, match=r"row 1: the header has no \"text\" column \(it has: body, date\)"):
        read_batch_file("sheet.csv", b"body,date\nx,y\n")
    with pytest.raises(BatchFileError, match="row 2: more cells than the header has columns"):
        read_batch_file("sheet.csv", b"text\nfirst,second\n")


def test_a_text_given_twice_is_read_once_and_reported():
    read = read_batch_file("feed.jsonl", _jsonl({"text": STRIKE_A}, {"text": STRIKE_B}, {"text": STRIKE_A + "  "}))
    assert [r.where for r in read.reports] == ["line 1", "line 2"]
    assert read.repeats == [("line 3", "line 1")]


@pytest.mark.parametrize("name, data, message", [
    ("reports.pdf", b"%PDF", "read many reports from a .zip of text files, a .jsonl or a .csv file"),
    ("feed.jsonl", b"\n\n", "feed.jsonl holds no report"),
    ("feed.jsonl", b'{"text": "\xff"}', "feed.jsonl: not UTF-8 text"),
])
def test_files_that_hold_no_readable_report_are_refused(name, data, message):
    with pytest.raises(BatchFileError, match=message):
        read_batch_file(name, data)


# ---------------------------------------------------------------- storing and reading the batch



@pytest.mark.django_db
def test_batch_stores_every_report_then_reads_each_into_a_draft(analyst):
    batch = services.batch_create(
        user=analyst, file_name="feed.jsonl", queue=False, confidentiality=Confidentiality.RESTRICTED,
        published_on=date(2018, 11, 5), lang="auto",
        data=_jsonl({"text": STRIKE_A, "published": "2018-11-04"}, {"text": AR_REPORT, "lang": "ar"}, {"text": OTHER}))
    assert (batch.status, batch.total, batch.done, Draft.objects.count()) == ("queued", 3, 0, 0)
    batch = services.batch_execute(batch_id=batch.pk)
    assert (batch.status, batch.done) == ("done", 3)
    drafts = [e.draft for e in batch.entries.order_by("number")]
    assert [d.published_on for d in drafts] == [date(2018, 11, 4), date(2018, 11, 5), date(2018, 11, 5)]
    assert [d.language for d in drafts] == ["en", "ar", "en"]
    assert {d.confidentiality for d in drafts} == {Confidentiality.RESTRICTED}
    assert {d.created_by for d in drafts} == {analyst}
    # what each draft proposes is what the extractor reads from its own text
    assert drafts[0].extraction["incident"]["killed"]["min"] == 7
    assert [d["date"] for d in drafts[2].extraction["dates"]] == ["2018-02-02"]


@pytest.mark.django_db
def test_a_bad_file_stores_nothing_and_says_where(analyst):
    with pytest.raises(ValidationError) as caught:
        services.batch_create(user=analyst, file_name="feed.jsonl", queue=False,
                              data=_jsonl({"text": STRIKE_A}, {"text": ""}))
    assert caught.value.message_dict["upload"] == ["line 2: the report has no text."]
    assert not ReportBatch.objects.exists() and not BatchEntry.objects.exists()


@pytest.mark.django_db
def test_only_those_who_create_records_may_read_a_batch_and_not_above_their_clearance(make_user, analyst):
    viewer = make_user("viewer", Confidentiality.SECRET)
    with pytest.raises(PermissionDenied):
        services.batch_create(user=viewer, file_name="f.jsonl", data=_jsonl({"text": STRIKE_A}), queue=False)
    with pytest.raises(ValidationError, match="above your own clearance"):
        services.batch_create(user=analyst, file_name="f.jsonl", data=_jsonl({"text": STRIKE_A}), queue=False,
                              confidentiality=Confidentiality.SECRET)
    assert not ReportBatch.objects.exists()


@pytest.mark.django_db
def test_a_stopped_batch_goes_on_from_the_first_report_without_a_draft(analyst):
    batch = services.batch_create(user=analyst, file_name="f.jsonl", queue=False,
                                  data=_jsonl({"text": STRIKE_A}, {"text": STRIKE_B}, {"text": OTHER}))
    services.batch_execute(batch_id=batch.pk)
    first_ids = list(batch.entries.order_by("number").values_list("draft_id", flat=True))
    # the worker stopped before the last report was committed
    Draft.objects.filter(pk=first_ids[2]).delete()
    ReportBatch.objects.filter(pk=batch.pk).update(status=ReportBatch.Status.RUNNING, done=2)
    batch = services.batch_execute(batch_id=batch.pk)
    ids = list(batch.entries.order_by("number").values_list("draft_id", flat=True))
    assert ids[:2] == first_ids[:2] and ids[2] not in (None, first_ids[2])
    assert (batch.status, batch.done, Draft.objects.count()) == ("done", 3, 3)


@pytest.mark.django_db
def test_a_report_the_extractor_refuses_is_kept_with_its_error_and_the_others_are_read(analyst):
    batch = services.batch_create(user=analyst, file_name="f.jsonl", queue=False,
                                  data=_jsonl({"text": STRIKE_A}, {"text": STRIKE_B}))
    # a report stored by an earlier version that allowed longer texts than the extractor reads
    BatchEntry.objects.filter(batch=batch, number=1).update(text="x" * 2_000_001)
    batch = services.batch_execute(batch_id=batch.pk)
    first, second = batch.entries.order_by("number")
    assert first.draft is None and first.error.startswith("ValueError: The text has 2000001 characters")
    assert second.draft is not None and (batch.status, batch.done) == ("done", 2)


@pytest.mark.django_db
def test_drafts_about_one_event_are_grouped(analyst):
    batch = services.batch_create(user=analyst, file_name="f.jsonl", queue=False, data=_jsonl(
        {"text": OTHER, "published": "2018-02-03"},
        {"text": STRIKE_A, "published": "2018-11-04"},
        {"text": STRIKE_B, "published": "2018-11-04"}))
    services.batch_execute(batch_id=batch.pk)
    groups = selectors.batch_event_groups(user=analyst, batch=batch)
    assert [[d.batch_entry.number for d in g] for g in groups] == [[2, 3], [1]]


# ---------------------------------------------------------------- the pages

def _upload(client, data: bytes, name: str, **fields):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("drafts:batch_new"), {"upload": file, "lang": "auto", "confidentiality": "1", **fields})


@pytest.mark.django_db(transaction=True)
def test_uploaded_zip_is_read_in_the_background_and_shown_grouped(logged_in, immediate_jobs):
    response = _upload(logged_in, _zip({"a.txt": STRIKE_A.encode(), "b.txt": STRIKE_B.encode(),
                                        "c.txt": OTHER.encode()}), "week.zip", published_on="2018-11-04")
    batch = ReportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("drafts:batch", args=[batch.pk])
    assert (batch.status, batch.done, Draft.objects.count()) == ("done", 3, 3)
    page = logged_in.get(response["Location"]).content.decode()
    assert "2 reports that look like one event" in page
    assert page.count('href="/drafts/') >= 3
    fragment = logged_in.get(reverse("drafts:batch_progress", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true" and "3 of 3 reports read" in fragment.content.decode()


@pytest.mark.django_db
def test_a_bad_upload_shows_every_problem_and_queues_nothing(logged_in):
    response = _upload(logged_in, _zip({"a.txt": STRIKE_A.encode(), "scan.pdf": b"%PDF"}), "week.zip")
    assert response.status_code == 400
    assert "scan.pdf: not a text report" in response.content.decode()
    assert not ReportBatch.objects.exists()


@pytest.mark.django_db
def test_a_batch_filed_above_a_readers_clearance_is_not_found(logged_in, analyst, make_user):
    batch = services.batch_create(user=analyst, file_name="f.jsonl", queue=False, data=_jsonl({"text": STRIKE_A}),
                                  confidentiality=Confidentiality.RESTRICTED)
    client = Client()
    client.force_login(make_user("analyst", Confidentiality.INTERNAL, username="low"))
    assert client.get(reverse("drafts:batch", args=[batch.pk])).status_code == 404
    assert logged_in.get(reverse("drafts:batch", args=[batch.pk])).status_code == 200


@pytest.mark.django_db
def test_batch_page_in_arabic(logged_in, analyst):
    batch = services.batch_create(user=analyst, file_name="f.jsonl", queue=False, data=_jsonl({"text": STRIKE_B}))
    services.batch_execute(batch_id=batch.pk)
    page = logged_in.get(reverse("drafts:batch", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page and "دفعة التقارير" in page and "1 من 1" in page


@pytest.mark.django_db
def test_a_group_becomes_one_incident_with_a_source_for_each_report(logged_in, analyst):
    from sijill.incidents.models import Incident

    batch = services.batch_create(user=analyst, file_name="f.jsonl", queue=False, data=_jsonl(
        {"text": STRIKE_A, "published": "2018-11-04"}, {"text": STRIKE_B, "published": "2018-11-04"},
        {"text": OTHER, "published": "2018-02-03"}))
    services.batch_execute(batch_id=batch.pk)
    a, b, other = (e.draft for e in batch.entries.order_by("number"))
    page = logged_in.get(reverse("drafts:batch", args=[batch.pk])).content.decode()
    assert f'name="draft" value="{a.pk}" checked' in page and f'name="draft" value="{other.pk}"' not in page
    response = logged_in.post(reverse("drafts:batch_join", args=[batch.pk]), {"draft": [a.pk, b.pk]})
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("incident_detail", args=[incident.pk])
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("accepted", "attached") and a.incident == b.incident == incident
    assert sorted(s.content for s in incident.sources.all()) == sorted([STRIKE_A, STRIKE_B])
    assert incident.start_date == date(2018, 11, 3) and incident.killed_total_min == 7
    # a used report cannot be joined again, and nothing is half-done: the other draft stays new
    response = logged_in.post(reverse("drafts:batch_join", args=[batch.pk]), {"draft": [other.pk, a.pk]},
                              follow=True)
    assert "was already used or rejected" in response.content.decode()
    other.refresh_from_db()
    assert other.status == "new" and Incident.objects.count() == 1


@pytest.mark.django_db
def test_only_drafts_of_the_batch_can_be_joined(logged_in, analyst):
    batch = services.batch_create(user=analyst, file_name="f.jsonl", queue=False,
                                  data=_jsonl({"text": STRIKE_A, "published": "2018-11-04"}))
    services.batch_execute(batch_id=batch.pk)
    outside = services.draft_create(user=analyst, text=STRIKE_B, published_on=date(2018, 11, 4))
    response = logged_in.post(reverse("drafts:batch_join", args=[batch.pk]),
                              {"draft": [batch.entries.get().draft_id, outside.pk]}, follow=True)
    assert "not drafts of this batch" in response.content.decode()
    assert not Draft.objects.exclude(status="new").exists()


# ---------------------------------------------------------------- the command line

@pytest.mark.django_db
def test_read_reports_command_reads_a_file_into_drafts_as_the_user(tmp_path, analyst):
    from django.core.management import call_command

    path = tmp_path / "week.jsonl"
    path.write_bytes(_jsonl({"text": STRIKE_A}, {"text": STRIKE_B}, {"text": OTHER, "published": "2018-02-03"},
                            {"text": STRIKE_A}))
    out, err = io.StringIO(), io.StringIO()
    call_command("read_reports", str(path), "--user", analyst.username, "--published", "2018-11-04", stdout=out,
                 stderr=err)
    batch = ReportBatch.objects.get()
    assert out.getvalue().strip() == (f"batch {batch.pk}: 3 drafts, 0 not read, "
                                      "1 groups of reports that look like one event (2 reports)")
    assert "line 4 repeats line 1: read once" in err.getvalue()
    assert Draft.objects.filter(created_by=analyst).count() == 3


@pytest.mark.django_db
def test_read_reports_command_refuses_a_bad_file_naming_each_problem(tmp_path, analyst):
    from django.core.management import CommandError, call_command

    path = tmp_path / "sheet.csv"
    path.write_text("text,published\nfirst report,2018-13-01\n,\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("read_reports", str(path), "--user", analyst.username)
    assert "row 2: \"published\" is '2018-13-01', not a date written YYYY-MM-DD." in str(caught.value)
    with pytest.raises(CommandError, match="No active user 'nobody'"):
        call_command("read_reports", str(path), "--user", "nobody")
    assert not ReportBatch.objects.exists()


def test_a_long_report_fits_in_one_csv_cell_and_a_longer_one_is_named():
    long_text = "قصف على مدينة الرقة. " * 20_000  # 420,000 characters
    read = read_batch_file("sheet.csv", f'text\n"{long_text}"\n'.encode())
    assert len(read.reports[0].text) == len(long_text)
    with pytest.raises(BatchFileError, match=r"row 2: 1050000 characters; at most 1000000 can be read at once"):
        read_batch_file("sheet.csv", f'text\n"{"x" * 1_050_000}"\n'.encode())


@given(data=st.binary(max_size=3000) | st.text(max_size=1000).map(str.encode),
       suffix=st.sampled_from([".zip", ".jsonl", ".csv"]))
@settings(max_examples=300, deadline=None)
def test_any_bytes_are_read_or_refused_with_a_reason_never_a_crash(data, suffix):
    try:
        read = read_batch_file("file" + suffix, data)
    except BatchFileError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
    else:
        assert read.reports and all(r.text.strip() for r in read.reports)


@given(st.lists(st.dictionaries(st.sampled_from(["text", "title", "published", "lang", "other"]),
                                st.none() | st.integers() | st.text(max_size=30)), max_size=5))
@settings(max_examples=300, deadline=None)
def test_any_list_of_objects_is_read_or_refused_with_a_reason(items):
    from sijill.drafts.batch_files import read_batch_reports

    try:
        read_batch_reports(items)
    except BatchFileError as exc:
        assert exc.problems


@pytest.mark.django_db
def test_reports_of_an_event_already_recorded_are_added_to_its_incident_not_duplicated(logged_in, analyst):
    from sijill.incidents.models import Incident

    first = services.batch_create(user=analyst, file_name="monday.jsonl", queue=False, data=_jsonl(
        {"text": STRIKE_A, "published": "2018-11-04"}, {"text": STRIKE_B, "published": "2018-11-04"}))
    services.batch_execute(batch_id=first.pk)
    incident = services.drafts_create_one_incident(
        user=analyst, drafts=[e.draft for e in first.entries.order_by("number")]).incident
    # a later batch brings another account of the same airstrike, and one of another event
    later = services.batch_create(user=analyst, file_name="tuesday.jsonl", queue=False, data=_jsonl(
        {"text": "غارة للتحالف على بلدة هجين بريف دير الزور الشرقي يوم السبت أسفرت عن مقتل 7 مدنيين",
         "published": "2018-11-05"},
        {"text": OTHER, "published": "2018-02-03"}))
    services.batch_execute(batch_id=later.pk)
    same, other = (e.draft for e in later.entries.order_by("number"))
    page = logged_in.get(reverse("drafts:batch", args=[later.pk])).content.decode()
    assert f'name="incident" value="{incident.pk}"' in page
    assert page.count('name="incident"') == 1  # the other event has no such incident
    response = logged_in.post(reverse("drafts:batch_join", args=[later.pk]),
                              {"draft": [same.pk], "incident": incident.pk})
    assert response.status_code == 302 and response["Location"] == reverse("incident_detail", args=[incident.pk])
    same.refresh_from_db()
    assert same.status == "attached" and same.incident == incident
    assert Incident.objects.count() == 1 and incident.sources.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_batch_whose_job_stopped_can_be_resumed_from_its_page(logged_in, analyst, immediate_jobs):
    from datetime import timedelta

    from django.utils import timezone

    batch = services.batch_create(user=analyst, file_name="f.jsonl", queue=False,
                                  data=_jsonl({"text": STRIKE_A}, {"text": STRIKE_B}, {"text": OTHER}))
    # a worker that read one report and stopped a while ago
    services.batch_execute(batch_id=batch.pk)
    Draft.objects.filter(pk__in=batch.entries.filter(number__gt=1).values("draft")).delete()
    ReportBatch.objects.filter(pk=batch.pk).update(status="running", done=1,
                                                   heartbeat=timezone.now() - timedelta(minutes=5))
    page = logged_in.get(reverse("drafts:batch", args=[batch.pk])).content.decode()
    assert 'id="resume"' in page
    response = logged_in.post(reverse("drafts:batch_resume", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.done, Draft.objects.count()) == ("done", 3, 3)
    # a batch being read (a recent sign of life) or done is not resumed
    ReportBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat=timezone.now())
    assert 'id="resume"' not in logged_in.get(reverse("drafts:batch", args=[batch.pk])).content.decode()
    response = logged_in.post(reverse("drafts:batch_resume", args=[batch.pk]), follow=True)
    assert "nothing to resume" in response.content.decode() and Draft.objects.count() == 3


@pytest.mark.django_db
def test_the_incidents_a_batch_may_be_about_are_read_at_once_and_as_for_each_report(
        analyst, django_assert_max_num_queries):
    from sijill.incidents.models import Incident

    first = services.batch_create(user=analyst, file_name="monday.jsonl", queue=False, data=_jsonl(
        {"text": STRIKE_A, "published": "2018-11-04"}, {"text": OTHER, "published": "2018-02-03"}))
    services.batch_execute(batch_id=first.pk)
    strike = first.entries.order_by("number").first().draft
    recorded = services.draft_create_incident(user=analyst, draft=strike).incident
    later = services.batch_create(user=analyst, file_name="tuesday.jsonl", queue=False, data=_jsonl(
        {"text": STRIKE_B, "published": "2018-11-04"},
        {"text": OTHER.replace("2 February", "3 February"), "published": "2018-02-04"},
        {"text": STRIKE_A.replace("Saturday", "Sunday"), "published": "2018-11-20"}))
    services.batch_execute(batch_id=later.pk)
    drafts = [e.draft for e in later.entries.order_by("number")]
    with django_assert_max_num_queries(8):  # however many reports: not a query per report or incident
        found = selectors.incident_candidates_for(user=analyst, drafts=drafts)
    assert [i.pk for i, _ in found[drafts[0].pk]] == [recorded.pk]
    assert found[drafts[1].pk] == [] and found[drafts[2].pk] == []  # another event; two weeks later
    assert found == {d.pk: selectors.incident_candidates(user=analyst, draft=d) for d in drafts}
    # an incident recorded over three months (a siege) is found by a report from its middle, not after it
    Incident.objects.filter(pk=recorded.pk).update(start_date=date(2018, 9, 1), end_date=date(2018, 11, 30))
    found = selectors.incident_candidates_for(user=analyst, drafts=drafts)
    assert [i.pk for i, _ in found[drafts[0].pk]] == [recorded.pk]
    assert [i.pk for i, _ in found[drafts[2].pk]] == [recorded.pk]
    Incident.objects.filter(pk=recorded.pk).update(end_date=date(2018, 11, 10))
    assert selectors.incident_candidates_for(user=analyst, drafts=drafts)[drafts[2].pk] == []
