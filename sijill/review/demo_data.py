"""Demo review and case data on top of the demo incidents (sijill/web/demo_data.py): a repost
linked to its original, incidents submitted for review with a comment, a commander and a dated
subordination for one unit, and a case on attacking civilians for the party most demo acts name.

Invented, like the demo incidents: no real person, no real event. A second run adds nothing.
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from sijill.actors.models import Actor
from sijill.incidents.models import Incident, PerpetrationClaim

from .models import Case, Command, RecordKind
from .services import (
    CHECKLISTS,
    case_create,
    command_add,
    review_comment,
    review_start,
    review_submit,
    review_verify,
    source_derive,
    subordination_add,
)

DEMO_CASE_TITLE = "[demo] Attacks on civilians"
ATTACK_TYPES = ("attack-on-civilians", "indiscriminate-attack", "prohibited-weapons")


def demo_case_actor() -> Actor | None:
    """The top-level party whose units and itself are claimed for the most demo attacks on civilians."""
    claims = PerpetrationClaim.objects.filter(
        act__incident__title_en__startswith="[demo]", act__violation_type__code__in=ATTACK_TYPES,
    ).exclude(actor__slug="unknown").values_list("actor__path", flat=True)
    roots = Counter(path.strip("/").split("/")[0] for path in claims)
    if not roots:
        return None
    root_id = max(sorted(roots), key=lambda r: roots[r])
    return Actor.objects.get(pk=int(root_id))


DEMO_REVIEWER = "demo-reviewer"


def demo_reviewer():
    """The demo's second person: an analyst who filed nothing, so may verify the demo incidents.
    It cannot log in (no password); the demo admin sees its decisions in each review's history."""
    from sijill.accounts.models import User

    reviewer, created = User.objects.get_or_create(username=DEMO_REVIEWER, defaults={"role": "analyst", "clearance": 3})
    if created:
        reviewer.set_unusable_password()
        reviewer.save(update_fields=["password"])
    return reviewer


def demo_verify(*, incident_ids) -> None:
    """Verify demo incidents as the demo reviewer, through the review workflow like anyone else."""
    reviewer = demo_reviewer()
    checklist = {key: "yes" for key, _question in CHECKLISTS[RecordKind.INCIDENT]}
    for pk in incident_ids:
        review_start(user=reviewer, kind=RecordKind.INCIDENT, record_id=pk)
        review_verify(user=reviewer, kind=RecordKind.INCIDENT, record_id=pk, checklist=checklist,
                      note="Demo: sources checked.")


@transaction.atomic
def review_demo_load(*, user, verify=()) -> Case | None:
    """Add the demo review and case data; returns the demo case (None without demo incidents).
    `verify`: demo incidents a second person (the demo reviewer) verifies through review."""
    from sijill.people.services import person_create
    from sijill.sources.models import Source
    from sijill.sources.services import source_create

    existing = Case.objects.filter(title_en=DEMO_CASE_TITLE).first()
    if existing is not None:
        return existing
    demo_verify(incident_ids=verify)
    actor = demo_case_actor()
    if actor is None:
        return None
    article = Source.objects.filter(title="Local news article (demo)").first()
    if article is not None:
        repost = source_create(user=user, title="Repost of the local news article (demo)", source_type="social-media-post",
                               url="https://example.org/demo/repost", language="ar")
        source_derive(user=user, source_id=repost.pk, derived_from_id=article.pk)
    for incident in Incident.objects.filter(title_en__startswith="[demo]", status__code="received").order_by("pk")[:3]:
        review_submit(user=user, kind="incident", record_id=incident.pk, note="Demo: please review.")
        review_comment(user=user, kind="incident", record_id=incident.pk,
                       text="Demo comment: is the second source independent of the first?")
    unit = actor.units.filter(deleted_at__isnull=True).order_by("slug").first()
    report = Source.objects.filter(title="Field report from our documenter (demo)").first()
    sources = [report.pk] if report else []
    if unit is not None and not Command.objects.filter(unit=unit).exists():
        commander = person_create(user=user, name_ar="قائد تجريبي", name_latin="Demo Commander", sex="male",
                                  status="combatant", notes="Invented for the demo.")
        command_add(user=user, unit=unit, commander=commander, position="Commander (demo)", date_from="2013-01-01",
                    sources=sources, note="Demo link.")
        subordination_add(user=user, unit=unit, parent=actor, date_from="2013-01-01", sources=sources, note="Demo link.")
    return case_create(user=user, title_en=DEMO_CASE_TITLE, title_ar="[تجريبي] الهجمات على المدنيين", scope="actor",
                       actor=actor.slug, crimes=["attacking-civilians"],
                       description="Demo case built from the demo incidents.")
