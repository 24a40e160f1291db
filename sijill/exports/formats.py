"""Export formats: each turns incident records (see `records.py`) into one file.

- `csv`: Sijill's own table, one row per victim of each act with the incident's fields repeated;
  `sijill import_sijill_csv` reads it back whole (see `sijill_csv.py` for the layout and why).
- `json`: the full records, nested acts, victims, perpetrators and sources.
- `geojson`: a FeatureCollection of Points ([longitude, latitude]); no point, null geometry.
- `hxl`: CSV with a second row of HXL hashtags (Humanitarian Exchange Language 1.1).
- `acled`: an ACLED-style event table (one row per incident; actor1 = first perpetrator).
- `ucdp`: a UCDP GED-style event table (one-sided violence against civilians unless the
  casualties are all combatants).
- `esf`: HURIDOCS Events Standard Formats-shaped JSON: events, acts, involvements, persons and
  information (source) records, with the ESF field numbers in the field names.
- `uwazi`: a CSV for Uwazi's importer: `title`, one column per template property, dates as
  YYYY/MM/DD, date ranges start:end, geolocation "lat|lon", multiple values joined with "|".

CSV files are UTF-8 with a byte-order mark by default, so Excel opens Arabic text correctly
(Sijill's importer, Uwazi and HXL tools all read the mark); `bom=False` writes plain UTF-8.
Public casualty breakdowns may be suppressed ("<5"): table cells then hold that text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from . import sijill_csv
from .sijill_csv import LEVEL_NAMES


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _code(term: dict | None) -> str:
    return term["code"] if term else ""


def _perpetrators(record: dict) -> list[dict]:
    seen, out = set(), []
    for act in record["acts"]:
        for p in act["perpetrators"]:
            if p["actor"] not in seen:
                seen.add(p["actor"])
                out.append(p)
    return out


def _admin(record: dict, level: int, key: str) -> str:
    entry = record["admin"].get(f"admin{level}")
    return entry[key] if entry else ""


def _first_act(record: dict) -> dict | None:
    return record["acts"][0] if record["acts"] else None


def _source_summary(record: dict) -> str:
    parts = []
    for s in record["sources"]:
        label = s["title"] or (s["type"]["en"] if s["type"] else "")
        parts.append(label)
    return "; ".join(p for p in parts if p)


def _number(value) -> int | None:
    return value if isinstance(value, int) else None


# ---------------------------------------------------------------- Sijill CSV

SIJILL_COLUMNS = sijill_csv.COLUMNS


# ---------------------------------------------------------------- HXL

# (column, HXL hashtag, value)
HXL_COLUMNS: list[tuple[str, str, Callable[[dict], object]]] = [
    ("id", "#event+id", lambda r: r["id"]),
    ("start_date", "#date+start", lambda r: r["start_date"]),
    ("end_date", "#date+end", lambda r: r["end_date"]),
    ("date_precision", "#date+precision", lambda r: r["date_precision"]),
    ("title_en", "#event+name+i_en", lambda r: r["title_en"]),
    ("title_ar", "#event+name+i_ar", lambda r: r["title_ar"]),
    ("description_en", "#description+i_en", lambda r: r["description_en"]),
    ("description_ar", "#description+i_ar", lambda r: r["description_ar"]),
    ("country_code", "#country+code", lambda r: _country(r)[0]),
    ("admin1_en", "#adm1+name", lambda r: _admin(r, 1, "name_en")),
    ("admin1_ar", "#adm1+name+i_ar", lambda r: _admin(r, 1, "name_ar")),
    ("admin1_pcode", "#adm1+code", lambda r: _admin(r, 1, "pcode")),
    ("admin2_en", "#adm2+name", lambda r: _admin(r, 2, "name_en")),
    ("admin2_pcode", "#adm2+code", lambda r: _admin(r, 2, "pcode")),
    ("admin3_en", "#adm3+name", lambda r: _admin(r, 3, "name_en")),
    ("admin3_pcode", "#adm3+code", lambda r: _admin(r, 3, "pcode")),
    ("location_en", "#loc+name", lambda r: (r["place"] or {}).get("name_en", "")),
    ("location_ar", "#loc+name+i_ar", lambda r: (r["place"] or {}).get("name_ar", "")),
    ("location_pcode", "#loc+code", lambda r: (r["place"] or {}).get("pcode", "")),
    ("latitude", "#geo+lat", lambda r: r["latitude"]),
    ("longitude", "#geo+lon", lambda r: r["longitude"]),
    ("geo_precision", "#geo+precision", lambda r: r["geo_precision"] or ""),
    ("violation_types", "#event+type", lambda r: "|".join(_code(a["violation_type"]) for a in r["acts"])),
    ("methods", "#event+type+method", lambda r: "|".join(_code(a["method"]) for a in r["acts"] if a["method"])),
    ("perpetrators", "#group+name+perpetrator", lambda r: "|".join(p["name_en"] for p in _perpetrators(r))),
    ("grading", "#status+grading", lambda r: _code(r["grading"])),
    ("status", "#status+verification", lambda r: _code(r["status"])),
    ("killed_min", "#affected+killed+min", lambda r: r["casualties"]["killed_total_min"]),
    ("killed_max", "#affected+killed+max", lambda r: r["casualties"]["killed_total_max"]),
    ("killed_children_min", "#affected+killed+children+min", lambda r: r["casualties"]["killed_children_min"]),
    ("killed_children_max", "#affected+killed+children+max", lambda r: r["casualties"]["killed_children_max"]),
    ("killed_women_min", "#affected+killed+f+adult+min", lambda r: r["casualties"]["killed_women_min"]),
    ("killed_women_max", "#affected+killed+f+adult+max", lambda r: r["casualties"]["killed_women_max"]),
    ("killed_men_min", "#affected+killed+m+adult+min", lambda r: r["casualties"]["killed_men_min"]),
    ("killed_men_max", "#affected+killed+m+adult+max", lambda r: r["casualties"]["killed_men_max"]),
    ("killed_combatants_min", "#affected+killed+combatant+min", lambda r: r["casualties"]["killed_combatants_min"]),
    ("killed_combatants_max", "#affected+killed+combatant+max", lambda r: r["casualties"]["killed_combatants_max"]),
    ("injured_min", "#affected+injured+min", lambda r: r["casualties"]["injured_total_min"]),
    ("injured_max", "#affected+injured+max", lambda r: r["casualties"]["injured_total_max"]),
    ("sources", "#meta+source", lambda r: _source_summary(r)),
    ("updated_at", "#date+updated", lambda r: r["updated_at"]),
]


def _country(record: dict) -> tuple[str, str, int, int]:
    """(ISO alpha-2, ISO alpha-3, ISO numeric, Gleditsch-Ward code) of the record's country."""
    pcode = _admin(record, 1, "pcode") or (record["place"] or {}).get("pcode", "")
    if pcode.startswith("IQ"):
        return "IQ", "IRQ", 368, 645
    return "SY", "SYR", 760, 652


