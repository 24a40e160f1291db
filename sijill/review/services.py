"""Writing reviews: the workflow of an incident, person or source from received to verified or
rejected, comments with @mentions, notifications, and the rule that nobody verifies their own entry.

Every transition is one transaction: it checks who may do it and from which state, writes the new
state and a ReviewEvent (the review's history), appends an audit event for the record, keeps the
incident's verification status in step (through the incident service, so it is versioned too),
and notifies the people concerned. The rules live here, not in the views, so the API, the
command line and the web page cannot differ.
"""

from __future__ import annotations

import os
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sijill.audit.services import audit_record
from sijill.errors import PermissionDenied

from .models import (
    STATUS_OF_STATE,
    Notification,
    RecordKind,
    ReviewComment,
    ReviewEvent,
    ReviewItem,
    State,
)

# The review checklist for each kind of record: (key, question). Answers: yes, no, n/a.
CHECKLISTS: dict[str, list[tuple[str, str]]] = {
    RecordKind.INCIDENT: [
        ("sources_independent", gettext_lazy("Are the sources independent of each other?")),
        ("place_date_consistent", gettext_lazy("Are the place and date consistent across sources?")),
        ("attribution_supported", gettext_lazy("Is the attribution to a perpetrator supported by the sources?")),
    ],
    RecordKind.PERSON: [
        ("identity_supported", gettext_lazy("Is the person's identity (names, age, sex) supported by a source?")),
        ("not_duplicate", gettext_lazy("Has the person been checked against existing records (no duplicate)?")),
        ("status_supported", gettext_lazy("Is the civilian or combatant status supported?")),
    ],
    RecordKind.SOURCE: [
        ("origin_identified", gettext_lazy("Is the origin of the information identified (original, not a repost)?")),
        ("date_language_checked", gettext_lazy("Are the date and language of the source checked?")),
        ("reliability_graded", gettext_lazy("Are reliability and credibility graded and justified?")),
    ],
}
ANSWERS = ("yes", "no", "n/a")
MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")
REVIEWER_ACTION = "edit_any"  # analysts, coordinators and admins review


# ---- finding the record and its review ------------------------------------------------------

def _record_get(*, user, kind: str, record_id):
    """The incident, person or source, if the user may see it (else NotFound)."""
    if kind == RecordKind.INCIDENT:
        from sijill.incidents.selectors import incident_get

        return incident_get(user=user, incident_id=record_id)
    if kind == RecordKind.PERSON:
        from sijill.people.selectors import person_get

        return person_get(user=user, person_id=record_id)
    if kind == RecordKind.SOURCE:
        from sijill.sources.selectors import source_get

        return source_get(user=user, source_id=record_id)
    raise ValidationError({"kind": _("Unknown kind of record %(kind)r; use incident, person or source.") % {"kind": kind}})


def _initial_state(kind: str, record) -> str:
    """An incident without a review yet starts from its verification status."""
    if kind == RecordKind.INCIDENT and record.status_id:
        return {"verified": State.VERIFIED, "rejected": State.REJECTED,
                "under-review": State.IN_REVIEW}.get(record.status.code, State.RECEIVED)
    return State.RECEIVED


def item_for(*, user, kind: str, record_id, lock: bool = True) -> ReviewItem:
    """The review of a record the user may see, created (without an event) on first use."""
    record = _record_get(user=user, kind=kind, record_id=record_id)
    item = ReviewItem.objects.filter(**{kind: record}).first()
    if item is None:
        item, _created = ReviewItem.objects.get_or_create(
            **{kind: record}, defaults={"kind": kind, "state": _initial_state(kind, record), "author": record.created_by},
        )
    if lock:
        item = ReviewItem.objects.select_for_update().get(pk=item.pk)
    setattr(item, kind, record)
    return item


def _label(item: ReviewItem) -> str:
    record = item.record
    kind = item.get_kind_display()
    return f"{kind} #{item.record_id} «{record}»"


# ---- the rules -------------------------------------------------------------------------------

def _is_author(user, item: ReviewItem) -> bool:
    """The record's creator, or the one who submitted it for review."""
    return user.pk is not None and user.pk in {getattr(item.record, "created_by_id", None), item.author_id}


def _require_reviewer(user) -> None:
    if not user.may(REVIEWER_ACTION):
        raise PermissionDenied(_("Only analysts, coordinators and admins review records."))


def _require_state(item: ReviewItem, *states: str, action: str) -> None:
    if item.state not in states:
        raise ValidationError({"state": _(
            "%(record)s is %(state)s; it cannot be %(action)s now (only when %(allowed)s)."
        ) % {"record": _label(item), "state": item.get_state_display(), "action": action,
             "allowed": ", ".join(str(State(s).label) for s in states)}})


