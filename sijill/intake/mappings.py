"""Mappings: how one row of a source file becomes the fields of one record.

A mapping turns a row ({column: text}) into a `MappedRow`: the record's fields in the services'
own vocabulary (codes, ISO dates, numbers as text), the names still to resolve (place, actors,
the incident a victim belongs to), the source key and, for messages, which column each field
came from. It does not touch the database: resolution and validation happen in the services.

Built-in mappings for real datasets (Airwars, VDC, Syrian Archive, the Sijill XLSForm) are
classes here; mappings made in the web wizard are `SpecMapping`s built from a saved spec.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from django.utils.translation import gettext as _

INCIDENT_MAPPABLE = [
    "title_en", "title_ar", "description_en", "description_ar", "start_date", "end_date",
    "date_precision", "location_note", "latitude", "longitude", "place_precision", "grading",
    "status", "tags",
    "killed_total_min", "killed_total_max", "killed_children_min", "killed_children_max",
    "killed_women_min", "killed_women_max", "killed_men_min", "killed_men_max",
    "killed_combatants_min", "killed_combatants_max", "injured_total_min", "injured_total_max",
]
PERSON_MAPPABLE = ["name_ar", "name_latin", "sex", "age", "birth_year", "status", "notes"]
# Names a mapping may fill that are resolved rather than stored as given.
RESOLVED = ["place", "governorate", "actors", "violation_type", "method"]


class MappingError(Exception):
    """The mapping does not fit the file (a column it needs is missing) or is malformed."""


@dataclass
class MappedRow:
    key: str
    fields: dict
    columns: dict = field(default_factory=dict)  # field -> column it came from
    alt_key: str = ""
    places: list = field(default_factory=list)  # [(column, name)] tried in order
    governorate: tuple | None = None  # (column, name) the place must lie in
    death_place: tuple | None = None  # (column, name, governorate name or "") where a person died
    actors: list = field(default_factory=list)  # [(column, name)]
    act: dict = field(default_factory=dict)  # violation_type, method codes
    link: tuple | None = None  # (column, alt key of the incident a victim belongs to)
    outcome: str = "killed"
    victims: list = field(default_factory=list)  # inline victims (XLSForm repeat): person field dicts
    notes: list = field(default_factory=list)  # [(column, value)] kept as note, listed for review
    attachments: list = field(default_factory=list)  # [(column, file name)] media sent with a form submission
    errors: dict = field(default_factory=dict)  # column -> message: the row is rejected

    def content(self) -> dict:
        """What identifies the row's content: a change here means the record must be updated."""
        return {
            "fields": self.fields, "alt_key": self.alt_key, "places": self.places, "governorate": self.governorate,
            "actors": self.actors, "act": self.act, "link": self.link, "outcome": self.outcome,
            "victims": self.victims,
            # Only when given: rows of files without it keep the digest they had before it existed.
            **({"death_place": self.death_place} if self.death_place else {}),
        }


def _fold(value: str) -> str:
    return " ".join((value or "").split())


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%m/%d/%y %I:%M %p", "%Y-%m-%dT%H:%M:%S")


@lru_cache(maxsize=4096)
def parse_date(text: str, formats: tuple = _DATE_FORMATS) -> str | None:
    """An ISO date for a written date in one of `formats`; None when it is none of them."""
    text = _fold(text)
    if not text:
        return None
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            pass
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


_AGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(years?|yrs?|y)?(?:\s*old)?$", re.IGNORECASE)
_AGE_UNDER_ONE = re.compile(r"^\.?\d+(?:\.\d+)?\s*(months?|days?|weeks?)(?:\s*old)?$", re.IGNORECASE)


def parse_age(text: str) -> tuple[int | None, bool]:
    """(age in whole years, understood) for "14", "14 years old", "3 months", "1.5"; else (None, False)."""
    text = _fold(text)
    if not text:
        return None, True
    if _AGE_UNDER_ONE.match(text):
        return 0, True
    match = _AGE.match(text)
    if match:
        return int(float(match.group(1))), True
    return None, False