# ---------------------------------------------------------------- ACLED

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
# weapon code -> (event_type, sub_event_type)
ACLED_BY_METHOD = {
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
    "drone": ("Explosions/Remote violence", "Air/drone strike"),
    "barrel-bomb": ("Explosions/Remote violence", "Air/drone strike"),
    "cluster": ("Explosions/Remote violence", "Air/drone strike"),
    "incendiary": ("Explosions/Remote violence", "Air/drone strike"),
    "artillery": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "mortar": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "rocket": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "ballistic-missile": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "chemical": ("Explosions/Remote violence", "Chemical weapon"),
    "landmine": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "car-bomb": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide-attack": ("Explosions/Remote violence", "Suicide bomb"),
}
# violation code -> (event_type, sub_event_type) when the method does not decide
ACLED_BY_VIOLATION = {
    "arbitrary-detention": ("Violence against civilians", "Abduction/forced disappearance"),
    "enforced-disappearance": ("Violence against civilians", "Abduction/forced disappearance"),
    "kidnapping": ("Violence against civilians", "Abduction/forced disappearance"),
    "sexual-violence": ("Violence against civilians", "Sexual violence"),
    "pillage": ("Strategic developments", "Looting/property destruction"),
    "property-destruction": ("Strategic developments", "Looting/property destruction"),
    "forced-displacement": ("Strategic developments", "Other"),
    "child-recruitment": ("Strategic developments", "Other"),
    "siege": ("Strategic developments", "Other"),
    "denial-of-aid": ("Strategic developments", "Other"),
}
ACLED_GEO_PRECISION = {"exact": 1, "community": 1, "subdistrict": 2, "district": 2, "governorate": 3}
ACLED_TIME_PRECISION = {"day": 1, "range": 2, "month": 3, "year": 3}


