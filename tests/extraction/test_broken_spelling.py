"""Words written apart to slip past filters ("مقـ ـتل", "قـ.ـتـ.ل") are read as one word."""

from sijill.extraction import extract
from sijill.extraction.words import words


def _norms(text):
    return [w.norm for w in words(text)]


def test_tatweel_on_both_sides_of_a_space_joins_the_word_and_keeps_its_span():
    text = "مقـ ـتل 5 مدنيين"
    ws = words(text)
    assert [w.norm for w in ws] == ["مقتل", "5", "مدنيين"]
    assert text[ws[0].start : ws[0].end] == "مقـ ـتل"


def test_dots_with_tatweel_and_a_dot_before_a_single_letter_join():
    assert _norms("قـ.ـتـ.ل") == ["قتل"]
    assert _norms("استشها.د طفل") == ["استشهاد", "طفل"]
    assert _norms("أنصـ.ـ.ـار الإسلام") == ["انصار", "الاسلام"]


def test_ordinary_writing_is_not_joined():
    # a full stop with no space after it, a detached preposition with tatweel
    assert _norms("مشتبه بهم.وقد أسفرت") == ["مشتبه", "بهم", "وقد", "اسفرت"]
    assert _norms("كـ قوة مسيطرة") == ["ك", "قوه", "مسيطره"]
    assert _norms("لـ قسد") == ["ل", "قسد"]


def test_a_broken_killing_word_still_gives_the_count():
    result = extract("مقـ ـتل 7 مدنيين بقـ.ـصف الطـ.ـيران الحـ.ـربي على قرية في ريف إدلب")
    killed = [c for c in result.casualties if c["outcome"] == "killed"]
    assert [(c["min"], c["max"]) for c in killed] == [(7, 7)]
    assert result.incident["killed"]["min"] == 7