def split_list(text: str, separators: str = ",،;") -> list[str]:
    parts = re.split(f"[{re.escape(separators)}]", text or "")
    return [p.strip() for p in parts if p.strip()]


class Mapping:
    """The interface of every mapping."""

    name: str = ""
    target: str = ""
    source_name: str = ""
    description: str = ""
    required: tuple[str, ...] = ()

    def check_columns(self, columns: list[str]) -> None:
        missing = [c for c in self.required if c not in columns]
        if missing:
            raise MappingError(
                _("The mapping %(mapping)s needs the columns %(missing)s; the file has %(columns)s.")
                % {"mapping": self.name, "missing": ", ".join(missing), "columns": ", ".join(columns[:40])}
            )

    def map(self, row: dict) -> MappedRow:  # pragma: no cover - interface
        raise NotImplementedError


def _count(row: MappedRow, fields: dict, name: str, column: str, value: str) -> None:
    value = (value or "").strip()
    if value:
        fields[name] = value
        row.columns[name] = column


class AirwarsIncidents(Mapping):
    name = "airwars-incidents"
    target = "incident"
    source_name = "airwars"
    description = "Airwars Syria incidents (events/airwars_syria/airwars_syria_incidents.csv), keyed by airwars_id"
    required = ("airwars_id", "incident_code", "incident_date", "location_en", "location_ar", "region_en",
                "latitude", "longitude", "belligerent_en", "grading", "civ_killed_min", "civ_killed_max")
    COUNTS = {
        "civ_killed": "killed_total", "children_killed": "killed_children", "women_killed": "killed_women",
        "men_killed": "killed_men", "military_killed": "killed_combatants", "civ_injured": "injured_total",
    }
    PRECISION = {
        "exact_location": "exact", "within_100m": "exact", "within_1m": "exact", "street": "exact",
        "nearby_landmark": "exact", "exact_location_other": "exact", "exact_location_coalition": "exact",
        "subdistrict": "subdistrict", "district": "district", "province_governorate": "governorate",
    }
    METHODS = {"Airstrike": "airstrike", "Artillery": "artillery", "Drone Strike": "drone"}

    def map(self, row: dict) -> MappedRow:
        code = row["incident_code"].strip()
        out = MappedRow(key=row["airwars_id"].strip(), fields={}, alt_key=code)
        f, c = out.fields, out.columns
        location_en, location_ar = _fold(row["location_en"]), _fold(row["location_ar"])
        f["title_en"] = f"{code} {location_en}".strip()
        f["title_ar"] = f"{code} {location_ar}".strip() if location_ar else ""
        f["description_ar"] = (row.get("summary_ar_generated") or "").strip()
        details = [(label, (row.get(col) or "").strip()) for label, col in (
            ("Strike", "strike_type"), ("Strike status", "strike_status"), ("Cause of death", "cause_of_death"),
            ("Infrastructure", "infrastructure"), ("Belligerents", "belligerent_en"), ("Airwars", "url"))]
        f["description_en"] = "\n".join(f"{label}: {value}" for label, value in details if value)
        f["location_note"] = location_en[:500]
        c.update(title_en="location_en", title_ar="location_ar", location_note="location_en",
                 start_date="incident_date", end_date="date_range_end", description_ar="summary_ar_generated")
        f["start_date"] = row["incident_date"].strip()
        if row.get("date_type", "").strip() == "date_range" and (row.get("date_range_end") or "").strip():
            f["date_precision"] = "range"
            f["end_date"] = row["date_range_end"].strip()
        else:
            f["date_precision"] = "day"
        for name in ("latitude", "longitude"):
            _count(out, f, name, name, row[name])
        grading = row["grading"].strip()
        if grading:
            f["grading"] = grading.lower()
            c["grading"] = "grading"
        for prefix, target in self.COUNTS.items():
            for bound in ("min", "max"):
                column = f"{prefix}_{bound}"
                _count(out, f, f"{target}_{bound}", column, row.get(column, ""))
        f["place_precision"] = self.PRECISION.get(row.get("geolocation_accuracy", "").strip(), "community")
        f["tags"] = ["airwars", code] if code else ["airwars"]
        if row["region_en"].strip():
            out.governorate = ("region_en", row["region_en"].strip())
        for column, text in (("location_en", location_en), ("location_ar", location_ar)):
            first = split_list(text)[:1]
            if first:
                out.places.append((column, first[0]))
        out.actors = [("belligerent_en", name) for name in split_list(row["belligerent_en"])
                      if name.lower() != "unknown"]
        killed = [row.get("civ_killed_max", ""), row.get("civ_killed_min", "")]
        out.act = {
            "violation_type": "killing" if any(k.strip() not in ("", "0") for k in killed) else "attack-on-civilians",
            "method": self.METHODS.get((row.get("strike_type") or "").strip()),
        }
        return out