def acled_event_type(record: dict) -> tuple[str, str]:
    act = _first_act(record)
    if act is None:
        return "Violence against civilians", "Attack"
    method = _code(act["method"])
    if method in ACLED_BY_METHOD:
        return ACLED_BY_METHOD[method]
    violation = _code(act["violation_type"])
    if violation == "prohibited-weapons":
        return "Explosions/Remote violence", "Chemical weapon" if method == "chemical" else "Other"
    return ACLED_BY_VIOLATION.get(violation, ("Violence against civilians", "Attack"))


def acled_row(record: dict) -> dict:
    event_type, sub_event_type = acled_event_type(record)
    perpetrators = _perpetrators(record)
    alpha2, alpha3, iso, _gw = _country(record)
    country = "Iraq" if alpha2 == "IQ" else "Syria"
    first = perpetrators[0] if perpetrators else None
    inter1 = first["acled_inter_code"] if first and first["acled_inter_code"] is not None else ""
    civilians = event_type == "Violence against civilians" or (record["casualties"]["killed_total_min"] or 0) > 0
    inter2 = 7 if civilians else ""
    start = date.fromisoformat(record["start_date"])
    updated = record["updated_at"]
    return {
        "event_id_cnty": f"{alpha3}{record['id']}",
        "event_date": record["start_date"],
        "year": start.year,
        "time_precision": ACLED_TIME_PRECISION.get(record["date_precision"], 3),
        "disorder_type": "Strategic developments" if event_type == "Strategic developments" else "Political violence",
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": first["name_en"] if first else "Unidentified Armed Group",
        "assoc_actor_1": "; ".join(p["name_en"] for p in perpetrators[1:]),
        "inter1": inter1,
        "actor2": f"Civilians ({country})" if civilians else "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": f"{inter1}{inter2}" if inter1 != "" and inter2 != "" else "",
        "civilian_targeting": "Civilian targeting" if civilians else "",
        "iso": iso,
        "region": "Middle East",
        "country": country,
        "admin1": _admin(record, 1, "name_en"),
        "admin2": _admin(record, 2, "name_en"),
        "admin3": _admin(record, 3, "name_en"),
        "location": (record["place"] or {}).get("name_en", ""),
        "latitude": record["latitude"],
        "longitude": record["longitude"],
        "geo_precision": ACLED_GEO_PRECISION.get(record["geo_precision"] or "", 3),
        "source": _source_summary(record),
        "source_scale": "",
        "notes": record["description_en"] or record["title_en"] or record["title_ar"],
        "fatalities": _number(record["casualties"]["killed_total_min"]) or 0,
        "tags": "; ".join(record["tags"]),
        "timestamp": int(datetime.fromisoformat(updated).timestamp()) if updated else "",
    }


# ---------------------------------------------------------------- UCDP GED

UCDP_COLUMNS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_name", "dyad_name",
    "side_a", "side_b", "number_of_sources", "source_article", "source_date", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
]
UCDP_WHERE_PREC = {"exact": 1, "community": 1, "subdistrict": 2, "district": 3, "governorate": 4}
UCDP_DATE_PREC = {"day": 1, "range": 2, "month": 4, "year": 5}


