"""The review workflow: every transition, who may make it, and what it leaves behind."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from sijill.audit.models import AuditEvent
from sijill.audit.services import audit_verify
from sijill.errors import NotFound, PermissionDenied
from sijill.review import services as review
from sijill.review.models import Notification, ReviewEvent, State

pytestmark = pytest.mark.django_db

ALL_YES = {"sources_independent": "yes", "place_date_consistent": "yes", "attribution_supported": "yes"}


def status(incident) -> str:
    incident.refresh_from_db()
    return incident.status.code


def test_full_path_submit_request_changes_resubmit_verify_keeps_status_history_and_audit(
        documenter, reviewer, second_reviewer, make_incident):
    incident = make_incident()
    item = review.review_submit(user=documenter, kind="incident", record_id=incident.pk)
    assert item.state == State.RECEIVED and item.author == documenter and status(incident) == "received"

    review.review_start(user=reviewer, kind="incident", record_id=incident.pk)
    assert status(incident) == "under-review"
    item = review.review_request_changes(user=reviewer, kind="incident", record_id=incident.pk,
                                         note="Add the second source", checklist={"sources_independent": "no"})
    assert item.state == State.CHANGES_REQUESTED and status(incident) == "under-review"
    assert Notification.objects.filter(recipient=documenter, verb="changes").exists()

    item = review.review_resubmit(user=documenter, kind="incident", record_id=incident.pk, note="added")
    assert item.state == State.RECEIVED and status(incident) == "received"
    assert Notification.objects.filter(recipient=reviewer, verb="resubmitted").exists()

    review.review_start(user=second_reviewer, kind="incident", record_id=incident.pk)
    item = review.review_verify(user=second_reviewer, kind="incident", record_id=incident.pk, checklist=ALL_YES)
    assert item.state == State.VERIFIED and item.assignee == second_reviewer and status(incident) == "verified"

    actions = list(ReviewEvent.objects.filter(item=item).values_list("action", "user__username"))
    assert actions == [("submit", "dana"), ("start", "rami"), ("request_changes", "rami"), ("resubmit", "dana"),
                       ("start", "sara"), ("verify", "sara")]
    audited = list(AuditEvent.objects.filter(record_type="incident", record_id=str(incident.pk),
                                             action__startswith="review_").values_list("action", flat=True))
    assert audited == ["review_submit", "review_start", "review_request_changes", "review_resubmit",
                       "review_start", "review_verify"]
    # The status changes went through the incident service: each is a version in the incident's history.
    from sijill.audit.models import Version

    statuses = [v.data["status"] for v in Version.objects.filter(record_type="incident", record_id=str(incident.pk))]
    assert statuses == ["received", "under-review", "received", "under-review", "verified"]
    assert audit_verify()[1] is None


def test_reject_and_reopen(documenter, reviewer, make_incident):
    incident = make_incident()
    review.review_start(user=reviewer, kind="incident", record_id=incident.pk)
    with pytest.raises(ValidationError) as exc:
        review.review_reject(user=reviewer, kind="incident", record_id=incident.pk, note="  ")
    assert "note" in exc.value.message_dict
    item = review.review_reject(user=reviewer, kind="incident", record_id=incident.pk, note="The video is from 2014")
    assert item.state == State.REJECTED and status(incident) == "rejected"
    item = review.review_reopen(user=reviewer, kind="incident", record_id=incident.pk, note="New witness")
    assert item.state == State.RECEIVED and status(incident) == "received" and item.checklist == {}


def test_verified_record_can_be_reopened_and_verified_again(documenter, reviewer, make_incident):
    incident = make_incident()
    review.review_start(user=reviewer, kind="incident", record_id=incident.pk)
    review.review_verify(user=reviewer, kind="incident", record_id=incident.pk, checklist=ALL_YES)
    review.review_reopen(user=reviewer, kind="incident", record_id=incident.pk, note="Figure disputed")
    review.review_start(user=reviewer, kind="incident", record_id=incident.pk)
    item = review.review_verify(user=reviewer, kind="incident", record_id=incident.pk, checklist=ALL_YES)
    assert item.state == State.VERIFIED


def test_nobody_verifies_their_own_entry_even_as_coordinator(coordinator, reviewer, make_incident):
    incident = make_incident(user=coordinator)
    with pytest.raises(PermissionDenied, match="own entry"):
        review.review_start(user=coordinator, kind="incident", record_id=incident.pk)
    review.review_start(user=reviewer, kind="incident", record_id=incident.pk)
    # A coordinator may step in for the reviewer in charge, but not on their own entry.
    with pytest.raises(PermissionDenied, match="own entry"):
        review.review_verify(user=coordinator, kind="incident", record_id=incident.pk, checklist=ALL_YES)
    assert status(incident) == "under-review"


def test_author_cannot_be_assigned_their_own_entry(documenter, reviewer, coordinator, make_incident):
    incident = make_incident(user=reviewer)
    with pytest.raises(ValidationError) as exc:
        review.review_assign(user=coordinator, kind="incident", record_id=incident.pk, assignee=reviewer)
    assert "assignee" in exc.value.message_dict


def test_submitter_counts_as_author(documenter, reviewer, second_reviewer, make_incident, make_source):
    """Someone who submits a record filed by another may not verify it either."""
    from sijill.sources.models import Source

    source = make_source("Statement", origin="Ministry")
    Source.objects.filter(pk=source.pk).update(created_by=None)
    review.review_submit(user=reviewer, kind="source", record_id=source.pk)
    with pytest.raises(PermissionDenied):
        review.review_start(user=reviewer, kind="source", record_id=source.pk)
    review.review_start(user=second_reviewer, kind="source", record_id=source.pk)


def test_documenters_do_not_review(documenter, make_user, make_incident):
    other = make_user("documenter", 2, "nour")
    incident = make_incident(user=other)
    with pytest.raises(PermissionDenied):
        review.review_start(user=documenter, kind="incident", record_id=incident.pk)


def test_only_the_reviewer_in_charge_decides(documenter, reviewer, second_reviewer, make_incident):
    incident = make_incident()
    review.review_start(user=reviewer, kind="incident", record_id=incident.pk)
    with pytest.raises(PermissionDenied, match="rami"):
        review.review_verify(user=second_reviewer, kind="incident", record_id=incident.pk, checklist=ALL_YES)


def test_transitions_from_the_wrong_state_are_refused(documenter, reviewer, make_incident):
    incident = make_incident()
    with pytest.raises(ValidationError, match="waiting for review"):
        review.review_verify(user=reviewer, kind="incident", record_id=incident.pk, checklist=ALL_YES)
    with pytest.raises(ValidationError):
        review.review_resubmit(user=documenter, kind="incident", record_id=incident.pk)
    with pytest.raises(ValidationError):
        review.review_reopen(user=reviewer, kind="incident", record_id=incident.pk, note="x")
    review.review_start(user=reviewer, kind="incident", record_id=incident.pk)
    with pytest.raises(ValidationError):
        review.review_start(user=reviewer, kind="incident", record_id=incident.pk)


def test_verification_needs_a_complete_checklist_without_a_no(documenter, reviewer, make_incident):
    incident = make_incident()
    review.review_start(user=reviewer, kind="incident", record_id=incident.pk)
    with pytest.raises(ValidationError) as exc:
        review.review_verify(user=reviewer, kind="incident", record_id=incident.pk,
                             checklist={"sources_independent": "yes"})
    assert set(exc.value.message_dict) == {"place_date_consistent", "attribution_supported"}
    with pytest.raises(ValidationError) as exc:
        review.review_verify(user=reviewer, kind="incident", record_id=incident.pk,
                             checklist={**ALL_YES, "attribution_supported": "no"})
    assert "attribution_supported" in exc.value.message_dict
    with pytest.raises(ValidationError):
        review.review_checklist(user=reviewer, kind="incident", record_id=incident.pk, checklist={"made_up": "yes"})
    review.review_checklist(user=reviewer, kind="incident", record_id=incident.pk,
                            checklist={"attribution_supported": "n/a"})
    item = review.review_verify(user=reviewer, kind="incident", record_id=incident.pk,
                                checklist={"sources_independent": "yes", "place_date_consistent": "yes"})
    assert item.checklist == {**ALL_YES, "attribution_supported": "n/a"}


def test_persons_and_sources_follow_the_same_workflow(documenter, reviewer, make_source):
    from sijill.people.services import person_create

    person = person_create(user=documenter, name_ar="أحمد الحسين", name_latin="Ahmad al-Hussein")
    review.review_submit(user=documenter, kind="person", record_id=person.pk)
    review.review_start(user=reviewer, kind="person", record_id=person.pk)
    item = review.review_verify(user=reviewer, kind="person", record_id=person.pk, checklist={
        "identity_supported": "yes", "not_duplicate": "yes", "status_supported": "n/a"})
    assert item.state == State.VERIFIED
    assert AuditEvent.objects.filter(record_type="person", record_id=str(person.pk), action="review_verify").exists()

    source = make_source("Video", origin="Local activist")
    review.review_submit(user=documenter, kind="source", record_id=source.pk)
    with pytest.raises(ValidationError, match="already waiting"):
        review.review_submit(user=documenter, kind="source", record_id=source.pk)


def test_records_above_clearance_are_not_found(make_user, reviewer, make_incident, coordinator):
    secret = make_incident(user=coordinator, confidentiality=3)
    with pytest.raises(NotFound):
        review.review_start(user=reviewer, kind="incident", record_id=secret.pk)


def test_mentions_notify_users_who_may_see_the_record_and_send_mail_when_configured(
        settings, documenter, reviewer, make_user, make_incident):
    settings.EMAIL_HOST = "mail.example.org"
    reviewer.email = "rami@example.org"
    reviewer.save()
    low = make_user("analyst", 1, "lina")
    incident = make_incident(confidentiality=2)
    comment = review.review_comment(user=documenter, kind="incident", record_id=incident.pk,
                                    text="@rami please check the date; @lina too; @nobody")
    assert list(comment.mentions.values_list("username", flat=True)) == ["rami"]
    note = Notification.objects.get(recipient=reviewer)
    assert note.verb == "mention" and "please check the date" in note.text
    assert not Notification.objects.filter(recipient=low).exists()  # lina may not see a restricted incident
    assert len(mail.outbox) == 0  # sent only when the transaction commits


def test_mail_goes_out_on_commit_only_when_configured(settings, documenter, reviewer, make_incident,
                                                      django_capture_on_commit_callbacks):
    reviewer.email = "rami@example.org"
    reviewer.save()
    incident = make_incident(user=documenter)
    settings.EMAIL_HOST = "localhost"
    with django_capture_on_commit_callbacks(execute=True):
        review.review_comment(user=documenter, kind="incident", record_id=incident.pk, text="@rami look")
    assert len(mail.outbox) == 0
    settings.EMAIL_HOST = "mail.example.org"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        review.review_comment(user=documenter, kind="incident", record_id=incident.pk, text="@rami look again")
    assert len(callbacks) == 1 and [m.to for m in mail.outbox] == [["rami@example.org"]]
    assert "Shelling" not in mail.outbox[0].body + mail.outbox[0].subject  # no record content leaves
    assert Notification.objects.filter(recipient=reviewer).count() == 2


def test_mark_read(documenter, reviewer, make_incident):
    incident = make_incident()
    review.review_comment(user=documenter, kind="incident", record_id=incident.pk, text="@rami hi")
    assert review.notification_mark_read(user=reviewer) == 1
    assert review.notification_mark_read(user=reviewer) == 0