class AirwarsVictims(Mapping):
    name = "airwars-victims"
    target = "person"
    source_name = "airwars"
    description = "Airwars Syria victims (airwars_syria_victims.csv), keyed by incident code and victim order"
    required = ("incident_code", "victim_order", "name_local_ar", "name_latin", "gender", "age", "status")
    OUTCOMES = {"killed": "killed", "injured": "injured"}

    def map(self, row: dict) -> MappedRow:
        code = row["incident_code"].strip()
        out = MappedRow(key=f"{code}#{row['victim_order'].strip()}", fields={}, link=("incident_code", code))
        f, c = out.fields, out.columns
        f["name_ar"], f["name_latin"] = row["name_local_ar"], row["name_latin"]
        c.update(name_ar="name_local_ar", name_latin="name_latin", sex="gender", age="age", notes="notes")
        f["sex"] = {"male": "male", "female": "female"}.get(row["gender"].strip().lower(), "unknown")
        age, understood = parse_age(row["age"])
        notes = [(row.get("notes") or "").strip()]
        if understood:
            f["age"] = age
        else:
            out.notes.append(("age", row["age"].strip()))
            notes.append(f"age as reported: {row['age'].strip()}")
        if (row.get("age_group") or "").strip() == "child":
            f["is_child"] = True
        if (row.get("person_url") or "").strip():
            notes.append(row["person_url"].strip())
        f["notes"] = "\n".join(n for n in notes if n)
        status = row["status"].strip().lower()
        out.outcome = self.OUTCOMES.get(status, "other")
        return out


