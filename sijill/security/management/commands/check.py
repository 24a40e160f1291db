"""`sijill check`: Django's system checks, then the deployment mistakes that endanger records.

This app command replaces Django's `check` (same options, same system checks) and adds the
findings of sijill.security.deployment. Exit status 1 when any error is found.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.core.management.commands.check import Command as DjangoCheck

from sijill.security.deployment import ERROR, deployment_findings


class Command(DjangoCheck):
    help = ("Run Django's system checks and report deployment mistakes: DEBUG on, weak secret, no recent "
            "backup, key or database files readable by others, no TLS, admins without two-factor.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--system-only", action="store_true", help="only Django's system checks")
        parser.add_argument("--max-backup-age", type=float, default=None,
                            help="hours after which the last backup counts as too old (default 48, "
                                 "or SIJILL_BACKUP_MAX_AGE_HOURS)")

    def handle(self, *app_labels, **options):
        super().handle(*app_labels, **options)
        if options["system_only"] or options.get("list_tags"):
            return
        findings = deployment_findings(max_backup_age_hours=options["max_backup_age"])
        errors = [f for f in findings if f.level == ERROR]
        for finding in findings:
            style = self.style.ERROR if finding.level == ERROR else self.style.WARNING
            self.stdout.write(style(str(finding)))
        if errors:
            raise CommandError(f"{len(errors)} deployment error(s) found; fix them before real use.", returncode=1)
        self.stdout.write(self.style.SUCCESS(
            f"Deployment checks passed ({len(findings)} warning(s))."))
