"""Log-linear estimates against values computed by hand: Lincoln-Petersen, an exact independence
table, and a table where an interaction has no finite estimate."""

import math

import pytest

from sijill.estimation import estimate
from sijill.estimation.loglinear import design_matrix, estimable, fit_model, profile_interval
from sijill.estimation.table import from_rows

# Two lists: 60 only on A, 40 only on B, 20 on both.
TWO_LISTS = [((1, 0), 60), ((0, 1), 40), ((1, 1), 20)]


def lincoln_petersen_loglik(total: int, n_a=80, n_b=60, n=120) -> float:
    """Multinomial log-likelihood of N under independence, capture probabilities at their MLE."""
    p_a, p_b = n_a / total, n_b / total
    return (math.lgamma(total + 1) - math.lgamma(total - n + 1)
            + n_a * math.log(p_a) + (total - n_a) * math.log(1 - p_a)
            + n_b * math.log(p_b) + (total - n_b) * math.log(1 - p_b))


def test_two_lists_give_the_lincoln_petersen_estimate():
    result = estimate(["A", "B"], TWO_LISTS)
    assert result["estimate"] == 80 * 60 / 20 == 240
    assert result["observed"] == 120 and result["unobserved"] == 120
    assert result["model"] == ["A", "B"]


def test_two_list_profile_interval_matches_the_closed_form_likelihood():
    table = from_rows(["A", "B"], TWO_LISTS)
    lower, upper = profile_interval(table, fit_model(table, ()))
    totals = range(120, 2000)
    best = max(lincoln_petersen_loglik(t) for t in totals)
    inside = [t for t in totals if best - lincoln_petersen_loglik(t) <= 3.841459 / 2]
    assert inside[0] - 1 < lower <= inside[0]
    assert inside[-1] <= upper < inside[-1] + 1


def test_three_lists_following_independence_exactly_give_the_true_total():
    # N = 1000, capture probabilities 0.5, 0.4, 0.2: every observed cell is its expectation,
    # so the independence model fits perfectly and puts 240 in the unobserved cell.
    rows = [((1, 0, 0), 240), ((0, 1, 0), 160), ((0, 0, 1), 60), ((1, 1, 0), 160),
            ((1, 0, 1), 60), ((0, 1, 1), 40), ((1, 1, 1), 40)]
    table = from_rows(["A", "B", "C"], rows)
    assert fit_model(table, ()).unobserved == pytest.approx(240, rel=1e-9)
    result = estimate(["A", "B", "C"], rows)
    assert result["model"] == ["A", "B", "C"] and result["estimate"] == 1000
    assert result["lower"] < 1000 < result["upper"]


def test_an_interaction_between_lists_that_never_overlap_has_no_finite_estimate():
    rows = [((1, 0, 0), 30), ((0, 1, 0), 25), ((0, 0, 1), 40), ((1, 0, 1), 6), ((0, 1, 1), 5)]
    table = from_rows(["A", "B", "C"], rows)
    x = design_matrix(table.patterns, [(0, 1)])
    assert not estimable(x, table.counts.astype(float))
    assert fit_model(table, [(0, 1)]) is None
    assert fit_model(table, [(0, 2)]) is not None
    assert "A:B" not in estimate(["A", "B", "C"], rows)["model"]


def test_a_model_with_more_parameters_than_cells_is_not_identifiable():
    table = from_rows(["A", "B"], TWO_LISTS)
    assert fit_model(table, [(0, 1)]) is None


def test_unknown_method_and_option_are_refused():
    with pytest.raises(ValueError, match="unknown method"):
        estimate(["A", "B"], TWO_LISTS, method="petersen")
    with pytest.raises(ValueError, match="seed"):
        estimate(["A", "B"], TWO_LISTS, seed=3)


def test_lcmcr_with_one_class_is_the_independence_model():
    rows = [((1, 0, 0), 240), ((0, 1, 0), 160), ((0, 0, 1), 60), ((1, 1, 0), 160),
            ((1, 0, 1), 60), ((0, 1, 1), 40), ((1, 1, 1), 40)]
    result = estimate(["A", "B", "C"], rows, method="lcmcr", classes=1, seed=5, burn_in=300,
                      samples=2000, thin=1)
    assert 980 <= result["estimate"] <= 1020  # N = 1000; seeds 1-6 give medians 998-1001, intervals about 950-1060
    assert result["lower"] < 1000 < result["upper"]