class VDC(Mapping):
    name = "vdc"
    target = "person"
    source_name = "vdc"
    description = "Violations Documentation Center martyrs (linkage/vdc_martyrs/vdc_martyrs_en.csv), keyed by uid"
    required = ("uid", "Name", "Province", "Sex", "Status", "Age", "Date of Birth", "Date of death")
    # VDC's own names of governorates that the gazetteer spells otherwise.
    PROVINCES = {"Damascus Suburbs": "Rural Damascus", "Other Nationalities": "", "Unknown": ""}
    STATUS = {"Civilian": "civilian", "Non-Civilian": "combatant"}

    def map(self, row: dict) -> MappedRow:
        out = MappedRow(key=row["uid"].strip(), fields={})
        f, c = out.fields, out.columns
        name = _fold(row["Name"])
        f["name_latin"] = name
        c.update(name_latin="Name", name_ar="Name", sex="Sex", age="Age", birth_year="Date of Birth",
                 status="Status", origin="Area \\ Place of birth")
        sex = row["Sex"].strip()
        f["sex"] = "female" if sex.endswith("Female") else "male" if sex.endswith("Male") else "unknown"
        if sex.startswith("Child"):
            f["is_child"] = True
        f["status"] = self.STATUS.get(row["Status"].strip(), "unknown")
        age = row["Age"].strip()
        if age not in ("", "0"):  # VDC writes 0 for an unknown age
            f["age"] = age
        born = row["Date of Birth"].strip()
        if born and not born.startswith("0000"):
            f["birth_year"] = born[:4]
        death = row["Date of death"].strip()
        if death and not death.startswith("0000"):
            f["death_date"] = death
            c["death_date"] = "Date of death"
        f["cause_of_death"] = _fold(row.get("Cause of Death", ""))
        facts = [
            ("died", "" if death.startswith("0000") else death), ("at", row.get("Martyrdom location", "")),
            ("cause", row.get("Cause of Death", "")), ("actors", row.get("Actors", "")),
            ("notes", row.get("Notes", "")),
        ]
        f["notes"] = "; ".join(f"{label}: {value.strip()}" for label, value in facts if value and value.strip())
        province = row["Province"].strip()
        province = self.PROVINCES.get(province, province)
        if province:
            out.governorate = ("Province", province)
        # "Damascus Suburbs: Douma", "Banias" or a country ("Jordan"): resolved, or listed for review.
        died_at = [part.strip() for part in (row.get("Martyrdom location") or "").split(":") if part.strip()]
        if died_at:
            within = self.PROVINCES.get(died_at[0], died_at[0]) if len(died_at) > 1 else ""
            out.death_place = ("Martyrdom location", died_at[-1], within)
        birthplace = split_list(row.get("Area \\ Place of birth", ""), ":")
        if birthplace:
            out.places.append(("Area \\ Place of birth", birthplace[-1]))
        return out


class SyrianArchiveChemical(Mapping):
    name = "syrianarchive-chemical"
    target = "incident"
    source_name = "syrianarchive-chemical"
    description = "Syrian Archive chemical-weapon incidents (gazetteer/syrianarchive_2015/chemweap_incidents.csv)"
    required = ("unique_event_ID", "location_name", "location_name_ar", "geo_longitude", "geo_latitude",
                "date_time", "event_summary", "event_summary_ar")

    def map(self, row: dict) -> MappedRow:
        out = MappedRow(key=row["unique_event_ID"].strip(), fields={})
        f, c = out.fields, out.columns
        f["title_en"], f["title_ar"] = _fold(row["event_summary"])[:500], _fold(row["event_summary_ar"])[:500]
        if not (f["title_en"] or f["title_ar"]):
            # Some observations have no caption: the place is the most telling title there is.
            f["title_en"], f["title_ar"] = _fold(row["location_name"]), _fold(row["location_name_ar"])
        c.update(title_en="event_summary", title_ar="event_summary_ar", start_date="date_time",
                 latitude="geo_latitude", longitude="geo_longitude", location_note="location_name")
        sources = [(row.get(k) or "").strip() for k in ("sources", "sources_ar", "url_links", "embedded_videos")]
        f["description_en"] = "\n".join(s for s in sources if s)
        written = row["date_time"].strip()
        f["start_date"] = parse_date(written) or written
        f["date_precision"] = "day"
        f["location_note"] = _fold(row["location_name"])
        _count(out, f, "latitude", "geo_latitude", row["geo_latitude"])
        _count(out, f, "longitude", "geo_longitude", row["geo_longitude"])
        f["place_precision"] = "community"
        f["tags"] = sorted({(row.get(f"tag_{i}: *RENAME*") or "").strip() for i in range(1, 6)} - {""})
        for column in ("location_name", "location_name_ar"):
            if row[column].strip():
                out.places.append((column, row[column].strip()))
        out.act = {"violation_type": "prohibited-weapons", "method": "chemical"}
        return out


