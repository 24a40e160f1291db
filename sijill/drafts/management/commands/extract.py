"""`sijill extract FILE [--published YYYY-MM-DD] [--lang auto|ar|en] [--model-endpoint URL --model NAME]`:
print the extraction as JSON. The rules alone read the report unless a model endpoint is given
(or set in SIJILL_MODEL_ENDPOINT); see `sijill.extraction.model`."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sijill.extraction import extract
from sijill.extraction.model import ModelError, ModelExtractor


class Command(BaseCommand):
    help = "Read a report (UTF-8 text file, or - for standard input) and print what it says as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--published", help="publication date YYYY-MM-DD, for relative dates")
        parser.add_argument("--lang", choices=["auto", "ar", "en"], default="auto")
        parser.add_argument("--model-endpoint", help="an OpenAI-compatible API base address, e.g. "
                            "http://127.0.0.1:8080/v1, whose model chooses among the items the rules read")
        parser.add_argument("--model", default=None, help="the model's name at --model-endpoint")

    def handle(self, *args, file, published, lang, model_endpoint=None, model=None, **options):
        try:
            when = date.fromisoformat(published) if published else None
        except ValueError as exc:
            raise CommandError(f"--published {published!r} is not a date; write YYYY-MM-DD.") from exc
        try:
            text = self.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            extractor = (ModelExtractor(model_endpoint, model=model or "local") if model_endpoint
                         else ModelExtractor.from_environment())
            if extractor is not None:
                extractor.strict = True  # asked for on the command line: a failure is an error here
            result = extract(text, published=when, lang=lang, extractor=extractor)
        except (ValueError, ModelError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
