"""The general rules that find and score one victim across lists: blocking that survives a missing
date, a dropped family name and a few days' difference; age at the event where a date is
missing; Arabic long vowels that tell two names apart; a typo in one script."""

import datetime

import numpy as np

from sijill.linkage.engine import PersonRecord, link_persons
from sijill.linkage.engine.features import person_features

from .blocked_pairs import blocked_pairs

D = datetime.date


def test_a_record_without_a_date_meets_its_namesake():
    records = [
        PersonRecord(id="a", source="vdc", name_latin="Marem Sehlool", event_date=D(2021, 11, 28)),
        PersonRecord(id="b", source="snhr", name_ar="مريم سحلول", place_pcode="C3684"),
    ]
    assert ("a", "b") in blocked_pairs(records)


def test_a_list_that_dropped_the_family_name_meets_the_full_name_of_the_same_year():
    records = [
        PersonRecord(id="a", source="airwars", name_latin="Omer Nasser", event_date=D(2014, 8, 9)),
        PersonRecord(id="b", source="snhr", name_ar="عمر ناصر زين", event_date=D(2014, 3, 1)),
    ]
    assert ("a", "b") in blocked_pairs(records)


def test_family_name_and_a_date_a_few_days_apart_meet():
    records = [
        PersonRecord(id="a", source="field", name_latin="Khallel Akda", event_date=D(2016, 9, 15)),
        PersonRecord(id="b", source="vdc", name_latin="Khalid Aqda", event_date=D(2016, 9, 17)),
    ]
    assert ("a", "b") in blocked_pairs(records)


def test_age_at_the_event_is_kept_beside_the_birth_year():
    table = person_features([
        PersonRecord(id="a", source="x", name_latin="Fares Qaddah", age=40),
        PersonRecord(id="b", source="x", name_latin="Fares Qaddah", age=41,
                     event_date=D(2020, 1, 16)),
    ]).to_pydict()
    assert table["age"] == [40, 41]
    assert table["birth_year"] == [None, 1979]


def _victims():
    """Two men named محمد and محمود, one man written Ibrahim and
    Ibrabim, Hind and Ahmad, one man written Naser and Nasr,
    Hamed and Mamed, among others."""
    records = [
        PersonRecord(id="m1", source="field", name_ar="محمد حنان كبصو", sex="male", age=29,
                     event_date=D(2012, 11, 25), place_pcode="C1002"),
        PersonRecord(id="m2", source="vdc", name_ar="محمود حنان كبصو", sex="male", age=29,
                     event_date=D(2012, 11, 25), place_pcode="C1002"),
        PersonRecord(id="i1", source="airwars", name_latin="Ibrahim Qebara", sex="male",
                     event_date=D(2012, 3, 24), place_pcode="C1001"),
        PersonRecord(id="i2", source="snhr", name_latin="Ibrabim Qebara", sex="male",
                     event_date=D(2012, 3, 24), place_pcode="C1001"),
        PersonRecord(id="h1", source="vdc", name_latin="Hind Qebara", sex="female",
                     event_date=D(2012, 3, 24), place_pcode="C1001"),
        PersonRecord(id="a1", source="vdc", name_latin="Ahmad Qebara", sex="male",
                     event_date=D(2012, 3, 24), place_pcode="C1001"),
        PersonRecord(id="hm", source="field", name_latin="Hamed Sablan", sex="male",
                     event_date=D(2013, 7, 2), place_pcode="C1002"),
        PersonRecord(id="mm", source="vdc", name_latin="Mamed Sablan", sex="male",
                     event_date=D(2013, 7, 2), place_pcode="C1002"),
        PersonRecord(id="n1", source="field", name_latin="Naser Mahlool", sex="male", age=40,
                     event_date=D(2013, 5, 2), place_pcode="C1001"),
        PersonRecord(id="n2", source="vdc", name_latin="Nasr Mahloul", sex="male", age=40,
                     event_date=D(2013, 5, 2), place_pcode="C1001"),
    ]
    given = ["عمر", "حسن", "ياسر", "رامي", "سامر", "نور", "هبة", "ريم", "طارق", "زياد"]
    family = ["الحمصي", "النجار", "الزعبي", "القاسم", "الشامي", "العمر", "الدرويش", "السيد"]
    k = 0
    for g in given:
        for f in family:
            k += 1
            records.append(PersonRecord(
                id=f"b{k}", source=f"list{k % 3}", name_ar=f"{g} {f}", age=20 + k % 40,
                event_date=D(2014, 1, 1) + datetime.timedelta(days=k * 11)))
    return records


def test_arabic_long_vowels_keep_mohammad_and_mahmoud_apart_and_a_latin_typo_is_one_letter():
    result = link_persons(_victims())
    level = {frozenset((p.left, p.right)): p.features["given"]["level"] for p in result.pairs}
    clusters = [set(c) for c in result.clusters]
    assert level.get(frozenset(("m1", "m2")), "same key, Arabic long vowels differ") == (
        "same key, Arabic long vowels differ"
    )
    assert not any({"m1", "m2"} <= c for c in clusters)
    assert level[frozenset(("i1", "i2"))] == "one letter apart"
    # HND and HMD are one letter apart; the names Hind and Ahmad are not
    assert level.get(frozenset(("a1", "h1")), "All other comparisons") != "one letter apart"
    # one letter apart, but the first: Hamed and Mamed are two names
    assert level.get(frozenset(("hm", "mm")), "All other comparisons") != "one letter apart"


