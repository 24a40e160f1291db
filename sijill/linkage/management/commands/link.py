"""`sijill link persons|incidents|capture-histories`: run record linkage, export capture histories.

    sijill link persons [--backend duckdb|spark] [--threshold P]
    sijill link incidents [--threshold P]
    sijill link capture-histories [--place PCODE] [--from YYYY-MM --to YYYY-MM] [--by governorate,year] -o FILE.csv
"""

from __future__ import annotations

import calendar
import csv
import datetime
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sijill.errors import PermissionDenied
from sijill.linkage.services import BACKENDS, LinkageError, link_run

PLACE_LEVELS = {"governorate": 1, "district": 2, "subdistrict": 3, "community": 4}


def _month(text: str, *, end: bool) -> datetime.date:
    try:
        year, month = (int(x) for x in text.split("-")[:2])
        if end:
            return datetime.date(year, month, calendar.monthrange(year, month)[1])
        return datetime.date(year, month, 1)
    except (ValueError, TypeError) as exc:
        raise CommandError(f"{text!r} is not a month; write YYYY-MM") from exc


class Command(BaseCommand):
    help = "Link persons or incidents across sources (proposals for review), or export capture histories."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["persons", "incidents", "capture-histories"])
        parser.add_argument("--backend", choices=BACKENDS, default="duckdb", help="linkage engine (default duckdb)")
        parser.add_argument("--threshold", type=float, default=0.5,
                            help="match probability from which a pair goes to the review queue (default 0.5)")
        parser.add_argument("--user", help="link or export as this account (within its clearance); "
                                           "default: every record, as the system")
        parser.add_argument("--place", help="capture histories: only victims in this place (p-code) and below")
        parser.add_argument("--from", dest="date_from", help="capture histories: from this month (YYYY-MM)")
        parser.add_argument("--to", dest="date_to", help="capture histories: to this month (YYYY-MM)")
        parser.add_argument("--by", default="", help="capture histories: strata, comma-separated: "
                                                     "governorate, district, subdistrict, community and/or year")
        parser.add_argument("-o", "--output", help="capture histories: the CSV file to write (default: standard output)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        if options["what"] == "capture-histories":
            self._capture(user, options)
            return
        bars = {}

        def progress(stage, done, total):
            if options["no_progress"]:
                return
            from tqdm import tqdm

            bar = bars.get(stage)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[stage] = tqdm(total=total, desc=stage, unit="record" if stage != "store" else "pair",
                                         unit_scale=True, file=sys.stderr, dynamic_ncols=True)
            if total is not None and bar.total != total:
                bar.total = total
            bar.n = done
            bar.refresh()

        try:
            run = link_run(kind=options["what"], user=user, backend=options["backend"],
                           threshold=options["threshold"], progress=progress)
        except (LinkageError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for bar in bars.values():
                bar.close()
        timing = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in run.timing.items())
        self.stdout.write(
            f"Linkage run #{run.pk} ({run.kind}, {run.backend}): {run.records:,} records, {run.pair_count:,} pairs "
            f"to review at probability >= {run.threshold}, {run.cluster_count:,} proposed clusters, "
            f"{run.decisions_used:,} analysts' decisions applied ({timing}). Review them at /linkage/.")

    def _capture(self, user, options):
        from sijill.linkage.capture import capture_strata
        from sijill.places.models import Place

        place_path = None
        if options["place"]:
            place = Place.objects.filter(pcode=options["place"]).first()
            if place is None:
                raise CommandError(f"no place with p-code {options['place']!r}")
            place_path = place.path
        date_from = _month(options["date_from"], end=False) if options["date_from"] else None
        date_to = _month(options["date_to"], end=True) if options["date_to"] else None
        by = [b.strip() for b in options["by"].split(",") if b.strip()]
        unknown = set(by) - set(PLACE_LEVELS) - {"year"}
        if unknown:
            raise CommandError(f"unknown strata {', '.join(sorted(unknown))}; use {', '.join([*PLACE_LEVELS, 'year'])}")
        levels = [PLACE_LEVELS[b] for b in by if b in PLACE_LEVELS]
        if len(levels) > 1:
            raise CommandError("stratify by one place level at most")
        if user is None:
            from sijill.confidentiality import Confidentiality

            user = _System(Confidentiality.SECRET)
        names, strata = capture_strata(user, by_place_level=levels[0] if levels else None, by_year="year" in by,
                                       place_path=place_path, date_from=date_from, date_to=date_to)
        out = open(options["output"], "w", newline="", encoding="utf-8") if options["output"] else sys.stdout
        try:
            writer = csv.writer(out)
            head = (["place"] if levels else []) + (["year"] if "year" in by else [])
            writer.writerow([*head, *names, "count"])
            for (place, year), rows in strata.items():
                key = ([place] if levels else []) + ([year] if "year" in by else [])
                for pattern, count in rows:
                    writer.writerow([*key, *pattern, count])
        finally:
            if out is not sys.stdout:
                out.close()
        if options["output"]:
            total = sum(count for rows in strata.values() for _p, count in rows)
            self.stdout.write(f"{total:,} unique victims on {len(names)} lists ({', '.join(names)}) "
                              f"in {len(strata)} strata written to {options['output']}.")


class _System:
    """The command line without --user: reads every record, as the operator of the machine may."""

    is_authenticated = True
    is_active = True

    def __init__(self, clearance: int):
        self.clearance = clearance
