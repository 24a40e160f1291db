"""`sijill restore FILE [--force]`: put a backup back into the current SIJILL_HOME and check it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sijill.security import backup
from sijill.security.management.commands.keys import ask_passphrase


class Command(BaseCommand):
    help = ("Restore a backup into the current SIJILL_HOME (refused over existing data unless --force), "
            "verify every entry by its hash, compare record counts, and check the audit chain and evidence.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help="replace the data already here")

    def handle(self, *args, file, force, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No backup file {path}.")
        passphrase = ask_passphrase("SIJILL_BACKUP_PASSPHRASE", confirm=False, prompt="Backup passphrase: ")
        try:
            report = backup.backup_restore(path, passphrase=passphrase, force=force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        from sijill.audit.services import audit_verify
        from sijill.evidence.services import evidence_verify

        if report.mismatched:
            raise CommandError("Record counts differ from the backup for: " + ", ".join(report.mismatched))
        events, broken = audit_verify()
        checked, problems = evidence_verify()
        if broken or problems:
            raise CommandError(f"Restored, but verification failed: {broken or problems[0]}")
        self.stdout.write(self.style.SUCCESS(
            f"Restored {path}: {sum(report.counts.values())} rows (counts identical to the backup), "
            f"{report.evidence_files} evidence file(s) with matching hashes; audit chain intact ({events} events); "
            f"{checked} evidence item(s) verified."))
