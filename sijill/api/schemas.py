"""What goes in and out of the API. Dates are ISO strings, vocabulary terms their codes,
places their p-codes and actors their slugs.

Input schemas forbid unknown fields, so a misspelt field is an error and never silently dropped.
Values are validated by the services (one place for every rule); the schemas only check types.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import ConfigDict, create_model

from sijill.incidents.services import CASUALTY_FIELDS

DateText = str  # "YYYY-MM-DD"; checked by the service so the message names the field and the rule


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


def _code(term) -> str | None:
    return term.code if term is not None else None


# --- pages --------------------------------------------------------------------------------------

class Paging(Schema):
    page: int = Field(1, ge=1, le=10**9)
    page_size: int = Field(50, ge=1, le=200)


# --- vocabularies, places, actors ----------------------------------------------------------------

class TermOut(Schema):
    code: str
    label_en: str
    label_ar: str


class PlaceOut(Schema):
    pcode: str
    name_en: str
    name_ar: str
    alt_names: list[str]
    level: int
    country: str
    parent: str | None
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.pcode if obj.parent_id else None


class ActorRef(Schema):
    slug: str
    name_en: str
    name_ar: str


class AliasOut(Schema):
    name: str
    language: str


class ActorOut(Schema):
    id: int
    slug: str
    name_en: str
    name_ar: str
    actor_type: str | None
    acled_inter_code: int | None
    parent: ActorRef | None
    description: str

    @staticmethod
    def resolve_actor_type(obj) -> str | None:
        return _code(obj.actor_type)


class ActorDetailOut(ActorOut):
    aliases: list[AliasOut]
    units: list[ActorRef]

    @staticmethod
    def resolve_aliases(obj):
        return list(obj.aliases.all())

    @staticmethod
    def resolve_units(obj):
        return list(obj.units.filter(deleted_at__isnull=True).order_by("name_en"))


# --- sources -------------------------------------------------------------------------------------

class SourceFields(Strict):
    title: str | None = None
    source_type: str | None = None
    reliability: str | None = None
    credibility: str | None = None
    published_on: DateText | None = None
    language: str | None = None
    url: str | None = None
    archived_url: str | None = None
    origin: str | None = None
    content: str | None = None
    confidentiality: int | None = None


class SourceIn(SourceFields):
    title: str
    source_type: str


class SourcePatch(SourceFields):
    lock_version: int


class SourceOut(Schema):
    id: int
    title: str
    source_type: str | None
    reliability: str | None
    credibility: str | None
    published_on: date | None
    language: str
    url: str
    archived_url: str
    origin: str
    content: str
    confidentiality: int
    lock_version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_source_type(obj):
        return _code(obj.source_type)

    @staticmethod
    def resolve_reliability(obj):
        return _code(obj.reliability)

    @staticmethod
    def resolve_credibility(obj):
        return _code(obj.credibility)


class SourceRef(Schema):
    id: int
    title: str


# --- persons -------------------------------------------------------------------------------------

class PersonFields(Strict):
    name_ar: str | None = None
    name_latin: str | None = None
    sex: str | None = None
    age: int | None = None
    birth_year: int | None = None
    is_child: bool | None = None
    status: str | None = None
    notes: str | None = None
    confidentiality: int | None = None


class NameIn(Strict):
    name: str
    script: str | None = None


class PersonIn(PersonFields):
    names: list[NameIn] = []


class PersonPatch(PersonFields):
    lock_version: int


class NameOut(Schema):
    name: str
    script: str


class PersonOut(Schema):
    id: int
    name_ar: str
    name_latin: str
    sex: str
    age: int | None
    birth_year: int | None
    is_child: bool
    status: str
    origin: str | None
    notes: str
    confidentiality: int
    lock_version: int
    names: list[NameOut]

    @staticmethod
    def resolve_origin(obj):
        return obj.origin.pcode if obj.origin_id else None

    @staticmethod
    def resolve_names(obj):
        return list(obj.names.all())


# --- incidents -----------------------------------------------------------------------------------

class VictimIn(PersonFields):
    """An existing person by id, or the fields of a new person to file."""

    person: int | None = None
    outcome: str | None = None


class ClaimIn(Strict):
    actor: str  # slug or id
    degree: str | None = None
    confidence: str | None = None
    note: str | None = None
    sources: list[int] = []


class ActIn(Strict):
    violation_type: str
    method: str | None = None
    legal_qualification: str | None = None
    description: str | None = None
    victims: list[VictimIn] = []
    claims: list[ClaimIn] = []
    sources: list[int] = []


Casualties = create_model(
    "Casualties", __base__=Strict, **{name: (int | None, None) for name in CASUALTY_FIELDS}
)


class IncidentFields(Casualties):
    title_en: str | None = None
    title_ar: str | None = None
    description_en: str | None = None
    description_ar: str | None = None
    start_date: DateText | None = Field(None, description="YYYY-MM-DD")
    end_date: DateText | None = Field(None, description="YYYY-MM-DD")
    date_precision: str | None = Field(None, description="day, month, year or range")
    place: str | None = Field(None, description="OCHA p-code")
    place_precision: str | None = None
    location_note: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    grading: str | None = None
    status: str | None = None
    confidentiality: int | None = None
    tags: list[str] | None = None
    sources: list[int] | None = None


class IncidentIn(IncidentFields):
    start_date: DateText = Field(..., description="YYYY-MM-DD")
    acts: list[ActIn] = []


class IncidentPatch(IncidentFields):
    lock_version: int


class IncidentFilterQuery(Schema):
    """The incident list's filters, the same as the web UI's (see IncidentFilters)."""

    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    place: str = Field("", description="p-code: the place and everything below it")
    actor: str = Field("", description="actor slug or id: the actor and its units")
    violation_type: str = ""
    grading: str = ""
    status: str = ""
    confidentiality: int | None = Field(None, ge=0, le=3)


_IncidentCasualtiesOut = create_model(
    "IncidentCasualtiesOut", __base__=Schema, **{name: (int | None, None) for name in CASUALTY_FIELDS}
)


class IncidentOut(_IncidentCasualtiesOut):
    id: int
    title_en: str
    title_ar: str
    start_date: date
    end_date: date
    date_precision: str
    place: str | None
    place_name_en: str | None
    place_name_ar: str | None
    place_precision: str
    location_note: str
    latitude: float | None
    longitude: float | None
    grading: str | None
    status: str | None
    confidentiality: int
    tags: list[str]
    lock_version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_place(obj):
        return obj.place.pcode if obj.place_id else None

    @staticmethod
    def resolve_place_name_en(obj):
        return obj.place.name_en if obj.place_id else None

    @staticmethod
    def resolve_place_name_ar(obj):
        return obj.place.name_ar if obj.place_id else None

    @staticmethod
    def resolve_grading(obj):
        return _code(obj.grading)

    @staticmethod
    def resolve_status(obj):
        return _code(obj.status)


class VictimOut(Schema):
    person: int
    name_ar: str
    name_latin: str
    outcome: str

    @staticmethod
    def resolve_person(obj):
        return obj.person_id

    @staticmethod
    def resolve_name_ar(obj):
        return obj.person.name_ar

    @staticmethod
    def resolve_name_latin(obj):
        return obj.person.name_latin


class ClaimOut(Schema):
    id: int
    actor: ActorRef
    degree: str
    confidence: str
    note: str
    sources: list[SourceRef]

    @staticmethod
    def resolve_sources(obj):
        return getattr(obj, "visible_sources", [])


class ActOut(Schema):
    id: int
    violation_type: str
    method: str | None
    legal_qualification: str
    description: str
    victims: list[VictimOut]
    claims: list[ClaimOut]
    sources: list[SourceRef]

    @staticmethod
    def resolve_violation_type(obj):
        return obj.violation_type.code

    @staticmethod
    def resolve_method(obj):
        return _code(obj.method)

    @staticmethod
    def resolve_victims(obj):
        return getattr(obj, "visible_victims", [])

    @staticmethod
    def resolve_claims(obj):
        return getattr(obj, "all_claims", [])

    @staticmethod
    def resolve_sources(obj):
        return getattr(obj, "visible_sources", [])


class IncidentDetailOut(IncidentOut):
    description_en: str
    description_ar: str
    acts: list[ActOut]
    sources: list[SourceRef]

    @staticmethod
    def resolve_acts(obj):
        return obj.visible_acts

    @staticmethod
    def resolve_sources(obj):
        return obj.visible_sources


class VersionOut(Schema):
    version: int
    at: datetime
    user: str | None
    diff: dict


# --- paged lists ---------------------------------------------------------------------------------

def page_of(item_schema):
    """The response schema of a paged list of `item_schema`."""
    return create_model(
        f"{item_schema.__name__}Page", __base__=Schema,
        count=(int, ...), page=(int, ...), page_size=(int, ...), results=(list[item_schema], ...),
    )


def paginate(queryset, paging: Paging) -> dict:
    """One page of a queryset, with the total count of the whole (filtered) list."""
    start = (paging.page - 1) * paging.page_size
    total = queryset.count() if hasattr(queryset, "query") else len(queryset)
    return {
        "count": total,
        "page": paging.page,
        "page_size": paging.page_size,
        "results": list(queryset[start : start + paging.page_size]),
    }


def given_fields(payload: Schema, model) -> dict:
    """The fields a client sent, refusing an explicit null where the record cannot hold one
    (``"is_child": null`` is a client's mistake to be told about, not a database error)."""
    from django.core.exceptions import FieldDoesNotExist
    from django.core.exceptions import ValidationError as DjangoValidationError

    data = payload.dict(exclude_unset=True)
    errors = {}
    for name, value in data.items():
        if value is not None:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.null:
            errors[name] = [f"may not be null; leave '{name}' out to keep the current value"]
    if errors:
        raise DjangoValidationError(errors)
    return data
