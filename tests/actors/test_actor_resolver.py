"""The resolver on its own, without a database: spellings, prefixes, spans, longest match."""

from __future__ import annotations

import pytest

from sijill.actors.resolver import ActorMatch, ActorResolver

ISIS, REGIME, COALITION, HTS, US, SDF = 1, 2, 3, 4, 5, 6

RESOLVER = ActorResolver(
    [
        (ISIS, "ISIS"), (ISIS, "IS"), (ISIS, "Da'esh"), (ISIS, "داعش"), (ISIS, "تنظيم الدولة الإسلامية"),
        (REGIME, "قوات النظام"), (REGIME, "the regime"), (REGIME, "النظام"), (REGIME, "Syrian Arab Army"),
        (COALITION, "التحالف الدولي"), (COALITION, "التحالف الدولي لمحاربة داعش"),
        (COALITION, "US-led coalition"),
        (HTS, "Jabhat al-Nusra"), (HTS, "Nusra Front"), (HTS, "هيئة تحرير الشام"),
        (US, "US forces"), (SDF, "SDF"), (SDF, "قسد"),
    ]
)


def span(text: str, match: ActorMatch) -> str:
    return text[match.start:match.end]


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("Daesh", ISIS), ("DAESH", ISIS), ("da’esh", ISIS), ("داعش", ISIS),
        ("تنظيم الدولة الاسلامية", ISIS),  # without hamza
        ("تنظيم دولة إسلامية", ISIS),  # without articles
        ("the regime", REGIME), ("Regime", REGIME), ("قوات النِّظام", REGIME),  # with harakat
        ("syrian-arab army", REGIME), ("Jabhat Nusra", HTS), ("jabhat an-nusra", HTS),
        ("Nusra Front", HTS), ("al-Nusra Front", HTS), ("لداعش", ISIS), ("وقسد", SDF),
    ],
)
def test_resolve_finds_spelling_variants(name, actor):
    matches = RESOLVER.resolve(name)
    assert matches and matches[0].actor_id == actor
    assert matches[0].score >= 0.9


def test_resolve_scores_exact_above_variant():
    assert RESOLVER.resolve("ISIS")[0].score == 1.0
    assert RESOLVER.resolve("تنظيم دولة اسلاميه")[0].score < 1.0


def test_resolve_offers_close_misspellings_with_lower_score():
    matches = RESOLVER.resolve("Daish")
    assert matches[0].actor_id == ISIS and 0.6 < matches[0].score < 0.9


def test_resolve_returns_nothing_for_unrelated_names():
    assert RESOLVER.resolve("Red Crescent") == []
    assert RESOLVER.resolve("") == []


def test_find_in_arabic_sentence_with_attached_prefixes():
    text = "وقصفت قوات النظام بلدة كفرنبل، وقال مصدر إن طيران التحالف الدولي استهدف مواقع لداعش وقسد."
    found = {span(text, m): m.actor_id for m in RESOLVER.find_in(text)}
    assert found == {"قوات النظام": REGIME, "التحالف الدولي": COALITION, "داعش": ISIS, "قسد": SDF}


def test_find_in_prefers_the_longest_mention():
    text = "أعلن التحالف الدولي لمحاربة داعش مقتل مدنيين"
    (match,) = RESOLVER.find_in(text)
    assert match.actor_id == COALITION and span(text, match) == "التحالف الدولي لمحاربة داعش"


def test_find_in_english_sentence_spans_include_articles():
    text = "The regime and al-Nusra Front fought ISIS; U.S. forces and the US-led coalition struck."
    found = [(span(text, m), m.actor_id) for m in RESOLVER.find_in(text)]
    assert found == [
        ("The regime", REGIME), ("al-Nusra Front", HTS), ("ISIS", ISIS),
        ("U.S. forces", US), ("US-led coalition", COALITION),
    ]


def test_find_in_needs_capitals_for_acronyms():
    assert RESOLVER.find_in("It is not clear who fired; us and them.") == []
    text = "Sources blamed IS for the attack."
    (match,) = RESOLVER.find_in(text)
    assert span(text, match) == "IS" and match.actor_id == ISIS


def test_find_in_does_not_match_across_sentence_breaks():
    assert RESOLVER.find_in("Nusra. Front lines moved") == []


def test_find_in_respects_word_boundaries():
    assert RESOLVER.find_in("Isisford and SDFX and قسدية") == []


def test_find_in_reports_every_actor_sharing_a_name():
    resolver = ActorResolver([(1, "Coalition"), (2, "coalition")])
    assert {m.actor_id for m in resolver.find_in("the coalition said")} == {1, 2}


def test_resolver_module_imports_no_django():
    import ast
    import inspect

    import sijill.actors.resolver as module

    tree = ast.parse(inspect.getsource(module))
    imported = [
        getattr(node, "module", None) or node.names[0].name
        for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    assert not any(name.startswith("django") for name in imported)


def test_find_in_needs_the_article_for_one_word_arabic_aliases():
    # نظام alone means "system"; النظام in a report means the government.
    assert RESOLVER.find_in("وفق نظام الحماية") == []
    text = "قال مصدر مقرب من النظام وللنظام"
    assert [span(text, m) for m in RESOLVER.find_in(text)] == ["النظام", "للنظام"]
    assert RESOLVER.resolve("نظام")[0].actor_id == REGIME


def _lines_run(call) -> int:
    """How many lines of Python `call()` executes: a count of work that does not depend on how
    busy the machine is (speed itself is measured in bench/, not here)."""
    import sys

    counted = 0

    def trace(frame, event, arg):
        nonlocal counted
        if event == "line":
            counted += 1
        return trace

    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(None)
    return counted


def _growth_when_the_text_doubles(sentence: str) -> float:
    small = _lines_run(lambda: RESOLVER.find_in(sentence * 150))
    large = _lines_run(lambda: RESOLVER.find_in(sentence * 300))
    return large / small


SENTENCE = "قصفت قوات النظام مواقع داعش وطيران التحالف الدولي لمحاربة داعش. "


def test_find_in_keeps_longest_match_over_many_mentions_in_linear_work():
    found = RESOLVER.find_in(SENTENCE * 2000)
    assert [m.actor_id for m in found[:3]] == [REGIME, ISIS, COALITION]
    assert len(found) == 6000
    # The overlap check must not compare every mention with every other: doubling the text
    # doubles the work.
    assert _growth_when_the_text_doubles(SENTENCE) < 2.3


def test_the_work_count_tells_a_quadratic_overlap_check(monkeypatch):
    """The measure above can fail: with an overlap check that scans every span taken so far,
    doubling the text more than doubles the work."""
    from sijill.actors import resolver

    def scan_every_span(self, start, end):
        for taken_start, taken_end in zip(self.starts, self.ends, strict=True):
            if taken_start < end and start < taken_end:
                return True
        return False

    monkeypatch.setattr(resolver._Spans, "overlaps", scan_every_span)
    assert _growth_when_the_text_doubles(SENTENCE) > 2.3
