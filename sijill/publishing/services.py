"""Receiving public submissions and reading them in the review queue.

A submission is sealed before it is written: each field is encrypted with the submission's
random reference bound as associated data. The submitter's name and contact are kept only when
they ticked that they want to give them; otherwise they are dropped here, before anything is
stored. Staff cleared for restricted material read a submission opened, and each reading is
an audit event.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.accounts.models import STAFF_ROLES
from sijill.audit.services import audit_record
from sijill.confidentiality import Confidentiality, clearance_of
from sijill.errors import NotFound, PermissionDenied
from sijill.security.crypto import decrypt_text, encrypt_text

from .models import SEALED_FIELDS, Submission, SubmissionKind, SubmissionStatus

# Limits on what one submission may hold (characters).
LIMITS = {"account": 20_000, "place": 300, "when": 200, "name": 200, "contact": 300}
MIN_ACCOUNT = 20


def may_read_submissions(user) -> bool:
    """Staff cleared for restricted material: submissions may name people at risk."""
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and user.is_active
        and user.role in STAFF_ROLES and clearance_of(user) >= Confidentiality.RESTRICTED
    )


def require_submission_reader(user) -> None:
    if not may_read_submissions(user):
        raise PermissionDenied(_("Reading public submissions needs a staff role and restricted clearance."))


def clean_submission(*, kind: str, account: str, place: str = "", when: str = "", give_identity: bool = False,
                     name: str = "", contact: str = "") -> dict:
    """Validate a submission; raise one ValidationError naming each bad field. Identity fields
    are emptied unless `give_identity` is true."""
    errors: dict[str, list[str]] = {}
    values = {"account": account, "place": place, "when": when, "name": name, "contact": contact}
    clean = {k: (v or "").strip() for k, v in values.items()}
    if kind not in SubmissionKind.values:
        errors["kind"] = [_("Choose testimony or tip.")]
    for field, limit in LIMITS.items():
        if len(clean[field]) > limit:
            errors.setdefault(field, []).append(
                _("At most %(n)d characters (this has %(m)d).") % {"n": limit, "m": len(clean[field])})
    if len(clean["account"]) < MIN_ACCOUNT:
        errors.setdefault("account", []).append(
            _("Please describe what happened in at least %(n)d characters.") % {"n": MIN_ACCOUNT})
    if give_identity and not (clean["name"] or clean["contact"]):
        errors.setdefault("name", []).append(_("You chose to give your name or contact: fill in at least one."))
    if errors:
        raise ValidationError(errors)
    if not give_identity:
        clean["name"] = clean["contact"] = ""
    return {"kind": kind, "give_identity": bool(give_identity), **clean}


@transaction.atomic
def submission_receive(*, kind: str, account: str, place: str = "", when: str = "", give_identity: bool = False,
                       name: str = "", contact: str = "", language: str = "") -> Submission:
    """Seal and store a public submission in the review queue."""
    clean = clean_submission(kind=kind, account=account, place=place, when=when, give_identity=give_identity,
                             name=name, contact=contact)
    submission = Submission(kind=clean["kind"], language=(language or "")[:2],
                            identity_given=clean["give_identity"])
    for field in SEALED_FIELDS:
        setattr(submission, f"{field}_sealed", encrypt_text(clean[field], context=submission.context(field)))
    submission.save()
    # The event says that something arrived, never what: the content stays sealed.
    audit_record(user=None, action="submission received", record_type="submission", record_id=submission.ref,
                 changes={"kind": submission.kind, "identity_given": submission.identity_given})
    return submission


def submission_list(*, user, status: str = ""):
    """The review queue: submissions without their content, newest first."""
    require_submission_reader(user)
    qs = Submission.objects.all()
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_at")


def _get(ref) -> Submission:
    submission = Submission.objects.filter(ref=ref).first() if _is_uuid(ref) else None
    if submission is None:
        raise NotFound(f"No submission {ref}.")
    return submission


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@transaction.atomic
def submission_open(*, user, ref) -> dict:
    """A submission with its fields decrypted, for a cleared staff member; the reading is audited."""
    require_submission_reader(user)
    submission = _get(ref)
    opened = {field: decrypt_text(getattr(submission, f"{field}_sealed"), context=submission.context(field))
              for field in SEALED_FIELDS}
    audit_record(user=user, action="submission read", record_type="submission", record_id=submission.ref)
    return {"submission": submission, **opened}


@transaction.atomic
def submission_accept(*, user, ref, note: str = ""):
    """Take a submission into documentation: it becomes a restricted Source (witness testimony
    or other, its text as content, name and contact in the sealed witness fields only when the
    submitter gave them) that waits in the review queue. Returns the source."""
    from sijill.review.services import review_submit
    from sijill.sources.services import source_create

    opened = submission_open(user=user, ref=ref)
    submission = opened["submission"]
    if submission.status != SubmissionStatus.NEW:
        raise ValidationError({"status": _("This submission was already handled.")})
    details = "\n".join(f"{label}: {opened[k]}" for k, label in (("place", _("Where")), ("when", _("When")))
                        if opened[k])
    source = source_create(
        user=user, title=_("Public submission of %(date)s") % {"date": f"{submission.received_at:%Y-%m-%d %H:%M}"},
        source_type="witness-testimony" if submission.kind == SubmissionKind.TESTIMONY else "other",
        published_on=submission.received_at.date(), language=submission.language,
        origin=_("public submission form"), content="\n\n".join(p for p in (opened["account"], details) if p),
        confidentiality=Confidentiality.RESTRICTED,
        witness_name=opened["name"], witness_contact=opened["contact"],
    )
    review_submit(user=user, kind="source", record_id=source.pk, note=note or _("From the public submission form."))
    submission_review(user=user, ref=ref, status=SubmissionStatus.ACCEPTED, note=f"source {source.pk}")
    return source


@transaction.atomic
def submission_review(*, user, ref, status: str, note: str = "") -> Submission:
    """Mark a submission as taken into documentation or discarded."""
    require_submission_reader(user)
    if status not in SubmissionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    submission = _get(ref)
    before = submission.status
    submission.status = status
    submission.review_note = (note or "").strip()[:2000]
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.save()
    audit_record(user=user, action="submission reviewed", record_type="submission", record_id=submission.ref,
                 changes={"status": [before, status]})
    return submission
