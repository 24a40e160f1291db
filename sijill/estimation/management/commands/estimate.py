"""`sijill estimate`: total victims, documented and undocumented, with an interval, as JSON.

    sijill estimate --table FILE.csv [--method loglinear|lcmcr] [--seed N] [--samples N]
    sijill estimate --from-linkage [--user NAME] [--place PCODE] [--from YYYY-MM --to YYYY-MM]
                    [--by governorate,year] [--method ...]

--from-linkage takes the capture histories of the record's unique victims exactly as
`sijill link capture-histories` exports them (same user, place, period and strata options) and
estimates each stratum.
"""

import csv
import io
import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sijill.estimation.lcmcr import DEFAULTS as LCMCR_DEFAULTS
from sijill.estimation.messages import explain


class Command(BaseCommand):
    help = ("Estimate the total number of victims, documented and undocumented, from a capture-pattern "
            "table (multiple systems estimation).")

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--table",
                            help="CSV: one 0/1 column per list and a count column (or the count last)")
        source.add_argument("--from-linkage", action="store_true",
                            help="the unique victims' capture histories from record linkage")
        parser.add_argument("--user", help="--from-linkage: count as this account (within its clearance)")
        parser.add_argument("--place", help="--from-linkage: only victims in this place (p-code) and below")
        parser.add_argument("--from", dest="date_from", help="--from-linkage: from this month (YYYY-MM)")
        parser.add_argument("--to", dest="date_to", help="--from-linkage: to this month (YYYY-MM)")
        parser.add_argument("--by", default="",
                            help="--from-linkage: estimate per stratum, e.g. governorate,year")
        parser.add_argument("--method", choices=["loglinear", "lcmcr"], default="loglinear")
        parser.add_argument("--criterion", choices=["bic", "aic", "pvalue"], default="bic",
                            help="log-linear model selection: bic (default, as Rcapture; n = documented "
                                 "victims), aic, or pvalue (SparseMSE's stepwise)")
        parser.add_argument("--max-order", type=int,
                            help="log-linear: most lists in one interaction (default: all but one for up "
                                 "to four lists, 2 beyond)")
        parser.add_argument("--level", type=float, default=0.95, help="interval level (default 0.95)")
        parser.add_argument("--seed", type=int, help="lcmcr: random seed, for a reproducible run")
        parser.add_argument("--samples", type=int,
                            help=f"lcmcr: posterior draws kept (default {LCMCR_DEFAULTS['samples']:,})")
        parser.add_argument("--burn-in", type=int,
                            help=f"lcmcr: iterations discarded per chain (default {LCMCR_DEFAULTS['burn_in']:,})")
        parser.add_argument("--classes", type=int,
                            help=f"lcmcr: latent classes K (default {LCMCR_DEFAULTS['classes']})")

    def handle(self, *args, table, from_linkage, method, criterion, max_order, level, seed, samples,
               burn_in, classes, **options):
        from sijill.estimation.population import estimate_table
        from sijill.estimation.table import TableError, from_rows, read_table

        if method == "loglinear":
            given = [flag for flag, value in (("--seed", seed), ("--samples", samples),
                                              ("--burn-in", burn_in), ("--classes", classes)) if value is not None]
            if given:
                raise CommandError(_("%(options)s apply to --method lcmcr only.") % {"options": ", ".join(given)})
            settings = {"criterion": criterion, "max_order": max_order}
        else:
            for name, value in (("--samples", samples), ("--burn-in", burn_in), ("--classes", classes)):
                if value is not None and value < (0 if name == "--burn-in" else 1):
                    raise CommandError(_("%(option)s must be a positive number.") % {"option": name})
            settings = {"seed": seed, "samples": samples, "burn_in": burn_in, "classes": classes}

        def run(capture_table) -> dict:
            try:
                return estimate_table(capture_table, method=method, level=level, **settings)
            except ValueError as error:
                raise CommandError(explain(error)) from None

        if from_linkage:
            header, records = self._linkage_histories(options)
            strata_columns = [name for name in header if name in ("place", "year")]
            lists = header[len(strata_columns):-1]
            groups: dict[tuple, list] = {}
            for record in records:
                key = tuple(record[:len(strata_columns)])
                pattern = tuple(record[len(strata_columns):-1])
                groups.setdefault(key, []).append((pattern, record[-1]))
            results = []
            for key, rows in groups.items():
                stratum = dict(zip(strata_columns, key, strict=True))
                try:
                    results.append({**stratum, **run(from_rows(lists, rows))})
                except (TableError, CommandError) as error:
                    problem = explain(error) if isinstance(error, TableError) else str(error)
                    results.append({**stratum, "error": problem})
            if not results:
                raise CommandError(_("No documented victims match these options."))
            output = results if strata_columns else results[0]
            if not strata_columns and "error" in output:
                raise CommandError(output["error"])
        else:
            if not Path(table).is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": table})
            try:
                capture_table = read_table(table)
            except TableError as error:
                raise CommandError(f"{table}: {explain(error)}") from None
            output = run(capture_table)
        self.stdout.write(json.dumps(output, indent=1, ensure_ascii=False))

    def _linkage_histories(self, options) -> tuple[list[str], list[list[str]]]:
        """The CSV `sijill link capture-histories` writes for these options, read back."""
        from django.core.management import call_command

        arguments = ["link", "capture-histories"]
        for name, flag in (("user", "--user"), ("place", "--place"), ("date_from", "--from"),
                           ("date_to", "--to"), ("by", "--by")):
            if options.get(name):
                arguments += [flag, options[name]]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "histories.csv"
            call_command(*arguments, "-o", str(path), stdout=io.StringIO())
            with open(path, newline="", encoding="utf-8") as handle:
                rows = list(csv.reader(handle))
        return rows[0], rows[1:]
