"""The engine's public API on a small set of records: pairs, clusters, parameters, decisions."""

import datetime

from sijill.linkage.engine import PersonRecord, link_persons

D = datetime.date


def _records():
    people = [
        ("محمد الحسين", "Mohammad al-Hussein", "male", 30, D(2017, 6, 1), "C1002"),
        ("", "Muhammed Alhussain", "male", 31, D(2017, 6, 1), "C1002"),
        ("محمد الحسين", "", "male", 30, D(2017, 6, 2), "C1002"),
        ("فاطمة أحمد الخلف", "Fatima Ahmad al-Khalaf", "female", 12, D(2016, 3, 9), "C1001"),
        ("", "Fatimah Ahmed Alkhalaf", "female", 12, D(2016, 3, 9), "C1001"),
        ("خالد يوسف العلي", "Khaled Yousef al-Ali", "male", 45, D(2015, 1, 20), "C1001"),
        ("", "Walid Fawaz Qutaish", "male", 49, D(2026, 2, 28), None),
        ("وليد فواز قطيش", "", "male", 49, D(2026, 2, 28), None),
        ("سيف اسماعيل الشيخ", "Saif Ismail al-Sheikh", "male", 14, D(2026, 2, 28), None),
    ]
    # Background records so EM has non-matches to learn from.
    given = ["عمر", "حسن", "ياسر", "رامي", "سامر", "نور", "هبة", "ريم", "طارق", "زياد"]
    family = ["الحمصي", "النجار", "الزعبي", "القاسم", "الشامي", "العمر", "الدرويش", "السيد"]
    records = [
        PersonRecord(id=f"p{i}", source=f"list{i % 3}", name_ar=ar, name_latin=lat, sex=sex,
                     age=age, event_date=when, place_pcode=place)
        for i, (ar, lat, sex, age, when, place) in enumerate(people)
    ]
    k = 0
    for g in given:
        for f in family:
            k += 1
            records.append(
                PersonRecord(id=f"b{k}", source="list9", name_ar=f"{g} {f}", age=20 + k % 40,
                             event_date=D(2014, 1, 1) + datetime.timedelta(days=k * 11))
            )
    return records


def test_link_persons_joins_one_man_across_scripts_and_keeps_others_apart():
    result = link_persons(_records())
    clusters = [set(c) for c in result.clusters]
    assert {"p0", "p1", "p2"} in clusters
    assert {"p3", "p4"} in clusters
    assert {"p6", "p7"} in clusters
    assert not any("p5" in c or "p8" in c for c in clusters)
    assert result.parameters["model"]["comparisons"]
    pair = next(p for p in result.pairs if {p.left, p.right} == {"p6", "p7"})
    assert pair.features["given"]["agrees"] and pair.features["given"]["level"] == "same key"
    assert pair.match_probability >= 0.9


def test_decisions_force_and_forbid_links():
    decisions = [("p5", "p8", True), ("p3", "p4", False)]
    result = link_persons(_records(), decisions=decisions)
    clusters = [set(c) for c in result.clusters]
    assert {"p5", "p8"} in clusters
    assert not any({"p3", "p4"} <= c for c in clusters)


def test_a_run_starts_from_the_previous_runs_parameters():
    """A run starts from the last one's model; where EM from there fails, it estimates afresh."""
    first = link_persons(_records())
    second = link_persons(_records(), previous_parameters=first.parameters)
    assert {"p0", "p1", "p2"} in [set(c) for c in second.clusters]
    assert second.parameters["model"]["comparisons"]