class XLSFormIncident(Mapping):
    """Submissions of the Sijill field-report XLSForm, from KoboToolbox or ODK Central exports.

    KoboToolbox JSON names fields by group path ("incident/date"), ODK CSV by dashes
    ("incident-date"); both are accepted. The victims repeat arrives as a JSON list (Kobo JSON),
    or, from an ODK CSV export, from its own file joined by the reader (`readers.repeat_files`).
    """

    name = "xlsform-incident"
    target = "incident"
    source_name = "field-report"
    description = "Sijill field incident report (sijill/intake/data/sijill_incident.xlsx), KoboToolbox or ODK exports"

    @staticmethod
    def _get(row: dict, path: str) -> str:
        for name in (path, path.replace("/", "-"), path.rsplit("/", 1)[-1]):
            if name in row:
                return row[name] or ""
        return ""

    def check_columns(self, columns: list[str]) -> None:
        if not any(c.endswith("instanceID") or c in ("_uuid", "KEY") for c in columns):
            raise MappingError(_("The file has no submission id column (meta/instanceID, _uuid or KEY)."))

    def map(self, row: dict) -> MappedRow:
        g = self._get
        key = g(row, "meta/instanceID") or row.get("_uuid", "") or row.get("KEY", "")
        out = MappedRow(key=key.strip(), fields={})
        f, c = out.fields, out.columns
        f["title_ar"], f["title_en"] = g(row, "incident/title_ar"), g(row, "incident/title_en")
        if not (f["title_ar"] or f["title_en"]):
            f["title_ar"] = _fold(g(row, "incident/description"))[:120]
        f["description_ar"] = g(row, "incident/description")
        f["start_date"] = g(row, "incident/date")[:10]
        f["date_precision"] = "day"
        c.update(title_ar="incident/title_ar", start_date="incident/date", description_ar="incident/description")
        location = g(row, "place/location").split()
        if not location:
            # ODK CSV exports split a geopoint into place-location-Latitude, -Longitude, ...
            location = [g(row, f"place/location/{part}").strip() for part in ("Latitude", "Longitude")]
            location = location if all(location) else []
        if len(location) >= 2:
            f["latitude"], f["longitude"] = location[0], location[1]
            c.update(latitude="place/location", longitude="place/location")
        f["location_note"] = g(row, "place/place_detail")[:500]
        f["place_precision"] = "community"
        community = g(row, "place/community")
        district, governorate = g(row, "place/district"), g(row, "place/governorate")
        for column, value in (("place/community", community), ("place/district", district),
                              ("place/governorate", governorate)):
            if value:
                out.places.append((column, value))
        f["killed_total_min"] = g(row, "incident/killed")
        f["injured_total_min"] = g(row, "incident/injured")
        out.act = {"violation_type": g(row, "incident/violation_type") or "other",
                   "method": g(row, "incident/weapon") or None}
        actor = g(row, "perpetrator/actor")
        if actor and actor != "unknown":
            out.actors.append(("perpetrator/actor", actor))
        other = g(row, "perpetrator/actor_other")
        if other:
            out.actors.append(("perpetrator/actor_other", other))
        victims = g(row, "victims")
        if victims:
            try:
                entries = json.loads(victims)
            except ValueError:
                out.errors["victims"] = _("The victims list is not valid JSON.")
                entries = []
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict):
                    # Kobo names a repeat's fields by path (victims/victim_age), ODK CSV by dashes.
                    v = {re.split("[/-]", k)[-1]: val for k, val in entry.items()}
                    out.victims.append({
                        "name_ar": v.get("victim_name_ar", ""), "name_latin": v.get("victim_name_latin", ""),
                        "sex": v.get("victim_sex", "unknown") or "unknown", "age": v.get("victim_age", ""),
                        "outcome": v.get("victim_outcome", "killed") or "killed",
                    })
        out.attachments = [(f"media/{name}", g(row, f"media/{name}").strip()) for name in ("photo", "video", "audio")
                           if g(row, f"media/{name}").strip()]
        attachments = [name for _column, name in out.attachments]
        if attachments:
            f["description_ar"] = (f["description_ar"] + "\n" + _("Attachments: %s") % ", ".join(attachments)).strip()
        return out


