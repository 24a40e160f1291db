"""`sijill estimate` prints the estimate as JSON and refuses bad tables with the row and column;
every estimate carries a plain-language caveat in English and Arabic."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from sijill.estimation import build_caveat, estimate

KEYS = {"estimate", "lower", "upper", "method", "observed", "model", "interval_level",
        "interval_method", "caveat"}


def run(*args) -> dict:
    out = io.StringIO()
    call_command("estimate", *args, stdout=out)
    return json.loads(out.getvalue())


def write(tmp_path, text):
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_command_prints_loglinear_estimate_as_json(tmp_path):
    result = run("--table", write(tmp_path, "A,B,count\n1,0,60\n0,1,40\n1,1,20\n"))
    assert set(result) >= KEYS
    assert (result["estimate"], result["method"], result["observed"]) == (240, "loglinear", 120)
    assert result["lower"] < 240 < result["upper"]


def test_command_runs_lcmcr_with_seed_and_samples(tmp_path):
    path = write(tmp_path, "A,B,C,n\n1,0,0,240\n0,1,0,160\n0,0,1,60\n1,1,0,160\n1,0,1,60\n0,1,1,40\n1,1,1,40\n")
    args = ("--table", path, "--method", "lcmcr", "--seed", "3", "--samples", "200", "--burn-in", "300")
    result = run(*args)
    assert result["method"] == "lcmcr" and result["sampler"]["draws"] == 200
    assert result["lower"] <= result["estimate"] <= result["upper"]
    assert 800 < result["estimate"] < 1300  # the table follows independence with N = 1000
    assert run(*args) == result


def test_command_names_row_and_column_of_a_bad_value(tmp_path):
    path = write(tmp_path, "A,B,count\n1,0,5\n0,1,x\n")
    with pytest.raises(CommandError, match="Row 3, column count: 'x' is not a whole number"):
        run("--table", path)


def test_command_error_in_arabic(tmp_path):
    path = write(tmp_path, "A,B,count\n1,0,5\n0,7,2\n")
    with translation.override("ar"), pytest.raises(CommandError) as caught:
        run("--table", path)
    assert "3" in str(caught.value) and "B" in str(caught.value)
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(caught.value))


def test_command_refuses_a_missing_file_and_a_table_without_overlap(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("--table", str(tmp_path / "absent.csv"))
    with pytest.raises(CommandError, match="No log-linear model"):
        run("--table", write(tmp_path, "A,B,count\n1,0,5\n0,1,7\n"))


def test_caveat_is_in_both_languages_and_states_the_figures():
    result = estimate(["A", "B"], [((1, 0), 60), ((0, 1), 40), ((1, 1), 20)])
    caveat = result["caveat"]
    assert "240" in caveat["en"] and "120" in caveat["en"] and "not a count" in caveat["en"]
    assert "240" in caveat["ar"] and "تقدير" in caveat["ar"]
    assert "two lists" in caveat["en"]  # the independence warning for two lists


def test_caveat_warns_when_the_data_cannot_bound_the_total():
    result = {"observed": 100, "estimate": 900, "lower": 300, "upper": None, "method": "loglinear",
              "lists": ["A", "B", "C"], "cells": 7, "zero_cells": 5}
    caveat = build_caveat(result)
    assert "no upper end" in caveat["en"] and "sparse" in caveat["en"]
    assert "لا حدّ أعلى" in caveat["ar"]


def test_caveat_warns_when_lcmcr_chains_disagree():
    result = {"observed": 100, "estimate": 150, "lower": 120, "upper": 200, "method": "lcmcr",
              "lists": ["A", "B", "C"], "sampler": {"rhat": 1.4}}
    assert "R-hat 1.4" in build_caveat(result)["en"]


def test_sampler_options_are_refused_for_loglinear(tmp_path):
    with pytest.raises(CommandError, match="--seed apply to --method lcmcr only"):
        run("--table", write(tmp_path, "A,B,count\n1,0,60\n0,1,40\n1,1,20\n"), "--seed", "3")


def test_explain_gives_estimation_errors_in_arabic():
    from sijill.estimation.loglinear import EstimationError
    from sijill.estimation.messages import explain
    from sijill.estimation.table import TableError

    with translation.override("ar"):
        no_model = explain(EstimationError("no log-linear model"))
        bad_bit = explain(TableError("x", code="not_binary", row=4, column="vdc", value="2"))
    assert "LCMCR" in no_model and any("\u0600" <= ch <= "\u06ff" for ch in no_model)
    assert bad_bit.startswith("الصف 4، العمود vdc")
