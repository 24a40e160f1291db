"""`sijill export --format FORMAT [--public] [--user NAME] -o FILE`: incidents in a standard format."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sijill.errors import PermissionDenied
from sijill.exports.formats import FORMATS
from sijill.exports.services import ExportProblem, export_to_file, export_write


class Command(BaseCommand):
    help = ("Export incidents as CSV, JSON, GeoJSON, HXL, ACLED, UCDP GED, HURIDOCS ESF or Uwazi CSV: "
            "what --user may see, or with --public only what is published (redacted).")

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=list(FORMATS), help="the export format")
        parser.add_argument("--public", action="store_true",
                            help="only published incidents, redacted as on the public portal")
        parser.add_argument("--user", help="the account whose clearance decides what is exported (not with --public)")
        parser.add_argument("-o", "--output", required=True, help="the file to write ('-' for standard output)")
        parser.add_argument("--no-bom", action="store_true", help="CSV without the UTF-8 byte-order mark")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {options['user']!r}")
        elif not options["public"]:
            raise CommandError("give --user USERNAME (whose clearance decides what is exported) or --public")
        kwargs = dict(user=user, format=options["format"], public=options["public"], bom=not options["no_bom"])
        try:
            if options["output"] == "-":
                count = export_write(stream=sys.stdout.buffer, **kwargs)
            else:
                count = export_to_file(path=options["output"], **kwargs)
        except (ExportProblem, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        if options["output"] != "-":
            what = "published" if options["public"] else f"visible to {user.username}"
            self.stdout.write(f"Exported {count} incidents ({what}) as {options['format']} to {options['output']}.")
