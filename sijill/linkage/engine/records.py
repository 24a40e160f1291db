"""The records the engine links, and what it returns. Plain dataclasses, JSON-able results."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PersonRecord:
    """One person record from one source (a list of victims, a field report, a dataset).

    `attributes` holds further fields a dataset has (address, postcode, email, occupation...):
    each is compared as a string (exact, close, different) with its own learnt weight.
    """

    id: str
    source: str
    name_ar: str = ""
    name_latin: str = ""
    sex: str | None = None
    age: int | None = None
    birth_year: int | None = None
    event_date: datetime.date | None = None
    place_pcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # a date, or the text of one as written (a malformed "1816-84-22" still matches within a letter)
    birth_date: datetime.date | str | None = None
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class IncidentRecord:
    """One report of an incident by one source."""

    id: str
    source: str
    start_date: datetime.date
    end_date: datetime.date
    violation_type: str | None = None
    actor: str | None = None
    place_pcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class ScoredPair:
    """A candidate pair with its match weight and, per comparison, what agreed and what did not.

    `features[name]` = {"left", "right", "level", "agrees", "weight"}; weight is the log2 Bayes
    factor that comparison added to the match weight.
    """

    left: str
    right: str
    match_weight: float
    match_probability: float
    features: dict[str, dict] = field(default_factory=dict)


@dataclass
class LinkResult:
    """Candidate pairs at or above the review threshold, clusters, and the fitted parameters."""

    pairs: list[ScoredPair]
    clusters: list[list[str]]
    parameters: dict
    stats: dict = field(default_factory=dict)


class LinkageInputError(ValueError):
    """The records given to the engine cannot be linked as they are (the message says why)."""
