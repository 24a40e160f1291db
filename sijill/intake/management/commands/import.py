"""`sijill import FILE --mapping NAME`: import a spreadsheet, CSV, JSON Lines or form export."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sijill.confidentiality import Confidentiality
from sijill.errors import PermissionDenied
from sijill.intake.mappings import BUILTIN, RETIRED
from sijill.intake.models import Mapping, RunStatus
from sijill.intake.selectors import run_issues
from sijill.intake.services import ImportProblem, import_execute, import_prepare, reason_text

LEVELS = {label.lower(): value for value, label in Confidentiality.choices}


class Command(BaseCommand):
    help = "Import records from a CSV/TSV, XLSX or JSON Lines file (or a KoboToolbox/ODK export) with a mapping."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the file to import")
        parser.add_argument("--mapping", help="built-in or saved mapping name (see --list-mappings)")
        parser.add_argument("--list-mappings", action="store_true", help="list every mapping and stop")
        parser.add_argument("--dry-run", action="store_true", help="report every problem, write nothing")
        parser.add_argument("--on-error", choices=["stop", "skip"], default="skip",
                            help="stop at the first bad row, or import the good rows and set the bad aside (default)")
        parser.add_argument("--user", help="the account the import is made as (needs the 'create' permission)")
        parser.add_argument("--confidentiality", choices=list(LEVELS), default="internal",
                            help="confidentiality of the imported records (default internal)")
        parser.add_argument("--batch-size", type=int, default=2000, help="rows per committed batch")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--private-key", help="PEM private key of an encrypted ODK form: FILE is then the folder "
                                                  "of encrypted submissions (submission.xml + submission.xml.enc), "
                                                  "decrypted before the import; passphrase from SIJILL_KEY_PASSPHRASE")

    def handle(self, *args, **options):
        if options["list_mappings"]:
            for mapping in BUILTIN.values():
                self.stdout.write(f"{mapping.name:26} {mapping.target:9} {mapping.description}")
            for saved in Mapping.objects.all():
                self.stdout.write(f"{saved.name:26} {saved.target:9} saved mapping for {saved.source_name}")
            for name in RETIRED:
                self.stdout.write(f"{name:26} {'retired':9} Sijill CSV exports: use sijill import_sijill_csv FILE")
            return
        if not options["file"] or not options["mapping"]:
            raise CommandError("give a FILE and --mapping NAME (or --list-mappings)")
        user = self._user(options["user"])
        if options["private_key"]:
            options["file"] = self._decrypt(options["file"], options["private_key"])
        try:
            run = import_prepare(
                user=user, path=options["file"], mapping_name=options["mapping"], dry_run=options["dry_run"],
                on_error=options["on_error"], confidentiality=LEVELS[options["confidentiality"]],
                batch_size=max(1, options["batch_size"]),
            )
        except (ImportProblem, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        if run.last_row:
            self.stdout.write(f"Resuming import #{run.pk} after row {run.last_row}.")
        bar = None
        if not options["no_progress"]:
            from tqdm import tqdm

            bar = tqdm(total=run.rows_total, initial=run.rows_done, unit="row", unit_scale=True,
                       desc="dry run" if run.dry_run else "import", file=sys.stderr, dynamic_ncols=True)
        try:
            run = import_execute(run_id=run.pk, progress=bar.update if bar else None)
        except KeyboardInterrupt:
            if bar:
                bar.close()
            self.stderr.write(f"Interrupted. Everything up to the last committed batch is saved; run the same "
                              f"command again to resume import #{run.pk}.")
            sys.exit(130)
        finally:
            if bar:
                bar.close()
        self._report(run)

    def _decrypt(self, source: str, key_path: str) -> str:
        import hashlib
        import os
        from pathlib import Path

        from sijill.intake.odk import DecryptionProblem, export_decrypt, private_key_load
        from sijill.intake.services import import_dir

        passphrase = os.environ.get("SIJILL_KEY_PASSPHRASE")
        # The same folder decrypts to the same place, so an interrupted import resumes.
        out = import_dir() / "decrypted" / hashlib.sha256(str(Path(source).resolve()).encode()).hexdigest()[:16]
        try:
            key = private_key_load(key_path, passphrase.encode() if passphrase else None)
            path, count = export_decrypt(source, key, out)
        except DecryptionProblem as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Decrypted {count} submissions into {out}.")
        return str(path)

    def _user(self, username):
        model = get_user_model()
        if username:
            user = model.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {username!r}")
            return user
        candidates = list(model.objects.filter(is_active=True, role__in=["admin", "coordinator", "analyst",
                                                                          "documenter"])[:2])
        if len(candidates) != 1:
            raise CommandError("give --user USERNAME: the account the import is recorded under")
        return candidates[0]

    def _report(self, run):
        verb = "would be" if run.dry_run else "were"
        self.stdout.write(
            f"Import #{run.pk} {run.get_status_display()}: {run.rows_done} rows read; {run.created} records {verb} "
            f"created, {run.updated} updated, {run.unchanged} unchanged, {run.rejected} rows rejected."
        )
        if run.message:
            self.stderr.write(run.message)
        for rejection in run.rejections.order_by("row_number")[:20]:
            for reason in rejection.reasons:
                self.stdout.write("  " + reason_text(rejection.row_number, reason))
        if run.rejected > 20:
            self.stdout.write(f"  ... and {run.rejected - 20} more rejected rows")
        if run.rejects_path:
            self.stdout.write(f"Rejected rows with their reasons: {run.rejects_path} (correct and import it again)")
        issues = list(run_issues(run=run)[:30])
        if issues:
            self.stdout.write("Values left for review (not guessed):")
            for issue in issues:
                hint = f" candidates: {'; '.join(issue.candidates)}" if issue.candidates else ""
                self.stdout.write(f"  {issue.get_kind_display()}: {issue.column}={issue.value!r} x{issue.count} "
                                  f"(first at row {issue.first_row}){hint}")
        if run.status in (RunStatus.FAILED, RunStatus.STOPPED):
            sys.exit(1)
