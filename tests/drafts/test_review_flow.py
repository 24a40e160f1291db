"""Paste a report, review its items, create the incident with acts, claims and a source."""

from datetime import date

import pytest
from django.urls import reverse

from sijill.confidentiality import Confidentiality
from sijill.drafts import services
from sijill.drafts.models import Draft
from sijill.incidents.models import Incident

from .conftest import AR_REPORT

pytestmark = pytest.mark.django_db


def test_pasted_report_becomes_a_draft_with_highlighted_spans(logged_in):
    response = logged_in.post(reverse("drafts:list"), {
        "text": AR_REPORT, "published_on": "2017-03-13", "lang": "auto", "confidentiality": "1"})
    draft = Draft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("drafts:review", args=[draft.pk])
    page = logged_in.get(response["Location"]).content.decode()
    assert '<mark class="x-places" id="m-places-' in page
    assert ">ريف دير الزور الشرقي</mark>" in page
    assert ">قسد</mark>" in page and "<script>" not in page


def test_accepting_creates_incident_acts_claims_and_source_with_provenance(logged_in, analyst):
    draft = services.draft_create(user=analyst, text=AR_REPORT, published_on=date(2017, 3, 13))
    ids = {a["actor"]: a["id"] for a in draft.extraction["actors"]}
    victim = draft.extraction["victims"][0]["id"]
    response = logged_in.post(reverse("drafts:review", args=[draft.pk]), {
        "action": "create", "title": "غارة على ريف دير الزور",
        f"d-actors-{ids['isis']}": "reject", f"d-victims-{victim}": "accept",
    })
    draft.refresh_from_db()
    assert response.status_code == 302, response.content[:500]
    incident = Incident.objects.get(pk=draft.incident_id)
    assert incident.start_date == date(2017, 3, 11)
    assert (incident.killed_total_min, incident.killed_total_max) == (7, 7)
    assert incident.sources.get().content == AR_REPORT
    act = incident.acts.get()
    assert act.violation_type.code == "indiscriminate-attack" and act.method.code == "airstrike"
    assert [c.actor.slug for c in act.claims.all()] == ["international-coalition"]
    assert act.victims.get().name_ar == "محمد أحمد العلي"
    start, end = draft.provenance["start_date"]["span"]
    assert AR_REPORT[start:end] == "مساء السبت"
    assert draft.provenance["killed_total"]["value"] == [7, 7]
    assert draft.status == Draft.Status.ACCEPTED


def test_a_second_report_of_the_same_event_is_offered_as_a_source_not_a_duplicate(logged_in, analyst):
    first = services.draft_create(user=analyst, text=AR_REPORT, published_on=date(2017, 3, 13))
    services.draft_create_incident(user=analyst, draft=first)
    second = services.draft_create(user=analyst, text="غارات التحالف الدولي أمس على ريف دير الزور الشرقي",
                                   published_on=date(2017, 3, 12))
    page = logged_in.get(reverse("drafts:review", args=[second.pk])).content.decode()
    assert f'value="attach-{first.incident_id}"' in page
    logged_in.post(reverse("drafts:review", args=[second.pk]), {"action": f"attach-{first.incident_id}"})
    second.refresh_from_db()
    assert second.status == Draft.Status.ATTACHED and second.incident_id == first.incident_id
    assert Incident.objects.count() == 1
    assert Incident.objects.get().sources.count() == 2


def test_roles_without_create_are_refused(client, no_2fa, viewer):
    client.force_login(viewer)
    assert client.get(reverse("drafts:list")).status_code == 403


def test_drafts_above_the_readers_clearance_are_hidden(logged_in, make_user):
    boss = make_user("admin", Confidentiality.SECRET)
    secret = services.draft_create(user=boss, text=AR_REPORT, confidentiality=Confidentiality.SECRET)
    assert logged_in.get(reverse("drafts:review", args=[secret.pk])).status_code == 404
    assert AR_REPORT[:20] not in logged_in.get(reverse("drafts:list")).content.decode()


def test_a_report_without_a_date_needs_the_analysts_date(analyst):
    draft = services.draft_create(user=analyst, text="Regime forces shelled al-Raqqa.")
    with pytest.raises(Exception, match="date"):
        services.draft_create_incident(user=analyst, draft=draft)
    services.draft_create_incident(user=analyst, draft=draft, start_date="2017-01-02")
    assert draft.provenance["start_date"] == {"kind": "analyst", "value": "2017-01-02"}


def test_a_publication_day_proposed_as_the_date_is_shown_as_such(logged_in, analyst):
    undated = services.draft_create(user=analyst, text="Regime forces shelled al-Raqqa, killing three civilians.",
                                    published_on=date(2017, 3, 13))
    assert undated.extraction["incident"]["date"]["date"] == "2017-03-13"
    page = logged_in.get(reverse("drafts:review", args=[undated.pk])).content.decode()
    assert "the day the report was published" in page
    dated = services.draft_create(user=analyst, text="On 10 March 2017 regime forces shelled al-Raqqa.",
                                  published_on=date(2017, 3, 13))
    assert dated.extraction["incident"]["date"]["date"] == "2017-03-10"
    assert "the day the report was published" not in logged_in.get(
        reverse("drafts:review", args=[dated.pk])).content.decode()


def test_a_year_told_from_the_weekday_is_shown_as_such(logged_in, analyst):
    draft = services.draft_create(user=analyst, text="قصفت قوات النظام اليوم الخميس 5 تشرين الأول بلدة سرمين")
    assert draft.extraction["incident"]["date"]["year_from"] == "weekday"
    page = logged_in.get(reverse("drafts:review", args=[draft.pk])).content.decode()
    assert "no year: the last such day before the report was read; confirm the year" in page
    written = services.draft_create(user=analyst, text="قصفت قوات النظام يوم 5 تشرين الأول 2023 بلدة سرمين")
    page = logged_in.get(reverse("drafts:review", args=[written.pk])).content.decode()
    assert "confirm the year" not in page
