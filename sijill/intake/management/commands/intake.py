"""`sijill intake xlsform -o FILE.xlsx`: write the field incident report XLSForm and its CSV."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sijill.intake.xlsform import DATA_DIR, xlsform_write


class Command(BaseCommand):
    help = "Intake tools. xlsform: write the Sijill field incident report XLSForm (and communities.csv beside it)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["xlsform"])
        parser.add_argument("-o", "--output", default=str(DATA_DIR / "sijill_incident.xlsx"),
                            help="where to write the form (default: the copy shipped in sijill/intake/data/)")

    def handle(self, *args, **options):
        try:
            form, communities = xlsform_write(options["output"])
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Wrote {form} and {communities}; upload both to KoboToolbox or ODK Central.")
