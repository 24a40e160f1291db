"""The rules pass over the words that can open nothing (`casualties._OPENERS`, `dates._MONTH_OPENERS`
and `_RELATIVE_WORDS`, `violations._opens_phrase`, `actors._NATIONALITY_WORDS`): that is for speed
only, and must never change what they find. A rule that learns to act on a new word must add it to its
set; these tests read texts built from the rules' own vocabulary with every word let through, and
with the sets, and compare."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sijill.extraction import actors, casualties, dates, numbers, violations
from sijill.extraction.actors import default_finder
from sijill.extraction.words import words


class _Everything:
    def __contains__(self, item):
        return True


_CASUALTY_WORDS = sorted({
    *casualties.KILLED_BEFORE, *casualties.KILLED_AFTER, *casualties.INJURED_BEFORE, *casualties.INJURED_AFTER,
    *casualties.GROUPS, *casualties.COUNTED_NOUNS, *casualties.PLURAL_OUTCOME, *casualties.PLURAL_CAUSE,
    *casualties.NAMING_DEATH, *casualties.LIST_DEAD, *casualties.LIST_NAMES, *casualties.LIST_ARE,
    *casualties.WHO_DIED, *casualties.WHO_DIED_VERB, *casualties.FILLER, *casualties.KIN_ONE,
    *casualties.GIVEN_NAMES, *numbers.NUMBER_WORDS, "a", "an", "كل", "من", "2", "15", "2016", "1,200",
})
_DATE_WORDS = sorted({
    *dates.EN_MONTHS, *dates.EN_WEEKDAYS, *dates.AR_WEEKDAYS, *(w for key in dates.AR_MONTHS for w in key),
    *(w for key in dates.HIJRI_MONTHS for w in key), *dates.AR_TIME_WORDS, "yesterday", "today", "tonight",
    "ago", "days", "day", "before", "last", "night", "on", "this", "قبل", "منذ", "امس", "البارحه", "اليوم",
    "الاول", "اول", "يومين", "ايام", "ثلاثه", "three", "الماضي", "عام", "2", "5", "15", "2016", "1437",
})
_ATTACK_WORDS = sorted({
    *(w for phrase in violations.LEXICON for w in phrase.split()), *violations._STRIKE_WORDS,
    *actors.NATIONALITY, *actors.ATTACK_NOUNS_EN, *actors.ATTACK_NOUNS_AR, *actors._BETWEEN_AR, "the", "a",
})


def _texts(vocabulary):
    # Words as written: with a joined و/ب/ل/ف or article, capitalised, or glued to punctuation.
    word = st.sampled_from(vocabulary).flatmap(lambda w: st.sampled_from(
        [w, w, w, "و" + w, "ب" + w, "ل" + w, "ال" + w, w.capitalize(), w + "،", w + ".", '"' + w]))
    return st.lists(word, min_size=1, max_size=30).map(" ".join)


def _same_with_every_word(monkeypatch, text, find, patches):
    """`find(text, words)` gives the same with the rules' word sets as with every word let through."""
    ws = words(text)
    found = find(text, ws)
    with monkeypatch.context() as m:
        for module, name, value in patches:
            m.setattr(module, name, value)
        assert find(text, ws) == found


_MANY_TEXTS = settings(max_examples=300, deadline=None,
                       suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@_MANY_TEXTS
@given(_texts(_CASUALTY_WORDS))
def test_casualties_find_the_same_when_every_word_is_read(monkeypatch, text):
    _same_with_every_word(monkeypatch, text, casualties.find_casualties,
                          [(casualties, "_OPENERS", _Everything())])


@_MANY_TEXTS
@given(_texts(_DATE_WORDS))
def test_dates_find_the_same_when_every_word_is_read(monkeypatch, text):
    _same_with_every_word(monkeypatch, text, lambda t, ws: [d.as_dict() for d in dates.find_dates(t, ws)[0]],
                          [(dates, "_MONTH_OPENERS", _Everything()), (dates, "_RELATIVE_WORDS", _Everything())])


@_MANY_TEXTS
@given(_texts(_ATTACK_WORDS))
def test_violations_and_attacks_by_nationality_the_same_when_every_word_is_read(monkeypatch, text):
    finder = default_finder()
    _same_with_every_word(monkeypatch, text,
                          lambda t, ws: (violations.find_violations(t, ws), finder.find(t, ws)),
                          [(violations, "_opens_phrase", lambda norm: True),
                           (actors, "_NATIONALITY_WORDS", _Everything())])


@pytest.mark.parametrize("text", [
    "استشهد مدنيان وأصيب 4 آخرون بغارات روسية على بلدة كفرنبل مساء السبت 5 آذار 2016",
    "Russian airstrikes killed at least 12 civilians, including 3 children, in Idlib yesterday",
    "4 إصابات وشهيد بقصف مدفعي لقوات النظام",
    "Syrian government warplanes struck the market of Maarat al-Numan 3 days ago, killing a child",
    "استهدفت الغارات الروسية قرية كفرنبل أول أمس ما أدى لاستشهاد الطفلة سارة أحمد العلي",
    "أسماء الشهداء: محمد خالد العلي، أحمد يوسف الحسن في 12 رجب 1437 هـ",
])
def test_a_report_reads_the_same_when_every_word_is_read(monkeypatch, text):
    finder = default_finder()
    _same_with_every_word(monkeypatch, text,
                          lambda t, ws: ([c.as_dict() for c in casualties.find_casualties(t, ws)],
                                         [d.as_dict() for d in dates.find_dates(t, ws)[0]],
                                         violations.find_violations(t, ws), finder.find(t, ws)),
                          [(casualties, "_OPENERS", _Everything()), (dates, "_MONTH_OPENERS", _Everything()),
                           (dates, "_RELATIVE_WORDS", _Everything()),
                           (violations, "_opens_phrase", lambda norm: True),
                           (actors, "_NATIONALITY_WORDS", _Everything())])
