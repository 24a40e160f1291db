"""sijill analysis_refresh [--clearance N]: rebuild the fact table and compute the stored dashboard now."""

from django.core.management.base import BaseCommand, CommandError

from sijill.confidentiality import Confidentiality


class Command(BaseCommand):
    help = ("Rebuild the analysis fact table (filtered figures) and compute the dashboard's stored figures "
            "for every clearance level (or one).")

    def add_arguments(self, parser):
        parser.add_argument("--clearance", type=int, choices=Confidentiality.values)

    def handle(self, *args, clearance=None, **options):
        from sijill.analysis.facts import rebuild
        from sijill.analysis.summaries import refresh

        levels = [clearance] if clearance is not None else list(Confidentiality.values)
        try:
            marker = rebuild()
        except Exception as exc:
            raise CommandError(f"fact table: {exc}") from exc
        self.stdout.write(f"fact table: {marker.data['rows']} rows, built in {marker.seconds:.1f} s")
        try:
            for level in levels:
                summary = refresh(level)
                self.stdout.write(f"clearance {level}: {summary.data['total']['incidents']} incidents, "
                                  f"computed in {summary.seconds:.1f} s")
        except Exception as exc:  # a database error names the table; say which level failed
            raise CommandError(f"clearance {level}: {exc}") from exc
