"""`sijill eval extraction ...` and `sijill eval linkage --dataset NAME`: scores as JSON."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sijill.extraction.evaluation import evaluate


class Command(BaseCommand):
    help = (
        "Precision, recall and F1 per field of the report extractor on labelled datasets; "
        "or of record linkage against plain Splink (sijill eval linkage --dataset NAME)."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["extraction", "linkage"])
        parser.add_argument("--fakes", help="FA-KES CSV (fakes_dev.csv shape)")
        parser.add_argument("--airwars-texts", help="Airwars source texts JSONL")
        parser.add_argument("--airwars-incidents", help="Airwars incidents CSV")
        parser.add_argument("--limit", type=int, help="read only the first N records of each dataset")
        parser.add_argument("--today", help="extraction: the day the texts are read, YYYY-MM-DD (default: today); "
                                            "a weekday's day and month with no year is the last one before it")
        parser.add_argument("--dataset", help="linkage: febrl4, fake_1000, historical_50k, airwars-vdc, "
                                              "arabic-synthetic (persons); airwars-reports (incidents)")
        parser.add_argument("--links", help="linkage, airwars-vdc: labelled links CSV")
        parser.add_argument("--data", help="linkage: the shared data folder (default ../shared/data)")
        parser.add_argument("--cluster-threshold", type=float, default=0.5,
                            help="linkage, persons: the match probability at which pairs join a cluster "
                                 "(default 0.5, as the accuracy targets are measured; the app clusters at 0.9)")

    def handle(self, *args, what, fakes, airwars_texts, airwars_incidents, limit, today=None, **options):
        if what == "linkage":
            return self._linkage(options)
        if not fakes and not (airwars_texts and airwars_incidents):
            raise CommandError("Give --fakes, or --airwars-texts with --airwars-incidents.")
        if bool(airwars_texts) != bool(airwars_incidents):
            raise CommandError("--airwars-texts and --airwars-incidents go together.")
        for path in (fakes, airwars_texts, airwars_incidents):
            if path and not Path(path).is_file():
                raise CommandError(f"No such file: {path}")
        try:
            read_on = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"--today {today!r} is not a date; write YYYY-MM-DD.") from None
        scores = evaluate(fakes=fakes, airwars_texts=airwars_texts, airwars_incidents=airwars_incidents, limit=limit,
                          today=read_on)
        self.stdout.write(json.dumps(scores, indent=1))

    def _linkage(self, options):
        from sijill.linkage.engine.evaluation import DATASETS
        from sijill.linkage.engine.evaluation import evaluate as evaluate_linkage
        from sijill.linkage.engine.incident_evaluation import INCIDENT_DATASETS, evaluate_incidents
        from sijill.linkage.engine.records import LinkageInputError

        dataset = options.get("dataset")
        if dataset not in DATASETS + INCIDENT_DATASETS:
            raise CommandError(f"Give --dataset, one of: {', '.join(DATASETS + INCIDENT_DATASETS)}.")
        links = options.get("links")
        if links and not Path(links).is_file():
            raise CommandError(f"No such file: {links}")
        try:
            if dataset in INCIDENT_DATASETS:
                scores = evaluate_incidents(dataset, data=options.get("data"), limit=options.get("limit"))
            else:
                threshold = options.get("cluster_threshold")
                if threshold is None or not 0 < threshold < 1:
                    raise CommandError(f"--cluster-threshold is a match probability between 0 and 1, not {threshold}.")
                scores = evaluate_linkage(dataset, data=options.get("data"), links=links, cluster_threshold=threshold)
        except (LinkageInputError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(scores, indent=1))
