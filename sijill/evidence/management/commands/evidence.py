"""`sijill evidence add|verify|package|verify-package|timestamp|key`: the evidence vault from the shell."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sijill.errors import NotFound, PermissionDenied


def _user(name: str | None):
    name = name or os.environ.get("SIJILL_USER")
    if not name:
        raise CommandError("Say who is acting: --user NAME (or set SIJILL_USER).")
    user = get_user_model().objects.filter(username=name, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {name!r}.")
    return user


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
        return " ".join(exc.messages)
    return str(exc)


class Command(BaseCommand):
    help = "Evidence vault: add files, verify originals and custody chains, build and check packages."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="stream files into the vault")
        add.add_argument("paths", nargs="+")
        add.add_argument("--incident", type=int, action="append", default=[])
        add.add_argument("--source", type=int)
        add.add_argument("--method", default="drive", help="device, url, messenger, drive, other")
        add.add_argument("--url", default="", help="the URL the file was downloaded from")
        add.add_argument("--collector", default="", help="who collected it, when not the user")
        add.add_argument("--confidentiality", type=int)
        add.add_argument("--user")
        verify = sub.add_parser("verify", help="re-hash every original and check every custody chain")
        verify.add_argument("--record", action="store_true", help="append a `verified` event to each intact item")
        verify.add_argument("--user")
        package = sub.add_parser("package", help="write an evidence package (ZIP) for a partner")
        package.add_argument("-o", "--output", required=True)
        package.add_argument("--incident", type=int)
        package.add_argument("--items", help="comma-separated evidence ids")
        package.add_argument("--actor", help="actor slug or id (through its incidents)")
        package.add_argument("--no-pdf", action="store_true")
        package.add_argument("--user")
        check = sub.add_parser("verify-package", help="check a package; needs no database")
        check.add_argument("package")
        check.add_argument("--key", default="", help="fingerprint of the key the package must be signed by")
        sub.add_parser("key", help="print the fingerprint of the organisation's package-signing key")
        stamp = sub.add_parser("timestamp", help="request trusted timestamps for every pending item")
        stamp.add_argument("--url", help="time-stamping authority (default SIJILL_TSA_URL)")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "do_" + action.replace("-", "_"))(**options)
        except (ValidationError, NotFound, PermissionDenied) as exc:
            raise CommandError(_message(exc)) from None

    def do_add(self, *, paths, incident, source, method, url, collector, confidentiality, user, **_):
        from sijill.evidence.services import check_upload_size, evidence_add

        actor = _user(user)
        failed = 0
        for path in paths:
            try:
                check_upload_size(filename=Path(path).name, size=os.stat(path).st_size)
                with open(path, "rb") as fh:
                    added = evidence_add(
                        user=actor, stream=fh, filename=Path(path).name, incidents=incident, source=source,
                        method=method, original_url=url, collector=collector, confidentiality=confidentiality,
                        channel="cli",
                    )
            except (OSError, ValidationError) as exc:
                failed += 1
                self.stderr.write(f"{path}: {_message(exc)}")
                continue
            self.stdout.write(f"evidence #{added.item.pk} {added.item.sha256} {path}")
            for message in added.messages:
                self.stdout.write(f"  {message}")
        if failed:
            raise CommandError(f"{failed} of {len(paths)} file(s) were not added; nothing of them was stored.")

    def do_verify(self, *, record, user, **_):
        from sijill.evidence.services import evidence_verify

        checked, problems = evidence_verify(record_user=_user(user) if record else None)
        for problem in problems:
            self.stderr.write(f"FAIL {problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {checked} evidence item(s).", returncode=1)
        self.stdout.write(f"Evidence intact: {checked} item(s), every original re-hashed and every custody chain verified.")

    def do_package(self, *, output, incident, items, actor, no_pdf, user, **_):
        from sijill.evidence.packages import PackageError, package_build

        ids = [int(x) for x in items.split(",") if x.strip()] if items else None
        if sum(x is not None for x in (incident, ids, actor)) != 1:
            raise CommandError("Choose exactly one of --incident, --items or --actor.")
        try:
            manifest = package_build(user=_user(user), out=output, incident_id=incident, item_ids=ids, actor=actor, pdf=not no_pdf)
        except PackageError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Wrote {output}: {len(manifest['items'])} item(s), package {manifest['package']}.")
        self.stdout.write(f"Signed with the organisation's key, fingerprint {manifest['signature']['key_sha256']}")

    def do_key(self, **_):
        from sijill.evidence.signing import fingerprint

        self.stdout.write(f"Package-signing key (Ed25519), SHA-256 fingerprint: {fingerprint()}")

    def do_verify_package(self, *, package, key, **_):
        from sijill.evidence.package_verify import check_package

        report = check_package(package, key)
        if report.key:
            self.stdout.write(f"Signed by the key with SHA-256 fingerprint {report.key}")
        for uid, status, detail in report.timestamps:
            self.stdout.write(f"timestamp of item {uid}: {status} ({detail})")
        for problem in report.problems:
            self.stderr.write(f"FAIL {problem}")
        if report.problems:
            raise CommandError(f"Package NOT intact: {len(report.problems)} problem(s).", returncode=1)
        self.stdout.write(f"Package intact: {report.checked} item(s), every file, hash, custody chain and timestamp token verified.")

    def do_timestamp(self, *, url, **_):
        from django.conf import settings

        from sijill.evidence.services import timestamps_retry

        if not (url or settings.SIJILL_TSA_URL):
            raise CommandError("No time-stamping authority: set SIJILL_TSA_URL or pass --url.")
        if url:
            settings.SIJILL_TSA_URL = url
        granted, pending = timestamps_retry()
        self.stdout.write(f"Timestamps granted: {granted}; still pending: {pending}.")
        if pending:
            sys.exit(1)
