"""Verified and rejected are reached only through the review workflow (a second person): every other
way in (the incident service, the API, an import) refuses them with an error on the status field."""

from __future__ import annotations

import csv

import pytest
from django.core.exceptions import ValidationError
from review.decisions import decide

from sijill.confidentiality import Confidentiality
from sijill.incidents.models import Incident
from sijill.incidents.services import incident_create, incident_update
from sijill.review.models import ReviewEvent, State

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ["verified", "rejected"])
def test_the_incident_service_refuses_a_decided_status_and_writes_nothing(documenter, status):
    with pytest.raises(ValidationError) as refused:
        incident_create(user=documenter, title_en="Shelling", start_date="2019-03-04", status=status)
    assert list(refused.value.message_dict) == ["status"]
    assert "decided through review" in refused.value.message_dict["status"][0]
    assert not Incident.objects.exists()


def test_the_refusal_names_the_status_in_the_readers_language(documenter):
    from django.utils import translation

    from sijill.vocabularies.models import Term

    verified = Term.objects.get(kind="verification_status", code="verified")
    with translation.override("ar"), pytest.raises(ValidationError) as refused:
        incident_create(user=documenter, title_en="Shelling", start_date="2019-03-04", status="verified")
    message = refused.value.message_dict["status"][0]
    assert verified.label_ar in message and "verified" not in message
    assert "المراجعة" in message


def test_an_analyst_cannot_verify_an_incident_by_editing_it_even_one_they_did_not_file(documenter, reviewer):
    incident = incident_create(user=documenter, title_en="Shelling", start_date="2019-03-04")
    with pytest.raises(ValidationError, match="submit it for review"):
        incident_update(user=reviewer, incident_id=incident.pk, lock_version=incident.lock_version, status="verified")
    assert Incident.objects.get(pk=incident.pk).status.code == "received"


def test_the_review_service_verifies_and_the_status_follows_with_the_history(documenter, reviewer):
    incident = incident_create(user=documenter, title_en="Shelling", start_date="2019-03-04")
    item = decide(incident, reviewer=reviewer)
    incident.refresh_from_db()
    assert (item.state, incident.status.code) == (State.VERIFIED, "verified")
    assert [e.action for e in ReviewEvent.objects.filter(item=item)] == ["start", "verify"]
    # An edit keeps it; an edit cannot leave it; reopening the review does.
    incident = incident_update(user=documenter, incident_id=incident.pk, lock_version=incident.lock_version,
                               title_en="Shelling of the market")
    assert incident.status.code == "verified"
    with pytest.raises(ValidationError, match="reopen the review"):
        incident_update(user=reviewer, incident_id=incident.pk, lock_version=incident.lock_version, status="under-review")
    from sijill.review.services import review_reopen

    review_reopen(user=reviewer, kind="incident", record_id=incident.pk, note="A new source contradicts the date.")
    assert Incident.objects.get(pk=incident.pk).status.code == "received"


def test_an_import_refuses_rows_marked_verified_and_says_why_and_how(make_user, tmp_path):
    """An import carries the source's claim that a row is verified, not a second person's review:
    the row is refused with a reason on its status column; the other rows come in as received."""
    from sijill.intake.services import import_execute, import_prepare, mapping_save

    importer = make_user("analyst", Confidentiality.RESTRICTED, username="importer")
    mapping_save(user=importer, name="partner-incidents", target="incident", source_name="partner", spec={
        "key": ["id"], "fields": {"title_en": "title", "start_date": "date", "status": "checked",
                                      "violation_type": "violation"},
        "values": {"status": {"yes": "verified", "no": "received"}},
    })
    path = tmp_path / "incidents.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "date", "checked", "violation"])
        writer.writerows([["1", "Shelling of the market", "2019-03-04", "yes", "killing"],
                          ["2", "Raid on a village", "2019-05-01", "no", "killing"]])
    run = import_execute(run_id=import_prepare(user=importer, path=path, mapping_name="partner-incidents").pk)
    assert (run.created, run.rejected) == (1, 1)
    reasons = {r.row_number: r.reasons for r in run.rejections.all()}
    assert [(r["column"], r["value"]) for r in reasons[2]] == [("checked", "yes")]
    assert "decided through review" in reasons[2][0]["message"]
    assert list(Incident.objects.values_list("title_en", "status__code")) == [("Raid on a village", "received")]
