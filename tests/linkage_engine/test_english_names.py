"""Rules for records written in Latin letters only, as English-language lists are: titles and
ordinals are not names, Bill is William, "J." is an initial, a word alone may be the family name.
Each rule leaves Arabic names as they were. And a rule for every dataset: a chain of good pairs
does not join two records whose own comparison speaks against them."""

import datetime

import pytest

from sijill.linkage.engine import PersonRecord, link_persons, parse_name
from sijill.linkage.engine.features import person_features
from sijill.linkage.engine.given_names import given_name_roots
from sijill.linkage.engine.persons import _comparisons

from .blocked_pairs import blocked_pairs

D = datetime.date


def _texts(name: str) -> list[str]:
    return [p.text for p in parse_name(name).parts]


def test_english_titles_and_ordinals_are_not_name_parts():
    assert _texts("Sir Thomas Clifford, 1st Baronet") == ["thomas", "clifford"]
    assert _texts("Rt. Hon. Mrs. Mary Stockdale") == ["mary", "stockdale"]
    assert _texts("5th Bt.") == []
    # Arabic names keep every part, titles of Arabic naming are handled as before
    assert _texts("محمد سير الحسين") == ["محمد", "سير", "حسين"]
    assert _texts("Mohammad al-Hussein") == ["mohammad", "hussein"]


@pytest.mark.parametrize("form, name", [
    ("bill", "william"), ("tom", "thomas"), ("jack", "john"), ("jean", "john"), ("ian", "john"),
    ("harry", "henry"), ("ned", "edward"), ("ned", "edmund"), ("fanny", "frances"),
])
def test_familiar_and_foreign_forms_of_an_english_given_name_share_a_name(form, name):
    assert name in given_name_roots(form)
    assert set(given_name_roots(form)) & set(given_name_roots(name))


def test_arabic_names_have_no_english_forms():
    assert given_name_roots("mohammad") is None and given_name_roots("sami") is None
    table = person_features([
        PersonRecord(id="1", source="a", name_ar="وليم حداد", name_latin="William Haddad"),
        PersonRecord(id="2", source="a", name_latin="William Haddad"),
        PersonRecord(id="3", source="a", name_latin="Haddad"),
        PersonRecord(id="4", source="a", name_ar="حداد"),
    ]).to_pydict()
    # a record with an Arabic spelling keeps the Arabic rules alone
    assert table["given_roots"][0] is None and table["given_roots"][1] == ["william"]
    # in a list with Arabic spellings a word alone is a given name
    assert table["sole_name"] == [None, None, None, None]
    latin = person_features([
        PersonRecord(id="2", source="a", name_latin="William Haddad"),
        PersonRecord(id="3", source="a", name_latin="Haddad"),
        PersonRecord(id="5", source="a", name_latin="Omar"),
        PersonRecord(id="6", source="a", name_latin="Omar Haddad"),
    ]).to_pydict()
    # a word alone counts as a family name where the list writes it so more often than as a given name
    assert latin["sole_name"] == [None, "haddad", None, None]


def test_a_word_alone_an_initial_and_a_familiar_form_meet_the_full_name():
    records = [
        # Price and Brook share the key BRK (made for Arabic transliterations), not a name
        PersonRecord(id="p", source="x", name_latin="Brook"),
        PersonRecord(id="q", source="x", name_latin="Frederic Price"),
        PersonRecord(id="a", source="x", name_latin="Gerald Hopkins"),
        PersonRecord(id="b", source="x", name_latin="Hopkins"),
        PersonRecord(id="c", source="x", name_latin="Bill Caparn"),
        PersonRecord(id="d", source="x", name_latin="William Caparne"),
        PersonRecord(id="e", source="x", name_latin="William Caparn"),
        PersonRecord(id="f", source="x", name_latin="J. Macfarlane"),
        PersonRecord(id="g", source="x", name_latin="John Macfarlane"),
    ]
    blocked = blocked_pairs(records)
    assert {("a", "b"), ("c", "e"), ("f", "g")} <= blocked
    assert ("p", "q") not in blocked


def test_the_new_name_levels_appear_only_where_the_records_need_them():
    english = person_features([
        PersonRecord(id="1", source="x", name_latin="Bill Watts"),
        PersonRecord(id="2", source="x", name_latin="Watts"),
        PersonRecord(id="3", source="x", name_latin="J. Watts"),
    ])
    arabic = person_features([
        PersonRecord(id="1", source="x", name_ar="محمد الحسين", name_latin="Mohammad al-Hussein"),
        PersonRecord(id="2", source="x", name_ar="محمود الحسين"),
    ])

    def labels(table):
        return {lvl["label_for_charts"] for c in _comparisons(table)
                for lvl in c.create_comparison_dict("duckdb")["comparison_levels"]}

    new = {"forms of one English given name", "an initial of the other",
           "one name alone, the other's family name"}
    assert new <= labels(english)
    assert not new & labels(arabic)


def _people():
    """Forty English people, each written twice alike."""
    given = ["george", "henry", "arthur", "walter", "alice", "edith", "frank", "hugh"]
    family = ["ward", "reeves", "price", "shaw", "clarke"]
    records = []
    k = 0
    for g in given:
        for f in family:
            k += 1
            born = D(1800 + k, 1 + k % 12, 1 + k % 27)
            place = f"town{k % 9}"
            for copy in (1, 2):
                records.append(PersonRecord(
                    id=f"p{k}-{copy}", source="x", name_latin=f"{g} {f}", birth_date=born,
                    sex="female" if g in ("alice", "edith") else "male",
                    attributes=(("birth_place", place),)))
    return records


def test_a_chain_of_good_pairs_does_not_join_two_records_that_differ():
    """"Tom Shaw" born 1830 in Leeds and "Tom Shaw" born 1871 in Bath are two men; "T. Shaw"
    without a date matches both. No cluster holds the two dated men."""
    chain = [
        PersonRecord(id="t1", source="x", name_latin="Tom Shaw", birth_date=D(1830, 3, 4),
                     sex="male", attributes=(("birth_place", "leeds"),)),
        PersonRecord(id="t2", source="x", name_latin="Tom Shaw", birth_date=D(1871, 9, 21),
                     sex="female", attributes=(("birth_place", "bath"),)),
        PersonRecord(id="t3", source="x", name_latin="Tom Shaw"),
    ]
    result = link_persons(_people() + chain, threshold=0.5, cluster_threshold=0.5,
                          explain=False)
    assert not any({"t1", "t2"} <= set(c) for c in result.clusters)
    # the people who are written alike twice are still found
    found = sum(1 for c in result.clusters if len(c) == 2 and c[0].split("-")[0] == c[1].split("-")[0])
    assert found >= 35
