"""Name parts and the transliteration key, on the issue's cases and on real name pairs."""

import csv

import pytest
from real_data import shared_data

from sijill.linkage.engine.names import (
    parse_name,
    translit_key,
    vowel_code,
    vowel_mask,
    vowel_slots,
)
from sijill.text.normalise import has_arabic, normalise


@pytest.mark.parametrize(
    "spellings",
    [
        ("محمد", "Mohammad", "Muhammed", "Mohamed"),
        ("الحسين", "al-Hussein", "Alhussain", "Al Husain"),
        ("عبد الرحمن", "عبدالرحمن", "Abdulrahman", "Abd al-Rahman", "Abdel Rahman"),
        ("عبد الله", "Abdullah", "Abdallah"),
        ("أبو بكر", "Abu Bakr", "Abou Bakr"),
        ("نور الدين", "Nour al-Din", "Noureddine"),
        ("فاطمة", "فاطمه", "Fatima", "Fatimah"),
        ("خالد", "Khaled", "Khalid"),
        ("قاسم", "Qasim", "Kassem"),
    ],
)
def test_one_name_in_both_scripts_shares_one_key(spellings):
    keys = {parse_name(s).parts[0].key for s in spellings}
    assert len(keys) == 1, {s: parse_name(s).parts[0].key for s in spellings}


def test_different_names_keep_different_keys():
    assert translit_key("احمد") != translit_key("محمد")
    assert parse_name("Omar").parts[0].key != parse_name("Khaled").parts[0].key


def test_hamza_forms_are_one_name_but_muhammad_and_mahmoud_stay_two_spellings():
    # Raw Jaro-Winkler scores محمد/محمود 0.95 and أحمد/احمد 0.83: the normaliser folds the
    # second pair to one spelling, while the first keeps two Arabic spellings (one key).
    assert parse_name("أحمد").parts[0].text == parse_name("احمد").parts[0].text
    assert normalise("إبراهيم") == normalise("ابراهيم")
    muhammad, mahmoud = parse_name("محمد").parts[0], parse_name("محمود").parts[0]
    assert muhammad.text != mahmoud.text


def test_name_parts_given_father_grandfather_family():
    name = parse_name("محمد بن أحمد بن علي الحسين")
    assert [p.text for p in name.parts] == ["محمد", "احمد", "علي", "حسين"]
    assert name.given.text == "محمد" and name.family.text == "حسين"
    assert [p.text for p in name.middle] == ["احمد", "علي"]


def test_abd_abu_umm_make_one_part_and_ibn_bint_drop():
    assert [p.key for p in parse_name("Abd al-Rahman ibn Khalid al-Ali").parts] == [
        translit_key("عبدالرحمن"), "KLD", "L"]
    assert len(parse_name("Umm Ahmad").parts) == 1
    assert len(parse_name("أبو محمد الشامي").parts) == 2
    assert [p.text for p in parse_name("فاطمة بنت علي").parts] == ["فاطمه", "علي"]


def test_relatives_described_instead_of_named_are_marked():
    son = parse_name("Son of Faris al-Ayyub")
    assert son.relation == "son" and son.given.key == "FRS"
    assert parse_name("ابن فارس الايوب").relation == "son"


def _airwars_pairs():
    path = shared_data("events/airwars_syria/airwars_syria_victims.csv")
    with open(path, encoding="utf-8") as handle:
        return [(r["name_local_ar"], r["name_latin"]) for r in csv.DictReader(handle)
                if r["name_local_ar"] and r["name_latin"]]


def test_real_syrian_names_share_keys_across_scripts():
    """4,136 Airwars victims written in both scripts (some rows are known to be misaligned)."""
    given = whole = total = 0
    for ar, lat in _airwars_pairs():
        a, b = parse_name(ar), parse_name(lat)
        if not a.parts or not b.parts:
            continue
        total += 1
        given += a.given.key == b.given.key
        whole += a.keys == b.keys
    assert total > 4000
    assert given / total >= 0.94
    assert whole / total >= 0.85


def test_google_transliteration_pairs_mostly_share_keys():
    """Single-word pairs of mixed origin (many non-Arabic names); a floor, not a target."""
    path = shared_data("names/arabic_translit_pairs/google_ar2en.txt")
    with open(path, encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if "\t" in line]
    same = sum(translit_key(normalise(a)) == translit_key(normalise(b)) for a, b in rows)
    assert same / len(rows) >= 0.72


def _accepts_by_pattern(slots: str, word: str) -> bool:
    """The rule `vowel_mask` encodes, written as the regular expression it replaced."""
    import re

    classes = ({"A": "[AEO]", "I": "[IE]", "U": "[UO]", "-": "."} if has_arabic(word) else
               {"A": "[AEO]", "E": "[EAI]", "I": "[IE]", "O": "[OUA]", "U": "[UO]", "-": "-"})
    pattern = "^" + "".join(classes[s] for s in vowel_slots(word)) + "$"
    return re.match(pattern, slots) is not None


@pytest.mark.parametrize(
    ("slots_of", "word", "fits"),
    [("Rami", "رامي", True), ("Reema", "رامي", False), ("Rima", "ريما", True),
     ("Mohammad", "محمد", True), ("Mahmoud", "محمد", True), ("Mohammad", "محمود", False),
     ("Nawaf", "Naouaf", True), ("Zainab", "Zeinab", True), ("Zainab", "Zaenap", False)],
)
def test_vowel_bits_say_whether_one_spelling_fits_another(slots_of, word, fits):
    code, mask = vowel_code(normalise(slots_of)), vowel_mask(normalise(word))
    assert ((code & mask) == code) is fits


def test_vowel_bits_agree_with_the_vowel_patterns_on_real_names():
    """Every Arabic word against every Latin spelling of the same key, and Latin against Latin."""
    words: dict[str, set[str]] = {}
    for ar, lat in _airwars_pairs():
        for name in (ar, lat):
            for part in parse_name(name).parts:
                if vowel_slots(part.text):
                    words.setdefault(part.key, set()).add(part.text)
    compared = 0
    for spellings in words.values():
        for a in spellings:
            for b in spellings:
                code, mask = vowel_code(a), vowel_mask(b)
                if code is None or mask is None:
                    continue
                compared += 1
                assert ((code & mask) == code) == _accepts_by_pattern(vowel_slots(a), b), (a, b)
    assert compared > 20_000
