"""The editorial workflow: draft -> review -> published, scheduling, withdrawal, history,
translations."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sijill.audit.models import AuditEvent, Version
from sijill.audit.selectors import version_history
from sijill.audit.services import audit_verify
from sijill.confidentiality import Confidentiality
from sijill.errors import EditConflict, PermissionDenied
from sijill.publishing.selectors import public_report_list, public_reports
from sijill.reports import services
from sijill.reports.models import ReportStatus

pytestmark = pytest.mark.django_db


def test_a_report_goes_from_draft_through_review_to_published(writer, editor):
    report = services.report_create(user=writer, title="Airstrikes on al-Raqqa", body="Text.")
    assert (report.status, report.confidentiality) == (ReportStatus.DRAFT, Confidentiality.INTERNAL)
    assert not public_reports().filter(pk=report.pk).exists()
    services.report_submit(user=writer, report_id=report.pk)
    assert not public_reports().filter(pk=report.pk).exists()
    report = services.report_publish(user=editor, report_id=report.pk)
    assert report.status == ReportStatus.PUBLISHED and report.confidentiality == Confidentiality.PUBLIC
    assert list(public_reports()) == [report]


def test_a_draft_cannot_be_published_without_review(writer, editor):
    report = services.report_create(user=writer, title="Draft")
    with pytest.raises(ValidationError) as caught:
        services.report_publish(user=editor, report_id=report.pk)
    assert "status" in caught.value.message_dict
    assert services.report_snapshot(report)["status"] == "draft"


def test_only_coordinators_and_admins_publish(writer, make_user):
    report = services.report_create(user=writer, title="Draft")
    services.report_submit(user=writer, report_id=report.pk)
    for role in ("documenter", "analyst"):
        with pytest.raises(PermissionDenied):
            services.report_publish(user=make_user(role, 3), report_id=report.pk)
    services.report_publish(user=make_user("admin", 3), report_id=report.pk)


def test_an_editor_returns_a_report_to_its_author_with_a_note(writer, editor):
    report = services.report_create(user=writer, title="Draft")
    services.report_submit(user=writer, report_id=report.pk)
    report = services.report_return(user=editor, report_id=report.pk, note="Name your sources for the figures.")
    assert report.status == ReportStatus.DRAFT and report.review_note == "Name your sources for the figures."
    report = services.report_submit(user=writer, report_id=report.pk)
    assert report.status == ReportStatus.REVIEW and report.review_note == ""


def test_a_writer_cannot_edit_what_is_already_published(writer, editor, published):
    report = published(services.report_create(user=writer, title="Public"))
    with pytest.raises(PermissionDenied):
        services.report_update(user=writer, report_id=report.pk, lock_version=report.lock_version, title="Changed")
    report = services.report_update(user=editor, report_id=report.pk, lock_version=report.lock_version,
                                    title="Corrected title")
    assert public_reports().get().title == "Corrected title"


def test_withdrawing_takes_a_report_off_the_portal(writer, editor, published):
    report = published(services.report_create(user=writer, title="Public"))
    services.report_withdraw(user=editor, report_id=report.pk)
    assert not public_reports().exists()


def test_a_scheduled_report_becomes_public_at_its_time_without_any_worker(writer, editor, published, client):
    client.get("/public/reports/")  # first request loads the portal's code; not part of the wait
    draft = services.report_create(user=writer, title="Scheduled")
    at = timezone.now() + timedelta(seconds=1.5)
    report = published(draft, at=at)
    assert report.is_scheduled
    url = f"/public/reports/{report.slug}/"
    assert client.get(url).status_code == 404
    assert "Scheduled" not in client.get("/public/feeds/en/").content.decode()
    assert public_reports(now=timezone.now() + timedelta(hours=1)).get() == report
    time.sleep(max(0.0, (at - timezone.now()).total_seconds()) + 0.1)
    assert client.get(url).status_code == 200
    assert "Scheduled" in client.get("/public/feeds/en/").content.decode()


def test_publication_time_must_carry_a_time_zone(writer, editor):
    report = services.report_create(user=writer, title="Draft")
    services.report_submit(user=writer, report_id=report.pk)
    with pytest.raises(ValidationError):
        services.report_publish(user=editor, report_id=report.pk, at=timezone.now().replace(tzinfo=None))


def test_every_change_is_a_version_and_an_audit_event(writer, editor):
    report = services.report_create(user=writer, title="First title", body="One.", tags=["ISIS"])
    services.report_update(user=writer, report_id=report.pk, lock_version=report.lock_version,
                           title="Second title", tags=["ISIS", "airstrikes"])
    services.report_submit(user=writer, report_id=report.pk)
    services.report_publish(user=editor, report_id=report.pk)
    history = version_history(record_type="report", record_id=report.pk)
    assert [h["version"].number for h in history] == [4, 3, 2, 1]
    assert history[2]["diff"]["title"] == ["First title", "Second title"]
    assert history[2]["diff"]["tags"] == [["isis"], ["airstrikes", "isis"]]
    assert history[0]["diff"]["status"] == ["review", "published"]
    actions = list(AuditEvent.objects.filter(record_type="report").values_list("action", flat=True))
    assert actions == ["create", "update", "submitted for review", "published"]
    assert audit_verify()[1] is None


def test_a_stale_edit_is_refused_as_a_conflict(writer):
    report = services.report_create(user=writer, title="Title")
    services.report_update(user=writer, report_id=report.pk, lock_version=report.lock_version, title="Mine")
    with pytest.raises(EditConflict):
        services.report_update(user=writer, report_id=report.pk, lock_version=report.lock_version, title="Stale")
    assert Version.objects.filter(record_type="report", record_id=str(report.pk)).count() == 2


def test_translations_are_linked_both_ways_and_relinking_unlinks_the_old_pair(writer):
    english = services.report_create(user=writer, title="Raqqa report", language="en")
    arabic = services.report_create(user=writer, title="تقرير الرقة", language="ar", translation=english.pk)
    english.refresh_from_db()
    assert english.translation_id == arabic.pk and arabic.translation_id == english.pk
    second = services.report_create(user=writer, title="تقرير آخر", language="ar")
    services.report_update(user=writer, report_id=english.pk, lock_version=english.lock_version,
                           translation=second.pk)
    english.refresh_from_db()
    arabic.refresh_from_db()
    second.refresh_from_db()
    assert (english.translation_id, second.translation_id, arabic.translation_id) == (second.pk, english.pk, None)


def test_a_translation_must_be_in_the_other_language(writer):
    english = services.report_create(user=writer, title="One", language="en")
    with pytest.raises(ValidationError) as caught:
        services.report_create(user=writer, title="Two", language="en", translation=english.pk)
    assert "translation" in caught.value.message_dict


def test_the_portal_lists_each_report_once_in_the_readers_language(writer, published):
    english = published(services.report_create(user=writer, title="Raqqa report", language="en"))
    arabic = published(services.report_create(user=writer, title="تقرير الرقة", language="ar", translation=english.pk))
    only_english = published(services.report_create(user=writer, title="Only in English", language="en"))
    only_arabic = published(services.report_create(user=writer, title="بالعربية فقط", language="ar"))
    assert set(public_report_list(language="ar")) == {arabic, only_english, only_arabic}
    assert set(public_report_list(language="en")) == {english, only_english, only_arabic}


def test_links_to_records_the_writer_cannot_see_or_that_do_not_exist_are_refused(writer, editor, places):
    from exports import seed

    secret = seed.incident(editor, title_en="secret", confidentiality=3)
    with pytest.raises(ValidationError) as caught:
        services.report_create(user=writer, title="T", incidents=[secret.pk], actors=["no-such-actor"],
                               places=["SY99"])
    assert set(caught.value.message_dict) == {"incidents", "actors", "places"}


def test_staff_pages_walk_the_workflow(client, editor, no_2fa):
    client.force_login(editor)
    response = client.post("/reports/new/", {"language": "en", "title": "From the form", "body": "Body.",
                                             "authors": "Aghiad Al Kheder", "tags": "ISIS, Raqqa",
                                             "places": "", "actors": "isis", "incidents": "",
                                             "confidentiality": "1"})
    assert response.status_code == 302
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    assert client.post(f"/reports/{pk}/submit/").status_code == 302
    assert client.post(f"/reports/{pk}/publish/", {"at": ""}).status_code == 302
    page = client.get(f"/reports/{pk}/").content.decode()
    assert "published" in page
    assert "not public and will not appear" not in page
    history = client.get(f"/reports/{pk}/history/").content.decode()
    assert "Version 3" in history
    assert client.get("/public/reports/from-the-form/").status_code == 200


def test_the_editor_pages_render_in_arabic(client, editor, writer, no_2fa):
    report = services.report_create(user=writer, title="تقرير الرقة", language="ar", body="نص التقرير.")
    services.report_submit(user=writer, report_id=report.pk)
    client.force_login(editor)
    client.cookies["django_language"] = "ar"
    pages = {url: client.get(url).content.decode() for url in (
        "/reports/", f"/reports/{report.pk}/", f"/reports/{report.pk}/history/", "/reports/new/",
        f"/reports/{report.pk}/edit/", "/reports/submissions/")}
    assert 'dir="rtl"' in pages["/reports/"] and "تقرير جديد" in pages["/reports/"]
    assert "قيد المراجعة" in pages[f"/reports/{report.pk}/"] and "نشر" in pages[f"/reports/{report.pk}/"]
    assert "النسخة 2" in pages[f"/reports/{report.pk}/history/"]
    assert "المشاركات العامة" in pages["/reports/submissions/"]


def test_an_editor_writes_an_authors_public_page_in_both_languages(client, editor, writer, published, no_2fa):
    report = published(services.report_create(user=writer, title="Report", authors=["Aghiad Al Kheder"]))
    author = report.authors.get()
    client.force_login(writer)
    assert client.post(f"/reports/authors/{author.slug}/edit/", {"name_en": "X", "kind": "person"}).status_code == 403
    client.force_login(editor)
    response = client.post(f"/reports/authors/{author.slug}/edit/", {
        "name_en": "Aghiad Al Kheder", "name_ar": "أغيد الخضر", "kind": "person",
        "bio_en": "Journalist from al-Raqqa.", "bio_ar": "صحفي من الرقة."})
    assert response.status_code == 302
    client.logout()
    assert "Journalist from al-Raqqa." in client.get(f"/public/authors/{author.slug}/").content.decode()
    client.cookies["django_language"] = "ar"
    page = client.get(f"/public/authors/{author.slug}/").content.decode()
    assert "صحفي من الرقة." in page and "أغيد الخضر" in page
    assert AuditEvent.objects.filter(record_type="author", action="update").count() == 1


def test_the_editor_is_told_which_linked_incidents_the_portal_will_not_show(client, editor, places, no_2fa):
    from exports import seed

    shown = seed.incident(editor, title_en="public one")
    internal = seed.incident(editor, title_en="internal one", confidentiality=1)
    report = services.report_create(user=editor, title="Report", incidents=[shown.pk, internal.pk])
    client.force_login(editor)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "1 linked incident is not public and will not appear on the portal." in page


def test_public_reports_are_found_by_words_in_either_script(client, writer, published):
    published(services.report_create(user=writer, title="Airstrikes on al-Raqqa", body="The coalition bombed."))
    published(services.report_create(user=writer, title="غارات على الرقة", language="ar", body="قصف التحالف المدينة."))
    published(services.report_create(user=writer, title="Detentions in Daraa", body="Forty men detained."))
    services.report_create(user=writer, title="Draft on Raqqa airstrikes")

    def titles(q, language="en"):
        client.cookies["django_language"] = language
        page = client.get("/public/reports/", {"q": q}).content.decode()
        return sorted(t for t in ("Airstrikes on al-Raqqa", "غارات على الرقة", "Detentions in Daraa",
                                  "Draft on Raqqa airstrikes") if t in page)

    assert titles("raqqa airstrikes") == ["Airstrikes on al-Raqqa"]
    assert titles("رقه") == ["غارات على الرقة"]
    assert titles("الرقة", "ar") == ["غارات على الرقة"]
    assert titles("") == ["Airstrikes on al-Raqqa", "Detentions in Daraa", "غارات على الرقة"]


def test_the_edit_form_saves_links_and_refuses_a_stale_version(client, writer, no_2fa):
    english = services.report_create(user=writer, title="Raqqa report", language="en")
    arabic = services.report_create(user=writer, title="تقرير الرقة", language="ar")
    client.force_login(writer)
    form = {"language": "ar", "title": "تقرير الرقة", "body": "نص.", "authors": "أغيد الخضر", "tags": "الرقة، داعش",
            "incidents": "", "actors": "isis", "places": "", "translation": str(english.pk), "confidentiality": "1",
            "lock_version": str(arabic.lock_version)}
    assert client.post(f"/reports/{arabic.pk}/edit/", form).status_code == 302
    arabic.refresh_from_db()
    english.refresh_from_db()
    assert english.translation_id == arabic.pk and arabic.translation_id == english.pk
    assert sorted(arabic.tags.values_list("name_ar", flat=True)) == ["الرقة", "داعش"]
    assert arabic.authors.get().name_ar == "أغيد الخضر"
    stale = client.post(f"/reports/{arabic.pk}/edit/", {**form, "title": "عنوان قديم"})
    assert stale.status_code == 200 and "changed by someone else" in stale.content.decode()
    arabic.refresh_from_db()
    assert arabic.title == "تقرير الرقة"
