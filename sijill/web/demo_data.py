"""Demo records for a first look at Sijill: invented, plausible, bilingual, clearly tagged "demo".

Nothing here describes a real event or a real person. Records are generated from a fixed seed, so
every `sijill demo` run produces the same set, and a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from sijill.actors.models import Actor
from sijill.incidents.models import Incident
from sijill.incidents.services import incident_create
from sijill.places.models import Level, Place
from sijill.sources.services import source_create

DEMO_TAG = "demo"

GIVEN = [("محمد", "Mohammad"), ("أحمد", "Ahmad"), ("خالد", "Khaled"), ("عمر", "Omar"), ("علي", "Ali"),
         ("حسن", "Hassan"), ("يوسف", "Yousef"), ("إبراهيم", "Ibrahim"), ("محمود", "Mahmoud"), ("عبد الله", "Abdullah")]
GIVEN_F = [("فاطمة", "Fatima"), ("مريم", "Maryam"), ("آمنة", "Amina"), ("نور", "Nour"), ("هبة", "Hiba"),
           ("سارة", "Sara"), ("زينب", "Zainab"), ("رغد", "Raghad")]
FAMILY = [("الحسين", "al-Hussein"), ("العلي", "al-Ali"), ("الأحمد", "al-Ahmad"), ("الخطيب", "al-Khatib"),
          ("الحمصي", "al-Homsi"), ("الشيخ", "al-Sheikh"), ("العبد الله", "al-Abdullah"), ("الزعبي", "al-Zoubi")]

# (violation, weapon, Arabic title pattern, English title pattern, needs actor types)
SCENES = [
    ("indiscriminate-attack", "airstrike", "غارة جوية على حي سكني في {ar}", "Airstrike on a residential area in {en}"),
    ("attack-on-medical", "airstrike", "قصف مستشفى في {ar}", "Shelling of a hospital in {en}"),
    ("indiscriminate-attack", "barrel-bomb", "براميل متفجرة على سوق {ar}", "Barrel bombs on the market of {en}"),
    ("indiscriminate-attack", "artillery", "قصف مدفعي على {ar}", "Artillery shelling of {en}"),
    ("attack-on-school", "rocket", "صواريخ على مدرسة في {ar}", "Rockets hit a school in {en}"),
    ("execution", "small-arms", "إعدام مدنيين في {ar}", "Execution of civilians in {en}"),
    ("arbitrary-detention", None, "حملة اعتقالات في {ar}", "Detention campaign in {en}"),
    ("kidnapping", None, "خطف مدنيين على طريق {ar}", "Kidnapping of civilians on the road to {en}"),
    ("indiscriminate-attack", "car-bomb", "انفجار سيارة مفخخة في {ar}", "Car bomb explosion in {en}"),
    ("indiscriminate-attack", "landmine", "انفجار لغم أرضي قرب {ar}", "Landmine explosion near {en}"),
    ("forced-displacement", None, "تهجير سكان {ar}", "Forced displacement of the people of {en}"),
    ("prohibited-weapons", "chemical", "هجوم بغاز سام على {ar}", "Toxic gas attack on {en}"),
]


def _places(rng: random.Random) -> list[Place]:
    places = list(Place.objects.filter(level=Level.COMMUNITY, country="SY").order_by("pcode")[:6000])
    if not places:
        places = list(Place.objects.order_by("pcode")[:50])
    rng.shuffle(places)
    return places


def _victim(rng: random.Random) -> dict:
    female = rng.random() < 0.35
    given_ar, given_en = rng.choice(GIVEN_F if female else GIVEN)
    family_ar, family_en = rng.choice(FAMILY)
    age = rng.choice([None, rng.randint(1, 17), rng.randint(18, 80)])
    return {
        "name_ar": f"{given_ar} {family_ar}",
        "name_latin": f"{given_en} {family_en}",
        "sex": "female" if female else "male",
        "age": age,
        "status": "civilian",
        "outcome": rng.choice(["killed", "killed", "injured"]),
    }


@transaction.atomic
def demo_load(*, user, incidents: int = 60, seed: int = 2011) -> int:
    """File the demo incidents (with sources, acts, victims and claims); return how many were added."""
    if Incident.objects.filter(title_en__startswith="[demo]").exists():
        return 0
    rng = random.Random(seed)
    places = _places(rng)
    actors = list(Actor.objects.filter(deleted_at__isnull=True).exclude(slug="unknown").order_by("slug"))
    unknown = Actor.objects.filter(slug="unknown").first()
    sources = [
        source_create(user=user, title="Field report from our documenter (demo)", source_type="field-report",
                      reliability="b", credibility="2", origin="Demo field team", language="ar"),
        source_create(user=user, title="Local news article (demo)", source_type="media-article",
                      reliability="c", credibility="3", origin="Demo local outlet", language="ar"),
        source_create(user=user, title="Witness testimony (demo)", source_type="witness-testimony",
                      reliability="b", credibility="2", confidentiality=2, language="ar"),
    ]
    start = date(2013, 1, 1)
    to_verify = []
    for n in range(incidents):
        violation, weapon, title_ar, title_en = SCENES[n % len(SCENES)]
        place = places[n % len(places)] if places else None
        day = start + timedelta(days=rng.randint(0, 365 * 11))
        victims = [_victim(rng) for _ in range(rng.randint(0, 4))]
        killed = sum(1 for v in victims if v["outcome"] == "killed")
        claims = []
        candidates = actors or ([unknown] if unknown else [])
        if candidates:
            claims.append({"actor": rng.choice(candidates).slug, "degree": rng.choice(["direct", "alleged"]),
                           "confidence": rng.choice(["high", "medium", "low"]), "sources": [sources[0].pk]})
        # "verified" is decided by a second person through review (review_demo_load does it).
        status = rng.choice(["received", "under-review", "verified"])
        incident = incident_create(
            user=user,
            title_ar=title_ar.format(ar=place.name_ar if place else "ريف حلب"),
            title_en="[demo] " + title_en.format(en=place.name_en if place else "rural Aleppo"),
            description_ar="سجل تجريبي لأغراض العرض فقط، لا يصف حدثاً حقيقياً.",
            description_en="Demo record for a first look at Sijill; it describes no real event.",
            start_date=day, date_precision="day",
            place=place, place_precision="community" if place else "governorate",
            status="received" if status == "verified" else status,
            grading=rng.choice(["confirmed", "fair", "weak", "contested", None]),
            confidentiality=rng.choice([0, 1, 1, 2]),
            killed_total_min=killed, killed_total_max=killed + rng.randint(0, 3),
            tags=[DEMO_TAG],
            sources=[s.pk for s in sources[: rng.randint(1, 3)]],
            acts=[{"violation_type": violation, "method": weapon, "victims": victims, "claims": claims}],
        )
        if status == "verified":
            to_verify.append(incident.pk)
    from sijill.review.demo_data import review_demo_load

    review_demo_load(user=user, verify=to_verify)
    return incidents

