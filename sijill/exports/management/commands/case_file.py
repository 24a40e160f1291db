"""`sijill case_file incident ID|actor SLUG|place PCODE [--from D --to D] --user NAME [--lang ar] -o FILE`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sijill.errors import NotFound, PermissionDenied
from sijill.exports import case_files


class Command(BaseCommand):
    help = "Write a case file (PDF, or HTML when FILE ends in .html) for an incident, an actor or a place and period."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["incident", "actor", "place"])
        parser.add_argument("subject", help="incident number, actor slug or place p-code")
        parser.add_argument("--user", help="whose clearance decides what the file holds")
        parser.add_argument("--public", action="store_true", help="incident only: the published, redacted record")
        parser.add_argument("--from", dest="date_from", type=date.fromisoformat, help="place: first day (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", type=date.fromisoformat, help="place: last day (YYYY-MM-DD)")
        parser.add_argument("--lang", choices=["ar", "en"], default="ar")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {options['user']!r}")
        elif not (options["public"] and options["kind"] == "incident"):
            raise CommandError("give --user USERNAME (or --public for an incident)")
        kind, subject = options["kind"], options["subject"]
        try:
            if kind == "incident":
                case = case_files.incident_case_file(user=user, incident_id=subject, public=options["public"])
            elif kind == "actor":
                case = case_files.actor_case_file(user=user, actor=subject)
            else:
                case = case_files.place_case_file(user=user, pcode=subject, date_from=options["date_from"],
                                                  date_to=options["date_to"])
        except (NotFound, PermissionDenied, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        out = Path(options["output"])
        if out.suffix.lower() in (".html", ".htm"):
            out.write_text(case_files.render_html(case, options["lang"], standalone=True), encoding="utf-8")
        else:
            out.write_bytes(case_files.render_pdf(case, options["lang"]))
        self.stdout.write(f"Case file ({kind} {subject}, {len(case.records)} incidents) written to {out}.")
