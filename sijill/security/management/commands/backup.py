"""`sijill backup -o FILE|DIR [--keep N]`: database, evidence and wrapped keys in one encrypted file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sijill.security import backup
from sijill.security.management.commands.keys import ask_passphrase


class Command(BaseCommand):
    help = ("Write an encrypted backup (database, evidence store, keys wrapped by the passphrase). "
            "Passphrase from SIJILL_BACKUP_PASSPHRASE or asked at the prompt.")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True,
                            help="the backup file, or a folder to write a dated backup into")
        parser.add_argument("--keep", type=int, default=0,
                            help="after writing, keep only the newest N backups in that folder")

    def handle(self, *args, output, keep, **options):
        target = Path(output)
        if target.is_dir():
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            target = target / f"sijill-{stamp}{backup.SUFFIX}"
        if not target.parent.exists():
            raise CommandError(f"Folder {target.parent} does not exist.")
        passphrase = ask_passphrase("SIJILL_BACKUP_PASSPHRASE", confirm=True, prompt="Backup passphrase: ")
        try:
            report = backup.backup_create(target, passphrase=passphrase)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        records = sum(report.counts.values())
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {target}: {records} rows in {len(report.counts)} tables, "
            f"{report.evidence_files} evidence file(s), {target.stat().st_size} bytes."))
        if keep:
            removed = backup.prune(target.parent, keep)
            self.stdout.write(f"Kept the newest {keep} backup(s); removed {len(removed)}.")