def _require_in_charge(user, item: ReviewItem) -> None:
    """Decisions belong to the reviewer in charge; a coordinator or admin may step in."""
    if item.assignee_id != user.pk and user.role not in ("coordinator", "admin"):
        raise PermissionDenied(_("%(record)s is being reviewed by %(name)s; only they (or a coordinator) decide.")
                               % {"record": _label(item), "name": getattr(item.assignee, "username", "—")})


def _require_not_author(user, item: ReviewItem, what: str) -> None:
    if _is_author(user, item):
        raise PermissionDenied(_("Nobody may %(what)s their own entry: %(record)s was filed or submitted by you.")
                               % {"what": what, "record": _label(item)})


def _clean_checklist(kind: str, checklist: dict | None, *, complete: bool) -> dict:
    checklist = dict(checklist or {})
    keys = [k for k, _q in CHECKLISTS[kind]]
    errors = {}
    unknown = set(checklist) - set(keys)
    if unknown:
        errors["checklist"] = [_("Unknown checklist questions: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}]
    for key in keys:
        answer = checklist.get(key)
        if answer in (None, ""):
            checklist.pop(key, None)
            if complete:
                errors.setdefault(key, []).append(_("Answer this question before deciding."))
        elif answer not in ANSWERS:
            errors.setdefault(key, []).append(_("Answer yes, no or n/a (not %(value)r).") % {"value": answer})
    if errors:
        raise ValidationError(errors)
    return checklist


# ---- writing a transition ---------------------------------------------------------------------

def _sync_incident_status(user, item: ReviewItem) -> None:
    """Keep Incident.status (verification_status vocabulary) in step, through the incident service."""
    if item.kind != RecordKind.INCIDENT:
        return
    from sijill.incidents.models import Incident
    from sijill.incidents.services import incident_update

    code = STATUS_OF_STATE[item.state]
    incident = Incident.objects.select_related("status").get(pk=item.incident_id)
    if incident.status.code != code:
        incident_update(user=user, incident_id=incident.pk, lock_version=incident.lock_version, status=code)


def _transition(*, user, item: ReviewItem, action: str, to_state: str | None = None, note: str = "",
                assignee=..., checklist: dict | None = None) -> ReviewEvent:
    from_state = item.state
    before = {"state": item.state, "assignee": getattr(item.assignee, "username", None), "checklist": item.checklist}
    if to_state:
        item.state = to_state
    if assignee is not ...:
        item.assignee = assignee
    if checklist is not None:
        item.checklist = checklist
    item.save()
    event = ReviewEvent.objects.create(
        item=item, user=user, action=action, from_state=from_state, to_state=item.state,
        assignee=item.assignee, note=note or "", checklist=item.checklist,
    )
    after = {"state": item.state, "assignee": getattr(item.assignee, "username", None), "checklist": item.checklist}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if note:
        changes["note"] = note
    audit_record(user=user, action=f"review_{action}", record_type=item.kind, record_id=item.record_id,
                 changes={"review": changes})
    _sync_incident_status(user, item)
    return event


# ---- notifications ----------------------------------------------------------------------------

def email_configured() -> bool:
    """Mail goes out only where an SMTP host is configured (EMAIL_HOST), never to Django's default."""
    return bool(os.environ.get("EMAIL_HOST")) or getattr(settings, "EMAIL_HOST", "localhost") not in ("", "localhost")


def notify(*, recipients, sender, item: ReviewItem | None, verb: str, text: str) -> list[Notification]:
    """An in-app notification for each recipient who may still see the record (never the sender);
    an e-mail too where mail is configured and the recipient has an address (without the
    record's content)."""
    from sijill.errors import NotFound

    made = []
    for recipient in {r for r in recipients if r is not None and r.pk != getattr(sender, "pk", None)}:
        if not recipient.is_active:
            continue
        if item is not None:
            try:
                _record_get(user=recipient, kind=item.kind, record_id=item.record_id)
            except NotFound:
                continue  # the recipient may not see this record: nothing about it reaches them
        made.append(Notification.objects.create(recipient=recipient, sender=sender, item=item, verb=verb, text=text[:500]))
        if recipient.email and email_configured():
            # The e-mail says only that something is waiting: record titles, names and notes
            # stay on the server, behind the login and the recipient's clearance.
            transaction.on_commit(lambda r=recipient: send_mail(
                subject=_("Sijill: a new notification"),
                message=_("You have a new notification in Sijill (%(verb)s). Log in to read it under Review, "
                          "Notifications.") % {"verb": verb},
                from_email=None, recipient_list=[r.email], fail_silently=True,
            ))
    return made


def notification_mark_read(*, user, notification_ids=None) -> int:
    """Mark some (or all) of the user's notifications read; returns how many changed."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


# ---- the workflow -----------------------------------------------------------------------------

@transaction.atomic
def review_submit(*, user, kind: str, record_id, note: str = "") -> ReviewItem:
    """The author (or an editor) submits a record for review: it waits in the review queue."""
    item = item_for(user=user, kind=kind, record_id=record_id)
    if not user.may_edit(item.record):
        raise PermissionDenied(_("You may submit only records you may edit."))
    _require_state(item, State.RECEIVED, action=_("submitted"))
    if item.events.filter(action="submit").exists() and item.state == State.RECEIVED:
        raise ValidationError({"state": _("%(record)s is already waiting for review.") % {"record": _label(item)}})
    if item.author_id is None:
        item.author = user
    _transition(user=user, item=item, action="submit", to_state=State.RECEIVED, note=note)
    return item


@transaction.atomic
def review_assign(*, user, kind: str, record_id, assignee) -> ReviewItem:
    """Assign a record to a reviewer (who may see it and is not its author)."""
    _require_reviewer(user)
    item = item_for(user=user, kind=kind, record_id=record_id)
    _require_state(item, State.RECEIVED, State.IN_REVIEW, action=_("assigned"))
    if item.state == State.IN_REVIEW and item.assignee_id not in (None, user.pk) and user.role not in ("coordinator", "admin"):
        raise PermissionDenied(_("Only the reviewer in charge or a coordinator may hand this review on."))
    if not assignee.may(REVIEWER_ACTION):
        raise ValidationError({"assignee": _("%(name)s does not review records (role %(role)s).")
                               % {"name": assignee.username, "role": assignee.get_role_display()}})
    _require_not_author_as(assignee, item)
    from sijill.errors import NotFound

    try:
        _record_get(user=assignee, kind=item.kind, record_id=item.record_id)
    except NotFound:
        raise ValidationError({"assignee": _("%(name)s is not cleared to see this record.") % {"name": assignee.username}}) from None
    _transition(user=user, item=item, action="assign", assignee=assignee)
    notify(recipients=[assignee], sender=user, item=item, verb="assigned",
           text=_("%(user)s assigned %(record)s to you for review.") % {"user": user.username, "record": _label(item)})
    return item


def _require_not_author_as(reviewer, item: ReviewItem) -> None:
    if _is_author(reviewer, item):
        raise ValidationError({"assignee": _("%(name)s filed or submitted %(record)s and cannot review it.")
                               % {"name": reviewer.username, "record": _label(item)}})


@transaction.atomic
def review_start(*, user, kind: str, record_id) -> ReviewItem:
    """A reviewer takes a waiting record: received -> in review, assigned to them."""
    _require_reviewer(user)
    item = item_for(user=user, kind=kind, record_id=record_id)
    _require_state(item, State.RECEIVED, action=_("taken into review"))
    _require_not_author(user, item, _("review"))
    previous = item.assignee
    _transition(user=user, item=item, action="start", to_state=State.IN_REVIEW, assignee=user)
    if previous is not None and previous.pk != user.pk:
        notify(recipients=[previous], sender=user, item=item, verb="taken",
               text=_("%(user)s took over the review of %(record)s.") % {"user": user.username, "record": _label(item)})
    return item


@transaction.atomic
def review_checklist(*, user, kind: str, record_id, checklist: dict) -> ReviewItem:
    """Save the reviewer's answers to the checklist (partial answers are kept)."""
    _require_reviewer(user)
    item = item_for(user=user, kind=kind, record_id=record_id)
    _require_state(item, State.IN_REVIEW, action=_("checked"))
    _require_in_charge(user, item)
    merged = {**item.checklist, **{k: v for k, v in (checklist or {}).items()}}
    clean = _clean_checklist(item.kind, merged, complete=False)
    if clean != item.checklist:
        _transition(user=user, item=item, action="checklist", checklist=clean)
    return item


@transaction.atomic
def review_request_changes(*, user, kind: str, record_id, note: str, checklist: dict | None = None) -> ReviewItem:
    """Send the record back to its author with what to change: in review -> changes requested."""
    _require_reviewer(user)
    item = item_for(user=user, kind=kind, record_id=record_id)
    _require_state(item, State.IN_REVIEW, action=_("sent back for changes"))
    _require_in_charge(user, item)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what should change.")})
    clean = _clean_checklist(item.kind, {**item.checklist, **(checklist or {})}, complete=False)
    _transition(user=user, item=item, action="request_changes", to_state=State.CHANGES_REQUESTED, note=note.strip(),
                checklist=clean)
    author = item.author or item.record.created_by
    notify(recipients=[author], sender=user, item=item, verb="changes",
           text=_("%(user)s asks for changes to %(record)s: %(note)s") % {"user": user.username, "record": _label(item), "note": note.strip()})
    return item


@transaction.atomic
def review_resubmit(*, user, kind: str, record_id, note: str = "") -> ReviewItem:
    """The author, having made the changes, sends the record back: changes requested -> received."""
    item = item_for(user=user, kind=kind, record_id=record_id)
    _require_state(item, State.CHANGES_REQUESTED, action=_("resubmitted"))
    if not (_is_author(user, item) or user.may_edit(item.record)):
        raise PermissionDenied(_("Only the author or an editor of %(record)s may resubmit it.") % {"record": _label(item)})
    reviewer = item.assignee
    _transition(user=user, item=item, action="resubmit", to_state=State.RECEIVED, note=note)
    notify(recipients=[reviewer], sender=user, item=item, verb="resubmitted",
           text=_("%(user)s made the changes to %(record)s and resubmitted it.") % {"user": user.username, "record": _label(item)})
    return item


@transaction.atomic
def review_verify(*, user, kind: str, record_id, checklist: dict | None = None, note: str = "") -> ReviewItem:
    """Verify a record: in review -> verified. Never by its author; the checklist must be complete
    and no question answered "no"."""
    _require_reviewer(user)
    item = item_for(user=user, kind=kind, record_id=record_id)
    _require_not_author(user, item, _("verify"))
    _require_state(item, State.IN_REVIEW, action=_("verified"))
    _require_in_charge(user, item)
    clean = _clean_checklist(item.kind, {**item.checklist, **(checklist or {})}, complete=True)
    failed = [k for k, v in clean.items() if v == "no"]
    if failed:
        questions = dict(CHECKLISTS[item.kind])
        raise ValidationError({k: _("Answered “no”: %(question)s Request changes or reject instead.")
                               % {"question": questions[k]} for k in failed})
    _transition(user=user, item=item, action="verify", to_state=State.VERIFIED, note=note, checklist=clean)
    notify(recipients=[item.author or item.record.created_by], sender=user, item=item, verb="verified",
           text=_("%(user)s verified %(record)s.") % {"user": user.username, "record": _label(item)})
    return item


@transaction.atomic
def review_reject(*, user, kind: str, record_id, note: str, checklist: dict | None = None) -> ReviewItem:
    """Reject a record: in review -> rejected, with the reason."""
    _require_reviewer(user)
    item = item_for(user=user, kind=kind, record_id=record_id)
    _require_state(item, State.IN_REVIEW, action=_("rejected"))
    _require_in_charge(user, item)
    if not (note or "").strip():
        raise ValidationError({"note": _("Give the reason for rejecting.")})
    clean = _clean_checklist(item.kind, {**item.checklist, **(checklist or {})}, complete=False)
    _transition(user=user, item=item, action="reject", to_state=State.REJECTED, note=note.strip(), checklist=clean)
    notify(recipients=[item.author or item.record.created_by], sender=user, item=item, verb="rejected",
           text=_("%(user)s rejected %(record)s: %(note)s") % {"user": user.username, "record": _label(item), "note": note.strip()})
    return item


@transaction.atomic
def review_reopen(*, user, kind: str, record_id, note: str) -> ReviewItem:
    """Reopen a decided record (new information, an error found): verified/rejected -> received."""
    _require_reviewer(user)
    item = item_for(user=user, kind=kind, record_id=record_id)
    _require_state(item, State.VERIFIED, State.REJECTED, action=_("reopened"))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the review is reopened.")})
    previous = item.assignee
    _transition(user=user, item=item, action="reopen", to_state=State.RECEIVED, note=note.strip(), checklist={})
    notify(recipients=[item.author or item.record.created_by, previous], sender=user, item=item, verb="reopened",
           text=_("%(user)s reopened the review of %(record)s: %(note)s") % {"user": user.username, "record": _label(item), "note": note.strip()})
    return item


@transaction.atomic
def review_comment(*, user, kind: str, record_id, text: str) -> ReviewComment:
    """Comment on a review; each @username mentioned (who may see the record) is notified."""
    from sijill.accounts.models import User

    item = item_for(user=user, kind=kind, record_id=record_id)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > 10_000:
        raise ValidationError({"text": _("At most %(n)d characters.") % {"n": 10_000}})
    comment = ReviewComment.objects.create(item=item, author=user, text=text)
    names = {m.rstrip(".") for m in MENTION.findall(text)}
    mentioned = list(User.objects.filter(username__in=names, is_active=True)) if names else []
    notified = notify(recipients=mentioned, sender=user, item=item, verb="mention",
                      text=_("%(user)s mentioned you on %(record)s: %(text)s") % {"user": user.username, "record": _label(item), "text": text})
    comment.mentions.set([n.recipient for n in notified])
    audit_record(user=user, action="review_comment", record_type=item.kind, record_id=item.record_id,
                 changes={"review": {"comment": comment.pk, "mentions": sorted(n.recipient.username for n in notified)}})
    return comment


TRANSITIONS = {
    "submit": review_submit,
    "start": review_start,
    "request_changes": review_request_changes,
    "resubmit": review_resubmit,
    "verify": review_verify,
    "reject": review_reject,
    "reopen": review_reopen,
}


# ---- corroboration: origins, what each source says, the grading ---------------------------------

def origin_keys(source_ids) -> dict[int, str]:
    """The origin key of each source (following "derived from" links to the original)."""
    from sijill.sources.models import Source

    from .models import SourceOrigin
    from .origins import origin_key

    wanted = set(source_ids)
    parents: dict[int, int] = {}
    frontier = set(wanted)
    while frontier:  # gather the derivation chains, whatever their length
        rows = dict(SourceOrigin.objects.filter(source_id__in=frontier, derived_from__isnull=False)
                    .values_list("source_id", "derived_from_id"))
        parents.update(rows)
        frontier = set(rows.values()) - set(parents)
    roots = {}
    for sid in wanted:
        seen, node = {sid}, sid
        while node in parents and parents[node] not in seen:
            node = parents[node]
            seen.add(node)
        roots[sid] = node
    fields = {s["pk"]: s for s in Source.objects.filter(pk__in=set(roots.values())).values("pk", "origin", "url")}
    return {sid: origin_key(origin=fields.get(root, {}).get("origin"), url=fields.get(root, {}).get("url"),
                            source_id=root) for sid, root in roots.items()}


def _contested_among(incident_ids) -> set[int]:
    """Those of these incidents with an act claimed for two or more parties (the unknown actor aside)."""
    from django.db.models import Count

    from sijill.incidents.models import PerpetrationClaim

    from .selectors import PathRoot

    acts = (PerpetrationClaim.objects.filter(act__incident_id__in=incident_ids).exclude(actor__slug="unknown")
            .order_by().values("act_id").annotate(parties=Count(PathRoot("actor__path"), distinct=True))
            .filter(parties__gte=2).values("act_id"))
    return set(PerpetrationClaim.objects.filter(act_id__in=acts).values_list("act__incident_id", flat=True))


def corroboration_refresh(incident_ids, *, batch: int = 500) -> int:
    """Recompute the CorroborationSummary of these incidents (what the single-source and contested
    queues count); returns how many. Called by the signals whenever an incident, a source link, a
    claim, a source or an origin changes, and by `sijill review_origins` for everything."""
    from sijill.incidents.models import Incident
    from sijill.sources.models import Source

    from .models import CorroborationSummary, SourceOrigin
    from .selectors import OPEN_STATUSES, _source_links_sql

    ids = sorted({int(i) for i in incident_ids if i is not None})
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        placeholders = ", ".join(["%s"] * len(chunk))
        # The lowest confidentiality at which each origin of each incident is visible.
        sql = (
            f"SELECT links.incident_id, COALESCE(o.key, 'source:' || CAST(s.id AS TEXT)), "
            f"MIN(s.confidentiality) FROM ({_source_links_sql(f'IN ({placeholders})')}) links "
            f"JOIN {Source._meta.db_table} s ON s.id = links.source_id AND s.deleted_at IS NULL "
            f"LEFT JOIN {SourceOrigin._meta.db_table} o ON o.source_id = s.id "
            f"GROUP BY links.incident_id, COALESCE(o.key, 'source:' || CAST(s.id AS TEXT))"
        )
        levels: dict[int, list[int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [*chunk, *chunk, *chunk])
            for incident_id, _origin, level in cursor.fetchall():
                levels.setdefault(incident_id, []).append(level)
        contested = _contested_among(chunk)
        incidents = {pk: (conf, deleted is None and code in OPEN_STATUSES) for pk, conf, deleted, code in
                     Incident.objects.filter(pk__in=chunk).values_list("pk", "confidentiality", "deleted_at", "status__code")}
        rows = []
        for pk, (level, is_open) in incidents.items():
            found = sorted(levels.get(pk, []))
            rows.append(CorroborationSummary(incident_id=pk, open=is_open, confidentiality=level,
                                             corroborated_from=found[1] if len(found) >= 2 else None,
                                             contested=pk in contested))
        # Replaced whole (bulk_update's CASE per row is far slower), inside the caller's transaction.
        CorroborationSummary.objects.filter(incident_id__in=chunk).delete()
        CorroborationSummary.objects.bulk_create(rows)
    return len(ids)


def incidents_citing(source_ids) -> set[int]:
    """Incidents that cite any of these sources, directly or through an act or a claim."""
    from sijill.incidents.models import Act, Incident, PerpetrationClaim

    ids = list(source_ids)
    if not ids:
        return set()
    found = set(Incident.sources.through.objects.filter(source_id__in=ids).values_list("incident_id", flat=True))
    found |= set(Act.sources.through.objects.filter(source_id__in=ids).values_list("act__incident_id", flat=True))
    found |= set(PerpetrationClaim.sources.through.objects.filter(source_id__in=ids)
                 .values_list("perpetrationclaim__act__incident_id", flat=True))
    return found


def origin_refresh(source_ids, *, incidents: bool = True) -> int:
    """Store the origin key of these sources and of everything derived from them; returns how many.
    With `incidents`, the corroboration of the incidents citing any of them is recomputed too."""
    from .models import SourceOrigin

    ids = set(source_ids)
    frontier = set(ids)
    while frontier:
        children = set(SourceOrigin.objects.filter(derived_from_id__in=frontier).values_list("source_id", flat=True))
        frontier = children - ids
        ids |= children
    keys = origin_keys(ids)
    existing = {o.source_id: o for o in SourceOrigin.objects.filter(source_id__in=ids)}
    changed, new = [], []
    for sid, key in keys.items():
        row = existing.get(sid)
        if row is None:
            new.append(SourceOrigin(source_id=sid, key=key))
        elif row.key != key:
            row.key = key
            changed.append(row)
    SourceOrigin.objects.bulk_create(new, batch_size=1000)
    SourceOrigin.objects.bulk_update(changed, ["key"], batch_size=1000)
    if incidents:
        corroboration_refresh(incidents_citing(ids))
    return len(new) + len(changed)


@transaction.atomic
def source_derive(*, user, source_id, derived_from_id) -> None:
    """Mark a source as a repost or copy of another (or, with None, as an original again)."""
    from sijill.errors import NotFound
    from sijill.sources.selectors import source_get

    from .models import SourceOrigin

    source = source_get(user=user, source_id=source_id)
    if not user.may_edit(source):
        raise PermissionDenied(_("You may edit only the records you filed."))
    original = None
    if derived_from_id not in (None, ""):
        try:
            original = source_get(user=user, source_id=derived_from_id)
        except NotFound:
            raise ValidationError({"derived_from": _("Unknown source %(id)s.") % {"id": derived_from_id}}) from None
        # Refuse a cycle: the original may not itself derive (at any remove) from this source.
        node, seen = original.pk, set()
        while node is not None and node not in seen:
            if node == source.pk:
                raise ValidationError({"derived_from": _("A source cannot derive from itself or from its own reposts.")})
            seen.add(node)
            node = SourceOrigin.objects.filter(source_id=node).values_list("derived_from_id", flat=True).first()
    row, _created = SourceOrigin.objects.get_or_create(source=source, defaults={"key": ""})
    before = row.derived_from_id
    row.derived_from = original
    row.save()
    origin_refresh([source.pk])
    audit_record(user=user, action="source_derive", record_type="source", record_id=source.pk,
                 changes={"derived_from": [before, getattr(original, "pk", None)]})


@transaction.atomic
def assessment_set(*, user, incident_id, aspect: str, source_id, stance: str, value: str = "", note: str = "",
                   perpetration_claim_id=None):
    """Record that a source supports or contradicts one claim of an incident (date, place,
    casualty figure, or a perpetrator claim); replaces this source's earlier word on that claim."""
    from sijill.incidents.models import PerpetrationClaim
    from sijill.incidents.selectors import incident_get
    from sijill.sources.selectors import source_get

    from .models import Aspect, ClaimAssessment, Stance

    if not user.may("edit"):
        raise PermissionDenied(_("Your role does not allow you to edit records."))
    incident = incident_get(user=user, incident_id=incident_id)
    errors = {}
    if aspect not in Aspect.values:
        errors["aspect"] = [_("Unknown claim %(value)r; use one of %(choices)s.") % {"value": aspect, "choices": ", ".join(Aspect.values)}]
    if stance not in Stance.values:
        errors["stance"] = [_("Unknown stance %(value)r; use supports or contradicts.") % {"value": stance}]
    claim = None
    if aspect == Aspect.PERPETRATOR:
        claim = PerpetrationClaim.objects.filter(pk=perpetration_claim_id or 0, act__incident=incident).first()
        if claim is None:
            errors["perpetration_claim"] = [_("Name the perpetrator claim of this incident the source speaks to.")]
    if len(value or "") > 300:
        errors["value"] = [_("At most 300 characters.")]
    if errors:
        raise ValidationError(errors)
    source = source_get(user=user, source_id=source_id)
    row, created = ClaimAssessment.objects.update_or_create(
        incident=incident, aspect=aspect, perpetration_claim=claim, source=source,
        defaults={"stance": stance, "value": (value or "").strip(), "note": (note or "").strip(), "created_by": user},
    )
    audit_record(user=user, action="claim_assessment", record_type="incident", record_id=incident.pk,
                 changes={"assessment": {"aspect": aspect, "claim": getattr(claim, "pk", None), "source": source.pk,
                                         "stance": stance, "value": row.value}})
    return row


@transaction.atomic
def grading_apply(*, user, incident_id, grading: str, note: str = ""):
    """The analyst decides the incident's grading (the suggestion is only a suggestion)."""
    from sijill.incidents.selectors import incident_get
    from sijill.incidents.services import incident_update

    from .corroboration import incident_corroboration

    _require_reviewer(user)
    incident = incident_get(user=user, incident_id=incident_id)
    report = incident_corroboration(user=user, incident_id=incident.pk)
    updated = incident_update(user=user, incident_id=incident.pk, lock_version=incident.lock_version,
                              grading=grading or None)
    audit_record(user=user, action="grading_decided", record_type="incident", record_id=incident.pk,
                 changes={"grading": grading, "suggested": report.suggested, "independent_sources": report.independent,
                          "note": note})
    return updated


# ---- cases and the command structure -------------------------------------------------------------

CASE_FIELDS = ("title_en", "title_ar", "scope", "actor", "place", "date_from", "date_to", "violation_types",
               "crimes", "description", "confidentiality")


def _actor(value, field: str, errors: dict):
    from sijill.actors.models import Actor

    if value in (None, ""):
        return None
    if isinstance(value, Actor):
        return value
    lookup = {"pk": int(value)} if str(value).isdigit() else {"slug": str(value)}
    found = Actor.objects.filter(deleted_at__isnull=True, **lookup).first()
    if found is None:
        errors.setdefault(field, []).append(_("Unknown actor %(value)r.") % {"value": value})
    return found


def _day(value, field: str, errors: dict):
    from datetime import date

    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault(field, []).append(_("%(value)r is not a date; write YYYY-MM-DD.") % {"value": value})
        return None


@transaction.atomic
def case_create(*, user, **fields):
    """Open a case for an actor, a unit, a place and period, or a pattern of violations."""
    from sijill.confidentiality import Confidentiality
    from sijill.input_rules import reject_unknown_fields, require_clearance, require_role
    from sijill.places.models import Place
    from sijill.vocabularies.models import Term

    from .cases import SCOPE_NEEDS
    from .models import Case, CaseScope, Crime

    require_role(user, "create")
    reject_unknown_fields(fields, CASE_FIELDS)
    errors: dict[str, list] = {}
    scope = fields.get("scope") or ""
    if scope not in CaseScope.values:
        errors["scope"] = [_("Choose a scope: %(choices)s.") % {"choices": ", ".join(CaseScope.values)}]
    title_en, title_ar = (fields.get("title_en") or "").strip(), (fields.get("title_ar") or "").strip()
    if not (title_en or title_ar):
        errors["title_en"] = [_("Give a title in Arabic or in English.")]
    actor = _actor(fields.get("actor"), "actor", errors)
    place = fields.get("place") or None
    if place is not None and not isinstance(place, Place):
        found = Place.objects.filter(pcode=str(place)).first()
        if found is None:
            errors["place"] = [_("Unknown place %(value)r.") % {"value": place}]
        place = found
    date_from, date_to = _day(fields.get("date_from"), "date_from", errors), _day(fields.get("date_to"), "date_to", errors)
    if date_from and date_to and date_to < date_from:
        errors["date_to"] = [_("The end is before the start.")]
    types = [t for t in (fields.get("violation_types") or []) if t]
    known = set(Term.objects.filter(kind="violation_type", code__in=types).values_list("code", flat=True))
    if set(types) - known:
        errors["violation_types"] = [_("Unknown violation types: %(codes)s.") % {"codes": ", ".join(sorted(set(types) - known))}]
    codes = [c for c in (fields.get("crimes") or []) if c]
    crimes = list(Crime.objects.filter(code__in=codes))
    if len(crimes) != len(set(codes)):
        errors["crimes"] = [_("Unknown crimes: %(codes)s.") % {"codes": ", ".join(sorted(set(codes) - {c.code for c in crimes}))}]
    values = {"actor": actor, "place": place, "date_from": date_from, "date_to": date_to, "violation_types": types}
    for name in SCOPE_NEEDS.get(scope, ()):
        if not values[name] and name not in errors:
            errors[name] = [_("A case of this scope needs this.")]
    level = fields.get("confidentiality", Confidentiality.INTERNAL)
    if level not in Confidentiality.values:
        errors["confidentiality"] = [_("Unknown confidentiality level %(value)r.") % {"value": level}]
    if errors:
        raise ValidationError(errors)
    require_clearance(user, level)
    case = Case.objects.create(title_en=title_en, title_ar=title_ar, scope=scope, description=fields.get("description") or "",
                               confidentiality=level, created_by=user, updated_by=user, **values)
    case.crimes.set(crimes)
    audit_record(user=user, action="create", record_type="case", record_id=case.pk,
                 changes={"scope": scope, "actor": getattr(actor, "slug", None), "place": getattr(place, "pcode", None),
                          "crimes": sorted(c.code for c in crimes), "violation_types": types})
    return case


@transaction.atomic
def element_link_add(*, user, case_id, element_id, note: str, act_id=None, source_id=None, evidence_id=None,
                     witness_id=None):
    """Link evidence (an act, a source, an evidence item or a witness) to an element of a crime in a case."""
    from sijill.evidence.models import EvidenceItem
    from sijill.incidents.models import Act
    from sijill.input_rules import require_role
    from sijill.people.selectors import person_get
    from sijill.sources.selectors import source_get

    from .cases import case_get
    from .models import CrimeElement, ElementLink

    require_role(user, "edit")
    case = case_get(user=user, case_id=case_id)
    element = CrimeElement.objects.filter(pk=element_id or 0).first()
    errors = {}
    if element is None:
        errors["element"] = [_("Unknown element.")]
    if not (note or "").strip():
        errors["note"] = [_("Say what it shows.")]
    if not any((act_id, source_id, evidence_id, witness_id)):
        errors["act"] = [_("Link an act, a source, an evidence item or a witness.")]
    if errors:
        raise ValidationError(errors)
    from sijill.confidentiality import visible_to
    from sijill.incidents.models import Incident

    act = None
    if act_id:
        act = Act.objects.filter(pk=act_id, incident__in=visible_to(Incident.objects.all(), user)).first()
        if act is None:
            raise ValidationError({"act": _("Unknown act %(id)s.") % {"id": act_id}})
    source = source_get(user=user, source_id=source_id) if source_id else None
    evidence = None
    if evidence_id:
        evidence = visible_to(EvidenceItem.objects.all(), user).filter(pk=evidence_id).first()
        if evidence is None:
            raise ValidationError({"evidence": _("Unknown evidence item %(id)s.") % {"id": evidence_id}})
    witness = person_get(user=user, person_id=witness_id) if witness_id else None
    link = ElementLink.objects.create(case=case, element=element, act=act, source=source, evidence=evidence,
                                      witness=witness, note=note.strip(), created_by=user)
    audit_record(user=user, action="element_link", record_type="case", record_id=case.pk,
                 changes={"element": f"{element.crime.code} {element.number}", "act": act_id, "source": source_id,
                          "evidence": evidence_id, "witness": witness_id, "note": link.note})
    return link


def _structure_common(user, fields: dict, errors: dict):
    from sijill.sources.selectors import source_list

    date_from, date_to = _day(fields.get("date_from"), "date_from", errors), _day(fields.get("date_to"), "date_to", errors)
    if date_from and date_to and date_to < date_from:
        errors["date_to"] = [_("The end is before the start.")]
    ids = [int(getattr(s, "pk", s)) for s in fields.get("sources") or []]
    sources = list(source_list(user=user).filter(pk__in=ids))
    if len(sources) != len(set(ids)):
        errors["sources"] = [_("Unknown sources: %(ids)s.") % {"ids": ", ".join(map(str, sorted(set(ids) - {s.pk for s in sources})))}]
    return date_from, date_to, sources


@transaction.atomic
def subordination_add(*, user, unit, parent, date_from=None, date_to=None, sources=(), note: str = ""):
    """Record, with sources, that a unit was part of a parent actor over a period."""
    from sijill.input_rules import require_role

    from .models import Subordination

    require_role(user, "edit")
    errors: dict[str, list] = {}
    unit, parent = _actor(unit, "unit", errors), _actor(parent, "parent", errors)
    if unit and parent and unit.pk == parent.pk:
        errors["parent"] = [_("A unit cannot be part of itself.")]
    start, end, found = _structure_common(user, {"date_from": date_from, "date_to": date_to, "sources": sources}, errors)
    if errors:
        raise ValidationError(errors)
    link = Subordination.objects.create(unit=unit, parent=parent, date_from=start, date_to=end, note=note or "", created_by=user)
    link.sources.set(found)
    audit_record(user=user, action="subordination_add", record_type="actor", record_id=unit.pk,
                 changes={"part_of": parent.slug, "from": str(start or ""), "to": str(end or ""),
                          "sources": [s.pk for s in found]})
    return link


@transaction.atomic
def command_add(*, user, unit, commander, position: str = "", date_from=None, date_to=None, sources=(), note: str = ""):
    """Record, with sources, that a person commanded a unit over a period."""
    from sijill.input_rules import require_role
    from sijill.people.selectors import person_get

    from .models import Command

    require_role(user, "edit")
    errors: dict[str, list] = {}
    unit = _actor(unit, "unit", errors)
    person = commander if hasattr(commander, "pk") else person_get(user=user, person_id=commander)
    start, end, found = _structure_common(user, {"date_from": date_from, "date_to": date_to, "sources": sources}, errors)
    if errors:
        raise ValidationError(errors)
    link = Command.objects.create(unit=unit, commander=person, position=(position or "").strip()[:200],
                                  date_from=start, date_to=end, note=note or "", created_by=user)
    link.sources.set(found)
    audit_record(user=user, action="command_add", record_type="actor", record_id=unit.pk,
                 changes={"commander": person.pk, "position": link.position, "from": str(start or ""),
                          "to": str(end or ""), "sources": [s.pk for s in found]})
    return link
