"""Sijill's own CSV: one row per victim of each act, written by `sijill export --format csv` and
read back whole by `sijill import_sijill_csv`.

Why this layout: a documentation group keeps its lists in a spreadsheet, and a spreadsheet holds
one thing per row. Here that thing is a victim of an act, as in the victim lists groups already
keep (VDC, Airwars). Each row repeats its incident's fields (first columns `id`, `act`,
`victim` say where the row belongs), so the sheet can be sorted, filtered by incident or
perpetrator, and a victim added by copying a row and changing the victim's columns. Nothing is
hidden in JSON inside a cell.

- An incident with no act has one row with the act and victim columns empty; an act with no
  named victim has one row with the victim columns empty.
- `act` numbers the acts within an incident (1, 2, ...) and `victim` the victims within an act.
- An act's perpetration claims are in three parallel lists, ";"-separated, in the same order:
  `perpetrators` (actor codes), `perpetrator_degrees` (direct, ordered, complicit, alleged) and
  `perpetrator_confidences` (high, medium, low). `perpetrator_names_en/_ar` are for reading only.
- Every row of an incident repeats the same incident fields, and every row of an act the same act
  fields; a file in which two rows of one incident (or act) disagree is refused, naming both rows.
- Read back: the incident fields, the place (p-code), confidentiality, each act (type, method,
  legal qualification, description), its victims (names, sex, age, child, status, outcome,
  confidentiality) and claims (actor, degree, confidence). Columns taken from the gazetteer or
  derived (place and admin names, `place_latitude/_longitude`, perpetrator names, `sources`,
  `updated_at`) are for reading and are not imported. Sources, claim notes and evidence are
  separate records and are not carried in this file.

A status that only review decides (verified, rejected) is not taken from a file: such an incident
is filed as under review, to be reviewed again here, and the command lists it.

The reading is all or nothing: every problem in the file is listed with its row and column, and
when there is any, nothing is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sijill.confidentiality import Confidentiality
from sijill.errors import PermissionDenied

CASUALTY_COLUMNS = [
    f"{outcome}_{group}_{bound}"
    for outcome in ("killed", "injured")
    for group in ("total", "children", "women", "men", "combatants")
    for bound in ("min", "max")
]
LEVEL_NAMES = {0: "public", 1: "internal", 2: "restricted", 3: "secret"}
LEVELS = {name: level for level, name in LEVEL_NAMES.items()}

POSITION_COLUMNS = ["id", "act", "victim"]
INCIDENT_COLUMNS = [
    "title_en", "title_ar", "description_en", "description_ar", "start_date", "end_date", "date_precision",
    "place_pcode", "place_en", "place_ar",
    "admin1_pcode", "admin1_en", "admin1_ar", "admin2_pcode", "admin2_en", "admin2_ar",
    "admin3_pcode", "admin3_en", "admin3_ar",
    "place_precision", "latitude", "longitude", "place_latitude", "place_longitude", "location_note",
    "grading", "status", "confidentiality", "tags", *CASUALTY_COLUMNS, "sources", "updated_at",
]
ACT_COLUMNS = [
    "violation_type", "method", "legal_qualification", "act_description",
    "perpetrators", "perpetrator_degrees", "perpetrator_confidences", "perpetrator_names_en", "perpetrator_names_ar",
]
VICTIM_COLUMNS = [
    "victim_name_ar", "victim_name_latin", "victim_sex", "victim_age", "victim_is_child", "victim_status",
    "victim_outcome", "victim_confidentiality",
]
COLUMNS = [*POSITION_COLUMNS, *INCIDENT_COLUMNS, *ACT_COLUMNS, *VICTIM_COLUMNS]

# Columns read back (the others are for reading only).
INCIDENT_FIELDS = [
    "title_en", "title_ar", "description_en", "description_ar", "start_date", "end_date", "date_precision",
    "location_note", "latitude", "longitude", "place_precision", "grading", "status", "tags", *CASUALTY_COLUMNS,
]
INCIDENT_READ = [*INCIDENT_FIELDS, "place_pcode", "confidentiality"]
ACT_READ = ["violation_type", "method", "legal_qualification", "act_description",
            "perpetrators", "perpetrator_degrees", "perpetrator_confidences"]
REQUIRED = ["id", "act", "victim", *INCIDENT_READ, *ACT_READ, *VICTIM_COLUMNS]
LIST_SEPARATOR = "; "
YES, NO = "yes", "no"
# Statuses a second person decides through review (sijill.review); an import never sets them.
DECIDED_BY_REVIEW = ("verified", "rejected")
REVIEW_AGAIN = "under-review"
_TRUE = {"yes", "y", "true", "1", "نعم"}
_FALSE = {"no", "n", "false", "0", "لا", ""}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _code(term: dict | None) -> str:
    return term["code"] if term else ""


# ---------------------------------------------------------------- writing


def incident_columns(record: dict) -> dict:
    place = record["place"] or {}
    own_point = record["point_source"] == "record"
    row = {
        "id": record["id"],
        "title_en": record["title_en"], "title_ar": record["title_ar"],
        "description_en": record["description_en"], "description_ar": record["description_ar"],
        "start_date": record["start_date"], "end_date": record["end_date"], "date_precision": record["date_precision"],
        "place_pcode": place.get("pcode", ""), "place_en": place.get("name_en", ""), "place_ar": place.get("name_ar", ""),
        "place_precision": record["geo_precision"] or "",
        # The record's own coordinates; a gazetteer centroid goes to place_*, so a re-import never
        # turns a centroid into a typed point.
        "latitude": record["latitude"] if own_point else None,
        "longitude": record["longitude"] if own_point else None,
        "place_latitude": None if own_point else record["latitude"],
        "place_longitude": None if own_point else record["longitude"],
        "location_note": record.get("location_note", ""),
        "grading": _code(record["grading"]), "status": _code(record["status"]),
        "confidentiality": LEVEL_NAMES.get(record.get("confidentiality", 0), ""),
        "tags": ", ".join(record["tags"]),
        "sources": "; ".join(s["title"] or (s["type"]["en"] if s["type"] else "") for s in record["sources"]),
        "updated_at": record["updated_at"],
    }
    for level in (1, 2, 3):
        entry = record["admin"].get(f"admin{level}") or {}
        for key, suffix in (("pcode", "pcode"), ("name_en", "en"), ("name_ar", "ar")):
            row[f"admin{level}_{suffix}"] = entry.get(key, "")
    row.update({name: record["casualties"][name] for name in CASUALTY_COLUMNS})
    return row


def act_columns(number: int, act: dict) -> dict:
    claims = act["perpetrators"]
    return {
        "act": number,
        "violation_type": _code(act["violation_type"]), "method": _code(act["method"]),
        "legal_qualification": act.get("legal_qualification", ""), "act_description": act.get("description", ""),
        "perpetrators": LIST_SEPARATOR.join(c["actor"] for c in claims),
        "perpetrator_degrees": LIST_SEPARATOR.join(c["degree"] for c in claims),
        "perpetrator_confidences": LIST_SEPARATOR.join(c["confidence"] for c in claims),
        "perpetrator_names_en": LIST_SEPARATOR.join(c["name_en"] for c in claims),
        "perpetrator_names_ar": "؛ ".join(c["name_ar"] or c["name_en"] for c in claims),
    }


def victim_columns(number: int, victim: dict) -> dict:
    return {
        "victim": number,
        "victim_name_ar": victim["name_ar"], "victim_name_latin": victim["name_latin"],
        "victim_sex": victim["sex"], "victim_age": victim["age"],
        "victim_is_child": YES if victim["is_child"] else NO,
        "victim_status": victim["status"], "victim_outcome": victim["outcome"],
        "victim_confidentiality": LEVEL_NAMES.get(victim.get("confidentiality", 0), ""),
    }


_EMPTY_ACT = [""] * len(ACT_COLUMNS)
_EMPTY_VICTIM = [""] * len(VICTIM_COLUMNS)


def rows(record: dict) -> list[list[str]]:
    """The rows of one incident record (see `records.py`), as cells in `COLUMNS` order."""
    base = incident_columns(record)
    key = _text(base["id"])
    incident = [_text(base[c]) for c in INCIDENT_COLUMNS]
    out = []
    for a_number, act in enumerate(record["acts"] or [None], start=1):
        if act is None:
            out.append([key, "", "", *incident, *_EMPTY_ACT, *_EMPTY_VICTIM])
            break
        act_part = act_columns(a_number, act)
        act_cells = [_text(act_part[c]) for c in ACT_COLUMNS]
        for v_number, victim in enumerate(act["victims"] or [None], start=1):
            if victim is None:
                out.append([key, str(a_number), "", *incident, *act_cells, *_EMPTY_VICTIM])
                break
            victim_part = victim_columns(v_number, victim)
            out.append([key, str(a_number), str(v_number), *incident, *act_cells,
                        *(_text(victim_part[c]) for c in VICTIM_COLUMNS)])
    return out


def write(records: Iterable[dict], stream, *, bom: bool = True, meta: dict | None = None) -> int:
    """Write `records` to the binary `stream`; return how many incidents were written."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if bom else "utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        writer.writerows(rows(record))
        count += 1
    text.flush()
    text.detach()
    return count


