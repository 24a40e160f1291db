"""`sijill keys rotate|backup|recover|status`: the field-encryption keys kept outside the database."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sijill.security import crypto, keys


def ask_passphrase(env: str, *, confirm: bool, prompt: str = "Passphrase: ") -> str:
    """The passphrase from *env* (scheduled runs) or asked at the terminal, never as an argument
    (arguments show in `ps` and shell history)."""
    given = os.environ.get(env)
    if given:
        return given
    try:
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Again: ") != first:
            raise CommandError("The two passphrases differ; nothing was written.")
    except EOFError:
        raise CommandError(f"No terminal to ask for the passphrase; set {env}.") from None
    return first


class Command(BaseCommand):
    help = "Field-encryption keys: rotate them, back them up (passphrase and/or trustees), recover them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="where the keys are and which is current")
        rotate = sub.add_parser("rotate", help="new key; re-encrypt every encrypted field (resumable)")
        rotate.add_argument("--batch", type=int, default=500)
        backup = sub.add_parser("backup", help="write the keys wrapped by a passphrase and/or for trustees")
        backup.add_argument("-o", "--output", required=True)
        backup.add_argument("--no-passphrase", action="store_true", help="trustee shares only")
        backup.add_argument("--trustees", type=int, default=0, help="split among this many trustees")
        backup.add_argument("--threshold", type=int, default=0, help="shares needed to recover (k of n)")
        backup.add_argument("--shares-dir", help="write each share to its own 0600 file here")
        recover = sub.add_parser("recover", help="put the keys back from a key backup")
        recover.add_argument("file")
        recover.add_argument("--share", action="append", default=[], help="a trustee share (repeat)")
        recover.add_argument("--shares-file", help="a file with one share per line")
        recover.add_argument("--force", action="store_true", help="replace keys already present")

    def handle(self, *args, action, **options):
        try:
            return getattr(self, f"_{action}")(**options)
        except (keys.RecoveryFailed, crypto.KeyUnavailable, crypto.DecryptionFailed, ValueError) as exc:
            raise CommandError(str(exc)) from None

    def _status(self, **options):
        ring = crypto.keyring()
        self.stdout.write(f"keys folder: {ring['dir']}\ncurrent key: {ring['current']}\n"
                          f"keys held: {', '.join(sorted(ring['keys']))}")

    def _rotate(self, *, batch, **options):
        def progress(label, field, done):
            if options.get("verbosity", 1) > 1:
                self.stdout.write(f"  {label}.{field}: {done} re-sealed so far")

        report = keys.rotate(batch=batch, progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"Current key is now {report.key_id}; {report.resealed} value(s) re-encrypted; "
            f"retired key(s): {', '.join(report.retired) or 'none'}."))
        self.stdout.write("Make a new key backup now (`sijill keys backup`): older backups hold the old keys.")

    def _backup(self, *, output, no_passphrase, trustees, threshold, shares_dir, **options):
        if trustees and not 1 <= threshold <= trustees:
            raise CommandError("With --trustees N give --threshold K, 1 <= K <= N (e.g. 3 of 5).")
        passphrase = None if no_passphrase else ask_passphrase("SIJILL_KEYS_PASSPHRASE", confirm=True)
        document, shares = keys.key_backup_document(passphrase=passphrase, threshold=threshold, trustees=trustees)
        path = Path(output)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(document, fh, indent=1)
        self.stdout.write(self.style.SUCCESS(f"Key backup written to {path}."))
        if shares:
            self.stdout.write(f"{len(shares)} trustee shares; any {threshold} recover the keys together "
                              f"with {path.name}. Give each to a different trustee:")
            for share in shares:
                if shares_dir:
                    folder = Path(shares_dir)
                    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                    target = folder / f"share-{share.number}.txt"
                    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                    with os.fdopen(fd, "w") as fh:
                        fh.write(str(share) + "\n")
                    self.stdout.write(f"  share {share.number}: {target}")
                else:
                    self.stdout.write(f"  {share}")

    def _recover(self, *, file, share, shares_file, force, **options):
        document = json.loads(Path(file).read_text())
        texts = list(share)
        if shares_file:
            texts += [line for line in Path(shares_file).read_text().splitlines() if line.strip()]
        shares = [keys.Share.parse(t) for t in texts]
        passphrase = None if shares else ask_passphrase("SIJILL_KEYS_PASSPHRASE", confirm=False)
        bundle = keys.key_backup_open(document, passphrase=passphrase, shares=shares)
        folder = keys.bundle_write(bundle, force=force)
        self.stdout.write(self.style.SUCCESS(
            f"Keys recovered into {folder}: {len(bundle['keys'])} field key(s), current {bundle['current']}."))
