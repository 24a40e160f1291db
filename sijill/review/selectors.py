"""Reading reviews: work queues and their counts, a record's review and history, notifications.

Every queue starts from records the user may see (`visible_to`, through the incident, person and
source selectors), so nobody sees, or counts, a record above their clearance.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, Count, Func, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from sijill.confidentiality import clearance_of, visible_to
from sijill.incidents.models import Act, Incident, PerpetrationClaim
from sijill.incidents.selectors import IncidentFilters, incident_list
from sijill.people.models import Person
from sijill.sources.models import Source

from .models import Notification, ReviewComment, ReviewEvent, ReviewItem, SourceOrigin, State

OPEN_STATUSES = ("received", "under-review")
QUEUES = {
    "assigned": _("Assigned to me"),
    "waiting": _("Waiting for review"),
    "returned": _("Changes requested of me"),
    "single_source": _("Single-source"),
    "contested": _("Contested attribution"),
    "no_place": _("No place"),
}


ACTION_LABELS = {
    "submit": _("submitted for review"),
    "assign": _("assigned"),
    "start": _("review started"),
    "checklist": _("checklist answered"),
    "request_changes": _("changes requested"),
    "resubmit": _("resubmitted"),
    "verify": _("verified"),
    "reject": _("rejected"),
    "reopen": _("reopened"),
}


class PathRoot(Func):
    """The top-level actor (party) of an actor's materialised path "/3/17/" -> "3"."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"substr({sql}, 2, instr(substr({sql}, 2), '/') - 1)", [*params, *params]

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"split_part({sql}, '/', 2)", params


def visible_items(*, user) -> QuerySet[ReviewItem]:
    """Reviews of the records the user may see."""
    return ReviewItem.objects.filter(
        Q(incident__in=visible_to(Incident.objects.all(), user))
        | Q(person__in=visible_to(Person.objects.all(), user))
        | Q(source__in=visible_to(Source.objects.all(), user))
    )


def _source_links_sql(only: str = "") -> str:
    """(incident_id, source_id) for every source linked to an incident, one of its acts or claims.

    `only` is a condition on the incident id ("IN (%s, %s)") applied inside each branch, so the
    database reads only those incidents' links instead of all of them.
    """
    inc = Incident.sources.through._meta
    act = Act.sources.through._meta
    claim = PerpetrationClaim.sources.through._meta
    inc_col = inc.get_field("incident").column
    where = (lambda column: f" WHERE {column} {only}") if only else (lambda column: "")
    return (
        f"SELECT {inc_col} AS incident_id, {inc.get_field('source').column} AS source_id "
        f"FROM {inc.db_table}{where(inc_col)} "
        f"UNION SELECT a.incident_id, x.{act.get_field('source').column} FROM {act.db_table} x "
        f"JOIN {Act._meta.db_table} a ON a.id = x.{act.get_field('act').column}{where('a.incident_id')} "
        f"UNION SELECT a.incident_id, y.{claim.get_field('source').column} FROM {claim.db_table} y "
        f"JOIN {PerpetrationClaim._meta.db_table} c ON c.id = y.{claim.get_field('perpetrationclaim').column} "
        f"JOIN {Act._meta.db_table} a ON a.id = c.act_id{where('a.incident_id')}"
    )


def multi_source_incident_ids(*, user) -> RawSQL:
    """Ids of incidents with two or more independent sources the user may see, recounted from every
    link: one pass over the links, grouped by incident, counting distinct origins (a source without
    a stored origin counts as its own). The queues read CorroborationSummary instead (seconds
    faster at 200k incidents); this full recount is the reference the tests and the bench check
    the summary against."""
    sql = (
        f"SELECT links.incident_id FROM ({_source_links_sql()}) links "
        f"JOIN {Source._meta.db_table} s ON s.id = links.source_id AND s.confidentiality <= %s "
        f"AND s.deleted_at IS NULL "
        f"LEFT JOIN {SourceOrigin._meta.db_table} o ON o.source_id = s.id "
        f"GROUP BY links.incident_id "
        f"HAVING COUNT(DISTINCT COALESCE(o.key, 'source:' || CAST(s.id AS TEXT))) >= 2"
    )
    return RawSQL(sql, [clearance_of(user)])


