"""`sijill audit verify`: check that the hash-chained audit log is intact."""

from django.core.management.base import BaseCommand, CommandError

from sijill.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit log operations. `verify` re-computes the hash chain and names the first broken event."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="exit 0 when the chain is intact, 1 naming the first broken event")

    def handle(self, *args, action, **options):
        if action == "verify":
            checked, broken = audit_verify()
            if broken:
                raise CommandError(f"Audit chain broken at {broken} ({checked} events before it are intact).", returncode=1)
            self.stdout.write(f"Audit chain intact: {checked} events verified.")