# ---------------------------------------------------------------- reading back


class CsvProblem(Exception):
    """The file cannot be read back; `problems` lists each one with its row and column."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:20]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (("\n" + _("... and %(n)d more problems.") % {"n": more}) if more > 0 else "")
        super().__init__(text)


@dataclass
class _Act:
    row: int
    cells: dict
    victims: list = field(default_factory=list)  # (row, victim number, cells)


@dataclass
class _Incident:
    key: str
    row: int
    cells: dict
    rows: list = field(default_factory=list)
    acts: dict = field(default_factory=dict)  # act number -> _Act


@dataclass
class ReadResult:
    incidents: int
    acts: int
    victims: int
    claims: int
    ids: list
    to_review: list = field(default_factory=list)  # (id in the file, status there, new id): filed as under review


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace("؛", ";").split(";") if p.strip()]


def _level(text: str, problems: list, where: str) -> int:
    name = text.strip().lower()
    if not name:
        return Confidentiality.INTERNAL
    if name in LEVELS:
        return LEVELS[name]
    problems.append(_("%(where)s: unknown confidentiality %(value)r; use public, internal, restricted or secret.")
                    % {"where": where, "value": text})
    return Confidentiality.INTERNAL


def _where(row: int, column: str) -> str:
    return _("row %(row)d, column %(column)s") % {"row": row, "column": column}


def _group(reader: csv.DictReader, problems: list) -> dict[str, _Incident]:
    incidents: dict[str, _Incident] = {}
    for number, values in enumerate(reader, start=2):  # row 1 is the header, as a spreadsheet counts
        values = {k: (v or "") for k, v in values.items() if k is not None}
        key = values["id"].strip()
        if not key:
            problems.append(_("%(where)s: empty; every row names its incident.") % {"where": _where(number, "id")})
            continue
        cells = {c: values[c] for c in INCIDENT_READ}
        incident = incidents.get(key)
        if incident is None:
            incident = incidents[key] = _Incident(key=key, row=number, cells=cells)
        else:
            for column in INCIDENT_READ:
                if cells[column] != incident.cells[column]:
                    problems.append(_("%(where)s: %(value)r differs from row %(first)d (%(other)r); every row of "
                                      "incident %(key)s repeats the same incident fields.")
                                    % {"where": _where(number, column), "value": cells[column],
                                       "first": incident.row, "other": incident.cells[column], "key": key})
        incident.rows.append(number)
        act_text = values["act"].strip()
        victim_cells = {c: values[c] for c in VICTIM_COLUMNS}
        has_victim = any(v.strip() for v in victim_cells.values())
        if not act_text:
            filled = [c for c in ACT_READ if values[c].strip()] + ([c for c in VICTIM_COLUMNS if values[c].strip()])
            if filled:
                problems.append(_("%(where)s: empty, but the row has act or victim columns (%(columns)s); "
                                  "number the act.") % {"where": _where(number, "act"), "columns": ", ".join(filled)})
            continue
        act_number = _number(act_text)
        if act_number is None:
            problems.append(_("%(where)s: %(value)r is not an act number (1, 2, ...).")
                            % {"where": _where(number, "act"), "value": act_text})
            continue
        act_cells = {c: values[c] for c in ACT_READ}
        act = incident.acts.get(act_number)
        if act is None:
            act = incident.acts[act_number] = _Act(row=number, cells=act_cells)
        else:
            for column in ACT_READ:
                if act_cells[column] != act.cells[column]:
                    problems.append(_("%(where)s: %(value)r differs from row %(first)d (%(other)r); every row of "
                                      "act %(act)d of incident %(key)s repeats the same act fields.")
                                    % {"where": _where(number, column), "value": act_cells[column],
                                       "first": act.row, "other": act.cells[column], "act": act_number, "key": key})
        if has_victim:
            victim_text = values["victim"].strip()
            victim_number = _number(victim_text) if victim_text else len(act.victims) + 1
            if victim_number is None:
                problems.append(_("%(where)s: %(value)r is not a victim number (1, 2, ...).")
                                % {"where": _where(number, "victim"), "value": victim_text})
                continue
            act.victims.append((number, victim_number, victim_cells))
    return incidents


# Service field names -> the column that holds them, for error messages.
_INCIDENT_COLUMN = {"place": "place_pcode"}
_ACT_COLUMN = {"description": "act_description", "actor": "perpetrators", "degree": "perpetrator_degrees",
               "confidence": "perpetrator_confidences", "outcome": "victim_outcome"}


def _act_fields(incident: _Incident, number: int, act: _Act, problems: list) -> dict:
    c = act.cells
    actors, degrees, confidences = (_split(c[n]) for n in ("perpetrators", "perpetrator_degrees",
                                                             "perpetrator_confidences"))
    if degrees and len(degrees) != len(actors) or confidences and len(confidences) != len(actors):
        problems.append(_("%(where)s: %(actors)d perpetrators but %(degrees)d degrees and %(confidences)d "
                          "confidences; give one of each per perpetrator, in the same order.")
                        % {"where": _where(act.row, "perpetrators"), "actors": len(actors), "degrees": len(degrees),
                           "confidences": len(confidences)})
    claims = []
    for i, actor in enumerate(actors):
        claim = {"actor": actor}
        if i < len(degrees):
            claim["degree"] = degrees[i]
        if i < len(confidences):
            claim["confidence"] = confidences[i]
        claims.append(claim)
    victims = []
    for row, _n, v in sorted(act.victims, key=lambda item: (item[1], item[0])):
        child = v["victim_is_child"].strip().lower()
        if child not in _TRUE | _FALSE:
            problems.append(_("%(where)s: %(value)r; write yes or no.")
                            % {"where": _where(row, "victim_is_child"), "value": v["victim_is_child"]})
        victims.append({
            "name_ar": v["victim_name_ar"], "name_latin": v["victim_name_latin"],
            "sex": v["victim_sex"].strip() or "unknown", "age": v["victim_age"].strip(),
            "is_child": child in _TRUE, "status": v["victim_status"].strip() or "unknown",
            "outcome": v["victim_outcome"].strip() or "killed",
            "confidentiality": _level(v["victim_confidentiality"], problems, _where(row, "victim_confidentiality")),
        })
    return {"violation_type": c["violation_type"].strip(), "method": c["method"].strip() or None,
            "legal_qualification": c["legal_qualification"].strip(), "description": c["act_description"],
            "victims": victims, "claims": claims}


def _incident_fields(incident: _Incident, problems: list) -> dict:
    c = incident.cells
    fields = {name: c[name] for name in INCIDENT_FIELDS}
    fields["tags"] = [t.strip() for t in c["tags"].split(",") if t.strip()]
    for name in ("grading", "status", "date_precision", "place_precision"):
        fields[name] = c[name].strip() or None
    if fields["date_precision"] is None:
        fields["date_precision"] = "day"
    if fields["place_precision"] is None:
        del fields["place_precision"]
    if fields["status"] in DECIDED_BY_REVIEW:
        fields["status"] = REVIEW_AGAIN
    fields["place"] = c["place_pcode"].strip() or None
    fields["confidentiality"] = _level(c["confidentiality"], problems, _where(incident.row, "confidentiality"))
    return fields


def _explain(incident: _Incident, exc: ValidationError) -> list[str]:
    rows = ", ".join(str(r) for r in incident.rows[:10]) + (" ..." if len(incident.rows) > 10 else "")
    out = []
    for name, messages in exc.message_dict.items():
        if name in INCIDENT_FIELDS or name in _INCIDENT_COLUMN or name == "confidentiality":
            column = _INCIDENT_COLUMN.get(name, name)
        elif name in _ACT_COLUMN:
            column = _ACT_COLUMN[name]
        elif name in ("violation_type", "method", "legal_qualification"):
            column = name
        else:
            column = f"victim_{name}"
        for message in messages:
            out.append(_("Incident %(key)s (rows %(rows)s), column %(column)s: %(message)s")
                       % {"key": incident.key, "rows": rows, "column": column, "message": message})
    return out


def read(*, user, path: str | Path, dry_run: bool = False) -> ReadResult:
    """File every incident of a Sijill CSV (as `write` makes it) as new records, all or nothing.

    Each incident goes through `incident_create` with its acts, victims and claims, so it is
    validated, versioned and audited as if filed by `user` (their clearance bounds every level in
    the file). Any problem anywhere raises CsvProblem listing all of them, and nothing is kept;
    `dry_run` checks the whole file and keeps nothing either.
    """
    from sijill.incidents.services import incident_create

    problems: list[str] = []
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise CsvProblem([_("The file is not a Sijill CSV export: the columns %(missing)s are missing.")
                                  % {"missing": ", ".join(missing)}])
            incidents = _group(reader, problems)
    except UnicodeDecodeError as exc:
        raise CsvProblem([_("The file is not UTF-8 text (byte %(at)d); save it as CSV UTF-8.")
                          % {"at": exc.start}]) from None
    except csv.Error as exc:
        raise CsvProblem([_("The file is not readable CSV: %(error)s") % {"error": exc}]) from None

    result = ReadResult(incidents=0, acts=0, victims=0, claims=0, ids=[])
    with transaction.atomic():
        for incident in incidents.values():
            fields = _incident_fields(incident, problems)
            acts = [_act_fields(incident, n, incident.acts[n], problems) for n in sorted(incident.acts)]
            try:
                with transaction.atomic():
                    created = incident_create(user=user, acts=acts, **fields)
            except ValidationError as exc:
                problems.extend(_explain(incident, exc))
                continue
            except PermissionDenied as exc:
                problems.append(_("Incident %(key)s (row %(row)d): %(message)s")
                                % {"key": incident.key, "row": incident.row, "message": exc})
                continue
            result.incidents += 1
            result.acts += len(acts)
            result.victims += sum(len(a["victims"]) for a in acts)
            result.claims += sum(len(a["claims"]) for a in acts)
            result.ids.append(created.pk)
            if incident.cells["status"].strip() in DECIDED_BY_REVIEW:
                result.to_review.append((incident.key, incident.cells["status"].strip(), created.pk))
        if problems:
            raise CsvProblem(problems)
        if dry_run:
            transaction.set_rollback(True)
    return result
