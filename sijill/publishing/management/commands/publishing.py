"""`sijill publishing load-report FILE ...`: enter published reports from text files."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sijill.errors import NotFound, PermissionDenied
from sijill.publishing.loading import report_load
from sijill.reports.models import Report


def _user(name: str | None):
    name = name or os.environ.get("SIJILL_USER")
    if not name:
        raise CommandError("Say who is acting: --user NAME (or set SIJILL_USER).")
    user = get_user_model().objects.filter(username=name, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {name!r}.")
    return user


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(getattr(exc, "messages", [str(exc)]))


class Command(BaseCommand):
    help = "Publishing: enter reports from text files, with their authors, actors and places."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-report", help="enter one report per text file")
        load.add_argument("files", nargs="+", metavar="FILE")
        load.add_argument("--user", help="the account the report is entered as (or SIJILL_USER)")
        load.add_argument("--title", default="", help="the title (default: the start of the first sentence)")
        load.add_argument("--language", choices=["auto", "en", "ar"], default="auto")
        load.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
        load.add_argument("--publish", action="store_true",
                          help="send through review and publish (needs a coordinator or admin)")
        load.add_argument("--at", help="publication time YYYY-MM-DDTHH:MM (UTC); in the future = scheduled")
        load.add_argument("--translation-of", metavar="SLUG", help="link as the translation of this report")

    def handle(self, *args, action: str, **options):
        user = _user(options["user"])
        at = None
        if options["at"]:
            try:
                at = timezone.make_aware(datetime.fromisoformat(options["at"]), timezone.utc)
            except ValueError:
                raise CommandError(f"--at {options['at']!r}: write it as YYYY-MM-DDTHH:MM") from None
        other = None
        if options["translation_of"]:
            other = Report.objects.filter(slug=options["translation_of"], deleted_at__isnull=True).first()
            if other is None:
                raise CommandError(f"--translation-of {options['translation_of']!r}: no such report")
        for name in options["files"]:
            path = Path(name)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"{path}: cannot read it as UTF-8 text ({exc})") from None
            try:
                report = report_load(user=user, text=text, title=options["title"] if len(options["files"]) == 1 else "",
                                     language=options["language"], tags=options["tag"], publish=options["publish"],
                                     published_at=at, translation_of=other)
            except (ValidationError, PermissionDenied, NotFound) as exc:
                raise CommandError(f"{path}: {_message(exc)}") from None
            self.stdout.write(
                f"{path}: report {report.pk} /{report.slug}/ ({report.get_status_display()}); "
                f"authors: {', '.join(a.name for a in report.authors.all()) or '-'}; "
                f"actors: {', '.join(report.actors.values_list('slug', flat=True)) or '-'}; "
                f"places: {', '.join(report.places.values_list('pcode', flat=True)) or '-'}"
            )