def ucdp_row(record: dict) -> dict:
    perpetrators = _perpetrators(record)
    c = record["casualties"]
    alpha2, _a3, _iso, gw = _country(record)
    country = "Iraq" if alpha2 == "IQ" else "Syria"
    unit = "province" if alpha2 == "IQ" else "governorate"  # as UCDP names first-order units
    side_a = perpetrators[0]["name_en"] if perpetrators else "Unknown"
    low_total = _number(c["killed_total_min"]) or 0
    high_total = _number(c["killed_total_max"])
    combatants = _number(c["killed_combatants_min"]) or 0
    # Sijill documents harm to civilians: one-sided violence (3), unless only combatants died.
    one_sided = not (low_total and combatants >= low_total)
    side_b = "Civilians" if one_sided else "Unknown"
    combatants = min(combatants, low_total)
    civilians = low_total - combatants
    start = date.fromisoformat(record["start_date"])
    lat, lon = record["latitude"], record["longitude"]
    place = record["place"] or {}
    return {
        "id": record["id"],
        "relid": f"SIJILL-{record['id']}",
        "year": start.year,
        "active_year": "",
        "code_status": "Clear",
        "type_of_violence": 3 if one_sided else 1,
        "conflict_name": f"{country}: {side_a}" if one_sided else f"{country}: Government",
        "dyad_name": f"{side_a} - {side_b}",
        "side_a": side_a,
        "side_b": side_b,
        "number_of_sources": len(record["sources"]),
        "source_article": _source_summary(record),
        "source_date": ";".join(s["published_on"] for s in record["sources"] if s["published_on"]),
        "where_prec": UCDP_WHERE_PREC.get(record["geo_precision"] or "", 6),
        "where_coordinates": ", ".join(n for n in (place.get("name_en"), _admin(record, 1, "name_en")) if n),
        "where_description": place.get("name_en", ""),
        "adm_1": f"{_admin(record, 1, 'name_en')} {unit}" if _admin(record, 1, "name_en") else "",
        "adm_2": f"{_admin(record, 2, 'name_en')} district" if _admin(record, 2, "name_en") else "",
        "latitude": lat,
        "longitude": lon,
        "geom_wkt": f"POINT ({lon!r} {lat!r})" if lat is not None and lon is not None else "",
        "country": country,
        "country_id": gw,
        "region": "Middle East",
        "event_clarity": 1,
        "date_prec": UCDP_DATE_PREC.get(record["date_precision"], 5),
        "date_start": record["start_date"],
        "date_end": record["end_date"],
        "deaths_a": 0,
        "deaths_b": 0 if one_sided else low_total,
        "deaths_civilians": civilians if one_sided else 0,
        "deaths_unknown": combatants if one_sided else 0,
        "best": low_total,
        "high": high_total if high_total is not None else low_total,
        "low": low_total,
    }


# ---------------------------------------------------------------- Uwazi

UWAZI_COLUMNS = [
    "title", "sijill_id", "title_ar", "description", "description_ar", "date", "violation_types", "methods",
    "perpetrators", "governorate", "district", "subdistrict", "place", "geolocation", "grading",
    "verification_status", "killed_min", "killed_max", "children_killed_min", "women_killed_min",
    "injured_min", "injured_max", "tags", "sources",
]


def _uwazi_date(iso: str) -> str:
    return iso.replace("-", "/")


def uwazi_row(record: dict) -> dict:
    c = record["casualties"]
    lat, lon = record["latitude"], record["longitude"]
    return {
        "title": record["title_en"] or record["title_ar"],
        "sijill_id": record["id"],
        "title_ar": record["title_ar"],
        "description": record["description_en"],
        "description_ar": record["description_ar"],
        "date": f"{_uwazi_date(record['start_date'])}:{_uwazi_date(record['end_date'])}",
        "violation_types": "|".join(a["violation_type"]["en"] for a in record["acts"] if a["violation_type"]),
        "methods": "|".join(a["method"]["en"] for a in record["acts"] if a["method"]),
        "perpetrators": "|".join(p["name_en"] for p in _perpetrators(record)),
        "governorate": _admin(record, 1, "name_en"),
        "district": _admin(record, 2, "name_en"),
        "subdistrict": _admin(record, 3, "name_en"),
        "place": (record["place"] or {}).get("name_en", ""),
        "geolocation": f"{lat!r}|{lon!r}" if lat is not None and lon is not None else "",
        "grading": record["grading"]["en"] if record["grading"] else "",
        "verification_status": record["status"]["en"] if record["status"] else "",
        "killed_min": c["killed_total_min"], "killed_max": c["killed_total_max"],
        "children_killed_min": c["killed_children_min"], "women_killed_min": c["killed_women_min"],
        "injured_min": c["injured_total_min"], "injured_max": c["injured_total_max"],
        "tags": "|".join(t.replace("|", "/") for t in record["tags"]),
        "sources": "|".join(p.replace("|", "/") for p in _source_summary(record).split("; ") if p),
    }


