"""`sijill case_export CASE --user NAME [--format json|html] [-o FILE]`: write a case file as that
user may see it (their clearance limits the acts, sources and witnesses in it)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Export a case file (JSON or standalone HTML) as seen by a user."

    def add_arguments(self, parser):
        parser.add_argument("case", type=int)
        parser.add_argument("--user", required=True, help="whose clearance limits the file")
        parser.add_argument("--format", choices=["json", "html"], default="json")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, case, user, format, output, **options):
        from sijill.accounts.models import User
        from sijill.audit.services import audit_record
        from sijill.errors import NotFound
        from sijill.review.cases import case_build, case_file_html, case_file_json

        account = User.objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"No active user {user!r}.")
        try:
            case_file = case_build(user=account, case_id=case)
        except NotFound as exc:
            raise CommandError(str(exc)) from exc
        text = (json.dumps(case_file_json(case_file), ensure_ascii=False, indent=2) if format == "json"
                else case_file_html(case_file))
        audit_record(user=account, action="export", record_type="case", record_id=case, changes={"format": format})
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(f"Case file written to {output}.")
        else:
            sys.stdout.write(text)
