"""Whatever the table, a log-linear result is ordered: observed <= lower <= estimate <= upper."""

from hypothesis import given, settings
from hypothesis import strategies as st

from sijill.estimation import estimate

PATTERNS = [(1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0), (1, 0, 1), (0, 1, 1), (1, 1, 1)]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=400), min_size=7, max_size=7))
def test_three_list_results_are_ordered_or_refused(counts):
    rows = [(p, c) for p, c in zip(PATTERNS, counts, strict=True)]
    try:
        result = estimate(["A", "B", "C"], rows)
    except ValueError as error:  # malformed (an empty list) or no finite model: said, not crashed
        assert "list" in str(error) or "no log-linear model" in str(error) or "victims" in str(error)
        return
    assert result["observed"] == sum(counts)
    assert result["observed"] <= result["lower"] <= result["estimate"]
    assert result["upper"] is None or result["estimate"] <= result["upper"]
