"""Small records for the export and redaction tests: a place tree, actors, sources, incidents."""

from __future__ import annotations

from datetime import date

from sijill.places.models import Place

# (pcode, level, name_en, name_ar, lat, lon, parent)
PLACES = [  # real entries of the packaged gazetteer (OCHA p-codes), so the importer resolves them too
    ("SY", 0, "Syria", "سوريا", None, None, None),
    ("SY02", 1, "Aleppo", "حلب", 36.14690, 37.39516, "SY"),
    ("SY0202", 2, "Al Bab", "الباب", 36.39008, 37.54424, "SY02"),
    ("SY020201", 3, "Tadaf", "تادف", 36.31119, 37.57480, "SY0202"),
    ("C1219", 4, "Tadaf", "تادف", 36.34734, 37.53019, "SY020201"),
    ("SY11", 1, "Ar-Raqqa", "الرقة", 36.02304, 38.92059, "SY"),
    ("SY1101", 2, "Ar-Raqqa", "مركز الرقة", 35.82691, 39.27878, "SY11"),
    ("SY110100", 3, "Ar-Raqqa", "مركز الرقة", 36.09961, 38.96988, "SY1101"),
    ("C5710", 4, "Ar-Raqqa", "الرقة", 35.96447, 38.99629, "SY110100"),
    ("N0460", 5, "Andalus", "الأندلس", 35.96772, 38.99262, "C5710"),
]


def place_tree() -> dict[str, Place]:
    """The places above, with their materialised paths, as a dict by p-code."""
    made: dict[str, Place] = {}
    for pcode, level, en, ar, lat, lon, parent in PLACES:
        parent_row = made.get(parent)
        path = f"{parent_row.path if parent_row else ''}{pcode}/"
        made[pcode], _ = Place.objects.get_or_create(pcode=pcode, defaults=dict(
            country="SY", level=level, name_en=en, name_ar=ar, latitude=lat, longitude=lon, parent=parent_row,
            path=path, search_names=f"{en} {ar}"))
    return made


def actor(slug: str = "test-air-force", name_en: str = "Test Air Force", name_ar: str = "سلاح الجو التجريبي",
          inter: int | None = 1):
    from sijill.actors.models import Actor

    found, created = Actor.objects.get_or_create(slug=slug, defaults=dict(name_en=name_en, name_ar=name_ar, path="",
                                                                          acled_inter_code=inter))
    if created:  # the path of ids the actor service keeps: "/<id>/"
        found.path = f"/{found.pk}/"
        found.save(update_fields=["path"])
    return found


def source(user, **fields):
    from sijill.sources.services import source_create

    fields.setdefault("title", "Source")
    fields.setdefault("source_type", "media-article")
    fields.setdefault("confidentiality", 0)
    return source_create(user=user, **fields)


def incident(user, **fields):
    from sijill.incidents.services import incident_create

    fields.setdefault("title_ar", "قصف جوي على سوق تادف")
    fields.setdefault("title_en", "Airstrike on Tadef market")
    fields.setdefault("start_date", date(2017, 2, 14))
    fields.setdefault("confidentiality", 0)
    # Verified (the default here) and rejected are decided by a second person through review.
    verdict = fields.pop("status", "verified")
    decided = verdict in ("verified", "rejected")
    made = incident_create(user=user, status="received" if decided else verdict, **fields)
    if decided:
        from review.decisions import decide

        decide(made, verdict=verdict)
        made.refresh_from_db()
    return made
