"""Fuzzing with hypothesis: report extraction and the import file readers take any text or bytes
and either return a result or raise their own clear error, never crash with anything else."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sijill.intake.readers import FileProblem, inspect_file, read_rows

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
WORDS = st.sampled_from(["قصف", "مقتل", "٧", "مدنيين", "في", "حلب", "طفلاً", "أمس", "السبت", "2017", "داعش",
                         "killed", "airstrike", "\u202e", "\u200f", "ـ", "،", "\n", "  ", "0", "١٢", "/", "-"])
TEXT = st.one_of(st.text(max_size=300), st.text(alphabet=ARABIC, max_size=200),
                 st.lists(WORDS, max_size=60).map(" ".join))


@pytest.fixture(scope="module")
def extractor():
    from sijill.extraction.pipeline import RuleExtractor

    return RuleExtractor()


@pytest.mark.django_db
def test_extraction_never_crashes_and_spans_point_into_the_text(extractor, tally):
    seen = {"n": 0}

    @given(text=TEXT, published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31))))
    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(text, published):
        seen["n"] += 1
        result = extractor.extract(text, published=published)
        for group in (result.places, result.dates, result.casualties):
            for item in group:
                span = item.get("span")
                if span:
                    assert 0 <= span[0] <= span[1] <= len(text)

    run()
    tally(inputs=seen["n"])


CSV_LIKE = st.lists(st.lists(st.one_of(st.text(max_size=20), st.text(alphabet=ARABIC, max_size=10)),
                             min_size=1, max_size=6), min_size=0, max_size=12)


@given(rows=CSV_LIKE, delimiter=st.sampled_from([",", ";", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256"]), suffix=st.sampled_from([".csv", ".tsv"]))
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_csv_reader_reads_or_refuses_clearly(tmp_path_factory, rows, delimiter, encoding, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    text = "\n".join(delimiter.join(cell.replace("\n", " ") for cell in row) for row in rows)
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        return
    try:
        info = inspect_file(path)
        for _ in read_rows(info):
            pass
    except FileProblem as exc:
        assert str(exc)  # a message a user can act on


@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx", ".json", ".txt"]))
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_random_bytes_under_any_import_name_are_refused_clearly(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"upload{suffix}"
    path.write_bytes(data)
    try:
        info = inspect_file(path)
        for _ in read_rows(info):
            pass
    except FileProblem as exc:
        assert str(exc)


# Found by the fuzzer: a .jsonl file that is not UTF-8 raised UnicodeDecodeError; fixed.
def test_jsonl_that_is_not_utf8_is_refused_clearly(tmp_path):
    path = tmp_path / "upload.jsonl"
    path.write_bytes(b"\x80\x81garbage{")
    with pytest.raises(FileProblem, match="line 1: not UTF-8"):
        list(read_rows(inspect_file(path)))


def test_fuzz_counts(tally):
    tally(inputs=120 + 150)
