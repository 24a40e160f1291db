"""`sijill extract FILE [--published YYYY-MM-DD] [--lang auto|ar|en]`: print the extraction as JSON."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sijill.extraction import extract


class Command(BaseCommand):
    help = "Read a report (UTF-8 text file, or - for standard input) and print what it says as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--published", help="publication date YYYY-MM-DD, for relative dates")
        parser.add_argument("--lang", choices=["auto", "ar", "en"], default="auto")

    def handle(self, *args, file, published, lang, **options):
        try:
            when = date.fromisoformat(published) if published else None
        except ValueError as exc:
            raise CommandError(f"--published {published!r} is not a date; write YYYY-MM-DD.") from exc
        try:
            text = self.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            result = extract(text, published=when, lang=lang)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