def independent_counts(*, user, incident_ids) -> dict[int, int]:
    """Independent (visible) sources of a few incidents, e.g. one page of a queue."""
    ids = list(incident_ids)
    if not ids:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT links.incident_id, COUNT(DISTINCT COALESCE(o.key, 'source:' || CAST(s.id AS TEXT))) "
        f"FROM ({_source_links_sql(f'IN ({placeholders})')}) links "
        f"JOIN {Source._meta.db_table} s ON s.id = links.source_id AND s.confidentiality <= %s "
        f"AND s.deleted_at IS NULL "
        f"LEFT JOIN {SourceOrigin._meta.db_table} o ON o.source_id = s.id "
        f"GROUP BY links.incident_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *ids, *ids, clearance_of(user)])
        counts = dict(cursor.fetchall())
    return {pk: counts.get(pk, 0) for pk in ids}


def contested_incident_ids():
    """Incidents with an act claimed for two or more parties (the unknown actor aside), recounted
    from every claim: the reference for CorroborationSummary.contested (see above)."""
    acts = (
        PerpetrationClaim.objects.exclude(actor__slug="unknown").order_by().values("act_id")
        .annotate(parties=Count(PathRoot("actor__path"), distinct=True)).filter(parties__gte=2).values("act_id")
    )
    return PerpetrationClaim.objects.filter(act_id__in=acts).values("act__incident_id")


@dataclass
class QueueFilters:
    """Filters of the queues: kind of record, the incident list's filters, and open-only."""

    kind: str = ""  # incident, person, source or "" for all
    q: str = ""
    place: str = ""
    actor: str = ""
    date_from: object = None
    date_to: object = None
    include_decided: bool = False

    def incident_filters(self) -> IncidentFilters:
        return IncidentFilters(q=self.q, place=self.place, actor=self.actor, date_from=self.date_from,
                               date_to=self.date_to)


def _status_ids(*codes: str) -> list[int]:
    from sijill.vocabularies.models import Term

    return list(Term.objects.filter(kind="verification_status", code__in=codes).values_list("pk", flat=True))


def _incidents(user, f: QueueFilters) -> QuerySet[Incident]:
    qs = incident_list(user=user, filters=f.incident_filters())
    if not f.include_decided:
        qs = qs.filter(status_id__in=_status_ids(*OPEN_STATUSES))
    return qs


def _items_filtered(user, f: QueueFilters) -> QuerySet[ReviewItem]:
    items = visible_items(user=user)
    if f.kind:
        items = items.filter(kind=f.kind)
    if f.q or f.place or f.actor or f.date_from or f.date_to:
        items = items.filter(kind="incident", incident__in=incident_list(user=user, filters=f.incident_filters()))
    return items.select_related("incident", "person", "source", "assignee", "author")


def queue_items(*, user, queue: str, filters: QueueFilters | None = None):
    """A queue's records: a queryset of ReviewItem (assigned, returned, the persons and sources
    waiting) or of Incident (waiting incidents, single-source, contested, no place)."""
    f = filters or QueueFilters()
    if queue == "assigned":
        return _items_filtered(user, f).filter(assignee=user, state__in=[State.RECEIVED, State.IN_REVIEW])
    if queue == "returned":
        return _items_filtered(user, f).filter(state=State.CHANGES_REQUESTED).filter(
            Q(author=user) | Q(incident__created_by=user) | Q(person__created_by=user) | Q(source__created_by=user))
    if queue == "waiting":
        # Incidents wait by their verification status (so those filed before any review wait too);
        # persons and sources once submitted.
        return _incidents(user, f).filter(status_id__in=_status_ids("received"))
    if queue == "single_source":
        # Not two independent sources at or below the user's clearance (CorroborationSummary, kept
        # by the services, one row per incident). A join: a page walks the incidents in order and
        # stops after fifty; the dashboard counts from the summary's index alone (queue_counts).
        return _incidents(user, f).exclude(corroboration_summary__corroborated_from__lte=clearance_of(user))
    if queue == "contested":
        # Few incidents: a subquery read from the summary's partial index, then looked up by id.
        from .models import CorroborationSummary

        return _incidents(user, f).filter(
            pk__in=CorroborationSummary.objects.filter(contested=True).values("incident_id"))
    if queue == "no_place":
        return _incidents(user, f).filter(place__isnull=True)
    raise ValueError(f"unknown queue {queue!r}")


