"""`sijill release -o DIR`: the next versioned public dataset release (redacted, with checksums)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sijill.exports.releases import release_create


class Command(BaseCommand):
    help = ("Write the next public dataset release under DIR: published incidents (CSV, JSON, GeoJSON), a "
            "bilingual data dictionary, a README with the redaction rules and SHA256SUMS.")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="the directory that holds the releases")
        parser.add_argument("--user", help="the account the release is recorded under")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {options['user']!r}")
        try:
            release = release_create(user=user, directory=options["output"])
        except (FileExistsError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Release {release.number}: {release.incident_count} published incidents in "
                          f"{release.directory} (check with: cd {release.directory} && sha256sum -c SHA256SUMS)")
