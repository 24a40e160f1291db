"""`sijill eval extraction --fakes FILE --airwars-texts FILE --airwars-incidents FILE`: scores as JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sijill.extraction.evaluation import evaluate


class Command(BaseCommand):
    help = "Precision, recall and F1 per field of the report extractor on labelled datasets."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["extraction"])
        parser.add_argument("--fakes", help="FA-KES CSV (fakes_dev.csv shape)")
        parser.add_argument("--airwars-texts", help="Airwars source texts JSONL")
        parser.add_argument("--airwars-incidents", help="Airwars incidents CSV")
        parser.add_argument("--limit", type=int, help="read only the first N records of each dataset")

    def handle(self, *args, what, fakes, airwars_texts, airwars_incidents, limit, **options):
        if not fakes and not (airwars_texts and airwars_incidents):
            raise CommandError("Give --fakes, or --airwars-texts with --airwars-incidents.")
        if bool(airwars_texts) != bool(airwars_incidents):
            raise CommandError("--airwars-texts and --airwars-incidents go together.")
        for path in (fakes, airwars_texts, airwars_incidents):
            if path and not Path(path).is_file():
                raise CommandError(f"No such file: {path}")
        scores = evaluate(fakes=fakes, airwars_texts=airwars_texts, airwars_incidents=airwars_incidents, limit=limit)
        self.stdout.write(json.dumps(scores, indent=1))
