"""sijill analysis_refresh [--clearance N]: compute the stored dashboard figures now."""

from django.core.management.base import BaseCommand, CommandError

from sijill.confidentiality import Confidentiality


class Command(BaseCommand):
    help = "Compute the analysis dashboard's stored figures for every clearance level (or one)."

    def add_arguments(self, parser):
        parser.add_argument("--clearance", type=int, choices=Confidentiality.values)

    def handle(self, *args, clearance=None, **options):
        from sijill.analysis.summaries import refresh

        levels = [clearance] if clearance is not None else list(Confidentiality.values)
        try:
            for level in levels:
                summary = refresh(level)
                self.stdout.write(f"clearance {level}: {summary.data['total']['incidents']} incidents, "
                                  f"computed in {summary.seconds:.1f} s")
        except Exception as exc:  # a database error names the table; say which level failed
            raise CommandError(f"clearance {level}: {exc}") from exc
