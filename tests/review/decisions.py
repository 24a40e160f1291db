"""Verify or reject a record in a test the only way the product allows: a second person (never its
author) takes it into review and decides, through sijill.review.services.

    from review.decisions import decide
    decide(incident)                      # verified by "second-reviewer"
    decide(incident, verdict="rejected")  # rejected, with a reason
"""

from __future__ import annotations

from sijill.confidentiality import Confidentiality

CHECKLIST_ALL_YES = "yes"


def second_reviewer(username: str = "second-reviewer"):
    """An analyst cleared for everything, who filed nothing: the second person of the review."""
    from sijill.accounts.models import User

    user, created = User.objects.get_or_create(username=username, defaults={"role": "analyst",
                                                                            "clearance": Confidentiality.SECRET})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def decide(record, *, verdict: str = "verified", reviewer=None, note: str = "Checked against the sources."):
    """Take `record` (an incident, person or source) into review and verify or reject it; returns
    the ReviewItem. The record is reloaded by the caller if it needs the new status."""
    from sijill.review.models import RecordKind, State
    from sijill.review.services import (
        CHECKLISTS,
        item_for,
        review_assign,
        review_reject,
        review_start,
        review_verify,
    )

    kind = {"incident": RecordKind.INCIDENT, "person": RecordKind.PERSON, "source": RecordKind.SOURCE}[
        record._meta.model_name]
    reviewer = reviewer or second_reviewer()
    state = item_for(user=reviewer, kind=kind, record_id=record.pk, lock=False).state
    if state == State.RECEIVED:
        review_start(user=reviewer, kind=kind, record_id=record.pk)
    elif state == State.IN_REVIEW:
        review_assign(user=reviewer, kind=kind, record_id=record.pk, assignee=reviewer)
    checklist = {key: CHECKLIST_ALL_YES for key, _question in CHECKLISTS[kind]}
    if verdict == "verified":
        return review_verify(user=reviewer, kind=kind, record_id=record.pk, checklist=checklist, note=note)
    if verdict == "rejected":
        return review_reject(user=reviewer, kind=kind, record_id=record.pk, note=note, checklist=checklist)
    raise ValueError(f"verdict is verified or rejected, not {verdict!r}")