# ---------------------------------------------------------------- HURIDOCS ESF


def esf_document(records: Iterable[dict]) -> dict:
    """Events Standard Formats records: one event per incident, one act per victim (or per act when
    no victim may be named), one involvement per perpetration claim, persons for victims and
    perpetrator groups, one information record per source."""
    events, acts, involvements, persons, informations = [], [], [], {}, []
    for r in records:
        event_id = f"event-{r['id']}"
        title = r["title_en"] or r["title_ar"]
        place = r["place"] or {}
        events.append({
            "101_event_record_number": event_id,
            "102_event_title": title,
            "102_event_title_ar": r["title_ar"],
            "108_confidentiality": LEVEL_NAMES.get(r.get("confidentiality", 0), ""),
            "111_geographical_term": place.get("pcode", ""),
            "112_local_geographical_area": ", ".join(
                n for n in (place.get("name_en"), _admin(r, 2, "name_en"), _admin(r, 1, "name_en")) if n),
            "113_initial_date": r["start_date"],
            "114_final_date": r["end_date"],
            "115_event_description": r["description_en"],
            "115_event_description_ar": r["description_ar"],
            "116_impact_of_event": ", ".join(f"{k}={v}" for k, v in r["casualties"].items() if v not in (None, "")),
            "120_violation_status": _code(r["status"]),
            "121_violation_index": sorted({_code(a["violation_type"]) for a in r["acts"]}),
            "geo_latitude": r["latitude"],
            "geo_longitude": r["longitude"],
            "geo_precision": r["geo_precision"],
        })
        for a_index, act in enumerate(r["acts"], start=1):
            victims = act["victims"] or [None]
            for v_index, victim in enumerate(victims, start=1):
                act_id = f"act-{r['id']}-{a_index}-{v_index}"
                victim_id = ""
                if victim is not None:
                    victim_id = f"person-{r['id']}-{a_index}-{v_index}"
                    persons[victim_id] = {
                        "901_person_record_number": victim_id,
                        "903_name": victim["name_latin"] or victim["name_ar"],
                        "904_other_names": victim["name_ar"] if victim["name_latin"] else "",
                        "908_confidentiality": LEVEL_NAMES.get(victim.get("confidentiality", 0), ""),
                        "915_sex": victim["sex"],
                        "counting_unit": "individual",
                        "age": victim["age"],
                        "is_child": victim["is_child"],
                        "status_civilian_combatant": victim["status"],
                    }
                acts.append({
                    "2101_act_record_number": act_id,
                    "2102_victim_name": victim_id,
                    "2103_event_title": event_id,
                    "2109_type_of_act": _code(act["violation_type"]),
                    "2111_initial_date": r["start_date"],
                    "2112_exact_location": place.get("name_en", ""),
                    "2114_method_of_violence": _code(act["method"]),
                    "2116_physical_consequences": victim["outcome"] if victim else "",
                    "2118_age_at_time_of_victimisation": victim["age"] if victim else None,
                    "2121_final_date": r["end_date"],
                    "2150_remarks": act.get("legal_qualification", ""),
                })
                for c_index, claim in enumerate(act["perpetrators"], start=1):
                    group_id = f"group-{claim['actor']}"
                    persons.setdefault(group_id, {
                        "901_person_record_number": group_id,
                        "903_name": claim["name_en"],
                        "904_other_names": claim["name_ar"],
                        "908_confidentiality": "public",
                        "915_sex": "",
                        "counting_unit": "organisation",
                    })
                    involvements.append({
                        "2401_involvement_record_number": f"inv-{act_id}-{c_index}",
                        "2402_perpetrator_name": group_id,
                        "2403_event_title": event_id,
                        "2404_act": act_id,
                        "2409_degree_of_involvement": claim["degree"],
                        "2412_type_of_perpetrator": "group",
                        "2422_latest_status_as_perpetrator_in_the_act": claim["confidence"],
                        "2450_remarks": claim.get("note", ""),
                    })
        for s_index, source in enumerate(r["sources"], start=1):
            informations.append({
                "2501_information_record_number": f"info-{r['id']}-{s_index}",
                "2502_source_name": source["title"] or (source["type"]["en"] if source["type"] else ""),
                "2503_event_title": event_id,
                "2510_language_of_source_material": source["language"],
                "2511_date_of_source_material": source["published_on"],
                "2512_source_type": _code(source["type"]),
                "2513_source_url": source["url"],
                "2553_reliability_of_source": source["reliability"],
                "2554_reliability_of_information": source["credibility"],
            })
    return {
        "standard": "HURIDOCS Events Standard Formats (2001)",
        "events": events, "acts": acts, "involvements": involvements,
        "persons": list(persons.values()), "informations": informations,
    }


