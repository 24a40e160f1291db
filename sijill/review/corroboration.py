"""Reading an incident's corroboration: its independent sources (one per origin), what each source
says about each claim (date, place, casualty figure, perpetrator), and the grading suggested from
that, explained. Only sources the reader may see are shown or counted."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from sijill.confidentiality import visible_to
from sijill.sources.models import Source

from .grading import Corroboration, suggest_grading
from .models import Aspect, ClaimAssessment, Stance

REASONS = {
    "contradicted": _("Independent sources contradict the incident's date, place or figures at least as often as "
                      "they support them."),
    "competing_claims": _("Two or more parties are each claimed, by a source, to have perpetrated an act."),
    "several_sources": _("Two or more independent sources report the incident and none contradicts it."),
    "acknowledged": _("The attribution is acknowledged in an official statement."),
    "many_sources_reliable": _("Three or more independent sources, at least one rated reliable (A or B), and no "
                               "contradiction."),
    "no_source": _("No source is linked to the incident."),
    "single_source": _("Only one independent source (reposts of one original count once)."),
    "some_contradicted": _("Some sources contradict the incident; support does not clearly outweigh them."),
}


@dataclass
class OriginGroup:
    key: str
    sources: list


@dataclass
class ClaimSupport:
    aspect: str
    label: str
    value: str = ""
    claim: object = None  # the PerpetrationClaim for a perpetrator claim
    supporting: list = field(default_factory=list)  # (source, what it says)
    contradicting: list = field(default_factory=list)
    supporting_origins: int = 0
    contradicting_origins: int = 0


@dataclass
class CorroborationReport:
    incident: object
    groups: list[OriginGroup]
    claims: list[ClaimSupport]
    suggested: str
    reasons: list[str]
    basis: Corroboration

    @property
    def independent(self) -> int:
        return len(self.groups)

    @property
    def source_count(self) -> int:
        return sum(len(g.sources) for g in self.groups)


def _incident_value(incident, aspect: str) -> str:
    if aspect == Aspect.DATE:
        text = incident.start_date.isoformat()
        return text if incident.end_date == incident.start_date else f"{text} – {incident.end_date.isoformat()}"
    if aspect == Aspect.PLACE:
        return f"{incident.place} ({incident.place.pcode})" if incident.place_id else ""
    if aspect == Aspect.CASUALTIES:
        rows = incident.casualty_rows()
        return "; ".join(f"{label} {cells[0]}" for label, cells in rows if cells[0])
    return ""


def incident_corroboration(*, user, incident_id) -> CorroborationReport:
    """The corroboration of one incident as this user may see it (see the module text)."""
    from sijill.incidents.selectors import incident_detail

    from .services import origin_keys

    incident = incident_detail(user=user, incident_id=incident_id)
    sources = {s.pk: s for s in incident.visible_sources}
    claims = []
    for act in incident.visible_acts:
        for s in act.visible_sources:
            sources.setdefault(s.pk, s)
        for claim in act.all_claims:
            claims.append(claim)
            for s in claim.visible_sources:
                sources.setdefault(s.pk, s)
    visible = visible_to(Source.objects.all(), user)
    assessments = list(
        ClaimAssessment.objects.filter(incident=incident, source__in=visible)
        .select_related("source", "source__source_type", "source__reliability", "perpetration_claim")
    )
    for a in assessments:
        sources.setdefault(a.source_id, a.source)
    keys = origin_keys(sources)

    by_key: dict[str, list] = defaultdict(list)
    for sid, source in sorted(sources.items()):
        by_key[keys[sid]].append(source)
    groups = [OriginGroup(key=k, sources=v) for k, v in by_key.items()]

    rows = []
    for aspect in (Aspect.DATE, Aspect.PLACE, Aspect.CASUALTIES):
        row = ClaimSupport(aspect=aspect, label=str(Aspect(aspect).label), value=_incident_value(incident, aspect))
        for a in assessments:
            if a.aspect == aspect:
                (row.supporting if a.stance == Stance.SUPPORTS else row.contradicting).append((a.source, a.value))
        rows.append(row)
    acknowledged = False
    parties_claimed = set()
    for claim in claims:
        row = ClaimSupport(aspect=Aspect.PERPETRATOR, label=str(Aspect.PERPETRATOR.label), claim=claim,
                           value=f"{claim.actor} ({claim.get_degree_display()})")
        row.supporting = [(s, "") for s in claim.visible_sources]
        for a in assessments:
            if a.aspect == Aspect.PERPETRATOR and a.perpetration_claim_id == claim.pk:
                target = row.supporting if a.stance == Stance.SUPPORTS else row.contradicting
                if a.stance == Stance.CONTRADICTS or all(s.pk != a.source_id for s, _v in row.supporting):
                    target.append((a.source, a.value))
        if row.supporting and claim.actor.slug != "unknown":
            parties_claimed.add(claim.actor.path.strip("/").split("/")[0])
            acknowledged = acknowledged or any(
                s.source_type_id and s.source_type.code == "official-statement" for s, _v in row.supporting)
        rows.append(row)
    for row in rows:
        row.supporting_origins = len({keys[s.pk] for s, _v in row.supporting})
        row.contradicting_origins = len({keys[s.pk] for s, _v in row.contradicting})

    fact_rows = [r for r in rows if r.aspect != Aspect.PERPETRATOR]
    basis = Corroboration(
        independent_sources=len(groups),
        supporting_origins=len({keys[s.pk] for r in fact_rows for s, _v in r.supporting}),
        contradicting_origins=len({keys[s.pk] for r in fact_rows for s, _v in r.contradicting}),
        parties_claimed=len(parties_claimed),
        acknowledged=acknowledged,
        reliable_origins=len({keys[s.pk] for s in sources.values()
                              if s.reliability_id and s.reliability.code in ("a", "b")}),
    )
    suggested, reasons = suggest_grading(basis)
    return CorroborationReport(incident=incident, groups=groups, claims=rows, suggested=suggested,
                               reasons=[str(REASONS[r]) for r in reasons], basis=basis)
