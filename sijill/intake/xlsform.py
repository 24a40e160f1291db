"""The Sijill field incident report as an XLSForm, for KoboToolbox and ODK, built from our own data.

Choice lists come from the seeded vocabularies (violation types, weapons), the seeded actors
(their slugs) and the packaged gazetteer (governorate -> district by choice_filter; communities
from a CSV attachment through select_one_from_file, filtered by district), so a submission's
codes are the codes Sijill stores and the `xlsform-incident` mapping resolves them exactly.
Labels are Arabic and English. `sijill intake xlsform -o FILE.xlsx` writes the form and its CSV.
"""

from __future__ import annotations

import csv
import importlib
from pathlib import Path

FORM_ID = "sijill_incident"
VERSION = "2026112501"
AR, EN = "label::Arabic (ar)", "label::English (en)"
COMMUNITIES_FILE = "communities.csv"
DATA_DIR = Path(__file__).resolve().parent / "data"

SEX = [("male", "ذكر", "male"), ("female", "أنثى", "female"), ("unknown", "غير معروف", "unknown")]
OUTCOMES = [("killed", "قتل", "killed"), ("injured", "إصابة", "injured"), ("detained", "اعتقال", "detained"),
            ("disappeared", "إخفاء", "disappeared"), ("displaced", "تهجير", "displaced"), ("other", "أخرى", "other")]

# (type, name, Arabic label, English label, extra columns)
SURVEY = [
    ("start", "start", "", "", {}),
    ("end", "end", "", "", {}),
    ("begin_group", "incident", "الحادثة", "Incident", {}),
    ("text", "title_ar", "عنوان الحادثة (بالعربية)", "Incident title (Arabic)", {}),
    ("text", "title_en", "عنوان الحادثة (بالإنكليزية)", "Incident title (English)", {}),
    ("date", "date", "تاريخ الحادثة", "Date of the incident", {"required": "yes"}),
    ("text", "description", "وصف ما حدث", "What happened", {"appearance": "multiline"}),
    ("select_one violation_type", "violation_type", "نوع الانتهاك", "Type of violation", {"required": "yes"}),
    ("select_one weapon", "weapon", "السلاح أو الوسيلة", "Weapon or method", {}),
    ("integer", "killed", "عدد القتلى", "Number killed", {"constraint": ". >= 0"}),
    ("integer", "injured", "عدد المصابين", "Number injured", {"constraint": ". >= 0"}),
    ("end_group", "", "", "", {}),
    ("begin_group", "place", "المكان", "Place", {}),
    ("select_one governorate", "governorate", "المحافظة", "Governorate", {"required": "yes"}),
    ("select_one district", "district", "المنطقة", "District", {"choice_filter": "governorate=${governorate}"}),
    (f"select_one_from_file {COMMUNITIES_FILE}", "community", "البلدة أو القرية", "Town or village",
     {"choice_filter": "district=${district}", "appearance": "search"}),
    ("geopoint", "location", "الموقع على الخريطة", "Location on the map", {}),
    ("text", "place_detail", "تفاصيل المكان (حي، شارع، معلم)", "Place detail (neighbourhood, street, landmark)", {}),
    ("end_group", "", "", "", {}),
    ("begin_repeat", "victims", "الضحايا", "Victims", {}),
    ("text", "victim_name_ar", "اسم الضحية (بالعربية)", "Victim's name (Arabic)", {}),
    ("text", "victim_name_latin", "اسم الضحية (بالأحرف اللاتينية)", "Victim's name (Latin letters)", {}),
    ("select_one sex", "victim_sex", "الجنس", "Sex", {}),
    ("integer", "victim_age", "العمر", "Age", {"constraint": ". >= 0 and . <= 120"}),
    ("select_one outcome", "victim_outcome", "ما أصاب الضحية", "What happened to the victim", {}),
    ("end_repeat", "", "", "", {}),
    ("begin_group", "perpetrator", "الجهة المسؤولة", "Perpetrator", {}),
    ("select_one actor", "actor", "الجهة المسؤولة", "Responsible party", {}),
    ("text", "actor_other", "جهة أخرى", "Other party", {"relevant": "${actor} = 'unknown'"}),
    ("end_group", "", "", "", {}),
    ("begin_group", "media", "الوسائط", "Media", {}),
    ("image", "photo", "صورة", "Photo", {}),
    ("video", "video", "فيديو", "Video", {}),
    ("audio", "audio", "تسجيل صوتي", "Audio recording", {}),
    ("end_group", "", "", "", {}),
]
EXTRA = ["required", "constraint", "relevant", "choice_filter", "appearance"]


def _seed(module: str, name: str):
    return getattr(importlib.import_module(module), name)


def choices() -> list[tuple[str, str, str, str, str]]:
    """(list_name, name, Arabic label, English label, governorate filter) for every choice list."""
    from sijill.places.resolver import read_places

    terms = _seed("sijill.vocabularies.migrations.0002_seed_terms", "TERMS")
    actors = _seed("sijill.actors.migrations.0002_seed_actors", "ACTORS")
    rows = [("violation_type", code, ar, en, "") for code, en, ar in terms["violation_type"]]
    rows += [("weapon", code, ar, en, "") for code, en, ar in terms["weapon"]]
    rows += [("actor", a[0], a[5], a[4], "") for a in actors]
    if not any(a[0] == "unknown" for a in actors):
        # The choice that opens "Other party" (actor_other); a choice name may appear once per list.
        rows.append(("actor", "unknown", "غير معروف / أخرى", "unknown / other", ""))
    rows += [("sex", *c, "") for c in SEX]
    rows += [("outcome", *c, "") for c in OUTCOMES]
    places = [p for p in read_places() if p.country == "SY"]
    rows += [("governorate", p.pcode, p.name_ar, p.name_en, "") for p in places if p.level == 1]
    rows += [("district", p.pcode, p.name_ar, p.name_en, p.parent_pcode) for p in places if p.level == 2]
    return rows


def communities() -> list[dict]:
    """Communities of the gazetteer with the district and governorate they lie in."""
    from sijill.places.resolver import read_places

    places = [p for p in read_places() if p.country == "SY"]
    parent = {p.pcode: p.parent_pcode for p in places}
    level = {p.pcode: p.level for p in places}
    out = []
    for p in places:
        if p.level != 4:
            continue
        district = p.parent_pcode
        while district and level.get(district, 0) > 2:
            district = parent.get(district)
        out.append({"name": p.pcode, "label": p.name_en, AR: p.name_ar, EN: p.name_en, "district": district or "",
                    "governorate": parent.get(district, "") if district else ""})
    return out


def xlsform_write(path: str | Path) -> tuple[Path, Path]:
    """Write the form and, beside it, the communities CSV it names; returns both paths."""
    from openpyxl import Workbook

    path = Path(path)
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", AR, EN, *EXTRA])
    for kind, name, ar, en, extra in SURVEY:
        survey.append([kind, name, ar, en, *(extra.get(e, "") for e in EXTRA)])
    sheet = book.create_sheet("choices")
    sheet.append(["list_name", "name", AR, EN, "governorate"])
    for row in choices():
        sheet.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language", "instance_name"])
    settings.append(["تقرير حادثة ميداني / Field incident report", FORM_ID, VERSION, "Arabic (ar)",
                     "concat(${date}, ' ', ${title_ar})"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    csv_path = path.parent / COMMUNITIES_FILE
    rows = communities()
    with open(csv_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, csv_path
