"""`sijill gazetteer load` and `sijill gazetteer resolve NAME`: the built-in gazetteer from the CLI."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from sijill.places import resolver
from sijill.places.services import gazetteer_load


class Command(BaseCommand):
    help = "Load the built-in gazetteer of Syria and Iraq, or look up a place name in it."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        load = actions.add_parser("load", help="create or update the places of the built-in gazetteer")
        load.add_argument(
            "--replace", action="store_true",
            help="let the packaged alternate names overwrite names users added to a place",
        )
        find = actions.add_parser("resolve", help="show the places a name may refer to, best first")
        find.add_argument("name", help='a place name in Arabic or Latin script, e.g. "الرقة" or "Raqqa"')
        find.add_argument("--country", choices=["SY", "IQ"], help="only places in this country")
        find.add_argument("--within", metavar="PCODE", help="only places in (or equal to) this place")
        find.add_argument("--limit", type=int, default=5, help="at most this many places (default 5)")

    def handle(self, *args, action: str, **options):
        if action == "load":
            self._load(replace=options["replace"])
        else:
            self._resolve(options["name"], country=options["country"], within=options["within"],
                          limit=options["limit"])

    def _load(self, *, replace: bool) -> None:
        started = time.perf_counter()
        counts = gazetteer_load(replace=replace)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"gazetteer: {counts['total']:,} places in the package; {counts['created']:,} created, "
            f"{counts['updated']:,} updated, {counts['unchanged']:,} unchanged ({seconds:.1f} s)"
        )

    def _resolve(self, name: str, *, country: str | None, within: str | None, limit: int) -> None:
        if within and resolver.get(within) is None:
            raise CommandError(f"--within {within}: no place has this p-code in the gazetteer")
        matches = resolver.resolve(name, country=country, within=within, limit=limit)
        if not matches:
            self.stdout.write(f"no place found for {name!r}")
            return
        header = ("score", "pcode", "level", "name_en", "name_ar", "governorate", "matched name")
        rows = [
            (f"{m.score:.2f}", m.pcode, str(m.level), m.name_en, m.name_ar, m.governorate_pcode or "",
             m.matched_name)
            for m in matches
        ]
        widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
        for row in (header, *rows):
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
