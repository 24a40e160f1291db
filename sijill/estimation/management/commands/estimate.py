"""`sijill estimate --table FILE.csv [--method loglinear|lcmcr]`: total victims with an interval, as JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sijill.estimation.lcmcr import DEFAULTS as LCMCR_DEFAULTS


def table_problem(error) -> str:
    """A TableError in the user's language, naming the row and column it is about."""
    problems = {
        "empty": _("the table is empty: expected a header of list names and a count column"),
        "header": _("a column of the header has no name"),
        "no_count": _("no count column: name it 'count' or put it last"),
        "few_lists": _("at least two lists are needed to estimate anything"),
        "many_lists": _("too many lists"),
        "duplicate_list": _("the list name appears twice"),
        "width": _("the row does not have one value per column of the header"),
        "not_binary": _("%(value)r is not 0 or 1") % {"value": error.value},
        "bad_count": _("%(value)r is not a whole number of zero or more") % {"value": error.value},
        "all_zero": _("the pattern with no list (the undocumented) cannot be observed; remove the row"),
        "duplicate": _("the row repeats the capture pattern of an earlier row"),
        "no_counts": _("no documented victims: every count is zero or the table has no rows"),
        "empty_list": _("this list documents nobody; drop it"),
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


class Command(BaseCommand):
    help = ("Estimate the total number of victims, documented and undocumented, from a capture-pattern "
            "table (multiple systems estimation).")

    def add_arguments(self, parser):
        parser.add_argument("--table", required=True,
                            help="CSV: one 0/1 column per list and a count column (or the count last)")
        parser.add_argument("--method", choices=["loglinear", "lcmcr"], default="loglinear")
        parser.add_argument("--criterion", choices=["aic", "bic"], default="aic",
                            help="log-linear model selection (default aic)")
        parser.add_argument("--max-order", type=int,
                            help="log-linear: highest interaction order (default 3 for up to 4 lists, else 2)")
        parser.add_argument("--level", type=float, default=0.95, help="interval level (default 0.95)")
        parser.add_argument("--seed", type=int, help="lcmcr: random seed, for a reproducible run")
        parser.add_argument("--samples", type=int,
                            help=f"lcmcr: posterior draws kept (default {LCMCR_DEFAULTS['samples']:,})")
        parser.add_argument("--burn-in", type=int,
                            help=f"lcmcr: iterations discarded per chain (default {LCMCR_DEFAULTS['burn_in']:,})")
        parser.add_argument("--classes", type=int,
                            help=f"lcmcr: latent classes K (default {LCMCR_DEFAULTS['classes']})")

    def handle(self, *args, table, method, criterion, max_order, level, seed, samples, burn_in,
               classes, **options):
        from sijill.estimation.population import estimate_table
        from sijill.estimation.table import TableError, read_table

        if not Path(table).is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": table})
        try:
            capture_table = read_table(table)
        except TableError as error:
            raise CommandError(f"{table}: {table_problem(error)}") from None
        if method == "loglinear":
            settings = {"criterion": criterion, "max_order": max_order}
        else:
            for name, value in (("--samples", samples), ("--burn-in", burn_in), ("--classes", classes)):
                if value is not None and value < (0 if name == "--burn-in" else 1):
                    raise CommandError(_("%(option)s must be a positive number.") % {"option": name})
            settings = {"seed": seed, "samples": samples, "burn_in": burn_in, "classes": classes}
        try:
            result = estimate_table(capture_table, method=method, level=level, **settings)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(result, indent=1, ensure_ascii=False))