def waiting_records(*, user, filters: QueueFilters | None = None) -> QuerySet[ReviewItem]:
    """Persons and sources submitted for review and waiting."""
    f = filters or QueueFilters()
    return _items_filtered(user, f).filter(state=State.RECEIVED, kind__in=["person", "source"])


# Queues that read every incident (not the user's own reviews): counted once per clearance and
# state of the data, then served from the cache until anything changes.
DATA_QUEUES = ("waiting", "single_source", "contested", "no_place")


def _data_state() -> str:
    """Changes whenever a record changes: every write through a service, an import batch, or
    `sijill review_origins` appends an audit event, so the last event's hash says it."""
    from sijill.audit.models import AuditEvent

    return AuditEvent.objects.order_by("-seq").values_list("hash", flat=True).first() or "empty"


def queue_counts(*, user) -> dict[str, int]:
    """How many records each queue holds for this user (the dashboard's tiles).

    The data-quality queues count every visible incident (indexed, through CorroborationSummary
    for single-source and contested), and their counts are cached per clearance and data state.
    """
    from django.core.cache import cache

    from .models import CorroborationSummary

    clearance = clearance_of(user)
    key = f"review:queue-counts:{clearance}:{_data_state()}"
    counts = cache.get(key)
    if counts is None:
        counts = {name: queue_items(user=user, queue=name).order_by().count() for name in ("waiting", "no_place")}
        # Read from the summary's indexes alone (every incident has its row: see CorroborationSummary).
        summary = CorroborationSummary.objects.filter(open=True, confidentiality__lte=clearance)
        counts["single_source"] = summary.exclude(corroborated_from__lte=clearance).count()
        counts["contested"] = summary.filter(contested=True).count()
        cache.set(key, counts, 600)
    counts = dict(counts)
    for name in QUEUES:
        if name not in DATA_QUEUES:
            counts[name] = queue_items(user=user, queue=name).order_by().count()
    counts["waiting"] += waiting_records(user=user).count()
    return {name: counts[name] for name in QUEUES}


def item_get(*, user, kind: str, record_id) -> tuple[object, ReviewItem | None]:
    """(record, its review or None) for a record the user may see (else NotFound)."""
    from .services import _record_get

    record = _record_get(user=user, kind=kind, record_id=record_id)
    item = ReviewItem.objects.filter(**{kind: record}).select_related("assignee", "author").first()
    return record, item


def item_timeline(*, item: ReviewItem) -> list[dict]:
    """Events and comments of a review, oldest first: what happened, who, when, with what note."""
    rows = [
        {"type": "event", "at": e.at, "user": e.user, "event": e, "action": ACTION_LABELS.get(e.action, e.action),
         "from": State(e.from_state).label if e.from_state else "", "to": State(e.to_state).label if e.to_state else ""}
        for e in ReviewEvent.objects.filter(item=item).select_related("user", "assignee")
    ]
    rows += [
        {"type": "comment", "at": c.at, "user": c.author, "comment": c}
        for c in ReviewComment.objects.filter(item=item).select_related("author").prefetch_related("mentions")
    ]
    return sorted(rows, key=lambda r: (r["at"], r["type"] == "comment"))


def reviewers(*, exclude=()) -> QuerySet:
    """Active users who review (analysts, coordinators, admins)."""
    from sijill.accounts.models import User

    return User.objects.filter(is_active=True, role__in=["analyst", "coordinator", "admin"]).exclude(
        pk__in=[u for u in exclude if u]).order_by("username")


def notifications_for(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user).select_related("sender", "item")
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
