"""Casualty counts: how many were killed or injured, of which group, with ranges and "at least".

Each number (see `numbers.number_at`) is tied to the nearest outcome word in its clause: a verbal
noun or verb before it ("killing 12", "مقتل 5 مدنيين", "wounding thirty") or a participle or
noun after it ("12 people were killed", "5 قتلى"). Group words after the number say whom it
counts ("children", "أطفال", "fighters"). A number that counts years, strikes, kilometres or
that is part of a date is not a casualty count. Arabic singular and dual nouns carry their
count ("مقتل طفلين" is two children), also when the outcome verb follows them ("امرأة قتلت",
"a civilian was killed", "child killed in ...", "a man named ... died"); the death or the body of
one person is one of the dead ("the death of a child", "جثمان امرأة"). One figure for the killed and injured together ("بين قتيل وجريح") is
neither count; a tally over a period ("منذ بداية العام", "in five days") is marked `period` and
never proposed as one incident's toll. An indefinite plural with no number counts at its
grammatical minimum (`plural`: "سقوط شهداء" at least three, "استشهاد مدنيين" at least two).
The dead named one by one ("مقتل "خلف الوهاب"", "الشهيد مصطفى ...", a list after "أسماء الشهداء")
are `named` mentions, one per person (with kin joined to them: "جاسم ووالدته"); the incident proposal
uses them only when no number is written, as at least the number of different people named.
Nothing is counted without an outcome word.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from sijill.extraction.numbers import NUMBER_WORDS, number_at
from sijill.extraction.spans import SpanSet
from sijill.extraction.words import Word
from sijill.text.normalise import normalise

KILLED_BEFORE = frozenset({
    "killing", "killed", "kill", "kills", "claiming", "claimed", "executed", "executing", "massacred",
    "مقتل", "استشهاد", "قتل", "حصيله", "وفاه", "اعدام", "ومقتل", "واستشهاد", "بمقتل",
    "باستشهاد", "ارتفاع", "قضاء", "تصفيه", "قتلت", "قتلوا",
    # "rose" to martyrdom, as Syrian local media write a death; "the fall of" martyrs/victims
    "ارتقاء", "وارتقاء", "ارتقى", "ارتقت", "سقوط", "لسقوط", "لاستشهاد", "لمقتل",
    # the verb first, as Arabic news writes it ("استشهد مدنيان", "قتل 3 أشخاص")
    "استشهد", "استشهدت", "واستشهد", "وقتل", "قضي", "توفي", "لقي",
    # "a massacre whose victims were 5 civilians", "the martyrdom of two civilians"
    "ضحيتها", "ضحيته", "ضحيتهم", "martyrdom", "martyring", "deaths", "death",
    # headlines in the present tense ("غارات روسية تقتل مدنياً", "drone strike kills 2"); "claimed the
    # life of" (أودى بحياة 9 مدنيين); "the death of" (بوفاة الشاب)
    "تقتل", "يقتل", "وتقتل", "ويقتل", "بحياة", "بوفاة", "لارتقاء", "بقتل",
    # executions in the present and past ("قسد تعدم السيدة")
    "تعدم", "يعدم", "أعدمت", "أعدم",
    # a body recovered or handed over is one of the dead ("انتشال جثمان امرأة", "تسليم جثة المدني")
    "جثه", "جثمان", "جثامين", "جثتي",
})
KILLED_AFTER = frozenset({
    "killed", "dead", "died", "deaths", "die", "martyrs", "bodies", "lives", "fatalities", "slain",
    "executed", "perished", "martyred", "قتلي", "قتيل", "قتيلا", "شهداء", "شهيد", "شهيدا", "قضوا", "لقوا", "جثث",
    "جثه", "قتلوا", "استشهدوا", "ضحايا", "ضحيه", "حتفهم", "مقتولين",
    # "lost their lives" (فقدان 25 شخصاً لحياتهم)
    "حياتهم", "لحياتهم", "حياته", "لحياته", "حياتها", "لحياتها", "حياتهما", "لحياتهما",
})
INJURED_BEFORE = frozenset({
    "wounding", "injuring", "wounded", "injured", "wounds", "اصابه", "جرح", "واصابه", "وجرح",
    "اصابات", "باصابه", "واصابات",
})
INJURED_AFTER = frozenset({
    "wounded", "injured", "injuries", "hurt", "جرحي", "جريح", "جريحا", "مصابين", "مصابا", "اصيبوا",
    "بجروح", "مصاب", "اصابات", "wounds",
})
# "37 civilians between killed and wounded", "8 killed and wounded": one figure for both outcomes,
# neither a killed nor an injured count.
MIXED = (frozenset({"قتيل", "قتيلا", "قتلي", "شهيد", "شهيدا", "شهداء", "شهيدين", "قتيلين", "killed", "dead"}),
         frozenset({"جريح", "جريحا", "جرحي", "مصاب", "مصابا", "مصابين", "اصابه", "اصابتين", "اصابات", "جريحين",
                    "wounded", "injured"}))
# A count over a period ("35 civilians since the start of the year", "16 in 5 days") is a tally
# of many incidents, not one incident's toll.
SINCE = frozenset({"منذ", "since", "خلال", "during"})
PERIOD_AFTER = frozenset({"ايام", "اسابيع", "اشهر", "days", "weeks", "months", "years", "سنوات"})
# Singular nouns that an outcome verb or noun follows ("امرأة قتلت", "طفل شهيد", "a civilian was killed").
KILLED_VERB_AFTER = frozenset({
    "قتل", "قتلت", "قتلا", "استشهد", "استشهدت", "استشهدا", "شهيد", "شهيده", "شهيدا", "قتيل", "قتيلا",
    "توفي", "توفيت", "قضي", "قضت", "لقي", "لقيت", "killed", "died", "martyred", "dead",
    # "فقد مدني حياته", "فقدان طفل لحياته", "الشاب فارق الحياة"
    "حياته", "لحياته", "حياتها", "لحياتها", "فارق", "فارقت",
})
INJURED_VERB_AFTER = frozenset({
    "اصيب", "اصيبت", "اصيبا", "جرح", "جرحت", "جريح", "جريحا", "مصاب", "مصابه", "مصابا",
    "wounded", "injured", "hurt",
})
EN_SINGULAR = {"civilian": "total", "person": "total", "child": "children", "boy": "children",
               "girl": "children", "baby": "children", "woman": "women", "man": "men",
               "official": "total", "commander": "total", "leader": "total"}
# A toll word before the number carries the outcome through "rose to", "at", "reached".
TOLL = frozenset({"toll", "حصيله"})
FILLER = frozenset({
    "at", "least", "more", "than", "over", "about", "nearly", "around", "some", "up", "to", "approximately",
    "the", "of", "a", "an", "total", "rose", "risen", "climbed", "reached", "stood", "is", "was", "has",
    "had", "lives", "almost", "roughly", "another", "further", "additional", "and", "estimated",
    "حوالي", "نحو", "اكثر", "من", "ما", "لا", "يقل", "عن", "قرابه", "الي", "ارتفعت", "بلغت", "وصلت",
    "يزيد", "اقل", "زهاء", "قتلي", "حياه", "ارواح", "القتلي", "الضحايا", "الشهداء", "ضحايا",
    # "راح ضحيتها في حصيلة أولية 12", "عدد الشهداء ارتفع إلى 5"
    "اوليه", "الاوليه", "مبدئيه", "ارتفع", "يرتفع", "ليرتفع", "لترتفع",
})
GROUPS = {
    "civilians": "total", "civilian": "total", "people": "total", "persons": "total", "residents": "total",
    "person": "total", "others": "total", "victims": "total", "individuals": "total", "villagers": "total",
    "children": "children", "child": "children", "kids": "children", "minors": "children", "boys": "children",
    "girls": "children", "women": "women", "woman": "women", "men": "men", "soldiers": "combatants",
    "fighters": "combatants", "militants": "combatants", "troops": "combatants", "members": "combatants",
    "gunmen": "combatants", "jihadists": "combatants", "rebels": "combatants", "personnel": "combatants",
    "combatants": "combatants", "terrorists": "combatants", "servicemen": "combatants",
    "officers": "combatants", "insurgents": "combatants",
    "مدنيين": "total", "مدنيا": "total", "اشخاص": "total", "شخصا": "total", "مواطنين": "total",
    "مواطنا": "total", "اخرين": "total", "مدني": "total", "مدنيون": "total", "شخص": "total",
    "اطفال": "children", "طفلا": "children", "اطفالا": "children", "طفل": "children",
    "نساء": "women", "سيدات": "women", "امراه": "women", "رجال": "men", "شبان": "men", "رجلا": "men",
    "عناصر": "combatants", "مقاتلين": "combatants", "مقاتلا": "combatants", "جنود": "combatants",
    "جنديا": "combatants", "عسكريين": "combatants", "عسكريا": "combatants", "مسلحين": "combatants",
    "عنصرا": "combatants",
}
# Arabic nouns that carry their own count after an outcome word: singular 1, dual 2.
COUNTED_NOUNS = {
    "طفل": ("children", 1), "طفله": ("children", 1), "طفلين": ("children", 2), "طفلتين": ("children", 2),
    "طفلان": ("children", 2), "مدني": ("total", 1), "شخص": ("total", 1), "شخصين": ("total", 2),
    "شاب": ("men", 1), "شابين": ("men", 2), "رجل": ("men", 1), "رجلين": ("men", 2),
    "امراه": ("women", 1), "امراتين": ("women", 2), "سيده": ("women", 1), "سيدتين": ("women", 2),
    "مواطن": ("total", 1), "مواطنه": ("total", 1), "قتيلين": ("total", 2), "شهيدين": ("total", 2),
    "جريحين": ("total", 2), "مدنيان": ("total", 2), "مدنيين": None,
    "شهيد": ("total", 1), "شهيده": ("total", 1), "قتيل": ("total", 1), "شخصا": ("total", 1),
    "رضيع": ("children", 1), "رضيعه": ("children", 1), "مدنيا": ("total", 1), "عنصر": ("combatants", 1),
    "مقاتل": ("combatants", 1), "جندي": ("combatants", 1),
    # nominative duals ("شهيدان و12 جريحاً", "طفلان قتلا")
    "شهيدان": ("total", 2), "قتيلان": ("total", 2), "جريحان": ("total", 2), "شخصان": ("total", 2),
    "رجلان": ("men", 2), "شابان": ("men", 2), "امرأتان": ("women", 2), "سيدتان": ("women", 2),
    "طفلتان": ("children", 2), "مواطنان": ("total", 2),
    # one person named by what they were: "مقتل صحفي", "استشهاد الطبيب", "فقد عامل حياته"
    "صحفي": ("total", 1), "مصور": ("total", 1), "طالب": ("total", 1), "طالبه": ("total", 1),
    "عامل": ("total", 1), "معلم": ("total", 1), "معلمه": ("total", 1), "مدرس": ("total", 1),
    "طبيب": ("total", 1), "دكتور": ("total", 1), "ممرض": ("total", 1), "ممرضه": ("total", 1),
    "مسعف": ("total", 1), "متطوع": ("total", 1), "سائق": ("total", 1), "مزارع": ("total", 1),
    "راعي": ("total", 1), "فتى": ("men", 1), "فتاة": ("women", 1), "مسن": ("men", 1), "مسنة": ("women", 1),
    "عجوز": ("total", 1), "استاذ": ("total", 1), "مهندس": ("total", 1), "ناشط": ("total", 1),
    "اعلامي": ("total", 1),
    # one person named by an office: "مقتل قيادي في ...", "مقتل المسؤول في المجلس", "مقتل نائب رئيس ..."
    "قيادي": ("total", 1), "مسؤول": ("total", 1), "رئيس": ("total", 1), "نائب": ("total", 1),
    "قائد": ("total", 1), "امير": ("total", 1), "مدير": ("total", 1), "مختار": ("total", 1),
}
# Outcome nouns that are their own count: dual 2, singular 1 ("يوجد قتيل وثلاث إصابات").
_DUAL_OUTCOME = {"قتيلين": "killed", "شهيدين": "killed", "جريحين": "injured", "قتيل": "killed",
                 "شهيد": "killed", "جريح": "injured", "شهيدان": "killed", "قتيلان": "killed",
                 "جريحان": "injured", "شهيده": "killed", "قتيله": "killed"}
_DUAL_OUTCOME = {normalise(w): o for w, o in _DUAL_OUTCOME.items()}
# Indefinite plural outcome nouns with no number: an Arabic broken plural means three or more
# ("سقوط شهداء", "شهداء وجرحى"); taken only where the sentence makes them this event's toll: after
# a verb of falling or causing, or paired with the other outcome.
PLURAL_OUTCOME = {"شهداء": "killed", "قتلي": "killed", "جرحي": "injured", "مصابين": "injured"}
PLURAL_CAUSE = frozenset({"سقوط", "سقط", "وقوع", "وقع", "يوقع", "توقع", "اوقع", "اوقعت", "خلف", "خلفت",
                          "يخلف", "تخلف", "عن", "ويوقع", "وتوقع", "وسقوط", "ووقوع", "بسقوط", "بوقوع"})
# A sound plural after an outcome word with no number ("استشهاد مدنيين", "killing civilians"):
# the unvowelled Arabic form is also the dual, English plurals start at two: at least two.
PLURAL_GROUPS = frozenset({"مدنيين", "مدنيون", "اشخاص", "مواطنين", "اطفال", "نساء", "civilians", "people",
                           "children", "women", "نازحين", "تلاميذ", "طلاب", "صحفيين", "مسعفين", "متطوعين",
                           "عمال", "مزارعين"})
PLURAL_MIN = {"killed": 3, "injured": 3}
NOT_PEOPLE = frozenset({
    "years", "year", "yearold", "old", "months", "month", "days", "day", "hours", "hour", "minutes", "km",
    "kilometres", "kilometers", "miles", "metres", "meters", "percent", "times", "strikes", "airstrikes",
    "raids", "missiles", "rockets", "shells", "bombs", "barrel", "villages", "towns", "houses", "buildings",
    "aircraft", "jets", "warplanes", "dollars", "million", "billion", "am", "pm", "gmt", "mortar",
    "sorties", "vehicles", "tanks", "trucks", "cars", "families", "countries", "weeks", "week", "tons",
    "عام", "اعوام", "سنوات", "سنه", "عاما", "اشهر", "شهر", "شهرا", "ايام", "يوما", "ساعات",
    "ساعه", "كم", "كيلومتر", "كيلومترات", "متر", "مترا", "بالمئه", "مره", "مرات", "غارات", "غاره",
    "صواريخ", "صاروخ", "قذائف", "قذيفه", "براميل", "برميل", "قري", "منازل", "منزل", "طائرات", "دولار",
    "مليون", "مليار", "غارتين", "عائلات", "عائله", "سيارات", "الف", "ضربات", "ضربه", "طن", "اسابيع",
    "دقيقه", "دقائق", "ظهرا", "صباحا", "مساء", "مساءا",
})
AGE_BEFORE = frozenset({"aged", "age", "عمره", "عمرها", "العمر", "بعمر", "عمر", "number", "no", "division",
                        "resolution", "rocket", "brigade", "highway", "route", "الفرقه", "اللواء", "رقم", "عيار"})
AT_LEAST = frozenset({"least", "يقل", "الاقل", "minimum"})
MORE_THAN = frozenset({"than", "over", "اكثر", "يزيد"})
APPROX = frozenset({"about", "nearly", "around", "approximately", "some", "almost", "roughly", "حوالي",
                    "نحو", "قرابه", "زهاء", "قرابة", "estimated"})
UP_TO = frozenset({"up"})
# Tables are written as people write; lookups are on normalised words (ئ -> ي, ى -> ي, ة -> ه).
KILLED_BEFORE, KILLED_AFTER, INJURED_BEFORE, INJURED_AFTER, FILLER, NOT_PEOPLE, AGE_BEFORE, AT_LEAST, \
    MORE_THAN, APPROX = (frozenset(normalise(w) for w in table) for table in (
        KILLED_BEFORE, KILLED_AFTER, INJURED_BEFORE, INJURED_AFTER, FILLER, NOT_PEOPLE, AGE_BEFORE, AT_LEAST,
        MORE_THAN, APPROX))
GROUPS = {normalise(w): g for w, g in GROUPS.items()}
MIXED = tuple(frozenset(normalise(w) for w in t) for t in MIXED)
KILLED_VERB_AFTER, INJURED_VERB_AFTER = (frozenset(normalise(w) for w in t)
                                         for t in (KILLED_VERB_AFTER, INJURED_VERB_AFTER))
COUNTED_NOUNS = {normalise(w): c for w, c in COUNTED_NOUNS.items()}
WINDOW_BEFORE = 6
WINDOW_AFTER = 5
# Kin joined to a victim count one more each ("امرأة وطفلها", "مقتل رجل وابنه"), a dual two, and a
# plural with its number as many ("سيدة وأطفالها الثلاثة", "وأولاده الثلاث").
KIN_ONE = frozenset(normalise(w) for w in (
    "ابنه", "ابنها", "ابنته", "ابنتها", "طفلها", "طفلتها", "طفلته", "زوجته", "زوجها", "والدته",
    "والده", "والدها", "والدتها", "امه", "امها", "ابيه", "ابوه", "اباه", "اخيه", "اخوه", "اخته",
    "اخيها", "اختها", "شقيقه", "شقيقها", "شقيقته", "شقيقتها", "حفيده", "حفيدها", "حفيدته", "حفيدتها",
    "ابنهما", "ابنتهما", "طفلهما", "طفلتهما",
))
KIN_TWO = frozenset(normalise(w) for w in (
    "ابنيه", "ابنيها", "ابنتيه", "ابنتيها", "طفليه", "طفليها", "طفلتيه", "طفلتيها", "ولديه", "ولديها",
    "شقيقيه", "شقيقيها", "طفلاها", "طفلاه", "ابناه", "ابناها",
))
KIN_MANY = frozenset(normalise(w) for w in (
    "اطفاله", "اطفالها", "اولاده", "اولادها", "ابناءه", "ابنائه", "ابناءها", "ابنائها", "بناته",
    "بناتها", "اطفالهما", "اشقائه", "اشقاءه",
))
# Words that say who died by naming them ("مقتل "خلف الوهاب"", "استشهاد الدكتور آصف", "الشهيد
# مصطفى"): each name so introduced is one of the dead, when the text gives no number.
NAMING_DEATH = frozenset(normalise(w) for w in (
    "مقتل", "ومقتل", "بمقتل", "لمقتل", "استشهاد", "واستشهاد", "باستشهاد", "لاستشهاد", "ارتقاء",
    "وارتقاء", "لارتقاء", "وفاة", "بوفاة", "اغتيال", "واغتيال", "باغتيال", "إعدام", "تصفية", "استشهد",
    "استشهدت", "واستشهد", "ارتقى", "ارتقت", "توفي", "توفيت", "الشهيد", "الشهيدة", "للشهيد", "للشهيدة",
    "والشهيد", "والشهيدة", "بالشهيد", "الشهيدين", "للشهيدين",
))
DEATH_TITLES = frozenset(normalise(w) for w in (
    "الشهيد", "الشهيدة", "للشهيد", "للشهيدة", "والشهيد", "والشهيدة", "بالشهيد", "الشهيدين", "للشهيدين"))
# "المتطوع ... الذي استشهد أثناء عمله": one person died, named or not; counted only when no one is named
WHO_DIED = frozenset(normalise(w) for w in ("الذي", "التي"))
WHO_DIED_VERB = frozenset(normalise(w) for w in (
    "استشهد", "ارتقى", "توفي", "استشهدت", "ارتقت", "توفيت"))  # not قتل: "القصف الذي قتل 5" is active
# Titles and descriptions between the death word and the name ("الشهيد البطل سيف", "مقتل المدعو").
NAME_TITLES = frozenset(normalise(w) for w in (
    "الدكتور", "الدكتورة", "المهندس", "المهندسة", "الشيخ", "الحاج", "الحاجة", "السيد", "السيدة",
    "المدعو", "المدعوة", "الأستاذ", "الأستاذة", "المختار", "المواطن", "المواطنة", "الشاب", "الشابة",
    "الطفل", "الطفلة", "الصحفي", "الصحفية", "الإعلامي", "الإعلامية", "الناشط", "الناشطة", "البطل",
    "المصور", "المسعف", "المتطوع", "الطبيب", "الطبيبة", "المعلم", "المعلمة", "الرضيع", "الرضيعة",
    "الفتى", "الفتاة", "المسن", "المسنة", "الطالب", "الطالبة", "الممرض", "الممرضة", "المزارع",
    "السائق", "العامل", "الراعي", "الشهيد", "الشهيدة", "الطفلين", "الطفلتين", "الشابين",
))
# Given names common in Syria that are not also everyday words, and the leads of compound names.
GIVEN_NAMES = frozenset(normalise(w) for w in (
    "محمد", "أحمد", "محمود", "مصطفى", "خالد", "عمر", "حسن", "حسين", "إبراهيم", "يوسف", "إسماعيل",
    "سليمان", "جاسم", "خلف", "فاطمة", "مريم", "زينب", "عائشة", "خديجة", "سامر", "سمير", "ياسر", "ياسين",
    "بلال", "أنس", "عمار", "حمزة", "رامي", "وليد", "طارق", "فراس", "ماهر", "باسل", "عادل", "عبدالله",
    "عبدالرحمن", "عبدالقادر", "عبدالكريم", "عبدالرزاق", "مهند", "معاذ", "أسامة", "حمود", "عيسى", "موسى",
    "يحيى", "زكريا", "إياد", "رائد", "هيثم", "غسان", "مازن", "نزار", "فادي", "شادي", "جهاد", "عبير",
    "رغد", "آية", "سارة", "هبة", "رنا", "ريم", "لمى", "بتول", "راما", "شهد", "قمر", "روعة", "سعد",
    "عبد", "أبو", "أم",
))
# Words that end a name: prepositions, relatives, causes ("جراء", "إثر", "بقصف").
NAME_STOP = frozenset(normalise(w) for w in (
    "في", "من", "على", "الى", "إلى", "عن", "مع", "بعد", "قبل", "اثر", "إثر", "جراء", "نتيجة", "بسبب",
    "الذي", "التي", "الذين", "وهو", "وهي", "كان", "كانت", "بقصف", "برصاص", "بغارة", "متأثرا", "متأثرة",
    "خلال", "اليوم", "أمس", "وذلك", "حيث", "عند", "لدى", "بين", "منذ", "تحت", "فوق",
))


@dataclass
class CasualtyMention:
    text: str
    span: tuple[int, int]
    outcome: str
    group: str
    min: int
    max: int | None
    qualifier: str
    confidence: float
    name: str | None = None  # the person a `named` mention names

    def as_dict(self) -> dict:
        out = {"text": self.text, "span": list(self.span), "outcome": self.outcome, "group": self.group,
               "min": self.min, "max": self.max, "qualifier": self.qualifier,
               "confidence": round(self.confidence, 2)}
        if self.name is not None:
            out["name"] = self.name
        return out


def _outcome_near(ws: list[Word], first: int, last: int) -> tuple[str, int] | None:
    """The outcome word nearest to words first..last in the same clause, and its index."""
    best = None
    # after: "12 people were killed"; "16 civilians including women and children were killed"
    k, end = last + 1, min(len(ws), last + 1 + WINDOW_AFTER)
    while k < end:
        if ws[k].broken:
            break
        w = ws[k].norm
        w = w[2:] if w.startswith("ال") and len(w) > 4 else w
        if w in KILLED_AFTER:
            best = ("killed", k)
            break
        if w in INJURED_AFTER:
            best = ("injured", k)
            break
        if w in KILLED_BEFORE or w in INJURED_BEFORE:
            break
        if w in _INCLUDING:
            end = min(len(ws), end + 4)  # the groups it lists come before the outcome
        k += 1
    # An outcome word after the count that a number follows is that number's: "killed 30 people
    # injured 90", "killed 26 people and injured 30 others". A word before then gives the outcome.
    ahead = best is not None and best[1] + 1 < len(ws) and not ws[best[1] + 1].broken \
        and number_at(ws, best[1] + 1) is not None
    # before: "killing at least 12", "the death toll rose to 12"
    for k in range(first - 1, max(-1, first - 1 - WINDOW_BEFORE), -1):
        w = ws[k].norm
        if w in KILLED_BEFORE or w in TOLL or w in ("قتلي", "الشهداء", "القتلي"):
            if best is None or ahead or first - k < best[1] - last:
                return ("killed", k)
            break
        if w in INJURED_BEFORE:
            if best is None or ahead or first - k < best[1] - last:
                return ("injured", k)
            break
        # Arabic puts "two" after its noun: "استشهاد مدنيين اثنين"
        if ws[k].broken or w not in FILLER and not (k == first - 1 and w in GROUPS):
            break
    if (best is None or best[0] == "killed") and first > 0 and ws[first - 1].norm in _RISE_TO \
            and not ws[first].broken:
        # "ارتفعت حصيلة ضحايا القصف على أريحا إلى 9 قتلى", "the death toll in Ariha rose to 9": the
        # toll word a few words before "to" (the count then reads as an update of the toll)
        for k in range(first - 2, max(-1, first - 10), -1):
            if ws[k + 1].broken:
                break
            if ws[k].norm in TOLL:
                return ("killed", k)
    return best


_RISE_TO = frozenset({"الي", "to"})
_INCLUDING = frozenset({"including", "among", "بينهم", "منهم", "بينهن"})


def _outcome_after(ws: list[Word], i: int, end: int) -> tuple[str | None, int]:
    """The outcome a verb or noun right after a singular or dual noun gives it ("امرأة قتلت",
    "طفل شهيد", "a civilian was killed", "a child being killed"), skipping "at least", the
    auxiliary and a name given to the person ("a man named Abdullah Fahim died"); and its end."""
    k, last = i + 1, min(len(ws), i + 4)
    while k < last:
        if ws[k].broken:
            break
        w = ws[k].norm
        if w in KILLED_VERB_AFTER:
            return "killed", ws[k].end
        if w in INJURED_VERB_AFTER:
            return "injured", ws[k].end
        if w in ("named", "called") and k + 1 < len(ws) and ws[k + 1].capital:
            k += 1
            while k < len(ws) and ws[k].capital and not ws[k].broken and k - i < 8:
                k += 1
            last = min(len(ws), k + 2)
            continue
        if w not in ("علي", "الاقل", "was", "is", "has", "been", "being", "reportedly", "also", "at", "least"):
            break
        k += 1
    return None, end


def _coordinated(ws: list[Word], at: int, value: int, group: str, end: int,
                 quoted: bool = False) -> tuple[int, str, int]:
    """Singular nouns joined to the first after an outcome word, names between them ("استشهاد
    الطفلة روعة وامرأة هيفاء": two), and kin joined right after a single victim ("امرأة وطفلها"):
    the count, its group (total when they differ) and its end. `quoted`: the name before ends in a
    closing quote, which does not end the clause."""
    kin_at = at + 1 if value == 1 else -1  # where kin may stand: right after one person
    for k in range(at + 1, min(len(ws), at + 10)):
        w = ws[k].norm
        broken = ws[k].broken and not (quoted and k == at + 1)
        if w in _ALONG_WITH and not broken:  # "بالإضافة إلى اثنين من أبنائه", "برفقة 3 أشخاص"
            j = k + 1 + (k + 1 < len(ws) and ws[k + 1].norm in ("الي", "to"))
            num = number_at(ws, j) if j < len(ws) and not ws[j].broken else None
            if num and num[0] == num[1]:
                value += num[0]
                group, end = "total", ws[j + num[2] - 1].end
            break
        if broken or w in KILLED_BEFORE or w in INJURED_BEFORE or w in DEATH_TITLES or number_at(ws, k):
            break
        if not w.startswith("و"):
            continue
        bare = w[1:]
        if (bare in KIN_ONE or bare in KIN_TWO) and k == kin_at:
            value += 1 if bare in KIN_ONE else 2
            group, end, kin_at = "total", ws[k].end, k + 1
            continue
        if bare in KIN_MANY and k == kin_at and k + 1 < len(ws) and not ws[k + 1].broken:
            nxt = ws[k + 1].norm
            num = number_at(ws, k + 1) or (number_at([ws[k + 1]._replace(norm=nxt[2:])], 0)
                                            if nxt.startswith("ال") else None)
            if num and num[0] == num[1]:
                value += num[0]
                group, end = "total", ws[k + 1].end
            break
        counted = COUNTED_NOUNS.get(bare) or (COUNTED_NOUNS.get(bare[2:]) if bare.startswith("ال") else None)
        if counted is None:
            if bare in KILLED_BEFORE or bare in INJURED_BEFORE:
                break
            continue
        value += counted[1]
        group = group if counted[0] == group else "total"
        end = ws[k].end
    return value, group, end


_ALONG_WITH = frozenset(normalise(w) for w in ("بالإضافة", "إضافة", "برفقة", "ومعه", "ومعها", "مع"))
_ARABIC_FIRST = re.compile(r"[\u0621-\u064a]")
_OPENING = frozenset('"“«(\'')


def _name_after(text: str, ws: list[Word], j: int, titled: bool = False) -> int | None:
    """The last word of a person's name starting at word j, after a death word ("مقتل "خلف
    الوهاب"", "استشهاد الدكتور آصف يوسف", "الشهيد مصطفى وضاح"); None when no name stands there.

    A name is an Arabic word opened by a quote or bracket, or following a title, or a common
    given name; it runs up to five words, to punctuation or a word that ends it ("جراء", "في").
    `titled`: the death word is itself a title ("الشهيد").
    """
    n = len(ws)
    if j >= n:
        return None
    gap = text[ws[j - 1].end:ws[j].start].strip()
    quoted = bool(gap) and all(ch in _OPENING for ch in gap)
    if gap and not quoted:
        return None
    while j < n and ws[j].norm in NAME_TITLES and not (titled and ws[j].broken):
        titled, j = True, j + 1
        if j < n:
            gap = text[ws[j - 1].end:ws[j].start].strip()
            quoted = quoted or bool(gap) and all(ch in _OPENING for ch in gap)
            if gap and not all(ch in _OPENING for ch in gap):
                return None
    if j >= n or not _ARABIC_FIRST.match(ws[j].raw) or ws[j].norm in NAME_STOP:
        return None
    first = ws[j].norm
    if first.startswith(("ال", "وال")) or first.startswith("و") and first[1:] in GIVEN_NAMES:
        return None
    if not (quoted or titled or first in GIVEN_NAMES):
        return None
    if number_at(ws, j) or first in GROUPS or first in COUNTED_NOUNS or first in KILLED_AFTER:
        return None
    last = j
    for k in range(j + 1, min(n, j + 5)):
        w = ws[k].norm
        if ws[k].broken or w in NAME_STOP or w in NAMING_DEATH or w in KILLED_BEFORE or w in KILLED_VERB_AFTER \
                or not _ARABIC_FIRST.match(ws[k].raw) or w.startswith("و") and (
                w[1:] in GIVEN_NAMES or w[1:] in KIN_ONE or w[1:] in KIN_TWO or w[1:] in KIN_MANY
                or w[1:] in COUNTED_NOUNS or w[1:].startswith("ال")):
            break  # "و" joins the next person, not the next part of this name ("وضاح" is a name)
        last = k
    return last


# A list of the dead after its heading: "أسماء الشهداء: 1- ... 2- ...", "الشهداء هم: -... -...".
LIST_DEAD = frozenset(normalise(w) for w in ("الشهداء", "الضحايا", "القتلى", "الشهيدين", "الضحيتين"))
LIST_NAMES = frozenset(normalise(w) for w in ("أسماء", "اسماء", "وأسماء", "واسماء", "أسماؤهم", "اسماؤهم"))
LIST_ARE = frozenset(normalise(w) for w in ("هم", "وهم", "هما", "وهما"))
_LIST_ITEM = re.compile(r"\s*(?:\n|[-ـ•*،,]|\d{1,2}\s*[-.)]|[\"”»]\s*و(?=[\"“«])|$)+\s*")
_LIST_SPAN = 600


def _listed_dead(text: str, ws: list[Word], i: int) -> tuple[int, int, str] | None:
    """The names listed after a heading of the dead at word i ("أسماء الشهداء:", "الشهداء هم"):
    (how many, end of the list, first name), or None when no list of two or more names follows."""
    n = len(ws)
    if ws[i].norm in LIST_NAMES and i + 1 < n and ws[i + 1].norm in LIST_DEAD:
        head = i + 1
    elif ws[i].norm in LIST_DEAD and i + 1 < n and ws[i + 1].norm in LIST_ARE:
        head = i + 1
    elif ws[i].norm == "كل" and i + 1 < n and ws[i + 1].norm == "من" and i > 0 and not ws[i].broken and (
            ws[i - 1].norm in NAMING_DEATH or ws[i - 1].norm in KILLED_BEFORE):
        head = i + 1  # "أدى لاستشهاد كل من: ...", "مقتل كل من "صابر الفهد" و"سامي العون""
    else:
        return None
    start = ws[head].end
    # the rest of the heading's line ("نتيجة القصف الذي استهدف مدينة أريحا") is not a name
    line_end = text.find("\n", start, start + 200)
    if ws[head].norm not in LIST_ARE and ws[head].norm != "من" and line_end >= 0:
        start = line_end
    count, first, end, pos = 0, None, None, start
    skipped = 0
    for item in _LIST_ITEM.split(text[start:start + _LIST_SPAN].lstrip(" :")):
        name = item.split("(")[0].strip(" .…\"“”«»")
        if not name:
            continue
        if not count and name.startswith("#") and skipped < 2:  # a hashtag line before the list
            skipped += 1
            continue
        parts = name.split()
        # a quoted last name and the clause after it ("... العون" إثر عملية الانزال") end the list
        stop = next((k for k, w in enumerate(parts) if normalise(w) in NAME_STOP), None)
        if stop and parts[stop - 1][-1:] in "\"”»":
            parts = parts[:stop]
            name = " ".join(parts).strip("\"“”«»")
        elif stop is not None:
            break  # "ونفوق أعداد كبيرة من الطيور": a clause, not a name
        if not 2 <= len(parts) <= 6 or not all(_ARABIC_FIRST.match(w) for w in parts) or \
                normalise(parts[0]) in LIST_DEAD:
            break  # "ونفوق أعداد كبيرة من الطيور": a clause, not a name
        count += 1
        first = first or normalise(parts[0])
        at = text.find(name, pos)
        end = pos = at + len(name) if at >= 0 else pos
        if stop is not None:
            break
    if count < 2 or end is None:
        return None
    return count, end, first


def _among_larger(ws: list[Word], last: int) -> bool:
    """Is the count a part of a larger one written next ("two medics were among at least 31 people
    killed", "2 medics among 31 dead")? The larger count is then the toll; this one is not."""
    k = last + 1
    if k < len(ws) and ws[k].norm not in ("were", "are", "was", "is", "among") and not ws[k].broken:
        k += 1  # whom it counts, a word the group table may not know ("medics")
    if k < len(ws) and ws[k].norm in ("were", "are", "was", "is") and not ws[k].broken:
        k += 1
    if k >= len(ws) or ws[k].norm != "among" or ws[k].broken:
        return False
    for j in range(k + 1, min(len(ws), k + 4)):
        if ws[j].broken:
            return False
        if number_at(ws, j) is not None:
            return True
        if ws[j].norm not in ("at", "least", "the", "more", "than", "over", "some", "about"):
            return False
    return False


def _tally_over_period(ws: list[Word], last: int) -> bool:
    """Does a period follow the count in its clause ("since the start of the year", "في 5 أيام",
    "in three days", "خلال الأيام الماضية")? The clause is read to its end, up to ten words."""
    for k in range(last + 1, min(len(ws), last + 11)):
        if ws[k].broken:
            return False
        w = ws[k].norm
        if w in _TALLY_WORDS and k == last + 1:  # "يرتفع إلى 124 تعداد الذين قتلوا": a running tally
            return True
        # "منذ قليل", "منذ ساعات": "a while ago", not "since"
        if w in SINCE and w not in ("خلال", "during") and not (k + 1 < len(ws) and ws[k + 1].norm in _AGO):
            return True
        # "خلال تموز", "during the month", "خلال الشهر الماضي", "خلال شهرين": a month's or a year's tally
        if w in ("خلال", "during") and k + 1 < len(ws) and (
                ws[k + 1].norm.removeprefix("ال") in ("شهر", "عام", "اسبوع", "month", "year", "week", "شهرين",
                                                       "اسبوعين", "عامين", "سنتين", "يومين")
                or ws[k + 1].norm in _MONTH_WORDS or ws[k + 1].norm == "the" and k + 2 < len(ws)
                and ws[k + 2].norm in ("month", "year", "week")):
            return True
        if w.removeprefix("ال") in PERIOD_AFTER and k > last + 1 and (
                number_at(ws, k - 1) or ws[k - 1].norm in ("خلال", "past", "last", "the")):
            return True
    return False


# Words that make a count a running tally of many events: "تعداد" (the tally), "الإجمالية" (overall),
# "cumulative"; "the overall death toll since ..." is no one incident's.
_TALLY_WORDS = frozenset(normalise(w) for w in (
    "تعداد", "الإجمالية", "الإجمالي", "إجمالي", "إجمالية", "الاجمالية", "اجمالي", "cumulative", "overall"))
# " ·" and ":53" follow a post's stamp or a time; ", 2025" follows the day of a date ("Mar 25, 2025")
_STAMP_AFTER = re.compile(r" ?·|:\d\d\b|, ?(?:19|20)\d\d(?!\d)")
_AGO = frozenset(normalise(w) for w in ("قليل", "ساعة", "ساعات", "ساعتين", "دقائق", "لحظات", "قليلة"))
# "منذ مطلع العام ... تسببت بمقتل 78 شخصاً", "since the start of the year, 35 civilians were killed"
_PERIOD_START = frozenset(normalise(w) for w in ("بداية", "مطلع", "بدء", "اندلاع", "start", "beginning", "early"))
_SENTENCE_GAP = re.compile(r"[.!?\n\u061f]")


_ACCIDENT = frozenset(normalise(w) for w in ("مروري", "مرورية", "مرورياً", "traffic", "accident", "accidents"))
_ROAD = frozenset(normalise(w) for w in ("حادث", "حوادث", "لحادث", "بحادث", "بحوادث"))


def _accident_after(ws: list[Word], last: int) -> bool:
    """Is the count's clause about road accidents ("81 قتيلاً في 1400 حادث سير", "killed in traffic
    accidents")? Those dead are no victims of the conflict."""
    for k in range(last + 1, min(len(ws), last + 13)):
        if ws[k].broken:
            return False
        w = ws[k].norm
        if w in _ACCIDENT or w in ("سير", "السير") and ws[k - 1].norm in _ROAD:
            return True
    return False


def _period_before(text: str, ws: list[Word], i: int) -> bool:
    """Does the count's sentence open the tally of a period before it ("منذ مطلع العام",
    "since the beginning of 2024")? Read back up to twenty words, not past the sentence."""
    for k in range(i - 1, max(-1, i - 21), -1):
        if _SENTENCE_GAP.search(text[ws[k].end:ws[k + 1].start]):
            return False
        if ws[k].norm in _TALLY_WORDS and k >= i - 6:  # "الحصيلة الإجمالية ... إلى 166", "the overall toll"
            return True
        if ws[k].norm in ("منذ", "since") and k + 1 < i and (
                ws[k + 1].norm in _PERIOD_START or ws[k + 1].norm == "the" and k + 2 < i
                and ws[k + 2].norm in _PERIOD_START):
            return True
    return False


_MONTH_WORDS = frozenset({"كانون", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول", "تشرين",
                          "يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر",
                          "اكتوبر", "نوفمبر", "ديسمبر", "january", "february", "march", "april", "may",
                          "june", "july", "august", "september", "october", "november", "december"})
# "قتلى وجرحى في صفوف القوات", "من عناصرها": the dead are fighters of a party, not civilians
_RANKS = frozenset({"صفوف", "عناصرها", "عناصره", "عناصرهم", "مقاتليها", "مقاتليه", "ranks"})


def _of_ranks(ws: list[Word], last: int) -> bool:
    for k in range(last + 1, min(len(ws), last + 4)):
        if ws[k].broken:
            return False
        if ws[k].norm in _RANKS:
            return not (k + 1 < len(ws) and ws[k + 1].norm in ("المدنيين", "civilians"))
    return False


def _outcome_class(w: str) -> int | None:
    w = w.removeprefix("و")
    w = w.removeprefix("ال") if len(w) > 4 else w
    return 0 if w in MIXED[0] else 1 if w in MIXED[1] else None


def _mixed(ws: list[Word], last: int) -> bool:
    """Is the count one figure for the killed and the injured together: the two outcome words
    joined right after it ("37 مدنياً بين قتيل وجريح", "88 killed & injured", "killed and wounded")?"""
    k = last + 1
    while k < len(ws) and k <= last + 3 and _outcome_class(ws[k].norm) is None:
        if ws[k].broken or number_at(ws, k):
            return False
        k += 1
    if k >= len(ws) - 1 or _outcome_class(ws[k].norm) is None:
        return False
    first = _outcome_class(ws[k].norm)
    j = k + 1 + (ws[k + 1].norm in ("and", "or") and k + 2 < len(ws))
    return not ws[j].broken and _outcome_class(ws[j].norm) == 1 - first


# The words a mention may begin with: a counted or outcome noun (also after و: "وشهيد"), a death,
# list or relative word ("كل" of "كل من"), the article of "a civilian" or the noun opening a headline
# ("Girl killed"), or a number (`numbers.NUMBER_WORDS`, or digits). Any other word is passed over at
# once; a rule that acts on a new word must add it here (tests/extraction/test_word_openers.py).
# "every child killed in the war" counts nobody; "the death of", "the body of" a person count one.
_EVERY = frozenset({"every", "each", "any", "no"})
_DEATH_OF = frozenset({"death", "killing", "murder", "body", "corpse", "execution", "assassination"})
_OPENERS = frozenset({
    *COUNTED_NOUNS, *("ال" + w for w in COUNTED_NOUNS), *("و" + w for w in _DUAL_OUTCOME), "a", "an", "the",
    *EN_SINGULAR, *LIST_NAMES, *LIST_DEAD, "كل", *WHO_DIED, *NAMING_DEATH, *PLURAL_OUTCOME, *PLURAL_GROUPS,
    *NUMBER_WORDS,
})


def find_casualties(text: str, ws: list[Word], excluded: list[tuple[int, int]] = ()) -> list[CasualtyMention]:
    out: list[CasualtyMention] = []
    n = len(ws)
    skip = SpanSet(excluded)
    opens = [k for k, w in enumerate(ws) if (norm := w.norm) in _OPENERS or norm[:1].isdigit()]
    i = 0
    while i < n:
        at_open = bisect_left(opens, i)
        if at_open == len(opens):
            break
        i = opens[at_open]
        w = ws[i]
        if skip.contains(w.start):
            i += 1
            continue
        counted = COUNTED_NOUNS.get(w.norm)
        if counted is None and w.norm.startswith("ال") and i > 0 and (
                ws[i - 1].norm in KILLED_BEFORE or ws[i - 1].norm in INJURED_BEFORE):
            counted = COUNTED_NOUNS.get(w.norm[2:])  # "استشهاد الشاب", "مقتل الطفل"
        if counted is None and w.norm[:1] == "و" and w.norm[1:] in _DUAL_OUTCOME:
            counted = COUNTED_NOUNS.get(w.norm[1:])  # "4 إصابات وشهيد": the dead one joined to the injured
        article = w.norm in ("a", "an", "the") and i + 1 < n and ws[i + 1].norm in EN_SINGULAR and not ws[i + 1].broken
        if article:  # "a civilian was killed", "the child died"
            counted, w = (EN_SINGULAR[ws[i + 1].norm], 1), ws[i + 1]
        elif counted is None and w.norm in EN_SINGULAR and (w.capital and w.broken or (
                i + 1 < n and ws[i + 1].norm in ("killed", "died", "dies") and not ws[i + 1].broken
                and not (i > 0 and ws[i - 1].norm in _EVERY))):
            # a headline or sentence opening "Girl killed in ...", "Turkistan child killed in ..."
            counted = (EN_SINGULAR[w.norm], 1)
        if counted and (article or not (i > 0 and not w.broken and number_at(ws, i - 1))):
            at = i + article
            prev = ws[at - 1 - article].norm if at > article else ""  # "killing a man": the word before the article
            if prev == "of" and at - 2 - article >= 0 and ws[at - 2 - article].norm in _DEATH_OF:
                prev = "killing"  # "the death of a child", "the body of a woman"
            outcome = _DUAL_OUTCOME.get(w.norm.removeprefix("و") if w.norm[1:] in _DUAL_OUTCOME else w.norm)
            if outcome is not None and at > 0 and ws[at - 1].norm in ("بين", "between"):
                outcome = None
            if outcome is None and at > 0 and not w.broken:
                if prev in KILLED_BEFORE:
                    outcome = "killed"
                elif prev in INJURED_BEFORE:
                    outcome = "injured"
                elif prev in ("بينهم", "منهم", "بينهن") and out and w.start - out[-1].span[1] < 40:
                    outcome = out[-1].outcome
            end = w.end
            if outcome is None:
                outcome, end = _outcome_after(ws, at, end)
            if outcome:
                group, value = counted
                if prev in KILLED_BEFORE or prev in INJURED_BEFORE:
                    value, group, end = _coordinated(ws, at, value, group, end)
                start = ws[i].start
                out.append(CasualtyMention(text[start:end], (start, end), outcome, group, value, value, "exact", 0.7))
                i = at + 1
                continue
        listed = _listed_dead(text, ws, i) if w.norm in LIST_NAMES or w.norm in LIST_DEAD or w.norm == "كل" else None
        if listed:
            count, end, first = listed
            out.append(CasualtyMention(text[w.start:end], (w.start, end), "killed", "total", count, None,
                                       "named", 0.5, first))
            while i < n and ws[i].start < end:
                i += 1
            continue
        if w.norm in WHO_DIED and i + 1 < n and ws[i + 1].norm in WHO_DIED_VERB and not ws[i + 1].broken:
            end = ws[i + 1].end
            out.append(CasualtyMention(text[w.start:end], (w.start, end), "killed", "total", 1, None, "named",
                                       0.4, ""))
            i += 2
            continue
        if w.norm in NAMING_DEATH and not (  # "استشهاد الشاب" is counted as a noun above
                w.norm in KILLED_BEFORE and i + 1 < n and COUNTED_NOUNS.get(ws[i + 1].norm.removeprefix("ال"))):
            last = _name_after(text, ws, i + 1, titled=w.norm in DEATH_TITLES)
            if last is not None:
                name_at = next(k for k in range(i + 1, last + 1) if ws[k].norm not in NAME_TITLES)
                quoted = last + 1 < n and text[ws[last].end:ws[last + 1].start].strip() in ('"', "”", "»", ")", "))")
                value, group, end = _coordinated(ws, last, 1, "total", ws[last].end, quoted)
                # one person is written "خالد المسعود" and "خالد عبد العزيز المسعود": known by the first name
                lead = 2 if ws[name_at].norm in ("عبد", "ابو", "ام") else 1
                name = " ".join(ws[k].norm for k in range(name_at, min(last + 1, name_at + lead)))
                out.append(CasualtyMention(text[w.start:end], (w.start, end), "killed", group, value, None,
                                           "named", 0.5, name))
                i = last + 1
                continue
        prev = ws[i - 1].norm if i > 0 and not w.broken else ""
        if (w.norm in PLURAL_OUTCOME or w.norm in PLURAL_GROUPS) and not (prev and number_at(ws, i - 1)) and (
                w.norm in PLURAL_OUTCOME and (prev in PLURAL_CAUSE or _mixed(ws, i - 1))
                or w.norm in PLURAL_GROUPS and (prev in KILLED_BEFORE or prev in INJURED_BEFORE)
                and not (i + 1 < n and number_at(ws, i + 1))):
            if w.norm in PLURAL_OUTCOME:
                outcome, value, group = PLURAL_OUTCOME[w.norm], 3, "total"
            else:
                outcome = "killed" if prev in KILLED_BEFORE else "injured"
                value, group = 2, GROUPS.get(w.norm, "total")
            if _of_ranks(ws, i + (w.norm in PLURAL_OUTCOME and _mixed(ws, i - 1)) * 1):
                group = "combatants"
            start = ws[i - 1].start if prev in PLURAL_CAUSE or prev in KILLED_BEFORE or prev in INJURED_BEFORE else w.start
            out.append(CasualtyMention(text[start:w.end], (start, w.end), outcome, group, value, None, "plural", 0.4))
            i += 1
            continue
        num = number_at(ws, i)
        if num is None:
            i += 1
            continue
        lo, hi, used = num
        last = i + used - 1
        # "@alarabiya_24", "#SYR8": a number inside a handle or tag counts nothing
        if w.start > 0 and (text[w.start - 1] in "_@#" or text[w.start - 1].isascii() and text[w.start - 1].isalpha()) \
                or text[w.end:w.end + 1] == "@" or _STAMP_AFTER.match(text, w.end):
            # "العربية 24@alarabiya_24": a name's number before its handle; "February 28 · Shared",
            # "212:53 PM": a post's stamp or a time
            i += used
            continue
        # "خلال الساعات الـ 24 الماضية", "الـ16": a number after a detached article is an ordinal or a
        # span of hours, never a count of people
        if i > 0 and ws[i - 1].norm == "ال" and not w.broken:
            i += used
            continue
        # 4-digit years and numbers followed by a unit that is not people
        if len(w.norm) == 4 and w.norm.isdigit() and 1900 <= lo <= 2100:
            i += used
            continue
        if i > 0 and ws[i - 1].norm in AGE_BEFORE:
            i += used
            continue
        qualifier = "exact"
        prev_words = set()
        for k in range(i - 1, max(-1, i - 4), -1):
            prev_words.add(ws[k].norm)
            if ws[k].broken:
                break
        if ws[i].broken:
            prev_words = set()
        if prev_words & AT_LEAST:
            qualifier, hi = "at_least", None
        elif prev_words & MORE_THAN:
            qualifier, hi = "more_than", None  # the written figure is the lower bound (as tallies record it)
        elif prev_words & APPROX:
            qualifier = "approx"
        elif "up" in prev_words and "to" in prev_words:
            qualifier, lo = "up_to", 0 if lo == hi else lo
        if hi is None and qualifier == "exact":
            qualifier = "vague"
        # ranges: "5 to 10", "between 5 and 10", "5-10", "بين 5 و 10"
        # "and" / "و" joins a range only after "between" ("بين 5 و10"); else it joins another group
        # ("مقتل مدنيين اثنين و4 عناصر")
        if last + 2 < n and not ws[last + 1].broken and (ws[last + 1].norm in ("to", "الي", "or", "او") or (
                ws[last + 1].norm in ("and", "و") and ("between" in prev_words or "بين" in prev_words))):
            other = number_at(ws, last + 2)
            if other and other[0] > lo:
                hi, qualifier, last = other[0], "range", last + 1 + other[2]
        elif last + 1 < n and text[ws[last].end:ws[last + 1].start] in ("-", "–") and number_at(ws, last + 1):
            other = number_at(ws, last + 1)
            if other[0] > lo:
                hi, qualifier, last = other[0], "range", last + other[2]
        nxt = ws[last + 1].norm if last + 1 < n else ""
        if nxt in NOT_PEOPLE or (last + 1 < n and text[ws[last].end:ws[last].end + 1] == "%"):
            i = last + 1
            continue
        group = "total"
        g_last = last
        for k in range(last + 1, min(n, last + 3)):
            if ws[k].broken:
                break
            g = GROUPS.get(ws[k].norm) or GROUPS.get(ws[k].norm[1:] if ws[k].norm[:1] in "وب" else "")
            if g:
                group, g_last = g, k
                break
        if _mixed(ws, g_last) or _among_larger(ws, g_last):
            i = last + 1
            continue
        if group == "total" and _of_ranks(ws, g_last):
            group = "combatants"
        between = ws[last + 1].norm if g_last > last + 1 else ""
        if between in KILLED_AFTER or between in INJURED_AFTER:
            # the outcome between number and group: "6 قتلى مدنيين", "4 شهداء أطفال و5 جرحى"
            found = ("killed" if between in KILLED_AFTER else "injured", last + 1)
        else:
            found = _outcome_near(ws, i, g_last)
        if found is None and i > 0 and ws[i - 1].norm in ("including", "among", "بينهم", "منهم", "بينهن")\
                and out and ws[i - 1].start - out[-1].span[1] < 40 and group != "total":
            prior = out[-1]
            start, end = ws[i - 1].start, ws[g_last].end
            if prior.qualifier == "period":  # "35 since January, including 14 children": the same tally
                qualifier = "period"
            out.append(CasualtyMention(text[start:end], (start, end), prior.outcome, group, lo, hi, qualifier, 0.7))
            i = last + 1
            continue
        if found is None:
            i = last + 1
            continue
        outcome, k = found
        if _accident_after(ws, g_last):
            i = last + 1
            continue
        start = min(ws[i].start, ws[k].start)
        end = max(ws[g_last].end, ws[k].end)
        confidence = 0.85 if qualifier in ("exact", "at_least", "range", "more_than") else 0.6
        if _tally_over_period(ws, g_last) or _period_before(text, ws, i):
            qualifier, confidence = "period", 0.5
        out.append(CasualtyMention(text[start:end], (start, end), outcome, group, lo, hi, qualifier, confidence))
        i = last + 1
    return out
