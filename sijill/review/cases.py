"""Building a case: the acts in its scope, and for each element of each crime the acts, sources,
witnesses and evidence that support it, and the elements nothing supports yet (the gaps).

How an element is supported (CrimeElement.indicator, seeded with the crimes):

  act                 a qualifying act (its violation type may amount to the crime) with a source
  civilian_victims    ... whose victims include a civilian, or coded as a direct attack on civilians
  direct_attack       ... coded "direct attack on civilians" by the documenter (the coder's reading of intent)
  civilian_object     ... against a civilian object (school, hospital, civilian object, property)
  protected_building  ... against a hospital or school
  chemical_weapon     ... with a chemical weapon
  child_victims       ... whose victims include a child
  pattern             ten or more such acts in three or more places (a sign of a widespread attack)
  (none)              only evidence an analyst links to the element (ElementLink): intent, context, ...

Only acts from incidents the reader may see, not deleted and not rejected, are gathered, and only
visible sources, victims, witnesses and evidence are shown or counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sijill.confidentiality import clearance_of, visible_to
from sijill.errors import NotFound
from sijill.incidents.models import Act, Incident, PerpetrationClaim, Victim
from sijill.sources.models import Source

from .models import Case, CaseScope, Command, Crime, ElementLink, Subordination

PATTERN_ACTS = 10
PATTERN_PLACES = 3
ATTACK_ON_CIVILIANS = "attack-on-civilians"
CIVILIAN_OBJECT_TYPES = {"attack-on-civilian-object", "attack-on-school", "attack-on-medical", "property-destruction"}
PROTECTED_BUILDING_TYPES = {"attack-on-medical", "attack-on-school"}


@dataclass
class ChainLink:
    """One link of a chain of command: a unit, who commanded it then, and what it was part of."""

    actor: object
    commanders: list  # [(Command, [visible sources])]
    parent: object = None
    parent_sources: list = field(default_factory=list)
    parent_basis: str = ""  # "dated link" (Subordination, sourced) or "actor hierarchy"


@dataclass
class CaseAct:
    act: object
    incident: object
    claims: list  # the claims naming an actor in the case's scope (or all, outside actor scopes)
    sources: list
    witnesses: list  # sources of type witness testimony
    victims: list
    evidence: list
    chain: list = field(default_factory=list)  # [ChainLink] per claimed actor, flattened

    @property
    def sourced(self) -> bool:
        return bool(self.sources)


@dataclass
class ElementFinding:
    element: object
    supported: bool
    acts: list = field(default_factory=list)  # [CaseAct]
    links: list = field(default_factory=list)  # [ElementLink]
    sources: list = field(default_factory=list)
    witnesses: list = field(default_factory=list)
    evidence: list = field(default_factory=list)
    basis: str = ""


@dataclass
class CrimeFinding:
    crime: object
    acts: list
    elements: list

    @property
    def unsupported(self) -> list:
        return [f.element for f in self.elements if not f.supported]


@dataclass
class CaseFile:
    case: object
    acts: list
    crimes: list
    built_at: object
    built_for: str


# ---- gathering the acts ---------------------------------------------------------------------------

def _actor_ids_in_scope(actor) -> set[int]:
    """The actor, its units in the hierarchy, and units linked to it by dated subordination."""
    from sijill.actors.models import Actor

    ids = set(Actor.objects.filter(path__startswith=actor.path, deleted_at__isnull=True).values_list("pk", flat=True))
    frontier = set(ids)
    while frontier:
        linked = set(Subordination.objects.filter(parent_id__in=frontier).values_list("unit_id", flat=True)) - ids
        below = set()
        for unit in Actor.objects.filter(pk__in=linked):
            below |= set(Actor.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
        frontier = (linked | below) - ids
        ids |= frontier
    return ids


def case_acts_queryset(*, user, case: Case):
    """The acts the case gathers, from incidents the user may see (not rejected)."""
    incidents = visible_to(Incident.objects.all(), user).exclude(status__code="rejected")
    if case.date_from:
        incidents = incidents.filter(end_date__gte=case.date_from)
    if case.date_to:
        incidents = incidents.filter(start_date__lte=case.date_to)
    if case.place_id:
        incidents = incidents.filter(place_path__startswith=case.place.path)
    acts = Act.objects.filter(incident__in=incidents)
    if case.violation_types:
        acts = acts.filter(violation_type__code__in=case.violation_types)
    if case.actor_id:
        acts = acts.filter(pk__in=PerpetrationClaim.objects.filter(actor_id__in=_actor_ids_in_scope(case.actor))
                           .values("act_id"))
    return acts.select_related("incident", "incident__place", "incident__status", "violation_type", "method")


def _command_chain(actor, on: date, *, user) -> list[ChainLink]:
    """From the unit up to its top-level party, on a date: commanders and parents, with sources."""
    clearance = clearance_of(user)
    visible_sources = Q(confidentiality__lte=clearance, deleted_at__isnull=True)
    chain, seen = [], set()
    node = actor
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        dated = Q(date_from__isnull=True) | Q(date_from__lte=on)
        dated &= Q(date_to__isnull=True) | Q(date_to__gte=on)
        commands = (Command.objects.filter(dated, unit=node, commander__confidentiality__lte=clearance,
                                           commander__deleted_at__isnull=True).select_related("commander"))
        link = ChainLink(actor=node, commanders=[(c, list(c.sources.filter(visible_sources))) for c in commands])
        sub = Subordination.objects.filter(dated, unit=node).select_related("parent").order_by("-date_from").first()
        if sub is not None:
            link.parent, link.parent_basis = sub.parent, "dated link"
            link.parent_sources = list(sub.sources.filter(visible_sources))
        elif node.parent_id:
            link.parent, link.parent_basis = node.parent, "actor hierarchy"
        chain.append(link)
        node = link.parent
    return chain


def case_acts(*, user, case: Case) -> list[CaseAct]:
    from sijill.evidence.models import EvidenceItem

    clearance = clearance_of(user)
    visible_sources = Source.objects.filter(confidentiality__lte=clearance, deleted_at__isnull=True).select_related(
        "source_type", "reliability", "credibility")
    scope_actors = _actor_ids_in_scope(case.actor) if case.actor_id else None
    acts = list(case_acts_queryset(user=user, case=case).order_by("incident__start_date", "pk").prefetch_related(
        Prefetch("sources", queryset=visible_sources, to_attr="visible_sources"),
        Prefetch("incident__sources", queryset=visible_sources, to_attr="visible_sources"),
        Prefetch("claims", queryset=PerpetrationClaim.objects.select_related("actor", "actor__parent").prefetch_related(
            Prefetch("sources", queryset=visible_sources, to_attr="visible_sources")), to_attr="all_claims"),
        Prefetch("victim_links", queryset=Victim.objects.filter(
            person__confidentiality__lte=clearance, person__deleted_at__isnull=True).select_related("person"),
            to_attr="visible_victims"),
    ))
    evidence_by_incident: dict[int, list] = {}
    items = visible_to(EvidenceItem.objects.all(), user).filter(incidents__in={a.incident_id for a in acts})
    for item in items.prefetch_related("incidents"):
        for incident in item.incidents.all():
            evidence_by_incident.setdefault(incident.pk, []).append(item)
    rows = []
    for act in acts:
        claims = [c for c in act.all_claims if scope_actors is None or c.actor_id in scope_actors]
        sources = {s.pk: s for s in act.visible_sources}
        for claim in claims:
            sources.update({s.pk: s for s in claim.visible_sources})
        for s in act.incident.visible_sources:
            sources.setdefault(s.pk, s)
        ordered = sorted(sources.values(), key=lambda s: s.pk)
        chain = []
        if scope_actors is not None:
            for claim in claims:
                chain += _command_chain(claim.actor, act.incident.start_date, user=user)
        rows.append(CaseAct(
            act=act, incident=act.incident, claims=claims, sources=ordered,
            witnesses=[s for s in ordered if s.source_type.code == "witness-testimony"],
            victims=act.visible_victims, evidence=evidence_by_incident.get(act.incident_id, []), chain=chain,
        ))
    return rows


# ---- reading the acts against the elements ----------------------------------------------------------

def _indicated(indicator: str, row: CaseAct) -> bool:
    code = row.act.violation_type.code
    if indicator == "act":
        return True
    if indicator == "civilian_victims":
        return code == ATTACK_ON_CIVILIANS or any(v.person.status == "civilian" for v in row.victims)
    if indicator == "direct_attack":
        return code == ATTACK_ON_CIVILIANS
    if indicator == "civilian_object":
        return code in CIVILIAN_OBJECT_TYPES
    if indicator == "protected_building":
        return code in PROTECTED_BUILDING_TYPES
    if indicator == "chemical_weapon":
        return bool(row.act.method_id) and row.act.method.code == "chemical"
    if indicator == "child_victims":
        return any(v.person.is_child for v in row.victims)
    return False


def _finding(element, qualifying: list[CaseAct], links: list) -> ElementFinding:
    indicator = element.indicator
    acts = []
    basis = ""
    if indicator == "pattern":
        sourced = [r for r in qualifying if r.sourced]
        places = {r.incident.place_id for r in sourced if r.incident.place_id}
        if len(sourced) >= PATTERN_ACTS and len(places) >= PATTERN_PLACES:
            acts = sourced
        basis = str(_("%(acts)d sourced acts in %(places)d places (a pattern needs %(min_acts)d in %(min_places)d)")
                    % {"acts": len(sourced), "places": len(places), "min_acts": PATTERN_ACTS, "min_places": PATTERN_PLACES})
    elif indicator:
        acts = [r for r in qualifying if r.sourced and _indicated(indicator, r)]
    finding = ElementFinding(element=element, supported=bool(acts or links), acts=acts, links=links, basis=basis)
    sources, witnesses, evidence = {}, {}, {}
    for row in acts:
        sources.update({s.pk: s for s in row.sources})
        witnesses.update({s.pk: s for s in row.witnesses})
        evidence.update({e.pk: e for e in row.evidence})
    for link in links:
        if link.source_id:
            sources[link.source_id] = link.source
            if link.source.source_type.code == "witness-testimony":
                witnesses[link.source_id] = link.source
        if link.evidence_id:
            evidence[link.evidence_id] = link.evidence
    finding.sources = sorted(sources.values(), key=lambda s: s.pk)
    finding.witnesses = sorted(witnesses.values(), key=lambda s: s.pk)
    finding.evidence = sorted(evidence.values(), key=lambda e: e.pk)
    return finding


def _visible_links(*, user, case: Case) -> list:
    from sijill.evidence.models import EvidenceItem
    from sijill.people.models import Person

    clearance = clearance_of(user)
    links = (ElementLink.objects.filter(case=case).select_related("act__incident", "source__source_type", "evidence",
                                                                   "witness", "element"))
    visible = []
    for link in links:
        checks = [
            link.act_id is None or visible_to(Incident.objects.filter(pk=link.act.incident_id), user).exists(),
            link.source_id is None or (link.source.confidentiality <= clearance and link.source.deleted_at is None),
            link.evidence_id is None or visible_to(EvidenceItem.objects.filter(pk=link.evidence_id), user).exists(),
            link.witness_id is None or visible_to(Person.objects.filter(pk=link.witness_id), user).exists(),
        ]
        if all(checks):
            visible.append(link)
    return visible


def case_get(*, user, case_id) -> Case:
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise NotFound(f"No case {case_id!r}.") from None
    case = visible_to(Case.objects.select_related("actor", "place"), user).filter(pk=case_id).first()
    if case is None:
        raise NotFound(f"No case {case_id}.")
    return case


def case_build(*, user, case_id) -> CaseFile:
    """The case file as this user may see it: acts, crimes, elements with support, and gaps."""
    case = case_get(user=user, case_id=case_id)
    rows = case_acts(user=user, case=case)
    crimes = list(case.crimes.prefetch_related("elements"))
    if not crimes:  # no crime chosen: every crime one of the gathered acts may amount to
        types = {r.act.violation_type.code for r in rows}
        crimes = [c for c in Crime.objects.prefetch_related("elements") if types & set(c.violation_types)]
    links = _visible_links(user=user, case=case)
    findings = []
    for crime in crimes:
        qualifying = [r for r in rows if r.act.violation_type.code in crime.violation_types]
        elements = [
            _finding(element, qualifying, [link for link in links if link.element_id == element.pk])
            for element in crime.elements.all()
        ]
        findings.append(CrimeFinding(crime=crime, acts=qualifying, elements=elements))
    return CaseFile(case=case, acts=rows, crimes=findings, built_at=timezone.now(), built_for=user.username)


# ---- the exported case file -------------------------------------------------------------------------

def _source_json(s) -> dict:
    return {"id": s.pk, "title": s.title, "type": s.source_type.code, "origin": s.origin, "url": s.url,
            "archived_url": s.archived_url, "published_on": s.published_on.isoformat() if s.published_on else None,
            "reliability": s.reliability.code if s.reliability_id else None,
            "credibility": s.credibility.code if s.credibility_id else None}


def _act_json(row: CaseAct) -> dict:
    incident = row.incident
    return {
        "act": row.act.pk, "incident": incident.pk, "title_en": incident.title_en, "title_ar": incident.title_ar,
        "start_date": incident.start_date.isoformat(), "end_date": incident.end_date.isoformat(),
        "place": incident.place.pcode if incident.place_id else None,
        "verification_status": incident.status.code, "grading": incident.grading.code if incident.grading_id else None,
        "violation_type": row.act.violation_type.code, "method": row.act.method.code if row.act.method_id else None,
        "perpetrators": [{"actor": c.actor.slug, "degree": c.degree, "confidence": c.confidence,
                          "sources": [s.pk for s in c.visible_sources]} for c in row.claims],
        "victims": [{"person": v.person_id, "outcome": v.outcome, "status": v.person.status,
                     "child": v.person.is_child} for v in row.victims],
        "sources": [s.pk for s in row.sources], "witnesses": [s.pk for s in row.witnesses],
        "evidence": [{"uid": str(e.uid), "sha256": e.sha256} for e in row.evidence],
        "chain_of_command": [
            {"actor": link.actor.slug,
             "commanders": [{"person": c.commander_id, "name": c.commander.name_latin or c.commander.name_ar,
                             "position": c.position, "sources": [s.pk for s in srcs]} for c, srcs in link.commanders],
             "part_of": link.parent.slug if link.parent else None, "part_of_basis": link.parent_basis,
             "part_of_sources": [s.pk for s in link.parent_sources]}
            for link in row.chain
        ],
    }


def case_file_json(case_file: CaseFile) -> dict:
    """The structured case file (what the publishing outputs read): every element of every crime
    with the acts, sources, witnesses and evidence that support it, and the unsupported elements."""
    case = case_file.case
    sources = {}
    for row in case_file.acts:
        sources.update({s.pk: s for s in row.sources})
    for crime in case_file.crimes:
        for f in crime.elements:
            sources.update({s.pk: s for s in f.sources})
    return {
        "format": "sijill-case-file/1",
        "case": {"id": case.pk, "title_en": case.title_en, "title_ar": case.title_ar, "scope": case.scope,
                 "actor": case.actor.slug if case.actor_id else None, "place": case.place.pcode if case.place_id else None,
                 "date_from": case.date_from.isoformat() if case.date_from else None,
                 "date_to": case.date_to.isoformat() if case.date_to else None,
                 "violation_types": case.violation_types, "description": case.description,
                 "confidentiality": case.confidentiality},
        "built_at": case_file.built_at.isoformat(), "built_for": case_file.built_for,
        "acts": [_act_json(r) for r in case_file.acts],
        "crimes": [
            {"code": c.crime.code, "article": c.crime.article, "title_en": c.crime.title_en, "title_ar": c.crime.title_ar,
             "framework": c.crime.framework, "acts": [r.act.pk for r in c.acts],
             "elements": [
                 {"number": f.element.number, "kind": f.element.kind, "text_en": f.element.text_en,
                  "text_ar": f.element.text_ar, "supported": f.supported, "basis": f.basis,
                  "acts": [r.act.pk for r in f.acts], "sources": [s.pk for s in f.sources],
                  "witnesses": [s.pk for s in f.witnesses], "evidence": [str(e.uid) for e in f.evidence],
                  "links": [{"act": x.act_id, "source": x.source_id, "evidence": str(x.evidence.uid) if x.evidence_id else None,
                             "witness": x.witness_id, "note": x.note} for x in f.links]}
                 for f in c.elements
             ],
             "unsupported_elements": [e.number for e in c.unsupported]}
            for c in case_file.crimes
        ],
        "sources": [_source_json(s) for s in sorted(sources.values(), key=lambda s: s.pk)],
    }


def case_file_html(case_file: CaseFile) -> str:
    """The case file as one standalone HTML page (no scripts, no outside resources)."""
    from django.template.loader import render_to_string

    return render_to_string("review/case_file.html", {"file": case_file})


SCOPE_NEEDS = {
    CaseScope.ACTOR: ("actor",),
    CaseScope.UNIT: ("actor",),
    CaseScope.PLACE_PERIOD: ("place", "date_from", "date_to"),
    CaseScope.PATTERN: ("violation_types",),
}
