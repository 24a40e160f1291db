"""The incident pages: filing with victims and a claim, field errors, edit conflicts, history, filters."""

from datetime import date

import pytest
from django.test import Client

from sijill.audit.models import AuditEvent
from sijill.incidents.models import Incident
from sijill.incidents.services import incident_create, incident_update
from sijill.places.services import gazetteer_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(settings):
    settings.SIJILL_REQUIRE_2FA = False

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


def _form(**overrides):
    data = {
        "title_ar": "غارة على سوق الخضار", "title_en": "", "date_precision": "day", "start_date": "2016-04-19",
        "end_date": "", "place": "", "place_precision": "community", "status": "received", "grading": "",
        "confidentiality": "1", "tags": "", "act-violation_type": "killing", "act-method": "airstrike",
        "victims-TOTAL_FORMS": "3", "victims-INITIAL_FORMS": "0", "victims-MIN_NUM_FORMS": "0", "victims-MAX_NUM_FORMS": "50",
        "victims-0-name_ar": "أحمد الخطيب", "victims-0-sex": "male", "victims-0-age": "40", "victims-0-status": "civilian", "victims-0-outcome": "killed",
        "victims-1-name_ar": "سارة الخطيب", "victims-1-sex": "female", "victims-1-age": "7", "victims-1-status": "civilian", "victims-1-outcome": "injured",
        "victims-2-sex": "unknown", "victims-2-status": "civilian", "victims-2-outcome": "killed",
        "claim-actor": "", "claim-degree": "alleged", "claim-confidence": "medium",
    }
    data.update(overrides)
    return data


def test_filing_an_incident_with_two_victims_and_a_claim(analyst, client_for):
    gazetteer_load()
    response = client_for(analyst).post("/incidents/new/", _form(**{"place": "الرقة", "claim-actor": "isis", "claim-degree": "direct"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    incident = Incident.objects.get()
    assert incident.place.pcode == "SY11"
    act = incident.acts.get()
    assert sorted(act.victims.values_list("name_ar", flat=True)) == ["أحمد الخطيب", "سارة الخطيب"]
    assert act.claims.get().actor.slug == "isis"
    page = client_for(analyst).get(response["Location"]).content.decode()
    assert "سارة الخطيب" in page and "أحمد الخطيب" in page


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"start_date": "2016-02-30"}, "start_date"),
        ({"start_date": "19/04/2016x"}, "start_date"),
        ({"date_precision": "range", "start_date": "2016-04-19", "end_date": "2016-04-01"}, "end_date"),
        ({"killed_total_min": "-3"}, "killed_total_min"),
        ({"killed_total_min": "9", "killed_total_max": "4"}, "killed_total_max"),
        ({"status": "approved"}, "status"),
        ({"act-violation_type": "genocide-ish"}, "violation_type"),
        ({"title_ar": "ع" * 501}, "title_ar"),
        ({"place": "Atlantis"}, "place"),
        ({"victims-0-age": "400"}, "age"),
    ],
)
def test_bad_input_shows_a_field_error_and_files_nothing(analyst, client_for, overrides, field):
    response = client_for(analyst).post("/incidents/new/", _form(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-field="{field}"' in html or 'class="errorlist' in html, html[:3000]
    assert Incident.objects.count() == 0
    assert not AuditEvent.objects.filter(record_type="incident").exists()


def test_stale_edit_shows_both_versions_and_overwrites_nothing(analyst, make_user, client_for):
    incident = incident_create(user=analyst, title_en="Raid on a bakery", start_date=date(2015, 3, 3))
    editor = client_for(analyst)
    form_page = editor.get(f"/incidents/{incident.pk}/edit/")
    assert form_page.context["form"].initial["lock_version"] == 1
    incident_update(user=make_user("coordinator", 3), incident_id=incident.pk, lock_version=1, title_en="Raid on the central bakery")
    data = {k: v for k, v in _form(title_en="Shelling of a bakery", title_ar="").items() if not k.startswith(("act-", "victims-", "claim-"))}
    data.update(start_date="2015-03-03", lock_version="1")
    response = editor.post(f"/incidents/{incident.pk}/edit/", data)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="conflict"' in html
    assert "Raid on the central bakery" in html and "Shelling of a bakery" in html
    assert Incident.objects.get(pk=incident.pk).title_en == "Raid on the central bakery"
    # saving again on top of the current version goes through
    data["lock_version"] = "2"
    assert editor.post(f"/incidents/{incident.pk}/edit/", data).status_code == 302
    assert Incident.objects.get(pk=incident.pk).title_en == "Shelling of a bakery"


def test_history_shows_each_version_with_its_changes(analyst, client_for):
    incident = incident_create(user=analyst, title_en="Raid on a bakery", start_date=date(2015, 3, 3))
    incident_update(user=analyst, incident_id=incident.pk, lock_version=1, title_en="Raid on a mill", killed_total_min=3, killed_total_max=5)
    html = client_for(analyst).get(f"/incidents/{incident.pk}/history/").content.decode()
    assert "Version 2" in html and "Version 1" in html
    assert "Raid on a bakery" in html and "Raid on a mill" in html and "killed_total_max" in html


def test_place_filter_includes_everything_below_a_governorate(analyst, client_for):
    gazetteer_load()
    from sijill.places.models import Place

    in_raqqa = Place.objects.filter(path__startswith=Place.objects.get(pcode="SY11").path, level=4).first()
    in_idleb = Place.objects.filter(path__startswith=Place.objects.get(pcode="SY07").path, level=4).first()
    a = incident_create(user=analyst, title_en="in raqqa village", start_date=date(2017, 1, 1), place=in_raqqa.pcode)
    incident_create(user=analyst, title_en="in idleb village", start_date=date(2017, 1, 1), place=in_idleb.pcode)
    page = client_for(analyst).get("/incidents/?place=SY11")
    assert [i.pk for i in page.context["page"].object_list] == [a.pk]


def test_date_filter_uses_overlap_of_periods(analyst, client_for):
    inside = incident_create(user=analyst, title_en="month long", start_date=date(2014, 5, 1), date_precision="month")
    incident_create(user=analyst, title_en="later", start_date=date(2015, 5, 1))
    page = client_for(analyst).get("/incidents/?date_from=2014-05-20&date_to=2014-06-10")
    assert [i.pk for i in page.context["page"].object_list] == [inside.pk]
