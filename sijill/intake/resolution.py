"""Resolving the names in imported rows: places, actors, vocabulary terms, linked incidents.

Every lookup goes through the one resolver of its kind (`sijill.places.resolver`,
`sijill.actors.selectors.actor_resolver`) and is cached for the run, so a file with 30,000 rows
naming 500 villages resolves 500 names. Only unambiguous exact matches are taken: a spelling
variant, a fuzzy match or two equally good candidates leave the value unresolved and listed for
review with its candidates; nothing is guessed silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sijill.places import resolver as places

EXACT_PLACE = 0.95
VARIANT_PLACE = 0.85
# Unresolved names for which close spellings are looked up as candidates, per run.
FUZZY_CANDIDATE_NAMES = 300
EXACT_ACTOR = 0.9


@dataclass
class PlaceFound:
    place: object = None
    candidates: list = field(default_factory=list)
    variant: bool = False


@dataclass
class ActorFound:
    actor_id: int | None = None
    candidates: list = field(default_factory=list)


def _describe(match) -> str:
    return f"{match.name_en} / {match.name_ar} ({match.pcode}, {match.score})"


class Resolver:
    def __init__(self):
        from sijill.places.models import Precision

        self.place_precisions = set(Precision.values)
        self._terms: dict = {}
        self._places: dict = {}
        self._place_rows: dict = {}
        self._actors: dict = {}
        self._actor_info: dict = {}
        self._links: dict = {}
        self._act_places: dict = {}
        self._fuzzy_budget = FUZZY_CANDIDATE_NAMES

    # -- vocabulary

    def term(self, kind: str, code, field: str | None = None):
        """The Term for a code; an unknown code is returned as given for the services to reject."""
        from sijill.vocabularies.models import Term
        from sijill.vocabularies.selectors import term_resolve

        if code in (None, "") or not isinstance(code, str):
            return code if code != "" else None
        key = (kind, code)
        if key not in self._terms:
            self._terms[key] = Term.objects.filter(kind=kind, code=code).first()
        found = self._terms[key]
        if found is None and field is not None:
            return term_resolve(kind=kind, value=code, field=field)  # raises, listing known terms
        return found or code

    # -- places

    def _place_row(self, pcode: str):
        from sijill.places.models import Place

        if pcode not in self._place_rows:
            self._place_rows[pcode] = Place.objects.filter(pcode=pcode).first()
        return self._place_rows[pcode]

    def governorate(self, name: str) -> PlaceFound:
        """The governorate a name means: exact, or a spelling variant when only one governorate fits.

        With 14 governorates a consonant-frame match ("Al Hassakah" for Al-Hasakeh) is not a guess
        but it is still listed for review as a variant.
        """
        key = ("gov", name)
        if key not in self._places:
            matches = [m for m in places.resolve(name, limit=5) if m.level == 1]
            exact = [m for m in matches if m.score >= EXACT_PLACE]
            variant = [m for m in matches if m.score >= VARIANT_PLACE]
            chosen = exact if exact else variant
            if len({m.pcode for m in chosen}) == 1:
                found = self._found(chosen[0])
                found.variant = not exact
                self._places[key] = found
            else:
                self._places[key] = PlaceFound(None, [_describe(m) for m in matches[:3]])
        return self._places[key]

    def place(self, name: str, within: str | None) -> PlaceFound:
        """The one place a name means inside `within`; unresolved when not exact or not unique."""
        key = (name, within)
        if key not in self._places and name in places.gazetteer().by_pcode:
            # Form submissions (the XLSForm's place pickers) send the p-code itself.
            row = self._place_row(name)
            self._places[key] = PlaceFound(row, [] if row else [f"{name} - not loaded"])
        if key not in self._places:
            # limit=1: the resolver looks for fuzzy matches only when it finds nothing closer;
            # those serve only as candidates for review, so a run computes a bounded number.
            if self._may_match(name) or self._fuzzy_budget > 0:
                if not self._may_match(name):
                    self._fuzzy_budget -= 1
                matches = places.resolve(name, within=within, limit=1)
            else:
                matches = []
            if not matches or matches[0].score < EXACT_PLACE:
                self._places[key] = PlaceFound(None, [_describe(m) for m in matches])
            else:
                best = matches[0]
                rivals = self._rivals(best, within)
                if rivals:
                    self._places[key] = PlaceFound(None, [_describe(best), *rivals[:2]])
                else:
                    self._places[key] = self._found(best)
        return self._places[key]

    @staticmethod
    def _may_match(name: str) -> bool:
        key = places.name_key(name)
        index = places.gazetteer()
        return key in index.exact or places.skeleton_key(key) in index.skeleton

    @staticmethod
    def _rivals(best, within: str | None) -> list[str]:
        """Other places at the same level whose name is exactly the matched name, inside `within`."""
        index = places.gazetteer()
        rivals = []
        for i, _name, _primary in index.exact.get(places.name_key(best.matched_name), ()):
            place = index.places[i]
            if place.pcode == best.pcode or place.level != best.level:
                continue
            if within and not any(p.startswith(within) for p in index.lineage[i]):
                continue
            rivals.append(f"{place.name_en} / {place.name_ar} ({place.pcode})")
        return rivals

    def _found(self, match) -> PlaceFound:
        row = self._place_row(match.pcode)
        if row is None:
            # The gazetteer knows it but this database has not loaded it (`sijill gazetteer load`).
            return PlaceFound(None, [_describe(match) + " - not loaded"])
        return PlaceFound(row, [])

    # -- actors

    def actor(self, name: str) -> ActorFound:
        from sijill.actors.selectors import actor_resolver

        if name not in self._actors:
            from sijill.actors.models import Actor

            # Form submissions send the actor's slug (the XLSForm's choice names).
            by_slug = Actor.objects.filter(slug=name, deleted_at__isnull=True).values_list("pk", flat=True).first()
            if by_slug is not None:
                self._actors[name] = ActorFound(by_slug, [])
                return self._actors[name]
            matches = actor_resolver().resolve(name)
            strong = [m for m in matches if m.score >= EXACT_ACTOR]
            if strong and (len(strong) == 1 or strong[0].score > strong[1].score):
                self._actors[name] = ActorFound(strong[0].actor_id, [])
            else:
                self._actors[name] = ActorFound(None, [f"{m.alias} ({m.score})" for m in matches[:3]])
        return self._actors[name]

    def actor_info(self, actor_id: int) -> tuple[str, str, str]:
        """(slug, name_en, name_ar) of an actor."""
        from sijill.actors.models import Actor

        if actor_id not in self._actor_info:
            self._actor_info[actor_id] = Actor.objects.filter(pk=actor_id).values_list(
                "slug", "name_en", "name_ar").first() or ("", "", "")
        return self._actor_info[actor_id]

    # -- links between imported records

    def incident_act(self, source: str, ref: str) -> list[int]:
        """The import-made acts of incidents the source refers to by `ref` (its alternate key)."""
        from .models import ImportRecord

        if ref not in self._links:
            parts = ImportRecord.objects.filter(source=source, target_type="incident", alt_key=ref).values_list(
                "parts", flat=True)
            self._links[ref] = [p["act"] for p in parts if p and p.get("act")]
        return self._links[ref]

    def act_place(self, act_id: int):
        """The place of the incident an act belongs to (None when it has none)."""
        from sijill.incidents.models import Act

        if act_id not in self._act_places:
            act = Act.objects.select_related("incident__place").filter(pk=act_id).first()
            self._act_places[act_id] = act.incident.place if act is not None else None
        return self._act_places[act_id]

    def confidentiality_of(self, target: str, pk: int) -> int | None:
        from sijill.incidents.models import Incident
        from sijill.people.models import Person

        model = Incident if target == "incident" else Person
        return model.objects.filter(pk=pk).values_list("confidentiality", flat=True).first()