def test_latin_vowels_that_differ_weigh_against_a_pair_but_do_not_forbid_it():
    result = link_persons(_victims())
    pair = next(p for p in result.pairs if {p.left, p.right} == {"n1", "n2"})
    assert pair.features["given"]["level"] == "same key, vowels differ"
    assert ["n1", "n2"] in result.clusters


def test_postcodes_are_compared_as_codes_not_as_words():
    """SW1A 2HR and SW1P 4HN are alike by Jaro-Winkler (same start), yet other postcodes."""
    from sijill.linkage.engine.persons import _comparisons

    table = person_features([
        PersonRecord(id=str(i), source="x", name_latin=f"Tom Watts{i}",
                     attributes=(("postcode", f"sw1{i % 9} {i}hr"), ("occupation", "painter")))
        for i in range(20)
    ])
    by_name = {c.create_comparison_dict("duckdb")["output_column_name"]: c
               for c in _comparisons(table)}
    postcode = str(by_name["x_postcode"].create_comparison_dict("duckdb"))
    occupation = str(by_name["x_occupation"].create_comparison_dict("duckdb"))
    assert "damerau_levenshtein" in postcode and "jaro_winkler" not in postcode
    assert "jaro_winkler" in occupation


def test_ages_more_than_ten_years_apart_are_a_level_of_their_own():
    """A child and an adult are not one person; ages noted roughly still agree within ten years."""
    from sijill.linkage.engine.persons import _birth_comparison

    for with_age in (True, False):
        levels = _birth_comparison(with_age=with_age).create_comparison_dict("duckdb")
        sql = [lvl["sql_condition"] for lvl in levels["comparison_levels"]]
        assert any("<= 10" in s for s in sql) and sql[-1] == "ELSE"


def test_colloquial_and_abbreviated_forms_of_muhammad_share_its_key():
    """Mamed (Kurdish, colloquial), Mehmet (Turkish) and Mhd/Mohd (abbreviations) are Muhammad;
    Mamdouh, Hamed and Ahmad stay other names."""
    from sijill.linkage.engine.names import translit_key

    for form in ("mamed", "mammed", "memed", "mehmed", "mehmet", "mhd", "mohd", "muhd"):
        assert translit_key(form) == translit_key("محمد") == "MHMD", form
    for other in ("mamdouh", "hamed", "ahmad", "mahdi"):
        assert translit_key(other) != "MHMD", other
    records = [
        PersonRecord(id="a", source="vdc", name_latin="Mamed Balleh",
                     event_date=D(2017, 2, 14), place_pcode="C1002"),
        PersonRecord(id="b", source="snhr", name_ar="محمد عمر بلل", event_date=D(2017, 2, 14)),
    ]
    assert ("a", "b") in blocked_pairs(records)


def test_a_record_without_a_date_meets_a_namesake_of_its_community_by_given_name():
    records = [
        PersonRecord(id="a", source="airwars", name_latin="Omer", place_pcode="C3374"),
        PersonRecord(id="b", source="snhr", name_ar="عمر علي", place_pcode="C3374",
                     event_date=D(2016, 3, 17)),
        PersonRecord(id="c", source="vdc", name_ar="عمر علي", place_pcode="C9999",
                     event_date=D(2016, 3, 17)),
    ]
    blocked = blocked_pairs(records)
    assert ("a", "b") in blocked and ("a", "c") not in blocked


def test_two_arabic_letters_swapped_are_a_typo_not_another_name():
    result = link_persons(_victims() + [
        PersonRecord(id="j1", source="field", name_ar="جاسم حسام نصير", age=55,
                     event_date=D(2019, 11, 11), place_pcode="C1003"),
        PersonRecord(id="j2", source="vdc", name_ar="جسام حسام نصير", age=55,
                     event_date=D(2019, 11, 11), place_pcode="C1003"),
    ])
    level = {frozenset((p.left, p.right)): p.features["given"]["level"] for p in result.pairs}
    assert level[frozenset(("j1", "j2"))] == "same key, Arabic letters swapped"
    assert ["j1", "j2"] in result.clusters
    # محمد/محمود: a letter added, not swapped, so still two names
    assert level.get(frozenset(("m1", "m2")), "x") != "same key, Arabic letters swapped"


def test_a_parent_and_a_child_killed_together_are_not_clustered():
    """Same family name, day and place, given names alike, but a generation apart in age."""
    result = link_persons(_victims() + [
        PersonRecord(id="f", source="field", name_latin="Badee Shawwaf", sex="male", age=30,
                     event_date=D(2021, 6, 26), place_pcode="C1003"),
        PersonRecord(id="s", source="vdc", name_latin="Badee Shawwaf", sex="male", age=1,
                     event_date=D(2021, 6, 26), place_pcode="C1003"),
    ])
    assert not any({"f", "s"} <= set(c) for c in result.clusters)


def test_no_cluster_holds_mohammad_and_mahmoud_through_a_latin_record_matching_both():
    from sijill.linkage.engine.clustering import separate

    ids = np.array(["m1", "m2", "lat"], dtype=object)
    labels = np.array([0, 0, 0])
    edges = [("m1", "lat", 0.99), ("m2", "lat", 0.9)]
    out = separate(ids, labels, edges, [("m1", "m2")])
    assert out[0] == out[2] and out[1] != out[0]
    # a pair kept apart across two clusters changes nothing in either
    ids2 = np.array(["m1", "m2", "lat", "x"], dtype=object)
    out2 = separate(ids2, np.array([0, 0, 0, 1]), edges,
                    [("m1", "m2"), ("m1", "x"), ("lat", "x")])
    assert out2[0] == out2[2] != out2[1] and out2[3] == 1
    # nothing to separate: labels as they were
    assert (separate(ids, labels, edges, []) == labels).all()