class SpecMapping(Mapping):
    """A mapping saved from the wizard: columns to fields, value translations, constants, key."""

    def __init__(self, *, name: str, target: str, source_name: str, spec: dict):
        self.name, self.target, self.source_name, self.spec = name, target, source_name, spec
        allowed = set(INCIDENT_MAPPABLE if target == "incident" else PERSON_MAPPABLE) | set(RESOLVED)
        unknown = set(spec.get("fields", {})) - allowed
        if unknown:
            raise MappingError(_("Unknown fields in mapping %(name)s: %(fields)s.")
                               % {"name": name, "fields": ", ".join(sorted(unknown))})
        if target == "incident" and "violation_type" not in spec.get("fields", {}):
            # Every imported incident holds one act, and an act is of a type: without the column
            # no row could be stored.
            raise MappingError(_("The incident mapping %(name)s has no column for the field violation_type (the "
                                 "type of violation); map one.") % {"name": name})
        self.required = tuple({*spec.get("key", []), *spec.get("fields", {}).values()})
        self.description = _("saved mapping for %(source)s") % {"source": source_name}
        self._plan = self.plan(spec)

    @staticmethod
    def plan(spec: dict) -> list[tuple[str, str, dict]]:
        """(field, column, value translations) of each mapped field: read once, not once per row."""
        values = spec.get("values", {})
        return [(name, column, values.get(name) or {}) for name, column in spec.get("fields", {}).items()]

    def map(self, row: dict) -> MappedRow:
        spec = self.spec
        key_columns = spec.get("key") or []
        if key_columns:
            key = "|".join((row.get(col) or "").strip() for col in key_columns)
        else:
            # No id in the source: the row's own content is its identity.
            import hashlib

            key = hashlib.sha256(json.dumps(row, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]
        out = MappedRow(key=key, fields=dict(spec.get("constants", {})))
        fields, columns = out.fields, out.columns
        for name, column, translations in self._plan:
            raw = (row.get(column) or "").strip()
            if translations:
                raw = translations.get(raw, raw)
            columns[name] = column
            if name == "place":
                if raw:
                    out.places.append((column, raw))
            elif name == "governorate":
                if raw:
                    out.governorate = (column, raw)
            elif name == "actors":
                out.actors = [(column, a) for a in split_list(raw)]
            elif name in ("violation_type", "method"):
                out.act[name] = raw or None
            elif name in ("start_date", "end_date"):
                fields[name] = parse_date(raw, (spec.get("date_format"),) if spec.get("date_format") else _DATE_FORMATS) or raw
            elif name == "tags":
                fields[name] = split_list(raw)
            else:
                fields[name] = raw
        if self.target == "incident":
            out.fields.setdefault("title_en", "")
            out.fields.setdefault("title_ar", "")
            if out.act and not out.act.get("violation_type"):
                out.act["violation_type"] = "other"
        if not key_columns or not key.strip("|"):
            if key_columns:
                out.errors[key_columns[0]] = _("The key column is empty; every row needs its source id.")
        return out


def retired_message(name: str) -> str:
    """Why a retired mapping name no longer imports, and what to use instead."""
    return _("The mapping %(name)s was retired: Sijill's CSV export now has one row per victim of each act, "
             "which no column mapping can read back. Import the file with: sijill import_sijill_csv FILE") % {
        "name": name}


# Names that once were built-in mappings: refused with the way to import such a file today.
RETIRED = ("sijill-incidents",)

BUILTIN: dict[str, Mapping] = {m.name: m for m in (
    AirwarsIncidents(), AirwarsVictims(), VDC(), SyrianArchiveChemical(), XLSFormIncident(),
)}
