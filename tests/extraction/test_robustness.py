"""Arbitrary Unicode never crashes the extractor and never takes more than a bounded time."""

import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sijill.extraction import extract

KINDS = ("places", "actors", "dates", "casualties", "violations", "victims")
PIECES = ["قصف", "الرقة", "مقتل", "٥", "۷", "أمس", "مساء السبت", "آذار", "داعش", "Raqqa", "killed", "at least",
          "\u200f", "\u200e", "\u202b", "\u202e", "\u2066", "\u200d", "\u200c", "\u0640", "\u064b", "\ufeff",
          " ", "\n", "-", "،", "’s", "Battalion", "كتيبة", "هم:", "between", "and", "1437 هـ"]
text_strategy = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=200).map(" ".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=200).map("".join),
)


def check(text, result):
    data = result.as_dict()
    for kind in KINDS:
        for item in data[kind]:
            start, end = item["span"]
            assert 0 <= start <= end <= len(text)
            assert text[start:end] == item["text"]
            assert 0 <= item["confidence"] <= 1


@pytest.fixture(autouse=True, scope="module")
def loaded_tables():
    """The first call loads the gazetteer and alias tables; the deadline is for reading a text."""
    extract("")


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_arbitrary_unicode_never_crashes_and_spans_point_into_the_text(text):
    check(text, extract(text))


def test_a_one_megabyte_text_is_read_in_bounded_time():
    unit = ("قصفت قوات النظام مساء السبت بلدة في ريف دير الزور الشرقي ما أدى إلى مقتل ٥ مدنيين \u200f"
            "Regime warplanes killed 12 people in al-Raqqa yesterday\u202e\u200d ")
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    # CPU time: on a shared machine the wall clock mostly measures waiting for a core
    started = time.process_time()
    check(text, extract(text))
    assert time.process_time() - started < 20


def test_one_megabyte_without_spaces_or_with_only_marks_is_fast():
    for text in ("ب" * 1_000_000, "\u064b" * 1_000_000, "a" * 1_000_000, "1" * 1_000_000, "\u200f" * 1_000_000):
        # CPU time, as above: the wall clock on a busy machine measures waiting, not work
        started = time.process_time()
        extract(text)
        assert time.process_time() - started < 10


def test_the_library_imports_no_django():
    code = "import sys, sijill.extraction, sijill.extraction.evaluation, sijill.extraction.grouping; " \
           "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
