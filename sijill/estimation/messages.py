"""Estimation errors in the user's language, for the command line and the analysis pages.

The statistics modules raise plain-English errors with a `code` (no Django there); this is the
one place that turns them into translated messages.
"""

from django.utils.translation import gettext as _


def explain(error: ValueError) -> str:
    """An estimation error in the user's language: a TableError naming its row and column, an
    EstimationError (no model can be fitted), or any other ValueError as it reads."""
    from sijill.estimation.loglinear import EstimationError
    from sijill.estimation.table import TableError

    if isinstance(error, EstimationError):
        return _("No log-linear model has a finite, identifiable estimate on these data: the lists "
                 "overlap too little. Combine lists or strata, or use the latent-class method (LCMCR).")
    if not isinstance(error, TableError):
        return str(error)
    problems = {
        "empty": _("the table is empty: expected a header of list names and a count column"),
        "header": _("a column of the header has no name"),
        "no_count": _("no count column: name it 'count' or put it last"),
        "few_lists": _("at least two lists that document someone are needed to estimate anything"),
        "many_lists": _("too many lists"),
        "duplicate_list": _("the list name appears twice"),
        "width": _("the row does not have one value per column of the header"),
        "not_binary": _("%(value)r is not 0 or 1") % {"value": error.value},
        "bad_count": _("%(value)r is not a whole number of zero or more") % {"value": error.value},
        "all_zero": _("the pattern with no list (the undocumented) cannot be observed; remove the row"),
        "duplicate": _("the row repeats the capture pattern of an earlier row"),
        "no_counts": _("no documented victims: every count is zero or the table has no rows"),
        "encoding": _("the file is not UTF-8 text"),
    }
    problem = problems.get(error.code, str(error))
    if error.row is not None and error.column is not None:
        return _("Row %(row)s, column %(column)s: %(problem)s") % {
            "row": error.row, "column": error.column, "problem": problem}
    if error.row is not None:
        return _("Row %(row)s: %(problem)s") % {"row": error.row, "problem": problem}
    if error.column is not None:
        return _("Column %(column)s: %(problem)s") % {"column": error.column, "problem": problem}
    return problem
