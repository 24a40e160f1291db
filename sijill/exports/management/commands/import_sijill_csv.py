"""`sijill import_sijill_csv FILE --user NAME [--dry-run]`: file the incidents of a Sijill CSV export."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sijill.exports import sijill_csv


class Command(BaseCommand):
    help = ("Read back a Sijill CSV (sijill export --format csv): every incident with its acts, victims and "
            "perpetration claims is filed as a new record by --user; any problem in the file and nothing is written.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (one row per victim of each act)")
        parser.add_argument("--user", required=True, help="the account that files the records (its clearance bounds them)")
        parser.add_argument("--dry-run", action="store_true", help="check the whole file and write nothing")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        try:
            result = sijill_csv.read(user=user, path=options["file"], dry_run=options["dry_run"])
        except sijill_csv.CsvProblem as exc:
            raise CommandError(f"{options['file']}: nothing was imported.\n{exc}") from exc
        except OSError as exc:
            raise CommandError(f"{options['file']}: {exc.strerror or exc}") from exc
        verb = "Checked (dry run, nothing written)" if options["dry_run"] else "Imported"
        self.stdout.write(f"{verb}: {result.incidents} incidents, {result.acts} acts, {result.victims} victims, "
                          f"{result.claims} perpetration claims.")
        if result.to_review:
            self.stdout.write(f"{len(result.to_review)} incidents were verified or rejected in the file; that is decided "
                              "here through review, so they are filed as under review:")
            for key, status, new in result.to_review:
                self.stdout.write(f"  {key} ({status}) -> {'incident ' + str(new) if not options['dry_run'] else 'checked'}")
