"""The data dictionary of the public dataset: every column of incidents.csv, in English and Arabic.

incidents.csv has one row per named victim of each act (see `sijill_csv.py`).
"""

from __future__ import annotations

from .formats import SIJILL_COLUMNS

_GROUPS_EN = {"total": "all victims", "children": "children", "women": "women", "men": "men",
              "combatants": "combatants"}
_GROUPS_AR = {"total": "جميع الضحايا", "children": "الأطفال", "women": "النساء", "men": "الرجال",
              "combatants": "المقاتلون"}

# column -> (type, English, Arabic)
COLUMNS: dict[str, tuple[str, str, str]] = {
    "id": ("integer", "Incident number in Sijill; stable across releases.", "رقم الحادثة في سجل؛ ثابت بين الإصدارات."),
    "title_en": ("text", "Title in English.", "العنوان بالإنجليزية."),
    "title_ar": ("text", "Title in Arabic.", "العنوان بالعربية."),
    "description_en": ("text", "Description in English.", "الوصف بالإنجليزية."),
    "description_ar": ("text", "Description in Arabic.", "الوصف بالعربية."),
    "start_date": ("date (YYYY-MM-DD)", "First day the incident may have happened.", "أول يوم يُحتمل أن الحادثة وقعت فيه."),
    "end_date": ("date (YYYY-MM-DD)", "Last day the incident may have happened.", "آخر يوم يُحتمل أن الحادثة وقعت فيه."),
    "date_precision": ("code: day, month, year, range", "How exactly the date is known.", "مدى دقة معرفة التاريخ."),
    "place_pcode": ("OCHA p-code", "Published place (never finer than a community).",
                    "المكان المنشور (لا أدق من مستوى التجمع السكاني)."),
    "place_en": ("text", "Published place, English name.", "المكان المنشور، الاسم بالإنجليزية."),
    "place_ar": ("text", "Published place, Arabic name.", "المكان المنشور، الاسم بالعربية."),
    "place_precision": ("code: exact, community, subdistrict, district, governorate",
                        "Level of the published location.", "مستوى الموقع المنشور."),
    "latitude": ("decimal degrees (WGS 84)", "Recorded latitude, only when the record allows exact publication.",
                 "خط العرض المسجل، فقط حين يسمح السجل بنشر الموقع الدقيق."),
    "longitude": ("decimal degrees (WGS 84)", "Recorded longitude, only when the record allows exact publication.",
                  "خط الطول المسجل، فقط حين يسمح السجل بنشر الموقع الدقيق."),
    "place_latitude": ("decimal degrees (WGS 84)", "Latitude of the published place's centre (gazetteer).",
                       "خط عرض مركز المكان المنشور (من المعجم الجغرافي)."),
    "place_longitude": ("decimal degrees (WGS 84)", "Longitude of the published place's centre (gazetteer).",
                        "خط طول مركز المكان المنشور (من المعجم الجغرافي)."),
    "location_note": ("text", "Always empty in public data (location details are withheld).",
                      "فارغ دائماً في البيانات العامة (تفاصيل الموقع محجوبة)."),
    "grading": ("code: confirmed, fair, weak, contested, discounted", "Grading of the evidence (Airwars scale).",
                "تقييم قوة الأدلة (سلم Airwars)."),
    "status": ("code: received, under-review, verified", "Verification status.", "حالة التحقق."),
    "confidentiality": ("code", "Always 'public' in public data.", "دائماً «public» (علني) في البيانات العامة."),
    "tags": ("list, comma-separated", "Keywords.", "كلمات مفتاحية."),
    "act": ("integer", "Number of the act (one violation) within the incident; empty when it has none.",
            "رقم الفعل (انتهاك واحد) ضمن الحادثة؛ فارغ إن لم يكن لها فعل."),
    "victim": ("integer", "Number of the victim within the act; empty when no victim of the act is named.",
               "رقم الضحية ضمن الفعل؛ فارغ إن لم يُسمَّ أي ضحية للفعل."),
    "violation_type": ("code", "Violation type of the act.", "نوع الانتهاك في الفعل."),
    "method": ("code", "Weapon or method of the act.", "السلاح أو الأسلوب في الفعل."),
    "legal_qualification": ("text", "Legal qualification of the act (IHL rule, Rome Statute article).",
                            "التكييف القانوني للفعل (قاعدة القانون الدولي الإنساني، مادة نظام روما)."),
    "act_description": ("text", "Always empty in public data (internal description of the act).",
                        "فارغ دائماً في البيانات العامة (الوصف الداخلي للفعل)."),
    "perpetrators": ("list of actor codes, ';'-separated",
                     "Actors to whom the act is attributed (claims, not findings).",
                     "الجهات التي يُنسب إليها الفعل (ادعاءات وليست أحكاماً)."),
    "perpetrator_degrees": ("list of codes (direct, ordered, complicit, alleged), ';'-separated",
                            "Degree of each claim, in the order of perpetrators.",
                            "درجة المشاركة في كل ادعاء، بترتيب الجهات."),
    "perpetrator_confidences": ("list of codes (high, medium, low), ';'-separated",
                                "Confidence of each claim, in the order of perpetrators.",
                                "مستوى الثقة في كل ادعاء، بترتيب الجهات."),
    "perpetrator_names_en": ("text", "Perpetrators' names in English.", "أسماء الجهات المنسوب إليها بالإنجليزية."),
    "perpetrator_names_ar": ("text", "Perpetrators' names in Arabic.", "أسماء الجهات المنسوب إليها بالعربية."),
    "victim_name_ar": ("text", "Victim's name in Arabic script (only victims whose record is public).",
                       "اسم الضحية بالحروف العربية (فقط الضحايا العلنية سجلاتهم)."),
    "victim_name_latin": ("text", "Victim's name in Latin script.", "اسم الضحية بالحروف اللاتينية."),
    "victim_sex": ("code: male, female, unknown", "Victim's sex.", "جنس الضحية."),
    "victim_age": ("integer", "Victim's age in years.", "عمر الضحية بالسنوات."),
    "victim_is_child": ("yes or no", "Whether the victim was a child.", "هل كانت الضحية طفلاً."),
    "victim_status": ("code: civilian, combatant, unknown", "Civilian or combatant.", "مدني أم مقاتل."),
    "victim_outcome": ("code", "What happened to the victim (killed, injured, detained, ...).",
                       "ما أصاب الضحية (قُتل، جُرح، اعتُقل، ...)."),
    "victim_confidentiality": ("code", "Always 'public' in public data.", "دائماً «public» (علني) في البيانات العامة."),
    "sources": ("text", "Published sources (titles only for media, statements and datasets; others by type).",
                "المصادر المنشورة (العناوين للمقالات والبيانات الرسمية ومجموعات البيانات فقط، والبقية بنوعها)."),
    "updated_at": ("timestamp (ISO 8601)", "Last change of the record.", "آخر تعديل على السجل."),
}
for _level in (1, 2, 3):
    _en = {1: "governorate", 2: "district", 3: "sub-district"}[_level]
    _ar = {1: "المحافظة", 2: "المنطقة", 3: "الناحية"}[_level]
    COLUMNS[f"admin{_level}_pcode"] = ("OCHA p-code", f"The {_en}'s p-code.", f"الرمز المكاني لـ{_ar}.")
    COLUMNS[f"admin{_level}_en"] = ("text", f"The {_en}, English name.", f"{_ar}، الاسم بالإنجليزية.")
    COLUMNS[f"admin{_level}_ar"] = ("text", f"The {_en}, Arabic name.", f"{_ar}، الاسم بالعربية.")
for _outcome, _en_o, _ar_o in (("killed", "killed", "القتلى"), ("injured", "injured", "الجرحى")):
    for _group in _GROUPS_EN:
        for _bound, _en_b, _ar_b in (("min", "minimum", "الحد الأدنى"), ("max", "maximum", "الحد الأعلى")):
            kind = "integer" if _group == "total" else "integer, or '<k' when suppressed"
            note_en = "" if _group == "total" else " Counts from 1 to k-1 are shown as '<k' (small-cell suppression)."
            note_ar = "" if _group == "total" else " الأعداد من 1 إلى k-1 تظهر «<k» (حجب الخلايا الصغيرة)."
            COLUMNS[f"{_outcome}_{_group}_{_bound}"] = (
                kind, f"{_en_o.capitalize()}, {_GROUPS_EN[_group]}: {_en_b}.{note_en}",
                f"{_ar_o}، {_GROUPS_AR[_group]}: {_ar_b}.{note_ar}")

missing = set(SIJILL_COLUMNS) - set(COLUMNS)
assert not missing, f"undocumented columns: {missing}"