# ---------------------------------------------------------------- writers


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    write: Callable  # (records, binary file, *, bom, meta) -> count
    description: str


def _csv_writer(stream, *, bom: bool):
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if bom else "utf-8", newline="", write_through=True)
    return text, csv.writer(text)


def _write_table(columns: list[str], row_of: Callable[[dict], dict], *, tags: list[str] | None = None):
    def write(records, stream, *, bom: bool = True, meta: dict | None = None) -> int:
        text, writer = _csv_writer(stream, bom=bom)
        writer.writerow(columns)
        if tags:
            writer.writerow(tags)
        count = 0
        for record in records:
            row = row_of(record)
            writer.writerow([_text(row[c]) for c in columns])
            count += 1
        text.flush()
        text.detach()
        return count

    return write


def _write_hxl(records, stream, *, bom: bool = True, meta: dict | None = None) -> int:
    return _write_table(
        [c for c, _t, _f in HXL_COLUMNS],
        lambda r: {c: f(r) for c, _t, f in HXL_COLUMNS},
        tags=[t for _c, t, _f in HXL_COLUMNS],
    )(records, stream, bom=bom)


def _dump(document: dict, stream) -> None:
    # No indent: json's C encoder only runs without one (indent=1 tripled the time of a JSON export).
    stream.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _header(meta: dict | None, count: int) -> dict:
    return {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"), "count": count, **(meta or {})}


def _write_json(records, stream, *, bom: bool = True, meta: dict | None = None) -> int:
    items = list(records)
    _dump({**_header(meta, len(items)), "incidents": items}, stream)
    return len(items)


def geojson_feature(record: dict) -> dict:
    lat, lon = record["latitude"], record["longitude"]
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    properties = {k: v for k, v in record.items() if k not in ("latitude", "longitude")}
    return {"type": "Feature", "id": record["id"], "geometry": geometry, "properties": properties}


def _write_geojson(records, stream, *, bom: bool = True, meta: dict | None = None) -> int:
    features = [geojson_feature(r) for r in records]
    _dump({"type": "FeatureCollection", "metadata": _header(meta, len(features)), "features": features}, stream)
    return len(features)


def _write_esf(records, stream, *, bom: bool = True, meta: dict | None = None) -> int:
    items = list(records)
    _dump({**_header(meta, len(items)), **esf_document(items)}, stream)
    return len(items)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("csv", "csv", "text/csv", sijill_csv.write, "Sijill CSV, one row per victim of each act (re-importable)"),
    Format("json", "json", "application/json", _write_json, "JSON, full records"),
    Format("geojson", "geojson", "application/geo+json", _write_geojson, "GeoJSON FeatureCollection"),
    Format("hxl", "csv", "text/csv", _write_hxl, "HXL-tagged CSV"),
    Format("acled", "csv", "text/csv", _write_table(ACLED_COLUMNS, acled_row), "ACLED-style event table"),
    Format("ucdp", "csv", "text/csv", _write_table(UCDP_COLUMNS, ucdp_row), "UCDP GED-style event table"),
    Format("esf", "json", "application/json", _write_esf, "HURIDOCS Events Standard Formats (JSON)"),
    Format("uwazi", "csv", "text/csv", _write_table(UWAZI_COLUMNS, uwazi_row), "Uwazi import CSV"),
)}
