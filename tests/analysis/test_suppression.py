import pytest
from django.test import override_settings

from sijill.analysis.suppression import is_suppressed, suppress


def test_counts_under_k_are_shown_as_less_than_k():
    assert suppress(1, 5) == "<5"
    assert suppress(4, 5) == "<5"
    assert suppress(5, 5) == 5
    assert suppress(120, 5) == 120


def test_zero_and_missing_counts_are_not_hidden():
    assert suppress(0, 5) == 0
    assert suppress(None, 5) is None
    assert not is_suppressed(0, 5)


def test_k_comes_from_the_admin_setting_by_default():
    with override_settings(SIJILL_SUPPRESSION_K=10):
        assert suppress(9) == "<10"
        assert suppress(10) == 10
    with override_settings(SIJILL_SUPPRESSION_K=3):
        assert suppress(2) == "<3"
        assert is_suppressed(2)
        assert not is_suppressed(3)


def test_a_threshold_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        suppress(3, 0)
